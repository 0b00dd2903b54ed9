"""Throughput and memory of the zhnews pipeline against bare ``jieba.lcut``, measured in one run.

    .venv/bin/python benchmarks/bench_pipeline.py [--mb 25] [--traditional-share 0.2] [--rounds 3] [--pairs 3]
                                                  [--skip-jobs | --only-jobs]

Builds a corpus of about --mb MB (UTF-8) from ../shared/bench/inews.jsonl when present (a share of
the articles converted to traditional with OpenCC s2tw / s2hk), else by repeating corpus/. Prints:
CPU seconds and MB/s per stage (one core; rules compile and rows included), the whole pipeline
(ingest to tables) vs bare jieba.lcut on the same text (ratio >= 1.0 means the pipeline is faster;
the median of alternated rounds, as this kind of machine drifts in speed by +-30%), peak RSS and
PSS of `zhnews run` summed over its processes, and the --jobs 2 speed-up.
"""
from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_BENCH = ROOT.parent / "shared" / "bench" / "inews.jsonl"
WORK = ROOT / "benchmarks" / ".work"


def build_corpus(mb: float, traditional_share: float) -> tuple[Path, str]:
    import opencc

    target = WORK / f"corpus-{mb:g}mb-{traditional_share:g}"
    if target.exists():
        return target, "cached " + str(target)
    tmp = Path(tempfile.mkdtemp(dir=WORK.parent if WORK.exists() else None))
    budget = mb * 1e6
    size = 0
    rows = []
    if SHARED_BENCH.exists():
        source = "inews.jsonl"
        to_tw, to_hk = opencc.OpenCC("s2tw"), opencc.OpenCC("s2hk")
        with SHARED_BENCH.open(encoding="utf-8") as handle:
            for n, line in enumerate(handle):
                item = json.loads(line)
                text = f"{item.get('title') or ''}\n{item.get('content') or ''}\n"
                # Every k-th article in traditional script, alternating Taiwan and Hong Kong forms.
                if traditional_share > 0 and n % round(1 / traditional_share) == 0:
                    text = (to_tw if (n // round(1 / traditional_share)) % 2 == 0 else to_hk).convert(text)
                name = f"{n:05d}.txt"
                (tmp / name).write_text(text, encoding="utf-8")
                rows.append({"path": name, "published": "2019-07-15"})
                size += len(text.encode("utf-8"))
                if size >= budget:
                    break
    else:
        source = "corpus/ repeated (../shared/bench absent)"
        samples = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".txt", ".md") and not p.name.lower().startswith("readme"))
        n = 0
        while size < budget:
            for sample in samples:
                data = sample.read_bytes()
                name = f"{n:05d}{sample.suffix}"
                (tmp / name).write_bytes(data)
                rows.append({"path": name, "published": "2025-06-15"})
                size += len(data)
                n += 1
    with (tmp / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["path", "published"])
        writer.writeheader()
        writer.writerows(rows)
    WORK.mkdir(parents=True, exist_ok=True)
    tmp.rename(target)
    return target, source


def corpus_bytes(corpus: Path) -> int:
    return sum(p.stat().st_size for p in corpus.iterdir() if p.suffix in (".txt", ".md"))


