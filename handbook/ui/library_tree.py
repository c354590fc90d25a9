"""The browse tree: documents grouped by category, in the order the handbook lists categories."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from handbook.library.catalog import Library

DOC_ID_ROLE = Qt.ItemDataRole.UserRole


class LibraryTree(QTreeWidget):
    """Categories as folders, documents as leaves; activating a leaf asks to open it."""

    open_document_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setAccessibleName(self.tr("Documents by category"))
        self.itemActivated.connect(self._activate)
        self.itemClicked.connect(self._activate)

    def show_library(self, library: Library) -> None:
        """Replace the tree with the library's current documents."""
        self.clear()
        for _category, label, documents in library.by_category():
            folder = QTreeWidgetItem(self, [f"{label} ({len(documents)})"])
            folder.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for doc in documents:
                leaf = QTreeWidgetItem(folder, [doc.title])
                leaf.setData(0, DOC_ID_ROLE, doc.id)
                leaf.setToolTip(0, f"{doc.id} · version {doc.version}\n{doc.summary}")
        self.expandAll()

    def select_document(self, doc_id: str) -> None:
        """Highlight the leaf of a document (when it is in the tree)."""
        for index in range(self.topLevelItemCount()):
            folder = self.topLevelItem(index)
            for child_index in range(folder.childCount()):
                leaf = folder.child(child_index)
                if leaf.data(0, DOC_ID_ROLE) == doc_id:
                    self.setCurrentItem(leaf)
                    return

    def _activate(self, item: QTreeWidgetItem) -> None:
        doc_id = item.data(0, DOC_ID_ROLE)
        if doc_id:
            self.open_document_requested.emit(doc_id)
