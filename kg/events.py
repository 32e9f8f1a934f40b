"""The five event types kg extracts, one registry entry each (see :mod:`kg.registry`).

Triggers are lemmas; a space joins a verb and its particle ("shoot down") or a noun and its
compound ("air strike"). CAMEO codes follow CAMEO 1.1b3 (Schrodt 2012), the taxonomy of
GDELT and ICEWS: 04 consult (041 discuss by telephone, 042 make a visit, 043 host a visit,
046 engage in negotiation), 057 sign formal agreement, 0871 declare truce, 154 mobilize or
increase armed forces, 19 fight (190 use conventional military force, 192 occupy territory,
194 fight with artillery and tanks, 195 employ aerial weapons), 01 make public statement
(010; 051 praise or endorse, 111 criticize or denounce, 112 accuse, 130 threaten).

Word classes in cues (``"MILITARY"``, ``"DOCUMENT"``) are defined in :mod:`kg.nlp.lexicon`.
"""

from __future__ import annotations

from kg.registry import (
    AGENTS,
    LOCATIONS,
    PERSON,
    PLAIN,
    STATES,
    TARGETS,
    Cue,
    EventType,
    Frame,
    Requirement,
    Role,
    RoleSpec,
    Trigger,
    cue,
    register,
    trigger,
)

#: Prepositions that say where something happened.
_WHERE = ("in", "at", "on", "off", "near", "outside", "inside")


def _words(text: str, value: Trigger = PLAIN) -> dict[str, Trigger]:
    """``value`` for each of the space-separated words (an underscore joins a multi-word one)."""
    return {word.replace("_", " "): value for word in text.split()}


# -- Meeting ---------------------------------------------------------------------------


class MeetingRole(Role):
    PARTICIPANT = RoleSpec("participant", AGENTS, key=True, people_first=True)
    PLACE = RoleSpec("place", LOCATIONS, locative="setting")


_PARTNER = cue("partner")  # "received a letter", "sat in parliament" are no meetings
_NOT_NEWS = (cue("modifier", "news", "press"),)  # a news conference is a Statement's occasion
_MEETING_NOUN = Trigger(refuses=_NOT_NEWS)
_DELIVERY = trigger(
    needs=(cue("object"), cue("reaches", "to")),
    frame=Frame(patient=(), preps={"to": (MeetingRole.PARTICIPANT,)}),
)

MEETING = register(
    EventType(
        name="Meeting",
        roles=MeetingRole,
        cameo="040",
        requires=(Requirement((MeetingRole.PARTICIPANT,), 2),),
        verbs={
            **_words("meet confer"),
            "negotiate": trigger("046"),
            "talk": trigger("046", _PARTNER),
            "visit": trigger("042", _PARTNER),
            "host": trigger("043", _PARTNER),
            **_words("receive sit", trigger(needs=_PARTNER)),
            **_words("telephone phone", trigger("041", _PARTNER, remote=True)),
            "call": trigger(
                "041",
                (_PARTNER, cue("named object")),  # a call rings someone: not "what he called war games"
                refuses=(cue("prep", "for"), cue("complement"), cue("clause")),  # "called for calm"
                remote=True,
            ),
            # "took their peace proposals to Poroshenko in Kiev": the bearers met the person
            **_words("take bring carry deliver present hand", _DELIVERY),
        },
        nouns={
            **_words(
                "meeting summit encounter session dinner audience conference tête handshake",
                _MEETING_NOUN,
            ),
            **_words("talk negotiation", Trigger("046", refuses=_NOT_NEWS)),
            "visit": Trigger("042", refuses=_NOT_NEWS),
            "call": trigger("041", cue("modifier", "phone", "telephone", "video"), remote=True),
            "conversation": Trigger(refuses=_NOT_NEWS, remote=True),
        },
        frame=Frame(
            agent=(MeetingRole.PARTICIPANT,),
            patient=(MeetingRole.PARTICIPANT,),
            preps=dict.fromkeys(("with", "between", "among"), (MeetingRole.PARTICIPANT,))
            | dict.fromkeys(_WHERE, (MeetingRole.PLACE,)),
            support="ANY",  # "held talks", "attended the summit", "agreed in talks"
        ),
        on_the_day=True,
        description="Two or more parties met, talked or called.",
    )
)


