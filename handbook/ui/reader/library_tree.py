"""The browse panel: documents by category, by role, and the person's bookmarks and recent documents."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTabWidget, QTreeWidget, QTreeWidgetItem, QWidget

from handbook.library.catalog import Library
from handbook.library.model import Document

DOC_ID_ROLE = Qt.ItemDataRole.UserRole


class DocumentTree(QTreeWidget):
    """Folders of documents; activating a document asks to open it."""

    open_document_requested = Signal(str)

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setAccessibleName(accessible_name)
        self.itemActivated.connect(self._activate)
        self.itemClicked.connect(self._activate)

    def show_groups(self, groups: Sequence[tuple[str, Sequence[Document]]], today_overdue: set[str]) -> None:
        """Replace the tree with (folder label, documents) groups."""
        self.clear()
        for label, documents in groups:
            folder = QTreeWidgetItem(self, [f"{label} ({len(documents)})"])
            folder.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for doc in documents:
                flag = "  ⚠ review overdue" if doc.id in today_overdue else ""
                leaf = QTreeWidgetItem(folder, [doc.title + flag])
                leaf.setData(0, DOC_ID_ROLE, doc.id)
                leaf.setToolTip(0, f"{doc.id} · version {doc.version}\n{doc.summary}")
        self.expandAll()

    def select_document(self, doc_id: str) -> None:
        """Highlight the document's first leaf, if it is in the tree."""
        for index in range(self.topLevelItemCount()):
            folder = self.topLevelItem(index)
            for child_index in range(folder.childCount() if folder is not None else 0):
                leaf = folder.child(child_index) if folder is not None else None
                if leaf is not None and leaf.data(0, DOC_ID_ROLE) == doc_id:
                    self.setCurrentItem(leaf)
                    return

    def _activate(self, item: QTreeWidgetItem) -> None:
        doc_id = item.data(0, DOC_ID_ROLE)
        if doc_id:
            self.open_document_requested.emit(doc_id)


class LibraryTree(QTabWidget):
    """Three ways to browse: by category, by role, and mine (bookmarks and recent)."""

    open_document_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.by_category = DocumentTree(self.tr("Documents by category"))
        self.by_role = DocumentTree(self.tr("Documents by role"))
        self.mine = DocumentTree(self.tr("Bookmarks and recent documents"))
        self.addTab(self.by_category, self.tr("Category"))
        self.addTab(self.by_role, self.tr("Role"))
        self.addTab(self.mine, self.tr("Mine"))
        for tree in (self.by_category, self.by_role, self.mine):
            tree.open_document_requested.connect(self.open_document_requested)
        self.library: Library | None = None
        self.overdue: set[str] = set()

    def show_library(self, library: Library, overdue: set[str]) -> None:
        """Fill the category and role trees."""
        self.library, self.overdue = library, overdue
        self.by_category.show_groups([(label, docs) for _, label, docs in library.by_category()], overdue)
        self.by_role.show_groups(
            [(label, library.by_role(role)) for role, label in library.info.roles], overdue
        )

    def show_mine(self, bookmarks: Sequence[str], recent: Sequence[str]) -> None:
        """Fill the bookmarks and recent folders (unknown ids, e.g. revoked documents, are left out)."""
        if self.library is None:
            return
        known = [self.library.get(i) for i in bookmarks]
        latest = [self.library.get(i) for i in recent]
        self.mine.show_groups(
            [(self.tr("Bookmarks"), [d for d in known if d]), (self.tr("Recent"), [d for d in latest if d])],
            self.overdue,
        )

    def select_document(self, doc_id: str) -> None:
        """Highlight the document in the visible tree."""
        current = self.currentWidget()
        if isinstance(current, DocumentTree):
            current.select_document(doc_id)
