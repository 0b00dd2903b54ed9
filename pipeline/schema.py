"""The output tables: one definition per table, every other module reads its columns from here.

A table is its name, what one row is, its columns in contract order (each with a type and a
one-line description), its key, and how ``zhnews diff`` matches and compares its rows. The
tables stage (``tables.frame``, the Parquet types), the row builders (``rows``), ``diff``,
``export`` (primary and foreign keys), the Python API's record classes and the README's table
reference (``markdown``; a test keeps the README equal to it) all come from ``TABLES``.

Column order is the output contract: a new column goes at the end of its table. Adding a table
is one ``Table`` here plus its row builder in ``rows.py`` (README: "Adding an output table").
"""
from __future__ import annotations

from dataclasses import dataclass

TYPES = ("text", "int", "date")  # date: a date in Parquet, YYYY-MM-DD text in the CSV


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # one of TYPES
    doc: str
    references: str = ""  # the table whose key this column holds (a foreign key in `zhnews export`)


@dataclass(frozen=True)
class Table:
    name: str
    row: str  # what one row is
    columns: tuple[Column, ...]
    key: str = ""  # the column that identifies a row ("" when none does)
    linked: bool = False  # needs entity linking across the whole batch (not built from one document's rows alone)
    # `zhnews diff`: the columns that say where a row is (path comes from documents) and the ones
    # whose change it reports; a table without them is not compared
    diff_where: tuple[str, ...] = ()
    diff_fields: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _columns(*specs: tuple) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


_DOC_ID = ("doc_id", "text", "the document the row belongs to", "documents")
_SPAN = (("sentence_id", "int", "number of the sentence in the document, from 0"),
         ("start", "int", "character offset where the span starts in the original text (front matter included)"),
         ("end", "int", "character offset where the span ends: original[start:end] == text"),
         ("text", "text", "the span in the original script"),
         ("text_simplified", "text", "the span as the rules saw it (simplified)"))

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("documents", "input file or record, **including the ones that failed**", _columns(
        ("doc_id", "text", "stable id: a hash of the path (and record number)"),
        ("path", "text", "path relative to the corpus folder"),
        ("title", "text", "metadata title, else the first line of the text"),
        ("source", "text", "publisher, from metadata or the byline"),
        ("author", "text", "author, from metadata or the byline"),
        ("published", "date", "publication date; relative dates resolve against it"),
        ("script", "text", "detected script: simplified, traditional(-tw/-hk), mixed or none"),
        ("encoding", "text", "encoding the file was decoded from"),
        ("chars", "int", "characters of the decoded text"),
        ("sentences", "int", "sentences found"),
        ("replacement_chars", "int", "undecodable bytes replaced by U+FFFD"),
        ("noise_removed", "int", "characters the noise rules removed"),
        ("status", "text", "ok, partial, failed or skipped"),
        ("error", "text", "why a document failed or is partial, and what to do"),
        ("url", "text", "metadata url"),
        ("editor", "text", "editor named in the byline"),
        ("conversion", "text", "OpenCC conversion applied (t2s, tw2s, hk2s, tw2sp or none)"),
        ("noise_detail", "text", "characters removed per noise rule (rule=n ...)"),
        ("content_hash", "text", "hash of the file (or record) the offsets point into"),
        ("record", "int", "number of the record in a .jsonl/.csv/.parquet file"),
        ("record_id", "text", "the record's own id field"),
        ("warning", "text", "what to check in a processed article (a missing published date ...)"),
    ), key="doc_id"),
    Table("mentions", "person / organisation / named-event mention", _columns(
        _DOC_ID,
        ("mention_id", "text", "id of the mention: doc_id-mNNNN"),
        *_SPAN,
        ("label", "text", "PERSON, ORG or EVENT"),
        ("entity_id", "text", "the entity the mention was linked to", "entities"),
        ("canonical_name", "text", "canonical name of that entity"),
        ("rule_id", "text", "the rule that found the mention"),
    ), key="mention_id", linked=True, diff_where=("path", "start", "end"),
        diff_fields=("label", "canonical_name", "text_simplified")),
    Table("entities", "real-world entity (all its mentions, all documents)", _columns(
        ("entity_id", "text", "stable id of the entity"),
        ("label", "text", "PERSON, ORG or EVENT"),
        ("canonical_name", "text", "the gazetteer's canonical name, else the most complete form seen"),
        ("aliases", "text", "the forms seen, separated by |"),
        ("mention_count", "int", "mentions linked to the entity"),
        ("doc_count", "int", "documents that mention it"),
    ), key="entity_id", linked=True),
    Table("dates", "time expression", _columns(
        _DOC_ID,
        ("date_id", "text", "id of the expression: doc_id-dNNNN"),
        *_SPAN,
        ("type", "text", "TIMEX3 type: DATE, DURATION, SET or TIME"),
        ("value", "text", "TIMEX3 value (ISO 8601), empty when it cannot be resolved"),
        ("mod", "text", "TIMEX3 mod: APPROX, START, MID, END, MORE_THAN, LESS_THAN"),
        ("anchor", "text", "the date a relative expression was resolved against"),
        ("rule_id", "text", "the date pattern that matched"),
        ("start_date", "date", "first calendar day the value denotes"),
        ("end_date", "date", "last calendar day the value denotes"),
        ("note", "text", "why the value is empty although the expression was read"),
    ), key="date_id", diff_where=("path", "start", "end"), diff_fields=("type", "value", "mod", "anchor")),
    Table("events", "event record", _columns(
        _DOC_ID,
        ("event_id", "text", "id of the record: doc_id-eNNNN"),
        ("sentence_id", "int", "number of the trigger's sentence"),
        ("type", "text", "event type, e.g. personnel.depart"),
        ("trigger", "text", "the trigger word in the original script"),
        ("trigger_start", "int", "offset of the trigger in the original text"),
        ("trigger_end", "int", "end offset of the trigger"),
        ("date_value", "text", "TIMEX3 value of the event's date"),
        ("sentence", "text", "the trigger's sentence in the original script"),
        ("rule_id", "text", "the event rule: type:trigger"),
        ("modality", "text", "asserted, scheduled, negated, hypothetical, planned or reported_denial"),
        ("trigger_simplified", "text", "the trigger as the rules saw it"),
        ("sentence_simplified", "text", "the sentence as the rules saw it"),
        ("date_source", "text", "where the date came from: clause or sentence of the trigger"),
    ), key="event_id", diff_where=("path", "type", "trigger_start", "trigger_end"),
        diff_fields=("date_value", "modality", "arguments")),
    Table("event_arguments", "argument of an event", _columns(
        _DOC_ID,
        ("event_id", "text", "the event record", "events"),
        ("role", "text", "person, org, to_org, product, role or date"),
        ("mention_id", "text", "the mention the argument is, if one", "mentions"),
        ("date_id", "text", "the date expression the argument is, if one", "dates"),
        ("text", "text", "the argument in the original script"),
        ("entity_id", "text", "the entity of its mention", "entities"),
        ("start", "int", "offset of the argument in the original text"),
        ("end", "int", "end offset of the argument"),
        ("text_simplified", "text", "the argument as the rules saw it"),
        ("rule_id", "text", "the event rule"),
    ), linked=True),
    Table("facts", "event record, arguments as columns: the analyst's table", _columns(
        _DOC_ID,
        ("event_id", "text", "the event record", "events"),
        ("type", "text", "event type"),
        ("modality", "text", "as in events: filter on asserted for facts"),
        ("trigger", "text", "the trigger word"),
        ("person", "text", "PERSON mentions, joined with 、"),
        ("person_entity_id", "text", "their entities, joined with ;"),
        ("org", "text", "ORG mentions (the acting organisation, or the one left)"),
        ("org_entity_id", "text", "their entities"),
        ("to_org", "text", "ORG mentions joined, founded, acquired or invested in"),
        ("to_org_entity_id", "text", "their entities"),
        ("org_source", "text", "explicit (the event's own phrases), sentence (its sentence's topic or nearest organisation) or inferred (the article's subject organisation)"),
        ("role", "text", "titles, without trailing particles"),
        ("product", "text", "products, never a bare classifier or quantity"),
        ("date_value", "text", "TIMEX3 value of the event's date"),
        ("start_date", "date", "first calendar day of the date"),
        ("end_date", "date", "last calendar day of the date"),
        ("date_source", "text", "clause, sentence or published"),
        ("sentence", "text", "the trigger's sentence"),
        ("rule_id", "text", "the event rule"),
    ), linked=True),
)}

