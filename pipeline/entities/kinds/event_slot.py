"""Kind ``event_slot``: a name-like word in the subject or object slot of an event verb is a participant.

The event is the evidence: 星河文化宣布收购云帆数据 names two companies though neither ends with an
organisation head; 黄朝阳辞去董事长职务 names a person that jieba cut as 黄/a 朝阳/ns. The verbs are data
(``rules/entities/lists/slot_*.txt``); the rule's label says which slot family it reads (ORG or PERSON).
"""
from __future__ import annotations

from ...docview import char_class
from ...registry import Option, entity_kinds
import re

from ..common import CJK, LATINISH, PROPER_TAGS, Candidate

# punctuation or space before a clause's first word (a number before it is a date: 17日/官网/发布)
_PUNCT = re.compile(r"^[^\w]+$")
# a count of people after a surname is no given name (宋、高二人加盟)
# a version number names a product (eosio v1.0发布)
_VERSION = re.compile(r"\d")
_COUNT = re.compile(r"^[一二三四两几][人位名]$")

# tags that end a slot: numeral, adverb, preposition, conjunction, particle, pronoun, locality, time
_STOP_TAGS = frozenset({"t", "tg", "m", "mq", "q", "d", "ad", "p", "c", "u", "uj", "ul", "uz", "ug", "ud", "uv",
                        "f", "r", "y", "e", "o", "a", "zg"})
# a given name may be cut as an adjective or a place (黄/a 朝阳/ns): fewer tags end a person's slot
_PERSON_STOP_TAGS = _STOP_TAGS - {"a", "zg"}
_PLACE_TAGS = frozenset({"ns"})
_NAMED_TAGS = frozenset({"nz", "nt", "x", "j", "eng"})
_PROPER_NOT_PLACE = PROPER_TAGS - _PLACE_TAGS
_PERSON_TAGS = frozenset({"nr", "nrt", "nrfg"})
# words of a pause between the subject and the verb that never belong to the name: time words,
# 在/于 + a place or exchange (心景科技在纳斯达克上市)
_SKIP_TAGS = frozenset({"t", "tg", "d", "ad", "m", "mq"})


def setup(lex, lists, rules) -> dict:
    def words(name):
        return frozenset(lists.get(name, ()))

    def chars(name):
        return "".join(lists.get(name, ()))

    state = {
        "subject": words("slot_org_verbs") | words("slot_org_weak_verbs"), "weak": words("slot_org_weak_verbs"),
        "object": words("slot_org_object_verbs"),
        "person": words("slot_person_verbs"), "person_object": words("slot_person_object_verbs"),
        "skip": words("slot_skip_words"), "stops": words("slot_object_stops"), "lead": words("slot_lead_words"),
        "times": tuple(lists.get("slot_time_words", ())), "finals": tuple(lists.get("slot_org_finals", ())),
        "product_prefixes": tuple(lists.get("slot_product_prefixes", ())),
        "not_first": chars("slot_not_first_chars"), "not_final": chars("slot_not_final_chars"),
        "deny": lex.org_deny | words("slot_deny"),  # the lexicon's org_deny set, not a second copy
        "determiners": tuple(lists.get("org_determiners", ())),  # one str.startswith(tuple) per phrase
        "shares": words("slot_share_words"),
        "surname_titles": words("surname_titles") | words("slot_surname_titles")}
    verbs = state["subject"] | state["object"] | state["person"] | state["person_object"]
    state["verb_class"] = char_class(w[0] for w in verbs)
    return state


@entity_kinds.register("event_slot", phase="match", setup=setup, options=[
    Option("max_tokens", int, "words the name in the slot may take", 3)],
    lists=["slot_org_verbs", "slot_org_object_verbs", "slot_person_verbs", "slot_person_object_verbs",
           "slot_skip_words", "slot_object_stops", "slot_org_finals", "slot_deny", "org_deny", "surname_titles",
           "slot_surname_titles", "org_determiners", "slot_org_weak_verbs", "slot_not_final_chars",
           "slot_time_words", "person_titles", "slot_lead_words", "slot_share_words",
           "slot_not_first_chars", "slot_product_prefixes"])
