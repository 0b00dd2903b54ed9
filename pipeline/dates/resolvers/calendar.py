"""The calendar resolver: dates written out, relative to the anchor, or relative to the last date.

It reads, in order: a day word that fixes the day completely (明天, 次日); else the year, month and
day groups; then what the expression leaves out from the start of its range or the anchor; then
the value at the finest level given, its parts (quarter, half year, season, start/end) and the
end of a compressed range (6月19-20日, 7-9月, 2019-2021年).
"""
from __future__ import annotations

import datetime as dt
from calendar import isleap as _isleap
from calendar import monthrange as _monthrange

from ...registry import date_resolvers
from ..lexicon import DateLexicon
from ..model import FISCAL_NOTE, Candidate, Ref, Resolution
from ..periods import add_months
from .lunar import lunar_date

_SPACES = " \t\u3000\xa0"


class _Reading:
    """The calendar point being read from the groups, and the reference it used (anchor, last date or none)."""

    __slots__ = ("anchor", "anchor_iso", "last", "y", "m", "d", "used", "pod")

    def __init__(self, anchor: dt.date | None, anchor_iso: str, last: Ref | None):
        self.anchor, self.anchor_iso, self.last = anchor, anchor_iso, last
        self.y: int | None = None
        self.m: int | None = None
        self.d: int | None = None
        self.used = ""
        self.pod = ""  # TIMEX3 part of the day a day word carries (今晚: EV)

    def need_anchor(self) -> bool:
        if self.anchor is None:
            return False
        self.used = self.anchor_iso
        return True

    def need_last(self, level: str) -> bool:
        last = self.last
        if last is None or (level in "md" and last.m is None) or (level == "d" and last.d is None):
            return False
        self.used = last.iso()
        return True


@date_resolvers.register("calendar", lists=[
    "relative_year", "short_relative_year", "anaphoric_year", "relative_month", "anaphoric_month",
    "relative_day", "relative_day_part", "anaphoric_day", "anaphoric_day_part", "anchor_when_first",
    "quarter_prefix", "year_part", "month_part", "half_year", "half_month", "season", "era_first_year",
    "era"])
def calendar(lex: DateLexicon, c: Candidate, anchor: dt.date | None, last: Ref | None, anchor_iso: str,
             inherit: Ref | None = None) -> Resolution | None:
    """Calendar dates: written out (2024年3月5日, 91年5月), relative to the anchor (上个月, 明天, 下季度) or to the last date (同年, 次日), with parts (年底, 第三季度, 上半年, 春季) and compressed ranges (6月19-20日, 2019-2021年).

    ``inherit`` is the start of a range whose end this is: the end takes the year (and month) the
    start gives (7月至9月).
    """
    g = c.g
    if "LD" in g:
        return lunar_date(lex, c, anchor, last, anchor_iso)  # 十月初一
    if "fy" in g:
        return _fiscal(lex, g, anchor, anchor_iso)
    if "yana" in g and lex["anchor_when_first"].get(g["yana"]) == 0 and last is not None and last.relative \
            and last.d is not None:
        return Resolution()  # 今天……当年: back then, not this year
    if ("mana" in g or "yana" in g or "dana" in g) and anchor is not None and _anchor_instead(lex, g, last):
        # 当月, 这一年 before any other date: the publication's month or year (table anchor_when_first).
        last = Ref(anchor.year, anchor.month, anchor.day)
    r = _Reading(anchor, anchor_iso, last)
    if "drel" in g or "dpart" in g or "dana" in g or "dapart" in g:
        early = _read_day_word(lex, g, r)
    else:
        early = _read_year_month_day(lex, g, r, inherit)
    if early is not None:
        return early
    if r.y is None:
        return None
    out = Resolution(anchor=r.used)
    if not _set_value(r, out) or not _set_parts(lex, g, r, out):
        return Resolution()
    if "bce" in g:  # 公元前221年: TIMEX3 BC0221; no days (Python dates start at year 1)
        return Resolution(value=f"BC{out.value}", anchor=r.used)
    if "D2" in g or "M2" in g or "Y2" in g:
        end = _range_end(lex, g, r)
        if end is None:
            return Resolution()
        out.value = f"{out.value}/{end}"
    return out


