"""The store at scale: `kg load` time, size on disk, and a 2-hop query through `kg query
--store` against `kg query FILE`, each query from a fresh process.

    python bench/store.py                 # about 1M quads
    python bench/store.py --quads 10000000
    python bench/store.py --keep DIR      # keep the store and file; run again to time queries only

The dev articles and seeds are extracted once (spaCy), then replicated into distinct
worlds: copy i renames every article (a new id) and every entity (each word of a name gets
the copy's tag, so "Vladimir Putin" and "Putin" of copy 3 still join each other and never
another copy's), so the graph grows as a real one does, by new nodes, not by one node
gathering thousands of sources. Copies are added until the build reaches the asked number
of quads. Figures, all from this run:

- load: `kg.store.load_documents` into a new store (merge, map, validate, write): what
  `kg load` does after extraction; extraction is timed on the originals and given per
  article, which is what it costs at any scale;
- one more article loaded into the full store, and that article removed again (every
  document is merged again; only what changed is validated and written);
- each of these in a process of its own, the documents streamed to it from a file: its
  wall time and peak memory (VmHWM);
- the store's size on disk, and the N-Quads file of the same graph (dumped from the store);
- the 2-hop query (who met one copy's Vladimir Putin, by name) through `kg query --store
  DIR` and through `kg query FILE`, each in a fresh `kg` process: wall time and peak memory.

Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from _documents import peak_rss_mb

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
    """Wall seconds and peak memory (MB) of one fresh `kg` process, and what it printed.

    The memory is GNU time's: a child's own ru_maxrss starts from this (large) process's
    size at the fork, so it cannot be read from here."""
    timer = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
    start = time.perf_counter()
    done = subprocess.run([*timer, KG, *args], capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    peak = int(done.stderr.split()[-1]) / 1024 if timer else float("nan")
    return seconds, peak, done.stdout


def time_queries(store: Path, graph_file: Path, repeat: int) -> None:
    """The 2-hop query through the store and through the file, ``repeat`` times each, alternating
    (the fastest of each counts: the machine is shared)."""
    query = QUERY.format(person=f"https://w3id.org/newskg/id/person/vladimir{tag(0)}-putin{tag(0)}")
    runs: dict[str, list[tuple[float, float]]] = {"store": [], "file": []}
    for _ in range(repeat):
        seconds, peak, store_out = run_kg("query", "--store", str(store), query)
        runs["store"].append((seconds, peak))
        seconds, peak, file_out = run_kg("query", str(graph_file), query, "--timeout", "3600")
        runs["file"].append((seconds, peak))
        if store_out != file_out:
            raise SystemExit("the store and the file answer differently")
    (store_s, store_peak), (file_s, file_peak) = min(runs["store"]), min(runs["file"])
    print(f"2-hop query ({store_out.strip().splitlines()[-1]}), from a fresh process, best of {repeat}:")
    print(f"  kg query --store DIR: {store_s:6.2f} s   peak {store_peak:6.0f} MB")
    print(f"  kg query FILE:        {file_s:6.2f} s   peak {file_peak:6.0f} MB")
    print(f"  FILE/store: {file_s / store_s:.0f}x (target: the store under 1 s at 10M quads)")


def size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quads", type=int, default=1_000_000, help="about how many quads (default: 1M)")
    parser.add_argument(
        "--keep", type=Path, help="build the store and file in this folder and keep them; if they are there, only query"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query (default: 3)")
    parser.add_argument(
        "--times",
        type=int,
        default=1,
        metavar="K",
        help="also time the query on a store and file K times as large, made by copying the graph "
        "under renamed IRIs (no merge or validation: for the query's time only)",
    )
    parser.add_argument("--no-stream", action="store_true", help="do not time the streamed build of the same documents")
    parser.add_argument("--child", nargs=3, metavar=("ACTION", "STORE", "DOCUMENTS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-store-"))
    store, graph_file = folder / "store", folder / "graph.nq"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if not graph_file.exists():
            build(store, graph_file, args.quads, streamed=not args.no_stream)
        time_queries(store, graph_file, args.repeat)
        if args.times > 1:
            big_store, big_file = folder / f"store-x{args.times}", folder / f"graph-x{args.times}.nq"
            if not big_file.exists():
                enlarge(store, big_store, big_file, args.times)
            time_queries(big_store, big_file, args.repeat)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def enlarge(store: Path, big_store: Path, big_file: Path, times: int) -> None:
    """A store (and its N-Quads file) holding the graph of ``store`` ``times`` times: copy j
    has ``-j`` appended to every instance IRI (copy 0 keeps them, so the query finds the same
    answer), loaded with Oxigraph's bulk loader into a new store of the same layout."""
    import pyoxigraph as ox

    from kg.store.store import GRAPH_FOLDER, MEMORY_FILE

    source = ox.Store.read_only(str(store / GRAPH_FOLDER))
    data = source.dump(format=ox.RdfFormat.N_QUADS)
    del source
    big_store.mkdir()
    shutil.copy(store / MEMORY_FILE, big_store / MEMORY_FILE)
    target = ox.Store(str(big_store / GRAPH_FOLDER))
    instance = re.compile(rb"<(https://w3id\.org/newskg/id/[^>]*)>")
    start = time.perf_counter()
    with big_file.open("wb") as out:
        for j in range(times):
            copy = data if j == 0 else instance.sub(lambda m, j=j: b"<%s-%d>" % (m.group(1), j), data)
            target.bulk_load(copy, format=ox.RdfFormat.N_QUADS)
            out.write(copy)
    target.optimize()
    quads = len(target)
    del target
    print(f"x{times}: {quads:,} quads bulk-loaded in {time.perf_counter() - start:.0f} s; ", end="")
    print(f"store on disk {size_mb(big_store):.0f} MB, N-Quads file {size_mb(big_file):.0f} MB")


