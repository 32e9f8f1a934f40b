"""A store's own memory: each loaded article's Document, what the stored graph was last
made of, every IRI the store published, and the graphs it pushed.

The graph in a store is derived: it is what ``kg build`` makes of the documents of every
article loaded so far. To merge a later article by the very rules of a one-shot build (the
clustering is global, not incremental), the store keeps each article's Document as the
extraction left it, before any merge, and merges again, on every load, those the load
touches — over their stubs (``kg.stream.stub``: no text, no evidence sentences), kept in a
column of their own so that the merge reads a fraction of the bytes. Documents are kept as
JSON (readable, independent of Python versions and pickling) in one SQLite file,
``kg.sqlite``, beside the Oxigraph folder, with a digest of each.

Each document's *tokens* (``tokens``): its entities' types with every form of their names
the merge may join them by; the articles a change must merge again are those linked to it
by shared tokens (``Memory.component``).

What the graph was last made of (``applied``): a digest of each node's merged content as
the last completed change mapped it (with one article supporting the node), and the nodes
validation left out (``pruned``). A load compares the digests of its merge with these to
find the nodes and articles it changes (``kg.store.store``); they are written only once the
graph holds the change. The tokens of documents written before the graph holds them are
``pending`` until then, so a change that did not finish is made by the next one.

It also remembers every entity and event IRI it ever published and the keys of the
per-article entities and events that node stood for, so that when a later merge names a
node differently, the old IRI can point to the node that now holds them
(``kg.store.store``, ``dcterms:isReplacedBy``); and the named graphs pushed to each
endpoint (``kg push``), so that the next push deletes there the graphs of articles taken
out since.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from kg.errors import GraphError
from kg.model import (
    Article,
    Document,
    Entity,
    EntityKey,
    EntityType,
    Event,
    EventKey,
    Evidence,
    TimeValue,
    normalise_name,
)
from kg.registry import event_type

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (article TEXT PRIMARY KEY, document TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS published (iri TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (iri, key));
CREATE INDEX IF NOT EXISTS published_by_key ON published (key);
CREATE TABLE IF NOT EXISTS tokens (token TEXT NOT NULL, article TEXT NOT NULL, PRIMARY KEY (token, article));
CREATE INDEX IF NOT EXISTS tokens_by_article ON tokens (article);
CREATE TABLE IF NOT EXISTS applied (iri TEXT PRIMARY KEY, digest TEXT NOT NULL, article TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS applied_by_article ON applied (article);
CREATE TABLE IF NOT EXISTS pruned (iri TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS pending (token TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS pushed (endpoint TEXT NOT NULL, graph TEXT NOT NULL, PRIMARY KEY (endpoint, graph));
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
        """Give a store made before stubs, digests and tokens its stubs, digests and tokens."""
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(documents)")}
        for name, kind in _ADDED_COLUMNS.items():
            if name not in columns:
                self._db.execute(f"ALTER TABLE documents ADD COLUMN {name} {kind}")
        while rows := self._db.execute(
            "SELECT article, document FROM documents WHERE stub IS NULL LIMIT ?", (BATCH,)
        ).fetchall():
            with self._transaction():
                for article, text in rows:
                    document = document_from_json(json.loads(text))
                    self._db.execute(
                        "UPDATE documents SET stub = ?, digest = ? WHERE article = ?",
                        (*_stub_and_digest(document, text), article),
                    )
                    self._db.executemany("INSERT OR IGNORE INTO tokens VALUES (?, ?)", _tokens(document))

    def close(self) -> None:
        self._db.close()

    def article_ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT article FROM documents")}

    def stubs(self, articles: Collection[str]) -> Iterator[Document]:
        """The documents of ``articles`` without their text (``kg.stream.stub``), in article
        id order."""
        for (text,) in self._rows("SELECT stub FROM documents WHERE article IN ({}) ORDER BY article", articles):
            yield document_from_json(json.loads(text))

    def documents(self, articles: Collection[str]) -> Iterator[Document]:
        """The documents of ``articles`` that the store holds, in article id order."""
        for (text,) in self._rows("SELECT document FROM documents WHERE article IN ({}) ORDER BY article", articles):
            yield document_from_json(json.loads(text))

    def _rows(self, query: str, values: Collection[str]) -> Iterator[tuple[Any, ...]]:
        """``query`` (its ``IN ({})`` filled) for ``values``, in sorted chunks of ``BATCH``."""
        ordered = iter(sorted(values))
        while chunk := list(islice(ordered, BATCH)):
            yield from self._db.execute(query.format(",".join("?" * len(chunk))), chunk).fetchall()

    def digests(self, articles: Collection[str]) -> dict[str, str]:
        """Each article id of ``articles`` with the digest of its document."""
        return dict(self._rows("SELECT article, digest FROM documents WHERE article IN ({})", articles))

    def replace(self, put: Iterable[Document], drop: Iterable[str] = ()) -> tuple[list[str], set[str]]:
        """Put documents in (replacing any of the same article) and drop article ids, at
        once. ``put`` is read as it is written: it may be a stream. The ids put, and the
        tokens (``_tokens``) of every document put, replaced or dropped, with those of any
        change the graph does not hold yet (interrupted)."""
        ids: list[str] = []
        tokens: set[str] = set()
        with self._transaction():
            for article in drop:
                tokens |= self._drop(article)
            for doc in put:
                ids.append(doc.article.id)
                tokens |= self._drop(doc.article.id)
                text = json.dumps(document_to_json(doc), ensure_ascii=False)
                self._db.execute(
                    "INSERT INTO documents (article, document, stub, digest) VALUES (?, ?, ?, ?)",
                    (doc.article.id, text, *_stub_and_digest(doc, text)),
                )
                rows = _tokens(doc)
                self._db.executemany("INSERT OR IGNORE INTO tokens VALUES (?, ?)", rows)
                tokens.update(token for token, _ in rows)
            # until the graph holds this change: what the next change must look at too
            self._db.executemany("INSERT OR IGNORE INTO pending VALUES (?)", [(token,) for token in tokens])
        return ids, tokens | self.pending()

    def pending(self) -> set[str]:
        """The tokens of documents written since the graph last held every change."""
        return {row[0] for row in self._db.execute("SELECT token FROM pending")}

    def _drop(self, article: str) -> set[str]:
        tokens = {row[0] for row in self._db.execute("SELECT token FROM tokens WHERE article = ?", (article,))}
        self._db.execute("DELETE FROM tokens WHERE article = ?", (article,))
        self._db.execute("DELETE FROM documents WHERE article = ?", (article,))
        return tokens

    def component(self, tokens: Collection[str]) -> set[str]:
        """The articles that share a token with ``tokens``, and those that share one with
        them, and so on: the part of the store whose merge a change of articles with these
        tokens may change (kg.store.store)."""
        articles: set[str] = set()
        seen = set(tokens)
        frontier: Collection[str] = seen
        while frontier:
            found = {row[0] for row in self._rows("SELECT DISTINCT article FROM tokens WHERE token IN ({})", frontier)}
            found -= articles
            articles |= found
            frontier = {row[0] for row in self._rows("SELECT DISTINCT token FROM tokens WHERE article IN ({})", found)}
            frontier -= seen
            seen |= frontier
        return articles

    def applied(self, articles: Collection[str]) -> dict[str, str]:
        """What the stored graph was last made of, for the nodes supported by ``articles``:
        each node's digest."""
        return dict(self._rows("SELECT iri, digest FROM applied WHERE article IN ({})", articles))

    def pruned(self) -> set[str]:
        """The nodes validation left out of the stored graph."""
        return {row[0] for row in self._db.execute("SELECT iri FROM pruned")}

    def apply(
        self,
        digests: Iterable[tuple[str, str, str]],
        gone: Iterable[str],
        pruned: Iterable[str],
        published: Iterable[tuple[str, Iterable[str]]],
    ) -> None:
        """Once the graph holds a change, at once: the (IRI, digest, one supporting article)
        of the nodes it changed, the IRIs of those it took out, the nodes now left out, and
        the IRIs it published with their keys; each may be a stream."""
        with self._transaction():
            self._db.executemany("DELETE FROM applied WHERE iri = ?", [(iri,) for iri in gone])
            self._db.executemany("INSERT OR REPLACE INTO applied VALUES (?, ?, ?)", digests)
            self._db.execute("DELETE FROM pruned")
            self._db.executemany("INSERT INTO pruned VALUES (?)", [(iri,) for iri in pruned])
            self._db.execute("DELETE FROM pending")
            rows = ((iri, key) for iri, members in published for key in members)  # a stream: they are many
            self._db.executemany("INSERT OR IGNORE INTO published VALUES (?, ?)", rows)

    def published(self, keys: Collection[str]) -> dict[str, set[str]]:
        """Every IRI published so far that stood for one of ``keys``, with all the keys it
        has stood for."""
        iris = {row[0] for row in self._rows("SELECT iri FROM published WHERE key IN ({})", keys)}
        found: dict[str, set[str]] = {}
        for iri, key in self._rows("SELECT iri, key FROM published WHERE iri IN ({})", iris):
            found.setdefault(iri, set()).add(key)
        return found

    def pushed(self, endpoint: str) -> set[str]:
        """The named graphs a push to ``endpoint`` may have left there."""
        return {row[0] for row in self._db.execute("SELECT graph FROM pushed WHERE endpoint = ?", (endpoint,))}

    def set_pushed(self, endpoint: str, graphs: Iterable[str]) -> None:
        with self._transaction():
            self._db.execute("DELETE FROM pushed WHERE endpoint = ?", (endpoint,))
            self._db.executemany("INSERT INTO pushed VALUES (?, ?)", [(endpoint, graph) for graph in graphs])

    @contextmanager
    def aside(self) -> Iterator[_Aside]:
        """A scratch table for the events of a merge (``_Aside``), emptied when done."""
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS aside (key TEXT PRIMARY KEY, event BLOB NOT NULL)")
        try:
            yield _Aside(self._db)
        finally:
            self._db.execute("DELETE FROM aside")

    def _transaction(self) -> sqlite3.Connection:
        self._db.execute("BEGIN IMMEDIATE")
        return _Commit(self._db)  # type: ignore[return-value]


