"""zhnews eval: format detection, scoring arithmetic, gates, and the shared data when present."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from zhnews.cli import main
from zhnews.evaluate import EvalReport, GoldDoc, detect_format, load_gold, score_document

DATA = Path(__file__).parent / "data"
GOLD = DATA / "gold_sample.jsonl"


def test_formats_are_detected(tmp_path):
    (tmp_path / "c.json").write_text('{"text": "张三在北京", "label": {"name": {"张三": [[0, 1]]}}}\n', encoding="utf-8")
    (tmp_path / "d.json").write_text('{"text": "x", "id": "1", "event_list": []}\n', encoding="utf-8")
    (tmp_path / "b.bio").write_text("张 B-PER\n三 I-PER\n来 O\n\n", encoding="utf-8")
    (tmp_path / "bad.json").write_text('{"foo": 1}\n', encoding="utf-8")
    assert [detect_format(tmp_path / n) for n in ("c.json", "d.json", "b.bio")] == ["cluener", "duee", "bio"]
    assert detect_format(GOLD) == "zhnews"
    with pytest.raises(ValueError, match="CLUENER"):
        detect_format(tmp_path / "bad.json")
    kind, docs = load_gold(tmp_path / "b.bio")
    assert kind == "bio" and docs[0].entities == [(0, 2, "PERSON")]


def test_scoring_arithmetic_exact_overlap_values_and_errors():
    text = "李明远今年2月离开百度，加入腾讯公司。"
    gold = GoldDoc("x", text, entities=[(0, 3, "PERSON"), (9, 11, "ORG"), (14, 18, "ORG")],
                   dates=[(3, 7, "DATE", "2025-02", "")])
    pred = {"entities": [(0, 3, "PERSON", "r.person"), (14, 16, "ORG", "r.org"), (12, 14, "PERSON", "r.bad")],
            "dates": [(3, 7, "DATE", "2025-03", "", "r.date")], "events": []}
    report = EvalReport("t")
    score_document(gold, pred, text, report)
    assert (report.exact["PERSON"].tp, report.exact["PERSON"].fp, report.exact["PERSON"].fn) == (1, 1, 0)
    assert (report.exact["ORG"].tp, report.exact["ORG"].fp, report.exact["ORG"].fn) == (0, 1, 2)
    assert (report.overlap["ORG"].tp, report.overlap["ORG"].fn) == (1, 1)  # 腾讯 overlaps 腾讯公司
    assert report.date_values == [0, 1]
    kinds = {(e["kind"], e["text"], e["rule_id"]) for e in report.errors}
    assert ("false_positive", "加入", "r.bad") in kinds and ("miss", "百度", "") in kinds
    assert ("boundary", "腾讯", "r.org") in kinds and ("wrong_value", "今年2月", "r.date") in kinds


def test_eval_command_on_team_gold_with_gate_and_errors(tmp_path):
    errors = tmp_path / "errors.csv"
    result = CliRunner().invoke(main, ["eval", str(GOLD), "--script", "s2tw", "--errors", str(errors), "--json"])
    assert result.exit_code == 0, result.output
    reports = json.loads(result.output)["reports"]
    assert [r["documents"] for r in reports] == [4, 4]
    simp, trad = reports
    assert simp["exact"]["PERSON"]["f1"] == trad["exact"]["PERSON"]["f1"]
    assert simp["date_value_accuracy"] == trad["date_value_accuracy"]
    assert errors.exists()
    gated = CliRunner().invoke(main, ["eval", str(GOLD), "--min-f1", "PERSON=1.01"])
    assert gated.exit_code == 1 and "below --min-f1" in gated.output


def test_eval_on_shared_cluener_slice(shared_dir):
    result = CliRunner().invoke(main, ["eval", str(shared_dir / "eval" / "cluener" / "train.json"), "--limit", "300", "--json"])
    assert result.exit_code == 0
    scores = json.loads(result.output)["reports"][0]["exact"]
    assert set(scores) == {"PERSON", "ORG"}  # EVENT is not annotated in CLUENER, so not scored
    assert scores["PERSON"]["f1"] > 0.5
