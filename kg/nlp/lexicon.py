"""Word lists the NLP stage reasons with: titles, group expressions, word classes.

Lemmas, lower-case. Each list is a general English lexicon for news about diplomacy and
conflict; none is tuned to a particular article. Event triggers are not here: each event
type declares its own in the registry (:mod:`kg.events`).
"""

from __future__ import annotations

from collections.abc import Mapping


def word_set(words: str) -> frozenset[str]:
    """The space-separated words; an underscore joins the words of a phrase ("rule_out")."""
    return frozenset(word.replace("_", " ") for word in words.split())


#: spaCy NER labels that name things we model.
ENTITY_LABELS = word_set("PERSON GPE LOC NORP ORG FAC")

#: Nouns that, after "the" and a nationality, describe a person by office:
#: "the Russian president", "the North Korean leader", "the Kremlin leader".
TITLES = word_set(
    "president leader premier chancellor minister secretary king queen emperor monarch prince chairman chief "
    "commander general spokesman spokeswoman spokesperson ambassador envoy diplomat counterpart head dictator "
    "strongman ruler governor mayor negotiator official prime sheikh emir ayatollah pope shah"
)

#: Words in front of a name that are a title, not part of the name ("President Vladimir Putin").
NAME_PREFIX_TITLES = TITLES | word_set(
    "mr mrs ms dr sir lady lord then former late defence defense foreign deputy vice supreme lieutenant colonel "
    "major captain admiral marshal sergeant senator rep representative"
)

#: Pronouns that refer back to a person.
PERSON_PRONOUNS = word_set("he she him her his")

#: "the two countries", "both sides": the parties most recently named.
GROUP_NOUNS = word_set("country nation side state government leader party")
GROUP_QUANTIFIERS = word_set("two both three four")

#: Nouns that name an agreement as an occasion of its own ("the 2002 treaty", "the deal").
AGREEMENT_NOUNS = word_set(
    "treaty pact accord agreement declaration deal memorandum protocol charter convention truce ceasefire "
    "armistice package statement roadmap compact communique communiqué"
)

#: What a signing verb acts on: an agreement, or a document only a signing makes one:
#: "signed the text", "finalised the Joint Comprehensive Plan of Action", "signed a joint
#: understanding".
DOCUMENT_NOUNS = AGREEMENT_NOUNS | word_set(
    "text document plan framework understanding arrangement initiative settlement"
)

#: Support verbs: they carry an event only through an event noun as object. "launched an
#: offensive", "held talks", "carried out strikes"; "launched a website" is no event.
LIGHT_VERBS = word_set("launch hold have conduct begin start carry stage mount host make give issue deliver release")

#: Verbs whose "by" names who did what the noun they describe says: "a summit attended by
#: Macron and Scholz", "strikes carried out by Israeli jets", "a mission led by Kenya"; not
#: "an attack condemned by the UN".
DOERS_VERBS = LIGHT_VERBS | word_set("attend lead chair join convene organise organize cohost co-host")

#: Nouns that count or group what follows "of": "a series of airstrikes", "a wave of attacks".
PARTITIVE_NOUNS = word_set(
    "series wave spate string round number couple dozen dozens hundred hundreds thousand thousands score scores "
    "set salvo volley barrage handful"
)

#: Nouns for armed forces and their means: "sent troops", not "sent a letter".
MILITARY_NOUNS = word_set(
    "troop soldier force unit battalion brigade division regiment army peacekeeper marine paratrooper warship "
    "ship submarine fighter jet aircraft plane bomber missile tank vehicle artillery contingent personnel officer "
    "police mission battlegroup squadron fleet carrier drone helicopter reinforcement commando special "
    "military corps detachment legion armour armor weapon equipment iskander sailor airman mercenary guard "
    "rafale tornado rebel militant gunman insurgent militia navy column rocket warplane gunship gunboat frigate "
    "destroyer infantry paramilitary guerrilla sniper airstrike strike raid mortar shell bomb grenade"
)

#: Military sites and stores an attack aims at: "struck an ammunition depot", "hit an air base".
MILITARY_SITES = word_set(
    "depot base airbase airfield barracks outpost checkpoint bunker arsenal stockpile position positions "
    "headquarters garrison launcher launchpad radar battery convoy fortification trench stronghold "
    "hideout camp"
)

#: Fighters who are no state's forces: "Syrian rebels" do not act for Syria.
IRREGULAR_FIGHTERS = word_set("rebel militant gunman insurgent militia guerrilla mercenary paramilitary sniper")

#: The word classes a registry entry may name in capitals: cue("object", "MILITARY").
CLASSES: Mapping[str, frozenset[str]] = {
    "MILITARY": MILITARY_NOUNS,
    "SITE": MILITARY_SITES,
    "DOCUMENT": DOCUMENT_NOUNS,
    "LIGHT": LIGHT_VERBS,
}

#: Words naming a site inside a town: a place so named lies in the story's dateline city.
VENUE_WORDS = word_set(
    "palace hotel house castle hall villa island base airport kremlin embassy centre center building residence "
    "chateau château manor lodge garden gardens square stadium headquarters ministry parliament cathedral museum "
    "port harbour airbase compound estate resort retreat ranch"
)

#: Words that make an event planned, expected or hypothetical (FORMAT.md: "optional").
IRREALIS = word_set(
    "will would could might may shall plan expect due propose intend hope want seek consider threaten prepare aim "
    "offer invite should must if possible future planned proposed "
    "urge ask call press encourage implore demand tell order"  # "urged Netanyahu to hold talks": asked for
)

#: Verbs that deny or refuse what their complement tells ("refused to sign", "has ruled out
#: sending troops"): the event is denied, so optional (FORMAT.md), not a fact. A phrasal verb
#: is its lemma and particle.
DENIAL_VERBS = word_set("refuse deny reject decline refrain rule_out rule_against")

#: Verbs of a journey, whose "to" names where the trip's talks or signing took place.
TRAVEL_VERBS = word_set("travel fly go come head return journey arrive rush")

#: Common nouns that say a name in apposition or compound with them is a place.
PLACE_NOUNS = word_set(
    "town city village capital port region district province area island mansion villa palace hotel resort base "
    "airport airbase station border crossing post checkpoint river sea lake valley corridor enclave square street "
    "castle hall harbour harbor peninsula territory oblast settlement suburb neighbourhood neighborhood hub "
    "stronghold frontier county municipality coast site"
)
