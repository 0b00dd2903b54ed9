"""Kind ``org_unit``: a unit written right after an organisation belongs to its name."""
from __future__ import annotations

from ...registry import Option, entity_kinds
from ...docview import char_class
from ..common import Candidate, orgs_from, source_rules
from ._heads import head_of

# tags of the words of a unit's name between the organisation and the unit head (房地产业/j 司, 上海/ns 分行)
_UNIT_WORD_TAGS = frozenset({"n", "nz", "j", "x", "ns", "nt", "b", "ng"})
# tags of a last word that is a place or a person, whatever it ends with (莫斯科/ns, 基里延科/nr)
_NAME_TAGS = frozenset({"ns", "nr", "nrt", "nrfg"})


def setup(lex, lists, rules) -> dict:
    heads = {w: "unit" for w in lists["org_unit_heads"]}
    return {"heads": heads, "lengths": sorted({len(w) for w in heads}, reverse=True),
            "finals": frozenset(w[-1] for w in heads), "deny": frozenset(lists["org_unit_deny"]),
            "final_class": char_class(w[-1] for w in heads),
            "business": frozenset(lists["org_business_words"]),
            "business_class": char_class(w[-1] for w in lists["org_business_words"]),
            "coordinators": frozenset(lists["coordinators"])}

def prepare(params: dict, lists, path, line) -> dict:
    params["_sources"] = source_rules(params, path, line, "org_unit", "ORG candidates it extends",
                                      "gazetteer, org.head")
    return params


@entity_kinds.register("org_unit", phase="revise", setup=setup, prepare=prepare, options=[
    Option("from_rules", list, "the ids of the rules whose ORG candidates it extends (a prefix `gazetteer` "
           "stands for every gazetteer entry) (required)"),
    Option("max_tokens", int, "words the unit may take, its head word included", 3)],
    lists=["org_unit_heads", "org_unit_deny", "org_business_words", "org_deny", "person_titles", "coordinators"])
def org_unit(ctx, rule, out, state: dict) -> None:
    """Revises candidates before overlaps are resolved: an organisation of one of `from_rules` followed in
    the same sentence by a unit, up to `max_tokens` words ending with a head of `org_unit_heads` (系, 处,
    司, 分行, 理事会 …), gives a candidate for the organisation with its unit (the overlap policy weighs
    it against the organisation alone): 西南师范大学历史系, 北京市粮食局工业处, 欧盟外长理事会,
    交行上海分行; so does a business word of `org_business_words` right after a gazetteer name, naming a subsidiary
    (中信地产, 索尼影业, 宝钢股份) (rule_id this rule's, no canonical name of the organisation). The words before the unit head are nouns or proper nouns (not a verb: 外交部/举行/…); a
    unit word that is a common word (`org_unit_deny`: 关系, 好处), a generic organisation word (`org_deny`)
    or a person's title is no unit."""
    sources = rule.params["_sources"]
    limit = int(rule.params.get("max_tokens", 3))
    heads_at = set(ctx.last_in(state["final_class"]))  # words ending like a unit head, found at C speed
    business, words = state["business"], ctx.words
    units = []
    for cand in orgs_from(out, sources):
        rid = cand.rule_id
        j = ctx.end_index.get(cand.end)
        if j is None and rid.startswith("gazetteer:"):
            _glued_head(ctx, rule, cand, units)
            continue
        if j is None or j + 1 >= len(words) or words[j + 1] not in business \
                and heads_at.isdisjoint(range(j + 1, j + 3 + limit)):
            continue
        end = _unit_end(ctx, j + 1, limit, state, rid.startswith("gazetteer:"))
        if end is not None:  # the unit is an entity of its own (no gazetteer canonical name), a candidate
            # of this rule: the overlap policy weighs it against the organisation alone
            units.append(Candidate(cand.start, end, rule.label, rule.id, rule.priority))
    _brand_business(ctx, rule, units, business, state["business_class"])
    out.extend(units)


