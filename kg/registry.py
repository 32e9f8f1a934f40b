"""The event-type registry: what an event type is, and the types kg knows.

An event type is data, declared once as an :class:`EventType` and registered with
:func:`register` (the built-in five are in :mod:`kg.events`). Everything that needs
to know about event types reads it from here:

- the NLP stage (:mod:`kg.nlp.events`) finds its triggers (verbs, nouns, multi-word
  expressions, each with the cues that must hold around it) and fills its roles through the
  argument frames, one generic mechanism for every type;
- the merge compares events on their key roles;
- the RDF mapping writes the class and role properties, and the SHACL shapes for roles are
  generated from the roles' accepted entity types and the completeness rule;
- ``kg eval`` scores every registered type, the core ones together.

A role is a member of its type's :class:`Role` enum, never a bare string, so a misspelt
role is an error. Adding a type (a Protest, a Sanction) takes an entry here plus its
ontology terms (the class and one property per role); no other code changes.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from kg.model import EntityType

PERSON, COUNTRY, ORGANIZATION, PLACE = (
    EntityType.PERSON,
    EntityType.COUNTRY,
    EntityType.ORGANIZATION,
    EntityType.PLACE,
)
#: Who can act: people, states and organisations.
AGENTS = frozenset({PERSON, COUNTRY, ORGANIZATION})
#: Who can be bound by a treaty or send forces: states and organisations.
STATES = frozenset({COUNTRY, ORGANIZATION})
#: Where something happens.
LOCATIONS = frozenset({PLACE, COUNTRY})
#: What an attack can hit.
TARGETS = frozenset({PLACE, COUNTRY, ORGANIZATION})


class RoleSpec(NamedTuple):
    """What a role is: its ontology property, who may fill it, and how it is found."""

    term: str  # the local name of its ontology property: "participant" is kg:participant
    accepts: frozenset[EntityType]  # the entity types that may fill it
    key: bool = False  # it identifies the event across articles (two reports of one meeting)
    #: a where: "setting" (where it happened: else where the governing clause happened) or
    #: "goal" (where forces went: else the place a noun is of, or the first place after)
    locative: str | None = None
    named: bool = False  # only a named entity, never a group acting for one ("officials said")
    people_first: bool = False  # when enough people fill it, the states they act for are implied
    #: armed forces filling it bring the state they serve ("the Iraqi army retook Ramadi":
    #: Iraq and its army)
    with_state: bool = False


class Role(enum.Enum):
    """The base of every event type's roles: an Enum whose members' values are RoleSpecs.

    >>> class MeetingRole(Role):
    ...     PARTICIPANT = RoleSpec("participant", AGENTS, key=True)
    """

    @property
    def term(self) -> str:
        return str(self.value.term)

    @property
    def accepts(self) -> frozenset[EntityType]:
        return frozenset(self.value.accepts)

    @property
    def key(self) -> bool:
        return bool(self.value.key)

    @property
    def locative(self) -> str | None:
        return self.value.locative

    @property
    def named(self) -> bool:
        return bool(self.value.named)

    @property
    def people_first(self) -> bool:
        return bool(self.value.people_first)

    @property
    def with_state(self) -> bool:
        return bool(self.value.with_state)

    def __str__(self) -> str:
        return self.term


class Cue(NamedTuple):
    """Something that must (or must not) hold around a trigger word, in the parse.

    ``relation`` names a dependency relation of the trigger, from a fixed set so that each is
    implemented once (:mod:`kg.nlp.events.triggers`); ``words`` are lemmas or word classes
    (see ``kg.nlp.lexicon.CLASSES``), empty for "any" — for "named object", entity types
    ("Place"). ``absent``: the cue holds when the relation is not there.
    """

    relation: str
    words: frozenset[str] = frozenset()
    absent: bool = False


#: The relations a Cue can name, each implemented once by the NLP stage:
#: object       a direct object or passive subject ("sent troops", "troops were sent")
#: subject      the subject ("jets hit camps")
#: document     the agreement a verb acts on: object, passive subject, the noun a clause
#:              describes, "put their signatures to" ("signed a treaty", "the deal signed")
#: particle     a verb particle ("shot down")
#: prep         a preposition on the trigger ("called for calm")
#: modifier     a word in front of a noun trigger ("military operation", "phone call")
#: clause       a reported clause ("reported that ...")
#: complement   a predicative complement ("called the meeting a triumph")
#: partner      a named partner: an object, a "with", or two named people as subject
#: named object an object that names an entity of the given types, else of any actor's
#:              ("called Kim": a call rings someone; "took the city": a place is taken)
#: reaches      a preposition whose object names someone, each reach an event ("took their
#:              proposals to Poroshenko ... and to Putin": two meetings)
#: name         a proper name the noun is called by ("operation Euphrates Shield")
#: named subject a subject that names an actor ("ISIS, which took the city")
#: aims         a preposition whose object is no time ("fired rockets at Shlomi", not "on Sunday")
CUE_RELATIONS = frozenset(
    {
        "object",
        "subject",
        "document",
        "particle",
        "prep",
        "modifier",
        "clause",
        "complement",
        "partner",
        "named object",
        "reaches",
        "name",
        "named subject",
        "aims",
    }
)


def cue(relation: str, *words: str) -> Cue:
    """A cue on ``relation`` with any of ``words`` (none: anything)."""
    return Cue(relation, frozenset(words))


def no(relation: str, *words: str) -> Cue:
    """A cue that holds when ``relation`` with any of ``words`` is not there."""
    return Cue(relation, frozenset(words), absent=True)


@dataclass(frozen=True)
class Frame:
    """Which roles the grammatical relations of a trigger fill, for one event type.

    Each relation lists roles in order of preference: an entity fills the first role that
    accepts its type ("Putin and Kim signed": people are signatories, "Russia and North
    Korea signed": states are parties). The argument finder (:mod:`kg.nlp.events.arguments`)
    finds the relations the same way for every type: voice, coordination, relative and
    participle clauses, purpose and control clauses, support verbs.
    """

    #: None in a trigger's own frame: as its type's frame says
    agent: tuple[Role, ...] | None = None  # subject; passive "by"; possessor or modifier of a noun
    patient: tuple[Role, ...] | None = None  # object; passive subject; "of" after a noun trigger
    #: prepositional objects by preposition ("with" -> participant); a complex preposition
    #: is written whole ("in support of")
    preps: Mapping[str, tuple[Role, ...]] = field(default_factory=dict)
    #: purpose and control clauses: the object of "to help X" after a trigger
    clauses: Mapping[str, tuple[Role, ...]] = field(default_factory=dict)
    #: the verbs whose subject is the agent of a noun trigger they govern ("held talks",
    #: "launched an offensive"): a word class of kg.nlp.lexicon, or "ANY"
    support: str = "LIGHT"

    def merged(self, other: Frame | None) -> Frame:
        """This frame with ``other``'s relations added (a trigger's own frame)."""
        if other is None:
            return self
        return Frame(
            agent=other.agent if other.agent is not None else self.agent,
            patient=other.patient if other.patient is not None else self.patient,
            preps={**self.preps, **other.preps},
            clauses={**self.clauses, **other.clauses},
            support=self.support,
        )


@dataclass(frozen=True)
class Trigger:
    """What a trigger word needs around it, and what it adds to its type's frame.

    ``needs`` is a list of alternatives, each a tuple of cues that must all hold; ``refuses``
    cues that must not hold. ``cameo`` is a code more specific than the type's ("visit":
    042, make a visit)."""

    cameo: str | None = None
    needs: tuple[tuple[Cue, ...], ...] = ()
    refuses: tuple[Cue, ...] = ()
    frame: Frame | None = None
    claims: bool = False  # a statement whose reported clause is the speaker's claim ("declared that")
    remote: bool = False  # held at a distance ("a phone call"): it has no place of its own
    arrives: bool = False  # its subject comes somewhere ("troops arrived"): by default, the story's place


def trigger(
    cameo: str | None = None,
    needs: Cue | tuple[Cue, ...] | None = None,
    *,
    either: tuple[tuple[Cue, ...], ...] = (),
    refuses: tuple[Cue, ...] = (),
    frame: Frame | None = None,
    claims: bool = False,
    remote: bool = False,
    arrives: bool = False,
) -> Trigger:
    """A Trigger, written briefly: ``trigger("042", cue("partner"))``."""
    alternatives = either or ((((needs,),) if isinstance(needs, Cue) else (needs,)) if needs else ())
    return Trigger(cameo, alternatives, refuses, frame, claims, remote, arrives)


#: A trigger with nothing to say beyond its type's defaults.
PLAIN = Trigger()


class Requirement(NamedTuple):
    """At least ``at_least`` distinct sides must fill ``roles`` together (a person and the state
    they act for are one side: "Kim Jong-un" and "North Korea" are not a meeting)."""

    roles: tuple[Role, ...]
    at_least: int = 1


@dataclass(frozen=True, eq=False)
class EventType:
    """One kind of event: an entry of the registry. Identity is the name (its ontology class)."""

    name: str  # the local name of its ontology class: "Meeting" is kg:Meeting
    roles: type[Role]  # its roles, in the order they are reported
    cameo: str  # the CAMEO code of the type (GDELT/ICEWS event taxonomy)
    requires: tuple[Requirement, ...]  # the completeness rule: every requirement must hold
    verbs: Mapping[str, Trigger] = field(default_factory=dict)  # "meet"; "shoot down"
    nouns: Mapping[str, Trigger] = field(default_factory=dict)  # "summit"; "air strike"
    frame: Frame = field(default_factory=Frame)  # roles of the relations of its triggers
    on_the_day: bool = False  # an undated mention in a story happened on the story's day
    #: only an undated mention the story tells as its news happened on the story's day: one
    #: in its lead, or in the present perfect ("Israel has launched an offensive"); others
    #: are background ("the takeover began", "Russia's invasion")
    news_on_the_day: bool = False
    core: bool = True  # scored with the core types (kg eval); Statements are scored alone
    #: told once per occasion: two reports are one event only with the same other parties
    #: and both dated or the same words (a speaker says many things on many days)
    one_per_occasion: bool = False
    affiliation: Mapping[Role, Role] = field(default_factory=dict)  # signatory -> party
    description: str = ""
    #: Turtle declaring the class and role properties of a type the shipped ontology lacks
    ontology: str = ""

    @property
    def value(self) -> str:
        return self.name

    @property
    def key_roles(self) -> tuple[Role, ...]:
        return tuple(role for role in self.roles if role.key)

    def role(self, term: str) -> Role:
        """The role whose property is ``term``; KeyError naming the type's roles if none is."""
        for role in self.roles:
            if role.term == term:
                return role
        raise KeyError(f"{self.name} has no role {term!r}; its roles are {', '.join(r.term for r in self.roles)}")

    def triggers(self) -> Iterator[tuple[str, str, Trigger]]:
        """Every trigger as (part of speech, words, trigger)."""
        yield from (("verb", words, t) for words, t in self.verbs.items())
        yield from (("noun", words, t) for words, t in self.nouns.items())

    def cameo_for(self, words: str) -> str:
        """The CAMEO code of an event signalled by ``words``."""
        found = self.verbs.get(words) or self.nouns.get(words)
        return found.cameo if found is not None and found.cameo else self.cameo

    def __repr__(self) -> str:
        return f"<EventType {self.name}>"

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return event_type, (self.name,)  # unpickled as the registered entry itself

    def __lt__(self, other: EventType) -> bool:
        return self.name < other.name


