"""Cleaning article text: page furniture out, captions marked, header lines read,
paragraphs joined.

Text copied from a web page (or extracted from HTML) carries lines that are not the
article. They are dropped by general rules about their form, never by listing a site's
strings, in three passes:

lines
    furniture.sweep: credits, calls to action, copyright lines, link lists, icon
    ligatures, timestamps and the like are dropped; captions are kept as *asides*. The
    remaining lines are grouped into paragraphs: a blank or dropped line ends one, a
    caption stands alone, and a line ending mid-sentence goes on with the next when
    that starts in lower case or the text is hard-wrapped.
the preamble (the paragraphs before the first sentence of six words or more)
    header lines ``Published:``, ``Date:``, ``Updated:``, ``Author:``, ``Source:`` and
    a lone date line are read as metadata; a byline ("By Staff, Agencies") gives the
    author; the first headline-like line (4-20 words, no final period) is the title,
    and is taken out of the text when it is certainly a headline (set in title case,
    repeated, or equal to the known title) - a sentence-case line stays, since scrapes
    often put the standfirst there; other short lines (menus, section names,
    "Please Wait...") are dropped.
the body
    a byline is dropped; a short paragraph that is not a full sentence (a crosshead,
    a caption: "George Bush with Dmitry Medvedev") is an aside; at the end, short lines
    that are not sentences ("Comments", "Share") are dropped. A text cut off
    mid-sentence (an excerpt) is still an article.

The paragraphs left are joined with a blank line ("\n\n"). That string is the
article's text: every later stage indexes into it; ``Cleaned.asides`` are the character
ranges of the asides in it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.ingest.frontmatter import Metadata, clean_text, find_date
from kg.ingest.furniture import (
    BODY_MIN_WORDS,
    Line,
    fold,
    has_inner_sentence_end,
    is_cut_off_prose,
    is_sentence,
    reads_as_prose,
    sweep,
    words,
)

_HEADLINE_WORDS = range(4, 21)
_TAIL_MAX_WORDS = 12
_LABEL_MAX_WORDS = 12  # a caption naming who is pictured: "Kim Jong-il, Leader of North Korea."
_WRAPPED_SHARE = 0.7  # a line this share of the longest one, ending mid-sentence, was wrapped
_TITLE_CASE_SHARE = 0.8
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "off",
        "on",
        "onto",
        "or",
        "over",
        "per",
        "so",
        "than",
        "that",
        "the",
        "to",
        "up",
        "via",
        "vs",
        "with",
        "yet",
    ]
)
_HEADER = re.compile(
    r"(?P<key>published|posted|date|updated|modified|author|authors|by|source|publisher)"
    r"\s*:\s*(?P<value>\S.*)",
    re.I,
)
_BYLINE = re.compile(r"(?:By|BY|by)\s+(?P<name>[A-Z\u00c0-\u024f].*)")
_BYLINE_MAX_WORDS = 8
_BYLINE_NAMES_MAX_WORDS = 16
_BYLINE_JOINERS = frozenset(["and", "&", "in", "of", "the", "for", "at", "|", "-", "–", "—"])
_DATE_RESIDUE = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b"
    r"|\b(?:published|posted|updated|modified|last|on|at)\b"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\b(?:utc|gmt|(?-i:[A-Z]{2,4}T))\b"
    r"|[\s,.|·•/()\-–—:+]",
    re.I,
)
_BULLET = re.compile(r"^[-*•]\s+")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)(?:\s+#+)?$")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_MD_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SEPARATOR = "\n\n"
_BRIEF_MIN_WORDS = 3  # a subject, a verb and what it is done to: "Putin met Xi."


@dataclass(frozen=True)
class Cleaned:
    """Article text with the furniture removed, and what its header lines said."""

    paragraphs: tuple[str, ...]
    meta: Metadata = Metadata()  # what header lines, a byline or a date line state
    guessed: Metadata = Metadata()  # the headline's title; the outlet from an "Author:" line
    aside: tuple[bool, ...] = ()  # per paragraph: a caption or crosshead, not the story's voice

    @property
    def text(self) -> str:
        return _SEPARATOR.join(self.paragraphs)

    @property
    def asides(self) -> tuple[tuple[int, int], ...]:
        """The (start, end) character ranges of the aside paragraphs in ``text``."""
        spans, start = [], 0
        for paragraph, aside in zip(self.paragraphs, self.aside, strict=True):
            if aside:
                spans.append((start, start + len(paragraph)))
            start += len(paragraph) + len(_SEPARATOR)
        return tuple(spans)

    def has_article(self) -> bool:
        """True when some paragraph of the story holds a sentence: one that ends as a
        sentence, or an excerpt cut off mid-sentence (after a full one, or in its first)."""
        return any(
            not aside and (is_sentence(p) or has_inner_sentence_end(p) or is_cut_off_prose(p))
            for p, aside in zip(self.paragraphs, self.aside, strict=True)
        )


def _normalise(line: str, markdown: bool) -> str:
    """One line with invisible characters removed, spaces collapsed, list bullets and
    (for Markdown) markup taken off."""
    line = line.translate(_INVISIBLE)
    line = " ".join(unicodedata.normalize("NFC", line).split())
    if markdown:
        line = _MD_HEADING.sub(r"\1", line)
        line = "" if _MD_RULE.match(line) else line
        line = _MD_IMAGE.sub("", line).removeprefix("> ")
        line = _MD_EMPHASIS.sub(r"\1", _MD_STRONG.sub(r"\2", _MD_LINK.sub(r"\1", line)))
    return _BULLET.sub("", line).strip()


def _is_headline(line: str) -> bool:
    return words(line) in _HEADLINE_WORDS and not line.endswith((".", ":", "…"))


def _is_title_case(line: str) -> bool:
    tokens = [w.strip("\"'“”‘’()[]") for w in line.split()]
    content = [w for w in tokens if w and w[0].isalpha() and w.casefold() not in _SMALL_WORDS]
    capitalised = sum(w[0].isupper() for w in content)
    return len(content) >= 3 and capitalised / len(content) >= _TITLE_CASE_SHARE


def _is_date_line(line: str) -> bool:
    """True for a line that is a date and nothing else ("Monday, 20 March 2023, 17:02")."""
    found = find_date(line)
    if found is None:
        return False
    _, match = found
    rest = line[: match.start()] + " " + line[match.end() :]
    return not _DATE_RESIDUE.sub("", rest)


def _byline(line: str) -> str | None:
    """The names a byline gives ("By Anna Berg and Tomas Lind"; a longer one only of
    names: "By Josh Boak, Zeke Miller and Colleen Long, Associated Press"), else None."""
    found = _BYLINE.fullmatch(line)
    if found is None or is_sentence(line) or words(line) > _BYLINE_NAMES_MAX_WORDS:
        return None
    names = found["name"].replace(",", " ").split()
    if words(line) <= _BYLINE_MAX_WORDS or all(w[0].isupper() or w in _BYLINE_JOINERS for w in names):
        return found["name"]
    return None


def _starts_body(line: Line) -> bool:
    """The story's first paragraph: a sentence of six words or more, or an excerpt that
    holds one and runs on (not a caption)."""
    return not line.aside and reads_as_prose(line.text)


@dataclass
class _Reader:
    """What the lines before the body say about the article, and the byline in it."""

    known_title: str | None  # from front matter or HTML metadata
    title: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    byline: str | None = None
    date_line: str | None = None

    def preamble(self, paragraphs: list[Line]) -> list[Line]:
        """The paragraphs before the body that stay in the text; the rest are read for
        metadata or dropped."""
        counts = Counter(fold(p.text) for p in paragraphs)
        seen: set[str] = set()
        return [p for p in paragraphs if self._stays(p, counts, seen)]

    def body(self, paragraphs: list[Line]) -> list[Line]:
        """The body's paragraphs without bylines; crossheads and short captions as asides."""
        kept = []
        for p in paragraphs:
            if (name := _byline(p.text)) is not None:
                self.byline = self.byline or name
            elif not p.aside and _is_label(p.text):
                kept.append(Line(p.text, aside=True))
            else:
                kept.append(p)
        return kept

    def _stays(self, line: Line, counts: Counter[str], seen: set[str]) -> bool:
        text, key = line.text, fold(line.text)
        known = self.known_title is not None and key == fold(self.known_title)
        if line.aside:  # a caption above the story; a short one may be a menu item
            return not known and words(text) >= BODY_MIN_WORDS
        if (header := _HEADER.fullmatch(text)) is not None:
            self.headers.setdefault(header["key"].lower(), header["value"])
        elif (name := _byline(text)) is not None:
            self.byline = self.byline or name
        elif _is_date_line(text):
            self.date_line = self.date_line or text
        elif _is_headline(text) and key not in seen:
            seen.add(key)
            self.title = self.title or text
            return not (known or counts[key] > 1 or _is_title_case(text))
        else:
            return words(text) > max(_HEADLINE_WORDS)  # a long standfirst stays
        return False

    def metadata(self) -> Metadata:
        h = self.headers
        when = next((h[k] for k in ("published", "posted", "date", "updated", "modified") if k in h), self.date_line)
        found = find_date(when) if when else None
        author = h.get("author") or h.get("authors") or h.get("by") or self.byline
        return Metadata(
            source=clean_text(h.get("source") or h.get("publisher") or ""),
            published=found[0] if found else None,
            author=clean_text(author) if author else None,
        )

    def guessed(self) -> Metadata:
        outlet = self.headers.get("author") or self.headers.get("authors")
        return Metadata(
            title=clean_text(self.title) if self.title else None,
            source=clean_text(outlet) if outlet else None,
        )


