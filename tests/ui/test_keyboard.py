"""Keyboard-complete: focus when panels open, Tab order, Enter on rows, visible ticks, reset asks, "/"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox

from handbook.clinic import Clinic
from handbook.ui.main_window import MainWindow
from tests.conftest import content_of
from tests.ui.onboarding_support import content, nurse, store  # noqa: F401 (fixtures)

pytestmark = pytest.mark.gui


def focus_chain(start, steps: int) -> list:
    """The widgets the focus visits with Tab from `start`, `steps` times."""
    visited = []
    widget = start
    for _ in range(steps):
        window = widget.window()
        widget.setFocus()
        QApplication.processEvents()
        window.focusNextChild()
        widget = window.focusWidget() or QApplication.focusWidget()
        visited.append(widget)
    return visited


def wait_focus(qtbot, widget) -> None:
    """Wait until a window's focus is in `widget`."""
    qtbot.waitUntil(lambda: widget.window().focusWidget() is widget, timeout=2000)


def test_keyboard_f3_puts_focus_in_the_first_tool_field(main_window, qtbot):
    """F3 opens the tools with the cursor in the chair field, ready to type."""
    view = main_window.tabs.current().view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F3)
    assert main_window.tools_dock.isVisible()
    assert main_window.focusWidget() is main_window.tools.timer_view.label_field


def test_keyboard_f4_puts_focus_in_the_reading_panel(main_window, qtbot):
    """F4 opens the reading panel with the focus inside it."""
    view = main_window.tabs.current().view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F4)
    assert main_window.onboarding.isAncestorOf(main_window.focusWidget())


def test_keyboard_tab_leaves_the_document(main_window, qtbot):
    """Tab from the document goes on to other controls (it does not only cycle the document's links)."""
    main_window.open_document("CARD-HTN-001")  # has a link
    view = main_window.tabs.current().view
    visited = focus_chain(view, 4)
    assert any(w is not view for w in visited)
    assert main_window.search.box in focus_chain(view, 12)


def test_keyboard_tab_order_of_the_main_window(main_window):
    """Tab from the search box visits the browse tree and the document and comes back round."""
    visited = focus_chain(main_window.search.box, 14)
    assert main_window.tabs.current().view in visited
    assert main_window.search.box in visited


def test_keyboard_acknowledgement_tick_reached_by_tab(qtbot, recorder, make_content, store, nurse):  # noqa: F811
    """In the acknowledge dialog, Tab from the text reaches "I have read and understood", then the buttons."""
    window = MainWindow(Clinic.with_content(content_of(content(make_content)), records=store))
    qtbot.addWidget(window)
    window.show()
    window.open_document("SOP-MON-001")
    window.tabs.current().banner.linkActivated.emit("acknowledge")
    dialog = window.onboarding.active_dialog
    dialog.show()
    qtbot.waitExposed(dialog)
    visited = focus_chain(dialog.view, 3)
    assert visited[0] is dialog.confirm
    dialog.reject()


def test_keyboard_enter_on_a_reading_path_row_opens_it(qtbot, recorder, make_content, store, nurse):  # noqa: F811
    """Enter on a row of the reading path opens that document."""
    window = MainWindow(Clinic.with_content(content_of(content(make_content)), records=store))
    qtbot.addWidget(window)
    window.show()
    window.show_onboarding()
    table = window.onboarding.table
    table.setFocus()
    table.selectRow(0)
    table.setCurrentCell(0, 0)
    doc_id = window.onboarding.selected_doc_id()
    with qtbot.waitSignal(window.document_opened, timeout=1000) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened.args[0] == doc_id


def test_keyboard_checklist_tick_shows_a_check_mark_and_focus(main_window):
    """A ticked item draws a check mark (not only a colour), and the focused box has an outline."""
    main_window.open_document("CHK-PRE-001")
    box: QCheckBox = main_window.tabs.current().checklist.boxes[0]
    assert "image: url(" in box.styleSheet()
    assert "tick" in box.styleSheet()
    assert "QCheckBox:focus" in box.styleSheet()
    before = box.grab().toImage()
    box.setChecked(True)
    assert box.grab().toImage() != before


