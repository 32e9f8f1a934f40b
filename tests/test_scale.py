"""kg.scale: worker processes and a Dask cluster give the one-process graph, byte for byte;
Ctrl-C stops a parallel build with one line; progress and stage logs on stderr."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

import kg
from kg.cli import main
from kg.options import BuildOptions
from kg.rdf.serialize import serialize
from kg.scale import progress

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "dev" / "articles"
SEEDS = ROOT / "seeds"


def test_two_processes_write_the_same_bytes_as_one(dev_build, tmp_path):
    out = tmp_path / "two.nq"
    assert main(["build", str(DEV), "--processes", "2", "-q", "-o", str(out)]) == 0
    assert out.read_bytes() == serialize(dev_build.quads, "nq")


def test_a_dask_cluster_gives_the_same_graph_as_one_process(dev_build):
    distributed = pytest.importorskip("distributed")
    # one in-process worker: the cluster path (partitions as tasks, the model plugin, results
    # gathered in order and merged in the client) without starting more processes
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        result = kg.build([str(DEV)], BuildOptions(dask=cluster.scheduler_address))
    assert serialize(result.quads, "nq") == serialize(dev_build.quads, "nq")
    assert result.kb == dev_build.kb


def test_an_unreachable_scheduler_is_one_error_line(capsys, monkeypatch):
    pytest.importorskip("distributed")
    from kg.scale import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    code = main(["build", str(SEEDS), "--dask", "tcp://127.0.0.1:9", "-q", "-o", os.devnull + ".nq"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("kg: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")


def _descendants(pid: int) -> set[int]:
    """The processes below ``pid`` (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split() if (task / "children").exists() else []
        for child in map(int, children):
            found |= {child, *_descendants(child)}
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the workers through Linux's /proc")
def test_ctrl_c_stops_a_parallel_build_with_one_line_and_no_worker_tracebacks(tmp_path):
    out = tmp_path / "g.nq"
    kg_command = [sys.executable, "-c", "import sys; from kg.cli import main; sys.exit(main())"]
    command = [*kg_command, "build", str(DEV), "--processes", "2", "-o", str(out)]
    build = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own: the signal goes to all of it, as Ctrl-C does
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # a background shell's tests ignore it
    )
    deadline = time.monotonic() + 60
    while len(_descendants(build.pid)) < 4 and time.monotonic() < deadline:  # forkserver, tracker, 2 workers
        time.sleep(0.2)
    time.sleep(1)  # the workers are parsing
    os.killpg(build.pid, signal.SIGINT)
    _, err = build.communicate(timeout=60)
    assert build.returncode == 130
    assert err == "kg: error: interrupted; nothing was written\n"
    assert not out.exists()


def test_progress_lines_when_stderr_is_not_a_terminal():
    stream = io.StringIO()
    items = list(progress.track(iter(range(2500)), 2500, stream=stream))
    assert items == list(range(2500))
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("kg: 1,000/2,500 articles, ") and "articles/s" in lines[0] and "left" in lines[0]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_on_a_terminal():
    stream = _Terminal()
    assert list(progress.track(iter(range(40)), 40, stream=stream)) == list(range(40))
    assert "/40 [" in stream.getvalue() and "articles/s" in stream.getvalue()  # done/total, rate


@pytest.mark.parametrize(
    ("output", "stages"),
    [
        ("g.ttl", ("merge:", "mapping:", "validation:", "writing:")),
        ("g.nq", ("merge (the index):", "validation (in batches):", "mapping and writing:")),  # streamed
    ],
)
def test_verbose_logs_each_stage(nlp, tmp_path, capfd, output, stages):
    assert main(["build", str(SEEDS), "-v", "-o", str(tmp_path / output)]) == 0
    err = capfd.readouterr().err
    for stage in ("extraction (NLP, references, events): 2 article(s)", *stages):
        assert f"kg: {stage}" in err


def test_workers_get_options_for_one_process():
    from kg.scale import single

    options = BuildOptions(processes=4, dask="tcp://x:1", progress=True, batch_size=8)
    assert single(options) == replace(options, processes=1, dask=None, progress=False)


def test_an_article_that_fails_in_a_worker_is_named_and_the_rest_built(tmp_path, capfd):
    # seed 001 gives 16 events, seed 000 eight: over --max-events 10, 001 fails in its worker
    errors = []
    for processes in ("1", "2"):
        out = tmp_path / f"g{processes}.nq"
        args = ["build", str(SEEDS), "--processes", processes, "--max-events", "10", "-q", "-o", str(out)]
        assert main(args) == 1
        errors.append(capfd.readouterr().err)
        assert out.exists()
    assert errors[0] == errors[1]
    assert "001_273a97f05537f580.txt: 16 events, over the limit of 10 per article (--max-events)" in errors[1]
    assert (tmp_path / "g1.nq").read_bytes() == (tmp_path / "g2.nq").read_bytes()


def test_nquads_in_parts_hold_the_dataset_with_each_article_graph_whole(nlp, tmp_path):
    import pyoxigraph as ox

    whole, out = tmp_path / "g.nq", tmp_path / "parts.nq"
    assert main(["build", str(SEEDS), "-q", "-o", str(whole)]) == 0
    assert main(["build", str(SEEDS), "-q", "--parts", "3", "-o", str(out)]) == 0
    paths = [tmp_path / f"parts.{i}-of-3.nq" for i in (1, 2, 3)]
    assert not out.exists() and all(path.exists() for path in paths)
    lines = [path.read_text(encoding="utf-8").splitlines() for path in paths]
    assert sorted(line for part in lines for line in part) == sorted(whole.read_text(encoding="utf-8").splitlines())
    graphs = [{str(q.graph_name) for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)} for path in paths]
    named = [g - {"DEFAULT"} for g in graphs]
    assert sum(len(g) for g in named) == len(set().union(*named)) == 2  # each article's graph in one part only


def test_parts_are_for_nquads_only(capsys):
    assert main(["build", str(SEEDS), "--parts", "2", "-o", "g.ttl"]) == 2
    assert "only N-Quads (.nq) can be written in parts" in capsys.readouterr().err
