"""Event stage: who left, joined, founded, released, reorganised, when.

Rules live in ``rules/events/`` (format: ``rules/events/README.md``):

- ``types.yaml``   event types, their triggers, where each argument stands relative to the trigger
                   (``frame``), the entity labels a role accepts and the conditions a trigger needs;
- ``guards.yaml``  modality guards (negation, questions and conditionals, plans, denials);
- ``lexicon.yaml`` word lists the two files above and the phrase chunker use.

How one document is processed:

1. One compiled regular expression over ``doc.text`` finds trigger candidates (the prefilter: a
   document without a trigger costs one regex scan). A candidate must coincide with jieba word
   boundaries ("上市公司" is no 上市, "发布会" no 发布), and conditions that string tests decide
   (由…负责, a context word) are checked before its sentence is analysed.
2. For the sentence of each candidate the tokens are classified once (nominal, adverbial,
   preposition, time, punctuation...) from the jieba dictionary tag and the word lists.
3. Left of the trigger, in its clause, adverbials, time words and prepositional phrases are skipped
   to reach the subject ("华为 | 将 在德国慕尼黑 正式 | 发布"); 被 X / 由 X / 从 X / 与 X phrases are
   kept as arguments; "X 的 trigger" gives the possessor ("他的离职"). Right of it the object, a
   "trigger 的 X" head ("刚发布的 Note 10") or "trigger 到/为 X" phrase is read. A clause without a
   subject borrows the subject of the previous clause of the sentence (topic chains).
4. The frame of the trigger maps these positions to roles; noun phrases are split at
   coordinations ("A 和 B 共同创立" -> two persons) and a person phrase is decomposed into
   organisation + title + name ("前百度研究员 张三": org 百度 left, role 研究员).
5. Guards set the modality; the date nearest the trigger in its clause, else the nearest one before
   it in its sentence, is attached; mentions of the same event in one document are merged.

The stage reads the Doc through ``to_array`` columns, never through Token objects (creating them
costs more than the whole stage); see ``pipeline.eval_events.speed`` for the time budget.

Argument spans follow the news text: a person argument is the full mention with its apposition
("宁波富达董事长庄立峰"); ``entity_index`` points at the PERSON/ORG match inside it when there is one.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:  # spaCy is only needed when a Doc is passed in (the batch passes Tokens)
    from spacy.tokens import Doc

from .records import DateMatch, EntityMatch, EventArgument, EventMatch
from .rules import LINE_KEY, RuleError, load_yaml, require_keys
from .segment import Tokens, dictionary_tags

ROLES = ("person", "org", "to_org", "product", "role", "date")
MODALITIES = ("asserted", "negated", "hypothetical", "planned", "reported_denial")
LABELS = ("PERSON", "ORG", "EVENT", "ANY")
BASE_POSITIONS = ("subject", "object", "subject_if_no_object", "passive_subject", "passive_agent", "by",
                  "possessor", "relative")
GUARD_SCOPES = ("near_before", "clause_before", "sentence_before", "sentence", "sentence_end")
REQUIREMENTS = ("object_not", "product_like", "subject_not", "context", "context_not", "has", "by", "amount", "org_like",
                "no_object", "not_after", "subject_is", "business_like", "named", "proper")
REQUIRED_LISTS = ("clause_punct", "open_brackets", "close_brackets", "name_symbols", "coordinators", "linkers",
                  "prepositions", "aspect", "adverbials", "time_words", "titles", "former_markers", "org_references",
                  "org_suffixes", "product_cues", "modifier_heads", "amount_units", "non_participants", "nominal_words",
                  "verb_words", "temporal_postpositions")
TYPE_KEYS = ("type", "labels", "frame", "apposition", "merge", "requires", "triggers", "becomes")
PARTICIPANTS = ("person", "org", "to_org", "product")
TRIGGER_KEYS = ("word", "id", "frame", "requires", "modifier_ok")
GUARD_KEYS = ("id", "modality", "words", "scope", "window", "types")
PASSIVE_MARKERS = frozenset(("被", "遭", "遭到", "受到", "受"))

# Token kinds.
P, S, O, Q, C, L, R, A, T, N, M, F, V = "P", "S", "O", "Q", "C", "L", "R", "A", "T", "N", "M", "F", "V"
NOMINAL = frozenset((N, M, F))
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_DIGIT = re.compile(r"[A-Za-z0-9]")
_TIME_RE = re.compile(
    r"(?:\d+|[0-9０-９一二三四五六七八九十百千〇零两]+)\s*(?:年代|年度|年|月份|月|日|号|时|点|分|秒|季度|周年|世纪)"
    r"|(?:上|下|本|这|前|后)(?:个)?(?:周|月|季度|星期)")
_NOMINAL_TAGS = frozenset(("eng", "j", "b", "a", "an", "vn", "r", "s", "z", "zg"))
# A product model: letters and digits together ("Mate 30", "K20", "iOS13", "Z1Pro") or a 《title》.
_MODEL_RE = re.compile(r"[A-Za-z][A-Za-z\- ]{0,12}\d|\d+[A-Za-z]|《")
_PROPER_TAGS = frozenset(("nr", "nrfg", "nrt", "ns", "nt", "nz", "eng", "x", "j"))
# "组建10个产业联盟", "设立六支基金": a count of several, no particular one
_PLURAL_COUNT_RE = re.compile(r"[两二三四五六七八九十百千几数多\d][\d十百千]* ?[个家支所批项]")
# an object that is only a count, an amount or a bare "new" ("一款", "首批", "其全新", "300美元")
_COUNT_ONLY_RE = re.compile(r"(?:其|首|第|这|该)?[一二两三四五六七八九十几数多\d.]*"
                            r"(?:款|个|種|种|批|部|台|件|辆|项|份|系列|代|亿|万)?(?:美元|元)?(?:全新|最新|新)?")
_COUNT_OR_TENURE_RE = re.compile(r"(?:又|另|第)?[\d一二两三四五六七八九十几数多]+[名位个]|[时新现前原代继]任")
_NON_NAME_TAGS = frozenset(("a", "ad", "an", "d", "v", "vn", "vd"))  # jieba's guesses for names it does not know
_PUNCT_BREAK_RE = re.compile(r"[，,。；;：:！!？?、]+")
_PROPER_TEXT_RE = re.compile(r"[A-Za-z“”\"《》「」]")
_NAME_TAIL_RE = re.compile(r"[\u4e00-\u9fff·•]{1,5}")
_ORDINAL_RE = re.compile(r"第[一二三四五六七八九十百\d]+[届任期]$")
_QUANT_RE = re.compile(r"^[又再另一二三四五六七八九十两几多数该此这那某其\d]*[名位个]?")
# Characters that jieba glues to the end of an unknown name ("徐敬惠因") and that end a phrase.
_FUNCTION_CHARS = frozenset("因在于从将已对向被与和的也又再称说曾均都就为")
_CLAUSE_BREAK_RE = re.compile(r"[，,。；;：:！!？?\s]")
_NUMBER_RE = re.compile(r"[0-9０-９一二三四五六七八九十百千万亿两数几]")
_TAG_CACHE: dict[int, str] = {}
_ORTH_CACHE: dict[int, str] = {}  # string hash -> word (hashes are stable across vocabularies)
_ROUND_RE = re.compile(r"^(?:Pre-?)?[A-Fa-f]\+?$|^天使$|^种子$|^轮$")



def _ends_with_listed(word: str, listed: frozenset[str]) -> bool:
    """A compound headed by a listed word: jieba keeps 情况通报, 统计数据, 天气预报 as one token,
    and the head of a Chinese compound is its last part."""
    return len(word) > 2 and (word[-2:] in listed or (len(word) > 3 and word[-3:] in listed))

# --------------------------------------------------------------------------------------------------
# Compiled rules


@dataclass(frozen=True)
class TriggerRule:
    id: str
    type: str
    word: str
    frame: dict[str, str]
    requires: dict[str, Any]
    modifier_ok: bool
    order: int


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


def _load_lexicon(path: Path) -> Lexicon:
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


def _check_role(role: str, path: Path, line: int | None, allow_empty: bool = True) -> str:
    role = "" if role is None else str(role)
    if role == "" and allow_empty:
        return role
    if role not in ROLES:
        import difflib

        close = difflib.get_close_matches(role, ROLES, n=1)
        raise RuleError(path, line, f"unknown role '{role}'",
                        f"did you mean '{close[0]}'?" if close else f"roles: {', '.join(ROLES)}", code="R304")
    return role


def _check_frame(frame: Any, path: Path, line: int | None) -> dict[str, str]:
    if frame is None:
        return {}
    if not isinstance(frame, dict):
        raise RuleError(path, line, "frame must be a mapping position -> role", "write e.g. frame: {subject: person}", code="R305")
    out: dict[str, str] = {}
    for pos, role in frame.items():
        if pos == LINE_KEY:
            continue
        pos = str(pos)
        if pos not in BASE_POSITIONS and not (pos.startswith(("prep:", "after:")) and len(pos.split(":", 1)[1]) > 0):
            import difflib

            close = difflib.get_close_matches(pos, BASE_POSITIONS, n=1)
            raise RuleError(path, frame.get(LINE_KEY, line), f"unknown position '{pos}'",
                            f"did you mean '{close[0]}'?" if close else
                            f"positions: {', '.join(BASE_POSITIONS)}, prep:WORD, after:WORD", code="R306")
        alts = [_check_role(r, path, frame.get(LINE_KEY, line)) for r in str(role if role is not None else "").split("|")]
        out[pos] = "|".join(alts)
    return out


def _check_requires(req: Any, path: Path, line: int | None, lex: Lexicon) -> dict[str, Any]:
    if req is None:
        return {}
    if not isinstance(req, dict):
        raise RuleError(path, line, "requires must be a mapping", "write e.g. requires: {has: [person]}", code="R307")
    out: dict[str, Any] = {}
    for key, value in req.items():
        if key == LINE_KEY:
            continue
        if key not in REQUIREMENTS:
            import difflib

            close = difflib.get_close_matches(str(key), REQUIREMENTS, n=1)
            raise RuleError(path, req.get(LINE_KEY, line), f"unknown requirement '{key}'",
                            f"did you mean '{close[0]}'?" if close else f"requirements: {', '.join(REQUIREMENTS)}",
                            code="R308")
        if key in ("not_after", "object_not"):  # one word list or several
            names = [str(v) for v in value] if isinstance(value, list) else [str(value)]
            for name in names:
                if name not in lex.lists:
                    raise RuleError(path, req.get(LINE_KEY, line), f"unknown word list '{name}'",
                                    "define it in rules/events/lexicon.yaml", code="R309")
            value = tuple(names)
        elif key in ("context", "context_not"):
            if str(value) not in lex.lists:
                raise RuleError(path, req.get(LINE_KEY, line), f"unknown word list '{value}'",
                                "define it in rules/events/lexicon.yaml", code="R309")
            value = str(value)
        elif key in ("has", "named", "proper"):
            if not isinstance(value, list) or not value:
                raise RuleError(path, req.get(LINE_KEY, line), "'has' needs a list of roles", "write has: [person]", code="R310")
            value = tuple(_check_role(v, path, req.get(LINE_KEY, line), allow_empty=False) for v in value)
        elif key in ("subject_not", "subject_is"):
            if value not in LABELS:
                raise RuleError(path, req.get(LINE_KEY, line), f"unknown label '{value}'", f"labels: {', '.join(LABELS)}",
                                code="R311")
        elif key in ("org_like", "business_like"):
            value = _check_role(value, path, req.get(LINE_KEY, line), allow_empty=False)
            if key == "business_like" and "business_assets" not in lex.lists:
                raise RuleError(path, req.get(LINE_KEY, line), "business_like needs the word list 'business_assets'",
                                "define it in rules/events/lexicon.yaml", code="R309")
        else:
            value = bool(value)
        out[key] = value
    return out


def load_event_rules(rules_dir: Path) -> tuple[list[TypeRule], list[TriggerRule], list[Guard], Lexicon]:
    base = Path(rules_dir) / "events"
    lex = _load_lexicon(base / "lexicon.yaml")
    types: list[TypeRule] = []
    triggers: list[TriggerRule] = []
    path = base / "types.yaml"
    data = load_yaml(path) if path.exists() else []
    if data is None:
        data = []
    if not isinstance(data, list):
        raise RuleError(path, 1, "expected a list of event types (each starting with '- type:')", code="R312")
    seen_types: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    becomes_at: dict[str, int] = {}
    order = 0
    for item in data:
        line = item.get(LINE_KEY) if isinstance(item, dict) else None
        if not isinstance(item, dict):
            raise RuleError(path, line, "each event type must be a mapping with type, frame and triggers", code="R312")
        require_keys(item, ("type", "frame", "triggers"), TYPE_KEYS, path, line)
        etype = str(item["type"])
        if etype in seen_types:
            raise RuleError(path, line, f"duplicate event type '{etype}' (first on line {seen_types[etype]})", code="R313")
        seen_types[etype] = line
        labels: dict[str, tuple[str, ...]] = {}
        for role, labs in (item.get("labels") or {}).items():
            if role == LINE_KEY:
                continue
            _check_role(role, path, line, allow_empty=False)
            labs = labs if isinstance(labs, list) else [labs]
            for lab in labs:
                if lab not in LABELS:
                    raise RuleError(path, line, f"unknown label '{lab}' for role '{role}'", f"labels: {', '.join(LABELS)}",
                                    code="R311")
            labels[role] = tuple(labs)
        frame = _check_frame(item["frame"], path, line)
        apposition = {}
        for key, role in (item.get("apposition") or {}).items():
            if key == LINE_KEY:
                continue
            if key not in ("org", "former"):
                raise RuleError(path, line, f"unknown apposition key '{key}'", "use org and/or former", code="R314")
            apposition[key] = _check_role(role, path, line)
        merge = item.get("merge")
        if merge is not None:
            merge = _check_role(merge, path, line, allow_empty=False)
        type_req = _check_requires(item.get("requires"), path, line, lex)
        becomes = item.get("becomes")
        if becomes is not None:
            if not isinstance(becomes, dict) or set(becomes) - {"type", "after", LINE_KEY} \
                    or str(becomes.get("after")) not in lex.lists:
                raise RuleError(path, line, "becomes needs 'type' and 'after' (a word list of lexicon.yaml)",
                                "write e.g. becomes: {type: product.delay, after: delay_words}", code="R323")
            becomes = (str(becomes.get("type")), str(becomes["after"]))
            becomes_at[etype] = line
        types.append(TypeRule(etype, labels, apposition, merge, becomes))
        if not isinstance(item["triggers"], list) or not item["triggers"]:
            raise RuleError(path, line, f"type '{etype}' needs a non-empty list of triggers", code="R315")
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
            tframe.update(_check_frame(trig.get("frame"), path, tline))
            treq = dict(type_req)
            treq.update(_check_requires(trig.get("requires"), path, tline, lex))
            triggers.append(TriggerRule(tid, etype, word, {k: v for k, v in tframe.items() if v},
                                        treq, bool(trig.get("modifier_ok", False)), order))
            order += 1
    for trule in types:
        if trule.becomes and trule.becomes[0] not in seen_types:
            raise RuleError(path, becomes_at[trule.type], f"becomes: unknown event type '{trule.becomes[0]}'",
                            f"types: {', '.join(seen_types)}", code="R323")
    guards: list[Guard] = []
    gpath = base / "guards.yaml"
    gdata = (load_yaml(gpath) if gpath.exists() else []) or []
    if not isinstance(gdata, list):
        raise RuleError(gpath, 1, "expected a list of guards (each starting with '- id:')", code="R318")
    for item in gdata:
        line = item.get(LINE_KEY) if isinstance(item, dict) else None
        if not isinstance(item, dict):
            raise RuleError(gpath, line, "each guard must be a mapping with id, modality, words and scope", code="R318")
        require_keys(item, ("id", "modality", "words", "scope"), GUARD_KEYS, gpath, line)
        if item["modality"] not in MODALITIES or item["modality"] == "asserted":
            raise RuleError(gpath, line, f"unknown modality '{item['modality']}'",
                            f"use one of: {', '.join(MODALITIES[1:])}", code="R319")
        if item["scope"] not in GUARD_SCOPES:
            raise RuleError(gpath, line, f"unknown scope '{item['scope']}'", f"use one of: {', '.join(GUARD_SCOPES)}",
                            code="R320")
        if not isinstance(item["words"], list) or not item["words"]:
            raise RuleError(gpath, line, "words must be a non-empty list", code="R321")
        gtypes = item.get("types")
        if gtypes is not None:
            unknown = [t for t in gtypes if t not in seen_types]
            if unknown:
                raise RuleError(gpath, line, f"unknown event type(s) {unknown}", code="R322")
        window = item.get("window", 4)
        if not isinstance(window, int) or isinstance(window, bool):
            raise RuleError(gpath, line, f"window must be a whole number of characters, found {window!r}",
                            "e.g. window: 4", code="R323")
        guards.append(Guard(str(item["id"]), item["modality"], frozenset(str(w) for w in item["words"]),
                            item["scope"], window, frozenset(gtypes) if gtypes else None))
    return types, triggers, guards, lex


def event_rule_files(rules_dir: Path) -> list[Path]:
    base = Path(rules_dir) / "events"
    return sorted(p for p in base.glob("*.yaml")) if base.is_dir() else []


# --------------------------------------------------------------------------------------------------
# Sentence analysis


@dataclass
class _Sent:
    start: int  # char offset of the sentence
    end: int
    text: str
    words: list[str]
    tags: list[str]
    starts: list[int]
    ends: list[int]
    kinds: list[str]
    clause: list[int]  # clause number of every token
    clause_bounds: list[tuple[int, int]]  # token ranges of clauses
    by_start: dict[int, int]
    by_end: dict[int, int]
    person_ends: frozenset[int] = frozenset()


@dataclass
class _Left:
    subject: tuple[int, int] | None = None
    subject_source: str = ""  # direct | clause | topic
    pps: list[tuple[str, tuple[int, int]]] = field(default_factory=list)
    passive: bool = False
    passive_agent: tuple[int, int] | None = None
    by: tuple[int, int] | None = None
    possessor: tuple[int, int] | None = None


@dataclass
class _Right:
    object: tuple[int, int] | None = None
    relative: tuple[int, int] | None = None
    after: dict[str, tuple[int, int]] = field(default_factory=dict)
    modifier: bool = False


@dataclass
class _Arg:
    role: str
    start: int
    end: int
    entity_index: int | None = None
    date_index: int | None = None


class EventExtractor:
    """Compiled event rules; ``extract`` is pure and thread-safe."""

    def __init__(self, types: list[TypeRule], triggers: list[TriggerRule], guards: list[Guard], lexicon: Lexicon):
        self.types = {t.type: t for t in types}
        self.triggers = triggers
        self.guards = guards
        self.lex = lexicon
        self.by_word: dict[str, list[TriggerRule]] = {}
        for trig in triggers:
            self.by_word.setdefault(trig.word, []).append(trig)
        words = sorted(self.by_word, key=len, reverse=True)
        self.trigger_re = re.compile("|".join(map(re.escape, words))) if words else None
        self._by_first: dict[str, list[str]] = {}
        for w in words:  # longest first
            self._by_first.setdefault(w[0], []).append(w)
        lx = lexicon
        self._punct = lx["clause_punct"]
        self._open = lx["open_brackets"]
        self._close = lx["close_brackets"]
        self._symbols = lx["name_symbols"]
        self._coord = lx["coordinators"]
        self._linkers = lx["linkers"]
        self._preps = lx["prepositions"]
        self._aspect = lx["aspect"]
        self._glued_after = lx["aspect"] | lx.lists.get("glued_objects", frozenset())
        self._adverbials = lx["adverbials"]
        self._time_words = lx["time_words"]
        self._titles = lx["titles"]
        self._former = lx["former_markers"]
        self._org_refs = lx["org_references"]
        self._org_suffixes = tuple(sorted(lx["org_suffixes"], key=len, reverse=True))
        self._product_cues = lx["product_cues"]
        self._modifier_heads = lx["modifier_heads"]
        self._amount_units = lx["amount_units"]
        self._non_participants = lx["non_participants"]
        self._nominal_words = lx["nominal_words"]
        self._verb_words = lx["verb_words"]
        self._temporal_post = lx["temporal_postpositions"]
        self._kind_cache: dict[tuple[str, str], str] = {}
        self._attribute_nouns = lx.lists.get("attribute_nouns", frozenset())
        self._date_prefixes = tuple(sorted(lx.lists.get("date_prefixes", ()), key=len, reverse=True))
        self._product_cue_re = lx.context("product_cues")
        self._generic_determiners = tuple(sorted(lx.lists.get("generic_determiners", ()), key=len, reverse=True))
        self._clause_punct_re = re.compile("|".join(map(re.escape, sorted(self._punct, key=len, reverse=True))))
        # after a dateline's date: an optional part of the day, then 电 / 讯 / 消息 (dateline_markers)
        markers = sorted(lx.lists.get("dateline_markers", ()), key=len, reverse=True)
        self._dateline_re = re.compile(r"\s*(?:[早晚午]间|上午|下午|凌晨|中午|晚|早)?\s*(?:"
                                       + "|".join(map(re.escape, markers)) + r")(?![\u4e00-\u9fff])") if markers else re.compile(r"(?!x)x")
        long_titles = sorted((t for t in self._titles if len(t) >= 2), key=len, reverse=True)
        self._title_end_re = re.compile("(?:" + "|".join(map(re.escape, long_titles)) + ")$") if long_titles else None
        self._org_then_name_re = re.compile(
            "(?:" + "|".join(map(re.escape, sorted((x for x in self._org_suffixes if len(x) >= 2 and _CJK_RE.match(x)),
                                                   key=len, reverse=True))) + r")\s*[A-Za-z][A-Za-z0-9 .&'\-]*$")
        self._stock_code_re = re.compile(r"([\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]{1,15}?)\s*[（(]\s*(?:[A-Za-z]{0,4}\s*)?\d{4,6}(?:\.?HK)?\s*[）)]")

    @classmethod
    def from_rules(cls, rules_dir: Path) -> "EventExtractor":
        types, triggers, guards, lexicon = load_event_rules(Path(rules_dir))
        return cls(types, triggers, guards, lexicon)

    # ----------------------------------------------------------------------------------------------

    def extract(self, doc: Doc, entities: list[EntityMatch] | None = None,
                dates: list[DateMatch] | None = None, text: str | None = None) -> list[EventMatch]:
        """Events of one document. ``text`` may be given when the caller has ``doc.text`` already
        (reading it from the Doc is a good part of this stage's time)."""
        if text is None:
            text = doc.text if isinstance(doc, Tokens) else doc_text(doc)
        if self.trigger_re is None or not text:
            return []
        first = self.trigger_re.search(text)
        if first is None:
            return []
        ctx = _DocContext(self, doc, text, entities or [], dates or [])
        found: list[tuple[EventMatch, int, str | None]] = []  # event, sentence start, merge key
        hit = first
        while hit is not None:
            start = hit.start()
            # longest trigger word at this position that coincides with the words ("申请辞去": 请辞
            # is no word there, the search goes on from the next character and finds 辞去)
            word = None
            for cand in self._by_first.get(text[start], ()):
                if text.startswith(cand, start) and ctx.may_align(start, start + len(cand)):
                    word = cand
                    break
            if word is None:
                hit = self.trigger_re.search(text, start + 1)
                continue
            end = start + len(word)
            hit = self.trigger_re.search(text, end)
            rules = self.by_word[word]
            s0, e0 = ctx.sentence_span(start)
            rules = [r for r in rules if self._possible(r, text, s0, e0, start, end)]
            if not rules:
                continue
            sent = ctx.sentence_at(start)
            if sent is None:
                continue
            span = self._align(sent, start, end)
            if span is None:
                continue
            parsed: list = []
            for rule in rules:
                result = self._apply(ctx, sent, span, rule, parsed)
                if result is not None:
                    found.append(result)
                    break
        return self._merge(found)

    def _possible(self, rule: TriggerRule, text: str, s0: int, e0: int, start: int, end: int) -> bool:
        """Requirements that plain string tests decide before the sentence is analysed."""
        req = rule.requires
        if not req:
            return True
        if req.get("by") and "由" not in text[s0:start]:
            return False
        if "context" in req and not self.lex.context(req["context"]).search(text, s0, e0):
            return False
        if "context_not" in req and self.lex.context(req["context_not"]).search(text, s0, e0):
            return False
        if req.get("amount") and not _NUMBER_RE.search(text, end, min(e0, end + 8)):
            return False
        return True

    # --- trigger alignment ---------------------------------------------------------------------

    def _align(self, sent: _Sent, start: int, end: int) -> tuple[int, int] | None:
        """Token range of a trigger found at [start, end), or None when it is part of another word."""
        i = sent.by_start.get(start)
        j = sent.by_end.get(end)
        if i is not None and j is not None:
            return i, j + 1
        # One token holding the trigger plus an adverb before it / an aspect particle or a glued
        # object after it ("引咎辞职", "开除党籍").
        k = bisect.bisect_right(sent.starts, start) - 1
        if k < 0 or sent.ends[k] < end:
            return None
        word = sent.words[k]
        pre = word[: start - sent.starts[k]]
        post = word[end - sent.starts[k]:]
        if (pre == "" or pre in self._adverbials) and (post == "" or post in self._glued_after):
            return k, k + 1
        return None

    # --- one trigger candidate ------------------------------------------------------------------

    def _apply(self, ctx: "_DocContext", sent: _Sent, span: tuple[int, int], rule: TriggerRule, parsed: list):
        ti, te = span
        frame = rule.frame
        req = rule.requires
        if not parsed:  # the left/right analysis does not depend on the rule: once per trigger
            right = self._parse_right(sent, te)
            left = self._parse_left(sent, ti) if not right.modifier else _Left()
            if not right.modifier and left.subject is None and not left.possessor and not left.by:
                self._fallback_subject(sent, ti, left)
            parsed += [left, right]
        left, right = parsed
        if right.modifier and not rule.modifier_ok:
            return None
        words = sent.words
        trule = self.types[rule.type]
        args: list[_Arg] = []
        subject_role = frame.get("subject", "")
        if left.passive and "passive_subject" in frame:
            subject_role = frame["passive_subject"]
        no_object = right.object is None and right.relative is None
        if no_object and "subject_if_no_object" in frame and not left.passive:
            if left.subject is None or not self._is_org_like(ctx, sent, left.subject) \
                    or frame["subject_if_no_object"] in ("to_org", "org"):
                subject_role = frame["subject_if_no_object"]
        unresolved: set[str] = set()
        relative_role = frame.get("relative")
        if relative_role == "person" and right.relative is not None:
            # "已辞职的联合创始人孙立": a named head is the one who acted, the subject before is the topic;
            # an unnamed head ("辞职的消息") is no person at all
            rs, re_ = sent.starts[right.relative[0]], sent.ends[right.relative[1] - 1]
            if ctx.inner_entity(rs, re_, "PERSON") is None:
                relative_role = None
            elif subject_role == "person":
                subject_role = ""
        if left.subject is not None and subject_role:
            self._add_np(ctx, sent, trule, args, subject_role, left.subject, unresolved)
        if left.possessor is not None and frame.get("possessor"):
            self._add_np(ctx, sent, trule, args, frame["possessor"], left.possessor)
        if left.passive_agent is not None and frame.get("passive_agent"):
            self._add_np(ctx, sent, trule, args, frame["passive_agent"], left.passive_agent)
        if left.by is not None and frame.get("by"):
            self._add_np(ctx, sent, trule, args, frame["by"], left.by)
        for prep, np in left.pps:
            role = frame.get("prep:" + prep)
            if role:
                self._add_np(ctx, sent, trule, args, role, np)
        if right.object is not None and frame.get("object"):
            self._add_np(ctx, sent, trule, args, frame["object"], right.object)
        if right.relative is not None and relative_role:
            self._add_np(ctx, sent, trule, args, relative_role, right.relative)
        for prep, np in right.after.items():
            role = frame.get("after:" + prep)
            if role:
                self._add_np(ctx, sent, trule, args, role, np)
        if self._generic_determiners:
            specific = [a for a in args if not self._generic_participant(ctx.text, a)]
            if len(specific) < len(args) and not any(a.role in PARTICIPANTS for a in specific):
                return None  # "这些公司IPO", "推出此类技术": a generic statement, no event
            args = specific
        if not self._requirements(ctx, sent, span, req, left, right, args, unresolved):
            return None
        trig_start, trig_end = sent.starts[ti], sent.ends[te - 1]
        if te - ti == 1 and words[ti] != rule.word and rule.word in words[ti]:  # "引咎辞职": the trigger is 辞职
            trig_start += words[ti].index(rule.word)
            trig_end = trig_start + len(rule.word)
        date_index, date_source = ctx.nearest_date(sent, ti, te)
        if date_index is not None:
            d = ctx.dates[date_index]
            ds = d.start
            for prefix in self._date_prefixes:  # "北京时间|5月28日": the zone belongs to the time
                if ctx.text.startswith(prefix, ds - len(prefix)):
                    ds -= len(prefix)
                    break
            args.append(_Arg("date", ds, d.end, None, date_index))
        modality = self._modality(sent, ti, te, rule.type)
        # de-duplicate arguments
        uniq: list[_Arg] = []
        seen: set[tuple[str, int, int]] = set()
        for a in args:
            key = (a.role, a.start, a.end)
            if key in seen or a.end <= a.start:
                continue
            seen.add(key)
            uniq.append(a)
        etype = rule.type
        if trule.becomes and self._word_before(sent, ti, self.lex[trule.becomes[1]]):
            etype = trule.becomes[0]
        event = EventMatch(etype, trig_start, trig_end, rule.id,
                           tuple(EventArgument(a.role, a.start, a.end, a.entity_index, a.date_index) for a in uniq),
                           modality, date_index, date_source)
        key = None
        if trule.merge:
            for a in uniq:
                if a.role == trule.merge:
                    key = ctx.text[a.start:a.end]
                    if a.role == "person" and self._generic_person(key):
                        key = None
                    break
        return event, sent.start, key

    # --- requirements --------------------------------------------------------------------------

    def _requirements(self, ctx, sent: _Sent, span, req: dict, left: _Left, right: _Right, args: list[_Arg],
                      unresolved: set[str] = frozenset()) -> bool:
        if not req:
            return True
        text = ctx.text
        roles = {a.role for a in args}
        for key, value in req.items():
            if key == "object_not":
                if any(self._object_blocked(sent, span[1], self.lex[name]) for name in value):
                    return False
                # the product may stand before the trigger too ("最新情况通报已发布", "成果发布")
                heads = [text[a.start:a.end] for a in args if a.role == "product"]
                if any(h in self.lex[name] or _ends_with_listed(h, self.lex[name]) for h in heads for name in value):
                    return False
            elif key == "product_like":
                phrases = [text[a.start:a.end] for a in args if a.role in ("product", "to_org")]
                if not phrases:
                    for np in (right.object, right.relative, left.subject, left.possessor):
                        if np is not None:
                            phrases.append(text[sent.starts[np[0]]:sent.ends[np[1] - 1]])
                if not any(self._product_cue_re.search(p) or _MODEL_RE.search(p) for p in phrases):
                    return False
            elif key == "subject_not":
                if left.subject is not None and self._np_label(ctx, sent, left.subject, strict=True) == value:
                    return False
            elif key == "subject_is":
                if left.subject is None or self._person_or_label(ctx, sent, left.subject) != value:
                    return False
            elif key == "business_like":
                assets = self.lex.context("business_assets")
                if not any(a.role == value and (self._span_org_like(ctx, a.start, a.end) or assets.search(text, a.start, a.end))
                           for a in args):
                    return False
            elif key == "no_object":
                if value and (right.object is not None or right.relative is not None):
                    return False
            elif key == "not_after":
                if any(self._word_before(sent, span[0], self.lex[name]) for name in value):
                    return False
            elif key == "context":
                if not self.lex.context(value).search(sent.text):
                    return False
            elif key == "context_not":
                if self.lex.context(value).search(sent.text):
                    return False
            elif key == "has":
                if not any(r in roles for r in value):
                    return False
            elif key == "named":  # "有的已经退休", "退休老人": nobody named, no record
                if not any(a.role in value and a.entity_index is not None for a in args):
                    return False
            elif key == "proper":  # "成立专案组", "开除员工": a class of things, no one in particular
                if not any(a.role in value and self._proper(sent, a) for a in args) \
                        and not ("product" in value and self._product_in_clause(sent, span[0])):
                    return False
            elif key == "by":
                if value and left.by is None:
                    return False
            elif key == "amount":
                if value and not self._amount_after(sent, span[1]):
                    return False
            elif key == "org_like":
                ok = value in unresolved
                for a in args:
                    if a.role == value and self._span_org_like(ctx, a.start, a.end):
                        ok = True
                        break
                if not ok:
                    return False
        return True

    def _proper(self, sent: _Sent, arg: "_Arg") -> bool:
        """The argument is an entity, or holds a proper name: a place, person or other name token,
        Latin letters, a quoted or 《》 title ("碧桂园农业控股", "成立"微笑联盟"")."""
        if arg.entity_index is not None:
            return True
        for j, (s, e) in enumerate(zip(sent.starts, sent.ends)):
            if s >= arg.start and e <= arg.end and (sent.tags[j] in _PROPER_TAGS or _PROPER_TEXT_RE.search(sent.words[j])):
                return True
        return False

    def _product_in_clause(self, sent: _Sent, ti: int) -> bool:
        """The trigger's clause names a product somewhere: a product word, a model, Latin letters or a
        quoted title. The phrase chunker often cuts a product short ("最新的 iPhone 11"), so the clause
        is the evidence, not the argument alone ("成果发布", "发布课题" have none)."""
        lo = sent.clause_bounds[sent.clause[ti]][0]
        hi = ti
        while hi < len(sent.words) and hi < ti + 12 and not _PUNCT_BREAK_RE.fullmatch(sent.words[hi]):
            hi += 1  # a space is no clause break here: "发布 iPhone 11"
        for j in range(lo, hi):
            w = sent.words[j]
            if self._product_head(sent, j) or _ends_with_listed(w, self._product_cues) or _PROPER_TEXT_RE.search(w):
                return True
            if w.isdigit() and len(w) > 1 and j > lo and sent.ends[j - 1] == sent.starts[j] \
                    and sent.tags[j - 1] in ("n", "nz", "nr", "x"):
                return True  # "麒麟990", "小米9": a name and a number make a model
        return False

    def _generic_participant(self, text: str, arg: "_Arg") -> bool:
        """A participant phrase that names no one: a plural or generic determiner and no entity."""
        return (arg.role in PARTICIPANTS and arg.entity_index is None
                and (text.startswith(self._generic_determiners, arg.start)
                     or _PLURAL_COUNT_RE.match(text, arg.start, arg.end) is not None))

    def _word_before(self, sent: _Sent, ti: int, words: frozenset[str]) -> bool:
        """A word of the list in the three tokens before the trigger, in its clause."""
        lo = sent.clause_bounds[sent.clause[ti]][0]
        return any(sent.words[j] in words for j in range(max(lo, ti - 3), ti))

    def _object_blocked(self, sent: _Sent, te: int, blocked: frozenset[str]) -> bool:
        """A word of the list heads what follows the trigger ("发布了致用户的一封信", "发布Q2业绩")."""
        if te >= len(sent.words):
            return False
        hi = sent.clause_bounds[sent.clause[te - 1]][1]
        seen_product = False
        depth = 0
        for j in range(te, min(hi, te + 15)):
            w = sent.words[j]
            kd = sent.kinds[j]
            if w in blocked or _ends_with_listed(w, blocked):
                return True
            if kd == O:
                depth += 1
            elif kd == Q:
                depth = max(0, depth - 1)
            elif kd == N and (w in self._product_cues or _MODEL_RE.search(w)):
                seen_product = True
            elif kd == V and seen_product and depth == 0:
                break  # "发布了新手机，并公布了价格": what follows is another verb's
        return False

    def _amount_after(self, sent: _Sent, k: int) -> bool:
        hi = sent.clause_bounds[sent.clause[k - 1]][1]
        for j in range(k, min(hi, k + 4)):
            w = sent.words[j]
            if sent.kinds[j] == M or w in self._amount_units or w.endswith("元"):
                if any(ch.isdigit() for ch in w) or w[0] in "一二三四五六七八九十百千万亿两数几":
                    return True
        return False

    # --- modality ------------------------------------------------------------------------------

    def _modality(self, sent: _Sent, ti: int, te: int, etype: str) -> str:
        words = sent.words
        kinds = sent.kinds
        lo, _hi = sent.clause_bounds[sent.clause[ti]]
        for guard in self.guards:
            if guard.types is not None and etype not in guard.types:
                continue
            gw = guard.words
            if guard.scope == "near_before":
                j = ti - 1
                steps = 0
                while j >= lo and steps < guard.window:
                    w = words[j]
                    if w in gw:
                        return guard.modality
                    if kinds[j] in (P, N, M, L, C, O, Q):
                        break
                    j -= 1
                    steps += 1
            elif guard.scope == "clause_before":
                if any(words[j] in gw for j in range(lo, ti)):
                    return guard.modality
            elif guard.scope == "sentence_before":
                if any(words[j] in gw for j in range(0, ti)):
                    return guard.modality
            elif guard.scope == "sentence":
                if any(w in sent.text for w in gw):
                    return guard.modality
            elif guard.scope == "sentence_end":
                if sent.clause[ti] < len(sent.clause_bounds) - 3:
                    continue  # a question at the end of a long sentence is about its last clauses
                j = len(words) - 1
                while j > te and (words[j].isspace() or words[j] in self._close or words[j] in ("。", "！", "!", "…")):
                    j -= 1
                if j >= te and (words[j] in gw or words[j][-1] in gw):
                    return guard.modality
        return "asserted"

    # --- left / right of the trigger ---------------------------------------------------------------

    def _parse_left(self, sent: _Sent, ti: int) -> _Left:
        kinds, words = sent.kinds, sent.words
        lo = sent.clause_bounds[sent.clause[ti]][0]
        res = _Left()
        k = ti - 1
        while k >= lo and kinds[k] == S:
            k -= 1
        if k >= lo and kinds[k] == L:
            np = self._np_left(sent, k - 1, lo, allow_de=True)
            if np is not None:
                res.possessor = np
                return res
            k -= 1  # adverbial 的 ("如愿以偿的加盟")
        while k >= lo:
            kd = kinds[k]
            w = words[k]
            if kd in (A, T, S):
                k -= 1
                continue
            if kd in (R, C) and w in PASSIVE_MARKERS:
                res.passive = True
                k -= 1
                continue
            if kd == F and w in self._temporal_post:
                # "在得知中奖后 | 辞职": skip the temporal phrase back to its 在/于/当, else give up
                p = k - 1
                while p >= lo and not (kinds[p] == R and words[p] in ("在", "于", "当", "自", "从", "至", "到")):
                    if kinds[p] == P:
                        break
                    p -= 1
                if p >= lo and kinds[p] == R:
                    k = p - 1
                    continue
                break
            if kd in NOMINAL or kd == Q or kd == O:
                np = self._np_left(sent, k, lo, allow_de=True)
                if np is None or self._verbal_np(sent, np):
                    break
                p = np[0] - 1
                while p >= lo and kinds[p] == S:
                    p -= 1
                if p >= lo and kinds[p] in (R, C) and words[p] in self._preps and not (
                        words[p] in ("在", "于", "当", "就在") and self._is_name(sent, np)):
                    # (a person after 在 opens a clause: "就在[王飚宣布离职]6天后")
                    pw = words[p]
                    if pw in PASSIVE_MARKERS:
                        res.passive = True
                        res.passive_agent = np
                    elif pw == "由":
                        res.by = np
                    else:
                        res.pps.append((pw, np))
                    k = p - 1
                    continue
                if self._is_amount_or_time(sent, np) or all(words[j] in self._nominal_words for j in range(*np)):
                    k = np[0] - 1  # "以10亿美元", "5亿元B轮", "最新 | 发布": not the subject
                    continue
                if self._is_non_participant(sent, np):
                    break
                if p >= lo and kinds[p] == V and not self._is_name(sent, np):
                    break  # the object of another verb ("因高管受贿丑闻 | 辞职"): use the clause subject
                res.subject = np
                res.subject_source = "direct"
                break
            break
        return res

    def _is_name(self, sent: _Sent, np: tuple[int, int]) -> bool:
        """The phrase ends with a person name (an entity, a name-tagged word, or what follows a title:
        "越秀地产非执董毛建华")."""
        if sent.ends[np[1] - 1] in sent.person_ends or sent.tags[np[1] - 1] in ("nr", "nrfg"):
            return True
        text = sent.text[sent.starts[np[0]] - sent.start:sent.ends[np[1] - 1] - sent.start]
        return self.lex.title_re is not None and self.lex.title_re.search(text) is not None \
            and self._name_after_titles(sent, np)

    def _verbal_np(self, sent: _Sent, np: tuple[int, int]) -> bool:
        """A 'noun phrase' made only of verbal nouns ("交易", "生效") is part of a verb group."""
        return all(sent.tags[j] in ("vn", "v") for j in range(np[0], np[1]))

    def _fallback_subject(self, sent: _Sent, ti: int, left: _Left) -> None:
        """No subject next to the trigger: use the clause-initial noun phrase, else the subject of
        the nearest earlier clause in the sentence (a topic chain: "一加召开发布会，正式发布了一加7")."""
        c = sent.clause[ti]
        lo = sent.clause_bounds[c][0]
        depth = 0
        for k in range(ti - 1, lo - 1, -1):  # inside 《…》 or “…”, the phrase starts at the bracket
            if sent.kinds[k] == Q:
                depth += 1
            elif sent.kinds[k] == O:
                if depth == 0:
                    lo = k + 1
                    c = -1
                    break
                depth -= 1
        np = self._clause_initial_np(sent, lo, ti)
        if np is not None:
            left.subject = np
            left.subject_source = "clause"
            return
        # only when nothing but adverbials stood between the clause start and the trigger
        k = ti - 1
        while k >= lo and sent.kinds[k] in (A, T, S, R):
            k -= 1
        if k >= lo:
            return
        for cc in range(c - 1, -1, -1) if c >= 0 else ():
            clo, chi = sent.clause_bounds[cc]
            np = self._clause_initial_np(sent, clo, chi, need_predicate=True)
            if np is not None:
                left.subject = np
                left.subject_source = "topic"
                return

    def _clause_initial_np(self, sent: _Sent, lo: int, hi: int, need_predicate: bool = False) -> tuple[int, int] | None:
        kinds = sent.kinds
        k = lo
        while k < hi:
            kd = kinds[k]
            if kd in (A, T, S):
                k += 1
                continue
            if kd == R and sent.words[k] not in PASSIVE_MARKERS:
                np = self._np_right(sent, k + 1, hi)
                if np is None:
                    return None
                k = np[1]
                continue
            if kd in NOMINAL or kd == O:
                np = self._np_right(sent, k, hi)
                if np is None or np[1] > hi:
                    return None
                if self._is_amount_or_time(sent, np) or self._is_non_participant(sent, np) \
                        or all(sent.words[j] in self._nominal_words for j in range(*np)):
                    k = np[1]
                    continue
                nxt = np[1]
                if nxt >= hi:
                    return None if need_predicate else (np if not need_predicate else None)
                if kinds[nxt] in (A, R, V, T, S) or (kinds[nxt] == C and sent.words[nxt] in PASSIVE_MARKERS):
                    return np
                return None
            return None
        return None

    def _parse_right(self, sent: _Sent, te: int) -> _Right:
        kinds, words = sent.kinds, sent.words
        res = _Right()
        if te >= len(words):
            return res
        hi = sent.clause_bounds[sent.clause[te - 1]][1]
        k = te
        if k < hi and kinds[k] == S:
            return res  # "荣耀20系列正式发布 DXO获高分": a space after the trigger ends its phrase
        if k < hi and words[k] in self._modifier_heads:
            res.modifier = True
            return res
        while k < hi and (kinds[k] == S or words[k] in self._aspect):
            k += 1
        if k >= hi:
            return res
        kd = kinds[k]
        if kd == L:
            np = self._np_right(sent, k + 1, hi)
            if np is not None:
                res.relative = np
            return res
        if kd in (R, C) and words[k] in self._preps:
            pw = words[k]
            np = self._np_right(sent, k + 1, hi)
            if np is not None:
                res.after[pw] = np
                k2 = np[1]
                if k2 < hi and kinds[k2] == L:
                    rel = self._np_right(sent, k2 + 1, hi)
                    if rel is not None:
                        res.relative = rel
            return res
        if kd in NOMINAL or kd == O:
            if kd == F:
                return res
            np = self._np_right(sent, k, hi)
            if np is not None and _COUNT_ONLY_RE.fullmatch(sent.text, sent.starts[np[0]] - sent.start,
                                                          sent.ends[np[1] - 1] - sent.start):
                np = self._through_modifiers(sent, np, hi)
            if np is not None and not self._verbal_np(sent, np):
                res.object = np
                k2 = np[1]
                if k2 < hi and kinds[k2] in (R, C) and words[k2] in self._preps:
                    np2 = self._np_right(sent, k2 + 1, hi)
                    if np2 is not None:
                        res.after[words[k2]] = np2
        return res

    # --- noun phrases ----------------------------------------------------------------------------

    def _np_left(self, sent: _Sent, k: int, lo: int, allow_de: bool = True) -> tuple[int, int] | None:
        """Noun phrase ending at token k (inclusive), scanning left no further than lo."""
        kinds, words = sent.kinds, sent.words
        if k < lo:
            return None
        start = None
        j = k
        while j >= lo:
            kd = kinds[j]
            if kd == F and start is not None:
                # "车展上 | 兰博基尼": a locative postposition ends the phrase; "前 | 百度研究员" is kept
                if words[j] in self._former and (j - 1 < lo or kinds[j - 1] not in NOMINAL):
                    start = j
                break
            if kd in NOMINAL:
                start = j
                j -= 1
                continue
            if kd == Q:
                m = self._match_open(sent, j, lo)
                if m is None:
                    break
                start = m
                j = m - 1
                continue
            if start is None:
                break
            if kd == S or kd == C:
                if j - 1 >= lo and (kinds[j - 1] in NOMINAL or kinds[j - 1] == Q) and words[j] not in PASSIVE_MARKERS:
                    if kd == C and words[j] in ("和", "与", "跟", "同") and kinds[j - 1] == F:
                        break
                    j -= 1
                    continue
                break
            if kd == V and j - 1 >= lo and kinds[j - 1] in NOMINAL and self._product_head(sent, k) \
                    and words[j] not in self.by_word and words[j] not in self._verb_words:
                j -= 1  # "魔兽世界经典 怀旧 服": a verb inside a product name
                continue
            if kd == L and allow_de:
                if j - 1 >= lo and (kinds[j - 1] in NOMINAL or kinds[j - 1] == Q):
                    mod = self._np_left(sent, j - 1, lo, allow_de=False)
                    if mod is None:
                        break
                    before = mod[0] - 1
                    if before >= lo and kinds[before] in (V, R):
                        break  # relative clause: keep only the head
                    if words[mod[0]] in self._non_participants and mod[1] - mod[0] == 1:
                        break  # "它的 mate30": drop the pronoun
                    start = mod[0]
                    j = mod[0] - 1
                    continue
                break
            break
        if start is None:
            return None
        return self._trim(sent, start, k + 1)

    def _through_modifiers(self, sent: _Sent, np: tuple[int, int], hi: int) -> tuple[int, int]:
        """"发布了一款 | 带有彩虹主题的免费壁纸", "发布了首批 | 自主品牌5G终端产品": a count or a bare
        modifier is no product; the object runs on through its modifiers to the first product head."""
        j = np[1]
        de = None
        for m in range(np[1], min(hi, np[1] + 15)):
            w = sent.words[m]
            if _PUNCT_BREAK_RE.fullmatch(w):
                break
            if w == "的" and de is None:
                de = m
            if self._product_head(sent, m) or _ends_with_listed(w, self._product_cues) or _PROPER_TEXT_RE.search(w):
                j = self._nominal_run_end(sent, m, hi)
                break
        if j == np[1] and de is not None and de + 1 < hi and sent.kinds[de + 1] in NOMINAL:
            j = self._nominal_run_end(sent, de + 1, hi)  # "一款带有彩虹主题的 | 免费壁纸"
        return (np[0], j) if j > np[1] else np

    def _nominal_run_end(self, sent: _Sent, m: int, hi: int) -> int:
        """End of the noun run from m, across spaces inside a name ("Windows 10 PC")."""
        j = m + 1
        while j < hi and not _PUNCT_BREAK_RE.fullmatch(sent.words[j]) and (
                sent.kinds[j] in NOMINAL or (sent.words[j].isspace() and j + 1 < hi and sent.kinds[j + 1] in NOMINAL)):
            j += 1
        return j

    def _np_right(self, sent: _Sent, k: int, hi: int) -> tuple[int, int] | None:
        """Noun phrase starting at token k, scanning right up to hi (exclusive)."""
        kinds, words = sent.kinds, sent.words
        end = None
        j = k
        if j < hi and words[j] in self._non_participants and j + 1 < hi and kinds[j + 1] == L:
            j += 2  # "它的 mate30国行系列"
            k = j
        while j < hi:
            kd = kinds[j]
            if words[j] in ("等", "等等") and end is not None:
                break  # "A、B和C等四款产品": the list ends here
            if kd == F:
                if end is None and words[j] in self._former:
                    j += 1
                    continue
                if end is not None and sent.tags[j - 1] in ("x", "nr", "nrt", "nrfg", "eng") and (
                        j + 1 >= hi or kinds[j + 1] not in NOMINAL):
                    end = j + 1  # "阿米|里": the last character of a name, not a postposition
                break
            if kd in NOMINAL:
                if end is not None and words[j] in self._attribute_nouns and self._looks_like_product(
                        sent.text[sent.starts[k] - sent.start:sent.ends[end - 1] - sent.start]):
                    break  # "iPhone 15 | 销量火爆": an attribute of the product, not part of its name
                j += 1
                end = j
                continue
            if kd == O:
                m = self._match_close(sent, j, hi)
                if m is None:
                    break
                j = m + 1
                end = j
                continue
            if end is None:
                break
            if kd == S or kd == C or kd == L:
                if kd == C and words[j] in PASSIVE_MARKERS:
                    break
                if kd == C and words[j] in ("与", "跟", "同") :
                    break  # "Note 10 与 Gear VR 不兼容": after the head 与 is a preposition
                if j + 1 < hi and (kinds[j + 1] in NOMINAL or kinds[j + 1] == O):
                    j += 1
                    continue
                break
            if kd == V and words[j] not in self.by_word and words[j] not in self._verb_words:
                # "无线 充电 宝青春版", "智能 穿戴 设备": a verb inside a product name, when the
                # phrase goes on to a product head
                m = j + 1
                while m < hi and kinds[m] in (N, M):
                    m += 1
                if m > j + 1 and self._product_head(sent, m - 1):
                    j = m
                    end = m
                    continue
            break
        if end is None:
            return None
        return self._trim(sent, k, end)

    def _looks_like_product(self, text: str) -> bool:
        return bool(_MODEL_RE.search(text) or self._product_cue_re.search(text))

    def _product_head(self, sent: _Sent, j: int) -> bool:
        w = sent.words[j]
        return w in self._product_cues or w[-1:] in self._product_cues or bool(_MODEL_RE.search(w))

    def _match_open(self, sent: _Sent, j: int, lo: int) -> int | None:
        depth = 0
        for m in range(j, lo - 1, -1):
            kd = sent.kinds[m]
            if kd == Q:
                depth += 1
            elif kd == O:
                depth -= 1
                if depth == 0:
                    return m
            elif kd == P:
                return None
        return None

    def _match_close(self, sent: _Sent, j: int, hi: int) -> int | None:
        depth = 0
        for m in range(j, hi):
            kd = sent.kinds[m]
            if kd == O:
                depth += 1
            elif kd == Q:
                depth -= 1
                if depth == 0:
                    return m
            elif kd == P:
                return None
        return None

    def _trim(self, sent: _Sent, i: int, j: int) -> tuple[int, int] | None:
        kinds, words, tags = sent.kinds, sent.words, sent.tags
        while i < j and (kinds[i] in (S, C, L) or (kinds[i] == F and words[i] not in self._former)):
            i += 1
        while j > i and (kinds[j - 1] in (S, C, L) or words[j - 1] in ("等", "等等")
                         or (tags[j - 1] == "a" and len(words[j - 1]) > 1)
                         or (kinds[j - 1] == F and not (j - 2 >= i and tags[j - 2] in ("x", "nr", "nrt", "nrfg", "eng")))):
            j -= 1  # a trailing 上/中/后 goes, unless it ends a name ("阿米里")
        if i >= j:
            return None
        return i, j

    def _is_amount_or_time(self, sent: _Sent, np: tuple[int, int]) -> bool:
        if sent.words[np[1] - 1].endswith(("轮", "级")):
            return True  # "千万级Pre-A轮", "5亿元B轮": a funding round
        for j in range(np[0], np[1]):
            kd = sent.kinds[j]
            w = sent.words[j]
            if kd in (M, T, S) or w in self._amount_units or _ROUND_RE.match(w):
                continue
            return False
        return True

    def _is_non_participant(self, sent: _Sent, np: tuple[int, int]) -> bool:
        text = sent.text[sent.starts[np[0]] - sent.start:sent.ends[np[1] - 1] - sent.start]
        return text in self._non_participants

    def _conjuncts(self, sent: _Sent, np: tuple[int, int], person: bool) -> list[tuple[int, int]]:
        kinds, words = sent.kinds, sent.words
        parts: list[tuple[int, int]] = []
        depth = 0
        s = np[0]
        for j in range(np[0], np[1]):
            kd = kinds[j]
            if kd == O:
                depth += 1
            elif kd == Q:
                depth = max(0, depth - 1)
            elif kd == C and depth == 0 and words[j] != "兼":
                if j > s:
                    parts.append((s, j))
                s = j + 1
        if s < np[1]:
            parts.append((s, np[1]))
        parts = [p for p in (self._trim(sent, a, b) for a, b in parts) if p is not None]
        if len(parts) <= 1:
            return [np]
        if person:
            # "熙菱信息副总经理、技术总监刘朋冲": a conjunct with no name after its titles is one more
            # title of the next person, not a person of its own
            if any(not self._name_after_titles(sent, p) for p in parts[:-1]):
                return [np]
        else:
            # "小米CC9、小米CC9e和小米CC9美图定制版三款手机": the count after the list sums it up
            a, b = parts[-1]
            for j in range(a + 1, b - 1):
                if kinds[j] == M and kinds[j + 1] == M and kinds[j - 1] != M:
                    parts[-1] = (a, j)
                    break
        return parts

    def _person_or_label(self, ctx, sent: _Sent, np: tuple[int, int]) -> str | None:
        """The phrase's label; PERSON also for a title followed by a name ("主帅斯塔姆")."""
        label = self._np_label(ctx, sent, np)
        if label is None:
            text = sent.text[sent.starts[np[0]] - sent.start:sent.ends[np[1] - 1] - sent.start]
            if self.lex.title_re is not None and self.lex.title_re.search(text) and self._name_after_titles(sent, np):
                label = "PERSON"
        return label

    def _choose_role(self, ctx, sent: _Sent, trule: TypeRule, alts: list[str], np: tuple[int, int]) -> str:
        """Role for a position that takes one of several ("subject: person|to_org"): the first whose
        labels accept the phrase's label; a phrase of unknown label takes the first."""
        label = self._person_or_label(ctx, sent, np)
        if label is None:
            return alts[0]
        for alt in alts:
            labs = trule.labels.get(alt, ("ANY",))
            if label in labs:
                return alt
        return alts[0]

    def _ends_with_title(self, text: str) -> bool:
        return self._title_end_re is not None and self._title_end_re.search(text) is not None

    def _name_after_titles(self, sent: _Sent, np: tuple[int, int]) -> bool:
        text = sent.text[sent.starts[np[0]] - sent.start:sent.ends[np[1] - 1] - sent.start]
        if self.lex.title_re is None:
            return True
        last = None
        for m in self.lex.title_re.finditer(text):
            last = m
        if last is None:
            return True
        tail = text[last.end():]
        # a name: 1-4 Chinese characters or a Latin name, not "之日起"
        return bool(tail) and (bool(_NAME_TAIL_RE.fullmatch(tail)) or tail.isascii())

    def _generic_person(self, text: str) -> bool:
        """"又一高管", "两名董事": a person phrase without a name (not a merge key)."""
        rest = _QUANT_RE.sub("", text)
        if self.lex.title_re is not None:
            rest = self.lex.title_re.sub("", rest)
        return rest == "" or rest in self._former

    # --- labels and argument building ------------------------------------------------------------

    def _np_label(self, ctx: "_DocContext", sent: _Sent, np: tuple[int, int], strict: bool = False) -> str | None:
        """PERSON / ORG / EVENT for a phrase headed by such an entity (strict: that covers most of
        it), ORG for an organisation-like phrase, else None."""
        s, e = sent.starts[np[0]], sent.ends[np[1] - 1]
        idx = ctx.head_entity(s, e)
        if idx is not None:
            ent = ctx.entities[idx]
            if not strict or (min(ent.end, e) - max(ent.start, s)) * 5 >= (e - s) * 3:
                return ent.label
        if np[1] - np[0] == 1 and sent.tags[np[0]] in ("nr", "nrfg", "nrt"):
            return "PERSON"
        if self._span_org_like(ctx, s, e, use_entities=False):
            return "ORG"
        return None

    def _is_org_like(self, ctx, sent: _Sent, np: tuple[int, int]) -> bool:
        return self._span_org_like(ctx, sent.starts[np[0]], sent.ends[np[1] - 1])

    def _span_org_like(self, ctx: "_DocContext", s: int, e: int, use_entities: bool = True) -> bool:
        if use_entities:
            idx = ctx.head_entity(s, e)
            if idx is not None:
                return ctx.entities[idx].label == "ORG"
        text = ctx.text[s:e].rstrip("）)")
        if not text:
            return False
        if self._stock_code_re.fullmatch(ctx.text[s:e]):
            return True
        if text in self._org_refs:
            return True
        if text.endswith(self._org_suffixes) and len(text) > 1:
            return True
        # "网红电商Revolve", "美国电商企业The RealReal": an organisation word, then its name
        return self._org_then_name_re.search(text) is not None

    def _add_np(self, ctx: "_DocContext", sent: _Sent, trule: TypeRule, args: list[_Arg], role: str,
                np: tuple[int, int], unresolved: set[str] | None = None) -> None:
        if "|" in role:
            alts = role.split("|")
            parts = self._conjuncts(sent, np, person="person" in alts)
            if len(parts) > 1:  # "大范甘迪与特纳体育签约": each conjunct takes its own role
                for part in parts:
                    self._add_np(ctx, sent, trule, args, self._choose_role(ctx, sent, trule, alts, part), part,
                                 unresolved)
                return
            role = self._choose_role(ctx, sent, trule, alts, np)
        allowed = trule.labels.get(role, ("ANY",))
        is_person_role = role == "person"
        for part in self._conjuncts(sent, np, person=is_person_role or role == "role"):
            s, e = sent.starts[part[0]], sent.ends[part[1] - 1]
            if role == "role":
                self._add_titles(ctx, sent, trule, args, part, object_role=True)
                continue
            label = self._np_label(ctx, sent, part)
            if "ANY" not in allowed and label is not None and label not in allowed:
                continue
            e = ctx.trim_glued(s, e)
            text = ctx.text[s:e]
            if text in self._non_participants:
                continue
            if role in ("org", "to_org") and self._ends_with_title(text):
                continue  # "加盟转型教练": a position, not an organisation
            if role == "product":
                for attr in self._attribute_nouns:  # "兰博基尼Sián 官图": not part of the name
                    if text.endswith(attr) and len(text) > len(attr) and self._looks_like_product(text[:-len(attr)]):
                        e -= len(attr)
                        text = text[:-len(attr)]
                        break
            if role == "product" and "旗下" in text:
                # "开瑞新能源旗下的全新车型海豚EV": owner + product
                cut = text.index("旗下")
                owner = text[:cut].rstrip("的之 ")
                after = cut + 2 + (len(text[cut + 2:]) - len(text[cut + 2:].lstrip("的之 ")))
                if owner and "org" in trule.labels:
                    args.append(_Arg("org", s, s + len(owner), ctx.inner_entity(s, s + len(owner), "ORG")))
                if after < len(text):
                    s = s + after
                    text = ctx.text[s:e]
            if role in ("org", "to_org") and text in self._org_refs:
                ante = ctx.antecedent_org(s)
                if ante is None:
                    if unresolved is not None:
                        unresolved.add(role)  # "公司上市": an organisation, just not a named one
                    continue
                args.append(_Arg(role, ante[0], ante[1], ante[2]))
                continue
            if role in ("person", "product") and text in self._org_refs:
                continue
            wanted = "PERSON" if is_person_role else ("ORG" if role in ("org", "to_org") else None)
            if wanted is not None:  # "前百度研究员李|明远": the phrase ends inside a name; the name wins
                e = ctx.end_of_cut_entity(s, e, wanted)
            ent = ctx.inner_entity(s, e, wanted)
            args.append(_Arg(role, s, e, ent))
            if is_person_role:
                self._add_titles(ctx, sent, trule, args, part, object_role=False)

    def _add_titles(self, ctx: "_DocContext", sent: _Sent, trule: TypeRule, args: list[_Arg],
                    np: tuple[int, int], object_role: bool) -> None:
        """Apposition: '[org] [title]+ [name]' -> role arguments and the organisation in front."""
        s, e = sent.starts[np[0]], sent.ends[np[1] - 1]
        text = ctx.text[s:e]
        title_re = self.lex.title_re
        matches = []
        if title_re is not None:
            for m in title_re.finditer(text):
                # a title must start at a token boundary
                if (s + m.start()) in sent.by_start:
                    matches.append(m)
        if not matches:
            if object_role:
                args.append(_Arg("role", s, e))
            return
        for m in matches:
            args.append(_Arg("role", s + m.start(), s + m.end()))
        prefix_end = matches[0].start()
        prefix = text[:prefix_end]
        former = False
        lead = 0
        for fm in sorted(self._former, key=len, reverse=True):
            if prefix.startswith(fm) and (s + len(fm)) in sent.by_start:
                former = True
                lead = len(fm)
                break
        org_text = _ORDINAL_RE.sub("", prefix[lead:].rstrip("的之 "))  # "公司第四届监事会…": 公司
        role = trule.apposition.get("former" if former else "org", "")
        if not role or not org_text or _COUNT_OR_TENURE_RE.fullmatch(org_text):
            return  # "两位高管", "第三位高管", "时任国防部长": a count or a tenure, no organisation
        os_, oe = s + lead, s + lead + len(org_text)
        if org_text in self._org_refs:
            ante = ctx.antecedent_org(os_)
            if ante is not None:
                args.append(_Arg(role, ante[0], ante[1], ante[2]))
            return
        # a place name alone ("德国国防部长") is no organisation
        k0 = sent.by_start.get(os_)
        k1 = sent.by_end.get(oe)
        if k0 is None or k1 is None:
            return
        if all(sent.tags[j] == "ns" for j in range(k0, k1 + 1)):
            return
        ent = ctx.inner_entity(os_, oe, "ORG")
        if ent is not None and ctx.entities[ent].label != "ORG":
            return
        args.append(_Arg(role, os_, oe, ent))

    # --- merging -------------------------------------------------------------------------------

    def _merge(self, found: list[tuple[EventMatch, int, str | None]]) -> list[EventMatch]:
        """Merge mentions of one event: same type and the same key argument (the type's ``merge``
        role), or a mention without a key next to one (same sentence, or within 120 characters)."""
        groups: list[list[int]] = []
        by_key: dict[tuple[str, str], int] = {}
        keyless: list[int] = []
        for n, (event, _sstart, key) in enumerate(found):
            if not self.types[event.type].merge:
                groups.append([n])
            elif key is None:
                keyless.append(n)
            elif (event.type, key) in by_key:
                groups[by_key[(event.type, key)]].append(n)
            else:
                by_key[(event.type, key)] = len(groups)
                groups.append([n])
        for n in keyless:
            event, sstart, _key = found[n]
            best = None
            for g, members in enumerate(groups):
                for m in members:
                    other, ostart, _ = found[m]
                    if other.type != event.type or not self.types[other.type].merge:
                        continue
                    dist = abs(other.trigger_start - event.trigger_start)
                    if ostart == sstart or dist <= 120:
                        if best is None or dist < best[0]:
                            best = (dist, g)
            if best is None:
                groups.append([n])
            else:
                groups[best[1]].append(n)
        events: list[EventMatch] = []
        for members in groups:
            if len(members) == 1:
                events.append(found[members[0]][0])
                continue
            ranked = sorted(members, key=lambda m: (found[m][0].modality != "asserted", found[m][2] is None,
                                                    found[m][0].trigger_start))
            first = found[ranked[0]][0]
            roles = {a.role for a in first.arguments}
            extra: list[EventArgument] = []
            date_index, date_source = first.date_index, first.date_source
            for m in ranked[1:]:
                other = found[m][0]
                for a in other.arguments:
                    if a.role not in roles:
                        extra.append(a)
                roles |= {a.role for a in other.arguments}
                if date_index is None:
                    date_index, date_source = other.date_index, other.date_source
            events.append(EventMatch(first.type, first.trigger_start, first.trigger_end, first.rule_id,
                                     first.arguments + tuple(extra), first.modality, date_index, date_source))
        events.sort(key=lambda ev: (ev.trigger_start, ev.type))
        return events

    # --- sentence preparation ------------------------------------------------------------------

    def _word_kind(self, w: str, tag: str) -> str:
        """Kind of one word (before time expressions and spaces are resolved in context)."""
        if w in self._punct:
            return P
        if w.isspace():
            return S
        if w in self._open:
            return O
        if w in self._close:
            return Q
        if w in self.by_word or w in self._verb_words:
            return V  # another trigger is a verb, never phrase material
        if w in self._linkers:
            return L
        if w in self._coord:
            return C
        if w in self._preps:
            return R
        if w in self._time_words:
            return T
        if w in self._adverbials or w in self._aspect:
            return A
        if w in self._nominal_words:
            return N
        if tag.startswith("n") or tag in _NOMINAL_TAGS:
            return N
        if tag in ("m", "q", "mq"):
            return M
        if tag == "x":
            return N if (w in self._symbols or _CJK_RE.search(w) or w[0].isalnum()) else P
        if tag in ("d", "ad", "dg", "c"):
            return A  # adverbs; conjunctions that are no coordinators ("而", "并")
        if tag in ("t", "tg"):
            return T
        if tag == "f":
            return F
        if tag == "p":
            return R
        if tag in ("y", "e"):
            return P
        if tag in ("uj", "ul", "uz", "ug"):
            return A
        if w in ("等", "等等"):
            return N
        return V

    def classify(self, words: list[str], tags: list[str], starts: list[int],
                 time_spans: list[tuple[int, int]]) -> list[str]:
        """Token kinds of one sentence: the cached kind of each (word, tag), then time expressions
        and spaces resolved in context."""
        cache = self._kind_cache
        try:
            kinds = [cache[wt] for wt in zip(words, tags)]
        except KeyError:
            if len(cache) > 500_000:
                cache.clear()
            kinds = []
            for wt in zip(words, tags):
                kd = cache.get(wt)
                if kd is None:
                    kd = cache[wt] = self._word_kind(*wt)
                kinds.append(kd)
        trig, sym, opn, cls_ = self.by_word, self._symbols, self._open, self._close
        # time expressions (regex + date matches) -> T
        if time_spans:
            n = len(words)
            for ts, te in time_spans:
                k = bisect.bisect_left(starts, ts)
                if k > 0 and starts[k - 1] + len(words[k - 1]) > ts:
                    k -= 1  # a token straddling the start
                while k < n and starts[k] < te:
                    if kinds[k] in (N, M, F, V, A) and words[k] not in trig:
                        kinds[k] = T
                    k += 1
        # spaces: inside a name after Latin letters, digits or a bracket ("Mate 30", "RS Q3 车型",
        # "兰博基尼（Lamborghini） 发布"); after a Chinese character a space separates headline parts
        # ("庄立峰辞职 去年公司净利润", "变速箱 2019款乘龙")
        for k in [k for k, kd in enumerate(kinds) if kd == S] if S in kinds else ():
            if True:
                prev = words[k - 1][-1] if k > 0 else ""
                nxt = words[k + 1][0] if k + 1 < len(words) else ""
                if not prev or not nxt or "\n" in words[k] or not (
                        (prev.isascii() and prev.isalnum()) or prev in cls_ or prev in opn or nxt in cls_
                        or nxt in opn or prev in sym or kinds[k - 1] == L or kinds[k - 1] == C
                        or ((words[k - 1] in self._nominal_words or kinds[k - 1] == M) and nxt.isascii() and nxt.isalnum())):
                    kinds[k] = P
        # a dash between two nouns joins an apposition ("超级跑车—Sián"); elsewhere it ends a clause
        for k in [k for k, w in enumerate(words) if w in ("—", "——")] if ("—" in words or "——" in words) else ():
            if 0 < k < len(words) - 1 and kinds[k - 1] in (N, Q) and kinds[k + 1] in (N, O):
                kinds[k] = S
        return kinds


def doc_text(doc: Doc) -> str:
    """``doc.text`` without creating a Token object per word (``Doc.text`` does, and costs more than
    the event stage itself on a long article)."""
    if len(doc) == 0:
        return ""
    arr = doc.to_array(["ORTH", "SPACY"])
    if arr[:, 1].any():
        return doc.text
    hashes = arr[:, 0].tolist()
    cache = _ORTH_CACHE
    try:
        return "".join([cache[h] for h in hashes])
    except KeyError:
        if len(cache) > 2_000_000:
            cache.clear()
        strings = doc.vocab.strings
        for h in hashes:
            if h not in cache:
                cache[h] = strings[h]
        return "".join([cache[h] for h in hashes])


class _DocContext:
    """Per-document lookups: sentences (built lazily), entity and date indexes."""

    def __init__(self, ex: EventExtractor, doc: Doc, text: str, entities: list[EntityMatch], dates: list[DateMatch]):
        self.ex = ex
        self.doc = doc
        self.text = text
        self.entities = entities
        self.dates = dates
        self._sents: dict[int, _Sent] = {}
        order = sorted(range(len(entities)), key=lambda i: (entities[i].start, -entities[i].end))
        self.ent_order = order
        self.ent_starts = [entities[i].start for i in order]
        dorder = sorted((i for i, d in enumerate(dates)
                         if d.type in ("DATE", "TIME") and d.end > d.start and not self._in_model_name(d.start, d.end)
                         and not self._is_dateline(d.start, d.end)),
                        key=lambda i: dates[i].start)
        self.date_order = dorder
        self.date_starts = [dates[i].start for i in dorder]
        self._tok_idx: list[int] | None = None
        self._tok_tags: list = []  # tag hashes from a Doc, or tag strings from Tokens
        self._tags_are_strings = False
        self._sent_tok: list[int] = []
        self.dict_tags = dictionary_tags()

    def _is_dateline(self, s: int, e: int) -> bool:
        """A date opening a paragraph as the report's dateline ("新华社北京11月8日电",
        "北京时间11月8日早间消息"): when the report was filed, not when the event happened."""
        line_start = self.text.rfind("\n", 0, s) + 1
        if s - line_start > 20 or self.ex._clause_punct_re.search(self.text, line_start, s):
            return False
        return self.ex._dateline_re.match(self.text, e) is not None

    def _in_model_name(self, s: int, e: int) -> bool:
        """A 'date' glued to Latin letters or digits is part of a name ("RS Q3", "Q2 2019" is kept)."""
        text = self.text
        if text[e - 1:e] in ("年", "月", "日", "号"):
            return False  # "2007年hpv疫苗上市": a calendar date ends in its own unit, Latin may follow
        before = text[s - 1] if s > 0 else ""
        if before == " " and s > 1:
            before = text[s - 2] if text[s - 2].isascii() and text[s - 2].isalpha() else ""
        after = text[e] if e < len(text) else ""
        return (before.isascii() and before.isalnum()) or (after.isascii() and after.isalpha())

    # sentences ------------------------------------------------------------------------------------
    def _index(self) -> None:
        """Token offsets, tags and sentence starts of the whole document, read once as arrays
        (creating spaCy Token objects per word would cost more than the whole event stage)."""
        doc = self.doc
        if isinstance(doc, Tokens):  # the pipeline's plain columns: no Doc to read back
            self._tok_idx = doc.starts
            self._tok_tags = doc.tags
            self._tags_are_strings = True
            self._sent_tok = list(compress(range(len(doc.sent_starts)), doc.sent_starts)) or [0]
            if self._sent_tok[0] != 0:
                self._sent_tok.insert(0, 0)
            return
        if len(doc) == 0:
            self._tok_idx, self._tok_tags, self._sent_tok = [], [], [0]
            return
        arr = doc.to_array(["IDX", "TAG", "SENT_START"])
        self._tok_idx = arr[:, 0].tolist()
        self._tok_tags = arr[:, 1].tolist()  # hashes; turned into strings per sentence
        starts = (arr[:, 2] == 1).nonzero()[0].tolist()
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        self._sent_tok = starts

    def may_align(self, start: int, end: int) -> bool:
        """Cheap test on the raw tokens before a sentence is analysed: the trigger starts and ends
        at word boundaries, or sits in one word the sentence analysis may still split or accept."""
        if self._tok_idx is None:
            self._index()
        idx = self._tok_idx
        if not idx:
            return False
        t = bisect.bisect_right(idx, start) - 1
        u = bisect.bisect_left(idx, end)
        end_ok = u == len(idx) and end == len(self.text) or (u < len(idx) and idx[u] == end)
        if idx[t] == start and end_ok:
            return True
        if t + 1 < len(idx) and idx[t + 1] < end:
            return False  # crosses a word boundary inside the trigger
        b = idx[t + 1] if t + 1 < len(idx) else len(self.text)
        word = self.text[idx[t]:b]
        pre = word[: start - idx[t]]
        post = word[end - idx[t]:]
        if (pre == "" or pre in self.ex._adverbials) and (post == "" or post in self.ex._glued_after):
            return True
        return post == "" and len(word) >= 3  # possibly a name glued to the trigger ("冯洁仪辞任")

    def sentence_span(self, char: int) -> tuple[int, int]:
        """Character span of the sentence holding char (the index is built by may_align)."""
        idx = self._tok_idx
        t = bisect.bisect_right(idx, char) - 1
        p = bisect.bisect_right(self._sent_tok, t) - 1
        first = self._sent_tok[p]
        last = self._sent_tok[p + 1] if p + 1 < len(self._sent_tok) else len(idx)
        return idx[first], (idx[last] if last < len(idx) else len(self.text))

    def sentence_at(self, char: int) -> _Sent | None:
        if self._tok_idx is None:
            self._index()
        idx = self._tok_idx
        if not idx:
            return None
        t = bisect.bisect_right(idx, char) - 1
        if t < 0:
            return None
        p = bisect.bisect_right(self._sent_tok, t) - 1
        first = self._sent_tok[p]
        sent = self._sents.get(first)
        if sent is None:
            last = self._sent_tok[p + 1] if p + 1 < len(self._sent_tok) else len(idx)
            sent = self._build(first, last)
            self._sents[first] = sent
        return sent

    def _glued_cut(self, word: str, start: int, trig: dict) -> int:
        """Where to split a word jieba's HMM made of a name plus a trigger or a function character
        ("冯洁仪辞任", "徐敬惠因"); 0 when it stays whole."""
        for n in (3, 2):
            if len(word) - n >= 2 and word[-n:] in trig:
                return len(word) - n
        if word[0] in _FUNCTION_CHARS and (word[1:] in self.dict_tags or word[1:] in self.ex._titles):
            return 1  # "因高管"
        if word[-1] in _FUNCTION_CHARS:
            end = start + len(word) - 1
            lo = bisect.bisect_left(self.ent_starts, start)
            for pos in range(lo, len(self.ent_order)):
                ent = self.entities[self.ent_order[pos]]
                if ent.start > start:
                    break
                if ent.end == end and ent.label == "PERSON":
                    return len(word) - 1
        return 0

    def _build(self, first: int, last: int) -> _Sent:
        trig = self.ex.by_word
        text = self.text
        idx = self._tok_idx
        n = len(idx)
        s0 = idx[first]
        e0 = idx[last] if last < n else len(text)
        starts = idx[first:last]
        ends = starts[1:] + [e0]
        words = [text[a:b] for a, b in zip(starts, ends)]
        cache = _TAG_CACHE
        hashes = self._tok_tags[first:last]
        try:
            tags = list(hashes) if self._tags_are_strings else [cache[h] for h in hashes]
        except KeyError:
            strings = self.doc.vocab.strings
            for h in hashes:
                if h not in cache:
                    cache[h] = strings[h] if h else ""
            tags = [cache[h] for h in hashes]
        split = [k for k, (w, t) in enumerate(zip(words, tags)) if t == "x" and len(w) >= 3]
        for k in reversed(split):
            w = words[k]
            cut = self._glued_cut(w, starts[k], trig)
            if cut:
                words[k:k + 1] = [w[:cut], w[cut:]]
                tags[k:k + 1] = ["x", "v" if w[cut:] in trig else "p"]
                starts[k:k + 1] = [starts[k], starts[k] + cut]
        if split:
            ends = [a + len(w) for a, w in zip(starts, words)]
        text = self.text[s0:e0]
        time_spans = [(m.start() + s0, m.end() + s0) for m in _TIME_RE.finditer(text)]
        if self.date_starts:
            lo = bisect.bisect_left(self.date_starts, s0)
            for i in self.date_order[lo:]:
                d = self.dates[i]
                if d.start >= e0:
                    break
                time_spans.append((d.start, d.end))
            time_spans.sort()
        kinds = self.ex.classify(words, tags, starts, time_spans)
        self._names_are_nouns(s0, e0, words, tags, starts, ends, kinds, trig)
        # clause k runs up to (not including) its punctuation token; the token itself belongs to it
        cuts = [k for k, kd in enumerate(kinds) if kd == P]
        bounds = []
        clause: list[int] = []
        prev = 0
        for c, k in enumerate(cuts):
            bounds.append((prev, k))
            clause += [c] * (k + 1 - prev)
            prev = k + 1
        bounds.append((prev, len(words)))
        clause += [len(cuts)] * (len(words) - prev)
        person_ends = frozenset(self.entities[i].end for i in self._entities_in(s0, e0)
                                if self.entities[i].label == "PERSON")
        n = len(words)
        return _Sent(s0, e0, text, words, tags, starts, ends, kinds, clause, bounds,
                     dict(zip(starts, range(n))), dict(zip(ends, range(n))), person_ends)

    def _names_are_nouns(self, s0: int, e0: int, words: list[str], tags: list[str], starts: list[int],
                         ends: list[int], kinds: list[str], trig: dict) -> None:
        """A token inside a PERSON/ORG mention is a noun, whatever jieba tagged it (微软/a, 联想/v):
        otherwise the phrase chunker does not see the subject of "微软发布了…"."""
        for i in self._entities_in(s0, e0):
            ent = self.entities[i]
            if ent.label not in ("PERSON", "ORG"):
                continue
            k = bisect.bisect_left(starts, ent.start)
            while k < len(words) and ends[k] <= ent.end:
                if (kinds[k] in (A, V) or tags[k] in _NON_NAME_TAGS) and words[k] not in trig:
                    kinds[k] = N
                    tags[k] = "nr" if ent.label == "PERSON" else "nt"
                k += 1

    # entities --------------------------------------------------------------------------------------
    def _entities_in(self, s: int, e: int) -> Iterable[int]:
        lo = bisect.bisect_left(self.ent_starts, s)
        for pos in range(lo, len(self.ent_order)):
            i = self.ent_order[pos]
            ent = self.entities[i]
            if ent.start >= e:
                break
            if ent.end <= e:
                yield i

    def head_entity(self, s: int, e: int) -> int | None:
        """The entity that ends the phrase [s, e) (its head), or that covers it."""
        best = None
        for i in self._entities_in(s, e):
            ent = self.entities[i]
            if ent.end == e or (ent.end >= e - 1 and self.text[ent.end:e] in ("）", ")")):
                if best is None or ent.start < self.entities[best].start:
                    best = i
        return best

    def trim_glued(self, s: int, e: int) -> int:
        """End of [s, e) without a function character glued to a name ending it ("徐敬惠因" -> "徐敬惠")."""
        if e - s < 3 or self.text[e - 1] not in _FUNCTION_CHARS:
            return e
        for i in self._entities_in(s, e):
            ent = self.entities[i]
            if ent.end == e - 1 and ent.label == "PERSON":
                return e - 1
        return e

    def end_of_cut_entity(self, s: int, e: int, label: str) -> int:
        """End of a ``label`` mention that starts inside [s, e) and runs past e (a few characters at
        most, no punctuation), else e."""
        lo = bisect.bisect_left(self.ent_starts, s)
        for pos in range(lo, len(self.ent_order)):
            ent = self.entities[self.ent_order[pos]]
            if ent.start >= e:
                break
            if ent.label == label and e < ent.end <= e + 4 and not _CLAUSE_BREAK_RE.search(self.text, e, ent.end):
                return ent.end
        return e

    def inner_entity(self, s: int, e: int, label: str | None) -> int | None:
        best = None
        for i in self._entities_in(s, e):
            ent = self.entities[i]
            if label is not None and ent.label != label:
                continue
            if best is None or ent.end > self.entities[best].end or \
                    (ent.end == self.entities[best].end and ent.start < self.entities[best].start):
                best = i
        return best

    def antecedent_org(self, pos: int) -> tuple[int, int, int | None] | None:
        """The organisation a '公司 / 该公司' at pos refers to: the nearest ORG entity before it,
        else an organisation introduced with a stock code ("金开利（831052）")."""
        lo = bisect.bisect_left(self.ent_starts, pos)
        for p in range(lo - 1, -1, -1):
            i = self.ent_order[p]
            ent = self.entities[i]
            if ent.label == "ORG" and ent.end <= pos:
                return ent.start, ent.end, i
        best = None
        for m in self.ex._stock_code_re.finditer(self.text, 0, pos):
            best = m
        if best is not None:
            start = best.start()
            for tw in sorted(self.ex._time_words, key=len, reverse=True):  # "近日金开利（831052）"
                if self.text.startswith(tw, start) and start + len(tw) < best.end():
                    start += len(tw)
                    break
            return start, best.end(), None
        return None

    # dates -----------------------------------------------------------------------------------------
    def nearest_date(self, sent: _Sent, ti: int, te: int) -> tuple[int | None, str]:
        """The date of the trigger's clause, else the nearest one before it in its sentence, with
        where it was found ("clause" / "sentence"); datelines are never taken."""
        if not self.date_order:
            return None, ""
        c = sent.clause[ti]
        clo, chi = sent.clause_bounds[c]
        cs = sent.starts[clo] if clo < len(sent.starts) else sent.start
        ce = sent.ends[chi - 1] if chi > clo else sent.end
        t0, t1 = sent.starts[ti], sent.ends[te - 1]
        best_clause = best_sent = None
        lo = bisect.bisect_left(self.date_starts, sent.start)
        for pos in range(lo, len(self.date_order)):
            i = self.date_order[pos]
            d = self.dates[i]
            if d.start >= sent.end:
                break
            if d.end > sent.end:
                continue
            if d.start < t1 and d.end > t0:
                continue  # overlaps the trigger
            dist = t0 - d.end if d.end <= t0 else d.start - t1
            if cs <= d.start and d.end <= ce:
                if best_clause is None or dist < best_clause[0]:
                    best_clause = (dist, i)
            elif d.end <= t0 and (best_sent is None or dist < best_sent[0]):
                # outside the clause only a date before the trigger ("6月27日，张三辞职"); one after
                # it belongs to what the sentence says next
                best_sent = (dist, i)
        if best_clause is not None:
            return best_clause[1], "clause"
        if best_sent is not None:
            return best_sent[1], "sentence"
        return None, ""
