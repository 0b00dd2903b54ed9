"""The clock_offset resolver: hours, minutes or seconds before or after an anchor that carries a
clock time (两小时前, 三分钟后, 过去3小时, 上两分钟).

Only tried when the caller's anchor is a ``datetime`` (rules with ``clock_anchor: true``): a
publication date alone says nothing about the hour, and in a news story 30分钟后 is most often
after the event told, so without a clock time these stay the durations they were.
"""
from __future__ import annotations

import datetime as dt

from ...registry import date_resolvers
from ..lexicon import DateLexicon
from ..model import Candidate, Ref, Resolution
from ..periods import period

_STEP = {"TH": dt.timedelta(hours=1), "TM": dt.timedelta(minutes=1), "TS": dt.timedelta(seconds=1)}


def clock_value(t: dt.datetime) -> str:
    """TIMEX3 clock time: minutes, and seconds when there are any."""
    return f"{t:%Y-%m-%dT%H:%M}" + (f":{t.second:02d}" if t.second else "")


def _truncate(t: dt.datetime, unit: str) -> dt.datetime:
    """The start of the hour, minute or second ``t`` is in."""
    t = t.replace(microsecond=0)
    if unit in ("TH", "TM"):
        t = t.replace(second=0)
    return t.replace(minute=0) if unit == "TH" else t


@date_resolvers.register("clock_offset", lists=["clock_unit", "direction", "span_free", "span_clause"])
def clock_offset(lex: DateLexicon, c: Candidate, anchor: dt.date | None, last: Ref | None,
                 anchor_iso: str) -> Resolution | None:
    """N hours/minutes/seconds from an anchor with a clock time: a point after a direction word
    (两小时前 -> the anchor's time less two hours), a range after a span word: whole units next to the
    anchor's own after 上/下/前/后 (上两小时 at 04:30 is 02:00/04:00), from the anchor's time on after
    过去/未来/最近 (过去3小时 at 16:12 is 13:12/16:12). Without a clock time: the duration."""
    g = c.g
    unit = lex["clock_unit"][g["U"]]
    n = lex.num(g["N"])
    now = c.now
    if now is None or n is None or not float(n).is_integer() or n < 1:
        return Resolution(value=period(n, unit), type="DURATION")
    step = int(n) * _STEP[unit]
    if "dir" in g:
        t = now + lex["direction"][g["dir"]] * step
        return Resolution(value=clock_value(t), anchor=anchor_iso, ref=Ref(t.year, t.month, t.day))
    sign, how = lex["span_free"].get(g["rspan"]) or lex["span_clause"][g["rspan"]]
    if how == "WHOLE":
        base = _truncate(now, unit)
        first, end = (base - step, base) if sign < 0 else (base + _STEP[unit], base + _STEP[unit] + step)
    else:
        first, end = (now.replace(microsecond=0) - step, now.replace(microsecond=0)) if sign < 0 else \
            (now.replace(microsecond=0), now.replace(microsecond=0) + step)
    return Resolution(value=f"{clock_value(first)}/{clock_value(end)}", anchor=anchor_iso,
                      ref=Ref(end.year, end.month, end.day))
