"""Every command in the README runs as written from a clone of the repository.

The commands are taken from the README's ``sh`` blocks (``$ `` lines where a block shows
output too) and run in order, in a folder holding the repository's seeds, dev articles and
queries, with a cache of their own. Skipped, and only these: installing (pip), servers
and their clients (kg serve, oxigraph serve, kg push, curl: tests/test_serve.py and
tests/test_push.py run them), a Dask cluster
(tests/test_scale.py starts one), commands that need the network, and the examples whose
inputs stand for the user's own files.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
#: Inputs in the README's examples that stand for a user's own files.
PLACEHOLDERS = ("story.html", "story.txt", "feed.jsonl", "archive/", "archive.nq")
_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)


def readme_commands() -> list[str]:
    commands = []
    for block in _BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8")):
        lines = block.splitlines()
        shown = any(line.startswith("$ ") for line in lines)
        for line in lines:
            if shown and not line.startswith("$ "):
                continue  # output
            commands.append(line.removeprefix("$ ").strip())
    return [command for command in commands if command]


def skip_reason(command: str) -> str | None:
    words = shlex.split(command, comments=True)
    if words[0] in ("python3", "pip", "curl") or words[1:2] in (["serve"], ["push"]):
        return "installs, or needs the server (tests/test_serve.py)"
    if words[0] == "oxigraph":
        return "another program: Oxigraph's own server (tests/test_push.py runs it)"
    if words[0] == "dask" or "--dask" in words:
        return "needs a Dask cluster (tests/test_scale.py runs one)"
    if any(re.match(r"https?://(?!127\.0\.0\.1)", word) for word in words):
        return "needs the network"
    if "--link" in words and "--offline" not in words:
        return "needs the network"
    if any(word in PLACEHOLDERS for word in words):
        return "its input stands for the user's own file"
    return None


def test_the_readme_has_commands_and_skips_few() -> None:
    commands = readme_commands()
    assert len(commands) > 15
    ran = [command for command in commands if skip_reason(command) is None]
    assert len(ran) >= 10, ran


@pytest.mark.slow
def test_every_readme_command_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("seeds", "dev", "queries"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    failed = []
    for command in readme_commands():
        if skip_reason(command) is not None:
            continue
        for part in command.split("&&"):
            words = shlex.split(part, comments=True)
            assert words[0] == "kg", command
            code = main(words[1:])
            output = capsys.readouterr()
            if code != 0:
                failed.append(f"{part.strip()} -> exit {code}: {output.err.strip()[-300:]}")
                break
    assert failed == []


def test_query_help_and_the_readme_list_every_predeclared_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    from kg.store.query import QUERY_PREFIXES

    with pytest.raises(SystemExit):
        main(["query", "--help"])
    listed = capsys.readouterr().out.split("Predeclared prefixes:")[1].split(".")[0]
    assert sorted(name.strip() for name in listed.split(",")) == sorted(QUERY_PREFIXES)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### `kg query GRAPH 'SPARQL'`")[1].split("Common prefixes")[1].split("predeclared")[0]
    assert sorted(re.findall(r"`(\w+)`", section)) == sorted(QUERY_PREFIXES)
