"""Writing a million quads as N-Quads: kg's writer against pyoxigraph's own, same run.

    python bench/write_speed.py [--articles 9500] [--repeat 2]

Maps a synthetic knowledge base (bench/serialize_speed.py's: ARTICLES articles, about 105
quads each, so 9,500 give about a million) to quads, then times, REPEAT times each, kg's N-Quads
and N-Triples writers (kg.rdf.ntriples: from rdflib terms, sorted and deduplicated) and
pyoxigraph's N-Quads writer given the same quads as pyoxigraph terms (made untimed; it
neither sorts nor deduplicates). Wall and CPU seconds, the best of REPEAT runs of each,
and for scale the time kg's mapping took to make the quads (once). Prints figures; asserts
nothing.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serialize_speed import _oxigraph_quads, synthetic_kb

from kg.rdf.mapping import to_quads
from kg.rdf.serialize import serialize


def best(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """The lowest wall and CPU seconds of ``repeat`` runs."""
    runs = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    return min(r[0] for r in runs), min(r[1] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=9500)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    kb = synthetic_kb(args.articles, 8, 6)
    wall, cpu = time.perf_counter(), time.process_time()
    quads = to_quads(kb)
    mapping = time.perf_counter() - wall, time.process_time() - cpu
    native = _oxigraph_quads(quads)
    gc.collect()
    gc.freeze()  # the data are built: a collection during a timing should not scan them
    print(f"{len(quads):,} quads; best of {args.repeat}, wall / CPU seconds")
    print(f"  (kg's mapping made them from the knowledge base in {mapping[0]:.2f} s / {mapping[1]:.2f} s, once)")
    figures = {
        "pyoxigraph N-Quads writer": best(lambda: ox.serialize(native, BytesIO(), ox.RdfFormat.N_QUADS), args.repeat),
        "kg N-Quads (sorted, unique)": best(lambda: serialize(quads, "nq"), args.repeat),
        "kg N-Triples (the union)": best(lambda: serialize(quads, "nt"), args.repeat),
    }
    base_wall, base_cpu = figures["pyoxigraph N-Quads writer"]
    for label, (wall, cpu) in figures.items():
        print(
            f"  {label:<30} {wall:6.2f} s / {cpu:6.2f} s   {wall / base_wall:5.2f}x / {cpu / base_cpu:5.2f}x pyoxigraph"
        )


if __name__ == "__main__":
    main()
