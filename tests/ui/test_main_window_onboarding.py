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
    window.actions["onboarding"].trigger()
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
