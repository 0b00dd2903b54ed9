"""Kind ``org_apposition``: the name written right after a kind of company (初创公司X, 机器视觉企业X)."""
from __future__ import annotations

from ...docview import char_class
from ...registry import Option, entity_kinds
from ..common import CJK, Candidate

# tags of the word before a kind word that make the words before it a description (人形/n 机器人/n 公司,
# 云/ns 计算/v 企业, 医疗/n AI/eng 公司), not a name ending with that kind word (中信/nt 公司)
_DESCRIPTION_TAGS = frozenset({"n", "vn", "v", "l", "b", "an", "a", "eng", "ns", "s"})
# tags of a word before a kind word that make the kind word the end of a name (吉尔瑞/x 食品/公司)
_NAMING = frozenset({"x", "nz", "nt", "j", "nr", "nrt", "nrfg"})
# tags that end the name after a kind word: time, numeral, adverb, preposition, conjunction, particle,
# locality word, pronoun
_END_TAGS = frozenset({"t", "tg", "m", "mq", "q", "d", "ad", "p", "c", "u", "uj", "ul", "uz", "ug", "ud", "uv",
                       "f", "r", "y", "e", "o"})
# tags of a word that is a proper noun on its own (恒瞳/x, 港湾/ns, 深蓝/b)
_PROPER = frozenset({"x", "nz", "nr", "nrt", "nrfg", "j", "ns", "nt", "b"})
# tags of a word that makes the words after a kind word a clause (拥有/v 股份, 满负荷/l 生产)
_CLAUSE = frozenset({"v", "vn", "vd", "a", "ad", "an", "d", "l", "i", "f", "p", "c", "r"})
_OPEN_QUOTES = {"“": "”", "「": "」", "『": "』", "\"": "\""}
_CLOSERS = frozenset("，。、；：！？（）()【】《》“”「」『』\"\n ,;:!?")


def setup(lex, lists, rules) -> dict:
    kinds = dict(lists["org_kind_words"])
    finals = tuple(lists["org_brand_finals"])
    return {"kinds": kinds, "kind_class": char_class(w[-1] for w in kinds), "finals": finals,
            "ends": frozenset(lists["org_name_ends"]), "determiners": frozenset(lists["org_determiners"])}


@entity_kinds.register("org_apposition", phase="revise", setup=setup, options=[
    Option("max_tokens", int, "words the name after the kind word may take", 4)],
    lists=["org_kind_words", "org_brand_finals", "org_name_ends", "org_determiners", "person_titles",
           "org_deny", "org_modifier_stop", "acronym_deny"])
def org_apposition(ctx, rule, out, state: dict) -> None:
    """Revises candidates before overlaps are resolved: the words right after a kind of company of
    `org_kind_words` (公司, 企业, 新创, 科企, 平台 after a description: 北京初创公司, 机器视觉企业,
    AI晶片新创; 领投方, 子公司 alone) up to a word of `org_name_ends` (宣布, 领投, 收购, 合伙人), a verb,
    a time word, an adverb or punctuation name the company (初创公司极光语言科技宣布, 企业知行视觉签署,
    领投方恒岳资本合伙人); so does a name in quotes right after it (智能体公司“回声矩阵”). The name is one
    to `max_tokens` words: one word must be a proper noun (恒瞳/x, 港湾/ns) unless the name ends with a
    brand ending of `org_brand_finals` (科技, 智能, 机器人, 资本: 极光/语言/科技); a verb inside it too
    needs that ending (维港/创新/资本); a person's name alone (公司王明表示) or a generic word (公司员工) is none.
    The description before it (北京初创公司, 医疗AI公司) is a kind, no organisation: a candidate ending
    with the kind word is dropped, and so is one running from before the kind word into the name
    (脑电分析企业脑语科技), and a generic acronym right before the kind word (AI公司: `acronym_deny`)."""
    kinds = state["kinds"]
    for i in ctx.last_in(state["kind_class"]):
        w = ctx.words[i]
        need = kinds.get(w)
        if need is None or i + 1 >= len(ctx.words) or ctx.sent_start[i + 1]:
            continue
        described = _described(ctx, i, state) if need == "after_description" else True
        if not described:
            continue
        span = None if _gazetteer_at(out, ctx.ends[i] + 1) or described is not True else _quoted(ctx, i)
        span = span or _name_after(ctx, i, rule, state, out, sure=described is True)
        if span is None:
            span = _other_name(ctx, i, out)
            if span is None:
                continue
        else:
            out.append(Candidate(span[0], span[1], rule.label, rule.id, rule.priority))
        _drop_descriptions(ctx, out, i, span)


def _described(ctx, i: int, state: dict) -> bool | str:
    """The word before kind word i describes a business (人形/机器人/公司, AI/公司), not names one (中信/公司),
    and no determiner stands before it (一家外国公司: a kind, not this one); "unsure" when a proper noun
    or an unknown word is among the words before it (洛尼/x 装饰/工程/公司, 脑电/x 分析/企业)."""
    if i == 0 or ctx.sent_start[i]:
        return False
    k = i - 1
    w, tag = ctx.words[k], ctx.tags[k]
    if tag == "eng":
        return w.upper() in ctx.lex.acronym_deny or len(w) <= 2
    if w in state["determiners"] or k in ctx.gaz_tokens:
        return False
    if tag in _NAMING:
        return "unsure"  # 创投/j 基金: an abbreviation or a name may end with the kind word
    if tag not in _DESCRIPTION_TAGS:
        return False
    while k > 0 and not ctx.sent_start[k] and i - k < 6:
        k -= 1
        w, tag = ctx.words[k], ctx.tags[k]
        if not w.isalnum():
            break
        if w in state["determiners"] or k in ctx.gaz_tokens:
            return False  # 一家外国公司
        if tag in _NAMING:
            return "unsure"  # 洛尼/x 装饰/工程/公司: a name ending with the kind word, or 脑电/x 分析/企业
        if tag not in _DESCRIPTION_TAGS:
            break
    return True


