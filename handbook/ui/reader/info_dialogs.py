"""Small read-only dialogs: keyboard shortcuts, documents due for review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from handbook.library.model import Document


def _table_dialog(
    parent: QWidget | None, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]
) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    table = QTableWidget(len(rows), len(headers))
    table.setAccessibleName(title)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(table)
    layout.addWidget(buttons)
    dialog.resize(620, 480)
    return dialog


def shortcuts_dialog(parent: QWidget | None, rows: Sequence[tuple[str, str]]) -> QDialog:
    """Every action with its keys, as the action registry lists them (`Actions.shortcut_rows()`)."""
    return _table_dialog(parent, parent.tr("Keyboard shortcuts") if parent else "Keyboard shortcuts",
                         ("Action", "Keys"), rows)  # fmt: skip


def review_dialog(parent: QWidget | None, docs: Sequence[Document], today: dt.date) -> QDialog:
    """Approved documents past or near their review date, with how overdue each is."""
    rows = []
    for doc in docs:
        days = (doc.review_by - today).days
        state = f"overdue by {-days} day(s)" if days < 0 else f"due in {days} day(s)"
        rows.append((doc.id, doc.title, doc.review_by.isoformat(), state, doc.owner))
    if not rows:
        rows.append(("", "No approved document is past or near its review date.", "", "", ""))
    return _table_dialog(
        parent, "Documents due for review", ("Id", "Title", "Review by", "State", "Owner"), rows
    )
