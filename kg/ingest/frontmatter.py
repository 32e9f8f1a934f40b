"""Article metadata written as YAML: front matter at the top of a file, or a sidecar file.

Front matter is a YAML mapping between two ``---`` lines at the very start of a file
(the closing line may also be ``...``)::

    ---
    title: Kim pledges support in Beijing talks
    source: Example Wire
    published: 2025-09-03
    url: https://example.org/news/kim-putin-beijing
    author: Jane Doe
    ---
    Body text.

A sidecar is the same mapping in a file of its own, ``NAME.meta.yaml`` beside
``NAME.txt`` (or ``NAME.md``, ``NAME.html``): it gives metadata to a raw scraped file
that has no room for front matter. Its values only fill what the file itself lacks.

Keys other than ``title``, ``source``, ``published``, ``url`` and ``author`` are ignored, so
files may carry notes of their own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from kg.errors import InputError
from kg.options import DEFAULT_MAX_NESTING, BuildOptions

SIDECAR_SUFFIX = ".meta.yaml"

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
# The written forms of a calendar date we accept; all-numeric day/month orders other
# than year-first and dotted day.month.year are ambiguous (3/9/2025) and left alone.
_DATE_PATTERNS = (
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d])"),
    re.compile(r"\b(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}){_ORDINAL},?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})\b", re.I),
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


@dataclass(frozen=True)
class Metadata:
    """What is known about an article besides its text; None where nothing is known."""

    title: str | None = None
    source: str | None = None
    published: dt.date | None = None
    url: str | None = None
    author: str | None = None

    def fill(self, other: Metadata) -> Metadata:
        """These values, with ``other``'s wherever these have none."""
        return Metadata(
            **{
                f.name: getattr(self, f.name) if getattr(self, f.name) is not None else getattr(other, f.name)
                for f in fields(self)
            }
        )


def find_date(text: str) -> tuple[dt.date, re.Match[str]] | None:
    """The first calendar date written in ``text`` and where it stands, or None."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            month = match["month"]
            number = int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
            try:
                return dt.date(int(match["year"]), number, int(match["day"])), match
            except ValueError:  # 2025-02-30: not a date, look further
                continue
    return None


def parse_date(value: object) -> dt.date | None:
    """A date from a YAML date or datetime, an ISO string, or a written date
    ("September 3, 2025 10:16 am", "3 Sept 2025"); None if there is none."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.strip()).date()
    except ValueError:
        found = find_date(value)
        return found[0] if found else None


def http_url(value: str) -> str | None:
    """``value`` stripped if it is an absolute http(s) URL, else None."""
    value = value.strip()
    parts = urlsplit(value)
    try:
        _ = parts.port  # raises ValueError when the port is not a number
    except ValueError:
        return None
    return value if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def clean_text(value: str) -> str | None:
    """Whitespace collapsed to single spaces; None for nothing."""
    return " ".join(value.split()) or None


