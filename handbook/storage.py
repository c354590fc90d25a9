"""The one way the handbook writes a user file: atomically, so a crash leaves the old or the new copy."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import tempfile
from pathlib import Path

from handbook.errors import StorageError


def replace_atomically(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write bytes to a temp file in the same folder (mode set first), fsync it, then os.replace the target.

    Raises OSError as it comes; the previous file, if any, is untouched and no temp file stays behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            if mode is not None:
                os.chmod(temp, mode)  # before any byte is written: a private key is never world-readable
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_atomically(path: Path, text: str, failure: str = "cannot save") -> None:
    """Write UTF-8 text atomically; raises StorageError("<failure>: <reason>", path) when it cannot."""
    try:
        replace_atomically(path, text.encode("utf-8"))
    except OSError as exc:
        raise StorageError(f"{failure}: {exc.strerror or exc}", path) from exc


def set_aside(path: Path, now: dt.datetime | None = None) -> Path:
    """Rename an unreadable file to `<name>.corrupt-<UTC time>` so it is kept, and return the new path.

    Never replaces a file kept aside earlier. Raises StorageError when the rename fails.
    """
    now = now or dt.datetime.now(dt.UTC)
    stem = f"{path.name}.corrupt-{now.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    kept = path.with_name(stem)
    for n in itertools.count(1):
        if not kept.exists():
            break
        kept = path.with_name(f"{stem}-{n}")
    try:
        os.replace(path, kept)
    except OSError as exc:
        raise StorageError(f"the file could not be set aside: {exc.strerror or exc}", path) from exc
    return kept
