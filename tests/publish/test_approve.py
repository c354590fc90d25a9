"""Approving a document (record + history copy), the review queue, and packs carrying approved documents only."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import pytest

from handbook.cli import main
from handbook.errors import UpdateError
from handbook.library.loader import load_library
from handbook.library.validate import lint
from handbook.publish.approve import approve_document, review_queue
from tests.publish.conftest import TODAY, card, sop, write_tree

NOW = dt.datetime(2026, 6, 1, 10, 30, tzinfo=dt.UTC)


@pytest.fixture
def drafts(tmp_path):
    """A content folder with the SOP and the card as drafts (the template as shipped)."""
    return write_tree(
        tmp_path / "desk",
        {
            "sops/mon.md": sop(status="draft", approved_by='""'),
            "cards/htn.md": card(status="draft", approved_by='""'),
        },
    )


def test_approve_writes_record_and_history(drafts):
    """Approving records who, which version, when and the hash, and keeps the approved file in history."""
    result = approve_document(drafts, "SOP-MON-001", "Dr A. Example", now=NOW)
    doc = load_library(drafts).library.get("SOP-MON-001")
    assert doc.status == "approved"
    assert doc.approved_by == "Dr A. Example"
    assert (doc.approval.by, doc.approval.version, doc.approval.at) == (
        "Dr A. Example",
        1,
        "2026-06-01T10:30:00+00:00",
    )
    assert doc.approval.sha256 == doc.text_sha256 == result.record.sha256
    assert result.history_path == drafts / "history" / "SOP-MON-001" / "1.md"
    assert result.history_path.read_text() == (drafts / "sops" / "mon.md").read_text()
    assert "Keep the patient safe." in result.history_path.read_text()


def test_approve_refuses_empty_name_and_unknown_id(drafts):
    """An approval names a person and a document that exists."""
    with pytest.raises(UpdateError, match="name"):
        approve_document(drafts, "SOP-MON-001", "  ", now=NOW)
    with pytest.raises(UpdateError, match="no document 'SOP-NOPE-001'"):
        approve_document(drafts, "SOP-NOPE-001", "Dr A", now=NOW)


def test_approve_refuses_document_with_lint_errors(drafts):
    """A document with a broken link cannot be approved; the file is untouched."""
    path = drafts / "sops" / "mon.md"
    path.write_text(path.read_text() + "\nSee [x](SOP-NOPE-001).\n")
    before = path.read_bytes()
    with pytest.raises(UpdateError, match="lint error"):
        approve_document(drafts, "SOP-MON-001", "Dr A", now=NOW)
    assert path.read_bytes() == before


def test_approve_changed_text_needs_new_version(drafts):
    """Once approved, a changed text is approved again only under a raised version number."""
    approve_document(drafts, "SOP-MON-001", "Dr A", now=NOW)
    path = drafts / "sops" / "mon.md"
    path.write_text(path.read_text().replace("Keep the patient safe.", "Keep every patient safe."))
    with pytest.raises(UpdateError, match="raise the version"):
        approve_document(drafts, "SOP-MON-001", "Dr A", now=NOW)
    result = approve_document(drafts, "SOP-MON-001", "Dr A", new_version=True, now=NOW)
    assert result.record.version == 2
    assert sorted(p.name for p in (drafts / "history" / "SOP-MON-001").iterdir()) == ["1.md", "2.md"]
    assert "Keep the patient safe." in (drafts / "history" / "SOP-MON-001" / "1.md").read_text()
    _, problems = lint(drafts, TODAY)
    assert [p.code for p in problems if p.path.endswith("mon.md")] == []


def test_review_queue_lists_drafts_changes_and_lint(drafts):
    """The queue puts lint problems first, then approvals the text no longer matches, then drafts."""
    approve_document(drafts, "SOP-MON-001", "Dr A", now=NOW)
    path = drafts / "sops" / "mon.md"
    path.write_text(path.read_text().replace("Keep the patient safe.", "See [x](SOP-NOPE-001)."))
    items = review_queue(drafts, TODAY)
    assert [(i.reason, i.doc_id) for i in items] == [
        ("lint", "SOP-MON-001"),
        ("changed", "SOP-MON-001"),
        ("draft", "CARD-HTN-001"),
    ]
    assert "changed since approval by Dr A on 2026-06-01" in items[1].detail


def test_review_queue_lists_due_documents(drafts):
    """An approved document whose review date is near is due."""
    approve_document(drafts, "SOP-MON-001", "Dr A", now=NOW)
    items = review_queue(drafts, dt.date(2026, 12, 20))
    assert ("due", "SOP-MON-001") in [(i.reason, i.doc_id) for i in items]


def test_cli_approve_and_review(drafts, capsys):
    """`handbook approve` records the approval; `handbook review --json` lists what still waits."""
    assert main(["approve", "CARD-HTN-001", "--by", "Dr A", "--content", str(drafts)]) == 0
    assert "approved CARD-HTN-001 version 1 by Dr A" in capsys.readouterr().out
    assert main(["review", "--content", str(drafts), "--json", "--today", "2026-06-01"]) == 1
    rows = json.loads(capsys.readouterr().out)
    # The card is approved, so the draft SOP no longer stands in for the consensus point (C001).
    assert [(r["reason"], r["id"]) for r in rows] == [("lint", ""), ("draft", "SOP-MON-001")]
    assert "C001" in rows[0]["detail"]
    assert main(["approve", "SOP-NOPE-001", "--by", "Dr A", "--content", str(drafts)]) == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_pack_leaves_drafts_out(drafts, keys, tmp_path):
    """A pack carries the approved documents only; drafts are neither packed nor indexed."""
    from handbook.publish.build import build_pack

    approve_document(drafts, "CARD-HTN-001", "Dr A", now=NOW)
    approve_document(drafts, "SOP-MON-001", "Dr A", now=NOW)
    (drafts / "sops" / "extra.md").write_text(
        sop(id="SOP-EXT-001", status="draft", approved_by='""', consensus="[]").replace("approval: ~\n", "")
    )
    result = build_pack(drafts, keys[0], tmp_path / "p.zip", version="2026.1", today=TODAY)
    with zipfile.ZipFile(result.path) as archive:
        names = archive.namelist()
    assert "content/sops/mon.md" in names
    assert "content/cards/htn.md" in names
    assert "content/sops/extra.md" not in names
    assert "draft SOP-EXT-001 left out (not approved)" in result.warnings


def test_pack_refuses_content_without_approved_document(drafts, keys, tmp_path):
    """The template as shipped (all drafts) cannot be published."""
    from handbook.publish.build import build_pack

    with pytest.raises(UpdateError, match="no approved document"):
        build_pack(drafts, keys[0], tmp_path / "p.zip", version="2026.1", today=TODAY)
    assert not (tmp_path / "p.zip").exists()
