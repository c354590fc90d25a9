"""Signing keys: generation, file permissions, trust store."""

from __future__ import annotations

import stat

import pytest

from handbook.errors import UpdateError
from handbook.publish import keys as keys_module
from handbook.publish.keys import (
    add_trusted_key,
    generate_keypair,
    key_id,
    load_private_key,
    load_public_key,
    trusted_keys,
)


def test_keygen_private_key_is_owner_only(tmp_path):
    """The private key file is mode 0600; the public key is readable by all."""
    private, public = generate_keypair(tmp_path / "k")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(public.stat().st_mode) == 0o644
    assert key_id(load_private_key(private).public_key()) == key_id(load_public_key(public))


def test_keygen_refuses_to_overwrite_a_private_key(tmp_path):
    """Generating into a folder that holds a key is refused: the old key would be lost."""
    generate_keypair(tmp_path / "k")
    with pytest.raises(UpdateError, match="already exists"):
        generate_keypair(tmp_path / "k")


def test_keygen_unwritable_folder_is_refused(tmp_path, monkeypatch):
    """An OSError while writing becomes an UpdateError with the reason."""

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(keys_module, "replace_atomically", fail)
    with pytest.raises(UpdateError, match="Permission denied"):
        generate_keypair(tmp_path / "k")


def test_add_trusted_key_is_then_trusted(tmp_path):
    """A key added to the workstation appears among the trusted keys, after the bundled ones."""
    _, public = generate_keypair(tmp_path / "k")
    added = add_trusted_key(public)
    assert added.key_id in [key.key_id for key in trusted_keys()]
    assert trusted_keys()[0].source.parent.name == "keys"  # the bundled clinic key comes first


def test_load_keys_reject_garbage_and_wrong_kind(tmp_path):
    """Non-PEM files and a private key given as public (and vice versa) are refused with a reason."""
    private, public = generate_keypair(tmp_path / "k")
    junk = tmp_path / "junk.pub"
    junk.write_text("hello")
    with pytest.raises(UpdateError, match="not a PEM public key"):
        load_public_key(junk)
    with pytest.raises(UpdateError, match="not a PEM public key"):
        load_public_key(private)
    with pytest.raises(UpdateError, match="not an unencrypted PEM private key"):
        load_private_key(public)
    with pytest.raises(UpdateError, match="cannot read"):
        load_public_key(tmp_path / "absent.pub")


def test_corrupt_trusted_key_file_is_an_error(tmp_path):
    """A damaged key in the trust store is reported, not silently skipped."""
    add_trusted_key(generate_keypair(tmp_path / "k")[1]).source.write_text("damaged")
    with pytest.raises(UpdateError):
        trusted_keys()
