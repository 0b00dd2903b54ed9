"""Articles as records (JSON Lines, CSV, Parquet), HTML pages and standard input."""
from __future__ import annotations

import json
import os
import stat

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from conftest import CORPUS
from zhnews.cli import main
from zhnews.ingest import decode, parse_published, split_front_matter
from zhnews.run import run_corpus
from zhnews.sources import ColumnMap, html_visible_text, read_records

ARTICLES = sorted(sorted(CORPUS.glob("*.txt"))[:3] + sorted(CORPUS.glob("*.md"))[:1])
ROW = ["start", "end", "text", "text_simplified", "label", "canonical_name", "rule_id"]


def _articles() -> list[dict]:
    """The bodies of a few corpus articles with their title and publication date."""
    out = []
    for path in ARTICLES:
        text = decode(path.read_bytes())[0]
        meta, body_start, _ = split_front_matter(text)
        out.append({"name": path.stem, "text": text[body_start:], "title": str(meta.get("title", "")),
                    "published": str(meta.get("published", ""))})
    assert all(a["published"] for a in out)
    return out


def _rows_by_article(frames: dict, table: str, order: list[str], columns: list[str]) -> list[list[tuple]]:
    """Each article's rows (without ids), articles in ``order`` of their doc_id."""
    rows = frames[table]
    return [[tuple(r) for r in rows[rows.doc_id == doc_id][columns].astype(str).itertuples(index=False)]
            for doc_id in order]


def test_txt_jsonl_csv_parquet_give_the_same_rows(tmp_path):
    articles = _articles()
    txt = tmp_path / "txt"
    txt.mkdir()
    for a in articles:
        (txt / f"{a['name']}.txt").write_text(a["text"], encoding="utf-8")
    pd.DataFrame([{"path": f"{a['name']}.txt", "title": a["title"], "published": a["published"]} for a in articles]
                 ).to_csv(txt / "manifest.csv", index=False)
    records = [{"id": a["name"], "title": a["title"], "published": a["published"], "text": a["text"]} for a in articles]
    (tmp_path / "articles.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                                             encoding="utf-8")
    pd.DataFrame(records).to_csv(tmp_path / "articles.csv", index=False)
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "articles.parquet")

    results = {}
    for name, corpus in (("txt", txt), ("jsonl", tmp_path / "articles.jsonl"), ("csv", tmp_path / "articles.csv"),
                         ("parquet", tmp_path / "articles.parquet")):
        summary, frames = run_corpus(corpus, tmp_path / f"out-{name}", progress=False, use_cache=False)
        docs = frames["documents"]
        assert summary.documents == len(articles) and summary.ok == len(articles), docs[["path", "error"]]
        assert list(docs["published"]) == [parse_published(a["published"]) for a in articles]
        results[name] = {table: _rows_by_article(frames, table, list(docs["doc_id"]), columns) for table, columns in
                         (("mentions", ROW), ("dates", ROW[:4] + ["type", "value", "rule_id"]),
                          ("events", ["type", "trigger", "trigger_start", "trigger_end", "rule_id"]))}
    assert sum(len(rows) for rows in results["txt"]["mentions"]) > 10
    assert all(results["txt"]["dates"]) and any(results["txt"]["events"])
    for name in ("jsonl", "csv", "parquet"):
        assert results[name] == results["txt"], name


