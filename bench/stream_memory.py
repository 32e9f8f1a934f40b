"""Peak memory of a streamed build against a whole-graph build, and of a load into a new
store, at two corpus sizes.

    python bench/stream_memory.py [--sizes 1000 4000] [--ways streamed whole load]
    python bench/stream_memory.py --sizes 1000 16000 --ways load

The dev articles and seeds are extracted once (kg's own NLP); copies with varied names and
dates (bench/_documents.py) stand for 1k and 4k articles, so the figures are those of
everything after extraction: merge, validation and writing N-Quads. (Extraction holds one
spaCy batch at a time, and the model's ~0.5 GB is the same at any size.) Each size is
built in a fresh process, streamed (``kg.stream.build_streamed``, what ``kg build -o x.nq``
does) and whole (``build_documents`` + ``write``, what it did before), from a generator of
documents, so neither holds the input beforehand; and (``--ways load``) loaded into a new
store (``kg.store.load_documents``, what ``kg load`` does after extraction), whose graph,
dumped, should hold the lines the builds write. Prints seconds and peak RSS per size and way,
and the ratio of peak RSS between the sizes. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _documents import documents, load_documents, peak_rss_mb, save_dev_documents

WAYS = ("streamed", "whole", "load")


def child(way: str, size: int, originals_path: str, out: str) -> None:
    from kg.pipeline import build_documents
    from kg.rdf.serialize import write
    from kg.store import load_documents as load
    from kg.stream import build_streamed

    originals = load_documents(originals_path)
    start = time.perf_counter()
    docs = documents(originals, size)
    if way == "streamed":
        build_streamed(docs, out)
    elif way == "load":
        load(out, docs)
    else:
        write(build_documents(docs).quads, out)
    seconds = time.perf_counter() - start
    peak_mb = peak_rss_mb()
    if way == "load":  # the store's graph, as the lines of an N-Quads file
        import pyoxigraph as ox

        from kg.store import open_store

        open_store(out).dump(f"{out}.nq", format=ox.RdfFormat.N_QUADS)
        out = f"{out}.nq"
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "bytes": Path(out).stat().st_size}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 4000])
    parser.add_argument(
        "--ways", nargs="+", choices=WAYS, default=["streamed", "whole"], help="load: into a new store, as kg load"
    )
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        way, size, originals, out = args.child
        child(way, int(size), originals, out)
        return
    with tempfile.TemporaryDirectory() as folder:
        originals = save_dev_documents(folder)
        peaks: dict[str, list[float]] = {way: [] for way in args.ways}
        outputs: dict[int, set[frozenset[bytes]]] = {}
        print(f"{'articles':>8} {'way':>9} {'seconds':>8} {'peak RSS MB':>12} {'output MB':>10}")
        for size in args.sizes:
            for way in peaks:
                out = f"{folder}/{way}-{size}.nq"
                command = [sys.executable, __file__, "--child", way, str(size), originals, out]
                done = subprocess.run(command, capture_output=True, text=True, check=True)
                figures = json.loads(done.stdout.splitlines()[-1])
                peaks[way].append(figures["peak_mb"])
                lines = Path(f"{out}.nq" if way == "load" else out).read_bytes().splitlines()
                outputs.setdefault(size, set()).add(frozenset(lines))  # a store dumps in its own order
                print(
                    f"{size:8d} {way:>9} {figures['seconds']:8.1f} {figures['peak_mb']:12.0f} {figures['bytes'] / 1e6:10.1f}"
                )
        for way, (small, large) in peaks.items():
            print(f"{way}: peak RSS at {args.sizes[1]} / at {args.sizes[0]} articles = {large / small:.2f}")
        print("same lines every way:", all(len(found) == 1 for found in outputs.values()))


if __name__ == "__main__":
    main()
