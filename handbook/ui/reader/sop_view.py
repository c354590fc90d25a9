"""The reader: one rendered document in a QTextBrowser; cross-links ask to open their target."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from handbook.library.catalog import Library
from handbook.library.model import Document
from handbook.library.render import DAY, DOC_SCHEME, Palette, render_document

READER_CSS = """
body { font-size: 12pt; }
h1 { font-size: 20pt; margin-bottom: 2px; }
h2 { font-size: 16pt; margin-top: 18px; }
h3 { font-size: 13pt; margin-top: 12px; }
p.meta { font-size: 10pt; }
li.task { list-style-type: none; }
th { background-color: palette(alternate-base); }
"""


class SopView(QTextBrowser):
    """Shows one document; `doc:` links emit open_document_requested, web links go to the browser."""

    open_document_requested = Signal(str, str)  # doc id, anchor

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName(self.tr("Document reader"))
        self.document().setDefaultStyleSheet(READER_CSS)
        self.anchorClicked.connect(self._follow)
        self.current: Document | None = None

    def show_document(
        self, doc: Document, library: Library, anchor: str = "", palette: Palette = DAY
    ) -> None:
        """Render the document and scroll to the anchor (top when empty)."""
        self.current = doc
        self.setHtml(render_document(doc, library.values, dt.date.today(), palette))
        if anchor:
            self.scrollToAnchor(anchor)
        else:
            self.verticalScrollBar().setValue(0)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == DOC_SCHEME:
            self.open_document_requested.emit(url.path(), url.fragment())
        elif url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif not url.scheme() and url.fragment():
            self.scrollToAnchor(url.fragment())
