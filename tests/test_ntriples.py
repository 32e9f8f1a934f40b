"""kg.rdf.ntriples: the same bytes as pyoxigraph's own N-Triples/N-Quads writer, sorted.

The reference below is how kg wrote N-Quads before: every term converted to a pyoxigraph
term, written by pyoxigraph, then deduplicated and sorted line by line.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import XSD
from samples import sample_kb

from kg.errors import GraphError
from kg.rdf.mapping import to_quads
from kg.rdf.ntriples import sorted_lines
from kg.rdf.serialize import serialize


def _ox(term):
    if term is None:
        return ox.DefaultGraph()
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    return ox.NamedNode(str(term))


def reference(quads, named_graphs: bool) -> bytes:
    """Graph by graph (default first, then by name), each graph's lines sorted and unique."""
    graphs: dict[bytes, list[ox.Triple]] = {}
    for s, p, o, g in quads:
        suffix = b"" if g is None or not named_graphs else f" {_ox(g)} .".encode()
        graphs.setdefault(suffix, []).append(ox.Triple(_ox(s), _ox(p), _ox(o)))
    out = b""
    for suffix in sorted(graphs):
        lines = sorted(set(ox.serialize(graphs[suffix], format=ox.RdfFormat.N_TRIPLES).splitlines()))
        out += b"".join((line[:-2] + suffix if suffix else line) + b"\n" for line in lines)
    return out


def written(quads, named_graphs: bool) -> bytes:
    return b"".join(sorted_lines(quads, named_graphs))


text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12) | st.text(
    st.sampled_from(list('\x00\x08\t\n\x0b\x0c\r\x1f"\\\x7f\x80\u2028\ufffe\uffffa “é')), max_size=12
)
iris = st.lists(st.sampled_from(["a", "x", "-", "/", "%20", "é", "?q=1"]), max_size=5).map(
    lambda parts: URIRef("https://w3id.org/newskg/id/" + "".join(parts))
)
datatypes = st.sampled_from([XSD.string, XSD.integer, XSD.date, XSD.gYear, XSD.anyURI, XSD.decimal])
literals = st.one_of(
    st.builds(Literal, text),
    st.builds(lambda t, lang: Literal(t, lang=lang), text, st.sampled_from(["en", "EN-gb", "ru", "zh-Hant"])),
    st.builds(lambda t, dt: Literal(t, datatype=dt), text, datatypes),
    st.builds(Literal, st.integers(-(10**20), 10**20)),
    st.builds(Literal, st.booleans()),
)
subjects = iris | st.builds(BNode, st.text("abcdef0123", min_size=1, max_size=5))
quads = st.lists(st.tuples(subjects, iris, iris | literals | subjects, st.none() | iris), max_size=30).flatmap(
    lambda qs: st.just(qs + qs[: len(qs) // 3])
)  # some statements twice


@settings(max_examples=150, deadline=None)
@given(quads, st.booleans())
def test_the_same_bytes_as_pyoxigraph_writes(quads, named_graphs):
    assert written(quads, named_graphs) == reference(quads, named_graphs)


def test_a_built_knowledge_base_is_written_as_before():
    quads = to_quads(sample_kb())
    for named_graphs in (True, False):
        assert written(quads, named_graphs) == reference(quads, named_graphs)


@pytest.mark.parametrize("fmt", ["nq", "nt"])
def test_the_dev_articles_are_written_as_before(dev_build, fmt):
    assert serialize(dev_build.quads, fmt) == reference(dev_build.quads, named_graphs=fmt == "nq")


def test_a_dataset_is_written_graph_by_graph():
    dataset = Dataset()
    a, b = URIRef("https://example.org/a"), URIRef("https://example.org/b")
    dataset.graph(b).add((a, a, Literal("x")))
    dataset.graph(a).add((a, a, Literal("y")))
    dataset.add((a, a, Literal("z")))
    assert serialize(dataset, "nq").decode().splitlines() == [
        '<https://example.org/a> <https://example.org/a> "z" .',
        '<https://example.org/a> <https://example.org/a> "y" <https://example.org/a> .',
        '<https://example.org/a> <https://example.org/a> "x" <https://example.org/b> .',
    ]


@pytest.mark.parametrize(
    "quad",
    [
        (URIRef("https://example.org/a b"), URIRef("https://example.org/p"), Literal("x"), None),
        (
            URIRef("https://example.org/a"),
            URIRef("https://example.org/p"),
            Literal("x", datatype=URIRef("no scheme")),
            None,
        ),
        (Literal("x"), URIRef("https://example.org/p"), Literal("x"), None),
    ],
)
def test_what_cannot_be_written_is_a_graph_error(quad):
    with pytest.raises(GraphError):
        written([quad], named_graphs=True)
