"""The time resolver: clock times and parts of the day, on the day they belong to."""
from __future__ import annotations

import datetime as dt

from ...registry import date_resolvers
from ..lexicon import DateLexicon
from ..model import Candidate, Ref, Resolution


@date_resolvers.register("time", lists=["day_part", "clock_quarter", "clock_five_mark", "cantonese_day_part"])
def time_of_day(lex: DateLexicon, c: Candidate, anchor: dt.date | None, last: Ref | None, anchor_iso: str,
                day: Ref | None = None, unresolved: bool = False) -> Resolution | None:
    """Clock times and parts of the day (下午3点, 晚上八点半, 凌晨): on the date before them, else the last day mentioned, else the anchor's day.

    ``day`` is the date a time is glued onto (6月1日下午3点); ``unresolved`` says that date has no
    value, so the time has none either.
    """
    g = c.g
    pod, first, *rest = lex["day_part"][g["pod"]] if "pod" in g else ("", 0)
    last_pm = rest[0] if rest else 11  # hours first..last_pm of the part are afternoon or night ones
    clock = ""
    if "hh" in g:
        hh = lex.integer(g["hh"])
        if "mi5" in g:  # Cantonese fives: 三点踏三 is 15 minutes past, 踏半 30
            five = lex.num(g["mi5"])
            mi = round(five * 60) if five < 1 else int(five) * 5
        elif "mi" in g:
            mi = lex["clock_quarter"].get(g["mi"], lex.integer(g["mi"]))
        else:
            mi = 30 if "hhalf" in g else 0
        if "less" in g and hh is not None:  # 三点差一刻, 差五分三点: minutes before the hour
            less = lex["clock_quarter"].get(g["less"], lex.integer(g["less"]))
            if not less or less > 59 or not 1 <= hh <= 24:
                return None
            hh, mi = hh - 1, 60 - less
        if hh is None or mi is None or hh > 24 or mi > 59:
            return None
        if first and first <= hh <= last_pm and hh < 12:
            hh += 12
        elif pod in ("EV", "NI") and hh == 12 and mi == 0:  # 夜里12点, 晚上12点: midnight, the day's end
            hh = 24
        ampm = g.get("ampm", "")[:1].lower()
        if ampm and (hh > 12 or hh == 0):  # 14:00pm, 0:30am: a mark that does not fit the hour
            return None
        if ampm == "p" and hh < 12:
            hh += 12
        elif ampm == "a" and hh == 12:
            hh = 0
        ss = lex.integer(g["ss"]) if "ss" in g else None
        clock = f"{hh:02d}:{mi:02d}" + (f":{ss:02d}" if ss is not None and ss < 60 else "")
    part = clock or pod
    if unresolved:
        return Resolution(type="TIME")
    used = ""
    if day is None and "D" in g:  # a clock glued to its own numeric date (2018-05-0116:59)
        day = _own_day(lex, g)
        if day is None:
            return None
    if day is None:
        # A clock time alone belongs to the last day mentioned, else to the anchor's day.
        if last is not None and last.d is not None:
            day, used = last, last.iso()
        elif anchor is not None:
            day, used = Ref(anchor.year, anchor.month, anchor.day), anchor_iso
        else:
            return Resolution(type="TIME")
    value = f"{day.iso()}T{part}"
    if "hh2" in g:  # 9-11时, 下午3-5点: a range of hours on one day
        end = _end_hour(lex, g["hh2"], first, last_pm)
        if end is None or end <= hh:
            return None
        value = f"{value}/{day.iso()}T{end:02d}:00"
    return Resolution(value=value, anchor=used, ref=day, type="TIME")


def _end_hour(lex: DateLexicon, hh2: str, first: int, last_pm: int) -> int | None:
    """The end hour of a compressed clock range, in the start's part of the day (下午3-5点 ends at 17)."""
    end = lex.integer(hh2)
    if end is None or end > 24:
        return None
    return end + 12 if first and first <= end <= last_pm and end < 12 else end


def _own_day(lex: DateLexicon, g: dict[str, str]) -> Ref | None:
    """The day a timestamp writes before its clock time; None when there is no such day."""
    y, m, d = lex.integer(g.get("Y")), lex.integer(g.get("M")), lex.integer(g.get("D"))
    try:
        dt.date(y, m, d)
    except (TypeError, ValueError):
        return None
    return Ref(y, m, d)
