"""Side panels built on first use: bedside tools (F3) and the person's reading (F4).

Neither is needed to paint the first window, so each is created after it (or when asked for), and its
menu action follows whether it is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget


class LazyDock(QObject):
    """A dock whose panel `factory()` builds on first use; its checkable action shows and hides it."""

    def __init__(
        self,
        window: QMainWindow,
        name: str,
        title: str,
        action: QAction,
        factory: Callable[[], QWidget],
    ) -> None:
        super().__init__(window)
        self.window, self.name, self.title, self.action, self.factory = window, name, title, action, factory
        self.dock: QDockWidget | None = None
        self.panel: QWidget | None = None

    def ensure(self, show_if: Callable[[QWidget], bool] | None = None) -> QWidget:
        """Build the panel and dock once; shown when `show_if(panel)` says so or the saved layout had it."""
        if self.panel is not None:
            return self.panel
        self.panel = self.factory()
        self.dock = QDockWidget(self.title, self.window)
        self.dock.setObjectName(self.name)
        self.dock.setWidget(self.panel)
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        restored = self.window.restoreDockWidget(self.dock)
        wanted = bool(show_if and show_if(self.panel)) or (restored and self.dock.isVisible())
        self.dock.setVisible(wanted)
        self._follow(wanted)
        self.dock.visibilityChanged.connect(self._follow)
        return self.panel

    def set_visible(self, visible: bool) -> None:
        """Show (and raise) or hide the dock, building it first if needed."""
        self.ensure()
        self.dock.setVisible(visible)
        if visible:
            self.dock.raise_()

    def isVisible(self) -> bool:  # noqa: N802 (reads like the Qt property it mirrors)
        """Whether the dock is on screen."""
        return self.dock is not None and self.dock.isVisible()

    def _follow(self, visible: bool) -> None:
        self.action.blockSignals(True)
        self.action.setChecked(visible)
        self.action.blockSignals(False)
