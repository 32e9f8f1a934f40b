"""Measure a built graph against gold annotations (dev/FORMAT.md): ``kg eval``.

    gold files  ->  GoldArticle     gold.py    NAME.gold.json with NAME.txt beside it
    graph       ->  GraphView       graph.py   entity and event nodes read from the RDF
    both        ->  ArticleResult   align.py   matching, alignment, counts and findings
    all         ->  EvalReport      report.py  totals, per-article scores, misses, spurious items

The counts are in scores.py, duplicate events within and across articles in duplicates.py.

Entities match by type and name: a predicted node matches a gold entity of the same type
when its ``rdfs:label`` or any ``skos:altLabel`` equals the gold name or an alias, compared
with :func:`kg.model.fold_name` (a leading "the" dropped). Each gold entity is
rewarded once; a second node for it is a false positive.

Events are aligned per type, one to one, greedily by argument overlap (ties: the better
date, then a non-optional gold event, then gold order). An argument is a (role, entity)
pair; a predicted one is right when its node matches the gold entity named in that role.
Optional gold entities and events, and whatever aligns to them, are neither rewarded nor
penalised.

A *duplicate event* is an extra event node for one real event. The real events are the
gold events; when one graph holds several gold articles, gold events of different articles
that are the same event (same type, dates both absent or compatible, and sharing at least
two arguments, or all of the smaller event's if it has fewer; one event per article, the
closest pairs first) count as one. The nodes of a real event are the predicted events
aligned to it plus the unaligned predicted events of its type that share an argument with
it and whose date does not contradict it; every node beyond the first is a duplicate.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from kg.errors import InputError
from kg.eval.align import ArticleResult, score_article
from kg.eval.duplicates import count_duplicates
from kg.eval.gold import GoldArticle, GoldEntity, GoldEvent, gold_files, load_gold
from kg.eval.graph import GraphView
from kg.eval.report import EvalReport
from kg.eval.scores import ArticleScore, Counts, DateCounts, Finding, LinkCounts
from kg.options import BuildOptions
from kg.rdf import iris

__all__ = [
    "ArticleScore",
    "Counts",
    "DateCounts",
    "EvalReport",
    "Finding",
    "GoldArticle",
    "GoldEntity",
    "GoldEvent",
    "LinkCounts",
    "evaluate",
    "gold_files",
    "load_gold",
]


def evaluate(
    gold_dir: Path | str | Sequence[Path | str],
    graph: Dataset | Graph | None = None,
    options: BuildOptions = BuildOptions(),
) -> EvalReport:
    """Score graphs against every ``NAME.gold.json`` directly in ``gold_dir`` (one or several).

    With no ``graph``, each article (``NAME.txt`` beside its gold file) is built alone with
    ``options`` and scored against its own graph; a gold file's ``published`` and ``source``
    stand in for metadata the article lacks, as ``--published``/``--source`` would. With a
    ``graph``, each gold article is scored against the nodes ``prov:wasDerivedFrom`` its
    article, gold articles the graph has nothing from are skipped (and named in the report),
    and duplicate events are counted across the whole graph.
    """
    sets = {path: str(directory) for directory in _dirs(gold_dir) for path in gold_files(directory)}
    golds = [load_gold(path) for path in sets]
    set_of = {id(g): sets[path] for g, path in zip(golds, sets, strict=True)}
    unreadable: dict[int, str] = {}  # id of the gold article -> why its article is unreadable
    if graph is None:
        results = [_score_alone(g, options, unreadable) for g in golds]
        skipped: list[str] = []
    else:
        view = GraphView(graph)
        scoped = [(g, _article_iri(g, options, unreadable)) for g in golds]
        skipped = [g.name for g, article in scoped if article is not None and not view.has_article(article)]
        results = [
            score_article(g, view, view.derived_from(article) if article is not None else frozenset())
            for g, article in scoped
            if g.name not in skipped
        ]
    duplicates, duplicate_findings = count_duplicates(results, across=graph is not None)
    scores = (replace(r.score(), set=set_of[id(r.gold)], unreadable=unreadable.get(id(r.gold), "")) for r in results)
    return EvalReport(
        articles=tuple(scores),
        misses=tuple(f for r in results for f in sorted(r.misses, key=_kind_order)),
        spurious=tuple(f for r in results for f in sorted(r.spurious, key=_kind_order)) + tuple(duplicate_findings),
        duplicate_events=duplicates,
        graph=graph is not None,
        not_in_graph=tuple(skipped),
        linked=any(r.linked for r in results),
    )


def _kind_order(finding: Finding) -> int:
    """Within an article: entities, then events, their arguments, dates, links."""
    return ("entity", "event", "argument", "date", "link").index(finding.kind)


def _dirs(gold_dir: Path | str | Sequence[Path | str]) -> list[Path]:
    if isinstance(gold_dir, (str, os.PathLike)):
        return [Path(gold_dir)]
    return [Path(d) for d in gold_dir]


def _options_for(gold: GoldArticle, options: BuildOptions) -> BuildOptions:
    return replace(options, published=options.published or gold.published, source=options.source or gold.source)


def _score_alone(gold: GoldArticle, options: BuildOptions, unreadable: dict[int, str]) -> ArticleResult:
    """Build one article alone and score it. An article that cannot be read is scored
    against an empty graph, so that its gold counts as missed, and named in ``unreadable``."""
    from kg.pipeline import build

    result = build([str(gold.text_path)], _options_for(gold, options))
    if result.failures:
        unreadable[id(gold)] = result.failures[0].reason
        return score_article(gold, GraphView(Graph()), None)
    return score_article(gold, GraphView(result.graph), None)


def _article_iri(gold: GoldArticle, options: BuildOptions, unreadable: dict[int, str]) -> URIRef | None:
    """The IRI the pipeline gives the article (it names the article's part of a graph);
    None, with the reason in ``unreadable``, for an article that cannot be read."""
    from kg.ingest import read_inputs

    for item in read_inputs([str(gold.text_path)], _options_for(gold, options)):
        if isinstance(item, InputError):
            unreadable[id(gold)] = item.reason
            return None
        return iris.article_iri(item.id)
    unreadable[id(gold)] = "holds no article"
    return None
