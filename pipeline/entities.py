"""Entities: PERSON, ORG and named EVENT mentions found by rules, and one canonical entity per thing.

Everything the matchers know lives in ``rules/entities/`` (see its README.md):

- ``gazetteer/*.yaml``: canonical names with aliases in any script or language;
- ``patterns.yaml``: the pattern rules, each with a stable id (it lands in ``rule_id``), a kind (the
  matcher that runs it), a label and a priority; kind ``regex`` takes any regular expression;
- ``lists/*``: the word lists the built-in matchers read (surnames, titles, head nouns, ...).

The matchers are plain Python over the jieba tokens of a ``Doc`` plus compiled regular expressions
over its text; no spaCy ``Matcher`` runs, so extraction costs a small fraction of segmentation.

Overlap resolution: all candidates of all rules are collected, then taken longest first; between
two candidates of the same length the lower ``priority`` wins (gazetteer 10 < patterns), then the
earlier start. A candidate that overlaps one already taken is dropped (``extract(doc, explain=True)``
lists them with the winner). Then the linking rules run on the winners: original names in
parentheses (``杰弗里·辛顿（Geoffrey Hinton）``), renames (``X（原Y）``) and later short mentions of a
name found earlier in the document (``纳德拉`` after ``萨提亚·纳德拉``).
"""
from __future__ import annotations

import hashlib
import re
import sys
from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import accumulate, compress, repeat
from operator import add, and_, is_not, itemgetter, le
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import numpy as np

if TYPE_CHECKING:  # spaCy is only needed when a Doc is passed in (the batch passes Tokens)
    from spacy.tokens import Doc

from .records import EntityMatch
from .segment import Tokens, sentence_starts
from .rules import LINE_KEY, RuleError, compile_regex, iter_tsv, load_yaml, require_keys

LABELS = ("PERSON", "ORG", "EVENT")
LABEL_PREFIX = {"PERSON": "PER", "ORG": "ORG", "EVENT": "EVT"}

KINDS = ("regex", "surname_title", "dotted_name", "latin_name", "latin_org", "chinese_name", "foreign_name",
         "japanese_name", "org_head",
         "org_tag", "sports_team", "event_head", "relabel", "short_form", "coordination", "paren_alias", "rename",
         "repeat")
LINKING_KINDS = ("coordination", "paren_alias", "rename", "repeat")
# Kinds that revise the candidates of other rules, after every matcher ran and before overlaps.
REVISING_KINDS = ("relabel", "short_form")
GAZETTEER_PRIORITY = 10

# Word lists every rules directory must provide (lists/<name>.txt or .tsv).
REQUIRED_LISTS = ("surnames", "given_name_chars", "not_given_chars", "translit_chars", "person_titles",
                  "person_cues_after", "person_deny", "org_heads", "org_modifier_stop", "org_deny",
                  "org_latin_suffixes", "latin_given_names", "latin_particles", "acronym_deny",
                  "sports_cues", "event_heads", "countries", "places",
                  "noun_final_chars", "surname_titles")
CHAR_LISTS = ("given_name_chars", "not_given_chars", "translit_chars", "noun_final_chars", "translit_final_chars",
              "japanese_given_chars")

# jieba POS tags (see segment.py): proper-noun-like tags that make a span a name.
PROPER_TAGS = frozenset({"ns", "nt", "nz", "nr", "nrt", "nrfg", "x", "eng", "j"})
MODIFIER_TAGS = PROPER_TAGS | frozenset({"n", "vn", "b", "an", "l", "ng", "nrfg"})
NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "x"})
# Tags a given name never has as a separate word.
NOT_GIVEN_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "y", "r", "m", "q", "mq",
                            "d", "f", "e", "o", "zg", "eng"})

_CJK = re.compile(r"^[\u3400-\u9fff]+$")
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_CHARS = "A-Za-zÀ-ÖØ-öø-ÿ"
_DOT_CHARS = "·・•‧･⋅.．"
_DOT_RE = re.compile(f"\\s*[{re.escape(_DOT_CHARS)}]\\s*")
# the middle dots of transliterated names (not the full stop): one character for gazetteer matching
_NAME_DOTS = "·・•‧･⋅"
_NAME_DOT_MAP = str.maketrans({d: "·" for d in _NAME_DOTS})
_PAREN = re.compile(r"[ \t]*[（(][ \t]*([^()（）\n]{1,60}?)[ \t]*[)）]")
_LATINISH = re.compile(f"^[{_LATIN_CHARS}][{_LATIN_CHARS}0-9 .'’&\\-]*$")
_CAMEL = re.compile(r"^([A-Z][a-zà-öø-ÿ]+)((?:Mc|Mac|O')?[A-Z][a-zà-öø-ÿ]{2,})$")
_SINGLE_FRAGMENT_TAGS = frozenset({"x", "nr", "nrt", "nrfg", "ns", "nz", "n", "m", "q", "zg", "ng", "vg", "j", "tg",
                                   "ag", "k", "b"})
