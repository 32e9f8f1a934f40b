"""The dev set and the seeds must score at least the floors pinned in eval_floors.json.

Floors are only ever raised (and the duplicate-event ceiling only ever lowered): a change
that drops a figure below its floor fixes the change, not the floor. Runs spaCy over the
18 gold articles, one build each, plus one build of the cross-document pair.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.eval import EvalReport, evaluate
from kg.events import MEETING, STATEMENT, TREATY_SIGNING
from kg.model import EntityType
from kg.options import BuildOptions

REPO = Path(__file__).resolve().parent.parent
DEV = REPO / "dev" / "articles"
SEEDS = REPO / "seeds"
WIKINEWS = REPO / "dev" / "wikinews"
FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text(encoding="utf-8"))
#: each gold set's folders, scored together with each article built alone
SETS = {"dev/articles+seeds": (DEV, SEEDS), "dev/wikinews": (WIKINEWS,)}
FIGURES = [(name, figure) for name, floors in FLOORS["sets"].items() for figure in floors]
PAIR = ("d01a_singapore_summit_wire", "d01b_singapore_summit_ledger")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reports() -> dict[str, EvalReport]:
    return {name: evaluate(list(folders)) for name, folders in SETS.items()}


@pytest.mark.parametrize(("gold_set", "figure"), FIGURES)
def test_figure_is_at_least_its_floor(reports: dict[str, EvalReport], gold_set: str, figure: str) -> None:
    report, floor = reports[gold_set], FLOORS["sets"][gold_set][figure]
    measured = report.summary()[figure]
    assert measured >= floor, f"{gold_set} {figure} {measured:.3f} < floor {floor}\n{report.render()}"


@pytest.mark.parametrize("gold_set", SETS)
def test_every_gold_article_was_scored_and_read(reports: dict[str, EvalReport], gold_set: str) -> None:
    report = reports[gold_set]
    assert len(report.articles) == sum(len(list(folder.glob("*.gold.json"))) for folder in SETS[gold_set])
    assert not report.unreadable


def test_the_cross_document_pair_has_few_duplicate_events() -> None:
    from kg.pipeline import build

    result = build([str(DEV / f"{name}.txt") for name in PAIR])
    assert not result.failures
    report = evaluate(DEV, result.dataset)
    assert sorted(a.article for a in report.articles) == sorted(PAIR)
    ceiling = FLOORS["cross_doc_duplicate_events"]
    assert report.duplicate_events <= ceiling, report.render()


def test_the_pair_reports_its_shared_events_once_from_both_articles() -> None:
    """The summit, the joint statement and Trump's news conference are each one node derived
    from both d01a and d01b."""
    from kg.pipeline import build

    kb = build([str(DEV / f"{name}.txt") for name in PAIR]).kb
    shared = {e.type for e in kb.events if len(e.sources) == 2}
    assert {MEETING, TREATY_SIGNING, STATEMENT} <= shared


def test_offline_links_are_never_wrong(tmp_path: Path) -> None:
    options = BuildOptions(link="wikidata", offline=True, cache_path=tmp_path / "cache.sqlite")
    links = evaluate([DEV, SEEDS], options=options)
    wanted = links.links(EntityType.COUNTRY, EntityType.PLACE, EntityType.PERSON)
    assert links.links().wrong <= FLOORS["offline_wrong_links"], links.render()
    linked = wanted.correct / (wanted.correct + wanted.wrong + wanted.missing)
    assert linked >= FLOORS["offline_linked_fraction"], links.render()
