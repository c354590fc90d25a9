"""Dose calculator panel: four entries, the SOP's ranges as hints, figures with the worked formula."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from handbook.library.catalog import Library
from handbook.tools.dose import VERIFY_NOTICE, DoseResult, Limit, calculate_dose, dose_limits
from handbook.ui.bedside.tool_widgets import ResultPane, doc_link, number_field, problems_html, split_doc_href


class DoseView(QWidget):
    """Weight, mg/kg, minutes and concentration in; total mg, volume and pump rate out (SOP-DOS-001)."""

    open_document_requested = Signal(str, str)
    dose_calculated = Signal(object)  # DoseResult, or None when refused

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.weight = number_field("", "weight_kg")
        self.mg_per_kg = number_field("", "mg_per_kg")
        self.minutes = number_field("", "minutes")
        self.mg_per_ml = number_field("", "mg_per_ml")
        self.calculate_button = QPushButton(self.tr("Calculate"))
        self.calculate_button.setDefault(True)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.linkActivated.connect(self._hint_link)
        notice = QLabel(f"<b>{html.escape(self.tr(VERIFY_NOTICE))}</b>")
        notice.setWordWrap(True)
        self.result = ResultPane()
        self.result.setAccessibleName(self.tr("Dose result"))

        form = QFormLayout()
        form.addRow(self.tr("Weight (kg)"), self.weight)
        form.addRow(self.tr("Ordered dose (mg/kg)"), self.mg_per_kg)
        form.addRow(self.tr("Infusion time (min)"), self.minutes)
        form.addRow(self.tr("Concentration (mg/mL)"), self.mg_per_ml)
        layout = QVBoxLayout(self)
        layout.addWidget(notice)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.calculate_button)
        layout.addWidget(self.result, 1)

        self.calculate_button.clicked.connect(self.calculate)
        for field in self.fields():
            field.returnPressed.connect(self.calculate)
            field.textEdited.connect(self._inputs_changed)
        self.result.open_document_requested.connect(self.open_document_requested)
        self.show_library(library)

    def fields(self) -> tuple:
        """The four entries, in form order."""
        return (self.weight, self.mg_per_kg, self.minutes, self.mg_per_ml)

    def show_library(self, library: Library) -> None:
        """Use a (re)loaded library's values: hints show the ranges now in force."""
        self.library = library
        limits = dose_limits(library.values)

        def hint(limit: Limit | None) -> str:
            if limit is None:
                return self.tr("range missing from the content")
            return limit.text if limit.values else self.tr("%1 (data-entry limit)").replace("%1", limit.text)

        self.weight.setPlaceholderText(hint(limits.weight_kg))
        self.mg_per_kg.setPlaceholderText(hint(limits.mg_per_kg))
        self.minutes.setPlaceholderText(hint(limits.minutes))
        self.mg_per_ml.setPlaceholderText(hint(limits.mg_per_ml))
        lines = []
        if limits.standard_mg_per_kg and limits.standard_minutes:
            lines.append(
                self.tr("Standard regimen: %1 mg/kg over %2 min.")
                .replace("%1", limits.standard_mg_per_kg.text)
                .replace("%2", limits.standard_minutes.text)
            )
        lines.append(
            self.tr(
                "Weight and concentration limits marked 'data-entry' only catch typing slips; they are not clinical."
            )
        )
        self.hint.setText(
            " ".join(lines) + " " + doc_link(library, "SOP-DOS-001", "dose-calculation-formula")
        )
        self._clear_result()

    def calculate(self) -> None:
        """Run the calculator on the entries and show the figures, or why it refused."""
        outcome = calculate_dose(self.library.values, *(f.text() for f in self.fields()))
        if outcome.result is None:
            self.result.setHtml(problems_html(self.tr("No dose calculated:"), outcome.problems))
        else:
            self.result.setHtml(self._result_html(outcome.result))
        self.dose_calculated.emit(outcome.result)

    def _result_html(self, result: DoseResult) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(name)}</td><td><b style='font-size:16pt'>{html.escape(figure)}</b></td></tr>"
            for name, figure in (
                (self.tr("Total dose"), f"{result.total_mg} mg"),
                (self.tr("Volume"), f"{result.volume_ml} mL"),
                (self.tr("Pump rate"), f"{result.rate_ml_per_h} mL/h"),
            )
        )
        formula = "".join(f"<li>{html.escape(line)}</li>" for line in result.formula)
        notes = "".join(f"<p>{html.escape(note)}</p>" for note in result.notes)
        used = ", ".join(
            f"{html.escape(v.name)} = {html.escape(v.text)} {html.escape(v.unit)}" for v in result.used
        )
        return (
            f"<table cellpadding='4'>{rows}</table>"
            f"<p><b>{html.escape(self.tr('How it was worked out'))}</b></p><ul>{formula}</ul>"
            f"<p>{html.escape(result.rounding)}</p>{notes}"
            f"<p>{html.escape(self.tr('Limits from the content'))}: {used} "
            f"({doc_link(self.library, 'SOP-DOS-001', 'standard-depression-regimen')})</p>"
            f"<p><b>{html.escape(result.notice)}</b> "
            f"{doc_link(self.library, 'SOP-DOS-001', 'independent-double-check')}</p>"
        )

    def _inputs_changed(self) -> None:
        # A result must never sit next to entries it was not worked out from.
        self._clear_result()

    def _clear_result(self) -> None:
        self.result.clear()

    def _hint_link(self, href: str) -> None:
        self.open_document_requested.emit(*split_doc_href(href))
