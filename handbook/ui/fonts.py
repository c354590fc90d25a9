"""The bundled fonts: registered with Qt at start-up so text renders on a machine with no fonts at all.

A bare workstation (or a frozen bundle started where fontconfig finds nothing) draws every letter as
an empty box unless the app brings its own fonts. We ship Atkinson Hyperlegible (OFL, designed for low
vision readers) for text and DejaVu Sans Mono (Bitstream Vera licence) for code. Atkinson has no arrows
or ballot boxes (the renderer draws task boxes as ☐ / ☑), so DejaVu Sans Mono, which has them, is made
Atkinson's substitute: Qt looks there for any glyph the primary family lacks.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from handbook import paths

log = logging.getLogger("handbook")

SANS_FAMILY = "Atkinson Hyperlegible"
MONOSPACE_FAMILY = "DejaVu Sans Mono"
# Families QTextBrowser asks for on <pre>/<code> ("Courier New", "courier") or that stylesheets name
# generically: all resolve to the bundled monospace font instead of whatever the machine (may not) have.
_MONOSPACE_ALIASES = ("Courier New", "courier", "monospace", "Monospace")

# path -> families, so a second call (tests, a restarted window) does not register the files again.
_registered: dict[Path, tuple[str, ...]] = {}


def fonts_dir() -> Path:
    """Where the TTF files and their licences are shipped (read-only is fine)."""
    return paths.resources_dir() / "fonts"


def register_fonts(directory: Path | None = None) -> str:
    """Register every `*.ttf` in the fonts folder with Qt; return the family to use as the app font.

    Needs a QGuiApplication. The result is `SANS_FAMILY` when it was registered (now or by an earlier
    call); otherwise each unreadable file is logged as a warning and the platform's default family is
    returned, so the app still starts (text may then depend on the machine's own fonts).
    Also points the monospace aliases at `MONOSPACE_FAMILY` and makes it the sans family's fallback.
    """
    folder = fonts_dir() if directory is None else directory
    files = sorted(folder.glob("*.ttf")) if folder.is_dir() else []
    if not files:
        log.warning("no bundled fonts found in %s", folder)
    families: set[str] = set()
    for font_file in files:
        families.update(_register(font_file))
    if MONOSPACE_FAMILY in families:
        for alias in _MONOSPACE_ALIASES:
            QFont.insertSubstitution(alias, MONOSPACE_FAMILY)
    if SANS_FAMILY in families:
        if MONOSPACE_FAMILY in families:
            QFont.insertSubstitution(SANS_FAMILY, MONOSPACE_FAMILY)
        return SANS_FAMILY
    fallback = QGuiApplication.font().family()
    log.warning("bundled font %r not available in %s; using %r", SANS_FAMILY, folder, fallback)
    return fallback


def _register(font_file: Path) -> tuple[str, ...]:
    """Families in one font file, registering it on first use; () when Qt cannot load it."""
    key = font_file.resolve()
    if key not in _registered:
        font_id = QFontDatabase.addApplicationFont(str(key))
        if font_id < 0:
            log.warning("cannot load font file %s", font_file)
            return ()
        _registered[key] = tuple(QFontDatabase.applicationFontFamilies(font_id))
    return _registered[key]
