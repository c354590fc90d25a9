"""Records trust nothing: schema-checked merges, bad stored rows shown as unreadable, truncation caught."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import uuid as uuidlib
from pathlib import Path

import pytest

from handbook.records.acks import acknowledge
from handbook.records.chain import link_hash
from handbook.records.db import RecordStore
from handbook.records.merge import MergeRefused, export_records, merge_exports
from handbook.records.profiles import create_profile, people
from handbook.records.report import build_report, report_text
from tests.records.conftest import ROLES, START, edit_export, tamper

STAMP = "2026-01-06T10:00:00+00:00"
REPO = Path(__file__).resolve().parents[2]


def _rehash(rows: list[dict]) -> None:
    """Recompute every hash of a chain, as a forger who knows the format would."""
    prev = "0" * 64
    for row in rows:
        row["prev_hash"] = prev
        row["hash"] = prev = link_hash(prev, row)


@pytest.fixture
def forged(tmp_path, clock, library):
    """An export from another workstation whose second row says `recorded_at: garbage`, hashes valid."""
    with RecordStore.open(tmp_path / "ws2" / "records.sqlite3", clock=clock) as other:
        bo = create_profile(other, "Bo Chen", "nurse", START, ROLES)
        acknowledge(other, bo, library.get("SOP-MON-001"))
        path = tmp_path / "forged.json"
        export_records(other, path, STAMP)

    def change(document: dict) -> None:
        rows = document["workstations"][0]["rows"]
        rows[1]["recorded_at"] = "garbage"
        _rehash(rows)
        document["workstations"][0]["head"]["hash"] = rows[-1]["hash"]

    edit_export(path, change)
    return path


def test_untrusted_forged_export_with_bad_payload_is_refused(store, nurse, forged):
    """Valid hashes, bad date: refused with one line naming the file and the row; nothing merged."""
    before = len(store.events())
    with pytest.raises(MergeRefused) as caught:
        merge_exports(store, [forged])
    assert "row 2" in str(caught.value)
    assert str(forged) in str(caught.value)
    assert "\n" not in str(caught.value)
    assert len(store.events()) == before


def _store_bad_row(store: RecordStore, person_id: str) -> None:
    """Append a row with valid hashes but a garbage time straight into SQLite (a merge before the fix)."""
    seq, prev = store.heads()[store.workstation]
    fields = {
        "workstation": store.workstation, "seq": seq + 1, "uuid": str(uuidlib.uuid4()), "kind": "profile",
        "recorded_at": "garbage", "person_id": person_id, "person_name": "Ann Lee", "role": "nurse",
        "doc_id": "", "version": 0, "checksum": "", "data": '{"start_date":"garbage"}',
    }  # fmt: skip
    digest = link_hash(prev, fields)
    connection = sqlite3.connect(store.path, isolation_level=None)
    names = ", ".join([*fields, "prev_hash", "hash"])
    connection.execute(f"INSERT INTO events ({names}) VALUES ({', '.join('?' * 14)})",
                       [*fields.values(), prev, digest])  # fmt: skip
    connection.execute(
        "UPDATE heads SET seq = ?, hash = ? WHERE workstation = ?", (seq + 1, digest, store.workstation)
    )
    connection.close()


def test_untrusted_stored_bad_row_does_not_break_the_report(store, nurse, library):
    """A bad row already stored is shown as unreadable; the report, people and progress still work."""
    _store_bad_row(store, nurse.id)
    report = build_report(store, library)
    text = report_text(report)
    assert "unreadable" in text
    assert [p.name for p in people(store)] == ["Ann Lee"]
    assert not report.chain.ok


def test_untrusted_deleting_newest_rows_and_head_is_caught(store, nurse, library):
    """Deleting the newest rows together with the heads row no longer reports 'records verified'."""
    for _ in range(3):
        acknowledge(store, nurse, library.get("SOP-MON-001"))
    tamper(store.path, "DELETE FROM events WHERE seq >= 3")
    tamper(store.path, "DELETE FROM heads")
    report = store.verify()
    assert not report.ok
    assert "deleted from the end" in report.summary()


def test_untrusted_deleting_the_head_file_is_caught(store, nurse, library):
    """Deleting the mirrored head file too is itself reported."""
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    tamper(store.path, "DELETE FROM events WHERE seq >= 2")
    tamper(store.path, "DELETE FROM heads")
    store.heads_path.unlink()
    assert "head file" in store.verify().summary()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9 (POSIX)")
def test_untrusted_commits_survive_losing_the_wal(tmp_path, library):
    """Kill -9 mid-run, then delete records.sqlite3-wal and -shm: every reported row is still there."""
    path = tmp_path / "records.sqlite3"
    with RecordStore.open(path) as first:
        create_profile(first, "Ann Lee", "nurse", START, ROLES)
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.records.ack_child", str(path), str(library.root)],
        cwd=REPO, stdout=subprocess.PIPE, text=True, env=dict(os.environ),
    )  # fmt: skip
    assert child.stdout.readline().strip() == "ready"
    reported = [child.stdout.readline().split()[1] for _ in range(60)]
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
    for side in ("-wal", "-shm"):
        Path(f"{path}{side}").unlink(missing_ok=True)
    with RecordStore.open(path) as reopened:
        stored = {e.uuid for e in reopened.events(kind="ack")}
        assert set(reported) <= stored
        assert reopened.verify().ok


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["workstations"][0].__setitem__("head", [1, "x"]), "head"),
        (lambda d: d["workstations"][0]["rows"][0].__setitem__("version", 10**30), "out of range"),
        (lambda d: d["workstations"][0]["head"].__setitem__("seq", 10**30), "head"),
        (lambda d: d["workstations"][0]["rows"][0].__setitem__("kind", "root"), "row 1"),
    ],
)
def test_untrusted_malformed_export_is_one_line(store, forged, change, reason):
    """Malformed exports end in a one-line refusal, never a traceback."""
    edit_export(forged, change)
    with pytest.raises(MergeRefused, match=reason):
        merge_exports(store, [forged])


def test_untrusted_deeply_nested_export_is_refused(store, tmp_path):
    """Deep nesting is refused (json would raise RecursionError)."""
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000, encoding="utf-8")
    with pytest.raises(MergeRefused, match="nested|not JSON"):
        merge_exports(store, [path])


@pytest.mark.parametrize("kind", ["dev_zero", "fifo", "folder"])
def test_untrusted_export_that_is_not_a_file_is_refused_at_once(store, tmp_path, kind):
    """/dev/zero, a FIFO without a writer and a folder are refused without hanging."""
    if kind == "dev_zero":
        path = Path("/dev/zero")
    elif kind == "fifo":
        path = tmp_path / "pipe.json"
        os.mkfifo(path)
    else:
        path = tmp_path
    result: list[BaseException] = []
    worker = threading.Thread(target=lambda: _capture(result, store.path, path), daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "merge hung"
    assert isinstance(result[0], MergeRefused)


def _capture(result: list, db: Path, path: Path) -> None:
    try:
        with RecordStore.open(db) as own:
            merge_exports(own, [path])
    except MergeRefused as exc:
        result.append(exc)


def test_untrusted_head_file_mirrors_heads(store, nurse):
    """After a write the head file holds exactly the heads table."""
    data = json.loads(store.heads_path.read_text(encoding="ascii"))
    assert {w: tuple(v) for w, v in data.items()} == store.heads()


def test_untrusted_head_file_failure_does_not_fail_a_committed_write(store, nurse, library, monkeypatch):
    """If the head file cannot be written the acknowledgement still counts (it is committed) and verifies."""

    def fail(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("handbook.records.db.replace_atomically", fail)
    event = acknowledge(store, nurse, library.get("SOP-MON-001"))
    assert event.uuid in {e.uuid for e in store.events(kind="ack")}
    assert store.verify().ok
