"""User text → query plan: one clause per concept the user typed.

No query syntax is interpreted except double quotes (a phrase) and a trailing ``*`` (a prefix):
everything else (``AND``, ``(``, ``:``, ``?``) is just text, so no input can be a syntax error.
Tokens go through the same analysis as documents (`search.analysis`), which keeps ``0.5``,
``mg/kg``, ``180/100``, ``SpO2`` and ``C-SSRS`` intact.

A `Clause` lists the alternatives that satisfy one concept:

* the word's index term (its stem, or the whole compound);
* for the word being typed (the last one, with no space after it), the most frequent vocabulary
  words it begins; a 1-2 letter prefix is expanded over head-field words only, so it never
  scans the body vocabulary;
* the word pairs of a phrase, a compound's parts or a multi-word synonym;
* the other members of its synonym group (``bp`` ⇄ ``blood pressure``);
* when none of these occurs anywhere, the closest spellings (`Vocabulary.fuzzy`).

Not every clause is required. Filler words of the lexicon ("pt", "what", "how"), a stop word
still being typed ("... during or after the"), numbers next to words ("sats 88") and the words
of an intent phrase ("how often") are *optional*: they add score to the sections that have
them, at a small weight, but a section lacking them is not excluded. An intent phrase adds one
optional clause of the words that answer it. When no clause is required, every clause but the
intent ones is (`required_clauses`), so "patient" alone still finds what it names.

The searcher combines required clauses with AND first and falls back to OR.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from search.analysis import PAIR_SEPARATOR, STOP_WORDS, Token, iter_tokens, pair, stem
from search.lexicon import NUMBER, Lexicon, is_number
from search.vocabulary import Vocabulary

__all__ = [
    "MAX_CLAUSES",
    "MAX_QUERY_CHARS",
    "Clause",
    "SynonymTable",
    "parse_query",
    "required_clauses",
    "resolve_clauses",
]

#: Longer input is cut: nobody types more, and it bounds the work a pasted page can cause.
MAX_QUERY_CHARS = 256
#: At most this many concepts are searched (AND of more is empty in practice anyway).
MAX_CLAUSES = 10
#: Prefix expansions kept per typed word, most frequent words first.
PREFIX_LIMIT = 12
SHORT_PREFIX_LIMIT = 8
SHORT_PREFIX_LENGTH = 2
FUZZY_LIMIT = 4
#: Weights below the exact word so that what was typed ranks first.
PREFIX_WEIGHT = 0.7
FUZZY_WEIGHT = 0.6
#: Weight of optional clauses, by role: they may break ties, never outweigh a clinical word.
ROLE_WEIGHTS = {"filler": 0.2, "stop": 0.2, "intent word": 0.3, "intent": 0.6, "number": 0.8, "common": 0.5}

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "″": '"', "«": '"', "»": '"'})
_QUOTED_RE = re.compile(r'"([^"]*)"?')


@dataclass(slots=True)
class Clause:
    """Alternatives for one concept; a section matches the clause if it matches any of them.

    Attributes:
        terms: Index term → weight, searched in every text field.
        head_terms: Index term → weight, searched in the head fields only.
        phrases: Alternatives made of word-pair terms that must all occur.
        fuzzy_word: The typed word to correct when nothing matches; ``None`` if not eligible.
        typing: The word is still being typed (prefix semantics for typo correction).
        label: The words the user typed for this clause (for explanations).
        role: ``word``, ``phrase`` or ``concept`` (a synonym group; required); ``filler``, ``stop``, ``number``,
            ``intent word``, ``intent`` or ``common`` (optional, see the module docstring and
            `search.engine.Engine._soften_common`).
        exact: The index term of the word as typed, when prefix expansions were added: an
            expansion never scores above it (its rarity is capped at the typed word's).
        sources: Index term → the spellings that brought it in, for whole-word highlighting.
        corrected: Spellings found by typo correction (for explanations).
        factor: Multiplies every score of the clause (optional clauses weigh less).
    """

    terms: dict[str, float] = field(default_factory=dict)
    head_terms: dict[str, float] = field(default_factory=dict)
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    fuzzy_word: str | None = None
    typing: bool = False
    label: str = ""
    role: str = "word"
    exact: str | None = None
    sources: dict[str, set[str]] = field(default_factory=dict)
    corrected: list[str] = field(default_factory=list)
    factor: float = 1.0

    @property
    def optional(self) -> bool:
        """Tell whether sections lacking this clause may still match the query."""
        return self.role in ROLE_WEIGHTS

    def add_term(self, term: str, weight: float = 1.0, source: str | None = None) -> None:
        """Add an alternative term, keeping the higher weight if it is already there."""
        if weight > self.terms.get(term, 0.0):
            self.terms[term] = weight
        if source is not None:
            self.sources.setdefault(term, set()).add(source)

    def add_units(self, units: Sequence[str]) -> None:
        """Add a multi-word alternative (or a single term if only one unit is left)."""
        if len(units) == 1:
            self.add_term(units[0])
        elif units:
            alternative = tuple(pair(a, b) for a, b in zip(units, units[1:], strict=False))
            if alternative not in self.phrases:
                self.phrases.append(alternative)

    def scale(self, factor: float) -> None:
        """Multiply every weight by ``factor`` (optional clauses weigh less)."""
        self.factor *= factor

    def highlight_terms(self) -> set[str]:
        """Return the single index terms this clause matches, for snippet highlighting."""
        return set(self.terms) | set(self.head_terms)

    def highlight_phrases(self) -> list[list[str]]:
        """Return the term sequence of each multi-word alternative, for snippet highlighting.

        Their words are highlighted only together: "oxygen" alone is not a match for "SpO2".
        """
        return [
            [p.split(PAIR_SEPARATOR)[0] for p in alternative] + alternative[-1].split(PAIR_SEPARATOR)[1:]
            for alternative in self.phrases
        ]


def _key(token: Token) -> str:
    """Return the index term standing for a whole token (compounds stay whole)."""
    return token.word if token.parts else stem(token.word)


def _units(tokens: Sequence[Token]) -> list[str]:
    """Return the pair units of tokens: stems, compounds as parts, stop words dropped."""
    units: list[str] = []
    for token in tokens:
        for word in token.parts or (token.word,):
            if word not in STOP_WORDS:
                units.append(stem(word))
    return units


#: One member of a synonym group: its pair units, and its spelling when it is one word.
Member = tuple[list[str], str | None]


class SynonymTable:
    """Synonym groups applied at query time in both directions.

    Each mapping entry ``key: [values...]`` forms a group; a query word or word sequence that
    equals any member (after analysis, so plurals and case do not matter) matches every member.
    Keys starting with ``=`` are lexicon entries (`search.lexicon`), not synonyms; one-way
    entries (``see``) are matched by their key only.
    """

    __slots__ = ("_groups", "_longest")

    def __init__(
        self, synonyms: Mapping[str, Sequence[str]], see: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        """Analyze every member once."""
        self._groups: dict[tuple[str, ...], list[Member]] = {}
        self._longest = 1
        entries = [(k, v, False) for k, v in synonyms.items() if not k.startswith("=")]
        entries += [(k, v, True) for k, v in (see or {}).items()]
        for key, values, one_way in entries:
            members = []
            for phrase in (key, *values):
                tokens = [t for t in iter_tokens(phrase) if t.parts or t.word not in STOP_WORDS]
                if tokens:
                    members.append(([_key(t) for t in tokens], tokens))
            for match_key, _ in members[:1] if one_way else members:
                group = self._groups.setdefault(tuple(match_key), [])
                for _, tokens in members:
                    single = len(tokens) == 1
                    member = (
                        [_key(tokens[0])] if single else _units(tokens),
                        tokens[0].word if single else None,
                    )
                    if member not in group:
                        group.append(member)
                        if single and tokens[0].parts:
                            group.append((_units(tokens), None))
                self._longest = max(self._longest, len(match_key))

    def match(self, keys: Sequence[str], start: int) -> tuple[int, list[Member]]:
        """Return (length, members) of the longest group member at ``keys[start:]``."""
        for length in range(min(self._longest, len(keys) - start), 0, -1):
            group = self._groups.get(tuple(keys[start : start + length]))
            if group:
                return length, group
        return 0, []


def _split(text: str) -> list[tuple[str, bool]]:
    """Split text into (segment, quoted) pieces; an unclosed quote runs to the end."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in _QUOTED_RE.finditer(text):
        pieces.append((text[position : match.start()], False))
        pieces.append((match.group(1), True))
        position = match.end()
    pieces.append((text[position:], False))
    return [(segment, quoted) for segment, quoted in pieces if segment.strip()]


@dataclass(slots=True)
class _Word:
    token: Token
    typing: bool
    role: str


def _free_words(segment: str, at_end: bool, lexicon: Lexicon) -> list[_Word]:
    """Return the words of an unquoted segment with their roles; finished stop words are dropped."""
    words: list[_Word] = []
    tokens = list(iter_tokens(segment))
    for number, token in enumerate(tokens):
        rest = segment[token.end :]
        starred = rest.startswith("*")
        typing = starred or (at_end and number == len(tokens) - 1 and not rest.strip("*"))
        if not token.parts and token.word in STOP_WORDS:
            if typing:
                # Typed last, a stop word may be the start of a real word ("the" → "therapy"),
                # but it must not become a required clause that hides the right page.
                words.append(_Word(token, typing, "stop"))
            continue
        if is_number(token.word):
            role = "number"
        elif not token.parts and token.word in lexicon.filler:
            role = "filler"
        else:
            role = "word"
        words.append(_Word(token, typing, role))
    return words


def _word_clause(word: _Word, vocabulary: Vocabulary) -> Clause:
    """Return the clause of one free word: itself, its prefix expansions, its typo fallback."""
    token, typing = word.token, word.typing
    clause = Clause(typing=typing, label=token.word, role=word.role)
    clause.add_term(_key(token), 1.0, token.word)
    if token.parts:
        clause.add_units(_units([token]))
    elif token.word.isalpha() and word.role in ("word", "intent word"):
        clause.fuzzy_word = token.word
    if typing:
        clause.exact = _key(token)
        if len(token.word) <= SHORT_PREFIX_LENGTH:
            # Short prefixes stay in the small head fields; if no heading, title or keyword
            # starts so, the few most frequent words anywhere stand in.
            expansions = vocabulary.expand_prefix(token.word, limit=SHORT_PREFIX_LIMIT, head_only=True)
            target = clause.head_terms
            if not expansions:
                expansions = vocabulary.expand_prefix(token.word, limit=SHORT_PREFIX_LIMIT)
                target = clause.terms
            for i in expansions:
                term = vocabulary.stem_of(i)
                if term not in clause.terms:
                    target[term] = PREFIX_WEIGHT
                clause.sources.setdefault(term, set()).add(vocabulary.word(i))
        else:
            for i in vocabulary.expand_prefix(token.word, limit=PREFIX_LIMIT):
                clause.add_term(vocabulary.stem_of(i), PREFIX_WEIGHT, vocabulary.word(i))
    return clause


def _intent_clauses(words: list[_Word], lexicon: Lexicon) -> list[Clause]:
    """Mark the words of intent phrases optional; return one clause per intent found."""
    if not lexicon.intents:
        return []
    keys = [NUMBER if w.role == "number" else w.token.word for w in words]
    clauses: list[Clause] = []
    position = 0
    longest = lexicon.longest_intent
    while position < len(keys):
        for length in range(min(longest, len(keys) - position), 0, -1):
            answer = lexicon.intents.get(tuple(keys[position : position + length]))
            if answer is not None:
                matched = words[position : position + length]
                for w in matched:
                    if w.role == "word":
                        w.role = "intent word"
                clause = Clause(label=" ".join(w.token.word for w in matched), role="intent")
                for phrase in answer:
                    tokens = [t for t in iter_tokens(phrase) if t.parts or t.word not in STOP_WORDS]
                    if len(tokens) == 1:
                        clause.add_term(_key(tokens[0]), 1.0, tokens[0].word)
                    else:
                        clause.add_units(_units(tokens))
                clauses.append(clause)
                position += length
                break
        else:
            position += 1
    return clauses


def parse_query(
    text: str, vocabulary: Vocabulary, synonyms: SynonymTable, lexicon: Lexicon | None = None
) -> list[Clause]:
    """Turn user text into clauses (see the module docstring); never raises on any ``str``."""
    lexicon = lexicon or Lexicon()
    text = text[:MAX_QUERY_CHARS].translate(_QUOTES)
    at_end_open = bool(text) and not text[-1].isspace() and text[-1] != '"'
    pieces = _split(text)
    clauses: list[Clause] = []
    intents: list[Clause] = []
    for number, (segment, quoted) in enumerate(pieces):
        if quoted:
            tokens = list(iter_tokens(segment))
            if len(tokens) == 1:
                clause = _word_clause(_Word(tokens[0], False, "word"), vocabulary)
                clause.fuzzy_word = None  # quoted means exactly this
                clauses.append(clause)
            elif tokens:
                clause = Clause(label=segment.strip(), role="phrase")
                clause.add_units(_units(tokens))
                if clause.terms or clause.phrases:
                    clauses.append(clause)
            continue
        words = _free_words(segment, at_end_open and number == len(pieces) - 1, lexicon)
        intents += _intent_clauses(words, lexicon)
        keys = [_key(w.token) for w in words]
        position = 0
        while position < len(words):
            length, group = synonyms.match(keys, position)
            if length > 1:
                # A multi-word synonym is one concept: its words only count together.
                matched = words[position : position + length]
                roles = {w.role for w in matched}
                clause = Clause(label=" ".join(w.token.word for w in matched), role="phrase")
                if roles <= set(ROLE_WEIGHTS):
                    clause.role = "intent word" if "intent word" in roles else min(roles)
            else:
                clause = _word_clause(words[position], vocabulary)
            if group and clause.role in ("word", "phrase"):
                clause.role = "concept"  # a vocabulary concept: never softened as a common word
            for units, spelling in group:
                if spelling is not None:
                    clause.add_term(units[0], 1.0, spelling)
                else:
                    clause.add_units(units)
            clauses.append(clause)
            position += max(length, 1)
    return (clauses + intents)[:MAX_CLAUSES]


def required_clauses(clauses: Sequence[Clause]) -> list[bool]:
    """Return, per clause, whether a section must match it (see the module docstring)."""
    required = [not c.optional for c in clauses]
    if not any(required):
        required = [c.role not in ("intent", "number") for c in clauses]
    if not any(required):
        required = [c.role != "intent" for c in clauses]
    if not any(required):
        required = [True] * len(clauses)
    return required


def resolve_clauses(
    clauses: list[Clause], vocabulary: Vocabulary, pair_exists: Callable[[str], bool]
) -> list[Clause]:
    """Drop alternatives that match nothing; correct typos of words matching nothing at all.

    A clause none of whose alternatives occurs in the index is replaced by its closest
    spellings when it is a plain word; otherwise, or when no spelling is close, it is dropped,
    so the remaining words can still be matched together. Optional clauses are then weighted
    down (`ROLE_WEIGHTS`).
    """
    resolved: list[Clause] = []
    for clause in clauses:
        clause.terms = {t: w for t, w in clause.terms.items() if vocabulary.has_term(t)}
        clause.phrases = [alt for alt in clause.phrases if all(map(pair_exists, alt))]
        if not (clause.terms or clause.head_terms or clause.phrases) and clause.fuzzy_word:
            for i in vocabulary.fuzzy(clause.fuzzy_word, limit=FUZZY_LIMIT, as_prefix=clause.typing):
                clause.add_term(vocabulary.stem_of(i), FUZZY_WEIGHT, vocabulary.word(i))
                clause.corrected.append(vocabulary.word(i))
        if clause.terms or clause.head_terms or clause.phrases:
            resolved.append(clause)
    required = required_clauses(resolved)
    for clause, needed in zip(resolved, required, strict=True):
        if not needed:
            clause.scale(ROLE_WEIGHTS[clause.role])
    return resolved
