"""The public `Searcher`: user text in, one `SearchHit` per document out."""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from whoosh.index import Index

from search.documents import Reason, SearchHit
from search.engine import Engine, Ranking
from search.errors import reading_index
from search.lexicon import Lexicon
from search.query import Clause, SynonymTable, parse_query, required_clauses, resolve_clauses
from search.snippet import highlight_pattern, make_snippet, word_base
from search.vocabulary import Catalog

__all__ = ["EVERYONE", "Searcher"]

#: Audience value indexed for documents that name no audience: they are for every role.
EVERYONE = "*"
_IN_MEMORY = "<in memory>"
_FILTER_CACHE_SIZE = 64


class Searcher:
    """A read-only view of one index; open it once and reuse it for every query.

    Searches are serialised by a lock, so one `Searcher` may be shared between threads (a
    newer query waits for the running one, which takes milliseconds).
    """

    def __init__(
        self,
        ix: Index,
        catalog: Catalog,
        synonyms: Mapping[str, Sequence[str]],
        *,
        path: Path | None = None,
        fingerprint: str | None = None,
    ) -> None:
        """Wrap an open Whoosh index; `open_index` and `ram_index` are the usual constructors.

        ``path`` names the index in errors; ``fingerprint`` is reported by `fingerprint`.
        """
        self._where: Path | str = path or _IN_MEMORY
        with reading_index(self._where):
            self._searcher: Any = ix.searcher()
            if catalog.sections:
                # Whoosh opens the stored-fields file on first use; open it now, so a searcher
                # keeps working (POSIX) after a rebuild has replaced the folder under it.
                self._searcher.stored_fields(0)
        self._engine = Engine(self._searcher.reader(), catalog, self._where)
        self._catalog = catalog
        self._vocabulary = catalog.vocabulary
        self._lexicon = Lexicon.from_mapping(synonyms)
        self._synonyms = SynonymTable(self._lexicon.synonyms, self._lexicon.see)
        self._fingerprint = fingerprint
        self._filters: dict[tuple[str, str, str], set[int]] = {}
        self._words_by_term: dict[str, list[str]] | None = None
        self._lock = threading.Lock()

    @property
    def doc_count(self) -> int:
        """Number of distinct documents (not sections) in the index."""
        return len(self._catalog.doc_ids)

    @property
    def fingerprint(self) -> str | None:
        """Fingerprint the index was built with (``None`` for an in-memory index)."""
        return self._fingerprint

    def close(self) -> None:
        """Release the index files; later searches raise `ValueError`. Safe to call twice."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    def __enter__(self) -> Searcher:
        """Return self; the searcher is closed on leaving the block."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close the searcher."""
        self.close()

    def search(
        self,
        text: str,
        *,
        limit: int = 20,
        kind: str | None = None,
        category: str | None = None,
        audience: str | None = None,
        explain: bool = False,
    ) -> list[SearchHit]:
        """Return up to ``limit`` documents matching ``text``, best first, one hit each.

        Any string is accepted: double quotes make a phrase, the last word (with no space after
        it) also matches as a prefix, and everything else is plain words. Documents with every
        word rank above documents with only some; the latter are listed only when fewer than
        `search.engine.FALLBACK_BELOW` documents have every word. A word found nowhere is
        replaced by its closest spellings. ``None`` or ``""`` filters do not filter; an
        ``audience`` filter keeps documents naming that role and documents naming none.
        With ``explain``, each hit's ``why`` lists what every clause of the query added to
        its score.

        Raises:
            IndexCorrupt: the index files turned out to be damaged while being read.
            ValueError: the searcher has been closed.
        """
        if limit <= 0:
            return []
        with self._lock:
            if self._searcher is None:
                raise ValueError("search on a closed Searcher")
            return self._search(text, limit, kind or "", category or "", audience or "", explain)

    def _search(
        self, text: str, limit: int, kind: str, category: str, audience: str, explain: bool
    ) -> list[SearchHit]:
        clauses = parse_query(text, self._vocabulary, self._synonyms, self._lexicon)
        clauses = resolve_clauses(clauses, self._vocabulary, self._pair_exists)
        if not clauses:
            return []
        allow = self._allowed(kind, category, audience)
        if allow is not None and not allow:
            return []
        ranking = self._engine.rank(clauses, limit, allow)
        pattern = self._highlighter(clauses)
        hits = []
        for score, section, best in ranking.hits:
            why = self._reasons(clauses, ranking, best) if explain else ()
            hits.append(self._hit(score, section, pattern, why))
        return hits

    def _reasons(self, clauses: list[Clause], ranking: Ranking, section: int) -> tuple[Reason, ...]:
        """Return what each clause added to the score of ``section`` (the hit's best section)."""
        required = required_clauses(clauses)
        reasons = []
        for clause, match, needed in zip(clauses, ranking.matches, required, strict=True):
            alternatives = sorted({w for words in clause.sources.values() for w in words})
            alternatives += [" ".join(units) for units in clause.highlight_phrases()]
            reasons.append(
                Reason(
                    words=clause.label,
                    role=clause.role if not needed or clause.optional else "required",
                    score=round(match.scores.get(section, 0.0), 4),
                    matches=tuple(alternatives[:12]),
                    corrected=tuple(clause.corrected),
                )
            )
        return tuple(reasons)

    def _pair_exists(self, pair_term: str) -> bool:
        reader = self._searcher.reader()
        with reading_index(self._where):
            return any(reader.doc_frequency(f, pair_term) for f in ("head_pairs", "body_pairs"))

    def _allowed(self, kind: str, category: str, audience: str) -> set[int] | None:
        """Return the sections passing the filters (cached per searcher), or None."""
        if not (kind or category or audience):
            return None
        key = (kind, category, audience)
        allowed = self._filters.get(key)
        if allowed is None:
            engine = self._engine
            sets: list[set[int]] = []
            if kind:
                sets.append(engine.section_set("kind", kind))
            if category:
                sets.append(engine.section_set("category", category))
            if audience:
                sets.append(
                    engine.section_set("audience", audience) | engine.section_set("audience", EVERYONE)
                )
            allowed = sets[0].intersection(*sets[1:])
            if len(self._filters) >= _FILTER_CACHE_SIZE:
                self._filters.clear()  # only odd callers pass many distinct filter values
            self._filters[key] = allowed
        return allowed

    def _highlighter(self, clauses: list[Clause]) -> re.Pattern[str] | None:
        """Return a pattern matching every spelling of every term the clauses searched."""
        if self._words_by_term is None:
            vocabulary = self._vocabulary
            words_by_term: dict[str, list[str]] = {}
            for i in range(len(vocabulary)):
                words_by_term.setdefault(vocabulary.stem_of(i), []).append(vocabulary.word(i))
            self._words_by_term = words_by_term
        spellings = self._words_by_term
        words: list[str] = []
        phrases: list[list[list[str]]] = []
        # Filler and trailing stop words are not what the nurse looks for: not marked (unless
        # they are all there is), so the snippet centres on the clinical words.
        quiet: tuple[str, ...] = ("filler", "stop")
        if all(c.role in quiet for c in clauses):
            quiet = ()
        for clause in clauses:
            if clause.role in quiet:
                continue
            for term in clause.highlight_terms():
                found = spellings.get(term, ())
                sources = clause.sources.get(term)
                if sources:
                    # Whole words only: "emergence" shares a stem with "emergency" but is
                    # not the same word; its inflections ("vomits", "vomited") are.
                    bases = {word_base(w) for w in sources}
                    found = [w for w in found if word_base(w) in bases]
                words.extend(found)
            for units in clause.highlight_phrases():
                phrases.append([spellings.get(unit, [unit]) for unit in units])
        return highlight_pattern(words, phrases)

    def _hit(
        self, score: float, section: int, pattern: re.Pattern[str] | None, why: tuple[Reason, ...] = ()
    ) -> SearchHit:
        with reading_index(self._where):
            stored = self._searcher.stored_fields(section)
            if not isinstance(stored, dict):
                raise TypeError(f"stored fields of section {section} are a {type(stored).__name__}")

        def text(key: str) -> str:
            value = stored.get(key)
            return value if isinstance(value, str) else ""

        heading = text("section")
        return SearchHit(
            doc_id=text("doc_id"),
            title=text("title"),
            section=heading,
            anchor=text("anchor"),
            score=score,
            snippet=make_snippet(text("text") or heading, pattern),
            kind=text("kind"),
            category=text("category"),
            why=why,
        )
