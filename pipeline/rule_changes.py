"""Which documents a rule edit can change, so a rerun re-extracts only those.

The stage cache remembers the extraction rule files of the last run. On the next run the edit is
compared with them, file by file, and narrowed where the rule format allows it:

- a word-list entry, gazetteer entry or lexicon word can only change a document that contains
  that word: every matcher and every context test reads words out of the document text, so a word
  that is not in the text cannot be looked up. Such edits give *needles* (compared after case
  folding, with spaces and name dots removed, as gazetteer forms are compared);
- an event type is only tried where one of its trigger words occurs, and a modality guard only
  applies where one of its words occurs: a changed type or guard gives those words as needles
  (the order of types and guards breaks ties, so reordering them reaches every document);
- an entity rule of kind ``regex``, or a date pattern, can only change a document that its old or
  its new pattern matches: where neither matches, every other rule meets the same candidates (date
  rules are tried in file order, so the order of the unchanged ones must stay the same);
- comment and whitespace edits that load to the same rules change nothing;
- any other edit (a matcher's threshold, a date setting, reordered date rules or event types, an
  unknown file) may change any document.

The narrowing only ever errs towards re-extracting more. Documentation files (``*.md``) are not
rules and are ignored.
"""
from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

EXTRACT_RULE_DIRS = ("entities", "dates", "events")
RULE_SUFFIXES = (".yaml", ".yml", ".txt", ".tsv", ".jsonl", ".json")
# Lexicon tables whose keys are settings, not words found in the text.
NON_WORD_TABLES = {"dates/lexicon.yaml": {"settings"}}

