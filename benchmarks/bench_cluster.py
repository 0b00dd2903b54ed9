"""Throughput of `zhnews run --scheduler` on a Dask LocalCluster of 1 and 2 worker processes, next to
a one-process run of the same corpus in the same run, and peak memory per worker.

    .venv/bin/python benchmarks/bench_cluster.py [--mb 5] [--traditional-share 0.2] [--rounds 3]

The corpus is bench_pipeline's (../shared/bench/inews.jsonl when present, else corpus/ repeated).
Each cluster is started before its timed run (workers start in a few seconds, once per cluster);
the timed run includes the workers compiling their rules, reading every article, the client's
entity linking and the table writing. Runs are without cache. Peak PSS per worker process (with the child that runs its documents) is
sampled every 50 ms during the run; this process's own high-water mark is printed too.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pipeline import build_corpus, corpus_bytes, pipeline_in_process  # noqa: E402


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def on_cluster(corpus: Path, workers: int) -> tuple[float, list[float], float]:
    """(wall seconds, peak PSS in MB of each worker process with its children, sampled every 50 ms
    during the run, CPU seconds of the workers, their children and this client together: more than a one-process run's is the cluster's
    own cost; a wall time above CPU / workers is waiting for a core)."""
    import os
    import threading

    import psutil
    from distributed import Client, LocalCluster

    from zhnews.cluster import run_on_cluster
    from zhnews.run import Settings

    out = Path(tempfile.mkdtemp())
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster:
        with Client(cluster) as client:
            processes = [psutil.Process(pid) for pid in client.run(os.getpid).values()]
        peaks = [0.0] * len(processes)
        running = threading.Event()
        running.set()

        def sample() -> None:
            while running.is_set():
                for k, process in enumerate(processes):
                    try:  # the worker and the child that runs its documents (worker.BudgetChild): PSS,
                        # which counts the pages they share once
                        tree = [process, *process.children(recursive=True)]
                        peaks[k] = max(peaks[k], sum(p.memory_full_info().pss for p in tree) / 1e6)
                    except psutil.Error:
                        pass
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        cpu = _cpu(processes) + time.process_time()
        t = time.perf_counter()
        run_on_cluster(str(corpus), str(out), Settings(), cluster.scheduler_address, progress=False,
                       use_cache=False)
        elapsed = time.perf_counter() - t
        cpu = _cpu(processes) + time.process_time() - cpu
        running.clear()
        sampler.join()
    shutil.rmtree(out)
    return elapsed, peaks, cpu


def _cpu(processes) -> float:
    """CPU seconds of the workers and their live children (the children that run documents)."""
    import psutil

    total = 0.0
    for process in processes:
        for one in [process, *process.children(recursive=True)]:
            try:
                times = one.cpu_times()
            except psutil.Error:
                continue
            total += times.user + times.system
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MB of UTF-8 text (default 5)")
    parser.add_argument("--traditional-share", type=float, default=0.2, help="share of articles in traditional script")
    parser.add_argument("--rounds", type=int, default=3, help="alternated rounds (default 3); medians are printed")
    args = parser.parse_args()

    corpus, source = build_corpus(args.mb, args.traditional_share)
    mb = corpus_bytes(corpus) / 1e6
    print(f"corpus: {mb:.1f} MB, {sum(1 for p in corpus.iterdir() if p.suffix == '.txt')} articles ({source})")
    # alternated rounds, medians: the speed of a shared machine drifts between runs
    seconds: dict[str, list[float]] = {"one": [], 1: [], 2: []}
    cpus: dict[str, list[float]] = {"one": [], 1: [], 2: []}
    peaks: dict[int, list[float]] = {}
    for _ in range(args.rounds):
        cpu = time.process_time()
        seconds["one"].append(pipeline_in_process(corpus))  # compiles its rules afresh, as workers do
        cpus["one"].append(time.process_time() - cpu)
        for workers in (1, 2):
            elapsed, peaks[workers], cpu = on_cluster(corpus, workers)
            seconds[workers].append(elapsed)
            cpus[workers].append(cpu)
    base = statistics.median(seconds["one"])
    print(f"one process (no Dask):   {base:6.1f} s  {mb / base:5.2f} MB/s   (median of {args.rounds} rounds; "
          f"cpu {statistics.median(cpus['one']):.1f} s)")
    for workers in (1, 2):
        elapsed = statistics.median(seconds[workers])
        ratios = sorted(one / run for one, run in zip(seconds["one"], seconds[workers]))
        per_worker = ", ".join(f"{peak:.0f}" for peak in peaks[workers])
        print(f"LocalCluster {workers} worker(s): {elapsed:6.1f} s  {mb / elapsed:5.2f} MB/s  "
              f"vs one process: median {statistics.median(ratios):.2f}x (rounds {', '.join(f'{r:.2f}' for r in ratios)})  "
              f"peak PSS per worker (with its document child): {per_worker} MB; cpu (workers + client) {statistics.median(cpus[workers]):.1f} s")
    print(f"this process, peak RSS: {_peak_rss_mb():.0f} MB (the one-process runs and the cluster client)")

if __name__ == "__main__":
    main()
