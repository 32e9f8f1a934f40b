"""Hostile input never costs a user their other articles, their output or their network.

Every case of tests/hostile.py is built beside a good article (exit 1, exactly one error line
naming the input, no traceback, the good article built) and alone over an existing output
(left as it was). Hostile URLs are served from 127.0.0.1; front matter, JSON Lines rows and
SPARQL are fuzzed with hypothesis. Time and memory are measured by bench/hostile.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import hypothesis.strategies as st
import pytest
from hostile import CASES, GOOD, SENTENCE, Case
from hypothesis import HealthCheck, given, settings
from rdflib import Graph
from rdflib.namespace import RDF

import kg.ingest.url
import kg.nlp
import kg.nlp.reference
from kg.cli import main
from kg.errors import InputError, QueryError, one_line
from kg.ingest.article import read_text
from kg.ingest.jsonl import read_line
from kg.options import BuildOptions
from kg.rdf.vocab import KG

ROOT = Path(__file__).resolve().parent.parent
FAILING = [case for case in CASES if case.reason is not None]


def _skip_unless_possible(case: Case) -> None:
    if case.posix_only and os.name != "posix":
        pytest.skip("POSIX only")


def _articles(path: Path) -> int:
    graph = Graph().parse(path, format="turtle")
    return len(set(graph.subjects(RDF.type, KG.Article)))


def _build(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["build", *argv])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err.splitlines()


def _errors(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("kg: error: ")]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_input_beside_a_good_article(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _skip_unless_possible(case)
    inputs, origin = case.make(tmp_path)
    out = tmp_path / "out.ttl"
    out.write_text("old\n")
    code, lines = _build([*inputs, str(GOOD), "-o", str(out), *case.flags], capsys)
    errors = _errors(lines)
    if case.reason is None:
        assert (code, errors) == (0, [])
        assert _articles(out) == 2
    else:
        assert code == 1
        assert len(errors) == 1, lines
        assert errors[0].startswith(f"kg: error: {one_line(origin)}: "), errors
        assert case.reason in errors[0]
        assert _articles(out) == 1
    assert all(line.startswith(("kg: error: ", "kg: note: ")) for line in lines), lines
    assert not list(tmp_path.glob(".out.ttl.*"))


@pytest.mark.parametrize("case", FAILING, ids=[case.name for case in FAILING])
def test_a_hostile_input_alone_leaves_the_old_output(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _skip_unless_possible(case)
    inputs, _ = case.make(tmp_path)
    out = tmp_path / "out.ttl"
    out.write_text("old\n")
    code, lines = _build([*inputs, "-o", str(out), *case.flags], capsys)
    assert code == 1
    assert len(_errors(lines)) == 2  # the input's, then "no article could be read"
    assert out.read_text() == "old\n"


def test_a_bug_on_one_input_names_it_asks_for_a_report_and_builds_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    resolve = kg.nlp.reference.resolve

    def failing(doc, article):  # type: ignore[no-untyped-def]
        if "BOOM" in article.text:
            raise ZeroDivisionError("division by zero")
        return resolve(doc, article)

    monkeypatch.setattr(kg.nlp.reference, "resolve", failing)
    bad = tmp_path / "bad.txt"
    bad.write_text("BOOM. " + SENTENCE)
    out = tmp_path / "out.ttl"
    code = main(["build", str(bad), str(GOOD), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" in err and "ZeroDivisionError" in err
    (line,) = _errors(err.splitlines())
    assert line.startswith(f"kg: error: {bad}: kg failed on this input (ZeroDivisionError")
    assert "bug in kg, please report it" in line
    assert _articles(out) == 1


def test_a_text_too_long_to_parse_at_once_is_read_in_parts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kg.nlp, "PART_CHARS", 600)
    out = tmp_path / "out.ttl"
    code, lines = _build([str(GOOD), "-o", str(out)], capsys)
    assert code == 0
    (note,) = lines
    assert note.startswith(f"kg: note: {GOOD}: ") and "read in 4 parts cut at paragraph breaks" in note
    assert _articles(out) == 1


def test_parts_give_the_text_back_and_are_cut_at_breaks() -> None:
    text = ("A sentence here. Another one.\n" * 3 + "\n") * 40
    parts = kg.nlp.parts(text, 200)
    assert "".join(parts) == text
    assert all(len(part) <= 200 for part in parts)
    assert all(part.endswith("\n\n") for part in parts[:-1])
    assert kg.nlp.parts("x" * 450, 200) == ["x" * 200, "x" * 200, "x" * 50]


# --- the output ---------------------------------------------------------------------------


def test_an_unwritable_output_is_refused_before_any_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "out.ttl"
    folder.mkdir()
    assert main(["build", str(GOOD), "-o", str(folder)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"kg: error: {folder}: cannot write the graph")


_TERMINATED_WRITE = """
import os, signal, sys
from pathlib import Path
from kg.cli import _terminate
from kg.atomic import atomic_write
signal.signal(signal.SIGTERM, _terminate)
def emit(stream):
    stream.write(b"half a graph")
    stream.flush()
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(5)
import time
atomic_write(Path(sys.argv[1]), emit)
"""


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
def test_sigterm_during_a_write_leaves_the_old_output_and_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "out.ttl"
    out.write_text("old\n")
    done = subprocess.run([sys.executable, "-c", _TERMINATED_WRITE, str(out)], capture_output=True, text=True)
    assert done.returncode != 0 and "Terminated" in done.stderr
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


@pytest.mark.skipif(os.name != "posix", reason="process ids")
def test_a_killed_writers_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    from kg.atomic import atomic_write

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    orphan = tmp_path / f".out.ttl.{dead.stdout.strip()}-0badcafe.tmp"
    alive = tmp_path / f".out.ttl.{os.getppid()}-0badcafe.tmp"  # a writer still running
    orphan.write_text("half")
    alive.write_text("half")
    atomic_write(tmp_path / "out.ttl", lambda stream: stream.write(b"new\n"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [alive.name, "out.ttl"]


# --- hostile servers ----------------------------------------------------------------------


class _Hostile(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def _drip(self, data: bytes, pause: float = 0.2, most: float = 6.0) -> None:
        """Send ``data`` a byte at a time until the client gives up (or ``most`` seconds)."""
        start = time.monotonic()
        with contextlib.suppress(OSError):
            for byte in data:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                if time.monotonic() - start > most:
                    return
                time.sleep(pause)

    def do_GET(self) -> None:
        page = f"<html><body><article><p>{SENTENCE}</p></article></body></html>".encode()
        if self.path == "/bad-redirect":
            self.send_response(302)
            self.send_header("Location", "http://[::1")
            self.end_headers()
        elif self.path == "/many-headers":
            self.send_response(200)
            for i in range(500):
                self.send_header(f"X-Header-{i}", "x")
            self.end_headers()
        elif self.path == "/bad-charset":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=x-klingon")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)
        elif self.path == "/drip-body":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self._drip(page)
        elif self.path == "/drip-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self._drip(b"".join(b"X-Slow-%d: x\r\n" % i for i in range(100)))
        else:
            self.send_error(404)


@pytest.fixture(scope="module")
def hostile_server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/bad-redirect", "redirected to a malformed URL (Invalid IPv6 URL)"),
        ("/many-headers", "bad HTTP answer: got more than 100 headers"),
        ("/bad-charset", "unknown character set 'x-klingon'"),
        ("/drip-body", "timed out after 1 s (the whole answer must arrive within 1 s)"),
        ("/drip-headers", "timed out after 1 s"),
    ],
)
def test_a_hostile_server_costs_one_line_and_at_most_the_deadline(
    hostile_server: str, path: str, reason: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kg.ingest.url, "TIMEOUT", (1.0, 1.0))
    url = hostile_server + path
    start = time.monotonic()
    (result,) = kg.ingest.read_inputs([url], BuildOptions())
    assert time.monotonic() - start < 3.0
    assert isinstance(result, InputError) and result.origin == url
    assert result.reason.startswith(reason), result.reason


# --- fuzzing ------------------------------------------------------------------------------

_yaml_text = st.text(alphabet=st.sampled_from(list("-:&*[]{}!|>'\"#%@`,?\n\t abc019.")), max_size=120)
_fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_fuzz
@given(_yaml_text)
def test_any_front_matter_gives_an_article_or_one_input_error(yaml: str) -> None:
    try:
        read_text(f"---\n{yaml}\n---\n{SENTENCE}", "fuzz.md", BuildOptions())
    except InputError as exc:
        assert "\n" not in str(exc)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
_rows = st.one_of(
    _json.map(json.dumps),
    st.fixed_dictionaries(
        {"text": st.sampled_from([SENTENCE, "", " ", "<html><p>x</p></html>"])},
        optional={"published": _json, "title": _json, "url": _json, "html": _json},
    ).map(json.dumps),
    st.text(max_size=60),
)


@_fuzz
@given(_rows)
def test_any_json_line_gives_an_article_or_one_input_error(row: str) -> None:
    try:
        read_line(row.encode("utf-8", "surrogatepass"), "feed.jsonl:1", BuildOptions())
    except InputError as exc:
        assert "\n" not in str(exc)


_sparql = st.lists(
    st.sampled_from(
        [
            "SELECT",
            "ASK",
            "CONSTRUCT",
            "DESCRIBE",
            "*",
            "?s",
            "?p",
            "?o",
            "WHERE",
            "{",
            "}",
            "(",
            ")",
            "[",
            "]",
            "FILTER",
            "SERVICE",
            "<http://127.0.0.1:9/>",
            "kg:Meeting",
            "a",
            ".",
            ";",
            ",",
            "OPTIONAL",
            "UNION",
            "LIMIT 3",
            "ORDER BY",
            "COUNT",
            "GROUP BY",
            '"x"',
            "1",
            "#",
            "\n",
            "INSERT",
            "DATA",
            "PREFIX zz: <z:>",
        ]
    ),
    max_size=30,
).map(" ".join)


@pytest.fixture(scope="module")
def small_store():  # type: ignore[no-untyped-def]
    import pyoxigraph as ox

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x")))
    return store


@_fuzz
@given(_sparql)
def test_any_query_is_answered_or_refused_with_one_query_error(small_store, sparql: str) -> None:  # type: ignore[no-untyped-def]
    from kg.store.guard import check_query
    from kg.store.query import run_query

    try:
        check_query(sparql)
        run_query(small_store, sparql, 100)
    except QueryError as exc:
        assert "\n" not in str(exc)


def test_deep_queries_are_refused_before_the_engine_sees_them(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    graph = tmp_path / "g.nt"
    graph.write_text("<http://e/a> <http://e/p> <http://e/b> .\n")
    for sparql in (
        "SELECT * WHERE " + "{" * 2200 + "}" * 2200,
        "ASK { FILTER(" + "(" * 50_000 + "1" + ")" * 50_000 + ") }",
    ):
        assert main(["query", str(graph), sparql]) == 2
        (line,) = capsys.readouterr().err.splitlines()
        assert "nests deeper than 100 levels" in line


def test_query_time_rows_and_service_are_bounded(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    graph = tmp_path / "g.nt"
    graph.write_text("".join(f"<http://e/{i}> <http://e/p> <http://e/{i + 1}> .\n" for i in range(60)))
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    start = time.monotonic()
    assert main(["query", str(graph), cross, "--timeout", "1"]) == 2
    assert time.monotonic() - start < 5
    assert "ran past the time limit of 1 s" in capsys.readouterr().err
    assert main(["query", str(graph), "SELECT ?s WHERE { ?s ?p ?o }", "--max-rows", "5"]) == 0
    captured = capsys.readouterr()
    assert "(5 rows)" in captured.out and "--max-rows" in captured.err
    assert main(["query", str(graph), "ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"]) == 2
    assert "--allow-service" in capsys.readouterr().err
    if sys.platform == "linux":  # a sorted cross product: gigabytes in seconds, stopped at the limit
        sort = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a LIMIT 1"
        assert main(["query", str(graph), sort, "--max-memory", "300", "--timeout", "60"]) == 2
        (line,) = capsys.readouterr().err.splitlines()
        assert line == "kg: error: the query needed more than 300 MB of memory (--max-memory) and was stopped"


def test_a_query_file_that_is_not_utf8_is_one_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    graph = tmp_path / "g.nt"
    graph.write_text("")
    query = tmp_path / "q.rq"
    query.write_bytes(b"\xff\xfeS\x00")
    assert main(["query", str(graph), "--file", str(query)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "not UTF-8" in line


@pytest.mark.skipif(os.name != "posix", reason="FIFOs")
def test_query_and_validate_read_only_regular_files(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    fifo = tmp_path / "g.ttl"
    os.mkfifo(fifo)
    graph = tmp_path / "real.nt"
    graph.write_text("")
    for argv in (["query", str(fifo), "ASK {}"], ["validate", str(fifo)], ["query", str(graph), "--file", str(fifo)]):
        assert main(argv) == 2
        (line,) = capsys.readouterr().err.splitlines()
        assert line == f"kg: error: {fifo}: not a regular file"


def test_a_cache_import_that_fails_leaves_the_cache_as_it_was(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    cache = tmp_path / "c.sqlite"
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"api": "a", "kind": "k", "key": "x", "value": 1}) + "\n")
    assert main(["cache", "import", str(good), "--cache", str(cache)]) == 0
    before = cache.read_bytes()
    for bad in (b"garbage\n", b"\xff\xfe\x00x", b'{"api": "a", "kind": "k", "key": "y", "value": 2}\n[1]\n'):
        (tmp_path / "bad.jsonl").write_bytes(bad)
        assert main(["cache", "import", str(tmp_path / "bad.jsonl"), "--cache", str(cache)]) == 1
        assert cache.read_bytes() == before
    fresh = tmp_path / "fresh.sqlite"
    assert main(["cache", "import", str(tmp_path / "bad.jsonl"), "--cache", str(fresh)]) == 1
    assert not fresh.exists()
    errors = _errors(capsys.readouterr().err.splitlines())
    assert len(errors) == 4


def test_cache_export_on_a_machine_that_never_linked_online(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "never"))
    assert main(["cache", "export", str(tmp_path / "team.jsonl")]) == 0
    assert (tmp_path / "team.jsonl").read_text() == ""
    assert main(["cache", "export", str(tmp_path / "t.jsonl"), "--cache", str(tmp_path / "no.sqlite")]) == 1


def test_a_port_that_is_no_number_in_an_input_url(capsys) -> None:  # type: ignore[no-untyped-def]
    (result,) = kg.ingest.read_inputs(["http://127.0.0.1:http/x"], BuildOptions())
    assert isinstance(result, InputError)


def test_sigterm_exit_code_and_line(tmp_path: Path) -> None:
    if os.name != "posix":
        pytest.skip("POSIX signals")
    out = tmp_path / "out.ttl"
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(ROOT / "dev" / "articles"), "-o", str(out)],
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(4)  # kg has started (its handler is set) and is reading or parsing
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    if process.returncode in (0, -signal.SIGTERM):
        pytest.skip("the signal came before kg started or after it finished")
    assert process.returncode == 128 + signal.SIGTERM
    assert err.strip().splitlines()[-1] == "kg: error: terminated; nothing was written"
    assert not out.exists() and not list(tmp_path.iterdir())
