"""Onboarding records (Qt-free): staff profiles, read-and-acknowledge, knowledge checks, the director's report.

Everything lives in one SQLite file in the user data folder (`records.sqlite3`), as an append-only,
hash-chained log per workstation. No patient data, ever: a profile is a staff name, a role and a start date.

Public API (the app and the CLI use these):

- `RecordStore.open(path=None)`: the records (`db.py`); `.verify()` checks every chain.
- profiles: `create_profile`, `update_profile`, `local_profiles`, `current_profile`, `choose_profile`, `Profile`.
- `acknowledge(store, profile, doc)`; `ack_state(store, person, doc, library) -> AckState`.
- `dashboard(store, person, library, today) -> Progress` (reading path, next step, overdue, stale).
- quizzes: `score(quiz, answers) -> QuizOutcome`, `record_quiz(store, profile, quiz, outcome)`.
- `build_report(store, library)`, `report_text/report_html/write_csv`; `export_records`, `merge_exports`.
"""

from __future__ import annotations

import importlib
from typing import Any

# Imported on first use (PEP 562): `handbook lint` registers the `report` parser through this package and
# must not pay for SQLite, the history reader or the report on every start.
_EXPORTS = {
    "acks": ("AcknowledgeError", "ChangesSince", "acknowledge", "changes_since"),
    "chain": ("ChainProblem", "ChainReport", "Event"),
    "db": ("RecordStore", "records_path"),
    "merge": ("MergeRefused", "MergeResult", "export_records", "merge_exports", "read_export"),
    "profiles": ("Person", "Profile", "ProfileError", "check_profile", "choose_profile", "create_profile",
                 "current_profile", "local_profiles", "update_profile"),
    "progress": ("AckState", "PathItem", "Progress", "ack_state", "dashboard"),
    "quiz": ("QuizOutcome", "QuizStanding", "quiz_for", "record_quiz", "score"),
    "report": ("Report", "build_report", "report_html", "report_text", "write_csv"),
}  # fmt: skip
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'handbook.records' has no attribute '{name}'")
    return getattr(importlib.import_module(f"handbook.records.{module}"), name)
