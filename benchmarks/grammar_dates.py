"""A broad grammar check of the date stage: generated combinations, values computed independently.

    .venv/bin/python benchmarks/grammar_dates.py [--family NAME] [--misses 20] [--bare] [--script s2tw]

Each family crosses the parts Chinese writes a time expression with (a relative day word x a
part of the day x a clock form; a count x a unit x 前/后/以前/之后; a weekday x 上/下/这/本/上上/下下;
a festival x a year word; two expressions x a range connector …), puts each expression in a
sentence of its own words, and checks the zhnews row over it. The expected value is computed
here with datetime arithmetic (and, for lunar festivals, a table of their Gregorian days written
out by hand from the almanac), never by zhnews code. A value is right when it denotes the
expected interval (``expect_*`` below say what each family accepts: where Chinese usage admits
two readings, as 3个月前 read as that month or that day, both are accepted).

Prints, per family, how many expressions were found with the exact span and how many got the
right value, over three anchors (a Wednesday in March, a Monday before New Year, a Saturday at
the end of January), and the first misses of each family.
"""
from __future__ import annotations

import argparse
import calendar
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

D = dt.date
DAY = dt.timedelta(days=1)
ANCHORS = (D(2025, 3, 12), D(2024, 12, 30), D(2026, 1, 31))

CN = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十",
      11: "十一", 12: "十二", 15: "十五", 20: "二十", 23: "二十三", 30: "三十"}
CN_DIGIT = "〇一二三四五六七八九"
ORD = {n: ("二" if n == 2 else w) for n, w in CN.items()}  # 第二, not 第两

# Gregorian days of the lunar festivals, 2022-2027, from the almanac (not computed by zhnews).
LUNAR_FESTIVALS = {
    "春节": {2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6)},
    "元宵节": {2022: (2, 15), 2023: (2, 5), 2024: (2, 24), 2025: (2, 12), 2026: (3, 3), 2027: (2, 20)},
    "端午节": {2022: (6, 3), 2023: (6, 22), 2024: (6, 10), 2025: (5, 31), 2026: (6, 19), 2027: (6, 9)},
    "七夕": {2022: (8, 4), 2023: (8, 22), 2024: (8, 10), 2025: (8, 29), 2026: (8, 19), 2027: (8, 8)},
    "中秋节": {2022: (9, 10), 2023: (9, 29), 2024: (9, 17), 2025: (10, 6), 2026: (9, 25), 2027: (9, 15)},
    "重阳节": {2022: (10, 4), 2023: (10, 23), 2024: (10, 11), 2025: (10, 29), 2026: (10, 18), 2027: (10, 8)},
    "除夕": {2022: (1, 31), 2023: (1, 21), 2024: (2, 9), 2025: (1, 28), 2026: (2, 16), 2027: (2, 5)},
    "清明节": {2022: (4, 5), 2023: (4, 5), 2024: (4, 4), 2025: (4, 4), 2026: (4, 5), 2027: (4, 5)},
}
SOLAR_FESTIVALS = {"元旦": (1, 1), "情人节": (2, 14), "妇女节": (3, 8), "劳动节": (5, 1), "儿童节": (6, 1),
                   "国庆节": (10, 1), "圣诞节": (12, 25), "教师节": (9, 10)}


# ---------------------------------------------------------------------- expectations
@dataclass
class Expect:
    """What a right value is: one of ``spans`` (first day, last day), with the clock ``clock``
    (hh, mm) when given; ``part`` accepts any sub-interval of a span; ``length`` a duration
    (months, seconds) instead."""

    spans: tuple = ()
    clock: tuple | None = None
    part: bool = False
    length: tuple | None = None
    any_time: bool = False  # a part of the day: the day with any T suffix


def day(d: D, clock=None) -> Expect:
    return Expect(spans=((d, d),), clock=clock)


def days(a: D, b: D) -> Expect:
    return Expect(spans=((a, b),))


def month_span(y: int, m: int) -> tuple[D, D]:
    y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return D(y, m, 1), D(y, m, calendar.monthrange(y, m)[1])


def add_months(d: D, n: int) -> D:
    y, m = d.year + (d.month - 1 + n) // 12, (d.month - 1 + n) % 12 + 1
    return D(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def monday(d: D) -> D:
    return d - dt.timedelta(days=d.weekday())


# ---------------------------------------------------------------------- reading a value
_POINT = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?|-W(\d\d)(?:-(\d|WE))?|-Q(\d)|-H(\d))?(?:T(\d\d):(\d\d)(?::\d\d)?|T([A-Z]{2}))?$")


