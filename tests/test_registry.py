"""The event-type registry: entries are checked, roles are typed, and a sixth type added by
an entry plus its ontology terms is extracted, merged, mapped, validated and scored with no
other change to kg."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDF, Graph

from kg.events import MEETING, MeetingRole
from kg.model import Article, EntityKey, EntityType, Event, EventKey, Evidence
from kg.registry import (
    AGENTS,
    LOCATIONS,
    EventType,
    Frame,
    Requirement,
    Role,
    RoleSpec,
    cue,
    event_type,
    event_types,
    register,
    trigger,
    unregister,
)

# -- the toy type: an entry and its ontology terms, nothing else ----------------------


class ProtestRole(Role):
    PROTESTER = RoleSpec("protester", AGENTS, key=True)
    PLACE = RoleSpec("protestPlace", LOCATIONS, locative="setting")


PROTEST_ONTOLOGY = """
@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
kg:Protest a owl:Class ; rdfs:subClassOf kg:Event ; rdfs:label "protest"@en .
kg:protester a owl:ObjectProperty ; rdfs:subPropertyOf kg:involves ; rdfs:label "protester"@en .
kg:protestPlace a owl:ObjectProperty ; rdfs:subPropertyOf kg:involves ; rdfs:label "protest place"@en .
"""


def protest_entry() -> EventType:
    """CAMEO 14 (protest): 141 demonstrate or rally."""
    return EventType(
        name="Protest",
        roles=ProtestRole,
        cameo="140",
        requires=(Requirement((ProtestRole.PROTESTER,), 1),),
        verbs={"protest": trigger("141"), "demonstrate": trigger("141"), "rally": trigger("141")},
        nouns={"protest": trigger("141"), "demonstration": trigger("141")},
        frame=Frame(
            agent=(ProtestRole.PROTESTER,),
            preps=dict.fromkeys(("in", "at", "outside"), (ProtestRole.PLACE,)),
        ),
        on_the_day=True,
        ontology=PROTEST_ONTOLOGY,
    )


@pytest.fixture
def protest() -> Iterator[EventType]:
    entry = register(protest_entry())
    yield entry
    unregister("Protest")


TEXT_A = (
    "CAIRO — Members of the Muslim Brotherhood protested in Cairo on Friday against the new "
    "constitution, witnesses said."
)
TEXT_B = "The Muslim Brotherhood demonstrated in Cairo on Friday, its spokesman said."


def articles() -> list[Article]:
    published = dt.date(2013, 7, 6)
    return [
        Article(id="wire", text=TEXT_A, origin="wire.txt", published=published, source="Wire"),
        Article(id="ledger", text=TEXT_B, origin="ledger.txt", published=published, source="Ledger"),
    ]


@pytest.mark.slow
def test_a_sixth_type_is_extracted_merged_mapped_and_validated(protest: EventType) -> None:
    from kg.pipeline import build_articles
    from kg.rdf.vocab import term

    result = build_articles(articles())
    (event,) = [e for e in result.kb.events if e.type is protest]
    brotherhood = EntityKey(EntityType.ORGANIZATION, "muslim brotherhood")
    assert event.role(ProtestRole.PROTESTER) == (brotherhood,)
    assert event.role(ProtestRole.PLACE) == (EntityKey(EntityType.PLACE, "cairo"),)
    assert event.sources == {"wire", "ledger"}  # one node, two reports
    assert event.cameo == "141" and event.date is not None and event.date.value == "2013-07-05"
    assert result.report.conforms, result.report.text()
    protests = set(result.graph.subjects(RDF.type, term("Protest")))
    assert len(protests) == 1
    assert {str(o) for o in result.graph.objects(next(iter(protests)), term("protester"))} == {
        "https://w3id.org/newskg/id/organization/muslim-brotherhood"
    }


def test_a_sixth_type_gets_shapes_from_its_entry(protest: EventType) -> None:
    from kg.rdf.vocab import term
    from kg.validation import validate

    graph = Graph().parse(
        data="""
        @prefix kg: <https://w3id.org/newskg/ontology#> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        <https://w3id.org/newskg/id/event/p> a kg:Protest ;
            prov:wasDerivedFrom <https://w3id.org/newskg/id/article/a> ;
            kg:protestPlace <https://w3id.org/newskg/id/place/cairo> .
        <https://w3id.org/newskg/id/place/cairo> a kg:Place .
        """,
        format="turtle",
    )
    shapes = {v.shape.rsplit("#", 1)[1] for v in validate(graph).violations}
    assert {"Protest-protester-count", "Event-evidence"} <= shapes
    assert term("Protest").endswith("#Protest")


@pytest.mark.slow
def test_a_sixth_type_is_scored(protest: EventType, tmp_path: Path) -> None:
    from kg.eval import evaluate

    (tmp_path / "cairo.txt").write_text(f"---\npublished: 2013-07-06\n---\n{TEXT_A}\n", encoding="utf-8")
    gold = {
        "entities": [
            {"name": "Muslim Brotherhood", "type": "Organization"},
            {"name": "Cairo", "type": "Place"},
        ],
        "events": [
            {
                "type": "Protest",
                "roles": {"protester": ["Muslim Brotherhood"], "protestPlace": ["Cairo"]},
                "date": "2013-07-05",
                "evidence": "Members of the Muslim Brotherhood protested in Cairo on Friday",
            }
        ],
    }
    (tmp_path / "cairo.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    report = evaluate(tmp_path)
    scored = report.arguments(protest)
    assert (scored.tp, scored.fp, scored.fn) == (2, 0, 0), report.render()
    assert report.summary()["core_argument_f1"] == 1.0


# -- the registry's checks --------------------------------------------------------------


def test_a_misspelt_role_is_an_error_not_an_empty_answer() -> None:
    event = Event(
        key=EventKey("Meeting", "a", 0),
        type=MEETING,
        roles=Event.make_roles({MeetingRole.PARTICIPANT: [EntityKey(EntityType.PERSON, "kim jong un")]}),
        evidence=(Evidence("a", "Kim met.", 0, 8),),
    )
    assert event.role("participant") == (EntityKey(EntityType.PERSON, "kim jong un"),)
    with pytest.raises(KeyError, match="participant, place"):
        event.role("particpant")
    with pytest.raises(ValueError, match="not a role of Meeting"):
        Event(
            key=EventKey("Meeting", "a", 0),
            type=MEETING,
            roles=Event.make_roles({ProtestRole.PROTESTER: [EntityKey(EntityType.PERSON, "x")]}),
            evidence=(),
        )


def test_an_entry_naming_another_types_role_or_an_unknown_cue_is_refused() -> None:
    with pytest.raises(ValueError, match="not one of its roles"):
        register(
            EventType(
                name="Broken",
                roles=ProtestRole,
                cameo="140",
                requires=(Requirement((MeetingRole.PARTICIPANT,), 2),),
            )
        )
    with pytest.raises(ValueError, match="unknown cue relation 'objct'"):
        register(
            EventType(
                name="Broken",
                roles=ProtestRole,
                cameo="140",
                requires=(),
                verbs={"protest": trigger(needs=cue("objct"))},
            )
        )
    assert "Broken" not in {t.name for t in event_types()}


def test_an_unknown_type_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="Meeting, TreatySigning"):
        event_type("Protset")


def test_event_types_survive_pickling_as_the_registered_entries() -> None:
    import pickle

    assert pickle.loads(pickle.dumps(MEETING)) is MEETING
    assert pickle.loads(pickle.dumps(MeetingRole.PLACE)) is MeetingRole.PLACE
