"""Library → search records and the query vocabulary (glossary plus the bedside vocabulary file)."""

from __future__ import annotations

import datetime as dt

from handbook.library.indexing import document_sections, glossary_synonyms
from handbook.library.loader import load_library
from handbook.library.validate import lint
from search.lexicon import FILLER_KEY, INTENT_PREFIX, SEE_PREFIX
from tests.conftest import SOP_BODY, front_matter

FENCED_BODY = SOP_BODY.replace(
    "## Responsibilities",
    "```\n## not a heading\n```\n\n## Responsibilities",
)


def test_document_sections_ignore_headings_in_fenced_code(make_content):
    """A `##` line inside fenced code is body text: later sections keep their own anchors."""
    root = make_content({"sops/mon.md": front_matter() + FENCED_BODY})
    doc = load_library(root).library.get("SOP-MON-001")
    sections = {s.anchor: s for s in document_sections(doc, {})}
    assert sections["responsibilities"].section == "Responsibilities"
    assert "records vital signs" in sections["responsibilities"].text
    assert "not a heading" in sections["scope"].text
    assert "BP, HR" in sections["vital-signs"].text


VOCABULARY = """\
lay_words:
  throwing up: [vital signs]
brands:
  versed: [nurse]
filler: [pt, what]
intents:
  "# kg": [weight]
"""


def test_glossary_synonyms_include_bedside_vocabulary(make_content):
    """The vocabulary file's entries reach the index as one-way synonyms, filler and intents."""
    root = make_content({"sops/mon.md": front_matter() + SOP_BODY, "reference/vocabulary.yaml": VOCABULARY})
    mapping = glossary_synonyms(load_library(root).library)
    assert mapping[SEE_PREFIX + "throwing up"] == ["vital signs"]
    assert mapping[SEE_PREFIX + "versed"] == ["nurse"]
    assert mapping[FILLER_KEY] == ["pt", "what"]
    assert mapping[INTENT_PREFIX + "# kg"] == ["weight"]


def _codes(make_content, vocabulary: str) -> list[tuple[int, str]]:
    root = make_content({"sops/mon.md": front_matter() + SOP_BODY, "reference/vocabulary.yaml": vocabulary})
    _, problems = lint(root, dt.date(2026, 6, 1))
    return [(p.line, p.code) for p in problems if p.path.endswith("vocabulary.yaml")]


def test_vocabulary_lint_accepts_valid_file(make_content):
    """A well-formed vocabulary whose words occur in the content has no problems."""
    assert _codes(make_content, VOCABULARY) == []


def test_vocabulary_lint_reports_unknown_section(make_content):
    """An unknown section is reported at its line."""
    assert _codes(make_content, "slang:\n  x: [y]\n") == [(1, "W002")]


def test_vocabulary_lint_reports_entry_without_words(make_content):
    """An entry must list words."""
    assert _codes(make_content, "brands:\n  versed: []\n") == [(2, "W003")]


def test_vocabulary_lint_reports_duplicate_entry(make_content):
    """The same typed words twice (even in two sections) are reported at the second."""
    assert _codes(make_content, "brands:\n  versed: [nurse]\nmisspellings:\n  versed: [nurse]\n") == [
        (4, "W004")
    ]


def test_vocabulary_lint_warns_when_no_document_has_the_words(make_content):
    """An entry leading only to words no document contains could never find anything."""
    assert _codes(make_content, "brands:\n  zofran: [ondansetron]\n") == [(2, "W005")]


def test_vocabulary_lint_reports_bad_yaml(make_content):
    """Malformed YAML is one problem, with its line."""
    assert _codes(make_content, "brands:\n  versed: [nurse\n") == [(3, "W001")]


def test_content_fingerprint_follows_the_text(make_content):
    """Same content, same fingerprint; one word changed in a body, another fingerprint."""
    from handbook.library.indexing import content_fingerprint

    first = load_library(make_content({"sops/mon.md": front_matter() + SOP_BODY})).library
    again = load_library(make_content({"sops/mon.md": front_matter() + SOP_BODY})).library
    changed = load_library(
        make_content({"sops/mon.md": front_matter() + SOP_BODY.replace("safe", "well")})
    ).library
    synonyms = glossary_synonyms(first)
    assert content_fingerprint(first, synonyms) == content_fingerprint(again, synonyms)
    assert content_fingerprint(first, synonyms) != content_fingerprint(changed, synonyms)
    assert content_fingerprint(first, synonyms) != content_fingerprint(first, {"bp": ["blood pressure"]})


def test_open_with_valid_index_computes_no_sections(make_content, tmp_path, monkeypatch):
    """Opening a matching index checks the fingerprint of the text, never making the sections."""
    from handbook import services
    from handbook.library import indexing

    library = load_library(make_content({"sops/mon.md": front_matter() + SOP_BODY})).library
    folder = tmp_path / "index"
    services.rebuild_index(services.plan_index(library), folder)

    def no_sections(*_args: object) -> list:
        raise AssertionError("sections computed on open")

    monkeypatch.setattr(services, "index_documents", no_sections)
    monkeypatch.setattr(indexing, "document_sections", no_sections)
    searcher = services.open_existing_index(services.plan_index(library), (folder,))
    assert searcher is not None
    assert searcher.search("vital signs")[0].doc_id == "SOP-MON-001"
