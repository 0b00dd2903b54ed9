"""Combining the matches of single rules into expressions: a time of day glued onto its date, ranges
joined by a range_connector word, lists of days, durations of several units, a year or month taken
by what follows it, and the modifier words around an expression.

The joining words are lexicon tables (range_connector, list_separator, duration_joiner,
date_time_glue, prefix_mod, suffix_mod); which matches may join is decided on the resolver each
rule names and the groups that matched.
"""
from __future__ import annotations

import re

from .lexicon import DateLexicon
from .loader import words_pattern
from .model import Candidate

_SP = "[ \t\u3000\xa0]?"
_BLANKS = " \t\u3000\xa0"
_UNIT_ORDER = ("Y", "Q", "M", "W", "D", "TH", "TM", "TS")  # a duration of several units goes down this list


_WHOLE_HOUR = frozenset("点點时時")  # a clock time ending on its hour, which 多 can follow


class Combiner:
    """The combination step, with its joining words compiled once from the lexicon."""

    def __init__(self, lex: DateLexicon):
        self._lex = lex
        self._prefix_mod = re.compile(f"(?:{words_pattern(lex['prefix_mod'])})$")
        self._suffix_mod = re.compile(f"{_SP}(?:{words_pattern(lex['suffix_mod'])})")
        self._festival_prefix = re.compile(f"(?:{words_pattern(lex['festival_prefix'])})$")
        self._max_festival_prefix = max((len(w) for w in lex["festival_prefix"]), default=0)
        self._not_suffix = re.compile(f"{_SP}(?:{words_pattern(lex['not_suffix_mod'])})")
        self._connector = re.compile(f"{_SP}(?:{words_pattern(lex['range_connector'])}){_SP}$")
        self._max_prefix = max((len(w) for w in lex["prefix_mod"]), default=0)
        self._time_zone = re.compile(f"(?:{words_pattern(lex['time_zone'])}){_SP}$")  # 北京时间6月11日
        self._max_time_zone = max((len(w) for w in lex["time_zone"]), default=0) + 1
        self._opener = re.compile(f"(?:{words_pattern(lex['range_opener'])}){_SP}$")
        self._closer = re.compile(f"{_SP}(?:{words_pattern(lex['range_closer'])})")
        self._max_opener = max((len(w) for w in lex["range_opener"]), default=0) + 1
        self._plus = re.compile(f"{_SP}(?:{words_pattern(lex['duration_joiner'])})?{_SP}")  # 2年零6个月
        self._list_sep = re.compile(f"{_SP}(?:{words_pattern(lex['list_separator'])}){_SP}")  # 9月10号，11号
        self._glue = re.compile(f"{_SP}(?:{words_pattern(lex['date_time_glue'])})?")  # 6月1日的下午
        self._unit_codes = {**lex["set_unit"], **lex["unit"]}  # unit word -> ISO designator
        self._brackets = dict(lex["aside_bracket"])  # 11月23日（周三）
        self._until_now = re.compile(f"{_SP}(?:{words_pattern(lex['until_now'])})")  # 2018年至今
        self._clock_more = re.compile(f"多(?:钟|鐘)?(?!{words_pattern(lex['measure_word'])})")  # 两点多, not 8点多家企业
        # 7、8月, 5、6日, 2018、2019年: numbers that share the unit written after the last one.
        numeral = re.escape("".join(list(lex.digits) + list(lex.units)))
        self._shared_head = re.compile(
            f"(?<![0-9０-９{numeral}])([0-9０-９]{{1,4}}|[{numeral}]{{1,3}}){_SP}(?:{words_pattern(lex['shared_unit_separator'])}){_SP}$")

    def combine(self, text: str, cands: list[Candidate]) -> list[Candidate]:
        """Glue times of day onto dates, join ranges and lists, and take in modifiers around a match."""
        merged: list[Candidate] = []
        cands = self._shared_units(text, cands)
        for k, c in enumerate(cands):
            if "F" in c.g:  # 国际儿童节, 世界地球日: the prefix is part of the name
                lo = cands[k - 1].end if k else 0
                fp = self._festival_prefix.search(text, max(lo, c.start - self._max_festival_prefix), c.start)
                if fp:
                    c.start = fp.start()
        glue, i = self._glue.fullmatch, 0
        while i < len(cands):
            c = cands[i]
            nxt = cands[i + 1] if i + 1 < len(cands) else None
            if nxt is not None and self._absorb(text, cands, i):
                continue
            if nxt is not None and self._join_around(cands, i):
                continue
            if nxt is not None and (c.rule.type == "DATE" or "dpart" in c.g or "dapart" in c.g) \
                    and nxt.rule.resolve == "time" and self._day_level(c) \
                    and glue(text, c.end, nxt.start):
                c.time, c.end = nxt, nxt.end
                c.rule_id = f"{c.rule.id}+{nxt.rule.id}"
                i += 2
                if i < len(cands) and self._clock_range(text, c, cands[i]):  # 明天下午两点到五点
                    i += 1
                elif i + 1 < len(cands) and self._dated_clock_range(text, c, cands[i], cands[i + 1]):
                    i += 2  # 昨天下午两点到明天四点
            elif (nxt is not None and c.rule.resolve == "set" and nxt.rule.resolve == "time"
                  and self._daily(c) and glue(text, c.end, nxt.start)):
                c.time, c.end = nxt, nxt.end  # 每天早上8点, 每周一下午八点: a recurring time of day
                c.rule_id = f"{c.rule.id}+{nxt.rule.id}"
                i += 2
            elif nxt is not None and c.rule.resolve == "time" and self._clock_range(text, c, nxt):
                i += 2
            elif (nxt is not None and c.rule.resolve == "time" and i + 2 < len(cands)
                  and self._dated_clock_range(text, c, nxt, cands[i + 2])):
                i += 3  # 晚上8点到第二天早上6点, 2:00-明天4:00
            elif nxt is not None and self._clock_as_hours(text, c, nxt):
                del cands[i + 1]  # 8天20时: twenty hours after a count of days, not 20:00
                continue
            elif (nxt is not None and c.rule.resolve == nxt.rule.resolve == "duration" and not c.mod
                  and self._joins_duration(text, c, nxt)):
                # 2年6个月, 8天20小时, 一个星期又三天, 两天又一个月: one duration of several units.
                c.plus.append(nxt)
                c.end = nxt.end
                del cands[i + 1]
                continue
            elif (nxt is not None and nxt.rule.resolve == "calendar" and set(nxt.g) == {"D"}
                  and c.rule.resolve == "calendar" and "D" in c.g and "D2" not in c.g and c.upto is None
                  and (c.rule.standalone or c.attached) and self._list_sep.fullmatch(text, c.end, nxt.start)):
                # 9月10号，11号，12号: one row per day, each in the month and year of the day before it.
                nxt.g.update((k, v) for k, v in c.g.items() if k in ("Y", "yrel", "yana", "M", "mrel", "mana"))
                nxt.attached = True
                merged.append(c)
                i += 1
                continue
            elif nxt is not None and self._lend_period(text, c, nxt):
                i += 1  # the year or month before is now part of nxt, which comes next
                continue
            elif (nxt is not None and c.rule.resolve in _POINTS and nxt.rule.resolve in _POINTS
                  and c.rule.type == "DATE" and nxt.rule.type == "DATE" and c.time is None
                  and not _is_range(c) and not _is_range(nxt)
                  and self._connector.match(text, c.end, nxt.start)
                  and (_joinable(c, nxt) or self._same_grain(c, nxt)) and not self._timed(text, cands, i + 1)):
                # 2008年到2018年, 周一至周五, 从四月的最后一个星期一到十月一日, 春节至元宵节
                if c.rule.resolve == nxt.rule.resolve == "week" and "wrel" in c.g and "wrel" not in nxt.g:
                    nxt.g["wrel"] = c.g["wrel"]  # 下周一至周五: the end is in the start's week
                c.upto, c.end = nxt, nxt.end
                c.rule_id = f"{c.rule.id}+date.range.join+{nxt.rule.id}"
                i += 2
            else:
                i += 1
            if c.rule.standalone or c.time is not None or c.attached:
                merged.append(c)
        self._take_modifiers(text, merged)
        return merged

    def _take_modifiers(self, text: str, merged: list[Candidate]) -> None:
        """A prefix_mod or suffix_mod word just before or after an expression, if it applies to its type;
        a range_opener and range_closer word around a range (从2008年到2018年, 自X起至Y止)."""
        for k, c in enumerate(merged):
            ctype = "TIME" if c.time is not None else c.rule.type
            lo = merged[k - 1].end if k else 0
            hi = merged[k + 1].start if k + 1 < len(merged) else len(text)
            if c.upto is None and not _is_range(c) and self._since_point(c):
                un = self._until_now.match(text, c.end, hi)
                if un:  # 2018年至今, 今年以来: from this date to publication
                    c.end, c.until_now = un.end(), True
            if c.upto is not None or _is_range(c) or c.until_now:
                op = self._opener.search(text, max(lo, c.start - self._max_opener), c.start)
                if op:
                    c.start = op.start()
                cl = self._closer.match(text, c.end, hi)
                if cl:
                    c.end = cl.end()
            pm = self._prefix_mod.search(text, max(lo, c.start - self._max_prefix), c.start)
            if pm:
                mod, applies = self._lex["prefix_mod"][pm.group()]
                if applies in ("ALL", ctype):
                    c.start, c.mod = pm.start(), mod
            tz = self._time_zone.search(text, max(lo, c.start - self._max_time_zone), c.start) \
                if ctype in ("DATE", "TIME") else None
            if tz:
                c.start = tz.start()
            sm = self._suffix_mod.match(text, c.end, hi)
            if sm and self._not_suffix.match(text, sm.start()):
                sm = None  # 7月29日许多业主: 许多 (many) is no 许 (about)
            if sm:
                mod, applies = self._lex["suffix_mod"][sm.group().lstrip(_BLANKS)]
                if applies in ("ALL", ctype):
                    c.end = sm.end()
                    c.mod = c.mod or mod
            elif ctype == "TIME" and text[c.end - 1:c.end] in _WHOLE_HOUR and c.end < hi:
                more = self._clock_more.match(text, c.end, hi)  # 凌晨1点多(钟): a little after one, APPROX
                if more:
                    c.end, c.mod = more.end(), c.mod or "APPROX"

    def _since_point(self, c: Candidate) -> bool:
        """A calendar date a range to publication can start from (2018年, 今年, 去年10月, 本月1日), or the
        start of the anchor's year or month alone (年初至今, 月初以来: from January 1 or the 1st)."""
        g = c.g
        if not (c.rule.resolve == "calendar" and c.rule.type == "DATE" and c.time is None and not c.plus
                and not c.same_day):
            return False
        if "Y" in g or "M" in g or "D" in g or "yrel" in g or "mrel" in g:
            return True
        part = ("year_part", g["ysub"]) if "ysub" in g else ("month_part", g["msub"]) if "msub" in g else None
        return part is not None and len(g) == 1 and self._lex[part[0]].get(part[1]) == "START"

    def _daily(self, c: Candidate) -> bool:
        """A set that recurs on whole days (每天, 每周一, 每月15日), which a time of day can follow."""
        g = c.g
        return "W" in g or ("D" in g and "M" not in g) or (self._unit_codes.get(g.get("U")) == "D" and "N" not in g)

    def _same_day(self, text: str, c: Candidate, nxt: Candidate) -> bool:
        """A period relative to the anchor, then 今天 (去年的今天, 下个月的今天): its day; True when joined."""
        if (c.same_day or c.time is not None or c.upto is not None or c.mod or self._lex["relative_day"].get(
                nxt.g.get("drel")) != 0 or set(nxt.g) != {"drel"} or not self._glue.fullmatch(text, c.end, nxt.start)):
            return False
        g = c.g
        relative = (c.rule.resolve == "calendar" and set(g) in ({"yrel"}, {"mrel"})) or \
            (c.rule.resolve == "week" and set(g) == {"wrel", "ww"}) or \
            (c.rule.resolve == "offset" and self._unit_codes.get(g.get("U")) in ("Y", "M", "W"))
        if not relative:
            return False
        c.end, c.same_day = nxt.end, True
        c.rule_id = f"{c.rule_id}+{nxt.rule.id}"
        return True

    def _shared_units(self, text: str, cands: list[Candidate]) -> list[Candidate]:
        """7、8月, 6、7、8月, 5、6日, 2018、2019年: consecutive numbers before a month, day or year that
        share its unit make one range row with it (the same days as a list; 3、5月 is left alone: a
        range would claim April). 2024年3月5、6日 and 3月5、6日: the days join the month before them."""
        out: list[Candidate] = []
        for c in cands:
            key = next(iter(c.g)) if len(c.g) == 1 else ""
            if key not in ("M", "D", "Y") or c.rule.resolve != "calendar" or (key == "Y" and len(c.g["Y"]) != 4):
                out.append(c)
                continue
            prev = out[-1] if out and out[-1].rule.resolve == "calendar" and out[-1].time is None \
                and out[-1].upto is None and "M" in out[-1].g and not set(out[-1].g) - {"Y", "yrel", "M", "D"} else None
            last, head = c.g[key], c.start
            while (m := self._shared_head.search(text, max(out[-1].end if out else 0, head - 12), head)) is not None:
                n, k = self._lex.integer(m.group(1)), self._lex.integer(last)
                if n is None or k is None or n + 1 != k or (key == "Y" and len(m.group(1)) != 4):
                    break
                last, head = m.group(1), m.start()
            if key == "D" and prev is not None and self._month_days(text, prev, c, head, last):
                continue
            if head < c.start:
                c.g = {key: last, f"{key}2": c.g[key]}
                c.start, c.rule_id = head, f"{c.rule_id}+date.range.shared_unit"
            out.append(c)
        return out

    def _month_days(self, text: str, prev: Candidate, c: Candidate, head: int, first: str) -> bool:
        """Join a day range right after a month (2024年3月 + 5、6日) or a day right after a date and a
        shared-unit separator (3月5 + 、6日) onto that month or date; True when joined."""
        if "D" not in prev.g and head < c.start and head == prev.end:
            prev.g.update(D=first, D2=c.g["D"])
        elif "D" in prev.g and head == c.start:
            m = self._shared_head.search(text, prev.start, c.start)
            a, b = self._lex.integer(prev.g["D"]), self._lex.integer(c.g["D"])
            if m is None or m.end(1) != prev.end or a is None or b is None or a + 1 != b:
                return False
            prev.g["D2"] = c.g["D"]
        else:
            return False
        prev.end, prev.rule_id = c.end, f"{prev.rule_id}+date.range.shared_unit"
        return True

    def _timed(self, text: str, cands: list[Candidate], k: int) -> bool:
        """Whether a clock time is glued after cands[k] (the end of 即日起至2019年1月4日12时 keeps its clock;
        周一至周五晚上 stays a range of days)."""
        return (k + 1 < len(cands) and cands[k + 1].rule.resolve == "time" and "hh" in cands[k + 1].g
                and self._day_level(cands[k])
                and self._glue.fullmatch(text, cands[k].end, cands[k + 1].start) is not None)

    def _clock_as_hours(self, text: str, c: Candidate, nxt: Candidate) -> bool:
        """A clock time written right after a count of days (8天20时, 3天12时30分) is hours and minutes
        of the same duration: P8DT20H. True when joined."""
        if (c.rule.resolve != "duration" or c.mod or c.plus or self._unit_codes.get(c.g.get("U")) != "D"
                or nxt.rule.resolve != "time" or c.end != nxt.start or "hh" not in nxt.g
                or set(nxt.g) - {"hh", "mi"} or not nxt.rule.standalone):
            return False
        words = {code: w for w, code in reversed(list(self._lex["unit"].items()))}  # the first word of each unit
        c.plus.append(Candidate(nxt.start, nxt.end, c.rule, {"N": nxt.g["hh"], "U": words["TH"]}))
        if "mi" in nxt.g:
            c.plus.append(Candidate(nxt.start, nxt.end, c.rule, {"N": nxt.g["mi"], "U": words["TM"]}))
        c.end = nxt.end
        return True

    def _absorb(self, text: str, cands: list[Candidate], i: int) -> bool:
        """Merge cands[i + 1] into cands[i] (or the other way) when the two are one day; True when merged."""
        c, nxt = cands[i], cands[i + 1]
        if self._same_day(text, c, nxt) or self._aside(text, c, nxt):
            del cands[i + 1]  # 去年的今天; 11月23日（周三）, 2022年11月23日星期三: one row
            return True
        if self._aside_before(text, c, nxt):
            del cands[i]  # 周三（11月23日）: the date in brackets gives the row its value
            return True
        return False

    def _join_around(self, cands: list[Candidate], i: int) -> bool:
        """春节前一周, 国庆节后三天: the days before or after a day join its row; True when joined."""
        c, nxt = cands[i], cands[i + 1]
        if (nxt.rule.resolve != "around" or nxt.start != c.end or c.rule.type != "DATE" or c.time is not None
                or c.upto is not None or not self._day_level(c)):
            return False
        c.around, c.end = nxt, nxt.end
        c.rule_id = f"{c.rule.id}+{nxt.rule.id}"
        del cands[i + 1]
        return True

    def _lend_period(self, text: str, c: Candidate, nxt: Candidate) -> bool:
        """Give the year (or month) of ``c`` to what follows it; True when given.

        3月第三周, 八月份的第一个周二, 今年第37周: a week counted in the month or year before it;
        2024年春节, 1991年农历8月23号, 今年前8个月: the year before a festival, a lunar date or the
        first months or quarters is theirs; 下周的周三: a weekday in the week before it."""
        if not self._glue.fullmatch(text, c.end, nxt.start):
            return False
        if nxt.rule.resolve == "nth" and (_year_only(c) or _month_only(c)):
            keys = ("Y", "yrel", "M", "mrel", "mana")
        elif _takes_year(nxt) and _year_only(c) and not _has_year(nxt):
            keys = ("Y", "yrel")
        elif nxt.rule.resolve == "lunar" and _named_lunar_year(c) and not _has_year(nxt):
            keys = ("Z", "GZ")  # 龙年春节, 甲辰年正月初一
        elif (c.rule.resolve == nxt.rule.resolve == "week" and "wrel" in c.g and "W" not in c.g
              and "W" in nxt.g and "wrel" not in nxt.g and c.time is None):
            keys = ("wrel",)  # 下周的周三: the weekday of that week
        else:
            return False
        nxt.g.update((k, v) for k, v in c.g.items() if k in keys)
        nxt.start, nxt.rule_id, nxt.attached = c.start, f"{c.rule.id}+{nxt.rule.id}", True
        return True

    def _aside_before(self, text: str, c: Candidate, nxt: Candidate) -> bool:
        """A weekday or a relative day with the date in brackets after it (周三（11月23日）, 下周一（3月11日）,
        昨天（12月23日）): the date's row takes the word in and gives the value."""
        day_word = (c.rule.resolve == "week" and "W" in c.g) or (c.rule.resolve == "calendar" and set(c.g) == {"drel"})
        if (not day_word or c.time is not None
                or nxt.rule.resolve != "calendar" or "D" not in nxt.g or nxt.time is not None or nxt.upto is not None):
            return False
        end = self._bracketed_end(text, text[c.end:nxt.start], nxt.end)
        if end is None:
            return False
        nxt.start, nxt.end = c.start, end
        return True

    def _aside(self, text: str, c: Candidate, nxt: Candidate) -> bool:
        """Take a weekday (or, in brackets, a lunar day) written beside a day into its span; True when taken."""
        if (c.rule.type != "DATE" or c.time is not None or c.upto is not None or not self._day_level(c)
                or c.rule.resolve not in ("calendar", "week", "lunar")):
            return False
        between = text[c.end:nxt.start]
        if not between and set(nxt.g) == {"dana"} and self._lex["anaphoric_day"][nxt.g["dana"]] == 0 \
                and nxt.g["dana"] in self._lex["anchor_when_first"]:
            c.end = nxt.end  # 明天全天: the same day (当天 stays its own row: 双十节当天)
            return True
        if (c.rule.resolve != "calendar" or "D" not in c.g or nxt.rule.resolve not in ("week", "lunar")
                or "wrel" in nxt.g or not self._day_level(nxt)):
            return False
        if not between.strip(_BLANKS) and nxt.rule.resolve == "week":
            c.end = nxt.end
            return True
        end = self._bracketed_end(text, between, nxt.end)
        if end is None:
            return False
        c.end = end
        return True

    def _bracketed_end(self, text: str, between: str, end: int) -> int | None:
        """The end of the closing bracket after ``end`` when ``between`` opens an aside_bracket, else None."""
        close = self._brackets.get(between.strip(_BLANKS))
        if close is None or not text.startswith(close, end):
            return None
        return end + len(close)

    def _joins_duration(self, text: str, c: Candidate, nxt: Candidate) -> bool:
        """Units going down (2年6个月), or any new unit after a duration_joiner word (两天又一个月)."""
        prev = c.plus[-1] if c.plus else c
        joint = self._plus.fullmatch(text, prev.end, nxt.start)
        if not joint:
            return False
        if self._finer(prev, nxt):
            return True
        units = self._lex["unit"]
        seen = {units.get(p.g.get("U", "")) for p in [c, *c.plus]}
        return bool(joint.group().strip(_BLANKS)) and units.get(nxt.g.get("U", "")) not in seen | {None}

    def _finer(self, a: Candidate, b: Candidate) -> bool:
        """Whether duration b counts a smaller unit than a: 2年6个月 is one duration, 三年五年 two."""
        units = self._lex["unit"]
        ua, ub = units.get(a.g.get("U", "")), units.get(b.g.get("U", ""))
        return ua in _UNIT_ORDER and ub in _UNIT_ORDER and _UNIT_ORDER.index(ub) > _UNIT_ORDER.index(ua)

    def _clock_range(self, text: str, c: Candidate, nxt: Candidate) -> bool:
        """Join a range_connector and a clock time onto a clock time (下午5:00到6:00); True when joined."""
        start = c.time if c.time is not None else c
        if ("hh" not in start.g or nxt.rule.resolve != "time" or "hh" not in nxt.g or c.upto is not None
                or not self._connector.match(text, c.end, nxt.start)):
            return False
        c.upto, c.end, nxt.attached = nxt, nxt.end, True
        c.rule_id = f"{c.rule_id}+time.range.join+{nxt.rule.id}"
        return True

    def _dated_clock_range(self, text: str, c: Candidate, day: Candidate, clock: Candidate) -> bool:
        """Join a range_connector, a day and a time glued to it onto a dated time (从昨天下午两点到明天四点,
        3月5日上午到6日下午)."""
        start = c.time if c.time is not None else c
        if (("hh" not in start.g and (c.time is None or "pod" not in start.g)) or c.upto is not None
                or (day.rule.type != "DATE" and "dpart" not in day.g and "dapart" not in day.g)
                or clock.rule.resolve != "time"
                or ("hh" not in clock.g and "pod" not in clock.g) or not self._day_level(day) or not self._connector.match(text, c.end, day.start)
                or not self._glue.fullmatch(text, day.end, clock.start)):
            return False
        day.time, day.end, clock.attached = clock, clock.end, True
        c.upto, c.end = day, clock.end
        c.rule_id = f"{c.rule_id}+time.range.join+{day.rule.id}+{clock.rule.id}"
        return True

    def _same_grain(self, a: Candidate, b: Candidate) -> bool:
        """Two days, two months or two years, whatever words name them: 明天到下周五, 上个月至下个月,
        去年到今年, 前天至周三 (a range between any two points of one grain)."""
        ga = self._grain(a)
        if b.rule.resolve == "week" and "wrel" not in b.g and a.rule.resolve != "week" and "drel" not in a.g:
            return False  # 2月11日至周二: a bare weekday's week is not the date's (周二 may have its own date next)
        return ga is not None and ga == self._grain(b)

    def _grain(self, c: Candidate) -> str | None:
        """'D' for a single day, 'M' a month, 'Y' a year; None for anything else (a week, a part)."""
        if c.rule.resolve not in _POINTS or c.time is not None or c.mod:
            return None
        if self._day_level(c):
            return "D"
        g = set(c.g)
        if c.rule.resolve != "calendar" or not g or g - {"Y", "yrel", "yana", "M", "mrel", "mana"}:
            return None
        return "M" if g & {"M", "mrel", "mana"} else "Y"

    def _day_level(self, c: Candidate) -> bool:
        """True for a date that names a single day (the only thing a time of day can attach to)."""
        g, resolve = c.g, c.rule.resolve
        if resolve == "lunar" or "LD" in g:
            return "LM" not in g or "LD" in g
        if resolve == "week":
            return "W" in g and self._lex["weekday"].get(g["W"]) != "WE"  # a day, not the weekend
        if resolve == "nth":
            return "W" in g
        if resolve == "offset":
            return self._unit_codes.get(g.get("U")) == "D"  # 3天后, not 3周后
        if resolve != "calendar" or "D2" in g:
            return False
        return "D" in g or "drel" in g or "dana" in g or "dpart" in g or "dapart" in g


