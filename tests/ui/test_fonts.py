"""The bundled fonts register offscreen, cover the symbols the renderer draws, and degrade with a warning."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QTextLayout

from handbook.ui import fonts

pytestmark = pytest.mark.gui


def _glyphs(text: str, family: str) -> list[tuple[str, list[int]]]:
    """(font family, glyph indexes) of each run Qt lays the text out in."""
    layout = QTextLayout(text, QFont(family, 12))
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName(), list(run.glyphIndexes())) for run in layout.glyphRuns()]


def test_register_fonts_returns_bundled_family(qapp):
    """Registering the shipped fonts yields Atkinson Hyperlegible, now known to Qt's font database."""
    assert fonts.register_fonts() == fonts.SANS_FAMILY
    assert fonts.SANS_FAMILY in QFontDatabase.families()


def test_register_fonts_provides_monospace_family(qapp):
    """MONOSPACE_FAMILY is registered and fixed-pitch."""
    fonts.register_fonts()
    assert fonts.MONOSPACE_FAMILY in QFontDatabase.families()
    assert QFontDatabase.isFixedPitch(fonts.MONOSPACE_FAMILY)


def test_register_fonts_is_idempotent(qapp):
    """A second call registers nothing twice and returns the same family."""
    first = fonts.register_fonts()
    count = len(fonts._registered)
    assert fonts.register_fonts() == first
    assert len(fonts._registered) == count


def test_register_fonts_ships_licences():
    """Every bundled font family comes with its licence file."""
    names = {path.name for path in fonts.fonts_dir().iterdir()}
    assert "OFL-AtkinsonHyperlegible.txt" in names
    assert "LICENSE-DejaVu.txt" in names


def test_register_fonts_covers_rendered_symbols(qapp):
    """Ballot boxes, arrows and dashes the renderer emits get a real glyph (no empty box), letters stay Atkinson."""
    family = fonts.register_fonts()
    runs = _glyphs("Aa ☐ ☑ → — ≥ µ ±", family)
    assert fonts.SANS_FAMILY in {family for family, _ in runs}
    assert all(0 not in glyphs for _, glyphs in runs)


def test_register_fonts_maps_html_code_font_to_monospace(qapp):
    """QTextBrowser's <code> family ("Courier New") resolves to the bundled monospace font."""
    fonts.register_fonts()
    assert fonts.MONOSPACE_FAMILY.casefold() in [name.casefold() for name in QFont.substitutes("Courier New")]


def test_register_fonts_warns_when_folder_missing(qapp, tmp_path, caplog):
    """No fonts folder: a warning naming it, and the platform's default family so the app still starts."""
    missing = tmp_path / "nope"
    with caplog.at_level(logging.WARNING, logger="handbook"):
        family = fonts.register_fonts(missing)
    assert family == QGuiApplication.font().family()
    assert str(missing) in caplog.text


def test_register_fonts_warns_on_corrupt_file(qapp, tmp_path, caplog):
    """A font file Qt cannot load is named in a warning and skipped."""
    broken = tmp_path / "Broken.ttf"
    broken.write_bytes(b"not a font")
    with caplog.at_level(logging.WARNING, logger="handbook"):
        family = fonts.register_fonts(tmp_path)
    assert family == QGuiApplication.font().family()
    assert "Broken.ttf" in caplog.text
