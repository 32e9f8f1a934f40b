"""Resolved entities + dependency parse -> events with typed roles.

Each trigger (a verb or an event noun from :mod:`kg.nlp.lexicon`) is read through the
parse: subjects, objects, passive agents, possessors ("Ukraine's incursion"), demonym
modifiers ("North Korean troops"), and prepositional objects ("talks with", "into",
"in support of"). Word windows are never used: a name only fills a role when the parse
links it to the trigger.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kg.event_types import (
    MEETING,
    MILITARY_DEPLOYMENT,
    MILITARY_OPERATION,
    STATEMENT,
    TREATY_SIGNING,
)
from kg.gazetteer import Gazetteer
from kg.model import EntityKey, EntityType, Event, EventKey, Evidence, TimeValue
from kg.nlp import lexicon
from kg.nlp.dating import event_date, sentence_date
from kg.nlp.reference import Resolution
from kg.nlp.scan import sentence_and_previous, text_of, tokens_with
from kg.registry import EventType, Role, event_types

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_DELIVERY_VERBS = frozenset(w for w, t in MEETING.verbs.items() if t.frame is not None)
_VERB_TRIGGERS = {t: frozenset(t.verbs) - (_DELIVERY_VERBS if t is MEETING else frozenset()) for t in event_types()}
_NOUN_TRIGGERS = {t: frozenset(t.nouns) for t in event_types()}
_SIGNING_VERBS = frozenset(TREATY_SIGNING.verbs)
_CLAIM_VERBS = frozenset(w for w, t in STATEMENT.verbs.items() if t.claims)
_AGENTIVE = frozenset({EntityType.PERSON, EntityType.COUNTRY, EntityType.ORGANIZATION})
_STATES = frozenset({EntityType.COUNTRY, EntityType.ORGANIZATION})
_LOCATED = frozenset({EntityType.PLACE, EntityType.COUNTRY})
_TARGETS = frozenset({EntityType.PLACE, EntityType.COUNTRY, EntityType.ORGANIZATION})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_CLIMB_DEPS = frozenset({"xcomp", "advcl", "pcomp", "conj", "acl", "ccomp", "prep", "pobj"})
_QUOTE = re.compile(r"[“\"]([^”\"]{3,})[”\"]")
_RELATIVE = frozenset({"which", "who", "that", "whom"})
_NEWS_EVENTS = frozenset({"news", "press"})
#: Dependents of a name that say whom a person acts for ("Russian President X", "Iran's chief").
_NAME_MODIFIERS = frozenset({"compound", "amod", "poss", "nmod"})
#: Attack verbs that need armed forces as subject: "jets hit camps", not "sanctions hit".
_WEAK_OPERATION_VERBS = frozenset(
    {
        "hit",
        "overrun",
        "shoot",
        "seize",
        "capture",
        "target",
        "fire",
        "destroy",
        "push",
        "take",
        "pound",
        "launch",
        "blockade",
    }
)
#: Verbs that are attacks only with a weapon as object: "launched missiles", "fired rockets".
_WEAPON_VERBS = frozenset({"launch", "fire"})
#: Event types an undated mention of in a story is taken to have happened on the story's day.
_ON_THE_DAY = frozenset({MEETING, TREATY_SIGNING, STATEMENT})
#: Words that put an event before or after the one a sentence reports.
_ELSEWHEN = frozenset({"after", "before", "since", "from", "ahead", "prior", "until"})
#: Modifiers that make an event noun an earlier occasion than the story's: "his last meeting".
_EARLIER = frozenset({"last", "previous", "earlier", "prior", "past", "former"})
#: Triggers of meetings held at a distance, which have no place of their own.
_REMOTE = frozenset({"call", "telephone", "phone", "conversation"})
#: Deployment triggers whose forces come to a place rather than are sent somewhere.
_ARRIVALS = frozenset({"arrive", "land"})
_LOCATIVE = ("in", "at", "on", "off", "near", "outside", "inside")
#: Meeting verbs that need a named partner or two named subjects to be a meeting.
_NEEDS_PARTNER = frozenset({"receive", "host", "visit", "sit", "talk", "call", "telephone", "phone"})
#: Plural nouns for people that "the two ..." or "representatives of ..." can head.
_PEOPLE_NOUNS = lexicon.TITLES | frozenset(
    {
        "man",
        "woman",
        "representative",
        "member",
        "delegation",
        "delegate",
        "official",
        "negotiator",
        "people",
        "side",
        "government",
        "rebel",
        "militant",
        "fighter",
        "separatist",
        "gunman",
        "insurgent",
        "militia",
        "militiaman",
        "jihadist",
        "islamist",
    }
)  # "news conference" is a Statement occasion


@dataclass
class _Draft:
    """An event being assembled from one trigger."""

    type: EventType
    trigger: Token
    roles: dict[str, list[EntityKey]] = field(default_factory=dict)
    treaty: str | None = None
    quote: str | None = None
    optional: bool = False
    claimed_by: Token | None = None  # the statement verb whose complement holds it
    part_of: Token | None = None  # the trigger of the event these talks led to
    gapped: Token | None = None  # the verb a gapped conjunct ("and to Putin in Moscow") leaves out

    def add(self, role: str, keys: Iterable[EntityKey]) -> None:
        values = self.roles.setdefault(role, [])
        values.extend(k for k in keys if k not in values)


class EventExtractor:
    """Finds the events of one parsed article."""

    def __init__(self, doc: Doc, resolution: Resolution) -> None:
        self.doc = doc
        self.res = resolution
        self.article = resolution.article

    # -- public ---------------------------------------------------------------------

    def events(self) -> tuple[Event, ...]:
        candidates = tokens_with(self.doc, "LEMMA", _trigger_lemmas())
        drafts = [d for tok in candidates for d in self._drafts(tok) if not _negated(tok)]
        complete = [d for d in drafts if self._complete(d)]
        complete = _meetings_of_signers(drafts, complete)
        complete = _talks_of_signing(drafts, complete)
        _lend_places(drafts, complete)
        drafts = complete
        self._spokesmen(drafts)
        statements = self._statement_occasions(drafts)
        events = [self._statement_day(self._finish(d, statements)) for d in drafts]
        elsewhen = {
            e.key for d, e in zip(drafts, events, strict=True) if _at_other_time(d.trigger) and d.part_of is None
        }
        said = [e for e in events if e.type is STATEMENT]
        grouped, renamed = _group_statements(said)
        done = [
            replace(e, claimed_in=tuple(sorted({renamed[k] for k in e.claimed_in})))
            for e in events
            if e.type is not STATEMENT
        ]
        dated = _share_dates([*done, *grouped], self.article.published, self._story_day(), elsewhen)
        return tuple(sorted(self._dateline_places(_same_day_places(dated)), key=lambda e: e.key))

    def _story_day(self) -> TimeValue | None:
        """The day the news happened: the day the lead (its first sentences) names, when it
        lies in the few days before publication."""
        published = self.article.published
        if published is None:
            return None
        for sent in itertools.islice(self.doc.sents, 3):
            date = sentence_date(sent, published)
            if date is not None and date.precision == "day":
                return date if _recent(date, published) else None
        return None

    def _statement_day(self, event: Event) -> Event:
        """An undated statement takes the time its sentence names elsewhere: "Addressing the
        nation on Tuesday, Aliyev called ... and said"."""
        if event.type is not STATEMENT or event.date is not None:
            return event
        sent = self.doc.char_span(event.evidence[0].start, event.evidence[0].end, alignment_mode="expand")
        date = sentence_date(sent, self.article.published) if sent is not None else None
        # a year or month beside a statement dates what it is about, not the words
        return replace(event, date=date) if date is not None and date.precision == "day" else event

    def _dateline(self) -> EntityKey | None:
        """ "VIENNA, July 14 —": the place the story was filed from, named in capitals at the
        start of the body."""
        words = list(itertools.takewhile(lambda t: t.is_upper or t.text in ("-", "."), self.doc[:6]))
        after = self.doc[len(words)] if len(words) < len(self.doc) else None
        if not words or after is None or after.text not in (",", "—", "–", "-"):
            return None
        keys = [k for t in words for k in self.res.keys(t) if self.res.type_of(k) in _LOCATED]
        if not keys:  # the tagger missed the capitals; the town may be named again below
            name = " ".join(t.text for t in words).lower()
            keys = [k for k, c in self.res.clusters.items() if c.name.lower() == name and c.type in _LOCATED]
        if not keys or self._lead_elsewhere(after.sent, keys[0]):
            return None
        return keys[0]

    def _lead_elsewhere(self, lead: Span, city: EntityKey) -> bool:
        """ "SEOUL — Kim Jong-un on Friday ... at Panmunjom": the lead puts the news in another
        town than the one the story was filed from."""
        return any(
            key != city and self.res.type_of(key) is EntityType.PLACE
            for tok in lead
            if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at")
            for key in self.res.keys(tok)
        )

    def _dateline_places(self, events: list[Event]) -> list[Event]:
        """A datelined story's meetings and signings of the last few days took place in the
        dateline city unless the text puts them in another town: "PRAGUE — ... signed at
        Prague Castle" happened in Prague too."""
        city = self._dateline()
        if city is None or self.article.published is None:
            return events
        home = _state_of(self.res.clusters[city].name)
        out = []
        for event in events:
            places = _role(event, "place")
            recent = event.date is not None and _recent(event.date, self.article.published)
            names = [self.res.clusters[k].name for k in places]
            if (
                event.type in (MEETING, TREATY_SIGNING)
                and recent
                and not event.optional
                and city not in places
                and event.trigger not in _REMOTE
                and all(_is_venue(n) and _state_of(n) in (None, home) for n in names)
            ):
                event = _set_role(event, "place", (*places, city))
            elif (
                event.type is MILITARY_DEPLOYMENT
                and event.trigger in _ARRIVALS
                and not _role(event, "destination")
                and not event.optional
            ):
                # "German soldiers began arriving in January": arrived where the story is
                state = self.res.country_of(city)
                event = _set_role(event, "destination", (city, *([state] if state else [])))
            out.append(event)
        return out

    # -- triggers -------------------------------------------------------------------

    def _drafts(self, tok: Token) -> Iterator[_Draft]:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") and tok.pos_ != "AUX":
            for type_, lemmas in _VERB_TRIGGERS.items():
                if lemma in lemmas:
                    draft = self._verb_event(type_, tok)
                    if draft is not None:
                        yield draft
            if lemma in _DELIVERY_VERBS:
                yield from self._deliveries(tok)
            if (
                lemma in _SIGNING_VERBS
                and lemma not in _VERB_TRIGGERS[TREATY_SIGNING]
                and self._treaty_object(tok) is not None
            ):
                draft = self._verb_event(TREATY_SIGNING, tok)
                if draft is not None:
                    yield draft
        elif tok.pos_ in ("NOUN", "PROPN"):
            for type_, lemmas in _NOUN_TRIGGERS.items():
                if lemma in lemmas and type_ is not TREATY_SIGNING:
                    draft = self._noun_event(type_, tok)
                    if draft is not None:
                        yield draft

    def _verb_event(self, type_: EventType, verb: Token) -> _Draft | None:
        build: dict[EventType, Callable[[Token], _Draft | None]] = {
            MEETING: self._meeting_verb,
            TREATY_SIGNING: self._signing_verb,
            MILITARY_DEPLOYMENT: self._deployment_verb,
            MILITARY_OPERATION: self._operation_verb,
            STATEMENT: self._statement_verb,
        }
        return build[type_](verb)

    def _noun_event(self, type_: EventType, noun: Token) -> _Draft | None:
        build: dict[EventType, Callable[[Token], _Draft | None]] = {
            MEETING: self._meeting_noun,
            MILITARY_DEPLOYMENT: self._deployment_noun,
            MILITARY_OPERATION: self._operation_noun,
            STATEMENT: self._statement_noun,
        }
        return build[type_](noun)

    # -- meetings -------------------------------------------------------------------

    def _meeting_verb(self, verb: Token) -> _Draft | None:
        lemma = verb.lemma_.lower()
        objects = self._agentive(self._objects(verb, preps=("with", "between")))
        subjects = self._agentive(self._subjects(verb))
        people = [k for k in subjects if self.res.type_of(k) is EntityType.PERSON]
        # "received a letter", "sat in parliament", "called for calm": these need a partner
        if lemma in _NEEDS_PARTNER and not objects and len(people) < 2:
            return None
        if lemma == "call" and any(c.lower_ == "for" or c.dep_ in ("oprd", "ccomp", "xcomp") for c in verb.children):
            return None  # "called for calm", "called the meeting a triumph"
        if lemma == "call" and not self._agentive(
            [k for c in verb.children if c.dep_ == "dobj" for k in self._refs(c)]
        ):
            return None  # "what he called war games with South Korea": a call rings someone
        draft = _Draft(MEETING, verb)
        draft.add("participant", subjects + objects)
        draft.add("place", self._event_places(verb))
        return draft

    def _deliveries(self, verb: Token) -> Iterator[_Draft]:
        """ "The German and French leaders took their peace proposals to Poroshenko in Kiev
        ... and to Putin in Moscow the next day": bearers of something to a named person met
        that person, once for each "to" (a gapped "and to ..." repeats the verb)."""
        if not any(c.dep_ == "dobj" for c in verb.children):
            return
        bearers = self._agentive(self._subjects(verb))
        for to in (verb, *(c for c in verb.children if c.dep_ == "conj" and c.lower_ == "to")):
            objects = self._prep_tokens(verb, ("to",)) if to is verb else [c for c in to.children if c.dep_ == "pobj"]
            hosts = [
                k for t in objects for k in self._refs(t, named_only=True) if self.res.type_of(k) is EntityType.PERSON
            ]
            if not hosts:
                continue
            draft = _Draft(MEETING, to, gapped=None if to is verb else verb)
            draft.add("participant", bearers + hosts)
            draft.add(
                "place",
                self._event_places(verb)
                if to is verb
                else self._located(
                    [
                        k
                        for t in objects
                        for p in self._prep_tokens(t, _LOCATIVE)
                        for k in self._refs(p, named_only=True)
                    ]
                ),
            )
            yield draft

    def _meeting_noun(self, noun: Token) -> _Draft | None:
        lemma = noun.lemma_.lower()
        if any(c.lower_ in _NEWS_EVENTS for c in noun.children):
            return None
        if lemma == "call" and not any(c.lower_ in ("phone", "telephone", "video") for c in noun.children):
            return None
        draft = _Draft(MEETING, noun)
        participants = self._agentive(
            self._modifier_refs(noun) + self._prep_objects(noun, ("with", "between", "among", "of"))
        )
        governor = _governing_verb(noun)
        # "held talks", "agreed in talks"; not "met on the sidelines of the G20 summit"
        direct = noun.dep_ != "pobj" or noun.head.head == governor
        if governor is not None and noun.dep_ in ("dobj", "nsubj", "attr", "pobj") and direct:
            participants += self._agentive(self._subjects(governor))
        if governor is not None and noun.dep_ == "dobj":  # "followed talks ... between A and B"
            participants += self._agentive(self._prep_objects(governor, ("between", "among")))
        participants += self._held_at(noun)
        if len(set(participants)) < 2:
            participants += self._context_participants(noun, participants)
        draft.add("participant", participants)
        draft.add("place", self._event_places(noun))
        return draft

    def _held_at(self, noun: Token) -> list[EntityKey]:
        """ "a meeting in Tehran at which Putin thanked Erdogan": the people of a relative
        clause that tells what happened at the meeting."""
        found: list[EntityKey] = []
        for clause in (c for c in noun.children if c.dep_ == "relcl"):
            at_which = any(
                (c.dep_ == "prep" and any(o.lower_ == "which" for o in c.children)) or c.lower_ == "where"
                for c in clause.children
            )
            if at_which:
                people = [k for c in clause.children if c.dep_ in ("nsubj", "dobj") for k in self._refs(c)]
                found += [k for k in people if self.res.type_of(k) is EntityType.PERSON]
        return found

    def _context_participants(self, noun: Token, found: list[EntityKey]) -> list[EntityKey]:
        """Who met, when the meeting noun names too few: "The remarks came Wednesday during
        a meeting with Putin" (the other side is the person the previous sentence is about);
        "The signing capped four hours of talks" (the people who just signed)."""
        sent = noun.sent
        added: list[EntityKey] = []
        for candidate_sent in reversed(sentence_and_previous(sent)):
            for tok in candidate_sent:
                # "Thursday's talks were the first since 2011, when Kim Jong-il met Medvedev":
                # the people of another meeting told beside it
                other = candidate_sent is sent and tok.head.lemma_.lower() in _VERB_TRIGGERS[MEETING]
                # "Kim's sister was part of his delegation" tells who someone is, not what they did
                if tok.dep_ in _SUBJECT_DEPS and not other and tok.head.lemma_ != "be":
                    keys = [k for k in self._refs(tok, named_only=True) if k not in found + added]
                    added += [k for k in keys if self.res.type_of(k) is EntityType.PERSON]
            if len(set(found + added)) >= 2:
                break
        return added

    # -- treaty signings ------------------------------------------------------------

    def _treaty_object(self, verb: Token) -> Token | None:
        """The agreement a verb signs: its object, its passive subject, the noun a relative
        or participle clause describes ("the declaration Kim signed", "the agreement, signed
        in Minsk"), or "put their signatures to a statement"."""
        nouns = lexicon.DOCUMENT_NOUNS
        if verb.dep_ in ("relcl", "acl") and verb.head.lemma_.lower() in nouns:
            return verb.head
        objects = [verb, *(c for c in verb.children if c.dep_ == "dobj" and c.lemma_ in ("signature", "name"))]
        for child in (c for o in objects for c in o.children):
            if child.dep_ in ("dobj", "nsubjpass") and child.lemma_.lower() in nouns and child.head.i == verb.i:
                return child
            if child.dep_ == "prep" and child.lower_ in ("on", "to"):
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.lemma_.lower() in nouns:
                        return obj
        return None

    def _signing_verb(self, verb: Token) -> _Draft | None:
        treaty = self._treaty_object(verb)
        if treaty is None:
            return None
        draft = _Draft(TREATY_SIGNING, verb)
        signers = self._agentive(self._subjects(verb)) + self._agentive(
            self._prep_objects(verb, ("with", "between")) + self._prep_objects(treaty, ("with", "between"))
        )
        # "Iran's deal with ..."; not the words of a named treaty ("the New START Treaty")
        signers += [k for k in self._agentive(self._modifier_refs(treaty)) if k not in self.res.keys(treaty)]
        for key in signers:
            if self.res.type_of(key) is EntityType.PERSON:
                draft.add("signatory", [key])
                draft.add("party", self._affiliations(key, verb.sent))
            else:
                draft.add("party", [key])
        draft.treaty = _phrase(treaty)
        draft.add("place", self._event_places(verb))
        return draft

    # -- deployments ----------------------------------------------------------------

    def _deployment_verb(self, verb: Token) -> _Draft | None:
        lemma = verb.lemma_.lower()
        forces = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            forces.append(verb.head)  # "the soldiers deployed by Pyongyang"
        if lemma in _ARRIVALS:  # "German soldiers began arriving"
            forces = [s for s in _subject_tokens(verb) if s.dep_ == "nsubj"]
        military = [f for f in forces if _is_military(f)]
        if lemma not in ("deploy", "station", "redeploy") and not military:
            return None
        draft = _Draft(MILITARY_DEPLOYMENT, verb)
        deployers = [] if lemma in _ARRIVALS else self._agentive(self._subjects(verb))
        deployers = deployers or self._agentive(
            [k for f in military for k in self._modifier_refs(f, include_self=True)]
        )
        draft.add("deployedBy", [k for k in deployers if self.res.type_of(k) in _STATES])
        draft.add("destination", self._destinations(verb, forces))
        draft.add("inSupportOf", self._supported(verb))
        return draft

    def _deployment_noun(self, noun: Token) -> _Draft | None:
        draft = _Draft(MILITARY_DEPLOYMENT, noun)
        deployers = self._agentive(self._modifier_refs(noun) + self._prep_objects(noun, ("by",)))
        for obj in self._prep_tokens(noun, ("of",)):
            deployers += self._agentive(self._modifier_refs(obj, include_self=True))
        draft.add("deployedBy", [k for k in deployers if self.res.type_of(k) in _STATES])
        draft.add("destination", self._destinations(noun, []))
        draft.add("inSupportOf", self._supported(noun))
        return draft

    def _destinations(self, head: Token, forces: list[Token]) -> list[EntityKey]:
        """Where forces went: "to"/"into"/"in" on the verb or the forces, else the first
        place named inside the verb's own clause ("deployed troops to assist in repelling
        an incursion into Kursk Region")."""
        found = self._located(self._prep_objects(head, ("to", "into", "in", "at", "on")))
        for force in forces:
            found += self._located(self._prep_objects(force, ("to", "into", "in")))
        if not found:
            found = self._owned_places(self._prep_tokens(head, ("to", "into", "in")))
        if not found:
            inside = [k for t in head.subtree if t.i > head.i for k in self.res.keys(t)]
            found = [k for k in inside if self.res.type_of(k) is EntityType.PLACE][:1]
        return found

    def _owned_places(self, nouns: list[Token]) -> list[EntityKey]:
        """ "landed in Haiti's capital", "moved into the country's east": the state that owns
        the place, and its capital when the text says capital and the article names it."""
        found: list[EntityKey] = []
        for noun in nouns:
            word = noun.lemma_.lower()
            if word not in lexicon.PLACE_NOUNS:
                continue
            owners = [k for c in noun.children if c.dep_ == "poss" for k in self._refs(c)]
            for state in (k for k in owners if self.res.type_of(k) is EntityType.COUNTRY):
                capital = self.res.capital_of(state) if word == "capital" else None
                found += [*([capital] if capital else []), state]
        return found

    def _supported(self, head: Token) -> list[EntityKey]:
        """ "to help Russia", "to assist ...", "in support of Kiev", "alongside Russian forces"."""
        found: list[EntityKey] = []
        for child in head.children:
            if child.dep_ in ("xcomp", "advcl") and child.lemma_ in (
                "help",
                "assist",
                "support",
                "aid",
                "defend",
                "bolster",
                "reinforce",
            ):
                found += self._agentive([k for o in child.children if o.dep_ == "dobj" for k in self._refs(o)])
            if child.dep_ == "prep" and child.lower_ in ("alongside", "for"):
                found += self._agentive([k for o in child.children for k in self._modifier_refs(o, include_self=True)])
            if child.dep_ == "prep" and child.lower_ == "in":
                for pobj in child.children:
                    if pobj.lemma_ == "support":
                        found += self._agentive(self._prep_objects(pobj, ("of",)))
        return [k for k in found if self.res.type_of(k) in _STATES]

    # -- military operations --------------------------------------------------------

    def _operation_verb(self, verb: Token) -> _Draft | None:
        lemma = verb.lemma_.lower()
        direct = [c for c in verb.children if c.dep_ == "dobj"]
        if self._treaty_object(verb) is not None or (
            verb.dep_ in ("acl", "relcl") and verb.head.lemma_.lower() in lexicon.DOCUMENT_NOUNS
        ):
            return None  # "struck a deal", "an interim agreement struck in Geneva"
        if lemma in _WEAPON_VERBS and not any(_is_military(o) for o in direct):
            return None  # "launched an offensive": the noun is the trigger
        if lemma == "shoot" and not any(c.dep_ == "prt" and c.lower_ == "down" for c in verb.children):
            return None
        if lemma == "take" and not any(o.lemma_ == "control" for o in direct):
            return None
        subject_tokens = _subject_tokens(verb)
        if lemma in _WEAK_OPERATION_VERBS and not any(_is_military(t) for t in subject_tokens):
            return None  # "sanctions hit the economy" is no strike
        draft = _Draft(MILITARY_OPERATION, verb)
        attackers = self._agentive(self._subjects(verb) + self._prep_objects(verb, ("by",)))
        draft.add("attacker", [k for k in attackers if self.res.type_of(k) in _AGENTIVE])
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if not objects and verb.dep_ == "relcl":  # "the town its forces captured"
            objects = [verb.head.head if verb.head.dep_ == "appos" else verb.head]
        if lemma in _WEAPON_VERBS:  # "launched missiles at air defence sites around Tripoli"
            objects = [t for o in objects for t in self._prep_tokens(o, ("at", "against", "on"))]
            objects += self._prep_tokens(verb, ("at", "against", "on"))
        if lemma == "take":  # "took control of Nagorno-Karabakh"
            objects = [t for o in objects for t in self._prep_tokens(o, ("of",))]
        targets = [k for o in objects for k in self._target_refs(o)]
        targets += self._prep_objects(verb, ("into", "on", "against", "in", "from", "around", "near", "outside"))
        draft.add("target", self._targets(targets, draft))
        return draft

    def _target_refs(self, obj: Token) -> list[EntityKey]:
        """What an attack hit: the named object, else the place or owner it is tied to:
        "the port of Odesa", "militant columns around Konna", "Ukraine's ports"."""
        found = self._refs(obj, named_only=True)
        if found:
            return found
        found = self._prep_objects(obj, ("of", "around", "near", "outside", "in", "at"))
        return found + [k for c in obj.children if c.dep_ in ("poss", "amod", "compound") for k in self.res.keys(c)]

    def _operation_noun(self, noun: Token) -> _Draft | None:
        if noun.lemma_.lower() == "operation" and not any(
            c.lemma_ in ("military", "special", "ground", "air", "naval", "combat") for c in noun.children
        ):
            return None
        draft = _Draft(MILITARY_OPERATION, noun)
        attackers = self._agentive(self._modifier_refs(noun) + self._prep_objects(noun, ("by",)))
        governor = _governing_verb(noun)
        if governor is not None and noun.dep_ == "dobj" and governor.lemma_ in lexicon.LIGHT_VERBS:
            attackers += self._agentive(self._subjects(governor))
        draft.add("attacker", attackers)
        targets = self._prep_objects(noun, ("into", "on", "against", "of", "in", "from"))
        if governor is not None and governor.lemma_ in lexicon.LIGHT_VERBS:
            targets += self._prep_objects(governor, ("into", "on", "against"))
        draft.add("target", self._targets(targets, draft))
        return draft

    def _targets(self, keys: list[EntityKey], draft: _Draft) -> list[EntityKey]:
        attackers = set(draft.roles.get("attacker", ()))
        return [k for k in keys if k not in attackers and self.res.type_of(k) in _TARGETS]

    # -- statements -----------------------------------------------------------------

    def _statement_verb(self, verb: Token) -> _Draft | None:
        lemma = verb.lemma_.lower()
        if lemma == "call" and not (any(c.lower_ == "for" for c in verb.children) or _calls_it(verb)):
            return None  # "called for calm", "called the move a land grab" say something; "called Kim" rings him
        if lemma == "report" and not any(c.dep_ == "ccomp" for c in verb.children):
            return None
        draft = _Draft(STATEMENT, verb)
        # "officials said" is no named speaker (FORMAT.md: attributions are optional)
        draft.add("speaker", self._agentive(self._subjects(verb, named_only=True)))
        addressees = [k for c in verb.children if c.dep_ in ("dobj", "dative") for k in self._refs(c)]
        if lemma in ("tell", "warn", "urge", "assure", "reassure", "thank", "inform"):
            draft.add("addressee", self._agentive(addressees))
        draft.add(
            "addressee",
            self._agentive(self._prep_objects(verb, ("to",))) if lemma in ("say", "write", "describe") else [],
        )
        draft.quote = _quote(verb)
        return draft

    def _statement_noun(self, noun: Token) -> _Draft | None:
        speakers = self._agentive([k for c in noun.children if c.dep_ == "poss" for k in self._refs(c)])
        if not speakers:
            return None
        draft = _Draft(STATEMENT, noun)
        draft.add("speaker", speakers)
        draft.quote = _quote(noun)
        return draft

    # -- arguments ------------------------------------------------------------------

    def _refs(self, tok: Token, named_only: bool = False) -> list[EntityKey]:
        """The entities a noun phrase head and its conjuncts refer to: a name, a resolved
        description or pronoun, "which" in a relative clause, "the two men", or the states
        behind "the presidents of the United States and Russia"."""
        keys: list[EntityKey] = []
        for t in (tok, *tok.conjuncts):
            found = list(self.res.keys(t))
            # "Barack Obama and Dmitry Medvedev" parsed with the first name as a modifier
            found += (
                [
                    k
                    for c in t.children
                    if c.dep_ in ("nmod", "compound") and any(g.dep_ == "cc" for g in c.children)
                    for k in self.res.keys(c)
                    if k not in found and self.res.type_of(k) in _AGENTIVE
                ]
                if found
                else []
            )
            if not found and t.lower_ in _RELATIVE and t.head.dep_ == "relcl":
                found = list(self.res.keys(t.head.head))
            if not found:  # "Turkey's defence minister, Hulusi Akar, and ... Guterres"
                appositions = [a for c in t.children if c.dep_ == "appos" for a in (c, *c.conjuncts)]
                found = [k for a in appositions for k in self.res.keys(a)]
            if not found and t.lower_ == "they" and t.dep_ in _SUBJECT_DEPS:
                found = self._named_pair(t)
            if not found and t.pos_ == "NUM":
                found = self._group_of_people(t)
            if not found and t.pos_ == "NOUN":
                found = self._leader_of(t)
            if not found and t.pos_ == "NOUN":
                found = self._group_of_people(t) or ([] if named_only else self._represented(t))
            if not found and t.pos_ == "NOUN":
                found = self._named_inside(t)
            keys += [k for k in found if k not in keys]
        return keys

    def _named_inside(self, noun: Token) -> list[EntityKey]:
        """ "the official Xinhua news agency", "the state broadcaster, CCTV": an organisation
        named inside a noun phrase that is not a group of people ("NATO officials" are no
        named speaker)."""
        if noun.lemma_.lower() in _PEOPLE_NOUNS | lexicon.MILITARY_NOUNS:
            return []
        return [
            k
            for c in noun.children
            if c.dep_ in ("compound", "appos")
            for k in self.res.keys(c)
            if self.res.type_of(k) is EntityType.ORGANIZATION
        ]

    def _group_of_people(self, noun: Token) -> list[EntityKey]:
        """ "the two men", "both presidents": the people most recently named before."""
        numbers = {c.lower_ for c in noun.children if c.dep_ in ("nummod", "det", "predet")}
        alone = noun.pos_ == "NUM" and noun.dep_ in _SUBJECT_DEPS  # "The two met at ..."
        size = 2 if (numbers | {noun.lower_}) & {"two", "both"} else 3 if "three" in numbers | {noun.lower_} else 0
        if not size or (not alone and noun.lemma_.lower() not in _PEOPLE_NOUNS):
            return []
        listed = self._colon_list(noun, size)
        if listed:
            return listed
        recent = self._named_before(noun, {EntityType.PERSON}, size)
        return recent if len(recent) == size else []

    def _colon_list(self, noun: Token, size: int) -> list[EntityKey]:
        """ "the three men who run the administration: A, ...; B, ...; and C": a group whose
        sentence ends in a colon is the people the list after it names (the parser often
        cuts the list off as a sentence of its own)."""
        colon = next((t for t in noun.sent if t.i > noun.i and t.text == ":"), None)
        if colon is None:
            return []
        named: list[EntityKey] = []
        for t in self.doc[colon.i + 1 :]:
            if t.text in (".", "!", "?"):
                break
            key = self.res.key(t)
            if key and key not in named and self.res.type_of(key) is EntityType.PERSON:
                named.append(key)
        return named if len(named) == size else []

    def _leader_of(self, title: Token) -> list[EntityKey]:
        """ "the American president" when the resolver found no title for anyone: the one
        person named before it who acts for that state; "the German and French leaders": the
        one for each state."""
        if title.lemma_.lower() not in lexicon.TITLES or not any(c.lower_ == "the" for c in title.children):
            return []
        modifiers = [c for c in title.children if c.dep_ in ("amod", "compound", "nmod") and c.i < title.i]
        states = {
            k
            for c in modifiers
            for m in (c, *c.conjuncts)
            for k in self.res.keys(m)
            if self.res.type_of(k) is EntityType.COUNTRY
        }
        if len(states) > 1 and title.tag_ != "NNS":
            return []  # "the Russian-American president" is one person
        leaders: list[EntityKey] = []
        for state in sorted(states):
            people = [
                k
                for k, cluster in self.res.clusters.items()
                if cluster.type is EntityType.PERSON and cluster.first < title.idx and self.res.country_of(k) == state
            ]
            if len(people) != 1:
                return []
            leaders += people
        return leaders

    def _named_pair(self, pronoun: Token) -> list[EntityKey]:
        """ "Trump and Kim left the hotel; they had put their names to ...": a plural subject
        pronoun stands for the coordinated names ("X and Y") last before it, in its own
        sentence or the one before, when they are all of one kind (people, or states)."""
        start = sentence_and_previous(pronoun.sent)[0].start
        for tok in reversed(self.doc[start : pronoun.i]):
            if tok.dep_ == "conj" or not tok.conjuncts:
                continue
            keys = [k for t in (tok, *tok.conjuncts) for k in self.res.keys(t)]
            kinds = {self.res.type_of(k) for k in keys}
            if len(set(keys)) >= 2 and len(kinds) == 1 and kinds <= _AGENTIVE:
                return list(dict.fromkeys(keys))
        return []

    def _represented(self, noun: Token) -> list[EntityKey]:
        """ "representatives of Kiev, Moscow and the OSCE", "Russian troops": the states or
        organisations a group of people acts for."""
        if noun.lemma_.lower() not in _PEOPLE_NOUNS | lexicon.MILITARY_NOUNS:
            return []
        keys = [k for obj in self._prep_tokens(noun, ("of", "from")) for k in self._refs(obj)]
        keys += self._possessive_pronoun(noun)
        keys += [
            k
            for c in noun.children
            if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i < noun.i
            for k in self.res.keys(c)
        ]
        return [k for k in dict.fromkeys(keys) if self.res.type_of(k) in _STATES]

    def _possessive_pronoun(self, noun: Token) -> list[EntityKey]:
        """ "its forces", "their troops": the state or organisation named last before."""
        if not any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in noun.children):
            return []
        # "Russia's navy has blockaded Ukraine's ports since its forces invaded": the subject
        # of the sentence, before whatever was named last
        root = noun.sent.root
        for subject in (c for c in root.children if c.dep_ in _SUBJECT_DEPS and not noun.is_ancestor(c) and c != noun):
            if noun in subject.subtree:
                continue
            keys = [k for t in subject.subtree for k in self.res.keys(t) if self.res.type_of(k) in _STATES]
            if keys:
                return keys[:1]
        return self._named_before(noun, _STATES, 1, start=max(noun.sent.start - 40, 0))

    def _named_before(self, token: Token, types: Collection[EntityType], count: int, start: int = 0) -> list[EntityKey]:
        """The last ``count`` distinct entities of ``types`` named before ``token``, nearest
        first (looking back no further than token ``start``)."""
        found: list[EntityKey] = []
        for t in reversed(self.doc[start : token.i]):
            key = self.res.key(t)
            if key and key not in found and self.res.type_of(key) in types:
                found.append(key)
                if len(found) == count:
                    break
        return found

    def _affiliations(self, person: EntityKey, sent: Span | None) -> list[EntityKey]:
        """The states or organisations a named person acts for in this sentence, else
        anywhere in the article:
        "Azerbaijani President Ilham Aliyev", "IAEA Director General Yukiya Amano", "Iran's
        nuclear chief, Ali Akbar Salehi"."""
        found: list[EntityKey] = []
        named = sorted(i for i, key in self.res.token_keys.items() if key == person)
        for tok in (t for t in sent if t.i in named) if sent is not None else (self.doc[i] for i in named):
            if self.res.key(tok) != person or (tok.head.i != tok.i and self.res.key(tok.head) == person):
                continue  # the head word of the name
            phrases = [tok]
            if tok.dep_ == "appos":
                phrases.append(tok.head)
            phrases += [c for c in tok.children if c.dep_ == "appos"]
            # "Sergei Aksyonov, installed as Crimea's prime minister"
            phrases += [o for c in tok.children if c.dep_ == "acl" for o in self._prep_tokens(c, ("as",))]
            for head in phrases:
                found += self._offices(head, person)
        if not found and sent is not None:
            return self._affiliations(person, None)
        known = self.res.country_of(person)
        return list(dict.fromkeys(found or ([known] if known else [])))

    def _offices(self, head: Token, person: EntityKey) -> list[EntityKey]:
        """The states or organisations in front of a name or title ("Iranian Foreign
        Minister X"), or that a title is "of" ("president of Ukraine")."""
        titled = head.lemma_.lower() in lexicon.TITLES
        modifiers = [c for c in head.children if c.dep_ in _NAME_MODIFIERS]
        tokens = [t for m in modifiers for t in m.subtree]
        if titled:
            tokens += self._prep_tokens(head, ("of",))
        return [key for t in tokens if (key := self.res.key(t)) and key != person and self.res.type_of(key) in _STATES]

    def _modifier_refs(self, noun: Token, include_self: bool = False) -> list[EntityKey]:
        """Entities in front of a noun: "Ukraine's incursion", "North Korean troops",
        "the Trump-Kim summit", "US armoured brigade"."""
        keys = self._refs(noun) if include_self else []
        for child in noun.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod") and child.i < noun.i:
                keys += [k for k in self._refs(child) if k not in keys]
        return keys

    def _subjects(self, verb: Token, named_only: bool = False) -> list[EntityKey]:
        """The subject of a verb, climbing out of participles, infinitives and coordinated
        verbs ("signing a treaty" in "the two countries deepened ties by signing ...")."""
        node: Token | None = verb
        for _ in range(4):
            if node is None:
                break
            subjects = [c for c in node.children if c.dep_ in ("nsubj", "csubj")]
            # "Moscow, which moved ...", "French jets attacking Libyan armour"
            # not "Lithuania, where the unit will be stationed": that is where, not who
            acts_for_head = (
                node.dep_ == "relcl" and not any(c.lower_ in ("where", "when") for c in node.children)
            ) or (node.dep_ == "acl" and node.tag_ == "VBG")
            if not subjects and acts_for_head and node.head.pos_ in ("NOUN", "PROPN"):
                return self._refs(node.head, named_only)
            if subjects:
                return [k for s in subjects for k in self._refs(s, named_only)]
            agents = self._prep_objects(node, ("by",)) if node.tag_ == "VBN" else []
            if agents:
                return agents
            if node.dep_ not in _CLIMB_DEPS or node.head.i == node.i:
                break
            node = node.head
        return []

    def _objects(self, verb: Token, preps: tuple[str, ...]) -> list[EntityKey]:
        direct = [k for c in verb.children if c.dep_ == "dobj" for k in self._refs(c)]
        return direct + self._prep_objects(verb, preps)

    def _prep_tokens(self, head: Token, preps: tuple[str, ...]) -> list[Token]:
        return [
            obj
            for child in head.children
            if child.dep_ in ("prep", "agent") and child.lower_ in preps
            for obj in child.children
            if obj.dep_ == "pobj"
        ]

    def _prep_objects(self, head: Token, preps: tuple[str, ...]) -> list[EntityKey]:
        return [k for obj in self._prep_tokens(head, preps) for k in self._refs(obj)]

    def _agentive(self, keys: list[EntityKey]) -> list[EntityKey]:
        return [k for k in dict.fromkeys(keys) if self.res.type_of(k) in _AGENTIVE]

    def _located(self, keys: list[EntityKey]) -> list[EntityKey]:
        return [k for k in dict.fromkeys(keys) if self.res.type_of(k) in _LOCATED]

    def _event_places(self, trigger: Token) -> list[EntityKey]:
        """Where an event happened: places on the trigger, else on the verb that governs it,
        else on the main verb of its sentence ("The signing capped four hours of talks at the
        Capella Hotel on Sentosa")."""
        if trigger.pos_ == "VERB":  # "stepped across the line at Panmunjom to meet Moon"
            governor = trigger.head if trigger.dep_ in ("advcl", "xcomp") and trigger.head.i != trigger.i else None
            held: list[Token] = []
        else:  # "That meeting, held in Hanoi, ..."
            governor = _governing_verb(trigger)
            held = [c for c in trigger.children if c.dep_ == "acl" and c.tag_ == "VBN"]
        for head in (trigger, *held, governor, trigger.sent.root):
            found = self._places(head) if head is not None else []
            if found:
                return found
        return []

    def _places(self, head: Token) -> list[EntityKey]:
        """Where: the places named after "in"/"at"/"on" on the trigger, following nested
        locations: "at the Capella Hotel on Sentosa", "on Russky Island off Vladivostok",
        "at the border truce village of Panmunjom", "in Hanoi, Vietnam"."""
        found: list[EntityKey] = []
        # "travelled to Beijing for talks": where a journey ends is where its purpose happens
        preps = (*_LOCATIVE, "to") if head.lemma_.lower() in lexicon.TRAVEL_VERBS else _LOCATIVE
        frontier = [(t, "top") for t in self._prep_tokens(head, preps)]
        seen: set[int] = set()
        while frontier:
            tok, how = frontier.pop(0)
            if tok.i in seen:
                continue
            seen.add(tok.i)
            located = self._located(self._refs(tok, named_only=True))
            # "talks on Ukraine" is a topic; "the Spanish Hall of Prague Castle" is a venue
            # inside a venue, but "the Hall of the president of X" is not X
            if how == "part" or (how == "top" and tok.head.lower_ == "on"):
                located = [k for k in located if self.res.type_of(k) is EntityType.PLACE]
            found += located
            if how == "part":
                continue
            nested = _LOCATIVE if located else (*_LOCATIVE, "of")
            frontier += [(t, "nested") for t in self._prep_tokens(tok, nested)]
            frontier += [(t, "part") for t in self._prep_tokens(tok, ("of",)) if located]
            frontier += [(c, "nested") for c in tok.children if c.dep_ == "appos"]
        return list(dict.fromkeys(found))

    # -- completion -----------------------------------------------------------------

    def _complete(self, draft: _Draft) -> bool:
        roles = draft.roles
        type_ = draft.type
        if type_ is MEETING:
            people = [k for k in roles.get("participant", []) if self.res.type_of(k) is EntityType.PERSON]
            if len(people) >= 2:
                roles["participant"] = people
            # "Kim Jong-un" and "North Korea" are one side, not a meeting
            participants = roles.get("participant", [])
            states = {self.res.country_of(k) for k in participants if self.res.type_of(k) is EntityType.PERSON}
            return len([k for k in participants if k not in states]) >= 2
        if type_ is TREATY_SIGNING:
            return len(roles.get("party", [])) >= 2
        if type_ is MILITARY_DEPLOYMENT:
            return bool(roles.get("deployedBy"))
        if type_ is MILITARY_OPERATION:
            return bool(roles.get("attacker") or roles.get("target"))
        return bool(roles.get("speaker"))

    def _spokesmen(self, drafts: list[_Draft]) -> None:
        """ "Ukraine's military reported that ... Military spokesman Andriy Lysenko said ...":
        an official named only by rank or title, speaking just after an organisation, speaks
        for it; both statements get both speakers, and so become one."""
        said = [d for d in drafts if d.type is STATEMENT]
        for first, second in itertools.pairwise(said):
            bodies = first.roles.get("speaker", [])
            people = second.roles.get("speaker", [])
            adjacent = second.trigger.sent.start in (first.trigger.sent.start, first.trigger.sent.end)
            states = {self.res.country_of(k) for k in bodies + people} - {None}
            if (
                adjacent
                and bodies
                and all(self.res.type_of(k) is EntityType.ORGANIZATION for k in bodies)
                and len(people) == 1
                and len(states) <= 1
                and self._bare_official(second.trigger, people[0])
            ):
                first.add("speaker", people)
                second.add("speaker", bodies)

    def _bare_official(self, verb: Token, person: EntityKey) -> bool:
        """The subject of ``verb`` is ``person`` under a title that names no state or body:
        "Military spokesman Andriy Lysenko", "Vice Admiral William Gortney"."""
        for subject in _subject_tokens(verb):
            if self.res.key(subject) != person:
                continue
            titles = [c for c in subject.children if c.dep_ == "compound" and c.lower_ in lexicon.NAME_PREFIX_TITLES]
            words = [t for c in subject.children if c.dep_ in _NAME_MODIFIERS for t in c.subtree]
            # "French President X" names a state even when the article never names France
            named = [t for t in words if (set(self.res.keys(t)) - {person}) or t.ent_type_ in ("NORP", "GPE", "ORG")]
            return bool(titles) and not named
        return False

    def _statement_occasions(self, drafts: list[_Draft]) -> dict[int, _Draft]:
        return {d.trigger.i: d for d in drafts if d.type is STATEMENT}

    def _finish(self, draft: _Draft, statements: dict[int, _Draft]) -> Event:
        trigger = draft.trigger
        sent = trigger.sent
        claimer = _claiming_statement(trigger, statements) if draft.type is not STATEMENT else None
        lemma = (draft.gapped or trigger).lemma_.lower()
        return Event(
            key=_event_key(draft.type, self.article.id, trigger.idx),
            type=draft.type,
            roles=Event.make_roles(
                {
                    draft.type.role(role): [k for k in keys if k in self.res.clusters]  # only this article's
                    for role, keys in draft.roles.items()
                }
            ),
            evidence=(_evidence(self.article.id, sent),),
            date=self._date(draft),
            cameo=draft.type.cameo_for(lemma),
            treaty=draft.treaty,
            quote=draft.quote,
            trigger=lemma,
            claimed_in=(_event_key(STATEMENT, self.article.id, claimer.trigger.idx),) if claimer else (),
            optional=_irrealis(draft.gapped or trigger),
        )

    def _date(self, draft: _Draft) -> TimeValue | None:
        published = self.article.published
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


