"""Side panels built on first use: bedside tools (F3) and the person's reading (F4).

Neither is needed to paint the first window, so each is created after it (or when asked for), and its
menu action follows whether it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

if TYPE_CHECKING:
    from handbook.ui.onboarding_panel import OnboardingPanel
    from handbook.ui.reader_tabs import ReaderTab
    from handbook.ui.tools_panel import ToolsPanel


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


class SidePanels:
    """The main window's routing for its two side panels (mixed into MainWindow, which owns the docks).

    Expects `tools_dock` and `onboarding_dock` (LazyDock), `library`, `tabs`, `open_document` and a
    status bar on the window it is mixed into.
    """

    @property
    def tools(self) -> ToolsPanel | None:
        """The bedside tools panel, once built."""
        return self.tools_dock.panel

    @property
    def onboarding(self) -> OnboardingPanel | None:
        """The reading and acknowledgement panel, once built."""
        return self.onboarding_dock.panel

    def _make_tools(self) -> ToolsPanel:
        from handbook.ui.tools_panel import ToolsPanel

        panel = ToolsPanel(self.library, *self.clinic.board())
        panel.open_document_requested.connect(self.open_document)
        panel.prompt_fell_due.connect(
            lambda label, text: self.statusBar().showMessage(f"{label}: {text}", 60000)
        )
        return panel

    def _make_onboarding(self) -> OnboardingPanel:
        from handbook.ui.onboarding_panel import OnboardingPanel

        panel = OnboardingPanel(self.library, *self.clinic.open_records())
        panel.open_document_requested.connect(self.open_document)
        for signal in (panel.acknowledgement_recorded, panel.person_switched):
            signal.connect(lambda *_args: self._refresh_banners())
        return panel

    def _after_first_paint(self) -> None:
        # Timers must keep prompting after a restart: the tools panel is built once the window is up,
        # and shown straight away when sessions are running.
        QTimer.singleShot(0, lambda: self.tools_dock.ensure(show_if=lambda panel: bool(panel.board.sessions)))

    def show_tools(self, visible: bool = True) -> None:
        """F3: show or hide the session timers, threshold check and dose calculator."""
        self.tools_dock.set_visible(visible)

    def show_onboarding(self, visible: bool = True) -> None:
        """F4: the reading path, acknowledgements and knowledge checks of the person at this workstation."""
        self.onboarding_dock.set_visible(visible)

    def acknowledge(self, doc_id: str) -> None:
        """The banner's action: open the acknowledgement (with the redline when the document changed)."""
        self.show_onboarding()
        self.onboarding.acknowledge_document(doc_id)

    def _refresh_banners(self) -> None:
        for tab in self.tabs.tabs():
            self._update_banner(tab)

    def _update_banner(self, tab: ReaderTab) -> None:
        if self.onboarding is None or tab.doc is None:
            tab.set_banner("")
            return
        from handbook.ui.acknowledge_dialog import banner_text

        state = self.onboarding.state_for(tab.doc.id)
        tab.set_banner(
            banner_text(state) if state is not None else "", state is not None and state.must_acknowledge
        )
