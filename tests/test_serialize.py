"""kg.rdf.serialize: five formats, the same triples, written atomically."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import OWL, PROV, XSD
from samples import sample_kb, union

from kg.errors import GraphError
from kg.rdf import iris
from kg.rdf import serialize as serialize_module
from kg.rdf.mapping import to_dataset, to_quads
from kg.rdf.serialize import FORMATS, serialize, write
from kg.rdf.vocab import KG

RDFLIB_FORMATS = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt", ".nq": "nquads", ".trig": "trig"}
KB = sample_kb()
ARTICLES = {iris.article_iri(article) for article in KB.articles}
KIM = "https://w3id.org/newskg/id/person/kim-jong-un"
PUTIN = "https://w3id.org/newskg/id/person/vladimir-putin"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return to_dataset(KB)


def _read(path: Path) -> Dataset:
    return Dataset().parse(path, format=RDFLIB_FORMATS[path.suffix])


@pytest.mark.parametrize("extension", sorted(FORMATS))
def test_every_format_parses_and_holds_the_same_triples(dataset, tmp_path, extension):
    path = tmp_path / f"graph{extension}"
    write(dataset, path)
    assert set(union(_read(path))) == set(union(dataset))


@pytest.mark.parametrize("extension", [".nq", ".trig"])
def test_quad_formats_keep_the_merged_graph_and_one_evidence_graph_per_article(dataset, tmp_path, extension):
    path = tmp_path / f"graph{extension}"
    write(dataset, path)
    read = _read(path)
    named = {
        graph.identifier for graph in read.graphs() if len(graph) and graph.identifier != read.default_graph.identifier
    }
    assert named == ARTICLES
    for article in ARTICLES:  # each article's evidence, in its graph
        assert set(read.graph(article).objects(None, PROV.wasDerivedFrom)) == {article}
        assert (article, None, None) in read.default_graph
    assert {OWL.sameAs, KG.linkConfidence, KG.participant} <= {p for _, p, _ in read.default_graph}


def test_turtle_uses_a_fixed_set_of_prefixes(dataset):
    turtle = serialize(dataset, "turtle").decode("utf-8")
    assert "@prefix kgr: <https://w3id.org/newskg/id/> ." in turtle
    assert "@prefix kg: <https://w3id.org/newskg/ontology#> ." in turtle
    prefixes = [line for line in turtle.splitlines() if line.startswith("@prefix")]
    assert len(prefixes) == 15  # kg schema prov skos owl rdfs xsd kgr + 7 kinds: none per article
    assert "person:kim-jong-un" in turtle and "\\/" not in turtle
    assert '"2024-06"^^xsd:gYearMonth' in turtle


def test_ntriples_are_the_union_and_nquads_name_the_article_graphs(dataset):
    lines = serialize(dataset, "nt").decode("utf-8").splitlines()
    assert len(lines) == len(set(lines)) == len(union(dataset))
    assert lines == sorted(lines)
    quads = serialize(dataset, "nq").decode("utf-8").splitlines()
    kim_type = f"<{KIM}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/newskg/ontology#Person>"
    assert sum(line.startswith(kim_type) for line in quads) == 1  # in the default graph only
    assert sum(line.startswith(kim_type) for line in lines) == 1


def test_jsonld_reads_as_plain_json(dataset):
    document = json.loads(serialize(dataset, "jsonld"))
    nodes = {node["@id"]: node for node in document["@graph"]}
    assert list(nodes) == sorted(nodes)
    (meeting,) = [node for node in nodes.values() if node["@type"] == "Meeting"]
    assert meeting["participant"] == [KIM, PUTIN]
    assert meeting["place"] == ["https://w3id.org/newskg/id/place/beijing"]  # a role: always an array
    assert meeting["date"] == {"@value": "2025-09-03", "@type": "xsd:date"}  # always with its precision
    assert meeting["label"] == "Meeting: Kim Jong-un, Vladimir Putin (2025-09-03)"
    assert meeting["cameoCode"] == "040"
    assert len(meeting["evidence"]) == len(meeting["wasDerivedFrom"]) == 2
    kim = nodes[KIM]
    assert kim["@type"] == "Person" and kim["label"] == "Kim Jong-un" and kim["altLabel"] == ["Kim"]
    assert kim["sameAs"] == "http://www.wikidata.org/entity/Q56226"
    assert kim["linkConfidence"] == "0.97"
    treaty = next(
        node for node in nodes.values() if node.get("date", {}) == {"@value": "2024-06", "@type": "xsd:gYearMonth"}
    )
    assert treaty["@type"] == "TreatySigning" and treaty["party"][0].endswith("/country/north-korea")
    evidence = nodes[meeting["evidence"][0]]
    assert evidence["@type"] == "Evidence" and isinstance(evidence["startOffset"], int)
    expulsion = next(node for node in nodes.values() if node.get("optional") is True)
    assert expulsion["claimedIn"][0].startswith("https://w3id.org/newskg/id/event/")
    article = next(node for node in nodes.values() if node.get("publisher") == "Transatlantic Press Agency")
    assert article["@type"] == "Article" and article["datePublished"] == "2010-04-08"
    assert article["url"] == "https://example.org/tpa/2010/04/08/new-start-signed-prague"


def test_jsonld_context_is_the_shipped_one(dataset):
    document = json.loads(serialize(dataset, "json-ld"))
    shipped = Path(serialize_module.__file__).parent.parent / "data" / "context.jsonld"
    assert document["@context"] == json.loads(shipped.read_text(encoding="utf-8"))["@context"]


def test_output_is_deterministic_whatever_the_input_order(dataset):
    shuffled = to_dataset(type(KB)(KB.articles[::-1], KB.entities[::-1], KB.events[::-1]))
    for fmt in FORMATS.values():
        assert serialize(shuffled, fmt) == serialize(dataset, fmt)


def test_quads_and_their_dataset_give_the_same_bytes(dataset):
    for fmt in FORMATS.values():
        assert serialize(to_quads(KB), fmt) == serialize(dataset, fmt)


def test_stream_output_gets_turtle(dataset):
    stream = io.BytesIO()
    write(dataset, stream)
    assert stream.getvalue() == serialize(dataset, "turtle")


def test_unknown_extension_names_the_path_and_the_formats(dataset, tmp_path):
    with pytest.raises(GraphError) as caught:
        write(dataset, tmp_path / "graph.rdf")
    message = str(caught.value)
    assert "graph.rdf" in message and ".ttl" in message and ".jsonld" in message and ".trig" in message
    with pytest.raises(GraphError, match="unknown graph format 'xml'"):
        serialize(dataset, "xml")


def test_failed_write_leaves_the_existing_file_and_no_temp_file(dataset, tmp_path, monkeypatch):
    path = tmp_path / "graph.ttl"
    path.write_bytes(b"# the previous build\n")

    def half_written(_dataset, _fmt, stream):
        stream.write(b"@prefix kg: <https://w3id.org/newskg/ontology#> .\nkg:Meeting a ")
        raise RuntimeError("serializer crashed")

    monkeypatch.setattr(serialize_module, "_emit", half_written)
    with pytest.raises(RuntimeError, match="serializer crashed"):
        write(dataset, path)
    assert path.read_bytes() == b"# the previous build\n"
    assert os.listdir(tmp_path) == ["graph.ttl"]


def test_unwritable_place_is_a_graph_error_naming_the_path(dataset, tmp_path):
    path = tmp_path / "missing-folder" / "graph.nq"
    with pytest.raises(GraphError, match=r"missing-folder/graph\.nq"):
        write(dataset, path)
    assert not path.parent.exists()


def test_rewrite_replaces_the_file_and_keeps_its_permissions(dataset, tmp_path):
    path = tmp_path / "graph.trig"
    path.write_bytes(b"old")
    path.chmod(0o640)
    write(dataset, path)
    assert path.read_bytes() == serialize(dataset, "trig")
    assert path.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["graph.trig"]


def test_invalid_iri_is_a_graph_error(tmp_path):
    dataset = Dataset()
    dataset.add((URIRef("https://w3id.org/newskg/id/person/not an iri"), OWL.sameAs, Literal("x", datatype=XSD.string)))
    with pytest.raises(GraphError, match="not an iri"):
        write(dataset, tmp_path / "graph.nt")
    assert os.listdir(tmp_path) == []
