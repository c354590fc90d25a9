"""The main window: browse tree, reader, problems panel, status bar. Owns layout and routing only."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QSplitter, QWidget

from handbook.library.catalog import Library
from handbook.library.model import Problem, Severity
from handbook.ui.library_tree import LibraryTree
from handbook.ui.problems_panel import ProblemsPanel
from handbook.ui.sop_view import SopView


class MainWindow(QMainWindow):
    """Shows a library. Children emit *_requested; this window connects them in one place."""

    document_opened = Signal(str)

    def __init__(
        self, library: Library, problems: Sequence[Problem] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.setWindowTitle(library.info.title)
        self.resize(1200, 800)

        self.tree = LibraryTree()
        self.reader = SopView()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.reader)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([320, 880])
        self.setCentralWidget(splitter)

        self.problems_panel = ProblemsPanel()
        self.problems_dock = QDockWidget(self.tr("Content problems"), self)
        self.problems_dock.setObjectName("problems_dock")
        self.problems_dock.setWidget(self.problems_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)

        self.edition_label = QLabel()
        self.statusBar().addPermanentWidget(self.edition_label)

        # Connect signals
        self.tree.open_document_requested.connect(self.open_document)
        self.reader.open_document_requested.connect(self.open_document)

        self.show_library(library, problems)

    def show_library(self, library: Library, problems: Sequence[Problem]) -> None:
        """Show a (re)loaded library and the problems found in it."""
        self.library = library
        self.tree.show_library(library)
        self.problems_panel.show_problems(problems)
        errors = sum(p.severity == Severity.ERROR for p in problems)
        self.problems_dock.setVisible(bool(problems))
        self.problems_dock.setWindowTitle(self.tr("Content problems: %n error(s)", "", errors))
        info = library.info
        released = info.released.isoformat() if info.released else ""
        self.edition_label.setText(
            self.tr("Edition %1 · %2").replace("%1", info.edition).replace("%2", released)
        )
        self.statusBar().showMessage(self.tr("%n document(s) loaded", "", len(library.current())), 5000)

    def open_document(self, doc_id: str, anchor: str = "") -> None:
        """Open a document by id (at an anchor); an unknown id says so in the status bar."""
        doc = self.library.get(doc_id)
        if doc is None:
            self.statusBar().showMessage(
                self.tr("No document %1 in this handbook").replace("%1", doc_id), 8000
            )
            return
        self.reader.show_document(doc, self.library, anchor)
        self.tree.select_document(doc_id)
        self.setWindowTitle(f"{doc.title} — {self.library.info.title}")
        self.document_opened.emit(doc_id)
