"""Prefix expansion and typo tolerance over the spelling vocabulary."""

from __future__ import annotations

from search.vocabulary import Vocabulary, VocabularyBuilder, max_typos


def _vocabulary() -> Vocabulary:
    builder = VocabularyBuilder()
    builder.add_section({"hypertension"}, {"heart", "hold", "home", "hypotension"})
    builder.add_section(set(), {"heart", "home", "hypertension", "mg/kg", "mg"})
    builder.add_section(set(), {"heart"})
    return builder.build()


def test_fuzzy_counts_transposition_as_one_edit():
    """Swapped neighbours are one edit: a 6-letter word (one edit allowed) still finds its word."""
    vocabulary = _vocabulary()
    assert [vocabulary.word(i) for i in vocabulary.fuzzy("haert", limit=3)] == ["heart"]
    assert [vocabulary.word(i) for i in vocabulary.fuzzy("hypertensoin", limit=3)] == ["hypertension"]


def test_fuzzy_prefix_matches_misspelt_beginning():
    """While typing, a misspelt beginning of a longer word finds it."""
    vocabulary = _vocabulary()
    found = [vocabulary.word(i) for i in vocabulary.fuzzy("hypetr", limit=3, as_prefix=True)]
    assert "hypertension" in found


def test_max_typos_never_for_numbers_or_short_words():
    """Numbers, codes and short words get no typo tolerance."""
    assert max_typos("180/100") == 0
    assert max_typos("bp") == 0
    assert max_typos("nausea") == 1
    assert max_typos("hypertension") == 2


def test_expand_prefix_prefers_frequent_words_and_caps():
    """Expansions are the most frequent matching words, at most `limit`."""
    vocabulary = _vocabulary()
    assert [vocabulary.word(i) for i in vocabulary.expand_prefix("h", limit=2)] == ["heart", "home"]


def test_expand_prefix_head_only_skips_body_words():
    """A head-only expansion ignores words found only in bodies."""
    vocabulary = _vocabulary()
    assert [vocabulary.word(i) for i in vocabulary.expand_prefix("h", limit=9, head_only=True)] == [
        "hypertension"
    ]


def test_expand_prefix_offers_compounds_only_for_compound_prefixes():
    """ "mg" expands to words, "mg/" to compounds."""
    vocabulary = _vocabulary()
    assert [vocabulary.word(i) for i in vocabulary.expand_prefix("mg", limit=9)] == ["mg"]
    assert [vocabulary.word(i) for i in vocabulary.expand_prefix("mg/", limit=9)] == ["mg/kg"]


def test_fuzzy_finds_closest_word():
    """A misspelling maps to the closest vocabulary word with the same first letter."""
    vocabulary = _vocabulary()
    assert [vocabulary.word(i) for i in vocabulary.fuzzy("hypertensoin", limit=1)] == ["hypertension"]


def test_fuzzy_as_prefix_matches_word_beginnings():
    """A misspelt beginning matches while the word is being typed."""
    vocabulary = _vocabulary()
    assert vocabulary.fuzzy("hypertns", limit=1) == []
    assert [vocabulary.word(i) for i in vocabulary.fuzzy("hypertns", limit=1, as_prefix=True)] == [
        "hypertension"
    ]


def test_vocabulary_json_round_trip():
    """A vocabulary survives to_json / from_json unchanged."""
    vocabulary = _vocabulary()
    again = Vocabulary.from_json(vocabulary.to_json())
    assert [again.word(i) for i in range(len(again))] == [vocabulary.word(i) for i in range(len(vocabulary))]
    assert again.expand_prefix("h", limit=9) == vocabulary.expand_prefix("h", limit=9)