def read_point(v: str):
    """(first day, last day, (hh, mm) or None, has a T part) of one TIMEX3 point, or None."""
    m = _POINT.match(v)
    if not m:
        return None
    y = int(m[1])
    if m[3]:
        a = b = D(y, int(m[2]), int(m[3]))
    elif m[2]:
        a, b = month_span(y, int(m[2]))
    elif m[4]:
        mon = D.fromisocalendar(y, int(m[4]), 1)
        if m[5] == "WE":
            a, b = mon + 5 * DAY, mon + 6 * DAY
        elif m[5]:
            a = b = mon + (int(m[5]) - 1) * DAY
        else:
            a, b = mon, mon + 6 * DAY
    elif m[6]:
        q = int(m[6])
        a, b = month_span(y, 3 * q - 2)[0], month_span(y, 3 * q)[1]
    elif m[7]:
        h = int(m[7])
        a, b = month_span(y, 6 * h - 5)[0], month_span(y, 6 * h)[1]
    else:
        a, b = D(y, 1, 1), D(y, 12, 31)
    clock = (int(m[8]), int(m[9])) if m[8] else None
    return a, b, clock, bool(m[8] or m[10])


def read_length(v: str):
    m = re.fullmatch(r"P((?:\d+(?:\.\d+)?[YMWD])*)(?:T((?:\d+(?:\.\d+)?[HMS])+))?", v or "")
    if not m or not (m[1] or m[2]):
        return None
    months = seconds = 0.0
    for n, u in re.findall(r"(\d+(?:\.\d+)?)([YMWD])", m[1] or ""):
        months += float(n) * {"Y": 12, "M": 1}.get(u, 0)
        seconds += float(n) * {"W": 604800, "D": 86400}.get(u, 0)
    for n, u in re.findall(r"(\d+(?:\.\d+)?)([HMS])", m[2] or ""):
        seconds += float(n) * {"H": 3600, "M": 60, "S": 1}[u]
    return round(months, 6), round(seconds, 3)


def right(value: str, exp: Expect) -> bool:
    if not value:
        return False
    if exp.length is not None:
        return read_length(value) == exp.length
    first, _, last = value.partition("/")
    try:
        a, b = read_point(first) or (None,) * 4, read_point(last) if last else None
    except ValueError:
        return False
    if a[0] is None or (last and b is None):
        return False
    lo, hi = a[0], (b or a)[1]
    clock, timed = a[2], a[3]
    for s, e in exp.spans:
        if exp.part:
            if s <= lo <= hi <= e:
                return True
            continue
        if (lo, hi) != (s, e):
            continue
        if exp.clock is not None:
            if clock == exp.clock:
                return True
        elif exp.any_time:
            if timed:
                return True
        elif clock is None:
            return True
    return False


# ---------------------------------------------------------------------- families
REL_DAY = {"今天": 0, "明天": 1, "后天": 2, "大后天": 3, "昨天": -1, "前天": -2, "大前天": -3,
           "今日": 0, "明日": 1, "昨日": -1, "前日": -2, "本日": 0, "次日": None}
# part of the day -> (the hour written, the hour on a 24-hour clock)
PARTS = {"": (9, 9), "早上": (7, 7), "早晨": (6, 6), "上午": (10, 10), "中午": (12, 12), "下午": (3, 15),
         "傍晚": (6, 18), "晚上": (8, 20), "夜里": (11, 23), "凌晨": (2, 2), "晚": (9, 21), "早": (8, 8)}


def clock_forms(h: int):
    """(written clock, minutes) for an hour h as news writes it."""
    c = CN[h] if h <= 12 else str(h)
    return [(f"{h}点", 0), (f"{h}点半", 30), (f"{h}点30分", 30), (f"{c}点", 0), (f"{c}点半", 30),
            (f"{h}:30", 30), (f"{h}时", 0), (f"{h}时15分", 15), (f"{c}点一刻", 15), (f"{h}点整", 0),
            (f"{c}时二十分", 20)]


def fam_relday_clock(anchor: D):
    for word, k in REL_DAY.items():
        if k is None:
            continue
        when = anchor + k * DAY
        for part, (h, h24) in PARTS.items():
            if part in ("晚", "早"):
                continue
            for clock, mi in clock_forms(h):
                yield f"{word}{part}{clock}", day(when, (h24, mi))


COMPOUND = {"今晚": (0, 8, 20), "明晚": (1, 8, 20), "昨晚": (-1, 10, 22), "今早": (0, 7, 7), "明早": (1, 6, 6),
            "今晨": (0, 5, 5), "昨夜": (-1, 11, 23), "前天晚上": (-2, 8, 20), "昨天下午": (-1, 4, 16),
            "明天早上": (1, 7, 7), "后天上午": (2, 9, 9), "大后天晚上": (3, 7, 19), "前晚": (-2, 9, 21)}


