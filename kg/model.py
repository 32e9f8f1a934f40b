"""The data that flows through kg, one frozen type per stage.

Article            ingest/     a source read into text plus metadata
Mention            nlp/        a named span of an article's text
Entity, Event      nlp/        what one article says, resolved within that article
Document           nlp/        an article with its entities and events
KnowledgeBase      merging.py  all documents merged across articles

Identities are typed values: an :class:`EntityKey` (type and normalised name) and an
:class:`EventKey` (type, article and offset of the trigger). Event types and their roles
are declared in :mod:`kg.registry`; an Event's roles are members of its type's Role enum.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from kg.registry import EventType, Role


class EntityType(str, Enum):
    """The classes of things we name; values are the local names in the ontology."""

    PERSON = "Person"
    COUNTRY = "Country"
    ORGANIZATION = "Organization"
    PLACE = "Place"


class EntityKey(NamedTuple):
    """The identity of an entity: its type and normalised canonical name. IRIs are minted
    from it; ``str()`` gives ``Person:vladimir putin``."""

    type: EntityType
    name: str  # normalised: see normalise_name

    def __str__(self) -> str:
        return f"{self.type.value}:{self.name}"

    @classmethod
    def parse(cls, text: str) -> EntityKey:
        """The key ``str()`` wrote: ``Person:vladimir putin``."""
        type_name, sep, name = text.partition(":")
        if not sep or not name:
            raise ValueError(f"not an entity key: {text!r} (expected TYPE:normalised name)")
        return cls(EntityType(type_name), name)


class EventKey(NamedTuple):
    """The identity of an event as one article tells it: its type's name, the article and
    the character offset of its trigger. A merged event keeps the smallest of its members'
    keys. ``str()`` gives ``Meeting:3c56d13821ab7143:0001234``, from which IRIs are minted."""

    type: str  # the event type's name (its ontology class): "Meeting"
    article: str
    offset: int

    def __str__(self) -> str:
        return f"{self.type}:{self.article}:{self.offset:07d}"


_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True, order=True)
class TimeValue:
    """A calendar time at the precision the text gives: 2025-09-03, 2024-06 or 2024."""

    value: str

    def __post_init__(self) -> None:
        if not _ISO_DATE.match(self.value):
            raise ValueError(f"not an ISO date, year-month or year: {self.value!r}")

    @property
    def precision(self) -> str:
        """``"day"``, ``"month"`` or ``"year"``."""
        return {10: "day", 7: "month", 4: "year"}[len(self.value)]

    @classmethod
    def of(cls, year: int, month: int | None = None, day: int | None = None) -> TimeValue:
        if month is None:
            return cls(f"{year:04d}")
        if day is None:
            return cls(f"{year:04d}-{month:02d}")
        return cls(dt.date(year, month, day).isoformat())

    def compatible(self, other: TimeValue) -> bool:
        """True when one value lies within the other (2024-06 and 2024-06-19 do)."""
        return self.value.startswith(other.value) or other.value.startswith(self.value)


@dataclass(frozen=True)
class Article:
    """One news article as read from its source."""

    id: str  # stable: from the canonical URL, else from a hash of the text
    text: str
    origin: str  # what the user gave: a path, a URL, "<stdin>", "feed.jsonl:3"
    title: str | None = None
    source: str | None = None  # the outlet (publisher)
    published: dt.date | None = None
    url: str | None = None
    author: str | None = None
    # Asides: the (start, end) character ranges of ``text`` that are not the story's own
    # report but sit beside it: photo and map captions, crossheads. They are kept because
    # they can name what the body does not; an event found in an aside is optional (a
    # caption may report a separate event), and a date in an aside never dates an event
    # of the body. Sorted, disjoint, each a whole paragraph of ``text``; ingest puts them
    # after the story's paragraphs, in their order on the page.
    asides: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Mention:
    """A span of an article's text that names something."""

    text: str
    start: int
    end: int
    label: str  # the NER label it came from (PERSON, GPE, ...)


