"""Publish: new edition, signing key and its passphrase, the folder the pack goes to, an optional next key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from handbook.publish.desk import PublishRequest, next_edition


class PublishDialog(QDialog):
    """Collects a `PublishRequest`; the desk runs it. Nothing is remembered but the folders."""

    def __init__(self, content_dir: Path, edition: str, approver: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content_dir = content_dir
        self.approver = approver
        self.setWindowTitle(self.tr("Publish a new edition"))
        self.edition = QLineEdit(next_edition(edition))
        self.key = QLineEdit()
        self.key.setPlaceholderText(self.tr("handbook-signing.key (e.g. on the USB stick)"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.out_dir = QLineEdit()
        self.out_dir.setPlaceholderText(self.tr("the shared updates folder"))
        self.next_key = QLineEdit()
        self.next_key.setPlaceholderText(self.tr("optional: the new public key workstations move to"))
        form = QFormLayout(self)
        form.addRow(self.tr("New edition"), self.edition)
        form.addRow(self.tr("Signing key"), self._with_browse(self.key, folder=False))
        form.addRow(self.tr("Passphrase"), self.passphrase)
        form.addRow(self.tr("Write the pack to"), self._with_browse(self.out_dir, folder=True))
        form.addRow(self.tr("Next key (rotation)"), self._with_browse(self.next_key, folder=False))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Build and sign"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _with_browse(self, line: QLineEdit, folder: bool) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(line, 1)
        button = QPushButton(self.tr("Choose…"))
        layout.addWidget(button)

        def choose() -> None:
            chosen = (
                QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"))
                if folder
                else QFileDialog.getOpenFileName(self, self.tr("Choose a key file"))[0]
            )
            if chosen:
                line.setText(chosen)

        button.clicked.connect(choose)
        return box

    def request(self) -> PublishRequest:
        """What was entered, as the Qt-free request."""
        next_key = self.next_key.text().strip()
        return PublishRequest(
            content_dir=self.content_dir,
            edition=self.edition.text().strip(),
            key=Path(self.key.text().strip()),
            passphrase=self.passphrase.text() or None,
            out_dir=Path(self.out_dir.text().strip()),
            approver=self.approver,
            next_key=Path(next_key) if next_key else None,
        )
