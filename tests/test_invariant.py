"""benchmarks/invariant.py, the refactor's yardstick: same input and rules give the same digest
whatever --jobs, and an edited rule file shows up in --compare."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "invariant.py"


def invariant(*args) -> subprocess.CompletedProcess:
    # Only the bundled corpus and gold sample: ../shared is not read, so this runs everywhere.
    return subprocess.run([sys.executable, str(SCRIPT), "--no-shared-eval", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8")


def test_digest_is_the_same_with_two_jobs_and_names_what_an_edited_rule_changes(tmp_path):
    serial = invariant("--out", tmp_path / "serial.digest")
    assert serial.returncode == 0, serial.stderr
    text = (tmp_path / "serial.digest").read_text(encoding="utf-8")
    # Every table file is in the digest, and the run itself succeeded.
    for table in ("documents", "mentions", "entities", "dates", "events", "event_arguments", "facts"):
        assert f"== run corpus {table}.csv\n" in text and f"== run corpus parquet/{table}.parquet\n" in text
    assert "== run corpus exit\n0\n" in text
    assert "== eval tests/data/gold_sample.jsonl\nexit 0\n" in text and "PERSON" in text

    parallel = invariant("--out", tmp_path / "parallel.digest", "--jobs", 2, "--compare", tmp_path / "serial.digest")
    assert parallel.returncode == 0, parallel.stdout + parallel.stderr
    assert "identical to" in parallel.stdout

    # A company no shipped rule knows, added to a copy of the rules: an ORG appears in the corpus tables.
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    with (rules / "entities" / "gazetteer" / "tech_companies.yaml").open("a", encoding="utf-8") as handle:
        handle.write("  - {id: qinghe-robotics, canonical: 青禾机器人, aliases: [青禾機器人]}\n")
    edited = invariant("--out", tmp_path / "edited.digest", "--rules", rules, "--compare", tmp_path / "serial.digest")
    assert edited.returncode == 1, edited.stdout + edited.stderr
    assert "differs: run corpus entities.csv" in edited.stdout
    assert "differs: run corpus mentions.csv" in edited.stdout
    assert "identical" not in edited.stdout
