"""The nurse's window: browse, read, search as you type, emergency cards, checklists, night mode, zoom."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication

from handbook.clinic import Clinic
from handbook.library.render import NIGHT
from handbook.library.validate import lint
from handbook.settings import load_settings
from handbook.ui.main_window import MainWindow
from handbook.ui.reader.quick_open import QuickOpenDialog
from tests.conftest import content_of
from tests.ui.conftest import body_pixel_size, tiny_content

pytestmark = pytest.mark.gui


def type_query(qtbot, window, text):
    """Type into the search box and wait for the results of that text."""
    window.search.focus_box()
    with qtbot.waitSignal(
        window.search.search_finished, timeout=3000, check_params_cb=lambda q, _n: q == text
    ):
        qtbot.keyClicks(window.search.box, text)


def test_main_window_lists_documents_by_category(main_window):
    """The category tree has folders in handbook order with the documents under them."""
    tree = main_window.tree.by_category
    folders = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert folders == ["Monitoring (2)", "Emergencies (2)"]


def test_main_window_opens_document_from_tree(main_window, qtbot):
    """Clicking a document shows it with id, version and dates."""
    tree = main_window.tree.by_category
    leaf = tree.topLevelItem(0).child(0)
    with qtbot.waitSignal(main_window.document_opened, timeout=1000):
        tree.itemClicked.emit(leaf, 0)
    text = main_window.tabs.current().view.toPlainText()
    assert "SOP-MON-001 · Version 1 · Effective 2026-01-01 · Review by 2027-01-01" in text


def test_main_window_typing_shows_results_instead_of_tree(main_window, qtbot):
    """Search as you type: results replace the browse tree; the best hit comes first."""
    type_query(qtbot, main_window, "hypert")
    assert main_window.left_stack.currentWidget() is main_window.search.results
    assert main_window.search.results.item(0).text().endswith("CARD-HTN-001")


def test_main_window_arrows_move_results_while_typing(main_window, qtbot):
    """Down moves the selection while the cursor stays in the box."""
    type_query(qtbot, main_window, "bp")
    assert main_window.search.results.count() >= 2
    qtbot.keyClick(main_window.search.box, Qt.Key.Key_Down)
    assert main_window.search.results.currentRow() == 1
    assert main_window.search.box.hasFocus()


def test_main_window_enter_opens_hit_at_section_with_terms_highlighted(main_window, qtbot):
    """Enter opens the best hit at its section and marks the searched words."""
    type_query(qtbot, main_window, "recheck")
    with qtbot.waitSignal(main_window.document_opened, timeout=1000) as opened:
        qtbot.keyClick(main_window.search.box, Qt.Key.Key_Return)
    doc_id, anchor = opened.args
    assert doc_id in ("CARD-HTN-001", "CARD-VIT-001")
    assert anchor == "act-now"
    assert main_window.tabs.current().view.extraSelections()


def test_main_window_escape_returns_to_tree(main_window, qtbot):
    """Esc in the box clears it and brings the browse tree back."""
    type_query(qtbot, main_window, "bp")
    qtbot.keyClick(main_window.search.box, Qt.Key.Key_Escape)
    assert main_window.search.box.text() == ""
    assert main_window.left_stack.currentWidget() is main_window.tree


def test_main_window_no_match_shows_empty_state(main_window, qtbot):
    """A query with no hit says so and suggests what to try."""
    type_query(qtbot, main_window, "zzqqxx")
    assert main_window.search.results.count() == 0
    assert "No match" in main_window.search.state.text()


def test_main_window_slash_focuses_search_outside_text_fields(main_window, qtbot):
    """'/' in the reader focuses search; '/' typed in the box stays text (180/100)."""
    main_window.open_document("SOP-MON-001")
    main_window.tabs.current().view.setFocus()
    qtbot.keyClick(main_window.tabs.current().view, Qt.Key.Key_Slash)
    assert main_window.search.box.hasFocus()
    qtbot.keyClicks(main_window.search.box, "180/100")
    assert main_window.search.box.text() == "180/100"


def test_quick_open_jumps_by_id(main_window, qtbot):
    """Typing part of an id and Enter chooses that document."""
    dialog = QuickOpenDialog(main_window.library, main_window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.box, "htn")
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    assert dialog.chosen == "CARD-HTN-001"


@pytest.mark.parametrize("state", ["reader", "search_box", "checklist"])
def test_main_window_emergency_key_works_from_anywhere(main_window, qtbot, state):
    """F2 opens the emergency cards from the reader, the search box or a checklist; Esc returns."""
    if state == "reader":
        main_window.open_document("SOP-MON-001")
        target = main_window.tabs.current().view
    elif state == "search_box":
        target = main_window.search.box
    else:
        main_window.open_document("CHK-PRE-001")
        target = main_window.tabs.current().checklist.boxes[0]
    target.setFocus()
    qtbot.keyClick(target, Qt.Key.Key_F2)
    assert main_window.in_emergency
    assert main_window.emergency.current_card() == "CARD-VIT-001"
    qtbot.keyClick(main_window.emergency.cards, Qt.Key.Key_Escape)
    assert not main_window.in_emergency
    assert target.hasFocus() or main_window.focusWidget() is target


def test_main_window_messages_wait_while_emergency_cards_show(main_window, recorder):
    """Nothing covers the emergency cards: a message raised meanwhile is shown after Esc."""
    from handbook.ui import dialogs

    main_window.enter_emergency()
    dialogs.show_warning(main_window, "An update is available")
    assert recorder.messages == []
    main_window.leave_emergency()
    assert recorder.messages == [("warning", "An update is available")]


def test_main_window_emergency_number_keys_choose_card(main_window, qtbot):
    """Pressing 2 in emergency mode shows the second card."""
    main_window.enter_emergency()
    qtbot.keyClick(main_window.emergency, Qt.Key.Key_2)
    assert main_window.emergency.current_card() == "CARD-HTN-001"
    assert "Recheck BP" in main_window.emergency.card.toPlainText()


def test_checklist_tick_and_reset(main_window, qtbot):
    """Ticks count towards progress; reset clears them all for the next patient."""
    main_window.open_document("CHK-PRE-001")
    checklist = main_window.tabs.current().checklist
    checklist.boxes[0].click()
    checklist.tick_next()
    assert checklist.ticks.ticked == {0, 1}
    assert "2 of 3 done" in checklist.progress.text()
    checklist.reset_button.click()
    assert checklist.ticks.ticked == set()
    assert not any(box.isChecked() for box in checklist.boxes)


def test_main_window_night_mode_restyles_content(main_window):
    """Night mode changes the document's own colours, not only the window chrome."""
    main_window.open_document("CARD-HTN-001")
    main_window.registry["night_mode"].setChecked(True)
    view = main_window.tabs.current().view
    assert "#d8cfbd" in view.document().defaultStyleSheet()
    assert QApplication.instance().palette().base().color().name() == "#141311"
    main_window.registry["night_mode"].setChecked(False)
    assert NIGHT.warning not in view.toHtml()


