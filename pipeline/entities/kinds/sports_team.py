"""Kind ``sports_team``: place-like transliterated words in sports sentences."""
from __future__ import annotations

from ...registry import entity_kinds
from ..common import Candidate


@entity_kinds.register("sports_team", phase="match", lists=["sports_cues", "countries", "translit_chars"])
def sports_team(ctx, rule, out, state) -> None:
    """Place-like transliterated words (jieba `ns`) in a sentence holding a word of `sports_cues`. Off by
    default: precision 0.34 on CLUENER."""
    words, tags = ctx.words, ctx.tags
    if not ctx.sports_sents:
        return
    lex = ctx.lex
    for i, w in enumerate(words):
        if (tags[i] == "ns" and len(w) >= 2 and ctx.sent_of[i] in ctx.sports_sents and w not in lex.countries
                and all(ch in lex.translit for ch in w)):
            out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id, rule.priority))
