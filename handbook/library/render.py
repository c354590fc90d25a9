"""Markdown → the HTML subset QTextBrowser draws. A pure function of the document, values and theme.

QTextBrowser ignores CSS borders on div/p and draws no form inputs, so admonitions become one-cell
tables, task-list boxes become ☐ / ☑ characters, and every table gets explicit border attributes.
The result is sanitized: no script, no style blocks, no event attributes, no remote resources.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from handbook.library.body import substitute_values
from handbook.library.model import Document, Value

DOC_SCHEME = "doc"


@dataclass(frozen=True, slots=True)
class Palette:
    """Colours written into the HTML where QTextBrowser needs attributes rather than CSS."""

    name: str
    danger: str
    warning: str
    note: str
    tip: str
    border: str
    meta: str


DAY = Palette(
    "day",
    danger="#fde2e1",
    warning="#fff1cc",
    note="#e3efff",
    tip="#e2f5e6",
    border="#8a8a8a",
    meta="#555555",
)
NIGHT = Palette(
    "night",
    danger="#4a1f1f",
    warning="#40361a",
    note="#1d2d44",
    tip="#1d3a26",
    border="#6b6b6b",
    meta="#b0a48c",
)


def insert_values(text: str, values: Mapping[str, Value]) -> str:
    """Replace each `{{name}}` by its value; an unknown name stays visible as `[unknown value: name]`, an
    unset one as `___ (MEDICAL DIRECTOR TO SET)`.
    """
    return substitute_values(text, {name: value.text for name, value in values.items()})


def render_body(markdown_text: str, values: Mapping[str, Value], palette: Palette = DAY) -> str:
    """Markdown body → sanitized HTML fragment for QTextBrowser."""
    # Imported on first use: Markdown and the sanitizer are not needed to paint the first window.
    from handbook.library.markdown_html import render_cached

    return render_cached(markdown_text, tuple(sorted((n, v.markup) for n, v in values.items())), palette)


def sanitize(fragment: str) -> str:
    """Keep only the tags and attributes the reader draws; links may use doc:, http(s): and mailto: only."""
    from handbook.library.markdown_html import sanitize as clean

    return clean(fragment)


def render_inline(markdown_text: str, values: Mapping[str, Value]) -> str:
    """One line of Markdown (a checklist item) → sanitized inline HTML, without the enclosing paragraph."""
    fragment = render_body(markdown_text, values)
    return re.sub(r"^<p>(.*)</p>$", r"\1", fragment.strip(), flags=re.DOTALL)


def render_header(doc: Document, today: dt.date, palette: Palette = DAY) -> str:
    """Title block shown on every document: id, version, dates, status, and a flag when overdue."""
    facts = [
        html.escape(doc.id),
        f"Version {doc.version}",
        f"Effective {doc.effective.isoformat()}",
        f"Review by {doc.review_by.isoformat()}",
    ]
    if doc.status != "approved":
        facts.append(html.escape(doc.status.upper()))
    parts = [
        f"<h1>{html.escape(doc.title)}</h1>",
        f'<p class="meta"><font color="{palette.meta}">{" · ".join(facts)}</font></p>',
    ]
    if doc.is_overdue(today):
        parts.append(
            _banner(
                f"Past its review date ({doc.review_by.isoformat()}): ask the medical director "
                "whether this version is still current.",
                palette.warning,
            )
        )
    if doc.status == "draft":
        parts.append(_banner("Draft: not approved for clinical use.", palette.danger))
    elif doc.status == "retired":
        parts.append(_banner("Retired: no longer in force. Do not follow for patient care.", palette.danger))
    return "\n".join(parts)


def _banner(text: str, colour: str) -> str:
    return (
        f'<table class="box" width="100%" border="1" cellspacing="0" cellpadding="8" bgcolor="{colour}">'
        f'<tr><td bgcolor="{colour}"><strong>{html.escape(text)}</strong></td></tr></table>'
    )


def render_document(
    doc: Document, values: Mapping[str, Value], today: dt.date, palette: Palette = DAY
) -> str:
    """Header plus body: the complete HTML fragment the reader shows for one document."""
    return render_header(doc, today, palette) + "\n" + render_body(doc.body, values, palette)
