"""Names ending in a head noun (organisations, events): the head of a word and the name's left edge."""
from __future__ import annotations

from functools import lru_cache

from ...segment import dictionary_tags
from ..common import MODIFIER_TAGS, WHOLE_ORG_MODIFIERS

# dictionary tags of the characters a clause is made of: prepositions, adverbs, conjunctions, particles,
# pronouns, locality words, numerals, verbs
_CLAUSE_CHAR_TAGS = frozenset({"p", "d", "c", "u", "uj", "ul", "uz", "ug", "ud", "uv", "r", "f", "m", "zg", "v"})


@lru_cache(maxsize=1)
def _clause_chars() -> dict[str, str]:
    """Single characters jieba's dictionary tags as clause words (上/f, 均/d, 受/v), with their tag."""
    return {w: t for w, t in dictionary_tags().items() if len(w) == 1 and t in _CLAUSE_CHAR_TAGS}


# tags of the word before a piece of a transliterated name (尼美/x 根队)
NAME_PIECE_TAGS = frozenset({"x", "nr", "nrt", "ns"})


def verb_word(w: str) -> bool:
    """``w`` is a verb in jieba's dictionary (进行/v, 举行/v; not 国会/nt)."""
    return dictionary_tags().get(w, "").startswith("v")


def clause_char(ch: str) -> bool:
    """``ch`` alone is a clause word in the dictionary other than a numeral (随/v, 该/r, 在/p; not 二/m)."""
    return _clause_chars().get(ch, "m") != "m"


def glued_clause(w: str, name_chars=frozenset()) -> bool:
    """``w``, an unknown word, is two clause characters jieba's HMM glued together (上/均, 告/上, 多/受,
    前/到), or any character and a preposition (时/为): a piece of the clause, never part of a name; two
    verbs may be a name (通达), and so may two characters of ``name_chars`` (the characters of given
    names, as common in brand names: 中弘, 金顺), and are not."""
    if len(w) != 2 or w[0] in name_chars and w[1] in name_chars:
        return False
    chars = _clause_chars()
    a, b = chars.get(w[0]), chars.get(w[1])
    return b == "p" or a is not None and b is not None and not (a == "v" and b == "v")


def head_of(word: str, heads, lengths, finals) -> str | None:
    """The head noun ``word`` ends with (longest first), or None."""
    if word[-1] not in finals:
        return None
    for length in lengths:
        if length <= len(word) and word[-length:] in heads:
            return word[-length:]
    return None


def modifier_ok(ctx, k: int, glue: frozenset = frozenset()) -> bool:
    lex = ctx.lex
    w = ctx.words[k]
    if w in lex.org_stop or not w.isalnum():
        return False
    if ctx.tags[k] not in MODIFIER_TAGS:
        # 微软/a 亚洲研究院, 招行/v 信用卡中心: a gazetteer name under a common tag before a noun (not
        # before an unknown word or a verb: 热刺/周中/x 联盟杯, 平安银行/利用/v 平安集团)
        return k in ctx.gaz_tokens and k + 1 < len(ctx.tags) and ctx.tags[k + 1] in _AFTER_GAZ
    if ctx.tags[k] == "x" and len(w) >= 3 and w[:2] in lex.org_stop:
        return False  # 更多大/x 模型公司: a determiner glued to the next character
    if ctx.tags[k] == "x" and len(w) >= 3 and w[-1] in glue and w[0] in lex.common_surnames:
        return False  # 任命/赵文博为/x 公司: a name glued to the function character after it
    if ctx.tags[k] == "x" and len(w) == 2 and (w[0] in lex.function_chars or w[0].isnumeric()
                                               or w[1] in lex.function_chars or w[0] in glue
                                               or glued_clause(w, lex.given_chars) and not _after_place(ctx, k)):
        return False  # 这座/x 工厂, 二是/x 银行, 之战/x, 上均/x 附有 银行: a function word or a number glued to a
        # character, or two clause characters (not after a place: 英国/必发/公司, 中山市/互润/食品… is a brand)
    return not (w in lex.person_titles)


def _after_place(ctx, k: int) -> bool:
    return k > 0 and not ctx.sent_start[k] and (ctx.tags[k - 1] == "ns" or ctx.words[k - 1] in ctx.lex.places)


