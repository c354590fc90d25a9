"""Onboarding records (Qt-free): staff profiles, read-and-acknowledge, knowledge checks, the director's report.

Everything lives in one SQLite file in the user data folder (`records.sqlite3`), as an append-only,
hash-chained log per workstation. No patient data, ever: a profile is a staff name, a role and a start date.

Modules (import each directly: `from handbook.records.db import RecordStore`):

- `db.RecordStore.open(path=None)`: the records; `.verify()` checks every chain.
- profiles: `create_profile`, `update_profile`, `local_profiles`, `current_profile`, `choose_profile`, `Profile`.
- `acknowledge(store, profile, doc)`; `ack_state(store, person, doc, library) -> AckState`.
- `dashboard(store, person, library, today) -> Progress` (reading path, next step, overdue, stale).
- quizzes: `score(quiz, answers) -> QuizOutcome`, `record_quiz(store, profile, quiz, outcome)`.
- `build_report(store, library)`, `report_text/report_html/write_csv`; `export_records`, `merge_exports`.
"""

# No re-exports: each module is imported by name, so `handbook lint` registers the `report` parser without
# paying for SQLite, and a type checker and import-linter see every import.
