"""Typed errors. Each carries what failed and where, so one message can tell the user both."""

from __future__ import annotations

from pathlib import Path


class HandbookError(Exception):
    """Base of every error the handbook raises on purpose.

    `where` names the file or folder concerned (or "" when there is none); `str()` gives one line.
    """

    def __init__(self, message: str, where: Path | str = "") -> None:
        super().__init__(message)
        self.message = message
        self.where = str(where)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ContentError(HandbookError):
    """A content folder or file cannot be read at all (a broken single document is a Problem, not this)."""

    def __init__(self, message: str, where: Path | str = "", line: int = 0) -> None:
        super().__init__(message, where)
        self.line = line

    def __str__(self) -> str:
        where = f"{self.where}:{self.line}" if self.line else self.where
        return f"{where}: {self.message}" if where else self.message


class SearchIndexError(HandbookError):
    """The search index is missing, stale, corrupt or cannot be built."""


class StorageError(HandbookError):
    """User data (settings, records) could not be read or written."""


class UpdateError(HandbookError):
    """An update pack was refused or could not be installed."""
