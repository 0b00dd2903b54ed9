"""Re-extraction after a rule edit vs the first full run, on the same corpus, in one process.

    .venv/bin/python benchmarks/bench_rerun.py [--mb 25] [--jobs 1]

Uses the corpus that bench_pipeline.py builds (from ../shared/bench/inews.jsonl when present).
Runs: (1) a full run with an empty cache, (2) an unchanged rerun, then reruns after typical
extraction-rule edits (segmentation is reused; only the documents an edit can change are
extracted again, see pipeline/rule_changes.py): (3) a new gazetteer entry, (4) a word added to a
word list, (5) a changed regex rule, (6) a date pattern, (7) an event trigger, (8) a matcher
setting (reaches every document); and (9) a rerun after adding a lexicon word (segmentation is
redone). Prints the times, how many documents
each rerun touched, and the ratios against the full run.
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

    from zhnews.run import Settings, run_corpus

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
        "label: ORG\nentries:\n  - {id: spc, canonical: 最高人民法院, aliases: [最高法, 最高人民法院]}\n",
        encoding="utf-8")
    gazetteer = timed("rerun after a gazetteer edit")
    deny = rules / "entities" / "lists" / "person_deny.txt"  # a false PERSON seen in this corpus (一段时间)
    deny.write_text(deny.read_text(encoding="utf-8") + "段时间\n", encoding="utf-8")
    word_list = timed("rerun after a word-list edit")
    patterns = rules / "entities" / "patterns.yaml"
    text = patterns.read_text(encoding="utf-8")
    patterns.write_text(text.replace("|周刊|", "|周刊|双周刊|", 1), encoding="utf-8")
    regex = timed("rerun after a regex-rule edit")
    dates = rules / "dates" / "patterns.yaml"  # 周二 no longer a weekday
    dates.write_text(dates.read_text(encoding="utf-8").replace("(?P<W>[一二三四五六日天1-7])", "(?P<W>[一三四五六日天1-7])", 1),
                     encoding="utf-8")
    date_rule = timed("rerun after a date-pattern edit")
    types = rules / "events" / "types.yaml"
    types.write_text(types.read_text(encoding="utf-8").replace("    - 辞职\n", "", 1), encoding="utf-8")
    event_type = timed("rerun after an event-trigger edit")
    patterns.write_text(patterns.read_text(encoding="utf-8").replace("threshold: 2.0", "threshold: 2.1", 1),
                        encoding="utf-8")
    setting = timed("rerun after a matcher-setting edit (all docs)")
    (rules / "lexicon").mkdir(exist_ok=True)
    (rules / "lexicon" / "zz_bench.txt").write_text("基准测试科技 3000 nt\n", encoding="utf-8")
    lexicon = timed("rerun after a lexicon edit")
    print(f"\nspeed-up vs full run: unchanged {full / same:.1f}x, gazetteer edit {full / gazetteer:.1f}x, "
          f"word-list edit {full / word_list:.1f}x, regex edit {full / regex:.1f}x, "
          f"date-pattern edit {full / date_rule:.1f}x, event-trigger edit {full / event_type:.1f}x, "
          f"matcher-setting edit {full / setting:.1f}x, lexicon edit {full / lexicon:.1f}x")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
