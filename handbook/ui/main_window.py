"""The main window: layout, menus, and routing of child requests. It owns no domain logic."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QByteArray, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QWidget,
)

from handbook.clinic import Clinic
from handbook.errors import StorageError
from handbook.library.catalog import Library
from handbook.library.model import Problem, Severity
from handbook.ui import theme
from handbook.ui import window_commands as commands
from handbook.ui.actions import Actions
from handbook.ui.emergency.emergency_view import EmergencyView
from handbook.ui.key_router import KeyRouter
from handbook.ui.reader.library_tree import LibraryTree
from handbook.ui.reader.reader_tabs import ReaderTab, ReaderTabs
from handbook.ui.reader.search_panel import SearchPanel
from handbook.ui.reader.toc_panel import TocPanel
from handbook.ui.side_docks import SIDE_WIDTH, SidePanels
from handbook.ui.window_layout import LeftPane, ProblemsDock, fit_window
from handbook.workspace import Location

if TYPE_CHECKING:
    from handbook.settings import Settings
    from handbook.ui.bedside.tools_panel import ToolsPanel
    from handbook.ui.onboarding.onboarding_panel import OnboardingPanel
    from handbook.ui.reader.problems_panel import ProblemsPanel
    from search import Searcher

ZOOM_RANGE = (-5, 10)


def _application() -> QApplication:
    """The running QApplication (the window exists only inside one)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("the main window needs a running QApplication")
    return app


