"""Table rows: a document's extraction -> its rows of every table -> the batch's DataFrames.

Per document (in a worker), ``document_row`` and ``build_rows`` turn normalized-offset matches into
rows in their table's column order (``schema.COLUMNS``): tuples, compact to pickle and to hold for
big batches, with original offsets and both scripts. Once every document is done, ``gather``
collects them table by table and ``link_rows`` links the entities across the batch; ``assemble``
gives the DataFrames (``tables.frame``).

Adding an output table: its ``Table`` in ``schema.TABLES`` and its row builder here, registered
with ``@row_builder(name)`` (a function of the ``DocumentRows`` of one document returning its
rows); a table naming entities gets its entity ids in ``link_rows``.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from .entities import document_links, link_entities
from .facts import ID_COLUMNS, FactRules, fact_rows, link_facts
from .ingest import RawDocument
from .normalize import Normalized
from .records import Extraction
from .schema import COLUMNS, PLAIN_TABLES, TABLE_NAMES
from .timex import bounds

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class DocumentOutput:
    doc_id: str
    document: dict
    rows: dict[str, list[tuple]] = field(default_factory=dict)


# --- documents -------------------------------------------------------------------------------------

def missing_published_warning(raw: RawDocument, default_anchor: str) -> str:
    """The ``warning`` of an article without a publication date: its relative dates resolve against
    --anchor, or stay without a value."""
    if raw.metadata.get("published"):
        return ""
    if default_anchor:
        return f"no published date: relative dates resolved against --anchor {default_anchor}"
    return ("no published date: relative dates (今年2月, 上个月, 周二) have no value; "
            "add 'published' to the article's metadata or run with --anchor YYYY-MM-DD")


def document_row(raw: RawDocument, norm: Normalized | None, n_sentences: int, warning: str = "") -> dict:
    meta = raw.metadata
    fields = norm.fields if norm else {}
    title = meta.get("title", "")
    if not title and norm is not None:
        first = norm.text.lstrip().split("\n", 1)[0].strip()
        if first:
            start = norm.text.index(first)
            a, b = norm.to_original(start, start + len(first))
            title = raw.text[a:b].strip()
    published = meta.get("published", "")
    return {
        "doc_id": raw.doc_id, "path": raw.path, "title": title,
        "source": meta.get("source") or fields.get("source", ""), "author": meta.get("author") or fields.get("author", ""),
        "published": published, "script": norm.script if norm else "", "encoding": raw.encoding,
        "chars": len(raw.text), "sentences": n_sentences,
        "replacement_chars": norm.replacement_chars if norm else 0, "noise_removed": norm.noise_removed if norm else 0,
        "status": raw.status, "error": raw.error, "url": meta.get("url", ""), "editor": fields.get("editor", ""),
        "conversion": norm.conversion if norm else "",
        "noise_detail": " ".join(f"{k}={v}" for k, v in norm.noise_detail.items()) if norm else "",
        "content_hash": raw.content_hash, "record": raw.record, "record_id": meta.get("id", ""), "warning": warning,
    }


def failed_output(raw: RawDocument) -> DocumentOutput:
    """The output of a document that was not processed: its ``documents`` row alone."""
    return DocumentOutput(raw.doc_id, document_row(raw, None, 0))


# --- the rows of one document --------------------------------------------------------------------

class DocumentRows:
    """One document's extraction with what its row builders share: offsets mapped back to the
    original text, sentence numbers, the ids given so far and the rows built so far."""

    def __init__(self, raw: RawDocument, norm: Normalized, sentence_starts: list[int], extraction: Extraction,
                 facts: FactRules):
        self.raw, self.norm, self.extraction, self.fact_rules = raw, norm, extraction, facts
        self.doc_id = raw.doc_id
        self.sentence_starts = sentence_starts
        self.rows: dict[str, list] = {}
        self.mention_ids: list[str] = []
        self.date_ids: list[str] = []
        self.event_ids: list[str] = []
        self.event_sentences: list[str] = []  # each event's sentence in the original script, stripped

    def sentence_of(self, pos: int) -> int:
        return max(bisect.bisect_right(self.sentence_starts, pos) - 1, 0)

    def span(self, start: int, end: int) -> tuple[int, int, str, str]:
        """(original start, original end, original text, simplified text) of a normalized span."""
        a, b = self.norm.to_original(start, end)
        text, simple = self.raw.text[a:b], self.norm.text[start:end]
        # one object when both scripts agree (most text): pickled once on its way out of a worker
        return a, b, text, text if simple == text else simple


RowBuilder = Callable[[DocumentRows], list]
ROW_BUILDERS: dict[str, RowBuilder] = {}  # table -> builder, run in this order (later ones read earlier ids)


def row_builder(table: str) -> Callable[[RowBuilder], RowBuilder]:
    """Register the function that builds ``table``'s rows of one document."""
    def register(func: RowBuilder) -> RowBuilder:
        ROW_BUILDERS[table] = func
        return func

    return register


