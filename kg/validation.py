"""Graph -> SHACL report, and pruning of what does not conform.

The shapes ship in the package (``kg.shapes``). Every shape targets its concrete classes,
so validation runs without inference and without the ontology as pySHACL's ont_graph.
That is faster (pySHACL copies the data graph to mix an ontology in, and RDFS inference
costs ~20x the validation itself; see bench/validate_speed.py) and it is also what makes
the checks right: RDFS inference would give every entity its superclasses as extra types
(kg:Entity, schema:Person, ...) and every kg:claimedIn value the type kg:Statement, which
breaks the role type checks and hides the very errors the shapes look for.

pySHACL is imported inside the functions: ``import kg`` must stay instant.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.exceptions import ParserError
from rdflib.namespace import SH
from rdflib.term import Node

from kg.errors import GraphError
from kg.options import DEFAULT_MAX_GRAPH_BYTES
from kg.rdf.vocab import KG
from kg.registry import EventType


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node broke which shape, and what to do about it."""

    focus: str  # the focus node's IRI; a blank node as ``_:id``, a literal in N-Triples form
    shape: str  # the source shape's IRI, or its sh:name when the shape is a blank node
    path: str | None  # the property checked, None for node-level constraints
    message: str
    severity: str  # "Violation", "Warning" or "Info"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating one graph; a graph that does not conform is a normal result."""

    conforms: bool
    violations: tuple[Violation, ...]

    def text(self) -> str:
        """One line per violation, ``FOCUS SHAPE: MESSAGE``, sorted; empty when none."""
        lines = sorted(self.violations, key=_sort_key)
        return "\n".join(f"{v.focus} {v.shape}: {v.message}" for v in lines)


def _sort_key(v: Violation) -> tuple[str, str, str, str, str]:
    return (v.focus, v.shape, v.path or "", v.message, v.severity)


def combined(reports: Iterable[ValidationReport]) -> ValidationReport:
    """One report of several parts of a graph validated apart (a streamed build's batches):
    each violation once."""
    violations: set[Violation] = set()
    conforms = True
    for report in reports:
        conforms &= report.conforms
        violations.update(report.violations)
    return ValidationReport(conforms=conforms, violations=tuple(sorted(violations, key=_sort_key)))


def validate(graph: Graph | Dataset, only: Collection[Node] | None = None) -> ValidationReport:
    """Validate ``graph`` (for a Dataset: the union of all its graphs) against the shipped
    shapes; with ``only``, report the violations of those nodes alone (the rest of the graph
    is context: the class of what they point to). Not pySHACL's focus_nodes, whose cost
    grows with the square of the nodes."""
    report = _validate(graph, focus=None)
    if only is None or report.conforms:
        return report
    names = {_term_text(node) for node in only}
    violations = tuple(v for v in report.violations if v.focus in names)
    return ValidationReport(conforms=not violations, violations=violations)


def prune(graph: Graph | Dataset, report: ValidationReport) -> set[URIRef | BNode]:
    """Remove every violating node from ``graph`` (every named graph of a Dataset), in place;
    return the nodes removed.

    A removed node loses every triple it is the subject or the object of, so an event whose
    participant is removed loses that role; the nodes that referred to a removed node are then
    validated again, and removed in turn if they no longer conform (an event left with too
    few roles), until the graph conforms or nothing is left to remove. kg:Evidence nodes that
    only a removed event pointed to are removed with it.
    """
    removed: set[URIRef | BNode] = set()
    while not report.conforms:
        # A literal focus (a role holding a name instead of an entity) is not a node to
        # remove: the event holding it violates kgsh:Event-roles and is removed instead.
        targets = {n for n in (_node(v.focus) for v in report.violations) if n is not None}
        referrers = _referrers(graph, targets) - targets
        gone = _remove_nodes(graph, targets)
        if not gone:
            break
        removed |= gone
        referrers = {n for n in referrers if _exists(graph, (n, None, None))}
        if not referrers:
            break
        report = _validate(graph, focus=referrers)
    return removed


def load_graph(path: str | Path, max_bytes: int = DEFAULT_MAX_GRAPH_BYTES) -> Dataset:
    """Parse a .ttl, .nt, .nq, .trig or .jsonld file into a Dataset whose default graph is the union.

    Raises GraphError("PATH: reason") for an unknown extension, a missing file, one that is
    no regular file or larger than ``max_bytes``, a parse error (with the line, when the
    parser gives one), or a JSON-LD context that would have to be fetched (see
    ``kg.rdf.jsonld.with_own_contexts``).
    """
    from kg.errors import InputError
    from kg.ingest.files import read_limited
    from kg.rdf.jsonld import with_own_contexts
    from kg.rdf.serialize import graph_file_format  # one table of extensions for reading and writing

    path = Path(path)
    fmt = graph_file_format(path)
    try:
        data = read_limited(path, str(path), max_bytes)
    except InputError as exc:
        raise GraphError(str(exc).replace("too large", "too large to validate", 1)) from exc
    dataset = Dataset(default_union=True)
    try:
        if fmt == "json-ld":
            data = json.dumps(with_own_contexts(json.loads(data), str(path)), ensure_ascii=False).encode("utf-8")
        dataset.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except (SyntaxError, ParserError, ValueError, RecursionError) as exc:
        raise GraphError(f"{path}: {_parse_reason(exc)}") from exc
    return dataset


