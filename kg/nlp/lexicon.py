"""Word lists the NLP stage reasons with: event triggers, titles, group expressions.

Lemmas, lower-case. Each list is a general English lexicon for news about diplomacy and
conflict; none is tuned to a particular article.
"""

from __future__ import annotations

from collections.abc import Mapping

from kg.model import EventType

#: spaCy NER labels that name things we model.
ENTITY_LABELS = frozenset({"PERSON", "GPE", "LOC", "NORP", "ORG", "FAC"})

#: Nouns that, after "the" and a nationality, describe a person by office:
#: "the Russian president", "the North Korean leader", "the Kremlin leader".
TITLES = frozenset(
    {
        "president",
        "leader",
        "premier",
        "chancellor",
        "minister",
        "secretary",
        "king",
        "queen",
        "emperor",
        "monarch",
        "prince",
        "chairman",
        "chief",
        "commander",
        "general",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "envoy",
        "diplomat",
        "counterpart",
        "head",
        "dictator",
        "strongman",
        "ruler",
        "governor",
        "mayor",
        "negotiator",
        "official",
        "prime",
        "sheikh",
        "emir",
        "ayatollah",
        "pope",
        "shah",
    }
)

#: Words in front of a name that are a title, not part of the name ("President Vladimir Putin").
NAME_PREFIX_TITLES = TITLES | frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "lady",
        "lord",
        "then",
        "former",
        "late",
        "defence",
        "defense",
        "foreign",
        "deputy",
        "vice",
        "supreme",
        "lieutenant",
        "colonel",
        "major",
        "captain",
        "admiral",
        "marshal",
        "sergeant",
        "senator",
        "rep",
        "representative",
    }
)

#: Pronouns that refer back to a person.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})

#: "the two countries", "both sides": the parties most recently named.
GROUP_NOUNS = frozenset({"country", "nation", "side", "state", "government", "leader", "party"})
GROUP_QUANTIFIERS = frozenset({"two", "both", "three", "four"})

#: Verb lemmas that trigger an event of each type.
VERB_TRIGGERS: Mapping[EventType, frozenset[str]] = {
    EventType.MEETING: frozenset(
        {"meet", "talk", "visit", "host", "confer", "receive", "negotiate", "sit", "telephone", "phone", "call"}
    ),
    EventType.TREATY_SIGNING: frozenset({"sign", "conclude", "initial", "ink", "ratify"}),
    EventType.MILITARY_DEPLOYMENT: frozenset(
        {"deploy", "dispatch", "station", "send", "redeploy", "move", "contribute", "arrive", "land"}
    ),
    EventType.MILITARY_OPERATION: frozenset(
        {
            "attack",
            "strike",
            "invade",
            "bomb",
            "shell",
            "annex",
            "seize",
            "launch",
            "raid",
            "storm",
            "occupy",
            "capture",
            "assault",
            "bombard",
            "hit",
            "overrun",
            "shoot",
            "target",
            "blockade",
            "fire",
            "destroy",
            "push",
            "take",
            "pound",
        }
    ),
    EventType.STATEMENT: frozenset(
        {
            "say",
            "tell",
            "warn",
            "pledge",
            "describe",
            "express",
            "announce",
            "declare",
            "state",
            "add",
            "insist",
            "argue",
            "claim",
            "vow",
            "reiterate",
            "respond",
            "urge",
            "accuse",
            "deny",
            "promise",
            "stress",
            "note",
            "write",
            "call",
            "praise",
            "condemn",
            "assert",
            "affirm",
            "reaffirm",
            "acknowledge",
            "confirm",
            "threaten",
            "demand",
            "welcome",
            "hail",
            "criticise",
            "criticize",
            "reply",
            "emphasise",
            "emphasize",
            "predict",
            "suggest",
            "tweet",
            "thank",
            "reassure",
            "report",
            "maintain",
            "concede",
            "admit",
            "dismiss",
            "brand",
            "caution",
            "signal",
        }
    ),
}