def _evidence(article_id: str, sent: Span) -> Evidence:
    """The sentence without its trailing whitespace, so that the offsets cut out its text."""
    text = text_of(sent).rstrip()
    return Evidence(article_id, text, sent.start_char, sent.start_char + len(text))


def _share_dates(
    events: list[Event], published: dt.date | None, story_day: TimeValue | None, elsewhen: set[EventKey]
) -> list[Event]:
    """Give undated events the time the story gives them.

    A meeting takes the date of a statement its participants exchanged ("Kim told Putin
    Wednesday"). A statement takes, in order: the date of a meeting its speaker took part
    in; the date of the event reported just before it (the same or the previous sentence:
    "Peskov said at the time"); or, when the article reports news of the last few days,
    the day of the latest such event before it (FORMAT.md: statements tied by context to
    the day's main event take that day). Whatever is still undated happened on the day the
    story's lead names (``story_day``). Events in ``elsewhen`` are told as happening at
    another time than their sentence ("landed after leaving the G7 summit") and keep only
    their own date.
    """
    ordered = sorted(events, key=lambda e: e.evidence[0].start)
    meetings = [e for e in ordered if e.type is MEETING and not e.optional]
    statements = [e for e in ordered if e.type is STATEMENT]
    out: list[Event] = []
    for event in ordered:
        date = event.date
        if event.key in elsewhen:
            pass
        elif date is None and event.type is MEETING:
            people = set(_role(event, "participant"))
            date = _one_date(
                s
                for s in statements
                if _role(s, "addressee") and set(_role(s, "speaker")) | set(_role(s, "addressee")) <= people
            ) or _preceding_date(event, ordered)
        elif date is None and event.type is TREATY_SIGNING:
            date = _preceding_date(event, ordered)
        elif date is None and event.type is STATEMENT:
            speaker = set(_role(event, "speaker"))
            date = (
                _one_date(m for m in meetings if speaker <= set(_role(m, "participant")))
                or _preceding_date(event, ordered)
                or _news_day(event, ordered, published)
            )
            if date is not None and story_day is not None and _recent(date, dt.date.fromisoformat(story_day.value)):
                date = story_day  # words on the news of the last days were said on its day
        if date is None and not event.optional and event.type in _ON_THE_DAY and event.key not in elsewhen:
            date = story_day
        out.append(replace(event, date=date) if date != event.date else event)
    return out


