"""Page furniture: the lines of a news page that are not the story, and its captions.

Every rule is a form news pages share, never one site's strings. A line is dropped, kept
as an *aside* (a caption: kept in the text, but not the story's own voice), or kept.

Dropped
    credits: "(Reporting by …; Writing by …; Editing by …)" (cut out of the line that
    carries it; alone on its line it ends the story, and what follows goes too),
    "Additional reporting by …", "… contributed to this report", photo and
    map credits ("Image: Pete Souza/White House", "Photo by … /Getty Images", "(AP
    Photo/…)", "Image credit: …"), the agency in a dateline ("BEIRUT (Reuters) -" keeps
    "BEIRUT -"); calls to action that name a channel ("Follow us on Twitter", "Sign up
    for our newsletter", "Download the app"); copyright and reproduction notices;
    "Read more:", "Related:", "Advertisement", share/print/comment buttons, icon-font
    ligatures, relative timestamps, wiki footnote markers ("[1]", "[edit]");
    link lists: everything after a "Sources", "References", "External links" or
    "Comments" heading, and after a "Related news", "More on this story", "Most read"
    heading until prose resumes; runs of dated headlines ("2 April 2012: Suu Kyi claims
    a seat in parliament"), the "related news" box of wiki and blog pages.
Asides (captions)
    a "Photo:"/"Map:" label followed by a description; a line ending in a credit
    ("… in Karkamis, August 24, 2016. REUTERS/Umit Bektas"); the line that a credit line
    follows; map legends ("Map of …", "Location of …"); lines an HTML page gave as
    captions (figcaption). A caption can name what the body does not, so it stays; it
    can also report its own event, or carry its own date, which the NLP stage must not
    give to the story's events: hence the mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.ingest.frontmatter import find_date

_SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*$")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)[\"'”’»)\]]*$")
# a sentence boundary inside a line: not after an abbreviation ("Dr.", "Gen.", "U.S.")
_INNER_SENTENCE_END = re.compile(r"(?:\b[a-z]\w*|\b\w{5,}|\d)[.!?][\"'”’)]*\s+[\"“‘]?[A-Z]")
BODY_MIN_WORDS = 6  # a sentence at least this long is body text, not a label
_CAPTION_MAX_WORDS = 45
_CREDIT_MAX_WORDS = 10
_CTA_MAX_WORDS = 30
_TIMESTAMP_MAX_WORDS = 6


def is_sentence(line: str) -> bool:
    """True for a line that ends as a sentence does (an ellipsis does not count)."""
    return bool(_SENTENCE_END.search(line)) and not _ELLIPSIS.search(line)


def has_inner_sentence_end(line: str) -> bool:
    """True for a line holding a full sentence followed by more text (an excerpt cut
    mid-sentence: "… in 2006. The troops went to Afghanistan, more specifically the")."""
    return bool(_INNER_SENTENCE_END.search(line))


def is_cut_off_prose(line: str) -> bool:
    """True for prose cut off before its first sentence ended ("British troops were sent to
    Afghanistan …, more specifically the Helmand Province"): twelve words or more, most of
    them lowercase (no headline in title case, no list of names), and articles, which
    headlines and lists of them leave out ("Finland becomes NATO's 31st member")."""
    tokens = line.split()
    lowercase = sum(t[:1].islower() for t in tokens)
    articles = sum(t.lower() in ("the", "a", "an") for t in tokens)
    return len(tokens) >= 2 * BODY_MIN_WORDS and 2 * lowercase > len(tokens) and articles >= 2


def words(line: str) -> int:
    return len(line.split())


def fold(line: str) -> str:
    return " ".join(line.casefold().split())


@dataclass(frozen=True)
class Line:
    """A kept line; ``aside`` for a caption."""

    text: str
    aside: bool = False


# --- one line at a time -----------------------------------------------------------------

_NOISE = re.compile(
    "|".join(
        (
            r"(?:read|see|watch)\s+(?:more|also|next)(?:\s*:.*)?",
            r"(?:also read|related|more)(?:\s+(?:stories|articles|coverage|news|reading))?\s*:.*",
            r"(?:watch|listen|video|audio|podcast|gallery|in pictures|slideshow)\s*:.*",
            r"(?:advertisement|advertising)(?:\s*[-–—:|]\s*[\w ]{0,40})?|sponsored(?:\s+content)?",
            r"story continues below(?:\s+advertisement)?",
            r"we use cookies\b.*|accept (?:all )?cookies|(?:cookie|privacy) (?:policy|settings|preferences)",
            r"skip to (?:the )?(?:main )?(?:content|navigation|search|article)",
            r"read the (?:original|full) (?:article|story)\b.*",
            r"(?:this|the) (?:article|story) (?:was )?(?:originally|first) (?:appeared|published)\b.*",
            r"(?:this|the) (?:article|story|report) (?:has been|was) (?:updated|corrected|amended)\b.*",
            r"originally published\b.*",
            r"(?:tagged|tags|topics|filed under|categories|keywords|sources)\s*:.*",
            (
                r"share(?: this(?: article| story)?| on \w+)?\s*:?|like this\s*:?|follow us"
                r"|print|email this(?: article| story)?|copy link|link copied"
                r"|listen to (?:this )?(?:article|story)\b.*|\d+\s*min(?:ute)?s?\s+read"
            ),
            r"(?:\d+\s+)?comments?(?:\s*\(\d+\))?",
        )
    ),
    re.I,
)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright\b).*|.*\ball rights reserved\b.*"
    r"|.*\bmay not be (?:published|reproduced|republished|redistributed|rewritten|copied)\b.*",
    re.I,
)
_SHORT_COPYRIGHT = re.compile(r".*(?:©|\bcopyright\s+(?:\(c\)\s*)?\d{4}).*", re.I)  # "Reuters © 2016"
_SHORT_COPYRIGHT_MAX_WORDS = 12
# A call to action: an imperative that sends the reader to a channel or an account.
_CTA = re.compile(
    r"(?:follow\s+(?:us|(?:\S+\s+){1,3}on)|like\s+us|join\s+(?:us|our)|sign\s*up|subscribe|register|download"
    r"|get\s+(?:the|our)|click|tap|listen\s+(?:to|on)|send\s+(?:us|your)|e-?mail\s+us|contact\s+us|support\s+(?:us|our)"
    r"|donate|become\s+an?|log\s*in|sign\s*in|already\s+an?|stay\s+(?:informed|up\s+to\s+date|updated|connected)"
    r"|never\s+miss|don'?t\s+miss|want\s+(?:more|to))\b"
    r".*\b(?:newsletters?|inbox|twitter|facebook|instagram|telegram|whatsapp|youtube|tiktok|linkedin|bluesky"
    r"|mastodon|rss|apps?|podcasts?|alerts?|notifications?|subscri\w+|members?(?:hip)?|account|here"
    r"|x\.com)\b.*"
    r"|(?:follow|like|join|read|watch|listen|see|visit|find|get)\b.*(?:@\w+|https?://\S+|www\.\S+).*"
    r"|(?:subscribe|sign\s*up|donate)\b.*",
    re.I,
)
# Credits for the copy: "(Reporting by A in B; Additional reporting by C; Editing by D)".
_CREDIT_ROLE = (
    r"(?:additional |extra |further )?(?:reporting|writing|editing|compiled|compilation|research"
    r"|translation|translated|graphics|production|fact[- ]checking|reported|written|edited|produced)"
    r"(?:\s+and\s+\w+)?\s+by\b"
)
_INLINE_CREDIT = re.compile(r"\s*[(\[]\s*" + _CREDIT_ROLE + r"[^()\[\]]*[)\]]", re.I)
_CREDIT_LINE = re.compile(_CREDIT_ROLE + r"[^;]*(?:;\s*" + _CREDIT_ROLE + r"[^;]*)*", re.I)
_CONTRIBUTED = re.compile(r".*\bcontributed\s+(?:to\s+this\s+(?:report|story|article)|reporting)\b.*", re.I)
_CONTRIBUTED_MAX_WORDS = 25  # "Associated Press writer Zeke Miller in Washington contributed to this report."
# The agency in a wire dateline: "KARKAMIS, Turkey (Reuters) -", "MOSCOW, Sept 3 (AP) —",
# "WOODSIDE, California, Nov 15 (Reuters) -".
_DATELINE_AGENCY = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]+(?:[ -][A-Z][A-Z.'’-]+)*(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z0-9][\w.'’-]*){0,3}){0,2})"
    r"\s*\((?P<agency>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,2})\)\s*(?=[-—–])"
)
# A dateline that is only the agency: "(CNN) — …", "(Reuters) - …".
_AGENCY_LEAD = re.compile(r"^\([A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,2}\)\s*[-—–]\s*")
# An embedded post's link and attribution: "pic.twitter.com/x — IDF (@IDF) November 14, 2012".
_POST_LINK = re.compile(r"\s*(?:https?://)?(?:pic\.twitter\.com|t\.co)/\w+")
_POST_BYLINE = re.compile(r"\s*[—–-]\s*[^()—–]{1,60}\(@\w{1,15}\)\s+\w+\.?\s+\d{1,2},\s+\d{4}$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_EMAIL_LINE_MAX_WORDS = 20  # "Reach the reporter at jane@example.com"
_FOOTNOTE = re.compile(r"(?<=[\w.,;:!?\"”’)])\[(?:\d{1,3}|[a-z]|edit|citation needed|note \d+)\]|\[\s*\]", re.I)
# Image labels: "PHOTO: the leaders at …" (a caption) or "Image: Pete Souza/White House" (a credit).
_IMAGE_LABEL = re.compile(
    r"(?:(?:(?:file|main|top|lead|header)\s+)?(?:photo(?:graph)?|image|picture|pictured|graphic|illustration|map|chart"
    r"|caption|above|top|main)(?:\s*\([^)]*\))?(?:\s+(?:credit|courtesy|source|caption))?s?\s*[:|]"
    r"|(?:photo\s+|image\s+|picture\s+)?credits?\s*(?:[:|]|\.{3}|…)|courtesy\s*[:|]"
    r"|(?:image|media|video|photo)\s+(?:source|caption|credit)\s*,)"  # "Image caption, …" (read aloud)
    r"\s*(?P<rest>.+)",
    re.I,
)
_CREDIT_WORD = re.compile(
    r"by|via|of|and|for|the|courtesy|photo(?:graph(?:er)?)?s?|images?|pictures?|file|handout|pool|staff|credit"
    r"|illustration|graphic|map|video|press|service|office|agency|news",
    re.I,
)
_SLASH_CREDIT = re.compile(r"\w/\w")  # "Pete Souza/White House"; a breadcrumb has spaces: "Home / World"
_PHOTO_WORD = re.compile(r"\b(?:photo|image|picture|credit|getty|pool|file|handout|courtesy)\b", re.I)
_PHOTO_BY = re.compile(r"[(\[]?(?:photo(?:graph)?|image|picture)s?\s+(?:by|courtesy of|credit)\b.*", re.I)
# After a caption's last sentence: "(AP Photo/Evan Vucci)", "REUTERS/Umit Bektas/File Photo".
_AFTER_LAST_SENTENCE = re.compile(r"^(?P<caption>.*[.!?][\"'”’]?)\s+(?P<credit>[^.!?]*\S)$")
_MAP_LEGEND = re.compile(
    r"(?:an?\s+|the\s+)?(?:locator\s+|satellite\s+|interactive\s+)?map\s+(?:of|showing|shows|locating|"
    r"highlighting|depicting|indicating|with)\b.*",
    re.I,
)
_LOCATION_LEGEND = re.compile(r"location of\s+.*", re.I)
_LEGEND_MAX_WORDS = 30
_TIME_AGO = re.compile(
    r"\b(?:\d+|an?|one|a few)\s+(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?\s+ago\b",
    re.I,
)
_TIME_NOW = re.compile(r"(?:(?:updated|posted|published)\s*:?\s*)?(?:just now|yesterday|today)", re.I)
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

# What a line is: dropped; the credits that close the story; a heading after which the
# story is over; the heading of a box of links; a photo credit (its caption is the line
# before); a caption; text.
_DROP, _SIGNOFF, _END, _LINKS, _CREDIT, _ASIDE, _TEXT = "drop", "signoff", "end", "links", "credit", "aside", "text"


def is_credit(text: str) -> bool:
    """True for a short credit: names, agencies and credit words only ("Pete Souza/White
    House", "Official White House Photo by Pete Souza", "AFP via Getty Images")."""
    tokens = [t.strip(".,;:()[]|'\"“”‘’-–—") for t in re.split(r"[\s/]+", text)]
    tokens = [t for t in tokens if t]
    if not tokens or len(tokens) > _CREDIT_MAX_WORDS:
        return False
    if tokens[0].casefold() == "courtesy":
        return True
    return all(t[0].isupper() or t[0].isdigit() or _CREDIT_WORD.fullmatch(t) for t in tokens)


def _is_trailing_credit(text: str) -> bool:
    """The credit that follows a caption: in brackets, "Agency/Name", or "Photo: …"."""
    inner = text[1:-1] if text[:1] in "([" and text[-1:] in ")]" else None
    if inner is not None:
        return ("/" in inner or bool(_PHOTO_WORD.search(inner))) and words(inner) <= _CREDIT_MAX_WORDS
    if (label := _IMAGE_LABEL.fullmatch(text)) is not None:
        return is_credit(label["rest"])
    return bool(_SLASH_CREDIT.search(text) or text.endswith("Images")) and is_credit(text)


def _is_credit_line(line: str) -> bool:
    if _PHOTO_BY.fullmatch(line) and words(line) <= _CREDIT_MAX_WORDS + 2:
        return True
    return _is_trailing_credit(line)


def _is_timestamp(line: str) -> bool:
    """True for a line that tells the time relatively: "Yesterday", or a short line
    such as "World 2 hours ago"."""
    if _TIME_NOW.fullmatch(line):
        return True
    return bool(_TIME_AGO.search(line)) and words(line) <= _TIMESTAMP_MAX_WORDS and not is_sentence(line)


def _cut_inline(line: str) -> str:
    """``line`` without what is furniture inside it: copy credits in brackets, the agency
    of a dateline, an embedded post's link and attribution, footnote markers."""
    line = _INLINE_CREDIT.sub("", line)
    line = _DATELINE_AGENCY.sub(lambda m: m["place"] + " ", _AGENCY_LEAD.sub("", line))
    line = _POST_BYLINE.sub("", _POST_LINK.sub("", line))
    return " ".join(_FOOTNOTE.sub("", line).split())


def _is_furniture(line: str) -> bool:
    if _NOISE.fullmatch(line) or _COPYRIGHT.fullmatch(line) or _is_timestamp(line):
        return True
    if _SHORT_COPYRIGHT.fullmatch(line) and words(line) <= _SHORT_COPYRIGHT_MAX_WORDS:
        return True
    if _EMAIL.search(line) and words(line) <= _EMAIL_LINE_MAX_WORDS:
        return True
    if _CONTRIBUTED.fullmatch(line) and words(line) <= _CONTRIBUTED_MAX_WORDS:
        return True
    return bool(_CTA.fullmatch(line)) and words(line) <= _CTA_MAX_WORDS


def _is_signoff(line: str) -> bool:
    """True for the credits that close a wire story: "(Reporting by …; Editing by …)"."""
    if not _CREDIT_LINE.fullmatch(line.strip("()[] .")):
        return False
    return line.startswith(("(", "[")) or ";" in line or not is_sentence(line)


def _cut_icons(line: str) -> str | None:
    """The line with icon ligatures cut out; None if it is no sentence without them."""
    if not (_GLUED_ICON.search(line) or _LONE_ICON.search(line)):
        return line
    rest = " ".join(_LONE_ICON.sub(" ", _GLUED_ICON.sub("", line)).split())
    if not (is_sentence(rest) and words(rest) >= BODY_MIN_WORDS):
        return None
    # a sentence: cut only what is glued; a lone snake_case word may be the text's own
    return " ".join(_GLUED_ICON.sub("", line).split())


def _caption_of(line: str) -> str | None:
    """The caption a line holds once its label or trailing credit is cut, else None."""
    if (label := _IMAGE_LABEL.fullmatch(line)) is not None:
        rest = label["rest"].strip()
        return _caption_of(rest) or rest
    if (parts := _AFTER_LAST_SENTENCE.match(line)) and _is_trailing_credit(parts["credit"]):
        return parts["caption"]
    return None


def _classify(line: str, captions: frozenset[str]) -> tuple[str, str]:
    """What one line is (_DROP, _SIGNOFF, _END, _LINKS, _CREDIT, _ASIDE or _TEXT) and the
    text kept of it."""
    if _is_signoff(line):
        return _SIGNOFF, ""
    cut = _cut_inline(line)
    kept = _cut_icons(cut) if cut.strip("()[] .;,") else None
    if kept is None:
        return _DROP, ""
    if (heading := _heading(kept)) is not None:
        return heading, kept
    if _is_furniture(kept):
        return _DROP, ""
    if _is_credit_line(kept):
        return _CREDIT, ""
    if (caption := _caption_of(kept)) is not None:
        return _ASIDE, caption
    if fold(kept) in captions or (_MAP_LEGEND.fullmatch(kept) and words(kept) <= _LEGEND_MAX_WORDS):
        return _ASIDE, kept
    if _LOCATION_LEGEND.fullmatch(kept) and not is_sentence(kept) and words(kept) <= _LEGEND_MAX_WORDS:
        return _ASIDE, kept
    return _TEXT, kept


# --- lines in context -------------------------------------------------------------------

# Headings after which the page holds no more story: the copy's sources, notes, comments.
_END_HEADING = re.compile(
    r"(?:sources?|references|external links?|sister links|notes|footnotes|bibliography|further reading"
    r"|see also|comments?(?:\s*\(\d+\))?|\d+ comments?|discussion|have your say|join the (?:discussion|conversation)"
    r"|leave a (?:comment|reply)|about the authors?)",
    re.I,
)
# Headings of a box of links, which the story may follow.
_LINKS_HEADING = re.compile(
    r"(?:related(?:\s+(?:news|stories|articles|coverage|content|links|topics|reading|posts|videos))?"
    r"|more (?:on|about) this (?:story|topic)|more (?:stories|news|headlines)|read (?:more|next|also)|also read"
    r"|see more|recommended(?:\s+(?:for you|stories|reading|articles))?|you (?:may|might) also (?:like|be interested in)"
    r"|most (?:read|popular|viewed|shared|watched)|trending(?:\s+(?:now|stories|news))?|top stories"
    r"|latest(?:\s+(?:news|stories|headlines))?|don'?t miss|editor'?s picks|what to read next|in other news"
    r"|from around the web|around the web|elsewhere on [\w .'-]{1,30}|more from [\w .'-]{1,30})",
    re.I,
)
_HEADING_TRIM = ":›»>|-–— "
_DATED_HEADLINE_SEPARATOR = re.compile(r"\s*[:–—-]\s+\S")


def _heading(line: str) -> str | None:
    bare = line.strip(_HEADING_TRIM)
    if _END_HEADING.fullmatch(bare):
        return _END
    return _LINKS if _LINKS_HEADING.fullmatch(bare) else None


def _is_dated_headline(line: str) -> bool:
    """True for a link-list item: a date, a separator and a headline ("2 April 2012:
    Suu Kyi claims a seat")."""
    found = find_date(line)
    if found is None or found[1].start() != 0:
        return False
    rest = line[found[1].end() :]
    return bool(_DATED_HEADLINE_SEPARATOR.match(rest)) and not is_sentence(rest)


def reads_as_prose(line: str) -> bool:
    """True for a line of the story's prose: six words or more, and a sentence or more."""
    return words(line) >= BODY_MIN_WORDS and (is_sentence(line) or has_inner_sentence_end(line))


def _mark_captions_before_credits(kinds: list[tuple[str, str]]) -> None:
    """A credit line follows its caption: the line just before it (no blank line between)
    is a caption, unless it is too long for one."""
    for i in range(1, len(kinds)):
        previous_kind, previous = kinds[i - 1]
        if kinds[i][0] == _CREDIT and previous_kind == _TEXT and words(previous) <= _CAPTION_MAX_WORDS:
            kinds[i - 1] = (_ASIDE, previous)


def _drop_link_lists(kinds: list[tuple[str, str]], blank: list[bool]) -> None:
    """Once the story has begun, an end heading or the closing credits end it: what
    follows is dropped. A links heading and the lines after it are dropped until prose
    or a caption comes (above the story, where menus lead into the headline and the
    byline, also until a blank line)."""
    seen_prose = in_links = False
    for i, (kind, text) in enumerate(kinds):
        if kind in (_END, _SIGNOFF) and seen_prose:
            kinds[i:] = [(_DROP, "")] * (len(kinds) - i)
            return
        prose = kind in (_TEXT, _ASIDE) and reads_as_prose(text)
        ends_list = prose or kind == _ASIDE or (blank[i] and not seen_prose)
        in_links = kind in (_END, _LINKS) or (in_links and not ends_list)
        if in_links or kind == _SIGNOFF:
            kinds[i] = (_DROP, "")
        seen_prose = seen_prose or prose


def _drop_dated_headline_runs(kinds: list[tuple[str, str]]) -> None:
    """Drop runs of two or more dated headlines (blank or dropped lines between them)."""
    run: list[int] = []
    for i, (kind, text) in enumerate([*kinds, (_TEXT, "")]):
        if kind == _TEXT and _is_dated_headline(text):
            run.append(i)
        elif kind in (_TEXT, _ASIDE, _CREDIT):
            if len(run) > 1:
                kinds[run[0] : run[-1] + 1] = [(_DROP, "")] * (run[-1] + 1 - run[0])
            run = []


def sweep(lines: Sequence[str], captions: Iterable[str] = ()) -> list[Line | None]:
    """``lines`` (normalised; "" for a blank line) with furniture dropped (None) and
    captions marked; ``captions`` are caption texts an HTML page gave."""
    folded = frozenset(fold(c) for c in captions)
    kinds = [_classify(line, folded) if line else (_DROP, "") for line in lines]
    _mark_captions_before_credits(kinds)
    _drop_link_lists(kinds, [not line for line in lines])
    _drop_dated_headline_runs(kinds)
    return [Line(text, kind == _ASIDE) if kind in (_TEXT, _ASIDE) else None for kind, text in kinds]
