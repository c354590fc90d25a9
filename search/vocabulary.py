"""The unstemmed spelling vocabulary of an index, for as-you-type prefixes and typo tolerance.

Prefix and fuzzy matching on stemmed terms go wrong (``hypertensi`` is no prefix of the stem
``hypertens``; a typo is closest to a stem, not to a word), so every word is kept as written
(folded), with its stem, the number of sections containing it and whether it occurs in a head
field (id, title, keywords, heading). Expansions then map back to stems and are searched as
ordinary terms, with their field boosts.

A sorted list and bisect make a prefix expansion cost microseconds. Typo correction compares
the typed word with every word of the same initial letter; the comparison runs in C
(RapidFuzz's optimal-string-alignment distance over the whole list at once), which keeps it to a
few milliseconds even with the 80,000-word vocabulary of a hospital's policy library, where a
Python edit distance per word cost 0.3-0.8 s.
"""

from __future__ import annotations

import heapq
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from search.analysis import stem

__all__ = ["Catalog", "Vocabulary", "VocabularyBuilder", "max_typos"]


def max_typos(word: str) -> int:
    """Return how many edits a typed word may be away from a vocabulary word.

    Short words get none (too many false friends), and words with digits get none: a typo
    tolerant ``180/100`` finding ``180/110`` would be a clinical error, not a convenience.
    """
    if not word.isalpha() or len(word) < 4:
        return 0
    return 1 if len(word) < 7 else 2


@dataclass(slots=True)
class VocabularyBuilder:
    """Collects words section by section while an index is built."""

    _df: dict[str, int] = field(default_factory=dict)
    _head: set[str] = field(default_factory=set)

    def add_section(self, head_words: Iterable[str], body_words: Iterable[str]) -> None:
        """Count the distinct words of one section; head words are remembered as such."""
        head = set(head_words)
        self._head |= head
        df = self._df
        for word in head.union(body_words):
            df[word] = df.get(word, 0) + 1

    def build(self) -> Vocabulary:
        """Return the finished vocabulary."""
        words = sorted(self._df)
        return Vocabulary(
            words,
            [stem(w) for w in words],
            [self._df[w] for w in words],
            [w in self._head for w in words],
        )


