"""Quads of rdflib terms -> canonical N-Quads / N-Triples lines, sorted and duplicate-free.

The lines are the bytes pyoxigraph's own N-Triples writer gives for the same terms (IRIs as
they are, literals escaped as it escapes them, language tags in lower case), so every
format kg writes stays byte for byte what it was. The work is done column by column with
``map`` and ``zip`` over builtins, which run in C: a Python loop over every term of a
million quads costs seconds, much of it in rdflib's ``__eq__`` and ``__hash__``, written in
Python. IRIs are looked up by their text (a plain ``str``, hashed and compared in C), and
pyoxigraph checks each distinct IRI, blank node and language tag once, so a bad one is
a GraphError as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, compress, groupby, islice, repeat
from operator import attrgetter, is_not, itemgetter, ne, not_
from typing import cast

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import GraphError

#: A statement and the name of its graph (None or rdflib's default graph id: the default graph).
RawQuad = tuple[Node, Node, Node, Node | None]

# What pyoxigraph escapes in a literal: the quote and the backslash, by a backslash; control
# characters, DEL and the two noncharacters U+FFFE/U+FFFF as \uXXXX, five by short names.
_CONTROLS = {c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)} | {
    0x08: "\\b",
    0x09: "\\t",
    0x0A: "\\n",
    0x0C: "\\f",
    0x0D: "\\r",
}
_NEEDS_ESCAPE = re.compile('[\x00-\x1f"\\\\\x7f\ufffe\uffff]').search
_HAS_CONTROL = re.compile("[\x00-\x1f\x7f\ufffe\uffff]").search
_XSD_STRING = str(XSD.string)
_END = b".\n"  # a statement's end; the line break sorts as the line's end (see sorted_lines)
_LITERAL = frozenset({Literal})
_LANGUAGE, _DATATYPE = attrgetter("_language"), attrgetter("_datatype")


class _Iris(dict[str, bytes]):
    """``<iri>`` by IRI; pyoxigraph checks each IRI the first time it is seen."""

    def __missing__(self, iri: str) -> bytes:
        try:
            ox.NamedNode(iri)
        except ValueError as exc:
            raise GraphError(f"cannot write the IRI <{iri}>: {exc}") from exc
        value = self[iri] = b"<" + iri.encode() + b">"
        return value


class _Tails(dict[tuple[str | None, str, bool], bytes]):
    """What follows a literal's text, by (language, datatype's text, has a datatype):
    ``"``, ``"@en`` or ``"^^<dt>``. Keyed by plain values, hashed and compared in C (a
    build's literals each hold their own datatype object)."""

    def __init__(self, iris: _Iris) -> None:
        super().__init__()
        self._iris = iris

    def __missing__(self, key: tuple[str | None, str, bool]) -> bytes:
        language, datatype, typed = key
        if language:
            try:  # pyoxigraph checks the tag and writes it in lower case
                tail = b'"' + str(ox.Literal("", language=language))[2:].encode()
            except ValueError as exc:
                raise GraphError(f"cannot write the language tag {language!r}: {exc}") from exc
        elif not typed or datatype == _XSD_STRING:
            tail = b'"'
        else:
            tail = b'"^^' + self._iris[datatype]
        self[key] = tail
        return tail


