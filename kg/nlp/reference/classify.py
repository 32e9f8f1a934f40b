"""Typing a mention: which entity, of which type, a repaired entity span names.

The gazetteer decides first (states, capitals, organisations, leaders; "North Koreans" by
demonym); a seat of power or capital that acts is its state (:mod:`.metonymy`); "the
Islamic Republic" is the state whose formal name it opens; a dateline is a place. A name
the gazetteer does not know keeps the tagger's label, repaired by the parse around all its
mentions ("around Konna" is a place). Surfaces are cleaned here ("the Kremlin's" ->
"Kremlin") and each mention is added to its entity in the state.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from kg.gazetteer import Gazetteer, GazetteerEntry
from kg.model import EntityType, normalise_name
from kg.nlp import lexicon
from kg.nlp.reference.metonymy import acts, called_office, locative
from kg.nlp.reference.names import PLACE_GENERICS, contains_name
from kg.nlp.reference.spans import ORG_WORDS, RANKS, is_dateline, looks_like_person, without_descriptor
from kg.nlp.reference.state import State
from kg.nlp.scan import doc_ents, text_of
from kg.registry import trigger_heads

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


_TYPE_BY_LABEL = {
    "PERSON": EntityType.PERSON,
    "GPE": EntityType.PLACE,  # a GPE the gazetteer does not know as a state is a place
    "LOC": EntityType.PLACE,
    "FAC": EntityType.PLACE,
    "ORG": EntityType.ORGANIZATION,
}


#: "the North" may stand for the one state whose name opens with it.
_COMPASS = frozenset({"north", "south", "east", "west"})


def states_named(doc: Doc, gaz: Gazetteer) -> dict[str, GazetteerEntry]:
    """The states the article names, by the first word of their name ("north")."""
    named: dict[str, list[GazetteerEntry]] = defaultdict(list)
    for span in doc_ents(doc):
        surface = clean_surface(text_of(span)) or text_of(span)
        entry = gaz.by_demonym(surface) if span.label_ == "NORP" else gaz.lookup(surface)
        if entry is not None and entry.type is EntityType.COUNTRY and " " in entry.name:
            first = entry.name.split()[0].lower()
            if entry not in named[first]:
                named[first].append(entry)
    return {word: entries[0] for word, entries in named.items() if len(entries) == 1}


def relabel(doc: Doc, gaz: Gazetteer) -> dict[str, str]:
    """The repaired NER label of each name the gazetteer does not know, voted over all
    its mentions: "overrun Konna ... columns around Konna" makes "Konna" a place in both."""
    people = [normalise_name(text_of(e)).split() for e in doc_ents(doc) if e.label_ == "PERSON"]
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for span in doc_ents(doc):
        surface = clean_surface(text_of(span))
        if span.label_ not in ("PERSON", "ORG", "GPE") or not surface or gaz.lookup(surface):
            continue
        label = _met_person(span) if span.label_ != "PERSON" else None
        label = label or (_context_label(span) if span.label_ != "GPE" else None)
        words = normalise_name(surface).split()
        if (
            label == "GPE"
            and span.label_ == "PERSON"
            and any(len(p) > len(words) and contains_name(tuple(p), tuple(words)) for p in people)
        ):
            continue  # "Putin" of "Vladimir Putin" stays a person
        if label:
            votes[surface][label] += 1
    return {surface: counts.most_common(1)[0][0] for surface, counts in votes.items()}


def add_span(state: State, span: Span) -> None:
    """Type the mention ``span`` and add it to its entity (made on first use)."""
    surface = clean_surface(text_of(without_descriptor(span)))
    if not surface or not any(ch.isalpha() for ch in surface):
        return
    full = state.acronyms.get(surface)
    if full is not None:  # "MUJAO" names what "the Movement for ..." named
        full_surface = clean_surface(text_of(full))
        typed = _classify(state, full, full_surface) if full_surface else None
    else:
        typed = _classify(state, span, surface)
    if typed is None:
        return
    type_, name, entry, is_demonym = typed
    named_with_noun = ""
    if type_ is EntityType.PLACE and entry is None:
        named_with_noun = _with_place_noun(span)
    if named_with_noun:
        name = named_with_noun
    cluster = state.cluster(type_, name, entry)
    cluster.first = min(cluster.first, span.start_char)
    cluster.surfaces[surface] += 1
    if named_with_noun:
        cluster.surfaces[named_with_noun] += 1
    if is_demonym:
        state.demonyms.update(t.i for t in span)
    if not is_demonym or _names_forces(span):
        cluster.named += 1
    state.spans.append((span, cluster.key))


def _names_forces(span: Span) -> bool:
    """ "Australian troops", "the Philippine government", "Israeli strikes": a demonym that
    says whose armed forces, government or act it is makes its state an actor of the story,
    where "Swiss President Guy Parmelin" does not."""
    noun = span[-1].head.lemma_.lower()
    return span[-1].dep_ in ("amod", "compound") and (
        noun == "government"
        or noun in trigger_heads("noun")
        or (noun in lexicon.MILITARY_NOUNS and noun not in lexicon.IRREGULAR_FIGHTERS)
    )


def _classify(state: State, span: Span, surface: str) -> tuple[EntityType, str, GazetteerEntry | None, bool] | None:
    """The type, name and gazetteer entry of the mention, and whether it is a demonym; None
    when it names no entity."""
    label = span.label_
    if label == "NORP":
        entry = state.gaz.by_demonym(surface)
        if entry is None:
            return None
        return entry.type, entry.name, entry, True
    if is_dateline(span):
        return _dateline_place(state, surface)
    if _part_of_title(span):
        return None
    if surface.lower() in _COMPASS and surface.lower() in state.states_named:
        named = state.states_named[surface.lower()]  # "the North" in a story on North Korea
        return named.type, named.name, named, False
    entry = state.gaz.lookup(surface)
    ruler = state.gaz.by_metonym(surface)
    if ruler is not None:
        if entry is None and called_office(span):  # "the Blue House, Moon's office"
            return EntityType.ORGANIZATION, surface, None, False
        if acts(span):
            return ruler.type, ruler.name, ruler, False
        if entry is None:  # "outside Downing Street": a seat of power as a place
            return EntityType.PLACE, surface, None, False
    entry = entry or _formal_name_start(state, surface)
    if entry is not None:
        return entry.type, entry.name, entry, False
    label = state.relabelled.get(surface, label)
    if label == "PERSON" and not looks_like_person(span):
        return None
    return _TYPE_BY_LABEL[label], _canonical_surface(surface, label), None, False


def _states_tagged(state: State) -> tuple[GazetteerEntry, ...]:
    """The states the article's GPE mentions name (found once; asked for every mention)."""
    if state.states_tagged is None:
        found = (
            state.gaz.lookup(clean_surface(text_of(span)) or text_of(span))
            for span in doc_ents(state.doc)
            if span.label_ == "GPE"
        )
        state.states_tagged = tuple(dict.fromkeys(e for e in found if e is not None and e.type is EntityType.COUNTRY))
    return state.states_tagged


