"""The session board: this workstation's running sessions, kept in `sessions.json` across restarts.

The file holds, per session, only the label, the start and end times, the last acknowledgement and the
plan's minutes: no patient data. Writes are atomic (temp file in the same folder, then os.replace). A
file that cannot be read is moved aside, never deleted, and the board starts empty with an error.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from handbook.errors import StorageError
from handbook.storage import set_aside, write_atomically
from handbook.tools import ToolProblem
from handbook.tools.sessions import (
    Clock,
    Session,
    SessionPlan,
    SessionState,
    check_label,
    normalize_label,
    session_state,
    sessions_path,
    utc_now,
)

FORMAT = 1
# Bounds a saved session must meet to be resumed: started within the last day and not in the future
# (a few minutes' clock skew allowed), and every plan figure a plausible number of minutes.
MAX_AGE = dt.timedelta(days=1)
SKEW = dt.timedelta(minutes=5)
PLAN_MINUTES = (1.0, 1440.0)
_PLAN_KEYS = ("infusion_minutes", "vitals_interval_infusion_min", "vitals_interval_recovery_min",
              "observation_min_minutes")  # fmt: skip


class SessionBoard:
    """The running sessions, saved after every change when a path is set.

    A board without a path keeps sessions in memory only (used when a corrupt file cannot be set aside,
    so a save can never overwrite it). Mutations keep the in-memory change even when saving fails: the
    timers go on, and the StorageError tells the caller they would not survive a restart.
    """

    def __init__(self, path: Path | None, clock: Clock = utc_now, sessions: tuple[Session, ...] = ()) -> None:
        self.path = path
        self.clock = clock
        self._sessions: dict[str, Session] = {s.label.casefold(): s for s in sessions}

    @classmethod
    def open(
        cls, path: Path | None = None, clock: Clock = utc_now
    ) -> tuple[SessionBoard, StorageError | None]:
        """The board saved at `path` (default: user data folder) and the error when it could not be read.

        A corrupt or unreadable file is renamed `sessions.json.corrupt-<UTC time>` and an empty board is
        returned with the error. A session that started more than a day ago or in the future is set aside
        the same way (the file is kept), and the board resumes the others. If the file cannot even be
        renamed, the board is in memory only.
        """
        path = path or sessions_path()
        kept: tuple[Session, ...] = ()
        try:
            sessions = load_sessions(path)
            now = clock()
            kept = tuple(s for s in sessions if stale_reason(s, now) is None)
            if len(kept) == len(sessions):
                return cls(path, clock, sessions), None
            reasons = "; ".join(f"'{s.label}' {stale_reason(s, now)}" for s in sessions if s not in kept)
            raise StorageError(f"a saved session was set aside ({reasons})", path)
        except StorageError as exc:
            try:
                aside_path = set_aside(path, clock())
            except StorageError as aside:
                return cls(None, clock, kept), StorageError(
                    f"{exc.message}; {aside.message}; running sessions will not be saved", path
                )
            board = cls(path, clock, kept)
            if kept:
                try:
                    board.save()
                except StorageError as failed:
                    return cls(None, clock, kept), StorageError(f"{exc.message}; {failed.message}", path)
            return board, StorageError(f"{exc.message}; the file was kept as {aside_path.name}", path)

    @property
    def sessions(self) -> tuple[Session, ...]:
        """Running sessions, oldest first."""
        return tuple(sorted(self._sessions.values(), key=lambda s: (s.started_at, s.label)))

    def get(self, label: str) -> Session | None:
        """The session with this label (case-insensitive), or None."""
        return self._sessions.get(normalize_label(label).casefold())

    def states(self) -> list[SessionState]:
        """Every session as it is now, by the board's clock."""
        now = self.clock()
        return [session_state(s, now) for s in self.sessions]

    def start(self, label: str, plan: SessionPlan) -> Session | ToolProblem:
        """Start a session now; a refused label comes back as a problem. Saves (StorageError on failure)."""
        problem = check_label(label)
        if problem:
            return problem
        label = normalize_label(label)
        if self.get(label):
            return ToolProblem("label", f"A session for '{label}' is already running")
        return self._put(Session(label, self.clock(), plan))

    def end_infusion(self, label: str) -> Session:
        """Record that the infusion ended now, which starts recovery (kept if already recorded). Saves."""
        session = self._require(label)
        ended = session.infusion_ended_at or max(self.clock(), session.started_at)
        return self._put(replace(session, infusion_ended_at=ended))

    def acknowledge(self, label: str) -> Session:
        """Mark every prompt due until now as seen, which ends its cue. Saves."""
        return self._put(replace(self._require(label), acknowledged_through=self.clock()))

    def close(self, label: str) -> None:
        """Remove a finished session (discharged or transferred). Saves."""
        self._require(label)
        del self._sessions[normalize_label(label).casefold()]
        self.save()

    def save(self) -> None:
        """Write every session atomically; nothing for an in-memory board. Raises StorageError."""
        if self.path is not None:
            save_sessions(self.path, self.sessions)

    def _require(self, label: str) -> Session:
        session = self.get(label)
        if session is None:
            raise KeyError(f"no running session '{label}'")
        return session

    def _put(self, session: Session) -> Session:
        self._sessions[session.label.casefold()] = session
        self.save()
        return session


