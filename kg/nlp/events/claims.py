"""Who says an event happened, and whether it did: claims and optional events.

An event inside the reported clause of a statement whose trigger makes claims ("Russia
declared that Ukrainian forces had been expelled") is that statement's claim, not the
outlet's fact. An event that is planned, expected, hypothetical or denied ("will meet",
"plans to sign", "refused to deploy", "has ruled out sending troops") is optional
(dev/FORMAT.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.nlp import lexicon
from kg.nlp.events import arguments
from kg.nlp.events.draft import Draft

if TYPE_CHECKING:
    from spacy.tokens import Token


def claiming(draft: Draft, statements: dict[int, Draft]) -> Draft | None:
    """The statement (by its trigger's index) whose reported clause tells ``draft`` as
    happening: the verb the clause is the complement of ("Russia declared that Ukrainian
    forces had been expelled", "Hamas says it has begun firing rockets"), the deed a
    statement blames someone for ("accused Hamas of firing rockets"), or a report attached
    to the clause ("According to CBS News, jets struck ..."). An event the clause
    only mentions ("claiming that the offensive would help") is not claimed by it."""
    if says(draft):
        return None  # what someone says is said, not claimed
    node = draft.trigger
    while True:
        attached = (statements.get(c.i) for c in node.children if c.dep_ == "prep")
        claimer = next((s for s in attached if s is not None and s.spec.claims), None)
        if claimer is not None:
            return claimer
        if node.dep_ == "ccomp" and node.head.i in statements and statements[node.head.i].spec.claims:
            return statements[node.head.i]
        blaming = arguments.blaming_verb(node)  # "Israel accused Hamas of firing rockets"
        if blaming is not None and blaming.i in statements:
            return statements[blaming.i]
        if node.dep_ not in _TELLS or node.head.i == node.i:
            return None
        node = node.head


#: How a trigger hangs in the clause that tells it: as its verb's complement or conjunct,
#: as the object of a support verb ("has launched attacks"), inside a prepositional phrase.
_TELLS = frozenset({"xcomp", "conj", "dobj", "pcomp", "prep", "pobj", "ccomp"})


def says(draft: Draft) -> bool:
    """Whether the draft's type is one of saying: some of its triggers report claims."""
    return any(t.claims for _, _, t in draft.type.triggers())


def optional(draft: Draft) -> bool:
    return irrealis(draft.gapped or draft.trigger)


def irrealis(trigger: Token) -> bool:
    """Planned, expected, hypothetical or denied: "will meet", "plans to sign", "is due to
    join", "refused to deploy", "has ruled out sending troops"."""
    node = trigger
    for _ in range(4):  # "would retaliate by launching rocket attacks": the plan's means
        if any(c.lower_ in lexicon.IRREALIS and c.dep_ in ("aux", "mark", "amod") for c in node.children):
            return True
        if node.dep_ in ("xcomp", "acl") and node.head.lemma_.lower() in lexicon.IRREALIS:
            return True
        if node.dep_ == "xcomp" and node.head.lemma_ == "be" and _infinitive(node):
            return True  # "Kiev is to regain control": planned
        if (
            node.dep_ in ("xcomp", "advcl", "ccomp", "dobj", "pcomp")
            and _verb_phrase(node.head) in lexicon.DENIAL_VERBS
        ):
            return True
        if node.dep_ not in ("xcomp", "conj", "pobj", "prep", "dobj", "pcomp") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _verb_phrase(verb: Token) -> str:
    """A verb's lemma with its particle, if it has one: "rule out", "refuse"."""
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    lemma = verb.lemma_.lower()
    return f"{lemma} {particle}" if particle else lemma
