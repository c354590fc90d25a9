"""Building and verifying signed update packs: every kind of tampering is refused with a reason."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

import search
from handbook.errors import UpdateError
from handbook.publish.build import ContentNotReady, build_pack
from handbook.publish.keys import trusted_keys
from handbook.publish.manifest import MANIFEST_NAME, SIGNATURE_NAME, parse_version
from handbook.publish.verify import verify_pack
from tests.publish.conftest import TODAY, card, sop, write_tree


def rewrite(
    pack: Path, out: Path, change: dict[str, bytes | None], add: dict[str, bytes] | None = None
) -> Path:
    """Copy a pack, replacing (bytes) or dropping (None) entries and adding new ones."""
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = change.get(info.filename, source.read(info.filename))
            if data is not None:
                target.writestr(info.filename, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return out


def entry_names(pack: Path) -> list[str]:
    with zipfile.ZipFile(pack) as archive:
        return archive.namelist()


def flip_first_byte(data: bytes) -> bytes:
    """One byte changed (an empty file gains one)."""
    return bytes([data[0] ^ 0x01]) + data[1:] if data else b"\x00"


def test_pack_round_trip_verifies(make_pack):
    """A freshly built pack verifies against the trusted key and reports its version and files."""
    built = make_pack("2026.2", approver="Medical director")
    verified = verify_pack(built.path, trusted_keys())
    assert verified.manifest.version == "2026.2"
    assert verified.manifest.approver == "Medical director"
    assert "content/sops/mon.md" in verified.manifest.by_path()


def test_pack_manifest_hashes_every_file(make_pack):
    """The manifest lists every entry but itself and its signature, with its SHA-256 and size."""
    built = make_pack("2026.2")
    with zipfile.ZipFile(built.path) as archive:
        names = set(archive.namelist()) - {MANIFEST_NAME, SIGNATURE_NAME}
        listed = built.manifest.by_path()
        assert names == set(listed)
        for name in names:
            data = archive.read(name)
            assert (hashlib.sha256(data).hexdigest(), len(data)) == (listed[name].sha256, listed[name].size)
    assert any(name.startswith("index/") for name in names)


def test_pack_index_opens_with_manifest_fingerprint(make_pack, tmp_path):
    """The prebuilt index in the pack opens with the fingerprint the manifest records."""
    built = make_pack("2026.2")
    with zipfile.ZipFile(built.path) as archive:
        archive.extractall(tmp_path / "unpacked", [n for n in archive.namelist() if n.startswith("index/")])
    searcher = search.open_index(
        tmp_path / "unpacked" / "index", expected_fingerprint=built.manifest.index_fingerprint
    )
    assert searcher.search("vital signs")[0].doc_id == "SOP-MON-001"


def test_pack_flipped_byte_in_any_file_is_refused(make_pack, tmp_path):
    """Changing one byte of any entry (manifest, signature, content or index file) is refused."""
    built = make_pack("2026.2")
    names = entry_names(built.path)
    assert len(names) > 4
    for number, name in enumerate(names):
        with zipfile.ZipFile(built.path) as archive:
            data = archive.read(name)
        tampered = rewrite(built.path, tmp_path / f"t{number}.zip", {name: flip_first_byte(data)})
        with pytest.raises(UpdateError, match="signature|hash mismatch|malformed"):
            verify_pack(tampered, trusted_keys())


def test_pack_flipped_raw_byte_never_passes_altered_content(make_pack, tmp_path):
    """Flipping any byte of the zip file is refused, unless it hit unsigned zip bookkeeping (a timestamp):
    then every file still reads back exactly as signed."""
    built = make_pack("2026.2")
    raw = built.path.read_bytes()
    with zipfile.ZipFile(built.path) as archive:
        original = {name: archive.read(name) for name in archive.namelist()}
    refused = 0
    for offset in range(0, len(raw), max(1, len(raw) // 300)):
        damaged = tmp_path / "damaged.zip"
        damaged.write_bytes(raw[:offset] + bytes([raw[offset] ^ 0xFF]) + raw[offset + 1 :])
        try:
            verify_pack(damaged, trusted_keys())
        except UpdateError:
            refused += 1
            continue
        with zipfile.ZipFile(damaged) as archive:
            assert {name: archive.read(name) for name in archive.namelist()} == original
    assert refused > 0


def test_pack_signed_by_untrusted_key_is_refused(make_pack, other_keys):
    """A pack signed with a key the workstation does not trust is refused as 'wrong key'."""
    built = make_pack("2026.2", key=other_keys[0])
    with pytest.raises(UpdateError, match="wrong key"):
        verify_pack(built.path, trusted_keys())


def test_pack_signature_swapped_is_refused(make_pack, other_keys, tmp_path):
    """A manifest re-signed by another key but claiming the trusted key's id is a bad signature."""
    good = make_pack("2026.2")
    bad = build_pack(write_tree(tmp_path / "c", {"sops/mon.md": sop()}), other_keys[0], tmp_path / "o.zip",
                     version="2026.2", today=TODAY)  # fmt: skip
    with zipfile.ZipFile(good.path) as archive:
        claimed = json.loads(archive.read(SIGNATURE_NAME))["key_id"]
    with zipfile.ZipFile(bad.path) as archive:
        forged = json.loads(archive.read(SIGNATURE_NAME)) | {"key_id": claimed}
    tampered = rewrite(good.path, tmp_path / "t.zip", {SIGNATURE_NAME: json.dumps(forged).encode()})
    with pytest.raises(UpdateError, match="bad signature"):
        verify_pack(tampered, trusted_keys())


