"""Unset values (`value: null`): what the medical director must set shows as a blank, lints, blocks approval."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from handbook import paths
from handbook.errors import UpdateError
from handbook.library import snapshot
from handbook.library.indexing import plain_text
from handbook.library.loader import load_library
from handbook.library.model import UNSET_TEXT, Severity
from handbook.library.render import insert_values, render_body, render_document
from handbook.library.validate import lint
from handbook.publish.approve import approve_document
from handbook.publish.values_sheet import values_sheet
from tests.conftest import SOP_BODY, ContentBuilder, front_matter

TODAY = dt.date(2026, 6, 1)
BLANK_HTML = "<strong>___ (MEDICAL DIRECTOR TO SET)</strong>"
O2_VALUE = """\
values:
  oxygen_flow_l_min:
    value: null
    unit: L/min
    label: Starting oxygen flow
    source: "not in the clinic reference: the medical director sets it"
    clinic_set: true
"""
CARD_BODY = """\
## Act now

1. Give O2 at **{{oxygen_flow_l_min}} L/min**.

## References

- Clinic reference.
"""


def _sop(status: str = "draft", values: str = O2_VALUE, doc_id: str = "SOP-EMR-001") -> str:
    header = front_matter(id=doc_id, title="Emergencies", category="emergencies", consensus="[]", status=status,
                          **({} if status == "approved" else {"approved_by": '""'}))  # fmt: skip
    return header.replace("---\n", "---\n" + values, 1) + SOP_BODY


def _card(status: str = "draft") -> str:
    header = front_matter(id="CARD-RSP-001", title="Over-sedation", kind="card", category="emergencies",
                          consensus="[]", status=status,
                          **({} if status == "approved" else {"approved_by": '""'}))  # fmt: skip
    return header + CARD_BODY


def _other_approved() -> str:
    """An approved document without unset values: the content is no longer the template."""
    return front_matter(id="SOP-MON-001", consensus="[]") + SOP_BODY


def test_unset_value_loads_as_none_with_its_unit(make_content: ContentBuilder) -> None:
    """`value: null` loads (no lint problem) as a Value with no number, printed as the visible blank."""
    root = make_content({"sops/emr.md": _sop(), "cards/rsp.md": _card()})
    library, problems = lint(root, TODAY)
    assert [p for p in problems if p.code.startswith("V")] == []
    value = library.values["oxygen_flow_l_min"]
    assert (value.value, value.unit, value.is_set, value.clinic_set) == (None, "L/min", False, True)
    assert value.text == UNSET_TEXT


@pytest.mark.parametrize(
    ("spec", "code"),
    [("    value: null\n    unit: furlongs\n", "V005"), ("    value: [1]\n    unit: L/min\n", "V002"),
     ("    unit: L/min\n", "V002")],
)  # fmt: skip
def test_unset_value_still_needs_a_known_unit(make_content: ContentBuilder, spec: str, code: str) -> None:
    """An unset value of an unknown unit, a value neither a number nor null, or no `value` key: not loaded."""
    values = "values:\n  oxygen_flow_l_min:\n" + spec + "    source: x\n"
    library, problems = lint(make_content({"sops/emr.md": _sop(values=values)}), TODAY)
    assert code in {p.code for p in problems}
    assert "oxygen_flow_l_min" not in library.values


def test_unset_value_renders_as_the_bold_blank_on_a_card(make_content: ContentBuilder) -> None:
    """On screen, in print and on the card (one renderer): a bold blank, never empty and never 0."""
    root = make_content({"sops/emr.md": _sop(), "cards/rsp.md": _card()})
    library = load_library(root).library
    card = library.get("CARD-RSP-001")
    assert card is not None
    page = render_document(card, library.values, TODAY)
    assert f"Give O2 at <strong>{BLANK_HTML} L/min</strong>" in page
    assert "O2 at 0" not in page
    assert "O2 at <strong> L/min" not in page
    assert insert_values("Give {{oxygen_flow_l_min}} L/min", library.values) == f"Give {UNSET_TEXT} L/min"
    indexed = plain_text("Give {{oxygen_flow_l_min}} L/min", {"oxygen_flow_l_min": UNSET_TEXT})
    assert "(MEDICAL DIRECTOR TO SET) L/min" in indexed


def test_unset_value_blank_is_not_read_as_markdown(make_content: ContentBuilder) -> None:
    """Two blanks on one line stay two bold blanks (their underscores are never emphasis)."""
    library = load_library(make_content({"sops/emr.md": _sop()})).library
    html = render_body("Hold {{oxygen_flow_l_min}} or stop {{oxygen_flow_l_min}}.", library.values)
    assert html.count(BLANK_HTML) == 2
    assert "<em>" not in html


def test_shipped_cards_show_the_oxygen_blank() -> None:
    """The three shipped cards needing an oxygen flow print the blank, bold, where the number goes."""
    library = load_library(paths.bundled_content_dir()).library
    assert library.values["oxygen_flow_l_min"].value is None
    for card_id in ("CARD-RSP-001", "CARD-ALG-001", "CARD-SZR-001"):
        card = library.get(card_id)
        assert card is not None
        assert f"Give O2 at <strong>{BLANK_HTML} L/min</strong>" in render_body(card.body, library.values)


def test_unset_value_is_a_warning_on_a_draft(make_content: ContentBuilder) -> None:
    """Once the handbook is in use (one approved document), a draft's unset value is a V007 warning."""
    root = make_content({"sops/emr.md": _sop(), "cards/rsp.md": _card(), "sops/mon.md": _other_approved()})
    problems = [p for p in lint(root, TODAY)[1] if p.code == "V007"]
    assert [(p.path, p.severity) for p in problems] == [("content/sops/emr.md", Severity.WARNING)]
    assert "value 'oxygen_flow_l_min' is not set: the medical director sets it before approval" in str(
        problems[0]
    )


