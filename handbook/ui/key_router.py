"""Keys that must work from anywhere: F2 (emergency cards, even over a dialog) and "/" (search).

"/" only focuses search when the focus is not in a text field, where it is typed ("180/100").
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QTextEdit


class KeyRouter(QObject):
    """An application-wide event filter turning those keys into requests."""

    emergency_requested = Signal()
    search_requested = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Intercept F2 everywhere and "/" outside editable text."""
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()
        if key == Qt.Key.Key_F2:
            self.emergency_requested.emit()
            return True
        if key == Qt.Key.Key_Slash and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            focus = QApplication.focusWidget()
            editable = isinstance(focus, QLineEdit | QAbstractSpinBox | QPlainTextEdit) or (
                isinstance(focus, QTextEdit) and not focus.isReadOnly()
            )
            if not editable and QApplication.activeModalWidget() is None:
                self.search_requested.emit()
                return True
        return False