def fam_relday_part(anchor: D):
    for word, (k, h, h24) in COMPOUND.items():
        when = anchor + k * DAY
        yield word, Expect(spans=((when, when),), any_time=True)
        yield f"{word}{h}点", day(when, (h24, 0))
        yield f"{word}{CN[h]}点半", day(when, (h24, 30))
    for word, k in REL_DAY.items():
        if k is None:
            continue
        for part in ("上午", "下午", "晚上", "凌晨", "中午", "傍晚", "早上", "夜间", "白天", "深夜"):
            when = anchor + k * DAY
            yield f"{word}{part}", Expect(spans=((when, when),), any_time=True)


DIRS = {"前": -1, "以前": -1, "之前": -1, "后": 1, "以后": 1, "之后": 1}
COUNTS = {1: ["一", "1"], 2: ["两", "2"], 3: ["三", "3"], 5: ["五"], 10: ["十", "10"], 12: ["十二"], 15: ["15"]}


def fam_offset(anchor: D):
    for n, writes in COUNTS.items():
        for w in writes:
            for dword, sign in DIRS.items():
                d = anchor + sign * n * DAY
                yield f"{w}天{dword}", day(d)
                wk = anchor + sign * 7 * n * DAY
                for unit in ("周", "个星期", "个礼拜"):
                    mon = monday(wk)
                    yield f"{w}{unit}{dword}", Expect(spans=((wk, wk), (mon, mon + 6 * DAY)))
                mo = add_months(anchor, sign * n)
                yield f"{w}个月{dword}", Expect(spans=((mo, mo), month_span(mo.year, mo.month)))
                y = anchor.year + sign * n
                yield f"{w}年{dword}", Expect(spans=((D(y, 1, 1), D(y, 12, 31)),))


def fam_offset_half(anchor: D):
    for dword, sign in DIRS.items():
        d = anchor + sign * 15 * DAY
        yield f"半个月{dword}", Expect(spans=((d, d), month_span(d.year, d.month)))
        y = add_months(anchor, sign * 6)
        yield f"半年{dword}", Expect(spans=((y, y), month_span(y.year, y.month)))
        m = add_months(anchor, sign * 18)
        yield f"一年半{dword}", Expect(spans=((m, m), month_span(m.year, m.month)))
        for w, n in (("一", 45), ("两", 75)):
            d = anchor + sign * n * DAY
            yield f"{w}个半月{dword}", Expect(spans=((d, d), month_span(d.year, d.month)))


WEEK_PREFIX = {"": 0, "这": 0, "本": 0, "这个": 0, "上": -1, "上个": -1, "下": 1, "下个": 1, "上上": -2,
               "下下": 2, "上上个": -2, "下下个": 2}
WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}


def fam_weekday(anchor: D):
    for pre, k in WEEK_PREFIX.items():
        for ww in ("周", "星期", "礼拜"):
            if ww == "周" and pre.endswith("个"):
                continue
            for wname, wd in WEEKDAYS.items():
                if ww == "周" and wname == "天":
                    continue
                d = monday(anchor) + (7 * k + wd - 1) * DAY
                accepted = [(d, d)]
                if pre == "":  # a bare weekday: this week's, or the next one (Duckling's convention)
                    nxt = d if d > anchor else d + 7 * DAY
                    accepted.append((nxt, nxt))
                yield f"{pre}{ww}{wname}", Expect(spans=tuple(accepted))
            if pre:
                mon = monday(anchor) + 7 * k * DAY
                yield f"{pre}{ww}", days(mon, mon + 6 * DAY)
                yield f"{pre}{ww}末", days(mon + 5 * DAY, mon + 6 * DAY)
    for pre, k in (("下周", 1), ("上周", -1), ("本周", 0)):
        d = monday(anchor) + (7 * k + 5) * DAY
        yield f"{pre}周六", day(d)


REL_YEAR = {"今年": 0, "明年": 1, "去年": -1, "前年": -2, "后年": 2, "大前年": -3, "大后年": 3, "本年": 0,
            "上一年": -1, "下一年": 1, "来年": 1, "翌年": None}
REL_MONTH = {"本月": 0, "这个月": 0, "上个月": -1, "下个月": 1, "上月": -1, "下月": 1, "上上个月": -2,
             "下下个月": 2, "当月": 0, "上一个月": -1, "下一个月": 1, "这一个月": 0}


