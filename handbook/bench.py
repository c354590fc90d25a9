"""`python -m handbook bench`: search, index and start-up figures on the real content and a 100x corpus.

Speed is measured here, never asserted in tests. Figures are medians/percentiles from one run on this
machine; compare ratios (Whoosh vs FTS5, app vs bare Qt) rather than absolute numbers across machines.
"""

from __future__ import annotations

import resource
import sys
import tempfile
from pathlib import Path
from typing import Any

from handbook.library.loader import load_library
from handbook.services import plan_index
from search.benchmark import run_benchmark, synthetic_corpus

STARTUP_RUNS = 7


def _peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def run(content_dir: Path, *, startup: bool = True, factor: int = 100) -> dict[str, Any]:
    """Figures for `real` and `synthetic_100x` (and `startup` when asked); see the README for the keys."""
    plan = plan_index(load_library(content_dir).library)
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as work:
        figures["real"] = run_benchmark(plan.documents, plan.synonyms, Path(work) / "real")
        figures["real"]["peak_rss_mb"] = _peak_rss_mb()
        corpus = synthetic_corpus(plan.documents, factor=factor, seed=1234)
        figures[f"synthetic_{factor}x"] = run_benchmark(
            corpus, plan.synonyms, Path(work) / "synthetic", repeats=5
        )
        figures[f"synthetic_{factor}x"]["peak_rss_mb"] = _peak_rss_mb()
    if startup:
        figures["startup"] = startup_figures()
    return figures


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
