"""The offline gazetteer: countries, places, organisations and people that news names most,
with their Wikidata IDs, aliases, demonyms, capitals and metonyms.

It serves two stages. The NLP stage asks it whether a name is a country, a place or an
organisation, and which state a demonym ("North Korean") or a metonym ("the Kremlin",
"Moscow announced") stands for. The linking stage links entities from it with no network.

The data ships as ``kg/data/gazetteer.json``: a JSON array, one entry per line, sorted by
type and name (``scripts/regenerate_gazetteer.py`` rewrites it from the Wikidata Query
Service). A ``qid`` is set only where it is certain; a wrong link is worse than none.

Name lookups fold case, accents and punctuation with :func:`kg.model.fold_name`, which also
drops a leading "the" ("the Netherlands"). Where one name fits several entries, a canonical
name beats an alias, then a current sovereign state beats an organisation, a place and a
person ("Georgia" is the country, not the US state), then a current entry beats a historical
one; if that still leaves a tie the name is ambiguous and the lookup answers ``None``.
Short acronyms are the one exception to case folding: an alias of two or three capitals
("US", "UN", "WHO", "AU") matches only a query in capitals, so "us" and "who" match nothing.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from importlib import resources
from typing import Any

from kg.model import EntityType, fold_name

DATA_PACKAGE = "kg.data"
DATA_FILE = "gazetteer.json"

#: Which type wins when one name fits entries of several types (see the module docstring).
_TYPE_RANK = {
    EntityType.COUNTRY: 0,
    EntityType.ORGANIZATION: 1,
    EntityType.PLACE: 2,
    EntityType.PERSON: 3,
}


@dataclass(frozen=True)
class GazetteerEntry:
    """One thing the gazetteer knows, under its canonical English name."""

    name: str  # canonical English name, used as rdfs:label
    type: EntityType
    qid: str | None = None  # Wikidata item, only where certain
    aliases: tuple[str, ...] = ()  # other names: "Russian Federation", "DPRK", "Kim Jong Un"
    demonyms: tuple[str, ...] = ()  # countries: "Russian", "Russians"
    capital: str | None = None  # countries: the capital's canonical name
    metonyms: tuple[str, ...] = ()  # words that stand for a government: "Moscow", "Kremlin"
    country: str | None = None  # places, people, organisations: the state they belong to
    historical: bool = False  # a state or organisation that no longer exists

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)

    def to_json(self) -> dict[str, Any]:
        """The entry as written in the data file: empty and default fields left out."""
        data: dict[str, Any] = {"name": self.name, "type": self.type.value}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in data or value in (None, (), False):
                continue
            data[f.name] = list(value) if isinstance(value, tuple) else value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GazetteerEntry:
        return cls(
            name=data["name"],
            type=EntityType(data["type"]),
            qid=data.get("qid"),
            aliases=tuple(data.get("aliases", ())),
            demonyms=tuple(data.get("demonyms", ())),
            capital=data.get("capital"),
            metonyms=tuple(data.get("metonyms", ())),
            country=data.get("country"),
            historical=bool(data.get("historical", False)),
        )


def _acronym_key(name: str) -> str | None:
    """The case-sensitive key of a short acronym ("U.S." -> "=US"), else None."""
    letters = "".join(part for part in name.replace(".", " ").split())
    if letters.startswith("the"):  # "the US"
        letters = letters[3:]
    if 2 <= len(letters) <= 3 and letters.isalpha() and letters.isupper():
        return "=" + letters
    return None


def _alias_keys(name: str, is_alias: bool) -> tuple[str, ...]:
    acronym = _acronym_key(name) if is_alias else None
    return (acronym,) if acronym else (fold_name(name),)


def _query_keys(name: str) -> tuple[str, ...]:
    acronym = _acronym_key(name)
    return (fold_name(name), acronym) if acronym else (fold_name(name),)


def _rank(entry: GazetteerEntry, is_alias: bool) -> tuple[int, int, int]:
    return (int(is_alias), _TYPE_RANK[entry.type], int(entry.historical))


def _best(candidates: Iterable[tuple[tuple[int, int, int], GazetteerEntry]]) -> GazetteerEntry | None:
    """The single best-ranked entry, or None when nothing or a tie is left."""
    ranked = sorted(set(candidates), key=lambda pair: (pair[0], pair[1].name))
    if not ranked:
        return None
    best_rank = ranked[0][0]
    winners = {entry for rank, entry in ranked if rank == best_rank}
    return winners.pop() if len(winners) == 1 else None


class Gazetteer:
    """Lookups by name, demonym, metonym and Wikidata ID over a fixed set of entries."""

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        self._entries = tuple(sorted(entries, key=lambda e: (e.type.value, e.name)))
        self._by_name: dict[str, list[tuple[tuple[int, int, int], GazetteerEntry]]] = defaultdict(list)
        self._by_demonym: dict[str, list[GazetteerEntry]] = defaultdict(list)
        self._by_metonym: dict[str, list[GazetteerEntry]] = defaultdict(list)
        self._by_qid: dict[str, GazetteerEntry] = {}
        self._looked_up: dict[tuple[str, EntityType | None], GazetteerEntry | None] = {}
        for entry in self._entries:
            self._index(entry)

    def _index(self, entry: GazetteerEntry) -> None:
        for position, name in enumerate(entry.names):
            for key in _alias_keys(name, position > 0):
                self._by_name[key].append((_rank(entry, position > 0), entry))
        for word in entry.demonyms:
            self._by_demonym[fold_name(word)].append(entry)
        for word in entry.metonyms:
            self._by_metonym[fold_name(word)].append(entry)
        if entry.qid:
            self._by_qid.setdefault(entry.qid, entry)

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer shipped with kg (loaded once)."""
        return _default()

    @classmethod
    def from_json(cls, text: str) -> Gazetteer:
        return cls(GazetteerEntry.from_json(item) for item in json.loads(text))

    def lookup(self, name: str, type: EntityType | None = None) -> GazetteerEntry | None:
        """The entry called ``name`` (canonical name or alias), optionally of one type."""
        try:  # the NLP stage asks about the same names for every mention of them
            return self._looked_up[(name, type)]
        except KeyError:
            found = _best(pair for pair in self._candidates(name) if type is None or pair[1].type is type)
            self._looked_up[(name, type)] = found
            return found

    def lookup_all(self, name: str) -> tuple[GazetteerEntry, ...]:
        """Every entry with ``name`` as canonical name or alias, best-ranked first."""
        candidates = sorted(set(self._candidates(name)), key=lambda p: (p[0], p[1].name))
        return tuple(dict.fromkeys(entry for _, entry in candidates))

    def _candidates(self, name: str) -> list[tuple[tuple[int, int, int], GazetteerEntry]]:
        return [pair for key in _query_keys(name) for pair in self._by_name.get(key, ())]

    def by_demonym(self, word: str) -> GazetteerEntry | None:
        """The state a demonym names: "North Korean" and "North Koreans" -> North Korea."""
        return _only(self._by_demonym.get(fold_name(word), ()))

    def by_metonym(self, word: str) -> GazetteerEntry | None:
        """What a capital or seat of power stands for: "Kremlin" -> Russia.

        Usually a country; "Brussels" stands for the European Union.
        """
        return _only(self._by_metonym.get(fold_name(word), ()))

    def by_qid(self, qid: str) -> GazetteerEntry | None:
        return self._by_qid.get(qid)

    def entries(self) -> tuple[GazetteerEntry, ...]:
        return self._entries

    def to_json(self) -> str:
        """The data-file text: one entry per line, sorted, so diffs stay readable."""
        lines = (json.dumps(e.to_json(), ensure_ascii=False, sort_keys=True) for e in self._entries)
        return "[\n" + ",\n".join(lines) + "\n]\n"


def _only(entries: Iterable[GazetteerEntry]) -> GazetteerEntry | None:
    unique = set(entries)
    return unique.pop() if len(unique) == 1 else None


@functools.cache
def _default() -> Gazetteer:
    text = resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_text(encoding="utf-8")
    return Gazetteer.from_json(text)