def _same_day_places(events: list[Event]) -> list[Event]:
    """ "The talks were held at the Peace House ... By evening the two men had signed a
    declaration": a meeting and a signing of the same people on the same day took place in
    one place, so the one told without a place takes the other's."""

    def people(event: Event) -> frozenset[EntityKey]:
        return frozenset(_role(event, "participant") or _role(event, "signatory"))

    out = []
    for event in events:
        if (
            event.type in (MEETING, TREATY_SIGNING)
            and not _role(event, "place")
            and event.date is not None
            and event.date.precision == "day"
            and not event.optional
            and event.trigger not in _REMOTE
            and len(people(event)) >= 2
        ):
            places = [
                p
                for other in events
                if other.type is not event.type
                and other.date == event.date
                and not other.optional
                and people(other) == people(event)
                for p in _role(other, "place")
            ]
            if places:
                event = _set_role(event, "place", tuple(dict.fromkeys(places)))
        out.append(event)
    return out


def _recent(date: TimeValue, until: dt.date) -> bool:
    """True when ``date`` is a day in the three days up to ``until``: the news of the moment."""
    if date.precision != "day":
        return False
    return 0 <= (until - dt.date.fromisoformat(date.value)).days <= 3


def _definite(trigger: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "that", "this") for c in trigger.children)


