"""Peak memory of `zhnews run` as the corpus grows: is it flat?

    .venv/bin/python benchmarks/bench_memory.py [--mb 5 10 25] [--jobs 2] [--traditional-share 0.2]

For each size, one `zhnews run --no-cache --jobs N` over bench_pipeline's corpus of that size (the
same subprocess run and sampling as `bench_pipeline.py --only-jobs`: peak RSS and PSS summed over
the process tree, sampled every 50 ms, and the peak PSS of the main process and of its largest
child), then the growth from the smallest to the largest size in MB
per corpus MB: about 0 when memory is flat. Memory figures do not depend on machine load the way
times do, so one run per size is enough.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pipeline import ROOT, build_corpus, corpus_bytes  # noqa: E402


def cli_run(corpus: Path, jobs: int) -> dict:
    """One `zhnews run --no-cache --jobs N --json` in a subprocess, sampled every 50 ms as
    bench_pipeline.cli_run does: peak RSS and PSS summed over the process tree, and also the peak
    PSS of the main process alone and of its largest child (where memory grows)."""
    import json
    import resource
    import shutil
    import subprocess
    import tempfile
    import threading
    import time

    import psutil

    out = Path(tempfile.mkdtemp())
    cmd = [str(ROOT / ".venv" / "bin" / "zhnews"), "run", str(corpus), "--out", str(out), "--jobs", str(jobs),
           "--no-cache", "--no-progress", "--json"]
    peak = {"rss": 0.0, "pss": 0.0, "main": 0.0, "child": 0.0}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    reader = threading.Thread(target=lambda: setattr(proc, "captured", proc.stdout.read()), daemon=True)
    reader.start()
    while proc.poll() is None:
        rss = pss = 0
        try:
            for p in [proc] + proc.children(recursive=True):
                try:
                    info = p.memory_full_info()
                except psutil.Error:
                    continue
                rss += info.rss
                pss += info.pss
                key = "main" if p.pid == proc.pid else "child"
                peak[key] = max(peak[key], info.pss / 1e6)
        except psutil.Error:
            pass
        peak["rss"], peak["pss"] = max(peak["rss"], rss / 1e6), max(peak["pss"], pss / 1e6)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, nargs="+", default=[5.0, 10.0, 25.0], help="corpus sizes in MB")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--traditional-share", type=float, default=0.2, help="share of articles in traditional script")
    args = parser.parse_args()
    figures = []
    for mb in sorted(args.mb):
        corpus, _ = build_corpus(mb, args.traditional_share)
        size = corpus_bytes(corpus) / 1e6
        run = cli_run(corpus, args.jobs)
        figures.append((size, run))
        phases = ", ".join(f"{k} {v:.1f} s" for k, v in run["phases"].items())
        print(f"{size:5.1f} MB --jobs {args.jobs}: peak RSS {run['rss']:.0f} MB, peak PSS {run['pss']:.0f} MB "
              f"(main process {run['main']:.0f}, largest child {run['child']:.0f}), "
              f"wall {run['wall']:.1f} s, cpu {run['cpu']:.1f} s ({phases})", flush=True)
    if len(figures) > 1:
        (small, first), (large, last) = figures[0], figures[-1]
        print(f"growth {small:.0f} -> {large:.0f} MB of corpus: RSS {(last['rss'] - first['rss']) / (large - small):+.1f} "
              f"MB per corpus MB, PSS {(last['pss'] - first['pss']) / (large - small):+.1f} MB per corpus MB")


if __name__ == "__main__":
    main()
