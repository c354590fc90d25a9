"""Thin wiring: QApplication, last-resort error handler, services, main window."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Sequence
from types import TracebackType

from PySide6.QtWidgets import QApplication

from handbook import __version__, paths
from handbook.errors import HandbookError
from handbook.library.validate import lint
from handbook.ui import dialogs
from handbook.ui.main_window import MainWindow

log = logging.getLogger("handbook")


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Last resort: log, tell the user, keep the app alive (Qt keeps running after a slot raises)."""
    log.error("unhandled error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
    dialogs.show_error(
        QApplication.activeWindow(), "Something went wrong. The handbook keeps running.", "", exc
    )


def build_window(content_dir: object = None) -> MainWindow:
    """Load the content and build the main window (also used by tests and the self-test)."""
    library, problems = lint(paths.bundled_content_dir() if content_dir is None else content_dir)
    return MainWindow(library, problems)


def main(argv: Sequence[str]) -> int:
    """Start the app; returns the exit status."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = QApplication(list(argv))
    app.setApplicationName("Clinic handbook")
    app.setApplicationVersion(__version__)
    sys.excepthook = _excepthook
    try:
        window = build_window()
    except HandbookError as exc:
        dialogs.show_error(None, "The handbook's content cannot be opened.", exc.where, exc)
        return 2
    window.show()
    return app.exec()
