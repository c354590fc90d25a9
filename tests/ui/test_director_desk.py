"""The director's desk: queue → preview beside the source → approve by name; values edited in the table;
publish into a folder without a terminal.
"""

from __future__ import annotations

import pytest

from handbook.clinic import Clinic
from handbook.library.loader import load_library
from handbook.library.validate import lint
from handbook.publish.desk import PublishRequest
from handbook.publish.private_key import generate_protected_keypair
from handbook.ui import dialogs
from handbook.ui.director import open_director_desk
from handbook.ui.director.desk_window import DirectorDesk
from tests.conftest import content_of
from tests.publish.conftest import card, sop, write_tree

pytestmark = pytest.mark.gui
VALUES = """\
values:
  bp_gate_systolic:
    value: 140          # clinic decision
    unit: mmHg
    label: Systolic gate
    source: Spravato PI
    clinic_set: true
"""


@pytest.fixture
def folder(tmp_path):
    mon = sop(status="draft", approved_by='""', approval=None).replace("---\n", "---\n" + VALUES, 1)
    mon = mon.replace("Keep the patient safe.", "Keep the patient safe below {{bp_gate_systolic}} mmHg.")
    htn = card(status="draft", approved_by='""', approval=None)
    return write_tree(tmp_path / "desk", {"sops/mon.md": mon, "cards/htn.md": htn})


@pytest.fixture
def desk(qtbot, folder, recorder):
    window = DirectorDesk(folder, debounce_ms=50)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.preview.library is not None, timeout=5000)
    return window


def queue_rows(desk):
    return [
        (desk.queue.topLevelItem(i).text(0), desk.queue.topLevelItem(i).text(1))
        for i in range(desk.queue.topLevelItemCount())
    ]


def choose(qtbot, desk, doc_id):
    row = next(i for i, (_, shown) in enumerate(queue_rows(desk)) if shown == doc_id)
    desk.queue.setCurrentItem(desk.queue.topLevelItem(row))
    qtbot.waitUntil(
        lambda: desk.shown_document() is not None and desk.shown_document().id == doc_id, timeout=5000
    )


def test_desk_queue_lists_drafts(desk):
    """The template's drafts wait in the queue."""
    assert queue_rows(desk) == [("Draft", "CARD-HTN-001"), ("Draft", "SOP-MON-001")]


def test_desk_queue_opens_preview_beside_source(qtbot, desk):
    """Choosing an entry shows the rendered document and its source file."""
    choose(qtbot, desk, "SOP-MON-001")
    assert "Keep the patient safe below 140 mmHg." in desk.preview.view.toPlainText()
    assert "DRAFT" in desk.preview.view.toPlainText()
    assert desk.source.toPlainText().startswith("---\nvalues:")


def test_desk_approve_needs_a_shown_document_and_a_name(qtbot, desk, recorder, folder):
    """Nothing is approved before the document was shown and a name typed."""
    desk.preview.view.current = None
    desk.approve_shown()
    assert "must be shown" in recorder.messages[-1][1]
    choose(qtbot, desk, "SOP-MON-001")
    desk.approve_shown()
    assert "Type your name" in recorder.messages[-1][1]
    assert load_library(folder).library.get("SOP-MON-001").status == "draft"


def test_desk_approves_shown_document_by_name(qtbot, desk, recorder, folder):
    """After the confirmation naming document, version and approver, the record is written; the queue updates."""
    choose(qtbot, desk, "SOP-MON-001")
    qtbot.keyClicks(desk.approver, "Dr A. Example")
    with qtbot.waitSignal(desk.document_approved, timeout=5000):
        desk.approve_shown()
    assert recorder.messages[-1][0] == "question"
    assert "Approve SOP-MON-001 version 1" in recorder.messages[-1][1]
    assert "Dr A. Example" in recorder.messages[-1][1]
    doc = load_library(folder).library.get("SOP-MON-001")
    assert doc.approval_state == "approved"
    assert doc.approval.by == "Dr A. Example"
    assert ("Draft", "SOP-MON-001") not in queue_rows(desk)


