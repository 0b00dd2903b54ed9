"""The plan resolver: China's five-year plans (十三五期间, “十四五”时期) as the range of their years."""
from __future__ import annotations

import datetime as dt

from ...registry import date_resolvers
from ..lexicon import DateLexicon
from ..model import Candidate, Ref, Resolution


@date_resolvers.register("plan", lists=["plan_cue", "plan_first_year", "decade_part"])
def plan(lex: DateLexicon, c: Candidate, anchor: dt.date | None, last: Ref | None,
         anchor_iso: str) -> Resolution | None:
    """Five-year plans (十三五期间, “十四五”时期, 十三五末): the nth plan's five years (十三五 is 2016/2020), five
    years after the last plan table plan_first_year lists; a decade_part word after it gives the mod."""
    n = lex.integer(c.g["plan"])
    known = sorted((lex.integer(k), y) for k, y in lex["plan_first_year"].items())
    if not n or n < known[0][0]:
        return None
    k, year = max((k, y) for k, y in known if k <= n)
    first = int(year) + 5 * (n - k)
    mod = lex["decade_part"].get(c.g.get("decsub", ""), "")
    return Resolution(value=f"{first:04d}/{first + 4:04d}", mod=mod)
