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
    _NS = Namespace("https://w3id.org/newskg/ontology#")
    _fail = True

    # classes
    Article: URIRef  # article
    Country: URIRef  # country
    Entity: URIRef  # entity
    Event: URIRef  # event
    Evidence: URIRef  # evidence
    Meeting: URIRef  # meeting
    MilitaryDeployment: URIRef  # military deployment
    MilitaryOperation: URIRef  # military operation
    Organization: URIRef  # organization
    Person: URIRef  # person
    Place: URIRef  # place
    Statement: URIRef  # statement
    TreatySigning: URIRef  # treaty signing

    # properties
    addressee: URIRef  # addressee
    attacker: URIRef  # attacker
    cameoCode: URIRef  # CAMEO code
    claimedIn: URIRef  # claimed in
    date: URIRef  # date
    deployedBy: URIRef  # deployed by
    destination: URIRef  # destination
    endOffset: URIRef  # end offset
    evidence: URIRef  # evidence
    inSupportOf: URIRef  # in support of
    involves: URIRef  # involves
    linkConfidence: URIRef  # link confidence
    optional: URIRef  # optional
    participant: URIRef  # participant
    party: URIRef  # party
    place: URIRef  # place
    quote: URIRef  # quote
    sentence: URIRef  # sentence
    signatory: URIRef  # signatory
    speaker: URIRef  # speaker
    startOffset: URIRef  # start offset
    target: URIRef  # target
    treaty: URIRef  # treaty
    trigger: URIRef  # trigger
