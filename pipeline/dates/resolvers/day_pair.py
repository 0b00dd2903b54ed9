"""The day_pair resolver: two relative days or years named in one word (今明两天, 明后天)."""
from __future__ import annotations

import datetime as dt

from ...registry import date_resolvers
from ..lexicon import DateLexicon
from ..model import Candidate, Ref, Resolution


@date_resolvers.register("day_pair", lists=["day_pair", "unit", "set_unit"])
def day_pair(lex: DateLexicon, c: Candidate, anchor: dt.date | None, last: Ref | None,
             anchor_iso: str) -> Resolution | None:
    """Two relative days or years in one word (今明两天, 明后天, 今明两年): one range of the two."""
    if anchor is None:
        return Resolution()
    first = lex["day_pair"][c.g["dp"]]
    if (lex["unit"].get(c.g["U"]) or lex["set_unit"].get(c.g["U"])) == "Y":
        y = anchor.year + first
        return Resolution(value=f"{y:04d}/{y + 1:04d}", anchor=anchor_iso, ref=Ref(y + 1))
    day = anchor + dt.timedelta(days=first)
    end = day + dt.timedelta(days=1)
    return Resolution(value=f"{day.isoformat()}/{end.isoformat()}", anchor=anchor_iso,
                      ref=Ref(end.year, end.month, end.day))
