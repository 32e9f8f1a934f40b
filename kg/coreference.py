"""Events -> one Event per real event: blocked, complete-link coreference across articles.

The rule
    Two events are the same event when they have the same type, compatible dates (2024
    and 2024-08 are; a missing date matches any) and the same key participants (the type's
    key roles, declared in the registry): wherever both fill a key role, more than half of
    the smaller filler set is shared, and at least one key entity is shared in all. "More
    than half", not "half", so that Pompeo–Kim talks never join the Trump–Kim summit.
    Statements are one per speaker per occasion (``one_per_occasion`` in the registry), so
    they need more: both dated (or the same quote), and the same addressees (none on either
    side, or shared ones). An event never joins a Statement that claims it. Places never
    block a merge: "Singapore" and "Capella Hotel" can both be right.

Clustering
    Complete-link: the pairs are taken strongest first (most shared key entities, then
    closest dates, then by key), and two clusters join only when every pair across them is
    the same event, so A~B and B~C never pull together an A and C that are not. The merged
    event keeps the smallest member key (stable IRIs), the most precise date, the union of
    roles and evidence, and every claim made of it: an event one outlet reports as a claim
    ("Russia declared that ...") and another in its own voice is linked to the claiming
    statement and derived from both, so queries/claims.rq can tell the two apart.

Cost
    Only events in one block are compared: same type, one shared key participant in the
    same role, and compatible date groups (a day with itself, its month, its year and the
    undated). A date group of more than ``GROUP_LIMIT`` events (a popular speaker on a busy
    day) is compared through one representative per *signature*, the combination of key
    participants (and, for Statements, other parties, and an undated one's words) that
    decides sameness; beyond ``GROUP_LIMIT`` signatures, only through the event's own
    signature. On the dev set no group is that large. So the pairs grow
    with the events, not their square. The join check is incremental: each cluster keeps a
    summary (its most precise date, member keys, claims, quotes and one member per
    signature), and two clusters are checked signature against signature, which decides
    exactly what checking every pair across them would.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, NamedTuple, TypeVar

from kg.model import EntityKey, Event, EventKey, Evidence, normalise_name
from kg.registry import EventType, Role

#: Date groups larger than this are compared through signature representatives.
GROUP_LIMIT = 32

K = TypeVar("K", EntityKey, EventKey)
_T = TypeVar("_T")


class Partition(Generic[K]):
    """Disjoint sets of keys (union-find); each set is named by its smallest key."""

    def __init__(self, keys: Iterable[K]) -> None:
        self._parent: dict[K, K] = {key: key for key in keys}
        self._members: dict[K, list[K]] = {}  # of the sets of more than one key: most stay alone

    def find(self, key: K) -> K:
        while self._parent[key] != key:
            grandparent = self._parent[self._parent[key]]
            self._parent[key] = grandparent  # path halving keeps the trees flat
            key = grandparent
        return key

    def members(self, key: K) -> list[K]:
        root = self.find(key)
        return self._members.get(root) or [root]

    def union(self, a: K, b: K) -> K:
        """Join the sets of ``a`` and ``b``; the root of the joined set."""
        root, other = sorted((self.find(a), self.find(b)))
        if root != other:
            self._parent[other] = root
            joined = (self._members.pop(other, None) or [other], self._members.get(root) or [root])
            small, large = sorted(joined, key=len)
            large += small  # the smaller list moves: joins cost n log n in all
            self._members[root] = large
        return root

    def groups(self) -> dict[K, list[K]]:
        """Each set, sorted, under its smallest key, in key order."""
        roots = sorted(key for key, parent in self._parent.items() if key == parent)
        return {root: sorted(self._members.get(root) or [root]) for root in roots}


# What sameness reads of an event ------------------------------------------------------


class _Signature(NamedTuple):
    """What decides whether two events' participants agree: the fillers of each key role
    and, for a type told once per occasion, of each other non-locative role (in the type's
    role order), as entity numbers. Two events with one signature agree with the same events."""

    type: str
    keys: tuple[tuple[int, ...], ...]
    parties: tuple[tuple[int, ...], ...]


class _Facts(NamedTuple):
    """An event as the comparison sees it, computed once."""

    key: EventKey
    date: str  # "" when undated
    signature: _Signature
    claims: frozenset[EventKey]
    words: str | None  # the normalised quote, None without one
    occasion: bool  # its type is told once per occasion


def _facts(event: Event, roles: _TypeRoles, numbers: dict[EntityKey, int]) -> _Facts:
    """``numbers`` gives each entity key a number (and is added to): numbers hash and
    compare in C, entity keys through their enum type in Python."""
    key_roles, party_roles = roles
    filled = dict(event.roles)  # Event.role checks the role's type each call: a build's every event comes here

    def fillers(role: Role) -> tuple[int, ...]:
        return tuple(numbers.setdefault(key, len(numbers)) for key in filled.get(role, ()))

    return _Facts(
        key=event.key,
        date=event.date.value if event.date else "",
        signature=_Signature(
            event.type.name, tuple(fillers(r) for r in key_roles), tuple(fillers(r) for r in party_roles)
        ),
        claims=frozenset(event.claimed_in),
        words=normalise_name(event.quote) if event.quote else None,
        occasion=event.type.one_per_occasion,
    )


#: A type's key roles, and the other roles a type told once per occasion compares.
_TypeRoles = tuple[tuple[Role, ...], tuple[Role, ...]]


def _type_roles(type_: EventType) -> _TypeRoles:
    parties = tuple(r for r in type_.roles if type_.one_per_occasion and not r.key and not r.locative)
    return type_.key_roles, parties


def _compatible(a: str, b: str) -> bool:
    """Two dates (ISO prefixes, "" for none) of which one lies within the other."""
    return a.startswith(b) or b.startswith(a)


def _agreement(a: _Signature, b: _Signature) -> int | None:
    """The number of key entities shared, or None when the participants disagree."""
    shared = 0
    for left, right in zip(a.keys, b.keys, strict=True):
        if left and right:
            common = len(set(left) & set(right))
            if 2 * common <= min(len(left), len(right)):
                return None
            shared += common
    if not shared:
        return None
    for left, right in zip(a.parties, b.parties, strict=True):
        if bool(left) != bool(right) or (left and 2 * len(set(left) & set(right)) <= min(len(left), len(right))):
            return None
    return shared


def _sameness(a: _Facts, b: _Facts) -> tuple[int, int] | None:
    """None when ``a`` and ``b`` (of one type) are different events, else how strongly
    they are the same: (shared key entities, 2 for the same date, 1 for compatible dates)."""
    if a.date and b.date and not _compatible(a.date, b.date):
        return None
    if a.key in b.claims or b.key in a.claims:
        return None
    if a.occasion and not (a.date and b.date) and not (a.words is not None and a.words == b.words):
        return None  # an undated "Russia said" is too vague, unless the words are the same
    shared = _agreement(a.signature, b.signature)
    if shared is None:
        return None
    if not a.date or not b.date:
        return shared, 0
    return shared, 2 if a.date == b.date else 1


# Candidate pairs ----------------------------------------------------------------------


class _Group:
    """The events of one block with one date value ("" for the undated), in key order."""

    def __init__(self, undated: bool) -> None:
        self.undated = undated
        self.members: list[_Facts] = []
        self._representatives: dict[tuple[_Signature, str | None], _Facts] | None = None

    def _stand_in(self, facts: _Facts) -> tuple[_Signature, str | None]:
        """What a representative stands for: the signature, and for undated events told
        once per occasion the words too (they join only the same words)."""
        return facts.signature, facts.words if facts.occasion and self.undated else None

    def representatives(self) -> dict[tuple[_Signature, str | None], _Facts]:
        """The first member of each kind (made once, after the group is complete)."""
        if self._representatives is None:
            self._representatives = {}
            for facts in self.members:
                self._representatives.setdefault(self._stand_in(facts), facts)
        return self._representatives

    def partners(self, facts: _Facts, before: bool) -> Iterator[_Facts]:
        """The members ``facts`` is compared with (with ``before``: only smaller keys)."""
        if len(self.members) <= GROUP_LIMIT:
            candidates: Iterable[_Facts] = self.members
        else:
            reps = self.representatives()
            if len(reps) <= GROUP_LIMIT:
                candidates = reps.values()
            else:
                own = reps.get(self._stand_in(facts))
                candidates = (own,) if own is not None else ()
        for other in candidates:
            if before and other.key >= facts.key:
                break  # members and representatives are in key order
            if other.key != facts.key:
                yield other


def _blocks(facts: Iterable[_Facts]) -> dict[tuple[str, int, int], dict[str, _Group]]:
    """Events by (type, key role, entity they fill it with), then by date value."""
    blocks: dict[tuple[str, int, int], dict[str, _Group]] = defaultdict(dict)
    for f in facts:  # in key order, so every group is
        for index, fillers in enumerate(f.signature.keys):
            for entity in fillers:
                groups = blocks[(f.signature.type, index, entity)]
                group = groups.get(f.date)
                if group is None:
                    group = groups[f.date] = _Group(undated=not f.date)
                group.members.append(f)
    return blocks


def _coarser(date: str) -> list[str]:
    """The strictly coarser date values a date lies within, and "" (undated) for a date."""
    if not date:
        return []
    return ["", *(prefix for prefix in (date[:4], date[:7]) if len(prefix) < len(date))]


def _same_event_pairs(facts: Sequence[_Facts]) -> list[tuple[int, int, EventKey, EventKey]]:
    """The pairs of events found to be the same event, strongest first: (minus the shared
    key entities, minus the date agreement, smaller key, larger key).

    Each event is compared, in every block it is in, with the smaller keys of its own date
    group and with the coarser groups (its month, its year, the undated); so every pair of
    compatible dates is met from its finer side, once, and no pair outside a block at all.
    """
    blocks = _blocks(facts)
    same: list[tuple[int, int, EventKey, EventKey]] = []
    for f in facts:
        partners: dict[EventKey, _Facts] = {}
        for index, fillers in enumerate(f.signature.keys):
            for entity in fillers:
                groups = blocks[(f.signature.type, index, entity)]
                partners.update((o.key, o) for o in groups[f.date].partners(f, before=True))
                for value in _coarser(f.date):
                    if value in groups:
                        partners.update((o.key, o) for o in groups[value].partners(f, before=False))
        for other in partners.values():
            strength = _sameness(f, other)
            if strength is not None:
                same.append((-strength[0], -strength[1], *_pair(f.key, other.key)))
    same.sort()
    return same


# Clusters -----------------------------------------------------------------------------


@dataclass
class _Summary:
    """What the join check needs of a cluster, in place of its members."""

    date: str  # the most precise date: the members' dates are its prefixes (a chain)
    keys: set[EventKey]
    claims: set[EventKey]
    signatures: dict[_Signature, _Facts]  # one member per signature
    # once per occasion: the quotes of all members and of the undated ones, each cut to
    # two (beyond one, all that matters is that there are several)
    words: frozenset[str | None] = field(default_factory=frozenset)
    undated_words: frozenset[str | None] = field(default_factory=frozenset)

    @classmethod
    def of(cls, f: _Facts) -> _Summary:
        return cls(
            date=f.date,
            keys={f.key},
            claims=set(f.claims),
            signatures={f.signature: f},
            words=frozenset({f.words}) if f.occasion else frozenset(),
            undated_words=frozenset({f.words}) if f.occasion and not f.date else frozenset(),
        )

    def joinable(self, other: _Summary) -> bool:
        """True when every member of one is the same event as every member of the other."""
        if self.date and other.date and not _compatible(self.date, other.date):
            return False
        if not self.keys.isdisjoint(other.claims) or not other.keys.isdisjoint(self.claims):
            return False
        if not (_words_agree(self.undated_words, other.words) and _words_agree(other.undated_words, self.words)):
            return False
        return all(_agreement(a, b) is not None for a in self.signatures for b in other.signatures)

    def absorb(self, other: _Summary) -> None:
        """Take in ``other``'s members; the larger of each pair of sets is kept and the
        smaller added to it, so a cluster that grows one by one costs n log n, not n²."""
        self.date = max(self.date, other.date, key=len)
        self.keys = _union(self.keys, other.keys)
        self.claims = _union(self.claims, other.claims)
        for signature, f in other.signatures.items():
            mine = self.signatures.get(signature)
            if mine is None or f.key < mine.key:
                self.signatures[signature] = f
        self.words = _two(self.words | other.words)
        self.undated_words = _two(self.undated_words | other.undated_words)


def _union(a: set[EventKey], b: set[EventKey]) -> set[EventKey]:
    small, large = sorted((a, b), key=len)
    large |= small
    return large


def _words_agree(undated: frozenset[str | None], words: frozenset[str | None]) -> bool:
    """Undated members (of a type told once per occasion) join only members saying the
    same words: all of them one quote, the one every member of the other cluster says."""
    if not undated:
        return True
    return len(undated) == 1 and undated == words and None not in words


def _two(words: frozenset[str | None]) -> frozenset[str | None]:
    if len(words) <= 2:
        return words
    return frozenset(sorted(words, key=lambda w: (w is None, w or ""))[:2])


class EventIndex:
    """What the coreference reads of each event, added one event at a time: its facts, with
    the values many events share (dates, signatures, quotes, key parts) held once. It grows
    with the events, not with what they carry (roles, evidence, attributes)."""

    def __init__(self) -> None:
        self._roles: dict[EventType, _TypeRoles] = {}
        self._numbers: dict[EntityKey, int] = {}
        self._shared: dict[object, object] = {}
        self._facts: dict[EventKey, _Facts] = {}

    def add(self, event: Event) -> None:
        """Index ``event`` (keys are unique within a build)."""
        roles = self._roles.get(event.type) or self._roles.setdefault(event.type, _type_roles(event.type))
        f = _facts(event, roles, self._numbers)
        key = EventKey(sys.intern(f.key.type), sys.intern(f.key.article), f.key.offset)
        self._facts[key] = f._replace(
            key=key, date=self._share(f.date), signature=self._share(f.signature), words=self._share(f.words)
        )

    def _share(self, value: _T) -> _T:
        return self._shared.setdefault(value, value)  # type: ignore[return-value]

    def clusters(self) -> dict[EventKey, list[EventKey]]:
        """Complete-link clustering of the events, strongest pairs first, in key order:
        each cluster's members under its smallest key, in key order."""
        facts = self._facts
        partition = Partition(sorted(facts))
        summaries: dict[EventKey, _Summary] = {}
        for _, _, a, b in _same_event_pairs(sorted(facts.values())):
            root_a, root_b = partition.find(a), partition.find(b)
            if root_a == root_b:
                continue
            left = summaries.get(root_a) or _Summary.of(facts[root_a])
            right = summaries.get(root_b) or _Summary.of(facts[root_b])
            if left.joinable(right):
                root = partition.union(a, b)
                kept, gone = (left, right) if root == root_a else (right, left)
                summaries.pop(root_a if root != root_a else root_b, None)
                kept.absorb(gone)
                summaries[root] = kept
        return partition.groups()


def merge_events(events: Sequence[Event]) -> tuple[tuple[Event, ...], dict[EventKey, EventKey]]:
    """The events merged (``EventIndex.clusters``), in key order; and each event key's
    merged key."""
    by_key = {event.key: event for event in events}  # keys are unique within a build
    index = EventIndex()
    for event in by_key.values():
        index.add(event)
    groups = index.clusters()
    key_map = {key: root for root, keys in groups.items() for key in keys}
    return tuple(merged_event([by_key[key] for key in keys], key_map) for keys in groups.values()), key_map


# The merged event ---------------------------------------------------------------------


def merged_event(members: Sequence[Event], key_map: Mapping[EventKey, EventKey]) -> Event:
    """One event from the reports of it; claims point to the merged claiming statements."""
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
        evidence=sorted_evidence({evidence for member in members for evidence in member.evidence}),
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


def sorted_evidence(evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
    return tuple(sorted(evidence, key=lambda e: (e.article_id, e.start, e.end, e.text)))


def _pair(a: EventKey, b: EventKey) -> tuple[EventKey, EventKey]:
    return (a, b) if a < b else (b, a)
