"""The records database: WAL, one workstation id, append, and every way opening or writing can fail."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from handbook.errors import StorageError
from handbook.records.db import RecordStore, records_path


def test_db_lives_in_user_data_folder(store, isolated_user_dirs):
    """The records file is records.sqlite3 in HANDBOOK_DATA_DIR."""
    assert store.path == records_path() == isolated_user_dirs / "data" / "records.sqlite3"
    assert store.path.exists()


def test_db_uses_wal_journal(store):
    """The database file is in WAL mode (readers never block the writer; crash-safe commits)."""
    connection = sqlite3.connect(store.path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()


def test_db_workstation_id_is_stable(store):
    """The workstation id is made once and kept across openings."""
    with RecordStore.open() as again:
        assert again.workstation == store.workstation
    assert len(store.workstation) == 36


def test_db_append_returns_stored_row(store, clock):
    """An appended row comes back from events() as it was returned, with the clock's UTC time."""
    event = store.append("ack", "p1", "Ann Lee", "nurse", "SOP-MON-001", 2, "abc", {"title": "T"})
    assert store.events() == [event]
    assert (event.seq, event.recorded_at, event.payload) == (1, "2026-01-05T09:00:00+00:00", {"title": "T"})


def test_db_events_filter_by_kind_and_document(store):
    """events() filters on kind and document id."""
    store.append("profile", "p1", "Ann Lee", "nurse")
    store.append("ack", "p1", "Ann Lee", "nurse", "SOP-MON-001", 1, "abc")
    store.append("ack", "p1", "Ann Lee", "nurse", "CARD-HTN-001", 1, "def")
    assert [e.doc_id for e in store.events(kind="ack")] == ["SOP-MON-001", "CARD-HTN-001"]
    assert [e.kind for e in store.events(doc_id="CARD-HTN-001")] == ["ack"]


def test_db_settings_are_kept_outside_the_chain(store):
    """A workstation setting is saved without adding a chained row."""
    store.set_setting("current_person", "p1")
    assert store.get_setting("current_person") == "p1"
    assert store.events() == []


def test_db_corrupt_file_refused_and_left_alone(isolated_user_dirs):
    """A file that is not a database is an error naming it; it is never replaced (audit data)."""
    path = records_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageError, match="cannot open the records") as caught:
        RecordStore.open()
    assert caught.value.where == str(path)
    assert path.read_bytes() == b"this is not a database" * 100


def test_db_newer_schema_refused(store):
    """Records written by a newer handbook are not opened by an older one."""
    connection = sqlite3.connect(store.path, isolation_level=None)
    connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
    connection.close()
    with pytest.raises(StorageError, match="newer handbook"):
        RecordStore.open()


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores folder permissions")
def test_db_read_only_folder_is_an_error(tmp_path):
    """A folder that cannot be written gives a StorageError naming the file."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StorageError, match="cannot open the records"):
            RecordStore.open(folder / "records.sqlite3")
    finally:
        folder.chmod(0o700)


def test_db_folder_creation_failure_is_an_error(monkeypatch, tmp_path):
    """An OSError making the data folder becomes a StorageError naming the folder."""

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(StorageError, match="cannot create the records folder: Permission denied"):
        RecordStore.open(tmp_path / "x" / "records.sqlite3")


def test_db_failed_append_records_nothing(store):
    """When the write fails, the error names the file and no partial row remains."""
    store.append("profile", "p1", "Ann Lee", "nurse")
    blocker = sqlite3.connect(store.path, isolation_level=None, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    store._db.execute("PRAGMA busy_timeout = 0")
    try:
        with pytest.raises(StorageError, match="cannot save to the records"):
            store.append("ack", "p1", "Ann Lee", "nurse", "SOP-MON-001", 1, "abc")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert [e.kind for e in store.events()] == ["profile"]
    assert store.verify().ok


def test_db_memory_copy_leaves_file_untouched(store):
    """Writes to an in-memory copy never reach the file."""
    store.append("profile", "p1", "Ann Lee", "nurse")
    copy = RecordStore.memory_copy(store)
    copy.append("profile", "p2", "Bo Chen", "nurse")
    assert len(copy.events()) == 2
    assert len(store.events()) == 1
    copy.close()


def test_db_unopenable_file_is_an_error(monkeypatch, tmp_path):
    """SQLite failing to open the file (read-only medium, no space) becomes a StorageError naming it."""
    import handbook.records.db as db

    def refuse(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(db.sqlite3, "connect", refuse)
    with pytest.raises(StorageError, match="unable to open database file") as caught:
        RecordStore.open(tmp_path / "records.sqlite3")
    assert caught.value.where == str(tmp_path / "records.sqlite3")
