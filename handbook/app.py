"""Thin wiring: QApplication, last-resort error handler, services, main window, deferred index."""

from __future__ import annotations

import logging
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from handbook import __version__, active, paths
from handbook.errors import HandbookError
from handbook.ui import dialogs, tasks
from handbook.ui.fonts import register_fonts
from handbook.ui.main_window import MainWindow

log = logging.getLogger("handbook")
STARTUP_PROBE_FLAG = "--startup-probe"


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Last resort: log, tell the user, keep the app alive (Qt keeps running after a slot raises)."""
    log.error("unhandled error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
    dialogs.show_error(
        QApplication.activeWindow(), "Something went wrong. The handbook keeps running.", "", exc
    )


def build_window(content_dir: Path | None = None) -> MainWindow:
    """Load and validate the content and build the main window (also used by tests and the self-test).

    Without a folder: the active content, i.e. the newest verified update pack or else the bundled content.
    """
    if content_dir is not None:
        from handbook.library.validate import lint

        library, problems = lint(content_dir)
        return MainWindow(library, problems)
    loaded = active.load_active()
    window = MainWindow(loaded.library, loaded.problems)
    show_active(window, loaded)
    return window


def show_active(window: MainWindow, loaded: active.LoadedHandbook) -> None:
    """Point the window at freshly loaded active content and say where it comes from."""
    window.index_dir = loaded.active.index_dir
    if loaded.active.pack_version:
        window.edition_label.setText(window.edition_label.text() + window.tr(" · update %1 installed")
                                     .replace("%1", loaded.active.pack_version))  # fmt: skip
    if loaded.active.warning:
        dialogs.show_warning(window, loaded.active.warning, str(paths.user_data_dir()))


def reload_content(window: MainWindow) -> None:
    """After an update is installed: show the new content and switch to its search index."""
    loaded = active.load_active()
    window.show_library(loaded.library, loaded.problems)
    show_active(window, loaded)
    window.set_searcher(None, window.tr("Preparing search…"))
    attach_search(window)


def attach_search(window: MainWindow) -> None:
    """Open the matching search index, or rebuild it, off the GUI thread; browsing works meanwhile."""
    from handbook import services  # imports the search engine: after the first paint, never before

    library, index_dir = window.library, window.index_dir

    def work() -> tuple[object, bool]:
        return services.open_or_rebuild(library, index_dir)

    def done(result: tuple[object, bool]) -> None:
        searcher, rebuilt = result
        window.set_searcher(searcher, window.tr("Search index rebuilt") if rebuilt else "")
        if rebuilt:
            window.statusBar().showMessage(window.tr("The search index was rebuilt for this content."), 8000)

    def failed(exc: BaseException) -> None:
        window.set_searcher(None, window.tr("Search unavailable"))
        where = exc.where if isinstance(exc, HandbookError) else ""
        dialogs.show_error(window, window.tr("Search is unavailable; browsing still works."), where, exc)

    tasks.run_in_background(work, done, failed)


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
        window.first_painted.connect(lambda: QTimer.singleShot(0, lambda: attach_search(window)))
    window.content_installed.connect(lambda _active: reload_content(window))
    window.show()
    return app.exec()