def _meetings_of_signers(drafts: list[_Draft], complete: list[_Draft]) -> list[_Draft]:
    """ "They had put their names to a joint statement ... called the meeting a triumph": a
    definite meeting that names no one else, told after a signing and before any other meeting,
    is the meeting of the people who signed. Returns the complete drafts, in text order."""
    kept = {id(d) for d in complete}
    found = list(complete)
    for draft in drafts:
        trigger = draft.trigger
        if id(draft) in kept or draft.type is not MEETING or not _definite(trigger) or _irrealis(trigger):
            continue
        before = [d for d in found if d.trigger.i < trigger.i and not _irrealis(d.trigger)]
        if any(d.type is MEETING for d in before):
            continue  # that meeting is the one meant: _lend_places
        signings = [d for d in before if d.type is TREATY_SIGNING and len(d.roles.get("signatory", ())) >= 2]
        signing = max(signings, key=lambda d: d.trigger.i) if signings else None
        # "the American president called the meeting a triumph": who is named must be one of them
        if signing is not None and set(draft.roles.get("participant", ())) <= {
            *signing.roles["signatory"],
            *signing.roles.get("party", ()),
        }:
            draft.roles["participant"] = list(signing.roles["signatory"])  # people, not states
            draft.add("place", signing.roles.get("place", []))
            found.append(draft)
    return sorted(found, key=lambda d: d.trigger.i)


