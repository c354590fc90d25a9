"""What changed between two libraries."""

from __future__ import annotations

from handbook.library.loader import load_library
from handbook.publish.changes import changes_between, without_documents
from tests.publish.conftest import card, sop, write_tree


def test_changes_between_lists_added_removed_changed(tmp_path):
    """Changed documents carry both versions, the flag and the note; added and removed are listed."""
    old = load_library(write_tree(tmp_path / "old", {"sops/mon.md": sop(), "cards/htn.md": card()})).library
    new = load_library(write_tree(tmp_path / "new", {
        "sops/mon.md": sop(version=2, change="editorial", change_note="Clearer wording."),
        "cards/res.md": card(id="CARD-RES-001", title="Respiratory", change_note="New card."),
    })).library  # fmt: skip
    summary = changes_between(old, new)
    assert [(c.doc_id, c.old_version, c.new_version, c.change) for c in summary.changed] == [
        ("SOP-MON-001", 1, 2, "editorial")
    ]
    assert [c.doc_id for c in summary.added] == ["CARD-RES-001"]
    assert [c.doc_id for c in summary.removed] == ["CARD-HTN-001"]
    assert summary.material == (summary.added[0],)
    assert summary.lines()[0] == (
        "changed  SOP-MON-001 v1 → v2 [editorial]: Monitoring during the infusion — Clearer wording."
    )


def test_changes_between_flags_text_change_without_version_bump(tmp_path):
    """Bytes changed but version not raised is listed as changed and flagged in the text."""
    old = load_library(write_tree(tmp_path / "old", {"sops/mon.md": sop()})).library
    new = load_library(write_tree(tmp_path / "new", {"sops/mon.md": sop(summary="Other.")})).library
    summary = changes_between(old, new)
    assert not summary.changed[0].version_raised
    assert "(version not raised)" in summary.lines()[0]


def test_changes_between_same_content_is_empty(tmp_path):
    """Identical libraries have no changes."""
    old = load_library(write_tree(tmp_path / "old", {"sops/mon.md": sop()})).library
    new = load_library(write_tree(tmp_path / "new", {"sops/mon.md": sop()})).library
    assert changes_between(old, new).is_empty
    assert changes_between(old, new).lines() == ["no document changed"]


def test_without_documents_hides_ids(tmp_path):
    """Hidden ids are gone from the library; the rest is untouched."""
    library = load_library(write_tree(tmp_path / "c", {"sops/mon.md": sop(), "cards/htn.md": card()})).library
    assert [d.id for d in without_documents(library, {"CARD-HTN-001"}).documents] == ["SOP-MON-001"]
    assert without_documents(library, {"SOP-NONE-001"}) is library