_SQUEEZE = re.compile(r"[\s·・•‧･.．]+")
_LATIN_RUN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9][A-Za-zÀ-ÖØ-öø-ÿ0-9 \t.,'’&/!+\-]*")


def squeeze(text: str) -> str:
    """The form needles are compared in: case-folded, without spaces or name dots."""
    return _SQUEEZE.sub("", text.casefold().replace("’", "'"))


def snapshot(rules_dir: Path) -> dict[str, bytes]:
    """Relative path -> content of every extraction rule file."""
    files: dict[str, bytes] = {}
    for sub in EXTRACT_RULE_DIRS:
        base = rules_dir / sub
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file() and path.suffix in RULE_SUFFIXES:
                    files[path.relative_to(rules_dir).as_posix()] = path.read_bytes()
    return files


@dataclass
class RuleChange:
    """What an edit of the extraction rules can reach."""

    everything: bool = False
    needles: set[str] = field(default_factory=set)
    patterns: list[tuple[re.Pattern, str]] = field(default_factory=list)  # (regex, scope)
    reasons: list[str] = field(default_factory=list)  # one line per changed file, for the run summary
    stages: set[str] = field(default_factory=set)  # extractors whose rules changed (entities, dates, events)

    @property
    def empty(self) -> bool:
        return not (self.everything or self.needles or self.patterns)

    def affects(self, text: "str | Callable[[], str | None]",
                probe: "str | Callable[[], str | None] | None" = None) -> bool | None:
        """Can the edit change the extraction of this (normalized) document text?

        ``text`` and ``probe`` (the text already squeezed) may be given as functions, called only
        when needed; None when a needed text is missing (the caller then re-extracts)."""
        if self.everything:
            return True
        plain: str | None = None
        if self.needles:
            if "" in self.needles:
                return True
            folded = probe() if callable(probe) else probe
            if folded is None:
                plain = text() if callable(text) else text
                if plain is None:
                    return None
                folded = squeeze(plain)
            if any(n in folded for n in self.needles):
                return True
        if self.patterns:
            if plain is None:
                plain = text() if callable(text) else text
            if plain is None:
                return None
            for regex, scope in self.patterns:
                if regex.search(plain):
                    return True
                if scope == "latin" and any(regex.search(plain, a, min(len(plain), b + 8))
                                            for a, b in (m.span() for m in _LATIN_RUN.finditer(plain))):
                    return True
        return False

    def describe(self) -> str:
        return "; ".join(self.reasons)


def compare(old: dict[str, bytes], new: dict[str, bytes]) -> RuleChange:
    """The change from the rule files ``old`` to ``new`` (both from :func:`snapshot`)."""
    change = RuleChange()
    changed = sorted(p for p in set(old) | set(new) if old.get(p) != new.get(p))
    patterns_changed = []
    for rel in changed:
        change.stages.add(rel.split("/", 1)[0])
        before, after = old.get(rel, b""), new.get(rel, b"")
        try:
            if rel.startswith("entities/gazetteer/") and rel.endswith(".tsv"):
                (head_before, words_before), (head_after, words_after) = _tsv_gazetteer_words(before), _tsv_gazetteer_words(after)
                if head_before != head_after and words_before and words_after:
                    _add_everything(change, rel, "the header line changed")
                else:
                    _add_words(change, rel, words_before ^ words_after, "gazetteer entries")
            elif rel.startswith("entities/gazetteer/"):
                words = _gazetteer_words(before) ^ _gazetteer_words(after)
                _add_words(change, rel, words, "gazetteer entries")
            elif rel.startswith("entities/lists/") or rel == "dates/not_dates.txt":
                words = _list_words(rel, before) ^ _list_words(rel, after)
                _add_words(change, rel, words, "list entries")
            elif rel in ("dates/lexicon.yaml", "events/lexicon.yaml"):
                items = set(_table_items(_load(before))) ^ set(_table_items(_load(after)))
                skip = NON_WORD_TABLES.get(rel, set())
                if any(word is None or path[:1] and path[0] in skip for path, word, _v in items):
                    _add_everything(change, rel, "a setting or a non-word entry changed")
                else:
                    _add_words(change, rel, {word for _p, word, _v in items}, "lexicon words")
            elif rel.startswith("entities/patterns") and rel.endswith(".yaml"):
                patterns_changed.append(rel)
            elif rel == "dates/patterns.yaml":
                _compare_date_patterns(change, old, new)
            elif rel in ("events/types.yaml", "events/guards.yaml"):
                _compare_event_rules(change, rel, _load(before), _load(after))
            else:
                _add_everything(change, rel, "changed")
        except (yaml.YAMLError, UnicodeDecodeError, ValueError, TypeError, AttributeError) as exc:
            _add_everything(change, rel, f"not compared ({exc.__class__.__name__})")
    if patterns_changed:
        _compare_patterns(change, old, new, patterns_changed)
    return change


# --- per format -----------------------------------------------------------------------------------

def _add_words(change: RuleChange, rel: str, words: set[str], what: str) -> None:
    from .entities import to_simplified

    if None in words:
        _add_everything(change, rel, "an entry that is not a word changed")
        return
    if not words:
        return
    for word in words:
        change.needles.add(squeeze(word))
        change.needles.add(squeeze(to_simplified(word)))
    shown = ", ".join(sorted(words)[:5]) + (" ..." if len(words) > 5 else "")
    change.reasons.append(f"{rel}: {len(words)} {what} ({shown})")


def _add_everything(change: RuleChange, rel: str, why: str) -> None:
    change.everything = True
    change.reasons.append(f"{rel}: {why}, every document is re-extracted")


def _load(content: bytes) -> Any:
    return yaml.safe_load(content.decode("utf-8")) if content else None


def _gazetteer_words(content: bytes) -> set[str]:
    """Every written form of every entry, tagged by the entry's full definition so that an entry
    whose label or context changed counts as changed (its forms are the needles)."""
    data = _load(content)
    if not isinstance(data, dict):
        return set() if data is None else {None}
    out = set()
    file_fields = {k: v for k, v in data.items() if k != "entries"}
    for item in data.get("entries") or []:
        if not isinstance(item, dict):
            return {None}
        definition = json.dumps({**file_fields, **item}, sort_keys=True, ensure_ascii=False, default=str)
        forms = [item.get("canonical")] + list(item.get("aliases") or []) + list(item.get("link_only") or [])
        out.update(_Tagged(str(f), definition) for f in forms if f is not None)
    return out


def _tsv_gazetteer_words(content: bytes) -> tuple[str, set[str]]:
    """The header line of a TSV gazetteer and every form on its other lines, tagged by the whole
    line (a changed label or context changes the line)."""
    from .gazetteer import TSV_FORM_SEPARATOR

    header, out = "", set()
    for line in content.decode("utf-8").split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not header:
            header = line
            continue
        forms = (f.strip() for cell in line.split("\t") for f in cell.split(TSV_FORM_SEPARATOR))
        out.update(_Tagged(f, line) for f in forms if f)
    return header, out


class _Tagged(str):
    """A word that compares by (word, definition): two entries sharing a form stay distinct."""

    def __new__(cls, word: str, tag: str):
        obj = super().__new__(cls, word)
        obj.tag = tag
        return obj

    def __eq__(self, other: object) -> bool:
        return str.__eq__(self, other) and getattr(other, "tag", None) == self.tag

    def __hash__(self) -> int:
        return hash((str(self), self.tag))


def _list_words(rel: str, content: bytes) -> set[str]:
    from .entities import CHAR_LISTS  # lists read as character sets: every character is a word

    name = Path(rel).stem
    out: set[str] = set()
    for line in content.decode("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if rel.endswith(".tsv"):
            key, _tab, value = line.partition("\t")
            out.add(_Tagged(key.strip(), value.strip()))
        elif name in CHAR_LISTS:
            out.update(ch for ch in line if not ch.isspace())
        else:
            out.update(line.split())
    return out


def _table_items(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str | None, str]]:
    """(table path, word, value) for every entry of a lexicon; word None for an entry that is not a
    word (a top-level setting). A key whose value is a list may be a word (今晨: [0, MO]) or a table
    name (vague: [几, 数]): both the key and the items are given, erring towards more needles."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dict):
                yield from _table_items(value, path + (key,))
            elif not path:
                if isinstance(value, list):
                    yield from _table_items(value, (key,))
                else:
                    yield (key,), None, json.dumps(value, ensure_ascii=False, default=str)
            else:
                yield path, str(key), json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
                if isinstance(value, list):
                    yield from _table_items(value, path + (key,))
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, (dict, list)):
                yield path, None, json.dumps(item, sort_keys=True, ensure_ascii=False, default=str)
            else:
                yield path, str(item), ""
    elif data is not None:
        yield path, None, json.dumps(data, ensure_ascii=False, default=str)


def _compare_patterns(change: RuleChange, old: dict[str, bytes], new: dict[str, bytes], files: list[str]) -> None:
    """Entity pattern rules, compared by id: a changed regex rule gives its old and new pattern;
    any other changed rule (a matcher's settings, a priority) may change any document."""
    rules_old, rules_new = _entity_patterns(old), _entity_patterns(new)
    if rules_old is None or rules_new is None:
        _add_everything(change, ", ".join(files), "not compared (the rules do not load)")
        return
    changed_ids = sorted(i for i in set(rules_old) | set(rules_new)
                         if _definition(rules_old.get(i)) != _definition(rules_new.get(i)))
    if not changed_ids:
        return
    narrowed = []
    for rule_id in changed_ids:
        before, after = rules_old.get(rule_id), rules_new.get(rule_id)
        versions = [r for r in (before, after) if r is not None]
        if all(r.kind == "regex" for r in versions):
            for r in versions:
                change.patterns.append((r.params["compiled"], r.params.get("scope", "text")))
            narrowed.append(rule_id)
        else:
            _add_everything(change, f"{files[0]} rule {rule_id}", "changed")
    if narrowed:
        change.reasons.append(f"{', '.join(files)}: regex rule(s) {', '.join(narrowed)} changed")


def _definition(rule) -> str | None:
    if rule is None:
        return None
    params = {k: v for k, v in rule.params.items() if k not in ("compiled", "prefix_words", "prefix_lengths")}
    params["pattern_expanded"] = rule.params["compiled"].pattern if "compiled" in rule.params else None
    params["prefix_words"] = sorted(rule.params.get("prefix_words", ()))
    return json.dumps([rule.kind, rule.label, rule.priority, params], sort_keys=True, ensure_ascii=False, default=str)


def _entity_patterns(files: dict[str, bytes]) -> dict | None:
    """The entity pattern rules a snapshot loads to (id -> PatternRule), or None if it does not load."""
    from .entities import load_lists, load_patterns

    rules = _load_snapshot(files, "entities/", lambda rules_dir: load_patterns(rules_dir, load_lists(rules_dir)))
    return None if rules is None else {r.id: r for r in rules}


def _load_snapshot(files: dict[str, bytes], prefix: str, load: Callable[[Path], Any]) -> Any:
    """``load`` run on the snapshot's files under ``prefix``, written to a scratch rules folder
    (the loaders read folders); None when they do not load."""
    from .rules import RuleError

    tmp = Path(tempfile.mkdtemp(prefix="zhnews-rules-"))
    try:
        for rel, content in files.items():
            if rel.startswith(prefix):
                target = tmp / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        try:
            return load(tmp)
        except RuleError:
            return None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _compare_date_patterns(change: RuleChange, old: dict[str, bytes], new: dict[str, bytes]) -> None:
    """Date rules, compared by id on their expanded patterns (a macro edit changes the rules using it)."""
    rules_old, rules_new = _date_rules(old), _date_rules(new)
    if rules_old is None or rules_new is None:
        _add_everything(change, "dates/patterns.yaml", "not compared (the rules do not load)")
        return
    common = [i for i in rules_old if i in rules_new]
    if common != [i for i in rules_new if i in rules_old]:
        _add_everything(change, "dates/patterns.yaml", "rules reordered (order breaks ties)")
        return
    changed = [i for i in dict.fromkeys(list(rules_old) + list(rules_new))
               if rules_old.get(i, (None,))[0] != rules_new.get(i, (None,))[0]]
    for rule_id in changed:
        for version in (rules_old.get(rule_id), rules_new.get(rule_id)):
            if version is not None:
                change.patterns.append((version[1], "text"))
    if changed:
        change.reasons.append(f"dates/patterns.yaml: date rule(s) {', '.join(changed)} changed")


def _date_rules(files: dict[str, bytes]) -> dict | None:
    """id -> (definition, compiled expanded pattern) in file order, or None if the rules do not load."""
    from .dates import DateExtractor

    extractor = _load_snapshot(files, "dates/", DateExtractor.from_rules)
    if extractor is None:
        return None
    return {rule.id: (json.dumps([regex.pattern, rule.type, rule.resolve, rule.standalone], ensure_ascii=False),
                      regex)
            for rule, regex in extractor.rule_patterns()}


def _compare_event_rules(change: RuleChange, rel: str, before: Any, after: Any) -> None:
    """Event types (by type name) or guards (by id), compared entry by entry."""
    key = "type" if rel.endswith("types.yaml") else "id"
    old_entries, new_entries = _entries_by(before, key), _entries_by(after, key)
    if old_entries is None or new_entries is None:
        _add_everything(change, rel, "not compared (not a list of mappings)")
        return
    common = [k for k in old_entries if k in new_entries]
    if common != [k for k in new_entries if k in old_entries]:
        _add_everything(change, rel, "entries reordered (order breaks ties)")
        return
    words: set[str] = set()
    changed = []
    for name in dict.fromkeys(list(old_entries) + list(new_entries)):
        a, b = old_entries.get(name), new_entries.get(name)
        if json.dumps(a, sort_keys=True, ensure_ascii=False, default=str) == \
                json.dumps(b, sort_keys=True, ensure_ascii=False, default=str):
            continue
        changed.append(str(name))
        for entry in (a, b):
            if entry is None:
                continue
            found = _trigger_words(entry) if key == "type" else [str(w) for w in entry.get("words") or []]
            if found is None:
                _add_everything(change, rel, f"{name}: triggers not read")
                return
            words.update(found)
    if changed:
        _add_words(change, rel, words, f"trigger/guard words of {', '.join(changed)}")


def _entries_by(data: Any, key: str) -> dict | None:
    if data is None:
        return {}
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        return None
    return {str(e.get(key)): e for e in data}


def _trigger_words(entry: dict) -> list[str] | None:
    words = []
    for trigger in entry.get("triggers") or []:
        if isinstance(trigger, dict):
            if "word" not in trigger:
                return None
            words.append(str(trigger["word"]))
        else:
            words.append(str(trigger))
    return words
