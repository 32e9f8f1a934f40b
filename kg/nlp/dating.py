"""Time expressions: when did an event happen?

Two steps:

- :func:`resolve` turns one time expression ("Wednesday", "last year", "June 2024", "two
  weeks ago") into a :class:`~kg.model.TimeValue` at the precision the text gives, resolving
  relative expressions against the article's publication date and the verb's tense.
- :func:`event_date` picks, for an event's trigger word, the DATE entity of its sentence that
  the syntax ties to that event, and resolves it.

No date is better than a wrong one. Vague ("around May", "the 1990s"), anaphoric ("that day",
"the next day", "at the time"), duration ("for two years", "120 days") and ambiguous
expressions resolve to None, and so does every relative expression when the publication date
is unknown. Conventions, where English leaves a choice:

- A bare weekday, month or day of the year ("Wednesday", "in June", "March 1") is the most
  recent one on or before the publication date, unless the tense is future: then the next one
  on or after it. The publication day itself counts both ways. A bare month that is the
  publication month in a past-tense clause is ambiguous (this month is "earlier this month";
  "in April" in an April article may well be last year's): None.
- "last Thursday" must be both the most recent Thursday before publication and one in the
  previous calendar week (Monday to Sunday); "next Thursday" the first after publication and
  one in the next calendar week. Where the two readings differ the phrase is ambiguous: None.
- "last July", "last spring": the most recent one before the current month or season.
- Week-long spans ("earlier this week", "last week", "the weekend", "two weeks ago") are given
  at month precision when the whole span lies in one month, else None (dev/articles/README.md
  annotates "earlier this week" that way).
- "overnight" is the night before publication, reported on the publication day: the
  publication date, but only for a past-tense verb.
- Seasons are the northern meteorological ones (spring March-May, ...); a winter spans two
  years, so it resolves only when the text gives the year.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Literal

from kg.event_types import STATEMENT
from kg.model import TimeValue
from kg.nlp import lexicon
from kg.nlp.scan import doc_ents, once_per_doc
from kg.registry import trigger_heads

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

Tense = Literal["past", "present", "future"]

_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tues": 1,
    "tue": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thurs": 3,
    "thur": 3,
    "thu": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
#: First month of each (northern, meteorological) season.
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_UNITS = {
    "zero": 0,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
#: Days from publication of the expressions that name one day outright.
_DEICTIC_DAYS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "last night": -1,
    "tomorrow": 1,
    "day before yesterday": -2,
    "day after tomorrow": 2,
}


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))  # longest first: "sept" before "sep"


_M = rf"(?P<month>{_alternatives(_MONTHS)})"
_W = rf"(?P<weekday>{_alternatives(_WEEKDAYS)})"
_D = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_Y = r"(?P<year>\d{4})"
_S = rf"(?P<season>{_alternatives(_SEASONS)})"
_UNIT = _alternatives(_UNITS)
_NUMBER_WORD = rf"(?:{_alternatives(_TENS)})(?: (?:{_UNIT}))?|{_UNIT}"  # "forty eight", "a"
_N = rf"(?P<number>\d+|{_NUMBER_WORD})"
_REL = r"(?P<rel>last|this|next)"
_PART = r"(?:(?P<part>earlier|later) )?"

#: Words in front of an expression that neither move nor narrow it at the precision we give
#: ("late on Tuesday" is Tuesday, "in early March" is March). Longest first.
_LEADING = re.compile(
    r"^(?:as of|early hours of|hours of|(?:morning|afternoon|evening|night) of|(?:later|earlier) on"
    r"|(?:start|end|beginning|middle|close) of|on|in|at|during|since|by|from|of|over|the"
    r"|only|just|early|late|mid)\s+"
)
_TIME_OF_DAY = re.compile(r"\s+(?:morning|afternoon|evening|night)$")
_SPAN_OF_PERIOD = re.compile(r"\b(?:start|end|beginning|middle|close) of the (year|month|week)\b")


def resolve(expression: str, published: dt.date | None, tense: Tense = "past") -> TimeValue | None:
    """The time ``expression`` names, as of an article published on ``published``.

    ``tense`` is that of the verb the expression belongs to: it decides whether a bare
    "Wednesday" or "in June" looks back (past, present) or ahead (future). None when the
    expression is no point in time or cannot be resolved reliably.
    """
    text = _normalise(expression)
    for pattern, absolute in _ABSOLUTE:
        if match := pattern.fullmatch(text):
            return absolute(match)
    for pattern, relative in _RELATIVE:
        if match := pattern.fullmatch(text):
            return None if published is None else relative(match, published, tense)
    return None


def _normalise(expression: str) -> str:
    text = expression.casefold().replace("\u2019", "'").replace("\u2018", "'").strip()
    if re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", text):
        return text  # ISO dates keep their hyphens
    text = re.sub(r"'s\b|'", " ", text)  # "last year's", "Sunday's"
    text = re.sub(r"[^\w\s]|_", " ", text.replace("-", " "))  # "mid-January", "Sept."
    text = _SPAN_OF_PERIOD.sub(r"this \1", " ".join(text.split()))
    while match := _LEADING.match(text):
        text = text[match.end() :]
    if text not in _DEICTIC_DAYS:
        text = _TIME_OF_DAY.sub("", text)  # "Tuesday evening", "yesterday morning"
    return text


# --- expressions that name their time outright ----------------------------------------------

_Match = re.Match[str]


def _iso(match: _Match) -> TimeValue | None:
    year, month, day = int(match["year"]), int(match["mm"]), match["dd"]
    if _date(year, month, int(day or 1)) is None:
        return None  # "1950-53" is a range, not a month
    return TimeValue.of(year, month, None if day is None else int(day))


def _year(match: _Match) -> TimeValue | None:
    return TimeValue.of(int(match["year"]))


def _month_year(match: _Match) -> TimeValue | None:
    return TimeValue.of(int(match["year"]), _MONTHS[match["month"]])


def _full_date(match: _Match) -> TimeValue | None:
    date = _date(int(match["year"]), _MONTHS[match["month"]], int(match["day"]))
    return _checked_day(date, match["weekday"])


_ABSOLUTE: tuple[tuple[re.Pattern[str], Callable[[_Match], TimeValue | None]], ...] = (
    (re.compile(r"(?P<year>\d{4})-(?P<mm>\d{2})(?:-(?P<dd>\d{2}))?"), _iso),
    (re.compile(rf"(?:year )?{_Y}"), _year),
    (re.compile(rf"{_S} (?:of )?{_Y}"), _year),  # "the summer of 2014"
    (re.compile(rf"{_Y} {_S}"), _year),
    (re.compile(rf"{_M} (?:of )?{_Y}"), _month_year),
    (re.compile(rf"(?:{_W} )?{_M} {_D} {_Y}"), _full_date),
    (re.compile(rf"(?:{_W} )?(?:the )?{_D} (?:of )?{_M} {_Y}"), _full_date),
)


# --- expressions relative to the publication date -------------------------------------------

_SHIFT = {"last": -1, "this": 0, "next": 1}


def _month_relative_year(match: _Match, published: dt.date, tense: Tense) -> TimeValue | None:
    return TimeValue.of(published.year + _SHIFT[match["rel"]], _MONTHS[match["month"]])


def _day_of_year(match: _Match, published: dt.date, tense: Tense) -> TimeValue | None:
    month, day = _MONTHS[match["month"]], int(match["day"])
    step = 1 if tense == "future" else -1
    # This year, else the neighbouring one (or the next leap year, for February 29).
    for year in range(published.year, published.year + 8 * step, step):
        date = _date(year, month, day)
        if date is not None and (date >= published if step > 0 else date <= published):
            return _checked_day(date, match["weekday"])
    return None


def _month(match: _Match, published: dt.date, tense: Tense) -> TimeValue | None:
    month = _MONTHS[match["month"]]
    if tense == "future":
        return TimeValue.of(published.year + (month < published.month), month)
    if month == published.month:
        return None  # a past event this month is "earlier this month"; "in April" is ambiguous
    return TimeValue.of(published.year - (month > published.month), month)


def _relative_month(match: _Match, published: dt.date, tense: Tense) -> TimeValue | None:
    """last/this/next June: the one before, in or after the current month's year."""
    month, rel = _MONTHS[match["month"]], match["rel"]
    if rel == "last":
        return TimeValue.of(published.year - (month >= published.month), month)
    if rel == "next":
        return TimeValue.of(published.year + (month <= published.month), month)
    return TimeValue.of(published.year, month)


