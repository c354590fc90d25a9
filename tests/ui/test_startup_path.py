"""What the first paint waits for: modules loaded and widgets built before the window is shown."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from handbook import startup_bench

REPO = Path(__file__).resolve().parents[2]

# Build the window the way the app does, then list what was loaded (in a fresh interpreter).
BUILD_AND_LIST = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from handbook.app import build_window
window = build_window()
print(json.dumps(sorted(sys.modules)))
"""

NOT_BEFORE_FIRST_PAINT = ("whoosh", "search", "sqlite3", "handbook.records.db")


def _modules_before_first_paint(tmp_path: Path) -> set[str]:
    env = startup_bench.probe_environment(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", BUILD_AND_LIST], env=env, cwd=REPO, capture_output=True, text=True,
        timeout=120, check=True,
    )  # fmt: skip
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_search_engine_loads_after_the_first_paint(tmp_path):
    """Building the window loads neither the search package nor Whoosh (~100 ms): the index opens after."""
    loaded = _modules_before_first_paint(tmp_path)
    assert [name for name in NOT_BEFORE_FIRST_PAINT if name in loaded] == []
