"""Installing packs: atomic, no downgrade, one-step rollback, revocation, re-verified at start-up."""

from __future__ import annotations

import json
import zipfile

import pytest

from handbook import paths
from handbook.errors import ContentError, UpdateError
from handbook.library.loader import load_library
from handbook.publish import install
from handbook.publish.install import (
    active_content,
    install_pack,
    packs_dir,
    read_state,
    rollback,
)
from handbook.publish.keys import trusted_keys
from handbook.publish.state import load_content
from handbook.publish.verify import verify_pack
from tests.publish.conftest import card, sop


def shown_ids(active) -> set[str]:
    library = load_content(active).library
    return {doc.id for doc in library.documents}


def test_active_content_without_install_is_bundled(keys):
    """With nothing installed the app shows the bundled content and no pack version."""
    active = active_content()
    assert active.content_dir == paths.bundled_content_dir()
    assert (active.pack_version, active.revoked, active.warning) == (None, frozenset(), "")


def test_install_makes_pack_active(make_pack):
    """An installed pack becomes the active content, with its own prebuilt index."""
    built = make_pack("2026.2", {"sops/mon.md": sop(), "cards/htn.md": card()})
    result = install_pack(built.path)
    active = active_content()
    assert active == result.active
    assert active.pack_version == "2026.2"
    assert active.content_dir == packs_dir() / "2026.2" / "content"
    assert active.index_dir == packs_dir() / "2026.2" / "index"
    assert shown_ids(active) == {"SOP-MON-001", "CARD-HTN-001"}


def test_install_reports_what_changed(make_pack):
    """The result names added and changed documents with versions, flag and change note."""
    install_pack(make_pack("2026.2").path)
    newer = {"sops/mon.md": sop(version=2, change="editorial", change_note="Typo."), "cards/htn.md": card()}
    changes = install_pack(make_pack("2026.3", newer).path).changes
    assert [(c.doc_id, c.old_version, c.new_version, c.change, c.change_note) for c in changes.changed] == [
        ("SOP-MON-001", 1, 2, "editorial", "Typo.")
    ]
    assert [c.doc_id for c in changes.added] == ["CARD-HTN-001"]
    assert changes.material == (changes.added[0],)


@pytest.mark.parametrize("version", ["2026.2", "2026.1"])
def test_install_refuses_same_or_older_version(make_pack, version):
    """A pack not newer than the installed one is refused as a downgrade and changes nothing."""
    install_pack(make_pack("2026.2").path)
    other = make_pack(version, {"sops/mon.md": sop(version=5)})
    with pytest.raises(UpdateError, match="downgrade refused"):
        install_pack(other.path)
    assert active_content().pack_version == "2026.2"


def test_install_refuses_pack_older_than_bundled_edition(make_pack, bundled_content):
    """The bundled content's edition also counts as installed: an older pack is a downgrade."""
    info = bundled_content / "handbook.yaml"
    info.write_text(info.read_text().replace('edition: "T1"', 'edition: "2026.5"'))
    with pytest.raises(UpdateError, match=r"not newer than installed 2026.5 \(bundled\)"):
        install_pack(make_pack("2026.2").path)


