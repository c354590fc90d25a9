"""Qt-free services the app and the CLI share: find or rebuild the search index for a library.

The index is read-only at run time. The bundled index is used when its fingerprint matches the
content; otherwise a copy in the user's cache folder is used or rebuilt (the install folder may be
read-only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import search
from handbook import paths
from handbook.errors import SearchIndexError
from handbook.library.catalog import Library
from handbook.library.indexing import content_fingerprint, glossary_synonyms, index_documents


@dataclass(frozen=True, slots=True)
class IndexPlan:
    """What the index for a library must contain, and its fingerprint (from the documents' text)."""

    library: Library
    synonyms: dict[str, list[str]]
    fingerprint: str

    @property
    def documents(self) -> tuple[search.IndexDocument, ...]:
        """The search records, one per section: made on each call, only builds need them."""
        return tuple(index_documents(self.library))


def plan_index(library: Library) -> IndexPlan:
    """The synonyms and fingerprint of the index this library needs (no sections are computed)."""
    synonyms = glossary_synonyms(library)
    return IndexPlan(library, synonyms, content_fingerprint(library, synonyms))


def open_existing_index(
    plan: IndexPlan, candidates: tuple[Path, ...] | None = None
) -> search.Searcher | None:
    """The first index among candidates (bundled, then cache) that matches the plan, or None."""
    for directory in candidates or (paths.bundled_index_dir(), paths.cache_index_dir()):
        try:
            return search.open_index(directory, expected_fingerprint=plan.fingerprint)
        except search.IndexUnavailable:
            continue
    return None


def rebuild_index(
    plan: IndexPlan, directory: Path | None = None, progress: Callable[[int, int], None] | None = None
) -> search.Searcher:
    """Build the index into the cache folder (atomically) and open it."""
    target = directory or paths.cache_index_dir()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        search.build_index(
            plan.documents, target, synonyms=plan.synonyms, progress=progress, fingerprint=plan.fingerprint
        )
        return search.open_index(target, expected_fingerprint=plan.fingerprint)
    except (OSError, search.IndexUnavailable) as exc:
        raise SearchIndexError(f"cannot build the search index: {exc}", target) from exc


def open_or_rebuild(library: Library, index_dir: Path | None = None) -> tuple[search.Searcher, bool]:
    """A searcher for the library; True when it had to be rebuilt.

    Looks in `index_dir` (an installed pack's index) or the bundled index, then the cache.
    """
    plan = plan_index(library)
    found = open_existing_index(plan, ((index_dir or paths.bundled_index_dir()), paths.cache_index_dir()))
    if found is not None:
        return found, False
    return rebuild_index(plan), True
