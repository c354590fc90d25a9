"""F2 works the moment the window has painted, while the start-up work deferred past the paint runs."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt, QTimer

from handbook import app
from tests.ui.conftest import tiny_content

pytestmark = pytest.mark.gui


def test_f2_right_after_first_paint_opens_the_cards(qtbot, make_content):
    """The window as the app starts it (deferred work included): F2 pressed in the first turn of the
    event loop after the first paint shows the emergency cards, with this content's cards listed."""
    window = app.build_window(tiny_content(make_content))
    qtbot.addWidget(window)
    app.defer_until_painted(window)  # the search index and the shared folders start after the paint
    seen: dict[str, object] = {}

    def press_f2() -> None:
        qtbot.keyClick(window, Qt.Key.Key_F2)
        seen["shown"] = window.in_emergency
        seen["handled"] = time.perf_counter()

    def painted() -> None:
        seen["painted"] = time.perf_counter()
        QTimer.singleShot(0, press_f2)  # queued after the deferred start-up work, like a key pressed then

    window.first_painted.connect(painted)
    window.show()
    qtbot.waitUntil(lambda: "shown" in seen, timeout=10000)
    assert window._routing  # the key router (F2 over dialogs, "/") is in place from the first paint on
    assert seen["shown"] is True
    assert window.emergency.isVisible()
    assert window.emergency.current_card() in {"CARD-HTN-001", "CARD-VIT-001"}
    assert float(seen["handled"]) - float(seen["painted"]) < 1.0  # the deferred work never blocks it long
    qtbot.keyClick(window.emergency, Qt.Key.Key_Escape)
    assert not window.in_emergency
    qtbot.waitUntil(lambda: window.clinic.searcher is not None, timeout=20000)  # the deferred work ran


def test_cards_and_home_page_are_built_before_the_first_paint(qtbot, make_content):
    """Nothing safety-relevant is deferred: the cards and the home page exist when the window is built."""
    window = app.build_window(tiny_content(make_content))
    qtbot.addWidget(window)
    assert window.emergency.cards.count() >= 2
    assert window.tabs.tabText(0) == "Home"
    assert "F2" in window.tabs.current().view.toPlainText()  # the home page says how to reach the cards


def test_rarely_used_parts_wait_for_their_first_use(qtbot, make_content):
    """Content without problems builds no problems dock; without running sessions the bedside tools are
    not built after the paint either. Both appear on first use."""
    window = app.build_window(tiny_content(make_content))
    qtbot.addWidget(window)
    painted: list[bool] = []
    window.first_painted.connect(lambda: painted.append(True))
    window.show()
    qtbot.waitUntil(lambda: bool(painted), timeout=10000)
    qtbot.wait(50)  # the work queued at the first paint has run
    assert not window.problems.built
    assert window.tools is None
    window.registry["problems"].trigger()
    assert window.problems_dock.isVisible()
    assert window.problems_panel.count() == 0
    window.show_tools()
    assert window.tools is not None
