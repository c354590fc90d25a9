"""Approval is a recorded act: lint fails on `approved` without a matching record; drafts never count."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest

from handbook import paths
from handbook.cli import main
from handbook.library.approval import text_hash
from handbook.library.frontmatter import split
from handbook.library.frontmatter_edit import approve_text, rewrite_front_matter
from handbook.library.loader import load_library
from handbook.library.render import render_header
from handbook.library.validate import coverage, lint
from tests.conftest import SOP_BODY, front_matter

AT = dt.datetime(2026, 11, 30, 18, 4, tzinfo=dt.UTC)


def codes(root: Path) -> list[tuple[str, int, str]]:
    _, problems = lint(root, today=dt.date(2026, 6, 1))
    return [(p.path, p.line, p.code) for p in problems]


def write_raw(root: Path, name: str, text: str) -> Path:
    """Write a file as given (make_content would add the approval record)."""
    path = root / name
    path.write_text(text, encoding="utf-8")
    return path


def test_approval_missing_record_fails_lint(make_content):
    """A001 on the status line of a document that says approved but carries no record."""
    root = make_content({})
    write_raw(root, "mon.md", front_matter(approval=None) + SOP_BODY)
    assert ("content/mon.md", 8, "A001") in codes(root)


def test_approval_recorded_document_lints_clean(make_content):
    """A document approved with `approve_text` lints clean and knows who approved which version."""
    root = make_content({})
    text, record = approve_text(front_matter(approval=None) + SOP_BODY, "Dr A. Example", AT)
    write_raw(root, "mon.md", text.replace("approved_by: Medical director", "approved_by: Dr A. Example"))
    assert codes(root) == []
    doc = load_library(root).library.get("SOP-MON-001")
    assert (doc.approval.by, doc.approval.version, doc.approval.at) == (
        "Dr A. Example",
        1,
        "2026-11-30T18:04:00+00:00",
    )
    assert doc.approval.sha256 == record.sha256 == doc.text_sha256
    assert doc.approved_by == "Dr A. Example"


def test_approval_changed_text_fails_lint(make_content):
    """A003 'changed since approval' when one word of the body differs from what was approved."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    path = root / "mon.md"
    path.write_text(path.read_text().replace("Keep the patient safe.", "Keep patients safe."))
    _, problems = lint(root, today=dt.date(2026, 6, 1))
    assert [(p.code, p.line) for p in problems] == [("A003", 8)]
    assert "changed since approval by Medical director on 2026-01-01" in problems[0].message


def test_approval_changed_value_fails_lint(make_content):
    """Changing a front-matter value (a clinical number) voids the approval too."""
    root = make_content({"mon.md": front_matter(summary="Old summary.") + SOP_BODY})
    path = root / "mon.md"
    path.write_text(path.read_text().replace("Old summary.", "New summary."))
    assert [c for _, _, c in codes(root)] == ["A003"]


def test_approval_for_other_version_fails_lint(make_content):
    """A002 when the record names another version than the document's."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    path = root / "mon.md"
    path.write_text(path.read_text().replace("version: 1, at:", "version: 2, at:"))
    assert [c for _, _, c in codes(root)] == ["A002"]


def test_approval_approver_mismatch_fails_lint(make_content):
    """A004 when approved_by names someone else than the record."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    path = root / "mon.md"
    path.write_text(path.read_text().replace("approved_by: Medical director", "approved_by: Somebody"))
    assert [c for _, _, c in codes(root)] == ["A004"]


def test_approval_malformed_record_is_a_problem(make_content):
    """A005 for a record missing its hash; the document still claims approval without one (A001)."""
    root = make_content({})
    write_raw(root, "mon.md", front_matter(approval="{by: X, version: 1}") + SOP_BODY)
    assert {c for _, _, c in codes(root)} == {"A005", "A001"}


def test_approval_comments_and_key_order_do_not_count():
    """The hash covers what a reader relies on, not comments or the approval fields themselves."""
    text = front_matter(approval=None) + SOP_BODY
    header, _ = split(text, "x")
    commented = rewrite_front_matter(text, lambda data: data.yaml_add_eol_comment("owns it", "owner"))
    again, _ = split(commented.replace("status: approved", "status: draft"), "x")
    assert "# owns it" in commented
    assert text_hash(header.fields, header.body) == text_hash(again.fields, again.body)


