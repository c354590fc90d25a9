"""The side area the bedside tools (F3) and the person's reading (F4) share, and their routing.

Both panels live as tabs of one area to the right of the reader, inside the window's splitter, so
opening them never widens the window: the reader gives up the room. Each panel is built on first use
(neither is needed to paint the first window) inside a scroll area that never scrolls sideways, and its
checkable action follows whether it is the panel on show.

`Acknowledgements` answers "must this person (re)acknowledge this document?" from the record store
through the Qt-free records API, so the re-read banner shows whether or not F4 was ever opened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QSplitter, QTabBar, QTabWidget, QWidget

from handbook.errors import StorageError

if TYPE_CHECKING:
    from handbook.library.catalog import Library
    from handbook.library.model import Document
    from handbook.records.db import RecordStore
    from handbook.records.progress import AckState
    from handbook.ui.bedside.tools_panel import ToolsPanel
    from handbook.ui.main_window import MainWindow
    from handbook.ui.onboarding.onboarding_panel import OnboardingPanel
    from handbook.ui.reader.reader_tabs import ReaderTab

SIDE_WIDTH = 440  # room the side area asks for; the reader keeps the rest


class SideArea(QTabWidget):
    """Right-hand tabs shared by the side panels; hidden while no panel is open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("side_area")
        self.setDocumentMode(True)
        self.setMinimumWidth(320)
        self.hide()
        self.focus_elsewhere: Callable[[], None] = lambda: None  # where the focus goes when it closes

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        """Coming back from hidden, take SIDE_WIDTH from the reader (the splitter left it 0 px)."""
        super().showEvent(event)
        splitter = self.parentWidget()
        if not isinstance(splitter, QSplitter):
            return
        sizes, index = splitter.sizes(), splitter.indexOf(self)
        if sizes[index] < self.minimumWidth():
            widest = max(range(len(sizes)), key=lambda i: sizes[i] if i != index else -1)
            wanted = max(self.minimumWidth(), min(SIDE_WIDTH, sizes[widest] - 300 + sizes[index]))
            sizes[widest] -= wanted - sizes[index]
            sizes[index] = wanted
            splitter.setSizes(sizes)


class LazyPanel(QObject):
    """A panel of the side area that `factory()` builds on first use; its checkable action shows and hides it."""

    def __init__(self, area: SideArea, title: str, action: QAction, factory: Callable[[], QWidget]) -> None:
        super().__init__(area)
        self.area, self.title, self.action, self.factory = area, title, action, factory
        self.panel: QWidget | None = None
        self.scroll: QScrollArea | None = None
        area.currentChanged.connect(lambda _index: self._follow())

    def ensure(self, show_if: Callable[[QWidget], bool] | None = None) -> QWidget:
        """Build the panel once (shown straight away when `show_if(panel)` says so) and return it."""
        if self.panel is not None:
            return self.panel
        self.panel = self.factory()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(self.panel)
        self.area.addTab(self.scroll, self.title)
        if show_if is not None and show_if(self.panel):
            self.set_visible(True, focus=False)
        self._follow()
        return self.panel

    def set_visible(self, visible: bool, focus: bool = True) -> None:
        """Show this panel (building it first, focus on its first field) or hide it."""
        panel = self.ensure()
        if visible and self.scroll is not None:
            self.area.setCurrentWidget(self.scroll)
            self.area.show()
            if focus:
                # Not the panel's focus proxy: for a tab widget that is its tab bar, not the first field.
                (_first_focusable(panel) or panel).setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif self.isVisible():
            focused = QApplication.focusWidget()
            had_focus = focused is not None and self.area.isAncestorOf(focused)
            self.area.hide()
            if had_focus:  # not left to Qt, which would pick the search box (where "/" is then typed)
                self.area.focus_elsewhere()
        self._follow()

    def isVisible(self) -> bool:  # noqa: N802 (reads like the Qt property it mirrors)
        """Whether this panel is the one on show."""
        return self.scroll is not None and self.area.isVisible() and self.area.currentWidget() is self.scroll

    def _follow(self) -> None:
        self.action.blockSignals(True)
        self.action.setChecked(self.isVisible())
        self.action.blockSignals(False)


def _first_focusable(panel: QWidget) -> QWidget | None:
    """The first enabled widget of a panel that takes keyboard focus, in its tab order."""
    widget = panel.nextInFocusChain()
    while widget is not None and widget is not panel:
        if (
            panel.isAncestorOf(widget)
            and not isinstance(widget, QTabBar)  # the panel's own tabs (and their scroll buttons): the
            and not isinstance(widget.parentWidget(), QTabBar)  # first field is what is wanted
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not widget.isHidden()
        ):
            return widget
        widget = widget.nextInFocusChain()
    return None


