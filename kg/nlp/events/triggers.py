"""Trigger words: which tokens may signal an event of a registered type, and the cues the
registry asks of them, each cue relation implemented once (kg.registry.CUE_RELATIONS)."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, NamedTuple

from kg.model import EntityType
from kg.nlp import lexicon
from kg.nlp.events import arguments
from kg.nlp.events.refs import Refs, prep_objects
from kg.nlp.scan import noun_forms, tokens_with
from kg.registry import Cue, EventType, Trigger, event_types, trigger_heads

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


class Match(NamedTuple):
    """A token that signals an event: its type, its words in the registry and their entry."""

    type: EventType
    token: Token
    words: str
    spec: Trigger


def matches(doc: Doc, refs: Refs) -> Iterator[Match]:
    """Every trigger of the article whose cues hold, in text order; a token may signal events
    of several types ("struck a deal" is a signing, not an attack: the cues decide)."""
    index = _index(event_types())
    for token in tokens_with(doc, "LEMMA", index.spelled):
        if any(c.dep_ == "neg" for c in token.children):
            continue  # "did not meet"
        pos = "verb" if token.pos_ == "VERB" else "noun" if token.pos_ in ("NOUN", "PROPN") else None
        entries = index.by_head.get((pos, token.lemma_.lower()), ()) if pos else ()
        anchor = _name_head(token)
        for type_, table in entries:
            found = _entry(table, token, pos == "verb")
            if found is not None and _holds(found[1], anchor, refs):
                yield Match(type_, anchor, *found)


def _name_head(token: Token) -> Token:
    """The head of the name a trigger noun begins: "Serval" for "Operation" in "launched
    Operation Serval in Mali" (or "operation Euphrates Shield"), which the parser reads as a
    name with "Operation" as a modifier; the event's verb and prepositions attach to the
    name's head."""
    head = token.head
    if token.dep_ != "compound" or not head.is_title or head.pos_ != "PROPN" or head.i < token.i:
        return token
    between = token.doc[token.i + 1 : head.i]
    return head if all(t.dep_ == "compound" and t.pos_ == "PROPN" for t in between) else token


class _Index(NamedTuple):
    spelled: frozenset[str]  # every head lemma as spaCy may spell it ("Talks" opens a headline)
    by_head: dict[tuple[str, str], list[tuple[EventType, Mapping[str, Trigger]]]]


@functools.cache
def _index(types: tuple[EventType, ...]) -> _Index:
    """The types (and their trigger table) each head lemma may trigger, by part of speech."""
    by_head: dict[tuple[str, str], list[tuple[EventType, Mapping[str, Trigger]]]] = {}
    for pos in ("verb", "noun"):
        for head in trigger_heads(pos, types):
            tables = [(t, t.verbs if pos == "verb" else t.nouns) for t in types]
            by_head[(pos, head)] = [(t, table) for t, table in tables if any(_head(w, pos) == head for w in table)]
    heads = {head for _, head in by_head}
    return _Index(frozenset(v for w in heads for v in (w, w.capitalize(), w.upper())), by_head)


def _head(words: str, pos: str) -> str:
    return words.split()[0 if pos == "verb" else -1]


def _entry(table: Mapping[str, Trigger], token: Token, verb: bool) -> tuple[str, Trigger] | None:
    """The entry of ``table`` that ``token`` is a trigger word of, with its words: a verb with
    its particle ("shoot down") before the bare verb, a noun with its compound ("air strike")
    before the bare noun."""
    lemma = token.lemma_.lower()
    if verb:
        candidates = [f"{lemma} {c.lower_}" for c in token.children if c.dep_ == "prt"]
    else:
        candidates = [f"{c.lemma_.lower()} {lemma}" for c in token.children if c.dep_ == "compound"]
    words = next((w for w in (*candidates, lemma) if w in table), None)
    return (words, table[words]) if words is not None else None


def _holds(spec: Trigger, token: Token, refs: Refs) -> bool:
    if any(_cue(c, token, refs) for c in spec.refuses):
        return False
    return not spec.needs or any(all(_cue(c, token, refs) for c in group) for group in spec.needs)


def _cue(cue: Cue, token: Token, refs: Refs) -> bool:
    return _present(cue, token, refs) != cue.absent


def _present(cue: Cue, token: Token, refs: Refs) -> bool:
    words = frozenset().union(*(lexicon.CLASSES.get(w, {w}) for w in cue.words)) if cue.words else None
    relation = cue.relation
    if relation == "object":
        return any(words is None or arguments.of_class(t, words) for t in _forces(token))
    if relation == "subject":  # of a noun: the subject of the verb that supports it
        verb = token if token.pos_ == "VERB" else arguments.support_verb(token, lexicon.LIGHT_VERBS)
        subjects = arguments.subject_tokens(verb) if verb is not None else []
        return any(words is None or arguments.of_class(t, words) or _reported_by(t, words) for t in subjects)
    if relation == "document":
        found = document(token)
        return found is not None and (words is None or not noun_forms(found).isdisjoint(words))
    if relation == "particle":
        return any(c.dep_ == "prt" and (words is None or c.lower_ in words) for c in token.children)
    if relation == "prep":
        return any(words is None or c.lower_ in words for c in _preps(token))
    if relation == "modifier":
        return any(words is None or c.lower_ in words or c.lemma_.lower() in words for c in token.children)
    if relation == "clause":
        return any(c.dep_ == "ccomp" for c in token.children)
    if relation == "complement":
        return _predicative(token)
    if relation == "partner":
        return _partner(token, refs)
    if relation == "reaches":
        return any(reached(p, refs) for p in reaching(token, words))
    if relation == "named object":
        named = [k for c in token.children if c.dep_ == "dobj" for k in refs.of(c)]
        return bool(refs.of_types(named, {EntityType(w) for w in words}) if words else refs.agentive(named))
    if relation == "name":
        return _named(token)
    if relation == "named subject":
        return bool(refs.agentive(k for t in arguments.subjects(token) for k in refs.of(t, named_only=True)))
    if relation == "aims":
        return any(
            o.dep_ == "pobj" and o.ent_type_ not in ("DATE", "TIME")
            for p in _preps(token)
            if words is None or p.lower_ in words
            for o in p.children
        )
    raise ValueError(f"unknown cue relation {relation!r}")  # kg.registry checks entries against the known set


