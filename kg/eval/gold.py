"""Reading gold annotations: ``NAME.gold.json`` beside ``NAME.txt`` (dev/FORMAT.md).

A gold file that is not in the format is an :class:`~kg.errors.InputError` naming the file
and what is wrong (a missing field, an unknown event type or role, a role value that is no
entity's name, a date that is not YYYY, YYYY-MM or YYYY-MM-DD).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.model import EntityType, TimeValue, fold_name
from kg.registry import EventType, event_type

GOLD_SUFFIX = ".gold.json"


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
        return event_summary(self.type, self.args, self.date)


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


def event_summary(type_: EventType, args: Iterable[tuple[str, str]], date: str | None) -> str:
    by_role: dict[str, list[str]] = defaultdict(list)
    for role, name in sorted(args):
        by_role[role].append(name)
    roles = "; ".join(f"{r}: {', '.join(by_role[r.term])}" for r in type_.roles if r.term in by_role)
    return f"{type_.value}({roles}) {date or 'undated'}"