def test_pack_without_signature_is_refused(make_pack, tmp_path):
    """A pack with no manifest.sig is refused as unsigned."""
    built = make_pack("2026.2")
    with pytest.raises(UpdateError, match="unsigned"):
        verify_pack(rewrite(built.path, tmp_path / "t.zip", {SIGNATURE_NAME: None}), trusted_keys())


def test_pack_with_missing_file_is_refused(make_pack, tmp_path):
    """A file listed in the manifest but absent from the zip is refused and named."""
    built = make_pack("2026.2")
    tampered = rewrite(built.path, tmp_path / "t.zip", {"content/sops/mon.md": None})
    with pytest.raises(UpdateError, match="missing from the pack: content/sops/mon.md"):
        verify_pack(tampered, trusted_keys())


def test_pack_with_extra_file_is_refused(make_pack, tmp_path):
    """A file in the zip that the signed manifest does not list is refused and named."""
    built = make_pack("2026.2")
    tampered = rewrite(built.path, tmp_path / "t.zip", {}, {"content/sops/evil.md": b"---\n"})
    with pytest.raises(UpdateError, match="extra file.*content/sops/evil.md"):
        verify_pack(tampered, trusted_keys())


@pytest.mark.parametrize(
    "name", ["../evil.md", "/etc/evil", "content/../../evil", "content\\..\\evil", "C:/evil", "content//x"]
)
def test_pack_path_traversal_entry_is_refused(make_pack, tmp_path, name):
    """Entry names that could write outside the install folder are refused before anything is read."""
    built = make_pack("2026.2")
    tampered = rewrite(built.path, tmp_path / "t.zip", {}, {name: b"x"})
    with pytest.raises(UpdateError, match="unsafe entry name"):
        verify_pack(tampered, trusted_keys())


def test_pack_zip_bomb_entry_is_refused(make_pack, tmp_path):
    """An entry that inflates far beyond its compressed size is refused as a zip bomb."""
    built = make_pack("2026.2")
    tampered = rewrite(built.path, tmp_path / "t.zip", {}, {"content/bomb.md": bytes(8 * 1024 * 1024)})
    with pytest.raises(UpdateError, match="zip bomb"):
        verify_pack(tampered, trusted_keys())


def test_pack_symlink_entry_is_refused(make_pack, tmp_path):
    """A zip entry that is a symbolic link is refused."""
    built = make_pack("2026.2")
    out = rewrite(built.path, tmp_path / "t.zip", {})
    with zipfile.ZipFile(out, "a") as archive:
        link = zipfile.ZipInfo("content/link.md")
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(UpdateError, match="link"):
        verify_pack(out, trusted_keys())


