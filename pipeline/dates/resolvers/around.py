"""The around resolver: N days, weeks or months before or after a day written just before (春节前一周)."""
from __future__ import annotations

import datetime as dt

from ...registry import date_resolvers
from ..lexicon import DateLexicon
from ..model import Candidate, Ref, Resolution
from .span import _shift

DAY = dt.timedelta(days=1)


@date_resolvers.register("around", lists=["direction", "unit"])
def around(lex: DateLexicon, c: Candidate, anchor: dt.date | None, last: Ref | None,
           anchor_iso: str) -> Resolution | None:
    """N days, weeks or months before or after the day just before it, as one range (春节前一周, 国庆节后三天, 5月1日前两天): the day itself left out. Kept only joined to that day (the day's row takes it in)."""
    g = c.g
    n = lex.num(g["N"])
    sign = lex["direction"][g["dir"]]
    unit = lex["unit"].get(g["U"])
    if last is None or last.d is None or n is None or not float(n).is_integer() or n < 1 \
            or unit not in ("D", "W", "M"):
        return Resolution()
    day = dt.date(last.y, last.m, last.d)
    n = int(n)
    if unit == "M":
        far = _shift(day, sign * n)
    else:
        far = day + sign * n * (7 if unit == "W" else 1) * DAY
    first, end = (far, day - DAY) if sign < 0 else (day + DAY, far)
    value = first.isoformat() if first == end else f"{first.isoformat()}/{end.isoformat()}"
    return Resolution(value=value, anchor=last.iso(), ref=Ref(end.year, end.month, end.day))
