#!/usr/bin/env python3
"""Refresh kg/data/gazetteer.json from the Wikidata Query Service.

    python scripts/regenerate_gazetteer.py            # report what would change
    python scripts/regenerate_gazetteer.py --write    # and write the file
    python scripts/regenerate_gazetteer.py --results DIR   # use saved answers (NAME.json per NAME.rq)

The data file stays the source of truth: its curated names, aliases, demonyms and metonyms
are kept. The queries in scripts/gazetteer_*.rq fill in what is missing (Wikidata IDs,
capitals, demonyms, new states, current heads of state and government) and every QID that
disagrees with the file is reported, never overwritten: a person checks it, because a wrong
link is worse than none.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import requests

from kg import __version__
from kg.gazetteer import DATA_FILE, Gazetteer, GazetteerEntry
from kg.model import EntityType

ROOT = Path(__file__).resolve().parent.parent
QUERIES = {"states": ROOT / "scripts" / "gazetteer_states.rq", "leaders": ROOT / "scripts" / "gazetteer_leaders.rq"}
ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = f"kg-gazetteer/{__version__} (https://w3id.org/newskg) requests/{requests.__version__}"
_QID = re.compile(r"Q[1-9]\d*$")


def run_query(name: str, endpoint: str, results: Path | None) -> list[dict[str, str]]:
    """The rows of one query, as {variable: value} with item IRIs shortened to QIDs."""
    if results is not None:
        answer = json.loads((results / f"{name}.json").read_text(encoding="utf-8"))
    else:
        response = requests.get(
            endpoint,
            params={"query": QUERIES[name].read_text(encoding="utf-8")},
            headers={"User-Agent": USER_AGENT, "Accept": "application/sparql-results+json"},
            timeout=(10, 300),
        )
        response.raise_for_status()
        answer = response.json()
    return [{var: _short(cell["value"]) for var, cell in row.items()} for row in answer["results"]["bindings"]]


def _short(value: str) -> str:
    match = _QID.search(value)
    return match.group(0) if match and value.startswith("http://www.wikidata.org/entity/") else value


def _names(cell: str | None) -> tuple[str, ...]:
    """Name-like values of a GROUP_CONCAT cell: no codes, no digits, no emoji."""
    values = (v.strip() for v in (cell or "").split("|"))
    return tuple(v for v in values if len(v) > 3 and v.replace(" ", "").replace("-", "").replace("'", "").isalpha())


class Merger:
    """Entries of the data file, updated row by row; ``messages`` says what happened."""

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        self.entries = list(entries)
        self.messages: list[str] = []

    def find(self, qid: str, name: str, type_: EntityType) -> int | None:
        for index, entry in enumerate(self.entries):
            if entry.qid == qid:
                return index
        found = Gazetteer(self.entries).lookup(name, type_)
        return self.entries.index(found) if found else None

    def upsert(self, new: GazetteerEntry) -> GazetteerEntry:
        """Add ``new``, or complete the entry it matches (QID conflicts only reported)."""
        index = self.find(new.qid or "", new.name, new.type)
        if index is None:
            self.entries.append(self._without_taken_aliases(new))
            self.messages.append(f"added {new.type.value} {new.name} ({new.qid})")
            return new
        old = self.entries[index]
        if old.qid and old.qid != new.qid:
            self.messages.append(f"CHECK {old.type.value} {old.name}: file says {old.qid}, Wikidata says {new.qid}")
            return old
        merged = dataclasses.replace(
            old,
            qid=old.qid or new.qid,
            capital=old.capital or new.capital,
            demonyms=old.demonyms or new.demonyms,
            country=old.country or new.country,
        )
        if merged != old:
            self.messages.append(f"completed {old.type.value} {old.name}")
            self.entries[index] = merged
        return merged

    def _without_taken_aliases(self, entry: GazetteerEntry) -> GazetteerEntry:
        gazetteer = Gazetteer(self.entries)
        free = tuple(a for a in entry.aliases if not gazetteer.lookup_all(a))
        return dataclasses.replace(entry, aliases=free)


def merge(entries: Iterable[GazetteerEntry], states: list[dict[str, str]], leaders: list[dict[str, str]]) -> Merger:
    merger = Merger(entries)
    for row in states:
        capital = row.get("capitalLabel")
        state = merger.upsert(
            GazetteerEntry(
                name=row["itemLabel"],
                type=EntityType.COUNTRY,
                qid=row["item"],
                aliases=_names(row.get("aliases")),
                demonyms=_names(row.get("demonyms")),
                capital=capital,
                metonyms=(capital,) if capital else (),
            )
        )
        if capital and _QID.match(row.get("capital", "")):
            merger.upsert(GazetteerEntry(capital, EntityType.PLACE, row["capital"], country=state.name))
    for row in leaders:
        country = next((e.name for e in merger.entries if e.qid == row["country"]), row["countryLabel"])
        merger.upsert(
            GazetteerEntry(
                row["itemLabel"], EntityType.PERSON, row["item"], aliases=_names(row.get("aliases")), country=country
            )
        )
    return merger


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", default=ENDPOINT, help="SPARQL endpoint (default: %(default)s)")
    parser.add_argument("--results", type=Path, help="read saved query answers NAME.json from this folder")
    parser.add_argument("--write", action="store_true", help="write kg/data/gazetteer.json")
    args = parser.parse_args(argv)
    path = ROOT / "kg" / "data" / DATA_FILE
    current = Gazetteer.from_json(path.read_text(encoding="utf-8"))
    rows = {name: run_query(name, args.endpoint, args.results) for name in QUERIES}
    merger = merge(current.entries(), rows["states"], rows["leaders"])
    for message in merger.messages:
        print(message, file=sys.stderr)
    if args.write:
        path.write_text(Gazetteer(merger.entries).to_json(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