class Vocabulary:
    """Sorted words with their stems, section frequencies and head-field flags."""

    __slots__ = ("_df", "_head", "_stem_set", "_stems", "_words")

    def __init__(self, words: list[str], stems: list[str], df: list[int], head: list[bool]) -> None:
        """Wrap parallel lists; ``words`` must be sorted and unique."""
        self._words = words
        self._stems = stems
        self._df = df
        self._head = head
        self._stem_set = frozenset(stems)

    def __len__(self) -> int:
        """Return the number of distinct words."""
        return len(self._words)

    def has_term(self, term: str) -> bool:
        """Tell whether any section contains this index term (a stem or a compound)."""
        return term in self._stem_set

    def stem_of(self, index: int) -> str:
        """Return the index term of the word at ``index``."""
        return self._stems[index]

    def word(self, index: int) -> str:
        """Return the word at ``index``."""
        return self._words[index]

    def _range(self, prefix: str) -> range:
        words = self._words
        start = bisect_left(words, prefix)
        # U+10FFFF sorts after every character, so this is the end of the prefix block.
        end = bisect_left(words, prefix + "\U0010ffff", start)
        return range(start, end)

    def expand_prefix(self, prefix: str, *, limit: int, head_only: bool = False) -> list[int]:
        """Return indexes of the most frequent words starting with ``prefix``, at most ``limit``.

        With ``head_only``, only words that occur in a head field count: a one-letter prefix
        may then be expanded without touching the large body vocabulary.
        """
        if not prefix:
            return []
        words, head = self._words, self._head
        # A compound ("hypertension/tachycardia") is found through its parts already; offer
        # compounds only once the typed prefix itself has a joiner ("mg/k", "c-ss").
        compounds = not prefix.isalnum()
        candidates = [
            i for i in self._range(prefix) if (compounds or words[i].isalnum()) and (head[i] or not head_only)
        ]
        df = self._df
        if len(candidates) <= limit:
            return sorted(candidates, key=lambda i: -df[i])
        return heapq.nlargest(limit, candidates, key=df.__getitem__)

    def fuzzy(self, word: str, *, limit: int, as_prefix: bool = False) -> list[int]:
        """Return indexes of the closest words within `max_typos` edits, best first.

        Candidates share the first letter (most typos are later in the word, and it bounds the
        scan). With ``as_prefix`` the typed word may also be a misspelt beginning of a longer
        word, for a word still being typed. Ties go to the more frequent word.
        """
        limit_edits = max_typos(word)
        if not limit_edits:
            return []
        block = self._range(word[0])
        if not block:
            return []
        words, df = self._words, self._df
        candidates = words[block.start : block.stop]
        distances: dict[int, int] = {}
        for _, distance, offset in process.extract(
            word, candidates, scorer=OSA.distance, score_cutoff=limit_edits, limit=None
        ):
            distances[block.start + offset] = int(distance)
        length = len(word)
        if as_prefix:
            beginnings = [candidate[:length] for candidate in candidates]
            for _, distance, offset in process.extract(
                word, beginnings, scorer=OSA.distance, score_cutoff=limit_edits, limit=None
            ):
                i = block.start + offset
                if len(words[i]) > length and distance < distances.get(i, limit_edits + 1):
                    distances[i] = int(distance)
        scored = [(distance, -df[i], i) for i, distance in distances.items() if words[i] != word]
        return [i for _, _, i in heapq.nsmallest(limit, scored)]

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-serialisable form (stems equal to their word are stored as "")."""
        return {
            "words": self._words,
            "stems": [s if s != w else "" for w, s in zip(self._words, self._stems, strict=True)],
            "df": self._df,
            "head": "".join("1" if h else "0" for h in self._head),
        }

    @classmethod
    def from_json(cls, data: Any) -> Vocabulary:  # noqa: ANN401 - parsed JSON of any shape
        """Rebuild a vocabulary from `to_json` output; raise ValueError if it is malformed."""
        try:
            words, stems, df, head = data["words"], data["stems"], data["df"], data["head"]
        except (KeyError, TypeError) as exc:
            raise ValueError(f"vocabulary is missing {exc}") from exc
        if not (
            isinstance(words, list)
            and isinstance(stems, list)
            and isinstance(df, list)
            and isinstance(head, str)
            and len(words) == len(stems) == len(df) == len(head)
            and all(isinstance(w, str) and w for w in words)
            and all(isinstance(s, str) for s in stems)
            and all(isinstance(n, int) for n in df)
            and all(a < b for a, b in zip(words, words[1:], strict=False))
        ):
            raise ValueError("vocabulary lists are malformed")
        return cls(
            words,
            [s or w for w, s in zip(words, stems, strict=True)],
            df,
            [c == "1" for c in head],
        )


@dataclass(frozen=True, slots=True)
class Catalog:
    """What the searcher needs besides the Whoosh index.

    Attributes:
        vocabulary: The spelling vocabulary.
        doc_ids: Document ids in index order.
        doc_starts: Number of the first section of each document. Sections of a document are
            contiguous, so section ``n`` belongs to ``doc_ids[bisect_right(doc_starts, n) - 1]``.
        sections: Number of sections.
        lengths: Field name → number of terms of that field in each section (BM25 lengths).
    """

    vocabulary: Vocabulary
    doc_ids: list[str]
    doc_starts: list[int]
    sections: int
    lengths: dict[str, array[int]]

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-serialisable form of everything but the lengths."""
        return {
            "vocabulary": self.vocabulary.to_json(),
            "doc_ids": self.doc_ids,
            "doc_starts": self.doc_starts,
            "sections": self.sections,
            "length_fields": sorted(self.lengths),
        }

    def lengths_bytes(self) -> bytes:
        """Return the lengths as little-endian unsigned 16-bit integers, fields in name order."""
        data = array("H")
        for field_name in sorted(self.lengths):
            data.extend(self.lengths[field_name])
        if sys.byteorder == "big":
            data.byteswap()
        return data.tobytes()
