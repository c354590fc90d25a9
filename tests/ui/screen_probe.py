"""Run in a child process on an offscreen screen of a given size: open the window on the shipped
content, then F3, F4 and both, and print what a nurse would see as JSON (one line).

    QT_QPA_PLATFORM=offscreen:configfile=screen.json python -m tests.ui.screen_probe
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from handbook import paths
from handbook.clinic import Clinic
from handbook.library.validate import lint
from handbook.ui.main_window import MainWindow
from tests.conftest import content_of


def overflow(window: MainWindow) -> list[str]:
    """Controls of the side area that do not fit its width (would need sideways scrolling)."""
    problems = []
    for lazy in (window.side.tools, window.side.onboarding):
        if lazy.panel is None or not lazy.isVisible():
            continue
        room = lazy.scroll.viewport().width()
        if window.side.area.width() < window.side.area.minimumWidth():
            problems.append(f"side area only {window.side.area.width()} px wide")
        if window.tabs.width() < 300:
            problems.append(f"reader only {window.tabs.width()} px wide")
        if lazy.panel.width() > room:
            problems.append(f"{lazy.title}: {lazy.panel.width()} px in {room} px")
        pages = (
            [lazy.panel.widget(i) for i in range(lazy.panel.count())] if hasattr(lazy.panel, "count") else []
        )
        for page in pages:
            if page.minimumSizeHint().width() > room:
                problems.append(f"{lazy.title} / {page.objectName() or type(page).__name__}: "
                                f"needs {page.minimumSizeHint().width()} px, has {room} px")  # fmt: skip
    return problems


def state(window: MainWindow, name: str) -> dict:
    """The window's outer size and what does not fit, after a step."""
    QTest.qWait(50)
    frame = window.frameGeometry()
    return {"step": name, "width": frame.width(), "height": frame.height(), "right": frame.right(),
            "bottom": frame.bottom(), "overflow": overflow(window),
            "panes": window.body.sizes()}  # fmt: skip


def main() -> int:
    """Print the JSON report; exit 0."""
    app = QApplication(sys.argv)
    library, problems = lint(paths.bundled_content_dir())
    window = MainWindow(Clinic.with_content(content_of(library, problems)))
    window.show()
    QTest.qWaitForWindowExposed(window)
    for _ in range(100):  # as in the app: the tools panel is built, hidden, after the first paint
        if window.side.tools.panel is not None:
            break
        QTest.qWait(20)
    area = window.screen().availableGeometry()
    steps = [state(window, "start")]
    focus = QApplication.focusWidget() or window
    QTest.keyClick(focus, Qt.Key.Key_F3)
    steps.append(state(window, "F3") | {"focus_in_tools": _inside(window.tools)})
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F4)
    steps.append(state(window, "F3+F4") | {"focus_in_reading": _inside(window.onboarding)})
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F4)
    steps.append(state(window, "F4 closed"))
    window.show_onboarding()
    steps.append(state(window, "F4 only"))
    window.set_night_mode(True)
    window.open_document("CHK-INF-001")  # a long title and long items beside the tools
    window.show_tools()
    steps.append(state(window, "night checklist + F3"))
    window.set_zoom(6)
    steps.append(state(window, "zoomed checklist + F3"))
    print(json.dumps({"area": [area.width(), area.height()], "steps": steps}))
    window.close()
    app.processEvents()
    return 0


def _inside(panel: QWidget | None) -> bool:
    focus = QApplication.focusWidget()
    return panel is not None and focus is not None and panel.isAncestorOf(focus)


if __name__ == "__main__":
    sys.exit(main())
