"""Time expressions: find them and normalise them to ISO 8601 (TIMEX3 type, value, mod, anchor).

Everything language-specific lives in ``rules/dates/``: ``lexicon.yaml`` holds the tables (numerals,
relative words, weekdays, parts of the day, units, modifiers) and ``patterns.yaml`` the rules. This
module only knows what each named group *means* (GROUPS below), so a new wording is a data change.

Speed: the characters (and next character) each rule can start with are read from the parsed
patterns at load. One regex finds those places, skipping the rest of the text at C speed, and only
the rules that can start there are tried, each with its own regex compiled once, in file order.

Resolution order matters: matches are resolved left to right, and an anaphoric expression (同年,
次日, a bare clock time) is resolved against the last date resolved before it in the same text.
Nothing is ever resolved against today's date: without an anchor, relative expressions get an
empty value and an empty anchor.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import lunar
from .records import DateMatch
from .rules import LINE_KEY, RuleError, compile_regex, load_yaml, require_keys

TYPES = ("DATE", "DURATION", "SET", "TIME")
MODS = ("", "APPROX", "START", "MID", "END", "MORE_THAN", "LESS_THAN")
RESOLVERS = ("calendar", "week", "offset", "decade", "century", "duration", "set", "vague", "time", "lunar", "nth")
RULE_FIELDS = ("id", "type", "resolve", "pattern", "standalone", "note")

# Named groups a pattern may use, and what the resolvers read from them.
GROUPS = {
    "Y": "year number", "Y2": "end year of a range", "M": "month number", "M2": "end month of a range",
    "D": "day number", "D2": "end day of a range", "sep": "separator of a numeric date",
    "yrel": "relative_year word", "yrel_short": "short_relative_year word", "yana": "anaphoric_year word",
    "mrel": "relative_month word", "mana": "anaphoric_month word",
    "drel": "relative_day word", "dpart": "relative_day_part word",
    "dana": "anaphoric_day word", "dapart": "anaphoric_day_part word",
    "Q": "quarter number", "Qa": "quarter number (Q3)", "qfirst": "前 of 前三季度", "qrel": "quarter_prefix word",
    "H": "half_year word", "S": "season word", "ysub": "year_part word", "msub": "month_part word",
    "decsub": "decade_part word", "C": "century number", "crel": "century_prefix word", "dec": "decade number",
    "wrel": "week_prefix word", "ww": "week_word", "W": "weekday",
    "N": "count", "more": "多/余 after a count", "more2": "多 after a unit", "half": "半 after a unit",
    "U": "unit word", "dir": "direction word", "span": "过去/未来 before a duration", "since": "以来 after a duration",
    "pod": "day_part word", "hh": "hour", "mi": "minute", "hhalf": "半 after an hour",
    "LM": "lunar_month word", "LD": "lunar day (初一, 十五, 18)", "leap": "闰 before a lunar month",
    "F": "festival word", "fy": "fiscal year number", "mfirst": "N of 前N个月 (January to month N)",
    "last": "最后 before a week word", "roc": "year of the Minguo (ROC) calendar: 民國113年", "qsub": "初/末 after a quarter (一季度末)",
}

TABLES = ("numerals", "relative_year", "short_relative_year", "anaphoric_year", "relative_month",
          "anaphoric_month", "relative_day", "relative_day_part", "anaphoric_day", "anaphoric_day_part",
          "week_prefix", "week_word", "weekday", "quarter_prefix", "year_part", "month_part", "decade_part",
          "half_year", "season", "century_prefix", "day_part", "unit", "set_unit", "direction", "prefix_mod",
          "suffix_mod", "range_connector", "two_digit_year_cue", "anchor_when_first", "lunar_month", "festival", "settings")
SETTINGS = ("yearless_past_after_months", "yearless_future_before_months", "dayonly_past_after_days",
            "default_century", "two_digit_year_ahead")

_MACRO = re.compile(r"\{(@?)([A-Za-z_][A-Za-z0-9_]*)\}")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_SPACE = re.compile(r"[ \t\u3000\xa0]*")
_RELATIVE_GROUPS = frozenset(("yrel", "yrel_short", "mrel", "drel", "dpart", "wrel", "qrel"))  # 上个月, 昨天
_PLUS = re.compile(r"[ \t\u3000\xa0]?(?:又|零)?[ \t\u3000\xa0]?")  # between the parts of 2年零6个月
_LIST_SEP = re.compile(r"[ \t\u3000\xa0]?[，,、和及与與][ \t\u3000\xa0]?")  # between days of a list
_GLUE = re.compile(r"[ \t\u3000\xa0]?的?")  # between a date and the time of day after it


@dataclass(frozen=True)
class _Rule:
    id: str
    type: str
    resolve: str
    standalone: bool
    line: int


@dataclass(frozen=True)
class _Compiled:
    """One rule with its own compiled regex."""

    regex: re.Pattern
    rule: _Rule


@dataclass
class _Cand:
    start: int
    end: int
    rule: _Rule
    g: dict[str, str]
    mod: str = ""
    time: "_Cand | None" = None  # a time of day glued after a date
    upto: "_Cand | None" = None  # the end of a range joined by 至/到
    rule_id: str = ""
    attached: bool = False  # a non-standalone match joined onto the month or year before it
    plus: "list[_Cand]" = field(default_factory=list)  # durations after this one: 2年6个月, 8天20小时


@dataclass
class _Ref:
    """The last resolved calendar point: what 同年/次日/下午3点 are resolved against."""

    y: int
    m: int | None = None
    d: int | None = None
    relative: bool = False  # resolved against the anchor (上个月), not written out (2月)

    def iso(self) -> str:
        if self.d is not None:
            return f"{self.y:04d}-{self.m:02d}-{self.d:02d}"
        if self.m is not None:
            return f"{self.y:04d}-{self.m:02d}"
        return f"{self.y:04d}"


# The year of a value and of the end of an interval ("2025-03/2025-05"); durations start with P.
_VALUE_YEARS = re.compile(r"(?:^|/)(-?\d+)")


def in_calendar_range(value: str) -> str:
    """``value`` when every year in it is within 1..9999 (what ISO 8601 without extension and
    Python's dates can hold), else '' (the expression stays, unresolved)."""
    for m in _VALUE_YEARS.finditer(value):
        year = m.group(1)
        if year.startswith("-") or len(year) > 4 or int(year) == 0:
            return ""
    return value


@dataclass
class _Out:
    value: str = ""
    mod: str = ""
    anchor: str = ""
    ref: _Ref | None = None
    type: str = ""


@dataclass
class _Lex:
    tables: dict[str, Any] = field(default_factory=dict)
    digits: dict[str, int] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)
    vague: tuple[str, ...] = ()
    settings: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, name: str) -> dict:
        return self.tables[name]


def _clean(mapping: dict) -> dict:
    return {str(k): v for k, v in mapping.items() if k != LINE_KEY}


