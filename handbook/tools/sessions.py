"""Infusion session timers: countdown, vital-sign prompts, minimum observation time; several chairs at once.

A session knows only a chair or bay label, its start and end times and its plan (numbers copied from the
content when it started). It never holds a patient's name or identifier. Every state is recomputed from
wall-clock times and an injectable clock, so timers survive an app restart and tests need no sleeping.

Prompt schedule (S = start, E = infusion end confirmed by the nurse, P = the plan):
- vital signs during the infusion at S + k x vitals_interval_infusion_min (k = 1, 2, ...), up to E, and
  on past the planned end while the infusion is still running (a paused infusion runs longer);
- "planned infusion time reached" at S + infusion minutes (dropped when the infusion ended before it);
- vital signs during recovery at E + k x vitals_interval_recovery_min, until the session is closed
  (SOP-MON-001: until discharge);
- "minimum observation time reached" at E + observation_min_minutes (SOP-DIS-001: after the end of the
  infusion): the discharge assessment may start.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from handbook import paths
from handbook.library.model import Value
from handbook.tools import Link, ToolProblem, Values, as_decimal, bad_value, missing_value

Clock = Callable[[], dt.datetime]
SESSIONS_FILE = "sessions.json"
LABEL_MAX = 20
_LABEL_CHARS = re.compile(r"^[A-Za-z0-9 -]+$")
_LONG_NUMBER = re.compile(r"\d{5,}")  # record numbers and dates of birth; chair labels never need one
LABEL_WARNING = "Chair or bay label only (e.g. 'Chair 3'): never a patient's name or identifier."


def utc_now() -> dt.datetime:
    """The real clock (aware, UTC)."""
    return dt.datetime.now(dt.UTC)


def sessions_path() -> Path:
    """Where running sessions are kept between app runs."""
    return paths.user_data_dir() / SESSIONS_FILE


def normalize_label(text: str) -> str:
    """The label as stored: blanks trimmed, inner runs of spaces made one."""
    return " ".join(str(text).split())


def check_label(text: str) -> ToolProblem | None:
    """Why a label is refused, or None. Letters, digits, spaces and '-', at most 20 characters."""
    label = normalize_label(text)
    if not label:
        return ToolProblem("label", "Enter a chair or bay label, e.g. 'Chair 3'")
    if len(label) > LABEL_MAX:
        return ToolProblem("label", f"A label has at most {LABEL_MAX} characters")
    if not _LABEL_CHARS.match(label):
        return ToolProblem("label", "A label uses only letters, digits, spaces and '-'")
    if _LONG_NUMBER.search(label):
        return ToolProblem(
            "label",
            "This looks like an identifier (a long number): use the chair or bay label only, "
            "never a patient's name or identifier",
        )
    return None


@dataclass(frozen=True, slots=True)
class SessionPlan:
    """The numbers a session runs on, in minutes, copied from the content when it started."""

    infusion_minutes: float
    vitals_interval_infusion_min: float
    vitals_interval_recovery_min: float
    observation_min_minutes: float


PLAN_VALUES = (
    "infusion_minutes_standard",
    "vitals_interval_infusion_min",
    "vitals_interval_recovery_min",
    "observation_min_minutes",
)


def plan_from_values(
    values: Values, infusion_minutes: float | None = None
) -> SessionPlan | tuple[ToolProblem, ...]:
    """The plan for a new session, or the problems preventing one.

    The duration is infusion_minutes_standard unless another ordered duration is given, which must lie
    within infusion_minutes_min..infusion_minutes_max (SOP-DOS-001).
    """
    names = (
        PLAN_VALUES
        if infusion_minutes is None
        else (*PLAN_VALUES[1:], "infusion_minutes_min", "infusion_minutes_max")
    )
    problems = [missing_value(name) for name in names if name not in values]
    if problems:
        return tuple(problems)
    for name in names:
        refused = bad_value(values[name])
        if refused is not None:
            problems.append(refused)
        elif not as_decimal(values[name]) > 0:
            problems.append(
                ToolProblem("content", f"value '{name}' ({values[name].doc_id}) must be more than zero")
            )
    if problems:  # an unset or refused value is never turned into a number
        return tuple(problems)
    if infusion_minutes is None:
        minutes = _number(values["infusion_minutes_standard"])
    else:
        low, high = values["infusion_minutes_min"], values["infusion_minutes_max"]
        minutes = float(infusion_minutes)
        if not _number(low) <= minutes <= _number(high):  # also refuses NaN
            problems.append(
                ToolProblem(
                    "minutes",
                    f"Infusion time {minutes:g} min is outside {low.text}–{high.text} min ({low.doc_id})",
                )
            )
    if problems:
        return tuple(problems)
    return SessionPlan(
        minutes,
        _number(values["vitals_interval_infusion_min"]),
        _number(values["vitals_interval_recovery_min"]),
        _number(values["observation_min_minutes"]),
    )


def _number(value: Value) -> float:
    """A value `bad_value` let through, as a float (an unset one never gets here)."""
    return float(as_decimal(value))


class PromptKind(StrEnum):
    """What a prompt asks for (the order breaks ties between prompts due at the same moment)."""

    VITALS_INFUSION = "vitals_infusion"
    INFUSION_END = "infusion_end"
    VITALS_RECOVERY = "vitals_recovery"
    DISCHARGE_ASSESSMENT = "discharge_assessment"


_ORDER = {kind: i for i, kind in enumerate(PromptKind)}
_MONITORING = Link("SOP-MON-001", "vital-signs-schedule", "Monitoring SOP: vital signs schedule")
_LINKS = {
    PromptKind.VITALS_INFUSION: (_MONITORING, Link("CHK-INF-001", "at-every-infusion-check", "Checklist")),
    PromptKind.INFUSION_END: (_MONITORING, Link("CHK-INF-001", "at-the-end-of-the-infusion", "Checklist")),
    PromptKind.VITALS_RECOVERY: (_MONITORING, Link("CHK-INF-001", "at-every-recovery-check", "Checklist")),
    PromptKind.DISCHARGE_ASSESSMENT: (
        Link("SOP-DIS-001", "observation-period", "Discharge SOP"),
        Link("CHK-DIS-001", "", "Discharge checklist"),
    ),
}


@dataclass(frozen=True, slots=True)
class Prompt:
    """Something due at a moment: vital signs, the planned end, the discharge assessment."""

    at: dt.datetime
    kind: PromptKind
    message: str

    @property
    def links(self) -> tuple[Link, ...]:
        """The SOP section and checklist this prompt points to."""
        return _LINKS[self.kind]


@dataclass(frozen=True, slots=True)
class Session:
    """One chair's infusion: label, start, plan, confirmed end (None while running), last acknowledgement."""

    label: str
    started_at: dt.datetime
    plan: SessionPlan
    infusion_ended_at: dt.datetime | None = None
    acknowledged_through: dt.datetime | None = None


