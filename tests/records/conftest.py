"""Records fixtures: a small content tree with a reading path, versions in the history, a quiz; a store."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from handbook.library.catalog import Library
from handbook.library.loader import load_library
from handbook.records.db import RecordStore
from handbook.records.profiles import Profile, create_profile
from tests.conftest import SOP_BODY, front_matter

START = dt.date(2026, 1, 1)
ROLES = ("nurse", "prescriber", "intake", "director")
LINE = "1. The nurse records BP, HR and SpO2."
CARD_BODY = """\
## Act now

1. Recheck BP and call the prescriber.

## References

- Clinic reference.
"""
QUIZ_BODY = """\
## How often are vital signs recorded?

- [ ] Never
- [x] Every 15 minutes
- [ ] Once

Explanation: see [Vital signs](SOP-MON-001#vital-signs).

## Who records them?

- [x] The nurse
- [ ] The escort

Explanation: see [Responsibilities](SOP-MON-001#responsibilities).
"""
PATH = front_matter(
    id="PATH-NUR-001", kind="path", title="'Reading path: nurse'", category="onboarding", consensus="[]",
    role="nurse", reading="[{doc: SOP-MON-001, due_days: 7}, {doc: CARD-HTN-001, due_days: 14}]",
) + "\nRead these in order.\n"  # fmt: skip
QUIZ = front_matter(
    id="QUIZ-MON-001", kind="quiz", title="'Knowledge check: monitoring'", category="onboarding", consensus="[]",
    covers="SOP-MON-001", pass_mark=80,
) + "\n" + QUIZ_BODY  # fmt: skip
CARD = (
    front_matter(id="CARD-HTN-001", kind="card", category="emergencies", title="High BP", consensus="[]")
    + CARD_BODY
)


def sop(version: int, change: str = "material", words: str = "", **fields: object) -> str:
    """SOP-MON-001 at a version; `words` are appended to the vital-signs line so versions differ."""
    text = (
        front_matter(version=version, change=change, change_note=f"Version {version}.", **fields) + SOP_BODY
    )
    return text.replace(LINE, f"{LINE} {words}".rstrip())


class Clock:
    """A settable UTC clock for the store."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move the clock forward."""
        self.now += dt.timedelta(**delta)


Writer = Callable[..., Library]


@pytest.fixture
def write_content(make_content) -> Writer:
    """Write the content tree: SOP-MON-001 at `current`, the given history versions, path, card, quiz."""

    def write(current: str | None = None, history: dict[int, str] | None = None, **extra: str) -> Library:
        files = {"sops/mon.md": current or sop(1), "cards/htn.md": CARD, "onboarding/path.md": PATH,
                 "onboarding/quiz.md": QUIZ, **extra}  # fmt: skip
        for version, text in (history or {}).items():
            files[f"history/SOP-MON-001/{version}.md"] = text
        return load_library(make_content(files)).library

    return write


@pytest.fixture
def library(write_content: Writer) -> Library:
    """Version 1 of everything."""
    return write_content()


@pytest.fixture
def clock() -> Clock:
    """The store's clock, starting 2026-01-05 09:00 UTC."""
    return Clock()


@pytest.fixture
def store(clock: Clock):
    """This workstation's records in the isolated user data folder."""
    with RecordStore.open(clock=clock) as opened:
        yield opened


@pytest.fixture
def nurse(store: RecordStore) -> Profile:
    """Ann Lee, a nurse who started on 2026-01-01."""
    return create_profile(store, "Ann Lee", "nurse", START, ROLES)


def tamper(path: Path, sql: str, *args: object) -> None:
    """Change the records behind the handbook's back, as someone with a SQLite tool would."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("DROP TRIGGER IF EXISTS events_no_update")
    connection.execute("DROP TRIGGER IF EXISTS events_no_delete")
    connection.execute(sql, args)
    connection.close()


def edit_export(path: Path, change: Callable[[dict], None]) -> None:
    """Load an export file, change it, write it back."""
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")
