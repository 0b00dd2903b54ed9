"""Score the entity rules on CLUENER2020 train and People's Daily dev (simplified and s2tw).

    .venv/bin/python benchmarks/eval_entities.py [--limit N] [--no-baseline] [--no-traditional] [--errors K]
                                                 [--workers W] [--half tune|held] [--msra] [--s2hk]

``--half`` keeps the sentences whose text hashes into one half: tune rules on ``tune`` (read its
errors), report on ``held`` (read only its figures), so the reported figure is from data the rules
were not fitted to. ``--msra`` adds MSRA train, ``--s2hk`` the Hong Kong conversion.

Prints exact-span P/R/F1 for PERSON and ORG, the jieba.posseg baseline computed in the same run, and
the most frequent false positives and misses. Skips cleanly (exit 0) when ../shared/eval is absent.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zhnews.eval_entities import evaluate, load_bio, load_cluener, split_half  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--rules", type=Path, default=ROOT / "rules")
    parser.add_argument("--limit", type=int, default=None, help="first N sentences of each data set")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-traditional", action="store_true")
    parser.add_argument("--errors", type=int, default=25, help="how many top errors to list (0: none)")
    parser.add_argument("--workers", type=int, default=None,
                        help="processes for the (slow) jieba.posseg baseline; default: CPU count, at most 4")
    parser.add_argument("--half", choices=("tune", "held"), default=None,
                        help="keep one hash half of every set (tune on 'tune', report on 'held')")
    parser.add_argument("--msra", action="store_true", help="also MSRA train (45,000 sentences)")
    parser.add_argument("--s2hk", action="store_true", help="also the OpenCC s2hk conversion")
    args = parser.parse_args()
    cluener = args.shared / "cluener" / "train.json"
    pd_dev = args.shared / "peoples_daily" / "dev.bio"
    datasets = {}
    if cluener.exists():
        datasets["cluener"] = load_cluener(cluener, args.limit)
    if pd_dev.exists():
        datasets["peoples_daily"] = load_bio(pd_dev, args.limit)
    msra = args.shared / "msra" / "train.bio"
    if args.msra and msra.exists():
        datasets["msra"] = load_bio(msra, args.limit)
    if args.half:
        datasets = {name: split_half(examples, args.half) for name, examples in datasets.items()}
    if not datasets:
        print(f"skipped: no evaluation data under {args.shared}")
        return 0
    started = time.perf_counter()
    _scores, report = evaluate(datasets, args.rules, traditional=not args.no_traditional,
                               baseline=not args.no_baseline, errors=args.errors, workers=args.workers,
                               hong_kong=args.s2hk)
    print(report)
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
