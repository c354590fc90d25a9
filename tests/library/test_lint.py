"""Every lint problem kind, each from a failing fixture, with its path and line."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.library.model import Severity
from handbook.library.validate import coverage, lint
from tests.conftest import SOP_BODY, front_matter

TODAY = dt.date(2026, 6, 1)

CARD = front_matter(id="CARD-HTN-001", kind="card", category="emergencies", title="Hypertension") + (
    "## Act now\n\n1. Recheck BP.\n\n## References\n\n- Clinic reference.\n"
)


def problems_of(make_content, files, today=TODAY):
    root = make_content(files)
    _, problems = lint(root, today=today)
    return [(p.path, p.line, p.code) for p in problems]


def test_lint_clean_content_has_no_problems(make_content):
    """A valid SOP in a complete tree lints clean."""
    assert problems_of(make_content, {"mon.md": front_matter() + SOP_BODY}) == []


def test_lint_reports_missing_front_matter(make_content):
    """H001 on line 1 when the file does not start with ---."""
    assert ("content/x.md", 1, "H001") in problems_of(
        make_content, {"mon.md": front_matter() + SOP_BODY, "x.md": "# Just a heading\n"}
    )


def test_lint_reports_malformed_yaml_line(make_content):
    """H001 points at the YAML line that is malformed."""
    text = "---\nid: SOP-MON-002\ntitle: [oops\nkind: sop\n---\n"
    found = problems_of(make_content, {"mon.md": front_matter() + SOP_BODY, "x.md": text})
    assert [p for p in found if p[0] == "content/x.md"][0][2] == "H001"
    assert [p for p in found if p[0] == "content/x.md"][0][1] in (3, 4)


def test_lint_reports_missing_field(make_content):
    """H002 on the document's first line when a required field is absent."""
    found = problems_of(make_content, {"mon.md": front_matter(owner=None) + SOP_BODY})
    assert ("content/mon.md", 1, "H002") in found


def test_lint_reports_mistyped_field(make_content):
    """H003 on the line of a field with the wrong type."""
    found = problems_of(make_content, {"mon.md": front_matter(version="two") + SOP_BODY})
    assert ("content/mon.md", 7, "H003") in found


def test_lint_reports_unknown_role(make_content):
    """H003 for an audience role that handbook.yaml does not list."""
    found = problems_of(make_content, {"mon.md": front_matter(audience="[janitor]") + SOP_BODY})
    assert ("content/mon.md", 6, "H003") in found


def test_lint_reports_bad_id_pattern(make_content):
    """H004 when the id does not fit its kind's prefix."""
    found = problems_of(make_content, {"mon.md": front_matter(id="MON-1") + SOP_BODY})
    assert ("content/mon.md", 2, "H004") in found


def test_lint_reports_unknown_consensus_id(make_content):
    """H006 for a consensus id not in consensus.yaml."""
    found = problems_of(
        make_content, {"mon.md": front_matter(consensus="[APA-MONITOR, APA-NOPE]") + SOP_BODY}
    )
    assert ("content/mon.md", 13, "H006") in found


def test_lint_reports_missing_section(make_content):
    """S001 when an SOP lacks a required section."""
    body = SOP_BODY.replace("## Scope\n\nAll infusions.\n", "")
    found = problems_of(make_content, {"mon.md": front_matter() + body})
    assert ("content/mon.md", 20, "S001") in found


def test_lint_reports_number_without_source(make_content):
    """S001 when a card states a clinical number and its References section is empty."""
    card = CARD.replace("1. Recheck BP.", "1. Recheck BP in 5 min.").replace("- Clinic reference.\n", "")
    found = problems_of(make_content, {"mon.md": front_matter() + SOP_BODY, "card.md": card})
    assert any(p[0] == "content/card.md" and p[2] == "S001" for p in found)


def test_lint_reports_broken_cross_link(make_content):
    """L001 with the line of a link to an unknown document."""
    body = SOP_BODY.replace("Keep the patient safe.", "See [cards](CARD-XYZ-001).")
    found = problems_of(make_content, {"mon.md": front_matter() + body})
    assert ("content/mon.md", 22, "L001") in found


def test_lint_reports_broken_anchor(make_content):
    """L002 for a link to a section that does not exist."""
    body = SOP_BODY.replace(
        "Keep the patient safe.", "See [x](SOP-MON-001#nowhere) and [y](SOP-MON-001#vital-signs)."
    )
    found = problems_of(make_content, {"mon.md": front_matter() + body})
    assert [p for p in found if p[2].startswith("L")] == [("content/mon.md", 22, "L002")]


def test_lint_reports_unknown_value(make_content):
    """V001 for a {{name}} no document defines."""
    body = SOP_BODY.replace("Keep the patient safe.", "Stop above {{bp_stop}} mmHg.")
    found = problems_of(make_content, {"mon.md": front_matter() + body})
    assert ("content/mon.md", 22, "V001") in found


def test_lint_reports_value_without_source(make_content):
    """V002 for a value with no source."""
    header = front_matter(values="{bp_stop: {value: 180, unit: mmHg}}")
    found = problems_of(make_content, {"mon.md": header + SOP_BODY})
    assert ("content/mon.md", 18, "V002") in found


def test_lint_reports_overdue_review(make_content):
    """R001 on the review_by line of an approved document past its date."""
    found = problems_of(make_content, {"mon.md": front_matter() + SOP_BODY}, today=dt.date(2027, 2, 1))
    assert ("content/mon.md", 10, "R001") in found


def test_lint_warns_review_due_soon(make_content):
    """R002 is a warning, not an error, within the warning window."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    _, problems = lint(root, today=dt.date(2026, 12, 20))
    assert [(p.code, p.severity) for p in problems] == [("R002", Severity.WARNING)]


def test_lint_reports_uncovered_consensus_point(make_content):
    """C001 when no approved document implements a point, even though a draft would."""
    card = front_matter(id="CARD-HTN-001", kind="card", category="emergencies", consensus="[]")
    files = {"mon.md": front_matter(status="draft") + SOP_BODY, "card.md": card + "## References\n\n- Ref.\n"}
    found = problems_of(make_content, files)
    assert ("content/consensus.yaml", 0, "C001") in found


def test_lint_reports_quiz_without_single_answer(make_content):
    """Q001 on the question's line when it has two [x] answers."""
    quiz = front_matter(id="QUIZ-MON-001", kind="quiz", category="onboarding", consensus="[]")
    quiz = quiz.replace("---\n", "---\ncovers: SOP-MON-001\npass_mark: 80\n", 1)
    quiz += "## How often?\n\n- [x] Often\n- [x] Always\n\nExplanation: see [x](SOP-MON-001#vital-signs).\n"
    found = problems_of(make_content, {"mon.md": front_matter() + SOP_BODY, "quiz.md": quiz})
    assert [p for p in found if p[0] == "content/quiz.md"] == [("content/quiz.md", 22, "Q001")]


@pytest.mark.parametrize("status", ["approved", "draft"])
def test_coverage_lists_only_approved_documents(make_content, status):
    """Coverage names a document under its points only when it is approved."""
    from handbook.library.loader import load_library

    root = make_content({"mon.md": front_matter(status=status) + SOP_BODY})
    rows = coverage(load_library(root).library)
    assert rows[0].documents == (("SOP-MON-001",) if status == "approved" else ())
