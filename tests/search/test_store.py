"""Index files: build, stamp, open, and every way an index can be unusable."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

import search.indexer
from search import (
    SCHEMA_VERSION,
    IndexCorrupt,
    IndexMissing,
    IndexStale,
    IndexUnavailable,
    build_index,
    index_fingerprint,
    open_index,
)
from search.store import CATALOG_FILE, LENGTHS_FILE, STAMP_FILE
from tests.search.conftest import CORPUS, SYNONYMS, doc_ids


def _largest_whoosh_file(folder: Path) -> Path:
    names = {STAMP_FILE, CATALOG_FILE, LENGTHS_FILE}
    return max((p for p in folder.iterdir() if p.name not in names), key=lambda p: p.stat().st_size)


def _open_and_search(folder: Path) -> None:
    with open_index(folder) as searcher:
        for text in ("patient", "bp", "h", "emesis bag"):
            searcher.search(text)


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_build_index_round_trip(built):
    """An index built on disk opens and answers like the in-memory one."""
    folder, fingerprint = built
    with open_index(folder, expected_fingerprint=fingerprint) as searcher:
        assert searcher.fingerprint == fingerprint
        assert searcher.doc_count == len({d.doc_id for d in CORPUS})
        assert doc_ids(searcher.search("180/100"))[0] == "SOP-MON-001"


def test_build_index_returns_index_fingerprint(built):
    """build_index returns the same fingerprint index_fingerprint computes."""
    _, fingerprint = built
    assert fingerprint == index_fingerprint(CORPUS, SYNONYMS)


def test_open_index_restores_synonyms(built):
    """Synonyms given at build time apply after reopening."""
    folder, _ = built
    with open_index(folder) as searcher:
        assert "SOP-DAY-001" in doc_ids(searcher.search("bp"))


def test_index_fingerprint_ignores_document_order():
    """Listing documents in another order (sections kept in order) gives the same fingerprint."""
    by_doc: dict[str, list] = {}
    for document in CORPUS:
        by_doc.setdefault(document.doc_id, []).append(document)
    shuffled = [section for sections in reversed(by_doc.values()) for section in sections]
    assert index_fingerprint(shuffled, SYNONYMS) == index_fingerprint(CORPUS, SYNONYMS)
    synonyms_reordered = dict(reversed(SYNONYMS.items()))
    assert index_fingerprint(CORPUS, synonyms_reordered) == index_fingerprint(CORPUS, SYNONYMS)


def test_index_fingerprint_changes_with_content_and_synonyms():
    """Any change of text or synonyms changes the fingerprint."""
    base = index_fingerprint(CORPUS, SYNONYMS)
    edited = [replace(CORPUS[0], text=CORPUS[0].text + "!"), *CORPUS[1:]]
    assert index_fingerprint(edited, SYNONYMS) != base
    assert index_fingerprint(CORPUS, {**SYNONYMS, "pt": ["patient"]}) != base


def test_open_index_other_fingerprint_is_stale(built):
    """An index built from other content is reported stale."""
    folder, _ = built
    with pytest.raises(IndexStale) as caught:
        open_index(folder, expected_fingerprint="0" * 64)
    assert caught.value.path == folder


def test_open_index_other_schema_version_is_stale(built):
    """An index stamped with another schema version is reported stale."""
    folder, _ = built
    stamp = json.loads((folder / STAMP_FILE).read_text())
    stamp["schema_version"] = SCHEMA_VERSION - 1
    (folder / STAMP_FILE).write_text(json.dumps(stamp))
    with pytest.raises(IndexStale, match="schema version"):
        open_index(folder)


def test_open_index_missing_folder(tmp_path):
    """A folder that does not exist is a missing index."""
    with pytest.raises(IndexMissing):
        open_index(tmp_path / "nowhere")


def test_open_index_empty_folder(tmp_path):
    """An empty folder is a missing index."""
    with pytest.raises(IndexMissing):
        open_index(tmp_path)


def test_open_index_truncated_file_is_corrupt(built):
    """A truncated index file is reported corrupt."""
    folder, _ = built
    victim = _largest_whoosh_file(folder)
    victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])
    with pytest.raises(IndexCorrupt, match="size"):
        open_index(folder)


def test_open_index_garbled_file_is_corrupt(built):
    """An index file overwritten with garbage of the same size is reported corrupt."""
    folder, _ = built
    victim = _largest_whoosh_file(folder)
    victim.write_bytes(b"\xff" * victim.stat().st_size)
    with pytest.raises(IndexCorrupt, match="altered"):
        open_index(folder)


def test_open_index_garbled_stamp_is_corrupt(built):
    """A stamp that is not JSON is reported corrupt."""
    folder, _ = built
    (folder / STAMP_FILE).write_bytes(b"{not json")
    with pytest.raises(IndexCorrupt, match="unreadable"):
        open_index(folder)


def test_open_index_without_stamp_is_corrupt(built):
    """Index files without a stamp (an unfinished build) are reported corrupt."""
    folder, _ = built
    (folder / STAMP_FILE).unlink()
    with pytest.raises(IndexCorrupt, match="stamp"):
        open_index(folder)


@pytest.mark.parametrize("name", [CATALOG_FILE, LENGTHS_FILE])
def test_open_index_missing_side_file_is_corrupt(built, name):
    """A deleted catalog or lengths file is reported corrupt."""
    folder, _ = built
    (folder / name).unlink()
    with pytest.raises(IndexCorrupt, match="missing"):
        open_index(folder)


def test_open_index_corrupt_whoosh_data_is_corrupt(built):
    """Damage the stamp cannot see (file and stamp both rewritten) still ends in IndexCorrupt."""
    folder, _ = built
    victim = _largest_whoosh_file(folder)
    victim.write_bytes(b"\x00" * victim.stat().st_size)
    stamp = json.loads((folder / STAMP_FILE).read_text())
    stamp["files"] = search.store.file_digests(folder)
    (folder / STAMP_FILE).write_text(json.dumps(stamp))
    with pytest.raises(IndexUnavailable):
        _open_and_search(folder)


def test_open_index_from_read_only_folder(built):
    """An index opens and searches from a read-only folder, and nothing in it changes."""
    folder, _ = built
    before = _snapshot(folder)
    for path in folder.iterdir():
        path.chmod(stat.S_IRUSR)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with open_index(folder) as searcher:
            assert doc_ids(searcher.search("emesis"))[0] == "CARD-NAU-001"
        assert _snapshot(folder) == before
    finally:
        folder.chmod(stat.S_IRWXU)
        for path in folder.iterdir():
            path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_build_index_replaces_previous_index(built):
    """A rebuild swaps in the new index and leaves no temporary folders behind."""
    folder, _ = built
    fewer = [d for d in CORPUS if d.doc_id != "CARD-NAU-001"]
    fingerprint = build_index(fewer, folder, synonyms=SYNONYMS)
    with open_index(folder, expected_fingerprint=fingerprint) as searcher:
        assert "CARD-NAU-001" not in doc_ids(searcher.search("emesis"))
    assert sorted(p.name for p in folder.parent.iterdir()) == [folder.name]


def test_build_index_failure_keeps_previous_index(built, monkeypatch):
    """A build that fails midway leaves the previous index intact and no temporary folder."""
    folder, fingerprint = built

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(search.indexer, "write_json", fail)
    with pytest.raises(OSError, match="No space"):
        build_index(CORPUS[:3], folder, synonyms=SYNONYMS)
    with open_index(folder, expected_fingerprint=fingerprint) as searcher:
        assert doc_ids(searcher.search("emesis"))[0] == "CARD-NAU-001"
    assert sorted(p.name for p in folder.parent.iterdir()) == [folder.name]


def test_build_index_interrupted_while_adding_keeps_previous_index(built):
    """An exception from the progress callback aborts the build without touching the index."""
    folder, fingerprint = built
    calls = []

    def interrupt(done: int, total: int) -> None:
        calls.append(done)
        if done > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index(CORPUS * 30, folder, progress=interrupt)
    open_index(folder, expected_fingerprint=fingerprint).close()
    assert sorted(p.name for p in folder.parent.iterdir()) == [folder.name]


def test_build_index_reports_progress(tmp_path):
    """progress gets (0, total) first, (total, total) last, never decreasing."""
    calls: list[tuple[int, int]] = []
    build_index(CORPUS * 3, tmp_path / "index", progress=lambda done, total: calls.append((done, total)))
    total = len(CORPUS) * 3
    assert calls[0] == (0, total)
    assert calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_build_index_unwritable_location_raises_oserror(tmp_path):
    """A location that cannot hold a folder raises OSError and creates nothing."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OSError, match="file"):
        build_index(CORPUS, blocker / "index")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX keeps unlinked files readable")
