"""Session timers: labels, plans from the content, the exact prompt schedule, state at a given moment."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from handbook.tools import ToolProblem
from handbook.tools.sessions import (
    PromptKind,
    Session,
    SessionPhase,
    SessionPlan,
    check_label,
    format_clock,
    iter_prompts,
    plan_from_values,
    session_state,
)

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
STANDARD_PLAN = SessionPlan(40, 10, 15, 120)
V_INF, END, V_REC, DISCHARGE = (PromptKind.VITALS_INFUSION, PromptKind.INFUSION_END, PromptKind.VITALS_RECOVERY,
                                PromptKind.DISCHARGE_ASSESSMENT)  # fmt: skip


def at(minutes: float) -> dt.datetime:
    """T0 plus some minutes."""
    return T0 + dt.timedelta(minutes=minutes)


def schedule(session: Session, through: float) -> list[tuple[float, PromptKind]]:
    """(minutes after T0, kind) of every prompt up to `through` minutes."""
    return [((p.at - T0).total_seconds() / 60, p.kind) for p in prompts_until(session, at(through))]


@pytest.mark.parametrize("label", ["Chair 3", "Bay-2", "C", "Recliner 12 window", "A" * 20])
def test_sessions_label_accepted(label):
    """Short labels of letters, digits, spaces and '-' are accepted."""
    assert check_label(label) is None


@pytest.mark.parametrize(
    ("label", "reason"),
    [("", "Enter a chair"), ("   ", "Enter a chair"), ("A" * 21, "at most 20"), ("Chair #3", "only letters"),
     ("Chaise 3é", "only letters"), ("Chair_3", "only letters"), ("Bed 123456", "identifier"),
     ("19850412", "identifier")],
)  # fmt: skip
def test_sessions_label_refused(label, reason):
    """Empty, long, other characters and long numbers (record numbers, birth dates) are refused."""
    problem = check_label(label)
    assert isinstance(problem, ToolProblem)
    assert reason in problem.message


def test_sessions_plan_from_standard_values(values):
    """The plan copies infusion_minutes_standard and the three intervals from the content."""
    assert plan_from_values(values) == SessionPlan(40, 10, 15, 120)


def test_sessions_plan_with_ordered_duration_within_range(values):
    """An ordered duration within infusion_minutes_min..max (40-60, inclusive) replaces the standard."""
    assert plan_from_values(values, 60).infusion_minutes == 60
    assert plan_from_values(values, 40).infusion_minutes == 40


@pytest.mark.parametrize("minutes", [39, 61, float("nan")])
def test_sessions_plan_refuses_duration_outside_range(values, minutes):
    """A duration outside 40-60 min is refused, naming the range and SOP-DOS-001."""
    problems = plan_from_values(values, minutes)
    assert isinstance(problems, tuple)
    assert "40–60 min (SOP-DOS-001)" in problems[0].message


@pytest.mark.parametrize(
    ("name", "sop"),
    [("infusion_minutes_standard", "SOP-DOS-001"), ("vitals_interval_infusion_min", "SOP-MON-001"),
     ("vitals_interval_recovery_min", "SOP-MON-001"), ("observation_min_minutes", "SOP-DIS-001")],
)  # fmt: skip
def test_sessions_plan_missing_value_names_value_and_sop(tool_values, name, sop):
    """No plan without every value it needs; the problem names the value and its SOP."""
    problems = plan_from_values(tool_values(**{name: None}))
    assert isinstance(problems, tuple)
    assert f"'{name}'" in problems[0].message
    assert sop in problems[0].message


def test_sessions_plan_refuses_zero_interval(tool_values):
    """A zero interval in the content is refused (it would prompt endlessly)."""
    problems = plan_from_values(tool_values(vitals_interval_infusion_min=0))
    assert "must be more than zero" in problems[0].message


def test_sessions_schedule_during_infusion_matches_sop_interval():
    """40 min infusion, every 10 min: vitals at 10, 20, 30, 40 and the planned end at 40."""
    session = Session("Chair 1", T0, STANDARD_PLAN)
    assert schedule(session, 40) == [(10, V_INF), (20, V_INF), (30, V_INF), (40, V_INF), (40, END)]


def test_sessions_changed_interval_in_content_changes_prompts(tool_values):
    """vitals_interval_infusion_min = 15 in the content gives prompts at 15, 30, then the end at 40."""
    session = Session("Chair 1", T0, plan_from_values(tool_values(vitals_interval_infusion_min=15)))
    assert schedule(session, 40) == [(15, V_INF), (30, V_INF), (40, END)]


def test_sessions_schedule_after_infusion_until_observation_complete():
    """Ended at 40: recovery vitals every 15 min (55 ... 160) and the discharge assessment at 40 + 120 = 160."""
    session = Session("Chair 1", T0, STANDARD_PLAN, infusion_ended_at=at(40))
    recovery = [(40 + 15 * k, V_REC) for k in range(1, 9)]
    assert schedule(session, 160) == [(10, V_INF), (20, V_INF), (30, V_INF), (40, V_INF), (40, END),
                                      *recovery, (160, DISCHARGE)]  # fmt: skip


def test_sessions_recovery_prompts_continue_until_closed():
    """Recovery vital signs go on past the minimum observation time (until discharge)."""
    session = Session("Chair 1", T0, STANDARD_PLAN, infusion_ended_at=at(40))
    assert schedule(session, 175)[-1] == (175, V_REC)


def test_sessions_early_end_drops_later_infusion_prompts():
    """Ended at 25: infusion prompts at 10 and 20 only, no planned-end prompt; recovery counts from 25."""
    session = Session("Chair 1", T0, STANDARD_PLAN, infusion_ended_at=at(25))
    assert schedule(session, 55) == [(10, V_INF), (20, V_INF), (40, V_REC), (55, V_REC)]


def test_sessions_infusion_running_late_keeps_prompting():
    """An infusion not yet ended at 50 (after a pause) still gets its 50-minute vital signs."""
    session = Session("Chair 1", T0, STANDARD_PLAN)
    assert schedule(session, 50)[-1] == (50, V_INF)


def test_sessions_fractional_interval_has_no_drift():
    """An interval of 7.5 min gives exact times: 7.5, 15, 22.5, 30, 37.5."""
    session = Session("Chair 1", T0, SessionPlan(40, 7.5, 15, 120))
    assert [m for m, kind in schedule(session, 39) if kind is V_INF] == [7.5, 15, 22.5, 30, 37.5]


def test_sessions_state_counts_down_and_lists_due_prompts():
    """At 15 min: 25 min left, the 10-minute prompt due, the 20-minute one next."""
    state = session_state(Session("Chair 1", T0, STANDARD_PLAN), at(15))
    assert state.phase is SessionPhase.INFUSION
    assert state.infusion_remaining == dt.timedelta(minutes=25)
    assert [p.at for p in state.due] == [at(10)]
    assert state.next_prompt.at == at(20)


def test_sessions_acknowledged_prompts_are_no_longer_due():
    """Acknowledged at 12: nothing due at 15; the 20-minute prompt is due again at 21."""
    session = Session("Chair 1", T0, STANDARD_PLAN, acknowledged_through=at(12))
    assert session_state(session, at(15)).due == ()
    assert [p.at for p in session_state(session, at(21)).due] == [at(20)]


def test_sessions_state_past_planned_end_is_negative():
    """Five minutes past the planned end, the countdown is -5 min and the end prompt is due."""
    state = session_state(Session("Chair 1", T0, STANDARD_PLAN), at(45))
    assert state.infusion_remaining == dt.timedelta(minutes=-5)
    assert END in [p.kind for p in state.due]


def test_sessions_state_recovery_then_observation_complete():
    """Ended at 40: recovery with 120 min to go; at 160 the minimum observation time is complete."""
    session = Session("Chair 1", T0, STANDARD_PLAN, infusion_ended_at=at(40), acknowledged_through=at(40))
    recovery = session_state(session, at(40))
    assert (recovery.phase, recovery.observation_remaining) == (
        SessionPhase.RECOVERY,
        dt.timedelta(minutes=120),
    )
    done = session_state(session, at(160))
    assert done.phase is SessionPhase.OBSERVATION_COMPLETE
    assert done.due[-1].kind is DISCHARGE


def test_sessions_prompts_link_monitoring_sop_and_checklist():
    """A vital-signs prompt links SOP-MON-001 and CHK-INF-001; the discharge prompt links SOP-DIS-001."""
    session = Session("Chair 1", T0, STANDARD_PLAN, infusion_ended_at=at(40))
    prompts = prompts_until(session, at(160))
    assert [link.doc_id for link in prompts[0].links] == ["SOP-MON-001", "CHK-INF-001"]
    assert prompts[-1].links[0].doc_id == "SOP-DIS-001"


@pytest.mark.parametrize(
    ("span", "text"),
    [(dt.timedelta(minutes=25), "25:00"), (dt.timedelta(seconds=-65), "+01:05"),
     (dt.timedelta(hours=2, seconds=5), "2:00:05"), (dt.timedelta(0), "00:00")],
)  # fmt: skip
def test_sessions_format_clock(span, text):
    """Time spans print as mm:ss (h:mm:ss past an hour), '+' once past zero."""
    assert format_clock(span) == text


def test_sessions_confirmed_end_answers_the_end_prompt():
    """Once the end is confirmed, the planned-end prompt is no longer due (its vital signs still are)."""
    session = Session("Chair 1", T0, STANDARD_PLAN, infusion_ended_at=at(41), acknowledged_through=at(35))
    assert [p.kind for p in session_state(session, at(42)).due] == [V_INF]


def prompts_until(session, through):
    """The exact list of prompts due at or before `through`, in time order."""
    return tuple(itertools.takewhile(lambda p: p.at <= through, iter_prompts(session)))
