"""``zhnews export OUT --sqlite FILE``: the tables in one SQLite file, for datasette or any SQL tool.

Each table keeps its columns and gets its primary key and foreign keys (mentions -> documents and
entities, event_arguments -> events, mentions, dates, entities …), so datasette links rows to
rows. Full-text search (SQLite FTS5) covers names, triggers, titles, sentences and, when the corpus is
given, the articles' whole text (table ``texts``). SQLite's
tokenizer splits only at spaces and punctuation, and Chinese has no spaces: a whole sentence
would be one "word" that no query matches. So the searchable text of titles and sentences is also
stored as jieba words separated by spaces, with the words inside long ones (column ``search_words``,
both scripts), and a search for 收购 or 百度 finds the sentences containing that word.
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import sqlite_utils

from .outputs import read_original, read_outputs, records
from .rules import DEFAULT_RULES_DIR
from .schema import foreign_keys, primary_keys
from .segment import Segmenter, load_lexicon

# From the tables' schema, plus ``texts``, a table of the export alone (the articles' text).
PRIMARY_KEYS = {"texts": "doc_id", **primary_keys()}
# (column, table it points to): only where the column is there, as later tables may lack some.
FOREIGN_KEYS = {**foreign_keys(), "texts": [("doc_id", "documents")]}
# Columns indexed for full-text search; segmented copies of the Chinese ones go into search_words.
SEARCHED = {
    "documents": (["title", "source", "author", "path"], ["title"]),
    "texts": (["text"], ["text"]),
    "entities": (["canonical_name", "aliases"], []),
    "mentions": (["text", "text_simplified", "canonical_name"], []),
    "events": (["trigger", "trigger_simplified", "sentence", "sentence_simplified"], ["sentence", "sentence_simplified"]),
}
# Insert order: a table comes after every table its foreign keys point to.
ORDER = ("documents", "texts", "entities", "mentions", "dates", "events", "event_arguments", "facts")


def export_sqlite(out_dir: Path, db_path: Path, corpus: Path | None = None,
                  rules_dir: Path = DEFAULT_RULES_DIR) -> tuple[dict[str, int], list[str]]:
    """Write every table of ``out_dir`` to ``db_path`` (replaced whole: built under a temporary name),
    and with ``corpus`` a ``texts`` table of the articles' original text. Returns the rows per table
    and the articles whose text could not be added (and why)."""
    tables = read_outputs(out_dir)
    missing: list[str] = []
    if corpus is not None:
        tables["texts"], missing = _texts(records(tables["documents"]), corpus)
    segmenter = Segmenter("rjieba", load_lexicon(rules_dir))
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite_utils.Database(tmp)
    counts = {}
    try:
        for name in (n for n in ORDER if n in tables):
            df = tables[name]
            rows = records(df, empty=None)
            keys = [(column, target) for column, target in FOREIGN_KEYS.get(name, [])
                    if column in df.columns and target in tables]
            for row in rows:
                for column, _target in keys:  # "" in a key column means "no such row": NULL, not a broken link
                    if row[column] == "":
                        row[column] = None
            searched, segmented = SEARCHED.get(name, ([], []))
            if segmented:
                for row in rows:
                    row["search_words"] = search_words(segmenter, [row[c] for c in segmented if c in row])
            table = db.table(name)
            columns = dict.fromkeys(df.columns, str) | ({"search_words": str} if segmented else {})
            columns.update({c: int for c in df.columns if str(df[c].dtype).lower().startswith("int")})
            table.create(columns, pk=PRIMARY_KEYS.get(name), foreign_keys=keys)
            table.insert_all(rows)
            for column, _target in keys:
                table.create_index([column], if_not_exists=True)
            fts_columns = [c for c in searched if c in df.columns] + (["search_words"] if segmented else [])
            if fts_columns:
                table.enable_fts(fts_columns, fts_version="FTS5", create_triggers=False)
            counts[name] = len(rows)
        db.conn.commit()
    except BaseException:
        db.close()
        tmp.unlink(missing_ok=True)
        raise
    db.close()
    os.replace(tmp, db_path)
    return counts, missing


def _texts(documents: list[dict], corpus: Path) -> tuple[pd.DataFrame, list[str]]:
    """doc_id and original text of every processed article still as the run read it."""
    rows, missing = [], []
    for doc in documents:
        if doc["status"] == "failed":
            continue
        text, problem = read_original(corpus, doc)
        if text is None:
            missing.append(f"{doc['path']}: {problem}")
        else:
            rows.append({"doc_id": doc["doc_id"], "text": text})
    return pd.DataFrame(rows, columns=["doc_id", "text"], dtype="string"), missing


def search_words(segmenter: Segmenter, texts: list) -> str:
    """The distinct words of ``texts`` separated by spaces: what the FTS index tokenizes."""
    words = dict.fromkeys(w for text in texts if text for w in segmenter.cut_for_search(str(text)) if w.strip())
    return " ".join(words)

