"""The event rule files (``rules/events/``) -> compiled rules: the only parser of these files.

- ``lexicon.yaml`` -> :class:`Lexicon` (named word lists),
- ``types.yaml``   -> :class:`TypeRule` per event type and :class:`TriggerRule` per trigger word,
- ``guards.yaml``  -> :class:`Guard` per modality guard.

A ``requires`` entry is checked against ``zhnews.registry.event_requirements``: each key is a
registered requirement that declares how its value is read and which word lists it needs.
``rule_changes`` asks :func:`trigger_words` / :func:`guard_words` what an entry reads.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..registry import event_requirements
from ..rules import LINE_KEY, RuleError, load_yaml, require_keys

ROLES = ("person", "org", "to_org", "product", "role", "date")
MODALITIES = ("asserted", "scheduled", "negated", "hypothetical", "planned", "reported_denial")
LABELS = ("PERSON", "ORG", "EVENT", "ANY")
BASE_POSITIONS = ("subject", "object", "subject_if_no_object", "passive_subject", "passive_agent", "by",
                  "possessor", "relative")
GUARD_SCOPES = ("near_before", "clause_before", "sentence_before", "sentence", "sentence_end")
# Lists the phrase chunker and the token classifier read (lexicon.yaml documents each one).
REQUIRED_LISTS = ("clause_punct", "open_brackets", "close_brackets", "name_symbols", "coordinators", "linkers",
                  "prepositions", "aspect", "adverbials", "time_words", "titles", "former_markers", "org_references",
                  "org_suffixes", "product_cues", "modifier_heads", "amount_units", "non_participants", "nominal_words",
                  "verb_words", "temporal_postpositions",
                  # grammar words once written in the code
                  "passive_markers", "agent_markers", "temporal_openers", "clause_opening_prepositions",
                  "comitative_coordinators", "comitative_prepositions", "list_enders", "title_joiners",
                  "modifier_particles", "owner_markers", "phrase_glue", "calendar_units", "round_suffixes",
                  "round_names", "amount_suffixes", "numerals", "time_numerals", "time_units",
                  "relative_time_prefixes", "relative_time_units", "plural_numerals", "plural_multipliers",
                  "plural_classifiers", "count_determiners", "count_numerals", "count_classifiers",
                  "count_currencies", "newness_words", "count_repeaters", "person_classifiers", "tenure_words",
                  "ordinal_prefixes", "ordinal_numerals", "term_units", "quantity_chars", "function_chars",
                  "parts_of_day")
TYPE_KEYS = ("type", "labels", "frame", "apposition", "merge", "requires", "triggers", "becomes")
PARTICIPANTS = ("person", "org", "to_org", "product")
TRIGGER_KEYS = ("word", "id", "frame", "requires", "modifier_ok")
GUARD_KEYS = ("id", "modality", "words", "scope", "window", "types")


@dataclass(frozen=True)
class TriggerRule:
    id: str
    type: str
    word: str
    frame: dict[str, str]
    requires: dict[str, Any]
    modifier_ok: bool
    order: int
    # the requires entries as (test, value) pairs, in the order written: string tests run before the
    # sentence is analysed, the others once the arguments are built (see events.requirements)
    prefilters: tuple[tuple[Callable, Any], ...] = field(default=(), compare=False, repr=False)
    checks: tuple[tuple[Callable, Any], ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class TypeRule:
    type: str
    labels: dict[str, tuple[str, ...]]
    apposition: dict[str, str]
    merge: str | None
    # (other type, word list): a word of the list just before the trigger makes the record that type
    # ("推迟发布": product.delay, not product.release)
    becomes: tuple[str, str] | None = None


@dataclass(frozen=True)
class Guard:
    id: str
    modality: str
    words: frozenset[str]
    scope: str
    window: int
    types: frozenset[str] | None


@dataclass
class Lexicon:
    lists: dict[str, frozenset[str]]
    title_re: re.Pattern | None = None
    context_res: dict[str, re.Pattern] = field(default_factory=dict)

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.lists[name]

    def context(self, name: str) -> re.Pattern:
        pattern = self.context_res.get(name)
        if pattern is None:
            words = sorted(self.lists[name], key=len, reverse=True)
            pattern = re.compile("|".join(map(re.escape, words))) if words else re.compile(r"(?!x)x")
            self.context_res[name] = pattern
        return pattern


def load_event_lexicon(path: Path) -> Lexicon:
    """``rules/events/lexicon.yaml``: list name -> words (every list of ``REQUIRED_LISTS`` present)."""
    data = load_yaml(path) if path.exists() else {}
    if not isinstance(data, dict):
        raise RuleError(path, 1, "expected a mapping of list name -> list of words", code="R301")
    lists: dict[str, frozenset[str]] = {}
    for name, words in data.items():
        if name == LINE_KEY:
            continue
        if not isinstance(words, list) or not all(isinstance(w, (str, int)) for w in words):
            raise RuleError(path, None, f"list '{name}' must be a list of words",
                            "write e.g. titles: [董事长, 总经理]", code="R302")
        lists[str(name)] = frozenset(str(w) for w in words if str(w) != "")
    for name in REQUIRED_LISTS:
        if name not in lists:
            raise RuleError(path, None, f"missing word list '{name}'", f"add '{name}: [...]' to {path.name}", code="R303")
    lex = Lexicon(lists)
    titles = sorted(lists["titles"], key=len, reverse=True)
    lex.title_re = re.compile("|".join(map(re.escape, titles))) if titles else None
    return lex


# --- checks shared by types, triggers and requirements ----------------------------------------------

def check_role(role: Any, path: Path, line: int | None, allow_empty: bool = True) -> str:
    """``role`` as a string; an unknown role is a RuleError (R304) with a suggestion."""
    role = "" if role is None else str(role)
    if role == "" and allow_empty:
        return role
    if role not in ROLES:
        close = difflib.get_close_matches(role, ROLES, n=1)
        raise RuleError(path, line, f"unknown role '{role}'",
                        f"did you mean '{close[0]}'?" if close else f"roles: {', '.join(ROLES)}", code="R304")
    return role


def check_frame(frame: Any, path: Path, line: int | None) -> dict[str, str]:
    """A ``frame`` mapping position -> role (``a|b`` for a choice), checked."""
    if frame is None:
        return {}
    if not isinstance(frame, dict):
        raise RuleError(path, line, "frame must be a mapping position -> role", "write e.g. frame: {subject: person}",
                        code="R305")
    out: dict[str, str] = {}
    for pos, role in frame.items():
        if pos == LINE_KEY:
            continue
        pos = str(pos)
        if pos not in BASE_POSITIONS and not (pos.startswith(("prep:", "after:")) and len(pos.split(":", 1)[1]) > 0):
            close = difflib.get_close_matches(pos, BASE_POSITIONS, n=1)
            raise RuleError(path, frame.get(LINE_KEY, line), f"unknown position '{pos}'",
                            f"did you mean '{close[0]}'?" if close else
                            f"positions: {', '.join(BASE_POSITIONS)}, prep:WORD, after:WORD", code="R306")
        alts = [check_role(r, path, frame.get(LINE_KEY, line)) for r in str(role if role is not None else "").split("|")]
        out[pos] = "|".join(alts)
    return out


def check_requires(req: Any, path: Path, line: int | None, lex: Lexicon) -> dict[str, Any]:
    """A ``requires`` mapping: every key a registered requirement, every value read by it."""
    if req is None:
        return {}
    if not isinstance(req, dict):
        raise RuleError(path, line, "requires must be a mapping", "write e.g. requires: {has: [person]}", code="R307")
    out: dict[str, Any] = {}
    where = req.get(LINE_KEY, line)
    for key, value in req.items():
        if key == LINE_KEY:
            continue
        kind = event_requirements.get(key, path, where, code="R308")
        for name in kind.lists:
            if name not in lex.lists:
                raise RuleError(path, where, f"{key} needs the word list '{name}'",
                                "define it in rules/events/lexicon.yaml", code="R309")
        out[key] = kind.info["value"](key, value, path, where, lex)
    return out


def compile_requires(req: dict[str, Any]) -> tuple[tuple[tuple[Callable, Any], ...], tuple[tuple[Callable, Any], ...]]:
    """(string tests before analysis, tests after the arguments) of a checked ``requires`` mapping."""
    prefilters, checks = [], []
    for key, value in req.items():
        kind = event_requirements.get(key)
        if kind.info.get("prefilter") is not None:
            prefilters.append((kind.info["prefilter"], value))
        checks.append((kind.func, value))
    return tuple(prefilters), tuple(checks)


# --- types.yaml ---------------------------------------------------------------------------------------

def _check_labels(labels: Any, path: Path, line: int | None) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for role, labs in (labels or {}).items():
        if role == LINE_KEY:
            continue
        check_role(role, path, line, allow_empty=False)
        labs = labs if isinstance(labs, list) else [labs]
        for lab in labs:
            if lab not in LABELS:
                raise RuleError(path, line, f"unknown label '{lab}' for role '{role}'", f"labels: {', '.join(LABELS)}",
                                code="R311")
        out[role] = tuple(labs)
    return out


def _check_becomes(becomes: Any, path: Path, line: int | None, lex: Lexicon) -> tuple[str, str] | None:
    if becomes is None:
        return None
    if not isinstance(becomes, dict) or set(becomes) - {"type", "after", LINE_KEY} \
            or str(becomes.get("after")) not in lex.lists:
        raise RuleError(path, line, "becomes needs 'type' and 'after' (a word list of lexicon.yaml)",
                        "write e.g. becomes: {type: product.delay, after: delay_words}", code="R323")
    return str(becomes.get("type")), str(becomes["after"])


def _load_type(item: Any, path: Path, lex: Lexicon) -> tuple[TypeRule, dict[str, str], dict[str, Any]]:
    """One entry of types.yaml: its TypeRule, its frame and its type-level requires."""
    line = item.get(LINE_KEY) if isinstance(item, dict) else None
    if not isinstance(item, dict):
        raise RuleError(path, line, "each event type must be a mapping with type, frame and triggers", code="R312")
    require_keys(item, ("type", "frame", "triggers"), TYPE_KEYS, path, line)
    etype = str(item["type"])
    labels = _check_labels(item.get("labels"), path, line)
    frame = check_frame(item["frame"], path, line)
    apposition = {}
    for key, role in (item.get("apposition") or {}).items():
        if key == LINE_KEY:
            continue
        if key not in ("org", "former", "context", "former_title", "title_fallback"):
            raise RuleError(path, line, f"unknown apposition key '{key}'",
                            "use org, former, former_title, title_fallback and/or context",
                            code="R314")
        apposition[key] = check_role(role, path, line)
    merge = item.get("merge")
    if merge is not None:
        merge = check_role(merge, path, line, allow_empty=False)
    type_req = check_requires(item.get("requires"), path, line, lex)
    becomes = _check_becomes(item.get("becomes"), path, line, lex)
    return TypeRule(etype, labels, apposition, merge, becomes), frame, type_req


def _load_triggers(item: dict, etype: str, frame: dict[str, str], type_req: dict[str, Any], path: Path,
                   lex: Lexicon, seen_ids: dict[str, int], order: int) -> list[TriggerRule]:
    """The triggers of one type, numbered from ``order`` (file order breaks ties between types)."""
    line = item.get(LINE_KEY)
    if not isinstance(item["triggers"], list) or not item["triggers"]:
        raise RuleError(path, line, f"type '{etype}' needs a non-empty list of triggers", code="R315")
    triggers = []
    for trig in item["triggers"]:
        if isinstance(trig, (str, int)):
            trig = {"word": str(trig), LINE_KEY: line}
        if not isinstance(trig, dict):
            raise RuleError(path, line, "a trigger is a word or a mapping with 'word'", code="R316")
        tline = trig.get(LINE_KEY, line)
        require_keys(trig, ("word",), TRIGGER_KEYS, path, tline)
        word = str(trig["word"]).strip()
        if not word:
            raise RuleError(path, tline, "empty trigger word", code="R316")
        tid = str(trig.get("id") or f"{etype}:{word}")
        if tid in seen_ids:
            raise RuleError(path, tline, f"duplicate trigger id '{tid}' (first on line {seen_ids[tid]})",
                            "give the trigger its own id", code="R317")
        seen_ids[tid] = tline
        tframe = dict(frame)
        tframe.update(check_frame(trig.get("frame"), path, tline))
        treq = dict(type_req)
        treq.update(check_requires(trig.get("requires"), path, tline, lex))
        prefilters, checks = compile_requires(treq)
        triggers.append(TriggerRule(tid, etype, word, {k: v for k, v in tframe.items() if v}, treq,
                                    bool(trig.get("modifier_ok", False)), order + len(triggers), prefilters, checks))
    return triggers


def load_types(path: Path, lex: Lexicon) -> tuple[list[TypeRule], list[TriggerRule]]:
    """``types.yaml`` -> event types and their triggers, in file order."""
    data = load_yaml(path) if path.exists() else []
    if data is None:
        data = []
    if not isinstance(data, list):
        raise RuleError(path, 1, "expected a list of event types (each starting with '- type:')", code="R312")
    types: list[TypeRule] = []
    triggers: list[TriggerRule] = []
    seen_types: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    becomes_at: dict[str, int] = {}
    for item in data:
        trule, frame, type_req = _load_type(item, path, lex)
        line = item.get(LINE_KEY)
        if trule.type in seen_types:
            raise RuleError(path, line, f"duplicate event type '{trule.type}' (first on line {seen_types[trule.type]})",
                            code="R313")
        seen_types[trule.type] = line
        if trule.becomes:
            becomes_at[trule.type] = line
        types.append(trule)
        triggers += _load_triggers(item, trule.type, frame, type_req, path, lex, seen_ids, len(triggers))
    for trule in types:
        if trule.becomes and trule.becomes[0] not in seen_types:
            raise RuleError(path, becomes_at[trule.type], f"becomes: unknown event type '{trule.becomes[0]}'",
                            f"types: {', '.join(seen_types)}", code="R323")
    return types, triggers


# --- guards.yaml --------------------------------------------------------------------------------------

def _load_guard(item: Any, path: Path, type_names: set[str]) -> Guard:
    line = item.get(LINE_KEY) if isinstance(item, dict) else None
    if not isinstance(item, dict):
        raise RuleError(path, line, "each guard must be a mapping with id, modality, words and scope", code="R318")
    require_keys(item, ("id", "modality", "words", "scope"), GUARD_KEYS, path, line)
    if item["modality"] not in MODALITIES or item["modality"] == "asserted":
        raise RuleError(path, line, f"unknown modality '{item['modality']}'",
                        f"use one of: {', '.join(MODALITIES[1:])}", code="R319")
    if item["scope"] not in GUARD_SCOPES:
        raise RuleError(path, line, f"unknown scope '{item['scope']}'", f"use one of: {', '.join(GUARD_SCOPES)}",
                        code="R320")
    if not isinstance(item["words"], list) or not item["words"]:
        raise RuleError(path, line, "words must be a non-empty list", code="R321")
    gtypes = item.get("types")
    if gtypes is not None:
        unknown = [t for t in gtypes if t not in type_names]
        if unknown:
            raise RuleError(path, line, f"unknown event type(s) {unknown}", code="R322")
    window = item.get("window", 4)
    if not isinstance(window, int) or isinstance(window, bool):
        raise RuleError(path, line, f"window must be a whole number of characters, found {window!r}",
                        "e.g. window: 4", code="R323")
    return Guard(str(item["id"]), item["modality"], frozenset(str(w) for w in item["words"]),
                 item["scope"], window, frozenset(gtypes) if gtypes else None)


def load_guards(path: Path, type_names: set[str]) -> list[Guard]:
    """``guards.yaml`` -> modality guards, in file order (the first that applies wins)."""
    data = (load_yaml(path) if path.exists() else []) or []
    if not isinstance(data, list):
        raise RuleError(path, 1, "expected a list of guards (each starting with '- id:')", code="R318")
    return [_load_guard(item, path, type_names) for item in data]


def load_event_rules(rules_dir: Path) -> tuple[list[TypeRule], list[TriggerRule], list[Guard], Lexicon]:
    """Every event rule file of ``rules_dir``: types, triggers, guards and the lexicon."""
    base = Path(rules_dir) / "events"
    lex = load_event_lexicon(base / "lexicon.yaml")
    types, triggers = load_types(base / "types.yaml", lex)
    guards = load_guards(base / "guards.yaml", {t.type for t in types})
    return types, triggers, guards, lex


def event_rule_files(rules_dir: Path) -> list[Path]:
    base = Path(rules_dir) / "events"
    return sorted(p for p in base.glob("*.yaml")) if base.is_dir() else []


# --- what an entry reads (for rule_changes) ---------------------------------------------------------

def trigger_words(entry: Any) -> list[str] | None:
    """The trigger words of one types.yaml entry as written (None when a trigger has no word)."""
    words = []
    for trigger in entry.get("triggers") or []:
        if isinstance(trigger, dict):
            if "word" not in trigger:
                return None
            words.append(str(trigger["word"]))
        else:
            words.append(str(trigger))
    return words


def guard_words(entry: Any) -> list[str]:
    """The words of one guards.yaml entry as written."""
    return [str(w) for w in entry.get("words") or []]
