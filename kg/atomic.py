"""Atomic file writes: a complete new file or the old one, never half of either."""

from __future__ import annotations

import errno
import glob
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

    The temporary file's name holds the writer's process id, so that the temporary file of
    a writer that was killed outright (SIGKILL, a power cut) is removed by the next write
    to ``path``, while that of a writer still running is left alone. (SIGTERM is turned
    into an exception by the CLI, and the ``except`` below removes the file.)
    """
    _remove_orphans(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        _write_synced(emit, temp, path)
        os.replace(temp, path)
        _sync_directory(path.parent)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def check_writable(path: Path) -> None:
    """Raise OSError now if ``path`` could not be written atomically later: its folder
    must take a new file (a read-only folder or a full disk refuse it), and ``path``
    must not be a folder."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
    probe = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        os.write(fd, b"\n")  # a full disk may take an empty file, not a byte
    finally:
        os.close(fd)
        probe.unlink(missing_ok=True)


def _remove_orphans(path: Path) -> None:
    """Remove temporary files beside ``path`` left by writers that no longer run."""
    if os.name != "posix":  # Windows' os.kill(pid, 0) would end the process, not probe it
        return
    for temp in path.parent.glob(f".{glob.escape(path.name)}.*-*.tmp"):
        pid = temp.name[len(path.name) + 2 :].partition("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            temp.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it runs, as another user
        return True
    return True


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
