"""Each finished document's rows go to disk at once: a batch's memory stays flat however large it is.

A run knows, once its documents are planned, the order the tables list them in (by path, then record
number): each document has a rank. ``Spill`` takes the documents' outputs in any order (as workers
finish them) like a dict (``spill[doc_id] = output``), feeds each document's mentions to the entity
index (``linkstream``: the batch part of linking keeps per-node tallies, not rows) and buffers its
rows by bucket, a run of ``BUCKET_DOCS`` consecutive ranks. A bucket is written out as soon as all its
documents are in (or when the buffers grow past ``MAX_BUFFERED_ROWS``), as one Arrow IPC file per
table, its rows in the table's columns plus the rank of their document and their number in it.

The tables are then built bucket by bucket (``write_tables``): each bucket's rows sorted by rank and
number, their entity ids filled in, so the tables come out in the order of a one-process run,
holding one bucket at a time.
The spill folder is run state (``OUT/.cache/spill``): removed when the run ends, and by the next
run after a kill (``outdir.recover``).
"""
from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from .linkstream import EntityIndex
from .outdir import OutputFolderError
from .rows import MENTION_ROW, ROW_BUILDERS, TUPLE_CELLS, DocumentOutput
from .schema import COLUMNS, INT_COLUMNS, TABLE_NAMES, TABLES

# Documents per bucket: the run holds up to a bucket's rows as Python objects until all its documents
# are in (1,024 documents held ~45 MB in the main process at 25 MB of news; 256 hold a quarter).
BUCKET_DOCS = 256
MAX_BUFFERED_ROWS = 25_000  # rows held before the partly filled buckets are written out (~ a bucket's)
RANK, ROW, NODE = "_rank", "_row", "_node"  # the spill files' own columns
# the tables built from documents' rows: documents and those with a row builder (not entities: linked at the end)
SPILLED = ("documents", *ROW_BUILDERS)
_MENTION_KEEP = [c for c in MENTION_ROW if c not in ("canonical", "aliases", "node")]
_LINK_AT = [MENTION_ROW.index(c) for c in ("text", "text_simplified", "label", "canonical", "aliases", "node")]
_KEEP_AT = [MENTION_ROW.index(c) for c in _MENTION_KEEP]


def spill_columns(table: str) -> list[str]:
    """The columns of a table's spill files (before the rank and row number)."""
    if table == "mentions":
        return [*_MENTION_KEEP, NODE]
    return COLUMNS[table]


def id_list_columns(table: str) -> list[str]:
    """The columns whose cells are tuples of mention ids until linking (``rows.TUPLE_CELLS``)."""
    return [] if table == "mentions" else [COLUMNS[table][i] for i in TUPLE_CELLS.get(table, ())]


def _type(table: str, column: str) -> pa.DataType:
    if column in id_list_columns(table):
        return pa.list_(pa.large_string())
    return pa.int64() if column in INT_COLUMNS or column == NODE else pa.large_string()


def spill_schema(table: str) -> pa.Schema:
    return pa.schema([(c, _type(table, c)) for c in spill_columns(table)] + [(RANK, pa.int64()), (ROW, pa.int64())])


def column_array(values: list, kind: pa.DataType) -> pa.Array:
    """A column of Python values as Arrow, with what ``tables.frame`` (pandas ``astype``) makes of
    values of another type: text columns take ``str(v)``, a float NaN is missing."""
    try:
        return pa.array(values, type=kind)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        if pa.types.is_large_string(kind):
            return pa.array([None if v is None or v != v else v if isinstance(v, str) else str(v) for v in values],
                            type=kind)
        import pandas as pd

        return pa.array(pd.array(values, dtype="Int64"), type=kind)


