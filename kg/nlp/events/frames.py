"""Arguments -> roles: one event type's frame applied to the arguments of a trigger, and
the type's completeness rule. Both are read from the registry; nothing here names a type.

An entity fills the first role of a relation's list that accepts its type. A role's
``affiliation`` adds the states its people act for to another role (a signatory's state is
a party). Where-roles are filled by
kg.nlp.events.places, which follows nested places and falls back to the clause around.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from kg.model import EntityKey, EntityType
from kg.nlp import lexicon
from kg.nlp.events import arguments, places, triggers
from kg.nlp.events.draft import Draft
from kg.nlp.events.refs import Refs
from kg.registry import EventType, Frame, Role, event_types, trigger_heads

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Where an attack's object, if it names nothing, is: "the port of Odesa", "militant
#: columns around Konna".
_WHERE_A_THING_IS = ("of", "around", "near", "outside", "inside", "within", "in", "at")


def drafts(match: triggers.Match, refs: Refs) -> list[Draft]:
    """The events a trigger signals: one, or one per gapped conjunct ("took their proposals
    to Poroshenko in Kiev ... and to Putin in Moscow" are two meetings)."""
    frame = match.type.frame.merged(match.spec.frame)
    support = frame.support
    # any verb supports, but one of saying: "Abe welcomed the summit" did not attend it
    args = (
        arguments.find(match.token, None, _saying_verbs(event_types()))
        if support == "ANY"
        else arguments.find(match.token, lexicon.CLASSES.get(support, frozenset()))
    )
    draft = Draft(match.type, match.token, match.spec, match.words)
    _fill(draft, args, frame, refs)
    found = [draft]
    if match.token.pos_ == "VERB":
        for conj in arguments.gapped_conjuncts(match.token, frozenset(frame.preps)):
            gapped = Draft(match.type, conj, match.spec, match.words, gapped=match.token)
            inner = arguments.Arguments(agents=args.agents, patients=args.patients)
            inner.preps[conj.lower_] = [o for o in conj.children if o.dep_ == "pobj"]
            _fill(gapped, inner, frame, refs)
            found.append(gapped)
        for prep, noun in arguments.gapped_objects(match.token, frozenset(frame.preps)):
            gapped = Draft(match.type, noun, match.spec, match.words, gapped=match.token)
            inner = arguments.Arguments(agents=args.agents, patients=args.patients)
            inner.preps[prep] = [noun]
            _fill(gapped, inner, frame, refs)
            found.append(gapped)
    reach = [c.words for group in match.spec.needs for c in group if c.relation == "reaches"]
    if not reach:
        return found
    # a trigger that reaches someone is one event per reach: "to Poroshenko ... and to Putin"
    return [d for d in found if _reaches(d, reach[0], refs)]


@functools.cache
def _saying_verbs(types: tuple[EventType, ...]) -> frozenset[str]:
    """The verbs that report what someone said ("said", "welcomed", "hailed")."""
    saying = tuple(t for t in types if any(spec.claims for _, _, spec in t.triggers()))
    return trigger_heads("verb", saying, plain=True)


def _reaches(draft: Draft, words: frozenset[str], refs: Refs) -> bool:
    if draft.gapped is not None and draft.trigger.pos_ != "ADP":  # the gapped object itself
        return bool(refs.of_types(refs.of(draft.trigger, named_only=True), {EntityType.PERSON}))
    if draft.gapped is not None:
        return triggers.reached(draft.trigger, refs)
    return any(triggers.reached(p, refs) for p in triggers.reaching(draft.trigger, words) if p.dep_ == "prep")


def _fill(draft: Draft, args: arguments.Arguments, frame: Frame, refs: Refs) -> None:
    _assign(draft, frame.agent or (), [k for t in args.agents for k in _refs(t, frame.agent or (), refs)], refs)
    patients = [k for t in args.patients for k in _argument_refs(t, frame.patient or (), refs)]
    _assign(draft, frame.patient or (), patients, refs)
    for prep, roles in frame.preps.items():
        if any(r.locative for r in roles):
            continue
        _assign(draft, roles, [k for t in args.preps.get(prep, []) for k in _argument_refs(t, roles, refs)], refs)
    for verb, roles in frame.clauses.items():
        _assign(draft, roles, [k for t in args.clauses.get(verb, []) for k in _refs(t, roles, refs)], refs)
    if any(c.relation == "document" for group in draft.spec.needs for c in group):
        _document_signers(draft, frame, refs)
    for role in draft.type.roles:
        if role.locative:
            draft.add(role, places.find(draft, role, args, frame, refs))
    for source, target in draft.type.affiliation.items():
        for person in draft.get(source):
            draft.add(target, refs.affiliations(person, draft.trigger.sent))
    for role in draft.type.roles:
        if role.with_state:
            draft.add(role, [s for k in draft.get(role) if (s := refs.state_of_force(k)) is not None])
    _without_repeats(draft)


def _refs(token: Token, roles: Sequence[Role], refs: Refs) -> list[EntityKey]:
    return refs.of(token, named_only=any(r.named for r in roles))


def _argument_refs(token: Token, roles: Sequence[Role], refs: Refs) -> list[EntityKey]:
    """What an argument refers to; for a role that takes places, a thing that names nothing
    stands for where or whose it is ("the port of Odesa", "Ukraine's ports", "missiles at
    Libyan targets")."""
    if not any(EntityType.PLACE in r.accepts for r in roles):
        return _refs(token, roles, refs)
    named = refs.of(token, named_only=True)
    if named or token.pos_ != "NOUN":
        return named  # a proper name that resolved to nothing is no thing of someone's
    preps = arguments.prepositions(token)
    around = [k for p in _WHERE_A_THING_IS for o in preps.get(p, []) for k in refs.of(o)]
    return around + [k for c in token.children if c.dep_ in ("poss", "amod", "compound") for k in refs.res.keys(c)]


def _assign(draft: Draft, roles: Sequence[Role], keys: Iterable[EntityKey], refs: Refs) -> None:
    """Each entity into the first role that accepts its type."""
    for key in keys:
        kind = key.type
        role = next((r for r in roles if kind in r.accepts), None)
        if role is not None:
            draft.add(role, [key])


def _document_signers(draft: Draft, frame: Frame, refs: Refs) -> None:
    """ "Iran's deal with the P5+1": the parties named around the agreement a verb signs (not
    the words of a named treaty: "the New START Treaty"), and the agreement's name."""
    treaty = triggers.document(draft.trigger)
    if treaty is None:
        return
    roles = frame.agent or ()
    own = set(refs.res.keys(treaty))
    named = [k for k in refs.modifiers(treaty) if k not in own]
    named += [k for p in ("with", "between") for t in arguments.prepositions(treaty).get(p, []) for k in refs.of(t)]
    _assign(draft, roles, refs.agentive(named), refs)
    draft.treaty = _phrase(treaty)


def _phrase(noun: Token) -> str:
    """The name of an agreement: its noun phrase without determiners or possessors, and for
    a capitalised noun the name it goes on with ("the Treaty of Paris", "the Treaty on the
    Non-Proliferation of Nuclear Weapons")."""
    words = [
        t for t in noun.subtree if t.i <= noun.i and t.dep_ not in ("det", "poss", "case", "predet") and not t.is_punct
    ]
    words = [t for t in words if t.i >= min((w.i for w in words), default=noun.i)]
    phrase = " ".join(t.text for t in words).strip()
    return phrase + _name_tail(noun) if noun.is_title else phrase


def _name_tail(noun: Token) -> str:
    """The rest of a name after its capitalised head: "of Paris", "on the Non-Proliferation
    of Nuclear Weapons" (function words only between capitalised ones)."""
    doc, end, i = noun.doc, noun.i + 1, noun.i + 1
    while i < noun.sent.end and doc[i].ent_type_ not in ("DATE", "TIME"):
        capitalised = doc[i].is_title or doc[i].is_upper
        if not capitalised and doc[i].lower_ not in _NAME_JOINS:
            break
        end = i + 1 if capitalised else end
        i += 1
    return " " + doc[noun.i + 1 : end].text if end > noun.i + 1 else ""


#: What may stand between the capitalised words of a name: "Treaty on the Non-Proliferation".
_NAME_JOINS = frozenset({"of", "on", "for", "the", "and", "-", "between"})


def _without_repeats(draft: Draft) -> None:
    """An entity plays one part: what an earlier role has (an attacker) a later one (the
    target) does not; where-roles may repeat an actor ("Russia hosted talks in Russia")."""
    seen: set[EntityKey] = set()
    for role in draft.type.roles:
        if role.locative or role not in draft.roles:
            continue
        draft.roles[role] = [k for k in draft.roles[role] if k not in seen]
        seen.update(draft.roles[role])


def complete(draft: Draft, refs: Refs) -> bool:
    """Whether the draft meets its type's completeness rule: every requirement has enough
    sides, a person and the state they act for being one side ("Kim Jong-un" and "North
    Korea" are not a meeting). A role for people first keeps only its people when enough are
    named ("Putin and Kim met", not Russia and North Korea besides)."""
    for req in draft.type.requires:
        for role in req.roles:
            people = refs.of_types(draft.get(role), {EntityType.PERSON})
            if role.people_first and len(people) >= req.at_least:
                draft.roles[role] = people
        if _sides([k for r in req.roles for k in draft.get(r)], refs) < req.at_least:
            return False
    return True


def _sides(keys: list[EntityKey], refs: Refs) -> int:
    states = {refs.res.country_of(k) for k in keys if k.type is EntityType.PERSON}
    return len({k for k in keys if k not in states})
