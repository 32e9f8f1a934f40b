"""The kg command end to end: build, validate, query, eval, exit codes and bad input."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
README = ROOT / "README.md"
FORMATS = (".ttl", ".jsonld", ".nt", ".nq", ".trig")


@pytest.fixture(scope="module")
def seed_graphs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seeds built once into every output format."""
    out = tmp_path_factory.mktemp("graphs")
    graphs = {}
    for ext in FORMATS:
        path = out / f"g{ext}"
        assert main(["build", str(SEEDS), "-o", str(path)]) == 0
        graphs[ext] = path
    return graphs


def _union(path: Path) -> Graph:
    ds = Dataset(default_union=True)
    ds.parse(path)
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def test_help_does_not_import_spacy() -> None:
    code = "import sys; from kg.cli import main\ntry:\n main(['--help'])\nexcept SystemExit: pass\nprint('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().endswith("False")


@pytest.mark.slow
def test_build_seeds_gives_the_meeting_and_treaty_with_dates(
    seed_graphs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = seed_graphs[".ttl"]
    assert main(["query", str(path), "--format", "json", "--file", str(ROOT / "queries" / "meetings.rq")]) == 0
    answer = json.loads(capsys.readouterr().out)
    rows = answer["results"]["bindings"]
    beijing = [r for r in rows if "Beijing" in json.dumps(r) and "2025-09-03" in json.dumps(r)]
    assert beijing, rows
    assert (
        main(
            [
                "query",
                str(path),
                "ASK { ?t a kg:TreatySigning ; kg:date ?d ; kg:party/rdfs:label 'Russia', 'North Korea' . FILTER(STR(?d) = '2024-06') }",
            ]
        )
        == 0
    )
    assert "true" in capsys.readouterr().out.lower()


def test_seeds_give_one_meeting_from_both_articles(
    seed_graphs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    query = """SELECT ?m (COUNT(DISTINCT ?a) AS ?n) WHERE {
        ?m a kg:Meeting ; kg:place/rdfs:label "Beijing" ; prov:wasDerivedFrom ?a } GROUP BY ?m"""
    assert main(["query", str(seed_graphs[".ttl"]), query, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and lines[1].endswith(",2")


@pytest.mark.slow
def test_one_article_node_per_seed_and_validate_passes(
    seed_graphs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", str(seed_graphs[".ttl"]), "SELECT ?a WHERE { ?a a kg:Article }", "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 1 + 2
    assert main(["validate", str(seed_graphs[".ttl"])]) == 0


def test_all_five_formats_hold_the_same_triples(seed_graphs: dict[str, Path]) -> None:
    reference = _union(seed_graphs[".ttl"])
    assert len(reference) > 100
    for ext in FORMATS[1:]:
        assert isomorphic(_union(seed_graphs[ext]), reference), ext


@pytest.mark.slow
def test_named_graph_per_article_in_quads(seed_graphs: dict[str, Path]) -> None:
    ds = Dataset()
    ds.parse(seed_graphs[".trig"])
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert sum("/article/" in n for n in names) == 2


def test_validate_exits_1_on_violations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix kg: <https://w3id.org/newskg/ontology#> .\n<https://w3id.org/newskg/id/event/x> a kg:Meeting .\n",
        encoding="utf-8",
    )
    assert main(["validate", str(bad)]) == 1
    assert "event/x" in capsys.readouterr().out


@pytest.mark.slow
def test_malformed_query_is_one_line_with_position_exit_2(
    seed_graphs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", str(seed_graphs[".ttl"]), "SELECT ?x WHERE { ?x a }"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert re.search(r"line \d+, column \d+", err), err


def test_missing_graph_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope.ttl")]) == 2
    err = capsys.readouterr().err
    assert "nope.ttl" in err and "Traceback" not in err


@pytest.mark.slow
def test_bad_inputs_are_named_and_the_rest_is_built(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = {
        "empty.txt": b"",
        "binary.txt": b"\x00\x01\x02binary\x00" * 10,
        "latin1.txt": "Caf\xe9 in Par\xeds, a long sentence here.".encode("latin-1"),
        "broken.md": b"---\ntitle: [unclosed\n---\nBody text that is a sentence.\n",
        "nothing.html": b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
        "huge.txt": b"A sentence about Russia. " * 400,
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    good = tmp_path / "good.txt"
    shutil.copy(SEEDS / "001_273a97f05537f580.txt", good)
    out = tmp_path / "g.ttl"
    args = [
        "build",
        *(str(tmp_path / n) for n in bad),
        str(good),
        "http://127.0.0.1:9/none",
        "-o",
        str(out),
        "--max-bytes",
        "5000",
    ]
    assert main(args) == 1
    err = capsys.readouterr().err
    for name in [*bad, "127.0.0.1:9"]:
        assert name in err, name
    assert "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith("kg: error:")]) == len(bad) + 1
    assert "Kursk" in out.read_text(encoding="utf-8")


def test_failed_build_keeps_the_existing_output(tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    out.write_text("# an earlier graph\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["build", str(tmp_path / "empty.txt"), "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "# an earlier graph\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "g.ttl"]  # no temp file left


@pytest.mark.slow
def test_unknown_output_extension_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(SEEDS), "-o", str(tmp_path / "g.xyz")]) == 2
    assert ".ttl" in capsys.readouterr().err


def test_stdin_to_stdout(monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    import io

    text = (SEEDS / "000_3c56d13821ab7143.txt").read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    assert main(["build", "-", "--published", "2025-09-03", "-o", "-"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    graph = Graph().parse(data=out, format="turtle")
    assert len(graph) > 20


@pytest.mark.slow
def test_offline_linking_needs_no_network(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "g.ttl"
    args = [
        "build",
        str(SEEDS),
        "--link",
        "wikidata",
        "--offline",
        "--cache",
        str(tmp_path / "c.sqlite"),
        "-o",
        str(out),
    ]
    assert main(args) == 0
    text = out.read_text(encoding="utf-8")
    for qid in ("Q159", "Q423", "Q212", "Q956", "Q7747", "Q56226"):
        assert f"wikidata.org/entity/{qid}" in text, qid


def test_eval_prints_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(SEEDS), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert "entities" in json.dumps(summary)


@pytest.mark.slow
def test_every_command_is_documented_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    for command in ("build", "query", "validate", "eval", "cache export", "cache import"):
        assert f"kg {command}" in readme, command


@pytest.mark.slow
def test_claims_query_lists_the_readmes_example_on_the_seeds(seed_graphs: dict[str, Path], capsys) -> None:
    """queries/claims.rq on the seeds built together lists Russia's claim that Ukrainian
    forces were expelled (seed 000), an event the other seed reports too."""
    assert (
        main(["query", str(seed_graphs[".ttl"]), "--file", str(ROOT / "queries" / "claims.rq"), "--format", "csv"]) == 0
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    (row,) = [r for r in rows if r["label"].startswith("Military operation")]
    assert row["claimant"] == "Russia" and row["articles"] == "2"
