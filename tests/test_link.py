"""Wikidata linking against a local server that answers like the Action API.

The server on 127.0.0.1 serves the documented answers in tests/data/wikidata/ (searches by
term, entities by id) and can be told to misbehave: maxlag errors, 429 with Retry-After,
slow answers, malformed bodies, unexpected shapes. No test reaches the internet.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

import kg.link.client as client_module
from kg.gazetteer import Gazetteer, GazetteerEntry
from kg.link import LinkReport, export_cache, import_cache, link_entities
from kg.link.cache import Cache
from kg.link.client import WikidataClient
from kg.model import Entity, EntityType, KnowledgeBase, entity_key, normalise_name
from kg.options import BuildOptions

DATA = Path(__file__).parent / "data" / "wikidata"
Answer = tuple[int, dict[str, str], bytes]


def documented_answer(params: dict[str, str]) -> Answer:
    """What the fixtures say the Action API answers to ``params``."""
    if params.get("action") == "wbsearchentities":
        path = DATA / "search" / (normalise_name(params["search"]).replace(" ", "-") + ".json")
        body = (
            path.read_bytes()
            if path.exists()
            else _json({"searchinfo": {"search": params["search"]}, "search": [], "success": 1})
        )
        return 200, {}, body
    if params.get("action") == "wbgetentities":
        entities = {}
        for qid in params["ids"].split("|"):
            path = DATA / "entities" / f"{qid}.json"
            entities[qid] = json.loads(path.read_text()) if path.exists() else {"id": qid, "missing": ""}
        return 200, {}, _json({"entities": entities, "success": 1})
    return 200, {}, _json({"error": {"code": "badvalue", "info": 'Unrecognized value for parameter "action".'}})


def _json(data: object) -> bytes:
    return json.dumps(data).encode()


@dataclass
class FakeWikidata:
    """The server's state: how to answer, and every request it received."""

    url: str = ""
    answer: Callable[[dict[str, str]], Answer] = documented_answer
    requests: list[tuple[dict[str, str], dict[str, str]]] = field(default_factory=list)

    def params(self, action: str) -> list[dict[str, str]]:
        return [p for p, _ in self.requests if p.get("action") == action]


@pytest.fixture
def wikidata() -> Iterator[FakeWikidata]:
    state = FakeWikidata()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            params = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            state.requests.append((params, dict(self.headers)))
            status, headers, body = state.answer(params)
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_port}/w/api.php"
    yield state
    server.shutdown()
    server.server_close()


def kb_of(*rows: tuple[EntityType, str, str]) -> KnowledgeBase:
    """A knowledge base of (type, name, article id) rows."""
    entities = {}
    for type_, name, article in rows:
        key = entity_key(type_, name)
        old = entities.get(key)
        sources = frozenset({article}) | (old.sources if old else frozenset())
        entities[key] = Entity(key=key, type=type_, name=name, sources=sources)
    return KnowledgeBase(articles=(), entities=tuple(entities.values()), events=())


def links(kb: KnowledgeBase) -> dict[str, str | None]:
    return {e.name: e.wikidata for e in kb.entities}


@pytest.fixture
def options(tmp_path: Path, wikidata: FakeWikidata) -> BuildOptions:
    return BuildOptions(link="wikidata", wikidata_api=wikidata.url, cache_path=tmp_path / "cache.sqlite")


#: A gazetteer that knows only the cities that give Georgia its context.
CITIES = Gazetteer(
    [
        GazetteerEntry("Tbilisi", EntityType.PLACE, "Q994"),
        GazetteerEntry("Atlanta", EntityType.PLACE, "Q23556", country="United States"),
        GazetteerEntry("United States", EntityType.COUNTRY, "Q30"),
    ]
)


