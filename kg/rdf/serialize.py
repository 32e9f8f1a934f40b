"""Write quads (or an rdflib Dataset) as Turtle, JSON-LD, N-Triples, N-Quads or TriG, atomically.

rdflib's own Turtle writer is quadratic in the number of namespaces and slow on large
graphs, so the quads are written as canonical N-Quads, deduplicated and sorted line by line
(``kg.rdf.ntriples``, byte for byte what pyoxigraph writes for the same terms), and that is either the
output (N-Triples, N-Quads) or read back by pyoxigraph in that order and written as Turtle or
TriG with kg's prefixes, or as compact JSON-LD with kg's shipped context (``jsonld_document``).
So the same dataset always gives the same bytes.

Turtle, N-Triples and JSON-LD hold the union of all graphs (each triple once); N-Quads and
TriG keep one named graph per article and the Wikidata links in the default graph.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from io import BytesIO
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kg.atomic import atomic_write
from kg.errors import GraphError
from kg.rdf.jsonld import jsonld_document
from kg.rdf.mapping import PREFIXES, Quad
from kg.rdf.ntriples import sorted_lines

#: What the writers take: a build's quads (``BuildResult.quads``) or any rdflib Dataset.
Source = Dataset | Iterable[Quad]

#: Format names by file extension; ``write`` picks one from the output's extension.
FORMATS: Mapping[str, str] = {
    ".ttl": "turtle",
    ".jsonld": "json-ld",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
}

_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nquads": ox.RdfFormat.N_QUADS,  # also reads N-Triples: the default graph only
    "trig": ox.RdfFormat.TRIG,
}
_QUAD_FORMATS = {"nquads", "trig"}

_XSD = str(XSD)
_RDF_TYPE = str(RDF.type)
# Integers JSON-LD processors read back exactly (larger ones may become doubles).
_SAFE_INTEGER = re.compile(r"^-?(0|[1-9]\d{0,14})$")


def format_for(path: str | Path) -> str:
    """The format name for ``path``'s extension, or GraphError naming the supported ones."""
    extension = Path(path).suffix.lower()
    if extension not in FORMATS:
        supported = ", ".join(FORMATS)
        raise GraphError(f"{path}: unknown graph format {extension!r}; use one of {supported}")
    return FORMATS[extension]


def graph_file_format(path: Path) -> str:
    """The format of an existing graph file, or GraphError: unknown extension, no file."""
    fmt = format_for(path)
    if not path.is_file():  # a FIFO or a device would be read forever: only regular files
        raise GraphError(f"{path}: {'not a regular file' if path.exists() else 'no such graph file'}")
    return fmt


def write(dataset: Source, out: str | Path | IO[bytes]) -> None:
    """Write ``dataset`` (quads or a Dataset) to ``out`` in the format its extension names.

    A binary stream (the CLI passes ``sys.stdout.buffer`` for ``-o -``) gets Turtle. A path
    is replaced atomically: the graph goes to a temporary file in the same directory, is
    synced to disk and then renamed over ``out``, so a failed write leaves any existing
    file as it was and no temporary file behind.
    """
    if not isinstance(out, (str, os.PathLike)):
        _emit(dataset, "turtle", out)
        return
    fmt = format_for(out)
    path = Path(out)
    try:
        atomic_write(path, lambda stream: _emit(dataset, fmt, stream))
    except OSError as exc:
        raise GraphError(f"{path}: cannot write the graph: {exc.strerror or exc}") from exc


def serialize(dataset: Source, fmt: str) -> bytes:
    """``dataset`` as bytes in ``fmt``: a name from ``FORMATS`` or an extension (``ttl``)."""
    name = FORMATS.get(f".{fmt.lower().lstrip('.')}", fmt.lower())
    if name not in FORMATS.values():
        raise GraphError(f"unknown graph format {fmt!r}; use one of {', '.join(FORMATS.values())}")
    buffer = BytesIO()
    _emit(dataset, name, buffer)
    return buffer.getvalue()


def _emit(dataset: Source, fmt: str, stream: IO[bytes]) -> None:
    if fmt in ("ntriples", "nquads"):  # written graph by graph: no copy of the whole file
        stream.writelines(sorted_lines(_quads(dataset), named_graphs=fmt in _QUAD_FORMATS))
        return
    canonical = canonical_nquads(dataset, named_graphs=fmt in _QUAD_FORMATS)
    quads = ox.parse(canonical, format=_OX_FORMATS["nquads"])  # in canonical order
    if fmt == "json-ld":
        document = jsonld_document(quad.triple for quad in quads)
        stream.write(json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
        return
    statements: Iterable[ox.Quad] | Iterable[ox.Triple] = (quad.triple for quad in quads) if fmt == "turtle" else quads
    ox.serialize(statements, stream, _OX_FORMATS[fmt], prefixes=dict(PREFIXES))


def canonical_nquads(dataset: Source, named_graphs: bool) -> bytes:
    """The dataset as sorted, duplicate-free canonical N-Quads.

    With ``named_graphs`` each graph's statements follow each other (default graph first);
    without, the union of all graphs as N-Triples.
    """
    return b"".join(sorted_lines(_quads(dataset), named_graphs))


def _quads(dataset: Source) -> Iterable[tuple[Node, Node, Node, Node | None]]:
    if not isinstance(dataset, Dataset):
        return dataset
    return ((s, p, o, graph.identifier) for graph in dataset.graphs() for s, p, o in graph)
