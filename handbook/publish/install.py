"""Install update packs on a workstation atomically, roll back one step, and say what content is active.

Layout in the user data folder::

    packs/<version>/{manifest.json, manifest.sig, content/..., index/...}   one folder per installed pack
    packs/current.json   {"current": "<version>", "previous": "<version>" | null}, replaced atomically

An install verifies the pack once (signature, then every file's hash), unpacks into `packs/.incoming-*`
writing only bytes whose hash matches that verified manifest, moves the folder into place and only then
replaces current.json: until that last step the workstation shows what it showed before, and a failure
at any step leaves it so. The new content is not verified again after the install. At start-up the
active pack is verified (signature and hashes); a damaged pack is never shown: the previous one, or the
bundled content, is used with a warning.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from handbook import paths
from handbook.errors import HandbookError, UpdateError
from handbook.library.loader import INFO_FILE
from handbook.publish.changes import ChangeSummary, changes_between
from handbook.publish.keys import TrustedKey, trusted_keys
from handbook.publish.manifest import MANIFEST_NAME, SIGNATURE_NAME, Manifest, parse_version
from handbook.publish.rotation import after_install, check_not_retired
from handbook.publish.state import (
    STATE_FILE,
    ActiveContent,
    InstallState,
    LoadedContent,
    bundled_content,
    load_content,
    packs_dir,
    read_json_object,
)
from handbook.publish.verify import VerifiedPack, check_entry_name, verify_folder, verify_pack
from handbook.storage import replace_atomically

log = logging.getLogger("handbook")


@dataclass(frozen=True, slots=True)
class InstallResult:
    """An installed pack: its manifest, what is now active, and what changed for staff."""

    manifest: Manifest
    replaced: str | None
    active: ActiveContent
    changes: ChangeSummary
    loaded: LoadedContent | None = None  # the new content, when the installer also loaded it
    key_note: str = ""  # key rotation: a next key now trusted, an old key retired


@dataclass(frozen=True, slots=True)
class PlacedPack:
    """A pack verified once, unpacked and made current: what is active now and what it replaced."""

    manifest: Manifest
    replaced: str | None
    active: ActiveContent
    key_note: str = ""


def read_state() -> InstallState:
    """The install state; no file means nothing installed. A damaged file is an UpdateError."""
    path = packs_dir() / STATE_FILE
    raw = read_json_object(path, "install state")
    if raw is None:
        return InstallState()
    versions = [raw.get(name) for name in ("current", "previous", "highest")]
    if any(v is not None and not isinstance(v, str) for v in versions):
        raise UpdateError("install state names a version that is not text", path)
    state = InstallState(*(v if isinstance(v, str) else None for v in versions))
    for version in (state.current, state.previous, state.highest):
        if version is not None:
            parse_version(version, path)  # also keeps a hand-edited value from naming a path
    return state


def write_state(state: InstallState) -> None:
    """Replace current.json atomically: this is the switch from one pack to another."""
    fields = {"current": state.current, "previous": state.previous, "highest": state.highest}
    data = json.dumps(fields, indent=1).encode("utf-8")
    try:
        replace_atomically(packs_dir() / STATE_FILE, data)
    except OSError as exc:
        raise UpdateError(f"cannot record the installed pack: {exc.strerror or exc}", packs_dir()) from exc


def bundled_version() -> tuple[int, ...] | None:
    """The bundled content's edition as a version, or None when it has none in dotted-number form."""
    try:
        info = yaml.safe_load((paths.bundled_content_dir() / INFO_FILE).read_text(encoding="utf-8"))
        return parse_version(str(info.get("edition", "")))
    except (OSError, yaml.YAMLError, AttributeError, UpdateError):
        return None


def _pack_content(folder: Path, manifest: Manifest, warning: str = "") -> ActiveContent:
    index = folder / "index"
    index_dir = index if index.is_dir() else None
    return ActiveContent(
        folder / "content", index_dir, frozenset(manifest.revoked), manifest.version, warning
    )


