"""Where events happened: the where-roles of every type (kg.registry RoleSpec.locative).

A "setting" role (a meeting's or signing's place) takes the places after the prepositions
its frame lists, following nested locations ("at the Capella Hotel on Sentosa", "at the
border truce village of Panmunjom", "in Hanoi, Vietnam"); when the trigger names none, the
clause around it does ("The signing capped four hours of talks at the Capella Hotel"). A
"goal" role (where forces went) takes the places after its prepositions, else the state a
place noun belongs to ("landed in Haiti's capital"), else the first place named inside the
clause. Whole-article passes add what a story's dateline and its other events say.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.gazetteer import Gazetteer
from kg.model import EntityKey, EntityType, Event, EventKey, TimeValue
from kg.nlp import lexicon
from kg.nlp.events import arguments
from kg.nlp.events.claims import irrealis
from kg.nlp.events.draft import Draft
from kg.nlp.events.refs import Refs
from kg.registry import Frame, Role

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: How many days before publication an event counts as the news of the moment.
RECENT_DAYS = 3


def find(draft: Draft, role: Role, args: arguments.Arguments, frame: Frame, refs: Refs) -> list[EntityKey]:
    """The places filling ``role`` of ``draft``."""
    preps = tuple(p for p, roles in frame.preps.items() if role in roles)
    if role.locative == "goal":
        return _goal(draft.trigger, args, preps, refs)
    if remote(draft):
        return []  # a phone call has no place of its own
    if draft.gapped is not None:  # "... and to Putin in Moscow": the places of the conjunct's object
        objects = [o for o in draft.trigger.children if o.dep_ == "pobj"]
        return refs.located(k for o in objects for t in _prep_objects(o, preps) for k in refs.of(t, named_only=True))
    return _setting(draft.trigger, preps, refs)


def remote(draft: Draft) -> bool:
    """A meeting at a distance: a call ("phoned", "a video call"), or talks by some means
    ("spoke by phone with", "talked over a video link")."""
    return draft.spec.remote or any(
        c.dep_ == "prep" and c.lower_ in ("by", "over", "via") and any(o.lemma_.lower() in _MEANS for o in c.children)
        for c in draft.trigger.children
    )


#: Means of talking at a distance: "by phone", "over a video link".
_MEANS = frozenset({"phone", "telephone", "video", "videoconference", "videolink", "link", "call", "teleconference"})


def _setting(trigger: Token, preps: tuple[str, ...], refs: Refs) -> list[EntityKey]:
    """Places on the trigger, else on its object (the parser hangs "in Cairo" of "received
    Blinken in Cairo" on "Blinken") or the participle describing it, else on the verb that
    governs it, else on the main verb of its sentence ("The signing capped four hours of
    talks at the Capella Hotel on Sentosa")."""
    if trigger.pos_ == "VERB":  # "stepped across the line at Panmunjom to meet Moon"
        governor = trigger.head if trigger.dep_ in ("advcl", "xcomp") and trigger.head.i != trigger.i else None
        held: list[Token] = [c for c in trigger.children if c.dep_ == "dobj"]  # "received Blinken in Cairo"
    else:  # "That meeting, held in Hanoi, ..."
        governor = arguments.governing_verb(trigger)
        held = [c for c in trigger.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    for head in (trigger, *held, governor, trigger.sent.root):
        found = _places(head, preps, refs) if head is not None else []
        if found:
            return found
    return []


def _places(head: Token, preps: tuple[str, ...], refs: Refs) -> list[EntityKey]:
    """The places after ``preps`` on ``head``, following nested locations; "on" takes only
    places ("talks on Ukraine" is a topic), and "the Spanish Hall of Prague Castle" is a venue
    inside a venue but "the Hall of the president of X" is not X."""
    if head.lemma_.lower() in lexicon.TRAVEL_VERBS:  # "travelled (by train) to Beijing for talks"
        preps = (*preps, "to", "by", "via")
    found: list[EntityKey] = []
    frontier = [(t, "top") for t in _prep_objects(head, preps)]
    seen: set[int] = set()
    while frontier:
        tok, how = frontier.pop(0)
        if tok.i in seen:
            continue
        seen.add(tok.i)
        located = refs.located(refs.of(tok, named_only=True))
        if how == "part" or (how == "top" and tok.head.lower_ == "on"):
            located = [k for k in located if k.type is EntityType.PLACE]
        found += located
        if how == "part":
            continue
        nested = preps if located else (*preps, "of")
        frontier += [(t, "nested") for t in _prep_objects(tok, nested)]
        frontier += [(t, "part") for t in _prep_objects(tok, ("of",)) if located]
        frontier += [(c, "nested") for c in tok.children if c.dep_ == "appos"]
    return list(dict.fromkeys(found))


def _goal(head: Token, args: arguments.Arguments, preps: tuple[str, ...], refs: Refs) -> list[EntityKey]:
    """Where forces went: the places after the goal prepositions on the trigger or on the
    forces, else the state owning a place noun ("landed in Haiti's capital"), else the first
    place inside the trigger's own clause ("deployed troops to assist in repelling an
    incursion into Kursk Region")."""
    objects = [t for p in preps for t in args.preps.get(p, [])]
    found = refs.located(k for t in objects for k in refs.of(t))
    if not found:
        found = _owned_places(objects, refs)
    if not found:
        inside = [k for t in head.subtree if t.i > head.i for k in refs.res.keys(t)]
        found = [k for k in inside if k.type is EntityType.PLACE][:1]
    return found


def _owned_places(nouns: list[Token], refs: Refs) -> list[EntityKey]:
    """ "landed in Haiti's capital", "moved into the country's east": the state that owns the
    place, and its capital when the text says capital and the article names it."""
    found: list[EntityKey] = []
    for noun in nouns:
        word = noun.lemma_.lower()
        if word not in lexicon.PLACE_NOUNS:
            continue
        owners = [k for c in noun.children if c.dep_ == "poss" for k in refs.of(c)]
        for state in (k for k in owners if k.type is EntityType.COUNTRY):
            capital = refs.res.capital_of(state) if word == "capital" else None
            found += [*([capital] if capital else []), state]
    return found


def _prep_objects(head: Token, preps: tuple[str, ...]) -> list[Token]:
    return [
        o
        for c in head.children
        if c.dep_ in ("prep", "agent") and c.lower_ in preps
        for o in c.children
        if o.dep_ == "pobj"
    ]


# -- whole-article passes -----------------------------------------------------------


def setting_role(event: Event | Draft) -> Role | None:
    return next((r for r in event.type.roles if r.locative == "setting"), None)


def goal_role(event: Event | Draft) -> Role | None:
    return next((r for r in event.type.roles if r.locative == "goal"), None)


def lend(drafts: list[Draft], complete: list[Draft]) -> None:
    """ "The talks were held at the Peace House": a definite mention of an event that names
    no parties is the one told just before, and gives it its place."""
    kept = {id(d) for d in complete}
    for draft in drafts:
        role = setting_role(draft)
        if id(draft) in kept or role is None or not draft.get(role) or not draft.type.on_the_day:
            continue
        if not definite(draft.trigger):
            continue
        before = [
            d for d in complete if d.type is draft.type and d.trigger.i < draft.trigger.i and not irrealis(d.trigger)
        ]
        if before:
            max(before, key=lambda d: d.trigger.i).add(role, draft.get(role))


def same_day(events: list[Event], remote: set[EventKey]) -> list[Event]:
    """ "The talks were held at the Peace House ... By evening the two men had signed a
    declaration": events of two types with the same people on the same day took place in
    one place, so the one told without a place takes the other's (not a call: ``remote``)."""

    def people(event: Event) -> frozenset[EntityKey]:
        return frozenset(k for _, keys in event.roles for k in keys if _is_person(k))

    out = []
    for event in events:
        role = setting_role(event)
        if (
            role is not None
            and not event.role(role)
            and event.date is not None
            and event.date.precision == "day"
            and not event.optional
            and event.key not in remote
            and len(people(event)) >= 2
        ):
            found = [
                p
                for other in events
                if other.type is not event.type
                and other.date == event.date
                and not other.optional
                and (where := setting_role(other)) is not None
                and people(other) == people(event)
                for p in other.role(where)
            ]
            if found:
                event = _with(event, role, tuple(dict.fromkeys(found)))
        out.append(event)
    return out


def dateline(doc: Doc, refs: Refs) -> EntityKey | None:
    """ "VIENNA, July 14 —": the place the story was filed from, named in capitals at the
    start of the body."""
    words = list(itertools.takewhile(lambda t: t.is_upper or t.text in ("-", "."), doc[:6]))
    after = doc[len(words)] if len(words) < len(doc) else None
    if not words or after is None or after.text not in (",", "—", "–", "-"):
        return None
    keys = refs.located(k for t in words for k in refs.res.keys(t))
    if not keys:  # the tagger missed the capitals; the town may be named again below
        name = " ".join(t.text for t in words).lower()
        keys = refs.located(k for k, c in refs.res.clusters.items() if c.name.lower() == name)
    if not keys or _lead_elsewhere(after.sent, keys[0], refs):
        return None
    return keys[0]


def dateline_state(doc: Doc, refs: Refs) -> EntityKey | None:
    """ "RUKLA, Lithuania —": the state a dateline names between its town and its dash."""
    head = doc[:8]
    dash = next((t.i for t in head if t.text in ("—", "–")), None)
    comma = next((t.i for t in head if t.text == ","), None)
    if dash is None or comma is None or comma > dash:
        return None
    states = [k for t in doc[comma + 1 : dash] for k in refs.res.keys(t) if k.type is EntityType.COUNTRY]
    return states[0] if states else None


def _lead_elsewhere(lead: Span, city: EntityKey, refs: Refs) -> bool:
    """ "SEOUL — Kim Jong-un on Friday ... at Panmunjom": the lead puts the news in another
    town than the one the story was filed from."""
    return any(key != city for key in _placed_in(lead, refs))


def _placed_in(sent: Span, refs: Refs) -> list[EntityKey]:
    """The places a sentence puts something "in" or "at"."""
    return [
        key
        for tok in sent
        if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at")
        for key in refs.res.keys(tok)
        if key.type is EntityType.PLACE
    ]


def from_dateline(
    events: list[Event], city: EntityKey | None, published: dt.date | None, refs: Refs, remote: set[EventKey]
) -> list[Event]:
    """A datelined story's events of the last few days took place in the dateline city
    unless the text puts them in another town ("PRAGUE — ... signed at Prague Castle"
    happened in Prague too; "TEL AVIV — ... received Blinken in Cairo" did not) or they were
    calls (``remote``); forces that arrived, arrived there."""
    if city is None or published is None:
        return events
    home = state_of(refs.res.clusters[city].name)
    out = []
    for event in events:
        recent = event.date is not None and is_recent(event.date, published)
        where, goal = setting_role(event), goal_role(event)
        if (
            where is not None
            and event.type.on_the_day
            and recent
            and not event.optional
            and event.key not in remote
            and not _elsewhere(event, city, refs)
        ):
            places = event.role(where)
            names = [refs.res.clusters[k].name for k in places]
            if city not in places and all(_is_venue(n) and state_of(n) in (None, home) for n in names):
                event = _with(event, where, (*places, city))
        elif goal is not None and _arrives(event) and not event.role(goal) and not event.optional:
            state = refs.res.country_of(city) or dateline_state(refs.doc, refs)
            event = _with(event, goal, (city, *([state] if state else [])))  # "German soldiers began arriving"
        out.append(event)
    return out


def _with(event: Event, role: Role, keys: tuple[EntityKey, ...]) -> Event:
    return replace(event, roles=Event.make_roles({**dict(event.roles), role: keys}))


def _elsewhere(event: Event, city: EntityKey, refs: Refs) -> bool:
    """Whether the event's sentence puts something in a town other than the dateline's."""
    evidence = event.evidence[0]
    sent = refs.doc.char_span(evidence.start, evidence.end, alignment_mode="expand")
    return sent is not None and any(
        key != city and not _is_venue(refs.res.clusters[key].name) for key in _placed_in(sent, refs)
    )


def _arrives(event: Event) -> bool:
    spec = event.type.verbs.get(event.trigger)
    return spec is not None and spec.arrives


def _is_person(key: EntityKey) -> bool:
    return key.type is EntityType.PERSON


def is_recent(date: TimeValue, until: dt.date) -> bool:
    """True when ``date`` is a day in the few days up to ``until``: the news of the moment."""
    if date.precision != "day":
        return False
    return 0 <= (until - dt.date.fromisoformat(date.value)).days <= RECENT_DAYS


def definite(trigger: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "that", "this") for c in trigger.children)


def state_of(place: str) -> str | None:
    """The state a place lies in, or whose seat it is ("White House"), per the gazetteer."""
    gazetteer = Gazetteer.default()
    entry = gazetteer.lookup(place)
    if entry is not None:
        return entry.name if entry.type is EntityType.COUNTRY else entry.country
    seat = gazetteer.by_metonym(place)
    return seat.name if seat is not None else None


def _is_venue(name: str) -> bool:
    """A building, base or island inside some town ("Prague Castle", "Villa La Grange")."""
    return bool(set(name.lower().replace("'s", "").split()) & lexicon.VENUE_WORDS)