def test_desk_refuses_approval_when_file_changed_after_it_was_shown(qtbot, desk, recorder, folder):
    """What is approved is what was shown: a save in between sends the director back to look again."""
    choose(qtbot, desk, "SOP-MON-001")
    desk.approver.setText("Dr A")
    desk.preview.timer.stop()
    path = folder / "sops" / "mon.md"
    path.write_text(path.read_text().replace("All infusions.", "Every infusion."))
    desk.preview.watcher.blockSignals(True)
    desk.approve_shown()
    assert "changed since it was shown" in recorder.messages[-1][1]
    assert load_library(folder).library.get("SOP-MON-001").status == "draft"


def test_desk_declined_confirmation_approves_nothing(qtbot, desk, monkeypatch, folder):
    """Answering no to the confirmation leaves the document a draft."""
    monkeypatch.setattr(dialogs, "presenter", lambda *args: False)
    choose(qtbot, desk, "SOP-MON-001")
    desk.approver.setText("Dr A")
    desk.approve_shown()
    assert load_library(folder).library.get("SOP-MON-001").status == "draft"


def test_desk_values_edit_writes_file_and_reruns_lint(qtbot, desk, folder):
    """Editing a value in the table writes the number into the front matter (comment kept) and re-lints."""
    desk.left.setCurrentIndex(1)
    assert desk.values.item(0, 0).text() == "bp_gate_systolic"
    assert desk.values.item(0, 4).text() == "SOP-MON-001"
    with qtbot.waitSignal(desk.values.value_changed, timeout=5000):
        desk.values.item(0, 1).setText("150")
    assert "    value: 150          # clinic decision\n" in (folder / "sops" / "mon.md").read_text()
    assert desk.values.item(0, 1).text() == "150"
    qtbot.waitUntil(
        lambda: "below 150 mmHg" in (choose(qtbot, desk, "SOP-MON-001") or desk.preview.view.toPlainText()),
        timeout=5000,
    )


def test_desk_values_bad_cell_is_refused(qtbot, desk, recorder, folder):
    """Text in a number column is refused with a message; the file keeps its number."""
    desk.values.item(0, 1).setText("high")
    assert "The value was not changed." in recorder.messages[-1][1]
    assert "value: 140" in (folder / "sops" / "mon.md").read_text()
    assert desk.values.item(0, 1).text() == "140"


def test_desk_publishes_signed_pack_into_folder(qtbot, desk, recorder, folder, tmp_path):
    """Approve both documents, then publish: the pack is in the chosen folder and the edition raised."""
    for doc_id in ("CARD-HTN-001", "SOP-MON-001"):
        choose(qtbot, desk, doc_id)
        desk.approver.setText("Dr A")
        desk.approve_shown()
    key, _ = generate_protected_keypair(tmp_path / "usb", "correct horse battery")
    request = PublishRequest(folder, "2026.2", key, "correct horse battery", tmp_path / "share", "Dr A")
    with qtbot.waitSignal(desk.pack_published, timeout=20000) as published:
        desk.run_publish(request)
    assert published.args == [str(tmp_path / "share" / "handbook-2026.2.zip")]
    assert "Edition 2026.2 is signed" in recorder.messages[-1][1]
    assert 'edition: "2026.2"' in (folder / "handbook.yaml").read_text()


def test_desk_publish_wrong_passphrase_is_one_clear_message(qtbot, desk, recorder, folder, tmp_path):
    """A wrong passphrase: one error naming it, nothing written, the button usable again."""
    key, _ = generate_protected_keypair(tmp_path / "usb", "correct horse battery")
    desk.run_publish(PublishRequest(folder, "2026.2", key, "nope nope nope", tmp_path / "share"))
    qtbot.waitUntil(lambda: desk.publish_action.isEnabled(), timeout=10000)
    assert "wrong passphrase for the signing key" in recorder.messages[-1][1]
    assert not (tmp_path / "share").exists()


