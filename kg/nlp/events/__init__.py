"""Resolved entities + dependency parse -> the events of one article, with typed roles.

Every registered event type (kg.registry) goes through the same passes:

    triggers.matches      trigger words whose cues hold          "sent troops", not "sent a letter"
    frames.drafts         the generic argument finder + the       agent, patient, "with", "to help"
                          type's frame: roles from relations       -> participant, deployedBy, ...
    context.told_twice    a noun inside its verb's phrase         "killed X in a raid": one event
    context.people_around a gathering's people from its context  "a meeting at which Putin ..."
    frames.complete       the type's completeness rule            two sides met; a speaker spoke
    context.*_signing     gatherings that belong to a signing     "the meeting", "talks" -> signers
    places.lend           a definite later mention's place        "The talks were held at ..."
    context.told_again    a definite noun with no actor           "The strikes hit ...": the same
    statements.spokesmen  a spokesman speaks for his body
    finish                claims, optional (and in captions), date, CAMEO, evidence
    statements.group      one statement per speaker per occasion
    timing.share          undated events take the story's dates
    places.same_day       same people, same day, same place
    places.from_dateline  the dateline town of the day's events

A name fills a role only when the parse links it to the trigger; word windows are never used.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kg.model import EntityKey, Event, EventKey, Evidence
from kg.nlp.dating import unplaced
from kg.nlp.events import claims, context, frames, places, statements, timing, triggers
from kg.nlp.events.draft import Draft
from kg.nlp.events.refs import Refs
from kg.nlp.reference import Resolution
from kg.nlp.scan import text_of
from kg.registry import Role

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["extract_events"]


def extract_events(doc: Doc, res: Resolution) -> tuple[Event, ...]:
    """The events of one parsed article, sorted by key."""
    refs, published = Refs(doc, res), res.article.published
    drafts = [d for match in triggers.matches(doc, refs) for d in frames.drafts(match, refs)]
    drafts = context.told_twice(drafts)
    context.people_around(drafts, refs)
    complete = [d for d in drafts if frames.complete(d, refs)]
    complete = context.meetings_of_signers(drafts, complete)
    complete = context.talks_of_signing(drafts, complete)
    places.lend(drafts, complete)
    complete = context.told_again(complete)
    statements.spokesmen(complete, refs)
    said = {d.trigger.i: d for d in complete if claims.says(d)}
    events = [_finish(d, said, doc, res) for d in complete]
    elsewhere = {
        e.key for d, e in zip(complete, events, strict=True) if timing.elsewhen(d) or unplaced(d.trigger, published)
    }
    news = {e.key for d, e in zip(complete, events, strict=True) if timing.told_as_news(d)}
    remote = {e.key for d, e in zip(complete, events, strict=True) if places.remote(d)}
    grouped, renamed = statements.group(events)
    grouped = [replace(e, claimed_in=tuple(sorted({renamed.get(k, k) for k in e.claimed_in}))) for e in grouped]
    dated = timing.share(grouped, published, timing.story_day(doc, published), elsewhere, news)
    dated = places.from_dateline(places.same_day(dated, remote), places.dateline(doc, refs), published, refs, remote)
    return tuple(sorted(dated, key=lambda e: e.key))


def _finish(draft: Draft, said: dict[int, Draft], doc: Doc, res: Resolution) -> Event:
    trigger, article, published = draft.trigger, res.article.id, res.article.published
    claimer = claims.claiming(draft, said)
    event = Event(
        key=EventKey(draft.type.name, article, trigger.idx),
        type=draft.type,
        roles=Event.make_roles(
            {role: [k for k in keys if _named(k, role, draft, res)] for role, keys in draft.roles.items()}
        ),
        evidence=(_evidence(article, trigger.sent),),
        date=timing.own_date(draft, published),
        cameo=draft.type.cameo_for(draft.words) if draft.words else draft.type.cameo,
        treaty=draft.treaty,
        quote=statements.quote(trigger) if claims.says(draft) else None,
        trigger=draft.lemma,
        claimed_in=(EventKey(claimer.type.name, article, claimer.trigger.idx),) if claimer else (),
        optional=claims.optional(draft) or _in_aside(trigger.idx, res),
    )
    if event.type.one_per_occasion and event.date is None:  # "Addressing the nation on Tuesday, X said"
        return statements.day_of(event, timing.sentence_day(event, doc, published))
    return event


def _named(key: EntityKey, role: Role, draft: Draft, res: Resolution) -> bool:
    """Whether ``key`` may fill ``role``: an entity of the article, or a state it names only
    by a demonym that a signatory signs for ("Russian President Vladimir Putin signed")."""
    return key in res.clusters or (key in res.implied and role in draft.type.affiliation.values())


def _in_aside(offset: int, res: Resolution) -> bool:
    """A caption or crosshead (Article.asides) tells of a separate moment: its events are
    optional, and being optional they never lend a date to the story's events."""
    return any(start <= offset < end for start, end in res.article.asides)


def _evidence(article_id: str, sent: Span) -> Evidence:
    """The sentence without its trailing whitespace, so that the offsets cut out its text."""
    text = text_of(sent).rstrip()
    return Evidence(article_id, text, sent.start_char, sent.start_char + len(text))