def _load_lexicon(path: Path) -> _Lex:
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise RuleError(path, None, "the lexicon must be a mapping of table names to tables", code="R100")
    require_keys(data, TABLES, TABLES, path, None)
    lex = _Lex()
    for name in TABLES:
        table = data[name]
        if not isinstance(table, dict):
            raise RuleError(path, None, f"table '{name}' must be a mapping word: value", code="R101")
        lex.tables[name] = _clean(table)
    num = data["numerals"]
    require_keys(num, ("digits", "units", "vague"), ("digits", "units", "vague"), path, num.get(LINE_KEY))
    lex.digits = _clean(num["digits"])
    lex.units = _clean(num["units"])
    lex.vague = tuple(num["vague"])
    for name in ("year_part", "month_part", "decade_part"):
        for word, mod in lex[name].items():
            if mod not in MODS:
                raise RuleError(path, data[name].get(LINE_KEY), f"'{word}' in {name}: unknown mod '{mod}'",
                                f"use one of {', '.join(m for m in MODS if m)}", code="R102")
    for name in ("prefix_mod", "suffix_mod"):
        for word, spec in lex[name].items():
            if (not isinstance(spec, list) or len(spec) != 2 or spec[0] not in MODS
                    or spec[1] not in TYPES + ("ALL",)):
                raise RuleError(path, data[name].get(LINE_KEY), f"'{word}' in {name}: expected [MOD, TYPE or ALL]",
                                "e.g. 约: [APPROX, ALL]", code="R102")
    for word, spec in lex["festival"].items():
        if not lunar.valid_spec(spec):
            raise RuleError(path, data["festival"].get(LINE_KEY), f"'{word}' in festival: bad day '{spec}'",
                            "use L<month>-<day> (lunar; day 0 = last), S<month>-<day>, T<solar term> "
                            "or W<month>-<weekday>-<nth>", code="R102")
    settings = lex["settings"]
    require_keys(data["settings"], SETTINGS, SETTINGS, path, data["settings"].get(LINE_KEY))
    lex.settings = {k: int(v) for k, v in settings.items()}
    return lex


def _load_not_dates(path: Path) -> tuple[str, ...]:
    phrases: dict[str, int] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if any(ch.isspace() for ch in line):
            raise RuleError(path, number, f"'{line}' has a space", "write one phrase per line, without spaces",
                            code="R117")
        if line in phrases:
            raise RuleError(path, number, f"'{line}' is listed twice (first at line {phrases[line]})",
                            "delete one of them", code="R117")
        phrases[line] = number
    return tuple(phrases)


def _expand(pattern: str, macros: dict[str, str], lex: _Lex, path: Path, line: int | None, depth: int = 0) -> str:
    if depth > 12:
        raise RuleError(path, line, "macros expand in a loop", "a macro must not use itself", code="R103")

    def sub(m: re.Match) -> str:
        is_table, name = m.group(1), m.group(2)
        if is_table:
            if name not in lex.tables or name in ("numerals", "settings"):
                raise RuleError(path, line, f"unknown table '{{@{name}}}'",
                                f"tables in lexicon.yaml: {', '.join(t for t in TABLES if t not in ('numerals', 'settings'))}",
                                code="R104")
            words = sorted(lex[name], key=len, reverse=True)
            return "(?:" + "|".join(re.escape(w) for w in words) + ")"
        if name not in macros:
            raise RuleError(path, line, f"unknown macro '{{{name}}}'",
                            f"define it under macros: or use one of {', '.join(sorted(macros))}", code="R105")
        return _expand(macros[name], macros, lex, path, line, depth + 1)

    return _MACRO.sub(sub, pattern)