def _talks_of_signing(drafts: list[_Draft], complete: list[_Draft]) -> list[_Draft]:
    """ "The plan was finalised by Iran and the P5+1 after more than two weeks of
    negotiations": talks that name no one, told as part of a signing, were held by those who
    signed (its signatories when it names two, else its parties). Returns the complete
    drafts, in text order."""
    signings = [d for d in complete if d.type is TREATY_SIGNING and not _irrealis(d.trigger)]
    found = list(complete)
    kept = {id(d) for d in complete}
    for draft in drafts:
        trigger = draft.trigger
        if id(draft) in kept or draft.type is not MEETING or draft.roles.get("participant") or _irrealis(trigger):
            continue
        signing = next((s for s in signings if s.trigger.is_ancestor(trigger)), None)
        if signing is not None:
            signers = signing.roles.get("signatory", [])
            draft.add("participant", signers if len(signers) >= 2 else signing.roles.get("party", []))
            draft.part_of = signing.trigger
            found.append(draft)
    return sorted(found, key=lambda d: d.trigger.i)


def _lend_places(drafts: list[_Draft], complete: list[_Draft]) -> None:
    """ "The talks were held at the Peace House": a definite mention of a meeting or signing
    that names no parties is the one told just before, and gives it its place."""
    kept = {id(d) for d in complete}
    for draft in drafts:
        places = draft.roles.get("place")
        trigger = draft.trigger
        if id(draft) in kept or not places or not _definite(trigger) or draft.type not in _ON_THE_DAY:
            continue
        before = [d for d in complete if d.type is draft.type and d.trigger.i < trigger.i and not _irrealis(d.trigger)]
        if before:
            max(before, key=lambda d: d.trigger.i).add("place", places)