class Waits:
    """A ``sleep`` that records instead of waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


# --- choosing the item ------------------------------------------------------------------


def test_georgia_is_the_country_next_to_tbilisi(wikidata: FakeWikidata, options: BuildOptions) -> None:
    kb = kb_of((EntityType.COUNTRY, "Georgia", "a"), (EntityType.PLACE, "Tbilisi", "a"))
    linked, report = link_entities(kb, options, sleep=Waits(), gazetteer=CITIES)
    assert links(linked) == {"Georgia": "Q230", "Tbilisi": "Q994"}
    assert report == LinkReport(linked=2, unlinked=0, failed=0)
    georgia = next(e for e in linked.entities if e.name == "Georgia")
    assert 0.75 <= georgia.link_confidence <= 1  # type: ignore[operator]


def test_georgia_is_the_us_state_next_to_atlanta(wikidata: FakeWikidata, options: BuildOptions) -> None:
    kb = kb_of((EntityType.PLACE, "Georgia", "b"), (EntityType.PLACE, "Atlanta", "b"))
    assert links(link_entities(kb, options, sleep=Waits(), gazetteer=CITIES)[0])["Georgia"] == "Q1428"


def test_a_country_named_georgia_next_to_atlanta_is_not_linked(wikidata: FakeWikidata, options: BuildOptions) -> None:
    # the article is about the US state, whatever type the entity was given: no link beats a wrong one
    kb = kb_of((EntityType.COUNTRY, "Georgia", "b"), (EntityType.PLACE, "Atlanta", "b"))
    assert links(link_entities(kb, options, sleep=Waits(), gazetteer=CITIES)[0])["Georgia"] is None


def test_an_entity_not_in_the_gazetteer_is_linked_from_the_api(wikidata: FakeWikidata, options: BuildOptions) -> None:
    kb = kb_of((EntityType.PERSON, "Albert Einstein", "a"), (EntityType.COUNTRY, "Russia", "a"))
    linked, report = link_entities(kb, options, sleep=Waits())
    assert links(linked) == {"Albert Einstein": "Q937", "Russia": "Q159"}
    assert [p["search"] for p in wikidata.params("wbsearchentities")] == ["Albert Einstein"]  # Russia: gazetteer
    assert report.summary() == "linked 2 of 2 entities"


def test_no_candidate_of_the_right_type_means_no_link(wikidata: FakeWikidata, options: BuildOptions) -> None:
    # "Jordan" finds the country and (by alias) Michael Jordan, who is not called "Jordan"
    linked, report = link_entities(kb_of((EntityType.PERSON, "Jordan", "a")), options, sleep=Waits())
    assert links(linked) == {"Jordan": None}
    assert report == LinkReport(linked=0, unlinked=1, failed=0)


def test_deprecated_somevalue_and_novalue_claims_say_nothing(wikidata: FakeWikidata, options: BuildOptions) -> None:
    # the sandbox item is a human only by a deprecated statement and by value-less snaks
    linked, _ = link_entities(kb_of((EntityType.PERSON, "Sandbox Person", "a")), options, sleep=Waits())
    assert links(linked) == {"Sandbox Person": None}


# --- manners ----------------------------------------------------------------------------


def test_every_request_is_polite(wikidata: FakeWikidata, options: BuildOptions) -> None:
    link_entities(kb_of((EntityType.PERSON, "Albert Einstein", "a")), options, sleep=Waits())
    assert wikidata.requests
    for params, headers in wikidata.requests:
        assert params["maxlag"] == "5" and params["format"] == "json"
        assert re.fullmatch(r"kg/\S+ \(https?://\S+\) requests/\S+", headers["User-Agent"])
    search = wikidata.params("wbsearchentities")[0]
    assert (search["language"], search["type"]) == ("en", "item")
    for get in wikidata.params("wbgetentities"):
        assert get["props"] == "labels|descriptions|aliases|claims"


def test_sixty_ids_take_two_wbgetentities_calls(wikidata: FakeWikidata) -> None:
    ids = [f"Q{n}" for n in range(1, 61)]
    with Cache(None) as cache:
        client = WikidataClient(wikidata.url, requests.Session(), cache, sleep=Waits())
        assert set(client.get_entities(ids)) == {"Q5"}  # the others are missing from the fixtures
        assert [len(p["ids"].split("|")) for p in wikidata.params("wbgetentities")] == [50, 10]
        client.get_entities(ids)  # the misses are cached too
    assert len(wikidata.requests) == 2


def test_class_closure_walks_p279(wikidata: FakeWikidata) -> None:
    with Cache(None) as cache:
        client = WikidataClient(wikidata.url, requests.Session(), cache, sleep=Waits())
        closure = client.class_closure("Q35657")
        assert {"Q35657", "Q107390", "Q56061", "Q1496967"} <= closure
        sent = len(wikidata.requests)
        assert client.class_closure("Q35657") == closure
    assert len(wikidata.requests) == sent


def test_a_second_run_is_served_from_the_cache(wikidata: FakeWikidata, options: BuildOptions) -> None:
    kb = kb_of(
        (EntityType.PERSON, "Albert Einstein", "a"),
        (EntityType.COUNTRY, "Georgia", "a"),
        (EntityType.PLACE, "Tbilisi", "a"),
    )
    first, _ = link_entities(kb, options, sleep=Waits(), gazetteer=CITIES)
    sent = len(wikidata.requests)
    second, report = link_entities(kb, options, sleep=Waits(), gazetteer=CITIES)
    assert len(wikidata.requests) == sent > 0
    assert links(second) == links(first) == {"Albert Einstein": "Q937", "Georgia": "Q230", "Tbilisi": "Q994"}
    assert report.linked == 3


def test_offline_with_an_empty_cache_links_from_the_gazetteer_alone(
    wikidata: FakeWikidata, options: BuildOptions
) -> None:
    kb = kb_of(
        (EntityType.COUNTRY, "Russia", "a"),
        (EntityType.PLACE, "Beijing", "a"),
        (EntityType.PERSON, "Vladimir Putin", "a"),
        (EntityType.PERSON, "Albert Einstein", "a"),
    )
    offline = BuildOptions(link="wikidata", offline=True, wikidata_api=wikidata.url, cache_path=options.cache_path)
    linked, report = link_entities(kb, offline, sleep=Waits())
    assert links(linked) == {"Russia": "Q159", "Beijing": "Q956", "Vladimir Putin": "Q7747", "Albert Einstein": None}
    assert wikidata.requests == []
    assert not options.cache_path.exists()  # type: ignore[union-attr]  # an offline build creates no cache
    assert report == LinkReport(linked=3, unlinked=1, failed=0)


def test_offline_uses_what_an_online_run_cached(wikidata: FakeWikidata, options: BuildOptions) -> None:
    kb = kb_of((EntityType.PERSON, "Albert Einstein", "a"))
    link_entities(kb, options, sleep=Waits())
    sent = len(wikidata.requests)
    offline = BuildOptions(link="wikidata", offline=True, wikidata_api=wikidata.url, cache_path=options.cache_path)
    assert links(link_entities(kb, offline, sleep=Waits())[0]) == {"Albert Einstein": "Q937"}
    assert len(wikidata.requests) == sent


def test_the_api_url_comes_from_the_environment(
    wikidata: FakeWikidata, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_WIKIDATA_API", wikidata.url)
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "shared"))
    linked, _ = link_entities(
        kb_of((EntityType.PERSON, "Albert Einstein", "a")), BuildOptions(link="wikidata"), sleep=Waits()
    )
    assert links(linked) == {"Albert Einstein": "Q937"}
    assert (tmp_path / "shared" / "wikidata.sqlite").exists()


# --- waiting when asked -----------------------------------------------------------------


def failing_first(times: int, status: int, headers: dict[str, str], body: bytes) -> Callable[[dict[str, str]], Answer]:
    """Answer ``times`` requests with the given failure, then as documented."""
    count = [0]

    def answer(params: dict[str, str]) -> Answer:
        count[0] += 1
        return (status, headers, body) if count[0] <= times else documented_answer(params)

    return answer


def test_maxlag_waits_retry_after_at_least_five_seconds(wikidata: FakeWikidata, options: BuildOptions) -> None:
    wikidata.answer = failing_first(2, 200, {"Retry-After": "1"}, (DATA / "maxlag.json").read_bytes())
    waits = Waits()
    linked, report = link_entities(kb_of((EntityType.PERSON, "Albert Einstein", "a")), options, sleep=waits)
    assert waits.calls == [5, 5]
    assert links(linked) == {"Albert Einstein": "Q937"} and report.failed == 0


def test_429_waits_as_long_as_retry_after_says(wikidata: FakeWikidata, options: BuildOptions) -> None:
    wikidata.answer = failing_first(1, 429, {"Retry-After": "7"}, b"Too many requests")
    waits = Waits()
    linked, _ = link_entities(kb_of((EntityType.PERSON, "Albert Einstein", "a")), options, sleep=waits)
    assert waits.calls == [7]
    assert links(linked) == {"Albert Einstein": "Q937"}


# --- failure: the build goes on, the report says why --------------------------------------


def people(*names: str) -> KnowledgeBase:
    return kb_of(*((EntityType.PERSON, name, "a") for name in names), (EntityType.COUNTRY, "Russia", "a"))


def test_429_forever_gives_up_after_bounded_retries(wikidata: FakeWikidata, options: BuildOptions) -> None:
    wikidata.answer = lambda params: (429, {"Retry-After": "30"}, b"Too many requests")
    waits = Waits()
    linked, report = link_entities(people("Albert Einstein", "Sandbox Person"), options, sleep=waits)
    assert links(linked)["Russia"] == "Q159"  # the gazetteer needs no network
    assert (report.linked, report.failed) == (1, 2)
    assert len(wikidata.requests) == 1 + client_module.DEFAULT_RETRIES  # then the client stops asking
    assert waits.calls == [30] * client_module.DEFAULT_RETRIES
    assert "HTTP 429" in report.summary()


def test_connection_refused(options: BuildOptions, wikidata: FakeWikidata) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed when the block ends: nothing listens there
    refused = BuildOptions(
        link="wikidata", wikidata_api=f"http://127.0.0.1:{port}/w/api.php", cache_path=options.cache_path
    )
    linked, report = link_entities(people("Albert Einstein", "Sandbox Person"), refused, sleep=Waits())
    assert links(linked) == {"Albert Einstein": None, "Sandbox Person": None, "Russia": "Q159"}
    assert report.summary() == "linked 1 of 3 entities; 2 not linked: Wikidata unreachable (connection refused)"


def test_timeout(wikidata: FakeWikidata, options: BuildOptions, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(client_module, "DEFAULT_TIMEOUT", (1.0, 0.2))

    def slow(params: dict[str, str]) -> Answer:
        time.sleep(0.6)
        return documented_answer(params)

    wikidata.answer = slow
    _, report = link_entities(people("Albert Einstein", "Sandbox Person"), options, sleep=Waits())
    assert (report.linked, report.failed) == (1, 2)
    assert "timed out" in report.summary()
    assert len(wikidata.requests) == 1  # one timeout for the build, not one per entity


def test_malformed_json(wikidata: FakeWikidata, options: BuildOptions) -> None:
    wikidata.answer = lambda params: (200, {}, b"<html><body>Wikimedia Error</body></html>")
    _, report = link_entities(people("Albert Einstein"), options, sleep=Waits())
    assert (report.linked, report.failed) == (1, 1)
    assert "not JSON" in report.summary()


def test_unexpected_shape(wikidata: FakeWikidata, options: BuildOptions) -> None:
    def odd(params: dict[str, str]) -> Answer:
        if params["action"] == "wbsearchentities":
            return 200, {}, _json({"search": {"id": "Q937"}, "success": 1})
        return documented_answer(params)

    wikidata.answer = odd
    _, report = link_entities(people("Albert Einstein"), options, sleep=Waits())
    assert (report.linked, report.failed) == (1, 1)
    assert "unexpected answer" in report.summary()


def test_an_error_object_fails_only_its_entities(wikidata: FakeWikidata, options: BuildOptions) -> None:
    def einstein_missing(params: dict[str, str]) -> Answer:
        if params["action"] == "wbgetentities" and "Q937" in params["ids"].split("|"):
            return 200, {}, (DATA / "no-such-entity.json").read_bytes()
        return documented_answer(params)

    wikidata.answer = einstein_missing
    kb = kb_of(
        (EntityType.PERSON, "Albert Einstein", "a"),
        (EntityType.PLACE, "Georgia", "b"),
        (EntityType.PLACE, "Atlanta", "b"),
    )
    linked, report = link_entities(kb, options, sleep=Waits(), gazetteer=CITIES)
    assert links(linked) == {"Albert Einstein": None, "Georgia": "Q1428", "Atlanta": "Q23556"}
    assert report.summary().endswith(
        '1 not linked: Wikidata API error no-such-entity: Could not find an entity with the ID "Q0".'
    )


# --- sharing the cache ------------------------------------------------------------------


def test_cache_export_and_import_round_trip(wikidata: FakeWikidata, options: BuildOptions, tmp_path: Path) -> None:
    link_entities(kb_of((EntityType.PERSON, "Albert Einstein", "a")), options, sleep=Waits())
    shared = tmp_path / "shared.jsonl"
    exported = export_cache(options.cache_path, shared)
    assert exported > 0
    assert shared.read_text().splitlines() == sorted(shared.read_text().splitlines())
    teammate = tmp_path / "teammate.sqlite"
    assert import_cache(teammate, shared) == exported
    sent = len(wikidata.requests)
    offline = BuildOptions(link="wikidata", offline=True, wikidata_api=wikidata.url, cache_path=teammate)
    assert links(link_entities(kb_of((EntityType.PERSON, "Albert Einstein", "a")), offline, sleep=Waits())[0]) == {
        "Albert Einstein": "Q937"
    }
    assert len(wikidata.requests) == sent


def test_importing_a_broken_export_names_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"api": "x", "kind": "search", "key": "k", "value": []}\nnot json\n')
    with pytest.raises(Exception, match=r"broken\.jsonl:2: not a cache row"):
        import_cache(tmp_path / "c.sqlite", broken)
