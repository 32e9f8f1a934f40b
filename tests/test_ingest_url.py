"""kg.ingest on http(s) URLs, against a local server on 127.0.0.1 (no network): pages,
plain text, redirects, errors, content types, size limits and timeouts."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
import requests

import kg
import kg.ingest.url
from kg.errors import InputError
from kg.ingest import read_inputs
from kg.model import Article
from kg.options import BuildOptions

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "tests" / "data" / "html" / "jsonld_finland_nato.html").read_bytes()
SCRAPE = (ROOT / "seeds" / "001_273a97f05537f580.txt").read_bytes()
LIMIT = 100_000
OPTIONS = BuildOptions(max_bytes=LIMIT)
SLOW_SECONDS = 1.0
SHORT_TIMEOUT = (1.0, 0.2)


class _Handler(BaseHTTPRequestHandler):
    user_agents: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def _answer(
        self,
        status: int,
        body: bytes,
        content_type: str | None,
        *,
        length: bool = True,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up, as tested
            self.wfile.write(body)

    def do_GET(self) -> None:
        self.user_agents.append(self.headers.get("User-Agent", ""))
        path = self.path
        if path == "/news/finland.html":
            self._answer(200, PAGE, "text/html; charset=utf-8")
        elif path == "/scrape.txt":
            self._answer(200, SCRAPE, "text/plain; charset=utf-8")
        elif path.startswith("/hop/"):  # /hop/N: N + 1 redirects, then the scrape
            left = int(path.rsplit("/", 1)[1])
            target = f"/hop/{left - 1}" if left else "/scrape.txt"
            self._answer(302, b"", None, headers={"Location": target})
        elif path == "/report.pdf":
            self._answer(200, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf")
        elif path == "/huge":
            self._answer(200, b"<p>" + b"words " * LIMIT + b"</p>", "text/html")
        elif path == "/huge-unannounced":
            self._answer(200, b"<p>" + b"words " * LIMIT + b"</p>", "text/html", length=False)
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._answer(200, PAGE, "text/html")
        elif path == "/latin1":
            self._answer(
                200,
                "<html><body><article><p>Talks in Genève ended on Wednesday without a deal on the "
                "border.</p></article></body></html>".encode("latin-1"),
                "text/html; charset=ISO-8859-1",
            )
        elif path == "/untyped":
            self._answer(200, PAGE, None)
        else:
            self._answer(404, b"<h1>Not Found</h1>", "text/html")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kg.ingest.url, "TIMEOUT", SHORT_TIMEOUT)


def fetch_one(url: str, session: requests.Session | None = None) -> Article | InputError:
    (result,) = read_inputs([url], OPTIONS, session=session)
    return result


def test_html_page(server: str) -> None:
    _Handler.user_agents.clear()
    article = fetch_one(f"{server}/news/finland.html")
    assert isinstance(article, Article)
    assert article.origin == f"{server}/news/finland.html"
    assert article.url == "https://news.example.com/world/2023/04/04/finland-joins-nato"  # canonical link
    assert (article.source, article.published) == ("Harbour Line News", dt.date(2023, 4, 4))
    assert article.text.startswith("BRUSSELS — Finland formally joined") and "Comments" not in article.text
    assert _Handler.user_agents == [f"kg/{kg.__version__} (https://w3id.org/newskg) requests/{requests.__version__}"]


def test_redirect_chain_to_plain_text(server: str) -> None:
    with requests.Session() as session:
        article = fetch_one(f"{server}/hop/4", session)  # five redirects: allowed
    assert isinstance(article, Article)
    assert (article.origin, article.url) == (f"{server}/hop/4", f"{server}/scrape.txt")  # the final URL
    assert (article.published, article.author) == (dt.date(2025, 9, 3), "RT")


def test_redirects_are_bounded_whatever_the_session_allows(server: str) -> None:
    with requests.Session() as session:
        assert session.max_redirects > 5
        for given in (None, session):
            error = fetch_one(f"{server}/hop/5", given)  # six
            assert isinstance(error, InputError) and error.reason == "too many redirects (more than 5)"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404 Not Found"),
        (
            "/report.pdf",
            "unsupported content type 'application/pdf' (expected text/html, application/xhtml+xml, text/plain)",
        ),
        ("/huge", f"too large: {len('<p></p>') + 6 * LIMIT:,} bytes, over the limit of {LIMIT:,} bytes"),
        ("/huge-unannounced", f"too large: more bytes, over the limit of {LIMIT:,} bytes"),
    ],
)
def test_failing_urls(server: str, path: str, reason: str) -> None:
    error = fetch_one(server + path)
    assert isinstance(error, InputError)
    assert (error.origin, error.reason) == (server + path, reason)


def test_slow_answer_times_out(server: str, short_timeout: None) -> None:
    started = time.monotonic()
    error = fetch_one(f"{server}/slow")
    assert isinstance(error, InputError) and error.reason == f"timed out after {SHORT_TIMEOUT[1]:g} s"
    assert time.monotonic() - started < SLOW_SECONDS


def test_nothing_listening() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = fetch_one(f"http://127.0.0.1:{port}/news")
    assert isinstance(error, InputError) and error.reason == "could not connect"


def test_charset_from_the_header_and_a_missing_content_type(server: str) -> None:
    latin1 = fetch_one(f"{server}/latin1")
    assert isinstance(latin1, Article) and "Talks in Genève ended" in latin1.text
    untyped = fetch_one(f"{server}/untyped")  # sniffed: it starts like a page
    assert isinstance(untyped, Article) and untyped.source == "Harbour Line News"


def test_urls_mixed_with_other_inputs_keep_their_order(server: str) -> None:
    inputs = [f"{server}/missing", str(ROOT / "seeds" / "001_273a97f05537f580.txt"), f"{server}/scrape.txt"]
    results = list(read_inputs(inputs, OPTIONS))
    assert [type(r).__name__ for r in results] == ["InputError", "Article", "Article"]
    assert [r.origin for r in results] == inputs
