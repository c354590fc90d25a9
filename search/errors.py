"""Why an index cannot be used: one base exception, three causes, one remedy (rebuild)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["IndexCorrupt", "IndexMissing", "IndexStale", "IndexUnavailable", "reading_index"]


class IndexUnavailable(Exception):  # noqa: N818 - public API name fixed by the caller
    """The index at ``path`` cannot be used; rebuilding it is the remedy.

    Attributes:
        path: The index folder (``<in memory>`` for an in-memory index).
        reason: Human-readable cause, for the log and the "rebuilding the index" notice.
    """

    def __init__(self, path: Path | str, reason: str) -> None:
        """Record the folder and the reason."""
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


class IndexMissing(IndexUnavailable):
    """No index has been built in this folder (or the folder does not exist)."""


class IndexStale(IndexUnavailable):
    """The index was built by another schema version, or from other content or synonyms."""


class IndexCorrupt(IndexUnavailable):
    """The index files are unreadable, truncated, altered or incomplete."""


@contextmanager
def reading_index(where: Path | str) -> Iterator[None]:
    """Turn any failure of a Whoosh read inside the block into `IndexCorrupt`.

    Whoosh unpickles its segment and block metadata, so damaged bytes can raise nearly any
    exception (AttributeError, ModuleNotFoundError, MemoryError, a bare Exception...). Only
    Whoosh calls go inside this block, so our own bugs are not disguised as corruption.
    """
    try:
        yield
    except IndexUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001 - see the docstring: any type means damaged data
        raise IndexCorrupt(where, f"reading the index failed ({exc!r})") from exc
