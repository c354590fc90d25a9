"""Shared fixtures: offscreen Qt, user folders in tmp, and a builder for small content trees."""

from __future__ import annotations

import datetime as dt
import os
import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from handbook.errors import ContentError
from handbook.library.frontmatter_edit import approve_text

# Before any QApplication exists: without a display Qt would abort the process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

INFO_YAML = """\
title: Test handbook
edition: "T1"
released: 2026-01-01
review_warning_days: 30
roles: {nurse: Nurse, prescriber: Prescriber, intake: Intake, director: Director}
categories: {monitoring: Monitoring, emergencies: Emergencies, reference: Reference, onboarding: Onboarding}
"""
CONSENSUS_YAML = """\
points:
  - {id: APA-MONITOR, title: Monitoring, meaning: Monitor before during and after.}
"""


def front_matter(**overrides: object) -> str:
    """A valid SOP header, with any field replaced (None removes it)."""
    fields: dict[str, object] = {
        "id": "SOP-MON-001",
        "title": "Monitoring during the infusion",
        "kind": "sop",
        "category": "monitoring",
        "audience": "[nurse]",
        "version": 1,
        "status": "approved",
        "effective": "2026-01-01",
        "review_by": "2027-01-01",
        "owner": "Nurse manager",
        "approved_by": "Medical director",
        "consensus": "[APA-MONITOR]",
        "summary": "How the infusion is monitored.",
        "keywords": "[BP, vital signs]",
        "change": "material",
        "change_note": "First version.",
    }
    fields.update(overrides)
    if fields.get("status") == "approved":
        # The line `recorded()` fills in with the approval record, so body line numbers stay put.
        fields.setdefault("approval", "~")
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n"


SOP_BODY = """\
## Purpose

Keep the patient safe.

## Scope

All infusions.

## Responsibilities

The nurse records vital signs.

## Procedure

### Vital signs

1. The nurse records BP, HR and SpO2.

## References

- Clinic reference.
"""


APPROVED_AT = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)


def recorded(name: str, text: str) -> str:
    """A document claiming `status: approved` gets the approval record lint requires (by its
    `approved_by`), as `handbook approve` would write it; any other file is returned unchanged.
    """
    if not name.endswith(".md") or "\nstatus: approved" not in text or "\napproval: {" in text:
        return text
    by = re.search(r"^approved_by: *(.+)$", text, re.MULTILINE)
    try:
        return approve_text(text, by.group(1).strip() if by else "Medical director", APPROVED_AT)[0]
    except ContentError:
        return text  # a header broken on purpose: lint reports it as it is


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every user folder at tmp so no test touches a real profile."""
    home = tmp_path / "user"
    monkeypatch.setenv("HANDBOOK_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("HANDBOOK_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(home / "cache"))
    return home


ContentBuilder = Callable[[dict[str, str]], Path]


@pytest.fixture
def make_content(tmp_path: Path) -> ContentBuilder:
    """Build a content folder from {relative path: text}; handbook.yaml and consensus.yaml are added."""

    def build(files: dict[str, str]) -> Path:
        root = tmp_path / "content"
        root.mkdir(exist_ok=True)
        files = {"handbook.yaml": INFO_YAML, "consensus.yaml": CONSENSUS_YAML, **files}
        for name, text in files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(recorded(name, textwrap.dedent(text)), encoding="utf-8")
        return root

    return build


def content_of(library, problems=()):
    """Already loaded content for the clinic core, presented as if it were the bundled content."""
    from handbook.publish.state import ActiveContent, LoadedContent

    return LoadedContent(ActiveContent(library.root, None, frozenset(), None), library, tuple(problems))
