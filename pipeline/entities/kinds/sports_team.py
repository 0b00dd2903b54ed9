"""Kind ``sports_team``: place-like transliterated words in sports sentences."""
from __future__ import annotations

from itertools import compress

from ...registry import Option, entity_kinds
from ..common import Candidate
from ..loader import word_list

# tags of a team's name as jieba reads it: a person, a place, a transliteration, an unknown word
_TEAM_TAGS = frozenset({"nr", "nrt", "ns", "x", "nz"})


def prepare(params: dict, lists, path, line) -> dict:
    for key in ("cues_after", "cues_before"):
        name = params.get(key)
        params[f"{key}_words"] = frozenset(word_list(lists, name, path, line, key)) if name is not None else None
    params["cue_words"] = (params["cues_after_words"] or frozenset()) | (params["cues_before_words"] or frozenset())
    return params


@entity_kinds.register("sports_team", phase="match", prepare=prepare, options=[
    Option("cues_after", str, "a list of words: a team's name stands right before one (主场, 客场, vs)"),
    Option("cues_before", str, "a list of words: a team's name stands right after one (对阵, 做客, vs)")],
    lists=["sports_cues", "countries", "translit_chars", "org_heads"])
def sports_team(ctx, rule, out, state) -> None:
    """Place-like transliterated words (jieba `ns`) in a sentence holding a word of `sports_cues`. Off by
    default: precision 0.34 on CLUENER. With `cues_after` / `cues_before` (`org.team_cue`), only a
    name right before a word of the first list or right after one of the second, in a sports sentence: a
    transliteration jieba reads as a person, a place or an unknown word (莱切主场, 雷吉纳vs亚特兰大, 做客桑坦德),
    or a place of any script (卡塔尼亚主场, 巴西客场); a word that is itself a sports word (本赛季) is none."""
    if rule.params.get("cues_after_words") is not None or rule.params.get("cues_before_words") is not None:
        _by_cue(ctx, rule, out)
        return
    if not ctx.sports_sents:
        return
    words, tags = ctx.words, ctx.tags
    lex = ctx.lex
    for i, w in enumerate(words):
        if (tags[i] == "ns" and len(w) >= 2 and ctx.sent_of[i] in ctx.sports_sents and w not in lex.countries
                and all(ch in lex.translit for ch in w)):
            out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id, rule.priority))


def _by_cue(ctx, rule, out) -> None:
    """Names right before a word of `cues_after` or right after one of `cues_before` in a sports sentence."""
    words, tags, lex = ctx.words, ctx.tags, ctx.lex
    after = rule.params.get("cues_after_words") or frozenset()
    before = rule.params.get("cues_before_words") or frozenset()
    n = len(words)
    if rule.params["cue_words"].isdisjoint(words):
        return  # most documents hold no cue: one pass at C speed
    # the words beside a cue
    near = {j - 1 for j in compress(range(n), map(after.__contains__, words)) if j > 0}
    near.update(j + 1 for j in compress(range(n), map(before.__contains__, words)) if j + 1 < n
                and not ctx.sent_start[j + 1])
    if not near:
        return
    sports, sent_of = ctx.sports_sents, ctx.sent_of  # only now: most documents hold no cue
    if not sports:
        return
    for i in sorted(near):
        w = words[i]
        if tags[i] not in _TEAM_TAGS or len(w) < 2 or sent_of[i] not in sports or w in lex.sports_cues:
            continue
        if tags[i] != "ns" and not all(ch in lex.translit for ch in w):
            continue  # 上轮/x 主场, 盘国米/x: a piece of the clause, not a transliterated name
        k, j = _pieces(ctx, i, after, before)
        if tags[i] == "ns" and k == i == j and not _ends_name(ctx, i, after, before):
            continue  # 迎战/欧洲/劲旅, 在/北京/主场: a place in the clause, not a team
        if j + 1 < n and lex.org_heads.get(words[j + 1]) == "strong":
            j += 1  # 阿尔梅利亚/队: the team's own head word
        if ctx.starts[k] > 1 and ctx.text[ctx.starts[k] - 3:ctx.starts[k]].lstrip().startswith("《"):
            continue  # 《VS三国》: a title
        out.append(Candidate(ctx.starts[k], ctx.ends[j], rule.label, rule.id, rule.priority))


def _pieces(ctx, i: int, after, before) -> tuple[int, int]:
    """The first and last token of the transliterated name token i is a piece of (纽/卡斯, 加拉塔/萨雷,
    梅塔/利斯特, 门兴/格拉/德巴赫): the words made of transliteration characters on both sides, not cues."""
    words, translit = ctx.words, ctx.lex.translit
    k, j = i, i
    while k > 0 and not ctx.sent_start[k] and words[k - 1] not in before and words[k - 1].isalpha() \
            and all(ch in translit for ch in words[k - 1]) and i - k < 3:
        k -= 1
    while j + 1 < len(words) and not ctx.sent_start[j + 1] and words[j + 1] not in after \
            and words[j + 1].isalpha() and all(ch in translit for ch in words[j + 1]) and j - i < 3:
        j += 1
    return k, j


def _ends_name(ctx, i: int, after, before) -> bool:
    """Place token i is a team: the word before it is a cue of `before` or none of the clause's
    prepositions (在北京主场 is a venue), the word after it a cue of `after` or no noun (欧洲/劲旅)."""
    words, tags = ctx.words, ctx.tags
    if i > 0 and not ctx.sent_start[i] and tags[i - 1] == "p" and words[i - 1] not in before:
        return False
    return i + 1 >= len(words) or words[i + 1] in after or tags[i + 1] not in ("n", "nz", "nt", "ng", "ns")
