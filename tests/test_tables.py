"""Tables: column contract, Excel-safe CSV, Parquet, atomic writes."""
from __future__ import annotations

import pandas as pd
import pytest

from zhnews import tables


def sample_frames():
    frames = {name: tables.frame(name, []) for name in tables.TABLE_NAMES}
    frames["mentions"] = tables.frame("mentions", [
        {"doc_id": "d1", "mention_id": "d1-m0000", "sentence_id": 0, "start": 3, "end": 5, "text": "=HYPERLINK(\"x\")",
         "text_simplified": "微软", "label": "ORG", "entity_id": "O-1", "canonical_name": "+微软", "rule_id": "r"},
        {"doc_id": "d1", "mention_id": "d1-m0001", "sentence_id": 1, "start": 9, "end": 12, "text": "@百度",
         "text_simplified": "-百度", "label": "ORG", "entity_id": "O-2", "canonical_name": "百度", "rule_id": "r"},
    ])
    return frames


def test_columns_in_contract_order_and_types():
    df = sample_frames()["mentions"]
    assert list(df.columns) == tables.COLUMNS["mentions"]
    assert str(df["start"].dtype) == "Int64" and str(df["text"].dtype) == "string"


def test_csv_has_bom_and_escapes_formulas_parquet_keeps_values(tmp_path):
    frames = sample_frames()
    tables.write_tables(frames, tmp_path)
    raw = (tmp_path / "mentions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    csv = pd.read_csv(tmp_path / "mentions.csv", encoding="utf-8-sig", dtype=str)
    assert csv.loc[0, "text"] == "'=HYPERLINK(\"x\")"
    assert csv.loc[0, "canonical_name"] == "'+微软"
    assert csv.loc[1, "text"] == "'@百度" and csv.loc[1, "text_simplified"] == "'-百度"
    parquet = pd.read_parquet(tmp_path / "parquet" / "mentions.parquet")
    assert parquet.loc[0, "text"] == "=HYPERLINK(\"x\")"  # Parquet is for programs: values unchanged
    for name in tables.TABLE_NAMES:
        assert (tmp_path / f"{name}.csv").exists() and (tmp_path / "parquet" / f"{name}.parquet").exists()


def test_writes_are_byte_identical(tmp_path):
    tables.write_tables(sample_frames(), tmp_path / "a")
    tables.write_tables(sample_frames(), tmp_path / "b")
    for name in tables.TABLE_NAMES:
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == (tmp_path / "b" / f"{name}.csv").read_bytes()
        assert ((tmp_path / "a" / "parquet" / f"{name}.parquet").read_bytes()
                == (tmp_path / "b" / "parquet" / f"{name}.parquet").read_bytes())


def test_failed_write_leaves_previous_table_intact(tmp_path):
    tables.write_tables(sample_frames(), tmp_path)
    before = (tmp_path / "mentions.csv").read_bytes()

    def explode(tmp):
        with open(tmp, "w") as handle:
            handle.write("half a tab")
        raise OSError("disk full")

    with pytest.raises(OSError):
        tables._atomic_write(tmp_path / "mentions.csv", explode)
    assert (tmp_path / "mentions.csv").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
