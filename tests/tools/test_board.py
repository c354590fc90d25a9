"""Session board: saved atomically, survives a restart, keeps a corrupt file aside, reports I/O failures."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from handbook import paths
from handbook.errors import StorageError
from handbook.tools import ToolProblem
from handbook.tools.board import SessionBoard
from handbook.tools.sessions import SessionPhase, SessionPlan
from tests.tools.fakes import T0, FakeClock

PLAN = SessionPlan(40, 10, 15, 120)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def path(tmp_path):
    return tmp_path / "data" / "sessions.json"


def test_board_default_path_is_user_data_dir(clock):
    """Without a path the board lives in user_data_dir()/sessions.json (HANDBOOK_DATA_DIR)."""
    board, error = SessionBoard.open(clock=clock)
    assert error is None
    board.start("Chair 1", PLAN)
    assert (paths.user_data_dir() / "sessions.json").exists()


def test_board_missing_file_is_an_empty_board(path, clock):
    """No saved file: an empty board and no error."""
    board, error = SessionBoard.open(path, clock)
    assert (board.sessions, error) == ((), None)


def test_board_saves_only_label_times_and_plan(path, clock):
    """The file holds label, start/end/acknowledged times and the plan's minutes: nothing about a patient."""
    board, _ = SessionBoard.open(path, clock)
    board.start("Chair 3", PLAN)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {"format": 1, "sessions": [{
        "label": "Chair 3", "started_at": "2026-03-02T09:00:00+00:00", "infusion_ended_at": None,
        "acknowledged_through": None,
        "plan": {"infusion_minutes": 40, "vitals_interval_infusion_min": 10, "vitals_interval_recovery_min": 15,
                 "observation_min_minutes": 120},
    }]}  # fmt: skip


def test_board_timers_survive_restart(path, clock):
    """Save, open a new board from the same file: same sessions, and the same state at a later clock."""
    board, _ = SessionBoard.open(path, clock)
    board.start("Chair 1", PLAN)
    clock.advance(5)
    board.start("Chair 2", PLAN)
    clock.advance(40)
    board.end_infusion("Chair 1")
    board.acknowledge("Chair 1")
    clock.advance(20)
    before = board.states()
    reopened, error = SessionBoard.open(path, clock)
    assert error is None
    assert reopened.sessions == board.sessions
    assert reopened.states() == before
    clock.advance(100)
    later = {s.label: s for s in reopened.states()}
    assert later["Chair 1"].phase is SessionPhase.OBSERVATION_COMPLETE
    assert later["Chair 2"].phase is SessionPhase.INFUSION
    assert later["Chair 2"].infusion_remaining == dt.timedelta(
        minutes=-120
    )  # started at 5, planned end 45, now 165


def test_board_several_chairs_at_once(path, clock):
    """Sessions for several chairs run side by side, oldest first."""
    board, _ = SessionBoard.open(path, clock)
    for label in ("Chair 2", "Chair 1", "Bay-4"):
        board.start(label, PLAN)
        clock.advance(1)
    assert [s.label for s in board.sessions] == ["Chair 2", "Chair 1", "Bay-4"]


def test_board_refuses_duplicate_label(path, clock):
    """A second session for a running label (any case, extra spaces) is refused."""
    board, _ = SessionBoard.open(path, clock)
    board.start("Chair 1", PLAN)
    problem = board.start(" chair   1 ", PLAN)
    assert isinstance(problem, ToolProblem)
    assert "already running" in problem.message


def test_board_refused_label_writes_nothing(path, clock):
    """A refused label is returned as a problem and nothing is saved."""
    board, _ = SessionBoard.open(path, clock)
    assert isinstance(board.start("Bed 1234567", PLAN), ToolProblem)
    assert not path.exists()


def test_board_close_removes_and_saves(path, clock):
    """Closing a session removes it from the board and the file."""
    board, _ = SessionBoard.open(path, clock)
    board.start("Chair 1", PLAN)
    board.close("Chair 1")
    assert SessionBoard.open(path, clock)[0].sessions == ()


def test_board_end_infusion_keeps_first_end_time(path, clock):
    """Ending twice keeps the first recorded end."""
    board, _ = SessionBoard.open(path, clock)
    board.start("Chair 1", PLAN)
    clock.advance(40)
    board.end_infusion("Chair 1")
    clock.advance(5)
    assert board.end_infusion("Chair 1").infusion_ended_at == T0 + dt.timedelta(minutes=40)


def test_board_unknown_label_raises_key_error(path, clock):
    """Acting on a label with no running session is a programming error (KeyError)."""
    board, _ = SessionBoard.open(path, clock)
    with pytest.raises(KeyError):
        board.acknowledge("Chair 9")


def test_board_corrupt_file_kept_aside_and_fresh_board(path, clock):
    """Corrupt JSON: a clear error, an empty board, the file kept aside byte for byte, new saves work."""
    path.parent.mkdir(parents=True)
    path.write_text('{"format": 1, "sessions": [', encoding="utf-8")
    board, error = SessionBoard.open(path, clock)
    assert board.sessions == ()
    assert "the saved sessions are corrupt" in str(error)
    assert "kept as sessions.json.corrupt-20260302T090000Z" in str(error)
    kept = path.with_name("sessions.json.corrupt-20260302T090000Z")
    assert kept.read_text(encoding="utf-8") == '{"format": 1, "sessions": ['
    board.start("Chair 1", PLAN)
    assert json.loads(path.read_text(encoding="utf-8"))["sessions"][0]["label"] == "Chair 1"
    assert kept.exists()


