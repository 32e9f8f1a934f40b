"""Which predicates an event shares its time with, for :mod:`kg.nlp.dating`.

A date the parser hangs on another verb or event noun is the event's own when the two are
one happening: the verb governing a noun trigger ("launched an attack ... in August 2024"),
a participle or conjunct ("in June 2024 by signing"), the trigger's event-noun object
("held talks on Thursday"), an event that is its setting ("signed ... at a summit"). The
chain stops at verbs about an event rather than of it ("called off the summit", "said"),
at intentions ("agreed to hold talks") and at other times ("after the signing"). Also
here: what counts as a predicate, and the clause verb whose tense an event takes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.events import STATEMENT
from kg.nlp import lexicon
from kg.registry import trigger_heads

if TYPE_CHECKING:
    from spacy.tokens import Token


#: Words that link an event to another at a different time: "after hosting Kim", "ahead of a
#: summit", "the first since the invasion", "before leaving", "arrived from a summit".
OTHER_TIME = frozenset({"before", "after", "until", "till", "ahead", "prior", "since", "once", "than", "from"})


#: Prepositions that make an event noun the setting of another event, which then happens
#: during it: "signed ... at a summit", "said in a televised address", "agreed in a call".
_SETTING_PREPS = frozenset({"at", "during", "in", "on", "over", "amid"})


#: Verbs whose infinitive is a later, intended event: "plans to visit", "is due to hold",
#: "is to lead", "offered to meet", "agreed to open talks". The infinitive is future and does
#: not share the governing verb's date.
INTENT_VERBS = frozenset(
    {
        "go",
        "due",
        "plan",
        "expect",
        "schedule",
        "set",
        "intend",
        "aim",
        "be",
        "prepare",
        "likely",
        "agree",
        "offer",
        "decide",
        "promise",
        "pledge",
        "vow",
        "threaten",
        "invite",
        "ask",
        "urge",
        "call",
        "press",
        "encourage",
        "want",
        "hope",
        "seek",
        "propose",
    }
)


#: Verbs about an event rather than of it: their date is when it was discussed, planned or
#: judged, not when it happened ("Trump called off the summit on Thursday").
ABOUT_VERBS = trigger_heads("verb", (STATEMENT,), plain=True) | frozenset(
    {
        "discuss",
        "plan",
        "propose",
        "cancel",
        "postpone",
        "prepare",
        "approve",
        "reject",
        "oppose",
        "support",
        "back",
        "endorse",
        "invite",
        "want",
        "hope",
        "expect",
        "consider",
        "seek",
        "recall",
        "remember",
        "mark",
        "commemorate",
        "celebrate",
        "follow",
        "precede",
        "authorise",
        "authorize",
        "offer",
        "decide",
    }
)


#: Verbs that order two events; the dates the parser hangs on them belong to their object,
#: the earlier event ("followed talks on July 13").
_SEQUENCE_VERBS = frozenset({"follow", "precede", "cap", "crown"})


EVENT_VERBS = trigger_heads("verb")


_EVENT_NOUNS = trigger_heads("noun") | lexicon.AGREEMENT_NOUNS


#: Dependencies through which a verb shares its governing verb's time: "deepened ties in June
#: 2024 by signing", "began to seize at the end of February", "flew in on Sunday and held
#: talks", "talks held on Monday".
_SHARING_DEPS = frozenset({"xcomp", "advcl", "pcomp", "conj", "acl"})


def is_predicate(token: Token) -> bool:
    if token.pos_ == "VERB":
        # A participle describing a noun is part of that noun's phrase, unless it is an event
        # itself: "an understanding outlining the cuts at a summit", "talks held on Monday".
        return not (token.dep_ == "acl" and token.tag_ in ("VBG", "VBN") and token.lemma_.lower() not in EVENT_VERBS)
    if token.pos_ == "AUX":
        return token.dep_ not in ("aux", "auxpass")
    return is_event_noun(token)


def is_event_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in _EVENT_NOUNS


def ancestors(token: Token) -> Iterator[tuple[Token, int]]:
    """``token``'s heads up to the root, with their distance."""
    distance = 0
    while token.head.i != token.i:
        token, distance = token.head, distance + 1
        yield token, distance