_REGISTRY: dict[str, EventType] = {}


def register(entry: EventType) -> EventType:
    """Add ``entry`` to the registry (checked for consistency) and return it."""
    _check(entry)
    known = _REGISTRY.get(entry.name)
    if known is not None and known is not entry:
        raise ValueError(f"an event type named {entry.name!r} is already registered")
    _REGISTRY[entry.name] = entry
    return entry


def unregister(name: str) -> None:
    """Remove a type (a test's toy type) from the registry."""
    _REGISTRY.pop(name, None)


def event_types() -> tuple[EventType, ...]:
    """Every registered type, the built-in ones first, in registration order."""
    import kg.events  # noqa: F401  # registers the built-in types on first use

    return tuple(_REGISTRY.values())


def event_type(name: str) -> EventType:
    """The registered type whose ontology class is ``name``; KeyError naming the known ones."""
    types = {t.name: t for t in event_types()}
    if name not in types:
        raise KeyError(f"no event type {name!r}; known: {', '.join(types)}")
    return types[name]


def trigger_heads(pos: str, types: tuple[EventType, ...] | None = None, plain: bool = False) -> frozenset[str]:
    """The head lemma of every ``pos`` ("verb" or "noun") trigger of ``types`` (default: all
    registered): "shoot" for "shoot down", "strike" for "air strike". ``plain``: only the
    triggers that need no cue ("say", not "make" of "made clear")."""
    return _heads(pos, event_types() if types is None else types, plain)


