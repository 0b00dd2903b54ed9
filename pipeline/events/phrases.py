"""Noun phrases of an analysed sentence: where one ends left of a token, starts right of it, how it
splits at coordinations, and what it looks like (a name, an amount, a product).

A phrase is a token range ``(first, end)`` of a :class:`~.sentence.Sentence`.
"""
from __future__ import annotations

import re

from .sentence import NOMINAL, C, F, L, M, N, O, P, Q, R, S, Sentence, T, V
from .vocabulary import MODEL_RE, NAME_TAIL_RE, PROPER_TEXT_RE, PUNCT_BREAK_RE, Vocabulary

Span = tuple[int, int]


def ends_with_listed(word: str, listed: frozenset[str]) -> bool:
    """A compound headed by a listed word: jieba keeps 情况通报, 统计数据, 天气预报 as one token,
    and the head of a Chinese compound is its last part."""
    return len(word) > 2 and (word[-2:] in listed or (len(word) > 3 and word[-3:] in listed))


def np_left(v: Vocabulary, sent: Sentence, k: int, lo: int, allow_de: bool = True) -> Span | None:
    """Noun phrase ending at token k (inclusive), scanning left no further than lo."""
    kinds, words = sent.kinds, sent.words
    if k < lo:
        return None
    start = None
    j = k
    while j >= lo:
        kd = kinds[j]
        if kd == F and start is not None:
            # "车展上 | 兰博基尼": a locative postposition ends the phrase; "前 | 百度研究员" is kept
            if words[j] in v.former and (j - 1 < lo or kinds[j - 1] not in NOMINAL):
                start = j
            break
        if kd in NOMINAL:
            start = j
            j -= 1
            continue
        if kd == Q:
            m = match_open(sent, j, lo)
            if m is None:
                break
            start = m
            j = m - 1
            continue
        if start is None:
            break
        if kd == S or kd == C:
            if j - 1 >= lo and (kinds[j - 1] in NOMINAL or kinds[j - 1] == Q) and words[j] not in v.passive_markers:
                if kd == C and words[j] in v.comitative_coordinators and kinds[j - 1] == F:
                    break
                j -= 1
                continue
            break
        if kd == V and j - 1 >= lo and kinds[j - 1] in NOMINAL and product_head(v, sent, k) \
                and words[j] not in v.by_word and words[j] not in v.verb_words:
            j -= 1  # "魔兽世界经典 怀旧 服": a verb inside a product name
            continue
        if kd == L and allow_de:
            if j - 1 >= lo and (kinds[j - 1] in NOMINAL or kinds[j - 1] == Q):
                mod = np_left(v, sent, j - 1, lo, allow_de=False)
                if mod is None:
                    break
                before = mod[0] - 1
                if before >= lo and kinds[before] in (V, R):
                    break  # relative clause: keep only the head
                if words[mod[0]] in v.non_participants and mod[1] - mod[0] == 1:
                    break  # "它的 mate30": drop the pronoun
                start = mod[0]
                j = mod[0] - 1
                continue
            break
        break
    if start is None:
        return None
    return trim(v, sent, start, k + 1)


