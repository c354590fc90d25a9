"""The one registry of actions: names, texts, shortcuts and tips, reviewed in one place.

The nurse's one-keystroke actions are design decisions: F2 opens the emergency cards from anywhere
(also Ctrl+E), Ctrl+F or / focuses search, Ctrl+K jumps to any document, Esc returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QSizePolicy, QToolBar, QToolButton, QWidget


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """How one action looks and is reached."""

    name: str
    text: str
    shortcuts: tuple[str, ...]
    tip: str
    checkable: bool = False


SPECS = (
    ActionSpec(
        "emergency", "&Emergency cards", ("F2", "Ctrl+E"), "Open the emergency cards (F2 from anywhere)"
    ),
    # "/" also focuses search, but only outside text fields (it is typed in "180/100"): see KeyRouter.
    ActionSpec(
        "tools",
        "Bedside &tools",
        ("F3",),
        "Session timers, threshold check and dose calculator",
        checkable=True,
    ),  # fmt: skip
    ActionSpec(
        "onboarding",
        "My &reading and acknowledgements",
        ("F4",),
        "Reading path, acknowledgements and knowledge checks for the person at this workstation",
        checkable=True,
    ),  # fmt: skip
    ActionSpec("focus_search", "&Search", ("Ctrl+F",), "Type to search every document (or press /)"),
    ActionSpec("quick_open", "&Go to document…", ("Ctrl+K",), "Jump to a document by id or title"),
    ActionSpec("back", "&Back", ("Alt+Left",), "Previous place"),
    ActionSpec("forward", "&Forward", ("Alt+Right",), "Next place"),
    ActionSpec("new_tab", "New &tab", ("Ctrl+T",), "Open the current document in a second tab"),
    ActionSpec("close_tab", "&Close tab", ("Ctrl+W",), "Close the current tab"),
    ActionSpec(
        "bookmark", "&Bookmark this document", ("Ctrl+D",), "Add or remove a bookmark", checkable=True
    ),
    ActionSpec("zoom_in", "Zoom &in", ("Ctrl++", "Ctrl+="), "Larger text"),
    ActionSpec("zoom_out", "Zoom &out", ("Ctrl+-",), "Smaller text"),
    ActionSpec("zoom_reset", "&Normal size", ("Ctrl+0",), "Default text size"),
    ActionSpec(
        "night_mode",
        "&Night mode",
        ("Ctrl+Shift+N",),
        "Dark, low-glare colours for a dimmed room",
        checkable=True,
    ),  # fmt: skip
    ActionSpec("print", "&Print…", ("Ctrl+P",), "Print the current document or card"),
    ActionSpec("export_pdf", "&Export to PDF…", ("Ctrl+Shift+E",), "Save the current document as a PDF"),
    ActionSpec(
        "downtime_binder", "&Downtime binder (PDF)…", (), "One PDF of every current approved document"
    ),
    ActionSpec("install_update", "&Install update…", (), "Install a signed content update pack"),
    ActionSpec(
        "shared_folders", "Shared &folders…", (), "The clinic's shared folders for updates and staff records"
    ),  # fmt: skip
    ActionSpec(
        "director_desk", "&Director's desk…", (), "Review, approve and publish the handbook's content"
    ),
    ActionSpec("history", "Document &history", ("Ctrl+H",), "Versions of this document and what changed"),
    ActionSpec("review_list", "Documents &due for review", (), "Approved documents past or near review date"),
    ActionSpec("problems", "Content &problems", (), "Show problems found in the content"),
    ActionSpec("shortcuts", "&Keyboard shortcuts", ("F1",), "Every action and its keys"),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",), "Close the handbook"),
)


# Keys handled inside a panel rather than by an action: listed here so F1 and the home page show them too.
PANEL_KEYS = (
    ("Focus search (outside text fields)", "/"),
    ("Move through search results or a list", "Up, Down"),
    ("Open the chosen result or row", "Enter"),
    ("Leave search or emergency cards", "Esc"),
    ("Choose an emergency card", "1-9, then A-Z"),
    ("Scroll an emergency card", "PgUp, PgDn, Space"),
    ("Tick a checklist item", "Space"),
    ("Move between fields and buttons", "Tab, Shift+Tab"),
)

MENUS = {
    "&File": ("print", "export_pdf", "downtime_binder", None, "install_update", "shared_folders",
              "director_desk", None, "quit"),
    "&Go": ("focus_search", "quick_open", "back", "forward", None, "emergency", "tools", "onboarding", None,
            "new_tab", "close_tab", "bookmark", "history"),
    "&View": ("night_mode", "zoom_in", "zoom_out", "zoom_reset", None, "review_list", "problems"),
    "&Help": ("shortcuts",),
}  # fmt: skip
TOOLBAR = ("back", "forward", "quick_open", "bookmark", "night_mode", "print", "tools", "onboarding")
_EMERGENCY_BUTTON = (
    "QToolButton { background: #b3261e; color: #ffffff; font-weight: bold; font-size: 13pt;"
    " padding: 6px 14px; border-radius: 4px; }"
    "QToolButton:focus { border: 3px solid #ffd166; }"
)


def keys_of(name: str) -> str:
    """The keys of an action as the help and the home page write them ("" when it has none)."""
    return next((", ".join(s.shortcuts) for s in SPECS if s.name == name), "")


class Actions(QObject):
    """Creates every QAction once; menus and toolbars add them from here by name."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._actions: dict[str, QAction] = {}
        for spec in SPECS:
            action = QAction(self.tr(spec.text), parent)
            action.setObjectName(spec.name)
            action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            tip = self.tr(spec.tip)
            if spec.shortcuts:
                tip = f"{tip} ({', '.join(spec.shortcuts)})"
            action.setStatusTip(tip)
            action.setToolTip(tip)
            action.setCheckable(spec.checkable)
            self._actions[spec.name] = action

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(action text, keys) for the shortcuts help, in registry order."""
        return [
            (self._actions[s.name].text().replace("&", "").rstrip("…"), ", ".join(s.shortcuts))
            for s in SPECS
            if s.shortcuts
        ] + [(self.tr(text), keys) for text, keys in PANEL_KEYS]

    def build_menus(self, window: QMainWindow) -> QToolBar:
        """Fill the window's menu bar and its tool bar from the registry; returns the tool bar."""
        for title, names in MENUS.items():
            menu = window.menuBar().addMenu(self.tr(title))
            for name in names:
                menu.addSeparator() if name is None else menu.addAction(self[name])
        toolbar = QToolBar(self.tr("Main"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        for name in TOOLBAR:
            toolbar.addAction(self[name])
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addAction(self["emergency"])
        button = cast(QToolButton, toolbar.widgetForAction(self["emergency"]))
        button.setText(self.tr("EMERGENCY  (%1)").replace("%1", keys_of("emergency").split(",")[0]))
        button.setAccessibleName(self.tr("Emergency cards, %1").replace("%1", keys_of("emergency")))
        button.setStyleSheet(_EMERGENCY_BUTTON)
        window.addToolBar(toolbar)
        return toolbar
