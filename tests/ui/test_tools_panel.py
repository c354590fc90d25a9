"""Bedside tools panel: enter values and see results, run sessions on a fake clock, survive restarts."""

from __future__ import annotations

import json
import os

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication

from handbook.library.loader import load_library
from handbook.tools.board import SessionBoard
from handbook.ui.bedside.tools_panel import ToolsPanel
from tests.conftest import front_matter
from tests.tools.content import build_tool_content
from tests.tools.fakes import FakeClock
from tests.ui.conftest import CARD_BODY, CHECKLIST_BODY

pytestmark = pytest.mark.gui


def _content(make_content, **changes):
    """The four SOPs with values, plus the cards and checklist the tools link to."""
    build_tool_content(make_content, **changes)
    extra = {
        f"{doc_id.lower()}.md": front_matter(id=doc_id, kind="card", category="emergencies", title=title) + CARD_BODY
        for doc_id, title in (("CARD-HTN-001", "Hypertension"), ("CARD-TAC-001", "Tachycardia"),
                              ("CARD-VIT-001", "Vital-sign thresholds"))
    }  # fmt: skip
    extra["chk-inf-001.md"] = (
        front_matter(id="CHK-INF-001", kind="checklist", title="Timed checks") + CHECKLIST_BODY
    )
    return make_content(extra)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def sessions_file(tmp_path):
    return tmp_path / "data" / "sessions.json"


@pytest.fixture
def make_panel(qtbot, make_content, clock, sessions_file, recorder):
    """Build a panel on content with the given value changes, the fake clock and a tmp sessions file."""

    def build(**changes):
        library = load_library(_content(make_content, **changes)).library
        panel = ToolsPanel(library, *SessionBoard.open(sessions_file, clock))
        qtbot.addWidget(panel)
        panel.show()
        return panel

    return build


@pytest.fixture
def panel(make_panel):
    return make_panel()


def _start(panel, qtbot, label="Chair 1"):
    view = panel.timer_view
    view.label_field.clear()
    qtbot.keyClicks(view.label_field, label)
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    view.select(label)
    return view


def _row(view, label):
    return next(r for r in range(view.table.rowCount()) if view.table.item(r, 0).text() == label)


def test_tools_panel_has_three_tools(panel):
    """The panel holds the session timer, threshold check and dose calculator tabs."""
    assert [panel.tabText(i) for i in range(panel.count())] == [
        "Session timer",
        "Threshold check",
        "Dose calculator",
    ]


def test_tools_panel_dose_shows_figures_formula_and_notice(panel, qtbot):
    """Typing the SOP's worked example shows 35.0 mg, 35.00 mL, 52.5 mL/h, the formula and the notice."""
    view = panel.dose_view
    for field, text in zip(view.fields(), ("70", "0.5", "40", "1"), strict=True):
        qtbot.keyClicks(field, text)
    qtbot.mouseClick(view.calculate_button, Qt.MouseButton.LeftButton)
    text = view.result.toPlainText()
    assert "35.0 mg" in text
    assert "35.00 mL" in text
    assert "52.5 mL/h" in text
    assert "Pump rate = 35 mL × 60 ÷ 40 min = 52.5 mL/h → 52.5 mL/h" in text
    assert "Verify against the order; independent double check per SOP" in text


def test_tools_panel_dose_refusal_shows_reason_not_figures(panel, qtbot):
    """A dose outside the SOP's range shows the reason and no figures."""
    view = panel.dose_view
    for field, text in zip(view.fields(), ("70", "1.2", "40", "1"), strict=True):
        qtbot.keyClicks(field, text)
    view.calculate()
    text = view.result.toPlainText()
    assert "No dose calculated" in text
    assert "1.2 mg/kg is outside 0.5–1 mg/kg" in text
    assert "Pump rate" not in text


def test_tools_panel_dose_result_cleared_when_an_entry_changes(panel, qtbot):
    """Editing an entry clears the result, so figures never sit beside other numbers."""
    view = panel.dose_view
    for field, text in zip(view.fields(), ("70", "0.5", "40", "1"), strict=True):
        field.setText(text)
    view.calculate()
    qtbot.keyClicks(view.weight, "5")
    assert view.result.toPlainText() == ""


def test_tools_panel_dose_hints_show_content_ranges(panel):
    """The entries' hints show the ranges read from the content."""
    assert panel.dose_view.mg_per_kg.placeholderText() == "0.5–1 mg/kg"
    assert panel.dose_view.minutes.placeholderText() == "40–60 min"
    assert panel.dose_view.weight.placeholderText() == "10–400 kg (data-entry limit)"


def test_tools_panel_show_library_updates_ranges(panel, make_content):
    """A reloaded library with a new dose range changes the hint (a signed update changes the tools)."""
    panel.show_library(load_library(_content(make_content, dose_mg_per_kg_max=1.5)).library)
    assert panel.dose_view.mg_per_kg.placeholderText() == "0.5–1.5 mg/kg"


