"""Tense cues: the verb phrase around an underspecified date says which way from the anchor it lies.

A bare weekday (周一), a yearless month or day (3月5日, 5日) or a festival without a year is read
by a fixed window around the anchor (the anchor's week, the nearest occurrence). A future cue
before it (将于周一, 拟于3月5日) or after it (周一即将开幕) moves a date the window put before the
anchor to its next occurrence; a past cue (已于周五, 曾于, 周五举行了) moves one it put after the
anchor to its previous one. No cue, or cues both ways: the window's reading, unchanged. The cue
words are the tables tense_before, tense_after and not_tense_after of rules/dates/lexicon.yaml.
"""
from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange
from dataclasses import replace

from .lexicon import DateLexicon
from .loader import words_pattern
from .model import Candidate, Ref, Resolution
from .periods import add_months

_CLAUSE_END = re.compile(r"[，。；！？、,;!?：:\n（）()]")  # not quotes: “双11”即将来临
_MONTH_DAY = frozenset(("M", "D", "sep"))  # groups of a yearless month or day (3月5日, 3月, 3-5)
_FESTIVAL_YEAR = frozenset(("Y", "yrel", "yrel_short", "Z", "GZ"))  # a festival's year written out


class TenseCues:
    """The direction (+1 future, -1 past, 0 none) the words around an expression give it."""

    def __init__(self, lex: DateLexicon):
        self._lex = lex
        self._before = lex["tense_before"]
        self._after = lex["tense_after"]
        # longest first (words_pattern): 即将 before 将
        self._before_re = re.compile(words_pattern(self._before))
        self._after_re = re.compile(words_pattern(self._after))
        self._not_after_re = re.compile(words_pattern(lex["not_tense_after"]))
        self._wb = lex.settings["tense_window_before"]
        self._gap = lex.settings["tense_gap_before"]
        self._wa = lex.settings["tense_window_after"]

    def kind(self, c: Candidate) -> str:
        """What is underspecified in ``c``: 'week', 'year', 'month' or 'festival'; '' for the rest."""
        g = c.g
        if c.upto is not None or c.around is not None or not g:
            return ""
        res = c.rule.resolve
        if res == "week":
            wd = self._lex["weekday"].get(g.get("W", ""))
            return "week" if wd is not None and wd != "WE" and "wrel" not in g else ""
        if res == "calendar" and g.keys() <= _MONTH_DAY:
            return "year" if "M" in g else "month" if "D" in g else ""
        if res == "lunar" and ("F" in g or "LM" in g) and _FESTIVAL_YEAR.isdisjoint(g):
            return "festival"
        return ""

    def direction(self, text: str, c: Candidate) -> int:
        """The cue just before the expression (将于周一); else the first after it in its clause
        (周一即将开幕, 周五举行了), words such as 了解 or 为了 left out. 0 when there is none."""
        seg = text[max(0, c.start - self._wb):c.start]
        cut = None
        for cut in _CLAUSE_END.finditer(seg):
            pass
        if cut is not None:
            seg = seg[cut.end():]
        found = list(self._before_re.finditer(seg)) if seg else []
        if found and len(seg) - found[-1].end() <= self._gap:
            return self._before[found[-1].group()]
        seg = text[c.end:c.end + self._wa]
        cut = _CLAUSE_END.search(seg)
        if cut is not None:
            seg = seg[:cut.start()]
        if not seg:
            return 0
        seg = self._not_after_re.sub(lambda m: " " * len(m.group()), seg)
        m = self._after_re.search(seg)
        return self._after[m.group()] if m else 0


def steer(c: Candidate, kind: str, sign: int, res: Resolution, anchor: dt.date,
          resolve_in_year, slack: int = 0) -> Resolution:
    """``res`` moved to the occurrence on the side of the anchor ``sign`` says, when it is on the
    other side (将于周一 in a Tuesday article: next Monday, not yesterday); else ``res``.
    ``resolve_in_year(y)`` resolves a festival in lunar/calendar year ``y``. A yearless date or a
    festival less than ``slack`` days on the other side stays: a year's jump for a date a few days
    off is more often a late story or anchor (将于3月1日起施行 in a 3月5日 story) than next year's."""
    value = res.value
    if not value or res.ref is None:
        return res
    ref = res.ref
    if kind in ("year", "festival") and ref.d is not None \
            and abs((dt.date(ref.y, ref.m, ref.d) - anchor).days) < slack:
        return res
    if kind == "festival":
        return _festival(sign, res, anchor, resolve_in_year)
    if ref.d is None:  # a month alone (3月): compare months
        here = (ref.y, ref.m)
        now = (anchor.year, anchor.month)
        gap = (anchor - dt.date(ref.y, ref.m, monthrange(ref.y, ref.m)[1])).days if sign > 0 \
            else (dt.date(ref.y, ref.m, 1) - anchor).days
        if ((sign > 0 and here < now) or (sign < 0 and here > now)) and gap >= slack:
            y = ref.y + sign
            return _moved(res, Ref(y, ref.m), f"{y:04d}-{ref.m:02d}", 7)
        return res
    day = dt.date(ref.y, ref.m, ref.d)
    if not ((sign > 0 and day < anchor) or (sign < 0 and day > anchor)):
        return res
    if kind == "week":
        new = day + dt.timedelta(weeks=sign)
    elif kind == "year":
        if (ref.m, ref.d) == (2, 29):
            return res  # a leap day: its year was chosen for it
        new = dt.date(ref.y + sign, ref.m, ref.d)
    else:  # a day alone (5日): the next or previous month that has it
        y, m = add_months(ref.y, ref.m, sign)
        if ref.d > monthrange(y, m)[1]:
            return res
        new = dt.date(y, m, ref.d)
    return _moved(res, Ref(new.year, new.month, new.day), new.isoformat(), 10)


def _moved(res: Resolution, ref: Ref, head: str, n: int) -> Resolution:
    """``res`` with its first ``n`` characters of value replaced by ``head`` and its point by ``ref``."""
    return Resolution(value=head + res.value[n:], mod=res.mod, anchor=res.anchor, ref=ref, type=res.type,
                      note=res.note)


def _festival(sign: int, res: Resolution, anchor: dt.date, resolve_in_year) -> Resolution:
    """The festival's occurrence nearest the anchor on the side ``sign`` says, from the years around it."""
    ref = res.ref
    if ref.d is None:
        return res
    day = dt.date(ref.y, ref.m, ref.d)
    if not ((sign > 0 and day < anchor) or (sign < 0 and day > anchor)):
        return res
    best, best_day = res, None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        other = resolve_in_year(y)
        if other is None or other.ref is None or other.ref.d is None or not other.value:
            continue
        d = dt.date(other.ref.y, other.ref.m, other.ref.d)
        if (sign > 0 and d >= anchor) or (sign < 0 and d <= anchor):
            if best_day is None or abs((d - anchor).days) < abs((best_day - anchor).days):
                best, best_day = replace(other, anchor=res.anchor), d
    return best
