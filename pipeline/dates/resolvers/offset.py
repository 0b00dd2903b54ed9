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
    """A count of units before or after the anchor (3年前, 两个月后, 10天之后): the year, month, ISO week or day it lands on (半个月前: 15 days, APPROX); clock units stay empty."""
    g = c.g
    n = lex.num(g["N"])
    unit = lex["unit"].get(g["U"]) or lex["set_unit"][g["U"]]  # 日 of 两日前 is a set_unit word
    sign = lex["direction"][g["dir"]]
    mod = "MORE_THAN" if "more" in g or "cmore" in g else ""
    if n is None or anchor is None or unit in ("TH", "TM", "TS"):
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
