"""Documents -> KnowledgeBase: one node per article, real-world thing and real event.

    documents ──_pick_documents──▶ one Document per article id
              ──_merge_entities──▶ one Entity per thing, and each old entity key's new key
              ──_merge_events────▶ one Event per real event, its roles on the new keys

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
    Two events are the same event when they have the same type, compatible dates (2024
    and 2024-08 are; a missing date matches any) and the same key participants
    (the type's key roles, declared in the registry): wherever both fill a key role, more than half of the smaller filler
    set is shared, and at least one key entity is shared in all. "More than half", not
    "half", so that Pompeo–Kim talks never join the Trump–Kim summit. Statements are one
    per speaker per occasion (``one_per_occasion`` in the registry), so they need more: both dated (or the same quote), and the
    same addressees (none on either side, or shared ones). An event never joins a
    Statement that claims it. Places never block a merge: "Singapore" and "Capella Hotel"
    can both be right.
    Clustering is complete-link: the pairs are taken strongest first (most shared key
    entities, then closest dates, then by key), and two clusters join only when every pair
    across them is the same event, so A~B and B~C never pull together an A and C that are
    not. The merged event keeps the smallest member key (stable IRIs), the most precise
    date, the union of roles and evidence, and every claim made of it: an event one outlet
    reports as a claim ("Russia declared that ...") and another in its own voice is linked to
    the claiming statement and derived from both, so queries/claims.rq can tell the two apart.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from itertools import combinations
from typing import Generic, TypeVar

from kg.model import (
    Document,
    Entity,
    EntityKey,
    EntityType,
    Event,
    EventKey,
    Evidence,
    KnowledgeBase,
    entity_key,
    normalise_name,
)
from kg.registry import EventType, Role


def merge(documents: Iterable[Document]) -> KnowledgeBase:
    """Merge the per-article documents of a build into one knowledge base.

    Articles, entities and events come out sorted by id or key; ``notes`` name the
    duplicate articles, ambiguous short names and conflicting Wikidata links met.
    """
    kept, notes = _pick_documents(documents)
    entities, key_map, entity_notes = _merge_entities(kept)
    events, event_map = _merge_events([_remap_roles(event, key_map) for doc in kept for event in doc.events])
    articles = tuple(doc.article for doc in kept)
    renamed: list[tuple[EntityKey | EventKey, EntityKey | EventKey]] = [*key_map.items(), *event_map.items()]
    merged = sorted(((old, new) for old, new in renamed if old != new), key=str)
    return KnowledgeBase(articles, entities, events, tuple(sorted(set(notes + entity_notes))), tuple(merged))


K = TypeVar("K", EntityKey, EventKey)


class _Partition(Generic[K]):
    """Disjoint sets of keys (union-find); each set is named by its smallest key."""

    def __init__(self, keys: Iterable[K]) -> None:
        self._parent: dict[K, K] = {key: key for key in keys}
        self._members: dict[K, list[K]] = {key: [key] for key in self._parent}

    def find(self, key: K) -> K:
        while self._parent[key] != key:
            grandparent = self._parent[self._parent[key]]
            self._parent[key] = grandparent  # path halving keeps the trees flat
            key = grandparent
        return key

    def members(self, key: K) -> list[K]:
        return self._members[self.find(key)]

    def union(self, a: K, b: K) -> None:
        root, other = sorted((self.find(a), self.find(b)))
        if root != other:
            self._parent[other] = root
            self._members[root] += self._members.pop(other)

    def groups(self) -> dict[K, list[K]]:
        """Each set, sorted, under its smallest key, in key order."""
        return {root: sorted(self._members[root]) for root in sorted(self._members)}


# Articles ---------------------------------------------------------------------------


def _pick_documents(documents: Iterable[Document]) -> tuple[list[Document], list[str]]:
    """One document per article id, in id order, with a note where copies came from
    different inputs (a URL and a saved copy of it, say)."""
    copies: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        copies[doc.article.id].append(doc)
    kept, notes = [], []
    for article_id in sorted(copies):
        best = min(copies[article_id], key=_document_rank)
        kept.append(best)
        origins = sorted({doc.article.origin for doc in copies[article_id]})
        if len(origins) > 1:
            notes.append(
                f"article {article_id} was read from several inputs ({', '.join(origins)}); "
                f"kept the one from {best.article.origin}"
            )
    return kept, notes


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
    ordered = replace(event, evidence=_sorted_evidence(event.evidence), claimed_in=tuple(sorted(event.claimed_in)))
    return repr(ordered)


# Entities ---------------------------------------------------------------------------


def _merge_entities(
    documents: Sequence[Document],
) -> tuple[tuple[Entity, ...], dict[EntityKey, EntityKey], list[str]]:
    """The merged entities in key order, each old key's new key, and notes."""
    by_key: dict[EntityKey, list[Entity]] = defaultdict(list)
    for doc in documents:
        for entity in doc.entities:
            by_key[entity.key].append(replace(entity, sources=entity.sources | {doc.article.id}))
    partition = _Partition(by_key)
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


