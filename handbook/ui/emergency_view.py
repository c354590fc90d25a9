"""Emergency mode: the emergency cards in large, high-contrast type, readable at arm's length.

Opened with F2 from anywhere; the number keys pick a card; Esc returns to where the nurse was.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
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
from handbook.ui.theme import EMERGENCY_CSS, EMERGENCY_POINT_SIZE

DOC_ID_ROLE = Qt.ItemDataRole.UserRole
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
_STYLE = """
QWidget#emergency { background: #0b0b0b; }
QLabel#emergency_banner { background: #b3261e; color: #ffffff; font-size: 20pt; font-weight: bold; padding: 10px; }
QListWidget { background: #161616; color: #ffffff; font-size: 16pt; border: 0; }
QListWidget::item { padding: 10px; border-bottom: 1px solid #333333; }
QListWidget::item:selected { background: #ffd166; color: #000000; }
QTextBrowser { background: #0b0b0b; color: #ffffff; border: 0; }
"""


class EmergencyView(QWidget):
    """Card list on the left, the chosen card in large type on the right."""

    exit_requested = Signal()
    open_document_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emergency")
        self.setStyleSheet(_STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.banner = QLabel(self.tr("EMERGENCY CARDS — press 1-9 to choose, Esc to return"))
        self.banner.setObjectName("emergency_banner")
        self.cards = QListWidget()
        self.cards.setAccessibleName(self.tr("Emergency cards"))
        self.cards.setWordWrap(True)
        self.card = QTextBrowser()
        self.card.setOpenLinks(False)
        self.card.setAccessibleName(self.tr("Emergency card"))
        self.card.anchorClicked.connect(
            lambda url: self.open_document_requested.emit(url.path(), url.fragment())
        )
        self.zoom = 0
        self.library: Library | None = None
        body = QHBoxLayout()
        body.addWidget(self.cards, 2)
        body.addWidget(self.card, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        self.cards.currentItemChanged.connect(self._show_current)

    def show_library(self, library: Library) -> None:
        """List the library's emergency cards, vital-sign thresholds first (the card most often needed)."""
        self.library = library
        self.cards.clear()
        cards = sorted(library.emergency_cards(), key=lambda d: (d.id != "CARD-VIT-001", d.title))
        for number, doc in enumerate(cards, start=1):
            label = f"{number}  {doc.title}" if number <= 9 else f"    {doc.title}"
            item = QListWidgetItem(label)
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

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """Esc leaves; 1-9 choose a card; arrows move in the list."""
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.exit_requested.emit()
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            row = key - Qt.Key.Key_1
            if row < self.cards.count():
                self.cards.setCurrentRow(row)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.cards.setCurrentRow(
                max(
                    0,
                    min(
                        self.cards.count() - 1,
                        self.cards.currentRow() + (1 if key == Qt.Key.Key_Down else -1),
                    ),
                )
            )
        else:
            super().keyPressEvent(event)

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
        size = EMERGENCY_POINT_SIZE + self.zoom
        self.card.document().setDefaultStyleSheet(
            EMERGENCY_CSS.format(size=size, h1=size + 8, h2=size + 3, text="#ffffff", link="#ffd166")
        )
        self.card.setHtml(render_document(doc, self.library.values, dt.date.today(), EMERGENCY_PALETTE))
