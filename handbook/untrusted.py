"""Reading a file named by a user or found on disk, without trusting what it turns out to be.

`read_regular_file` refuses folders, FIFOs, devices (`/dev/zero` never ends, a FIFO never opens) and
files over a size limit, and returns the bytes otherwise. The reason is one line for the user.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from handbook.errors import HandbookError


class UnreadableFile(HandbookError):
    """A file that is missing, not a regular file, too large or unreadable (the message says which)."""


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; UnreadableFile with the reason otherwise."""
    path = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever before fstat can refuse it.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError as exc:
        raise UnreadableFile("cannot read: no such file", path) from exc
    except IsADirectoryError as exc:
        raise UnreadableFile("is a folder, not a file", path) from exc
    except OSError as exc:
        raise UnreadableFile(f"cannot read: {exc.strerror or exc}", path) from exc
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile("is a folder, not a file", path)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("is not a regular file (a device, pipe or socket)", path)
        if info.st_size > limit:
            raise UnreadableFile(f"is too large ({info.st_size} bytes; at most {limit})", path)
        chunks, total = [], 0
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise UnreadableFile(f"is too large (more than {limit} bytes)", path)
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFile(f"cannot read: {exc.strerror or exc}", path) from exc
    finally:
        os.close(descriptor)


def require_regular_file(path: Path) -> Path:
    """The path when it names an existing regular file; UnreadableFile (one line) otherwise.

    For files a library opens itself (zip archives, PEM keys): checked first, so a FIFO or a device is
    refused instead of blocking or streaming forever.
    """
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise UnreadableFile("cannot read: no such file", path) from exc
    except OSError as exc:
        raise UnreadableFile(f"cannot read: {exc.strerror or exc}", path) from exc
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile("is a folder, not a file", path)
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile("is not a regular file (a device, pipe or socket)", path)
    return path
