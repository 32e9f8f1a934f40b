"""No command of kg makes a network request or opens a file the user did not name.

A listener on 127.0.0.1 counts every connection; a FIFO stands for a file that must not be
opened (a reader opening it is seen by the writer side). A JSON-LD graph names both as its
contexts, a JSON Lines article names the listener as its URL, a query names it as a SERVICE;
every command is run on them, and nothing may have been contacted or opened.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs")


@dataclass
class Watch:
    url: str
    fifo: Path
    connections: list[bytes] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)


@pytest.fixture
def watch(tmp_path: Path) -> Iterator[Watch]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.1)
    fifo = tmp_path / "context.jsonld"
    os.mkfifo(fifo)
    seen = Watch(f"http://127.0.0.1:{server.getsockname()[1]}/context.jsonld", fifo)
    stop = threading.Event()

    def listen() -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                conn, _ = server.accept()
                seen.connections.append(conn.recv(1024))
                conn.close()

    def guard_fifo() -> None:  # opening the write end succeeds only while a reader has it open
        while not stop.is_set():
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:
                    raise
                time.sleep(0.005)
                continue
            seen.opened.append(str(fifo))
            os.close(fd)

    threads = [threading.Thread(target=target, daemon=True) for target in (listen, guard_fifo)]
    for thread in threads:
        thread.start()
    yield seen
    stop.set()
    for thread in threads:
        thread.join(2)
    server.close()


def _graphs(folder: Path, watch: Watch) -> list[Path]:
    made = []
    for name, context in (("remote", watch.url), ("local", watch.fifo.as_uri()), ("listed", [{"@import": watch.url}])):
        path = folder / f"{name}.jsonld"
        path.write_text(json.dumps({"@context": context, "@id": "http://example.org/a", "name": "x"}))
        made.append(path)
    return made


def test_no_command_contacts_a_url_or_opens_a_file_it_was_not_given(
    tmp_path: Path, watch: Watch, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KG_WIKIDATA_API", watch.url)
    feed = tmp_path / "feed.jsonl"
    row = {"text": (ROOT / "seeds" / "001_273a97f05537f580.txt").read_text(), "url": watch.url}
    feed.write_text(json.dumps(row) + "\n")
    built = tmp_path / "g.ttl"
    runs = [
        ["build", str(feed), "-o", str(built)],
        ["build", str(feed), "--link", "wikidata", "--offline", "-o", str(tmp_path / "linked.jsonld")],
        ["query", str(built), f"ASK {{ SERVICE <{watch.url}> {{ ?s ?p ?o }} }}"],
        ["validate", str(built)],
        ["cache", "export", str(tmp_path / "team.jsonl")],
        ["cache", "import", str(tmp_path / "team.jsonl")],
    ]
    for graph in _graphs(tmp_path, watch):
        runs += [
            ["validate", str(graph)],
            ["query", str(graph), "ASK {}"],
            ["eval", str(ROOT / "seeds"), "--graph", str(graph)],
        ]
    for argv in runs:
        code = main(argv)
        assert code in (0, 1, 2), argv
    time.sleep(0.1)
    capsys.readouterr()
    assert watch.connections == []
    assert watch.opened == []
    # the watch works: a reader opening the FIFO and a client connecting are both seen
    with socket.create_connection(("127.0.0.1", int(watch.url.split(":")[2].split("/")[0]))):
        pass
    fd = os.open(watch.fifo, os.O_RDONLY | os.O_NONBLOCK)
    time.sleep(0.1)
    os.close(fd)
    time.sleep(0.1)
    assert watch.connections and watch.opened
