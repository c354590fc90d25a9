"""Typo-tolerant matching of short labels (document ids and titles) for a quick-open palette.

The palette's exact matcher lives with the library; this is its fallback when nothing matches
exactly: "dischrage" still finds "Discharge check", "SOP-MNO" still finds "SOP-MON-001".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz.distance import OSA

__all__ = ["typo_matches"]

_WORD_RE = re.compile(r"[^\W_]+")


def _allowed(word: str) -> int:
    """Edits allowed for a typed word: none below 3 letters, 1 up to 6, 2 from 7."""
    if len(word) < 3:
        return 0
    return 1 if len(word) < 7 else 2


def _distance(word: str, label_words: Sequence[str]) -> int | None:
    """Return the fewest edits from ``word`` to a label word or its beginning, None if too many."""
    limit = _allowed(word)
    best: int | None = None
    for candidate in label_words:
        distance = OSA.distance(word, candidate, score_cutoff=limit)
        if len(candidate) > len(word):
            distance = min(distance, OSA.distance(word, candidate[: len(word)], score_cutoff=limit))
        if distance <= limit and (best is None or distance < best):
            best = distance
    return best


def typo_matches(text: str, labels: Sequence[tuple[str, str]], limit: int = 20) -> list[int]:
    """Return indexes of ``labels`` ((id, title) pairs) matching ``text`` with typos, best first.

    Every typed word must be within a few edits of a word of the id or title, or of its
    beginning (as typed so far). Fewer edits rank first, then the title in alphabetical order.
    """
    words = _WORD_RE.findall(text.casefold())
    if not words:
        return []
    ranked: list[tuple[int, str, int]] = []
    for index, (doc_id, title) in enumerate(labels):
        label_words = _WORD_RE.findall(f"{doc_id} {title}".casefold())
        total = 0
        for word in words:
            distance = _distance(word, label_words)
            if distance is None:
                break
            total += distance
        else:
            ranked.append((total, title.casefold(), index))
    ranked.sort()
    return [index for _, _, index in ranked[:limit]]
