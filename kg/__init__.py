"""kg: news articles in, a validated RDF knowledge graph out.

The data flow, one stage a package or module:

    inputs ──ingest/──▶ Article ──nlp/──▶ Document (entities, events of one article)
           ──merge.py──▶ KnowledgeBase ──link/──▶ linked KnowledgeBase
           ──rdf/mapping──▶ rdflib Dataset ──validate.py──▶ validated graph
           ──rdf/serialize──▶ .ttl .jsonld .nt .nq .trig      store/ ──▶ SPARQL answers
"""

__version__ = "0.1.0"
