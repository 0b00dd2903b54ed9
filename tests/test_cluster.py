"""Runs on a real Dask cluster of worker processes: the same tables as one process, a killed worker's
partition retried, narrowed reruns from the per-partition caches, URLs, Parquet datasets, and no
Dask at all without --scheduler."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from distributed import LocalCluster

from zhnews import tables
from zhnews.cluster import run_on_cluster
from zhnews.run import Settings, run_corpus

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ZHNEWS = Path(sys.executable).with_name("zhnews")


@pytest.fixture(scope="module")
def scheduler():
    """Two worker processes (each behind a nanny that restarts it), reached by address as a remote
    cluster would be."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster:
        yield cluster.scheduler_address


def _files(out: Path) -> dict[str, bytes]:
    # the files users open (links into OUT/.tables/current), not the run state in hidden folders
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def test_cli_local_cluster_writes_the_same_files_as_one_process(corpus_run, tmp_path):
    _, _, one_process = corpus_run
    out = tmp_path / "cluster"
    done = subprocess.run([str(ZHNEWS), "run", str(CORPUS), "--out", str(out), "--scheduler", "local:2",
                           "--no-progress"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "documents: 15" in done.stdout
    cluster_files = _files(out)
    assert len(cluster_files) == 2 * len(tables.TABLE_NAMES) + 1  # CSVs, Parquet files and tables.json
    assert cluster_files == _files(one_process)


def test_a_killed_worker_has_its_partition_retried(scheduler, tmp_path):
    corpus = tmp_path / "corpus"
    for copy in range(4):  # 60 articles: partitions still running when the worker dies
        shutil.copytree(CORPUS, corpus / f"batch{copy}")
    run_corpus(corpus, tmp_path / "one", progress=False, use_cache=False)
    killed = []

    def kill_a_busy_worker(client, futures):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            busy = [address for address, keys in client.processing().items() if keys]
            if busy:
                pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            time.sleep(0.05)

    summary, _ = run_on_cluster(str(corpus), str(tmp_path / "cluster"), Settings(), scheduler, progress=False,
                                on_submit=kill_a_busy_worker)
    assert killed, "no worker was busy to kill"
    # A partition the killed worker had finished (its result lost with the worker) is run again from
    # the cache file its first attempt wrote: its documents count as reused then, not processed.
    # How many that is depends on when the kill landed; that each document was done once and the
    # tables are whole does not.
    assert summary.documents == 60 and summary.failed == 0
    assert summary.resegmented + summary.reused == 60 and summary.resegmented > 0
    assert _files(tmp_path / "cluster") == _files(tmp_path / "one")


def test_reruns_from_partition_caches_are_narrowed_on_file_urls(scheduler, corpus_copy, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    corpus_url, out_url = corpus_copy.as_uri(), (tmp_path / "out").as_uri()
    first, _ = run_on_cluster(corpus_url, out_url, Settings(rules_dir=rules), scheduler, progress=False)
    assert first.resegmented == 15
    again, _ = run_on_cluster(corpus_url, out_url, Settings(rules_dir=rules), scheduler, progress=False)
    assert (again.reused, again.reextracted, again.resegmented) == (15, 0, 0)
    # a new gazetteer entry reaches only the articles containing its words
    (rules / "entities" / "gazetteer" / "zz_user.yaml").write_text(
        "label: ORG\nentries:\n  - {id: lanzhou-zhisuan, canonical: 澜舟智算科技, aliases: [澜舟智算, 瀾舟智算]}\n", encoding="utf-8")
    edited, _ = run_on_cluster(corpus_url, out_url, Settings(rules_dir=rules), scheduler, progress=False)
    assert edited.resegmented == 0 and 0 < edited.reextracted < 15, edited.rule_change
    run_corpus(corpus_copy, tmp_path / "fresh", Settings(rules_dir=rules), progress=False, use_cache=False)
    assert _files(tmp_path / "out") == _files(tmp_path / "fresh")


def _compiled_rules() -> int:
    import zhnews.worker

    return id(zhnews.worker._processor)


def test_each_worker_compiles_the_rules_once(scheduler, tmp_path):
    from distributed import Client

    run_on_cluster(str(CORPUS), str(tmp_path / "a"), Settings(), scheduler, progress=False, use_cache=False)
    with Client(scheduler) as client:
        first = client.run(_compiled_rules)
    run_on_cluster(str(CORPUS), str(tmp_path / "b"), Settings(), scheduler, progress=False, use_cache=False)
    with Client(scheduler) as client:
        again = client.run(_compiled_rules)
    compiled = {address: rules for address, rules in first.items() if rules != id(None)}
    assert compiled
    # the second run's partitions found each worker's rules compiled
    assert {address: again[address] for address in compiled} == compiled


def test_a_grown_corpus_splits_its_partitions_and_keeps_their_caches(scheduler, monkeypatch, tmp_path):
    import zhnews.cluster as cluster

    monkeypatch.setattr(cluster, "MIN_PARTITIONS", 2)
    monkeypatch.setattr(cluster, "DOCS_PER_PARTITION", 4)
    out = tmp_path / "out"
    run_on_cluster(str(CORPUS), str(out), Settings(), scheduler, progress=False)
    files = lambda: sorted(p.name for p in (out / ".cache" / "partitions").glob("part-*"))  # noqa: E731
    assert files()[-1].endswith("-of-00004.sqlite")
    monkeypatch.setattr(cluster, "DOCS_PER_PARTITION", 2)  # as if the corpus had doubled
    summary, _ = run_on_cluster(str(CORPUS), str(out), Settings(), scheduler, progress=False)
    assert (summary.reused, summary.reextracted, summary.resegmented) == (15, 0, 0)
    assert files() and all(name.endswith("-of-00008.sqlite") for name in files())
    run_corpus(CORPUS, tmp_path / "one", progress=False, use_cache=False)
    assert _files(out) == _files(tmp_path / "one")


@pytest.mark.filterwarnings("ignore:The inplace keyword:DeprecationWarning")  # inside dask, not ours
def test_parquet_datasets_read_back_with_pandas_and_dask(scheduler, corpus_run, monkeypatch, tmp_path):
    import dask.dataframe as dd

    _, frames, _ = corpus_run
    out = tmp_path / "out"
    monkeypatch.setattr(tables, "DATASET_ROWS", 50)  # several files per table
    run_on_cluster(str(CORPUS), str(out), Settings(), scheduler, progress=False, use_cache=False,
                   table_format="parquet-dataset")
    assert not list(out.glob("*.csv"))
    assert len(list((out / "mentions").glob("part-*.parquet"))) == -(-len(frames["mentions"]) // 50)
    for name in tables.TABLE_NAMES:
        pd.testing.assert_frame_equal(pd.read_parquet(out / name), frames[name])
        lazy = dd.read_parquet(str(out / name))
        assert list(lazy.columns) == tables.COLUMNS[name] and len(lazy.compute()) == len(frames[name])
    # a rerun with fewer files per table leaves no stale part behind (one-process, same writer)
    monkeypatch.setattr(tables, "DATASET_ROWS", 500_000)
    run_corpus(CORPUS, out, progress=False, use_cache=False, table_format="parquet-dataset")
    for name in tables.TABLE_NAMES:
        assert sorted(p.name for p in (out / name).iterdir()) == ["part-00000.parquet"]
        pd.testing.assert_frame_equal(pd.read_parquet(out / name), frames[name])


def test_a_plain_run_never_imports_dask(tmp_path):
    probe = ("import sys\nfrom zhnews.cli import main\n"
             f"try:\n    main(['run', {str(CORPUS)!r}, '--out', {str(tmp_path / 'out')!r}, '--no-progress'])\n"
             "except SystemExit:\n    pass\n"
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'dask', 'distributed', 'fsspec'}))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "documents: 15" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_cluster_errors_speak_to_the_user(tmp_path):
    done = subprocess.run([str(ZHNEWS), "run", str(CORPUS), "--out", str(tmp_path), "--scheduler", "local:zero"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "write local:N" in done.stderr and "Traceback" not in done.stderr
    done = subprocess.run([str(ZHNEWS), "run", str(CORPUS), "--out", "s3://bucket/out"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "--scheduler" in done.stderr and "Traceback" not in done.stderr


def test_a_store_lists_the_same_articles_and_refusals_as_a_local_folder(tmp_path):
    # An fsspec store that is not the local disk (the in-memory one stands in for s3:// or gs://):
    # its listing must match ingest.scan on the same files, refusals included.
    import fsspec

    from zhnews.cluster import list_corpus

    files = {"a.txt": "张三在北京。", "sub/b.md": "李四。", "scan.pdf": "%PDF-1.7", "README.md": "about",
             ".hidden/c.txt": "x"}
    memory = fsspec.filesystem("memory")
    for rel, text in files.items():
        memory.pipe(f"/zhnews-test-corpus/{rel}", text.encode("utf-8"))
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    try:
        remote = list_corpus("memory://zhnews-test-corpus")
    finally:
        memory.rm("/zhnews-test-corpus", recursive=True)
    local = list_corpus(str(tmp_path))
    assert [rel for rel, _meta in remote[0]] == [rel for rel, _meta in local[0]] == ["a.txt", "sub/b.md"]
    assert remote[1] == local[1] and [rel for rel, _s, _w in local[1]] == ["scan.pdf"]
    assert "not an article format (.pdf)" in local[1][0][2]


def test_record_files_give_the_same_tables_as_one_process(scheduler, tmp_path):
    """A .jsonl corpus (and a folder holding one beside articles): each record is a document of its
    own on the cluster as in one process."""
    from zhnews.ingest import decode

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS / "portal", corpus)
    lines = [json.dumps({"id": f"r{k}", "text": decode(path.read_bytes())[0], "published": "2025-06-15"},
                        ensure_ascii=False) for k, path in enumerate(sorted(CORPUS.glob("*.txt")))]
    lines.insert(1, "{not json")
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for source in (corpus, corpus / "feed.jsonl"):
        one, cluster = tmp_path / f"one-{source.name}", tmp_path / f"cluster-{source.name}"
        summary, _ = run_corpus(source, one, progress=False, use_cache=False)
        assert summary.documents > len(lines) - 1
        run_on_cluster(str(source), str(cluster), Settings(), scheduler, progress=False, use_cache=False)
        assert _files(cluster) == _files(one)
