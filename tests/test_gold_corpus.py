"""The hand gold of the 15 sample articles (tests/data/gold_corpus.jsonl): well-formed, in step with
its readable source and the corpus files, and scored end to end by ``zhnews eval``."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
import yaml

from zhnews.evaluate import evaluate, load_gold
from zhnews.ingest import discover

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import eval_samples  # noqa: E402  (the gold's builder and the bar report)

GOLD = ROOT / "tests" / "data" / "gold_corpus.jsonl"
RECORDS = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
SCHEMA = {t["type"]: set(t["labels"]) for t in yaml.safe_load((ROOT / "rules" / "events" / "types.yaml").read_text(encoding="utf-8"))}


def test_one_record_per_sample_article():
    articles = {p.relative_to(ROOT).as_posix() for p in discover(ROOT / "corpus")}
    assert len(articles) == 15
    assert sorted(r["source"] for r in RECORDS) == sorted(articles)
    assert len({r["id"] for r in RECORDS}) == len(RECORDS)


def test_jsonl_is_built_from_the_yaml_source_and_the_corpus_files():
    # Edit gold_corpus.yaml, then: .venv/bin/python benchmarks/eval_samples.py --build
    assert eval_samples.build() == RECORDS


def _spans(record: dict):
    yield from ((e["start"], e["end"]) for e in record["entities"])
    yield from ((d["start"], d["end"]) for d in record["dates"])
    for ev in record["events"]:
        yield ev["trigger_start"], ev["trigger_end"]
        yield from ((a["start"], a["end"]) for a in ev["arguments"])


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_spans_labels_roles_and_values_are_well_formed(record):
    text = record["text"]
    for start, end in _spans(record):
        span = text[start:end]
        assert 0 <= start < end <= len(text) and span.strip() == span and span, (start, end, span)
    assert all(e["label"] in ("PERSON", "ORG", "EVENT") for e in record["entities"])
    mentions = [(e["start"], e["end"]) for e in record["entities"]]
    assert len(set(mentions)) == len(mentions)
    assert all(a[1] <= b[0] for a, b in zip(sorted(mentions), sorted(mentions)[1:])), "mentions do not nest"
    for d in record["dates"]:
        assert d["type"] in eval_samples.DATE_TYPES and d["mod"] in eval_samples.MODS
        assert d["value"] == "" or eval_samples.TIMEX.match(d["value"]), d
    for ev in record["events"]:
        assert ev["type"] in SCHEMA, ev["type"]
        assert {a["role"] for a in ev["arguments"]} <= SCHEMA[ev["type"]], ev
    if record["published"]:
        dt.date.fromisoformat(record["published"])


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_arguments_are_annotated_names_and_dates_of_the_trigger_sentence(record):
    text = record["text"]
    labels = {(e["start"], e["end"]): e["label"] for e in record["entities"]}
    dates = {(d["start"], d["end"]) for d in record["dates"]}
    want = {"person": "PERSON", "org": "ORG", "to_org": "ORG"}
    for ev in record["events"]:
        lo, hi = eval_samples.sentence_of(text, ev["trigger_start"], ev["trigger_end"])
        for a in ev["arguments"]:
            span, where = (a["start"], a["end"]), (ev["type"], a["role"], text[a["start"]:a["end"]])
            assert lo <= a["start"] and a["end"] <= hi, where
            if a["role"] in want:
                assert labels.get(span) == want[a["role"]], where
            elif a["role"] == "date":
                assert span in dates, where
            else:
                assert span not in labels, where


def test_the_builder_refuses_a_name_that_is_not_in_the_text():
    entry = {"id": "x", "path": "portal/2025-01-qiheng-ai-appoints-new-cto.txt", "published": "2025-01-10",
             "PERSON": ["赵文博", "赵文傅"]}
    with pytest.raises(eval_samples.GoldError, match="赵文傅"):
        eval_samples.build_record(entry)
    entry = {"id": "x", "path": "portal/2025-01-qiheng-ai-appoints-new-cto.txt", "published": "2025-01-10",
             "events": ["personnel.appoint [出任] | person=赵文博"]}
    with pytest.raises(eval_samples.GoldError, match="must occur once"):
        eval_samples.build_record(entry)


def test_the_undated_article_has_no_resolved_relative_date():
    roundup = next(r for r in RECORDS if r["published"] == "")
    relative = [d for d in roundup["dates"] if roundup["text"][d["start"]:d["end"]] in ("上个月", "本月初", "上周", "今年")]
    assert relative and all(d["value"] == "" for d in relative)


@pytest.mark.parametrize("script", ["", "s2tw"])
def test_zhnews_eval_scores_every_article(script):
    kind, docs = load_gold(GOLD)
    assert kind == "zhnews" and len(docs) == 15
    report = evaluate(GOLD, script=script)
    assert report.documents + report.skipped == 15 and report.documents >= 13
    gold_person = sum(e["label"] == "PERSON" for r in RECORDS for e in r["entities"])
    person = report.exact["PERSON"]
    if not report.skipped:  # every gold mention was either found or missed
        assert person.tp + person.fn == gold_person
        assert report.exact["trigger"].tp + report.exact["trigger"].fn == sum(len(r["events"]) for r in RECORDS)
    figures = eval_samples.figures(script)
    for key in ("PERSON", "ORG", "DATE", "trigger", "argument"):
        assert 0.0 <= figures[key]["f1"] <= 1.0
    assert 0.0 <= figures["date_value_accuracy"] <= 1.0


def test_errors_csv_lists_argument_errors_next_to_the_others(tmp_path):
    import csv

    path = tmp_path / "errors.csv"
    eval_samples.write_errors(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    ids = {r["id"] for r in RECORDS}
    assert rows and {r["doc"] for r in rows} <= ids
    assert {r["kind"] for r in rows} <= {"miss", "false_positive", "boundary", "wrong_value"}
    figures, argument_rows = eval_samples.argument_errors()
    assert sum(r["task"] == "argument" for r in rows) == len(argument_rows) == figures["fp"] + figures["fn"]
