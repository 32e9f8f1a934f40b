"""Scoring one article: gold entities matched to nodes, events aligned, then counted.

A node matches the gold entity whose name or alias equals one of its labels (best by
label before altLabel, name before alias, gold order); events of one type are aligned one
to one, greedily by argument overlap; every aligned, unaligned and optional item is counted
and listed as :mod:`kg.eval` describes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib.term import Node

from kg.eval.gold import GoldArticle, GoldEntity, GoldEvent, event_summary
from kg.eval.graph import EntityNode, GraphView, PredEvent
from kg.eval.scores import ArticleScore, Counts, DateCounts, Finding, LinkCounts
from kg.model import EntityType, TimeValue, fold_name
from kg.registry import EventType, event_types


class _Matcher:
    """Which gold entity a predicted node names (the best by name, else None)."""

    def __init__(self, gold: GoldArticle) -> None:
        self._index: dict[tuple[EntityType, str], list[tuple[int, int, GoldEntity]]] = defaultdict(list)
        for order, entity in enumerate(gold.entities):
            forms = [(entity.name, 0)] + [(alias, 1) for alias in entity.aliases]
            for form, rank in forms:
                self._index[(entity.type, fold_name(form))].append((rank, order, entity))

    def rank(self, node: EntityNode) -> tuple[tuple[int, int, int], GoldEntity] | None:
        """The best match and its rank: label before altLabel, name before alias, gold order."""
        found = [
            ((node_rank, gold_rank, order), entity)
            for type_ in node.types
            for form, node_rank in node.names
            for gold_rank, order, entity in self._index.get((type_, form), ())
        ]
        return min(found, key=lambda f: f[0]) if found else None

    def __call__(self, node: EntityNode | None) -> GoldEntity | None:
        best = self.rank(node) if node else None
        return best[1] if best else None


@dataclass
class ArticleResult:
    """Everything one article's evaluation produces, before it is frozen into the report."""

    gold: GoldArticle
    linked: bool = False  # the graph has Wikidata links: list the wrong and missing ones
    entities: Counts = Counts()
    arguments: dict[EventType, Counts] = field(default_factory=lambda: {t: Counts() for t in event_types()})
    events: dict[EventType, Counts] = field(default_factory=lambda: {t: Counts() for t in event_types()})
    dates: DateCounts = DateCounts()
    links: dict[EntityType, LinkCounts] = field(default_factory=lambda: {t: LinkCounts() for t in EntityType})
    misses: list[Finding] = field(default_factory=list)
    spurious: list[Finding] = field(default_factory=list)
    nodes_of: dict[int, set[Node]] = field(default_factory=lambda: defaultdict(set))  # gold event index

    def score(self) -> ArticleScore:
        duplicates = sum(len(nodes) - 1 for nodes in self.nodes_of.values() if nodes)
        return ArticleScore(
            self.gold.name,
            self.entities,
            dict(self.arguments),
            dict(self.events),
            self.dates,
            dict(self.links),
            duplicates,
        )


def score_article(gold: GoldArticle, view: GraphView, scope: frozenset[Node] | None) -> ArticleResult:
    """Score the nodes of ``view`` in ``scope`` (all of them when None) against ``gold``."""
    result = ArticleResult(gold, linked=view.linked)
    match = _Matcher(gold)
    nodes = sorted((n for iri, n in view.entities.items() if scope is None or iri in scope), key=lambda n: str(n.iri))
    _score_entities(result, nodes, match)
    events = [e for e in view.events if scope is None or e.iri in scope]
    for type_ in event_types():
        preds = [e for e in events if e.type is type_]
        golds = [(i, g) for i, g in enumerate(gold.events) if g.type is type_]
        _score_events(result, preds, golds, match, view)
    return result


