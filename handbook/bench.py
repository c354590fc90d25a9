"""`python -m handbook bench`: search, index and start-up figures on the real content and a 100x corpus.

Speed is measured here, never asserted in tests. Figures are medians/percentiles from one run on this
machine; compare ratios (Whoosh vs FTS5, app vs bare Qt) rather than absolute numbers across machines.
"""

from __future__ import annotations

import resource
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import search
from handbook.bench_queries import BEDSIDE_QUERIES, NURSE_QUERIES, recall
from handbook.library.loader import load_library
from handbook.services import plan_index
from search.benchmark import run_benchmark, synthetic_corpus, zipf_corpus

STARTUP_RUNS = 7


def _peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


#: Policy-library tiers: documents of the Zipf-vocabulary synthetic corpus (`zipf_corpus`).
SCALE_TIERS = (1_000, 10_000)


def run(
    content_dir: Path, *, startup: bool = True, factor: int = 100, scale_tiers: Sequence[int] = SCALE_TIERS
) -> dict[str, Any]:
    """Figures for `relevance`, `real`, `synthetic_100x` (and `startup`, `typeahead` when asked); see the README."""
    plan = plan_index(load_library(content_dir).library)
    documents = plan.documents
    figures: dict[str, Any] = {"relevance": relevance_figures(documents, plan.synonyms)}
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as work:
        figures["real"] = run_benchmark(documents, plan.synonyms, Path(work) / "real")
        figures["real"]["peak_rss_mb"] = _peak_rss_mb()
        corpus = synthetic_corpus(documents, factor=factor, seed=1234)
        figures[f"synthetic_{factor}x"] = run_benchmark(
            corpus, plan.synonyms, Path(work) / "synthetic", repeats=5
        )
        figures[f"synthetic_{factor}x"]["peak_rss_mb"] = _peak_rss_mb()
        for count in scale_tiers:
            corpus = zipf_corpus(documents, count, seed=1234)
            name = f"zipf_{count}"
            figures[name] = run_benchmark(corpus, plan.synonyms, Path(work) / name, repeats=5)
            figures[name]["peak_rss_mb"] = _peak_rss_mb()
            del corpus
    if startup:
        figures["startup"] = startup_figures()
        figures["typeahead"] = typeahead_figures(content_dir)
    return figures


def typeahead_figures(content_dir: Path) -> dict[str, Any]:
    """Typed-to-painted latency in the real window (`handbook.ui.typeahead_probe`, a child process).

    The child gets scratch user folders (its index is built there on first use) and runs
    offscreen unless QT_QPA_PLATFORM says otherwise.
    """
    import json
    import subprocess

    from handbook.startup_bench import probe_environment

    with tempfile.TemporaryDirectory(prefix="handbook-typeahead-") as scratch:
        done = subprocess.run(
            [sys.executable, "-m", "handbook.ui.typeahead_probe", "--content", str(content_dir)],
            env=probe_environment(Path(scratch)),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr.strip().splitlines() or ["no output"])[-1]}
    figures: dict[str, Any] = json.loads(lines[-1])
    return figures


def relevance_figures(
    documents: Sequence[search.IndexDocument], synonyms: dict[str, list[str]]
) -> dict[str, Any]:
    """recall@1 and recall@3 of the relevance queries on the real content (bedside, first suite, all)."""
    searcher = search.ram_index(documents, synonyms=synonyms)
    return {
        "bedside": recall(searcher, BEDSIDE_QUERIES),
        "nurse": recall(searcher, NURSE_QUERIES),
        "all": recall(searcher, [*BEDSIDE_QUERIES, *NURSE_QUERIES]),
    }


def startup_figures(runs: int = STARTUP_RUNS) -> dict[str, Any]:
    """Median ms from process start to the first painted window: the app from source (and frozen, when
    dist/ holds a bundle) and a bare QMainWindow + QTextBrowser, measured in turns in the same run.
    """
    from handbook.startup_bench import run as measure

    figures = measure(runs)
    app_ms, bare_ms, frozen_ms = figures["source_ms"], figures["bare_qt_ms"], figures["frozen_ms"]
    return {
        "runs": runs,
        "startup_ms": round(app_ms, 1) if app_ms else None,
        "bare_qt_ms": round(bare_ms, 1) if bare_ms else None,
        "ratio": round(app_ms / bare_ms, 2) if app_ms and bare_ms else None,
        "frozen_ms": round(frozen_ms, 1) if frozen_ms else None,
        "frozen_ratio": round(frozen_ms / bare_ms, 2) if frozen_ms and bare_ms else None,
    }
