"""Per-person reading state, Qt-free: back/forward history, recent documents, bookmarks, checklist ticks.

Bookmarks persist (user data folder); checklist ticks never do: they belong to one session with one
patient and are dropped on reset.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from handbook import paths
from handbook.errors import StorageError
from handbook.storage import set_aside, write_atomically

BOOKMARKS_FILE = "bookmarks.json"


@dataclass(frozen=True, slots=True)
class Location:
    """A place in the handbook: a document and optionally a section anchor."""

    doc_id: str
    anchor: str = ""


@dataclass
class NavigationHistory:
    """Browser-style back/forward over locations. Visiting after going back drops the forward list."""

    _back: list[Location] = field(default_factory=list)
    _forward: list[Location] = field(default_factory=list)
    current: Location | None = None

    def visit(self, location: Location) -> None:
        """Go to a new location (a repeat of the current one is not recorded twice)."""
        if location == self.current:
            return
        if self.current is not None:
            self._back.append(self.current)
        self.current = location
        self._forward.clear()

    def can_go_back(self) -> bool:
        """Whether there is somewhere to go back to."""
        return bool(self._back)

    def can_go_forward(self) -> bool:
        """Whether there is somewhere to go forward to."""
        return bool(self._forward)

    def back(self) -> Location | None:
        """Step back; None when there is nowhere to go."""
        if not self._back:
            return None
        if self.current is not None:
            self._forward.append(self.current)
        self.current = self._back.pop()
        return self.current

    def forward(self) -> Location | None:
        """Step forward; None when there is nowhere to go."""
        if not self._forward:
            return None
        if self.current is not None:
            self._back.append(self.current)
        self.current = self._forward.pop()
        return self.current


@dataclass
class RecentDocuments:
    """The most recently opened document ids, newest first, without repeats."""

    limit: int = 10
    ids: list[str] = field(default_factory=list)

    def add(self, doc_id: str) -> None:
        """Move (or put) a document at the front."""
        if doc_id in self.ids:
            self.ids.remove(doc_id)
        self.ids.insert(0, doc_id)
        del self.ids[self.limit :]


class Bookmarks:
    """Bookmarked document ids, saved atomically as JSON in the user data folder."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.user_data_dir() / BOOKMARKS_FILE
        self.ids: list[str] = []

    def load(self) -> str:
        """Read saved bookmarks; returns a warning ("" if none). A broken file is kept aside, not lost."""
        if not self.path.exists():
            return ""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
                raise ValueError("expected a list of document ids")
        except (OSError, ValueError) as exc:
            try:
                kept = set_aside(self.path)
            except StorageError:
                kept = self.path
            return f"bookmarks could not be read ({exc}); the file is kept as {kept}"
        self.ids = data
        return ""

    def toggle(self, doc_id: str) -> bool:
        """Add or remove a bookmark and save; returns whether the document is now bookmarked.

        Raises StorageError when saving fails; the in-memory list is restored, so state matches disk.
        """
        before = list(self.ids)
        if doc_id in self.ids:
            self.ids.remove(doc_id)
        else:
            self.ids.append(doc_id)
        try:
            write_atomically(self.path, json.dumps(self.ids, indent=1))
        except StorageError:
            self.ids = before
            raise
        return doc_id in self.ids


@dataclass
class ChecklistTicks:
    """Which items of one checklist are ticked, for the session in progress. Never saved."""

    total: int
    ticked: set[int] = field(default_factory=set)

    def toggle(self, index: int) -> bool:
        """Tick or untick an item; returns whether it is now ticked."""
        if not 0 <= index < self.total:
            raise IndexError(index)
        self.ticked ^= {index}
        return index in self.ticked

    def reset(self) -> None:
        """Clear every tick, ready for the next patient."""
        self.ticked.clear()

    @property
    def done(self) -> bool:
        """All items ticked."""
        return len(self.ticked) == self.total

    def next_unticked(self) -> int | None:
        """The first item not yet ticked, or None when all are."""
        return next((i for i in range(self.total) if i not in self.ticked), None)