def _read_day_word(lex: DateLexicon, g: dict[str, str], r: _Reading) -> Resolution | None:
    """A word that fixes the day: relative to the anchor (明天, 今晚) or to the last day (次日, 当晚)."""
    if "drel" in g or "dpart" in g:
        if "dpart" in g:
            off, r.pod = lex["relative_day_part"][g["dpart"]]
        else:
            off = lex["relative_day"][g["drel"]]
        if not r.need_anchor():
            return Resolution(type="TIME" if r.pod else "")
        day = r.anchor + dt.timedelta(days=off)
    else:
        if "dapart" in g:
            off, r.pod = lex["anaphoric_day_part"][g["dapart"]]
        else:
            off = lex["anaphoric_day"][g["dana"]]
        if not r.need_last("d"):
            return Resolution(type="TIME" if r.pod else "")
        last = r.last
        day = dt.date(last.y, last.m, last.d) + dt.timedelta(days=off)
    r.y, r.m, r.d = day.year, day.month, day.day
    return None


def _read_year_month_day(lex: DateLexicon, g: dict[str, str], r: _Reading, inherit: Ref | None) -> Resolution | None:
    """Year, month and day from their groups; an empty Resolution when a relative one has no reference."""
    unresolved = False
    if "roc" in g or "era" in g:  # 民国三年 (Minguo), 康熙三年 (an era table year): year N of an era
        n = lex["era_first_year"].get(g.get("roc") or g["ey"]) or lex.integer(g.get("roc") or g["ey"])
        r.y = (1911 if "roc" in g else lex["era"][g["era"]] - 1) + n if n else None
    elif "Y" in g:
        y = lex.integer(g["Y"])
        if y is not None and len(g["Y"].strip(_SPACES)) == 2 and "ce" not in g:
            if not r.need_anchor():
                return Resolution()
            # The year with these last two digits in the 100 years up to N years after the anchor.
            latest = r.anchor.year + lex.settings["two_digit_year_ahead"]
            y = latest - (latest - y) % 100
        r.y = y
    elif "yrel" in g or "yrel_short" in g:
        off = lex["relative_year"][g["yrel"]] if "yrel" in g else lex["short_relative_year"][g["yrel_short"]]
        if r.need_anchor():
            r.y = r.anchor.year + off
        else:
            unresolved = True
    elif "yana" in g:
        if r.need_last("y"):
            r.y = r.last.y + lex["anaphoric_year"][g["yana"]]
        else:
            unresolved = True
    if "M" in g:
        r.m = lex.integer(g["M"])
    elif "mrel" in g:
        if r.need_anchor():
            r.y, r.m = add_months(r.anchor.year, r.anchor.month, lex["relative_month"][g["mrel"]])
        else:
            unresolved = True
    elif "mana" in g:
        if r.need_last("m"):
            r.y, r.m = add_months(r.last.y, r.last.m, lex["anaphoric_month"][g["mana"]])
        else:
            unresolved = True
    if "D" in g:
        r.d = lex.integer(g["D"])
    if unresolved:
        return Resolution()
    if r.y is None and (r.m is not None or r.d is not None or "msub" in g or "hm" in g or "ysub" in g or "Q" in g
                        or "wfirst" in g
                        or "Qa" in g or "H" in g or "qrel" in g or "mfirst" in g or "mlast" in g):
        return _fill_year(lex, g, r, inherit)
    return None


