"""A disposable cache of the loaded, validated library, so a normal start skips YAML and validation.

The key covers the app version, the day (review-date problems change with it) and the path, size and
modification time of every file under the content folder, as Python's own bytecode cache does. A
missing, stale or unreadable snapshot is simply rebuilt; losing it costs one normal load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import pickle
from pathlib import Path

from handbook import __version__
from handbook.library.catalog import Library
from handbook.library.model import Problem
from handbook.storage import replace_atomically

log = logging.getLogger("handbook")
SNAPSHOT_FORMAT = 2
PREFIX = "library-"


def content_key(root: Path, today: dt.date) -> str:
    """Hex digest of everything the loaded library depends on."""
    digest = hashlib.sha256(f"{__version__}|{SNAPSHOT_FORMAT}|{today.isoformat()}|{root.resolve()}".encode())
    for folder, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(folder, name)
            stat = os.stat(path)
            digest.update(f"{os.path.relpath(path, root)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def load_validated(root: Path, today: dt.date, cache_dir: Path) -> tuple[Library, list[Problem]]:
    """The library and its problems, from the snapshot when it matches, else loaded and snapshotted."""
    key = content_key(root, today)
    path = cache_dir / f"{PREFIX}{key[:32]}.pickle"
    try:
        library, problems = pickle.loads(path.read_bytes())  # noqa: S301 - our own cache file
        if isinstance(library, Library):
            return library, problems
    except FileNotFoundError:
        pass
    except (
        OSError,
        pickle.UnpicklingError,
        EOFError,
        AttributeError,
        ImportError,
        TypeError,
        ValueError,
    ) as exc:
        log.info("library snapshot %s unusable (%s); reloading", path, exc)
    from handbook.library.validate import lint  # the slow path: YAML and every rule

    library, problems = lint(root, today)
    _save(path, library, problems)
    return library, problems


def _save(path: Path, library: Library, problems: list[Problem]) -> None:
    try:
        replace_atomically(path, pickle.dumps((library, problems), protocol=pickle.HIGHEST_PROTOCOL))
        for old in path.parent.glob(f"{PREFIX}*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:  # a cache: the app works without it
        log.info("library snapshot not saved to %s: %s", path, exc)
