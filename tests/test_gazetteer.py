"""The shipped gazetteer: well-formed, unambiguous by rule, and in agreement with the gold files."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

from kg.gazetteer import Gazetteer, GazetteerEntry
from kg.model import EntityType, fold_name

ROOT = Path(__file__).parent.parent
GOLD_FILES = sorted([*ROOT.glob("dev/articles/*.gold.json"), *ROOT.glob("seeds/*.gold.json")])
GOLD = [
    (path.name, entity) for path in GOLD_FILES for entity in json.loads(path.read_text(encoding="utf-8"))["entities"]
]

#: Names shared by entries of different types on purpose; lookup() picks the first by rule.
SHARED_NAMES = {"georgia": (EntityType.COUNTRY, EntityType.PLACE)}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def test_the_data_file_is_sorted_and_written_as_the_code_writes_it(gazetteer: Gazetteer) -> None:
    text = resources.files("kg.data").joinpath("gazetteer.json").read_text(encoding="utf-8")
    assert gazetteer.to_json() == text


def test_qids_are_well_formed_and_unique(gazetteer: Gazetteer) -> None:
    qids = [e.qid for e in gazetteer.entries() if e.qid]
    assert all(re.fullmatch(r"Q[1-9]\d*", q) for q in qids)
    assert len(qids) == len(set(qids))


def test_no_name_is_shared_except_by_rule(gazetteer: Gazetteer) -> None:
    owners = defaultdict(set)
    for entry in gazetteer.entries():
        for name in entry.names:
            owners[fold_name(name)].add(entry)
    shared = {
        key: tuple(sorted((e.type for e in entries), key=list(EntityType).index))
        for key, entries in owners.items()
        if len(entries) > 1
    }
    assert {key: tuple(types) for key, types in shared.items()} == {
        key: tuple(sorted(types, key=list(EntityType).index)) for key, types in SHARED_NAMES.items()
    }
    # the documented rule: a sovereign state beats a place of the same name
    assert gazetteer.lookup("Georgia").qid == "Q230"  # type: ignore[union-attr]
    assert gazetteer.lookup("Georgia", EntityType.PLACE).qid == "Q1428"  # type: ignore[union-attr]


def test_demonyms_and_metonyms_name_one_entry_each(gazetteer: Gazetteer) -> None:
    for field in ("demonyms", "metonyms"):
        owners = defaultdict(set)
        for entry in gazetteer.entries():
            for word in getattr(entry, field):
                owners[fold_name(word)].add(entry.name)
        assert {word: names for word, names in owners.items() if len(names) > 1} == {}, field


def test_every_current_state_has_a_capital_entry_in_it(gazetteer: Gazetteer) -> None:
    states = [e for e in gazetteer.entries() if e.type is EntityType.COUNTRY and not e.historical]
    assert len(states) >= 197  # 193 UN members, the Vatican, Palestine, Taiwan, Kosovo
    for state in states:
        if state.capital:
            capital = gazetteer.lookup(state.capital, EntityType.PLACE)
            assert capital is not None and capital.country == state.name, state.name


def test_every_country_field_names_a_country(gazetteer: Gazetteer) -> None:
    for entry in gazetteer.entries():
        if entry.country:
            assert gazetteer.lookup(entry.country, EntityType.COUNTRY) is not None, entry.name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Russia", "Russia"),
        ("Russian Federation", "Russia"),
        ("the Netherlands", "Netherlands"),
        ("The United States", "United States"),
        ("U.S.", "United States"),
        ("DPRK", "North Korea"),
        ("Democratic People's Republic of Korea", "North Korea"),
        ("Kiev", "Kyiv"),
        ("USSR", "Soviet Union"),
        ("Third Reich", "Nazi Germany"),
        ("Imperial Japan", "Empire of Japan"),
        ("Britain", "United Kingdom"),
        ("Kim Jong Un", "Kim Jong-un"),
        ("Erdogan", "Recep Tayyip Erdoğan"),
        ("North Atlantic Treaty Organization", "NATO"),
        ("OSCE", "Organization for Security and Co-operation in Europe"),
        ("Côte d'Ivoire", "Ivory Coast"),
        ("Cote d'Ivoire", "Ivory Coast"),
    ],
)
def test_lookup_by_name_or_alias(gazetteer: Gazetteer, name: str, expected: str) -> None:
    assert gazetteer.lookup(name).name == expected  # type: ignore[union-attr]


def test_short_acronyms_match_only_in_capitals(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("US").name == "United States"  # type: ignore[union-attr]
    assert gazetteer.lookup("WHO").name == "World Health Organization"  # type: ignore[union-attr]
    assert gazetteer.lookup("us") is None
    assert gazetteer.lookup("Who") is None
    assert gazetteer.lookup("Nato").name == "NATO"  # type: ignore[union-attr]


def test_demonyms_and_metonyms(gazetteer: Gazetteer) -> None:
    assert gazetteer.by_demonym("Russian").name == "Russia"  # type: ignore[union-attr]
    assert gazetteer.by_demonym("North Koreans").name == "North Korea"  # type: ignore[union-attr]
    assert gazetteer.by_demonym("Korean") is None
    assert gazetteer.by_metonym("the Kremlin").name == "Russia"  # type: ignore[union-attr]
    assert gazetteer.by_metonym("Moscow").name == "Russia"  # type: ignore[union-attr]
    assert gazetteer.by_metonym("Kyiv").name == gazetteer.by_metonym("Kiev").name == "Ukraine"  # type: ignore[union-attr]
    assert gazetteer.by_metonym("Brussels").name == "European Union"  # type: ignore[union-attr]
    assert gazetteer.by_metonym("Pentagon") is None
    assert gazetteer.by_qid("Q7747").name == "Vladimir Putin"  # type: ignore[union-attr]


def test_a_lookup_between_equals_is_ambiguous() -> None:
    twins = Gazetteer(
        [GazetteerEntry("Springfield", EntityType.PLACE, "Q1"), GazetteerEntry("Springfield", EntityType.PLACE, "Q2")]
    )
    assert twins.lookup("Springfield") is None
    assert len(twins.lookup_all("Springfield")) == 2


def test_gold_countries_are_found_with_their_qid(gazetteer: Gazetteer) -> None:
    countries = [(f, e) for f, e in GOLD if e["type"] == "Country" and e.get("wikidata")]
    assert countries
    for file, gold in countries:
        entry = gazetteer.lookup(gold["name"], EntityType.COUNTRY)
        assert entry is not None and entry.qid == gold["wikidata"], (file, gold["name"])
        for alias in gold.get("aliases", []):
            found = gazetteer.lookup(alias, EntityType.COUNTRY) or gazetteer.by_demonym(alias)
            if not entry.historical:  # a historical state's capital stands for today's state
                found = found or gazetteer.by_metonym(alias)
            assert found in (None, entry), (file, alias)


def test_no_gazetteer_qid_contradicts_a_gold_qid(gazetteer: Gazetteer) -> None:
    for file, gold in GOLD:
        if not gold.get("wikidata"):
            continue
        entry = gazetteer.lookup(gold["name"], EntityType(gold["type"]))
        if entry is not None and entry.qid is not None:
            assert entry.qid == gold["wikidata"], (file, gold["name"])
        by_qid = gazetteer.by_qid(gold["wikidata"])
        assert by_qid is None or by_qid.type.value == gold["type"], (file, gold["name"])


def _regeneration_script():  # scripts/ is not a package
    import importlib.util

    spec = importlib.util.spec_from_file_location("regenerate_gazetteer", ROOT / "scripts" / "regenerate_gazetteer.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_regeneration_completes_the_file_and_reports_conflicts(gazetteer: Gazetteer) -> None:
    script = _regeneration_script()
    states = [
        {
            "item": "Q159",
            "itemLabel": "Russia",
            "capital": "Q649",
            "capitalLabel": "Moscow",
            "aliases": "RU|Russian Federation|RUS",
            "demonyms": "Russian",
        },
        {
            "item": "Q212",
            "itemLabel": "Ukraine",
            "capital": "Q1",
            "capitalLabel": "Kyiv",
            "aliases": "",
            "demonyms": "",
        },
        {
            "item": "Q999999",
            "itemLabel": "Testland",
            "capital": "Q999998",
            "capitalLabel": "Testville",
            "aliases": "TL|Republic of Testland",
            "demonyms": "Testlander",
        },
    ]
    leaders = [
        {
            "item": "Q7747",
            "itemLabel": "Vladimir Putin",
            "country": "Q159",
            "countryLabel": "Russia",
            "aliases": "Putin",
        }
    ]
    merger = script.merge(gazetteer.entries(), states, leaders)
    result = Gazetteer(merger.entries)
    assert result.lookup("Russia") == gazetteer.lookup("Russia")  # curated data kept
    assert result.lookup("Kyiv").qid == "Q1899"  # type: ignore[union-attr]  # a conflict is reported, not applied
    assert merger.messages == [
        "CHECK Place Kyiv: file says Q1899, Wikidata says Q1",
        "added Country Testland (Q999999)",
        "added Place Testville (Q999998)",
    ]
    assert result.lookup("Testland") == GazetteerEntry(
        "Testland",
        EntityType.COUNTRY,
        "Q999999",
        ("Republic of Testland",),
        ("Testlander",),
        "Testville",
        ("Testville",),
    )