def _is_label(paragraph: str) -> bool:
    """True for a paragraph in the body that is not one of its sentences: a crosshead or
    a caption, too short for a sentence ("George Bush with Dmitry Medvedev", "Reform
    Treaty documents.") or with no word in lower case but function words, so no verb
    ("Kim Jong-il, Leader of North Korea."). A line that leads into the next (ends in
    ":", ";", "," or a function word) or is a list item is not one."""
    last = paragraph.split()[-1].casefold() if paragraph else ""
    if not paragraph[:1].isupper() or paragraph.endswith((":", ";", ",")) or last in _SMALL_WORDS:
        return False
    if has_inner_sentence_end(paragraph):
        return False  # a sentence and more: prose, maybe cut off
    n = words(paragraph)
    if n < BODY_MIN_WORDS or (not is_sentence(paragraph) and n <= max(_HEADLINE_WORDS)):
        return True
    lower = [w for w in re.findall(r"[^\W\d_][\w'’-]*", paragraph) if w[0].islower() and w not in _SMALL_WORDS]
    return n <= _LABEL_MAX_WORDS and not lower


def _is_brief(paragraphs: list[Line]) -> bool:
    """True for a text that is one short sentence and nothing else ("Putin met Xi in
    Moscow.": a wire brief, a JSON Lines row): too short to read as a story's first
    paragraph, it is its own body, where a lone short line beside others is a label."""
    only = paragraphs[0] if len(paragraphs) == 1 else None
    return only is not None and not only.aside and is_sentence(only.text) and words(only.text) >= _BRIEF_MIN_WORDS


