"""The per-document time budget (``Settings.doc_timeout``, ``--doc-timeout``): a document whose
processing runs away (here a noise rule that backtracks for hours on a long run of one letter) gets
a failed documents row saying it timed out, and every other document of the batch is complete.
Real rules, a real catastrophic pattern, real processes (a pool, a Dask cluster): nothing mocked."""
from __future__ import annotations

import re
import shutil
import signal
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from zhnews import tables
from zhnews.run import Settings, run_corpus
from zhnews.worker import DocumentTimeout, time_budget

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 2.0
# x*x*x*x*x*y on 3,000 x's without a y tries about 3000^5 / 5! ways at each start: hours, not seconds.
# No nested repetition, so the rules' R011 check lets it through, as it would a user's pattern.
RUNAWAY_RULE = "\n- id: test.runaway\n  kind: inline\n  pattern: 'x*x*x*x*x*y'\n"
ARTICLES = {
    "a.txt": "---\npublished: 2025-05-01\n---\n腾讯昨天发布了新模型。王小明表示满意。\n",
    "c.txt": "---\npublished: 2025-05-02\n---\n阿里巴巴于2024年3月5日发布财报。\n",
}
RUNAWAY = {"b.txt": "---\npublished: 2025-05-01\n---\n华为今天宣布裁员。\n" + "x" * 3000 + "\n"}


@pytest.fixture(scope="module")
def runaway_rules(tmp_path_factory) -> Path:
    rules = tmp_path_factory.mktemp("budget") / "rules"
    shutil.copytree(ROOT / "rules", rules)
    with (rules / "normalize" / "noise.yaml").open("a", encoding="utf-8") as handle:
        handle.write(RUNAWAY_RULE)
    return rules


