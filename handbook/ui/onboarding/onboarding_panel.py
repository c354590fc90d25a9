"""Onboarding: who is using the workstation, their reading path, read-and-acknowledge, knowledge checks.

`OnboardingPanel(library, store, store_error)` is a plain QWidget the main window docks or shows in a
dialog; the records store comes from the clinic core (`clinic.open_records()`), never opened here. Every
write (an acknowledgement, a quiz result) runs off the GUI thread on a connection of its own.
It emits open_document_requested(doc_id, anchor) for every "Open" and every explanation link, and
acknowledgement_recorded(doc_id, version) / quiz_recorded(quiz_id, passed) / person_switched(name) after
each change. `state_for(doc_id)` tells the main window whether the current person must (re)acknowledge
an opened document; `acknowledge_document(doc_id)` opens the acknowledgement for it.

Run it alone: `python -m handbook.ui.onboarding.onboarding_panel [CONTENT_DIR]`.
"""

from __future__ import annotations

import datetime as dt
import html
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from handbook.clinic import on_own_connection
from handbook.errors import StorageError
from handbook.library.catalog import Library
from handbook.records import progress as steps
from handbook.records.acks import acknowledge
from handbook.records.db import RecordStore
from handbook.records.profiles import Profile, choose_profile, current_profile
from handbook.records.progress import AckState, PathItem, Progress, ack_state, dashboard
from handbook.records.quiz import QuizOutcome, record_quiz
from handbook.ui import dialogs, tasks
from handbook.ui.onboarding.acknowledge_dialog import AcknowledgeDialog
from handbook.ui.onboarding.profile_dialog import ProfileDialog
from handbook.ui.onboarding.quiz_dialog import QuizDialog

COLUMNS = ("#", "Document", "Title", "Due", "State", "Acknowledged", "Knowledge check")
STATE_TEXT = {steps.TO_READ: "To read", steps.RE_READ: "Changed: re-read", steps.QUIZ: "Knowledge check to pass",
              steps.DONE: "Done", steps.MISSING: "Not in the content"}  # fmt: skip


