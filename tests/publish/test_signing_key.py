"""The signing key is protected by a passphrase, and a pack can move workstations to a new key."""

from __future__ import annotations

import os
import stat

import pytest

from handbook.cli import main
from handbook.errors import UpdateError
from handbook.publish.install import active_content, install_pack
from handbook.publish.keys import add_trusted_key
from handbook.publish.private_key import generate_protected_keypair, is_protected, load_signing_key
from handbook.publish.rotation import read_rotation
from tests.publish.conftest import TODAY, sop, write_tree

PASSPHRASE = "correct horse battery"


@pytest.fixture
def protected(tmp_path):
    """A passphrase-protected key pair this workstation trusts: (private, public)."""
    private, public = generate_protected_keypair(tmp_path / "usb", PASSPHRASE)
    add_trusted_key(public)
    return private, public


def build(tmp_path, key, version, passphrase=PASSPHRASE, **options):
    from handbook.publish.build import build_pack

    root = write_tree(tmp_path / f"content-{version}", {"sops/mon.md": sop(summary=f"Edition {version}.")})
    return build_pack(root, key, tmp_path / "out" / f"{version}.zip", version=version, today=TODAY,
                      passphrase=passphrase, **options)  # fmt: skip


def test_private_key_is_encrypted_and_owner_only(protected):
    """The private key file is encrypted PEM with mode 0600; the passphrase opens it."""
    private, _ = protected
    assert is_protected(private)
    assert b"ENCRYPTED PRIVATE KEY" in private.read_bytes()
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert load_signing_key(private, PASSPHRASE) is not None


def test_wrong_passphrase_is_one_clear_error(protected, tmp_path):
    """A wrong passphrase refuses the build with one line naming the key, and writes nothing."""
    with pytest.raises(UpdateError, match="wrong passphrase for the signing key") as caught:
        build(tmp_path, protected[0], "2026.1", passphrase="not the passphrase")
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "out" / "2026.1.zip").exists()


def test_missing_passphrase_is_refused(protected, tmp_path):
    """A protected key without a passphrase is refused, not tried with none."""
    with pytest.raises(UpdateError, match="passphrase is needed"):
        build(tmp_path, protected[0], "2026.1", passphrase=None)


def test_short_passphrase_is_refused(tmp_path):
    """A passphrase too short to protect a key on removable media writes no key."""
    with pytest.raises(UpdateError, match="at least 8"):
        generate_protected_keypair(tmp_path / "usb", "short")
    assert not (tmp_path / "usb").exists()


def test_cli_keygen_and_build_ask_for_the_passphrase(tmp_path, monkeypatch, capsys):
    """keygen asks twice; pack build asks once; a wrong answer is one line on stderr and exit 2."""
    answers = iter([PASSPHRASE, PASSPHRASE, "wrong passphrase!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("handbook.publish.passphrase._need_terminal", lambda: None)  # typed at a terminal
    assert main(["keygen", "--out", str(tmp_path / "usb")]) == 0
    assert "protected by your passphrase" in capsys.readouterr().out
    content = write_tree(tmp_path / "content", {"sops/mon.md": sop()})
    key = tmp_path / "usb" / "handbook-signing.key"
    assert main(["pack", "build", "--content", str(content), "--key", str(key), "--out",
                 str(tmp_path / "p.zip"), "--today", "2026-06-01", "--version", "2026.1"]) == 2  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {key}: wrong passphrase for the signing key"]


def test_cli_keygen_mismatched_passphrases_write_nothing(tmp_path, monkeypatch, capsys):
    """Two different answers at keygen: exit 2 and no key."""
    answers = iter([PASSPHRASE, PASSPHRASE + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("handbook.publish.passphrase._need_terminal", lambda: None)  # typed at a terminal
    assert main(["keygen", "--out", str(tmp_path / "usb")]) == 2
    assert "differ" in capsys.readouterr().err
    assert not (tmp_path / "usb" / "handbook-signing.key").exists()


@pytest.fixture
def rotated(tmp_path, protected):
    """Pack 2026.1 signed by the old key endorses the new key; 2026.2 is signed by the new key."""
    new_private, new_public = generate_protected_keypair(tmp_path / "usb-new", PASSPHRASE + "2")
    first = build(tmp_path, protected[0], "2026.1", next_key=new_public)
    second = build(tmp_path, new_private, "2026.2", passphrase=PASSPHRASE + "2")
    return protected[0], new_private, first, second


def test_rotation_pack_carries_next_key(rotated):
    """The manifest signed by the old key names the new key."""
    _, _, first, second = rotated
    assert first.manifest.next_key
    assert second.manifest.next_key is None


def test_pack_signed_by_unendorsed_new_key_is_refused(rotated):
    """Before the endorsing pack is installed, the new key is just an unknown key."""
    with pytest.raises(UpdateError, match="wrong key"):
        install_pack(rotated[3].path)


def test_rotation_moves_workstation_to_new_key(rotated):
    """Installing the endorsing pack trusts the new key; its first pack then installs and retires the old one."""
    old_private, _, first, second = rotated
    result = install_pack(first.path)
    assert "now also trusting the next signing key" in result.key_note
    result = install_pack(second.path)
    assert "retired" in result.key_note
    assert active_content().pack_version == "2026.2"
    assert len(read_rotation().retired) == 1


def test_pack_signed_by_retired_key_is_refused(rotated, tmp_path):
    """After the rotation, a newer pack signed by the old key is refused, naming the retired key."""
    old_private, _, first, second = rotated
    install_pack(first.path)
    install_pack(second.path)
    late = build(tmp_path, old_private, "2026.3")
    with pytest.raises(UpdateError, match="refused: signed by retired key .* moved to key"):
        install_pack(late.path)
    assert active_content().pack_version == "2026.2"


def test_next_key_equal_to_signing_key_is_refused(protected, tmp_path):
    """Endorsing the signing key itself is a mistake, refused at build."""
    with pytest.raises(UpdateError, match="next key is the signing key"):
        build(tmp_path, protected[0], "2026.1", next_key=protected[1])


def test_cli_verify_refuses_retired_signer_and_names_rotation(rotated, capsys):
    """`pack verify` says a pack endorses a next key, and refuses one signed by a retired key."""
    from handbook.cli import main

    old_private, _, first, second = rotated
    assert main(["pack", "verify", str(first.path)]) == 0
    assert "endorses the next signing key" in capsys.readouterr().out
    install_pack(first.path)
    install_pack(second.path)
    assert main(["pack", "verify", str(first.path)]) == 2
    assert "signed by retired key" in capsys.readouterr().err


def test_cli_keygen_without_a_terminal_is_one_line(tmp_path, monkeypatch, capsys):
    """No terminal and no HANDBOOK_KEY_PASSPHRASE: one line saying how to give it; no key written."""
    monkeypatch.delenv("HANDBOOK_KEY_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin", open(os.devnull))  # noqa: SIM115 - closed with the test process
    assert main(["keygen", "--out", str(tmp_path / "usb")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: a passphrase is needed: type it in a terminal or set HANDBOOK_KEY_PASSPHRASE"]
    assert not (tmp_path / "usb" / "handbook-signing.key").exists()


@pytest.mark.parametrize("text", ["[]", '"x"', "3", '{"endorsed": [], "retired": []}', "{not json"])
def test_rotation_record_malformed_is_one_clear_error(text):
    """A rotation record that is not the expected JSON object is refused with one line, never a crash."""
    from handbook.publish.rotation import read_rotation, rotation_file

    path = rotation_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UpdateError, match="rotation record"):
        read_rotation()