def test_main_window_zoom_persists(main_window, make_content, qtbot):
    """Ctrl+Plus zooms; the zoom is saved and a new window starts with it."""
    main_window.registry["zoom_in"].trigger()
    main_window.registry["zoom_in"].trigger()
    assert load_settings()[0].zoom == 2
    library, problems = lint(tiny_content(make_content))
    again = MainWindow(Clinic.with_content(content_of(library, problems)))
    qtbot.addWidget(again)
    assert again.settings.zoom == 2
    again.open_document("SOP-MON-001")
    assert body_pixel_size(again.tabs.current().view, "Keep the patient safe") == pytest.approx(
        14 * again.logicalDpiY() / 72
    )


def test_main_window_back_and_forward(main_window):
    """Back returns to the previous document; forward goes again."""
    main_window.open_document("SOP-MON-001")
    main_window.open_document("CARD-HTN-001")
    main_window.registry["back"].trigger()
    assert main_window.tabs.current().doc.id == "SOP-MON-001"
    main_window.registry["forward"].trigger()
    assert main_window.tabs.current().doc.id == "CARD-HTN-001"


def test_main_window_follows_cross_links(main_window):
    """A doc: link opens that document; an unknown one says so in the status bar."""
    main_window.open_document("CARD-HTN-001")
    view = main_window.tabs.current().view
    view.anchorClicked.emit(QUrl("doc:SOP-MON-001#vital-signs"))
    assert main_window.tabs.current().doc.id == "SOP-MON-001"
    view.anchorClicked.emit(QUrl("doc:CARD-NOPE-001"))
    assert "CARD-NOPE-001" in main_window.statusBar().currentMessage()


def test_main_window_bookmarks_persist(main_window, make_content, qtbot):
    """A bookmark is saved and listed under Mine in a new window."""
    main_window.open_document("CARD-HTN-001")
    main_window.registry["bookmark"].trigger()
    library, problems = lint(tiny_content(make_content))
    again = MainWindow(Clinic.with_content(content_of(library, problems)))
    qtbot.addWidget(again)
    assert again.bookmarks.ids == ["CARD-HTN-001"]


