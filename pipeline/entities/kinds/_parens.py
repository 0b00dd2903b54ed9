"""Names and their other names in brackets, shared by the ``paren_alias`` and ``rename`` kinds."""
from __future__ import annotations

import re

from ..common import CJK, DOT_RE, HAS_CJK, LATINISH, PAREN, Candidate, alternation, is_latin
from ._heads import extend_left, head_of


class RenameCues:
    """The regexes of X（原Y） built from lists/rename_cues (tried in the order written)."""

    def __init__(self, lists):
        cues = alternation(lists["rename_cues"])
        self.paren = re.compile(r"[（(][ \t]*" + cues + r"[:：]?[ \t]*([^()（）\n]{2,30}?)[ \t]*[)）]")
        self.inner = re.compile("^" + cues + r"[:：]?\s*(.+)$")
        self.open_before = re.compile(r"[（(][ \t]*" + cues + r"[:：]?[ \t]*$")
        self.hints = tuple(lists["rename_hints"])


def setup(lex, lists, rules) -> RenameCues:
    return RenameCues(lists)


def parens(ctx, winners: list[Candidate], rename: bool, rule, cues: RenameCues) -> None:
    """A name followed by another name in brackets: its original (paren_alias) or its former name
    (rename): both are mentions, each the other's alias."""
    text = ctx.text
    by_start = {c.start: c for c in winners}
    if rename:
        _rename_before(ctx, winners, rule, by_start, cues)
    for cand in list(winners):
        m = PAREN.match(text, cand.end)
        if not m:
            continue
        inner = m.group(1).strip()
        s = m.start(1) + m.group(1).index(inner)
        if rename:
            rm = cues.inner.match(inner)
            if not rm or cand.label != "ORG":
                continue
            target = rm.group(1).strip()
            s = s + inner.index(target)
            inner = target
        elif cues.inner.match(inner) or not _original_name(ctx, cand, inner):
            continue
        e = s + len(inner)
        existing = by_start.get(s)
        if existing is not None and existing.end == e:
            existing.aliases = tuple(dict.fromkeys(existing.aliases + (text[cand.start:cand.end],)))
            existing.label = cand.label
        elif 1 in ctx.taken[s:e]:
            continue
        else:
            new = Candidate(s, e, cand.label, rule.id, rule.priority, None, (text[cand.start:cand.end],))
            ctx.take(s, e)
            winners.append(new)
            by_start[s] = new
        cand.aliases = tuple(dict.fromkeys(cand.aliases + (inner,)))


def _original_name(ctx, cand: Candidate, inner: str) -> bool:
    """``inner`` (in brackets after the candidate) is the name in the other script."""
    lex = ctx.lex
    name = ctx.text[cand.start:cand.end]
    latin_inner = bool(LATINISH.match(inner))
    if is_latin(name) == latin_inner:
        return False
    if not latin_inner and not CJK.match(DOT_RE.sub("", inner)):
        return False
    if latin_inner and (inner.isupper() and cand.label == "PERSON" or len(inner) < 2):
        return False
    if latin_inner and inner.lower() == inner and cand.label == "PERSON" and HAS_CJK.search(name) \
            and not all(ch in lex.translit or ch in lex.dots for ch in name):
        return False  # a Chinese name followed by lower-case Latin: not its original
    return True


def _rename_before(ctx, winners: list[Candidate], rule, by_start: dict[int, Candidate], cues: RenameCues) -> None:
    """``X（原Y）`` where only Y was recognised: the words right before the bracket are the new name."""
    text = ctx.text
    lex = ctx.lex
    if any(hint in text for hint in cues.hints):
        for m in cues.paren.finditer(text):
            s, e = m.span(1)
            if s in by_start or 1 in ctx.taken[s:e]:
                continue
            inner = m.group(1)
            if is_latin(inner) or head_of(inner, lex.org_heads, lex.org_head_lengths, lex.org_head_finals):
                new = Candidate(s, e, "ORG", rule.id, rule.priority)
                ctx.take(s, e)
                winners.append(new)
                by_start[s] = new
    for cand in list(winners):
        if cand.label != "ORG" or cand.start < 3:
            continue
        head = text[max(0, cand.start - 6):cand.start]
        m = cues.open_before.search(head)
        if not m:
            continue
        paren = cand.start - (len(head) - m.start())
        j = ctx.end_index.get(paren)
        if j is None or j in by_start or 1 in ctx.taken[ctx.starts[j]:paren]:
            continue
        w = ctx.words[j]
        if not w.isalnum() or w in lex.org_stop:
            continue
        k = extend_left(ctx, j, 4)
        s = ctx.starts[k]
        if 1 in ctx.taken[s:paren]:
            s = ctx.starts[j]
        new = Candidate(s, paren, "ORG", rule.id, rule.priority, None, (text[cand.start:cand.end],))
        ctx.take(s, paren)
        winners.append(new)
        by_start[s] = new
        cand.aliases = tuple(dict.fromkeys(cand.aliases + (text[s:paren],)))
