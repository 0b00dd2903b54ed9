"""Calendar arithmetic the resolvers share: months, ISO 8601 durations."""
from __future__ import annotations

import calendar
import datetime as dt
import re


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    """(year, month) n months after (or before) month m of year y."""
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def period(n: float | int | None, unit: str) -> str:
    """ISO 8601 duration; X for an unknown count (几个月 -> PXM); halves go to the next unit down."""
    if unit == "Q":
        unit, n = "M", None if n is None else n * 3
    elif unit == "TQ":  # 一刻钟: a quarter of an hour
        unit, n = "TM", None if n is None else n * 15
    down = {"Y": ("M", 12), "D": ("TH", 24), "TH": ("TM", 60), "W": ("D", 7), "TM": ("TS", 60)}
    if n is not None and not float(n).is_integer() and unit in down:
        unit, factor = down[unit]
        n = n * factor
    if n is None:
        count = "X"
    elif float(n).is_integer():
        count = str(int(n))
    else:
        count = f"{n:g}"
    return f"PT{count}{unit[1]}" if unit.startswith("T") else f"P{count}{unit}"


_PERIOD_PART = re.compile(r"(\d+)([YMWDHS])")
_PERIOD_UNITS = ("Y", "M", "W", "D", "TH", "TM", "TS")


def add_periods(values: list[str]) -> str:
    """One ISO 8601 duration from several (P2Y + P6M -> P2Y6M); '' when one is vague or fractional."""
    total: dict[str, int] = {}
    for value in values:
        date_part, _t, time_part = value.removeprefix("P").partition("T")
        if not value.startswith("P") or re.search(r"[X.]", value):
            return ""
        for n, unit in _PERIOD_PART.findall(date_part):
            total[unit] = total.get(unit, 0) + int(n)
        for n, unit in _PERIOD_PART.findall(time_part):
            total["T" + unit] = total.get("T" + unit, 0) + int(n)
    days = "".join(f"{total[u]}{u}" for u in _PERIOD_UNITS[:4] if u in total)
    clock = "".join(f"{total[u]}{u[1]}" for u in _PERIOD_UNITS[4:] if u in total)
    return "P" + days + (f"T{clock}" if clock else "")


_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})|-W(\d{2}))?")


def same_day(period: str, anchor: dt.date) -> str:
    """The anchor's day in a year, month or ISO week (去年的今天, 下个月的今天, 上周的今天); '' for another value."""
    m = _PERIOD.fullmatch(period)
    if m is None:
        return ""
    y = int(m[1])
    try:
        if m[3]:
            return dt.date.fromisocalendar(y, int(m[3]), anchor.isoweekday()).isoformat()
        month = int(m[2]) if m[2] else anchor.month
        return dt.date(y, month, min(anchor.day, calendar.monthrange(y, month)[1])).isoformat()
    except ValueError:
        return ""


def since_value(start: str, anchor: dt.date | None, yearless: bool) -> str:
    """``start/anchor`` for 2018年至今; a yearless start after the anchor (8月以来 in May) is last year's."""
    if anchor is None:
        return f"{start}/PRESENT_REF"
    if yearless and start[:4].isdigit() and start[4:5] == "-" and start[5:] > anchor.isoformat()[5:len(start)]:
        start = f"{int(start[:4]) - 1:04d}{start[4:]}"
    if start > anchor.isoformat():
        return ""
    return f"{start}/{anchor.isoformat()}"