def _has_year(c: Candidate) -> bool:
    return "Y" in c.g or "yrel" in c.g or "Z" in c.g or "GZ" in c.g


def _named_lunar_year(c: Candidate) -> bool:
    """A lunar year named alone (龙年, 甲辰年) that a festival or lunar date right after it can take."""
    return c.rule.resolve == "lunar" and set(c.g) in ({"Z"}, {"GZ"}) and c.time is None and c.upto is None


def _month_only(c: Candidate) -> bool:
    """A month (3月, 2025年8月份, 上个月) that a week or day counted in it can follow."""
    return (c.rule.resolve == "calendar" and c.time is None and c.upto is None and not c.mod
            and ("M" in c.g or "mrel" in c.g or "mana" in c.g) and not set(c.g) - {"Y", "yrel", "M", "mrel", "mana"})


def _takes_year(c: Candidate) -> bool:
    return (c.rule.resolve == "lunar" or "mfirst" in c.g or "mlast" in c.g or "qfirst" in c.g or "wfirst" in c.g
            or set(c.g) == {"M", "M2"})  # 今年7、8月


def _year_only(c: Candidate) -> bool:
    """A bare year (2024年, 今年) that a lunar date or festival right after it can take."""
    return (c.rule.resolve == "calendar" and c.time is None and c.upto is None and not c.mod
            and set(c.g) in ({"Y"}, {"yrel"}) and c.rule.standalone)


