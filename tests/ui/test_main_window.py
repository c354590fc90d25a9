"""The first window: documents by category, the selected one rendered, problems shown without blocking."""

from __future__ import annotations

import pytest

from handbook.library.validate import lint
from handbook.ui.main_window import MainWindow
from tests.conftest import SOP_BODY, front_matter

pytestmark = pytest.mark.gui


@pytest.fixture
def main_window(qtbot, make_content):
    root = make_content({
        "mon.md": front_matter() + SOP_BODY.replace("Keep the patient safe.", "See [card](CARD-NOPE-001)."),
        "broken.md": "---\ntitle: [unclosed\n---\n",
    })  # fmt: skip
    library, problems = lint(root)
    window = MainWindow(library, problems)
    qtbot.addWidget(window)
    window.show()
    return window


def test_main_window_lists_documents_by_category(main_window):
    """The tree has the category folder with the document under it."""
    folder = main_window.tree.topLevelItem(0)
    assert folder.text(0) == "Monitoring (1)"
    assert folder.child(0).text(0) == "Monitoring during the infusion"


def test_main_window_renders_selected_document(main_window, qtbot):
    """Clicking a document in the tree shows it in the reader."""
    leaf = main_window.tree.topLevelItem(0).child(0)
    with qtbot.waitSignal(main_window.document_opened, timeout=1000):
        main_window.tree.itemClicked.emit(leaf, 0)
    text = main_window.reader.toPlainText()
    assert "Monitoring during the infusion" in text
    assert "SOP-MON-001 · Version 1" in text


def test_main_window_shows_problems_without_blocking(main_window):
    """Load problems are listed in the panel, with path and line, while the valid document is usable."""
    lines = [main_window.problems_panel.item(i).text() for i in range(main_window.problems_panel.count())]
    assert any(line.startswith("content/broken.md:2: H001") for line in lines)
    assert any("L001" in line for line in lines)
    assert main_window.problems_dock.isVisible()


def test_main_window_follows_cross_links(main_window, qtbot):
    """A doc: link in the reader opens that document; an unknown one says so in the status bar."""
    main_window.open_document("SOP-MON-001")
    from PySide6.QtCore import QUrl

    main_window.reader.anchorClicked.emit(QUrl("doc:CARD-NOPE-001"))
    assert "CARD-NOPE-001" in main_window.statusBar().currentMessage()
