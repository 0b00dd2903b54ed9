"""Print the event-extraction figures on DuEE (../shared/eval/duee/dev_a.json) and its s2tw variant.

    .venv/bin/python benchmarks/eval_events.py [--data FILE] [--half tune|held] [--limit N] [--no-traditional]
                                               [--top K] [--speed | --speed-only]

``--data ../shared/eval/duee/train.json --half tune`` keeps the train sentences whose text hashes into
the tuning half (read its errors); ``--half held`` the other half (report its figures only). dev_a.json
is the team's held-back check: figures only.

Skips cleanly (exit 0 with a message) when ../shared is absent.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "eval" / "duee" / "dev_a.json"
BENCH = ROOT.parent / "shared" / "bench" / "inews.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--half", choices=("tune", "held"), default=None,
                        help="keep one hash half of the records (tune on 'tune', report on 'held')")
    parser.add_argument("--no-traditional", action="store_true")
    parser.add_argument("--top", type=int, default=8, help="misses / false positives listed per type")
    parser.add_argument("--speed", action="store_true", help="also time the event stage against jieba.lcut")
    parser.add_argument("--speed-only", action="store_true", help="only the speed measurement")
    args = parser.parse_args()
    if not args.speed_only:
        if not args.data.exists():
            print(f"skipped: {args.data} not found (the shared evaluation data is not available)")
        else:
            from zhnews.eval_events import main as run

            run(args.data, limit=args.limit, traditional=not args.no_traditional, top=args.top, half=args.half)
    if args.speed or args.speed_only:
        if not BENCH.exists():
            print(f"speed skipped: {BENCH} not found")
        else:
            from zhnews.eval_events import speed

            print(speed(BENCH).format())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
