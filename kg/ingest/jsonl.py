"""JSON Lines feeds: one article a line.

Each line is a JSON object with ``text`` (plain text, which may start with front matter)
or ``html`` (a page), plus optional ``title``, ``source``, ``published`` (a date string),
``url`` and ``author``; other keys are ignored, and ``text`` wins when both are given.
Blank lines are skipped. Each line is an input of its own: its origin is ``FILE:LINE``,
a bad line gives an InputError for that line alone, and the size limit applies to each
line rather than to the whole feed.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError
from kg.ingest.article import option_defaults, parse
from kg.ingest.decode import check_not_binary, decode, too_large
from kg.ingest.frontmatter import kind_of, metadata_from_mapping
from kg.model import Article
from kg.options import BuildOptions

_CHUNK = 65536
_BODY_FIELDS = (("text", "txt"), ("html", "html"))


def read_line(line: bytes, origin: str, options: BuildOptions) -> Article:
    """The article on one line of a feed; raises InputError naming ``origin``."""
    try:
        record = json.loads(decode(line.rstrip(b"\r\n"), origin))
    except json.JSONDecodeError as exc:
        raise InputError(origin, f"invalid JSON at column {exc.colno}: {exc.msg}") from exc
    if not isinstance(record, dict):
        raise InputError(origin, f"expected a JSON object, not {kind_of(record)}")
    stated = metadata_from_mapping(record, origin, "field", numbers_as_text=False)
    for key, fmt in _BODY_FIELDS:
        value = record.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(origin, f"field '{key}' must be a string, not {kind_of(value)}")
        return parse(value, origin, fmt, stated=stated, defaults=option_defaults(options))
    raise InputError(origin, "no 'text' or 'html' field")


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; the line is None when it is longer than ``limit``,
    which is skipped without being held in memory."""
    for number in itertools.count(1):
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, line


def read_jsonl(path: Path, origin: str, options: BuildOptions) -> Iterator[Article | InputError]:
    """One Article or InputError for each non-blank line of the feed at ``path``."""
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield InputError(origin, f"cannot read: {exc.strerror or exc}")
        return
    with stream:
        try:
            check_not_binary(stream.read(_CHUNK), origin)
        except InputError as exc:
            yield exc
            return
        stream.seek(0)
        for number, line in _lines(stream, options.max_bytes):
            where = f"{origin}:{number}"
            if line is None:
                yield InputError(where, too_large(None, options.max_bytes))
            elif line.strip():
                try:
                    yield read_line(line, where, options)
                except InputError as exc:
                    yield exc
