"""Build an index: on disk (temp folder, stamp, atomic swap) or in memory.

Whoosh allows one writer at a time and a half-written index is useless, so a build never
touches the live folder: it writes a complete index beside it, stamps it, and only then swaps
it in. A failed build leaves the previous index exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import uuid
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage, RamStorage

from search.analysis import Analysis, analyze
from search.documents import IndexDocument
from search.schema import SCHEMA_VERSION, SCORED_FIELDS, make_schema
from search.searcher import EVERYONE, Searcher
from search.store import (
    CATALOG_FILE,
    INDEX_NAME,
    LENGTHS_FILE,
    STAMP_FILE,
    file_digests,
    make_stamp,
    write_json,
)
from search.vocabulary import Catalog, VocabularyBuilder

__all__ = ["build_index", "index_fingerprint", "ram_index"]

Progress = Callable[[int, int], None]

#: Whoosh spills postings to temporary files beyond this; real content stays far below.
_WRITER_MB = 256
_MAX_LENGTH = 65535


def _in_order(documents: Iterable[IndexDocument]) -> list[IndexDocument]:
    """Return sections grouped by document id, each document's sections in the given order.

    The searcher relies on a document's sections being contiguous; sorting also makes the
    index (and the fingerprint) independent of the order documents were listed in.
    """
    return sorted(documents, key=lambda d: d.doc_id)


def index_fingerprint(documents: Sequence[IndexDocument], synonyms: Mapping[str, Sequence[str]]) -> str:
    """Return a SHA-256 hex digest of everything an index is built from.

    Covers `SCHEMA_VERSION`, every field of every section and the synonyms. Independent of the
    order of documents and of synonym keys; sensitive to the order of sections within a document.
    """
    payload = [
        SCHEMA_VERSION,
        [
            [
                d.doc_id,
                d.anchor,
                d.title,
                d.section,
                d.text,
                list(d.keywords),
                d.kind,
                d.category,
                list(d.audience),
            ]
            for d in _in_order(documents)
        ],
        sorted([key, list(values)] for key, values in synonyms.items()),
    ]
    encoded = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


class _DocumentCache:
    """Analysis of the per-document fields, shared by all sections of one document."""

    def __init__(self) -> None:
        self._key: tuple[Any, ...] | None = None
        self._value: tuple[Analysis, Analysis, list[Analysis]] | None = None

    def get(self, doc: IndexDocument) -> tuple[Analysis, Analysis, list[Analysis]]:
        key = (doc.doc_id, doc.title, doc.keywords)
        if key != self._key or self._value is None:
            self._key = key
            self._value = (
                analyze(doc.doc_id),
                analyze(doc.title),
                [analyze(k) for k in doc.keywords],
            )
        return self._value


def _write_sections(
    writer: Any,  # noqa: ANN401 - whoosh.writing.SegmentWriter
    documents: list[IndexDocument],
    progress: Progress | None,
) -> Catalog:
    """Add every section to ``writer`` and return the catalog describing them."""
    vocabulary = VocabularyBuilder()
    lengths = {name: array("H") for name in SCORED_FIELDS}
    doc_ids: list[str] = []
    doc_starts: list[int] = []
    cache = _DocumentCache()
    total = len(documents)
    step = max(1, total // 100)
    for number, doc in enumerate(documents):
        if not doc_ids or doc_ids[-1] != doc.doc_id:
            doc_ids.append(doc.doc_id)
            doc_starts.append(number)
        id_terms, title, keywords = cache.get(doc)
        section, body = analyze(doc.section), analyze(doc.text)
        head_pairs = id_terms.pairs() + title.pairs() + section.pairs()
        keyword_terms: list[str] = []
        head_words = id_terms.words | title.words | section.words
        for keyword in keywords:
            head_pairs += keyword.pairs()
            keyword_terms += keyword.terms
            head_words |= keyword.words
        vocabulary.add_section(head_words, body.words)
        values = {
            "id": id_terms.terms,
            "title": title.terms,
            "section": section.terms,
            "keywords": keyword_terms,
            "body": body.terms,
            "head_pairs": head_pairs,
            "body_pairs": body.pairs(),
        }
        for name, terms in values.items():
            lengths[name].append(min(len(terms), _MAX_LENGTH))
        writer.add_document(
            doc_id=doc.doc_id,
            anchor=doc.anchor,
            text=doc.text,
            kind=doc.kind,
            category=doc.category,
            audience=list(doc.audience) or [EVERYONE],
            _stored_title=doc.title,
            _stored_section=doc.section,
            **values,
        )
        if progress is not None and (number + 1) % step == 0 and number + 1 < total:
            progress(number + 1, total)
    return Catalog(vocabulary.build(), doc_ids, doc_starts, len(documents), lengths)


def _codec() -> W3Codec:
    """Whoosh's codec with build-friendly settings (measured at 1,000 policy-length documents).

    Blocks are not zlib-compressed: most terms (word pairs above all) have one or two postings,
    whose pickled blocks are tiny, and decompressing costs every read too. (Inlining short
    posting lists in the term table would save more, but the pinned codec's inline path is
    broken: `W3TermInfo` has no ``set_inline``; inlinelimit stays 1, i.e. off.)
    """
    return W3Codec(blocklimit=128, compression=0, inlinelimit=1)


def _fill(ix: whoosh_index.Index, documents: list[IndexDocument], progress: Progress | None) -> Catalog:
    # Separate files, not one compound file: Whoosh copies a compound file's parts into memory
    # at open (200 ms and 200 MB at 100x content) but memory-maps separate ones.
    writer = ix.writer(limitmb=_WRITER_MB, compound=False, codec=_codec())
    try:
        catalog = _write_sections(writer, documents, progress)
    except BaseException:
        writer.cancel()
        raise
    # One segment: multi-segment indexes search several times slower (tech notes: fuzzy 380 ms).
    writer.commit(optimize=True)
    return catalog


class PrivateRamStorage(RamStorage):
    """An in-memory storage whose writer scratch files go to a fresh private folder.

    Whoosh's own RamStorage puts them in the shared `<tmp>/<index name>.tmp` and deletes that folder when
    done, so two in-memory builds running at once on one machine break each other.
    """

    def __init__(self) -> None:
        super().__init__()
        self.scratch = Path(tempfile.mkdtemp(prefix="handbook-search-"))

    def temp_storage(self, name: str | None = None) -> FileStorage:
        """A new, empty scratch storage under this build's own folder (`name` is ignored)."""
        del name
        return FileStorage(tempfile.mkdtemp(dir=self.scratch)).create()

    def remove_scratch(self) -> None:
        """Delete the scratch folder and whatever a writer left in it."""
        shutil.rmtree(self.scratch, ignore_errors=True)


