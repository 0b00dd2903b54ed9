"""The compiled date-pattern store (``dates.loader.CompiledStore``) cleans up after processes that
were killed between writing its temporary file and renaming it."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_save_removes_the_temporary_files_of_killed_processes(tmp_path, monkeypatch):
    from zhnews.dates.loader import STALE_SECONDS, load_date_lexicon, load_date_rules

    monkeypatch.setenv("ZHNEWS_CACHE_DIR", str(tmp_path))
    lex = load_date_lexicon(ROOT / "rules" / "dates" / "lexicon.yaml")
    load_date_rules(ROOT / "rules" / "dates" / "patterns.yaml", lex)
    [store] = tmp_path.glob("date-patterns-*.json")
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()  # its pid is no process's now
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        dead = store.with_name(f"{store.name}.{ended.pid}.tmp")
        alive = store.with_name(f"{store.name}.{running.pid}.tmp")
        old = store.with_name(f"{store.name}.{running.pid + 1}.tmp")
        other = tmp_path / "notes.json.123.tmp"  # not the store's
        for path in (dead, alive, old, other):
            path.write_text("{half", encoding="utf-8")
        os.utime(old, (time.time() - STALE_SECONDS - 5,) * 2)
        patterns = ROOT / "rules" / "dates" / "patterns.yaml"
        edited = tmp_path / "patterns.yaml"  # one new pattern: the store is saved again
        edited.write_text(patterns.read_text(encoding="utf-8") + "\n  - id: test.extra\n    type: DATE\n    resolve: "
                          "calendar\n    pattern: '(?P<Y>[12][0-9]{3})年度第'\n", encoding="utf-8")
        load_date_rules(edited, lex)
        assert not dead.exists() and not old.exists()
        assert alive.exists() and other.exists()  # a save in progress, and another program's file
    finally:
        running.kill()
        running.wait()
