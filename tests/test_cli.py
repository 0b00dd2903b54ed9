"""The zhnews command line: verbs, exit codes, messages instead of tracebacks."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from spacy.tokens import DocBin
import spacy

from zhnews.cli import main

ROOT = Path(__file__).resolve().parent.parent


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_run_prints_a_summary_and_exit_code_zero(tmp_path):
    result = invoke("run", ROOT / "corpus", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert "documents: 15" in result.output and "failed 0" in result.output
    assert "mentions:" in result.output and "events:" in result.output
    again = invoke("run", ROOT / "corpus", "--out", tmp_path, "--json")
    summary = json.loads(again.output)
    assert summary["reused"] == 15 and summary["processed"] == 0


def test_run_exit_code_one_when_a_document_failed(tmp_path, corpus_copy):
    (corpus_copy / "empty.txt").write_bytes(b"")
    result = invoke("run", corpus_copy, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "failed 1" in result.output and "documents.csv" in result.output


def test_bad_rule_file_stops_before_work_with_file_and_line(tmp_path, corpus_copy):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    noise = rules / "normalize" / "noise.yaml"
    noise.write_text(noise.read_text(encoding="utf-8") + "- id: broken\n  kind: inline\n  pattern: '[unclosed'\n",
                     encoding="utf-8")
    line = noise.read_text(encoding="utf-8").count("\n") - 2
    result = invoke("run", corpus_copy, "--out", tmp_path / "out", "--rules", rules)
    assert result.exit_code == 2
    assert f"noise.yaml:{line}" in result.output and "does not compile" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "documents.csv").exists()
    check = invoke("rules", "check", "--rules", rules)
    assert check.exit_code == 2 and f"noise.yaml:{line}" in check.output


def test_rules_check_passes_on_bundled_rules():
    result = invoke("rules", "check")
    assert result.exit_code == 0 and result.output.startswith("ok:")


def test_stage_verbs_write_inspectable_outputs(tmp_path):
    corpus = ROOT / "corpus"
    assert invoke("ingest", corpus, "--out", tmp_path).exit_code == 0
    assert (tmp_path / "stages" / "ingest.csv").read_text(encoding="utf-8-sig").count("\n") == 16
    assert invoke("normalize", corpus, "--out", tmp_path).exit_code == 0
    normalized = tmp_path / "stages" / "normalized" / "portal" / "2025-05-taiwan-ai-chip-startup-new-ceo.txt.txt"
    text = normalized.read_text(encoding="utf-8")
    assert "吴承翰" in text and "经济日报" not in text  # simplified, source line moved to metadata
    assert invoke("segment", corpus, "--out", tmp_path).exit_code == 0
    docs = list(DocBin().from_disk(tmp_path / "stages" / "segmented.spacy").get_docs(spacy.blank("zh").vocab))
    assert len(docs) == 15 and all(len(list(d.sents)) > 3 for d in docs)
    assert {d.user_data["path"] for d in docs} >= {"portal/2025-05-taiwan-ai-chip-startup-new-ceo.txt"}


def test_bad_options_are_explained(tmp_path):
    result = CliRunner().invoke(main, ["run", str(ROOT / "corpus"), "--anchor", "yesterday"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    result = CliRunner().invoke(main, ["run", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_help_has_examples():
    result = invoke("run", "--help")
    assert "Examples:" in result.output and "--jobs" in result.output


def test_rule_edit_shows_in_diff_grouped_by_rule(tmp_path, corpus_copy):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    assert invoke("run", corpus_copy, "--out", tmp_path / "out", "--rules", rules).exit_code == 0
    shutil.copytree(tmp_path / "out", tmp_path / "before")  # keep the tables from before the edit
    (rules / "entities" / "gazetteer" / "zz_user.yaml").write_text(
        "label: ORG\nentries:\n  - {id: lanzhou-zhisuan, canonical: 澜舟智算科技, aliases: [澜舟智算, 瀾舟智算]}\n",
        encoding="utf-8")
    after = invoke("run", corpus_copy, "--out", tmp_path / "out", "--rules", rules, "--json")
    work = json.loads(after.output)
    # segmentation reused; only the article that names the new organisation is extracted again
    assert (work["reextracted"], work["reused"], work["processed"]) == (1, 14, 0)
    assert "zz_user.yaml: 3 gazetteer entries" in work["rule_change"]
    result = invoke("diff", tmp_path / "before", tmp_path / "out", "--csv", tmp_path / "changes.csv")
    assert result.exit_code == 0
    assert "gazetteer:lanzhou-zhisuan" in result.output
    lines = result.output.splitlines()
    assert lines[0].split()[0].isdigit() and int(lines[0].split()[0]) > 0
    import pandas as pd

    changes = pd.read_csv(tmp_path / "changes.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    mine = changes[changes["rule_id"] == "gazetteer:lanzhou-zhisuan"]
    assert len(mine) > 0 and set(mine["table"]) == {"mentions"}
    assert (mine["after"] == "澜舟智算科技").any() or (mine["change"] == "appeared").any()
    same = invoke("diff", tmp_path / "out", tmp_path / "out")
    assert same.output.startswith("0 change(s)")


def test_explain_shows_rules_losers_and_offsets():
    text = "微軟CEO薩提亞·納德拉（Satya Nadella）週二表示，公司今年2月發布了新模型。"
    result = invoke("explain", text, "--published", "2025-03-14", "--json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["normalized"].startswith("微软CEO萨提亚·纳德拉")
    for row in report["mentions"] + report["dates"] + report["events"]:
        assert text[row["start"]:row["end"]] == row["text"] and row["rule_id"]
    names = {m["text_simplified"]: m for m in report["mentions"]}
    assert names["萨提亚·纳德拉"]["label"] == "PERSON"
    assert names["Satya Nadella"]["canonical"] == names["萨提亚·纳德拉"]["canonical"] or names["萨提亚·纳德拉"]["canonical"] == ""
    assert {d["value"] for d in report["dates"]} >= {"2025-03-11", "2025-02"}
    assert report["lost"] and all(l["winner"] is None or l["winner"]["rule_id"] for l in report["lost"])
    plain = invoke("explain", text, "--published", "2025-03-14")
    assert "lost an overlap" in plain.output and "[date." in plain.output


def test_explain_a_document_of_a_run(tmp_path):
    assert invoke("run", ROOT / "corpus", "--out", tmp_path).exit_code == 0
    import pandas as pd

    docs = pd.read_csv(tmp_path / "documents.csv", encoding="utf-8-sig", dtype=str)
    doc_id = docs[docs["path"].str.contains("qiheng")].iloc[0]["doc_id"]
    result = invoke("explain", "--doc", doc_id, "--out", tmp_path, "--corpus", ROOT / "corpus", "--json")
    report = json.loads(result.output)
    assert report["anchor"] == "2025-01-10"
    mentions = pd.read_csv(tmp_path / "mentions.csv", encoding="utf-8-sig", dtype=str)
    in_table = set(mentions[mentions["doc_id"] == doc_id]["start"].astype(int))
    assert {m["start"] for m in report["mentions"]} == in_table
    bad = CliRunner().invoke(main, ["explain", "--doc", "nope", "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "no document" in bad.output


def test_rules_check_reports_each_broken_rule_set(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "lexicon").mkdir(exist_ok=True)
    (rules / "lexicon" / "user.txt").write_bytes("澜舟智算 3000 nt\r\n".encode("utf-8"))
    markers = rules / "normalize" / "script_markers.tsv"
    markers.write_text(markers.read_text(encoding="utf-8") + "軟件\tmo\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "check", "--rules", str(rules), "--json"])
    assert result.exit_code == 2
    problems = {p["rules"]: p for p in json.loads(result.output)["problems"]}
    assert set(problems) == {"normalize", "lexicon"}
    assert problems["lexicon"]["line"] == 1 and "CRLF" in problems["lexicon"]["message"]
    assert problems["normalize"]["file"].endswith("script_markers.tsv") and "'mo'" in problems["normalize"]["message"]


def test_rules_check_reports_every_broken_line_not_only_the_first(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "lexicon").mkdir(exist_ok=True)
    (rules / "lexicon" / "user.txt").write_text("澜舟智算 3000 nt\n星河云图 nt\n曦合科技 2000 nt\n青禾机器人 many nt\n",
                                                encoding="utf-8")
    (rules / "entities" / "gazetteer" / "zz_user.yaml").write_text(
        "label: ORG\nentries:\n  - {id: a, canonical: 甲公司, label: COMPANY}\n  - {id: b, canonical: 乙公司}\n"
        "  - {id: c, canonical: 丙公司, alias: [丙]}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "check", "--rules", str(rules), "--json"])
    assert result.exit_code == 2
    problems = json.loads(result.output)["problems"]
    where = sorted((p["rules"], Path(p["file"]).name, p["line"], p["code"]) for p in problems)
    assert where == [("entities", "zz_user.yaml", 3, "E012"), ("entities", "zz_user.yaml", 5, "R009"),
                     ("lexicon", "user.txt", 2, "R101"), ("lexicon", "user.txt", 4, "R102")]
    assert all(p["file"].startswith(str(rules)) for p in problems)  # the user's files, not a scratch copy
