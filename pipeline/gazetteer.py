"""Gazetteer files and the matcher that finds their aliases in text, sized for a million entries.

Two file formats sit side by side in ``rules/entities/gazetteer/``: YAML (``*.yaml``, the
hand-written one) and TSV (``*.tsv``, one entry per line, for large generated lists: it loads
without a YAML parser and keeps no per-mapping bookkeeping). Both give ``GazetteerEntry`` rows.

Matching used to be one regular expression built as a character trie of every alias: exact, but a
million aliases take minutes and gigabytes to compile. ``LongestMatcher`` gives the same matches
(leftmost, then longest, never overlapping, as ``re.finditer`` over that trie regex) from a plain
dict of the aliases and, per first character, the alias lengths to try, longest first.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterator, Mapping, NamedTuple

from .rules import LINE_KEY, RuleError, check_text_file, load_yaml, require_keys

ENTRY_KEYS = ("id", "canonical", "label", "aliases", "link_only", "context")
_FORM_COLUMNS = frozenset({"aliases", "link_only"})
# Up to this many keys, LongestMatcher indexes them by their first two characters too (faster; for
# larger gazetteers the pair index would cost ~100 bytes a key, and nearly every pair starts a key)
PAIR_INDEX_LIMIT = 200_000
# TSV cells holding several forms separate them with this character (never part of a name)
TSV_FORM_SEPARATOR = "|"


class GazetteerEntry(NamedTuple):  # a tuple: a million of them load fast and stay small
    id: str
    label: str
    canonical: str
    aliases: tuple[str, ...]  # every form as written in the file (canonical included)
    context: str | None
    source: str
    line: int
    n_match: int  # aliases[:n_match] are matched in text; the rest ('link_only') only link


# ------------------------------------------------------------------------------------------------
# loading


def load_entries(base: Path, labels: tuple[str, ...]) -> list[GazetteerEntry]:
    """Every entry of the ``*.yaml`` / ``*.yml`` / ``*.tsv`` files in ``base``, in file-name order."""
    entries: list[GazetteerEntry] = []
    if not base.is_dir():
        return entries
    seen_ids: dict[str, GazetteerEntry] = {}
    for path in sorted(p for pattern in ("*.yaml", "*.yml", "*.tsv") for p in base.glob(pattern)):
        source = str(path)
        for line, (entry_id, label, canonical, aliases, link_only, context) in (
                _tsv_rows(path) if path.suffix == ".tsv" else _yaml_rows(path)):
            if label not in labels:
                raise RuleError(path, line, f"unknown label {label!r}", f"use one of {', '.join(labels)}", code="E012")
            if entry_id in seen_ids:
                first = seen_ids[entry_id]
                raise RuleError(path, line, f"duplicate gazetteer id {entry_id!r} (first in {Path(first.source).name}:"
                                f"{first.line})", "give each entry its own id", code="E014")
            forms = tuple(dict.fromkeys([canonical, *aliases]))
            entry = GazetteerEntry(entry_id, label, canonical, forms + link_only, context, source, line, len(forms))
            seen_ids[entry_id] = entry
            entries.append(entry)
    return entries


Row = tuple  # (id, label, canonical, aliases: list of stripped non-empty forms, link_only: tuple, context)


def _yaml_rows(path: Path) -> Iterator[tuple[int, Row]]:
    data = load_yaml(path)
    if data is None:
        return
    if not isinstance(data, dict) or "entries" not in data:
        raise RuleError(path, 1, "a gazetteer file is a mapping with 'label' and 'entries'",
                        "start the file with 'label: ORG' and 'entries:' followed by '- {canonical: ..., aliases: [...]}'",
                        code="E010")
    require_keys(data, ("entries",), ("label", "context", "entries"), path, data.get(LINE_KEY))
    for item in data["entries"] or []:
        line = item.get(LINE_KEY, 1) if isinstance(item, dict) else data.get(LINE_KEY)
        if not isinstance(item, dict):
            raise RuleError(path, line, "each entry must be a mapping like {canonical: 微软, aliases: [Microsoft]}",
                            code="E011")
        require_keys(item, ("canonical",), ENTRY_KEYS, path, line)
        canonical = str(item["canonical"]).strip()
        aliases = item.get("aliases") or []
        link_only = item.get("link_only") or []
        if not isinstance(aliases, list) or not isinstance(link_only, list):
            raise RuleError(path, line, "'aliases' and 'link_only' must be lists", "write aliases: [A, B]", code="E013")
        yield line, (str(item.get("id", canonical)), item.get("label", data.get("label")), canonical,
                     [a for a in (str(a).strip() for a in aliases) if a], tuple(str(a) for a in link_only),
                     item.get("context", data.get("context")))


def _tsv_rows(path: Path) -> Iterator[tuple[int, Row]]:
    """A TSV gazetteer: a header line naming the columns (``canonical`` required, any of
    ``ENTRY_KEYS``), then one entry per line; ``aliases`` and ``link_only`` cells hold forms
    separated by ``|``; ``#`` lines and blank lines are skipped; an empty cell is the default.
    (Written for speed: a million lines.)"""
    lines = enumerate(check_text_file(path).split("\n"), start=1)
    for number, raw in lines:
        stripped = raw.strip()
        if stripped and stripped[0] != "#":
            columns = [c.strip() for c in raw.split("\t")]
            if any(c not in ENTRY_KEYS for c in columns) or "canonical" not in columns or len(set(columns)) < len(columns):
                raise RuleError(path, number, f"the header line names the columns; found {columns!r}",
                                f"write a header such as 'id<TAB>label<TAB>canonical<TAB>aliases' using {', '.join(ENTRY_KEYS)}",
                                code="E016")
            break
    else:
        return
    width = len(columns)
    # missing optional columns read an always-empty cell appended to every row
    at = {key: columns.index(key) if key in columns else width for key in ENTRY_KEYS}
    i_id, i_canonical, i_label, i_aliases, i_link, i_context = (at[key] for key in ENTRY_KEYS)
    padding = [""] * (width + 1)
    sep = TSV_FORM_SEPARATOR
    for number, raw in lines:
        stripped = raw.strip()
        if not stripped or stripped[0] == "#":
            continue
        cells = raw.split("\t")
        if len(cells) > width:
            raise RuleError(path, number, f"{len(cells)} tab-separated cells, the header names {width}",
                            "separate cells with one TAB; forms inside a cell with '|'", code="R005")
        cells += padding[len(cells):]
        canonical = cells[i_canonical].strip()
        if not canonical:
            raise RuleError(path, number, "the canonical name is empty", "every entry needs its canonical name",
                            code="E011")
        aliases, link_only = cells[i_aliases], cells[i_link]
        yield number, (cells[i_id].strip() or canonical, cells[i_label].strip() or None, canonical,
                       [f for f in map(str.strip, aliases.split(sep)) if f] if aliases else [],
                       tuple(f for f in map(str.strip, link_only.split(sep)) if f) if link_only else (),
                       cells[i_context].strip() or None)
def convert_all(forms: list[str], convert: Callable[[str], str], chunk: int = 20000) -> list[str]:
    """``[convert(f) for f in forms]`` in few calls: the forms joined by new lines (a conversion
    never reaches across a line end), or one by one when a form holds a line end."""
    out: list[str] = []
    for k in range(0, len(forms), chunk):
        part = forms[k:k + chunk]
        converted = convert("\n".join(part)).split("\n")
        if len(converted) != len(part):
            converted = [convert(f) for f in part]
        out.extend(converted)
    return out


# ------------------------------------------------------------------------------------------------
# matching


class LongestMatcher:
    """Occurrences of the keys of ``forms`` in a text: at the leftmost position where one starts,
    the longest one; the scan goes on after it. ``fold`` maps text to the keys' spelling (e.g.
    ``str.lower`` for keys in lower case); ``starts_word`` / ``ends_word`` restrict where a match may
    begin and end (a shorter key is tried when the longest one ends inside a word)."""

    def __init__(self, forms: Mapping[str, object], fold: Callable[[str], str] | None = None):
        self.forms = forms
        self.fold = fold
        lengths: dict[str, set[int]] = {}
        for form in forms:
            lengths.setdefault(form[0], set()).add(len(form))
        self._lengths = {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}
        # a fold may map several written characters to one key character: jump to any of them
        firsts = set(self._lengths)
        if fold is not None:
            firsts |= {ch.upper() for ch in firsts} | {ch.title() for ch in firsts}
        first_class = "[" + "".join(re.escape(ch) for ch in sorted(firsts) if len(ch) == 1) + "]"
        self._first = re.compile(first_class)
        # Without a fold and with keys of two characters or more, a key's first two characters are
        # looked up instead: the search stops only where the second character can follow (most
        # characters start some name, few pairs do) and only the lengths of keys sharing that
        # pair are tried.
        self._pairs: dict[str, tuple[int, ...]] | None = None
        if fold is None and 0 < len(forms) <= PAIR_INDEX_LIMIT and min(map(len, forms)) >= 2:
            pairs: dict[str, set[int]] = {}
            for form in forms:
                pairs.setdefault(form[:2], set()).add(len(form))
            self._pairs = {pair: tuple(sorted(ls, reverse=True)) for pair, ls in pairs.items()}
            seconds = "".join(re.escape(ch) for ch in sorted({pair[1] for pair in pairs}))
            self._first = re.compile(f"{first_class}(?=[{seconds}])")

    def may_match(self, text: str, start: int = 0, end: int | None = None) -> bool:
        """False when no key can start inside ``text[start:end]`` (a cheap test before ``finditer``)."""
        return self._first.search(text, start, len(text) if end is None else end) is not None

    def finditer(self, text: str, start: int = 0, end: int | None = None,
                 ok: Callable[[int, int], bool] | None = None) -> Iterator[tuple[int, int, str]]:
        """``(start, end, key)`` of each match inside ``text[start:end]``; ``ok(s, e)`` can refuse a span."""
        end = len(text) if end is None else end
        if self._pairs is not None:
            yield from self._finditer_pairs(text, start, end, ok)
            return
        forms, fold, lengths_of, search = self.forms, self.fold, self._lengths, self._first.search
        pos = start
        while True:
            m = search(text, pos, end)
            if m is None:
                return
            s = m.start()
            first = text[s] if fold is None else fold(text[s])
            for length in lengths_of.get(first, ()):
                e = s + length
                if e > end:
                    continue
                piece = text[s:e] if fold is None else fold(text[s:e])
                if piece in forms and (ok is None or ok(s, e)):
                    yield s, e, piece
                    pos = e
                    break
            else:
                pos = s + 1


    def _finditer_pairs(self, text: str, start: int, end: int,
                        ok: Callable[[int, int], bool] | None) -> Iterator[tuple[int, int, str]]:
        forms, lengths_of, search = self.forms, self._pairs, self._first.search
        pos = start
        while True:
            m = search(text, pos, end)
            if m is None:
                return
            s = m.start()
            for length in lengths_of.get(text[s:s + 2], ()):
                e = s + length
                if e > end:
                    continue
                piece = text[s:e]
                if piece in forms and (ok is None or ok(s, e)):
                    yield s, e, piece
                    pos = e
                    break
            else:
                pos = s + 1


def whole_words(text: str, end: int, word_char: re.Pattern) -> Callable[[int, int], bool]:
    """``ok`` for ``LongestMatcher.finditer``: no ``word_char`` right before the span nor right after
    it (before ``end``: the text is read as if it stopped there)."""
    glued = word_char.match
    return lambda s, e: not (s and glued(text, s - 1)) and not (e < end and glued(text, e))
