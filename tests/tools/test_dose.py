"""Dose calculator: hand-worked arithmetic, rounding, the SOP's ranges, data-entry limits, bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest

from handbook.tools.dose import VERIFY_NOTICE, calculate_dose, dose_limits


def _result(values, weight, mg_per_kg, minutes, mg_per_ml):
    outcome = calculate_dose(values, weight, mg_per_kg, minutes, mg_per_ml)
    assert outcome.problems == ()
    return outcome.result


def test_dose_matches_sop_worked_example(values):
    """The worked example of SOP-DOS-001 gives the same three figures.

    70 kg x 0.5 mg/kg = 35 mg; 35 mg / 1 mg/mL = 35 mL; 35 mL x 60 / 40 min = 52.5 mL/h.
    """
    result = _result(values, "70", "0.5", "40", "1")
    assert (result.total_mg, result.volume_ml, result.rate_ml_per_h) == (
        Decimal("35.0"),
        Decimal("35.00"),
        Decimal("52.5"),
    )


def test_dose_rounds_once_from_exact_values(values):
    """Each figure comes from the exact values, rounded once.

    72.35 x 0.75 = 54.2625 -> 54.3 mg; 54.2625 / 10 = 5.42625 -> 5.43 mL; 5.42625 x 60 / 60 -> 5.4 mL/h.
    """
    result = _result(values, "72.35", "0.75", "60", "10")
    assert (str(result.total_mg), str(result.volume_ml), str(result.rate_ml_per_h)) == ("54.3", "5.43", "5.4")


def test_dose_total_rounds_half_up(values):
    """70.1 x 0.5 = 35.05 -> 35.1 mg (half up; half-even would give 35.0)."""
    assert str(_result(values, "70.1", "0.5", "40", "1").total_mg) == "35.1"


def test_dose_volume_rounds_half_up(values):
    """The volume rounds half up.

    80.1 x 0.5 = 40.05 mg; 40.05 / 10 = 4.005 -> 4.01 mL (half-even: 4.00); 4.005 x 60 / 40 = 6.0075 -> 6.0.
    """
    result = _result(values, "80.1", "0.5", "40", "10")
    assert (str(result.volume_ml), str(result.rate_ml_per_h)) == ("4.01", "6.0")


def test_dose_rate_rounds_half_up(values):
    """70.2 x 0.5 = 35.1 mg; 35.1 / 1 = 35.10 mL; 35.1 x 60 / 40 = 52.65 -> 52.7 mL/h (half-even: 52.6)."""
    assert str(_result(values, "70.2", "0.5", "40", "1").rate_ml_per_h) == "52.7"


def test_dose_repeating_decimals_shown_approximately(values):
    """70 x 1 = 70 mg; 70 / 3 = 23.333... -> 23.33 mL; 23.333... x 60 / 45 = 31.111... -> 31.1 mL/h."""
    result = _result(values, "70", "1", "45", "3")
    assert (str(result.volume_ml), str(result.rate_ml_per_h)) == ("23.33", "31.1")
    assert result.formula[1] == "Volume = 70 mg ÷ 3 mg/mL = ≈ 23.333333 mL → 23.33 mL"


def test_dose_formula_shows_each_step(values):
    """The worked formula names every input and both the exact and the rounded figure."""
    assert _result(values, "70", "0.5", "40", "1").formula == (
        "Total dose = 70 kg × 0.5 mg/kg = 35 mg → 35.0 mg",
        "Volume = 35 mg ÷ 1 mg/mL = 35 mL → 35.00 mL",
        "Pump rate = 35 mL × 60 ÷ 40 min = 52.5 mL/h → 52.5 mL/h",
    )


def test_dose_float_inputs_are_exact(values):
    """Floats are taken as written: 70.2 x 0.5 = 35.1 exactly, not 35.100000000000001."""
    result = _result(values, 70.2, 0.5, 40, 1)
    assert result.formula[0].startswith("Total dose = 70.2 kg × 0.5 mg/kg = 35.1 mg")


def test_dose_carries_verify_notice_and_rounding(values):
    """Every result carries the double-check notice and states its rounding."""
    result = _result(values, "70", "0.5", "40", "1")
    assert result.notice == VERIFY_NOTICE
    assert "independent double check" in result.notice
    assert "half up" in result.rounding
    assert "0.01 mL" in result.rounding


@pytest.mark.parametrize("mg_per_kg", ["0.5", "1", "1.0", "0.75"])
def test_dose_accepts_mg_per_kg_within_range_inclusive(values, mg_per_kg):
    """dose_mg_per_kg_min (0.5) and dose_mg_per_kg_max (1) are themselves allowed."""
    assert calculate_dose(values, "70", mg_per_kg, "40", "1").result is not None


@pytest.mark.parametrize("mg_per_kg", ["0.49", "1.01"])
def test_dose_refuses_mg_per_kg_just_outside_range(values, mg_per_kg):
    """Just outside 0.5-1 mg/kg is refused, naming the range and where it comes from."""
    outcome = calculate_dose(values, "70", mg_per_kg, "40", "1")
    assert outcome.result is None
    assert outcome.problems[0].field == "mg_per_kg"
    assert "outside 0.5–1 mg/kg (SOP-DOS-001" in outcome.problems[0].message


@pytest.mark.parametrize("minutes", ["40", "60", "50.5"])
def test_dose_accepts_minutes_within_range_inclusive(values, minutes):
    """infusion_minutes_min (40) and infusion_minutes_max (60) are themselves allowed."""
    assert calculate_dose(values, "70", "0.5", minutes, "1").result is not None


@pytest.mark.parametrize("minutes", ["39.9", "60.1"])
def test_dose_refuses_minutes_just_outside_range(values, minutes):
    """Just outside 40-60 min is refused."""
    outcome = calculate_dose(values, "70", "0.5", minutes, "1")
    assert [p.field for p in outcome.problems] == ["minutes"]


@pytest.mark.parametrize("field", ["weight_kg", "mg_per_kg", "minutes", "mg_per_ml"])
@pytest.mark.parametrize(
    ("raw", "reason"),
    [("0", "more than zero"), ("-1", "more than zero"), ("nan", "not a finite number"),
     ("inf", "not a finite number"), ("-inf", "not a finite number"), ("abc", "not a number"),
     ("", "enter a number"), (True, "enter a number"), (float("nan"), "not a finite number")],
)  # fmt: skip
def test_dose_refuses_bad_input(values, field, raw, reason):
    """Zero, negative, NaN, infinity, text, blank and booleans are refused for each input, by name."""
    entries = {"weight_kg": "70", "mg_per_kg": "0.5", "minutes": "40", "mg_per_ml": "1", field: raw}
    outcome = calculate_dose(values, **entries)
    assert outcome.result is None
    assert [p.field for p in outcome.problems] == [field]
    assert reason in outcome.problems[0].message


def test_dose_reports_every_problem_at_once(values):
    """Several bad inputs are all reported, in input order."""
    outcome = calculate_dose(values, "x", "2", "0", "1")
    assert [p.field for p in outcome.problems] == ["weight_kg", "mg_per_kg", "minutes"]


@pytest.mark.parametrize(("weight", "ok"), [("10", True), ("400", True), ("9.99", False), ("400.1", False)])
def test_dose_weight_data_entry_limits(values, weight, ok):
    """Without content limits, weight must be within 10-400 kg, labelled a data-entry limit."""
    outcome = calculate_dose(values, weight, "0.5", "40", "1")
    assert (outcome.result is not None) is ok
    if not ok:
        assert "data-entry sanity limit, not a clinical limit" in outcome.problems[0].message


@pytest.mark.parametrize(
    ("strength", "ok"), [("0.01", True), ("100", True), ("0.009", False), ("100.5", False)]
)
def test_dose_concentration_data_entry_limits(values, strength, ok):
    """Without content limits, concentration must be within 0.01-100 mg/mL (data-entry limits)."""
    assert (calculate_dose(values, "70", "0.5", "40", strength).result is not None) is ok


def test_dose_result_says_when_only_data_entry_limits_applied(values):
    """A result notes that weight and concentration were checked against data-entry limits only."""
    notes = _result(values, "70", "0.5", "40", "1").notes
    assert any("data-entry sanity limits, not clinical limits" in note for note in notes)


def test_dose_uses_content_weight_limits_when_defined(tool_values):
    """weight_kg_max from the content replaces the data-entry limit and is named in the refusal."""
    values = tool_values(weight_kg_min=40, weight_kg_max=150)
    assert calculate_dose(values, "150", "0.5", "40", "1").result is not None
    message = calculate_dose(values, "151", "0.5", "40", "1").problems[0].message
    assert "40–150 kg (SOP-DOS-001: weight_kg_min to weight_kg_max)" in message


def test_dose_uses_content_concentration_max_when_defined(tool_values):
    """concentration_mg_per_ml_max alone replaces the upper end; the lower end stays a data-entry limit."""
    values = tool_values(concentration_mg_per_ml_max=2)
    assert calculate_dose(values, "70", "0.5", "40", "2").result is not None
    message = calculate_dose(values, "70", "0.5", "40", "2.5").problems[0].message
    assert "concentration_mg_per_ml_max from SOP-DOS-001" in message


def test_dose_changed_content_range_changes_what_is_allowed(tool_values):
    """A director's signed change of dose_mg_per_kg_max to 1.5 lets 1.2 mg/kg through."""
    assert calculate_dose(tool_values(), "70", "1.2", "40", "1").result is None
    assert calculate_dose(tool_values(dose_mg_per_kg_max=1.5), "70", "1.2", "40", "1").result is not None


