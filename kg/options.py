"""The one options object that travels through a build."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 5_000_000
#: Limits on what one input may cost; each has a flag (README, "Bad input").
DEFAULT_MAX_CHARS = 300_000  # characters of an article's text (or an HTML page's): 5x a long feature
DEFAULT_MAX_EVENTS = 2_000  # events read from one article
#: The largest graph file read for SHACL validation (kg validate --max-bytes, kg eval
#: --graph): validating one this size already takes many minutes.
DEFAULT_MAX_GRAPH_BYTES = 200_000_000
DEFAULT_MAX_NESTING = 64  # levels of lists and mappings in front matter or a JSON line
DEFAULT_BATCH_SIZE = 32  # spaCy's default of 256 is slower and uses ~4x the memory


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build can be told; the CLI fills it from flags."""

    published: dt.date | None = None  # for inputs that carry no date
    source: str | None = None  # for inputs that name no outlet
    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int = DEFAULT_MAX_CHARS
    max_events: int = DEFAULT_MAX_EVENTS
    max_nesting: int = DEFAULT_MAX_NESTING
    model: str | None = None  # spaCy model name or path; None picks en_core_web_sm
    processes: int = 1  # worker processes for the per-article stage (kg.scale.pool)
    dask: str | None = None  # a Dask scheduler's address: the per-article stage on its workers
    progress: bool = False  # show progress on stderr (kg.scale.progress); the CLI's default
    batch_size: int = DEFAULT_BATCH_SIZE
    strict: bool = False  # fail on SHACL violations instead of dropping the nodes
    link: str | None = None  # "wikidata" to link entities
    offline: bool = False  # link from the cache and gazetteer only
    wikidata_api: str | None = None  # Action API endpoint; None: $KG_WIKIDATA_API or Wikidata
    cache_path: Path | None = None  # SQLite cache; None: $KG_CACHE_DIR or the user cache dir
