"""Emergency mode: the emergency cards in large, high-contrast type, readable at arm's length.

The cards are their own window, above every other window of the app (dialogs included) and modal while
they show, so a key pressed goes to the cards and never into a dialog underneath. Each card has a key
(1-9, then A-Z) shown before its title; Up/Down move in the list, Enter or Right go into the card,
PgUp/PgDn/Space scroll it, Esc (or F2 again) returns to where the nurse was.
"""

from __future__ import annotations

import datetime as dt

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractSlider,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from handbook.library.catalog import Library
from handbook.library.render import Palette, render_document
from handbook.ui import dialogs
from handbook.ui.theme import EMERGENCY_CSS, EMERGENCY_POINT_SIZE, style_document

DOC_ID_ROLE = Qt.ItemDataRole.UserRole
# The key that picks each card, in list order: digits first, then letters (never a modifier needed).
CARD_KEYS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# High contrast whatever the room: near-black ground, white text, amber boxes.
EMERGENCY_PALETTE = Palette(
    "emergency",
    danger="#5c0f0f",
    warning="#4d3800",
    note="#10263f",
    tip="#103a1d",
    border="#ffffff",
    meta="#ffd166",
)
EMERGENCY_COLOURS = {"ground": "#0b0b0b", "list": "#161616", "text": "#ffffff", "banner": "#b3261e",
                     "selected": "#ffd166", "selected_text": "#000000", "link": "#ffd166"}  # fmt: skip
_STYLE = """
QWidget#emergency {{ background: {ground}; }}
QLabel#emergency_banner {{ background: {banner}; color: {text}; font-size: 20pt; font-weight: bold; padding: 10px; }}
QLabel#emergency_notice {{ background: {selected}; color: {selected_text}; font-size: 16pt; font-weight: bold;
    padding: 8px; }}
QListWidget {{ background: {list}; color: {text}; font-size: 16pt; border: 0; padding-left: 8px; }}
QListWidget::item {{ padding-top: 10px; padding-bottom: 10px; border-bottom: 1px solid #333333; }}
QListWidget::item:selected {{ background: {selected}; color: {selected_text}; }}
QListWidget:focus, QTextBrowser:focus {{ border: 3px solid {selected}; }}
QTextBrowser {{ background: {ground}; color: {text}; border: 3px solid {ground}; }}
""".format(**EMERGENCY_COLOURS)
_SCROLL_KEYS = {
    Qt.Key.Key_PageDown: QAbstractSlider.SliderAction.SliderPageStepAdd,
    Qt.Key.Key_PageUp: QAbstractSlider.SliderAction.SliderPageStepSub,
}


