"""The library snapshot: a hit skips loading, any change to the content or the day reloads, damage is harmless."""

from __future__ import annotations

import datetime as dt
import os

from handbook.library import snapshot
from tests.conftest import SOP_BODY, front_matter, recorded

TODAY = dt.date(2026, 6, 1)


def test_snapshot_hit_returns_same_library_without_loading(make_content, tmp_path, monkeypatch):
    """The second start reads the snapshot and never calls the loader."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    first, _ = snapshot.load_validated(root, TODAY, tmp_path / "cache")

    def no_lint(*_args):
        raise AssertionError("loaded again")

    monkeypatch.setattr("handbook.library.validate.lint", no_lint)
    second, problems = snapshot.load_validated(root, TODAY, tmp_path / "cache")
    assert second.get("SOP-MON-001").title == first.get("SOP-MON-001").title
    assert problems == []


def test_snapshot_edited_file_is_reloaded(make_content, tmp_path):
    """Saving a document (new size or time) invalidates the snapshot; its new problems show."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    snapshot.load_validated(root, TODAY, tmp_path / "cache")
    doc = root / "mon.md"
    doc.write_text(recorded("mon.md", front_matter(owner=None) + SOP_BODY), encoding="utf-8")
    os.utime(doc, ns=(doc.stat().st_atime_ns, doc.stat().st_mtime_ns + 1_000_000))
    _, problems = snapshot.load_validated(root, TODAY, tmp_path / "cache")
    assert [p.code for p in problems] == ["H002"]


def test_snapshot_new_day_rechecks_review_dates(make_content, tmp_path):
    """Review-date problems depend on the day, so the day is part of the key."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    snapshot.load_validated(root, TODAY, tmp_path / "cache")
    _, problems = snapshot.load_validated(root, dt.date(2027, 2, 1), tmp_path / "cache")
    assert [p.code for p in problems] == ["R001"]


def test_snapshot_corrupt_file_is_rebuilt(make_content, tmp_path):
    """Garbage in the snapshot is ignored and replaced; the library still loads."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    cache = tmp_path / "cache"
    snapshot.load_validated(root, TODAY, cache)
    for file in cache.glob("library-*.pickle"):
        file.write_bytes(b"\x80garbage")
    library, _ = snapshot.load_validated(root, TODAY, cache)
    assert "SOP-MON-001" in library


def test_snapshot_unwritable_cache_still_loads(make_content, tmp_path, monkeypatch):
    """When the cache folder cannot be written the library is loaded all the same."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})

    def fail(*_args, **_kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(snapshot, "replace_atomically", fail)
    library, _ = snapshot.load_validated(root, TODAY, tmp_path / "cache")
    assert "SOP-MON-001" in library


def test_snapshot_keeps_only_the_latest(make_content, tmp_path):
    """Old snapshots are removed when a new one is written."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    cache = tmp_path / "cache"
    snapshot.load_validated(root, TODAY, cache)
    snapshot.load_validated(root, dt.date(2026, 6, 2), cache)
    assert len(list(cache.glob("library-*.pickle"))) == 1
