"""The open document's table of contents, under the browse tree or search results."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from handbook.library.model import Document

ANCHOR_ROLE = Qt.ItemDataRole.UserRole


class TocPanel(QListWidget):
    """Headings of the open document; activating one scrolls the reader there."""

    section_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Contents of the open document"))
        self.itemActivated.connect(self._activate)
        self.itemClicked.connect(self._activate)

    def show_document(self, doc: Document | None) -> None:
        """List the document's `##` and `###` headings (indented by level)."""
        self.clear()
        if doc is None:
            return
        for heading in doc.headings:
            if heading.level > 3:
                continue
            item = QListWidgetItem(("    " if heading.level == 3 else "") + heading.text)
            item.setData(ANCHOR_ROLE, heading.anchor)
            self.addItem(item)

    def _activate(self, item: QListWidgetItem) -> None:
        self.section_requested.emit(item.data(ANCHOR_ROLE))
