"""DateExtractor: find candidates, combine them into expressions, drop the not-dates, resolve left to right."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from ..records import DateMatch
from ..rules import RuleError
from .combine import Combiner
from .lexicon import DateLexicon
from .loader import LoadedRule, load_date_lexicon, load_date_rules, load_not_dates, words_pattern
from .model import OUT_OF_RANGE_NOTE, Candidate, DateRule, Ref, Resolution, in_calendar_range
from .periods import add_periods, same_day, since_value
from .prefilter import combine_follow, dispatch_keys, trigger
from .tense import TenseCues, steer
from .resolvers.calendar import calendar
from .resolvers.duration import duration
from .resolvers.time import time_of_day

_RELATIVE_GROUPS = frozenset(("yrel", "yrel_short", "mrel", "drel", "dpart", "wrel", "qrel"))  # words relative to the anchor
# Groups that give a date's year (2019年, 去年, 次年, 民国三年): a yearless month after it in the sentence takes it.
_YEAR_GROUPS = frozenset(("Y", "yrel", "yrel_short", "yana", "roc", "era"))
# Groups that give a month its year another way, or make it no calendar month (农历, FY).
_NO_INHERIT = _YEAR_GROUPS | frozenset(("mrel", "mana", "LD", "LM", "fy", "drel", "dana", "dpart", "dapart"))
_MONTH_PARTS = frozenset(("msub", "hm"))  # groups of a part of a month written alone (月底, 上半月)
_YEAR_PARTS = frozenset(("ysub", "H", "hsub", "S", "Q", "Qa", "qfirst", "qsub", "mfirst"))  # 年底, 下半年, 三季度
_STEERED = frozenset(("week", "calendar", "lunar"))  # resolvers of dates a tense cue can steer (tense.py)
_DAY_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}")  # a value naming one calendar day (2022-11-23)
_WEEK_VALUE = re.compile(r"\d{4}-W\d{2}")  # an ISO week (2024-W22)
_SENTENCE_END = re.compile(r"[。！？!?\n]|\\n")  # also a backslash and n: a line break scraped pages keep as text


def _alone(text: str, c: Candidate) -> bool:
    """Whether a day word that reads the story's last day (次日, 当天, 当晚) is the whole text: a text
    that is nothing but the expression (a query, a caption) has no day but the anchor's to read. In a
    story 当天 before any date stays empty (当天放款 is generic); rules/dates/README.md, Conventions."""
    return ("dana" in c.g or "dapart" in c.g) and not text[:c.start].strip() \
        and not text[c.end:].strip(" \t\n\u3000。，,.!！?？")


class DateExtractor:
    """Finds time expressions and resolves them against the document's anchor date."""

    def __init__(self, loaded: list[LoadedRule], lex: DateLexicon, not_dates: tuple[str, ...] = ()):
        self.rules = [entry.rule for entry in loaded]
        self.not_dates = not_dates
        self._loaded = loaded
        # A phrase overlapping a match either is the match or crosses one of its edges, so it holds
        # the two characters across that edge: most matches have no such pair and need no search.
        by_char: dict[str, list[str]] = {}
        for phrase in not_dates:
            for ch in set(phrase):
                by_char.setdefault(ch, []).append(phrase)
        self._not_dates_by_char = {ch: tuple(ps) for ch, ps in by_char.items()}
        self._not_date_set = frozenset(not_dates)
        self._not_date_pairs = frozenset(p[k:k + 2] for p in not_dates for k in range(len(p) - 1))
        # Each rule's regex is compiled once; a position tries the rules its first characters allow, in
        # file order, and the first that matches wins (what one ordered alternation of them would give,
        # without compiling every rule again into each of the ~80 alternations: that cost ~0.9 s a run).
        # Two scanners: every rule (an anchor with a clock time), and the rules a date anchor can use;
        # the first is built on first use (most runs have date anchors only).
        self._scanners = {False: self._scanner([e for e in loaded if not e.rule.clock_anchor])}
        self._lex = lex
        self._combiner = Combiner(lex)
        self._tense = TenseCues(lex)
        self._comparison_before = re.compile(f"(?:{words_pattern(lex['comparison_before'])})$")
        self._comparison_after = re.compile(f"(?:{words_pattern(lex['comparison_after'])})")
        self._day_part_word: dict[str, str] = {}  # TIMEX3 part of day -> a day_part word for it
        for word, (code, *_hours) in lex["day_part"].items():
            self._day_part_word.setdefault(code, word)

    @staticmethod
    def _scanner(loaded: list[LoadedRule]) -> tuple:
        """The trigger regex's search and the dispatch table from first characters to rules."""
        starts = [entry.prefixes for entry in loaded]
        dispatch = {key: tuple(loaded[k] for k in ks) for key, ks in dispatch_keys(starts).items()}
        return trigger(starts, combine_follow([entry.follow for entry in loaded])).search, dispatch

    @classmethod
    def from_rules(cls, rules_dir: Path) -> "DateExtractor":
        base = Path(rules_dir) / "dates"
        lex_path, pat_path, not_path = base / "lexicon.yaml", base / "patterns.yaml", base / "not_dates.txt"
        for p in (lex_path, pat_path, not_path):
            if not p.is_file():
                raise RuleError(p, None, "date rule file is missing", "restore it from the repository", code="R106")
        lex = load_date_lexicon(lex_path)
        return cls(load_date_rules(pat_path, lex), lex, load_not_dates(not_path))

    def rule_patterns(self) -> list[tuple[DateRule, re.Pattern]]:
        """Each rule with its compiled pattern (macros and tables expanded), in file order."""
        return [(entry.rule, entry.regex) for entry in self._loaded]

    def num(self, s: str) -> float | int | None:
        """A count or number written with Arabic, full-width or Chinese numerals; None when vague (几)."""
        return self._lex.num(s)

    # ------------------------------------------------------------------ extraction
    def extract(self, text: str, anchor: dt.date | None, script: str = "") -> list[DateMatch]:
        """All time expressions in ``text``, sorted and non-overlapping, resolved against ``anchor``;
        ``script`` (the normalize stage's: traditional-tw …) picks a region's festival days.

        An anchor that is a ``datetime`` also carries a clock time: the rules marked ``clock_anchor``
        (两小时前, 过去3小时) are then tried too, and resolved against it; the rest use its day."""
        now = anchor if isinstance(anchor, dt.datetime) else None
        if now is not None:
            anchor = now.date()
        cands = self._scan(text, now is not None)
        if not cands:
            return []
        cands = self._combiner.combine(text, cands)
        if self._not_dates_by_char:
            cands = [c for c in cands if not self._in_not_date(text, c)]
        if script in self._lex["festival_region"]:
            for c in cands:
                c.region = script
        if now is not None:
            for c in cands:
                c.now = now
        return self._resolve_all(cands, anchor, text)

    def _scan(self, text: str, clock: bool = False) -> list[Candidate]:
        out: list[Candidate] = []
        scanner = self._scanners.get(clock)
        if scanner is None:
            scanner = self._scanners[clock] = self._scanner(self._loaded)
        search, dispatch = scanner
        pos = 0
        while True:
            t = search(text, pos)
            if t is None:
                return out
            p = t.start()
            for entry in dispatch.get(text[p:p + 2]) or dispatch.get(text[p], ()):
                m = entry.regex.match(text, p)
                if m is not None:
                    break
            else:
                pos = p + 1
                continue
            g = {n: v for n, v in m.groupdict().items() if v}
            out.append(Candidate(p, m.end(), entry.rule, g, rule_id=entry.rule.id))
            pos = m.end() if m.end() > p else p + 1

    def _in_not_date(self, text: str, c: Candidate) -> bool:
        """Whether the match overlaps a phrase of not_dates.txt (昨日黄花, 3 周期)."""
        pairs = self._not_date_pairs
        if (text[c.start - 1:c.start + 1] not in pairs if c.start else True) \
                and text[c.end - 1:c.end + 1] not in pairs and text[c.start:c.end] not in self._not_date_set:
            return False
        by_char = self._not_dates_by_char
        for phrase in by_char.get(text[c.start], ()) + by_char.get(text[c.end - 1], ()):
            hi = c.end + len(phrase) - 1
            k = text.find(phrase, max(0, c.start - len(phrase) + 1), hi)
            while k != -1:
                if k < c.end and k + len(phrase) > c.start:
                    return True
                k = text.find(phrase, k + 1, hi)
        return False

    # ------------------------------------------------------------------ resolution
    def _resolve_all(self, cands: list[Candidate], anchor: dt.date | None, text: str = "") -> list[DateMatch]:
        """Resolve left to right: an anaphoric expression reads the last date resolved before it."""
        out: list[DateMatch] = []
        last: Ref | None = None
        year_ref: tuple[Ref, int] | None = None  # the last date of the sentence whose year the text gives
        anchor_iso = anchor.isoformat() if anchor else ""
        lex = self._lex
        month_ref: tuple[Ref, int] | None = None  # the last date of the sentence with a month
        weekdays: list[tuple[int, str]] = []  # rows of bare weekdays (星期三，11月23日: read once the day is known)
        if anchor is not None and len(cands) == 1 and _alone(text, cands[0]):
            last = Ref(anchor.year, anchor.month, anchor.day, relative=True)  # 次日 alone: the anchor's next day
        for c in cands:
            note = ""
            inherit = None
            if year_ref is not None or month_ref is not None:  # most dates have none before them
                self._sentence_part(text, c, month_ref, year_ref)
                inherit = self._sentence_year(text, c, year_ref)
            try:
                if out and c.rule.resolve == "week" and self._weekday_beside(text, c, last, out[-1]):  # 11月23日，星期三
                    res = Resolution(value=last.iso(), anchor=out[-1].anchor, ref=Ref(last.y, last.m, last.d))
                elif inherit is None:
                    res = c.rule.resolver(lex, c, anchor, last, anchor_iso)
                    if c.rule.resolve in _STEERED and res is not None and res.value and anchor is not None:
                        res = self._steered(text, c, res, anchor, last, anchor_iso)
                elif c.rule.resolve == "lunar":
                    res = self._festival_in_year(c, inherit, anchor, last, anchor_iso)
                else:
                    res = calendar(lex, c, anchor, last, anchor_iso, inherit=inherit)
            except (OverflowError, ValueError):  # arithmetic past year 9999 or before year 1
                res, note = Resolution(), OUT_OF_RANGE_NOTE
            if res is None:
                continue
            ctype = self._complete(c, res, anchor, last, anchor_iso)
            if res.value and not in_calendar_range(res.value):
                res.value, note = "", f"{OUT_OF_RANGE_NOTE}: {res.value}"
            note = note or res.note
            mod = c.mod or res.mod
            if c.rule.resolve == "week" and "wrel" not in c.g and "W" in c.g and c.upto is None:
                weekdays.append((len(out), c.g["W"]))
            out.append(DateMatch(c.start, c.end, ctype, res.value, mod, res.anchor if res.value else "", c.rule_id,
                                 note))
            if res.ref is not None and res.value:
                last = res.ref
                last.relative = c.rule.resolve in ("week", "offset") or not _RELATIVE_GROUPS.isdisjoint(c.g)
                if c.upto is not None or "Y2" in c.g or "M2" in c.g or c.until_now:
                    year_ref = month_ref = None  # 2014年-2017年……3月: which year of the range?
                    continue
                if last.m is not None:
                    month_ref = (last, c.end)
                if inherit is not None or (c.rule.resolve == "calendar" and not _YEAR_GROUPS.isdisjoint(c.g)):
                    year_ref = None if self._compared(text, c) else (last, c.end)
        for i, weekday in reversed(weekdays):  # from the end: a merge below removes a row after i - 1
            if i + 1 < len(out) and "T" not in out[i].value:
                out[i] = self._weekday_before(text, out[i], out[i + 1], weekday)
            if i > 0 and self._in_week_before(text, out[i - 1], out[i], weekday):
                out[i - 1:i + 1] = [self._day_of_week(out[i - 1], out[i], weekday)]
        return out

    def _steered(self, text: str, c: Candidate, res: Resolution, anchor: dt.date, last: Ref | None,
                 anchor_iso: str) -> Resolution:
        """An underspecified date (周一, 3月5日, 5日, 春节) moved to the side of the anchor a tense cue
        around it says (将于周一 in a Tuesday article: next Monday); ``tense.py``."""
        kind = self._tense.kind(c)
        if not kind:
            return res
        sign = self._tense.direction(text, c)
        if not sign:
            return res
        return steer(c, kind, sign, res, anchor, lambda y: c.rule.resolver(
            self._lex, replace(c, g={**c.g, "Y": f"{y:04d}"}), anchor, last, anchor_iso),
            self._lex.settings["tense_year_slack_days"])

    def _in_week_before(self, text: str, week: DateMatch, row: DateMatch, weekday: str) -> bool:
        """Whether a bare weekday follows a week (an ISO week value) with only 的 between: 两周后的周一
        is the Monday of the week two weeks on, not the anchor's week's (its weekend only untimed)."""
        return bool(_WEEK_VALUE.fullmatch(week.value)) and text[week.end:row.start] in ("的", "") \
            and (self._lex["weekday"].get(weekday) != "WE" or "T" not in row.value)

    def _day_of_week(self, week: DateMatch, row: DateMatch, weekday: str) -> DateMatch:
        """One row for a week and the weekday after it (两周后的周一: 2024-W22 and 周一 -> 2024-05-27;
        its weekend: 2024-W22-WE)."""
        wd = self._lex["weekday"].get(weekday)
        if wd == "WE":
            value = f"{week.value}-WE"
        else:
            try:
                value = dt.date.fromisocalendar(int(week.value[:4]), int(week.value[6:8]), int(wd)).isoformat()
                value += row.value[10:] if row.value[10:11] == "T" else ""  # 两周后的周一上午9点
            except (TypeError, ValueError):
                value = ""
        return replace(week, end=row.end, type=row.type, value=value, rule_id=f"{week.rule_id}+{row.rule_id}")

    def _weekday_before(self, text: str, row: DateMatch, day: DateMatch, weekday: str) -> DateMatch:
        """A bare weekday written just before a day (only a comma or a space between) that names that
        day's own weekday is that day: 星期三，11月23日 (a Wednesday) is 11月23日, not the anchor's week's
        Wednesday. The mirror of ``_weekday_beside``; both keep their own rows."""
        if not 0 <= day.start - row.end <= 2 or text[row.end:day.start].strip(" ，,\u3000"):
            return row
        m = _DAY_VALUE.fullmatch(day.value)
        if m is None:
            return row
        try:
            same = dt.date.fromisoformat(m[0]).isoweekday() == int(self._lex["weekday"][weekday])
        except (KeyError, TypeError, ValueError):
            return row
        return replace(row, value=m[0], anchor=day.anchor) if same else row

    def _compared(self, text: str, c: Candidate) -> bool:
        """Whether the date is the base of a comparison (较去年同期, 比2018年, 与去年相比): not the story's time."""
        return bool(self._comparison_before.search(text, max(0, c.start - 2), c.start)
                    or self._comparison_after.match(text, c.end))

    def _festival_in_year(self, c: Candidate, year: Ref, anchor: dt.date | None, last: Ref | None,
                          anchor_iso: str) -> Resolution | None:
        """A festival or lunar date in the year of the sentence (2019年……国庆期间: 2019-10-01); after a
        month, the next year's when that year's is more than half a year before it (2019年11月……元旦:
        2020-01-01)."""
        c.g = {**c.g, "Y": f"{year.y:04d}"}
        res = c.rule.resolver(self._lex, c, anchor, last, anchor_iso)
        ref = res.ref if res is not None else None
        if year.m is not None and ref is not None and ref.d is not None \
                and (dt.date(year.y, year.m, 1) - dt.date(ref.y, ref.m, ref.d)).days > 183:
            c.g["Y"] = f"{year.y + 1:04d}"
            res = c.rule.resolver(self._lex, c, anchor, last, anchor_iso)
        return res

    def _weekday_beside(self, text: str, c: Candidate, last: Ref | None, prev: DateMatch) -> bool:
        """Whether ``c`` is a bare weekday written just after the day before it (only a comma or a
        space between) and naming that day's own weekday: 2022年11月23日，星期三 is that Wednesday,
        not the anchor's week's."""
        if c.rule.resolve != "week" or "wrel" in c.g or "W" not in c.g or last is None or last.d is None:
            return False
        if prev.value[:10] != last.iso() or not 0 <= c.start - prev.end <= 2 \
                or text[prev.end:c.start].strip(" ，,、\u3000"):
            return False
        try:
            return dt.date(last.y, last.m, last.d).isoweekday() == int(self._lex["weekday"][c.g["W"]])
        except (TypeError, ValueError):
            return False

    @staticmethod
    def _sentence_part(text: str, c: Candidate, month_ref: tuple[Ref, int] | None,
                       year_ref: tuple[Ref, int] | None) -> None:
        """A part of a month written without one (月底, 下旬, 上半月) after a month in the same sentence
        is that month's (5月初开工，月底完工 ends in May, whatever the anchor's month); a part of a year
        (年底, 下半年, 第三季度, 前8个月) after a written year is that year's (2019年开工，年底完工)."""
        if c.rule.resolve != "calendar" or not c.g:
            return
        keys = set(c.g)
        if keys <= _MONTH_PARTS:
            ref_end, give = month_ref, ("Y", "M")
        elif keys <= _YEAR_PARTS:
            ref_end, give = year_ref, ("Y",)
        else:
            return
        if ref_end is None:
            return
        ref, end = ref_end
        if c.start - end <= 80 and not _SENTENCE_END.search(text, end, c.start):
            c.g = {**c.g, "Y": f"{ref.y:04d}", **({"M": str(ref.m)} if "M" in give else {})}

    @staticmethod
    def _sentence_year(text: str, c: Candidate, year_ref: tuple[Ref, int] | None) -> Ref | None:
        """The date a yearless month takes its year from: the last one of the same sentence whose year
        the text gives (2019年他到了上海，5月开了公司: 2019-05; 今年3月发布，12月上市: this December,
        not last year's), also before the last one's month (今年10月底停业；6月2日: this June).
        A festival or lunar date takes the year too (``_festival_in_year``)."""
        if year_ref is None or not _YEAR_GROUPS.isdisjoint(c.g):
            return None
        if c.rule.resolve == "lunar":  # a festival or lunar date (not a lunar year by name, 龙年)
            if "Z" in c.g or "GZ" in c.g or not ("F" in c.g or "LM" in c.g or "LD" in c.g):
                return None
        elif c.rule.resolve != "calendar" or "M" not in c.g or not _NO_INHERIT.isdisjoint(c.g):
            return None
        ref, end = year_ref
        if c.start - end > 80 or _SENTENCE_END.search(text, end, c.start):
            return None
        # A month is read in that year even when it is before the earlier one (a list, not a story that
        # crossed New Year: news writes 次年3月 for that); a festival also looks at the month.
        return Ref(ref.y, ref.m) if c.rule.resolve == "lunar" else Ref(ref.y)

    def _complete(self, c: Candidate, res: Resolution, anchor: dt.date | None, last: Ref | None,
                  anchor_iso: str) -> str:
        """Add to the resolution of ``c`` what combination joined onto it: the end of a range, the
        further units of a duration, the time of day. Returns the expression's type."""
        ctype = res.type or c.rule.type
        if c.upto is not None and res.value and c.upto.rule.resolve != "time" and c.upto.time is None:
            if c.upto.rule.resolve == "calendar":
                end = calendar(self._lex, c.upto, anchor, res.ref, anchor_iso, inherit=res.ref)
            else:  # 周一至周五, 春节至元宵节
                end = c.upto.rule.resolver(self._lex, c.upto, anchor, res.ref or last, anchor_iso)
            if end is not None and end.value and end.value != res.value:
                res.value = f"{res.value}/{end.value}"
                res.anchor = res.anchor or end.anchor
                # 5月下旬至6月中旬: an interval has no single START/END; keep a mod both ends share.
                res.mod = res.mod if res.mod == end.mod else ""
            elif end is None or not end.value:
                res.value = ""
        if c.until_now and res.value:  # 2018年至今: to the publication date (PRESENT_REF without one)
            res.value = since_value(res.value, anchor, "M" in c.g and "Y" not in c.g and "yrel" not in c.g)
            res.anchor, res.mod = res.anchor or anchor_iso, ""  # 去年底以来: no single END for the range
        if c.same_day and res.value and anchor is not None:
            res.value = same_day(res.value, anchor)
            res.ref = Ref(*map(int, res.value.split("-"))) if res.value else None
        if c.around is not None and res.value:  # 春节前一周: the days before the festival's day
            res.value = (c.around.rule.resolver(self._lex, c.around, anchor, res.ref, anchor_iso) or Resolution()).value
        if c.plus:
            parts = [res.value] + [(duration(self._lex, p, anchor, last, anchor_iso) or Resolution()).value
                                   for p in c.plus]
            res.value = add_periods(parts)
        if c.time is not None and c.rule.resolve == "set":  # 每天早上8点: XXXX-XX-XXT08:00
            t = time_of_day(self._lex, c.time, anchor, last, anchor_iso, day=Ref(1))
            base = "XXXX-XX-XX" if res.value.startswith("P") else res.value
            res.value = f"{base}T{t.value.split('T', 1)[1]}" if t and t.value and res.value else ""
            return "SET"
        if c.time is not None:
            self._time_of_day_from_day_word(c)
            t = time_of_day(self._lex, c.time, anchor, last, anchor_iso, day=res.ref if res.value else None,
                            unresolved=not res.value)
            ctype = "TIME"
            res.value = t.value if t else ""
            res.ref = t.ref if t else None
        if c.upto is not None and c.upto.rule.resolve == "time" and res.value:
            res.value = self._clock_end(c, res, anchor, last, anchor_iso)
        elif c.upto is not None and c.upto.time is not None and res.value:  # 昨天下午两点到明天四点
            day = self._range_end_day(c.upto, res.ref, anchor, last, anchor_iso)
            end = day and day.value and time_of_day(self._lex, c.upto.time, anchor, last, anchor_iso, day=day.ref)
            res.value = f"{res.value}/{end.value}" if end and end.value else ""
        return ctype

    def _range_end_day(self, day: Candidate, start: Ref | None, anchor: dt.date | None, last: Ref | None,
                       anchor_iso: str) -> Resolution | None:
        """The day a clock range ends on: 14日 of 2月13日08时至14日08时 in the start's month, 第二天 after the start's day."""
        if day.rule.resolve == "calendar":
            return calendar(self._lex, day, anchor, start or last, anchor_iso, inherit=start)
        return day.rule.resolver(self._lex, day, anchor, start or last, anchor_iso)

    def _time_of_day_from_day_word(self, c: Candidate) -> None:
        """今晚八点: the evening of 今晚 makes 八点 20:00 (the clock time takes the day word's part of day)."""
        if "pod" not in c.time.g and ("dpart" in c.g or "dapart" in c.g):
            table = "relative_day_part" if "dpart" in c.g else "anaphoric_day_part"
            code = self._lex[table][c.g.get("dpart") or c.g["dapart"]][1]
            if code in self._day_part_word:
                c.time.g["pod"] = self._day_part_word[code]

    def _clock_end(self, c: Candidate, res: Resolution, anchor: dt.date | None, last: Ref | None,
                   anchor_iso: str) -> str:
        """``start/end`` of a clock range on the start's day; an end without a part of the day takes
        the start's afternoon (下午两点到五点 ends at 17:00)."""
        end = time_of_day(self._lex, c.upto, anchor, last, anchor_iso, day=res.ref)
        if end is None or not end.value or "T" not in res.value:
            return res.value
        start_clock, end_value = res.value.split("T", 1)[1], end.value
        end_day, _, end_clock = end_value.partition("T")
        if (start_clock[:2].isdigit() and end_clock[:2].isdigit() and "pod" not in c.upto.g
                and "ampm" not in c.upto.g and int(start_clock[:2]) >= 12 and int(end_clock[:2]) < 12):
            end_value = f"{end_day}T{int(end_clock[:2]) + 12:02d}{end_clock[2:]}"
        return f"{res.value}/{end_value}"
