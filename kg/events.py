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
    no,
    register,
    trigger,
)

#: Prepositions that say where something happened.
_WHERE = ("in", "at", "on", "off", "near", "outside", "inside", "across")  # "stepped across the line at Panmunjom"


def _words(text: str, value: Trigger = PLAIN) -> dict[str, Trigger]:
    """``value`` for each of the space-separated words (an underscore joins a multi-word one)."""
    return {word.replace("_", " "): value for word in text.split()}


# -- Meeting ---------------------------------------------------------------------------


class MeetingRole(Role):
    PARTICIPANT = RoleSpec("participant", AGENTS, key=True, people_first=True)
    PLACE = RoleSpec("place", LOCATIONS, locative="setting")


_PARTNER = cue("partner")  # "received a letter", "sat in parliament" are no meetings
_PARTICIPANT = (MeetingRole.PARTICIPANT,)
#: a news conference is a Statement's occasion, unless it is held with someone
_NOT_NEWS = ((no("modifier", "news", "press"),), (_PARTNER,))
_MEETING_NOUN = trigger(either=_NOT_NEWS)
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
            # CAMEO's consult verbs (PETRARCH's MEET_PEOPLE set), with a named partner: one
            # contacted or consulted; one spoken or communicated with ("discussed aid with
            # Kikwete": the object is the topic)
            **_words("consult contact", trigger(needs=_PARTNER)),
            **_words(
                "speak discuss communicate",
                trigger(needs=cue("reaches", "with", "to"), frame=Frame(patient=(), preps={"to": _PARTICIPANT})),
            ),
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
            **_words("talk negotiation", trigger("046", either=_NOT_NEWS)),
            # "his first visit to Iraq": the state visited is the host (CAMEO 042 names it as target)
            "visit": trigger("042", either=_NOT_NEWS, frame=Frame(preps={"to": _PARTICIPANT})),
            # "apologised to Putin in a telephone call", "a call to Erdogan"
            "call": trigger(
                "041",
                cue("modifier", "phone", "telephone", "video"),
                remote=True,
                frame=Frame(preps={"to": _PARTICIPANT}),
            ),
            "conversation": trigger(either=_NOT_NEWS, remote=True),
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
        # a signing binds someone, and two sides signed: "Garang and Taha signed the
        # agreement" (a rebel leader and Sudan's vice president) binds Sudan
        requires=(Requirement((SigningRole.PARTY,), 1), Requirement((SigningRole.PARTY, SigningRole.SIGNATORY), 2)),
        verbs={
            **_words(
                "sign conclude initial ink ratify reach agree strike seal finalise finalize adopt endorse clinch "
                "hammer forge put affix",
                _SIGNS,
            ),
            # "a ceasefire brokered by the United States": the broker mediates, it is bound by
            # nothing; the parties are those "between" whom it was brokered
            "broker": trigger(needs=cue("document", "DOCUMENT"), frame=Frame(agent=())),
        },
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
    DEPLOYED_BY = RoleSpec("deployedBy", STATES, key=True, with_state=True)
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
            # CAMEO's SEND and DESPATCH sets, MOBILIZE [150]: with forces as object
            **_words("dispatch despatch send contribute ship transfer mobilize mobilise mass amass", _SENDS_FORCES),
            # "ordered 2,000 troops to Poland"; not "ordered troops to withdraw"
            "order": trigger(needs=(cue("object", "MILITARY"), cue("prep", "to"))),
            # "moved missiles into Kaliningrad"; "Pakistani troops have moved in"
            "move": trigger(either=((cue("object", "MILITARY"),), (cue("subject", "MILITARY"),))),
            "move in": _FORCES_COME,
            **_words("arrive land", _FORCES_COME),
            # "tanks crossed from Russia into the Luhansk region", "troops crossed into Ukraine"
            "cross": trigger(needs=(cue("subject", "MILITARY"), cue("prep", "into")), arrives=True),
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
    ATTACKER = RoleSpec("attacker", AGENTS, key=True, with_state=True)
    TARGET = RoleSpec("target", TARGETS, key=True)


_NO_DEAL = (cue("document", "DOCUMENT"),)  # "struck a deal", "an agreement struck in Geneva"
_ARMED = cue("subject", "MILITARY")  # "jets hit camps", not "sanctions hit the economy"
_ATTACK = Trigger(refuses=_NO_DEAL)


def _attack(cameo: str | None = None, *needs: Cue, frame: Frame | None = None) -> Trigger:
    """An attack verb that needs every one of ``needs`` and never has a deal as object."""
    return Trigger(cameo, (needs,) if needs else (), _NO_DEAL, frame)


#: "launched missiles at air defence sites": the object is the weapon, the target follows
_AT = ("at", "against", "on", "into")
_AIMED = Frame(patient=(), preps=dict.fromkeys(_AT, (OperationRole.TARGET,)))
_ACTOR = cue("named subject")  # "ISIS, which took the city"
_PLACE = cue("named object", "Place", "Country")  # "took the city of Ramadi"
_NAMED_TARGET = cue("named object", "Place", "Country", "Organization")
_SITE = cue("object", "SITE")  # "struck a depot", "hit an air base": a military site
_FROM = Frame(preps={"from": (OperationRole.TARGET,)})  # elsewhere "from" says where an attack came from


