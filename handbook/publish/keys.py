"""Ed25519 signing keys: generate a pair, load keys, the workstation's trusted keys, sign and check.

The private key stays with the medical director (never in the repository, never on a workstation).
Workstations trust the public keys shipped in `handbook/resources/keys/*.pub` plus any added with
`pack import --trust`, which are kept in the user data folder (`trusted-keys/`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from handbook import paths
from handbook.errors import UpdateError
from handbook.storage import replace_atomically

PRIVATE_KEY_NAME = "handbook-signing.key"
PUBLIC_KEY_NAME = "handbook-signing.pub"
TRUSTED_KEYS_DIR = "trusted-keys"


@dataclass(frozen=True, slots=True)
class TrustedKey:
    """A public key a workstation accepts packs from; `key_id` names it in signatures and messages."""

    key_id: str
    key: Ed25519PublicKey
    source: Path


def key_id(public_key: Ed25519PublicKey) -> str:
    """First 16 hex digits of the SHA-256 of the raw public key: short, stable, shown to people."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def fingerprint(public_key: Ed25519PublicKey) -> str:
    """The full SHA-256 of the raw public key, in groups of four hex digits: what a person compares
    against the fingerprint the medical director announced before trusting a key.
    """
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest()
    return "SHA256:" + " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def generate_keypair(
    out_dir: Path, encryption: serialization.KeySerializationEncryption | None = None
) -> tuple[Path, Path]:
    """Write a new key pair into out_dir: the private key (PEM, mode 0600; encrypted when `encryption` is
    given, e.g. with a passphrase) and the public key (PEM).

    Refuses to overwrite an existing private key: losing it would orphan every workstation trusting it.
    """
    out_dir = Path(out_dir)
    private_path, public_path = out_dir / PRIVATE_KEY_NAME, out_dir / PUBLIC_KEY_NAME
    if private_path.exists():
        raise UpdateError("a private key already exists here; not overwriting it", private_path)
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        encryption or serialization.NoEncryption(),
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        replace_atomically(private_path, private_pem, mode=0o600)
        replace_atomically(public_path, public_pem, mode=0o644)
    except OSError as exc:
        raise UpdateError(f"cannot write the key pair: {exc.strerror or exc}", out_dir) from exc
    return private_path, public_path


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """Read a PEM Ed25519 private key (unencrypted)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UpdateError(f"cannot read the private key: {exc.strerror or exc}", path) from exc
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise UpdateError("not an unencrypted PEM private key", path) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise UpdateError("the private key is not an Ed25519 key", path)
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """Read a PEM Ed25519 public key."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UpdateError(f"cannot read the public key: {exc.strerror or exc}", path) from exc
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise UpdateError("not a PEM public key", path) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise UpdateError("the public key is not an Ed25519 key", path)
    return key


def bundled_keys_dir() -> Path:
    """Public keys shipped with the app: the clinic's signing key(s)."""
    return paths.resources_dir() / "keys"


def user_keys_dir() -> Path:
    """Public keys this workstation was told to trust with `pack import --trust`."""
    return paths.user_data_dir() / TRUSTED_KEYS_DIR


def trusted_keys() -> list[TrustedKey]:
    """Every public key this workstation accepts, bundled first. An unreadable key file is an error:
    silently skipping it could hide a tampered trust store.
    """
    found: list[TrustedKey] = []
    for folder in (bundled_keys_dir(), user_keys_dir()):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.pub")):
            key = load_public_key(path)
            found.append(TrustedKey(key_id(key), key, path))
    return found


def add_trusted_key(public_key_path: Path) -> TrustedKey:
    """Copy a public key into the workstation's trusted keys (named by its key id); idempotent."""
    key = load_public_key(public_key_path)
    ident = key_id(key)
    pem = key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    target = user_keys_dir() / f"{ident}.pub"
    try:
        replace_atomically(target, pem)
    except OSError as exc:
        raise UpdateError(f"cannot save the trusted key: {exc.strerror or exc}", target) from exc
    return TrustedKey(ident, key, target)


def sign(private_key: Ed25519PrivateKey, data: bytes) -> bytes:
    """Detached Ed25519 signature (64 bytes) over data."""
    return private_key.sign(data)


def verifies(public_key: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    """Whether signature is a valid signature of data by this key."""
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return False
    return True
