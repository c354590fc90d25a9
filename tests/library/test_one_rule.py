"""Rules written once: the location a problem carries, and the `{{value}}` substitution."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

from handbook.library.body import substitute_values, unknown_value
from handbook.library.indexing import plain_text
from handbook.library.model import content_location


def test_content_location_is_relative_to_the_content_parent_with_slashes(tmp_path):
    root = tmp_path / "content"
    assert content_location(root / "sops" / "mon.md", root) == "content/sops/mon.md"
    assert content_location(tmp_path / "elsewhere.md", root / "sub") == (tmp_path / "elsewhere.md").as_posix()
    assert "\\" not in content_location(Path(PureWindowsPath("content/a.md").as_posix()), Path("content"))


def test_substitute_values_shows_unknown_names_unless_told_otherwise():
    text = "Stop above {{ bp_max }} and below {{spo2_min}}; {{nope}}."
    texts = {"bp_max": "180/110 mmHg", "spo2_min": "92 %"}
    assert (
        substitute_values(text, texts) == f"Stop above 180/110 mmHg and below 92 %; {unknown_value('nope')}."
    )
    assert (
        substitute_values(text, texts, missing=lambda _name: "")
        == "Stop above 180/110 mmHg and below 92 %; ."
    )


def test_search_text_uses_the_same_substitution():
    assert plain_text("BP over {{bp_max}} {{nope}}", {"bp_max": "180"}).split() == ["BP", "over", "180"]
