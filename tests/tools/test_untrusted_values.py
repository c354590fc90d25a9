"""The tools refuse non-finite or implausible values from any source, and only plain ASCII digits."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.library.model import Value
from handbook.tools import parse_number
from handbook.tools.board import SessionBoard
from handbook.tools.dose import calculate_dose
from handbook.tools.sessions import (
    DUE_LISTED,
    PromptKind,
    Session,
    SessionPlan,
    plan_from_values,
    session_state,
)
from tests.tools.fakes import T0, FakeClock
from tests.tools.test_sessions import prompts_until


def _with(values, name, number):
    return {**values, name: replace(values[name], value=number)}


@pytest.mark.parametrize("number", [float("inf"), float("nan"), 50.0, -1.0])
def test_untrusted_dose_refuses_bad_content_maximum(values, number):
    """A maximum of inf/NaN/50 mg/kg that bypassed the loader is refused, never used (NaN used to crash)."""
    outcome = calculate_dose(_with(values, "dose_mg_per_kg_max", number), "70", "5", "40", "10")
    assert outcome.result is None
    assert any("dose_mg_per_kg_max" in p.message for p in outcome.problems)


def test_untrusted_dose_refuses_infinite_weight_limit(values):
    """A content weight limit that is infinite is refused, not trusted."""
    extra = Value("weight_kg_max", float("inf"), "kg", "w", "s", False, "SOP-DOS-001")
    outcome = calculate_dose({**values, "weight_kg_max": extra}, "70", "0.5", "40", "10")
    assert outcome.result is None


@pytest.mark.parametrize("text", ["7_0", "٧٠", "７０", "۷۰", "7\u00a00", "1e2", "0x46", "70" * 40])
def test_untrusted_parse_number_refuses_non_ascii_digits(text):
    """Underscores, Arabic-Indic and full-width digits, exponents and very long text are not numbers."""
    assert not isinstance(parse_number(text, "weight_kg", "Weight"), type(parse_number("70", "w", "W")))


def test_untrusted_parse_number_accepts_plain_decimals():
    """Plain ASCII decimals still parse."""
    assert str(parse_number(" 72.5 ", "weight_kg", "Weight")) == "72.5"
    assert str(parse_number(".5", "mg_per_kg", "Dose")) == "0.5"


def test_untrusted_session_plan_refuses_infinite_interval(values):
    """A session plan is never made from an infinite or implausible interval."""
    refused = plan_from_values(_with(values, "vitals_interval_infusion_min", float("inf")))
    assert isinstance(refused, tuple)
    refused = plan_from_values(values, infusion_minutes=1e308)
    assert isinstance(refused, tuple)


def _saved(path, started_at: str, plan: dict | None = None, label: str = "Chair 1") -> None:
    plan = plan or {"infusion_minutes": 40, "vitals_interval_infusion_min": 10,
                    "vitals_interval_recovery_min": 15, "observation_min_minutes": 120}  # fmt: skip
    sessions = [{"label": label, "started_at": started_at, "infusion_ended_at": None,
                 "acknowledged_through": None, "plan": plan}]  # fmt: skip
    path.write_text(json.dumps({"format": 1, "sessions": sessions}), encoding="utf-8")


@pytest.mark.parametrize(
    "started", ["0001-01-01T00:00:00+00:00", "2026-02-28T09:00:00+00:00", "2026-03-02T12:00:00+00:00"]
)
def test_untrusted_sessions_old_or_future_start_is_set_aside(tmp_path, started):
    """A start more than a day old or in the future is set aside with a message, quickly (it used to hang)."""
    path = tmp_path / "sessions.json"
    _saved(path, started)
    began = time.perf_counter()
    board, error = SessionBoard.open(path, FakeClock())
    board.states()
    assert time.perf_counter() - began < 1
    assert board.sessions == ()
    assert error is not None
    assert "Chair 1" in error.message
    assert list(tmp_path.glob("sessions.json.corrupt-*"))


@pytest.mark.parametrize("key", ["vitals_interval_infusion_min", "infusion_minutes"])
@pytest.mark.parametrize("number", [1e-9, 1e308, 0.5, 10_000])
def test_untrusted_sessions_implausible_plan_is_set_aside(tmp_path, key, number):
    """An interval of 1e-9 (hang) or 1e308 (OverflowError) in sessions.json is refused on load."""
    path = tmp_path / "sessions.json"
    plan = {"infusion_minutes": 40, "vitals_interval_infusion_min": 10,
            "vitals_interval_recovery_min": 15, "observation_min_minutes": 120, key: number}  # fmt: skip
    _saved(path, T0.isoformat(), plan)
    board, error = SessionBoard.open(path, FakeClock())
    assert board.sessions == ()
    assert error is not None


def test_untrusted_sessions_good_sessions_are_kept_when_one_is_set_aside(tmp_path):
    """Only the stale session is set aside; the others resume and are saved again."""
    path = tmp_path / "sessions.json"
    _saved(path, T0.isoformat())
    data = json.loads(path.read_text(encoding="utf-8"))
    stale = dict(data["sessions"][0], label="Chair 2", started_at="2020-01-01T00:00:00+00:00")
    data["sessions"].append(stale)
    path.write_text(json.dumps(data), encoding="utf-8")
    board, error = SessionBoard.open(path, FakeClock())
    assert [s.label for s in board.sessions] == ["Chair 1"]
    assert error is not None
    assert "Chair 2" in error.message
    assert [s.label for s in SessionBoard.open(path, FakeClock())[0].sessions] == ["Chair 1"]


def test_untrusted_session_state_is_constant_time():
    """A day of 1-minute prompts never acknowledged: state in well under a millisecond per call."""
    session = Session("Chair 1", T0, SessionPlan(1440, 1, 1, 1440))
    now = T0 + dt.timedelta(hours=23, minutes=59, seconds=30)
    state = session_state(session, now)
    assert len(state.due) == DUE_LISTED
    assert state.earlier + len(state.due) == 1439 + 0  # minutes 1..1439 are due
    assert state.due_count == 1439
    assert state.next_prompt.at == T0 + dt.timedelta(minutes=1440)


@settings(max_examples=200, deadline=None)
@given(
    plan=st.tuples(*[st.integers(1, 90) for _ in range(4)]),
    ended=st.one_of(st.none(), st.integers(0, 200)),
    ack=st.one_of(st.none(), st.integers(0, 300)),
    now=st.integers(0, 300),
)
def test_untrusted_session_state_matches_the_prompt_schedule(plan, ended, ack, now):
    """The arithmetic state lists exactly the prompts the full schedule has due and next."""
    moment = lambda m: T0 + dt.timedelta(minutes=m)  # noqa: E731
    session = Session("Chair 1", T0, SessionPlan(*map(float, plan)),
                      None if ended is None else moment(ended), None if ack is None else moment(ack))  # fmt: skip
    state = session_state(session, moment(now))
    walked = prompts_until(session, moment(now))
    expected = [
        p for p in walked
        if not (p.kind is PromptKind.INFUSION_END and session.infusion_ended_at is not None)
        and (session.acknowledged_through is None or p.at > session.acknowledged_through)
    ]  # fmt: skip
    assert list(state.due) == expected[-DUE_LISTED:]
    assert state.earlier == max(0, len(expected) - DUE_LISTED)
    from handbook.tools.sessions import iter_prompts

    following = next((p for p in iter_prompts(session) if p.at > moment(now)), None)
    assert state.next_prompt == following
