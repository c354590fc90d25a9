"""The tools never use an unset value (`value: null`): refused like a missing value, never taken as 0."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.library.model import Value
from handbook.tools import ToolProblem, as_decimal, defined, require
from handbook.tools.dose import calculate_dose, dose_limits
from handbook.tools.sessions import plan_from_values
from handbook.tools.thresholds import MOAAS_LOCAL, SPO2_LOCAL, Action, Phase, check_vitals


def _unset(values: dict[str, Value], *names: str) -> dict[str, Value]:
    return {**values, **{name: replace(values[name], value=None) for name in names}}


def _without(values: dict[str, Value], *names: str) -> dict[str, Value]:
    return {name: value for name, value in values.items() if name not in names}


def _not_set(problems: tuple[ToolProblem, ...] | list[ToolProblem], name: str) -> bool:
    return any(f"'{name}' is not set" in p.message and p.field == "content" for p in problems)


def test_unset_require_refuses_and_names_the_owner(values):
    """A needed value that is unset is refused, naming the document that must set it."""
    found, problems = require(_unset(values, "hr_stop"), ("hr_stop",))
    assert found == {}
    assert _not_set(problems, "hr_stop")
    assert "SOP-MON-001" in problems[0].message
    assert "medical director" in problems[0].message


def test_unset_defined_is_none_and_as_decimal_raises(values):
    """`defined` treats unset as absent; `as_decimal` never turns an unset value into a number."""
    unset = _unset(values, "hr_stop")
    assert defined(unset, "hr_stop") is None
    assert defined(values, "hr_stop") is values["hr_stop"]
    with pytest.raises(ValueError, match="not set"):
        as_decimal(unset["hr_stop"])


def test_unset_dose_maximum_refuses_the_calculation(values):
    """An unset content maximum refuses the dose, never computes against 0 or nothing."""
    outcome = calculate_dose(_unset(values, "dose_mg_per_kg_max"), "70", "0.5", "40", "10")
    assert outcome.result is None
    assert _not_set(outcome.problems, "dose_mg_per_kg_max")


def test_unset_optional_dose_limits_act_as_missing(tool_values):
    """Unset optional values (weight limit, standards) behave exactly as when the content omits them."""
    values = tool_values(weight_kg_max=200)
    names = ("weight_kg_max", "dose_mg_per_kg_standard", "infusion_minutes_standard")
    unset, missing = dose_limits(_unset(values, *names)), dose_limits(_without(values, *names))
    assert unset == missing
    assert unset.problems == ()
    outcome = calculate_dose(_unset(values, *names), "70", "0.5", "40", "10")
    assert outcome.result == calculate_dose(_without(values, *names), "70", "0.5", "40", "10").result


def test_unset_threshold_refuses_the_check(values):
    """An unset stop threshold gives no action, only the refusal."""
    outcome = check_vitals(_unset(values, "hr_stop"), Phase.INFUSION, "120", "80", "80")
    assert outcome.action is None
    assert _not_set(outcome.problems, "hr_stop")


def test_unset_moaas_levels_mean_not_defined(tool_values):
    """Unset MOAA/S hold and stop levels (as shipped): the SOP's rule in words, no action from a score."""
    values = _unset(tool_values(moaas_hold_max=3, moaas_stop_max=1), "moaas_hold_max", "moaas_stop_max")
    outcome = check_vitals(values, Phase.INFUSION, "120", "80", "80", sedation="0")
    assert outcome.action is Action.CONTINUE
    assert MOAAS_LOCAL in outcome.notes
    assert not any("MOAA/S" in f.title for f in outcome.findings)


def test_unset_spo2_levels_mean_not_defined(tool_values):
    """Unset SpO2 levels are not applied (the tool says so), never compared with 0."""
    values = tool_values(spo2_min=90, spo2_act_below=94)
    assert check_vitals(values, Phase.INFUSION, "120", "80", "80", spo2="80").action is Action.STOP
    outcome = check_vitals(
        _unset(values, "spo2_min", "spo2_act_below"), Phase.INFUSION, "120", "80", "80", spo2="80"
    )
    assert SPO2_LOCAL in outcome.notes
    assert not any("SpO2" in f.title for f in outcome.findings)


@pytest.mark.parametrize(
    "name", ["infusion_minutes_standard", "vitals_interval_infusion_min", "observation_min_minutes"]
)
def test_unset_session_value_refuses_the_plan(values, name):
    """An unset session value refuses the timer with a message (it used to crash with a TypeError)."""
    plan = plan_from_values(_unset(values, name))
    assert isinstance(plan, tuple)
    assert _not_set(plan, name)


def test_unset_ordered_duration_range_refuses_the_plan(values):
    """An unset duration range refuses an ordered duration rather than comparing it with nothing."""
    plan = plan_from_values(_unset(values, "infusion_minutes_max"), infusion_minutes=45)
    assert isinstance(plan, tuple)
    assert _not_set(plan, "infusion_minutes_max")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_unset_any_values_never_crash_and_are_never_used(tool_values, data):
    """Whatever subset of the content's values is unset, no tool raises, and none relies on an unset one."""
    values = tool_values(
        moaas_hold_max=3, moaas_stop_max=1, spo2_min=90, spo2_act_below=94, weight_kg_max=200
    )
    names = data.draw(st.sets(st.sampled_from(sorted(values))), label="unset")
    unset = _unset(values, *names)
    dose = calculate_dose(unset, "70", "0.5", "40", "10")
    if dose.result is not None:
        assert all(v.value is not None for v in dose.result.used)
    vitals = check_vitals(unset, Phase.INFUSION, "150", "95", "90", spo2="91", sedation="2")
    if vitals.action is not None:
        assert not {name for f in vitals.findings for name in f.value_names} & names
    plan = plan_from_values(unset)
    if not isinstance(plan, tuple):
        assert not names & {"infusion_minutes_standard", "vitals_interval_infusion_min",
                            "vitals_interval_recovery_min", "observation_min_minutes"}  # fmt: skip
