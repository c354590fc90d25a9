"""The Qt binding itself survives a long session: an all-day app makes millions of Qt calls."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.gui

LONG_SESSION = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for _ in range(20000):
    label.setText("x")  # a call returning nothing: PySide6 6.12.0 dropped a reference to None here
print(sys.getrefcount(None) - before)
"""


def test_qt_binding_keeps_none_refcount_over_many_calls():
    """20,000 void Qt calls neither abort the process nor leak references to None."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", LONG_SESSION], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert abs(int(done.stdout.strip())) < 100
