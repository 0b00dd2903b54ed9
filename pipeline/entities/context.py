"""What the entity matchers share: the word lists as sets (``Lexicon``, built once per extractor), the
per-document state (``DocContext``, built on ``zhnews.docview.DocView``), and the cue tests several
kinds ask (a title before a name, a speech verb after it, a speaker's colon, the subject slot).

The cue tests are methods of the lexicon taking the document context, ``lex.title_before(ctx, i)``:
they run inside the matchers' per-word loops, so they stay one plain call.
"""
from __future__ import annotations

import re
from itertools import compress
from typing import TYPE_CHECKING, Any

from ..docview import DocView, char_class
from .. import memo
from .common import (CJK, DOT_CHARS, LATIN_CHARS, LATIN_RUN, LATINISH, PAREN, PROPER_TAGS, SINGLE_FRAGMENT_TAGS,
                     text_upper)

if TYPE_CHECKING:  # spaCy is only needed when a Doc is passed in (the batch passes Tokens)
    from spacy.tokens import Doc

    from ..segment import Tokens
    from .loader import PatternRule

# what may stand right before the speaker of an interview line (王明：…)
_SPEAKER_OPEN = frozenset({"。", "”", "\n", "）", ")", "】", "■", "⊙", "●", "！", "？", "；", "…"})
# clause punctuation that ends a name (the speech verbs and titles after names end one too)
_NAME_CLOSERS = frozenset({"，", "。", "、", "：", "；", "！", "？", "）", ")", ",", ":", ";", "”", "\n"})
_CAMEL = re.compile(r"^([A-Z][a-zà-öø-ÿ]+)((?:Mc|Mac|O')?[A-Z][a-zà-öø-ÿ]{2,})$")
_LATIN_TITLES = ("Mr", "Ms", "Mrs", "Dr", "Prof", "Sir")