def _quoted(ctx, i: int) -> tuple[int, int] | None:
    """A name in quotes right after kind word i (公司“回声矩阵”): its span, 2 to 10 characters."""
    text, pos = ctx.text, ctx.ends[i]
    close = _OPEN_QUOTES.get(text[pos:pos + 1])
    if close is None:
        return None
    end = text.find(close, pos + 1, pos + 12)
    if end < 0 or not 2 <= end - pos - 1 <= 10 or any(ch in _CLOSERS for ch in text[pos + 1:end]) \
            or text[pos + 1:end] in ctx.lex.person_titles:
        return None  # 大企业“老总”们: a role
    i = ctx.start_index.get(pos + 1)
    if i is not None and ctx.tags[i] in ("d", "p", "c", "r"):
        return None  # a clause in quotes
    return pos + 1, end


def _name_after(ctx, i: int, rule, state: dict, out, sure: bool = True) -> tuple[int, int] | None:
    """The span of the name in the words after kind word i, closed by an end word, or None; not
    ``sure`` that the words before the kind word are a description, only a branded name closed by an
    end word or a time word (脑电分析企业脑语科技完成)."""
    lex, words, tags = ctx.lex, ctx.words, ctx.tags
    max_tokens = int(rule.params.get("max_tokens", 4))
    j = i + 1
    while j < len(words) and j - i <= max_tokens + 1 and not ctx.sent_start[j] and not _ends(ctx, j, state):
        j += 1
    if j == i + 1 or j - i > max_tokens + 1 or j >= len(words) or ctx.sent_start[j]:
        return None
    names = range(i + 1, j)
    start, end = ctx.starts[i + 1], ctx.ends[j - 1]
    name = ctx.text[start:end]
    if not 2 <= len(name) <= 8 or not CJK.match(name) or _person_in(out, start, end):
        return None  # 毒枭奥兰迪斯, 工人张维东: a role and a person
    if any(words[k] in lex.person_titles or words[k] in lex.org_deny or words[k] in state["kinds"]
           or words[k] in lex.org_stop for k in names):
        return None
    final = next((f for f in state["finals"] if name.endswith(f) and len(name) > len(f)), None)
    if final is not None:
        cut = ctx.start_index.get(end - len(final))
        stem = range(i + 1, j if cut is None else cut)
        strong_end = words[j] in state["ends"] or tags[j] == "t"
        ok = (sure or strong_end) and len(stem) > 0 and tags[i + 1] not in _END_TAGS and (
            strong_end or not (len(stem) == 1 and tags[i + 1] in _CLAUSE))
        return (start, end) if ok else None  # 极光/语言/科技, 知/行/视觉, 启衡/v 智能/周二; not 企业/信息/安全
    if not sure or words[j] not in state["ends"] or any(len(words[k]) < 2 or tags[k] in _CLAUSE for k in names):
        return None  # 企业/满负荷/生产, 企业/有/抗风险: a clause
    if not any(tags[k] in _PROPER for k in names):
        return None
    return start, end


def _ends(ctx, j: int, state: dict) -> bool:
    """Word j closes a name after a kind word: punctuation, a word of `org_name_ends`, a title, a verb of
    two characters or more tagged as such only when nothing brand-like follows, a function word."""
    w, tag = ctx.words[j], ctx.tags[j]
    if w in state["ends"] or w in ctx.lex.person_titles or tag in _END_TAGS:
        return True
    return not w.strip() or not (w[0].isalnum())


def _person_in(out, start: int, end: int) -> bool:
    return any(c.label == "PERSON" and start <= c.start and c.end <= end for c in out)


def _gazetteer_at(out, start: int) -> bool:
    """A gazetteer name starts at ``start`` (平台“网易号”: 网易 keeps its reading, the quote is a product)."""
    return any(c.start == start and c.rule_id.startswith("gazetteer:") for c in out)


def _other_name(ctx, i: int, out) -> tuple[int, int] | None:
    """A candidate of another rule (a gazetteer or Latin name) starting right after kind word i
    (英国AI公司Stability AI): its span."""
    pos = ctx.ends[i]
    for c in out:
        if c.start == pos and c.label == "ORG":
            return c.start, c.end
    return None


def _drop_descriptions(ctx, out, i: int, span: tuple[int, int]) -> None:
    """Drop the ORG candidates that are the description ending with kind word i (北京初创公司) or run from
    before it into the name (脑电分析企业脑语科技)."""
    kind_start, kind_end = ctx.starts[i], ctx.ends[i]
    deny = ctx.lex.acronym_deny
    out[:] = [c for c in out if not (c.label == "ORG" and c.start < kind_end and (
        c.end == kind_end or span[0] < c.end <= span[1] and c.start <= kind_start
        or c.end == kind_start and ctx.text[c.start:c.end].upper() in deny))]
