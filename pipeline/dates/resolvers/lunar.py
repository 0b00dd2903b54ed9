"""The lunar resolver: lunar dates and festivals as Gregorian days (through ``zhnews.lunar``)."""
from __future__ import annotations

import datetime as dt

from ... import lunar as lunar_calendar
from ...registry import date_resolvers
from ..lexicon import DateLexicon
from ..model import Candidate, Ref, Resolution


@date_resolvers.register("lunar", lists=["festival", "festival_region", "lunar_month", "lunar_day_prefix", "relative_year",
                                         "zodiac", "heavenly_stem", "earthly_branch"])
def lunar_date(lex: DateLexicon, c: Candidate, anchor: dt.date | None, last: Ref | None,
               anchor_iso: str) -> Resolution | None:
    """Lunar dates (农历八月十五, 腊月18, 大年初十, 闰六月) and festivals (中秋, 除夕, 母亲节) as Gregorian days; a lunar month alone is the range of its days.

    With a year: a lunar date is in that lunar year, a festival in that Gregorian year. Without
    one: the occurrence nearest the anchor (春节 in a December article is the coming one). A lunar
    year named by its animal or stem and branch (龙年, 甲辰年) is the range of its days; before a
    festival or lunar date it gives their lunar year (龙年除夕 is 2025-01-28).
    """
    g = c.g
    year, used = None, ""
    if "Z" in g or "GZ" in g:
        year = named_lunar_year(lex, g, anchor)
        if year is None:
            return Resolution()
        used = anchor_iso
        if "F" not in g and "LM" not in g and "LD" not in g and "M" not in g:
            first, nxt = lunar_calendar.lunar_day(year, 1, 1), lunar_calendar.lunar_day(year + 1, 1, 1)
            if first is None or nxt is None:
                return Resolution()
            return Resolution(value=f"{first.isoformat()}/{(nxt - dt.timedelta(days=1)).isoformat()}", anchor=used)
    elif "Y" in g:
        year = lex.integer(g["Y"])
        if year is not None and year < 100 and len(g["Y"].strip()) == 2:  # 24年春节: a two-digit year
            if anchor is None:
                return Resolution()
            latest = anchor.year + lex.settings["two_digit_year_ahead"]
            year, used = latest - (latest - year) % 100, anchor_iso
    elif "yrel" in g:
        if anchor is None:
            return Resolution()
        year, used = anchor.year + lex["relative_year"][g["yrel"]], anchor_iso
    if year is None and anchor is None:
        return Resolution()
    years = [year] if year is not None else [anchor.year - 1, anchor.year, anchor.year + 1]
    used = used or ("" if year is not None else anchor_iso)
    if "F" in g:
        spec = lex["festival_region"].get(c.region, {}).get(g["F"]) or lex["festival"][g["F"]]
        if ("Z" in g or "GZ" in g) and spec.startswith("L"):  # 龙年除夕: the festival of that lunar year
            m, _, d = spec[1:].partition("-")
            days = [lunar_calendar.lunar_day(year, int(m), int(d.split("*")[0]))]
        else:
            days = [lunar_calendar.festival_day(spec, y) for y in years]
        day = days[0] if year is not None else lunar_calendar.nearest(days, anchor)
        if day is None:
            return Resolution()
        length = lunar_calendar.festival_length(spec)
        if length > 1:  # a feast of several days (光明节, 斋月): the range of its days
            last_day = day + dt.timedelta(days=length - 1)
            return Resolution(value=f"{day.isoformat()}/{last_day.isoformat()}", anchor=used)
        return Resolution(value=day.isoformat(), anchor=used, ref=Ref(day.year, day.month, day.day))
    if "M" in g:
        month = lex.integer(g["M"])
    else:
        month = lex["lunar_month"][g["LM"]] if "LM" in g else 1  # 大年初十: the first month
    leap = "leap" in g
    if "LD" not in g:
        spans = [lunar_calendar.lunar_month(y, month, leap) for y in years]
        spans = [sp for sp in spans if sp]
        if not spans:
            return Resolution()
        first, end = spans[0] if year is not None else min(spans, key=lambda sp: abs((sp[0] - anchor).days))
        return Resolution(value=f"{first.isoformat()}/{end.isoformat()}", anchor=used)
    d = lex.integer(g["LD"].lstrip("".join(lex["lunar_day_prefix"])))
    if not d or d > 30:
        return Resolution()
    days = [lunar_calendar.lunar_day(y, month, d, leap) for y in years]
    day = days[0] if year is not None else lunar_calendar.nearest(days, anchor)
    if day is None:
        return Resolution()
    return Resolution(value=day.isoformat(), anchor=used, ref=Ref(day.year, day.month, day.day))


def named_lunar_year(lex: DateLexicon, g: dict[str, str], anchor: dt.date | None) -> int | None:
    """The lunar year 龙年 or 甲辰年 names: the one of that name nearest the anchor's lunar year (a tie
    goes to the past one). A stem and branch come back every 60 years: beyond 6 years from the
    anchor (甲午年 may be 1894 or 2014) no year is given."""
    if anchor is None:
        return None
    first = lunar_calendar.lunar_day(anchor.year, 1, 1)
    base = anchor.year - 1 if first is not None and anchor < first else anchor.year
    if "Z" in g:
        cycle, index = 12, lex["zodiac"][g["Z"]]
        ahead = (index - (base - 2020)) % cycle  # 2020 was a rat year (index 0)
    else:
        stem, branch = lex["heavenly_stem"][g["GZ"][0]], lex["earthly_branch"][g["GZ"][1]]
        if stem % 2 != branch % 2:
            return None  # 甲丑 is no year of the cycle
        cycle, index = 60, next(k for k in range(60) if k % 10 == stem and k % 12 == branch)
        ahead = (index - (base - 1984)) % cycle  # 1984 was 甲子 (index 0)
    year = base + ahead if ahead < cycle / 2 else base + ahead - cycle
    return year if "Z" in g or abs(year - base) <= 6 else None
