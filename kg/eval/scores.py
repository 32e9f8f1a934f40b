"""The counts ``kg eval`` reports: true and false positives and misses, dates, links.

Each is a frozen value that adds up (``Counts() + Counts()``), so articles sum to totals;
:class:`Finding` is one miss or spurious item for the lists at the end of the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from kg.model import EntityType
from kg.registry import EventType


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

    ``correct``/``total``: found gold events with a date whose predicted ``kg:date`` is
    exactly that value, at that precision ("2024-06" for "2024-06-19" is wrong).
    ``missed``: dated gold events no predicted event aligned to, so that accuracy can be
    given over all dated gold events as well as over the found ones. ``spurious``/
    ``undated``: gold events with no date (the article gives none) that got one anyway.
    """

    correct: int = 0
    total: int = 0
    spurious: int = 0
    undated: int = 0
    missed: int = 0

    def __add__(self, other: DateCounts) -> DateCounts:
        return DateCounts(
            self.correct + other.correct,
            self.total + other.total,
            self.spurious + other.spurious,
            self.undated + other.undated,
            self.missed + other.missed,
        )

    @property
    def accuracy(self) -> float:
        """Correct share of the dated gold events that were found (1.0 when there are none)."""
        return self.correct / self.total if self.total else 1.0

    @property
    def dated_gold(self) -> int:
        return self.total + self.missed

    @property
    def accuracy_over_all(self) -> float:
        """Correct share of all dated gold events, found or not (1.0 when there are none)."""
        return self.correct / self.dated_gold if self.dated_gold else 1.0

    def to_json(self) -> dict[str, float | int]:
        return {
            "correct": self.correct,
            "total": self.total,
            "accuracy": round(self.accuracy, 4),
            "dated_gold": self.dated_gold,
            "accuracy_over_all": round(self.accuracy_over_all, 4),
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
    set: str = ""  # the gold folder it came from ("dev/wikinews")
    unreadable: str = ""  # why the article could not be read (its gold then all missed)

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
            "set": self.set,
        } | ({"unreadable": self.unreadable} if self.unreadable else {})


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
