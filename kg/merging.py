"""Documents -> KnowledgeBase: one node per article, real-world thing and real event.

    documents ──_pick_documents──▶ one Document per article id
              ──_merge_entities──▶ one Entity per thing, and each old entity key's new key
              ──merge_events─────▶ one Event per real event, its roles on the new keys

Every decision is taken on sorted data and every tie is broken by a key, so the result is
the same whatever the order of the documents, or of the entities and events inside them,
and giving an article twice changes nothing.

Entities
    Entities with the same key are one. An entity whose canonical name is (normalised) a
    name or alias of exactly one other entity of the same type joins it; for people the
    first and last word of a full name count too ("Putin", "Kim"). When several match
    ("Kim": Kim Jong-un and Kim Yo-jong) it stays apart and a note says so. Two entities
    never join when they come from the same article (its resolver kept them apart) or are
    linked to different Wikidata items. The merged name is the most complete one (most
    words, then most articles, then alphabetical); every other form becomes an alias.

Events
    Events are merged by :mod:`kg.coreference` (blocked, complete-link), on the merged
    entities' keys.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import NamedTuple

from kg.coreference import Partition, merge_events, sorted_evidence
from kg.model import (
    Document,
    Entity,
    EntityKey,
    EntityType,
    Event,
    EventKey,
    KnowledgeBase,
    entity_key,
    normalise_name,
)


def merge(documents: Iterable[Document]) -> KnowledgeBase:
    """Merge the per-article documents of a build into one knowledge base.

    Articles, entities and events come out sorted by id or key; ``notes`` name the
    duplicate articles, ambiguous short names and conflicting Wikidata links met.
    """
    kept, notes = _pick_documents(documents)
    index = EntityIndex()
    for doc in kept:
        index.add(doc)
    entities, key_map, entity_notes = index.merge()
    events, event_map = merge_events([remap_roles(event, key_map) for doc in kept for event in doc.events])
    articles = tuple(doc.article for doc in kept)
    renamed: list[tuple[EntityKey | EventKey, EntityKey | EventKey]] = [*key_map.items(), *event_map.items()]
    merged = sorted(((old, new) for old, new in renamed if old != new), key=str)
    return KnowledgeBase(articles, entities, events, tuple(sorted(set(notes + entity_notes))), tuple(merged))


# Articles ---------------------------------------------------------------------------


def _pick_documents(documents: Iterable[Document]) -> tuple[list[Document], list[str]]:
    """One document per article id, in id order, with notes on copies (``copies_note``)."""
    copies: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        copies[doc.article.id].append(doc)
    kept, notes = [], []
    for article_id in sorted(copies):
        found = copies[article_id]
        best = pick_copy(found)
        kept.append(best)
        note = copies_note({doc.article.origin for doc in found}, best)
        if note:
            notes.append(note)
    return kept, notes


def pick_copy(copies: Sequence[Document]) -> Document:
    """The copy to keep of an article read more than once; never depends on their order."""
    return copies[0] if len(copies) == 1 else min(copies, key=_document_rank)


def copies_note(origins: Collection[str], kept: Document) -> str | None:
    """A note when the copies of an article came from different inputs (a URL and a saved
    copy of it, say)."""
    if len(set(origins)) < 2:
        return None
    return (
        f"article {kept.article.id} was read from several inputs ({', '.join(sorted(set(origins)))}); "
        f"kept the one from {kept.article.origin}"
    )


def _document_rank(doc: Document) -> tuple[object, ...]:
    """Most metadata first, then the smallest origin; the rest only breaks exact ties, so
    that the choice never depends on which copy came first."""
    article = doc.article
    metadata = (article.title, article.source, article.published, article.url, article.author)
    return (
        -sum(value is not None for value in metadata),
        article.origin,
        repr(article),
        sorted(_entity_token(entity) for entity in doc.entities),
        sorted(_event_token(event) for event in doc.events),
    )


def _entity_token(entity: Entity) -> str:
    fields = (entity.key, entity.name, sorted(entity.aliases), sorted(entity.sources))
    return repr((*fields, entity.wikidata, entity.link_confidence))


def _event_token(event: Event) -> str:
    ordered = replace(event, evidence=sorted_evidence(event.evidence), claimed_in=tuple(sorted(event.claimed_in)))
    return repr(ordered)


# Entities ---------------------------------------------------------------------------


class _Form(NamedTuple):
    """One way the articles gave an entity key (name, aliases, link), with every article
    that gave it so, and how many records did (the merged name counts them)."""

    entity: Entity  # its sources: every such article
    records: int


#: What tells two forms of one key apart: type, name, aliases, Wikidata item, confidence.
_FormKey = tuple[EntityType, str, frozenset[str], "str | None", "float | None"]


class EntityIndex:
    """The documents' entities as the merge reads them, added one document at a time: per
    key, each distinct form with the articles that give it. It grows with the distinct
    forms and the (entity, article) pairs, not with a record per article."""

    def __init__(self) -> None:
        self._forms: dict[EntityKey, dict[_FormKey, tuple[set[str], list[int]]]] = defaultdict(dict)

    def add(self, document: Document) -> None:
        article_id = sys.intern(document.article.id)  # one string per article, however often named
        for entity in document.entities:
            form: _FormKey = (entity.type, entity.name, entity.aliases, entity.wikidata, entity.link_confidence)
            sources, records = self._forms[entity.key].setdefault(form, (set(), [0]))
            sources.update(map(sys.intern, entity.sources))
            sources.add(article_id)
            records[0] += 1

    def merge(self) -> tuple[tuple[Entity, ...], dict[EntityKey, EntityKey], list[str]]:
        """The merged entities in key order, each old key's new key, and notes."""
        by_key = {
            key: [
                _Form(Entity(key, type_, name, aliases, frozenset(sources), qid, confidence), records[0])
                for (type_, name, aliases, qid, confidence), (sources, records) in forms.items()
            ]
            for key, forms in self._forms.items()
        }
        return _merge_entities(by_key)