def test_pack_that_is_not_a_zip_is_refused(tmp_path, keys):
    """A file that is not a zip is refused as corrupt; a missing file as not found."""
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip at all")
    with pytest.raises(UpdateError, match="corrupt"):
        verify_pack(junk, trusted_keys())
    with pytest.raises(UpdateError, match="not found"):
        verify_pack(tmp_path / "absent.zip", trusted_keys())


def test_pack_build_refuses_content_with_lint_errors(make_pack, tmp_path):
    """Lint errors stop the build, list every problem, and write no pack."""
    with pytest.raises(ContentNotReady) as caught:
        make_pack("2026.2", {"sops/mon.md": sop(owner=None)})
    assert any(p.code == "H002" for p in caught.value.problems)
    assert not (tmp_path / "packs-out" / "2026.2.zip").exists()


def test_pack_build_refuses_links_to_revoked_documents(make_pack):
    """Revoking a document that another one links to is a lint error (L001) in the pack's content."""
    linking = sop() + "\nSee [card](CARD-HTN-001).\n"
    with pytest.raises(ContentNotReady) as caught:
        make_pack("2026.2", {"sops/mon.md": linking, "cards/htn.md": card()}, revoked=["CARD-HTN-001"])
    assert [p.code for p in caught.value.problems if p.code.startswith("L")] == ["L001"]


def test_pack_build_ignores_problems_of_revoked_documents(make_pack):
    """A revoked document's own problems (here: past its review date) do not block the build."""
    stale = card(review_by="2026-02-01")
    built = make_pack("2026.2", {"sops/mon.md": sop(), "cards/htn.md": stale}, revoked=["CARD-HTN-001"])
    assert built.manifest.revoked == ("CARD-HTN-001",)


def test_pack_build_refuses_bad_version_or_revoke(make_pack):
    """A version that is not dotted numbers, or a revoke that is not an id, is refused."""
    with pytest.raises(UpdateError, match="dotted numbers"):
        make_pack("v2")
    with pytest.raises(UpdateError, match="not a document id"):
        make_pack("2026.2", revoked=["mon.md"])


def test_pack_build_records_previous_and_refuses_older(make_pack):
    """--previous records the previous pack's SHA-256 and refuses a version not above it."""
    first = make_pack("2026.2")
    second = make_pack("2026.3", previous=first.path)
    assert second.manifest.previous == hashlib.sha256(first.path.read_bytes()).hexdigest()
    with pytest.raises(UpdateError, match="not newer than the previous"):
        make_pack("2026.1", previous=first.path)


def test_pack_build_keeps_replaced_versions_in_history(make_pack):
    """A document whose version rises keeps its previous approved text in the new pack's history."""
    first = make_pack("2026.2")
    second = make_pack("2026.3", {"sops/mon.md": sop(version=2)}, previous=first.path)
    assert "content/history/SOP-MON-001/1.md" in second.manifest.by_path()
    third = make_pack("2026.4", {"sops/mon.md": sop(version=3)}, previous=second.path)
    assert {"content/history/SOP-MON-001/1.md", "content/history/SOP-MON-001/2.md"} <= set(
        third.manifest.by_path()
    )


def test_pack_build_refuses_a_content_symlink(make_pack, tmp_path):
    """A link inside the content folder is refused (a pack carries bytes, not pointers)."""
    root = write_tree(tmp_path / "content-2026.2", {"sops/mon.md": sop()})
    (root / "sops" / "link.md").symlink_to(root / "sops" / "mon.md")
    with pytest.raises(UpdateError, match="link"):
        make_pack("2026.2")


def test_parse_version_orders_numerically():
    """2026.10 is newer than 2026.9; malformed versions are refused."""
    assert parse_version("2026.10") > parse_version("2026.9")
    with pytest.raises(UpdateError):
        parse_version("2026.x")


def test_pack_folder_entry_is_called_a_folder(make_pack, tmp_path):
    """A directory entry is refused as a folder entry, not called path traversal."""
    built = make_pack("2026.2")
    tampered = rewrite(built.path, tmp_path / "t.zip", {}, {"content/sops/": b""})
    with pytest.raises(UpdateError, match="folder entry 'content/sops/'") as caught:
        verify_pack(tampered, trusted_keys())
    assert "traversal" not in str(caught.value)
