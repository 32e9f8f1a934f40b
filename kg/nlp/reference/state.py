"""The working state of :func:`kg.nlp.reference.resolve` for one article.

Every step of the resolution reads and grows one :class:`State`: the entities found so far
(:class:`Cluster`, keyed by entity key), each mention span with the entity it names, and
the tokens that refer without a name (demonyms, descriptions, pronouns, group nouns).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.gazetteer import Gazetteer, GazetteerEntry
from kg.model import Article, EntityKey, EntityType, entity_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


@dataclass
class Cluster:
    """An entity while the article is being read: grows as mentions join it."""

    type: EntityType
    name: str
    surfaces: Counter[str] = field(default_factory=Counter)
    gazetteer: GazetteerEntry | None = None
    titles: set[str] = field(default_factory=set)  # "president", "leader"
    countries: set[EntityKey] = field(default_factory=set)  # keys of states it is tied to
    first: int = 10**9  # character offset of the first mention
    named: int = 0  # mentions by name, not by demonym: "Swiss" alone makes no entity
    #: states known only by a demonym before the name ("Russian President Vladimir Putin")
    implied: set[EntityKey] = field(default_factory=set)

    @property
    def key(self) -> EntityKey:
        return entity_key(self.type, self.name)


@dataclass
class State:
    """The working state of :func:`kg.nlp.reference.resolve` for one article."""

    doc: Doc
    article: Article
    gaz: Gazetteer
    states_named: dict[str, GazetteerEntry]  # the states the article names, by first word
    relabelled: dict[str, str]  # the repaired NER label of names the gazetteer does not know
    clusters: dict[EntityKey, Cluster] = field(default_factory=dict)
    spans: list[tuple[Span, EntityKey]] = field(default_factory=list)  # each mention span with its cluster key
    demonyms: set[int] = field(default_factory=set)
    group_keys: dict[int, tuple[EntityKey, ...]] = field(default_factory=dict)
    extra_keys: dict[int, EntityKey] = field(default_factory=dict)  # descriptions and pronouns
    implied: dict[EntityKey, Cluster] = field(default_factory=dict)  # states named only by demonyms
    acronyms: dict[str, Span] = field(default_factory=dict)  # "MUJAO" -> the name it was introduced with
    states_tagged: tuple[GazetteerEntry, ...] | None = None  # found on first use (classify.py)

    def cluster(self, type_: EntityType, name: str, entry: GazetteerEntry | None) -> Cluster:
        """The entity of that type and name, made on first use (tied to the country its
        gazetteer entry names)."""
        key = entity_key(type_, name)
        cluster = self.clusters.get(key)
        if cluster is None:
            cluster = self.clusters[key] = Cluster(type_, name, gazetteer=entry)
            if entry is not None and entry.country and type_ is not EntityType.COUNTRY:
                country = self.gaz.lookup(entry.country)
                if country is not None:
                    cluster.countries.add(entity_key(country.type, country.name))
        return cluster

    def keys_by_token(self) -> dict[int, EntityKey]:
        """Token index -> the entity of the mention span the token is in."""
        return {i: key for span, key in self.spans for i in range(span.start, span.end)}
