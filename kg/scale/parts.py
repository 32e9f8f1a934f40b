"""N-Quads in parts: ``kg build … -o archive.nq --parts 4`` writes ``archive.1-of-4.nq`` …
``archive.4-of-4.nq``.

Each article's named graph goes whole into one part, chosen by a checksum of its IRI (so
the same article always lands in the same part), and the default graph (the Wikidata
links) into the first. Each part is canonical N-Quads, written atomically like any output;
together they hold the dataset one ``archive.nq`` would. Bulk loaders take the parts side by
side (``oxigraph load`` reads several files in parallel), and a part can be loaded, copied
or re-made alone.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from pathlib import Path

from kg.errors import GraphError
from kg.rdf.mapping import Quad


def part_paths(out: str | Path, parts: int) -> list[Path]:
    """The files of ``out`` in ``parts`` parts: ``archive.1-of-4.nq`` …"""
    path = Path(out)
    if path.suffix.lower() != ".nq":
        raise GraphError(f"{out}: only N-Quads (.nq) can be written in parts")
    return [path.with_name(f"{path.stem}.{i}-of-{parts}{path.suffix}") for i in range(1, parts + 1)]


def write_parts(quads: Iterable[Quad], out: str | Path, parts: int) -> list[Path]:
    """Write ``quads`` as ``parts`` N-Quads files beside ``out``; the paths written."""
    from kg.rdf.serialize import write

    paths = part_paths(out, parts)
    buckets: list[list[Quad]] = [[] for _ in paths]
    part_of: dict[object, int] = {None: 0}
    for quad in quads:
        graph = quad[3]
        part = part_of.get(graph)
        if part is None:
            part = part_of[graph] = zlib.crc32(str(graph).encode()) % parts
        buckets[part].append(quad)
    for path, bucket in zip(paths, buckets, strict=True):
        write(bucket, path)
    return paths
