"""Search behaviour on a small in-memory corpus (see conftest.CORPUS)."""

from __future__ import annotations

import pytest

from search import IndexDocument, ram_index
from tests.search.conftest import CORPUS, doc_ids


def test_search_title_match_outranks_body_match(searcher):
    """A word in a document's title ranks it above a document with the word in its body."""
    hits = searcher.search("nausea")
    assert doc_ids(hits)[:2] == ["CARD-NAU-001", "SOP-DIS-001"]


def test_search_id_finds_document(searcher):
    """A document id, typed whole or in part, finds that document first."""
    assert doc_ids(searcher.search("SOP-DOS-001"))[0] == "SOP-DOS-001"
    assert doc_ids(searcher.search("dos-001"))[0] == "SOP-DOS-001"


def test_search_heading_outranks_body(searcher):
    """A heading match outranks a body match of the same word in another document."""
    hits = searcher.search("oxygen")
    assert hits[0].doc_id == "SOP-MON-001"
    assert hits[0].anchor == "oxygen"


def test_search_stemming_matches_word_forms(searcher):
    """Different forms of a word find each other ("falling" finds "falls")."""
    hits = searcher.search("falling ")
    assert (hits[0].doc_id, hits[0].anchor) == ("SOP-MON-001", "oxygen")


def test_search_synonym_abbreviation_finds_expansion(searcher):
    """An abbreviation finds documents that only spell it out ("bp" → "blood pressure")."""
    assert "SOP-DAY-001" in doc_ids(searcher.search("bp"))


def test_search_synonym_expansion_finds_abbreviation(searcher):
    """An expansion finds documents that only use the abbreviation ("blood pressure" → "BP")."""
    assert "CHK-PRE-001" in doc_ids(searcher.search("blood pressure"))


def test_search_synonym_matches_plural_and_case(searcher):
    """Synonyms match after analysis: "Blood Pressures" still finds "BP"."""
    assert "CHK-PRE-001" in doc_ids(searcher.search("Blood Pressures "))


def test_search_quoted_phrase_requires_adjacent_words(searcher):
    """A quoted phrase does not match the same words apart; unquoted words do."""
    assert "SOP-CUF-001" in doc_ids(searcher.search("cuff pain"))
    assert "SOP-CUF-001" not in doc_ids(searcher.search('"cuff pain"'))


def test_search_quoted_phrase_finds_phrase(searcher):
    """A quoted phrase finds the section containing it."""
    assert doc_ids(searcher.search('"emesis bag"')) == ["CARD-NAU-001"]


def test_search_unclosed_quote_is_a_phrase(searcher):
    """An unclosed quote makes a phrase of the rest of the text."""
    assert doc_ids(searcher.search('"emesis bag')) == ["CARD-NAU-001"]


def test_search_last_word_matches_as_prefix(searcher):
    """The word being typed matches as a prefix ("escor" finds "escort")."""
    assert {"SOP-DIS-001", "CHK-PRE-001"} <= set(doc_ids(searcher.search("escor")))


def test_search_prefix_after_complete_word(searcher):
    """Only the last word is a prefix: "vital si" finds "vital signs"."""
    assert doc_ids(searcher.search("vital si"))[0] in {"SOP-MON-001", "SOP-DIS-001"}


def test_search_trailing_space_ends_prefix(searcher):
    """A space after the last word makes it complete: "hyper" finds, "hyper " does not."""
    assert doc_ids(searcher.search("hyper")) == ["CARD-HTN-001"]
    assert searcher.search("hyper ") == []


def test_search_starred_word_is_prefix(searcher):
    """A star after a word makes it a prefix even before other words."""
    assert doc_ids(searcher.search("hyperten* guideline "))[0] == "CARD-HTN-001"


def test_search_one_letter_prefix_uses_head_fields(searcher):
    """A one-letter prefix matches titles and headings ("h" finds "Hypertension")."""
    assert doc_ids(searcher.search("h"))[0] == "CARD-HTN-001"


