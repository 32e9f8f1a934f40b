"""When events happened: each event's own date, then what the story lends undated ones.

An event's own date is the time expression its clause ties to its trigger
(kg.nlp.dating.event_date); a gapped conjunct's is given relative to its verb's ("and to
Putin in Moscow the next day"); talks that led to a signing end with it. Undated events
then take, by the rules of :func:`share`, the time the story gives them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.model import EntityKey, Event, EventKey, TimeValue
from kg.nlp.dating import event_date, sentence_date
from kg.nlp.events.draft import Draft
from kg.nlp.events.places import is_recent
from kg.nlp.shared_time import clause_verb

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Words that put an event before or after the one a sentence reports.
_ELSEWHEN = frozenset({"after", "before", "since", "from", "ahead", "prior", "until"})
#: Adverbs that tell an event as background to the story's news: "previously deployed".
_BACKGROUND = frozenset({"previously", "earlier", "formerly", "already", "once", "originally"})
_PERFECT = frozenset({"has", "have", "'s", "'ve"})
#: Modifiers that make an event noun an earlier occasion than the story's: "his last meeting".
_EARLIER = frozenset({"last", "previous", "earlier", "prior", "past", "former"})


def own_date(draft: Draft, published: dt.date | None) -> TimeValue | None:
    if draft.gapped is not None:  # "... last Thursday and to Putin in Moscow the next day"
        return _gapped_date(draft.trigger, event_date(draft.gapped, published))
    # talks that led to a signing ended with it
    return event_date(draft.trigger, published) or (
        event_date(draft.part_of, published) if draft.part_of is not None else None
    )


def _gapped_date(conjunct: Token, verb_date: TimeValue | None) -> TimeValue | None:
    """The day a gapped conjunct names relative to its verb's: "the next day", "the same day"."""
    if verb_date is None or verb_date.precision != "day":
        return None
    after = [e for e in conjunct.sent.ents if e.label_ == "DATE" and e.start > conjunct.i]
    words = after[0].text.lower() if after else ""
    shift = 1 if re.search(r"\b(next|following) day\b", words) else 0 if "same day" in words else None
    if shift is None:
        return None
    return TimeValue((dt.date.fromisoformat(verb_date.value) + dt.timedelta(days=shift)).isoformat())


def sentence_day(event: Event, doc: Doc, published: dt.date | None) -> TimeValue | None:
    """The day the sentence of an event's first evidence names, if it names one."""
    sent = doc.char_span(event.evidence[0].start, event.evidence[0].end, alignment_mode="expand")
    return sentence_date(sent, published) if sent is not None else None


def story_day(doc: Doc, published: dt.date | None) -> TimeValue | None:
    """The day the news happened: the day the lead (its first sentences) names, when it lies
    in the few days before publication. A lead that names other times as well ("signed a
    treaty on Tuesday ... that soldiers began to seize at the end of February") gives the
    time of its main clause."""
    if published is None:
        return None
    for sent in itertools.islice(doc.sents, 3):
        date = sentence_date(sent, published) or event_date(sent.root, published)
        if date is not None and date.precision == "day":
            return date if is_recent(date, published) else None
    return None


def elsewhen(draft: Draft) -> bool:
    """ "landed after leaving the summit", "arrived straight from talks": the event is told
    as the time before or after another, not as the sentence's news; "at his last meeting
    with Trump" is an earlier occasion too."""
    trigger = draft.trigger
    if draft.part_of is not None:
        return False
    if trigger.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in _EARLIER for c in trigger.children):
        return True
    node = trigger
    for _ in range(4):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.lower_ in _ELSEWHEN:
            return True
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("pcomp", "advcl"):
            return False
    return False


def told_as_news(draft: Draft) -> bool:
    """An event the story tells as its news: the main clause of its lead (the first two
    sentences), or a clause in the present perfect ("Pakistani troops have moved in"). Not
    background told there: "previously deployed troops to repel an incursion", "has
    blockaded the ports since its forces invaded" (a state since then)."""
    trigger = draft.trigger
    verb = clause_verb(trigger)
    if verb is None or any(c.lower_ in _BACKGROUND or _since(c) for c in verb.children):
        return False
    if verb.dep_ == "ROOT" and any(trigger.sent == sent for sent in itertools.islice(trigger.doc.sents, 2)):
        return True
    return verb.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.lower_ in _PERFECT for c in verb.children)


def _since(child: Token) -> bool:
    """ "since 2014", "since its forces invaded"."""
    return child.lower_ == "since" or (child.dep_ == "advcl" and any(m.lower_ == "since" for m in child.children))


