"""Score query clauses against the index, term at a time.

Whoosh stores the index (term dictionary, posting lists, stored fields); scoring is done here.
Whoosh's own matchers walk a tree of Python objects per posting: at 100x content a two-word
query with a prefix cost 340 ms. Reading each posting list once, block by block (the blocks
are decoded in C), and accumulating BM25 scores in dictionaries costs a fraction of that, and
gives the AND and the OR result sets in one pass: a document matches a clause if it is in that
clause's score dictionary, so AND is a set intersection, done in C.

Scoring is BM25 per field (k1 = 1.2, b = 0.75), the field scores weighted by the boosts in
`search.schema` and summed; a document's score is that of its best section.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import TermNotFound

from search.analysis import PAIR_SEPARATOR
from search.errors import IndexCorrupt
from search.query import ROLE_WEIGHTS, Clause, required_clauses
from search.schema import FIELD_BOOSTS, HEAD_FIELDS, PAIR_BOOSTS, TEXT_FIELDS
from search.vocabulary import Catalog

__all__ = ["FALLBACK_BELOW", "Engine", "Ranking"]

#: OR-only documents are added below the AND ones when fewer documents than this match every
#: clause.
FALLBACK_BELOW = 3
#: A plain word found in more than this share of all documents is common (`_soften_common`).
COMMON_FRACTION = 0.5
_K1 = 1.2
_B = 0.75
_TEXT_BOOSTS = tuple((name, FIELD_BOOSTS[name]) for name in TEXT_FIELDS)
_HEAD_BOOSTS = tuple((name, FIELD_BOOSTS[name]) for name in HEAD_FIELDS)
_PAIR_BOOSTS = tuple(PAIR_BOOSTS.items())

#: Fields that are the same in every section of a document.
_DOCUMENT_FIELDS = frozenset({"id", "title", "keywords"})

Postings = tuple[Sequence[int], Sequence[float]]
Ranked = list[tuple[float, int]]


def _read_blocks(matcher: W3LeafMatcher, ids: list[int], weights: list[float]) -> None:
    """Append every posting of a whoosh3 block matcher to ``ids`` and ``weights``.

    This reads the block tuples of the whoosh-reloaded 2.7.5 codec (pinned) directly: its own
    decoding rebuilds ids and weights through Python generators, several times slower than
    `accumulate` and list repetition, which run in C. A block's data is ``(ids, weights,
    values)``: ids delta-encoded unless ``_byteids``; weights ``None`` (all 1.0), one float (all
    equal) or one per posting.
    """
    # noqa below: private attributes of the pinned codec, see the docstring.
    while matcher.is_active():
        if matcher._data is None:  # noqa: SLF001
            matcher._read_data()  # noqa: SLF001
        block_ids, block_weights = matcher._data[0], matcher._data[1]  # noqa: SLF001
        count = matcher._blocklength  # noqa: SLF001
        ids.extend(block_ids if matcher._byteids else accumulate(block_ids))  # noqa: SLF001
        if block_weights is None:
            weights.extend(repeat(1.0, count))
        elif isinstance(block_weights, float):
            weights.extend(repeat(block_weights, count))
        else:
            weights.extend(block_weights)
        matcher._next_block()  # noqa: SLF001


@dataclass(slots=True)
class ClauseMatch:
    """Sections matching one clause: scores, and which matched by document field or heading."""

    scores: dict[int, float] = field(default_factory=dict)
    document: set[int] = field(default_factory=set)
    heading: set[int] = field(default_factory=set)


class Engine:
    """Evaluates clauses on one open Whoosh reader; not thread-safe (the `Searcher` locks)."""

    def __init__(self, reader: Any, catalog: Catalog, where: Path | str) -> None:  # noqa: ANN401
        """Use ``reader`` for postings, ``catalog`` for lengths; ``where`` names it in errors."""
        self._reader = reader
        self._where = where
        self._catalog = catalog
        self._sections = max(1, catalog.sections)
        self._norms: dict[str, Sequence[float]] = {}
        self._doc_of: array[int] | None = None

    # Postings -----------------------------------------------------------------------------

    def postings(self, field_name: str, term: str) -> Postings:
        """Return (section numbers, term frequencies) of ``term`` in ``field``; empty if absent.

        Raises:
            IndexCorrupt: the posting list cannot be read.
        """
        ids: list[int] = []
        weights: list[float] = []
        try:
            matcher = self._reader.postings(field_name, term)
            if isinstance(matcher, W3LeafMatcher):
                _read_blocks(matcher, ids, weights)
            else:
                # Inline posting lists (single postings) and any other matcher type.
                while matcher.is_active():
                    ids.append(matcher.id())
                    weights.append(matcher.weight())
                    matcher.next()
        except TermNotFound:
            return (), ()
        except Exception as exc:  # noqa: BLE001 - damaged data raises anything (errors.py)
            where = f"{field_name}:{term!r}"
            raise IndexCorrupt(self._where, f"cannot read {where} ({exc!r})") from exc
        if len(ids) != len(weights) or (ids and ids[-1] >= self._sections):
            where = f"{field_name}:{term!r}"
            raise IndexCorrupt(self._where, f"the postings of {where} are inconsistent")
        return ids, weights

    def section_set(self, field_name: str, value: str) -> set[int]:
        """Return the sections having ``value`` in an unscored field (kind, category...)."""
        return set(self.postings(field_name, value)[0])

    def _norm(self, field_name: str) -> Sequence[float]:
        """Return k1 * (1 - b + b * length / average length) per section, computed once."""
        norm = self._norms.get(field_name)
        if norm is None:
            lengths = self._catalog.lengths.get(field_name)
            if not lengths:
                norm = [_K1] * self._sections
            else:
                average = max(sum(lengths) / len(lengths), 1.0)
                scale = _K1 * _B / average
                base = _K1 * (1 - _B)
                norm = [base + scale * length for length in lengths]
            self._norms[field_name] = norm
        return norm

    def _add_term(
        self,
        scores: dict[int, float],
        field_name: str,
        term: str,
        boost: float,
        matched: set[int] | None = None,
        idf_cap: float | None = None,
    ) -> None:
        """Add one term's BM25 contribution, times ``boost``, to ``scores``.

        The sections found are also added to ``matched`` when given. ``idf_cap`` bounds the
        term's rarity weight (a prefix expansion is never rarer than the word typed).
        """
        ids, weights = self.postings(field_name, term)
        if not ids:
            return
        if matched is not None:
            matched.update(ids)
        idf = self._idf(len(ids))
        if idf_cap is not None:
            idf = min(idf, idf_cap)
        factor = boost * idf * (_K1 + 1)
        norm = self._norm(field_name)
        get = scores.get
        for section, tf in zip(ids, weights, strict=True):
            scores[section] = get(section, 0.0) + factor * tf / (tf + norm[section])

    def _idf(self, df: int) -> float:
        return math.log(1 + (self._sections - df + 0.5) / (df + 0.5))

    def _exact_idf(self, term: str, fields: Sequence[tuple[str, float]]) -> dict[str, float]:
        """Return the idf cap per field for the expansions of the typed word ``term``.

        In a field holding the word itself, its own idf; in the others, its lowest idf
        anywhere. Empty when the typed word occurs nowhere (a true prefix: no cap).
        """
        counts = {name: len(self.postings(name, term)[0]) for name, _ in fields}
        present = {name: self._idf(df) for name, df in counts.items() if df}
        if not present:
            return {}
        lowest = min(present.values())
        return {name: present.get(name, lowest) for name, _ in fields}

    def _add_phrase(self, match: ClauseMatch, pairs: Sequence[str]) -> None:
        """Add sections containing every word pair (in any pair field) to ``match``.

        Pair fields mix headings and document fields, so which of those matched is found from
        the phrase's single words: all of them in the heading, or all in the document fields.
        """
        per_pair: list[dict[int, float]] = []
        for pair_term in pairs:
            found: dict[int, float] = {}
            for field_name, boost in _PAIR_BOOSTS:
                self._add_term(found, field_name, pair_term, boost)
            if not found:
                return
            per_pair.append(found)
        common = set(per_pair[0]).intersection(*per_pair[1:])
        scores = match.scores
        get = scores.get
        for found in per_pair:
            for section in common:
                scores[section] = get(section, 0.0) + found[section]
        units = [p.split(PAIR_SEPARATOR)[0] for p in pairs] + pairs[-1].split(PAIR_SEPARATOR)[1:]
        heading = set(common)
        document = set(common)
        for unit in units:
            heading.intersection_update(self.postings("section", unit)[0])
            in_document: set[int] = set()
            for field_name in _DOCUMENT_FIELDS:
                in_document.update(self.postings(field_name, unit)[0])
            document &= in_document
        match.heading |= heading
        match.document |= document

    def clause_scores(self, clause: Clause) -> ClauseMatch:
        """Return the sections matching any alternative of ``clause``, with their scores."""
        match = ClauseMatch()
        scores = match.scores
        caps = self._exact_idf(clause.exact, _TEXT_BOOSTS) if clause.exact else {}
        for terms, fields in ((clause.terms, _TEXT_BOOSTS), (clause.head_terms, _HEAD_BOOSTS)):
            for term, weight in terms.items():
                for field_name, boost in fields:
                    found = match.heading if field_name == "section" else None
                    if field_name in _DOCUMENT_FIELDS:
                        found = match.document
                    cap = caps.get(field_name) if term != clause.exact else None
                    self._add_term(scores, field_name, term, boost * weight, found, cap)
        for alternative in clause.phrases:
            self._add_phrase(match, alternative)
        if clause.factor != 1.0:
            factor = clause.factor
            match.scores = {s: v * factor for s, v in scores.items()}
        return match

    # Ranking --------------------------------------------------------------------------------

    def doc_of(self, section: int) -> int:
        """Return the document number (index into ``catalog.doc_ids``) of a section."""
        if self._doc_of is None:
            doc_of = array("I")
            starts = [*self._catalog.doc_starts, self._catalog.sections]
            for doc, (start, end) in enumerate(zip(starts, starts[1:], strict=False)):
                doc_of.extend([doc] * (end - start))
            self._doc_of = doc_of
        return self._doc_of[section]

    def _best_per_document(
        self, sections: set[int], total: dict[int, float], limit: int, exclude: set[int]
    ) -> Ranked:
        """Return (score, best section) of the top ``limit`` documents among ``sections``.

        Takes the best sections first (heapq with a C key) and widens the window until it
        holds ``limit`` documents: a document's sections often score alike (they share the
        title), so the window may need several sections per document.
        """
        if limit <= 0:
            return []
        doc_of = self.doc_of
        window = limit * 4
        while True:
            top = heapq.nlargest(window, sections, key=total.__getitem__)
            top.sort(key=lambda s: (-total[s], s))  # ties: the lower section first, stably
            best: dict[int, int] = {}
            for section in top:
                doc = doc_of(section)
                if doc not in best and doc not in exclude:
                    best[doc] = section
                    if len(best) == limit:
                        break
            if len(best) == limit or window >= len(sections):
                return [(total[section], section) for section in best.values()]
            window *= 4

    def _landing(self, section: int, matches: Sequence[ClauseMatch]) -> int:
        """Return the section a hit should open at, given its best-scoring section.

        When every clause matched the document's title, id or keywords, the whole document is
        about the query: open it at its first section, or at the best section whose heading
        matched. Otherwise a keyword-dense section (typically References) would win on body
        text alone and open the document at its bibliography.
        """
        if not all(section in m.document for m in matches):
            return section
        doc = self.doc_of(section)
        first = self._catalog.doc_starts[doc]
        starts = self._catalog.doc_starts
        end = starts[doc + 1] if doc + 1 < len(starts) else self._catalog.sections
        headed = [
            (sum(m.scores.get(s, 0.0) for m in matches), -s)
            for s in range(first, end)
            if any(s in m.heading for m in matches)
        ]
        return -max(headed)[1] if headed else first

    def _soften_common(self, clauses: Sequence[Clause], matches: list[ClauseMatch]) -> None:
        """Make plain words found in most documents optional when rarer required words are typed.

        In a clinic handbook "infusion", "during" and "patient" are everywhere: required, they
        hide the one page with the rare word the nurse typed ("agitated"), and they outscore it
        by title matches alone. Like a common-terms query, they then only add (less) score.
        Words that stand for a concept of the vocabulary (synonyms) are never softened.
        """
        documents = len(self._catalog.doc_ids)
        if documents < 4:
            return
        limit = COMMON_FRACTION * documents
        required = required_clauses(clauses)
        common = []
        for clause, match, needed in zip(clauses, matches, required, strict=True):
            is_common = needed and clause.role == "word" and len(match.scores) > limit
            if is_common:
                is_common = len({self.doc_of(s) for s in match.scores}) > limit
            common.append(is_common)
        if not any(common) or not any(n and not c for n, c in zip(required, common, strict=True)):
            return
        weight = ROLE_WEIGHTS["common"]
        for clause, match, is_common in zip(clauses, matches, common, strict=True):
            if is_common:
                clause.role = "common"
                match.scores = {s: v * weight for s, v in match.scores.items()}

    def rank(self, clauses: Sequence[Clause], limit: int, allow: set[int] | None) -> Ranking:
        """Return the top ``limit`` documents, best first, with the per-clause matches.

        A document scores as its best section. Documents matching every required clause come
        first; documents matching only some are added below them, with scores scaled under the
        last AND score, when fewer than `FALLBACK_BELOW` documents match every required clause.
        Optional clauses (`search.query.required_clauses`) only add their scores.
        """
        matches = [self.clause_scores(clause) for clause in clauses]
        self._soften_common(clauses, matches)
        required = required_clauses(clauses)
        per_clause = [m.scores for m in matches]
        if allow is not None:
            per_clause = [{s: v for s, v in c.items() if s in allow} for c in per_clause]
        per_all = per_clause
        bonus = [c for c, needed in zip(per_clause, required, strict=True) if not needed]
        per_clause = sorted((c for c, needed in zip(per_clause, required, strict=True) if needed), key=len)
        first, others = per_clause[0], per_clause[1:]
        every = set(first).intersection(*others)
        # Sum scores for the AND sections only; the union is summed only if the OR tier is needed.
        total = {s: first[s] + sum(c[s] for c in others) for s in every} if others else dict(first)
        _add_bonus(total, bonus)
        found = self._best_per_document(every, total, limit, set())
        # Numbers are optional next to words, but a section with the number typed is a fair
        # partial match ("emesis 180/100"): the OR tier includes them.
        numbers = [c for c, clause in zip(per_all, clauses, strict=True) if clause.role == "number"]
        if len(found) < FALLBACK_BELOW and (others or numbers):
            total = dict(first)
            for scores in others:
                get = total.get
                for section, score in scores.items():
                    total[section] = get(section, 0.0) + score
            for scores in numbers:
                for section in scores:
                    total.setdefault(section, 0.0)
            _add_bonus(total, bonus)
            seen = {self.doc_of(section) for _, section in found}
            extra = self._best_per_document(total.keys() - every, total, limit - len(found), seen)
            if found and extra and extra[0][0] >= found[-1][0]:
                scale = found[-1][0] * 0.999 / extra[0][0]
                extra = [(score * scale, section) for score, section in extra]
            found += extra
        needed_matches = [m for m, needed in zip(matches, required, strict=True) if needed]
        hits = [(score, self._landing(section, needed_matches), section) for score, section in found]
        return Ranking(hits, matches)


def _add_bonus(total: dict[int, float], bonus: Sequence[dict[int, float]]) -> None:
    """Add the scores of optional clauses to the sections already in ``total``."""
    for scores in bonus:
        for section, score in scores.items():
            if section in total:
                total[section] += score


@dataclass(frozen=True, slots=True)
class Ranking:
    """What `Engine.rank` found.

    Attributes:
        hits: (score, landing section, best-scoring section) per document, best first.
        matches: The sections matching each clause, in clause order (for explanations).
    """

    hits: list[tuple[float, int, int]]
    matches: list[ClauseMatch]
