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
  Julian computus, given as a Gregorian date);
- ``H7-10``: Hebrew month 7 (Tishri; Nisan is 1, Adar 12, read as Adar II in a leap year), day 10:
  赎罪日. The Hebrew calendar is arithmetic (the fixed rules of Hillel II, as in Dershowitz and
  Reingold's *Calendrical Calculations*); the day is the daytime one (the feast begins at the sunset before);
- ``I10-1``: Islamic (Hijri) month 10, day 1: 开斋节. The tabular (arithmetic) Islamic calendar: where
  a country starts the month on the sighted moon the feast can fall a day off;
- any spec may end in ``*N``, a feast of N days (光明节 ``H9-25*8``): its value is the range of those days.
"""
from __future__ import annotations

import datetime as dt
import functools
import re

from borax.calendars.lunardate import LCalendars, LunarDate, TermUtils
from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

_SPEC = re.compile(r"(?:L(\d{1,2})-(\d{1,2})|S(\d{1,2})-(\d{1,2})|T([^\s*]+)|W(\d{1,2})-([1-7])-([1-5])"
                   r"|([EO])([+-]?\d{1,2})|([HI])(\d{1,2})-(\d{1,2}))(?:\*(\d{1,2}))?")
HEBREW_EPOCH, ISLAMIC_EPOCH = -1373427, 227015  # day numbers (date.toordinal) of 1 Tishri AM 1 and 1 Muharram AH 1


def valid_spec(spec: str) -> bool:
    return isinstance(spec, str) and _SPEC.fullmatch(spec) is not None


def festival_length(spec: str) -> int:
    """How many days the feast lasts (``*N`` at the end of its spec; 1 without)."""
    m = _SPEC.fullmatch(spec)
    return int(m[14]) if m and m[14] else 1


def _hebrew_elapsed(year: int) -> int:
    months = (235 * year - 234) // 19
    days = 29 * months + (12084 + 13753 * months) // 25920
    return days + 1 if (3 * (days + 1)) % 7 < 3 else days  # molad delays


def _hebrew_new_year(year: int) -> int:
    ny0, ny1, ny2 = _hebrew_elapsed(year - 1), _hebrew_elapsed(year), _hebrew_elapsed(year + 1)
    return HEBREW_EPOCH + ny1 + (2 if ny2 - ny1 == 356 else 1 if ny1 - ny0 == 382 else 0)


def _hebrew_month_days(year: int, month: int) -> int:
    length = _hebrew_new_year(year + 1) - _hebrew_new_year(year)
    leap = (7 * year + 1) % 19 < 7
    short = (month in (2, 4, 6, 10, 13) or (month == 12 and not leap) or (month == 8 and length % 10 != 5)
             or (month == 9 and length % 10 == 3))
    return 29 if short else 30


def hebrew_day(year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of a Hebrew date (month 1 is Nisan; Adar, 12, is Adar II in a leap year)."""
    leap = (7 * year + 1) % 19 < 7
    if month == 12 and leap:
        month = 13
    before = list(range(7, 14 if leap else 13)) + list(range(1, month)) if month < 7 else range(7, month)
    return dt.date.fromordinal(_hebrew_new_year(year) + day - 1 + sum(_hebrew_month_days(year, k) for k in before))


def islamic_day(year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of a date of the tabular Islamic calendar."""
    return dt.date.fromordinal(ISLAMIC_EPOCH - 1 + (year - 1) * 354 + (3 + 11 * year) // 30 + 29 * (month - 1)
                               + month // 2 + day)


def _other_calendar_day(kind: str, month: int, day: int, year: int) -> dt.date | None:
    """The Hebrew (H) or Islamic (I) feast that falls in Gregorian ``year`` (the first, if two do)."""
    if kind == "H":
        candidates = [hebrew_day(year + 3760, month, day), hebrew_day(year + 3761, month, day)]
    else:
        guess = (year - 622) * 33 // 32
        candidates = [islamic_day(y, month, day) for y in range(guess - 1, guess + 3)]
    return next((d for d in candidates if d.year == year), None)


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
    if m is None or not 1 <= year <= 9998:
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
        if m[11]:
            return _other_calendar_day(m[11], int(m[12]), int(m[13]), year)
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
