"""Shared pieces of the onboarding GUI tests: the records test content, a store, a chosen nurse, a panel."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.library.loader import load_library
from handbook.records.db import RecordStore
from handbook.records.profiles import choose_profile, create_profile
from handbook.ui.onboarding.onboarding_panel import OnboardingPanel
from tests.records.conftest import CARD, PATH, QUIZ, ROLES, START, sop

TODAY = dt.date(2026, 1, 5)


def content(make_content, current: str | None = None, history: dict[int, str] | None = None):
    """The records test content: SOP-MON-001 (at `current`), a card, the nurse's path and a quiz."""
    files = {"sops/mon.md": current or sop(1), "cards/htn.md": CARD, "onboarding/path.md": PATH,
             "onboarding/quiz.md": QUIZ}  # fmt: skip
    files.update({f"history/SOP-MON-001/{v}.md": text for v, text in (history or {}).items()})
    return load_library(make_content(files)).library


@pytest.fixture
def library(make_content):
    """Version 1 of everything."""
    return content(make_content)


@pytest.fixture
def store():
    """This workstation's records."""
    with RecordStore.open() as opened:
        yield opened


@pytest.fixture
def nurse(store):
    """Ann Lee, chosen as the current person."""
    profile = create_profile(store, "Ann Lee", "nurse", START, ROLES)
    choose_profile(store, profile)
    return profile


def make_panel(qtbot, library, store):
    """A shown panel over the library and store, dated 2026-01-05."""
    panel = OnboardingPanel(library, store=store, today=TODAY)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def row_states(panel) -> list[str]:
    """The State column, top to bottom."""
    return [panel.table.item(r, 4).text() for r in range(panel.table.rowCount())]
