"""The records that go into the index and come out of a search."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IndexDocument", "Reason", "SearchHit"]


@dataclass(frozen=True, slots=True)
class IndexDocument:
    """One searchable section of a handbook document (MkDocs style: one entry per heading).

    A document contributes one `IndexDocument` per section, in reading order, all with the same
    ``doc_id``, ``title``, ``kind``, ``category`` and ``audience``. A search returns at most one
    hit per ``doc_id``: the best of its sections.

    Attributes:
        doc_id: Stable document id, e.g. ``"SOP-MON-001"``.
        anchor: Section anchor, e.g. ``"blood-pressure-gate"``; ``""`` is the top of the document.
        title: Document title.
        section: Section heading text; ``""`` for the introduction before the first heading.
        text: Plain text of the section body (no Markdown or HTML).
        keywords: Extra words people search for; they rank like headings.
        kind: ``sop``, ``card``, ``checklist``, ``glossary``, ``path`` or ``quiz``.
        category: Category key from the handbook's vocabulary.
        audience: Role keys the document is written for.
    """

    doc_id: str
    anchor: str
    title: str
    section: str
    text: str
    keywords: tuple[str, ...] = ()
    kind: str = "sop"
    category: str = ""
    audience: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Reason:
    """What one part of the query contributed to a hit (``search(..., explain=True)``).

    Attributes:
        words: The words typed for this part of the query.
        role: ``required`` (every hit of the first tier has it) or the kind of optional part:
            ``filler``, ``stop``, ``number``, ``intent word``, ``intent``.
        score: What it added to the hit's best section (0 when that section lacks it).
        matches: The spellings and phrases it searched for (synonyms, expansions, corrections).
        corrected: Spellings that replaced a word found nowhere (typo correction).
    """

    words: str
    role: str
    score: float
    matches: tuple[str, ...] = ()
    corrected: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One document found by a search, represented by its best-matching section.

    Attributes:
        doc_id: The document's id.
        title: The document's title.
        section: Heading of the best section (``""`` for the introduction).
        anchor: Anchor of the best section, to open the document there.
        score: Relevance; hits are returned best first and scores never increase down the list.
        snippet: A short HTML fragment of the section: matched words wrapped in ``<b>…</b>``,
            everything else HTML-escaped; safe to insert into a rich-text view.
        kind: The document's kind.
        category: The document's category.
        why: With ``explain=True``, what each part of the query added; empty otherwise.
    """

    doc_id: str
    title: str
    section: str
    anchor: str
    score: float
    snippet: str
    kind: str
    category: str
    why: tuple[Reason, ...] = ()
