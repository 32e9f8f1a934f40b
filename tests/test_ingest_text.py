"""kg.ingest on text: the seed scrapes, the dev articles, cleaning rules, front matter,
sidecars, --published/--source, article ids."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import article_id, read_inputs, read_text
from kg.ingest.frontmatter import Metadata
from kg.model import Article
from kg.options import BuildOptions

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_000 = SEEDS / "000_3c56d13821ab7143.txt"
SEED_001 = SEEDS / "001_273a97f05537f580.txt"
DEV = ROOT / "dev" / "articles"
OPTIONS = BuildOptions()


def read_one(path: Path | str, options: BuildOptions = OPTIONS) -> Article:
    (result,) = read_inputs([str(path)], options)
    assert isinstance(result, Article), result
    return result


def gold_fragments(gold_path: Path) -> list[str]:
    """The evidence fragments of a gold file (" ... " and "; " separate fragments)."""
    fragments = []
    for event in json.loads(gold_path.read_text(encoding="utf-8"))["events"]:
        for part in re.split(r"\s*(?:\.\.\.|;)\s*", event.get("evidence") or ""):
            if part.strip(' "'):
                fragments.append(part.strip(' "'))
    return fragments


def straight_quotes(text: str) -> str:
    return text.translate(str.maketrans("‘’“”", "''\"\""))


# --- the seed scrapes -------------------------------------------------------------------


def test_seed_000_furniture_is_dropped_and_metadata_read() -> None:
    article = read_one(SEED_000)
    assert article.origin == str(SEED_000)
    assert article.title == "Kim Reaffirms North Korea’s “Fraternal Duty” to Support Russia"
    assert article.author == "Staff, Agencies"
    assert article.published == dt.date(2025, 9, 3)  # from the sidecar: the text has no date
    assert article.source is None  # nothing names the outlet, and none is invented
    assert article.text.startswith("North Korean leader Kim Jong-un pledged his country’s commitment")
    assert article.text.endswith("during the Second World War.")
    for furniture in (
        "Please Wait",
        "Ashoura",
        "folder_open",
        "Koreas",
        "access_time",
        "hours ago",
        "favorites",
        "By Staff",
        "Comments",
        "\xa0",
        "Fraternal Duty”",
    ):
        assert furniture not in article.text
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 10 and all(p.strip() == p and p for p in paragraphs)


def test_seed_001_header_lines_are_metadata_and_the_standfirst_stays() -> None:
    article = read_one(SEED_001)
    assert article.published == dt.date(2025, 9, 3)
    assert article.author == "RT"
    assert article.source == "RT"  # an "Author:" header names the outlet when nothing else does
    title = "Pyongyang previously deployed troops to assist in repelling a Ukrainian incursion into Kursk Region"
    assert article.title == title
    assert article.text.startswith(title + "\n\nNorth Koreans view Russians")  # a standfirst: kept
    assert "Published:" not in article.text and "Author:" not in article.text
    assert len(article.text.split("\n\n")) == 9  # every line after the two headers


@pytest.mark.parametrize("seed", [SEED_000, SEED_001], ids=lambda p: p.stem[:3])
def test_seed_gold_evidence_survives_cleaning(seed: Path) -> None:
    text = straight_quotes(read_one(seed).text)
    for fragment in gold_fragments(seed.with_suffix(".gold.json")):
        assert fragment in text


def test_seed_000_without_its_sidecar_has_no_date_until_published_is_given(tmp_path: Path) -> None:
    copy = tmp_path / SEED_000.name
    shutil.copy(SEED_000, copy)
    assert read_one(copy).published is None
    given = BuildOptions(published=dt.date(2025, 9, 4), source="Example Wire")
    article = read_one(copy, given)
    assert (article.published, article.source) == (dt.date(2025, 9, 4), "Example Wire")


def test_options_never_override_what_the_input_says() -> None:
    given = BuildOptions(published=dt.date(2000, 1, 1), source="Example Wire")
    seed = read_one(SEED_001, given)
    assert seed.published == dt.date(2025, 9, 3)
    # the user's --source beats the outlet guessed from an "Author:" line
    assert (seed.source, seed.author) == ("Example Wire", "RT")
    dev = read_one(DEV / "d03_new_start_prague.txt", given)
    assert (dev.published, dev.source) == (dt.date(2010, 4, 8), "Transatlantic Press Agency")


def test_sidecar_fills_gaps_but_the_file_wins(tmp_path: Path) -> None:
    raw = tmp_path / "scrape.txt"
    raw.write_text(SEED_001.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "scrape.meta.yaml").write_text(
        "title: Kim tells Putin helping Russia is a fraternal duty\n"
        "published: 2020-01-01\nsource: RT International\nurl: https://example.org/rt/kim-putin\n",
        encoding="utf-8",
    )
    article = read_one(raw)
    assert article.published == dt.date(2025, 9, 3)  # the file's "Published:" line wins
    assert article.title == "Kim tells Putin helping Russia is a fraternal duty"
    assert article.source == "RT International"  # a stated source beats the Author-line guess
    assert article.url == "https://example.org/rt/kim-putin"
    assert article.id == article_id("https://example.org/rt/kim-putin", "")


def test_broken_sidecar_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Kim Jong-un met Vladimir Putin in Beijing on Wednesday.", encoding="utf-8")
    (tmp_path / "a.meta.yaml").write_text("published: [2025-09-03\n", encoding="utf-8")
    (result,) = read_inputs([str(tmp_path / "a.txt")], OPTIONS)
    assert isinstance(result, InputError)
    assert result.origin == str(tmp_path / "a.meta.yaml") and "broken YAML" in result.reason


# --- the dev articles -------------------------------------------------------------------

NOISE = re.compile(r"^(?:Read more:|Advertisement$|PHOTO:|Read the original article|©|Tagged:)", re.M)
PHOTO = re.compile(r"^PHOTO: (?P<caption>.*?)(?: \([^()]*\))?$")  # the label and the credit go


def test_dev_noise_lines_are_dropped_captions_follow_and_every_body_paragraph_kept() -> None:
    for path in sorted(DEV.glob("*.txt")):
        article = read_one(path)
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
        story = [p for p in paragraphs if not NOISE.match(p)]
        captions = [m["caption"] for p in paragraphs if (m := PHOTO.match(p))]
        assert article.text.split("\n\n") == story + captions, path.name
        assert [article.text[start:end] for start, end in article.asides] == captions
        assert not NOISE.search(article.text) and "(BMP/Staff)" not in article.text
        for fragment in gold_fragments(path.with_suffix(".gold.json")):
            assert fragment in article.text[: len("\n\n".join(story))], (path.name, fragment)


def test_dev_noise_counts_match_the_readme() -> None:
    dropped = {}
    for path in sorted(DEV.glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        dropped[path.stem[:3]] = len(NOISE.findall(body))
    assert {k: v for k, v in dropped.items() if v} == {"d02": 1, "d04": 1, "d08": 3, "d11": 3, "d14": 2}


# --- cleaning rules on pages other than the seeds ---------------------------------------

SCRAPE = """Loading...
Menu
World
Europe
Summit Ends Without Deal on Border Dispute
bookmark_borderSave visibility1,204 views
schedule5 min read
Monday, 11 March 2024, 09:30 GMT
By Anna Berg and Tomas Lind
Updated 3 hours ago

