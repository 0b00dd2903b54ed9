"""First and last calendar day of a TIMEX3 value, for the ``start_date`` / ``end_date`` columns.

A TIMEX3 ``value`` such as ``2025-W07`` or ``2025-Q3`` is exact but opaque to pandas and Excel;
``bounds`` turns it into the interval of days it denotes, so a user can filter and sort on plain
dates. The rules:

- a point gives the days it covers: ``2025`` -> 2025-01-01..2025-12-31, ``2025-02`` -> the
  whole month, ``2025-02-14T09:30`` -> that day;
- weeks are ISO weeks (Monday to Sunday), ``-WE`` the weekend of that week;
- quarters (``Q1``-``Q4``), halves (``H1``, ``H2``), seasons of the northern hemisphere
  (``SP`` March-May, ``SU`` June-August, ``FA`` September-November, ``WI`` December to
  February of the next year), a decade ``202`` and a century ``20`` give their calendar span;
- a range ``A/B`` runs from the first day of A to the last day of B;
- anything not anchored to the calendar (durations ``P3M``, ``XXXX-XX-15``, ``PRESENT_REF``,
  an empty value) has no bounds: ``(None, None)``.

``mod`` (START, MID, END, APPROX …) qualifies the value and does not narrow the interval: 月底 is
``2025-03`` with mod END and spans the month, so a filter never loses it.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

__all__ = ["bounds"]

_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # WI runs into the next year
_POINT = re.compile(
    r"(?P<year>\d{4})"
    r"(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?(?:T.*)?"
    r"|Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<season>SP|SU|FA|WI)"
    r"|W(?P<week>\d{2})(?:-(?P<weekday>[1-7]|WE))?))?$")
_DECADE = re.compile(r"(?P<decade>\d{3})$")
_CENTURY = re.compile(r"(?P<century>\d{2})$")


def _month_span(year: int, first_month: int, last_month: int) -> tuple[dt.date, dt.date]:
    last_year, last_month = year + (last_month - 1) // 12, (last_month - 1) % 12 + 1
    last_day = calendar.monthrange(last_year, last_month)[1]
    return dt.date(year, first_month, 1), dt.date(last_year, last_month, last_day)


def _point_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    match = _POINT.match(value)
    if match:
        year = int(match["year"])
        if match["day"]:
            day = dt.date(year, int(match["month"]), int(match["day"]))
            return day, day
        if match["month"]:
            month = int(match["month"])
            return _month_span(year, month, month)
        if match["quarter"]:
            quarter = int(match["quarter"])
            return _month_span(year, 3 * quarter - 2, 3 * quarter)
        if match["half"]:
            half = int(match["half"])
            return _month_span(year, 6 * half - 5, 6 * half)
        if match["season"]:
            return _month_span(year, *_SEASONS[match["season"]])
        if match["week"]:
            monday = dt.date.fromisocalendar(year, int(match["week"]), 1)
            weekday = match["weekday"]
            if weekday == "WE":
                return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
            if weekday:
                day = monday + dt.timedelta(days=int(weekday) - 1)
                return day, day
            return monday, monday + dt.timedelta(days=6)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    match = _DECADE.match(value)
    if match:
        first = int(match["decade"]) * 10
        return dt.date(max(first, 1), 1, 1), dt.date(first + 9, 12, 31)
    match = _CENTURY.match(value)
    if match:
        first = int(match["century"]) * 100
        return dt.date(max(first, 1), 1, 1), dt.date(first + 99, 12, 31)
    return None


def bounds(value: str | None) -> tuple[str | None, str | None]:
    """``(start_date, end_date)`` as ISO ``YYYY-MM-DD`` strings, or ``(None, None)``.

    >>> bounds("2025-Q3")
    ('2025-07-01', '2025-09-30')
    >>> bounds("2008/2018")
    ('2008-01-01', '2018-12-31')
    >>> bounds("P3M")
    (None, None)
    """
    if not value:
        return None, None
    first, _, last = value.partition("/")
    try:
        start = _point_bounds(first)
        end = _point_bounds(last) if last else start
    except ValueError:  # 2025-02-30, week 54: a value the calendar does not have
        return None, None
    if start is None or end is None or end[1] < start[0]:
        return None, None
    return start[0].isoformat(), end[1].isoformat()
