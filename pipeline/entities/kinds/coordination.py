"""Kind ``coordination``: names listed with a person are people too."""
from __future__ import annotations

from ...registry import entity_kinds
from ..common import CJK, Candidate


def setup(lex, lists, rules) -> frozenset[str]:
    return frozenset(lists["coordinators"])


def _person_like(ctx, k: int) -> bool:
    lex = ctx.lex
    w, tag = ctx.words[k], ctx.tags[k]
    if not CJK.match(w) or w in lex.person_deny or w in lex.places or len(w) > 6 or len(w) < 2:
        return False
    if tag in ("nrt", "nrfg"):
        return True
    if tag in ("x", "nr"):
        return (w[0] in lex.surnames and len(w) <= 3) or all(ch in lex.translit for ch in w)
    if tag == "ns":  # jieba tags many transliterated names as places; listed with a person, they are people
        return len(w) >= 3 and all(ch in lex.translit for ch in w)
    return False


@entity_kinds.register("coordination", phase="link", setup=setup,
                       lists=["coordinators", "surnames", "translit_chars", "person_deny", "places"])
def coordination(ctx, rule, winners, coordinators: frozenset[str]) -> None:
    """Linking: a name-like word listed with a person by a word of `coordinators` (邓小平、江泽民; 亨特和琼斯)
    is a person too."""
    words = ctx.words
    n = len(words)
    queue = [c for c in winners if c.label == "PERSON"]
    while queue:
        cand = queue.pop()
        i = ctx.start_index.get(cand.start)
        j = ctx.end_index.get(cand.end)
        for k, sep in ((None if i is None else i - 2, None if i is None else i - 1),
                       (None if j is None else j + 2, None if j is None else j + 1)):
            if k is None or sep is None or k < 0 or k >= n or words[sep] not in coordinators:
                continue
            if not _person_like(ctx, k):
                continue
            s, e = ctx.starts[k], ctx.ends[k]
            if 1 in ctx.taken[s:e]:
                continue
            new = Candidate(s, e, "PERSON", rule.id, rule.priority)
            ctx.take(s, e)
            winners.append(new)
            queue.append(new)
