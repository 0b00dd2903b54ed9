"""The only reader of rules/dates/: lexicon.yaml, patterns.yaml (macros expanded) and not_dates.txt.

Every problem is a RuleError naming file and line, with a hint; the codes R100-R117 are the date
stage's (``zhnews rules check`` shows them).
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .. import lunar
from ..registry import date_resolvers
from ..rules import LINE_KEY, RuleError, compile_regex_tree, load_yaml, regex_from_parts, require_keys
from .lexicon import DateLexicon
from .model import GROUPS, MODS, RULE_FIELDS, TYPES, DateRule
from . import prefilter
from .prefilter import number_follow_one, prefixes

TABLES = ("numerals", "relative_year", "short_relative_year", "anaphoric_year", "relative_month",
          "anaphoric_month", "relative_day", "relative_day_part", "anaphoric_day", "anaphoric_day_part",
          "week_prefix", "week_word", "weekday", "not_weekday", "quarter_prefix", "year_part", "month_part",
          "decade_part", "half_year", "season", "century_prefix", "day_part", "unit", "set_unit", "direction",
          "prefix_mod", "suffix_mod", "count_suffix_mod", "range_connector", "list_separator", "duration_joiner",
          "date_time_glue", "two_digit_year_cue", "anchor_when_first", "era_first_year", "lunar_month",
          "lunar_day_prefix", "festival", "span_free", "span_clause", "range_opener", "range_closer",
          "era", "clock_quarter", "festival_region", "holiday_cue", "festival_prefix", "not_suffix_mod", "shared_unit_separator", "clock_unit", "given_name_festival", "name_surname", "day_pair", "aside_bracket", "until_now", "half_month", "plan_cue", "plan_first_year", "clock_five_mark", "cantonese_day_part", "time_zone", "zodiac", "heavenly_stem", "earthly_branch", "holiday_span", "measure_word", "comparison_before", "comparison_after", "tense_before", "tense_after", "not_tense_after", "settings")
NUMERALS = ("digits", "units", "vague", "leading_zero", "fractions")
SETTINGS = ("yearless_past_after_months", "yearless_future_before_months", "dayonly_past_after_days",
            "default_century", "two_digit_year_ahead", "tense_window_before", "tense_gap_before", "tense_window_after",
            "tense_year_slack_days")
NOT_WORD_TABLES = ("numerals", "settings", "festival_region")  # the tables a pattern cannot expand with {@name}
MOD_TABLES = ("year_part", "month_part", "decade_part", "count_suffix_mod")  # word: MOD

_MACRO = re.compile(r"\{(@?)([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class LoadedRule:
    """A rule of patterns.yaml with its expanded pattern, compiled once, and the characters it can start with."""

    rule: DateRule
    pattern: str
    regex: re.Pattern
    prefixes: frozenset[tuple[str, ...]]
    follow: tuple | None = None  # prefilter.number_follow_one of the pattern


def _clean(mapping: dict) -> dict:
    return {str(k): v for k, v in mapping.items() if k != LINE_KEY}


def load_date_lexicon(path: Path) -> DateLexicon:
    """lexicon.yaml: every table checked (values a resolver can read), numerals and settings apart."""
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise RuleError(path, None, "the lexicon must be a mapping of table names to tables", code="R100")
    require_keys(data, TABLES, TABLES, path, None)
    lex = DateLexicon()
    for name in TABLES:
        table = data[name]
        if not isinstance(table, dict):
            raise RuleError(path, None, f"table '{name}' must be a mapping word: value", code="R101")
        lex.tables[name] = _clean(table)
    num = data["numerals"]
    require_keys(num, NUMERALS, NUMERALS, path, num.get(LINE_KEY))
    lex.digits = _clean(num["digits"])
    lex.units = _clean(num["units"])
    lex.vague = tuple(num["vague"])
    lex.leading_zero = "".join(num["leading_zero"])
    lex.fractions = _clean(num["fractions"])
    _check_values(data, lex, path)
    require_keys(data["settings"], SETTINGS, SETTINGS, path, data["settings"].get(LINE_KEY))
    lex.settings = {k: int(v) for k, v in lex["settings"].items()}
    return lex


def _check_values(data: dict, lex: DateLexicon, path: Path) -> None:
    """The values the resolvers interpret: TIMEX3 mods, [mod, type] pairs, festival days."""
    for name in MOD_TABLES:
        for word, mod in lex[name].items():
            if mod not in MODS:
                raise RuleError(path, data[name].get(LINE_KEY), f"'{word}' in {name}: unknown mod '{mod}'",
                                f"use one of {', '.join(m for m in MODS if m)}", code="R102")
    for name in ("prefix_mod", "suffix_mod"):
        for word, spec in lex[name].items():
            if (not isinstance(spec, list) or len(spec) != 2 or spec[0] not in MODS
                    or spec[1] not in TYPES + ("ALL",)):
                raise RuleError(path, data[name].get(LINE_KEY), f"'{word}' in {name}: expected [MOD, TYPE or ALL]",
                                f"e.g. {word}: [APPROX, ALL]", code="R102")
    for word, spec in lex["festival"].items():
        if not lunar.valid_spec(spec):
            raise RuleError(path, data["festival"].get(LINE_KEY), f"'{word}' in festival: bad day '{spec}'",
                            "use L<month>-<day> (lunar; day 0 = last), S<month>-<day>, T<solar term> "
                            "or W<month>-<weekday>-<nth>, E<days from Easter>, O<days from Orthodox Easter>, "
                            "H<month>-<day> (Hebrew), I<month>-<day> (Islamic), with *<days> for a feast of several days",
                            code="R102")
    for region, table in lex["festival_region"].items():
        if not isinstance(table, dict):
            raise RuleError(path, data["festival_region"].get(LINE_KEY), f"festival_region '{region}' must be "
                            "a mapping festival word: day", code="R102")
        lex["festival_region"][region] = table = _clean(table)
        for word, spec in table.items():
            if word not in lex["festival"] or not lunar.valid_spec(spec):
                raise RuleError(path, data["festival_region"].get(LINE_KEY),
                                f"'{word}' in festival_region {region}: not a festival word or bad day '{spec}'",
                                "list the word in festival too; write the day as in festival", code="R102")


def load_not_dates(path: Path) -> tuple[str, ...]:
    """not_dates.txt: one phrase a line, no spaces, none twice."""
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


def expand(pattern: str, macros: dict[str, str], lex: DateLexicon, path: Path, line: int | None,
           depth: int = 0) -> str:
    """``pattern`` with every ``{MACRO}`` and ``{@table}`` (the table's words, longest first) written out."""
    if depth > 12:
        raise RuleError(path, line, "macros expand in a loop", "a macro must not use itself", code="R103")

    def sub(m: re.Match) -> str:
        is_table, name = m.group(1), m.group(2)
        if is_table:
            if name not in lex.tables or name in NOT_WORD_TABLES:
                raise RuleError(path, line, f"unknown table '{{@{name}}}'",
                                f"tables in lexicon.yaml: {', '.join(t for t in TABLES if t not in NOT_WORD_TABLES)}",
                                code="R104")
            return "(?:" + words_alternation(lex[name]) + ")"
        if name not in macros:
            raise RuleError(path, line, f"unknown macro '{{{name}}}'",
                            f"define it under macros: or use one of {', '.join(sorted(macros))}", code="R105")
        return expand(macros[name], macros, lex, path, line, depth + 1)

    return _MACRO.sub(sub, pattern)


def words_alternation(table: dict) -> str:
    """The words of a table as a regex alternation, longest first (so the longest word wins)."""
    return "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True))


def words_pattern(table: dict) -> str:
    """``words_alternation``, or a pattern that matches nothing for an empty table (an empty
    alternation would match everywhere)."""
    return words_alternation(table) or "(?!)"


def load_date_rules(path: Path, lex: DateLexicon) -> list[LoadedRule]:
    """patterns.yaml: every rule checked, expanded and compiled, in file order."""
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise RuleError(path, None, "expected a mapping with 'macros' and 'rules'", code="R107")
    require_keys(data, ("macros", "rules"), ("macros", "rules"), path, None)
    macros = _clean(data["macros"])
    if not isinstance(data["rules"], list):
        raise RuleError(path, data.get(LINE_KEY), "'rules' must be a list of rules", code="R107")
    loaded: list[LoadedRule] = []
    seen: dict[str, int] = {}
    store = CompiledStore()
    for k, raw in enumerate(data["rules"]):
        if not isinstance(raw, dict):
            raise RuleError(path, None, f"rule #{k + 1} is not a mapping", "start each rule with '- id: ...'",
                            code="R108")
        loaded.append(_load_rule(raw, macros, lex, path, seen, store))
    store.save()
    return loaded


class CompiledStore:
    """The compiled form of each expanded date pattern, kept on disk between processes: the regex's
    compiled code (``rules.regex_from_parts``), its starting characters and its number-follow answer,
    as plain JSON data (nothing executable), by exact pattern text, for this Python, regex engine and
    prefilter. Compiling the ~120 patterns and reading their parse trees costs ~0.25 s per process;
    reading them back ~0.03 s. A pattern the store does not hold, or holds in a form that does not
    load, is compiled; an unreadable or unwritable store is ignored. It keeps the patterns used most
    recently, ``LIMIT`` at most. ``ZHNEWS_CACHE_DIR`` sets the folder (default ~/.cache/zhnews);
    ``ZHNEWS_RULE_STORE=off`` turns the store off."""

    VERSION = "1"
    LIMIT = 400  # patterns kept: the default rules and a few edited versions of them

    def __init__(self):
        self.file: Path | None = None
        self.entries: dict[str, dict] = {}
        self.used: dict[str, dict] = {}
        self.changed = False
        if os.environ.get("ZHNEWS_RULE_STORE", "").lower() in ("off", "0", "no", "false"):
            return
        try:
            import _sre

            root = os.environ.get("ZHNEWS_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "zhnews"
            # the prefilter's code decides the prefixes and number-follow answers kept here
            analysis = hashlib.sha256(Path(prefilter.__file__).read_bytes()).hexdigest()
            key = hashlib.sha256("\0".join((self.VERSION, sys.version, str(_sre.MAGIC), analysis)).encode()).hexdigest()
            self.file = Path(root) / f"date-patterns-{key[:20]}.json"
            data = json.loads(self.file.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("patterns"), dict):
                self.entries = data["patterns"]
        except (OSError, ValueError, ImportError, RuntimeError):
            pass

    def get(self, pattern: str) -> tuple[re.Pattern, frozenset, tuple | None] | None:
        """The compiled pattern, its prefixes and number-follow answer; None when not held (or broken)."""
        entry = self.entries.get(pattern)
        if not isinstance(entry, dict):
            return None
        try:
            compiled = regex_from_parts(pattern, entry["regex"])
            starts = frozenset(tuple(p) for p in entry["prefixes"] if isinstance(p, list))
            follow = entry["follow"]
            if follow is not None:
                chars, length = follow
                follow = (frozenset(chars), None if length is None else int(length))
                if not isinstance(chars, list) or not all(_one_char(c) for c in chars):
                    return None
        except (KeyError, TypeError, ValueError, RuntimeError, IndexError, OverflowError):
            return None
        if (not starts or len(starts) != len(entry["prefixes"])
                or not all(len(p) in (1, 2) and all(map(_one_char, p)) for p in starts)):
            return None
        self.used[pattern] = entry
        return compiled, starts, follow

    def put(self, pattern: str, parts: dict | None, starts: frozenset, follow: tuple | None) -> None:
        if self.file is None or parts is None:
            return
        self.used[pattern] = {"regex": parts, "prefixes": sorted(map(list, starts)),
                              "follow": None if follow is None else [sorted(follow[0]), follow[1]]}
        self.changed = True

    def save(self) -> None:
        """When a pattern was new: this load's patterns first, then the others held, LIMIT at most."""
        if self.file is None or not self.changed:
            return
        kept = dict(self.used)
        for pattern, entry in self.entries.items():
            if len(kept) >= self.LIMIT:
                break
            kept.setdefault(pattern, entry)
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_temporaries(self.file)
            tmp = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"patterns": kept}, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.file)  # atomic: a process reading it meanwhile sees the old or the new file
        except OSError:
            pass