def test_open_searcher_survives_rebuild(built):
    """A searcher opened before a rebuild keeps answering from the old files."""
    folder, _ = built
    with open_index(folder) as searcher:
        build_index(CORPUS[:2], folder)
        assert doc_ids(searcher.search("emesis"))[0] == "CARD-NAU-001"


def test_open_index_stray_file_is_corrupt(built):
    """A file the build did not write (say a newer Whoosh table of contents) is reported corrupt."""
    folder, _ = built
    (folder / "_MAIN_2.toc").write_bytes(b"")
    with pytest.raises(IndexCorrupt, match="unexpected"):
        open_index(folder)


def test_build_index_of_nothing_opens_and_finds_nothing(tmp_path):
    """An index of no documents builds, opens and answers with no hits."""
    build_index([], tmp_path / "index")
    with open_index(tmp_path / "index") as searcher:
        assert searcher.doc_count == 0
        assert searcher.search("bp") == []


def test_ram_index_scratch_space_is_private():
    """Two in-memory builds never share Whoosh's scratch folder (it is deleted when a build ends)."""
    from search.indexer import PrivateRamStorage

    one, two = PrivateRamStorage(), PrivateRamStorage()
    try:
        assert one.temp_storage("MAIN.tmp").folder != two.temp_storage("MAIN.tmp").folder
        assert not one.temp_storage("MAIN.tmp").folder.endswith("MAIN.tmp")
    finally:
        one.remove_scratch()
        two.remove_scratch()
    assert not one.scratch.exists()