Armenian and Azerbaijani leaders ended two days of talks in Brussels on Sunday without agreeing on where their border should run.
European Council President Charles Michel, who hosted the meeting, said the two sides had made progress on a peace treaty but that
differences remained over transport links.
Advertisement
READ MORE: Five things to know about the border dispute
"We will meet again in May," Michel said.
Photo: The leaders at the Europa building. (EU Pool/Reuters)
Related
Three soldiers killed in border clash
Leaders to meet again in May
Comments (12)
Share
"""


def test_furniture_rules_are_general() -> None:
    article = read_text(SCRAPE, "scrape.txt", OPTIONS)
    assert article.title == "Summit Ends Without Deal on Border Dispute"
    assert article.published == dt.date(2024, 3, 11)  # a lone date line
    assert article.author == "Anna Berg and Tomas Lind"
    assert article.text.split("\n\n") == [
        (
            "Armenian and Azerbaijani leaders ended two days of talks in Brussels on Sunday without "
            "agreeing on where their border should run."
        ),
        (
            "European Council President Charles Michel, who hosted the meeting, said the two sides had "
            "made progress on a peace treaty but that differences remained over transport links."
        ),  # unwrapped
        '"We will meet again in May," Michel said.',
        "The leaders at the Europa building.",  # the caption, without its credit: an aside
    ]
    assert [article.text[start:end] for start, end in article.asides] == ["The leaders at the Europa building."]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Published: September 3, 2025 10:16 am", dt.date(2025, 9, 3)),
        ("Date: 2025-09-03T10:16:00+03:00", dt.date(2025, 9, 3)),
        ("Updated: Wed, 3 Sept 2025", dt.date(2025, 9, 3)),
        ("Posted: 03.09.2025 10:16", dt.date(2025, 9, 3)),
        ("Published: sometime", None),
    ],
)
def test_header_dates(header: str, expected: dt.date | None) -> None:
    text = f"{header}\nSource: Example Wire\nKim Jong-un met Vladimir Putin in Beijing on Wednesday."
    article = read_text(text, "t.txt", OPTIONS)
    assert (article.published, article.source) == (expected, "Example Wire")
    assert article.text == "Kim Jong-un met Vladimir Putin in Beijing on Wednesday."


def test_icon_ligatures_and_date_lines() -> None:
    text = (
        "Published on 3 March 2024\nfolder_openWorld\nemailKim Jong-un met Vladimir Putin in Beijing on "
        "Wednesday for talks.\nKim wrote to @kcna_watch and posted on example.org/news_room about the "
        "deal.\nshare_alt 12"
    )
    article = read_text(text, "icons.txt", OPTIONS)
    assert article.published == dt.date(2024, 3, 3) and article.title is None
    assert article.text == (
        "Kim Jong-un met Vladimir Putin in Beijing on Wednesday for talks.\n\n"
        "Kim wrote to @kcna_watch and posted on example.org/news_room about the deal."
    )


def test_a_body_sentence_that_looks_like_a_byline_or_timestamp_is_kept() -> None:
    text = (
        "Kim Jong-un met Vladimir Putin in Beijing on Wednesday.\n\nBy April 2025, Russia said "
        "its forces had expelled the Ukrainian troops.\n\nThe talks ended two hours ago."
    )
    assert read_text(text, "t.txt", OPTIONS).text == text


def test_hard_wrapped_text_is_unwrapped() -> None:
    text = (
        "Kim Arrives in Russia by Train\n\n"
        "Kim Jong-un arrived in Vladivostok on Wednesday aboard his armoured train and\n"
        "President Vladimir Putin received him the next day on Russky Island, the\n"
        "Kremlin said.\n\n"
        "The two leaders spoke alone for about two hours before their delegations\n"
        "joined them.\n"
    )
    article = read_text(text, "wrapped.txt", OPTIONS)
    assert article.title == "Kim Arrives in Russia by Train"
    assert article.text == (
        "Kim Jong-un arrived in Vladivostok on Wednesday aboard his armoured train and President Vladimir "
        "Putin received him the next day on Russky Island, the Kremlin said.\n\n"
        "The two leaders spoke alone for about two hours before their delegations joined them."
    )


def test_markdown_markup_is_removed() -> None:
    text = (
        "# Kim Meets Putin in Beijing\n\n![Kim and Putin](kim.jpg)\n\n**Beijing** — Kim Jong-un "
        "met [Vladimir Putin](https://example.org/putin) on *Wednesday*.\n\n---\n\n> He called it a duty.\n"
    )
    article = read_text(text, "a.md", OPTIONS, fmt="md")
    assert article.title == "Kim Meets Putin in Beijing"
    assert article.text == "Beijing — Kim Jong-un met Vladimir Putin on Wednesday.\n\nHe called it a duty."


def test_text_with_no_sentence_has_no_article() -> None:
    with pytest.raises(InputError, match="no article text found"):
        read_text("Menu\nWorld\nSport\nComments", "menu.txt", OPTIONS)


@pytest.mark.parametrize("brief", ["Putin met Xi in Moscow.", "Putin met Xi.", "Iran fired missiles at Israel!"])
def test_a_text_of_one_short_sentence_is_an_article(brief: str) -> None:
    article = read_text(f"{brief}\n", "brief.txt", OPTIONS)
    assert article.text == brief


@pytest.mark.parametrize("text", ["Subscribe now.", "Menu.", "Kim Meets Putin", "Menu\nPutin met Xi."])
def test_a_short_line_is_no_brief_beside_others_or_without_a_sentence(text: str) -> None:
    with pytest.raises(InputError, match="no article text found"):
        read_text(text, "short.txt", OPTIONS)


def test_unknown_format_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        read_text("Kim met Putin.", "t", OPTIONS, fmt="pdf")


# --- front matter -----------------------------------------------------------------------

BODY = "Kim Jong-un met Vladimir Putin in Beijing on Wednesday, the Kremlin said."


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("title: ok\nsource: Wire: Extra\n", "broken YAML front matter at line 3: mapping values are not allowed here"),
        ("- a list\n- not a mapping\n", "front matter must be a YAML mapping of keys to values, not a list"),
        ("published: someday\n", "front matter 'published' is not a date: 'someday'"),
        ("title: [a, b]\n", "front matter 'title' must be text, not a list"),
        ("url: example.org/news\n", "front matter 'url' is not an http(s) URL: 'example.org/news'"),
        ("url: https://example.org:port/\n", "front matter 'url' is not an http(s) URL: 'https://example.org:port/'"),
    ],
)
def test_bad_front_matter(front: str, reason: str) -> None:
    with pytest.raises(InputError) as error:
        read_text(f"---\n{front}---\n{BODY}\n", "bad.md", OPTIONS)
    assert (error.value.origin, error.value.reason) == ("bad.md", reason)
    assert str(error.value) == f"bad.md: {reason}"


def test_unclosed_front_matter() -> None:
    with pytest.raises(InputError, match="no closing '---' line"):
        read_text(f"---\ntitle: Kim meets Putin\n{BODY}\n", "open.md", OPTIONS)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-09-03", dt.date(2025, 9, 3)),
        ("2025-09-03T23:30:00-05:00", dt.date(2025, 9, 3)),  # the date as written, not UTC's
        ("2025-09-03 10:16:00", dt.date(2025, 9, 3)),
        ("'2025-09-03'", dt.date(2025, 9, 3)),
        ("September 3, 2025", dt.date(2025, 9, 3)),
    ],
)
def test_published_forms(value: str, expected: dt.date) -> None:
    article = read_text(f"---\npublished: {value}\n---\n{BODY}\n", "a.md", OPTIONS)
    assert article.published == expected


def test_bom_and_only_front_matter() -> None:
    article = read_text(f"\ufeff---\ntitle: Kim meets Putin\n---\n{BODY}", "bom.md", OPTIONS)
    assert article.title == "Kim meets Putin" and article.text == BODY
    with pytest.raises(InputError, match="no article text found"):
        read_text("---\ntitle: Only metadata\n---\n\n", "empty.md", OPTIONS)


_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60)
_CLEAN_TEXT = _TEXT.map(lambda s: " ".join(s.split())).filter(bool)
_URLS = st.builds(
    "https://{}.example.org/{}".format,
    st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9/_.~-]{0,40}", fullmatch=True),
)
_METADATA = st.builds(
    Metadata,
    title=st.none() | _CLEAN_TEXT,
    source=st.none() | _CLEAN_TEXT,
    published=st.none() | st.dates(dt.date(1800, 1, 1), dt.date(2200, 12, 31)),
    url=st.none() | _URLS,
    author=st.none() | _CLEAN_TEXT,
)


@settings(max_examples=150, deadline=None)
@given(_METADATA)
def test_front_matter_round_trip(meta: Metadata) -> None:
    front = {k: v for k, v in dataclasses.asdict(meta).items() if v is not None}
    text = f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=False)}---\n{BODY}\n"
    article = read_text(text, "prop.md", OPTIONS)
    assert Metadata(article.title, article.source, article.published, article.url, article.author) == meta
    assert article.text == BODY


# --- ids --------------------------------------------------------------------------------


def test_id_from_the_canonical_url() -> None:
    url = "https://example.org/news/2025/09/03/kim-putin"
    same = [
        url,
        url + "/",
        url + "#comments",
        url + "?utm_source=twitter&utm_medium=social",
        "HTTPS://Example.ORG:443/news/2025/09/03/kim-putin/?utm_campaign=x#top",
    ]
    assert {article_id(u, "any text") for u in same} == {article_id(url, "other text")}
    assert re.fullmatch(r"[0-9a-f]{16}", article_id(url, ""))
    assert article_id(url + "?page=2", "") != article_id(url, "")
    assert article_id(url + "?page=2&utm_source=x", "") == article_id(url + "?page=2", "")
    assert article_id("http://example.org/news/2025/09/03/kim-putin", "") != article_id(url, "")
    assert article_id("https://example.org/", "") == article_id("https://example.org", "")


def test_id_from_the_text_when_there_is_no_url() -> None:
    assert article_id(None, BODY) == article_id(None, f"  {BODY}\n") == article_id(None, BODY.replace(" ", "  "))
    assert article_id(None, BODY) != article_id(None, BODY + " More.")
    first = read_text(BODY, "a.txt", OPTIONS)
    again = read_text(f"Menu\n\n{BODY}\n\nComments\n", "elsewhere.txt", OPTIONS)
    assert first.id == again.id == article_id(None, BODY)
