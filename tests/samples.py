"""A knowledge base built by hand from the real articles, shared by the RDF tests.

``sample_kb`` is made from the seed articles (Kim–Putin meeting in Beijing reported by two
outlets, the June 2024 treaty, the Kursk incursion and deployment, Kim's quoted statement,
Russia's claim) and the New START dev article; evidence offsets are located in the real
article texts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rdflib import Graph

from kg.events import MEETING, MILITARY_DEPLOYMENT, MILITARY_OPERATION, STATEMENT, TREATY_SIGNING
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
from kg.rdf import iris
from kg.registry import EventType

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
    return Entity(entity_key(type_, name), type_, name, frozenset(aliases), frozenset(sources), qid, conf)


def _event(type_: EventType, roles: dict, evidence: list[Evidence], date: str | None, **extra):
    """An event keyed like the extractor keys them: by its first evidence's article and offset."""
    return Event(
        key=EventKey(type_.name, evidence[0].article_id, evidence[0].start),
        type=type_,
        roles=Event.make_roles({type_.role(role): keys for role, keys in roles.items()}),
        evidence=tuple(evidence),
        date=TimeValue(date) if date else None,
        cameo=type_.cameo,
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
        STATEMENT,
        {"speaker": [RUSSIA]},
        [_evidence(a, "By April 2025, Russia declared that Ukrainian forces had been expelled from the area")],
        "2025-04",
        quote="Ukrainian forces had been expelled from the area",
        trigger="declare",
    )
    events = (
        _event(
            MEETING,
            {"participant": [KIM, PUTIN], "place": [BEIJING]},
            [
                _evidence(a, "during a meeting with President Vladimir Putin in Beijing"),
                _evidence(b, "Putin and Kim met for bilateral talks in Beijing"),
            ],
            "2025-09-03",
            trigger="meet",
        ),
        _event(
            TREATY_SIGNING,
            {"party": [RUSSIA, NK]},
            [
                _evidence(
                    a,
                    "The two countries deepened their ties in June 2024 by signing a comprehensive cooperation treaty",
                ),
                _evidence(b, "In June 2024, Russia and North Korea signed a comprehensive cooperation treaty"),
            ],
            "2024-06",
            treaty="comprehensive cooperation treaty",
            trigger="sign",
        ),
        _event(
            TREATY_SIGNING,
            {"party": [US, RUSSIA], "signatory": [OBAMA, MEDVEDEV], "place": [PRAGUE]},
            [_evidence(c, "Barack Obama and Dmitry Medvedev signed the New Strategic Arms Reduction Treaty")],
            "2010-04-08",
            treaty="New Strategic Arms Reduction Treaty",
            trigger="sign",
        ),
        _event(
            MILITARY_OPERATION,
            {"attacker": [UKRAINE], "target": [KURSK]},
            [
                _evidence(a, "Kiev launched an offensive into the Kursk Region"),
                _evidence(b, "Kiev launched an attack on Russia’s Kursk Region in August 2024"),
            ],
            "2024-08",
            trigger="launch",
        ),
        _event(
            MILITARY_DEPLOYMENT,
            {"deployedBy": [NK], "destination": [KURSK], "inSupportOf": [RUSSIA]},
            [
                _evidence(a, "officially acknowledging the role of North Korean troops in the battle"),
                _evidence(
                    b,
                    "Pyongyang previously deployed troops to assist in repelling a Ukrainian incursion into Kursk Region",
                ),
            ],
            None,
            trigger="deploy",
            claimed_in=(russia_claim.key,),
        ),
        _event(
            MILITARY_OPERATION,
            {"attacker": [RUSSIA], "target": [KURSK]},
            [_evidence(a, "Ukrainian forces had been expelled from the area")],
            "2025-04",
            trigger="expel",
            claimed_in=(russia_claim.key,),
            optional=True,
        ),
        _event(
            STATEMENT,
            {"speaker": [KIM], "addressee": [PUTIN]},
            [
                _evidence(
                    a,
                    "“North Koreans view Russians as their brothers and see it as a fraternal duty to help the neighboring country in any way they can,” Kim told Putin.",
                ),
                _evidence(b, "North Korean leader Kim Jong-un told President Vladimir Putin Wednesday"),
            ],
            "2025-09-03",
            quote="North Koreans view Russians as their brothers and see it as a fraternal duty to help the neighboring country in any way they can",
            trigger="tell",
        ),
        russia_claim,
    )
    return KnowledgeBase(articles=(a, b, c), entities=entities, events=events)


def union(dataset) -> Graph:
    """Every triple of every graph of ``dataset``, as one graph."""
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph
