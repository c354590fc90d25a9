"""The signed manifest of an update pack, its canonical bytes, and the checks every reader applies.

The signature covers the exact bytes of `manifest.json`, which are the canonical JSON of the manifest
(sorted keys, no spaces, UTF-8). The manifest lists the SHA-256 and size of every other file in the
pack, so one valid signature vouches for every byte: a file that is altered, missing or extra is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handbook.errors import UpdateError
from handbook.publish.keys import TrustedKey, verifies

FORMAT = 1
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
CONTENT_PREFIX = "content/"
INDEX_PREFIX = "index/"
_VERSION = re.compile(r"^\d{1,9}(\.\d{1,9}){0,5}$")
_DOC_ID = re.compile(r"^[A-Z]{2,5}-[A-Z0-9]{2,6}-\d{3}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def parse_version(text: str, where: Path | str = "") -> tuple[int, ...]:
    """A pack version as comparable numbers: `2026.11` → (2026, 11). Only dotted numbers are accepted,
    so that "newer" has one meaning on every workstation.
    """
    if not isinstance(text, str) or not _VERSION.match(text):
        raise UpdateError(f"version {text!r} is not dotted numbers like 2026.11", where)
    return tuple(int(part) for part in text.split("."))


def is_doc_id(text: str) -> bool:
    """Whether text has the shape of a document id (PREFIX-AREA-NNN)."""
    return bool(_DOC_ID.match(text))


@dataclass(frozen=True, slots=True)
class FileEntry:
    """One file of the pack, by its path inside the pack (`content/...` or `index/...`)."""

    path: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a pack holds and who approved it. `previous` is the SHA-256 of the pack it follows."""

    version: str
    created: str
    approver: str
    edition: str
    previous: str | None
    revoked: tuple[str, ...]
    index_fingerprint: str
    files: tuple[FileEntry, ...]
    format: int = FORMAT
    # Key rotation: the next signing key's raw public key (base64), endorsed by this pack's signature.
    next_key: str | None = None

    def to_bytes(self) -> bytes:
        """The canonical JSON bytes that are signed and stored as manifest.json."""
        data = {
            "format": self.format,
            "version": self.version,
            "created": self.created,
            "approver": self.approver,
            "edition": self.edition,
            "previous": self.previous,
            "revoked": list(self.revoked),
            "index_fingerprint": self.index_fingerprint,
            "files": {f.path: {"sha256": f.sha256, "size": f.size} for f in self.files},
        }
        if self.next_key is not None:
            data["next_key"] = self.next_key
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")

    @property
    def version_key(self) -> tuple[int, ...]:
        """The version as comparable numbers."""
        return parse_version(self.version)

    def by_path(self) -> dict[str, FileEntry]:
        """Files by their path inside the pack."""
        return {f.path: f for f in self.files}


def manifest_from_bytes(data: bytes, where: Path | str = "") -> Manifest:
    """Parse signed manifest bytes; anything unexpected is an UpdateError (never a KeyError)."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UpdateError(f"manifest is not valid JSON: {exc}", where) from exc
    pack_format = raw.get("format") if isinstance(raw, dict) else None
    if pack_format != FORMAT:
        raise UpdateError(f"unsupported pack format {pack_format!r}", where)
    try:
        files = tuple(
            FileEntry(str(path), str(spec["sha256"]), int(spec["size"]))
            for path, spec in sorted(_mapping(raw["files"]).items())
        )
        manifest = Manifest(
            version=str(raw["version"]),
            created=str(raw["created"]),
            approver=str(raw.get("approver") or ""),
            edition=str(raw.get("edition") or ""),
            previous=None if raw.get("previous") is None else str(raw["previous"]),
            revoked=tuple(str(item) for item in raw.get("revoked") or ()),
            index_fingerprint=str(raw.get("index_fingerprint") or ""),
            files=files,
            next_key=None if raw.get("next_key") is None else str(raw["next_key"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise UpdateError(f"manifest is malformed: missing or wrong field {exc}", where) from exc
    parse_version(manifest.version, where)
    for entry in files:
        if not _SHA256.match(entry.sha256) or entry.size < 0:
            raise UpdateError(f"manifest entry for {entry.path} is malformed", where)
    if manifest.to_bytes() != data:
        raise UpdateError("manifest is not in canonical form", where)
    return manifest


def _mapping(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("files")
    return value


def signature_bytes(signature: bytes, signer: str) -> bytes:
    """The manifest.sig file: which key signed (a hint for messages) and the detached signature."""
    data = {"algorithm": "ed25519", "key_id": signer, "signature": base64.b64encode(signature).decode()}
    return json.dumps(data, sort_keys=True, indent=1).encode("utf-8")


def check_signature(
    manifest_data: bytes, signature_data: bytes, keys: Iterable[TrustedKey], where: Path | str = ""
) -> TrustedKey:
    """The trusted key that signed these manifest bytes; UpdateError naming why not otherwise.

    The key id in manifest.sig is unsigned, so it only chooses the message: every trusted key is tried.
    """
    try:
        raw = json.loads(signature_data.decode("utf-8"))
        signature = base64.b64decode(raw["signature"], validate=True)
        claimed = str(raw.get("key_id", ""))
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, binascii.Error) as exc:
        raise UpdateError("bad signature: manifest.sig is malformed", where) from exc
    keys = list(keys)
    if not keys:
        raise UpdateError("no trusted keys on this workstation; cannot check the signature", where)
    for key in keys:
        if verifies(key.key, signature, manifest_data):
            return key
    if any(key.key_id == claimed for key in keys):
        raise UpdateError("bad signature: the manifest or its signature was altered", where)
    message = f"wrong key: signed by key {claimed or '?'}, which this workstation does not trust"
    raise UpdateError(message, where)


def check_files(manifest: Manifest, found: Mapping[str, tuple[int, str]], where: Path | str = "") -> None:
    """Compare the files present (path → (size, sha256)) with the manifest: missing, extra, altered."""
    listed = manifest.by_path()
    extra = sorted(set(found) - set(listed))
    if extra:
        raise UpdateError(f"extra file not in the signed manifest: {extra[0]}", where)
    missing = sorted(set(listed) - set(found))
    if missing:
        raise UpdateError(f"file missing from the pack: {missing[0]}", where)
    for path, entry in sorted(listed.items()):
        size, digest = found[path]
        if size != entry.size or digest != entry.sha256:
            raise UpdateError(f"file hash mismatch (tampered or corrupt): {path}", where)


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
