"""Kind ``short_form``: X（以下简称「Y」）: Y is a mention of X, there and wherever it recurs."""
from __future__ import annotations

import re

from ...registry import Option, entity_kinds
from ...rules import RuleError
from ..common import PROPER_TAGS, Candidate


def prepare(params: dict, lists, path, line) -> dict:
    cues = params.get("cues")
    if not isinstance(cues, list) or not cues:
        raise RuleError(path, line, "a short_form rule needs 'cues': the words that define a short form",
                        "write e.g. cues: [以下简称, 简称]", code="E031")
    params["compiled"] = re.compile(
        "[（(][ \t]*(?:" + "|".join(map(re.escape, sorted(map(str, cues), key=len, reverse=True)))
        + ")[为:：]?[ \t]*[\"“「『‘']?(?P<short>[^()（）\"“”「」『』‘’'\n，,。；;、《》]{2,20}?)[\"”」』’']?[ \t]*[)）]")
    return params


def setup(lex, lists, rules) -> frozenset[str]:
    return frozenset("".join(lists["short_form_deny_chars"]))


@entity_kinds.register("short_form", phase="revise", prepare=prepare, setup=setup, options=[
    Option("cues", list, "the words that define a short form (required)")],
    lists=["short_form_deny_chars"])
def short_form(ctx, rule, out, deny_first: frozenset[str]) -> None:
    """Revises candidates before overlaps are resolved: a short form defined in brackets right after an
    organisation, X（以下简称「Y」）, is a mention of X's entity there and wherever Y recurs in the document,
    and beats shorter readings (阿里影业, not the 阿里 inside it); X（简称"X"） defines the name itself when a
    proper noun is among its words (合作协议（以下简称"协议"） is no organisation); a short form that is a role
    (one dictionary word that is no proper noun: 招标人, 甲方) or starts with a character of
    `short_form_deny_chars` (本基金) is not taken."""
    text = ctx.text
    lex = ctx.lex
    ends: dict[int, Candidate] | None = None  # the longest candidate ending at each offset
    for m in rule.params["compiled"].finditer(text):
        if ends is None:
            ends = {}
            for c in out:
                best = ends.get(c.end)
                if c.label == rule.label and (best is None or c.end - c.start > best.end - best.start):
                    ends[c.end] = c
        short = m.group("short").strip()
        if short[0] in deny_first or lex.common_word(ctx, m.start("short") + m.group("short").index(short), short):
            continue  # 本基金, 招标人, 甲方: a role in the text, not a name
        full = ends.get(m.start())
        if full is None:
            full = _self_defined(ctx, rule, m, short)
            if full is None:
                continue
            out.append(full)
        full_text = text[full.start:full.end]
        pos = m.start("short") + m.group("short").index(short)
        while pos >= 0:
            end = pos + len(short)
            if pos in ctx.start_index and end in ctx.end_index or pos == m.start("short"):
                out.append(Candidate(pos, end, rule.label, rule.id, rule.priority, full.canonical,
                                     (full_text,) if short != full_text else ()))
            pos = text.find(short, end)


def _self_defined(ctx, rule, m: re.Match, short: str) -> Candidate | None:
    """阿里影业（以下简称"阿里影业"）: the name defines itself; it is a name when a proper noun is among its
    words (no 合作协议（以下简称"协议"）)."""
    text = ctx.text
    start = m.start() - len(short)
    i, j = ctx.start_index.get(start), ctx.end_index.get(m.start())
    if i is None or j is None or text[start:m.start()] != short or not any(
            ctx.tags[k] in PROPER_TAGS or k in ctx.gaz_tokens for k in range(i, j + 1)):
        return None
    return Candidate(start, m.start(), rule.label, rule.id, rule.priority)
