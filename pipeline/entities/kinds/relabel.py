"""Kind ``relabel``: give the candidates of other rules this rule's label when a cue says so."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ...registry import Option, entity_kinds
from ..common import from_sources, source_rules
from ..loader import word_list

_CUE_LISTS = ("cues_after", "cues_before", "sentence_cues")
_PAREN_END = re.compile(r"[(（][A-Za-z][A-Za-z0-9 .&'-]*[)）]")  # a Latin-script original in brackets


def prepare(params: dict, lists, path, line) -> dict:
    params["_sources"] = source_rules(params, path, line, "relabel", "candidates it revises", "person.translit")
    for key in _CUE_LISTS:
        name = params.get(key)
        words = word_list(lists, name, path, line, key) if name is not None else []
        params[f"{key}_words"] = frozenset(words)
        params[f"{key}_lengths"] = sorted({len(w) for w in words}, reverse=True)
    return params


@entity_kinds.register("relabel", phase="revise", prepare=prepare, options=[
    Option("from_rules", list, "the ids of the rules whose candidates it revises (required)"),
    Option("cues_after", str, "a list of words: one right after the candidate relabels it"),
    Option("cues_before", str, "a list of words: one right before the candidate relabels it"),
    Option("sentence_cues", str, "a list of words: one in the candidate's sentence relabels it unless something "
           "marks it as a person"),
    Option("skip_paren", bool, "look for `cues_after` past a bracket right after the candidate (its original "
           "name: 塔斯沃特(TasWater)水务公司)", False)],
    lists=["person_titles", "person_cues_after"])
def relabel(ctx, rule, out, state) -> None:
    """Revises candidates of other rules before overlaps are resolved: a candidate of one of `from_rules` (a
    rule id, also its `.title3`-style variants) gets this rule's label and id when a word of the
    `cues_after` list stands right after it or one of `cues_before` right before it (`org.team_context`:
    雷吉纳主场, vs莱切 → ORG, a team); with `sentence_cues`, also when its sentence holds a word of that list
    and nothing marks the candidate as a person: no title before it, no speech verb / title / speaker colon
    after it, not in a list with 、 (`org.team_sentence`: 萨洛纳已经连续4轮不胜，保级形势严峻 → ORG;
    主帅萨洛纳表示… stays a person)."""
    params = rule.params
    sources = params["_sources"]
    text = ctx.text
    after, after_lengths = params["cues_after_words"], params["cues_after_lengths"]
    before, before_lengths = params["cues_before_words"], params["cues_before_lengths"]
    sentence = params["sentence_cues_words"]
    skip_paren = params.get("skip_paren", False)
    for cand in out:
        if not from_sources(cand.rule_id, sources):
            continue
        end = cand.end
        while end < len(text) and text[end] in " \t":
            end += 1
        if skip_paren and end < len(text) and text[end] in "(（":
            close = _PAREN_END.match(text, end, end + 40)  # 塔斯沃特(TasWater)水务公司: the original first
            if close is not None:
                end = close.end()
        start = cand.start
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        if (any(text[end:end + n] in after for n in after_lengths)
                or any(start >= n and text[start - n:start] in before for n in before_lengths)
                or sentence and _team_sentence(ctx, cand, sentence)):
            cand.label, cand.rule_id, cand.priority = rule.label, rule.id, rule.priority


def _team_sentence(ctx, cand, cues: frozenset) -> bool:
    """The candidate's sentence holds one of ``cues`` (主场, 赔率, 保级 …: a match preview) and nothing
    marks it as a person: no title before it, no speech verb or title after it."""
    i = ctx.start_index.get(cand.start)
    j = ctx.end_index.get(cand.end)
    if i is None or j is None:
        return False
    sent_of, words = ctx.sent_of, ctx.words
    n = len(words)
    s = sent_of[i]
    a = bisect_left(sent_of, s, 0, i)  # sentence ids never decrease: its first and last word
    b = bisect_right(sent_of, s, j, n)
    if cues.isdisjoint(words[a:b]):
        return False
    if (j + 1 < n and words[j + 1] == "、") or (i > 0 and words[i - 1] == "、"):
        return False  # 卡利诺、维塔里: a list of names in a match report is a list of players
    lex = ctx.lex
    return not (lex.title_before(ctx, i) or lex.cue_soon(ctx, j + 1) or lex.speaker_colon(ctx, i, j + 1))
