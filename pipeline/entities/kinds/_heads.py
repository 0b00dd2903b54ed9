"""Names ending in a head noun (organisations, events): the head of a word and the name's left edge."""
from __future__ import annotations

from ..common import MODIFIER_TAGS, WHOLE_ORG_MODIFIERS


def head_of(word: str, heads, lengths, finals) -> str | None:
    """The head noun ``word`` ends with (longest first), or None."""
    if word[-1] not in finals:
        return None
    for length in lengths:
        if length <= len(word) and word[-length:] in heads:
            return word[-length:]
    return None


def modifier_ok(ctx, k: int) -> bool:
    lex = ctx.lex
    w = ctx.words[k]
    if w in lex.org_stop or ctx.tags[k] not in MODIFIER_TAGS or not w.isalnum():
        return False
    return not (w in lex.person_titles)


def extend_left(ctx, i: int, max_tokens: int, whole: bool = False) -> int:
    """First token of the name ending at token i. ``whole``: token i is an organisation name jieba
    knows whole (民进党/nt, 农委会/nt): only a place or another organisation may come before it
    (美国/民主党), not the verb or adverb of the clause (痛批/民进党, 监督/农委会)."""
    k = i
    while k > 0 and i - k + 1 < max_tokens and not ctx.sent_start[k] and modifier_ok(ctx, k - 1):
        if whole and ctx.tags[k - 1] not in WHOLE_ORG_MODIFIERS:
            break
        k -= 1
    return k
