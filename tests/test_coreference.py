"""Event coreference in blocks: large blocks decide as small ones do, in any order."""

from __future__ import annotations

import random

from kg.coreference import GROUP_LIMIT, merge_events
from kg.events import MEETING, STATEMENT
from kg.model import EntityKey, EntityType, Event, EventKey, Evidence, TimeValue, entity_key

RUSSIA = entity_key(EntityType.COUNTRY, "Russia")
PUTIN = entity_key(EntityType.PERSON, "Vladimir Putin")


def event(type_, article: int, date: str | None, quote: str | None = None, **roles: list[EntityKey]) -> Event:
    article_id = f"{article:016x}"
    return Event(
        key=EventKey(type_.name, article_id, 10),
        type=type_,
        roles=Event.make_roles({type_.role(term): keys for term, keys in roles.items()}),
        evidence=(Evidence(article_id, "Russia said so.", 10, 25),),
        date=TimeValue(date) if date else None,
        quote=quote,
    )


def people(n: int) -> list[EntityKey]:
    return [entity_key(EntityType.PERSON, f"Envoy {chr(65 + i // 26)}{chr(65 + i % 26)}") for i in range(n)]


def test_a_popular_speaker_on_a_busy_day_is_one_statement_per_day() -> None:
    """More reports than a date group compares in full: each day is still one statement."""
    days = ["2025-09-03", "2025-09-04"]
    events = [event(STATEMENT, i, days[i % 2], speaker=[RUSSIA]) for i in range(4 * GROUP_LIMIT)]
    merged, _ = merge_events(events)
    assert sorted(e.date.value for e in merged if e.date) == days
    assert [len(e.sources) for e in merged] == [2 * GROUP_LIMIT] * 2


def test_undated_statements_join_only_the_same_words_even_in_a_large_block() -> None:
    events = [event(STATEMENT, i, None, quote=f"words {i % 3}", speaker=[RUSSIA]) for i in range(3 * GROUP_LIMIT)]
    merged, _ = merge_events(events)
    assert sorted(e.quote or "" for e in merged) == ["words 0", "words 1", "words 2"]


def test_many_different_meetings_of_one_person_stay_apart_and_order_does_not_matter() -> None:
    """Putin meets a different envoy in each of many articles on one day: a block far above
    the limit, where no two are the same meeting; the same meeting told twice still joins."""
    envoys = people(3 * GROUP_LIMIT)
    events = [event(MEETING, i, "2025-09-03", participant=[PUTIN, envoy]) for i, envoy in enumerate(envoys)]
    events.append(event(MEETING, len(envoys), "2025-09", participant=[PUTIN, envoys[7]]))
    merged, _ = merge_events(events)
    assert len(merged) == len(envoys)
    assert sum(len(e.sources) == 2 for e in merged) == 1
    shuffled = events[:]
    random.Random(3).shuffle(shuffled)
    assert merge_events(shuffled)[0] == merged
