"""Many distinct articles' extracted documents, made from the dev set's own extractions.

The benchmarks of the merge and of streaming need thousands of articles' events; running
spaCy on thousands of texts takes minutes and measures spaCy. So the dev articles (and the
seeds) are extracted once, for real, and copy ``j`` of each document is that document with:

- its own article id, and the ids in its event keys and evidence;
- its dates moved by ``j % 40`` days (months by ``j % 40`` months), as another day's news;
- its people renamed to one of seven variants of their family name (``j % 7``: "Trump",
  "Trumpson", "Trumpski", ...), so the same speakers recur across copies;
- countries, organisations and places unchanged: the popular keys ("Russia", "United
  States") that make blocks long, as in real archives.

Copies that share a date shift and a name variant report the same events, so events
overlap across articles as re-reported news does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
from collections.abc import Iterator, Sequence
from pathlib import Path

from kg.model import Document, Entity, EntityKey, EntityType, Event, EventKey, TimeValue, normalise_name

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "dev" / "articles", ROOT / "dev" / "wikinews", ROOT / "seeds"]
_SUFFIXES = ("", "son", "ski", "ez", "ova", "berg", "ini")
_SHIFTS = 40


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB. Read from /proc (VmHWM): the
    ``ru_maxrss`` of a process started by one that had loaded spaCy keeps the parent's
    figure across exec."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise OSError("no VmHWM in /proc/self/status (not Linux?)")


def dev_documents() -> list[Document]:
    """The dev articles and seeds, extracted by kg's own NLP stage (about 15 s)."""
    from kg.nlp import extract
    from kg.options import BuildOptions
    from kg.pipeline import read

    articles, failures = read([str(path) for path in SOURCES], BuildOptions())
    if failures or not articles:
        raise SystemExit(f"cannot read the dev articles: {failures}")
    return list(extract(articles))


def save_dev_documents(folder: str) -> str:
    """Extract the dev documents once and pickle them in ``folder`` for the child processes
    a benchmark starts (each measures its own peak memory); the file's path."""
    path = f"{folder}/originals.pkl"
    with open(path, "wb") as f:
        pickle.dump(dev_documents(), f)
    return path


def load_documents(path: str) -> list[Document]:
    """The documents :func:`save_dev_documents` pickled."""
    with open(path, "rb") as f:
        return pickle.load(f)


def documents(originals: Sequence[Document], n: int) -> Iterator[Document]:
    """``n`` distinct documents: copy ``i // len(originals)`` of each original in turn."""
    for i in range(n):
        yield _copy(originals[i % len(originals)], i // len(originals))


def _copy(doc: Document, j: int) -> Document:
    article_id = f"{doc.article.id[:10]}{j:06x}"
    names = {entity.key: _name(entity, j) for entity in doc.entities}
    keys = {key: EntityKey(key.type, normalise_name(name)) for key, name in names.items()}
    published = doc.article.published
    article = dataclasses.replace(
        doc.article,
        id=article_id,
        published=published + dt.timedelta(days=j % _SHIFTS) if published else None,
        title=f"{doc.article.title} ({j})" if doc.article.title else None,
    )
    entities = tuple(
        dataclasses.replace(
            entity,
            key=keys[entity.key],
            name=names[entity.key],
            aliases=frozenset(_rename(alias, entity.type, j) for alias in entity.aliases),
            sources=frozenset({article_id}),
        )
        for entity in doc.entities
    )
    events = tuple(_event(event, article_id, keys, j) for event in doc.events)
    return Document(article, entities, events)


def _event(event: Event, article_id: str, keys: dict[EntityKey, EntityKey], j: int) -> Event:
    roles = {role: [keys.get(key, key) for key in members] for role, members in event.roles}
    return dataclasses.replace(
        event,
        key=_event_key(event.key, article_id),
        roles=Event.make_roles(roles),
        evidence=tuple(dataclasses.replace(e, article_id=article_id) for e in event.evidence),
        date=_shift(event.date, j),
        claimed_in=tuple(_event_key(key, article_id) for key in event.claimed_in),
    )


def _event_key(key: EventKey, article_id: str) -> EventKey:
    return EventKey(key.type, article_id, key.offset)


def _name(entity: Entity, j: int) -> str:
    return _rename(entity.name, entity.type, j)


def _rename(name: str, type_: EntityType, j: int) -> str:
    if type_ is not EntityType.PERSON:
        return name
    return name + _SUFFIXES[j % len(_SUFFIXES)]


def _shift(date: TimeValue | None, j: int) -> TimeValue | None:
    if date is None or date.precision == "year":
        return date
    shift = j % _SHIFTS
    if date.precision == "day":
        return TimeValue((dt.date.fromisoformat(date.value) + dt.timedelta(days=shift)).isoformat())
    year, month = map(int, date.value.split("-"))
    months = year * 12 + month - 1 + shift
    return TimeValue.of(months // 12, months % 12 + 1)