def _join_short_names(partition: _Partition[EntityKey], by_key: Mapping[EntityKey, list[Entity]]) -> list[str]:
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
                    f"{_name(left)!r} and {_name(right)!r} may be the same {left[0].type.value} "
                    "but are linked to different Wikidata items; kept apart"
                )
                continue
            partition.union(source, target)
            changed = True
        if not changed:
            return notes


def _short_name_matches(
    groups: Mapping[EntityKey, list[EntityKey]], by_key: Mapping[EntityKey, list[Entity]]
) -> tuple[list[tuple[EntityKey, EntityKey]], list[str]]:
    """(cluster, the one other cluster its name points to) pairs, and notes on names that
    point to several."""
    owners: dict[tuple[EntityType, str], set[EntityKey]] = defaultdict(set)
    for root, keys in groups.items():
        for form in _forms(_cluster(keys, by_key)):
            owners[(by_key[root][0].type, form)].add(root)
    proposals, notes = [], []
    for root, keys in groups.items():
        members = _cluster(keys, by_key)
        names = {normalise_name(member.name) for member in members}
        candidates = set().union(*(owners[(members[0].type, name)] for name in names)) - {root}
        if len(candidates) == 1:
            proposals.append((root, candidates.pop()))
        elif candidates:
            others = sorted(_name(_cluster(groups[other], by_key)) for other in candidates)
            notes.append(
                f"{members[0].type.value} {_name(members)!r} ({', '.join(sorted(_sources(members)))}) "
                f"may be any of {', '.join(others)}; kept apart"
            )
    return proposals, notes


def _forms(members: Iterable[Entity]) -> set[str]:
    """Every normalised name a cluster answers to: names, aliases and, for people, the
    first and last word of each name (the family name, in either naming order)."""
    forms: set[str] = set()
    for member in members:
        forms.update(normalise_name(form) for form in (member.name, *member.aliases))
        words = member.name.split()
        if member.type is EntityType.PERSON and len(words) > 1:
            forms.update((normalise_name(words[0]), normalise_name(words[-1])))
    return forms - {""}


def _merged_entity(members: Sequence[Entity]) -> Entity:
    name = _name(members)
    qids = _qids(members)
    qid = next(iter(qids)) if len(qids) == 1 else None
    confidences = [m.link_confidence for m in members if m.wikidata == qid and m.link_confidence is not None]
    return Entity(
        key=entity_key(members[0].type, name),
        type=members[0].type,
        name=name,
        aliases=frozenset(form for m in members for form in (m.name, *m.aliases) if form) - {name},
        sources=_sources(members),
        wikidata=qid,
        link_confidence=max(confidences) if qid and confidences else None,
    )


def _name(members: Sequence[Entity]) -> str:
    """The most complete canonical name: most words, then most articles, then alphabetical."""
    counts = Counter(member.name for member in members)
    return min(counts, key=lambda name: (-len(normalise_name(name).split()), -counts[name], name))


def _cluster(keys: Iterable[EntityKey], by_key: Mapping[EntityKey, list[Entity]]) -> list[Entity]:
    return [member for key in keys for member in by_key[key]]


def _sources(members: Iterable[Entity]) -> frozenset[str]:
    return frozenset(source for member in members for source in member.sources)


def _qids(members: Iterable[Entity]) -> set[str]:
    return {member.wikidata for member in members if member.wikidata}


# Events -----------------------------------------------------------------------------


def _remap_roles(event: Event, key_map: Mapping[EntityKey, EntityKey]) -> Event:
    roles = {role: [key_map.get(key, key) for key in keys] for role, keys in event.roles}
    return replace(event, roles=Event.make_roles(roles))


