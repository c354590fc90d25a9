"""The publishing commands: exit codes and one-line reasons."""

from __future__ import annotations

import stat
import subprocess
import sys
import zipfile

import pytest

from handbook.cli import main
from tests.publish.conftest import sop, write_tree


@pytest.fixture
def content(tmp_path):
    return write_tree(tmp_path / "content", {"sops/mon.md": sop()})


@pytest.fixture
def keypair(tmp_path, capsys, monkeypatch):
    # keygen and pack build ask for the key's passphrase; a scripted run gives it in the environment.
    monkeypatch.setenv("HANDBOOK_KEY_PASSPHRASE", "correct horse battery")
    assert main(["keygen", "--out", str(tmp_path / "keys")]) == 0
    capsys.readouterr()
    return tmp_path / "keys" / "handbook-signing.key", tmp_path / "keys" / "handbook-signing.pub"


def build(content, keypair, out, *extra: str) -> int:
    return main(["pack", "build", "--content", str(content), "--key", str(keypair[0]), "--out", str(out),
                 "--today", "2026-06-01", *extra])  # fmt: skip


def error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


def test_cli_keygen_writes_owner_only_private_key(keypair):
    """keygen exits 0 and writes the private key with mode 0600."""
    assert stat.S_IMODE(keypair[0].stat().st_mode) == 0o600
    assert keypair[1].read_text().startswith("-----BEGIN PUBLIC KEY-----")


def test_cli_keygen_existing_key_exits_2(keypair, capsys):
    """keygen into a folder that has a key exits 2 with one line."""
    assert main(["keygen", "--out", str(keypair[0].parent)]) == 2
    assert "already exists" in error_line(capsys)


def test_cli_pack_build_verify_import_succeed(content, keypair, tmp_path, capsys):
    """build, verify --trust, import --trust and status all exit 0; the key is trusted afterwards."""
    pack = tmp_path / "p.zip"
    assert build(content, keypair, pack, "--version", "2026.2", "--approver", "Medical director") == 0
    assert "version 2026.2" in capsys.readouterr().out
    assert main(["pack", "verify", str(pack), "--trust", str(keypair[1])]) == 0
    assert capsys.readouterr().out.startswith(f"OK {pack}: version 2026.2")
    assert main(["pack", "import", str(pack), "--trust", str(keypair[1]), "--yes"]) == 0
    assert "installed version 2026.2 (was: bundled content)" in capsys.readouterr().out
    assert main(["pack", "verify", str(pack)]) == 0
    assert main(["pack", "status"]) == 0
    assert "showing: update pack 2026.2" in capsys.readouterr().out


def test_cli_pack_build_with_lint_errors_exits_1(tmp_path, keypair, capsys):
    """Content with lint errors: every problem printed, a one-line reason, exit 1, no pack."""
    content = write_tree(tmp_path / "bad", {"sops/mon.md": sop(owner=None)})
    assert build(content, keypair, tmp_path / "p.zip", "--version", "2026.2") == 1
    out = capsys.readouterr()
    assert "H002 missing required field 'owner'" in out.out
    assert out.err.strip().endswith("content has 1 lint error(s); pack not built")
    assert not (tmp_path / "p.zip").exists()


def test_cli_pack_verify_untrusted_exits_2(content, keypair, tmp_path, capsys):
    """A pack from a key this workstation does not trust: exit 2, one line naming the reason."""
    build(content, keypair, tmp_path / "p.zip", "--version", "2026.2")
    capsys.readouterr()
    assert main(["pack", "verify", str(tmp_path / "p.zip")]) == 2
    assert "wrong key" in error_line(capsys)


def test_cli_pack_verify_tampered_exits_2(content, keypair, tmp_path, capsys):
    """A pack with an altered file: exit 2 and one line naming the file."""
    build(content, keypair, tmp_path / "p.zip", "--version", "2026.2")
    with zipfile.ZipFile(tmp_path / "p.zip") as source, zipfile.ZipFile(tmp_path / "t.zip", "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data.replace(b"safe", b"SAFE") if name == "content/sops/mon.md" else data)
    capsys.readouterr()
    assert main(["pack", "verify", str(tmp_path / "t.zip"), "--trust", str(keypair[1])]) == 2
    assert error_line(capsys).endswith("file hash mismatch (tampered or corrupt): content/sops/mon.md")


def test_cli_pack_import_downgrade_exits_2(content, keypair, tmp_path, capsys):
    """Importing the same version twice: the second is a downgrade, exit 2, one line."""
    build(content, keypair, tmp_path / "p.zip", "--version", "2026.2")
    assert main(["pack", "import", str(tmp_path / "p.zip"), "--trust", str(keypair[1]), "--yes"]) == 0
    capsys.readouterr()
    assert main(["pack", "import", str(tmp_path / "p.zip")]) == 2
    assert "downgrade refused" in error_line(capsys)


def test_cli_pack_import_failure_does_not_trust_key(content, keypair, tmp_path, capsys):
    """--trust is saved only when the import succeeds."""
    (tmp_path / "junk.zip").write_bytes(b"junk")
    assert main(["pack", "import", str(tmp_path / "junk.zip"), "--trust", str(keypair[1]), "--yes"]) == 2
    assert "corrupt" in error_line(capsys)
    assert main(["pack", "verify", str(tmp_path / "junk.zip")]) == 2
    build(content, keypair, tmp_path / "p.zip", "--version", "2026.2")
    capsys.readouterr()
    assert main(["pack", "verify", str(tmp_path / "p.zip")]) == 2
    assert "wrong key" in error_line(capsys)


def test_cli_pack_rollback_without_install_exits_2(capsys):
    """rollback with nothing installed: exit 2, one line."""
    assert main(["pack", "rollback"]) == 2
    assert "nothing to roll back" in error_line(capsys)


def test_cli_pack_commands_never_import_qt(content, keypair, tmp_path):
    """`python -m handbook pack verify` runs without PySide6 and prints one line on refusal."""
    build(content, keypair, tmp_path / "p.zip", "--version", "2026.2")
    code = (
        "import sys, runpy; sys.argv = ['handbook', 'pack', 'verify', sys.argv[1]]\n"
        "from handbook.__main__ import main\n"
        "status = main()\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'\n"
        "sys.exit(status)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "p.zip")], capture_output=True, text=True
    )
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "wrong key" in done.stderr


def test_cli_pack_import_trust_needs_confirmation(content, keypair, tmp_path, capsys, monkeypatch):
    """--trust shows the key's fingerprint and, without --yes and without a terminal, trusts nothing."""
    from handbook.publish.keys import fingerprint, load_public_key, trusted_keys

    pack = tmp_path / "p.zip"
    assert build(content, keypair, pack, "--version", "2026.2") == 0
    capsys.readouterr()
    before = len(trusted_keys())
    assert main(["pack", "import", str(pack), "--trust", str(keypair[1])]) == 2
    out, err = capsys.readouterr()
    shown = fingerprint(load_public_key(keypair[1]))
    assert shown in out
    assert "--yes" in err
    assert len(err.strip().splitlines()) == 1
    assert len(trusted_keys()) == before


def test_cli_pack_import_trust_asks_on_a_terminal(content, keypair, tmp_path, capsys, monkeypatch):
    """On a terminal the user is asked; anything but 'yes' installs and trusts nothing."""
    pack = tmp_path / "p.zip"
    assert build(content, keypair, pack, "--version", "2026.2") == 0
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda _prompt: "no")
    assert main(["pack", "import", str(pack), "--trust", str(keypair[1])]) == 2
    assert "key not trusted" in capsys.readouterr().err
