"""After an update is installed the window shows the new content and searches the pack's own index."""

from __future__ import annotations

import pytest

from handbook import app
from handbook.publish import install, verify
from handbook.publish.build import build_pack
from handbook.publish.keys import add_trusted_key, generate_keypair
from handbook.ui.updates.update_dialog import install_update
from tests.publish.conftest import TODAY, card, sop, write_tree

pytestmark = pytest.mark.gui


def test_app_window_follows_the_installed_update_from_the_event(qtbot, recorder, tmp_path, monkeypatch):
    """Bundled content first; the pack is installed off the GUI thread and verified once; the window is
    updated from the core's "content changed" event: the new document is listed, opened and found.
    """
    monkeypatch.setenv("HANDBOOK_CONTENT_DIR", str(write_tree(tmp_path / "bundled", {"sops/mon.md": sop()})))
    private, public = generate_keypair(tmp_path / "keys")
    add_trusted_key(public)
    window = app.build_window()
    qtbot.addWidget(window)
    assert window.library.get("CARD-HTN-001") is None
    verified = []
    real_verify = verify.verify_pack
    monkeypatch.setattr(install, "verify_pack", lambda *a: verified.append(a[0]) or real_verify(*a))
    monkeypatch.setattr(install, "verify_folder", lambda *a: pytest.fail("the new pack was verified again"))
    events = []
    window.clinic.subscribe(events.append)

    content = write_tree(tmp_path / "new", {"sops/mon.md": sop(version=2), "cards/htn.md": card()})
    pack = build_pack(content, private, tmp_path / "2026.2.zip", version="2026.2", today=TODAY).path
    job = install_update(
        window, pack, installer=window.clinic.install, on_installed=window.clinic.show_installed
    )
    qtbot.waitUntil(lambda: bool(events), timeout=10000)

    assert verified == [pack]
    assert not job.running
    assert window.library is events[0].library is window.clinic.library
    assert window.open_document("CARD-HTN-001")
    assert "update 2026.2 installed" in window.edition_label.text()
    assert window.clinic.active.index_dir is not None
    assert window.clinic.active.index_dir.is_relative_to(tmp_path)
    qtbot.waitUntil(lambda: window.search.searcher is not None, timeout=5000)
    assert window.index_label.text() == "Search ready"  # the pack's prebuilt index, not a rebuild
    assert window.search.searcher.search("high blood pressure")[0].doc_id == "CARD-HTN-001"
    assert window.clinic.searcher is window.search.searcher
