"""Kind ``org_stem``: a company's brand without its ending, later in the document (星图云科技 … 星图云)."""
from __future__ import annotations

from ...registry import entity_kinds
from ..common import CJK, Candidate
from ._heads import clause_char

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
    the full name as alias (also where jieba glued a one-character clause word to it: 映森上/x, 后映/森将); not a brand of one character, a place or a generic word, not right before a
    Latin letter or a digit (青禾Q2, 曦合X3: a product) nor right after an opening quote (“澜舟技术开放日”).
    The full name itself is found again where jieba glued a clause word to it (由星图/云科技, rule_id
    `<id>.full`), and replaces a shorter organisation another rule read inside it (云科技)."""
    text = ctx.text
    fulls: dict[str, str | None] = {}
    stems: dict[str, tuple[str, str | None]] = {}
    for cand in winners:
        if cand.label != "ORG" or cand.rule_id.startswith("gazetteer:"):
            continue
        name = text[cand.start:cand.end]
        stem = _stem(ctx, name, state["finals"])
        if stem is not None:
            fulls.setdefault(name, cand.canonical)
            stems.setdefault(stem, (name, cand.canonical))
    for name, canonical in fulls.items():  # the full name first, over shorter readings (云科技)
        _add(ctx, rule, winners, name, canonical, (), replace=True)
    for stem, (name, canonical) in stems.items():
        _add(ctx, rule, winners, stem, canonical, (name,))


def _add(ctx, rule, winners, form: str, canonical, aliases: tuple, replace: bool = False) -> None:
    """Mentions of ``form`` wherever it stands free (see ``_standalone``); with ``replace``, an ORG winner
    of another rule inside it (云科技 inside 星图云科技) gives way to it."""
    text = ctx.text
    pos = text.find(form)
    while pos >= 0:
        end = pos + len(form)
        inner = [c for c in winners if pos <= c.start and c.end <= end and (c.start, c.end) != (pos, end)] \
            if replace and 1 in ctx.taken[pos:end] else []
        if inner and all(c.label == "ORG" and not c.rule_id.startswith("gazetteer:") for c in inner) \
                and all(ctx.taken[k] == 0 or any(c.start <= k < c.end for c in inner) for k in range(pos, end)):
            winners[:] = [c for c in winners if c not in inner]
            ctx.taken[pos:end] = bytes(end - pos)
        if _standalone(ctx, pos, end):
            ctx.take(pos, end)
            rule_id = rule.id if aliases else rule.id + ".full"
            winners.append(Candidate(pos, end, "ORG", rule_id, rule.priority, canonical or None, aliases))
        pos = text.find(form, end)


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
    if 1 in ctx.taken[pos:end]:
        return False
    if pos not in ctx.start_index and not (pos - 1 in ctx.start_index and clause_char(text[pos - 1])):
        return False  # 低于/映森上: jieba glued a function character before the brand (于映/x)
    if end not in ctx.end_index and not (end + 1 in ctx.end_index and clause_char(text[end])):
        return False  # 映森上/x, 后映/森将/x: or after it
    if pos > 0 and text[pos - 1] in _OPEN_QUOTES:
        return False
    return not (end < len(text) and text[end].isascii() and text[end].isalnum())
