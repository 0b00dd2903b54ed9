"""Week resolvers: weeks relative to the anchor (week), and the nth week or weekday of a month or year (nth)."""
from __future__ import annotations

import datetime as dt

from ...registry import date_resolvers
from ..lexicon import DateLexicon
from ..model import Candidate, Ref, Resolution
from ..periods import add_months
from .calendar import calendar


@date_resolvers.register("week", lists=["week_prefix", "weekday", "not_weekday"])
def week(lex: DateLexicon, c: Candidate, anchor: dt.date | None, last: Ref | None,
         anchor_iso: str) -> Resolution | None:
    """Weeks and weekdays relative to the anchor (本周, 下周三, 上个星期五, 周末): an ISO week, a day, or a weekend; a bare 周末 is the weekend nearest publication (the one just past on a Monday or Tuesday, else the coming one)."""
    g = c.g
    if g.get("ww", "") + g.get("W", "") in lex["not_weekday"]:
        return None  # 周天 is not a weekday name
    if anchor is None:
        return Resolution()
    off = lex["week_prefix"][g["wrel"]] if "wrel" in g else 0
    wd = lex["weekday"][g["W"]] if "W" in g else None
    if wd == "WE" and "wrel" not in g and anchor.isoweekday() <= 2:
        off = -1  # a bare 周末 in news of a Monday or Tuesday is the weekend just past
    monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=off)
    iy, iw, _ = monday.isocalendar()
    if wd == "WE":
        return Resolution(value=f"{iy:04d}-W{iw:02d}-WE", anchor=anchor_iso)
    if wd is not None:
        day = monday + dt.timedelta(days=int(wd) - 1)
        return Resolution(value=day.isoformat(), anchor=anchor_iso, ref=Ref(day.year, day.month, day.day))
    return Resolution(value=f"{iy:04d}-W{iw:02d}", anchor=anchor_iso)


@date_resolvers.register("nth", lists=["weekday", "set_unit"])
def nth(lex: DateLexicon, c: Candidate, anchor: dt.date | None, last: Ref | None,
        anchor_iso: str) -> Resolution | None:
    """The nth (or last) week or weekday of the month or year before it (3月第三周, 八月份的第一个周二, 今年第37周)."""
    g = c.g
    period = Candidate(c.start, c.end, c.rule, {k: v for k, v in g.items() if k in ("Y", "yrel", "M", "mrel", "mana")})
    base = calendar(lex, period, anchor, last, anchor_iso)
    if base is None or base.ref is None:
        return Resolution()
    y, m = base.ref.y, base.ref.m
    try:
        first = dt.date(y, m or 1, 1)
        end = dt.date(y, 12, 31) if m is None else dt.date(*add_months(y, m, 1), 1) - dt.timedelta(days=1)
    except (ValueError, OverflowError):  # a year outside 1..9999
        return Resolution()
    wd = lex["weekday"].get(g.get("W", ""))
    if wd == "WE":
        return Resolution()
    n = None if "last" in g else lex.integer(g.get("N"))
    if "last" not in g and not n:
        return Resolution()
    if "nu" in g:
        return _nth_unit(lex, g, n, first, end, base.anchor)
    if wd is not None:  # a weekday: count those days in the period
        if "last" in g:
            day = end - dt.timedelta(days=(end.isoweekday() - int(wd)) % 7)
        else:
            day = first + dt.timedelta(days=(int(wd) - first.isoweekday()) % 7 + 7 * (n - 1))
        if day > end:
            return Resolution()
        return Resolution(value=day.isoformat(), anchor=base.anchor, ref=Ref(day.year, day.month, day.day))
    if m is None:  # the nth week of a year: the ISO week
        try:
            dt.date.fromisocalendar(y, n or 52, 1)
        except ValueError:
            return Resolution()
        return Resolution(value=f"{y:04d}-W{(n or 52):02d}", anchor=base.anchor)
    # A month's nth week: the ISO week holding its day 1 + 7(n-1); the last: the week of its last day.
    day = end if "last" in g else first + dt.timedelta(days=7 * (n - 1))
    if day > end:
        return Resolution()
    iy, iw, _ = day.isocalendar()
    return Resolution(value=f"{iy:04d}-W{iw:02d}", anchor=base.anchor)


def _nth_unit(lex: DateLexicon, g: dict[str, str], n: int | None, first: dt.date, end: dt.date,
              used: str) -> Resolution:
    """The nth (or last) month or day of a period (明年第九个月, 2024年的第10天, 2019年的最后一天)."""
    if lex["set_unit"].get(g["nu"]) == "M":
        if first.month != 1 or end.month != 12 or (n or 12) > 12:
            return Resolution()  # months are counted in a year only
        m = n or 12
        return Resolution(value=f"{first.year:04d}-{m:02d}", anchor=used, ref=Ref(first.year, m))
    day = end if n is None else first + dt.timedelta(days=n - 1)
    if day > end:
        return Resolution()
    return Resolution(value=day.isoformat(), anchor=used, ref=Ref(day.year, day.month, day.day))