class Spill:
    """A dict-like sink for documents' outputs (``spill[doc_id] = output``); see the module docstring."""

    def __init__(self, folder: Path):
        self.folder = folder
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.ranks: dict[str, int] = {}
        self.waiting: dict[int, int] = {}  # bucket -> its documents planned and not yet given
        self.all_planned = False
        self.buffers: dict[int, dict[str, list]] = {}
        self.buffered = 0
        self.files: dict[tuple[str, int], list[Path]] = {}
        self.index = EntityIndex()
        self.given = bytearray()  # per rank: 1 once its output was given
        self.entity_rows: list[tuple] = []  # set by close

    def plan(self, doc_id: str) -> int:
        """The next rank, for ``doc_id``: documents are planned in the tables' order."""
        if self.all_planned:
            raise ValueError("every document was planned already")
        rank = self.ranks.setdefault(doc_id, len(self.ranks))
        if rank == len(self.ranks) - 1:
            self.waiting[rank // BUCKET_DOCS] = self.waiting.get(rank // BUCKET_DOCS, 0) + 1
        return rank

    def planned(self) -> None:
        """Every document is planned: the last bucket is complete once its documents are given."""
        self.all_planned = True
        for bucket in [b for b, n in self.waiting.items() if not n and b in self.buffers]:
            self._write(bucket)

    def __setitem__(self, doc_id: str, output: DocumentOutput) -> None:
        rank = self.ranks.get(doc_id)
        if rank is None:
            raise KeyError(f"document {doc_id} was not planned")
        bucket = rank // BUCKET_DOCS
        if len(self.given) <= rank:
            self.given.extend(bytes(rank + 1 - len(self.given)))
        if self.given[rank]:
            raise ValueError(f"document {doc_id} was given twice")
        self.given[rank] = 1
        buffer = self.buffers.get(bucket)
        if buffer is None:  # per table: its rows as the builders made them, then the spill's own columns
            buffer = self.buffers[bucket] = {name: ([], [], [], []) for name in SPILLED}
        rows = {"documents": [output.document], **output.rows}
        mentions = rows.get("mentions", ())
        nodes = self.index.add_document(rank, [tuple(m[i] for i in _LINK_AT) for m in mentions], rows.get("links", ()))
        buffer["mentions"][3].extend(nodes)
        for name in SPILLED:
            made = rows.get(name, ())
            if made:
                held, ranks, numbers, _ = buffer[name]
                held.extend(made)
                ranks.extend([rank] * len(made))
                numbers.extend(range(len(made)))
                self.buffered += len(made)
        self.waiting[bucket] -= 1
        # a bucket is complete when its documents are in, and no later document can join it
        if not self.waiting[bucket] and (self.all_planned or len(self.ranks) > (bucket + 1) * BUCKET_DOCS):
            self._write(bucket)
        elif self.buffered > MAX_BUFFERED_ROWS:
            for waiting in list(self.buffers):
                self._write(waiting)

    def update(self, items) -> None:
        for doc_id, output in items:
            self[doc_id] = output

    def _write(self, bucket: int) -> None:
        buffer = self.buffers.pop(bucket)
        for name, (rows, ranks, numbers, nodes) in buffer.items():
            if not rows:
                continue
            schema = spill_schema(name)
            if name == "documents":
                columns = [[row.get(c) for row in rows] for c in COLUMNS[name]]
            else:
                columns = list(zip(*rows))
                if name == "mentions":
                    columns = [columns[i] for i in _KEEP_AT] + [nodes]
            columns += [ranks, numbers]
            batch = pa.record_batch([column_array(list(values), field.type) for values, field in zip(columns, schema)],
                                    schema=schema)
            paths = self.files.setdefault((name, bucket), [])
            path = self.folder / f"{name}-{bucket:06d}-{len(paths):04d}.arrow"
            try:
                with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, schema) as writer:
                    writer.write_batch(batch)
            except OSError as exc:
                raise OutputFolderError(f"could not write the run's rows to {self.folder} ({exc}); the tables of the "
                                        "previous run are unchanged: free space or choose another --out") from None
            paths.append(path)
            self.buffered -= len(rows)

    def close(self) -> None:
        """Write out what is still buffered (documents that never came leave their bucket partial) and
        link the entities across the batch (``entity_rows``: the entities table)."""
        for bucket in list(self.buffers):
            self._write(bucket)
        self.entity_rows = self.index.finish()

    def bucket_ids(self) -> list[int]:
        return sorted(self.waiting)

    def read(self, name: str, bucket: int, columns: list[str] | None = None) -> pa.Table:
        """One bucket's rows of a table, in the tables' order (rank, then row number)."""
        paths = self.files.get((name, bucket), [])
        schema = spill_schema(name)
        if not paths:
            table = schema.empty_table()
        else:
            parts = []
            for path in paths:
                with pa.OSFile(str(path)) as source:
                    parts.append(pa.ipc.open_file(source).read_all())
            table = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
            table = table.take(pc.sort_indices(table, [(RANK, "ascending"), (ROW, "ascending")]))
        return table.select(columns) if columns is not None else table

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


# --- the tables from the spill ----------------------------------------------------------------------

