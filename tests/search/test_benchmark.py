"""Benchmark support: runs on a tiny corpus (timing itself is never asserted)."""

from __future__ import annotations

from search.benchmark import BENCH_QUERIES, fts5_query, run_benchmark, synthetic_corpus
from tests.search.conftest import CORPUS, SYNONYMS

KEYS = {
    "docs",
    "sections",
    "index_build_s",
    "open_ms",
    "search_p50_ms",
    "search_p95_ms",
    "fts5_p50_ms",
    "fts5_p95_ms",
}


def test_synthetic_corpus_scales_and_is_deterministic():
    """factor copies per document, same output for the same seed, other output for another."""
    corpus = synthetic_corpus(CORPUS, factor=3, seed=7)
    assert len({d.doc_id for d in corpus}) == 3 * len({d.doc_id for d in CORPUS})
    assert len(corpus) == 3 * len(CORPUS)
    assert corpus == synthetic_corpus(CORPUS, factor=3, seed=7)
    assert corpus != synthetic_corpus(CORPUS, factor=3, seed=8)


def test_bench_queries_include_typing_prefixes():
    """The query list covers 1- to 4-letter prefixes and clinical tokens."""
    assert {"h", "hy", "hyp", "hype", "180/100", "0.5 mg/kg", "hypertensoin"} <= set(BENCH_QUERIES)


def test_fts5_query_prefixes_last_word():
    """The FTS5 translation ANDs quoted words and makes the last one a prefix."""
    assert fts5_query("blood pre") == '"blood" "pre"*'
    assert fts5_query("blood ") == '"blood"'
    assert fts5_query("(*)") == ""


def test_run_benchmark_reports_all_figures(tmp_path):
    """A tiny run returns every figure, with document and section counts."""
    figures = run_benchmark(synthetic_corpus(CORPUS, factor=2), SYNONYMS, tmp_path, repeats=1)
    assert set(figures) >= KEYS
    assert figures["docs"] == 2 * len({d.doc_id for d in CORPUS})
    assert figures["sections"] == 2 * len(CORPUS)
    assert figures["search_p95_ms"] >= figures["search_p50_ms"] > 0


def test_zipf_corpus_has_requested_documents_and_is_deterministic():
    """count documents shaped like the real ones, same output for the same seed."""
    from search.benchmark import zipf_corpus

    corpus = zipf_corpus(CORPUS, 7, vocabulary_size=2_000, seed=3)
    assert len({d.doc_id for d in corpus}) == 7
    assert corpus == zipf_corpus(CORPUS, 7, vocabulary_size=2_000, seed=3)
    assert {d.kind for d in corpus} <= {d.kind for d in CORPUS}


def test_zipf_corpus_vocabulary_grows_with_size():
    """Made-up words fill the vocabulary beyond the content's own words."""
    from search.benchmark import zipf_corpus

    corpus = zipf_corpus(CORPUS, 200, vocabulary_size=5_000, seed=3)
    words = {w for d in corpus for w in d.text.split()}
    assert len(words) > 500


def test_run_benchmark_reports_typo_figures(tmp_path):
    """Typo queries are timed apart from the others."""
    figures = run_benchmark(CORPUS, SYNONYMS, tmp_path, repeats=1)
    assert figures["typo_p95_ms"] >= figures["typo_p50_ms"] > 0
    assert figures["vocabulary_words"] > 0
