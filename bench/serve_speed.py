"""What kg serve adds to a query: each ready query answered over HTTP by a running ``kg serve``
against the same query run in this process on the same store, read-only (the baseline).

    python bench/serve_speed.py --store s [--repeat 7]

The store is one ``kg load`` made (``kg load dev/articles seeds --store s``). Both sides write
SPARQL results JSON; the server's side adds HTTP, the hand-over to a query worker process and
back, and content negotiation. Prints the median of ``--repeat`` runs per query and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from kg.serve import listen
from kg.store.query import format_result, run_query
from kg.store.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True, help="a store made by kg load")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with listen("127.0.0.1", 0) as probe:
        port = probe.getsockname()[1]
    kg = Path(sys.executable).with_name("kg")
    server = subprocess.Popen(
        [str(kg), "serve", "--store", str(args.store), "--port", str(port), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        started = _wait(url, server)
        print(f"kg serve answered {started:.2f} s after it was started (store {args.store})")
        store = open_store(args.store)
        print(f"{'query':<16}{'in process':>12}{'kg serve':>12}{'ratio':>8}")
        totals = [0.0, 0.0]
        for path in sorted((ROOT / "queries").glob("*.rq")):
            sparql = path.read_text(encoding="utf-8")
            direct = _median(lambda q=sparql: format_result(run_query(store, q), "json"), args.repeat)
            served = _median(lambda q=sparql: _post(url, q), args.repeat)
            totals[0] += direct
            totals[1] += served
            print(f"{path.stem:<16}{direct * 1000:>10.1f}ms{served * 1000:>10.1f}ms{served / direct:>8.2f}")
        print(f"{'all six':<16}{totals[0] * 1000:>10.1f}ms{totals[1] * 1000:>10.1f}ms{totals[1] / totals[0]:>8.2f}")
    finally:
        server.terminate()
        server.wait(30)
    return 0


def _post(url: str, sparql: str) -> bytes:
    body = urlencode({"query": sparql}).encode("utf-8")
    request = Request(url, body, {"Accept": "application/sparql-results+json"})
    with urlopen(request, timeout=60) as response:
        return bytes(response.read())


def _median(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _wait(url: str, server: subprocess.Popen[bytes]) -> float:
    started = time.monotonic()
    while time.monotonic() - started < 120:
        if server.poll() is not None:
            raise SystemExit(f"kg serve stopped (exit code {server.returncode})")
        try:
            _post(url, "ASK {}")
            return time.monotonic() - started
        except OSError:
            time.sleep(0.1)
    raise SystemExit("kg serve did not answer within 120 s")


if __name__ == "__main__":
    sys.exit(main())
