"""Map the library onto search records: one `IndexDocument` per section; the query vocabulary.

The query vocabulary is the glossary's abbreviations (two-way synonyms) plus the bedside
vocabulary file (`handbook.library.vocabulary_lint`): lay words, brand names and misspellings
(one way), filler words and intents, handed to the search package as one synonyms mapping
(`search.lexicon`). This is the only place that knows both the domain model and the search
package (which stays independent of the handbook).
"""

from __future__ import annotations

import hashlib
import json
import re

from handbook.library.body import substitute_values
from handbook.library.catalog import Library
from handbook.library.model import Document
from handbook.library.vocabulary_lint import load_vocabulary
from search import SCHEMA_VERSION, IndexDocument
from search.lexicon import make_mapping

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"(^\s*(?:[-*+]|\d+\.)\s+(?:\[[ xX]\]\s+)?)|(^!!!\s+\w+\s*)|[*_`|>]|^:\s+", re.MULTILINE)
_TABLE_RULE = re.compile(r"^[\s|:-]+$", re.MULTILINE)
_GLOSSARY_ENTRY = re.compile(r"^(?P<term>[^\s:].*?)\s*\n:\s+(?P<expansion>.+?)\s+—", re.MULTILINE)


def plain_text(markdown_text: str, values: dict[str, str]) -> str:
    """Readable words of a Markdown fragment: values inserted, link targets and markup dropped."""
    text = substitute_values(markdown_text, values, missing=lambda _name: "")
    text = _LINK.sub(r"\1", text)
    text = _TABLE_RULE.sub(" ", text)
    text = _MARKUP.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


#: Words people add to say what kind of document they want ("discharge checklist").
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "checklist": ("checklist",),
    "card": ("card",),
    "sop": ("sop", "procedure"),
    "glossary": ("glossary",),
}


def document_sections(doc: Document, values: dict[str, str]) -> list[IndexDocument]:
    """One record for the text before the first heading (with the summary) and one per `##`/`###` section.

    Sections start at the document's own headings (matched by line), so a `##` line inside
    fenced code is text, exactly as the anchors and the rendered page see it.
    """
    by_line = {h.line: h for h in doc.headings if h.level in (2, 3)}
    sections: list[tuple[str, str, list[str]]] = [("", "", [doc.summary])]
    for offset, line in enumerate(doc.body.splitlines()):
        heading = by_line.get(doc.body_line + offset)
        if heading is not None:
            sections.append((heading.text, heading.anchor, []))
        else:
            sections[-1][2].append(line)
    return [
        IndexDocument(
            doc_id=doc.id,
            anchor=anchor,
            title=doc.title,
            section=plain_text(heading, values),
            text=plain_text("\n".join(lines), values),
            keywords=(*doc.keywords, *KIND_WORDS.get(doc.kind, ())),
            kind=doc.kind,
            category=doc.category,
            audience=doc.audience,
        )
        for heading, anchor, lines in sections
        if anchor or any(part.strip() for part in lines)
    ]


# Quizzes list wrong answers beside right ones ("140/90", "every 30 minutes"): a nurse searching
# mid-session must never land on them. They are reached from onboarding, not from search.
UNSEARCHED_KINDS = frozenset({"quiz"})


def index_documents(library: Library) -> list[IndexDocument]:
    """Search records for every current (approved) document except quizzes."""
    values = {name: value.text for name, value in library.values.items()}
    records: list[IndexDocument] = []
    for doc in library.current():
        if doc.kind in UNSEARCHED_KINDS:
            continue
        records.extend(document_sections(doc, values))
    return records


#: Bump when the mapping from documents to records changes (an index is then rebuilt).
INDEXING_VERSION = 2


def content_fingerprint(library: Library, synonyms: dict[str, list[str]]) -> str:
    """SHA-256 of everything the index records are made from, without making them.

    Covers the schema and mapping versions, the synonyms, the values inserted into text, and
    of every searchable document the fields `document_sections` reads (body, summary, title,
    keywords, kind, category, audience). An index stamped with it is checked at every start
    and CLI call in the time it takes to hash the files' text (the sections are only computed
    for a build).
    """
    digest = hashlib.sha256()
    head = [SCHEMA_VERSION, INDEXING_VERSION, sorted(synonyms.items())]
    head.append(sorted((name, value.text) for name, value in library.values.items()))
    digest.update(json.dumps(head, ensure_ascii=False).encode())
    for doc in library.current():
        if doc.kind in UNSEARCHED_KINDS:
            continue
        fields = [
            doc.id,
            doc.title,
            doc.summary,
            list(doc.keywords),
            doc.kind,
            doc.category,
            list(doc.audience),
        ]
        digest.update(json.dumps(fields, ensure_ascii=False).encode())
        digest.update(doc.body.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def glossary_synonyms(library: Library) -> dict[str, list[str]]:
    """The query vocabulary: glossary abbreviations plus the bedside vocabulary (see the module)."""
    vocabulary, _ = load_vocabulary(library)  # its problems are reported by lint
    return make_mapping(
        abbreviations(library), filler=vocabulary.filler, intents=vocabulary.intents, see=vocabulary.see
    )


def abbreviations(library: Library) -> dict[str, list[str]]:
    """Abbreviation → expansions from every glossary (`TERM` / `: Expansion — explanation`)."""
    synonyms: dict[str, list[str]] = {}
    for doc in library.of_kind("glossary"):
        for match in _GLOSSARY_ENTRY.finditer(doc.body):
            expansion = match.group("expansion").strip().rstrip(".")
            for term in re.split(r"\s+/\s+|\s*,\s*", match.group("term").strip()):
                if term and term.casefold() != expansion.casefold():
                    synonyms.setdefault(term.casefold(), []).append(expansion.casefold())
    return synonyms
