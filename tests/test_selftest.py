"""`handbook --self-test`: passes on good content, names the failing step otherwise."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import search
from handbook import paths, selftest, services
from handbook.library.loader import load_library
from tests.conftest import SOP_BODY, front_matter

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parent.parent


def _run() -> tuple[int, str]:
    out = io.StringIO()
    status = selftest.run(out)
    return status, out.getvalue()


@pytest.fixture
def small_content(make_content, monkeypatch):
    """A one-document content folder, made the bundled one through HANDBOOK_CONTENT_DIR."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    monkeypatch.setenv(paths.CONTENT_DIR_ENV, str(root))
    return root


@pytest.fixture
def frozen(monkeypatch, tmp_path):
    """Pretend to be the PyInstaller bundle, whose prebuilt index lives in tmp/bundle/index."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    index_dir = tmp_path / "bundle" / "index"
    monkeypatch.setattr(paths, "bundled_index_dir", lambda: index_dir)
    return index_dir


def test_selftest_passes_from_source(qapp):
    """On the shipped content every step passes and the run exits 0."""
    status, output = _run()
    assert status == 0, output
    assert output.rstrip().endswith("self-test passed")
    for step in ("content", "index", "search", "render", "fonts", "window"):
        assert f"ok   {step}:" in output


def test_selftest_reports_rebuilt_index_from_source(qapp, small_content):
    """From source with no prebuilt index, the output says the index was rebuilt into the cache."""
    status, output = _run()
    assert status == 0, output
    assert f"rebuilt into {paths.cache_index_dir()}" in output


def test_selftest_fails_on_missing_content_dir(tmp_path, monkeypatch):
    """A content folder that does not exist fails the content step, naming the folder."""
    missing = tmp_path / "no-content"
    monkeypatch.setenv(paths.CONTENT_DIR_ENV, str(missing))
    status, output = _run()
    assert status == 1
    assert "FAIL content:" in output
    assert str(missing) in output


def test_selftest_fails_on_broken_document(make_content, monkeypatch):
    """A document with a broken header fails the content step with its path and problem code."""
    root = make_content({"mon.md": front_matter() + SOP_BODY, "broken.md": "---\ntitle: [unclosed\n---\n"})
    monkeypatch.setenv(paths.CONTENT_DIR_ENV, str(root))
    status, output = _run()
    assert status == 1
    assert "FAIL content:" in output
    assert "broken.md:2: H001" in output


def test_selftest_fails_without_current_document(make_content, monkeypatch):
    """Content whose only document is retired has nothing to show: the content step fails."""
    root = make_content({"mon.md": front_matter(status="retired") + SOP_BODY})
    monkeypatch.setenv(paths.CONTENT_DIR_ENV, str(root))
    status, output = _run()
    assert status == 1
    assert "FAIL content:" in output
    assert "no approved document" in output


def test_selftest_frozen_fails_without_bundled_index(small_content, frozen):
    """Frozen, a missing bundled index fails the index step instead of being rebuilt quietly."""
    status, output = _run()
    assert status == 1
    assert "FAIL index:" in output
    assert "bundled index missing or stale" in output
    assert not paths.cache_index_dir().exists()


def test_selftest_frozen_fails_on_stale_bundled_index(small_content, frozen):
    """Frozen, a bundled index built from other content is stale: the index step fails."""
    plan = services.plan_index(load_library(small_content).library)
    search.build_index(plan.documents[:1], frozen, synonyms={"x": ["y"]})
    status, output = _run()
    assert status == 1
    assert "FAIL index:" in output


def test_selftest_frozen_uses_bundled_index(qapp, small_content, frozen):
    """Frozen, a matching bundled index is used and nothing is rebuilt into the cache."""
    plan = services.plan_index(load_library(small_content).library)
    search.build_index(plan.documents, frozen, synonyms=plan.synonyms, fingerprint=plan.fingerprint)
    status, output = _run()
    assert status == 0, output
    assert f"ok   index: bundled index {frozen}" in output
    assert not paths.cache_index_dir().exists()


def test_selftest_fails_when_search_misses(qapp, small_content, monkeypatch):
    """A search that does not find the document by its title fails the search step."""
    monkeypatch.setattr(search.Searcher, "search", lambda self, text, **kwargs: [])
    status, output = _run()
    assert status == 1
    assert "FAIL search:" in output
    assert "SOP-MON-001" in output


def test_selftest_fails_without_bundled_fonts(qapp, small_content, monkeypatch, tmp_path):
    """Missing font files fail the fonts step (a bare workstation would show empty boxes)."""
    from handbook.ui import fonts

    monkeypatch.setattr(fonts, "_registered", {})
    monkeypatch.setattr(fonts, "fonts_dir", lambda: tmp_path / "no-fonts")
    status, output = _run()
    assert status == 1
    assert "FAIL fonts:" in output
    assert "no-fonts" in output


def test_selftest_fails_when_window_cannot_be_built(qapp, small_content, monkeypatch):
    """An error while building the window fails the window step with the error's type and text."""
    import handbook.app

    def broken(content_dir: object = None) -> object:
        raise RuntimeError("no window today")

    monkeypatch.setattr(handbook.app, "build_window", broken)
    status, output = _run()
    assert status == 1
    assert "FAIL window: RuntimeError: no window today" in output


def test_selftest_flag_dispatches_from_command_line(tmp_path):
    """`python -m handbook --self-test` exits non-zero naming the failure (content via the env override)."""
    env = {**os.environ, paths.CONTENT_DIR_ENV: str(tmp_path / "gone")}
    done = subprocess.run(
        [sys.executable, "-m", "handbook", "--self-test"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "FAIL content:" in done.stdout
    assert "gone" in done.stdout


def test_selftest_leaves_user_profile_untouched(qapp, small_content, monkeypatch, tmp_path):
    """Without HANDBOOK_DATA_DIR / HANDBOOK_CONFIG_DIR the run uses scratch folders, not the user's."""
    monkeypatch.delenv(paths.DATA_DIR_ENV)
    monkeypatch.delenv(paths.CONFIG_DIR_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    status, output = _run()
    assert status == 0, output
    assert not (tmp_path / "xdg-data").exists()
    assert not (tmp_path / "xdg-config").exists()
    assert paths.DATA_DIR_ENV not in os.environ


def test_selftest_fails_on_unreadable_trusted_key(small_content, monkeypatch, tmp_path):
    """A bundled public key that cannot be read fails the keys step, naming the file."""
    from handbook.publish import keys

    folder = tmp_path / "keys"
    folder.mkdir()
    (folder / "clinic.pub").write_text("not a key")
    monkeypatch.setattr(keys, "bundled_keys_dir", lambda: folder)
    status, output = _run()
    assert status == 1
    assert "FAIL keys:" in output
    assert "clinic.pub" in output


def test_selftest_notes_missing_trusted_keys(qapp, small_content, monkeypatch, tmp_path):
    """No bundled key is not a failure, but the output says update packs will be refused."""
    from handbook.publish import keys

    monkeypatch.setattr(keys, "bundled_keys_dir", lambda: tmp_path / "no-keys")
    status, output = _run()
    assert status == 0, output
    assert "no trusted key bundled" in output


def test_selftest_fails_without_searchable_document(small_content, monkeypatch):
    """Content whose documents are all left out of the index fails the index step."""
    monkeypatch.setattr(
        services,
        "plan_index",
        lambda library: services.IndexPlan(dataclasses.replace(library, documents=()), {}, "none"),
    )
    status, output = _run()
    assert status == 1
    assert "FAIL index:" in output
    assert "no current document is searchable" in output
