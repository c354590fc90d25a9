"""Where an index lives on disk: its stamp, its side files, and how a bad one is detected.

An index folder holds the Whoosh files plus three files written by `search.indexer`:

* ``catalog.json``: the spelling vocabulary and the document table (section → document);
* ``lengths.bin``: the number of terms of each scored field in each section (for BM25);
* ``stamp.json``: written last, so its presence means the build finished. It records the schema
  version, the content fingerprint, the synonyms and the size and SHA-256 of every other file.
  Nothing else may be in the folder: Whoosh would read a stray newer table of contents.

`open_index` trusts nothing: every way an index can be unusable ends in one of three exceptions,
all `IndexUnavailable`, so the caller has one thing to catch and one remedy (rebuild).
"""

from __future__ import annotations

import hashlib
import json
import sys
from array import array
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from search.errors import IndexCorrupt, IndexMissing, IndexStale, reading_index
from search.schema import SCHEMA_VERSION, SCORED_FIELDS, make_schema
from search.searcher import Searcher
from search.vocabulary import Catalog, Vocabulary

__all__ = [
    "CATALOG_FILE",
    "INDEX_NAME",
    "LENGTHS_FILE",
    "STAMP_FILE",
    "file_digests",
    "make_stamp",
    "open_index",
    "write_json",
]

STAMP_FILE = "stamp.json"
CATALOG_FILE = "catalog.json"
LENGTHS_FILE = "lengths.bin"
INDEX_NAME = "MAIN"
_FORMAT = "clinic-handbook-search-index"
#: Files up to this total size are hashed in full at open (~1 ms for real content); a larger
#: index (the 100x benchmark) is checked by size plus the first and last MiB of each file.
FULL_HASH_LIMIT = 16 * 1024 * 1024
_SAMPLE = 1024 * 1024