def _merge_events(events: Sequence[Event]) -> tuple[tuple[Event, ...], dict[EventKey, EventKey]]:
    """Complete-link clustering of the events, strongest pairs first; key order; and each
    event key's merged key."""
    by_key = {event.key: event for event in events}  # keys are unique within a build
    same = _same_event_pairs(by_key)
    partition = _Partition(by_key)
    for a, b in sorted(same, key=lambda pair: (tuple(-s for s in same[pair]), pair)):
        if partition.find(a) != partition.find(b) and all(
            _pair(x, y) in same for x in partition.members(a) for y in partition.members(b)
        ):
            partition.union(a, b)
    groups = partition.groups()
    key_map = {key: root for root, keys in groups.items() for key in keys}
    return tuple(_merged_event([by_key[key] for key in keys], key_map) for keys in groups.values()), key_map


def _same_event_pairs(by_key: Mapping[EventKey, Event]) -> dict[tuple[EventKey, EventKey], tuple[int, int]]:
    """Every pair of events that are the same event, with its strength. Only events that
    share a key entity are compared, so the cost follows the overlaps, not n²."""
    sharing: dict[tuple[EventType, EntityKey], list[EventKey]] = defaultdict(list)
    for key in sorted(by_key):
        event = by_key[key]
        for role in event.type.key_roles:
            for entity in event.role(role):
                sharing[(event.type, entity)].append(key)
    compared: set[tuple[EventKey, EventKey]] = set()
    same = {}
    for keys in sharing.values():
        for pair in combinations(dict.fromkeys(keys), 2):
            if pair not in compared:
                compared.add(pair)
                strength = _sameness(by_key[pair[0]], by_key[pair[1]])
                if strength is not None:
                    same[pair] = strength
    return same


def _sameness(a: Event, b: Event) -> tuple[int, int] | None:
    """None when ``a`` and ``b`` (of one type) are different events, else how strongly
    they are the same: (shared key entities, 2 for the same date, 1 for compatible dates)."""
    if a.date is not None and b.date is not None and not a.date.compatible(b.date):
        return None
    if a.key in b.claimed_in or b.key in a.claimed_in:
        return None
    if a.type.one_per_occasion and not _same_occasion(a, b):
        return None
    shared = 0
    for role in a.type.key_roles:
        left, right = set(a.role(role)), set(b.role(role))
        if left and right:
            if not _agree(left, right):
                return None
            shared += len(left & right)
    if not shared:
        return None
    if a.date is None or b.date is None:
        return shared, 0
    return shared, 2 if a.date == b.date else 1


def _agree(left: Collection[EntityKey], right: Collection[EntityKey]) -> bool:
    """More than half of the smaller set is shared: {Trump, Kim} and {Kim} agree,
    {Trump, Kim} and {Pompeo, Kim} do not."""
    return 2 * len(set(left) & set(right)) > min(len(left), len(right))


def _same_occasion(a: Event, b: Event) -> bool:
    """Two events of a type told once per occasion (Statements: one per speaker per
    occasion) are one only with the same other parties (addressees: none on either side, or
    shared ones) and either both dates or the same words: an undated "Russia said" is too
    vague."""
    for role in a.type.roles:
        if role.key or role.locative:
            continue
        left, right = a.role(role), b.role(role)
        if bool(left) != bool(right) or (left and not _agree(left, right)):
            return False
    same_words = bool(a.quote and b.quote and normalise_name(a.quote) == normalise_name(b.quote))
    return (a.date is not None and b.date is not None) or same_words


def _merged_event(members: Sequence[Event], key_map: Mapping[EventKey, EventKey]) -> Event:
    first = min(members, key=lambda event: event.key)
    roles: dict[Role, set[EntityKey]] = defaultdict(set)
    for member in members:
        for role, keys in member.roles:
            roles[role].update(keys)
    claims = {key_map.get(key, key) for m in members for key in m.claimed_in}
    dates = [member.date for member in members if member.date is not None]
    return Event(
        key=first.key,
        type=first.type,
        roles=Event.make_roles(roles),
        evidence=_sorted_evidence({evidence for member in members for evidence in member.evidence}),
        date=max(dates, key=lambda date: len(date.value), default=None),  # compatible: a chain
        cameo=first.cameo,
        treaty=_longest(member.treaty for member in members),
        quote=_longest(member.quote for member in members),
        trigger=first.trigger,
        claimed_in=tuple(sorted(claims)),
        optional=all(member.optional for member in members),
    )


def _longest(values: Iterable[str | None]) -> str | None:
    """The longest (most informative) non-empty value; alphabetical among equals."""
    return min((value for value in values if value), key=lambda value: (-len(value), value), default=None)


def _sorted_evidence(evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
    return tuple(sorted(evidence, key=lambda e: (e.article_id, e.start, e.end, e.text)))


def _pair(a: EventKey, b: EventKey) -> tuple[EventKey, EventKey]:
    return (a, b) if a < b else (b, a)
