"""Small pieces the bedside-tool views share: a result pane whose doc: links ask to open a document."""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QLineEdit, QTextBrowser, QWidget

from handbook.library.catalog import Library
from handbook.library.render import DOC_SCHEME
from handbook.tools import ToolProblem
from handbook.ui.theme import alert_colour


class ResultPane(QTextBrowser):
    """Read-only HTML result; `doc:ID#anchor` links emit open_document_requested(ID, anchor)."""

    open_document_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._follow)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == DOC_SCHEME:
            self.open_document_requested.emit(url.path(), url.fragment())


def split_doc_href(href: str) -> tuple[str, str]:
    """(doc id, anchor) of a `doc:ID#anchor` link."""
    url = QUrl(href)
    return url.path(), url.fragment()


def doc_link(library: Library, doc_id: str, anchor: str = "", text: str = "") -> str:
    """An HTML link to a document (its title when known), or plain text naming an id the library lacks."""
    doc = library.get(doc_id)
    label = text or (f"{doc_id} {doc.title}" if doc else doc_id)
    if doc is None:
        return html.escape(f"{label} (not in this handbook)")
    target = f"{DOC_SCHEME}:{doc_id}" + (f"#{anchor}" if anchor and anchor in doc.anchors() else "")
    return f'<a href="{html.escape(target)}">{html.escape(label)}</a>'


def problems_html(heading: str, problems: Iterable[ToolProblem]) -> str:
    """A heading and the list of reasons a tool gave no answer."""
    items = "".join(f"<li>{html.escape(p.message)}</li>" for p in problems)
    return f'<p style="color:{alert_colour()}"><b>{html.escape(heading)}</b></p><ul>{items}</ul>'


def number_field(placeholder: str, name: str) -> QLineEdit:
    """A free-text entry (the core parses and refuses bad text, so none is silently dropped)."""
    field = QLineEdit()
    field.setObjectName(name)
    field.setPlaceholderText(placeholder)
    field.setClearButtonEnabled(True)
    return field