def _stub_and_digest(doc: Document, text: str) -> tuple[str, str]:
    """The JSON of the document's stub, and the digest of its own JSON ``text``."""
    from kg.stream import stub

    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
    return json.dumps(document_to_json(stub(doc)), ensure_ascii=False), digest


def _tokens(doc: Document) -> list[tuple[str, str]]:
    """(token, article id) for every token of ``doc``: each entity's type with each form
    of its names the merge may join it by (kg.merging: its key, names and aliases, and
    every word of a person's name: more than the merge's first and last word, never fewer).
    Two documents whose merge could touch each other's nodes share a token, or are joined
    by a chain of documents that do: events merge only through shared (merged) entities."""
    tokens: set[str] = set()
    for entity in doc.entities:
        kind = entity.type.value
        forms = {entity.key.name, *map(normalise_name, (entity.name, *entity.aliases))}
        if entity.type is EntityType.PERSON:
            forms.update(normalise_name(word) for word in entity.name.split())
        tokens.update(f"{kind}:{form}" for form in forms if form)
    return [(token, doc.article.id) for token in sorted(tokens)]


class _Aside:
    """Events put aside on disk by their key while the merge clusters them from an index
    (kg.coreference.EventIndex): the per-article events grow with the articles, their index
    much less. Pickled, not JSON: the table is SQLite's temporary file, gone at closing."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def put(self, events: Iterable[Event]) -> None:
        rows = ((str(event.key), pickle.dumps(event, pickle.HIGHEST_PROTOCOL)) for event in events)
        self._db.executemany("INSERT INTO aside VALUES (?, ?)", rows)

    def get(self, keys: Iterable[EventKey]) -> list[Event]:
        """The events of ``keys``, in their order."""
        found = []
        for key in keys:
            (blob,) = self._db.execute("SELECT event FROM aside WHERE key = ?", (str(key),)).fetchone()
            found.append(pickle.loads(blob))
        return found


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
