"""Version history of a document and the review-due list."""

from __future__ import annotations

import datetime as dt

from handbook.library.loader import load_library
from handbook.publish.history import comparable_text, document_versions, due_for_review
from tests.publish.conftest import card, sop, write_tree


def test_document_versions_lists_current_then_history_newest_first(tmp_path):
    """The current file comes first, then history/ID/N.md files by falling version, with change notes."""
    root = write_tree(tmp_path / "content", {
        "sops/mon.md": sop(version=3, change_note="Third."),
        "history/SOP-MON-001/1.md": sop(version=1, change_note="First."),
        "history/SOP-MON-001/2.md": sop(version=2, change="editorial", change_note="Second."),
    })  # fmt: skip
    versions = document_versions(load_library(root).library, "SOP-MON-001")
    assert [(d.version, d.change, d.change_note) for d in versions.versions] == [
        (3, "material", "Third."), (2, "editorial", "Second."), (1, "material", "First.")
    ]  # fmt: skip
    assert versions.problems == ()
    assert versions.get(2).change_note == "Second."


def test_document_versions_reports_misfiled_history(tmp_path):
    """A history file of another document or named after the wrong version is reported, not hidden."""
    root = write_tree(tmp_path / "content", {
        "sops/mon.md": sop(version=3),
        "history/SOP-MON-001/1.md": card(),
        "history/SOP-MON-001/7.md": sop(version=2),
        "history/SOP-MON-001/5.md": "no front matter",
    })  # fmt: skip
    versions = document_versions(load_library(root).library, "SOP-MON-001")
    assert [d.version for d in versions.versions] == [3, 2]
    messages = sorted(p.message for p in versions.problems)
    assert any("holds 'CARD-HTN-001'" in m for m in messages)
    assert any("should be 2.md" in m for m in messages)
    assert any("front matter" in m for m in messages)


def test_document_versions_of_document_without_history(tmp_path):
    """A document with no history folder has just its current version; an unknown id has none."""
    library = load_library(write_tree(tmp_path / "content", {"sops/mon.md": sop()})).library
    assert [d.version for d in document_versions(library, "SOP-MON-001").versions] == [1]
    assert document_versions(library, "SOP-NOPE-001").versions == ()


def test_history_files_are_not_loaded_as_documents(tmp_path):
    """The loader skips history/, so an old version never shows as a second current document."""
    root = write_tree(tmp_path / "content", {"sops/mon.md": sop(version=2),
                                             "history/SOP-MON-001/1.md": sop(version=1)})  # fmt: skip
    result = load_library(root)
    assert [d.version for d in result.library.documents] == [2]
    assert not [p for p in result.problems if p.code == "H005"]


def test_comparable_text_includes_values(tmp_path):
    """The compared text carries the document's values, so a changed threshold shows in a redline."""
    values = "{bp_gate: {value: 140, unit: mmHg, label: BP gate, source: Clinic reference}}"
    root = write_tree(tmp_path / "content", {"sops/mon.md": sop(values=values)})
    text = comparable_text(load_library(root).library.get("SOP-MON-001"))
    assert "BP gate: 140 mmHg (source: Clinic reference)" in text
    assert "## Procedure" in text


def test_due_for_review_lists_overdue_and_near_documents(tmp_path):
    """Approved documents past or within the window of their review date are listed, soonest first."""
    root = write_tree(tmp_path / "content", {
        "sops/mon.md": sop(review_by="2026-07-10"),
        "cards/htn.md": card(review_by="2026-05-01"),
        "cards/far.md": card(id="CARD-FAR-001", review_by="2027-05-01"),
        "cards/draft.md": card(id="CARD-DRF-001", status="draft", review_by="2026-05-01"),
    })  # fmt: skip
    library = load_library(root).library
    due = due_for_review(library, dt.date(2026, 6, 20), window_days=30)
    assert [d.id for d in due] == ["CARD-HTN-001", "SOP-MON-001"]
    assert due_for_review(library, dt.date(2026, 6, 20), window_days=0) == [library.get("CARD-HTN-001")]