def np_right(v: Vocabulary, sent: Sentence, k: int, hi: int) -> Span | None:
    """Noun phrase starting at token k, scanning right up to hi (exclusive)."""
    kinds, words = sent.kinds, sent.words
    end = None
    j = k
    if j < hi and words[j] in v.non_participants and j + 1 < hi and kinds[j + 1] == L:
        j += 2  # "它的 mate30国行系列"
        k = j
    while j < hi:
        kd = kinds[j]
        if words[j] in v.list_enders and end is not None:
            break  # "A、B和C等四款产品": the list ends here
        if kd == F:
            if end is None and words[j] in v.former:
                j += 1
                continue
            if end is not None and sent.tags[j - 1] in ("x", "nr", "nrt", "nrfg", "eng") and (
                    j + 1 >= hi or kinds[j + 1] not in NOMINAL):
                end = j + 1  # "阿米|里": the last character of a name, not a postposition
            break
        if kd in NOMINAL:
            if end is not None and words[j] in v.attribute_nouns and looks_like_product(
                    v, sent.text[sent.starts[k] - sent.start:sent.ends[end - 1] - sent.start]):
                break  # "iPhone 15 | 销量火爆": an attribute of the product, not part of its name
            j += 1
            end = j
            continue
        if kd == O:
            m = match_close(sent, j, hi)
            if m is None:
                break
            j = m + 1
            end = j
            continue
        if end is None:
            break
        if kd == S or kd == C or kd == L:
            if kd == C and words[j] in v.passive_markers:
                break
            if kd == C and words[j] in v.comitative_preps:
                break  # "Note 10 与 Gear VR 不兼容": after the head 与 is a preposition
            if j + 1 < hi and (kinds[j + 1] in NOMINAL or kinds[j + 1] == O):
                j += 1
                continue
            break
        if kd == V and words[j] not in v.by_word and words[j] not in v.verb_words:
            # "无线 充电 宝青春版", "智能 穿戴 设备": a verb inside a product name, when the
            # phrase goes on to a product head
            m = j + 1
            while m < hi and kinds[m] in (N, M):
                m += 1
            if m > j + 1 and product_head(v, sent, m - 1):
                j = m
                end = m
                continue
        break
    if end is None:
        return None
    return trim(v, sent, k, end)


def through_modifiers(v: Vocabulary, sent: Sentence, np: Span, hi: int) -> Span:
    """"发布了一款 | 带有彩虹主题的免费壁纸", "发布了首批 | 自主品牌5G终端产品": a count or a bare
    modifier is no product; the object runs on through its modifiers to the first product head."""
    j = np[1]
    de = None
    for m in range(np[1], min(hi, np[1] + 15)):
        w = sent.words[m]
        if PUNCT_BREAK_RE.fullmatch(w):
            break
        if w in v.modifier_particles and de is None:
            de = m
        if product_head(v, sent, m) or ends_with_listed(w, v.product_cues) or PROPER_TEXT_RE.search(w):
            j = nominal_run_end(sent, m, hi)
            break
    if j == np[1] and de is not None and de + 1 < hi and sent.kinds[de + 1] in NOMINAL:
        j = nominal_run_end(sent, de + 1, hi)  # "一款带有彩虹主题的 | 免费壁纸"
    return (np[0], j) if j > np[1] else np


def to_product_head(v: Vocabulary, sent: Sentence, np: Span, hi: int) -> Span:
    """"新一代的 | 采用7nm工艺的麒麟810处理器", "Sony E-mount | 适用的AF 45mm F1.8": a product
    phrase cut at a 的-modifier runs on to the product head the modifiers describe. Only across
    modifier material (no punctuation, no trigger or copula); the head is the first product-like
    noun run not itself followed by 的."""
    kinds, words = sent.kinds, sent.words
    j = np[1]
    if j >= hi or not (kinds[j] in (L, V) or (kinds[j] == S and j + 1 < hi and kinds[j + 1] != P)):
        return np
    seen_de = False
    m = j
    while m < min(hi, np[1] + 20):
        w, kd = words[m], kinds[m]
        if kd == P or PUNCT_BREAK_RE.fullmatch(w) or w in v.by_word or w in v.verb_words or w in v.list_enders:
            return np
        if kd == L:
            seen_de = True
            m += 1
            continue
        if kd in NOMINAL or kd == O:
            end = nominal_run_end(sent, m, hi) if kd != O else (match_close(sent, m, hi) or m) + 1
            head = any(product_head(v, sent, x) or ends_with_listed(words[x], v.product_cues)
                       or PROPER_TEXT_RE.search(words[x]) for x in range(m, end))
            if end < hi and kinds[end] == L:
                m = end  # a modifier itself ("7nm工艺的"): the head comes later
                continue
            return (np[0], end) if head and seen_de else np
        m += 1
    return np


