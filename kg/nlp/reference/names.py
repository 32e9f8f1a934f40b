"""Joining short names to the longer name they stand for, within one article.

"Putin" joins "Vladimir Putin", "Kursk" joins "Kursk Region", "Kim" joins "Kim Jong-un"
(the protagonist, when several people share the name) unless the story named that person
only after the bare name.
"""

from __future__ import annotations

from kg.model import EntityType, normalise_name
from kg.nlp.reference.state import Cluster, State

#: Generic words after a place name: "Kursk Region" is "Kursk".
PLACE_GENERICS = frozenset(
    {
        "region",
        "oblast",
        "province",
        "governorate",
        "district",
        "county",
        "prefecture",
        "territory",
        "krai",
        "republic",
        "city",
        "base",
    }
)


def join_short_names(state: State) -> None:
    """Merge "Putin" into "Vladimir Putin", "Kursk" into "Kursk Region", "NATO" ...;
    first the variants of one person's full name ("George Bush" into "George W. Bush")."""
    _join_variants(state)
    by_length = sorted(state.clusters.values(), key=lambda c: (-len(c.name), c.name))
    for short in reversed(by_length):
        target = _longer_name_for(state, short)
        if target is not None:
            _absorb(state, target, short)


def _longer_name_for(state: State, short: Cluster) -> Cluster | None:
    tokens = _name_tokens(short)
    if not tokens or (short.gazetteer is not None and short.type is not EntityType.PERSON):
        return None
    candidates = [
        other
        for other in state.clusters.values()
        if other is not short
        and (other.type is short.type or other.type is EntityType.PERSON)
        and len(other.name) > len(short.name)
        and contains_name(_name_tokens(other), tokens)
    ]
    if len(candidates) == 1:
        return candidates[0]
    if short.type is EntityType.PERSON and candidates:
        return _main_bearer(candidates, tokens, short.first)
    return None


def _join_variants(state: State) -> None:
    """One person written two ways: with and without a middle initial ("George W. Bush",
    "George Bush") or with one letter of a given name changed in transliteration ("Ahmed
    Jabari", "Ahmad Jabari"); the form named first keeps the name."""
    people = sorted((c for c in state.clusters.values() if c.type is EntityType.PERSON), key=lambda c: c.first)
    for i, kept in enumerate(people):
        if kept.key not in state.clusters:
            continue
        for other in people[i + 1 :]:
            if other.key in state.clusters and _variants(_name_tokens(kept), _name_tokens(other)):
                _absorb(state, kept, other)


def _variants(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two full names (two words or more each, same surname) are one name's variants."""
    if len(a) < 2 or len(b) < 2 or a[-1] != b[-1] or a == b:
        return False
    plain_a, plain_b = _without_initials(a), _without_initials(b)
    if plain_a == plain_b:
        return len(plain_a) >= 2
    if len(a) != len(b):
        return False
    differing = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(differing) == 1 and _one_letter_apart(*differing[0])


def _without_initials(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in words if len(w) > 1)


def _one_letter_apart(a: str, b: str) -> bool:
    """ "ahmed" and "ahmad": one letter replaced, in a word long enough that this is a
    spelling, not another name ("Kim Jong-un", "Kim Jong-il" differ in a short part)."""
    return len(a) == len(b) >= 4 and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _absorb(state: State, target: Cluster, short: Cluster) -> None:
    old = short.key
    if old == target.key:
        return
    del state.clusters[old]
    target.surfaces.update(short.surfaces)
    target.titles |= short.titles
    target.countries |= short.countries
    target.first = min(target.first, short.first)
    target.named += short.named
    state.spans = [(s, target.key if k == old else k) for s, k in state.spans]


def _name_tokens(cluster: Cluster) -> tuple[str, ...]:
    words = normalise_name(cluster.name).split()
    if cluster.type is EntityType.PLACE:
        words = [w for w in words if w not in PLACE_GENERICS]
    return tuple(words)


def _main_bearer(people: list[Cluster], short: tuple[str, ...], first: int) -> Cluster | None:
    """Whom a bare name shared by several people means: the one whose surname it is
    ("Moussa" is Amr Moussa, not Moussa Koussa), else the one the story introduced first,
    the protagonist ("Kim" after Kim Jong-un, not Kim Yo-jong, in a story about the
    summit); None when that person is named only after the bare name."""
    as_surname = [p for p in people if _name_tokens(p)[-len(short) :] == short]
    pool = sorted(as_surname or people, key=lambda p: p.first)
    if len(as_surname) > 1 or pool[0].first > first:
        return None
    return pool[0]


def contains_name(longer: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """ "putin" in "vladimir putin"; "kim" in "kim jong un"; "kursk" in "kursk"."""
    if not short or len(short) > len(longer):
        return False
    n = len(short)
    return any(longer[i : i + n] == short for i in range(len(longer) - n + 1))
