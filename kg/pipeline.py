"""The build, stage by stage: inputs -> articles -> documents -> knowledge base -> graph.

Heavy stages are imported inside the functions that run them, so importing kg (and
``kg --help``) stays instant.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, TextIO

from kg.errors import InputError, ValidationError
from kg.model import Article, Document, KnowledgeBase
from kg.options import BuildOptions
from kg.scale.progress import stage

if TYPE_CHECKING:
    import requests
    from rdflib import Dataset, Graph

    from kg.link import LinkReport
    from kg.rdf.mapping import Quad
    from kg.validation import ValidationReport


@dataclass(frozen=True)
class BuildResult:
    """What a build made, and what went wrong on the way."""

    kb: KnowledgeBase
    quads: tuple[Quad, ...]  # validated: nodes that violated the shapes are gone
    graph: Graph  # the union of the quads' graphs, each triple once (what was validated)
    report: ValidationReport  # the validation of the graph before anything was removed
    removed: int  # nodes removed because they violated the shapes
    failures: tuple[InputError, ...]  # inputs that could not be read or extracted
    link_report: LinkReport | None = None
    notes: tuple[str, ...] = ()  # what a user should know: articles read in parts

    @cached_property
    def dataset(self) -> Dataset:
        """The quads as an rdflib Dataset (one named graph per article), made on first use."""
        from kg.rdf.mapping import dataset_of

        return dataset_of(self.quads)


def read(
    inputs: Sequence[str],
    options: BuildOptions,
    stdin: TextIO | None = None,
    session: requests.Session | None = None,
) -> tuple[list[Article], list[InputError]]:
    """Read every input; failures are collected, never raised."""
    from kg.ingest import read_inputs

    articles: list[Article] = []
    failures: list[InputError] = []
    for item in read_inputs(inputs, options, stdin=stdin, session=session):
        (failures if isinstance(item, InputError) else articles).append(item)  # type: ignore[arg-type]
    return articles, failures


def build(
    inputs: Sequence[str],
    options: BuildOptions = BuildOptions(),
    stdin: TextIO | None = None,
    session: requests.Session | None = None,
) -> BuildResult:
    """Build every input into one validated graph."""
    articles, failures = read(inputs, options, stdin=stdin, session=session)
    return build_articles(articles, options, failures=failures, session=session)


def build_articles(
    articles: Iterable[Article],
    options: BuildOptions = BuildOptions(),
    failures: Iterable[InputError] = (),
    session: requests.Session | None = None,
) -> BuildResult:
    """Articles -> documents -> merged knowledge base -> (linked) -> validated graph.

    Raises ValidationError when ``options.strict`` and the graph violates the shapes.
    """
    articles = list(articles)
    documents, failed, notes = extract_all(articles, options)
    result = build_documents(documents, options, failures=[*failures, *failed], session=session)
    return replace(result, notes=notes)


def extract_all(
    articles: Sequence[Article], options: BuildOptions = BuildOptions()
) -> tuple[list[Document], list[InputError], tuple[str, ...]]:
    """Articles -> documents, with the failures of the articles that could not be
    extracted (kg.nlp.extract) and notes on those read in parts."""
    from kg.nlp import extract, split_notes

    if not articles:
        return [], [], ()
    documents: list[Document] = []
    failures: list[InputError] = []
    for item in extract(articles, options):
        if isinstance(item, InputError):
            failures.append(item)
        else:
            documents.append(item)
    return documents, failures, tuple(split_notes(articles, options))


def build_documents(
    documents: Iterable[Document],
    options: BuildOptions = BuildOptions(),
    failures: Iterable[InputError] = (),
    session: requests.Session | None = None,
) -> BuildResult:
    """Per-article documents -> merged knowledge base -> (linked) -> validated graph: the
    part of a build after extraction, which a store runs again over every document it
    holds (kg.store) so that a load gives the graph a one-shot build gives.

    Raises ValidationError when ``options.strict`` and the graph violates the shapes.
    """
    from kg.merging import merge
    from kg.rdf.mapping import to_quads, union_graph
    from kg.validation import prune, validate

    with stage("merge"):
        kb = merge(documents)
    link_report = None
    if options.link == "wikidata":
        from kg.link import link_entities

        with stage("linking"):
            kb, link_report = link_entities(kb, options, session=session)
    with stage("mapping"):
        quads = to_quads(kb)
    with stage("validation"):
        graph = union_graph(quads)
        report = validate(graph)
        if not report.conforms and options.strict:
            raise ValidationError(f"the graph violates the shapes (--strict):\n{report.text()}")
        removed = set() if report.conforms else prune(graph, report)
        if removed:  # what prune took from the union, taken from every named graph
            quads = [q for q in quads if q[0] not in removed and q[2] not in removed]
    return BuildResult(kb, tuple(quads), graph, report, len(removed), tuple(failures), link_report)
