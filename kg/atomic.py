"""Atomic file writes: a complete new file or the old one, never half of either."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO


def atomic_write(path: Path, emit: Callable[[IO[bytes]], None]) -> None:
    """Write what ``emit`` writes to ``path`` atomically.

    The bytes go to a temporary file in the same folder, are synced to disk and then renamed
    over ``path``, so a failure (or an interrupt) leaves any existing file as it was and no
    temporary file behind. OSError is raised as is, for the caller to name its file.
    """
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        _write_synced(emit, temp, path)
        os.replace(temp, path)
        _sync_directory(path.parent)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _write_synced(emit: Callable[[IO[bytes]], None], temp: Path, target: Path) -> None:
    # O_EXCL: never clobber another writer's temp file; mode 0o666 lets the umask decide,
    # as for any new file (a new output should not come out private).
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(fd, "wb") as stream:
        emit(stream)
        stream.flush()
        os.fsync(stream.fileno())
    if target.exists():
        os.chmod(temp, stat.S_IMODE(target.stat().st_mode))


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open a directory)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