class OnboardingPanel(QWidget):
    """The current person's reading path with what to do next; acknowledge, quiz, report from here."""

    open_document_requested = Signal(str, str)
    acknowledgement_recorded = Signal(str, int)  # doc id, version
    quiz_recorded = Signal(str, bool)  # quiz id, passed
    person_switched = Signal(str)  # name ("" for nobody)

    def __init__(
        self,
        library: Library,
        store: RecordStore | None = None,
        store_error: StorageError | None = None,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("onboarding_panel")
        self.library = library
        self.today = today
        self.store: RecordStore | None = store
        self.person: Profile | None = None
        self.progress: Progress | None = None
        self.active_dialog: QDialog | None = None  # the dialog opened last (tests and the lead reach it here)

        self.person_label = QLabel()
        self.person_label.setWordWrap(True)
        self.switch_button = QPushButton(self.tr("Switch person…"))
        self.bar = QProgressBar()
        self.bar.setAccessibleName(self.tr("Reading path progress"))
        self.bar.setFormat(self.tr("%v of %m done"))
        self.summary = QLabel()
        self.next_label = QLabel()
        self.next_label.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName(self.tr("Reading path"))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.open_button = QPushButton(self.tr("Open"))
        self.acknowledge_button = QPushButton(self.tr("Acknowledge…"))
        self.quiz_button = QPushButton(self.tr("Knowledge check…"))
        self.report_button = QPushButton(self.tr("Report…"))
        self.report_button.setToolTip(
            self.tr("Who acknowledged what, overdue and stale reading, quiz results")
        )

        top = QHBoxLayout()
        top.addWidget(self.person_label, 1)
        top.addWidget(self.switch_button)
        actions = QHBoxLayout()
        for button in (self.open_button, self.acknowledge_button, self.quiz_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.report_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.next_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

        # Connect signals
        self.switch_button.clicked.connect(self.choose_person)
        self.open_button.clicked.connect(self.open_selected)
        self.acknowledge_button.clicked.connect(lambda: self.acknowledge_document(self.selected_doc_id()))
        self.quiz_button.clicked.connect(self.take_selected_quiz)
        self.report_button.clicked.connect(self.show_report)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.activated.connect(lambda _index: self.open_selected())  # Enter or double-click

        if store_error is not None:
            # After construction, so the message has a shown parent and the caller can connect first.
            QTimer.singleShot(0, lambda error=store_error: self._storage_failed(error))
        if self.store is not None:
            try:
                self.person = current_profile(self.store)
            except StorageError as exc:
                QTimer.singleShot(0, lambda error=exc: self._storage_failed(error))
        self.refresh()

    def _today(self) -> dt.date:
        return self.today or dt.date.today()

    def _storage_failed(self, exc: StorageError) -> None:
        self.setEnabled(False)
        self.person_label.setText(self.tr("Onboarding records are unavailable on this workstation."))
        dialogs.show_error(
            self,
            self.tr("The onboarding records could not be opened; nothing can be acknowledged."),
            exc.where,
            exc,
        )

    def show_library(self, library: Library) -> None:
        """Switch to a (re)loaded library: states are recomputed (a material change makes steps stale)."""
        self.library = library
        self.refresh()

    def refresh(self) -> None:
        """Recompute the dashboard for the current person and redraw."""
        self.progress = None
        if self.store is not None and self.person is not None:
            try:
                self.progress = dashboard(self.store, self.person, self.library, self._today())
            except StorageError as exc:
                dialogs.show_error(self, self.tr("The onboarding records could not be read."), exc.where, exc)
        self._draw()

    def state_for(self, doc_id: str) -> AckState | None:
        """Whether the current person must (re)acknowledge a document; None without a person or document."""
        doc = self.library.get(doc_id)
        if self.store is None or self.person is None or doc is None:
            return None
        try:
            return ack_state(self.store, self.person, doc, self.library)
        except StorageError as exc:
            dialogs.show_error(self, self.tr("The onboarding records could not be read."), exc.where, exc)
            return None

    def _draw(self) -> None:
        person, progress = self.person, self.progress
        self.switch_button.setText(
            self.tr("Switch person…") if person else self.tr("Choose or add a person…")
        )
        if person is None or progress is None:
            self.person_label.setText(self.tr("Nobody is chosen. Choose yourself to see your reading path."))
            self.bar.setRange(0, 1)
            self.bar.setValue(0)
            self.bar.setFormat(self.tr("no one chosen"))
            self.summary.clear()
            self.next_label.clear()
            self.table.setRowCount(0)
            self._update_buttons()
            return
        self.person_label.setText(
            f"<b>{html.escape(person.name)}</b> · {html.escape(self.library.info.role_label(person.role))} · "
            + self.tr("started %1").replace("%1", person.start_date.isoformat())
        )
        self.bar.setFormat(self.tr("%v of %m done"))
        self.bar.setRange(0, max(progress.total, 1))
        self.bar.setValue(progress.done)
        self.summary.setText(
            self.tr("%1 of %2 done · %3 overdue · %4 to re-read")
            .replace("%1", str(progress.done)).replace("%2", str(progress.total))
            .replace("%3", str(progress.overdue)).replace("%4", str(progress.stale))
        )  # fmt: skip
        if not progress.items:
            self.next_label.setText(self.tr("There is no reading path for this role in the content."))
        elif progress.next_item is None:
            self.next_label.setText(self.tr("All done. Thank you."))
        else:
            item = progress.next_item
            self.next_label.setText(
                self.tr("Next: %1 %2 (%3, due %4)")
                .replace("%1", item.doc_id).replace("%2", item.title)
                .replace("%3", self.tr(STATE_TEXT[item.status]).lower()).replace("%4", item.due.isoformat())
            )  # fmt: skip
        self.table.setRowCount(len(progress.items))
        for row, item in enumerate(progress.items):
            for column, text in enumerate(self._cells(item)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if (
                    item.overdue or item.status == steps.RE_READ
                ):  # bold, not colour: readable in night mode too
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        self.select_doc(progress.next_item.doc_id if progress.next_item else "")

    def _cells(self, item: PathItem) -> tuple[str, ...]:
        state = self.tr(STATE_TEXT[item.status])
        if item.overdue:
            state = self.tr("OVERDUE: %1").replace("%1", state)
        acked = ""
        if item.ack is not None and item.ack.acknowledged_version is not None:
            acked = (
                self.tr("version %1 on %2")
                .replace("%1", str(item.ack.acknowledged_version))
                .replace("%2", item.ack.acknowledged_at[:10])
            )
        quiz = ""
        if item.quiz is not None:
            quiz = self.tr("passed") if item.quiz.passed else self.tr("not passed")
            if item.quiz.attempts and not item.quiz.passed:
                quiz += self.tr(" (best %1%)").replace("%1", str(item.quiz.best_percent))
        return (str(item.position), item.doc_id, item.title, item.due.isoformat(), state, acked, quiz)

    def item(self, doc_id: str) -> PathItem | None:
        """The reading-path step for a document, if it is on the current person's path."""
        items = self.progress.items if self.progress else ()
        return next((i for i in items if i.doc_id == doc_id), None)

    def select_doc(self, doc_id: str) -> None:
        """Highlight a document's row (none when it is not on the path)."""
        items = self.progress.items if self.progress else ()
        row = next((r for r, i in enumerate(items) if i.doc_id == doc_id), -1)
        if row < 0:
            self.table.clearSelection()
        else:
            self.table.selectRow(row)
        self._update_buttons()

    def selected_doc_id(self) -> str:
        """The document of the highlighted row ("" when none)."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.progress is None:
            return ""
        return self.progress.items[rows[0].row()].doc_id

    def _update_buttons(self) -> None:
        item = self.item(self.selected_doc_id())
        usable = item is not None and item.status != steps.MISSING
        self.open_button.setEnabled(usable)
        ack = item.ack if item is not None else None
        self.acknowledge_button.setEnabled(usable and ack is not None and ack.can_acknowledge)
        self.quiz_button.setEnabled(usable and item is not None and bool(item.quiz_id))
        self.report_button.setEnabled(self.store is not None)

    def choose_person(self) -> None:
        """Open the profile chooser; choosing someone switches the dashboard to them."""
        if self.store is None:
            return
        dialog = ProfileDialog(self.store, self.library, self.today, self)
        dialog.profile_chosen.connect(self._person_chosen)
        self.active_dialog = dialog
        dialog.open()

    def _person_chosen(self, profile: Profile) -> None:
        if self.store is None:
            return
        try:
            choose_profile(self.store, profile)
        except StorageError as exc:
            dialogs.show_error(self, self.tr("The choice of person could not be saved."), exc.where, exc)
        self.person = profile
        self.refresh()
        self.person_switched.emit(profile.name)

    def open_selected(self) -> None:
        """Ask the main window to open the highlighted document."""
        doc_id = self.selected_doc_id()
        if doc_id and self.library.get(doc_id) is not None:
            self.open_document_requested.emit(doc_id, "")

    def acknowledge_document(self, doc_id: str) -> None:
        """Show what to read (the whole text, or the redline since the version acknowledged) and record
        the acknowledgement when the person confirms it.
        """
        doc = self.library.get(doc_id)
        state = self.state_for(doc_id)
        if doc is None or state is None or self.person is None:
            return
        if state.status == steps.NOT_APPLICABLE:
            dialogs.show_info(self, self.tr("%1 is not approved: only approved documents are acknowledged.")
                              .replace("%1", doc_id))  # fmt: skip
            return
        if not state.can_acknowledge:
            dialogs.show_info(self, self.tr("Nothing to acknowledge: your acknowledgement of %1 holds.")
                              .replace("%1", doc_id))  # fmt: skip
            return
        dialog = AcknowledgeDialog(self.library, doc, state, self)
        dialog.open_document_requested.connect(self.open_document_requested)
        dialog.accepted.connect(lambda: self._record_acknowledgement(doc_id, doc.version))
        self.active_dialog = dialog
        dialog.open()

    def _record_acknowledgement(self, doc_id: str, version: int) -> None:
        doc, store, person = self.library.get(doc_id), self.store, self.person
        if store is None or person is None or doc is None or doc.version != version:
            return

        def recorded(_result: object) -> None:
            self.refresh()
            self.acknowledgement_recorded.emit(doc_id, version)

        tasks.run_task(
            self,
            self.tr("The acknowledgement was not recorded."),
            lambda: on_own_connection(store, lambda own: acknowledge(own, person, doc)),
            recorded,
        )

    def take_selected_quiz(self) -> None:
        """Take the knowledge check covering the highlighted document."""
        item = self.item(self.selected_doc_id())
        if item is not None and item.quiz_id:
            self.take_quiz(item.quiz_id)

    def take_quiz(self, quiz_id: str) -> None:
        """Open a knowledge check; each submitted attempt is recorded."""
        quiz = self.library.get(quiz_id)
        if quiz is None or self.person is None:
            return
        dialog = QuizDialog(self.library, quiz, self)
        dialog.submitted.connect(lambda outcome: self._record_quiz(quiz_id, outcome))
        dialog.open_document_requested.connect(self.open_document_requested)
        self.active_dialog = dialog
        dialog.open()

    def _record_quiz(self, quiz_id: str, outcome: QuizOutcome) -> None:
        quiz, store, person = self.library.get(quiz_id), self.store, self.person
        if store is None or person is None or quiz is None:
            return

        def recorded(_result: object) -> None:
            self.refresh()
            self.quiz_recorded.emit(quiz_id, outcome.passed)

        tasks.run_task(
            self,
            self.tr("The result was not recorded."),
            lambda: on_own_connection(store, lambda own: record_quiz(own, person, quiz, outcome)),
            recorded,
        )

    def show_report(self) -> None:
        """Open the director's report (view, PDF, CSV, export, merge)."""
        from handbook.ui.onboarding.report_dialog import ReportDialog  # rarely used: imported on first use

        if self.store is None:
            return
        dialog = ReportDialog(self.library, self.store, self.today, self)
        dialog.records_merged.connect(lambda _rows: self.refresh())
        self.active_dialog = dialog
        dialog.open()


def main(argv: Sequence[str]) -> int:
    """Show the panel alone on a content folder (default: the bundled one); links are printed."""
    from handbook.clinic import Clinic

    app = QApplication(list(argv))
    clinic = Clinic.start(Path(argv[1]) if len(argv) > 1 else None)
    panel = OnboardingPanel(clinic.library, *clinic.open_records())
    panel.open_document_requested.connect(lambda doc_id, anchor: print(f"open {doc_id}#{anchor}"))
    panel.resize(900, 640)
    panel.setWindowTitle("Onboarding")
    panel.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
