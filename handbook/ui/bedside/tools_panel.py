"""Bedside tools in one tabbed panel the main window docks: session timer, threshold check, dose calculator.

Run it alone (for screenshots or a quick look): `python -m handbook.ui.bedside.tools_panel [CONTENT_DIR]`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from handbook.errors import StorageError
from handbook.library.catalog import Library
from handbook.tools.board import SessionBoard
from handbook.ui import dialogs
from handbook.ui.bedside.dose_view import DoseView
from handbook.ui.bedside.session_timer import SessionTimerView
from handbook.ui.bedside.threshold_view import ThresholdView


class ToolsPanel(QTabWidget):
    """The three bedside tools over one library; every number they use comes from `library.values`.

    Signals: open_document_requested(doc_id, anchor) from any link or prompt button;
    prompt_fell_due(label, message) when a session prompt falls due (for a status bar or tray).
    The session board comes from the clinic core (`clinic.board()`): the board and the error met when
    its saved sessions could not be read (None when they could).
    """

    open_document_requested = Signal(str, str)
    prompt_fell_due = Signal(str, str)

    def __init__(
        self,
        library: Library,
        board: SessionBoard,
        load_error: StorageError | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tools_panel")
        self.timer_view = SessionTimerView(library, board)
        self.threshold_view = ThresholdView(library)
        self.dose_view = DoseView(library)
        self.addTab(self.timer_view, self.tr("Session timer"))
        self.addTab(self.threshold_view, self.tr("Threshold check"))
        self.addTab(self.dose_view, self.tr("Dose calculator"))

        # Connect signals
        for view in (self.timer_view, self.threshold_view, self.dose_view):
            view.open_document_requested.connect(self.open_document_requested)
        self.timer_view.prompt_fell_due.connect(self.prompt_fell_due)

        if load_error is not None:
            # After construction, so the message has a shown parent and the caller can connect first.
            QTimer.singleShot(0, lambda: self._report_load_error(load_error))

    @property
    def board(self) -> SessionBoard:
        """The running sessions."""
        return self.timer_view.board

    def show_library(self, library: Library) -> None:
        """Switch every tool to a (re)loaded library; running sessions keep the plan they started with."""
        for view in (self.timer_view, self.threshold_view, self.dose_view):
            view.show_library(library)

    def _report_load_error(self, error: StorageError) -> None:
        dialogs.show_warning(
            self,
            self.tr("The saved infusion sessions could not be read; the timer starts empty. %1").replace(
                "%1", error.message
            ),
            error.where,
        )


def main(argv: Sequence[str]) -> int:
    """Show the panel alone on a content folder (default: the bundled one); links are printed."""
    from handbook.clinic import Clinic

    app = QApplication(list(argv))
    clinic = Clinic.start(Path(argv[1]) if len(argv) > 1 else None)
    panel = ToolsPanel(clinic.library, *clinic.board())
    panel.open_document_requested.connect(lambda doc_id, anchor: print(f"open {doc_id}#{anchor}"))
    panel.prompt_fell_due.connect(lambda label, message: print(f"{label}: {message}"))
    panel.resize(900, 640)
    panel.setWindowTitle("Bedside tools")
    panel.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