def _reported_by(pronoun: Token, words: frozenset[str]) -> bool:
    """ "Pakistan's army said it had killed 12 militants": a pronoun subject of a reported
    clause whose reporter is of the class (it stands for the reporter)."""
    clause = pronoun.head
    if pronoun.pos_ != "PRON" or pronoun.dep_ != "nsubj" or clause.dep_ != "ccomp":
        return False
    return any(arguments.of_class(s, words) for s in clause.head.children if s.dep_ == "nsubj")


def _preps(token: Token) -> list[Token]:
    """A word's prepositions, with those a gapped conjunct repeats it with ("and to Putin")."""
    return [c for c in token.children if c.dep_ == "prep" or (c.dep_ == "conj" and c.pos_ == "ADP")]


def reaching(token: Token, words: frozenset[str] | None) -> list[Token]:
    """The prepositions ``words`` by which a verb reaches someone: on the verb, a gapped
    conjunct, or its object ("discussed aid with Kikwete")."""
    objects = [c for c in token.children if c.dep_ == "dobj"]
    candidates = [*_preps(token), *(c for o in objects for c in o.children if c.dep_ == "prep")]
    return [p for p in candidates if words is None or p.lower_ in words]


def reached(prep: Token, refs: Refs) -> bool:
    """Whether a preposition's object names a person: "to Poroshenko"."""
    objects = [o for o in prep.children if o.dep_ == "pobj"]
    return bool(refs.of_types((k for o in objects for k in refs.of(o, named_only=True)), {EntityType.PERSON}))


def _forces(verb: Token) -> list[Token]:
    """What a verb sends or acts on: its objects (the trigger's own, not a climbed one)."""
    return [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")] + (
        [verb.head] if verb.dep_ == "acl" and verb.tag_ == "VBN" else []
    )


def _predicative(verb: Token) -> bool:
    """ "called the operation necessary", "called Russia's move a land grab", "called the
    meeting a triumph": an object and what it is called."""
    if any(c.dep_ in ("oprd", "xcomp") for c in verb.children):
        return True
    return any(g.dep_ in ("dobj", "attr", "oprd") for c in verb.children if c.dep_ == "dobj" for g in c.children)


def _partner(word: Token, refs: Refs) -> bool:
    """ "received Kim", "talked with Moon", "Trump and Kim talked", "held a press conference
    with Obama": a named partner, or two named people together ("received a letter", "sat in
    parliament", "a news conference" are no meetings)."""
    heads = [word]
    if word.pos_ != "VERB":
        verb = arguments.governing_verb(word)
        heads += [verb] if verb is not None else []
    partners = [k for c in word.children if c.dep_ == "dobj" for k in refs.of(c)]
    partners += [k for h in heads for t in prep_objects(h, ("with", "between", "to")) for k in refs.of(t)]
    if refs.agentive(partners):
        return True
    people = refs.of_types((k for s in arguments.subjects(heads[-1]) for k in refs.of(s)), {EntityType.PERSON})
    return len(people) >= 2


def _named(noun: Token) -> bool:
    """A noun called by a proper name: "operation Euphrates Shield", "Operation Astute"."""
    if any(c.dep_ in ("appos", "compound", "npadvmod", "nmod") and c.pos_ == "PROPN" for c in noun.children):
        return True
    after = noun.i + 1
    return after < noun.sent.end - 1 and noun.doc[after].is_quote and noun.doc[after + 1].is_title


def document(verb: Token) -> Token | None:
    """The agreement a verb acts on: its object, its passive subject, the noun a relative or
    participle clause describes ("the declaration Kim signed", "the agreement, signed in
    Minsk"), or "put their signatures to a statement"."""
    if verb.dep_ in ("relcl", "acl") and is_document(verb.head):
        return verb.head
    holders = [verb, *(c for c in verb.children if c.dep_ == "dobj" and c.lemma_ in ("signature", "name"))]
    for child in (c for h in holders for c in h.children):
        if child.dep_ in ("dobj", "nsubjpass") and is_document(child) and child.head.i == verb.i:
            return child
        if child.dep_ == "prep" and child.lower_ in ("on", "to"):
            for obj in child.children:
                if obj.dep_ == "pobj" and is_document(obj):
                    return obj
    return None


def is_document(token: Token) -> bool:
    """ "a treaty", "the Treaty of Lisbon", "the Abraham Accords" (a name keeps its plural
    as its lemma)."""
    return not noun_forms(token).isdisjoint(lexicon.DOCUMENT_NOUNS)