class Lexicon:
    """The word lists as the sets the matchers test against, and the cue tests built on them."""

    def __init__(self, lists: dict[str, Any], patterns: "list[PatternRule]"):
        def words(name: str) -> frozenset[str]:
            return frozenset(lists.get(name, ()))

        def chars(name: str) -> frozenset[str]:
            return frozenset("".join(lists.get(name, ())))

        surnames: dict[str, str] = lists["surnames"]
        self.surnames = {s: (1.0 if cls == "common" else 0.0) for s, cls in surnames.items()}
        self.compound_surnames = frozenset(s for s in surnames if len(s) == 2)
        self.familiar_prefixes = "".join(lists["familiar_prefixes"])  # 小老: in the order written
        self.familiar = frozenset(self.familiar_prefixes)
        self.common_surnames = frozenset(s for s, cls in surnames.items() if cls == "common" and len(s) == 1) \
            | self.familiar
        self.given_chars, self.not_given = chars("given_name_chars"), chars("not_given_chars")
        self.noun_finals, self.translit = chars("noun_final_chars"), chars("translit_chars")
        self.function_chars = chars("function_chars")
        self.ja_given = chars("japanese_given_chars")  # optional
        # optional list: last syllables of transliterations that jieba may cut off under any tag
        self.translit_finals = chars("translit_final_chars") & self.translit
        self.translit_cjk = all(CJK.match(ch) for ch in self.translit)
        self.person_titles, self.person_cues = words("person_titles"), words("person_cues_after")
        self.person_deny = words("person_deny")
        self.title_lengths = sorted({len(t) for t in self.person_titles}, reverse=True)
        self.title_suffixes = chars("title_suffix_chars")
        self.shirt_numbers = words("shirt_number_words")
        self.cue_adverbs, self.title_prefixes = words("cue_adverbs"), words("title_prefixes")
        self.after_subject = words("after_subject")
        self.clause_open = words("clause_openers") | {"\n"}
        # speech verbs and titles written after a name (not generic roles such as 记者 or 父亲)
        self.cue_words = self.person_cues | (self.person_titles - words("generic_titles"))
        self.org_heads: dict[str, str] = lists["org_heads"]
        self.org_head_lengths = sorted({len(h) for h in self.org_heads}, reverse=True)
        self.org_head_finals = frozenset(h[-1] for h in self.org_heads)
        self.org_stop, self.org_deny = words("org_modifier_stop"), words("org_deny")
        self.org_generic_suffixes = tuple(lists["org_generic_suffixes"])
        self.org_latin_suffixes = frozenset(w.rstrip(".") for w in lists["org_latin_suffixes"])
        self.latin_given, self.particles = words("latin_given_names"), words("latin_particles")
        self.acronym_deny = words("acronym_deny")
        # optional lists: the words around a Latin-script name that make it a company (Robinhood股价,
        # 支付公司Square) and the report words of 据X报道 (a news outlet)
        self.latin_org_after, self.latin_org_before = words("latin_org_cues_after"), words("latin_org_cues_before")
        self.latin_org_verbs = words("latin_org_verbs_after")  # Dropbox宣布, Stripe推出: one word only
        self.latin_org_before_lengths = sorted({len(w) for w in self.latin_org_before}, reverse=True)
        self.report_words, self.report_openers = words("report_words"), words("report_openers")
        self.sports_cues, self.countries = words("sports_cues"), words("countries")
        self.places = words("places") | self.countries
        self.place_after = words("place_heads_after")  # optional
        dotted = [r for r in patterns if r.kind == "dotted_name"]
        self.dots = frozenset("".join(r.params.get("dots", DOT_CHARS) for r in dotted) or DOT_CHARS)
        particles = "|".join(sorted(self.particles, key=len, reverse=True))
        word = f"[A-Z][{LATIN_CHARS}'’]*(?:-[{LATIN_CHARS}]+)*\\.?"
        connector = f"(?:(?:{particles}|of|and|for|the|&)[ \\t]+)"
        self.latin_seq = re.compile(
            f"(?<![{LATIN_CHARS}0-9])({word}(?:[ \\t]+{connector}*{word}){{0,5}})(?![{LATIN_CHARS}0-9])")
        # per-word answers that depend only on the lists (words repeat across documents)
        self.title_cache: dict[str, bool] = {}
        self.org_head_cache: dict[str, str | None] = {}
        # one lookup table per character class, indexed by the code points of the first / last
        # characters of all words at once (numpy instead of a Python loop over every word)
        self.surname_first_chars = char_class(s[0] for s in surnames)
        self.common_first_chars = char_class(self.common_surnames)
        self.org_final_chars = char_class(self.org_head_finals)

    # --- titles and cues around a name ----------------------------------------------------------
    def title_before(self, ctx: "DocContext", i: int) -> bool:
        """Token i-1 is a person title (or ends with one: 副总裁, 前首席执行官)."""
        if i > 1 and ctx.words[i - 1].isspace():
            i -= 1
        if i <= 0 or ctx.sent_start[i]:
            return False
        prev = ctx.words[i - 1]
        if prev in self.shirt_numbers and i > 1 and ctx.words[i - 2].isdigit():
            return True  # 9号萨莫拉诺: a player's shirt number
        if len(prev) == 1 and i > 1 and not ctx.sent_start[i - 1] and self.cached_title(ctx.words[i - 2][-3:] + prev):
            return True  # 高雄市/长/陈其明: the place swallowed the first character of the title
        return self.cached_title(prev)

    def cached_title(self, word: str) -> bool:
        """``is_title(word)``, remembered: the same words (and the joined pieces 市长 of 高雄市/长) come
        back in document after document."""
        cache = self.title_cache
        known = cache.get(word)
        if known is None:
            if len(cache) >= memo.TITLES:  # bounded: a long-lived worker meets ever more words (memo.py)
                cache.clear()
            known = cache[word] = self.is_title(word)
        return known

    def is_title(self, prev: str) -> bool:
        if prev in self.person_titles or (len(prev) >= 2 and prev[-1] in self.title_suffixes
                                          and prev not in self.org_deny):
            return True
        for length in self.title_lengths:
            if length < len(prev) and length >= 2 and prev[-length:] in self.person_titles:
                return True
        return False

    def cue_after(self, ctx: "DocContext", j: int) -> bool:
        """Token j (right after the candidate) is a speech verb or a title written after names."""
        if j < len(ctx.words) and ctx.words[j].isspace():
            j += 1
        if j >= len(ctx.words):
            return False
        w = ctx.words[j]
        if w in self.cue_words:
            return True
        if len(w) == 1 and j + 1 < len(ctx.words) and w + ctx.words[j + 1] in self.cue_words:
            return True  # 回/呛: a two-character cue cut in two
        # 姆贝基副总统: a title after the name with 副 / 前 cut off
        return w in self.title_prefixes and j + 1 < len(ctx.words) and ctx.words[j + 1] in self.cue_words

    def closes_name(self, ctx: "DocContext", j: int) -> bool:
        """Token j ends a name: a clause punctuation or a speech verb / title after names."""
        if j >= len(ctx.words):
            return True
        return ctx.words[j] in _NAME_CLOSERS or self.cue_after(ctx, j)

    def cue_soon(self, ctx: "DocContext", j: int) -> bool:
        """A speech verb or a title after names at token j, or after one adverb there (则表示, 也认为)."""
        if self.cue_after(ctx, j):
            return True
        # 则表示, 也认为, 周二表示, 昨天下午说: one adverb or one or two time words before the cue
        if j + 1 < len(ctx.words) and ctx.words[j] in self.cue_adverbs:
            return self.cue_after(ctx, j + 1)
        tags = ctx.tags
        k = j
        while k < len(tags) and k < j + 2 and tags[k] == "t":
            k += 1
        return k > j and self.cue_after(ctx, k)

    def speech_soon(self, ctx: "DocContext", j: int) -> bool:
        """A speech verb (not a title) at token j, after one adverb there, or cut in two (回/呛)."""
        words, cues = ctx.words, self.person_cues
        if j + 1 < len(words) and words[j] in self.cue_adverbs:
            j += 1
        return j < len(words) and (words[j] in cues or j + 1 < len(words) and words[j] + words[j + 1] in cues)

    def speaker_colon(self, ctx: "DocContext", i: int, j: int) -> bool:
        """Tokens i..j-1 open a sentence or a line and a colon follows: the speaker of an interview
        (王明：我认为…)."""
        if j >= len(ctx.words) or ctx.words[j] not in ("：", ":"):
            return False
        return i == 0 or ctx.sent_start[i] or ctx.words[i - 1] in _SPEAKER_OPEN

    def subject_slot(self, ctx: "DocContext", i: int, j: int) -> bool:
        """Tokens i..j-1 stand alone at a clause start, followed by a word that typically follows a
        subject or a listed name (的, 和, 也, 已经 ...)."""
        if not (i == 0 or ctx.sent_start[i] or ctx.words[i - 1] in self.clause_open):
            return False
        if j >= len(ctx.words):
            return False
        return ctx.words[j] in self.after_subject or ctx.tags[j] == "d"

    def latin_paren_after(self, ctx: "DocContext", j: int) -> bool:
        """Token j opens a bracket holding a Latin-script name: 希尔顿（Paris Hilton）."""
        if j >= len(ctx.words) or ctx.words[j] not in ("(", "（"):
            return False
        m = PAREN.match(ctx.text, ctx.starts[j])
        return bool(m and LATINISH.match(m.group(1).strip()) and len(m.group(1).strip()) >= 3)

    # --- transliterations -----------------------------------------------------------------------
    def translit_word(self, w: str) -> bool:
        return bool(w) and self.translit.issuperset(w) and (self.translit_cjk or bool(CJK.match(w)))

    def fragment(self, ctx: "DocContext", k: int) -> bool:
        """Token k can continue a transliterated name jieba cut into pieces (科_n, 尔斯_nrt, 布尼亚_ns)."""
        w, tag = ctx.words[k], ctx.tags[k]
        if not self.translit_word(w) or w in self.places or w in self.person_deny:
            return False
        if len(w) == 1:
            # a last syllable cut off and tagged as a verb / adverb / locality word (萨蒂/希, 索斯盖/特)
            return tag in SINGLE_FRAGMENT_TAGS or (w in self.translit_finals and tag in ("v", "d", "f"))
        return len(w) <= 4 and tag in ("x", "nr", "nrt", "ns", "nrfg", "nz")  # 斯托/nrt 伊科/nz

    def name_word(self, ctx: "DocContext", k: int) -> bool:
        """Token k reads as a Chinese personal name: an unknown or name-tagged word of 3 characters
        starting with a common surname and not a known organisation word."""
        w = ctx.words[k]
        return (len(w) == 3 and ctx.tags[k] in ("x", "nr", "nrfg") and self.surnames.get(w[0]) == 1.0
                and k not in ctx.gaz_tokens and self.not_given.isdisjoint(w[1:]) and w not in self.person_deny
                and not self.translit.issuperset(w))

    # --- Latin-script names ----------------------------------------------------------------------
    def latin_org_context(self, ctx: "DocContext", start: int, end: int) -> bool:
        """The words around a Latin-script name make it a company or an outlet: a corporate word
        after it (股价, 上市, 财报, 旗下), a company's action after a one-word name (Dropbox宣布收购:
        `latin_org_verbs_after`), a word ending with a kind of company before it (支付公司, 科技巨头),
        or 据 … 报道 around it."""
        i = ctx.start_index.get(start)
        j = ctx.end_index.get(end)
        if i is None or j is None:
            return False
        words = ctx.words
        nxt = words[j + 1] if j + 1 < len(words) else ""
        if nxt.isspace() and j + 2 < len(words):
            nxt = words[j + 2]
        if nxt in self.latin_org_after or self._company_verb(ctx, i, j, nxt, start, end):
            return True
        if self._staff_title(ctx, j):  # shyft主席约瑟夫, (imi)研究员熊园: the name's staff, not the name
            return True
        if i == 0 or ctx.sent_start[i]:
            return False
        prev = words[i - 1]
        if prev.isspace() and i > 1:
            prev = words[i - 2]
        if nxt in self.report_words and any(prev.endswith(o) for o in self.report_openers):  # 而据Axios报导
            return True
        if text_upper(ctx.text[start:end]):
            return False  # 运营商IPTV: an all-capital word after a kind of company is as often a service
        return any(length <= len(prev) and prev[-length:] in self.latin_org_before
                   for length in self.latin_org_before_lengths)

    def _staff_title(self, ctx: "DocContext", j: int) -> bool:
        """A title right after the Latin word (token j) and a person's name right after the title: the
        word is the employer (shyft主席约瑟夫, imi研究员熊园); a person's title comes before his name."""
        k = j + 1
        if k + 1 >= len(ctx.words) or ctx.words[k] not in self.person_titles:
            return False
        return ctx.tags[k + 1] in ("nr", "nrt", "nrfg") or (ctx.tags[k + 1] == "x" and CJK.match(ctx.words[k + 1]))

    def _company_verb(self, ctx: "DocContext", i: int, j: int, nxt: str, start: int, end: int) -> bool:
        """A one-word name before a company's action (Dropbox宣布, Stripe周二推出), no title before it."""
        if not self.latin_org_verbs or " " in ctx.text[start:end]:
            return False
        if j + 2 < len(ctx.words) and (nxt in self.cue_adverbs or ctx.tags[j + 1] == "t"):
            nxt = ctx.words[j + 2]  # Dropbox周二宣布
        return nxt in self.latin_org_verbs and not self.title_before(ctx, i)

    def classify_latin(self, ctx: "DocContext", start: int, end: int) -> tuple[int, int, str | None]:
        """Latin capitalised sequence -> (start, end, PERSON | ORG | None) after trimming titles."""
        text = ctx.text
        parts = text[start:end].split()
        if (len(parts) <= 2 and parts[0] not in self.acronym_deny and parts[0] not in self.latin_given
                and parts[0].split("-")[0] not in self.latin_given  # Jean-Rémi King团队: a person's team
                and parts[-1] not in self.person_titles and self.latin_org_context(ctx, start, end)
                and not (len(parts) == 2 and self._titled(ctx, start))):  # 分析师Dan Ives上调: a person
            return start, end, "ORG"  # Robinhood股价, 支付公司Square, 据Axios报道
        # leading titles / acronyms (CEO Tim Cook) are context, not part of the name
        titled = False
        while parts and (parts[0].isupper() and len(parts[0]) > 1 or parts[0].rstrip(".") in _LATIN_TITLES + ("The",)):
            titled = titled or parts[0] in self.person_titles or parts[0].rstrip(".") in _LATIN_TITLES
            if len(parts) == 1:
                break
            start = text.index(parts[1], start + len(parts[0]))
            parts = parts[1:]
        if len(parts) == 1:
            camel = _CAMEL.match(parts[0])  # names written without spaces: LewisCarroll, JohnMilius
            if camel and camel.group(1) in self.latin_given and camel.group(2) not in self.org_latin_suffixes:
                return start, end, "PERSON"
        last = parts[-1].rstrip(".")
        if last in self.org_latin_suffixes and len(parts) >= 2:
            return start, end, "ORG"
        if any(p in ("of", "and", "for", "the", "&") for p in parts):
            return start, end, None
        first = parts[0].split("-")[0]
        lower_ok = all(p in self.particles or p[0].isupper() for p in parts)
        if not lower_ok or any(p.isupper() and len(p) > 1 for p in parts):
            return start, end, None
        if len(parts) >= 2 and (parts[0] in self.latin_given or first in self.latin_given):
            return start, end, "PERSON"
        i = ctx.start_index.get(start)
        j = ctx.end_index.get(end)
        titled = titled or (i is not None and self.title_before(ctx, i))
        # a speech verb after one unknown word is no evidence: companies speak too (Coinbase表示)
        context = titled or (len(parts) > 1 and j is not None and self.cue_after(ctx, j + 1))
        if context and len(parts) <= 4:
            return start, end, "PERSON"
        return start, end, None

    def _titled(self, ctx: "DocContext", start: int) -> bool:
        i = ctx.start_index.get(start)
        return i is not None and self.title_before(ctx, i)

    def common_word(self, ctx: "DocContext", start: int, form: str) -> bool:
        """``form`` at ``start`` is one dictionary word that is not a proper noun (招标人/n, 甲方/n)."""
        i = ctx.start_index.get(start)
        return i is not None and ctx.words[i] == form and ctx.tags[i] not in PROPER_TAGS


