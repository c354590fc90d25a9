"""The first page: how to find things fast, and one click to every emergency card and checklist."""

from __future__ import annotations

import datetime as dt
import html

from handbook.library.catalog import Library
from handbook.library.model import Document
from handbook.library.render import DOC_SCHEME
from handbook.ui.actions import keys_of


def _links(docs: list[Document]) -> str:
    items = "".join(f'<li><a href="{DOC_SCHEME}:{d.id}">{html.escape(d.title)}</a></li>' for d in docs)
    return f"<ul>{items}</ul>" if items else "<p>None in this edition.</p>"


def _keys(name: str) -> str:
    return html.escape(keys_of(name).replace(", ", " or "))


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
        f"<li><b>Type</b> in the search box (<b>{_keys('focus_search')}</b> or <b>/</b>): BP, SpO2, discharge…</li>"
        f"<li><b>{_keys('quick_open')}</b>: go to a document by id or title.</li>"
        f"<li><b>{_keys('emergency')}</b>: emergency cards from anywhere; <b>Esc</b> returns.</li>"
        f"<li><b>{_keys('tools')}</b>: session timers, threshold check, dose calculator.</li>"
        f"<li><b>{_keys('onboarding')}</b>: my reading path and acknowledgements.</li>"
        f"<li><b>{_keys('shortcuts')}</b>: every keyboard shortcut.</li></ul>"
        f"<h2>Checklists</h2>{_links(library.of_kind('checklist'))}"
        f'</td><td valign="top"><h2>Emergency cards ({_keys("emergency").split(" ")[0]})</h2>'
        f"{_links(library.emergency_cards())}</td></tr></table>"
        + (f"<p><b>{html.escape(info.notice)}</b></p>" if info.notice else "")
    )