def test_open_director_desk_refuses_a_folder_without_handbook_yaml(qtbot, recorder, folder, tmp_path):
    """The desk opens only on a content folder."""
    assert open_director_desk(None, Clinic.with_content(content_of(lint(folder)[0])), tmp_path) is None
    assert "not a handbook content folder" in recorder.messages[-1][1]


def test_open_director_desk_remembers_the_folder(qtbot, recorder, folder):
    """Opening on a folder remembers it for next time."""
    from handbook.settings import load_settings

    clinic = Clinic.with_content(content_of(lint(folder)[0]))
    desk = open_director_desk(None, clinic, folder)
    qtbot.addWidget(desk)
    assert load_settings()[0].desk_content_dir == str(folder)
    assert clinic.settings.desk_content_dir == str(folder)


def test_main_window_file_menu_opens_the_desk(main_window, monkeypatch):
    """File > Director's desk… opens the desk (the folder chooser is answered in the test)."""
    opened = []
    monkeypatch.setattr(
        "handbook.ui.director.open_director_desk", lambda parent, clinic: opened.append(parent)
    )
    file_menu = main_window.menuBar().actions()[0].menu()
    assert main_window.registry["director_desk"] in file_menu.actions()
    main_window.registry["director_desk"].trigger()
    assert opened == [main_window]


def test_desk_collects_shared_records_into_one_report(qtbot, desk, recorder, tmp_path, monkeypatch):
    """Exports of two workstations in the shared folder appear in one report; a tampered one is named."""
    import datetime as dt

    from handbook.records.db import RecordStore
    from handbook.records.profiles import create_profile
    from handbook.records.shared_records import share_records

    shared = tmp_path / "records"
    written = []
    for name in ("Ann", "Bob", "Eve"):
        monkeypatch.setenv("HANDBOOK_DATA_DIR", str(tmp_path / name))
        with RecordStore.open() as store:
            create_profile(store, f"Nurse {name}", "nurse", dt.date(2026, 1, 1), ["nurse"])
            written.append(share_records(store, shared))
    written[2].write_text(written[2].read_text().replace("Nurse Eve", "Nurse Mallory"))
    monkeypatch.setenv("HANDBOOK_DATA_DIR", str(tmp_path / "director"))
    director_store = RecordStore.open()
    desk.records = lambda: director_store
    desk.collect_records(shared)
    assert recorder.messages[-1][0] == "warning"
    assert written[2].name in recorder.messages[-1][1]
    report = desk.report_dialog.view.toPlainText()
    assert "Nurse Ann" in report
    assert "Nurse Bob" in report
    assert "Nurse Mallory" not in report


def test_desk_reapproval_of_changed_text_raises_the_version(qtbot, desk, recorder, folder):
    """An approved document edited afterwards is 'changed since approval'; approving it again raises its
    version, and the confirmation says so.
    """
    choose(qtbot, desk, "SOP-MON-001")
    desk.approver.setText("Dr A")
    desk.approve_shown()
    path = folder / "sops" / "mon.md"
    path.write_text(path.read_text().replace("All infusions.", "Every infusion."))
    desk.refresh()
    assert ("Changed since approval", "SOP-MON-001") in queue_rows(desk)
    desk.preview.reload()
    qtbot.waitUntil(lambda: "Every infusion." in desk.preview.view.toPlainText(), timeout=5000)
    with qtbot.waitSignal(desk.document_approved, timeout=5000) as approved:
        desk.approve_shown()
    assert approved.args == ["SOP-MON-001", 2]
    assert "its version is raised" in [text for level, text in recorder.messages if level == "question"][-1]
    doc = load_library(folder).library.get("SOP-MON-001")
    assert (doc.version, doc.approval_state) == (2, "approved")
    assert sorted(p.name for p in (folder / "history" / "SOP-MON-001").iterdir()) == ["1.md", "2.md"]