class EmergencyView(QWidget):
    """Card list on the left, the chosen card in large type on the right, in a window above all others."""

    exit_requested = Signal()
    open_document_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint,
        )
        self.setObjectName("emergency")
        self.setWindowTitle(self.tr("Emergency cards"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setStyleSheet(_STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.banner = QLabel(
            self.tr("EMERGENCY CARDS — press the card's key (1-9, A-Z) · PgDn/Space scroll · Esc returns")
        )
        self.banner.setObjectName("emergency_banner")
        self.banner.setWordWrap(True)
        # Session prompts that fall due while the cards show (the status bar is under them).
        self.notice = QLabel()
        self.notice.setObjectName("emergency_notice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Session prompt"))
        self.notice.hide()
        self.cards = QListWidget()
        self.cards.setAccessibleName(self.tr("Emergency cards"))
        self.cards.setWordWrap(True)
        self.cards.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cards.setResizeMode(QListWidget.ResizeMode.Adjust)  # titles re-wrap to the list's width
        self.cards.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.card = QTextBrowser()
        self.card.setOpenLinks(False)
        self.card.setAccessibleName(self.tr("Emergency card"))
        self.card.anchorClicked.connect(
            lambda url: self.open_document_requested.emit(url.path(), url.fragment())
        )
        self.zoom = 0
        self.library: Library | None = None
        self._focus_before: QWidget | None = None
        body = QHBoxLayout()
        body.addWidget(self.cards, 2)
        body.addWidget(self.card, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.notice)
        layout.addLayout(body, 1)
        self.setTabOrder(self.cards, self.card)
        self.cards.currentItemChanged.connect(self._show_current)
        self.cards.itemActivated.connect(lambda _item: self.card.setFocus())
        for child in (self.cards, self.card):
            child.installEventFilter(self)

    def show_library(self, library: Library) -> None:
        """List the library's emergency cards, vital-sign thresholds first (the card most often needed)."""
        self.library = library
        self.cards.clear()
        cards = sorted(library.emergency_cards(), key=lambda d: (d.id != "CARD-VIT-001", d.title))
        for number, doc in enumerate(cards):
            key = CARD_KEYS[number] if number < len(CARD_KEYS) else " "
            item = QListWidgetItem(f"{key}  {doc.title}")
            item.setData(DOC_ID_ROLE, doc.id)
            self.cards.addItem(item)
        if cards:
            self.cards.setCurrentRow(0)

    def set_zoom(self, zoom: int) -> None:
        """Follow the reader's zoom, from a larger base size."""
        self.zoom = zoom
        self._show_current()

    def current_card(self) -> str:
        """Id of the card on show ("" when none)."""
        item = self.cards.currentItem()
        return item.data(DOC_ID_ROLE) if item else ""

    def select_card(self, doc_id: str) -> None:
        """Show a given card."""
        for row in range(self.cards.count()):
            if self.cards.item(row).data(DOC_ID_ROLE) == doc_id:
                self.cards.setCurrentRow(row)

    def show_notice(self, text: str) -> None:
        """Show a prompt that fell due (e.g. "Chair 3: vital signs due") above the cards until they close."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def enter(self, area: QRect) -> None:
        """Cover a screen area above every window, focus in the card list; messages wait meanwhile.

        Open dialogs stay as they are underneath (what was typed in them is kept); a message box is
        closed and its message shown again after; an open menu or drop-down list is closed.
        """
        dialogs.hold_messages()
        self._focus_before = QApplication.focusWidget()
        for _level in range(3):  # a menu's submenu is a popup of its own
            popup = QApplication.activePopupWidget()
            if popup is not None:
                popup.close()
        self.setGeometry(area)
        self.show()
        self.raise_()
        self.activateWindow()
        self.cards.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def leave(self, fallback: QWidget) -> None:
        """Hide; the focus goes back where it was (or to `fallback` when that widget is gone); held
        messages are shown, whatever happens on the way.
        """
        try:
            self.hide()
            self.show_notice("")
            previous, self._focus_before = self._focus_before, None
            if previous is None or not shiboken6.isValid(previous) or not previous.isVisible():
                previous = fallback
            previous.activateWindow()
            previous.setFocus()
        finally:
            dialogs.release_messages()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """The card keys work whether the focus is in the list or in the card."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and self._handle_key(event, in_card=watched is self.card)
        ):
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """Keys that reach the window itself (nothing focused inside it)."""
        if not self._handle_key(event, in_card=False):
            super().keyPressEvent(event)

    def _handle_key(self, event: QKeyEvent, in_card: bool) -> bool:
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key == Qt.Key.Key_Escape:
            self.exit_requested.emit()
            return True
        if mods & ~Qt.KeyboardModifier.ShiftModifier:
            return False
        text = event.text().upper()
        if len(text) == 1 and text in CARD_KEYS and not mods:
            row = CARD_KEYS.index(text)
            if row < self.cards.count():
                self.cards.setCurrentRow(row)
            return True
        bar = self.card.verticalScrollBar()
        action = _SCROLL_KEYS.get(Qt.Key(key))
        if action is not None:
            bar.triggerAction(action)
            return True
        if key == Qt.Key.Key_Space:
            up = bool(mods & Qt.KeyboardModifier.ShiftModifier)
            bar.triggerAction(_SCROLL_KEYS[Qt.Key.Key_PageUp if up else Qt.Key.Key_PageDown])
            return True
        if in_card and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            bar.triggerAction(
                QAbstractSlider.SliderAction.SliderSingleStepAdd
                if key == Qt.Key.Key_Down
                else QAbstractSlider.SliderAction.SliderSingleStepSub
            )
            return True
        if in_card and key == Qt.Key.Key_Left:
            self.cards.setFocus()
            return True
        if not in_card and key in (Qt.Key.Key_Right, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.card.setFocus()
            return True
        return False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        """Render the chosen card when the cards come on screen (not while the app starts)."""
        super().showEvent(event)
        self._show_current()

    def _show_current(self, *_args: object) -> None:
        if not self.isVisible():
            return  # rendered by showEvent; keeps Markdown out of start-up
        doc_id = self.current_card()
        if not doc_id or self.library is None:
            self.card.clear()
            return
        doc = self.library.get(doc_id)
        if doc is None:
            self.card.clear()
            return
        style_document(
            self.card.document(),
            EMERGENCY_POINT_SIZE + self.zoom,
            EMERGENCY_CSS.format(text=EMERGENCY_COLOURS["text"], link=EMERGENCY_COLOURS["link"]),
        )
        self.card.setHtml(render_document(doc, self.library.values, dt.date.today(), EMERGENCY_PALETTE))