def test_tools_panel_threshold_hold_with_card_link(panel, qtbot):
    """186/95 during the infusion shows the pause action and a link to the hypertension card that opens it."""
    view = panel.threshold_view
    for field, text in zip(view.fields(), ("186", "95", "80"), strict=False):
        qtbot.keyClicks(field, text)
    qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
    assert "Pause the infusion and call the prescriber" in view.result.toPlainText()
    assert 'href="doc:CARD-HTN-001"' in view.result.toHtml()
    with qtbot.waitSignal(panel.open_document_requested, timeout=1000) as signal:
        view.result.anchorClicked.emit(QUrl("doc:CARD-HTN-001"))
    assert signal.args == ["CARD-HTN-001", ""]


def test_tools_panel_threshold_summary_links_the_sops(panel, qtbot):
    """The summary shows the content's gate and stop numbers; its SOP links ask to open the section."""
    view = panel.threshold_view
    assert "above 140/90 mmHg" in view.limits.text()
    assert "BP above 180/100 mmHg, HR above 110 beats/min" in view.limits.text()
    with qtbot.waitSignal(panel.open_document_requested, timeout=1000) as signal:
        view.limits.linkActivated.emit("doc:SOP-MON-001#hold-and-stop-rules")
    assert signal.args == ["SOP-MON-001", "hold-and-stop-rules"]


def test_tools_panel_threshold_spo2_defers_to_local_protocol(panel):
    """Without SpO2 values in the content the result says no SpO2 threshold is defined there."""
    view = panel.threshold_view
    for field, text in zip(view.fields(), ("120", "80", "80", "91"), strict=False):
        field.setText(text)
    view.check()
    assert "SpO2 threshold: not defined in this content; see SOP-MON-001" in view.result.toPlainText()


def test_tools_panel_threshold_gate_then_repeat_reading(panel, qtbot):
    """Before the infusion 150/85 says re-check; ticking 'second reading' says call the prescriber."""
    view = panel.threshold_view
    view.before.setChecked(True)
    for field, text in zip(view.fields(), ("150", "85", "80"), strict=False):
        field.setText(text)
    view.check()
    assert "Re-check after a rest" in view.result.toPlainText()
    view.repeat.setChecked(True)
    view.check()
    assert "Call the prescriber" in view.result.toPlainText()


def test_tools_panel_threshold_implausible_entry_message(panel):
    """Systolic below diastolic gives a message and no action banner."""
    view = panel.threshold_view
    for field, text in zip(view.fields(), ("80", "120", "70"), strict=False):
        field.setText(text)
    view.check()
    text = view.result.toPlainText()
    assert "No action shown" in text
    assert "Systolic BP must be higher than diastolic BP" in text


def test_tools_panel_start_session_adds_row_and_saves(panel, qtbot, sessions_file):
    """Starting a session shows its row counting down 40 minutes and saves it."""
    view = _start(panel, qtbot)
    row = _row(view, "Chair 1")
    assert view.table.item(row, 1).text() == "Infusion"
    assert view.table.item(row, 2).text() == "40:00 left"
    assert json.loads(sessions_file.read_text(encoding="utf-8"))["sessions"][0]["label"] == "Chair 1"


def test_tools_panel_refused_label_is_told_and_not_started(panel, qtbot, recorder):
    """A label that looks like an identifier is refused with a warning; no session starts."""
    view = panel.timer_view
    view.label_field.setText("Bed 1234567")
    view.start_session()
    assert recorder.messages[-1][0] == "warning"
    assert "looks like an identifier" in recorder.messages[-1][1]
    assert view.table.rowCount() == 0


def test_tools_panel_prompt_appears_when_clock_passes_interval(panel, qtbot, clock, monkeypatch):
    """At 10 minutes a vital-signs prompt falls due: signal, one beep, the row flashes, 'Due now' filled."""
    beeps = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    view = _start(panel, qtbot)
    clock.advance(9)
    view.tick()
    assert view.table.item(_row(view, "Chair 1"), 4).text() == ""
    clock.advance(1)
    with qtbot.waitSignal(panel.prompt_fell_due, timeout=1000) as signal:
        view.tick()
    assert signal.args == ["Chair 1", "Vital signs due (infusion, minute 10)"]
    assert beeps == [1]
    row = _row(view, "Chair 1")
    assert view.table.item(row, 4).text() == "Vital signs due (infusion, minute 10)"
    view.table.clearSelection()
    backgrounds = set()
    for _ in range(2):
        view.tick()
        backgrounds.add(view.table.item(row, 0).background().color().name())
    assert "#f2b233" in backgrounds
    assert len(backgrounds) == 2  # it flashes
    assert beeps == [1]  # one beep per prompt, not per tick


