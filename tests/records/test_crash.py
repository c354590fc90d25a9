"""A process killed mid-write (kill -9) loses nothing it committed, and the chain still verifies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.records.acks import acknowledge
from handbook.records.db import RecordStore

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9 (POSIX)")
REPO = Path(__file__).resolve().parents[2]


def start_child(store: RecordStore, library) -> subprocess.Popen:
    """The acknowledging child, once it has opened the records."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.records.ack_child", str(store.path), str(library.root)],
        cwd=REPO, stdout=subprocess.PIPE, text=True, env=dict(os.environ),
    )  # fmt: skip
    assert child.stdout.readline().strip() == "ready"
    return child


def kill_after(child: subprocess.Popen, rows: int) -> list[str]:
    """Let the child report `rows` commits, kill -9 it, and return every uuid it reported."""
    reported = [child.stdout.readline().split()[1] for _ in range(rows)]
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    # Lines the child flushed before it died; a line is a report only when complete (ends with a newline).
    rest = child.stdout.read().split("\n")[:-1]
    reported += [line.split()[1] for line in rest]
    child.stdout.close()
    return reported


@pytest.mark.parametrize("rows", [1, 37, 150])
def test_crash_kill_loses_no_committed_row(store, nurse, library, rows):
    """Every row the child reported as committed is stored; the chain verifies and can continue."""
    reported = kill_after(start_child(store, library), rows)
    stored = {e.uuid for e in store.events(kind="ack")}
    assert set(reported) <= stored
    assert len(stored) >= len(reported) >= rows
    assert store.verify().ok
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    assert store.verify().ok


def test_crash_two_writers_keep_one_chain(store, nurse, library):
    """The app writing while another process writes: one chain, no fork, nothing lost."""
    child = start_child(store, library)
    mine = [acknowledge(store, nurse, library.get("SOP-MON-001")).uuid for _ in range(40)]
    reported = kill_after(child, 20)
    stored = {e.uuid for e in store.events(kind="ack")}
    assert set(mine) | set(reported) <= stored
    report = store.verify()
    assert report.ok
    assert report.total == len(store.events())