def _paragraphs(lines: list[Line | None]) -> list[Line]:
    """Lines grouped into paragraphs: a blank or dropped line ends one, a caption stands
    alone, and a line that ends mid-sentence goes on with the next when that starts in
    lower case or when it is nearly as long as the longest line (the text is
    hard-wrapped)."""
    wrapped = _WRAPPED_SHARE * max((len(line.text) for line in lines if line), default=0)
    paragraphs: list[list[str]] = []
    asides: list[bool] = []
    current: list[str] = []
    for line in lines:
        if line is None:
            current = []
        elif (
            current
            and not line.aside
            and not asides[-1]
            and not is_sentence(current[-1])
            and (line.text[0].islower() or len(current[-1]) >= wrapped)
        ):
            current.append(line.text)
        else:
            current = [line.text]
            paragraphs.append(current)
            asides.append(line.aside)
    return [Line(" ".join(p), aside) for p, aside in zip(paragraphs, asides, strict=True)]


def _drop_tail(paragraphs: list[Line]) -> list[Line]:
    """Without the short lines at the end that are not sentences ("Comments", "Share");
    prose cut off mid-sentence after a full sentence stays, and so do captions."""
    end = len(paragraphs)
    while end and not _ends_story(paragraphs[end - 1]):
        end -= 1
    return paragraphs[:end] + [p for p in paragraphs[end:] if p.aside]


def _ends_story(line: Line) -> bool:
    text = line.text
    return not line.aside and (is_sentence(text) or has_inner_sentence_end(text) or words(text) > _TAIL_MAX_WORDS)


def clean(body: str, title: str | None = None, *, markdown: bool = False, captions: Iterable[str] = ()) -> Cleaned:
    """Clean ``body``; ``title``, when known, is not repeated in the text; ``captions``
    are caption texts an HTML page gave, kept as asides."""
    lines = [_normalise(line, markdown) for line in body.splitlines()]
    paragraphs = _paragraphs(sweep(lines, captions))
    start = next((i for i, p in enumerate(paragraphs) if _starts_body(p)), len(paragraphs))
    reader = _Reader(title)
    if _is_brief(paragraphs):
        kept = paragraphs
    else:
        kept = reader.preamble(paragraphs[:start]) + reader.body(_drop_tail(paragraphs[start:]))
    # the story reads on without its captions: they follow it, in their order on the page
    ordered = [p for p in kept if not p.aside] + [p for p in kept if p.aside]
    return Cleaned(
        tuple(p.text for p in ordered), reader.metadata(), reader.guessed(), aside=tuple(p.aside for p in ordered)
    )