MILITARY_OPERATION = register(
    EventType(
        name="MilitaryOperation",
        roles=OperationRole,
        cameo="190",
        requires=(Requirement((OperationRole.ATTACKER, OperationRole.TARGET), 1),),
        verbs={
            # CAMEO's PHYSICAL_CONFLICT, EXPLOSIVE_DESTRUCTION, INVADE, RECAPTURE, ENCIRCLE,
            # AMBUSH, RAID, SHOOT, POUND and TAKE_CONTROL sets (PETRARCH verb dictionary)
            **_words("attack raid storm assault assail ambush", _ATTACK),
            # "jets struck Gaza", "Israel struck Hamas", "Ukraine struck an ammunition depot";
            # not "struck a cautious note"
            "strike": Trigger("195", ((_ARMED,), (_NAMED_TARGET,), (_SITE,)), _NO_DEAL),
            "bomb": _attack("195"),
            "annex": _attack("192", frame=_FROM),  # "annexed Crimea from Ukraine"
            **_words("invade occupy", _attack("192")),
            # "retook the government complex from ISIS": taken from its holder
            **_words("recapture retake reconquer", _attack("192", frame=_FROM)),
            **_words("shell bombard", _attack("194")),
            "seize": _attack("192", _ARMED, frame=_FROM),
            **_words(
                "capture overrun target blockade destroy push pound encircle surround besiege fight battle "
                "kill enter expel repel repulse drive_out push_back",
                _attack(None, _ARMED),
            ),
            "hit": Trigger(None, ((_ARMED,), (_SITE,)), _NO_DEAL),
            "shoot": _attack(None, _ARMED, cue("particle", "down")),
            **_words("blow_up gun_down take_over", _attack(None, _ARMED)),
            # "forces took control of the town", "ISIS took the city"; not "took Seoul by surprise"
            **_words(
                "take regain",
                Trigger(
                    None,
                    tuple((actor, what) for actor in (_ARMED, _ACTOR) for what in (cue("object", "control"), _PLACE)),
                    _NO_DEAL,
                    Frame(preps={"of": (OperationRole.TARGET,), "from": (OperationRole.TARGET,)}),
                ),
            ),
            # "launched missiles at air defence sites", "fired rockets at Shlomi": a weapon
            # aimed at something; "launched an offensive" is the noun's, "launched a missile"
            # alone may be a test
            **_words(
                "launch fire",
                Trigger(
                    None,
                    tuple((cue("object", "MILITARY"), how) for how in (cue("aims", *_AT), _ARMED)),
                    _NO_DEAL,
                    _AIMED,
                ),
            ),
        },
        nouns={
            **_words(
                "offensive incursion attack raid assault intervention counteroffensive counter-offensive expulsion "
                "blockade takeover barrage siege ambush"
            ),
            **_words("strike airstrike bombing air_strike air_raid", Trigger("195")),
            **_words("invasion occupation", Trigger("192")),
            **_words("annexation seizure", Trigger("192", frame=_FROM)),
            **_words("bombardment shelling", Trigger("194")),
            # "a military operation", "launched operation Euphrates Shield", "started an
            # operation against militant hideouts", "troops carried out operations"
            "operation": trigger(
                either=(
                    (cue("modifier", "military", "special", "ground", "air", "naval", "combat"),),
                    (cue("name"),),
                    (cue("prep", "against"),),
                    (_ARMED,),
                )
            ),
        },
        frame=Frame(
            agent=(OperationRole.ATTACKER,),
            patient=(OperationRole.TARGET,),
            preps=dict.fromkeys(
                ("into", "on", "against", "in", "around", "near", "outside", "inside", "within", "across"),
                (OperationRole.TARGET,),
            ),
        ),
        news_on_the_day=True,
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
_SPEAKER = (StatementRole.SPEAKER,)
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
            **_words("accuse blame", Trigger("112", claims=True)),  # CAMEO 112: "accused X of", "blamed X for"
            "threaten": Trigger("130", claims=True),
            **_words("praise welcome hail", Trigger("051")),
            **_words("condemn criticise criticize", Trigger("111")),
            **_words("express demand"),
            "report": trigger(needs=cue("clause"), claims=True),  # "reported that"; not "reported for duty"
            "make": trigger(needs=cue("modifier", "clear", "plain"), claims=True),  # "made (it) clear that"
            "strike": trigger(needs=cue("object", "note", "tone")),  # "struck a more cautious note"
            # "according to CBS News, jets struck ...": the outlet's report, its clause its claim
            "accord": trigger(needs=cue("prep", "to"), frame=Frame(agent=(), preps={"to": _SPEAKER}), claims=True),
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