def test_search_typo_finds_word(searcher):
    """A misspelt word finds the word it was meant to be."""
    assert doc_ids(searcher.search("hypertensoin"))[0] == "CARD-HTN-001"
    assert doc_ids(searcher.search("dischrage "))[0] == "SOP-DIS-001"


def test_search_typo_while_typing_matches_prefix(searcher):
    """A misspelt beginning of a word being typed still finds the word."""
    assert doc_ids(searcher.search("hypertns"))[0] == "CARD-HTN-001"


def test_search_typo_in_second_word(searcher):
    """A typo in one word does not lose the other: both words still count together."""
    hits = searcher.search("escort dischrage ")
    assert hits[0].doc_id == "SOP-DIS-001"


def test_search_numbers_are_never_fuzzy(searcher):
    """A blood-pressure threshold never matches a different one (180/110 is not 180/100)."""
    assert searcher.search("180/110 ") == []


@pytest.mark.parametrize(
    ("query", "doc_id", "anchor"),
    [
        ("180/100", "SOP-MON-001", "blood-pressure-gate"),
        ("0.5 mg/kg", "SOP-DOS-001", "formula"),
        ("mg kg", "SOP-DOS-001", "formula"),
        ("SpO2", "SOP-MON-001", "oxygen"),
        ("SpO₂", "SOP-MON-001", "oxygen"),
        ("C-SSRS", "SOP-DIS-001", "suicide-risk"),
        ("c ssrs", "SOP-DIS-001", "suicide-risk"),
        ("MOAA/S", "SOP-MON-001", "sedation"),
        ("15 minutes", "SOP-MON-001", "sedation"),
    ],
)
def test_search_numbers_and_units_are_searchable(searcher, query, doc_id, anchor):
    """Clinical tokens (doses, thresholds, scale names) find their section."""
    hits = searcher.search(query)
    assert (hits[0].doc_id, hits[0].anchor) == (doc_id, anchor)


def test_search_filter_by_kind(searcher):
    """kind= keeps only documents of that kind."""
    hits = searcher.search("patient", kind="card")
    assert hits
    assert {hit.kind for hit in hits} == {"card"}


def test_search_filter_by_category(searcher):
    """category= keeps only documents of that category."""
    assert doc_ids(searcher.search("infusion", category="dosing")) == []
    assert doc_ids(searcher.search("dose", category="dosing")) == ["SOP-DOS-001"]


def test_search_filter_by_audience_keeps_unaddressed_documents(searcher):
    """audience= keeps documents for that role and documents naming no role."""
    ids = set(doc_ids(searcher.search("patient", audience="prescriber")))
    assert "CARD-HTN-001" in ids  # names no audience
    assert "SOP-DIS-001" not in ids  # nurses only


def test_search_filters_combine(searcher):
    """Filters combine with AND; an unknown value finds nothing."""
    ids = set(doc_ids(searcher.search("patient", kind="card", audience="nurse")))
    assert ids == {"CARD-NAU-001", "CARD-HTN-001"}
    assert searcher.search("patient", kind="no-such-kind") == []


def test_search_all_words_rank_above_some_words():
    """A document with every word ranks above one that repeats a single word."""
    docs = [
        IndexDocument("A-1", "", "Pump setup", "", "Prime the line before connecting the oxygen."),
        IndexDocument("B-1", "", "Oxygen", "", "Oxygen oxygen oxygen: oxygen supply and oxygen masks."),
    ]
    hits = ram_index(docs).search("oxygen line")
    assert doc_ids(hits) == ["A-1", "B-1"]


def test_search_falls_back_to_some_words(searcher):
    """When no document has every word, documents with some of them are returned."""
    ids = set(doc_ids(searcher.search("emesis 180/100")))
    assert {"CARD-NAU-001", "SOP-MON-001"} <= ids


