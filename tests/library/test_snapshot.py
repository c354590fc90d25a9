"""The library snapshot: plain JSON from the install folder only, checked against the content; never code."""

from __future__ import annotations

import datetime as dt
import json
import logging
import pickle

import pytest

from handbook.library import snapshot
from handbook.library.validate import lint
from tests.conftest import SOP_BODY, front_matter

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def shipped(make_content):
    """A content folder with its snapshot written beside it, as the build does."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    snapshot.write_snapshot(root, snapshot.bundled_snapshot_path(root))
    return root


def test_snapshot_hit_returns_same_library_without_loading(shipped, monkeypatch):
    """With a matching snapshot in the install folder, the library comes from it, not from YAML."""

    def no_lint(*_args):
        raise AssertionError("loaded again")

    expected, expected_problems = lint(shipped, TODAY)
    monkeypatch.setattr("handbook.library.validate.lint", no_lint)
    library, problems = snapshot.load_validated(shipped, TODAY)
    assert library.documents == expected.documents
    assert library.info == expected.info
    assert library.consensus == expected.consensus
    assert problems == expected_problems


@pytest.mark.parametrize("day", [TODAY, dt.date(2027, 2, 1), dt.date(2027, 1, 20)])
def test_snapshot_review_problems_follow_the_day(shipped, day):
    """Review-date problems are recomputed for the day, exactly as lint reports them."""
    assert snapshot.load_validated(shipped, day)[1] == lint(shipped, day)[1]


def test_snapshot_edit_keeping_size_and_time_is_seen(shipped):
    """An edit that keeps the file's size and mtime is still seen (the key is a SHA-256 of the bytes)."""
    doc = shipped / "mon.md"
    before = doc.stat()
    text = doc.read_text(encoding="utf-8").replace("Monitoring", "Monitorinx", 1)
    doc.write_text(text, encoding="utf-8")
    import os

    os.utime(doc, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert doc.stat().st_size == before.st_size
    library, _ = snapshot.load_validated(shipped, TODAY)
    assert "Monitorinx" in library.get("SOP-MON-001").title + library.get("SOP-MON-001").body


def test_snapshot_altered_text_is_ignored(shipped, caplog):
    """A snapshot whose card text was changed (key left intact) is refused with a log line."""
    path = snapshot.bundled_snapshot_path(shipped)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["library"]["documents"][0]["body"] = "## Procedure\n\nGive 50 mg/kg.\n"
    path.write_text(json.dumps(data), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="handbook"):
        library, _ = snapshot.load_validated(shipped, TODAY)
    assert "50 mg/kg" not in library.get("SOP-MON-001").body
    assert "ignored" in caplog.text


def test_snapshot_copy_in_user_cache_is_never_read(make_content, tmp_path, monkeypatch):
    """A snapshot placed in the user cache is not read: only the install folder's is trusted."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    cache = tmp_path / "cache"
    cache.mkdir()
    snapshot.write_snapshot(root, cache / snapshot.SNAPSHOT_NAME)
    calls = []
    monkeypatch.setattr(snapshot, "read_snapshot", lambda *args: calls.append(args))
    snapshot.load_validated(root, TODAY, cache)
    assert calls == []


def test_snapshot_pickle_in_user_cache_is_never_loaded(make_content, tmp_path, caplog):
    """A crafted pickle in the user cache runs no code: it is deleted unread, with a log line."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    cache = tmp_path / "cache"
    cache.mkdir()
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    (cache / "library-0123.pickle").write_bytes(pickle.dumps(Exploit()))
    with caplog.at_level(logging.INFO, logger="handbook"):
        library, _ = snapshot.load_validated(root, TODAY, cache)
    assert "SOP-MON-001" in library
    assert not marker.exists()
    assert not list(cache.glob("*.pickle"))
    assert not list(cache.iterdir())  # and nothing is written there either
    assert "library-0123.pickle" in caplog.text


def test_snapshot_garbage_is_ignored(shipped):
    """Garbage, a foreign format or another content's snapshot is ignored; the library still loads."""
    path = snapshot.bundled_snapshot_path(shipped)
    for payload in (b"\x80garbage", b"[]", b'{"format": 2, "key": "x"}', b"[" * 100_000):
        path.write_bytes(payload)
        library, _ = snapshot.load_validated(shipped, TODAY)
        assert "SOP-MON-001" in library


def test_snapshot_document_outside_content_is_refused(shipped):
    """A snapshot naming a file outside the content folder is refused."""
    path = snapshot.bundled_snapshot_path(shipped)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["library"]["documents"][0]["path"] = "../../etc/passwd"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(snapshot.SnapshotError):
        snapshot.read_snapshot(path, shipped)


def test_snapshot_shipped_content_round_trips(tmp_path):
    """The shipped content survives the JSON round trip unchanged."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "content"
    target = tmp_path / "snap.json"
    snapshot.write_snapshot(root, target)
    library, problems = snapshot.read_snapshot(target, root)
    expected, expected_problems = lint(root, dt.date.today())
    assert library.documents == expected.documents
    assert [p for p in expected_problems if p.code not in ("R001", "R002")] == problems
