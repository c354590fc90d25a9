"""Query understanding: filler words, numbers, intents, one-way vocabulary, explanations."""

from __future__ import annotations

import pytest

from search import IndexDocument, ram_index
from search.lexicon import Lexicon, make_mapping
from search.query import SynonymTable, parse_query, required_clauses
from search.snippet import word_base
from search.vocabulary import VocabularyBuilder

from .conftest import doc_ids, section

CARD = {"kind": "card"}

DOCS: list[IndexDocument] = [
    section("CARD-RSP-001", "", "Over-sedation", "", "The patient is unresponsive. Give oxygen.", **CARD),
    section("CARD-RSP-001", "act", "Over-sedation", "Act now", "Open the airway; call for help.", **CARD),
    # A patient leaflet that says "patient" and "up" a lot must not win on filler words.
    section(
        "CARD-PAT-001",
        "",
        "Patient leaflet",
        "",
        "Patient information: the patient may wake up tired. Patient follow up. Patient patient.",
        **CARD,
    ),
    section(
        "CARD-VIT-001", "", "Vital-sign thresholds", "", "SpO2 below 90 %: act. BP above 180/100.", **CARD
    ),
    section("SOP-SET-001", "", "Emergency cart", "", "The cart holds 88 items and a pulse oximeter.", **CARD),
    section("SOP-DOS-001", "", "Dose calculation", "", "Dose in mg/kg times the weight in kg.", **CARD),
    section("SOP-DOS-001", "pump", "Dose calculation", "Pump rate", "Set the pump in mL/h.", **CARD),
    section(
        "SOP-DIS-001", "", "Recovery and discharge", "", "Observation lasts at least 60 minutes.", **CARD
    ),
    section(
        "SOP-DIS-001",
        "period",
        "Recovery and discharge",
        "Observation period",
        "Observe for at least 60 minutes after the infusion ends.",
        **CARD,
    ),
    section("SOP-MON-001", "", "Monitoring", "", "Record observations every 15 minutes.", **CARD),
    section("CARD-EMG-001", "", "Emergence reaction", "", "Agitation and dysphoria after ketamine.", **CARD),
    section("SOP-SET-002", "", "Emergency drills", "", "Every emergency is drilled.", **CARD),
    section("CARD-RES-001", "", "Rescue medication", "", "Midazolam or lorazepam as ordered.", **CARD),
]

LEXICON = make_mapping(
    {"pt": ["patient"]},
    filler=["pt", "patient", "what", "how", "do", "we"],
    intents={"how long": ["minutes", "period"], "# kg": ["weight", "dose"], "sats #": ["spo2"]},
    see={
        "cant wake up": ["unresponsive", "over-sedation"],
        "sats": ["spo2"],
        "versed": ["midazolam"],
    },
)


@pytest.fixture(scope="module")
def bedside():
    """A searcher over `DOCS` with a bedside lexicon."""
    return ram_index(DOCS, synonyms=LEXICON)


def test_filler_words_never_outweigh_clinical_words(bedside):
    """'pt cant wake up' finds over-sedation, not the leaflet full of 'patient' and 'up'."""
    assert doc_ids(bedside.search("pt cant wake up"))[0] == "CARD-RSP-001"


def test_filler_only_query_still_finds_what_it_names(bedside):
    """A query of filler words alone is searched as typed."""
    assert doc_ids(bedside.search("patient "))[0] == "CARD-PAT-001"


def test_number_beside_vital_sign_finds_its_rule(bedside):
    """'sats 88' leads to the SpO2 threshold, not to the page that happens to contain 88."""
    assert doc_ids(bedside.search("sats 88"))[0] == "CARD-VIT-001"


def test_number_with_unit_finds_the_calculation(bedside):
    """'70 kg' leads to the dose calculation."""
    assert doc_ids(bedside.search("70 kg"))[0] == "SOP-DOS-001"


def test_intent_weighs_towards_answering_section(bedside):
    """'how long observation' opens the observation period section."""
    hit = bedside.search("how long observation")[0]
    assert (hit.doc_id, hit.anchor) == ("SOP-DIS-001", "period")


def test_brand_name_finds_generic(bedside):
    """A brand name listed in the vocabulary finds the generic drug."""
    assert doc_ids(bedside.search("versed"))[0] == "CARD-RES-001"