def active_content(keys: Iterable[TrustedKey] | None = None) -> ActiveContent:
    """The content to show now: the installed pack when one is installed, verifies, and is newer than
    the bundled content; else the previous pack under the same conditions; else the bundled content.

    Never raises for a bad install: the reason goes into `warning`.
    """
    bundled = bundled_content()
    try:
        state = read_state()
        keys = list(trusted_keys() if keys is None else keys)
    except UpdateError as exc:
        return _with_warning(bundled, f"installed updates ignored: {exc}")
    warnings: list[str] = []
    shipped = bundled_version()
    for version in (state.current, state.previous):
        if version is None:
            continue
        if shipped is not None and parse_version(version) <= shipped:
            return _with_warning(bundled, "; ".join(warnings))  # the app itself brought newer content
        folder = packs_dir() / version
        try:
            manifest, _ = verify_folder(folder, keys)
        except UpdateError as exc:
            warnings.append(f"installed update {version} refused: {exc.message}")
            log.warning("installed update %s refused: %s", version, exc)
            continue
        if manifest.version != version:
            warnings.append(f"installed update {version} refused: its manifest says {manifest.version}")
            continue
        return _pack_content(folder, manifest, "; ".join(warnings))
    return _with_warning(bundled, "; ".join(warnings))


def _with_warning(content: ActiveContent, warning: str) -> ActiveContent:
    return ActiveContent(
        content.content_dir, content.index_dir, content.revoked, content.pack_version, warning
    )


def installed_baseline() -> tuple[str, tuple[int, ...]] | None:
    """The newest content this workstation already has (installed pack or bundled edition)."""
    candidates = []
    try:
        state = read_state()
        installed = [state.current] if state.current is not None else []
    except UpdateError as exc:
        # A damaged state file must not block updates, nor open the door to a downgrade.
        log.warning("%s; using the installed pack folders instead", exc)
        installed = [child.name for child in _pack_folders()]
    for version in installed:
        candidates.append((version, parse_version(version)))
    shipped = bundled_version()
    if shipped is not None:
        candidates.append((".".join(map(str, shipped)) + " (bundled)", shipped))
    return max(candidates, key=lambda c: c[1]) if candidates else None


def highest_seen(state: InstallState) -> str | None:
    """The highest pack version ever installed: the recorded floor, or current/previous for older states."""
    versions = [v for v in (state.highest, state.current, state.previous) if v is not None]
    return max(versions, key=parse_version) if versions else None


def check_not_downgrade(manifest: Manifest) -> None:
    """Refuse a pack whose version is not above what the workstation shows, or below the highest ever seen."""
    baseline = installed_baseline()
    if baseline is not None and manifest.version_key <= baseline[1]:
        raise UpdateError(
            f"downgrade refused: version {manifest.version} is not newer than installed {baseline[0]}"
        )
    try:
        floor = highest_seen(read_state())
    except UpdateError:
        floor = max((child.name for child in _pack_folders()), key=parse_version, default=None)
    if floor is not None and manifest.version_key < parse_version(floor):
        raise UpdateError(
            f"downgrade refused: version {manifest.version} is older than version {floor}, "
            "which this workstation has already installed (a rollback does not lower that floor)"
        )


