"""Day and night looks: the window palette and the reader's stylesheet, chrome and content alike.

Text sizes: QTextDocument ignores `font-size` on `body` and on headings in a default stylesheet, so the
body size is the document's default font (`style_document`) and headings are sized relative to it.
Every colour pair used for text is listed in `TEXT_PAIRS` and tested for WCAG AA contrast.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication

from handbook.library.render import DAY, NIGHT, Palette

# Night: warm, dim, low-glare colours for a darkened infusion room; no pure white anywhere.
_NIGHT_COLOURS = {
    QPalette.ColorRole.Window: "#1b1a18",
    QPalette.ColorRole.WindowText: "#d8cfbd",
    QPalette.ColorRole.Base: "#141311",
    QPalette.ColorRole.AlternateBase: "#24221f",
    QPalette.ColorRole.Text: "#d8cfbd",
    QPalette.ColorRole.Button: "#26241f",
    QPalette.ColorRole.ButtonText: "#d8cfbd",
    QPalette.ColorRole.Highlight: "#6b4f1d",
    QPalette.ColorRole.HighlightedText: "#f1e6cf",
    QPalette.ColorRole.ToolTipBase: "#26241f",
    QPalette.ColorRole.ToolTipText: "#d8cfbd",
    QPalette.ColorRole.Link: "#e0a95a",
    QPalette.ColorRole.LinkVisited: "#c99552",
    QPalette.ColorRole.PlaceholderText: "#9a907f",
}

# Chrome colours set by stylesheets (banners, notices), per mode.
CHROME = {
    False: {"notice": "#b3261e", "banner_bg": "#fff1cc", "banner_text": "#3a2a00", "note_text": "#4a4a4a",
            "focus": "#0b57d0", "tick": "#1b5e20", "tick_mark": "#ffffff"},
    True: {"notice": "#ff8a80", "banner_bg": "#40361a", "banner_text": "#f1e6cf", "note_text": "#b8ad98",
           "focus": "#e0a95a", "tick": "#81c784", "tick_mark": "#102010"},
}  # fmt: skip

READER_CSS = """
body {{ color: {text}; }}
h1 {{ font-size: x-large; margin-bottom: 2px; }}
h2 {{ font-size: large; margin-top: 18px; }}
h3 {{ font-size: medium; margin-top: 12px; }}
a {{ color: {link}; }}
p.meta {{ font-size: {small}pt; }}
li.task {{ list-style-type: none; }}
th {{ background-color: {header}; }}
"""

EMERGENCY_CSS = """
body {{ color: {text}; }}
h1 {{ font-size: x-large; }}
h2 {{ font-size: large; margin-top: 14px; }}
a {{ color: {link}; }}
li {{ margin-bottom: 6px; }}
"""

BASE_POINT_SIZE = 12
EMERGENCY_POINT_SIZE = 20
_READER_COLOURS = {
    True: {"text": "#d8cfbd", "link": "#e0a95a", "header": "#2c2a25", "ground": "#141311"},
    False: {"text": "#1a1a1a", "link": "#0b57d0", "header": "#eceae6", "ground": "#ffffff"},
}


def content_palette(night: bool) -> Palette:
    """Colours the renderer writes into documents for this mode."""
    return NIGHT if night else DAY


def point_size(zoom: int = 0, base: int = BASE_POINT_SIZE) -> int:
    """The body text size for a zoom step (each step one point; never below 8)."""
    return max(8, base + zoom)


def reader_stylesheet(
    night: bool, zoom: int = 0, base: int = BASE_POINT_SIZE, template: str = READER_CSS
) -> str:
    """The reader's CSS for a mode and zoom step (headings are sized relative to the body)."""
    size = point_size(zoom, base)
    colours = _READER_COLOURS[night]
    return template.format(small=max(8, size - 2), **colours)


def style_document(document: QTextDocument, size: int, css: str) -> None:
    """Give a document its body text size and stylesheet; call before setHtml()."""
    font = document.defaultFont()
    font.setPointSize(size)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(css)


def apply_window_palette(app: QApplication, night: bool) -> None:
    """Switch the whole application's chrome between day and night."""
    palette = app.style().standardPalette()
    if night:
        for role, colour in _NIGHT_COLOURS.items():
            palette.setColor(role, QColor(colour))
    app.setPalette(palette)