class SessionPhase(StrEnum):
    """Where a session is: infusion running, recovery, or minimum observation time complete."""

    INFUSION = "infusion"
    RECOVERY = "recovery"
    OBSERVATION_COMPLETE = "observation_complete"


@dataclass(frozen=True, slots=True)
class SessionState:
    """A session seen at one moment: phase, times left, prompts due and not acknowledged, the next one."""

    session: Session
    phase: SessionPhase
    infusion_remaining: dt.timedelta | None  # negative: past the planned end
    observation_remaining: dt.timedelta | None
    due: tuple[Prompt, ...]
    next_prompt: Prompt | None
    earlier: int = 0  # due prompts older than those listed in `due`

    @property
    def due_count(self) -> int:
        """Every prompt due and not acknowledged, listed in `due` or counted in `earlier`."""
        return len(self.due) + self.earlier

    @property
    def label(self) -> str:
        """The chair or bay label."""
        return self.session.label


def _minutes(value: float) -> dt.timedelta:
    return dt.timedelta(minutes=value)


def _every(
    origin: dt.datetime, interval: float, kind: PromptKind, text: Callable[[float], str]
) -> Iterator[Prompt]:
    # k x interval from the origin (not repeated addition) so no rounding drift accumulates.
    for k in itertools.count(1):
        yield Prompt(origin + _minutes(k * interval), kind, text(k * interval))


def _once(at: dt.datetime, kind: PromptKind, message: str) -> Iterator[Prompt]:
    yield Prompt(at, kind, message)


def iter_prompts(session: Session) -> Iterator[Prompt]:
    """Every prompt of the session in time order (endless: recovery prompts run until it is closed)."""
    start, plan, end = session.started_at, session.plan, session.infusion_ended_at
    planned_end = start + _minutes(plan.infusion_minutes)
    vitals = _every(
        start, plan.vitals_interval_infusion_min, PromptKind.VITALS_INFUSION,
        lambda m: f"Vital signs due (infusion, minute {m:g})",
    )  # fmt: skip
    streams = [vitals if end is None else itertools.takewhile(lambda p: p.at <= end, vitals)]
    if end is None or planned_end <= end:
        streams.append(_once(
            planned_end, PromptKind.INFUSION_END,
            f"Planned infusion time reached ({plan.infusion_minutes:g} min): confirm the end of the infusion",
        ))  # fmt: skip
    if end is not None:
        streams.append(_every(
            end, plan.vitals_interval_recovery_min, PromptKind.VITALS_RECOVERY,
            lambda m: f"Vital signs due (recovery, minute {m:g} after the infusion)",
        ))  # fmt: skip
        streams.append(_once(
            end + _minutes(plan.observation_min_minutes), PromptKind.DISCHARGE_ASSESSMENT,
            f"Minimum observation time reached ({plan.observation_min_minutes:g} min after the infusion): "
            "the discharge assessment may start",
        ))  # fmt: skip
    return heapq.merge(*streams, key=lambda p: (p.at, _ORDER[p.kind]))