def test_keyboard_checklist_reset_asks_first(main_window, recorder, monkeypatch):
    """Reset asks before clearing ticks; "no" keeps them."""
    from handbook.ui import dialogs

    main_window.open_document("CHK-PRE-001")
    checklist = main_window.tabs.current().checklist
    checklist.boxes[0].setChecked(True)
    monkeypatch.setattr(dialogs, "presenter", lambda *args: False)
    checklist.reset_button.click()
    assert checklist.boxes[0].isChecked()
    monkeypatch.setattr(dialogs, "presenter", lambda *args: True)
    checklist.reset_button.click()
    assert not checklist.boxes[0].isChecked()


def test_keyboard_slash_focuses_search_only_from_elsewhere(main_window, qtbot):
    """ "/" from the document jumps to the search box; typed in the box it is text ("180/100")."""
    view = main_window.tabs.current().view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Slash)
    assert main_window.search.box.hasFocus() or main_window.focusWidget() is main_window.search.box
    with qtbot.waitSignal(main_window.search.search_finished, timeout=3000,
                          check_params_cb=lambda query, _n: query == "180/100"):  # fmt: skip
        qtbot.keyClicks(main_window.search.box, "180/100")
    assert main_window.search.box.text() == "180/100"


def test_keyboard_checklist_chosen_by_ctrl_k_takes_focus(main_window, qtbot):
    """A checklist opened from Ctrl+K has the focus on its first unticked item: Space ticks it."""
    from PySide6.QtCore import QTimer

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        qtbot.keyClicks(dialog.box, "CHK-PRE")
        qtbot.keyClick(dialog.box, Qt.Key.Key_Return)

    QTimer.singleShot(100, choose)
    main_window.quick_open()
    checklist = main_window.tabs.current().checklist
    wait_focus(qtbot, checklist.boxes[0])
    qtbot.keyClick(checklist.boxes[0], Qt.Key.Key_Space)
    assert checklist.boxes[0].isChecked()


def test_keyboard_tab_order_of_the_tools(main_window, qtbot):
    """In the session timer Tab goes chair → infusion time → Start; in the threshold check through the
    readings in form order."""
    main_window.show_tools()
    timer = main_window.tools.timer_view
    expected = [timer.minutes, timer.start_button, timer.table, timer.done_button, timer.end_button]
    chain, widget = [], timer.label_field
    while len(chain) < len(expected):
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget in expected + [timer.label_field]:
            chain.append(widget)
    assert chain == expected
    main_window.tools.setCurrentWidget(main_window.tools.threshold_view)
    fields = main_window.tools.threshold_view.fields()
    for before, after in zip(fields, fields[1:], strict=False):
        assert focus_chain(before, 1)[0] is after


def test_keyboard_closing_a_panel_returns_focus_to_the_document(main_window, qtbot):
    """F4 twice: the focus goes back to the document, not into the search box."""
    view = main_window.tabs.current().view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F4)
    qtbot.keyClick(main_window.focusWidget(), Qt.Key.Key_F4)
    assert not main_window.onboarding_dock.isVisible()
    assert main_window.focusWidget() is view


def test_keyboard_slash_in_the_empty_search_box_is_not_typed(main_window, qtbot):
    """ "/" pressed when the empty search box already has the focus is not inserted as a query."""
    main_window.search.focus_box()
    qtbot.keyClick(main_window.search.box, Qt.Key.Key_Slash)
    assert main_window.search.box.text() == ""


def test_keyboard_focus_outline_on_lists_in_both_modes(main_window):
    """The browse tree and the side panels' tables draw the focus in the mode's focus colour."""
    from handbook.ui.theme import CHROME

    left = main_window.body.widget(0)
    assert CHROME[False]["focus"] in left.styleSheet()
    main_window.registry["night_mode"].setChecked(True)
    assert CHROME[True]["focus"] in left.styleSheet()
    assert CHROME[True]["focus"] in main_window.side.area.styleSheet()
