"""Speed of the RDF stage at scale: mapping, writing, querying; baselines in the same run.

    python bench/serialize_speed.py [--articles 10000] [--entities 8] [--events 6]
                                    [--subset 500] [--timeout 60]

Builds a synthetic KnowledgeBase (ARTICLES articles, each naming ENTITIES entities drawn
from a shared pool and reporting EVENTS events, one in ten of them also reported by another
article), then times:

- ``to_quads`` (what ``kg build`` maps to), ``union_graph`` (what it validates) and
  ``dataset_of`` (the rdflib Dataset a library caller may ask for);
- ``write`` of the quads to .ttl .nt .nq .trig .jsonld (kg.rdf.ntriples, then pyoxigraph / our
  JSON-LD writer), N-Quads against pyoxigraph's own writer on the same quads, and against rdflib's
  own Turtle, TriG and JSON-LD (with kg's context) serializers on the same data (each run in
  a child process, given up after TIMEOUT seconds);
- ``load_store`` and the ready queries (queries/*.rq) through pyoxigraph on the whole
  graph, and pyoxigraph against rdflib's SPARQL engine on the first SUBSET articles.

Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import multiprocessing
import os
import random
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal

from kg.events import STATEMENT, TREATY_SIGNING
from kg.model import (
    Article,
    Entity,
    EntityType,
    Event,
    EventKey,
    Evidence,
    KnowledgeBase,
    TimeValue,
    entity_key,
)
from kg.rdf.jsonld import context
from kg.rdf.mapping import dataset_of, to_quads, union_graph
from kg.rdf.serialize import write
from kg.registry import event_types
from kg.store.query import QUERY_PREFIXES, load_store, run_query

QUERIES = Path(__file__).resolve().parent.parent / "queries"
FIRST = ["Anna", "Boris", "Chen", "Dilnoza", "Emeka", "Farah", "Gustavo", "Hana", "Ivan", "Jae-won"]
LAST = ["Petrova", "Okafor", "Li", "Haddad", "Silva", "Kim", "Novak", "Tanaka", "Mendes", "Rahimi"]


def synthetic_kb(n_articles: int, per_article: int, events_per_article: int, seed: int = 7) -> KnowledgeBase:
    rng = random.Random(seed)
    pool = _entity_pool(max(50, n_articles * per_article // 4), rng)
    articles: list[Article] = []
    events: dict[str, Event] = {}
    keys: list[str] = []  # events' keys, to pick one to report again
    sources: dict[str, set[str]] = defaultdict(set)
    for i in range(n_articles):
        article = Article(
            id=f"{i:016x}",
            text="",
            origin=f"synthetic:{i}",
            title=f"Talks on the border crisis, day {i}: “what next?”",
            source=rng.choice(["Example Wire", "Ledger", "RT", "Al-Manar", "TPA"]),
            published=dt.date(2024, 1, 1) + dt.timedelta(days=i % 700),
            url=f"https://example.org/news/{i}",
        )
        articles.append(article)
        named = rng.sample(pool, per_article)
        for entity in named:
            sources[entity.key].add(article.id)
        for j in range(events_per_article):
            if keys and rng.random() < 0.1:  # an earlier article's event, reported again here
                earlier = events[rng.choice(keys)]
                event = replace(earlier, evidence=(*earlier.evidence, _evidence(article, j)))
                for role_keys in dict(event.roles).values():
                    sources.update({key: sources[key] | {article.id} for key in role_keys})
            else:
                event = _event(article, named, j, rng)
                keys.append(event.key)
            events[event.key] = event
    entities = tuple(replace(e, sources=frozenset(sources[e.key])) for e in pool if sources[e.key])
    return KnowledgeBase(tuple(articles), entities, tuple(events.values()))


def _entity_pool(size: int, rng: random.Random) -> list[Entity]:
    pool = []
    for i in range(size):
        type_ = rng.choice(list(EntityType))
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}" if type_ is EntityType.PERSON else f"{type_.value} {i}"
        qid = f"Q{1000 + i}" if rng.random() < 0.5 else None
        pool.append(
            Entity(
                entity_key(type_, name),
                type_,
                name,
                frozenset({name.split()[0]}),
                wikidata=qid,
                link_confidence=rng.random() if qid else None,
            )
        )
    return pool


def _event(article: Article, named: list[Entity], j: int, rng: random.Random) -> Event:
    type_ = rng.choice(event_types())
    roles = {role: [rng.choice(named).key] for role in type_.roles}
    date = rng.choice([TimeValue("2024-06-19"), TimeValue("2024-06"), TimeValue("2024"), None])
    return Event(
        key=EventKey(type_.name, article.id, j),
        type=type_,
        roles=Event.make_roles(roles),
        evidence=(_evidence(article, j),),
        date=date,
        cameo=type_.cameo,
        trigger="meet",
        treaty="Treaty of Example" if type_ is TREATY_SIGNING else None,
        quote="We will help “in any way we can”" if type_ is STATEMENT else None,
        optional=rng.random() < 0.1,
    )


def _evidence(article: Article, j: int) -> Evidence:
    start = 100 * j
    return Evidence(article.id, f'Sentence {j} of article {article.id}, with "quotes".', start, start + 60)


def timed(label: str, action: Callable[[], object], note: Callable[[], str] = str) -> tuple[float, object]:
    start = time.perf_counter()
    value = action()
    seconds = time.perf_counter() - start
    print(f"  {label:<44} {seconds:8.2f} s  {note()}")
    return seconds, value


def _child(action: Callable[[], object], queue: multiprocessing.Queue) -> None:
    start = time.perf_counter()
    try:
        action()
    except Exception as exc:  # reported by the parent as this baseline's outcome
        queue.put(f"failed: {type(exc).__name__}: {exc}")
        return
    queue.put(time.perf_counter() - start)


def timed_with_limit(label: str, action: Callable[[], object], limit: float) -> float | None:
    """Time ``action`` in a forked child (it sees the parent's data); None after ``limit`` s."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_child, args=(action, queue))
    process.start()
    process.join(limit)
    if process.is_alive():
        process.kill()
        process.join()
        print(f"  {label:<44} > {limit:.0f} s (stopped)")
        return None
    outcome = queue.get()
    if isinstance(outcome, str):
        print(f"  {label:<44} {outcome[:200]}")
        return None
    print(f"  {label:<44} {outcome:8.2f} s")
    return outcome


def ratio(baseline: float | None, ours: float, limit: float) -> str:
    """How many times slower the baseline was (a lower bound when it was stopped)."""
    return f"{baseline / ours:,.1f}x" if baseline else f"> {limit / ours:,.1f}x (or failed)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--entities", type=int, default=8, help="entities named per article")
    parser.add_argument("--events", type=int, default=6, help="events reported per article")
    parser.add_argument("--subset", type=int, default=500, help="articles for the rdflib SPARQL comparison")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before an rdflib baseline stops")
    args = parser.parse_args()

    kb = synthetic_kb(args.articles, args.entities, args.events)
    subset = KnowledgeBase(kb.articles[: args.subset], *_supported(kb, args.subset))
    print(f"knowledge base: {len(kb.articles)} articles, {len(kb.entities)} entities, {len(kb.events)} events")
    folder = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    bench_writes(kb, folder, args.timeout)
    del kb
    gc.collect()  # the big dataset is gone; later timings should not pay for scanning it
    bench_queries(folder / "graph.nq", subset, args.timeout)


