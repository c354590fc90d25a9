"""Publishing from the director's desk (Qt-free): raise the edition, build, sign and write the pack.

The desk window collects the answers (edition, key, passphrase, folder) and calls `publish`; the same
steps as `pack build`, plus writing the new edition into `handbook.yaml` with a round-trip edit.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from handbook.errors import UpdateError
from handbook.library.loader import INFO_FILE
from handbook.publish.build import BuildResult, build_pack
from handbook.publish.manifest import parse_version
from handbook.storage import write_atomically

_LAST_NUMBER = re.compile(r"(\d+)$")


def next_edition(edition: str) -> str:
    """The edition after this one: the last number raised (`2026.1` → `2026.2`); `1` when there is none."""
    match = _LAST_NUMBER.search(edition or "")
    if not match:
        return f"{dt.date.today().year}.1"
    return edition[: match.start()] + str(int(match.group(1)) + 1)


def set_edition(content_dir: Path, edition: str) -> None:
    """Write the edition into handbook.yaml, keeping the rest of the file (comments included) as it is."""
    parse_version(edition)
    path = Path(content_dir) / INFO_FILE
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UpdateError(f"cannot read: {exc.strerror or exc}", path) from exc
    except YAMLError as exc:
        raise UpdateError(f"malformed YAML: {' '.join(str(exc).split())}", path) from exc
    if not hasattr(data, "__setitem__"):
        raise UpdateError("handbook.yaml is not a mapping", path)
    data["edition"] = edition
    out = io.StringIO()
    yaml.dump(data, out)
    write_atomically(path, out.getvalue(), "cannot save the edition")


@dataclass(frozen=True, slots=True)
class PublishRequest:
    """What the director chose in the publish dialog."""

    content_dir: Path
    edition: str
    key: Path
    passphrase: str | None
    out_dir: Path
    approver: str = ""
    next_key: Path | None = None


def pack_name(edition: str) -> str:
    """The pack's file name in the shared folder."""
    return f"handbook-{edition}.zip"


def publish(request: PublishRequest, today: dt.date | None = None) -> BuildResult:
    """Raise the edition, then build and sign the pack into the chosen folder. The edition is written
    back only when the pack was built, so a refused build (lint errors, wrong passphrase) changes nothing.
    """
    parse_version(request.edition)
    info = Path(request.content_dir) / INFO_FILE
    try:
        before = info.read_text(encoding="utf-8")
    except OSError as exc:
        raise UpdateError(f"cannot read: {exc.strerror or exc}", info) from exc
    set_edition(request.content_dir, request.edition)
    try:
        return build_pack(
            request.content_dir,
            request.key,
            Path(request.out_dir) / pack_name(request.edition),
            approver=request.approver,
            version=request.edition,
            today=today,
            passphrase=request.passphrase,
            next_key=request.next_key,
        )
    except BaseException:
        write_atomically(info, before, "cannot restore the edition")
        raise
