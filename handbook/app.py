"""Thin wiring: QApplication, last-resort error handler, the clinic core and the window it drives, deferred index."""

from __future__ import annotations

import logging
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from handbook import __version__, paths
from handbook.clinic import Clinic
from handbook.errors import HandbookError
from handbook.publish.state import LoadedContent
from handbook.ui import dialogs, tasks
from handbook.ui.fonts import register_fonts
from handbook.ui.main_window import MainWindow

if TYPE_CHECKING:
    from search import Searcher

log = logging.getLogger("handbook")
STARTUP_PROBE_FLAG = "--startup-probe"


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Last resort: log, tell the user, keep the app alive (Qt keeps running after a slot raises)."""
    log.error("unhandled error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
    dialogs.show_error(
        QApplication.activeWindow(), "Something went wrong. The handbook keeps running.", "", exc
    )


def build_window(content_dir: Path | None = None, clinic: Clinic | None = None) -> MainWindow:
    """Build the clinic core (the active content, or a given content folder) and the window it drives
    (also used by tests and the self-test). The window follows every "content changed" event.
    """
    clinic = clinic or Clinic.start(content_dir)
    window = MainWindow(clinic)
    clinic.subscribe(lambda content: show_content(window, content))
    show_source(window, clinic.content)
    return window


def show_source(window: MainWindow, content: LoadedContent) -> None:
    """Say where the content shown comes from, and why an installed pack was refused."""
    if content.active.pack_version:
        window.edition_label.setText(window.edition_label.text() + window.tr(" · update %1 installed")
                                     .replace("%1", content.active.pack_version))  # fmt: skip
    if content.active.warning:
        dialogs.show_warning(window, content.active.warning, str(paths.user_data_dir()))


def show_content(window: MainWindow, content: LoadedContent) -> None:
    """The "content changed" event: show the new content, then find its search index off the GUI thread."""
    window.show_library(content.library, content.problems)
    show_source(window, content)
    window.set_searcher(None, window.tr("Preparing search…"))
    attach_search(window)


def attach_search(window: MainWindow) -> None:
    """Open the matching search index, or rebuild it, off the GUI thread; browsing works meanwhile."""
    clinic, content = window.clinic, window.clinic.content

    def done(result: tuple[Searcher, bool]) -> None:
        searcher, rebuilt = result
        if not clinic.attach_searcher(content, searcher):
            return  # the content changed meanwhile: its own search is on the way
        window.set_searcher(searcher, window.tr("Search index rebuilt") if rebuilt else "")
        if rebuilt:
            window.statusBar().showMessage(window.tr("The search index was rebuilt for this content."), 8000)

    def failed(exc: BaseException) -> None:
        if content is clinic.content:
            window.set_searcher(None, window.tr("Search unavailable"))
            tasks.present_error(window, window.tr("Search is unavailable; browsing still works."), exc)

    tasks.run_in_background(lambda: clinic.find_searcher(content), done, failed)


def after_first_paint(window: MainWindow) -> None:
    """Work that is not needed to paint the window: the search index, then the shared folders."""
    attach_search(window)
    from handbook.ui.updates.shared_folders import SharedFolders  # not needed for the first paint

    hooks = SharedFolders(window)
    hooks.apply()
    window.shared_folders_changed.connect(hooks.apply)


def defer_until_painted(window: MainWindow) -> None:
    """Start `after_first_paint` once the window has painted, from the event loop: a key pressed
    meanwhile (F2) is handled between these steps, and the emergency cards are built before the paint.
    """
    window.first_painted.connect(lambda: QTimer.singleShot(0, lambda: after_first_paint(window)))


def main(argv: Sequence[str]) -> int:
    """Start the app; returns the exit status."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    probe = STARTUP_PROBE_FLAG in argv
    app = QApplication([a for a in argv if a != STARTUP_PROBE_FLAG])
    font = app.font()
    font.setFamily(register_fonts())  # bundled fonts: a bare workstation has none
    app.setFont(font)
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "handbook.png")))
    app.setApplicationName("Clinic handbook")
    app.setApplicationVersion(__version__)
    sys.excepthook = _excepthook
    try:
        window = build_window()
    except HandbookError as exc:
        dialogs.show_error(None, "The handbook's content cannot be opened.", exc.where, exc)
        return 2
    if probe:
        # Start-up measurement: report the first paint of a usable window, then quit.
        def report() -> None:
            print(f"HANDBOOK_FIRST_PAINT {time.time():.6f}", flush=True)
            QTimer.singleShot(0, app.quit)

        window.first_painted.connect(report)
    else:
        defer_until_painted(window)
    app.aboutToQuit.connect(window.clinic.close)  # the records connection, after the window has closed
    window.show()
    return app.exec()