def stage_times(corpus: Path) -> dict[str, float]:
    """Each stage alone over the whole corpus, in this process (one core): CPU seconds
    (``time.process_time``), which other processes on a shared machine disturb far less than wall
    time. "rules compile" is a fresh process's: caches cleared, as pipeline_in_process does."""
    import re

    from zhnews import normalize, segment, tables
    from zhnews.ingest import discover, read_document, read_manifests
    from zhnews.processor import DocumentProcessor, Settings
    from zhnews.records import Extraction
    from zhnews.rows import DocumentOutput, assemble, build_rows, document_row
    from zhnews.normalize import normalize_text
    import datetime as dt

    clock = time.process_time
    settings = Settings()
    segment.dictionary_tags.cache_clear()
    normalize.converter.cache_clear()
    re.purge()
    times = {}
    t = clock()
    processor = DocumentProcessor(settings)
    times["rules compile"] = clock() - t
    manifest, _ = read_manifests(corpus)
    files = discover(corpus)

    t = clock()
    raws = [read_document(p, corpus, manifest.get(p.name, {})) for p in files]
    times["ingest"] = clock() - t

    t = clock()
    norms = [normalize_text(r.text, processor.normalize_rules, "auto", r.body_start) if r.status != "failed" else None for r in raws]
    times["normalize"] = clock() - t

    t = clock()
    toks = [processor.segmenter.segment(n.text) if n else None for n in norms]
    times["segment: words"] = clock() - t

    t = clock()
    blobs = [tk.pack() if tk else None for tk in toks]
    times["segment: cache form"] = clock() - t
    del blobs
    docs = toks  # the pipeline hands extractors the plain Tokens, not spaCy Docs

    ex = processor.extractor
    parts = {"entities": 0.0, "dates": 0.0, "events": 0.0, "rows": 0.0}
    outputs = []
    for raw, norm, doc in zip(raws, norms, docs):
        if doc is None:
            continue
        anchor = dt.date.fromisoformat(raw.metadata["published"]) if raw.metadata.get("published") else None
        t0 = clock()
        ents = ex.entities.extract(doc)
        t1 = clock()
        dates = ex.dates.extract(doc.text, anchor)
        t2 = clock()
        events = ex.events.extract(doc, ents, dates, text=doc.text)
        t3 = clock()
        starts = [a for a, _b in doc.sentences()]
        outputs.append(DocumentOutput(raw.doc_id, document_row(raw, norm, len(starts)),
                                      build_rows(raw, norm, starts, Extraction(ents, dates, events),
                                                 processor.fact_rules)))
        parts["entities"] += t1 - t0
        parts["dates"] += t2 - t1
        parts["events"] += t3 - t2
        parts["rows"] += clock() - t3
    times.update({f"extract: {k}" if k != "rows" else "rows (per document)": v for k, v in parts.items()})
    t = clock()
    frames = assemble(outputs)
    out = Path(tempfile.mkdtemp())
    tables.write_tables(frames, out)
    times["tables (link + write)"] = clock() - t
    shutil.rmtree(out)
    return times


def bare_jieba(corpus: Path, cpu: list | None = None) -> float:
    """Wall seconds of jieba.lcut over every article; its CPU seconds are appended to ``cpu``."""
    import jieba
    from zhnews.ingest import decode

    texts = [decode(p.read_bytes())[0] for p in sorted(corpus.iterdir()) if p.suffix in (".txt", ".md")]
    jieba.initialize()
    t, c = time.perf_counter(), time.process_time()
    for text in texts:
        jieba.lcut(text)
    if cpu is not None:
        cpu.append(time.process_time() - c)
    return time.perf_counter() - t


def pipeline_in_process(corpus: Path, use_cache: bool = False, cpu: list | None = None) -> float:
    """Wall time of `run_corpus` with one job, rules compiled afresh (libraries already imported, as
    jieba is for the baseline); its CPU seconds (all its threads) are appended to ``cpu``."""
    import re

    from zhnews import normalize, segment
    from zhnews.processor import forget_processor
    from zhnews.run import run_corpus
    from zhnews.worker import import_table_libraries

    import_table_libraries()
    # every run pays for loading its rules and dictionaries and compiling its regexes
    forget_processor()
    segment.dictionary_tags.cache_clear()
    normalize.converter.cache_clear()
    re.purge()
    out = Path(tempfile.mkdtemp())
    t, c = time.perf_counter(), time.process_time()
    run_corpus(corpus, out, jobs=1, progress=False, use_cache=use_cache)
    elapsed = time.perf_counter() - t
    if cpu is not None:
        cpu.append(time.process_time() - c)
    shutil.rmtree(out)
    return elapsed


