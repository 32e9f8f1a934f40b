"""Throughput of `kg build` against bare spaCy on the same texts, in the same run.

    python bench/throughput.py --n 200 [--processes 1] [--batch-size 32] [--model NAME]

Builds N articles (copies of the dev articles, each with a distinct title so that each is
its own article) through the whole build (NLP, merge, RDF mapping, SHACL validation and
Turtle serialisation), then times bare ``nlp.pipe`` of the same model with the same process
count and batch size on the same texts, alternating the two --repeat times and keeping the
best of each. Prints both rates and their ratio; the target is a ratio of at least 0.85.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import time
from pathlib import Path

from kg.options import BuildOptions
from kg.pipeline import build_articles, read
from kg.rdf.serialize import write

DEV = Path(__file__).resolve().parent.parent / "dev" / "articles"


def corpus(n: int, options: BuildOptions) -> list:
    """N distinct articles made from the dev articles."""
    originals, failures = read([str(DEV)], options)
    if failures or not originals:
        raise SystemExit(f"cannot read the dev articles: {failures}")
    articles = []
    for i in range(n):
        base = originals[i % len(originals)]
        articles.append(dataclasses.replace(base, id=f"{base.id[:8]}{i:08x}", title=f"{base.title} (copy {i})"))
    return articles


def time_build(articles: list, options: BuildOptions) -> float:
    start = time.perf_counter()
    result = build_articles(articles, options)
    write(result.quads, io.BytesIO())  # as `kg build` does
    return time.perf_counter() - start


def time_bare_spacy(nlp, texts: list[str], options: BuildOptions) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=options.batch_size, n_process=options.processes):
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--model")
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs; the best of each counts")
    args = parser.parse_args()
    options = BuildOptions(model=args.model, processes=args.processes, batch_size=args.batch_size)
    articles = corpus(args.n, options)
    texts = [a.text for a in articles]
    from kg.nlp.loader import load

    bare_nlp = load(options.model)  # a copy of its own: without kg's line breaks and ruler
    time_bare_spacy(bare_nlp, texts[:4], options)  # warm up both paths
    build_articles(articles[:4], options)
    bare, built = float("inf"), float("inf")
    for _ in range(args.repeat):  # alternate, so load on the machine hits both alike
        bare = min(bare, time_bare_spacy(bare_nlp, texts, options))
        built = min(built, time_build(articles, options))
    print(f"articles: {len(articles)}  processes: {args.processes}  batch size: {args.batch_size}")
    print(f"bare spaCy nlp.pipe: {bare:7.2f} s  {len(texts) / bare:7.1f} articles/s")
    print(f"kg build (to Turtle): {built:7.2f} s  {len(texts) / built:7.1f} articles/s")
    print(f"ratio kg/spaCy throughput: {bare / built:.2f}  (target >= 0.85)")


if __name__ == "__main__":
    main()
