"""Kind ``org_prefix``: the place or administrative level written before an organisation is part of it."""
from __future__ import annotations

from ...registry import Option, entity_kinds


def setup(lex, lists, rules) -> dict:
    return {"levels": frozenset(lists["org_level_prefixes"])}


@entity_kinds.register("org_prefix", phase="revise", setup=setup, options=[
    Option("from_rules", list, "the ids of the rules whose ORG candidates it extends (a prefix `gazetteer` "
           "stands for every gazetteer entry) (required)")],
    lists=["org_level_prefixes", "places"])
def org_prefix(ctx, rule, out, state: dict) -> None:
    """Revises candidates before overlaps are resolved: an organisation of one of `from_rules` written right
    after a place word (jieba `ns` or `places`: 伦敦佳士得, 北京联想, 香港金管局) or an administrative level
    written as its own word (`org_level_prefixes`: 市住建委, 县外贸公司, 村党支部) starts there; not across
    a sentence start."""
    sources = set(rule.params["from_rules"])
    levels, places = state["levels"], ctx.lex.places
    words, tags = ctx.words, ctx.tags
    for cand in out:
        if cand.label != "ORG":
            continue
        rid = cand.rule_id
        if rid not in sources and rid.split(":", 1)[0] not in sources and rid.rsplit(".", 1)[0] not in sources:
            continue
        i = ctx.start_index.get(cand.start)
        if not i or ctx.sent_start[i]:
            continue
        w = words[i - 1]
        if w in levels or (len(w) >= 2 and (tags[i - 1] == "ns" or w in places)):
            cand.start = ctx.starts[i - 1]