class DateExtractor:
    """Finds time expressions and resolves them against the document's anchor date."""

    def __init__(self, rules: list[_Rule], patterns: list[str], compiled: list[re.Pattern],
                 dispatch: dict[str, tuple[int, ...]], lex: _Lex, trigger: re.Pattern,
                 not_dates: tuple[str, ...] = ()):
        self.rules = rules
        self.not_dates = not_dates
        # A phrase overlapping a match either is the match or crosses one of its edges, so it holds
        # the two characters across that edge: most matches have no such pair and need no search.
        by_char: dict[str, list[str]] = {}
        for phrase in not_dates:
            for ch in set(phrase):
                by_char.setdefault(ch, []).append(phrase)
        self._not_dates_by_char = {ch: tuple(ps) for ch, ps in by_char.items()}
        self._not_date_set = frozenset(not_dates)
        self._not_date_pairs = frozenset(p[k:k + 2] for p in not_dates for k in range(len(p) - 1))
        self._patterns = patterns
        # Each rule's regex is compiled once; a position tries the rules its first characters allow, in
        # file order, and the first that matches wins (what one ordered alternation of them would give,
        # without compiling every rule again into each of the ~80 alternations: that cost ~0.9 s a run).
        entries = [_Compiled(regex, rule) for regex, rule in zip(compiled, rules)]
        self._dispatch = {key: tuple(entries[k] for k in ks) for key, ks in dispatch.items()}
        self._trigger = trigger
        self._lex = lex
        words = lambda table: "|".join(re.escape(w) for w in sorted(lex[table], key=len, reverse=True))  # noqa: E731
        self._prefix_mod = re.compile(f"(?:{words('prefix_mod')})$")
        self._suffix_mod = re.compile(f"[ \t\u3000\xa0]?(?:{words('suffix_mod')})")
        self._connector = re.compile(f"[ \t\u3000\xa0]?(?:{words('range_connector')})[ \t\u3000\xa0]?$")
        self._max_prefix = max(len(w) for w in lex["prefix_mod"])
        self._day_part_word: dict[str, str] = {}  # TIMEX3 part of day -> a day_part word for it
        for word, (code, _add12) in lex["day_part"].items():
            self._day_part_word.setdefault(code, word)
        self._resolvers: dict[str, Callable[[_Cand, dt.date | None, _Ref | None, str], _Out | None]] = {
            "calendar": self._calendar, "week": self._week, "offset": self._offset, "decade": self._decade,
            "century": self._century, "duration": self._duration, "set": self._set, "vague": self._vague,
            "time": self._time, "lunar": self._lunar, "nth": self._nth,
        }

    # ------------------------------------------------------------------ loading
    @classmethod
    def from_rules(cls, rules_dir: Path) -> "DateExtractor":
        base = Path(rules_dir) / "dates"
        lex_path, pat_path, not_path = base / "lexicon.yaml", base / "patterns.yaml", base / "not_dates.txt"
        for p in (lex_path, pat_path, not_path):
            if not p.is_file():
                raise RuleError(p, None, "date rule file is missing", "restore it from the repository", code="R106")
        lex = _load_lexicon(lex_path)
        data = load_yaml(pat_path)
        if not isinstance(data, dict):
            raise RuleError(pat_path, None, "expected a mapping with 'macros' and 'rules'", code="R107")
        require_keys(data, ("macros", "rules"), ("macros", "rules"), pat_path, None)
        macros = _clean(data["macros"])
        if not isinstance(data["rules"], list):
            raise RuleError(pat_path, data.get(LINE_KEY), "'rules' must be a list of rules", code="R107")
        rules: list[_Rule] = []
        patterns: list[str] = []
        regexes: list[re.Pattern] = []
        firsts: list[set[str]] = []
        prefixes: list[set[tuple[str, ...]]] = []
        seen: dict[str, int] = {}
        for k, raw in enumerate(data["rules"]):
            if not isinstance(raw, dict):
                raise RuleError(pat_path, None, f"rule #{k + 1} is not a mapping", "start each rule with '- id: ...'",
                                code="R108")
            line = raw.get(LINE_KEY)
            require_keys(raw, ("id", "type", "resolve", "pattern"), RULE_FIELDS, pat_path, line)
            rid = str(raw["id"]).strip()
            if not rid:
                raise RuleError(pat_path, line, "empty rule id", "give every rule a unique id like date.relative.week",
                                code="R109")
            if rid in seen:
                raise RuleError(pat_path, line, f"duplicate rule id '{rid}' (first at line {seen[rid]})",
                                "rule ids must be unique", code="R110")
            seen[rid] = line
            if raw["type"] not in TYPES:
                raise RuleError(pat_path, line, f"unknown type '{raw['type']}'", f"use one of {', '.join(TYPES)}",
                                code="R111")
            if raw["resolve"] not in RESOLVERS:
                raise RuleError(pat_path, line, f"unknown resolver '{raw['resolve']}'",
                                f"use one of {', '.join(RESOLVERS)}", code="R112")
            standalone = raw.get("standalone", True)
            if not isinstance(standalone, bool):
                raise RuleError(pat_path, line, "'standalone' must be true or false", code="R113")
            expanded = _expand(str(raw["pattern"]), macros, lex, pat_path, line)
            compiled = compile_regex(expanded, pat_path, line)
            names = list(compiled.groupindex)
            for name in names:
                if name not in GROUPS:
                    raise RuleError(pat_path, line, f"unknown group name '{name}'",
                                    f"the resolvers read: {', '.join(GROUPS)}", code="R114")
            if compiled.match(""):
                raise RuleError(pat_path, line, "pattern matches the empty string",
                                "make at least one part of it required", code="R115")
            prefix = _prefixes(expanded)
            if not prefix:
                raise RuleError(pat_path, line, "cannot tell which characters this pattern starts with",
                                "start the pattern with literal characters or a [character class]; "
                                "lookbehinds before them are fine", code="R116")
            rules.append(_Rule(rid, raw["type"], raw["resolve"], standalone, line or 0))
            patterns.append(expanded)
            regexes.append(compiled)
            prefixes.append(prefix)
            firsts.append({p[0] for p in prefix})
        # The first one or two characters pick the rules worth trying there, in file order.
        keys: dict[str, list[int]] = {}
        for k, pre in enumerate(prefixes):
            for p in pre:
                keys.setdefault("".join(p), []).append(k)
        dispatch: dict[str, tuple[int, ...]] = {}
        for key, ks in keys.items():
            if len(key) == 2:
                ks = ks + keys.get(key[0], [])
            dispatch[key] = tuple(sorted(set(ks)))
        return cls(rules, patterns, regexes, dispatch, lex, _trigger(prefixes, _number_follow(patterns)),
                   _load_not_dates(not_path))

    # ------------------------------------------------------------------ extraction
    def extract(self, text: str, anchor: dt.date | None) -> list[DateMatch]:
        """All time expressions in ``text``, sorted and non-overlapping, resolved against ``anchor``."""
        cands = self._scan(text)
        if not cands:
            return []
        cands = self._combine(text, cands)
        if self._not_dates_by_char:
            cands = [c for c in cands if not self._in_not_date(text, c)]
        return self._resolve_all(cands, anchor)

    def _in_not_date(self, text: str, c: _Cand) -> bool:
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

    def _scan(self, text: str) -> list[_Cand]:
        out: list[_Cand] = []
        search, dispatch = self._trigger.search, self._dispatch
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
            out.append(_Cand(p, m.end(), entry.rule, g, rule_id=entry.rule.id))
            pos = m.end() if m.end() > p else p + 1

    def _combine(self, text: str, cands: list[_Cand]) -> list[_Cand]:
        """Glue times of day onto dates, join 至/到 ranges, and take in modifiers around a match."""
        merged: list[_Cand] = []
        i = 0
        while i < len(cands):
            c = cands[i]
            nxt = cands[i + 1] if i + 1 < len(cands) else None
            if nxt is not None and (c.rule.type == "DATE" or "dpart" in c.g or "dapart" in c.g) \
                    and nxt.rule.resolve == "time" and _day_level(c) \
                    and _GLUE.fullmatch(text, c.end, nxt.start):
                c.time, c.end = nxt, nxt.end
                c.rule_id = f"{c.rule.id}+{nxt.rule.id}"
                i += 2
                if i < len(cands) and self._clock_range(text, c, cands[i]):  # 明天下午两点到五点
                    i += 1
            elif nxt is not None and c.rule.resolve == "time" and self._clock_range(text, c, nxt):
                i += 2
            elif (nxt is not None and c.rule.resolve == nxt.rule.resolve == "duration" and not c.mod
                  and self._finer(c.plus[-1] if c.plus else c, nxt)
                  and _PLUS.fullmatch(text, (c.plus[-1] if c.plus else c).end, nxt.start)):
                # 2年6个月, 8天20小时, 一个星期又三天: one duration of several units.
                c.plus.append(nxt)
                c.end = nxt.end
                del cands[i + 1]
                continue
            elif (nxt is not None and nxt.rule.resolve == "calendar" and set(nxt.g) == {"D"}
                  and c.rule.resolve == "calendar" and "D" in c.g and "D2" not in c.g and c.upto is None
                  and (c.rule.standalone or c.attached) and _LIST_SEP.fullmatch(text, c.end, nxt.start)):
                # 9月10号，11号，12号: one row per day, each in the month and year of the day before it.
                nxt.g.update((k, v) for k, v in c.g.items() if k in ("Y", "yrel", "yana", "M", "mrel", "mana"))
                nxt.attached = True
                merged.append(c)
                i += 1
                continue
            elif (nxt is not None and nxt.rule.resolve == "nth" and (_year_only(c) or _month_only(c))
                  and _GLUE.fullmatch(text, c.end, nxt.start)):
                # 3月第三周, 八月份的第一个周二, 今年第37周: the week is counted in the month or year before it.
                nxt.g.update((k, v) for k, v in c.g.items() if k in ("Y", "yrel", "M"))
                nxt.start, nxt.rule_id, nxt.attached = c.start, f"{c.rule.id}+{nxt.rule.id}", True
                cands[i + 1] = nxt
                i += 1
                continue
            elif (nxt is not None and _takes_year(nxt) and _year_only(c) and not _has_year(nxt)
                  and _GLUE.fullmatch(text, c.end, nxt.start)):
                # 2024年春节, 1991年农历8月23号, 今年前8个月: the year before a festival, a lunar date
                # or the first months or quarters is theirs.
                nxt.g.update((k, v) for k, v in c.g.items() if k in ("Y", "yrel"))
                nxt.start, nxt.rule_id = c.start, f"{c.rule.id}+{nxt.rule.id}"
                cands[i + 1] = nxt
                i += 1
                continue
            elif (nxt is not None and c.rule.resolve == "calendar" and nxt.rule.resolve == "calendar"
                  and c.rule.type == "DATE" and nxt.rule.type == "DATE" and c.time is None
                  and not _is_range(c) and not _is_range(nxt)
                  and self._connector.match(text, c.end, nxt.start)
                  and _joinable(c, nxt)):
                c.upto, c.end = nxt, nxt.end
                c.rule_id = f"{c.rule.id}+date.range.join+{nxt.rule.id}"
                i += 2
            else:
                i += 1
            if c.rule.standalone or c.time is not None or c.attached:
                merged.append(c)
        # Modifiers: a word just before or after the expression, if it applies to the type.
        for k, c in enumerate(merged):
            ctype = _cand_type(c)
            lo = merged[k - 1].end if k else 0
            pm = self._prefix_mod.search(text, max(lo, c.start - self._max_prefix), c.start)
            if pm:
                mod, applies = self._lex["prefix_mod"][pm.group()]
                if applies in ("ALL", ctype):
                    c.start, c.mod = pm.start(), mod
            hi = merged[k + 1].start if k + 1 < len(merged) else len(text)
            sm = self._suffix_mod.match(text, c.end, hi)
            if sm:
                mod, applies = self._lex["suffix_mod"][sm.group().lstrip(" \t\u3000\xa0")]
                if applies in ("ALL", ctype):
                    c.end = sm.end()
                    c.mod = c.mod or mod
        return merged

    def _resolve_all(self, cands: list[_Cand], anchor: dt.date | None) -> list[DateMatch]:
        out: list[DateMatch] = []
        last: _Ref | None = None
        anchor_iso = anchor.isoformat() if anchor else ""
        for c in cands:
            try:
                res = self._resolvers[c.rule.resolve](c, anchor, last, anchor_iso)
            except (OverflowError, ValueError):  # arithmetic past year 9999 or before year 1
                res = _Out()
            if res is None:
                continue
            ctype = res.type or c.rule.type
            if c.upto is not None and res.value and c.upto.rule.resolve != "time":
                end = self._calendar(c.upto, anchor, res.ref, anchor_iso, inherit=res.ref)
                if end is not None and end.value and end.value != res.value:
                    res.value = f"{res.value}/{end.value}"
                    res.anchor = res.anchor or end.anchor
                    # 5月下旬至6月中旬: an interval has no single START/END; keep a mod both ends share.
                    res.mod = res.mod if res.mod == end.mod else ""
                elif end is None or not end.value:
                    res.value = ""
            if c.plus:
                parts = [res.value] + [(self._duration(p, anchor, last, anchor_iso) or _Out()).value for p in c.plus]
                res.value = _add_periods(parts)
            if c.time is not None:
                if "pod" not in c.time.g and ("dpart" in c.g or "dapart" in c.g):
                    # 今晚八点: the evening of 今晚 makes 八点 20:00.
                    table = "relative_day_part" if "dpart" in c.g else "anaphoric_day_part"
                    code = self._lex[table][c.g.get("dpart") or c.g["dapart"]][1]
                    if code in self._day_part_word:
                        c.time.g["pod"] = self._day_part_word[code]
                t = self._time(c.time, anchor, last, anchor_iso, day=res.ref if res.value else None,
                               unresolved=not res.value)
                ctype = "TIME"
                res.value = t.value if t else ""
                res.ref = t.ref if t else None
            if c.upto is not None and c.upto.rule.resolve == "time" and res.value:
                res.value = self._clock_end(c, res, anchor, last, anchor_iso)
            res.value = in_calendar_range(res.value)
            mod = c.mod or res.mod
            out.append(DateMatch(c.start, c.end, ctype, res.value, mod, res.anchor if res.value else "", c.rule_id))
            if res.ref is not None and res.value:
                last = res.ref
                last.relative = c.rule.resolve in ("week", "offset") or not _RELATIVE_GROUPS.isdisjoint(c.g)
        return out

    # ------------------------------------------------------------------ numbers
    def num(self, s: str) -> float | int | None:
        """A count or number written with Arabic, full-width or Chinese numerals; None when vague (几)."""
        s = s.translate(_FULLWIDTH).strip()
        if not s:
            return None
        if len(s) > 1 and s[0] in "零〇" and s[1:].isdigit():
            s = s[1:]  # 13时零5分
        if s.isascii():
            try:
                return float(s) if "." in s else int(s)
            except ValueError:
                return None
        if s == "半":
            return 0.5
        if any(v in s for v in self._lex.vague) or s == "多":
            return None
        digits, units = self._lex.digits, self._lex.units
        if any(ch in units for ch in s):
            total, cur = 0, 0
            for ch in s:
                if ch in digits:
                    cur = digits[ch]
                elif ch in units:
                    total += (cur or 1) * units[ch]
                    cur = 0
                else:
                    return None
            return total + cur
        if len(s) == 2 and s[0] in digits and s[1] in digits and digits[s[1]] == digits[s[0]] + 1:
            return None  # 三四年, 两三天: "three or four", not 34
        value = 0
        for ch in s:
            if ch not in digits:
                return None
            value = value * 10 + digits[ch]
        return value

    def _int(self, s: str | None) -> int | None:
        if s is None:
            return None
        v = self.num(s)
        return int(v) if isinstance(v, (int, float)) and float(v).is_integer() else None

    # ------------------------------------------------------------------ resolvers
    def _yearless(self, m: int, anchor: dt.date) -> int:
        """The year of a month written without one: the anchor's, or the nearest sensible one."""
        diff = m - anchor.month
        if diff > self._lex.settings["yearless_past_after_months"]:
            return anchor.year - 1
        if -diff > self._lex.settings["yearless_future_before_months"]:
            return anchor.year + 1
        return anchor.year

    def _calendar(self, c: _Cand, anchor: dt.date | None, last: _Ref | None, anchor_iso: str,
                  inherit: _Ref | None = None) -> _Out | None:
        g, lex = c.g, self._lex
        out = _Out()
        y = m = d = None
        used = ""  # the reference actually used: anchor, last date, or nothing (absolute)
        pod = ""

        def need_anchor() -> bool:
            nonlocal used
            if anchor is None:
                return False
            used = anchor_iso
            return True

        def need_last(level: str) -> bool:
            nonlocal used
            if last is None or (level in "md" and last.m is None) or (level == "d" and last.d is None):
                return False
            used = last.iso()
            return True

        if "LD" in g:
            return self._lunar(c, anchor, last, anchor_iso)  # 十月初一
        if "fy" in g:
            return self._fiscal(g, anchor, anchor_iso)
        unresolved = False
        if ("mana" in g or "yana" in g) and anchor is not None and self._anchor_instead(g, last):
            # 当月, 这一年 before any other date: the publication's month or year (table anchor_when_first).
            last = _Ref(anchor.year, anchor.month, anchor.day)
        # --- the day, when a word fixes it completely
        if "drel" in g or "dpart" in g:
            if "dpart" in g:
                off, pod = lex["relative_day_part"][g["dpart"]]
            else:
                off = lex["relative_day"][g["drel"]]
            if not need_anchor():
                return _Out(type="TIME" if pod else "")
            day = anchor + dt.timedelta(days=off)
            y, m, d = day.year, day.month, day.day
        elif "dana" in g or "dapart" in g:
            if "dapart" in g:
                off, pod = lex["anaphoric_day_part"][g["dapart"]]
            else:
                off = lex["anaphoric_day"][g["dana"]]
            if not need_last("d"):
                return _Out(type="TIME" if pod else "")
            day = dt.date(last.y, last.m, last.d) + dt.timedelta(days=off)
            y, m, d = day.year, day.month, day.day
        else:
            # --- year
            if "roc" in g:
                n = 1 if g["roc"] == "元" else self._int(g["roc"])
                y = 1911 + n if n else None
            elif "Y" in g:
                y = self._int(g["Y"])
                if y is not None and len(g["Y"].strip(" \t\u3000\xa0")) == 2:
                    if not need_anchor():
                        return _Out()
                    # The year with these last two digits in the 100 years up to N years after the anchor.
                    latest = anchor.year + lex.settings["two_digit_year_ahead"]
                    y = latest - (latest - y) % 100
            elif "yrel" in g or "yrel_short" in g:
                off = lex["relative_year"][g["yrel"]] if "yrel" in g else lex["short_relative_year"][g["yrel_short"]]
                if need_anchor():
                    y = anchor.year + off
                else:
                    unresolved = True
            elif "yana" in g:
                if need_last("y"):
                    y = last.y + lex["anaphoric_year"][g["yana"]]
                else:
                    unresolved = True
            # --- month
            if "M" in g:
                m = self._int(g["M"])
            elif "mrel" in g:
                if need_anchor():
                    y, m = _add_months(anchor.year, anchor.month, lex["relative_month"][g["mrel"]])
                else:
                    unresolved = True
            elif "mana" in g:
                if need_last("m"):
                    y, m = _add_months(last.y, last.m, lex["anaphoric_month"][g["mana"]])
                else:
                    unresolved = True
            if "D" in g:
                d = self._int(g["D"])
            if unresolved:
                return _Out()
            # --- what the expression leaves out comes from the range start or the anchor
            if y is None and (m is not None or d is not None or "msub" in g or "ysub" in g or "Q" in g
                              or "Qa" in g or "H" in g or "qrel" in g or "mfirst" in g):
                if inherit is not None:
                    if m is None and d is not None:
                        if inherit.m is None:
                            return _Out()
                        y, m = inherit.y, inherit.m
                        if inherit.d is not None and d < inherit.d:
                            y, m = _add_months(y, m, 1)
                    else:
                        y = inherit.y
                        if m is not None and inherit.m is not None and m < inherit.m:
                            y += 1
                elif not need_anchor():
                    return _Out()
                elif "qrel" in g:
                    q = (anchor.month - 1) // 3 + lex["quarter_prefix"][g["qrel"]]
                    y, q = anchor.year + (q // 4), q % 4 + 1
                    mod = lex["month_part"][g["qsub"]] if "qsub" in g else ""
                    return _Out(value=f"{y:04d}-Q{q}", anchor=used, ref=_Ref(y), mod=mod)
                elif m is not None:
                    y = self._yearless(m, anchor)
                elif d is not None:
                    y, m = anchor.year, anchor.month
                    if d - anchor.day > lex.settings["dayonly_past_after_days"]:
                        y, m = _add_months(y, m, -1)
                elif "msub" in g:
                    y, m = anchor.year, anchor.month
                else:
                    y = anchor.year
        if y is None:
            return None
        out.anchor = used
        # --- value at the finest level given
        if m is not None and not 1 <= m <= 12:
            return _Out()
        if d is not None:
            try:
                dt.date(y, m, d)
            except (ValueError, TypeError):
                return _Out()
            out.value, out.ref = f"{y:04d}-{m:02d}-{d:02d}", _Ref(y, m, d)
            if pod:
                out.type = "TIME"
                out.value += f"T{pod}"
        elif m is not None:
            out.value, out.ref = f"{y:04d}-{m:02d}", _Ref(y, m)
        else:
            out.value, out.ref = f"{y:04d}", _Ref(y)
        # --- parts and ranges
        if "mfirst" in g:
            n = self._int(g["mfirst"])
            if not n or n > 12:
                return _Out()
            out.value = f"{y:04d}-01/{y:04d}-{n:02d}" if n > 1 else f"{y:04d}-01"
        elif "Q" in g or "Qa" in g:
            q = self._int(g.get("Q") or g.get("Qa"))
            if not q or not 1 <= q <= 4:
                return _Out()
            out.value = f"{y:04d}-Q1/{y:04d}-Q{q}" if "qfirst" in g and q > 1 else f"{y:04d}-Q{q}"
        elif "H" in g:
            out.value = f"{y:04d}-{lex['half_year'][g['H']]}"
        elif "S" in g:
            out.value = f"{y:04d}-{lex['season'][g['S']]}"
        if "ysub" in g:
            out.mod = lex["year_part"][g["ysub"]]
        if "msub" in g:
            out.mod = lex["month_part"][g["msub"]]
        if "qsub" in g:
            out.mod = lex["month_part"][g["qsub"]]
        # --- compressed ranges: 6月19-20日, 7-9月, 2019-2021年
        if "D2" in g or "M2" in g or "Y2" in g:
            if "D2" in g and "M2" in g:
                m2, d2 = self._int(g["M2"]), self._int(g["D2"])
                y2 = y if (m2, d2) > (m, d) else y + 1
                try:
                    end = dt.date(y2, m2, d2).isoformat()
                except (ValueError, TypeError):
                    return _Out()
            elif "D2" in g:
                d2 = self._int(g["D2"])
                try:
                    dt.date(y, m, d2)
                except (ValueError, TypeError):
                    return _Out()
                if d2 <= d:
                    return _Out()
                end = f"{y:04d}-{m:02d}-{d2:02d}"
            elif "M2" in g:
                m2 = self._int(g["M2"])
                if not m2 or not 1 <= m2 <= 12:
                    return _Out()
                y2 = y if m2 > m else y + 1
                end = f"{y2:04d}-{m2:02d}"
            else:
                y2 = self._int(g["Y2"])
                if y2 is None or y2 <= y:
                    return _Out()
                end = f"{y2:04d}"
            out.value = f"{out.value}/{end}"
        return out

    def _fiscal(self, g: dict[str, str], anchor: dt.date | None, anchor_iso: str) -> _Out:
        """FY2018, FY2018-Q3: a company's fiscal year, which need not follow the calendar."""
        y, used = self._int(g["fy"]), ""
        if y is None:
            return _Out()
        if y < 100:
            if anchor is None:
                return _Out()
            y, used = y + anchor.year // 100 * 100, anchor_iso
        value = f"FY{y:04d}"
        if "Q" in g or "Qa" in g:
            q = self._int(g.get("Q") or g.get("Qa"))
            if not q or not 1 <= q <= 4:
                return _Out()
            value += f"-Q{q}"
        elif "H" in g:
            value += f"-{self._lex['half_year'][g['H']]}"
        return _Out(value=value, anchor=used, mod=self._lex["month_part"].get(g.get("qsub", ""), ""))

    def _nth(self, c: _Cand, anchor: dt.date | None, last: _Ref | None, anchor_iso: str) -> _Out | None:
        """The nth (or last) week or weekday of the month or year before it (3月第三周, 8月第一个周二)."""
        g, lex = c.g, self._lex
        base = self._calendar(_Cand(c.start, c.end, c.rule, {k: v for k, v in g.items() if k in ("Y", "yrel", "M")}),
                              anchor, last, anchor_iso)
        if base is None or base.ref is None:
            return _Out()
        y, m = base.ref.y, base.ref.m
        try:
            first = dt.date(y, m or 1, 1)
            end = dt.date(y, 12, 31) if m is None else dt.date(*_add_months(y, m, 1), 1) - dt.timedelta(days=1)
        except (ValueError, OverflowError):  # a year outside 1..9999
            return _Out()
        wd = lex["weekday"].get(g.get("W", ""))
        if wd == "WE":
            return _Out()
        n = None if "last" in g else self._int(g.get("N"))
        if "last" not in g and not n:
            return _Out()
        if wd is not None:  # a weekday: count those days in the period
            if "last" in g:
                day = end - dt.timedelta(days=(end.isoweekday() - int(wd)) % 7)
            else:
                day = first + dt.timedelta(days=(int(wd) - first.isoweekday()) % 7 + 7 * (n - 1))
            if day > end:
                return _Out()
            return _Out(value=day.isoformat(), anchor=base.anchor, ref=_Ref(day.year, day.month, day.day))
        if m is None:  # 第37周 of a year: the ISO week
            try:
                dt.date.fromisocalendar(y, n or 52, 1)
            except ValueError:
                return _Out()
            return _Out(value=f"{y:04d}-W{(n or 52):02d}", anchor=base.anchor)
        # A month's nth week: the ISO week holding its day 1 + 7(n-1); the last: the week of its last day.
        day = end if "last" in g else first + dt.timedelta(days=7 * (n - 1))
        if day > end:
            return _Out()
        iy, iw, _ = day.isocalendar()
        return _Out(value=f"{iy:04d}-W{iw:02d}", anchor=base.anchor)

    def _finer(self, a: _Cand, b: _Cand) -> bool:
        """Whether duration b counts a smaller unit than a: 2年6个月 is one duration, 三年五年 two."""
        units = self._lex["unit"]
        order = ("Y", "Q", "M", "W", "D", "TH", "TM", "TS")
        ua, ub = units.get(a.g.get("U", "")), units.get(b.g.get("U", ""))
        return ua in order and ub in order and order.index(ub) > order.index(ua)

    def _clock_range(self, text: str, c: _Cand, nxt: _Cand) -> bool:
        """Join 至/到 and a clock time onto a clock time (下午5:00到6:00); True when joined."""
        start = c.time if c.time is not None else c
        if ("hh" not in start.g or nxt.rule.resolve != "time" or "hh" not in nxt.g or c.upto is not None
                or not self._connector.match(text, c.end, nxt.start)):
            return False
        c.upto, c.end, nxt.attached = nxt, nxt.end, True
        c.rule_id = f"{c.rule_id}+time.range.join+{nxt.rule.id}"
        return True

    def _clock_end(self, c: _Cand, res: _Out, anchor: dt.date | None, last: _Ref | None, anchor_iso: str) -> str:
        """``start/end`` of a clock range on the start's day; an end without a part of the day takes
        the start's afternoon (下午两点到五点 ends at 17:00)."""
        end = self._time(c.upto, anchor, last, anchor_iso, day=res.ref)
        if end is None or not end.value or "T" not in res.value:
            return res.value
        start_clock, end_value = res.value.split("T", 1)[1], end.value
        if (len(start_clock) == 5 and "pod" not in c.upto.g and int(start_clock[:2]) >= 12
                and int(end_value[-5:-3]) < 12):
            end_value = f"{end_value[:-5]}{int(end_value[-5:-3]) + 12:02d}{end_value[-3:]}"
        return f"{res.value}/{end_value}"

    def _anchor_instead(self, g: dict[str, str], last: _Ref | None) -> bool:
        """Whether an anaphoric word (当月, 这个月) means the publication's period here."""
        word = g.get("yana") or g.get("mana")
        kind = self._lex["anchor_when_first"].get(word)
        if kind is None:
            return False
        return last is None or (kind == 2 and (last.relative or ("mana" in g and last.m is None)))

    def _week(self, c: _Cand, anchor: dt.date | None, last: _Ref | None, anchor_iso: str) -> _Out | None:
        g, lex = c.g, self._lex
        if g.get("ww") in ("周", "週") and g.get("W") == "天":
            return None  # 周天 is not a weekday name
        if anchor is None:
            return _Out()
        off = lex["week_prefix"][g["wrel"]] if "wrel" in g else 0
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=off)
        iy, iw, _ = monday.isocalendar()
        wd = lex["weekday"][g["W"]] if "W" in g else None
        if wd == "WE":
            return _Out(value=f"{iy:04d}-W{iw:02d}-WE", anchor=anchor_iso)
        if wd is not None:
            day = monday + dt.timedelta(days=int(wd) - 1)
            return _Out(value=day.isoformat(), anchor=anchor_iso, ref=_Ref(day.year, day.month, day.day))
        week = f"{iy:04d}-W{iw:02d}"
        return _Out(value=week, anchor=anchor_iso)

    def _offset(self, c: _Cand, anchor: dt.date | None, last: _Ref | None, anchor_iso: str) -> _Out | None:
        g, lex = c.g, self._lex
        n = self.num(g["N"])
        unit = lex["unit"][g["U"]]
        sign = lex["direction"][g["dir"]]
        mod = "MORE_THAN" if "more" in g else ""
        if n is None or anchor is None or unit in ("TH", "TM", "TS"):
            return _Out(mod=mod)
        if "half" in g:
            n += 0.5
        if unit == "Q":
            unit, n = "M", n * 3
        if unit == "Y" and not float(n).is_integer():
            unit, n = "M", n * 12
        if unit == "W" and not float(n).is_integer():
            unit, n = "D", n * 7
        if not float(n).is_integer():
            return _Out(mod=mod)
        n = int(n) * sign
        if unit == "Y":
            y = anchor.year + n
            return _Out(value=f"{y:04d}", mod=mod, anchor=anchor_iso, ref=_Ref(y))
        if unit == "M":
            y, m = _add_months(anchor.year, anchor.month, n)
            return _Out(value=f"{y:04d}-{m:02d}", mod=mod, anchor=anchor_iso, ref=_Ref(y, m))
        if unit == "W":
            day = anchor + dt.timedelta(weeks=n)
            iy, iw, _ = day.isocalendar()
            return _Out(value=f"{iy:04d}-W{iw:02d}", mod=mod, anchor=anchor_iso)
        day = anchor + dt.timedelta(days=n)
        return _Out(value=day.isoformat(), mod=mod, anchor=anchor_iso, ref=_Ref(day.year, day.month, day.day))

    def _decade(self, c: _Cand, anchor: dt.date | None, last: _Ref | None, anchor_iso: str) -> _Out | None:
        g, lex = c.g, self._lex
        mod = lex["decade_part"][g["decsub"]] if "decsub" in g else ""
        used = ""
        if "Y" in g:  # 2020年代
            y = self._int(g["Y"])
            if y is None or y % 10:
                return None
            return _Out(value=f"{y // 10:03d}", mod=mod)
        dec = self._int(g["dec"])
        if dec is None or dec % 10 or not 0 < dec < 100:
            return None
        if "C" in g:
            cent = self._int(g["C"])
            if not cent:
                return None
            base = cent - 1
        elif "crel" in g:
            if anchor is None:
                return _Out(mod=mod)
            base, used = (anchor.year - 1) // 100 + 1 - 1 + lex["century_prefix"][g["crel"]], anchor_iso
        elif anchor is not None:
            # The latest such decade that has started by the anchor (90年代 -> 1990s, 20年代 -> 2020s).
            base, used = anchor.year // 100, anchor_iso
            if base * 100 + dec > anchor.year:
                base -= 1
        else:
            base = lex.settings["default_century"]
        return _Out(value=f"{base * 10 + dec // 10:03d}", mod=mod, anchor=used)

    def _century(self, c: _Cand, anchor: dt.date | None, last: _Ref | None, anchor_iso: str) -> _Out | None:
        g, lex = c.g, self._lex
        mod = lex["decade_part"][g["decsub"]] if "decsub" in g else ""
        if "C" in g:
            cent = self._int(g["C"])
            if not cent or cent > 30:
                return None
            return _Out(value=f"{cent - 1:02d}", mod=mod)
        if anchor is None:
            return _Out(mod=mod)
        cent = (anchor.year - 1) // 100 + 1 + lex["century_prefix"][g["crel"]]
        return _Out(value=f"{cent - 1:02d}", mod=mod, anchor=anchor_iso)

    def _duration(self, c: _Cand, anchor: dt.date | None, last: _Ref | None, anchor_iso: str) -> _Out | None:
        g, lex = c.g, self._lex
        n = self.num(g["N"])
        unit = lex["unit"].get(g["U"]) or lex["set_unit"][g["U"]]
        mod = ""
        if g.get("more") in ("多", "余", "餘") or "more2" in g:
            mod = "MORE_THAN"
        elif g.get("more") in ("来", "來"):
            mod = "APPROX"
        if n is not None and "half" in g:
            n += 0.5
        return _Out(value=_period(n, unit), mod=mod)

    def _set(self, c: _Cand, anchor: dt.date | None, last: _Ref | None, anchor_iso: str) -> _Out | None:
        g, lex = c.g, self._lex
        if "W" in g:
            return _Out(value=f"XXXX-WXX-{lex['weekday'][g['W']]}")
        if "M" in g:
            m = self._int(g["M"])
            if not m or not 1 <= m <= 12:
                return None
            d = self._int(g.get("D"))
            return _Out(value=f"XXXX-{m:02d}-{d:02d}" if d else f"XXXX-{m:02d}")
        if "D" in g:
            d = self._int(g["D"])
            return _Out(value=f"XXXX-XX-{d:02d}") if d and d <= 31 else None
        n = self.num(g["N"]) if "N" in g else 1
        return _Out(value=_period(n, lex["set_unit"][g["U"]]))

    def _lunar(self, c: _Cand, anchor: dt.date | None, last: _Ref | None, anchor_iso: str) -> _Out | None:
        """Lunar dates (农历八月十五, 腊月18, 大年初十) and festivals (中秋, 除夕, 母亲节) as Gregorian days.

        With a year: a lunar date is in that lunar year, a festival in that Gregorian year. Without
        one: the occurrence nearest the anchor (春节 in a December article is the coming one).
        """
        g, lex = c.g, self._lex
        year, used = None, ""
        if "Y" in g:
            year = self._int(g["Y"])
        elif "yrel" in g:
            if anchor is None:
                return _Out()
            year, used = anchor.year + lex["relative_year"][g["yrel"]], anchor_iso
        if year is None and anchor is None:
            return _Out()
        years = [year] if year is not None else [anchor.year - 1, anchor.year, anchor.year + 1]
        used = used or ("" if year is not None else anchor_iso)
        if "F" in g:
            days = [lunar.festival_day(lex["festival"][g["F"]], y) for y in years]
            day = days[0] if year is not None else lunar.nearest(days, anchor)
            if day is None:
                return _Out()
            return _Out(value=day.isoformat(), anchor=used, ref=_Ref(day.year, day.month, day.day))
        if "M" in g:
            month = self._int(g["M"])
        else:
            month = lex["lunar_month"][g["LM"]] if "LM" in g else 1  # 大年初十
        leap = "leap" in g
        if "LD" not in g:
            spans = [lunar.lunar_month(y, month, leap) for y in years]
            spans = [sp for sp in spans if sp]
            if not spans:
                return _Out()
            first, end = spans[0] if year is not None else min(spans, key=lambda sp: abs((sp[0] - anchor).days))
            return _Out(value=f"{first.isoformat()}/{end.isoformat()}", anchor=used)
        d = self._int(g["LD"].lstrip("初"))
        if not d or d > 30:
            return _Out()
        days = [lunar.lunar_day(y, month, d, leap) for y in years]
        day = days[0] if year is not None else lunar.nearest(days, anchor)
        if day is None:
            return _Out()
        return _Out(value=day.isoformat(), anchor=used, ref=_Ref(day.year, day.month, day.day))

    def _vague(self, c: _Cand, anchor: dt.date | None, last: _Ref | None, anchor_iso: str) -> _Out | None:
        return _Out()

    def _time(self, c: _Cand, anchor: dt.date | None, last: _Ref | None, anchor_iso: str,
              day: _Ref | None = None, unresolved: bool = False) -> _Out | None:
        g, lex = c.g, self._lex
        pod, add12 = lex["day_part"][g["pod"]] if "pod" in g else ("", 0)
        clock = ""
        if "hh" in g:
            hh = self._int(g["hh"])
            mi = self._int(g["mi"]) if "mi" in g else (30 if "hhalf" in g else 0)
            if hh is None or mi is None or hh > 24 or mi > 59:
                return None
            if add12 and hh < add12 and hh < 12:
                hh += 12
            clock = f"{hh:02d}:{mi:02d}"
        part = clock or pod
        if unresolved:
            return _Out(type="TIME")
        used = ""
        if day is None:
            # A clock time alone belongs to the last day mentioned, else to the anchor's day.
            if last is not None and last.d is not None:
                day, used = last, last.iso()
            elif anchor is not None:
                day, used = _Ref(anchor.year, anchor.month, anchor.day), anchor_iso
            else:
                return _Out(type="TIME")
        return _Out(value=f"{day.iso()}T{part}", anchor=used, ref=day, type="TIME")