@pytest.mark.parametrize("name", ["dose_mg_per_kg_min", "dose_mg_per_kg_max", "infusion_minutes_min",
                                  "infusion_minutes_max"])  # fmt: skip
def test_dose_missing_value_names_value_and_sop(tool_values, name):
    """A range value missing from the content refuses the calculation, naming the value and its SOP."""
    outcome = calculate_dose(tool_values(**{name: None}), "70", "0.5", "40", "1")
    assert outcome.result is None
    assert outcome.problems[0].field == "content"
    assert f"'{name}'" in outcome.problems[0].message
    assert "SOP-DOS-001" in outcome.problems[0].message


def test_dose_inverted_content_range_is_refused(tool_values):
    """A content range whose min exceeds its max is reported rather than used."""
    outcome = calculate_dose(tool_values(dose_mg_per_kg_min=2), "70", "0.5", "40", "1")
    assert "inverted" in outcome.problems[0].message


def test_dose_notes_a_non_standard_regimen(values):
    """A dose other than 0.5 mg/kg over 40 min notes the standard regimen; the standard one notes nothing."""
    assert any(
        "Not the standard regimen of 0.5 mg/kg over 40 min" in n
        for n in _result(values, "70", "0.75", "40", "1").notes
    )
    assert not any("standard regimen" in n for n in _result(values, "70", "0.5", "40", "1").notes)


def test_dose_limits_report_their_origin(values):
    """dose_limits exposes each range with where it comes from, for the form's hints."""
    limits = dose_limits(values)
    assert limits.mg_per_kg.text == "0.5–1 mg/kg"
    assert limits.minutes.text == "40–60 min"
    assert limits.weight_kg.origin == "data-entry sanity limit, not a clinical limit"


def test_dose_as_dict_has_json_numbers(values):
    """as_dict gives total_mg, volume_ml, rate_ml_per_h as numbers plus inputs, formula and values used."""
    data = _result(values, "70", "0.5", "40", "1").as_dict()
    assert (data["total_mg"], data["volume_ml"], data["rate_ml_per_h"]) == (35.0, 35.0, 52.5)
    assert data["values"]["dose_mg_per_kg_max"] == {"value": 1.0, "unit": "mg/kg", "doc_id": "SOP-DOS-001"}
    assert data["notice"] == VERIFY_NOTICE