class _Terms:
    """Terms to N-Triples bytes, a whole column at a time."""

    def __init__(self) -> None:
        self._iris = _Iris()
        self._tails = _Tails(self._iris)

    def column(self, terms: Sequence[Node], position: str) -> list[bytes]:
        """The terms in ``position`` (subject, predicate, object) as N-Triples bytes."""
        if set(map(type, terms)) <= {URIRef}:  # the usual case: only IRIs
            return self._iri_column(terms)
        literals = list(map(_LITERAL.__contains__, map(type, terms)))
        if position != "object" and any(literals):
            raise GraphError(f"cannot write a literal as a {position}: {terms[literals.index(True)]!r}")
        # each term's bytes drawn, in C, from the iterator over its own kind's bytes
        kinds = (
            iter(self._others(list(compress(terms, map(not_, literals))))),
            iter(self.literals(cast(list[Literal], list(compress(terms, literals))))),
        )
        return list(map(next, map(kinds.__getitem__, literals)))

    def _iri_column(self, iris: Sequence[Node]) -> list[bytes]:
        return list(map(self._iris.__getitem__, map(str, iris)))  # str() of a URIRef is its text, in C

    def _others(self, terms: Sequence[Node]) -> list[bytes]:
        if set(map(type, terms)) <= {URIRef}:
            return self._iri_column(terms)
        return [self._one(term) for term in terms]

    def _one(self, term: Node) -> bytes:
        if isinstance(term, Literal):  # of a subclass
            return self.literals([term])[0]
        if isinstance(term, URIRef):
            return self._iris[str(term)]
        if isinstance(term, BNode):
            try:
                return str(ox.BlankNode(str(term))).encode()
            except ValueError as exc:
                raise GraphError(f"cannot write the blank node _:{term}: {exc}") from exc
        raise GraphError(f"cannot write {term!r}: not an IRI, blank node or literal")

    def literals(self, literals: Sequence[Literal]) -> list[bytes]:
        """``"lexical form"`` with its language tag or datatype, as pyoxigraph writes it."""
        lexical: list[str] = list(literals)  # str's own methods read a Literal's text
        for i in [i for i, escape in enumerate(map(_NEEDS_ESCAPE, literals)) if escape]:
            lexical[i] = _escaped(literals[i])
        # Literal's slots, read in C: its language and datatype properties are Python calls
        datatypes = list(map(_DATATYPE, literals))
        keys = zip(map(_LANGUAGE, literals), map(str, datatypes), map(is_not, datatypes, repeat(None)), strict=True)
        return list(map(b"".join, zip(repeat(b'"'), map(str.encode, lexical), map(self._tails.__getitem__, keys))))

    def graph_ends(self, graphs: Sequence[Node | None]) -> list[bytes]:
        """How each quad's line ends: ``<g> .`` and a line break for a named graph, ``.`` and
        a line break for the default one."""
        ends = {  # keyed by object: a build's quads share one IRI object per article graph
            key: _END if graph is None or graph == DATASET_DEFAULT_GRAPH_ID else self._one(graph) + b" " + _END
            for key, graph in dict(zip(map(id, graphs), graphs, strict=True)).items()
        }
        return list(map(ends.__getitem__, map(id, graphs)))


def _escaped(text: str) -> str:
    # quotes and backslashes (the usual case) by str.replace; translate, character by
    # character and several times slower, only for the rare text with a control character
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return text.translate(_CONTROLS) if _HAS_CONTROL(text) else text


def sorted_lines(quads: Iterable[RawQuad], named_graphs: bool) -> Iterator[bytes]:
    """Canonical lines, each ending in a line break: graph by graph (the default graph
    first, then by name), each graph's lines sorted by their bytes and each line once.
    Without ``named_graphs``, the union of all graphs as N-Triples.

    The line break is sorted with the line, which leaves the order as it is without it: no
    line of a graph is the start of a longer one (where each term ends is unambiguous, and
    the lines of a graph end alike), so no comparison reaches a line break."""
    quads = quads if isinstance(quads, list | tuple) else list(quads)
    if not quads:
        return
    subjects, predicates, objects, graphs = (list(map(itemgetter(i), quads)) for i in range(4))
    terms = _Terms()
    ends = terms.graph_ends(graphs) if named_graphs else list(repeat(_END, len(graphs)))
    del graphs
    lines = map(
        b" ".join,
        zip(
            terms.column(subjects, "subject"),
            terms.column(predicates, "predicate"),
            terms.column(objects, "object"),
            ends,
            strict=True,
        ),
    )
    if not named_graphs:
        yield from _graph(lines)
        return
    by_graph: dict[bytes, list[bytes]] = {}
    for end, run in groupby(zip(ends, lines, strict=True), key=itemgetter(0)):  # a graph's quads mostly come together
        by_graph.setdefault(end, []).extend(map(itemgetter(1), run))
    for end in sorted(by_graph, key=lambda end: b"" if end == _END else end):
        yield from _graph(by_graph.pop(end))


def _graph(lines: Iterable[bytes]) -> Iterator[bytes]:
    # sorted first: a graph's lines come in runs that the sort merges; then each line that
    # differs from the next one, compared in C
    ordered = sorted(lines)
    return compress(ordered, chain(map(ne, ordered, islice(ordered, 1, None)), (True,)))
