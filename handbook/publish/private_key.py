"""The director's signing key protected by a passphrase (it may live on removable media).

The private key is stored as PKCS#8 PEM encrypted with cryptography's `BestAvailableEncryption`; a
wrong passphrase is refused with one line. An older unencrypted key still loads without a passphrase.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from handbook.errors import UpdateError
from handbook.publish.keys import generate_keypair

MIN_PASSPHRASE = 8
_ENCRYPTED_MARK = b"-----BEGIN ENCRYPTED PRIVATE KEY-----"


def check_passphrase(passphrase: str) -> bytes:
    """The passphrase as bytes; UpdateError when it is too short to protect a key on a USB stick."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise UpdateError(f"the passphrase must have at least {MIN_PASSPHRASE} characters")
    return passphrase.encode("utf-8")


def generate_protected_keypair(out_dir: Path, passphrase: str) -> tuple[Path, Path]:
    """Write a new key pair into out_dir: the private key encrypted with the passphrase (mode 0600) and
    the public key. Refuses to overwrite an existing private key.
    """
    secret = check_passphrase(passphrase)
    return generate_keypair(out_dir, serialization.BestAvailableEncryption(secret))


def _read(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UpdateError(f"cannot read the private key: {exc.strerror or exc}", path) from exc


def is_protected(path: Path) -> bool:
    """Whether the private key file is encrypted (so a passphrase must be asked for)."""
    return _ENCRYPTED_MARK in _read(path)


def load_signing_key(path: Path, passphrase: str | None) -> Ed25519PrivateKey:
    """The private key, decrypted with the passphrase when it is protected. Raises UpdateError
    "wrong passphrase for the signing key" when it does not open it.
    """
    data = _read(path)
    protected = _ENCRYPTED_MARK in data
    if protected and not passphrase:
        raise UpdateError("the signing key is protected: a passphrase is needed", path)
    try:
        key = serialization.load_pem_private_key(
            data, password=passphrase.encode("utf-8") if protected and passphrase else None
        )
    except ValueError as exc:
        if protected:
            raise UpdateError("wrong passphrase for the signing key", path) from exc
        raise UpdateError("not a PEM private key", path) from exc
    except TypeError as exc:
        raise UpdateError("not a PEM private key", path) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise UpdateError("the private key is not an Ed25519 key", path)
    return key
