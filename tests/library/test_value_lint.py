"""V003: a literal clinical number that repeats a defined value must use {{name}} (failing fixtures)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from handbook.library.validate import lint
from handbook.library.value_lint import clinical_unit, literal_quantities
from tests.conftest import SOP_BODY, front_matter

TODAY = dt.date(2026, 6, 1)
VALUES = """{
  bp_stop_systolic: {value: 180, unit: mmHg, label: Stop, source: Clinic reference, clinic_set: true},
  bp_stop_diastolic: {value: 100, unit: mmHg, label: Stop, source: Clinic reference, clinic_set: true},
  spo2_min: {value: 90, unit: '%', label: SpO2 stop, source: Clinic reference, clinic_set: true},
  vitals_interval_infusion_min: {value: 10, unit: min, label: Interval, source: Emory protocol},
  hr_stop: {value: 110, unit: beats/min, label: HR stop, source: Clinic reference, clinic_set: true}}"""


def owner() -> str:
    return front_matter(values=VALUES) + SOP_BODY


def card(text: str) -> str:
    header = front_matter(id="CARD-HTN-001", kind="card", category="emergencies", title="Hypertension")
    return header + f"## Act now\n\n{text}\n\n## References\n\n- Quotes 180/100 mmHg from the literature.\n"


def v003(make_content, text: str) -> list[tuple[str, int, str]]:
    root = make_content({"mon.md": owner(), "htn.md": card(text)})
    _, problems = lint(root, today=TODAY)
    return [(p.path, p.line, p.message) for p in problems if p.code == "V003"]


def test_value_lint_reports_a_repeated_bp_threshold_with_path_and_line(make_content):
    """A literal 180/100 mmHg in another document's body is V003 at its file and line, naming both values."""
    text = "1. Pause if BP is above 180/100 mmHg."
    found = v003(make_content, text)
    assert len(found) == 1
    path, line, message = found[0]
    assert (path, line) == ("content/htn.md", card(text).splitlines().index(text) + 1)
    assert "{{bp_stop_diastolic}} or {{bp_stop_systolic}}" in message
    assert "SOP-MON-001" in message


@pytest.mark.parametrize(
    "text",
    ["SpO2 below 90% sustained.", "Record every 10 minutes.", "HR above 110 beats/min.", "HR over 110 bpm.",
     "Between 90 and 100 mmHg.", "SpO2 under 90 percent.", "## Is BP checked every 10 minutes?"],
)  # fmt: skip
def test_value_lint_reports_each_clinical_unit(make_content, text):
    """%, min (and 'minutes'), beats/min (and bpm), mmHg, also in a heading (a quiz question): reported."""
    assert len(v003(make_content, text)) == 1


@pytest.mark.parametrize(
    "text",
    ["Pause if BP is above {{bp_stop_systolic}}/{{bp_stop_diastolic}} mmHg.",  # uses the values
     "Peak at 40 minutes.",  # no value of 40 min
     "HR above 110 mmHg.",  # same number, other unit
     "A 90 kg patient.",  # not a checked unit
     "Every 10 min/kg.", "Give 10 minimum.",  # the unit runs on into another word or unit
     "See SOP-MON-010 minutes."],  # digits inside an id
)  # fmt: skip
def test_value_lint_leaves_other_numbers_alone(make_content, text):
    """Values written as {{name}}, other numbers, other units and ids are not V003."""
    assert v003(make_content, text) == []


def test_value_lint_ignores_references_and_code(make_content):
    """The References section quotes the literature; fenced code is not prose: neither is checked."""
    assert v003(make_content, "```\nBP 180/100 mmHg\n```") == []


def test_value_lint_owner_document_is_checked_too(make_content):
    """The owning SOP's own prose must also use its value (one rule stated once)."""
    body = SOP_BODY.replace("1. The nurse records BP, HR and SpO2.", "1. Record every 10 minutes.")
    root = make_content({"mon.md": front_matter(values=VALUES) + body})
    _, problems = lint(root, today=TODAY)
    assert [p.code for p in problems] == ["V003"]


def test_value_lint_quantities_parse_ranges_and_pairs():
    """A range or BP pair gives both numbers with the unit written after the second."""
    found = list(literal_quantities("0.5-1 mg/kg over 40 to 60 minutes; BP 140/90 mmHg; 2 L/min; 52.5 mL/h"))
    assert found == [
        ((Decimal("0.5"), Decimal("1")), "mg/kg", "0.5-1 mg/kg"),
        ((Decimal("40"), Decimal("60")), "min", "40 to 60 minutes"),
        ((Decimal("140"), Decimal("90")), "mmHg", "140/90 mmHg"),
        ((Decimal("2"),), "L/min", "2 L/min"),
        ((Decimal("52.5"),), "mL/h", "52.5 mL/h"),
    ]


def test_value_lint_value_units_map_to_checked_units():
    """A value's unit field is matched loosely ('minutes' is min); unchecked units give None."""
    assert clinical_unit("minutes") == "min"
    assert clinical_unit("beats/min") == "beats/min"
    assert clinical_unit("points") is None
