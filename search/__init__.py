"""Full-text search for the clinic handbook: a standalone, Qt-free library over Whoosh.

Feed it one `IndexDocument` per document section; get back one `SearchHit` per document.
Typical use::

    fingerprint = index_fingerprint(documents, synonyms)
    try:
        searcher = open_index(folder, expected_fingerprint=fingerprint)
    except IndexUnavailable:
        build_index(documents, folder, synonyms=synonyms)
        searcher = open_index(folder, expected_fingerprint=fingerprint)
    hits = searcher.search("blood pre", kind="sop")

Nothing outside this package imports `whoosh`.
"""

from __future__ import annotations

from search.documents import IndexDocument, SearchHit
from search.errors import IndexCorrupt, IndexMissing, IndexStale, IndexUnavailable
from search.indexer import build_index, index_fingerprint, ram_index
from search.schema import SCHEMA_VERSION
from search.searcher import Searcher
from search.store import open_index

__all__ = [
    "SCHEMA_VERSION",
    "IndexCorrupt",
    "IndexDocument",
    "IndexMissing",
    "IndexStale",
    "IndexUnavailable",
    "SearchHit",
    "Searcher",
    "build_index",
    "index_fingerprint",
    "open_index",
    "ram_index",
]