def cli_run(corpus: Path, jobs: int) -> dict:
    """One `zhnews run --no-cache` in a subprocess: wall time, CPU time (user + system, the process
    and its workers), peak RSS and peak PSS (MB, summed over the process tree) and the run's own
    phase times. Summed RSS counts every page a forked worker shares with the main process once per
    process; PSS (proportional set size) splits a shared page among the processes sharing it, so its
    sum is the memory the run really holds. Also the peak PSS of the main process alone ("main") and
    of its largest child ("child"), where memory grows (bench_memory.py reads them)."""
    import resource

    import psutil

    out = Path(tempfile.mkdtemp())
    cmd = [str(ROOT / ".venv" / "bin" / "zhnews"), "run", str(corpus), "--out", str(out), "--jobs", str(jobs),
           "--no-cache", "--no-progress", "--json"]
    if not Path(cmd[0]).exists():
        cmd[0:1] = [sys.executable, "-m", "zhnews.cli"]
    peak = {"rss": 0.0, "pss": 0.0, "main": 0.0, "child": 0.0}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    reader = threading.Thread(target=lambda: setattr(proc, "captured", proc.stdout.read()), daemon=True)
    reader.start()
    while proc.poll() is None:
        try:
            procs = [proc] + proc.children(recursive=True)
            rss = pss = 0
            for p in procs:
                try:
                    info = p.memory_full_info()  # rss and pss (from /proc/PID/smaps_rollup on Linux)
                except psutil.Error:
                    continue
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
                key = "main" if p.pid == proc.pid else "child"
                peak[key] = max(peak[key], getattr(info, "pss", info.rss) / 1e6)
            peak["rss"], peak["pss"] = max(peak["rss"], rss / 1e6), max(peak["pss"], pss / 1e6)
        except psutil.Error:
            pass
        time.sleep(0.05)
    elapsed = time.perf_counter() - t
    reader.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(out)
    try:
        phases = json.loads(proc.captured).get("phases", {})
    except (ValueError, AttributeError):
        phases = {}
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": elapsed, "cpu": cpu, "phases": phases, **peak}


