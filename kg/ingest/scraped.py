"""Cleaning article text: page furniture out, header lines read, paragraphs joined.

Text copied from a web page (or extracted from HTML) carries lines that are not the
article. They are dropped by general rules about their form, never by listing a site's
strings, in three passes:

lines
    noise lines: "Read more: ...", "Advertisement", photo captions ("PHOTO: ...", a line
    ending in a credit such as "(Agency/Staff)"), "Read the original article",
    copyright lines, "Tagged: ...", share/comment buttons; icon-font ligatures
    ("folder_openWorld", "starAdd to favorites": a line that is not a sentence without
    them is dropped, otherwise the glued ligature is cut out); relative timestamps
    ("2 hours ago"). The remaining lines are grouped into paragraphs: a blank or
    dropped line ends one, and a line ending mid-sentence goes on with the next when
    that starts in lower case or the text is hard-wrapped.
the preamble (the paragraphs before the first sentence of six words or more)
    header lines ``Published:``, ``Date:``, ``Updated:``, ``Author:``, ``Source:`` and
    a lone date line are read as metadata; a byline ("By Staff, Agencies") gives the
    author; the first headline-like line (4-20 words, no final period) is the title,
    and is taken out of the text when it is certainly a headline (set in title case,
    repeated, or equal to the known title) - a sentence-case line stays, since scrapes
    often put the standfirst there; other short lines (menus, section names,
    "Please Wait...") are dropped.
the tail
    short lines that are not sentences ("Comments", "Share", related-story titles).

The paragraphs left are joined with a blank line ("\n\n"). That string is the
article's text: every later stage indexes into it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from kg.ingest.frontmatter import Metadata, clean_text, find_date

_SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*$")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)[\"'”’»)\]]*$")
_BODY_MIN_WORDS = 6  # the first sentence at least this long starts the body
_HEADLINE_WORDS = range(4, 21)
_TAIL_MAX_WORDS = 12
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

_NOISE = re.compile(
    "|".join(
        (
            r"(?:read|see|watch)\s+(?:more|also|next)(?:\s*:.*)?",
            r"(?:related|more)(?:\s+(?:stories|articles|coverage|news|reading))?\s*:.*",
            r"advertisement|advertising|sponsored(?:\s+content)?|story continues below(?:\s+advertisement)?",
            r"(?:photo|image|picture|video|graphic|file photo)(?:\s*\([^)]*\))?\s*:.*",
            r".*[.!?][\"”’]?\s+\((?:[^()]*/[^()]*|[^()]*\bphoto\b[^()]*)\)",  # caption + credit
            r"read the (?:original|full) (?:article|story)\b.*",
            r"(?:this|the) (?:article|story) (?:was )?(?:originally|first) (?:appeared|published)\b.*",
            r"originally published\b.*",
            r"(?:©|\(c\)|copyright\b).*",
            r".*\ball rights reserved\b.*",
            r"(?:tagged|tags|topics|filed under|categories|keywords)\s*:.*",
            (
                r"share|share this(?: article| story)?|share on \w+|follow us(?: on \w+)?|subscribe(?: now)?"
                r"|print|email this(?: article| story)?"
            ),
            r"(?:\d+\s+)?comments?(?:\s*\(\d+\))?",
        )
    ),
    re.I,
)
_TIME_AGO = re.compile(
    r"\b(?:\d+|an?|one|a few)\s+(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?\s+ago\b",
    re.I,
)
_TIME_NOW = re.compile(r"(?:(?:updated|posted|published)\s*:?\s*)?(?:just now|yesterday|today)", re.I)
_TIMESTAMP_MAX_WORDS = 6
# Icon fonts (Material Icons and the like) draw an icon for a word; copied as text the
# word stays glued to its label ("folder_openWorld", "starAdd to favorites") or stands
# alone ("access_time 2 hours ago"). Multi-word names have an underscore, which prose
# never has; single-word names count only when glued to a capital or a digit.
_ICON_START = r"(?<![\w@#/.])"  # not inside a word, handle, hashtag, path or domain
_GLUED_ICON = re.compile(
    _ICON_START + r"(?:[a-z]+(?:_[a-z]+)+|star|share|print|mail|email|bookmark|comment|chat|"
    r"forum|favorite|schedule|event|today|person|visibility|label|folder|home|search|menu|"
    r"close|link|public|update|history|language|place|room|phone|info|send|edit|sell)(?=[A-Z0-9])"
)
_LONE_ICON = re.compile(_ICON_START + r"[a-z]+(?:_[a-z]+)+(?=\s|$)")
_HEADER = re.compile(
    r"(?P<key>published|posted|date|updated|modified|author|authors|by|source|publisher)"
    r"\s*:\s*(?P<value>\S.*)",
    re.I,
)
_BYLINE = re.compile(r"(?:By|BY|by)\s+(?P<name>[A-Z\u00c0-\u024f].*)")
_BYLINE_MAX_WORDS = 8
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


@dataclass(frozen=True)
class Cleaned:
    """Article text with the furniture removed, and what its header lines said."""

    paragraphs: tuple[str, ...]
    meta: Metadata = Metadata()  # what header lines, a byline or a date line state
    guessed: Metadata = Metadata()  # the headline's title; the outlet from an "Author:" line

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def is_sentence(line: str) -> bool:
    """True for a line that ends as a sentence does (an ellipsis does not count)."""
    return bool(_SENTENCE_END.search(line)) and not _ELLIPSIS.search(line)


def _fold(line: str) -> str:
    return " ".join(line.casefold().split())


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


def _is_timestamp(line: str) -> bool:
    """True for a line that tells the time relatively: "Yesterday", or a short line
    such as "World 2 hours ago"."""
    if _TIME_NOW.fullmatch(line):
        return True
    return bool(_TIME_AGO.search(line)) and len(line.split()) <= _TIMESTAMP_MAX_WORDS and not is_sentence(line)


def _drop_furniture(line: str) -> str | None:
    """The line, with icon ligatures cut out; None if it is page furniture."""
    if _NOISE.fullmatch(line) or _is_timestamp(line):
        return None
    if _GLUED_ICON.search(line) or _LONE_ICON.search(line):
        rest = " ".join(_LONE_ICON.sub(" ", _GLUED_ICON.sub("", line)).split())
        if not (is_sentence(rest) and len(rest.split()) >= _BODY_MIN_WORDS):
            return None
        # a sentence: cut only what is glued; a lone snake_case word may be the text's own
        return " ".join(_GLUED_ICON.sub("", line).split())
    return line


def _is_headline(line: str) -> bool:
    return len(line.split()) in _HEADLINE_WORDS and not line.endswith((".", ":", "…"))


def _is_title_case(line: str) -> bool:
    words = [w.strip("\"'“”‘’()[]") for w in line.split()]
    content = [w for w in words if w and w[0].isalpha() and w.casefold() not in _SMALL_WORDS]
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


@dataclass
class _Preamble:
    """What the lines before the body say about the article."""

    known_title: str | None  # from front matter or HTML metadata
    title: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    byline: str | None = None
    date_line: str | None = None

    def read(self, paragraphs: list[str]) -> list[str]:
        """The paragraphs that stay in the text; the rest are read for metadata or dropped."""
        counts = Counter(_fold(p) for p in paragraphs)
        seen: set[str] = set()
        return [p for p in paragraphs if self._stays(p, counts, seen)]

    def _stays(self, line: str, counts: Counter[str], seen: set[str]) -> bool:
        key = _fold(line)
        if (header := _HEADER.fullmatch(line)) is not None:
            self.headers.setdefault(header["key"].lower(), header["value"])
        elif (byline := _BYLINE.fullmatch(line)) and len(line.split()) <= _BYLINE_MAX_WORDS and not is_sentence(line):
            self.byline = self.byline or byline["name"]
        elif _is_date_line(line):
            self.date_line = self.date_line or line
        elif _is_headline(line) and key not in seen:
            seen.add(key)
            self.title = self.title or line
            known = self.known_title is not None and key == _fold(self.known_title)
            return not (known or counts[key] > 1 or _is_title_case(line))
        else:
            return len(line.split()) > max(_HEADLINE_WORDS)  # a long standfirst stays
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


def _paragraphs(lines: list[str | None]) -> list[str]:
    """Lines grouped into paragraphs: a blank or dropped line ends one, and a line that
    ends mid-sentence goes on with the next when that starts in lower case or when it
    is nearly as long as the longest line (the text is hard-wrapped)."""
    wrapped = _WRAPPED_SHARE * max((len(line) for line in lines if line), default=0)
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line:
            current = []
        elif current and not is_sentence(current[-1]) and (line[0].islower() or len(current[-1]) >= wrapped):
            current.append(line)
        else:
            current = [line]
            paragraphs.append(current)
    return [" ".join(p) for p in paragraphs]


def _drop_tail(paragraphs: list[str]) -> list[str]:
    end = len(paragraphs)
    while end and not is_sentence(paragraphs[end - 1]) and len(paragraphs[end - 1].split()) <= _TAIL_MAX_WORDS:
        end -= 1
    return paragraphs[:end]


def clean(body: str, title: str | None = None, *, markdown: bool = False) -> Cleaned:
    """Clean ``body``; ``title``, when known, is not repeated in the text."""
    lines = [_normalise(line, markdown) for line in body.splitlines()]
    paragraphs = _paragraphs([_drop_furniture(line) if line else None for line in lines])
    start = next(
        (i for i, p in enumerate(paragraphs) if is_sentence(p) and len(p.split()) >= _BODY_MIN_WORDS), len(paragraphs)
    )
    preamble = _Preamble(title)
    kept = preamble.read(paragraphs[:start]) + paragraphs[start:]
    return Cleaned(tuple(_drop_tail(kept)), preamble.metadata(), preamble.guessed())