@pytest.mark.parametrize("step", ["unpack", "verify_folder", "_move_into_place", "write_state"])
def test_install_interrupted_at_any_step_keeps_previous_content(make_pack, monkeypatch, step):
    """A failure while unpacking, re-verifying, moving or swapping leaves the previous pack active and
    intact, and leaves no half-installed folder behind."""
    install_pack(make_pack("2026.2").path)
    newer = make_pack("2026.3", {"sops/mon.md": sop(version=2)})

    def interrupted(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(install, step, interrupted)
        with pytest.raises((UpdateError, OSError)):
            install_pack(newer.path)
    active = active_content()
    assert (active.pack_version, active.warning) == ("2026.2", "")
    assert read_state().current == "2026.2"
    assert sorted(p.name for p in packs_dir().iterdir()) == ["2026.2", "current.json"]
    assert install_pack(newer.path).active.pack_version == "2026.3"


def test_install_unwritable_data_folder_is_refused(make_pack, monkeypatch):
    """When the user data folder cannot be written the install is refused with the reason."""
    built = make_pack("2026.2")

    def no_space(*args: object, **kwargs: object) -> str:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(install.tempfile, "mkdtemp", no_space)
    with pytest.raises(UpdateError, match="cannot write to the user data folder: Read-only file system"):
        install_pack(built.path)
    assert active_content().pack_version is None


def test_rollback_returns_to_previous_pack_then_bundled(make_pack):
    """Rollback goes one step back: to the previous pack, then to the bundled content, then refuses."""
    install_pack(make_pack("2026.2").path)
    install_pack(make_pack("2026.3", {"sops/mon.md": sop(version=2)}).path)
    assert rollback().pack_version == "2026.2"
    assert load_library(active_content().content_dir).library.get("SOP-MON-001").version == 1
    assert rollback().pack_version is None
    with pytest.raises(UpdateError, match="nothing to roll back"):
        rollback()


def test_rollback_refuses_a_damaged_previous_pack(make_pack):
    """Rollback onto a previous pack whose files were altered is refused; the current one stays."""
    install_pack(make_pack("2026.2").path)
    install_pack(make_pack("2026.3", {"sops/mon.md": sop(version=2)}).path)
    (packs_dir() / "2026.2" / "content" / "sops" / "mon.md").write_text("tampered")
    with pytest.raises(UpdateError, match="hash mismatch"):
        rollback()
    assert active_content().pack_version == "2026.3"


def test_install_keeps_only_current_and_previous(make_pack):
    """After three installs only the last two packs remain on disk."""
    for number in (2, 3, 4):
        install_pack(make_pack(f"2026.{number}", {"sops/mon.md": sop(version=number)}).path)
    assert sorted(p.name for p in packs_dir().iterdir()) == ["2026.3", "2026.4", "current.json"]


def test_revocation_hides_document(make_pack):
    """A revoked document is not in the active library, and the active content names it."""
    install_pack(make_pack("2026.2", {"sops/mon.md": sop(), "cards/htn.md": card()}).path)
    result = install_pack(
        make_pack("2026.3", {"sops/mon.md": sop(), "cards/htn.md": card()}, revoked=["CARD-HTN-001"]).path
    )
    assert active_content().revoked == frozenset({"CARD-HTN-001"})
    assert shown_ids(active_content()) == {"SOP-MON-001"}
    assert [c.doc_id for c in result.changes.removed] == ["CARD-HTN-001"]


def test_startup_refuses_tampered_installed_pack(make_pack):
    """A file altered after install is caught at start-up: the previous pack is shown, with a warning."""
    install_pack(make_pack("2026.2").path)
    install_pack(make_pack("2026.3", {"sops/mon.md": sop(version=2)}).path)
    target = packs_dir() / "2026.3" / "content" / "sops" / "mon.md"
    target.write_text(target.read_text().replace("Keep the patient safe.", "Skip checks."))
    active = active_content()
    assert active.pack_version == "2026.2"
    assert "installed update 2026.3 refused: file hash mismatch" in active.warning


def test_startup_refuses_extra_file_in_installed_pack(make_pack):
    """A document slipped into an installed pack's folder is caught: bundled content, with a warning."""
    install_pack(make_pack("2026.2").path)
    (packs_dir() / "2026.2" / "content" / "sops" / "evil.md").write_text("---\n")
    active = active_content()
    assert active.pack_version is None
    assert "extra file" in active.warning


def test_startup_with_damaged_state_file_uses_bundled_content(make_pack):
    """An unreadable current.json means bundled content and a warning, never a crash."""
    install_pack(make_pack("2026.2").path)
    (packs_dir() / "current.json").write_text("{not json")
    active = active_content()
    assert active.pack_version is None
    assert "install state is unreadable" in active.warning


def test_state_file_cannot_point_outside_packs(make_pack):
    """A hand-edited current.json naming a path is refused (versions are dotted numbers only)."""
    packs_dir().mkdir(parents=True)
    (packs_dir() / "current.json").write_text(json.dumps({"current": "../../etc", "previous": None}))
    assert "is not dotted numbers" in active_content().warning


def test_startup_prefers_newer_bundled_content(make_pack, bundled_content):
    """When the app itself ships a newer edition than the installed pack, the bundled content wins."""
    install_pack(make_pack("2026.2").path)
    info = bundled_content / "handbook.yaml"
    info.write_text(info.read_text().replace('edition: "T1"', 'edition: "2026.7"'))
    assert active_content().pack_version is None


def test_install_with_damaged_state_still_refuses_downgrade(make_pack):
    """A damaged current.json does not open the door to a downgrade: installed folders still count."""
    install_pack(make_pack("2026.3").path)
    (packs_dir() / "current.json").write_text("{not json")
    with pytest.raises(UpdateError, match="downgrade"):
        install_pack(make_pack("2026.2").path)
    assert install_pack(make_pack("2026.4").path).active.pack_version == "2026.4"


def test_install_succeeds_even_when_changes_cannot_be_listed(make_pack, monkeypatch):
    """The list of changes is informative: failing to build it does not undo or fail the install."""

    def unreadable(content):
        raise ContentError("content folder not found or not a folder", content.content_dir)

    monkeypatch.setattr(install, "load_content", unreadable)
    result = install_pack(make_pack("2026.2").path)
    assert result.changes.lines() == [
        "the changes could not be listed: content folder not found or not a folder"
    ]
    assert active_content().pack_version == "2026.2"


def test_unpack_refuses_a_pack_swapped_after_verification(make_pack, tmp_path):
    """If the file is replaced between verification and unpacking, unlisted or longer files are refused."""
    built = make_pack("2026.2")
    verified = verify_pack(built.path, trusted_keys())
    swapped = tmp_path / "swapped.zip"
    with zipfile.ZipFile(built.path) as source, zipfile.ZipFile(swapped, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data + b"more" if name == "content/sops/mon.md" else data)
    swapped.replace(built.path)
    with pytest.raises(UpdateError, match="hash mismatch"):
        install.unpack(verified, tmp_path / "out")


@pytest.mark.parametrize("swap", ["same-size", "missing"])
def test_unpack_checks_each_file_against_the_verified_manifest(make_pack, tmp_path, swap):
    """The unpacked folder is not verified a second time, so unpacking itself refuses a swapped zip whose
    file has the listed size but other bytes, or lacks a listed file.
    """
    built = make_pack("2026.2")
    verified = verify_pack(built.path, trusted_keys())
    swapped = tmp_path / "swapped.zip"
    with zipfile.ZipFile(built.path) as source, zipfile.ZipFile(swapped, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "content/sops/mon.md":
                if swap == "missing":
                    continue
                data = data.replace(b"safe", b"SAFE")
            target.writestr(name, data)
    swapped.replace(built.path)
    with pytest.raises(UpdateError, match="hash mismatch" if swap == "same-size" else "missing"):
        install.unpack(verified, tmp_path / "out")


def test_install_floor_survives_rollback(make_pack):
    """After 2026.3 was installed and rolled back, an older signed pack (2026.2) is refused: the floor stays."""
    older = make_pack("2026.2").path
    install_pack(make_pack("2026.3", {"sops/mon.md": sop(version=2)}).path)
    assert rollback().pack_version is None
    with pytest.raises(UpdateError, match=r"older than version 2026\.3"):
        install_pack(older)
    assert (
        install_pack(make_pack("2026.3", {"sops/mon.md": sop(version=2)}).path).manifest.version == "2026.3"
    )
