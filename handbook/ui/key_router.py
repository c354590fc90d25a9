"""Keys that must work from anywhere, read from the action registry.

The emergency action's keys (F2, Ctrl+E) trigger it from every state: over a modal dialog, a file
dialog, a menu, or the cards themselves. Qt's own shortcut handling stops at a modal dialog, so the
router claims those keys before any widget or shortcut sees them and triggers the one action: there is
no second handler. "/" focuses search, but only when the focus is not in a text field, where it is
typed ("180/100"), and no dialog is open; in the empty search box it does nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QTextEdit

from handbook.ui.actions import Actions


def is_text_field(widget: object) -> bool:
    """Whether typing in this widget inserts text (so a printable key belongs to it)."""
    return isinstance(widget, QLineEdit | QAbstractSpinBox | QPlainTextEdit) or (
        isinstance(widget, QTextEdit) and not widget.isReadOnly()
    )


class KeyRouter(QObject):
    """An application-wide event filter turning the global keys into their registry actions."""

    search_requested = Signal()

    def __init__(self, actions: Actions, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.emergency = actions["emergency"]
        self.search_box: QLineEdit | None = None  # the search box, where "/" is text once a query is typed

    def _is_emergency_key(self, event: QKeyEvent) -> bool:
        pressed = QKeySequence(event.keyCombination())
        return any(
            pressed.matches(keys) == QKeySequence.SequenceMatch.ExactMatch
            for keys in self.emergency.shortcuts()
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Claim the emergency keys everywhere and "/" outside editable text."""
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) or not isinstance(
            event, QKeyEvent
        ):
            return False
        if kind == QEvent.Type.ShortcutOverride and self._is_emergency_key(event):
            event.accept()  # the key press comes to us instead of firing a shortcut
            return True
        if kind != QEvent.Type.KeyPress:
            return False
        if self._is_emergency_key(event):
            if not event.isAutoRepeat():
                self.emergency.trigger()
            return True
        if event.key() != Qt.Key.Key_Slash or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        focus = QApplication.focusWidget()
        if QApplication.activeModalWidget() is not None:
            return False
        box = self.search_box
        if not is_text_field(focus) or (box is not None and focus is box and not box.text()):
            # From elsewhere: go to the box. In the empty box: already there (a query never starts with "/").
            self.search_requested.emit()
            return True
        return False
