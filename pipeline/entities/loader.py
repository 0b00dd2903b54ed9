"""The one parser of ``rules/entities/``: word lists, gazetteer, pattern rules and stage settings.

Each pattern rule is checked against the registry of entity kinds (``zhnews.registry.entity_kinds``):
the kind must exist (E022), its options are the ones the kind declares, with their types (E031),
and the kind's ``prepare`` (when it has one) turns its options into what it runs on (a compiled
regex, a set of words) with its own checks. The lists every kind reads are declared in its
registration, so a missing list names the kinds that need it (E001). ``rule_changes`` asks this
module what a rules snapshot loads to instead of parsing the files itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..gazetteer import GazetteerEntry, load_entries
from ..registry import entity_kinds, overlap_policies
from ..rules import LINE_KEY, RuleError, iter_tsv, load_yaml, require_keys
from .common import LABELS, trie_regex

# Lists read as sets of characters: every character written is an entry (rule_changes too).
CHAR_LISTS = ("given_name_chars", "not_given_chars", "translit_chars", "noun_final_chars", "translit_final_chars",
              "japanese_given_chars", "place_final_chars", "estate_final_chars", "work_final_chars", "function_chars",
              "glued_verb_chars", "speech_verb_chars", "short_form_deny_chars", "familiar_prefixes",
              "org_abbrev_final_chars", "title_suffix_chars", "phrase_chars")
# Lists the shared context reads (cue tests, name tests) whatever kinds the rules use.
CONTEXT_LISTS = ("surnames", "given_name_chars", "not_given_chars", "noun_final_chars", "translit_chars",
                 "person_titles", "person_cues_after", "person_deny", "org_heads", "org_modifier_stop", "org_deny",
                 "org_latin_suffixes", "latin_given_names", "latin_particles", "acronym_deny", "sports_cues",
                 "countries", "places", "cue_adverbs", "title_prefixes", "after_subject", "clause_openers",
                 "function_chars", "familiar_prefixes", "shirt_number_words", "title_suffix_chars", "report_openers",
                 "org_generic_suffixes")
CONTEXT_OPTIONAL_LISTS = ("translit_final_chars", "japanese_given_chars", "generic_titles", "latin_org_cues_after",
                          "latin_org_verbs_after",
                          "latin_org_cues_before", "report_words", "place_heads_after")
SETTINGS = {"overlap": "longest_first"}  # top-level keys of patterns*.yaml besides 'rules', with their defaults
COMMON_KEYS = ("id", "kind", "label", "priority", "enabled")


@dataclass(frozen=True)
class PatternRule:
    id: str
    kind: str
    label: str
    priority: int
    params: dict
    source: str
    line: int


def read_list(path: Path) -> tuple[str, Any]:
    """A word list: .txt = words separated by spaces/lines; .tsv = key<TAB>value lines."""
    name = path.stem
    if path.suffix == ".tsv":
        table: dict[str, str] = {}
        for line in iter_tsv(path, 2, 2):
            table[line.fields[0]] = line.fields[1]
        return name, table
    words: list[str] = []
    for line in iter_tsv(path):
        words.extend(" ".join(line.fields).split())
    return name, words


def required_lists() -> dict[str, list[str]]:
    """Every list the stage must have -> who reads it (the shared context, the kinds declaring it)."""
    readers: dict[str, list[str]] = {name: ["the shared context"] for name in CONTEXT_LISTS}
    for kind in entity_kinds.kinds():
        for name in kind.lists:
            readers.setdefault(name, []).append(f"kind {kind.name}")
    return readers


def load_lists(rules_dir: Path) -> dict[str, Any]:
    base = rules_dir / "entities" / "lists"
    lists: dict[str, Any] = {}
    if base.is_dir():
        for path in sorted(base.iterdir()):
            if path.suffix in (".txt", ".tsv"):
                name, value = read_list(path)
                lists[name] = value
    readers = required_lists()
    missing = [name for name in readers if name not in lists]
    if missing:
        who = "; ".join(f"{name} (read by {', '.join(readers[name])})" for name in missing)
        raise RuleError(base, None, f"missing word list(s): {who}",
                        "each list is a file lists/<name>.txt (words) or lists/<name>.tsv (key<TAB>value)", code="E001")
    return lists


def load_gazetteer(rules_dir: Path) -> list[GazetteerEntry]:
    return load_entries(rules_dir / "entities" / "gazetteer", LABELS)


_LIST_REF = re.compile(r"\{list:([A-Za-z0-9_]+)\}")


def expand_lists(pattern: str, lists: dict[str, Any], path: Path, line: int | None) -> str:
    """Replace ``{list:NAME}`` in a pattern by an alternation of the words of lists/NAME."""
    def sub(m: re.Match) -> str:
        return "(?:" + trie_regex(word_list(lists, m.group(1), path, line, "pattern")) + ")"

    return _LIST_REF.sub(sub, pattern)


def word_list(lists: dict[str, Any] | None, name: Any, path: Path, line: int | None, what: str) -> list[str]:
    """The words of lists/``name``, for an option of a rule that names a list (E028 when missing)."""
    if lists is None or name not in lists or not isinstance(lists[name], list):
        known = f"or use one of: {', '.join(sorted(lists))}" if lists else ""
        raise RuleError(path, line, f"{what} refers to unknown word list {name!r}",
                        f"create rules/entities/lists/{name}.txt {known}".strip(), code="E028")
    return lists[name]


def _pattern_files(rules_dir: Path) -> list[Path]:
    return sorted((rules_dir / "entities").glob("patterns*.yaml"))


def _rules_of(path: Path) -> tuple[dict, list]:
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleError(path, 1, "a patterns file is a mapping with a 'rules' list", "start the file with 'rules:'",
                        code="E020")
    return data, data["rules"]


def load_patterns(rules_dir: Path, lists: dict[str, Any] | None = None) -> list[PatternRule]:
    """The enabled pattern rules of every ``patterns*.yaml``, checked against the registry."""
    rules: list[PatternRule] = []
    seen: dict[str, str] = {}
    for path in _pattern_files(rules_dir):
        for item in _rules_of(path)[1]:
            rule = _load_rule(item, path, lists, seen)
            if rule is not None:
                rules.append(rule)
    return rules


def _load_rule(item: Any, path: Path, lists: dict[str, Any] | None, seen: dict[str, str]) -> PatternRule | None:
    line = item.get(LINE_KEY) if isinstance(item, dict) else None
    if not isinstance(item, dict):
        raise RuleError(path, line, "each rule must be a mapping", code="E021")
    kind = entity_kinds.get(item.get("kind"), path, line, code="E022")
    require_keys(item, ("id", "kind", "label"), COMMON_KEYS + tuple(o.name for o in kind.options), path, line)
    label = item["label"]
    if label not in LABELS and not (kind.info.get("phase") == "link" and label == "ANY"):
        raise RuleError(path, line, f"unknown label {label!r}", f"use one of {', '.join(LABELS)}", code="E023")
    rule_id = str(item["id"])
    if rule_id in seen:
        raise RuleError(path, line, f"duplicate rule id {rule_id!r} (first at line {seen[rule_id]})",
                        "rule ids must be unique: they identify the rule in the output", code="E024")
    seen[rule_id] = str(line)
    priority = item.get("priority", 50)
    if not isinstance(priority, int):
        raise RuleError(path, line, f"priority must be a whole number, found {priority!r}", code="E025")
    if item.get("enabled", True) is False:
        return None
    params = kind.check_options({k: v for k, v in item.items() if k not in COMMON_KEYS and k != LINE_KEY},
                                path, line, code="E031")
    prepare = kind.info.get("prepare")
    if prepare is not None:
        params = prepare(params, lists, path, line)
    return PatternRule(rule_id, kind.name, label, priority, params, str(path), line or 0)


def load_settings(rules_dir: Path) -> dict[str, Any]:
    """The stage settings of ``patterns*.yaml`` (top-level keys next to ``rules``, e.g.
    ``overlap: longest_first``); a later file overrides an earlier one."""
    settings = dict(SETTINGS)
    for path in _pattern_files(rules_dir):
        data, _rules = _rules_of(path)
        for key, value in data.items():
            if key in ("rules", LINE_KEY) or key.startswith("_"):
                continue
            line = _key_line(path, key)
            if key not in SETTINGS:
                raise RuleError(path, line, f"unknown setting '{key}'",
                                f"a patterns file holds 'rules' and the settings: {', '.join(SETTINGS)}", code="E032")
            if key == "overlap":
                overlap_policies.get(value, path, line, code="E033")
            settings[key] = value
    return settings


def _key_line(path: Path, key: str) -> int | None:
    for number, text in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if text.startswith(f"{key}:"):
            return number
    return None


# --- what a rule file holds, for rule_changes ---------------------------------------------------
# Lists whose order matters (a regex alternation tried in order, the first suffix that fits, the
# nickname prefixes in order): an entry that moved counts as changed.
ORDERED_LISTS = ("rename_cues", "org_generic_suffixes", "familiar_prefixes")


def list_entries(name: str, suffix: str, text: str) -> set:
    """The entries of the list file ``lists/<name><suffix>`` with content ``text``, as the extractor
    reads them: (key, value) pairs of a .tsv, the characters of a character list, the words of any
    other .txt; in an ordered list (word, position) pairs."""
    entries: list = []
    for raw in text.split("\n"):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if suffix == ".tsv":
            key, _tab, value = raw.partition("\t")
            entries.append((key.strip(), value.strip()))
        elif name in CHAR_LISTS:
            entries.extend(ch for ch in raw if not ch.isspace())
        else:
            entries.extend(raw.split())
    if name in ORDERED_LISTS:
        return {(entry if isinstance(entry, str) else entry[0], str(i)) for i, entry in enumerate(entries)}
    return set(entries)


def gazetteer_entries(rel: str, content: bytes) -> set[tuple[str, str]] | None:
    """(form, definition) for every written form of every entry of one gazetteer file (canonical,
    aliases, link_only), the definition being the whole entry as loaded (its id, label, forms and
    context); None when the file does not load."""
    import shutil
    import tempfile

    if not content.strip():
        return set()
    tmp = Path(tempfile.mkdtemp(prefix="zhnews-gazetteer-"))
    try:
        (tmp / Path(rel).name).write_bytes(content)
        try:
            entries = load_entries(tmp, LABELS)
        except (RuleError, UnicodeDecodeError):
            return None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    out = set()
    for entry in entries:
        definition = repr((entry.id, entry.label, entry.canonical, entry.aliases, entry.context, entry.n_match))
        out.update((form, definition) for form in entry.aliases)
    return out


def tsv_header(content: bytes) -> str:
    """The header line of a TSV gazetteer (the first line that is not blank or a comment)."""
    for line in content.decode("utf-8").split("\n"):
        if line.strip() and not line.lstrip().startswith("#"):
            return line
    return ""


def load_rule_set(rules_dir: Path) -> tuple[list[PatternRule], dict[str, Any]]:
    """The pattern rules and the stage settings a rules folder loads to."""
    lists = load_lists(rules_dir)
    return load_patterns(rules_dir, lists), load_settings(rules_dir)
