"""Score the rules on the hand gold of the 15 sample articles against the bars of issues #14-#16.

    .venv/bin/python benchmarks/eval_samples.py            # figures, original script and s2tw
    .venv/bin/python benchmarks/eval_samples.py --build    # rebuild gold_corpus.jsonl from gold_corpus.yaml
    .venv/bin/python benchmarks/eval_samples.py --json     # the figures as JSON
    .venv/bin/python benchmarks/eval_samples.py --errors errors.csv  # + misses and false positives, arguments too

The gold (``tests/data/gold_corpus.jsonl``, one record per article body) is written from the
readable annotation ``tests/data/gold_corpus.yaml``; the conventions are in
``tests/data/GOLD_GUIDE.md``. The figures are exact-span F1 (``zhnews eval``'s ``exact`` table):
PERSON, ORG, DATE spans, date value accuracy (value and mod, on spans found), event trigger+type,
event arguments (type, role, text). The same with ``zhnews eval tests/data/gold_corpus.jsonl
--script s2tw --errors errors.csv`` (the errors file lists misses and false positives in context).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "corpus"
SOURCE = ROOT / "tests" / "data" / "gold_corpus.yaml"
GOLD = ROOT / "tests" / "data" / "gold_corpus.jsonl"

# The bars of issues #14 (PERSON, ORG), #15 (dates) and #16 (events) on the sample articles.
BARS = {"PERSON": 0.90, "ORG": 0.92, "DATE": 0.95, "trigger": 0.75, "argument": 0.60}
LABELS = ("PERSON", "ORG", "EVENT")
DATE_TYPES = ("DATE", "TIME", "DURATION", "SET")
MODS = ("", "APPROX", "START", "MID", "END", "MORE_THAN", "LESS_THAN")
TIMEX = re.compile(
    r"^(?:"
    r"\d{2,4}(?:-(?:\d{2}(?:-\d{2}(?:T(?:\d{2}:\d{2}|MO|MI|AF|EV|NI|DT))?)?|Q[1-4]|H[12]|W\d{2}(?:-WE)?))?"
    r"(?:/\d{2,4}(?:-(?:\d{2}(?:-\d{2})?|Q[1-4]|H[12]))?)?"
    r"|P(?:\d+(?:\.\d+)?|X)[YMWDH]"
    r")$")


class GoldError(ValueError):
    pass


# --- building the JSON lines from the readable annotation --------------------------------------------

def _occurrences(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def _context(body: str, spec: str, free: list[bool], where: str) -> tuple[int, int]:
    """``left[target]right`` -> the span of target at the one place ``left target right`` occurs."""
    m = re.fullmatch(r"(.*)\[(.+)\](.*)", spec, re.S)
    if not m:
        raise GoldError(f"{where}: {spec!r} has no [target]")
    left, target, right = m.groups()
    hits = [i for i in _occurrences(body, left + target + right)
            if all(free[i:i + len(left + target + right)])]
    if len(hits) != 1:
        raise GoldError(f"{where}: {spec!r} occurs {len(hits)} times (it must occur once)")
    start = hits[0] + len(left)
    return start, start + len(target)


def _take(body: str, needle: str, free: list[bool], taken: list[bool]) -> list[int]:
    """Occurrences of ``needle`` in free text not yet taken by a longer string; marks them taken."""
    starts = []
    for i in _occurrences(body, needle):
        span = range(i, i + len(needle))
        if all(free[j] and not taken[j] for j in span):
            starts.append(i)
            for j in span:
                taken[j] = True
    return starts


def _entities(body: str, entry: dict, free: list[bool], where: str) -> list[dict]:
    items = [(s, label) for label in ("BLOCK", *LABELS) for s in entry.get("block" if label == "BLOCK" else label, [])]
    taken = [False] * len(body)
    out = []
    for needle, label in sorted(items, key=lambda x: -len(x[0])):
        starts = _take(body, needle, free, taken)
        if not starts:
            raise GoldError(f"{where}: {label} {needle!r} is not in the annotated text")
        out += [{"start": s, "end": s + len(needle), "label": label} for s in starts if label != "BLOCK"]
    return sorted(out, key=lambda e: (e["start"], e["end"]))


def _dates(body: str, entry: dict, free: list[bool], where: str) -> list[dict]:
    taken = [False] * len(body)
    parsed = []
    for line in entry.get("dates", []):
        text, _, rest = line.partition(" = ")
        parts = rest.split()
        if not parts:
            raise GoldError(f"{where}: date {line!r} is not 'TEXT = VALUE [MOD] [TYPE]'")
        value = "" if parts[0] == "-" else parts[0]
        mod = next((p for p in parts[1:] if p in MODS), "")
        dtype = next((p for p in parts[1:] if p in DATE_TYPES), "DATE")
        parsed.append((text, value, mod, dtype))
    out = []
    for text, value, mod, dtype in sorted(parsed, key=lambda x: -len(x[0].replace("[", "").replace("]", ""))):
        if "[" in text:
            s, e = _context(body, text, free, where)
            starts = [s] if not any(taken[s:e]) else []
            for j in range(s, e):
                taken[j] = True
            length = e - s
        else:
            starts, length = _take(body, text, free, taken), len(text)
        if not starts:
            raise GoldError(f"{where}: date {text!r} is not in the annotated text")
        out += [{"start": s, "end": s + length, "type": dtype, "value": value, "mod": mod} for s in starts]
    return sorted(out, key=lambda d: (d["start"], d["end"]))


SENTENCE_END = re.compile(r"[。！？!?\n]")


def sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``: from after the last 。！？ or line end before it to the
    next one after it (a headline is its line)."""
    before = [m.end() for m in SENTENCE_END.finditer(text, 0, start)]
    after = SENTENCE_END.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def _events(body: str, entry: dict, free: list[bool], where: str) -> list[dict]:
    out = []
    for line in entry.get("events", []):
        head, _, args = line.partition("|")
        etype, _, spec = head.strip().partition(" ")
        start, end = _context(body, spec, free, f"{where} event {line!r}")
        arguments = []
        for arg in filter(None, (a.strip() for a in args.split(";"))):
            role, _, text = arg.partition("=")
            lo, hi = sentence_of(body, start, end)
            hits = [i for i in _occurrences(body, text) if lo <= i and i + len(text) <= hi and all(free[i:i + len(text)])]
            if not text or not hits:
                raise GoldError(f"{where}: argument {arg!r} of {line!r} is not in the trigger's sentence")
            s = min(hits, key=lambda i: abs(i - start))
            arguments.append({"role": role, "start": s, "end": s + len(text)})
        out.append({"type": etype, "trigger_start": start, "trigger_end": end, "arguments": arguments})
    return sorted(out, key=lambda e: (e["trigger_start"], e["type"]))