def fam_relative_period(anchor: D):
    for word, k in REL_YEAR.items():
        if k is None:
            continue
        y = anchor.year + k
        yield word, days(D(y, 1, 1), D(y, 12, 31))
        for mo in (1, 3, 10, 12):
            yield f"{word}{mo}月", days(*month_span(y, mo))
            yield f"{word}{CN[mo]}月份", days(*month_span(y, mo))
        yield f"{word}3月8日", day(D(y, 3, 8))
        yield f"{word}十月一日", day(D(y, 10, 1))
        for q in (1, 2, 3, 4):
            yield f"{word}第{ORD[q]}季度", days(month_span(y, 3 * q - 2)[0], month_span(y, 3 * q)[1])
            yield f"{word}{ORD[q]}季度", days(month_span(y, 3 * q - 2)[0], month_span(y, 3 * q)[1])
        yield f"{word}上半年", days(D(y, 1, 1), D(y, 6, 30))
        yield f"{word}下半年", days(D(y, 7, 1), D(y, 12, 31))
        for sub in ("年初", "年底", "年末", "年中", "底", "初"):
            yield f"{word}{sub}", Expect(spans=((D(y, 1, 1), D(y, 12, 31)),), part=True)
    for word, k in REL_MONTH.items():
        a, b = month_span(anchor.year, anchor.month + k)
        yield word, days(a, b)
        yield f"{word}5日", day(D(a.year, a.month, 5))
        yield f"{word}十五号", day(D(a.year, a.month, 15))
        for sub in ("初", "底", "中旬", "上旬", "下旬", "末"):
            yield f"{word}{sub}", Expect(spans=((a, b),), part=True)


def fam_festival(anchor: D):
    for yword, k in list(REL_YEAR.items())[:7] + [("2023年", None), ("2026年", None)]:
        y = anchor.year + k if k is not None else int(yword[:4])
        for fest, table in LUNAR_FESTIVALS.items():
            if y in table:
                yield f"{yword}{fest}", day(D(y, *table[y]))
        for fest, md in SOLAR_FESTIVALS.items():
            yield f"{yword}{fest}", day(D(y, *md))


def fam_festival_bare(anchor: D):
    """A festival without a year: this year's, the nearest, or the next one are all accepted."""
    for fest, table in LUNAR_FESTIVALS.items():
        cands = [D(y, *table[y]) for y in (anchor.year - 1, anchor.year, anchor.year + 1) if y in table]
        yield fest, Expect(spans=tuple((c, c) for c in cands))
    for fest, md in SOLAR_FESTIVALS.items():
        cands = [D(y, *md) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
        yield fest, Expect(spans=tuple((c, c) for c in cands))


def cn_year(y: int, zero="〇") -> str:
    return "".join(CN_DIGIT[int(c)] if c != "0" else zero for c in str(y))


def cn_num(n: int) -> str:
    if n <= 10:
        return CN_DIGIT[n] if n else "〇"
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGIT[tens]) + "十" + (CN_DIGIT[ones] if ones else "")


def fam_calendar(anchor: D):
    for (y, m, d) in ((2024, 3, 7), (2019, 11, 23), (2008, 8, 8), (1998, 12, 31)):
        fw = lambda s: "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in s)  # noqa: E731
        for form in (f"{y}年{m}月{d}日", f"{y}年{m}月{d}号", f"{y}-{m:02d}-{d:02d}", f"{y}/{m}/{d}",
                     f"{y}.{m}.{d}", f"{y}{m:02d}{d:02d}", f"{cn_year(y)}年{cn_num(m)}月{cn_num(d)}日",
                     f"{cn_year(y, '零')}年{cn_num(m)}月{cn_num(d)}日", fw(f"{y}年{m}月{d}日"),
                     f"{y % 100:02d}年{m}月{d}日", f"{y}年{m:02d}月{d:02d}日"):
            yield form, day(D(y, m, d))
        yield f"{y}年{m}月", days(*month_span(y, m))
        yield f"{y}年{m}月份", days(*month_span(y, m))
        yield f"{y % 100:02d}年{m}月", days(*month_span(y, m))
        yield f"{y}年", days(D(y, 1, 1), D(y, 12, 31))
    for (m, d) in ((3, 7), (11, 23), (12, 31)):
        y = anchor.year
        for form in (f"{m}月{d}日", f"{m}月{d}号", f"{cn_num(m)}月{cn_num(d)}日", f"{cn_num(m)}月{cn_num(d)}号"):
            yield form, Expect(spans=((D(y, m, d),) * 2, (D(y - 1, m, d),) * 2, (D(y + 1, m, d),) * 2))
    for d in (3, 12, 29):
        here = D(anchor.year, anchor.month, d)
        before = D(here.year - (here.month == 1), (here.month - 2) % 12 + 1, 1)
        accepted = [(here, here)]
        if d <= calendar.monthrange(before.year, before.month)[1]:  # a day well ahead: last month's
            accepted.append((before.replace(day=d),) * 2)
        yield f"{cn_num(d)}日", Expect(spans=tuple(accepted))
        yield f"{d}日", Expect(spans=tuple(accepted))


