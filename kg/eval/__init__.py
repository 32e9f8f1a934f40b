"""Measure a built graph against gold annotations (dev/FORMAT.md): ``kg eval``.

    gold files  ->  GoldArticle         NAME.gold.json with NAME.txt beside it
    graph       ->  _GraphView          entity and event nodes read from the RDF
    both        ->  _ArticleResult      matching, alignment, counts and findings
    all         ->  EvalReport          totals, per-article scores, misses, spurious items

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

import datetime as dt
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.errors import InputError
from kg.model import EntityType, TimeValue, fold_name
from kg.options import BuildOptions
from kg.rdf import iris
from kg.rdf.vocab import KG, term
from kg.registry import EventType, core_types, event_type, event_types

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

GOLD_SUFFIX = ".gold.json"

# --------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and misses, with the figures derived from them.

    With nothing to find precision (or with nothing expected recall) is vacuously 1.0, so
    a perfect graph scores 1.0 everywhere, and a graph that finds nothing scores F1 0.0.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class DateCounts:
    """Dates of aligned non-optional gold events.

    ``correct``/``total``: gold events with a date whose predicted ``kg:date`` is exactly
    that value, at that precision ("2024-06" for "2024-06-19" is wrong). ``spurious``/
    ``undated``: gold events with no date (the article gives none) that got one anyway.
    """

    correct: int = 0
    total: int = 0
    spurious: int = 0
    undated: int = 0

    def __add__(self, other: DateCounts) -> DateCounts:
        return DateCounts(
            self.correct + other.correct,
            self.total + other.total,
            self.spurious + other.spurious,
            self.undated + other.undated,
        )

    @property
    def accuracy(self) -> float:
        """Correct share of the dated gold events (1.0 when there are none)."""
        return self.correct / self.total if self.total else 1.0

    def to_json(self) -> dict[str, float | int]:
        return {
            "correct": self.correct,
            "total": self.total,
            "accuracy": round(self.accuracy, 4),
            "undated_given_a_date": self.spurious,
            "undated": self.undated,
        }


@dataclass(frozen=True)
class LinkCounts:
    """Wikidata links of matched entities.

    correct/wrong/missing: the gold entity has an item and the node's ``owl:sameAs`` is
    it / is another / is absent. unverifiable: the node is linked but the gold has no item.
    """

    correct: int = 0
    wrong: int = 0
    missing: int = 0
    unverifiable: int = 0

    def __add__(self, other: LinkCounts) -> LinkCounts:
        return LinkCounts(
            self.correct + other.correct,
            self.wrong + other.wrong,
            self.missing + other.missing,
            self.unverifiable + other.unverifiable,
        )

    def to_json(self) -> dict[str, int]:
        return {
            "correct": self.correct,
            "wrong": self.wrong,
            "missing": self.missing,
            "unverifiable": self.unverifiable,
        }


@dataclass(frozen=True)
class ArticleScore:
    """The scores of one gold article."""

    article: str  # the gold file's stem
    entities: Counts
    arguments: Mapping[EventType, Counts]
    events: Mapping[EventType, Counts]
    dates: DateCounts
    links: Mapping[EntityType, LinkCounts]
    duplicates: int  # extra event nodes for one gold event of this article

    @property
    def all_arguments(self) -> Counts:
        return sum(self.arguments.values(), Counts())

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "entities": self.entities.to_json(),
            "arguments": {t.value: c.to_json() for t, c in self.arguments.items()},
            "events": {t.value: c.to_json() for t, c in self.events.items()},
            "dates": self.dates.to_json(),
            "links": {t.value: c.to_json() for t, c in self.links.items()},
            "duplicate_events": self.duplicates,
        }


@dataclass(frozen=True)
class Finding:
    """One miss or spurious item, listed at the end of the report.

    kind is "entity", "argument", "event", "date", "link" or "duplicate"; ``type`` is the
    entity or event type; ``name`` the entity (for arguments the role's entity) or a
    summary of the event; ``predicted``/``gold`` the values that disagree.
    """

    kind: str
    article: str
    type: str
    name: str
    role: str = ""
    predicted: str = ""
    gold: str = ""

    def to_json(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldEntity:
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    optional: bool = False

    def same_as(self, other: GoldEntity) -> bool:
        """The same real entity in another article's gold file."""
        if self.type is not other.type:
            return False
        return fold_name(self.name) == fold_name(other.name) or bool(self.wikidata and self.wikidata == other.wikidata)


@dataclass(frozen=True)
class GoldEvent:
    type: EventType
    args: frozenset[tuple[str, str]]  # (role, gold entity name)
    date: str | None = None
    optional: bool = False

    def summary(self) -> str:
        return _event_summary(self.type, self.args, self.date)


@dataclass(frozen=True)
class GoldArticle:
    """One gold file with the article it annotates."""

    name: str  # the stem shared by NAME.txt and NAME.gold.json
    text_path: Path
    entities: tuple[GoldEntity, ...]
    events: tuple[GoldEvent, ...]
    published: dt.date | None = None  # for articles whose text carries no date
    source: str | None = None

    def entity(self, name: str) -> GoldEntity:
        return next(e for e in self.entities if e.name == name)


def load_gold(path: Path) -> GoldArticle:
    """Read and check one ``NAME.gold.json`` (raises InputError naming the file)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"cannot read the gold file: {exc}") from exc
    try:
        return _parse_gold(path, data)
    except KeyError as exc:
        raise InputError(str(path), f"not in the gold format of dev/FORMAT.md: missing field {exc}") from exc
    except (TypeError, ValueError, AttributeError) as exc:
        raise InputError(str(path), f"not in the gold format of dev/FORMAT.md: {exc}") from exc


def _parse_gold(path: Path, data: Mapping[str, Any]) -> GoldArticle:
    name = path.name[: -len(GOLD_SUFFIX)]
    entities = tuple(
        GoldEntity(
            e["name"],
            EntityType(e["type"]),
            tuple(e.get("aliases") or ()),
            e.get("wikidata"),
            bool(e.get("optional", False)),
        )
        for e in data["entities"]
    )
    known = {e.name for e in entities}
    if len(known) != len(entities):
        raise ValueError("two entities have the same name")
    events = tuple(_parse_event(e, known) for e in data["events"])
    text_path = path.parent / data.get("article", f"{name}.txt")
    if not text_path.is_file():
        raise InputError(str(path), f"the article it annotates, {text_path}, does not exist")
    published = dt.date.fromisoformat(data["published"]) if data.get("published") else None
    return GoldArticle(name, text_path, entities, events, published, data.get("source"))


def _parse_event(data: Mapping[str, Any], known: set[str]) -> GoldEvent:
    try:
        type_ = event_type(data["type"])
        args = frozenset((role, value) for role, values in data["roles"].items() for value in values)
        for role, _ in args:
            type_.role(role)
    except KeyError as exc:
        if exc.args and exc.args[0] in ("type", "roles"):
            raise  # a missing field
        raise ValueError(exc.args[0]) from exc  # an unknown type or role, named with the known ones
    for _, value in args:
        if value not in known:
            raise ValueError(f"role value {value!r} is not the name of an entity")
    date = data.get("date")
    if date is not None:
        TimeValue(date)  # raises ValueError on anything but YYYY, YYYY-MM, YYYY-MM-DD
    return GoldEvent(type_, args, date, bool(data.get("optional", False)))


def gold_files(gold_dir: Path) -> list[Path]:
    """The ``*.gold.json`` files directly in ``gold_dir``, sorted."""
    if not gold_dir.is_dir():
        raise InputError(str(gold_dir), "not a directory of gold files")
    found = sorted(p for p in gold_dir.iterdir() if p.name.endswith(GOLD_SUFFIX) and p.is_file())
    if not found:  # scoring nothing would report a perfect 1.0
        raise InputError(str(gold_dir), f"has no NAME{GOLD_SUFFIX} files (see dev/FORMAT.md)")
    return found


# --------------------------------------------------------------------------- the graph


@dataclass(frozen=True)
class _Node:
    """A predicted entity node."""

    iri: Node
    types: frozenset[EntityType]
    label: str  # as written, for the report
    names: tuple[tuple[str, int], ...]  # (folded form, 0 for rdfs:label / 1 for altLabel)
    links: frozenset[str]  # Wikidata Q-ids of its owl:sameAs


@dataclass(frozen=True)
class _PredEvent:
    iri: Node
    type: EventType
    args: tuple[tuple[str, Node], ...]  # (role, entity node), sorted
    dates: frozenset[str]


class _GraphView:
    """The entity and event nodes of a graph, over the union of its named graphs."""

    def __init__(self, graph: Dataset | Graph) -> None:
        self.graph = _union(graph)
        self.entities = {n.iri: n for n in self._entities()}
        self.linked = any(n.links for n in self.entities.values())  # was the build linked at all
        self.events = sorted(self._events(), key=lambda e: str(e.iri))

    def derived_from(self, article: URIRef) -> frozenset[Node]:
        return frozenset(self.graph.subjects(PROV.wasDerivedFrom, article))

    def has_article(self, article: URIRef) -> bool:
        return (article, RDF.type, KG.Article) in self.graph or bool(self.derived_from(article))

    def _entities(self) -> Iterable[_Node]:
        typed: dict[Node, set[EntityType]] = defaultdict(set)
        for type_ in EntityType:
            for node in self.graph.subjects(RDF.type, term(type_.value)):
                typed[node].add(type_)
        for node, types in typed.items():
            labels = [str(v) for v in self.graph.objects(node, RDFS.label)]
            alts = [str(v) for v in self.graph.objects(node, SKOS.altLabel)]
            names = tuple(sorted({(fold_name(v), 0) for v in labels} | {(fold_name(v), 1) for v in alts}))
            links = frozenset(
                str(o)[len(iris.WIKIDATA_ENTITY) :]
                for o in self.graph.objects(node, OWL.sameAs)
                if str(o).startswith(iris.WIKIDATA_ENTITY)
            )
            yield _Node(node, frozenset(types), min(labels, default=str(node)), names, links)

    def _events(self) -> Iterable[_PredEvent]:
        for type_ in event_types():
            for node in set(self.graph.subjects(RDF.type, term(type_.name))):
                args = tuple(
                    sorted(
                        (
                            (role.term, value)
                            for role in type_.roles
                            for value in self.graph.objects(node, term(role.term))
                        ),
                        key=lambda a: (a[0], str(a[1])),
                    )
                )
                dates = frozenset(str(v) for v in self.graph.objects(node, KG.date))
                yield _PredEvent(node, type_, args, dates)


def _union(graph: Dataset | Graph) -> Graph:
    """One graph holding every triple: a Dataset's triples() sees only its default graph."""
    if not isinstance(graph, Dataset):
        return graph  # a Graph, or a ConjunctiveGraph whose triples() already spans contexts
    union = Graph()
    for s, p, o, _ in graph.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


# --------------------------------------------------------------------------- one article


class _Matcher:
    """Which gold entity a predicted node names (the best by name, else None)."""

    def __init__(self, gold: GoldArticle) -> None:
        self._index: dict[tuple[EntityType, str], list[tuple[int, int, GoldEntity]]] = defaultdict(list)
        for order, entity in enumerate(gold.entities):
            forms = [(entity.name, 0)] + [(alias, 1) for alias in entity.aliases]
            for form, rank in forms:
                self._index[(entity.type, fold_name(form))].append((rank, order, entity))

    def rank(self, node: _Node) -> tuple[tuple[int, int, int], GoldEntity] | None:
        """The best match and its rank: label before altLabel, name before alias, gold order."""
        found = [
            ((node_rank, gold_rank, order), entity)
            for type_ in node.types
            for form, node_rank in node.names
            for gold_rank, order, entity in self._index.get((type_, form), ())
        ]
        return min(found, key=lambda f: f[0]) if found else None

    def __call__(self, node: _Node | None) -> GoldEntity | None:
        best = self.rank(node) if node else None
        return best[1] if best else None


@dataclass
class _ArticleResult:
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


def _score_article(gold: GoldArticle, view: _GraphView, scope: frozenset[Node] | None) -> _ArticleResult:
    """Score the nodes of ``view`` in ``scope`` (all of them when None) against ``gold``."""
    result = _ArticleResult(gold, linked=view.linked)
    match = _Matcher(gold)
    nodes = sorted((n for iri, n in view.entities.items() if scope is None or iri in scope), key=lambda n: str(n.iri))
    _score_entities(result, nodes, match)
    events = [e for e in view.events if scope is None or e.iri in scope]
    for type_ in event_types():
        preds = [e for e in events if e.type is type_]
        golds = [(i, g) for i, g in enumerate(gold.events) if g.type is type_]
        _score_events(result, preds, golds, match, view)
    return result


def _score_entities(result: _ArticleResult, nodes: list[_Node], match: _Matcher) -> None:
    by_gold: dict[str, list[tuple[tuple[int, int, int], _Node]]] = defaultdict(list)
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


def _score_link(result: _ArticleResult, entity: GoldEntity, node: _Node) -> None:
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
    result: _ArticleResult,
    preds: list[_PredEvent],
    golds: list[tuple[int, GoldEvent]],
    match: _Matcher,
    view: _GraphView,
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
    preds: list[_PredEvent], found: list[set[tuple[str, str]]], golds: list[tuple[int, GoldEvent]]
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
    result: _ArticleResult,
    pred: _PredEvent,
    resolved: list[tuple[str, GoldEntity | None]],
    gold: GoldEvent,
    view: _GraphView,
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


def _score_date(result: _ArticleResult, pred: _PredEvent, gold: GoldEvent) -> None:
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
    result: _ArticleResult,
    pred: _PredEvent,
    found: set[tuple[str, str]],
    golds: list[tuple[int, GoldEvent]],
    view: _GraphView,
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
    summary = _event_summary(
        type_, [(role, _node_label(view, v)) for role, v in pred.args], ", ".join(sorted(pred.dates)) or None
    )
    result.spurious.append(Finding("event", article, type_.value, summary, gold=note))


def _score_unaligned_gold(result: _ArticleResult, gold: GoldEvent) -> None:
    """A gold event nothing aligned to: its arguments are missed (listed once, with the event)."""
    article, type_ = result.gold.name, gold.type
    result.arguments[type_] += Counts(fn=len(gold.args))
    result.events[type_] += Counts(fn=1)
    result.misses.append(Finding("event", article, type_.value, gold.summary()))


def _node_label(view: _GraphView, value: Node) -> str:
    node = view.entities.get(value)
    return node.label if node else f"{value} (not an entity)"


def _types(node: _Node) -> str:
    return "/".join(sorted(t.value for t in node.types))


def _event_summary(type_: EventType, args: Iterable[tuple[str, str]], date: str | None) -> str:
    by_role: dict[str, list[str]] = defaultdict(list)
    for role, name in sorted(args):
        by_role[role].append(name)
    roles = "; ".join(f"{r}: {', '.join(by_role[r.term])}" for r in type_.roles if r.term in by_role)
    return f"{type_.value}({roles}) {date or 'undated'}"


# --------------------------------------------------------------------------- across articles


Key = tuple[int, int]  # (result index, gold event index)


def _duplicates(results: Sequence[_ArticleResult], across: bool) -> tuple[int, list[Finding]]:
    """Extra event nodes per real event; ``across``: gold events of several articles may be one."""
    clusters = (
        _real_events(results)
        if across
        else [[(r, i)] for r, result in enumerate(results) for i in range(len(result.gold.events))]
    )
    total, findings = 0, []
    for members in clusters:
        nodes = set().union(*(results[r].nodes_of.get(i, set()) for r, i in members))
        if len(nodes) > 1:
            total += len(nodes) - 1
            first = results[members[0][0]].gold.events[members[0][1]]
            articles = sorted({results[r].gold.name for r, _ in members})
            findings.append(
                Finding(
                    "duplicate",
                    ", ".join(articles),
                    first.type.value,
                    first.summary(),
                    predicted=" ".join(sorted(str(n) for n in nodes)),
                )
            )
    return total, findings


def _real_events(results: Sequence[_ArticleResult]) -> list[list[Key]]:
    """Gold events grouped into real events, at most one per article, closest pairs first."""
    keys = [(r, i) for r, result in enumerate(results) for i in range(len(result.gold.events))]
    cluster: dict[Key, list[Key]] = {key: [key] for key in keys}
    pairs = sorted(
        (closeness, a, b)
        for n, a in enumerate(keys)
        for b in keys[n + 1 :]
        if a[0] != b[0]
        if (closeness := _closeness(results[a[0]].gold, a[1], results[b[0]].gold, b[1])) is not None
    )
    for _, a, b in pairs:
        merged = cluster[a] + cluster[b]
        if cluster[a] is not cluster[b] and len({r for r, _ in merged}) == len(merged):
            for key in merged:
                cluster[key] = merged
    unique = {id(members): members for members in cluster.values()}
    return sorted(unique.values())


def _closeness(a: GoldArticle, i: int, b: GoldArticle, j: int) -> tuple[int, int, int] | None:
    """How alike two gold events of different articles are (smaller is closer), or None when
    they are not one real event (see the module docstring)."""
    x, y = a.events[i], b.events[j]
    if x.type is not y.type or (x.date is None) != (y.date is None):
        return None
    if x.date and y.date and not TimeValue(x.date).compatible(TimeValue(y.date)):
        return None
    shared = sum(
        1 for role, name in x.args if any(role == r and a.entity(name).same_as(b.entity(n)) for r, n in y.args)
    )
    if shared < max(1, min(2, len(x.args), len(y.args))):
        return None
    return -shared, len(x.args) + len(y.args) - 2 * shared, int(x.date != y.date)


# --------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class EvalReport:
    """The result of :func:`evaluate`: totals, per-article scores, misses and spurious items."""

    articles: tuple[ArticleScore, ...]
    misses: tuple[Finding, ...]
    spurious: tuple[Finding, ...]
    duplicate_events: int
    graph: bool  # one given graph (True) or each article built alone (False)
    not_in_graph: tuple[str, ...] = ()  # gold articles the given graph has nothing from
    linked: bool = False  # some entity has a Wikidata link (else the build was not linked)

    @property
    def entities(self) -> Counts:
        return sum((a.entities for a in self.articles), Counts())

    def arguments(self, *types: EventType) -> Counts:
        """Micro-averaged argument counts over ``types`` (all types when none given)."""
        return sum((a.arguments[t] for a in self.articles for t in types or event_types()), Counts())

    def events(self, *types: EventType) -> Counts:
        return sum((a.events[t] for a in self.articles for t in types or event_types()), Counts())

    @property
    def dates(self) -> DateCounts:
        return sum((a.dates for a in self.articles), DateCounts())

    def links(self, *types: EntityType) -> LinkCounts:
        return sum((a.links[t] for a in self.articles for t in types or EntityType), LinkCounts())

    def summary(self) -> dict[str, float | int]:
        """The headline figures (the keys of tests/eval_floors.json)."""
        return {
            "entity_f1": self.entities.f1,
            "core_argument_f1": self.arguments(*core_types()).f1,
            **{f"{_snake(t.name)}_argument_f1": self.arguments(t).f1 for t in event_types() if not t.core},
            "date_accuracy": self.dates.accuracy,
            "duplicate_events": self.duplicate_events,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "mode": "graph" if self.graph else "each article built alone",
            "linked": self.linked,
            "summary": {k: round(v, 4) for k, v in self.summary().items()},
            "entities": self.entities.to_json(),
            "arguments": {t.value: self.arguments(t).to_json() for t in event_types()}
            | {"core": self.arguments(*core_types()).to_json(), "all": self.arguments().to_json()},
            "events": {t.value: self.events(t).to_json() for t in event_types()} | {"all": self.events().to_json()},
            "dates": self.dates.to_json(),
            "links": {t.value: self.links(t).to_json() for t in EntityType} | {"all": self.links().to_json()},
            "duplicate_events": self.duplicate_events,
            "articles": [a.to_json() for a in self.articles],
            "not_in_graph": list(self.not_in_graph),
            "misses": [f.to_json() for f in self.misses],
            "spurious": [f.to_json() for f in self.spurious],
        }

    def render(self) -> str:
        """Plain-text tables: totals, per-article breakdown, then misses and spurious items."""
        sections = [
            self._render_totals(),
            self._render_articles(),
            _render_findings("Misses", self.misses),
            _render_findings("Spurious", self.spurious),
        ]
        return "\n\n".join(s for s in sections if s) + "\n"

    def _render_totals(self) -> str:
        mode = "against the given graph" if self.graph else "each article built alone"
        lines = [f"Evaluated {len(self.articles)} gold articles ({mode})"]
        if self.not_in_graph:
            lines.append(f"Not in the graph, skipped: {', '.join(self.not_in_graph)}")
        lines += [
            "",
            f"{'':28}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}",
            _row("entities", self.entities),
            "event arguments",
        ]
        lines += [_row(f"  {t.value}", self.arguments(t)) for t in event_types()]
        lines += [
            _row(
                f"  core (all but {', '.join(t.name for t in event_types() if not t.core)})",
                self.arguments(*core_types()),
            ),
            _row("  all", self.arguments()),
            "events",
        ]
        lines += [_row(f"  {t.value}", self.events(t)) for t in event_types()] + [_row("  all", self.events())]
        dates = self.dates
        lines += [
            "",
            f"dates correct at gold precision: {dates.correct}/{dates.total} ({dates.accuracy:.1%})",
            f"undated gold events given a date (wrong): {dates.spurious}/{dates.undated}",
            f"duplicate events: {self.duplicate_events}",
            "",
        ]
        return "\n".join(lines + self._render_links())

    def _render_links(self) -> list[str]:
        if not self.linked:
            return ["Wikidata links: none in the graph (build with --link wikidata to score them)"]
        lines = [f"{'Wikidata links':28}{'correct':>9}{'wrong':>7}{'missing':>9}{'unverifiable':>14}"]
        for name, links in [(t.value, self.links(t)) for t in EntityType] + [("all", self.links())]:
            lines.append(f"  {name:26}{links.correct:>9}{links.wrong:>7}{links.missing:>9}{links.unverifiable:>14}")
        return lines

    def _render_articles(self) -> str:
        width = max((len(a.article) for a in self.articles), default=7)
        head = f"{'article':{width}}  {'entities P/R/F1':>17}  {'arguments P/R/F1':>17}  {'dates':>7}  {'dups':>4}"
        rows = [head]
        for a in self.articles:
            args = a.all_arguments
            rows.append(
                f"{a.article:{width}}  {_prf(a.entities):>17}  {_prf(args):>17}  "
                f"{f'{a.dates.correct}/{a.dates.total}':>7}  {a.duplicates:>4}"
            )
        return "Per article\n" + "\n".join(rows)


def _snake(name: str) -> str:
    """ "MilitaryOperation" -> "military_operation"."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).lower()


def _row(name: str, c: Counts) -> str:
    return f"{name:28}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}{c.tp:>6}{c.fp:>6}{c.fn:>6}"


def _prf(c: Counts) -> str:
    return f"{c.precision:.2f}/{c.recall:.2f}/{c.f1:.2f}"


def _render_findings(title: str, findings: Sequence[Finding]) -> str:
    if not findings:
        return ""
    lines = [f"{title} ({len(findings)})"]
    for f in findings:
        what = f"{f.role}={f.name}" if f.role else f.name
        versus = f" predicted {f.predicted}" if f.predicted else ""
        gold = f" gold {f.gold}" if f.kind in ("date", "link") else (f" ({f.gold})" if f.gold else "")
        lines.append(f"  {f.kind:9} {f.article}  {f.type}  {what}{versus}{gold}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- entry point


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
    golds = [load_gold(path) for directory in _dirs(gold_dir) for path in gold_files(directory)]
    if graph is None:
        results = [_score_article(g, _GraphView(_build_alone(g, options)), None) for g in golds]
        skipped: list[str] = []
    else:
        view = _GraphView(graph)
        scoped = [(g, iris.article_iri(_article_id(g, options))) for g in golds]
        skipped = [g.name for g, article in scoped if not view.has_article(article)]
        results = [
            _score_article(g, view, view.derived_from(article)) for g, article in scoped if g.name not in skipped
        ]
    duplicates, duplicate_findings = _duplicates(results, across=graph is not None)
    return EvalReport(
        articles=tuple(r.score() for r in results),
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


def _build_alone(gold: GoldArticle, options: BuildOptions) -> Graph:
    from kg.pipeline import build

    result = build([str(gold.text_path)], _options_for(gold, options))
    if result.failures:  # scoring an article that could not be read would only measure that
        raise result.failures[0]
    return result.graph


def _article_id(gold: GoldArticle, options: BuildOptions) -> str:
    """The id the pipeline gives the article (its IRI names the article's part of a graph)."""
    from kg.ingest import read_inputs

    for item in read_inputs([str(gold.text_path)], _options_for(gold, options)):
        if isinstance(item, InputError):
            raise item
        return item.id
    raise InputError(str(gold.text_path), "holds no article")
