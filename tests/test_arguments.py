"""The generic argument finder and the registry's frames on hand-built parses: every
construction it reads and how each type's frame turns relations into roles, with no trained
model (Docs are made from words, heads, dependency labels, tags and lemmas).

Each parse is written one token a line: ``word lemma POS TAG dep head`` where ``head`` is
the index of the head token (a token that is its own head is the root).
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Token

from kg.events import MEETING, MILITARY_DEPLOYMENT, MILITARY_OPERATION, STATEMENT, TREATY_SIGNING
from kg.model import EntityKey, EntityType
from kg.nlp import lexicon
from kg.nlp.events import arguments

VOCAB = spacy.blank("en").vocab  # lexical attributes (lower case, ...) without a trained model


def parse(lines: str) -> Doc:
    rows = [line.split() for line in lines.strip().splitlines()]
    return Doc(
        VOCAB,
        words=[r[0] for r in rows],
        lemmas=[r[1] for r in rows],
        pos=[r[2] for r in rows],
        tags=[r[3] for r in rows],
        deps=[r[4] for r in rows],
        heads=[int(r[5]) for r in rows],
    )


def token(doc: Doc, word: str) -> Token:
    return next(t for t in doc if t.text == word)


def texts(tokens: list[Token]) -> list[str]:
    return [t.text for t in tokens]


def preps(args: arguments.Arguments) -> dict[str, list[str]]:
    return {prep: texts(objects) for prep, objects in args.preps.items() if objects}


# -- verbs ------------------------------------------------------------------------------


def test_active_verb_subject_object_and_prepositional_objects() -> None:
    doc = parse("""
        Putin Putin PROPN NNP nsubj 1
        met meet VERB VBD ROOT 1
        Kim Kim PROPN NNP dobj 1
        in in ADP IN prep 1
        Beijing Beijing PROPN NNP pobj 3
    """)
    args = arguments.find(token(doc, "met"), None)
    assert texts(args.agents) == ["Putin"] and texts(args.patients) == ["Kim"]
    assert preps(args) == {"in": ["Beijing"]}


def test_passive_verb_the_by_is_the_agent_and_the_subject_the_patient() -> None:
    doc = parse("""
        Troops troop NOUN NNS nsubjpass 2
        were be AUX VBD auxpass 2
        sent send VERB VBN ROOT 2
        to to ADP IN prep 2
        Haiti Haiti PROPN NNP pobj 3
        by by ADP IN agent 2
        Kenya Kenya PROPN NNP pobj 5
    """)
    args = arguments.find(token(doc, "sent"), None)
    assert texts(args.agents) == ["Kenya"] and texts(args.patients) == ["Troops"]
    assert preps(args) == {"to": ["Haiti"], "by": ["Kenya"]}


def test_indirect_object_is_a_patient() -> None:
    doc = parse("""
        Kim Kim PROPN NNP nsubj 1
        told tell VERB VBD ROOT 1
        Putin Putin PROPN NNP dative 1
        it it PRON PRP dobj 1
    """)
    assert texts(arguments.find(token(doc, "told"), None).patients) == ["Putin", "it"]


def test_control_verb_lends_its_subject() -> None:
    doc = parse("""
        Russia Russia PROPN NNP nsubj 1
        agreed agree VERB VBD ROOT 1
        to to PART TO aux 3
        send send VERB VB xcomp 1
        troops troop NOUN NNS dobj 3
    """)
    args = arguments.find(token(doc, "send"), None)
    assert texts(args.agents) == ["Russia"] and texts(args.patients) == ["troops"]


def test_coordinated_verbs_share_their_subject() -> None:
    doc = parse("""
        Putin Putin PROPN NNP nsubj 1
        arrived arrive VERB VBD ROOT 1
        and and CCONJ CC cc 1
        met meet VERB VBD conj 1
        Kim Kim PROPN NNP dobj 3
    """)
    assert texts(arguments.subjects(token(doc, "met"))) == ["Putin"]


def test_a_purpose_clause_shares_its_verbs_subject() -> None:
    doc = parse("""
        Jets jet NOUN NNS nsubj 1
        flew fly VERB VBD ROOT 1
        to to PART TO aux 3
        fire fire VERB VB advcl 1
        missiles missile NOUN NNS dobj 3
        at at ADP IN prep 3
        targets target NOUN NNS pobj 5
    """)
    fire = token(doc, "fire")
    assert texts(arguments.subject_tokens(fire)) == ["Jets"]
    args = arguments.find(fire, None)
    assert texts(args.agents) == ["Jets"] and preps(args) == {"at": ["targets"]}


def test_clauses_of_purpose_give_their_objects_by_verb() -> None:
    doc = parse("""
        Pyongyang Pyongyang PROPN NNP nsubj 1
        deployed deploy VERB VBD ROOT 1
        troops troop NOUN NNS dobj 1
        to to PART TO aux 4
        help help VERB VB advcl 1
        Russia Russia PROPN NNP dobj 4
    """)
    assert texts(arguments.find(token(doc, "deployed"), None).clauses["help"]) == ["Russia"]


def test_an_active_relative_clause_is_done_by_its_noun() -> None:
    doc = parse("""
        Moscow Moscow PROPN NNP ROOT 0
        , , PUNCT , punct 0
        which which PRON WDT nsubj 3
        moved move VERB VBD relcl 0
        missiles missile NOUN NNS dobj 3
    """)
    assert texts(arguments.subjects(token(doc, "moved"))) == ["which"]  # refs maps "which" to Moscow
    doc = parse("""
        jets jet NOUN NNS ROOT 0
        attacking attack VERB VBG acl 0
        armour armour NOUN NN dobj 1
    """)
    assert texts(arguments.subjects(token(doc, "attacking"))) == ["jets"]


def test_a_relative_clause_with_another_subject_acts_on_its_noun() -> None:
    doc = parse("""
        the the DET DT det 1
        town town NOUN NN ROOT 1
        its its PRON PRP$ poss 3
        forces force NOUN NNS nsubj 4
        captured capture VERB VBD relcl 1
    """)
    args = arguments.find(token(doc, "captured"), None)
    assert texts(args.agents) == ["forces"] and texts(args.patients) == ["town"]


def test_a_passive_participle_acts_on_its_noun() -> None:
    doc = parse("""
        the the DET DT det 1
        soldiers soldier NOUN NNS ROOT 1
        deployed deploy VERB VBN acl 1
        by by ADP IN agent 2
        Pyongyang Pyongyang PROPN NNP pobj 3
    """)
    args = arguments.find(token(doc, "deployed"), None)
    assert texts(args.agents) == ["Pyongyang"] and texts(args.patients) == ["soldiers"]


def test_a_gapped_conjunct_repeats_the_verb() -> None:
    doc = parse("""
        they they PRON PRP nsubj 1
        took take VERB VBD ROOT 1
        proposals proposal NOUN NNS dobj 1
        to to ADP IN prep 1
        Poroshenko Poroshenko PROPN NNP pobj 3
        and and CCONJ CC cc 1
        to to ADP IN conj 1
        Putin Putin PROPN NNP pobj 6
    """)
    took = token(doc, "took")
    assert [t.i for t in arguments.gapped_conjuncts(took, frozenset({"to"}))] == [6]
    assert preps(arguments.find(took, None)) == {"to": ["Poroshenko"]}


# -- nouns ------------------------------------------------------------------------------


def test_noun_trigger_of_and_to() -> None:
    doc = parse("""
        the the DET DT det 1
        deployment deployment NOUN NN ROOT 1
        of of ADP IN prep 1
        soldiers soldier NOUN NNS pobj 2
        to to ADP IN prep 1
        Haiti Haiti PROPN NNP pobj 4
    """)
    args = arguments.find(token(doc, "deployment"), None)
    assert texts(args.patients) == ["soldiers"] and preps(args) == {"to": ["Haiti"]}


def test_possessor_and_demonym_of_a_noun_trigger_are_agents() -> None:
    doc = parse("""
        Russia Russia PROPN NNP poss 2
        's 's PART POS case 0
        invasion invasion NOUN NN ROOT 2
        of of ADP IN prep 2
        Ukraine Ukraine PROPN NNP pobj 3
    """)
    args = arguments.find(token(doc, "invasion"), None)
    assert texts(args.agents) == ["Russia"] and texts(args.patients) == ["Ukraine"]
    doc = parse("""
        Israeli israeli ADJ JJ amod 2
        air air NOUN NN compound 2
        strikes strike NOUN NNS ROOT 2
    """)
    assert texts(arguments.find(token(doc, "strikes"), None).agents) == ["Israeli", "air"]


@pytest.mark.parametrize(
    ("verb", "lemma", "noun", "noun_lemma"),
    [("held", "hold", "talks", "talk"), ("launched", "launch", "offensive", "offensive")],
)
def test_a_support_verbs_subject_is_the_agent_of_its_noun(verb: str, lemma: str, noun: str, noun_lemma: str) -> None:
    doc = parse(f"""
        Putin Putin PROPN NNP nsubj 1
        {verb} {lemma} VERB VBD ROOT 1
        {noun} {noun_lemma} NOUN NNS dobj 1
        with with ADP IN prep 1
        Kim Kim PROPN NNP pobj 3
    """)
    args = arguments.find(token(doc, noun), lexicon.LIGHT_VERBS)
    assert args.support is not None and args.support.text == verb
    assert texts(args.agents) == ["Putin"] and preps(args) == {"with": ["Kim"]}


def test_a_phrasal_support_verb() -> None:
    doc = parse("""
        Israel Israel PROPN NNP nsubj 1
        carried carry VERB VBD ROOT 1
        out out ADP RP prt 1
        strikes strike NOUN NNS dobj 1
        on on ADP IN prep 3
        Gaza Gaza PROPN NNP pobj 4
    """)
    args = arguments.find(token(doc, "strikes"), lexicon.LIGHT_VERBS)
    assert texts(args.agents) == ["Israel"] and preps(args) == {"on": ["Gaza"]}


def test_a_verb_that_is_no_support_verb_lends_nothing() -> None:
    doc = parse("""
        Kiev Kiev PROPN NNP nsubj 1
        condemned condemn VERB VBD ROOT 1
        the the DET DT det 3
        attack attack NOUN NN dobj 1
    """)
    args = arguments.find(token(doc, "attack"), lexicon.LIGHT_VERBS)
    assert args.support is None and args.agents == []
    assert texts(arguments.find(token(doc, "attack"), None).agents) == ["Kiev"]  # any verb supports


def test_complex_prepositions_are_kept_whole() -> None:
    doc = parse("""
        Minsk Minsk PROPN NNP nsubj 1
        sent send VERB VBD ROOT 1
        troops troop NOUN NNS dobj 1
        in in ADP IN prep 1
        support support NOUN NN pobj 3
        of of ADP IN prep 4
        Kiev Kiev PROPN NNP pobj 5
    """)
    assert preps(arguments.find(token(doc, "sent"), None))["in support of"] == ["Kiev"]


def test_words_of_a_class_by_themselves_their_modifiers_or_a_later_conjunct() -> None:
    doc = parse("""
        Rafale Rafale PROPN NNP compound 1
        fighters fighter NOUN NNS ROOT 1
        and and CCONJ CC cc 1
        tanks tank NOUN NNS conj 1
        and and CCONJ CC cc 3
        aid aid NOUN NN conj 3
    """)
    assert arguments.of_class(token(doc, "fighters"), lexicon.MILITARY_NOUNS)
    assert not arguments.of_class(token(doc, "aid"), lexicon.MILITARY_NOUNS)


# -- frames: relations -> roles, by the registry, on a hand-made resolution -------------


def resolution(doc: Doc, names: dict[int, tuple[EntityType, str]], acts_for: dict[str, str] | None = None):
    """A Resolution naming the tokens at the given indexes; ``acts_for``: person -> state."""
    from kg.model import Article, entity_key
    from kg.nlp.reference import Resolution
    from kg.nlp.reference.state import Cluster

    clusters: dict[EntityKey, Cluster] = {}
    for i, (type_, name) in names.items():
        clusters.setdefault(entity_key(type_, name), Cluster(type_, name, first=doc[i].idx))
    for person, state in (acts_for or {}).items():
        clusters[entity_key(EntityType.PERSON, person)].countries.add(entity_key(EntityType.COUNTRY, state))
    keys = {i: entity_key(type_, name) for i, (type_, name) in names.items()}
    article = Article(id="t", text=doc.text, origin="test")
    return Resolution(article=article, clusters=clusters, token_keys=keys, group_keys={}, demonyms=set())


def roles_of(doc: Doc, names: dict, word: str, type_, acts_for: dict[str, str] | None = None) -> dict[str, set[str]]:
    from kg.nlp.events import frames
    from kg.nlp.events.refs import Refs
    from kg.nlp.events.triggers import Match

    refs = Refs(doc, resolution(doc, names, acts_for))
    trigger = token(doc, word)
    table = type_.verbs if trigger.pos_ == "VERB" else type_.nouns
    (draft,) = frames.drafts(Match(type_, trigger, trigger.lemma_, table[trigger.lemma_]), refs)
    assert frames.complete(draft, refs)
    return {role.term: {k.name for k in keys} for role, keys in draft.roles.items() if keys}


P, C, PL = EntityType.PERSON, EntityType.COUNTRY, EntityType.PLACE


def test_a_meetings_subject_object_and_where() -> None:
    doc = parse("""
        Putin Putin PROPN NNP nsubj 1
        met meet VERB VBD ROOT 1
        Kim Kim PROPN NNP dobj 1
        in in ADP IN prep 1
        Beijing Beijing PROPN NNP pobj 3
    """)
    names = {0: (P, "Putin"), 2: (P, "Kim"), 4: (PL, "Beijing")}
    assert roles_of(doc, names, "met", MEETING) == {"participant": {"putin", "kim"}, "place": {"beijing"}}


def test_people_who_sign_are_signatories_and_their_states_parties() -> None:
    doc = parse("""
        Putin Putin PROPN NNP nsubj 3
        and and CCONJ CC cc 0
        Kim Kim PROPN NNP conj 0
        signed sign VERB VBD ROOT 3
        a a DET DT det 5
        treaty treaty NOUN NN dobj 3
    """)
    names = {0: (P, "Putin"), 2: (P, "Kim")}
    roles = roles_of(doc, names, "signed", TREATY_SIGNING, {"Putin": "Russia", "Kim": "North Korea"})
    assert roles == {"signatory": {"putin", "kim"}, "party": {"russia", "north korea"}}


def test_forces_stand_for_their_state_in_a_nominal_deployment() -> None:
    doc = parse("""
        the the DET DT det 1
        deployment deployment NOUN NN ROOT 1
        of of ADP IN prep 1
        Kenyan kenyan ADJ JJ amod 4
        police police NOUN NNS pobj 2
        to to ADP IN prep 1
        Haiti Haiti PROPN NNP pobj 5
    """)
    names = {3: (C, "Kenya"), 6: (C, "Haiti")}
    assert roles_of(doc, names, "deployment", MILITARY_DEPLOYMENT) == {
        "deployedBy": {"kenya"},
        "destination": {"haiti"},
    }


def test_an_attacker_is_never_also_its_target() -> None:
    doc = parse("""
        Russia Russia PROPN NNP nsubj 1
        invaded invade VERB VBD ROOT 1
        Ukraine Ukraine PROPN NNP dobj 1
        from from ADP IN prep 1
        Russia Russia PROPN NNP pobj 3
    """)
    names = {0: (C, "Russia"), 2: (C, "Ukraine"), 4: (C, "Russia")}
    assert roles_of(doc, names, "invaded", MILITARY_OPERATION) == {"attacker": {"russia"}, "target": {"ukraine"}}


def test_a_triggers_own_frame_takes_the_object_as_addressee() -> None:
    doc = parse("""
        Kim Kim PROPN NNP nsubj 1
        told tell VERB VBD ROOT 1
        Putin Putin PROPN NNP dobj 1
    """)
    names = {0: (P, "Kim"), 2: (P, "Putin")}
    assert roles_of(doc, names, "told", STATEMENT) == {"speaker": {"kim"}, "addressee": {"putin"}}


def test_a_person_and_the_state_he_acts_for_are_one_side() -> None:
    from kg.nlp.events import frames
    from kg.nlp.events.refs import Refs
    from kg.nlp.events.triggers import Match

    doc = parse("""
        Kim Kim PROPN NNP nsubj 1
        met meet VERB VBD ROOT 1
        Pyongyang Pyongyang PROPN NNP dobj 1
    """)
    refs = Refs(doc, resolution(doc, {0: (P, "Kim"), 2: (C, "North Korea")}, {"Kim": "North Korea"}))
    (draft,) = frames.drafts(Match(MEETING, token(doc, "met"), "meet", MEETING.verbs["meet"]), refs)
    assert not frames.complete(draft, refs)