def unpack(verified: VerifiedPack, folder: Path) -> None:
    """Write the pack's files into folder: only the files the verified manifest lists, never more bytes
    than it states, each with the hash the manifest states (the zip could be swapped after it was
    verified), never outside folder. This is what makes a second verification of the folder needless.
    """
    listed = verified.manifest.by_path()
    written: set[str] = set()
    with zipfile.ZipFile(verified.path) as archive:
        for info in archive.infolist():
            if info.filename in (MANIFEST_NAME, SIGNATURE_NAME):
                continue
            check_entry_name(info.filename)
            entry = listed.get(info.filename)
            if entry is None:
                raise UpdateError(f"extra file not in the signed manifest: {info.filename}", verified.path)
            target = folder.joinpath(*info.filename.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, open(target, "wb") as out:
                data = source.read(entry.size + 1)
                if len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256:
                    raise UpdateError(
                        f"file hash mismatch (tampered or corrupt): {info.filename}", verified.path
                    )
                out.write(data)
            written.add(info.filename)
    missing = sorted(set(listed) - written)
    if missing:
        raise UpdateError(f"file missing from the pack: {missing[0]}", verified.path)
    # The verified bytes, not a second read of the zip, are what the signature covered.
    (folder / MANIFEST_NAME).write_bytes(verified.manifest_bytes)
    (folder / SIGNATURE_NAME).write_bytes(verified.signature_bytes)


def install_pack(
    pack_path: Path, extra_keys: Iterable[TrustedKey] = (), before: ActiveContent | None = None
) -> InstallResult:
    """Verify and install a pack; returns what is now active and what changed since `before` (default:
    the content active now). Raises UpdateError with a one-line reason on any refusal or failure,
    leaving the previous content active.
    """
    keys = [*trusted_keys(), *extra_keys]
    if before is None:
        before = active_content(keys)
    placed = place_pack(pack_path, keys)
    return InstallResult(
        placed.manifest,
        placed.replaced,
        placed.active,
        _changes(before, placed.active),
        key_note=placed.key_note,
    )


def place_pack(pack_path: Path, keys: Iterable[TrustedKey]) -> PlacedPack:
    """Verify a pack once (signature and every file), unpack it checking each file against the verified
    manifest, and make it current. Raises UpdateError, leaving the previous content active.
    """
    verified = verify_pack(pack_path, keys)
    manifest = verified.manifest
    check_not_retired(verified.signer)
    check_not_downgrade(manifest)
    root = packs_dir()
    target = root / manifest.version
    try:
        root.mkdir(parents=True, exist_ok=True)
        incoming = Path(tempfile.mkdtemp(prefix=".incoming-", dir=root))
    except OSError as exc:
        raise UpdateError(f"cannot write to the user data folder: {exc.strerror or exc}", root) from exc
    try:
        unpack(verified, incoming)
        _move_into_place(incoming, target)
    except OSError as exc:
        remove_tree(incoming)
        raise UpdateError(f"cannot unpack the update: {exc.strerror or exc}", root) from exc
    except BaseException:
        remove_tree(incoming)
        raise
    try:
        state = read_state()
    except UpdateError as exc:
        log.warning("%s; starting a new install history", exc)
        state = InstallState()
    floor = highest_seen(state)
    highest = manifest.version if floor is None or manifest.version_key > parse_version(floor) else floor
    new_state = InstallState(manifest.version, state.current, highest)
    try:
        write_state(new_state)
    except BaseException:
        remove_tree(target)
        raise
    _prune(root, {new_state.current, new_state.previous})
    after = _pack_content(target, manifest)
    return PlacedPack(manifest, state.current, after, after_install(manifest, verified.signer))


def _changes(before: ActiveContent, after: ActiveContent) -> ChangeSummary:
    """What changed; the install has already happened, so a failure here only loses the list."""
    try:
        old = load_content(before).library
        new = load_content(after).library
    except HandbookError as exc:
        log.warning("cannot list the changes: %s", exc)
        return ChangeSummary(note=f"the changes could not be listed: {exc.message}")
    return changes_between(old, new)


def _move_into_place(incoming: Path, target: Path) -> None:
    """Rename the verified folder to its version's name; a stale unreferenced copy is moved aside."""
    if target.exists():
        aside = Path(tempfile.mkdtemp(prefix=".stale-", dir=target.parent))
        target.rename(aside / "old")
        remove_tree(aside)
    incoming.rename(target)


def rollback(keys: Iterable[TrustedKey] | None = None) -> ActiveContent:
    """Return to the previous pack (or the bundled content when only one pack was installed); returns
    what is active then.

    The previous pack is verified first, once; a damaged one is not rolled back to.
    """
    keys = list(trusted_keys() if keys is None else keys)
    state = read_state()
    if state.current is None:
        raise UpdateError("no update is installed; nothing to roll back", packs_dir())
    after = bundled_content()
    if state.previous is not None:
        folder = packs_dir() / state.previous
        manifest, _ = verify_folder(folder, keys)
        if manifest.version != state.previous:
            raise UpdateError(
                f"installed update {state.previous} refused: its manifest says {manifest.version}"
            )
        shipped = bundled_version()
        if shipped is None or manifest.version_key > shipped:
            after = _pack_content(folder, manifest)
    write_state(InstallState(state.previous, None, highest_seen(state)))
    remove_tree(packs_dir() / state.current)
    return after


def _pack_folders() -> list[Path]:
    """Installed pack folders (named by version), ignoring leftovers of interrupted installs."""
    try:
        children = list(packs_dir().iterdir())
    except OSError:
        return []
    found = []
    for child in children:
        try:
            parse_version(child.name)
        except UpdateError:
            continue
        if child.is_dir():
            found.append(child)
    return found


def _prune(root: Path, keep: set[str | None]) -> None:
    """Remove pack folders no longer current or previous, and leftovers of interrupted installs."""
    try:
        children = list(root.iterdir())
    except OSError as exc:
        log.warning("could not list %s: %s", root, exc)
        return
    for child in children:
        if child.is_dir() and child.name not in keep:
            remove_tree(child)


def remove_tree(path: Path) -> None:
    """Delete a folder; failures are logged, not raised (the folder is unreferenced, only space is lost)."""
    if not path.exists():
        return

    def log_failure(_function: object, failed: str, exc: object) -> None:
        log.warning("could not remove %s: %s", failed, exc)

    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=log_failure)
    else:
        shutil.rmtree(path, onerror=log_failure)