class DocContext:
    """One document as the matchers see it: the ``DocView`` columns, plus what they share while
    matching (characters taken by winners, words inside gazetteer names, sports sentences, Latin
    stretches and sequences)."""

    __slots__ = ("view", "lex", "text", "words", "tags", "starts", "ends", "lengths", "sent_start", "start_index",
                 "end_index", "taken", "gaz_tokens", "_sports", "_latin", "_runs")

    def __init__(self, doc: "Doc | Tokens | DocView", lex: Lexicon):
        view = self.view = DocView.of(doc)
        self.lex = lex
        self.text, self.words, self.tags = view.text, view.words, view.tags
        self.starts, self.ends, self.lengths, self.sent_start = view.starts, view.ends, view.lengths, view.sent_start
        self.start_index, self.end_index = view.start_index, view.end_index
        self.taken = bytearray(len(self.text))
        self.gaz_tokens: set[int] = set()
        self._sports: set[int] | None = None
        self._latin: list[tuple[int, int, str | None]] | None = None
        self._runs: list[tuple[int, int]] | None = None

    def first_in(self, chars) -> list[int]:
        return self.view.first_in(chars)

    def last_in(self, chars) -> list[int]:
        return self.view.last_in(chars)

    def token_at(self, char: int) -> int:
        return self.view.token_at(char)

    @property
    def sent_of(self) -> list[int]:
        return self.view.sent_of

    @property
    def sports_sents(self) -> set[int]:
        """Sentences holding a word of lists/sports_cues (computed on first use)."""
        if self._sports is None:
            cues, words, sent_of = self.lex.sports_cues, self.words, self.sent_of
            self._sports = {sent_of[i] for i in compress(range(len(words)), map(cues.__contains__, words))}
        return self._sports

    def is_sports(self, char: int) -> bool:
        if not self.sports_sents:
            return False
        return self.sent_of[self.token_at(char)] in self.sports_sents

    def latin_runs(self) -> list[tuple[int, int]]:
        """Stretches of Latin-script text: Latin-only matchers search inside these (rare in Chinese news)."""
        if self._runs is None:
            self._runs = [m.span() for m in LATIN_RUN.finditer(self.text)]
        return self._runs

    def latin_sequences(self) -> list[tuple[int, int, str | None]]:
        """Capitalised Latin sequences, each classified PERSON / ORG / None (``Lexicon.classify_latin``)."""
        if self._latin is None:
            seq, classify = self.lex.latin_seq, self.lex.classify_latin
            self._latin = [classify(self, m.start(1), m.end(1))
                           for a, b in self.latin_runs() for m in seq.finditer(self.text, a, b)]
        return self._latin

    def take(self, start: int, end: int) -> None:
        """Mark a winner's characters taken (linking rules add mentions only where nothing is)."""
        self.taken[start:end] = b"\x01" * (end - start)

