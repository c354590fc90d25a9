"""Settings and bookmarks: only non-defaults saved, and a broken file never costs what the user had."""

from __future__ import annotations

import datetime as dt

from handbook.settings import Settings, load_settings, save_settings, settings_path
from handbook.storage import set_aside
from handbook.workspace import Bookmarks


def test_settings_round_trip_keeps_only_changes():
    """Saved settings hold only the values that differ from the defaults, and load back equal."""
    save_settings(Settings(zoom=2, night_mode=True))
    assert settings_path().read_text(encoding="utf-8") == "zoom = 2\nnight_mode = true\n"
    assert load_settings() == (Settings(zoom=2, night_mode=True), "")


def test_settings_broken_file_gives_defaults_and_is_kept():
    """Unreadable TOML gives defaults, a warning naming the kept copy, and the old bytes stay on disk."""
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text("zoom = [", encoding="utf-8")
    settings, warning = load_settings()
    assert settings == Settings()
    kept = list(path.parent.glob("settings.toml.corrupt-*"))
    assert [k.read_text(encoding="utf-8") for k in kept] == ["zoom = ["]
    assert str(kept[0]) in warning


def test_bookmarks_broken_twice_keeps_both_copies(tmp_path):
    """Two broken bookmark files in the same second are both kept, neither overwritten."""
    path = tmp_path / "bookmarks.json"
    for text in ("{not json", "[1, 2]"):
        path.write_text(text, encoding="utf-8")
        marks = Bookmarks(path)
        assert "could not be read" in marks.load()
        assert marks.ids == []
    kept = sorted(p.read_text(encoding="utf-8") for p in tmp_path.glob("bookmarks.json.corrupt-*"))
    assert kept == ["[1, 2]", "{not json"]


def test_set_aside_never_replaces_an_earlier_copy(tmp_path):
    """Setting aside at the same instant twice gives two distinct names."""
    now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    path = tmp_path / "x.json"
    names = []
    for text in ("one", "two"):
        path.write_text(text, encoding="utf-8")
        names.append(set_aside(path, now).name)
    assert names == ["x.json.corrupt-20260302T090000Z", "x.json.corrupt-20260302T090000Z-1"]
