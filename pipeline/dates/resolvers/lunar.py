"""The lunar resolver: lunar dates and festivals as Gregorian days (through ``zhnews.lunar``)."""
from __future__ import annotations

import datetime as dt

from ... import lunar as lunar_calendar
from ...registry import date_resolvers
from ..lexicon import DateLexicon
from ..model import Candidate, Ref, Resolution


@date_resolvers.register("lunar", lists=["festival", "festival_region", "lunar_month", "lunar_day_prefix", "relative_year"])
def lunar_date(lex: DateLexicon, c: Candidate, anchor: dt.date | None, last: Ref | None,
               anchor_iso: str) -> Resolution | None:
    """Lunar dates (农历八月十五, 腊月18, 大年初十, 闰六月) and festivals (中秋, 除夕, 母亲节) as Gregorian days; a lunar month alone is the range of its days.

    With a year: a lunar date is in that lunar year, a festival in that Gregorian year. Without
    one: the occurrence nearest the anchor (春节 in a December article is the coming one).
    """
    g = c.g
    year, used = None, ""
    if "Y" in g:
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