def fam_date_clock(anchor: D):
    y = 2024
    for (m, d) in ((3, 7), (10, 15)):
        for part, (h, h24) in PARTS.items():
            for clock, mi in clock_forms(h)[:7]:
                yield f"{y}年{m}月{d}日{part}{clock}", day(D(y, m, d), (h24, mi))
                yield f"{m}月{d}日{part}{clock}", Expect(spans=((D(anchor.year, m, d),) * 2,
                                                                (D(anchor.year - 1, m, d),) * 2),
                                                         clock=(h24, mi))


CONNECTORS = ("到", "至", "-", "—", "～", "~")


def fam_range(anchor: D):
    y = anchor.year
    for c in CONNECTORS:
        for pre in ("", "从", "自"):
            yield f"{pre}2024年3月7日{c}2024年3月10日", days(D(2024, 3, 7), D(2024, 3, 10))
            yield f"{pre}2024年3月7日{c}10日", days(D(2024, 3, 7), D(2024, 3, 10))
            yield f"{pre}2024年3月7日{c}4月2日", days(D(2024, 3, 7), D(2024, 4, 2))
            yield f"{pre}2018年{c}2020年", days(D(2018, 1, 1), D(2020, 12, 31))
            yield f"{pre}2024年3月{c}5月", days(D(2024, 3, 1), D(2024, 5, 31))
            yield f"{pre}2023年11月{c}2024年2月", days(D(2023, 11, 1), D(2024, 2, 29))
            yield f"{pre}2024年2{c}4月", days(D(2024, 2, 1), D(2024, 4, 30))
            mon = monday(anchor)
            yield f"{pre}周一{c}周五", days(mon, mon + 4 * DAY)
            yield f"{pre}下周一{c}下周三", days(mon + 7 * DAY, mon + 9 * DAY)
            yield f"{pre}今天{c}后天", days(anchor, anchor + 2 * DAY)
            yield f"{pre}明天{c}下周五", days(anchor + DAY, mon + 11 * DAY)
            yield f"{pre}去年{c}今年", days(D(y - 1, 1, 1), D(y, 12, 31))
            yield f"{pre}上个月{c}下个月", days(month_span(y, anchor.month - 1)[0], month_span(y, anchor.month + 1)[1])
            yield f"{pre}2024年第一季度{c}第三季度", days(D(2024, 1, 1), D(2024, 9, 30))


def fam_clock_range(anchor: D):
    for c in ("到", "至", "-", "～"):
        for pre in ("", "从"):
            yield f"{pre}明天下午3点{c}5点", day(anchor + DAY, (15, 0))
            yield f"{pre}今天上午9点{c}11点半", day(anchor, (9, 0))
            yield f"{pre}2024年3月7日9时{c}17时", day(D(2024, 3, 7), (9, 0))
            yield f"{pre}晚上8点{c}10点", day(anchor, (20, 0))


def fam_duration(anchor: D):
    units = {"年": (12, 0), "个月": (1, 0), "周": (0, 604800), "个星期": (0, 604800), "天": (0, 86400),
             "小时": (0, 3600), "个小时": (0, 3600), "分钟": (0, 60)}
    for n, writes in COUNTS.items():
        for w in writes:
            for u, (mo, s) in units.items():
                if u == "年" and len(w) == 2 and w.isdigit():
                    continue  # 10年 alone is as often the year 2010 (a two-digit year): left out
                yield f"{w}{u}", Expect(length=(float(n * mo), float(n * s)))
    for w, n in (("一", 1), ("两", 2), ("三", 3)):
        yield f"{w}年半", Expect(length=(n * 12 + 6.0, 0.0))
        yield f"{w}个半月", Expect(length=(n + 0.5, 0.0))
        yield f"{w}天半", Expect(length=(0.0, (n + 0.5) * 86400.0))
        yield f"{w}个半小时", Expect(length=(0.0, (n + 0.5) * 3600.0))
    yield "半年", Expect(length=(6.0, 0.0))
    yield "半个月", Expect(length=(0.5, 0.0))
    yield "半小时", Expect(length=(0.0, 1800.0))
    yield "半天", Expect(length=(0.0, 43200.0))


