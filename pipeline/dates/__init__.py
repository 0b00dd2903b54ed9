"""Time expressions: find them and normalise them to ISO 8601 (TIMEX3 type, value, mod, anchor).

Everything language-specific lives in ``rules/dates/``: ``lexicon.yaml`` holds the tables (numerals,
relative words, weekdays, parts of the day, units, modifiers, joining words) and ``patterns.yaml``
the rules. The code only knows what each named group *means* (``model.GROUPS``) and how each
resolver turns groups into a value, so a new wording is a data change.

The stage, module by module:

- ``loader``: the only reader of rules/dates/ (lexicon, patterns with macros expanded, not_dates);
- ``prefilter``: the characters each rule can start with, one trigger regex and a dispatch table;
- ``extractor``: ``DateExtractor`` scans the text, combines, drops not-dates and resolves;
- ``combine``: times glued onto dates, ranges, lists of days, durations of several units, modifiers;
- ``resolvers/``: one module per ``resolve:`` name, registered in ``zhnews.registry.date_resolvers``;
- ``lexicon``, ``model``, ``periods``: the tables and number reading, the records passed along,
  calendar arithmetic.

Speed: the characters (and next character) each rule can start with are read from the parsed
patterns at load. One regex finds those places, skipping the rest of the text at C speed, and only
the rules that can start there are tried, each with its own regex compiled once, in file order.

Resolution order matters: matches are resolved left to right, and an anaphoric expression (同年,
次日, a bare clock time) is resolved against the last date resolved before it in the same text.
Nothing is ever resolved against today's date: without an anchor, relative expressions get an
empty value and an empty anchor.
"""
from __future__ import annotations

from .extractor import DateExtractor
from .lexicon import DateLexicon
from .loader import TABLES, load_date_lexicon, load_date_rules, load_not_dates
from .model import GROUPS, MODS, OUT_OF_RANGE_NOTE, TYPES, in_calendar_range

__all__ = ["DateExtractor", "DateLexicon", "GROUPS", "MODS", "OUT_OF_RANGE_NOTE", "TABLES", "TYPES",
           "in_calendar_range", "load_date_lexicon", "load_date_rules", "load_not_dates"]
