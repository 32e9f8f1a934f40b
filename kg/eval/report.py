"""The report of ``kg eval``: totals, per-article scores, misses and spurious items, as
JSON or plain-text tables."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from kg.eval.scores import ArticleScore, Counts, DateCounts, Finding, LinkCounts
from kg.model import EntityType
from kg.registry import EventType, core_types, event_types


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

    @property
    def unreadable(self) -> dict[str, str]:
        """Gold articles that could not be read (their gold is counted as missed): why."""
        return {a.article: a.unreadable for a in self.articles if a.unreadable}

    def sets(self) -> list[str]:
        """The gold folders scored, in the order given."""
        return list(dict.fromkeys(a.set for a in self.articles))

    def only(self, gold_set: str) -> EvalReport:
        """The report of one gold folder: its articles, their findings and duplicates."""
        articles = tuple(a for a in self.articles if a.set == gold_set)
        names = {a.article for a in articles}
        return replace(
            self,
            articles=articles,
            misses=tuple(f for f in self.misses if f.article in names),
            spurious=tuple(f for f in self.spurious if f.article in names),
            duplicate_events=sum(a.duplicates for a in articles),
            not_in_graph=tuple(n for n in self.not_in_graph if n in names),
        )

    def summary(self) -> dict[str, float | int]:
        """The headline figures (the keys of tests/eval_floors.json)."""
        return {
            "entity_f1": self.entities.f1,
            "core_argument_f1": self.arguments(*core_types()).f1,
            **{f"{_snake(t.name)}_argument_f1": self.arguments(t).f1 for t in event_types() if not t.core},
            "date_accuracy": self.dates.accuracy,
            "date_accuracy_over_all": self.dates.accuracy_over_all,
            "duplicate_events": self.duplicate_events,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "mode": "graph" if self.graph else "each article built alone",
            "linked": self.linked,
            "summary": {k: round(v, 4) for k, v in self.summary().items()},
            "sets": {name: {k: round(v, 4) for k, v in self.only(name).summary().items()} for name in self.sets()},
            "unreadable": self.unreadable,
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
        """The totals of each gold folder, then of all of them when there are several."""
        mode = "against the given graph" if self.graph else "each article built alone"
        sets = self.sets()
        lines = [f"Evaluated {len(self.articles)} gold articles in {', '.join(sets)} ({mode})"]
        if self.not_in_graph:
            lines.append(f"Not in the graph, skipped: {', '.join(self.not_in_graph)}")
        for name, reason in self.unreadable.items():
            lines.append(f"Unreadable, its gold counted as missed: {name}: {reason}")
        blocks = [self.only(name)._render_figures(name) for name in sets] if len(sets) > 1 else []
        return "\n\n".join([*lines, *blocks, self._render_figures("all sets" if blocks else "")])

    def _render_figures(self, title: str) -> str:
        lines = [f"== {title} ({len(self.articles)} articles)"] if title else []
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
        found = f"{dates.correct}/{dates.total} found ({dates.accuracy:.1%})"
        overall = f"{dates.correct}/{dates.dated_gold} of all dated gold events ({dates.accuracy_over_all:.1%})"
        lines += [
            "",
            f"dates correct at gold precision: {found}, {overall}",
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
