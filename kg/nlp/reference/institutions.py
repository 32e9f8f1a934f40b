"""The bodies a state acts through: "the Malian army", "Ukraine's military".

Each becomes an organisation tied to its state ("Baku's foreign ministry", "Gaddafi's
forces", "the Crimean authorities"); a later bare "the navy" points back to the one navy
named.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.gazetteer import Gazetteer
from kg.model import EntityKey, EntityType, normalise_name
from kg.nlp.reference.classify import clean_surface
from kg.nlp.reference.state import Cluster, State
from kg.nlp.scan import tokens_with

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


#: The bodies a state acts through, by the words that name them, and the kind that says
#: when two names are one body ("Ukraine's military" is "the Ukrainian military").
_INSTITUTIONS = {
    "military": "military",
    "armed forces": "military",
    "forces": "forces",
    "army": "military",  # in one story, "the Iraqi army" is "the Iraqi military"
    "navy": "navy",
    "air force": "air force",
    "coast guard": "coast guard",
    "border guard": "border guard",
    "national guard": "national guard",
    "defence ministry": "defence ministry",
    "defense ministry": "defence ministry",
    "foreign ministry": "foreign ministry",
    "interior ministry": "interior ministry",
    "health ministry": "health ministry",
    "presidency": "presidency",  # "Egypt's presidency said"
    "police": "police",
    "security service": "security service",
    "intelligence service": "intelligence service",
    "parliament": "parliament",
    "authorities": "authorities",
}


#: The last word of each institution's name: only tokens with one of these can end a name.
_INSTITUTION_HEADS = frozenset(name.split()[-1] for name in _INSTITUTIONS)


@dataclass(frozen=True)
class _Institution:
    """A mention of a state's body: "the Malian army", "Ukraine's military"."""

    span: Span  # the tokens that refer to the body (not a possessor: "Ukraine" stays Ukraine)
    text: str  # the whole phrase, possessor included, as an alias
    state: EntityKey  # key of the state (or region: "the Crimean authorities")
    kind: str  # what makes two mentions one body: "military" for "forces" and "armed forces"
    name: str  # "Malian army", "Ukrainian military", "Libyan armed forces"
    strong: bool  # names a body on its own; "Lithuanian forces" only joins one already named


def add_institutions(state: State) -> None:
    """Name the bodies a state acts through: "the Malian army", "Ukraine's military",
    "Baku's foreign ministry", "Gaddafi's forces", "the Crimean authorities". Each is an
    organisation tied to its state; a later bare "the navy" points back to it."""
    keys_at = state.keys_by_token()
    heads = tokens_with(state.doc, "LOWER", _INSTITUTION_HEADS)
    found = [m for tok in heads if (m := _institution_at(state, tok, keys_at))]
    known: dict[tuple[EntityKey, str], EntityKey] = {}
    for strong in (True, False):  # "Lithuanian forces" joins "the Lithuanian armed forces"
        for mention in found:
            if mention.strong is strong:
                _add_institution(state, mention, known)
    for tok in tokens_with(state.doc, "LOWER", frozenset(_INSTITUTIONS)):
        _bare_institution(state, tok, known)


