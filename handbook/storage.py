"""The one way the handbook writes a user file: atomically, so a crash leaves the old or the new copy."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from handbook.errors import StorageError


def write_atomically(path: Path, text: str, failure: str = "cannot save") -> None:
    """Write to a temp file in the same folder, flush it to disk, then replace the target.

    Raises StorageError("<failure>: <reason>", path) when the folder cannot be written; the previous
    file, if any, is left untouched and no temp file stays behind.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise StorageError(f"{failure}: {exc.strerror or exc}", path) from exc
