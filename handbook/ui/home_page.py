"""The first page: how to find things fast, and one click to every emergency card and checklist."""

from __future__ import annotations

import datetime as dt
import html

from handbook.library.catalog import Library
from handbook.library.model import Document
from handbook.library.render import DOC_SCHEME


def _links(docs: list[Document]) -> str:
    items = "".join(f'<li><a href="{DOC_SCHEME}:{d.id}">{html.escape(d.title)}</a></li>' for d in docs)
    return f"<ul>{items}</ul>" if items else "<p>None in this edition.</p>"


def home_html(library: Library, today: dt.date) -> str:
    """HTML for the home tab (plain HTML: no Markdown, so it costs nothing at start-up)."""
    info = library.info
    due = library.due_for_review(today)
    review = (
        f"<p><b>{len(due)} document(s) past or near their review date</b>: View › Documents due for review.</p>"
        if due
        else ""
    )
    return (
        f"<h1>{html.escape(info.title)}</h1>"
        f"<p>Edition {html.escape(info.edition)} · {len(library.current())} current documents.</p>{review}"
        '<table width="100%" cellspacing="0" cellpadding="6"><tr><td valign="top" width="50%">'
        "<h2>Find it fast</h2><ul>"
        "<li><b>Type</b> in the search box (<b>Ctrl+F</b> or <b>/</b>): BP, SpO2, discharge…</li>"
        "<li><b>Ctrl+K</b>: go to a document by id or title.</li>"
        "<li><b>F2</b>: emergency cards from anywhere; <b>Esc</b> returns.</li>"
        "<li><b>F3</b>: session timers, threshold check, dose calculator.</li>"
        "<li><b>F1</b>: every keyboard shortcut.</li></ul>"
        f"<h2>Checklists</h2>{_links(library.of_kind('checklist'))}"
        f'</td><td valign="top"><h2>Emergency cards (F2)</h2>{_links(library.emergency_cards())}</td></tr></table>'
        + (f"<p><b>{html.escape(info.notice)}</b></p>" if info.notice else "")
    )
