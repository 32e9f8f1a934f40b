"""Big corpora: per-article work spread over processes or a Dask cluster, and progress.

``extract(articles, options)`` is where ``kg.nlp.extract`` hands over when a build asks for
more than one process (``options.processes``), names a Dask scheduler (``options.dask``) or
shows its progress (``options.progress``):

    pool.py      worker processes on this machine, each loading the model once
    cluster.py   Dask tasks over partitions of the articles, a worker plugin loading the model
    progress.py  a progress bar (a terminal) or a line per 1,000 articles, and stage timings

Either way each article is parsed, resolved and read in a worker exactly as one process
reads it, and the Documents come back in input order: the merge that follows sees the same
input, so the graph is the same, byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sized

from kg.errors import InputError, KgError
from kg.model import Article, Document
from kg.options import BuildOptions


def extract(articles: Iterable[Article], options: BuildOptions) -> Iterator[Document | InputError]:
    """The articles' Documents (or InputErrors, as ``kg.nlp.extract`` gives them), in input
    order: from a Dask cluster, worker processes or this process, with their progress shown
    when ``options.progress``."""
    from kg import nlp

    total = len(articles) if isinstance(articles, Sized) else None
    if options.dask:
        try:
            from kg.scale.cluster import extract_on_dask
        except ImportError as exc:
            raise KgError(f"--dask needs Dask's distributed package (pip install 'kg[dask]'): {exc}") from exc
        documents = extract_on_dask(articles, options)
    elif options.processes > 1:
        from kg.scale.pool import extract_in_processes

        documents = extract_in_processes(articles, options)
    else:
        documents = nlp.extract(articles, single(options))
    if options.progress:
        from kg.scale.progress import track

        documents = track(documents, total)
    return documents


def single(options: BuildOptions) -> BuildOptions:
    """What a worker runs with: one process, no cluster, no progress of its own."""
    from dataclasses import replace

    return replace(options, processes=1, dask=None, progress=False)