@pytest.mark.parametrize(
    "content",
    ['[]', '{"format": 2, "sessions": []}', '{"format": 1, "sessions": [42]}',
     '{"format": 1, "sessions": [{"label": "Chair 1"}]}',
     '{"format": 1, "sessions": [{"label": "John Smith 1234567", "started_at": "2026-03-02T09:00:00+00:00",'
     ' "plan": {"infusion_minutes": 40, "vitals_interval_infusion_min": 10, "vitals_interval_recovery_min": 15,'
     ' "observation_min_minutes": 120}}]}'],
)  # fmt: skip
def test_board_structurally_bad_file_is_corrupt(path, clock, content):
    """Valid JSON of the wrong shape (format, session, label) is treated as corrupt and kept aside."""
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    board, error = SessionBoard.open(path, clock)
    assert board.sessions == ()
    assert isinstance(error, StorageError)
    assert not path.exists()


def _saved_with(path, clock, **changes):
    board, _ = SessionBoard.open(path, clock)
    board.start("Chair 1", PLAN)
    data = json.loads(path.read_text(encoding="utf-8"))
    session = data["sessions"][0]
    for key, value in changes.items():
        if key in session["plan"]:
            session["plan"][key] = value
        else:
            session[key] = value
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    ("changes", "reason"),
    [({"started_at": "yesterday"}, "not a time"), ({"started_at": "2026-03-02T09:00:00"}, "no time zone"),
     ({"infusion_ended_at": "2026-03-02T08:00:00+00:00"}, "ends before it starts"),
     ({"vitals_interval_infusion_min": 0}, "not a positive number"),
     ({"observation_min_minutes": True}, "not a positive number")],
)  # fmt: skip
def test_board_bad_session_fields_are_corrupt(path, clock, changes, reason):
    """Bad times, naive times, an end before the start and bad plan numbers are named in the error."""
    _saved_with(path, clock, **changes)
    _, error = SessionBoard.open(path, clock)
    assert reason in str(error)


def test_board_duplicate_labels_in_file_are_corrupt(path, clock):
    """A file listing one label twice is corrupt."""
    _saved_with(path, clock)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["sessions"].append(dict(data["sessions"][0]))
    path.write_text(json.dumps(data), encoding="utf-8")
    assert "appears twice" in str(SessionBoard.open(path, clock)[1])


def test_board_second_corrupt_file_does_not_replace_first(path, clock):
    """Two corrupt files set aside in the same second are both kept."""
    path.parent.mkdir(parents=True)
    for text in ("first", "second"):
        path.write_text(text, encoding="utf-8")
        SessionBoard.open(path, clock)
    kept = sorted(p.read_text(encoding="utf-8") for p in path.parent.glob("sessions.json.corrupt-*"))
    assert kept == ["first", "second"]


def test_board_unreadable_file_is_kept_aside(path, clock, monkeypatch):
    """An OSError reading the file gives an error naming the file and a fresh board."""
    path.parent.mkdir(parents=True)
    path.write_text("{}", encoding="utf-8")
    real_read = type(path).read_text

    def failing_read(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_read(self, *args, **kwargs)

    monkeypatch.setattr(type(path), "read_text", failing_read)
    board, error = SessionBoard.open(path, clock)
    assert board.sessions == ()
    assert "cannot read the saved sessions: Permission denied" in str(error)
    assert error.where == str(path)


def test_board_corrupt_file_that_cannot_be_moved_stays_untouched(path, clock, monkeypatch):
    """If the corrupt file cannot be set aside, the board is in memory only and never overwrites it."""
    path.parent.mkdir(parents=True)
    path.write_text("not json", encoding="utf-8")

    def no_replace(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(os, "replace", no_replace)
    board, error = SessionBoard.open(path, clock)
    assert board.path is None
    assert "could not be set aside: Read-only file system" in str(error)
    assert "will not be saved" in str(error)
    board.start("Chair 1", PLAN)
    assert path.read_text(encoding="utf-8") == "not json"


def test_board_save_failure_raises_and_keeps_session(path, clock, monkeypatch):
    """A failed save raises StorageError naming the file; the session still runs in memory."""
    board, _ = SessionBoard.open(path, clock)

    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)
    with pytest.raises(
        StorageError, match="cannot save the running sessions: No space left on device"
    ) as caught:
        board.start("Chair 1", PLAN)
    assert caught.value.where == str(path)
    assert [s.label for s in board.sessions] == ["Chair 1"]
    assert not path.exists()
    assert list(path.parent.iterdir()) == []  # the temp file was cleaned up


def test_board_save_is_atomic(path, clock, monkeypatch):
    """A crash while writing leaves the previous file intact."""
    board, _ = SessionBoard.open(path, clock)
    board.start("Chair 1", PLAN)
    before = path.read_text(encoding="utf-8")

    def crash(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(StorageError):
        board.start("Chair 2", PLAN)
    assert path.read_text(encoding="utf-8") == before
    assert sorted(os.listdir(path.parent)) == ["sessions.json"]
