"""kg.ingest.read_inputs: files, folders, stdin, JSON Lines, and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import article_id, read_inputs
from kg.model import Article
from kg.options import BuildOptions

ROOT = Path(__file__).resolve().parent.parent
SEED_001 = ROOT / "seeds" / "001_273a97f05537f580.txt"
FEED = ROOT / "tests" / "data" / "ingest" / "feed.jsonl"
OPTIONS = BuildOptions()
BODY = "Kim Jong-un met Vladimir Putin in Beijing on Wednesday, the Kremlin said.\n"


def only(inputs: list[str], options: BuildOptions = OPTIONS, **kwargs: object) -> Article | InputError:
    (result,) = read_inputs(inputs, options, **kwargs)  # type: ignore[arg-type]
    return result


def error_of(path: Path, data: bytes, options: BuildOptions = OPTIONS) -> InputError:
    path.write_bytes(data)
    result = only([str(path)], options)
    assert isinstance(result, InputError), result
    assert result.origin == str(path)
    assert "\n" not in str(result)
    return result


# --- bad inputs: one clear line each, never raised ---------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "no text (empty or whitespace only)"),
        ("blank.txt", b" \n\t\r\n\n", "no text (empty or whitespace only)"),
        ("bom-only.txt", b"\xef\xbb\xbf\n", "no text (empty or whitespace only)"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary data, not text (NUL byte at offset 8)"),
        ("noise.txt", bytes(range(1, 32)) * 20, "binary data, not text (mostly control bytes)"),
        ("latin1.txt", "Café talks in Genève ended.".encode("latin-1"), "not UTF-8 text (byte 0xe9 at offset 3)"),
        ("bom-latin1.txt", b"\xef\xbb\xbfCaf\xe9", "not UTF-8 text (byte 0xe9 at offset 6)"),
        (
            "report.pdf.txt",  # a PDF under a text name is caught by its content
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 /Filter /FlateDecode >>\nstream\nx\x9c\x03\0\0\0\0\x01",
            "binary data, not text (NUL byte at offset 70)",
        ),
        ("report.pdf", b"%PDF-1.7\n", "not an article file (.pdf files are not read)"),
        ("graph.ttl", b"<a> <b> <c> .\n", "not an article file (.ttl files are not read)"),
        ("menu.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text found"),
        (
            "broken.md",
            b"---\ntitle: Kim meets Putin\nsource: Wire: Daily\n---\n" + BODY.encode(),
            "broken YAML front matter at line 3: mapping values are not allowed here",
        ),
    ],
)
def test_bad_file(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    assert error_of(tmp_path / name, data).reason == reason


def test_too_large_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_reading(self: Path) -> bytes:
        raise AssertionError("read a file over the size limit")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    error = error_of(tmp_path / "big.txt", BODY.encode() * 20, BuildOptions(max_bytes=1000))
    assert error.reason == f"too large: {len(BODY) * 20:,} bytes, over the limit of 1,000 bytes"


def test_missing_path_and_unsupported_scheme() -> None:
    missing = only(["no/such/article.txt"])
    assert isinstance(missing, InputError)
    assert str(missing) == "no/such/article.txt: no such file or directory"
    ftp = only(["ftp://example.org/a.txt"])
    assert isinstance(ftp, InputError) and ftp.reason == "unsupported URL scheme 'ftp' (only http and https)"


def test_errors_are_yielded_in_order_and_the_rest_still_read(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    results = list(read_inputs([str(SEED_001), "missing.txt", str(tmp_path / "empty.txt"), str(SEED_001)], OPTIONS))
    assert [type(r).__name__ for r in results] == ["Article", "InputError", "InputError", "Article"]
    assert [r.origin for r in results] == [str(SEED_001), "missing.txt", str(tmp_path / "empty.txt"), str(SEED_001)]


# --- files and folders ------------------------------------------------------------------


def test_folder_walk_is_recursive_sorted_and_skips_what_is_not_an_article(tmp_path: Path) -> None:
    text = BODY.encode()
    files = {
        "b.txt": text,
        "a/x.md": text,
        "a/README.md": text,
        "README.txt": text,
        "a/z/deep.htm": None,
        ".hidden.txt": text,
        ".git/HEAD.txt": text,
        "c.gold.json": b"{}",
        "c.meta.yaml": b"title: C\n",
        "c.txt": text,
        "image.png": b"\x89PNG",
        "notes.json": b"{}",
        "E.HTML": None,
        "f.jsonl": b'{"text": "%s"}\n' % text.strip(),
    }
    page = b"<html><body><article><p>" + text.strip() + b"</p></article></body></html>"
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(page if data is None else data)
    folder = str(tmp_path) + "/"  # the origin keeps the path as the user typed it
    results = list(read_inputs([folder], OPTIONS))
    assert all(isinstance(r, Article) for r in results), results
    assert [r.origin.removeprefix(folder) for r in results] == [
        "E.HTML",
        "a/x.md",
        "a/z/deep.htm",
        "b.txt",
        "c.txt",
        "f.jsonl:1",
    ]
    assert [r.title for r in results if r.origin.endswith("c.txt")] == ["C"]  # its sidecar


def test_explicit_file_with_another_extension_is_read_as_text_or_html(tmp_path: Path) -> None:
    (tmp_path / "article").write_text(BODY)
    (tmp_path / "page.php").write_text(
        "<!DOCTYPE html><html><head><title>Kim and Putin</title></head>"
        f"<body><article><p>{BODY}</p></article></body></html>"
    )
    results = list(read_inputs([str(tmp_path / "article"), str(tmp_path / "page.php")], OPTIONS))
    assert [(r.text, r.title) for r in results] == [(BODY.strip(), None), (BODY.strip(), "Kim and Putin")]


def test_windows_line_endings_and_nbsp(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(
        b"Published: 3 September 2025\r\n\r\nKim Jong-un met\xc2\xa0Vladimir Putin in Beijing.\r\n\r\nComments\r\n"
    )
    article = only([str(path)])
    assert isinstance(article, Article)
    assert (article.text, article.published) == ("Kim Jong-un met Vladimir Putin in Beijing.", dt.date(2025, 9, 3))


# --- stdin ------------------------------------------------------------------------------


def test_stdin_text_with_front_matter() -> None:
    stdin = io.StringIO(f"---\ntitle: Kim meets Putin\nsource: Example Wire\n---\n{BODY}")
    article = only(["-"], BuildOptions(published=dt.date(2025, 9, 3)), stdin=stdin)
    assert isinstance(article, Article)
    assert (article.origin, article.title, article.source, article.published) == (
        "<stdin>",
        "Kim meets Putin",
        "Example Wire",
        dt.date(2025, 9, 3),
    )
    assert article.id == article_id(None, BODY)


def test_stdin_bytes_are_checked_like_files() -> None:
    latin1 = io.TextIOWrapper(io.BytesIO("Genève talks.".encode("latin-1")))
    error = only(["-"], stdin=latin1)
    assert isinstance(error, InputError) and str(error) == "<stdin>: not UTF-8 text (byte 0xe8 at offset 3)"
    empty = only(["-"], stdin=io.StringIO(""))
    assert isinstance(empty, InputError) and empty.reason == "no text (empty or whitespace only)"
    big = only(["-"], BuildOptions(max_bytes=10), stdin=io.StringIO(BODY))
    assert isinstance(big, InputError) and big.reason.startswith("too large")


# --- JSON Lines -------------------------------------------------------------------------


def test_jsonl_good_and_bad_lines() -> None:
    results = {r.origin.rpartition(":")[2]: r for r in read_inputs([str(FEED)], OPTIONS)}
    assert sorted(results, key=int) == ["1", "3", "4", "5", "6", "7", "8", "9", "10"]  # line 2 is blank
    errors = {line: r.reason for line, r in results.items() if isinstance(r, InputError)}
    assert errors == {
        "4": "invalid JSON at column 10: Unterminated string starting at",
        "5": "expected a JSON object, not a list",
        "6": "no 'text' or 'html' field",
        "7": "field 'text' must be a string, not a number",
        "8": "field 'title' must be text, not a list",
        "9": "field 'published' is not a date: 'next Tuesday'",
    }
    first, page, scrape = results["1"], results["3"], results["10"]
    assert isinstance(first, Article) and isinstance(page, Article) and isinstance(scrape, Article)
    assert first.origin == f"{FEED}:1"
    assert (first.title, first.source, first.published, first.author) == (
        "Erdogan and Putin meet in Sochi",
        "Bosphorus Bulletin",
        dt.date(2023, 9, 4),
        "Elif Kaya",
    )
    assert first.id == article_id("https://example.org/bb/2023/09/04/sochi-talks", "")
    assert first.text.endswith("\n\nErdogan said he expected the corridor to reopen soon.")
    assert (page.title, page.source, page.published) == (
        "Blinken arrives in Kyiv",
        "Alpine Press Service",
        dt.date(2023, 9, 6),
    )
    assert page.text.startswith("US Secretary of State Antony Blinken arrived in Kyiv") and "Home" not in page.text
    assert (scrape.published, scrape.author, scrape.source) == (dt.date(2023, 9, 13), "KCNA Watch", "KCNA Watch")


def test_jsonl_line_errors_stay_on_their_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    good = b'{"text": "Kim Jong-un met Vladimir Putin in Beijing on Wednesday."}\n'
    feed.write_bytes(good + b'{"text": "Caf\xe9 diplomacy."}\n' + b'{"text": "' + b"x" * 500 + b'."}\n' + good)
    results = list(read_inputs([str(feed)], BuildOptions(max_bytes=200)))
    assert [r.reason if isinstance(r, InputError) else "ok" for r in results] == [
        "ok",
        "not UTF-8 text (byte 0xe9 at offset 13)",
        "too large: more bytes, over the limit of 200 bytes",
        "ok",
    ]
    assert [r.origin for r in results] == [f"{feed}:{n}" for n in (1, 2, 3, 4)]


def test_binary_jsonl_is_one_error(tmp_path: Path) -> None:
    copy = tmp_path / "feed.jsonl"
    shutil.copy(FEED, copy)
    with copy.open("ab") as stream:
        stream.write(b"\0\1\2")
    assert [str(r) for r in read_inputs([str(copy)], OPTIONS)] == [
        f"{copy}: binary data, not text (NUL byte at offset {FEED.stat().st_size})"
    ]
