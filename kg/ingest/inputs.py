"""Every input a user can name, read into Articles in the order given.

An input is ``-`` (standard input), an http(s) URL, a folder (walked, see walk.py), a
JSON Lines feed (``.jsonl``, see jsonl.py) or an article file: ``.txt``/``.md`` with
optional front matter, ``.html``/``.htm``; a file named explicitly with another
extension is read as text, or as HTML if it starts like a page. A failing input yields
an InputError and the others are still read.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kg.errors import InputError, attempt
from kg.ingest.article import option_defaults, parse
from kg.ingest.decode import decode, too_large
from kg.ingest.files import read_limited
from kg.ingest.frontmatter import read_sidecar
from kg.ingest.html import declared_charset
from kg.ingest.jsonl import read_jsonl
from kg.ingest.url import new_session, read_url
from kg.ingest.walk import ARTICLE_SUFFIXES, NOT_ARTICLE_SUFFIXES, walk
from kg.model import Article
from kg.options import BuildOptions

if TYPE_CHECKING:
    import requests

STDIN = "<stdin>"
FILE_FORMATS = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)://", re.I)


def read_file(path: Path, origin: str, options: BuildOptions) -> Article:
    """The article in one file, with its sidecar's metadata filling what it lacks."""
    fmt = FILE_FORMATS.get(path.suffix.lower(), "auto")
    data = read_limited(path, origin, options.max_bytes)
    text = decode(data, origin, declared_charset(data) if fmt in ("html", "auto") else None)
    defaults = read_sidecar(path, options).fill(option_defaults(options))
    return parse(text, origin, fmt, defaults=defaults, limits=options)


def read_stdin(stream: TextIO, options: BuildOptions) -> Article:
    """The article on standard input: text with optional front matter (or a page)."""
    limit = options.max_bytes
    buffer = getattr(stream, "buffer", None)  # bytes when there are, to check them as for files
    raw: bytes | str = buffer.read(limit + 1) if buffer is not None else stream.read(limit + 1)
    if len(raw) > limit:
        raise InputError(STDIN, too_large(None, limit))
    text = decode(raw, STDIN) if isinstance(raw, bytes) else raw
    return parse(text, STDIN, defaults=option_defaults(options), limits=options)


def read_path(item: str, options: BuildOptions) -> Iterator[Article | InputError]:
    """The articles in a file, feed or folder named ``item``."""
    path = Path(item)
    if path.is_dir():
        empty = True
        for found in walk(item):
            empty = False
            if isinstance(found, InputError):
                yield found
            else:
                yield from _read_file_or_feed(Path(found), found, options)
        if empty:
            suffixes = " ".join(ARTICLE_SUFFIXES)
            yield InputError(item, f"no article files ({suffixes}) in this folder")
    elif path.suffix.lower() in NOT_ARTICLE_SUFFIXES:
        yield InputError(item, f"not an article file ({path.suffix} files are not read)")
    elif path.exists():
        yield from _read_file_or_feed(path, item, options)
    else:
        yield InputError(item, "no such file or directory")


def _read_file_or_feed(path: Path, origin: str, options: BuildOptions) -> Iterator[Article | InputError]:
    if path.suffix.lower() == ".jsonl":
        yield from read_jsonl(path, origin, options)
    else:
        yield attempt(origin, read_file, path, origin, options)


def read_inputs(
    inputs: Sequence[str],
    options: BuildOptions,
    stdin: TextIO | None = None,
    session: requests.Session | None = None,
) -> Iterator[Article | InputError]:
    """One Article per article found, or one InputError per failing input, in input
    order. Errors are yielded, never raised, so the caller can report them and go on.
    URLs are fetched with ``session``; without one, a session is made and closed here."""
    made: requests.Session | None = None
    try:
        for item in inputs:
            scheme = _SCHEME.match(item)
            if item == "-":
                yield attempt(STDIN, read_stdin, stdin or sys.stdin, options)
            elif scheme and scheme[1].lower() in ("http", "https"):
                if session is None:
                    session = made = new_session()
                yield attempt(item, read_url, item, options, session)
            elif scheme:
                yield InputError(item, f"unsupported URL scheme '{scheme[1]}' (only http and https)")
            else:
                yield from read_path(item, options)
    finally:
        if made is not None:
            made.close()