def write_tables(spill: Spill, out_dir: Path, table_format: str = "csv") -> dict:
    """Every table from the spilled rows into ``out_dir`` (a staging folder), one bucket at a time;
    returns the counts the run summary reports. Each table's Parquet file is written once its CSV is,
    before the next table starts: written on a second thread, overlapping the next table's CSV, the
    two peaks added up (main process at 25 MB of news, --jobs 2: peak RSS 399 -> 369 MB, peak PSS
    381 -> 356-361 MB in bench_memory; the write phase takes ~0.5 s more of a 55 s run)."""
    counts = {"status": Counter(), "no_published": 0, "mentions": Counter(), "dates": Counter(), "events": Counter()}
    # The system allocator gives freed memory back: Arrow's default pool (mimalloc) keeps what one table
    # needed for the next, and the process' peak grew by as much again (+80 MB at 25 MB of text).
    previous_pool = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        _write_all(spill, out_dir, table_format, counts)
    finally:
        pa.set_memory_pool(previous_pool)
    return counts


def _write_all(spill: Spill, out_dir: Path, table_format: str, counts: dict) -> None:
    from .tables import TableStream

    for name in TABLE_NAMES:
        stream = TableStream(name, out_dir, spill.folder, table_format)
        try:
            if name == "entities":  # the rows go once framed: ~10 MB of tuples at 25 MB of news, not held to the last table
                chunks = [_entity_columns(spill.entity_rows)]
                spill.entity_rows = []
            else:
                chunks = (_table_columns(spill, name, bucket) for bucket in spill.bucket_ids())
            for columns in chunks:
                _count(counts, name, columns)
                stream.write(columns)
        except BaseException:
            stream.abandon()
            raise
        stream.finish()


def _table_columns(spill: Spill, name: str, bucket: int) -> list:
    """One bucket's columns of a table, entity ids filled in."""
    table = spill.read(name, bucket)
    if name == "mentions":
        entity_ids, names = spill.index.entities_of(table.column(NODE))
        filled = {"entity_id": entity_ids, "canonical_name": names}
        return [filled[c] if c in filled else table.column(c) for c in COLUMNS[name]]
    if TABLES[name].linked:
        mentions = spill.read("mentions", bucket, ["mention_id", NODE])
        entity_ids, _ = spill.index.entities_of(mentions.column(NODE))
        by_mention = dict(zip(mentions.column("mention_id").to_pylist(), entity_ids.to_pylist()))
        return _linked(name, table, by_mention)
    return [table.column(c) for c in COLUMNS[name]]


def _linked(name: str, table: pa.Table, entity_of: dict[str, str]) -> list:
    """A row that is a mention (``mention_id``) names the mention's entity in ``entity_id``; a column
    of mention ids names their entities, joined with ``;`` (as ``rows.link_rows`` and
    ``facts.link_facts`` do for the in-memory tables)."""
    columns = {c: table.column(c) for c in COLUMNS[name]}
    if "mention_id" in columns and "entity_id" in columns:
        pairs = zip(columns["mention_id"].to_pylist(), columns["entity_id"].to_pylist())
        columns["entity_id"] = pa.array([entity_of.get(m, "") if m else e for m, e in pairs], pa.large_string())
    for c in id_list_columns(name):
        columns[c] = pa.array([";".join(entity_of.get(m, "") for m in ids or ()) for ids in columns[c].to_pylist()],
                              pa.large_string())
    return [columns[c] for c in COLUMNS[name]]


def _entity_columns(rows: list[tuple]) -> list:
    schema = [_type("entities", c) for c in COLUMNS["entities"]]
    values = list(zip(*rows)) if rows else [()] * len(schema)
    return [pa.array(list(v), kind) for v, kind in zip(values, schema)]


def _count(counts: dict, name: str, columns: list) -> None:
    """The run summary's tallies (``run.RunSummary``), from the columns as they are written."""
    if name not in ("documents", "mentions", "dates", "events"):
        return
    at = COLUMNS[name].index({"documents": "status", "mentions": "label", "dates": "type", "events": "type"}[name])
    tally = counts["status" if name == "documents" else name]
    for item in pc.value_counts(columns[at]).to_pylist():
        if item["values"] is not None:
            tally[str(item["values"])] += item["counts"]
    if name == "documents":
        published = pc.fill_null(columns[COLUMNS[name].index("published")], "")
        processed = pc.is_in(columns[at], value_set=pa.array(["ok", "partial"], pa.large_string()))
        counts["no_published"] += int(pc.sum(pc.and_(pc.equal(published, ""), pc.fill_null(processed, False))).as_py() or 0)

