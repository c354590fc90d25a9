"""Print, PDF export and the downtime binder, as the menu actions run them (imported on first use)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtPrintSupport import QPrintDialog, QPrinter

from handbook.library.catalog import Library
from handbook.library.model import Document
from handbook.ui import dialogs
from handbook.ui.reader.printing import binder_items, items_for, pdf_printer, print_items

if TYPE_CHECKING:
    from handbook.ui.main_window import MainWindow


def print_document(window: MainWindow, doc: Document | None, library: Library) -> None:
    """Ask for a printer and print the document with stamped pages."""
    if doc is None:
        window.statusBar().showMessage(window.tr("Open a document to print it."), 5000)
        return
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if QPrintDialog(printer, window).exec():
        _run(window, printer, items_for([doc], library), printer.printerName())


def export_document(window: MainWindow, doc: Document | None, library: Library) -> str:
    """Save the document as a PDF where the person chooses; returns the path ("" if cancelled)."""
    if doc is None:
        window.statusBar().showMessage(window.tr("Open a document to export it."), 5000)
        return ""
    path = window.choose_pdf_path(f"{doc.id}-v{doc.version}.pdf")
    if path:
        _run(window, pdf_printer(path), items_for([doc], library), path)
    return path


def export_binder(window: MainWindow, library: Library) -> str:
    """Save every current approved document as one PDF; returns the path ("" if cancelled)."""
    suggested = f"downtime-binder-{library.info.edition}-{dt.date.today().isoformat()}.pdf"
    path = window.choose_pdf_path(suggested)
    if path:
        _run(window, pdf_printer(path), binder_items(library), path)
    return path


def _run(window: MainWindow, printer: QPrinter, items: list, where: str) -> None:
    try:
        pages = print_items(printer, items)
    except OSError as exc:
        dialogs.show_error(window, window.tr("Printing failed; nothing was written."), where, exc)
        return
    window.statusBar().showMessage(
        window.tr("%n page(s) written to %1", "", pages).replace("%1", where), 10000
    )
