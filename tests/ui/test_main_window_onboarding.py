"""The reading panel in the main window: F4 opens it; a document to acknowledge says so above its text."""

from __future__ import annotations

import pytest

from handbook.clinic import Clinic
from handbook.ui.main_window import MainWindow
from tests.conftest import content_of
from tests.ui.onboarding_support import content, nurse, store  # noqa: F401 (fixtures)

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, recorder, make_content, store, nurse):  # noqa: F811 (fixtures)
    win = MainWindow(Clinic.with_content(content_of(content(make_content))))
    qtbot.addWidget(win)
    win.show()
    return win


def test_main_window_f4_opens_reading_panel(window):
    """F4 shows the chosen person's reading path."""
    window.registry["onboarding"].trigger()
    assert window.onboarding_dock.isVisible()
    assert "Ann Lee" in window.onboarding.person_label.text()


def test_main_window_banner_asks_to_acknowledge_and_records_it(window, qtbot):
    """An unacknowledged document on the path shows a banner; its link acknowledges; the banner goes."""
    window.show_onboarding()
    window.open_document("SOP-MON-001")
    tab = window.tabs.current()
    assert tab.banner.isVisible()
    assert "acknowledge it" in tab.banner.text()
    tab.banner.linkActivated.emit("acknowledge")
    dialog = window.onboarding.active_dialog
    dialog.confirm.setChecked(True)
    with qtbot.waitSignal(window.onboarding.acknowledgement_recorded, timeout=1000):
        dialog.acknowledge_button.click()
    assert "acknowledged this version" in tab.banner.text()
    assert "href" not in tab.banner.text()


def test_main_window_reread_banner_without_f4(qtbot, recorder, make_content, store, nurse):  # noqa: F811
    """A document changed since the nurse acknowledged it shows the re-read banner, F4 never opened."""
    from handbook.records.acks import acknowledge
    from tests.records.conftest import sop

    acknowledge(store, nurse, content(make_content).get("SOP-MON-001"))
    changed = content(make_content, sop(2, "material", "Every 10 minutes."), {1: sop(1)})
    window = MainWindow(Clinic.with_content(content_of(changed), records=store))
    qtbot.addWidget(window)
    window.show()
    window.open_document("SOP-MON-001")
    tab = window.tabs.current()
    assert window.onboarding is None  # the panel was never built
    assert tab.banner.isVisible()
    assert "Changed since you acknowledged version 1" in tab.banner.text()
    assert "href" in tab.banner.text()


def test_main_window_banner_uses_the_store_it_was_given(qtbot, recorder, make_content, store, nurse):  # noqa: F811
    """The window asks the record store it was handed; the reading panel shares it."""
    window = MainWindow(Clinic.with_content(content_of(content(make_content)), records=store))
    qtbot.addWidget(window)
    window.show_onboarding()
    assert window.onboarding.store is store


def test_main_window_banner_and_notice_follow_night_mode(window):
    """In night mode the acknowledgement banner and the status-bar notice use the night colours."""
    from handbook.ui.theme import CHROME

    window.registry["night_mode"].setChecked(True)
    window.open_document("SOP-MON-001")
    banner = window.tabs.current().banner
    assert banner.isVisible()
    assert CHROME[True]["banner_bg"] in banner.styleSheet()
    assert CHROME[True]["notice"] in window.notice_label.styleSheet()
    window.registry["night_mode"].setChecked(False)
    assert CHROME[False]["banner_bg"] in banner.styleSheet()


def test_main_window_banner_link_works_from_the_keyboard(window, qtbot):
    """The banner's "Acknowledge…" link is reached with Tab and opened with Enter."""
    from PySide6.QtCore import Qt

    window.open_document("SOP-MON-001")
    banner = window.tabs.current().banner
    assert banner.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert banner.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    banner.setFocus()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.focusWidget() is banner, timeout=2000)
    qtbot.keyClick(banner, Qt.Key.Key_Tab)  # selects the link inside the label
    qtbot.keyClick(banner, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.onboarding is not None and window.onboarding.active_dialog is not None,
                    timeout=2000)  # fmt: skip
    window.onboarding.active_dialog.reject()


def test_main_window_acknowledge_dialog_in_night_colours(window):
    """In night mode the document to acknowledge is drawn in night colours (no pale day boxes)."""
    from handbook.library.render import DAY, NIGHT

    window.registry["night_mode"].setChecked(True)
    window.open_document("SOP-MON-001")
    window.tabs.current().banner.linkActivated.emit("acknowledge")
    html = window.onboarding.active_dialog.view.toHtml()
    assert NIGHT.meta in html
    assert DAY.meta not in html
    window.onboarding.active_dialog.reject()
    window.registry["night_mode"].setChecked(False)
