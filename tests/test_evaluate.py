"""kg.eval against hand-built graphs: exact counts for each rule of the metric (no spaCy)."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from kg.errors import InputError
from kg.eval import Counts, DateCounts, EvalReport, LinkCounts, evaluate
from kg.events import MEETING, MILITARY_OPERATION, STATEMENT
from kg.model import EntityType, entity_key
from kg.options import BuildOptions
from kg.rdf import iris
from kg.rdf.vocab import KG

REPO = Path(__file__).resolve().parent.parent
DEV = REPO / "dev" / "articles"
SEEDS = REPO / "seeds"
D01A, D01B = "d01a_singapore_summit_wire", "d01b_singapore_summit_ledger"

TINY_TEXT = """---
title: Trump and Kim meet on Sentosa
source: Example Wire
published: 2018-06-12
url: https://example.org/wire/2018/06/12/trump-kim-sentosa
---
SINGAPORE — Donald Trump met Kim Jong-un on Sentosa on Tuesday, a day after the American president
held talks with Prime Minister Lee Hsien Loong. In a letter in June, Trump had told Kim the summit
was back on. Kim is expected to speak later. Lee said the island state was glad to help. Air China
flew Kim in.
"""

TINY_GOLD: dict[str, Any] = {
    "article": "tiny.txt",
    "entities": [
        {
            "name": "Donald Trump",
            "type": "Person",
            "aliases": ["Trump", "the American president"],
            "wikidata": "Q22686",
        },
        {"name": "Kim Jong-un", "type": "Person", "aliases": ["Kim"], "wikidata": "Q56226"},
        {"name": "Lee Hsien Loong", "type": "Person", "aliases": ["Lee"], "wikidata": None},
        {"name": "Singapore", "type": "Country", "aliases": ["the island state"], "wikidata": "Q334"},
        {"name": "Sentosa", "type": "Place", "aliases": [], "wikidata": None},
        {"name": "Air China", "type": "Organization", "aliases": [], "wikidata": None, "optional": True},
    ],
    "events": [
        {
            "type": "Meeting",
            "roles": {"participant": ["Donald Trump", "Kim Jong-un"], "place": ["Sentosa", "Singapore"]},
            "date": "2018-06-12",
        },
        {
            "type": "Meeting",
            "roles": {"participant": ["Donald Trump", "Lee Hsien Loong"], "place": ["Singapore"]},
            "date": "2018-06-11",
        },
        {"type": "Statement", "roles": {"speaker": ["Donald Trump"], "addressee": ["Kim Jong-un"]}, "date": "2018-06"},
        {"type": "Statement", "roles": {"speaker": ["Kim Jong-un"]}, "date": None, "optional": True},
        {"type": "Statement", "roles": {"speaker": ["Lee Hsien Loong"]}, "date": None},
    ],
}


# --------------------------------------------------------------------------- helpers


def write_tiny(directory: Path, gold: Mapping[str, Any] = TINY_GOLD) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "tiny.txt").write_text(TINY_TEXT, encoding="utf-8")
    (directory / "tiny.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return directory


def article_of(path: Path) -> URIRef:
    from kg.ingest import read_inputs

    article = next(iter(read_inputs([str(path)], BuildOptions())))
    return iris.article_iri(article)


def entity_node(type_: str, name: str) -> URIRef:
    return iris.entity_iri(entity_key(EntityType(type_), name))


def date_literal(value: str) -> Literal:
    from rdflib.namespace import XSD  # not at module level: pytest's collection probes it

    return Literal(value, datatype={10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(value)])


def add_entity(
    ds: Dataset,
    article: URIRef,
    type_: str,
    label: str,
    *,
    aliases: Iterable[str] = (),
    node: URIRef | None = None,
    qid: str | None = None,
) -> URIRef:
    node = node or entity_node(type_, label)
    graph = ds.graph(article)
    graph.add((node, RDF.type, KG[type_]))
    graph.add((node, RDFS.label, Literal(label)))
    for alias in aliases:
        graph.add((node, SKOS.altLabel, Literal(alias)))
    graph.add((node, PROV.wasDerivedFrom, article))
    if qid:
        ds.default_graph.add((node, OWL.sameAs, iris.wikidata_iri(qid)))  # links: the default graph
    return node


def add_event(
    ds: Dataset, article: URIRef, key: str, type_: str, roles: Mapping[str, Iterable[URIRef]], date: str | None = None
) -> URIRef:
    node = URIRef(iris.NAMESPACES["event"] + iris.digest(key))  # one node per test key
    graph = ds.graph(article)
    graph.add((node, RDF.type, KG[type_]))
    for role, values in roles.items():
        for value in values:
            graph.add((node, KG[role], value))
    if date:
        graph.add((node, KG.date, date_literal(date)))
    graph.add((node, PROV.wasDerivedFrom, article))
    return node


def graph_from_gold(
    gold: Mapping[str, Any],
    article: URIRef,
    ds: Dataset | None = None,
    *,
    leave_out: Iterable[str] = (),
    event_keys: Mapping[int, str] | None = None,
) -> Dataset:
    """The graph a perfect system would build; ``leave_out`` names entities (and their role
    values) it misses; ``event_keys`` gives some events a key of their own (to share nodes)."""
    ds = ds if ds is not None else Dataset()
    ds.graph(article).add((article, RDF.type, KG.Article))
    nodes = {}
    for entity in gold["entities"]:
        nodes[entity["name"]] = entity_node(entity["type"], entity["name"])
        if entity["name"] not in leave_out:
            add_entity(ds, article, entity["type"], entity["name"], aliases=entity["aliases"], qid=entity["wikidata"])
    for n, event in enumerate(gold["events"]):
        roles = {role: [nodes[v] for v in values if v not in leave_out] for role, values in event["roles"].items()}
        key = (event_keys or {}).get(n, f"{article}#{n}")
        add_event(ds, article, key, event["type"], roles, event["date"])
    return ds


def gold_json(name: str, directory: Path = DEV) -> dict[str, Any]:
    return json.loads((directory / f"{name}.gold.json").read_text(encoding="utf-8"))


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, URIRef]:
    directory = write_tiny(tmp_path / "gold")
    return directory, article_of(directory / "tiny.txt")


def only(report: EvalReport):
    (score,) = report.articles
    return score


# --------------------------------------------------------------------------- entities


def test_a_perfect_graph_scores_one(tiny: tuple[Path, URIRef]) -> None:
    directory, article = tiny
    report = evaluate(directory, graph_from_gold(TINY_GOLD, article))
    assert report.summary() == {
        "entity_f1": 1.0,
        "core_argument_f1": 1.0,
        "statement_argument_f1": 1.0,
        "date_accuracy": 1.0,
        "date_accuracy_over_all": 1.0,
        "duplicate_events": 0,
    }
    score = only(report)
    assert score.entities == Counts(5, 0, 0)  # Air China is optional: neither rewarded nor penalised
    assert score.arguments[MEETING] == Counts(7, 0, 0)
    assert score.arguments[STATEMENT] == Counts(3, 0, 0)  # the optional Statement is neutral
    assert score.events[STATEMENT] == Counts(2, 0, 0)
    assert score.dates == DateCounts(correct=3, total=3, spurious=0, undated=1)
    assert report.links(EntityType.PERSON) == LinkCounts(correct=2)
    assert report.links(EntityType.COUNTRY) == LinkCounts(correct=1)
    assert report.misses == () and report.spurious == ()


def test_a_perfect_graph_of_a_real_dev_article_scores_one() -> None:
    gold = gold_json(D01A)
    report = evaluate(DEV, graph_from_gold(gold, article_of(DEV / f"{D01A}.txt")))
    assert [a.article for a in report.articles] == [D01A]
    assert report.summary()["entity_f1"] == 1.0
    assert report.summary()["core_argument_f1"] == 1.0
    assert report.summary()["statement_argument_f1"] == 1.0
    assert report.summary()["date_accuracy"] == 1.0
    linked = sum(1 for e in gold["entities"] if e["wikidata"])
    assert report.links() == LinkCounts(correct=linked)


def test_a_missing_entity_lowers_recall(tiny: tuple[Path, URIRef]) -> None:
    directory, article = tiny
    report = evaluate(directory, graph_from_gold(TINY_GOLD, article, leave_out={"Lee Hsien Loong"}))
    score = only(report)
    assert score.entities == Counts(4, 0, 1)
    assert score.entities.recall == pytest.approx(0.8)
    assert score.entities.precision == 1.0
    assert score.arguments[MEETING] == Counts(6, 0, 1)
    assert ("entity", "Person", "Lee Hsien Loong") in {(f.kind, f.type, f.name) for f in report.misses}


def test_a_second_node_for_one_gold_entity_is_a_false_positive(tiny: tuple[Path, URIRef]) -> None:
    directory, article = tiny
    ds = graph_from_gold(TINY_GOLD, article)
    add_entity(ds, article, "Person", "Trump")  # its own IRI: person/trump
    report = evaluate(directory, ds)
    assert only(report).entities == Counts(5, 1, 0)
    (extra,) = report.spurious
    assert (extra.kind, extra.name, extra.gold) == ("entity", "Trump", "duplicate of Donald Trump")


def test_names_match_by_alias_and_without_a_leading_the(tiny: tuple[Path, URIRef]) -> None:
    directory, article = tiny
    ds = Dataset()
    add_entity(ds, article, "Person", "The American President")  # an alias, "the" dropped
    add_entity(ds, article, "Person", "KIM")
    add_entity(ds, article, "Person", "Lee H. Loong", aliases=["Lee Hsien-Loong"])  # via altLabel
    add_entity(ds, article, "Country", "Singapore")
    add_entity(ds, article, "Place", "Sentosa")
    assert only(evaluate(directory, ds)).entities == Counts(5, 0, 0)


def test_a_node_of_the_wrong_type_does_not_match(tiny: tuple[Path, URIRef]) -> None:
    directory, article = tiny
    ds = graph_from_gold(TINY_GOLD, article, leave_out={"Singapore"})
    place = add_entity(ds, article, "Place", "Singapore")
    for meeting in list(ds.graph(article).subjects(RDF.type, KG.Meeting)):
        ds.graph(article).add((meeting, KG.place, place))
    score = only(evaluate(directory, ds))
    assert score.entities == Counts(5 - 1, 1, 1)
    assert score.arguments[MEETING] == Counts(5, 2, 2)


# --------------------------------------------------------------------------- optional gold


def test_optional_gold_entities_and_events_are_neutral(tiny: tuple[Path, URIRef]) -> None:
    directory, article = tiny
    without = copy.deepcopy(TINY_GOLD)
    without["entities"] = [e for e in without["entities"] if not e.get("optional")]
    without["events"] = [e for e in without["events"] if not e.get("optional")]
    lean = only(evaluate(directory, graph_from_gold(without, article)))
    full = only(evaluate(directory, graph_from_gold(TINY_GOLD, article)))
    assert (lean.entities, lean.arguments, lean.events) == (full.entities, full.arguments, full.events)
    # An extra predicted Statement aligned to the optional one (Kim speaking) is neutral too,
    # even with an argument the gold event does not have.
    ds = graph_from_gold(without, article)
    kim, lee = entity_node("Person", "Kim Jong-un"), entity_node("Person", "Lee Hsien Loong")
    add_event(ds, article, "kim-speaks", "Statement", {"speaker": [kim], "addressee": [lee]})
    extra = only(evaluate(directory, ds))
    assert extra.arguments[STATEMENT] == Counts(3, 0, 0)
    assert extra.events[STATEMENT] == Counts(2, 0, 0)


# --------------------------------------------------------------------------- events


def _entities_only(article: URIRef) -> tuple[Dataset, dict[str, URIRef]]:
    no_events = {**TINY_GOLD, "events": []}
    nodes = {e["name"]: entity_node(e["type"], e["name"]) for e in TINY_GOLD["entities"]}
    return graph_from_gold(no_events, article), nodes


def test_alignment_picks_the_gold_event_with_most_shared_arguments(tiny: tuple[Path, URIRef]) -> None:
    directory, article = tiny
    ds, n = _entities_only(article)
    # Shares Trump and Singapore with both Meetings, and Lee with the second only.
    add_event(
        ds,
        article,
        "m",
        "Meeting",
        {"participant": [n["Donald Trump"], n["Lee Hsien Loong"]], "place": [n["Singapore"]]},
        "2018-06-11",
    )
    report = evaluate(directory, ds)
    score = only(report)
    assert score.arguments[MEETING] == Counts(3, 0, 4)
    assert score.events[MEETING] == Counts(1, 0, 1)
    missed = [f.name for f in report.misses if f.kind == "event" and f.type == "Meeting"]
    assert missed == ["Meeting(participant: Donald Trump, Kim Jong-un; place: Sentosa, Singapore) 2018-06-12"]


def test_alignment_ties_are_broken_by_the_date(tiny: tuple[Path, URIRef]) -> None:
    directory, article = tiny
    ds, n = _entities_only(article)
    # Trump and Singapore: two shared arguments with either Meeting; the date says which.
    add_event(
        ds, article, "m", "Meeting", {"participant": [n["Donald Trump"]], "place": [n["Singapore"]]}, "2018-06-12"
    )
    report = evaluate(directory, ds)
    # the two dated gold events nothing aligned to count against the accuracy over all
    assert only(report).dates == DateCounts(correct=1, total=1, missed=2)
    assert (only(report).dates.accuracy, only(report).dates.accuracy_over_all) == (1.0, 1 / 3)
    missed = [f.name for f in report.misses if f.kind == "event" and f.type == "Meeting"]
    assert missed == ["Meeting(participant: Donald Trump, Lee Hsien Loong; place: Singapore) 2018-06-11"]


def test_an_unaligned_predicted_event_counts_its_arguments_as_false_positives(tiny: tuple[Path, URIRef]) -> None:
    directory, article = tiny
    ds, n = _entities_only(article)
    add_event(ds, article, "op", "MilitaryOperation", {"attacker": [n["Singapore"]], "target": [n["Sentosa"]]})
    score = only(evaluate(directory, ds))
    assert score.arguments[MILITARY_OPERATION] == Counts(0, 2, 0)
    assert score.events[MILITARY_OPERATION] == Counts(0, 1, 0)
    assert score.arguments[MEETING] == Counts(0, 0, 7)


def test_two_nodes_for_one_gold_event_are_a_duplicate(tiny: tuple[Path, URIRef]) -> None:
    directory, article = tiny
    ds = graph_from_gold(TINY_GOLD, article)
    n = {e["name"]: entity_node(e["type"], e["name"]) for e in TINY_GOLD["entities"]}
    add_event(
        ds, article, "again", "Meeting", {"participant": [n["Donald Trump"], n["Kim Jong-un"]]}, "2018-06"
    )  # compatible with 2018-06-12
    add_event(
        ds, article, "other", "Meeting", {"participant": [n["Donald Trump"], n["Kim Jong-un"]]}, "2017-11-08"
    )  # another date: a spurious event, not a duplicate
    report = evaluate(directory, ds)
    score = only(report)
    assert report.duplicate_events == score.duplicates == 1
    assert score.arguments[MEETING] == Counts(7, 4, 0)
    assert score.events[MEETING] == Counts(2, 2, 0)
    (duplicate,) = [f for f in report.spurious if f.kind == "duplicate"]
    assert duplicate.predicted.count(" ") == 1  # two nodes named


# --------------------------------------------------------------------------- dates


def test_dates_are_compared_at_the_gold_precision(tiny: tuple[Path, URIRef]) -> None:
    directory, article = tiny
    ds = Dataset()
    gold = copy.deepcopy(TINY_GOLD)
    gold["events"][0]["date"] = "2018-06"  # the gold says 2018-06-12
    gold["events"][1]["date"] = None  # the gold says 2018-06-11
    gold["events"][4]["date"] = "2018-06-12"  # the gold has no date
    report = evaluate(directory, graph_from_gold(gold, article, ds))
    score = only(report)
    assert score.dates == DateCounts(correct=1, total=3, spurious=1, undated=1)
    assert report.summary()["date_accuracy"] == pytest.approx(1 / 3)
    wrong = {(f.predicted, f.gold) for f in report.misses if f.kind == "date"}
    assert wrong == {("2018-06", "2018-06-12"), ("none", "2018-06-11"), ("2018-06-12", "none")}
    assert score.arguments[MEETING] == Counts(7, 0, 0)  # dates do not touch arguments


# --------------------------------------------------------------------------- links


def test_links_are_correct_wrong_missing_or_unverifiable(tiny: tuple[Path, URIRef]) -> None:
    directory, article = tiny
    ds = Dataset()
    add_entity(ds, article, "Person", "Donald Trump", qid="Q22686")
    add_entity(ds, article, "Person", "Kim Jong-un", qid="Q1")
    add_entity(ds, article, "Person", "Lee Hsien Loong", qid="Q57643")  # the gold has no item
    add_entity(ds, article, "Country", "Singapore")
    add_entity(ds, article, "Place", "Sentosa")
    report = evaluate(directory, ds)
    assert report.links(EntityType.PERSON) == LinkCounts(correct=1, wrong=1, unverifiable=1)
    assert report.links(EntityType.COUNTRY) == LinkCounts(missing=1)
    assert report.links(EntityType.PLACE) == LinkCounts()
    links = {(f.name, f.predicted, f.gold) for f in report.misses if f.kind == "link"}
    assert links == {("Kim Jong-un", "Q1", "Q56226"), ("Singapore", "none", "Q334")}


def test_an_unlinked_graph_lists_no_link_misses(tiny: tuple[Path, URIRef]) -> None:
    directory, article = tiny
    unlinked = copy.deepcopy(TINY_GOLD)
    for entity in unlinked["entities"]:
        entity["wikidata"] = None  # the graph gets no owl:sameAs at all
    report = evaluate(directory, graph_from_gold(unlinked, article))
    assert not report.linked
    assert report.links(EntityType.PERSON) == LinkCounts(missing=2)  # still counted
    assert not [f for f in report.misses if f.kind == "link"]  # but not listed one by one
    assert "Wikidata links: none in the graph" in report.render()


# --------------------------------------------------------------------------- one graph, many articles


def _pair_graph(shared: Mapping[str, Mapping[int, str]]) -> Dataset:
    ds = Dataset()
    for name in (D01A, D01B):
        graph_from_gold(gold_json(name), article_of(DEV / f"{name}.txt"), ds, event_keys=shared.get(name))
    return ds


def test_graph_mode_scores_each_article_on_what_was_derived_from_it() -> None:
    report = evaluate(DEV, _pair_graph({}))
    assert [a.article for a in report.articles] == [D01A, D01B]
    assert len(report.not_in_graph) == 14
    for score in report.articles:
        assert score.entities.fp == score.entities.fn == 0
        assert score.all_arguments.fp == score.all_arguments.fn == 0
        assert score.dates.correct == score.dates.total
        assert score.duplicates == 0
    # Each article has its own node for the five events both report: the summit Meeting and
    # signing, Trump's news conference, Kim and Moon at Panmunjom, and the G7 summit.
    assert report.duplicate_events == 5
    assert report.summary()["entity_f1"] == 1.0


def test_one_node_per_real_event_is_no_duplicate() -> None:
    # The summit Meeting, the signing and Trump's news conference as one node each.
    shared = {D01A: {0: "summit", 1: "signing", 3: "presser"}, D01B: {0: "summit", 1: "signing", 5: "presser"}}
    report = evaluate(DEV, _pair_graph(shared))
    assert report.duplicate_events == 5 - 3
    assert report.summary()["core_argument_f1"] == 1.0
    assert report.summary()["statement_argument_f1"] == 1.0


def test_graph_mode_with_two_gold_articles_of_a_directory(tmp_path: Path) -> None:
    for name in (D01A, D01B):
        for suffix in (".txt", ".gold.json"):
            shutil.copy(DEV / f"{name}{suffix}", tmp_path / f"{name}{suffix}")
    only_b = graph_from_gold(gold_json(D01B), article_of(tmp_path / f"{D01B}.txt"))
    report = evaluate(tmp_path, only_b)
    assert report.not_in_graph == (D01A,)
    assert [a.article for a in report.articles] == [D01B]


# --------------------------------------------------------------------------- building each article alone


@pytest.mark.slow
def test_without_a_graph_each_article_is_built_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline = pytest.importorskip("kg.pipeline")
    calls: list[tuple[list[str], BuildOptions]] = []

    def build(inputs: list[str], options: BuildOptions) -> SimpleNamespace:
        calls.append((inputs, options))
        path = Path(inputs[0])
        gold = gold_json(path.name[: -len(".txt")], path.parent)
        return SimpleNamespace(graph=graph_from_gold(gold, iris.article_iri(path.stem)), failures=())

    monkeypatch.setattr(pipeline, "build", build)
    report = evaluate([DEV, SEEDS], options=BuildOptions(source="Fallback"))
    assert len(report.articles) == len(calls) == 18
    assert all(len(inputs) == 1 for inputs, _ in calls)
    seed = next(options for inputs, options in calls if "000_" in inputs[0])
    assert str(seed.published) == "2025-09-03"  # from the gold file: the page carries no date
    assert seed.source == "Fallback"  # the caller's options come first
    assert set(report.summary().values()) == {1.0, 0}


# --------------------------------------------------------------------------- output and errors


def test_render_and_json(tiny: tuple[Path, URIRef]) -> None:
    directory, article = tiny
    report = evaluate(directory, graph_from_gold(TINY_GOLD, article, leave_out={"Sentosa"}))
    text = report.render()
    assert "entities" in text and "Per article" in text and "core (all but Statement)" in text
    assert "Misses" in text and "Sentosa" in text
    assert "dates correct at gold precision: 3/3" in text
    data = json.loads(json.dumps(report.to_json()))
    assert data["summary"]["entity_f1"] == pytest.approx(2 * 0.8 / 1.8, abs=1e-4)
    assert data["entities"] == {
        "tp": 4,
        "fp": 0,
        "fn": 1,
        "precision": 1.0,
        "recall": 0.8,
        "f1": pytest.approx(0.8889, abs=1e-4),
    }
    assert {"kind": "entity", "article": "tiny", "type": "Place", "name": "Sentosa"} in data["misses"]


def test_a_role_value_that_names_no_entity_is_an_input_error(tmp_path: Path) -> None:
    gold = copy.deepcopy(TINY_GOLD)
    gold["events"][0]["roles"]["participant"].append("Moon Jae-in")
    write_tiny(tmp_path, gold)
    with pytest.raises(InputError, match=r"tiny\.gold\.json.*Moon Jae-in"):
        evaluate(tmp_path, Dataset())


def test_a_gold_file_without_its_article_is_an_input_error(tmp_path: Path) -> None:
    write_tiny(tmp_path)
    (tmp_path / "tiny.txt").unlink()
    with pytest.raises(InputError, match=r"tiny\.txt"):
        evaluate(tmp_path, Dataset())


def test_a_missing_gold_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a directory"):
        evaluate(tmp_path / "nowhere", Dataset())


def test_a_directory_without_gold_files_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no NAME\.gold\.json files"):
        evaluate(tmp_path, Dataset())


def test_an_unreadable_article_is_named_and_its_gold_counted_as_missed(tiny: tuple[Path, URIRef]) -> None:
    directory, article = tiny
    broken = directory.parent / "broken"
    write_tiny(broken)
    (broken / "tiny.txt").write_bytes(b"\x00\x01 not text")
    report = evaluate([directory, broken], graph_from_gold(TINY_GOLD, article))
    assert report.unreadable == {"tiny": report.articles[1].unreadable}
    assert "binary" in report.articles[1].unreadable
    readable, unreadable = report.articles
    assert readable.entities.fn == 0 and unreadable.entities.tp == 0
    assert unreadable.entities.fn == readable.entities.tp  # every gold entity missed
    assert "Unreadable, its gold counted as missed: tiny" in report.render()


def test_several_gold_folders_are_reported_each_and_together(tiny: tuple[Path, URIRef]) -> None:
    directory, article = tiny
    other = write_tiny(directory.parent / "other")
    report = evaluate([directory, other], graph_from_gold(TINY_GOLD, article))
    assert report.sets() == [str(directory), str(other)]
    first = report.only(str(directory))
    assert [a.set for a in first.articles] == [str(directory)]
    assert first.summary()["entity_f1"] == 1.0
    text = report.render()
    assert f"== {directory} (1 articles)" in text and "== all sets (2 articles)" in text
    assert set(report.to_json()["sets"]) == {str(directory), str(other)}
