"""Other projects' date cases as zhnews gold: Microsoft Recognizers-Text specs and the Duckling corpus.

Both are read from ``../shared/eval/dates/`` (never copied into the repository). Each case becomes
one dict in the gold format the benchmark and the tests share:

    {"source", "key", "sentence", "expression", "start", "anchor" (date), "now" (the reference's date
     and clock time), "gold": [(first, end, grain)]}

``gold`` lists the readings the reference accepts (Recognizers-Text gives a past and a future one
for 29日), each a half-open interval of datetimes and its grain: "day" when the reference names
whole days (a date, a month, a week, a holiday), "time" when it names a clock time or part of a day,
"duration" / "set" with the TIMEX3 value itself. A zhnews match is right when its value denotes the
same interval (``matches``): a duration of the same length (P42M is P3.5Y), a range whose end is
the reference's end read inclusively (Recognizers-Text ends 2016-2018 at 2018-01-01; news mean
2018 included). Recognizers-Text cases with lunar dates are left out: its values for them are the
lunar month and day written as if Gregorian (农历正月初一 -> 2015-01-01), not a calendar day. Sentences are split in two halves by a hash of the expression:
``part(case) == "tune"`` is the half rules are tuned on; "held" is only ever scored.

Where the reference follows a convention zhnews does not (rules/dates/README.md, "Conventions"),
``convention`` names it, and the benchmark counts those misses apart: Duckling's next occurrence
(星期一 on a Tuesday is the coming Monday, 国庆 in February the coming October), its offsets read
as ranges (兩天前 is the two days up to the reference day, 兩小時前 the hours up to its time) and its
weekend from Friday 18:00.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

from .timex import bounds

D = dt.datetime
DAY = dt.timedelta(days=1)
GRAINS = {"Second": dt.timedelta(seconds=1), "Minute": dt.timedelta(minutes=1), "Hour": dt.timedelta(hours=1)}


def part(case: dict) -> str:
    """'tune' or 'held': a stable half of the cases, by the hash of the expression and source."""
    digest = hashlib.sha1(f"{case['source']}|{case['expression']}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "held"


# ---------------------------------------------------------------------- Recognizers-Text
def _ms_reading(res: dict, day: dt.date) -> tuple | None:
    """One resolution as (first, end, grain); a clock time without a day is on the reference day."""
    kind, timex = res.get("type", ""), res.get("timex", "")

    def at(s: str) -> D:
        return D.fromisoformat(s if "-" in s else f"{day.isoformat()} {s}")

    if kind in ("duration", "set"):
        return (timex, None, kind)
    if kind == "date":
        first = at(res["value"])
        return (first, first + DAY, "day")
    if kind == "daterange":
        return (at(res["start"]), at(res["end"]), "day")
    if kind in ("datetime", "time"):
        first = at(res["value"])
        return (first, first, "time")
    if kind in ("datetimerange", "timerange"):
        return (at(res["start"]), at(res["end"]), "time")
    return None


_LUNAR = re.compile("农历|農曆|阴历|陰曆|正月|腊月|臘月|初[一二三四五六七八九十]|大年|除夕|春节|春節|元宵|端午|中秋|重阳|重陽|七夕")

# The parser specs' resolution fields, renamed to the model specs' ones.
_PARSER_FIELDS = {"date": "value", "dateTime": "value", "time": "value", "startDate": "start", "endDate": "end",
                  "startDateTime": "start", "endDateTime": "end", "startTime": "start", "endTime": "end"}


def _ms_resolutions(result: dict) -> list[dict]:
    if "Resolution" in result:  # model specs
        return result["Resolution"].get("values", [])
    value = result.get("Value") or {}
    out = []
    for key in ("PastResolution", "FutureResolution"):
        res = value.get(key)
        if res:
            kind = result.get("Type", "").removeprefix("datetimeV2.")
            out.append({"type": kind, "timex": value.get("Timex", ""),
                        **{_PARSER_FIELDS[k]: v for k, v in res.items() if k in _PARSER_FIELDS}})
    return out


def load_recognizers(root: Path) -> list[dict]:
    """Cases of the Recognizers-Text specs that resolve values (model and parser specs)."""
    cases = []
    for path in sorted(Path(root).glob("*.json")):
        if "Extractor" in path.name:
            continue
        for item in json.loads(path.read_text(encoding="utf-8-sig")):
            ref = item.get("Context", {}).get("ReferenceDateTime")
            if not ref:
                continue
            now = D.fromisoformat(ref)
            anchor = now.date()
            sentence = item["Input"]
            for r in item.get("Results", []):
                start = r["Start"]
                if sentence[start:start + len(r["Text"])] != r["Text"]:
                    continue
                readings = []
                for res in _ms_resolutions(r):
                    try:
                        reading = _ms_reading(res, anchor)
                    except (ValueError, KeyError):  # "not resolved" and other non-dates
                        reading = None
                    if reading:
                        readings.append(reading)
                if readings and not _LUNAR.search(r["Text"]):
                    cases.append({"source": "recognizers-text", "key": f"{path.name}:{start}:{sentence}",
                                  "sentence": sentence, "expression": r["Text"], "start": start,
                                  "anchor": anchor, "now": now, "gold": readings})
    return cases


# ---------------------------------------------------------------------- Duckling
_EXAMPLE = re.compile(
    r"examples \((datetime|datetimeHoliday|datetimeInterval|datetimeIntervalHoliday) "
    r"(\(\([^)]*\), \([^)]*\)\)|\([^()]*\)) (\w+)(?: \"[^\"]*\")?\)\s*\[(.*?)\]", re.S)
_TUPLE = re.compile(r"\(([\d, ]+)\)")
DUCKLING_NOW = D(2013, 2, 12, 4, 30)


def _duckling_reading(kind: str, spec: str, grain: str) -> tuple:
    # Duckling writes 0 for a month or day a coarse grain leaves out: (2012, 12, 0, ...) is December.
    points = [D(*(max(n, 1) if k in (1, 2) else n for k, n in enumerate(map(int, t.split(",")))))
              for t in _TUPLE.findall(spec)]
    first = points[0]
    if kind.startswith("datetimeInterval"):
        end = points[1]
    elif grain in GRAINS:
        end = first + GRAINS[grain]
    elif grain in ("Day", "Week"):
        end = first + (DAY if grain == "Day" else 7 * DAY)
    else:
        end = _next_month(first, {"Month": 1, "Quarter": 3, "Year": 12}[grain])
    return (first, end, "time" if grain in GRAINS else "day")


def _next_month(t: D, n: int) -> D:
    k = t.year * 12 + t.month - 1 + n
    return t.replace(year=k // 12, month=k % 12 + 1)


def load_duckling(root: Path) -> list[dict]:
    """Cases of the Duckling Chinese time corpus (every file under root), reference 2013-02-12 04:30."""
    cases = []
    for path in sorted(Path(root).rglob("Corpus.hs")):
        for m in _EXAMPLE.finditer(path.read_text(encoding="utf-8")):
            reading = _duckling_reading(m[1], m[2], m[3])
            for text in re.findall(r'"((?:[^"\\]|\\.)*)"', m[4]):
                cases.append({"source": "duckling", "key": f"{path.parent.name}:{text}", "sentence": text,
                              "expression": text, "start": 0, "anchor": DUCKLING_NOW.date(), "now": DUCKLING_NOW,
                              "gold": [reading]})
    return cases


def load_all(root: Path) -> list[dict]:
    root = Path(root)
    return load_recognizers(root / "recognizers-text") + load_duckling(root / "duckling")


# ---------------------------------------------------------------------- scoring
_CLOCK = re.compile(r"T(\d{2}):(\d{2})")


def matches(value: str, gold: list[tuple]) -> bool:
    """Whether a zhnews TIMEX3 value means one of the gold readings."""
    if not value:
        return False
    for first, end, grain in gold:
        if grain in ("duration", "set"):
            if _set_form(value) == _set_form(first) or (grain == "duration" and _length(value) is not None
                                  and _length(value) == _length(first)):
                return True
            continue
        lo, hi = bounds(value)
        if lo is None:
            continue
        if grain == "day":
            # Recognizers-Text ends 10日到12日 at the 12th, a month at the 1st of the next: both are accepted.
            # A range of two days (2月28日-3月1日) ends at the 1st too: its end - start is one day.
            ends = {(end - DAY).date().isoformat(), end.date().isoformat()} if end - first > DAY or "/" in value \
                else {first.date().isoformat()}
            if end - first > DAY and end.day == 1 and first.day == 1:  # the period that starts at end
                last = end.replace(month=12, day=31) if end.month == first.month == 1 else _next_month(end, 1) - DAY
                ends.add(last.date().isoformat())
            if "T" not in value and lo == first.date().isoformat() and hi in ends:
                return True
            continue
        clock = _CLOCK.search(value)
        if lo != first.date().isoformat():
            continue
        if clock and (int(clock[1]), int(clock[2])) == (first.hour, first.minute):
            return True
        if not clock and "T" in value and end - first > dt.timedelta(hours=1):
            return True  # a part of the day (下午) against a span of hours on that day
    return False


_PART = re.compile(r"(\d+(?:\.\d+)?)([YMWDHS])")


def _set_form(value: str) -> str:
    """A recurring time with its clock's zero minutes dropped: XXXX-WXX-1T20:00 is XXXX-WXX-1T20."""
    return re.sub(r"(T\d{2})(?::00)+$", r"\1", value or "")