# -- TreatySigning ---------------------------------------------------------------------


class SigningRole(Role):
    PARTY = RoleSpec("party", STATES, key=True)
    SIGNATORY = RoleSpec("signatory", frozenset({PERSON}), key=True)
    PLACE = RoleSpec("place", LOCATIONS, locative="setting")


_SIGNS = trigger(needs=cue("document", "DOCUMENT"))  # "signed a treaty"; "signed the guest book" is not
_SIGNERS = (SigningRole.SIGNATORY, SigningRole.PARTY)

TREATY_SIGNING = register(
    EventType(
        name="TreatySigning",
        roles=SigningRole,
        cameo="057",
        requires=(Requirement((SigningRole.PARTY,), 2),),
        verbs=_words(
            "sign conclude initial ink ratify reach agree strike seal finalise finalize adopt endorse clinch broker "
            "hammer forge put affix",
            _SIGNS,
        ),
        frame=Frame(
            agent=_SIGNERS,
            preps={"with": _SIGNERS, "between": _SIGNERS} | dict.fromkeys(_WHERE, (SigningRole.PLACE,)),
        ),
        affiliation={SigningRole.SIGNATORY: SigningRole.PARTY},  # Putin signs for Russia
        on_the_day=True,
        description="States or organisations signed or concluded an agreement.",
    )
)


# -- MilitaryDeployment ----------------------------------------------------------------


class DeploymentRole(Role):
    DEPLOYED_BY = RoleSpec("deployedBy", STATES, key=True)
    DESTINATION = RoleSpec("destination", LOCATIONS, key=True, locative="goal")
    IN_SUPPORT_OF = RoleSpec("inSupportOf", STATES)


_SENDS_FORCES = trigger(needs=cue("object", "MILITARY"))  # "sent troops", not "sent a letter"
_FORCES_COME = trigger(needs=cue("subject", "MILITARY"), arrives=True)  # "German soldiers began arriving"
_SUPPORTED = (DeploymentRole.IN_SUPPORT_OF,)

MILITARY_DEPLOYMENT = register(
    EventType(
        name="MilitaryDeployment",
        roles=DeploymentRole,
        cameo="154",
        requires=(Requirement((DeploymentRole.DEPLOYED_BY,), 1),),
        verbs={
            **_words("deploy station redeploy"),
            **_words("dispatch send move contribute", _SENDS_FORCES),
            **_words("arrive land", _FORCES_COME),
        },
        nouns=_words("deployment dispatch redeployment"),
        frame=Frame(
            agent=(DeploymentRole.DEPLOYED_BY,),
            patient=(DeploymentRole.DEPLOYED_BY,),  # the forces, for the state they serve
            preps=dict.fromkeys(("to", "into", "in", "at", "on"), (DeploymentRole.DESTINATION,))
            | {"alongside": _SUPPORTED, "for": _SUPPORTED, "in support of": _SUPPORTED},
            clauses=dict.fromkeys(("help", "assist", "support", "aid", "defend", "bolster", "reinforce"), _SUPPORTED),
        ),
        description="A state or organisation sent or stationed armed forces somewhere.",
    )
)


# -- MilitaryOperation -----------------------------------------------------------------


class OperationRole(Role):
    ATTACKER = RoleSpec("attacker", AGENTS, key=True)
    TARGET = RoleSpec("target", TARGETS, key=True)


_NO_DEAL = (cue("document", "DOCUMENT"),)  # "struck a deal", "an agreement struck in Geneva"
_ARMED = cue("subject", "MILITARY")  # "jets hit camps", not "sanctions hit the economy"
_ATTACK = Trigger(refuses=_NO_DEAL)


def _attack(cameo: str | None = None, *needs: Cue, frame: Frame | None = None) -> Trigger:
    """An attack verb that needs every one of ``needs`` and never has a deal as object."""
    return Trigger(cameo, (needs,) if needs else (), _NO_DEAL, frame)


#: "launched missiles at air defence sites": the object is the weapon, the target follows
_AIMED = Frame(patient=(), preps=dict.fromkeys(("at", "against", "on"), (OperationRole.TARGET,)))