def _weekday(match: _Match, published: dt.date, tense: Tense) -> TimeValue | None:
    offset = _WEEKDAYS[match["weekday"]] - published.weekday()
    days = offset % 7 if tense == "future" else -(-offset % 7)
    return _day(published + dt.timedelta(days=days))


def _relative_weekday(match: _Match, published: dt.date, tense: Tense) -> TimeValue | None:
    weekday, rel = _WEEKDAYS[match["weekday"]], match["rel"]
    monday = published - dt.timedelta(days=published.weekday())
    in_week = monday + dt.timedelta(days=7 * _SHIFT[rel] + weekday)
    if rel == "this":
        return _day(in_week)
    if rel == "last":
        nearest = published - dt.timedelta(days=(published.weekday() - weekday - 1) % 7 + 1)
    else:
        nearest = published + dt.timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)
    return _day(nearest) if nearest == in_week else None


def _deictic_day(match: _Match, published: dt.date, tense: Tense) -> TimeValue | None:
    return _day(published + dt.timedelta(days=_DEICTIC_DAYS[match["deictic"]]))


def _overnight(match: _Match, published: dt.date, tense: Tense) -> TimeValue | None:
    return _day(published) if tense == "past" else None


def _relative_year(match: _Match, published: dt.date, tense: Tense) -> TimeValue | None:
    return TimeValue.of(published.year + _SHIFT[match["rel"]])


