"""kg.ingest on saved HTML pages built like real news sites (tests/data/html/): which
sentences are kept, which page parts are dropped, and the metadata read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import article_id, read_inputs, read_text
from kg.model import Article
from kg.options import BuildOptions

PAGES = Path(__file__).resolve().parent / "data" / "html"
OPTIONS = BuildOptions()


def read_page(path: Path) -> Article | InputError:
    (result,) = read_inputs([str(path)], OPTIONS)
    return result


def test_json_ld_news_article() -> None:
    article = read_page(PAGES / "jsonld_finland_nato.html")
    assert isinstance(article, Article)
    canonical = "https://news.example.com/world/2023/04/04/finland-joins-nato"
    assert article.title == "Finland becomes NATO's 31st member as flag is raised in Brussels"
    assert article.source == "Harbour Line News"
    assert article.published == dt.date(2023, 4, 4)  # datePublished, not dateModified
    assert article.url == canonical and article.id == article_id(canonical, "")
    assert article.author == "Maija Lindqvist"
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("BRUSSELS — Finland formally joined the North Atlantic Treaty Organization")
    for kept in (
        "Pekka Haavisto handed the instrument of accession to Secretary of State Antony Blinken",
        "attended by President Sauli Niinistö and Secretary General Jens Stoltenberg.",
        "Dmitry Peskov, the Kremlin spokesman, said Russia would watch closely",
        "still waiting for approval from Ankara and Budapest.",
    ):
        assert kept in article.text
    for dropped in (
        "Finland becomes NATO's 31st member",  # the headline is the title, not text
        "We use cookies",
        "Subscribe for 1 dollar",
        "Search Harbour",
        "Refinance your home",
        "Advertisement",
        "premium newsletter",
        "Read more",
        "How Sweden's application stalled",
        "Home",
        "Maija Lindqvist",
        "Share on",
        "Tagged",
        "Related stories",
        "Turkish lawmakers back",
        "Hungary votes",
        "Comments",
        "About time",
        "border regions",
        "Join the discussion",
        "Privacy policy",
        "All rights reserved",
    ):
        assert dropped not in article.text, dropped


def test_opengraph_and_meta_tags_only() -> None:
    article = read_page(PAGES / "opengraph_xi_moscow.html")
    assert isinstance(article, Article)
    assert article.title == "Xi arrives in Moscow for three days of talks with Putin"
    assert article.source == "The Steppe Courier"
    assert article.published == dt.date(2023, 3, 20)
    assert article.url == "https://steppe-courier.example.net/en/news/xi-arrives-in-moscow"
    assert article.author == "Daniyar Seitkali"
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0] == (
        "Chinese President Xi Jinping arrived in Moscow on Monday for a state visit, his "
        "first trip abroad since securing a third term as head of state earlier this month."
    )
    assert paragraphs[-1].startswith("The Kremlin said the two leaders would sign a joint statement")
    for dropped in (
        "Your privacy matters",
        "312 partners",
        "Log in",
        "Weather",
        "20.03.2023",
        "views",
        "Sponsored",
        "Book cheap flights",
        "Share",
        "Telegram",
        "More news",
        "record grain exports",
        "Discussion",
        "mark my words",
        "Most read",
        "Snow closes",
        "ADVERTISEMENT",
        "Reproduction of materials",
        "Advertise with us",
    ):
        assert dropped not in article.text, dropped


def test_page_with_no_article_text() -> None:
    error = read_page(PAGES / "no_article_section_front.html")
    assert isinstance(error, InputError)
    assert str(error) == f"{PAGES / 'no_article_section_front.html'}: no article text found"


def test_declared_charset_is_honoured(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>Talks in Genève</title></head><body><article>'
        "<p>Joe Biden and Vladimir Putin met at Villa La Grange in Genève on Wednesday for their first "
        "summit, which both called “constructive”.</p></article></body></html>"
    )
    path = tmp_path / "cp1252.html"
    path.write_bytes(page.encode("cp1252"))
    article = read_page(path)
    assert isinstance(article, Article)
    assert "Villa La Grange in Genève" in article.text and "“constructive”" in article.text
    assert article.title == "Talks in Genève"


def test_host_name_is_not_taken_for_the_outlet() -> None:
    page = (
        '<html><head><link rel="canonical" href="https://www.example.net/a/b"></head><body><article>'
        "<p>Recep Tayyip Erdoğan met Vladimir Putin in Sochi on Monday for talks on the grain corridor.</p>"
        "</article></body></html>"
    )
    assert read_text(page, "t.html", OPTIONS).source is None
    assert read_text(page, "t.html", BuildOptions(source="Example Wire")).source == "Example Wire"
    assert read_text(page, "t", OPTIONS, fmt="auto").url == "https://www.example.net/a/b"


@pytest.mark.parametrize("page", ["", "<html></html>", "<html><body><<<>>>&&&</body></html>"])
def test_degenerate_html(page: str) -> None:
    with pytest.raises(InputError):
        read_text(page, "t.html", OPTIONS, fmt="html")
