"""Score the event rules on DuEE 1.0 (Baidu) event extraction data.

Each DuEE record (one news sentence or short passage) is segmented, run through the entity and date
extractors when they are importable (empty lists otherwise; dates get no anchor: DuEE has no
publication date) and through ``EventExtractor``. Only the DuEE types mapped to zhnews types are
scored (mapping: ``../shared/eval/README.md``, as data in ``rules/eval/duee_events.yaml``, read into
``TYPE_MAP``/``ROLE_MAP``).

Scores:
- trigger + type: a predicted event matches a gold one when the types are equal and the trigger
  offsets are equal (``exact``), or overlap (``overlap``). Gold triggers are stripped of surrounding
  white space (one DuEE trigger is " 发布").
- argument (role + text): multiset of (record, type, role, text) tuples, as in the DuEE baseline
  scorer: an argument is right when its record, event type, role and text are those of a gold
  argument, whichever trigger it hangs on. Only (type, role) pairs the mapping covers are scored:
  a role the mapping does not give for a type (e.g. ``person`` of ``personnel.fire``) is neither
  counted as a miss nor as a false positive. A mapping entry whose DuEE role is not in the DuEE
  schema (``被收购方``) is inactive. ``EXTENDED_ROLE_MAP`` adds the roles the README leaves out
  (解散方, 被解雇人员, 交易物, ...) for a second, informative figure. DuEE writes a person with
  the title in front ("副总经理张鹏宇"), zhnews the name as ``person`` and the title as ``role``: a
  gold argument of ``person_title_roles`` (mapping file) that is titles of the event lexicon, then
  a name, is scored as its name part (``GoldTitles``), in every DuEE file alike.
- modality: only ``asserted`` and ``scheduled`` events count as predictions (``SCORED_MODALITIES``):
  DuEE annotates a scheduled event ("将于10月17日发布") as an event; ``planned`` marks intentions
  (打算, 计划, 希望, 筹备上市), which DuEE does not annotate as events, and negated, hypothetical and
  denied events are no claims that the event happened either.

The traditional-script variant converts each text with OpenCC ``s2tw`` and back as the normalizer
does (the conversion its script detection picks: ``tw2s`` for Taiwan text); lengths are preserved on these data so gold offsets still apply (a record
whose length changes is skipped and counted), and predicted spans are read from the record's
original text at the predicted offsets (as the tables map them back to the original).

``speed`` measures the event stage against ``jieba.lcut`` on the first 2 MB of article bodies of
``../shared/bench/inews.jsonl`` (the budget: events add at most 15 % of jieba.lcut's time).

Nothing from DuEE is copied into the repository; ``benchmarks/eval_events.py`` prints the figures.
"""
from __future__ import annotations

import json
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .events import EventExtractor
from .events.loader import load_event_lexicon
from .events.phrases import name_after_last_title
from .events.vocabulary import NAME_TAIL_RE
from .records import DateMatch, EntityMatch, EventMatch
from .rules import DEFAULT_RULES_DIR, LINE_KEY, RuleError, load_yaml

DUEE_MAPPING = DEFAULT_RULES_DIR / "eval" / "duee_events.yaml"


