"""Loading a content folder into documents."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.errors import ContentError
from handbook.library.loader import load_library
from tests.conftest import SOP_BODY, front_matter


def test_loader_reads_front_matter_and_headings(make_content):
    """A valid SOP becomes a Document with typed fields and anchored headings."""
    root = make_content({"sops/mon.md": front_matter() + SOP_BODY})
    result = load_library(root)
    doc = result.library.get("SOP-MON-001")
    assert result.problems == ()
    assert doc.version == 1
    assert doc.effective == dt.date(2026, 1, 1)
    assert doc.audience == ("nurse",)
    assert "vital-signs" in doc.anchors()
    assert doc.heading_for("vital-signs").line == front_matter().count(
        "\n"
    ) + 1 + SOP_BODY.splitlines().index("### Vital signs")


def test_loader_keeps_going_after_a_broken_file(make_content):
    """A file with malformed YAML is reported and the other files still load."""
    root = make_content({
        "a.md": front_matter() + SOP_BODY,
        "b.md": "---\nid: [unclosed\n---\nbody\n",
    })  # fmt: skip
    result = load_library(root)
    assert [d.id for d in result.library.documents] == ["SOP-MON-001"]
    assert [(p.path, p.code) for p in result.problems] == [("content/b.md", "H001")]


def test_loader_skips_readme_and_history(make_content):
    """README.md and history/ are not current documents."""
    root = make_content({
        "README.md": "# guide",
        "history/SOP-MON-001/1.md": front_matter() + SOP_BODY,
        "mon.md": front_matter() + SOP_BODY,
    })  # fmt: skip
    result = load_library(root)
    assert len(result.library) == 1
    assert result.problems == ()


def test_loader_reports_duplicate_ids(make_content):
    """A second file with the same id is reported with its line and not loaded."""
    root = make_content({"a.md": front_matter() + SOP_BODY, "b.md": front_matter(title="Other") + SOP_BODY})
    result = load_library(root)
    assert [(p.path, p.line, p.code) for p in result.problems] == [("content/b.md", 2, "H005")]
    assert result.library.get("SOP-MON-001").title == "Monitoring during the infusion"


def test_loader_reports_unreadable_file(make_content, monkeypatch):
    """An OSError reading one file becomes a problem naming it, not a crash."""
    root = make_content(
        {"a.md": front_matter() + SOP_BODY, "b.md": front_matter(id="SOP-MON-002") + SOP_BODY}
    )
    original = type(root).read_bytes

    def failing(self):
        if self.name == "b.md":
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(type(root), "read_bytes", failing)
    result = load_library(root)
    assert [d.id for d in result.library.documents] == ["SOP-MON-001"]
    assert "Permission denied" in result.problems[0].message


def test_loader_rejects_missing_folder(tmp_path):
    """A content folder that does not exist raises ContentError naming it."""
    with pytest.raises(ContentError, match="not found"):
        load_library(tmp_path / "nowhere")


def test_loader_reports_non_utf8_file(make_content):
    """Bytes that are not UTF-8 are reported as H001 with the byte offset."""
    root = make_content({})
    (root / "bad.md").write_bytes(b"---\nid: \xff\xfe\n---\n")
    problems = load_library(root).problems
    assert problems[0].code == "H001"
    assert "UTF-8" in problems[0].message
