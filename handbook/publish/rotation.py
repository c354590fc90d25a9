"""Key rotation: a pack endorses the next signing key, so workstations move to it without a visit.

1. The director makes a new key pair and builds pack N with the current key and `--next-key new.pub`:
   the manifest (signed by the current key) carries the new public key.
2. A workstation installing pack N trusts the new key from then on (saved with its other trusted keys).
3. The first pack signed by the new key completes the rotation: the key that endorsed it is retired,
   and a pack signed by a retired key is refused from then on (also if it was a bundled key).

The workstation's rotation record (`key-rotation.json` in the user data folder) is written atomically.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from handbook import paths
from handbook.errors import UpdateError
from handbook.publish.keys import key_id, load_public_key, user_keys_dir
from handbook.publish.manifest import Manifest
from handbook.publish.state import read_json_object
from handbook.storage import replace_atomically

ROTATION_FILE = "key-rotation.json"


@dataclass(frozen=True, slots=True)
class Rotation:
    """Which key endorsed which (new key id → endorsing key id) and the retired key ids."""

    endorsed: dict[str, str] = field(default_factory=dict)
    retired: tuple[str, ...] = ()


def rotation_file() -> Path:
    """Where this workstation keeps its rotation record."""
    return paths.user_data_dir() / ROTATION_FILE


def endorse_next_key(private_key: Ed25519PrivateKey, next_key_path: Path) -> str:
    """The next public key as the manifest carries it (raw, base64); it must differ from the signing key."""
    next_key = load_public_key(next_key_path)
    if key_id(next_key) == key_id(private_key.public_key()):
        raise UpdateError("the next key is the signing key itself: make a new key pair first", next_key_path)
    raw = next_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def next_key_of(manifest: Manifest) -> Ed25519PublicKey | None:
    """The next key a manifest endorses, or None; UpdateError when the field is malformed."""
    if manifest.next_key is None:
        return None
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(manifest.next_key, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise UpdateError("the pack's next key is malformed") from exc


def read_rotation() -> Rotation:
    """The rotation record (empty when there is none). A damaged record is an error: silently dropping
    it could bring a retired key back.
    """
    path = rotation_file()
    raw = read_json_object(path, "the key rotation record")
    if raw is None:
        return Rotation()
    endorsed, retired = raw.get("endorsed"), raw.get("retired")
    if not isinstance(endorsed, dict) or not isinstance(retired, list):
        raise UpdateError("the key rotation record is malformed", path)
    return Rotation({str(k): str(v) for k, v in endorsed.items()}, tuple(str(k) for k in retired))


def _write(rotation: Rotation) -> None:
    data = {"endorsed": rotation.endorsed, "retired": list(rotation.retired)}
    path = rotation_file()
    try:
        replace_atomically(path, json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))
    except OSError as exc:
        raise UpdateError(f"cannot save the key rotation record: {exc.strerror or exc}", path) from exc


def check_not_retired(signer: str) -> None:
    """Refuse a pack signed by a key this workstation retired after a rotation."""
    rotation = read_rotation()
    if signer in rotation.retired:
        successor = next((new for new, old in rotation.endorsed.items() if old == signer), "")
        moved = f" (the clinic moved to key {successor})" if successor else ""
        raise UpdateError(f"refused: signed by retired key {signer}{moved}")


def after_install(manifest: Manifest, signer: str) -> str:
    """Record what an installed pack says about keys; returns a line for people ("" when nothing).

    A pack endorsing a next key makes this workstation trust it; the first pack signed by an endorsed
    key retires the key that endorsed it.
    """
    rotation = read_rotation()
    endorsed, retired = dict(rotation.endorsed), list(rotation.retired)
    lines = []
    next_key = next_key_of(manifest)
    if next_key is not None:
        ident = key_id(next_key)
        pem = next_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        target = user_keys_dir() / f"{ident}.pub"
        try:
            replace_atomically(target, pem)
        except OSError as exc:
            raise UpdateError(f"cannot save the next signing key: {exc.strerror or exc}", target) from exc
        endorsed[ident] = signer
        lines.append(f"now also trusting the next signing key {ident}")
    old = endorsed.get(signer)
    if old and old not in retired and old != signer:
        retired.append(old)
        lines.append(f"key {old} retired: packs it signs are refused from now on")
    if (endorsed, retired) != (rotation.endorsed, list(rotation.retired)):
        _write(Rotation(endorsed, tuple(retired)))
    return "; ".join(lines)