def test_search_unknown_word_is_dropped_from_and(searcher):
    """A word found nowhere (even with typos) does not empty the result."""
    assert doc_ids(searcher.search("emesis xyzzyq "))[0] == "CARD-NAU-001"


def test_search_returns_one_hit_per_document(searcher):
    """Each document appears once, however many of its sections match."""
    ids = doc_ids(searcher.search("infusion"))
    assert len(ids) == len(set(ids))
    assert "SOP-MON-001" in ids


def test_search_hit_opens_best_section(searcher):
    """The hit's anchor and heading are those of the best-matching section."""
    hit = searcher.search("minutes during")[0]
    assert (hit.doc_id, hit.anchor, hit.section) == ("SOP-MON-001", "sedation", "Sedation score")


def test_search_title_match_opens_document_top(searcher):
    """A query matching a document's title opens it at the top, not at a keyword-dense section."""
    hit = searcher.search("hypertension")[0]
    assert (hit.doc_id, hit.anchor) == ("CARD-HTN-001", "")


def test_search_scores_never_increase(searcher):
    """Hits are sorted best first, including fallback hits."""
    for text in ("patient", "emesis 180/100", "h"):
        scores = [hit.score for hit in searcher.search(text)]
        assert scores == sorted(scores, reverse=True)


def test_search_limit_caps_hits(searcher):
    """limit= caps the number of hits; zero or less returns none."""
    assert len(searcher.search("patient", limit=2)) == 2
    assert searcher.search("patient", limit=0) == []


def test_search_snippet_highlights_matches(searcher):
    """The snippet wraps matched words (in any form) in <b>."""
    hit = searcher.search("escorts ")[0]
    assert "<b>escort</b>" in hit.snippet


def test_search_snippet_highlights_phrases_whole(searcher):
    """A multi-word synonym is highlighted as one phrase, and its words not on their own."""
    day = next(hit for hit in searcher.search("bp ") if hit.doc_id == "SOP-DAY-001")
    assert "<b>blood pressure</b>" in day.snippet
    monitoring = next(hit for hit in searcher.search("spo2 ") if hit.doc_id == "SOP-MON-001")
    assert "<b>SpO2</b>" in monitoring.snippet
    assert "<b>oxygen</b>" not in monitoring.snippet


def test_search_snippet_escapes_html(searcher):
    """Document text is HTML-escaped in snippets; only <b> markup is added."""
    snippet = searcher.search("cuff")[0].snippet
    assert "&lt;prescriber&gt;" in snippet
    assert "&amp;" in snippet
    assert "&gt; 3" in snippet
    assert snippet.replace("<b>", "").replace("</b>", "").count("<") == 0


def test_search_hit_carries_document_fields(searcher):
    """A hit names the document's title, kind and category."""
    hit = searcher.search("emesis")[0]
    assert (hit.title, hit.kind, hit.category) == ("Nausea and vomiting", "card", "emergencies")


@pytest.mark.parametrize("text", ["", "   ", "\n\t", '""', "*", "AND OR ", "the of and "])
def test_search_empty_or_meaningless_query_finds_nothing(searcher, text):
    """Blank input, bare operators and stop words return no hits (and no error)."""
    assert searcher.search(text) == []


def test_search_operators_are_plain_words(searcher):
    """Query-syntax characters are just text: no error, the words still count."""
    assert doc_ids(searcher.search("(emesis) AND bag:"))[0] == "CARD-NAU-001"


def test_searcher_doc_count_counts_documents(searcher):
    """doc_count is the number of distinct documents, not sections."""
    assert searcher.doc_count == len({d.doc_id for d in CORPUS})


def test_searcher_closed_raises():
    """Searching a closed searcher raises ValueError; closing twice is harmless."""
    searcher = ram_index(CORPUS)
    searcher.close()
    searcher.close()
    with pytest.raises(ValueError, match="closed"):
        searcher.search("bp")


def test_ram_index_empty_corpus_searches():
    """An index of no documents answers every query with no hits."""
    assert ram_index([]).search("bp") == []
