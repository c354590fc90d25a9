"""The search package stands alone: no Qt, no handbook."""

from __future__ import annotations

import subprocess
import sys


def test_search_imports_neither_qt_nor_handbook():
    """Importing search (and building an index) loads no PySide6 and no handbook module."""
    code = (
        "import sys, search, search.benchmark\n"
        "search.ram_index([search.IndexDocument('A', '', 'T', '', 'x')]).search('x')\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'handbook')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
