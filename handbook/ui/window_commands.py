"""The window's one-shot commands (print, export, lists, history): each opens what it needs on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handbook.errors import StorageError
from handbook.ui import dialogs

if TYPE_CHECKING:
    from handbook.ui.main_window import MainWindow


def connect_actions(window: MainWindow) -> None:
    """Connect every action of the registry to what it does in this window (one place for all of them)."""
    w = window
    handlers = {
        "emergency": w.toggle_emergency, "focus_search": w.focus_search, "quick_open": w.quick_open,
        "back": w.go_back, "forward": w.go_forward, "new_tab": w.new_tab,
        "close_tab": lambda: w.tabs.close_tab(), "bookmark": lambda: toggle_bookmark(w),
        "zoom_in": lambda: w.set_zoom(w.settings.zoom + 1),
        "zoom_out": lambda: w.set_zoom(w.settings.zoom - 1), "zoom_reset": lambda: w.set_zoom(0),
        "night_mode": w.set_night_mode, "print": lambda: print_current(w),
        "export_pdf": lambda: export_current_pdf(w),
        "downtime_binder": lambda: export_binder(w), "review_list": lambda: review_list(w),
        "problems": lambda: w.problems_dock.setVisible(not w.problems_dock.isVisible()),
        "shortcuts": lambda: show_shortcuts(w), "quit": w.close,
        "install_update": w.install_update, "history": lambda: show_history(w),
        "tools": w.show_tools, "onboarding": w.show_onboarding,
        "director_desk": lambda: open_desk(w),
        "shared_folders": lambda: edit_shared_folders(w),
    }  # fmt: skip
    registry = w.registry
    for name, handler in handlers.items():
        action = registry[name]
        signal = action.toggled if action.isCheckable() else action.triggered
        signal.connect(handler)


def print_current(window: MainWindow) -> None:
    """Print the open document (or card) on a printer."""
    from handbook.ui.reader import print_actions

    print_actions.print_document(window, window.tabs.current().doc, window.library)


def export_current_pdf(window: MainWindow) -> None:
    """Save the open document as a stamped PDF."""
    from handbook.ui.reader import print_actions

    print_actions.export_document(window, window.tabs.current().doc, window.library)


def export_binder(window: MainWindow) -> None:
    """Save every current approved document as one PDF for the paper copy."""
    from handbook.ui.reader import print_actions

    print_actions.export_binder(window, window.library)


def review_list(window: MainWindow) -> None:
    """List approved documents past or near their review date."""
    from handbook.ui.reader.info_dialogs import review_dialog

    review_dialog(window, window.library.due_for_review(window.today), window.today).exec()


def show_history(window: MainWindow) -> None:
    """The open document's versions and a redline between any two."""
    doc = window.tabs.current().doc
    if doc is None:
        window.statusBar().showMessage(window.tr("Open a document to see its history."), 5000)
        return
    from handbook.ui.reader.history_view import show_history as open_history

    open_history(window, window.library, doc.id, window.settings.zoom)


def toggle_bookmark(window: MainWindow) -> None:
    """Bookmark or un-bookmark the open document (the action's tick follows what was saved)."""
    doc = window.tabs.current().doc
    if doc is None:
        return
    try:
        marked = window.bookmarks.toggle(doc.id)
    except StorageError as exc:
        dialogs.show_error(window, window.tr("The bookmark could not be saved."), exc.where, exc)
        marked = doc.id in window.bookmarks.ids
    action = window.registry["bookmark"]
    action.blockSignals(True)
    action.setChecked(marked)
    action.blockSignals(False)
    window.tree.show_mine(window.bookmarks.ids, window.recent.ids)


def show_shortcuts(window: MainWindow) -> None:
    """F1: every action and its keys, from the registry."""
    from handbook.ui.reader.info_dialogs import shortcuts_dialog

    shortcuts_dialog(window, window.registry.shortcut_rows()).exec()


def edit_shared_folders(window: MainWindow) -> None:
    """File > Shared folders…: name the clinic's updates and records folders; the hooks follow at once."""
    from handbook.ui.updates.shared_folders_dialog import SharedFoldersDialog

    dialog = SharedFoldersDialog(window.settings.updates_dir, window.settings.records_dir, window)
    if not dialog.exec():
        return
    updates, records = dialog.chosen()
    try:
        window.clinic.save_settings(window.settings.with_changes(updates_dir=updates, records_dir=records))
    except StorageError as exc:
        dialogs.show_error(window, window.tr("The shared folders could not be saved."), exc.where, exc)
        return
    window.shared_folders_changed.emit()


def open_desk(window: MainWindow) -> None:
    """File > Director's desk…: the desk on the director's content folder (imported on first use)."""
    from handbook.ui import director

    director.open_director_desk(window, window.clinic)
