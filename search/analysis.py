"""Text analysis shared by indexing, querying and snippets.

The index never sees raw text: every field value is turned into terms here, in pure Python, and
handed to Whoosh as a ready-made term list. Query words go through the same functions, so a word
typed by the user and the same word in a document always meet as the same term.

Clinical text is full of tokens a word tokenizer breaks: ``0.5 mg/kg``, ``180/100``, ``SpO2``,
``C-SSRS``, ``MOAA/S``, ``SOP-MON-001``. A *compound* (letters or digits joined by ``. / - :``, or
a number glued to its unit such as ``5mg``) is indexed twice: as the whole token (``mg/kg``) and
as its parts (``mg``, ``kg``). Searching ``mg/kg`` then hits the whole token, while ``mg kg``,
``5 mg`` or ``blood pressure`` still reach ``0.5mg/kg``, ``5mg`` and ``blood-pressure``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from whoosh.lang.porter import stem as _porter_stem

__all__ = [
    "MAX_WORD_LENGTH",
    "PAIR_SEPARATOR",
    "STOP_WORDS",
    "Analysis",
    "Token",
    "analyze",
    "fold",
    "iter_tokens",
    "pair",
    "stem",
]

# Letters/digits, optionally joined by characters that glue clinical tokens together. Dashes of
# every kind and typographic apostrophes are folded to ASCII in `fold`.
_TOKEN_RE = re.compile(r"[^\W_]+(?:[./:'’‐‑–—-][^\W_]+)*")
_PART_SPLIT_RE = re.compile(r"[/:-]")
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)*")
_NUMBER_UNIT_RE = re.compile(r"(\d+(?:\.\d+)?)([^\W\d_]+)")
_FOLD_TABLE = str.maketrans({"‐": "-", "‑": "-", "–": "-", "—": "-", "’": "'"})

#: Longer tokens (URLs, hashes) are not indexed whole; their parts still are.
MAX_WORD_LENGTH = 40

#: Joins the two terms of a word pair (bigram) term; never produced by the tokenizer.
PAIR_SEPARATOR = " "

#: Words too common to help; dropped from documents and queries alike. Kept short on purpose:
#: "no", "not", "before" and "after" carry meaning in an SOP and stay searchable.
# fmt: off
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "if", "in",
    "into", "is", "it", "its", "of", "on", "or", "so", "such", "than", "that", "the", "their", "then",
    "there", "these", "this", "those", "to", "was", "were", "which", "with",
))
# fmt: on


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a text: its folded spelling, its place in the original text and its parts.

    ``parts`` is empty for a simple word; for a compound it lists the folded pieces in order.
    ``start``/``end`` index the original (unfolded) string, so snippets can mark it up.
    """

    word: str
    start: int
    end: int
    parts: tuple[str, ...] = ()


@dataclass(slots=True)
class Analysis:
    """The index view of one text.

    ``terms`` go to the searchable field (a term repeats once per occurrence, for term
    frequency), ``words`` are the unstemmed spellings for prefix and typo expansion, and
    ``units`` is the stemmed word sequence (compounds as their parts, stop words removed) from
    which word pairs for phrase search are made.
    """

    terms: list[str]
    words: set[str]
    units: list[str]

    def pairs(self) -> list[str]:
        """Return the word-pair terms of consecutive units, in order."""
        units = self.units
        return [pair(a, b) for a, b in zip(units, units[1:], strict=False)]


def fold(word: str) -> str:
    """Return the search spelling of a raw token: lower case, accents and ligatures removed.

    NFKD also turns ``SpO₂`` into ``spo2`` and ``²`` into ``2``, so copy-pasted text matches.
    """
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.translate(_FOLD_TABLE))
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return kept.lower()


def _strip_apostrophes(word: str) -> str:
    # "patient's" and "patients'" mean the patient; "don't" is searched as "dont".
    if word.endswith("'s"):
        word = word[:-2]
    return word.replace("'", "")


def _split_parts(word: str) -> tuple[str, ...]:
    """Return the parts of a folded compound, or () if the word is simple."""
    pieces: list[str] = []
    for segment in _PART_SPLIT_RE.split(word):
        if not segment:
            continue
        number_unit = _NUMBER_UNIT_RE.fullmatch(segment)
        if number_unit:
            pieces.extend(number_unit.groups())
        elif "." in segment and not _NUMBER_RE.fullmatch(segment):
            pieces.extend(p for p in segment.split(".") if p)
        else:
            pieces.append(segment)
    if len(pieces) == 1 and pieces[0] == word:
        return ()
    return tuple(pieces)


def iter_tokens(text: str) -> Iterator[Token]:
    """Yield the tokens of ``text`` in order, with offsets into ``text``."""
    for match in _TOKEN_RE.finditer(text):
        word = _strip_apostrophes(fold(match.group()))
        if not word:
            continue
        yield Token(word, match.start(), match.end(), _split_parts(word))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return the Porter stem of a folded word; numbers, codes and short words stay as they are."""
    if len(word) < 3 or not word.isalpha():
        return word
    return str(_porter_stem(word))


def pair(first: str, second: str) -> str:
    """Return the word-pair term for two consecutive index terms."""
    return first + PAIR_SEPARATOR + second


@lru_cache(maxsize=262144)
def _word_and_parts(raw: str) -> tuple[str, tuple[str, ...]]:
    """Return the folded word and parts of a raw token (cached: words repeat, Zipf's law)."""
    word = _strip_apostrophes(fold(raw))
    return word, (_split_parts(word) if word else ())


def analyze(text: str) -> Analysis:
    """Analyze a field value for the index (see `Analysis`).

    Same tokens as `iter_tokens`, without making a `Token` per word: the build analyzes
    millions of words, and most of them were seen before.
    """
    terms: list[str] = []
    words: set[str] = set()
    units: list[str] = []
    for raw in _TOKEN_RE.findall(text):
        word, parts = _word_and_parts(raw)
        if not word:
            continue
        if not parts:
            if word in STOP_WORDS or len(word) > MAX_WORD_LENGTH:
                continue
            term = stem(word)
            terms.append(term)
            words.add(word)
            units.append(term)
            continue
        if len(word) <= MAX_WORD_LENGTH:
            terms.append(word)
            words.add(word)
        for part in parts:
            if part in STOP_WORDS or len(part) > MAX_WORD_LENGTH:
                continue
            term = stem(part)
            terms.append(term)
            words.add(part)
            units.append(term)
    return Analysis(terms, words, units)
