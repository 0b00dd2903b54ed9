"""``zhnews eval``: score the current rules against gold data in any of the supported formats.

Formats (detected from the content):
- zhnews gold (JSON lines, documented in the README): ``{"id", "text", "published", "entities":
  [{"start", "end", "label"}], "dates": [{"start", "end", "type", "value", "mod"}], "events":
  [{"type", "trigger_start", "trigger_end", "arguments": [{"role", "start", "end"}]}]}``; a key that
  is absent means "not annotated" and is not scored;
- CLUENER JSON lines (PERSON = name; ORG = organization + company + government);
- DuEE JSON lines (mapped event types and roles, see ``eval_events.TYPE_MAP``/``ROLE_MAP``);
- BIO files (``CHAR TAG`` per line; PER -> PERSON, ORG -> ORG).

Every text runs through the real pipeline (normalize, segment, extract); predictions are compared
in original offsets. Scores: exact and overlap P/R/F1 per entity label, date spans and value
accuracy, event trigger+type and argument (type, role, text) F1. Errors (false positives with the
rule that made them, misses) go to a CSV with context.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import opencc

from .eval_entities import load_bio, load_cluener
from .eval_events import PRF, ROLE_MAP, SCORED_MODALITIES, TYPE_MAP, _role_maps, load_duee, load_schema
from .ingest import RawDocument
from .run import DocumentProcessor, Settings

CONTEXT = 15


@dataclass
class GoldDoc:
    id: str
    text: str
    published: str = ""
    entities: list[tuple[int, int, str]] | None = None
    dates: list[tuple[int, int, str, str, str]] | None = None  # start, end, type, value, mod
    events: list[tuple[str, int, int, list[tuple[str, int, int]]]] | None = None  # type, start, end, args


@dataclass
class EvalReport:
    source: str
    documents: int = 0
    skipped: int = 0
    exact: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    overlap: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    date_values: list[int] = field(default_factory=lambda: [0, 0])  # right, scored
    errors: list[dict] = field(default_factory=list)
    # What the gold data annotates: predictions of other labels/types are neither right nor wrong.
    entity_labels: frozenset[str] = frozenset(("PERSON", "ORG", "EVENT"))
    event_types: frozenset[str] | None = None  # None: every type
    argument_roles: frozenset[tuple[str, str]] | None = None  # (type, role) pairs scored; None: all

    def scores(self) -> dict:
        out = {"source": self.source, "documents": self.documents, "skipped": self.skipped,
               "exact": {k: v.as_dict() for k, v in sorted(self.exact.items())},
               "overlap": {k: v.as_dict() for k, v in sorted(self.overlap.items())}}
        if self.date_values[1]:
            out["date_value_accuracy"] = round(self.date_values[0] / self.date_values[1], 4)
            out["date_values_scored"] = self.date_values[1]
        return out


# --- loading ----------------------------------------------------------------------------------------

GOLD_FORMATS = ("zhnews gold JSON lines ('text' with 'entities'/'dates'/'events'), CLUENER JSON lines ('label'), "
                "DuEE JSON lines ('event_list'), BIO ('CHAR TAG' per line, blank line between sentences)")


def unknown_format(path: Path, why: str) -> ValueError:
    return ValueError(f"{path}: {why}; zhnews eval reads {GOLD_FORMATS}")


def detect_format(path: Path) -> str:
    try:
        with path.open(encoding="utf-8-sig") as handle:
            for line in handle:
                if line.strip():
                    first = line.strip()
                    break
            else:
                raise unknown_format(path, "the file is empty")
    except UnicodeDecodeError:
        raise unknown_format(path, "not UTF-8 text") from None
    if not first.startswith("{"):
        if len(first.split()) == 2 and len(first.split()[0]) <= 2:  # a character (Weibo NER adds a digit)
            return "bio"
        raise unknown_format(path, "not JSON lines and not 'CHAR TAG' BIO lines")
    try:
        obj = json.loads(first)
    except json.JSONDecodeError as exc:
        raise unknown_format(path, f"the first line is not valid JSON ({exc.msg})") from None
    if not isinstance(obj, dict):
        raise unknown_format(path, "the first line is not a JSON object")
    if "event_list" in obj:
        return "duee"
    if "label" in obj and isinstance(obj["label"], dict):
        return "cluener"
    if any(k in obj for k in ("entities", "dates", "events")):
        return "zhnews"
    raise unknown_format(path, "JSON lines without 'entities'/'dates'/'events', 'label' or 'event_list'")


def load_gold(path: Path, limit: int | None = None) -> tuple[str, list[GoldDoc]]:
    kind = detect_format(path)
    docs: list[GoldDoc] = []
    if kind in ("cluener", "bio"):
        examples = load_cluener(path, limit) if kind == "cluener" else load_bio(path, limit)
        docs = [GoldDoc(f"{path.name}:{i}", ex.text, entities=sorted(ex.spans)) for i, ex in enumerate(examples)]
    elif kind == "duee":
        for rec in load_duee(path, limit):
            events = []
            for ev in rec.events:
                etype = TYPE_MAP.get(ev.type)
                if etype is None:
                    continue
                args = [(ROLE_MAP[role], start, start + len(text)) for role, text, start in ev.arguments if role in ROLE_MAP]
                events.append((etype, ev.start, ev.end, args))
            docs.append(GoldDoc(rec.id, rec.text, events=events))
    else:
        with path.open(encoding="utf-8-sig") as handle:
            for n, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                    docs.append(GoldDoc(
                        str(obj.get("id", f"{path.name}:{n}")), obj["text"], str(obj.get("published", "") or ""),
                        [(e["start"], e["end"], e["label"]) for e in obj["entities"]] if "entities" in obj else None,
                        [(d["start"], d["end"], d.get("type", "DATE"), d.get("value", ""), d.get("mod", ""))
                         for d in obj["dates"]] if "dates" in obj else None,
                        [(e["type"], e["trigger_start"], e["trigger_end"],
                          [(a["role"], a["start"], a["end"]) for a in e.get("arguments", [])])
                         for e in obj["events"]] if "events" in obj else None))
                except (KeyError, TypeError, json.JSONDecodeError) as exc:
                    raise ValueError(f"{path}:{n}: not a zhnews gold record ({exc}); see the README, 'Gold data'") from None
                if limit and len(docs) >= limit:
                    break
    if not docs:
        raise unknown_format(path, f"no gold records read as {kind}")
    return kind, docs


# --- predicting -------------------------------------------------------------------------------------

def predict(processor: DocumentProcessor, text: str, published: str) -> dict:
    """Run one text through the pipeline; spans in original offsets."""
    raw = RawDocument(doc_id="eval", path="eval", text=text, encoding="utf-8")
    seg, tokens = processor.segment(raw)
    norm = seg.normalized
    anchor = dt.date.fromisoformat(published) if published else None
    ex = processor.extractor.extract(tokens, anchor)

    def orig(start: int, end: int) -> tuple[int, int]:
        return norm.to_original(start, end)

    return {
        "entities": [(*orig(m.start, m.end), m.label, m.rule_id) for m in ex.entities],
        "dates": [(*orig(d.start, d.end), d.type, d.value, d.mod, d.rule_id) for d in ex.dates],
        "events": [(e.type, *orig(e.trigger_start, e.trigger_end),
                    [(a.role, *orig(a.start, a.end)) for a in e.arguments], e.rule_id)
                   for e in ex.events if e.modality in SCORED_MODALITIES],  # DuEE annotates 将于…发布 too
    }


# --- scoring ----------------------------------------------------------------------------------------

def _match(gold: list[tuple], pred: list[tuple], report: EvalReport, key: str, text: str, doc_id: str,
           task: str, label_of=lambda x: x[2], rule_of=lambda x: x[3]) -> list[tuple[tuple, tuple]]:
    """Exact and overlap matching of spans ``(start, end, label, ...)``; returns overlap pairs."""
    def context(start: int, end: int) -> str:
        return text[max(0, start - CONTEXT):start] + "【" + text[start:end] + "】" + text[end:end + CONTEXT]

    gold_exact = {(g[0], g[1], label_of(g)) for g in gold}
    pred_exact = {(p[0], p[1], label_of(p)) for p in pred}
    for g in gold_exact:
        report.exact[f"{key}{g[2]}"].fn += g not in pred_exact
        report.exact[f"{key}{g[2]}"].tp += g in pred_exact
    for p in pred_exact:
        report.exact[f"{key}{p[2]}"].fp += p not in gold_exact
    pairs = []
    used: set[int] = set()
    for p in sorted(pred, key=lambda x: (x[0], x[1])):
        hit = next((i for i, g in enumerate(gold) if i not in used and label_of(g) == label_of(p)
                    and g[0] < p[1] and p[0] < g[1]), None)
        if hit is None:
            report.overlap[f"{key}{label_of(p)}"].fp += 1
            report.errors.append({"doc": doc_id, "task": task, "kind": "false_positive", "label": label_of(p),
                                  "text": text[p[0]:p[1]], "start": p[0], "end": p[1], "rule_id": rule_of(p),
                                  "context": context(p[0], p[1])})
        else:
            used.add(hit)
            report.overlap[f"{key}{label_of(p)}"].tp += 1
            pairs.append((gold[hit], p))
            if (p[0], p[1]) != (gold[hit][0], gold[hit][1]):
                report.errors.append({"doc": doc_id, "task": task, "kind": "boundary", "label": label_of(p),
                                      "text": text[p[0]:p[1]], "start": p[0], "end": p[1], "rule_id": rule_of(p),
                                      "context": context(p[0], p[1]), "gold": text[gold[hit][0]:gold[hit][1]]})
    for i, g in enumerate(gold):
        if i not in used:
            report.overlap[f"{key}{label_of(g)}"].fn += 1
            report.errors.append({"doc": doc_id, "task": task, "kind": "miss", "label": label_of(g),
                                  "text": text[g[0]:g[1]], "start": g[0], "end": g[1], "rule_id": "",
                                  "context": context(g[0], g[1])})
    return pairs


def score_document(gold: GoldDoc, pred: dict, text: str, report: EvalReport) -> None:
    if gold.entities is not None:
        _match(gold.entities, [p for p in pred["entities"] if p[2] in report.entity_labels], report, "", text, gold.id, "entity")
    if gold.dates is not None:
        g = [(s, e, "DATE", t, v, m) for s, e, t, v, m in gold.dates]
        p = [(s, e, "DATE", t, v, m, r) for s, e, t, v, m, r in pred["dates"]]
        pairs = _match(g, p, report, "", text, gold.id, "date", rule_of=lambda x: x[6])
        for gd, pd_ in pairs:
            if gd[4]:
                report.date_values[1] += 1
                right = (gd[4], gd[5]) == (pd_[4], pd_[5])
                report.date_values[0] += right
                if not right:
                    report.errors.append({"doc": gold.id, "task": "date_value", "kind": "wrong_value", "label": "DATE",
                                          "text": text[pd_[0]:pd_[1]], "start": pd_[0], "end": pd_[1],
                                          "rule_id": pd_[6], "context": f"gold {gd[4]} {gd[5]}".strip(),
                                          "gold": f"{gd[4]} {gd[5]}".strip(), "predicted": f"{pd_[4]} {pd_[5]}".strip()})
    if gold.events is not None:
        events = [e for e in pred["events"] if report.event_types is None or e[0] in report.event_types]
        pred = dict(pred, events=events)
        g = [(s, e, t) for t, s, e, _ in gold.events]
        p = [(s, e, t, r) for t, s, e, _, r in pred["events"]]
        _match(g, p, report, "trigger:", text, gold.id, "trigger")
        g_args = [(s, e, f"{t}/{role}") for t, _, _, args in gold.events for role, s, e in args]
        p_args = [(s, e, f"{t}/{role}", r) for t, _, _, args, r in pred["events"] for role, s, e in args
                  if report.argument_roles is None or (t, role) in report.argument_roles]
        # Argument = (type, role, text), whichever trigger it hangs on (as the DuEE scorer does).
        gold_set = {(text[s:e].strip(), lab) for s, e, lab in g_args}
        pred_set = {(text[s:e].strip(), lab) for s, e, lab, _ in p_args}
        arg = report.exact["argument"]
        arg.tp += len(gold_set & pred_set)
        arg.fp += len(pred_set - gold_set)
        arg.fn += len(gold_set - pred_set)


def in_half(text: str, half: str | None) -> bool:
    """Whether a gold text hashes into ``half`` ("tune" or "held"; None: every text), the split of
    ``eval_entities.split_half`` and ``eval_events.split_half``."""
    if not half:
        return True
    import hashlib

    return hashlib.md5(text.encode("utf-8")).digest()[0] % 2 == (0 if half == "tune" else 1)


def evaluate(path: Path, settings: Settings = Settings(), script: str = "", limit: int | None = None,
             published: str = "", half: str | None = None) -> EvalReport:
    kind, docs = load_gold(path, None if half else limit)
    docs = [d for d in docs if in_half(d.text, half)][:limit]
    processor = DocumentProcessor(settings)
    convert = opencc.OpenCC(script).convert if script else None
    report = EvalReport(f"{path.name} ({kind}{', ' + script if script else ''}{', ' + half + ' half' if half else ''})")
    if kind in ("cluener", "bio"):
        report.entity_labels = frozenset(("PERSON", "ORG"))
    elif kind == "duee":
        report.event_types = frozenset(TYPE_MAP.values())
        # Only the (type, role) pairs the DuEE mapping covers are scored; a role DuEE has no slot
        # for (the person of a firing, a title) is neither right nor wrong.
        schema = load_schema(path.parent / "event_schema.json")
        report.argument_roles = frozenset((t, r) for t, roles in _role_maps(schema, ROLE_MAP).items()
                                          for r in set(roles.values()))
    for gold in docs:
        text = gold.text
        if convert is not None:
            text = convert(text)
            if len(text) != len(gold.text):
                report.skipped += 1  # gold offsets would no longer apply
                continue
        report.documents += 1
        score_document(gold, predict(processor, text, gold.published or published), text, report)
    add_trigger_totals(report)
    return report


def add_trigger_totals(report: EvalReport) -> None:
    """All event types together, as the row ``trigger``."""
    for table in (report.exact, report.overlap):
        total = PRF()
        for key, v in list(table.items()):
            if key.startswith("trigger:"):
                total.tp, total.fp, total.fn = total.tp + v.tp, total.fp + v.fp, total.fn + v.fn
        if total.tp + total.fp + total.fn:
            table["trigger"] = total


def summary_labels(report: EvalReport) -> dict[str, float]:
    """Exact F1 by label name, as ``--min-f1`` reads them (PERSON, ORG, DATE, trigger:TYPE, argument)."""
    return {k: v.f for k, v in report.exact.items()}
