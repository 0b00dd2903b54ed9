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
from bench_pipeline import build_corpus, cli_run, corpus_bytes  # noqa: E402


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
