"""Date extraction benchmark: zhnews against JioNLP's parse_time, DuEE 时间 recall, and throughput.

    .venv/bin/python benchmarks/bench_dates.py [--default-anchor 2019-10-01] [--corpus PATH]

1. Accuracy on tests/data/date_cases.tsv. zhnews reads the whole sentence; JioNLP's parse_time gets
   the expression itself (it parses a time string, it does not search a text) with the case's
   anchor as time_base. The shared subset is every positive case with an anchor whose value does
   not depend on an earlier sentence (同年, 次日, a clock time after a dated sentence), since
   parse_time cannot see that context. A JioNLP answer counts as right when its interval is the
   expected one; for a part of a period (月初, 上午, 八十年代末, seasons, 左右) any interval inside
   the expected one counts, for a clock time the right start counts, and for a duration an interval
   of the right length ending or starting at the anchor counts. Expected-empty values are right
   when the system gives no value (JioNLP raising counts as no value).
2. Speed: expressions per second for both on the same strings; zhnews MB/s on a big text.
3. Other projects' cases (../shared/eval/dates/, skipped when absent): Microsoft Recognizers-Text
   and Duckling, converted by zhnews.eval_dates, scored on the half rules were tuned on ("tune")
   and on the half held back ("held"): exact span, and the right value (the same interval), with the
   reference's date as the anchor (as the pipeline passes a publication date) and with its date and
   clock time (a datetime anchor, which 两小时前 and 过去3小时 need). Misses where the reference follows
   a convention zhnews does not (Duckling's next occurrence, its offsets read as ranges;
   eval_dates.convention) are counted apart. `--misses tune` lists the tune half's misses;
   `--only-external` prints these figures alone.
4. The broad grammar check of benchmarks/grammar_dates.py (generated combinations, values computed
   there): the share right, in a sentence and alone.
5. DuEE (../shared/eval/duee/dev_a.json, skipped when absent): recall of 时间 arguments overlapped by
   a zhnews date, and the share of those that got a value, without an anchor and with a batch
   default anchor (DuEE has no publication dates).

JioNLP is a benchmark-only comparison (`make bench-dates` installs it from the hashed
benchmarks/requirements-bench.lock); without it the JioNLP column is skipped.
"""
from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import logging
import re
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zhnews.dates import DateExtractor  # noqa: E402
from zhnews.rules import DEFAULT_RULES_DIR, load_yaml  # noqa: E402

CASES = ROOT / "tests" / "data" / "date_cases.tsv"
SHARED = ROOT.parent / "shared"
DUEE = SHARED / "eval" / "duee" / "dev_a.json"
INEWS = SHARED / "bench" / "inews.jsonl"
D = dt.datetime
DAY = dt.timedelta(days=1)
SEC = dt.timedelta(seconds=1)


# ---------------------------------------------------------------------- cases
def load_cases() -> list[dict]:
    import opencc

    t2s = opencc.OpenCC("t2s")
    rows, header = [], None
    for line in CASES.read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            continue
        case = dict(zip(header, fields))
        if case["script"] == "t":
            case["sentence"], case["expression"] = t2s.convert(case["sentence"]), t2s.convert(case["expression"])
        case["anchor_date"] = None if case["anchor"] == "-" else dt.date.fromisoformat(case["anchor"])
        rows.append(case)
    return rows


def context_words() -> list[str]:
    lex = load_yaml(DEFAULT_RULES_DIR / "dates" / "lexicon.yaml")
    words = []
    for table in ("anaphoric_year", "anaphoric_month", "anaphoric_day", "anaphoric_day_part"):
        words += [w for w in lex[table] if w != "__line__"]
    return words


def needs_context(case: dict, words: list[str]) -> bool:
    if any(w in case["expression"] for w in words):
        return True
    used = case.get("anchor_used", "")
    return bool(used) and used not in ("-", case["anchor"])