# Mentions carry three linking fields until entity linking replaces them with entity_id/canonical_name.
MENTION_LINKED = ("entity_id", "canonical_name")
MENTION_ROW = [c for c in COLUMNS["mentions"] if c not in MENTION_LINKED] + ["canonical", "aliases", "node"]
# Row cells that hold a tuple (the aliases of a mention, the mention ids of a fact's person / org /
# to_org); every other cell is a str, int or None (the stage cache checks them).
TUPLE_CELLS = {"mentions": (MENTION_ROW.index("aliases"),),
               "facts": tuple(COLUMNS["facts"].index(c) for c in ID_COLUMNS)}


@row_builder("mentions")
def mention_rows(doc: DocumentRows) -> list[tuple]:
    """Mentions in MENTION_ROW order; also the document's share of entity linking (``links``), done
    here, in the worker: only the joins across documents are left for the (serial) assembly."""
    mentions, link_forms = [], []
    for k, m in enumerate(doc.extraction.entities):
        a, b, text, simp = doc.span(m.start, m.end)
        mention_id = f"{doc.doc_id}-m{k:04d}"
        doc.mention_ids.append(mention_id)
        aliases = tuple(m.aliases)
        mentions.append((doc.doc_id, mention_id, doc.sentence_of(m.start), a, b, text, simp, m.label, m.rule_id,
                         m.canonical, aliases))
        link_forms.append((text, simp, m.label, m.canonical, aliases))
    nodes, doc.rows["links"] = document_links(link_forms)
    return [row + (node,) for row, node in zip(mentions, nodes)]


@row_builder("dates")
def date_rows(doc: DocumentRows) -> list[tuple]:
    rows = []
    for k, d in enumerate(doc.extraction.dates):
        a, b, text, simp = doc.span(d.start, d.end)
        date_id = f"{doc.doc_id}-d{k:04d}"
        doc.date_ids.append(date_id)
        rows.append((doc.doc_id, date_id, doc.sentence_of(d.start), a, b, text, simp, d.type, d.value, d.mod, d.anchor,
                     d.rule_id, *(day or "" for day in bounds(d.value)), d.note))  # "" for no days, like other text cells
    return rows


@row_builder("events")
def event_rows(doc: DocumentRows) -> list[tuple]:
    ex, starts, simplified = doc.extraction, doc.sentence_starts, doc.norm.text
    ends = starts[1:] + [len(simplified)]
    rows = []
    for k, e in enumerate(ex.events):
        event_id = f"{doc.doc_id}-e{k:04d}"
        a, b, trigger, trigger_simp = doc.span(e.trigger_start, e.trigger_end)
        sid = doc.sentence_of(e.trigger_start)
        s_start, s_end = (starts[sid], ends[sid]) if starts else (0, len(simplified))
        _, _, sentence, sentence_simp = doc.span(s_start, s_end)
        date_value = ex.dates[e.date_index].value if e.date_index is not None else ""
        doc.event_ids.append(event_id)
        doc.event_sentences.append(sentence.strip())
        rows.append((doc.doc_id, event_id, sid, e.type, trigger, a, b, date_value, doc.event_sentences[-1], e.rule_id,
                     e.modality, trigger_simp, sentence_simp.strip(), e.date_source))
    return rows


@row_builder("event_arguments")
def argument_rows(doc: DocumentRows) -> list[tuple]:
    """Arguments with their mention and date ids; entity_id stays empty until linking."""
    rows = []
    for event_id, e in zip(doc.event_ids, doc.extraction.events):
        for arg in e.arguments:
            a, b, text, simp = doc.span(arg.start, arg.end)
            rows.append((doc.doc_id, event_id, arg.role,
                         doc.mention_ids[arg.entity_index] if arg.entity_index is not None else "",
                         doc.date_ids[arg.date_index] if arg.date_index is not None else "",
                         text, "", a, b, simp, e.rule_id))
    return rows


