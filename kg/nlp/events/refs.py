"""Whom an argument of an event refers to: a noun phrase's head token -> entity keys.

A name, a resolved description or pronoun (kg.nlp.reference), "which" in a relative clause,
an apposition, "they" for the pair just named, "the two men", "the American president",
a group that acts for a state ("Russian troops", "representatives of Kiev"), "its forces".
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from kg.model import EntityKey, EntityType
from kg.nlp import lexicon
from kg.nlp.reference import Resolution
from kg.nlp.scan import sentence_and_previous
from kg.registry import AGENTS, LOCATIONS, STATES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_RELATIVE = frozenset({"which", "who", "that", "whom"})
#: Dependents of a name that say whom a person acts for ("Russian President X", "Iran's chief").
NAME_MODIFIERS = frozenset({"compound", "amod", "poss", "nmod"})
#: Plural nouns for people that "the two ..." or "representatives of ..." can head.
#: Words that make an organisation's name one of armed forces: "Israeli Air Force".
_FORCE_WORDS = lexicon.word_set("army military force forces navy guard corps regiment brigade marines defence defense")
PEOPLE_NOUNS = lexicon.TITLES | lexicon.word_set(
    "man woman representative member delegation delegate official negotiator people side government rebel "
    "militant fighter separatist gunman insurgent militia militiaman jihadist islamist"
)


class Refs:
    """Reference of noun phrases in one parsed article, over its resolution."""

    def __init__(self, doc: Doc, res: Resolution) -> None:
        self.doc = doc
        self.res = res

    # -- filters --------------------------------------------------------------------

    def of_types(self, keys: Iterable[EntityKey], types: Collection[EntityType]) -> list[EntityKey]:
        """``keys`` of the entity types ``types``, each once, in order."""
        return [k for k in dict.fromkeys(keys) if k.type in types]

    def agentive(self, keys: Iterable[EntityKey]) -> list[EntityKey]:
        return self.of_types(keys, AGENTS)

    def located(self, keys: Iterable[EntityKey]) -> list[EntityKey]:
        return self.of_types(keys, LOCATIONS)

    # -- reference ------------------------------------------------------------------

    def of(self, tok: Token, named_only: bool = False) -> list[EntityKey]:
        """The entities a noun phrase head and its conjuncts refer to. ``named_only``: not a
        group that only acts for them ("officials said" names no speaker)."""
        keys: list[EntityKey] = []
        for t in (tok, *tok.conjuncts):
            keys += [k for k in self._one(t, named_only) if k not in keys]
        return keys

    def _one(self, t: Token, named_only: bool) -> list[EntityKey]:
        found = list(self.res.keys(t))
        if found:  # "Barack Obama and Dmitry Medvedev" parsed with the first name as a modifier
            types = {k.type for k in found}
            return found + [k for k in dict.fromkeys(self._modifier_pair(t)) if k not in found and k.type in types]
        if t.lower_ in _RELATIVE and t.head.dep_ == "relcl":
            return list(self.res.keys(t.head.head))
        # "Turkey's defence minister, Hulusi Akar, and ... Guterres"
        appositions = [a for c in t.children if c.dep_ == "appos" for a in (c, *c.conjuncts)]
        found = [k for a in appositions for k in self.res.keys(a)]
        if found:
            return found
        if t.lower_ == "they" and t.dep_ in SUBJECT_DEPS:
            return self.named_pair(t)
        if t.lower_ == "it" and t.dep_ in SUBJECT_DEPS and t.head.dep_ == "ccomp":
            return self.body_before(t)  # "Hamas says it has begun firing rockets"
        if t.pos_ == "NUM":
            return self.group_of_people(t)
        if t.pos_ != "NOUN":
            return []
        return (
            self.leader_of(t)
            or self.group_of_people(t)
            or ([] if named_only else self.represented(t))
            or self.named_inside(t)
            or self.venue_named(t)
        )

    def _modifier_pair(self, t: Token) -> list[EntityKey]:
        """The names coordinated inside a modifier of ``t``: "Barack Obama and" before "Dmitry
        Medvedev", "U.S. President Donald Trump and Russian President" before "Vladimir Putin"
        (the parser hangs the first title, its name and the "and" on the second title)."""
        return [
            k
            for c in t.children
            if c.dep_ in ("nmod", "compound") and any(g.dep_ == "cc" for g in c.subtree)
            for g in c.subtree
            for k in self.res.keys(g)
            if k.type in AGENTS
        ]

    def venue_named(self, noun: Token) -> list[EntityKey]:
        """ "at the Filoli estate", "the Mar-a-Lago resort": a site named by a place's name
        before a lower-case site word (the tagger names the place, not the site)."""
        if noun.lemma_.lower() not in lexicon.VENUE_WORDS:
            return []
        named = [k for c in noun.children if c.dep_ == "compound" for k in self.res.keys(c)]
        return self.located(named)

    def named_inside(self, noun: Token) -> list[EntityKey]:
        """ "the official Xinhua news agency", "the state broadcaster, CCTV": an organisation
        named inside a noun phrase that is not a group of people ("NATO officials" are no
        named speaker)."""
        if noun.lemma_.lower() in PEOPLE_NOUNS | lexicon.MILITARY_NOUNS:
            return []
        return [
            k
            for c in noun.children
            if c.dep_ in ("compound", "appos")
            for k in self.res.keys(c)
            if k.type is EntityType.ORGANIZATION
        ]

    def group_of_people(self, noun: Token) -> list[EntityKey]:
        """ "the two men", "both presidents": the people most recently named before."""
        numbers = {c.lower_ for c in noun.children if c.dep_ in ("nummod", "det", "predet")}
        alone = noun.pos_ == "NUM" and noun.dep_ in SUBJECT_DEPS  # "The two met at ..."
        words = numbers | {noun.lower_}
        size = 2 if words & {"two", "both"} else 3 if "three" in words else 0
        if not size or (not alone and noun.lemma_.lower() not in PEOPLE_NOUNS):
            return []
        listed = self._colon_list(noun, size)
        if listed:
            return listed
        recent = self.named_before(noun, {EntityType.PERSON}, size)
        return recent if len(recent) == size else []

    def _colon_list(self, noun: Token, size: int) -> list[EntityKey]:
        """ "the three men who run the administration: A, ...; B, ...; and C": a group whose
        sentence ends in a colon is the people the list after it names (the parser often
        cuts the list off as a sentence of its own)."""
        colon = next((t for t in noun.sent if t.i > noun.i and t.text == ":"), None)
        if colon is None:
            return []
        named: list[EntityKey] = []
        for t in self.doc[colon.i + 1 :]:
            if t.text in (".", "!", "?"):
                break
            key = self.res.key(t)
            if key and key not in named and key.type is EntityType.PERSON:
                named.append(key)
        return named if len(named) == size else []

    def leader_of(self, title: Token) -> list[EntityKey]:
        """ "the American president", "the President of Russia" when the resolver found no
        title for anyone: the one person named before it who acts for that state; "the German
        and French leaders": the one for each state."""
        if title.lemma_.lower() not in lexicon.TITLES or not any(c.lower_ == "the" for c in title.children):
            return []
        modifiers = [c for c in title.children if c.dep_ in ("amod", "compound", "nmod") and c.i < title.i]
        modifiers += prep_objects(title, ("of",))  # "the President of Russia"
        states = {
            k for c in modifiers for m in (c, *c.conjuncts) for k in self.res.keys(m) if k.type is EntityType.COUNTRY
        }
        if len(states) > 1 and title.tag_ != "NNS":
            return []  # "the Russian-American president" is one person
        leaders: list[EntityKey] = []
        for state in sorted(states):
            people = [
                k
                for k, cluster in self.res.clusters.items()
                if cluster.type is EntityType.PERSON and cluster.first < title.idx and self.res.country_of(k) == state
            ]
            if len(people) != 1:
                return []
            leaders += people
        return leaders

    def named_pair(self, pronoun: Token) -> list[EntityKey]:
        """ "Trump and Kim left the hotel; they had put their names to ...": a plural subject
        pronoun stands for the coordinated names ("X and Y") last before it, in its own
        sentence or the one before, when they are all of one kind (people, or states)."""
        start = sentence_and_previous(pronoun.sent)[0].start
        for tok in reversed(self.doc[start : pronoun.i]):
            if tok.dep_ == "conj" or not tok.conjuncts:
                continue
            keys = [k for t in (tok, *tok.conjuncts) for k in self.res.keys(t)]
            kinds = {k.type for k in keys}
            if len(set(keys)) >= 2 and len(kinds) == 1 and kinds <= AGENTS:
                return list(dict.fromkeys(keys))
        return []

    def represented(self, noun: Token) -> list[EntityKey]:
        """ "representatives of Kiev, Moscow and the OSCE", "Russian troops": the states or
        organisations a group of people acts for."""
        if noun.lemma_.lower() not in PEOPLE_NOUNS | lexicon.MILITARY_NOUNS:
            return []
        keys = [k for obj in prep_objects(noun, ("of", "from")) for k in self.of(obj)]
        keys += self._possessive_pronoun(noun)
        keys += [
            k
            for c in noun.children
            if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i < noun.i
            for k in self.res.keys(c)
        ]
        return self.of_types(keys, STATES)

    def _possessive_pronoun(self, noun: Token) -> list[EntityKey]:
        """ "its forces", "their troops": the state or organisation named last before."""
        if not any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in noun.children):
            return []
        return self.body_before(noun)

    def body_before(self, token: Token) -> list[EntityKey]:
        """The state or organisation "it" or "its" stands for: the subject of the sentence
        ("Russia's navy has blockaded Ukraine's ports since its forces invaded"; "Hamas says
        it has begun firing rockets"), else the one named last before."""
        noun = token
        root = noun.sent.root
        for subject in (c for c in root.children if c.dep_ in SUBJECT_DEPS and not noun.is_ancestor(c) and c != noun):
            if noun in subject.subtree:
                continue
            keys = [k for t in subject.subtree for k in self.res.keys(t) if k.type in STATES]
            if keys:
                return keys[:1]
        return self.named_before(noun, STATES, 1, start=max(noun.sent.start - 40, 0))

    def named_before(self, token: Token, types: Collection[EntityType], count: int, start: int = 0) -> list[EntityKey]:
        """The last ``count`` distinct entities of ``types`` named before ``token``, nearest
        first (looking back no further than token ``start``)."""
        found: list[EntityKey] = []
        for t in reversed(self.doc[start : token.i]):
            key = self.res.key(t)
            if key and key not in found and key.type in types:
                found.append(key)
                if len(found) == count:
                    break
        return found

    def modifiers(self, noun: Token, include_self: bool = False) -> list[EntityKey]:
        """Entities in front of a noun: "Ukraine's incursion", "North Korean troops", "the
        Trump-Kim summit", "US armoured brigade"."""
        keys = self.of(noun) if include_self else []
        for child in noun.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod") and child.i < noun.i:
                keys += [k for k in self.of(child) if k not in keys]
        return keys

    def state_of_force(self, key: EntityKey) -> EntityKey | None:
        """The state armed forces serve, when the resolver tied them to one the article names:
        "the Iraqi army", "Ukraine's military" (not "the Free Syrian Army": a name's words are
        no tie)."""
        if key.type is not EntityType.ORGANIZATION or not set(key.name.split()) & _FORCE_WORDS:
            return None
        tied = self.res.country_of(key)
        return tied if tied is not None and tied.type is EntityType.COUNTRY and tied in self.res.clusters else None

    # -- who a person acts for ------------------------------------------------------

    def affiliations(self, person: EntityKey, sent: Span | None) -> list[EntityKey]:
        """The states or organisations a named person acts for in this sentence, else
        anywhere in the article: "Azerbaijani President Ilham Aliyev", "IAEA Director General
        Yukiya Amano", "Iran's nuclear chief, Ali Akbar Salehi"."""
        found: list[EntityKey] = []
        named = sorted(i for i, key in self.res.token_keys.items() if key == person)
        for tok in (t for t in sent if t.i in named) if sent is not None else (self.doc[i] for i in named):
            if self.res.key(tok) != person or (tok.head.i != tok.i and self.res.key(tok.head) == person):
                continue  # the head word of the name
            phrases = [tok]
            if tok.dep_ == "appos":
                phrases.append(tok.head)
            phrases += [c for c in tok.children if c.dep_ == "appos"]
            # "Sergei Aksyonov, installed as Crimea's prime minister"
            phrases += [o for c in tok.children if c.dep_ == "acl" for o in prep_objects(c, ("as",))]
            for head in phrases:
                found += self._offices(head, person)
        if not found and sent is not None:
            return self.affiliations(person, None)
        known = self.res.country_of(person) or self.res.implied_state(person)
        return list(dict.fromkeys(found or ([known] if known else [])))

    def _offices(self, head: Token, person: EntityKey) -> list[EntityKey]:
        """The states or organisations in front of a name or title ("Iranian Foreign Minister
        X"), or that a title is "of" ("president of Ukraine")."""
        modifiers = [c for c in head.children if c.dep_ in NAME_MODIFIERS]
        tokens = [t for m in modifiers for t in m.subtree]
        if head.lemma_.lower() in lexicon.TITLES:
            tokens += prep_objects(head, ("of",))
        return [key for t in tokens if (key := self.res.key(t)) and key != person and key.type in STATES]


def prep_objects(head: Token, preps: Collection[str]) -> list[Token]:
    """The objects of ``head``'s prepositions ``preps`` ("with", "by" of a passive, ...)."""
    return [
        obj
        for child in head.children
        if child.dep_ in ("prep", "agent") and child.lower_ in preps
        for obj in child.children
        if obj.dep_ == "pobj"
    ]