def _length(value: str) -> tuple[float, float] | None:
    """A duration as (months, seconds): P42M and P3.5Y, PT30M and PT0.5H are the same length."""
    m = re.fullmatch(r"P((?:\d+(?:\.\d+)?[YMWD])*)(?:T((?:\d+(?:\.\d+)?[HMS])+))?", value or "")
    if m is None or not (m[1] or m[2]):
        return None
    months = seconds = 0.0
    for n, unit in _PART.findall(m[1] or ""):
        months += float(n) * {"Y": 12, "M": 1}.get(unit, 0)
        seconds += float(n) * {"W": 604800, "D": 86400}.get(unit, 0)
    for n, unit in _PART.findall(m[2] or ""):
        seconds += float(n) * {"H": 3600, "M": 60, "S": 1}[unit]
    return round(months, 6), round(seconds, 3)


def _year_later(day: dt.date, other: dt.date) -> bool:
    """Whether ``other`` is ``day`` a Gregorian year later (a lunar, Hebrew or Islamic year, 350-356 or
    380-386 days, is checked by the caller)."""
    try:
        return day.replace(year=day.year + 1) == other
    except ValueError:
        return False


def _clock_range(day: dt.date, clock: re.Match, g_first: D, g_end: D, now: D) -> bool:
    """Whether a clock point lies in a reference range that reaches to or from the reference's time
    (三分鐘後 at 04:30: 04:33 in 04:31-04:34; 兩小時前: 02:30 in 02:00-04:00)."""
    point = D(day.year, day.month, day.day, int(clock[1]), int(clock[2]))
    if point == now or not g_first <= point <= g_end:
        return False
    return (point < now and now - dt.timedelta(hours=1) < g_end <= now) or \
        (point > now and now < g_first <= now + dt.timedelta(hours=1))