STALE_SECONDS = 600  # a save takes milliseconds: an older temporary file is a killed process's


def remove_stale_temporaries(file: Path) -> None:
    """Remove the ``FILE.<pid>.tmp`` files that processes killed between writing and renaming left
    beside ``file`` (date-patterns-….json.4711.tmp): those of a process no longer running, or older
    than ``STALE_SECONDS`` (the pid may be another machine's, on a shared home folder)."""
    now = time.time()
    for tmp in file.parent.glob(f"{glob.escape(file.name)}.*.tmp"):
        pid = tmp.name[len(file.name) + 1:-len(".tmp")]
        try:
            if not pid.isdigit() or not _running(int(pid)) or now - tmp.stat().st_mtime > STALE_SECONDS:
                tmp.unlink()
        except OSError:  # gone already (its process renamed it), or not ours to remove
            pass


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process writes its temporary file only after the clean-up
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: running
        return True
    return True


def _one_char(c) -> bool:
    return isinstance(c, str) and len(c) == 1


def _load_rule(raw: dict, macros: dict[str, str], lex: DateLexicon, path: Path, seen: dict[str, int],
               store: "CompiledStore") -> LoadedRule:
    line = raw.get(LINE_KEY)
    require_keys(raw, ("id", "type", "resolve", "pattern"), RULE_FIELDS, path, line)
    rid = str(raw["id"]).strip()
    if not rid:
        raise RuleError(path, line, "empty rule id", "give every rule a unique id like date.relative.week",
                        code="R109")
    if rid in seen:
        raise RuleError(path, line, f"duplicate rule id '{rid}' (first at line {seen[rid]})",
                        "rule ids must be unique", code="R110")
    seen[rid] = line
    if raw["type"] not in TYPES:
        raise RuleError(path, line, f"unknown type '{raw['type']}'", f"use one of {', '.join(TYPES)}",
                        code="R111")
    resolver = date_resolvers.get(raw["resolve"], path, line, code="R112")
    standalone = raw.get("standalone", True)
    if not isinstance(standalone, bool):
        raise RuleError(path, line, "'standalone' must be true or false", code="R113")
    clock_anchor = raw.get("clock_anchor", False)
    if not isinstance(clock_anchor, bool):
        raise RuleError(path, line, "'clock_anchor' must be true or false", code="R113")
    expanded = expand(str(raw["pattern"]), macros, lex, path, line)
    held = store.get(expanded)
    if held is not None:
        compiled, starts, follow = held
    else:
        compiled, parsed, parts = compile_regex_tree(expanded, path, line)  # the tree also serves the prefilter
        starts = prefixes(parsed if parsed is not None else expanded)
        follow = number_follow_one(parsed if parsed is not None else expanded)
        if starts:
            store.put(expanded, parts, frozenset(starts), follow)
    for name in compiled.groupindex:
        if name not in GROUPS:
            raise RuleError(path, line, f"unknown group name '{name}'",
                            f"the resolvers read: {', '.join(GROUPS)}", code="R114")
    if compiled.match(""):
        raise RuleError(path, line, "pattern matches the empty string",
                        "make at least one part of it required", code="R115")
    if not starts:
        raise RuleError(path, line, "cannot tell which characters this pattern starts with",
                        "start the pattern with literal characters or a [character class]; "
                        "lookbehinds before them are fine", code="R116")
    rule = DateRule(rid, raw["type"], raw["resolve"], standalone, line or 0, resolver.func, clock_anchor)
    return LoadedRule(rule, expanded, compiled, frozenset(starts), follow)
