"""Kind ``org_tag``: words jieba's dictionary tags as organisations."""
from __future__ import annotations

from ...registry import entity_kinds
from ..common import Candidate


def setup(lex, lists, rules) -> frozenset[str]:
    return frozenset("".join(lists["org_abbrev_final_chars"]))


@entity_kinds.register("org_tag", phase="match", setup=setup, lists=["org_deny", "org_abbrev_final_chars"])
def org_tag(ctx, rule, out, abbrev_finals) -> None:
    """Words jieba's dictionary tags `nt` (organisation), or `j` (abbreviation) ending with a character of
    `org_abbrev_final_chars` (rule_id `<id>.abbrev`). Off by default: precision 0.24 on CLUENER."""
    words, tags = ctx.words, ctx.tags
    deny = ctx.lex.org_deny
    for i, w in enumerate(words):
        tag = tags[i]
        if tag == "nt" and w not in deny and len(w) >= 2:
            out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id, rule.priority))
        elif tag == "j" and len(w) >= 2 and w[-1] in abbrev_finals and w not in deny:
            out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id + ".abbrev", rule.priority))