def _is_range(c: Candidate) -> bool:
    return "D2" in c.g or "M2" in c.g or "Y2" in c.g or "qfirst" in c.g


_POINTS = frozenset(("calendar", "week", "nth", "lunar"))  # resolvers of calendar points a range can join


def _joinable(a: Candidate, b: Candidate) -> bool:
    """Both ends of a range are calendar points; the end may leave out what the start gives (7月至9月).
    A week or weekday joins a week or weekday (周一至周五); a festival, lunar date or nth weekday any point."""
    ra, rb = a.rule.resolve, b.rule.resolve
    if "week" in (ra, rb):
        return ra == rb and "W" in a.g and "W" in b.g and "WE" not in (a.g["W"], b.g["W"])
    if _quarter(a) and _quarter(b):
        return True  # 2024年第二季度至第三季度, 今年一季度至三季度
    if ra == "calendar" and not ("Y" in a.g or "M" in a.g or "D" in a.g or "yrel" in a.g or "yana" in a.g
                                 or "drel" in a.g):
        return False
    if "drel" in a.g:  # 即日起至12月31日, 今天到明天: a day ends on a day (not 即日起至今年)
        return rb == "calendar" and ("D" in b.g or "drel" in b.g)
    return rb != "calendar" or "Y" in b.g or "M" in b.g or "D" in b.g or "yrel" in b.g or "drel" in b.g


def _quarter(c: Candidate) -> bool:
    return c.rule.resolve == "calendar" and ("Q" in c.g or "Qa" in c.g) and "qfirst" not in c.g