def article_body(path: Path) -> tuple[str, str]:
    """The article as ``zhnews run`` reads it: decoded text after the front matter, and its published date."""
    from zhnews.ingest import read_document, read_manifests

    manifests, _ = read_manifests(CORPUS)
    rel = path.relative_to(CORPUS).as_posix()
    doc = read_document(path, CORPUS, manifests.get(rel))
    if doc.status == "failed":
        raise GoldError(f"{rel}: {doc.error}")
    return doc.text[doc.body_start:], doc.metadata.get("published", "")


def build_record(entry: dict) -> dict:
    where = entry["id"]
    body, published = article_body(CORPUS / entry["path"])
    if published != (entry.get("published") or ""):
        raise GoldError(f"{where}: published {entry.get('published')!r} but the article's metadata says {published!r}")
    free = [True] * len(body)
    for piece in entry.get("exclude", []):
        hits = _occurrences(body, piece)
        if not hits:
            raise GoldError(f"{where}: excluded text {piece[:30]!r} is not in the body")
        for i in hits:
            free[i:i + len(piece)] = [False] * len(piece)
    return {"id": where, "source": f"corpus/{entry['path']}", "text": body, "published": published,
            "entities": _entities(body, entry, free, where), "dates": _dates(body, entry, free, where),
            "events": _events(body, entry, free, where)}


def build(source: Path = SOURCE) -> list[dict]:
    import yaml

    entries = yaml.safe_load(source.read_text(encoding="utf-8"))
    return [build_record(entry) for entry in entries]


def write(records: list[dict], path: Path = GOLD) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


# --- scoring --------------------------------------------------------------------------------------

def figures(script: str = "", gold: Path = GOLD) -> dict:
    """The bar figures of one ``zhnews eval`` run over the gold (exact spans)."""
    from zhnews.evaluate import evaluate

    report = evaluate(gold, script=script)
    exact = report.exact
    out = {"documents": report.documents, "skipped": report.skipped}
    for key in ("PERSON", "ORG", "EVENT", "DATE", "trigger", "argument"):
        prf = exact.get(key)
        out[key] = prf.as_dict() if prf is not None else None
    out["date_value_accuracy"] = report.scores().get("date_value_accuracy")
    out["argument_facts"] = facts_arguments(script, gold)
    out["trigger_by_type"] = {k.split(":", 1)[1]: v.as_dict() for k, v in sorted(exact.items()) if k.startswith("trigger:")}
    out["overlap"] = {k: report.overlap[k].as_dict() for k in ("PERSON", "ORG", "DATE", "trigger") if k in report.overlap}
    return out


def _predicted_arguments(processor, text: str, published: str, facts_view: bool) -> set[tuple[str, str]]:
    """(text, "type/role") of the asserted events' arguments, in original offsets; with ``facts_view``
    a person/org/to_org argument is the mention inside its phrase (dropped without one)."""
    import datetime as dt

    from zhnews.eval_events import SCORED_MODALITIES
    from zhnews.facts import ENTITY_ROLES, _mention_in
    from zhnews.ingest import RawDocument

    seg, tokens = processor.segment(RawDocument(doc_id="eval", path="eval", text=text, encoding="utf-8"))
    ex = processor.extractor.extract(tokens, dt.date.fromisoformat(published) if published else None)
    pred = set()
    for ev in (e for e in ex.events if e.modality in SCORED_MODALITIES):
        for a in ev.arguments:
            span = (a.start, a.end)
            if facts_view and a.role in ENTITY_ROLES:
                k = _mention_in(ex, a.start, a.end, a.entity_index, ENTITY_ROLES[a.role])
                if k is None:
                    continue
                span = (ex.entities[k].start, ex.entities[k].end)
            s, e = seg.normalized.to_original(*span)
            pred.add((text[s:e].strip(), f"{ev.type}/{a.role}"))
    return pred


