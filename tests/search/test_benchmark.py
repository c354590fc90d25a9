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