def _formal_name_start(state: State, surface: str) -> GazetteerEntry | None:
    """ "the Islamic Republic" in a story that names Iran: the opening words of the
    formal name ("Islamic Republic of Iran") of exactly one state the article names."""
    if len(surface.split()) < 2:
        return None
    opening = surface.lower() + " of "
    states = {
        entry.name: entry
        for entry in _states_tagged(state)
        if any(alias.lower().startswith(opening) for alias in entry.aliases)
    }
    return next(iter(states.values())) if len(states) == 1 else None


def _dateline_place(state: State, surface: str) -> tuple[EntityType, str, GazetteerEntry | None, bool]:
    """ "RUKLA, Lithuania —": the town the story was filed from."""
    name = surface.title()
    entry = state.gaz.lookup(name)
    if entry is not None:
        return entry.type, entry.name, entry, False
    return EntityType.PLACE, name, None, False


def _context_label(span: Span) -> str | None:
    """What the parse around a PERSON or ORG span says it names, or None: "around Konna",
    "Odesa, Chornomorsk and Pivdennyi", "Shusha, the hilltop city" and "Khasan station"
    are places; "Zohrab Mnatsakanyan and Jeyhun Bayramov" and "Andriy Parubiy, secretary of
    ..." are people; "fighters from Ansar Dine, al-Qaeda ..." an organisation."""
    words = {t.lower_ for t in span}
    if span.label_ == "ORG" and words & ORG_WORDS:
        return None
    if span.label_ == "PERSON" and len(span) > 1:
        return "ORG" if _linked_org(span) else None  # a full name is no place
    root, linked = span.root, _linked(span)
    linked_types = {
        t.ent_type_
        for t in linked
        if t.ent_type_
        and not (span.start <= t.i < span.end)
        and (t.ent_type_ != "ORG" or _org_named(t))  # a mislabelled person is no evidence
    }
    linked_nouns = {t.lemma_.lower() for t in linked if not t.ent_type_ and t.pos_ == "NOUN"}
    if linked_types & {"GPE", "LOC", "FAC"} or linked_nouns & lexicon.PLACE_NOUNS:
        return "GPE"
    if root.dep_ == "compound" and root.head.lemma_.lower() in lexicon.PLACE_NOUNS:
        return "GPE"
    if root.dep_ == "pobj" and locative(root.head) and root.head.head.ent_type_ != "ORG":
        return "GPE"  # not "al-Qaeda in the Islamic Maghreb"
    if span.label_ == "ORG" and ("PERSON" in linked_types or linked_nouns & lexicon.TITLES):
        return "PERSON"
    return None


