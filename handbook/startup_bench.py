"""Start-up benchmark (Qt-free harness): process spawn -> first paint of the main window, in ms.

Each measured program prints `HANDBOOK_FIRST_PAINT <time.time()>` on stdout right after its window's
first paint and exits: the handbook with `--startup-probe` (from source or frozen), and a bare Qt
window (QMainWindow + QTextBrowser, the floor no Qt app can beat). Start-up is the marker's time
minus the time just before the spawn, so it includes interpreter start, imports, content loading
and the first paint. Medians of a few runs, one warm-up run discarded; compare ratios measured in
the same run, not absolute numbers across machines.

    python -m handbook.startup_bench [--runs N] [--dist DIR]

Runs offscreen unless QT_QPA_PLATFORM is set, with user folders in a scratch directory so every run
starts like a fresh install and nothing touches the real profile. This module never imports Qt (the
bare-Qt floor runs in a child process).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from handbook import paths
from handbook.errors import HandbookError

MARKER = "HANDBOOK_FIRST_PAINT"
DEFAULT_RUNS = 7
RUN_TIMEOUT_S = 60.0
REPO = Path(__file__).resolve().parent.parent

# The floor: the smallest window resembling ours, announcing its first paint the same way.
BARE_QT_SCRIPT = f"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTextBrowser

class Window(QMainWindow):
    painted = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            print(f"{MARKER} {{time.time():.6f}}", flush=True)
            QTimer.singleShot(0, QApplication.quit)

app = QApplication(sys.argv)
window = Window()
reader = QTextBrowser()
reader.setHtml("<h1>Bare Qt</h1><p>The start-up floor: a window and a text browser.</p>")
window.setCentralWidget(reader)
window.resize(1200, 800)
window.show()
sys.exit(app.exec())
"""


class StartupProbeError(HandbookError):
    """A measured program exited, hung or printed no first-paint marker."""


def source_command() -> list[str]:
    """The handbook from source, in this interpreter."""
    return [sys.executable, "-m", "handbook", "--startup-probe"]


def frozen_executable(dist: Path | None = None) -> Path | None:
    """The frozen handbook under dist/ (built by build/build.py), or None when there is none."""
    folder = dist if dist is not None else REPO / "dist"
    for candidate in (
        folder / "clinic-handbook" / "handbook",
        folder / "clinic-handbook" / "handbook-cli.exe",  # Windows: the windowed .exe has no stdout
        folder / "Clinic Handbook.app" / "Contents" / "MacOS" / "handbook",
    ):
        if candidate.is_file():
            return candidate
    return None


def bare_qt_command() -> list[str]:
    """A bare QMainWindow + QTextBrowser that prints the marker after its first paint.

    Needs a Python interpreter with PySide6, so not available inside the frozen app.
    """
    if getattr(sys, "frozen", False):
        raise StartupProbeError("the bare-Qt floor needs a Python interpreter; run it from source")
    return [sys.executable, "-c", BARE_QT_SCRIPT]


def probe_environment(scratch: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for one measured run: offscreen unless chosen, user folders under scratch."""
    env = dict(os.environ if base is None else base)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env[paths.DATA_DIR_ENV] = str(scratch / "data")
    env[paths.CONFIG_DIR_ENV] = str(scratch / "config")
    env[paths.CACHE_DIR_ENV] = str(scratch / "cache")
    return env


def measure_once(command: Sequence[str], env: Mapping[str, str], timeout: float = RUN_TIMEOUT_S) -> float:
    """Milliseconds from just before the spawn to the marker's timestamp; raises StartupProbeError."""
    started = time.time()
    try:
        done = subprocess.run(
            list(command),
            env=dict(env),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise StartupProbeError(f"no exit within {timeout:.0f} s", command[0]) from exc
    except OSError as exc:
        raise StartupProbeError(f"cannot start: {exc.strerror or exc}", command[0]) from exc
    for line in done.stdout.splitlines():
        if line.startswith(MARKER + " "):
            try:
                return (float(line.split()[1]) - started) * 1000.0
            except (IndexError, ValueError) as exc:
                raise StartupProbeError(f"unreadable marker line {line!r}", command[0]) from exc
    tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
    raise StartupProbeError(f"exit status {done.returncode} without a first-paint marker: {tail}", command[0])


def measure_startup(command: list[str], runs: int) -> float:
    """Median ms from spawn to first paint over `runs` runs (after one discarded warm-up run).

    Offscreen unless QT_QPA_PLATFORM is set; user folders in a scratch directory.
    Raises StartupProbeError when the program fails, hangs or never prints the marker.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    with tempfile.TemporaryDirectory(prefix="handbook-startup-") as scratch:
        env = probe_environment(Path(scratch))
        measure_once(command, env)  # warm-up: disk cache, font cache, .pyc files
        return statistics.median(measure_once(command, env) for _ in range(runs))


def measure_interleaved(commands: Mapping[str, list[str]], runs: int) -> dict[str, float]:
    """Median ms of each command, measured in turns (a, b, c, a, b, c, ...) after one warm-up each.

    On a shared, busy machine the load changes from second to second: taking turns gives every program
    the same conditions, so the ratios between them hold even when the absolute figures swing.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    times: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory(prefix="handbook-startup-") as scratch:
        envs = {name: probe_environment(Path(scratch) / str(n)) for n, name in enumerate(commands)}
        for name, command in commands.items():
            measure_once(command, envs[name])  # warm-up: disk cache, font cache, .pyc files, snapshot
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(measure_once(command, envs[name]))
    return {name: statistics.median(values) for name, values in times.items()}


def run(runs: int = DEFAULT_RUNS, dist: Path | None = None) -> dict[str, float | None]:
    """Median start-up of the source app, the frozen app (None without a bundle) and bare Qt, in ms,
    measured in turns.
    """
    frozen = frozen_executable(dist)
    commands = {"bare_qt_ms": bare_qt_command(), "source_ms": source_command()}
    if frozen:
        commands["frozen_ms"] = [str(frozen), "--startup-probe"]
    figures: dict[str, float | None] = {"frozen_ms": None, **measure_interleaved(commands, runs)}
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    """Print each median and the ratios to bare Qt; exit 1 with a one-line reason if a probe failed."""
    parser = argparse.ArgumentParser(
        prog="python -m handbook.startup_bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--runs", type=int, default=DEFAULT_RUNS, help=f"measured runs each (default {DEFAULT_RUNS})"
    )
    parser.add_argument(
        "--dist", type=Path, default=None, help="folder holding the frozen bundle (default dist/)"
    )
    args = parser.parse_args(argv)
    try:
        figures = run(args.runs, args.dist)
    except (StartupProbeError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    bare = figures["bare_qt_ms"] or 0.0
    print(f"runs each         {args.runs} (median, after one warm-up; QT_QPA_PLATFORM="
          f"{os.environ.get('QT_QPA_PLATFORM', 'offscreen')})")  # fmt: skip
    for key in ("source_ms", "frozen_ms", "bare_qt_ms"):
        value = figures[key]
        if value is None:
            print(f"{key:17} (no bundle in dist/: run python build/build.py)")
            continue
        ratio = f"  x{value / bare:.2f} bare Qt" if bare and key != "bare_qt_ms" else ""
        print(f"{key:17} {value:8.1f}{ratio}")
    if figures["frozen_ms"] and figures["source_ms"]:
        print(f"frozen/source     x{figures['frozen_ms'] / figures['source_ms']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
