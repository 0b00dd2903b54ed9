"""Duration and set resolvers: ISO 8601 durations (三年多, 两个半月) and recurring times (每周一, 每月)."""
from __future__ import annotations

import datetime as dt

from ...registry import date_resolvers
from ..lexicon import DateLexicon
from ..model import Candidate, Ref, Resolution
from ..periods import period


@date_resolvers.register("duration", lists=["unit", "set_unit", "count_suffix_mod"])
def duration(lex: DateLexicon, c: Candidate, anchor: dt.date | None, last: Ref | None,
             anchor_iso: str) -> Resolution | None:
    """Durations (三年, 两个半月, 十来天, 几个小时): an ISO 8601 period, X for an unknown count, mod from a count_suffix_mod word or a 'more' after the unit."""
    g = c.g
    n = lex.num(g["N"])
    unit = lex["unit"].get(g["U"]) or lex["set_unit"][g["U"]]
    mod = "MORE_THAN" if "more2" in g or "cmore" in g else lex["count_suffix_mod"].get(g.get("more"), "")
    if n is not None and "half" in g:
        n += 0.5
    return Resolution(value=period(n, unit), mod=mod)


@date_resolvers.register("set", lists=["weekday", "set_unit"])
def recurring(lex: DateLexicon, c: Candidate, anchor: dt.date | None, last: Ref | None,
              anchor_iso: str) -> Resolution | None:
    """Recurring times (每周一, 每年3月, 每月15日, 每两天): TIMEX3 SET values."""
    g = c.g
    if "W" in g:
        return Resolution(value=f"XXXX-WXX-{lex['weekday'][g['W']]}")
    if "M" in g:
        m = lex.integer(g["M"])
        if not m or not 1 <= m <= 12:
            return None
        d = lex.integer(g.get("D"))
        return Resolution(value=f"XXXX-{m:02d}-{d:02d}" if d else f"XXXX-{m:02d}")
    if "D" in g:
        d = lex.integer(g["D"])
        return Resolution(value=f"XXXX-XX-{d:02d}") if d and d <= 31 else None
    n = lex.num(g["N"]) if "N" in g else 1
    return Resolution(value=period(n, lex["set_unit"][g["U"]]))
