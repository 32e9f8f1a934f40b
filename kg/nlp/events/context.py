"""Actors an event's own clause leaves out, found in its context.

A gathering (an event type with a people-first role: a Meeting) told by a noun often names
too few: its people are in the clause that tells what happened at it ("a meeting at which
Putin thanked Erdogan"), the sentence before ("The remarks came Wednesday during a meeting
with Putin"), or the signing it belongs to ("The signing capped four hours of talks";
"they had put their names to a joint statement ... called the meeting a triumph"). A
signing here is an event type whose people act for parties (``affiliation`` in the
registry: signatories and the states they bind).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.model import EntityKey, EntityType
from kg.nlp import lexicon
from kg.nlp.events.claims import irrealis
from kg.nlp.events.draft import Draft
from kg.nlp.events.places import definite, setting_role
from kg.nlp.events.refs import SUBJECT_DEPS, Refs
from kg.nlp.scan import sentence_and_previous
from kg.registry import Role, trigger_heads

if TYPE_CHECKING:
    from spacy.tokens import Token


def gathering_role(draft: Draft) -> Role | None:
    return next((r for r in draft.type.roles if r.people_first), None)


def _needed(draft: Draft, role: Role) -> int:
    return max((req.at_least for req in draft.type.requires if role in req.roles), default=1)


#: Prepositions by which a noun tells the same event as the verb it hangs on: "killed the
#: leader in a raid", "met on the sidelines of the summit", "struck Gaza with airstrikes"
#: ("before the summit", "after the raid" tell another).
_SAME_EVENT_PREPS = frozenset({"in", "during", "on", "at", "with", "of", "amid", "through", "by"})


def told_twice(drafts: list[Draft]) -> list[Draft]:
    """Drop a noun-told event that a verb-told event of its type tells again, giving the
    verb's event the roles only the noun's has: the noun inside the verb's prepositional
    phrase ("US forces killed the leader in a raid in Syria": one operation), its subject
    ("air strikes killed 40"), or the object of a support verb the verb is coordinated with
    ("launched an offensive and captured the town"). Returns the other drafts, in order."""
    verbs = {(d.trigger.i, d.type.name): d for d in drafts if d.trigger.pos_ == "VERB"}
    kept = []
    for draft in drafts:
        hosts = (verbs.get((v.i, draft.type.name)) for v in _verbs_telling(draft.trigger))
        host = next((h for h in hosts if h is not None), None)
        if host is None:
            kept.append(draft)
            continue
        for role, keys in draft.roles.items():
            if not host.get(role):
                host.add(role, keys)
    return kept


def _verbs_telling(noun: Token) -> list[Token]:
    """The verbs that may tell the event ``noun`` tells: the verb whose prepositional phrases
    (_SAME_EVENT_PREPS, one inside another) hold it ("killed" for "raid" in "killed X in a
    raid", "met" for "summit" in "met on the sidelines of the summit"), the verb it is the
    subject of ("killed" in "air strikes killed 40 across Gaza"), or the verbs coordinated
    with the support verb it is the object of ("captured" in "launched an offensive and
    captured the town")."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return []
    if noun.dep_ == "nsubj" and noun.head.pos_ == "VERB":  # "air strikes killed 40 across Gaza"
        return [noun.head]
    support = noun.head
    if noun.dep_ == "dobj" and support.pos_ == "VERB" and support.lemma_.lower() in lexicon.LIGHT_VERBS:
        return [c for c in support.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    token = noun
    while token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.lower_ in _SAME_EVENT_PREPS:
        token = token.head.head
        if token.pos_ == "VERB":
            return [token]
    return []


def told_again(complete: list[Draft]) -> list[Draft]:
    """ "Israel launched airstrikes on Iran ... The strikes hit the Natanz site": a definite
    noun that names no actor of its own, in the sentence after an event of its type, tells
    that event again; the event takes the roles only it names (within one sentence,
    told_twice decides). Returns the other drafts, in order."""
    kept: list[Draft] = []
    for draft in complete:
        earlier = _told_before(draft, kept)
        if earlier is None:
            kept.append(draft)
            continue
        for role, keys in draft.roles.items():
            earlier.add(role, keys)
    return kept


def _told_before(draft: Draft, before: list[Draft]) -> Draft | None:
    """The event of the same type told last in the sentence before ``draft``'s, if ``draft``
    is a definite noun with no actor ("the strikes", "the attack")."""
    trigger, agents = draft.trigger, draft.type.frame.agent or ()
    mention = _event_noun(draft)
    if mention is None or not definite(mention) or any(draft.get(r) for r in agents):
        return None
    if draft.type.one_per_occasion or irrealis(trigger):
        return None
    previous = sentence_and_previous(trigger.sent)[0]
    same = [d for d in before if d.type is draft.type and d.trigger.sent in (previous, trigger.sent)]
    if previous == trigger.sent or not same or same[-1].trigger.sent != previous or irrealis(same[-1].trigger):
        return None  # the event this sentence tells before it may be the one meant
    earlier = same[-1]
    # "Kiev launched an attack ... the expulsion of Ukrainian troops": its target was the attacker
    crossed = any(
        set(keys) & set(earlier.get(other))
        for role, keys in draft.roles.items()
        for other in earlier.roles
        if other != role
    )
    return None if crossed else earlier


def _event_noun(draft: Draft) -> Token | None:
    """The noun that tells ``draft``'s event: its trigger, or the subject of its verb when
    that is a noun of its type ("The strikes hit the Natanz site")."""
    trigger = draft.trigger
    if trigger.pos_ == "NOUN":
        return trigger
    nouns = trigger_heads("noun", (draft.type,))
    return next((c for c in trigger.children if c.dep_ == "nsubj" and c.lemma_.lower() in nouns), None)


def people_around(drafts: list[Draft], refs: Refs) -> None:
    """Add to noun-told gatherings the people of their "at which" clause, then, when still
    too few, the people the sentence before (or this one) is about."""
    for draft in drafts:
        role = gathering_role(draft)
        if role is None or draft.trigger.pos_ not in ("NOUN", "PROPN"):
            continue
        draft.add(role, _held_at(draft, refs))
        if len(set(draft.get(role))) < _needed(draft, role):
            draft.add(role, _context_people(draft, role, refs))


def _held_at(draft: Draft, refs: Refs) -> list[EntityKey]:
    """ "a meeting in Tehran at which Putin thanked Erdogan": the people of a relative clause
    that tells what happened at the gathering."""
    found: list[EntityKey] = []
    for clause in (c for c in draft.trigger.children if c.dep_ == "relcl"):
        at_which = any(
            (c.dep_ == "prep" and any(o.lower_ == "which" for o in c.children)) or c.lower_ == "where"
            for c in clause.children
        )
        if at_which:
            people = [k for c in clause.children if c.dep_ in ("nsubj", "dobj") for k in refs.of(c)]
            found += refs.of_types(people, {EntityType.PERSON})
    return found


def _context_people(draft: Draft, role: Role, refs: Refs) -> list[EntityKey]:
    """Who met, when the gathering's noun names too few: the people who are the subjects of
    this sentence and the one before ("The remarks came Wednesday during a meeting with
    Putin": the other side is the person the previous sentence is about)."""
    noun, found = draft.trigger, list(draft.get(role))
    sent = noun.sent
    gathering_verbs = trigger_heads("verb", (draft.type,))
    added: list[EntityKey] = []
    for candidate in reversed(sentence_and_previous(sent)):
        for tok in candidate:
            # "Thursday's talks were the first since 2011, when Kim Jong-il met Medvedev":
            # the people of another gathering told beside it
            other = candidate is sent and tok.head.lemma_.lower() in gathering_verbs
            # "Kim's sister was part of his delegation" tells who someone is, not what they did
            if tok.dep_ in SUBJECT_DEPS and not other and tok.head.lemma_ != "be":
                keys = [k for k in refs.of(tok, named_only=True) if k not in found + added]
                added += refs.of_types(keys, {EntityType.PERSON})
        visited = _visited(noun, refs) if candidate is sent and draft.words == "visit" else []
        if visited:  # the host is the other side, not whom the sentence before is about
            visitors = {refs.res.country_of(k) for k in found + added}
            named = refs.res.clusters  # a state the article never names is no participant of it
            return added + [k for k in visited if k in named and k not in visitors and k not in found + added]
        if len(set(found + added)) >= _needed(draft, role):
            break
    return added


def _visited(visit: Token, refs: Refs) -> list[EntityKey]:
    """The states of the places a visit is in: "arrived in New Delhi for a state visit",
    "on a visit to the capital": India."""
    holders = [visit, visit.head.head] if visit.dep_ == "pobj" else [visit]
    places = [
        o
        for holder in holders
        for p in holder.children
        if p.dep_ == "prep" and p.lower_ in ("in", "to")
        for o in p.children
        if o.dep_ == "pobj"
    ]
    keys = [k for o in places for k in refs.of(o) if k.type in (EntityType.PLACE, EntityType.COUNTRY)]
    return [state for state in map(refs.res.country_of, keys) if state is not None]


def _signers(draft: Draft) -> tuple[Role, Role] | None:
    """(the role of the people who signed, the role of the parties they bind), if the draft's
    type is a signing."""
    return next(iter(draft.type.affiliation.items()), None)


def meetings_of_signers(drafts: list[Draft], complete: list[Draft]) -> list[Draft]:
    """ "They had put their names to a joint statement ... called the meeting a triumph": a
    definite gathering that names no one else, told after a signing and before any other
    gathering, is the gathering of the people who signed. Returns the complete drafts, in
    text order."""
    kept = {id(d) for d in complete}
    found = list(complete)
    for draft in drafts:
        role, trigger = gathering_role(draft), draft.trigger
        if id(draft) in kept or role is None or not definite(trigger) or irrealis(trigger):
            continue
        before = [d for d in found if d.trigger.i < trigger.i and not irrealis(d.trigger)]
        if any(d.type is draft.type for d in before):
            continue  # that gathering is the one meant: places.lend
        signings = [d for d in before if (s := _signers(d)) is not None and len(d.get(s[0])) >= 2]
        signing = max(signings, key=lambda d: d.trigger.i) if signings else None
        if signing is None:
            continue
        people, parties = _signers(signing)  # type: ignore[misc]
        # "the American president called the meeting a triumph": who is named must be one of them
        if set(draft.get(role)) <= {*signing.get(people), *signing.get(parties)}:
            draft.roles[role] = list(signing.get(people))  # people, not states
            where, there = setting_role(draft), setting_role(signing)
            if where is not None and there is not None:
                draft.add(where, signing.get(there))
            found.append(draft)
    return sorted(found, key=lambda d: d.trigger.i)


def talks_of_signing(drafts: list[Draft], complete: list[Draft]) -> list[Draft]:
    """ "The plan was finalised by Iran and the P5+1 after more than two weeks of
    negotiations": a gathering that names no one, told as part of a signing, was held by
    those who signed (its signatories when it names two, else its parties). Returns the
    complete drafts, in text order."""
    signings = [d for d in complete if _signers(d) is not None and not irrealis(d.trigger)]
    found = list(complete)
    kept = {id(d) for d in complete}
    for draft in drafts:
        role, trigger = gathering_role(draft), draft.trigger
        if id(draft) in kept or role is None or draft.get(role) or irrealis(trigger):
            continue
        signing = next((s for s in signings if s.trigger.is_ancestor(trigger)), None)
        if signing is not None:
            people, parties = _signers(signing)  # type: ignore[misc]
            signers = signing.get(people)
            draft.add(role, signers if len(signers) >= 2 else signing.get(parties))
            draft.part_of = signing.trigger
            found.append(draft)
    return sorted(found, key=lambda d: d.trigger.i)