def jobs_comparison(corpus: Path, pairs: int) -> None:
    """`zhnews run --jobs 1` and `--jobs 2` alternately, so drifts in machine speed hit both.

    Besides the wall-time ratio, prints where the time goes: the documents phase (the part that runs
    in parallel) and the serial rest (set-up, tables, writing), and the CPU time of each run (two
    jobs doing the same work should cost about the same CPU; more means the cores slow each other)."""
    import statistics
    from concurrent.futures import ThreadPoolExecutor

    ratios, doc_ratios, rss1, rss2, pss1, pss2, one_walls = [], [], [], [], [], [], []
    print()
    for n in range(pairs):
        one, two = cli_run(corpus, 1), cli_run(corpus, 2)
        ratios.append(one["wall"] / two["wall"])
        one_walls.append(one["wall"])
        d1, d2 = one["phases"].get("documents"), two["phases"].get("documents")
        if d1 and d2:
            doc_ratios.append(d1 / d2)
        rss1.append(one["rss"])
        rss2.append(two["rss"])
        pss1.append(one["pss"])
        pss2.append(two["pss"])
        serial = lambda r: r["wall"] - r["phases"].get("documents", 0.0)  # noqa: E731
        print(f"pair {n + 1}: --jobs 1 {one['wall']:.2f} s (cpu {one['cpu']:.1f} s, serial {serial(one):.2f} s), "
              f"--jobs 2 {two['wall']:.2f} s (cpu {two['cpu']:.1f} s, serial {serial(two):.2f} s) "
              f"-> {ratios[-1]:.2f}x" + (f", documents phase {doc_ratios[-1]:.2f}x" if d1 and d2 else ""),
              flush=True)
    print(f"--jobs 2 speed-up: median {statistics.median(ratios):.2f}x over {pairs} pairs "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f}; cpu count {os.cpu_count()})"
          + (f"; documents phase median {statistics.median(doc_ratios):.2f}x" if doc_ratios else ""))
    print(f"peak RSS: --jobs 1 {max(rss1):.0f} MB, --jobs 2 {max(rss2):.0f} MB (summed over processes); "
          f"peak PSS: --jobs 1 {max(pss1):.0f} MB, --jobs 2 {max(pss2):.0f} MB (summed: pages shared by forked "
          "processes counted once)")
    # What the machine itself allows: two independent one-job runs at once. On a VM whose two cores
    # share caches (hyper-threads) each run slows down, and no --jobs 2 can beat this figure.
    alone = statistics.median(one_walls)
    with ThreadPoolExecutor(max_workers=2) as pool:
        together = [f.result()["wall"] for f in [pool.submit(cli_run, corpus, 1) for _ in range(2)]]
    capacity = 2 * alone / max(together)
    print(f"machine capacity: two independent --jobs 1 runs at once took {together[0]:.2f} s and {together[1]:.2f} s "
          f"(one alone: {alone:.2f} s), so two processes do {capacity:.2f}x the work of one here")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=25.0, help="corpus size in MB of UTF-8 text (default 25)")
    parser.add_argument("--traditional-share", type=float, default=0.2, help="share of articles in traditional script")
    parser.add_argument("--skip-jobs", action="store_true", help="skip the subprocess runs (RSS, --jobs 2)")
    parser.add_argument("--pairs", type=int, default=3,
                        help="--jobs 1 / --jobs 2 runs, interleaved, for the speed-up (median; default 3)")
    parser.add_argument("--only-jobs", action="store_true", help="only the --jobs comparison and RSS")
    parser.add_argument("--rounds", type=int, default=3,
                        help="bare jieba / pipeline runs, alternated, for the ratio (median; default 3)")
    args = parser.parse_args()

    corpus, source = build_corpus(args.mb, args.traditional_share)
    size_mb = corpus_bytes(corpus) / 1e6
    print(f"corpus: {size_mb:.1f} MB, {sum(1 for _ in corpus.glob('*.txt'))} files, from {source}")

    if args.only_jobs:
        jobs_comparison(corpus, args.pairs)
        return
    import statistics

    # Bare jieba and the pipeline alternate (the order flips every round), so a drift in machine speed
    # hits both; the ratio reported is the median over the rounds.
    ratios, pipe_times, jieba_cpu, pipe_cpu = [], [], [], []
    for n in range(args.rounds):
        for which in (("jieba", "pipeline") if n % 2 == 0 else ("pipeline", "jieba")):
            gc.collect()
            if which == "jieba":
                jieba_s = bare_jieba(corpus, jieba_cpu)
            else:
                pipe_s = pipeline_in_process(corpus, cpu=pipe_cpu)
        ratios.append(jieba_s / pipe_s)
        pipe_times.append(pipe_s)
        print(f"round {n + 1}: bare jieba.lcut {jieba_s:.2f} s ({size_mb / jieba_s:.2f} MB/s), whole pipeline "
              f"(1 job) {pipe_s:.2f} s ({size_mb / pipe_s:.2f} MB/s) -> ratio {ratios[-1]:.2f}; CPU seconds "
              f"{jieba_cpu[-1]:.2f} and {pipe_cpu[-1]:.2f} -> {jieba_cpu[-1] / pipe_cpu[-1]:.2f}", flush=True)
    gc.collect()
    cached_s = pipeline_in_process(corpus, use_cache=True)
    print(f"whole pipeline writing the stage cache (a first `zhnews run`) {cached_s:.2f} s "
          f"({size_mb / cached_s:.2f} MB/s)", flush=True)
    gc.collect()
    stages = stage_times(corpus)

    print(f"\n{'stage (one core, CPU)':<26}{'seconds':>9}{'MB/s':>9}{'share':>8}")
    total = sum(stages.values())
    for name, seconds in stages.items():
        print(f"{name:<26}{seconds:>9.2f}{size_mb / seconds if seconds else float('inf'):>9.2f}{seconds / total:>8.1%}")
    print(f"\nratio pipeline/jieba (speed, >= 1.0 is faster than bare jieba.lcut): median {statistics.median(ratios):.2f} "
          f"over {args.rounds} rounds (min {min(ratios):.2f}, max {max(ratios):.2f}); writing the stage cache costs "
          f"{cached_s / statistics.median(pipe_times) - 1:+.0%}")
    # CPU time counts only this process's own work: other processes on a shared machine slow the wall
    # clock of either side at random, but change CPU seconds far less.
    cpu_ratios = [j / p for j, p in zip(jieba_cpu, pipe_cpu)]
    print(f"ratio by CPU seconds: median {statistics.median(cpu_ratios):.2f} (min {min(cpu_ratios):.2f}, "
          f"max {max(cpu_ratios):.2f})")
    if not args.skip_jobs:
        jobs_comparison(corpus, args.pairs)

if __name__ == "__main__":
    main()