def _score_entities(result: ArticleResult, nodes: list[EntityNode], match: _Matcher) -> None:
    by_gold: dict[str, list[tuple[tuple[int, int, int], EntityNode]]] = defaultdict(list)
    article = result.gold.name
    tp = fp = 0
    for node in nodes:
        best = match.rank(node)
        if best is None:
            fp += 1
            result.spurious.append(Finding("entity", article, _types(node), node.label))
        else:
            by_gold[best[1].name].append((best[0], node))
    for entity in result.gold.entities:
        found = sorted(by_gold.get(entity.name, ()), key=lambda f: (f[0], str(f[1].iri)))
        for _, extra in found[1:]:
            fp += 1
            result.spurious.append(
                Finding("entity", article, _types(extra), extra.label, gold=f"duplicate of {entity.name}")
            )
        if entity.optional:
            continue
        if found:
            tp += 1
            _score_link(result, entity, found[0][1])
        else:
            result.misses.append(Finding("entity", article, entity.type.value, entity.name))
    fn = sum(1 for e in result.gold.entities if not e.optional and e.name not in by_gold)
    result.entities = Counts(tp, fp, fn)


def _score_link(result: ArticleResult, entity: GoldEntity, node: EntityNode) -> None:
    if entity.wikidata is None:
        outcome = LinkCounts(unverifiable=1) if node.links else LinkCounts()
    elif entity.wikidata in node.links:
        outcome = LinkCounts(correct=1)
    else:
        outcome = LinkCounts(wrong=1) if node.links else LinkCounts(missing=1)
        if result.linked:
            result.misses.append(
                Finding(
                    "link",
                    result.gold.name,
                    entity.type.value,
                    entity.name,
                    predicted=", ".join(sorted(node.links)) or "none",
                    gold=entity.wikidata,
                )
            )
    result.links[entity.type] += outcome


def _score_events(
    result: ArticleResult,
    preds: list[PredEvent],
    golds: list[tuple[int, GoldEvent]],
    match: _Matcher,
    view: GraphView,
) -> None:
    """Align the predicted and gold events of one type and count their arguments and dates."""
    resolved = [[(role, match(view.entities.get(value))) for role, value in p.args] for p in preds]
    found = [{(role, e.name) for role, e in args if e} for args in resolved]
    pairs = _align(preds, found, golds)
    aligned_gold = {j for _, j in pairs}
    aligned_pred = {i for i, _ in pairs}
    for i, j in pairs:
        index, gold = golds[j]
        result.nodes_of[index].add(preds[i].iri)
        if not gold.optional:
            _score_aligned(result, preds[i], resolved[i], gold, view)
    for i, pred in enumerate(preds):
        if i not in aligned_pred:
            _score_unaligned_pred(result, pred, found[i], golds, view)
    for j, (_, gold) in enumerate(golds):
        if j not in aligned_gold and not gold.optional:
            _score_unaligned_gold(result, gold)


def _align(
    preds: list[PredEvent], found: list[set[tuple[str, str]]], golds: list[tuple[int, GoldEvent]]
) -> list[tuple[int, int]]:
    """One-to-one pairs (pred, gold) sharing at least one argument, best overlap first."""
    candidates = sorted(
        (-len(found[i] & gold.args), -_date_agreement(pred.dates, gold.date), gold.optional, j, i)
        for i, pred in enumerate(preds)
        for j, (_, gold) in enumerate(golds)
        if found[i] & gold.args
    )
    pairs: list[tuple[int, int]] = []
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    for *_, j, i in candidates:
        if i not in used_pred and j not in used_gold:
            pairs.append((i, j))
            used_pred.add(i)
            used_gold.add(j)
    return pairs


def _date_agreement(predicted: frozenset[str], gold: str | None) -> int:
    """2: the same date (or both absent); 1: compatible (one contains the other); 0: neither."""
    if predicted == ({gold} if gold else frozenset()):
        return 2
    if gold and any(TimeValue(gold).compatible(TimeValue(p)) for p in predicted if _is_time(p)):
        return 1
    return 0


