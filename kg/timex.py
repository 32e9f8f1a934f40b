"""Time expressions: the time "Wednesday", "last year", "June 2024" or "two weeks ago" names.

:func:`resolve` turns one time expression into a :class:`~kg.model.TimeValue` at the
precision the text gives, resolving relative expressions against the article's publication
date and the verb's tense. It reads plain text, not a parse (no spaCy here): which
expression of a sentence is an event's time is :mod:`kg.nlp.dating`'s question.

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
from collections.abc import Callable, Iterable
from typing import Literal

from kg.model import TimeValue

#: The tense of the verb an expression belongs to: whether a bare "Wednesday" looks back or ahead.
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
            if published is None:
                return None
            try:
                return relative(match, published, tense)
            except (OverflowError, ValueError):  # "yesterday" as of 0001-01-01: no year kg can write
                return None
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
