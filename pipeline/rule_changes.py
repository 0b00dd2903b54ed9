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
            if rel.startswith("entities/gazetteer/"):
                words_before, words_after = _gazetteer_words(rel, before), _gazetteer_words(rel, after)
                if words_before is None or words_after is None:
                    _add_everything(change, rel, "not compared (the gazetteer does not load)")
                elif rel.endswith(".tsv") and words_before and words_after and _tsv_header_changed(before, after):
                    _add_everything(change, rel, "the header line changed")
                else:
                    _add_words(change, rel, words_before ^ words_after, "gazetteer entries")
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
                _compare_event_rules(change, rel, old, new)
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


def _gazetteer_words(rel: str, content: bytes) -> set[str] | None:
    """Every written form of every entry, tagged by the entry's full definition as the loader reads it,
    so that an entry whose label or context changed counts as changed (its forms are the needles);
    None when the file does not load."""
    from .entities.loader import gazetteer_entries

    entries = gazetteer_entries(rel, content)
    return None if entries is None else {_Tagged(form, definition) for form, definition in entries}


def _tsv_header_changed(before: bytes, after: bytes) -> bool:
    from .entities.loader import tsv_header

    return tsv_header(before) != tsv_header(after)


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
    """The entries of a word list as the entity loader reads it (a .tsv entry tagged by its value, an
    entry of an ordered list by its position)."""
    from .entities.loader import list_entries

    path = Path(rel)
    return {_Tagged(*entry) if isinstance(entry, tuple) else entry
            for entry in list_entries(path.stem, path.suffix, content.decode("utf-8"))}


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
    loaded_old, loaded_new = _entity_patterns(old), _entity_patterns(new)
    if loaded_old is None or loaded_new is None:
        _add_everything(change, ", ".join(files), "not compared (the rules do not load)")
        return
    (rules_old, settings_old), (rules_new, settings_new) = loaded_old, loaded_new
    if settings_old != settings_new:
        changed = ", ".join(sorted(k for k in settings_old if settings_old[k] != settings_new.get(k)))
        _add_everything(change, ", ".join(files), f"setting {changed} changed")
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
    return json.dumps([rule.kind, rule.label, rule.priority, params], sort_keys=True, ensure_ascii=False,
                      default=lambda v: sorted(v) if isinstance(v, (set, frozenset)) else str(v))


def _entity_patterns(files: dict[str, bytes]) -> tuple[dict, dict] | None:
    """The entity pattern rules a snapshot loads to (id -> PatternRule) and its stage settings (the
    overlap policy), or None if it does not load."""
    from .entities.loader import load_rule_set

    loaded = _load_snapshot(files, "entities/", load_rule_set)
    if loaded is None:
        return None
    rules, settings = loaded
    return {r.id: r for r in rules}, settings


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


def _compare_event_rules(change: RuleChange, rel: str, old: dict[str, bytes], new: dict[str, bytes]) -> None:
    """Event types (by type name) or guards (by id), compared entry by entry on what the event
    loader makes of them: a changed entry gives its trigger or guard words, old and new."""
    old_entries, new_entries = _event_entries(old, rel), _event_entries(new, rel)
    if old_entries is None or new_entries is None:
        _add_everything(change, rel, "not compared (the rules do not load)")
        return
    common = [k for k in old_entries if k in new_entries]
    if common != [k for k in new_entries if k in old_entries]:
        _add_everything(change, rel, "entries reordered (order breaks ties)")
        return
    words: set[str] = set()
    changed = []
    for name in dict.fromkeys(list(old_entries) + list(new_entries)):
        a, b = old_entries.get(name), new_entries.get(name)
        if a is not None and b is not None and a[0] == b[0]:
            continue
        changed.append(name)
        for entry in (a, b):
            if entry is not None:
                words.update(entry[1])
    if changed:
        _add_words(change, rel, words, f"trigger/guard words of {', '.join(changed)}")


def _event_entries(files: dict[str, bytes], rel: str) -> dict[str, tuple[str, list[str]]] | None:
    """Type name (types.yaml) or guard id (guards.yaml) -> (its loaded definition, the words it is
    tried on), in file order; None when the snapshot's event rules do not load."""
    from dataclasses import fields

    from .events import load_event_rules

    rules = _load_snapshot(files, "events/", load_event_rules)
    if rules is None:
        return None
    types, triggers, guards, _lexicon = rules

    def definition(*objects: Any) -> str:
        # the rule as loaded; a trigger's position in the file and its compiled tests are no part of it
        return json.dumps([{f.name: getattr(o, f.name) for f in fields(o) if f.name not in ("order", "prefilters", "checks")}
                           for o in objects], sort_keys=True, ensure_ascii=False,
                          default=lambda v: sorted(v) if isinstance(v, (set, frozenset)) else str(v))

    if rel.endswith("guards.yaml"):
        return {g.id: (definition(g), sorted(g.words)) for g in guards}
    by_type: dict[str, list] = {t.type: [t] for t in types}
    for trigger in triggers:
        by_type[trigger.type].append(trigger)
    return {name: (definition(*entry), [t.word for t in entry[1:]]) for name, entry in by_type.items()}