# ---------------------------------------------------------------------- TIMEX3 value -> interval
SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
PARTS = {"MO": (0, 12), "MI": (11, 14), "AF": (12, 18), "EV": (17, 24), "NI": (18, 30)}


def _month_end(y: int, m: int) -> D:
    y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return D(y, m, calendar.monthrange(y, m)[1], 23, 59, 59)


def interval(value: str) -> tuple[D, D, str] | None:
    """[start, end] of a TIMEX3 value and its kind: exact, part (any sub-interval is fine) or clock."""
    if "/" in value:
        a, b = value.split("/")
        ia, ib = interval(a), interval(b)
        return (ia[0], ib[1], "exact") if ia and ib else None
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)", value)
    if m:
        start = D(*map(int, m.groups()))
        return start, start + dt.timedelta(seconds=59), "clock"
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(MO|MI|AF|EV|NI)", value)
    if m:
        day = D(int(m[1]), int(m[2]), int(m[3]))
        lo, hi = PARTS[m[4]]
        return day + dt.timedelta(hours=lo), day + dt.timedelta(hours=hi) - SEC, "part"
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value)
    if m:
        day = D(*map(int, m.groups()))
        return day, day + DAY - SEC, "exact"
    m = re.fullmatch(r"(\d{4})-(\d\d)", value)
    if m:
        y, mo = int(m[1]), int(m[2])
        return D(y, mo, 1), _month_end(y, mo), "exact"
    m = re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value)
    if m:
        monday = D.fromisocalendar(int(m[1]), int(m[2]), 1)
        start = monday + 5 * DAY if m[3] else monday
        return start, monday + 7 * DAY - SEC, "exact"
    m = re.fullmatch(r"(\d{4})-(Q|H)(\d)", value)
    if m:
        y, n = int(m[1]), int(m[3])
        size = 3 if m[2] == "Q" else 6
        return D(y, (n - 1) * size + 1, 1), _month_end(y, n * size), "exact"
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
    if m:
        lo, hi = SEASONS[m[2]]
        return D(int(m[1]), lo, 1), _month_end(int(m[1]), hi), "part"
    m = re.fullmatch(r"(\d{4})", value)
    if m:
        return D(int(value), 1, 1), D(int(value), 12, 31, 23, 59, 59), "exact"
    m = re.fullmatch(r"(\d{3})", value)
    if m:
        y = int(value) * 10
        return D(y, 1, 1), D(y + 9, 12, 31, 23, 59, 59), "exact"
    m = re.fullmatch(r"(\d{2})", value)
    if m:
        y = int(value) * 100
        return D(max(y, 1), 1, 1), D(y + 99, 12, 31, 23, 59, 59), "exact"
    return None


DURATION_DAYS = {"Y": 365.25, "M": 30.44, "W": 7, "D": 1, "H": 1 / 24, "TM": 1 / 1440, "S": 1 / 86400}


def duration_days(value: str) -> float | None:
    m = re.fullmatch(r"PT?([\d.]+)([YMWDHS])", value)
    if not m:
        return None
    unit = "TM" if value.startswith("PT") and m[2] == "M" else m[2]
    return float(m[1]) * DURATION_DAYS[unit]


def jio_delta_days(delta: dict) -> float | None:
    keys = {"year": "Y", "month": "M", "day": "D", "hour": "H", "minute": "TM", "second": "S"}
    total = 0.0
    for k, v in delta.items():
        if k not in keys or not isinstance(v, (int, float)):
            return None
        total += v * DURATION_DAYS[keys[k]]
    return total


