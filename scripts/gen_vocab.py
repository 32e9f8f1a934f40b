"""Regenerate kg/rdf/vocab.py from the ontology, so code can only use terms it defines.

    python scripts/gen_vocab.py           # rewrite kg/rdf/vocab.py
    python scripts/gen_vocab.py --check   # exit 1 if vocab.py is out of date

tests/test_vocab.py runs the same rendering and compares it with the committed file.
"""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef

KG_NS = "https://w3id.org/newskg/ontology#"
VOCAB_PY = Path(__file__).resolve().parent.parent / "kg" / "rdf" / "vocab.py"

_CLASS_TYPES = (OWL.Class,)
_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

_HEADER = '''\
"""The kg ontology terms as a closed namespace: a misspelt term is an AttributeError.

Generated from ontology/kg.ttl by scripts/gen_vocab.py; tests/test_vocab.py checks they agree.
Do not edit by hand: edit the ontology and run `python scripts/gen_vocab.py`.
"""

import functools

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace


@functools.cache  # on the hot path of mapping; only found terms are kept
def term(name: str) -> URIRef:
    """The kg: term ``name``: one the shipped ontology defines (``KG``), or one that the
    ontology of a registered event type declares (kg.registry); any other is an error."""
    try:
        return KG[name]
    except AttributeError:
        from kg.registry import declared_terms

        if name in declared_terms():
            return URIRef(str(KG._NS) + name)
        raise


class KG(DefinedNamespace):
    _NS = Namespace("{ns}")
    _fail = True
'''


def load_ontology() -> Graph:
    """The shipped ontology (kg.ontology/kg.ttl) as a graph."""
    return Graph().parse(files("kg.ontology").joinpath("kg.ttl").read_bytes(), format="turtle")


def kg_terms(ontology: Graph, types: tuple[URIRef, ...]) -> list[URIRef]:
    """The kg: terms declared with one of ``types``, sorted by local name."""
    found = {s for t in types for s in ontology.subjects(RDF.type, t) if isinstance(s, URIRef)}
    return sorted((s for s in found if str(s).startswith(KG_NS)), key=str)


def _term_line(ontology: Graph, term: URIRef) -> str:
    label = ontology.value(term, RDFS.label)
    if label is None:
        raise ValueError(f"ontology/kg.ttl: {term} has no rdfs:label")
    return f"    {term[len(KG_NS) :]}: URIRef  # {label}"


def render(ontology: Graph) -> str:
    """The source of kg/rdf/vocab.py for ``ontology``."""
    lines = [_HEADER.format(ns=KG_NS), "    # classes"]
    lines += [_term_line(ontology, t) for t in kg_terms(ontology, _CLASS_TYPES)]
    lines.append("")
    lines.append("    # properties")
    lines += [_term_line(ontology, t) for t in kg_terms(ontology, _PROPERTY_TYPES)]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    source = render(load_ontology())
    if "--check" in argv:
        current = VOCAB_PY.read_text(encoding="utf-8") if VOCAB_PY.exists() else ""
        if current != source:
            print(f"{VOCAB_PY} is out of date: run python scripts/gen_vocab.py", file=sys.stderr)
            return 1
        return 0
    VOCAB_PY.write_text(source, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