def share(
    events: list[Event],
    published: dt.date | None,
    day: TimeValue | None,
    elsewhere: set[EventKey],
    news: set[EventKey],
) -> list[Event]:
    """Give undated events the time the story gives them.

    A meeting (an event whose people-first role holds its actors) takes the date of a
    statement its participants exchanged ("Kim told Putin Wednesday"). A statement takes, in
    order: the date of a meeting its speaker took part in; the date of the event reported
    just before it (the same or the previous sentence: "Peskov said at the time"); or, when
    the article reports news of the last few days, the day of the latest such event before
    it (FORMAT.md: statements tied by context to the day's main event take that day). Other
    events of a type told on the day take the date of the event just before. Whatever of a
    type told on the day (``on_the_day``) is still undated happened on the day the story's
    lead names (``day``), and so does what of a ``news_on_the_day`` type the story tells as
    its ``news``. Events in ``elsewhere`` are told as happening at another time than their
    sentence and keep only their own date.
    """
    ordered = sorted(events, key=lambda e: e.evidence[0].start)
    meetings = [e for e in ordered if _gathering(e) and not e.optional]
    statements = [e for e in ordered if e.type.one_per_occasion]
    out: list[Event] = []
    for event in ordered:
        date = event.date
        if event.key in elsewhere:
            pass
        elif date is None and event.type.one_per_occasion:
            speaker = set(_keys(event, key_only=True))
            date = (
                _one_date(m for m in meetings if speaker <= set(_keys(m)))
                or _preceding_date(event, ordered)
                or _news_day(event, ordered, published)
            )
            if date is not None and day is not None and is_recent(date, dt.date.fromisoformat(day.value)):
                date = day  # words on the news of the last days were said on its day
        elif date is None and _gathering(event):
            people = set(_keys(event))
            exchanged = (s for s in statements if _addressed(s) and set(_keys(s)) <= people)
            date = _one_date(exchanged) or _preceding_date(event, ordered)
        elif date is None and _on_the_day(event, news):
            date = _preceding_date(event, ordered)
        if date is None and not event.optional and _on_the_day(event, news) and event.key not in elsewhere:
            date = day
        out.append(replace(event, date=date) if date != event.date else event)
    return out


def _on_the_day(event: Event, news: set[EventKey]) -> bool:
    return event.type.on_the_day or (event.type.news_on_the_day and event.key in news)


def _gathering(event: Event) -> bool:
    """An event whose actors are gathered in a people-first role (a Meeting's participants)."""
    return any(r.people_first for r in event.type.roles)


def _addressed(event: Event) -> bool:
    """A statement made to someone: a role besides its speaker and where is filled."""
    return any(keys for role, keys in event.roles if not role.key and not role.locative)


def _keys(event: Event, key_only: bool = False) -> list[EntityKey]:
    """The actors of an event: the keys of its roles other than where-roles (of its key
    roles only, with ``key_only``)."""
    return [k for role, keys in event.roles if not role.locative and (role.key or not key_only) for k in keys]


def _one_date(candidates: Iterable[Event]) -> TimeValue | None:
    dates = {e.date for e in candidates if e.date is not None}
    return dates.pop() if len(dates) == 1 else None


def _preceding_date(event: Event, ordered: list[Event]) -> TimeValue | None:
    """The date of the dated event reported before it, in the same sentence or the one
    before ("met on the sidelines of the summit, which opened on Friday": the summit told
    after the meeting is its setting, and started earlier)."""
    start = event.evidence[0].start
    before = [
        e
        for e in ordered
        if e.date and not e.optional and e.evidence[0].start <= start and e.key.offset < event.key.offset
    ]
    if not before:
        return None
    last = max(before, key=lambda e: e.evidence[0].start)
    sentence_gap = start - last.evidence[0].end
    return last.date if sentence_gap <= 1 or last.evidence[0].start == start else None


def _news_day(event: Event, ordered: list[Event], published: dt.date | None) -> TimeValue | None:
    """The day of the latest recent (published-3 days .. published) event other than a
    statement before ``event``, else the first such event of the article."""
    if published is None:
        return None
    # what one speaker said on a later day does not date what the next one says
    recent = [
        e for e in ordered if e.date and not e.optional and not e.type.one_per_occasion and is_recent(e.date, published)
    ]
    if not recent:
        return None
    start = event.evidence[0].start
    before = [e for e in recent if e.evidence[0].start <= start]
    return (before[-1] if before else recent[0]).date
