"""What a long build shows while it runs, on stderr: a progress bar when stderr is a
terminal (articles done of the total, articles per second, time left; tqdm), else one line
per 1,000 articles, so a log file gets a few lines and no control characters; and, with
``-v``, each stage and its time through ``logging`` (the ``kg`` logger)."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO, TypeVar

log = logging.getLogger("kg")

T = TypeVar("T")

#: Articles between two progress lines when stderr is not a terminal.
LINE_EVERY = 1000


def track(items: Iterator[T], total: int | None, stream: TextIO | None = None) -> Iterator[T]:
    """``items`` as they come, with their progress on ``stream`` (stderr by default)."""
    stream = stream or sys.stderr
    start = time.perf_counter()
    done = 0
    if stream.isatty():
        from tqdm import tqdm

        with tqdm(total=total, unit=" articles", file=stream, smoothing=0.1, leave=False) as bar:
            for item in items:
                done += 1
                bar.update()
                yield item
    else:
        for item in items:
            done += 1
            if done % LINE_EVERY == 0:
                print(_line(done, total, time.perf_counter() - start), file=stream, flush=True)
            yield item
    seconds = time.perf_counter() - start
    log.info(
        "extraction (NLP, references, events): %d article(s) in %.1f s, %.1f articles/s",
        done,
        seconds,
        done / max(seconds, 1e-9),
    )


def _line(done: int, total: int | None, seconds: float) -> str:
    rate = done / max(seconds, 1e-9)
    line = f"kg: {done:,}" + (f"/{total:,}" if total else "") + f" articles, {rate:.1f} articles/s"
    if total and total > done:
        line += f", {_duration((total - done) / rate)} left"
    return line


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Log how long the stage ``name`` took (at INFO: shown with ``-v``)."""
    start = time.perf_counter()
    yield
    log.info("%s: %.2f s", name, time.perf_counter() - start)