@dataclass(frozen=True)
class Evidence:
    """The sentence that supports an event, located in its article's text."""

    article_id: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    """A real-world thing named in one or more articles."""

    key: EntityKey  # normalised identity; IRIs are minted from it
    type: EntityType
    name: str  # canonical name: rdfs:label
    aliases: frozenset[str] = frozenset()  # every other surface form: skos:altLabel
    sources: frozenset[str] = frozenset()  # ids of the articles that name it
    wikidata: str | None = None  # Q-id once linked
    link_confidence: float | None = None


#: An event's roles: each role with the keys of the entities that fill it, both sorted.
Roles = tuple[tuple["Role", tuple[EntityKey, ...]], ...]


@dataclass(frozen=True)
class Event:
    """Something that happened (or was said) with the entities that took part."""

    key: EventKey  # identity within the knowledge base; IRIs are minted from it
    type: EventType
    roles: Roles
    evidence: tuple[Evidence, ...]
    date: TimeValue | None = None
    cameo: str = ""
    treaty: str | None = None  # TreatySigning: the agreement's name
    quote: str | None = None  # Statement: the words, as quoted or reported
    trigger: str = ""  # the lemma that signalled the event
    claimed_in: tuple[EventKey, ...] = ()  # keys of Statements that are the only support
    optional: bool = False  # planned, hypothetical or denied

    def __post_init__(self) -> None:
        for role, _ in self.roles:
            if not isinstance(role, self.type.roles):
                raise ValueError(f"{role!r} is not a role of {self.type.name}")

    @property
    def sources(self) -> frozenset[str]:
        return frozenset(e.article_id for e in self.evidence)

    def role(self, role: Role | str) -> tuple[EntityKey, ...]:
        """The keys filling ``role`` (a Role of this event's type, or its term:
        "participant"); an unknown role is an error, never an empty answer."""
        wanted = self.type.role(role) if isinstance(role, str) else role
        if not isinstance(wanted, self.type.roles):
            raise KeyError(f"{wanted!r} is not a role of {self.type.name}")
        return next((keys for r, keys in self.roles if r is wanted), ())

    @staticmethod
    def make_roles(roles: Mapping[Role, Iterable[EntityKey]]) -> Roles:
        """Normalise a role mapping (role -> iterable of keys) into the sorted tuple form."""
        return tuple(
            (role, tuple(sorted(set(keys)))) for role, keys in sorted(roles.items(), key=lambda r: r[0].term) if keys
        )


@dataclass(frozen=True)
class Document:
    """An article with the entities and events extracted from it."""

    article: Article
    entities: tuple[Entity, ...]
    events: tuple[Event, ...]


@dataclass(frozen=True)
class KnowledgeBase:
    """Every article, entity and event of a build, merged across articles."""

    articles: tuple[Article, ...]
    entities: tuple[Entity, ...]
    events: tuple[Event, ...]
    notes: tuple[str, ...] = field(default=())  # warnings worth showing the user
    #: the key of the merged node each per-article entity and event key went into (only
    #: where they differ): what lets a store point an IRI it published to the node now
    #: holding what that IRI stood for
    merged_keys: tuple[tuple[EntityKey | EventKey, EntityKey | EventKey], ...] = field(default=())


_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_COMBINING = re.compile(r"[\u0300-\u036f]")


@functools.lru_cache(maxsize=1 << 16)  # the same few hundred names are folded again and again
def normalise_name(name: str) -> str:
    """Fold a name for comparison: case, accents, hyphens and punctuation ("Kim Jong-un" ->
    "kim jong un", "Grybauskaitė" -> "grybauskaite")."""

    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", name.casefold()))
    folded = folded.replace("’", "").replace("'", "")  # possessives and O'Neill
    return _NON_WORD.sub(" ", folded).strip()


def fold_name(name: str) -> str:
    """A name as names are matched: normalised, without a leading "the" ("The Netherlands"
    -> "netherlands")."""
    folded = normalise_name(name)
    return folded[4:] if folded.startswith("the ") else folded


def entity_key(type_: EntityType, name: str) -> EntityKey:
    """The identity of an entity: its type and normalised canonical name."""
    return EntityKey(type_, normalise_name(name))
