"""The director's report: acknowledgements with their standing, overdue and stale steps, quiz results."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from handbook.records.acks import acknowledge
from handbook.records.profiles import create_profile
from handbook.records.quiz import record_quiz, score
from handbook.records.report import build_report, report_html, report_rows, report_text, write_csv
from tests.records.conftest import ROLES, START, sop, tamper

TODAY = dt.date(2026, 1, 20)
NOW = dt.datetime(2026, 1, 20, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def filled(store, nurse, library):
    """Ann acknowledged SOP-MON-001 v1 and failed the quiz; Bo did nothing."""
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    quiz = library.get("QUIZ-MON-001")
    record_quiz(store, nurse, quiz, score(quiz, [0, 1]))
    create_profile(store, "Bo Chen", "prescriber", START, ROLES)
    return store


def test_report_acknowledgement_rows(filled, library):
    """Who acknowledged which version when, on which workstation, and that it is current."""
    report = build_report(filled, library, TODAY, NOW)
    (row,) = report.acknowledgements
    assert (row.person, row.doc_id, row.version, row.standing) == ("Ann Lee", "SOP-MON-001", 1, "current")
    assert row.at == "2026-01-05T09:00:00+00:00"


def test_report_marks_stale_acknowledgement(filled, write_content):
    """After a material change the acknowledgement is reported stale and the step re-read."""
    changed = write_content(sop(2, "material", "H"), {1: sop(1)})
    report = build_report(filled, changed, TODAY, NOW)
    assert report.acknowledgements[0].standing == "stale: version 2 changed materially"
    ann = next(p for p in report.people if p.person.name == "Ann Lee")
    assert ann.stale == 1


def test_report_earlier_ack_superseded(filled, nurse, write_content, clock):
    """When a person acknowledged a later version, the earlier row says it was superseded."""
    changed = write_content(sop(2, "material", "H"), {1: sop(1)})
    clock.advance(days=1)
    acknowledge(filled, nurse, changed.get("SOP-MON-001"))
    report = build_report(filled, changed, TODAY, NOW)
    assert [r.standing for r in report.acknowledgements] == [
        "superseded by a later acknowledgement",
        "current",
    ]


def test_report_text_lists_overdue_and_quiz(filled, library):
    """The text report names overdue steps, the verification and each quiz result."""
    text = report_text(build_report(filled, library, TODAY, NOW))
    assert "records verified (4 rows, 1 workstation(s))" in text
    assert "Ann Lee · Nurse · started 2026-01-01 · 0 of 2 done (0%) · 2 overdue · 0 to re-read" in text
    assert "OVERDUE · knowledge check to pass" in text
    assert "QUIZ-MON-001 v1 · 0/2 (0%), pass mark 80% · FAIL" in text
    assert "Bo Chen · Prescriber" in text


def test_report_text_flags_altered_records(filled, library):
    """A report over altered records says so on its second line."""
    tamper(filled.path, "UPDATE events SET version = 3 WHERE kind = 'ack'")
    text = report_text(build_report(filled, library, TODAY, NOW))
    assert text.splitlines()[1].startswith("RECORDS ALTERED: workstation")


def test_report_csv_one_table(filled, library, tmp_path):
    """The CSV has a header, the records check, every reading step, acknowledgement and quiz."""
    path = tmp_path / "report.csv"
    write_csv(build_report(filled, library, TODAY, NOW), path)
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["section", "person", "role", "workstation", "document", "title", "version", "date",
                       "status", "detail"]  # fmt: skip
    assert [r[0] for r in rows[1:]] == ["records", "reading", "reading", "acknowledgement", "quiz"]
    assert rows[2][4] == "SOP-MON-001"
    assert rows[2][8] == "OVERDUE · knowledge check to pass"


def test_report_csv_cells_never_formulas(store, library):
    """A name starting with '=' is written so a spreadsheet shows it as text."""
    create_profile(store, "=cmd Ann", "nurse", START, ROLES)
    rows = report_rows(build_report(store, library, TODAY, NOW))
    assert rows[2][1] == "'=cmd Ann"


def test_report_html_escapes_and_has_sections(store, library):
    """The HTML has the four sections and escapes names."""
    create_profile(store, "Ann <b>Lee</b>", "nurse", START, ROLES)
    html = report_html(build_report(store, library, TODAY, NOW))
    assert "Ann &lt;b&gt;Lee&lt;/b&gt;" in html
    for heading in ("People", "Overdue and stale", "Acknowledgements", "Knowledge checks"):
        assert f"<h2>{heading}</h2>" in html