def _parse_jio_time(s) -> D | None:
    if not isinstance(s, str) or s == "inf":
        return None
    try:
        return D.strptime(s, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def jio_correct(out, case: dict) -> bool:
    """Whether a parse_time answer (None when it raised) means the expected value."""
    value, etype, mod = case["value"], case["type"], case["mod"]
    if not value:
        return out is None
    if out is None:
        return False
    kind, t = out.get("type"), out.get("time")
    if etype == "SET":
        if kind != "time_period" or not isinstance(t, dict):
            return False
        point = (t.get("point") or {}).get("time") or [None]
        start = _parse_jio_time(point[0])
        if value.startswith("XXXX-WXX-"):
            return start is not None and t["delta"] == {"day": 7} and str(start.isoweekday()) == value[-1]
        if value.startswith("XXXX-XX-"):
            return start is not None and start.day == int(value[-2:])
        if value.startswith("XXXX"):
            return False
        days = jio_delta_days(t["delta"])
        return days is not None and abs(days - duration_days(value)) < 0.5
    if etype == "DURATION":
        want = duration_days(value)
        if want is None:  # PXY: no count
            return False
        if kind == "time_delta":
            delta = t[0] if isinstance(t, list) else t
            got = jio_delta_days(delta) if isinstance(delta, dict) else None
            return got is not None and abs(got - want) <= max(0.01, want * 0.01)
        if kind == "time_span" and isinstance(t, list):
            a, b = _parse_jio_time(t[0]), _parse_jio_time(t[1])
            anchor = D.combine(case["anchor_date"], dt.time())
            if a is None or b is None or not (abs(a - anchor) <= 2 * DAY or abs(b - anchor) <= 2 * DAY):
                return False
            return abs((b - a).total_seconds() / 86400 - want) <= max(2, want * 0.05)
        return False
    if kind not in ("time_point", "time_span") or not isinstance(t, list):
        return False
    want = interval(value)
    a, b = _parse_jio_time(t[0]), _parse_jio_time(t[1])
    if want is None or a is None or b is None:
        return False
    lo, hi, how = want
    if how == "clock":
        return a == lo
    if how == "part" or mod in ("START", "MID", "END", "APPROX"):
        if how == "part" and lo.month != hi.month and lo.day == 1 and value[-2:] in SEASONS:
            mid = a + (b - a) / 2
            return lo <= mid <= hi
        return lo <= a and b <= hi + SEC
    return a == lo and abs((b - hi).total_seconds()) <= 1


def zh_value(ex: DateExtractor, case: dict):
    """The zhnews match spanning the expression (None when there is none)."""
    sent, expr = case["sentence"], case["expression"]
    start = sent.index(expr)
    for m in ex.extract(sent, case["anchor_date"]):
        if m.start == start and m.end == start + len(expr):
            return m
    return None


def run_jio(jio, expr: str, anchor: dt.date | None):
    base = time.mktime(anchor.timetuple()) if anchor else None
    try:
        out = jio.parse_time(expr, time_base=base) if base else jio.parse_time(expr)
    except Exception:  # noqa: BLE001 - parse_time raises ValueError and others on what it cannot parse
        return None
    return out


# ---------------------------------------------------------------------- parts
def bench_cases(ex: DateExtractor, jio) -> None:
    cases = load_cases()
    words = context_words()
    pos = [c for c in cases if c["type"] != "-"]
    neg = [c for c in cases if c["type"] == "-"]
    shared = [c for c in pos if c["anchor_date"] is not None and not needs_context(c, words)]

    zh_full = zh_val = 0
    for c in pos:
        m = zh_value(ex, c)
        ok_val = m is not None and m.value == c["value"]
        zh_val += ok_val
        zh_full += ok_val and m.type == c["type"] and m.mod == c["mod"]
    zh_neg = sum(1 for c in neg if not any(
        m.start < c["sentence"].index(c["expression"]) + len(c["expression"])
        and m.end > c["sentence"].index(c["expression"])
        for m in ex.extract(c["sentence"], c["anchor_date"])))
    zh_shared = sum(1 for c in shared if (m := zh_value(ex, c)) is not None and m.value == c["value"])

    print(f"Cases: {len(cases)} ({len(pos)} positive, {len(neg)} negative); shared subset: {len(shared)}")
    print(f"{'':34}{'zhnews':>12}{'JioNLP':>12}")
    jio_shared = jio_neg = None
    failures: list[str] = []
    if jio is not None:
        jio_shared = 0
        for c in shared:
            ok = jio_correct(run_jio(jio, c["expression"], c["anchor_date"]), c)
            jio_shared += ok
            if not ok:
                failures.append(c["expression"])
        jio_neg = sum(1 for c in neg if run_jio(jio, c["expression"], c["anchor_date"]) is None)

    def row(label: str, zh: int, jv: int | None, n: int) -> None:
        j = f"{jv / n:11.1%}" if jv is not None else f"{'n/a':>11}"
        print(f"{label:34}{zh / n:11.1%} {j}   (n={n})")

    row("shared subset, value right", zh_shared, jio_shared, len(shared))
    row("negatives left alone", zh_neg, jio_neg, len(neg))
    print(f"{'zhnews, all positives, value':34}{zh_val / len(pos):11.1%}")
    print(f"{'zhnews, all positives, type+value+mod':34}{zh_full / len(pos):11.1%}")
    if failures:
        print(f"JioNLP misses on the shared subset ({len(failures)}): " + "、".join(failures[:40])
              + (" ..." if len(failures) > 40 else ""))

    # Speed on the same strings: parse_time on each expression; zhnews extract on each expression.
    exprs = [(c["expression"], c["anchor_date"]) for c in shared]
    rounds = 5
    t0 = time.perf_counter()
    for _ in range(rounds):
        for e, a in exprs:
            ex.extract(e, a)
    zh_rate = rounds * len(exprs) / (time.perf_counter() - t0)
    line = f"Speed on the shared expressions: zhnews {zh_rate:,.0f} expr/s"
    if jio is not None:
        t0 = time.perf_counter()
        for e, a in exprs:
            run_jio(jio, e, a)
        jio_rate = len(exprs) / (time.perf_counter() - t0)
        line += f", JioNLP {jio_rate:,.0f} expr/s ({zh_rate / jio_rate:.1f}x)"
    print(line)


def bench_external(ex: DateExtractor, show: str = "") -> None:
    import opencc

    from zhnews import eval_dates

    root = SHARED / "eval" / "dates"
    if not root.is_dir():
        print(f"Recognizers-Text / Duckling: skipped ({root} not found)")
        return
    t2s = opencc.OpenCC("t2s")  # as the pipeline does: traditional and Cantonese cases are converted first

    def extract(sentence: str, anchor: dt.date):
        return ex.extract(t2s.convert(sentence), anchor)

    cases = eval_dates.load_all(root)
    for source in ("recognizers-text", "duckling"):
        for part in ("tune", "held"):
            chosen = [c for c in cases if c["source"] == source and eval_dates.part(c) == part]
            n = max(len(chosen), 1)
            for clock in (False, True):
                found, right, misses = eval_dates.score(extract, chosen, clock=clock)
                how = "date+clock anchor" if clock else "date anchor"
                kinds = Counter(eval_dates.convention(v, c) for c, v in misses if v)
                conv = ", ".join(f"{k} {kinds[k] / n:.1%}" for k in sorted(kinds) if k)
                print(f"{source:17} {part:4} n={len(chosen):3}  {how:17}  exact span {found / n:6.1%}  "
                      f"right value {right / n:6.1%}" + (f"  (+ the reference's conventions: {conv})" if conv else ""))
                if show == part and not clock:  # --misses tune: what to read when writing rules
                    for c, v in misses:
                        print(f"    miss {c['expression']!r} -> {v!r} ({eval_dates.convention(v or '', c) or '-'}); "
                              f"reference {[(str(a), str(b)) for a, b, _ in c['gold']][:2]}")


def bench_grammar(ex: DateExtractor) -> None:
    """The broad grammar check (benchmarks/grammar_dates.py): families below 100% and the total."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import grammar_dates

    for frame, kwargs in (("sentence", {}), ("bare", {"bare": True})):
        res = grammar_dates.check(ex, **kwargs)
        n = sum(r[0] for r in res.values())
        right = sum(r[2] for r in res.values())
        weak = ", ".join(f"{name} {r[2] / r[0]:.1%}" for name, r in res.items() if r[2] < r[0])
        print(f"Grammar check ({frame}): {right}/{n} = {right / n:.1%} right value; below 100%: {weak or '-'}")


def bench_duee(ex: DateExtractor, default_anchor: dt.date) -> None:
    if not DUEE.is_file():
        print(f"DuEE: skipped ({DUEE} not found)")
        return
    docs = [json.loads(line) for line in DUEE.read_text(encoding="utf-8").splitlines() if line.strip()]
    for label, anchor in (("no anchor", None), (f"default anchor {default_anchor}", default_anchor)):
        total = hit = valued = 0
        for d in docs:
            text = d["text"]
            matches = ex.extract(text, anchor)
            for e in d["event_list"]:
                for arg in e["arguments"]:
                    if arg["role"] != "时间":
                        continue
                    total += 1
                    s = arg["argument_start_index"]
                    t = s + len(arg["argument"])
                    over = [m for m in matches if m.start < t and m.end > s]
                    if over:
                        hit += 1
                        valued += any(m.value for m in over)
        print(f"DuEE 时间 ({label}): recall {hit}/{total} = {hit / total:.1%}; "
              f"with a value {valued}/{hit} = {valued / max(hit, 1):.1%}")


def bench_throughput(ex: DateExtractor, corpus: Path | None) -> None:
    if corpus is not None and corpus.is_file():
        texts = []
        for line in corpus.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            texts.append((d.get("title") or "") + "\n" + (d.get("content") or ""))
        label = corpus.name
    else:
        # Without the shared corpus: the case sentences padded with date-free news prose.
        filler = "记者从有关部门获悉，该公司目前有3000名员工，营收达到120亿美元，同比增长12.5%。"
        texts = [(c["sentence"] + filler * 8) * 20 for c in load_cases()]
        label = "synthetic text from the cases"
    size = sum(len(t.encode("utf-8")) for t in texts)
    anchor = dt.date(2019, 8, 1)
    t0 = time.perf_counter()
    n = sum(len(ex.extract(t, anchor)) for t in texts)
    el = time.perf_counter() - t0
    print(f"Throughput on {label}: {size / 1e6:.1f} MB in {el:.2f} s = {size / 1e6 / el:.1f} MB/s "
          f"({n:,} expressions)")
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(60)
    jieba.lcut("预热")
    t0 = time.perf_counter()
    for t in texts:
        jieba.lcut(t)
    jel = time.perf_counter() - t0
    print(f"  for scale: jieba.lcut on the same text {size / 1e6 / jel:.1f} MB/s; "
          f"date extraction costs {el / jel:.0%} of a jieba pass")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--default-anchor", default="2019-10-01", help="batch anchor for DuEE (it has no dates)")
    ap.add_argument("--corpus", type=Path, default=INEWS, help="JSONL news corpus for throughput")
    ap.add_argument("--misses", choices=["tune"], default="",
                    help="list the Recognizers-Text and Duckling misses of the tune half (never the held half)")
    ap.add_argument("--only-external", action="store_true", help="only the Recognizers-Text and Duckling figures")
    args = ap.parse_args()
    ex = DateExtractor.from_rules(DEFAULT_RULES_DIR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import jionlp as jio
        logging.disable(logging.CRITICAL)  # parse_time logs a traceback for every string it rejects
    except ImportError:
        jio = None
        print("JioNLP not installed (benchmark-only: make bench-dates installs it from benchmarks/requirements-bench.lock): its column is skipped")
    if args.only_external:
        bench_external(ex, args.misses)
        return
    bench_cases(ex, jio)
    bench_external(ex, args.misses)
    bench_grammar(ex)
    bench_duee(ex, dt.date.fromisoformat(args.default_anchor))
    bench_throughput(ex, args.corpus)


if __name__ == "__main__":
    main()
