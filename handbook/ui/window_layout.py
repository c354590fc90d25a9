"""Pieces of the main window's layout: the left pane (search, browse tree, contents) and the screen fit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter, QStackedWidget, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from handbook.ui.reader.library_tree import LibraryTree
    from handbook.ui.reader.problems_panel import ProblemsPanel
    from handbook.ui.reader.search_panel import SearchPanel
    from handbook.ui.reader.toc_panel import TocPanel


class LeftPane(QWidget):
    """Search box on top; below it the browse tree, or the results while there is a query; the open
    document's contents at the bottom.
    """

    def __init__(
        self, search: SearchPanel, tree: LibraryTree, toc: TocPanel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.search, self.tree = search, tree
        self.setMinimumWidth(260)
        self.stack = QStackedWidget()
        self.stack.addWidget(tree)
        self.stack.addWidget(search.results)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 0, 4)
        layout.addWidget(search.box)
        layout.addWidget(search.state)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.stack)
        splitter.addWidget(toc)
        splitter.setSizes([520, 200])
        layout.addWidget(splitter, 1)
        search.query_changed.connect(self.show_results)

    def show_results(self, text: str) -> None:
        """Results while there is a query, the browse tree otherwise."""
        self.stack.setCurrentWidget(self.search.results if text else self.tree)


def fit_window(window: QMainWindow, area: QRect) -> None:
    """Keep a whole window (frame included) inside a screen area: shrink it, move it in, and cap its
    size there, so no panel's minimum size can push it past the screen later.
    """
    frame = window.frameGeometry()
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    window.setMaximumSize(area.width() - extra_w, area.height() - extra_h)
    width = min(window.width(), area.width() - extra_w)
    height = min(window.height(), area.height() - extra_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    frame = window.frameGeometry()
    x = max(area.left(), min(frame.left(), area.right() - frame.width() + 1))
    y = max(area.top(), min(frame.top(), area.bottom() - frame.height() + 1))
    if (x, y) != (frame.left(), frame.top()):
        window.move(x, y)


def size_for_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize a dialog to the size it prefers, but never larger than its screen leaves room for."""
    from PySide6.QtWidgets import QApplication

    screen = widget.screen() or QApplication.primaryScreen()
    area = screen.availableGeometry()
    widget.resize(min(width, area.width() - 32), min(height, area.height() - 64))  # room for a frame


class ProblemsDock:
    """The window's content problems dock, built on first need (content without problems never needs
    it), at the place the saved layout had it; whether it shows is decided by the window.
    """

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self._parts: tuple[QDockWidget, ProblemsPanel] | None = None

    @property
    def built(self) -> bool:
        """Whether the dock exists yet."""
        return self._parts is not None

    @property
    def dock(self) -> QDockWidget:
        """The dock, built now if needed."""
        return self._build()[0]

    @property
    def panel(self) -> ProblemsPanel:
        """The problem list inside the dock, built now if needed."""
        return self._build()[1]

    def _build(self) -> tuple[QDockWidget, ProblemsPanel]:
        if self._parts is None:
            from handbook.ui.reader.problems_panel import ProblemsPanel

            panel = ProblemsPanel()
            dock = QDockWidget(self.window.tr("Content problems"), self.window)
            dock.setObjectName("problems_dock")
            dock.setWidget(panel)
            self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            self.window.restoreDockWidget(dock)
            dock.hide()
            self._parts = dock, panel
        return self._parts
