"""A store's own memory: each loaded article's Document, what the stored graph was last
made of, and every IRI the store published.

The graph in a store is derived: it is what ``kg build`` makes of the documents of every
article loaded so far. To merge a later article by the very rules of a one-shot build (the
clustering is global, not incremental), the store keeps each article's Document as the
extraction left it, before any merge, and merges them all again on every load — over their
stubs (``kg.stream.stub``: no text, no evidence sentences), kept in a column of their own
so that the merge reads a fraction of the bytes. Documents are kept as JSON (readable,
independent of Python versions and pickling) in one SQLite file, ``kg.sqlite``, beside the
Oxigraph folder, with a digest of each.

What the graph was last made of (``applied``): a digest of each node's merged content as
the last completed change mapped it, and the nodes validation left out (``pruned``). A load
compares the digests of its merge with these to find the nodes and articles it changes
(``kg.store.store``); they are written only once the graph holds the change, so a change
that did not finish is found again by the next one.

It also remembers every entity and event IRI it ever published and the keys of the
per-article entities and events that node stood for, so that when a later merge names a
node differently, the old IRI can point to the node that now holds them
(``kg.store.store``, ``dcterms:isReplacedBy``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import Any

from kg.errors import GraphError
from kg.model import Article, Document, Entity, EntityKey, EntityType, Event, EventKey, Evidence, TimeValue
from kg.registry import event_type

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (article TEXT PRIMARY KEY, document TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS published (iri TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (iri, key));
CREATE TABLE IF NOT EXISTS applied (iri TEXT PRIMARY KEY, digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pruned (iri TEXT PRIMARY KEY);
"""
#: Columns added since the first stores: a store made before gets them filled on opening.
_ADDED_COLUMNS = {"stub": "TEXT", "digest": "TEXT"}
#: Rows read or written at a time, so that memory does not grow with the store.
BATCH = 500


class Memory:
    """The documents and published IRIs of one store; changes are one transaction each."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.executescript(_SCHEMA)
            self._upgrade()
        except sqlite3.Error as exc:
            raise GraphError(f"{path}: not a kg store's memory: {exc}") from exc

    def _upgrade(self) -> None:
        """Give a store made before stubs and digests its stubs and digests."""
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(documents)")}
        for name, kind in _ADDED_COLUMNS.items():
            if name not in columns:
                self._db.execute(f"ALTER TABLE documents ADD COLUMN {name} {kind}")
        while rows := self._db.execute(
            "SELECT article, document FROM documents WHERE stub IS NULL LIMIT ?", (BATCH,)
        ).fetchall():
            with self._transaction():
                self._db.executemany(
                    "UPDATE documents SET stub = ?, digest = ? WHERE article = ?",
                    [
                        (*_stub_and_digest(document_from_json(json.loads(text)), text), article)
                        for article, text in rows
                    ],
                )

    def close(self) -> None:
        self._db.close()

    def article_ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT article FROM documents")}

    def stubs(self) -> Iterator[Document]:
        """Every document without its text (``kg.stream.stub``), in article id order."""
        for (text,) in self._db.execute("SELECT stub FROM documents ORDER BY article"):
            yield document_from_json(json.loads(text))

    def documents(self, articles: Collection[str] | None = None) -> Iterator[Document]:
        """The documents of ``articles`` (every one by default) that the store holds, in
        article id order, read ``BATCH`` at a time."""
        if articles is None:
            for (text,) in self._db.execute("SELECT document FROM documents ORDER BY article"):
                yield document_from_json(json.loads(text))
            return
        ids = iter(sorted(articles))
        while chunk := list(islice(ids, BATCH)):
            marks = ",".join("?" * len(chunk))
            query = f"SELECT document FROM documents WHERE article IN ({marks}) ORDER BY article"
            for (text,) in self._db.execute(query, chunk).fetchall():
                yield document_from_json(json.loads(text))

    def digests(self) -> dict[str, str]:
        """Each article id with the digest of its document."""
        return dict(self._db.execute("SELECT article, digest FROM documents"))

    def replace(self, put: Iterable[Document], drop: Iterable[str] = ()) -> list[str]:
        """Put documents in (replacing any of the same article) and drop article ids, at
        once; the ids put. ``put`` is read as it is written: it may be a stream."""
        ids: list[str] = []

        def rows() -> Iterator[tuple[str, str, str, str]]:
            for doc in put:
                ids.append(doc.article.id)
                text = json.dumps(document_to_json(doc), ensure_ascii=False)
                yield (doc.article.id, text, *_stub_and_digest(doc, text))

        with self._transaction():
            self._db.executemany("DELETE FROM documents WHERE article = ?", [(a,) for a in drop])
            self._db.executemany(
                "INSERT OR REPLACE INTO documents (article, document, stub, digest) VALUES (?, ?, ?, ?)", rows()
            )
        return ids

    def applied(self) -> tuple[dict[str, str], set[str]]:
        """What the stored graph was last made of: each node's digest, and the nodes left out."""
        digests = dict(self._db.execute("SELECT iri, digest FROM applied"))
        return digests, {row[0] for row in self._db.execute("SELECT iri FROM pruned")}

    def apply(
        self,
        digests: Mapping[str, str],
        gone: Iterable[str],
        pruned: Iterable[str],
        published: Mapping[str, Iterable[str]],
    ) -> None:
        """Once the graph holds a change, at once: the digests of the nodes it changed and
        those of the nodes it took out, the nodes now left out, and the IRIs it published."""
        with self._transaction():
            self._db.executemany("DELETE FROM applied WHERE iri = ?", [(iri,) for iri in gone])
            self._db.executemany("INSERT OR REPLACE INTO applied VALUES (?, ?)", digests.items())
            self._db.execute("DELETE FROM pruned")
            self._db.executemany("INSERT INTO pruned VALUES (?)", [(iri,) for iri in pruned])
            rows = [(iri, key) for iri, members in published.items() for key in members]
            self._db.executemany("INSERT OR IGNORE INTO published VALUES (?, ?)", rows)

    def published(self) -> dict[str, set[str]]:
        """Every IRI published so far, with the keys it has stood for."""
        found: dict[str, set[str]] = {}
        for iri, key in self._db.execute("SELECT iri, key FROM published"):
            found.setdefault(iri, set()).add(key)
        return found

    def _transaction(self) -> sqlite3.Connection:
        self._db.execute("BEGIN IMMEDIATE")
        return _Commit(self._db)  # type: ignore[return-value]


