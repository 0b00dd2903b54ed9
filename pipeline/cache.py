"""The stage cache: ``OUT/.cache/zhnews.sqlite``, per document the result of each stage under its key.

See ``run`` for how the keys are made and when an entry is reused.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from .cache_codec import normalized_text


class StageCache:
    """SQLite file with, per document, the segmented form, the normalized text and the extracted rows
    under their keys; and the extraction rule files of the last run (to narrow a rule edit down to
    the documents it can change)."""

    SCHEMA = 6  # bump when the tables change form: an older file is emptied, not misread
    BATCH = 256  # documents' entries held before they are written in one statement

    def __init__(self, path: Path | None):
        self.path = path
        self.db = None
        self._pending: list[tuple] = []  # new entries, written by executemany (see put)
        self._updates: list[tuple] = []
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path)
            if self.db.execute("PRAGMA user_version").fetchone()[0] != self.SCHEMA:
                self.db.execute("DROP TABLE IF EXISTS docs")
                self.db.execute("DROP TABLE IF EXISTS rule_files")
                self.db.execute(f"PRAGMA user_version = {self.SCHEMA}")
            # the normalized text is in the seg blob (column("text") reads it from there)
            self.db.execute("CREATE TABLE IF NOT EXISTS docs (doc_id TEXT PRIMARY KEY, seg_key TEXT, seg BLOB,"
                            " ext_key TEXT, output BLOB, matches BLOB, probe TEXT)")
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
        self.flush()
        row = self.db.execute(f"SELECT {'seg' if name == 'text' else name} FROM docs WHERE doc_id=?",
                              (doc_id,)).fetchone()
        if name == "text":
            return normalized_text(row[0]) if row and row[0] is not None else None
        return row[0] if row else None

    def put(self, doc_id: str, seg_key: str, seg: bytes | None, ext_key: str, output: bytes,
            matches: bytes | None, probe: str | None) -> None:
        """A document's new entry (``seg`` None: a re-extraction, its segmentation kept); held and
        written with the next ``BATCH`` ones in one statement."""
        if self.db is None:
            return
        if seg is None:
            self._updates.append((ext_key, output, matches, doc_id))
        else:
            self._pending.append((doc_id, seg_key, seg, ext_key, output, matches, probe))
        if len(self._pending) + len(self._updates) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the entries ``put`` holds."""
        if self._pending:
            self.db.executemany("INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)", self._pending)
            self._pending.clear()
        if self._updates:
            self.db.executemany("UPDATE docs SET ext_key=?, output=?, matches=? WHERE doc_id=?", self._updates)
            self._updates.clear()

    def set_ext_key(self, doc_id: str, ext_key: str) -> None:
        self.flush()
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
        self.flush()
        stale = [d for (d,) in self.db.execute("SELECT doc_id FROM docs") if d not in doc_ids]
        self.db.executemany("DELETE FROM docs WHERE doc_id=?", [(d,) for d in stale])

    def commit(self) -> None:
        if self.db is not None:
            self.flush()
            self.db.commit()

    def close(self) -> None:
        if self.db is not None:
            self.flush()
            self.db.commit()
            self.db.close()
