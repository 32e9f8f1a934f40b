"""Opening the files a user names: regular files only, read up to a limit.

A device (``/dev/zero``), a FIFO or a socket named as an input would be read until memory
runs out or block forever, whatever its name ends with; a file whose size the system
reports as 0 (``/proc`` files) may still hold data. So the file is opened without
blocking, checked to be a regular file, and read no further than the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError
from kg.ingest.decode import too_large

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def open_regular(path: Path, origin: str) -> BinaryIO:
    """``path`` opened for reading, or InputError if it cannot be or is no regular file."""
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputError(origin, f"cannot read: {exc.strerror or exc}") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise InputError(origin, f"{kind}, not a regular file; kg reads files, folders, URLs and - (stdin)")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_limited(path: Path, origin: str, limit: int) -> bytes:
    """The bytes of the regular file ``path``; InputError when there are more than ``limit``."""
    with open_regular(path, origin) as stream:
        try:
            size = os.fstat(stream.fileno()).st_size
            if size > limit:  # before reading: the limit guards memory too
                raise InputError(origin, too_large(size, limit))
            data = stream.read(limit + 1)
        except OSError as exc:
            raise InputError(origin, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise InputError(origin, too_large(None, limit))
    return data
