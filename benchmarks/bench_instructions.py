"""Instructions the whole pipeline executes, this checkout against another git revision (Valgrind).

    .venv/bin/python benchmarks/bench_instructions.py --base main [--mb 1]

On a machine shared by other jobs, CPU seconds drift by +-10% from one run to the next (hyper-threads
and caches shared with strangers), so a 2% gain cannot be told from noise by timing (bench_ab.py).
The number of instructions a run executes barely moves: this runs ``run_corpus`` (one job, no cache,
rules compiled afresh: as bench_pipeline.pipeline_in_process) under ``valgrind --tool=cachegrind``
for each side, and once more with the imports alone, and prints the instructions of the pipeline
(run minus imports) and the ratio base/this (> 1.0: this checkout executes fewer). Instructions
miss what memory costs (a garbage collection walking every object mostly waits for memory), so
read them beside bench_ab.py. Needs valgrind (``apt-get install valgrind``); ~50x slower than a
plain run: 1 MB takes a few minutes.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

CHILD = """
import sys
sys.path.insert(0, sys.argv[2] + "/benchmarks")
import bench_pipeline as bp
from pathlib import Path
import jieba
jieba.setLogLevel(60)
from zhnews.worker import import_table_libraries
import_table_libraries()
import zhnews.api  # noqa: F401 - what the pipeline imports, in the imports-only run too
if sys.argv[3] == "run":
    bp.pipeline_in_process(Path(sys.argv[1]))
"""
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(corpus: Path, src: Path, env: dict[str, str], what: str, where: Path) -> int:
    """Instructions of one child process (``what``: "run" or "imports") under cachegrind."""
    out = where / f"cachegrind-{src.name}-{what}.out"
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out}",
                           sys.executable, "-c", CHILD, str(corpus), str(src), what],
                          capture_output=True, text=True, env={**os.environ, **env}, cwd=src)
    found = _REFS.findall(done.stderr)
    if done.returncode or not found:
        raise SystemExit(f"the {what} run of {src} failed:\n{done.stderr[-2000:]}")
    return int(found[-1].replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="main", help="git revision to compare with (default main)")
    parser.add_argument("--mb", type=float, default=1.0, help="corpus size in MB (default 1)")
    parser.add_argument("--traditional-share", type=float, default=0.2)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind); bench_ab.py times runs instead")

    import bench_ab
    import bench_pipeline

    corpus, source = bench_pipeline.build_corpus(args.mb, args.traditional_share)
    print(f"corpus: {bench_pipeline.corpus_bytes(corpus) / 1e6:.1f} MB from {source}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        sides = bench_ab.base_and_this(where, args.base)
        pipeline = {}
        for name, (src, env) in sides.items():
            total = instructions(corpus, src, env, "run", where)
            imports = instructions(corpus, src, env, "imports", where)
            pipeline[name] = total - imports
            print(f"{args.base if name == 'base' else 'this checkout'}: {total / 1e9:.3f} G instructions, imports "
                  f"{imports / 1e9:.3f} G, pipeline {pipeline[name] / 1e9:.3f} G", flush=True)
    print(f"ratio {args.base}/this by pipeline instructions: {pipeline['base'] / pipeline['this']:.4f} "
          "(> 1.0: this checkout executes fewer)")


if __name__ == "__main__":
    main()