# ---------------------------------------------------------------------- helpers
_ANY = None  # "any character may follow"


def _prefixes(pattern: str, k: int = 2) -> set[tuple[str, ...]] | None:
    """Every string of up to ``k`` characters a match can start with; None when that is unbounded.

    A tuple shorter than k means the match can end there (so anything may follow). Lookarounds
    are zero width and ignored, which only ever widens the set.
    """
    try:
        import re._constants as C
        import re._parser as P
    except ImportError:  # pragma: no cover - Python < 3.11
        return None
    limit = 20000

    def cat(a: set, b: set) -> set:
        out = {x for x in a if len(x) == k}
        for x in a:
            if len(x) < k:
                out.update((x + y)[:k] for y in b)
        if len(out) > limit:
            raise OverflowError
        return out

    def seq(items) -> set:
        acc = {()}
        for op, av in items:
            acc = cat(acc, item(op, av))
            if all(len(x) == k for x in acc):
                break
        return acc

    def item(op, av) -> set:
        if op is C.LITERAL:
            return {(chr(av),)}
        if op is C.IN:
            chars: set[str] = set()
            for o, a in av:
                if o is C.LITERAL:
                    chars.add(chr(a))
                elif o is C.RANGE and a[1] - a[0] < 5000:
                    chars.update(chr(x) for x in range(a[0], a[1] + 1))
                else:
                    raise OverflowError
            return {(c,) for c in chars}
        if op is C.SUBPATTERN:
            return seq(av[-1].data)
        if op is C.ATOMIC_GROUP:
            return seq(av.data)
        if op is C.BRANCH:
            out: set = set()
            for branch in av[1]:
                out |= seq(branch.data)
            return out
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            one = seq(sub.data)
            out, cur = set(), {()}
            for n in range(0, min(hi, k) + 1):
                if n >= min(lo, k):
                    out |= cur
                cur = cat(cur, one)
            return out
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            return {()}
        return {("*",)}  # a back reference or the like: any character

    try:
        found = seq(P.parse(pattern).data)
    except OverflowError:
        return None
    return None if () in found else found


