"""The stage cache: ``OUT/.cache/zhnews.sqlite``, per document the result of each stage under its key.

See ``run`` for how the keys are made and when an entry is reused.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path


class StageCache:
    """SQLite file with, per document, the segmented form, the normalized text and the extracted rows
    under their keys; and the extraction rule files of the last run (to narrow a rule edit down to
    the documents it can change)."""

    SCHEMA = 5  # bump when the tables change form: an older file is emptied, not misread

    def __init__(self, path: Path | None):
        self.path = path
        self.db = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path)
            if self.db.execute("PRAGMA user_version").fetchone()[0] != self.SCHEMA:
                self.db.execute("DROP TABLE IF EXISTS docs")
                self.db.execute("DROP TABLE IF EXISTS rule_files")
                self.db.execute(f"PRAGMA user_version = {self.SCHEMA}")
            self.db.execute("CREATE TABLE IF NOT EXISTS docs (doc_id TEXT PRIMARY KEY, seg_key TEXT, seg BLOB,"
                            " ext_key TEXT, output BLOB, text TEXT, matches BLOB, probe TEXT)")
            self.db.execute("CREATE TABLE IF NOT EXISTS rule_files (path TEXT PRIMARY KEY, content BLOB)")

    def keys(self) -> dict[str, tuple[str, str]]:
        """doc_id -> (seg_key, ext_key) of every cached document (blobs are read only when needed)."""
        if self.db is None:
            return {}
        return {d: (s, e) for d, s, e in self.db.execute("SELECT doc_id, seg_key, ext_key FROM docs")}

    def column(self, doc_id: str, name: str):
        """One cached value of a document: its output, seg, text, probe (the squeezed text) or
        matches blob; None when absent."""
        if name not in ("output", "seg", "text", "probe", "matches"):
            raise ValueError(f"no cache column {name!r}")
        row = self.db.execute(f"SELECT {name} FROM docs WHERE doc_id=?", (doc_id,)).fetchone()
        return row[0] if row else None

    def put(self, doc_id: str, seg_key: str, seg: bytes | None, ext_key: str, output: bytes, text: str | None,
            matches: bytes | None, probe: str | None) -> None:
        if self.db is None:
            return
        if seg is None:
            self.db.execute("UPDATE docs SET ext_key=?, output=?, matches=? WHERE doc_id=?",
                            (ext_key, output, matches, doc_id))
        else:
            self.db.execute("INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            (doc_id, seg_key, seg, ext_key, output, text, matches, probe))

    def set_ext_key(self, doc_id: str, ext_key: str) -> None:
        self.db.execute("UPDATE docs SET ext_key=? WHERE doc_id=?", (ext_key, doc_id))

    def rule_files(self) -> dict[str, bytes]:
        if self.db is None:
            return {}
        return dict(self.db.execute("SELECT path, content FROM rule_files"))

    def set_rule_files(self, files: dict[str, bytes]) -> None:
        if self.db is None:
            return
        self.db.execute("DELETE FROM rule_files")
        self.db.executemany("INSERT INTO rule_files VALUES (?, ?)", sorted(files.items()))

    def keep_only(self, doc_ids: set[str]) -> None:
        if self.db is None:
            return
        stale = [d for (d,) in self.db.execute("SELECT doc_id FROM docs") if d not in doc_ids]
        self.db.executemany("DELETE FROM docs WHERE doc_id=?", [(d,) for d in stale])

    def commit(self) -> None:
        if self.db is not None:
            self.db.commit()

    def close(self) -> None:
        if self.db is not None:
            self.db.commit()
            self.db.close()
