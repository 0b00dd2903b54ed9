"""Kind ``name_trim``: a name with one character glued on, where the document writes the name alone too."""
from __future__ import annotations

from ...registry import Option, entity_kinds
from ..common import from_sources, source_rules


def prepare(params: dict, lists, path, line) -> dict:
    params["_sources"] = source_rules(params, path, line, "name_trim", "candidates it trims", "person.cn")
    return params


@entity_kinds.register("name_trim", phase="revise", prepare=prepare, options=[
    Option("from_rules", list, "the ids of the rules whose three-character candidates it trims (required)")],
    lists=["given_name_chars"])
def name_trim(ctx, rule, out, state) -> None:
    """Revises candidates before overlaps are resolved: a three-character candidate of one of `from_rules` (also
    its `.title3`-style variants) whose first two characters are a candidate of the same label elsewhere in the
    document before another character, whose last character is no common given-name character
    (`given_name_chars`) and which is found once (a name written again is a name: 马汉选 … 马汉选), is that
    two-character name with a verb glued on (郭菲 … 郭菲算得上, 粱炜 … 粱炜谈一下): it loses the last character
    and takes this rule's id."""
    sources = rule.params["_sources"]
    text = ctx.text
    given = ctx.lex.given_chars
    short: dict[tuple[str, str], set[str]] = {}  # (label, name) -> the characters written after it
    whole: dict[tuple[str, str], set[int]] = {}  # (label, three-character name) -> its starts
    for cand in out:
        if cand.end - cand.start == 2:
            short.setdefault((cand.label, text[cand.start:cand.end]), set()).add(text[cand.end:cand.end + 1])
        elif cand.end - cand.start == 3:
            whole.setdefault((cand.label, text[cand.start:cand.end]), set()).add(cand.start)
    if not short:
        return
    for cand in out:
        if (cand.end - cand.start != 3 or text[cand.end - 1] in given
                or not from_sources(cand.rule_id, sources)):
            continue
        after = short.get((cand.label, text[cand.start:cand.end - 1]))
        # the two characters written alone (not before this same character), the three only once
        if after and after - {text[cand.end - 1]} and len(whole[cand.label, text[cand.start:cand.end]]) == 1:
            cand.end -= 1
            cand.rule_id = rule.id
