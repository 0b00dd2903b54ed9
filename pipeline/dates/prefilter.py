"""Where a date can start: the characters (and next character) each rule can start with, read from
its parsed pattern at load, make one trigger regex that skips the rest of the text at C speed, and a
dispatch table from those characters to the rules worth trying there.

This reads the parse trees of Python's ``re`` (``re._parser``): a pattern it cannot bound is refused
at load (R116), and an open one only makes the trigger stop more often, never miss a match.
"""
from __future__ import annotations

import re

_ANY = None  # "any character may follow"


class _Unbounded(Exception):
    """A pattern item too open to list the characters it can match."""


def _chars(op, av) -> set[str]:
    """The characters a parsed LITERAL or IN (character class) item matches; a negated or very wide
    class raises _Unbounded."""
    import re._constants as C

    if op is C.LITERAL:
        return {chr(av)}
    out: set[str] = set()
    for o, a in av:
        if o is C.LITERAL:
            out.add(chr(a))
        elif o is C.RANGE and a[1] - a[0] < 5000:
            out.update(chr(x) for x in range(a[0], a[1] + 1))
        else:
            raise _Unbounded
    return out


def parse(pattern: str):
    """The parse tree of ``pattern`` (Python's ``re._parser``): parsed once at load, read by
    ``prefixes`` and ``number_follow``. None before Python 3.11."""
    try:
        import re._parser as P
    except ImportError:  # pragma: no cover - Python < 3.11
        return None
    return P.parse(pattern)


def prefixes(pattern, k: int = 2) -> set[tuple[str, ...]] | None:
    """Every string of up to ``k`` characters a match can start with; None when that is unbounded.
    ``pattern`` is a regex or its parse tree (``parse``).

    A tuple shorter than k means the match can end there (so anything may follow). Lookarounds
    are zero width and ignored, which only ever widens the set.
    """
    try:
        import re._constants as C
        import re._parser as P
    except ImportError:  # pragma: no cover - Python < 3.11
        return None
    limit = 20000

    def cat(a: set, b: set) -> set:
        out = {x for x in a if len(x) == k}
        for x in a:
            if len(x) < k:
                out.update((x + y)[:k] for y in b)
        if len(out) > limit:
            raise OverflowError
        return out

    def seq(items) -> set:
        acc = {()}
        for op, av in items:
            acc = cat(acc, item(op, av))
            if all(len(x) == k for x in acc):
                break
        return acc

    def item(op, av) -> set:
        if op in (C.LITERAL, C.IN):
            return {(c,) for c in _chars(op, av)}
        if op is C.SUBPATTERN:
            return seq(av[-1].data)
        if op is C.ATOMIC_GROUP:
            return seq(av.data)
        if op is C.BRANCH:
            out: set = set()
            for branch in av[1]:
                out |= seq(branch.data)
            return out
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            one = seq(sub.data)
            out, cur = set(), {()}
            for n in range(0, min(hi, k) + 1):
                if n >= min(lo, k):
                    out |= cur
                cur = cat(cur, one)
            return out
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            return {()}
        return {("*",)}  # a back reference or the like: any character

    try:
        found = seq((P.parse(pattern) if isinstance(pattern, str) else pattern).data)
    except (OverflowError, _Unbounded):
        return None
    return None if () in found else found


_DIGITS = "0123456789０１２３４５６７８９"


def number_follow(patterns: list) -> tuple[set[str], set[int]] | None:
    """Characters that can come right after a leading number (年 in 2023年, - in 2023-07-19), and
    the lengths of the bare numbers a pattern can match (8: 20240307).

    A digit run followed by none of them (3000名, 120亿) and of none of those lengths cannot start
    a match, so the trigger skips it. None when some pattern is too open to tell. The union of
    ``number_follow_one`` over the patterns (``combine_follow``).
    """
    return combine_follow([number_follow_one(pattern) for pattern in patterns])


def combine_follow(parts: list) -> tuple[set[str], set[int]] | None:
    """``number_follow`` of patterns from their ``number_follow_one`` answers."""
    follow: set[str] = set()
    bare: set[int] = set()
    for part in parts:
        if part is None:
            return None
        chars, length = part
        follow.update(chars)
        if length is not None:
            bare.add(length)
    return follow, bare