def _one_date(candidates: Iterable[Event]) -> TimeValue | None:
    dates = {e.date for e in candidates if e.date is not None}
    return dates.pop() if len(dates) == 1 else None


def _preceding_date(event: Event, ordered: list[Event]) -> TimeValue | None:
    """The date of the dated event reported before it, in the same sentence or the one
    before ("met on the sidelines of the summit, which opened on Friday": the summit told
    after the meeting is its setting, and started earlier)."""
    start = event.evidence[0].start
    before = [
        e for e in ordered if e.date and not e.optional and e.evidence[0].start <= start and _offset(e) < _offset(event)
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
        e for e in ordered if e.date and not e.optional and e.type is not STATEMENT and _recent(e.date, published)
    ]
    if not recent:
        return None
    start = event.evidence[0].start
    before = [e for e in recent if e.evidence[0].start <= start]
    return (before[-1] if before else recent[0]).date


def _role(event: Event, term: str) -> tuple[EntityKey, ...]:
    """The keys filling the role ``term`` of ``event``; none when its type has no such role."""
    try:
        return event.role(event.type.role(term))
    except KeyError:
        return ()


def _set_role(event: Event, term: str, keys: Iterable[EntityKey]) -> Event:
    roles = {**dict(event.roles), event.type.role(term): tuple(keys)}
    return replace(event, roles=Event.make_roles(roles))