@row_builder("facts")
def fact_table_rows(doc: DocumentRows) -> list[tuple]:
    """Facts with mention ids in the entity-id columns (see facts.link_facts)."""
    return fact_rows(doc.doc_id, doc.event_ids, doc.extraction, lambda s, e: doc.span(s, e)[2], doc.mention_ids,
                     doc.event_sentences, doc.norm.text, doc.raw.metadata.get("published") or "", doc.fact_rules)


def build_rows(raw: RawDocument, norm: Normalized, sentence_starts: list[int], ex: Extraction,
               facts: FactRules) -> dict[str, list[tuple]]:
    """Every table's rows of one document (and ``links``, its part of entity linking)."""
    doc = DocumentRows(raw, norm, sentence_starts, ex, facts)
    for table, build in ROW_BUILDERS.items():
        doc.rows[table] = build(doc)
    return doc.rows


# --- the batch ------------------------------------------------------------------------------------

def gather(outputs: list[DocumentOutput]) -> dict[str, list]:
    """The rows of every document, table by table, documents in path order (empties ``outputs``)."""
    outputs.sort(key=lambda o: (o.document["path"], o.document.get("record") or 0))
    per_document = ("links", *ROW_BUILDERS)
    rows: dict[str, list] = {name: [] for name in per_document}
    for output in outputs:
        for name in per_document:
            rows[name].extend(output.rows.get(name, ()))
    rows["documents"] = [o.document for o in outputs]
    outputs.clear()
    return rows


def assemble(outputs: list[DocumentOutput]) -> dict[str, pd.DataFrame]:
    """Per-document rows -> the tables, in a stable order (documents by path, rows by offset).

    Consumes ``outputs`` (the list is emptied) so rows and tables are not both held in memory."""
    rows = gather(outputs)
    frames = plain_frames(rows)
    frames.update(linked_frames(rows))
    return {name: frames[name] for name in TABLE_NAMES}


def plain_frames(rows: dict[str, list]) -> dict[str, pd.DataFrame]:
    """The tables that need no entity linking (schema: not ``linked``); consumes their rows."""
    # pandas is imported here, not at the top: with --jobs it is loaded on a thread while the
    # forked workers run (see run_corpus), so the import does not delay the end of the run.
    from . import tables

    # each table's rows are let go once framed (``rows`` loses them), as in linked_frames
    return {name: tables.frame(name, rows.pop(name)) for name in PLAIN_TABLES}


def linked_frames(rows: dict[str, list]) -> dict[str, pd.DataFrame]:
    """The linked tables: entity linking across the whole batch (consumes the mention, link,
    argument and fact rows)."""
    from . import tables

    linked = link_rows(rows)
    frames = {}
    for name in [n for n in TABLE_NAMES if n in linked]:  # one at a time, each table's rows let go once framed
        frames[name] = tables.frame(name, linked.pop(name))  # frame() keeps the contract's columns
    return frames


def link_rows(rows: dict[str, list]) -> dict[str, "list | dict | pd.DataFrame"]:
    """Entity linking across the batch: the mention columns with entity_id and canonical_name, the
    entities table, argument rows and fact rows naming their mentions' entities. Consumes the
    mention, link, argument and fact rows."""
    mentions = rows.pop("mentions")
    columns = dict(zip(MENTION_ROW, map(list, zip(*mentions)))) if mentions else {c: [] for c in MENTION_ROW}
    del mentions
    entity_ids, names, entities = link_entities(
        columns["doc_id"], columns["text"], columns["text_simplified"], columns["label"], columns["canonical"],
        columns["aliases"], columns["node"], rows.pop("links"))
    columns["entity_id"], columns["canonical_name"] = entity_ids, names
    entity_of = dict(zip(columns["mention_id"], entity_ids))
    # an argument that is a mention names the mention's entity
    mention_at, entity_at = COLUMNS["event_arguments"].index("mention_id"), COLUMNS["event_arguments"].index("entity_id")
    arguments = [row[:entity_at] + (entity_of.get(row[mention_at], ""),) + row[entity_at + 1:] if row[mention_at] else row
                 for row in rows.pop("event_arguments")]
    facts = link_facts(rows.pop("facts"), entity_of, COLUMNS["facts"])
    return {"mentions": columns, "entities": entities, "event_arguments": arguments, "facts": facts}
