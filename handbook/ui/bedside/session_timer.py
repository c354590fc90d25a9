"""Session timer panel: one row per chair, countdowns, non-modal prompts that flash and beep.

The board (Qt-free) owns the sessions and the file; this widget starts, ends, acknowledges and closes
them and redraws every tick. Tests inject the clock and call `tick()` instead of waiting.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from handbook.errors import StorageError
from handbook.library.catalog import Library
from handbook.tools import Link, ToolProblem, as_decimal, defined
from handbook.tools.board import SessionBoard
from handbook.tools.sessions import (
    LABEL_MAX,
    LABEL_WARNING,
    Clock,
    SessionPhase,
    SessionState,
    format_clock,
    plan_from_values,
)
from handbook.ui import dialogs

FLASH_COLOUR = QColor("#f2b233")
COLUMNS = ("Chair or bay", "Phase", "Time", "Next prompt", "Due now")
DEFAULT_LINKS = (Link("SOP-MON-001", "vital-signs-schedule", ""), Link("CHK-INF-001", "", ""))


class SessionTimerView(QWidget):
    """Several chairs' sessions at once; a due prompt flashes its row, beeps once and emits prompt_fell_due."""

    open_document_requested = Signal(str, str)
    prompt_fell_due = Signal(str, str)  # label, prompt message
    sessions_changed = Signal()

    def __init__(self, library: Library, board: SessionBoard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.board = board
        self._cued: set[tuple[str, object, object]] = set()
        self._flash_on = False
        self._states: list[SessionState] = []

        self.label_field = QLineEdit()
        self.label_field.setObjectName("session_label")
        self.label_field.setMaxLength(LABEL_MAX)
        self.label_field.setPlaceholderText(self.tr("e.g. Chair 3"))
        self.label_field.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[A-Za-z0-9 -]*"), self)
        )
        self.minutes = QSpinBox()
        self.minutes.setSuffix(self.tr(" min"))
        self.start_button = QPushButton(self.tr("Start infusion"))
        warning = QLabel(f"<b>{self.tr(LABEL_WARNING)}</b>")
        warning.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Every column shares the width (no sideways scrolling: "Due now" must stay in view).
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(40)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.done_button = QPushButton(self.tr("Done (vital signs recorded)"))
        self.end_button = QPushButton(self.tr("Infusion ended"))
        self.close_button = QPushButton(self.tr("Close session"))
        self.sop_button = QPushButton(self.tr("Open SOP"))
        self.checklist_button = QPushButton(self.tr("Open checklist"))

        # Two columns at most: the panel shares the window's width with the reader.
        start_row = QGridLayout()
        chair_label, time_label = QLabel(self.tr("&Chair or bay")), QLabel(self.tr("Infusion &time"))
        chair_label.setBuddy(self.label_field)
        time_label.setBuddy(self.minutes)
        start_row.addWidget(chair_label, 0, 0)
        start_row.addWidget(self.label_field, 0, 1)
        start_row.addWidget(time_label, 1, 0)
        start_row.addWidget(self.minutes, 1, 1)
        start_row.addWidget(self.start_button, 2, 1)
        start_row.setColumnStretch(1, 1)
        actions = QGridLayout()
        buttons = (
            self.done_button,
            self.end_button,
            self.close_button,
            self.sop_button,
            self.checklist_button,
        )
        for index, button in enumerate(buttons):
            actions.addWidget(button, index // 2, index % 2)
        layout = QVBoxLayout(self)
        layout.addLayout(start_row)
        layout.addWidget(warning)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

        # Tab follows the reading order: start a session, then the board, then what to do with a row.
        order = (self.label_field, self.minutes, self.start_button, self.table, *buttons)
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

        self.start_button.clicked.connect(self.start_session)
        self.label_field.returnPressed.connect(self.start_session)
        self.done_button.clicked.connect(lambda: self._act(self.board.acknowledge))
        self.end_button.clicked.connect(lambda: self._act(self.board.end_infusion))
        self.close_button.clicked.connect(self._close_selected)
        self.sop_button.clicked.connect(lambda: self._open_link(0))
        self.checklist_button.clicked.connect(lambda: self._open_link(1))
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.show_library(library)
        self.tick()

    @property
    def clock(self) -> Clock:
        """The board's clock (injected in tests)."""
        return self.board.clock

    def show_library(self, library: Library) -> None:
        """Use a (re)loaded library: the duration range and standard for new sessions (running ones keep theirs)."""
        self.library = library
        values = library.values
        standard = defined(values, "infusion_minutes_standard")
        low, high = defined(values, "infusion_minutes_min"), defined(values, "infusion_minutes_max")
        self.minutes.setEnabled(bool(standard and low and high))
        if standard and low and high:  # `defined` gives set values only (an unset one is absent)
            self.minutes.setRange(int(as_decimal(low)), int(as_decimal(high)))
            self.minutes.setValue(int(as_decimal(standard)))
        plan = plan_from_values(values)
        if isinstance(plan, tuple):
            self.start_button.setEnabled(False)
            self.status.setText(
                self.tr("The timer cannot start: %1").replace("%1", "; ".join(map(str, plan)))
            )
        else:
            self.start_button.setEnabled(True)
            self.status.setText(
                self.tr("Vital signs every %1 min during and every %2 min after the infusion; at least %3 min of "
                        "observation after it (SOP-MON-001, SOP-DIS-001).")
                .replace("%1", f"{plan.vitals_interval_infusion_min:g}")
                .replace("%2", f"{plan.vitals_interval_recovery_min:g}")
                .replace("%3", f"{plan.observation_min_minutes:g}")
            )  # fmt: skip

    def start_session(self) -> None:
        """Start a session for the entered label with the chosen duration."""
        values = self.library.values
        standard = values.get("infusion_minutes_standard")
        chosen = self.minutes.value() if self.minutes.isEnabled() else None
        override = None if chosen is None or (standard and chosen == standard.value) else chosen
        plan = plan_from_values(values, override)
        if isinstance(plan, tuple):
            self._refuse(plan[0])
            return
        try:
            started = self.board.start(self.label_field.text(), plan)
        except StorageError as exc:
            self._save_failed(exc)
            started = None
        if isinstance(started, ToolProblem):
            self._refuse(started)
            return
        self.label_field.clear()
        self.sessions_changed.emit()
        self.tick()

    def selected_label(self) -> str:
        """The label of the selected row ("" when none)."""
        rows = self.table.selectionModel().selectedRows()
        return self._cell(rows[0].row(), 0).text() if rows else ""

    def select(self, label: str) -> None:
        """Select a session's row by label."""
        for row in range(self.table.rowCount()):
            if self._cell(row, 0).text() == label:
                self.table.selectRow(row)
                return

    def tick(self) -> None:
        """Recompute every session from the clock, redraw, and cue prompts that have just fallen due."""
        self._states = self.board.states()
        self._flash_on = not self._flash_on
        selected = self.selected_label()
        if [s.label for s in self._states] != [self._cell(r, 0).text() for r in range(self.table.rowCount())]:
            self.table.setRowCount(len(self._states))
            for row, state in enumerate(self._states):
                for column in range(len(COLUMNS)):
                    self.table.setItem(row, column, QTableWidgetItem())
                self._cell(row, 0).setText(state.label)
        fresh = []
        for row, state in enumerate(self._states):
            self._draw_row(row, state)
            for prompt in state.due:
                key = (state.label, prompt.at, prompt.kind)
                if key not in self._cued:
                    self._cued.add(key)
                    fresh.append((state.label, prompt.message))
        if fresh:
            QApplication.beep()  # one audible cue per tick; the row keeps flashing until acknowledged
        for label, message in fresh:
            self.prompt_fell_due.emit(label, message)
        if selected:
            self.select(selected)
        if self._states and not self.timer.isActive():
            self.timer.start()
        elif not self._states:
            self.timer.stop()
        self._update_buttons()

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        """The table's item at (row, column), created when missing."""
        item = self.table.item(row, column)
        if item is None:
            item = QTableWidgetItem()
            self.table.setItem(row, column, item)
        return item

    def _draw_row(self, row: int, state: SessionState) -> None:
        phase = {SessionPhase.INFUSION: self.tr("Infusion"), SessionPhase.RECOVERY: self.tr("Recovery"),
                 SessionPhase.OBSERVATION_COMPLETE: self.tr("Observation time complete")}[state.phase]  # fmt: skip
        if state.infusion_remaining is not None:
            remaining = state.infusion_remaining
            time = (
                self.tr("%1 left") if remaining.total_seconds() >= 0 else self.tr("%1 past planned end")
            ).replace("%1", format_clock(remaining))
        elif state.observation_remaining is not None and state.observation_remaining.total_seconds() > 0:
            time = self.tr("observation: %1 left").replace("%1", format_clock(state.observation_remaining))
        else:
            time = self.tr("discharge assessment may start")
        upcoming = state.next_prompt
        next_text = (
            self.tr("in %1: %2")
            .replace("%1", format_clock(upcoming.at - self.clock()))
            .replace("%2", upcoming.message)
            if upcoming
            else ""
        )
        due = state.due[-1].message if state.due else ""
        if state.due_count > 1:
            due += self.tr(" (+%1 earlier)").replace("%1", str(state.due_count - 1))
        for column, text in ((1, phase), (2, time), (3, next_text), (4, due)):
            self._cell(row, column).setText(text)
            self._cell(row, column).setToolTip(text)
        self.table.resizeRowToContents(row)  # the prompt wraps in the narrow column instead of being cut
        flashing = bool(state.due) and self._flash_on
        for column in range(len(COLUMNS)):
            item = self._cell(row, column)
            item.setBackground(QBrush(FLASH_COLOUR) if flashing else QBrush())
            item.setForeground(QBrush(QColor("black")) if flashing else QBrush())
            font = QFont(item.font())
            font.setBold(bool(state.due))
            item.setFont(font)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{state.label}: {due}" if due else state.label)

    def state_of(self, label: str) -> SessionState | None:
        """The last drawn state of a session (None when it is not on the board)."""
        return next((s for s in self._states if s.label == label), None)

    def _act(self, action: Callable[[str], object]) -> None:
        label = self.selected_label()
        if not label:
            return
        try:
            action(label)
        except StorageError as exc:
            self._save_failed(exc)
        self.sessions_changed.emit()
        self.tick()

    def _close_selected(self) -> None:
        label = self.selected_label()
        if label and dialogs.ask(self, self.tr("Close the session for %1?").replace("%1", label)):
            self._act(self.board.close)

    def _open_link(self, index: int) -> None:
        state = self.state_of(self.selected_label())
        prompt = (state.due[-1] if state.due else state.next_prompt) if state else None
        links = prompt.links if prompt else DEFAULT_LINKS
        link = links[min(index, len(links) - 1)]
        self.open_document_requested.emit(link.doc_id, link.anchor)

    def _update_buttons(self) -> None:
        state = self.state_of(self.selected_label())
        self.close_button.setEnabled(state is not None)
        self.done_button.setEnabled(bool(state and state.due))
        self.end_button.setEnabled(bool(state and state.phase is SessionPhase.INFUSION))

    def _refuse(self, problem: ToolProblem) -> None:
        dialogs.show_warning(self, self.tr("The session was not started: %1").replace("%1", problem.message))

    def _save_failed(self, exc: StorageError) -> None:
        dialogs.show_error(
            self,
            self.tr(
                "The running sessions could not be saved. The timers go on, but will not survive a restart."
            ),
            exc.where,
            exc,
        )
