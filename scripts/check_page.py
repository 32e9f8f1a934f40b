"""End to end, as a user would: load the two seeds into a store one after the other
(``kg load``), run ``kg serve`` on it, query it with SPARQLWrapper, follow the IRI the Beijing
meeting had after the first load, and look at the meeting's page and the query page in
headless Chromium (DOM checks and screenshots).

    python scripts/check_page.py [--out DIR]

Prints what it checked and where the screenshots are; exits 1 when a check fails. Needs
Debian's ``chromium`` (``apt-get install chromium``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.error import URLError
from urllib.parse import quote
from urllib.request import urlopen

from SPARQLWrapper import JSON, SPARQLWrapper

ROOT = Path(__file__).resolve().parents[1]
KG = Path(sys.executable).with_name("kg")
BASE = "https://w3id.org/newskg/id/"
MEETING = "SELECT ?m WHERE { ?m a kg:Meeting ; kg:place place:beijing }"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="folder for the store and screenshots (default: a new temporary one)")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("no chromium: apt-get install chromium", file=sys.stderr)
        return 1
    out = args.out or Path(tempfile.mkdtemp(prefix="kg-check-page-"))
    out.mkdir(parents=True, exist_ok=True)
    store, first_iri = build_store(out)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(KG), "serve", "--store", str(store), "--port", str(port)])
    failures: list[str] = []
    try:
        started = wait_until_up(url, server)
        print(f"kg serve answered after {started:.1f} s at {url}")
        meeting = check_sparqlwrapper(url, failures)
        check_first_iri(url, first_iri, meeting, failures)
        check_meeting_page(chromium, url, meeting, out, failures)
        check_query_page(chromium, url, out, failures)
    finally:
        server.terminate()
        server.wait(30)
    for failure in failures:
        print(f"FAILED: {failure}")
    print("all checks passed" if not failures else f"{len(failures)} check(s) failed")
    return 1 if failures else 0


def build_store(out: Path) -> tuple[Path, str]:
    """The seeds loaded one after the other (``kg load``), and the Beijing meeting's IRI
    after the first load, which must still resolve after the second."""
    store = out / "store"
    if store.exists():
        shutil.rmtree(store)
    first, second = sorted((ROOT / "seeds").glob("*.txt"))
    subprocess.run([str(KG), "load", str(first), "--store", str(store)], check=True)
    found = subprocess.run(
        [str(KG), "query", "--store", str(store), MEETING, "--format", "csv"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()[1]
    subprocess.run([str(KG), "load", str(second), "--store", str(store)], check=True)
    return store, found.strip()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, server: subprocess.Popen[bytes], limit: float = 60) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if server.poll() is not None:
            raise SystemExit(f"kg serve stopped with exit code {server.returncode}")
        try:
            with urlopen(f"{url}/sparql?query={quote('ASK {}')}", timeout=5):
                return time.monotonic() - started
        except (URLError, ConnectionError):
            time.sleep(0.2)
    raise SystemExit(f"kg serve did not answer within {limit:.0f} s")


def check_sparqlwrapper(url: str, failures: list[str]) -> str:
    """The ready meetings query through SPARQLWrapper; the Beijing meeting's IRI."""
    endpoint = SPARQLWrapper(f"{url}/sparql")
    endpoint.setReturnFormat(JSON)
    endpoint.setQuery((ROOT / "queries" / "meetings.rq").read_text(encoding="utf-8"))
    started = time.monotonic()
    rows = endpoint.query().convert()["results"]["bindings"]
    took = time.monotonic() - started
    print(f"SPARQLWrapper, queries/meetings.rq: {len(rows)} row(s) in {took * 1000:.0f} ms")
    for row in rows:
        print("  " + json.dumps({name: value["value"] for name, value in row.items()}, ensure_ascii=False))
    endpoint.setQuery(MEETING)
    found = endpoint.query().convert()["results"]["bindings"]
    if len(found) != 1:
        failures.append(f"{len(found)} meeting(s) in Beijing, expected 1")
        raise SystemExit("\n".join(failures))
    return str(found[0]["m"]["value"])


def check_first_iri(url: str, first_iri: str, meeting: str, failures: list[str]) -> None:
    """The IRI the meeting had after the first load leads to the meeting now."""
    with urlopen(f"{url}/id/{first_iri.removeprefix(BASE)}") as response:  # follows a redirect
        landed = response.url
    expected = f"{url}/id/{meeting.removeprefix(BASE)}"
    if landed != expected:
        failures.append(f"{first_iri} (first load) leads to {landed}, not {expected}")
    print(f"first load's IRI {first_iri} -> {landed.removeprefix(url)}")


def chromium_run(chromium: str, *arguments: str) -> str:
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout


def check_meeting_page(chromium: str, url: str, meeting: str, out: Path, failures: list[str]) -> None:
    page = f"{url}/id/{meeting.removeprefix(BASE)}"
    dom = chromium_run(chromium, "--dump-dom", page)
    roles = _between(dom, '<table id="roles">', "</table>")
    sources = _between(dom, '<ol id="sources">', "</ol>")
    for name in ("Kim Jong-un", "Vladimir Putin", "Beijing"):
        if name not in roles:
            failures.append(f"{page}: {name} is not among the roles")
    if sources.count("<li>") != 2:
        failures.append(f"{page}: {sources.count('<li>')} source(s), expected 2")
    shot = out / "meeting.png"
    chromium_run(chromium, f"--screenshot={shot}", "--window-size=1100,1300", page)
    print(f"meeting page {page}: roles {'ok' if roles else 'missing'}, {sources.count('<li>')} sources; {shot}")


def check_query_page(chromium: str, url: str, out: Path, failures: list[str]) -> None:
    meetings = (ROOT / "queries" / "meetings.rq").read_text(encoding="utf-8")
    page = f"{url}/?query={quote(meetings)}"
    dom = chromium_run(chromium, "--virtual-time-budget=5000", "--dump-dom", page)
    results = _between(dom, '<div id="results">', "</div>")
    if "Beijing" not in results:
        failures.append("the query page did not show the meetings query's answer")
    shot = out / "query.png"
    chromium_run(chromium, "--virtual-time-budget=5000", f"--screenshot={shot}", "--window-size=1100,1000", page)
    print(f"query page: answer {'shown' if 'Beijing' in results else 'missing'}; {shot}")


def _between(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0] if start in text else ""


if __name__ == "__main__":
    sys.exit(main())
