"""A persistent SQLite cache of Wikidata answers, so nothing is asked twice.

Rows are keyed by (API URL, request kind, normalised key): the same search sent to a mirror
and to Wikidata are different rows. Values are the JSON answers as text. Every write is its
own transaction and the database runs in WAL mode, so an interrupted build leaves a usable
cache. Exports are JSON Lines, one row a line, sorted, so a team can share and diff them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from kg.atomic import atomic_write
from kg.errors import LinkError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    api TEXT NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (api, kind, key)
)
"""


class Cache:
    """Answers by (api, kind, key); ``Cache(None)`` keeps them in memory only."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(":memory:" if path is None else str(path), timeout=30)
            if path is not None:
                self._db.execute("PRAGMA journal_mode=WAL")
            with self._db:
                self._db.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise LinkError(f"cannot open the Wikidata cache {path}: {exc}") from exc

    def get(self, api: str, kind: str, key: str) -> Any | None:
        """The cached answer, or None when there is none."""
        try:
            row = self._db.execute(
                "SELECT value FROM answers WHERE api = ? AND kind = ? AND key = ?", (api, kind, key)
            ).fetchone()
        except sqlite3.Error as exc:
            raise LinkError(f"cannot read the Wikidata cache {self.path}: {exc}") from exc
        return None if row is None else json.loads(row[0])

    def put(self, api: str, kind: str, key: str, value: Any) -> None:
        self.put_many([(api, kind, key, value)])

    def put_many(self, rows: list[tuple[str, str, str, Any]]) -> int:
        """Store rows in one transaction; returns how many."""
        encoded = [
            (api, kind, key, json.dumps(value, sort_keys=True, ensure_ascii=False)) for api, kind, key, value in rows
        ]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)", encoded)
        except sqlite3.Error as exc:
            raise LinkError(f"cannot write the Wikidata cache {self.path}: {exc}") from exc
        return len(encoded)

    def rows(self) -> Iterator[tuple[str, str, str, Any]]:
        """Every row, sorted by api, kind and key."""
        query = "SELECT api, kind, key, value FROM answers ORDER BY api, kind, key"
        for api, kind, key, value in self._db.execute(query):
            yield api, kind, key, json.loads(value)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def export_rows(rows: Iterable[tuple[str, str, str, Any]], out: Path) -> int:
    """Write ``rows`` (a cache's) to ``out`` as JSON Lines, atomically; returns the rows."""
    lines = [
        json.dumps({"api": api, "kind": kind, "key": key, "value": value}, sort_keys=True, ensure_ascii=False)
        for api, kind, key, value in rows
    ]
    data = "".join(f"{line}\n" for line in lines).encode("utf-8")
    try:
        atomic_write(out, lambda stream: _write_all(stream, data))
    except OSError as exc:
        raise LinkError(f"{out}: cannot write the cache export: {exc.strerror or exc}") from exc
    return len(lines)


def read_rows(src: Path) -> list[tuple[str, str, str, Any]]:
    """The rows of a JSON Lines export, every one checked: LinkError naming the first bad
    line (or a file that is not UTF-8 text), so that a bad export is refused whole."""
    try:
        lines = src.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise LinkError(f"{src}: cannot read the cache export: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise LinkError(f"{src}: not a cache export: not UTF-8 text (byte at offset {exc.start})") from exc
    return [_parse_row(src, number, line) for number, line in enumerate(lines, 1) if line.strip()]


def _parse_row(src: Path, number: int, line: str) -> tuple[str, str, str, Any]:
    try:
        record = json.loads(line)
        row = (record["api"], record["kind"], record["key"], record["value"])
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise LinkError(f"{src}:{number}: not a cache row (expected JSON with api, kind, key, value)") from exc
    if not all(isinstance(part, str) for part in row[:3]):
        raise LinkError(f"{src}:{number}: api, kind and key must be strings")
    return row


def _write_all(stream: IO[bytes], data: bytes) -> None:
    stream.write(data)