#: Noun lemmas that trigger an event of each type.
NOUN_TRIGGERS: Mapping[EventType, frozenset[str]] = {
    EventType.MEETING: frozenset(
        {
            "meeting",
            "talk",
            "summit",
            "visit",
            "call",
            "conversation",
            "negotiation",
            "encounter",
            "session",
            "dinner",
            "audience",
            "conference",
            "tête",
            "handshake",
        }
    ),
    EventType.TREATY_SIGNING: frozenset(
        {
            "treaty",
            "pact",
            "accord",
            "agreement",
            "declaration",
            "deal",
            "memorandum",
            "protocol",
            "charter",
            "convention",
            "truce",
            "ceasefire",
            "armistice",
            "package",
            "statement",
            "roadmap",
            "compact",
            "communique",
            "communiqué",
        }
    ),
    EventType.MILITARY_DEPLOYMENT: frozenset({"deployment", "dispatch", "redeployment"}),
    EventType.MILITARY_OPERATION: frozenset(
        {
            "offensive",
            "incursion",
            "invasion",
            "attack",
            "strike",
            "airstrike",
            "annexation",
            "bombing",
            "raid",
            "assault",
            "bombardment",
            "shelling",
            "operation",
            "intervention",
            "counteroffensive",
            "counter-offensive",
            "occupation",
            "seizure",
            "expulsion",
            "air strike",
            "blockade",
            "takeover",
            "barrage",
        }
    ),
    EventType.STATEMENT: frozenset(
        {
            "statement",
            "remark",
            "comment",
            "announcement",
            "warning",
            "pledge",
            "declaration",
            "description",
            "speech",
            "address",
            "interview",
            "appeal",
        }
    ),
}

#: Nouns that name an agreement only as what a signing verb acts on: "signed the text",
#: "finalised the Joint Comprehensive Plan of Action", "signed a joint understanding".
SIGNED_DOCUMENTS = NOUN_TRIGGERS[EventType.TREATY_SIGNING] | frozenset(
    {"text", "document", "plan", "framework", "understanding", "arrangement", "initiative", "settlement"}
)

#: Verbs that take a treaty noun as object and make it a signing ("signed a treaty").
SIGNING_VERBS = frozenset(
    {
        "sign",
        "conclude",
        "initial",
        "ink",
        "reach",
        "agree",
        "strike",
        "seal",
        "ratify",
        "finalise",
        "finalize",
        "adopt",
        "endorse",
        "clinch",
        "broker",
        "hammer",
        "forge",
        "put",
        "affix",
    }
)

#: Verbs that only count as a Meeting/Deployment/Operation with a suitable object.
#: "launched an offensive" is an operation through its object; "launched a website" is not.
LIGHT_VERBS = frozenset(
    {
        "launch",
        "hold",
        "have",
        "conduct",
        "begin",
        "start",
        "carry",
        "stage",
        "mount",
        "host",
        "make",
        "give",
        "issue",
        "deliver",
        "release",
    }
)

#: Objects that make a deployment verb military ("sent troops", not "sent a letter").
MILITARY_NOUNS = frozenset(
    {
        "troop",
        "soldier",
        "force",
        "unit",
        "battalion",
        "brigade",
        "division",
        "regiment",
        "army",
        "peacekeeper",
        "marine",
        "paratrooper",
        "warship",
        "ship",
        "submarine",
        "fighter",
        "jet",
        "aircraft",
        "plane",
        "bomber",
        "missile",
        "tank",
        "vehicle",
        "artillery",
        "contingent",
        "personnel",
        "officer",
        "police",
        "mission",
        "battlegroup",
        "company",
        "squadron",
        "fleet",
        "carrier",
        "drone",
        "helicopter",
        "reinforcement",
        "commando",
        "special",
        "military",
        "corps",
        "detachment",
        "legion",
        "armour",
        "armor",
        "weapon",
        "equipment",
        "iskander",
        "sailor",
        "airman",
        "mercenary",
        "guard",
        "rafale",
        "tornado",
        "rebel",
        "militant",
        "gunman",
        "insurgent",
        "militia",
        "navy",
        "column",
        "rocket",
    }
)

#: Words naming a site inside a town: a place so named lies in the story's dateline city.
VENUE_WORDS = frozenset(
    {
        "palace",
        "hotel",
        "house",
        "castle",
        "hall",
        "villa",
        "island",
        "base",
        "airport",
        "kremlin",
        "embassy",
        "centre",
        "center",
        "building",
        "residence",
        "chateau",
        "château",
        "manor",
        "lodge",
        "garden",
        "gardens",
        "square",
        "stadium",
        "headquarters",
        "ministry",
        "parliament",
        "cathedral",
        "museum",
        "port",
        "harbour",
        "airbase",
        "compound",
    }
)


