"""Kind ``coordination``: names listed with a person are people too."""
from __future__ import annotations

from ...registry import entity_kinds
from ..common import CJK, FUNCTION_TAGS, Candidate


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


def _split_name(ctx, k: int) -> bool:
    """Tokens k, k+1 are a common surname written alone and a two-character given name (陈/nr 开河/ns)."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    if k < 0 or k + 1 >= len(words) or lex.surnames.get(words[k]) != 1.0 or tags[k] in FUNCTION_TAGS:
        return False
    given = words[k + 1]
    return (len(given) == 2 and bool(CJK.match(given)) and tags[k + 1] not in FUNCTION_TAGS
            and not ctx.sent_start[k + 1] and lex.not_given.isdisjoint(given)
            and words[k] + given not in lex.person_deny and words[k] + given not in lex.places)


@entity_kinds.register("coordination", phase="link", setup=setup,
                       lists=["coordinators", "surnames", "translit_chars", "person_deny", "places"])
def coordination(ctx, rule, winners, coordinators: frozenset[str]) -> None:
    """Linking: a name-like word listed with a person by a word of `coordinators` (邓小平、江泽民; 亨特和琼斯)
    is a person too; so is a common surname written alone with a two-character given name after it
    (卢晓英、陈/开河)."""
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
            if _person_like(ctx, k):
                s, e = ctx.starts[k], ctx.ends[k]
            elif k > sep and _split_name(ctx, k):
                s, e = ctx.starts[k], ctx.ends[k + 1]  # 卢晓英、陈/开河
            elif k < sep and _split_name(ctx, k - 1):
                s, e = ctx.starts[k - 1], ctx.ends[k]  # 陈/开河、卢晓英
            else:
                continue
            if 1 in ctx.taken[s:e]:
                continue
            new = Candidate(s, e, "PERSON", rule.id, rule.priority)
            ctx.take(s, e)
            winners.append(new)
            queue.append(new)
