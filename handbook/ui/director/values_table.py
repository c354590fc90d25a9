"""The values sheet as an editable table: one row per value, unset and emergency values first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QWidget

from handbook.errors import HandbookError
from handbook.publish.values_sheet import ValueRow, set_value_field, values_sheet
from handbook.ui import dialogs

# (header, field edited, how a row shows it); field "" = read-only
COLUMNS = (
    ("Name", "", lambda r: r.name),
    ("Value", "value", lambda r: r.text or "UNSET"),
    ("Unit", "unit", lambda r: r.unit),
    ("Clinic-set", "clinic_set", lambda r: "yes" if r.clinic_set else "no"),
    ("Document", "", lambda r: r.doc_id + ("  (emergency)" if r.emergency else "")),
    ("Label", "label", lambda r: r.label),
    ("Source", "source", lambda r: r.source),
)
_UNSET = QColor("#f9dedc")


class ValuesTable(QTableWidget):
    """Edits a cell straight into the owning document; `value_changed(doc id)` after each saved edit."""

    value_changed = Signal(str)
    open_document_requested = Signal(str)

    def __init__(self, content_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.content_dir = content_dir
        self.rows: list[ValueRow] = []
        self.setHorizontalHeaderLabels([self.tr(header) for header, _, _ in COLUMNS])
        self.setAccessibleName(self.tr("The clinic's values"))
        self.horizontalHeader().setStretchLastSection(True)
        self.itemChanged.connect(self._edited)
        self.cellDoubleClicked.connect(self._open)
        self.refresh()

    def refresh(self) -> None:
        """Read the sheet again from the files."""
        self.rows = values_sheet(self.content_dir)
        self.blockSignals(True)
        self.setRowCount(len(self.rows))
        for row_number, row in enumerate(self.rows):
            for column, (_, field, shown) in enumerate(COLUMNS):
                item = QTableWidgetItem(shown(row))
                if not field:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if row.unset:
                    item.setBackground(QBrush(_UNSET))
                self.setItem(row_number, column, item)
        self.blockSignals(False)
        self.resizeColumnsToContents()

    def _edited(self, item: QTableWidgetItem) -> None:
        row = self.rows[item.row()]
        field = COLUMNS[item.column()][1]
        try:
            set_value_field(self.content_dir, row.name, field, item.text())
        except HandbookError as exc:
            dialogs.show_error(self, self.tr("The value was not changed."), exc.where or row.name, exc)
            self.refresh()
            return
        self.refresh()
        self.value_changed.emit(row.doc_id)

    def _open(self, row_number: int, _column: int) -> None:
        if 0 <= row_number < len(self.rows) and COLUMNS[_column][1] == "":
            self.open_document_requested.emit(self.rows[row_number].doc_id)
