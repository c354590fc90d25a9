"""Check an update pack (a zip) or an unpacked pack folder against its signed manifest.

A zip is read defensively before anything in it is trusted: entry names that could escape a folder
(absolute, `..`, backslashes, drive letters, symlinks), duplicate names, too many entries and sizes that
would fill the disk are refused before a single byte is decompressed. Every refusal is an UpdateError
with a one-line reason.
"""

from __future__ import annotations

import hashlib
import stat
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from handbook.errors import UpdateError
from handbook.publish.keys import TrustedKey
from handbook.publish.manifest import (
    CONTENT_PREFIX,
    INDEX_PREFIX,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    Manifest,
    check_files,
    check_signature,
    manifest_from_bytes,
    sha256_file,
)

# Limits far above a real handbook (≈ 1 MB) and far below what would hurt a workstation.
MAX_ENTRIES = 20_000
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200  # deflate on Markdown and index files stays well under 20:1
MAX_META_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class VerifiedPack:
    """A pack whose signature and every file were checked: safe to unpack."""

    path: Path
    manifest: Manifest
    manifest_bytes: bytes
    signature_bytes: bytes
    signer: str
    sha256: str


def check_entry_name(name: str) -> None:
    """Refuse a zip entry name that is not a plain relative path inside the pack's own folders."""
    parts = name.split("/")
    unsafe = (
        not name
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or ":" in name
        or len(name) > 400
        or any(part in ("", ".", "..") for part in parts)
    )
    if unsafe:
        if ".." in parts or name.startswith("/") or "\\" in name or ":" in name:
            raise UpdateError(f"refused: unsafe entry name (path traversal) {name!r}")
        if name.endswith("/") and all(parts[:-1]) and "." not in parts:
            raise UpdateError(f"refused: folder entry {name!r} (a pack lists files only, never folders)")
        raise UpdateError(f"refused: unsafe entry name {name!r}")
    if name not in (MANIFEST_NAME, SIGNATURE_NAME) and not name.startswith((CONTENT_PREFIX, INDEX_PREFIX)):
        raise UpdateError(f"extra file not in the signed manifest: {name}")


def _check_entries(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise UpdateError(f"refused: {len(infos)} entries is more than a pack may hold (zip bomb?)")
    seen: set[str] = set()
    total = 0
    for info in infos:
        check_entry_name(info.filename)
        if info.filename in seen:
            raise UpdateError(f"refused: duplicate entry {info.filename}")
        seen.add(info.filename)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode) or info.is_dir():
            raise UpdateError(f"refused: entry is a link or folder, not a file: {info.filename}")
        total += info.file_size
        too_big = info.file_size > MAX_FILE_BYTES or total > MAX_TOTAL_BYTES
        ratio = info.file_size / max(info.compress_size, 1)
        if too_big or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            raise UpdateError(f"refused: {info.filename} unpacks to too many bytes (zip bomb?)")


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """An entry's bytes, never more than cap (the header's size can lie; the reader then stops)."""
    with archive.open(info) as stream:
        data = stream.read(cap + 1)
    if len(data) > cap:
        raise UpdateError(f"refused: {info.filename} is larger than declared (zip bomb?)")
    return data


def _hash_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> tuple[int, str]:
    """Size and SHA-256 of an entry, reading no more than the manifest's size for it (plus one byte)."""
    digest = hashlib.sha256()
    size = 0
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 20):
            size += len(chunk)
            if size > cap:
                raise UpdateError(f"file hash mismatch (tampered or corrupt): {info.filename}")
            digest.update(chunk)
    return size, digest.hexdigest()


def verify_pack(pack_path: Path, keys: Iterable[TrustedKey]) -> VerifiedPack:
    """Check a pack file: safe entries, signed by a trusted key, every file present and unaltered."""
    pack_path = Path(pack_path)
    try:
        pack_hash = sha256_file(pack_path)
        with zipfile.ZipFile(pack_path) as archive:
            return _verify_archive(archive, pack_path, pack_hash, list(keys))
    except UpdateError as exc:
        raise UpdateError(exc.message, pack_path) from exc
    except FileNotFoundError as exc:
        raise UpdateError("pack file not found", pack_path) from exc
    except OSError as exc:
        raise UpdateError(f"cannot read the pack: {exc.strerror or exc}", pack_path) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise UpdateError(f"pack is corrupt (not a readable zip): {exc}", pack_path) from exc


def _verify_archive(
    archive: zipfile.ZipFile, pack_path: Path, pack_hash: str, keys: list[TrustedKey]
) -> VerifiedPack:
    infos = archive.infolist()
    _check_entries(infos)
    by_name = {info.filename: info for info in infos}
    if SIGNATURE_NAME not in by_name:
        raise UpdateError("pack is unsigned (no manifest.sig)")
    if MANIFEST_NAME not in by_name:
        raise UpdateError("pack has no manifest.json")
    manifest_data = _read_capped(archive, by_name[MANIFEST_NAME], MAX_META_BYTES)
    signature_data = _read_capped(archive, by_name[SIGNATURE_NAME], MAX_META_BYTES)
    signer = check_signature(manifest_data, signature_data, keys)
    manifest = manifest_from_bytes(manifest_data)
    listed = manifest.by_path()
    found: dict[str, tuple[int, str]] = {}
    for name, info in by_name.items():
        if name in (MANIFEST_NAME, SIGNATURE_NAME):
            continue
        if name not in listed:
            raise UpdateError(f"extra file not in the signed manifest: {name}")
        found[name] = _hash_entry(archive, info, listed[name].size)
    check_files(manifest, found)
    return VerifiedPack(pack_path, manifest, manifest_data, signature_data, signer.key_id, pack_hash)


def folder_files(folder: Path) -> dict[str, Path]:
    """Files under an unpacked pack's content/ and index/ folders by pack path (links are refused)."""
    found: dict[str, Path] = {}
    for prefix in (CONTENT_PREFIX, INDEX_PREFIX):
        base = folder / prefix.rstrip("/")
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_symlink():
                raise UpdateError(f"refused: link in the installed pack: {path.relative_to(folder)}", folder)
            if path.is_file():
                found[path.relative_to(folder).as_posix()] = path
    return found


def verify_folder(folder: Path, keys: Iterable[TrustedKey]) -> tuple[Manifest, str]:
    """Re-check an unpacked pack: signature of its manifest and the hash of every file. Returns the
    manifest and the signer's key id.
    """
    folder = Path(folder)
    try:
        manifest_data = (folder / MANIFEST_NAME).read_bytes()
        signature_data = (folder / SIGNATURE_NAME).read_bytes()
    except FileNotFoundError as exc:
        raise UpdateError(f"installed pack is incomplete: {Path(exc.filename).name} missing", folder) from exc
    except OSError as exc:
        raise UpdateError(f"cannot read the installed pack: {exc.strerror or exc}", folder) from exc
    signer = check_signature(manifest_data, signature_data, keys, folder)
    manifest = manifest_from_bytes(manifest_data, folder)
    listed = manifest.by_path()
    found: dict[str, tuple[int, str]] = {}
    try:
        for name, path in folder_files(folder).items():
            if name not in listed:
                raise UpdateError(f"extra file not in the signed manifest: {name}", folder)
            found[name] = (path.stat().st_size, sha256_file(path))
    except OSError as exc:
        raise UpdateError(f"cannot read the installed pack: {exc.strerror or exc}", folder) from exc
    check_files(manifest, found, folder)
    return manifest, signer.key_id
