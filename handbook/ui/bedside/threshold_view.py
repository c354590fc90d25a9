"""Threshold check panel: phase, BP, HR, SpO2 and MOAA/S in; the SOP's action and the card to open out."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from handbook.library.catalog import Library
from handbook.tools import plain
from handbook.tools.thresholds import LABELS, PLAUSIBLE, Action, Phase, ThresholdOutcome, check_vitals
from handbook.ui.bedside.tool_widgets import ResultPane, doc_link, number_field, problems_html, split_doc_href

# Banner colours by action; white text on each.
_COLOURS = {
    Action.CONTINUE: "#2e7d32",
    Action.RECHECK: "#8a5a00",
    Action.CALL_PRESCRIBER: "#8a5a00",
    Action.HOLD: "#b3261e",
    Action.NO_GO: "#b3261e",
    Action.STOP: "#7f0000",
}


class ThresholdView(QWidget):
    """Checks entered vital signs against the content's gate and stop values; never invents a limit."""

    open_document_requested = Signal(str, str)
    vitals_checked = Signal(object)  # ThresholdOutcome

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.before = QRadioButton(self.tr("Before the infusion (BP gate)"))
        self.during = QRadioButton(self.tr("During the infusion (hold and stop rules)"))
        self.during.setChecked(True)
        phases = QButtonGroup(self)
        phases.addButton(self.before)
        phases.addButton(self.during)
        self.systolic = number_field(self.tr("mmHg"), "systolic")
        self.diastolic = number_field(self.tr("mmHg"), "diastolic")
        self.heart_rate = number_field(self.tr("beats/min"), "heart_rate")
        self.spo2 = number_field(self.tr("% (optional)"), "spo2")
        self.sedation = number_field(self.tr("0-5 (optional)"), "sedation")
        self.repeat = QCheckBox(self.tr("Re-measured after a rest (second reading)"))
        self.check_button = QPushButton(self.tr("Check"))
        self.check_button.setDefault(True)
        self.limits = QLabel()
        self.limits.setWordWrap(True)
        bounds = "; ".join(
            f"{LABELS[name]} {plain(low)}–{plain(high)}" for name, (low, high) in PLAUSIBLE.items()
        )
        plausibility = QLabel(
            self.tr(
                "Entries outside these data-entry limits are refused as typing slips (not clinical thresholds): %1."
            ).replace("%1", bounds)
        )
        plausibility.setWordWrap(True)
        self.result = ResultPane()
        self.result.setAccessibleName(self.tr("Threshold check result"))

        phase_row = QVBoxLayout()  # one above the other: the panel shares the window's width
        phase_row.addWidget(self.before)
        phase_row.addWidget(self.during)
        form = QFormLayout()
        form.addRow(self.tr("Systolic BP"), self.systolic)
        form.addRow(self.tr("Diastolic BP"), self.diastolic)
        form.addRow(self.tr("Heart rate"), self.heart_rate)
        form.addRow(self.tr("SpO2"), self.spo2)
        form.addRow(self.tr("MOAA/S sedation score"), self.sedation)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout = QVBoxLayout(self)
        layout.addLayout(phase_row)
        layout.addWidget(self.limits)
        layout.addLayout(form)
        layout.addWidget(self.repeat)
        layout.addWidget(plausibility)
        layout.addWidget(self.check_button)
        layout.addWidget(self.result, 1)

        self.check_button.clicked.connect(self.check)
        for field in self.fields():
            field.returnPressed.connect(self.check)
            field.textEdited.connect(self.result.clear)  # never a result beside other numbers
        for button in (self.before, self.during, self.repeat):
            button.toggled.connect(self._phase_changed)
        self.result.open_document_requested.connect(self.open_document_requested)
        self.limits.linkActivated.connect(self._limits_link)
        self.show_library(library)

    def fields(self) -> tuple:
        """The entries, in form order."""
        return (self.systolic, self.diastolic, self.heart_rate, self.spo2, self.sedation)

    @property
    def phase(self) -> Phase:
        """The phase the nurse chose."""
        return Phase.PRE_TREATMENT if self.before.isChecked() else Phase.INFUSION

    def show_library(self, library: Library) -> None:
        """Use a (re)loaded library's values: the summary shows the numbers now in force."""
        self.library = library
        values = library.values

        def pair(a: str, b: str) -> str:
            if a in values and b in values:
                return f"{values[a].text}/{values[b].text} mmHg"
            return self.tr("missing from the content")

        hr = (
            f"{values['hr_stop'].text} beats/min"
            if "hr_stop" in values
            else self.tr("missing from the content")
        )
        self.limits.setText(
            self.tr("Gate before the infusion: above %1 (%2). Stop rules: BP above %3, HR above %4 (%5).")
            .replace("%1", pair("bp_gate_systolic", "bp_gate_diastolic"))
            .replace("%2", doc_link(library, "SOP-DAY-001", "blood-pressure-gate", "SOP-DAY-001"))
            .replace("%3", pair("bp_stop_systolic", "bp_stop_diastolic"))
            .replace("%4", hr)
            .replace("%5", doc_link(library, "SOP-MON-001", "hold-and-stop-rules", "SOP-MON-001"))
        )
        self._phase_changed()

    def check(self) -> None:
        """Check the entries and show the action, the findings and their cards, or the problems."""
        outcome = check_vitals(
            self.library.values,
            self.phase,
            self.systolic.text(),
            self.diastolic.text(),
            self.heart_rate.text(),
            spo2=self.spo2.text(),
            sedation=self.sedation.text() if self.phase is Phase.INFUSION else None,
            repeat_reading=self.repeat.isChecked() and self.phase is Phase.PRE_TREATMENT,
        )
        self.result.setHtml(self._outcome_html(outcome))
        self.vitals_checked.emit(outcome)

    def _action_text(self, action: Action) -> str:
        return {
            Action.CONTINUE: self.tr("Continue"),
            Action.RECHECK: self.tr("Re-check after a rest"),
            Action.CALL_PRESCRIBER: self.tr("Call the prescriber"),
            Action.HOLD: self.tr("Pause the infusion and call the prescriber"),
            Action.NO_GO: self.tr("Do not start the infusion today"),
            Action.STOP: self.tr("Stop"),
        }[action]

    def _outcome_html(self, outcome: ThresholdOutcome) -> str:
        if outcome.action is None:
            return problems_html(self.tr("No action shown: check the entries."), outcome.problems)
        banner = (
            f"<table width='100%' cellpadding='8'><tr><td style='background:{_COLOURS[outcome.action]};"
            f"color:white;font-size:16pt;font-weight:bold'>{html.escape(self._action_text(outcome.action))}"
            "</td></tr></table>"
        )
        parts = [banner]
        for finding in outcome.findings:
            links = [doc_link(self.library, finding.doc_id, finding.anchor)]
            if finding.card_id:
                links.insert(0, doc_link(self.library, finding.card_id))
            parts.append(
                f"<p><b>{html.escape(finding.title)}</b><br>{html.escape(finding.steps)}<br>{' · '.join(links)}</p>"
            )
        parts += [f"<p><i>{html.escape(note)}</i></p>" for note in outcome.notes]
        return "".join(parts)

    def _phase_changed(self) -> None:
        during = self.phase is Phase.INFUSION
        self.sedation.setEnabled(during)
        self.repeat.setEnabled(not during)
        self.result.clear()

    def _limits_link(self, href: str) -> None:
        self.open_document_requested.emit(*split_doc_href(href))