def _event_key(type_: EventType, article_id: str, offset: int) -> EventKey:
    return EventKey(type_.name, article_id, offset)


def _offset(event: Event) -> int:
    """Where an event's trigger is in its article."""
    return event.key.offset


def _governing_verb(noun: Token) -> Token | None:
    head = noun.head
    for _ in range(3):
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.head.i == head.i:
            return None
        head = head.head
    return None


def _state_of(place: str) -> str | None:
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


def _subject_tokens(verb: Token) -> list[Token]:
    """The subject of a verb or of the verb it completes: "forces had begun to push into",
    "jets flew from Marham to fire missiles" (a purpose clause shares its verb's subject)."""
    node = verb
    for _ in range(3):
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects or not (node.dep_ in ("xcomp", "conj") or _purpose(node)) or node.head.i == node.i:
            return subjects
        node = node.head
    return []


def _purpose(verb: Token) -> bool:
    """An infinitive clause of purpose: "to fire" in "flew from Marham to fire missiles"."""
    return verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _is_military(tok: Token) -> bool:
    words = {tok.lemma_.lower(), *(c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod"))}
    if words & lexicon.MILITARY_NOUNS:
        return True
    return any(_is_military(c) for c in tok.conjuncts if c.i > tok.i)


def _at_other_time(trigger: Token) -> bool:
    """ "landed after leaving the summit", "arrived straight from talks": the event is told
    as the time before or after another, not as the sentence's news; "at his last meeting
    with Trump" is an earlier occasion too."""
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


@functools.cache
def _trigger_lemmas() -> frozenset[str]:
    """Every lemma that may trigger an event, as spaCy may spell it (sentence-initial nouns
    keep their capital: "Talks")."""
    lemmas = {
        *(w for words in _VERB_TRIGGERS.values() for w in words),
        *(w for words in _NOUN_TRIGGERS.values() for w in words),
        *_SIGNING_VERBS,
        *_DELIVERY_VERBS,
    }
    return frozenset(v for w in lemmas for v in (w, w.capitalize(), w.upper()))


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _irrealis(trigger: Token) -> bool:
    """Planned, expected, hypothetical or denied: "will meet", "plans to sign", "is due to
    join", "refused to deploy", "has ruled out sending troops"."""
    node = trigger
    for _ in range(3):
        if any(c.lower_ in lexicon.IRREALIS and c.dep_ in ("aux", "mark", "amod") for c in node.children):
            return True
        if node.dep_ in ("xcomp", "acl") and node.head.lemma_.lower() in lexicon.IRREALIS:
            return True
        if (
            node.dep_ in ("xcomp", "advcl", "ccomp", "dobj", "pcomp")
            and _verb_phrase(node.head) in lexicon.DENIAL_VERBS
        ):
            return True
        if node.dep_ not in ("xcomp", "conj", "pobj", "prep", "dobj") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _calls_it(verb: Token) -> bool:
    """ "called the operation necessary", "called Russia's move nothing more than a land grab":
    "call" with an object and what the speaker calls it."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    complements = [c for c in verb.children if c.dep_ in ("oprd", "xcomp")]
    complements += [c for o in objects for c in o.children if c.dep_ in ("dobj", "attr", "oprd")]
    return bool(objects and complements)


def _verb_phrase(verb: Token) -> str:
    """A verb's lemma with its particle, if it has one: "rule out", "refuse"."""
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    lemma = verb.lemma_.lower()
    return f"{lemma} {particle}" if particle else lemma


def _claiming_statement(trigger: Token, statements: dict[int, _Draft]) -> _Draft | None:
    """The statement whose reported clause holds the trigger: "Russia declared that
    Ukrainian forces had been expelled" -> the expulsion is Russia's claim."""
    node = trigger
    while node.head.i != node.i:
        if node.dep_ == "ccomp" and node.head.i in statements:
            statement = statements[node.head.i]
            if statement.trigger.lemma_.lower() in _CLAIM_VERBS:
                return statement
        node = node.head
    return None


def _phrase(noun: Token) -> str:
    """The name of an agreement: its noun phrase without determiners or possessors."""
    words = [
        t for t in noun.subtree if t.i <= noun.i and t.dep_ not in ("det", "poss", "case", "predet") and not t.is_punct
    ]
    words = [t for t in words if t.i >= min((w.i for w in words), default=noun.i)]
    return " ".join(t.text for t in words).strip()


def _quote(trigger: Token) -> str | None:
    """The words: quoted text in the sentence, else the reported clause."""
    sent: Span = trigger.sent
    quoted = _QUOTE.findall(text_of(sent))
    if quoted:
        return " … ".join(q.strip() for q in quoted)
    for child in trigger.children:
        if child.dep_ == "ccomp":
            return "".join(t.text_with_ws for t in child.subtree).strip()
    return None


def _group_statements(statements: list[Event]) -> tuple[list[Event], dict[EventKey, EventKey]]:
    """One Statement per speaker per occasion: a speaker's statements whose dates agree
    (or of which one is undated) become one event with several pieces of evidence.
    Returns the grouped statements and each old key's new key."""
    by_speaker: dict[tuple[EntityKey, ...], list[Event]] = {}
    for event in sorted(statements, key=lambda e: e.key):
        by_speaker.setdefault(_role(event, "speaker"), []).append(event)
    grouped: list[Event] = []
    renamed: dict[EventKey, EventKey] = {}
    for members in by_speaker.values():
        for occasion in _occasions(members):
            combined = _combine(occasion)
            grouped.append(combined)
            renamed.update((e.key, combined.key) for e in occasion)
    return grouped, renamed


def _occasions(members: list[Event]) -> list[list[Event]]:
    """Split one speaker's statements by date; undated ones join the only dated occasion."""
    dated: dict[TimeValue, list[Event]] = {}
    undated: list[Event] = []
    for event in members:
        (dated.setdefault(event.date, []) if event.date else undated).append(event)
    if len(dated) <= 1:
        return [undated + [e for group in dated.values() for e in group]]
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
