"""What the steps of the date stage hand each other: rules, candidates, calendar points, resolutions."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

TYPES = ("DATE", "DURATION", "SET", "TIME")
MODS = ("", "APPROX", "START", "MID", "END", "MORE_THAN", "LESS_THAN")
RULE_FIELDS = ("id", "type", "resolve", "pattern", "standalone", "clock_anchor", "note")

# Named groups a pattern may use, and what the resolvers read from them. A word table named here
# is a table of lexicon.yaml; rules/dates/README.md gives an example of each group.
GROUPS = {
    "Y": "year number", "Y2": "end year of a range", "M": "month number", "M2": "end month of a range",
    "D": "day number", "D2": "end day of a range", "sep": "separator of a numeric date",
    "yrel": "relative_year word", "yrel_short": "short_relative_year word", "yana": "anaphoric_year word",
    "mrel": "relative_month word", "mana": "anaphoric_month word",
    "drel": "relative_day word", "dpart": "relative_day_part word",
    "dana": "anaphoric_day word", "dapart": "anaphoric_day_part word",
    "Q": "quarter number", "Qa": "quarter number (Q3)", "qfirst": "'the first' before a count of quarters (Q1 to Qn)",
    "qrel": "quarter_prefix word",
    "H": "half_year word", "S": "season word", "ysub": "year_part word", "msub": "month_part word",
    "decsub": "decade_part word", "C": "century number", "crel": "century_prefix word", "dec": "decade number", "dec0": "first decade of two written together",
    "wrel": "week_prefix word", "ww": "week_word", "W": "weekday",
    "N": "count", "more": "count_suffix_mod word after a count", "more2": "'more than' after a unit", "cmore": "'more than' between 个 and the unit", "nu": "unit (month or day) counted by an nth after a year or month",
    "dp": "day_pair word",
    "half": "'and a half' after a unit",
    "U": "unit word", "dir": "direction word", "span": "'past' or 'next' before a duration",
    "since": "'since' after a duration",
    "pod": "day_part word", "hh": "hour", "mi": "minute", "ss": "second", "less": "minutes before the hour (三点差一刻)",
    "ampm": "am or pm mark after a clock (pm, a.m.)", "hhalf": "'half past' after an hour",
    "LM": "lunar_month word", "LD": "lunar day (lunar_day_prefix and a number, or a number)",
    "leap": "'leap' before a lunar month",
    "F": "festival word", "fy": "fiscal year number", "mfirst": "N of 'the first N months' (January to month N)", "mlast": "N of 'the last N months' (month 13-N to December)",
    "last": "'the last' before a week word", "roc": "year of the Minguo (ROC) calendar (year + 1911)", "ce": "'common era' before a year: the year as written",
    "bce": "'before' after ce: a year before the common era",
    "qsub": "month_part word after a quarter (start or end of it)",
    "hsub": "month_part word after a half year (上半年末)",
    "hm": "half_month word (上半月)",
    "wfirst": "N of 'the first N weeks' of a year (ISO weeks 1 to N)",
    "era": "era word (an imperial era name)", "ey": "year of the era",
    "rspan": "span_free or span_clause word before a count: the range it starts",
    "before2": "'before' after the end year of a range: the range stops the year before it",
    "hh2": "end hour of a compressed clock range (9-11时)",
    "mi5": "minutes as a count of five (Cantonese 三点踏三: 15 minutes; 半: 30)",
    "plan": "number of a five-year plan (十三五)",
    "Z": "zodiac word: a lunar year named by its animal (龙年)",
    "GZ": "stem and branch of a lunar year (甲辰年)",
}

OUT_OF_RANGE_NOTE = "outside years 1-9999, left empty"
FISCAL_NOTE = "fiscal period: the company's fiscal year may not be the calendar year, so no start/end days"

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


@dataclass(frozen=True)
class DateRule:
    """One rule of patterns.yaml; ``resolver`` is its registered resolver function, looked up once at load."""

    id: str
    type: str
    resolve: str
    standalone: bool
    line: int
    resolver: Callable | None = field(default=None, compare=False, repr=False)
    clock_anchor: bool = False  # tried only when the anchor carries a clock time (两小时前)


@dataclass
class Candidate:
    """A match of one rule, grown by the combination step (a time glued on, a range end, a mod)."""

    start: int
    end: int
    rule: DateRule
    g: dict[str, str]  # the named groups that matched
    mod: str = ""
    time: "Candidate | None" = None  # a time of day glued after a date
    upto: "Candidate | None" = None  # the end of a range joined by a range_connector word
    rule_id: str = ""
    attached: bool = False  # a non-standalone match joined onto the month or year before it
    plus: "list[Candidate]" = field(default_factory=list)  # durations after this one: 2 years 6 months
    region: str = ""  # the document's script when a festival means another day there (festival_region)
    same_day: bool = False  # 去年的今天: the anchor's day in the period this names
    until_now: bool = False  # 2018年至今: a range from this date to the anchor
    around: "Candidate | None" = None  # 前一周 of 春节前一周: the days before or after this day
    now: "dt.datetime | None" = None  # the anchor's clock time, for a clock_anchor rule


@dataclass
class Ref:
    """The last resolved calendar point: what anaphoric words and bare clock times are resolved against."""

    y: int
    m: int | None = None
    d: int | None = None
    relative: bool = False  # resolved against the anchor (last month), not written out (February)

    def iso(self) -> str:
        if self.d is not None:
            return f"{self.y:04d}-{self.m:02d}-{self.d:02d}"
        if self.m is not None:
            return f"{self.y:04d}-{self.m:02d}"
        return f"{self.y:04d}"


@dataclass
class Resolution:
    """What a resolver makes of a candidate: TIMEX3 value, mod, the anchor used, the point it names."""

    value: str = ""
    mod: str = ""
    anchor: str = ""
    ref: Ref | None = None
    type: str = ""  # when it differs from the rule's type (a day with a part of the day is a TIME)
    note: str = ""  # what a user must know about the value (a fiscal year is the company's)
