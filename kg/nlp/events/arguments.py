"""The generic argument finder: the grammatical arguments of a trigger, for every event type.

For a trigger word it finds, through the dependency parse, the tokens that stand in each
relation to the event it denotes — the same way whatever the event's type:

- agent: the subject of an active verb, or of the verb it completes or coordinates with
  ("agreed to meet", "met and signed", "flew from Marham to fire"); the "by" of a passive;
  the noun a relative or "-ing" clause describes ("Moscow, which moved", "jets attacking");
  for a noun trigger its possessor and the names in front of it ("Ukraine's incursion",
  "Israeli strikes", "the Trump-Kim summit"), its "by", and the subject of the support verb
  that governs it ("held talks", "launched an offensive", "carried out strikes");
- patient: the object, passive subject or indirect object of a verb; the noun a passive
  participle or a relative clause with another subject describes ("the soldiers deployed
  by Pyongyang", "the town its forces captured"); the "of" of a noun trigger ("the
  invasion of Ukraine");
- preps: prepositional objects by preposition, on the trigger, on its support verb, and on
  its patients ("sent troops to Haiti"), complex prepositions whole ("in support of");
- clauses: the objects of purpose and control clauses, by their verb ("to help Russia").

Each event type's frame (kg.registry) then says which role each relation fills; no type has
code of its own here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.nlp import lexicon
from kg.nlp.scan import noun_forms

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Links a verb climbs to find its subject: it completes, coordinates with or hangs on
#: another verb whose subject it shares.
_CLIMB_DEPS = frozenset({"xcomp", "advcl", "pcomp", "conj", "acl", "ccomp", "prep", "pobj"})
#: How a noun trigger may hang on its support verb ("held talks", "the talks were held",
#: "the offensive began", "took part in talks").
_SUPPORTED_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "pobj"})
_MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod"})


@dataclass
class Arguments:
    """The tokens that stand in each grammatical relation to one trigger."""

    agents: list[Token] = field(default_factory=list)
    patients: list[Token] = field(default_factory=list)
    preps: dict[str, list[Token]] = field(default_factory=lambda: defaultdict(list))
    clauses: dict[str, list[Token]] = field(default_factory=lambda: defaultdict(list))
    support: Token | None = None  # the verb a noun trigger is the object or subject of

    def add_preps(self, head: Token) -> None:
        for prep, objects in prepositions(head).items():
            self.preps[prep] += [o for o in objects if o not in self.preps[prep]]


def find(trigger: Token, support: frozenset[str] | None, barred: frozenset[str] = frozenset()) -> Arguments:
    """The arguments of ``trigger``. ``support``: the verbs whose subject is the agent of a
    noun trigger they govern (None: any verb but the ``barred`` ones)."""
    if trigger.pos_ in ("VERB", "AUX"):
        return _of_verb(trigger)
    return _of_noun(trigger, support, barred)


def _of_verb(verb: Token) -> Arguments:
    args = Arguments(agents=subjects(verb), patients=objects(verb))
    args.add_preps(verb)
    for patient in args.patients:  # "sent troops to Haiti" parsed with "to" on "troops"
        if patient.i > verb.i:
            args.add_preps(patient)
            for noun in _noun_chain(patient):
                args.add_preps(noun)
    # "retook a complex in the city of Ramadi from ISIS" with "from" on "city": a "from"
    # after a place belongs to the verb (a place is not "from" someone)
    for noun in [o for objects in list(args.preps.values()) for o in objects]:
        args.preps["from"] += [o for n in (noun, *_noun_chain(noun, 1)) for o in prepositions(n).get("from", [])]
    for clause in (c for c in verb.children if c.dep_ in ("xcomp", "advcl")):
        args.clauses[clause.lemma_.lower()] += [c for c in clause.children if c.dep_ == "dobj"]
    return args


def _noun_chain(noun: Token, depth: int = 2) -> list[Token]:
    """The nouns a noun phrase nests through prepositions, which may carry a preposition of
    the verb: "retook a complex in the city of Ramadi from ISIS" parsed with "from" on
    "Ramadi"."""
    nested = [o for prep in noun.children if prep.dep_ == "prep" for o in _pobj(prep)]
    return nested + [n for o in nested for n in _noun_chain(o, depth - 1)] if depth else []


def _of_noun(noun: Token, support: frozenset[str] | None, barred: frozenset[str]) -> Arguments:
    args = Arguments(agents=[c for c in noun.children if c.dep_ in _MODIFIER_DEPS and c.i < noun.i])
    args.add_preps(noun)
    args.agents += args.preps.pop("by", []) + _done_by(noun)
    args.patients = args.preps.pop("of", [])
    verb = support_verb(noun, support)
    if verb is not None and verb.lemma_.lower() not in barred:
        args.support = verb
        args.agents += [s for s in subjects(verb) if s.i != noun.i and s not in noun.subtree]
        args.add_preps(verb)
    return args


def subjects(verb: Token) -> list[Token]:
    """Who does what ``verb`` says: its subject, climbing out of participles, infinitives and
    coordinated verbs ("signing a treaty" in "the two countries deepened ties by signing"),
    the noun an active relative or "-ing" clause describes, or the "by" of a passive."""
    node = verb
    for _ in range(4):
        found = [c for c in node.children if c.dep_ in ("nsubj", "csubj")]
        if found:
            return found
        accused = _accused(node) or _controlled(node)
        if accused:
            return accused
        if node.dep_ == "relcl" and _infinitive(node):  # "flew a round trip to fire missiles"
            governor = governing_verb(node.head)
            if governor is None:
                return []
            node = governor
            continue
        if _describes_agent(node) and node.head.pos_ in ("NOUN", "PROPN"):
            return [node.head]  # "Moscow, which moved ...", "French jets attacking Libyan armour"
        if _passive(node):  # "were killed" names its agent with "by", or leaves it unknown
            return _by(node)
        agents = _by(node) if node.tag_ == "VBN" else []
        if agents:
            return agents
        if node.dep_ not in _CLIMB_DEPS or node.head.i == node.i:
            break
        node = node.head
    return []


def _accused(gerund: Token) -> list[Token]:
    """ "Israel accused Hamas of firing rockets", "Kyiv blamed Russian forces for shelling
    the hospital": the object of a verb of blaming did what its "of"/"for" clause says."""
    verb = blaming_verb(gerund)
    return [c for c in verb.children if c.dep_ == "dobj"] if verb is not None else []