#: Words that make an event planned, expected or hypothetical (FORMAT.md: "optional").
IRREALIS = frozenset(
    {
        "will",
        "would",
        "could",
        "might",
        "may",
        "shall",
        "plan",
        "expect",
        "due",
        "propose",
        "intend",
        "hope",
        "want",
        "seek",
        "consider",
        "threaten",
        "prepare",
        "aim",
        "offer",
        "invite",
        "should",
        "must",
        "if",
        "possible",
        "future",
        "planned",
        "proposed",
    }
)

#: Verbs that deny or refuse what their complement tells ("refused to sign", "has ruled out
#: sending troops"): the event is denied, so optional (FORMAT.md), not a fact. A phrasal verb
#: is its lemma and particle.
DENIAL_VERBS = frozenset({"refuse", "deny", "reject", "decline", "refrain", "rule out", "rule against"})

#: Statement verbs whose complement clause is the speaker's claim, not the outlet's fact.
CLAIM_VERBS = VERB_TRIGGERS[EventType.STATEMENT] - frozenset(
    {
        "express",
        "thank",
        "welcome",
        "hail",
        "praise",
        "condemn",
        "criticise",
        "criticize",
        "call",
        "urge",
        "demand",
        "describe",
    }
)

#: CAMEO codes more specific than the event type's default, by trigger lemma
#: (CAMEO 1.1b3: 041 discuss by telephone, 042 make a visit, 043 host a visit, 046 engage in
#: negotiation, 051 praise or endorse, 0871 declare truce/ceasefire, 111 criticize or
#: denounce, 112 accuse, 130 threaten, 192 occupy territory, 194 fight with artillery and
#: tanks, 195 employ aerial weapons).
CAMEO_BY_TRIGGER: Mapping[str, str] = {
    "call": "041",
    "visit": "042",
    "host": "043",
    "negotiate": "046",
    "negotiation": "046",
    "talk": "046",
    "praise": "051",
    "hail": "051",
    "welcome": "051",
    "ceasefire": "0871",
    "truce": "0871",
    "armistice": "0871",
    "criticise": "111",
    "criticize": "111",
    "condemn": "111",
    "accuse": "112",
    "threaten": "130",
    "invade": "192",
    "invasion": "192",
    "occupy": "192",
    "occupation": "192",
    "annex": "192",
    "annexation": "192",
    "seize": "192",
    "seizure": "192",
    "shell": "194",
    "shelling": "194",
    "bombardment": "194",
    "bombard": "194",
    "strike": "195",
    "airstrike": "195",
    "air strike": "195",
    "bomb": "195",
    "bombing": "195",
}

#: Verbs of a journey, whose "to" names where the trip's talks or signing took place.
TRAVEL_VERBS = frozenset({"travel", "fly", "go", "come", "head", "return", "journey", "arrive", "rush"})

#: Verbs of handing something over in person: "took their peace proposals to Poroshenko in
#: Kiev" is a meeting of the bearers and the person they went to.
DELIVERY_VERBS = frozenset({"take", "bring", "carry", "deliver", "present", "hand"})

#: Common nouns that say a name in apposition or compound with them is a place.
PLACE_NOUNS = frozenset(
    {
        "town",
        "city",
        "village",
        "capital",
        "port",
        "region",
        "district",
        "province",
        "area",
        "island",
        "mansion",
        "villa",
        "palace",
        "hotel",
        "resort",
        "base",
        "airport",
        "airbase",
        "station",
        "border",
        "crossing",
        "post",
        "checkpoint",
        "river",
        "sea",
        "lake",
        "valley",
        "corridor",
        "enclave",
        "square",
        "street",
        "castle",
        "hall",
        "harbour",
        "harbor",
        "peninsula",
        "territory",
        "oblast",
        "settlement",
        "suburb",
        "neighbourhood",
        "neighborhood",
        "hub",
        "stronghold",
        "frontier",
        "county",
        "municipality",
        "coast",
    }
)
