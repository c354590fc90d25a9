"""The onboarding panel: choose a person, dashboard, open and acknowledge, re-acknowledge with a redline."""

from __future__ import annotations

import threading

import pytest

from handbook.clinic import Clinic
from handbook.errors import StorageError
from handbook.records.acks import acknowledge
from handbook.records.profiles import create_profile
from handbook.ui.onboarding.acknowledge_dialog import AcknowledgeDialog, banner_text
from handbook.ui.onboarding.onboarding_panel import OnboardingPanel
from handbook.ui.onboarding.profile_dialog import ProfileDialog
from tests.conftest import content_of
from tests.records.conftest import ROLES, START, sop
from tests.ui import onboarding_support as support
from tests.ui.onboarding_support import TODAY, content, make_panel, row_states

pytestmark = pytest.mark.gui
library, store, nurse = support.library, support.store, support.nurse  # the shared fixtures


def test_onboarding_panel_first_use_asks_who(qtbot, recorder, library, store):
    """Nobody chosen yet: the panel says so and offers to choose or add a person."""
    panel = make_panel(qtbot, library, store)
    assert "Nobody is chosen" in panel.person_label.text()
    assert panel.switch_button.text() == "Choose or add a person…"
    assert panel.table.rowCount() == 0


def test_onboarding_panel_add_person_shows_next_item(qtbot, recorder, library, store):
    """Adding a person in the profile dialog switches to them; the dashboard shows what to read next."""
    panel = make_panel(qtbot, library, store)
    panel.switch_button.click()
    dialog = panel.active_dialog
    assert isinstance(dialog, ProfileDialog)
    qtbot.keyClicks(dialog.name, "Ann Lee")
    dialog.role.setCurrentIndex(dialog.role.findData("nurse"))
    with qtbot.waitSignal(panel.person_switched, timeout=1000) as switched:
        dialog.add_button.click()
    assert switched.args == ["Ann Lee"]
    assert "Ann Lee" in panel.person_label.text()
    assert panel.next_label.text().startswith("Next: SOP-MON-001 Monitoring during the infusion (to read")
    assert panel.summary.text() == "0 of 2 done · 0 overdue · 0 to re-read"
    assert panel.selected_doc_id() == "SOP-MON-001"


def test_onboarding_panel_switch_to_existing_person(qtbot, recorder, library, store, nurse):
    """A second person is chosen from the list; the choice is kept for the next start."""
    other = create_profile(store, "Bo Chen", "nurse", START, ROLES)
    panel = make_panel(qtbot, library, store)
    panel.switch_button.click()
    dialog = panel.active_dialog
    dialog.people.setCurrentRow(1)
    with qtbot.waitSignal(panel.person_switched, timeout=1000):
        dialog.use_button.click()
    assert panel.person == other
    assert make_panel(qtbot, library, store).person == other


def test_onboarding_panel_profile_dialog_refuses_duplicate(qtbot, recorder, library, store, nurse):
    """A name already on the workstation is refused under the form, nothing saved."""
    panel = make_panel(qtbot, library, store)
    panel.switch_button.click()
    dialog = panel.active_dialog
    dialog.people.setCurrentRow(-1)
    dialog.name.setText("ann lee")
    dialog.add_button.click()
    assert "already on this workstation" in dialog.problem.text()
    assert len(store.events(kind="profile")) == 1


def test_onboarding_panel_open_requests_document(qtbot, recorder, library, store, nurse):
    """Open asks the main window to open the highlighted document."""
    panel = make_panel(qtbot, library, store)
    with qtbot.waitSignal(panel.open_document_requested, timeout=1000) as opened:
        panel.open_button.click()
    assert opened.args == ["SOP-MON-001", ""]


def test_onboarding_panel_acknowledge_needs_explicit_tick(qtbot, recorder, library, store, nurse):
    """The acknowledgement dialog shows the document and records only after the tick and the button."""
    panel = make_panel(qtbot, library, store)
    panel.acknowledge_button.click()
    dialog = panel.active_dialog
    assert isinstance(dialog, AcknowledgeDialog)
    assert not dialog.shows_redline
    assert "The nurse records BP, HR and SpO2." in dialog.view.toPlainText()
    assert dialog.confirm.text() == "I have read and understood version 1 of SOP-MON-001."
    assert not dialog.acknowledge_button.isEnabled()
    dialog.confirm.setChecked(True)
    with qtbot.waitSignal(panel.acknowledgement_recorded, timeout=1000) as recorded:
        dialog.acknowledge_button.click()
    assert recorded.args == ["SOP-MON-001", 1]
    assert row_states(panel)[0] == "Knowledge check to pass"
    assert panel.table.item(0, 5).text().startswith("version 1 on ")


def test_onboarding_panel_cancel_records_nothing(qtbot, recorder, library, store, nurse):
    """Cancelling the acknowledgement records nothing."""
    panel = make_panel(qtbot, library, store)
    panel.acknowledge_button.click()
    panel.active_dialog.reject()
    assert store.events(kind="ack") == []


