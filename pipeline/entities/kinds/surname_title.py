"""Kind ``surname_title``: a bare surname as the mention."""
from __future__ import annotations

from ...registry import entity_kinds
from ..common import Candidate


def setup(lex, lists, rules) -> frozenset[str]:
    return frozenset(lists["surname_titles"])


@entity_kinds.register("surname_title", phase="match", setup=setup,
                       lists=["surnames", "surname_titles", "familiar_prefixes", "person_deny"])
def surname_title(ctx, rule, out, titles: frozenset[str]) -> None:
    """A bare surname before an official title of `surname_titles` (汤局长, 江主席) or after a familiar
    prefix of `familiar_prefixes` (老于, 小王): the surname is the mention."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    n = len(words)
    surnames, familiar = lex.surnames, lex.familiar
    for i in ctx.first_in(lex.common_first_chars):
        w = words[i]
        c0 = w[0]
        if c0 in familiar:
            if len(w) == 2 and tags[i] in ("x", "nr") and surnames.get(w[1]) == 1.0 and w not in lex.person_deny:
                out.append(Candidate(ctx.starts[i] + 1, ctx.ends[i], rule.label, rule.id, rule.priority))
            continue
        if surnames.get(c0) != 1.0:
            continue
        if len(w) == 1:
            if i + 1 < n and (words[i + 1] in titles) and not ctx.sent_start[i + 1]:
                out.append(Candidate(ctx.starts[i], ctx.starts[i] + 1, rule.label, rule.id, rule.priority))
        elif len(w) in (2, 3) and w[1:] in titles and tags[i] in ("x", "n", "nr") and w not in lex.person_deny:
            out.append(Candidate(ctx.starts[i], ctx.starts[i] + 1, rule.label, rule.id, rule.priority))
