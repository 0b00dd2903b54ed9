"""A run's rows go to spill files and its tables are built one bucket of documents at a time: the
files are byte for byte those the in-memory path (every document's rows, ``rows.assemble``, then
``tables.write_tables``) writes, on folders and record files, in small buckets and large; a run
killed mid-way or failing to write leaves the previous tables whole and no spill behind."""
from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from zhnews import outdir, spill, tables
from zhnews.cache_codec import deserialise
from zhnews.ingest import decode
from zhnews.rows import assemble
from zhnews.run import run_corpus
from zhnews.schema import TABLE_NAMES

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ZHNEWS = Path(sys.executable).with_name("zhnews")


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def _in_memory_tables(out: Path, target: Path) -> dict[str, bytes]:
    """The tables the in-memory path writes from the documents' outputs the run cached."""
    db = sqlite3.connect(out / ".cache" / "zhnews.sqlite")
    outputs = [deserialise("output", blob) for (blob,) in db.execute("SELECT output FROM docs")]
    db.close()
    target.mkdir()
    tables.write_tables(assemble(outputs), target)
    return _files(target)


def _jsonl_corpus(folder: Path) -> Path:
    """corpus/'s articles as the records of one .jsonl file, plus a bad record."""
    folder.mkdir()
    lines = [json.dumps({"id": f"a{k}", "text": decode(path.read_bytes())[0], "published": "2025-06-15"},
                        ensure_ascii=False)
             for k, path in enumerate(sorted(CORPUS.rglob("*.txt")))]
    lines.insert(2, "{not json")
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("bucket_docs", [spill.BUCKET_DOCS, 2])
def test_spilled_tables_equal_the_in_memory_tables_byte_for_byte(tmp_path, monkeypatch, bucket_docs):
    monkeypatch.setattr(spill, "BUCKET_DOCS", bucket_docs)
    monkeypatch.setattr(spill, "MAX_BUFFERED_ROWS", 50 if bucket_docs == 2 else spill.MAX_BUFFERED_ROWS)
    written = []
    original = spill.Spill._write
    monkeypatch.setattr(spill.Spill, "_write", lambda self, bucket: written.append(bucket) or original(self, bucket))
    for name, corpus in (("folder", CORPUS), ("records", _jsonl_corpus(tmp_path / "jsonl"))):
        out = tmp_path / f"{name}-out"
        summary, frames = run_corpus(corpus, out, progress=False, jobs=2 if name == "folder" else 1)
        assert summary.documents == len(frames["documents"]) > 10
        spilled = _files(out)
        assert spilled.pop(outdir.MANIFEST) and spilled == _in_memory_tables(out, tmp_path / f"{name}-memory")
        assert not (out / outdir.SPILL).exists()  # removed once the tables are written
    assert written and (bucket_docs == spill.BUCKET_DOCS or len(written) > 10)


def test_a_failed_table_write_keeps_the_previous_tables_and_leaves_no_spill(tmp_path, monkeypatch):
    out = tmp_path / "out"
    run_corpus(CORPUS / "portal", out, progress=False, use_cache=False)
    before = _files(out)
    original = tables.TableStream.write

    def disk_full(self, columns):
        if self.name == "facts":
            raise OSError(28, "No space left on device")
        original(self, columns)

    monkeypatch.setattr(tables.TableStream, "write", disk_full)
    with pytest.raises(outdir.OutputFolderError, match="No space left"):
        run_corpus(CORPUS, out, progress=False, use_cache=False)
    assert _files(out) == before and not outdir.check_set(out)
    assert not (out / outdir.SPILL).exists() and not (out / outdir.STAGING).exists()