class MainWindow(QMainWindow):
    """Browse or search on the left, documents in tabs on the right, emergency cards one key away."""

    document_opened = Signal(str, str)  # doc id, anchor
    emergency_toggled = Signal(bool)
    shared_folders_changed = Signal()  # File > Shared folders… saved new folders
    first_painted = Signal()

    def __init__(self, clinic: Clinic, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clinic = clinic  # the content, settings, bookmarks and stores: the window opens none itself
        library, problems = clinic.library, clinic.problems
        self.library = library
        self.today = clinic.today
        self.bookmarks = clinic.bookmarks
        self.recent = clinic.recent
        self.registry = Actions(self)  # every action and its keys (not QWidget.actions())
        self.emergency = EmergencyView(self)  # its own window, above every dialog
        self.emergency.zoom = self.settings.zoom
        self._painted = False
        self._routing = False
        self.side = SidePanels(self)  # F3 and F4 share the area right of the reader
        self.tools_dock, self.onboarding_dock = self.side.tools, self.side.onboarding

        self.search = SearchPanel()
        self.tree = LibraryTree()
        self.toc = TocPanel()
        self.left = left = LeftPane(self.search, self.tree, self.toc)
        self.left_stack = left.stack
        self.tabs = ReaderTabs()
        self.body = QSplitter(Qt.Orientation.Horizontal)
        self.body.addWidget(left)
        self.body.addWidget(self.tabs)
        self.body.addWidget(self.side.area)
        self.body.setChildrenCollapsible(False)
        for index, stretch in enumerate((0, 1, 0)):
            self.body.setStretchFactor(index, stretch)
        self.body.setSizes([320, 900, SIDE_WIDTH])
        self.setCentralWidget(self.body)

        self.problems = ProblemsDock(self)  # built when there are problems
        self.edition_label = QLabel()
        self.notice_label = QLabel()
        self.notice_label.setAccessibleName(self.tr("Content approval notice"))
        self.statusBar().addWidget(self.notice_label)
        self.index_label = QLabel(self.tr("Preparing search…"))
        self.statusBar().addPermanentWidget(self.index_label)
        self.statusBar().addPermanentWidget(self.edition_label)
        self._build_menus()

        self.first_painted.connect(self._route_keys)  # first: before any work deferred past the paint
        self.first_painted.connect(self.side.after_first_paint)

        # File dialogs drawn by Qt, not the desktop: the emergency cards can then cover them.
        QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
        self.keys = KeyRouter(self.registry, self)
        self.keys.search_box = self.search.box

        # Connect signals
        self.keys.search_requested.connect(self.focus_search)
        self.tree.open_document_requested.connect(self.open_document)
        self.search.open_hit_requested.connect(self.open_document)
        self.search.dismissed.connect(self._search_dismissed)
        self.toc.section_requested.connect(self._scroll_to)
        self.emergency.exit_requested.connect(self.leave_emergency)
        self.emergency.open_document_requested.connect(self.open_document)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.tabs.open_document_requested.connect(self.open_document)
        self.tabs.print_requested.connect(lambda: commands.print_current(self))
        self.tabs.acknowledge_requested.connect(self.side.acknowledge)

        self._restore_window()
        self.show_library(library, problems)
        self.tabs.new_tab()
        self._show_home()
        kept = [w for w in clinic.warnings if w]
        if kept:  # a permanent label: a timed message was overwritten by the next one within seconds
            self.kept_label = QLabel(self.tr("User file set aside: %1").replace("%1", "; ".join(kept)))
            self.kept_label.setWordWrap(False)
            self.kept_label.setToolTip("\n".join(kept))
            self.statusBar().addPermanentWidget(self.kept_label, 1)

    @property
    def settings(self) -> Settings:
        """This user's settings: the clinic's, so a change made elsewhere (the desk) is never overwritten."""
        return self.clinic.settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        self.clinic.settings = settings

    # ----- side panels (built on first use by self.side) -----
    @property
    def tools(self) -> ToolsPanel | None:
        """The bedside tools panel, once built."""
        return cast("ToolsPanel | None", self.side.tools.panel)

    @property
    def onboarding(self) -> OnboardingPanel | None:
        """The reading and acknowledgement panel, once built."""
        return cast("OnboardingPanel | None", self.side.onboarding.panel)

    def show_tools(self, visible: bool = True) -> None:
        """F3: show or hide the session timers, threshold check and dose calculator."""
        self.side.tools.set_visible(visible)

    def show_onboarding(self, visible: bool = True) -> None:
        """F4: the reading path, acknowledgements and knowledge checks of the person at this workstation."""
        self.side.onboarding.set_visible(visible)

    @property
    def problems_dock(self) -> QDockWidget:
        """The content problems dock (built on first need: content without problems never needs it)."""
        return self.problems.dock

    @property
    def problems_panel(self) -> ProblemsPanel:
        """The list of content problems inside the problems dock."""
        return self.problems.panel

    # ----- building -----
    def _build_menus(self) -> None:
        a = self.registry
        a.build_menus(self)
        commands.connect_actions(self)
        a["night_mode"].setChecked(self.settings.night_mode)

    def _restore_window(self) -> None:
        """The saved size and place, or a first-start size, always inside the available screen area."""
        area = (self.screen() or QApplication.primaryScreen()).availableGeometry()
        self.resize(min(1280, area.width() - 16), min(820, area.height() - 48))  # room for a frame
        if self.settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(self.settings.window_geometry.encode()))
        if self.settings.window_state:
            self.restoreState(QByteArray.fromBase64(self.settings.window_state.encode()))
        self.fit_to(area)
        theme.apply_window_palette(_application(), self.settings.night_mode)
        theme.set_zoom(_application(), self.settings.zoom)
        self._apply_chrome()

    def fit_to(self, area: QRect) -> None:
        """Keep the whole window inside a screen area (see `fit_window`)."""
        fit_window(self, area)

    def _apply_chrome(self) -> None:
        colours = theme.CHROME[self.settings.night_mode]
        self.notice_label.setStyleSheet(f"color: {colours['notice']}; font-weight: bold;")
        for pane in (self.left, self.side.area):
            pane.setStyleSheet(theme.FOCUS_CSS.format(focus=colours["focus"]))
        for tab in self.tabs.tabs():
            tab.set_night(self.settings.night_mode)

    # ----- library, search -----
    def show_library(self, library: Library, problems: Sequence[Problem]) -> None:
        """Show a (re)loaded library and the problems found in it, without blocking."""
        self.library = library
        overdue = {d.id for d in library.overdue(self.today)}
        self.tree.show_library(library, overdue)
        self.tree.show_mine(self.bookmarks.ids, self.recent.ids)
        self.emergency.show_library(library)
        self.side.show_library(library)
        if problems or self.problems.built:
            self.problems_panel.show_problems(problems)
            errors = sum(p.severity == Severity.ERROR for p in problems)
            self.problems_dock.setVisible(bool(problems))
            self.problems_dock.setWindowTitle(self.tr("Content problems: %n error(s)", "", errors))
        info = library.info
        released = info.released.isoformat() if info.released else ""
        due = len(library.due_for_review(self.today))
        flag = self.tr(" · %n due for review", "", due) if due else ""
        self.notice_label.setText(info.notice)
        self.notice_label.setVisible(bool(info.notice))
        self.edition_label.setText(self.tr("Content edition %1 · %2").replace("%1", info.edition)
                                   .replace("%2", released) + flag)  # fmt: skip

    def set_searcher(self, searcher: Searcher | None, note: str = "") -> None:
        """Attach the search index once it is open (or None with a note when it is unavailable)."""
        self.search.set_searcher(searcher, "" if searcher else note)
        self.index_label.setText(note or self.tr("Search ready"))

    def focus_search(self) -> None:
        """Ctrl+F or /: leave emergency mode if needed and put the cursor in the search box."""
        if self.in_emergency:
            self.leave_emergency()
        self.search.focus_box()

    def _search_dismissed(self) -> None:
        self.left_stack.setCurrentWidget(self.tree)
        self.tabs.current().view.setFocus()

    # ----- documents -----
    def _style(self) -> tuple:
        night = self.settings.night_mode
        return (theme.content_palette(night), theme.reader_stylesheet(night, self.settings.zoom),
                theme.point_size(self.settings.zoom))  # fmt: skip

    def open_document(self, doc_id: str, anchor: str = "", query: str = "", record: bool = True) -> bool:
        """Open a document in the current tab at an anchor, highlighting query words; False if unknown."""
        doc = self.library.get(doc_id)
        if doc is None:
            self.statusBar().showMessage(
                self.tr("No document %1 in this handbook").replace("%1", doc_id), 8000
            )
            return False
        if self.in_emergency:
            self.leave_emergency()
        tab = self.tabs.current()
        tab.show(doc, self.library, anchor, self._style(), query)
        if record:
            tab.history.visit(Location(doc_id, anchor))
        self.tabs.retitle(tab)
        self.recent.add(doc_id)
        self.tree.show_mine(self.bookmarks.ids, self.recent.ids)
        self.tree.select_document(doc_id)
        self._sync_document_state(tab)
        tab.night = self.settings.night_mode
        self.side.update_banner(tab)
        if query:
            tab.view.setFocus()
        self.document_opened.emit(doc_id, anchor)
        return True

    def _sync_document_state(self, tab: ReaderTab) -> None:
        doc = tab.doc
        self.toc.show_document(doc)
        self.registry["back"].setEnabled(tab.history.can_go_back())
        self.registry["forward"].setEnabled(tab.history.can_go_forward())
        self.registry["bookmark"].blockSignals(True)
        self.registry["bookmark"].setChecked(doc is not None and doc.id in self.bookmarks.ids)
        self.registry["bookmark"].blockSignals(False)
        title = f"{doc.title} — {self.library.info.title}" if doc else self.library.info.title
        self.setWindowTitle(title)

    def _tab_changed(self, _index: int) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, ReaderTab):
            self._sync_document_state(tab)

    def _show_home(self, tab: ReaderTab | None = None) -> None:
        from handbook.ui.reader.home_page import home_html

        tab = tab or self.tabs.current()
        theme.style_document(tab.view.document(), self._style()[2], self._style()[1])
        tab.view.setHtml(home_html(self.library, self.today))
        self.tabs.setTabText(self.tabs.indexOf(tab), self.tr("Home"))

    def _scroll_to(self, anchor: str) -> None:
        tab = self.tabs.current()
        if tab.doc is not None:
            tab.stack.setCurrentWidget(tab.view)
            tab.view.scrollToAnchor(anchor)
            tab.history.visit(Location(tab.doc.id, anchor))

    def go_back(self) -> None:
        """Previous place in the current tab."""
        self._travel(self.tabs.current().history.back())

    def go_forward(self) -> None:
        """Next place in the current tab."""
        self._travel(self.tabs.current().history.forward())

    def _travel(self, location: Location | None) -> None:
        if location is not None:
            self.open_document(location.doc_id, location.anchor, record=False)

    def new_tab(self) -> None:
        """Open the current document again in a new tab."""
        doc = self.tabs.current().doc
        self.tabs.new_tab()
        if doc is not None:
            self.open_document(doc.id)

    def quick_open(self) -> None:
        """Ctrl+K palette."""
        from handbook.ui.reader.quick_open import QuickOpenDialog  # rarely used: imported on first use

        dialog = QuickOpenDialog(self.library, self)
        if dialog.exec() and dialog.chosen and self.open_document(dialog.chosen):
            self.tabs.current().focus_content()  # chosen by keyboard: PgDn or Space work at once

    # ----- emergency -----
    @property
    def in_emergency(self) -> bool:
        """Whether the emergency cards are on screen."""
        return self.emergency.isVisible()

    def toggle_emergency(self) -> None:
        """F2: open the emergency cards, or return when they are already open."""
        if self.in_emergency:
            self.leave_emergency()
        else:
            self.enter_emergency()

    def enter_emergency(self) -> None:
        """Show the cards above every window (dialogs stay as they are underneath); hold messages."""
        self.emergency.enter((self.screen() or QApplication.primaryScreen()).availableGeometry())
        self.emergency_toggled.emit(True)

    def leave_emergency(self) -> None:
        """Esc: back to where the nurse was (a dialog that was open included), then show held messages."""
        self.emergency.leave(fallback=self.tabs.current().view)
        self.emergency_toggled.emit(False)

    # ----- view settings -----
    def set_zoom(self, zoom: int) -> None:
        """Set the reader's text size step (persisted) and re-render open documents."""
        zoom = max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], zoom))
        self._change_settings(zoom=zoom)

    def set_night_mode(self, night: bool) -> None:
        """Dark, low-glare chrome and content (persisted)."""
        theme.apply_window_palette(_application(), night)
        self._change_settings(night_mode=night)
        self._apply_chrome()

    def _change_settings(self, **changes: object) -> None:
        self.settings = self.settings.with_changes(**changes)
        theme.set_zoom(_application(), self.settings.zoom)
        self.emergency.set_zoom(self.settings.zoom)
        for tab in self.tabs.tabs():
            if tab.doc is not None:
                tab.restyle(self.library, self._style())
            else:
                self._show_home(tab)
        self._save_settings()

    def _save_settings(self) -> None:
        try:
            self.clinic.save_settings(self.settings)
        except StorageError as exc:
            self.statusBar().showMessage(self.tr("Settings not saved: %1").replace("%1", str(exc)), 10000)

    # ----- print, dialogs -----
    def choose_pdf_path(self, suggested: str) -> str:
        """Ask where to save a PDF ("" when cancelled)."""
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to PDF"), suggested, "PDF (*.pdf)")
        return path

    def install_update(self) -> None:
        """File > Install update: choose a signed pack; on success the app reloads the new content."""
        from handbook.ui.updates.update_dialog import install_update_from_file

        install_update_from_file(self, self.clinic.install, on_installed=self.clinic.show_installed)

    def _route_keys(self) -> None:
        """The key router (F2 over dialogs, "/") sees every event once the window has painted: the first
        event about an internal Qt object makes PySide set up ~120 Qt types (~20 ms), after the paint.
        """
        if not self._routing:
            self._routing = True
            _application().installEventFilter(self.keys)

    # ----- Qt events -----
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """Announce the first paint once (start-up measurement, deferred start-up work)."""
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        """Once shown the frame is known: keep the whole window inside the screen's available area."""
        super().showEvent(event)
        self._fit_to_screen()
        QTimer.singleShot(500, self._fit_to_screen)  # a window manager adds its frame after the first show
        if self.windowHandle() is not None and not self._painted:
            self.windowHandle().screenChanged.connect(lambda _screen: self._fit_to_screen())

    def _fit_to_screen(self) -> None:
        self.fit_to((self.screen() or QApplication.primaryScreen()).availableGeometry())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        """Save window geometry and layout before closing; show any messages held for emergency mode."""
        if self.in_emergency:
            self.leave_emergency()
        self.settings = self.settings.with_changes(
            window_geometry=self.saveGeometry().toBase64().toStdString(),
            window_state=self.saveState().toBase64().toStdString(),
        )
        self._save_settings()
        _application().removeEventFilter(self.keys)
        super().closeEvent(event)