_DIGITS = "0123456789０１２３４５６７８９"


def _number_follow(patterns: list[str]) -> tuple[set[str], set[int]] | None:
    """Characters that can come right after a leading number (年 in 2023年, - in 2023-07-19), and
    the lengths of the bare numbers a pattern can match (8: 20240307).

    A digit run followed by none of them (3000名, 120亿) and of none of those lengths cannot start
    a match, so the trigger skips it. Walks each parsed pattern with two states: nothing read yet
    (0), only digits read (1). None when some pattern is too open to tell.
    """
    import re._constants as C
    import re._parser as P

    digits = set(_DIGITS)
    follow: set[str] = set()

    class Unknown(Exception):
        pass

    def chars_of(op, av) -> set[str]:
        if op is C.LITERAL:
            return {chr(av)}
        out: set[str] = set()
        for o, a in av:
            if o is C.LITERAL:
                out.add(chr(a))
            elif o is C.RANGE and a[1] - a[0] < 5000:
                out.update(chr(x) for x in range(a[0], a[1] + 1))
            else:
                raise Unknown
        return out

    def seq(items, states: set[int]) -> set[int]:
        for op, av in items:
            states = set().union(*(item(op, av, st) for st in states)) if states else set()
            if not states:
                break
        return states

    def item(op, av, st: int) -> set[int]:
        if op in (C.LITERAL, C.IN):
            chars = chars_of(op, av)
            if st == 1:
                follow.update(chars - digits)
            return {1} if chars & digits else set()
        if op is C.SUBPATTERN:
            return seq(av[-1].data, {st})
        if op is C.ATOMIC_GROUP:
            return seq(av.data, {st})
        if op is C.BRANCH:
            return set().union(*(seq(b.data, {st}) for b in av[1]))
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            out, cur = set(), {st}
            for n in range(min(hi, 6) + 1):
                if n >= min(lo, 6):
                    out |= cur
                cur = seq(sub.data, cur)
                if not cur:
                    break
            return out | (cur if hi > 6 else set())
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            return {st}
        raise Unknown

    bare: set[int] = set()
    try:
        for pattern in patterns:
            parsed = P.parse(pattern)
            if 1 in seq(parsed.data, {0}):
                low, high = parsed.getwidth()
                if low != high:
                    return None  # a bare number of open length: no digit run can be skipped
                bare.add(low)
    except Unknown:
        return None
    return follow, bare


