"""Choosing the Wikidata item of an entity: from the gazetteer, or among API candidates.

Both choices follow one rule: a wrong link is worse than none. A candidate must have the
entity's type and exactly its name (label or alias, folded). Where several remain, the
article decides: a candidate related to the other entities of the article (Tbilisi is the
capital of Georgia the country; Atlanta lies in Georgia the US state) beats one that is not.
Where nothing separates them, or where a candidate of another type fits the article better
than every candidate of the right type, the entity stays unlinked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kg.gazetteer import Gazetteer, GazetteerEntry
from kg.link.client import english_names, item_values
from kg.model import Entity, EntityType, fold_name

#: Wikidata classes an item must be an instance of (P31, through P279) to have our type.
TYPE_CLASSES: Mapping[EntityType, frozenset[str]] = {
    EntityType.PERSON: frozenset({"Q5"}),  # human
    EntityType.COUNTRY: frozenset(
        {
            "Q3624078",  # sovereign state
            "Q3024240",  # historical country
        }
    ),
    EntityType.PLACE: frozenset(
        {
            "Q486972",  # human settlement
            "Q515",  # city
            "Q56061",  # administrative territorial entity
            "Q1496967",  # territorial entity
            "Q82794",  # geographic region
            "Q2221906",  # geographic location
            "Q15324",  # body of water
            "Q271669",  # landform
            "Q41176",  # building
            "Q811979",  # architectural structure
        }
    ),
    EntityType.ORGANIZATION: frozenset(
        {
            "Q43229",  # organization
            "Q4830453",  # business
            "Q484652",  # international organization
            "Q245065",  # intergovernmental organization
            "Q327333",  # government agency
        }
    ),
}

#: The type that wins when an item has the classes of several (a state is also a region).
_TYPE_ORDER = (EntityType.PERSON, EntityType.COUNTRY, EntityType.ORGANIZATION, EntityType.PLACE)

THRESHOLD = 0.75  # below this confidence, no link
GAZETTEER_NAME, GAZETTEER_ALIAS = 0.95, 0.9
API_LABEL, API_ALIAS = 0.85, 0.8
BY_RULE_PENALTY = 0.1  # another-type candidate of the same name exists and nothing settles it
FIRST_HIT_BONUS = 0.05
CONTEXT_BONUS = 0.05  # per related entity of the article, at most two


@dataclass(frozen=True)
class Verdict:
    """What the linker decided for one entity."""

    qid: str | None = None
    confidence: float | None = None
    final: bool = False  # True: do not ask anyone else (a link, or a deliberate refusal)

    @property
    def linked(self) -> bool:
        return self.qid is not None


UNDECIDED = Verdict()
REFUSED = Verdict(final=True)


# --- the gazetteer ----------------------------------------------------------------------


def gazetteer_entry(gazetteer: Gazetteer, entity: Entity) -> GazetteerEntry | None:
    """The gazetteer's unambiguous entry for an entity of the article, for context."""
    return gazetteer.lookup(entity.name, entity.type)


def match_gazetteer(gazetteer: Gazetteer, entity: Entity, context: Sequence[GazetteerEntry]) -> Verdict:
    """The gazetteer's verdict on ``entity``, given the entries of its article's other entities."""
    for position, name in enumerate([entity.name, *sorted(entity.aliases)]):
        found = gazetteer.lookup_all(name)
        right = [e for e in found if e.type is entity.type]
        if right:
            other = [e for e in found if e.type is not entity.type]
            return _decide_gazetteer(gazetteer, entity.type, name, position == 0, right, other, context)
    return UNDECIDED


def _decide_gazetteer(
    gazetteer: Gazetteer,
    type_: EntityType,
    name: str,
    is_canonical: bool,
    right: list[GazetteerEntry],
    other: list[GazetteerEntry],
    context: Sequence[GazetteerEntry],
) -> Verdict:
    support = {e: _support(gazetteer, e, context) for e in right}
    top = max(support.values())
    leaders = [e for e in right if support[e] == top]
    # among equals the gazetteer's own rule decides (canonical name beats alias), if it can
    best = leaders[0] if len(leaders) == 1 else gazetteer.lookup(name, type_)
    if best not in leaders:
        return REFUSED if top else UNDECIDED
    rival = max((_support(gazetteer, e, context) for e in other), default=0.0)
    if rival >= 1 and rival > top:
        return REFUSED  # the article is about the other thing of this name
    if best is None or best.qid is None:
        return UNDECIDED
    exact = is_canonical and fold_name(name) == fold_name(best.name)
    confidence = (GAZETTEER_NAME if exact else GAZETTEER_ALIAS) - (BY_RULE_PENALTY if other and not top else 0.0)
    return Verdict(best.qid, round(confidence, 2), final=True)


