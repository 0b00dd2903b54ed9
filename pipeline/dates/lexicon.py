"""The tables of rules/dates/lexicon.yaml as the resolvers read them, and numbers written in words."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


@dataclass
class DateLexicon:
    """Every table of lexicon.yaml by name (``lex["relative_year"]``), the numerals and the settings."""

    tables: dict[str, Any] = field(default_factory=dict)
    digits: dict[str, int] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)
    vague: tuple[str, ...] = ()
    leading_zero: str = ""  # characters of a zero dropped before Arabic digits
    fractions: dict[str, float] = field(default_factory=dict)  # words that are a number alone
    settings: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, name: str) -> dict:
        return self.tables[name]

    def num(self, s: str) -> float | int | None:
        """A count or number written with Arabic, full-width or Chinese numerals; None when vague."""
        s = s.translate(_FULLWIDTH).strip()
        if not s:
            return None
        if len(s) > 1 and s[0] in self.leading_zero and s[1:].isdigit():
            s = s[1:]  # a minute written with a zero before it
        if s.isascii():
            try:
                return float(s) if "." in s else int(s)
            except ValueError:
                return None
        if s in self.fractions:
            return self.fractions[s]
        if any(v in s for v in self.vague):
            return None
        digits, units = self.digits, self.units
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
            return None  # two neighbouring digits are "three or four", not 34
        value = 0
        for ch in s:
            if ch not in digits:
                return None
            value = value * 10 + digits[ch]
        return value

    def integer(self, s: str | None) -> int | None:
        """``num(s)`` when it is a whole number, else None (also for a missing group)."""
        if s is None:
            return None
        v = self.num(s)
        return int(v) if isinstance(v, (int, float)) and float(v).is_integer() else None
