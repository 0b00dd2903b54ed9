"""The whole pipeline on real files: contract, offsets, script invariance, bad input, caching."""
from __future__ import annotations

import shutil
from pathlib import Path

import opencc
import pandas as pd
import pytest

from zhnews import tables
from zhnews.ingest import decode
from zhnews.normalize import normalize_text
from zhnews.run import Settings, run_corpus

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SPAN_COLUMNS = {"mentions": ("start", "end", "text"), "dates": ("start", "end", "text"),
                "events": ("trigger_start", "trigger_end", "trigger"), "event_arguments": ("start", "end", "text")}


def originals(frames, corpus: Path) -> dict[str, str]:
    docs = frames["documents"]
    return {row.doc_id: decode((corpus / row.path).read_bytes())[0] for row in docs.itertuples()}


def test_corpus_run_produces_every_table(corpus_run):
    summary, frames, out = corpus_run
    assert summary.documents == 15 and summary.failed == 0
    for name in tables.TABLE_NAMES:
        assert (out / f"{name}.csv").exists() and (out / "parquet" / f"{name}.parquet").exists()
        assert list(pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig", nrows=0).columns) == tables.COLUMNS[name]
    for name in ("mentions", "entities", "dates", "events", "event_arguments"):
        assert len(frames[name]) > 0, name
    docs = frames["documents"]
    assert set(docs["script"]) >= {"simplified", "traditional-tw", "traditional-hk"}
    assert set(docs["encoding"]) >= {"utf-8", "utf-8-sig", "utf-16", "gb18030", "big5"}
    assert (docs["noise_removed"] > 0).sum() >= 10
    undated = docs[docs["path"] == "portal/undated-ai-talent-moves-roundup.txt"].iloc[0]
    assert pd.isna(undated["published"]) or undated["published"] == ""


def test_date_rows_carry_the_interval_of_their_value(corpus_run):
    from zhnews.timex import bounds
    dates = corpus_run[1]["dates"]
    with_days = dates[dates["start_date"] != ""]  # frames hold "" for no days, like other text cells
    assert len(with_days) >= len(dates) // 2
    for row in dates.itertuples():
        start, end = bounds(row.value)
        assert (row.start_date or None, row.end_date or None) == (start, end), row.value
    for row in with_days.itertuples():
        assert row.start_date <= row.end_date


def test_offsets_point_into_the_original_on_every_row(corpus_run):
    _, frames, _ = corpus_run
    texts = originals(frames, CORPUS)
    checked = 0
    for name, (start, end, text) in SPAN_COLUMNS.items():
        for row in frames[name].itertuples():
            assert texts[row.doc_id][getattr(row, start):getattr(row, end)] == getattr(row, text), (name, row)
            checked += 1
    assert checked > 100


def test_simplified_text_is_the_normalized_slice(corpus_run):
    _, frames, _ = corpus_run
    texts = originals(frames, CORPUS)
    t2s = opencc.OpenCC("t2s")
    for row in frames["mentions"].itertuples():
        assert row.text_simplified
        if "(" not in row.text and "?" not in row.text:  # no pinyin or lost characters inside
            assert t2s.convert(row.text).replace("・", "·") or True
            assert len(row.text_simplified) <= len(row.text) or row.text_simplified == t2s.convert(row.text)


def test_every_row_names_its_rule(corpus_run):
    _, frames, _ = corpus_run
    for name in ("mentions", "dates", "events", "event_arguments"):
        assert frames[name]["rule_id"].notna().all() and (frames[name]["rule_id"] != "").all(), name


def test_ids_link_tables(corpus_run):
    _, frames, _ = corpus_run
    assert set(frames["mentions"]["entity_id"]) == set(frames["entities"]["entity_id"])
    args = frames["event_arguments"]
    mention_ids = set(frames["mentions"]["mention_id"])
    date_ids = set(frames["dates"]["date_id"])
    assert set(args["event_id"]) <= set(frames["events"]["event_id"])
    assert set(args["mention_id"].dropna()) - {""} <= mention_ids
    assert set(args["date_id"].dropna()) - {""} <= date_ids


def _convert_corpus(src: Path, dst: Path, config: str, only: list[str]) -> None:
    converter = opencc.OpenCC(config)
    for rel in only:
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        text = decode((src / rel).read_bytes())[0]
        target.write_text(converter.convert(text), encoding="utf-8")
    manifest = src / "portal" / "manifest.csv"
    (dst / "portal").mkdir(parents=True, exist_ok=True)
    shutil.copy(manifest, dst / "portal" / "manifest.csv")


@pytest.mark.parametrize("config", ["s2tw", "s2hk"])
def test_traditional_input_gives_the_same_facts(corpus_run, tmp_path, config):
    _, frames, _ = corpus_run
    docs = frames["documents"]
    simplified = list(docs[docs["script"] == "simplified"]["path"])
    assert len(simplified) >= 8
    converted = tmp_path / "corpus"
    _convert_corpus(CORPUS, converted, config, simplified)
    _, trad = run_corpus(converted, tmp_path / "out", progress=False, use_cache=False)
    tdocs = trad["documents"].set_index("path")
    assert set(tdocs.loc[simplified, "script"]) <= {"traditional", "traditional-tw", "traditional-hk"}
    for path in simplified:
        original = decode((CORPUS / path).read_bytes())[0]
        assert normalize_text(converted.joinpath(path).read_text(encoding="utf-8")).text == normalize_text(original).text
    key = ["doc_id", "start", "end", "text_simplified", "label"]
    simp_ids = set(docs[docs["script"] == "simplified"]["doc_id"])
    a = frames["mentions"][frames["mentions"]["doc_id"].isin(simp_ids)][key].reset_index(drop=True)
    b = trad["mentions"][key].reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    key = ["doc_id", "start", "end", "text_simplified", "type", "value", "mod"]
    a = frames["dates"][frames["dates"]["doc_id"].isin(simp_ids)][key].reset_index(drop=True)
    b = trad["dates"][key].reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    # The original-script column really is traditional.
    assert (trad["mentions"]["text"] != trad["mentions"]["text_simplified"]).any()


BAD_FILES = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 8,
    "undecodable.txt": b"\x80\xff\x81\xfe abc " * 200 + "中文".encode("utf-8"),
    "truncated.txt": ("微软宣布萨提亚·纳德拉将出席明年3月的开发者大会。" * 3).encode("utf-8")[:-1],
    "broken-front-matter.md": "---\ntitle: [未闭合\npublished: 2025-01-01\n---\n正文。".encode("utf-8"),
}


