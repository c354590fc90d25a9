"""The content shipped with the app lints clean in strict mode and covers every consensus point."""

from __future__ import annotations

from handbook import paths
from handbook.library.validate import coverage, lint


def test_shipped_content_lints_clean_strict():
    """Zero problems, warnings included, in the bundled content folder."""
    _, problems = lint(paths.bundled_content_dir())
    assert [str(p) for p in problems] == []


def test_shipped_content_covers_every_consensus_point():
    """Every APA consensus point has at least one document: approved, or a draft of the template."""
    library, _ = lint(paths.bundled_content_dir())
    assert library.consensus
    assert [row.point_id for row in coverage(library) if not (row.documents or row.drafts)] == []


def test_shipped_content_claims_no_approval_it_lacks():
    """Every shipped document is either a draft or approved with a record matching its text."""
    library, _ = lint(paths.bundled_content_dir())
    assert {
        doc.id: doc.approval_state
        for doc in library.documents
        if doc.approval_state not in ("draft", "approved")
    } == {}
