"""Page furniture and captions (kg.ingest.furniture, kg.ingest.scraped, kg.ingest.html):
raw scraped texts and HTML pages built like real news sites (tests/data/scraped/,
tests/data/html/), single lines that look alike but are not furniture, the dev/wikinews
texts against their gold, and excerpts cut off mid-sentence."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import read_inputs, read_text
from kg.model import Article
from kg.options import BuildOptions

ROOT = Path(__file__).resolve().parent.parent
SCRAPED = ROOT / "tests" / "data" / "scraped"
PAGES = ROOT / "tests" / "data" / "html"
WIKINEWS = ROOT / "dev" / "wikinews"
DEV = ROOT / "dev" / "articles"
OPTIONS = BuildOptions()


def read_one(path: Path) -> Article:
    (result,) = read_inputs([str(path)], OPTIONS)
    assert isinstance(result, Article), result
    return result


def story(article: Article) -> list[str]:
    """The paragraphs of the story: the text before the first aside."""
    end = article.asides[0][0] if article.asides else len(article.text)
    return [p for p in article.text[:end].split("\n\n") if p]


def asides(article: Article) -> list[str]:
    return [article.text[start:end] for start, end in article.asides]


def assert_absent(article: Article, *furniture: str) -> None:
    for piece in furniture:
        assert piece not in article.text, piece


# --- raw scraped pages ------------------------------------------------------------------


def test_wire_copy_loses_credits_dateline_agency_and_links() -> None:
    article = read_one(SCRAPED / "wire_turkey_jarabulus.txt")
    assert article.title == "Turkish Tanks Cross Into Syria in Push Against Islamic State"
    assert (article.author, article.published) == ("Humeyra Pamuk and Tom Perry", dt.date(2016, 8, 24))
    paragraphs = story(article)
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("KARKAMIS, Turkey - Turkish tanks and special forces pushed into Syria")
    assert paragraphs[-1].endswith("as the militants withdrew toward al-Bab.")
    assert asides(article) == [
        (
            "Turkish army tanks make their way towards the Syrian border town of Jarabulus, in Karkamis, "
            "Turkey, August 24, 2016."
        )
    ]
    assert_absent(
        article,
        "Skip to main",
        "(Reuters)",
        "REUTERS/",
        "Purchase Licensing",
        "Sign up",
        "Reporting by",
        "Writing by",
        "Doina",
        "Editing by",
        "Our Standards",
        "Read Next",
        "Kurdish forces take Manbij",
        "vows to clear border",
    )


def test_agency_copy_loses_photo_credit_contributors_follow_line_and_copyright() -> None:
    article = read_one(SCRAPED / "agency_geneva_summit.txt")
    assert article.author == "JONATHAN LEMIRE, VLADIMIR ISACHENKOV and AAMER MADHANI"
    assert article.published == dt.date(2021, 6, 16)
    paragraphs = story(article)
    assert paragraphs[1].startswith("GENEVA — President Joe Biden and Russian President Vladimir Putin wrapped up")
    assert paragraphs[-1].startswith("Biden said he had given Putin a list")
    assert asides(article) == [
        (
            "President Joe Biden and Russian President Vladimir Putin arrive to meet at the Villa la Grange, "
            "Wednesday, June 16, 2021, in Geneva, Switzerland."
        )
    ]
    assert_absent(article, "(AP)", "AP Photo", "Semansky", "contributed", "Superville", "Follow AP", "___", "Copyright")


def test_broadsheet_page_loses_newsletter_related_links_and_image_credits() -> None:
    article = read_one(SCRAPED / "broadsheet_gaza_strikes.txt")
    assert article.published == dt.date(2012, 11, 14)
    assert [p.split()[0] for p in story(article)] == ["Israel", "Israel", "The", "Hamas", "Egypt", "Egyptian"]
    assert asides(article) == [
        "Smoke rises after an Israeli air strike in Gaza City on Wednesday.",
        "Palestinians inspect the wreckage of Ahmed Jabari's car in Gaza City",
    ]
    assert_absent(
        article,
        "Jane Doe",
        "Photograph:",
        "Mohammed Salem",
        "newsletter",
        "Related:",
        "short history",
        "Image source",
        "Getty",
        "Image caption",
        "More on this story",
        "Tel Aviv suburbs",
        "Who was",
        "Follow us",
        "©",
    )


def test_wiki_page_loses_related_news_sources_and_footnote_marks() -> None:
    article = read_one(SCRAPED / "wiki_related_and_sources.txt")
    assert [p.split()[:2] for p in story(article)] == [["More", "troops"], ["President", "Gloria"], ["About", "300"]]
    assert asides(article) == [
        "Map of the Sulu Archipelago, with Jolo island in the centre",  # a map legend
        "Soldiers of the Philippine Marine Corps on Jolo in 2006.",  # the line a credit follows
        "Reinforcements",  # a crosshead
    ]
    assert_absent(
        article,
        "Related news",
        "Fighting erupts",
        "Basilan",
        "rebel camp",
        "Image:",
        "Staff Sgt",
        "[1]",
        "[2]",
        "Sources",
        "Example Wire",
        "Retrieved",
        "External links",
    )
    assert "told reporters in Manila." in article.text


# --- HTML pages -------------------------------------------------------------------------


def test_html_captions_are_lifted_without_credits_and_credits_dropped() -> None:
    article = read_one(PAGES / "wire_figures_credits.html")
    assert (article.source, article.published) == ("Meridian Wire", dt.date(2016, 8, 24))
    paragraphs = story(article)
    assert len(paragraphs) == 4 and paragraphs[0].startswith("KARKAMIS, Turkey - Turkish tanks")
    assert asides(article) == [
        (
            "Turkish army tanks make their way towards the Syrian border town of Jarabulus, in Karkamis, "
            "Turkey, August 24, 2016."
        ),
        "Map of northern Syria showing Jarabulus, Manbij and al-Bab.",
    ]
    # a quote's figure is not a picture: its attribution is no caption
    assert "speaking in Gaziantep" not in " ".join(asides(article))
    assert_absent(
        article,
        "(Reuters)",
        "REUTERS/",
        "Graphic:",
        "Sign up",
        "daily briefing",
        "Reporting by",
        "Editing by",
        "Read next",
        "Manbij from Islamic State",
        "Follow Meridian",
        "©",
    )


def test_html_wiki_page_thumb_captions_and_no_date_from_related_news() -> None:
    article = read_one(PAGES / "wiki_captions_sources.html")
    assert article.published == dt.date(2007, 8, 12)  # not 10 August, a related story's date
    assert len(story(article)) == 3
    assert asides(article) == [
        "Map of the Sulu Archipelago, with Jolo island in the centre",
        "Soldiers of the Philippine Marine Corps on Jolo in 2006.",
    ]
    assert_absent(article, "Related news", "Fighting erupts", "[1]", "Staff Sgt", "Sources", "Example Daily")


# --- single lines -----------------------------------------------------------------------

LEAD = "Kim Jong-un met Vladimir Putin in Beijing on Wednesday, the Kremlin said."
LATER = "The two leaders agreed to meet again in Moscow next year, officials said."


@pytest.mark.parametrize(
    "line",
    [
        "Associated Press writer Zeke Miller in Washington contributed to this report.",
        "Follow us on Twitter @example and like us on Facebook",
        "Sign up for our newsletter",
        "Sign up to our free daily newsletter and get the top stories in your inbox.",
        "Download our app for the latest news alerts",
        "Join our WhatsApp channel for breaking news",
        "Support our journalism: become a member",
        "© 2016 Example Media. All rights reserved.",
        "Example Wire © 2016",
        "Copyright 2016 Example Media",
        "This material may not be published, broadcast, rewritten or redistributed.",
        "Image credit: NASA/JPL",
        "Photo: Evan Vucci/AP",
        "Photo by Kevin Lamarque/Reuters",
        "Getty Images",
        "AFP via Getty Images",
        "(AP Photo/Evan Vucci)",
        "Image source, Getty Images",
        "Read more: Why the talks failed",
        "Related: Five things to know about the summit",
        "Watch: The two leaders shake hands",
        "Listen to this article",
        "5 min read",
        "Skip to main content",
        "This story has been updated to include comment from the Kremlin.",
        "Reach the reporter at jane.doe@example.com",
        "Credit...Doug Mills/The New York Times",
        "Share this:",
        "Like this:",
        "Subscribe to continue reading",
        "Advertisement - Scroll to continue",
        "We use cookies to improve your experience on our site.",
        "Sources: Reuters, AP",
        "By Josh Boak, Zeke Miller and Colleen Long, Associated Press",
    ],
)
def test_furniture_line_is_dropped(line: str) -> None:
    article = read_text(f"{LEAD}\n\n{line}\n\n{LATER}", "t.txt", OPTIONS)
    assert article.text == f"{LEAD}\n\n{LATER}" and article.asides == ()


@pytest.mark.parametrize(
    "line",
    [
        "(Reporting by Steve Holland; Writing by Doina Chiacu; Editing by Mark Heinrich)",
        "Reporting by Steve Holland; Editing by Mark Heinrich",
        "Additional reporting by Orhan Coskun in Ankara",
        "Sources",
        "External links",
        "Comments (12)",
    ],
)
def test_closing_credits_and_end_headings_end_the_story(line: str) -> None:
    article = read_text(f"{LEAD}\n\n{line}\n\n{LATER}", "t.txt", OPTIONS)
    assert article.text == LEAD


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (
            f"BEIRUT, Sept 3 (Reuters) - {LEAD} (Reporting by Tom Perry; Editing by Janet Lawrence)",
            f"BEIRUT, Sept 3 - {LEAD}",
        ),
        (f"(CNN) — {LEAD}", LEAD),
        (f"{LEAD} pic.twitter.com/Ab12Cd — Kremlin (@KremlinRussia_E) September 3, 2025", LEAD),
        (
            "The soldiers were kidnapped[1] near the border on Wednesday, the army said.[2]",
            "The soldiers were kidnapped near the border on Wednesday, the army said.",
        ),
    ],
)
def test_furniture_inside_a_paragraph_is_cut_out(line: str, kept: str) -> None:
    assert read_text(line, "t.txt", OPTIONS).text == kept


def test_a_byline_of_names_gives_the_author() -> None:
    text = f"Kim Meets Putin in Beijing\nBy Josh Boak, Zeke Miller and Colleen Long, Associated Press\n\n{LEAD}"
    article = read_text(text, "t.txt", OPTIONS)
    assert (article.text, article.author) == (LEAD, "Josh Boak, Zeke Miller and Colleen Long, Associated Press")


@pytest.mark.parametrize(
    "line",
    [
        "By April 2025, Russia said its forces had expelled the Ukrainian troops.",
        "Reporting by state media suggested that the talks had stalled over sanctions.",
        "Russia contributed to this war by sending troops and jets, Kyiv said.",
        "Experts who contributed to the report, published by the UN on Tuesday, said the ceasefire was holding.",
        "Follow-up talks were announced on Twitter by the foreign ministry.",
        "Like Moscow, Beijing has called for a ceasefire on Facebook and other platforms.",
        "Sources close to the talks said a deal on grain exports was near.",
        "Related talks in Vienna ended on Friday without an agreement.",
        "Map makers in Kyiv have redrawn the front line every week since the offensive began.",
        "Photographs of the meeting were released by the Kremlin on Thursday.",
        "NATO (North Atlantic Treaty Organization) leaders met in Vilnius on Tuesday.",
    ],
)
def test_body_sentence_that_looks_like_furniture_is_kept(line: str) -> None:
    article = read_text(f"{LEAD}\n\n{line}\n\n{LATER}", "t.txt", OPTIONS)
    assert article.text == f"{LEAD}\n\n{line}\n\n{LATER}" and article.asides == ()


@pytest.mark.parametrize(
    ("lines", "caption"),
    [
        ("PHOTO: Kim and Putin shake hands in Beijing. (KCNA/Reuters)", "Kim and Putin shake hands in Beijing."),
        (
            "Kim and Putin shake hands in Beijing. REUTERS/Tingshu Wang/File Photo",
            "Kim and Putin shake hands in Beijing.",
        ),
        (
            "Kim and Putin shake hands in Beijing.\nImage: Kremlin press service.",
            "Kim and Putin shake hands in Beijing.",
        ),
        ("Kim and Putin in Beijing. Photograph: Tingshu Wang/Reuters", "Kim and Putin in Beijing."),
        ("Image caption, Kim and Putin shake hands in Beijing", "Kim and Putin shake hands in Beijing"),
        ("Map of north-east China showing Beijing", "Map of north-east China showing Beijing"),
        ("Kim Jong-un, Leader of North Korea.", "Kim Jong-un, Leader of North Korea."),
        ("Talks in Beijing", "Talks in Beijing"),
    ],
)
def test_caption_is_an_aside_after_the_story(lines: str, caption: str) -> None:
    article = read_text(f"{LEAD}\n\n{lines}\n\n{LATER}", "t.txt", OPTIONS)
    assert article.text == f"{LEAD}\n\n{LATER}\n\n{caption}"
    assert asides(article) == [caption]


# --- excerpts ---------------------------------------------------------------------------

EXCERPT = (
    "Britain will send about 3,300 troops to southern Afghanistan, Defence Secretary John Reid told "
    "parliament on Thursday. The deployment, which begins in the spring, will be concentrated in the "
    "south of the country, more specifically the Helmand Province"
)


@pytest.mark.parametrize(
    "text",
    [
        f"---\ntitle: UK to send troops to Afghanistan\npublished: 2006-01-26\n---\n{EXCERPT}\n",
        EXCERPT,
        "Britain sends troops. They go to the Helmand Province",  # short, but holds a sentence
        EXCERPT.replace(". ", ".\n"),  # one sentence a line, the last cut off
        EXCERPT.split(". ")[1].replace("The deployment", "Britain's deployment"),  # cut off in its first
    ],
)
def test_text_cut_off_mid_sentence_is_an_article(text: str) -> None:
    article = read_text(text, "excerpt.txt", OPTIONS)
    assert article.text.endswith("Helmand Province") and article.text.startswith("Britain")


def test_text_without_any_sentence_is_still_no_article() -> None:
    with pytest.raises(InputError, match="no article text found"):
        read_text(
            "World\nFinland joins NATO 2 hours ago\nGrain talks resume in Istanbul\n"
            "Trump Meets Kim In Singapore For Historic Summit With North Korean Leader",  # title case
            "menu.txt",
            OPTIONS,
        )


# --- dev/wikinews against its gold ------------------------------------------------------

WIKINEWS_TEXTS = sorted(WIKINEWS.glob("*.txt"))


def gold(path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))


def raw_body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


def fragments(evidence: str | None) -> list[str]:
    return [p.strip(' "') for p in re.split(r"\s*(?:\.\.\.|;)\s*", evidence or "") if p.strip(' "')]


def test_all_wikinews_texts_are_read() -> None:
    assert len(WIKINEWS_TEXTS) == 15
    for path in WIKINEWS_TEXTS:
        article = read_one(path)
        assert article.source == "Wikinews" and article.published is not None


@pytest.mark.parametrize("path", WIKINEWS_TEXTS, ids=lambda p: p.stem[:3])
def test_wikinews_credits_sources_and_related_news_are_gone(path: Path) -> None:
    article = read_one(path)
    credits = [line for line in raw_body(path).splitlines() if line.startswith("Image:")]
    for line in credits:
        assert line.removeprefix("Image:").strip(" .") not in article.text
    for paragraph in article.text.split("\n\n"):
        assert not re.fullmatch(r"(?:Sources|External links|Related News)\W*", paragraph)
    assert "[1]" not in article.text and "[]" not in article.text


@pytest.mark.parametrize("path", [*WIKINEWS_TEXTS, *sorted(DEV.glob("*.txt"))], ids=lambda p: p.stem[:3])
def test_nothing_dropped_holds_a_required_entity_or_event(path: Path) -> None:
    article, answer, body = read_one(path), gold(path), raw_body(path)
    for entity in answer["entities"]:
        forms = [entity["name"], *entity["aliases"]]
        kept = {f for f in forms if f in article.text}
        if entity.get("optional"):
            continue
        assert kept == {f for f in forms if f in body}, entity["name"]
    told = "\n\n".join(story(article))
    for event in answer["events"]:
        if not event.get("optional"):  # a required event is told in the story, never in a caption
            for fragment in fragments(event.get("evidence")):
                assert fragment in told, fragment


def test_wikinews_related_headline_names_are_dropped_and_captions_are_asides() -> None:
    myanmar = read_one(WIKINEWS / "w10_obama_myanmar_visit.txt")
    assert "Michelle Obama" not in myanmar.text and "Hillary Clinton" not in myanmar.text  # optional in gold
    assert "Human Trafficking" not in myanmar.text and "2 April 2012" not in myanmar.text
    dinner = read_one(WIKINEWS / "w01_hu_jintao_white_house.txt")
    assert asides(dinner) == [
        (
            "President Barack Obama and President Hu Jintao of China begin their working dinner in the Old "
            "Family Dining Room of the White House, Jan. 18, 2011."
        )
    ]  # its Meeting is optional in gold, and its date must not date the press conference
    gaza = read_one(WIKINEWS / "w20_gaza_airstrikes_2008.txt")
    assert [a.split()[:2] for a in asides(gaza)] == [["Map", "of"], ["Map", "of"]]
    g8 = read_one(WIKINEWS / "w03_g8_hokkaido_2008.txt")
    assert asides(g8) == [
        "The launch of the press conference",
        "George Bush with Dmitry Medvedev",
        "George Bush meeting with the President of Tanzania earlier today",
    ]
    assert story(g8)[-1].endswith("his [Kikwete's] l")  # an excerpt cut off mid-word is kept


# --- properties -------------------------------------------------------------------------

BODY = [
    "Turkish tanks pushed into Syria on Wednesday to drive Islamic State out of Jarabulus.",
    "Turkish President Tayyip Erdogan said the operation also targeted the Kurdish PYD party.",
    '"We will not allow a terror corridor on our border," Erdogan told reporters in Ankara.',
    "Joe Biden, visiting Ankara, said Kurdish fighters must pull back east of the Euphrates.",
    "Syrian rebels said they had taken the town by the afternoon, meeting little resistance.",
]
FURNITURE = [
    "Advertisement",
    "Sign up for our daily newsletter",
    "Follow us on Twitter @example",
    "Read more: Kurdish forces take Manbij",
    "Related: Erdogan vows to clear the border",
    "© 2016 Example Media. All rights reserved.",
    "Photo: Umit Bektas/Reuters",
    "Share on Facebook",
    "More on this story\nKurdish forces take Manbij\nErdogan vows to clear border of militants",
]
CAPTIONS = [  # (as on the page, as kept)
    (
        "Turkish army tanks near the Syrian border town of Jarabulus on Wednesday. REUTERS/Umit Bektas",
        "Turkish army tanks near the Syrian border town of Jarabulus on Wednesday.",
    ),
    (
        "Map of northern Syria showing Jarabulus, Manbij and al-Bab",
        "Map of northern Syria showing Jarabulus, Manbij and al-Bab",
    ),
    (
        "Syrian rebels ride on a pick-up truck near Jarabulus on Wednesday.\nImage: Example Wire/Staff",
        "Syrian rebels ride on a pick-up truck near Jarabulus on Wednesday.",
    ),
]
PIECE = st.one_of(  # (kind, as on the page, as kept)
    st.sampled_from(BODY).map(lambda s: ("body", s, s)),
    st.sampled_from(FURNITURE).map(lambda s: ("furniture", s, "")),
    st.sampled_from(CAPTIONS).map(lambda c: ("caption", *c)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECE, min_size=1, max_size=12).filter(lambda pieces: any(p[0] == "body" for p in pieces)))
def test_story_keeps_its_order_captions_follow_and_furniture_goes(pieces: list[tuple[str, str, str]]) -> None:
    article = read_text("\n\n".join(page for _, page, _ in pieces), "mix.txt", OPTIONS)
    assert story(article) == [kept for kind, _, kept in pieces if kind == "body"]
    assert asides(article) == [kept for kind, _, kept in pieces if kind == "caption"]
    spans = article.asides
    assert all(a_end < b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))
    assert not spans or spans[-1][1] == len(article.text)


def test_a_dateline_with_place_state_and_day_loses_its_agency() -> None:
    text = (
        "Biden, Xi agree to resume military talks\n\n"
        "WOODSIDE, California, Nov 15 (Reuters) - U.S. President Joe Biden and Chinese President Xi Jinping "
        "met on Wednesday at an estate south of San Francisco.\n"
    )
    article = read_text(text, "woodside.txt", BuildOptions(published=dt.date(2023, 11, 15)))
    assert any(p.startswith("WOODSIDE, California, Nov 15 - U.S. President Joe Biden") for p in story(article))
