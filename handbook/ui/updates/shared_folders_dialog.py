"""File > Shared folders…: where this workstation looks for updates and writes its records export."""

from __future__ import annotations

import os

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from handbook.publish.shared_updates import UPDATES_DIR_ENV
from handbook.records.shared_records import RECORDS_DIR_ENV


class SharedFoldersDialog(QDialog):
    """Two folder fields (empty: not used), each with Browse…; an environment variable that overrides a
    field is named under it.
    """

    def __init__(self, updates: str, records: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Shared folders"))
        self.updates = QLineEdit(updates)
        self.records = QLineEdit(records)
        form = QFormLayout()
        for label, field, variable in (
            (self.tr("&Updates folder (signed packs from the director):"), self.updates, UPDATES_DIR_ENV),
            (self.tr("&Records folder (this workstation's export):"), self.records, RECORDS_DIR_ENV),
        ):
            field.setPlaceholderText(self.tr("not used"))
            field.setMinimumWidth(360)
            browse = QPushButton(self.tr("Browse…"))
            browse.clicked.connect(lambda _checked=False, f=field: self._browse(f))
            row = QHBoxLayout()
            row.addWidget(field, 1)
            row.addWidget(browse)
            form.addRow(label, row)
            if os.environ.get(variable):
                note = QLabel(
                    self.tr("%1 is set and wins: %2")
                    .replace("%1", variable)
                    .replace("%2", os.environ[variable])
                )
                note.setWordWrap(True)
                form.addRow("", note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            QLabel(self.tr("Typically a network share every workstation and the director can reach."))
        )
        layout.addWidget(buttons)
        self.updates.setFocus()

    def chosen(self) -> tuple[str, str]:
        """The updates and records folders as typed ("" for not used)."""
        return self.updates.text().strip(), self.records.text().strip()

    def _browse(self, field: QLineEdit) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"), field.text())
        if chosen:
            field.setText(chosen)
