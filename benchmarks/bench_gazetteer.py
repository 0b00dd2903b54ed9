"""Large gazetteers: load time, peak memory and match speed, against the previous implementation.

    .venv/bin/python benchmarks/bench_gazetteer.py [--entries 1000000] [--baseline-entries 20000] [--mb 2]

Generates entries (random three- to six-character CJK names, an alias each, a Latin alias for
every fifth) and measures, each in a fresh process so that peak RSS is its own:
  - ``regex``: the previous implementation (YAML file, one trie regex compiled over all aliases),
    at ``--baseline-entries`` (at a million it runs for many minutes and gigabytes);
  - ``dict-yaml``: the dict matcher (pipeline/gazetteer.py) on the same YAML file;
  - ``dict-tsv``: the dict matcher on the same entries as TSV, at the baseline size and at ``--entries``.
Times are CPU seconds of the measuring process (on a shared machine, wall time mostly measures the
neighbours). Setup (index) is what EntityExtractor does per CJK alias: convert it to simplified
script and build the matcher. Match speed scans ``--mb`` of news text (../shared/bench when present,
else corpus/, with an alias of a baseline entry planted after every 20th line) for the aliases; the
number of matches must agree between implementations of the same size. Ratios are against the
``regex`` run of this invocation.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_BENCH = ROOT.parent / "shared" / "bench" / "inews.jsonl"


def generate(n: int, seed: int = 7) -> list[tuple[str, str, str, list[str]]]:
    import opencc

    rng = random.Random(seed)
    pool = sorted(set(opencc.OpenCC("t2s").convert("".join(chr(c) for c in range(0x4E00, 0x4E00 + 3000)))))
    seen: set[str] = set()

    def fresh(make) -> str:
        while (word := make()).casefold() in seen:
            pass
        seen.add(word.casefold())
        return word

    entries = []
    for i in range(n):
        canonical = fresh(lambda: "".join(rng.choice(pool) for _ in range(rng.randint(3, 6))))
        aliases = [fresh(lambda: "".join(rng.choice(pool) for _ in range(rng.randint(3, 4))))]
        if i % 5 == 0:
            aliases.append(fresh(lambda: "Qx" + "".join(rng.choice("abcdefghijklmnop") for _ in range(6))))
        entries.append((f"bench{i}", "PERSON" if i % 2 else "ORG", canonical, aliases))
    return entries


def write_yaml(entries, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("entries:\n")
        for entry_id, label, canonical, aliases in entries:
            out.write(f"  - {{id: {entry_id}, label: {label}, canonical: {canonical}, aliases: [{', '.join(aliases)}]}}\n")


def write_tsv(entries, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("id\tlabel\tcanonical\taliases\n")
        for entry_id, label, canonical, aliases in entries:
            out.write(f"{entry_id}\t{label}\t{canonical}\t{'|'.join(aliases)}\n")


def news_text(mb: float, planted: list[str]) -> str:
    """``mb`` of news with one of ``planted`` (aliases of the baseline entries) after every 20th line."""
    parts, size = [], 0
    if SHARED_BENCH.exists():
        with SHARED_BENCH.open(encoding="utf-8") as handle:
            for line in handle:
                item = json.loads(line)
                parts.append(f"{item.get('title') or ''}\n{item.get('content') or ''}\n")
                size += len(parts[-1].encode())
                if size >= mb * 1e6:
                    break
    else:
        samples = sorted(p for p in (ROOT / "corpus").rglob("*.txt"))
        while size < mb * 1e6 and samples:
            for p in samples:
                parts.append(p.read_text(encoding="utf-8"))
                size += len(parts[-1].encode())
    lines = "".join(parts).split("\n")
    rng = random.Random(5)
    return "\n".join(line + ("，" + rng.choice(planted) + "。" if k % 20 == 0 else "") for k, line in enumerate(lines))


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------------------------------------
# one measurement (run in its own process)


def measure(kind: str, gazetteer: Path, text_file: Path) -> dict:
    from zhnews.entities import to_simplified, trie_regex
    from zhnews.gazetteer import GazetteerEntry, convert_all, load_entries

    clock = time.process_time  # CPU seconds: on a shared machine wall time mostly measures the neighbours
    t0 = clock()
    entries: list[GazetteerEntry] = load_entries(gazetteer, ("PERSON", "ORG", "EVENT"))
    t1 = clock()
    forms = [f for e in entries for f in e.aliases[:e.n_match] if not f.isascii()]
    if kind == "regex":  # the previous implementation converted one form at a time
        cjk_forms = dict.fromkeys(to_simplified(f) for f in forms)
    else:
        cjk_forms = dict.fromkeys(convert_all(forms, to_simplified))
    if kind == "regex":
        matcher = re.compile(trie_regex(cjk_forms))
        scan = lambda text: sum(1 for _m in matcher.finditer(text))  # noqa: E731
    else:
        from zhnews.gazetteer import LongestMatcher

        matcher = LongestMatcher(cjk_forms)
        scan = lambda text: sum(1 for _m in matcher.finditer(text))  # noqa: E731
    t2 = clock()
    text = text_file.read_text(encoding="utf-8")
    t3 = clock()
    found = scan(text)
    t4 = clock()
    return {"entries": len(entries), "load_s": t1 - t0, "index_s": t2 - t1, "match_s": t4 - t3, "matches": found,
            "text_mb": len(text.encode()) / 1e6, "peak_rss_mb": peak_rss_mb()}


def run_child(kind: str, folder: Path, text_file: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(folder), str(text_file)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--baseline-entries", type=int, default=20_000)
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, folder, text_file = args.child
        print(json.dumps(measure(kind, Path(folder), Path(text_file))))
        return

    work = Path(tempfile.mkdtemp(prefix="bench-gazetteer-"))
    text_file = work / "news.txt"
    big = generate(args.entries)
    small = big[:args.baseline_entries]
    text_file.write_text(news_text(args.mb, [form for entry in small for form in entry[3] if not form.isascii()]),
                         encoding="utf-8")
    folders = {}
    for name, entries, writer, suffix in (("small-yaml", small, write_yaml, "yaml"), ("small-tsv", small, write_tsv, "tsv"),
                                          ("big-tsv", big, write_tsv, "tsv")):
        folders[name] = work / name
        folders[name].mkdir()
        writer(entries, folders[name] / f"generated.{suffix}")
    del big, small
    runs = [("regex", "small-yaml"), ("dict-yaml", "small-yaml"), ("dict-tsv", "small-tsv"), ("dict-tsv", "big-tsv")]
    results = []
    for kind, name in runs:
        r = run_child(kind.split("-")[0], folders[name], text_file)
        results.append((f"{kind} ({name.split('-')[1]})", r))
    base = results[0][1]
    print(f"text: {base['text_mb']:.1f} MB from {'inews.jsonl' if SHARED_BENCH.exists() else 'corpus/'}; "
          f"work folder {work}")
    print(f"{'implementation':22} {'entries':>9} {'load s':>8} {'index s':>8} {'match s':>8} {'matches':>8} "
          f"{'peak RSS MB':>12} {'load+index vs regex':>20} {'match vs regex':>15}")
    for label, r in results:
        setup = (r["load_s"] + r["index_s"]) / (base["load_s"] + base["index_s"])
        print(f"{label:22} {r['entries']:9d} {r['load_s']:8.2f} {r['index_s']:8.2f} {r['match_s']:8.2f} "
              f"{r['matches']:8d} {r['peak_rss_mb']:12.0f} {setup:20.2f}x {r['match_s'] / base['match_s']:14.2f}x")
    same = {r["matches"] for label, r in results if r["entries"] == base["entries"]}
    print("matches agree at the baseline size" if len(same) == 1 else f"MATCHES DIFFER: {same}")


if __name__ == "__main__":
    main()
