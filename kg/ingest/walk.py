"""Folders of articles, walked recursively in name order.

Taken: ``.txt``, ``.md``, ``.html``, ``.htm`` and ``.jsonl`` files. Skipped: hidden files
and folders (names starting with "."), files named ``README*`` (a folder's description,
not an article), and every other extension (gold annotations ``*.gold.json``, sidecars
``*.meta.yaml``, images...), silently. Symbolic links to folders are not followed, so a
link cycle cannot make the walk endless.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from kg.errors import InputError

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
#: Files that are surely not articles, refused even when named on the command line
#: (a file with another or no extension, named explicitly, is read as text or HTML).
NOT_ARTICLE_SUFFIXES = (
    ".ttl",
    ".nt",
    ".nq",
    ".trig",
    ".jsonld",
    ".rdf",
    ".owl",
    ".json",
    ".yaml",
    ".yml",
    ".csv",
    ".tsv",
    ".xml",
    ".pdf",
    ".doc",
    ".docx",
    ".odt",
    ".zip",
    ".gz",
    ".bz2",
    ".xz",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".sqlite",
    ".rq",
)


def is_article_file(name: str) -> bool:
    """True for a file name the walk takes."""
    return (
        not name.startswith(".") and not name.upper().startswith("README") and name.lower().endswith(ARTICLE_SUFFIXES)
    )


def walk(folder: str) -> Iterator[str | InputError]:
    """The article files under ``folder`` (paths joined onto it as given), in name order,
    with an InputError for each folder that cannot be listed."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        yield InputError(folder, f"cannot list the folder: {exc.strerror or exc}")
        return
    for entry in entries:
        path = os.path.join(folder, entry.name)
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from walk(path)
        elif is_article_file(entry.name):
            yield path
