"""Round-trip edits of a document's front matter: change some keys, keep every other byte of the file.

ruamel.yaml's round-trip mode keeps comments, key order, flow lists and quoting; the body is never
parsed. Every shipped document dumps back byte for byte when nothing is changed (a test checks).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter

from handbook.errors import ContentError
from handbook.library.approval import Approval, record_for
from handbook.library.frontmatter import split


class _Representer(RoundTripRepresenter):
    """Writes None as `null`, as the content spells an unset value (`value: null`), never as `value:`."""


_Representer.add_representer(
    type(None), lambda representer, _data: representer.represent_scalar("tag:yaml.org,2002:null", "null")
)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long summary line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _parts(text: str) -> tuple[str, str, str]:
    """(opening line, YAML block, rest from the closing line on); ContentError when there is no block."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError("no front matter: the file must start with a '---' line")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise ContentError("front matter is not closed by a '---' line")
    return lines[0], "".join(lines[1:end]), "".join(lines[end:])


def rewrite_front_matter(text: str, change: Callable[[CommentedMap], None]) -> str:
    """The file text with `change` applied to its front-matter mapping; the body is kept as it is.

    Raises ContentError when the front matter is missing or is not a YAML mapping.
    """
    opening, block, rest = _parts(text)
    yaml = _yaml()
    try:
        data = yaml.load(block)
    except YAMLError as exc:
        raise ContentError(f"malformed YAML in front matter: {' '.join(str(exc).split())}") from exc
    if not isinstance(data, CommentedMap):
        raise ContentError("front matter must be a mapping of 'key: value' lines")
    change(data)
    out = io.StringIO()
    yaml.dump(data, out)
    return opening + out.getvalue() + rest


def set_key_after(data: CommentedMap, key: str, value: Any, after: str) -> None:
    """Set a key, inserting it just after another key when it is new (at the end when that is absent)."""
    if key in data:
        data[key] = value
        return
    keys = list(data.keys())
    position = keys.index(after) + 1 if after in keys else len(keys)
    data.insert(position, key, value)


def approve_text(text: str, by: str, at: dt.datetime) -> tuple[str, Approval]:
    """The file text approved by `by` at `at`: status approved, approved_by, and the approval record
    of the text as it stands (see `approval.text_hash`). Raises ContentError on an unreadable header.
    """
    header, problems = split(text, "")
    if header is None:
        raise ContentError(problems[0].message if problems else "unreadable front matter")
    try:
        record = record_for(header.fields, header.body, by, at)
    except ValueError as exc:
        raise ContentError(str(exc)) from exc

    def change(data: CommentedMap) -> None:
        data["status"] = "approved"
        set_key_after(data, "approved_by", record.by, "owner")
        entry = CommentedMap(record.as_mapping())
        entry.fa.set_flow_style()  # one line: approving never moves the body's line numbers twice
        set_key_after(data, "approval", entry, "approved_by")

    return rewrite_front_matter(text, change), record


def raise_version(text: str) -> str:
    """The file text with its version number one higher (a changed text needs a new version)."""

    def change(data: CommentedMap) -> None:
        version = data.get("version")
        if isinstance(version, bool) or not isinstance(version, int):
            raise ContentError("the document has no whole version number")
        data["version"] = version + 1

    return rewrite_front_matter(text, change)
