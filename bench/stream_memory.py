"""Peak memory of a streamed build against a whole-graph build, at two corpus sizes.

    python bench/stream_memory.py [--sizes 1000 4000]

The dev articles and seeds are extracted once (kg's own NLP); copies with varied names and
dates (bench/_documents.py) stand for 1k and 4k articles, so the figures are those of
everything after extraction: merge, validation and writing N-Quads. (Extraction holds one
spaCy batch at a time, and the model's ~0.5 GB is the same at any size.) Each size is
built in a fresh process, streamed (``kg.stream.build_streamed``, what ``kg build -o x.nq``
does) and whole (``build_documents`` + ``write``, what it did before), from a generator of
documents, so neither holds the input beforehand. Prints seconds and peak RSS per size and
way, and the ratio of peak RSS between the sizes. Asserts nothing.
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


def child(way: str, size: int, originals_path: str, out: str) -> None:
    from kg.pipeline import build_documents
    from kg.rdf.serialize import write
    from kg.stream import build_streamed

    originals = load_documents(originals_path)
    start = time.perf_counter()
    docs = documents(originals, size)
    if way == "streamed":
        build_streamed(docs, out)
    else:
        write(build_documents(docs).quads, out)
    seconds = time.perf_counter() - start
    peak_mb = peak_rss_mb()
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "bytes": Path(out).stat().st_size}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 4000])
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        way, size, originals, out = args.child
        child(way, int(size), originals, out)
        return
    with tempfile.TemporaryDirectory() as folder:
        originals = save_dev_documents(folder)
        peaks: dict[str, list[float]] = {"streamed": [], "whole": []}
        outputs: dict[int, set[bytes]] = {}
        print(f"{'articles':>8} {'way':>9} {'seconds':>8} {'peak RSS MB':>12} {'output MB':>10}")
        for size in args.sizes:
            for way in peaks:
                out = f"{folder}/{way}-{size}.nq"
                command = [sys.executable, __file__, "--child", way, str(size), originals, out]
                done = subprocess.run(command, capture_output=True, text=True, check=True)
                figures = json.loads(done.stdout.splitlines()[-1])
                peaks[way].append(figures["peak_mb"])
                outputs.setdefault(size, set()).add(Path(out).read_bytes())
                print(
                    f"{size:8d} {way:>9} {figures['seconds']:8.1f} {figures['peak_mb']:12.0f} {figures['bytes'] / 1e6:10.1f}"
                )
        for way, (small, large) in peaks.items():
            print(f"{way}: peak RSS at {args.sizes[1]} / at {args.sizes[0]} articles = {large / small:.2f}")
        print("same bytes both ways:", all(len(found) == 1 for found in outputs.values()))


if __name__ == "__main__":
    main()