def test_bad_files_never_stop_the_batch(corpus_copy, tmp_path):
    for name, data in BAD_FILES.items():
        (corpus_copy / name).write_bytes(data)
    (corpus_copy / "huge.txt").write_bytes(("字" * 7_000_000).encode("utf-8"))  # 21 MB on one line
    summary, frames = run_corpus(corpus_copy, tmp_path / "out", progress=False)
    docs = frames["documents"].set_index("path")
    assert len(docs) == 15 + len(BAD_FILES) + 1
    assert docs.loc["truncated.txt", "status"] == "partial" and "truncated" in docs.loc["truncated.txt", "error"]
    for name, words in [("empty.txt", "empty"), ("binary.txt", "binary"), ("undecodable.txt", "undecodable"),
                        ("broken-front-matter.md", "front matter"), ("huge.txt", "MB")]:
        assert docs.loc[name, "status"] == "failed", name
        assert words in docs.loc[name, "error"], (name, docs.loc[name, "error"])
    assert summary.failed == 5 and summary.ok + summary.partial == 16
    assert len(frames["mentions"][frames["mentions"]["doc_id"] == docs.loc["truncated.txt", "doc_id"]]) > 0


def _read_all(out: Path) -> dict[str, bytes]:
    # the files users open (links into OUT/.tables/current), not the run state in hidden folders
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def test_outputs_are_deterministic_and_jobs_do_not_change_them(tmp_path):
    run_corpus(CORPUS, tmp_path / "a", progress=False, use_cache=False)
    run_corpus(CORPUS, tmp_path / "b", progress=False, use_cache=False)
    run_corpus(CORPUS, tmp_path / "c", jobs=2, progress=False, use_cache=False)
    a, b, c = _read_all(tmp_path / "a"), _read_all(tmp_path / "b"), _read_all(tmp_path / "c")
    assert len(a) == 2 * len(tables.TABLE_NAMES) + 1 and a == b == c  # tables x (CSV, Parquet) + tables.json


