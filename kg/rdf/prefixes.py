"""kg's namespaces and prefixes as plain strings: importing them loads no rdflib, so that
``kg query --store`` starts in a blink (the query itself takes milliseconds on a store).

kg.rdf.iris mints IRIs in these namespaces; kg.rdf.mapping binds ``PREFIXES`` in every graph
it writes; kg.store.query predeclares them (and a few more) in every query.
"""

from __future__ import annotations

from collections.abc import Mapping

KG = "https://w3id.org/newskg/ontology#"  # kg.rdf.vocab.KG (tests/test_vocab.py checks they agree)
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"

BASE = "https://w3id.org/newskg/id/"
#: One namespace per kind of instance (a fixed handful, never one per article), so that
#: Turtle can write ``person:vladimir-putin`` instead of an escaped ``kgr:person\\/…``.
KINDS = ("article", "country", "event", "evidence", "organization", "person", "place")
NAMESPACES = {kind: f"{BASE}{kind}/" for kind in KINDS}
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"

#: The prefixes bound in every graph kg writes: the vocabularies, the instance base and one
#: per kind of instance — a fixed set, never one per article (many namespaces make Turtle
#: writers slow and the output no easier to read).
PREFIXES: Mapping[str, str] = {
    "kg": KG,
    "schema": SCHEMA,
    "prov": PROV,
    "skos": SKOS,
    "owl": OWL,
    "rdfs": RDFS,
    "xsd": XSD,
    "kgr": BASE,
    **NAMESPACES,
}