def _met_person(span: Span) -> str | None:
    """ "Netanyahu met Blinken", "Lammy met Wang Yi", "talks with Blinken": one capitalised
    word the gazetteer does not know, that meets or is met, is a person's name the tagger
    took for a place or an organisation (a town or a company meets no one)."""
    root = span.root
    if len(span) != 1 or not root.is_title or root.lower_ in ORG_WORDS:
        return None
    head = root.head
    if root.dep_ == "conj":  # "Netanyahu met Blinken and Austin"
        root, head = head, head.head
    if root.dep_ == "pobj" and head.lower_ == "with":
        head = head.head
    elif root.dep_ not in ("nsubj", "dobj"):
        return None
    return "PERSON" if head.lemma_.lower() in _MEETING_WORDS else None


#: Words of meeting someone: who does them, or is done them, is a person.
_MEETING_WORDS = frozenset({"meet", "talk", "phone", "telephone"})  # towns host and receive things


def _linked_org(span: Span) -> bool:
    """ "fighters from Ansar Dine, al-Qaeda ...": a name in a list with an organisation."""
    return any(t.ent_type_ == "ORG" and _org_named(t) for t in _linked(span))


def _linked(span: Span) -> list[Token]:
    """The tokens a span is listed or in apposition with."""
    root = span.root
    linked = [t for t in root.children if t.dep_ in ("conj", "appos")]
    if root.dep_ in ("conj", "appos"):
        linked.append(root.head)
    return linked


#: Portfolios named in office titles: "Secretary of State", "Treasury Secretary".
_PORTFOLIOS = frozenset(
    {
        "state",
        "treasury",
        "defence",
        "defense",
        "interior",
        "foreign",
        "finance",
        "justice",
        "commerce",
        "energy",
        "trade",
        "health",
        "education",
        "agriculture",
        "labour",
        "labor",
        "transport",
        "home",
        "war",
        "navy",
        "army",
    }
)


def _part_of_title(span: Span) -> bool:
    """A span that is an office, not a name: "Rear Admiral", "State" of "Secretary of
    State", "Treasury" of "Treasury Secretary"."""
    words = [t.lower_ for t in span if t.is_alpha]
    if words and all(w in RANKS for w in words):
        return True
    if len(words) != 1 or words[0] not in _PORTFOLIOS:
        return False
    before = span.doc[span.start - 2 : span.start]
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return (after is not None and after.lower_ in lexicon.TITLES) or (
        len(before) == 2 and before[0].lower_ in lexicon.TITLES and before[1].lower_ == "of"
    )


def _org_named(token: Token) -> bool:
    """Whether the ORG entity around ``token`` cannot be a person's name: it has an
    organisation's word, is an acronym, or is not in title case ("al-Qaeda")."""
    ent = next((e for e in doc_ents(token.doc) if e.start <= token.i < e.end), None)
    if ent is None:
        return False
    words = [t for t in ent if t.is_alpha]
    return bool({t.lower_ for t in words} & ORG_WORDS) or any(not t.is_title for t in words)


def _with_place_noun(span: Span) -> str:
    """ "the Lachin corridor", "Khasan station", "the Izvaryne border post": a place named
    by a name and the common noun after it, or "" when no such noun follows."""
    head = span.root.head
    if span.root.dep_ != "compound" or head.i < span.end or not head.is_lower:
        return ""
    if head.lemma_.lower() not in lexicon.PLACE_NOUNS - PLACE_GENERICS:
        return ""
    between = span.doc[span.end : head.i]
    if any(t.dep_ != "compound" or not t.is_lower for t in between):
        return ""
    return clean_surface(span.doc[span.start : head.i + 1].text)


#: A lower-case particle that opens a name: "al-Qaeda", "al-Shabab", "el-Sisi".
_PARTICLE = re.compile(r"(?:al|el|ad|an|ar|as|ash|at|az|ud|ul)-[A-Z]")


#: What a surface loses at either end: quotes, dashes and punctuation.
_SURFACE_PUNCT = " “”\"'‘’-—,.:;()[]"


#: Words a span may wrongly end with: "the National Penitentiary in", "North and".
_TRAILING_WORDS = re.compile(r"(?:\s+(?:and|or|in|on|of|at|for|to|the))+$", re.IGNORECASE)


#: A possessive ending: "Russia's", "the allies'".
_POSSESSIVE = re.compile(r"(?:['’‘]s|['’])$")


@functools.lru_cache(maxsize=1 << 16)  # asked for the same names many times per article
def clean_surface(text: str) -> str:
    """A mention's text as a name: "the Kremlin's" -> "Kremlin"; "" when it is no name."""
    text = " ".join(text.split()).strip(_SURFACE_PUNCT)
    if text.lower().startswith("the "):
        text = text[4:]
    text = _POSSESSIVE.sub("", text.strip(_SURFACE_PUNCT))
    text = _TRAILING_WORDS.sub("", text)
    return text if text[:1].isupper() or text[:1].isdigit() or _PARTICLE.match(text) else ""


def _canonical_surface(surface: str, label: str) -> str:
    """Drop a leading title from a person's name ("President Putin" -> "Putin")."""
    if label != "PERSON":
        return surface
    words = surface.split()
    while len(words) > 1 and words[0].lower().strip(".") in lexicon.NAME_PREFIX_TITLES:
        words = words[1:]
    return " ".join(words)
