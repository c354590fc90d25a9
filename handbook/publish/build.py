"""Build a signed update pack: the content folder, its prebuilt search index and a signed manifest.

A pack is refused at build time rather than on a workstation: content with lint errors (as staff would
see it, revoked documents hidden), a version not above the previous pack's, or a file that is a link.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import search
from handbook.errors import UpdateError
from handbook.library.catalog import Library
from handbook.library.frontmatter import split
from handbook.library.loader import load_library
from handbook.library.model import Problem, Severity
from handbook.publish.changes import errors_of, problems_without
from handbook.publish.keys import TrustedKey, key_id, sign, trusted_keys
from handbook.publish.manifest import (
    CONTENT_PREFIX,
    INDEX_PREFIX,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    FileEntry,
    Manifest,
    is_doc_id,
    parse_version,
    signature_bytes,
)
from handbook.publish.private_key import load_signing_key
from handbook.publish.rotation import endorse_next_key
from handbook.publish.verify import VerifiedPack, verify_pack
from handbook.services import plan_index

# Fixed entry time: the same inputs give the same zip bytes apart from the manifest's `created`.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_SKIPPED_NAMES = {"__pycache__", ".git", ".DS_Store"}
HISTORY_DIR = "history"


class ContentNotReady(UpdateError):
    """The content has lint errors; `problems` lists every problem found (errors and warnings)."""

    def __init__(self, problems: list[Problem], where: Path | str = "") -> None:
        errors = len(errors_of(problems))
        super().__init__(f"content has {errors} lint error(s); pack not built", where)
        self.problems = problems


@dataclass(frozen=True, slots=True)
class BuildResult:
    """The written pack, its manifest, and warnings worth printing (review dates near, unknown revokes)."""

    path: Path
    manifest: Manifest
    warnings: tuple[str, ...]


def content_files(content_dir: Path) -> dict[str, bytes]:
    """Every file of the content folder by pack path (`content/...`), read once, so the bytes hashed
    are the bytes packed. Hidden files and caches are skipped; a link is refused (it could point
    anywhere on the director's disk).
    """
    found: dict[str, bytes] = {}
    for dirpath, dirnames, filenames in os.walk(content_dir):
        for name in dirnames:
            if (Path(dirpath) / name).is_symlink():
                raise UpdateError("refused: content holds a linked folder", Path(dirpath) / name)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in _SKIPPED_NAMES)
        for name in sorted(filenames):
            if name.startswith(".") or name in _SKIPPED_NAMES:
                continue
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file():
                raise UpdateError("refused: content holds a link or special file", path)
            found[CONTENT_PREFIX + path.relative_to(content_dir).as_posix()] = path.read_bytes()
    return found


def _entry(path: str, data: bytes) -> FileEntry:
    return FileEntry(path, hashlib.sha256(data).hexdigest(), len(data))


def build_pack(
    content_dir: Path,
    private_key_path: Path,
    out_path: Path,
    *,
    approver: str = "",
    previous: Path | None = None,
    revoked: Iterable[str] = (),
    version: str | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    passphrase: str | None = None,
    next_key: Path | None = None,
) -> BuildResult:
    """Lint, index, sign and write a pack to out_path (atomically). Raises ContentNotReady on lint
    errors and UpdateError for any other refusal; nothing is written then.
    """
    content_dir = Path(content_dir)
    today = today or dt.date.today()
    private_key = load_signing_key(private_key_path, passphrase)
    endorsed = endorse_next_key(private_key, next_key) if next_key is not None else None
    revoked_ids = tuple(sorted(set(revoked)))
    for doc_id in revoked_ids:
        if not is_doc_id(doc_id):
            raise UpdateError(f"--revoke {doc_id!r} is not a document id")
    try:
        files = content_files(content_dir)
    except OSError as exc:
        raise UpdateError(
            f"cannot read the content: {exc.strerror or exc}", exc.filename or content_dir
        ) from exc
    loaded = load_library(content_dir)
    # Only approved documents are published: a draft is left out of the pack as if revoked.
    drafts = tuple(doc for doc in loaded.library.documents if doc.status == "draft")
    if not loaded.library.approved():
        raise UpdateError("no approved document: approve documents before publishing", content_dir)
    hidden = (*revoked_ids, *(doc.id for doc in drafts))
    library, problems = problems_without(loaded.library, loaded.problems, hidden, today)
    if errors_of(problems):
        raise ContentNotReady(problems, content_dir)
    for doc in drafts:
        files.pop(CONTENT_PREFIX + doc.path.relative_to(content_dir).as_posix(), None)
    warnings = [str(p) for p in problems if p.severity == Severity.WARNING]
    warnings += [f"draft {doc.id} left out (not approved)" for doc in drafts]
    warnings += [f"revoked id {d} is not in this content" for d in revoked_ids if d not in loaded.library]

    version = version or library.info.edition
    if not version:
        raise UpdateError("no version: set 'edition' in handbook.yaml or pass --version", content_dir)
    version_key = parse_version(version)
    before = None
    if previous is not None:
        own = private_key.public_key()
        before = verify_pack(
            previous, [*trusted_keys(), TrustedKey(key_id(own), own, Path(private_key_path))]
        )
        if version_key <= before.manifest.version_key:
            raise UpdateError(
                f"version {version} is not newer than the previous pack's {before.manifest.version}"
            )

    out_path = Path(out_path)
    try:
        if before is not None:
            carried = carried_history(before, library, files)
            files.update(carried)
            warnings += [
                f"kept the previous pack's {name} in this pack's history" for name in sorted(carried)
            ]
        with tempfile.TemporaryDirectory(prefix="handbook-pack-") as scratch:
            index_dir = Path(scratch) / "index"
            plan = plan_index(library)
            fingerprint = search.build_index(
                plan.documents, index_dir, synonyms=plan.synonyms, fingerprint=plan.fingerprint
            )
            for path in sorted(index_dir.rglob("*")):
                if path.is_file():
                    files[INDEX_PREFIX + path.relative_to(index_dir).as_posix()] = path.read_bytes()
            manifest = Manifest(
                version=version,
                created=(now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat(),
                approver=approver,
                edition=library.info.edition,
                previous=before.sha256 if before else None,
                revoked=revoked_ids,
                index_fingerprint=str(fingerprint or plan.fingerprint),
                files=tuple(_entry(name, path) for name, path in sorted(files.items())),
                next_key=endorsed,
            )
            manifest_data = manifest.to_bytes()
            signature = signature_bytes(sign(private_key, manifest_data), key_id(private_key.public_key()))
            _write_zip(out_path, manifest_data, signature, files)
    except OSError as exc:
        raise UpdateError(f"cannot write the pack: {exc.strerror or exc}", exc.filename or out_path) from exc
    return BuildResult(out_path, manifest, tuple(warnings))


def carried_history(previous: VerifiedPack, library: Library, files: dict[str, bytes]) -> dict[str, bytes]:
    """History files the new pack must carry so that no approved version is lost: the previous pack's
    history, and each of its approved documents whose version this content replaces or drops.

    Files the content folder already has win (the director's copy is authoritative).
    """
    carried: dict[str, bytes] = {}
    history_prefix = f"{CONTENT_PREFIX}{HISTORY_DIR}/"
    with zipfile.ZipFile(previous.path) as archive:
        for entry in previous.manifest.files:
            if not (entry.path.startswith(CONTENT_PREFIX) and entry.path.endswith(".md")):
                continue
            data = archive.read(entry.path)
            if hashlib.sha256(data).hexdigest() != entry.sha256:
                raise UpdateError(f"previous pack changed while reading it: {entry.path}", previous.path)
            if entry.path.startswith(history_prefix):
                name = entry.path
            else:
                header, _ = split(data.decode("utf-8-sig", errors="replace"), entry.path)
                fields = header.fields if header else {}
                doc_id, version = fields.get("id"), fields.get("version")
                if fields.get("status") != "approved" or not isinstance(doc_id, str) or not is_doc_id(doc_id):
                    continue
                if not isinstance(version, int) or isinstance(version, bool):
                    continue
                now = library.get(doc_id)
                if now is not None and now.version == version:
                    continue
                name = f"{history_prefix}{doc_id}/{version}.md"
            if name not in files:
                carried[name] = data
    return carried


def _write_zip(out_path: Path, manifest_data: bytes, signature: bytes, files: dict[str, bytes]) -> None:
    out_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=out_path.parent, prefix=f".{out_path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        os.chmod(temp_name, 0o644)  # mkstemp makes it 0600; a pack is public, only its signature matters
        with zipfile.ZipFile(temp_name, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(_info(MANIFEST_NAME), manifest_data)
            archive.writestr(_info(SIGNATURE_NAME), signature)
            for name, data in sorted(files.items()):
                archive.writestr(_info(name), data)
        os.replace(temp_name, out_path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info