def relative_object(v: Vocabulary, sent: Sentence, k: int, hi: int) -> Span | None:
    """An object that opens with a verb: a relative clause before its head ("发布 | 用于可扩展SoC设计的
    新型高性能IP产品组合", "推出 | 可以在睡觉时佩戴的耳塞") or an idiom-like modifier ("推出 | 千元级5G手机").
    Only when the head is product-like, within the clause and with no other trigger or copula."""
    kinds, words, tags = sent.kinds, sent.words, sent.tags
    de = None
    for m in range(k, min(hi, k + 16)):
        w, kd = words[m], kinds[m]
        if kd == P or PUNCT_BREAK_RE.fullmatch(w) or w in v.by_word or w in v.verb_words:
            return None
        if kd == L:
            de = m
            continue
        opens = de is not None and m == de + 1 or (m == k + 1 and tags[k] in ("l", "a", "b", "z"))
        if opens and kd in NOMINAL:
            end = nominal_run_end(sent, m, hi)
            if any(product_head(v, sent, x) or ends_with_listed(words[x], v.product_cues) for x in range(m, end)):
                return k, end
            if de is None:
                return None
    return None


def nominal_run_end(sent: Sentence, m: int, hi: int) -> int:
    """End of the noun run from m, across spaces inside a name ("Windows 10 PC")."""
    j = m + 1
    while j < hi and not PUNCT_BREAK_RE.fullmatch(sent.words[j]) and (
            sent.kinds[j] in NOMINAL or (sent.words[j].isspace() and j + 1 < hi and sent.kinds[j + 1] in NOMINAL)):
        j += 1
    return j


def looks_like_product(v: Vocabulary, text: str) -> bool:
    return bool(MODEL_RE.search(text) or v.product_cue_re.search(text))


def product_head(v: Vocabulary, sent: Sentence, j: int) -> bool:
    w = sent.words[j]
    return w in v.product_cues or w[-1:] in v.product_cues or bool(MODEL_RE.search(w))


def match_open(sent: Sentence, j: int, lo: int) -> int | None:
    """The opening bracket of the closing one at j (None across punctuation)."""
    depth = 0
    for m in range(j, lo - 1, -1):
        kd = sent.kinds[m]
        if kd == Q:
            depth += 1
        elif kd == O:
            depth -= 1
            if depth == 0:
                return m
        elif kd == P:
            return None
    return None


def match_close(sent: Sentence, j: int, hi: int) -> int | None:
    """The closing bracket of the opening one at j (None across punctuation)."""
    depth = 0
    for m in range(j, hi):
        kd = sent.kinds[m]
        if kd == O:
            depth += 1
        elif kd == Q:
            depth -= 1
            if depth == 0:
                return m
        elif kd == P:
            return None
    return None


def trim(v: Vocabulary, sent: Sentence, i: int, j: int) -> Span | None:
    """The phrase ``[i, j)`` without spaces, coordinators, linkers and postpositions at its edges."""
    kinds, words, tags = sent.kinds, sent.words, sent.tags
    while i < j and (kinds[i] in (S, C, L) or (kinds[i] == F and words[i] not in v.former)):
        i += 1
    while j > i and (kinds[j - 1] in (S, C, L) or words[j - 1] in v.list_enders
                     or (tags[j - 1] == "a" and len(words[j - 1]) > 1)
                     or (kinds[j - 1] == F and not (j - 2 >= i and tags[j - 2] in ("x", "nr", "nrt", "nrfg", "eng")))):
        j -= 1  # a trailing 上/中/后 goes, unless it ends a name ("阿米里")
    if i >= j:
        return None
    return i, j


def is_amount_or_time(v: Vocabulary, sent: Sentence, np: Span) -> bool:
    if sent.words[np[1] - 1].endswith(v.round_suffixes):
        return True  # "千万级Pre-A轮", "5亿元B轮": a funding round
    for j in range(np[0], np[1]):
        kd = sent.kinds[j]
        w = sent.words[j]
        if kd in (M, T, S) or w in v.amount_units or v.round_re.match(w):
            continue
        return False
    return True


