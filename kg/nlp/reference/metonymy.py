"""Where a name stands in its clause: as an agent or as a location.

"Moscow announced" and "Kremlin spokesman" use a capital or a seat of power for its state
(metonymy); "a monument in Moscow" and "flew to Moscow" use it as a place. The typing step
(:mod:`.classify`) asks these rules for seats of power, capitals and untyped names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.nlp import lexicon
from kg.nlp.reference.venues import VENUE_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


_LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "around",
        "inside",
        "across",
        "within",
        "via",
        "through",
        "into",
        "throughout",
        "off",
        "beyond",
        "over",
    }
)


_DIRECTIONAL_PREPS = frozenset({"to", "from", "toward", "towards"})


_MOTION = frozenset(
    {
        "go",
        "travel",
        "fly",
        "arrive",
        "return",
        "come",
        "move",
        "deploy",
        "send",
        "head",
        "trip",
        "visit",
        "journey",
        "flight",
        "road",
        "train",
        "way",
        "drive",
        "leave",
        "flee",
        "withdraw",
        "relocate",
        "march",
        "advance",
        "retreat",
        "evacuate",
        "transfer",
        "bring",
        "invite",
        "welcome",
        "escort",
        "take",
    }
)


#: People and bodies a seat of power can qualify as their employer: "Kremlin aide".
_ACTOR_NOUNS = lexicon.TITLES | frozenset(
    {
        "aide",
        "adviser",
        "advisor",
        "official",
        "source",
        "administration",
        "government",
        "leadership",
        "regime",
        "staff",
    }
)


_SPEECH_VERBS = frozenset(
    {
        "urge",
        "accuse",
        "warn",
        "tell",
        "blame",
        "criticise",
        "criticize",
        "condemn",
        "thank",
        "praise",
        "support",
        "back",
        "help",
        "assist",
        "pressure",
        "press",
        "persuade",
        "convince",
        "ask",
        "call",
    }
)


#: Nouns that make a seat of power the office that works in it: "the Blue House, Moon's office".
_OFFICE_NOUNS = frozenset({"office", "administration", "secretariat", "presidency", "chancellery"})


def called_office(span: Span) -> bool:
    """A seat of power that the text calls someone's office: then it is an organisation
    of its own, not the state."""
    root = span.root
    linked = [t for t in root.children if t.dep_ == "appos"]
    if root.dep_ == "appos":
        linked.append(root.head)
    return any(t.lemma_.lower() in _OFFICE_NOUNS for t in linked)


def acts(span: Span) -> bool:
    """True when a capital or seat of power is used as an agent ("Moscow announced",
    "Washington and Seoul agreed", "Moscow's appreciation", "talks with Moscow"), not as a
    location ("a monument in Moscow", "flew to Moscow")."""
    node = span.root
    while node.dep_ == "conj":
        node = node.head
    dep, head = node.dep_, node.head
    if dep in ("nsubj", "nsubjpass", "poss", "agent"):
        return True
    if dep == "pobj":
        prep = head.lower_
        if prep in _LOCATIVE_PREPS:
            return False
        if prep == "of" and head.head.lemma_.lower() in lexicon.PLACE_NOUNS | VENUE_WORDS | _BEARINGS:
            return False  # "St George's Hall of the Kremlin": the building; "south of Tehran"
        if prep == "from" and head.head.pos_ in ("VERB", "AUX"):
            return False  # "speaking from the White House"; "a letter from Moscow" acts
        if prep in _DIRECTIONAL_PREPS:
            return head.head.lemma_.lower() not in _MOTION
        return True
    if dep == "dobj":
        return head.lemma_.lower() in _SPEECH_VERBS
    if dep in ("compound", "amod", "nmod"):  # "Kremlin spokesman", "the Kremlin leader"
        return head.lemma_.lower() in _ACTOR_NOUNS or head.ent_type_ == "PERSON"
    return False


#: Where something lies from a place: "south of Tehran", "on the outskirts of Kyiv".
_BEARINGS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "outskirt",
        "outskirts",
        "centre",
    }
)


def locative(prep: Token) -> bool:
    """ "in", "near", "at"; "of" after a place noun ("the city of Kaesong"); "from" or "to"
    after a verb of motion ("took off from Saint-Dizier")."""
    word, head = prep.lower_, prep.head
    if word in _LOCATIVE_PREPS - {"over", "via", "through"}:
        return True
    if word == "of":
        return head.lemma_.lower() in lexicon.PLACE_NOUNS | _BEARINGS
    if word in _DIRECTIONAL_PREPS:
        return head.lemma_.lower() in _MOTION or any(c.dep_ == "prt" for c in head.children)
    return False
