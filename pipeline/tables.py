"""Tables stage: per-document rows -> pandas DataFrames -> CSV (Excel-friendly) and Parquet.

The tables and their columns are defined in ``schema``; column order is the output contract, extra
columns only ever go at the end. Every file is written to a temporary name and renamed, so a crash
never leaves a half-written table.
"""
from __future__ import annotations

import codecs
import functools
import itertools
import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

# the tables' columns and types are defined once, in schema (re-exported for the stage's readers)
from .schema import COLUMNS, DATE_COLUMNS, INT_COLUMNS, TABLE_NAMES  # noqa: F401

if TYPE_CHECKING:
    import pyarrow as pa

# Cells starting with these make Excel/LibreOffice evaluate a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def frame(name: str, rows: "list[dict] | list[tuple] | dict[str, list] | pd.DataFrame") -> pd.DataFrame:
    """DataFrame with the contract's columns, in order, integer columns as nullable ints.

    ``rows`` are dicts, tuples in column order, a dict of column lists, or a DataFrame with (at
    least) these columns."""
    columns = COLUMNS[name]
    if isinstance(rows, pd.DataFrame):
        df = rows.reindex(columns=columns)
    elif isinstance(rows, dict):
        df = pd.DataFrame({c: rows[c] for c in columns}, columns=columns)
    elif len(rows):
        df = pd.DataFrame.from_records(rows, columns=columns)
    else:
        df = pd.DataFrame({c: [] for c in columns})
    for column in columns:
        if column in INT_COLUMNS:
            df[column] = pd.array(df[column], dtype="Int64")
        else:
            df[column] = df[column].astype("string")
    return df


def escape_formulas(table: "pa.Table") -> "pa.Table":
    """Prefix cells that a spreadsheet would run as a formula with ``'`` (only where one does).

    Done on the Arrow table the CSV is written from: one first-character test per column rather than
    one pass per risky prefix."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for i, field in enumerate(table.schema):
        kind = field.type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
            continue
        column = table.column(i)
        risky = pc.is_in(pc.utf8_slice_codeunits(column, 0, 1), value_set=pa.array(_FORMULA_START, type=kind))
        if pc.any(risky).as_py():
            quoted = pc.binary_join_element_wise(pa.scalar("'", kind), column, pa.scalar("", kind))
            table = table.set_column(i, field, pc.if_else(risky, quoted, column))
    return table


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()


def _atomic_write(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.fchmod(fd, _FILE_MODE)  # mkstemp makes 0600; tables are for sharing like any new file
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_csv(data: "pd.DataFrame | pa.Table", path: str | Path) -> None:
    """Excel-friendly CSV: UTF-8 with BOM, formula cells escaped, text fields quoted, LF line ends.

    Written by pyarrow's C++ writer: about 10x faster than ``DataFrame.to_csv`` on our tables."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    table = pa.Table.from_pandas(data, preserve_index=False) if isinstance(data, pd.DataFrame) else data
    with open(path, "wb") as handle:
        handle.write(codecs.BOM_UTF8)
        pacsv.write_csv(escape_formulas(table), handle,
                        pacsv.WriteOptions(quoting_style="needed", quoting_header="none"))


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path, parquet: bool = True) -> list[Path]:
    """Write each table given as ``OUT/<name>.csv`` (UTF-8 with BOM) and ``OUT/parquet/<name>.parquet``.

    Each table becomes one Arrow table, written as Parquet on a second thread while the CSV is
    written here: pyarrow releases the GIL, so the two overlap."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    written = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = []
        for name in (name for name in TABLE_NAMES if name in tables):
            table = pa.Table.from_pandas(tables[name], preserve_index=False)
            if parquet:
                pq_path = out_dir / "parquet" / f"{name}.parquet"
                pending.append(pool.submit(_atomic_write, pq_path,
                                           lambda tmp, t=table: pq.write_table(parquet_types(t), tmp,
                                                                               row_group_size=ROW_GROUP_ROWS)))
                written.append(pq_path)
            csv_path = out_dir / f"{name}.csv"
            _atomic_write(csv_path, lambda tmp, t=table: write_csv(t, tmp))
            written.append(csv_path)
        for future in pending:
            future.result()  # re-raises a failed Parquet write
    return written


def parquet_types(table: "pa.Table", emptied_columns: "set[str] | None" = None) -> "pa.Table":
    """The Parquet form of a table: an empty text cell is a missing value (null), ``published``, ``start_date`` and ``end_date`` dates.

    ``emptied_columns``: the text columns that hold an empty cell, when ``table`` is one slice of a
    table written in slices (all slices then carry the whole table's metadata)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    emptied = []  # the columns whose empty cells became nulls, so read_table can give them back
    for i, field in enumerate(table.schema):
        if not pa.types.is_string(field.type) and not pa.types.is_large_string(field.type):
            continue
        column = table.column(i)
        empty = pc.equal(column, pa.scalar("", field.type))
        if field.name in DATE_COLUMNS:
            column = pc.strptime(pc.if_else(empty, pa.scalar(None, field.type), column), format="%Y-%m-%d", unit="s")
            table = table.set_column(i, pa.field(field.name, pa.date32()), pc.cast(column, pa.date32()))
        elif field.name in emptied_columns if emptied_columns is not None else pc.any(empty).as_py():
            table = table.set_column(i, field, pc.if_else(empty, pa.scalar(None, field.type), column))
            emptied.append(field.name)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), _EMPTIED: json.dumps(emptied).encode()})
    return _pandas_dates(table)


