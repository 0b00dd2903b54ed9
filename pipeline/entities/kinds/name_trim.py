"""Kind ``name_trim``: a name with one character glued on, where the document writes the name alone too."""
from __future__ import annotations

from ...registry import Option, entity_kinds
from ...rules import RuleError


def prepare(params: dict, lists, path, line) -> dict:
    if not isinstance(params.get("from_rules"), list) or not params["from_rules"]:
        raise RuleError(path, line, "a name_trim rule needs 'from_rules': the ids of the rules whose candidates it trims",
                        "write e.g. from_rules: [person.cn]", code="E030")
    params["_sources"] = frozenset(str(r) for r in params["from_rules"])
    return params


@entity_kinds.register("name_trim", phase="revise", prepare=prepare, options=[
    Option("from_rules", list, "the ids of the rules whose three-character candidates it trims (required)")],
    lists=["given_name_chars"])
def name_trim(ctx, rule, out, state) -> None:
    """Revises candidates before overlaps are resolved: a three-character candidate of one of `from_rules` (also
    its `.title3`-style variants) whose first two characters are a candidate of the same label elsewhere in the
    document, and whose last character is no common given-name character (`given_name_chars`), is that
    two-character name with a verb glued on (郭菲 … 郭菲算得上, 粱炜 … 粱炜谈一下): it loses the last character
    and takes this rule's id."""
    sources = rule.params["_sources"]
    text = ctx.text
    given = ctx.lex.given_chars
    short = {}
    for cand in out:
        if cand.end - cand.start == 2:
            short.setdefault((cand.label, text[cand.start:cand.end]), []).append(cand.start)
    if not short:
        return
    for cand in out:
        if (cand.end - cand.start != 3 or text[cand.end - 1] in given
                or cand.rule_id not in sources and cand.rule_id.rsplit(".", 1)[0] not in sources):
            continue
        starts = short.get((cand.label, text[cand.start:cand.end - 1]))
        if starts and any(s != cand.start for s in starts):
            cand.end -= 1
            cand.rule_id = rule.id