# tags of the word after a gazetteer name read under a common tag that continue an organisation's name
_AFTER_GAZ = frozenset({"n", "ns", "nt", "nz", "j", "vn"})


# tags of the clause words that may stand before an organisation word (痛批/x, 监督/vn), never part of a
# name once an organisation word is in it
_CLAUSE_TAGS = frozenset({"x", "v", "vn", "l", "d", "eng"})


def _numbered(ctx, k: int, numbers: frozenset) -> int:
    """The first of the numeral words right before token k (第三, 171, 第八届: made of ``numbers``) when a
    place or an organisation stands before them (沈阳市/第三/机床厂, 成都军区/456/医院), else k."""
    j = k
    while j > 0 and ctx.tags[j - 1] == "m" and numbers.issuperset(ctx.words[j - 1]) and not ctx.sent_start[j] \
            and (len(ctx.words[j - 1]) > 1 or ctx.words[j - 1].isdigit()):
        j -= 1  # not one numeral character: 揭阳/一/工厂 is a factory in Jieyang
    if j == k or j == 0 or ctx.sent_start[j]:
        return k
    before = j - 1
    if ctx.tags[before] in ("ns", "nt") or before in ctx.gaz_tokens or ctx.words[before] in ctx.lex.places:
        return j
    return k


def extend_left(ctx, i: int, max_tokens: int, whole: bool = False, numbers: frozenset = frozenset(),
                verbs: frozenset = frozenset(), glue: frozenset = frozenset()) -> int:
    """First token of the name ending at token i. ``whole``: token i is an organisation name jieba
    knows whole (民进党/nt, 农委会/nt): only a place or another organisation may come before it
    (美国/民主党), not the verb or adverb of the clause (痛批/民进党, 监督/农委会); the same once the name
    has taken in such a word (痛批/民进党/政府). ``numbers``: the characters of a number after a place that
    belongs to the name (沈阳市/第三/机床厂); ``verbs``: the verbs a name may hold after a noun
    when a proper noun starts it (北京/华艺/拍卖/公司); ``glue``: first characters of an unknown word that
    glue a function character to the name (之战/火车头队)."""
    k = i
    tags = ctx.tags
    past_org = False
    verb_at = None
    while k > 0 and i - k + 1 < max_tokens and not ctx.sent_start[k]:
        if not modifier_ok(ctx, k - 1, glue):
            tag = tags[k - 1]
            j = _numbered(ctx, k, numbers) if tag == "m" and numbers else k
            if j < k:
                k = j  # 沈阳市/第三/机床厂, 北京市/171/中学: a number after a place names the unit
                continue
            if tag != "v" or whole or past_org or not _inner_verb(ctx, k - 1, verbs):
                break
            k = verb_at = k - 1  # 北京/华艺/拍卖/公司: kept only when a proper noun starts the name
            continue
        if whole and tags[k - 1] not in WHOLE_ORG_MODIFIERS and not (
                tags[k - 1] == "b" and k > 1 and tags[k - 2] == "ns" and not ctx.sent_start[k - 1]):
            break  # 北京市/高级/b 人民检察院: a grade between the place and the body belongs to the name
        if past_org and tags[k - 1] in _CLAUSE_TAGS:
            break  # past an organisation word, no verb or unknown word: 痛批/民进党/政府 is 民进党政府
        k -= 1
        past_org = past_org or tags[k] == "nt"
        if tags[k] not in MODIFIER_TAGS:
            break  # a gazetteer name under a common tag starts the name (平安/a 集团: not 平安银行/利用/…)
    if verb_at is not None and not _proper_start(ctx, k):
        k = verb_at + 1  # 上海/企业/设立/公司: a clause, the verb is no part of the name
    return k


# tags of the word before a verb inside a name (体育彩票/n 发行/v 管理中心, 华艺/x 拍卖/v 公司)
_BEFORE_INNER_VERB = frozenset({"n", "nz", "x", "j", "vn", "l", "nt", "nrt"})