class Acknowledgements:
    """The acknowledgement state of a document for the person at this workstation (no widget needed).

    The record store is the clinic's, opened on the first question (not before the first paint); when
    it cannot be opened there is simply no banner, and the F4 panel reports why.
    """

    def __init__(self, open_records: Callable[[], tuple[RecordStore | None, StorageError | None]]) -> None:
        self._open_records = open_records

    @property
    def store(self) -> RecordStore | None:
        """The record store (None when it cannot be opened)."""
        return self._open_records()[0]

    def state_for(self, doc: Document, library: Library) -> AckState | None:
        """Whether the current person must (re)acknowledge `doc`; None without store or person."""
        store = self.store
        if store is None:
            return None
        from handbook.records.profiles import current_profile
        from handbook.records.progress import ack_state

        try:
            person = current_profile(store)
            return ack_state(store, person, doc, library) if person is not None else None
        except StorageError:
            return None  # the F4 panel says what is wrong when opened; the reader stays usable


class SidePanels(QObject):
    """Builds the two side panels for the window and routes their requests; keeps the banners current."""

    records_changed = Signal()  # an acknowledgement or a quiz attempt was recorded here

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.acks = Acknowledgements(window.clinic.open_records)
        self.area = SideArea()
        self.area.focus_elsewhere = lambda: window.tabs.current().focus_content()
        self.tools = LazyPanel(
            self.area, window.tr("Bedside tools (F3)"), window.registry["tools"], self._make_tools
        )
        self.onboarding = LazyPanel(self.area, window.tr("My reading (F4)"), window.registry["onboarding"],
                                    self._make_onboarding)  # fmt: skip

    def _make_tools(self) -> ToolsPanel:
        from handbook.ui.bedside.tools_panel import ToolsPanel

        window = self.window
        panel = ToolsPanel(window.library, *window.clinic.board())
        panel.open_document_requested.connect(window.open_document)
        panel.prompt_fell_due.connect(self._prompt_fell_due)
        return panel

    def _prompt_fell_due(self, label: str, text: str) -> None:
        """A session prompt goes to the status bar, and onto the emergency cards while they show."""
        self.window.statusBar().showMessage(f"{label}: {text}", 60000)
        if self.window.in_emergency:
            self.window.emergency.show_notice(f"{label}: {text}")

    def _make_onboarding(self) -> OnboardingPanel:
        from handbook.ui.onboarding.onboarding_panel import OnboardingPanel

        panel = OnboardingPanel(self.window.library, *self.window.clinic.open_records())
        panel.open_document_requested.connect(self.window.open_document)
        for signal in (panel.acknowledgement_recorded, panel.person_switched):
            signal.connect(lambda *_args: self.refresh_banners())
        for signal in (panel.acknowledgement_recorded, panel.quiz_recorded):
            signal.connect(lambda *_args: self.records_changed.emit())
        return panel

    def after_first_paint(self) -> None:
        """Timers keep prompting after a restart: once the window is up, build and show the tools when
        sessions are running (otherwise they are built on first use, off the start-up path).
        """
        QTimer.singleShot(0, self._resume_sessions)

    def _resume_sessions(self) -> None:
        board, _error = self.window.clinic.board()  # the panel reports a damaged file when opened
        if board.sessions:
            self.tools.ensure(show_if=lambda _panel: True)

    def show_library(self, library: Library) -> None:
        """Give the built panels a (re)loaded library."""
        for lazy in (self.tools, self.onboarding):
            if lazy.panel is not None:
                cast("ToolsPanel | OnboardingPanel", lazy.panel).show_library(library)

    def acknowledge(self, doc_id: str) -> None:
        """The banner's action: open the acknowledgement (with the redline when the document changed)."""
        self.onboarding.set_visible(True, focus=False)
        cast("OnboardingPanel", self.onboarding.ensure()).acknowledge_document(doc_id)

    def refresh_banners(self) -> None:
        """Redraw the acknowledgement banner of every open tab."""
        for tab in self.window.tabs.tabs():
            self.update_banner(tab)

    def update_banner(self, tab: ReaderTab) -> None:
        """The acknowledgement sentence over a tab's document, with its action when one is due."""
        if tab.doc is None:
            tab.set_banner("")
            return
        from handbook.ui.onboarding.acknowledge_dialog import banner_text

        state = self.acks.state_for(tab.doc, self.window.library)
        tab.set_banner(
            banner_text(state) if state is not None else "", state is not None and state.must_acknowledge
        )