MILITARY_OPERATION = register(
    EventType(
        name="MilitaryOperation",
        roles=OperationRole,
        cameo="190",
        requires=(Requirement((OperationRole.ATTACKER, OperationRole.TARGET), 1),),
        verbs={
            **_words("attack raid storm assault", _ATTACK),
            **_words("strike bomb", _attack("195")),
            **_words("invade annex occupy", _attack("192")),
            **_words("shell bombard", _attack("194")),
            "seize": _attack("192", _ARMED),
            **_words("capture overrun target blockade destroy push pound hit", _attack(None, _ARMED)),
            "shoot": _attack(None, _ARMED, cue("particle", "down")),
            # "took control of the town"
            "take": _attack(
                None, _ARMED, cue("object", "control"), frame=Frame(patient=(), preps={"of": (OperationRole.TARGET,)})
            ),
            # "launched missiles at air defence sites"; "launched an offensive" is the noun's
            **_words("launch fire", _attack(None, _ARMED, cue("object", "MILITARY"), frame=_AIMED)),
        },
        nouns={
            **_words(
                "offensive incursion attack raid assault intervention counteroffensive counter-offensive expulsion "
                "blockade takeover barrage"
            ),
            **_words("strike airstrike bombing air_strike", Trigger("195")),
            **_words("invasion annexation occupation seizure", Trigger("192")),
            **_words("bombardment shelling", Trigger("194")),
            "operation": trigger(needs=cue("modifier", "military", "special", "ground", "air", "naval", "combat")),
        },
        frame=Frame(
            agent=(OperationRole.ATTACKER,),
            patient=(OperationRole.TARGET,),
            preps=dict.fromkeys(
                ("into", "on", "against", "in", "from", "around", "near", "outside"), (OperationRole.TARGET,)
            ),
        ),
        description="Armed forces attacked, struck, invaded or took a place.",
    )
)


# -- Statement -------------------------------------------------------------------------


class StatementRole(Role):
    SPEAKER = RoleSpec("speaker", AGENTS, key=True, named=True)
    ADDRESSEE = RoleSpec("addressee", AGENTS)


#: Verbs whose reported clause is the speaker's claim ("declared that ... had been expelled").
_CLAIMS = Trigger(claims=True)
_TO_WHOM = Frame(preps={"to": (StatementRole.ADDRESSEE,)})  # "said to reporters"
_WHOM = Frame(patient=(StatementRole.ADDRESSEE,))  # "told Putin", "warned Seoul"

STATEMENT = register(
    EventType(
        name="Statement",
        roles=StatementRole,
        cameo="010",
        requires=(Requirement((StatementRole.SPEAKER,), 1),),
        verbs={
            **_words(
                "pledge announce declare state add insist argue claim vow reiterate respond deny promise stress note "
                "assert affirm reaffirm acknowledge confirm reply emphasise emphasize predict suggest tweet maintain "
                "concede admit dismiss brand caution signal",
                _CLAIMS,
            ),
            **_words("say write", Trigger(claims=True, frame=_TO_WHOM)),
            "describe": Trigger(frame=_TO_WHOM),
            **_words("tell warn reassure", Trigger(claims=True, frame=_WHOM)),
            **_words("urge thank", Trigger(frame=_WHOM)),
            "accuse": Trigger("112", claims=True),
            "threaten": Trigger("130", claims=True),
            **_words("praise welcome hail", Trigger("051")),
            **_words("condemn criticise criticize", Trigger("111")),
            **_words("express demand"),
            "report": trigger(needs=cue("clause"), claims=True),  # "reported that"; not "reported for duty"
            # "called for calm", "called the move a land grab" say something; "called Kim" rings him
            "call": trigger(either=((cue("prep", "for"),), (cue("complement"),))),
        },
        nouns=_words(
            "statement remark comment announcement warning pledge declaration description speech address interview "
            "appeal"
        ),
        frame=Frame(agent=(StatementRole.SPEAKER,)),
        on_the_day=True,
        core=False,
        one_per_occasion=True,
        description="Someone said, wrote or declared something.",
    )
)
