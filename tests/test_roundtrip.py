"""Property tests: the dataset does not depend on input order, and Turtle, JSON-LD and TriG
read back isomorphic to what was written, for generated knowledge bases with awkward names
(unicode, quotes, backslashes, newlines, control characters), dates of all three precisions and evidence."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from samples import union

from kg.events import STATEMENT, TREATY_SIGNING
from kg.model import (
    Article,
    Entity,
    EntityKey,
    EntityType,
    Event,
    EventKey,
    Evidence,
    KnowledgeBase,
    TimeValue,
    entity_key,
)
from kg.rdf.mapping import to_dataset
from kg.rdf.serialize import serialize
from kg.registry import event_types

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Names as news text has them, plus what breaks naive writers: quotes, backslashes, newlines,
# control characters, accents, scripts other than Latin, emoji.
awkward_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("\"'\\\n\r\t{}@#:;,.<>“”’ -")),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    min_size=1,
    max_size=30,
)
time_values = st.one_of(
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(lambda d: TimeValue(d.isoformat())),
    st.tuples(st.integers(1900, 2100), st.integers(1, 12)).map(lambda ym: TimeValue.of(*ym)),
    st.integers(1900, 2100).map(TimeValue.of),
)


@st.composite
def knowledge_bases(draw) -> KnowledgeBase:
    article_ids = draw(
        st.lists(st.text("0123456789abcdef", min_size=16, max_size=16), min_size=1, max_size=3, unique=True)
    )
    articles = tuple(
        Article(
            id=article_id,
            text="",
            origin=f"generated:{article_id}",
            title=draw(st.none() | awkward_text),
            source=draw(st.none() | awkward_text),
            published=draw(st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))),
            url=draw(st.none() | st.just(f"https://example.org/news/{article_id}?a=1&b=2")),
            author=draw(st.none() | awkward_text),
        )
        for article_id in article_ids
    )
    sources = st.frozensets(st.sampled_from(article_ids), min_size=1)
    entities: dict[str, Entity] = {}
    for _ in range(draw(st.integers(1, 6))):
        type_ = draw(st.sampled_from(EntityType))
        name = draw(awkward_text)
        qid = draw(st.none() | st.integers(1, 10**8).map(lambda n: f"Q{n}"))
        entities.setdefault(
            entity_key(type_, name),
            Entity(
                key=entity_key(type_, name),
                type=type_,
                name=name,
                aliases=draw(st.frozensets(awkward_text, max_size=3)),
                sources=draw(sources),
                wikidata=qid,
                link_confidence=draw(st.floats(0, 1)) if qid else None,
            ),
        )
    events = [draw(events_of(list(entities), article_ids)) for _ in range(draw(st.integers(0, 5)))]
    events = list({event.key: event for event in events}.values())
    claims = [event.key for event in events if event.type is STATEMENT]
    if claims and events:
        claimed_in = tuple(draw(st.lists(st.sampled_from(claims), max_size=2, unique=True)))
        events[0] = dataclasses.replace(events[0], claimed_in=claimed_in)
    return KnowledgeBase(articles, tuple(entities.values()), tuple(events))


@st.composite
def events_of(draw, entity_keys: list[EntityKey], article_ids: list[str]) -> Event:
    type_ = draw(st.sampled_from(event_types()))
    roles = {role: draw(st.lists(st.sampled_from(entity_keys), max_size=2)) for role in type_.roles}
    evidence = tuple(
        Evidence(draw(st.sampled_from(article_ids)), draw(awkward_text), start, start + draw(st.integers(1, 400)))
        for start in draw(st.lists(st.integers(0, 5000), min_size=1, max_size=3, unique=True))
    )
    return Event(
        key=EventKey(type_.name, draw(st.sampled_from(article_ids)), draw(st.integers(0, 10**6))),
        type=type_,
        roles=Event.make_roles(roles),
        evidence=evidence,
        date=draw(st.none() | time_values),
        cameo=type_.cameo,
        treaty=draw(st.none() | awkward_text) if type_ is TREATY_SIGNING else None,
        quote=draw(st.none() | awkward_text) if type_ is STATEMENT else None,
        trigger=draw(st.sampled_from(["meet", "sign", "deploy", "attack", "say", ""])),
        optional=draw(st.booleans()),
    )


@PROPERTY
@given(knowledge_bases(), st.randoms(use_true_random=False))
def test_order_does_not_matter(kb, random):
    shuffled = KnowledgeBase(
        *(tuple(random.sample(items, len(items))) for items in (kb.articles, kb.entities, kb.events))
    )
    original, permuted = to_dataset(kb), to_dataset(shuffled)
    assert set(permuted.quads((None, None, None, None))) == set(original.quads((None, None, None, None)))
    for fmt in ("turtle", "trig", "json-ld"):
        assert serialize(permuted, fmt) == serialize(original, fmt)


@PROPERTY
@given(knowledge_bases())
def test_turtle_and_jsonld_round_trip(kb):
    dataset = to_dataset(kb)
    expected = union(dataset)
    for fmt in ("turtle", "json-ld"):
        read = Graph().parse(data=serialize(dataset, fmt), format=fmt)
        assert isomorphic(read, expected), fmt


@PROPERTY
@given(knowledge_bases())
def test_trig_round_trip_keeps_each_graph(kb):
    dataset = to_dataset(kb)
    read = Dataset().parse(data=serialize(dataset, "trig"), format="trig")
    assert set(read.quads((None, None, None, None))) == set(dataset.quads((None, None, None, None)))
