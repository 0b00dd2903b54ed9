"""Kind ``org_prefix``: the place or administrative level written before an organisation is part of it."""
from __future__ import annotations

from ...registry import Option, entity_kinds
from ..common import orgs_from, source_rules


# tags of a place name jieba reads as a name or leaves unknown (和静县/nr, 乌审旗/nr)
_MISREAD_PLACE_TAGS = frozenset({"nr", "nrt", "nrfg", "nz", "x"})


def setup(lex, lists, rules) -> dict:
    return {"levels": frozenset(lists["org_level_prefixes"]),
            "numbers": frozenset("".join(lists["org_number_chars"])),
            "level_chars": frozenset(w for w in lists["org_level_prefixes"] if len(w) == 1)}

def prepare(params: dict, lists, path, line) -> dict:
    params["_sources"] = source_rules(params, path, line, "org_prefix", "ORG candidates it extends",
                                      "gazetteer, org.head")
    return params


@entity_kinds.register("org_prefix", phase="revise", setup=setup, prepare=prepare, options=[
    Option("from_rules", list, "the ids of the rules whose ORG candidates it extends (a prefix `gazetteer` "
           "stands for every gazetteer entry) (required)")],
    lists=["org_level_prefixes", "places", "org_number_chars", "org_modifier_stop", "function_chars"])
def org_prefix(ctx, rule, out, state: dict) -> None:
    """Revises candidates before overlaps are resolved: an organisation of one of `from_rules` written right
    after a place word (jieba `ns` or `places`: 伦敦佳士得, 北京联想, 香港金管局; or a word of three
    characters or more ending with a level that jieba read as a name: 和静县/nr) or an administrative level
    written as its own word (`org_level_prefixes`: 市住建委, 县外贸公司, 村党支部) starts there, and so does
    a two-character name before a word starting with a level (观堂/镇党委); so does the
    session of a body written before it, a numeral word of `org_number_chars` ending with no number
    (第六届全国人大常委会, 香港首届立法会, 共青团第十四届中央委员会); not across a sentence start. A gazetteer
    name whose canonical name starts with another place or a national level loses its link once a place
    is written before it (辽宁省社科院 is no 中国社会科学院). A gazetteer organisation before it is no place of
    it (罗马/米兰, 苏富比/佳士得: two organisations)."""
    sources = rule.params["_sources"]
    levels, places = state["levels"], ctx.lex.places
    level_chars = state["level_chars"]
    words, tags = ctx.words, ctx.tags
    gaz_ends = None
    for cand in orgs_from(out, sources):
        i = ctx.start_index.get(cand.start)
        if not i or ctx.sent_start[i]:
            continue
        if tags[i - 1] == "m" and _session(ctx, i - 1, state["numbers"]):
            i -= 1  # 第六届/全国人大常委会: the session belongs to the body
            cand.start = ctx.starts[i]
            if not i or ctx.sent_start[i]:
                continue
        w = words[i - 1]
        if i - 1 in ctx.gaz_tokens:
            if gaz_ends is None:
                gaz_ends = _gazetteer_org_ends(out)
            if cand.start in gaz_ends:
                continue  # 罗马/ns 米兰, 曼联/利物浦: two organisations side by side, no place before one
        if w in ctx.lex.org_stop:
            continue  # 上半场/ns 中国队: a word of the clause jieba read as a place
        if w in levels or (len(w) >= 2 and (tags[i - 1] == "ns" or w in places)) or (
                len(w) >= 3 and w[-1] in level_chars and tags[i - 1] in _MISREAD_PLACE_TAGS):
            cand.start = ctx.starts[i - 1]  # 和静县/nr 交警大队: a place jieba read as a name
            _unlink_other_place(ctx, rule, cand, w, levels)
        elif words[i][0] in level_chars and len(words[i]) >= 3 and _place_name(ctx, i - 1):
            cand.start = ctx.starts[i - 1]  # 观堂/n 镇党委: the place's name before its level


def _gazetteer_org_ends(out: list) -> frozenset:
    """Where the gazetteer organisations among the candidates end."""
    return frozenset(c.end for c in out if c.label == "ORG" and c.rule_id.startswith("gazetteer"))


def _unlink_other_place(ctx, rule, cand, place: str, levels: frozenset) -> None:
    """A gazetteer name whose canonical name starts with another place or a national level (社科院 is
    中国社会科学院) does not name that entity once a place is written before it: 辽宁省社科院 is the
    province's academy, this rule's mention with no canonical name (香港金管局 stays 香港金融管理局, 伦敦佳士得
    stays 佳士得: no place, or the same one, starts their canonical names)."""
    canonical = cand.canonical
    if not canonical or not cand.rule_id.startswith("gazetteer") or canonical.startswith(place.rstrip("".join(levels))):
        return
    if any(canonical[:n] in ctx.lex.places or canonical[:n] in levels for n in range(2, min(len(canonical), 5))):
        cand.canonical, cand.rule_id = None, rule.id


# tags of a place's name jieba read as a common or unknown word, cut off from its level (观堂/n 镇党委)
_PLACE_NAME_TAGS = frozenset({"n", "nz", "x", "nr", "ns", "j"})


def _place_name(ctx, k: int) -> bool:
    """Token k is the name of the place whose level starts the next word: a word of two characters, no
    function word or stop word (其/镇党委, 该/县政府 are not)."""
    w = ctx.words[k]
    return len(w) == 2 and ctx.tags[k] in _PLACE_NAME_TAGS and w.isalpha() and w not in ctx.lex.org_stop \
        and not any(ch in ctx.lex.function_chars for ch in w)


def _session(ctx, k: int, numbers: frozenset) -> bool:
    """Token k is a session word (第六届, 首届, 十一届): a numeral word made of ``numbers`` whose last
    character is no number (第三, 171 are not)."""
    w = ctx.words[k]
    return ctx.tags[k] == "m" and len(w) >= 2 and numbers.issuperset(w) and not w[-1].isnumeric()
