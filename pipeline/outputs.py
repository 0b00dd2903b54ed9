"""Reading a finished output folder back for the report and the SQLite export.

Both need every table, and a folder that is missing or half-written must say so in words the
user can act on, not with a pandas traceback. Columns after the contract ones are kept as they are.
"""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from .ingest import content_hash, decode
from .sources import read_records

from .schema import COLUMNS, INT_COLUMNS, TABLE_NAMES
from .tables import _FORMULA_START, read_table, stored_as


class OutputError(Exception):
    """An output folder that cannot be read; the message says which folder, what is wrong and what to do."""


def _rerun_hint(out_dir: Path) -> str:
    return f"run `zhnews run CORPUS --out {out_dir}` (again) to write a complete output folder"


def read_outputs(out_dir: Path) -> dict[str, pd.DataFrame]:
    """Every table of ``out_dir`` (Parquet when present, else CSV), checked for the contract columns."""
    if not out_dir.exists():
        raise OutputError(f"{out_dir} does not exist: {_rerun_hint(out_dir)}")
    if not out_dir.is_dir():
        raise OutputError(f"{out_dir} is a file, not an output folder: give the folder `zhnews run --out` wrote")
    missing = [name for name in TABLE_NAMES if not _table_exists(out_dir, name)]
    if missing:
        what = "no zhnews tables" if len(missing) == len(TABLE_NAMES) else "a partial output: " + ", ".join(
            f"{name}.csv" for name in missing) + " missing"
        raise OutputError(f"{out_dir} holds {what}; {_rerun_hint(out_dir)}")
    tables = {}
    for name in TABLE_NAMES:
        try:
            df = read_table(out_dir, name)
        except Exception as exc:  # noqa: BLE001 - any unreadable file is reported the same way
            raise OutputError(f"{out_dir}: the {name} table cannot be read ({type(exc).__name__}: {exc}); "
                              f"{_rerun_hint(out_dir)}") from None
        absent = [c for c in COLUMNS.get(name, []) if c not in df.columns]
        if absent:
            raise OutputError(f"{out_dir}: the {name} table lacks the columns {', '.join(absent)} (written by an "
                              f"older or different program?); {_rerun_hint(out_dir)}")
        if stored_as(out_dir, name) == "csv":
            df = _from_csv(df, out_dir, name)
        tables[name] = df
    return tables


def _from_csv(df: pd.DataFrame, out_dir: Path, name: str) -> pd.DataFrame:
    """A table read from its CSV (all text) as the Parquet file has it: integer columns as integers,
    and the ``'`` that guards spreadsheet formulas taken off again (offsets must meet the text)."""
    for column in df.columns:
        if column in INT_COLUMNS:
            try:
                df[column] = pd.to_numeric(df[column].replace("", None)).astype("Int64")
            except (ValueError, TypeError):
                raise OutputError(f"{out_dir}/{name}.csv: column {column} holds a value that is not a whole number; "
                                  f"{_rerun_hint(out_dir)}") from None
        else:
            text = df[column].astype("string")
            guarded = text.str.startswith("'") & text.str[1:2].isin(_FORMULA_START)
            df[column] = text.mask(guarded, text.str[1:])
    return df


def _table_exists(out_dir: Path, name: str) -> bool:
    return stored_as(out_dir, name) is not None


def records(df: pd.DataFrame, empty: object = "") -> list[dict]:
    """Rows as dicts with plain Python values; missing cells (NA, NaN) become ``empty`` ("" for
    templates, None for SQLite's NULL), one kind of empty whatever the file format."""
    plain = df.astype(object).where(df.notna(), empty)
    return plain.to_dict("records")


def read_original(corpus: Path, doc: dict) -> tuple[str | None, str]:
    """(the article's text as the run decoded it, "") or (None, why it cannot be had): the file must
    still be the one the run read (``documents.content_hash``), as every offset points into it."""
    path = corpus / doc["path"] if corpus.is_dir() else corpus
    if doc.get("record"):  # one record of a .jsonl / .csv / .parquet file: offsets point into its text
        return _record_text(path, doc)
    try:
        data = path.read_bytes()
    except OSError:
        return None, f"{path} not found: pass the corpus the run read with --corpus"
    if doc.get("content_hash") and content_hash(data) != doc["content_hash"]:
        return None, f"{path} changed since the run; run `zhnews run` again"
    try:
        return decode(data)[0], ""
    except ValueError as exc:
        return None, f"{path}: {exc}"


def _record_text(path: Path, doc: dict) -> tuple[str | None, str]:
    if not path.exists():
        return None, f"{path} not found: pass the corpus the run read with --corpus"
    texts = _record_texts(path, doc["path"], path.stat().st_mtime_ns)
    if doc["doc_id"] not in texts:
        return None, f"{path}: record {doc['record']} is not in the file any more; run `zhnews run` again"
    text, record_hash = texts[doc["doc_id"]]
    if doc.get("content_hash") and record_hash != doc["content_hash"]:
        return None, (f"{path}: record {doc['record']} changed since the run, or the run renamed its columns "
                      "with --columns (the report reads the default names); run `zhnews run` again")
    return text, ""


@functools.lru_cache(maxsize=2)
def _record_texts(path: Path, rel: str, _mtime_ns: int) -> dict[str, tuple[str, str]]:
    """doc_id -> (text, content_hash) of every record of one file, read once for all its articles."""
    return {raw.doc_id: (raw.text, raw.content_hash) for raw in read_records(path, rel)}