def fam_span(anchor: D):
    for w, n in (("三", 3), ("7", 7), ("两", 2), ("十", 10)):
        for word in ("过去", "最近", "近"):
            past = (anchor - n * DAY, anchor - DAY), (anchor - n * DAY, anchor), (anchor - (n - 1) * DAY, anchor)
            yield f"{word}{w}天", Expect(spans=past)
        yield f"未来{w}天", Expect(spans=((anchor + DAY, anchor + n * DAY), (anchor, anchor + n * DAY),
                                        (anchor, anchor + (n - 1) * DAY)))
        mon = monday(anchor)
        yield f"上{w}周", days(mon - 7 * n * DAY, mon - DAY)
        yield f"下{w}周", days(mon + 7 * DAY, mon + 7 * n * DAY + 6 * DAY)
        yield f"前{w}年", days(D(anchor.year - n, 1, 1), D(anchor.year - 1, 12, 31))
        yield f"后{w}个月", days(month_span(anchor.year, anchor.month + 1)[0],
                                month_span(anchor.year, anchor.month + n)[1])
        yield f"今年前{w}个月", days(D(anchor.year, 1, 1), month_span(anchor.year, n)[1])


def fam_nth_week(anchor: D):
    y = anchor.year
    for m in (3, 8, 11):
        for n in (1, 2, 3):
            mark = D(y, m, 1) + 7 * (n - 1) * DAY
            mon = monday(mark)
            yield f"{y}年{m}月第{ORD[n]}周", Expect(spans=((mon, mon + 6 * DAY), (mark, mark + 6 * DAY)))
        for n, wd in ((1, 2), (2, 5), (3, 1)):
            first = D(y, m, 1)
            d = first + ((wd - 1 - first.weekday()) % 7 + 7 * (n - 1)) * DAY
            wname = "一二三四五六日"[wd - 1]
            yield f"{y}年{m}月的第{ORD[n]}个周{wname}", day(d)
            yield f"{y}年{m}月第{ORD[n]}个星期{wname}", day(d)
    for n in (1, 10, 37):
        mon = D.fromisocalendar(y, n, 1)
        yield f"今年第{n}周", days(mon, mon + 6 * DAY)


LUNAR_DAYS = {"正月初一": "春节", "正月十五": "元宵节", "五月初五": "端午节", "七月初七": "七夕", "八月十五": "中秋节",
              "九月初九": "重阳节"}


def fam_lunar(anchor: D):
    """Lunar dates written out, after a year word, with and without 农历."""
    for yword, k in list(REL_YEAR.items())[:5] + [("2024年", None)]:
        y = anchor.year + k if k is not None else int(yword[:4])
        for lunar, fest in LUNAR_DAYS.items():
            if y in LUNAR_FESTIVALS[fest]:
                when = day(D(y, *LUNAR_FESTIVALS[fest][y]))
                yield f"{yword}农历{lunar}", when
                if lunar == "八月十五":  # no lunar mark (正, 腊, 初): as often August 15
                    yield f"{yword}{lunar}", Expect(spans=when.spans + ((D(y, 8, 15),) * 2,))
                else:
                    yield f"{yword}{lunar}", when
                yield f"农历{y}年{lunar}" if k is None else f"{yword}阴历{lunar}", when


def fam_clock_alone(anchor: D):
    """A part of the day and a clock time without a day: the anchor's day."""
    for part, (h, h24) in PARTS.items():
        if not part:
            continue
        for clock, mi in clock_forms(h):
            yield f"{part}{clock}", day(anchor, (h24, mi))


def fam_holiday(anchor: D):
    y = anchor.year
    for word, md in (("五一", (5, 1)), ("十一", (10, 1)), ("国庆", (10, 1))):
        for cue in ("假期", "黄金周", "长假", "小长假"):
            yield f"{y}年{word}{cue}", Expect(spans=((D(y, *md), D(y, *md) + 6 * DAY),), part=True)
    for fest in ("春节", "清明节", "端午节", "中秋节"):
        when = D(y, *LUNAR_FESTIVALS[fest][y])
        yield f"今年{fest}假期", Expect(spans=((when - 7 * DAY, when + 7 * DAY),), part=True)
        yield f"今年{fest}前后", Expect(spans=((when, when), (when - 7 * DAY, when + 7 * DAY)))


