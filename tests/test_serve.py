"""kg serve: the SPARQL 1.1 Protocol endpoint, its limits, CORS, and the HTML and RDF pages.

Most tests use starlette's TestClient over a store holding the sample knowledge base (its
query workers are real processes); SPARQLWrapper and headless Chromium talk to a real uvicorn
on a free port of 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import quote
from urllib.request import urlopen

import pyoxigraph as ox
import pytest
from samples import sample_kb
from starlette.applications import Starlette
from starlette.testclient import TestClient

from kg.cli import main
from kg.errors import GraphError
from kg.rdf.mapping import to_quads
from kg.rdf.serialize import write
from kg.serve import ServeOptions, check_store, create_app, listen
from kg.serve.negotiation import GRAPH_FORMATS, RESULT_FORMATS, NotAcceptable, choose
from kg.store.documents import Memory
from kg.store.store import MEMORY_FILE, graph_folder

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
BASE = "https://w3id.org/newskg/id/"
KG = "https://w3id.org/newskg/ontology#"
KIM = f"{BASE}person/kim-jong-un"
MEETINGS = (QUERIES / "meetings.rq").read_text(encoding="utf-8")
# Four copies of every triple joined with each other: far too many rows to count in seconds.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def make_store(graph_file: Path, folder: Path) -> Path:
    """A store as kg load lays it out (kg.store.store), its graph read from a TriG file in
    kg's layout, so the tests that need no NLP need no kg load either."""
    folder.mkdir()
    graph = ox.Store(str(graph_folder(folder)))
    graph.bulk_load(path=graph_file, format=ox.RdfFormat.TRIG)
    graph.flush()
    del graph  # closes it: the server opens it read-only
    Memory(folder / MEMORY_FILE).close()
    return folder


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("serve")
    graph = folder / "sample.trig"
    write(to_quads(sample_kb()), graph)
    return make_store(graph, folder / "store")


def _client(store: Path, **limits) -> TestClient:
    options = ServeOptions(store=store, workers=1, **limits)  # the shipped ready queries
    return TestClient(create_app(options))


@pytest.fixture(scope="module")
def client(store_path) -> Iterator[TestClient]:
    with _client(store_path, timeout=3.0, max_rows=200) as client:
        yield client


@pytest.fixture(scope="module")
def meeting(client) -> str:
    """The IRI of the Beijing meeting, reported by both seed articles."""
    answer = client.get("/sparql", params={"query": "SELECT ?m WHERE { ?m a kg:Meeting ; kg:place place:beijing }"})
    return answer.json()["results"]["bindings"][0]["m"]["value"]


def _rows(response) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


# --- the protocol ---------------------------------------------------------------------------


def test_get_and_both_posts_give_the_same_answer(client):
    by_get = client.get("/sparql", params={"query": MEETINGS})
    by_form = client.post("/sparql", data={"query": MEETINGS})
    by_body = client.post("/sparql", content=MEETINGS, headers={"Content-Type": "application/sparql-query"})
    for response in (by_get, by_form, by_body):
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/sparql-results+json"
    assert _rows(by_get) == _rows(by_form) == _rows(by_body)
    (row,) = _rows(by_get)
    assert set(row["participants"].split("; ")) == {"Kim Jong-un", "Vladimir Putin"}
    assert row["place"] == "Beijing"
    assert row["sources"] == "2"


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html;q=0.5, text/csv;q=0.9", "text/csv"),
    ],
)
def test_select_answers_by_content_negotiation(client, accept, media_type):
    response = client.get("/sparql", params={"query": MEETINGS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in response.headers["vary"]
    fmt = next(f for f in RESULT_FORMATS if f.media_type == media_type)
    if fmt.name == "csv":
        (row,) = list(csv.DictReader(io.StringIO(response.text)))
        assert row["place"] == "Beijing"
    else:
        parsed = ox.parse_query_results(response.content, ox.QueryResultsFormat.from_media_type(media_type))
        (solution,) = list(parsed)
        assert solution["place"].value == "Beijing"


def test_format_parameter_wins_over_accept(client):
    response = client.get(
        "/sparql", params={"query": MEETINGS, "format": "csv"}, headers={"Accept": "application/json"}
    )
    assert response.headers["content-type"].startswith("text/csv")


def test_ask(client):
    response = client.get("/sparql", params={"query": f"ASK {{ <{KIM}> a kg:Person }}"})
    assert response.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=lambda f: f.name)
def test_construct_answers_in_each_rdf_format_hold_the_same_triples(client, fmt):
    query = f"CONSTRUCT {{ ?e ?p ?o }} WHERE {{ ?e kg:participant <{KIM}> ; ?p ?o }}"
    response = client.post("/sparql", data={"query": query}, headers={"Accept": fmt.media_type})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == fmt.media_type
    reference = client.post("/sparql", data={"query": query}, headers={"Accept": "application/n-triples"})
    expected = set(ox.parse(reference.content, format=ox.RdfFormat.N_TRIPLES))
    assert expected
    assert set(ox.parse(response.content, format=ox.RdfFormat.from_media_type(fmt.media_type))) == expected


def test_json_ld_answer_has_kg_stable_shape(client):
    query = f"DESCRIBE <{KIM}>"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "application/ld+json"})
    document = response.json()
    assert "@context" in document
    (kim,) = [node for node in document["@graph"] if node["@id"] == KIM]
    assert kim["label"] == "Kim Jong-un"
    assert isinstance(kim["wasDerivedFrom"], list)


