"""Article sources beyond one-article text files: record files (JSON Lines, CSV, Parquet: one article
per record), HTML pages, and standard input. Each yields the ``RawDocument``s ingest produces.

A record's offsets are offsets into its ``text`` value; an HTML page's are offsets into the decoded
file (only the visible text is analysed, see ``html_visible_text``). A record that cannot be used
becomes a failed document of its own, like a bad file, and the other records go on.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

from .ingest import (DEFAULT_MAX_BYTES, METADATA_FIELDS, InputRefused, RawDocument, decode, make_doc_id,
                     parse_published, read_bounded, read_document)

RECORD_SUFFIXES = (".jsonl", ".csv", ".parquet")
HTML_SUFFIXES = (".html", ".htm")
RECORD_FIELDS = ("text", "id") + METADATA_FIELDS
# Without --columns text=…, a record lacking a 'text' column takes the first of these it has: the
# names scrapers and dataset exports most often give the article body.
TEXT_FALLBACKS = ("content", "body", "article")
FORMATS_HELP = ".txt/.md articles, .html/.htm pages, .jsonl/.csv/.parquet files of records"
# A record file holds many articles: it may be this many times one article's --max-bytes (it is read whole).
RECORD_FILE_FACTOR = 100


class CorpusError(Exception):
    """The corpus as a whole cannot be run (no articles in it)."""


@dataclass(frozen=True)
class ColumnMap:
    """Which column of a record file holds each field (``text=body,published=date``)."""

    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, spec: str) -> "ColumnMap":
        names = {}
        for item in filter(None, (part.strip() for part in (spec or "").split(","))):
            key, sep, column = item.partition("=")
            key, column = key.strip(), column.strip()
            if not sep or not column or key not in RECORD_FIELDS:
                raise ValueError(f"--columns {item!r}: write FIELD=COLUMN with FIELD one of {', '.join(RECORD_FIELDS)}, "
                                 "e.g. --columns text=story,published=pub_date")
            names[key] = column
        return cls(names)

    def column(self, key: str) -> str:
        return self.names.get(key, key)

    def text_column(self, record: dict) -> str:
        """The column holding ``record``'s text: the mapped one, else 'text', else the first of
        TEXT_FALLBACKS the record has ('text' when it has none, so the error names it)."""
        if "text" in self.names or "text" in record:
            return self.column("text")
        return next((name for name in TEXT_FALLBACKS if name in record), "text")


def is_record_file(path: Path) -> bool:
    return path.suffix.lower() in RECORD_SUFFIXES


def read_file(path: Path, corpus: Path, manifest_metadata: dict[str, str] | None, max_bytes: int) -> RawDocument:
    """One article file: an HTML page or a text article."""
    doc = read_document(path, corpus, manifest_metadata, max_bytes)
    if path.suffix.lower() in HTML_SUFFIXES and doc.status != "failed":
        visible, title = html_visible_text(doc.text)
        doc.visible = visible
        if title and "title" not in doc.metadata:
            doc.metadata["title"] = title
        if not visible.strip():
            doc.fail("HTML page without visible text; check that it is the article page, not a script-built shell")
    return doc


def read_records(path: Path, rel: str, columns: ColumnMap = ColumnMap(), max_bytes: int = 0) -> Iterator[RawDocument]:
    """One ``RawDocument`` per record of a .jsonl / .csv / .parquet file (a failed one for a bad record,
    or for a file that cannot be read at all)."""
    try:
        data = read_bounded(path, (max_bytes or DEFAULT_MAX_BYTES) * RECORD_FILE_FACTOR)
    except InputRefused as exc:
        message = str(exc).replace("limit for one article", f"limit for a record file ({RECORD_FILE_FACTOR} x --max-bytes)")
        yield _file_failure(rel, message)
        return
    try:
        suffix = path.suffix.lower()
        if suffix == ".parquet":
            records = _parquet_records(data)
        else:
            text, _encoding, _warning = decode(data)  # a damaged record fails on its own
            records = _jsonl_records(text) if suffix == ".jsonl" else _csv_records(text, max_bytes)
    except ValueError as exc:
        yield _file_failure(rel, f"cannot read record file: {exc}")
        return
    number = 0
    try:  # the readers parse as they go: a file can turn out unreadable after some good records
        for number, record, problem in records:
            yield _record_document(rel, number, record, problem, columns, max_bytes)
    except ValueError as exc:
        if not number:
            yield _file_failure(rel, f"cannot read record file: {exc}")
        else:
            rest = RawDocument(doc_id=make_doc_id(f"{rel}#{number + 1}"), path=rel, record=number + 1)
            yield rest.fail(f"records from {number + 1} on cannot be read ({exc}); the {number} before were read")
        return
    if not number:
        yield _file_failure(rel, f"no records: a {path.suffix} file needs one article per record with a 'text' field")


def _file_failure(rel: str, message: str) -> RawDocument:
    return RawDocument(doc_id=make_doc_id(rel), path=rel).fail(message)


def _record_document(rel: str, number: int, record: dict | None, problem: str, columns: ColumnMap,
                     max_bytes: int) -> RawDocument:
    doc = RawDocument(doc_id=make_doc_id(f"{rel}#{number}"), path=rel, record=number)
    where = f"record {number}"
    if problem:
        return doc.fail(f"{where}: {problem}; fix or remove this record")
    text_column = columns.text_column(record)
    text = record.get(text_column)
    if not isinstance(text, str):
        found = ", ".join(map(str, record)) or "none"
        what = "missing" if text is None else f"a {type(text).__name__}, not a string"
        tried = f" (nor {', '.join(TEXT_FALLBACKS)})" if text is None and "text" not in columns.names else ""
        return doc.fail(f"{where}: the text column {text_column!r}{tried} is {what} (columns: {found}); "
                        "name the text column with --columns text=COLUMN")
    if max_bytes and len(text.encode("utf-8")) > max_bytes:
        return doc.fail(f"{where}: text is over the --max-bytes limit for one article; split it or raise --max-bytes")
    doc.text, doc.encoding = text, "record"
    metadata = {}
    for key in ("id",) + METADATA_FIELDS:
        value = record.get(columns.column(key))
        if isinstance(value, float) and value != value:  # NaN: a missing cell of a pandas-written file
            value = None
        if value is not None and str(value).strip():
            metadata[key] = value if key == "published" else str(value).strip()
    doc.content_hash = hashlib.sha256(json.dumps([text, {k: str(v) for k, v in metadata.items()}],
                                                 ensure_ascii=False).encode("utf-8")).hexdigest()[:16]
    if not text.strip(" \t\r\n\u3000\ufeff"):
        return doc.fail(f"{where}: empty text")
    if "published" in metadata:
        raw = metadata["published"]
        metadata["published"] = parse_published(raw)
        if not metadata["published"]:
            doc.warn(f"{where}: published {raw!r} is not a date (use YYYY-MM-DD); relative dates stay unresolved")
    doc.metadata = {k: str(v) for k, v in metadata.items() if v != ""}
    return doc


def _jsonl_records(text: str) -> Iterator[tuple[int, dict | None, str]]:
    number = 0
    for line_number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        number += 1
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"line {line_number} is not valid JSON ({exc.msg} at column {exc.colno})"
            continue
        if not isinstance(obj, dict):
            yield number, None, f"line {line_number} is not a JSON object"
            continue
        yield number, obj, ""


def _csv_records(text: str, max_bytes: int) -> Iterator[tuple[int, dict | None, str]]:
    # the csv module refuses cells over 128 KB by default: an article may be as long as --max-bytes
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes or 0))
    # strict: a broken quote is an error, not a row merged with the rest of the file
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        for number, row in enumerate(reader, start=1):
            if None in row:  # more cells than header columns: a broken quote or a stray comma
                yield number, None, f"row at line {reader.line_num} has more cells than the header"
                continue
            yield number, row, ""
    except csv.Error as exc:
        raise ValueError(f"CSV line {reader.line_num}: {exc}") from None


def _parquet_records(data: bytes) -> Iterator[tuple[int, dict | None, str]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(pa.BufferReader(data))
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds for a damaged file
        raise ValueError(f"not a readable Parquet file ({exc})") from None
    for number, row in enumerate(table.to_pylist(), start=1):
        yield number, row, ""


# --- HTML -----------------------------------------------------------------------------------------

_HIDDEN = frozenset({"script", "style", "head", "noscript", "template", "svg", "iframe", "object"})
_BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "section", "article", "header",
                     "footer", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "title", "figcaption",
                     "dd", "dt", "main", "aside", "nav", "figure"})


class _VisibleText(HTMLParser):
    """Copies the visible text of a page into a same-length buffer of spaces, so every offset into
    the buffer is an offset into the page; a block tag leaves a line break where it starts."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=False)  # data arrives exactly as written in the page
        self.page = page
        self.buffer = [" "] * len(page)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", page)]
        self.hidden = 0
        self.title: list[str] = []
        self.in_title = False

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        self._block(tag)
        if tag in _HIDDEN and tag != "head":
            self.hidden += 1
        self.in_title = tag == "title"

    def handle_startendtag(self, tag, attrs):
        self._block(tag)

    def handle_endtag(self, tag):
        self._block(tag)
        if tag in _HIDDEN and tag != "head" and self.hidden:
            self.hidden -= 1
        if tag == "title":
            self.in_title = False

    def _block(self, tag):
        if tag in _BLOCKS:
            self.buffer[self._offset()] = "\n"

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
            return
        if self.hidden:
            return
        start = self._offset()
        if self.page.startswith(data, start):
            self.buffer[start:start + len(data)] = data


def html_visible_text(page: str) -> tuple[str, str]:
    """(visible text, same length as ``page`` with markup blanked out; the <title>)."""
    parser = _VisibleText(page)
    parser.feed(page)
    parser.close()
    return "".join(parser.buffer), re.sub(r"\s+", " ", "".join(parser.title)).strip()
