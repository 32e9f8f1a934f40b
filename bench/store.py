"""The store at scale: `kg load` time, size on disk, and a 2-hop query through `kg query
--store` against `kg query FILE`, each query from a fresh process.

    python bench/store.py                 # about 1M quads
    python bench/store.py --quads 10000000

The dev articles and seeds are extracted once (spaCy), then replicated into distinct
worlds: copy i renames every article (a new id) and every entity (each word of a name gets
the copy's tag, so "Vladimir Putin" and "Putin" of copy 3 still join each other and never
another copy's), so the graph grows as a real one does, by new nodes, not by one node
gathering thousands of sources. Copies are added until the build reaches the asked number
of quads. Figures, all from this run:

- load: `kg.store.load_documents` into a new store (merge, map, validate, write): what
  `kg load` does after extraction; extraction is timed on the originals and given per
  article, which is what it costs at any scale;
- one more article loaded into the full store (everything is merged again);
- the store's size on disk, and the N-Quads file of the same graph;
- the 2-hop query (who met one copy's Vladimir Putin, by name) through `kg query --store
  DIR` and through `kg query FILE`, each in a fresh `kg` process: wall time and peak memory.

Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.model import Document, Entity, EntityKey, Event, EventKey, Evidence, entity_key
from kg.options import BuildOptions
from kg.pipeline import build_documents, read

ROOT = Path(__file__).resolve().parent.parent
KG = str(Path(sys.executable).parent / "kg")
_WORD = re.compile(r"\w+")
QUERY = """SELECT DISTINCT ?name WHERE {{
  ?meeting a kg:Meeting ; kg:participant <{person}> , ?other .
  ?other rdfs:label ?name . FILTER(?other != <{person}>)
}} ORDER BY ?name"""


def tag(i: int) -> str:
    """A copy's tag, letters only (a digit would be a word of its own once normalised)."""
    letters = ""
    while True:
        letters = chr(ord("a") + i % 26) + letters
        i //= 26
        if not i:
            return "x" + letters


def replicate(doc: Document, i: int) -> Document:
    """Copy ``i`` of ``doc``: a new article id, every entity name tagged word by word."""
    mark = tag(i)
    article_id = f"{doc.article.id[:6]}{i:010x}"

    def name(text: str) -> str:
        return _WORD.sub(lambda m: m.group() + mark, text)

    def key(old: EntityKey) -> EntityKey:
        return EntityKey(old.type, name(old.name))

    def event_key(old: EventKey) -> EventKey:
        return EventKey(old.type, article_id, old.offset)

    article = dataclasses.replace(doc.article, id=article_id, title=f"{doc.article.title} ({mark})")
    entities = tuple(
        Entity(
            key=entity_key(e.type, name(e.name)),
            type=e.type,
            name=name(e.name),
            aliases=frozenset(name(a) for a in e.aliases),
            sources=frozenset({article_id}),
        )
        for e in doc.entities
    )
    events = tuple(
        dataclasses.replace(
            e,
            key=event_key(e.key),
            roles=Event.make_roles({role: [key(k) for k in keys] for role, keys in e.roles}),
            evidence=tuple(Evidence(article_id, ev.text, ev.start, ev.end) for ev in e.evidence),
            claimed_in=tuple(event_key(k) for k in e.claimed_in),
        )
        for e in doc.events
    )
    return Document(article, entities, events)


def extract_originals() -> tuple[list[Document], float]:
    from kg.nlp import extract, pipeline

    options = BuildOptions()
    articles, _ = read([str(ROOT / "dev" / "articles"), str(ROOT / "seeds")], options)
    pipeline(options.model)  # loading the model is not extraction
    start = time.perf_counter()
    documents = list(extract(articles, options))
    return documents, (time.perf_counter() - start) / len(documents)


def run_kg(*args: str) -> tuple[float, float, str]:
    """Wall seconds and peak memory (MB) of one fresh `kg` process, and what it printed."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen([KG, *args], stdout=out)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            raise SystemExit(f"kg {' '.join(args[:2])} failed ({process.returncode})")
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, out.read().decode("utf-8")


def size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quads", type=int, default=1_000_000, help="about how many quads (default: 1M)")
    parser.add_argument("--keep", type=Path, help="build the store here and keep it (default: a temporary folder)")
    args = parser.parse_args()
    from kg.rdf.serialize import write
    from kg.store import load_documents

    originals, per_article = extract_originals()
    per_copy = len(build_documents(originals).quads)
    copies = max(1, round(args.quads / per_copy))
    documents = [replicate(doc, i) for i in range(copies) for doc in originals]
    print(f"{len(originals)} dev articles and seeds: {per_copy} quads; {copies} copies, {len(documents)} articles")
    print(f"extraction (spaCy and kg's reading): {per_article * 1000:.0f} ms an article")

    folder = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-store-"))
    store, graph_file = folder / "store", folder / "graph.nq"
    try:
        start = time.perf_counter()
        change = load_documents(store, documents)
        load_seconds = time.perf_counter() - start
        quads = change.added
        print(f"load into a new store: {load_seconds:.1f} s for {quads:,} quads ({len(documents)} articles)")
        print(
            f"  with extraction, kg load of these articles: about {load_seconds + per_article * len(documents):.0f} s"
        )
        write(change.result.quads, graph_file)
        extra = replicate(originals[0], copies)
        start = time.perf_counter()
        load_documents(store, [extra])
        print(f"one more article into the full store: {time.perf_counter() - start:.1f} s")
        print(f"store on disk: {size_mb(store):.0f} MB   N-Quads file: {size_mb(graph_file):.0f} MB")

        person = f"https://w3id.org/newskg/id/person/vladimir{tag(0)}-putin{tag(0)}"
        query = QUERY.format(person=person)
        store_seconds, store_peak, store_out = run_kg("query", "--store", str(store), query)
        file_seconds, file_peak, file_out = run_kg("query", str(graph_file), query)
        assert store_out == file_out, "the store and the file answer differently"
        print(f"2-hop query ({store_out.strip().splitlines()[-1]}), from a fresh process:")
        print(f"  kg query --store DIR: {store_seconds:6.2f} s   peak {store_peak:6.0f} MB")
        print(f"  kg query FILE:        {file_seconds:6.2f} s   peak {file_peak:6.0f} MB")
        print(f"  ratio FILE/store: {file_seconds / store_seconds:.0f}x (target: the store under 1 s at 10M quads)")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
