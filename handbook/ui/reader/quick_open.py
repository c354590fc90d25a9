"""Ctrl+K: a palette that jumps to any document by id or title, tolerant of typos."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from handbook.library.catalog import Library, quick_matches
from search.quick import typo_matches

DOC_ID_ROLE = Qt.ItemDataRole.UserRole


class QuickOpenDialog(QDialog):
    """Type part of an id or title; arrows choose; Enter opens; Esc closes.

    Exact matches come first; when there are none, ids and titles within a few typos are
    offered ("dischrage", "SOP-MNO"); when nothing is close, the dialog says so.
    """

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Go to document"))
        self.library = library
        self.chosen = ""
        self.box = QLineEdit()
        self.box.setPlaceholderText(self.tr("Document id or title, e.g. MON or discharge"))
        self.box.setAccessibleName(self.tr("Document id or title"))
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Matching documents"))
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName(self.tr("Quick open status"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.state)
        layout.addWidget(self.list)
        self.resize(560, 420)
        self.box.textChanged.connect(self._filter)
        self.box.installEventFilter(self)
        self.list.itemActivated.connect(self._choose)
        self.list.itemClicked.connect(self._choose)
        self._filter("")

    def _filter(self, text: str) -> None:
        self.list.clear()
        current = self.library.current()
        documents = quick_matches(current, text)
        note = ""
        if not documents and text.strip():
            close = typo_matches(text, [(doc.id, doc.title) for doc in current])
            documents = [current[i] for i in close]
            if documents:
                note = self.tr("No exact match for “%1”; closest spellings:").replace("%1", text.strip())
            else:
                note = self.tr(
                    "No document matches “%1”. Try a few letters of the id (MON) or a word of the title."
                ).replace("%1", text.strip())
        for doc in documents:
            item = QListWidgetItem(f"{doc.id}   {doc.title}")
            item.setData(DOC_ID_ROLE, doc.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.state.setText(note)
        self.state.setVisible(bool(note))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Arrows move the selection while typing; Enter opens it."""
        if watched is self.box and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                self.list.setCurrentRow(max(0, min(self.list.count() - 1, self.list.currentRow() + step)))
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.list.currentItem()
                if item is not None:
                    self._choose(item)
                return True
        return super().eventFilter(watched, event)

    def _choose(self, item: QListWidgetItem) -> None:
        self.chosen = item.data(DOC_ID_ROLE)
        self.accept()
