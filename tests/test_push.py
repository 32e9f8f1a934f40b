"""kg push: every graph of a store or a graph file PUT to a Graph Store Protocol endpoint; a
real Oxigraph server then answers the ready queries exactly as kg query does."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlparse

import pytest
from servers import oxigraph_serve, select
from test_store import QUERIES, _answers, _plain

from kg.cli import main
from kg.pipeline import build_documents
from kg.rdf.serialize import write
from kg.store import load_documents, load_store, open_store, push_store, remove
from kg.store.push import push

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def loaded(documents, tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("push") / "s"
    load_documents(store, documents)
    return store


def test_a_pushed_store_answers_the_ready_queries_as_kg_query(loaded, capsys):
    expected = _answers(open_store(loaded))
    with oxigraph_serve() as url:
        assert main(["push", "--to", f"{url}/store", "--store", str(loaded)]) == 0
        assert "pushed 19 graph(s)" in capsys.readouterr().out  # the merged graph and 18 articles
        for path in QUERIES:
            assert _plain(select(url, path.read_text(encoding="utf-8"))) == expected[path.name], path.name


def test_a_pushed_graph_file_answers_as_the_file_and_pushing_again_replaces(documents, tmp_path):
    graph = tmp_path / "dev.ttl"  # one graph in the file; pushed in kg's layout all the same
    write(build_documents(documents).quads, graph)
    expected = _answers(load_store(graph))
    with oxigraph_serve(union_default_graph=True) as url:
        for _ in range(2):  # PUT replaces: twice is once
            report = push(load_store(graph), f"{url}/store")
            assert not report.failures
        for path in QUERIES:
            assert _plain(select(url, path.read_text(encoding="utf-8"))) == expected[path.name], path.name


def test_pushing_a_store_again_deletes_the_graphs_of_articles_taken_out_since(documents, tmp_path, capsys):
    """The endpoint holds the store's graphs after every push: with union-default-graph, a
    graph left there would add its evidence to every answer."""
    store = tmp_path / "s"
    load_documents(store, documents[:4])
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    with oxigraph_serve(union_default_graph=True) as url:
        assert main(["push", "--to", f"{url}/store", "--store", str(store)]) == 0
        taken_out = documents[1].article.id
        remove(store, [taken_out])
        capsys.readouterr()
        assert main(["push", "--to", f"{url}/store", "--store", str(store)]) == 0
        assert "deleted 1 graph(s) of articles taken out" in capsys.readouterr().out
        held = {graph.value for graph in open_store(store).named_graphs()}
        assert {row["g"] for row in select(url, graphs)} == held
        assert f"https://w3id.org/newskg/id/article/{taken_out}" not in held
        expected = _answers(open_store(store))
        for path in QUERIES:
            assert _plain(select(url, path.read_text(encoding="utf-8"))) == expected[path.name], path.name
        # pushed once more, nothing is left to delete
        assert not push_store(store, f"{url}/store").deleted


class _Flaky(BaseHTTPRequestHandler):
    """Answers 503 (with Retry-After) to every first PUT of a graph, then 204; always 400 to
    the graph of one article."""

    seen: ClassVar[set[str]] = set()
    refused = "https://w3id.org/newskg/id/article/e5b332de2f6c8957"

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        graph = parse_qs(urlparse(self.path).query, keep_blank_values=True).get("graph", ["default"])[0]
        if graph == self.refused:
            self.send_response(400, "Bad Request")
        elif graph not in self.seen:
            self.seen.add(graph)
            self.send_response(503, "Service Unavailable")
            self.send_header("Retry-After", "0")
        else:
            self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def flaky() -> Iterator[str]:
    _Flaky.seen.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/store"
    server.shutdown()


def test_failed_graphs_are_retried_and_each_that_still_fails_is_named(flaky, tmp_path, capsys):
    assert main(["build", str(ROOT / "seeds"), "-o", str(tmp_path / "seeds.nq")]) == 0
    capsys.readouterr()
    assert main(["push", "--to", flaky, str(tmp_path / "seeds.nq")]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"kg: error: {_Flaky.refused}: HTTP 400 Bad Request"]
    assert "pushed 2 graph(s)" in captured.out  # the merged graph and the other seed, each on its 2nd try


def test_an_unreachable_endpoint_is_one_line_per_graph(tmp_path, capsys):
    assert main(["build", str(ROOT / "seeds"), "-o", str(tmp_path / "seeds.trig")]) == 0
    capsys.readouterr()
    assert main(["push", "--to", "http://127.0.0.1:9/store", "--tries", "1", str(tmp_path / "seeds.trig")]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 3
    assert all(line.endswith("could not connect to http://127.0.0.1:9/store (tried once)") for line in errors)
