"""A store's own memory: each loaded article's Document, and every IRI the store published.

The graph in a store is derived: it is what ``kg build`` makes of the documents of every
article loaded so far. To merge a later article by the very rules of a one-shot build (the
clustering is global, not incremental), the store keeps each article's Document as the
extraction left it, before any merge, and merges them all again on every load. Documents
are kept as JSON (readable, independent of Python versions and pickling) in one SQLite
file, ``kg.sqlite``, beside the Oxigraph folder.

It also remembers every entity and event IRI it ever published and the keys of the
per-article entities and events that node stood for, so that when a later merge names a
node differently, the old IRI can point to the node that now holds them
(``kg.store.store``, ``dcterms:isReplacedBy``).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from kg.errors import GraphError
from kg.model import Article, Document, Entity, EntityKey, EntityType, Event, EventKey, Evidence, TimeValue
from kg.registry import event_type

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (article TEXT PRIMARY KEY, document TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS published (iri TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (iri, key));
"""


class Memory:
    """The documents and published IRIs of one store; changes are one transaction each."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise GraphError(f"{path}: not a kg store's memory: {exc}") from exc

    def close(self) -> None:
        self._db.close()

    def article_ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT article FROM documents")}

    def documents(self) -> Iterator[Document]:
        for (text,) in self._db.execute("SELECT document FROM documents ORDER BY article"):
            yield document_from_json(json.loads(text))

    def replace(self, put: Iterable[Document], drop: Iterable[str] = ()) -> None:
        """Put documents in (replacing any of the same article) and drop article ids, at once."""
        rows = [(doc.article.id, json.dumps(document_to_json(doc), ensure_ascii=False)) for doc in put]
        with self._transaction():
            self._db.executemany("DELETE FROM documents WHERE article = ?", [(a,) for a in drop])
            self._db.executemany("INSERT OR REPLACE INTO documents VALUES (?, ?)", rows)

    def published(self) -> dict[str, set[str]]:
        """Every IRI published so far, with the keys it has stood for."""
        found: dict[str, set[str]] = {}
        for iri, key in self._db.execute("SELECT iri, key FROM published"):
            found.setdefault(iri, set()).add(key)
        return found

    def publish(self, keys: Mapping[str, Iterable[str]]) -> None:
        """Remember that each IRI of ``keys`` stood for those keys."""
        rows = [(iri, key) for iri, members in keys.items() for key in members]
        with self._transaction():
            self._db.executemany("INSERT OR IGNORE INTO published VALUES (?, ?)", rows)

    def _transaction(self) -> sqlite3.Connection:
        self._db.execute("BEGIN IMMEDIATE")
        return _Commit(self._db)  # type: ignore[return-value]


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
