"""Take screenshots of the app's main screens, to look at them as a nurse would.

Run under a real X server: `xvfb-run -a -s "-screen 0 1366x860x24" .venv/bin/python scripts/screenshots.py OUT_DIR`
(or with QT_QPA_PLATFORM=offscreen). Uses the bundled content and a temporary user profile.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HANDBOOK_DATA_DIR", tempfile.mkdtemp(prefix="handbook-shots-"))
os.environ.setdefault("HANDBOOK_CONFIG_DIR", os.environ["HANDBOOK_DATA_DIR"] + "/config")
os.environ.setdefault("HANDBOOK_CACHE_DIR", os.environ["HANDBOOK_DATA_DIR"] + "/cache")

from PySide6.QtWidgets import QApplication  # noqa: E402

from handbook import services  # noqa: E402
from handbook.app import build_window  # noqa: E402


def settle(app: QApplication, seconds: float = 0.4) -> None:
    """Let timers, background searches and painting finish."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main(out: Path) -> None:
    """Save home, search, SOP, emergency card, night mode and checklist screenshots into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    try:
        from handbook.ui.fonts import register_fonts

        app.setFont(register_fonts_font(register_fonts()))
    except ImportError:
        pass
    window = build_window()
    window.resize(1366, 860)
    window.show()
    window.set_searcher(services.open_or_rebuild(window.library)[0])
    settle(app)

    def shot(name: str) -> None:
        settle(app)
        window.grab().save(str(out / f"{name}.png"))

    shot("1-home")
    window.search.focus_box()
    window.search.box.setText("bp too hi")
    shot("2-search")
    window.search.box.clear()
    window.open_document("SOP-MON-001", "hold-and-stop-rules")
    shot("3-sop")
    window.enter_emergency()
    shot("4-emergency")
    window.leave_emergency()
    window.set_night_mode(True)
    window.open_document("SOP-DIS-001")
    shot("5-night")
    window.open_document("CHK-INF-001")
    checklist = window.tabs.current().checklist
    for _ in range(3):
        checklist.tick_next()
    shot("6-checklist-night")
    window.set_night_mode(False)
    shot("7-checklist-day")
    window.show_tools()
    tools = window.tools
    tools.setCurrentIndex(2)  # dose calculator
    shot("8-tools-dose")
    tools.setCurrentIndex(1)
    shot("9-tools-thresholds")
    window.show_onboarding()
    shot("10-onboarding")
    window.close()


def register_fonts_font(family: str) -> object:
    """The application font for a registered family."""
    from PySide6.QtGui import QFont

    return QFont(family, 10)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