def _fill_year(lex: DateLexicon, g: dict[str, str], r: _Reading, inherit: Ref | None) -> Resolution | None:
    """The year (and month) an expression leaves out: from the start of its range, else from the anchor."""
    y, m, d = r.y, r.m, r.d
    anchor = r.anchor
    if inherit is not None:
        if m is None and d is not None:
            if inherit.m is None:
                return Resolution()
            y, m = inherit.y, inherit.m
            if inherit.d is not None and d < inherit.d:
                y, m = add_months(y, m, 1)
        else:
            y = inherit.y
            if m is not None and inherit.m is not None and m < inherit.m:
                y += 1
    elif not r.need_anchor():
        return Resolution()
    elif "qrel" in g:
        q = (anchor.month - 1) // 3 + lex["quarter_prefix"][g["qrel"]]
        y, q = anchor.year + (q // 4), q % 4 + 1
        mod = lex["month_part"][g["qsub"]] if "qsub" in g else ""
        return Resolution(value=f"{y:04d}-Q{q}", anchor=r.used, ref=Ref(y), mod=mod)
    elif m is not None:
        y = _yearless(lex, m, anchor)
        if (m, d) == (2, 29) and not _isleap(y):  # 2月29日 in 2025: the leap day nearest it (2024-02-29)
            y = min((k for k in range(y - 4, y + 5) if _isleap(k)), key=lambda k: (abs(k - y), k))
    elif d is not None:
        y, m = anchor.year, anchor.month
        if d - anchor.day > lex.settings["dayonly_past_after_days"]:
            py, pm = add_months(y, m, -1)
            if d <= _monthrange(py, pm)[1]:  # 29日 in March 2025: February has no 29th, so March's
                y, m = py, pm
    elif "msub" in g or "hm" in g:
        y, m = anchor.year, anchor.month
    else:
        y = anchor.year
    r.y, r.m = y, m
    return None


def _set_value(r: _Reading, out: Resolution) -> bool:
    """The value at the finest level given (day, month or year); False when it is no calendar date."""
    y, m, d = r.y, r.m, r.d
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None:
        try:
            dt.date(y, m, d)
        except (ValueError, TypeError):
            return False
        out.value, out.ref = f"{y:04d}-{m:02d}-{d:02d}", Ref(y, m, d)
        if r.pod:
            out.type = "TIME"
            out.value += f"T{r.pod}"
    elif m is not None:
        out.value, out.ref = f"{y:04d}-{m:02d}", Ref(y, m)
    else:
        out.value, out.ref = f"{y:04d}", Ref(y)
    return True


def _set_parts(lex: DateLexicon, g: dict[str, str], r: _Reading, out: Resolution) -> bool:
    """The first months, a quarter, half year or season of the year, and a start/middle/end mod."""
    y = r.y
    if "mfirst" in g:
        n = lex.integer(g["mfirst"])
        if not n or n > 12:
            return False
        out.value = f"{y:04d}-01/{y:04d}-{n:02d}" if n > 1 else f"{y:04d}-01"
    elif "wfirst" in g:  # 2021年的前2周: ISO weeks 1 to n
        n = lex.integer(g["wfirst"])
        if not n or n > 53:
            return False
        out.value = f"{y:04d}-W01/{y:04d}-W{n:02d}" if n > 1 else f"{y:04d}-W01"
    elif "mlast" in g:
        n = lex.integer(g["mlast"])
        if not n or n > 12:
            return False
        out.value = f"{y:04d}-{13 - n:02d}/{y:04d}-12" if n > 1 else f"{y:04d}-12"
    elif "Q" in g or "Qa" in g:
        q = lex.integer(g.get("Q") or g.get("Qa"))
        if not q or not 1 <= q <= 4:
            return False
        out.value = f"{y:04d}-Q1/{y:04d}-Q{q}" if "qfirst" in g and q > 1 else f"{y:04d}-Q{q}"
    elif "H" in g:
        out.value = f"{y:04d}-{lex['half_year'][g['H']]}"
    elif "S" in g:
        out.value = f"{y:04d}-{lex['season'][g['S']]}"
    elif "hm" in g and r.m is not None:  # 上半月: the 1st to the 15th
        last = _monthrange(y, r.m)[1]
        first_day, last_day = (1, 15) if lex["half_month"][g["hm"]] == 1 else (16, last)
        out.value = f"{y:04d}-{r.m:02d}-{first_day:02d}/{y:04d}-{r.m:02d}-{last_day:02d}"
    if "ysub" in g:
        out.mod = lex["year_part"][g["ysub"]]
    if "msub" in g:
        out.mod = lex["month_part"][g["msub"]]
    if "qsub" in g or "hsub" in g:  # 一季度末, 上半年末
        out.mod = lex["month_part"][g.get("qsub") or g["hsub"]]
    return True


def _range_end(lex: DateLexicon, g: dict[str, str], r: _Reading) -> str | None:
    """The end of a compressed range (6月19-20日, 7-9月, 2019-2021年); None when it is not after the start."""
    y, m, d = r.y, r.m, r.d
    if "D2" in g and "M2" in g:
        m2, d2 = lex.integer(g["M2"]), lex.integer(g["D2"])
        y2 = lex.integer(g["Y2"]) if "Y2" in g else y if (m2, d2) > (m, d) else y + 1
        try:
            return dt.date(y2, m2, d2).isoformat()
        except (ValueError, TypeError):
            return None
    if "D2" in g:
        d2 = lex.integer(g["D2"])
        try:
            dt.date(y, m, d2)
        except (ValueError, TypeError):
            return None
        if d2 <= d:
            return None
        return f"{y:04d}-{m:02d}-{d2:02d}"
    if "M2" in g:
        m2 = lex.integer(g["M2"])
        if not m2 or not 1 <= m2 <= 12:
            return None
        y2 = y if m2 > m else y + 1
        return f"{y2:04d}-{m2:02d}"
    y2 = lex.integer(g["Y2"])
    if y2 is not None and "before2" in g:  # 2010年之后2018年之前 stops in 2017
        y2 -= 1
    if y2 is None or y2 <= y:
        return None
    return f"{y2:04d}"


def _yearless(lex: DateLexicon, m: int, anchor: dt.date) -> int:
    """The year of a month written without one: the anchor's, or the nearest sensible one."""
    diff = m - anchor.month
    if diff > lex.settings["yearless_past_after_months"]:
        return anchor.year - 1
    if -diff > lex.settings["yearless_future_before_months"]:
        return anchor.year + 1
    return anchor.year


def _anchor_instead(lex: DateLexicon, g: dict[str, str], last: Ref | None) -> bool:
    """Whether an anaphoric word (当月, 这个月) means the publication's period here."""
    word = g.get("yana") or g.get("mana") or g.get("dana")
    kind = lex["anchor_when_first"].get(word)
    if not kind:
        return False
    return last is None or (kind == 2 and (last.relative or ("mana" in g and last.m is None)))


def _fiscal(lex: DateLexicon, g: dict[str, str], anchor: dt.date | None, anchor_iso: str) -> Resolution:
    """FY2018, FY2018-Q3: a company's fiscal year, which need not follow the calendar."""
    y, used = lex.integer(g["fy"]), ""
    if y is None:
        return Resolution()
    if y < 100:
        if anchor is None:
            return Resolution()
        y, used = y + anchor.year // 100 * 100, anchor_iso
    value = f"FY{y:04d}"
    if "Q" in g or "Qa" in g:
        q = lex.integer(g.get("Q") or g.get("Qa"))
        if not q or not 1 <= q <= 4:
            return Resolution()
        value += f"-Q{q}"
    elif "H" in g:
        value += f"-{lex['half_year'][g['H']]}"
    return Resolution(value=value, anchor=used, mod=lex["month_part"].get(g.get("qsub", ""), ""), note=FISCAL_NOTE)
