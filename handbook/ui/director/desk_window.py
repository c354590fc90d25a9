"""The director's desk window: review queue and values sheet on the left, the live preview of the chosen
document beside its source on the right; approve what was shown, publish a signed edition.

Every decision is made by the Qt-free core (`publish.approve`, `publish.values_sheet`, `publish.desk`);
this window collects input, calls one function and shows the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from handbook.errors import HandbookError
from handbook.library.approval import text_hash
from handbook.library.frontmatter import split
from handbook.library.model import Document
from handbook.publish.approve import QueueItem, approve_document, review_queue
from handbook.publish.build import BuildResult
from handbook.publish.desk import PublishRequest, publish
from handbook.ui import dialogs
from handbook.ui.director.preview_window import PreviewWindow
from handbook.ui.director.values_table import ValuesTable
from handbook.ui.tasks import run_in_background

if TYPE_CHECKING:
    from handbook.records.db import RecordStore

REASON_TEXT = {
    "lint": "Problem",
    "changed": "Changed since approval",
    "draft": "Draft",
    "due": "Due for review",
}


class DirectorDesk(QMainWindow):
    """One content folder under review. Signals: `document_approved(id, version)`, `pack_published(path)`."""

    document_approved = Signal(str, int)
    pack_published = Signal(str)

    def __init__(
        self,
        content_dir: Path,
        parent: QWidget | None = None,
        debounce_ms: int = 250,
        records: Callable[[], RecordStore] | None = None,
        records_setting: str = "",
    ) -> None:
        super().__init__(parent)
        self.records = records  # this workstation's record store, where staff exports are merged
        self.records_setting = records_setting  # the shared records folder named in the settings
        self.content_dir = Path(content_dir).resolve()
        self.today = dt.date.today()
        self.items: list[QueueItem] = []
        self.setWindowTitle(self.tr("Director's desk: %1").replace("%1", str(self.content_dir)))
        self.resize(1360, 840)

        self.queue = QTreeWidget()
        self.queue.setHeaderLabels([self.tr("Why"), self.tr("Document"), self.tr("Detail")])
        self.queue.setRootIsDecorated(False)
        self.queue.setAccessibleName(self.tr("Review queue"))
        self.values = ValuesTable(self.content_dir)
        self.left = QTabWidget()
        self.left.addTab(self.queue, self.tr("Review queue"))
        self.left.addTab(self.values, self.tr("Values"))
        self.preview = PreviewWindow(self.content_dir, self, debounce_ms=debounce_ms)
        self.preview.setWindowFlags(Qt.WindowType.Widget)  # embedded, not a window of its own
        self.source = QPlainTextEdit()
        self.source.setReadOnly(True)
        self.source.setAccessibleName(self.tr("Source of the shown document"))
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.preview)
        right.addWidget(self.source)
        right.setSizes([560, 240])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.left)
        splitter.addWidget(right)
        splitter.setSizes([460, 900])
        self.setCentralWidget(splitter)

        self.approver = QLineEdit()
        self.approver.setPlaceholderText(self.tr("Your name, as it is recorded with an approval"))
        self.approver.setAccessibleName(self.tr("Approver's name"))
        toolbar = QToolBar(self.tr("Desk"))
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(self.tr("Approver: ")))
        toolbar.addWidget(self.approver)
        self.approve_action = toolbar.addAction(self.tr("&Approve shown document"))
        self.publish_action = toolbar.addAction(self.tr("&Publish…"))
        self.records_action = toolbar.addAction(self.tr("Staff &records…"))
        self.refresh_action = toolbar.addAction(self.tr("&Refresh"))
        self.addToolBar(toolbar)

        # Connect signals
        self.queue.currentItemChanged.connect(self._queue_chosen)
        self.values.value_changed.connect(self._value_changed)
        self.values.open_document_requested.connect(self.show_document)
        self.preview.content_reloaded.connect(self._preview_reloaded)
        self.preview.doc_list.currentItemChanged.connect(lambda *_: self._show_source())
        self.approve_action.triggered.connect(self.approve_shown)
        self.publish_action.triggered.connect(self.ask_publish)
        self.refresh_action.triggered.connect(self.refresh)
        self.records_action.triggered.connect(self.ask_collect_records)
        self.report_dialog: QWidget | None = None

        self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Closing drops any preview reload still running: its result must not reach deleted widgets."""
        self.preview.timer.stop()
        self.preview._generation += 1  # the preview's own "newer reload wins" rule makes it obsolete
        super().closeEvent(event)

    # ----- queue -----
    def refresh(self) -> None:
        """Lint again and rebuild the queue and the values sheet."""
        try:
            self.items = review_queue(self.content_dir, self.today)
        except HandbookError as exc:
            dialogs.show_error(self, self.tr("The review queue cannot be built."), exc.where, exc)
            self.items = []
        self.queue.blockSignals(True)  # the old rows' selection must not reach the new list
        self.queue.clear()
        for item in self.items:
            detail = f"{item.detail} · {item.title}" if item.doc_id else item.detail
            row = QTreeWidgetItem([self.tr(REASON_TEXT[item.reason]), item.doc_id or "-", detail])
            row.setToolTip(2, item.detail)
            self.queue.addTopLevelItem(row)
        self.queue.blockSignals(False)
        for column in range(2):
            self.queue.resizeColumnToContents(column)
        self.left.setTabText(0, self.tr("Review queue (%1)").replace("%1", str(len(self.items))))
        self.values.refresh()
        self.statusBar().showMessage(self.tr("%1 item(s) waiting").replace("%1", str(len(self.items))))

    def _queue_chosen(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None
    ) -> None:
        index = self.queue.indexOfTopLevelItem(current) if current is not None else -1
        if not 0 <= index < len(self.items):
            return
        item = self.items[index]
        if item.doc_id:
            self.show_document(item.doc_id)
        else:
            self.source.setPlainText(self._read(item.path))

    def show_document(self, doc_id: str) -> None:
        """Show a document in the live preview, its source beside it."""
        self.preview.open_document(doc_id)
        self._show_source()

    def shown_document(self) -> Document | None:
        """The document the preview shows now (what an approval would approve)."""
        return self.preview.view.current

    def _show_source(self) -> None:
        doc = self.shown_document()
        self.source.setPlainText(self._read(doc.path) if doc else "")

    def _read(self, path: Path) -> str:
        try:
            return Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return self.tr("(cannot be read: %1)").replace("%1", str(exc))

    def _preview_reloaded(self) -> None:
        self._show_source()

    def _value_changed(self, doc_id: str) -> None:
        self.refresh()
        self.preview.reload()
        self.statusBar().showMessage(self.tr("Saved in %1; lint ran again.").replace("%1", doc_id), 8000)

    # ----- approve -----
    def approve_shown(self) -> None:
        """Approve the document on screen, by the name typed, after a confirmation naming what is approved.

        Refused when nothing is shown, no name is given, or the file changed since it was shown.
        """
        doc = self.shown_document()
        name = self.approver.text().strip()
        if doc is None:
            dialogs.show_warning(
                self, self.tr("Open the document you approve first: it must be shown to you.")
            )
            return
        if not name:
            dialogs.show_warning(self, self.tr("Type your name first: it is recorded with the approval."))
            self.approver.setFocus()
            return
        header, _ = split(self._read(doc.path), str(doc.path))
        if header is None or text_hash(header.fields, header.body) != doc.text_sha256:
            dialogs.show_warning(
                self, self.tr("The file changed since it was shown: look at it again."), str(doc.path)
            )
            self.preview.reload()
            return
        record = doc.approval
        new_version = (
            record is not None and record.version == doc.version and record.sha256 != doc.text_sha256
        )
        version = doc.version + 1 if new_version else doc.version
        question = (
            self.tr("Approve %1 version %2, “%3”, as shown, in the name of %4?")
            .replace("%1", doc.id).replace("%2", str(version)).replace("%3", doc.title).replace("%4", name)
        )  # fmt: skip
        if new_version:
            question += self.tr(
                " It changed since version %1 was approved, so its version is raised."
            ).replace("%1", str(doc.version))
        if not dialogs.ask(self, question):
            return
        try:
            result = approve_document(self.content_dir, doc.id, name, new_version=new_version)
        except HandbookError as exc:
            dialogs.show_error(self, self.tr("The document was not approved."), exc.where, exc)
            return
        self.refresh()
        self.preview.reload()
        self.statusBar().showMessage(
            self.tr("%1 version %2 approved by %3").replace("%1", doc.id)
            .replace("%2", str(result.record.version)).replace("%3", name), 10000
        )  # fmt: skip
        self.document_approved.emit(doc.id, result.record.version)

    # ----- publish -----
    def ask_publish(self) -> None:
        """Ask for the edition, key, passphrase and folder, then publish."""
        from handbook.library.loader import load_library
        from handbook.ui.director.publish_dialog import PublishDialog

        edition = load_library(self.content_dir).library.info.edition
        dialog = PublishDialog(self.content_dir, edition, self.approver.text().strip(), self)
        if dialog.exec():
            self.run_publish(dialog.request())

    def run_publish(self, request: PublishRequest) -> None:
        """Build and sign in the background; the result or the one-line refusal is shown."""
        self.publish_action.setEnabled(False)
        self.statusBar().showMessage(
            self.tr("Building and signing edition %1…").replace("%1", request.edition)
        )
        run_in_background(lambda: publish(request, self.today), self._published, self._publish_failed)

    def _published(self, result: BuildResult) -> None:
        self.publish_action.setEnabled(True)
        self.refresh()
        lines = [f"warning: {w}" for w in result.warnings]
        dialogs.show_info(
            self,
            self.tr("Edition %1 is signed and written to %2. Workstations watching that folder will offer it.")
            .replace("%1", result.manifest.version).replace("%2", str(result.path))
            + ("\n\n" + "\n".join(lines) if lines else ""),
        )  # fmt: skip
        self.pack_published.emit(str(result.path))

    def _publish_failed(self, exc: BaseException) -> None:
        self.publish_action.setEnabled(True)
        self.statusBar().clearMessage()
        problems = getattr(exc, "problems", [])
        where = getattr(exc, "where", "")
        detail = "\n".join(str(p) for p in problems)
        dialogs.show_error(self, self.tr("Nothing was published: %1").replace("%1", str(exc)) + (
            "\n\n" + detail if detail else ""), where, exc)  # fmt: skip

    # ----- records -----
    def ask_collect_records(self) -> None:
        """Merge the shared records folder (setting or HANDBOOK_RECORDS_DIR, else asked for), then report."""
        from PySide6.QtWidgets import QFileDialog

        from handbook.records.shared_records import records_dir

        folder = records_dir(self.records_setting)
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose the shared records folder"))
            if not chosen:
                return
            folder = Path(chosen)
        self.collect_records(folder)

    def collect_records(self, folder: Path) -> None:
        """Merge every workstation's export in the folder into this computer's records (a refused file is
        named, the others still merge) and open the onboarding report on the content being published.
        """
        from handbook.library.loader import load_library
        from handbook.records.shared_records import merge_shared
        from handbook.ui.onboarding.report_dialog import ReportDialog

        if self.records is None:
            dialogs.show_error(self, self.tr("This desk has no record store to merge into."), str(folder))
            return
        try:
            store = self.records()
            result = merge_shared(store, folder)
        except HandbookError as exc:
            dialogs.show_error(self, self.tr("The records cannot be opened."), exc.where, exc)
            return
        if result.refused:
            dialogs.show_warning(
                self,
                self.tr("Some exports were refused; the others were merged:\n%1").replace(
                    "%1", "\n".join(f"{path.name}: {reason}" for path, reason in result.refused)
                ),
                str(folder),
            )
        self.statusBar().showMessage(
            self.tr("%1 export(s) merged, %2 new record(s)").replace("%1", str(len(result.merged)))
            .replace("%2", str(result.added)), 10000
        )  # fmt: skip
        dialog = ReportDialog(load_library(self.content_dir).library, store, self.today, self)
        self.report_dialog = dialog
        dialog.open()