def number_follow_one(pattern) -> tuple[frozenset[str], int | None] | None:
    """For one pattern (a regex or its parse tree): the characters that can follow a leading number,
    and the length of the bare number it can match (None when it matches none); None when the
    pattern is too open to tell. Walks the parsed pattern with two states: nothing read yet (0),
    only digits read (1)."""
    import re._constants as C
    import re._parser as P

    digits = set(_DIGITS)
    follow: set[str] = set()

    def seq(items, states: set[int]) -> set[int]:
        for op, av in items:
            states = set().union(*(item(op, av, st) for st in states)) if states else set()
            if not states:
                break
        return states

    def item(op, av, st: int) -> set[int]:
        if op in (C.LITERAL, C.IN):
            chars = _chars(op, av)
            if st == 1:
                follow.update(chars - digits)
            return {1} if chars & digits else set()
        if op is C.SUBPATTERN:
            return seq(av[-1].data, {st})
        if op is C.ATOMIC_GROUP:
            return seq(av.data, {st})
        if op is C.BRANCH:
            return set().union(*(seq(b.data, {st}) for b in av[1]))
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            out, cur = set(), {st}
            for n in range(min(hi, 6) + 1):
                if n >= min(lo, 6):
                    out |= cur
                cur = seq(sub.data, cur)
                if not cur:
                    break
            return out | (cur if hi > 6 else set())
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            return {st}
        raise _Unbounded

    parsed = P.parse(pattern) if isinstance(pattern, str) else pattern
    try:
        bare_number = 1 in seq(parsed.data, {0})
    except _Unbounded:
        return None
    if not bare_number:
        return frozenset(follow), None
    low, high = parsed.getwidth()
    if low != high:
        return None  # a bare number of open length: no digit run can be skipped
    return frozenset(follow), low


def trigger(starts: list[frozenset[tuple[str, ...]]], digits_follow: tuple[set[str], set[int]] | None) -> re.Pattern:
    """One regex finding the places where some rule could start (a character, often with the next).

    It starts with one character class, so the engine skips to those characters at C speed (a
    branch per starting character, each starting with its literal, made every stop try them all:
    festivals start with common characters such as 中 and 国); a lookbehind on that character then
    picks the characters that may follow it. A match never starts right after a digit: every
    number in the patterns is guarded against that.
    """
    follow: dict[str, set[str] | None] = {}
    for pre in starts:
        for p in pre:
            ch = p[0]
            if len(p) == 1:
                follow[ch] = _ANY
            elif ch not in follow:
                follow[ch] = {p[1]}
            elif follow[ch] is not _ANY:
                follow[ch].add(p[1])

    def chars(cs) -> str:
        return "[" + "".join(re.escape(c) for c in sorted(cs)) + "]"

    digits = {ch for ch in follow if ch in _DIGITS}
    anywhere = {ch for ch in follow if follow[ch] is _ANY and ch not in digits}
    paired = {ch for ch in follow if follow[ch] is not _ANY and ch not in digits}
    parts = []
    if anywhere:
        parts.append(f"(?<={chars(anywhere)})")
    for firsts, nxt in _pair_groups({ch: follow[ch] for ch in paired}):
        parts.append(f"(?<={chars(firsts)})" + chars(nxt))
    if digits:
        part = f"(?<={chars(digits)})(?<![{_DIGITS}].)"
        if digits_follow is not None:
            follow_chars, bare = digits_follow
            ahead = [f"[{_DIGITS}]*" + chars(follow_chars)]
            ahead += [f"[{_DIGITS}]{{{n - 1}}}(?![{_DIGITS}])" for n in sorted(bare)]
            part += "(?=" + "|".join(ahead) + ")"
        parts.append(part)
    return re.compile(chars(follow) + "(?:" + "|".join(parts) + ")")


def _pair_groups(follow: dict[str, set[str]], most: int = 10) -> list[tuple[set[str], set[str]]]:
    """A few groups of starting characters, each with the union of what may follow them.

    Each group is one branch of the trigger: fewer branches make each stop cheaper, looser unions
    make more stops. Characters join the group whose follow set they share most of.
    """
    groups: list[tuple[set[str], set[str]]] = []
    for ch in sorted(follow, key=lambda c: (-len(follow[c]), c)):
        nxt = follow[ch]
        best = max(groups, key=lambda g: (len(g[1] & nxt) - len(nxt - g[1]), -len(g[1])), default=None)
        if best is not None and (len(groups) >= most or not nxt - best[1]):
            best[0].add(ch)
            best[1].update(nxt)
        else:
            groups.append(({ch}, set(nxt)))
    return groups


def dispatch_keys(starts: list[frozenset[tuple[str, ...]]]) -> dict[str, tuple[int, ...]]:
    """The first one or two characters of a place -> the indexes of the rules worth trying there,
    in file order (a two-character key also takes the rules that only fix its first character)."""
    keys: dict[str, list[int]] = {}
    for k, pre in enumerate(starts):
        for p in pre:
            keys.setdefault("".join(p), []).append(k)
    dispatch: dict[str, tuple[int, ...]] = {}
    for key, ks in keys.items():
        if len(key) == 2:
            ks = ks + keys.get(key[0], [])
        dispatch[key] = tuple(sorted(set(ks)))
    return dispatch
