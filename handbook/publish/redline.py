"""Word-level redline between two texts, and its HTML in the subset QTextBrowser draws.

Words, numbers (`0.5`, `140/90` splits at the slash) and punctuation are compared as tokens, so a
changed dose shows as the old number struck through and the new one underlined, not as a changed line.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
# A word or number (with inner . , ' -), a run of whitespace, or one other character.
_TOKEN = re.compile(r"\w+(?:[.,'’-]\w+)*|\s+|[^\w\s]")
# Background colours QTextBrowser honours on <span style>; strike/underline keep meaning without colour.
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


def redline_html(chunks: tuple[Chunk, ...]) -> str:
    """The redline as HTML: deletions struck through on red, insertions underlined on green.

    Line breaks are kept with <br/>; the text is escaped, so Markdown shows as typed.
    """
    parts = []
    for chunk in chunks:
        text = _escape(chunk.text)
        if chunk.op == INSERT:
            parts.append(f'<span style="background-color:{INSERT_COLOUR}"><u>{text}</u></span>')
        elif chunk.op == DELETE:
            parts.append(f'<span style="background-color:{DELETE_COLOUR}"><s>{text}</s></span>')
        else:
            parts.append(text)
    return '<p style="font-family: monospace">' + "".join(parts) + "</p>"