_PERSONAL_HEADS = frozenset({"政府", "内阁", "当局", "政权"})
_ESTATE_FINAL = frozenset("城园苑府湾庭居阁墅邸轩坊厦")
_WORK_FINAL = frozenset("书传记志集经")
_DOT_PART_TAGS = frozenset({"n", "nz", "ns", "nt", "ng", "j", "a", "b", "zg", "vg", "ag", "k", "i", "l"})
_SEED_MIN_LEN = {"nrt": 2, "nr": 2, "x": 2, "nrfg": 2, "ns": 3}
_WHOLE_ORG_MODIFIERS = frozenset({"ns", "nt", "j", "nz"})
_LIST_GAP = re.compile(r"\s*(?:[、，,]|和|与|及|以及|and)\s*")
_COORD = frozenset({"、", "和", "与", "及", "同", "跟"})
_LATIN_RUN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9][A-Za-zÀ-ÖØ-öø-ÿ0-9 \t.,'’&/!+\-]*")
_TAG_CACHE: dict[int, str] = {}
_CLAUSE_OPEN = frozenset({"，", "。", "：", "；", "！", "？", "“", "、", "和", "与", "（", ",", ":", ";", "\n"})
_AFTER_SUBJECT = frozenset({"的", "和", "、", "与", "也", "还", "已", "已经", "曾", "曾经", "则", "都", "就", "便", "在", "对", "将", "被", "向", "把", "却", "又"})
_LEN_2_4 = frozenset({2, 3, 4})
# tags of a one-character word that is a function word there, not a surname (向/p, 和/c, 都/d)
_FUNCTION_TAGS = frozenset({"p", "c", "d", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r"})
# a time word, a number or a locality word is not the misread head of a name (周二/晚, 任期/中)
_NOT_SWALLOWING = _FUNCTION_TAGS | frozenset({"t", "m", "q", "f", "mq"})
_FRAGMENT_BEFORE_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "x", "nz"})
_BOUND_TAGS = frozenset({"j", "ng", "zg", "tg", "ag", "vg", "x"})
_PLACE_FINAL = frozenset("口岛祠宫泊路乡庄桥坡村镇街寺庙港湾站场堡屯沟营店")
_FRAGMENT_TAGS = frozenset({"nr", "nrt", "zg", "j", "q", "ng", "vg", "ag", "tg", "x"})
# function characters that never end a name, even after a title (李超均 ends with 均, 王改真 with 真)
_BYLINE_SLASHES = ("/", "／", "：", ":", "|", "｜")
# what may stand between a byline role and the name (文/李华, 作者：王明)
_BYLINE_SEPARATORS = frozenset({"/", "／", "：", ":", " ", "　", "|", "｜"})
_HARD_FUNCTION = frozenset("的了是在和与及或就都也还又很把被让给对从以而但却并其这那们个些么吗呢吧啊说称等将已不没要会能该所此向跟同")
_NAME_CLOSERS = frozenset({"，", "。", "、", "：", "；", "！", "？", "）", ")", ",", ":", ";", "”", "\n"})
# tags of three-character dictionary words that are names often enough to be read as one with a
# title before or a cue after (周恩来/t 总理, 周铁农/nz): base score
_WORD_NAME_TAGS = frozenset({"nz", "t", "i", "n", "ns", "m"})
_WORD_NAME_BASE = 0.5
# what may stand right before the speaker of an interview line (王明：…)
_SPEAKER_OPEN = frozenset({"。", "”", "\n", "）", ")", "】", "■", "⊙", "●", "！", "？", "；", "…"})
# tags a two-character given name cut off from its surname may have (闫/nr 大为/d 称): after a surname
# tagged as a function word (曾/d, 于/p) only the noun-like ones
_SPLIT_GIVEN_TAGS = frozenset({"x", "nr", "nrt", "nrfg", "nz", "n", "ns", "i", "a", "ng", "j"})
_SPLIT_GIVEN_TAGS_LOOSE = _SPLIT_GIVEN_TAGS | {"d", "v", "vn", "an", "b", "l"}
# the last character of a three-character name glued to one of these (吴国/平说, 林旭/东则 表示)
_GLUED_VERBS = frozenset("说称则也就都还又曾将")
_GLUE_HEAD_TAGS = frozenset({"x", "nr", "nrfg", "ns", "n", "nz"})
# adverbs that may stand between a name and its speech verb (马国华则表示)
_CUE_ADVERBS = frozenset({"则", "也", "还", "就", "都", "曾", "又", "却", "更", "亦", "即", "再次", "随即", "同时", "此前", "当时", "昨日", "昨天", "今天", "日前", "近日", "对此"})
_NUMERAL_CHARS = frozenset("0123456789０１２３４５６７８９．")
# one-character "given names" that make surname + character a family or clan (刘家, 张氏)
_KIN_GIVEN = frozenset({"家", "氏", "门", "府", "族"})
_TITLE_PREFIXES = frozenset({"副", "前", "代", "常务"})
_DOCTRINE = frozenset({"理论", "主义", "思想", "学说"})
_RENAME_PAREN = re.compile(r"[（(][ \t]*(?:原|原名|前身为|前称|旧称|原称)[:：]?[ \t]*([^()（）\n]{2,30}?)[ \t]*[)）]")
_TITLE = re.compile(r"《[^《》\n]{1,40}》")
_RENAME = re.compile(r"^(?:原|原名|前身为|前称|旧称|原称)[:：]?\s*(.+)$")


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    label: str
    rule_id: str
    priority: int
    canonical: str | None = None
    aliases: tuple[str, ...] = ()

    def to_match(self) -> EntityMatch:
        return EntityMatch(self.start, self.end, self.label, self.rule_id, self.canonical, self.aliases)


@dataclass(frozen=True)
class GazetteerEntry:
    id: str
    label: str
    canonical: str
    aliases: tuple[str, ...]  # every form as written in the file (canonical included)
    context: str | None
    source: str
    line: int
    n_match: int  # aliases[:n_match] are matched in text; the rest ('link_only') only link


@dataclass(frozen=True)
class PatternRule:
    id: str
    kind: str
    label: str
    priority: int
    params: dict
    source: str
    line: int


# ------------------------------------------------------------------------------------------------
# helpers


_t2s = None


def to_simplified(text: str) -> str:
    global _t2s
    if _t2s is None:
        import opencc

        _t2s = opencc.OpenCC("t2s")
    return _t2s.convert(text)


def text_upper(text: str) -> bool:
    return text.isupper() and " " not in text


def is_latin(text: str) -> bool:
    return bool(text) and not _HAS_CJK.search(text)


def form_key(text: str) -> str:
    """The key two surface forms share when they name the same thing (after t2s)."""
    text = _DOT_RE.sub("·", text.strip())
    if is_latin(text):
        return " ".join(text.casefold().replace("’", "'").split())
    return text.replace(" ", "")


def trie_regex(words: Iterable[str]) -> str:
    """One regular expression matching any of ``words``, longest first, built as a character trie."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        optional = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if optional:
            return f"(?:{body})?" if len(branches) == 1 and len(body) > 1 else body + "?"
        return body

    return build(trie)


def _char_class(chars: Iterable[str]) -> np.ndarray:
    """A lookup table over all code points: True for the given characters."""
    table = np.zeros(sys.maxunicode + 1, dtype=bool)
    table[[ord(c) for c in set(chars)]] = True
    return table


def _read_list(path: Path) -> tuple[str, Any]:
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


# ------------------------------------------------------------------------------------------------
# loading


def load_lists(rules_dir: Path) -> dict[str, Any]:
    base = rules_dir / "entities" / "lists"
    lists: dict[str, Any] = {}
    if base.is_dir():
        for path in sorted(base.iterdir()):
            if path.suffix in (".txt", ".tsv"):
                name, value = _read_list(path)
                lists[name] = value
    missing = [name for name in REQUIRED_LISTS if name not in lists]
    if missing:
        raise RuleError(base, None, f"missing word list(s): {', '.join(missing)}",
                        "each list is a file lists/<name>.txt (words) or lists/<name>.tsv (key<TAB>value)", code="E001")
    return lists


def load_gazetteer(rules_dir: Path) -> list[GazetteerEntry]:
    base = rules_dir / "entities" / "gazetteer"
    entries: list[GazetteerEntry] = []
    seen_ids: dict[str, str] = {}
    if not base.is_dir():
        return entries
    for path in sorted(list(base.glob("*.yaml")) + list(base.glob("*.yml"))):
        data = load_yaml(path)
        if data is None:
            continue
        if not isinstance(data, dict) or "entries" not in data:
            raise RuleError(path, 1, "a gazetteer file is a mapping with 'label' and 'entries'",
                            "start the file with 'label: ORG' and 'entries:' followed by '- {canonical: ..., aliases: [...]}'",
                            code="E010")
        require_keys(data, ("entries",), ("label", "context", "entries"), path, data.get(LINE_KEY))
        file_label = data.get("label")
        file_context = data.get("context")
        for item in data["entries"] or []:
            line = item.get(LINE_KEY, 1) if isinstance(item, dict) else data.get(LINE_KEY)
            if not isinstance(item, dict):
                raise RuleError(path, line, "each entry must be a mapping like {canonical: 微软, aliases: [Microsoft]}",
                                code="E011")
            require_keys(item, ("canonical",), ("id", "canonical", "label", "aliases", "link_only", "context"), path, line)
            label = item.get("label", file_label)
            if label not in LABELS:
                raise RuleError(path, line, f"unknown label {label!r}", f"use one of {', '.join(LABELS)}", code="E012")
            canonical = str(item["canonical"]).strip()
            aliases = item.get("aliases") or []
            link_only = item.get("link_only") or []
            if not isinstance(aliases, list) or not isinstance(link_only, list):
                raise RuleError(path, line, "'aliases' and 'link_only' must be lists", "write aliases: [A, B]", code="E013")
            entry_id = str(item.get("id", canonical))
            if entry_id in seen_ids:
                raise RuleError(path, line, f"duplicate gazetteer id {entry_id!r} (first in {seen_ids[entry_id]})",
                                "give each entry its own id", code="E014")
            seen_ids[entry_id] = f"{path.name}:{line}"
            forms = tuple(dict.fromkeys([canonical] + [str(a).strip() for a in aliases if str(a).strip()]))
            entries.append(GazetteerEntry(entry_id, label, canonical, forms + tuple(str(a) for a in link_only),
                                          item.get("context", file_context), str(path), line, len(forms)))
    return entries


_LIST_REF = re.compile(r"\{list:([A-Za-z0-9_]+)\}")


def expand_lists(pattern: str, lists: dict[str, Any], path: Path, line: int | None) -> str:
    """Replace ``{list:NAME}`` in a pattern by an alternation of the words of lists/NAME."""
    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in lists or not isinstance(lists[name], list):
            raise RuleError(path, line, f"pattern refers to unknown word list {name!r}",
                            f"create rules/entities/lists/{name}.txt or use one of: {', '.join(sorted(lists))}", code="E028")
        return "(?:" + trie_regex(lists[name]) + ")"

    return _LIST_REF.sub(sub, pattern)


def load_patterns(rules_dir: Path, lists: dict[str, Any] | None = None) -> list[PatternRule]:
    rules: list[PatternRule] = []
    paths = sorted((rules_dir / "entities").glob("patterns*.yaml"))
    seen: dict[str, str] = {}
    common = ("id", "kind", "label", "priority", "enabled")
    extra = {"regex": ("pattern", "alias_group", "tokens", "scope", "prefix_list"), "dotted_name": ("dots",), "chinese_name": ("threshold", "subject_bonus"),
             "foreign_name": ("threshold", "follow_words", "not_after_words", "follow_tags", "not_follow_words"),
             "japanese_name": ("threshold",), "latin_name": ("follow_words",), "org_head": ("max_tokens",), "event_head": ("max_tokens",),
             "relabel": ("from_rules", "cues_after", "cues_before", "sentence_cues"), "short_form": ("cues",)}
    for path in paths:
        data = load_yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            raise RuleError(path, 1, "a patterns file is a mapping with a 'rules' list", "start the file with 'rules:'",
                            code="E020")
        for item in data["rules"]:
            line = item.get(LINE_KEY) if isinstance(item, dict) else None
            if not isinstance(item, dict):
                raise RuleError(path, line, "each rule must be a mapping", code="E021")
            kind = item.get("kind")
            if kind not in KINDS:
                import difflib

                close = difflib.get_close_matches(str(kind), KINDS, n=1)
                raise RuleError(path, line, f"unknown rule kind {kind!r}",
                                f"did you mean '{close[0]}'?" if close else f"kinds: {', '.join(KINDS)}", code="E022")
            require_keys(item, ("id", "kind", "label"), common + extra.get(kind, ()), path, line)
            label = item["label"]
            if label not in LABELS and not (kind in LINKING_KINDS and label == "ANY"):
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
                continue
            params = {k: v for k, v in item.items() if k not in common and k != LINE_KEY}
            for key, kinds, example in (("threshold", (int, float), "2.0"), ("subject_bonus", (int, float), "0.5"),
                                        ("max_tokens", (int,), "4"), ("dots", (str,), "\"·•\"")):
                if key in params and (not isinstance(params[key], kinds) or isinstance(params[key], bool)):
                    raise RuleError(path, line, f"'{key}' must be {'text' if kinds == (str,) else 'a number'}, "
                                    f"found {params[key]!r}", f"write e.g. {key}: {example}", code="E031")
            if kind in ("foreign_name", "latin_name"):
                for key, internal in (("follow_words", "_follow"), ("not_after_words", "_not_after"),
                                      ("follow_tags", "_follow_tags"), ("not_follow_words", "_not_follow")):
                    value = params.get(key, [])
                    if not isinstance(value, list):
                        raise RuleError(path, line, f"'{key}' must be a list of words", f"write {key}: [等, 在]",
                                        code="E030")
                    params[internal] = frozenset(str(v) for v in value)
            if kind == "regex":
                if "pattern" not in params:
                    raise RuleError(path, line, "a regex rule needs a 'pattern'", code="E026")
                pattern = expand_lists(str(params["pattern"]), lists or {}, path, line)
                params["compiled"] = compile_regex(pattern, path, line)
                if params.get("scope", "text") not in ("text", "latin"):
                    raise RuleError(path, line, f"unknown scope {params['scope']!r}", "use 'text' or 'latin'", code="E029")
                if "prefix_list" in params:
                    name = params["prefix_list"]
                    if name not in (lists or {}) or not isinstance(lists[name], list):
                        raise RuleError(path, line, f"prefix_list refers to unknown word list {name!r}",
                                        f"create rules/entities/lists/{name}.txt", code="E028")
                    params["prefix_words"] = frozenset(lists[name])
                    params["prefix_lengths"] = sorted({len(w) for w in lists[name]}, reverse=True)
                if "name" not in params["compiled"].groupindex:
                    raise RuleError(path, line, "the pattern needs a named group (?P<name>...) for the entity span",
                                    "wrap the entity part of the pattern in (?P<name>...)", code="E027")
            if kind == "relabel":
                if not isinstance(params.get("from_rules"), list) or not params["from_rules"]:
                    raise RuleError(path, line, "a relabel rule needs 'from_rules': the ids of the rules whose candidates it revises",
                                    "write e.g. from_rules: [person.translit]", code="E030")
                for key in ("cues_after", "cues_before", "sentence_cues"):
                    name = params.get(key)
                    if name is not None and (name not in (lists or {}) or not isinstance(lists[name], list)):
                        raise RuleError(path, line, f"{key} refers to unknown word list {name!r}",
                                        f"create rules/entities/lists/{name}.txt", code="E028")
                    words = lists[name] if name is not None else []
                    params[f"{key}_words"] = frozenset(words)
                    params[f"{key}_lengths"] = sorted({len(w) for w in words}, reverse=True)
            if kind == "short_form":
                cues = params.get("cues")
                if not isinstance(cues, list) or not cues:
                    raise RuleError(path, line, "a short_form rule needs 'cues': the words that define a short form",
                                    "write e.g. cues: [以下简称, 简称]", code="E031")
                params["compiled"] = re.compile(
                    "[（(][ \t]*(?:" + "|".join(map(re.escape, sorted(map(str, cues), key=len, reverse=True)))
                    + ")[为:：]?[ \t]*[\"“「『‘']?(?P<short>[^()（）\"“”「」『』‘’'\n，,。；;、《》]{2,20}?)[\"”」』’']?[ \t]*[)）]")
            rules.append(PatternRule(rule_id, kind, label, priority, params, str(path), line or 0))
    return rules


# ------------------------------------------------------------------------------------------------
# extractor


class EntityExtractor:
    """Compiled entity rules; ``extract(doc)`` returns sorted, non-overlapping ``EntityMatch``es."""

    def __init__(self, lists: dict[str, Any], gazetteer: list[GazetteerEntry], patterns: list[PatternRule]):
        self.gazetteer = gazetteer
        self.patterns = patterns
        self.rules_by_kind: dict[str, list[PatternRule]] = {}
        for rule in patterns:
            self.rules_by_kind.setdefault(rule.kind, []).append(rule)

        def words(name: str) -> frozenset[str]:
            return frozenset(lists[name])

        def chars(name: str) -> frozenset[str]:
            return frozenset("".join(lists[name]))

        surnames: dict[str, str] = lists["surnames"]
        self.surnames = {s: (1.0 if cls == "common" else 0.0) for s, cls in surnames.items()}
        self.compound_surnames = frozenset(s for s in surnames if len(s) == 2)
        self._common_surnames = frozenset(s for s, cls in surnames.items() if cls == "common" and len(s) == 1) | {"老", "小"}
        self.given_chars = chars("given_name_chars")
        self.not_given = chars("not_given_chars")
        self.noun_finals = chars("noun_final_chars")
        self.translit = chars("translit_chars")
        self.place_after = frozenset(lists.get("place_heads_after", ()))
        self._place_shy_ids = frozenset(r.id + suffix for kind in ("chinese_name", "japanese_name", "foreign_name")
                                        for r in self.rules_by_kind.get(kind, [])
                                        for suffix in ("", ".title3", ".split", ".glued", ".swallowed"))
        # optional lists of the japanese_name rule
        self.ja_surnames = frozenset(lists.get("japanese_surnames", ()))
        self.ja_given = frozenset("".join(lists.get("japanese_given_chars", ())))
        self._ja_re = re.compile(trie_regex(self.ja_surnames)) if self.ja_surnames else None
        # optional list: last syllables of transliterations that jieba may cut off under any tag
        self.translit_finals = frozenset("".join(lists.get("translit_final_chars", ()))) & self.translit
        self._translit_cjk = all(_CJK.match(ch) for ch in self.translit)
        self.person_titles = words("person_titles")
        self.person_cues = words("person_cues_after")
        self.person_deny = words("person_deny")
        heads: dict[str, str] = lists["org_heads"]
        self.org_heads = heads
        self.org_head_lengths = sorted({len(h) for h in heads}, reverse=True)
        self.org_stop = words("org_modifier_stop")
        self.org_deny = words("org_deny")
        self.org_latin_suffixes = frozenset(w.rstrip(".") for w in lists["org_latin_suffixes"])
        self.latin_given = words("latin_given_names")
        self.particles = words("latin_particles")
        self.acronym_deny = words("acronym_deny")
        # optional lists: the words around a Latin-script name that make it a company (Robinhood股价,
        # 支付公司Square) and the report words of 据X报道 (a news outlet)
        self.latin_org_after = frozenset(lists.get("latin_org_cues_after", ()))
        self.latin_org_before = frozenset(lists.get("latin_org_cues_before", ()))
        self._latin_org_before_lengths = sorted({len(w) for w in self.latin_org_before}, reverse=True)
        self.report_words = frozenset(lists.get("report_words", ()))
        self.sports_cues = words("sports_cues")
        self.countries = words("countries")
        self.places = words("places") | self.countries
        self.event_heads = words("event_heads")
        self.event_head_lengths = sorted({len(h) for h in self.event_heads}, reverse=True)
        self.event_head_finals = frozenset(h[-1] for h in self.event_heads)
        self.org_head_finals = frozenset(h[-1] for h in heads)
        self.surname_titles = frozenset(lists.get("surname_titles", ()))
        # optional lists of the byline names of the chinese_name rule (记者王明报道, 文/李华)
        self.byline_roles = frozenset(lists.get("byline_roles", ()))
        self.byline_after = frozenset(lists.get("byline_after", ()))
        # one-character roles (文, 图) only with a slash or a colon written after them: alone they
        # are in every other word
        self._byline_re = re.compile(trie_regex(
            [w for w in self.byline_roles if len(w) > 1]
            + [w + sep for w in self.byline_roles if len(w) == 1 for sep in _BYLINE_SLASHES])) if self.byline_roles else None
        # what may follow a two-character given name cut off from its surname for the split rule to apply
        self._split_next = (frozenset(lists["person_cues_after"]) | frozenset(lists["person_titles"]) | _CUE_ADVERBS
                            | {"：", ":", "副", "前", "代", "常务"})
        self._generic_titles = frozenset(lists.get("generic_titles", ()))  # optional list
        # speech verbs and titles written after a name (not generic roles such as 记者 or 父亲)
        self._cue_words = frozenset(lists["person_cues_after"]) | (frozenset(lists["person_titles"])
                                                                   - self._generic_titles)
        self._dotted_ids = frozenset(r.id for r in self.rules_by_kind.get("dotted_name", []))
        self._quote_shy_ids = frozenset(r.id + suffix for r in self.rules_by_kind.get("chinese_name", [])
                                        for suffix in ("", ".title3"))
        self.title_lengths = sorted({len(t) for t in self.person_titles}, reverse=True)
        # per-word answers that depend only on the lists (words repeat across documents)
        self._title_cache: dict[str, bool] = {}
        self._org_head_cache: dict[str, str | None] = {}
        # one lookup table per character class, indexed by the code points of the first / last
        # characters of all words at once (numpy instead of a Python loop over every word)
        self._cn_first_chars = _char_class(s[0] for s in surnames)
        self._common_first_chars = _char_class(self._common_surnames)
        self._org_final_chars = _char_class(self.org_head_finals)
        self._event_final_chars = _char_class(self.event_head_finals)

        # gazetteer: simplified matching forms -> entry; Latin forms matched case-insensitively
        self.alias_index: dict[str, GazetteerEntry] = {}
        cjk_forms: dict[str, GazetteerEntry] = {}
        latin_forms: dict[str, GazetteerEntry] = {}
        for entry in gazetteer:
            n_match = entry.n_match
            for i, form in enumerate(entry.aliases):
                simple = to_simplified(form)
                key = form_key(simple)
                other = self.alias_index.get(key)
                if other is not None and other.id != entry.id and other.label == entry.label:
                    raise RuleError(entry.source, entry.line,
                                    f"alias {form!r} of {entry.id!r} is also an alias of {other.id!r} ({other.source}:{other.line})",
                                    "keep the alias in one entry, or move it to 'link_only' in one of them", code="E015")
                self.alias_index.setdefault(key, entry)
                if i >= n_match or len(simple) < 2:
                    continue
                if is_latin(simple):
                    latin_forms[simple.casefold()] = entry
                else:
                    cjk_forms[simple.translate(_NAME_DOT_MAP)] = entry
        self._cjk_forms = cjk_forms
        self._latin_forms = latin_forms
        # an alias written with one middle dot matches the text written with any other
        self._cjk_re = re.compile(trie_regex(cjk_forms).replace(re.escape("·"), f"[{_NAME_DOTS}]")) if cjk_forms else None
        self._latin_re = (re.compile(f"(?<![{_LATIN_CHARS}0-9])(?:{trie_regex(latin_forms)})(?![{_LATIN_CHARS}0-9])",
                                     re.IGNORECASE) if latin_forms else None)

        dots = "".join(r.params.get("dots", _DOT_CHARS) for r in self.rules_by_kind.get("dotted_name", [])) or _DOT_CHARS
        self.dots = frozenset(dots)
        particles = "|".join(sorted(self.particles, key=len, reverse=True))
        word = f"[A-Z][{_LATIN_CHARS}'’]*(?:-[{_LATIN_CHARS}]+)*\\.?"
        connector = f"(?:(?:{particles}|of|and|for|the|&)[ \\t]+)"
        self._latin_seq = re.compile(
            f"(?<![{_LATIN_CHARS}0-9])({word}(?:[ \\t]+{connector}*{word}){{0,5}})(?![{_LATIN_CHARS}0-9])")

    @classmethod
    def from_rules(cls, rules_dir: Path) -> "EntityExtractor":
        rules_dir = Path(rules_dir)
        lists = load_lists(rules_dir)
        return cls(lists, load_gazetteer(rules_dir), load_patterns(rules_dir, lists))

    # ------------------------------------------------------------------------------------------
    def extract(self, doc: "Doc | Tokens", explain: bool = False):
        """Entity mentions of ``doc`` (char offsets into ``doc.text``), sorted and non-overlapping.

        ``doc`` is a spaCy ``Doc`` from ``Segmenter.make_doc`` or the plain ``segment.Tokens`` columns
        (cheaper: nothing to read back from spaCy).

        With ``explain=True`` returns ``(matches, lost)`` where ``lost`` lists ``(candidate, winner)``
        pairs for every candidate that lost an overlap.
        """
        ctx = _DocContext(doc, self)
        candidates: list[Candidate] = []
        self._gazetteer_candidates(ctx, candidates)
        for cand in candidates:  # words inside a gazetteer name count as proper nouns for head-noun rules
            i = ctx.start_index.get(cand.start)
            while i is not None and i < len(ctx.starts) and ctx.starts[i] < cand.end:
                ctx.gaz_tokens.add(i)
                i += 1
        for rule in self.patterns:
            method = getattr(self, f"_kind_{rule.kind}", None)
            if method is not None and rule.kind not in LINKING_KINDS and rule.kind not in REVISING_KINDS:
                method(ctx, rule, candidates)
        for rule in self.rules_by_kind.get("relabel", ()):
            self._relabel(ctx, rule, candidates)
        for rule in self.rules_by_kind.get("short_form", ()):
            self._short_forms(ctx, rule, candidates)
        if self.place_after and not self.place_after.isdisjoint(ctx.words):
            self._drop_place_names(ctx, candidates)
        winners, lost = self._resolve(ctx, candidates, explain)
        for rule in self.patterns:
            if rule.kind in LINKING_KINDS:
                getattr(self, f"_link_{rule.kind}")(ctx, rule, winners)
        winners.sort(key=lambda c: (c.start, c.end))
        matches = [self._finish(ctx, c) for c in winners]
        if explain:
            return matches, [(loser.to_match(), winner.to_match() if winner else None) for loser, winner in lost]
        return matches

    def _short_forms(self, ctx: "_DocContext", rule: PatternRule, candidates: list[Candidate]) -> None:
        """台湾电力公司（以下简称「台电」）: the short form defined in brackets right after a name is a
        mention of it there and wherever it recurs later in the document, with the full name as its
        alias, taking the place of any shorter reading (阿里影业, not the 阿里 inside it)."""
        text = ctx.text
        ends: dict[int, Candidate] | None = None  # the longest candidate ending at each offset
        for m in rule.params["compiled"].finditer(text):
            if ends is None:
                ends = {}
                for c in candidates:
                    best = ends.get(c.end)
                    if c.label == rule.label and (best is None or c.end - c.start > best.end - best.start):
                        ends[c.end] = c
            short = m.group("short").strip()
            if short[0] in "本该我贵其此" or self._common_word(ctx, m.start("short") + m.group("short").index(short), short):
                continue  # 本基金, 招标人, 甲方: a role in the text, not a name
            full = ends.get(m.start())
            if full is None:
                # 阿里影业（以下简称"阿里影业"）: the name defines itself; it is a name when a proper
                # noun is among its words (no 合作协议（以下简称"协议"）)
                start = m.start() - len(short)
                i, j = ctx.start_index.get(start), ctx.end_index.get(m.start())
                if i is None or j is None or text[start:m.start()] != short or not any(
                        ctx.tags[k] in PROPER_TAGS or k in ctx.gaz_tokens for k in range(i, j + 1)):
                    continue
                full = Candidate(start, m.start(), rule.label, rule.id, rule.priority)
                candidates.append(full)
            full_text = text[full.start:full.end]
            pos = m.start("short") + m.group("short").index(short)
            while pos >= 0:
                end = pos + len(short)
                if pos in ctx.start_index and end in ctx.end_index or pos == m.start("short"):
                    candidates.append(Candidate(pos, end, rule.label, rule.id, rule.priority, full.canonical,
                                                (full_text,) if short != full_text else ()))
                pos = text.find(short, end)

    def _common_word(self, ctx: "_DocContext", start: int, form: str) -> bool:
        """``form`` at ``start`` is one dictionary word that is not a proper noun (招标人/n, 甲方/n)."""
        i = ctx.start_index.get(start)
        return i is not None and ctx.words[i] == form and ctx.tags[i] not in PROPER_TAGS

    def _relabel(self, ctx: "_DocContext", rule: PatternRule, candidates: list[Candidate]) -> None:
        """Give the candidates of ``from_rules`` this rule's label when a cue word stands right
        after or right before them (雷吉纳主场, vs莱切: a team, not a person)."""
        sources = set(rule.params["from_rules"])
        text = ctx.text
        after, after_lengths = rule.params["cues_after_words"], rule.params["cues_after_lengths"]
        before, before_lengths = rule.params["cues_before_words"], rule.params["cues_before_lengths"]
        sentence = rule.params["sentence_cues_words"]
        for cand in candidates:
            if cand.rule_id not in sources and cand.rule_id.rsplit(".", 1)[0] not in sources:
                continue
            end = cand.end
            while end < len(text) and text[end] in " \t":
                end += 1
            start = cand.start
            while start > 0 and text[start - 1] in " \t":
                start -= 1
            if (any(text[end:end + n] in after for n in after_lengths)
                    or any(start >= n and text[start - n:start] in before for n in before_lengths)
                    or sentence and self._team_sentence(ctx, cand, sentence)):
                cand.label, cand.rule_id, cand.priority = rule.label, rule.id, rule.priority

    def _team_sentence(self, ctx: "_DocContext", cand: Candidate, cues: frozenset) -> bool:
        """The candidate's sentence holds one of ``cues`` (主场, 赔率, 保级 …: a match preview) and
        nothing marks it as a person: no title before it, no speech verb or title after it."""
        i = ctx.start_index.get(cand.start)
        j = ctx.end_index.get(cand.end)
        if i is None or j is None:
            return False
        sent_of, words = ctx.sent_of, ctx.words
        n = len(words)
        s = sent_of[i]
        a = bisect_left(sent_of, s, 0, i)  # sentence ids never decrease: its first and last word
        b = bisect_right(sent_of, s, j, n)
        if cues.isdisjoint(words[a:b]):
            return False
        if (j + 1 < n and words[j + 1] == "、") or (i > 0 and words[i - 1] == "、"):
            return False  # 卡利诺、维塔里: a list of names in a match report is a list of players
        return not (self._title_before(ctx, i) or self._cue_soon(ctx, j + 1) or self._speaker_colon(ctx, i, j + 1))

    def _drop_place_names(self, ctx: "_DocContext", candidates: list[Candidate]) -> None:
        """A name right before a place or facility word (lists/place_heads_after) names the place:
        张自忠/路, 林达海/渔/广场."""
        words, place_after, ids, start_index = ctx.words, self.place_after, self._place_shy_ids, ctx.start_index
        n = len(words)
        drop = None
        for idx, c in enumerate(candidates):
            if c.rule_id not in ids:
                continue
            k = start_index.get(c.end)
            if k is None:
                continue
            w = words[k]
            if w in place_after or (len(w) == 1 and k + 1 < n and words[k + 1] in place_after and _CJK.match(w)):
                if drop is None:
                    drop = set()
                drop.add(idx)
        if drop:
            candidates[:] = [c for idx, c in enumerate(candidates) if idx not in drop]

    def _finish(self, ctx: "_DocContext", cand: Candidate) -> EntityMatch:
        if cand.canonical is None:
            entry = self.lookup(ctx.text[cand.start:cand.end], cand.label)
            if entry is not None:
                cand.canonical = entry.canonical
        return cand.to_match()

    def lookup(self, text: str, label: str) -> GazetteerEntry | None:
        """The gazetteer entry a surface form (simplified) names, also with a generic suffix removed."""
        key = form_key(text)
        entry = self.alias_index.get(key)
        if entry is None and label == "ORG":
            for suffix in ("股份有限公司", "有限公司", "公司", "集团", "Inc.", "Inc", "Corp."):
                if key.endswith(suffix.casefold() if is_latin(key) else suffix) and len(key) > len(suffix) + 1:
                    entry = self.alias_index.get(key[: -len(suffix)].strip())
                    break
        if entry is not None and entry.label == label:
            return entry
        return None

    # ------------------------------------------------------------------------------------------
    def _resolve(self, ctx: "_DocContext", candidates: list[Candidate], explain: bool):
        if "《" in ctx.text:
            titles = [m.span() for m in _TITLE.finditer(ctx.text)]
            if titles:
                # a work named after a person (《哈利·波特》) is not a mention of the person; a name
                # inside a longer title (《邓小平文选》) is
                whole = {(s + 1, e - 1) for s, e in titles}
                # a name closing a longer title is its character, not a person in the news
                # (《理发师陶德》, 《哈利·波特与魔法石》): only gazetteer people stay there
                ends = {e - 1 for s, e in titles}
                starts = {s + 1 for s, e in titles}
                candidates[:] = [c for c in candidates if c.label != "PERSON" or (c.start, c.end) not in whole
                                 and (c.rule_id.startswith("gazetteer:") or c.end not in ends
                                      and not (c.start in starts and c.rule_id in self._dotted_ids))]
        if "“" in ctx.text:
            # a Chinese-looking word alone in quotes is a nickname, a brand or a slogan far more
            # often than a person (“姚仙”, “金鳞”)
            text = ctx.text
            candidates[:] = [c for c in candidates if not (
                c.label == "PERSON" and c.rule_id in self._quote_shy_ids and c.start > 0
                and text[c.start - 1] == "“" and text[c.end:c.end + 1] == "”")]
        candidates.sort(key=lambda c: (-(c.end - c.start), c.priority, c.start, c.rule_id))
        taken = ctx.taken
        owner: dict[int, Candidate] = {}
        winners: list[Candidate] = []
        lost: list[tuple[Candidate, Candidate | None]] = []
        seen: set[tuple[int, int, str]] = set()
        for cand in candidates:
            if cand.end <= cand.start:
                continue
            if 1 in taken[cand.start:cand.end]:
                if explain and (cand.start, cand.end, cand.label) not in seen:
                    winner = next((owner[i] for i in range(cand.start, cand.end) if i in owner), None)
                    lost.append((cand, winner))
                continue
            taken[cand.start:cand.end] = b"\x01" * (cand.end - cand.start)
            if explain:
                for i in range(cand.start, cand.end):
                    owner[i] = cand
                seen.add((cand.start, cand.end, cand.label))
            winners.append(cand)
        return winners, lost

    # ------------------------------------------------------------------------------------------
    # gazetteer

    def _gazetteer_candidates(self, ctx: "_DocContext", out: list[Candidate]) -> None:
        text = ctx.text
        if self._cjk_re is not None:
            for m in self._cjk_re.finditer(text):
                s, e = m.span()
                if s == e or s not in ctx.start_index:
                    continue
                if e not in ctx.end_index:
                    # the alias ends inside a word: fine only when the word goes on with a head noun
                    i = ctx.token_at(e - 1)
                    rest = ctx.text[e:ctx.ends[i]]
                    if rest not in self.org_heads:
                        continue
                entry = self._cjk_forms[m.group().translate(_NAME_DOT_MAP)]
                if entry.context == "sports" and not ctx.is_sports(s):
                    continue
                out.append(Candidate(s, e, entry.label, f"gazetteer:{entry.id}", GAZETTEER_PRIORITY, entry.canonical))
        if self._latin_re is not None:
            for m in (m for run in ctx.latin_runs() for m in self._latin_re.finditer(text, run[0], run[1])):
                found = m.group()
                entry = self._latin_forms.get(found.casefold())
                if entry is None:
                    continue
                written = next(a for a in entry.aliases if to_simplified(a).casefold() == found.casefold())
                if found not in (written, written.lower(), written.upper(), written.title()):
                    continue
                if entry.context == "sports" and not ctx.is_sports(m.start()):
                    continue
                out.append(Candidate(m.start(), m.end(), entry.label, f"gazetteer:{entry.id}", GAZETTEER_PRIORITY,
                                     entry.canonical))

    # ------------------------------------------------------------------------------------------
    # PERSON

    def _namey(self, word: str, tag: str) -> bool:
        """A word that can be one part of a dotted name: the dot is strong evidence, so any
        content word qualifies (力克斯/nz), not function words or verbs."""
        return bool(_CJK.match(word)) and (tag in NAME_TAGS or all(ch in self.translit for ch in word)
                                           or tag in _DOT_PART_TAGS) and word not in self.org_stop

    def _kind_dotted_name(self, ctx: "_DocContext", rule: PatternRule, out: list[Candidate]) -> None:
        words, tags = ctx.words, ctx.tags
        n = len(words)
        dots = self.dots
        done_until = -1
        for i in compress(range(n), map(dots.__contains__, words)):
            if i < 1 or i >= n - 1:
                continue
            if i <= done_until or words[i] not in dots or not self._namey(words[i - 1], tags[i - 1]):
                continue
            if not self._namey(words[i + 1], tags[i + 1]):
                continue
            first = i - 1
            while (first > 0 and not ctx.sent_start[first] and words[first - 1] not in dots
                   and self._fragment(ctx, first - 1) and ctx.ends[i - 1] - ctx.starts[first - 1] <= 6
                   and (len(words[first - 1]) == 1 or len(words[first]) == 1
                        or self.translit.issuperset(words[first - 1] + words[first]) and tags[first - 1] == "x")):
                first -= 1  # 马诺/x 哈尔/nrt ・帕卢里: pieces of the first part that jieba cut apart
            last = i + 1
            part_start = last
            while True:
                # pieces of the same part that jieba cut apart (马/尔登, 门/戈尔德)
                while (last + 1 < n and words[last + 1] not in dots and self._fragment(ctx, last + 1)
                       and ctx.ends[last + 1] - ctx.starts[part_start] <= 6):
                    last += 1
                if last + 2 < n and words[last + 1] in dots and self._namey(words[last + 2], tags[last + 2]):
                    last += 2
                    part_start = last
                    continue
                break
            done_until = last
            if words[last][-1] in _ESTATE_FINAL or words[i - 1][-1] in _WORK_FINAL:
                continue  # 世茂·宫园 (a housing estate), 后汉书·张衡 (a book and its chapter)
            end = ctx.ends[last]
            lw = words[last]
            if (tags[last] == "x" and len(lw) >= 3 and lw[-1] in self.not_given and self.translit.issuperset(lw[:-1])
                    and not (lw[-1] in self.translit and lw[-1] not in _HARD_FUNCTION)):
                end -= 1  # 罗朗·雷斯及/x 法国…: a function character glued to the last part (not 帕卢里)
            elif (last + 2 < n and len(words[last + 1]) == 1 and words[last + 1] in self.translit
                  and words[last + 1] not in _HARD_FUNCTION and self._closes_name(ctx, last + 2)
                  and ctx.ends[last + 1] - ctx.starts[part_start] <= 6):
                end = ctx.ends[last + 1]  # 阿尔达/勒/v 表示: the last syllable read as a verb before a speech verb
            elif (last + 1 < n and tags[last + 1] == "x" and 2 <= len(words[last + 1]) <= 4
                  and words[last + 1][-1] in self.not_given and self.translit.issuperset(words[last + 1][:-1])
                  and ctx.ends[last + 1] - 1 - ctx.starts[part_start] <= 6):
                end = ctx.ends[last + 1] - 1  # 莉萨·科斯/马斯说: the rest of the last part glued to 说
            begin = ctx.starts[first]
            fw = words[first]
            if tags[first] == "x" and len(fw) >= 3 and fw[0] in self.not_given and self.translit.issuperset(fw[1:]):
                begin += 1  # 拍卖会上/安迪·沃霍尔 cut as 上安迪: a function character glued to the first part
            letters = [ch for ch in ctx.text[begin:end] if ch not in dots]
            if sum(ch in self.translit for ch in letters) * 2 < len(letters):
                continue  # 关怀·香港: two plain words, not a transliterated name
            out.append(Candidate(begin, end, rule.label, rule.id, rule.priority))

    def _title_before(self, ctx: "_DocContext", i: int) -> bool:
        """Token i-1 is a person title (or ends with one: 副总裁, 前首席执行官)."""
        if i > 1 and ctx.words[i - 1].isspace():
            i -= 1
        if i <= 0 or ctx.sent_start[i]:
            return False
        prev = ctx.words[i - 1]
        if prev == "号" and i > 1 and ctx.words[i - 2].isdigit():
            return True  # 9号萨莫拉诺: a player's shirt number
        if len(prev) == 1 and i > 1 and not ctx.sent_start[i - 1] and self._is_title(ctx.words[i - 2][-3:] + prev):
            return True  # 高雄市/长/陈其明: the place swallowed the first character of the title
        cache = self._title_cache
        known = cache.get(prev)
        if known is None:
            if len(cache) > 200_000:
                cache.clear()
            known = cache[prev] = self._is_title(prev)
        return known

    def _is_title(self, prev: str) -> bool:
        if prev in self.person_titles or (len(prev) >= 2 and prev[-1] == "员" and prev not in self.org_deny):
            return True
        for length in self.title_lengths:
            if length < len(prev) and length >= 2 and prev[-length:] in self.person_titles:
                return True
        return False

    def _cue_after(self, ctx: "_DocContext", j: int) -> bool:
        """Token j (right after the candidate) is a speech verb or a title written after names."""
        if j < len(ctx.words) and ctx.words[j].isspace():
            j += 1
        if j >= len(ctx.words):
            return False
        w = ctx.words[j]
        if w in self._cue_words:
            return True
        if len(w) == 1 and j + 1 < len(ctx.words) and w + ctx.words[j + 1] in self._cue_words:
            return True  # 回/呛: a two-character cue cut in two
        # 姆贝基副总统: a title after the name with 副 / 前 cut off
        return w in _TITLE_PREFIXES and j + 1 < len(ctx.words) and ctx.words[j + 1] in self._cue_words

    def _closes_name(self, ctx: "_DocContext", j: int) -> bool:
        """Token j ends a name: a clause punctuation or a speech verb / title after names."""
        if j >= len(ctx.words):
            return True
        return ctx.words[j] in _NAME_CLOSERS or self._cue_after(ctx, j)

    def _cue_soon(self, ctx: "_DocContext", j: int) -> bool:
        """A speech verb or a title after names at token j, or after one adverb there (则表示, 也认为)."""
        if self._cue_after(ctx, j):
            return True
        return j + 1 < len(ctx.words) and ctx.words[j] in _CUE_ADVERBS and self._cue_after(ctx, j + 1)

    def _speech_soon(self, ctx: "_DocContext", j: int) -> bool:
        """A speech verb (not a title) at token j, after one adverb there, or cut in two (回/呛)."""
        words, cues = ctx.words, self.person_cues
        if j + 1 < len(words) and words[j] in _CUE_ADVERBS:
            j += 1
        return j < len(words) and (words[j] in cues or j + 1 < len(words) and words[j] + words[j + 1] in cues)

    def _speaker_colon(self, ctx: "_DocContext", i: int, j: int) -> bool:
        """Tokens i..j-1 open a sentence or a line and a colon follows: the speaker of an interview
        (王明：我认为…)."""
        if j >= len(ctx.words) or ctx.words[j] not in ("：", ":"):
            return False
        return i == 0 or ctx.sent_start[i] or ctx.words[i - 1] in _SPEAKER_OPEN

    def _subject_slot(self, ctx: "_DocContext", i: int, j: int) -> bool:
        """Tokens i..j-1 stand alone at a clause start, followed by a word that typically follows a
        subject or a listed name (的, 和, 也, 已经 ...)."""
        if not (i == 0 or ctx.sent_start[i] or ctx.words[i - 1] in _CLAUSE_OPEN):
            return False
        if j >= len(ctx.words):
            return False
        return ctx.words[j] in _AFTER_SUBJECT or ctx.tags[j] == "d"

    def _latin_paren_after(self, ctx: "_DocContext", j: int) -> bool:
        """Token j opens a bracket holding a Latin-script name: 希尔顿（Paris Hilton）."""
        if j >= len(ctx.words) or ctx.words[j] not in ("(", "（"):
            return False
        m = _PAREN.match(ctx.text, ctx.starts[j])
        return bool(m and _LATINISH.match(m.group(1).strip()) and len(m.group(1).strip()) >= 3)

    def _kind_chinese_name(self, ctx: "_DocContext", rule: PatternRule, out: list[Candidate]) -> None:
        words, tags = ctx.words, ctx.tags
        n = len(words)
        threshold = float(rule.params.get("threshold", 2.0))
        surnames, given, not_given = self.surnames, self.given_chars, self.not_given
        deny = self.person_deny
        # words starting with a surname: a two or three character one only when jieba calls it a name
        # or an unknown word (a dictionary word under another tag is that word: 董事长/n); plus unknown
        # words of 2-4 characters (a name after a title, a function character glued in front of a name)
        lengths = ctx.lengths
        split_next = self._split_next
        todo = [i for i in ctx.first_in(self._cn_first_chars)
                if (tags[i] in NAME_TAGS or lengths[i] == 3 and tags[i] in _WORD_NAME_TAGS
                    and (i + 1 < n and words[i + 1] in split_next or self._title_before(ctx, i))
                    or lengths[i] == 2 and i + 1 < n and lengths[i + 1] == 2 and tags[i + 1] == "x"
                    and (words[i + 1][1] in _GLUED_VERBS or i + 2 < n and words[i + 1][1] + words[i + 2] in self.person_cues)
                    if 2 <= lengths[i] <= 3 else tags[i] not in _FUNCTION_TAGS
                    or i + 2 < n and lengths[i + 1] == 2 and words[i + 2] in split_next
                    if lengths[i] == 1 else tags[i] == "x" or words[i][-2:] in _DOCTRINE)]
        if self._byline_re is not None:
            self._byline_names(ctx, rule, out)
        self._swallowed_names(ctx, rule, out, threshold)
        unknown = list(compress(range(n), map(and_, map("x".__eq__, tags), map(_LEN_2_4.__contains__, lengths))))
        if unknown:
            todo = sorted(set(todo).union(unknown))
        for i in todo:
            w = words[i]
            c0 = w[0]
            if c0 not in surnames and w[:2] not in self.compound_surnames:
                if (tags[i] == "x" and len(w) in (2, 3) and w not in deny and self._title_before(ctx, i)
                        and not_given.isdisjoint(w) and _CJK.match(w)):
                    # an unknown word right after a title: 作家笛安, 作者班宇 (rare surnames, pen names)
                    out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id, rule.priority))
                if (len(w) in (3, 4) and tags[i] == "x" and w[1] in surnames and i > 0
                        and not ctx.sent_start[i] and self._is_title(words[i - 1][-3:] + c0)):
                    # 台中市/长卢秀莲/x: the title's last character glued to the name after it
                    self._score_cn(ctx, rule, out, ctx.starts[i] + 1, ctx.ends[i], w[1:], 2.0, i, i + 1, threshold)
                # glued function character in front of a name (由王小明 -> 王小明)
                if (len(w) in (3, 4) and tags[i] == "x" and c0 in not_given and w[1] in surnames):
                    self._score_cn(ctx, rule, out, ctx.starts[i] + 1, ctx.ends[i], w[1:], 1.5, i, i + 1, threshold)
                continue
            sl = 2 if w[:2] in self.compound_surnames and len(w) >= 3 else 1
            if sl == 1 and c0 not in surnames:
                continue
            tag = tags[i]
            rest = len(w) - sl
            if rest in (1, 2):
                # A word jieba's dictionary knows under another tag (董事长/n, 解读/v) is that word,
                # not a name: only unknown words (x) and name-tagged words qualify.
                base = {"x": 2.0, "nr": 2.0 if rest == 2 else 1.0, "nrfg": 2.0, "nrt": 1.0}.get(tag, 0.0)
                if (not base and rest == 2 and sl == 1 and tag in _WORD_NAME_TAGS and not self._is_title(w)
                        and w[-1] not in self.noun_finals):
                    # 周恩来/t 总理, 周铁农/nz ，: a three-character dictionary word under another tag
                    # is a name only with a title before or a cue after
                    base = _WORD_NAME_BASE
                if (tag in ("x", "nr", "nrfg") and rest == 1 and i + 1 < n and len(words[i + 1]) == 1
                        and words[i + 1] not in not_given and not ctx.sent_start[i + 1] and _CJK.match(words[i + 1])):
                    # HMM cut a three-character name after its second character (徐起/超, 王以/卓)
                    ext = 2.0 if words[i + 1] in given else 1.5 if tags[i + 1] in _FRAGMENT_TAGS else 0.0
                    if (ext == 1.5 and tag == "x" and tags[i + 1] in _BOUND_TAGS
                            and words[i + 1] not in self.noun_finals):
                        ext = 2.0
                    if ext:
                        self._score_cn(ctx, rule, out, ctx.starts[i], ctx.ends[i + 1], w + words[i + 1], ext, i, i + 2,
                                       threshold, sl)
                if (tag in ("x", "nr", "nrfg") and rest == 1 and i + 2 < n and len(words[i + 1]) == 1
                        and words[i + 1] not in _HARD_FUNCTION and _CJK.match(words[i + 1])
                        and not ctx.sent_start[i + 1] and self._closes_name(ctx, i + 2)
                        and self._title_before(ctx, i)):
                    # 副局长李超/均/透露, 主席王改/真/、: after a title, a single character between a
                    # two-character name and a speech verb or a clause end completes the name
                    name = w + words[i + 1]
                    if name not in deny and name not in self.places:
                        out.append(Candidate(ctx.starts[i], ctx.ends[i + 1], rule.label, rule.id + ".title3",
                                             rule.priority))
                if base and w not in deny:
                    self._score_cn(ctx, rule, out, ctx.starts[i], ctx.ends[i], w, base, i, i + 1, threshold, sl)
            if (rest == 1 and i + 1 < n and len(words[i + 1]) == 2
                    and (tags[i + 1] == "x" or words[i + 1][1] in "说称" and self._title_before(ctx, i))
                    and tag in _GLUE_HEAD_TAGS
                    and (surnames.get(c0) == 1.0 or self._title_before(ctx, i))
                    and words[i + 1][0] not in not_given and _CJK.match(words[i + 1])
                    and (words[i + 1][1] in _GLUED_VERBS and (words[i + 1][1] in "说称" or self._cue_after(ctx, i + 2))
                         or i + 2 < n and words[i + 1][1] + words[i + 2] in self.person_cues)
                    and not ctx.sent_start[i + 1]):
                # 吴国/平说/x, 林旭/东则/x 表示, 苏建/宏回/x 呛: jieba glued the last character of a
                # three-character name to the speech verb or adverb after it, or to the first
                # character of a two-character one
                name = w + words[i + 1][0]
                if name not in deny and name not in self.places:
                    out.append(Candidate(ctx.starts[i], ctx.starts[i + 1] + 1, rule.label, rule.id + ".glued",
                                         rule.priority))
            if (rest == 2 and tag == "x" and w[-1] in not_given and w[-1] not in _HARD_FUNCTION
                  and not_given.isdisjoint(w[sl:-1]) and w not in deny and self._closes_name(ctx, i + 1)
                  and self._title_before(ctx, i)):
                # 副局长李超均/x 透露: a title before and a cue or clause end after keep the whole word
                out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id + ".title3", rule.priority))
            if (rest == 0 and i + 2 < n and surnames.get(w) == 1.0 and len(words[i + 1]) == 2
                    and not ctx.sent_start[i + 1] and tags[i + 1] in (_SPLIT_GIVEN_TAGS if tag in _FUNCTION_TAGS
                                                                      else _SPLIT_GIVEN_TAGS_LOOSE)
                    and _CJK.match(words[i + 1]) and not_given.isdisjoint(words[i + 1])
                    and words[i + 1] not in self.person_cues and words[i + 1] not in self.person_titles
                    and (self._cue_soon(ctx, i + 2) or self._speaker_colon(ctx, i, i + 2))):
                # 闫/nr 大为/d 称, 曾/d 世民/n 认为, 张/q 颐武/x ：: a surname cut off (even under a
                # function-word tag) from a two-character given name, with a speech verb right after
                name = w + words[i + 1]
                if name not in deny and name not in self.places:
                    out.append(Candidate(ctx.starts[i], ctx.ends[i + 1], rule.label, rule.id + ".split",
                                         rule.priority))
            if rest == 0 and i + 1 < n and tag not in _FUNCTION_TAGS:
                # surname as its own word, given name in the next word(s); not a surname character
                # read as a function word (向/p 杜风, 和/c 平时)
                nxt = words[i + 1]
                if (len(nxt) in (1, 2) and _CJK.match(nxt) and tags[i + 1] not in NOT_GIVEN_TAGS
                        and nxt not in self.person_cues and nxt not in self.person_titles):
                    base = 1.5 if tag in ("nr", "nrfg") and surnames.get(w, 1.0) else 0.5
                    end_tok = i + 2
                    name = w + nxt
                    if (len(nxt) == 1 and i + 2 < n and len(words[i + 2]) == 1 and _CJK.match(words[i + 2])
                            and tags[i + 2] not in NOT_GIVEN_TAGS and words[i + 2] in given and nxt in given):
                        name += words[i + 2]
                        end_tok = i + 3
                    if name not in deny and len(name) - sl <= 2:
                        self._score_cn(ctx, rule, out, ctx.starts[i], ctx.ends[end_tok - 1], name, base, i, end_tok,
                                       threshold, sl)
            if tag == "x" and rest in (2, 3) and w[-1] in not_given and w[:-1] not in deny:
                # HMM glued a following function character (李咏以, 樊富珉任 -> 李咏, 樊富珉)
                self._score_cn(ctx, rule, out, ctx.starts[i], ctx.ends[i] - 1, w[:-1], 1.5, i, i + 1, threshold, sl,
                               glued_after=True)
            if rest >= 3 and len(w) >= 4 and w[-2:] in _DOCTRINE and len(w) - 2 - sl in (1, 2):
                # 邓小平理论, 毛泽东思想: the person inside a doctrine name
                self._score_cn(ctx, rule, out, ctx.starts[i], ctx.ends[i] - 2, w[:-2], 2.0, i, i + 1, threshold, sl,
                               glued_after=True)

    def _swallowed_names(self, ctx: "_DocContext", rule: PatternRule, out: list[Candidate], threshold: float) -> None:
        """Three-character names jieba read as a dictionary word plus one character: the surname and
        the first given character form a place or a common word (韩国/栋, 苏志/明, 柯文/彬). The
        dictionary word is the weak reading only when a title stands before it or a cue follows the
        character, so the name gets the low base of a dictionary word and needs that context."""
        words, tags, lengths = ctx.words, ctx.tags, ctx.lengths
        n = len(words)
        common = self._common_surnames
        for i in ctx.first_in(self._common_first_chars):
            if lengths[i] != 2 or i + 1 >= n or lengths[i + 1] != 1 or tags[i] in NAME_TAGS:
                continue
            w, nxt = words[i], words[i + 1]
            if (w[0] not in common or w[0] in "老小" or tags[i] in _NOT_SWALLOWING or ctx.sent_start[i + 1]
                    or tags[i + 1] in _NOT_SWALLOWING or w[-1] in self.ja_given and nxt in self.ja_given
                    or nxt in self.not_given or nxt in _HARD_FUNCTION or not _CJK.match(nxt)
                    or w[1] in self.not_given or not (nxt in self.given_chars or tags[i + 1] in _BOUND_TAGS)
                    or self._is_title(w) or w in self.person_cues):
                continue  # 党员/亮: a role word is no surname + given character
            name = w + nxt
            if name in self.person_deny or name in self.places:
                continue
            if not (self._title_before(ctx, i) or self._speech_soon(ctx, i + 2)):
                continue  # a title after is too weak here: 5200万欧元/创/门将转会费纪录
            before = len(out)
            self._score_cn(ctx, rule, out, ctx.starts[i], ctx.ends[i + 1], name, _WORD_NAME_BASE, i, i + 2, threshold)
            if len(out) > before:
                out[-1].rule_id = rule.id + ".swallowed"

    def _byline_names(self, ctx: "_DocContext", rule: PatternRule, out: list[Candidate]) -> None:
        """A reporter's or author's byline: a role (记者, 通讯员, 作者, 文/) then two or three characters
        starting with a surname (or one word jieba reads as a name), closed by a byline word (报道, 发自,
        摄, ）), a place and 报道, a space or the end of the text (（记者马晓）, 本报记者高秀芬北京报道,
        文/于春生); names listed with 、 or spaces continue the byline (记者印明远、章国栋报道): rule_id
        ``<id>.byline``. Any jieba reading of the name will do (于/p 春生/vn): the frame is the evidence."""
        words, tags, lengths, text = ctx.words, ctx.tags, ctx.lengths, ctx.text
        n = len(words)
        roles, after, surnames = self.byline_roles, self.byline_after, self.surnames
        start_index = ctx.start_index
        for found_role in self._byline_re.finditer(ctx.text):
            i = start_index.get(found_role.start())
            if i is None or words[i] not in roles:
                continue  # inside a longer word
            k = i + 1
            while k < n and words[k] in _BYLINE_SEPARATORS:
                k += 1
            if lengths[i] == 1 and k == i + 1:
                continue  # 文 and 图 only with a slash or a colon after them (文/李华)
            while k < n:
                found = self._byline_name(ctx, k, roles, after, surnames)
                if found is None:
                    break
                out.append(Candidate(ctx.starts[k], ctx.ends[found], rule.label, rule.id + ".byline", rule.priority))
                k = found + 2
                if k >= n or not (words[k - 1] == "、" or words[k - 1].isspace()):
                    break
                while k < n and words[k].isspace():
                    k += 1

    def _byline_name(self, ctx: "_DocContext", k: int, roles, after, surnames) -> int | None:
        """The last token of a byline name starting at token k, or None."""
        words, tags, lengths = ctx.words, ctx.tags, ctx.lengths
        n = len(words)
        if words[k][0] not in surnames and not (lengths[k] in (2, 3) and tags[k] in ("nr", "nrfg", "x")):
            return None
        size = 0
        for m in range(k, min(k + 3, n)):
            w = words[m]
            if w in after or w in roles or not _CJK.match(w):
                return None
            size += lengths[m]
            if size > 3:
                return None
            if size < 2:
                continue
            j = m + 1
            if not (j >= n or words[j] in after or words[j].isspace()
                    or tags[j] == "ns" and j + 1 < n and words[j + 1] in after):
                continue
            name = ctx.text[ctx.starts[k]:ctx.ends[m]]
            if (name not in self.person_deny and name not in self.places
                    and _HARD_FUNCTION.isdisjoint(name[1:])):
                return m
            return None
        return None

    def _kind_surname_title(self, ctx: "_DocContext", rule: PatternRule, out: list[Candidate]) -> None:
        """A surname alone before a title or after 老/小 (汤局长, 老于, 郑某): the surname is the mention."""
        words, tags = ctx.words, ctx.tags
        n = len(words)
        titles = self.surname_titles
        common = self._common_surnames
        for i in ctx.first_in(self._common_first_chars):
            w = words[i]
            c0 = w[0]
            if c0 in "老小":
                if (len(w) == 2 and tags[i] in ("x", "nr") and self.surnames.get(w[1]) == 1.0
                        and w not in self.person_deny):
                    out.append(Candidate(ctx.starts[i] + 1, ctx.ends[i], rule.label, rule.id, rule.priority))
                continue
            if self.surnames.get(c0) != 1.0:
                continue
            if len(w) == 1:
                if i + 1 < n and (words[i + 1] in titles) and not ctx.sent_start[i + 1]:
                    out.append(Candidate(ctx.starts[i], ctx.starts[i] + 1, rule.label, rule.id, rule.priority))
            elif len(w) in (2, 3) and w[1:] in titles and tags[i] in ("x", "n", "nr") and w not in self.person_deny:
                out.append(Candidate(ctx.starts[i], ctx.starts[i] + 1, rule.label, rule.id, rule.priority))

    def _score_cn(self, ctx, rule, out, start, end, name, base, first_tok, end_tok, threshold, sl=1,
                  glued_after=False) -> None:
        subject_bonus = rule.params.get("subject_bonus", 0.0)
        given_part = name[sl:]
        if not _CJK.match(given_part):
            return
        if start > 0 and ctx.text[start - 1] in _NUMERAL_CHARS:
            return  # 1400万字, 75万升, 三万铢: a number and its unit, not a name
        if not self.not_given.isdisjoint(given_part):
            # 记者姚均芳: a function character inside a given name is fine right after a title, when the
            # name is one unknown word that does not end with one (李咏以 is a glued character)
            if not (base >= 2.0 and len(given_part) == 2 and end_tok == first_tok + 1 and not glued_after
                    and given_part[-1] not in self.not_given and self._title_before(ctx, first_tok)):
                return
        if (name in self.person_deny or name in self.places or given_part in self.person_cues
                or given_part in self.person_titles):
            return
        score = base
        if self.given_chars.issuperset(given_part):
            score += 0.5
        elif self.translit.issuperset(name):
            score -= 1.0  # 雷吉纳, 莫里斯: reads as a transliterated foreign name
        if (len(given_part) == 2 and first_tok > 0 and start > 0 and not ctx.sent_start[first_tok]
                and ctx.text[start - 1] in self.translit and ctx.tags[first_tok - 1] in _FRAGMENT_BEFORE_TAGS
                and self.translit.issuperset(given_part)):
            return  # 威/ns 廉希尔: the tail of a longer transliteration (威廉希尔), not a Chinese name
        if len(given_part) == 2 and given_part[0] == "之":
            return  # 王之怒, 龙之谷: a phrase or a title
        words, tags = ctx.words, ctx.tags
        if (end_tok < len(words) and tags[end_tok] == "nrt" and not glued_after
                and self.translit.issuperset(name) and self.translit.issuperset(words[end_tok])):
            return  # 霍森/海姆: the head of a longer transliteration, not a Chinese name
        if (len(name) == 2 and first_tok > 0 and tags[first_tok - 1] == "ns" and not ctx.sent_start[first_tok]
                and not self._title_before(ctx, first_tok)):
            score -= 1.0  # 浙江柯桥, 上海金轩大公馆: right after a place name, a part of the address
        if given_part in _KIN_GIVEN:
            return  # 刘家, 张氏: a family, not a person
        if len(name) - sl == 2 and name[-1] in _PLACE_FINAL:
            score -= 1.0  # 张家口, 马驹桥: a place name
        if name[-1] in self.noun_finals and name[-1] not in self.given_chars:
            score -= 1.0  # 雷阵雨, 许可证: a common noun
        # the context bonuses only add: look at them only while the score is still short
        if sl == 1 and self.surnames.get(name[0], 1.0) == 0.0:
            if self._title_before(ctx, first_tok):
                score += 0.5  # title +1.5, rare surname -1
            elif len(given_part) == 2 and base >= 2.0 and end_tok == first_tok + 1:
                score -= 1.0  # 宣家鑫说: one unknown three-character word; a cue after will do
            else:
                return  # 云涌表示: with a surname that is also a common character, only a title will do
        elif score < threshold and self._title_before(ctx, first_tok):
            score += 1.5
        if score < threshold and not glued_after and (self._cue_soon(ctx, end_tok)
                                                      or self._speaker_colon(ctx, first_tok, end_tok)):
            score += 1.5
        if score < threshold and not glued_after and subject_bonus and self._subject_slot(ctx, first_tok, end_tok):
            score += subject_bonus  # ，陈冲的…: a name standing alone as the subject of a clause
        if score >= threshold:
            out.append(Candidate(start, end, rule.label, rule.id, rule.priority))

    def _kind_japanese_name(self, ctx: "_DocContext", rule: PatternRule, out: list[Candidate]) -> None:
        """Japanese names: a listed family name (lists/japanese_surnames) and a given name of one to
        three characters, in one word or cut into pieces (武村/正义, 谷口/清/太郎, 东条英机); the
        family name alone before a title or a speech verb (桥本首相, 桥本说)."""
        if self._ja_re is None:
            return
        words, tags = ctx.words, ctx.tags
        n = len(words)
        threshold = float(rule.params.get("threshold", 2.0))
        start_index = ctx.start_index
        for m in self._ja_re.finditer(ctx.text):  # a family name written at the start of a word
            i = start_index.get(m.start())
            if i is None:
                continue
            w = words[i]
            fam = w[:3] if w[:3] in self.ja_surnames else w[:2] if w[:2] in self.ja_surnames else None
            if fam is None or not _CJK.match(w) or w in self.person_deny or w in self.places:
                continue
            j = i + 1
            name = w
            if len(w) == len(fam):
                # given name in the next word(s): short content words, three characters at most
                while (j < n and not ctx.sent_start[j] and 1 <= len(words[j]) <= 2 and _CJK.match(words[j])
                       and tags[j] not in NOT_GIVEN_TAGS and words[j] not in self.person_cues
                       and words[j] not in self.person_titles
                       and (self.not_given.isdisjoint(words[j]) or self.ja_given.issuperset(words[j]))
                       and len(name) + len(words[j]) - len(fam) <= 3):
                    name += words[j]
                    j += 1
            given = name[len(fam):]
            if len(given) > 3 or not (self.not_given.isdisjoint(given) or self.ja_given.issuperset(given)):
                continue  # 太 and 一 are function words in Chinese, name characters in 龙太郎, 一郎
            score = 0.5 if not given else 1.0
            if given and self.ja_given.issuperset(given):
                score += 1.0
            if self._title_before(ctx, i):
                score += 1.5
            if self._cue_soon(ctx, j) or self._speaker_colon(ctx, i, j):
                score += 1.5
            elif given and self._subject_slot(ctx, i, j):
                score += 0.5
            if score >= threshold:
                out.append(Candidate(ctx.starts[i], ctx.ends[j - 1], rule.label, rule.id, rule.priority))

    def _translit_word(self, w: str) -> bool:
        return bool(w) and self.translit.issuperset(w) and (self._translit_cjk or bool(_CJK.match(w)))

    def _fragment(self, ctx: "_DocContext", k: int) -> bool:
        """Token k can continue a transliterated name jieba cut into pieces (科_n, 尔斯_nrt, 布尼亚_ns)."""
        w, tag = ctx.words[k], ctx.tags[k]
        if not self._translit_word(w) or w in self.places or w in self.person_deny:
            return False
        if len(w) == 1:
            # a last syllable cut off and tagged as a verb / adverb / locality word (萨蒂/希, 索斯盖/特)
            return tag in _SINGLE_FRAGMENT_TAGS or (w in self.translit_finals and tag in ("v", "d", "f"))
        return len(w) <= 3 and tag in ("x", "nr", "nrt", "ns", "nrfg")

    def _kind_foreign_name(self, ctx: "_DocContext", rule: PatternRule, out: list[Candidate]) -> None:
        words, tags = ctx.words, ctx.tags
        n = len(words)
        threshold = float(rule.params.get("threshold", 2.0))
        follow_words = rule.params.get("_follow", frozenset())
        not_after = rule.params.get("_not_after", frozenset())
        follow_tags = rule.params.get("_follow_tags", frozenset())
        not_follow = rule.params.get("_not_follow", frozenset())
        # name-tagged words of two characters or more; words jieba tags as places of three or more
        seeds = list(compress(range(n), map(le, map(_SEED_MIN_LEN.get, tags, repeat(99)), ctx.lengths)))
        skip_to = 0
        for i in seeds:
            if i < skip_to:
                continue
            w = words[i]
            tag = tags[i]
            if tag == "ns" and (len(w) < 3 or w in self.places or not self._title_before(ctx, i)):
                continue
            if not self._translit_word(w):
                continue
            first = i
            if i > 0 and not ctx.sent_start[i] and len(words[i - 1]) <= 2 and self._fragment(ctx, i - 1) \
                    and tags[i - 1] not in ("nrt", "nr", "x", "nrfg") or (i > 0 and len(words[i - 1]) == 1
                                                                          and self._fragment(ctx, i - 1)
                                                                          and not ctx.sent_start[i]):
                first = i - 1
            elif (i > 0 and not ctx.sent_start[i] and len(words[i - 1]) == 1 and tags[i - 1] in ("d", "v", "p")
                  and self._translit_word(words[i - 1]) and words[i - 1] not in self.person_deny
                  and (i == 1 or ctx.sent_start[i - 1] or words[i - 2] in _CLAUSE_OPEN)):
                first = i - 1  # ，莫/d 尔塔萨: the first syllable read as a function word at a clause start
            last = i
            while (last + 1 < n and not ctx.sent_start[last + 1] and self._fragment(ctx, last + 1)
                   and ctx.ends[last + 1] - ctx.starts[first] <= 8):
                last += 1
            name = ctx.text[ctx.starts[first]:ctx.ends[last]]
            if name in self.person_deny or name in self.places or len(name) > 8:
                skip_to = last + 1
                continue
            # Without a title before or a speech verb after, a transliterated word is as often a club,
            # a city or a brand as a person (precision 0.25 on CLUENER): the base never passes alone.
            # a word jieba tags as a place (巴拉克/ns, 扎加洛/ns) starts at 0: it needs a title before and
            # one more piece of evidence
            score = {"nrt": 1.0, "nr": 0.5, "nrfg": 0.5, "x": 0.5, "ns": 0.0}[tag]
            if tag == "ns" and (w in self.places or len(w) < 3):
                skip_to = i + 1
                continue
            if len(name) >= 3 and tag != "nrt":
                score += 0.5
            if last > first:
                score += 0.5
            if self._title_before(ctx, first):
                score += 1.5
            if (self._cue_soon(ctx, last + 1) or self._latin_paren_after(ctx, last + 1)
                    or self._speaker_colon(ctx, first, last + 1)):
                score += 1.5
            elif self._subject_slot(ctx, first, last + 1):
                score += 1.0  # 德罗巴和..., ，基恩也...: a bare transliteration as the subject of a clause
            elif (last + 1 < n and (words[last + 1] in follow_words or tags[last + 1] in follow_tags
                                    and words[last + 1] not in not_follow)
                  and not (first > 0 and words[first - 1] in not_after)):
                score += 1.0  # 琼斯等人, 罗纳多在…, 卡里姆、…: a word that follows a subject or a listed name
            if score >= threshold:
                out.append(Candidate(ctx.starts[first], ctx.ends[last], rule.label, rule.id, rule.priority))
            skip_to = last + 1

    def _kind_latin_name(self, ctx: "_DocContext", rule: PatternRule, out: list[Candidate]) -> None:
        for start, end, label in ctx.latin_sequences():
            if label == "PERSON":
                out.append(Candidate(start, end, rule.label, rule.id, rule.priority))
        for start, end in self._latin_listed_names(ctx):
            out.append(Candidate(start, end, rule.label, rule.id + ".list", rule.priority))
        if not ctx.latin_runs():
            return
        words = ctx.words
        follow = rule.params.get("_follow", frozenset())
        for i in compress(range(len(words)), map("eng".__eq__, ctx.tags)):
            w = words[i]
            # one Latin word (a handle or a lower-case name: filip, elaine, Infi) right after a title or
            # right before a speech verb: 选手Infi, 学生elaine说
            if (len(w) < 3 or not w.isalpha() or not w.isascii() or w.isupper()
                    or w in self.person_titles or w in self.acronym_deny or w in self.org_latin_suffixes
                    or self._latin_org_context(ctx, ctx.starts[i], ctx.ends[i])):
                continue
            if self._title_before(ctx, i) or (self._cue_after(ctx, i + 1) and (w[0].islower() or w in self.latin_given)):
                out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id + ".word", rule.priority))
            elif (follow and w[0].isupper() and not w[1:].isupper() and len(w) <= 12 and i + 1 < len(words)
                  and words[i + 1] in follow and (i == 0 or words[i - 1] not in ("《", "“"))
                  and (w in self.latin_given or ctx.is_sports(ctx.starts[i]))):
                # Grubby也…, Moon曾…: a capitalised handle followed by an adverb that follows a subject,
                # in a sentence about a game or a match (elsewhere it is as often a company: Square也…)
                out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id + ".word", rule.priority))

    def _latin_listed_names(self, ctx: "_DocContext") -> list[tuple[int, int]]:
        """Unclassified Latin names of two to four capitalised words listed with a person
        (Lena Okafor、Pieter Janssen、Rohan Mehta; A, B and C): a list holds one kind of thing."""
        seqs = ctx.latin_sequences()
        if len(seqs) < 2:
            return []
        text = ctx.text
        labels = [label for _s, _e, label in seqs]
        nameish = [label is None and 2 <= len(parts) <= 4 and all(p[0].isupper() and not p.isupper() for p in parts)
                   for label, parts in zip(labels, (text[s:e].split() for s, e, _l in seqs))]
        joined = [_LIST_GAP.fullmatch(text[seqs[k][1]:seqs[k + 1][0]]) is not None for k in range(len(seqs) - 1)]
        changed = True
        while changed:
            changed = False
            for k in range(len(seqs)):
                if labels[k] is None and nameish[k] and (
                        k > 0 and joined[k - 1] and labels[k - 1] == "PERSON"
                        or k + 1 < len(seqs) and joined[k] and labels[k + 1] == "PERSON"):
                    labels[k] = "PERSON"
                    changed = True
        return [(s, e) for (s, e, before), after in zip(seqs, labels) if before is None and after == "PERSON"]

    def _kind_latin_org(self, ctx: "_DocContext", rule: PatternRule, out: list[Candidate]) -> None:
        for start, end, label in ctx.latin_sequences():
            if label == "ORG":
                out.append(Candidate(start, end, rule.label, rule.id, rule.priority))

    def _latin_org_context(self, ctx: "_DocContext", start: int, end: int) -> bool:
        """The words around a Latin-script name make it a company or an outlet: a corporate word
        after it (股价, 上市, 财报, 旗下), a word ending with a kind of company before it (支付公司,
        科技巨头), or 据 … 报道 around it."""
        i = ctx.start_index.get(start)
        j = ctx.end_index.get(end)
        if i is None or j is None:
            return False
        words = ctx.words
        nxt = words[j + 1] if j + 1 < len(words) else ""
        if nxt.isspace() and j + 2 < len(words):
            nxt = words[j + 2]
        if nxt in self.latin_org_after:
            return True
        if i == 0 or ctx.sent_start[i]:
            return False
        prev = words[i - 1]
        if prev.isspace() and i > 1:
            prev = words[i - 2]
        if prev == "据" and nxt in self.report_words:
            return True
        if text_upper(ctx.text[start:end]):
            return False  # 运营商IPTV: an all-capital word after a kind of company is as often a service
        return any(length <= len(prev) and prev[-length:] in self.latin_org_before
                   for length in self._latin_org_before_lengths)

    def classify_latin(self, ctx: "_DocContext", start: int, end: int) -> tuple[int, int, str | None]:
        """Latin capitalised sequence -> (start, end, PERSON | ORG | None) after trimming titles."""
        text = ctx.text
        parts = text[start:end].split()
        if (len(parts) <= 2 and parts[0] not in self.acronym_deny and parts[0] not in self.latin_given
                and parts[-1] not in self.person_titles and self._latin_org_context(ctx, start, end)):
            return start, end, "ORG"  # Robinhood股价, 支付公司Square, 据Axios报道
        # leading titles / acronyms (CEO Tim Cook) are context, not part of the name
        titled = False
        while parts and (parts[0].isupper() and len(parts[0]) > 1 or parts[0].rstrip(".") in ("Mr", "Ms", "Mrs", "Dr", "Prof", "Sir", "The")):
            titled = titled or parts[0] in self.person_titles or parts[0].rstrip(".") in ("Mr", "Ms", "Mrs", "Dr", "Prof", "Sir")
            if len(parts) == 1:
                break
            start = text.index(parts[1], start + len(parts[0]))
            parts = parts[1:]
        if len(parts) == 1:
            camel = _CAMEL.match(parts[0])  # names written without spaces: LewisCarroll, JohnMilius
            if camel and camel.group(1) in self.latin_given and camel.group(2) not in self.org_latin_suffixes:
                return start, end, "PERSON"
        last = parts[-1].rstrip(".")
        if last in self.org_latin_suffixes and len(parts) >= 2:
            return start, end, "ORG"
        if any(p in ("of", "and", "for", "the", "&") for p in parts):
            return start, end, None
        first = parts[0].split("-")[0]
        lower_ok = all(p in self.particles or p[0].isupper() for p in parts)
        if not lower_ok or any(p.isupper() and len(p) > 1 for p in parts):
            return start, end, None
        if len(parts) >= 2 and (parts[0] in self.latin_given or first in self.latin_given):
            return start, end, "PERSON"
        i = ctx.start_index.get(start)
        j = ctx.end_index.get(end)
        titled = titled or (i is not None and self._title_before(ctx, i))
        # a speech verb after one unknown word is no evidence: companies speak too (Coinbase表示)
        context = titled or (len(parts) > 1 and j is not None and self._cue_after(ctx, j + 1))
        if context and len(parts) <= 4:
            return start, end, "PERSON"
        return start, end, None

    # ------------------------------------------------------------------------------------------
    # ORG / EVENT

    def _head_of(self, word: str, heads, lengths, finals) -> str | None:
        if word[-1] not in finals:
            return None
        for length in lengths:
            if length <= len(word) and word[-length:] in heads:
                return word[-length:]
        return None

    def _modifier_ok(self, ctx: "_DocContext", k: int) -> bool:
        w = ctx.words[k]
        if w in self.org_stop or ctx.tags[k] not in MODIFIER_TAGS or not w.isalnum():
            return False
        return not (w in self.person_titles)

    def _extend_left(self, ctx: "_DocContext", i: int, max_tokens: int, whole: bool = False) -> int:
        """First token of the organisation ending at token i. ``whole``: token i is an organisation
        name jieba knows whole (民进党/nt, 农委会/nt): only a place or another organisation may come
        before it (美国/民主党), not the verb or adverb of the clause (痛批/民进党, 监督/农委会)."""
        k = i
        while k > 0 and i - k + 1 < max_tokens and not ctx.sent_start[k] and self._modifier_ok(ctx, k - 1):
            if whole and ctx.tags[k - 1] not in _WHOLE_ORG_MODIFIERS:
                break
            k -= 1
        return k

    def _kind_org_head(self, ctx: "_DocContext", rule: PatternRule, out: list[Candidate]) -> None:
        words, tags = ctx.words, ctx.tags
        max_tokens = int(rule.params.get("max_tokens", 7))
        finals = self.org_head_finals
        org_head_cache = self._org_head_cache
        for i in ctx.last_in(self._org_final_chars):
            w = words[i]
            head = org_head_cache.get(w, False)
            if head is False:
                if len(org_head_cache) > 200_000:
                    org_head_cache.clear()
                head = org_head_cache[w] = self._head_of(w, self.org_heads, self.org_head_lengths, finals)
            if head is None:
                continue
            strong = self.org_heads[head] == "strong"
            tag = tags[i]
            alone = len(w) == len(head)
            if not alone:
                if w in self.org_deny or w in self.person_titles:
                    continue  # 率队, 立委 (a legislator), 常委: not an organisation
                if not strong and tag not in ("nt", "j"):
                    continue
            k = self._extend_left(ctx, i, max_tokens, whole=not alone and tag == "nt")
            while k < i - 1 and self._name_word(ctx, k):
                k += 1  # 王耀强/乌审旗/建设局: a person's name written before an organisation is not part of it
            if alone and k == i:
                continue
            if alone and not strong and (tags[i - 1] not in PROPER_TAGS or tags[i - 1] in ("nr", "nrfg", "nrt")
                                         or tag not in ("n", "ng", "nt", "nz", "j")):
                continue  # 丁东/nr 所/c 言: a weak head alone needs a noun reading and a non-person modifier
            if head in _PERSONAL_HEADS and i > 0 and tags[i - 1] in ("nr", "nrt", "nrfg"):
                continue  # 克林顿政府: the person's administration; the mention is the person
            proper = any(tags[t] in PROPER_TAGS or t in ctx.gaz_tokens for t in range(k, i)) or (
                not alone and (tag in ("nt", "nz", "x", "j", "ns") or w[:-len(head)] in self.places))
            # 智利队/n, 沙特队/n: a dictionary word made of a country or place and a head noun
            if not proper:
                continue
            start, end = ctx.starts[k], ctx.ends[i]
            if ctx.text[start:end] in self.org_deny:
                continue
            out.append(Candidate(start, end, rule.label, rule.id, rule.priority))

    def _name_word(self, ctx: "_DocContext", k: int) -> bool:
        """Token k reads as a Chinese personal name: an unknown or name-tagged word of 3 characters
        starting with a common surname and not a known organisation word."""
        w = ctx.words[k]
        return (len(w) == 3 and ctx.tags[k] in ("x", "nr", "nrfg") and self.surnames.get(w[0]) == 1.0
                and k not in ctx.gaz_tokens and self.not_given.isdisjoint(w[1:]) and w not in self.person_deny
                and not self.translit.issuperset(w))

    def _kind_org_tag(self, ctx: "_DocContext", rule: PatternRule, out: list[Candidate]) -> None:
        words, tags = ctx.words, ctx.tags
        for i, w in enumerate(words):
            tag = tags[i]
            if tag == "nt" and w not in self.org_deny and len(w) >= 2:
                out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id, rule.priority))
            elif tag == "j" and len(w) >= 2 and w[-1] in "行委会局部军署社所院航视联" and w not in self.org_deny:
                out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id + ".abbrev", rule.priority))

    def _kind_sports_team(self, ctx: "_DocContext", rule: PatternRule, out: list[Candidate]) -> None:
        words, tags = ctx.words, ctx.tags
        if not ctx.sports_sents:
            return
        for i, w in enumerate(words):
            if (tags[i] == "ns" and len(w) >= 2 and ctx.sent_of[i] in ctx.sports_sents and w not in self.countries
                    and all(ch in self.translit for ch in w)):
                out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id, rule.priority))

    def _kind_event_head(self, ctx: "_DocContext", rule: PatternRule, out: list[Candidate]) -> None:
        words, tags = ctx.words, ctx.tags
        max_tokens = int(rule.params.get("max_tokens", 6))
        finals = self.event_head_finals
        for i in ctx.last_in(self._event_final_chars):
            w = words[i]
            head = self._head_of(w, self.event_heads, self.event_head_lengths, finals)
            if head is None:
                continue
            alone = len(w) == len(head)
            k = self._extend_left(ctx, i, max_tokens)
            if alone and k == i:
                continue
            proper = any(tags[t] in PROPER_TAGS or t in ctx.gaz_tokens for t in range(k, i + 1))
            if not proper:
                continue
            out.append(Candidate(ctx.starts[k], ctx.ends[i], rule.label, rule.id, rule.priority))

    def _kind_regex(self, ctx: "_DocContext", rule: PatternRule, out: list[Candidate]) -> None:
        regex: re.Pattern = rule.params["compiled"]
        alias_group = rule.params.get("alias_group")
        prefixes = rule.params.get("prefix_words")
        text = ctx.text
        if rule.params.get("scope") == "latin":
            # only around Latin text: the pattern may look 8 characters past the run (XYZ集团)
            found = (m for a, b in ctx.latin_runs() for m in regex.finditer(text, a, min(len(text), b + 8))
                     if m.start() < b)
        else:
            found = regex.finditer(text)
        for m in found:
            s, e = m.span("name")
            if s < 0 or s == e:
                continue
            if prefixes:
                for length in rule.params["prefix_lengths"]:
                    if length <= s and text[s - length:s] in prefixes:
                        s -= length
                        break
            if rule.params.get("tokens") and (s not in ctx.start_index or e not in ctx.end_index):
                continue
            aliases = ()
            if alias_group and m.group(alias_group):
                aliases = (m.group(alias_group),)
            out.append(Candidate(s, e, rule.label, rule.id, rule.priority, None, aliases))

    # ------------------------------------------------------------------------------------------
    # linking rules (run on the winners of the overlap resolution)

    def _person_like(self, ctx: "_DocContext", k: int) -> bool:
        w, tag = ctx.words[k], ctx.tags[k]
        if not _CJK.match(w) or w in self.person_deny or w in self.places or len(w) > 6 or len(w) < 2:
            return False
        if tag in ("nrt", "nrfg"):
            return True
        if tag in ("x", "nr"):
            return (w[0] in self.surnames and len(w) <= 3) or all(ch in self.translit for ch in w)
        if tag == "ns":  # jieba tags many transliterated names as places; listed with a person, they are people
            return len(w) >= 3 and all(ch in self.translit for ch in w)
        return False

    def _link_coordination(self, ctx: "_DocContext", rule: PatternRule, winners: list[Candidate]) -> None:
        """Names listed with a person (邓小平、江泽民; 亨特和琼斯) are people too."""
        words = ctx.words
        n = len(words)
        queue = [c for c in winners if c.label == "PERSON"]
        while queue:
            cand = queue.pop()
            i = ctx.start_index.get(cand.start)
            j = ctx.end_index.get(cand.end)
            for k, sep in ((None if i is None else i - 2, None if i is None else i - 1),
                           (None if j is None else j + 2, None if j is None else j + 1)):
                if k is None or sep is None or k < 0 or k >= n or words[sep] not in _COORD:
                    continue
                if not self._person_like(ctx, k):
                    continue
                s, e = ctx.starts[k], ctx.ends[k]
                if 1 in ctx.taken[s:e]:
                    continue
                new = Candidate(s, e, "PERSON", rule.id, rule.priority)
                ctx.taken[s:e] = b"\x01" * (e - s)
                winners.append(new)
                queue.append(new)

    def _link_paren_alias(self, ctx: "_DocContext", rule: PatternRule, winners: list[Candidate]) -> None:
        self._parens(ctx, winners, rename=False, rule=rule)

    def _link_rename(self, ctx: "_DocContext", rule: PatternRule, winners: list[Candidate]) -> None:
        self._parens(ctx, winners, rename=True, rule=rule)

    def _parens(self, ctx: "_DocContext", winners: list[Candidate], rename: bool, rule: PatternRule) -> None:
        text = ctx.text
        by_start = {c.start: c for c in winners}
        if rename:
            self._rename_before(ctx, winners, rule, by_start)
        for cand in list(winners):
            m = _PAREN.match(text, cand.end)
            if not m:
                continue
            inner = m.group(1).strip()
            s = m.start(1) + m.group(1).index(inner)
            if rename:
                rm = _RENAME.match(inner)
                if not rm or cand.label != "ORG":
                    continue
                target = rm.group(1).strip()
                s = s + inner.index(target)
                inner = target
                rule_id = rule.id
            else:
                if _RENAME.match(inner):
                    continue
                name = text[cand.start:cand.end]
                latin_inner = bool(_LATINISH.match(inner))
                if is_latin(name) == latin_inner:
                    continue
                if not latin_inner and not _CJK.match(_DOT_RE.sub("", inner)):
                    continue
                if latin_inner and (inner.isupper() and cand.label == "PERSON" or len(inner) < 2):
                    continue
                if latin_inner and inner.lower() == inner and cand.label == "PERSON" and _HAS_CJK.search(name) \
                        and not all(ch in self.translit or ch in self.dots for ch in name):
                    continue  # a Chinese name followed by lower-case Latin: not its original
                rule_id = rule.id
            e = s + len(inner)
            existing = by_start.get(s)
            if existing is not None and existing.end == e:
                existing.aliases = tuple(dict.fromkeys(existing.aliases + (text[cand.start:cand.end],)))
                existing.label = cand.label
            elif 1 in ctx.taken[s:e]:
                continue
            else:
                new = Candidate(s, e, cand.label, rule_id, rule.priority, None, (text[cand.start:cand.end],))
                ctx.taken[s:e] = b"\x01" * (e - s)
                winners.append(new)
                by_start[s] = new
            cand.aliases = tuple(dict.fromkeys(cand.aliases + (inner,)))

    def _rename_before(self, ctx: "_DocContext", winners: list[Candidate], rule: PatternRule,
                       by_start: dict[int, Candidate]) -> None:
        """``X（原Y）`` where only Y was recognised: the words right before the bracket are the new name."""
        text = ctx.text
        if "原" in text or "前身" in text or "旧称" in text:
            for m in _RENAME_PAREN.finditer(text):
                s, e = m.span(1)
                if s in by_start or 1 in ctx.taken[s:e]:
                    continue
                inner = m.group(1)
                if is_latin(inner) or self._head_of(inner, self.org_heads, self.org_head_lengths, self.org_head_finals):
                    new = Candidate(s, e, "ORG", rule.id, rule.priority)
                    ctx.taken[s:e] = b"\x01" * (e - s)
                    winners.append(new)
                    by_start[s] = new
        for cand in list(winners):
            if cand.label != "ORG" or cand.start < 3:
                continue
            head = text[max(0, cand.start - 6):cand.start]
            m = re.search(r"[（(][ \t]*(?:原|原名|前身为|前称|旧称|原称)[:：]?[ \t]*$", head)
            if not m:
                continue
            paren = cand.start - (len(head) - m.start())
            j = ctx.end_index.get(paren)
            if j is None or j in by_start or 1 in ctx.taken[ctx.starts[j]:paren]:
                continue
            w = ctx.words[j]
            if not w.isalnum() or w in self.org_stop:
                continue
            k = self._extend_left(ctx, j, 4)
            s = ctx.starts[k]
            if 1 in ctx.taken[s:paren]:
                s = ctx.starts[j]
            new = Candidate(s, paren, "ORG", rule.id, rule.priority, None, (text[cand.start:cand.end],))
            ctx.taken[s:paren] = b"\x01" * (paren - s)
            winners.append(new)
            by_start[s] = new
            cand.aliases = tuple(dict.fromkeys(cand.aliases + (text[s:paren],)))

    def _nicknames(self, ctx: "_DocContext", winners: list[Candidate]) -> dict[str, tuple[str, tuple[str, ...], str]]:
        """Nicknames the press makes from a name found in the document: 小 / 老 + the first character
        of the family name (小扎 for 马克·扎克伯格, 老黄 for 黄仁勋), when only one person found there
        gives that nickname."""
        text = ctx.text
        if "小" not in text and "老" not in text:
            return {}
        owners: dict[str, set[str]] = {}
        for cand in winners:
            if cand.label != "PERSON":
                continue
            name = text[cand.start:cand.end]
            if is_latin(name) or not _HAS_CJK.match(name):
                continue
            parts = [p for p in _DOT_RE.split(name) if p]
            family = parts[-1][0] if len(parts) >= 2 else name[0] if 2 <= len(name) <= 3 else None
            if family is None or not _CJK.match(family):
                continue
            for prefix in "小老":
                owners.setdefault(prefix + family, set()).add(name)
        return {nick: ("PERSON", (next(iter(names)),), "") for nick, names in owners.items()
                if len(names) == 1 and nick in text and self._nickname_word(ctx, nick)}

    def _nickname_word(self, ctx: "_DocContext", nick: str) -> bool:
        """Every occurrence of the nickname is a word of its own that the dictionary does not know
        under another tag (小扎/x; 小麦/n is wheat)."""
        pos = ctx.text.find(nick)
        while pos >= 0:
            i = ctx.start_index.get(pos)
            if i is None or ctx.words[i] != nick or ctx.tags[i] not in NAME_TAGS:
                return False
            pos = ctx.text.find(nick, pos + len(nick))
        return True

    def _link_repeat(self, ctx: "_DocContext", rule: PatternRule, winners: list[Candidate]) -> None:
        """Later mentions of names found in the document: the full form again, or a short form."""
        text = ctx.text
        forms: dict[str, tuple[str, tuple[str, ...], str]] = {}
        for cand in winners:
            if cand.label == "EVENT":
                continue
            name = text[cand.start:cand.end]
            if len(name) < 2:
                continue
            if not cand.rule_id.startswith("gazetteer:"):
                forms.setdefault(name, (cand.label, (), cand.canonical or ""))
            if cand.label == "PERSON":
                parts = [p for p in _DOT_RE.split(name) if p]
                if (len(parts) >= 2 and len(parts[-1]) >= 2 and not is_latin(name)
                        and self.translit.issuperset(parts[-1])):  # not 武汉·政务 -> every 政务
                    forms.setdefault(parts[-1], ("PERSON", (name,), cand.canonical or ""))
                elif is_latin(name):
                    words = name.split()
                    if len(words) >= 2 and len(words[-1]) >= 3 and words[-1][0].isupper():
                        forms.setdefault(words[-1], ("PERSON", (name,), cand.canonical or ""))
        for nick, hit in self._nicknames(ctx, winners).items():
            forms.setdefault(nick, hit)
        for cand in winners:
            if cand.label == "PERSON" and not cand.aliases:
                hit = forms.get(text[cand.start:cand.end])
                if hit is not None and hit[1]:
                    cand.aliases = hit[1]
                    cand.canonical = cand.canonical or hit[2] or None
        for form, (label, aliases, canonical) in forms.items():
            latin = is_latin(form)
            pos = text.find(form)
            while pos >= 0:
                end = pos + len(form)
                ok = 1 not in ctx.taken[pos:end]
                if ok:
                    if latin:
                        ok = not (pos > 0 and text[pos - 1].isalnum() and text[pos - 1].isascii()) and not (
                            end < len(text) and text[end].isalnum() and text[end].isascii())
                    else:
                        ok = pos in ctx.start_index and end in ctx.end_index
                if ok:
                    ctx.taken[pos:end] = b"\x01" * (end - pos)
                    winners.append(Candidate(pos, end, label, rule.id if not aliases else rule.id + ".short",
                                             rule.priority, canonical or None, aliases))
                pos = text.find(form, end)


class _OffsetIndex:
    """Which word starts (or ends) at a character offset: ``get(offset)`` and ``offset in index``.

    A binary search over the sorted offsets: building a dict of a million offsets per 5 MB would cost
    more than the few lookups per candidate that read it."""

    __slots__ = ("offsets",)

    def __init__(self, offsets: list[int]):
        self.offsets = offsets

    def get(self, offset: int) -> int | None:
        i = bisect_left(self.offsets, offset)
        return i if i < len(self.offsets) and self.offsets[i] == offset else None

    def __contains__(self, offset: int) -> bool:
        return self.get(offset) is not None


class _DocContext:
    """Per-document arrays the matchers share: words, tags, offsets, sentence ids."""

    __slots__ = ("text", "words", "tags", "starts", "ends", "start_index", "end_index", "sent_start",
                 "_sent_of", "_sports", "taken", "_latin", "_x", "gaz_tokens", "_runs", "_codes", "_firsts", "_lasts",
                 "lengths")

    def __init__(self, doc: "Doc | Tokens", x: EntityExtractor):
        if isinstance(doc, Tokens):  # the plain columns, nothing to convert
            self._columns(doc.text, doc.words, doc.tags, doc.sent_starts, doc.starts, x)  # read, never changed
            return
        # Column access is several times cheaper than creating a spaCy Token per word (doc.text and
        # iterating the doc both do).
        strings = doc.vocab.strings
        if len(doc):
            cols = doc.to_array(["ORTH", "SPACY", "TAG"]).tolist()
        else:
            cols = []
        words = [strings[o] for o, _sp, _t in cols]
        tag_ids = [t for _o, _sp, t in cols]
        if any(sp for _o, sp, _t in cols):
            text = "".join(w + (" " if sp else "") for w, (_o, sp, _t) in zip(words, cols))
            idx = []
            pos = 0
            for w, (_o, sp, _t) in zip(words, cols):
                idx.append(pos)
                pos += len(w) + (1 if sp else 0)
        else:
            text = "".join(words)
            idx = None
        self.text = text
        tag_cache = _TAG_CACHE
        tags = []
        for t in tag_ids:
            tag = tag_cache.get(t)
            if tag is None:
                tag = tag_cache[t] = strings[t] if t else ""
            tags.append(tag)
        # The segmenter's own sentence rule (the same one that set doc's sentence starts).
        sent_start = sentence_starts(words) if words else []
        self._columns(text, words, tags, sent_start, idx, x)

    def _columns(self, text: str, words: list[str], tags: list[str], sent_start: list[bool],
                 idx: list[int] | None, x: EntityExtractor) -> None:
        self.text = text
        self.words, self.tags, self.sent_start = words, tags, sent_start
        lengths = list(map(len, words))
        if idx is None:
            ends = list(accumulate(lengths))
            starts = [0, *ends[:-1]] if ends else []
        else:
            starts = idx
            ends = list(map(add, idx, lengths))
        self.starts, self.ends, self.lengths = starts, ends, lengths
        self._sent_of: list[int] | None = None
        self.start_index = _OffsetIndex(starts)
        self.end_index = _OffsetIndex(ends)
        self._sports: set[int] | None = None
        self.taken = bytearray(len(self.text))
        self.gaz_tokens: set[int] = set()
        self._latin: list[tuple[int, int, str | None]] | None = None
        self._runs: list[tuple[int, int]] | None = None
        self._codes: np.ndarray | None = None
        self._firsts: np.ndarray | None = None
        self._lasts: np.ndarray | None = None
        self._x = x

    def _code_points_at(self, offsets: list[int], shift: int = 0) -> np.ndarray:
        """Code points of the characters at ``offsets`` (+ ``shift``), all at once."""
        if self._codes is None:
            self._codes = np.frombuffer(self.text.encode("utf-32-le"), dtype=np.uint32)
        return self._codes[np.array(offsets, dtype=np.int64) + shift]

    def first_in(self, char_class: np.ndarray) -> list[int]:
        """Indices of the words whose first character is in ``char_class`` (ascending)."""
        if self._firsts is None:
            self._firsts = self._code_points_at(self.starts)
        return np.flatnonzero(char_class[self._firsts]).tolist()

    def last_in(self, char_class: np.ndarray) -> list[int]:
        """Indices of the words whose last character is in ``char_class`` (ascending)."""
        if self._lasts is None:
            self._lasts = self._code_points_at(self.ends, -1)
        return np.flatnonzero(char_class[self._lasts]).tolist()

    def token_at(self, char: int) -> int:
        return bisect_right(self.starts, char) - 1

    @property
    def sent_of(self) -> list[int]:
        """Sentence number of each word (computed on first use: only the sports tests read it)."""
        if self._sent_of is None:
            self._sent_of = list(accumulate(self.sent_start, initial=-1))[1:]
        return self._sent_of

    @property
    def sports_sents(self) -> set[int]:
        """Sentences holding a word of lists/sports_cues (computed on first use)."""
        if self._sports is None:
            cues, words, sent_of = self._x.sports_cues, self.words, self.sent_of
            self._sports = {sent_of[i] for i in compress(range(len(words)), map(cues.__contains__, words))}
        return self._sports

    def is_sports(self, char: int) -> bool:
        if not self.sports_sents:
            return False
        return self.sent_of[self.token_at(char)] in self.sports_sents

    def latin_runs(self) -> list[tuple[int, int]]:
        """Stretches of Latin-script text: Latin-only matchers search inside these (rare in Chinese news)."""
        if self._runs is None:
            self._runs = [m.span() for m in _LATIN_RUN.finditer(self.text)]
        return self._runs

    def latin_sequences(self) -> list[tuple[int, int, str | None]]:
        if self._latin is None:
            found = []
            for m in (m for a, b in self.latin_runs() for m in self._x._latin_seq.finditer(self.text, a, b)):
                found.append(self._x.classify_latin(self, m.start(1), m.end(1)))
            self._latin = found
        return self._latin


# ------------------------------------------------------------------------------------------------
# canonical entities across a corpus


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, key: Any) -> Any:
        parent = self.parent
        parent.setdefault(key, key)
        root = key
        while parent[root] != root:
            root = parent[root]
        while parent[key] != root:
            parent[key], key = root, parent[key]
        return root

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if str(rb) < str(ra):
                ra, rb = rb, ra
            self.parent[rb] = ra


_ORG_GENERIC = ("股份有限公司", "有限责任公司", "有限公司", "公司", "集团")


def _short_form_of(short: str, full: str, label: str) -> bool:
    """``short`` is a later short mention of ``full`` (纳德拉 / 萨提亚·纳德拉, Hinton / Geoffrey Hinton)."""
    if short == full or len(short) >= len(full):
        return False
    if label == "PERSON":
        if is_latin(full):
            words = full.casefold().split()
            return len(words) >= 2 and short.casefold() in (words[-1], words[0]) and len(short) >= 3
        parts = [p for p in _DOT_RE.split(full) if p]
        if len(parts) >= 2:
            return short in (parts[-1], parts[0]) and len(short) >= 2
        return False
    if label == "ORG":
        for suffix in _ORG_GENERIC:
            if full.endswith(suffix) and full[: -len(suffix)] == short:
                return True
    return False


def entity_id_for(label: str, canonical_name: str, key: str | None = None) -> str:
    """Stable id of an entity: its label and the ``form_key`` of its canonical name (``key`` when
    the caller has it already)."""
    key = form_key(canonical_name) if key is None else key
    digest = hashlib.sha1(f"{label}\0{key}".encode("utf-8")).hexdigest()[:10]
    return f"{LABEL_PREFIX.get(label, label[:3])}-{digest}"


def document_links(mentions: Iterable[tuple[str, str, str, Any, Any]]) -> tuple[list[str], list[tuple[str, str]]]:
    """The linking evidence of one document, computed where the document is processed.

    ``mentions`` are (text, text_simplified, label, canonical, aliases) in text order. Returns each
    mention's node (label + the key its simplified form shares with other spellings, see
    ``form_key``) and the pairs of nodes the document says are one thing: a gazetteer canonical
    name, an alias recorded by a rule (a name in parentheses, a rename), and a later short mention
    that is the surname / last part of an earlier full name (纳德拉 after 萨提亚·纳德拉)."""
    nodes: list[str] = []
    links: list[tuple[str, str]] = []
    # per label: the full forms seen so far (in order), and which of them a short form could
    # shorten (key: the short form, case-folded for Latin names) -> positions in that order
    recent: dict[str, tuple[list[str], set[str], dict[str, list[int]]]] = {}
    for text, simple, label, canonical, aliases in mentions:
        if not (isinstance(simple, str) and simple):
            simple = to_simplified(str(text))
        node = _node(label, simple)
        nodes.append(node)
        if isinstance(canonical, str) and canonical:
            cnode = f"{label}\x1fC\x1f{canonical}"
            links.append((cnode, node))
            links.append((cnode, _node(label, to_simplified(canonical))))
        for alias in _as_tuple(aliases):
            links.append((node, _node(label, to_simplified(alias))))
        state = recent.get(label)
        if state is None:
            state = recent[label] = ([], set(), {})
        earlier, seen, shorts = state
        if shorts:
            found = shorts.get(simple, [])
            folded = simple.casefold()
            if folded != simple:
                found = found + shorts.get(folded, [])
            for pos in sorted(set(found), reverse=True):
                if _short_form_of(simple, earlier[pos], label):
                    links.append((node, _node(label, earlier[pos])))
                    break
        if simple not in seen:
            seen.add(simple)
            for short in _short_keys(simple, label):
                shorts.setdefault(short, []).append(len(earlier))
            earlier.append(simple)
    return nodes, links


_DESCRIPTION = re.compile("的|了|所谓|专注于|负责|旗下|以及")


def _descriptive(form: str) -> bool:
    """A phrase that describes rather than names (专注于元宇宙的部门, 负责芯片的团队): long, or
    holding a function word no name has."""
    return len(form) > 16 or (not is_latin(form) and bool(_DESCRIPTION.search(form)))


def _node(label: str, simple: str) -> str:
    return f"{label}\x1fF\x1f{form_key(simple)}"


def link_entities(doc_ids: list, texts: list, simples: list, labels: list, canonicals: list, aliases: list,
                  nodes: list[str], links: Iterable[tuple[str, str]]):
    """Join the mentions of a whole batch into entities.

    Columns are parallel lists, one item per mention (``nodes`` from ``document_links``); ``links``
    are the node pairs of every document. Two mentions are one entity when their nodes are
    connected: the same simplified form (Latin case-insensitively) joins across documents, and
    a gazetteer canonical name joins every spelling of it. Returns (entity_id per mention,
    canonical_name per mention, the entities table). Deterministic: a component's root is its
    smallest node, and ``entity_id`` depends only on the label and the canonical name."""
    import pandas as pd

    uf = _UnionFind()
    for a, b in sorted(set(links)):
        uf.union(a, b)
    find = uf.find
    root_of = {node: find(node) for node in set(nodes)}
    roots = list(map(root_of.__getitem__, nodes))
    simples = [s if isinstance(s, str) and s else to_simplified(str(t)) for s, t in zip(simples, texts)]
    # per-entity tallies as whole-column counts (C speed), then one short loop over the entities
    label_of = dict(zip(roots, labels))
    mention_counts = Counter(roots)
    doc_counts = Counter(map(itemgetter(0), set(zip(roots, doc_ids))))
    form_counts: dict[str, dict[str, int]] = {}
    for (root, simple), count in Counter(zip(roots, simples)).items():
        form_counts.setdefault(root, {})[simple] = count
    canon_counts: dict[str, dict[str, int]] = {}
    for (root, canonical), count in Counter(zip(roots, canonicals)).items():
        if isinstance(canonical, str) and canonical:
            canon_counts.setdefault(root, {})[canonical] = count
    surfaces: dict[str, set[str]] = {}
    # the simplified form is usually the very same string as the original (build_rows shares it)
    pairs = set(zip(roots, texts))
    pairs.update(compress(zip(roots, simples), map(is_not, simples, texts)))
    for root, surface in pairs:
        surfaces.setdefault(root, set()).add(str(surface))
    for root, forms in set(zip(roots, aliases)):
        if forms:
            surfaces[root].update(a for a in _as_tuple(forms) if a)
    key_of = dict(zip(simples, nodes))  # simplified form -> its node (label + form_key)
    ids: dict[tuple[str, str], str] = {}
    canonical_of_root: dict[str, str] = {}
    entity_rows = []
    for root, label in label_of.items():
        forms = form_counts[root]
        canons = canon_counts.get(root)
        if canons:
            name = min(canons, key=lambda c: (-canons[c], c))
            surfaces[root].update(canons)
        elif len(forms) == 1:
            name = next(iter(forms))
        else:
            has_cjk = any(not is_latin(f) for f in forms)
            # the most complete proper name, never a description (专注于…的部门) when a name is there
            name = min(forms, key=lambda f: (_descriptive(f), has_cjk and is_latin(f), -len(_DOT_RE.sub("", f)),
                                             -forms[f], f))
        canonical_of_root[root] = name
        entity_id = ids.get((label, name))
        if entity_id is None:
            key = None if canons else key_of[name].split("\x1f", 2)[2]
            entity_id = ids[(label, name)] = entity_id_for(label, name, key)
        names_seen = surfaces[root]
        names_seen.discard("")
        entity_rows.append((entity_id, label, name, "|".join(sorted(names_seen)), mention_counts[root],
                            doc_counts[root]))
    names = [canonical_of_root[r] for r in roots]
    entity_ids = [ids[(label, name)] for label, name in zip(labels, names)]
    entities = pd.DataFrame.from_records(entity_rows, columns=["entity_id", "label", "canonical_name", "aliases",
                                                               "mention_count", "doc_count"])
    if len(entities):
        entities = entities.sort_values(["label", "canonical_name", "entity_id"], kind="stable").reset_index(drop=True)
    entities["mention_count"] = entities["mention_count"].astype("int64")
    entities["doc_count"] = entities["doc_count"].astype("int64")
    return entity_ids, names, entities


def link_mentions(mentions):
    """Give every mention (a DataFrame with doc_id, text, text_simplified, label, canonical and
    aliases, in text order within each document) an ``entity_id`` and ``canonical_name``; build
    the entities table. ``document_links`` per document, then ``link_entities`` over all."""
    df = mentions.reset_index(drop=True).copy()
    columns = [df[c].tolist() for c in ("doc_id", "text", "text_simplified", "label", "canonical", "aliases")]
    doc_ids, texts, simples, labels, canonicals, aliases = columns
    aliases = [_as_tuple(a) for a in aliases]
    by_doc: dict[Any, list[int]] = {}
    for i, doc_id in enumerate(doc_ids):
        by_doc.setdefault(doc_id, []).append(i)
    nodes: list[str] = [""] * len(df)
    links: list[tuple[str, str]] = []
    for rows in by_doc.values():
        doc_nodes, doc_links = document_links((texts[i], simples[i], labels[i], canonicals[i], aliases[i]) for i in rows)
        for i, node in zip(rows, doc_nodes):
            nodes[i] = node
        links.extend(doc_links)
    entity_ids, names, entities = link_entities(doc_ids, texts, simples, labels, canonicals, aliases, nodes, links)
    df["canonical_name"] = names
    df["entity_id"] = entity_ids
    return df, entities


def _short_keys(full: str, label: str) -> list[str]:
    """The short forms ``_short_form_of`` may accept for ``full`` (Latin ones case-folded): an index,
    each hit is still checked with ``_short_form_of``."""
    if label == "PERSON":
        if is_latin(full):
            words = full.casefold().split()
            return [words[-1], words[0]] if len(words) >= 2 else []
        parts = [p for p in _DOT_RE.split(full) if p]
        return [parts[-1], parts[0]] if len(parts) >= 2 else []
    if label == "ORG":
        return [full[: -len(suffix)] for suffix in _ORG_GENERIC if full.endswith(suffix)]
    return []


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v for v in value.split("|") if v)
    try:
        return tuple(str(v) for v in value)
    except TypeError:
        return ()
