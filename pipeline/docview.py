"""One token/sentence view of a segmented document, shared by the entity and event extractors.

The extractors accept a spaCy ``Doc`` or the pipeline's plain ``segment.Tokens``; both become a
``DocView``: the text, the words with their jieba tags and character offsets, and the sentence each
word belongs to. Everything is plain Python lists, read once: creating a spaCy ``Token`` per word
would cost more than the extractors themselves.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate, compress
from operator import add
from typing import TYPE_CHECKING

import numpy as np

from .segment import Tokens, sentence_starts

if TYPE_CHECKING:
    from spacy.tokens import Doc

_TAG_NAMES: dict[int, str] = {}  # spaCy tag hash -> tag (the same few dozen tags in every document)


class OffsetIndex:
    """Which word starts (or ends) at a character offset: ``get(offset)`` and ``offset in index``.

    A binary search over the sorted offsets: building a dict of a million offsets per 5 MB would cost
    more than the few lookups per candidate that read it."""

    __slots__ = ("offsets",)

    def __init__(self, offsets: list[int]):
        self.offsets = offsets

    def get(self, offset: int) -> int | None:
        i = bisect_left(self.offsets, offset)
        return i if i < len(self.offsets) and self.offsets[i] == offset else None

    def __contains__(self, offset: int) -> bool:
        return self.get(offset) is not None


class DocView:
    """Words, tags, offsets and sentences of one document (read only once built)."""

    __slots__ = ("text", "words", "tags", "starts", "ends", "lengths", "sent_start", "start_index", "end_index",
                 "_sent_of", "_sent_first", "_codes", "_firsts", "_lasts", "_contiguous", "_in_class", "_tagged")

    def __init__(self, text: str, words: list[str], tags: list[str], sent_start: list[bool],
                 starts: list[int] | None = None, contiguous: bool = False):
        """``starts``: the words' offsets in ``text`` (default: the words tile it); ``contiguous``
        says that given offsets tile it too (each word starts where the previous one ends)."""
        self.text = text
        self.words, self.tags, self.sent_start = words, tags, sent_start
        lengths = list(map(len, words))
        # Words that tile the text (the segmenter's, and a Doc without spaces) end where the next
        # one starts: the ends are the starts shifted by one, a slice instead of a sum per word.
        self._contiguous = starts is None or contiguous
        if starts is None:
            ends = list(accumulate(lengths))
            starts = [0, *ends[:-1]] if ends else []
        elif contiguous:
            ends = starts[1:] + [starts[-1] + lengths[-1]] if starts else []
        else:
            ends = list(map(add, starts, lengths))
        self.starts, self.ends, self.lengths = starts, ends, lengths
        self.start_index = OffsetIndex(starts)
        self.end_index = OffsetIndex(ends)
        self._sent_of: list[int] | None = None
        self._sent_first: list[int] | None = None
        self._codes: np.ndarray | None = None
        self._firsts: np.ndarray | None = None
        self._lasts: np.ndarray | None = None
        self._in_class: dict[tuple[int, bool], tuple[np.ndarray, list[int]]] = {}
        self._tagged: dict[str, list[int]] = {}

    @classmethod
    def of(cls, doc: "Doc | Tokens | DocView") -> "DocView":
        """The view of a spaCy Doc, of the pipeline's Tokens, or the view itself."""
        if isinstance(doc, DocView):
            return doc
        if isinstance(doc, Tokens):  # the plain columns, nothing to convert
            # the offsets segment() found; its words are cut from the text, so they tile it
            return cls(doc.text, doc.words, doc.tags, doc.sent_starts, doc.starts, contiguous=True)
        return cls._from_doc(doc)

    @classmethod
    def _from_doc(cls, doc: "Doc") -> "DocView":
        # Column access is several times cheaper than creating a spaCy Token per word.
        strings = doc.vocab.strings
        cols = doc.to_array(["ORTH", "SPACY", "TAG"]).tolist() if len(doc) else []
        words = [strings[o] for o, _sp, _t in cols]
        tags = []
        for _o, _sp, t in cols:
            tag = _TAG_NAMES.get(t)
            if tag is None:
                tag = _TAG_NAMES[t] = strings[t] if t else ""
            tags.append(tag)
        starts = None
        if any(sp for _o, sp, _t in cols):  # a Doc built with spaces after some words
            text = "".join(w + (" " if sp else "") for w, (_o, sp, _t) in zip(words, cols))
            starts, pos = [], 0
            for w, (_o, sp, _t) in zip(words, cols):
                starts.append(pos)
                pos += len(w) + (1 if sp else 0)
        else:
            text = "".join(words)
        # The segmenter's own sentence rule (the same one that set the Doc's sentence starts).
        return cls(text, words, tags, sentence_starts(words) if words else [], starts)

    # --- words -----------------------------------------------------------------------------------
    def token_at(self, char: int) -> int:
        """Index of the word holding ``char`` (-1 before the first word)."""
        return bisect_right(self.starts, char) - 1

    def _firsts_and_lasts(self) -> None:
        """The first and last code point of every word: one offset array serves both when the words
        tile the text (a word's last character is the one before the next word's start)."""
        if self._codes is None:
            self._codes = np.frombuffer(self.text.encode("utf-32-le"), dtype=np.uint32)
        starts = np.array(self.starts, dtype=np.int64)
        self._firsts = self._codes[starts]
        if self._contiguous and self.starts:
            lasts = np.append(starts[1:], self.ends[-1]) - 1
        else:
            lasts = np.array(self.ends, dtype=np.int64) - 1
        self._lasts = self._codes[lasts]

    def _words_in(self, char_class: np.ndarray, first: bool) -> list[int]:
        # Kinds ask for the same tables (common surnames...) more than once per document. The key is
        # the table's id; the value keeps the table alive, so the id cannot be reused meanwhile.
        kept = self._in_class.get((id(char_class), first))
        if kept is None:
            if self._firsts is None:
                self._firsts_and_lasts()
            chars = self._firsts if first else self._lasts
            kept = self._in_class[id(char_class), first] = (char_class, np.flatnonzero(char_class[chars]).tolist())
        return kept[1]

    def first_in(self, char_class: np.ndarray) -> list[int]:
        """Indices of the words whose first character is in ``char_class`` (see ``char_class``).
        Later calls with the same table share the list: read it, do not change it."""
        return self._words_in(char_class, True)

    def last_in(self, char_class: np.ndarray) -> list[int]:
        """Indices of the words whose last character is in ``char_class`` (a shared list, as ``first_in``)."""
        return self._words_in(char_class, False)

    def tagged(self, tag: str) -> list[int]:
        """Indices of the words tagged ``tag``, in order (a shared list, as ``first_in``). Found by
        ``list.index`` at C speed: tags are a few dozen interned strings, most words skipped unvisited."""
        found = self._tagged.get(tag)
        if found is None:
            found = self._tagged[tag] = []
            index, i = self.tags.index, -1
            try:
                while True:
                    i = index(tag, i + 1)
                    found.append(i)
            except ValueError:
                pass
        return found

    # --- sentences -------------------------------------------------------------------------------
    @property
    def sent_of(self) -> list[int]:
        """Sentence number of each word (computed on first use)."""
        if self._sent_of is None:
            self._sent_of = list(accumulate(self.sent_start, initial=-1))[1:]
        return self._sent_of

    @property
    def sentence_firsts(self) -> list[int]:
        """Index of the first word of each sentence (``[0]`` for a document without words)."""
        if self._sent_first is None:
            firsts = list(compress(range(len(self.sent_start)), self.sent_start)) or [0]
            if firsts[0] != 0:
                firsts.insert(0, 0)
            self._sent_first = firsts
        return self._sent_first

    def sentence_words(self, char: int) -> tuple[int, int]:
        """Word range ``[first, last)`` of the sentence holding ``char``."""
        firsts = self.sentence_firsts
        p = bisect_right(firsts, self.token_at(char)) - 1
        return firsts[p], (firsts[p + 1] if p + 1 < len(firsts) else len(self.starts))

    def sentence_span(self, char: int) -> tuple[int, int]:
        """Character span of the sentence holding ``char``."""
        first, last = self.sentence_words(char)
        return self.starts[first], (self.starts[last] if last < len(self.starts) else len(self.text))


def char_class(chars) -> np.ndarray:
    """A lookup table over code points for ``DocView.first_in`` / ``last_in``."""
    table = np.zeros(0x110000, dtype=bool)
    table[[ord(c) for c in set(chars)]] = True
    return table
