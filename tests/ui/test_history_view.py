"""The history dialog: versions listed, redline between any two."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel

from handbook.library.loader import load_library
from handbook.ui.reader.history_view import HistoryDialog, show_history
from tests.publish.conftest import sop, write_tree

pytestmark = pytest.mark.gui


@pytest.fixture
def library(tmp_path):
    """SOP-MON-001 at version 3 with versions 1 and 2 in history; the vital-signs line changes each time."""
    line = "1. The nurse records BP, HR and SpO2."
    root = write_tree(tmp_path / "content", {
        "sops/mon.md": sop(version=3, change_note="Every 10 minutes.").replace(line, line + " Every 10 minutes."),
        "history/SOP-MON-001/2.md": sop(version=2, change="editorial", change_note="Every 15 minutes.")
        .replace(line, line + " Every 15 minutes."),
        "history/SOP-MON-001/1.md": sop(version=1, change_note="First."),
    })  # fmt: skip
    return load_library(root).library


def test_history_view_lists_versions_newest_first(qtbot, library):
    """Each version is a row with its flag and change note; the current one is marked."""
    dialog = HistoryDialog(library, "SOP-MON-001")
    qtbot.addWidget(dialog)
    rows = [[dialog.table.item(r, c).text() for c in range(5)] for r in range(dialog.table.rowCount())]
    assert [row[0] for row in rows] == ["3 (current)", "2", "1"]
    assert rows[1][2:] == ["editorial", "Medical director", "Every 15 minutes."]


def test_history_view_opens_on_last_change(qtbot, library):
    """By default the redline goes from the previous version to the current one, word by word."""
    dialog = HistoryDialog(library, "SOP-MON-001")
    qtbot.addWidget(dialog)
    assert (dialog.from_box.currentData(), dialog.to_box.currentData()) == (2, 3)
    assert dialog.stats.text() == "1 word(s) added, 1 removed"  # 15 → 10
    html = dialog.redline_view.toHtml()
    assert "15" in dialog.redline_view.toPlainText()
    assert "line-through" in html
    assert "underline" in html


def test_history_view_selecting_two_rows_compares_them(qtbot, library):
    """Selecting versions 1 and 3 in the table shows the redline between them."""
    dialog = HistoryDialog(library, "SOP-MON-001")
    qtbot.addWidget(dialog)
    selection = dialog.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    dialog.table.clearSelection()
    selection.select(dialog.table.model().index(0, 0), flags)
    selection.select(dialog.table.model().index(2, 0), flags)
    assert (dialog.from_box.currentData(), dialog.to_box.currentData()) == (1, 3)
    notes, _title, text = dialog.redline_view.toPlainText().partition("Monitoring during the infusion")
    assert "Version 2 (2026-01-01, editorial): Every 15 minutes." in notes  # each version's note on top
    assert "Version 3 (2026-01-01, material): Every 10 minutes." in notes
    assert "Every 10 minutes." in text
    assert "Every 15 minutes." not in text


def test_history_view_single_version_has_nothing_to_compare(qtbot, tmp_path):
    """A document without history shows its one version as plain text."""
    library = load_library(write_tree(tmp_path / "c", {"sops/mon.md": sop()})).library
    dialog = show_history(None, library, "SOP-MON-001")
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.stats.text() == "Same version"
    assert "Purpose\nKeep the patient safe." in dialog.redline_view.toPlainText()


VALUE_SOP_BODY = """\
## Purpose

Keep the patient safe.

## Scope

All infusions.

## Responsibilities

The nurse records vital signs.

## Procedure

| Sign | Hold at |
| --- | --- |
| Systolic | {{{{hold_systolic}}}} mmHg |

**Recheck** in {{{{recheck_minutes}}}} minutes.

## References

- Clinic reference.
"""
VALUES = """values:
  hold_systolic: {{value: {hold}, unit: mmHg, label: Hold systolic, source: Clinic reference}}
  recheck_minutes: {{value: 15, unit: min, label: Recheck interval, source: Clinic reference}}
"""


def value_sop(version: int, hold: int, note: str) -> str:
    """SOP-MON-001 at a version whose table holds the value `hold_systolic`."""
    header = sop(version=version, change_note=note).split("---\n")[1]
    return "---\n" + header + VALUES.format(hold=hold) + "---\n" + VALUE_SOP_BODY.format()


def test_history_view_redline_reads_rendered_text_with_values(qtbot, tmp_path):
    """The redline compares what the reader shows: numbers in place of {{names}}, no Markdown syntax."""
    root = write_tree(tmp_path / "content", {
        "sops/mon.md": value_sop(2, 180, "Hold at 180."),
        "history/SOP-MON-001/1.md": value_sop(1, 170, "First."),
    })  # fmt: skip
    loaded = load_library(root)
    assert not [p for p in loaded.problems if p.severity.name == "ERROR"], loaded.problems
    dialog = HistoryDialog(loaded.library, "SOP-MON-001")
    qtbot.addWidget(dialog)
    text = dialog.redline_view.toPlainText()
    assert "{{" not in text
    for syntax in ("|", "**", "## ", "---"):
        assert syntax not in text.partition("Recheck interval")[2], syntax
    assert "Systolic · 170180 mmHg" in text  # 170 struck through, 180 added, in the table row
    assert "Recheck in 15 minutes." in text
    assert "Version 2 (2026-01-01, material): Hold at 180." in text
    assert dialog.stats.text() == "2 word(s) added, 2 removed"  # the value line and the table cell
