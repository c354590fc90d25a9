"""Word-level redline between two texts, and its HTML in the subset QTextBrowser draws.

Words, numbers (`0.5`, `140/90` splits at the slash) and punctuation are compared as tokens, so a
changed dose shows as the old number struck through and the new one underlined, not as a changed line.

What a nurse compares is the text as the reader shows it (`reading_text`): Markdown rendered, every
`{{value}}` replaced by its number, table rows as "cell · cell", list items as bullets; never the source.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

from handbook.library.model import Document, Value
from handbook.library.render import render_body

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
# A word or number (with inner . , ' -), a run of whitespace, or one other character.
_TOKEN = re.compile(r"\w+(?:[.,'’-]\w+)*|\s+|[^\w\s]")
# Background colours QTextBrowser honours on <span style>, under black text in day and night mode;
# strike-through and underline keep the meaning without colour.
INSERT_COLOUR = "#c8f0c8"
DELETE_COLOUR = "#f8c8c8"


@dataclass(frozen=True, slots=True)
class Chunk:
    """A run of text that is unchanged (`equal`), only in the new text (`insert`) or only in the old."""

    op: str
    text: str


def tokens(text: str) -> list[str]:
    """The tokens a redline compares; joining them gives the text back."""
    return _TOKEN.findall(text)


def redline(old: str, new: str) -> tuple[Chunk, ...]:
    """The chunks that turn old into new, word by word. Joining equal+delete gives old; equal+insert new.

    Adjacent chunks of the same kind are merged; in a replacement the deletion comes first.
    """
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    chunks: list[Chunk] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if chunks and chunks[-1].op == op:
            chunks[-1] = Chunk(op, chunks[-1].text + text)
        else:
            chunks.append(Chunk(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add(EQUAL, "".join(a[i1:i2]))
        else:
            add(DELETE, "".join(a[i1:i2]))
            add(INSERT, "".join(b[j1:j2]))
    return tuple(_tidy(chunks))


def _tidy(chunks: list[Chunk]) -> list[Chunk]:
    """Merge a lone space between two changes into them, so `a b` → `c d` reads as one replacement."""
    out: list[Chunk] = []
    for index, chunk in enumerate(chunks):
        between = 0 < index < len(chunks) - 1
        if chunk.op == EQUAL and between and chunk.text.isspace() and "\n" not in chunk.text:
            before, after = chunks[index - 1], chunks[index + 1]
            if {before.op, after.op} == {INSERT, DELETE}:
                out.append(Chunk(DELETE, chunk.text))
                out.append(Chunk(INSERT, chunk.text))
                continue
        out.append(chunk)
    merged: list[Chunk] = []
    # Regroup so each run of changes reads as all deletions then all insertions.
    run: list[Chunk] = []
    for chunk in [*out, Chunk(EQUAL, "")]:
        if chunk.op != EQUAL:
            run.append(chunk)
            continue
        for op in (DELETE, INSERT):
            text = "".join(c.text for c in run if c.op == op)
            if text:
                merged.append(Chunk(op, text))
        run = []
        if chunk.text:
            merged.append(chunk)
    return merged


def counts(chunks: tuple[Chunk, ...]) -> tuple[int, int]:
    """Words inserted and words deleted (whitespace and punctuation are not counted)."""
    inserted = sum(len(re.findall(r"\w+", c.text)) for c in chunks if c.op == INSERT)
    deleted = sum(len(re.findall(r"\w+", c.text)) for c in chunks if c.op == DELETE)
    return inserted, deleted


def _escape(text: str) -> str:
    return html.escape(text).replace("\n", "<br/>")


_BLOCKS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "table",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "div",
}


class _TextOfHtml(HTMLParser):
    """The visible text of the renderer's HTML: one line per block, bullets for items, cells joined."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.cells = 0

    def _end_line(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.line)).strip()
        if text:
            self.lines.append(text)
        self.line, self.cells = [], 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._end_line()
        if tag == "li":
            self.line.append("• ")
        elif tag == "br":
            self._end_line()
        elif tag in ("td", "th"):
            if self.cells:
                self.line.append(" · ")
            self.cells += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._end_line()

    def handle_data(self, data: str) -> None:
        self.line.append(data)


def with_own_values(doc: Document, values: Mapping[str, Value]) -> dict[str, Value]:
    """The values a version of a document is read with: the library's, overridden by its own numbers."""
    return {**values, **{value.name: value for value in doc.values}}


def reading_text(doc: Document, values: Mapping[str, Value]) -> str:
    """A version as a nurse reads it: title, its numbers with sources, then the rendered body as text."""
    lines = [doc.title]
    for value in doc.values:
        unit = f" {value.unit}" if value.unit else ""
        lines.append(f"{value.label}: {value.text}{unit} (source: {value.source})")
    parser = _TextOfHtml()
    parser.feed(render_body(doc.body, with_own_values(doc, values)))
    parser.close()
    parser._end_line()
    return "\n".join([*lines, "", *parser.lines]) + "\n"


@dataclass(frozen=True, slots=True)
class VersionNote:
    """One version's change note, shown above a redline."""

    version: int
    effective: str
    change: str
    note: str


def version_notes(versions: Iterable[Document], old: int, new: int) -> list[VersionNote]:
    """The change notes of the versions after `old` up to `new`, oldest first."""
    return [
        VersionNote(doc.version, doc.effective.isoformat(), doc.change, doc.change_note)
        for doc in sorted(versions, key=lambda d: d.version)
        if old < doc.version <= new
    ]


def notes_html(notes: Iterable[VersionNote]) -> str:
    """Each version's change note as a list, newest last (empty when there are none)."""
    items = "".join(
        f"<li><b>Version {n.version}</b> ({html.escape(n.effective)}, {html.escape(n.change)})"
        + (f": {html.escape(n.note)}" if n.note else "")
        + "</li>"
        for n in notes
    )
    return f"<ul>{items}</ul>" if items else ""


def redline_html(chunks: tuple[Chunk, ...], notes: Iterable[VersionNote] = ()) -> str:
    """The redline as HTML: deletions struck through on red, insertions underlined on green.

    The change notes come first; line breaks are kept with <br/>; the text is escaped.
    """
    parts = []
    for chunk in chunks:
        text = _escape(chunk.text)
        if chunk.op == INSERT:
            parts.append(
                f'<span style="background-color:{INSERT_COLOUR}; color:#000000"><u>{text}</u></span>'
            )
        elif chunk.op == DELETE:
            parts.append(
                f'<span style="background-color:{DELETE_COLOUR}; color:#000000"><s>{text}</s></span>'
            )
        else:
            parts.append(text)
    return notes_html(notes) + "<p>" + "".join(parts) + "</p>"
