"""User text → clauses."""

from __future__ import annotations

from search.analysis import stem
from search.query import MAX_CLAUSES, SynonymTable, parse_query
from search.vocabulary import VocabularyBuilder


def _parse(text: str, synonyms: dict[str, list[str]] | None = None):
    builder = VocabularyBuilder()
    builder.add_section({"pressure"}, {"pressure", "present", "blood"})
    return parse_query(text, builder.build(), SynonymTable(synonyms or {}))


def test_parse_query_last_word_expands_as_prefix():
    """Only the word being typed gets prefix expansions."""
    clauses = _parse("blood pres")
    assert set(clauses[0].terms) == {"blood"}
    assert stem("pressure") in clauses[1].terms


def test_parse_query_multiword_synonym_is_one_clause():
    """A multi-word synonym forms one clause whose alternatives include the abbreviation."""
    (clause,) = _parse("blood pressure ", {"bp": ["blood pressure"]})
    assert "bp" in clause.terms
    assert clause.phrases == [("blood " + stem("pressure"),)]


def test_parse_query_caps_clauses():
    """Long input yields at most MAX_CLAUSES clauses."""
    assert len(_parse(" ".join(f"word{i}" for i in range(50)))) == MAX_CLAUSES


def test_parse_query_typographic_quotes_make_phrases():
    """Curly quotes work like straight ones."""
    (clause,) = _parse("“blood pressure”")
    assert clause.phrases
    assert not clause.terms