def build(store: Path, graph_file: Path, quads: int, streamed: bool = True) -> None:
    """Load the copies into a new store, one more article after them (and take it out
    again), each in a process of its own; write the store's graph to ``graph_file``."""
    import pyoxigraph as ox

    from kg.store.store import GRAPH_FOLDER

    originals, per_article = extract_originals()
    per_copy = len(build_documents(originals).quads)
    copies = max(1, round(quads / per_copy))
    print(
        f"{len(originals)} dev articles and seeds: {per_copy} quads; {copies} copies, {copies * len(originals)} articles"
    )
    print(f"extraction (spaCy and kg's reading): {per_article * 1000:.0f} ms an article")
    documents, extra = graph_file.with_name("documents.pkl"), graph_file.with_name("extra.pkl")
    with documents.open("wb") as f:
        for i in range(copies):
            for doc in originals:
                pickle.dump(replicate(doc, i), f, protocol=pickle.HIGHEST_PROTOCOL)
    with extra.open("wb") as f:
        pickle.dump(replicate(originals[0], copies), f, protocol=pickle.HIGHEST_PROTOCOL)
    if streamed:
        done = child("stream", graph_file.with_name("streamed.nq"), documents)
        print(
            f"kg build --stream of the same documents (no store): {done['seconds']:.1f} s, peak {done['peak']:.0f} MB"
        )
        graph_file.with_name("streamed.nq").unlink()
    done = child("load", store, documents)
    print(f"load into a new store: {done['seconds']:.1f} s for {done['added']:,} quads, peak {done['peak']:.0f} MB")
    print(
        f"  with extraction, kg load of these articles: about {done['seconds'] + per_article * copies * len(originals):.0f} s"
    )
    done = child("load", store, extra)
    print(f"one more article into the full store: {done['seconds']:.1f} s, peak {done['peak']:.0f} MB", end="")
    print(f" (+{done['added']} -{done['deleted']} quads)")
    done = child("remove", store, extra)
    print(f"that article removed again: {done['seconds']:.1f} s, peak {done['peak']:.0f} MB", end="")
    print(f" (+{done['added']} -{done['deleted']} quads)")
    done = child("load", store, extra)
    print(f"and loaded again: {done['seconds']:.1f} s, peak {done['peak']:.0f} MB")
    ox.Store.read_only(str(store / GRAPH_FOLDER)).dump(graph_file, format=ox.RdfFormat.N_QUADS)
    print(f"store on disk: {size_mb(store):.0f} MB   N-Quads file: {size_mb(graph_file):.0f} MB")


def child(action: str, store: Path, documents: Path) -> dict[str, float]:
    """Run ``action`` (load or remove; stream: a streamed build into the file ``store``) on
    ``store`` with the pickled ``documents`` in a new process: its seconds, peak memory (MB)
    and the quads it added and deleted."""
    command = [sys.executable, __file__, "--child", action, str(store), str(documents)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def run_child(action: str, store: Path, documents: Path) -> None:
    """The child of ``child``: the documents are read from their file as the load needs them."""
    from kg.store import load_documents, remove
    from kg.stream import build_streamed

    def stream() -> Iterator[Document]:
        with documents.open("rb") as f:
            while True:
                try:
                    yield pickle.load(f)
                except EOFError:
                    return

    start = time.perf_counter()
    if action == "stream":
        build_streamed(stream(), store)
        added = deleted = 0
    else:
        change = (
            load_documents(store, stream()) if action == "load" else remove(store, [d.article.id for d in stream()])
        )
        added, deleted = change.added, change.deleted
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak": peak_rss_mb(), "added": added, "deleted": deleted}))


if __name__ == "__main__":
    main()
