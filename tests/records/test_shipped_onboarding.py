"""The shipped reading paths and knowledge checks work with the records end to end."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from handbook import paths
from handbook.library.frontmatter_edit import approve_text
from handbook.library.loader import load_library
from handbook.library.render import render_inline
from handbook.records.acks import acknowledge
from handbook.records.profiles import create_profile
from handbook.records.progress import DONE, dashboard
from handbook.records.quiz import quiz_for, record_quiz, score


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The bundled content as a clinic has it once the director approved every document (the template
    ships as drafts, and only an approved document can be acknowledged).
    """
    root = tmp_path_factory.mktemp("approved") / "content"
    shutil.copytree(paths.bundle_root() / "content", root)
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for path in root.rglob("*.md"):
        if path.name.lower() != "readme.md":
            path.write_text(
                approve_text(path.read_text(encoding="utf-8"), "Dr A. Example", at)[0], encoding="utf-8"
            )
    library = load_library(root).library
    assert library.approved()
    assert not library.is_template
    return library


def test_shipped_every_role_path_can_be_completed(store, shipped):
    """For each path's role: acknowledging every step and passing every quiz makes the path 100% done."""
    roles = sorted({p.role for p in shipped.of_kind("path")})
    assert roles
    for role in roles:
        person = create_profile(
            store, f"Tester {role}", role, dt.date(2026, 1, 1), [r for r, _ in shipped.info.roles]
        )
        for step in dashboard(store, person, shipped).items:
            acknowledge(store, person, shipped.get(step.doc_id))
            quiz = quiz_for(shipped, step.doc_id)
            if quiz is not None:
                record_quiz(store, person, quiz, score(quiz, [q.answer for q in quiz.questions]))
        progress = dashboard(store, person, shipped)
        assert progress.total > 0
        assert [i.doc_id for i in progress.items if i.status != DONE] == []
    assert store.verify().ok


def test_shipped_quiz_explanations_link_to_sections(shipped):
    """Every knowledge-check explanation renders with a doc: link to a section of a real document."""
    quizzes = shipped.of_kind("quiz")
    assert quizzes
    for quiz in quizzes:
        assert quiz.pass_mark > 0
        for question in quiz.questions:
            html = render_inline(question.explanation, shipped.values)
            assert 'href="doc:' in html, (quiz.id, question.prompt)
            target = html.split('href="doc:', 1)[1].split('"', 1)[0]
            doc_id, _, anchor = target.partition("#")
            assert shipped.get(doc_id) is not None
            assert not anchor or anchor in shipped.get(doc_id).anchors()