def test_one_way_vocabulary_does_not_reverse(bedside):
    """Typing the generic name does not search for the brand (one-way entries)."""
    clauses = parse_query("midazolam ", _vocabulary(), SynonymTable({}, {"versed": ["midazolam"]}))
    assert set(clauses[0].terms) == {"midazolam"}


def test_stop_word_typed_last_is_optional():
    """A stop word typed last is searched as a prefix but is not required (it hid the right card)."""
    clauses = parse_query("hypertension during the", _vocabulary(), SynonymTable({}))
    roles = [c.role for c in clauses]
    assert roles[-1] == "stop"
    assert required_clauses(clauses) == [True, True, False]


def test_stop_word_typed_last_does_not_hide_document():
    """'... the' typed last still ranks the document that has every other word first."""
    docs = [
        section("CARD-HTN-001", "", "Hypertension during the infusion", "", "Stop the pump.", **CARD),
        section("SOP-MON-001", "", "Monitoring", "", "Hypertension during therapy: see then there.", **CARD),
    ]
    searcher = ram_index(docs)
    assert doc_ids(searcher.search("hypertension during the"))[0] == "CARD-HTN-001"


def test_prefix_expansion_never_outranks_exact_word():
    """'vector' ranks 'vector class' above the rarer expansion 'vectorcall' (it ranked first)."""
    docs = [section("DOC-VEC-001", "", "vector class", "", "A vector holds items.", **CARD)]
    docs += [
        section(f"DOC-OTH-{n:03}", "", f"Vector use {n}", "", "A vector here.", **CARD) for n in range(8)
    ]
    docs.append(section("DOC-VCL-001", "", "vectorcall protocol", "", "The vectorcall protocol.", **CARD))
    searcher = ram_index(docs)
    assert doc_ids(searcher.search("vector"))[0] == "DOC-VEC-001"


def test_explain_lists_each_clause_contribution(bedside):
    """With explain, a hit says what each part of the query added and its role."""
    hit = bedside.search("pt cant wake up", explain=True)[0]
    roles = {reason.words: reason.role for reason in hit.why}
    assert roles == {"pt": "filler", "cant wake up": "required"}
    assert next(r for r in hit.why if r.role == "required").score > 0
    assert not bedside.search("pt cant wake up")[0].why


def test_explain_reports_typo_correction(bedside):
    """A corrected word names its correction."""
    hit = bedside.search("oxygne ", explain=True)[0]
    assert hit.why[0].corrected == ("oxygen",)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("vomiting", "vomited", True),
        ("vomit", "vomits", True),
        ("emergence", "emergency", False),
        ("low", "slow", False),
        ("reaction", "reactions", True),
    ],
)
def test_word_base_keeps_words_apart(a, b, same):
    """Whole-word marking treats inflections as the same word, other stem-mates not."""
    assert (word_base(a) == word_base(b)) is same


def test_snippet_marks_whole_words_only(bedside):
    """'emergence' does not light up 'emergency'."""
    hits = {hit.doc_id: hit for hit in bedside.search("emergence ", limit=10)}
    assert "<b>" not in hits["SOP-SET-002"].snippet  # "Every emergency is drilled."


def test_lexicon_round_trips_through_mapping():
    """Filler, intents and one-way entries survive the synonyms mapping stored in the stamp."""
    lexicon = Lexicon.from_mapping(LEXICON)
    assert lexicon.filler >= {"pt", "what"}
    assert lexicon.see["versed"] == ["midazolam"]
    assert ("#", "kg") in lexicon.intents
    assert lexicon.synonyms == {"pt": ["patient"]}


def _vocabulary():
    builder = VocabularyBuilder()
    builder.add_section({"hypertension"}, {"hypertension", "during", "then", "there", "therapy", "midazolam"})
    return builder.build()


def test_word_in_most_documents_does_not_hide_rare_word():
    """'agitated infusion': 'infusion' is everywhere, so it only adds score; the agitation card leads."""
    docs = [
        section(
            f"SOP-X{n:02}-001", "", f"Infusion topic {n}", "", "During the infusion, check the pump.", **CARD
        )
        for n in range(6)
    ]
    docs.append(section("CARD-EMG-001", "", "Emergence reaction", "", "The patient is agitated.", **CARD))
    searcher = ram_index(docs)
    hits = searcher.search("agitated infusion ", explain=True)
    assert hits[0].doc_id == "CARD-EMG-001"
    assert {r.words: r.role for r in hits[0].why} == {"agitated": "required", "infusion": "common"}