def test_main_window_bookmark_save_failure_is_reported(main_window, monkeypatch, recorder):
    """When the data folder cannot be written the user is told where, and the bookmark is not shown."""
    import handbook.storage as storage_module

    def fail(*_args, **_kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(storage_module.tempfile, "mkstemp", fail)
    main_window.open_document("CARD-HTN-001")
    main_window.registry["bookmark"].trigger()
    assert recorder.messages[0][0] == "error"
    assert "bookmarks.json" in recorder.messages[0][1]
    assert not main_window.registry["bookmark"].isChecked()


def test_main_window_shows_problems_without_blocking(qtbot, make_content, recorder):
    """Load problems are listed with path and line while the valid documents still open."""
    root = tiny_content(make_content, {"broken.md": "---\ntitle: [unclosed\n---\n"})
    library, problems = lint(root)
    window = MainWindow(Clinic.with_content(content_of(library, problems)))
    qtbot.addWidget(window)
    window.show()
    lines = [window.problems_panel.item(i).text() for i in range(window.problems_panel.count())]
    assert any(line.startswith("content/broken.md:2: H001") for line in lines)
    assert window.open_document("SOP-MON-001")
    assert recorder.messages == []


def test_main_window_flags_overdue_document(qtbot, make_content):
    """A document past its review date is flagged in the tree and in the reader."""
    from tests.conftest import SOP_BODY, front_matter

    root = tiny_content(make_content, {"old.md": front_matter(id="SOP-MON-002", title="Old SOP",
                                                              review_by="2020-06-01",
                                                              effective="2020-01-01") + SOP_BODY})  # fmt: skip
    library, problems = lint(root)
    window = MainWindow(Clinic.with_content(content_of(library, problems)))
    qtbot.addWidget(window)
    window.open_document("SOP-MON-002")
    assert "Past its review date" in window.tabs.current().view.toPlainText()
    assert "due for review" in window.edition_label.text()


def test_main_window_f3_opens_bedside_tools(main_window, qtbot):
    """F3 shows the tools dock built on the same library; a tool's link opens the document."""
    main_window.registry["tools"].trigger()
    assert main_window.tools_dock.isVisible()
    assert main_window.tools.count() == 3
    main_window.tools.open_document_requested.emit("CARD-HTN-001", "")
    assert main_window.tabs.current().doc.id == "CARD-HTN-001"


def test_main_window_shows_tools_when_sessions_are_running(main_window, make_content, qtbot):
    """After a restart, running session timers bring the tools dock up by themselves."""
    from handbook.tools.sessions import Session, SessionPlan

    main_window.show_tools()
    started = main_window.tools.board.start("Chair 3", SessionPlan(40, 10, 15, 120))
    assert isinstance(started, Session)
    library, problems = lint(tiny_content(make_content))
    again = MainWindow(Clinic.with_content(content_of(library, problems)))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.tools_dock is not None and again.tools_dock.isVisible(), timeout=2000)
    assert [s.label for s in again.tools.board.sessions] == ["Chair 3"]


def test_main_window_home_links_open_cards(main_window):
    """The home page lists the emergency cards and checklists, one click each."""
    view = main_window.tabs.current().view
    assert "Pre-infusion check" in view.toPlainText()
    view.anchorClicked.emit(QUrl("doc:CARD-HTN-001"))
    assert main_window.tabs.current().doc.id == "CARD-HTN-001"


def test_main_window_shows_approval_notice_from_content(qtbot, make_content):
    """The handbook.yaml notice is shown in the status bar and on the home page."""
    root = tiny_content(make_content)
    info = root / "handbook.yaml"
    info.write_text(info.read_text() + 'notice: "Must be approved before clinical use."\n')
    library, problems = lint(root)
    window = MainWindow(Clinic.with_content(content_of(library, problems)))
    qtbot.addWidget(window)
    assert window.notice_label.text() == "Must be approved before clinical use."
    assert "Must be approved before clinical use." in window.tabs.current().view.toPlainText()


def test_checklist_keeps_ticks_across_night_mode(main_window):
    """Switching night mode mid-session redraws the checklist in the new colours and keeps its ticks."""
    main_window.open_document("CHK-PRE-001")
    main_window.tabs.current().checklist.tick_next()
    before = main_window.tabs.current().checklist
    main_window.registry["night_mode"].setChecked(True)
    after = main_window.tabs.current().checklist
    assert after is not before
    assert after.ticks.ticked == {0}
    assert main_window.tabs.current().stack.currentWidget() is after
