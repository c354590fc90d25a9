"""The director's report in the app: view it, save it as PDF or CSV, export this workstation's records,
merge exports from other workstations. The same as `python -m handbook report`.

Merging, exporting and the CSV run in the background with their own connection to the records (SQLite
connections stay in their thread); the PDF is painted on the GUI thread (Qt printing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from handbook.clinic import on_own_connection
from handbook.errors import HandbookError
from handbook.library.catalog import Library
from handbook.records.db import RecordStore
from handbook.records.merge import MergeResult, export_records, merge_exports
from handbook.records.report import Report, build_report, report_html, write_csv
from handbook.ui import dialogs, tasks


class ReportDialog(QDialog):
    """Shows the report; every button writes a file or merges, then the report is rebuilt."""

    records_merged = Signal(int)  # rows added
    file_written = Signal(str)  # path of a PDF, CSV or export

    def __init__(
        self,
        library: Library,
        store: RecordStore,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.store = store  # the clinic's records (GUI thread); background work uses a connection of its own
        self.today = today
        self.report: Report | None = None
        self.setWindowTitle(self.tr("Onboarding report"))
        self.resize(980, 720)
        self.view = QTextBrowser()
        self.view.setAccessibleName(self.tr("Onboarding report"))
        self.pdf_button = QPushButton(self.tr("Save as PDF…"))
        self.csv_button = QPushButton(self.tr("Save as CSV…"))
        self.export_button = QPushButton(self.tr("Export records…"))
        self.export_button.setToolTip(self.tr("This workstation's records, for the medical director"))
        self.merge_button = QPushButton(self.tr("Merge exports…"))
        self.merge_button.setToolTip(self.tr("Add exports from other workstations to these records"))
        close = QPushButton(self.tr("Close"))
        buttons = QHBoxLayout()
        for button in (self.pdf_button, self.csv_button, self.export_button, self.merge_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        self.pdf_button.clicked.connect(self.save_pdf)
        self.csv_button.clicked.connect(self.save_csv)
        self.export_button.clicked.connect(self.export)
        self.merge_button.clicked.connect(self.merge)
        close.clicked.connect(self.accept)
        self.refresh()

    def choose_save_path(self, title: str, suggested: str, pattern: str) -> str:
        """Ask where to save ("" when cancelled)."""
        path, _ = QFileDialog.getSaveFileName(self, title, suggested, pattern)
        return path

    def choose_open_paths(self, title: str, pattern: str) -> list[str]:
        """Ask which files to open (empty when cancelled)."""
        paths, _ = QFileDialog.getOpenFileNames(self, title, "", pattern)
        return paths

    def refresh(self) -> None:
        """Rebuild the report from the records and show it."""
        try:
            self.report = build_report(self.store, self.library, self.today)
        except HandbookError as exc:
            dialogs.show_error(self, self.tr("The records could not be read."), exc.where, exc)
            return
        self.view.setHtml(report_html(self.report))

    def _background(self, work: Callable[[], Any], done: Callable[[Any], None], failed_text: str) -> None:
        buttons = (self.pdf_button, self.csv_button, self.export_button, self.merge_button)
        for button in buttons:
            button.setEnabled(False)

        def enable() -> None:
            for button in buttons:
                button.setEnabled(True)

        def succeeded(value: Any) -> None:
            enable()
            done(value)

        tasks.run_task(self, failed_text, work, succeeded, lambda _exc: enable(), with_reason=True)

    def save_pdf(self) -> None:
        """Save the report as a stamped PDF (Qt printing, reused from the document PDFs)."""
        from handbook.ui.onboarding.report_pdf import write_report_pdf

        if self.report is None:
            return
        path = self.choose_save_path(self.tr("Save the report as PDF"), self._suggested("pdf"), "PDF (*.pdf)")
        if not path:
            return
        try:
            write_report_pdf(self.report, Path(path))
        except OSError as exc:
            dialogs.show_error(self, self.tr("The PDF could not be written; nothing was saved."), path, exc)
            return
        self.file_written.emit(path)

    def save_csv(self) -> None:
        """Save the report as one CSV table."""
        report = self.report
        path = self.choose_save_path(self.tr("Save the report as CSV"), self._suggested("csv"), "CSV (*.csv)")
        if not path or report is None:
            return
        self._background(lambda: write_csv(report, Path(path)), lambda _: self.file_written.emit(path),
                         self.tr("The CSV could not be written; nothing was saved."))  # fmt: skip

    def export(self) -> None:
        """Write this workstation's records (with their chain) for the director."""
        path = self.choose_save_path(
            self.tr("Export the records"), f"records-{dt.date.today().isoformat()}.json", "JSON (*.json)"
        )
        if not path:
            return
        store = self.store

        def work() -> int:
            stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            return on_own_connection(store, lambda own: export_records(own, Path(path), stamp))

        self._background(work, lambda _rows: self.file_written.emit(path),
                         self.tr("The records could not be exported; nothing was written."))  # fmt: skip

    def merge(self) -> None:
        """Merge exports from other workstations: all files or, if one is refused, none."""
        files = self.choose_open_paths(self.tr("Merge records exports"), "JSON (*.json)")
        if not files:
            return
        store = self.store

        def work() -> MergeResult:
            return on_own_connection(store, lambda own: merge_exports(own, [Path(f) for f in files]))

        def done(result: MergeResult) -> None:
            self.refresh()
            self.records_merged.emit(result.added)
            dialogs.show_info(
                self,
                self.tr("%1 row(s) added from %2 file(s); the rest were already here.")
                .replace("%1", str(result.added)).replace("%2", str(len(result.files))),
            )  # fmt: skip

        self._background(work, done, self.tr("Nothing was merged."))

    def _suggested(self, extension: str) -> str:
        return f"onboarding-report-{dt.date.today().isoformat()}.{extension}"
