"""Linking entities to Wikidata items: right or nothing.

    link_entities(kb, options)  ->  (kb with Entity.wikidata and link_confidence, LinkReport)

For every entity the gazetteer answers first (no network); where it has no unambiguous
answer, and the build is not ``--offline``, the Wikidata Action API does:

    wbsearchentities (name, then name-like aliases)  ->  candidates
    wbgetentities (50 ids a request)                 ->  labels, aliases, claims
    wbgetentities along P279                         ->  the classes of each candidate
    match.choose                                     ->  one item, or none

The context of an entity is the other entities of the articles it comes from. Network
trouble never raises: each entity it touches stays unlinked, and the report says why.
"""

from __future__ import annotations

import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import requests

from kg.errors import LinkError
from kg.gazetteer import Gazetteer, GazetteerEntry
from kg.link.cache import Cache, export_rows, read_rows
from kg.link.client import DEFAULT_API, OfflineMiss, WikidataClient, item_values
from kg.link.match import Verdict, candidate, choose, context_qids, gazetteer_entry, match_gazetteer, search_names
from kg.model import Entity, EntityKey, KnowledgeBase
from kg.options import BuildOptions

__all__ = [
    "LinkReport",
    "WikidataClient",
    "export_cache",
    "import_cache",
    "link_entities",
    "resolve_api_url",
    "resolve_cache_path",
]

CACHE_FILE = "wikidata.sqlite"


@dataclass(frozen=True)
class LinkReport:
    """How linking went: counts, and why entities that needed Wikidata could not have it."""

    linked: int
    unlinked: int  # nothing certain enough was found
    failed: int  # Wikidata could not be asked or answered badly
    reasons: tuple[str, ...] = ()  # why they failed, with counts where there are several
    notes: tuple[str, ...] = ()  # anything else worth knowing (the cache could not be used)

    def summary(self) -> str:
        """One line, e.g. "linked 41 of 52 entities; 3 not linked: Wikidata unreachable (connection refused)"."""
        total = self.linked + self.unlinked + self.failed
        parts = [f"linked {self.linked} of {total} entities"]
        if self.failed:
            parts.append(f"{self.failed} not linked: " + ", ".join(self.reasons))
        return "; ".join(parts + list(self.notes))


def resolve_api_url(options: BuildOptions) -> str:
    """The Action API endpoint: --wikidata-api, else $KG_WIKIDATA_API, else Wikidata's."""
    return options.wikidata_api or os.environ.get("KG_WIKIDATA_API") or DEFAULT_API


def resolve_cache_path(path: Path | None = None) -> Path:
    """The cache file: ``path``, else $KG_CACHE_DIR/wikidata.sqlite, else the user cache dir."""
    if path is not None:
        return path
    directory = os.environ.get("KG_CACHE_DIR")
    if directory:
        return Path(directory) / CACHE_FILE
    import platformdirs

    return Path(platformdirs.user_cache_dir("kg")) / CACHE_FILE


def export_cache(cache_path: Path | None, out: Path) -> int:
    """Write the cache to ``out`` as JSON Lines (``kg cache export``); returns the rows written.

    With no cache file yet at the default place (a machine that has linked only offline, or
    never), the export is empty; a cache file named with ``cache_path`` must exist, since
    the user meant one that holds answers."""
    path = resolve_cache_path(cache_path)
    if not path.is_file():
        if cache_path is not None:
            raise LinkError(f"{path}: no such cache file")
        return export_rows((), out)
    with Cache(path) as cache:
        return export_rows(cache.rows(), out)


def import_cache(cache_path: Path | None, src: Path) -> int:
    """Merge a JSON Lines export into the cache (``kg cache import``); returns the rows read.
    The export is read and checked before the cache is opened: a bad one changes nothing."""
    rows = read_rows(src)
    with Cache(resolve_cache_path(cache_path)) as cache:
        return cache.put_many(rows)


def link_entities(
    kb: KnowledgeBase,
    options: BuildOptions,
    session: requests.Session | None = None,
    sleep: Callable[[float], None] = time.sleep,
    gazetteer: Gazetteer | None = None,
) -> tuple[KnowledgeBase, LinkReport]:
    """Set ``wikidata`` and ``link_confidence`` on the entities of ``kb`` that can be linked.

    ``sleep`` is what waits before a retry; ``gazetteer`` replaces the shipped one (tests).
    """
    gazetteer = gazetteer or Gazetteer.default()
    contexts = _contexts(kb, gazetteer)
    verdicts: dict[EntityKey, Verdict] = {}
    pending: list[Entity] = []
    for entity in kb.entities:
        if entity.wikidata:
            verdicts[entity.key] = Verdict(entity.wikidata, entity.link_confidence, final=True)
            continue
        verdict = match_gazetteer(gazetteer, entity, contexts[entity.key])
        verdicts[entity.key] = verdict
        if not verdict.final:
            pending.append(entity)
    failures: dict[EntityKey, str] = {}
    notes: list[str] = []
    if pending:
        qids = {e.key: context_qids(gazetteer, contexts[e.key]) for e in pending}
        found, failures, notes = _link_online(pending, qids, options, session, sleep)
        verdicts.update(found)
    return _apply(kb, verdicts), _report(kb, verdicts, failures, notes)