def _parse_reason(exc: Exception) -> str:
    """The parser's complaint in one line, with its line number where it has one."""
    if isinstance(exc, json.JSONDecodeError):
        return f"line {exc.lineno}: {exc.msg}"
    lines = getattr(exc, "lines", None)  # rdflib's Turtle/TriG BadSyntax: newlines before the error
    if isinstance(lines, int):
        why = getattr(exc, "_why", "bad syntax")
        return f"line {lines + 1}: {why}"
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())


def shapes_graph() -> Graph:
    """The shapes: the files shipped in kg.shapes, with the event shapes generated from the
    registry (for the built-in types, what kg/shapes/events.ttl holds; for a type registered
    since, its own). Made once per set of registered types."""
    from kg.registry import event_types

    return _shapes(event_types())


@functools.cache
def _shapes(types: tuple[EventType, ...]) -> Graph:
    from kg.rdf.shapes import event_shapes

    graph = Graph()
    for resource in sorted(files("kg.shapes").iterdir(), key=lambda r: r.name):
        if resource.name.endswith(".ttl") and resource.name != "events.ttl":
            graph.parse(data=resource.read_bytes(), format="turtle")
    return graph.parse(data=event_shapes(types), format="turtle")


def _validate(graph: Graph | Dataset, focus: set[Node] | None) -> ValidationReport:
    from pyshacl import validate as shacl_validate

    # pySHACL validates a Dataset as the union of its graphs by switching on default_union,
    # in place: put the caller's setting back afterwards.
    union_before = isinstance(graph, Dataset) and graph.default_union
    try:
        conforms, results, _ = shacl_validate(
            graph,
            shacl_graph=shapes_graph(),
            inference="none",
            focus_nodes=_focus_option(focus),
        )
    finally:
        if isinstance(graph, Dataset):
            graph.default_union = union_before
    violations = tuple(sorted(set(_violations(results, shapes_graph())), key=_sort_key))
    return ValidationReport(conforms=bool(conforms), violations=violations)


def _focus_option(focus: set[Node] | None) -> list[str | URIRef] | None:
    """pySHACL's focus_nodes option; it only takes IRIs, so blank nodes mean "validate all"."""
    if focus is None or any(not isinstance(n, URIRef) for n in focus):
        return None
    return sorted(n for n in focus if isinstance(n, URIRef))


def _violations(results: Graph, shapes: Graph) -> Iterable[Violation]:
    for result in results.objects(None, SH.result):
        focus = results.value(result, SH.focusNode)
        source = results.value(result, SH.sourceShape)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        yield Violation(
            focus=_term_text(focus),
            shape=_shape_name(source, shapes),
            path=str(path) if isinstance(path, URIRef) else None,
            message=str(message) if message is not None else "",
            severity=str(severity).rpartition("#")[2] if severity is not None else "Violation",
        )


def _shape_name(shape: Node | None, shapes: Graph) -> str:
    if isinstance(shape, URIRef):
        return str(shape)
    name = shapes.value(shape, SH.name) if shape is not None else None
    return str(name) if isinstance(name, Literal) else ""


def _term_text(node: Node | None) -> str:
    if isinstance(node, (BNode, Literal)):
        return node.n3()
    return str(node) if node is not None else ""


def _node(text: str) -> URIRef | BNode | None:
    """The node _term_text wrote, None for a literal."""
    if text.startswith('"'):
        return None
    return BNode(text[2:]) if text.startswith("_:") else URIRef(text)


Pattern = tuple[Node | None, Node | None, Node | None]


def _matches(graph: Graph | Dataset, pattern: Pattern) -> Iterator[tuple[Node, Node, Node]]:
    """The triples matching ``pattern`` in any graph (every named graph of a Dataset)."""
    if isinstance(graph, Dataset):
        return (quad[:3] for quad in graph.quads(pattern))
    return graph.triples(pattern)


def _exists(graph: Graph | Dataset, pattern: Pattern) -> bool:
    return next(iter(_matches(graph, pattern)), None) is not None


def _referrers(graph: Graph | Dataset, nodes: set[URIRef | BNode]) -> set[Node]:
    """The subjects of triples whose object is one of ``nodes``."""
    return {s for n in nodes for s, _, _ in _matches(graph, (None, None, n))}


def _remove_nodes(graph: Graph | Dataset, nodes: set[URIRef | BNode]) -> set[URIRef | BNode]:
    """Remove ``nodes`` and the evidence only they point to; the nodes that were in the graph."""
    evidence = {e for n in nodes for _, _, e in _matches(graph, (n, KG.evidence, None))}
    removed = {n for n in nodes if _remove_node(graph, n)}
    orphans = [e for e in evidence - nodes if isinstance(e, (URIRef, BNode)) and not _exists(graph, (None, None, e))]
    return removed | {e for e in orphans if _remove_node(graph, e)}


def _remove_node(graph: Graph | Dataset, node: URIRef | BNode) -> bool:
    """Remove every triple ``node`` is the subject or object of, from every graph; False
    when there was none."""
    found = _exists(graph, (node, None, None)) or _exists(graph, (None, None, node))
    # A triple (not a quad) is removed from every graph of a Dataset.
    graph.remove((node, None, None))  # type: ignore[arg-type]  # rdflib's stubs omit wildcards
    graph.remove((None, None, node))  # type: ignore[arg-type]
    return found
