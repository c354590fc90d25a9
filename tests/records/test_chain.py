"""The hash chain: verification catches an edited row, a deleted row, a re-hashed row, a cut tail."""

from __future__ import annotations

import sqlite3

import pytest

from handbook.records.acks import acknowledge
from handbook.records.chain import GENESIS, link_hash
from tests.records.conftest import tamper


@pytest.fixture
def filled(store, nurse, library):
    """The nurse's profile row plus four acknowledgements: rows 1-5."""
    for _ in range(4):
        acknowledge(store, nurse, library.get("SOP-MON-001"))
    return store


def test_chain_rows_link_to_the_previous_hash(filled):
    """Row 1 follows the genesis hash; every later row stores its predecessor's hash."""
    rows = filled.events()
    assert rows[0].prev_hash == GENESIS
    assert all(row.prev_hash == before.hash for before, row in zip(rows, rows[1:], strict=False))
    assert all(link_hash(row.prev_hash, row.fields()) == row.hash for row in rows)


def test_chain_verify_passes_untouched_records(filled):
    """Records written only by the handbook verify."""
    report = filled.verify()
    assert report.ok
    assert report.total == 5
    assert report.summary().startswith("records verified (5 rows")


def test_chain_verify_detects_edited_row(filled):
    """Changing a field of row 3 (who acknowledged) is caught at row 3."""
    tamper(filled.path, "UPDATE events SET person_name = 'Someone Else' WHERE seq = 3")
    problems = filled.verify().problems
    assert [(p.seq, "edited" in p.reason) for p in problems] == [(3, True)]


def test_chain_verify_detects_deleted_row(filled):
    """Deleting row 2 leaves a gap that is reported as missing."""
    tamper(filled.path, "DELETE FROM events WHERE seq = 2")
    problems = filled.verify().problems
    assert problems[0].seq == 2
    assert "missing" in problems[0].reason


def test_chain_verify_detects_deleted_last_row(filled):
    """Deleting the newest row is caught by the recorded head."""
    tamper(filled.path, "DELETE FROM events WHERE seq = 5")
    problems = filled.verify().problems
    assert [(p.seq, "deleted from the end" in p.reason) for p in problems] == [(5, True)]


def test_chain_verify_detects_rehashed_row(filled):
    """An edited row whose own hash was recomputed breaks the link of the row after it."""
    row = filled.events()[2]
    fields = {**row.fields(), "version": 9}
    tamper(
        filled.path, "UPDATE events SET version = 9, hash = ? WHERE seq = 3", link_hash(row.prev_hash, fields)
    )
    problems = filled.verify().problems
    assert [(p.seq, "does not follow row 3" in p.reason) for p in problems] == [(4, True)]


def test_chain_verify_summary_names_workstation_and_row(filled):
    """The one-line summary says the records were altered, where and how."""
    tamper(filled.path, "UPDATE events SET doc_id = 'SOP-XXX-001' WHERE seq = 4")
    summary = filled.verify().summary()
    assert summary.startswith(f"RECORDS ALTERED: workstation {filled.workstation[:8]} row 4:")


@pytest.mark.parametrize("sql", ["UPDATE events SET role = 'director'", "DELETE FROM events WHERE seq = 1"])
def test_chain_rows_are_append_only(filled, sql):
    """The database itself refuses updates and deletions of rows (triggers)."""
    connection = sqlite3.connect(filled.path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        connection.execute(sql)
    connection.close()