def convention(value: str, case: dict) -> str:
    """The convention of the reference a wrong value follows instead, or '': "next occurrence" when the
    reference is the same day or period a week, a year or a lunar year later (国庆 2012-10-01 for its
    2013-10-01), or the same weekday 52 or 53 weeks later (十月的第一个星期一 2012-10-01 for 2013-10-07); "offset as range" when the reference is a range from the value up to the anchor's
    day or from the day after it to the value (兩天前: 02-10/02-11 for the point 02-10), or a range of
    hours or minutes up to or from the anchor's time holding the clock point (兩小時前 at 04:30: 02:00-04:00)."""
    lo, hi = bounds(value)
    if lo is None or "P" in value[:1]:
        return ""
    first, last = dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)
    anchor = case["anchor"]
    clock = _CLOCK.search(value)
    for g_first, g_end, grain in case["gold"]:
        if value.endswith("-WE") and grain == "time" and g_first.isoweekday() == 5 and g_first.hour == 18 \
                and (first - g_first.date()).days == 1 and (g_end.date() - last).days == 1:
            return "weekend from Friday evening"  # 这周末: Duckling's Friday 18:00 to Monday 00:00
        if grain == "time" and clock and case.get("now") and value[:10] == g_first.date().isoformat() \
                and _clock_range(first, clock, g_first, g_end, case["now"]):
            return "offset as range"  # 兩小時前 at 04:30: Duckling's 02:00-04:00 for the point 02:30
        if grain != "day" and (grain != "time" or "T" not in value):
            continue
        gf, gl = g_first.date(), (g_end - DAY).date() if g_end - g_first >= DAY else g_first.date()
        shift = (gf - first).days
        later = shift == 7 or _year_later(first, gf) or 350 <= shift <= 356 or 380 <= shift <= 386 \
            or (shift in (364, 371) and "-W" not in value)  # the nth weekday of a month a year on (十月的第一个星期一)
        if shift > 0 and (gl - gf) == (last - first) and later:
            return "next occurrence"
        # the range reaches from the value to the anchor's day, week, month or year (or from the next one)
        if (gf, gl) != (first, last) and gf <= first and last <= gl and (
                (gf == first and 0 <= (anchor - gl).days <= 366) or (gl == last and 0 <= (gf - anchor).days <= 366)):
            return "offset as range"
    return ""


def score(extract, cases: list[dict], clock: bool = True) -> tuple[int, int, list[tuple]]:
    """(found with the exact span, right value, misses) for ``extract(sentence, anchor)``; the anchor
    is the reference's date and clock time (a datetime), or with ``clock=False`` its date alone."""
    found = right = 0
    misses = []
    for c in cases:
        start, end = c["start"], c["start"] + len(c["expression"])
        anchor = c["now"] if clock else c["anchor"]
        hit = [m for m in extract(c["sentence"], anchor) if m.start == start and m.end == end]
        found += bool(hit)
        ok = bool(hit) and matches(hit[0].value, c["gold"])
        right += ok
        if not ok:
            misses.append((c, hit[0].value if hit else None))
    return found, right, misses