def fam_weekday_clock(anchor: D):
    """A weekday (with a week prefix) x a part of the day x a clock."""
    for pre, k in (("", 0), ("上", -1), ("下", 1), ("本", 0), ("下个", 1)):
        for ww in ("周", "星期"):
            if ww == "周" and pre == "下个":
                continue
            for wname, wd in (("一", 1), ("三", 3), ("五", 5), ("日", 7)):
                d = monday(anchor) + (7 * k + wd - 1) * DAY
                nxt = d if d > anchor or pre else d + 7 * DAY
                for part, (h, h24) in (("上午", (10, 10)), ("下午", (3, 15)), ("晚上", (7, 19)), ("", (9, 9))):
                    for clock, mi in ((f"{h}点", 0), (f"{CN[h]}点半", 30), (f"{h}:15", 15)):
                        yield f"{pre}{ww}{wname}{part}{clock}", Expect(spans=((d, d), (nxt, nxt)), clock=(h24, mi))
                    if part:
                        yield f"{pre}{ww}{wname}{part}", Expect(spans=((d, d), (nxt, nxt)), any_time=True)


def fam_numeric_clock(anchor: D):
    """Numeric dates with a clock time, as web pages and wires print them."""
    for (y, m, d) in ((2019, 3, 5), (2023, 11, 20)):
        for hh, mi in ((10, 30), (8, 5), (23, 59)):
            for form in (f"{y}-{m:02d}-{d:02d} {hh:02d}:{mi:02d}", f"{y}-{m:02d}-{d:02d} {hh:02d}:{mi:02d}:00",
                         f"{y}/{m:02d}/{d:02d} {hh:02d}:{mi:02d}", f"{y}年{m:02d}月{d:02d}日 {hh:02d}:{mi:02d}",
                         f"{y}年{m}月{d}日{hh}:{mi:02d}", f"{y}.{m:02d}.{d:02d} {hh:02d}:{mi:02d}",
                         f"{y}年{m}月{d}日{hh}时{mi}分", f"{m}月{d}日 {hh:02d}:{mi:02d}"):
                yield form, Expect(spans=((D(y, m, d),) * 2, (D(anchor.year, m, d),) * 2,
                                          (D(anchor.year - 1, m, d),) * 2), clock=(hh, mi))


def fam_lunar_more(anchor: D):
    """Lunar days around the new year and other lunar forms (days from the almanac table)."""
    for yword, k in (("今年", 0), ("明年", 1), ("去年", -1), ("", 0)):
        y = anchor.year + k
        ny = D(y, *LUNAR_FESTIVALS["春节"][y])
        eve = D(y, *LUNAR_FESTIVALS["除夕"][y])
        cands = lambda d: (d, d) if yword else None  # noqa: E731
        near = [D(yy, *LUNAR_FESTIVALS["春节"][yy]) for yy in (anchor.year - 1, anchor.year, anchor.year + 1)]
        for n in (1, 2, 5, 8, 10):
            for form in (f"大年初{ORD[n]}", f"正月初{ORD[n]}", f"农历正月初{ORD[n]}"):
                spans = (cands(ny + (n - 1) * DAY),) if yword else tuple((x + (n - 1) * DAY,) * 2 for x in near)
                yield f"{yword}{form}", Expect(spans=spans)
        for form in ("大年三十", "年三十", "除夕夜", "大年夜"):
            spans = ((eve, eve),) if yword else tuple(((x - DAY),) * 2 for x in near)
            yield f"{yword}{form}", Expect(spans=spans)
        dd = ny + 1 * DAY + 30 * DAY  # 二月初二 is 31 or 30 days after 正月初一: accept both
        spans = ((dd - DAY, dd - DAY), (dd, dd)) if yword else tuple(
            ((x + 30 * DAY,) * 2) for x in near) + tuple(((x + 31 * DAY,) * 2) for x in near)
        yield f"{yword}农历二月初二", Expect(spans=spans)


def fam_span_more(anchor: D):
    """Spans from the anchor with a unit other than days."""
    for word in ("近", "过去", "最近"):
        for w, n in (("一", 1), ("两", 2), ("三", 3)):
            wk = (anchor - 7 * n * DAY, anchor - DAY), (anchor - 7 * n * DAY, anchor), (anchor - 7 * n * DAY + DAY, anchor)
            mon = monday(anchor)
            yield f"{word}{w}周", Expect(spans=wk + ((mon - 7 * n * DAY, mon - DAY),))
            mo = add_months(anchor, -n)
            yield f"{word}{w}个月", Expect(spans=((mo, anchor - DAY), (mo, anchor), (mo + DAY, anchor),
                                                 (month_span(mo.year, mo.month)[0], month_span(anchor.year, anchor.month - 1)[1])))
            yr = D(anchor.year - n, anchor.month, min(anchor.day, 28)) if anchor.day <= 28 else anchor.replace(year=anchor.year - n)
            yield f"{word}{w}年", Expect(spans=((yr, anchor - DAY), (yr, anchor), (yr + DAY, anchor),
                                               (D(anchor.year - n, 1, 1), D(anchor.year - 1, 12, 31))))
    for w, n in (("一", 1), ("两", 2)):
        mo = add_months(anchor, n)
        yield f"未来{w}个月", Expect(spans=((anchor + DAY, mo), (anchor, mo), (anchor, mo - DAY)))
        yield f"未来{w}周", Expect(spans=((anchor + DAY, anchor + 7 * n * DAY), (anchor, anchor + 7 * n * DAY),
                                         (anchor, anchor + 7 * n * DAY - DAY)))