def test_a_truncated_record_is_one_failed_document_and_the_batch_goes_on(tmp_path):
    good = [{"id": "a1", "text": "微软CEO萨提亚·纳德拉周二表示，公司将推出新芯片。", "published": "2025-03-14"},
            {"id": "a2", "text": "華為今年2月發布新款手機。", "published": "2025-05-01"}]
    lines = [json.dumps(g, ensure_ascii=False) for g in good]
    lines.insert(1, lines[0][:25])  # a record cut off mid-way, as an interrupted export leaves it
    (tmp_path / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(tmp_path / "news.jsonl"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output  # a failed document
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", encoding="utf-8-sig")
    assert list(docs["status"]) == ["ok", "failed", "ok"]
    assert list(docs["record"]) == [1, 2, 3] and set(docs["path"]) == {"news.jsonl"}
    assert list(docs["record_id"].fillna("")) == ["a1", "", "a2"]
    assert "record 2: line 2 is not valid JSON" in docs["error"][1] and "fix or remove this record" in docs["error"][1]
    mentions = pd.read_csv(tmp_path / "out" / "mentions.csv", encoding="utf-8-sig")
    by_doc = mentions.merge(docs[["doc_id", "record_id"]], on="doc_id")
    found = set(zip(by_doc.record_id, by_doc.text, by_doc.label))
    assert {("a1", "微软", "ORG"), ("a1", "萨提亚·纳德拉", "PERSON"), ("a2", "華為", "ORG")} <= found
    for row in by_doc.itertuples():  # offsets are into the record's text
        text = good[0]["text"] if row.record_id == "a1" else good[1]["text"]
        assert text[row.start:row.end] == row.text


def test_columns_are_mapped_and_a_record_without_text_says_how_to_fix_it(tmp_path):
    frame = pd.DataFrame([{"story": "腾讯昨日宣布新任命。", "pub": "2025-06-30"}])
    frame.to_csv(tmp_path / "export.csv", index=False)
    raw = list(read_records(tmp_path / "export.csv", "export.csv"))
    assert raw[0].status == "failed" and "'text' (nor content, body, article) is missing (columns: story, pub)" \
        in raw[0].error
    assert "--columns text=COLUMN" in raw[0].error
    raw = list(read_records(tmp_path / "export.csv", "export.csv", ColumnMap.parse("text=story,published=pub")))
    assert raw[0].status == "ok" and raw[0].text == "腾讯昨日宣布新任命。" and raw[0].metadata["published"] == "2025-06-30"
    bad = CliRunner().invoke(main, ["run", str(tmp_path), "--columns", "body"])
    assert bad.exit_code == 2 and "write FIELD=COLUMN" in bad.output


def test_a_record_without_text_takes_its_content_column_unless_text_is_mapped(tmp_path):
    """Scraped exports often call the body 'content' (as the bench news does): read without --columns;
    an explicit --columns text=… is obeyed even when that column is missing."""
    rows = [{"id": "c1", "content": "华为昨日在深圳发布新手机。", "body": "不应读到这里。"},
            {"id": "c2", "text": "腾讯宣布新任命。", "content": "不应读到这里。"},
            {"id": "c3", "body": "小米发布新品。"}]
    (tmp_path / "news.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    raw = list(read_records(tmp_path / "news.jsonl", "news.jsonl"))
    assert [d.status for d in raw] == ["ok", "ok", "ok"]
    assert [d.text for d in raw] == ["华为昨日在深圳发布新手机。", "腾讯宣布新任命。", "小米发布新品。"]
    mapped = list(read_records(tmp_path / "news.jsonl", "news.jsonl", ColumnMap.parse("text=story")))
    assert all(d.status == "failed" and "'story' is missing" in d.error for d in mapped)
    (tmp_path / "news.jsonl").write_text('{"content": 5}', encoding="utf-8")
    wrong = list(read_records(tmp_path / "news.jsonl", "news.jsonl"))[0]  # found, but no string
    assert wrong.status == "failed" and "'content' is a int" in wrong.error and "nor" not in wrong.error


def test_html_page_visible_text_with_offsets_into_the_decoded_file(tmp_path):
    page = ("<!DOCTYPE html><html><head><title>华为发布新手机</title><style>p {color: red}</style>"
            "<script>var 张三 = '腾讯';</script></head>\n<body><nav><a href='/'>首页</a></nav>"
            "<p>3月14日，<b>华为</b>在深圳发布新款手机。</p><p>余承东表示&nbsp;销量将增长。</p></body></html>")
    visible, title = html_visible_text(page)
    assert len(visible) == len(page) and title == "华为发布新手机"
    assert "张三" not in visible and "color" not in visible and "href" not in visible
    assert "华为" in visible and "余承东表示" in visible
    (tmp_path / "news.html").write_text(page, encoding="utf-8")
    summary, frames = run_corpus(tmp_path, tmp_path / "out", progress=False, use_cache=False)
    docs, mentions = frames["documents"], frames["mentions"]
    assert summary.ok == 1 and docs["title"][0] == "华为发布新手机"
    assert {"华为", "余承东"} <= set(mentions["text"]) and "张三" not in set(mentions["text"])
    for row in pd.concat([mentions, frames["dates"]]).itertuples():
        assert page[row.start:row.end] == row.text


def test_stdin_jsonl_and_stdin_text(tmp_path):
    record = {"id": "s1", "text": "阿里巴巴集团今年3月宣布重组。", "published": "2025-06-01"}
    result = CliRunner().invoke(main, ["run", "-", "--out", str(tmp_path / "a"), "--no-cache"],
                                input=json.dumps(record, ensure_ascii=False) + "\n")
    assert result.exit_code == 0, result.output
    docs = pd.read_csv(tmp_path / "a" / "documents.csv", encoding="utf-8-sig")
    assert list(docs["path"]) == ["stdin.jsonl"] and docs["record_id"][0] == "s1"
    dates = pd.read_csv(tmp_path / "a" / "dates.csv", encoding="utf-8-sig")
    assert list(dates["value"]) == ["2025-03"]
    result = CliRunner().invoke(main, ["run", "-", "--out", str(tmp_path / "b"), "--anchor", "2025-06-01"],
                                input=record["text"])
    assert result.exit_code == 0, result.output
    assert list(pd.read_csv(tmp_path / "b" / "dates.csv", encoding="utf-8-sig")["value"]) == ["2025-03"]


def test_parquet_round_trips_nulls_dates_and_integers_and_files_are_0644(corpus_run):
    _summary, _frames, out = corpus_run
    for name in ("documents", "mentions", "dates", "events", "event_arguments", "entities"):
        from_csv = pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig")
        from_parquet = pd.read_parquet(out / "parquet" / f"{name}.parquet")
        assert list(from_csv.columns) == list(from_parquet.columns)
        # a missing value is missing in both files, and only there
        assert (from_csv.isna().to_numpy() == from_parquet.isna().to_numpy()).all(), name
        for column in ("start", "end", "sentence_id", "chars", "trigger_start", "record"):
            if column in from_parquet:
                assert str(from_parquet[column].dtype) == "Int64", (name, column)
        for path in (out / f"{name}.csv", out / "parquet" / f"{name}.parquet"):
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o666 & ~_umask()
    documents = pd.read_parquet(out / "parquet" / "documents.parquet")
    assert documents["published"].notna().any() and documents["published"].isna().any()
    assert all(isinstance(d, __import__("datetime").date) for d in documents["published"].dropna())
    assert pd.read_parquet(out / "parquet" / "dates.parquet")["mod"].isna().any()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_records_give_byte_identical_tables_whatever_jobs(tmp_path):
    lines = [json.dumps({"id": a["name"], "text": a["text"], "published": a["published"]}, ensure_ascii=False)
             for a in _articles()]
    lines.insert(2, '{"id": "cut", "text": "半')
    (tmp_path / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for jobs in (1, 2):
        run_corpus(tmp_path / "news.jsonl", tmp_path / f"out{jobs}", jobs=jobs, progress=False, use_cache=False)
    for name in ("documents", "mentions", "entities", "dates", "events", "event_arguments"):
        assert (tmp_path / "out1" / f"{name}.csv").read_bytes() == (tmp_path / "out2" / f"{name}.csv").read_bytes()
    docs = pd.read_csv(tmp_path / "out1" / "documents.csv", encoding="utf-8-sig")
    assert list(docs["record"]) == [1, 2, 3, 4, 5] and list(docs["status"]).count("failed") == 1


def test_a_rerun_processes_only_the_records_that_changed(tmp_path):
    records = [{"id": a["name"], "text": a["text"], "published": a["published"]} for a in _articles()]

    def write(rows):
        (tmp_path / "news.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                                             encoding="utf-8")

    write(records)
    run_corpus(tmp_path / "news.jsonl", tmp_path / "out", progress=False)
    records[1] = {**records[1], "text": records[1]["text"] + "\n腾讯昨日宣布新任命。"}
    write(records)
    summary, frames = run_corpus(tmp_path / "news.jsonl", tmp_path / "out", progress=False)
    assert (summary.resegmented, summary.reused) == (1, len(records) - 1)
    fresh_summary, fresh = run_corpus(tmp_path / "news.jsonl", tmp_path / "fresh", progress=False, use_cache=False)
    for name in frames:
        pd.testing.assert_frame_equal(frames[name], fresh[name])


def test_a_record_file_that_breaks_half_way_keeps_the_records_before(tmp_path):
    # an export cut off inside a quoted cell
    (tmp_path / "cut.csv").write_text('text,title\n"腾讯宣布新任命。",a\n"乙公司宣布', encoding="utf-8")
    found = list(read_records(tmp_path / "cut.csv", "cut.csv"))
    assert [(d.record, d.status) for d in found] == [(1, "ok"), (2, "failed")]
    assert "records from 2 on cannot be read" in found[1].error
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 not really")
    found = list(read_records(tmp_path / "bad.parquet", "bad.parquet"))
    assert len(found) == 1 and found[0].status == "failed" and "not a readable Parquet file" in found[0].error
