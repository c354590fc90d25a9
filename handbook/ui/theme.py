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

_NIGHT_DISABLED = "#7a7265"
# Day: the style's standard palette, with a selection colour white text is readable on.
_DAY_COLOURS = {
    QPalette.ColorRole.Highlight: "#0b57d0",
    QPalette.ColorRole.HighlightedText: "#ffffff",
}

# Chrome colours set by stylesheets (banners, notices), per mode.
CHROME = {
    False: {"notice": "#b3261e", "banner_bg": "#fff1cc", "banner_text": "#3a2a00", "note_text": "#4a4a4a",
            "focus": "#0b57d0", "tick": "#1b5e20", "tick_mark": "#ffffff"},
    True: {"notice": "#ff8a80", "banner_bg": "#40361a", "banner_text": "#f1e6cf", "note_text": "#b8ad98",
           "focus": "#e0a95a", "tick": "#81c784", "tick_mark": "#102010"},
}  # fmt: skip

# Text that signals a problem or a pass, on the window or base colour of each mode.
ALERT = {False: "#b3261e", True: "#ff8a80"}
PASS = {False: "#1d6b2a", True: "#81c784"}
# Solid grounds that always carry white text (emergency button, threshold result banners).
WHITE_TEXT_GROUNDS = ("#b3261e", "#2e7d32", "#8a5a00", "#7f0000")
HIGHLIGHT = ("#000000", "#ffd54f")  # search words marked in the document: text, ground

# The keyboard focus on the browse tree, results and contents lists: a plain outline in the mode's
# focus colour (set on the left pane only: an application-wide stylesheet made every widget 5x slower).
FOCUS_CSS = (
    "QAbstractItemView {{ border: 1px solid palette(mid); }}"
    "QAbstractItemView:focus {{ border: 2px solid {focus}; }}"
)

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


def set_zoom(app: QApplication, zoom: int) -> None:
    """Remember the reader's zoom step application-wide, as night mode is (dialogs read it when built)."""
    app.setProperty("reader_zoom", zoom)


def current_zoom() -> int:
    """The reader's zoom step (0 before the window set one)."""
    app = QApplication.instance()
    value = app.property("reader_zoom") if app is not None else None
    return int(value) if value is not None else 0


def is_night() -> bool:
    """Whether the application is in night colours now (read from its palette)."""
    return QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def alert_colour() -> str:
    """Text colour for a problem, readable in the current mode."""
    return ALERT[is_night()]


def pass_colour() -> str:
    """Text colour for a pass, readable in the current mode."""
    return PASS[is_night()]


def text_pairs(night: bool, window_palette: QPalette) -> list[tuple[str, str, str, bool]]:
    """Every (what, text colour, ground colour, large text) pair the app draws in a mode.

    `window_palette` is the application palette of that mode (day: the style's standard palette).
    """
    from handbook.publish.redline import DELETE_COLOUR, INSERT_COLOUR
    from handbook.ui.emergency.emergency_view import EMERGENCY_COLOURS, EMERGENCY_PALETTE

    role = QPalette.ColorRole

    def colour(r: QPalette.ColorRole) -> str:
        return window_palette.color(r).name()

    reader, chrome, content = _READER_COLOURS[night], CHROME[night], content_palette(night)
    pairs = [
        ("window text", colour(role.WindowText), colour(role.Window), False),
        ("field text", colour(role.Text), colour(role.Base), False),
        ("alternate rows", colour(role.Text), colour(role.AlternateBase), False),
        ("button text", colour(role.ButtonText), colour(role.Button), False),
        ("selected text", colour(role.HighlightedText), colour(role.Highlight), False),
        ("placeholder", colour(role.PlaceholderText), colour(role.Base), False),
        ("tooltip", colour(role.ToolTipText), colour(role.ToolTipBase), False),
        ("status bar notice", chrome["notice"], colour(role.Window), False),
        ("acknowledgement banner", chrome["banner_text"], chrome["banner_bg"], False),
        ("acknowledgement note", chrome["note_text"], colour(role.Window), False),
        ("document text", reader["text"], reader["ground"], False),
        ("document link", reader["link"], reader["ground"], False),
        ("document id line", content.meta, reader["ground"], False),
        ("table header", reader["text"], reader["header"], False),
        ("search word marked", *HIGHLIGHT, False),
        ("problem text", ALERT[night], colour(role.Base), False),
        ("problem text on window", ALERT[night], colour(role.Window), False),
        ("pass text", PASS[night], colour(role.Base), False),
        ("redline added", "#000000", INSERT_COLOUR, False),
        ("redline removed", "#000000", DELETE_COLOUR, False),
        ("tick mark", chrome["tick_mark"], chrome["tick"], True),
        ("focus outline", chrome["focus"], colour(role.Base), True),
    ]
    pairs += [(f"{name} box", reader["text"], getattr(content, name), False)
              for name in ("danger", "warning", "note", "tip")]  # fmt: skip
    pairs += [(f"white on {ground}", "#ffffff", ground, False) for ground in WHITE_TEXT_GROUNDS]
    e = EMERGENCY_COLOURS
    pairs += [
        ("card text", e["text"], e["ground"], False),
        ("card list", e["text"], e["list"], False),
        ("chosen card", e["selected_text"], e["selected"], False),
        ("emergency banner", e["text"], e["banner"], True),
        ("card id line", EMERGENCY_PALETTE.meta, e["ground"], False),
        ("card link", e["link"], e["ground"], False),
    ]
    pairs += [(f"card {name} box", e["text"], getattr(EMERGENCY_PALETTE, name), False)
              for name in ("danger", "warning", "note", "tip")]  # fmt: skip
    return pairs


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def window_palette(app: QApplication, night: bool) -> QPalette:
    """The application palette of a mode (disabled controls look disabled in night mode too)."""
    palette = app.style().standardPalette()
    for role, colour in (_NIGHT_COLOURS if night else _DAY_COLOURS).items():
        palette.setColor(role, QColor(colour))
    if night:
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(_NIGHT_DISABLED))
    return palette


def apply_window_palette(app: QApplication, night: bool) -> None:
    """Switch the whole application's chrome between day and night.

    No application-wide stylesheet: it made every widget five times slower to build (measured on the
    GUI tests); the style draws the keyboard focus in the palette's highlight colour.
    """
    app.setPalette(window_palette(app, night))