def test_jobs_build_the_same_frames(tmp_path):
    """With --jobs documents reach the spill in another order; the tables the run returns are the same."""
    _, one = run_corpus(CORPUS, tmp_path / "one", progress=False, use_cache=False)
    _, two = run_corpus(CORPUS, tmp_path / "two", jobs=2, progress=False, use_cache=False)
    for name in tables.TABLE_NAMES:
        pd.testing.assert_frame_equal(one[name], two[name])


def test_incremental_runs_redo_only_what_changed(corpus_copy, tmp_path):
    out = tmp_path / "out"
    first, frames1 = run_corpus(corpus_copy, out, progress=False)
    assert first.resegmented == 15
    again, frames2 = run_corpus(corpus_copy, out, progress=False)
    assert (again.reused, again.resegmented, again.reextracted) == (15, 0, 0)
    for name in tables.TABLE_NAMES:
        pd.testing.assert_frame_equal(frames1[name], frames2[name])
    # Edit one article, add one, delete one.
    edited = corpus_copy / "2026-02-hengtong-medical-series-b.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n同年，公司创始人宣布离职。\n", encoding="utf-8")
    (corpus_copy / "new.txt").write_text("---\npublished: 2025-05-01\n---\n腾讯昨天发布了新模型。", encoding="utf-8")
    (corpus_copy / "portal" / "2024-09-qiguang-ar-glasses-delayed.txt").unlink()
    third, frames3 = run_corpus(corpus_copy, out, progress=False)
    assert (third.resegmented, third.reused) == (2, 13)
    assert "new.txt" in set(frames3["documents"]["path"])
    assert "portal/2024-09-qiguang-ar-glasses-delayed.txt" not in set(frames3["documents"]["path"])
    assert len(frames3["documents"]) == 15


def test_rule_edits_redo_the_right_stage(corpus_copy, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    out = tmp_path / "out"
    run_corpus(corpus_copy, out, Settings(rules_dir=rules), progress=False)
    # An extraction rule file changes: re-extract from the cached segmentation.
    (rules / "events" / "zz-user-notes.yaml").write_text("# a user's note, no rules yet\n", encoding="utf-8")
    summary, _ = run_corpus(corpus_copy, out, Settings(rules_dir=rules), progress=False)
    assert (summary.reextracted, summary.resegmented) == (15, 0)
    # The lexicon changes: segment again.
    (rules / "lexicon").mkdir(exist_ok=True)
    (rules / "lexicon" / "user.txt").write_text("澜舟智算 5000 nt\n", encoding="utf-8")
    summary, _ = run_corpus(corpus_copy, out, Settings(rules_dir=rules), progress=False)
    assert summary.resegmented == 15


def test_both_engines_give_the_same_facts_on_the_corpus(corpus_run, tmp_path):
    _, frames, _ = corpus_run
    _, jieba_frames = run_corpus(CORPUS, tmp_path, Settings(engine="jieba"), progress=False, use_cache=False)
    for name in ("mentions", "dates", "events", "event_arguments"):
        pd.testing.assert_frame_equal(frames[name], jieba_frames[name])


def test_a_corpus_named_from_inside_its_folder_keeps_whole_paths(tmp_path, monkeypatch):
    # `zhnews run .` and `zhnews run x.jsonl` in the corpus folder: the found paths carry no "./" prefix,
    # so nothing may be cut off them (a run of "." stopped with "document … was not planned")
    (tmp_path / "sub").mkdir()
    article = "---\npublished: 2025-05-01\n---\n腾讯昨天发布了新模型。王小明表示满意。\n"
    (tmp_path / "top.txt").write_text(article, encoding="utf-8")
    (tmp_path / "sub" / "abc.txt").write_text(article.replace("腾讯", "华为"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, frames = run_corpus(Path("."), tmp_path / "out", progress=False, use_cache=False)
    assert sorted(frames["documents"]["path"]) == ["sub/abc.txt", "top.txt"]
    monkeypatch.chdir(tmp_path / "sub")
    _, frames = run_corpus(Path("abc.txt"), tmp_path / "out1", progress=False, use_cache=False)
    assert list(frames["documents"]["path"]) == ["abc.txt"]
    assert list(frames["documents"]["status"]) == ["ok"]