def _controlled(infinitive: Token) -> list[Token]:
    """ "Biden urged Netanyahu to hold talks", "called on Israel and Hamas to resume
    negotiations": the one asked to do what the infinitive says is its subject."""
    verb = infinitive.head
    if infinitive.dep_ != "xcomp" or verb.lemma_.lower() not in _ASKING:
        return []
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return objects or [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "on" for o in _pobj(c)]


#: Verbs whose object is asked to do what their infinitive says: "urged X to", "called on X to".
_ASKING = frozenset({"urge", "ask", "call", "press", "invite", "encourage", "persuade", "implore", "order", "tell"})


def blaming_verb(gerund: Token) -> Token | None:
    """The verb of blaming whose "of"/"for" clause ``gerund`` heads: "accused" in "accused
    Hamas of firing rockets"."""
    prep = gerund.head
    if gerund.dep_ != "pcomp" or prep.lower_ not in ("of", "for") or prep.head.lemma_.lower() not in _BLAMING:
        return None
    return prep.head


#: Verbs whose object is said to have done something: "accused X of", "blamed X for".
_BLAMING = frozenset({"accuse", "blame", "charge", "suspect", "condemn", "criticise", "criticize", "fault"})


def subject_tokens(verb: Token) -> list[Token]:
    """The subject of a verb or of the verb it completes: "forces had begun to push into",
    "jets flew from Marham to fire missiles" (a purpose clause shares its verb's subject)."""
    node = verb
    for _ in range(3):
        found = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        purpose = node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        if found or not (node.dep_ in ("xcomp", "conj") or purpose) or node.head.i == node.i:
            return found
        node = node.head
    return []


def _describes_agent(clause: Token) -> bool:
    """A clause whose noun does what it says: an active relative clause (not "where" or
    "when": "Lithuania, where the unit will be stationed" says where, not who) or an
    "-ing" participle."""
    if clause.dep_ == "relcl":
        return not _passive(clause) and not any(c.lower_ in ("where", "when") for c in clause.children)
    # "jets attacking Libyan armour"; "BAMAKO — French warplanes bombed ...", a main verb
    # the parser hung on its subject
    return clause.dep_ == "acl" and clause.tag_ in ("VBG", "VBD")


def objects(verb: Token) -> list[Token]:
    """What ``verb`` acts on: its object or indirect object, its passive subject, the noun a
    passive participle describes, or the noun of a relative clause that has another subject
    ("the town its forces captured")."""
    found = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "dative")]
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        found.append(verb.head)  # "the soldiers deployed by Pyongyang"
    elif verb.dep_ == "relcl" and not found and (_passive(verb) or any(c.dep_ == "nsubj" for c in verb.children)):
        head = verb.head
        found.append(head.head if head.dep_ == "appos" else head)
    return found


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _done_by(noun: Token) -> list[Token]:
    """ "the summit, attended by Macron, Scholz and Meloni": the "by" of a participle that
    says who did what the noun says (lexicon.DOERS_VERBS)."""
    return [
        a
        for c in noun.children
        if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in lexicon.DOERS_VERBS
        for a in _by(c)
    ]


