"""How long `zhnews report` and `zhnews export` take on a large run, next to the run itself.

    .venv/bin/python benchmarks/bench_report.py [--articles 10000]

Builds a corpus of --articles files from ../shared/bench/inews.jsonl (cycled, so past its 7,353
articles the same texts come back under new paths), else from corpus/ repeated; runs
`zhnews run` over it once, then times `zhnews report` and `zhnews export` on that output and prints
seconds, pages, size of the site and the ratio to the run (measured in the same process, one core).
"""
from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_BENCH = ROOT.parent / "shared" / "bench" / "inews.jsonl"
WORK = ROOT / "benchmarks" / ".work"


def build_corpus(articles: int) -> tuple[Path, str]:
    target = WORK / f"report-corpus-{articles}"
    if target.exists():
        return target, f"cached {target}"
    target.mkdir(parents=True)
    if SHARED_BENCH.exists():
        texts = [f"{item.get('title') or ''}\n{item.get('content') or ''}\n"
                 for item in map(json.loads, SHARED_BENCH.open(encoding="utf-8"))]
        source = "inews.jsonl"
    else:
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.*")) if p.suffix in (".txt", ".md")]
        source = "corpus/ repeated (../shared/bench absent)"
    for n in range(articles):
        (target / f"{n:05d}.txt").write_text(texts[n % len(texts)], encoding="utf-8")
    return target, source


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    from zhnews.export import export_sqlite
    from zhnews.report import build_report
    from zhnews.run import Settings, run_corpus

    corpus, source = build_corpus(args.articles)
    out = WORK / f"report-out-{args.articles}"
    started = time.perf_counter()
    summary, _ = run_corpus(corpus, out, Settings(default_anchor="2019-07-15"), progress=False, use_cache=False)
    run_seconds = time.perf_counter() - started

    site = out / "report"
    shutil.rmtree(site, ignore_errors=True)
    started = time.perf_counter()
    report = build_report(out, corpus, site)
    report_seconds = time.perf_counter() - started
    started = time.perf_counter()
    counts, _missing = export_sqlite(out, out / "zhnews.db", corpus)
    export_seconds = time.perf_counter() - started

    site_mb = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6
    print(f"corpus:  {args.articles} articles from {source}")
    print(f"run:     {run_seconds:7.1f} s  ({summary.documents} documents, "
          f"{sum(sum(c.values()) for c in summary.counts.values())} rows)")
    print(f"report:  {report_seconds:7.1f} s  {report.pages} pages, {site_mb:.0f} MB, "
          f"{report.highlighted} rows highlighted, {len(report.not_shown)} articles with rows not drawn; "
          f"{report_seconds / run_seconds:.2f} x the run")
    print(f"export:  {export_seconds:7.1f} s  {sum(counts.values())} rows; {export_seconds / run_seconds:.2f} x the run")
    timeline = (site / "timeline.html").stat().st_size / 1e6
    print(f"largest page: timeline.html {timeline:.1f} MB")


if __name__ == "__main__":
    main()
