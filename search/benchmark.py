"""Search benchmark: synthetic corpora, a fixed query list, and a timing run against SQLite FTS5.

Qt-free and handbook-free: ``python -m handbook bench`` maps the real content to
`IndexDocument` records and calls `run_benchmark`. Timing lives here, never in test assertions.
"""

from __future__ import annotations

import random
import re
import sqlite3
import statistics
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from itertools import accumulate
from pathlib import Path
from typing import Any

from search.documents import IndexDocument
from search.indexer import build_index
from search.store import open_index

__all__ = ["BENCH_QUERIES", "TYPO_QUERIES", "fts5_query", "run_benchmark", "synthetic_corpus", "zipf_corpus"]

#: What nurses type, including every keystroke of a word being typed (1 to 4 letters).
BENCH_QUERIES: list[str] = [
    "h",
    "hy",
    "hyp",
    "hype",
    "hypertension",
    "hypertensoin",
    "bp",
    "blood pre",
    "blood pressure",
    "180/100",
    "0.5 mg/kg",
    "discharge criteria",
    "dischrage",
    "c-ssrs",
    "spo2 low",
    "oxygen saturation",
    "nausea",
    "nausea vomiting",
    "escort",
    "moaa/s",
    "vital signs every 15 min",
    '"informed consent"',
    "consent withdraw",
    "suicide risk",
    "pregnancy test",
    "emergency cart",
    "rescue drugs",
    "dose calc",
    "ecg",
    "esketamine",
    "urine drug screen",
    "e",
]

#: Misspelt clinical words (none is a word of the content): typo correction is what they time.
TYPO_QUERIES: list[str] = [
    "hypertensoin",
    "dischrage",
    "nausae",
    "seizrue",
    "tachycarida",
    "anaphylaxsi",
    "oxygne",
    "vomitign",
    "monitorign",
    "dissociaton",
    "midazolma",
    "pregnacy",
    "hypertensoin crisi",
    "blood presure",
    "escrot",
    "consnet",
]

_WORD_RE = re.compile(r"\S+")
_LETTERS_RE = re.compile(r"[a-z]+")
_ONSETS = ("b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "ch",
           "cl", "dr", "gr", "pl", "pr", "sh", "st", "th", "tr")  # fmt: skip
_VOWELS = ("a", "e", "i", "o", "u", "ae", "io", "ou")
_CODAS = ("", "", "n", "r", "s", "l", "m", "t", "x", "nd", "st")


def _pseudo_words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """Return ``count`` distinct pronounceable made-up words (2-5 syllables) not in ``taken``."""
    words: list[str] = []
    seen = set(taken)
    while len(words) < count:
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(rng.randint(2, 5))
        )
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def zipf_corpus(
    documents: Sequence[IndexDocument],
    count: int,
    *,
    vocabulary_size: int = 60_000,
    exponent: float = 1.07,
    seed: int = 1234,
) -> list[IndexDocument]:
    """Return ``count`` synthetic documents shaped like a hospital's policy library.

    Word frequencies follow Zipf's law (rank r has weight 1/r^exponent) over a vocabulary of
    ``vocabulary_size`` words: the content's own words first, most frequent first, then made-up
    pronounceable words, so the vocabulary is as large as a real policy library's (50,000-80,000
    words) and the typo correction and prefix expansion face as many candidates. Each document
    copies the shape of a real one (kind, category, audience, keywords, headings and anchors) with
    its real section lengths (±30 %); titles are the real title plus two Zipf words.
    """
    rng = random.Random(seed)
    by_doc: dict[str, list[IndexDocument]] = {}
    for doc in documents:
        by_doc.setdefault(doc.doc_id, []).append(doc)
    templates = list(by_doc.values())
    if not templates or count <= 0:
        return []
    frequency: dict[str, int] = {}
    for doc in documents:
        for word in _LETTERS_RE.findall(doc.text.lower()):
            frequency[word] = frequency.get(word, 0) + 1
    real = sorted(frequency, key=lambda w: -frequency[w])[:vocabulary_size]
    vocabulary = real + _pseudo_words(rng, vocabulary_size - len(real), set(real))
    # Interleave the made-up words among the real ones below the top ranks, so the tail is mixed.
    head, tail = vocabulary[:500], vocabulary[500:]
    rng.shuffle(tail)
    vocabulary = head + tail
    weights = list(accumulate(1.0 / (rank**exponent) for rank in range(1, len(vocabulary) + 1)))
    corpus: list[IndexDocument] = []
    for number in range(count):
        sections = templates[number % len(templates)]
        doc_id = f"{sections[0].doc_id}-Z{number:05d}"
        title = f"{sections[0].title} {' '.join(rng.choices(vocabulary, cum_weights=weights, k=2))}"
        for section in sections:
            length = len(_WORD_RE.findall(section.text))
            length = max(1, round(length * rng.uniform(0.7, 1.3))) if length else 0
            text = " ".join(rng.choices(vocabulary, cum_weights=weights, k=length))
            corpus.append(replace(section, doc_id=doc_id, title=title, text=text))
    return corpus