def _institution_at(state: State, head: Token, keys_at: dict[int, EntityKey]) -> _Institution | None:
    """The state's institution whose name ends at ``head``, if it is one."""
    if head.pos_ not in ("NOUN", "PROPN") or head.dep_ in ("compound", "amod"):
        return None
    left = [t for t in head.lefts if t.dep_ not in ("det", "case", "punct")]
    words: list[Token] = []
    for tok in reversed(left):  # the lower-case words between the state and the head
        if tok.i + 1 + len(words) != head.i or not tok.is_lower:
            break
        words.insert(0, tok)
    phrase = " ".join([*(t.lower_ for t in words), head.lower_])
    kind = _INSTITUTIONS.get(phrase)
    if kind is None:
        return None
    start = head.i - len(words)
    owner = [t for t in left if t.i < start]
    if not owner or (owner[-1].i + 1 != start and owner[-1].nbor(1).dep_ != "case"):
        return None
    owner_key, adjective, person = _owner(state, owner[-1], keys_at)
    if owner_key is None or (kind == "authorities" and state.clusters[owner_key].type is EntityType.COUNTRY):
        return None  # a sovereign state's authorities are the state itself
    first = min(owner[-1].i, *(t.i for t in owner[-1].subtree))
    # a possessor keeps its own referent: "since its forces invaded" after "Russia's
    # navy" is Russia's; "Gaddafi's forces" still has Gaddafi in it
    mapped = start if owner[-1].dep_ == "poss" else first
    strong = kind != "forces" or person
    name_kind = "armed forces" if kind == "forces" else phrase
    kind = "military" if kind == "forces" else kind
    return _Institution(
        state.doc[mapped : head.i + 1],
        state.doc[first : head.i + 1].text,
        owner_key,
        kind,
        f"{adjective} {name_kind}",
        strong,
    )


def _owner(state: State, tok: Token, keys_at: dict[int, EntityKey]) -> tuple[EntityKey | None, str, bool]:
    """The state a modifier names, its adjective, and whether it is a person ("Gaddafi's")."""
    key = keys_at.get(tok.i)
    if key is not None:
        cluster = state.clusters[key]
        if cluster.type is EntityType.PERSON:  # "Gaddafi's forces": his state's
            country = min(cluster.countries) if len(cluster.countries) == 1 else None
            if country is None or country not in state.clusters:
                return None, "", True
            return country, _adjective(state.clusters[country], state.gaz), True
        if cluster.type in (EntityType.COUNTRY, EntityType.PLACE):
            if tok.i in state.demonyms:
                return key, tok.doc[tok.left_edge.i : tok.i + 1].text, False
            return key, _adjective(cluster, state.gaz), False
        return None, "", False
    if tok.ent_type_ == "NORP":  # "Crimean": the adjective of a place the article names
        for cluster in state.clusters.values():
            stem = normalise_name(cluster.name).rstrip("aeiou")
            if cluster.type is EntityType.PLACE and len(stem) > 3 and tok.lower_.startswith(stem):
                return cluster.key, tok.text, False
    return None, "", False


def _add_institution(state: State, mention: _Institution, known: dict[tuple[EntityKey, str], EntityKey]) -> None:
    key = known.get((mention.state, mention.kind))
    if key is None:
        if not mention.strong:
            return
        cluster = state.cluster(EntityType.ORGANIZATION, mention.name, None)
        if state.clusters[mention.state].type is EntityType.COUNTRY:
            cluster.countries.add(mention.state)
        key = known[(mention.state, mention.kind)] = cluster.key
    cluster, span = state.clusters[key], mention.span
    cluster.first = min(cluster.first, span.start_char)
    cluster.named += 1
    cluster.surfaces[clean_surface(mention.text) or mention.text] += 1
    state.demonyms.difference_update(t.i for t in span)
    state.spans.append((span, key))


def _bare_institution(state: State, tok: Token, known: dict[tuple[EntityKey, str], EntityKey]) -> None:
    """ "The navy's commander": the one navy the article has named."""
    kind = _INSTITUTIONS.get(tok.lower_)
    if kind is None or tok.dep_ in ("compound", "amod") or [t.lower_ for t in tok.lefts] != ["the"]:
        return
    keys = {k for (_, kd), k in known.items() if kd == kind}
    if len(keys) != 1:
        return
    key = keys.pop()
    if state.clusters[key].first < tok.idx and not any(
        tok.i in range(s.start, s.end) for s, k in state.spans if k == key
    ):
        state.extra_keys[tok.i] = key
        state.clusters[key].surfaces[tok.doc[tok.i - 1 : tok.i + 1].text] += 0


def _adjective(cluster: Cluster, gaz: Gazetteer) -> str:
    """ "Ukrainian" for Ukraine; a state's name where the gazetteer knows no demonym."""
    entry = cluster.gazetteer or gaz.lookup(cluster.name)
    return entry.demonyms[0] if entry is not None and entry.demonyms else cluster.name
