"""A corpus of hostile inputs: each case makes its files in a folder and says what kg must do.

Used by tests/test_hostile.py (each case built beside a good article, and alone over an
existing output) and by bench/hostile.py (the big cases, timed and measured). Every case of
issue 10 is here, and some more: a case is the input a hostile (or careless) user gives,
the flags given with it, and the reason its error line must hold (None: it must build).

    python tests/hostile.py DIR      writes every case's files under DIR/NAME/
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "seeds" / "001_273a97f05537f580.txt"  # the article built beside every case
SENTENCE = "Russia and China signed a treaty in Beijing on Tuesday, officials said.\n"


@dataclass(frozen=True)
class Case:
    """One hostile input. ``make(folder)`` writes it and returns the INPUT argument(s) and
    the name its error line starts with; ``reason`` is a fragment of that line's reason, or
    None when kg must build it; ``flags`` go on the command line with it."""

    name: str
    make: Callable[[Path], tuple[list[str], str]]
    reason: str | None
    flags: tuple[str, ...] = ()
    posix_only: bool = False
    tags: frozenset[str] = field(default_factory=frozenset)


def _file(name: str, data: bytes | str) -> Callable[[Path], tuple[list[str], str]]:
    def make(folder: Path) -> tuple[list[str], str]:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return [str(path)], str(path)

    return make


def _with_sidecar(name: str, body: str, sidecar: str) -> Callable[[Path], tuple[list[str], str]]:
    def make(folder: Path) -> tuple[list[str], str]:
        path = folder / name
        path.write_text(body, encoding="utf-8")
        side = path.with_suffix(".meta.yaml")
        side.write_text(sidecar, encoding="utf-8")
        return [str(path)], str(side)

    return make


def _line(name: str, row: str) -> Callable[[Path], tuple[list[str], str]]:
    def make(folder: Path) -> tuple[list[str], str]:
        path = folder / name
        path.write_text(row + "\n", encoding="utf-8")
        return [str(path)], f"{path}:1"

    return make


def _fifo(folder: Path) -> tuple[list[str], str]:
    path = folder / "news.txt"
    os.mkfifo(path)
    return [str(path)], str(path)


def _folder(name: str) -> Callable[[Path], tuple[list[str], str]]:
    def make(folder: Path) -> tuple[list[str], str]:
        (folder / name).mkdir()
        return [str(folder / name)], str(folder / name)

    return make


def _device(folder: Path) -> tuple[list[str], str]:
    return ["/dev/zero"], "/dev/zero"


def _front(yaml: str, body: str = SENTENCE) -> str:
    return f"---\n{yaml}\n---\n{body}"


def alias_bomb(levels: int = 9) -> str:
    """The "billion laughs" of YAML: each alias doubles nine times what the last expands to."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    lines.append(f"published: *a{levels - 1}")
    return "\n".join(lines)


