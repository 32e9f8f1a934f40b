"""How long SHACL validation takes on a build-sized graph.

    python bench/validate_speed.py [--events 2000] [--entities 3000] [--articles 200]

Builds a synthetic Dataset shaped like kg's output (one named graph per article, Wikidata
links in the default graph), then times:

- ``kg.validation.validate`` (shapes target every concrete class; no inference, no ontology),
- pySHACL with the ontology mixed in as ont_graph (inference "none", then "rdfs"), the
  alternative kg.validation rejects: slower, and with "rdfs" the inferred superclass types
  make the conforming graph fail the role type checks,
- ``kg.validation.prune`` after breaking 1% of the entities (each cascades to its events).
"""

from __future__ import annotations

import argparse
import functools
import random
import time
from collections.abc import Callable
from decimal import Decimal
from importlib.resources import files
from typing import TypeVar

from rdflib import OWL, RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, SDO, SKOS

from kg.model import EntityKey, EntityType, EventKey, Evidence
from kg.rdf.iris import article_iri, entity_iri, event_iri, evidence_iri, wikidata_iri
from kg.rdf.vocab import KG
from kg.registry import event_types
from kg.validation import prune, shapes_graph, validate

T = TypeVar("T")

ENTITY_TYPES = tuple(t.value for t in EntityType)


def _count(role) -> int:
    """How many values a role gets: what the type's completeness rule asks of it alone."""
    return max((r.at_least for r in role_type(role).requires if r.roles == (role,)), default=1)


def role_type(role):
    return next(t for t in event_types() if role in t.roles)


def build(n_events: int, n_entities: int, n_articles: int, seed: int = 7) -> Dataset:
    rng = random.Random(seed)
    ds = Dataset()
    articles = [article_iri(f"bench-{i}") for i in range(n_articles)]
    for i, art in enumerate(articles):
        g = ds.graph(art)
        g.add((art, RDF.type, KG.Article))
        g.add((art, SDO.headline, Literal(f"Headline {i}")))
        g.add((art, SDO.datePublished, Literal("2025-09-03", datatype=XSD.date)))
        g.add((art, SDO.url, Literal(f"https://example.org/{i}", datatype=XSD.anyURI)))
    by_type: dict[str, list[URIRef]] = {t: [] for t in ENTITY_TYPES}
    for i in range(n_entities):
        etype = ENTITY_TYPES[i % len(ENTITY_TYPES)]
        node, art = entity_iri(EntityKey(EntityType(etype), f"entity {i}")), rng.choice(articles)
        g = ds.graph(art)
        g.add((node, RDF.type, KG[etype]))
        g.add((node, RDFS.label, Literal(f"Entity {i}")))
        g.add((node, SKOS.altLabel, Literal(f"E{i}")))
        g.add((node, PROV.wasDerivedFrom, art))
        if i % 2 == 0:
            ds.add((node, OWL.sameAs, wikidata_iri(f"Q{i + 1}")))
            ds.add((node, KG.linkConfidence, Literal(Decimal("0.9"))))
        by_type[etype].append(node)
    types = event_types()
    for i in range(n_events):
        etype = types[i % len(types)]
        node, art = event_iri(EventKey(etype.name, "bench", i)), rng.choice(articles)
        g = ds.graph(art)
        g.add((node, RDF.type, KG[etype.value]))
        g.add((node, RDFS.label, Literal(f"{etype.value} {i}")))
        g.add((node, KG.date, Literal("2025-09", datatype=XSD.gYearMonth)))
        g.add((node, KG.cameoCode, Literal("040")))
        g.add((node, KG.trigger, Literal("meet")))
        g.add((node, PROV.wasDerivedFrom, art))
        for role in etype.roles:
            fillers = [e for t in sorted(role.accepts) for e in by_type[t.value]]
            for filler in rng.sample(fillers, _count(role)):
                g.add((node, KG[role.term], filler))
        evidence = evidence_iri(Evidence(art.rpartition("/")[2], "text", 10 * i, 10 * i + 9))
        g.add((node, KG.evidence, evidence))
        g.add((evidence, RDF.type, KG.Evidence))
        g.add((evidence, KG.sentence, Literal(f"Sentence {i}.")))
        g.add((evidence, KG.startOffset, Literal(10 * i)))
        g.add((evidence, KG.endOffset, Literal(10 * i + 9)))
        g.add((evidence, PROV.wasDerivedFrom, art))
    return ds


def timed(label: str, func: Callable[[], T], repeat: int) -> T:
    """Run ``func`` ``repeat`` times; print the best wall-clock and CPU times.

    CPU time is the steadier figure on a shared machine.
    """
    wall, cpu = float("inf"), float("inf")
    for _ in range(repeat):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        result = func()
        wall = min(wall, time.perf_counter() - start_wall)
        cpu = min(cpu, time.process_time() - start_cpu)
    print(f"{label:<52} wall {wall:6.2f} s   cpu {cpu:6.2f} s")
    return result


def pyshacl_with_ontology(ds: Dataset, ontology: Graph, inference: str) -> bool:
    from pyshacl import validate as shacl_validate

    default_union = ds.default_union  # pySHACL switches it on
    conforms, _, _ = shacl_validate(ds, shacl_graph=shapes_graph(), ont_graph=ontology, inference=inference)
    ds.default_union = default_union
    return bool(conforms)


def break_entities(ds: Dataset, share: float) -> int:
    """Give a share of the entities a second rdfs:label, so they violate their shape."""
    entities = sorted({s for t in ENTITY_TYPES for s, _, _, _ in ds.quads((None, RDF.type, KG[t], None))})
    broken = entities[:: round(1 / share)]
    for node in broken:
        ds.add((node, RDFS.label, Literal("Second label")))
    return len(broken)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--entities", type=int, default=3000)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    ds = timed("build synthetic dataset", lambda: build(args.events, args.entities, args.articles), 1)
    print(f"{len(ds)} triples, {args.events} events, {args.entities} entities")
    shapes_graph()  # parse the shapes once, as a build does
    report = timed("kg.validation.validate (no ontology, no inference)", lambda: validate(ds), args.repeat)
    print(f"  conforms: {report.conforms}")
    ontology = Graph().parse(files("kg.ontology").joinpath("kg.ttl").read_bytes(), format="turtle")
    for inference in ("none", "rdfs"):
        label = f"pySHACL + ont_graph, inference {inference}"
        run = functools.partial(pyshacl_with_ontology, ds, ontology, inference)
        conforms = timed(label, run, 1)
        print(f"  conforms: {conforms}")

    broken = break_entities(ds, 0.01)
    report = validate(ds)
    print(f"broke {broken} entities: {len(report.violations)} violations")
    removed = timed("kg.validation.prune (cascading)", lambda: prune(ds, report), 1)
    print(f"  removed {removed} nodes; conforms after: {validate(ds).conforms}")


if __name__ == "__main__":
    main()