_EMPTIED = b"zhnews:empty_text_as_null"


def _pandas_dates(table: "pa.Table") -> "pa.Table":
    """Tell pandas (through the schema's pandas metadata) that the date columns hold dates now."""
    metadata = dict(table.schema.metadata or {})
    if b"pandas" not in metadata:
        return table
    pandas_meta = json.loads(metadata[b"pandas"])
    for column in pandas_meta.get("columns", []):
        if column.get("name") in DATE_COLUMNS and column.get("name") in table.column_names:
            column.update(pandas_type="date", numpy_type="object")
    metadata[b"pandas"] = json.dumps(pandas_meta).encode()
    return table.replace_schema_metadata(metadata)


def stored_as(out_dir: Path, name: str) -> str | None:
    """How ``out_dir`` holds a table: "parquet" (OUT/parquet/<name>.parquet, beside the CSV),
    "dataset" (OUT/<name>/part-*.parquet, ``--format parquet-dataset``), "csv" alone, or None."""
    if (out_dir / "parquet" / f"{name}.parquet").exists():
        return "parquet"
    if dataset_parts(out_dir, name):
        return "dataset"
    return "csv" if (out_dir / f"{name}.csv").exists() else None


def dataset_parts(out_dir: Path, name: str) -> list[Path]:
    folder = out_dir / name
    return sorted(p for p in folder.glob("part-*.parquet") if p.exists()) if folder.is_dir() else []


def read_table(out_dir: Path, name: str) -> pd.DataFrame:
    """Read a table back in the form the pipeline builds it (text columns without nulls; Parquet when
    present, else a Parquet dataset's parts, else the CSV). Users reading the Parquet files see the
    nulls and dates themselves."""
    pq_path = out_dir / "parquet" / f"{name}.parquet"
    parts = [] if pq_path.exists() else dataset_parts(out_dir, name)
    if parts:  # written from the table as built: no nulls for empty text, dates as text
        frames = [pd.read_parquet(part) for part in parts]
        return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    if pq_path.exists():
        import pyarrow.parquet as pq

        emptied = set(json.loads((pq.read_schema(pq_path).metadata or {}).get(_EMPTIED, b"[]")))
        df = pd.read_parquet(pq_path)
        for column in df.columns:
            if column in DATE_COLUMNS:
                df[column] = df[column].map(lambda d: d.isoformat() if pd.notna(d) else "").astype("string")
            elif column in emptied:
                df[column] = df[column].fillna("").astype("string")
        return df
    return pd.read_csv(out_dir / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)


TABLE_FORMATS = ("csv", "parquet-dataset")
DATASET_ROWS = 500_000  # rows per file of a Parquet dataset


