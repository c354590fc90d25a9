"""Typed-to-painted latency of search as you type, in the real main window (run as a module).

    python -m handbook.ui.typeahead_probe [--content DIR] [--delay-ms 80]

Builds the main window on the content with its on-disk search index (opened or rebuilt as the
app does), then types bedside phrases into the search box with real `QTest` key events, one
character at a time, `delay_ms` apart. For every keystroke it records the time from just before
the key event to the end of the first paint of the results list that shows the results of the
box's text at that moment (a keystroke overtaken by the next one is answered by the next paint).
Prints one JSON object: ``typeahead_p50_ms``, ``typeahead_p95_ms``, ``typeahead_max_ms``,
``keystrokes``, ``delay_ms``. Run it with user folders pointed at a scratch directory (the
benchmark does), so nothing touches a real profile.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

#: Typed one character at a time; each phrase starts from an empty box.
PHRASES = (
    "pt cant wake up",
    "sats 88",
    "bp 185/105",
    "hr 130",
    "throwing up",
    "heart racing",
    "versed",
    "discharge criteria",
    "crash cart check",
    "how long observation",
    "70 kg",
    "hypertension",
)


def wait(ms: int) -> None:
    """Run the real event loop for ``ms`` (QTest.qWait would hold the GIL from the search thread)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


class PaintClock(QObject):
    """Times keystrokes to the end of the results list's first paint showing their text."""

    def __init__(self, window: QObject) -> None:
        super().__init__()
        self.panel = window.search  # type: ignore[attr-defined]
        self.pending: list[float] = []
        self.latencies: list[float] = []
        self.fresh = False
        self.panel.search_finished.connect(self._finished)
        self.panel.results.viewport().installEventFilter(self)

    def _finished(self, query: str, _count: int) -> None:
        self.fresh = query == self.panel.query()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """On the first paint after fresh results: paint now, then stop the clock for pending keys."""
        if event.type() == QEvent.Type.Paint and self.fresh and self.pending:
            self.fresh = False
            self.panel.results.viewportEvent(event)  # paint first: the clock stops after painting
            now = time.perf_counter()
            self.latencies += [(now - t) * 1000 for t in self.pending]
            self.pending.clear()
            return True
        return False

    def type_phrase(self, phrase: str, delay_ms: int) -> None:
        """Clear the box, then type the phrase key by key with `delay_ms` between keys."""
        box = self.panel.box
        box.clear()
        wait(delay_ms)
        for char in phrase:
            self.pending.append(time.perf_counter())
            QTest.keyClick(box, char)  # type: ignore[call-overload]  # the str overload is untyped
            wait(delay_ms)
        deadline = time.perf_counter() + 2.0
        while self.pending and time.perf_counter() < deadline:
            wait(5)
        self.pending.clear()  # unanswered within 2 s: counted as missing, not as a latency


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the probe and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=None)
    parser.add_argument("--delay-ms", type=int, default=80)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from handbook import services
    from handbook.clinic import Clinic
    from handbook.ui.main_window import MainWindow

    window = MainWindow(Clinic.start(args.content))
    window.resize(1200, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    searcher, _ = services.open_or_rebuild(window.library)
    window.set_searcher(searcher)
    window.search.focus_box()
    clock = PaintClock(window)
    clock.type_phrase("warm up", args.delay_ms)
    clock.latencies.clear()
    keystrokes = 0
    for phrase in PHRASES:
        clock.type_phrase(phrase, args.delay_ms)
        keystrokes += len(phrase)
    latencies = clock.latencies
    figures = {
        "keystrokes": keystrokes,
        "answered": len(latencies),
        "delay_ms": args.delay_ms,
        "typeahead_p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "typeahead_p95_ms": round(_percentile(latencies, 0.95), 1) if latencies else None,
        "typeahead_max_ms": round(max(latencies), 1) if latencies else None,
    }
    print(json.dumps(figures))
    window.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
