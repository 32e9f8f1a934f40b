"""A polite client of the Wikidata Action API (``wbsearchentities``, ``wbgetentities``).

Manners, as Wikimedia's API etiquette asks: one session, a descriptive User-Agent,
``maxlag=5``, one request at a time, and on 429/503 or a ``maxlag`` error a wait of
``Retry-After`` seconds (at least 5 for maxlag) before a bounded number of retries. Every
answer is cached, so nothing is asked twice; in offline mode only the cache answers.

Once the server is unreachable (refused, timed out, rate-limited without end) the client
stops asking for the rest of the build and raises the same :class:`LinkError` at once, so
an outage costs one timeout, not one per entity.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import requests

from kg.errors import LinkError
from kg.http import user_agent
from kg.link.cache import Cache
from kg.model import normalise_name

DEFAULT_API = "https://www.wikidata.org/w/api.php"
USER_AGENT = user_agent()
MAXLAG = 5
BATCH = 50  # wbgetentities' limit of ids per request for ordinary clients
SEARCH_LIMIT = 10
DEFAULT_TIMEOUT = (5.0, 30.0)  # connect, read
DEFAULT_RETRIES = 3
MAX_WAIT = 60.0  # longer Retry-After values are cut to this
MIN_MAXLAG_WAIT = 5.0
ENTITY_PROPS = "labels|descriptions|aliases|claims"
CLASS_DEPTH = 5

Sleep = Callable[[float], None]


class OfflineMiss(LinkError):
    """An answer that is not in the cache, in offline mode."""


class _Retry(Exception):
    """The server asked us to come back later."""

    def __init__(self, reason: str, wait: float) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class WikidataClient:
    """Searches and entities from one Action API endpoint, through a cache."""

    def __init__(
        self,
        api_url: str,
        session: requests.Session,
        cache: Cache,
        sleep: Sleep = time.sleep,
        max_retries: int = DEFAULT_RETRIES,
        timeout: float | tuple[float, float] | None = None,
        offline: bool = False,
    ) -> None:
        self.api_url = api_url
        self.session = session
        self.cache = cache
        self.sleep = sleep
        self.max_retries = max_retries
        self.timeout = timeout or DEFAULT_TIMEOUT
        self.offline = offline
        self.requests_sent = 0
        self._down: LinkError | None = None
        self._closures: dict[str, frozenset[str]] = {}

    # --- public lookups -------------------------------------------------------------

    def search(self, name: str, language: str = "en") -> list[dict[str, Any]]:
        """The items ``wbsearchentities`` finds for ``name``, best first."""
        key = json.dumps({"language": language, "search": normalise_name(name)}, sort_keys=True)
        cached = self.cache.get(self.api_url, "search", key)
        if cached is not None:
            return cached
        answer = self._call(
            {
                "action": "wbsearchentities",
                "search": name,
                "language": language,
                "uselang": language,
                "type": "item",
                "limit": str(SEARCH_LIMIT),
            }
        )
        hits = _search_hits(answer)
        self.cache.put(self.api_url, "search", key, hits)
        return hits

    def get_entities(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Labels, descriptions, aliases and claims of items, fetched 50 at a time.

        Items Wikidata does not have are left out of the answer.
        """
        wanted = list(dict.fromkeys(ids))
        found: dict[str, dict[str, Any]] = {}
        missing = []
        for qid in wanted:
            cached = self.cache.get(self.api_url, "entity", qid)
            if cached is None:
                missing.append(qid)
            elif not cached.get("missing"):
                found[qid] = cached
        for start in range(0, len(missing), BATCH):
            found.update(self._fetch_batch(missing[start : start + BATCH]))
        return found

    def class_closure(self, qid: str, depth: int = CLASS_DEPTH) -> frozenset[str]:
        """``qid`` and its superclasses up to ``depth`` steps along P279."""
        return self.class_closures([qid], depth)[qid]

    def class_closures(self, qids: Iterable[str], depth: int = CLASS_DEPTH) -> dict[str, frozenset[str]]:
        """:meth:`class_closure` of several classes, walking their hierarchies together so
        each level costs one batched request."""
        todo = [q for q in dict.fromkeys(qids) if q not in self._closures]
        parents: dict[str, tuple[str, ...]] = {}
        frontier = set(todo)
        for _ in range(depth):
            frontier -= parents.keys()
            if not frontier:
                break
            entities = self.get_entities(sorted(frontier))
            for qid in frontier:
                parents[qid] = item_values(entities.get(qid, {}), "P279")
            frontier = {p for qid in frontier for p in parents[qid]}
        for qid in todo:
            self._closures[qid] = _reachable(qid, parents)
        return {q: self._closures[q] for q in dict.fromkeys(qids)}

    # --- the wire ---------------------------------------------------------------------

    def _fetch_batch(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        answer = self._call({"action": "wbgetentities", "ids": "|".join(ids), "props": ENTITY_PROPS, "languages": "en"})
        entities = answer.get("entities")
        if not isinstance(entities, dict):
            raise LinkError("unexpected answer from the Wikidata API: wbgetentities without 'entities'")
        found: dict[str, dict[str, Any]] = {}
        rows = []
        for qid in ids:
            entity = entities.get(qid)
            if not isinstance(entity, dict):
                raise LinkError(f"unexpected answer from the Wikidata API: no entry for {qid}")
            if "missing" in entity:
                rows.append((self.api_url, "entity", qid, {"missing": True}))
                continue
            found[qid] = _trim(entity)
            rows.append((self.api_url, "entity", qid, found[qid]))
        self.cache.put_many(rows)
        return found

    def _call(self, params: dict[str, str]) -> dict[str, Any]:
        """One API request, with the retries the server asks for."""
        if self.offline:
            raise OfflineMiss("not in the offline cache")
        if self._down is not None:
            raise self._down
        query = {**params, "format": "json", "maxlag": str(MAXLAG)}
        for attempt in range(self.max_retries + 1):
            try:
                return self._once(query)
            except _Retry as retry:
                if attempt == self.max_retries:
                    self._down = LinkError(f"Wikidata kept asking to wait ({retry.reason}) after {attempt + 1} tries")
                    raise self._down from retry
                self.sleep(retry.wait)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _once(self, query: dict[str, str]) -> dict[str, Any]:
        self.requests_sent += 1
        try:
            response = self.session.get(
                self.api_url, params=query, headers={"User-Agent": USER_AGENT}, timeout=self.timeout
            )
        except requests.Timeout as exc:
            self._down = LinkError(f"Wikidata unreachable (timed out after {_seconds(self.timeout)} s)")
            raise self._down from exc
        except requests.ConnectionError as exc:
            self._down = LinkError(f"Wikidata unreachable ({_connection_reason(exc)})")
            raise self._down from exc
        except requests.RequestException as exc:
            raise LinkError(f"Wikidata request failed: {exc}") from exc
        if response.status_code in (429, 503):
            wait = _retry_after(response.headers.get("Retry-After"), default=MIN_MAXLAG_WAIT)
            raise _Retry(f"HTTP {response.status_code}", wait)
        if response.status_code != 200:
            raise LinkError(f"Wikidata answered HTTP {response.status_code}")
        try:
            answer = response.json()
        except ValueError as exc:
            raise LinkError("malformed answer from the Wikidata API (not JSON)") from exc
        if not isinstance(answer, dict):
            raise LinkError("unexpected answer from the Wikidata API (not a JSON object)")
        return _check_error(answer, response.headers.get("Retry-After"))


# --- answers ----------------------------------------------------------------------------


def _check_error(answer: dict[str, Any], retry_after: str | None) -> dict[str, Any]:
    """The answer, unless it is an API error object (which comes with HTTP 200)."""
    error = answer.get("error")
    if error is None:
        return answer
    if not isinstance(error, dict):
        raise LinkError("unexpected answer from the Wikidata API (malformed error object)")
    code = str(error.get("code", "unknown"))
    if code == "maxlag":
        wait = max(_retry_after(retry_after, default=MIN_MAXLAG_WAIT), MIN_MAXLAG_WAIT)
        raise _Retry(f"maxlag: {error.get('lag', '?')} s lag", wait)
    info = str(error.get("info", "")).strip()
    raise LinkError(f"Wikidata API error {code}" + (f": {info}" if info else ""))


def _search_hits(answer: dict[str, Any]) -> list[dict[str, Any]]:
    hits = answer.get("search")
    if not isinstance(hits, list) or not all(isinstance(h, dict) and isinstance(h.get("id"), str) for h in hits):
        raise LinkError("unexpected answer from the Wikidata API: wbsearchentities without a 'search' list")
    return [{"id": h["id"], "label": h.get("label", ""), "description": h.get("description", "")} for h in hits]


def _trim(entity: dict[str, Any]) -> dict[str, Any]:
    """What linking needs of an entity: English label, description, aliases, claims."""
    return {
        "id": entity.get("id"),
        "labels": entity.get("labels", {}),
        "descriptions": entity.get("descriptions", {}),
        "aliases": entity.get("aliases", {}),
        "claims": entity.get("claims", {}),
    }


def english_names(entity: Mapping[str, Any]) -> tuple[str, ...]:
    """The English label and aliases of an entity."""
    names = []
    label = entity.get("labels", {}).get("en")
    if isinstance(label, dict) and isinstance(label.get("value"), str):
        names.append(label["value"])
    aliases = entity.get("aliases", {}).get("en", [])
    if isinstance(aliases, list):
        names += [a["value"] for a in aliases if isinstance(a, dict) and isinstance(a.get("value"), str)]
    return tuple(names)


def item_values(entity: Mapping[str, Any], prop: str | None = None) -> tuple[str, ...]:
    """Item ids that ``entity``'s statements point to (of ``prop``, or of every property).

    Deprecated statements and ``somevalue``/``novalue`` snaks say nothing and are skipped.
    """
    claims = entity.get("claims", {})
    if not isinstance(claims, dict):
        raise LinkError(f"unexpected answer from the Wikidata API: claims of {entity.get('id')} are not an object")
    groups = [claims.get(prop, [])] if prop else list(claims.values())
    values = []
    for statements in groups:
        for statement in statements if isinstance(statements, list) else ():
            value = _statement_item(statement)
            if value:
                values.append(value)
    return tuple(dict.fromkeys(values))


def _statement_item(statement: Any) -> str | None:
    if not isinstance(statement, dict) or statement.get("rank") == "deprecated":
        return None
    snak = statement.get("mainsnak")
    if not isinstance(snak, dict) or snak.get("snaktype") != "value":
        return None
    datavalue = snak.get("datavalue")
    value = datavalue.get("value") if isinstance(datavalue, dict) else None
    if not isinstance(value, dict) or value.get("entity-type", "item") != "item":
        return None
    if isinstance(value.get("id"), str):
        return value["id"]
    numeric = value.get("numeric-id")
    return f"Q{numeric}" if isinstance(numeric, int) else None


def _reachable(start: str, parents: dict[str, tuple[str, ...]]) -> frozenset[str]:
    seen = {start}
    stack = [start]
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return frozenset(seen)


def _retry_after(header: str | None, default: float) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), capped."""
    if not header:
        return default
    try:
        seconds = float(header)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError):
            return default
        seconds = when.timestamp() - time.time()
    return min(max(seconds, 0.0), MAX_WAIT)


def _seconds(timeout: float | tuple[float, float]) -> float:
    return max(timeout) if isinstance(timeout, tuple) else timeout


def _connection_reason(exc: requests.ConnectionError) -> str:
    text = str(exc).lower()
    if "refused" in text:
        return "connection refused"
    if "name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return "host not found"
    return "connection failed"
