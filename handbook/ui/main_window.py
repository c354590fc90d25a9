"""The main window: layout, menus, and routing of child requests. It owns no domain logic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import shiboken6
from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from handbook.errors import StorageError
from handbook.library.catalog import Library
from handbook.library.model import Problem, Severity
from handbook.settings import load_settings, save_settings
from handbook.ui import dialogs, theme
from handbook.ui.actions import Actions
from handbook.ui.emergency_view import EmergencyView
from handbook.ui.key_router import KeyRouter
from handbook.ui.library_tree import LibraryTree
from handbook.ui.problems_panel import ProblemsPanel
from handbook.ui.reader_tabs import ReaderTab, ReaderTabs
from handbook.ui.search_panel import SearchPanel
from handbook.ui.side_docks import LazyDock, SidePanels
from handbook.ui.toc_panel import TocPanel
from handbook.workspace import Bookmarks, Location, RecentDocuments

ZOOM_RANGE = (-5, 10)


class MainWindow(SidePanels, QMainWindow):
    """Browse or search on the left, documents in tabs on the right, emergency cards one key away."""

    document_opened = Signal(str, str)  # doc id, anchor
    content_installed = Signal(object)  # ActiveContent of a newly installed update pack
    emergency_toggled = Signal(bool)
    first_painted = Signal()

    def __init__(
        self, library: Library, problems: Sequence[Problem] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.index_dir: Path | None = None  # an installed update's prebuilt index, when there is one
        self.today = dt.date.today()
        self.settings, settings_warning = load_settings()
        self.bookmarks = Bookmarks()
        bookmarks_warning = self.bookmarks.load()
        self.recent = RecentDocuments()
        self.actions = Actions(self)
        self._painted = False
        self.tools_dock = LazyDock(self, "tools_dock", self.tr("Bedside tools"), self.actions["tools"],
                                   self._make_tools)  # fmt: skip
        self.onboarding_dock = LazyDock(self, "onboarding_dock", self.tr("My reading"), self.actions["onboarding"],
                                        self._make_onboarding)  # fmt: skip

        self.search = SearchPanel()
        self.tree = LibraryTree()
        self.left_stack = QStackedWidget()
        self.left_stack.addWidget(self.tree)
        self.left_stack.addWidget(self.search.results)
        self.toc = TocPanel()
        left = QWidget()
        left.setMinimumWidth(300)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(4, 4, 0, 4)
        left_layout.addWidget(self.search.box)
        left_layout.addWidget(self.search.state)
        left_splitter = QSplitter(Qt.Orientation.Vertical)
        left_splitter.addWidget(self.left_stack)
        left_splitter.addWidget(self.toc)
        left_splitter.setSizes([520, 200])
        left_layout.addWidget(left_splitter, 1)

        self.tabs = ReaderTabs()
        self.emergency = EmergencyView(self)  # its own window, above every dialog
        self.body = QSplitter(Qt.Orientation.Horizontal)
        self.body.addWidget(left)
        self.body.addWidget(self.tabs)
        self.body.setStretchFactor(0, 0)
        self.body.setStretchFactor(1, 1)
        self.body.setSizes([340, 900])
        self.setCentralWidget(self.body)

        self.problems_panel = ProblemsPanel()
        self.problems_dock = QDockWidget(self.tr("Content problems"), self)
        self.problems_dock.setObjectName("problems_dock")
        self.problems_dock.setWidget(self.problems_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.edition_label = QLabel()
        self.notice_label = QLabel()
        self.notice_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.notice_label.setAccessibleName(self.tr("Content approval notice"))
        self.statusBar().addWidget(self.notice_label)
        self.index_label = QLabel(self.tr("Preparing search…"))
        self.statusBar().addPermanentWidget(self.index_label)
        self.statusBar().addPermanentWidget(self.edition_label)
        self._build_menus()

        self.first_painted.connect(self._after_first_paint)

        # File dialogs drawn by Qt, not the desktop: the emergency cards can then cover them.
        QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
        self.keys = KeyRouter(self.actions, self)
        QApplication.instance().installEventFilter(self.keys)

        # Connect signals
        self.keys.search_requested.connect(self.focus_search)
        self.tree.open_document_requested.connect(self.open_document)
        self.search.open_hit_requested.connect(self.open_document)
        self.search.query_changed.connect(self._query_changed)
        self.search.dismissed.connect(self._search_dismissed)
        self.toc.section_requested.connect(self._scroll_to)
        self.emergency.exit_requested.connect(self.leave_emergency)
        self.emergency.open_document_requested.connect(self._open_from_emergency)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.tabs.open_document_requested.connect(self.open_document)
        self.tabs.print_requested.connect(self.print_current)
        self.tabs.acknowledge_requested.connect(self.acknowledge)

        self.resize(1280, 820)
        self._restore_window()
        self.show_library(library, problems)
        self.tabs.new_tab()
        self._show_home()
        for warning in (settings_warning, bookmarks_warning):
            if warning:
                self.statusBar().showMessage(warning, 15000)

    # ----- building -----
    def _build_menus(self) -> None:
        a = self.actions
        menus = {
            self.tr("&File"): ["print", "export_pdf", "downtime_binder", None, "install_update", None, "quit"],
            self.tr("&Go"): ["focus_search", "quick_open", "back", "forward", None,
                             "emergency", "tools", "onboarding", None,
                             "new_tab", "close_tab", "bookmark", "history"],
            self.tr("&View"): ["night_mode", "zoom_in", "zoom_out", "zoom_reset", None, "review_list", "problems"],
            self.tr("&Help"): ["shortcuts"],
        }  # fmt: skip
        for title, names in menus.items():
            menu = self.menuBar().addMenu(title)
            for name in names:
                menu.addSeparator() if name is None else menu.addAction(a[name])
        toolbar = QToolBar(self.tr("Main"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        for name in ("back", "forward", "quick_open", "bookmark", "night_mode", "print", "tools"):
            toolbar.addAction(a[name])
        spacer = QWidget()
        spacer.setSizePolicy(
            spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy()
        )
        toolbar.addWidget(spacer)
        toolbar.addAction(a["emergency"])
        emergency_button = toolbar.widgetForAction(a["emergency"])
        emergency_button.setText(self.tr("EMERGENCY  (F2)"))
        emergency_button.setAccessibleName(self.tr("Emergency cards, F2"))
        emergency_button.setStyleSheet("QToolButton { background: #b3261e; color: white; font-weight: bold;"
                                       " font-size: 13pt; padding: 6px 14px; border-radius: 4px; }")  # fmt: skip
        self.addToolBar(toolbar)
        handlers = {
            "emergency": self.toggle_emergency, "focus_search": self.focus_search, "quick_open": self.quick_open,
            "back": self.go_back, "forward": self.go_forward, "new_tab": self.new_tab,
            "close_tab": lambda: self.tabs.close_tab(), "bookmark": self.toggle_bookmark,
            "zoom_in": lambda: self.set_zoom(self.settings.zoom + 1),
            "zoom_out": lambda: self.set_zoom(self.settings.zoom - 1), "zoom_reset": lambda: self.set_zoom(0),
            "night_mode": self.set_night_mode, "print": self.print_current, "export_pdf": self.export_current_pdf,
            "downtime_binder": self.export_binder, "review_list": self.show_review_list,
            "problems": lambda: self.problems_dock.setVisible(not self.problems_dock.isVisible()),
            "shortcuts": self.show_shortcuts, "quit": self.close,
            "install_update": self.install_update, "history": self.show_history, "tools": self.show_tools,
            "onboarding": self.show_onboarding,
        }  # fmt: skip
        for name, handler in handlers.items():
            signal = a[name].toggled if a[name].isCheckable() else a[name].triggered
            signal.connect(handler)
        a["night_mode"].setChecked(self.settings.night_mode)

    def _restore_window(self) -> None:
        if self.settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(self.settings.window_geometry.encode()))
        if self.settings.window_state:
            self.restoreState(QByteArray.fromBase64(self.settings.window_state.encode()))
        theme.apply_window_palette(QApplication.instance(), self.settings.night_mode)

    # ----- library, search -----
    def show_library(self, library: Library, problems: Sequence[Problem]) -> None:
        """Show a (re)loaded library and the problems found in it, without blocking."""
        self.library = library
        overdue = {d.id for d in library.overdue(self.today)}
        self.tree.show_library(library, overdue)
        self.tree.show_mine(self.bookmarks.ids, self.recent.ids)
        self.emergency.show_library(library)
        for panel in (self.tools, self.onboarding):
            if panel is not None:
                panel.show_library(library)
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

    def set_searcher(self, searcher: object | None, note: str = "") -> None:
        """Attach the search index once it is open (or None with a note when it is unavailable)."""
        self.search.set_searcher(searcher, "" if searcher else note)
        self.index_label.setText(note or self.tr("Search ready"))

    def focus_search(self) -> None:
        """Ctrl+F or /: leave emergency mode if needed and put the cursor in the search box."""
        if self.in_emergency:
            self.leave_emergency()
        self.search.focus_box()

    def _query_changed(self, text: str) -> None:
        self.left_stack.setCurrentWidget(self.search.results if text else self.tree)

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
        self._update_banner(tab)
        if query:
            tab.view.setFocus()
        self.document_opened.emit(doc_id, anchor)
        return True

    def _sync_document_state(self, tab: ReaderTab) -> None:
        doc = tab.doc
        self.toc.show_document(doc)
        self.actions["back"].setEnabled(tab.history.can_go_back())
        self.actions["forward"].setEnabled(tab.history.can_go_forward())
        self.actions["bookmark"].blockSignals(True)
        self.actions["bookmark"].setChecked(bool(doc) and doc.id in self.bookmarks.ids)
        self.actions["bookmark"].blockSignals(False)
        title = f"{doc.title} — {self.library.info.title}" if doc else self.library.info.title
        self.setWindowTitle(title)

    def _tab_changed(self, _index: int) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, ReaderTab):
            self._sync_document_state(tab)

    def _show_home(self, tab: ReaderTab | None = None) -> None:
        from handbook.ui.home_page import home_html

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
        from handbook.ui.quick_open import QuickOpenDialog  # rarely used: imported on first use

        dialog = QuickOpenDialog(self.library, self)
        if dialog.exec() and dialog.chosen:
            self.open_document(dialog.chosen)

    def toggle_bookmark(self) -> None:
        """Bookmark or un-bookmark the open document."""
        doc = self.tabs.current().doc
        if doc is None:
            return
        try:
            marked = self.bookmarks.toggle(doc.id)
        except StorageError as exc:
            dialogs.show_error(self, self.tr("The bookmark could not be saved."), exc.where, exc)
            marked = doc.id in self.bookmarks.ids
        self.actions["bookmark"].blockSignals(True)
        self.actions["bookmark"].setChecked(marked)
        self.actions["bookmark"].blockSignals(False)
        self.tree.show_mine(self.bookmarks.ids, self.recent.ids)

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
        dialogs.hold_messages()
        self._focus_before_emergency = QApplication.focusWidget()
        for _level in range(3):  # an open menu or drop-down list (a menu's submenu) would sit above the cards
            popup = QApplication.activePopupWidget()
            if popup is not None:
                popup.close()
        screen = self.screen() or QApplication.primaryScreen()
        self.emergency.open_over(screen.availableGeometry())
        self.emergency_toggled.emit(True)

    def leave_emergency(self) -> None:
        """Esc: back to where the nurse was (a dialog that was open included), then show held messages."""
        try:
            self.emergency.hide()
            previous = getattr(self, "_focus_before_emergency", None)
            self._focus_before_emergency = None
            if previous is None or not shiboken6.isValid(previous) or not previous.isVisible():
                previous = self.tabs.current().view
            previous.activateWindow()
            previous.setFocus()
            self.emergency_toggled.emit(False)
        finally:
            dialogs.release_messages()

    def _open_from_emergency(self, doc_id: str, anchor: str) -> None:
        self.open_document(doc_id, anchor)

    # ----- view settings -----
    def set_zoom(self, zoom: int) -> None:
        """Set the reader's text size step (persisted) and re-render open documents."""
        zoom = max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], zoom))
        self._change_settings(zoom=zoom)
        self.emergency.set_zoom(zoom)

    def set_night_mode(self, night: bool) -> None:
        """Dark, low-glare chrome and content (persisted)."""
        theme.apply_window_palette(QApplication.instance(), night)
        self._change_settings(night_mode=night)

    def _change_settings(self, **changes: object) -> None:
        self.settings = self.settings.with_changes(**changes)
        for tab in self.tabs.tabs():
            if tab.doc is not None:
                tab.restyle(self.library, self._style())
            else:
                self._show_home(tab)
        self._save_settings()

    def _save_settings(self) -> None:
        try:
            save_settings(self.settings)
        except StorageError as exc:
            self.statusBar().showMessage(self.tr("Settings not saved: %1").replace("%1", str(exc)), 10000)

    # ----- print, dialogs -----
    def choose_pdf_path(self, suggested: str) -> str:
        """Ask where to save a PDF ("" when cancelled)."""
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to PDF"), suggested, "PDF (*.pdf)")
        return path

    def print_current(self) -> None:
        """Print the open document (or card) on a printer."""
        from handbook.ui import print_actions

        print_actions.print_document(self, self.tabs.current().doc, self.library)

    def export_current_pdf(self) -> None:
        """Save the open document as a stamped PDF."""
        from handbook.ui import print_actions

        print_actions.export_document(self, self.tabs.current().doc, self.library)

    def export_binder(self) -> None:
        """Save every current approved document as one PDF for the paper copy."""
        from handbook.ui import print_actions

        print_actions.export_binder(self, self.library)

    def show_review_list(self) -> None:
        """List approved documents past or near their review date."""
        from handbook.ui.info_dialogs import review_dialog

        review_dialog(self, self.library.due_for_review(self.today), self.today).exec()

    def install_update(self) -> None:
        """File > Install update: choose a signed pack; on success the app reloads the new content."""
        from handbook.ui.update_dialog import install_update_from_file

        install_update_from_file(self, on_installed=self.content_installed.emit)

    def show_history(self) -> None:
        """The open document's versions and a redline between any two."""
        doc = self.tabs.current().doc
        if doc is None:
            self.statusBar().showMessage(self.tr("Open a document to see its history."), 5000)
            return
        from handbook.ui.history_view import show_history

        show_history(self, self.library, doc.id)

    def show_shortcuts(self) -> None:
        """F1: every action and its keys."""
        from handbook.ui.info_dialogs import shortcuts_dialog

        shortcuts_dialog(self, self.actions.shortcut_rows()).exec()

    # ----- Qt events -----
    def paintEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        """Announce the first paint once (start-up measurement, deferred start-up work)."""
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        """Save window geometry and layout before closing; show any messages held for emergency mode."""
        if self.in_emergency:
            self.leave_emergency()
        self.settings = self.settings.with_changes(
            window_geometry=bytes(self.saveGeometry().toBase64()).decode(),
            window_state=bytes(self.saveState().toBase64()).decode(),
        )
        self._save_settings()
        QApplication.instance().removeEventFilter(self.keys)
        super().closeEvent(event)