def test_approval_round_trip_keeps_every_shipped_header():
    """Rewriting front matter with no change gives every shipped document back byte for byte."""
    root = paths.bundled_content_dir()
    files = [p for p in root.rglob("*.md") if p.name.lower() != "readme.md"]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert rewrite_front_matter(text, lambda data: None) == text, path


def test_draft_needs_no_approver(make_content):
    """A draft may leave approved_by empty: nobody has approved it."""
    root = make_content({"mon.md": front_matter(status="draft", approved_by='""') + SOP_BODY})
    assert codes(root) == []


def test_coverage_counts_drafts_apart(make_content):
    """Coverage lists approved documents and, separately, the drafts that would cover a point."""
    card = front_matter(id="CARD-HTN-001", kind="card", category="emergencies") + "## References\n\n- R.\n"
    root = make_content({"mon.md": front_matter(status="draft") + SOP_BODY, "card.md": card})
    rows = coverage(load_library(root).library)
    assert (rows[0].documents, rows[0].drafts) == (("CARD-HTN-001",), ("SOP-MON-001",))


def test_coverage_json_lists_drafts(make_content, capsys):
    """`coverage --json` gives per point the approved documents and the drafts; exit 1 when uncovered."""
    root = make_content({"mon.md": front_matter(status="draft") + SOP_BODY})
    assert main(["coverage", str(root), "--json"]) == 1
    points = json.loads(capsys.readouterr().out)["points"]
    assert points == [
        {"id": "APA-MONITOR", "title": "Monitoring", "documents": [], "drafts": ["SOP-MON-001"]}
    ]


def test_template_mode_shows_drafts(make_content):
    """With no approved document at all, staff see the drafts (template mode); coverage still counts none."""
    root = make_content({"mon.md": front_matter(status="draft") + SOP_BODY})
    library, problems = lint(root, today=dt.date(2026, 6, 1))
    assert library.is_template
    assert [d.id for d in library.current()] == ["SOP-MON-001"]
    assert library.approved() == []
    assert problems == []


def test_template_mode_without_any_document_for_a_point_fails(make_content):
    """Template mode excuses drafts standing in for approval, not a point nothing covers."""
    root = make_content({"mon.md": front_matter(status="draft", consensus="[]") + SOP_BODY})
    assert ("content/consensus.yaml", 0, "C001") in codes(root)


def test_partly_approved_library_hides_drafts(make_content):
    """Once something is approved, drafts are no longer shown to staff."""
    card = front_matter(id="CARD-HTN-001", kind="card", category="emergencies") + "## References\n\n- R.\n"
    root = make_content({"mon.md": front_matter(status="draft") + SOP_BODY, "card.md": card})
    library = load_library(root).library
    assert not library.is_template
    assert [d.id for d in library.current()] == ["CARD-HTN-001"]


def test_draft_mark_on_screen(make_content):
    """The reader's id/version line says DRAFT and a banner says it is not approved."""
    root = make_content({"mon.md": front_matter(status="draft") + SOP_BODY})
    doc = load_library(root).library.get("SOP-MON-001")
    header = render_header(doc, dt.date(2026, 6, 1))
    assert "SOP-MON-001 · Version 1" in header
    assert "DRAFT" in header
    assert "Draft: not approved for clinical use." in header


def _mark_drafts():
    script = Path(__file__).resolve().parents[2] / "scripts" / "mark_drafts.py"
    spec = importlib.util.spec_from_file_location("mark_drafts", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mark_drafts_touches_only_status_and_approver():
    """The migration changes the two lines and nothing else; a document with a record is left alone."""
    mark = _mark_drafts().mark
    text = front_matter(approval=None).replace("---\n", "---\r\n", 1) + "status: approved\n" + SOP_BODY
    marked = mark(text)
    before, after = text.splitlines(keepends=True), marked.splitlines(keepends=True)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [("status: approved\n", "status: draft\n"),
                       ("approved_by: Medical director\n", 'approved_by: ""\n')]  # fmt: skip
    assert marked.startswith("---\r\n")
    assert (
        mark(approve_text(front_matter(approval=None) + SOP_BODY, "X", AT)[0]).count("status: approved") == 1
    )


@pytest.mark.parametrize("name", ["README.md", "history/SOP-MON-001/1.md"])
def test_mark_drafts_skips_readme_and_history(tmp_path, name):
    """Documentation and approved history are not documents to mark."""
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(front_matter(approval=None) + SOP_BODY)
    _mark_drafts().main([str(tmp_path)])
    assert "status: approved" in target.read_text()
