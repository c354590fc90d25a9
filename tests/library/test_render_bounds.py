"""Rendering is bounded: hostile bodies are refused with a reason (and by lint), never hang or crash."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.library import body
from handbook.library.render import render_body
from handbook.library.validate import lint
from tests.conftest import SOP_BODY, front_matter

MB = 1_000_000
HOSTILE = {
    "brackets on one line": "[" * 8_000,
    "nested list markers": "".join("  " * i + "- x\n" for i in range(1_000)),
    "list markers on one line": "- " * 1_000 + "x",
    "nested quotes": "> " * 1_000 + "x",
    "1 MB of brackets": ("[" * 150 + "\n\n") * (MB // 152),
    "1 MB of link starts": ("[a](" * 40 + "\n\n") * (MB // 162),
    "1 MB of images": ("![" * 90 + "\n\n") * (MB // 182),
    "1 MB one line": "a" * MB,
    "1 MB of list": "- item with [a link](SOP-MON-001) and **bold**\n" * (MB // 48),
    "heading with spaces": "## a" + " " * 9_000 + "b",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_render_bounds_hostile_body_is_refused_quickly(name):
    """Each hostile body renders (as a refusal with its reason) within a second, without an exception."""
    started = time.perf_counter()
    html = render_body(HOSTILE[name], {})
    assert time.perf_counter() - started < 1, name
    if name != "heading with spaces":
        assert "cannot be shown" in html


@pytest.mark.parametrize("name", ["brackets on one line", "nested list markers", "list markers on one line"])
def test_render_bounds_lint_reports_b001(make_content, name):
    """Lint fails the pathological bodies that used to pass (B001 with the body line)."""
    root = make_content({"mon.md": front_matter() + SOP_BODY + "\n" + HOSTILE[name] + "\n"})
    problems = [p for p in lint(root, dt.date(2026, 6, 1))[1] if p.code == "B001"]
    assert len(problems) == 1
    assert problems[0].line > 1


def test_render_bounds_headings_are_linear():
    """A heading line of 9,000 spaces is parsed at once (the old pattern was cubic: 2,000 took 13 s)."""
    started = time.perf_counter()
    found = body.headings("## a" + " " * 9_000 + "b\n## Title ##\n### C#\n", 1)
    assert time.perf_counter() - started < 0.5
    assert [h.text for h in found] == ["a" + " " * 9_000 + "b", "Title", "C"]


_OLD_LINK = re.compile(r"\[[^\]]*\]\(\s*([^)\s]+)\s*\)")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]()ab x#", max_size=60))
def test_render_bounds_links_match_the_old_pattern(line):
    """The linear link scan finds what the old regex found on ordinary lines."""
    assert [t for _, t in body.links(line, 1)] == _OLD_LINK.findall(line)


MARKDOWN_BITS = st.sampled_from(
    ["[", "]", "(", ")", "!", "*", "_", "`", "#", ">", "- ", "1. ", "  ", "\n", "\n\n", "|", ":", "~", "<", ">",
     "a", "word ", "{{x}}", "!!! note\n    ", "```\n", "- [ ] ", "<script>", "&", "\\", "http://x"]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MARKDOWN_BITS, max_size=400).map("".join))
def test_render_bounds_fuzz_never_crashes(markdown_text):
    """Generated Markdown always renders to sanitized HTML, without an exception."""
    html = render_body(markdown_text, {})
    assert "<script" not in html.lower()
