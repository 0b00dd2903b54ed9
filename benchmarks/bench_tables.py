"""CPU of the tables step: the in-memory path (every document's rows, ``rows.assemble``, then
``tables.write_tables``) against the spill path a run takes (``spill.Spill`` fed document by
document, then ``spill.write_tables``), on the same documents' outputs, in the same run.

    .venv/bin/python benchmarks/bench_tables.py [--mb 5] [--rounds 3]

The outputs are those of one cached `zhnews run` over bench_pipeline's corpus (read back from its
stage cache), so both paths see exactly what a run hands them. Each round times both paths (CPU
seconds of this process, ``time.process_time``; the spill path's Parquet thread included),
alternating which goes first; prints the medians, their ratio, and whether the two wrote the same
bytes.
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pipeline import build_corpus, corpus_bytes  # noqa: E402


def outputs_of(corpus: Path, work: Path) -> list:
    from zhnews.cache_codec import deserialise
    from zhnews.run import run_corpus

    run_corpus(corpus, work / "cached", progress=False, jobs=2)
    db = sqlite3.connect(work / "cached" / ".cache" / "zhnews.sqlite")
    outputs = [deserialise("output", blob) for (blob,) in db.execute("SELECT output FROM docs")]
    db.close()
    return outputs


def in_memory(outputs: list, out: Path) -> None:
    from zhnews import rows, tables

    tables.write_tables(rows.assemble(list(outputs)), out)


def spilled(outputs: list, out: Path, work: Path) -> None:
    from zhnews import spill

    sink = spill.Spill(work / "spill")
    ordered = sorted(outputs, key=lambda o: (o.document["path"], o.document.get("record") or 0))
    for output in ordered:
        sink.plan(output.doc_id)
    sink.planned()
    for output in outputs:  # in any order, as workers finish them
        sink[output.doc_id] = output
    sink.close()  # links the entities
    spill.write_tables(sink, out)
    sink.remove()


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return h.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, alternated (median; default 3)")
    args = parser.parse_args()
    corpus, _ = build_corpus(args.mb, 0.2)
    work = Path(tempfile.mkdtemp(prefix="zhnews-bench-tables-"))
    try:
        outputs = outputs_of(corpus, work)
        print(f"corpus: {corpus_bytes(corpus) / 1e6:.1f} MB, {len(outputs)} documents")
        times: dict[str, list[float]] = {"in memory": [], "spill": []}
        digests = {}
        for n in range(args.rounds):
            for which in (("in memory", "spill") if n % 2 == 0 else ("spill", "in memory")):
                out = work / f"out-{which}-{n}"
                out.mkdir()
                t = time.process_time()
                in_memory(outputs, out) if which == "in memory" else spilled(outputs, out, work)
                times[which].append(time.process_time() - t)
                digests[which] = digest(out)
                shutil.rmtree(out)
        memory, spill = statistics.median(times["in memory"]), statistics.median(times["spill"])
        print(f"tables CPU: in memory {memory:.2f} s, spill {spill:.2f} s (medians of {args.rounds}); "
              f"spill / in memory = {spill / memory:.2f}; same files: {digests['in memory'] == digests['spill']}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
