"""A real Oxigraph server for tests: the `oxigraph` command of the `oxigraph` package (a test
dependency), on 127.0.0.1, loaded with its own bulk loader and otherwise default settings."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import requests


def oxigraph_command() -> str:
    """The `oxigraph` command installed beside this Python (the venv's), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the oxigraph command is missing: pip install -e '.[test]' installs it")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph_load(location: Path, graph_file: Path) -> None:
    """``oxigraph load``: the server's standard bulk loader, into the folder ``location``."""
    subprocess.run(
        [oxigraph_command(), "load", "--location", str(location), "--file", str(graph_file)],
        check=True,
        capture_output=True,
    )


@contextlib.contextmanager
def oxigraph_serve(location: Path | None = None, union_default_graph: bool = False) -> Iterator[str]:
    """``oxigraph serve`` (read-write, in memory when no ``location``); yields its base URL."""
    port = free_port()
    command = [oxigraph_command(), "serve", "--bind", f"127.0.0.1:{port}"]
    if location is not None:
        command += ["--location", str(location)]
    if union_default_graph:
        command.append("--union-default-graph")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve stopped: {process.stderr.read().decode() if process.stderr else ''}")
        with contextlib.suppress(requests.ConnectionError):
            requests.get(f"{url}/query", params={"query": "ASK {}"}, timeout=2)
            return
        time.sleep(0.1)
    raise RuntimeError(f"oxigraph serve did not answer at {url}")


def select(url: str, sparql: str) -> list[dict[str, str]]:
    """A SELECT's rows from the server, as {variable: plain value}, unbound ones left out."""
    answer = requests.get(
        f"{url}/query", params={"query": sparql}, headers={"Accept": "application/sparql-results+json"}, timeout=60
    )
    answer.raise_for_status()
    return [{name: cell["value"] for name, cell in row.items()} for row in answer.json()["results"]["bindings"]]