def bench_writes(kb: KnowledgeBase, folder: Path, limit: float) -> None:
    print("mapping")
    _, quads = timed("to_quads", lambda: to_quads(kb))
    _, union = timed("union_graph (validated; the rdflib baselines' graph)", lambda: union_graph(quads))
    _, dataset = timed("dataset_of (the rdflib baselines' dataset)", lambda: dataset_of(quads))
    print(f"  {len(quads):,} quads, {len(union):,} distinct triples")
    print("writing the quads (pyoxigraph; JSON-LD by kg)")
    ours = {}
    for extension in (".ttl", ".nt", ".nq", ".trig", ".jsonld"):
        path = folder / f"graph{extension}"
        ours[extension], _ = timed(
            f"write {extension}", lambda path=path: write(quads, path), lambda path=path: _size(path)
        )
    native_quads = _oxigraph_quads(quads)
    native, _ = timed(
        "pyoxigraph's own N-Quads writer, same quads",
        lambda: ox.serialize(native_quads, format=ox.RdfFormat.N_QUADS),
    )
    native_quads.clear()
    print(f"  N-Quads: kg / pyoxigraph = {ours['.nq'] / native:.2f}x (kg also sorts and deduplicates)")
    print(f"rdflib serializers on the same data (stopped after {limit:.0f} s)")
    turtle = timed_with_limit(
        "rdflib Turtle (union graph)", lambda: union.serialize(os.devnull, format="turtle"), limit
    )
    trig = timed_with_limit("rdflib TriG (dataset)", lambda: dataset.serialize(os.devnull, format="trig"), limit)
    jsonld = timed_with_limit(
        "rdflib JSON-LD, kg context (union graph)",
        lambda: union.serialize(os.devnull, format="json-ld", context=context()),
        limit,
    )
    print(
        f"  Turtle: rdflib / kg = {ratio(turtle, ours['.ttl'], limit)}; "
        f"TriG: rdflib / kg = {ratio(trig, ours['.trig'], limit)}; "
        f"JSON-LD: rdflib / kg = {ratio(jsonld, ours['.jsonld'], limit)}"
    )


