"""Idioms and names read as dates: a review list over real news (issue #15, "no idiom date").

    .venv/bin/python benchmarks/idiom_dates.py [--n 2000] [--anchor 2019-10-01] [--show 200]

Runs the date stage over the first N articles of ../shared/bench/inews.jsonl (skipped when absent)
and prints, for a person to review:

1. what rules/dates/not_dates.txt rejects: each phrase with the number of matches it dropped and
   an example (the same text run once without the phrase list, the difference counted);
2. suspicious rows that remain, each with its context and why it is suspicious:
   - ``word``: the match crosses the edge of a longer jieba dictionary word (an idiom or a set
     phrase such as 明日黄花, 一日千里) or lies inside one;
   - ``latin``: a count right after Latin letters and a space or a digit, as in product versions
     ("Llama 3 周期", "iPhone 15 年");
   - ``bare``: a relative day word (今日, 明日, 昨日 …) with no calendar word after it, followed by
     a noun-like character run (今日头条-like names).
A phrase that is never a date goes into not_dates.txt as data; a real date stays. The report ends
with the counts, so a rerun shows what a change to not_dates.txt did.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zhnews.dates import DateExtractor  # noqa: E402
from zhnews.dates.loader import load_not_dates  # noqa: E402
from zhnews.rules import DEFAULT_RULES_DIR, load_yaml  # noqa: E402

INEWS = ROOT.parent / "shared" / "bench" / "inews.jsonl"
_LATIN_COUNT = re.compile(r"(?<![\\A-Za-z])(?:[A-Za-z]{2,}[A-Za-z0-9.\-]* [0-9.]*|[A-Za-z]+[0-9][0-9.]* ?)$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def articles(n: int) -> list[str]:
    out = []
    with INEWS.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            text = f"{row.get('title') or ''}\n{row.get('content') or ''}".strip()
            if text:
                out.append(text)
            if len(out) >= n:
                break
    return out


def longer_word(text: str, start: int, end: int, freq: dict) -> str:
    """A dictionary word of 4+ characters that holds the match's text and crosses one of its edges
    or strictly contains it (明日黄花 around 明日), else ''."""
    best = ""
    for lo in range(max(0, start - 3), start + 1):
        for hi in range(max(end, lo + 4), min(len(text), end + 3) + 1):
            word = text[lo:hi]
            if (lo, hi) != (start, end) and len(word) >= 4 and freq.get(word) and _CJK.search(word):
                if len(word) > len(best):
                    best = word
    return best


def suspicious(text: str, m, relative_days: set[str], freq: dict) -> str:
    span = text[m.start:m.end]
    word = longer_word(text, m.start, m.end, freq)
    if word:
        return f"word:{word}"
    if m.type == "DURATION" and _LATIN_COUNT.search(text[max(0, m.start - 12):m.start]):
        return "latin"
    if span in relative_days and _CJK.match(text[m.end:m.end + 1] or " "):
        nxt = text[m.end:m.end + 2]
        if not re.match(r"[上下中早晚凌午夜前后起至到的是将在，。、]", nxt):
            return f"bare:{span}{nxt}"
    return ""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--anchor", default="2019-10-01")
    ap.add_argument("--show", type=int, default=200, help="suspicious rows to print")
    args = ap.parse_args()
    if not INEWS.is_file():
        print(f"{INEWS} is absent: skipped")
        return
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    freq = jieba.dt.FREQ
    anchor = dt.date.fromisoformat(args.anchor)
    ex = DateExtractor.from_rules(DEFAULT_RULES_DIR)
    bare_ex = DateExtractor(ex._loaded, ex._lex, ())  # the same rules without not_dates.txt
    lex = load_yaml(DEFAULT_RULES_DIR / "dates" / "lexicon.yaml")
    relative_days = {w for w in {**lex["relative_day"], **lex["anaphoric_day"]} if w != "__line__"}
    phrases = load_not_dates(DEFAULT_RULES_DIR / "dates" / "not_dates.txt")
    texts = articles(args.n)

    rejected: collections.Counter = collections.Counter()
    example: dict[str, str] = {}
    flagged: list[tuple[str, str, str]] = []
    total = 0
    for text in texts:
        kept = ex.extract(text, anchor)
        total += len(kept)
        keys = {(m.start, m.end) for m in kept}
        for m in bare_ex.extract(text, anchor):
            if (m.start, m.end) in keys:
                continue
            ctx = text[max(0, m.start - 6):m.end + 6]
            hit = next((p for p in phrases if p in ctx), "(a match moved by a dropped neighbour)")
            rejected[hit] += 1
            example.setdefault(hit, ctx.replace("\n", " "))
        for m in kept:
            why = suspicious(text, m, relative_days, freq)
            if why:
                flagged.append((why, text[m.start:m.end], text[max(0, m.start - 10):m.end + 10].replace("\n", " ")))

    print(f"{len(texts)} articles of {INEWS.name}, anchor {anchor}: {total} date rows")
    print(f"\n1. not_dates.txt rejected {sum(rejected.values())} matches:")
    for phrase, n in rejected.most_common():
        print(f"  {n:5d}  {phrase:12}  e.g. …{example[phrase]}…")
    kinds = collections.Counter(why.split(":")[0] for why, _s, _c in flagged)
    print(f"\n2. suspicious rows left: {len(flagged)} ({', '.join(f'{k} {v}' for k, v in kinds.most_common())})")
    by_reason = collections.Counter((why, span) for why, span, _c in flagged)
    shown = 0
    for (why, span), n in by_reason.most_common():
        if shown >= args.show:
            break
        ctx = next(c for w, s, c in flagged if w == why and s == span)
        print(f"  {n:4d}  {span!r:16} {why:24} …{ctx}…")
        shown += 1


if __name__ == "__main__":
    main()