TABLE_NAMES = tuple(TABLES)
COLUMNS: dict[str, list[str]] = {name: table.names for name, table in TABLES.items()}


def _typed(kind: str) -> frozenset[str]:
    names = {c.name for t in TABLES.values() for c in t.columns if c.type == kind}
    # the tables stage types cells by column name (a Parquet file does not know its table): one
    # name must have one type in every table
    clash = names & {c.name for t in TABLES.values() for c in t.columns if c.type != kind}
    if clash:
        raise ValueError(f"columns {sorted(clash)} have the type {kind} in one table and another elsewhere")
    return frozenset(names)


INT_COLUMNS = _typed("int")
DATE_COLUMNS = _typed("date")  # ISO dates: a date type in Parquet, YYYY-MM-DD text in the CSV
PLAIN_TABLES = tuple(name for name, table in TABLES.items() if not table.linked)  # built without entity linking


def primary_keys() -> dict[str, str]:
    return {name: table.key for name, table in TABLES.items() if table.key}


def foreign_keys() -> dict[str, list[tuple[str, str]]]:
    """table -> [(column, table it points to)], in column order."""
    return {name: [(c.name, c.references) for c in table.columns if c.references]
            for name, table in TABLES.items() if any(c.references for c in table.columns)}


# --- documentation -------------------------------------------------------------------------------
DOC_BEGIN = "<!-- tables: generated from pipeline/schema.py; do not edit by hand -->"
DOC_END = "<!-- end tables -->"


def markdown() -> str:
    """The README's table reference: one line per table, then every column with its description."""
    lines = ["| table | one row per | columns |", "|---|---|---|"]
    for table in TABLES.values():
        lines.append(f"| `{table.name}` | {table.row} | {', '.join(table.names)} |")
    for table in TABLES.values():
        lines += ["", f"<details><summary><code>{table.name}</code> columns</summary>", "",
                  "| column | type | what |", "|---|---|---|"]
        for column in table.columns:
            points = f" (→ `{column.references}`)" if column.references else ""
            lines.append(f"| `{column.name}` | {column.type} | {column.doc}{points} |")
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def sync_doc(text: str) -> str:
    """``text`` (the README) with its generated table reference replaced by the current one."""
    i, j = text.find(DOC_BEGIN), text.find(DOC_END)
    if i < 0 or j < i:
        raise ValueError(f"no table reference in the README: add the lines {DOC_BEGIN} and {DOC_END}")
    return text[:i] + DOC_BEGIN + "\n" + markdown() + DOC_END + text[j + len(DOC_END):]


if __name__ == "__main__":  # python -m zhnews.schema: rewrite the README's table reference
    from pathlib import Path

    readme = Path(__file__).resolve().parent.parent / "README.md"
    readme.write_text(sync_doc(readme.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote the table reference of {readme}")
