"""The offset resolver: a count of units before or after the anchor (3年前, 两个月后, 10天之后)."""
from __future__ import annotations

import datetime as dt

from ...registry import date_resolvers
from ..lexicon import DateLexicon
from ..model import Candidate, Ref, Resolution
from ..periods import add_months


@date_resolvers.register("offset", lists=["unit", "set_unit", "direction"])
def offset(lex: DateLexicon, c: Candidate, anchor: dt.date | None, last: Ref | None,
           anchor_iso: str) -> Resolution | None:
    """A count of units before or after the anchor (3年前, 两个月后, 10天之后): the year, month, ISO week or day it lands on (半个月前: 15 days, APPROX); clock units stay empty. 'After' counts from the last date written out before it when that date is fine enough (2019年3月5日……两周后: TIMEX3 'later' is anchored to the story's time), 'before' always from the anchor (three days ago)."""
    g = c.g
    n = lex.num(g["N"])
    unit = lex["unit"].get(g["U"]) or lex["set_unit"][g["U"]]  # 日 of 两日前 is a set_unit word
    sign = lex["direction"][g["dir"]]
    mod = "MORE_THAN" if "more" in g or "cmore" in g or "more2" in g else ""
    if n is None or anchor is None or unit in ("TH", "TQ", "TM", "TS"):
        return Resolution(mod=mod)
    if "half" in g:
        n += 0.5
    if unit == "Q":
        unit, n = "M", n * 3
    if unit == "Y" and not float(n).is_integer():
        unit, n = "M", n * 12
    if unit == "W" and not float(n).is_integer():
        unit, n = "D", n * 7
    if unit == "M" and not float(n).is_integer():  # 半个月前, 一个半月后: 15 and 45 days, about
        unit, n, mod = "D", round(n * 30), mod or "APPROX"
    if not float(n).is_integer():
        return Resolution(mod=mod)
    n = int(n) * sign
    base = _base(anchor, anchor_iso, last, unit, sign)
    if base is None:  # 1998年……三个月后: from a day of 1998 no one can tell, and not from publication
        return Resolution(mod=mod)
    anchor, anchor_iso = base
    if unit == "Y":
        y = anchor.year + n
        return Resolution(value=f"{y:04d}", mod=mod, anchor=anchor_iso, ref=Ref(y))
    if unit == "M":
        y, m = add_months(anchor.year, anchor.month, n)
        return Resolution(value=f"{y:04d}-{m:02d}", mod=mod, anchor=anchor_iso, ref=Ref(y, m))
    if unit == "W":
        day = anchor + dt.timedelta(weeks=n)
        iy, iw, _ = day.isocalendar()
        return Resolution(value=f"{iy:04d}-W{iw:02d}", mod=mod, anchor=anchor_iso)
    day = anchor + dt.timedelta(days=n)
    return Resolution(value=day.isoformat(), mod=mod, anchor=anchor_iso, ref=Ref(day.year, day.month, day.day))


def _base(anchor: dt.date, anchor_iso: str, last: Ref | None, unit: str, sign: int) -> tuple[dt.date, str] | None:
    """The day an offset counts from: the last date written out in the text for 'after' (三年后 after
    2010年 is 2013) when it names the offset's unit (a day for days and weeks), else the anchor. None
    when that date is too coarse and of another year than the anchor's (1998年……三个月后): the story's
    time is known only to the year, so the offset has no value."""
    if sign < 0 or last is None or last.relative:
        return anchor, anchor_iso
    if unit == "Y" or (unit == "M" and last.m is not None) or last.d is not None:
        return dt.date(last.y, last.m or 1, last.d or 1), last.iso()
    return (anchor, anchor_iso) if last.y == anchor.year else None
