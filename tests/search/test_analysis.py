"""Tokens, folding and stemming shared by the index and the queries."""

from __future__ import annotations

import pytest

from search.analysis import analyze, fold, iter_tokens, stem


def _words(text: str) -> list[str]:
    return [token.word for token in iter_tokens(text)]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("0.5 mg/kg", ["0.5", "mg/kg"]),
        ("BP 180/100 mmHg.", ["bp", "180/100", "mmhg"]),
        ("SpO2 ≥ 94 %", ["spo2", "94"]),
        ("C-SSRS and MOAA/S", ["c-ssrs", "and", "moaa/s"]),
        ("SOP-MON-001#gate", ["sop-mon-001", "gate"]),
        ("10–20 minutes", ["10-20", "minutes"]),
    ],
)
def test_iter_tokens_keeps_clinical_tokens_whole(text, words):
    """Doses, thresholds, scale names and ids stay single tokens."""
    assert _words(text) == words


def test_iter_tokens_splits_compound_parts():
    """A compound carries its parts; a number glued to its unit splits into both."""
    (token,) = iter_tokens("0.5mg/kg")
    assert token.parts == ("0.5", "mg", "kg")
    assert next(iter(iter_tokens("spo2"))).parts == ()


def test_iter_tokens_offsets_point_into_original_text():
    """Token offsets index the original text, even when folding changed it."""
    text = "Réveil: SpO₂ low"
    assert [text[t.start : t.end] for t in iter_tokens(text)] == ["Réveil", "SpO₂", "low"]


def test_fold_removes_case_accents_and_subscripts():
    """Folding lowercases and strips accents; subscript digits become digits."""
    assert fold("Réveil") == "reveil"
    assert fold("SpO₂") == "spo2"


def test_iter_tokens_drops_possessive():
    """A possessive 's does not change the word."""
    assert _words("the patient's escort") == ["the", "patient", "escort"]


def test_stem_leaves_codes_alone():
    """Plain words are stemmed; numbers and codes are not."""
    assert stem("pressures") == stem("pressure")
    assert stem("ssrs") != "ssrs"
    assert stem("180/100") == "180/100"


def test_analyze_indexes_whole_and_parts_without_stop_words():
    """Index terms hold compounds whole and in parts; stop words are dropped; pairs follow units."""
    analysis = analyze("The dose of 0.5 mg/kg")
    assert analysis.terms == ["dose", "0.5", "mg/kg", "mg", "kg"]
    assert analysis.pairs() == ["dose 0.5", "0.5 mg", "mg kg"]
    assert "the" not in analysis.words
