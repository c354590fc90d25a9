"""The Whoosh schema, its version and the field weights, in one place.

Searchable fields receive pre-analyzed term lists (see `search.analysis`), which makes Whoosh
bypass its own analyzers: the analyzer objects stored here are never run. Positions are not
indexed; phrases are answered from word-pair fields instead, which costs one posting list per
pair instead of a positional intersection (about 10x faster on a large corpus).
"""

from __future__ import annotations

from whoosh import fields

__all__ = [
    "BODY_FIELD",
    "FIELD_BOOSTS",
    "HEAD_FIELDS",
    "PAIR_BOOSTS",
    "SCHEMA_VERSION",
    "SCORED_FIELDS",
    "TEXT_FIELDS",
    "make_schema",
]

#: Bump whenever the schema, the analysis or the side files change meaning: an index stamped
#: with another version is reported stale and rebuilt.
SCHEMA_VERSION = 1

#: Small fields: every section repeats its document's id, title and keywords.
HEAD_FIELDS = ("id", "title", "keywords", "section")
BODY_FIELD = "body"
TEXT_FIELDS = (*HEAD_FIELDS, BODY_FIELD)

#: Query-time boosts: id and title above keywords and headings, above body text.
FIELD_BOOSTS: dict[str, float] = {
    "id": 6.0,
    "title": 4.0,
    "keywords": 3.0,
    "section": 2.5,
    "body": 1.0,
}

#: Word pairs of the head fields and of the body, for phrases and multi-word synonyms.
PAIR_BOOSTS: dict[str, float] = {"head_pairs": 3.0, "body_pairs": 1.2}

#: Fields scored with BM25, whose per-section lengths the catalog records.
SCORED_FIELDS = (*TEXT_FIELDS, *PAIR_BOOSTS)


def make_schema() -> fields.Schema:
    """Return a fresh schema; also passed when opening, so the pickled copy is never trusted."""
    text = {name: fields.TEXT(phrase=False) for name in SCORED_FIELDS}
    for name in ("title", "section"):
        text[name] = fields.TEXT(phrase=False, stored=True)
    return fields.Schema(
        doc_id=fields.ID(stored=True),
        anchor=fields.STORED(),
        text=fields.STORED(),
        kind=fields.ID(stored=True),
        category=fields.ID(stored=True),
        audience=fields.KEYWORD(),
        **text,
    )
