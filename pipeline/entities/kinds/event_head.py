"""Kind ``event_head``: named events ending in a head noun."""
from __future__ import annotations

from ...docview import char_class
from ...registry import Option, entity_kinds
from ..common import PROPER_TAGS, Candidate
from ._heads import extend_left, head_of


class EventHeads:
    def __init__(self, heads: list[str]):
        self.heads = frozenset(heads)
        self.lengths = sorted({len(h) for h in self.heads}, reverse=True)
        self.finals = frozenset(h[-1] for h in self.heads)
        self.final_chars = char_class(self.finals)


def setup(lex, lists, rules) -> EventHeads:
    return EventHeads(lists["event_heads"])


@entity_kinds.register("event_head", phase="match", setup=setup, lists=["event_heads"], options=[
    Option("max_tokens", int, "words the name may take, head included", 6)])
def event_head(ctx, rule, out, heads: EventHeads) -> None:
    """Named events ending with a word of `event_heads` (大会, 峰会, 发布会, 论坛, 博览会 …), extended left
    over proper-noun words as `org_head` does; a proper noun or gazetteer word must be among them."""
    words, tags = ctx.words, ctx.tags
    max_tokens = int(rule.params.get("max_tokens", 6))
    for i in ctx.last_in(heads.final_chars):
        w = words[i]
        head = head_of(w, heads.heads, heads.lengths, heads.finals)
        if head is None:
            continue
        alone = len(w) == len(head)
        k = extend_left(ctx, i, max_tokens)
        if alone and k == i:
            continue
        proper = any(tags[t] in PROPER_TAGS or t in ctx.gaz_tokens for t in range(k, i + 1))
        if not proper:
            continue
        out.append(Candidate(ctx.starts[k], ctx.ends[i], rule.label, rule.id, rule.priority))