def is_non_participant(v: Vocabulary, sent: Sentence, np: Span) -> bool:
    """A phrase that names no participant ("本报", "据悉"); 他/她 do, through the person they refer to."""
    text = sent.span_text(np)
    return text in v.non_participants and text not in v.person_pronouns


def verbal_np(sent: Sentence, np: Span) -> bool:
    """A 'noun phrase' made only of verbal nouns ("交易", "生效") is part of a verb group."""
    return all(sent.tags[j] in ("vn", "v") for j in range(np[0], np[1]))


def conjuncts(v: Vocabulary, sent: Sentence, np: Span, person: bool) -> list[Span]:
    """The phrase split at coordinators outside brackets ("A 和 B" -> A, B)."""
    kinds, words = sent.kinds, sent.words
    parts: list[Span] = []
    depth = 0
    s = np[0]
    for j in range(np[0], np[1]):
        kd = kinds[j]
        if kd == O:
            depth += 1
        elif kd == Q:
            depth = max(0, depth - 1)
        elif kd == C and depth == 0 and words[j] not in v.title_joiners:
            if j > s:
                parts.append((s, j))
            s = j + 1
    if s < np[1]:
        parts.append((s, np[1]))
    parts = [p for p in (trim(v, sent, a, b) for a, b in parts) if p is not None]
    if len(parts) <= 1:
        return [np]
    if person:
        # "熙菱信息副总经理、技术总监刘朋冲": a conjunct with no name after its titles is one more
        # title of the next person, not a person of its own
        if any(not name_after_titles(v, sent, p) for p in parts[:-1]):
            return [np]
    else:
        # "小米CC9、小米CC9e和小米CC9美图定制版三款手机": the count after the list sums it up
        a, b = parts[-1]
        for j in range(a + 1, b - 1):
            if kinds[j] == M and kinds[j + 1] == M and kinds[j - 1] != M:
                parts[-1] = (a, j)
                break
    return parts


# --- names and titles -------------------------------------------------------------------------------

def is_name(v: Vocabulary, sent: Sentence, np: Span) -> bool:
    """The phrase ends with a person name (an entity, a name-tagged word, or what follows a title:
    "越秀地产非执董毛建华")."""
    if sent.ends[np[1] - 1] in sent.person_ends or sent.tags[np[1] - 1] in ("nr", "nrfg"):
        return True
    title_re = v.lex.title_re
    return title_re is not None and title_re.search(sent.span_text(np)) is not None \
        and name_after_titles(v, sent, np)


def name_after_last_title(title_re: re.Pattern, text: str, start: int = 0, end: int | None = None) -> int | None:
    """Where the name after the last title of ``text[start:end]`` begins ("南国置业董事长薛志勇" -> the
    offset of 薛志勇); None without a title, or when what follows the last title is no name (a name:
    1-5 Chinese characters or Latin text, not "之日起")."""
    end = len(text) if end is None else end
    last = None
    for last in title_re.finditer(text, start, end):
        pass
    if last is None or last.end() >= end:
        return None
    tail = text[last.end():end]
    return last.end() if NAME_TAIL_RE.fullmatch(tail) or tail.isascii() else None


def name_after_titles(v: Vocabulary, sent: Sentence, np: Span) -> bool:
    """The phrase holds no title, or a name follows its last title."""
    text = sent.span_text(np)
    title_re = v.lex.title_re
    return title_re is None or title_re.search(text) is None or name_after_last_title(title_re, text) is not None


def ends_with_title(v: Vocabulary, text: str) -> bool:
    return v.title_end_re is not None and v.title_end_re.search(text) is not None


def generic_person(v: Vocabulary, text: str) -> bool:
    """"又一高管", "两名董事": a person phrase without a name (not a merge key)."""
    rest = v.quant_re.sub("", text)
    if v.lex.title_re is not None:
        rest = v.lex.title_re.sub("", rest)
    return rest == "" or rest in v.former
