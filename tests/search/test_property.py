"""No query string, however odd, makes a search raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search import SearchHit

NASTY = [
    '"',
    "'",
    "(",
    ")",
    ":",
    "*",
    "?",
    "~",
    "^",
    "\\",
    "/",
    "-",
    "+",
    "!",
    "{",
    "}",
    "[",
    "]",
    "|",
    "&",
    "AND",
    "OR",
    "NOT",
    "and",
    "or",
    "not",
    "TO",
    " ",
    "\t",
    "\n",
    "\x00",
    "\u200b",
    "\ufeff",
    "h",
    "hy",
    "bp",
    "180/100",
    "0.5",
    "mg/kg",
    "SpO₂",
    "C-SSRS",
    "MOAA/S",
    "SOP-MON-001",
    "hypertensoin",
    "é",
    "ß",
    "İ",
    "ﬁ",
    "½",
    "²",
    "𝔘",
    "中文",
    "🙂",
    "ǅ",
    "\u0301",
    "a" * 80,
    "9" * 40,
    "%",
    "$",
    "#",
]

queries = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(NASTY), max_size=12).map("".join),
    st.lists(st.sampled_from(NASTY), max_size=8).map(" ".join),
)
filters = st.one_of(
    st.none(), st.just(""), st.sampled_from(["sop", "card", "nurse", "monitoring"]), st.text(max_size=5)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=queries, kind=filters, audience=filters)
def test_search_any_text_never_raises(searcher, text, kind, audience):
    """Any text and any filter value give a list of at most `limit` hits, never an exception."""
    hits = searcher.search(text, limit=5, kind=kind, audience=audience)
    assert isinstance(hits, list)
    assert len(hits) <= 5
    assert all(isinstance(hit, SearchHit) for hit in hits)


def test_search_very_long_text_is_cut_not_rejected(searcher):
    """A pasted page of text is searched (its beginning) without error."""
    hits = searcher.search("emesis bag " * 5000)
    assert [hit.doc_id for hit in hits] == ["CARD-NAU-001"]
