"""Read and acknowledge one version of a document.

First time: the whole document. After a material change: what changed since the version the person last
acknowledged (a word-level redline from the history, e.g. version 1 → 3), with each version's change note;
when that version is missing from the history, the whole current text with a note saying so. The
Acknowledge button stays disabled until "I have read and understood version N" is ticked. The dialog
records nothing itself: whoever opens it records on `accepted`.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from handbook.library.catalog import Library
from handbook.library.model import Document
from handbook.library.render import DOC_SCHEME, render_document
from handbook.publish.redline import counts, reading_text, redline, redline_html
from handbook.records.progress import CARRIED, CURRENT, NONE, STALE, AckState
from handbook.ui import theme
from handbook.ui.window_layout import size_for_screen


def banner_text(state: AckState) -> str:
    """One sentence for a banner over an opened document ("" when there is nothing to say)."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("AcknowledgeDialog", text)

    if state.status == NONE and state.required:
        return tr("On your reading path: read version %1 and acknowledge it.").replace(
            "%1", str(state.version)
        )
    if state.status == STALE:
        return (
            tr("Changed since you acknowledged version %1: review the changes and acknowledge version %2.")
            .replace("%1", str(state.acknowledged_version))
            .replace("%2", str(state.version))
        )
    if state.status == CARRIED:
        return tr("You acknowledged version %1; the changes since are editorial.").replace(
            "%1", str(state.acknowledged_version)
        )
    if state.status == CURRENT:
        return tr("You acknowledged this version on %1.").replace("%1", state.acknowledged_at[:10])
    return ""


class AcknowledgeDialog(QDialog):
    """Shows what to read (document or redline) and asks for the explicit acknowledgement."""

    open_document_requested = Signal(str, str)

    def __init__(
        self, library: Library, doc: Document, state: AckState, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.state = state
        self.setWindowTitle(self.tr("Acknowledge %1").replace("%1", doc.id))
        size_for_screen(self, 900, 720)
        title = QLabel(f"<h2>{html.escape(doc.id)} · {html.escape(doc.title)}</h2>")
        title.setTextFormat(Qt.TextFormat.RichText)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("background-color: #fff1cc; color: #3a2a00; padding: 6px")
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        # The colours of the mode the app is in (a day palette's pale boxes under night text are unreadable).
        self.night = theme.is_night()
        theme.style_document(
            self.view.document(), theme.point_size(theme.current_zoom()), theme.reader_stylesheet(self.night)
        )
        self.view.setAccessibleName(self.tr("What to read"))
        self.view.setTabChangesFocus(True)  # Tab goes on to the tick box, not only through links
        self.confirm = QCheckBox(
            self.tr("I have read and understood version %1 of %2.")
            .replace("%1", str(doc.version))
            .replace("%2", doc.id)
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.acknowledge_button = QPushButton(self.tr("Acknowledge"))
        self.acknowledge_button.setEnabled(False)
        buttons.addButton(self.acknowledge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.confirm)
        layout.addWidget(buttons)

        self.confirm.toggled.connect(self.acknowledge_button.setEnabled)
        buttons.accepted.connect(self._accept_if_confirmed)
        buttons.rejected.connect(self.reject)
        self.view.anchorClicked.connect(self._follow)
        self._fill(library)

    @property
    def shows_redline(self) -> bool:
        """True when the view holds a redline rather than the whole document."""
        changes = self.state.changes
        return self.state.status == STALE and changes is not None and changes.base is not None

    def _fill(self, library: Library) -> None:
        changes = self.state.changes
        note = changes.note if changes is not None else ""
        self.note.setText(note)  # composed by the core, with version numbers
        self.note.setVisible(bool(note))
        if self.shows_redline and changes is not None and changes.base is not None:
            chunks = redline(
                reading_text(changes.base, library.values), reading_text(self.doc, library.values)
            )
            inserted, deleted = counts(chunks)
            steps = "".join(
                f"<li>{self.tr('Version %1').replace('%1', str(s.version))} ({html.escape(s.change)})"
                f"{': ' + html.escape(s.change_note) if s.change_note else ''}</li>"
                for s in changes.steps
            )
            self.summary.setText(
                self.tr("Changes from version %1 (the one you acknowledged) to version %2: %3 word(s) added, "
                        "%4 removed.")
                .replace("%1", str(changes.since)).replace("%2", str(self.doc.version))
                .replace("%3", str(inserted)).replace("%4", str(deleted))
                + f"<ul>{steps}</ul>"
            )  # fmt: skip
            self.view.setHtml(redline_html(chunks))
            return
        if self.state.status == STALE:
            self.summary.setText(
                self.tr("Version %1 replaces the version you acknowledged: read it in full.").replace(
                    "%1", str(self.doc.version)
                )
            )
        else:
            self.summary.setText(
                self.tr("Read version %1 in full, then acknowledge it.").replace("%1", str(self.doc.version))
            )
        self.view.setHtml(
            render_document(self.doc, library.values, dt.date.today(), theme.content_palette(self.night))
        )

    def _accept_if_confirmed(self) -> None:
        if self.confirm.isChecked():
            self.accept()

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == DOC_SCHEME:
            self.open_document_requested.emit(url.path(), url.fragment())
