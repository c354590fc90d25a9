"""File > Install update: background verify and install, a refusal names its reason, success reports changes."""

from __future__ import annotations

import zipfile

import pytest

from handbook.publish.build import build_pack
from handbook.publish.changes import ChangeSummary, DocChange
from handbook.publish.install import ActiveContent, InstallResult, active_content
from handbook.publish.keys import add_trusted_key, generate_keypair
from handbook.publish.manifest import Manifest
from handbook.ui.updates import update_dialog
from handbook.ui.updates.update_dialog import install_update
from tests.publish.conftest import TODAY, card, sop, write_tree

pytestmark = pytest.mark.gui


@pytest.fixture
def keys(tmp_path, monkeypatch):
    """A trusted signing key; the bundled content lives in tmp (edition T1 never blocks an install)."""
    monkeypatch.setenv("HANDBOOK_CONTENT_DIR", str(write_tree(tmp_path / "bundled", {"sops/mon.md": sop()})))
    private, public = generate_keypair(tmp_path / "keys")
    add_trusted_key(public)
    return private


def make_pack(tmp_path, key, version, files):
    root = write_tree(tmp_path / f"content-{version}", files)
    return build_pack(root, key, tmp_path / f"{version}.zip", version=version, today=TODAY).path


def test_update_dialog_installs_and_reports_changes(qtbot, recorder, keys, tmp_path):
    """A good pack installs in the background; the user is told what changed; the new content is emitted."""
    pack = make_pack(tmp_path, keys, "2026.2", {"sops/mon.md": sop(version=2, change_note="New gate."),
                                                "cards/htn.md": card()})  # fmt: skip
    received = []
    installer = install_update(None, pack, on_installed=received.append)
    with qtbot.waitSignal(installer.update_installed, timeout=10000):
        pass
    assert received[0].active.pack_version == "2026.2"
    assert received[0].active == active_content()
    level, text = recorder.messages[-1]
    assert level == "info"
    assert "Installed update 2026.2" in text
    assert "2 document(s) changed materially" in text
    assert "changed  SOP-MON-001 v1 → v2 [material]: Monitoring during the infusion — New gate." in text


def test_update_dialog_refuses_tampered_pack_naming_the_file(qtbot, recorder, keys, tmp_path):
    """An altered pack is refused with the reason and the pack's path; the content stays as it was."""
    pack = make_pack(tmp_path, keys, "2026.2", {"sops/mon.md": sop()})
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(tampered, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data.replace(b"safe", b"unsafe") if name.endswith("mon.md") else data)
    installer = install_update(None, tampered)
    with qtbot.waitSignal(installer.update_failed, timeout=10000) as failed:
        pass
    assert failed.args == ["file hash mismatch (tampered or corrupt): content/sops/mon.md"]
    level, text = recorder.messages[-1]
    assert level == "error"
    assert (
        "The update was not installed: file hash mismatch (tampered or corrupt): content/sops/mon.md" in text
    )
    assert f"Where: {tampered}" in text
    assert active_content().pack_version is None


def test_update_dialog_refuses_untrusted_key(qtbot, recorder, keys, tmp_path):
    """A pack signed by a key the workstation does not trust is refused as 'wrong key'."""
    stranger, _ = generate_keypair(tmp_path / "stranger")
    pack = make_pack(tmp_path, stranger, "2026.2", {"sops/mon.md": sop()})
    installer = install_update(None, pack)
    with qtbot.waitSignal(installer.update_failed, timeout=10000):
        pass
    assert "wrong key" in recorder.messages[-1][1]


def test_update_dialog_refuses_downgrade(qtbot, recorder, keys, tmp_path):
    """Installing the same pack twice: the second time is refused as a downgrade."""
    pack = make_pack(tmp_path, keys, "2026.2", {"sops/mon.md": sop()})
    first = install_update(None, pack)
    with qtbot.waitSignal(first.update_installed, timeout=10000):
        pass
    second = install_update(None, pack)
    with qtbot.waitSignal(second.update_failed, timeout=10000):
        pass
    assert "downgrade refused" in recorder.messages[-1][1]


def test_update_dialog_reports_unexpected_failure(qtbot, recorder, tmp_path):
    """An unexpected error in the installer reaches the user as an error, not a crash."""

    def broken(path, keys):
        raise OSError(5, "Input/output error")

    installer = update_dialog.UpdateInstaller(None, tmp_path / "p.zip", installer=broken)
    with qtbot.waitSignal(installer.update_failed, timeout=10000):
        installer.start()
    assert recorder.messages[-1][0] == "error"
    assert "Input/output error" in recorder.messages[-1][1]
    assert not installer.running


def test_update_dialog_cancelled_file_choice_does_nothing(qtbot, recorder, monkeypatch):
    """Cancelling the file dialog installs nothing and says nothing."""
    monkeypatch.setattr(update_dialog, "choose_pack_file", lambda parent: None)
    assert update_dialog.install_update_from_file(None) is None
    assert recorder.messages == []


def test_update_summary_caps_long_change_lists(qtbot, tmp_path):
    """More changes than fit a message are counted, not listed."""
    many = tuple(DocChange(f"CARD-X{n:02d}-001", "t", None, 1, "editorial", "") for n in range(40))
    manifest = Manifest("2026.2", "", "", "", None, (), "", ())
    result = InstallResult(manifest, None, ActiveContent(tmp_path, None, frozenset(), "2026.2"),
                           ChangeSummary(added=many))  # fmt: skip
    text = update_dialog.UpdateInstaller(None, tmp_path).summary(result)
    assert "… and 15 more." in text
    assert "CARD-X24-001" in text
    assert "CARD-X25-001" not in text