def load_duee_mapping(path: Path = DUEE_MAPPING) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(DuEE type -> zhnews type, DuEE role -> zhnews role, the extended role map) from the
    evaluation data file ``rules/eval/duee_events.yaml``."""
    data = load_yaml(path)
    tables = []
    for name in ("types", "roles", "extended_roles"):
        table = data.get(name) if isinstance(data, dict) else None
        if not isinstance(table, dict):
            raise RuleError(path, None, f"missing mapping '{name}'", f"add '{name}:' with 'DuEE name: zhnews name' lines")
        tables.append({str(k): str(v) for k, v in table.items() if k != LINE_KEY})
    types, roles, extended = tables
    return types, roles, dict(roles, **extended)


TYPE_MAP, ROLE_MAP, EXTENDED_ROLE_MAP = load_duee_mapping()
LATIN_NAME_RE = re.compile(r"[A-Za-z][A-Za-z .·'-]*")


@dataclass(frozen=True)
class GoldTitles:
    """DuEE's person-with-title convention mapped to ours (``person_title_roles`` of the mapping file):
    a gold argument of ``roles`` that opens with titles, then a name, is scored as its name part."""
    roles: frozenset[str]
    title_re: re.Pattern | None
    joiners: tuple[str, ...]

    def name_part(self, role: str, text: str) -> tuple[str, int]:
        """(the argument's name part, its offset in ``text``); ``text`` itself (offset 0) unless it
        is titles then a name ("副总经理张鹏宇" -> "张鹏宇"), or an employer, titles and a name
        ("南国置业董事长薛志勇" -> "薛志勇": the employer is the org argument, the title the role)."""
        if role not in self.roles or self.title_re is None:
            return text, 0
        pos = 0
        while True:
            m = self.title_re.match(text, pos)
            if m is None:
                break
            pos = m.end()
            joiner = next((j for j in self.joiners if text.startswith(j, pos)), None)
            if joiner is not None and self.title_re.match(text, pos + len(joiner)):
                pos += len(joiner)
        rest = text[pos:]
        if pos and rest and (NAME_TAIL_RE.fullmatch(rest) or LATIN_NAME_RE.fullmatch(rest)):
            return rest, pos
        if pos == 0:  # the employer, then titles, then the name (南国置业董事长薛志勇): org and role are their own slots
            name = name_after_last_title(self.title_re, text)
            if name is not None:
                return text[name:], name
        return text, 0


def load_gold_titles(path: Path = DUEE_MAPPING, rules_dir: Path = DEFAULT_RULES_DIR) -> GoldTitles:
    """The roles of ``person_title_roles`` (mapping file) and the title list of the event lexicon."""
    data = load_yaml(path)
    roles = data.get("person_title_roles") if isinstance(data, dict) else None
    if not roles:
        return GoldTitles(frozenset(), None, ())
    lex = load_event_lexicon(rules_dir / "events" / "lexicon.yaml")
    joiners = tuple(sorted(lex.lists.get("title_joiners", frozenset()), key=len, reverse=True)) + ("、",)
    return GoldTitles(frozenset(str(r) for r in roles), lex.title_re, joiners)


GOLD_TITLES = load_gold_titles()


@dataclass(frozen=True)
class GoldQuotes:
    """DuEE's quoted products mapped to ours (``name_quote_roles`` of the mapping file): a gold argument
    that ends with a quoted name is scored as the name, without the descriptor or the marks."""
    roles: frozenset[str]
    closing: dict[str, str]  # closing mark -> opening mark

    def name_part(self, role: str, text: str) -> tuple[str, int]:
        opening = self.closing.get(text[-1:]) if role in self.roles and len(text) > 2 else None
        i = text.rfind(opening, 0, len(text) - 1) if opening else -1
        if i < 0 or i + 1 >= len(text) - 1:
            return text, 0
        return text[i + 1:-1], i + 1


def load_gold_quotes(path: Path = DUEE_MAPPING, rules_dir: Path = DEFAULT_RULES_DIR) -> GoldQuotes:
    """The roles of ``name_quote_roles`` (mapping file) and the ``name_quotes`` of the event lexicon."""
    data = load_yaml(path)
    roles = data.get("name_quote_roles") if isinstance(data, dict) else None
    if not roles:
        return GoldQuotes(frozenset(), {})
    lex = load_event_lexicon(rules_dir / "events" / "lexicon.yaml")
    quotes = {q[1]: q[0] for q in lex.lists.get("name_quotes", ()) if len(q) == 2}
    return GoldQuotes(frozenset(str(r) for r in roles), quotes)


GOLD_QUOTES = load_gold_quotes()
SCORED_MODALITIES = frozenset(("asserted", "scheduled"))


@dataclass
class GoldEvent:
    type: str
    trigger: str
    start: int
    end: int
    arguments: list[tuple[str, str, int]]  # zh role, text, start


@dataclass
class Record:
    id: str
    text: str
    events: list[GoldEvent]


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def add(self, other: "PRF") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict:
        return {"precision": round(self.p, 4), "recall": round(self.r, 4), "f1": round(self.f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}

    def row(self) -> str:
        return f"P {self.p:.3f}  R {self.r:.3f}  F1 {self.f:.3f}  (tp {self.tp}, fp {self.fp}, fn {self.fn})"


@dataclass
class Report:
    name: str
    trigger: PRF = field(default_factory=PRF)
    trigger_overlap: PRF = field(default_factory=PRF)
    per_type: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    argument: PRF = field(default_factory=PRF)
    argument_extended: PRF = field(default_factory=PRF)
    per_role: dict[tuple[str, str], PRF] = field(default_factory=lambda: defaultdict(PRF))
    misses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    false_positives: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    arg_misses: Counter = field(default_factory=Counter)
    arg_false_positives: Counter = field(default_factory=Counter)
    records: int = 0
    skipped: int = 0
    seconds: float = 0.0
    modalities: Counter = field(default_factory=Counter)


def load_schema(path: Path) -> dict[str, set[str]]:
    roles: dict[str, set[str]] = {}
    if not path.exists():
        return roles
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip():
            obj = json.loads(raw)
            roles[obj["event_type"]] = {r["role"] for r in obj.get("role_list", [])}
    return roles


def load_duee(path: Path, limit: int | None = None) -> list[Record]:
    records: list[Record] = []
    with Path(path).open(encoding="utf-8") as handle:
        for raw in handle:
            if not raw.strip():
                continue
            obj = json.loads(raw)
            events = []
            for ev in obj.get("event_list", []):
                trig = ev["trigger"]
                start = ev["trigger_start_index"]
                lead = len(trig) - len(trig.lstrip())
                trig_s = trig.strip()
                args = []
                for a in ev.get("arguments", []):
                    text = a["argument"]
                    alead = len(text) - len(text.lstrip())
                    name, off = GOLD_TITLES.name_part(a["role"], text.strip())
                    if not off:
                        name, off = GOLD_QUOTES.name_part(a["role"], name)
                    args.append((a["role"], name, a["argument_start_index"] + alead + off))
                events.append(GoldEvent(ev["event_type"], trig_s, start + lead, start + lead + len(trig_s), args))
            records.append(Record(obj.get("id", str(len(records))), obj["text"], events))
            if limit and len(records) >= limit:
                break
    return records


def split_half(records: list[Record], half: str | None) -> list[Record]:
    """The records whose text hashes into ``half`` ("tune" or "held"; None keeps all): the split of
    ``eval_entities.split_half``, stable across runs and machines, so the rules are tuned on one half
    (its errors read) and reported on the other (its figures only)."""
    if not half:
        return records
    import hashlib

    want = 0 if half == "tune" else 1
    return [r for r in records if hashlib.md5(r.text.encode("utf-8")).digest()[0] % 2 == want]


def _role_maps(schema: dict[str, set[str]], role_map: dict[str, str]) -> dict[str, dict[str, str]]:
    """zhnews type -> {DuEE role -> zhnews role}, only for roles present in the DuEE schema."""
    out: dict[str, dict[str, str]] = {}
    for zh_type, our_type in TYPE_MAP.items():
        roles = schema.get(zh_type)
        out[our_type] = {r: o for r, o in role_map.items() if roles is None or r in roles}
    return out


class Pipeline:
    """segment + entities + dates (when available) + events, on plain normalized text."""

    def __init__(self, rules_dir: Path = DEFAULT_RULES_DIR, engine: str | None = None, use_entities: bool = True,
                 use_dates: bool = True):
        from .segment import DEFAULT_ENGINE, Segmenter

        self.segmenter = Segmenter.from_rules(rules_dir, engine or DEFAULT_ENGINE)
        self.events = EventExtractor.from_rules(rules_dir)
        self.entities = None
        self.dates = None
        self.notes: list[str] = []
        if use_entities:
            try:
                from .entities import EntityExtractor

                self.entities = EntityExtractor.from_rules(rules_dir)
            except Exception as exc:  # the entity stage is optional for this evaluation
                self.notes.append(f"entities unavailable ({type(exc).__name__}: {exc}); using an empty list")
        if use_dates:
            try:
                from .dates import DateExtractor

                self.dates = DateExtractor.from_rules(rules_dir)
            except Exception as exc:
                self.notes.append(f"dates unavailable ({type(exc).__name__}: {exc}); using an empty list")

    def run(self, text: str) -> tuple[list[EventMatch], list[EntityMatch], list[DateMatch]]:
        doc = self.segmenter.make_doc(text)
        entities = self.entities.extract(doc) if self.entities is not None else []
        dates = self.dates.extract(text, None) if self.dates is not None else []
        return self.events.extract(doc, entities, dates), entities, dates


def evaluate(records: Iterable[Record], pipeline: Pipeline, schema: dict[str, set[str]], name: str = "simplified",
             convert: Callable[[str], str] | None = None, scored_modalities: frozenset[str] = SCORED_MODALITIES) -> Report:
    report = Report(name)
    maps = _role_maps(schema, ROLE_MAP)
    ext_maps = _role_maps(schema, EXTENDED_ROLE_MAP)
    started = time.perf_counter()
    for rec in records:
        text = rec.text
        if convert is not None:
            text = convert(text)
            if len(text) != len(rec.text):
                report.skipped += 1
                continue
        report.records += 1
        events, _entities, _dates = pipeline.run(text)
        for ev in events:
            report.modalities[ev.modality] += 1
        preds = [ev for ev in events if ev.type in maps and ev.modality in scored_modalities]
        golds = [ev for ev in rec.events if ev.type in TYPE_MAP]
        # Offsets align with the record's own text (lengths are preserved), so spans are read there:
        # the table would show them in the original script too.
        _score_triggers(report, rec, rec.text, preds, golds)
        _score_arguments(report, rec, rec.text, preds, golds, maps, report.argument, per_role=True)
        _score_arguments(report, rec, rec.text, preds, golds, ext_maps, report.argument_extended, per_role=False)
    report.seconds = time.perf_counter() - started
    return report


def _score_triggers(report: Report, rec: Record, text: str, preds: list[EventMatch], golds: list[GoldEvent]) -> None:
    gold_keys = Counter((TYPE_MAP[g.type], g.start, g.end) for g in golds)
    pred_keys = Counter((p.type, p.trigger_start, p.trigger_end) for p in preds)
    for key in set(gold_keys) | set(pred_keys):
        t = key[0]
        tp = min(gold_keys[key], pred_keys[key])
        fp = pred_keys[key] - tp
        fn = gold_keys[key] - tp
        stats = PRF(tp, fp, fn)
        report.trigger.add(stats)
        report.per_type[t].add(stats)
        if fp:
            report.false_positives[t][text[key[1]:key[2]]] += fp
        if fn:
            report.misses[t][text[key[1]:key[2]]] += fn
    # overlap matching (greedy, one-to-one)
    used: set[int] = set()
    tp = 0
    for p in preds:
        for gi, g in enumerate(golds):
            if gi in used or TYPE_MAP[g.type] != p.type:
                continue
            if p.trigger_start < g.end and g.start < p.trigger_end:
                used.add(gi)
                tp += 1
                break
    report.trigger_overlap.add(PRF(tp, len(preds) - tp, len(golds) - tp))


def _score_arguments(report: Report, rec: Record, text: str, preds: list[EventMatch], golds: list[GoldEvent],
                     maps: dict[str, dict[str, str]], total: PRF, per_role: bool) -> None:
    gold = Counter()
    for g in golds:
        t = TYPE_MAP[g.type]
        for role, arg_text, _start in g.arguments:
            ours = maps[t].get(role)
            if ours:
                gold[(t, ours, arg_text)] += 1
    pred = Counter()
    for p in preds:
        scored = set(maps[p.type].values())
        for a in p.arguments:
            if a.role in scored:
                pred[(p.type, a.role, text[a.start:a.end].strip())] += 1
    for key in set(gold) | set(pred):
        tp = min(gold[key], pred[key])
        stats = PRF(tp, pred[key] - tp, gold[key] - tp)
        total.add(stats)
        if per_role:
            report.per_role[(key[0], key[1])].add(stats)
            if stats.fn:
                report.arg_misses[(key[0], key[1], key[2])] += stats.fn
            if stats.fp:
                report.arg_false_positives[(key[0], key[1], key[2])] += stats.fp


def format_report(report: Report, top: int = 8) -> str:
    lines = [f"== DuEE events, {report.name}: {report.records} records"
             + (f" ({report.skipped} skipped: length changed by conversion)" if report.skipped else "")
             + f", {report.seconds:.1f} s",
             f"trigger+type (exact offsets)   {report.trigger.row()}",
             f"trigger+type (overlap)         {report.trigger_overlap.row()}",
             f"argument role+text             {report.argument.row()}",
             f"argument, extended role map    {report.argument_extended.row()}",
             "per type (exact trigger):"]
    for t in sorted(report.per_type, key=lambda k: -(report.per_type[k].tp + report.per_type[k].fn)):
        lines.append(f"  {t:<20} {report.per_type[t].row()}")
    lines.append("per type/role (arguments):")
    for key in sorted(report.per_role, key=lambda k: (k[0], k[1])):
        lines.append(f"  {key[0] + '/' + key[1]:<28} {report.per_role[key].row()}")
    lines.append("modalities predicted: " + ", ".join(f"{k} {v}" for k, v in report.modalities.most_common()))
    for t in sorted(set(report.misses) | set(report.false_positives)):
        miss = ", ".join(f"{w}×{n}" for w, n in report.misses[t].most_common(top))
        fp = ", ".join(f"{w}×{n}" for w, n in report.false_positives[t].most_common(top))
        lines.append(f"  {t}: misses [{miss}]  false positives [{fp}]")
    return "\n".join(lines)


def s2tw_roundtrip(rules_dir: Path = DEFAULT_RULES_DIR) -> Callable[[str], str]:
    """s2tw, then back as the normalizer converts that text: its script detected, the conversion it
    picks for it (tw2s for Taiwan text: 隨著 -> 随着, where plain t2s leaves 随著 and jieba no 随着)."""
    import opencc

    from .normalize import NormalizeRules, _choose_conversion, converter, detect_script

    s2tw = opencc.OpenCC("s2tw")
    rules = NormalizeRules.from_rules(rules_dir)

    def convert(text: str) -> str:
        tw = s2tw.convert(text)
        script = detect_script(tw, converter("t2s").convert(tw), rules)
        return converter(_choose_conversion(script, "auto")).convert(tw)

    return convert


def main(data: Path, schema_path: Path | None = None, rules_dir: Path = DEFAULT_RULES_DIR, limit: int | None = None,
         traditional: bool = True, top: int = 8, half: str | None = None) -> list[Report]:
    records = split_half(load_duee(data), half)[:limit] if half else load_duee(data, limit)
    schema = load_schema(schema_path or data.with_name("event_schema.json"))
    pipeline = Pipeline(rules_dir)
    for note in pipeline.notes:
        print("note:", note)
    reports = [evaluate(records, pipeline, schema)]
    print(format_report(reports[0], top))
    if traditional:
        reports.append(evaluate(records, pipeline, schema, name="s2tw -> normalizer", convert=s2tw_roundtrip(rules_dir)))
        print(format_report(reports[1], top))
        a, b = reports
        print(f"s2tw difference: trigger F1 {100 * (b.trigger.f - a.trigger.f):+.1f} points, "
              f"argument F1 {100 * (b.argument.f - a.argument.f):+.1f} points")
    return reports


# --------------------------------------------------------------------------------------------------
# Throughput


def load_bench_articles(path: Path, max_bytes: int = 2_000_000) -> list[str]:
    """Article bodies (``content``) from the start of the benchmark corpus, about max_bytes of UTF-8."""
    out: list[str] = []
    total = 0
    with Path(path).open(encoding="utf-8") as handle:
        for raw in handle:
            if not raw.strip():
                continue
            content = json.loads(raw).get("content") or ""
            if not content:
                continue
            size = len(content.encode("utf-8"))
            if total + size > max_bytes:
                content = content.encode("utf-8")[: max_bytes - total].decode("utf-8", errors="ignore")
                size = len(content.encode("utf-8"))
            out.append(content)
            total += size
            if total >= max_bytes:
                break
    return out


@dataclass
class SpeedReport:
    chars: int
    articles: int
    jieba_seconds: float
    events_seconds: float
    events: int
    triggered_docs: int
    events_with_text_seconds: float = 0.0

    @property
    def ratio(self) -> float:
        return self.events_seconds / self.jieba_seconds if self.jieba_seconds else 0.0

    def format(self) -> str:
        return (f"== event stage speed: {self.articles} articles, {self.chars:,} characters (first 2 MB of inews content)\n"
                f"jieba.lcut            {self.jieba_seconds:.3f} s\n"
                f"events.extract        {self.events_seconds:.3f} s  ({self.events} events, "
                f"{self.triggered_docs} documents with a trigger)\n"
                f"events / jieba.lcut   {100 * self.ratio:.1f} %  (budget 15 %)\n"
                f"  when the caller passes the text it already has (extract(..., text=)): "
                f"{self.events_with_text_seconds:.3f} s, "
                f"{100 * self.events_with_text_seconds / self.jieba_seconds if self.jieba_seconds else 0:.1f} %")


def speed(bench_path: Path, rules_dir: Path = DEFAULT_RULES_DIR, max_bytes: int = 2_000_000, repeat: int = 5) -> SpeedReport:
    """Time ``EventExtractor.extract`` on segmented articles (entities and dates computed beforehand,
    not timed) against ``jieba.lcut`` over the same text. CPU time; the two are timed alternately and
    the best of ``repeat`` runs of each is kept, so a busy machine affects both alike."""
    import jieba

    articles = load_bench_articles(bench_path, max_bytes)
    text = "\n".join(articles)
    jieba.setLogLevel(60)
    jieba.initialize()
    pipeline = Pipeline(rules_dir)
    prepared = []
    for article in articles:
        doc = pipeline.segmenter.make_doc(article)
        entities = pipeline.entities.extract(doc) if pipeline.entities is not None else []
        dates = pipeline.dates.extract(article, None) if pipeline.dates is not None else []
        prepared.append((doc, entities, dates))
    extract = pipeline.events.extract
    counts = [0, 0]

    def run() -> None:
        counts[0] = counts[1] = 0
        for doc, entities, dates in prepared:
            found = extract(doc, entities, dates)
            counts[0] += len(found)
            counts[1] += bool(found)

    def run_with_text() -> None:
        for (doc, entities, dates), article in zip(prepared, articles):
            extract(doc, entities, dates, text=article)

    run()  # warm the caches
    best_jieba = best_events = best_text = float("inf")
    for _ in range(repeat):
        best_jieba = min(best_jieba, _timed(lambda: jieba.lcut(text)))
        best_events = min(best_events, _timed(run))
        best_text = min(best_text, _timed(run_with_text))
    return SpeedReport(len(text), len(articles), best_jieba, best_events, counts[0], counts[1], best_text)


def _timed(fn) -> float:
    """CPU time of fn (process time: steadier than wall time on a shared machine)."""
    started = time.process_time()
    fn()
    return time.process_time() - started