FAMILIES = {
    "relday_clock": fam_relday_clock, "relday_part": fam_relday_part, "offset": fam_offset,
    "offset_half": fam_offset_half, "weekday": fam_weekday, "relative_period": fam_relative_period,
    "festival_year": fam_festival, "festival_bare": fam_festival_bare, "calendar": fam_calendar,
    "date_clock": fam_date_clock, "range": fam_range, "clock_range": fam_clock_range,
    "duration": fam_duration, "span": fam_span, "nth_week": fam_nth_week, "lunar": fam_lunar,
    "clock_alone": fam_clock_alone, "holiday": fam_holiday, "weekday_clock": fam_weekday_clock,
    "numeric_clock": fam_numeric_clock, "lunar_more": fam_lunar_more, "span_more": fam_span_more,
}
FRAME = {"duration": "该项目持续了{}。", "span": "据统计，{}，全市新增企业。"}
DEFAULT_FRAME = "据报道，{}，有关方面在北京召开会议。"


def cases(families=None, bare=False):
    """(family, anchor, sentence, start, expression, Expect) for every generated combination; with
    ``bare`` the expression is the whole text (as a time parser's test suite gives it)."""
    seen = set()
    for name, fam in FAMILIES.items():
        if families and name not in families:
            continue
        frame = "{}" if bare else FRAME.get(name, DEFAULT_FRAME)
        start = frame.index("{}")
        for anchor in ANCHORS:
            for expr, exp in fam(anchor):
                key = (name, anchor, expr)
                if key in seen:
                    continue
                seen.add(key)
                yield name, anchor, frame.format(expr), start, expr, exp


def check(extractor, families=None, bare=False, script=""):
    """{family: [n, exact span, right value, misses]}; the value read is the row over the expression.
    With ``script`` (an OpenCC config such as s2tw) each sentence is converted to it and back to
    simplified with t2s, as the pipeline reads traditional text."""
    out = {}
    convert = None
    if script:
        import opencc

        there, back = opencc.OpenCC(script), opencc.OpenCC("t2s")
        convert = lambda t: back.convert(there.convert(t))  # noqa: E731
    for name, anchor, sentence, start, expr, exp in cases(families, bare):
        if convert is not None:
            sentence, expr = convert(sentence), convert(expr)
            start = sentence.find(expr)
        end = start + len(expr)
        rows = extractor.extract(sentence, anchor)
        exact = [r for r in rows if r.start == start and r.end == end]
        cover = exact or [r for r in rows if r.start <= start and r.end >= end]
        ok = bool(cover) and right(cover[0].value, exp)
        stat = out.setdefault(name, [0, 0, 0, []])
        stat[0] += 1
        stat[1] += bool(exact)
        stat[2] += ok
        if not (ok and exact):
            got = "; ".join(f"{sentence[r.start:r.end]}={r.value}" for r in rows) or "-"
            stat[3].append(f"{anchor} {expr}  ->  {got}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--family", action="append", help="only these families")
    ap.add_argument("--misses", type=int, default=8, help="misses to print per family")
    ap.add_argument("--bare", action="store_true", help="the expression alone, not in a sentence")
    ap.add_argument("--script", default="", help="an OpenCC config (s2tw, s2hk): convert, then back with t2s")
    args = ap.parse_args()
    from zhnews.dates import DateExtractor
    from zhnews.rules import DEFAULT_RULES_DIR

    ex = DateExtractor.from_rules(DEFAULT_RULES_DIR)
    res = check(ex, args.family, args.bare, args.script)
    tot = [0, 0, 0]
    for name, (n, span, ok, misses) in res.items():
        tot = [tot[0] + n, tot[1] + span, tot[2] + ok]
        print(f"{name:16} n={n:5}  exact span {span / n:6.1%}  right value {ok / n:6.1%}")
        for line in misses[:args.misses]:
            print("    ", line)
    print(f"{'all':16} n={tot[0]:5}  exact span {tot[1] / tot[0]:6.1%}  right value {tot[2] / tot[0]:6.1%}")


if __name__ == "__main__":
    main()
