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
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError, attempt
from kg.ingest.article import option_defaults, parse
from kg.ingest.decode import check_not_binary, decode, too_large
from kg.ingest.files import open_regular
from kg.ingest.frontmatter import kind_of, metadata_from_mapping
from kg.model import Article
from kg.options import BuildOptions

_CHUNK = 65536
_BODY_FIELDS = (("text", "txt"), ("html", "html"))


_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]')


def nesting_depth(text: str, limit: int) -> int:
    """How deeply the arrays and objects of JSON ``text`` nest, counted up to ``limit + 1``;
    strings are skipped, so brackets inside them do not count. Checked before parsing,
    since Python's parser recurses once per level."""
    depth = deepest = 0
    for token in _STRING_OR_BRACKET.finditer(text):
        char = token.group()[0]
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                break
        elif char in "]}":
            depth -= 1
    return deepest


def read_line(line: bytes, origin: str, options: BuildOptions) -> Article:
    """The article on one line of a feed; raises InputError naming ``origin``."""
    text = decode(line.rstrip(b"\r\n"), origin)
    if nesting_depth(text, options.max_nesting) > options.max_nesting:
        raise InputError(origin, f"JSON nested deeper than {options.max_nesting} levels (--max-nesting)")
    try:
        record = json.loads(text)
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
        return parse(value, origin, fmt, stated=stated, defaults=option_defaults(options), limits=options)
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
        stream = open_regular(path, origin)
    except InputError as exc:
        yield exc
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
                yield attempt(where, read_line, line, where, options)