def _trigger(prefixes: list[set[tuple[str, ...]]], number_follow: tuple[set[str], set[int]] | None) -> re.Pattern:
    """One regex finding the places where some rule could start (a character, often with the next).

    It starts with one character class, so the engine skips to those characters at C speed (a
    branch per starting character, each starting with its literal, made every stop try them all:
    festivals start with common characters such as 中 and 国); a lookbehind on that character then
    picks the characters that may follow it. A match never starts right after a digit: every
    number in the patterns is guarded against that.
    """
    follow: dict[str, set[str] | None] = {}
    for pre in prefixes:
        for p in pre:
            ch = p[0]
            if len(p) == 1:
                follow[ch] = _ANY
            elif ch not in follow:
                follow[ch] = {p[1]}
            elif follow[ch] is not _ANY:
                follow[ch].add(p[1])

    def chars(cs) -> str:
        return "[" + "".join(re.escape(c) for c in sorted(cs)) + "]"

    digits = {ch for ch in follow if ch in _DIGITS}
    anywhere = {ch for ch in follow if follow[ch] is _ANY and ch not in digits}
    paired = {ch for ch in follow if follow[ch] is not _ANY and ch not in digits}
    parts = []
    if anywhere:
        parts.append(f"(?<={chars(anywhere)})")
    for firsts, nxt in _pair_groups({ch: follow[ch] for ch in paired}):
        parts.append(f"(?<={chars(firsts)})" + chars(nxt))
    if digits:
        part = f"(?<={chars(digits)})(?<![{_DIGITS}].)"
        if number_follow is not None:
            follow_chars, bare = number_follow
            ahead = [f"[{_DIGITS}]*" + chars(follow_chars)]
            ahead += [f"[{_DIGITS}]{{{n - 1}}}(?![{_DIGITS}])" for n in sorted(bare)]
            part += "(?=" + "|".join(ahead) + ")"
        parts.append(part)
    return re.compile(chars(follow) + "(?:" + "|".join(parts) + ")")


