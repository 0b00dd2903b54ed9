"""The whole pipeline of this checkout against the one of another git revision, in the same run.

    .venv/bin/python benchmarks/bench_ab.py --base main [--mb 5] [--rounds 4]

On a shared machine a speed figure drifts by +-30% from one minute to the next, so a "before"
taken an hour earlier says little about a 5% gain. This exports --base with `git archive` into a
temporary folder and runs `run_corpus` (one job, no cache, rules compiled afresh: as
bench_pipeline.pipeline_in_process) over the same corpus, the two sources alternating in child
processes (the order flips every round), each importing its own `pipeline/` as `zhnews`. Prints the
CPU seconds of each run (process time of the run itself, libraries already imported) and the
median ratio base/this (> 1.0: this checkout is faster), after --warmup uncounted pairs. Uses this
checkout's .venv for both.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[2] + "/benchmarks")
import bench_pipeline as bp
from pathlib import Path
import jieba
jieba.setLogLevel(60)
cpu = []
bp.pipeline_in_process(Path(sys.argv[1]), cpu=cpu)
print(json.dumps({"cpu": cpu[0]}))
"""


def source_tree(where: Path, name: str, src: Path) -> dict[str, str]:
    """Environment importing ``src/pipeline`` as ``zhnews`` (a folder holding one link)."""
    pkg = where / f"{name}-pkg"
    pkg.mkdir()
    (pkg / "zhnews").symlink_to(src / "pipeline")
    return {"PYTHONPATH": str(pkg)}


def base_and_this(where: Path, base: str) -> dict[str, tuple[Path, dict[str, str]]]:
    """The two sides compared, each as (source folder, environment): ``base`` extracted with git archive
    into ``where``, and this checkout."""
    base_src = where / "base"
    base_src.mkdir()
    archive = subprocess.run(["git", "archive", base], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(base_src)], input=archive, check=True)
    return {"base": (base_src, source_tree(where, "base", base_src)), "this": (ROOT, source_tree(where, "this", ROOT))}


def run_once(corpus: Path, src: Path, env: dict[str, str]) -> float:
    import os

    done = subprocess.run([sys.executable, "-c", CHILD, str(corpus), str(src)], capture_output=True, text=True,
                          env={**os.environ, **env}, cwd=src, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])["cpu"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="main", help="git revision to compare with (default main)")
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    parser.add_argument("--traditional-share", type=float, default=0.2)
    parser.add_argument("--rounds", type=int, default=4, help="alternated pairs of runs (median; default 4)")
    parser.add_argument("--warmup", type=int, default=1, help="pairs run first and not counted (default 1)")
    args = parser.parse_args()

    import bench_pipeline

    corpus, source = bench_pipeline.build_corpus(args.mb, args.traditional_share)
    print(f"corpus: {bench_pipeline.corpus_bytes(corpus) / 1e6:.1f} MB from {source}")
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        sides = base_and_this(where, args.base)
        for _ in range(args.warmup):  # file caches, .pyc files: the first runs pay for them
            for src, env in sides.values():
                run_once(corpus, src, env)
        ratios = []
        for n in range(args.rounds):
            cpu = {}
            for name in (("base", "this") if n % 2 == 0 else ("this", "base")):
                src, env = sides[name]
                cpu[name] = run_once(corpus, src, env)
            ratios.append(cpu["base"] / cpu["this"])
            print(f"round {n + 1}: {args.base} {cpu['base']:.2f} s CPU, this checkout {cpu['this']:.2f} s CPU "
                  f"-> {ratios[-1]:.3f}", flush=True)
    print(f"ratio {args.base}/this by CPU seconds: median {statistics.median(ratios):.3f} over {args.rounds} rounds "
          f"(min {min(ratios):.3f}, max {max(ratios):.3f}); > 1.0: this checkout is faster")


if __name__ == "__main__":
    main()