def up_to_predicate(token: Token) -> tuple[Token | None, list[Token], int]:
    """The first predicate above ``token``, the path from ``token`` up to it (exclusive)
    and its distance."""
    path = [token]
    for ancestor, distance in ancestors(token):
        if is_predicate(ancestor):
            return ancestor, path, distance
        path.append(ancestor)
    return None, path, 0


def clause_verb(token: Token) -> Token | None:
    if token.pos_ in ("VERB", "AUX") and is_predicate(token):
        return token
    return next(
        (t for t, _ in ancestors(token) if t.pos_ in ("VERB", "AUX") and is_predicate(t)),
        None,
    )


def sharing_chain(trigger: Token) -> dict[int, int]:
    """Token index -> distance of the trigger and every predicate it shares its time with."""
    chain = {trigger.i: 0}
    token, total = trigger, 0
    while (step := _shared_governor(token)) is not None and step[0].i not in chain:
        token, total = step[0], total + step[1]
        chain[token.i] = total
    if _describes_its_head(trigger):
        chain.setdefault(trigger.head.i, 1)  # "a framework that negotiators reached"
    return chain


def _shared_governor(token: Token) -> tuple[Token, int] | None:
    """The predicate ``token``'s event takes its time from, if any, and its distance."""
    governor, path, distance = up_to_predicate(token)
    if governor is None or any(t.lower_ in OTHER_TIME for t in path[1:]):
        return None  # "ahead of a summit", "after the signing"
    if _is_setting(token):
        return governor, distance  # "said in a televised address on Tuesday"
    if governor.lemma_.lower() in _SEQUENCE_VERBS and token.dep_ == "dobj":
        return governor, distance  # "the deal followed talks in Istanbul on July 13"
    if governor.lemma_.lower() in ABOUT_VERBS:
        return None
    if token.pos_ in ("VERB", "AUX") and not _verb_shares(token, governor):
        return None
    return governor, distance


def _verb_shares(verb: Token, governor: Token) -> bool:
    if verb.dep_ not in _SHARING_DEPS:
        return False
    if verb.dep_ == "xcomp" and governor.lemma_.lower() in INTENT_VERBS:
        return False
    subordinators = {child.lower_ for child in verb.children if child.dep_ == "mark"}
    if verb.dep_ == "pcomp":
        subordinators.add(verb.head.lower_)
    return not subordinators & OTHER_TIME  # "after hosting Kim", "before leaving"


def _describes_its_head(verb: Token) -> bool:
    """A relative clause or participle that creates its noun ("a framework that negotiators
    reached" on April 2) or happens during it ("a meeting at which Putin thanked Erdoğan")."""
    if verb.pos_ != "VERB" or verb.dep_ not in ("relcl", "acl"):
        return False
    return verb.lemma_.lower() not in ABOUT_VERBS or any(
        (
            child.dep_ == "prep"
            and child.lower_ in _SETTING_PREPS
            and any(grand.tag_ == "WDT" for grand in child.children)
        )
        or child.lower_ == "when"
        for child in verb.children
    )


def shares_with_head(token: Token) -> bool:
    """An event that is one with the verb above it: its object ("held talks on Thursday")
    or a participle clause ("Speaking to reporters on Tuesday, Putin said")."""
    if token.head.lemma_.lower() in ABOUT_VERBS and token.dep_ != "advcl":
        return False
    if is_event_noun(token):
        return token.dep_ in ("dobj", "nsubjpass")
    is_participle = token.dep_ == "advcl" and token.tag_ in ("VBG", "VBN")
    return is_participle and _verb_shares(token, token.head)


def noun_of(token: Token) -> Token:
    """The noun an apposition renames ("the summit, a two-day gathering"), else the token."""
    return token.head if token.dep_ == "appos" else token


def setting_of(noun: Token) -> tuple[Token, int] | None:
    """The predicate an event noun is the setting of ("at a summit"), and its distance."""
    governor, _, distance = up_to_predicate(noun)
    return None if governor is None or not _is_setting(noun) else (governor, distance)


def _is_setting(token: Token) -> bool:
    """True for an event noun after "at", "during", "in", ...: "at a summit"."""
    return token.pos_ in ("NOUN", "PROPN") and token.dep_ == "pobj" and token.head.lower_ in _SETTING_PREPS
