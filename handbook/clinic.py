"""The clinic core: one Qt-free object that owns what the window shows and the stores it writes.

Built once at start (`Clinic.start()`), it holds the active content (bundled or an installed update,
loaded one way for every source), the search index once it is open, the user's settings, bookmarks and
recent documents, the onboarding records and the bedside session board. Widgets receive these from it
and never open a store themselves.

The path from a pack file to the window is::

    Clinic.install(pack)        worker thread: verify once, unpack, make current, load the new content once
      -> Clinic.show(loaded)    GUI thread: adopt it and call every content listener with it

Long work (`install`, `rollback`, `find_searcher`, `on_own_connection`) only computes and
returns; it never changes what is shown, so it is safe on a worker thread. `show` and `attach_searcher`
change the state and must run on the thread that owns the listeners (the GUI thread).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from handbook.active import choose_active
from handbook.errors import StorageError
from handbook.library.catalog import Library
from handbook.library.model import Problem
from handbook.publish.state import ActiveContent, LoadedContent, load_content
from handbook.settings import Settings, load_settings, save_settings
from handbook.workspace import Bookmarks, RecentDocuments

if TYPE_CHECKING:  # the search engine, the verifier and SQLite load after the first paint, not before
    from handbook.publish.install import InstallResult
    from handbook.publish.keys import TrustedKey
    from handbook.records.db import RecordStore
    from handbook.tools.board import SessionBoard
    from handbook.tools.sessions import Clock
    from search import Searcher

log = logging.getLogger("handbook")
T = TypeVar("T")
ContentListener = Callable[[LoadedContent], None]


def on_own_connection(store: RecordStore, change: Callable[[RecordStore], T]) -> T:
    """Run one records change on a connection of its own to the same file (and clock).

    SQLite connections stay on the thread that opened them: a worker thread writes through this.
    """
    from handbook.records.db import RecordStore

    with RecordStore.open(store.path, store.clock) as own:
        return change(own)


class Clinic:
    """The handbook's state on this workstation; see the module docstring for who may call what."""

    def __init__(
        self,
        content: LoadedContent,
        settings: Settings,
        bookmarks: Bookmarks,
        *,
        today: dt.date | None = None,
        warnings: Iterable[str] = (),
        records_path: Path | None = None,
        sessions_path: Path | None = None,
        clock: Clock | None = None,
        records: RecordStore | None = None,
    ) -> None:
        self._content = content
        self.settings = settings
        self.bookmarks = bookmarks
        self.recent = RecentDocuments()
        self.today = today or dt.date.today()
        self.warnings = tuple(w for w in warnings if w)
        self.searcher: Searcher | None = None
        self._records_path = records_path
        self._sessions_path = sessions_path
        self._clock = clock
        self._records: RecordStore | None = records  # an open store handed in, else opened on first use
        self._board: tuple[SessionBoard, StorageError | None] | None = None
        self._listeners: list[ContentListener] = []

    # ----- building -----
    @classmethod
    def start(cls, content_dir: Path | None = None, *, today: dt.date | None = None) -> Clinic:
        """The active content (or a given content folder), with this user's settings and bookmarks."""
        active = (
            choose_active()
            if content_dir is None
            else ActiveContent(Path(content_dir), None, frozenset(), None)
        )
        return cls.with_content(load_content(active, today), today=today)

    @classmethod
    def with_content(
        cls, content: LoadedContent, *, today: dt.date | None = None, records: RecordStore | None = None
    ) -> Clinic:
        """Given content (and an open record store, if any), with this user's settings and bookmarks (a
        file set aside is a warning).
        """
        settings, settings_warning = load_settings()
        bookmarks = Bookmarks()
        bookmarks_warning = bookmarks.load()
        return cls(
            content,
            settings,
            bookmarks,
            today=today,
            warnings=(settings_warning, bookmarks_warning),
            records=records,
        )

    # ----- the content shown -----
    @property
    def content(self) -> LoadedContent:
        """The content shown now."""
        return self._content

    @property
    def library(self) -> Library:
        """The library shown now (revoked documents hidden)."""
        return self._content.library

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The problems found in the content shown now."""
        return self._content.problems

    @property
    def active(self) -> ActiveContent:
        """Where the content shown now comes from (its folder, index, pack version, warning)."""
        return self._content.active

    def subscribe(self, listener: ContentListener) -> None:
        """Call `listener(new content)` each time the content shown changes."""
        self._listeners.append(listener)

    def show(self, content: LoadedContent) -> None:
        """Adopt new content and tell every listener (GUI thread). The old searcher no longer applies."""
        self._content = content
        self.searcher = None
        for listener in tuple(self._listeners):
            listener(content)

    def install(self, pack_path: Path, extra_keys: Iterable[TrustedKey] = ()) -> InstallResult:
        """Install a pack (worker thread): the pack is verified once, unpacked file by file against that
        verified manifest, made current, and its content loaded once; `result.loaded` is what to `show`.
        The changes are listed against the content shown now. Raises UpdateError on any refusal.
        """
        from handbook.publish.changes import changes_between
        from handbook.publish.install import InstallResult, place_pack
        from handbook.publish.keys import trusted_keys

        placed = place_pack(Path(pack_path), [*trusted_keys(), *extra_keys])
        loaded = load_content(placed.active, self.today)
        changes = changes_between(self.library, loaded.library)
        return InstallResult(
            placed.manifest, placed.replaced, placed.active, changes, loaded, placed.key_note
        )

    def show_installed(self, result: InstallResult) -> None:
        """Show what `install` loaded (GUI thread); a result from another installer is loaded here."""
        self.show(result.loaded or load_content(result.active, self.today))

    def rollback(self) -> LoadedContent:
        """Return to the previous pack or the bundled content (worker thread); `show` the result."""
        from handbook.publish.install import rollback

        return load_content(rollback(), self.today)

    # ----- search -----
    def find_searcher(self, content: LoadedContent | None = None) -> tuple[Searcher, bool]:
        """Open the index matching the content (its pack's, the bundled one, the cache) or rebuild it;
        True when rebuilt (worker thread). Raises SearchIndexError.
        """
        from handbook import services  # the search engine: after the first paint, never before

        content = content or self._content
        return services.open_or_rebuild(content.library, content.active.index_dir)

    def attach_searcher(self, content: LoadedContent, searcher: Searcher) -> bool:
        """Keep the searcher when it was opened for the content still shown; False when it is outdated."""
        if content is not self._content:
            return False
        self.searcher = searcher
        return True

    # ----- the user's files and stores -----
    def save_settings(self, settings: Settings) -> None:
        """Keep and save new settings. Raises StorageError (the settings are kept in memory)."""
        self.settings = settings
        save_settings(settings)

    def records(self) -> RecordStore:
        """The onboarding records, opened on first use on the calling (GUI) thread; writes from a worker
        thread go through `on_own_connection`. Raises StorageError.
        """
        if self._records is None:
            from handbook.records.db import RecordStore

            self._records = RecordStore.open(self._records_path)
        return self._records

    def open_records(self) -> tuple[RecordStore | None, StorageError | None]:
        """`records()`, or None and the reason it could not be opened (for a panel to show)."""
        try:
            return self.records(), None
        except StorageError as exc:
            log.warning("%s", exc)
            return None, exc

    def board(self) -> tuple[SessionBoard, StorageError | None]:
        """The bedside session board, opened once; a damaged file starts an empty board plus the error."""
        if self._board is None:
            from handbook.tools.board import SessionBoard
            from handbook.tools.sessions import utc_now

            self._board = SessionBoard.open(self._sessions_path, self._clock or utc_now)
        return self._board

    def close(self) -> None:
        """Close the records connection (the app is quitting)."""
        if self._records is not None:
            self._records.close()
            self._records = None