def _support(gazetteer: Gazetteer, entry: GazetteerEntry, context: Sequence[GazetteerEntry]) -> float:
    """How strongly the article's other entities point to ``entry``."""
    country = _country_of(gazetteer, entry)
    score = 0.0
    for other in context:
        if other is entry:
            continue
        other_country = _country_of(gazetteer, other)
        if other_country is entry or _capital_of(gazetteer, entry) is other or _capital_of(gazetteer, other) is entry:
            score += 1.0  # Tbilisi for Georgia; Moscow for Russia
        elif country is not None and other_country is country and entry.type is not EntityType.COUNTRY:
            score += 1.0  # Atlanta and Georgia, both in the United States
        elif country is not None and other is country:
            score += 0.5  # a place of the United States, in an article naming the United States
    return score


def _country_of(gazetteer: Gazetteer, entry: GazetteerEntry) -> GazetteerEntry | None:
    return gazetteer.lookup(entry.country, EntityType.COUNTRY) if entry.country else None


def _capital_of(gazetteer: Gazetteer, entry: GazetteerEntry) -> GazetteerEntry | None:
    return gazetteer.lookup(entry.capital, EntityType.PLACE) if entry.capital else None


def context_qids(gazetteer: Gazetteer, context: Iterable[GazetteerEntry]) -> frozenset[str]:
    """Wikidata ids of the article's other entities and of their countries and capitals."""
    qids = set()
    for entry in context:
        for related in (entry, _country_of(gazetteer, entry), _capital_of(gazetteer, entry)):
            if related is not None and related.qid:
                qids.add(related.qid)
    return frozenset(qids)


# --- API candidates ---------------------------------------------------------------------


def search_names(entity: Entity) -> list[str]:
    """The names worth searching for: the canonical name, then name-like aliases."""
    aliases = sorted(a for a in entity.aliases if a[:1].isupper() and not a.lower().startswith("the "))
    return [entity.name, *aliases[:3]]


def item_type(classes: Iterable[frozenset[str]]) -> EntityType | None:
    """Our type of an item whose P31 classes have the given superclass closures."""
    reached = frozenset().union(*classes)
    return next((t for t in _TYPE_ORDER if reached & TYPE_CLASSES[t]), None)


@dataclass(frozen=True)
class Candidate:
    """One item the search found, with what was learnt about it."""

    qid: str
    rank: int  # position in the search results, 0 first
    type: EntityType | None
    name_score: float  # API_LABEL, API_ALIAS or 0 (the name does not match)
    support: int  # how many of the article's other entities its statements point to


def candidate(
    entity: Entity,
    qid: str,
    rank: int,
    data: Mapping[str, Any],
    closures: Mapping[str, frozenset[str]],
    context: frozenset[str],
) -> Candidate:
    """What ``data`` (a wbgetentities entity) says about ``qid`` as a link for ``entity``."""
    classes = [closures.get(c, frozenset({c})) for c in item_values(data, "P31")]
    return Candidate(
        qid=qid,
        rank=rank,
        type=item_type(classes),
        name_score=_name_score(entity, english_names(data)),
        support=len(set(item_values(data)) & context),
    )


def _name_score(entity: Entity, names: Sequence[str]) -> float:
    if not names:
        return 0.0
    label, aliases = fold_name(names[0]), {fold_name(n) for n in names[1:]}
    ours = {fold_name(n) for n in entity.aliases} | {fold_name(entity.name)}
    if label == fold_name(entity.name):
        return API_LABEL
    if label in ours or fold_name(entity.name) in aliases:
        return API_ALIAS
    return 0.0


def choose(entity: Entity, candidates: Sequence[Candidate]) -> Verdict:
    """The item to link ``entity`` to among search candidates, or a refusal."""
    named = [c for c in candidates if c.name_score > 0]
    right = sorted((c for c in named if c.type is entity.type), key=lambda c: (-c.support, -c.name_score, c.rank))
    if not right:
        return REFUSED
    best = right[0]
    if len(right) > 1 and (right[1].support, right[1].name_score) == (best.support, best.name_score):
        return REFUSED  # several items of this name and type; the article does not say which
    rival = max((c.support for c in named if c.type is not entity.type), default=0)
    if rival > best.support:
        return REFUSED
    confidence = best.name_score + (FIRST_HIT_BONUS if best.rank == 0 else 0.0) + CONTEXT_BONUS * min(best.support, 2)
    confidence = round(min(confidence, 0.99), 2)
    return Verdict(best.qid, confidence, final=True) if confidence >= THRESHOLD else REFUSED
