"""Print and PDF export: every page carries the document's id, version, effective date and page number."""

from __future__ import annotations

import unicodedata

import pytest
from pypdf import PdfReader

from handbook.ui.reader import print_actions

pytestmark = pytest.mark.gui


def page_texts(path):
    """Text of each page, with the PDF's word tabs and ligatures (ﬀ) made plain."""
    return [
        unicodedata.normalize("NFKC", page.extract_text()).replace("\t", " ")
        for page in PdfReader(str(path)).pages
    ]


def test_export_pdf_stamps_every_page(main_window, tmp_path, monkeypatch):
    """A document exported to PDF has the stamp and 'Page i of n' on each page."""
    target = tmp_path / "sop.pdf"
    monkeypatch.setattr(main_window, "choose_pdf_path", lambda _suggested: str(target))
    main_window.open_document("SOP-MON-001")
    main_window.registry["export_pdf"].trigger()
    texts = page_texts(target)
    assert texts
    for number, text in enumerate(texts, start=1):
        assert "SOP-MON-001 · Version 1 · Effective 2026-01-01" in text
        assert f"Page {number} of {len(texts)}" in text


def test_downtime_binder_holds_every_current_document(main_window, tmp_path, monkeypatch):
    """The binder PDF starts with a cover and contains every approved document, each stamped."""
    target = tmp_path / "binder.pdf"
    monkeypatch.setattr(main_window, "choose_pdf_path", lambda _suggested: str(target))
    main_window.registry["downtime_binder"].trigger()
    text = "\n".join(page_texts(target))
    assert "downtime binder" in text
    for doc in main_window.library.current():
        assert f"{doc.id} · Version {doc.version}" in text


def test_export_pdf_to_unwritable_place_reports_error(main_window, tmp_path, monkeypatch, recorder):
    """Exporting into a folder that does not exist tells the user what and where, and writes nothing."""
    target = tmp_path / "missing" / "x.pdf"
    monkeypatch.setattr(main_window, "choose_pdf_path", lambda _suggested: str(target))
    main_window.open_document("CARD-HTN-001")
    print_actions.export_document(main_window, main_window.tabs.current().doc, main_window.library)
    assert recorder.messages[0][0] == "error"
    assert str(target) in recorder.messages[0][1]
    assert not target.exists()
