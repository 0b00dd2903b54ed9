"""Kind ``org_tag``: words jieba's dictionary tags as organisations."""
from __future__ import annotations

from itertools import compress

from ...registry import Option, entity_kinds
from ..common import Candidate


def setup(lex, lists, rules) -> frozenset[str]:
    return frozenset("".join(lists["org_abbrev_final_chars"]))


@entity_kinds.register("org_tag", phase="match", setup=setup, lists=["org_deny", "org_abbrev_final_chars"], options=[
    Option("after_place", bool, "only abbreviations right after a place word, the place included "
           "(陕西省妇联, 中国乒协)", False)])
def org_tag(ctx, rule, out, abbrev_finals: frozenset) -> None:
    """Words jieba's dictionary tags `nt` (organisation), or `j` (abbreviation) ending with a character of
    `org_abbrev_final_chars` (rule_id `<id>.abbrev`). Off by default: precision 0.24 on CLUENER. With
    `after_place`, only such an abbreviation right after a place word (jieba `ns` or `places`), which
    starts the name: 天津市/妇联, 吉林省/美协."""
    if rule.params.get("after_place"):
        _after_place(ctx, rule, out, abbrev_finals)
        return
    words, tags = ctx.words, ctx.tags
    deny = ctx.lex.org_deny
    for i, w in enumerate(words):
        tag = tags[i]
        if tag == "nt" and w not in deny and len(w) >= 2:
            out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id, rule.priority))
        elif tag == "j" and len(w) >= 2 and w[-1] in abbrev_finals and w not in deny:
            out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id + ".abbrev", rule.priority))


def _after_place(ctx, rule, out, abbrev_finals) -> None:
    words, tags = ctx.words, ctx.tags
    deny, places = ctx.lex.org_deny, ctx.lex.places
    for i in compress(range(len(words)), map("j".__eq__, tags)):  # abbreviations are rare: no per-word loop
        w = words[i]
        if len(w) < 2 or w[-1] not in abbrev_finals or w in deny or i == 0 or ctx.sent_start[i]:
            continue
        if tags[i - 1] == "ns" or words[i - 1] in places:
            out.append(Candidate(ctx.starts[i - 1], ctx.ends[i], rule.label, rule.id, rule.priority))