def test_unset_value_is_not_reported_in_template_mode(make_content: ContentBuilder) -> None:
    """All drafts (the shipped template): the unset values are the template's open questions, no problem."""
    root = make_content({"sops/emr.md": _sop(), "cards/rsp.md": _card()})
    assert [p for p in lint(root, TODAY)[1] if p.code.startswith("V")] == []


def test_unset_value_is_an_error_when_approved(make_content: ContentBuilder) -> None:
    """An approved document defining an unset value, or inserting one, has a V007 error (lint fails)."""
    root = make_content({"sops/emr.md": _sop("approved"), "cards/rsp.md": _card("approved")})
    problems = [p for p in lint(root, TODAY)[1] if p.code == "V007"]
    assert {(p.path, p.severity) for p in problems} == {
        ("content/sops/emr.md", Severity.ERROR),
        ("content/cards/rsp.md", Severity.ERROR),
    }
    card_problem = next(p for p in problems if p.path == "content/cards/rsp.md")
    assert card_problem.line > 0
    assert "{{oxygen_flow_l_min}} is not set in SOP-EMR-001" in card_problem.message


@pytest.mark.parametrize("doc_id", ["SOP-EMR-001", "CARD-RSP-001"])
def test_approve_refuses_a_document_with_an_unset_value(make_content: ContentBuilder, doc_id: str) -> None:
    """Approval refuses the document defining an unset value and the card inserting it, saying why."""
    root = make_content({"sops/emr.md": _sop(), "cards/rsp.md": _card()})
    before = {p: p.read_text() for p in root.rglob("*.md")}
    with pytest.raises(UpdateError, match=r"cannot be approved: oxygen_flow_l_min is not set"):
        approve_document(root, doc_id, "Dr A")
    assert {p: p.read_text() for p in root.rglob("*.md")} == before


def test_approve_accepts_once_the_value_is_set(make_content: ContentBuilder) -> None:
    """Set, the value no longer blocks approval."""
    root = make_content({"sops/emr.md": _sop(), "cards/rsp.md": _card()})
    path: Path = root / "sops" / "emr.md"
    path.write_text(path.read_text().replace("value: null", "value: 10"))
    assert approve_document(root, "CARD-RSP-001", "Dr A").doc_id == "CARD-RSP-001"


def test_values_sheet_lists_the_shipped_unset_values_first() -> None:
    """The shipped template's unset values head the sheet, oxygen flow (on emergency cards) first."""
    rows = values_sheet(paths.bundled_content_dir())
    assert (rows[0].name, rows[0].unset, rows[0].emergency) == ("oxygen_flow_l_min", True, True)
    assert set(rows[0].used_by) >= {"CARD-RSP-001", "CARD-ALG-001", "CARD-SZR-001"}
    unset = [r.name for r in rows if r.unset]
    assert unset == [r.name for r in rows[: len(unset)]]
    assert set(unset) == {
        "oxygen_flow_l_min",
        "moaas_hold_max",
        "moaas_stop_max",
        "concentration_mg_per_ml_final",
        "drill_interval_months",
        "supervised_infusions_before_signoff",
        "continuation_review_weeks",
    }
    assert all(r.clinic_set and "medical director sets it" in r.source for r in rows if r.unset)


def test_shipped_content_has_no_numeric_placeholder_left() -> None:
    """Only text placeholders remain (diluent, waste product); every number to set is an unset value."""
    root = paths.bundled_content_dir()
    left = [
        (path.name, line)
        for path in root.rglob("*.md")
        if path.name.lower() != "readme.md" and "history" not in path.parts
        for line in path.read_text(encoding="utf-8").splitlines()
        if "MEDICAL DIRECTOR TO SET:" in line
    ]
    assert sorted(name for name, _ in left) == ["sop-csh-001.md", "sop-dos-001.md"]


def test_unset_value_survives_the_snapshot(make_content: ContentBuilder) -> None:
    """The build-time snapshot keeps an unset value unset (JSON null, never 0)."""
    root = make_content({"sops/emr.md": _sop(), "cards/rsp.md": _card()})
    target = snapshot.bundled_snapshot_path(root)
    snapshot.write_snapshot(root, target)
    library, _ = snapshot.read_snapshot(target, root)
    assert library.values["oxygen_flow_l_min"].value is None
    assert library.values["oxygen_flow_l_min"].text == UNSET_TEXT
