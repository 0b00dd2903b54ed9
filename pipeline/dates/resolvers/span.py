"""The span resolver: N units before or after the anchor as one range (上两周, 后三个月, 过去十年, 未来两天)."""
from __future__ import annotations

import calendar as _cal
import datetime as dt

from ...registry import date_resolvers
from ..lexicon import DateLexicon
from ..model import Candidate, Ref, Resolution
from ..periods import add_months, period

DAY = dt.timedelta(days=1)


def _shift(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, kept inside the month it lands in (Mar 31 - 1 month = Feb 28)."""
    y, m = add_months(day.year, day.month, months)
    return dt.date(y, m, min(day.day, _cal.monthrange(y, m)[1]))


def _rolling(unit: str, n: int, sign: int, anchor: dt.date) -> str:
    """The n units counted from the anchor day, the anchor day left out (过去十年, 未来两天)."""
    if unit in ("D", "W"):
        far = anchor + sign * n * (7 if unit == "W" else 1) * DAY
    else:
        far = _shift(anchor, sign * n * {"Y": 12, "M": 1, "Q": 3}[unit])
    first, last = (far, anchor - DAY) if sign < 0 else (anchor + DAY, far)
    return f"{first.isoformat()}/{last.isoformat()}"


def _whole(unit: str, n: int, sign: int, anchor: dt.date) -> tuple[str, Ref]:
    """The n whole calendar units before or after the anchor's own (上两周, 前两年, 后三个月)."""
    lo, hi = (-n, -1) if sign < 0 else (1, n)
    if unit == "Y":
        a, b = anchor.year + lo, anchor.year + hi
        return (f"{a:04d}" if a == b else f"{a:04d}/{b:04d}"), Ref(b)
    if unit in ("M", "Q"):
        if unit == "Q":
            base = anchor.year * 12 + (anchor.month - 1) // 3 * 3
            qa, qb = (base + 3 * lo), (base + 3 * hi)
            ends = [f"{k // 12:04d}-Q{k % 12 // 3 + 1}" for k in (qa, qb)]
            return (ends[0] if qa == qb else "/".join(ends)), Ref(qb // 12)
        (ya, ma), (yb, mb) = add_months(anchor.year, anchor.month, lo), add_months(anchor.year, anchor.month, hi)
        a, b = f"{ya:04d}-{ma:02d}", f"{yb:04d}-{mb:02d}"
        return (a if a == b else f"{a}/{b}"), Ref(yb, mb)
    if unit == "W":
        monday = anchor - dt.timedelta(days=anchor.weekday())
        weeks = [(monday + dt.timedelta(weeks=k)).isocalendar() for k in (lo, hi)]
        a, b = (f"{iy:04d}-W{iw:02d}" for iy, iw, _ in weeks)
        return (a if a == b else f"{a}/{b}"), Ref(weeks[1][0])
    first, last = anchor + lo * DAY, anchor + hi * DAY
    value = first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}"
    return value, Ref(last.year, last.month, last.day)


@date_resolvers.register("span", lists=["span_free", "span_clause", "unit", "set_unit"])
def span(lex: DateLexicon, c: Candidate, anchor: dt.date | None, last: Ref | None,
         anchor_iso: str) -> Resolution | None:
    """N units before or after the anchor as one range (上两周, 后三个月, 过去十年, 未来两天): whole calendar units or days counted from the anchor, as the span word says; without an anchor or with a vague count, the duration."""
    g = c.g
    sign, how = lex["span_free"].get(g["rspan"]) or lex["span_clause"][g["rspan"]]
    whole = how == "WHOLE"
    unit = lex["unit"].get(g["U"]) or lex["set_unit"].get(g["U"], "W")  # 月 of 后三月
    n = lex.num(g["N"])
    if n is not None and "half" in g:
        n += 0.5
    if n is not None and not float(n).is_integer() and unit in ("Y", "Q"):
        unit, n = "M", n * (12 if unit == "Y" else 3)
    if anchor is None or n is None or not float(n).is_integer() or n < 1 or "more" in g \
            or unit not in ("Y", "Q", "M", "W", "D"):
        return Resolution(value=period(n, unit), type="DURATION",
                          mod="MORE_THAN" if "more" in g else "")
    if whole:
        value, ref = _whole(unit, int(n), sign, anchor)
        return Resolution(value=value, anchor=anchor_iso, ref=ref)
    return Resolution(value=_rolling(unit, int(n), sign, anchor), anchor=anchor_iso)