def write_json(path: Path, data: object) -> None:
    """Write compact UTF-8 JSON (the caller provides atomicity by writing into a temp folder)."""
    with path.open("w", encoding="utf-8") as stream:
        json.dump(data, stream, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _digest(path: Path, full: bool) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as stream:
        if full:
            while chunk := stream.read(1 << 20):
                sha.update(chunk)
        else:
            sha.update(stream.read(_SAMPLE))
            stream.seek(-_SAMPLE, 2)
            sha.update(stream.read(_SAMPLE))
    return sha.hexdigest()


def file_digests(directory: Path) -> dict[str, list[Any]]:
    """Return ``{name: [size, sha256]}`` for every file of a finished index but the stamp."""
    files = sorted(p for p in directory.iterdir() if p.is_file() and p.name != STAMP_FILE)
    sizes = {p: p.stat().st_size for p in files}
    full = sum(sizes.values()) <= FULL_HASH_LIMIT
    return {p.name: [size, _digest(p, full or size <= 2 * _SAMPLE)] for p, size in sizes.items()}


def _load_json(path: Path, directory: Path) -> Any:  # noqa: ANN401 - parsed JSON of any shape
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise IndexCorrupt(directory, f"{path.name} is unreadable ({exc})") from exc


def read_stamp(directory: Path, expected_fingerprint: str | None) -> dict[str, Any]:
    """Read and check the stamp; raise the fitting `IndexUnavailable` if the index is unusable.

    Checks, in order: the folder and stamp exist, the stamp parses, the schema version and
    fingerprint are the expected ones, and every recorded file has its recorded size and hash.
    """
    if not directory.is_dir():
        raise IndexMissing(directory, "no index folder")
    stamp_path = directory / STAMP_FILE
    if not stamp_path.is_file():
        if any(directory.iterdir()):
            raise IndexCorrupt(directory, "no stamp: the build did not finish")
        raise IndexMissing(directory, "the index folder is empty")
    stamp = _load_json(stamp_path, directory)
    if not isinstance(stamp, dict) or stamp.get("format") != _FORMAT:
        raise IndexCorrupt(directory, "the stamp is not a handbook search index stamp")
    if stamp.get("schema_version") != SCHEMA_VERSION:
        raise IndexStale(
            directory,
            f"schema version {stamp.get('schema_version')!r}, this program uses {SCHEMA_VERSION}",
        )
    fingerprint = stamp.get("fingerprint")
    files = stamp.get("files")
    synonyms = stamp.get("synonyms")
    if not (isinstance(fingerprint, str) and isinstance(files, dict) and isinstance(synonyms, dict)):
        raise IndexCorrupt(directory, "the stamp lacks its fingerprint, file list or synonyms")
    if expected_fingerprint is not None and fingerprint != expected_fingerprint:
        raise IndexStale(directory, "built from other content")
    _check_files(directory, files)
    return stamp


def _check_files(directory: Path, files: Mapping[str, Any]) -> None:
    if not {CATALOG_FILE, LENGTHS_FILE} <= files.keys():
        raise IndexCorrupt(directory, "the stamp does not list the catalog and lengths")
    strays = sorted(p.name for p in directory.iterdir() if p.name not in files and p.name != STAMP_FILE)
    if strays:
        raise IndexCorrupt(directory, f"unexpected files in the index folder: {', '.join(strays)}")
    sizes: dict[Path, int] = {}
    for name, entry in files.items():
        path = directory / name
        if not (
            isinstance(entry, list)
            and len(entry) == 2
            and isinstance(entry[0], int)
            and isinstance(entry[1], str)
        ):
            raise IndexCorrupt(directory, f"the stamp entry for {name!r} is malformed")
        if Path(name).name != name or not path.is_file():
            raise IndexCorrupt(directory, f"{name} is missing")
        if path.stat().st_size != entry[0]:
            raise IndexCorrupt(directory, f"{name} has changed size (truncated or overwritten)")
        sizes[path] = entry[0]
    full = sum(sizes.values()) <= FULL_HASH_LIMIT
    for path, size in sizes.items():
        try:
            digest = _digest(path, full or size <= 2 * _SAMPLE)
        except OSError as exc:
            raise IndexCorrupt(directory, f"{path.name} is unreadable ({exc})") from exc
        if digest != files[path.name][1]:
            raise IndexCorrupt(directory, f"{path.name} has been altered")


def read_catalog(directory: Path) -> Catalog:
    """Load ``catalog.json`` and ``lengths.bin``; raise `IndexCorrupt` if they are malformed."""
    data = _load_json(directory / CATALOG_FILE, directory)
    try:
        vocabulary = Vocabulary.from_json(data["vocabulary"])
        doc_ids, doc_starts = data["doc_ids"], data["doc_starts"]
        sections, fields = data["sections"], data["length_fields"]
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexCorrupt(directory, f"the catalog is malformed ({exc})") from exc
    if not (
        isinstance(doc_ids, list)
        and isinstance(doc_starts, list)
        and len(doc_ids) == len(doc_starts)
        and all(isinstance(d, str) for d in doc_ids)
        and all(isinstance(n, int) for n in doc_starts)
        and doc_starts == sorted(doc_starts)
        and isinstance(sections, int)
        and (not doc_starts or (doc_starts[0] == 0 and doc_starts[-1] < sections))
        and isinstance(fields, list)
        and sorted(fields) == sorted(SCORED_FIELDS)
    ):
        raise IndexCorrupt(directory, "the catalog's document table is malformed")
    try:
        raw = (directory / LENGTHS_FILE).read_bytes()
    except OSError as exc:
        raise IndexCorrupt(directory, f"{LENGTHS_FILE} is unreadable ({exc})") from exc
    if len(raw) != 2 * sections * len(fields):
        raise IndexCorrupt(directory, f"{LENGTHS_FILE} has the wrong size")
    everything = array("H", raw)
    if sys.byteorder == "big":
        everything.byteswap()
    lengths = {name: everything[i * sections : (i + 1) * sections] for i, name in enumerate(sorted(fields))}
    return Catalog(vocabulary, doc_ids, doc_starts, sections, lengths)


def read_synonyms(stamp: Mapping[str, Any], directory: Path) -> dict[str, list[str]]:
    """Return the synonyms recorded in a stamp; raise `IndexCorrupt` if they are malformed."""
    synonyms = stamp["synonyms"]
    if not all(
        isinstance(values, list) and all(isinstance(v, str) for v in values) for values in synonyms.values()
    ):
        raise IndexCorrupt(directory, "the stamp's synonyms are malformed")
    return dict(synonyms)


def open_whoosh(directory: Path, sections: int) -> whoosh_index.Index:
    """Open the Whoosh index read-only; raise `IndexCorrupt` if it cannot be read."""
    with reading_index(directory):
        storage = FileStorage(str(directory), readonly=True)
        ix = whoosh_index.FileIndex(storage, schema=make_schema(), indexname=INDEX_NAME)
        found = ix.doc_count_all()
        if found != sections:
            raise IndexCorrupt(directory, f"{found} sections in the index, the stamp says {sections}")
        if sections:
            # Touch both ends of the stored fields: cheap, and catches damage the sampled
            # hash of a very large index cannot see.
            with ix.searcher() as probe:
                probe.stored_fields(0)
                probe.stored_fields(sections - 1)
    return ix


def make_stamp(
    fingerprint: str,
    synonyms: Mapping[str, Sequence[str]],
    documents: int,
    sections: int,
    files: Mapping[str, Any],
) -> dict[str, Any]:
    """Return the stamp contents for a finished build."""
    return {
        "format": _FORMAT,
        "schema_version": SCHEMA_VERSION,
        "fingerprint": fingerprint,
        "documents": documents,
        "sections": sections,
        "synonyms": {key: list(values) for key, values in synonyms.items()},
        "files": dict(files),
    }


def open_index(directory: Path, *, expected_fingerprint: str | None = None) -> Searcher:
    """Open the index in ``directory`` read-only and return a searcher over it.

    Works from a read-only folder (nothing is written, not even a lock file). Pass the
    fingerprint of the current content (`index_fingerprint`) to detect an outdated index.

    Raises:
        IndexMissing: there is no index in ``directory``.
        IndexStale: the index has another schema version or fingerprint.
        IndexCorrupt: the index is damaged, incomplete or unreadable.
    """
    directory = Path(directory)
    try:
        stamp = read_stamp(directory, expected_fingerprint)
        synonyms = read_synonyms(stamp, directory)
        catalog = read_catalog(directory)
        if stamp.get("sections") != catalog.sections or stamp.get("documents") != len(catalog.doc_ids):
            raise IndexCorrupt(directory, "the stamp and the catalog disagree")
        ix = open_whoosh(directory, catalog.sections)
        return Searcher(ix, catalog, synonyms, path=directory, fingerprint=stamp["fingerprint"])
    except OSError as exc:
        # stat/iterdir on an unreadable folder: as unusable as a damaged index.
        raise IndexCorrupt(directory, f"cannot read the index folder ({exc})") from exc
