"""The scoring engine reads Whoosh posting lists itself; check it against Whoosh."""

from __future__ import annotations

import zlib

import pytest

from search import IndexCorrupt, IndexDocument, ram_index

# Enough sections for multi-block posting lists (Whoosh blocks hold 128 postings), with
# frequencies that exercise every block encoding: all 1 (None), all equal (one float), mixed.
DOCS = [
    IndexDocument(f"D-{i:03d}", "", "Title", "", "alpha " * (1 + i % 3) + "beta " + "gamma gamma")
    for i in range(300)
]


def _whoosh_postings(reader, field, term):
    matcher = reader.postings(field, term)
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


@pytest.mark.parametrize("term", ["alpha", "beta", "gamma"])
def test_engine_postings_match_whoosh(term):
    """Block-wise reading returns exactly what Whoosh's own matcher iterates."""
    searcher = ram_index(DOCS)
    reader = searcher._searcher.reader()  # internals on purpose: comparing two readers
    ids, weights = searcher._engine.postings("body", term)
    assert (list(ids), list(weights)) == _whoosh_postings(reader, "body", term)
    assert len(ids) == 300


def test_engine_postings_absent_term_is_empty():
    """A term that is not indexed has no postings."""
    searcher = ram_index(DOCS)
    assert searcher._engine.postings("body", "delta") == ((), ())


def test_search_unreadable_postings_raise_index_corrupt():
    """A read failure inside Whoosh surfaces as IndexCorrupt, not as the raw error."""
    searcher = ram_index(DOCS)

    def broken(*_args: object) -> None:
        raise zlib.error("invalid stored block lengths")

    searcher._engine._reader.postings = broken
    with pytest.raises(IndexCorrupt, match="invalid stored block"):
        searcher.search("alpha")


def test_search_term_frequency_ranks_higher():
    """More occurrences in equally long sections rank higher (BM25 term frequency)."""
    hits = ram_index(DOCS).search("alpha ", limit=3)
    assert all(int(hit.doc_id[2:]) % 3 == 2 for hit in hits)
