"""The app wires the shared folders a workstation names: a settled pack in the updates folder is offered
and installed through the clinic (the window then shows it), and each records change is exported.
"""

from __future__ import annotations

import pytest

from handbook.app import build_window
from handbook.publish.build import build_pack
from handbook.publish.keys import add_trusted_key, generate_keypair
from handbook.ui import window_commands
from handbook.ui.updates.shared_folders import SharedFolders
from tests.publish.conftest import TODAY, card, sop, write_tree

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, tmp_path, recorder):
    content = write_tree(tmp_path / "content", {"sops/mon.md": sop(), "cards/htn.md": card()})
    window = build_window(content)
    qtbot.addWidget(window)
    return window


def test_app_without_shared_folders_builds_nothing(window, monkeypatch):
    """No setting and no environment variable: no watch, no export."""
    monkeypatch.delenv("HANDBOOK_UPDATES_DIR", raising=False)
    monkeypatch.delenv("HANDBOOK_RECORDS_DIR", raising=False)
    assert SharedFolders(window).apply() == (None, None)


def test_app_offers_and_installs_a_pack_from_the_updates_folder(
    qtbot, window, tmp_path, monkeypatch, recorder
):
    """A signed pack settled in HANDBOOK_UPDATES_DIR is offered; yes installs it through the clinic and the
    window shows the new edition.
    """
    private, public = generate_keypair(tmp_path / "keys")
    add_trusted_key(public)
    root = write_tree(tmp_path / "next", {"sops/mon.md": sop(version=2), "cards/htn.md": card()})
    share = tmp_path / "share"
    build_pack(root, private, share / "handbook-2099.1.zip", version="2099.1", today=TODAY)
    monkeypatch.setenv("HANDBOOK_UPDATES_DIR", str(share))
    watch, _ = SharedFolders(window).apply()
    assert watch is not None
    watch.timer.stop()
    qtbot.waitUntil(lambda: not watch.busy, timeout=10000)  # the first look at start
    with qtbot.waitSignal(watch.update_offered, timeout=10000):
        watch.check_now()  # the second look finds the pack unchanged
    qtbot.waitUntil(lambda: window.clinic.active.pack_version == "2099.1", timeout=10000)
    assert recorder.messages[0][0] == "question"
    assert "2099.1" in recorder.messages[0][1]


def test_app_exports_records_after_a_change(qtbot, window, tmp_path, monkeypatch):
    """With HANDBOOK_RECORDS_DIR set, a records change writes this workstation's export there."""
    monkeypatch.setenv("HANDBOOK_RECORDS_DIR", str(tmp_path / "records"))
    _, sharer = SharedFolders(window).apply()
    assert sharer is not None
    with qtbot.waitSignal(sharer.shared, timeout=5000) as written:
        window.side.records_changed.emit()
    assert (tmp_path / "records").is_dir()
    assert written.args[0].endswith(".json")


def test_shared_folders_dialog_saves_and_rewires(qtbot, window, tmp_path, monkeypatch):
    """File > Shared folders…: the folders are saved in the clinic's settings (not overwritten by a later
    zoom change) and the hooks follow at once.
    """
    from handbook.settings import load_settings
    from handbook.ui.updates import shared_folders_dialog

    monkeypatch.delenv("HANDBOOK_UPDATES_DIR", raising=False)
    monkeypatch.delenv("HANDBOOK_RECORDS_DIR", raising=False)
    hooks = SharedFolders(window)
    assert hooks.apply() == (None, None)
    window.shared_folders_changed.connect(hooks.apply)
    records = str(tmp_path / "records")

    class Answered(shared_folders_dialog.SharedFoldersDialog):
        def exec(self):
            self.records.setText(records)
            return True

    monkeypatch.setattr(shared_folders_dialog, "SharedFoldersDialog", Answered)
    window_commands.edit_shared_folders(window)
    assert hooks.sharer is not None
    window.set_zoom(2)  # a later change of another setting keeps the folder
    assert load_settings()[0].records_dir == records
    assert load_settings()[0].zoom == 2
