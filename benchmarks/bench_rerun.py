"""Re-extraction after a rule edit vs the first full run, on the same corpus, in one process.

    .venv/bin/python benchmarks/bench_rerun.py [--mb 25] [--jobs 1]

Uses the corpus that bench_pipeline.py builds (from ../shared/bench/inews.jsonl when present).
Runs: (1) a full run with an empty cache, (2) an unchanged rerun, (3) a rerun after adding a
gazetteer entry (an extraction rule: segmentation is reused), (4) a rerun after adding a lexicon
word (segmentation is redone). Prints the times and the ratios against the full run.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_pipeline import build_corpus, corpus_bytes  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=25.0)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()

    from pipeline.run import Settings, run_corpus

    corpus, source = build_corpus(args.mb, 0.2)
    print(f"corpus: {corpus_bytes(corpus) / 1e6:.1f} MB from {source}; jobs {args.jobs}")
    work = Path(tempfile.mkdtemp())
    rules = work / "rules"
    shutil.copytree(ROOT / "rules", rules)
    out = work / "out"
    settings = Settings(rules_dir=rules)

    def timed(label: str) -> float:
        t = time.perf_counter()
        summary, _ = run_corpus(corpus, out, settings, jobs=args.jobs, progress=False)
        seconds = time.perf_counter() - t
        print(f"{label:<44}{seconds:>8.2f} s   processed {summary.resegmented}, re-extracted "
              f"{summary.reextracted}, unchanged {summary.reused}", flush=True)
        return seconds

    full = timed("full run (empty cache)")
    same = timed("rerun, nothing changed")
    (rules / "entities" / "gazetteer" / "zz_bench.yaml").write_text(
        "label: ORG\nentries:\n  - {id: bench-co, canonical: 基准测试科技, aliases: [基准测试公司]}\n", encoding="utf-8")
    extract = timed("rerun after an extraction-rule edit")
    (rules / "lexicon").mkdir(exist_ok=True)
    (rules / "lexicon" / "zz_bench.txt").write_text("基准测试科技 3000 nt\n", encoding="utf-8")
    lexicon = timed("rerun after a lexicon edit")
    print(f"\nspeed-up vs full run: unchanged {full / same:.1f}x, extraction-rule edit {full / extract:.1f}x, "
          f"lexicon edit {full / lexicon:.1f}x")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
