"""Cross-document merge: hand-built Documents over the seed and dev articles (no spaCy)."""

from __future__ import annotations

import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.events import MEETING, MILITARY_DEPLOYMENT, MILITARY_OPERATION, STATEMENT, TREATY_SIGNING
from kg.merging import merge
from kg.model import (
    Article,
    Document,
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
from kg.registry import EventType, event_type, event_types

ROOT = Path(__file__).resolve().parent.parent
SEED_A = ROOT / "seeds" / "000_3c56d13821ab7143.txt"  # scraped page, says only "Putin" here
SEED_B = ROOT / "seeds" / "001_273a97f05537f580.txt"  # RT
D01A = ROOT / "dev" / "articles" / "d01a_singapore_summit_wire"
D01B = ROOT / "dev" / "articles" / "d01b_singapore_summit_ledger"

KIM = entity_key(EntityType.PERSON, "Kim Jong-un")
PUTIN = entity_key(EntityType.PERSON, "Vladimir Putin")
TRUMP = entity_key(EntityType.PERSON, "Donald Trump")
RUSSIA = entity_key(EntityType.COUNTRY, "Russia")
UKRAINE = entity_key(EntityType.COUNTRY, "Ukraine")


Sketch = Mapping[str, Any]  # an entity or event in the gold format of dev/FORMAT.md


# Building documents the way the NLP stage would: gold-style sketches, real offsets ------


def article(path: Path, text: str | None = None, **metadata: object) -> Article:
    body = path.read_text(encoding="utf-8") if text is None else text
    return Article(id=path.stem, text=body, origin=str(path), **metadata)  # type: ignore[arg-type]


def document(source: Article, entities: Sequence[Sketch], events: Sequence[Sketch] = ()) -> Document:
    """A Document from entities and events in the gold format (dev/FORMAT.md); roles name
    entities, evidence fragments (" ... "-separated) are located in the article text."""
    keys = {e["name"]: entity_key(EntityType(e["type"]), e["name"]) for e in entities}
    built_entities = tuple(
        Entity(
            key=keys[e["name"]],
            type=EntityType(e["type"]),
            name=e["name"],
            aliases=frozenset(e.get("aliases", ())),
            sources=frozenset({source.id}),
            wikidata=e.get("wikidata"),
        )
        for e in entities
    )
    built_events = tuple(_event(source, keys, sketch) for sketch in events)
    assert len({e.key for e in built_events}) == len(built_events)
    return Document(source, built_entities, built_events)


def _event(source: Article, keys: Mapping[str, EntityKey], sketch: Sketch) -> Event:
    evidence = []
    for fragment in sketch["evidence"].split(" ... "):
        start = source.text.index(fragment)
        evidence.append(Evidence(source.id, fragment, start, start + len(fragment)))
    type_ = event_type(sketch["type"])
    roles = {type_.role(role): [keys[name] for name in names] for role, names in sketch["roles"].items()}
    return Event(
        key=EventKey(type_.name, source.id, evidence[0].start),
        type=type_,
        roles=Event.make_roles(roles),
        evidence=tuple(evidence),
        date=TimeValue(sketch["date"]) if sketch.get("date") else None,
        cameo=type_.cameo,
        treaty=sketch.get("treaty"),
        quote=sketch.get("quote"),
        claimed_in=tuple(EventKey("Statement", source.id, source.text.index(c)) for c in sketch.get("claimed_in", ())),
        optional=sketch.get("optional", False),
    )


def gold_document(stem: Path) -> Document:
    """A dev article's gold annotation as the Document a perfect NLP stage would give
    (unlinked: merging comes before Wikidata linking)."""
    gold = json.loads(stem.with_suffix(".gold.json").read_text(encoding="utf-8"))
    entities = [{**e, "wikidata": None} for e in gold["entities"]]
    return document(article(stem.with_suffix(".txt")), entities, gold["events"])


SEED_A_ENTITIES: list[Sketch] = [
    {"name": "Kim Jong-un", "type": "Person", "aliases": ["Kim"]},
    {"name": "Putin", "type": "Person"},
    {"name": "North Korea", "type": "Country", "aliases": ["North Korean", "North Koreans"]},
    {"name": "Russia", "type": "Country", "aliases": ["Moscow", "Russia’s"]},
    {"name": "Ukraine", "type": "Country", "aliases": ["Kiev", "Ukraine’s"]},
    {"name": "Japan", "type": "Country", "aliases": ["Japan’s"]},
    {"name": "Nazi Germany", "type": "Country"},
    {"name": "Beijing", "type": "Place"},
    {"name": "Kursk Oblast", "type": "Place", "aliases": ["Kursk Region"]},
]
SEED_A_EVENTS: list[Sketch] = [
    {
        "type": "Meeting",
        "roles": {"participant": ["Kim Jong-un", "Putin"], "place": ["Beijing"]},
        "date": "2025-09-03",
        "evidence": "The remarks came Wednesday during a meeting with President Vladimir Putin in Beijing",
    },
    {
        "type": "TreatySigning",
        "roles": {"party": ["Russia", "North Korea"]},
        "date": "2024-06",
        "treaty": "comprehensive cooperation treaty",
        "evidence": "deepened their ties in June 2024 by signing a comprehensive cooperation treaty",
    },
    {
        "type": "MilitaryOperation",
        "roles": {"attacker": ["Ukraine"], "target": ["Kursk Oblast"]},
        "date": "2024",
        "evidence": "Ukraine’s incursion into Russia’s Kursk Region last year ... Kiev launched an offensive",
    },
    {
        "type": "MilitaryDeployment",
        "roles": {"deployedBy": ["North Korea"], "destination": ["Kursk Oblast"], "inSupportOf": ["Russia"]},
        "optional": True,
        "evidence": "the role of North Korean troops in the battle",
    },
    {
        "type": "MilitaryOperation",
        "roles": {"attacker": ["Russia"], "target": ["Kursk Oblast"]},
        "date": "2025-04",
        "optional": True,
        "claimed_in": ["Russia declared that Ukrainian forces had been expelled"],
        "evidence": "Ukrainian forces had been expelled from the area",
    },
    {
        "type": "Statement",
        "roles": {"speaker": ["Kim Jong-un"], "addressee": ["Putin"]},
        "date": "2025-09-03",
        "quote": "North Koreans view Russians as their brothers and see it as a fraternal duty to help the "
        "neighboring country in any way they can",
        "evidence": "Kim told Putin",
    },
    {
        "type": "Statement",
        "roles": {"speaker": ["Putin"]},
        "date": "2025-09-03",
        "evidence": "Putin expressed appreciation for North Korea’s military role",
    },
    {
        "type": "Statement",
        "roles": {"speaker": ["Russia"]},
        "date": "2025-04",
        "optional": True,
        "evidence": "Russia declared that Ukrainian forces had been expelled",
    },
    {
        "type": "Statement",
        "roles": {"speaker": ["Russia"]},
        "optional": True,
        "evidence": "Moscow also announced plans to erect a monument",
    },
]
SEED_B_ENTITIES: list[Sketch] = [
    {"name": "Kim Jong-un", "type": "Person", "aliases": ["Kim"]},
    {"name": "Vladimir Putin", "type": "Person", "aliases": ["Putin", "The Russian president"]},
    {"name": "North Korea", "type": "Country", "aliases": ["Pyongyang", "North Korean", "North Koreans"]},
    {"name": "Russia", "type": "Country", "aliases": ["Moscow", "Russian", "Russia’s"]},
    {"name": "Ukraine", "type": "Country", "aliases": ["Kiev", "Ukrainian", "Ukrainians"]},
    {"name": "China", "type": "Country", "aliases": ["Chinese"]},
    {"name": "Empire of Japan", "type": "Country", "aliases": ["Imperial Japan"]},
    {"name": "Soviet Union", "type": "Country", "aliases": ["USSR"]},
    {"name": "Nazi Germany", "type": "Country", "aliases": ["Berlin"]},
    {"name": "Beijing", "type": "Place"},
    {"name": "Moscow", "type": "Place"},
    {"name": "Kursk Oblast", "type": "Place", "aliases": ["Kursk Region"]},
]
SEED_B_EVENTS: list[Sketch] = [
    {
        "type": "Meeting",
        "roles": {"participant": ["Kim Jong-un", "Vladimir Putin"], "place": ["Beijing"]},
        "date": "2025-09-03",
        "evidence": "Putin and Kim met for bilateral talks in Beijing",
    },
    {
        "type": "TreatySigning",
        "roles": {"party": ["Russia", "North Korea"]},
        "date": "2024-06",
        "treaty": "comprehensive cooperation treaty that includes provisions for mutual defense",
        "evidence": "In June 2024, Russia and North Korea signed a comprehensive cooperation treaty",
    },
    {
        "type": "MilitaryOperation",
        "roles": {"attacker": ["Ukraine"], "target": ["Kursk Oblast"]},
        "date": "2024-08",
        "evidence": "Kiev launched an attack on Russia’s Kursk Region in August 2024",
    },
    {
        "type": "MilitaryDeployment",
        "roles": {"deployedBy": ["North Korea"], "destination": ["Kursk Oblast"], "inSupportOf": ["Russia"]},
        "evidence": "Pyongyang previously deployed troops to assist in repelling a Ukrainian incursion",
    },
    {
        "type": "MilitaryOperation",
        "roles": {"attacker": ["Russia"], "target": ["Kursk Oblast"]},
        "date": "2025-04",
        "optional": True,
        "evidence": "The Russian military reported the full expulsion of Ukrainian troops in April",
    },
    {
        "type": "MilitaryOperation",
        "roles": {"attacker": ["Nazi Germany"], "target": ["Soviet Union"]},
        "optional": True,
        "evidence": "collaborated with Nazi Germany during its invasion of the USSR",
    },
    {
        "type": "Statement",
        "roles": {"speaker": ["Kim Jong-un"], "addressee": ["Vladimir Putin"]},
        "date": "2025-09-03",
        "quote": "if there is any way we can help Russia, we will certainly do so",
        "evidence": "North Korean leader Kim Jong-un told President Vladimir Putin Wednesday",
    },
    {
        "type": "Statement",
        "roles": {"speaker": ["Vladimir Putin"]},
        "date": "2025-09-03",
        "evidence": "The Russian president reiterated Moscow’s appreciation",
    },
    {
        "type": "Statement",
        "roles": {"speaker": ["Russia"]},
        "optional": True,
        "evidence": "Russia has vowed to erect a monument in Moscow",
    },
]


def seed_documents() -> list[Document]:
    return [
        document(article(SEED_A), SEED_A_ENTITIES, SEED_A_EVENTS),
        document(article(SEED_B, source="RT"), SEED_B_ENTITIES, SEED_B_EVENTS),
    ]


def events_of(kb: KnowledgeBase, type_: EventType, **roles: EntityKey | tuple[EntityKey, ...]) -> list[Event]:
    """The events of a type whose roles include the given entity key(s)."""
    wanted = {role: (keys,) if isinstance(keys, EntityKey) else keys for role, keys in roles.items()}
    return [
        e for e in kb.events if e.type is type_ and all(set(keys) <= set(e.role(role)) for role, keys in wanted.items())
    ]


def entity(kb: KnowledgeBase, key: EntityKey) -> Entity:
    (found,) = [e for e in kb.entities if e.key == key]
    return found


# The two seed articles -------------------------------------------------------------------


def test_seed_articles_share_one_meeting_with_evidence_from_both() -> None:
    kb = merge(seed_documents())
    (meeting,) = events_of(kb, MEETING)
    assert meeting.sources == {SEED_A.stem, SEED_B.stem}
    assert len(meeting.evidence) == 2
    assert meeting.role("participant") == tuple(sorted((KIM, PUTIN)))
    assert meeting.role("place") == (EntityKey.parse("Place:beijing"),)
    assert meeting.date == TimeValue("2025-09-03")
    assert meeting.key == EventKey("Meeting", SEED_A.stem, meeting.evidence[0].start)  # smallest member key


def test_seed_articles_share_treaty_operation_deployment_and_statements() -> None:
    kb = merge(seed_documents())
    (treaty,) = events_of(kb, TREATY_SIGNING)
    assert (treaty.date, len(treaty.sources)) == (TimeValue("2024-06"), 2)
    assert treaty.treaty == "comprehensive cooperation treaty that includes provisions for mutual defense"
    (incursion,) = events_of(kb, MILITARY_OPERATION, attacker=UKRAINE)
    assert incursion.date == TimeValue("2024-08")  # 2024 in one article, 2024-08 in the other
    assert len(events_of(kb, MILITARY_OPERATION)) == 3  # + Russia's, Nazi Germany's
    (deployment,) = events_of(kb, MILITARY_DEPLOYMENT)
    assert deployment.optional is False  # optional in one article only
    (kim_said,) = events_of(kb, STATEMENT, speaker=KIM)
    assert kim_said.role("addressee") == (PUTIN,) and len(kim_said.sources) == 2
    assert kim_said.quote is not None and kim_said.quote.startswith("North Koreans view Russians")
    assert len(events_of(kb, STATEMENT, speaker=PUTIN)) == 1


def test_undated_statements_by_one_speaker_stay_apart() -> None:
    """'Moscow announced plans' and 'Russia has vowed' may be one occasion or two; with no
    date and no shared words the merge keeps them apart rather than guess."""
    kb = merge(seed_documents())
    russia_said = events_of(kb, STATEMENT, speaker=RUSSIA)
    assert sorted(e.date.value if e.date else "" for e in russia_said) == ["", "", "2025-04"]


def test_short_name_joins_the_one_full_name_it_belongs_to() -> None:
    kb = merge(seed_documents())
    putin = entity(kb, PUTIN)
    assert putin.name == "Vladimir Putin"
    assert putin.sources == {SEED_A.stem, SEED_B.stem}
    assert {"Putin", "The Russian president"} <= putin.aliases and putin.name not in putin.aliases
    assert not [e for e in kb.entities if str(e.key) == "Person:putin"]
    keys = {e.key for e in kb.entities}
    assert all(key in keys for event in kb.events for _, role_keys in event.roles for key in role_keys)


def test_seed_places_and_countries_with_one_name_stay_apart() -> None:
    kb = merge(seed_documents())
    assert {"Country:russia", "Place:moscow"} <= {str(e.key) for e in kb.entities}
    assert "Moscow" in entity(kb, RUSSIA).aliases


def test_order_of_documents_and_of_their_contents_does_not_matter() -> None:
    documents = [*seed_documents(), gold_document(D01A), gold_document(D01B)]
    expected = merge(documents)
    shuffler = random.Random(7)
    for _ in range(3):
        shuffled = [_shuffled(doc, shuffler) for doc in documents]
        shuffler.shuffle(shuffled)
        assert merge(shuffled) == expected


def _shuffled(doc: Document, shuffler: random.Random) -> Document:
    entities, events = list(doc.entities), list(doc.events)
    shuffler.shuffle(entities)
    shuffler.shuffle(events)
    return Document(doc.article, tuple(entities), tuple(events))


# Ambiguous names, homonyms and Wikidata links -------------------------------------------

KIM_YO_JONG_TEXT = (
    "Kim Yo-jong, the powerful sister of North Korean leader Kim Jong-un, said on Tuesday that "
    'Pyongyang had no interest in talks with Seoul. Kim called the South\'s proposal "a pipe dream".'
)
KIM_ONLY_TEXT = 'Kim warned on Friday that the drills would be met with a "resolute response".'


def test_a_short_name_shared_by_two_people_joins_neither() -> None:
    sister = document(
        article(Path("kim_yo_jong.txt"), KIM_YO_JONG_TEXT),
        [
            {"name": "Kim Yo-jong", "type": "Person", "aliases": ["Kim"]},
            {"name": "Kim Jong-un", "type": "Person"},
        ],
    )
    just_kim = document(article(Path("kim_warns.txt"), KIM_ONLY_TEXT), [{"name": "Kim", "type": "Person"}])
    kb = merge([*seed_documents(), sister, just_kim])
    people = {e.key for e in kb.entities if e.type is EntityType.PERSON}
    assert {KIM, EntityKey.parse("Person:kim yo jong"), EntityKey.parse("Person:kim")} <= people
    assert entity(kb, EntityKey.parse("Person:kim")).sources == {"kim_warns"}
    assert any("'Kim'" in note and "Kim Jong-un" in note and "Kim Yo-jong" in note for note in kb.notes)
    # without the sister, "Kim" can only be Kim Jong-un
    kb = merge([*seed_documents(), just_kim])
    assert entity(kb, KIM).sources == {SEED_A.stem, SEED_B.stem, "kim_warns"}


def test_the_merged_name_is_the_one_most_articles_give_whatever_else_they_give() -> None:
    """Articles giving a key in the same form are held as one form with its articles
    (kg.merging.EntityIndex): the name two articles give, each with its own aliases, wins
    over the name a single article gives."""
    key = entity_key(EntityType.PERSON, "Putin")

    def naming(article_id: str, name: str, aliases: frozenset[str]) -> Document:
        person = Entity(key, EntityType.PERSON, name, aliases, frozenset({article_id}))
        return Document(Article(article_id, f"{name} spoke.", f"{article_id}.txt"), (person,), ())

    documents = [
        naming("a", "PUTIN", frozenset()),
        naming("b", "Putin", frozenset({"the president"})),
        naming("c", "Putin", frozenset({"Mr Putin"})),
    ]
    (person,) = merge(documents).entities
    assert (person.name, person.sources) == ("Putin", frozenset({"a", "b", "c"}))
    assert person.aliases == {"PUTIN", "the president", "Mr Putin"}


def test_georgia_the_country_and_georgia_the_state_never_merge() -> None:
    country = document(
        article(Path("tbilisi.txt"), "Georgia's government in Tbilisi said it would hold early elections."),
        [{"name": "Georgia", "type": "Country", "aliases": ["Tbilisi"]}],
    )
    state = document(
        article(Path("atlanta.txt"), "Voters in Atlanta, Georgia, queued for hours on Tuesday."),
        [{"name": "Georgia", "type": "Place"}, {"name": "Atlanta", "type": "Place"}],
    )
    kb = merge([country, state])
    assert {(str(e.key), tuple(sorted(e.sources))) for e in kb.entities if e.name == "Georgia"} == {
        ("Country:georgia", ("tbilisi",)),
        ("Place:georgia", ("atlanta",)),
    }


def test_different_wikidata_items_keep_entities_apart_and_conflicts_drop_the_link() -> None:
    singapore = document(
        article(D01A.with_suffix(".txt")),
        [
            {"name": "Lee Hsien Loong", "type": "Person", "wikidata": "Q57643"},
        ],
    )
    seoul = document(
        article(Path("seoul_briefing.txt"), "Lee said on Wednesday that Seoul would reopen the liaison office."),
        [{"name": "Lee", "type": "Person", "wikidata": "Q12600207"}],
    )
    kb = merge([singapore, seoul])
    assert {str(e.key) for e in kb.entities} == {"Person:lee", "Person:lee hsien loong"}
    assert any("different Wikidata items" in note for note in kb.notes)
    # one key, two items: the node stays one (its IRI is its key) but loses the doubtful link
    relinked = replace(
        seoul,
        entities=(replace(seoul.entities[0], key=EntityKey.parse("Person:lee hsien loong"), name="Lee Hsien Loong"),),
    )
    (lee,) = merge([singapore, relinked]).entities
    assert lee.wikidata is None and lee.sources == {D01A.name, "seoul_briefing"}


def test_a_consistent_link_is_kept_with_its_best_confidence() -> None:
    docs = seed_documents()
    linked = [
        replace(
            doc,
            entities=tuple(
                replace(e, wikidata="Q7747", link_confidence=confidence) if "Putin" in e.name else e
                for e in doc.entities
            ),
        )
        for doc, confidence in zip(docs, (0.7, 0.95), strict=True)
    ]
    putin = entity(merge(linked), PUTIN)
    assert (putin.wikidata, putin.link_confidence) == ("Q7747", 0.95)


# The Singapore pair (dev gold) -----------------------------------------------------------


def test_singapore_pair_has_one_summit_one_signing_one_news_conference() -> None:
    kb = merge([gold_document(D01A), gold_document(D01B)])
    both = {D01A.name, D01B.name}
    (summit,) = events_of(kb, MEETING, participant=(TRUMP, KIM))
    assert summit.sources == both and summit.date == TimeValue("2018-06-12")
    assert len(summit.role("place")) == 3
    (signing,) = events_of(kb, TREATY_SIGNING, signatory=TRUMP)
    assert signing.sources == both
    (news_conference,) = [
        e
        for e in events_of(kb, STATEMENT, speaker=TRUMP)
        if e.date == TimeValue("2018-06-12") and not e.role("addressee")
    ]
    assert news_conference.sources == both
    # one Statement per speaker per occasion: no two left with the same speaker, day and addressees
    occasions = [(e.roles, e.date) for e in kb.events if e.type is STATEMENT]
    assert len(occasions) == len(set(occasions))


def test_singapore_pair_keeps_apart_what_is_different() -> None:
    kb = merge([gold_document(D01A), gold_document(D01B)])
    pompeo = entity_key(EntityType.PERSON, "Mike Pompeo")
    # Pompeo–Kim talks (undated) share Kim with the summit but are other talks
    assert len(events_of(kb, MEETING, participant=pompeo)) == 2  # + Pompeo in Seoul
    assert len(events_of(kb, MEETING, participant=KIM)) == 5  # Trump, Pompeo, Moon, Lee, Xi
    # Trump's statements of 2018-05-24, 06-12 (twice: to Kim, and to the press), 06-13, 2017-08
    assert len(events_of(kb, STATEMENT, speaker=TRUMP)) == 5
    # the G7 summit is undated in both, with the same key participants: one event
    g7 = entity_key(EntityType.ORGANIZATION, "Group of Seven")
    (summit,) = events_of(kb, MEETING, participant=g7)
    assert summit.sources == {D01A.name, D01B.name} and summit.optional is False


def test_panmunjom_meeting_and_signing_do_not_merge_with_each_other() -> None:
    kb = merge([gold_document(D01A), gold_document(D01B)])
    moon = entity_key(EntityType.PERSON, "Moon Jae-in")
    (signing,) = events_of(kb, TREATY_SIGNING, signatory=moon)
    assert signing.date == TimeValue("2018-04-27") and signing.sources == {D01A.name}
    (meeting,) = events_of(kb, MEETING, participant=moon)
    assert meeting.date == TimeValue("2018-04-27")  # d01a's day beats d01b's month
    assert meeting.sources == {D01A.name, D01B.name}
    assert meeting.optional is False  # optional in d01a, reported outright in d01b


# Within one article ----------------------------------------------------------------------


def test_an_event_reported_in_three_sentences_of_one_article_is_one_event() -> None:
    participants = {"participant": ["Donald Trump", "Kim Jong-un"]}
    summit_doc = document(
        article(D01A.with_suffix(".txt")),
        [
            {"name": "Donald Trump", "type": "Person"},
            {"name": "Kim Jong-un", "type": "Person"},
            {"name": "Mike Pompeo", "type": "Person"},
        ],
        [
            {
                "type": "Meeting",
                "roles": participants,
                "date": "2018-06-12",
                "evidence": "four hours of talks at the Capella Hotel on Sentosa",
            },
            {
                "type": "Meeting",
                "roles": participants,
                "evidence": "the first meeting ever held between a sitting U.S. president",
            },
            {"type": "Meeting", "roles": participants, "evidence": "The meeting had been in doubt"},
            {
                "type": "Meeting",
                "roles": {"participant": ["Mike Pompeo", "Kim Jong-un"]},
                "evidence": "Pompeo held two rounds of talks with Kim in Pyongyang",
            },
        ],
    )
    kb = merge([summit_doc])
    summit, pompeo_talks = sorted(kb.events, key=lambda e: -len(e.evidence))
    assert len(summit.evidence) == 3 and summit.date == TimeValue("2018-06-12")
    assert len(pompeo_talks.evidence) == 1


def test_an_undated_report_never_pulls_two_different_dates_together() -> None:
    """A~B and B~C but not A~C: the undated talks join one summit, never both."""
    people: list[Sketch] = [
        {"name": "Donald Trump", "type": "Person"},
        {"name": "Kim Jong-un", "type": "Person"},
    ]
    talks = {"participant": ["Donald Trump", "Kim Jong-un"]}
    undated = document(
        article(Path("talks.txt"), "Trump said his talks with Kim Jong-un had been very good."),
        people,
        [{"type": "Meeting", "roles": talks, "evidence": "his talks with Kim Jong-un"}],
    )
    dmz = document(
        article(Path("dmz.txt"), "Trump met Kim Jong-un at the demilitarized zone on June 30, 2019."),
        people,
        [{"type": "Meeting", "roles": talks, "date": "2019-06-30", "evidence": "Trump met Kim Jong-un"}],
    )
    summit = document(
        article(D01A.with_suffix(".txt")),
        people,
        [{"type": "Meeting", "roles": talks, "date": "2018-06-12", "evidence": "four hours of talks"}],
    )
    kb = merge([undated, dmz, summit])
    assert sorted(e.date.value for e in kb.events if e.date) == ["2018-06-12", "2019-06-30"]
    assert len(kb.events) == 2 and sum(len(e.sources) for e in kb.events) == 3


# Claims ----------------------------------------------------------------------------------


def test_an_event_one_article_claims_and_another_asserts_keeps_the_claim() -> None:
    kb = merge(seed_documents())  # seed A: only "Russia declared"; seed B: reported outright
    (expulsion,) = events_of(kb, MILITARY_OPERATION, attacker=RUSSIA)
    (claim,) = [e for e in events_of(kb, STATEMENT, speaker=RUSSIA) if e.date]
    assert expulsion.claimed_in == (claim.key,) and expulsion.sources == {SEED_A.stem, SEED_B.stem}


def test_an_event_every_article_only_claims_points_to_the_merged_statement() -> None:
    a, b = seed_documents()
    claim = "The Russian military reported the full expulsion of Ukrainian troops in April"
    extra = document(
        b.article,
        SEED_B_ENTITIES,
        [
            {
                "type": "Statement",
                "roles": {"speaker": ["Russia"]},
                "date": "2025-04",
                "optional": True,
                "evidence": claim,
            },
        ],
    )
    (statement_key,) = [e.key for e in extra.events]  # same offset as the operation, other type
    claimed = tuple(
        replace(e, claimed_in=(statement_key,)) if e.type is MILITARY_OPERATION and RUSSIA in e.role("attacker") else e
        for e in b.events
    )
    kb = merge([a, replace(b, events=claimed + extra.events)])
    (statement,) = [e for e in events_of(kb, STATEMENT, speaker=RUSSIA) if e.date]
    assert statement.sources == {SEED_A.stem, SEED_B.stem}
    (expulsion,) = events_of(kb, MILITARY_OPERATION, attacker=RUSSIA)
    assert expulsion.claimed_in == (statement.key,)


# Articles given twice --------------------------------------------------------------------


def test_the_same_article_twice_is_one_article_and_changes_nothing() -> None:
    docs = seed_documents()
    assert merge(docs + docs) == merge(docs)
    # the saved file (smallest origin) names no outlet; the fetched page does, and wins
    url = "https://www.rt.com/news/kim-putin-fraternal-duty/"
    fetched = replace(docs[1], article=replace(docs[1].article, origin=url, url=url))
    saved = replace(docs[1], article=replace(docs[1].article, source=None))
    kb = merge([docs[0], saved, fetched])
    assert kb.articles == (docs[0].article, fetched.article)
    assert kb.events == merge(docs).events
    assert any(url in note and str(SEED_B) in note for note in kb.notes)


# Properties ------------------------------------------------------------------------------

VOCABULARY = [
    (EntityType.PERSON, "Kim Jong-un", ("Kim",)),
    (EntityType.PERSON, "Kim Jong Un", ()),
    (EntityType.PERSON, "Kim Yo-jong", ("Kim",)),
    (EntityType.PERSON, "Kim", ()),
    (EntityType.PERSON, "Vladimir Putin", ("Putin", "the Russian president")),
    (EntityType.PERSON, "Putin", ()),
    (EntityType.COUNTRY, "Russia", ("Moscow",)),
    (EntityType.COUNTRY, "North Korea", ("Pyongyang",)),
    (EntityType.COUNTRY, "Georgia", ()),
    (EntityType.PLACE, "Georgia", ()),
    (EntityType.PLACE, "Moscow", ()),
]
DATES = [None, "2024", "2024-08", "2024-08-06", "2024-09", "2025-09-03"]


@st.composite
def documents(draw: st.DrawFn) -> Document:
    article_id = draw(st.sampled_from("abcd"))
    source = Article(
        id=article_id,
        text="x" * 200,
        origin=draw(st.sampled_from([f"{article_id}.txt", f"https://example.org/{article_id}"])),
        source=draw(st.sampled_from([None, "RT"])),
    )
    chosen = draw(st.lists(st.sampled_from(VOCABULARY), unique_by=lambda v: entity_key(v[0], v[1]), min_size=1))
    entities = tuple(
        Entity(entity_key(t, name), t, name, frozenset(aliases), frozenset({article_id})) for t, name, aliases in chosen
    )
    keys = [e.key for e in entities]
    events: list[Event] = []
    for offset in range(0, 10 * draw(st.integers(0, 6)), 10):
        type_ = draw(st.sampled_from(event_types()))
        statements = [e.key for e in events if e.type is STATEMENT]
        events.append(
            Event(
                key=EventKey(type_.name, article_id, offset),
                type=type_,
                roles=Event.make_roles(
                    {role: draw(st.lists(st.sampled_from(keys), max_size=3)) for role in type_.roles}
                ),
                evidence=(Evidence(article_id, "x" * 10, offset, offset + 10),),
                date=draw(st.sampled_from(DATES).map(lambda d: TimeValue(d) if d else None)),
                cameo=type_.cameo,
                quote=draw(st.sampled_from([None, "we will help", "We will help!"])),
                claimed_in=tuple(draw(st.lists(st.sampled_from(statements), max_size=1))) if statements else (),
                optional=draw(st.booleans()),
            )
        )
    return Document(source, entities, tuple(events))


@settings(max_examples=150, deadline=None)
@given(st.lists(documents(), max_size=5), st.randoms(use_true_random=False))
def test_merge_does_not_depend_on_order(docs: list[Document], shuffler: random.Random) -> None:
    shuffled = [_shuffled(doc, shuffler) for doc in docs]
    shuffler.shuffle(shuffled)
    assert merge(shuffled) == merge(docs)


@settings(max_examples=100, deadline=None)
@given(st.lists(documents(), max_size=5))
def test_merge_is_idempotent_and_well_formed(docs: list[Document]) -> None:
    kb = merge(docs)
    assert merge(docs + docs) == kb
    _assert_well_formed(kb)


def _assert_well_formed(kb: KnowledgeBase) -> None:
    entity_keys = [e.key for e in kb.entities]
    event_keys = [e.key for e in kb.events]
    statements = {e.key for e in kb.events if e.type is STATEMENT}
    assert entity_keys == sorted(set(entity_keys)) and event_keys == sorted(set(event_keys))
    assert [a.id for a in kb.articles] == sorted({a.id for a in kb.articles})
    for e in kb.entities:
        assert e.key == entity_key(e.type, e.name) and e.name not in e.aliases
    for event in kb.events:
        assert all(key in entity_keys for _, keys in event.roles for key in keys)
        assert all(key in statements and key != event.key for key in event.claimed_in)
