"""The values sheet: every value in one table, emergency and unset first; edits keep the file's layout."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from handbook.cli import main
from handbook.errors import UpdateError
from handbook.library.model import Severity
from handbook.library.validate import lint
from handbook.publish.values_sheet import parse_field, set_value_field, values_sheet
from tests.conftest import SOP_BODY, front_matter
from tests.publish.conftest import write_tree

SOP_VALUES = """\
values:
  # Gate agreed at the 2026 governance meeting.
  bp_gate_systolic:
    value: 140          # mmHg, clinic decision
    unit: mmHg
    label: "Systolic gate"
    source: 'Spravato PI, "general guide >140/90 mmHg"'
    clinic_set: true
  vitals_interval_min:
    value: 10
    unit: min
    label: Interval for vital signs
    source: Emory protocol
"""
CARD = (
    front_matter(id="CARD-HTN-001", kind="card", category="emergencies", consensus="[]", status="draft",
                 approved_by='""', approval=None)
    + "## Steps\n\nRecheck when systolic is at or above {{bp_gate_systolic}} mmHg and {{dose_cap}} mg.\n\n"
    "## References\n\n- Clinic reference.\n"
)  # fmt: skip
DOSE = """\
values:
  dose_cap:
    value:
    unit: mg
    label: Dose cap
    source: Clinic decision
    clinic_set: true
  spare_unset:
    value: null
    unit: mg
    label: Unused
    source: Clinic decision
"""


@pytest.fixture
def content(tmp_path):
    sop_header = front_matter(status="draft", approved_by='""', approval=None).replace("---\n", "", 1)
    dose = front_matter(id="SOP-DOS-001", status="draft", approved_by='""', approval=None, consensus="[]")
    return write_tree(
        tmp_path / "desk",
        {
            "sops/mon.md": "---\n"
            + SOP_VALUES
            + sop_header
            + "Vitals every {{vitals_interval_min}} min.\n"
            + SOP_BODY,
            "sops/dos.md": dose.replace("---\n", "---\n" + DOSE, 1) + SOP_BODY,
            "cards/htn.md": CARD,
        },
    )


def test_values_sheet_lists_every_value_emergency_unset_first(content):
    """Unset values an emergency card needs come first, then other unset, then emergency, then the rest."""
    rows = values_sheet(content)
    assert [(r.name, r.unset, r.emergency) for r in rows] == [
        ("dose_cap", True, True),
        ("spare_unset", True, False),
        ("bp_gate_systolic", False, True),
        ("vitals_interval_min", False, False),
    ]
    gate = rows[2]
    assert (gate.label, gate.unit, gate.text, gate.clinic_set, gate.doc_id) == (
        "Systolic gate",
        "mmHg",
        "140",
        True,
        "SOP-MON-001",
    )
    assert gate.used_by == ("CARD-HTN-001",)


def test_values_sheet_edit_keeps_comments_and_formatting(content):
    """Setting a value changes that one number: comments, quoting, order and the body stay byte for byte."""
    path = content / "sops" / "mon.md"
    before = path.read_text()
    row = set_value_field(content, "bp_gate_systolic", "value", "150")
    after = path.read_text()
    assert row.value == 150
    assert after == before.replace("value: 140          # mmHg", "value: 150          # mmHg")
    assert "# Gate agreed at the 2026 governance meeting." in after


def test_values_sheet_sets_an_unset_value_and_lint_reruns(content):
    """An unset value (`value:` or `value: null`) is a V007 warning on its draft once the handbook is in
    use (not in template mode); it goes when the director sets it in the sheet.
    """
    from handbook.publish.approve import approve_document

    assert lint(content, dt.date(2026, 6, 1))[1] == []  # template mode: the template's open values
    approve_document(content, "SOP-MON-001", "Dr A")
    _, problems = lint(content, dt.date(2026, 6, 1))
    assert [(p.code, p.severity, p.path) for p in problems] == [
        ("V007", Severity.WARNING, "desk/sops/dos.md"),
        ("V007", Severity.WARNING, "desk/sops/dos.md"),
    ]
    assert "'dose_cap' is not set" in problems[0].message
    set_value_field(content, "dose_cap", "value", "0.75")
    set_value_field(content, "spare_unset", "value", "2")
    assert lint(content, dt.date(2026, 6, 1))[1] == []
    assert "    value: 0.75\n" in (content / "sops" / "dos.md").read_text()


def test_values_sheet_edit_voids_the_approval(content, tmp_path):
    """A changed value is a changed text: the owning document's approval no longer matches (A003)."""
    from handbook.publish.approve import approve_document

    set_value_field(content, "dose_cap", "value", "1")
    set_value_field(content, "spare_unset", "value", "1")
    approve_document(content, "SOP-MON-001", "Dr A")
    set_value_field(content, "vitals_interval_min", "value", "15")
    _, problems = lint(content, dt.date(2026, 6, 1))
    assert [p.code for p in problems] == ["A003"]


@pytest.mark.parametrize(
    ("field", "text", "reason"),
    [("value", "abc", "not a number"), ("value", "-3", "0 or more"), ("value", "inf", "0 or more"),
     ("clinic_set", "maybe", "yes or no"), ("source", "  ", "needs its source"), ("id", "x", "not an editable")],
)  # fmt: skip
def test_values_sheet_refuses_bad_cells(field, text, reason):
    """A cell that does not fit its column is refused with a reason, before any file is touched."""
    with pytest.raises(UpdateError, match=reason):
        parse_field(field, text)


def test_values_sheet_unknown_name_is_refused(content):
    """Setting a value nobody defines is refused."""
    with pytest.raises(UpdateError, match="no value named 'nope'"):
        set_value_field(content, "nope", "value", "1")


def test_cli_values_lists_and_sets(content, capsys):
    """`handbook values --json` lists the sheet; `--set` writes one cell and re-runs lint."""
    assert main(["values", "--content", str(content), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["name"] == "dose_cap"
    assert rows[0]["value"] is None
    # spare_unset is still unset: no lint problem in template mode (every document a draft), still listed
    assert main(["values", "--content", str(content), "--set", "dose_cap=1"]) == 0
    out = capsys.readouterr().out
    assert "dose_cap.value set in SOP-DOS-001" in out
    assert main(["values", "--content", str(content), "--json"]) == 0
    assert [r["name"] for r in json.loads(capsys.readouterr().out) if r["value"] is None] == ["spare_unset"]
    assert main(["values", "--content", str(content), "--set", "spare_unset=1"]) == 0
