"""The window fits the screen it is on: 1366x768 and 1280x800 laptops, with F3, F4 and both open."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def run_probe(tmp_path: Path, width: int, height: int) -> dict:
    """The screen probe's report on an offscreen screen of that size."""
    config = tmp_path / "screen.json"
    screen = {"name": "probe", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96,
              "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip
    config.write_text(json.dumps({"screens": [screen]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    done = subprocess.run([sys.executable, "-m", "tests.ui.screen_probe"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=50)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1280, 800)])
def test_window_never_larger_than_the_screen(tmp_path, width, height):
    """At start and after F3, F4 and both, the whole window stays on screen and every panel fits its width."""
    report = run_probe(tmp_path, width, height)
    assert report["area"] == [width, height]
    for step in report["steps"]:
        assert step["right"] < width, step  # the frame's right edge, from x = 0
        assert step["bottom"] < height, step
        assert step["overflow"] == [], step
    by_step = {s["step"]: s for s in report["steps"]}
    assert by_step["F3"]["focus_in_tools"]
    assert by_step["F3+F4"]["focus_in_reading"]
