"""The search panel: scannable results with marked words, newer typing wins; quick open with typos."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

import search
from handbook.ui.reader.quick_open import QuickOpenDialog
from handbook.ui.reader.search_panel import LINES_ROLE, SearchPanel
from search import IndexDocument

pytestmark = pytest.mark.gui

DOCS = [
    IndexDocument(
        "CARD-EMG-001", "", "Emergence reaction", "", "Agitation after an emergence reaction.", kind="card"
    ),
    IndexDocument(
        "CARD-EMG-001",
        "act",
        "Emergence reaction",
        "Act now",
        "Dim the lights. If SpO2 is low or breathing slow, call.",
        kind="card",
    ),
    IndexDocument(
        "SOP-SET-001", "", "Emergency cart", "", "Every emergency needs the cart; flow is slow.", kind="sop"
    ),
]


@pytest.fixture
def panel(qtbot):
    """A shown search panel over a small in-memory index."""
    widget = SearchPanel()
    qtbot.addWidget(widget)
    widget.resize(420, 500)
    widget.show()
    widget.set_searcher(search.ram_index(DOCS))
    return widget


def type_text(qtbot, panel, text):
    """Type text into the box and wait for the results of exactly that text."""
    with qtbot.waitSignal(panel.search_finished, timeout=3000, check_params_cb=lambda q, _n: q == text):
        qtbot.keyClicks(panel.box, text)


def marked_words(panel, row):
    """The words painted in bold in a result's snippet."""
    _, _, runs = panel.results.item(row).data(LINES_ROLE)
    return [text for text, marked in runs if marked]


def test_search_panel_result_shows_title_section_id_and_snippet(panel, qtbot):
    """Each result carries its heading line, its id and a snippet with the matched words marked."""
    type_text(qtbot, panel, "emergence")
    heading, doc_id, runs = panel.results.item(0).data(LINES_ROLE)
    assert doc_id == "CARD-EMG-001"
    assert heading.startswith("Emergence reaction")
    assert "emergence" in [w.lower() for w in marked_words(panel, 0)]
    assert "".join(text for text, _ in runs).startswith("Agitation")


def test_search_panel_marks_whole_words_only(panel, qtbot):
    """'emergence' finds the emergency cart by stem but marks no 'emergency' in it."""
    type_text(qtbot, panel, "emergence")
    rows = {panel.results.item(r).data(LINES_ROLE)[1]: r for r in range(panel.results.count())}
    assert "SOP-SET-001" in rows
    assert marked_words(panel, rows["SOP-SET-001"]) == []


def test_search_panel_does_not_mark_inside_words(panel, qtbot):
    """'low' is marked as a word, never inside 'slow' or 'flow'."""
    type_text(qtbot, panel, "low")
    assert [marked_words(panel, r) for r in range(panel.results.count())] == [["low"]]


def test_search_panel_paints_results(panel, qtbot):
    """The two-line delegate paints without error and gives each row room for two lines."""
    type_text(qtbot, panel, "emergency")
    image = panel.results.grab()
    assert not image.isNull()
    rect = panel.results.visualItemRect(panel.results.item(0))
    assert rect.height() >= 2 * panel.results.fontMetrics().height()


class SlowSearcher:
    """Blocks the first query until released; records which queries ran."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.queries: list[str] = []
        self.inner = search.ram_index(DOCS)

    def search(self, text, limit=20):
        self.queries.append(text)
        if len(self.queries) == 1:
            self.release.wait(5)
        return self.inner.search(text, limit=limit)


def test_search_panel_newer_keystroke_supersedes_running_query(qtbot):
    """Results of a query overtaken by typing are never shown; the latest text's results are."""
    panel = SearchPanel()
    qtbot.addWidget(panel)
    slow = SlowSearcher()
    panel.set_searcher(slow)
    finished: list[str] = []
    panel.search_finished.connect(lambda q, _n: finished.append(q))
    qtbot.keyClicks(panel.box, "emer")
    qtbot.waitUntil(lambda: len(slow.queries) == 1, timeout=2000)
    qtbot.keyClicks(panel.box, "gency")
    slow.release.set()
    qtbot.waitUntil(lambda: finished == ["emergency"], timeout=3000)
    assert slow.queries[-1] == "emergency"
    assert panel.results.count() == 2


@pytest.fixture
def quick(qtbot, make_content):
    """A quick-open dialog over the tiny content."""
    from handbook.library.validate import lint
    from tests.ui.conftest import tiny_content

    library, _ = lint(tiny_content(make_content))
    dialog = QuickOpenDialog(library)
    qtbot.addWidget(dialog)
    return dialog


@pytest.mark.parametrize(("typed", "doc_id"), [("hypertensoin", "CARD-HTN-001"), ("sop-mno", "SOP-MON-001")])
def test_quick_open_tolerates_typos_in_titles_and_ids(quick, qtbot, typed, doc_id):
    """A misspelt title word or id still offers the document, and says it is a close spelling."""
    qtbot.keyClicks(quick.box, typed)
    qtbot.keyClick(quick.box, Qt.Key.Key_Return)
    assert quick.chosen == doc_id
    assert "closest" in quick.state.text()


def test_quick_open_says_when_nothing_matches(quick, qtbot):
    """Nothing close: the list is empty and the dialog says so."""
    qtbot.keyClicks(quick.box, "zzqqxx")
    assert quick.list.count() == 0
    assert "No document matches" in quick.state.text()
    assert quick.state.isVisibleTo(quick)


def test_quick_open_exact_match_has_no_note(quick, qtbot):
    """An exact match shows no note."""
    qtbot.keyClicks(quick.box, "htn")
    assert quick.list.count() >= 1
    assert quick.state.text() == ""


def test_typeahead_probe_answers_every_keystroke(main_window):
    """The latency probe times each key of a phrase to a painted result (figures are not asserted)."""
    from handbook.ui.typeahead_probe import PaintClock

    clock = PaintClock(main_window)
    main_window.search.focus_box()
    clock.type_phrase("bp", 30)
    assert len(clock.latencies) == 2
    assert all(latency > 0 for latency in clock.latencies)
