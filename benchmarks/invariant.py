"""Behaviour invariant for refactors: a digest of everything the pipeline writes and scores.

    .venv/bin/python benchmarks/invariant.py --out before.digest [--bench-mb 2] [--eval-limit 500]
    .venv/bin/python benchmarks/invariant.py --out after.digest  [same flags] --compare before.digest

Runs `zhnews run --no-cache --anchor ANCHOR` over corpus/ (and, with --bench-mb N, over about N MB
of ../shared/bench built by bench_pipeline.build_corpus), then `zhnews eval` on
tests/data/gold_sample.jsonl and on every set in ../shared/eval that eval reads (the first
--eval-limit records of each, plain and converted with OpenCC s2tw). The digest file holds the
SHA-256 of each output table file and the text of each eval report. --compare prints every
entry that differs from BASE_DIGEST and exits 1; identical digests exit 0.
"""
from __future__ import annotations

import argparse
import difflib
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = ROOT.parent / "shared" / "eval"
# The annotated sets `zhnews eval` reads (CLUENER, BIO, DuEE); ../shared/eval/README.md describes them.
SHARED_EVAL_SETS = ("cluener/train.json", "peoples_daily/dev.bio", "msra/train.bio", "duee/dev_a.json", "duee/train.json")
DEFAULT_ANCHOR = "2026-03-01"


def zhnews(*args: str) -> subprocess.CompletedProcess:
    """The CLI in a child process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "zhnews", *args], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8")


def table_digests(corpus: Path, out: Path, name: str, rules: Path, anchor: str, jobs: int) -> dict[str, str]:
    """`zhnews run` over corpus into out; one entry per table file (CSV, Parquet, tables.json)."""
    done = zhnews("run", str(corpus), "--out", str(out), "--rules", str(rules), "--anchor", anchor, "--no-cache",
                  "--no-progress", "--jobs", str(jobs))
    entries = {f"run {name} exit": str(done.returncode)}
    # The run's own files only: .cache holds a lock and .tables the versioned copies the links point to.
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out)
        if relative.parts[0].startswith(".") or not path.is_file():
            continue
        entries[f"run {name} {relative.as_posix()}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return entries


def eval_reports(gold_files: list[Path], rules: Path, anchor: str, limit: int) -> dict[str, str]:
    """The text `zhnews eval` prints for each file (plain and s2tw), with its exit code."""
    entries = {}
    for gold in gold_files:
        args = ["eval", str(gold), "--rules", str(rules), "--anchor", anchor, "--script", "s2tw"]
        if limit:
            args += ["--limit", str(limit)]
        done = zhnews(*args)
        # Reports name the file; a path relative to where the data lives keeps digests comparable across checkouts.
        label = gold.relative_to(SHARED_EVAL) if gold.is_relative_to(SHARED_EVAL) else gold.relative_to(ROOT)
        text = (done.stdout + done.stderr).replace(str(gold), label.as_posix())
        entries[f"eval {label.as_posix()}"] = f"exit {done.returncode}\n{text}"
    return entries


def build_digest(rules: Path, anchor: str, jobs: int, bench_mb: float, eval_limit: int, shared_eval: bool,
                 work: Path) -> dict[str, str]:
    entries = table_digests(ROOT / "corpus", work / "corpus-out", "corpus", rules, anchor, jobs)
    if bench_mb:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from bench_pipeline import build_corpus

        bench_corpus, _ = build_corpus(bench_mb, 0.2)  # cached in benchmarks/.work after the first build
        files = sorted(p for p in bench_corpus.iterdir() if p.is_file())
        # What was run, not where it came from: corpus/ repeated when ../shared/bench is absent differs here.
        entries[f"bench-{bench_mb:g}mb input"] = hashlib.sha256(b"".join(p.name.encode() + p.read_bytes() for p in files)).hexdigest()
        entries |= table_digests(bench_corpus, work / "bench-out", f"bench-{bench_mb:g}mb", rules, anchor, jobs)
    gold = [ROOT / "tests" / "data" / "gold_sample.jsonl"]
    if shared_eval:
        gold += [SHARED_EVAL / name for name in SHARED_EVAL_SETS if (SHARED_EVAL / name).is_file()]
    entries |= eval_reports(gold, rules, anchor, eval_limit)
    return entries


def write_digest(entries: dict[str, str], path: Path) -> None:
    """One `== key` header per entry, then its value: readable, and diffable with any tool."""
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for key in sorted(entries):
            handle.write(f"== {key}\n{entries[key].rstrip()}\n")


def read_digest(path: Path) -> dict[str, str]:
    entries: dict[str, str] = {}
    key = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("== "):
            key = line[3:]
            entries[key] = ""
        elif key is None:
            raise ValueError(f"{path}:1: not a digest written by benchmarks/invariant.py (no '== ' header)")
        else:
            entries[key] += line + "\n"
    return {k: v.rstrip() for k, v in entries.items()}


def differences(base: dict[str, str], current: dict[str, str]) -> list[str]:
    """One block per entry that is missing, new or changed; eval reports as a unified diff."""
    lines = []
    for key in sorted(base.keys() | current.keys()):
        if key not in current:
            lines.append(f"missing now: {key}")
        elif key not in base:
            lines.append(f"new: {key}")
        elif base[key] != current[key]:
            lines.append(f"differs: {key}")
            if "\n" in base[key] or "\n" in current[key]:
                diff = difflib.unified_diff(base[key].splitlines(), current[key].splitlines(), "base", "now", lineterm="")
                lines += ["    " + d for d in diff]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="Digest file to write.")
    parser.add_argument("--compare", type=Path, metavar="BASE_DIGEST", help="Print what differs from this digest; exit 1 if anything does.")
    parser.add_argument("--rules", type=Path, default=ROOT / "rules", help="Rules folder (default: rules/).")
    parser.add_argument("--anchor", default=DEFAULT_ANCHOR, help=f"Fixed publication date for undated articles (default {DEFAULT_ANCHOR}).")
    parser.add_argument("--jobs", type=int, default=1, help="Worker processes for zhnews run.")
    parser.add_argument("--bench-mb", type=float, default=0, help="Also run about this many MB of ../shared/bench (0: none).")
    parser.add_argument("--eval-limit", type=int, default=500, help="Score the first N records of each eval set (0: all).")
    parser.add_argument("--no-shared-eval", action="store_true", help="Only tests/data/gold_sample.jsonl, not ../shared/eval.")
    args = parser.parse_args(argv)
    if args.compare and not args.compare.is_file():
        parser.error(f"--compare {args.compare}: no such digest file; write one first with --out")
    with tempfile.TemporaryDirectory(prefix="zhnews-invariant-") as work:
        entries = build_digest(args.rules.resolve(), args.anchor, args.jobs, args.bench_mb, args.eval_limit,
                               not args.no_shared_eval and SHARED_EVAL.is_dir(), Path(work))
    write_digest(entries, args.out)
    print(f"{len(entries)} entries written to {args.out}")
    if not args.compare:
        return 0
    changed = differences(read_digest(args.compare), read_digest(args.out))
    print("\n".join(changed) if changed else f"identical to {args.compare}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