def ram_index(
    documents: Iterable[IndexDocument], *, synonyms: Mapping[str, Sequence[str]] | None = None
) -> Searcher:
    """Build an in-memory index (Whoosh `RamStorage`) and return a searcher over it.

    Meant for tests and quick tools; the index stays in memory (the writer's scratch folder is private
    and removed when the build ends).
    """
    synonyms = dict(synonyms or {})
    storage = PrivateRamStorage()
    try:
        ix = storage.create_index(make_schema(), indexname=INDEX_NAME)
        catalog = _fill(ix, _in_order(documents), None)
    finally:
        storage.remove_scratch()
    return Searcher(ix, catalog, synonyms)


def build_index(
    documents: Iterable[IndexDocument],
    directory: Path,
    *,
    synonyms: Mapping[str, Sequence[str]] | None = None,
    progress: Progress | None = None,
    fingerprint: str | None = None,
) -> str:
    """Build an index of ``documents`` into ``directory`` and return its fingerprint.

    The fingerprint stamped is ``fingerprint`` when given (a caller that fingerprints its
    source files, so it can check an index without computing the sections), else
    `index_fingerprint` of the sections.

    The index is written to a temporary folder beside ``directory``, stamped, then swapped in
    with two renames; the previous index is deleted afterwards. Searchers still open on the
    previous index keep working on POSIX (its files stay readable until closed). If anything
    fails, the temporary folder is removed and ``directory`` is left untouched.

    ``progress(done, total)`` is called as sections are added (``total`` = number of
    sections); the last call, ``(total, total)``, comes once the new index is in place.

    Raises:
        OSError: the folder or its parent cannot be written; nothing was changed.
    """
    directory = Path(directory)
    synonyms = dict(synonyms or {})
    ordered = _in_order(documents)
    fingerprint = fingerprint or index_fingerprint(ordered, synonyms)
    directory.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.build-", dir=directory.parent))
    try:
        if progress is not None:
            progress(0, len(ordered))
        ix = FileStorage(str(temp)).create_index(make_schema(), indexname=INDEX_NAME)
        catalog = _fill(ix, ordered, progress)
        ix.close()
        # Whoosh leaves its (released) lock file behind; the finished index does not need it.
        (temp / f"{INDEX_NAME}_WRITELOCK").unlink(missing_ok=True)
        write_json(temp / CATALOG_FILE, catalog.to_json())
        (temp / LENGTHS_FILE).write_bytes(catalog.lengths_bytes())
        stamp = make_stamp(fingerprint, synonyms, len(catalog.doc_ids), len(ordered), file_digests(temp))
        # The stamp goes last: an index folder without one is an unfinished build.
        write_json(temp / STAMP_FILE, stamp)
        _swap_in(temp, directory)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    if progress is not None:
        progress(len(ordered), len(ordered))
    return fingerprint


def _swap_in(temp: Path, directory: Path) -> None:
    """Replace ``directory`` by ``temp`` (a directory cannot be renamed over a non-empty one)."""
    old: Path | None = None
    if directory.exists() or directory.is_symlink():
        old = directory.with_name(f".{directory.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(directory, old)
    try:
        os.replace(temp, directory)
    except BaseException:
        if old is not None:
            os.replace(old, directory)  # put the previous index back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
