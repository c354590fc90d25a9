"""Robust start: the window works at once; a missing, stale or corrupt index is rebuilt in the background."""

from __future__ import annotations

import pytest

from handbook import paths, services
from handbook.app import attach_search
from handbook.clinic import Clinic
from handbook.library.validate import lint
from handbook.ui.main_window import MainWindow
from tests.conftest import content_of
from tests.ui.conftest import tiny_content

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, make_content, recorder, monkeypatch, tmp_path):
    monkeypatch.setattr(paths, "bundled_index_dir", lambda: tmp_path / "no-bundled-index")
    library, problems = lint(tiny_content(make_content))
    win = MainWindow(Clinic.with_content(content_of(library, problems)))
    qtbot.addWidget(win)
    win.show()
    return win


def test_app_rebuilds_missing_index_in_background(window, qtbot):
    """With no index anywhere, search is rebuilt into the cache folder and then works."""
    assert window.search.searcher is None
    attach_search(window)
    qtbot.waitUntil(lambda: window.search.searcher is not None, timeout=5000)
    assert window.index_label.text() == "Search index rebuilt"
    assert (paths.cache_index_dir()).is_dir()
    assert window.search.searcher.search("hypertension")


def test_app_reuses_matching_cached_index(window, qtbot):
    """A cached index whose fingerprint matches the content is opened, not rebuilt."""
    services.rebuild_index(services.plan_index(window.library))
    attach_search(window)
    qtbot.waitUntil(lambda: window.search.searcher is not None, timeout=5000)
    assert window.index_label.text() == "Search ready"


def test_app_rebuilds_corrupt_index(window, qtbot):
    """Garbage in the cached index files leads to a rebuild, not a crash."""
    services.rebuild_index(services.plan_index(window.library))
    for file in paths.cache_index_dir().iterdir():
        if file.is_file():
            file.write_bytes(b"\x00garbage")
    attach_search(window)
    qtbot.waitUntil(lambda: window.search.searcher is not None, timeout=5000)
    assert window.index_label.text() == "Search index rebuilt"


def test_app_reports_unbuildable_index_and_keeps_browsing(window, qtbot, recorder, monkeypatch):
    """When the index cannot be written the user is told where, and documents still open."""
    import search

    def fail(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(search, "build_index", fail)
    attach_search(window)
    qtbot.waitUntil(lambda: bool(recorder.messages), timeout=5000)
    level, text = recorder.messages[0]
    assert level == "error"
    assert "Search is unavailable" in text
    assert str(paths.cache_index_dir()) in text
    assert window.open_document("SOP-MON-001")