def argument_errors(script: str = "", gold: Path = GOLD, facts_view: bool = False) -> tuple[dict, list[dict]]:
    """Argument P/R/F1 and one row per missed or extra argument (zhnews eval's errors CSV lists none).
    ``facts_view``: as the ``facts`` table reads the arguments, so "前百度研究员李明远" counts as
    李明远; ``zhnews eval`` compares the phrases."""
    import opencc

    from zhnews.evaluate import load_gold
    from zhnews.run import DocumentProcessor, Settings

    processor = DocumentProcessor(Settings())
    convert = opencc.OpenCC(script).convert if script else (lambda t: t)
    tp = fp = fn = 0
    rows = []
    for doc in load_gold(gold)[1]:
        text = convert(doc.text)
        if len(text) != len(doc.text):
            continue
        pred = _predicted_arguments(processor, text, doc.published, facts_view)
        gold_set = {(text[s:e].strip(), f"{t}/{role}") for t, _, _, args in doc.events for role, s, e in args}
        tp, fp, fn = tp + len(gold_set & pred), fp + len(pred - gold_set), fn + len(gold_set - pred)
        rows += [{"doc": doc.id, "kind": kind, "label": label, "text": arg}
                 for kind, found in (("miss", gold_set - pred), ("false_positive", pred - gold_set))
                 for arg, label in sorted(found, key=lambda x: (x[1], x[0]))]
    p, r = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    return ({"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
             "tp": tp, "fp": fp, "fn": fn}, rows)


def facts_arguments(script: str = "", gold: Path = GOLD) -> dict:
    """Argument P/R/F1 in the facts view (``argument_errors``): a diagnostic next to the phrases."""
    return argument_errors(script, gold, facts_view=True)[0]


def write_errors(path: Path, script: str = "", gold: Path = GOLD) -> None:
    """``zhnews eval``'s errors (entities, dates, triggers) and the argument errors, in one CSV."""
    import csv

    from zhnews.evaluate import evaluate

    report = evaluate(gold, script=script)
    rows = [dict(e, task=e["task"]) for e in report.errors]
    rows += [dict(r, task="argument") for r in argument_errors(script, gold)[1]]
    fields = ["doc", "task", "kind", "label", "text", "start", "end", "rule_id", "gold", "predicted", "context"]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def format_figures(name: str, fig: dict) -> str:
    lines = [f"{name}: {fig['documents']} articles scored, {fig['skipped']} skipped"]
    for key in ("PERSON", "ORG", "EVENT", "DATE", "trigger", "argument", "argument_facts"):
        v = fig[key]
        if v is None:
            continue
        bar = BARS.get(key)
        verdict = "" if bar is None else f"  bar {bar:.2f} {'met' if v['f1'] >= bar else 'NOT met'}"
        lines.append(f"  {key:<14} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}  "
                     f"(tp {v['tp']}, fp {v['fp']}, fn {v['fn']}){verdict}")
    lines.append("  (argument: the phrases zhnews eval compares; argument_facts: person/org/to_org as the mention"
                 " the facts table keeps, a diagnostic)")
    if fig["date_value_accuracy"] is not None:
        lines.append(f"  date value accuracy {fig['date_value_accuracy']:.3f} (value and mod, on date spans found)")
    lines.append("  trigger F1 by type: " + ", ".join(
        f"{k} {v['f1']:.2f} ({v['tp']}/{v['tp'] + v['fn']})" for k, v in fig["trigger_by_type"].items()))
    lines.append("  overlap F1: " + ", ".join(f"{k} {v['f1']:.3f}" for k, v in fig["overlap"].items()))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", action="store_true", help="rewrite the JSON lines from the YAML annotation")
    parser.add_argument("--no-traditional", action="store_true", help="skip the s2tw run")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--errors", type=Path, help="write the errors (arguments included) of the original-script run to this CSV")
    args = parser.parse_args()
    if args.build:
        records = build()
        write(records)
        print(f"wrote {GOLD.relative_to(ROOT)}: {len(records)} articles, "
              f"{sum(len(r['entities']) for r in records)} entity mentions, "
              f"{sum(len(r['dates']) for r in records)} dates, {sum(len(r['events']) for r in records)} events")
        return 0
    if args.errors:
        write_errors(args.errors)
    runs = {"original": figures()}
    if not args.no_traditional:
        runs["s2tw"] = figures("s2tw")
    if args.json:
        print(json.dumps(runs, ensure_ascii=False, indent=1))
    else:
        print("\n".join(format_figures(name, fig) for name, fig in runs.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
