"""Export and merge: rows from several workstations, idempotent, refused when a chain does not verify."""

from __future__ import annotations

import json

import pytest

from handbook.records.acks import acknowledge
from handbook.records.chain import link_hash
from handbook.records.db import RecordStore
from handbook.records.merge import MergeRefused, export_records, merge_exports, read_export
from handbook.records.profiles import create_profile, people
from tests.records.conftest import ROLES, START, edit_export

STAMP = "2026-01-06T10:00:00+00:00"


@pytest.fixture
def second(tmp_path, clock):
    """Another workstation's records, with Bo Chen's acknowledgement of SOP-MON-001."""
    with RecordStore.open(tmp_path / "ws2" / "records.sqlite3", clock=clock) as other:
        yield other


@pytest.fixture
def export_file(tmp_path, second, library):
    """The second workstation's export: Bo's profile and one acknowledgement (rows 1-2)."""
    bo = create_profile(second, "Bo Chen", "nurse", START, ROLES)
    acknowledge(second, bo, library.get("SOP-MON-001"))
    path = tmp_path / "ws2.json"
    assert export_records(second, path, STAMP) == 2
    return path


def test_merge_export_file_shape(export_file, second):
    """An export names its format, its workstation and each chain with head and rows."""
    document = json.loads(export_file.read_text(encoding="utf-8"))
    assert (document["format"], document["format_version"], document["exported_from"]) == (
        "clinic-handbook-records", 1, second.workstation)  # fmt: skip
    (chain,) = document["workstations"]
    assert chain["head"]["seq"] == 2
    assert [row["seq"] for row in chain["rows"]] == [1, 2]


def test_merge_adds_other_workstation_rows(store, nurse, export_file, second):
    """Merging brings the other workstation's rows, kept on their own chain, and the chains still verify."""
    result = merge_exports(store, [export_file])
    assert (result.added, result.files[0].present) == (2, 0)
    assert {e.workstation for e in store.events()} == {store.workstation, second.workstation}
    assert [p.name for p in people(store)] == ["Ann Lee", "Bo Chen"]
    assert store.verify().ok


def test_merge_twice_adds_nothing(store, export_file):
    """Merging the same export again adds no row (keyed by workstation, sequence and UUID)."""
    merge_exports(store, [export_file])
    before = store.events()
    result = merge_exports(store, [export_file, export_file])
    assert result.added == 0
    assert [f.present for f in result.files] == [2, 2]
    assert store.events() == before


def test_merge_newer_export_adds_only_new_rows(store, export_file, second, library, tmp_path):
    """A later export of the same workstation adds just the rows appended since."""
    merge_exports(store, [export_file])
    bo = people(second)[0]
    second.append("ack", next(iter(bo.profile_ids)), bo.name, bo.role, "CARD-HTN-001", 1, "x")
    later = tmp_path / "ws2-later.json"
    export_records(second, later, STAMP)
    assert merge_exports(store, [later]).added == 1
    assert store.verify().ok


def test_merge_refuses_edited_row_naming_file_and_row(store, export_file):
    """A row edited in the export is refused with one line naming the file and the row; nothing merged."""

    def edit(document: dict) -> None:
        document["workstations"][0]["rows"][1]["version"] = 7

    edit_export(export_file, edit)
    with pytest.raises(MergeRefused) as caught:
        merge_exports(store, [export_file])
    message = str(caught.value)
    assert message.startswith(f"{export_file}: tampered or damaged: workstation ")
    assert "row 2: contents do not match its hash" in message
    assert "\n" not in message
    assert store.events(kind="ack") == []


def test_merge_refuses_deleted_row(store, export_file):
    """An export with a row removed is refused at that row."""
    edit_export(export_file, lambda d: d["workstations"][0]["rows"].pop(0))
    with pytest.raises(MergeRefused, match="row 1: missing"):
        merge_exports(store, [export_file])


def test_merge_refuses_all_files_when_one_fails(store, export_file, tmp_path, second):
    """A good file listed before a bad one is not merged either: all or nothing."""
    bad = tmp_path / "bad.json"
    bad.write_text(export_file.read_text(encoding="utf-8"), encoding="utf-8")
    edit_export(bad, lambda d: d["workstations"][0]["rows"][0].update(person_name="X"))
    with pytest.raises(MergeRefused, match="bad.json"):
        merge_exports(store, [export_file, bad])
    assert store.events(workstation=second.workstation) == []


def test_merge_refuses_rewritten_history(store, export_file):
    """A complete rewrite (every hash recomputed) verifies alone but not against the copy merged before."""
    merge_exports(store, [export_file])

    def rewrite(document: dict) -> None:
        chain = document["workstations"][0]
        prev = "0" * 64
        for row in chain["rows"]:
            if row["seq"] == 2:
                row["version"] = 9
            row["prev_hash"] = prev
            row["hash"] = prev = link_hash(prev, row)
        chain["head"]["hash"] = prev

    edit_export(export_file, rewrite)
    read_export(export_file)  # consistent on its own
    with pytest.raises(MergeRefused, match="row 2 differs from the copy already merged"):
        merge_exports(store, [export_file])


@pytest.mark.parametrize(
    ("text", "reason"),
    [("{not json", "not JSON"), ('{"format": "other"}', "not a records export"),
     ('{"format": "clinic-handbook-records", "format_version": 9, "workstations": []}', "newer handbook"),
     ('{"format": "clinic-handbook-records", "format_version": 1, "workstations": [{"id": "w", "rows": [1],'
      ' "head": {"seq": 1, "hash": "h"}}]}', "not a record")],
)  # fmt: skip
def test_merge_refuses_files_that_are_not_exports(store, tmp_path, text, reason):
    """Malformed files are refused with the reason, never half-read."""
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MergeRefused, match=reason):
        merge_exports(store, [path])


def test_merge_missing_file_refused(store, tmp_path):
    """A file that cannot be read is refused naming it."""
    with pytest.raises(MergeRefused, match="cannot read"):
        merge_exports(store, [tmp_path / "absent.json"])


def test_merge_own_export_back_adds_nothing(store, nurse, tmp_path):
    """A workstation merging its own export finds every row already there."""
    path = tmp_path / "self.json"
    export_records(store, path, STAMP)
    assert merge_exports(store, [path]).added == 0


def test_merge_restores_rows_into_a_restored_older_copy(store, nurse, library, tmp_path):
    """Rows newer than the local chain (restored from a backup) are added and the chain continues."""
    backup = tmp_path / "backup.json"
    export_records(store, backup, STAMP)
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    newer = tmp_path / "newer.json"
    export_records(store, newer, STAMP)
    with RecordStore.open(tmp_path / "fresh" / "records.sqlite3") as fresh:
        merge_exports(fresh, [backup])
        assert merge_exports(fresh, [newer]).added == 1
        assert fresh.verify().ok


def test_merge_export_write_failure_is_storage_error(store, tmp_path, monkeypatch):
    """An export that cannot be written raises StorageError and leaves no file."""
    from handbook.errors import StorageError

    target = tmp_path / "out.json"
    monkeypatch.setattr(
        "handbook.storage.os.replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space"))
    )
    with pytest.raises(StorageError, match="cannot export: No space"):
        export_records(store, target, STAMP)
    assert not target.exists()
