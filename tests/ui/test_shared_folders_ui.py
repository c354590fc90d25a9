"""The workstation hooks: the shared updates folder is watched, an offer waits for the emergency cards
to close, installing asks first; records are written to the shared folder after each change.
"""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.publish.build import build_pack
from handbook.publish.install import active_content
from handbook.publish.keys import add_trusted_key, generate_keypair
from handbook.records.db import RecordStore
from handbook.records.profiles import create_profile
from handbook.ui import dialogs
from handbook.ui.updates.shared_folders import RecordsSharer, UpdateWatch, offer_update
from tests.publish.conftest import TODAY, card, sop, write_tree

pytestmark = pytest.mark.gui


@pytest.fixture
def share(tmp_path):
    """A shared updates folder holding one signed pack this workstation trusts."""
    private, public = generate_keypair(tmp_path / "keys")
    add_trusted_key(public)
    root = write_tree(tmp_path / "content", {"sops/mon.md": sop(), "cards/htn.md": card()})
    folder = tmp_path / "share"
    build_pack(root, private, folder / "handbook-2099.1.zip", version="2099.1", today=TODAY)
    return folder


def watch_for(qtbot, share, emergency=False):
    state = {"emergency": emergency}
    watch = UpdateWatch(share, is_emergency=lambda: state["emergency"], interval_ms=60_000, settle_ms=10)
    return watch, state


def test_update_watch_offers_a_settled_pack(qtbot, share):
    """Two looks at start; the second finds the pack unchanged and offers it."""
    watch, _ = watch_for(qtbot, share)
    with qtbot.waitSignal(watch.update_offered, timeout=10000) as offered:
        watch.start()
    assert offered.args[0].version == "2099.1"
    watch.timer.stop()


def test_update_watch_holds_offer_during_emergency(qtbot, share):
    """Found while the emergency cards are up: nothing is shown until they close."""
    watch, state = watch_for(qtbot, share, emergency=True)
    seen = []
    watch.update_offered.connect(seen.append)
    watch.check_now()
    qtbot.waitUntil(lambda: not watch.busy, timeout=5000)
    watch.check_now()
    qtbot.waitUntil(lambda: watch.pending is not None, timeout=5000)
    assert seen == []
    state["emergency"] = False
    watch.emergency_left()
    assert [offer.version for offer in seen] == ["2099.1"]


def test_offer_update_asks_then_installs(qtbot, share, recorder):
    """Yes installs the pack atomically and reports it; the question lists the changes."""
    watch, _ = watch_for(qtbot, share)
    watch.finder.look()
    offer = watch.finder.look()
    installed = []
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    assert offer_update(parent, offer, installed.append, watch)
    qtbot.waitUntil(lambda: bool(installed), timeout=10000)
    assert recorder.messages[0][0] == "question"
    assert "Edition 2099.1" in recorder.messages[0][1]
    assert "SOP-MON-001" in recorder.messages[0][1]
    assert installed[0].manifest.version == "2099.1"
    assert active_content().pack_version == "2099.1"


def test_offer_update_declined_is_not_offered_again(qtbot, share, monkeypatch):
    """No installs nothing, and the same version is not offered again this session."""
    monkeypatch.setattr(dialogs, "presenter", lambda *args: False)
    watch, _ = watch_for(qtbot, share)
    watch.finder.look()
    offer = watch.finder.look()
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    assert not offer_update(parent, offer, lambda result: None, watch)
    assert active_content().pack_version is None
    seen = []
    watch.update_offered.connect(seen.append)
    watch._looked(offer)
    assert seen == []


def test_records_sharer_writes_export_after_a_change(qtbot, tmp_path):
    """A records change writes this workstation's export into the shared folder."""
    store = RecordStore.open()
    create_profile(store, "Nurse Ann", "nurse", dt.date(2026, 1, 1), ["nurse"])
    sharer = RecordsSharer(store, tmp_path / "records")
    with qtbot.waitSignal(sharer.shared, timeout=5000) as done:
        sharer.records_changed("SOP-MON-001", 1)
    assert done.args[0].endswith(f"records-{store.workstation}.json")
    assert "Nurse Ann" in (tmp_path / "records" / f"records-{store.workstation}.json").read_text()
    store.close()


def test_records_sharer_reports_unwritable_folder(qtbot, tmp_path):
    """A folder that cannot be written is reported in one line; the records stay in the database."""
    store = RecordStore.open()
    blocker = tmp_path / "records"
    blocker.write_text("a file, not a folder")
    sharer = RecordsSharer(store, blocker)
    with qtbot.waitSignal(sharer.failed, timeout=5000) as failed:
        sharer.records_changed()
    assert "cannot export" in failed.args[0]
    store.close()
