"""Live preview: the rendering and its problems follow the file as the author saves it."""

from __future__ import annotations

import pytest

from handbook.ui.director.preview_window import PreviewWindow, main
from tests.publish.conftest import card, sop, write_tree

pytestmark = pytest.mark.gui


@pytest.fixture
def folder(tmp_path):
    return write_tree(tmp_path / "drafts", {"sops/mon.md": sop(), "cards/htn.md": card()})


@pytest.fixture
def window(qtbot, folder, recorder):
    win = PreviewWindow(folder, debounce_ms=50)
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.library is not None, timeout=5000)
    win.show()
    return win


def item_texts(win):
    return [win.doc_list.item(i).text() for i in range(win.doc_list.count())]


def select(win, doc_id):
    row = next(i for i, text in enumerate(item_texts(win)) if text.startswith(doc_id))
    win.doc_list.setCurrentRow(row)


def test_preview_window_lists_and_renders_documents(window):
    """Every document of the folder is listed; choosing one renders it."""
    assert item_texts(window) == [
        "CARD-HTN-001 · High blood pressure",
        "SOP-MON-001 · Monitoring during the infusion",
    ]
    select(window, "SOP-MON-001")
    assert "Keep the patient safe." in window.view.toPlainText()
    assert window.problems_panel.count() == 0


def test_preview_window_reloads_on_file_save(qtbot, window, folder):
    """Saving the file re-renders it without any action from the author."""
    select(window, "SOP-MON-001")
    path = folder / "sops" / "mon.md"
    path.write_text(path.read_text().replace("Keep the patient safe.", "Keep every patient safe."))
    qtbot.waitUntil(lambda: "Keep every patient safe." in window.view.toPlainText(), timeout=5000)


def test_preview_window_shows_problems_of_saved_file(qtbot, window, folder):
    """A broken link saved into the approved document appears in the problems beside it, with its
    count, and so does the approval it voided.
    """
    select(window, "SOP-MON-001")
    path = folder / "sops" / "mon.md"
    path.write_text(path.read_text() + "\nSee [x](SOP-NOPE-001).\n")
    qtbot.waitUntil(lambda: window.problems_panel.count() == 2, timeout=5000)
    shown = [window.problems_panel.item(row).text() for row in range(2)]
    assert any("L001 link to unknown document 'SOP-NOPE-001'" in text for text in shown)
    assert any("A003 changed since approval" in text for text in shown)
    assert "SOP-MON-001 · Monitoring during the infusion  [2]" in item_texts(window)


def test_preview_window_picks_up_new_and_renamed_files(qtbot, window, folder):
    """A file added to the folder (as editors do when saving by rename) is listed after reload."""
    (folder / "cards" / "res.md").write_text(card(id="CARD-RES-001", title="Respiratory"))
    qtbot.waitUntil(lambda: any(t.startswith("CARD-RES-001") for t in item_texts(window)), timeout=5000)


def test_preview_window_shows_unloadable_file_with_its_problems(qtbot, window, folder):
    """A file whose header is broken is listed as not shown, and choosing it lists why."""
    (folder / "sops" / "mon.md").write_text("---\ntitle: [unclosed\n---\n")
    qtbot.waitUntil(lambda: any("cannot be shown" in t for t in item_texts(window)), timeout=5000)
    row = next(i for i, t in enumerate(item_texts(window)) if "cannot be shown" in t)
    window.doc_list.setCurrentRow(row)
    assert "H001" in window.problems_panel.item(0).text()
    assert "cannot be shown until the problems" in window.view.toPlainText()


def test_preview_window_debounces_a_burst_of_saves(qtbot, window):
    """Many change notifications in a row cause one reload, not one each."""
    before = window._generation
    with qtbot.waitSignal(window.content_reloaded, timeout=5000):
        for _ in range(10):
            window.schedule_reload("x")
    assert window._generation == before + 1


def test_preview_window_follows_cross_links(qtbot, window, folder):
    """A doc: link in the rendering opens that document of the folder."""
    window.open_document("CARD-HTN-001")
    assert window.doc_list.currentItem().text().startswith("CARD-HTN-001")
    window.open_document("SOP-NOPE-001")
    assert "SOP-NOPE-001" in window.statusBar().currentMessage()


def test_preview_main_refuses_missing_folder(tmp_path, capsys):
    """`handbook preview` on a folder that does not exist exits 2 with one line."""
    assert main([str(tmp_path / "nope")]) == 2
    assert "content folder not found" in capsys.readouterr().err