def write_datasets(tables: dict[str, pd.DataFrame], out_dir: Path, rows_per_file: int | None = None) -> list[Path]:
    """Write each table as a Parquet dataset, ``OUT/<name>/part-00000.parquet`` …, for runs too large for
    one CSV: ``pandas.read_parquet(OUT/<name>)`` and ``dask.dataframe.read_parquet`` read the folder.
    (Runs write into a staging folder committed as one set, see outdir.)"""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows_per_file = rows_per_file or DATASET_ROWS
    written = []
    for name in (name for name in TABLE_NAMES if name in tables):
        table = pa.Table.from_pandas(tables[name], preserve_index=False)
        (out_dir / name).mkdir(parents=True, exist_ok=True)
        for part, start in enumerate(range(0, max(table.num_rows, 1), rows_per_file)):  # an empty table keeps its schema
            path = out_dir / name / f"part-{part:05d}.parquet"
            _atomic_write(path, lambda tmp, t=table.slice(start, rows_per_file):
                          pq.write_table(t, tmp, row_group_size=ROW_GROUP_ROWS))
            written.append(path)
    return written


def write_output(tables: dict[str, pd.DataFrame], out_dir: Path, table_format: str = "csv") -> list[Path]:
    """The tables in the format asked for: ``csv`` (CSV + one Parquet file each) or ``parquet-dataset``."""
    if table_format == "parquet-dataset":
        return write_datasets(tables, out_dir)
    return write_tables(tables, out_dir)


# --- tables written in slices (a run's tables, built one bucket of documents at a time) -------------

# Rows per Parquet row group, in every writer: a table written slice by slice (TableStream) holds one
# row group's rows at a time (twice: as read, and in Parquet types), so writing stays flat however
# long the table. With pyarrow's default, 1Mi rows (the mentions of ~290 MB of news), writing 1.1M
# mention rows took +394 MB at its peak; with 64Ki rows, +59 MB. 64Ki rows are still large groups
# for readers. Written in slices of it, a file is the one ``pq.write_table(..., row_group_size=it)`` writes.
ROW_GROUP_ROWS = 64 * 1024


@functools.lru_cache(maxsize=None)
def arrow_schema(name: str) -> "pa.Schema":
    """A table's Arrow schema as ``pa.Table.from_pandas(frame(name, rows))`` makes it (pandas metadata included)."""
    import pyarrow as pa

    return pa.Table.from_pandas(frame(name, []), preserve_index=False).schema