def event_slot(ctx, rule, out, state: dict) -> None:
    """A name-like span in an event verb's slot. Label ORG: the clause's subject before a business verb of
    `slot_org_verbs` (上市, 收购, 融资, 推出: 星河文化宣布收购, ofo完成新一轮融资, 当当网发布财报), past words
    of `slot_skip_words` (宣布, 正式, 已), time words and 在/于 + one word; or the object after a verb of
    `slot_org_object_verbs` (收购, 入股: 收购云帆数据) up to a word of `slot_object_stops` (股权, 计划).
    The span is one to `max_tokens` nouns starting the clause; one must be a proper noun, a Latin word,
    or the last must end with `slot_org_finals` (网, 文化, 科技); a place alone, a person's name alone and
    `org_deny` / `slot_deny` words (公司, 该公司) are none. Label PERSON: a surname and one or two
    characters in one or two words, as the clause's subject before `slot_person_verbs` (黄朝阳辞去) or
    between `slot_person_object_verbs` and 为 (任命赵启航为)."""
    words = ctx.words
    n = len(words)
    max_tokens = int(rule.params.get("max_tokens", 3))
    person = rule.label == "PERSON"
    for i in ctx.first_in(state["verb_class"]):
        w = words[i]
        if person:
            if w in state["person"]:
                span = _subject(ctx, i, state, 2, person=True)
                if span and _person_like(ctx, *span, state):
                    _add(ctx, rule, out, span)
            if w in state["person_object"]:
                span = _person_object(ctx, i, n)
                if span and _person_like(ctx, *span, state):
                    _add(ctx, rule, out, span)
            continue
        if w in state["subject"]:
            span = _subject(ctx, i, state, max_tokens)
            span = span and _org_span(ctx, *span, state, weak=w in state["weak"])
            if span:
                _add(ctx, rule, out, span)
        if w in state["object"]:
            span = _object(ctx, i, n, state, max_tokens)
            span = span and _org_span(ctx, *span, state, sure=_share_after(ctx, span[1] + 1, n, state),
                                      listed=span[1] + 1 < n and ctx.words[span[1] + 1] in ("、", "和", "与", "及"))
            if span:
                _add(ctx, rule, out, span)


def _add(ctx, rule, out, span) -> None:
    k, j = span
    out.append(Candidate(ctx.starts[k], ctx.ends[j], rule.label, rule.id, rule.priority))


def _boundary(ctx, k: int) -> bool:
    """Word k starts a clause: the sentence starts there, or punctuation or a clause opener is before it."""
    if k == 0 or ctx.sent_start[k]:
        return True
    prev = ctx.words[k - 1]
    # a slash lists platforms or sources (PC/PS3/Xbox360推出), not clauses
    return _PUNCT.match(prev) is not None and "/" not in prev or prev in ctx.lex.clause_open


def _wordy(w: str) -> bool:
    return bool(CJK.match(w) or LATINISH.match(w))


def _skippable(w: str, tag: str, state: dict) -> bool:
    # a funding round is no part of the name either: ofo/完成/新一轮/融资, 云帆/获/B轮/融资
    return w in state["skip"] or w.upper() in state["skip"] or tag in _SKIP_TAGS or w.endswith("轮")


def _subject(ctx, i: int, state: dict, max_tokens: int, person: bool = False):
    """(first, last) word of the clause-initial subject before verb i, or None; a person's name may also
    follow a title (董事长黄朝阳辞职)."""
    stop_tags = _PERSON_STOP_TAGS if person else _STOP_TAGS
    words, tags = ctx.words, ctx.tags
    j = i - 1
    while j >= 0 and not ctx.sent_start[j + 1] and _skippable(words[j], tags[j], state):
        j -= 1  # 星河文化/宣布/正式/收购
    if j >= 2 and words[j - 1] in ("在", "于") and _wordy(words[j]):
        j -= 2  # 心景科技/在/纳斯达克/上市
    if j < 0:
        return None
    k = j
    while k >= 0 and j - k < max_tokens and _wordy(words[k]) and tags[k] not in stop_tags \
            and not _skippable(words[k], tags[k], state):
        if _boundary(ctx, k) or person and words[k - 1] in ctx.lex.person_titles:
            return (k, j)
        k -= 1
    return None


def _object(ctx, i: int, n: int, state: dict, max_tokens: int):
    """(first, last) word of the object right after verb i, before a stop word or the clause's end."""
    words, tags = ctx.words, ctx.tags
    k = i + 1
    if k < n and tags[k] == "ul":
        k += 1  # 创办/了/青岚小馆
    j = k
    while j < n and j - k < max_tokens and not ctx.sent_start[j] and _wordy(words[j]) \
            and tags[j] not in _STOP_TAGS and words[j] not in state["stops"] and words[j] not in state["skip"]:
        j += 1
    if j == k:
        return None
    if j < n and words[j] == "的":
        return None  # 收购了lol的开发商: the object is the one after 的
    end_ok = j >= n or ctx.sent_start[j] or not _wordy(words[j]) or words[j] in state["stops"] \
        or tags[j] in _STOP_TAGS
    return (k, j - 1) if end_ok else None


def _person_object(ctx, i: int, n: int):
    """任命/赵启航/为: the one or two words between the verb and 为."""
    for j in (i + 1, i + 2):
        if j + 1 < n and ctx.words[j + 1] == "为" and not ctx.sent_start[j + 1]:
            return (i + 1, j)
    return None


def _share_after(ctx, j: int, n: int, state: dict) -> bool:
    """A stake follows the object (收购/龙源/数媒/股权, 收购/科信/盛彩/85%/股权): it is a company."""
    if j < n and ctx.tags[j] == "m" and any(ch.isdigit() or ch == "%" for ch in ctx.words[j]):
        j += 1
    return j < n and ctx.words[j] in state["shares"]