def _brand_business(ctx, rule, units: list, business: frozenset, business_class) -> None:
    """A brand jieba reads as a name or leaves unknown, a business word of `org_business_words` after it
    and a company's action or a title after both (施耐德/nr 电气/宣布, 施耐德/电气/中国区/总裁): a company, a
    candidate of this rule."""
    words, tags, lex = ctx.words, ctx.tags, ctx.lex
    for j in ctx.last_in(business_class):  # words ending like a business word: few, found at C speed
        if j < 1 or j + 1 >= len(words) or words[j] not in business or ctx.sent_start[j]:
            continue
        k = j - 1
        if tags[k] not in ("nr", "nrt", "x") or not 2 <= len(words[k]) <= 4 or not words[k].isalpha():
            continue
        nxt = words[j + 1]
        if nxt in lex.latin_org_verbs or nxt in lex.latin_org_after or tags[j + 1] == "nt" \
                or tags[j + 1] == "n" and lex.is_title(nxt):
            units.append(Candidate(ctx.starts[k], ctx.ends[j], rule.label, rule.id, rule.priority))


def _glued_head(ctx, rule, cand, units: list) -> None:
    """A gazetteer name the segmenter glued to a strong organisation head in one word (可口可乐公司/l,
    思科公司/n): the word is the organisation's full name, a candidate of this rule."""
    t = ctx.token_at(cand.end)
    if t < 0 or ctx.starts[t] < cand.start:
        return
    rest = ctx.text[cand.end:ctx.ends[t]]
    if ctx.lex.org_heads.get(rest) == "strong":
        units.append(Candidate(cand.start, ctx.ends[t], rule.label, rule.id, rule.priority))


def _unit_end(ctx, k: int, limit: int, state: dict, brand: bool) -> int | None:
    """Where the unit starting at token k ends, or None: the first word within ``limit`` words that ends
    with a unit head; every word before it a noun, or a conjunction of `coordinators` between two nouns
    (经济及工商管理学院; not after a unit or before a place: 教科文部/和/中国…), which lets the unit take
    two more words."""
    words, tags = ctx.words, ctx.tags
    n = len(words)
    if brand and k < n and not ctx.sent_start[k] and words[k] in state["business"]:
        return ctx.ends[k]  # 中信/地产, 索尼/影业: a gazetteer brand's subsidiary named by its business
    t, stop = k, min(n, k + limit)
    while t < stop:
        if ctx.sent_start[t]:
            return None
        w = words[t]
        if w[-1] in state["finals"] and _unit_word(ctx, t, t > k, state):
            return ctx.ends[t]
        if t > k and w in state["coordinators"] and tags[t] == "c" and tags[t - 1] in _UNIT_WORD_TAGS \
                and t + 1 < n and tags[t + 1] not in ("ns", "nt") and head_of(
                    words[t - 1], state["heads"], state["lengths"], state["finals"]) is None:
            stop = min(n, stop + 2)  # 经济/及/工商管理/学院: two fields joined in the unit's name
        elif tags[t] not in _UNIT_WORD_TAGS or not w.isalnum():
            return None
        t += 1
    return None


def _unit_word(ctx, t: int, after_words: bool, state: dict) -> bool:
    """Token t ends with a unit head and names a unit: not a common word ending like one (美中关系, 地处,
    心系: a one-character head needs a word of three characters, or a word of its own after other words:
    工业/处), not a place or a person (莫斯科, 基里延科; a one-character head jieba read as a surname stays
    a head: 价格/司/nr 司长), not a verb unless it is the head itself (支行/v)."""
    w, tag, lex = ctx.words[t], ctx.tags[t], ctx.lex
    head = head_of(w, state["heads"], state["lengths"], state["finals"])
    if head is None or w in lex.person_titles or w in lex.org_deny and not (w == head and (after_words or len(w) >= 2)):
        return False  # a generic word alone (学院) is a unit's head after the unit's own words (经济/及/…/学院)
    if any(w[-n:] in state["deny"] for n in (2, 3) if n <= len(w)):
        return False
    if len(head) == 1 and not (len(w) >= 3 or len(w) == 1 and after_words):
        return False
    if tag in _NAME_TAGS and len(head) == 1 and not _bare_head(ctx, t, w == head):
        return False
    return tag not in ("v", "vn") or w in state["heads"]


def _bare_head(ctx, t: int, alone: bool) -> bool:
    """Token t is a one-character unit head written alone that jieba read as a surname (发改委/价格/司/nr):
    the head, unless a name could follow it (发言人/司/马南: a given name after the surname)."""
    nxt = ctx.tags[t + 1] if t + 1 < len(ctx.words) and not ctx.sent_start[t + 1] else ""
    return alone and nxt not in _NAME_TAGS and nxt not in ("x", "nrfg")