class TableStream:
    """One table written slice by slice, each slice at once to the CSV (``format`` csv); the slices
    are also kept in an Arrow IPC file in ``work_dir``, from which ``finish`` writes the Parquet file
    (or the dataset's parts): its schema says which text columns hold empty cells, known only at the
    end. The files are the bytes ``write_tables`` / ``write_datasets`` write from the whole table."""

    def __init__(self, name: str, out_dir: Path, work_dir: Path, table_format: str = "csv"):
        import pyarrow as pa
        import pyarrow.csv as pacsv

        self.name, self.out_dir, self.table_format = name, out_dir, table_format
        self.schema = arrow_schema(name)
        self.rows = 0
        self.emptied: set[str] = set()
        self.ipc_path = work_dir / f"final-{name}.arrow"
        self.ipc = pa.ipc.new_file(str(self.ipc_path), self.schema)
        self.csv = None
        if table_format == "csv":
            self.csv_tmp = _temp_beside(out_dir / f"{name}.csv")
            self.csv_handle = open(self.csv_tmp, "wb")
            self.csv_handle.write(codecs.BOM_UTF8)
            self.csv = pacsv.CSVWriter(self.csv_handle, self.schema,
                                       write_options=pacsv.WriteOptions(quoting_style="needed", quoting_header="none"))

    def write(self, columns: list) -> None:
        """One slice: an Arrow array per column, in the table's column order."""
        import pyarrow as pa
        import pyarrow.compute as pc

        table = pa.Table.from_arrays(columns, schema=self.schema)
        if not table.num_rows:
            return
        self.rows += table.num_rows
        for field, column in zip(self.schema, table.columns):
            if field.name not in self.emptied and pa.types.is_large_string(field.type) \
                    and pc.any(pc.equal(column, pa.scalar("", field.type))).as_py():
                self.emptied.add(field.name)
        self.ipc.write_table(table)
        if self.csv is not None:
            self.csv.write_table(escape_formulas(table))

    def finish(self) -> list[Path]:
        """Close the CSV and write the Parquet file(s); returns the paths written."""
        self.ipc.close()
        written = []
        if self.csv is not None:
            self.csv.close()
            self.csv_handle.close()
            os.replace(self.csv_tmp, self.out_dir / f"{self.name}.csv")
            written.append(self.out_dir / f"{self.name}.csv")
        if self.table_format == "parquet-dataset":
            written += self._dataset()
        else:
            written.append(self._parquet())
        self.ipc_path.unlink()
        return written

    def _parquet(self) -> Path:
        import pyarrow.parquet as pq

        path = self.out_dir / "parquet" / f"{self.name}.parquet"

        def write(tmp: str) -> None:
            schema = parquet_types(self.schema.empty_table(), self.emptied).schema
            with pq.ParquetWriter(tmp, schema) as writer:
                for part in self._slices(itertools.repeat(ROW_GROUP_ROWS)):
                    writer.write_table(parquet_types(part, self.emptied))

        _atomic_write(path, write)
        return path

    def _dataset(self) -> list[Path]:
        """The parts (DATASET_ROWS rows each), each written a row group at a time: the row groups
        ``write_datasets`` writes (ROW_GROUP_ROWS from each part's start)."""
        import pyarrow.parquet as pq

        group = min(ROW_GROUP_ROWS, DATASET_ROWS)
        sizes = [group] * (DATASET_ROWS // group) + ([DATASET_ROWS % group] if DATASET_ROWS % group else [])
        written = []
        (self.out_dir / self.name).mkdir(parents=True, exist_ok=True)
        groups = self._slices(itertools.cycle(sizes))
        piece = next(groups)  # an empty table gives one empty slice: one part, which keeps the schema
        while piece is not None:
            def write(tmp: str) -> None:
                nonlocal piece
                with pq.ParquetWriter(tmp, self.schema) as writer:
                    for _ in sizes:
                        writer.write_table(piece, row_group_size=ROW_GROUP_ROWS)
                        piece = next(groups, None)
                        if piece is None:
                            break

            path = self.out_dir / self.name / f"part-{len(written):05d}.parquet"
            _atomic_write(path, write)
            written.append(path)
        return written

    def _slices(self, sizes):
        """The table in slices of the sizes ``sizes`` gives in turn (the last slice may be shorter),
        each one chunk per column (as a DataFrame's table is); one empty slice for an empty table."""
        import pyarrow as pa

        with pa.OSFile(str(self.ipc_path)) as source:  # read a batch at a time, not mapped whole
            reader = pa.ipc.open_file(source)
            pending, count, size = [], 0, next(sizes)
            for i in range(reader.num_record_batches):
                batch = reader.get_batch(i)
                while batch.num_rows:
                    take = min(size - count, batch.num_rows)
                    pending.append(batch.slice(0, take))
                    count, batch = count + take, batch.slice(take)
                    if count == size:
                        part = pa.Table.from_batches(pending, schema=self.schema).combine_chunks()
                        pending, count, size = [], 0, next(sizes)  # the batches go before the part is written
                        yield part
            if pending or not self.rows:
                part = pa.Table.from_batches(pending, schema=self.schema).combine_chunks()
                del pending
                yield part

    def abandon(self) -> None:
        for closing in (self.ipc, self.csv, getattr(self, "csv_handle", None)):
            try:
                if closing is not None:
                    closing.close()
            except Exception:  # noqa: BLE001 - already closed, or the error being handled came from it
                pass
        for path in (self.ipc_path, getattr(self, "csv_tmp", None)):
            if path is not None and os.path.exists(path):
                os.unlink(path)


def _temp_beside(path: Path) -> str:
    """A new empty file next to ``path`` with the tables' mode, to be renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.fchmod(fd, _FILE_MODE)
    os.close(fd)
    return tmp
