"""The Markdown half of rendering: Python-Markdown with our tree rewrite, then the sanitizer.

Kept apart from `render` so that importing the renderer's API costs nothing at start-up.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.admonition import AdmonitionExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor

from handbook.library.body import DOC_ID, render_limits, slugify, substitute_values
from handbook.library.render import DOC_SCHEME, Palette

_TASK = re.compile(r"^\[( |x|X)\]\s+")

_ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
    "tr", "u", "ul", "font",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "name", "title"},
    "table": {"width", "border", "cellspacing", "cellpadding", "bgcolor"},
    "td": {"bgcolor", "align", "valign", "colspan", "rowspan", "width"},
    "th": {"align", "colspan", "rowspan"},
    "font": {"color", "size"},
    "*": {"id", "class"},
}


class _QtSubsetTreeprocessor(Treeprocessor):
    """Rewrites the parsed tree into what QTextBrowser can draw, and cross-links into `doc:` links."""

    def __init__(self, md: markdown.Markdown, palette: Palette) -> None:
        super().__init__(md)
        self.palette = palette

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "div" and "admonition" in child.get("class", "").split():
                    parent.remove(child)
                    parent.insert(index, self._admonition(child))
        for element in root.iter():
            if element.tag == "a":
                self._cross_link(element)
            elif element.tag == "table" and not element.get("class", "").startswith("box"):
                element.set("border", "1")
                element.set("cellspacing", "0")
                element.set("cellpadding", "4")
            elif element.tag in ("h2", "h3", "h4") and (anchor := element.get("id")):
                marker = etree.Element("a", {"name": anchor})
                marker.tail, element.text = element.text, ""
                element.insert(0, marker)
            elif element.tag == "li":
                self._task(element)

    def _admonition(self, div: etree.Element) -> etree.Element:
        kinds = [k for k in div.get("class", "").split() if k != "admonition"]
        kind = kinds[0] if kinds else "note"
        colour = getattr(self.palette, kind if kind in ("danger", "warning", "note", "tip") else "note")
        table = etree.Element(
            "table",
            {"class": f"box {kind}", "width": "100%", "border": "1", "cellspacing": "0", "cellpadding": "8",
             "bgcolor": colour},
        )  # fmt: skip
        cell = etree.SubElement(etree.SubElement(table, "tr"), "td", {"bgcolor": colour})
        for child in list(div):
            if child.tag == "p" and "admonition-title" in child.get("class", ""):
                child.attrib.pop("class")
                strong = etree.Element("strong")
                strong.text, child.text = child.text, None
                child.insert(0, strong)
            cell.append(child)
        table.tail = div.tail
        return table

    def _cross_link(self, link: etree.Element) -> None:
        href = link.get("href", "")
        doc_part, hash_mark, anchor = href.partition("#")
        if DOC_ID.match(doc_part):
            link.set("href", f"{DOC_SCHEME}:{doc_part}{hash_mark}{anchor}")
            link.set("class", "xref")

    def _task(self, item: etree.Element) -> None:
        holder = item[0] if len(item) and item[0].tag == "p" and not (item.text or "").strip() else item
        match = _TASK.match(holder.text or "")
        if match:
            holder.text = ("☑ " if match.group(1) in "xX" else "☐ ") + (holder.text or "")[match.end() :]
            item.set("class", "task")


class _QtSubsetExtension(Extension):
    def __init__(self, palette: Palette) -> None:
        super().__init__()
        self.palette = palette

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API name)
        md.treeprocessors.register(_QtSubsetTreeprocessor(md, self.palette), "qt_subset", 1)


def _markdown(palette: Palette) -> markdown.Markdown:
    # Extension instances, not names: names cost an entry-point scan at import (tech notes, ~60 ms).
    return markdown.Markdown(
        extensions=[
            TableExtension(),
            AdmonitionExtension(),
            DefListExtension(),
            FencedCodeExtension(),
            SaneListExtension(),
            TocExtension(slugify=lambda text, sep: slugify(text, sep), toc_depth="2-4"),
            _QtSubsetExtension(palette),
        ],
        output_format="html",
    )


def sanitize(fragment: str) -> str:
    """Keep only the tags and attributes the reader draws; links may use doc:, http(s): and mailto: only."""
    return nh3.clean(
        fragment,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={DOC_SCHEME, "http", "https", "mailto"},
        link_rel=None,
    )


@lru_cache(maxsize=256)
def render_cached(markdown_text: str, value_texts: tuple[tuple[str, str], ...], palette: Palette) -> str:
    """Sanitized HTML of a Markdown body with its values inserted.

    Cached by the text itself (so by the file's content), the values it can see and the palette.
    """
    limit = render_limits(markdown_text)
    if limit is not None:
        return _refusal(limit[1], palette)
    texts = dict(value_texts)
    source = substitute_values(markdown_text, texts)
    try:
        return sanitize(_markdown(palette).convert(source))
    except RecursionError:  # a structure the limits did not foresee: refuse, never crash the reader
        return _refusal("its structure is nested too deeply to show", palette)


def _refusal(reason: str, palette: Palette) -> str:
    """What the reader shows instead of a body it will not render (lint reports the same as B001)."""
    return (
        f'<table class="box danger" width="100%" border="1" cellspacing="0" cellpadding="8" '
        f'bgcolor="{palette.danger}"><tr><td bgcolor="{palette.danger}"><strong>This document cannot be '
        f"shown: {html.escape(reason)}.</strong> Tell the medical director; use the printed copy meanwhile."
        "</td></tr></table>"
    )