def _pair_groups(follow: dict[str, set[str]], most: int = 10) -> list[tuple[set[str], set[str]]]:
    """A few groups of starting characters, each with the union of what may follow them.

    Each group is one branch of the trigger: fewer branches make each stop cheaper, looser unions
    make more stops. Characters join the group whose follow set they share most of.
    """
    groups: list[tuple[set[str], set[str]]] = []
    for ch in sorted(follow, key=lambda c: (-len(follow[c]), c)):
        nxt = follow[ch]
        best = max(groups, key=lambda g: (len(g[1] & nxt) - len(nxt - g[1]), -len(g[1])), default=None)
        if best is not None and (len(groups) >= most or not nxt - best[1]):
            best[0].add(ch)
            best[1].update(nxt)
        else:
            groups.append(({ch}, set(nxt)))
    return groups


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _period(n: float | int | None, unit: str) -> str:
    """ISO 8601 duration; X for an unknown count (几个月 -> PXM); halves go to the next unit down."""
    if unit == "Q":
        unit, n = "M", None if n is None else n * 3
    down = {"Y": ("M", 12), "D": ("TH", 24), "TH": ("TM", 60), "W": ("D", 7), "TM": ("TS", 60)}
    if n is not None and not float(n).is_integer() and unit in down:
        unit, factor = down[unit]
        n = n * factor
    if n is None:
        count = "X"
    elif float(n).is_integer():
        count = str(int(n))
    else:
        count = f"{n:g}"
    return f"PT{count}{unit[1]}" if unit.startswith("T") else f"P{count}{unit}"


