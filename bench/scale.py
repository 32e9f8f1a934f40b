"""Big builds: throughput, peak memory and where the time goes, against bare spaCy.

    python bench/scale.py [--sizes 1000] [--large] [--processes 2] [--kg-only] [--parallel 200]

For each size N (1,000 by default; ``--large`` adds 4,000 and 16,000) it builds N distinct
articles from bench/corpus.py as ``kg build -o x.nq`` does (streamed, kg.stream), each
measurement in a fresh process (so peak RSS is that build's alone), and prints:

- articles/s and peak RSS of the whole build, one process and ``--processes`` processes
  (and, for one process, articles per CPU second: on a shared machine, steadier);
- the time split by stage: NLP (extraction: spaCy and kg's per-article reading), the merge
  (the index), validation (in batches), mapping and writing;
- bare spaCy ``nlp.pipe`` on the same texts, same model and batch size, with one process
  and with ``--processes``, and kg's gain from the extra processes against spaCy's.

``--kg-only`` runs only the one-process ``kg build``: its memory, throughput and stage split
are what the scaling targets are judged by, and a 16,000-article build alone takes most of
an hour. A build's progress lines (one per 1,000 articles) go to stderr as it runs, so a
long run's log shows how far it got.

``--parallel N`` also times the extraction of N articles with 2 processes three ways —
kg's worker pool (kg.scale.pool, what ``--processes`` uses), spaCy's ``n_process`` with
kg's per-article work in the parent (what ``--processes`` was), and a local Dask cluster of
two one-thread worker processes (kg.scale.cluster) — the measurement behind the choice of
the pool. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate

from kg.options import BuildOptions


class _Stages(logging.Handler):
    """The stage timings kg logs (kg.scale.progress.stage): "validation (in batches): 3.1 s"."""

    def __init__(self) -> None:
        super().__init__()
        self.seconds: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        found = re.match(r"(.+?): ([\d.]+) s$", record.getMessage())
        if found:
            self.seconds[found.group(1)] = float(found.group(2))


def child_kg(n: int, processes: int) -> dict[str, object]:
    """``kg build`` of ``n`` articles to N-Quads (streamed, kg.stream), in a process of its own."""
    from kg.stream import stream_articles

    articles = generate(n)
    options = BuildOptions(processes=processes, progress=True)  # a line per 1,000 articles on stderr
    if processes == 1:  # loaded before the clock starts, as the spaCy baseline's model is
        from kg.nlp import pipeline

        pipeline()
    stages = _Stages()
    logger = logging.getLogger("kg")
    logger.addHandler(stages)
    logger.setLevel(logging.INFO)
    with tempfile.TemporaryDirectory() as folder:
        start, cpu = time.perf_counter(), time.process_time()
        result = stream_articles(articles, Path(folder) / "x.nq", options)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        size = (Path(folder) / "x.nq").stat().st_size
    # the articles are extracted as they stream into the build; the rest is timed by stage
    nlp = seconds - sum(stages.seconds.values())
    return {
        "seconds": seconds,
        "cpu": cpu,
        "stages": {"NLP (extraction)": nlp, **stages.seconds},
        "bytes": size,
        "events": sum(result.events.values()),
        "failed": len(result.failures),
        "rss": _peak_rss(),
    }


def child_spacy(n: int, processes: int) -> dict[str, object]:
    """Bare spaCy on the same texts: the model as shipped, without kg's components."""
    from kg.nlp.loader import load

    texts = (article.text for article in generate(n))
    nlp = load(None)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=BuildOptions().batch_size, n_process=processes):
        pass
    return {"seconds": time.perf_counter() - start, "rss": _peak_rss()}


def child_parallel(n: int, way: str) -> dict[str, object]:
    """The extraction of ``n`` articles with two processes, one of three ways."""
    articles = list(generate(n))
    start = time.perf_counter()
    if way == "pool":
        from kg.pipeline import extract_all

        extract_all(articles, BuildOptions(processes=2))
    elif way == "spacy-n_process":
        from kg.nlp import _document, pipeline

        options = BuildOptions()
        pairs = ((a.text, a) for a in articles)
        for doc, article in pipeline().pipe(pairs, as_tuples=True, batch_size=options.batch_size, n_process=2):
            _document(doc, article, options.max_events)
    else:
        from distributed import LocalCluster

        from kg.pipeline import extract_all

        with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
            start = time.perf_counter()  # the cluster's start is not the extraction's
            extract_all(articles, BuildOptions(dask=cluster.scheduler_address))
    return {"seconds": time.perf_counter() - start, "rss": _peak_rss()}


