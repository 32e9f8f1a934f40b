"""kg.pipeline: what a build hands back when part of its graph violates the shapes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib

import pytest
from rdflib import URIRef
from samples import KIM, PUTIN, sample_kb, union

from kg.errors import ValidationError
from kg.events import MEETING, MeetingRole
from kg.model import Article, EntityType, KnowledgeBase, entity_key
from kg.options import BuildOptions
from kg.pipeline import build_articles
from kg.rdf import iris
from kg.rdf.mapping import dataset_of, to_quads
from kg.rdf.vocab import KG

GHOST = entity_key(EntityType.PERSON, "Nobody Known")  # an entity key no entity has


def _kb_with_a_dangling_role() -> KnowledgeBase:
    """The sample knowledge base whose meeting also names a participant it never describes."""
    kb = sample_kb()
    meeting = next(e for e in kb.events if e.type is MEETING)
    roles = {role: list(keys) for role, keys in meeting.roles}
    roles[MeetingRole.PARTICIPANT].append(GHOST)
    broken = dataclasses.replace(meeting, roles=type(meeting).make_roles(roles))
    events = tuple(broken if e is meeting else e for e in kb.events)
    return KnowledgeBase(kb.articles, kb.entities, events)


def _stub_nlp_and_merge(monkeypatch, kb: KnowledgeBase) -> None:
    """Make the build skip parsing and take ``kb`` as the merged knowledge base (the stage
    modules are patched, where the build imports the stages from)."""
    monkeypatch.setattr(importlib.import_module("kg.nlp"), "extract", lambda articles, options: [])
    monkeypatch.setattr(importlib.import_module("kg.merging"), "merge", lambda documents: kb)


@pytest.fixture
def built(monkeypatch):
    """A build of the broken knowledge base."""
    kb = _kb_with_a_dangling_role()
    _stub_nlp_and_merge(monkeypatch, kb)
    return kb, build_articles(kb.articles, BuildOptions())


def test_violating_nodes_leave_the_quads_the_graph_and_the_dataset(built):
    kb, result = built
    meeting = iris.event_iri(next(e for e in kb.events if e.type is MEETING))
    ghost = iris.entity_iri(GHOST)
    assert [v.focus for v in result.report.violations] == [str(ghost)]
    assert result.removed == 1
    for s, _, o, _ in result.quads:
        assert ghost not in (s, o)
    # the meeting keeps its two described participants, in the merged (default) graph
    participants = {(q[2], q[3]) for q in result.quads if q[:2] == (meeting, KG.participant)}
    assert {p for p, _ in participants} == {iris.entity_iri(KIM), iris.entity_iri(PUTIN)}
    assert {g for _, g in participants} == {None}
    assert set(result.graph) == {q[:3] for q in result.quads}
    assert set(union(result.dataset)) == set(result.graph)
    untouched = [q for q in to_quads(kb) if ghost not in (q[0], q[2])]
    assert set(untouched) == set(result.quads) and len(untouched) == len(result.quads)


def test_the_union_graph_conforms_after_pruning(built):
    from kg.validation import validate

    _, result = built
    assert validate(result.graph).conforms
    assert validate(dataset_of(result.quads)).conforms


def test_strict_build_refuses_the_graph(monkeypatch):
    kb = _kb_with_a_dangling_role()
    _stub_nlp_and_merge(monkeypatch, kb)
    with pytest.raises(ValidationError, match=str(URIRef(iris.entity_iri(GHOST)))):
        build_articles(kb.articles, BuildOptions(strict=True))


def test_states_named_only_by_their_leaders_titles_are_the_parties_they_signed_for():
    from kg.validation import validate

    text = "Russian President Vladimir Putin and Chinese President Xi Jinping signed a joint statement on Tuesday."
    article = Article(id="pact", text=text, origin="test", published=dt.date(2023, 3, 22))
    result = build_articles([article], BuildOptions())
    signing = next(e for e in result.kb.events if e.type.name == "TreatySigning")
    assert {k.name for k in signing.role("party")} == {"russia", "china"}
    assert {e.name for e in result.kb.entities} == {"Russia", "China", "Vladimir Putin", "Xi Jinping"}
    assert not {a for e in result.kb.entities for a in e.aliases} & {"Russian", "Chinese"}  # no bare demonym
    assert validate(result.graph).conforms