def kind_of(value: object) -> str:
    """How a wrongly typed value is named in messages."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def metadata_from_mapping(
    data: Mapping[str, object], origin: str, where: str, *, numbers_as_text: bool = True
) -> Metadata:
    """Read and check the metadata keys of ``data``. ``where`` names the place in
    messages ("front matter", "field"); ``numbers_as_text`` accepts ``title: 1984``,
    which YAML reads as a number though the writer meant text."""
    text_types: tuple[type, ...] = (str, int, float) if numbers_as_text else (str,)
    values: dict[str, object] = {}
    for key in ("title", "source", "author"):
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, text_types):
            raise InputError(origin, f"{where} '{key}' must be text, not {kind_of(value)}")
        values[key] = clean_text(str(value))
    url = data.get("url")
    if url is not None:
        values["url"] = http_url(url) if isinstance(url, str) else None
        if values["url"] is None:
            raise InputError(origin, f"{where} 'url' is not an http(s) URL: {url!r}")
    published = data.get("published")
    if published is not None:
        values["published"] = parse_date(published)
        if values["published"] is None:
            raise InputError(origin, f"{where} 'published' is not a date: {published!r}")
    return Metadata(**values)  # type: ignore[arg-type]


class _Refused(yaml.MarkedYAMLError):
    """YAML that is well formed but that kg will not read."""


class _MetadataLoader(yaml.SafeLoader):
    """YAML's safe subset, less what makes a few bytes cost gigabytes or a crash: aliases
    (``*a``, which an "alias bomb" nests to expand 500 bytes into billions of nodes) are
    refused, and so is nesting deeper than ``max_nesting`` (PyYAML recurses per level).
    Dates are left as text: PyYAML raises while building ``2025-02-29``, while
    ``parse_date`` says it is not a date."""

    max_nesting = DEFAULT_MAX_NESTING
    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML's own class attribute, copied)
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                problem=f"alias *{event.anchor}: kg does not expand YAML aliases",
                problem_mark=event.start_mark,  # type: ignore[arg-type]
            )
        self._depth += 1
        try:
            if self._depth > self.max_nesting:
                raise _Refused(
                    problem=f"nested deeper than {self.max_nesting} levels (--max-nesting)",
                    problem_mark=event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _safe_load(text: str, max_nesting: int) -> object:
    loader = _MetadataLoader(text)
    loader.max_nesting = max_nesting
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def load_metadata(
    text: str, origin: str, what: str, first_line: int, max_nesting: int = DEFAULT_MAX_NESTING
) -> Metadata:
    """Metadata from a YAML mapping; ``first_line`` is the file line the YAML starts on,
    so that errors point at the line a user sees in an editor."""
    try:
        data = _safe_load(text, max_nesting)
    except _Refused as exc:
        line = f" at line {exc.problem_mark.line + first_line}" if exc.problem_mark else ""
        raise InputError(origin, f"YAML {what} refused{line}: {exc.problem}") from exc
    except yaml.MarkedYAMLError as exc:
        line = f" at line {exc.problem_mark.line + first_line}" if exc.problem_mark else ""
        raise InputError(origin, f"broken YAML {what}{line}: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise InputError(origin, f"broken YAML {what}: {exc}") from exc
    if data is None:
        return Metadata()
    if not isinstance(data, Mapping):
        raise InputError(origin, f"{what} must be a YAML mapping of keys to values, not {kind_of(data)}")
    return metadata_from_mapping(data, origin, what)


_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


def split_front_matter(text: str, origin: str, max_nesting: int = DEFAULT_MAX_NESTING) -> tuple[Metadata, str]:
    """The front matter's metadata and the body after it; no front matter gives empty
    metadata and the whole text."""
    first, newline, rest = text.partition("\n")
    if first.rstrip() != "---" or not newline:
        return Metadata(), text
    close = _FENCE.search(rest)
    if close is None:
        raise InputError(origin, "front matter has no closing '---' line")
    meta = load_metadata(rest[: close.start()], origin, "front matter", first_line=2, max_nesting=max_nesting)
    return meta, rest[close.end() :]


def sidecar_path(path: Path) -> Path:
    """Where the sidecar of ``path`` lives: ``NAME.meta.yaml`` beside ``NAME.txt``."""
    return path.with_suffix(SIDECAR_SUFFIX)


def read_sidecar(path: Path, limits: BuildOptions = BuildOptions()) -> Metadata:
    """The metadata in the sidecar of ``path``; empty when there is none. ``limits``
    gives the most bytes and nesting levels read (``max_bytes``, ``max_nesting``)."""
    from kg.ingest.files import read_limited

    sidecar = sidecar_path(path)
    if not sidecar.exists():
        return Metadata()
    data = read_limited(sidecar, str(sidecar), limits.max_bytes)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(sidecar), f"the metadata file is not UTF-8 text (byte at offset {exc.start})") from exc
    return load_metadata(text, str(sidecar), "metadata file", first_line=1, max_nesting=limits.max_nesting)