def _relative_month_unit(match: _Match, published: dt.date, tense: Tense) -> TimeValue | None:
    return TimeValue.of(*_add_months(published.year, published.month, _SHIFT[match["rel"]]))


def _relative_week(match: _Match, published: dt.date, tense: Tense) -> TimeValue | None:
    monday = published - dt.timedelta(days=published.weekday())
    start = monday + dt.timedelta(days=7 * _SHIFT[match["rel"]])
    end = start + dt.timedelta(days=6)
    if match["rel"] == "this" and match["part"] == "earlier":
        end = max(monday, published - dt.timedelta(days=1))
    elif match["rel"] == "this" and match["part"] == "later":
        start = min(end, published + dt.timedelta(days=1))
    return _month_of_span(start, end)


def _weekend(match: _Match, published: dt.date, tense: Tense) -> TimeValue | None:
    rel = match["rel"]
    if rel is None:  # "the weekend": the latest one begun (past) or the coming one (future)
        rel = "last" if tense != "future" and published.weekday() < 5 else "this"
    saturday = published + dt.timedelta(days=5 - published.weekday() + 7 * _SHIFT[rel])
    return _month_of_span(saturday, saturday + dt.timedelta(days=1))


def _ago(match: _Match, published: dt.date, tense: Tense) -> TimeValue | None:
    count, unit = _number(match["number"]), match["unit"]
    if unit == "day":
        return _day(published - dt.timedelta(days=count))
    if unit == "week":  # "two weeks ago" is loose: half a week either side of the day
        middle = published - dt.timedelta(days=7 * count)
        return _month_of_span(middle - dt.timedelta(days=3), middle + dt.timedelta(days=3))
    if unit == "month":
        return TimeValue.of(*_add_months(published.year, published.month, -count))
    return TimeValue.of(published.year - count)


def _season(match: _Match, published: dt.date, tense: Tense) -> TimeValue | None:
    start, rel = _SEASONS[match["season"]], match["rel"]
    if start == 12:
        return None  # a winter spans two years
    if rel == "this":
        return TimeValue.of(published.year)
    # Season instances as (year, first month); the winter of 2012 begins in December 2012.
    current = _season_start(published)
    instances = [(current[0] + shift, start) for shift in (-1, 0, 1)]
    if rel == "last":
        chosen = max(i for i in instances if i < current)
    elif rel == "next":
        chosen = min(i for i in instances if i > current)
    elif tense != "future":
        chosen = max(i for i in instances if i <= current)
    else:
        chosen = min(i for i in instances if i >= current)
    return TimeValue.of(chosen[0])


