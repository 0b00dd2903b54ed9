"""The Python API: ``zhnews.extract`` for one article, ``zhnews.run`` for a corpus.

Both give the rows the CLI writes, built by the same code; ``extract`` returns them as typed records
(one dataclass per table, fields in the table's column order), each list convertible to a DataFrame.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from . import run as run_module
from .ingest import RawDocument, make_doc_id, parse_published
from .processor import processor_for
from .rows import gather, link_rows
from .rule_overlay import overlay
from .rules import DEFAULT_RULES_DIR
from .run import RunSummary, Settings
from .schema import COLUMNS, INT_COLUMNS
from .tables import frame

if TYPE_CHECKING:
    import pandas as pd


def _record_class(table: str, class_name: str) -> type:
    fields = [(c, int | None if c in INT_COLUMNS else str | None) for c in COLUMNS[table]]
    cls = dataclasses.make_dataclass(class_name, fields, frozen=True, slots=True, namespace={"__module__": __name__})
    cls.__doc__ = f"One row of the {table} table (columns as in README, 'A tour of the outputs')."
    return cls


Document = _record_class("documents", "Document")
Mention = _record_class("mentions", "Mention")
Entity = _record_class("entities", "Entity")
Date = _record_class("dates", "Date")
Event = _record_class("events", "Event")
EventArgument = _record_class("event_arguments", "EventArgument")
Fact = _record_class("facts", "Fact")
RECORD_CLASSES = {"documents": Document, "mentions": Mention, "entities": Entity, "dates": Date, "events": Event,
                  "event_arguments": EventArgument, "facts": Fact}


@dataclasses.dataclass(frozen=True)
class Extraction:
    """What ``extract`` found in one article; ``frames()`` gives the same rows as DataFrames."""

    document: Document
    mentions: list[Mention]
    entities: list[Entity]
    dates: list[Date]
    events: list[Event]
    event_arguments: list[EventArgument]
    facts: list[Fact]

    def frames(self) -> dict[str, "pd.DataFrame"]:
        """The tables, typed as the CLI's (built on demand: most callers read the records)."""
        rows = {"documents": [self.document], "mentions": self.mentions, "entities": self.entities,
                "dates": self.dates, "events": self.events, "event_arguments": self.event_arguments,
                "facts": self.facts}
        return {name: frame(name, [dataclasses.astuple(r) for r in records]) for name, records in rows.items()}


@dataclasses.dataclass(frozen=True)
class RunResult:
    summary: RunSummary
    tables: dict[str, "pd.DataFrame"]


def _records(name: str, rows: "list[dict] | list[tuple] | dict[str, list] | pd.DataFrame") -> list:
    """Typed records from a table's rows in any of the forms ``tables.frame`` takes."""
    columns = COLUMNS[name]
    if isinstance(rows, dict):
        tuples = zip(*(rows[c] for c in columns))
    elif hasattr(rows, "itertuples"):
        tuples = rows[columns].itertuples(index=False, name=None)
    else:
        tuples = (tuple(row.get(c) for c in columns) if isinstance(row, dict) else row for row in rows)
    cls = RECORD_CLASSES[name]
    return [cls(*(_typed(c, v) for c, v in zip(columns, row))) for row in tuples]


def _typed(column: str, value):
    if value is None or (isinstance(value, float) and value != value):
        return None
    return int(value) if column in INT_COLUMNS else str(value)


def _settings(rules: "str | Path | None", **options) -> Settings:
    return Settings(rules_dir=overlay(Path(rules)).folder if rules is not None else DEFAULT_RULES_DIR, **options)


def extract(text: str, published: "str | dt.date | None" = None, rules: "str | Path | None" = None, *,
            title: str = "", engine: str = "rjieba", conversion: str = "auto") -> Extraction:
    """Mentions, dates and events of one article (simplified or traditional Chinese).

    ``published`` (a date or YYYY-MM-DD) anchors relative dates; ``rules`` is a folder of your rule
    files laid over the shipped ones, as ``--rules``. Offsets are into ``text``."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    settings = _settings(rules, engine=engine, conversion=conversion)
    processor = processor_for(settings)  # compiled once per rule set and settings, then reused
    raw = RawDocument(doc_id=make_doc_id("<text>"), path="<text>", text=text, encoding="str")
    if published:
        iso = parse_published(published)
        if not iso:
            raise ValueError(f"published {published!r} is not a date; give a datetime.date or YYYY-MM-DD")
        raw.metadata["published"] = iso
    if title:
        raw.metadata["title"] = title
    if not text.strip():
        raw.fail("empty text: nothing to extract")
    # the rows the CLI's tables are made of, without building DataFrames for one article
    rows = gather([processor.process(raw).output])
    rows.update(link_rows(rows))
    return Extraction(document=_records("documents", rows["documents"])[0],
                      **{name: _records(name, rows[name]) for name in RECORD_CLASSES if name != "documents"})


def run(corpus: "str | Path", out: "str | Path" = "outputs", rules: "str | Path | None" = None, *, jobs: int = 1,
        anchor: "str | dt.date" = "", columns: str = "", engine: str = "rjieba", conversion: str = "auto",
        use_cache: bool = True, progress: bool = False, doc_timeout: float = 60.0) -> RunResult:
    """Run every stage over ``corpus`` (a folder or one file) and write the tables to ``out``,
    as ``zhnews run`` does. Returns the run summary and the tables as DataFrames. ``doc_timeout``:
    seconds one document may take before it gets a failed row (0: no limit), as ``--doc-timeout``."""
    anchor_iso = parse_published(anchor) if anchor else ""
    if anchor and not anchor_iso:
        raise ValueError(f"anchor {anchor!r} is not a date; give a datetime.date or YYYY-MM-DD")
    settings = _settings(rules, engine=engine, conversion=conversion, default_anchor=anchor_iso, columns=columns,
                         doc_timeout=doc_timeout)
    summary, tables = run_module.run_corpus(Path(corpus), Path(out), settings, jobs=jobs, progress=progress,
                                            use_cache=use_cache)
    return RunResult(summary, tables)


__all__ = ["extract", "run", "Extraction", "RunResult", "Document", "Mention", "Entity", "Date", "Event",
           "EventArgument", "Fact"]
