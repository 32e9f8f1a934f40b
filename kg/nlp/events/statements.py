"""What was said: quotes, speakers behind a spokesman, and one event per occasion.

These passes act on the types told once per occasion (``one_per_occasion`` in the
registry: Statements) — a speaker says many things on a day, and each is one event.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.model import EntityKey, EntityType, Event, EventKey, TimeValue
from kg.nlp import lexicon
from kg.nlp.events.arguments import subject_tokens
from kg.nlp.events.draft import Draft
from kg.nlp.events.refs import NAME_MODIFIERS, Refs
from kg.nlp.scan import text_of
from kg.registry import Role

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_QUOTE = re.compile(r"[“\"]([^”\"]{3,})[”\"]")


def quote(trigger: Token) -> str | None:
    """The words: quoted text in the sentence, else the reported clause."""
    sent: Span = trigger.sent
    quoted = _QUOTE.findall(text_of(sent))
    if quoted:
        return " … ".join(q.strip() for q in quoted)
    for child in trigger.children:
        if child.dep_ == "ccomp":
            return "".join(t.text_with_ws for t in child.subtree).strip()
    return None


def _speaker(draft: Draft) -> Role:
    return next(r for r in draft.type.roles if r.key)


def spokesmen(drafts: list[Draft], refs: Refs) -> None:
    """ "Ukraine's military reported that ... Military spokesman Andriy Lysenko said ...": an
    official named only by rank or title, speaking just after an organisation, speaks for
    it; both statements get both speakers, and so become one."""
    said = [d for d in drafts if d.type.one_per_occasion]
    for first, second in itertools.pairwise(said):
        if first.type is not second.type:
            continue
        role = _speaker(first)
        bodies, people = first.get(role), second.get(role)
        adjacent = second.trigger.sent.start in (first.trigger.sent.start, first.trigger.sent.end)
        states = {refs.res.country_of(k) for k in bodies + people} - {None}
        if (
            adjacent
            and bodies
            and all(k.type is EntityType.ORGANIZATION for k in bodies)
            and len(people) == 1
            and len(states) <= 1
            and _bare_official(second.trigger, people[0], refs)
        ):
            first.add(role, people)
            second.add(role, bodies)


def _bare_official(verb: Token, person: EntityKey, refs: Refs) -> bool:
    """The subject of ``verb`` is ``person`` under a title that names no state or body:
    "Military spokesman Andriy Lysenko", "Vice Admiral William Gortney"."""
    for subject in subject_tokens(verb):
        if refs.res.key(subject) != person:
            continue
        titles = [c for c in subject.children if c.dep_ == "compound" and c.lower_ in lexicon.NAME_PREFIX_TITLES]
        words = [t for c in subject.children if c.dep_ in NAME_MODIFIERS for t in c.subtree]
        # "French President X" names a state even when the article never names France
        named = [t for t in words if (set(refs.res.keys(t)) - {person}) or t.ent_type_ in ("NORP", "GPE", "ORG")]
        return bool(titles) and not named
    return False


def day_of(event: Event, date: TimeValue | None) -> Event:
    """An undated statement takes the day its sentence names elsewhere: "Addressing the
    nation on Tuesday, Aliyev called ... and said" (a year or month beside a statement
    dates what it is about, not the words)."""
    return replace(event, date=date) if date is not None and date.precision == "day" else event


def group(events: list[Event]) -> tuple[list[Event], dict[EventKey, EventKey]]:
    """One event per speaker per occasion: a speaker's statements whose dates agree (or of
    which one is undated) become one event with several pieces of evidence. Returns the
    events, grouped, and each old key's new key."""
    by_speaker: dict[tuple[object, tuple[EntityKey, ...]], list[Event]] = {}
    out: list[Event] = []
    for event in sorted(events, key=lambda e: e.key):
        if not event.type.one_per_occasion:
            out.append(event)
            continue
        speaker = next(r for r in event.type.roles if r.key)
        by_speaker.setdefault((event.type, event.role(speaker)), []).append(event)
    renamed: dict[EventKey, EventKey] = {}
    for members in by_speaker.values():
        for occasion in _occasions(members):
            combined = _combine(occasion)
            out.append(combined)
            renamed.update((e.key, combined.key) for e in occasion)
    return out, renamed


def _occasions(members: list[Event]) -> list[list[Event]]:
    """Split one speaker's statements by date; undated ones join the only dated occasion."""
    dated: dict[TimeValue, list[Event]] = {}
    undated: list[Event] = []
    for event in members:
        (dated.setdefault(event.date, []) if event.date else undated).append(event)
    if len(dated) <= 1:
        return [undated + [e for g in dated.values() for e in g]]
    return [*dated.values(), *([undated] if undated else [])]


def _combine(events: list[Event]) -> Event:
    first = events[0]
    roles: dict[Role, list[EntityKey]] = {}
    for event in events:
        for role, keys in event.roles:
            roles.setdefault(role, []).extend(keys)
    quotes = [e.quote for e in events if e.quote]
    dates = [e.date for e in events if e.date]
    return replace(
        first,
        roles=Event.make_roles(roles),
        evidence=tuple(sorted({ev for e in events for ev in e.evidence}, key=lambda v: v.start)),
        date=dates[0] if dates else None,
        quote=" … ".join(dict.fromkeys(quotes)) if quotes else None,
        optional=all(e.optional for e in events),
    )