def _peak_rss() -> tuple[int, int]:
    """Peak RSS in bytes of this process and of its largest worker process (Linux: kB)."""
    return tuple(resource.getrusage(who).ru_maxrss * 1024 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


def run(*args: object) -> dict:
    """Run this script's ``--child`` in a fresh process and read its figures."""
    command = [sys.executable, __file__, "--child", *map(str, args)]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)  # stderr: progress, errors
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed (its stderr is above)")
    return json.loads(done.stdout.splitlines()[-1])


def report(n: int, processes: int, kg_only: bool) -> None:
    """Each run's figures as soon as it ends, then the ratios."""
    print(f"\n{n:,} articles", flush=True)
    seconds = {}
    runs = [("kg", 1)] if kg_only else [("kg", 1), ("kg", processes), ("spacy", 1), ("spacy", processes)]
    for mode, count in runs:
        figures = run(mode, n, count)
        seconds[mode, count] = figures["seconds"]
        label = (
            f"kg build -o x.nq, {count} process(es)" if mode == "kg" else f"bare spaCy nlp.pipe, {count} process(es)"
        )
        parent, worker = figures["rss"]
        memory = f"peak RSS {parent / 1e9:.2f} GB" + (f" + {worker / 1e9:.2f} GB a worker" if worker else "")
        if mode == "kg" and count > 1:  # the pool's workers are the forkserver's children, not ours
            memory += " (the parent; each worker holds a model, ~0.5 GB)"
        print(f"  {label:<38} {figures['seconds']:8.1f} s  {n / figures['seconds']:6.1f} articles/s  {memory}")
        if mode == "kg":
            if count == 1:  # this process's CPU time: less at the mercy of other jobs than the clock
                print(f"    {figures['cpu']:.1f} CPU s, {n / figures['cpu']:.1f} articles per CPU s")
            total = figures["seconds"]
            split = ", ".join(f"{stage} {time:.1f} s ({time / total:.0%})" for stage, time in figures["stages"].items())
            print(
                f"    {split}  ({figures['bytes'] / 1e6:.1f} MB of N-Quads, {figures['events']:,} events)", flush=True
            )
    if kg_only:
        return
    print(f"  ratio kg/spaCy throughput, 1 process: {seconds['spacy', 1] / seconds['kg', 1]:.2f}  (target >= 0.85)")
    kg_gain = seconds["kg", 1] / seconds["kg", processes]
    spacy_gain = seconds["spacy", 1] / seconds["spacy", processes]
    print(
        f"  gain from {processes} processes: kg {kg_gain:.2f}x, spaCy {spacy_gain:.2f}x, "
        f"kg/spaCy {kg_gain / spacy_gain:.2f}  (target >= 0.95)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", help="articles per build (default: 1000, none with --parallel)")
    parser.add_argument("--large", action="store_true", help="also 4,000 and 16,000 articles")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--kg-only", action="store_true", help="only kg build, one process")
    parser.add_argument("--parallel", type=int, metavar="N", help="compare three ways of 2 processes on N articles")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, n, arg = args.child
        figures = {
            "kg": lambda: child_kg(int(n), int(arg)),
            "spacy": lambda: child_spacy(int(n), int(arg)),
            "parallel": lambda: child_parallel(int(n), arg),
        }[mode]()
        print(json.dumps(figures))
        return
    if args.parallel:
        print(f"extraction of {args.parallel} articles with 2 processes")
        for way in ("pool", "spacy-n_process", "dask"):
            figures = run("parallel", args.parallel, way)
            print(f"  {way:<16} {figures['seconds']:7.1f} s  {args.parallel / figures['seconds']:6.1f} articles/s")
    sizes = args.sizes or ([] if args.parallel else [1000])
    for n in sorted({*sizes, *((4000, 16000) if args.large else ())}):
        report(n, args.processes, args.kg_only)


if __name__ == "__main__":
    main()
