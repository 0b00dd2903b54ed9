"""Segment stage: normalized text -> spaCy ``Doc`` (jieba words, dictionary POS tags, sentences).

Two engines sit behind one interface: ``jieba`` (the Python reference) and ``rjieba`` (jieba-rs, the
Rust port with the same dictionary and algorithm, ~10x faster). Both get the same user lexicon from
``rules/lexicon/``. POS tags come from one dictionary lookup shared by both engines rather than from
``jieba.posseg`` (0.09 MB/s), so the tags never depend on the engine.
"""
from __future__ import annotations

import logging
import os
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from bisect import bisect_right
from itertools import accumulate, compress
from pathlib import Path

import jieba
import rjieba
import numpy as np
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported when a Doc is actually built: the batch path never needs one
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

from . import memo
from .rules import RuleError, iter_tsv, rule_files

ENGINES = ("rjieba", "jieba")
DEFAULT_ENGINE = "rjieba"

# Sentence terminators; closing quotes/brackets right after one stay in the same sentence.
SENTENCE_END = frozenset("。！？；!?;…")
CLOSERS = frozenset("」』”’）)】》\"'")
_CLOSING = re.compile("[\n" + "".join(sorted(SENTENCE_END)) + "]")
_NUMERIC = re.compile(r"^[0-9０-９.,%％]+$")
_LATIN = re.compile(r"^[A-Za-z][A-Za-z0-9'&.\-]*$")
_LATIN_LETTERS = "A-Za-zÀ-ÖØ-öø-ÿĀ-ſ"
# A Latin word jieba cuts apart: one with an accented letter (Timothée -> Timoth/é/e) or joined by a
# hyphen or an apostrophe (Al-Dahle, O'Brien). Only these are searched for; plain ASCII words are whole.
_LATIN_WORD = re.compile(f"(?<![{_LATIN_LETTERS}])[{_LATIN_LETTERS}]+(?:['’\\-][{_LATIN_LETTERS}]+)*(?![{_LATIN_LETTERS}])")
_LATIN_SPLIT_HINT = re.compile(f"[À-ÖØ-öø-ÿĀ-ſ]|[{_LATIN_LETTERS}]['’\\-][{_LATIN_LETTERS}]")

DOCBIN_ATTRS = ["ORTH", "TAG", "SENT_START"]


@dataclass(frozen=True)
class LexiconEntry:
    word: str
    freq: int
    tag: str
    source: str
    line: int


_EXAMPLE_ENTRY = "澜舟智算 2000 nt"  # a lexicon line, for the hints of the errors below


def load_lexicon(rules_dir: Path) -> list[LexiconEntry]:
    """Read ``rules/lexicon/*.txt``: one ``word freq tag`` per line (jieba user-dictionary format).

    Unlike jieba's own loader, a missing frequency or tag is an error: jieba would guess a frequency
    from the dictionary, which makes the lexicon's effect depend on the engine.
    """
    entries: list[LexiconEntry] = []
    for path in rule_files(rules_dir, "lexicon", ("*.txt",)):
        for line in iter_tsv(path):
            parts = line.fields[0].split() if len(line.fields) == 1 else line.fields
            if len(parts) != 3:
                raise RuleError(path, line.number, f"expected 'word freq tag', found {len(parts)} field(s): {' '.join(parts)!r}",
                                f"write e.g. '{_EXAMPLE_ENTRY}' (word, frequency, POS tag separated by spaces)", code="R101")
            word, freq, tag = parts
            if not freq.isdigit():
                raise RuleError(path, line.number, f"frequency {freq!r} is not a whole number",
                                f"write e.g. '{_EXAMPLE_ENTRY}'", code="R102")
            entries.append(LexiconEntry(word, int(freq), tag, str(path), line.number))
    return entries


@lru_cache(maxsize=1)
def dictionary_tags() -> dict[str, str]:
    """word -> POS tag from jieba's main dictionary (the dictionary jieba-rs embeds too)."""
    path = Path(jieba.__file__).with_name("dict.txt")
    # every line is "word freq tag" and no word holds a space: one split() reads the file at C speed
    fields = path.read_text(encoding="utf-8").split()
    if len(fields) % 3:
        raise ValueError(f"{path}: expected 'word freq tag' on every line")
    words, tags = fields[0::3], fields[2::3]
    del fields  # the frequencies go before the table is built (lower peak memory)
    # ~50 distinct tags: one string each rather than one per word (6 MB less per process)
    return dict(zip(words, map(sys.intern, tags)))


class TagTable(dict):
    """word -> POS tag of the words met so far, the lexicon's first: a miss reads the dictionary
    (then ``_guess_tag``) and remembers the answer. The words of news repeat, so most lookups hit
    this small table instead of the dictionary's 350,000 entries (fewer cache misses), and
    ``map(table.__getitem__, words)`` tags a document without a Python call per known word."""

    __slots__ = ("dictionary", "own")

    def __init__(self, dictionary: dict[str, str]):
        super().__init__()
        self.dictionary = dictionary
        self.own: dict[str, str] = {}

    def set_own(self, own: dict[str, str]) -> None:
        """Tags that override the dictionary (the user lexicon)."""
        self.own = own
        self.clear()
        self.update(own)

    def __missing__(self, word: str) -> str:
        tag = self.dictionary.get(word) or _guess_tag(word)
        if len(word) <= 8:  # long runs (URLs, numbers) rarely recur
            if len(self) >= memo.TAGS + len(self.own):  # words met beyond the lexicon's (memo.py)
                self.set_own(self.own)
            self[word] = tag
        return tag