def _inner_verb(ctx, k: int, verbs: frozenset) -> bool:
    """Token k is a verb of ``verbs`` inside a name, after a noun that is no organisation of its own
    (中国体育彩票发行管理中心, 国务院妇女儿童工作协调委员会; not 刑侦大队/联合/派出所)."""
    if ctx.words[k] not in verbs or ctx.tags[k] != "v" or k == 0 or ctx.sent_start[k]:
        return False
    return ctx.tags[k - 1] in _BEFORE_INNER_VERB and modifier_ok(ctx, k - 1) and not (
        ctx.tags[k - 1] != "nt" and k - 1 not in ctx.gaz_tokens and org_word(ctx, k - 1))


def _proper_start(ctx, k: int) -> bool:
    """Token k, the first of a name, is a proper noun: a place, an organisation, an unknown word."""
    return ctx.tags[k] in WHOLE_ORG_MODIFIERS or ctx.tags[k] == "x" or k in ctx.gaz_tokens \
        or ctx.words[k] in ctx.lex.places


# tags of the words a clause glues before an organisation's place name (服务/vn 北京银行, 实拍/x 武汉市政府,
# 战胜/n 中国香港女队): common words, never the name's own first word when a place follows them
# tags of a word that is a unit of the organisation before it (医政科/x, 老干部局/n), not a verb (主办/v)
UNIT_TAGS = frozenset({"n", "nz", "x", "ng"})
_GLUED_TAGS = frozenset({"v", "vn", "n", "l", "d", "a", "ad", "x", "b", "an", "i"})


def place_start(ctx, k: int, i: int, levels: frozenset = frozenset()) -> int:
    """The name's first token when the words k.. before a place word (ns, or in `places`) or an
    organisation word (nt, a gazetteer name) are words of the clause glued before the name (服务/北京银行,
    中外合资/杭州…公司, 指导/北京航空航天大学/…/公司): the place or organisation starts the name.
    Words of two characters or more only (驻/v 欧洲 stays: 美国驻欧洲海军司令部), and only when
    nothing before the place is a proper noun the name could start with (华夏/nz 北京/ns … stays); before
    an organisation word, a word ending with an administrative level of ``levels`` is a place and stays
    (槐荫区/n 卫生局/nt)."""
    tags, words, places = ctx.tags, ctx.words, ctx.lex.places
    for p in range(k + 1, i):
        place = tags[p] == "ns" or words[p] in places
        if place or tags[p] == "nt" or p in ctx.gaz_tokens:
            if _clause_words(ctx, k, p) and all(words[q] not in places and (place or words[q][-1] not in levels)
                                                for q in range(k, p)):
                return p
            return k
        if tags[p] not in _GLUED_TAGS:
            return k
    if k < i and (place_prefix(words[i], places) or tags[i] == "nt" or i in ctx.gaz_tokens) and _clause_words(ctx, k, i):
        return i  # 逼平/比利时队, 另有/工商银行: the head word itself starts with a place or is an organisation
    return k


def _clause_words(ctx, k: int, p: int) -> bool:
    """Tokens k..p-1 are words of the clause glued before a name: common words of two characters or
    more, none a gazetteer name."""
    lex = ctx.lex
    return all(ctx.tags[q] in _GLUED_TAGS and len(ctx.words[q]) >= 2 and q not in ctx.gaz_tokens
               for q in range(k, p)) and not (
        p - k >= 2 and lex.org_heads.get(ctx.words[p - 1]) == "strong")  # 富龙/集团/北京/分公司: an organisation, not a clause


def place_prefix(word: str, places) -> bool:
    """``word`` starts with a place of two to four characters and goes on (比利时队, 中国交响乐团)."""
    return any(word[:n] in places for n in range(2, min(len(word), 5)))


def org_word(ctx, k: int) -> bool:
    """Token k names an organisation on its own: jieba's nt, a gazetteer word, or a word ending with a
    strong head noun (江西省委/nt, 卫生局/nt, 哈佛大学): a sub-unit after it belongs to it
    (江西省委/老干部局, 卫生局/医政科)."""
    lex = ctx.lex
    if ctx.tags[k] == "nt" or k in ctx.gaz_tokens:
        return True
    head = head_of(ctx.words[k], lex.org_heads, lex.org_head_lengths, lex.org_head_finals)
    return head is not None and lex.org_heads[head] == "strong" and len(ctx.words[k]) > len(head)