def bench_queries(graph: Path, subset: KnowledgeBase, limit: float) -> None:
    queries = {path.name: path.read_text(encoding="utf-8") for path in sorted(QUERIES.glob("*.rq"))}
    print(f"queries on the whole graph (pyoxigraph, from {graph})")
    _, store = timed(f"load_store {graph.suffix}", lambda: load_store(graph))
    for name, text in queries.items():
        timed(name, lambda text=text: run_query(store, text))

    quads = to_quads(subset)
    small = union_graph(quads)
    path = graph.with_name("subset.ttl")
    write(quads, path)
    store = load_store(path)
    print(f"queries on {len(subset.articles)} articles ({len(small):,} triples): pyoxigraph vs rdflib")
    declared = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in QUERY_PREFIXES.items())
    for name, text in queries.items():
        ox_seconds, _ = timed(f"{name} pyoxigraph", lambda text=text: run_query(store, text))
        rdflib_seconds = timed_with_limit(f"{name} rdflib", lambda text=text: list(small.query(declared + text)), limit)
        print(f"  {'':<44} rdflib / pyoxigraph = {ratio(rdflib_seconds, max(ox_seconds, 1e-4), limit)}")


def _oxigraph_quads(quads: list) -> list[ox.Quad]:
    """The quads as pyoxigraph terms (made untimed: the baseline is the writer alone)."""

    def term(node):
        if node is None:
            return ox.DefaultGraph()
        if isinstance(node, Literal):
            if node.language:
                return ox.Literal(str(node), language=node.language)
            return (
                ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
                if node.datatype
                else ox.Literal(str(node))
            )
        return ox.NamedNode(str(node))

    return [ox.Quad(term(s), term(p), term(o), term(g)) for s, p, o, g in quads]


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:8.1f} MB"


def _supported(kb: KnowledgeBase, n: int) -> tuple[tuple[Entity, ...], tuple[Event, ...]]:
    """The entities and events the first ``n`` articles support, restricted to them."""
    kept = {a.id for a in kb.articles[:n]}
    entities = tuple(replace(e, sources=e.sources & kept) for e in kb.entities if e.sources & kept)
    events = tuple(
        replace(e, evidence=tuple(x for x in e.evidence if x.article_id in kept)) for e in kb.events if e.sources & kept
    )
    return entities, events


if __name__ == "__main__":
    main()