@functools.cache
def _heads(pos: str, types: tuple[EventType, ...], plain: bool) -> frozenset[str]:
    head = 0 if pos == "verb" else -1  # a verb before its particle, a noun after its compound
    return frozenset(
        words.split()[head] for t in types for p, words, spec in t.triggers() if p == pos and not (plain and spec.needs)
    )


def declared_terms() -> frozenset[str]:
    """The local names the registered types' own ontologies declare in the kg: namespace."""
    return _declared(tuple(t.ontology for t in event_types() if t.ontology))


@functools.cache
def _declared(ontologies: tuple[str, ...]) -> frozenset[str]:
    from rdflib import Graph, URIRef

    namespace = "https://w3id.org/newskg/ontology#"
    graph = Graph()
    for turtle in ontologies:
        graph.parse(data=turtle, format="turtle")
    return frozenset(
        str(s)[len(namespace) :] for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(namespace)
    )


def core_types() -> tuple[EventType, ...]:
    return tuple(t for t in event_types() if t.core)


def _check(entry: EventType) -> None:
    """Errors a registry entry can have that would otherwise fail silently later."""
    roles = set(entry.roles)
    if not roles:
        raise ValueError(f"{entry.name}: an event type needs at least one role")
    named = [r for req in entry.requires for r in req.roles]
    named += [*(entry.frame.agent or ()), *(entry.frame.patient or ())]
    named += [r for roles_ in (*entry.frame.preps.values(), *entry.frame.clauses.values()) for r in roles_]
    named += [*entry.affiliation, *entry.affiliation.values()]
    for pos, words, t in entry.triggers():
        if t.frame is not None:
            named += [*(t.frame.agent or ()), *(t.frame.patient or ())]
            named += [r for rs in (*t.frame.preps.values(), *t.frame.clauses.values()) for r in rs]
        for cue_ in (*(c for group in t.needs for c in group), *t.refuses):
            if cue_.relation not in CUE_RELATIONS:
                raise ValueError(f"{entry.name} {pos} {words!r}: unknown cue relation {cue_.relation!r}")
    foreign = [r for r in named if r not in roles]
    if foreign:
        raise ValueError(f"{entry.name}: {foreign[0]!r} is not one of its roles")
    if len({r.term for r in roles}) != len(roles):
        raise ValueError(f"{entry.name}: two roles share a property")
