"""Clinical numbers are validated like signatures: finite, known unit, plausible range, min < max."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.library import value_checks
from handbook.library.loader import load_library
from handbook.library.validate import lint
from handbook.tools.dose import calculate_dose
from tests.conftest import SOP_BODY, front_matter

TODAY = dt.date(2026, 6, 1)


def _doc(values: str) -> str:
    return front_matter(id="SOP-DOS-001", title="Dosing", values=values) + SOP_BODY


def _codes(make_content, values: str) -> list[str]:
    root = make_content({"dos.md": _doc(values)})
    return [p.code for p in lint(root, TODAY)[1]]


def test_value_checks_infinite_value_fails_lint(make_content):
    """`value: .inf` is an error (it used to lint clean and reach the dose calculator)."""
    assert "V005" in _codes(make_content, "{dose_mg_per_kg_max: {value: .inf, unit: mg/kg, source: x}}")


def test_value_checks_nan_value_fails_lint(make_content):
    """`value: .nan` is an error."""
    assert "V005" in _codes(make_content, "{dose_mg_per_kg_max: {value: .nan, unit: mg/kg, source: x}}")


def test_value_checks_out_of_range_value_is_not_loaded(make_content):
    """50 mg/kg is implausible: an error, and the value never reaches `library.values`."""
    root = make_content({"dos.md": _doc("{dose_mg_per_kg_max: {value: 50, unit: mg/kg, source: x}}")})
    result = load_library(root)
    assert "dose_mg_per_kg_max" not in result.library.values
    problem = next(p for p in result.problems if p.code == "V005")
    assert problem.path.endswith("dos.md")
    assert problem.line > 1


def test_value_checks_unknown_unit_fails_lint(make_content):
    """A unit without a plausibility range is refused."""
    assert "V005" in _codes(make_content, "{x_count: {value: 3, unit: furlongs, source: x}}")


def test_value_checks_min_not_below_max_fails_lint(make_content):
    """A `_min` value that is not below its `_max` partner is an error."""
    values = (
        "{dose_mg_per_kg_min: {value: 1, unit: mg/kg, source: x}, "
        "dose_mg_per_kg_max: {value: 0.5, unit: mg/kg, source: x}}"
    )
    assert "V006" in _codes(make_content, values)


def test_value_checks_huge_version_fails_lint(make_content):
    """A version of 10^26 is refused (acknowledging it raised OverflowError)."""
    root = make_content({"dos.md": front_matter(id="SOP-DOS-001", title="Dosing", version=10**26) + SOP_BODY})
    problems = lint(root, TODAY)[1]
    assert any(p.code == "H003" and "version" in p.message for p in problems)
    assert "SOP-DOS-001" not in load_library(root).library


NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([".inf", "-.inf", ".nan", "1e400", "0x10", "true", "~", "'7'"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(number=NUMBERS)
def test_value_checks_no_unvalidated_value_reaches_the_dose_tool(make_content, number):
    """Whatever the front matter says, a loaded value is unset (`~`) or finite and plausible, and the tool
    never crashes.
    """
    text = number if isinstance(number, str) else repr(number) if isinstance(number, int) else f"{number!r}"
    text = {"inf": ".inf", "-inf": "-.inf", "nan": ".nan"}.get(text, text)
    values = (
        "{dose_mg_per_kg_min: {value: 0.5, unit: mg/kg, source: x}, "
        f"dose_mg_per_kg_max: {{value: {text}, unit: mg/kg, source: x}}, "
        "infusion_minutes_min: {value: 40, unit: min, source: x}, "
        "infusion_minutes_max: {value: 60, unit: min, source: x}}"
    )
    root = make_content({"dos.md": _doc(values)})
    loaded = load_library(root).library.values
    for value in loaded.values():
        if value.value is None:  # `~` is YAML's null: an unset value, which no tool uses
            continue
        assert math.isfinite(value.value)
        assert value_checks.value_problem(value.value, value.unit) is None
    outcome = calculate_dose(loaded, "70", "50", "40", "10")
    assert outcome.result is None  # 50 mg/kg is never accepted, whatever the maximum says
