"""Fixtures for publishing tests: content trees by name, a trusted signing key, a pack builder."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from handbook.publish.build import BuildResult, build_pack
from handbook.publish.keys import add_trusted_key, generate_keypair
from handbook.publish.redline import DELETE, INSERT, Chunk
from tests.conftest import CONSENSUS_YAML, INFO_YAML, SOP_BODY, front_matter, recorded

TODAY = dt.date(2026, 6, 1)
CARD_BODY = """\
## Steps

Sit the patient up and recheck the blood pressure.

## References

- Clinic reference.
"""


def card(**overrides: object) -> str:
    """A valid emergency card document."""
    fields = {"id": "CARD-HTN-001", "title": "High blood pressure", "kind": "card",
              "category": "emergencies", "consensus": "[]", **overrides}  # fmt: skip
    return front_matter(**fields) + CARD_BODY


def sop(**overrides: object) -> str:
    """A valid SOP document (SOP-MON-001 unless overridden)."""
    return front_matter(**overrides) + SOP_BODY


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """A content folder at root from {relative path: text}, with handbook.yaml and consensus.yaml."""
    for name, text in {"handbook.yaml": INFO_YAML, "consensus.yaml": CONSENSUS_YAML, **files}.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(recorded(name, textwrap.dedent(text)), encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def bundled_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's shipped content, in tmp (edition T1 is not a version, so it never blocks an install)."""
    root = write_tree(tmp_path / "bundled", {"sops/mon.md": sop()})
    monkeypatch.setenv("HANDBOOK_CONTENT_DIR", str(root))
    return root


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    """A signing key pair whose public key this workstation trusts: (private, public)."""
    private, public = generate_keypair(tmp_path / "keys")
    add_trusted_key(public)
    return private, public


@pytest.fixture
def other_keys(tmp_path: Path) -> tuple[Path, Path]:
    """A key pair nobody trusts."""
    return generate_keypair(tmp_path / "other-keys")


PackBuilder = Callable[..., BuildResult]


@pytest.fixture
def make_pack(tmp_path: Path, keys: tuple[Path, Path]) -> PackBuilder:
    """Build a pack of a content tree: make_pack("2026.2", {files}, revoked=..., previous=...)."""

    def build(version: str, files: dict[str, str] | None = None, **options: object) -> BuildResult:
        root = write_tree(
            tmp_path / f"content-{version}", files if files is not None else {"sops/mon.md": sop()}
        )
        options.setdefault("today", TODAY)
        key = options.pop("key", keys[0])
        return build_pack(root, key, tmp_path / "packs-out" / f"{version}.zip", version=version, **options)

    return build


def old_text(chunks: tuple[Chunk, ...]) -> str:
    """The old text back from a redline."""
    return "".join(c.text for c in chunks if c.op != INSERT)


def new_text(chunks: tuple[Chunk, ...]) -> str:
    """The new text back from a redline."""
    return "".join(c.text for c in chunks if c.op != DELETE)