def _chain(texts: Sequence[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Return the word stream and a bigram successor table (frequency-weighted lists)."""
    stream: list[str] = []
    for text in texts:
        stream.extend(_WORD_RE.findall(text))
    successors: dict[str, list[str]] = {}
    for first, second in zip(stream, stream[1:], strict=False):
        successors.setdefault(first, []).append(second)
    return stream, successors


def _babble(rng: random.Random, stream: list[str], successors: dict[str, list[str]], count: int) -> str:
    """Return ``count`` words of bigram-chain text, jumping elsewhere now and then."""
    if not stream or count <= 0:
        return ""
    word = rng.choice(stream)
    words = [word]
    for _ in range(count - 1):
        following = successors.get(word)
        # Random jumps keep the text from replaying long stretches of the source verbatim.
        word = rng.choice(following) if following and rng.random() > 0.08 else rng.choice(stream)
        words.append(word)
    return " ".join(words)


def synthetic_corpus(
    documents: Sequence[IndexDocument], factor: int = 100, seed: int = 1234
) -> list[IndexDocument]:
    """Return ``factor`` synthetic documents per real one, deterministic for a given seed.

    Each synthetic document copies the shape of a real one (kind, category, audience,
    keywords, section headings and anchors, section lengths ±30 %) and fills the sections with
    bigram-chain text learnt from all the real sections, so vocabulary and word frequencies
    stay realistic. The first copy keeps the real title; later copies append a few words.
    """
    rng = random.Random(seed)
    by_doc: dict[str, list[IndexDocument]] = {}
    for doc in documents:
        by_doc.setdefault(doc.doc_id, []).append(doc)
    templates = list(by_doc.values())
    if not templates or factor <= 0:
        return []
    stream, successors = _chain([d.text for d in documents])
    heads = [w for d in documents for w in _WORD_RE.findall(f"{d.title} {d.section}")]
    corpus: list[IndexDocument] = []
    for copy in range(factor):
        for sections in templates:
            doc_id = f"{sections[0].doc_id}-S{copy:03d}" if factor > 1 else sections[0].doc_id
            title = sections[0].title
            if copy:
                title = f"{title} ({' '.join(rng.choice(heads) for _ in range(2))})"
            for section in sections:
                length = len(_WORD_RE.findall(section.text))
                length = max(1, round(length * rng.uniform(0.7, 1.3))) if length else 0
                corpus.append(
                    replace(
                        section,
                        doc_id=doc_id,
                        title=title,
                        text=_babble(rng, stream, successors, length),
                    )
                )
    return corpus


def fts5_query(text: str) -> str:
    """Return an FTS5 MATCH expression for user text: AND of quoted words, last one a prefix."""
    words = re.findall(r"[^\W_]+", text)
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    if not text[-1].isspace() and not text.endswith('"'):
        quoted[-1] += "*"
    return " ".join(quoted)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return p50 * 1000, p95 * 1000


def _time_fts5(documents: Sequence[IndexDocument], repeats: int) -> tuple[float, float] | None:
    """Time `BENCH_QUERIES` on an FTS5 (porter) table of the same sections, best per doc."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute(
            "CREATE VIRTUAL TABLE fts USING fts5(doc_id UNINDEXED, title, section, keywords, "
            "body, tokenize='porter unicode61')"
        )
    except sqlite3.OperationalError:
        return None  # SQLite built without FTS5
    connection.executemany(
        "INSERT INTO fts VALUES (?, ?, ?, ?, ?)",
        ((d.doc_id, d.title, d.section, " ".join(d.keywords), d.text) for d in documents),
    )
    sql = (
        # LIMIT -1 keeps SQLite from flattening the subquery (bm25 cannot run in an aggregate).
        "SELECT doc_id, MIN(score) AS best FROM (SELECT doc_id, "
        "bm25(fts, 0.0, 4.0, 2.5, 3.0, 1.0) AS score FROM fts WHERE fts MATCH ? LIMIT -1) "
        "GROUP BY doc_id ORDER BY best LIMIT 20"
    )
    samples: list[float] = []
    for text in BENCH_QUERIES:
        expression = fts5_query(text)
        if not expression:
            continue
        connection.execute(sql, (expression,)).fetchall()  # warm-up
        for _ in range(repeats):
            start = time.perf_counter()
            connection.execute(sql, (expression,)).fetchall()
            samples.append(time.perf_counter() - start)
    connection.close()
    return _percentiles(samples) if samples else None


def run_benchmark(
    documents: Sequence[IndexDocument],
    synonyms: Mapping[str, Sequence[str]],
    workdir: Path,
    *,
    repeats: int = 20,
) -> dict[str, Any]:
    """Build, open and query an index of ``documents`` in ``workdir``; return timings.

    Every query of `BENCH_QUERIES` is run once to warm up, then ``repeats`` times; the
    percentiles are over all those runs. The FTS5 figures time the same queries (AND of words,
    prefix on the last) on an in-memory FTS5 table with the porter tokenizer, built in the same
    run from the same sections.

    Returns:
        ``docs`` (distinct documents), ``sections``, ``queries``, ``index_build_s``,
        ``open_ms``, ``search_p50_ms``, ``search_p95_ms``, ``typo_p50_ms``, ``typo_p95_ms``
        (`TYPO_QUERIES` only), ``vocabulary_words``, ``fts5_p50_ms`` and ``fts5_p95_ms`` (the
        FTS5 pair is ``None`` if SQLite lacks FTS5).
    """
    directory = Path(workdir) / "index"
    start = time.perf_counter()
    build_index(documents, directory, synonyms=synonyms)
    build_s = time.perf_counter() - start
    start = time.perf_counter()
    searcher = open_index(directory)
    open_ms = (time.perf_counter() - start) * 1000
    samples: list[float] = []
    typo_samples: list[float] = []
    try:
        for queries, into in ((BENCH_QUERIES, samples), (TYPO_QUERIES, typo_samples)):
            for text in queries:
                searcher.search(text)  # warm-up: filter and highlight caches, OS page cache
                for _ in range(repeats):
                    start = time.perf_counter()
                    searcher.search(text)
                    into.append(time.perf_counter() - start)
        vocabulary = len(searcher._vocabulary)  # noqa: SLF001 - same package, reported only
    finally:
        searcher.close()
    p50, p95 = _percentiles(samples)
    typo_p50, typo_p95 = _percentiles(typo_samples)
    fts5 = _time_fts5(documents, repeats)
    return {
        "docs": len({d.doc_id for d in documents}),
        "sections": len(documents),
        "queries": len(BENCH_QUERIES),
        "index_build_s": round(build_s, 3),
        "open_ms": round(open_ms, 2),
        "search_p50_ms": round(p50, 3),
        "search_p95_ms": round(p95, 3),
        "typo_p50_ms": round(typo_p50, 3),
        "typo_p95_ms": round(typo_p95, 3),
        "vocabulary_words": vocabulary,
        "fts5_p50_ms": round(fts5[0], 3) if fts5 else None,
        "fts5_p95_ms": round(fts5[1], 3) if fts5 else None,
    }