def _by(verb: Token) -> list[Token]:
    return [o for c in verb.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by") for o in _pobj(c)]


def prepositions(head: Token) -> dict[str, list[Token]]:
    """The objects of ``head``'s prepositions by preposition; a complex preposition ("in
    support of", "on behalf of") also under its whole phrase."""
    found: dict[str, list[Token]] = defaultdict(list)
    for prep in head.children:
        if prep.dep_ not in ("prep", "agent"):
            continue
        for obj in _pobj(prep):
            found[prep.lower_].append(obj)
            for inner in (c for c in obj.children if c.dep_ == "prep"):
                found[f"{prep.lower_} {obj.lemma_.lower()} {inner.lower_}"] += _pobj(inner)
    return found


def _pobj(prep: Token) -> list[Token]:
    return [o for o in prep.children if o.dep_ == "pobj"]


def governing_verb(noun: Token) -> Token | None:
    """The nearest verb above a noun, at most three steps up."""
    head = noun.head
    for _ in range(3):
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.head.i == head.i:
            return None
        head = head.head
    return None


def support_verb(noun: Token, support: frozenset[str] | None) -> Token | None:
    """The verb whose subject did what the noun says: "held talks", "the talks were held",
    "took part in talks"; not "met on the sidelines of the G20 summit" (a noun inside
    another's phrase)."""
    noun = _partitive_head(noun)
    owner = _owned_by(noun)
    if owner is not None:
        return owner
    verb = governing_verb(noun)
    if verb is None or noun.dep_ not in _SUPPORTED_DEPS:
        return None
    if noun.dep_ == "pobj" and noun.head.head != verb:
        return None
    if support is not None and verb.lemma_.lower() not in support:
        return None
    return verb


def _owned_by(noun: Token) -> Token | None:
    """ "The Houthis claimed responsibility for an attack on a ship": the verb by which its
    subject owns the deed, whatever the support verbs of the noun's type."""
    prep, holder = noun.head, noun.head.head
    if noun.dep_ != "pobj" or prep.lower_ != "for" or holder.lemma_.lower() != "responsibility":
        return None
    verb = holder.head
    return verb if holder.dep_ == "dobj" and verb.lemma_.lower() in _OWNING_VERBS else None


#: Verbs of owning a deed: "claimed (took, accepted, admitted) responsibility for".
_OWNING_VERBS = frozenset({"claim", "take", "accept", "admit", "assume", "bear"})


def _partitive_head(noun: Token) -> Token:
    """ "launched a series of airstrikes": the noun a partitive ("a series of", "a wave of")
    hangs the event noun on; the noun itself otherwise."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in lexicon.PARTITIVE_NOUNS:
        return prep.head
    return noun


def gapped_conjuncts(verb: Token, preps: frozenset[str]) -> list[Token]:
    """The prepositions coordinated with ``verb`` that repeat it without saying it again:
    "took their proposals to Poroshenko in Kiev ... and to Putin in Moscow"."""
    return [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "ADP" and c.lower_ in preps]


def gapped_objects(verb: Token, preps: frozenset[str]) -> list[tuple[str, Token]]:
    """Names coordinated with ``verb`` that stand for another object of its last
    preposition, the verb and preposition left out: "spoke with the president, U Thein
    Sein; and opposition leader Aung San Suu Kyi" (each, the preposition it repeats)."""
    found = []
    for conj in (c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN") and c.i > verb.i):
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
            continue  # a clause of its own
        before = [p for p in verb.children if p.dep_ == "prep" and p.i < conj.i and p.lower_ in preps]
        gap = verb.doc[before[-1].right_edge.i + 1 : conj.i] if before else None
        if before and gap is not None and any(t.text in (";", ",") for t in gap):
            found.append((before[-1].lower_, conj))
    return found


def of_class(tok: Token, words: frozenset[str]) -> bool:
    """Whether ``tok`` is one of ``words`` (lemmas) by itself or by its modifiers ("special
    forces", "Rafale jets"; a name's singular: "Royal Marines"), through a partitive
    ("dozens of rockets"), or a later conjunct of it is."""
    lemmas = {*noun_forms(tok), *(c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod"))}
    if lemmas & words:
        return True
    if tok.lemma_.lower() in lexicon.PARTITIVE_NOUNS:  # "dozens of rockets", "thousands of troops"
        return any(of_class(o, words) for o in prepositions(tok).get("of", []))
    return any(of_class(c, words) for c in tok.conjuncts if c.i > tok.i)
