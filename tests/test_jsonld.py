"""JSON-LD for web code: the shipped context, the stable shape, and a JSON-LD processor
(pyld) expanding, compacting and framing kg's documents to the same triples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from pyld import jsonld
from rdflib import Graph
from rdflib.compare import isomorphic
from samples import sample_kb, union
from test_roundtrip import PROPERTY, knowledge_bases

from kg.rdf.jsonld import context, context_document
from kg.rdf.mapping import to_dataset
from kg.rdf.serialize import serialize
from kg.registry import event_types

ROOT = Path(__file__).resolve().parent.parent


def _no_network(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    raise AssertionError(f"pyld tried to load {url}: kg's documents carry their context inline")


@pytest.fixture(autouse=True)
def offline_loader():
    previous = jsonld.get_document_loader()
    jsonld.set_document_loader(_no_network)
    yield
    jsonld.set_document_loader(previous)


def _triples(document: Any) -> Graph:
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    return Graph().parse(data=nquads, format="nt")


def _document(kb) -> dict[str, Any]:
    return json.loads(serialize(to_dataset(kb), "jsonld"))


def test_the_shipped_context_is_generated_from_the_registry() -> None:
    shipped = (ROOT / "kg" / "data" / "context.jsonld").read_text(encoding="utf-8")
    assert shipped == context_document(), "run: python scripts/gen_context.py"
    assert (ROOT / "context.jsonld").resolve() == (ROOT / "kg" / "data" / "context.jsonld").resolve()


def test_every_role_of_every_type_is_a_set_of_iris() -> None:
    terms = context()
    for type_ in event_types():
        assert terms[type_.name] == f"kg:{type_.name}"
        for role in type_.roles:
            assert terms[role.term] == {"@id": f"kg:{role.term}", "@type": "@id", "@container": "@set"}


def test_pyld_expands_compacts_and_frames_to_the_same_triples() -> None:
    kb = sample_kb()
    written = union(to_dataset(kb))
    document = _document(kb)
    expanded = jsonld.expand(document)
    assert isomorphic(_triples(expanded), written)
    compacted = jsonld.compact(expanded, {"@context": context()})
    assert isomorphic(_triples(compacted), written)
    framed = jsonld.frame(document, {"@context": context(), "@embed": "@never"})
    assert isomorphic(_triples(framed), written)
    meetings = jsonld.frame(document, {"@context": context(), "@type": "Meeting"})
    (meeting,) = meetings.get("@graph", [meetings])  # one match is framed as the top node
    assert meeting["participant"][0]["@id"].endswith("person/kim-jong-un")  # embedded, as framing does


@PROPERTY
@given(knowledge_bases())
def test_the_shape_is_stable(kb) -> None:
    """Roles are always arrays and dates always value objects typed with their precision."""
    roles = {r.term for t in event_types() for r in t.roles}
    for node in _document(kb)["@graph"]:
        for key, value in node.items():
            if key in roles or key in ("evidence", "wasDerivedFrom", "altLabel", "claimedIn"):
                assert isinstance(value, list), (key, value)
        if "date" in node:
            assert set(node["date"]) == {"@value", "@type"}
            assert node["date"]["@type"] in ("xsd:date", "xsd:gYearMonth", "xsd:gYear")
