"""Kind ``org_stem``: a company's brand without its ending, later in the document (星图云科技 … 星图云)."""
from __future__ import annotations

from ...registry import entity_kinds
from ..common import CJK, Candidate

# what may not stand right before a short mention: an opening quote (a product or an event: “澜舟技术开放日”)
_OPEN_QUOTES = frozenset("“「『\"《")


def setup(lex, lists, rules) -> dict:
    finals = sorted(lists["org_brand_finals"], key=len, reverse=True)
    return {"finals": tuple(finals)}


@entity_kinds.register("org_stem", phase="link", setup=setup,
                       lists=["org_brand_finals", "places", "countries", "org_deny", "person_titles"])
def org_stem(ctx, rule, winners, state: dict) -> None:
    """Linking: an organisation found in the document (not from the gazetteer) whose name ends with a
    brand ending of `org_brand_finals` (星图云科技, 雲湧資訊, 青禾机器人) is also mentioned by the brand
    before the ending wherever it stands as words of its own (星图云此前披露, 加盟雲湧, 青禾收购了), with
    the full name as alias; not a brand of one character, a place or a generic word, not right before a
    Latin letter or a digit (青禾Q2, 曦合X3: a product) nor right after an opening quote (“澜舟技术开放日”)."""
    text = ctx.text
    stems: dict[str, tuple[str, str | None]] = {}
    for cand in winners:
        if cand.label != "ORG" or cand.rule_id.startswith("gazetteer:"):
            continue
        name = text[cand.start:cand.end]
        stem = _stem(ctx, name, state["finals"])
        if stem is not None:
            stems.setdefault(stem, (name, cand.canonical))
    for stem, (name, canonical) in stems.items():
        pos = text.find(stem)
        while pos >= 0:
            end = pos + len(stem)
            if _standalone(ctx, pos, end):
                ctx.take(pos, end)
                winners.append(Candidate(pos, end, "ORG", rule.id, rule.priority, canonical, (name,)))
            pos = text.find(stem, end)


def _stem(ctx, name: str, finals: tuple[str, ...]) -> str | None:
    """The brand of ``name`` before its ending, or None (no ending, a place, a generic word)."""
    lex = ctx.lex
    final = next((f for f in finals if name.endswith(f)), None)
    if final is None or not CJK.match(name):
        return None
    stem = name[:-len(final)]
    if len(stem) < 2 or stem in lex.places or stem in lex.countries or stem in lex.org_deny \
            or stem in lex.person_titles:
        return None
    return stem


def _standalone(ctx, pos: int, end: int) -> bool:
    """The brand at pos..end is words of its own, free, not a product or a quoted name."""
    text = ctx.text
    if 1 in ctx.taken[pos:end] or pos not in ctx.start_index or end not in ctx.end_index:
        return False
    if pos > 0 and text[pos - 1] in _OPEN_QUOTES:
        return False
    return not (end < len(text) and text[end].isascii() and text[end].isalnum())