class Segmenter:
    """Cut text into words with one engine, tag them and build spaCy Docs with sentence starts."""

    def __init__(self, engine: str = DEFAULT_ENGINE, lexicon: list[LexiconEntry] | None = None,
                 vocab: "Vocab | None" = None):
        if engine not in ENGINES:
            raise ValueError(f"unknown segmentation engine {engine!r}; choose one of: {', '.join(ENGINES)}")
        self.engine = engine
        self.lexicon = list(lexicon or [])
        self._vocab = vocab
        self.tags = TagTable(dictionary_tags())
        if engine == "jieba":
            jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter on stderr
            self._tokenizer = jieba.Tokenizer()
            self._tokenizer.tmp_dir = os.environ.get("ZHNEWS_CACHE_DIR") or None
            for entry in self.lexicon:
                self._tokenizer.add_word(entry.word, entry.freq, entry.tag)
            self._cut = lambda text: self._tokenizer.lcut(text, HMM=True)
        else:
            self._tokenizer = rjieba.Jieba()
            for entry in self.lexicon:
                self._tokenizer.add_word(entry.word, entry.freq, entry.tag)
            self._cut = lambda text: self._tokenizer.cut(text, True)
        self.tags.set_own({entry.word: entry.tag for entry in self.lexicon})

    @classmethod
    def from_rules(cls, rules_dir: Path, engine: str = DEFAULT_ENGINE) -> "Segmenter":
        return cls(engine, load_lexicon(rules_dir))

    def cut(self, text: str) -> list[str]:
        return self._cut(text)

    def cut_for_search(self, text: str) -> list[str]:
        """Words and the dictionary words inside long ones (收购价格 -> 收购, 价格, 收购价格), for an index."""
        if self.engine == "jieba":
            return self._tokenizer.lcut_for_search(text, HMM=True)
        return self._tokenizer.cut_for_search(text, True)

    def tag(self, words: list[str]) -> list[str]:
        return list(map(self.tags.__getitem__, words))  # one C-level lookup per word seen before

    @property
    def vocab(self) -> "Vocab":
        """The spaCy vocabulary Docs are built with (created on first use)."""
        if self._vocab is None:
            import spacy

            self._vocab = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}}).vocab
        return self._vocab

    def __call__(self, text: str) -> Doc:
        """Segmenter is a spaCy tokenizer too: ``nlp.tokenizer = Segmenter()`` works."""
        return self.make_doc(text)

    def make_doc(self, text: str) -> Doc:
        return self.segment(text).to_doc(self.vocab)

    def segment(self, text: str) -> "Tokens":
        words = self.cut(text) if text else []
        if words and _LATIN_SPLIT_HINT.search(text):
            words = join_latin_words(text, words)
        starts = word_offsets(words)
        return Tokens(text, words, self.tag(words), sentence_starts(words, starts, text), starts)


