"""Kind ``married_name``: Hong Kong married women's names, the husband's surname before her own."""
from __future__ import annotations

from ...registry import Option, entity_kinds
from ..common import from_sources, source_rules


def prepare(params: dict, lists, path, line) -> dict:
    params["_sources"] = source_rules(params, path, line, "married_name", "names it extends", "person.cn")
    return params


@entity_kinds.register("married_name", phase="revise", prepare=prepare, options=[
    Option("from_rules", list, "the ids of the rules whose three-character names it extends (required)")])
def married_name(ctx, rule, out, state) -> None:
    """Revises candidates before overlaps are resolved: a three-character name of one of `from_rules` right
    after a one-character word that is a common surname, itself right after a title or at a clause start, is a
    married woman's name written the Hong Kong way, the husband's surname first (主席葉/劉淑儀 -> 葉劉淑儀,
    范/徐麗泰): it takes that character and this rule's id."""
    sources = rule.params["_sources"]
    lex, words, tags = ctx.lex, ctx.words, ctx.tags
    for cand in out:
        if cand.end - cand.start != 3 or cand.label != rule.label or not from_sources(cand.rule_id, sources):
            continue
        i = ctx.start_index.get(cand.start)
        if i is None or i == 0:
            continue
        k = i - 1
        w = words[k]
        if (len(w) != 1 or tags[k] != "nr" or lex.surnames.get(w) != 1.0
                or lex.surnames.get(ctx.text[cand.start]) != 1.0):
            continue
        if ctx.sent_start[k] or (k > 0 and words[k - 1] in lex.clause_open) or lex.title_before(ctx, k):
            cand.start -= 1
            cand.rule_id = rule.id
