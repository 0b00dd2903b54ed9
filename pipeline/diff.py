"""Compare two output folders: what appeared, disappeared or changed, grouped by rule.

Rows are matched by where they are (document and offsets), not by their ids, so a rule edit that
shifts ids still reads as the changes it made.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .schema import TABLES
from .tables import read_table, stored_as

# table -> (columns that say where a row is, columns whose change we report): schema's diff_where, diff_fields
KEYS: dict[str, tuple[list[str], list[str]]] = {
    name: (list(table.diff_where), list(table.diff_fields)) for name, table in TABLES.items() if table.diff_where}


@dataclass
class TableDiff:
    table: str
    changes: pd.DataFrame  # change, rule_id, path, key..., field, before, after, text

    def counts(self) -> pd.DataFrame:
        if self.changes.empty:
            return pd.DataFrame(columns=["rule_id", "change", "rows"])
        return (self.changes.groupby(["rule_id", "change"], sort=True).size().rename("rows").reset_index()
                .sort_values(["rows", "rule_id", "change"], ascending=[False, True, True], kind="stable"))


def _load(out_dir: Path, table: str) -> pd.DataFrame:
    df = read_table(out_dir, table)
    docs = read_table(out_dir, "documents")[["doc_id", "path"]]
    df = df.merge(docs, on="doc_id", how="left")
    if table == "events":
        args = read_table(out_dir, "event_arguments")
        if len(args):
            summary = (args.assign(pair=args["role"].astype(str) + "=" + args["text"].astype(str))
                       .groupby("event_id")["pair"].apply(lambda s: "; ".join(sorted(s))))
            df["arguments"] = df["event_id"].map(summary).fillna("")
        else:
            df["arguments"] = ""
        if "modality" not in df.columns:
            df["modality"] = ""
    return df


def diff_outputs(before: Path, after: Path) -> list[TableDiff]:
    for folder in (before, after):
        if stored_as(folder, "documents") is None:
            raise FileNotFoundError(f"{folder} has no zhnews tables (documents.csv); give two --out folders of zhnews run")
    result = []
    for table, (key, fields) in KEYS.items():
        a, b = _load(before, table), _load(after, table)
        text_col = "trigger" if table == "events" else "text"
        merged = a.merge(b, on=key, how="outer", suffixes=("_a", "_b"), indicator=True)
        rows = []
        for row in merged.to_dict("records"):
            where = {k: row[k] for k in key}
            if row["_merge"] == "left_only":
                rows.append({"change": "disappeared", "rule_id": row["rule_id_a"], **where, "field": "", "before": "",
                             "after": "", "text": row[f"{text_col}_a"]})
            elif row["_merge"] == "right_only":
                rows.append({"change": "appeared", "rule_id": row["rule_id_b"], **where, "field": "", "before": "",
                             "after": "", "text": row[f"{text_col}_b"]})
            else:
                for field in fields + ["rule_id"]:
                    va, vb = row.get(f"{field}_a", ""), row.get(f"{field}_b", "")
                    va = "" if pd.isna(va) else str(va)
                    vb = "" if pd.isna(vb) else str(vb)
                    if va != vb:
                        rows.append({"change": f"changed {field}", "rule_id": row["rule_id_b"], **where, "field": field,
                                     "before": va, "after": vb, "text": row[f"{text_col}_b"]})
        columns = ["change", "rule_id"] + key + ["field", "before", "after", "text"]
        changes = pd.DataFrame(rows, columns=columns)
        if len(changes):
            changes = changes.sort_values(["rule_id", "change"] + key, kind="stable").reset_index(drop=True)
        result.append(TableDiff(table, changes))
    return result