def test_a_run_killed_mid_way_leaves_the_previous_tables_and_the_next_run_clears_its_spill(tmp_path):
    corpus = tmp_path / "corpus"
    for copy in range(6):
        (corpus / f"batch{copy}").mkdir(parents=True)
        for path in CORPUS.glob("*.txt"):
            (corpus / f"batch{copy}" / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    run_corpus(CORPUS / "portal", out, progress=False, use_cache=False)
    before = _files(out)
    run = subprocess.Popen([str(ZHNEWS), "run", str(corpus), "--out", str(out), "--no-progress", "--no-cache"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not (out / outdir.SPILL).exists() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert (out / outdir.SPILL).exists()  # killed while documents were being processed
    assert _files(out) == before and not outdir.check_set(out)
    summary, frames = run_corpus(corpus, out, progress=False, use_cache=False)
    assert not (out / outdir.SPILL).exists() and summary.documents == len(frames["documents"])
    assert set(_files(out)) == set(before)


def test_a_run_returns_its_tables_read_from_the_files(tmp_path):
    summary, frames = run_corpus(CORPUS / "portal", tmp_path / "out", progress=False, use_cache=False)
    assert list(frames) == list(TABLE_NAMES)
    assert summary.documents == len(frames["documents"]) and sum(summary.counts["mentions"].values()) == len(
        frames["mentions"])
    assert frames["mentions"]["entity_id"].isin(frames["entities"]["entity_id"]).all()


def test_a_parquet_dataset_output_reads_back_like_the_csv_output(tmp_path, monkeypatch):
    """``--format parquet-dataset`` writes the tables as folders of parts; read_table, diff, report
    and export read them as they read the CSV + Parquet output of the same run."""
    from zhnews.cli import main

    monkeypatch.setattr(tables, "DATASET_ROWS", 40)  # several parts for the larger tables
    csv_out, dataset_out = tmp_path / "csv", tmp_path / "dataset"
    run_corpus(CORPUS, csv_out, progress=False, use_cache=False)
    run_corpus(CORPUS, dataset_out, progress=False, use_cache=False, table_format="parquet-dataset")
    assert len(tables.dataset_parts(dataset_out, "mentions")) > 1 and not (dataset_out / "mentions.csv").exists()
    for name in TABLE_NAMES:
        assert tables.stored_as(dataset_out, name) == "dataset"
        pd.testing.assert_frame_equal(tables.read_table(dataset_out, name), tables.read_table(csv_out, name))
    from click.testing import CliRunner

    runner = CliRunner()
    diff = runner.invoke(main, ["diff", str(csv_out), str(dataset_out)])
    assert diff.exit_code == 0 and "no changes" in diff.output and "added" not in diff.output, diff.output
    for folder in (csv_out, dataset_out):
        done = runner.invoke(main, ["export", str(folder), "--sqlite", str(folder.with_suffix(".db"))])
        assert done.exit_code == 0, done.output
        done = runner.invoke(main, ["report", str(folder), "--corpus", str(CORPUS), "--out", str(folder.with_suffix(".site"))])
        assert done.exit_code == 0, done.output
    counts = [sqlite3.connect(folder.with_suffix(".db")).execute("SELECT count(*) FROM mentions").fetchone()[0]
              for folder in (csv_out, dataset_out)]
    assert counts[0] == counts[1] == len(tables.read_table(csv_out, "mentions"))
    pages = [sorted(p.relative_to(folder.with_suffix(".site")).as_posix() for p in folder.with_suffix(".site").rglob("*.html"))
             for folder in (csv_out, dataset_out)]
    assert pages[0] == pages[1] and len(pages[0]) > 15


def test_a_pool_run_holds_a_bounded_window_of_uncollected_results():
    """The pool's feeder waits while ``size`` results are handed out and not collected, goes on as
    each is collected, and stops waiting when the run closes the window."""
    import threading

    from zhnews.run import Window

    window = Window(3)
    fed = window.gate(iter(range(10)))
    got = [next(fed) for _ in range(3)]
    feeder = threading.Thread(target=lambda: got.append(next(fed)))
    feeder.start()
    feeder.join(0.5)
    assert feeder.is_alive() and got == [0, 1, 2]  # no permit left: the fourth task cannot be handed out
    assert list(window.taken(["result"])) == ["result"]
    feeder.join(30)
    assert not feeder.is_alive() and got == [0, 1, 2, 3]
    window.close()
    assert list(fed) == []  # a feeder waiting for a permit lets go once the run has stopped


def test_tables_written_a_row_group_at_a_time_are_the_in_memory_files(tmp_path, monkeypatch):
    """The streamed writers hold one row group (``tables.ROW_GROUP_ROWS`` rows) at a time: their
    Parquet files, and a dataset's parts (``DATASET_ROWS`` rows, here not a multiple of a row
    group), are byte for byte those ``write_tables`` / ``write_datasets`` write from whole tables."""
    import pyarrow.parquet as pq

    monkeypatch.setattr(tables, "ROW_GROUP_ROWS", 16)
    monkeypatch.setattr(tables, "DATASET_ROWS", 40)
    monkeypatch.setattr(spill, "BUCKET_DOCS", 3)
    for table_format, write in (("csv", tables.write_tables), ("parquet-dataset", tables.write_datasets)):
        out = tmp_path / table_format
        run_corpus(CORPUS, out, progress=False, table_format=table_format)
        db = sqlite3.connect(out / ".cache" / "zhnews.sqlite")
        outputs = [deserialise("output", blob) for (blob,) in db.execute("SELECT output FROM docs")]
        db.close()
        (tmp_path / f"{table_format}-memory").mkdir()
        write(assemble(outputs), tmp_path / f"{table_format}-memory")
        spilled = _files(out)
        assert spilled.pop(outdir.MANIFEST) and spilled == _files(tmp_path / f"{table_format}-memory")
    mentions = pq.ParquetFile(tmp_path / "csv" / "parquet" / "mentions.parquet")
    assert mentions.metadata.num_rows > 40 and mentions.num_row_groups == -(-mentions.metadata.num_rows // 16)
    first_part = pq.ParquetFile(tables.dataset_parts(tmp_path / "parquet-dataset", "mentions")[0])
    assert [first_part.metadata.row_group(i).num_rows for i in range(first_part.num_row_groups)] == [16, 16, 8]
    pd.testing.assert_frame_equal(tables.read_table(tmp_path / "parquet-dataset", "mentions"),
                                  tables.read_table(tmp_path / "csv", "mentions"))
