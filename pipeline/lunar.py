"""Chinese lunar calendar and festival days as Gregorian dates, through borax.

borax (MIT, pure Python, no dependencies) holds the lunar month tables for 1900-2100, leap months
and the 24 solar terms; zhnews only says which lunar or Gregorian day a festival is. A festival is
written in rules/dates/lexicon.yaml (table ``festival``) as one of:

- ``L1-15``: lunar month 1, day 15 (元宵); ``L12-0`` is the last day of lunar month 12 (除夕);
- ``S10-1``: Gregorian October 1 (国庆节);
- ``T清明``: the day of a solar term;
- ``W5-7-2``: in Gregorian May, the 2nd weekday 7 (Sunday): 母亲节;
- ``E-2``: days from Western Easter (耶稣受难日 is two days before it), ``O0`` from Orthodox Easter,
  both computed by python-dateutil's ``easter`` (the Gregorian computus; Orthodox Easter from the
  Julian computus, given as a Gregorian date).
"""
from __future__ import annotations

import datetime as dt
import functools
import re

from borax.calendars.lunardate import LCalendars, LunarDate, TermUtils
from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

_SPEC = re.compile(r"L(\d{1,2})-(\d{1,2})|S(\d{1,2})-(\d{1,2})|T(\S+)|W(\d{1,2})-([1-7])-([1-5])"
                   r"|([EO])([+-]?\d{1,2})$")


def valid_spec(spec: str) -> bool:
    return isinstance(spec, str) and _SPEC.fullmatch(spec) is not None


@functools.lru_cache(maxsize=4096)  # the same festivals and years come back in every batch
def lunar_day(year: int, month: int, day: int, leap: bool = False) -> dt.date | None:
    """The Gregorian date of a lunar date; day 0 is the last day of the month. None when it does not exist."""
    try:
        if day == 0:
            day = LCalendars.ndays(year, month, int(leap))
        return LunarDate(year, month, day, int(leap)).to_solar_date()
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def lunar_month(year: int, month: int, leap: bool = False) -> tuple[dt.date, dt.date] | None:
    """First and last Gregorian day of a lunar month."""
    first, last = lunar_day(year, month, 1, leap), lunar_day(year, month, 0, leap)
    return (first, last) if first and last else None


@functools.lru_cache(maxsize=4096)
def festival_day(spec: str, year: int) -> dt.date | None:
    """The festival's day in Gregorian ``year`` (a lunar festival of the lunar year that falls in it)."""
    m = _SPEC.fullmatch(spec)
    if m is None:
        return None
    if m[1]:
        for lunar_year in (year, year - 1):
            day = lunar_day(lunar_year, int(m[1]), int(m[2]))
            if day is not None and day.year == year:
                return day
        return None
    try:
        if m[3]:
            return dt.date(year, int(m[3]), int(m[4]))
        if m[5]:
            return TermUtils.nth_term_day(year, term_name=m[5])
        if m[9]:
            day = easter(year, EASTER_WESTERN if m[9] == "E" else EASTER_ORTHODOX) + dt.timedelta(days=int(m[10]))
            return day if day.year == year else None
        month, weekday, nth = int(m[6]), int(m[7]), int(m[8])
        first = dt.date(year, month, 1)
        day = first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
        return day if day.month == month else None
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def nearest(days: list[dt.date | None], anchor: dt.date) -> dt.date | None:
    """The candidate closest to the anchor (a festival without a year is the one nearest publication)."""
    found = [d for d in days if d is not None]
    return min(found, key=lambda d: (abs((d - anchor).days), d)) if found else None