_RELATIVE: tuple[tuple[re.Pattern[str], Callable[[_Match, dt.date, Tense], TimeValue | None]], ...] = (
    (re.compile(rf"{_M} (?:of )?{_REL} year"), _month_relative_year),
    (re.compile(rf"(?:{_W} )?{_M} {_D}"), _day_of_year),
    (re.compile(rf"(?:{_W} )?(?:the )?{_D} (?:of )?{_M}"), _day_of_year),
    (re.compile(_M), _month),
    (re.compile(rf"{_REL} {_M}"), _relative_month),
    (re.compile(_W), _weekday),
    (re.compile(rf"{_REL} {_W}"), _relative_weekday),
    (re.compile(rf"(?P<deictic>{_alternatives(_DEICTIC_DAYS)})"), _deictic_day),
    (re.compile(r"overnight"), _overnight),
    (re.compile(rf"{_PART}{_REL} year"), _relative_year),
    (re.compile(rf"{_PART}{_REL} month"), _relative_month_unit),
    (re.compile(rf"{_PART}{_REL} week"), _relative_week),
    (re.compile(r"(?:(?P<rel>last|this|next) )?weekend"), _weekend),
    (re.compile(rf"{_N} (?P<unit>day|week|month|year)s? ago"), _ago),
    (re.compile(rf"(?:{_REL} )?{_S}"), _season),
)


# --- calendar helpers ----------------------------------------------------------------------


def _number(text: str) -> int:
    """ "48", "forty eight", "a"."""
    if text.isdigit():
        return int(text)
    return sum(_TENS.get(word, 0) + _UNITS.get(word, 0) for word in text.split())


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day(date: dt.date | None) -> TimeValue | None:
    return None if date is None else TimeValue(date.isoformat())


def _checked_day(date: dt.date | None, weekday: str | None) -> TimeValue | None:
    """The day, unless the text also names a weekday that contradicts it."""
    if date is None or (weekday is not None and _WEEKDAYS[weekday] != date.weekday()):
        return None
    return _day(date)


