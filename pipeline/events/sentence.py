"""Sentence analysis: the words of one sentence, each classified into a token kind, and its clauses.

A token kind says what a word can be in a noun phrase, from the word lists first and from jieba's
dictionary tag otherwise:

    P punctuation (ends a clause)  S space         O opening bracket  Q closing bracket
    C coordinator (和, 、)          L linker (的)    R preposition      A adverbial
    T time expression              N nominal       M numeral          F postposition
    V verb (anything else, and every trigger word)
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import memo
from .vocabulary import CJK_RE, NOMINAL_TAGS, NON_NAME_TAGS, Vocabulary

if TYPE_CHECKING:
    from .context import DocContext

P, S, O, Q, C, L, R, A, T, N, M, F, V = "P", "S", "O", "Q", "C", "L", "R", "A", "T", "N", "M", "F", "V"
NOMINAL = frozenset((N, M, F))


@dataclass
class Sentence:
    start: int  # char offset of the sentence
    end: int
    text: str
    words: list[str]
    tags: list[str]
    starts: list[int]
    ends: list[int]
    kinds: list[str]
    clause: list[int]  # clause number of every token
    clause_bounds: list[tuple[int, int]]  # token ranges of clauses
    by_start: dict[int, int]
    by_end: dict[int, int]
    person_ends: frozenset[int] = frozenset()

    def span_text(self, np: tuple[int, int]) -> str:
        """Text of the token range ``np``."""
        return self.text[self.starts[np[0]] - self.start:self.ends[np[1] - 1] - self.start]

    def clause_start(self, k: int) -> int:
        """First token of the clause holding token ``k``."""
        return self.clause_bounds[self.clause[k]][0]

    def clause_end(self, k: int) -> int:
        """End (exclusive) of the clause holding token ``k``."""
        return self.clause_bounds[self.clause[k]][1]


class TokenClassifier:
    """Token kinds of sentences under one rule set (the kind of each (word, tag) is cached)."""

    def __init__(self, v: Vocabulary):
        self.v = v
        self.cache: dict[tuple[str, str], str] = {}

    def word_kind(self, w: str, tag: str) -> str:
        """Kind of one word (before time expressions and spaces are resolved in context)."""
        v = self.v
        if w in v.punct:
            return P
        if w.isspace():
            return S
        if w in v.open:
            return O
        if w in v.close:
            return Q
        if w in v.by_word or w in v.verb_words:
            return V  # another trigger is a verb, never phrase material
        if w in v.linkers:
            return L
        if w in v.coord:
            return C
        if w in v.preps:
            return R
        if w in v.time_words:
            return T
        if w in v.adverbials or w in v.aspect:
            return A
        if w in v.nominal_words:
            return N
        return self._tag_kind(w, tag)

    def _tag_kind(self, w: str, tag: str) -> str:
        if tag.startswith("n") or tag in NOMINAL_TAGS:
            return N
        if tag in ("m", "q", "mq"):
            return M
        if tag == "x":
            return N if (w in self.v.symbols or CJK_RE.search(w) or w[0].isalnum()) else P
        if tag in ("d", "ad", "dg", "c"):
            return A  # adverbs; conjunctions that are no coordinators ("而", "并")
        if tag in ("t", "tg"):
            return T
        if tag == "f":
            return F
        if tag == "p":
            return R
        if tag in ("y", "e"):
            return P
        if tag in ("uj", "ul", "uz", "ug"):
            return A
        if w in self.v.list_enders:
            return N
        return V

    def classify(self, words: list[str], tags: list[str], starts: list[int],
                 time_spans: list[tuple[int, int]]) -> list[str]:
        """Token kinds of one sentence: the cached kind of each (word, tag), then time expressions
        and spaces resolved in context."""
        cache = self.cache
        try:
            kinds = list(map(cache.__getitem__, zip(words, tags)))
        except KeyError:
            kinds = []
            for wt in zip(words, tags):
                kd = cache.get(wt)
                if kd is None:
                    if len(cache) >= memo.TOKEN_KINDS:  # checked per miss: a long sentence cannot overshoot
                        cache.clear()
                    kd = cache[wt] = self.word_kind(*wt)
                kinds.append(kd)
        if time_spans:  # time expressions (regex + date matches) -> T
            trig = self.v.by_word
            n = len(words)
            for ts, te in time_spans:
                k = bisect.bisect_left(starts, ts)
                if k > 0 and starts[k - 1] + len(words[k - 1]) > ts:
                    k -= 1  # a token straddling the start
                while k < n and starts[k] < te:
                    if kinds[k] in (N, M, F, V, A) and words[k] not in trig:
                        kinds[k] = T
                    k += 1
        if S in kinds:
            self._spaces(words, kinds)
        # a dash between two nouns joins an apposition ("超级跑车—Sián"); elsewhere it ends a clause
        for k in [k for k, w in enumerate(words) if w in ("—", "——")] if ("—" in words or "——" in words) else ():
            if 0 < k < len(words) - 1 and kinds[k - 1] in (N, Q) and kinds[k + 1] in (N, O):
                kinds[k] = S
        return kinds

    def _spaces(self, words: list[str], kinds: list[str]) -> None:
        """A space inside a name after Latin letters, digits or a bracket stays a space ("Mate 30",
        "RS Q3 车型", "兰博基尼（Lamborghini） 发布"); after a Chinese character it separates headline
        parts ("庄立峰辞职 去年公司净利润", "变速箱 2019款乘龙") and becomes punctuation, except between a
        trigger and a Latin name ("发布 ABBYY FineReader 15")."""
        v = self.v
        sym, opn, cls_ = v.symbols, v.open, v.close
        for k in [k for k, kd in enumerate(kinds) if kd == S]:
            prev = words[k - 1][-1] if k > 0 else ""
            nxt = words[k + 1][0] if k + 1 < len(words) else ""
            if not prev or not nxt or "\n" in words[k] or not (
                    (prev.isascii() and prev.isalnum()) or prev in cls_ or prev in opn or nxt in cls_
                    or nxt in opn or prev in sym or kinds[k - 1] == L or kinds[k - 1] == C
                    or ((words[k - 1] in v.nominal_words or kinds[k - 1] == M) and nxt.isascii() and nxt.isalnum())
                    or (words[k - 1] in v.by_word and nxt.isascii() and nxt.isalpha())
                    or _model_after(words, k)):
                kinds[k] = P


def _model_after(words: list[str], k: int) -> bool:
    """"领克 02", "推出了 vv7 之后": the space before a short Latin model number with a digit, standing
    alone (no Chinese glued after it), is inside the name, not a break between headline parts."""
    nxt = words[k + 1]
    after = words[k + 2][:1] if k + 2 < len(words) else ""
    return (len(nxt) <= 8 and nxt.isascii() and nxt.isalnum() and any(c.isdigit() for c in nxt)
            and not CJK_RE.match(after))


# --- building a sentence from the document view ---------------------------------------------------

def glued_cut(ctx: "DocContext", word: str, start: int) -> int:
    """Where to split a word jieba's HMM made of a name plus a trigger or a function character
    ("冯洁仪辞任", "徐敬惠因"); 0 when it stays whole."""
    v = ctx.v
    trig = v.by_word
    for n in (3, 2):
        if len(word) - n >= 2 and word[-n:] in trig:
            return len(word) - n
    if word[0] in v.function_chars and (word[1:] in ctx.dict_tags or word[1:] in v.titles):
        return 1  # "因高管"
    if word[-1] in v.function_chars:
        end = start + len(word) - 1
        for i in ctx.entities_starting_at(start):
            ent = ctx.entities[i]
            if ent.end == end and ent.label == "PERSON":
                return len(word) - 1
    return 0


def build_sentence(ctx: "DocContext", classifier: TokenClassifier, first: int, last: int) -> Sentence:
    """The sentence of tokens ``[first, last)`` of the document: words (glued names split off),
    tags, kinds and clauses."""
    view = ctx.view
    idx = view.starts
    s0 = idx[first]
    e0 = idx[last] if last < len(idx) else len(ctx.text)
    starts = idx[first:last]
    words = _sentence_words(ctx, view, first, last, s0, e0)
    tags = view.tags[first:last]
    split = [k for k, n in enumerate(view.lengths[first:last]) if n >= 3 and tags[k] == "x"]
    if split:
        trig = ctx.v.by_word
        for k in reversed(split):
            w = words[k]
            cut = glued_cut(ctx, w, starts[k])
            if cut:
                words[k:k + 1] = [w[:cut], w[cut:]]
                tags[k:k + 1] = ["x", "v" if w[cut:] in trig else "p"]
                starts[k:k + 1] = [starts[k], starts[k] + cut]
    ends = starts[1:] + [e0]
    text = ctx.text[s0:e0]
    kinds = classifier.classify(words, tags, starts, ctx.time_spans(text, s0, e0))
    _names_are_nouns(ctx, s0, e0, words, tags, starts, ends, kinds)
    _titles_are_nouns(ctx, text, s0, words, starts, ends, kinds)
    bounds, clause = _clauses(kinds)
    person_ends = frozenset(ctx.entities[i].end for i in ctx.entities_in(s0, e0)
                            if ctx.entities[i].label == "PERSON")
    n = len(words)
    return Sentence(s0, e0, text, words, tags, starts, ends, kinds, clause, bounds,
                    dict(zip(starts, range(n))), dict(zip(ends, range(n))), person_ends)


def _sentence_words(ctx: "DocContext", view, first: int, last: int, s0: int, e0: int) -> list[str]:
    """The words of tokens ``[first, last)``, each running to the next one's start: the view's own
    words when they tile the sentence of the same text (their lengths add up to it), else cut from
    the text."""
    if view.text is ctx.text and sum(view.lengths[first:last]) == e0 - s0:
        return view.words[first:last]
    idx = view.starts
    text = ctx.text
    return [text[a:b] for a, b in zip(idx[first:last], idx[first + 1:last] + [e0])]


def _clauses(kinds: list[str]) -> tuple[list[tuple[int, int]], list[int]]:
    """Token ranges of the clauses and the clause number of every token, in one pass: a clause runs
    up to (not including) its punctuation token, and the token itself belongs to it."""
    bounds: list[tuple[int, int]] = []
    clause: list[int] = []
    prev = 0
    for k, kd in enumerate(kinds):
        if kd == P:
            c = len(bounds)
            bounds.append((prev, k))
            clause.extend([c] * (k + 1 - prev))
            prev = k + 1
    clause.extend([len(bounds)] * (len(kinds) - prev))
    bounds.append((prev, len(kinds)))
    return bounds, clause


def _titles_are_nouns(ctx: "DocContext", text: str, s0: int, words: list[str], starts: list[int], ends: list[int],
                      kinds: list[str]) -> None:
    """A listed title jieba cut into verbs ("独立/非/执行/董事") is one noun: the person phrase then
    reaches the organisation in front of it ("瑞金矿业独立非执行董事张荟": org 瑞金矿业)."""
    title_re = ctx.v.lex.title_re
    if title_re is None:
        return
    trig = ctx.v.by_word
    for m in title_re.finditer(text):
        i = bisect.bisect_left(starts, s0 + m.start())
        j = bisect.bisect_left(ends, s0 + m.end())
        if i >= len(starts) or j >= len(ends) or starts[i] != s0 + m.start() or ends[j] != s0 + m.end() or j == i:
            continue
        for k in range(i, j + 1):
            if kinds[k] in (A, V) and words[k] not in trig:
                kinds[k] = N


def _names_are_nouns(ctx: "DocContext", s0: int, e0: int, words: list[str], tags: list[str], starts: list[int],
                     ends: list[int], kinds: list[str]) -> None:
    """A token inside a PERSON/ORG mention is a noun, whatever jieba tagged it (微软/a, 联想/v):
    otherwise the phrase chunker does not see the subject of "微软发布了…"."""
    trig = ctx.v.by_word
    for i in ctx.entities_in(s0, e0):
        ent = ctx.entities[i]
        if ent.label not in ("PERSON", "ORG"):
            continue
        k = bisect.bisect_left(starts, ent.start)
        while k < len(words) and ends[k] <= ent.end:
            if (kinds[k] in (A, V) or tags[k] in NON_NAME_TAGS) and words[k] not in trig:
                kinds[k] = N
                tags[k] = "nr" if ent.label == "PERSON" else "nt"
            k += 1