def _merge_entities(
    by_key: Mapping[EntityKey, list[_Form]],
) -> tuple[tuple[Entity, ...], dict[EntityKey, EntityKey], list[str]]:
    partition = Partition(by_key)
    notes = _join_short_names(partition, by_key)
    entities, key_map = [], {}
    for keys in partition.groups().values():
        members = [member for key in keys for member in by_key[key]]
        entity = _merged_entity(members)
        entities.append(entity)
        key_map.update(dict.fromkeys(keys, entity.key))
        qids = _qids(members)
        if len(qids) > 1:
            notes.append(
                f"{entity.type.value} {entity.name!r} is linked to different Wikidata items "
                f"({', '.join(sorted(qids))}) by different articles; the link was dropped"
            )
    return tuple(sorted(entities, key=lambda entity: entity.key)), key_map, notes


def _join_short_names(partition: Partition[EntityKey], by_key: Mapping[EntityKey, list[_Form]]) -> list[str]:
    """Join entities named by a short form of exactly one other entity, round after round
    until nothing changes (a join can make a later one unique); notes from the last round."""
    while True:
        groups = partition.groups()
        proposals, notes = _short_name_matches(groups, by_key)
        changed = False
        for source, target in sorted(proposals):
            if partition.find(source) == partition.find(target):
                continue
            left, right = (
                _cluster(partition.members(source), by_key),
                _cluster(partition.members(target), by_key),
            )
            if _sources(left) & _sources(right):
                continue  # both named in one article, whose resolver kept them apart
            if _qids(left) and _qids(right) and _qids(left) != _qids(right):
                notes.append(
                    f"{_name(left)!r} and {_name(right)!r} may be the same {left[0].entity.type.value} "
                    "but are linked to different Wikidata items; kept apart"
                )
                continue
            partition.union(source, target)
            changed = True
        if not changed:
            return notes


def _short_name_matches(
    groups: Mapping[EntityKey, list[EntityKey]], by_key: Mapping[EntityKey, list[_Form]]
) -> tuple[list[tuple[EntityKey, EntityKey]], list[str]]:
    """(cluster, the one other cluster its name points to) pairs, and notes on names that
    point to several."""
    owners: dict[tuple[EntityType, str], set[EntityKey]] = defaultdict(set)
    for root, keys in groups.items():
        for form in _forms(_cluster(keys, by_key)):
            owners[(by_key[root][0].entity.type, form)].add(root)
    proposals, notes = [], []
    for root, keys in groups.items():
        members = _cluster(keys, by_key)
        type_ = members[0].entity.type
        names = {normalise_name(member.entity.name) for member in members}
        candidates = set().union(*(owners[(type_, name)] for name in names)) - {root}
        if len(candidates) == 1:
            proposals.append((root, candidates.pop()))
        elif candidates:
            others = sorted(_name(_cluster(groups[other], by_key)) for other in candidates)
            notes.append(
                f"{type_.value} {_name(members)!r} ({', '.join(sorted(_sources(members)))}) "
                f"may be any of {', '.join(others)}; kept apart"
            )
    return proposals, notes


def _forms(members: Iterable[_Form]) -> set[str]:
    """Every normalised name a cluster answers to: names, aliases and, for people, the
    first and last word of each name (the family name, in either naming order)."""
    forms: set[str] = set()
    for member, _ in members:
        forms.update(normalise_name(form) for form in (member.name, *member.aliases))
        words = member.name.split()
        if member.type is EntityType.PERSON and len(words) > 1:
            forms.update((normalise_name(words[0]), normalise_name(words[-1])))
    return forms - {""}


def _merged_entity(members: Sequence[_Form]) -> Entity:
    name = _name(members)
    qids = _qids(members)
    qid = next(iter(qids)) if len(qids) == 1 else None
    confidences = [m.link_confidence for m, _ in members if m.wikidata == qid and m.link_confidence is not None]
    type_ = members[0].entity.type
    return Entity(
        key=entity_key(type_, name),
        type=type_,
        name=name,
        aliases=frozenset(form for m, _ in members for form in (m.name, *m.aliases) if form) - {name},
        sources=_sources(members),
        wikidata=qid,
        link_confidence=max(confidences) if qid and confidences else None,
    )


def _name(members: Sequence[_Form]) -> str:
    """The most complete canonical name: most words, then most articles, then alphabetical."""
    counts: Counter[str] = Counter()
    for member, records in members:
        counts[member.name] += records
    return min(counts, key=lambda name: (-len(normalise_name(name).split()), -counts[name], name))


def _cluster(keys: Iterable[EntityKey], by_key: Mapping[EntityKey, list[_Form]]) -> list[_Form]:
    return [member for key in keys for member in by_key[key]]


def _sources(members: Iterable[_Form]) -> frozenset[str]:
    return frozenset(source for member, _ in members for source in member.sources)


def _qids(members: Iterable[_Form]) -> set[str]:
    return {member.wikidata for member, _ in members if member.wikidata}


# Events -----------------------------------------------------------------------------


def remap_roles(event: Event, key_map: Mapping[EntityKey, EntityKey]) -> Event:
    """``event`` with its roles on the merged entities' keys."""
    if all(key_map.get(key, key) == key for _, keys in event.roles for key in keys):
        return event  # most keys stay: no new event to make and check
    roles = {role: [key_map.get(key, key) for key in keys] for role, keys in event.roles}
    return replace(event, roles=Event.make_roles(roles))