def _corpus(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _rows_of(frames, paths: set[str]) -> dict[str, pd.DataFrame]:
    """Each table's rows of the documents at ``paths`` (entities: the whole table)."""
    doc_ids = set(frames["documents"].loc[frames["documents"]["path"].isin(paths), "doc_id"])
    return {name: frames[name][frames[name]["doc_id"].isin(doc_ids)].reset_index(drop=True)
            if "doc_id" in frames[name].columns else frames[name] for name in tables.TABLE_NAMES}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_runaway_document_times_out_and_the_others_are_complete(runaway_rules, tmp_path, jobs):
    settings = Settings(rules_dir=runaway_rules, doc_timeout=BUDGET)
    corpus = _corpus(tmp_path / "corpus", {**ARTICLES, **RUNAWAY})
    started = time.perf_counter()
    summary, frames = run_corpus(corpus, tmp_path / "out", settings, jobs=jobs, progress=False, use_cache=False)
    assert time.perf_counter() - started < 60  # unbounded, the runaway document takes hours
    docs = frames["documents"].set_index("path")
    assert docs.loc["b.txt", "status"] == "failed"
    assert docs.loc["b.txt", "error"].startswith(f"timed out: processing took longer than the {BUDGET:g} s")
    assert list(docs.loc[["a.txt", "c.txt"], "status"]) == ["ok", "ok"]
    assert (summary.ok, summary.failed) == (2, 1)
    # the other documents have every row they have in a batch without the runaway one
    _, alone = run_corpus(_corpus(tmp_path / "alone", ARTICLES), tmp_path / "out-alone", settings, progress=False,
                          use_cache=False)
    assert len(alone["mentions"]) >= 2 and len(alone["dates"]) >= 1
    expected, got = _rows_of(alone, set(ARTICLES)), _rows_of(frames, set(ARTICLES))
    for name in tables.TABLE_NAMES:
        pd.testing.assert_frame_equal(got[name], expected[name], obj=name)


def test_a_timed_out_document_is_tried_again_by_the_next_run(runaway_rules, tmp_path):
    """Not cached as failed (a larger budget, or a machine less busy, may see it through): the next
    run reuses the other documents and processes it again."""
    corpus = _corpus(tmp_path / "corpus", {**ARTICLES, **RUNAWAY})
    settings = Settings(rules_dir=runaway_rules, doc_timeout=BUDGET)
    run_corpus(corpus, tmp_path / "out", settings, progress=False)
    summary, frames = run_corpus(corpus, tmp_path / "out", settings, progress=False)
    assert (summary.reused, summary.resegmented, summary.failed) == (2, 1, 1)
    assert frames["documents"].set_index("path").loc["b.txt", "error"].startswith("timed out")


def test_the_budget_stops_the_regex_engine_in_the_main_thread_only():
    runaway = re.compile("x*x*x*x*x*y")
    started = time.perf_counter()
    with pytest.raises(DocumentTimeout):
        with time_budget(0.3):
            runaway.search("x" * 3000)
    assert time.perf_counter() - started < 5
    with time_budget(0.3):  # a block that ends in time: no alarm afterwards
        runaway.search("x" * 20)
    time.sleep(0.5)
    signal.setitimer(signal.ITIMER_REAL, 30)  # a program calling zhnews has its own alarm: left alone
    try:
        with time_budget(0.01):
            time.sleep(0.05)
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 20
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    seen = []  # another thread cannot take the signal: its block runs unbounded (see worker.run_tasks)
    thread = threading.Thread(target=lambda: seen.append(_in_budget(runaway)))
    thread.start()
    thread.join()
    assert seen == ["done"]


def _in_budget(pattern) -> str:
    with time_budget(0.01):
        pattern.search("x" * 60)  # about 0.1 s of backtracking
        time.sleep(0.05)
    return "done"


def test_a_dask_worker_keeps_the_budget(runaway_rules, tmp_path):
    """A Dask worker runs its tasks in threads: its documents run in a forked child that can take the signal."""
    pytest.importorskip("distributed")
    from zhnews.cluster import run_on_cluster

    corpus = _corpus(tmp_path / "corpus", {**ARTICLES, **RUNAWAY})
    settings = Settings(rules_dir=runaway_rules, doc_timeout=BUDGET)
    summary, frames = run_on_cluster(str(corpus), str(tmp_path / "out"), settings, "local:1", progress=False,
                                     use_cache=False)
    docs = frames["documents"].set_index("path")
    assert docs.loc["b.txt", "error"].startswith("timed out")
    assert list(docs.loc[["a.txt", "c.txt"], "status"]) == ["ok", "ok"]
    _, one = run_corpus(corpus, tmp_path / "one", settings, progress=False, use_cache=False)
    for name in tables.TABLE_NAMES:
        pd.testing.assert_frame_equal(frames[name], one[name], obj=name)


def _read_article(path, max_bytes):
    from zhnews.sources import read_file
    return read_file(path, path.parent, None, max_bytes)


def _read_without_answer(path, max_bytes):
    # what no alarm can stop (a native call that never returns): the signal is blocked, then a long wait
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    time.sleep(120)


def test_a_child_that_never_answers_is_killed_and_the_next_document_runs(tmp_path, monkeypatch):
    """A Dask worker thread's BudgetChild that stays silent past the budget and a grace period is
    killed: that document gets a failed row, and the next one runs in a fresh child."""
    from zhnews import worker

    monkeypatch.setattr(worker, "_processor", worker._processor)  # restored after the test
    monkeypatch.setattr(worker, "_budget", worker._budget)
    monkeypatch.setattr(worker, "_CHILD_GRACE_SECONDS", 1.0)
    worker.init_worker(Settings(doc_timeout=0.5))
    article = tmp_path / "a.txt"
    article.write_text(ARTICLES["a.txt"], encoding="utf-8")
    tasks = [("full", (_read_without_answer, article, 10**6), "silent", "silent.txt", False),
             ("full", (_read_article, article, 10**6), "a", "a.txt", False)]
    results = []
    thread = threading.Thread(target=lambda: results.extend(worker.run_tasks(tasks)))
    started = time.perf_counter()
    thread.start()
    thread.join(60)
    try:
        assert not thread.is_alive() and time.perf_counter() - started < 30
        (silent_id, _, silent, *_), (_, _, ok, *_) = results
        assert silent_id == "silent" and silent.document["status"] == "failed"
        assert silent.document["error"].startswith("timed out: the process running it did not answer")
        assert ok.document["status"] == "ok" and ok.rows.get("mentions")  # (its id: the content hash)
    finally:
        for child in list(worker.BudgetChild._children.values()):
            child.close()
        worker.BudgetChild._children.clear()
