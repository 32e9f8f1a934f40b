"""The kg OWL ontology (kg.ttl), shipped as package data."""