def _contexts(kb: KnowledgeBase, gazetteer: Gazetteer) -> dict[EntityKey, tuple[GazetteerEntry, ...]]:
    """For each entity, the gazetteer entries of the other entities of its articles."""
    by_article: dict[str, list[Entity]] = defaultdict(list)
    for entity in kb.entities:
        for source in entity.sources:
            by_article[source].append(entity)
    entries = {e.key: entry for e in kb.entities if (entry := gazetteer_entry(gazetteer, e)) is not None}
    contexts = {}
    for entity in kb.entities:
        others = {o.key for source in entity.sources for o in by_article[source]} - {entity.key}
        contexts[entity.key] = tuple(entries[k] for k in sorted(others) if k in entries)
    return contexts


def _link_online(
    pending: Sequence[Entity],
    qids: Mapping[EntityKey, frozenset[str]],
    options: BuildOptions,
    session: requests.Session | None,
    sleep: Callable[[float], None],
) -> tuple[dict[EntityKey, Verdict], dict[EntityKey, str], list[str]]:
    notes = []
    path = resolve_cache_path(options.cache_path)
    try:
        # offline, a cache that does not exist is empty: do not create it
        cache = Cache(None if options.offline and not path.exists() else path)
    except LinkError as exc:
        notes.append(f"{exc}; answers not cached")
        cache = Cache(None)
    own_session = session is None
    session = session or requests.Session()
    try:
        client = WikidataClient(resolve_api_url(options), session, cache, sleep=sleep, offline=options.offline)
        verdicts, failures = _ask_api(client, pending, qids)
    finally:
        cache.close()
        if own_session:
            session.close()
    return verdicts, failures, notes


def _ask_api(
    client: WikidataClient, pending: Sequence[Entity], context: Mapping[EntityKey, frozenset[str]]
) -> tuple[dict[EntityKey, Verdict], dict[EntityKey, str]]:
    failures: dict[EntityKey, LinkError] = {}
    hits: dict[EntityKey, list[str]] = {}
    for entity in pending:
        try:
            hits[entity.key] = _search(client, entity)
        except LinkError as exc:
            failures[entity.key] = exc
    data = _gather(client.get_entities, hits, failures)
    classes = {}
    for key, ids in hits.items():
        try:
            classes[key] = [c for qid in ids if qid in data for c in item_values(data[qid], "P31")]
        except LinkError as exc:  # an entity of unexpected shape
            failures.setdefault(key, exc)
    closures = _gather(client.class_closures, classes, failures)
    verdicts = {}
    for entity in pending:
        if entity.key in failures:
            continue
        try:
            candidates = [
                candidate(entity, qid, rank, data[qid], closures, context[entity.key])
                for rank, qid in enumerate(hits[entity.key])
                if qid in data
            ]
        except LinkError as exc:
            failures[entity.key] = exc
            continue
        verdicts[entity.key] = choose(entity, candidates)
    # a miss of the offline cache is no failure: the entity is just not linked
    return verdicts, {k: str(e) for k, e in failures.items() if not isinstance(e, OfflineMiss)}


def _search(client: WikidataClient, entity: Entity) -> list[str]:
    """Candidate ids from the canonical name; from name-like aliases if it finds nothing."""
    for name in search_names(entity):
        found = [hit["id"] for hit in client.search(name)]
        if found:
            return list(dict.fromkeys(found))
    return []


def _gather(fetch: Callable, wanted: Mapping[EntityKey, list[str]], failures: dict[EntityKey, LinkError]) -> dict:
    """``fetch`` for every entity's ids at once (batched); if that fails, entity by entity,
    so one bad answer costs only the entities that needed it."""
    live = {key: ids for key, ids in wanted.items() if key not in failures}
    try:
        return fetch(sorted({i for ids in live.values() for i in ids}))
    except LinkError:
        result: dict = {}
        for key, ids in live.items():
            try:
                result.update(fetch(ids))
            except LinkError as exc:
                failures[key] = exc
        return result


def _apply(kb: KnowledgeBase, verdicts: Mapping[EntityKey, Verdict]) -> KnowledgeBase:
    entities = tuple(
        replace(e, wikidata=v.qid, link_confidence=v.confidence) if (v := verdicts.get(e.key)) and v.linked else e
        for e in kb.entities
    )
    return replace(kb, entities=entities)


def _report(
    kb: KnowledgeBase, verdicts: Mapping[EntityKey, Verdict], failures: Mapping[EntityKey, str], notes: Sequence[str]
) -> LinkReport:
    linked = sum(1 for e in kb.entities if (v := verdicts.get(e.key)) and v.linked)
    failed = sum(1 for e in kb.entities if e.key in failures and not verdicts.get(e.key, Verdict()).linked)
    counts = Counter(failures.values())
    reasons = [reason if len(counts) == 1 else f"{reason} ({n})" for reason, n in sorted(counts.items())]
    return LinkReport(linked, len(kb.entities) - linked - failed, failed, tuple(reasons), tuple(notes))
