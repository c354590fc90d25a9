"""The workstation side of the shared folders: small Qt hooks over the Qt-free core.

`SharedFolders` wires them to the window after the first paint (`handbook.app`), and again whenever the
folders are changed in File > Shared folders….

`UpdateWatch` looks at the folder at start (twice, a few seconds apart, since a pack must look the same
on two looks) and then every few minutes, off the GUI thread. An offer found while the emergency cards
are on screen waits until they close; a declined version is not offered again this session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from handbook.ui.main_window import MainWindow

from handbook.clinic import on_own_connection
from handbook.library.catalog import Library
from handbook.publish.install import InstallResult, install_pack
from handbook.publish.shared_updates import UpdateFinder, UpdateOffer, updates_dir
from handbook.records.db import RecordStore
from handbook.records.shared_records import records_dir, share_records
from handbook.ui import dialogs
from handbook.ui.tasks import run_in_background

log = logging.getLogger("handbook")
CHECK_INTERVAL_MS = 5 * 60 * 1000
SETTLE_MS = 15 * 1000


class UpdateWatch(QObject):
    """Emits `update_offered(UpdateOffer)` when a new verified pack is in the shared folder."""

    update_offered = Signal(object)

    def __init__(
        self,
        folder: Path,
        is_emergency: Callable[[], bool],
        parent: QObject | None = None,
        interval_ms: int = CHECK_INTERVAL_MS,
        settle_ms: int = SETTLE_MS,
        shown: Callable[[], Library] | None = None,
    ) -> None:
        super().__init__(parent)
        # Offers list their changes against `shown()`, the library on screen (default: loaded again).
        self.finder = UpdateFinder(Path(folder)) if shown is None else UpdateFinder(Path(folder), shown)
        self.is_emergency = is_emergency
        self.pending: UpdateOffer | None = None
        self.declined: set[str] = set()
        self.busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.settle_ms = settle_ms
        self.timer.timeout.connect(self.check_now)

    def start(self) -> None:
        """Look now, again once the folder had time to settle, then every interval."""
        self.check_now()
        QTimer.singleShot(self.settle_ms, self.check_now)
        self.timer.start()

    def check_now(self) -> None:
        """Look at the folder in the background (a look already running makes this one unnecessary)."""
        if self.busy:
            return
        self.busy = True
        run_in_background(self.finder.look, self._looked, self._failed)

    def _looked(self, offer: UpdateOffer | None) -> None:
        self.busy = False
        for path, reason in self.finder.refused.items():
            log.warning("update in the shared folder refused: %s (%s)", path, reason)
        if offer is None or offer.version in self.declined:
            return
        if self.is_emergency():
            self.pending = offer  # never interrupt the emergency cards
            return
        self.update_offered.emit(offer)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        log.warning("cannot look for updates in %s: %s", self.finder.folder, exc)

    def emergency_left(self) -> None:
        """Offer what was found while the emergency cards were on screen."""
        offer, self.pending = self.pending, None
        if offer is not None and offer.version not in self.declined:
            self.update_offered.emit(offer)

    def decline(self, version: str) -> None:
        """Do not offer this version again in this session."""
        self.declined.add(version)


def offer_update(
    parent: QWidget,
    offer: UpdateOffer,
    on_installed: Callable[[InstallResult], None],
    watch: UpdateWatch | None = None,
    installer: Callable[..., InstallResult] = install_pack,
) -> bool:
    """Ask whether to install the offered edition (with its list of changes); on yes, install it in the
    background with `installer` (the app passes `clinic.install`) as File > Install update does.

    Returns whether the install was started. A refusal at install time is shown, and nothing changes.
    """
    from handbook.ui.updates.update_dialog import install_update

    changes = "\n".join(offer.changes.lines()[:25])
    question = parent.tr("Edition %1 of the handbook is available. Install it now?\n\n%2").replace(
        "%1", offer.version
    ).replace("%2", changes)  # fmt: skip
    if not dialogs.ask(parent, question):
        if watch is not None:
            watch.decline(offer.version)
        return False
    install_update(parent, offer.path, installer=installer, on_installed=on_installed)
    return True


class RecordsSharer(QObject):
    """After each acknowledgement or quiz attempt, writes this workstation's export to the shared folder."""

    shared = Signal(str)  # the file written
    failed = Signal(str)  # one line, for the status bar

    def __init__(self, store: RecordStore, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store  # the clinic's store; the export is written on a connection of its own
        self.folder = Path(folder)

    def records_changed(self, *_: object) -> None:
        """Write the export in the background (its own database connection: one per thread)."""
        run_in_background(self._share, lambda path: self.shared.emit(str(path)), self._failed)

    def _share(self) -> Path:
        return on_own_connection(self.store, lambda store: share_records(store, self.folder))

    def _failed(self, exc: BaseException) -> None:
        log.warning("records not written to the shared folder: %s", exc)
        self.failed.emit(str(exc))


class SharedFolders(QObject):
    """The window's hooks on the clinic's shared folders, as this workstation's settings name them (the
    environment variables win): new signed packs in the updates folder are offered (never over the
    emergency cards) and installed through the clinic; after each acknowledgement or quiz attempt this
    workstation's records export is written to the records folder for the director's report.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.watch: UpdateWatch | None = None
        self.sharer: RecordsSharer | None = None
        window.emergency_toggled.connect(self._emergency_toggled)

    def apply(self) -> tuple[UpdateWatch | None, RecordsSharer | None]:
        """Drop the hooks built before and build them for the folders named now; returns them."""
        window, clinic = self.window, self.window.clinic
        if self.watch is not None:
            self.watch.timer.stop()
            self.watch.deleteLater()
        if self.sharer is not None:
            window.side.records_changed.disconnect(self.sharer.records_changed)
            self.sharer.deleteLater()
        self.watch = self.sharer = None
        updates = updates_dir(clinic.settings.updates_dir)
        if updates is not None:
            watch = UpdateWatch(updates, lambda: window.in_emergency, self, shown=lambda: clinic.library)
            watch.update_offered.connect(
                lambda offer: offer_update(
                    window, offer, clinic.show_installed, watch, installer=clinic.install
                )
            )
            watch.start()
            self.watch = watch
        shared = records_dir(clinic.settings.records_dir)
        store, _ = clinic.open_records() if shared is not None else (None, None)
        if shared is not None and store is not None:
            sharer = RecordsSharer(store, shared, self)
            window.side.records_changed.connect(sharer.records_changed)
            sharer.failed.connect(lambda reason: window.statusBar().showMessage(reason, 15000))
            self.sharer = sharer
        return self.watch, self.sharer

    def _emergency_toggled(self, shown: bool) -> None:
        if not shown and self.watch is not None:
            self.watch.emergency_left()