def _contradicts(predicted: frozenset[str], gold: str | None) -> bool:
    return bool(predicted and gold) and _date_agreement(predicted, gold) == 0


def _is_time(value: str) -> bool:
    try:
        TimeValue(value)
    except ValueError:
        return False
    return True


def _score_aligned(
    result: ArticleResult,
    pred: PredEvent,
    resolved: list[tuple[str, GoldEntity | None]],
    gold: GoldEvent,
    view: GraphView,
) -> None:
    article, type_ = result.gold.name, gold.type
    hit: set[tuple[str, str]] = set()
    fp = 0
    for (role, value), (_, entity) in zip(pred.args, resolved, strict=True):
        arg = (role, entity.name) if entity else None
        if arg is not None and arg in gold.args and arg not in hit:
            hit.add(arg)
        else:
            fp += 1
            result.spurious.append(
                Finding(
                    "argument", article, type_.value, _node_label(view, value), role=role, gold=f"in {gold.summary()}"
                )
            )
    for role, name in sorted(gold.args - hit):
        result.misses.append(Finding("argument", article, type_.value, name, role=role, gold=f"in {gold.summary()}"))
    result.arguments[type_] += Counts(len(hit), fp, len(gold.args - hit))
    result.events[type_] += Counts(tp=1)
    _score_date(result, pred, gold)


def _score_date(result: ArticleResult, pred: PredEvent, gold: GoldEvent) -> None:
    if gold.date is None:
        wrong = bool(pred.dates)
        result.dates += DateCounts(spurious=int(wrong), undated=1)
    else:
        wrong = pred.dates != {gold.date}
        result.dates += DateCounts(correct=int(not wrong), total=1)
    if wrong:
        result.misses.append(
            Finding(
                "date",
                result.gold.name,
                gold.type.value,
                gold.summary(),
                predicted=", ".join(sorted(pred.dates)) or "none",
                gold=gold.date or "none",
            )
        )


def _score_unaligned_pred(
    result: ArticleResult,
    pred: PredEvent,
    found: set[tuple[str, str]],
    golds: list[tuple[int, GoldEvent]],
    view: GraphView,
) -> None:
    """A predicted event no gold event was left for: its arguments are false positives
    (listed once, with the event)."""
    article, type_ = result.gold.name, pred.type
    result.arguments[type_] += Counts(fp=len(pred.args))
    result.events[type_] += Counts(fp=1)
    same = [
        (len(found & g.args), -j, index)
        for j, (index, g) in enumerate(golds)
        if found & g.args and not _contradicts(pred.dates, g.date)
    ]
    duplicate_of = max(same)[2] if same else None
    if duplicate_of is not None:  # greedy alignment left every gold event it overlaps taken
        result.nodes_of[duplicate_of].add(pred.iri)
    note = f"duplicate of {result.gold.events[duplicate_of].summary()}" if duplicate_of is not None else ""
    summary = event_summary(
        type_, [(role, _node_label(view, v)) for role, v in pred.args], ", ".join(sorted(pred.dates)) or None
    )
    result.spurious.append(Finding("event", article, type_.value, summary, gold=note))


def _score_unaligned_gold(result: ArticleResult, gold: GoldEvent) -> None:
    """A gold event nothing aligned to: its arguments are missed (listed once, with the event)."""
    article, type_ = result.gold.name, gold.type
    result.arguments[type_] += Counts(fn=len(gold.args))
    result.events[type_] += Counts(fn=1)
    if gold.date is not None:
        result.dates += DateCounts(missed=1)
    result.misses.append(Finding("event", article, type_.value, gold.summary()))


def _node_label(view: GraphView, value: Node) -> str:
    node = view.entities.get(value)
    return node.label if node else f"{value} (not an entity)"


def _types(node: EntityNode) -> str:
    return "/".join(sorted(t.value for t in node.types))