def test_predeclared_prefixes_and_dataset_parameters(client, meeting):
    sources = f"SELECT ?a WHERE {{ <{meeting}> prov:wasDerivedFrom ?a }} LIMIT 1"
    article = _rows(client.get("/sparql", params={"query": sources}))[0]["a"]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    everything = int(_rows(client.get("/sparql", params={"query": count}))[0]["n"])
    one_article = client.get("/sparql", params={"query": count, "default-graph-uri": article})
    assert 0 < int(_rows(one_article)[0]["n"]) < everything


# --- refusals and errors -----------------------------------------------------------------------


def test_updates_are_refused_and_change_nothing(client):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = _rows(client.get("/sparql", params={"query": count}))
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/b> 'c' }"
    refused = [
        client.post("/sparql", data={"update": insert}),
        client.post("/sparql", content=insert, headers={"Content-Type": "application/sparql-update"}),
        client.get("/sparql", params={"update": insert}),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403]
    assert "read-only" in refused[0].text
    as_query = client.post("/sparql", data={"query": insert})
    assert as_query.status_code == 400
    assert "updates are not supported" in as_query.text
    assert _rows(client.get("/sparql", params={"query": count})) == before


@pytest.mark.parametrize(
    ("request_kwargs", "status", "says"),
    [
        ({"params": {"query": "SELECT ?x WHERE { ?x a }"}}, 400, "SPARQL syntax error at line 1"),
        ({"params": {}, "headers": {"Accept": "application/json"}}, 400, "no query"),
        ({"params": {"query": ["ASK {}", "ASK {}"]}}, 400, "more than one query"),
        ({"params": {"query": MEETINGS}, "headers": {"Accept": "text/turtle"}}, 406, "application/sparql-results+json"),
        ({"params": {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }"}}, 400, "SERVICE"),
        ({"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400, "not a graph IRI"),
    ],
)
def test_bad_requests_are_told_why(client, request_kwargs, status, says):
    response = client.get("/sparql", **request_kwargs)
    assert response.status_code == status
    assert says in response.text


def test_unknown_post_body_type_and_a_body_too_large(client):
    response = client.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    huge = "ASK {}" + " " * 2_000_000
    assert client.post("/sparql", content=huge, headers={"Content-Type": "application/sparql-query"}).status_code == 413


def test_a_browser_asking_the_endpoint_gets_the_query_page(client):
    html = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": html}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/?query=ASK%20%7B%7D"
    assert client.get("/sparql", headers={"Accept": "*/*"}).status_code == 400  # curl: no page


# --- limits -----------------------------------------------------------------------------------


def test_row_cap_cuts_answers_and_says_so(store_path):
    with _client(store_path, max_rows=5) as capped:
        response = capped.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert len(response.json()["results"]["bindings"]) == 5
        assert response.headers["x-sparql-maxrows"] == "5"
        graph = capped.get(
            "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "text/turtle"}
        )
        assert len(list(ox.parse(graph.content, format=ox.RdfFormat.TURTLE))) == 5
        small = capped.get("/sparql", params={"query": MEETINGS})
        assert "x-sparql-maxrows" not in small.headers


def test_a_query_past_its_time_is_stopped_and_the_next_one_answered(client):
    started = time.monotonic()
    response = client.get("/sparql", params={"query": SLOW})
    took = time.monotonic() - started
    assert response.status_code == 503
    assert "longer than 3 s" in response.text
    assert took < 3 + 5  # stopped, not run to the end
    assert client.get("/sparql", params={"query": MEETINGS}).status_code == 200  # a new worker answers


# --- CORS ---------------------------------------------------------------------------------------


def test_cors_lets_pages_elsewhere_query(client):
    origin = {"Origin": "https://yasgui.triply.cc"}
    preflight = client.options(
        "/sparql",
        headers={**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    response = client.get("/sparql", params={"query": "ASK {}"}, headers=origin)
    assert response.headers["access-control-allow-origin"] == "*"
    assert "x-sparql-maxrows" in response.headers["access-control-expose-headers"].lower()


# --- pages -----------------------------------------------------------------------------------


def test_event_page_shows_roles_date_and_both_sources(client, meeting):
    path = meeting.removeprefix(BASE)
    response = client.get(f"/id/{path}", headers={"Accept": "text/html"})
    assert response.status_code == 200
    page = response.text
    assert "<h1>Meeting: Kim Jong-un, Vladimir Putin (2025-09-03)</h1>" in page
    assert '<a href="/id/person/kim-jong-un"' in page and '<a href="/id/place/beijing"' in page
    assert "<time>2025-09-03</time>" in page
    assert page.count("<blockquote>") >= 2  # a sentence from each article
    assert "Sources (2)" in page


def test_entity_page_lists_its_events_and_wikidata_link(client):
    page = client.get("/id/person/kim-jong-un", headers={"Accept": "text/html"}).text
    assert "Takes part in" in page
    assert "participant" in page
    assert "https://www.wikidata.org/entity/" in page or "http://www.wikidata.org/entity/" in page


@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=lambda f: f.name)
def test_resource_rdf_by_content_negotiation(client, meeting, fmt):
    path = "/id/" + meeting.removeprefix(BASE)
    by_accept = client.get(path, headers={"Accept": fmt.media_type})
    by_parameter = client.get(path, params={"format": fmt.name})
    assert by_accept.status_code == by_parameter.status_code == 200
    assert by_accept.content == by_parameter.content
    triples = set(ox.parse(by_accept.content, format=ox.RdfFormat.from_media_type(fmt.media_type)))
    subject = ox.NamedNode(meeting)
    assert ox.Quad(subject, ox.NamedNode(f"{KG}place"), ox.NamedNode(f"{BASE}place/beijing")) in triples


def test_unknown_resource_is_404(client):
    assert client.get("/id/event/0000000000000000", headers={"Accept": "text/html"}).status_code == 404
    assert client.get("/id/event/0000000000000000", headers={"Accept": "text/turtle"}).status_code == 404
    assert client.get("/id/event/a%3Eb", headers={"Accept": "text/turtle"}).status_code == 404  # no IRI at all


def test_query_page_offers_the_ready_queries_and_escapes_the_query(client):
    page = client.get("/", params={"query": "</textarea><script>alert(1)</script>"}).text
    for path in QUERIES.glob("*.rq"):
        assert f'<option value="{path.stem}"' in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;/textarea&gt;&lt;script&gt;" in page


def test_pages_escape_what_the_store_says(tmp_path):
    hostile = tmp_path / "hostile.trig"
    hostile.write_text(
        f"<{BASE}article/x> {{ <{BASE}person/x> a <https://w3id.org/newskg/ontology#Person> ;"
        f' <http://www.w3.org/2000/01/rdf-schema#label> "<img src=x onerror=alert(1)>" ;'
        f" <http://www.w3.org/ns/prov#wasDerivedFrom> <{BASE}article/x> . }}\n",
        encoding="utf-8",
    )
    with _client(make_store(hostile, tmp_path / "store")) as client:
        page = client.get("/id/person/x", headers={"Accept": "text/html"}).text
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_no_store_is_a_clear_error(tmp_path):
    with pytest.raises(GraphError, match="no such store"):
        check_store(tmp_path / "nothing")


def test_cli_errors_for_a_missing_store_and_a_port_in_use(store_path, tmp_path, capsys):
    assert main(["serve", "--store", str(tmp_path / "nothing")]) == 2
    assert "no such store (make one with: kg load" in capsys.readouterr().err
    with listen("127.0.0.1", 0) as busy:
        port = str(busy.getsockname()[1])
        assert main(["serve", "--store", str(store_path), "--port", port]) == 1
    assert f"kg: error: 127.0.0.1:{port}: cannot listen there: Address already in use" in capsys.readouterr().err


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl+C", "SIGTERM"])
def test_cli_serves_until_stopped(store_path, stop):
    with listen("127.0.0.1", 0) as probe:
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "kg", "serve", "--store", str(store_path), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urlopen(f"http://127.0.0.1:{port}/sparql?query={quote('ASK {}')}", timeout=5) as response:
                    assert json.load(response) == {"head": {}, "boolean": True}
                break
            except URLError:
                assert server.poll() is None and time.monotonic() < deadline, "kg serve did not start"
                time.sleep(0.2)
    finally:
        server.send_signal(stop)
        output, _ = server.communicate(timeout=30)
    assert server.returncode == 0, output
    assert "kg: error" not in output
    assert f"http://127.0.0.1:{port}/" in output


def test_negotiation_picks_the_most_specific_range():
    assert choose(RESULT_FORMATS, "text/tab-separated-values;q=0.3, text/csv;q=0.1, */*;q=0.2").name == "tsv"
    assert choose(RESULT_FORMATS, "text/csv;q=0.1, */*;q=0.5").name == "json"  # text/csv is more specific
    assert choose(RESULT_FORMATS, None).name == "json"
    assert choose(GRAPH_FORMATS, "*/*", "json").name == "jsonld"  # SPARQLWrapper's format=json
    with pytest.raises(NotAcceptable):
        choose(GRAPH_FORMATS, "text/csv")


# --- a real server ------------------------------------------------------------------------------


@contextlib.contextmanager
def running(app: Starlette) -> Iterator[str]:
    """``app`` under uvicorn on a free port of 127.0.0.1, until the block ends."""
    import uvicorn

    sock = listen("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


@pytest.fixture(scope="module")
def server(store_path) -> Iterator[str]:
    with running(create_app(ServeOptions(store=store_path, workers=1))) as url:
        yield url


def test_sparqlwrapper_select_construct_and_update(server):
    from rdflib import Graph, URIRef
    from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TURTLE, XML, SPARQLWrapper

    endpoint = SPARQLWrapper(f"{server}/sparql")
    endpoint.setQuery(MEETINGS)
    endpoint.setReturnFormat(JSON)
    (row,) = endpoint.query().convert()["results"]["bindings"]
    assert row["place"]["value"] == "Beijing"

    endpoint.setReturnFormat(CSV)
    assert b"Beijing" in endpoint.query().convert()

    endpoint.setMethod(POST)
    endpoint.setQuery(f"CONSTRUCT {{ ?e ?p ?o }} WHERE {{ ?e kg:participant <{KIM}> ; ?p ?o }}")
    endpoint.setReturnFormat(TURTLE)
    graph = Graph().parse(data=endpoint.query().convert(), format="turtle")
    assert (None, None, URIRef(KIM)) in graph

    for fmt in (N3, RDFXML, XML, JSONLD):  # each as SPARQLWrapper asks for it (Accept and format=)
        endpoint.setReturnFormat(fmt)
        answer = endpoint.query().convert()
        graph = answer if isinstance(answer, Graph) else Graph().parse(data=answer, format="turtle")
        assert (None, None, URIRef(KIM)) in graph, fmt

    endpoint.setQuery("INSERT DATA { <http://example.org/a> <http://example.org/b> 'c' }")
    with pytest.raises(HTTPError) as refused:
        endpoint.query()
    assert refused.value.code == 403


# --- in a browser ---------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def dump_dom(url: str, wait_ms: int = 0) -> str:
    """The page's DOM after Chromium has run its scripts (and ``wait_ms`` of virtual time)."""
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"]
    if wait_ms:
        command.insert(-1, f"--virtual-time-budget={wait_ms}")
    done = subprocess.run([*command, url], capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> tuple[Path, str]:
    """The seed articles loaded one after the other (kg load), and the IRI the Beijing
    meeting had when only the first was loaded."""
    from kg.store import load, query

    store = tmp_path_factory.mktemp("seeds") / "store"
    first, second = sorted((ROOT / "seeds").glob("*.txt"))
    load(store, [str(first)])
    found = query(store, "SELECT ?m WHERE { ?m a kg:Meeting ; kg:place place:beijing }")
    load(store, [str(second)])
    return store, found.rows[0][0].value


@pytest.fixture(scope="module")
def seeds_server(seeds) -> Iterator[str]:
    with running(create_app(ServeOptions(store=seeds[0], workers=1))) as url:
        yield url


def _meeting(url: str) -> str:
    query = quote("SELECT ?m WHERE { ?m a kg:Meeting ; kg:place place:beijing }")
    with urlopen(f"{url}/sparql?query={query}") as response:
        return str(json.load(response)["results"]["bindings"][0]["m"]["value"])


@pytest.mark.slow
def test_sparqlwrapper_on_loaded_seeds_and_the_first_iri_still_resolves(seeds, seeds_server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    endpoint = SPARQLWrapper(f"{seeds_server}/sparql")
    endpoint.setQuery(MEETINGS)
    endpoint.setReturnFormat(JSON)
    (row,) = endpoint.query().convert()["results"]["bindings"]
    assert row["place"]["value"] == "Beijing"
    assert row["sources"]["value"] == "2"
    meeting, first_iri = _meeting(seeds_server), seeds[1]
    with urlopen(f"{seeds_server}/id/{first_iri.removeprefix(BASE)}") as response:  # urllib follows the 301
        assert response.url == f"{seeds_server}/id/{meeting.removeprefix(BASE)}"
        page = response.read().decode("utf-8")
    assert "Meeting: Kim Jong-un, Vladimir Putin (2025-09-03)" in page
    assert f'Formerly: <a href="/id/{first_iri.removeprefix(BASE)}"' in page


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="no chromium installed")
def test_chromium_shows_the_beijing_meeting_page(seeds_server):
    meeting = _meeting(seeds_server)
    dom = dump_dom(f"{seeds_server}/id/{meeting.removeprefix(BASE)}")
    assert "Meeting: Kim Jong-un, Vladimir Putin (2025-09-03)" in dom
    roles = dom.split('<table id="roles">', 1)[1].split("</table>", 1)[0]
    assert "Kim Jong-un" in roles and "Vladimir Putin" in roles and "Beijing" in roles
    sources = dom.split('<ol id="sources">', 1)[1].split("</ol>", 1)[0]
    assert sources.count("<li>") == 2
    assert "Putin and Kim met for bilateral talks in Beijing" in sources


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="no chromium installed")
def test_chromium_runs_a_ready_query_in_the_query_box(seeds_server):
    dom = dump_dom(f"{seeds_server}/?query={quote(MEETINGS)}", wait_ms=5000)
    results = dom.split('<div id="results">', 1)[1]
    assert "<table>" in results and "Beijing" in results and "Kim Jong-un" in results
    assert "1 row" in dom


def test_a_store_changed_while_served_is_read_anew(tmp_path):
    """kg load into a served store: the workers open it again once it has changed."""
    graph = tmp_path / "sample.trig"
    write(to_quads(sample_kb()), graph)
    store = make_store(graph, tmp_path / "store")
    ask = {"query": "ASK { <http://example.org/added> ?p ?o }"}
    with _client(store) as client:
        assert client.get("/sparql", params=ask).json()["boolean"] is False
        writer = ox.Store(str(graph_folder(store)))
        writer.add(ox.Quad(ox.NamedNode("http://example.org/added"), ox.NamedNode(f"{KG}quote"), ox.Literal("x")))
        writer.flush()
        while_written = client.get("/sparql", params=ask)  # the store as it was, or as it is now
        assert while_written.status_code == 200
        del writer
        assert client.get("/sparql", params=ask).json()["boolean"] is True


def test_a_retired_iri_sends_readers_to_the_node_that_replaced_it(tmp_path):
    """kg load retires an IRI with dcterms:isReplacedBy when a merge renames a node."""
    old, kept = f"{BASE}event/0123456789abcdef", f"{BASE}event/fedcba9876543210"
    graph = tmp_path / "retired.trig"
    graph.write_text(
        f"<{old}> <http://purl.org/dc/terms/isReplacedBy> <{kept}> .\n"
        f'<{BASE}article/x> {{ <{kept}> a <{KG}Meeting> ; <http://www.w3.org/2000/01/rdf-schema#label> "Meeting" . }}\n',
        encoding="utf-8",
    )
    with _client(make_store(graph, tmp_path / "store")) as client:
        page = client.get("/id/event/0123456789abcdef", headers={"Accept": "text/html"}, follow_redirects=False)
        assert page.status_code == 301
        assert page.headers["location"] == "/id/event/fedcba9876543210"
        rdf = client.get("/id/event/0123456789abcdef", headers={"Accept": "application/n-triples"})
        assert f"<{old}> <http://purl.org/dc/terms/isReplacedBy> <{kept}> ." in rdf.text
        assert f"<{kept}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{KG}Meeting> ." in rdf.text
