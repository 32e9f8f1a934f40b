"""A streamed build writes the bytes a whole-graph build writes, in any input order."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from kg import stream
from kg.model import Document
from kg.options import BuildOptions
from kg.pipeline import build_documents, read
from kg.rdf.serialize import serialize
from kg.stream import build_streamed

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def documents(nlp) -> list[Document]:
    """The dev articles and the seeds, extracted."""
    from kg.nlp import extract

    articles, failures = read([str(ROOT / "dev" / "articles"), str(ROOT / "seeds")], BuildOptions())
    assert articles and not failures
    return list(extract(articles))


@pytest.mark.parametrize("fmt", ["nq", "nt"])
def test_streamed_output_is_the_whole_build_byte_for_byte(documents: list[Document], tmp_path: Path, fmt: str) -> None:
    whole = build_documents(documents)
    out = tmp_path / f"graph.{fmt}"
    result = build_streamed(reversed(documents), out)
    assert out.read_bytes() == serialize(whole.quads, fmt)
    assert result.entities == whole.kb.entities
    assert result.events == Counter(e.type.value for e in whole.kb.events)
    assert result.report == whole.report


def test_small_batches_and_runs_change_nothing(
    documents: list[Document], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Validation three articles at a time (merged events point to entities other batches
    name) and sorted runs of 50 lines on disk give the same bytes; a second copy of an
    article from another input is noted and changes nothing."""
    expected = serialize(build_documents(documents).quads, "nq")
    monkeypatch.setattr(stream, "VALIDATION_BATCH", 3)
    monkeypatch.setattr(stream, "RUN_LINES", 50)
    copy = dataclasses.replace(documents[0], article=dataclasses.replace(documents[0].article, origin="elsewhere.txt"))
    out = tmp_path / "graph.nq"
    result = build_streamed([*documents, copy], out)
    assert out.read_bytes() == expected
    assert any("several inputs" in note for note in result.merge_notes)


def test_nothing_is_written_without_documents(tmp_path: Path) -> None:
    out = tmp_path / "graph.nq"
    assert not build_streamed([], out).articles
    assert not out.exists()


def test_linked_offline_the_streamed_output_is_the_whole_build(documents: list[Document], tmp_path: Path) -> None:
    options = BuildOptions(link="wikidata", offline=True, cache_path=tmp_path / "cache.sqlite")
    out = tmp_path / "graph.nq"
    result = build_streamed(documents, out, options)
    assert result.link_report is not None
    assert out.read_bytes() == serialize(build_documents(documents, options).quads, "nq")


def test_small_batches_prune_what_the_whole_build_prunes(
    documents: list[Document], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An event whose role names an entity no article describes: the build leaves out the
    dangling node and the event it leaves with too few roles, three articles a batch too
    (the merged nodes judged in an earlier batch are only context in the later ones)."""
    from kg.model import EntityKey, EntityType

    event = documents[0].events[0]
    ghost = EntityKey(EntityType.PERSON, "nobody known")
    roles = {r: [*keys, ghost] if i == 0 else list(keys) for i, (r, keys) in enumerate(event.roles)}
    broken = dataclasses.replace(event, roles=type(event).make_roles(roles))
    bad = [Document(documents[0].article, documents[0].entities, (broken, *documents[0].events[1:])), *documents[1:]]
    whole = build_documents(bad)
    assert whole.removed
    monkeypatch.setattr(stream, "VALIDATION_BATCH", 3)
    out = tmp_path / "graph.nq"
    result = build_streamed(reversed(bad), out)
    assert out.read_bytes() == serialize(whole.quads, "nq")
    assert result.report == whole.report
    assert result.removed == whole.removed
