"""After an update is installed the window shows the new content and searches the pack's own index."""

from __future__ import annotations

import pytest

from handbook import app
from handbook.publish.build import build_pack
from handbook.publish.install import install_pack
from handbook.publish.keys import add_trusted_key, generate_keypair
from tests.publish.conftest import TODAY, card, sop, write_tree

pytestmark = pytest.mark.gui


def test_app_reloads_installed_update_with_its_index(qtbot, recorder, tmp_path, monkeypatch):
    """Bundled content first; after installing a pack the new document is listed, opened and found."""
    monkeypatch.setenv("HANDBOOK_CONTENT_DIR", str(write_tree(tmp_path / "bundled", {"sops/mon.md": sop()})))
    private, public = generate_keypair(tmp_path / "keys")
    add_trusted_key(public)
    window = app.build_window()
    qtbot.addWidget(window)
    assert window.library.get("CARD-HTN-001") is None

    content = write_tree(tmp_path / "new", {"sops/mon.md": sop(version=2), "cards/htn.md": card()})
    install_pack(build_pack(content, private, tmp_path / "2026.2.zip", version="2026.2", today=TODAY).path)
    app.reload_content(window)

    assert window.open_document("CARD-HTN-001")
    assert "update 2026.2 installed" in window.edition_label.text()
    assert window.index_dir is not None
    assert window.index_dir.is_relative_to(tmp_path)
    qtbot.waitUntil(lambda: window.search.searcher is not None, timeout=5000)
    assert window.index_label.text() == "Search ready"  # the pack's prebuilt index, not a rebuild
    assert window.search.searcher.search("high blood pressure")[0].doc_id == "CARD-HTN-001"
