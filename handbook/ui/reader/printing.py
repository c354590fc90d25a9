"""Print and PDF export with every page stamped: document id, version, effective date, page number.

QTextDocument.print_() cannot add our stamp, so pages are laid out here: each document is paginated to
the printable area less a footer band, and each page is painted with its footer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from handbook.library.catalog import Library
from handbook.library.model import Document
from handbook.library.render import DAY, render_document
from handbook.ui.theme import reader_stylesheet

FOOTER_HEIGHT_PT = 28


@dataclass(frozen=True, slots=True)
class PrintItem:
    """One document to print: its HTML and the stamp printed on each of its pages."""

    html: str
    stamp: str


def stamp_for(doc: Document) -> str:
    """The text on every printed page of a document."""
    mark = "" if doc.status == "approved" else f"{doc.status.upper()} · "
    return f"{mark}{doc.id} · Version {doc.version} · Effective {doc.effective.isoformat()} · {doc.title}"


def items_for(docs: Sequence[Document], library: Library, today: dt.date | None = None) -> list[PrintItem]:
    """Print items for documents, always in the day palette (paper is white)."""
    today = today or dt.date.today()
    return [PrintItem(render_document(doc, library.values, today, DAY), stamp_for(doc)) for doc in docs]


def pdf_printer(path: str) -> QPrinter:
    """A printer writing an A4 PDF file."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    printer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 15),
                    QPageLayout.Unit.Millimeter)
    )  # fmt: skip
    return printer


def print_items(printer: QPrinter, items: Sequence[PrintItem]) -> int:
    """Paint the items on the printer, each starting on a new page; returns the number of pages."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(f"cannot write to {printer.outputFileName() or printer.printerName()}")
    try:
        page_rect = printer.pageLayout().paintRectPixels(printer.resolution())
        dpi = printer.resolution()
        footer = FOOTER_HEIGHT_PT * dpi / 72
        body = QSizeF(page_rect.width(), page_rect.height() - footer)
        pages = 0
        for item in items:
            document = QTextDocument()
            document.setDefaultStyleSheet(reader_stylesheet(night=False))
            font = QFont(document.defaultFont())
            font.setPointSizeF(11)
            document.setDefaultFont(font)
            # Lay out at screen scale, then scale the painter: fonts keep their printed point size.
            scale = dpi / 96
            document.setPageSize(QSizeF(body.width() / scale, body.height() / scale))
            document.setHtml(item.html)
            count = document.pageCount()
            for page in range(count):
                if pages:
                    printer.newPage()
                pages += 1
                painter.save()
                painter.scale(scale, scale)
                height = body.height() / scale
                painter.translate(0, -page * height)
                document.drawContents(
                    painter, QRectF(QPointF(0, page * height), QSizeF(body.width() / scale, height))
                )
                painter.restore()
                _footer(painter, page_rect.width(), page_rect.height(), footer, item.stamp, page + 1, count)
        return pages
    finally:
        painter.end()


def _footer(
    painter: QPainter, width: float, height: float, band: float, stamp: str, page: int, count: int
) -> None:
    painter.save()
    font = QFont()
    font.setPointSizeF(8.5)
    painter.setFont(font)
    top = height - band * 0.7
    painter.drawLine(QPointF(0, top - band * 0.15), QPointF(width, top - band * 0.15))
    area = QRectF(0, top, width, band * 0.7)
    painter.drawText(area, 0x0001 | 0x0080, stamp)  # AlignLeft | AlignVCenter
    painter.drawText(area, 0x0002 | 0x0080, f"Page {page} of {count}")  # AlignRight | AlignVCenter
    painter.restore()


def binder_cover(library: Library, docs: Sequence[Document], today: dt.date) -> PrintItem:
    """The downtime binder's first page: edition, date printed, and the list of documents."""
    rows = "".join(
        f"<tr><td>{d.id}</td><td>{d.title}</td><td>{d.version}{'' if d.is_current else ' DRAFT'}</td>"
        f"<td>{d.effective.isoformat()}</td></tr>"
        for d in docs
    )
    what = (
        "DRAFT documents, not approved for clinical use"
        if library.is_template
        else "current approved documents"
    )
    html = (
        f"<h1>{library.info.title}: downtime binder</h1>"
        f"<p>Edition {library.info.edition} · printed {today.isoformat()} · {len(docs)} {what}."
        " Use this paper copy only while the computer is down; replace it when a new edition is issued.</p>"
        '<table border="1" cellspacing="0" cellpadding="4" width="100%"><tr><th>Id</th><th>Title</th>'
        f"<th>Version</th><th>Effective</th></tr>{rows}</table>"
    )
    return PrintItem(html, f"Downtime binder · Edition {library.info.edition} · printed {today.isoformat()}")


def binder_items(library: Library, today: dt.date | None = None) -> list[PrintItem]:
    """Cover plus every current approved document, in id order."""
    today = today or dt.date.today()
    docs = library.current()
    return [binder_cover(library, docs, today), *items_for(docs, library, today)]
