"""A document's approved versions and a word-level redline between any two of them.

Open with `show_history(parent, library, doc_id)`. The table lists every version (current first) with
its date, material/editorial flag and change note; selecting two rows, or choosing them in the two
boxes, shows the redline from the older to the newer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from handbook.library.catalog import Library
from handbook.publish.history import VersionList, document_versions
from handbook.publish.redline import counts, reading_text, redline, redline_html, version_notes
from handbook.ui.theme import point_size
from handbook.ui.window_layout import size_for_screen

COLUMNS = ("Version", "Effective", "Change", "Approved by", "Change note")


class HistoryDialog(QDialog):
    """Versions of one document and the redline between two of them."""

    def __init__(self, library: Library, doc_id: str, parent: QWidget | None = None, zoom: int = 0) -> None:
        super().__init__(parent)
        self.zoom = zoom
        self.versions: VersionList = document_versions(library, doc_id)
        self.values = library.values
        doc = library.get(doc_id)
        title = doc.title if doc is not None else doc_id
        self.setWindowTitle(self.tr("History of %1").replace("%1", f"{doc_id} {title}"))
        size_for_screen(self, 980, 720)

        self.table = QTableWidget(len(self.versions.versions), len(COLUMNS))
        self.table.setAccessibleName(self.tr("Versions"))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for row, doc in enumerate(self.versions.versions):
            current = self.tr(" (current)") if row == 0 and library.get(doc_id) is doc else ""
            cells = (f"{doc.version}{current}", doc.effective.isoformat(), doc.change, doc.approved_by,
                     doc.change_note)  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)

        self.from_box, self.to_box = QComboBox(), QComboBox()
        for box, name in ((self.from_box, "Compare from version"), (self.to_box, "to version")):
            box.setAccessibleName(self.tr(name))
            for doc in self.versions.versions:
                box.addItem(str(doc.version), doc.version)
        self.stats = QLabel()
        self.redline_view = QTextBrowser()
        self.redline_view.setAccessibleName(self.tr("Redline"))
        font = self.redline_view.document().defaultFont()
        font.setPointSize(point_size(zoom))
        self.redline_view.document().setDefaultFont(font)
        self.notes = QLabel("\n".join(str(p) for p in self.versions.problems))
        self.notes.setVisible(bool(self.versions.problems))
        self.notes.setWordWrap(True)

        chooser = QHBoxLayout()
        chooser.addWidget(QLabel(self.tr("Compare version")))
        chooser.addWidget(self.from_box)
        chooser.addWidget(QLabel(self.tr("with")))
        chooser.addWidget(self.to_box)
        chooser.addStretch(1)
        chooser.addWidget(self.stats)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(chooser)
        lower_layout.addWidget(self.redline_view)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setSizes([200, 520])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addWidget(self.notes)
        layout.addWidget(buttons)

        self.from_box.currentIndexChanged.connect(self._update_redline)
        self.to_box.currentIndexChanged.connect(self._update_redline)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        if len(self.versions.versions) >= 2:
            self.compare(self.versions.versions[1].version, self.versions.versions[0].version)
        else:
            self._update_redline()

    def compare(self, old_version: int, new_version: int) -> None:
        """Show the redline from one version to another (either order is shown oldest → newest)."""
        self.from_box.setCurrentIndex(self.from_box.findData(min(old_version, new_version)))
        self.to_box.setCurrentIndex(self.to_box.findData(max(old_version, new_version)))
        self._update_redline()

    def _selection_changed(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if len(rows) == 2:
            first, second = (self.versions.versions[row].version for row in rows)
            self.compare(first, second)

    def _update_redline(self) -> None:
        old = self.versions.get(self.from_box.currentData())
        new = self.versions.get(self.to_box.currentData())
        if old is None or new is None:
            self.redline_view.setPlainText(self.tr("This document has no versions to compare."))
            self.stats.clear()
            return
        if old.version == new.version:
            self.redline_view.setPlainText(reading_text(new, self.values))
            self.stats.setText(self.tr("Same version"))
            return
        chunks = redline(reading_text(old, self.values), reading_text(new, self.values))
        inserted, deleted = counts(chunks)
        self.stats.setText(
            self.tr("%1 word(s) added, %2 removed").replace("%1", str(inserted)).replace("%2", str(deleted))
        )
        self.redline_view.setHtml(
            redline_html(chunks, version_notes(self.versions.versions, old.version, new.version))
        )


def show_history(parent: QWidget | None, library: Library, doc_id: str, zoom: int = 0) -> HistoryDialog:
    """Open the history of a document (non-modal) at the reader's zoom and return the dialog."""
    dialog = HistoryDialog(library, doc_id, parent, zoom)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
