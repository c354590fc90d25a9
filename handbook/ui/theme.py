"""Day and night looks: the window palette and the reader's stylesheet, chrome and content alike."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
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
    QPalette.ColorRole.PlaceholderText: "#8f8676",
}

READER_CSS = """
body {{ font-size: {size}pt; color: {text}; }}
h1 {{ font-size: {h1}pt; margin-bottom: 2px; }}
h2 {{ font-size: {h2}pt; margin-top: 18px; }}
h3 {{ font-size: {h3}pt; margin-top: 12px; }}
a {{ color: {link}; }}
p.meta {{ font-size: {small}pt; }}
li.task {{ list-style-type: none; }}
th {{ background-color: {header}; }}
"""

EMERGENCY_CSS = """
body {{ font-size: {size}pt; color: {text}; }}
h1 {{ font-size: {h1}pt; }}
h2 {{ font-size: {h2}pt; margin-top: 14px; }}
a {{ color: {link}; }}
li {{ margin-bottom: 6px; }}
"""

BASE_POINT_SIZE = 12
EMERGENCY_POINT_SIZE = 20


def content_palette(night: bool) -> Palette:
    """Colours the renderer writes into documents for this mode."""
    return NIGHT if night else DAY


def reader_stylesheet(
    night: bool, zoom: int = 0, base: int = BASE_POINT_SIZE, template: str = READER_CSS
) -> str:
    """The reader's CSS for a mode and zoom step (each step one point)."""
    size = max(8, base + zoom)
    colours = (
        {"text": "#d8cfbd", "link": "#e0a95a", "header": "#2c2a25"}
        if night
        else {"text": "#1a1a1a", "link": "#0b57d0", "header": "#eceae6"}
    )
    return template.format(
        size=size, h1=size + 8, h2=size + 4, h3=size + 1, small=max(8, size - 2), **colours
    )


def apply_window_palette(app: QApplication, night: bool) -> None:
    """Switch the whole application's chrome between day and night."""
    palette = app.style().standardPalette()
    if night:
        for role, colour in _NIGHT_COLOURS.items():
            palette.setColor(role, QColor(colour))
    app.setPalette(palette)