@dataclass
class Tokens:
    """A segmented document as plain columns: the cached, engine-independent form of a Doc.

    Extractors accept these columns as well as a spaCy Doc; the pipeline passes ``Tokens``
    straight to them, since building a spaCy Doc and reading its columns back would cost more than
    segmentation itself on large batches.
    """

    text: str
    words: list[str]
    tags: list[str]
    sent_starts: list[bool]
    _starts: list[int] | None = field(default=None, repr=False, compare=False)

    @property
    def starts(self) -> list[int]:
        """Character offset of each word in ``text``."""
        if self._starts is None:
            self._starts = word_offsets(self.words)
        return self._starts

    def sentences(self) -> list[tuple[int, int]]:
        """Character spans ``(start, end)`` of the sentences."""
        starts = self.starts
        opens = list(compress(starts, self.sent_starts))
        return list(zip(opens, opens[1:] + [len(self.text)]))

    def to_doc(self, vocab: "Vocab") -> "Doc":
        from spacy.tokens import Doc

        return Doc(vocab, words=self.words, spaces=[False] * len(self.words), tags=self.tags,
                   sent_starts=self.sent_starts)

    def pack(self) -> tuple[bytes, str, bytes]:
        """Compact form for the stage cache (the normalized text is stored beside it): the token
        lengths (a width byte, then 8-, 16- or 32-bit lengths: most tokens are short), the distinct
        tags in order of first use (one per line), and each token's tag number followed by the
        sentence starts as bits. About 2.1 bytes per token instead of the 5-6 that 16-bit lengths,
        tag names and a byte per start took."""
        n = len(self.words)
        lengths = np.fromiter(map(len, self.words), dtype=np.uint32, count=n)
        top = int(lengths.max()) if n else 0
        width = 1 if top < 256 else 2 if top < 65536 else 4
        kinds = dict.fromkeys(self.tags)
        if len(kinds) <= 256:  # a tag number per token in one byte: one character each, encoded at once
            code = dict(zip(kinds, map(chr, range(len(kinds)))))
            ids = "".join(map(code.__getitem__, self.tags)).encode("latin-1")
        else:  # two bytes when a document has more than 256 kinds of tags
            code = {tag: i for i, tag in enumerate(kinds)}
            ids = np.array(list(map(code.__getitem__, self.tags)), dtype="<u2").tobytes()
        starts = np.packbits(np.frombuffer(bytes(self.sent_starts), dtype=np.uint8)).tobytes()
        # tags are whole lexicon fields: never a line break
        return bytes([width]) + lengths.astype(f"<u{width}").tobytes(), "\n".join(kinds), ids + starts

    @classmethod
    def unpack(cls, text: str, packed: tuple[bytes, str, bytes]) -> "Tokens":
        """The tokens of ``pack``; ValueError when the packed form does not fit ``text``."""
        lengths, vocab, rest = packed
        width = lengths[0] if lengths else 0
        if width not in (1, 2, 4) or (len(lengths) - 1) % width:
            raise ValueError("packed token lengths of an unknown width")
        sizes = np.frombuffer(lengths, dtype=f"<u{width}", offset=1).astype(np.int64)
        n = len(sizes)
        bits = (n + 7) // 8
        if len(rest) not in (n + bits, 2 * n + bits):
            raise ValueError("packed tags and sentence starts do not match the token count")
        wide = n and len(rest) == 2 * n + bits
        ends = np.cumsum(sizes).tolist()
        if (ends[-1] if n else 0) != len(text) or (n and int(sizes.min()) <= 0):
            raise ValueError("packed token lengths do not tile the text")
        names = vocab.split("\n")
        words = [text[a:b] for a, b in zip([0] + ends[:-1], ends)]
        numbers = np.frombuffer(rest, dtype="<u2", count=n).tolist() if wide else rest[:n]
        tags = list(map(names.__getitem__, numbers))  # IndexError for a tag number out of range
        flags = np.frombuffer(rest, dtype=np.uint8, offset=len(rest) - bits)
        starts = np.unpackbits(flags, count=n).astype(bool).tolist()
        return cls(text, words, tags, starts)


def join_latin_words(text: str, words: list[str]) -> list[str]:
    """Words with every Latin-script word that the engine cut apart joined again (Timoth/é/e ->
    Timothée, Al/-/Dahle -> Al-Dahle), so names keep their accents, hyphens and apostrophes."""
    starts = word_offsets(words)
    ends = set(accumulate(map(len, words)))
    merged: list[str] = []
    taken = 0
    for m in _LATIN_WORD.finditer(text):
        a, b = m.span()
        first = bisect_right(starts, a) - 1
        if starts[first] != a or b not in ends or words[first] == m.group():
            continue  # a word boundary inside is not the engine's, or the word is already whole
        merged.extend(words[taken:first])
        merged.append(m.group())
        taken = bisect_right(starts, b - 1)
    if not merged:
        return words
    merged.extend(words[taken:])
    return merged


def word_offsets(words: list[str]) -> list[int]:
    """Character offset of each word in ``"".join(words)``."""
    return [0, *accumulate(map(len, words))][:-1] if words else []


def _guess_tag(word: str) -> str:
    if _NUMERIC.match(word):
        return "m"
    if _LATIN.match(word):
        return "eng"
    return "x"  # not in the dictionary: a word jieba's HMM found, a symbol or a space


def sentence_starts(words: list[str], starts: list[int] | None = None, text: str | None = None) -> list[bool]:
    """True where a token opens a sentence: after 。！？；… (and any closing quotes) or a newline.

    A token ending in a terminator or holding a newline closes its sentence; the next token that is
    not a closing quote, another terminator or a space opens the next one. ``starts`` (the tokens'
    offsets in ``text``, which is ``"".join(words)``) save recomputing them. The terminators are
    found by one regex search over the text rather than by visiting every token (a million tokens
    per 5 MB)."""
    flags = [False] * len(words)
    if not words:
        return flags
    flags[0] = True  # leading whitespace belongs to the first sentence
    if text is None:
        text = "".join(words)
    if starts is None:
        starts = word_offsets(words)
    first = 0
    while first < len(words) and words[first].isspace():
        first += 1
    n = len(words)
    last_closer = -1  # the token whose close was already handled
    for m in _CLOSING.finditer(text, starts[first] if first < n else len(text)):
        p = m.start()
        k = bisect_right(starts, p) - 1
        if k <= last_closer:
            continue
        if text[p] != "\n" and p != starts[k] + len(words[k]) - 1:
            continue  # a terminator inside a token (not its last character) closes nothing
        last_closer = k
        j = k + 1
        while j < n and (words[j] in CLOSERS or words[j][-1] in SENTENCE_END or words[j].isspace()):
            j += 1
        if j < n:
            flags[j] = True
    return flags