def test_onboarding_panel_reacknowledge_shows_cumulative_redline(qtbot, recorder, make_content, store, nurse):
    """Acked v1, content now v3 (v2 material): the step reopens and the dialog shows the v1 → v3 redline."""
    acknowledge(store, nurse, content(make_content).get("SOP-MON-001"))
    v3 = content(make_content, sop(3, "editorial", "Every 10 minutes. Escalate."),
                 {1: sop(1), 2: sop(2, "material", "Every 10 minutes.")})  # fmt: skip
    panel = make_panel(qtbot, v3, store)
    assert row_states(panel)[0] == "Changed: re-read"
    assert panel.summary.text().endswith("1 to re-read")
    panel.acknowledge_button.click()
    dialog = panel.active_dialog
    assert dialog.shows_redline
    assert "from version 1 (the one you acknowledged) to version 3" in dialog.summary.text()
    assert "Version 2 (material): Version 2." in dialog.summary.text()
    assert "underline" in dialog.view.toHtml()
    assert "Escalate" in dialog.view.toPlainText()
    assert "#" not in dialog.view.toPlainText()  # rendered text, not Markdown source
    dialog.confirm.setChecked(True)
    with qtbot.waitSignal(panel.acknowledgement_recorded, timeout=1000) as recorded:
        dialog.acknowledge_button.click()
    assert recorded.args == ["SOP-MON-001", 3]


def test_onboarding_panel_editorial_change_asks_nothing(qtbot, recorder, make_content, store, nurse):
    """After an editorial version the step stays acknowledged and Acknowledge is disabled."""
    acknowledge(store, nurse, content(make_content).get("SOP-MON-001"))
    v2 = content(make_content, sop(2, "editorial", "(typo)"), {1: sop(1)})
    panel = make_panel(qtbot, v2, store)
    assert row_states(panel)[0] == "Knowledge check to pass"
    assert not panel.acknowledge_button.isEnabled()


def test_onboarding_panel_missing_history_shows_whole_text(qtbot, recorder, make_content, store, nurse):
    """The acknowledged version missing from the history: the whole current text, with a note."""
    acknowledge(store, nurse, content(make_content).get("SOP-MON-001"))
    v2 = content(make_content, sop(2, "material", "Every 5 minutes."))
    panel = make_panel(qtbot, v2, store)
    panel.acknowledge_button.click()
    dialog = panel.active_dialog
    assert not dialog.shows_redline
    assert "not in the history folder" in dialog.note.text()
    assert "Every 5 minutes." in dialog.view.toPlainText()


def test_onboarding_panel_state_for_and_banner(qtbot, recorder, library, store, nurse):
    """state_for tells the main window to ask for an acknowledgement; the banner text says what to do."""
    panel = make_panel(qtbot, library, store)
    state = panel.state_for("SOP-MON-001")
    assert state.must_acknowledge
    assert banner_text(state) == "On your reading path: read version 1 and acknowledge it."
    assert panel.state_for("SOP-NONE-001") is None


def test_onboarding_panel_unopenable_records_reported(qtbot, recorder, library, monkeypatch, tmp_path):
    """Records that cannot be opened: one error naming the file, the panel disabled."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    monkeypatch.setenv("HANDBOOK_DATA_DIR", str(blocker / "data"))
    store, error = Clinic.with_content(content_of(library)).open_records()
    assert store is None
    panel = OnboardingPanel(library, store, error, today=TODAY)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: bool(recorder.messages), timeout=1000)
    level, text = recorder.messages[0]
    assert level == "error"
    assert text.startswith("The onboarding records could not be opened")
    assert str(blocker) in text
    assert not panel.isEnabled()


def test_onboarding_panel_failed_write_reported(qtbot, recorder, library, store, nurse, monkeypatch):
    """An acknowledgement that cannot be saved is reported and nothing is signalled."""

    def refuse(*args: object) -> None:
        raise StorageError("cannot save to the records: disk I/O error", store.path)

    monkeypatch.setattr("handbook.ui.onboarding.onboarding_panel.acknowledge", refuse)
    panel = make_panel(qtbot, library, store)
    panel.acknowledge_button.click()
    panel.active_dialog.confirm.setChecked(True)
    with qtbot.assertNotEmitted(panel.acknowledgement_recorded, wait=300):
        panel.active_dialog.acknowledge_button.click()
        qtbot.waitUntil(lambda: bool(recorder.messages), timeout=5000)
    assert recorder.messages == [("error", f"The acknowledgement was not recorded.\n\nWhere: {store.path}")]


def test_onboarding_panel_draft_not_acknowledged(qtbot, recorder, make_content, store, nurse):
    """Asking to acknowledge a draft says only approved documents are acknowledged; nothing recorded."""
    panel = make_panel(qtbot, content(make_content, sop(1, status="draft")), store)
    panel.acknowledge_document("SOP-MON-001")
    assert recorder.messages == [
        ("info", "SOP-MON-001 is not approved: only approved documents are acknowledged.")
    ]
    assert store.events(kind="ack") == []


def test_onboarding_panel_writes_acknowledgement_off_the_gui_thread(
    qtbot, recorder, library, store, nurse, monkeypatch
):
    """The acknowledgement is written on a worker thread, on a connection of its own; the GUI thread only
    redraws once it is on disk.
    """
    threads = []
    real = acknowledge

    def spy(own_store, person, doc):
        threads.append(threading.current_thread())
        assert own_store is not store  # SQLite connections stay on the thread that opened them
        return real(own_store, person, doc)

    monkeypatch.setattr("handbook.ui.onboarding.onboarding_panel.acknowledge", spy)
    panel = make_panel(qtbot, library, store)
    panel.acknowledge_button.click()
    panel.active_dialog.confirm.setChecked(True)
    with qtbot.waitSignal(panel.acknowledgement_recorded, timeout=5000):
        panel.active_dialog.acknowledge_button.click()
    assert len(threads) == 1
    assert threads[0] is not threading.main_thread()
    assert row_states(panel)[0] == "Knowledge check to pass"  # the GUI connection reads the new row