def _time_text(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(dt.UTC).isoformat()


def _encode(session: Session) -> dict[str, Any]:
    return {
        "label": session.label,
        "started_at": _time_text(session.started_at),
        "infusion_ended_at": _time_text(session.infusion_ended_at),
        "acknowledged_through": _time_text(session.acknowledged_through),
        "plan": {key: getattr(session.plan, key) for key in _PLAN_KEYS},
    }


def save_sessions(path: Path, sessions: tuple[Session, ...]) -> None:
    """Write the sessions as JSON, atomically (StorageError naming the file on failure)."""
    text = json.dumps({"format": FORMAT, "sessions": [_encode(s) for s in sessions]}, indent=2)
    write_atomically(path, text + "\n", "cannot save the running sessions")


class _Corrupt(ValueError):
    """A structural fault in the saved file (message says which)."""


def _moment(raw: object, key: str, optional: bool = False) -> dt.datetime | None:
    if raw is None and optional:
        return None
    if not isinstance(raw, str):
        raise _Corrupt(f"'{key}' is not a time")
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError as exc:
        raise _Corrupt(f"'{key}' is not a time: {raw!r}") from exc
    if moment.tzinfo is None:
        raise _Corrupt(f"'{key}' has no time zone: {raw!r}")
    return moment


def _decode(raw: object) -> Session:
    if not isinstance(raw, dict):
        raise _Corrupt("a session is not an object")
    label = raw.get("label")
    if not isinstance(label, str) or check_label(label) is not None or normalize_label(label) != label:
        raise _Corrupt(f"invalid label {label!r}")
    plan = raw.get("plan")
    if not isinstance(plan, dict):
        raise _Corrupt(f"session '{label}' has no plan")
    minutes = []
    for key in _PLAN_KEYS:
        number = plan.get(key)
        if (
            isinstance(number, bool)
            or not isinstance(number, int | float)
            or not PLAN_MINUTES[0] <= number <= PLAN_MINUTES[1]  # also refuses NaN and huge integers
        ):
            low, high = PLAN_MINUTES
            raise _Corrupt(
                f"session '{label}': plan '{key}' is not a positive number of minutes ({low:g} to {high:g})"
            )
        minutes.append(float(number))
    started = _moment(raw.get("started_at"), "started_at")
    ended = _moment(raw.get("infusion_ended_at"), "infusion_ended_at", optional=True)
    seen = _moment(raw.get("acknowledged_through"), "acknowledged_through", optional=True)
    if started is None or (ended is not None and ended < started):
        raise _Corrupt(f"session '{label}': the infusion ends before it starts")
    return Session(label, started, SessionPlan(*minutes), ended, seen)


def stale_reason(session: Session, now: dt.datetime) -> str | None:
    """Why a saved session may not be resumed at `now` (too old, or times in the future), or None."""
    if session.started_at > now + SKEW:
        return "it starts in the future"
    if session.started_at < now - MAX_AGE:
        return "it started more than a day ago"
    for moment in (session.infusion_ended_at, session.acknowledged_through):
        if moment is not None and (moment > now + SKEW or moment < session.started_at):
            return "its times are out of order"
    return None


def load_sessions(path: Path) -> tuple[Session, ...]:
    """The sessions saved at `path` (none when the file does not exist). StorageError when unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ()
    except (OSError, UnicodeDecodeError) as exc:
        raise StorageError(
            f"cannot read the saved sessions: {getattr(exc, 'strerror', None) or exc}", path
        ) from exc
    try:
        data = json.loads(text)
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or not isinstance(data.get("sessions"), list)
        ):
            raise _Corrupt(f"not a format-{FORMAT} sessions file")
        sessions = tuple(_decode(item) for item in data["sessions"])
    except (json.JSONDecodeError, _Corrupt) as exc:
        raise StorageError(f"the saved sessions are corrupt ({exc})", path) from exc
    if len({s.label.casefold() for s in sessions}) != len(sessions):
        raise StorageError("the saved sessions are corrupt (a label appears twice)", path)
    return sessions