def _org_span(ctx, k: int, j: int, state: dict, weak: bool = False, sure: bool = False, listed: bool = False):
    """The span (k, j) trimmed of a leading kind word (控股/子公司/中船澄西), if it reads as a name. Before a
    weak verb (发布, 推出: anyone publishes) only a Latin word, a brand ending or one unknown word of three
    characters or more names an organisation (贵之步发布公告), not a place and a noun (吉林媒体发布)."""
    words, tags = ctx.words, ctx.tags
    deny = state["deny"]
    while k < j and (words[k] in state["lead"] or len(words[k]) == 1 and LATINISH.match(words[k])):
        k += 1  # 控股子公司/中船澄西; an escaped line break's n (\n中粮置业)
    text = "".join(words[k:j + 1])
    if text in deny or words[k] in deny or words[j] in deny or not 2 <= len(text) <= 12:
        return None  # 该公司, “海口工商”微信公号发布: a channel, not the organisation
    if text.startswith(state["product_prefixes"]) or text.startswith(state["determiners"]):
        return None  # 某微信公众号发布, 多家银行推出: a kind, no one organisation; 新款手机发布: a product
    if text[-1] in state["not_final"] or any(t in text for t in state["times"]):
        return None  # 微信群里发布, 气象台今天下午发布: a place in something, a time
    if text[0] in ctx.lex.function_chars and tags[k] not in ("nz", "nt", "j"):
        return None  # 这一案件已递交
    finals = state["finals"]
    for t in range(k, j + 1):
        w = words[t]
        if tags[t] in ("i", "l") or w in ctx.lex.person_titles or w.upper() in ctx.lex.person_titles:
            return None  # 苦心孤诣/推出, 董事长李某: an idiom, a person's title
        if w[-1] in ctx.lex.function_chars and not LATINISH.match(w):
            return None  # 这是/发布, 签了/收购: a clause, no name
        if tags[t].startswith("v") and not w.endswith(finals):
            return None  # 住建局/联合/发布, 千山药机/投资/控股: a verb inside (当当网/v is the name)
    if any(len(words[t]) == 3 and words[t][0] in ctx.lex.common_surnames and tags[t] in ("x", "nr")
           for t in range(k, j + 1)) or text[0] in state["not_first"] or "某" in text:
        return None  # 和赵恩则成立了一家公司, 王力军未办理粮食收购: a person's name (男子陈某泉收购: one left anonymous); 自韩雪成立: a preposition
    if sure:
        return (k, j)
    if len(words[j]) == 1 and not words[j].endswith(finals):
        return None  # 收购德国r+e…, 控股子公司云南滇…: the name goes on
    if len(words[k]) == 1 and CJK.match(words[k]):
        return None  # 创立/人/marioprada: the verb was part of a noun (创立人)
    span_tags = set(tags[k:j + 1])
    if span_tags <= _PLACE_TAGS:
        return None  # 美国推出: a country
    if span_tags <= _PERSON_TAGS:
        return None  # 张伟发布: a person; 收购/市场秩序/nr: jieba's guess
    if not weak and any(LATINISH.match(words[t]) for t in range(k, j + 1)) and not _VERSION.search(text):
        return (k, j)
    if text.endswith(finals) and len(text) >= 2 + max(len(f) for f in finals if text.endswith(f)) \
            and not (weak and _VERSION.search(text)):
        return (k, j)
    if j == k and len(text) <= 2 and tags[k] == "x":
        return None  # 房企/x: an unknown two-character word alone is as often a common noun
    if weak:  # a Latin word or a number before 发布, 上市 is as often a product (iphone发布, 比亚迪e3上市)
        return (k, j) if j == k and len(text) >= 3 and tags[k] in _NAMED_TAGS and tags[k] != "eng" \
            and not _VERSION.search(text) else None
    # an unknown word of two characters is as often a piece of a phrase (并购/风潮/乍起/x): it needs a brand
    # ending or to be the brand's stem before a noun (收购/三瑞/x/农科); a place names an organisation only
    # with more words (盐城/大丰/警方)
    named = any(tags[t] in _PROPER_NOT_PLACE and (tags[t] not in ("x", "j") or len(words[t]) > 2)
                for t in range(k, j + 1)) \
        or j > k and tags[k] == "x" and listed
    return (k, j) if named else None


def _person_like(ctx, k: int, j: int, state: dict) -> bool:
    words = ctx.words
    text = "".join(words[k:j + 1])
    if not (2 <= len(text) <= 3 and CJK.match(text)) or j - k > 1:
        return False
    if j == k and ctx.tags[k] not in _PERSON_TAGS and ctx.tags[k] != "x":
        return False  # 武汉/ns担任: one dictionary word that is no name
    lex = ctx.lex
    if lex.surnames.get(text[0]) is None or text in lex.person_deny:
        return False
    if text[1:] in state["surname_titles"] or text[1:] in lex.person_titles or _COUNT.match(text[1:]):
        return False  # 王总辞职: a surname and a title, no name
    if any(ch in lex.function_chars for ch in text[1:]):
        return False
    return not any(words[t] in lex.person_titles for t in range(k, j + 1))