_PERIOD_PART = re.compile(r"(\d+)([YMWDHS])")
_PERIOD_UNITS = ("Y", "M", "W", "D", "TH", "TM", "TS")


def _add_periods(values: list[str]) -> str:
    """One ISO 8601 duration from several (P2Y + P6M -> P2Y6M); '' when one is vague or fractional."""
    total: dict[str, int] = {}
    for value in values:
        date_part, _t, time_part = value.removeprefix("P").partition("T")
        if not value.startswith("P") or re.search(r"[X.]", value):
            return ""
        for n, unit in _PERIOD_PART.findall(date_part):
            total[unit] = total.get(unit, 0) + int(n)
        for n, unit in _PERIOD_PART.findall(time_part):
            total["T" + unit] = total.get("T" + unit, 0) + int(n)
    days = "".join(f"{total[u]}{u}" for u in _PERIOD_UNITS[:4] if u in total)
    clock = "".join(f"{total[u]}{u[1]}" for u in _PERIOD_UNITS[4:] if u in total)
    return "P" + days + (f"T{clock}" if clock else "")


def _day_level(c: _Cand) -> bool:
    """True for a date that names a single day (the only thing a time of day can attach to)."""
    g = c.g
    if c.rule.resolve == "lunar" or "LD" in g:
        return "LM" not in g or "LD" in g
    if c.rule.resolve == "week":
        return g.get("W", "末") != "末"
    if c.rule.resolve == "nth":
        return "W" in g
    if c.rule.resolve == "offset":
        return c.g.get("U") in ("天", "日")
    if c.rule.resolve != "calendar" or "D2" in g:
        return False
    return "D" in g or "drel" in g or "dana" in g or "dpart" in g or "dapart" in g


def _has_year(c: _Cand) -> bool:
    return "Y" in c.g or "yrel" in c.g


def _month_only(c: _Cand) -> bool:
    """A month (3月, 2025年8月份) that a week counted in it can follow."""
    return (c.rule.resolve == "calendar" and c.time is None and c.upto is None and not c.mod
            and "M" in c.g and not set(c.g) - {"Y", "yrel", "M"})


def _takes_year(c: _Cand) -> bool:
    return c.rule.resolve == "lunar" or "mfirst" in c.g or "qfirst" in c.g


def _year_only(c: _Cand) -> bool:
    """A bare year (2024年, 今年) that a lunar date or festival right after it can take."""
    return (c.rule.resolve == "calendar" and c.time is None and c.upto is None and not c.mod
            and set(c.g) in ({"Y"}, {"yrel"}) and c.rule.standalone)


def _is_range(c: _Cand) -> bool:
    return "D2" in c.g or "M2" in c.g or "Y2" in c.g or "qfirst" in c.g


def _joinable(a: _Cand, b: _Cand) -> bool:
    """Both ends of 至/到 are calendar points; the end may leave out what the start gives (7月至9月)."""
    if not ("Y" in a.g or "M" in a.g or "D" in a.g or "yrel" in a.g or "yana" in a.g):
        return False
    return "Y" in b.g or "M" in b.g or "D" in b.g or "yrel" in b.g


def _cand_type(c: _Cand) -> str:
    if c.time is not None:
        return "TIME"
    return c.rule.type