def _add_months(year: int, month: int, shift: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + shift
    return index // 12, index % 12 + 1


def _month_of_span(start: dt.date, end: dt.date) -> TimeValue | None:
    if (start.year, start.month) != (end.year, end.month):
        return None
    return TimeValue.of(start.year, start.month)


def _season_start(date: dt.date) -> tuple[int, int]:
    """(year, first month) of the season ``date`` falls in."""
    if date.month < 3:
        return date.year - 1, 12
    return date.year, max(start for start in _SEASONS.values() if start <= date.month)


# --- event dates ---------------------------------------------------------------------------

#: Prepositions whose DATE is not the event's time: "for two years", "before Tuesday", "until
#: Friday", "from 2014 to 2016" (the start, "from", is kept).
_NOT_AT = frozenset(
    {"for", "before", "after", "until", "till", "within", "between", "than", "to", "ahead", "prior", "throughout"}
)
#: Words that link an event to another at a different time: "after hosting Kim", "ahead of a
#: summit", "the first since the invasion", "before leaving", "arrived from a summit".
_OTHER_TIME = frozenset({"before", "after", "until", "till", "ahead", "prior", "since", "once", "than", "from"})
#: Prepositions that make an event noun the setting of another event, which then happens
#: during it: "signed ... at a summit", "said in a televised address", "agreed in a call".
_SETTING_PREPS = frozenset({"at", "during", "in", "on", "over", "amid"})
#: Words that make a time expression point at a time given elsewhere: "that evening", "the
#: next day", "a day earlier". Such a date belongs to the event but cannot be resolved here.
_ANAPHORIC = re.compile(r"\b(?:that|same|next day|previous|following|earlier|later|then)\b")
#: Verbs whose infinitive is a later, intended event: "plans to visit", "is due to hold",
#: "is to lead", "offered to meet", "agreed to open talks". The infinitive is future and does
#: not share the governing verb's date.
_INTENT_VERBS = frozenset(
    {
        "go",
        "due",
        "plan",
        "expect",
        "schedule",
        "set",
        "intend",
        "aim",
        "be",
        "prepare",
        "likely",
        "agree",
        "offer",
        "decide",
        "promise",
        "pledge",
        "vow",
        "threaten",
        "invite",
        "ask",
        "urge",
        "want",
        "hope",
        "seek",
        "propose",
    }
)
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
#: Words that put their clause in the future: "was due in Seoul today", "is set to sign".
_FUTURE_MARKERS = frozenset({"due", "set", "likely", "expect", "schedule", "go", "plan"})
#: Verbs about an event rather than of it: their date is when it was discussed, planned or
#: judged, not when it happened ("Trump called off the summit on Thursday").
_ABOUT_VERBS = trigger_heads("verb", (STATEMENT,)) | frozenset(
    {
        "discuss",
        "plan",
        "propose",
        "cancel",
        "postpone",
        "prepare",
        "approve",
        "reject",
        "oppose",
        "support",
        "back",
        "endorse",
        "invite",
        "want",
        "hope",
        "expect",
        "consider",
        "seek",
        "recall",
        "remember",
        "mark",
        "commemorate",
        "celebrate",
        "follow",
        "precede",
        "authorise",
        "authorize",
        "offer",
        "decide",
    }
)
#: Verbs that order two events; the dates the parser hangs on them belong to their object,
#: the earlier event ("followed talks on July 13").
_SEQUENCE_VERBS = frozenset({"follow", "precede", "cap", "crown"})
_EVENT_VERBS = trigger_heads("verb")
_EVENT_NOUNS = trigger_heads("noun") | lexicon.AGREEMENT_NOUNS
#: Dependencies through which a verb shares its governing verb's time: "deepened ties in June
#: 2024 by signing", "began to seize at the end of February", "flew in on Sunday and held
#: talks", "talks held on Monday".
_SHARING_DEPS = frozenset({"xcomp", "advcl", "pcomp", "conj", "acl"})

_Rank = tuple[int, int]  # (level, distance): lower is closer


def event_date(trigger: Token, published: dt.date | None) -> TimeValue | None:
    """The time of the event ``trigger`` (a verb like "met", a noun like "summit") denotes.

    Only DATE entities of the trigger's sentence count, ranked by how directly the syntax
    ties them to the trigger:

    0. the DATE's head chain reaches the trigger before any other verb or event noun ("met
       ... on Wednesday", "last year's incursion", "the June 2024 treaty"), or the trigger's
       clause hangs on the DATE ("since 2011, when Kim Jong-il met Medvedev");
    1. it reaches a verb or noun the trigger shares its time with: the verb governing a noun
       trigger ("came Wednesday during a meeting", "launched an attack ... in August 2024"),
       a verb governing a participle or conjunct ("in June 2024 by signing"), a clause on a
       noun trigger ("the declaration Kim signed ... on April 27"), the trigger's event-noun
       object or participle clause ("held talks on Thursday", "Speaking on Tuesday, Putin
       said"), or an event that is the trigger's setting ("signed ... at a summit in Moscow
       last July");
    2. it belongs to the trigger's clause (the same governing verb);
    3. it is the only DATE in a sentence with no other event word.

    Sharing stops at verbs that are about an event rather than of it ("called off the
    summit", "said", "discussed"), at intentions ("agreed to hold talks") and at other times
    ("after the signing", "ahead of a summit"). A date after publication in a past-tense
    clause belongs to some planned event and is skipped. At the best rank the nearest DATE
    wins; a tie between incompatible values, or a best-ranked DATE that points elsewhere
    ("the next day"), gives None.
    """
    chain = _sharing_chain(trigger)
    ranked: list[tuple[_Rank, TimeValue | None]] = []
    resolved: list[TimeValue] = []
    # "took them to Poroshenko last Thursday and to Putin in Moscow the next day": what
    # follows a gapped conjunct ("and to Putin") is its time, not the verb's
    gap = min((c.i for c in trigger.children if c.dep_ == "conj" and c.pos_ == "ADP"), default=None)
    for span in _date_spans(trigger.sent):
        if gap is not None and span.start > gap:
            continue
        owner, _ = _owner(span, chain)
        tense = tense_of(owner or trigger)
        value = resolve(span.text, published, tense)
        if value is not None and tense == "past" and _after(value, published):
            continue  # "invited him for a visit next spring": a planned event's date
        rank = _rank(span, trigger, chain)
        if value is not None:
            resolved.append(value)
        if rank is not None and (value is not None or _ANAPHORIC.search(span.text.lower())):
            ranked.append((rank, value))
    if ranked:
        return _best(ranked)
    if len(resolved) == 1 and not _other_event_words(trigger) and not _elsewhen(trigger):
        return resolved[0]
    return None


def _elsewhen(trigger: Token) -> bool:
    """An event its clause's news came from: "reached Singapore on Sunday straight from a
    summit" (Sunday is the day of arriving, not of the summit). "ahead of a summit ... on
    Sunday" is not one: its loosely attached date is often the summit's own."""
    return any(t.lower_ == "from" for t in _up_to_predicate(trigger)[1][1:])


def sentence_date(sentence: Span, published: dt.date | None) -> TimeValue | None:
    """The one time a sentence names: all its point-in-time expressions agree (a month and
    a day in it count as one time when the day lies in the month), else None."""
    values = [
        value
        for span in _date_spans(sentence)
        if (value := resolve(span.text, published, tense_of(span.root))) is not None and not _after(value, published)
    ]
    finest = max(values, key=lambda v: len(v.value), default=None)
    if finest is None or not all(v.compatible(finest) for v in values):
        return None
    return finest


def _after(value: TimeValue, published: dt.date | None) -> bool:
    """True when all of ``value`` lies after the publication date."""
    return published is not None and value.value > published.isoformat()[: len(value.value)]


def _date_spans(sentence: Span) -> Iterator[Span]:
    """The sentence's DATE entities that can be an event's time, each extended over a
    dangling "of" ("the early hours of" + "Tuesday" is one expression)."""
    covered = -1
    for ent in _doc_dates(sentence.doc):
        if not sentence.start <= ent.start < sentence.end or ent.start < covered:
            continue
        span = ent
        if ent[-1].lower_ == "of":
            end = max(t.i for t in ent[-1].subtree) + 1
            span = ent.doc[ent.start : end]
        covered = span.end
        if _is_point_in_time(span):
            yield span


def _doc_dates(doc: Doc) -> list[Span]:
    """The DATE entities of ``doc``, found once per document (``Span.ents`` walks every
    entity of the document each time it is asked)."""
    return once_per_doc(doc, "kg.dates", lambda: [e for e in doc_ents(doc) if e.label_ == "DATE"])


def _is_point_in_time(span: Span) -> bool:
    if span.root.dep_ != "pobj":
        return True
    preposition = span.root.head
    if preposition.lower_ == "of":  # "ahead of Tuesday": the word before "of" decides
        preposition = preposition.head
    return preposition.lower_ not in _NOT_AT


def _is_predicate(token: Token) -> bool:
    if token.pos_ == "VERB":
        # A participle describing a noun is part of that noun's phrase, unless it is an event
        # itself: "an understanding outlining the cuts at a summit", "talks held on Monday".
        return not (token.dep_ == "acl" and token.tag_ in ("VBG", "VBN") and token.lemma_.lower() not in _EVENT_VERBS)
    if token.pos_ == "AUX":
        return token.dep_ not in ("aux", "auxpass")
    return _is_event_noun(token)


def _is_event_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in _EVENT_NOUNS


def _ancestors(token: Token) -> Iterator[tuple[Token, int]]:
    """``token``'s heads up to the root, with their distance."""
    distance = 0
    while token.head.i != token.i:
        token, distance = token.head, distance + 1
        yield token, distance


def _up_to_predicate(token: Token) -> tuple[Token | None, list[Token], int]:
    """The first predicate above ``token``, the path from ``token`` up to it (exclusive)
    and its distance."""
    path = [token]
    for ancestor, distance in _ancestors(token):
        if _is_predicate(ancestor):
            return ancestor, path, distance
        path.append(ancestor)
    return None, path, 0


def _date_root(span: Span) -> Token:
    """The root of a DATE, or of the first DATE it is coordinated with: "in 2000 and 2007"
    gives both the same distance, so the tie leaves a distributive event undated."""
    root = span.root
    while root.dep_ == "conj" and root.head.ent_type_ == "DATE":
        root = root.head
    return root


def _owner(span: Span, chain: dict[int, int]) -> tuple[Token | None, int]:
    """The first predicate (or member of the trigger's chain) on the DATE's head chain, and
    its distance."""
    for token, distance in _ancestors(_date_root(span)):
        if not span.start <= token.i < span.end and (token.i in chain or _is_predicate(token)):
            return token, distance
    return None, 0


def _shared_governor(token: Token) -> tuple[Token, int] | None:
    """The predicate ``token``'s event takes its time from, if any, and its distance."""
    governor, path, distance = _up_to_predicate(token)
    if governor is None or any(t.lower_ in _OTHER_TIME for t in path[1:]):
        return None  # "ahead of a summit", "after the signing"
    if _is_setting(token):
        return governor, distance  # "said in a televised address on Tuesday"
    if governor.lemma_.lower() in _SEQUENCE_VERBS and token.dep_ == "dobj":
        return governor, distance  # "the deal followed talks in Istanbul on July 13"
    if governor.lemma_.lower() in _ABOUT_VERBS:
        return None
    if token.pos_ in ("VERB", "AUX") and not _verb_shares(token, governor):
        return None
    return governor, distance


def _verb_shares(verb: Token, governor: Token) -> bool:
    if verb.dep_ not in _SHARING_DEPS:
        return False
    if verb.dep_ == "xcomp" and governor.lemma_.lower() in _INTENT_VERBS:
        return False
    subordinators = {child.lower_ for child in verb.children if child.dep_ == "mark"}
    if verb.dep_ == "pcomp":
        subordinators.add(verb.head.lower_)
    return not subordinators & _OTHER_TIME  # "after hosting Kim", "before leaving"


def _sharing_chain(trigger: Token) -> dict[int, int]:
    """Token index -> distance of the trigger and every predicate it shares its time with."""
    chain = {trigger.i: 0}
    token, total = trigger, 0
    while (step := _shared_governor(token)) is not None and step[0].i not in chain:
        token, total = step[0], total + step[1]
        chain[token.i] = total
    if _describes_its_head(trigger):
        chain.setdefault(trigger.head.i, 1)  # "a framework that negotiators reached"
    return chain


def _describes_its_head(verb: Token) -> bool:
    """A relative clause or participle that creates its noun ("a framework that negotiators
    reached" on April 2) or happens during it ("a meeting at which Putin thanked Erdoğan")."""
    if verb.pos_ != "VERB" or verb.dep_ not in ("relcl", "acl"):
        return False
    return verb.lemma_.lower() not in _ABOUT_VERBS or any(
        (
            child.dep_ == "prep"
            and child.lower_ in _SETTING_PREPS
            and any(grand.tag_ == "WDT" for grand in child.children)
        )
        or child.lower_ == "when"
        for child in verb.children
    )


def _shares_with_head(token: Token) -> bool:
    """An event that is one with the verb above it: its object ("held talks on Thursday")
    or a participle clause ("Speaking to reporters on Tuesday, Putin said")."""
    if token.head.lemma_.lower() in _ABOUT_VERBS and token.dep_ != "advcl":
        return False
    if _is_event_noun(token):
        return token.dep_ in ("dobj", "nsubjpass")
    is_participle = token.dep_ == "advcl" and token.tag_ in ("VBG", "VBN")
    return is_participle and _verb_shares(token, token.head)


def _noun_of(token: Token) -> Token:
    """The noun an apposition renames ("the summit, a two-day gathering"), else the token."""
    return token.head if token.dep_ == "appos" else token


def _setting_of(noun: Token) -> tuple[Token, int] | None:
    """The predicate an event noun is the setting of ("at a summit"), and its distance."""
    governor, _, distance = _up_to_predicate(noun)
    return None if governor is None or not _is_setting(noun) else (governor, distance)


def _is_setting(token: Token) -> bool:
    """True for an event noun after "at", "during", "in", ...: "at a summit"."""
    return token.pos_ in ("NOUN", "PROPN") and token.dep_ == "pobj" and token.head.lower_ in _SETTING_PREPS


def _rank(span: Span, trigger: Token, chain: dict[int, int]) -> _Rank | None:
    owner, distance = _owner(span, chain)
    above = _date_above(span, chain)
    if above is not None:
        return 0, above
    if owner is None:
        return None
    if owner == trigger:
        return 0, distance
    if owner.i in chain:
        return 1, distance + chain[owner.i]
    if owner.dep_ in ("acl", "relcl") and _noun_of(owner.head) == trigger:
        return 1, distance + 1  # "the declaration Kim signed on April 27"
    if owner.head.i in chain and _shares_with_head(owner):
        return 1, distance + 1 + chain[owner.head.i]
    setting = _setting_of(owner) if _is_event_noun(owner) else None
    if setting is not None and setting[0].i in chain:
        return 1, distance + setting[1] + chain[setting[0].i]
    clause_verb = _clause_verb(trigger)
    if owner == clause_verb and owner.lemma_.lower() not in _ABOUT_VERBS and not _elsewhen(trigger):
        return 2, distance
    return None


def _date_above(span: Span, chain: dict[int, int]) -> int | None:
    """The distance from the trigger's chain up to ``span``, when a clause of the chain hangs
    on the DATE ("in 2011, when Kim Jong-il met Medvedev")."""
    for index, base in chain.items():
        for ancestor, distance in _ancestors(span.doc[index]):
            if span.start <= ancestor.i < span.end:
                return base + distance
            if _is_predicate(ancestor) or ancestor.lower_ in _OTHER_TIME:
                break
    return None


def _clause_verb(token: Token) -> Token | None:
    if token.pos_ in ("VERB", "AUX") and _is_predicate(token):
        return token
    return next(
        (t for t, _ in _ancestors(token) if t.pos_ in ("VERB", "AUX") and _is_predicate(t)),
        None,
    )


def _best(ranked: list[tuple[_Rank, TimeValue | None]]) -> TimeValue | None:
    top = min(level for (level, _), _ in ranked)
    if any(value is None for (level, _), value in ranked if level == top):
        return None  # the event's own time is given relative to something we cannot see
    nearest = min(rank for rank, _ in ranked if rank[0] == top)
    values = [value for rank, value in ranked if rank == nearest and value is not None]
    finest = max(values, key=lambda value: len(value.value))
    return finest if all(finest.compatible(value) for value in values) else None


def _other_event_words(trigger: Token) -> bool:
    return any(
        token != trigger and ((token.pos_ == "VERB" and token.lemma_.lower() in _EVENT_VERBS) or _is_event_noun(token))
        for token in trigger.sent
    )


def tense_of(token: Token) -> Tense:
    """The tense of the event ``token`` denotes: that of its verb, or of the verb governing
    a noun trigger. Future for "will", "is going to", "is due to", "plans to", "is expected
    to"; past for past forms and perfects; present for "says", "is meeting"."""
    verb = _clause_verb(token)
    return "past" if verb is None else _verb_tense(verb)


def _verb_tense(verb: Token) -> Tense:
    auxes = {child.lower_ for child in verb.children if child.dep_ in ("aux", "auxpass")}
    if auxes & _FUTURE_AUX or any(
        child.dep_ in ("acomp", "xcomp") and child.lemma_.lower() in _FUTURE_MARKERS for child in verb.children
    ):
        return "future"
    if "to" in auxes:  # an infinitive: "plans to visit", "is due to hold", "is to lead"
        if verb.head.lemma_.lower() in _INTENT_VERBS:
            return "future"
        return tense_of(verb.head) if verb.head != verb else "past"
    if verb.tag_ in ("VBZ", "VBP") or auxes & {"is", "are", "am", "'s", "'re"}:
        return "present"
    if verb.tag_ in ("VBG", "VBN") and not auxes and verb.head != verb:
        return tense_of(verb.head)  # a bare participle: "talks held on Monday"
    return "past"  # past forms, perfects, and whatever else: news reports the past
