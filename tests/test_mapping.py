"""kg.rdf.mapping: a KnowledgeBase becomes the documented named-graph dataset.

``sample_kb`` (also used by test_serialize, test_query and test_roundtrip) is built by hand
from the seed articles (Kim–Putin meeting in Beijing reported by two outlets, the June 2024
treaty, the Kursk incursion and deployment, Kim's quoted statement, Russia's claim) and the
New START dev article; evidence offsets are located in the real article texts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.model import (
    CAMEO,
    Article,
    Entity,
    EntityType,
    Event,
    EventType,
    Evidence,
    KnowledgeBase,
    TimeValue,
    entity_key,
)
from kg.rdf import iris
from kg.rdf.mapping import SCHEMA, to_dataset
from kg.rdf.vocab import KG

ROOT = Path(__file__).resolve().parents[1]

P, C, PL = EntityType.PERSON, EntityType.COUNTRY, EntityType.PLACE
KIM, PUTIN = entity_key(P, "Kim Jong-un"), entity_key(P, "Vladimir Putin")
OBAMA, MEDVEDEV = entity_key(P, "Barack Obama"), entity_key(P, "Dmitry Medvedev")
NK, RUSSIA, UKRAINE, US = (entity_key(C, n) for n in ("North Korea", "Russia", "Ukraine", "United States"))
BEIJING, KURSK, PRAGUE = (entity_key(PL, n) for n in ("Beijing", "Kursk Oblast", "Prague"))


def _body(path: Path) -> str:
    """The article text after any YAML front matter."""
    text = path.read_text(encoding="utf-8")
    return text.split("---\n", 2)[2] if text.startswith("---\n") else text


def _articles() -> tuple[Article, Article, Article]:
    almanar = Article(
        id="3c56d13821ab7143",
        text=_body(ROOT / "seeds/000_3c56d13821ab7143.txt"),
        origin="seeds/000_3c56d13821ab7143.txt",
        title="Kim Reaffirms North Korea’s “Fraternal Duty” to Support Russia",
        published=dt.date(2025, 9, 3),
    )
    rt = Article(
        id="273a97f05537f580",
        text=_body(ROOT / "seeds/001_273a97f05537f580.txt"),
        origin="seeds/001_273a97f05537f580.txt",
        title="Pyongyang previously deployed troops to assist in repelling a Ukrainian incursion",
        source="RT",
        published=dt.date(2025, 9, 3),
        author="RT",
    )
    url = "https://example.org/tpa/2010/04/08/new-start-signed-prague"
    tpa = Article(
        id=iris.digest(url),
        text=_body(ROOT / "dev/articles/d03_new_start_prague.txt"),
        origin="dev/articles/d03_new_start_prague.txt",
        title="Obama and Medvedev sign nuclear arms treaty in Prague",
        source="Transatlantic Press Agency",
        published=dt.date(2010, 4, 8),
        url=url,
    )
    return almanar, rt, tpa


def _evidence(article: Article, words: str) -> Evidence:
    start = article.text.index(words)
    return Evidence(article.id, words, start, start + len(words))


def _entity(type_: EntityType, name: str, aliases: set[str], sources: set[str], qid=None, conf=None):
    return Entity(
        entity_key(type_, name), type_, name, frozenset(aliases), frozenset(sources), qid, conf
    )


def _event(type_: EventType, roles: dict, evidence: list[Evidence], date: str | None, **extra):
    key = f"{type_.value}|{date}|{sorted((r, sorted(k)) for r, k in roles.items())}"
    return Event(
        key=key,
        type=type_,
        roles=Event.make_roles(roles),
        evidence=tuple(evidence),
        date=TimeValue(date) if date else None,
        cameo=CAMEO[type_],
        **extra,
    )


def sample_kb() -> KnowledgeBase:
    a, b, c = _articles()
    ab, abc = {a.id, b.id}, {a.id, b.id, c.id}
    entities = (
        _entity(P, "Kim Jong-un", {"Kim"}, ab, "Q56226", 0.97),
        _entity(P, "Vladimir Putin", {"Putin", "The Russian president"}, abc, "Q7747", 0.9512),
        _entity(P, "Barack Obama", {"Obama"}, {c.id}, "Q76", 1.0),
        _entity(P, "Dmitry Medvedev", {"Medvedev", "The Russian leader"}, {c.id}, "Q23530", 0.88),
        _entity(C, "North Korea", {"Pyongyang", "North Korean", "North Koreans"}, ab, "Q423", 0.99),
        _entity(C, "Russia", {"Moscow", "Russian", "Russia's"}, abc, "Q159", 0.99),
        _entity(C, "Ukraine", {"Kiev", "Ukraine's"}, ab, "Q212", 0.98),
        _entity(C, "United States", {"US", "Washington"}, {c.id}, "Q30", 0.93),
        _entity(PL, "Beijing", set(), ab, "Q956", 0.9),
        _entity(PL, "Kursk Oblast", {"Kursk Region"}, ab),
        _entity(PL, "Prague", set(), {c.id}, "Q1085", 0.91),
    )
    russia_claim = _event(
        EventType.STATEMENT,
        {"speaker": [RUSSIA]},
        [_evidence(a, "By April 2025, Russia declared that Ukrainian forces had been expelled from the area")],
        "2025-04",
        quote="Ukrainian forces had been expelled from the area",
        trigger="declare",
    )
    events = (
        _event(
            EventType.MEETING,
            {"participant": [KIM, PUTIN], "place": [BEIJING]},
            [
                _evidence(a, "during a meeting with President Vladimir Putin in Beijing"),
                _evidence(b, "Putin and Kim met for bilateral talks in Beijing"),
            ],
            "2025-09-03",
            trigger="meet",
        ),
        _event(
            EventType.TREATY_SIGNING,
            {"party": [RUSSIA, NK]},
            [
                _evidence(a, "The two countries deepened their ties in June 2024 by signing a comprehensive cooperation treaty"),
                _evidence(b, "In June 2024, Russia and North Korea signed a comprehensive cooperation treaty"),
            ],
            "2024-06",
            treaty="comprehensive cooperation treaty",
            trigger="sign",
        ),
        _event(
            EventType.TREATY_SIGNING,
            {"party": [US, RUSSIA], "signatory": [OBAMA, MEDVEDEV], "place": [PRAGUE]},
            [_evidence(c, "Barack Obama and Dmitry Medvedev signed the New Strategic Arms Reduction Treaty")],
            "2010-04-08",
            treaty="New Strategic Arms Reduction Treaty",
            trigger="sign",
        ),
        _event(
            EventType.MILITARY_OPERATION,
            {"attacker": [UKRAINE], "target": [KURSK]},
            [
                _evidence(a, "Kiev launched an offensive into the Kursk Region"),
                _evidence(b, "Kiev launched an attack on Russia’s Kursk Region in August 2024"),
            ],
            "2024-08",
            trigger="launch",
        ),
        _event(
            EventType.MILITARY_DEPLOYMENT,
            {"deployedBy": [NK], "destination": [KURSK], "inSupportOf": [RUSSIA]},
            [
                _evidence(a, "officially acknowledging the role of North Korean troops in the battle"),
                _evidence(b, "Pyongyang previously deployed troops to assist in repelling a Ukrainian incursion into Kursk Region"),
            ],
            None,
            trigger="deploy",
            claimed_in=(russia_claim.key,),
        ),
        _event(
            EventType.MILITARY_OPERATION,
            {"attacker": [RUSSIA], "target": [KURSK]},
            [_evidence(a, "Ukrainian forces had been expelled from the area")],
            "2025-04",
            trigger="expel",
            claimed_in=(russia_claim.key,),
            optional=True,
        ),
        _event(
            EventType.STATEMENT,
            {"speaker": [KIM], "addressee": [PUTIN]},
            [
                _evidence(a, "“North Koreans view Russians as their brothers and see it as a fraternal duty to help the neighboring country in any way they can,” Kim told Putin."),
                _evidence(b, "North Korean leader Kim Jong-un told President Vladimir Putin Wednesday"),
            ],
            "2025-09-03",
            quote="North Koreans view Russians as their brothers and see it as a fraternal duty to help the neighboring country in any way they can",
            trigger="tell",
        ),
        russia_claim,
    )
    return KnowledgeBase(articles=(a, b, c), entities=entities, events=events)


# --- the tests -----------------------------------------------------------------------------

KB = sample_kb()
A, B, TPA = (iris.article_iri(article) for article in KB.articles)
EVENTS = {event.type.value + "|" + (event.date.value if event.date else ""): event for event in KB.events}
MEETING = iris.event_iri(EVENTS["Meeting|2025-09-03"])


def union(dataset) -> Graph:
    """Every triple of every graph of ``dataset``, as one graph."""
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def test_one_named_graph_per_article_and_links_in_default_graph():
    dataset = to_dataset(KB)
    names = {graph.identifier for graph in dataset.graphs() if len(graph)}
    assert names == {A, B, TPA, URIRef("urn:x-rdflib:default")}
    default = dataset.default_graph
    putin = iris.entity_iri(PUTIN)
    assert (putin, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q7747")) in default
    assert set(default.predicates()) == {OWL.sameAs, KG.linkConfidence}
    for name in (A, B, TPA):
        assert (putin, OWL.sameAs, None) not in dataset.graph(name)


def test_link_confidence_is_a_decimal_rounded_to_three_places():
    default = to_dataset(KB).default_graph
    confidence = default.value(iris.entity_iri(PUTIN), KG.linkConfidence)
    assert confidence == Literal(Decimal("0.951"))
    assert confidence.datatype == XSD.decimal
    assert (iris.entity_iri(KURSK), None, None) not in default  # no Q-id, no link triples


def test_article_node():
    graph = to_dataset(KB).graph(TPA)
    assert (TPA, RDF.type, KG.Article) in graph
    assert (TPA, SCHEMA.headline, Literal("Obama and Medvedev sign nuclear arms treaty in Prague")) in graph
    assert (TPA, SCHEMA.datePublished, Literal("2010-04-08", datatype=XSD.date)) in graph
    assert (TPA, SCHEMA.publisher, Literal("Transatlantic Press Agency")) in graph
    url = "https://example.org/tpa/2010/04/08/new-start-signed-prague"
    assert (TPA, SCHEMA.url, Literal(url, datatype=XSD.anyURI)) in graph
    almanar = to_dataset(KB).graph(A)
    assert (A, SCHEMA.publisher, None) not in almanar  # the seed names no outlet
    assert (A, SCHEMA.url, None) not in almanar


def test_entity_is_in_the_graph_of_each_supporting_article_only():
    dataset = to_dataset(KB)
    kim = iris.entity_iri(KIM)
    assert kim == URIRef("https://w3id.org/newskg/id/person/kim-jong-un")
    for name in (A, B):
        graph = dataset.graph(name)
        assert (kim, RDF.type, KG.Person) in graph
        assert (kim, RDFS.label, Literal("Kim Jong-un")) in graph
        assert (kim, SKOS.altLabel, Literal("Kim")) in graph
        assert set(graph.objects(kim, PROV.wasDerivedFrom)) == {name}
    assert (kim, None, None) not in dataset.graph(TPA)
    putin = iris.entity_iri(PUTIN)
    assert set(union(dataset).objects(putin, PROV.wasDerivedFrom)) == {A, B, TPA}
    assert set(union(dataset).objects(putin, SKOS.altLabel)) == {Literal("Putin"), Literal("The Russian president")}


def test_meeting_triples_and_per_article_evidence():
    dataset = to_dataset(KB)
    beijing = iris.entity_iri(BEIJING)
    for name in (A, B):
        graph = dataset.graph(name)
        assert (MEETING, RDF.type, KG.Meeting) in graph
        assert (MEETING, RDFS.label, Literal("Meeting: Kim Jong-un, Vladimir Putin (2025-09-03)")) in graph
        assert set(graph.objects(MEETING, KG.participant)) == {iris.entity_iri(KIM), iris.entity_iri(PUTIN)}
        assert (MEETING, KG.place, beijing) in graph
        assert (MEETING, KG.date, Literal("2025-09-03", datatype=XSD.date)) in graph
        assert (MEETING, KG.cameoCode, Literal("040")) in graph
        assert (MEETING, KG.trigger, Literal("meet")) in graph
        assert (MEETING, KG.optional, None) not in graph
        assert set(graph.objects(MEETING, PROV.wasDerivedFrom)) == {name}
        (evidence,) = graph.objects(MEETING, KG.evidence)  # this article's sentence only
        assert (evidence, PROV.wasDerivedFrom, name) in graph
    evidence = next(e for e in EVENTS["Meeting|2025-09-03"].evidence if e.article_id == KB.articles[1].id)
    node = iris.evidence_iri(evidence)
    graph = dataset.graph(B)
    assert (node, RDF.type, KG.Evidence) in graph
    assert (node, KG.sentence, Literal("Putin and Kim met for bilateral talks in Beijing")) in graph
    assert (node, KG.startOffset, Literal(evidence.start, datatype=XSD.integer)) in graph
    assert (node, KG.endOffset, Literal(evidence.end, datatype=XSD.integer)) in graph
    assert KB.articles[1].text[evidence.start : evidence.end] == "Putin and Kim met for bilateral talks in Beijing"


def test_dates_are_typed_by_precision():
    dataset = union(to_dataset(KB))
    treaty = iris.event_iri(EVENTS["TreatySigning|2024-06"])
    assert (treaty, KG.date, Literal("2024-06", datatype=XSD.gYearMonth)) in dataset
    assert (treaty, KG.treaty, Literal("comprehensive cooperation treaty")) in dataset
    assert (treaty, RDFS.label, Literal("Treaty signing: North Korea, Russia (2024-06)")) in dataset
    deployment = iris.event_iri(EVENTS["MilitaryDeployment|"])
    assert (deployment, KG.date, None) not in dataset
    label = "Military deployment: North Korea, Kursk Oblast, Russia"
    assert (deployment, RDFS.label, Literal(label)) in dataset


def test_year_precision_is_gyear():
    event = EVENTS["MilitaryOperation|2024-08"]
    year = KnowledgeBase(KB.articles, KB.entities, (dataclasses.replace(event, date=TimeValue("2024")),))
    dataset = union(to_dataset(year))
    assert (iris.event_iri(event), KG.date, Literal("2024", datatype=XSD.gYear)) in dataset


def test_statement_claim_and_optional():
    dataset = to_dataset(KB)
    everything = union(dataset)
    kim_said = iris.event_iri(EVENTS["Statement|2025-09-03"])
    assert (kim_said, KG.speaker, iris.entity_iri(KIM)) in everything
    assert (kim_said, KG.addressee, iris.entity_iri(PUTIN)) in everything
    assert (kim_said, RDFS.label, Literal("Statement: Kim Jong-un, Vladimir Putin (2025-09-03)")) in everything
    assert str(everything.value(kim_said, KG.quote)).startswith("North Koreans view Russians as their brothers")
    claim = iris.event_iri(EVENTS["Statement|2025-04"])
    expulsion = iris.event_iri(EVENTS["MilitaryOperation|2025-04"])
    assert (expulsion, KG.claimedIn, claim) in dataset.graph(A)
    assert (expulsion, KG.optional, Literal(True)) in everything
    assert everything.value(expulsion, KG.optional).datatype == XSD.boolean
    deployment = iris.event_iri(EVENTS["MilitaryDeployment|"])
    assert (deployment, KG.claimedIn, claim) in everything
    assert (deployment, KG.inSupportOf, iris.entity_iri(RUSSIA)) in everything


def test_no_blank_nodes_and_prefixes_bound():
    dataset = to_dataset(KB)
    for s, _, o, _ in dataset.quads((None, None, None, None)):
        assert not isinstance(s, BNode) and not isinstance(o, BNode)
    prefixes = dict(dataset.namespaces())
    assert prefixes["kgr"] == URIRef("https://w3id.org/newskg/id/")
    assert prefixes["kg"] == URIRef("https://w3id.org/newskg/ontology#")
    assert prefixes["schema"] == URIRef("https://schema.org/")
    instance_prefixes = {p for p, ns in prefixes.items() if ns.startswith("https://w3id.org/newskg/id/")}
    # the base and one per kind of instance: a fixed set, never one per article
    assert instance_prefixes == {"kgr", "article", "country", "event", "evidence", "organization", "person", "place"}


def test_same_knowledge_base_in_another_order_gives_the_same_quads():
    shuffled = KnowledgeBase(KB.articles[::-1], KB.entities[::-1], KB.events[::-1])
    assert set(to_dataset(shuffled).quads()) == set(to_dataset(KB).quads())
