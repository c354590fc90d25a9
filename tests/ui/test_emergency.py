"""Emergency mode on top of everything: F2 over every dialog kind, cards by keyboard, held messages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from handbook.clinic import Clinic
from handbook.library.validate import lint
from handbook.ui import dialogs
from handbook.ui.emergency.emergency_view import CARD_KEYS
from handbook.ui.main_window import MainWindow
from tests.conftest import content_of, front_matter
from tests.ui.conftest import CARD_BODY, body_pixel_size, tiny_content

pytestmark = pytest.mark.gui


def over_modal(qtbot, window, open_modal, during):
    """Open a modal dialog with `open_modal()` and, once it is up, run `during(modal)` inside its loop.

    The dialog is always closed afterwards, so a failing check cannot hang the test.
    """
    seen: dict = {}

    def inside() -> None:
        modal = QApplication.activeModalWidget()
        seen["modal"] = modal
        try:
            during(modal, seen)
        except BaseException as exc:  # re-raised outside the dialog's event loop
            seen["error"] = exc
        finally:
            if modal is not None and modal.isVisible():
                modal.reject()

    QTimer.singleShot(150, inside)
    open_modal()
    if "error" in seen:
        raise seen["error"]
    return seen


def press_f2_then_esc(qtbot, window):
    """The check run over each dialog: F2 puts the cards on top with focus in the list; a digit picks a
    card, not dialog text; Esc returns to the dialog with its focus; a message raised meanwhile waits."""

    def during(modal, seen):
        assert modal is not None
        before = QApplication.focusWidget()
        qtbot.keyClick(before or modal, Qt.Key.Key_F2)
        assert window.in_emergency
        assert QApplication.activeModalWidget() is window.emergency
        qtbot.waitUntil(lambda: QApplication.focusWidget() is window.emergency.cards, timeout=2000)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)
        assert window.emergency.current_card() == "CARD-HTN-001"
        dialogs.show_warning(window, "Update refused: bad signature")
        seen["held"] = list(seen.get("recorder").messages)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
        assert not window.in_emergency
        assert QApplication.activeModalWidget() is modal
        if before is not None:
            qtbot.waitUntil(lambda: QApplication.focusWidget() is before, timeout=2000)
        seen["after"] = list(seen.get("recorder").messages)

    return during


@pytest.fixture
def recorded(recorder):
    """The message recorder, shared with the check."""
    return recorder


def test_emergency_over_quick_open_keeps_typed_text(main_window, qtbot, recorded):
    """F2 over Ctrl+K: cards on top, digit goes to the cards, Esc returns to the palette with its text."""
    check = press_f2_then_esc(qtbot, main_window)

    def during(modal, seen):
        seen["recorder"] = recorded
        qtbot.keyClicks(modal.box, "mon")
        check(modal, seen)
        assert modal.box.text() == "mon"

    seen = over_modal(qtbot, main_window, main_window.quick_open, during)
    assert seen["held"] == []
    assert seen["after"] == [("warning", "Update refused: bad signature")]


def test_emergency_over_shortcuts_help(main_window, qtbot, recorded):
    """F2 over the F1 help: cards on top, Esc back to the help; no exception."""
    check = press_f2_then_esc(qtbot, main_window)
    seen = over_modal(qtbot, main_window, lambda: main_window.registry["shortcuts"].trigger(),
                      lambda m, s: (s.update(recorder=recorded), check(m, s)))  # fmt: skip
    assert seen["after"] == [("warning", "Update refused: bad signature")]


def test_emergency_over_install_update_file_dialog(main_window, qtbot, recorded):
    """F2 over File > Install update's file dialog (Qt's own dialog, not the desktop's)."""
    check = press_f2_then_esc(qtbot, main_window)

    def during(modal, seen):
        seen["recorder"] = recorded
        assert isinstance(modal, QFileDialog)
        check(modal, seen)

    seen = over_modal(qtbot, main_window, main_window.install_update, during)
    assert seen["after"] == [("warning", "Update refused: bad signature")]


def test_emergency_over_message_box_shows_it_again_after(main_window, qtbot, monkeypatch, recorded):
    """F2 over a message box: the box closes, the cards show, and the message is shown again after Esc."""
    monkeypatch.setattr(dialogs, "presenter", dialogs._show_box)
    shown_after: list[str] = []

    def during(modal, seen):
        assert isinstance(modal, QMessageBox)
        monkeypatch.setattr(dialogs, "presenter", lambda *args: shown_after.append(args[3]) or True)
        qtbot.keyClick(modal, Qt.Key.Key_F2)
        assert main_window.in_emergency
        qtbot.waitUntil(lambda: QApplication.focusWidget() is main_window.emergency.cards, timeout=2000)
        qtbot.keyClick(main_window.emergency.cards, Qt.Key.Key_Escape)

    over_modal(qtbot, main_window, lambda: dialogs.show_error(main_window, "Update refused"), during)
    assert shown_after == ["Update refused"]
    assert not main_window.in_emergency


def test_emergency_ctrl_e_and_f2_toggle_once(main_window, qtbot):
    """Ctrl+E opens the cards like F2; one press is one toggle (no second handler)."""
    view = main_window.tabs.current().view
    view.setFocus()
    triggered = []
    main_window.registry["emergency"].triggered.connect(lambda: triggered.append(1))
    qtbot.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert main_window.in_emergency
    assert triggered == [1]
    qtbot.keyClick(main_window.emergency.cards, Qt.Key.Key_F2)
    assert not main_window.in_emergency
    assert triggered == [1, 1]


