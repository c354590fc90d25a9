"""Markdown → QTextBrowser HTML: golden output, cross-links, values, sanitizing."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from handbook.library.frontmatter import Vocabulary
from handbook.library.loader import load_document
from handbook.library.render import NIGHT, render_body, render_document, sanitize

DATA = Path(__file__).parent.parent / "data" / "sample"
REFERENCE = Path(__file__).parent.parent / "reference"
VOCABULARY = Vocabulary(roles=frozenset({"nurse"}), categories=frozenset({"monitoring"}))


@pytest.fixture
def sample():
    doc, problems = load_document(DATA / "sample.md", DATA, VOCABULARY)
    assert problems == []
    return doc


def test_render_matches_golden_html(sample):
    """The sample document renders exactly as the reviewed reference file (set UPDATE_GOLDEN=1 to refresh)."""
    values = {v.name: v for v in sample.values}
    html = render_document(sample, values, dt.date(2026, 6, 1))
    golden = REFERENCE / "sample.html"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(html, encoding="utf-8")
    assert html == golden.read_text(encoding="utf-8")


def test_render_turns_cross_links_into_doc_links(sample):
    """Links whose target is a document id use the doc: scheme, with the anchor kept."""
    html = render_body(sample.body, {})
    assert 'href="doc:SOP-MON-001#hold-and-stop-rules"' in html
    assert 'href="doc:CARD-VIT-001"' in html


def test_render_inserts_values_as_printed_numbers(sample):
    """{{name}} becomes the value without trailing .0; unknown names stay visible."""
    html = render_body(sample.body + "\n{{nope}}\n", {v.name: v for v in sample.values})
    assert "above 180 mmHg" in html
    assert "Dose is 0.5 mg/kg" in html
    assert "[unknown value: nope]" in html


def test_render_draws_task_boxes_and_admonition_tables(sample):
    """Task items become ☐/☑ and a warning box becomes a one-cell coloured table."""
    html = render_body(sample.body, {})
    assert "☐ Escort confirmed" in html
    assert "☑ Weight recorded" in html
    assert 'class="box warning"' in html
    assert "bgcolor=" in html


def test_render_night_palette_changes_box_colours(sample):
    """The night palette paints boxes dark, so the content follows night mode too."""
    assert NIGHT.warning in render_body(sample.body, {}, NIGHT)


def test_render_flags_overdue_documents(sample):
    """A document past review_by shows a banner saying so."""
    html = render_document(sample, {}, dt.date(2027, 3, 1))
    assert "Past its review date" in html


@pytest.mark.parametrize(
    ("raw", "forbidden"),
    [
        ("<script>alert(1)</script>", "alert"),
        ('<img src="http://example.com/x.png">', "example.com"),
        ('<a href="javascript:alert(1)">x</a>', "javascript"),
        ('<p onclick="evil()">x</p>', "onclick"),
        ("<style>body{}</style>", "body{}"),
        ('<iframe src="https://example.com"></iframe>', "iframe"),
    ],
)
def test_sanitize_removes_active_and_remote_content(raw, forbidden):
    """Raw HTML in a document cannot run code or fetch anything."""
    assert forbidden not in sanitize(raw)
    assert forbidden not in render_body(f"Text\n\n{raw}\n", {})