# At most this many due prompts are listed per session (the newest); older ones are counted in `earlier`.
DUE_LISTED = 20


def _last_at_or_before(origin: dt.datetime, interval: float, moment: dt.datetime) -> int:
    """The largest k >= 0 with origin + k x interval <= moment (arithmetic, corrected for rounding)."""
    if moment < origin:
        return 0
    k = int((moment - origin) / _minutes(interval))
    while k > 0 and origin + _minutes(k * interval) > moment:
        k -= 1
    while origin + _minutes((k + 1) * interval) <= moment:
        k += 1
    return k


def _periodic(
    origin: dt.datetime,
    interval: float,
    kind: PromptKind,
    text: Callable[[float], str],
    window: tuple[dt.datetime | None, dt.datetime, dt.datetime | None],
) -> tuple[list[Prompt], int, Prompt | None]:
    """A repeating stream seen at one moment: its newest due prompts, how many more are due, the next one.

    `window` is (acknowledged through, now, last moment the stream runs to or None): only prompts after
    the acknowledgement and at or before now are due.
    """
    seen, now, cap = window
    first = 1 if seen is None else _last_at_or_before(origin, interval, seen) + 1
    last = _last_at_or_before(origin, interval, now if cap is None else min(now, cap))
    listed_from = max(first, last - DUE_LISTED + 1)
    due = [
        Prompt(origin + _minutes(k * interval), kind, text(k * interval))
        for k in range(listed_from, last + 1)
    ]
    upcoming_k = _last_at_or_before(origin, interval, now) + 1
    upcoming_at = origin + _minutes(upcoming_k * interval)
    upcoming = None
    if cap is None or upcoming_at <= cap:
        upcoming = Prompt(upcoming_at, kind, text(upcoming_k * interval))
    return due, max(0, listed_from - first), upcoming


def session_state(session: Session, now: dt.datetime) -> SessionState:
    """The session at `now`, computed from its times in constant time (no walk over past prompts).

    The same prompts as `iter_prompts`: those after the acknowledgement and at or before `now` are due
    (at most DUE_LISTED of them are listed, the rest counted in `earlier`); the first after `now` is next.
    """
    start, plan, end, ack = (
        session.started_at,
        session.plan,
        session.infusion_ended_at,
        session.acknowledged_through,
    )
    planned_end = start + _minutes(plan.infusion_minutes)
    candidates: list[Prompt] = []
    upcoming: list[Prompt] = []
    due, earlier, following = _periodic(
        start, plan.vitals_interval_infusion_min, PromptKind.VITALS_INFUSION,
        lambda m: f"Vital signs due (infusion, minute {m:g})", (ack, now, end),
    )  # fmt: skip
    candidates += due
    upcoming += [following] if following else []
    once: list[Prompt] = []
    if end is None or planned_end <= end:
        once.append(Prompt(
            planned_end, PromptKind.INFUSION_END,
            f"Planned infusion time reached ({plan.infusion_minutes:g} min): confirm the end of the infusion",
        ))  # fmt: skip
    if end is not None:
        due, more, following = _periodic(
            end, plan.vitals_interval_recovery_min, PromptKind.VITALS_RECOVERY,
            lambda m: f"Vital signs due (recovery, minute {m:g} after the infusion)", (ack, now, None),
        )  # fmt: skip
        candidates += due
        earlier += more
        upcoming += [following] if following else []
        once.append(Prompt(
            end + _minutes(plan.observation_min_minutes), PromptKind.DISCHARGE_ASSESSMENT,
            f"Minimum observation time reached ({plan.observation_min_minutes:g} min after the infusion): "
            "the discharge assessment may start",
        ))  # fmt: skip
    for prompt in once:
        if prompt.at > now:
            upcoming.append(prompt)
        elif (ack is None or prompt.at > ack) and not (
            prompt.kind is PromptKind.INFUSION_END and end is not None
        ):
            candidates.append(prompt)

    def order(p: Prompt) -> tuple[dt.datetime, int]:
        return (p.at, _ORDER[p.kind])

    candidates.sort(key=order)
    earlier += max(0, len(candidates) - DUE_LISTED)
    listed = tuple(candidates[-DUE_LISTED:])
    next_prompt = min(upcoming, key=order) if upcoming else None
    if end is None:
        phase = SessionPhase.INFUSION
        infusion_left = planned_end - now
        observation_left = None
    else:
        infusion_left = None
        observation_left = end + _minutes(plan.observation_min_minutes) - now
        phase = (
            SessionPhase.RECOVERY if observation_left > dt.timedelta(0) else SessionPhase.OBSERVATION_COMPLETE
        )
    return SessionState(session, phase, infusion_left, observation_left, listed, next_prompt, earlier)


def format_clock(span: dt.timedelta) -> str:
    """A time span as `mm:ss` (or `h:mm:ss`), with `+` when it is past (negative)."""
    seconds = int(span.total_seconds())
    sign = "+" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes:02d}:{secs:02d}"