def test_tools_panel_done_acknowledges_prompt(panel, qtbot, clock):
    """'Done' clears the due prompt and saves the acknowledgement."""
    view = _start(panel, qtbot)
    clock.advance(11)
    view.tick()
    view.select("Chair 1")
    qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)
    assert view.table.item(_row(view, "Chair 1"), 4).text() == ""
    assert panel.board.get("Chair 1").acknowledged_through == clock.now


def test_tools_panel_prompt_links_open_sop_and_checklist(panel, qtbot, clock):
    """The prompt's buttons ask for the monitoring SOP's schedule and the during-infusion checklist."""
    view = _start(panel, qtbot)
    clock.advance(10)
    view.tick()
    view.select("Chair 1")
    with qtbot.waitSignal(panel.open_document_requested, timeout=1000) as sop:
        view.sop_button.click()
    with qtbot.waitSignal(panel.open_document_requested, timeout=1000) as checklist:
        view.checklist_button.click()
    assert sop.args == ["SOP-MON-001", "vital-signs-schedule"]
    assert checklist.args == ["CHK-INF-001", "at-every-infusion-check"]


def test_tools_panel_end_infusion_then_observation_complete(panel, qtbot, clock):
    """'Infusion ended' starts recovery; 120 minutes later the discharge assessment may start."""
    view = _start(panel, qtbot)
    clock.advance(40)
    view.tick()
    view.select("Chair 1")
    view.end_button.click()
    row = _row(view, "Chair 1")
    assert view.table.item(row, 1).text() == "Recovery"
    assert view.table.item(row, 2).text() == "observation: 2:00:00 left"
    clock.advance(120)
    view.tick()
    assert view.table.item(row, 1).text() == "Observation time complete"
    assert "discharge assessment may start" in view.table.item(row, 4).text()


def test_tools_panel_close_session_after_confirmation(panel, qtbot, recorder):
    """Closing asks first (the recorder answers yes) and removes the row."""
    view = _start(panel, qtbot)
    view.close_button.click()
    assert recorder.messages[-1] == ("question", "Close the session for Chair 1?")
    assert view.table.rowCount() == 0


def test_tools_panel_several_chairs_and_restart(make_panel, qtbot, clock):
    """Two chairs run at once; a new panel on the same file shows the same rows and times later on."""
    first = make_panel()
    _start(first, qtbot, "Chair 1")
    clock.advance(5)
    _start(first, qtbot, "Bay-2")
    clock.advance(10)
    first.timer_view.tick()
    second = make_panel()
    view = second.timer_view
    assert [view.table.item(r, 0).text() for r in range(view.table.rowCount())] == ["Chair 1", "Bay-2"]
    assert view.table.item(0, 2).text() == "25:00 left"
    assert view.table.item(1, 2).text() == "30:00 left"
    assert view.table.item(0, 4).text() == "Vital signs due (infusion, minute 10)"


def test_tools_panel_corrupt_sessions_file_warns_and_starts_empty(make_panel, qtbot, sessions_file, recorder):
    """A corrupt sessions.json is reported (what and where), kept aside, and the timer starts empty."""
    sessions_file.parent.mkdir(parents=True)
    sessions_file.write_text("{not json", encoding="utf-8")
    panel = make_panel()
    qtbot.waitUntil(lambda: bool(recorder.messages), timeout=1000)
    level, text = recorder.messages[-1]
    assert level == "warning"
    assert "could not be read; the timer starts empty" in text
    assert f"Where: {sessions_file}" in text
    assert panel.timer_view.table.rowCount() == 0
    assert list(sessions_file.parent.glob("sessions.json.corrupt-*"))


def test_tools_panel_save_failure_is_reported_and_timer_runs(
    panel, qtbot, monkeypatch, recorder, sessions_file
):
    """A failed save is shown as an error naming the file; the session still runs on screen."""

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    view = _start(panel, qtbot)
    level, text = recorder.messages[-1]
    assert level == "error"
    assert "could not be saved" in text
    assert f"Where: {sessions_file}" in text
    assert view.table.rowCount() == 1


def test_tools_panel_missing_value_disables_timer_and_names_it(make_panel):
    """Without vitals_interval_infusion_min the timer cannot start and says which value and SOP."""
    panel = make_panel(vitals_interval_infusion_min=None)
    view = panel.timer_view
    assert not view.start_button.isEnabled()
    assert "'vitals_interval_infusion_min' is not defined in the content (expected in SOP-MON-001)" in (
        view.status.text()
    )


def test_tools_panel_ordered_duration_within_range(panel, qtbot):
    """A 60-minute order counts down 60 minutes; the spin box offers only 40-60."""
    view = panel.timer_view
    assert (view.minutes.minimum(), view.minutes.maximum(), view.minutes.value()) == (40, 60, 40)
    view.minutes.setValue(60)
    _start(panel, qtbot)
    assert view.table.item(_row(view, "Chair 1"), 2).text() == "1:00:00 left"