def _stub_and_digest(doc: Document, text: str) -> tuple[str, str]:
    """The JSON of the document's stub, and the digest of its own JSON ``text``."""
    from kg.stream import stub

    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
    return json.dumps(document_to_json(stub(doc)), ensure_ascii=False), digest


class _Commit:
    """Commit on success, roll back on any error (sqlite3's own context manager needs
    the default isolation level, which starts transactions behind our back)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> sqlite3.Connection:
        return self._db

    def __exit__(self, kind: object, *_: object) -> None:
        self._db.execute("COMMIT" if kind is None else "ROLLBACK")


# --- Document <-> JSON ---------------------------------------------------------------------


def document_to_json(doc: Document) -> dict[str, Any]:
    return {
        "article": _article_to_json(doc.article),
        "entities": [_entity_to_json(entity) for entity in doc.entities],
        "events": [_event_to_json(event) for event in doc.events],
    }


def document_from_json(data: Mapping[str, Any]) -> Document:
    return Document(
        article=_article_from_json(data["article"]),
        entities=tuple(_entity_from_json(item) for item in data["entities"]),
        events=tuple(_event_from_json(item) for item in data["events"]),
    )


def _article_to_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "text": article.text,
        "origin": article.origin,
        "title": article.title,
        "source": article.source,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "author": article.author,
        "asides": [list(aside) for aside in article.asides],
    }


def _article_from_json(data: Mapping[str, Any]) -> Article:
    published = dt.date.fromisoformat(data["published"]) if data["published"] else None
    asides = tuple((start, end) for start, end in data["asides"])
    return Article(**{**data, "published": published, "asides": asides})


def _entity_to_json(entity: Entity) -> dict[str, Any]:
    return {
        "key": str(entity.key),
        "type": entity.type.value,
        "name": entity.name,
        "aliases": sorted(entity.aliases),
        "sources": sorted(entity.sources),
        "wikidata": entity.wikidata,
        "link_confidence": entity.link_confidence,
    }


def _entity_from_json(data: Mapping[str, Any]) -> Entity:
    return Entity(
        key=EntityKey.parse(data["key"]),
        type=EntityType(data["type"]),
        name=data["name"],
        aliases=frozenset(data["aliases"]),
        sources=frozenset(data["sources"]),
        wikidata=data["wikidata"],
        link_confidence=data["link_confidence"],
    )


def _event_to_json(event: Event) -> dict[str, Any]:
    return {
        "key": list(event.key),
        "type": event.type.name,
        "roles": [[role.term, [str(key) for key in keys]] for role, keys in event.roles],
        "evidence": [[e.article_id, e.text, e.start, e.end] for e in event.evidence],
        "date": event.date.value if event.date else None,
        "cameo": event.cameo,
        "treaty": event.treaty,
        "quote": event.quote,
        "trigger": event.trigger,
        "claimed_in": [list(key) for key in event.claimed_in],
        "optional": event.optional,
    }


def _event_from_json(data: Mapping[str, Any]) -> Event:
    kind = event_type(data["type"])
    roles = {kind.role(term): [EntityKey.parse(key) for key in keys] for term, keys in data["roles"]}
    return Event(
        key=EventKey(*data["key"]),
        type=kind,
        roles=Event.make_roles(roles),
        evidence=tuple(Evidence(*item) for item in data["evidence"]),
        date=TimeValue(data["date"]) if data["date"] else None,
        cameo=data["cameo"],
        treaty=data["treaty"],
        quote=data["quote"],
        trigger=data["trigger"],
        claimed_in=tuple(EventKey(*key) for key in data["claimed_in"]),
        optional=data["optional"],
    )