def test_emergency_leave_survives_a_deleted_focus_widget(main_window, qtbot, recorded):
    """The widget that had the focus may be gone when the cards close (a dialog closed): no RuntimeError."""
    from handbook.ui.reader.info_dialogs import shortcuts_dialog

    dialog = shortcuts_dialog(main_window, [])
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    dialog.setFocus()
    main_window.enter_emergency()
    dialogs.show_info(main_window, "Saved")
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not dialog_alive(dialog))
    main_window.leave_emergency()
    assert recorded.messages == [("info", "Saved")]
    dialogs.show_info(main_window, "Not held any more")
    assert recorded.messages[-1] == ("info", "Not held any more")


def dialog_alive(widget) -> bool:
    """Whether the C++ side of a widget still exists."""
    import shiboken6

    return shiboken6.isValid(widget)


def test_emergency_cards_cover_the_screen_above_the_window(main_window):
    """The cards are their own window over the available screen area, not a pane of the main window."""
    main_window.enter_emergency()
    area = main_window.screen().availableGeometry()
    assert main_window.emergency.isWindow()
    assert main_window.emergency.geometry() == area
    main_window.leave_emergency()
    assert not main_window.emergency.isVisible()


@pytest.fixture
def many_cards_window(qtbot, make_content, recorder):
    """A window on content with 12 emergency cards (more than nine)."""
    extra = {
        f"c{n:02}.md": front_matter(id=f"CARD-X{n:02}-001", kind="card", category="emergencies",
                                    title=f"Card {n:02}") + CARD_BODY
        for n in range(10)
    }  # fmt: skip
    library, problems = lint(tiny_content(make_content, extra))
    window = MainWindow(Clinic.with_content(content_of(library, problems)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def test_emergency_every_card_has_a_key(many_cards_window, qtbot):
    """Cards 10 and beyond are reached by letters, and each card's key is shown before its title."""
    window = many_cards_window
    window.enter_emergency()
    cards = window.emergency.cards
    assert cards.count() == 12
    for row in range(cards.count()):
        key = CARD_KEYS[row]
        assert cards.item(row).text().startswith(f"{key}  ")
        qtbot.keyClicks(cards, key.lower())
        assert cards.currentRow() == row


def test_emergency_list_navigation_and_enter(main_window, qtbot):
    """Down then Enter: the second card, with the focus in its text."""
    main_window.enter_emergency()
    cards = main_window.emergency.cards
    qtbot.keyClick(cards, Qt.Key.Key_Down)
    assert main_window.emergency.current_card() == "CARD-HTN-001"
    qtbot.keyClick(cards, Qt.Key.Key_Return)
    assert main_window.emergency.focusWidget() is main_window.emergency.card


def test_emergency_page_keys_scroll_the_card(main_window, qtbot):
    """PgDn, Space and Down scroll a long card; PgUp goes back up."""
    main_window.enter_emergency()
    view = main_window.emergency
    view.card.setHtml("<p>line</p>" * 300)
    bar = view.card.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    qtbot.keyClick(view.cards, Qt.Key.Key_PageDown)
    first = bar.value()
    assert first > 0
    qtbot.keyClick(view.cards, Qt.Key.Key_Space)
    assert bar.value() > first
    view.card.setFocus()
    second = bar.value()
    qtbot.keyClick(view.card, Qt.Key.Key_Down)
    assert bar.value() > second
    qtbot.keyClick(view.card, Qt.Key.Key_PageUp)
    assert bar.value() < second


def test_emergency_card_body_is_large_and_follows_zoom(main_window):
    """Card body text is at least 20 px at zoom 0 and grows with zoom."""
    main_window.enter_emergency()
    card = main_window.emergency.card
    normal = body_pixel_size(card, "Recheck BP")
    assert normal >= 20
    main_window.set_zoom(3)
    assert body_pixel_size(card, "Recheck BP") > normal


def test_emergency_over_an_open_menu(main_window, qtbot):
    """F2 with a menu open closes the menu and shows the cards."""
    menu = main_window.menuBar().actions()[0].menu()
    menu.popup(main_window.mapToGlobal(main_window.rect().center()))
    qtbot.waitUntil(menu.isVisible, timeout=2000)
    qtbot.keyClick(menu, Qt.Key.Key_F2)
    assert main_window.in_emergency
    assert not menu.isVisible()
    main_window.leave_emergency()


def test_emergency_question_is_not_asked_over_the_cards(main_window, recorded):
    """A yes/no question raised while the cards show is answered "no" and a note is shown after."""
    main_window.enter_emergency()
    assert dialogs.ask(main_window, "Restart the session timer?") is False
    assert recorded.messages == []
    main_window.leave_emergency()
    level, text = recorded.messages[0]
    assert level == "warning"
    assert "Restart the session timer?" in text


def test_emergency_session_prompt_shows_on_the_cards(main_window):
    """A session prompt falling due while the cards show appears on them, and is gone after Esc."""
    main_window.show_tools()
    main_window.enter_emergency()
    main_window.tools.prompt_fell_due.emit("Chair 3", "vital signs due")
    assert main_window.emergency.notice.isVisible()
    assert "Chair 3: vital signs due" in main_window.emergency.notice.text()
    main_window.leave_emergency()
    assert not main_window.emergency.notice.isVisible()
