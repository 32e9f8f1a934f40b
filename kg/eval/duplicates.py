"""Duplicate events: extra event nodes for one real event, within and across articles.

When one graph holds several gold articles, gold events of different articles that are
the same event count as one real event (:mod:`kg.eval` gives the rule).
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.eval.align import ArticleResult
from kg.eval.gold import GoldArticle
from kg.eval.scores import Finding
from kg.model import TimeValue

Key = tuple[int, int]  # (result index, gold event index)


def count_duplicates(results: Sequence[ArticleResult], across: bool) -> tuple[int, list[Finding]]:
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


def _real_events(results: Sequence[ArticleResult]) -> list[list[Key]]:
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
    they are not one real event (see :mod:`kg.eval`)."""
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
