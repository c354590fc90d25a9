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
from PySide6.QtWidgets import QApplication

from handbook import __version__, paths
from handbook.errors import HandbookError
from handbook.library.validate import lint
from handbook.ui import dialogs, tasks
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
    """Load and validate the content and build the main window (also used by tests and the self-test)."""
    library, problems = lint(paths.bundled_content_dir() if content_dir is None else content_dir)
    return MainWindow(library, problems)


def attach_search(window: MainWindow) -> None:
    """Open the matching search index, or rebuild it, off the GUI thread; browsing works meanwhile."""
    from handbook import services  # whoosh is imported here, after the first paint

    library = window.library

    def work() -> tuple[object, bool]:
        return services.open_or_rebuild(library)

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
    window.show()
    return app.exec()