def entity_bomb_html(size: int) -> str:
    """A page whose text, its character references expanded, is about ``size`` characters."""
    return "<html><body><article><p>" + "&amp; " * (size // 2) + "</p></article></body></html>"


def treaties() -> str:
    """A text of thirty treaty signings, each between another pair of states."""
    states = (
        "Russia",
        "China",
        "India",
        "Brazil",
        "France",
        "Germany",
        "Japan",
        "Egypt",
        "Iran",
        "Turkey",
        "Mexico",
        "Canada",
    )
    cities = ("Beijing", "Moscow", "Paris", "Berlin", "Tokyo", "Cairo")
    return "\n\n".join(
        f"{a} and {b} signed a trade treaty in {cities[i % len(cities)]} on Tuesday."
        for i, a in enumerate(states)
        for b in states[i + 1 : i + 4]
    )


def jsonl_rows(count: int) -> str:
    """``count`` one-line JSON Lines rows, each a short story of its own."""
    rows = (
        {"text": f"Report {i}: Russia and China signed a treaty in Beijing on Tuesday.", "published": "2025-09-03"}
        for i in range(count)
    )
    return "".join(json.dumps(row) + "\n" for row in rows)


CASES: tuple[Case, ...] = (
    Case("empty", _file("empty.txt", ""), "no text"),
    Case("binary", _file("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "binary data"),
    Case("latin1", _file("latin1.txt", "Café talks in Genève.".encode("latin-1")), "not UTF-8"),
    Case("utf16 without a mark", _file("wide.txt", SENTENCE.encode("utf-16-le")), "UTF-16"),
    Case("utf16 with a mark", _file("wide.txt", SENTENCE.encode("utf-16")), None),
    Case("february 29 in front matter", _file("leap.md", _front("published: 2025-02-29")), "not a date"),
    Case("month 13 in front matter", _file("month.md", _front("published: 2025-13-45")), "not a date"),
    Case(
        "february 29 in a sidecar",
        _with_sidecar("raw.txt", SENTENCE, "published: 2025-02-29\n"),
        "not a date",
    ),
    Case("yaml alias bomb", _file("bomb.md", _front(alias_bomb())), "aliases"),
    Case("yaml alias in a sidecar", _with_sidecar("raw.txt", SENTENCE, "t: &t x\ntitle: *t\n"), "aliases"),
    Case("deep front matter", _file("deep.md", _front("title: " + "[" * 5000 + "]" * 5000)), "nested deeper"),
    Case("deep front matter mappings", _file("deep.md", _front("t:" + " {a:" * 3000 + " 1" + "}" * 3000)), "nested"),
    Case("deep json row", _line("feed.jsonl", '{"text": "x", "y": ' + "[" * 100_000 + "]" * 100_000 + "}"), "nested"),
    Case("json row not an object", _line("feed.jsonl", "[1, 2, 3]"), "expected a JSON object"),
    Case(
        "json row with a date that is no date",
        _line("feed.jsonl", json.dumps({"text": SENTENCE, "published": "2025-02-30"})),
        "not a date",
    ),
    Case(
        "json row with a numeric title",
        _line("feed.jsonl", json.dumps({"text": SENTENCE, "title": 7})),
        "must be text",
    ),
    Case(
        "rot13 charset",
        _file("page.html", f'<html><head><meta charset="rot13"></head><body><p>{SENTENCE}</p></body></html>'),
        "character set",
    ),
    Case(
        "charset that does not exist",
        _file("page.html", f'<html><head><meta charset="x-klingon"></head><body><p>{SENTENCE}</p></body></html>'),
        "character set",
    ),
    Case(
        "html entity bomb", _file("bomb.html", entity_bomb_html(20_000)), "--max-chars", flags=("--max-chars", "10000")
    ),
    Case("text over --max-chars", _file("long.txt", SENTENCE * 200), "--max-chars", flags=("--max-chars", "5000")),
    Case("more events than --max-events", _file("many.txt", treaties()), "--max-events", flags=("--max-events", "20")),
    Case("file name with a newline", _file("bad\nname.txt", ""), "no text"),
    Case("file name with an escape", _file("bad\x1b[31mname.txt", ""), "no text"),
    Case("a folder named .txt", _folder("x.txt"), "no article files"),
    Case("a fifo named .txt", _fifo, "FIFO", posix_only=True),
    Case("/dev/zero", _device, "character device", posix_only=True),
    Case("yesterday before year 1", _file("y.txt", "Yesterday " + SENTENCE), None, flags=("--published", "0001-01-01")),
    Case(
        "next year after 9999",
        _file("n.txt", "Next year Russia and China will sign a treaty in Beijing.\n"),
        None,
        flags=("--published", "9999-12-31"),
    ),
    Case(
        "a long week after 9999",
        _file("w.txt", "Next week Russia and China will sign a treaty in Beijing.\n"),
        None,
        flags=("--published", "9999-12-31"),
    ),
    Case(
        "unsupported URL scheme",
        lambda folder: (["file:///etc/passwd"], "file:///etc/passwd"),
        "unsupported URL scheme",
    ),
)


def write_all(folder: Path) -> dict[str, list[str]]:
    """Write every case under ``folder/NAME/``; returns each case's input arguments."""
    made = {}
    for case in CASES:
        if case.posix_only and os.name != "posix":
            continue
        where = folder / case.name.replace(" ", "_").replace("/", "_")
        where.mkdir(parents=True, exist_ok=True)
        made[case.name] = case.make(where)[0]
    return made


if __name__ == "__main__":  # pragma: no cover
    for name, inputs in write_all(Path(sys.argv[1])).items():
        print(f"{name}: {' '.join(inputs)}")
