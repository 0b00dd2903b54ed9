"""Batch runner: ingest -> normalize -> segment -> extract -> tables over a corpus folder.

Per document, each stage's result is cached in ``OUT/.cache/zhnews.sqlite`` under a key made of
the file's content hash, its metadata and the fingerprint of the rule files that stage reads. A rerun
therefore redoes only what is stale: new or edited articles go through every stage; after an edit to
extraction rules, cached segmentations are reused; after a lexicon edit, documents are re-segmented.
Documents are independent until entity linking, which runs over the whole corpus at the end.
"""
from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import functools
import gc
import hashlib
import json
import multiprocessing as mp
import os
import signal
import sqlite3
import sys
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

if TYPE_CHECKING:
    import pandas as pd

from .entities import document_links, link_entities
from .facts import fact_rows, link_facts
from .extractor import STAGES, Extractor, extract_fingerprint, segment_fingerprint
from .cache_codec import CacheCorrupt, deserialise, serialise
from .ingest import (DEFAULT_MAX_BYTES, InputRefused, RawDocument, discover, display_path, make_doc_id,
                     read_bounded, read_manifests, scan)
from .normalize import Normalized, NormalizeRules, normalize_text
from .records import Extraction
from . import outdir, rule_changes
from .outdir import RunLock
from .rules import DEFAULT_RULES_DIR, fingerprint, unexpected_rule_value
from .segment import DEFAULT_ENGINE, DOCBIN_ATTRS, Segmenter, Tokens
from . import sources
from .timex import bounds

CACHE_VERSION = "7"  # bump when the cached blobs change form (or segmentation changes)


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of zhnews' own source: a cache written by another version of the code (an upgrade, a
    local edit) is never reused, even where the cached rows would have the same form."""
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Settings:
    rules_dir: Path = DEFAULT_RULES_DIR
    engine: str = DEFAULT_ENGINE
    conversion: str = "auto"
    default_anchor: str = ""  # ISO date for documents without a published date
    max_bytes: int = DEFAULT_MAX_BYTES
    outside_links: bool = False  # follow symbolic links that lead out of the corpus
    columns: str = ""  # column names of record files, as --columns: text=body,published=date

    def key(self) -> str:
        return json.dumps({k: str(v) for k, v in asdict(self).items() if k != "rules_dir"}, sort_keys=True)


@dataclass
class Segmented:
    """What the normalize and segment stages leave for extraction (the cached unit)."""

    raw: RawDocument
    normalized: Normalized | None
    tokens: tuple | None = None  # Tokens.pack()


@dataclass
class DocumentOutput:
    doc_id: str
    document: dict
    rows: dict[str, list[tuple]] = field(default_factory=dict)


def all_rules_fingerprint(rules_dir: Path) -> str:
    return fingerprint([p for p in rules_dir.rglob("*") if p.is_file()]) if rules_dir.is_dir() else ""


# --- one document ---------------------------------------------------------------------------------

class DocumentProcessor:
    """Holds the compiled rules and engines; one per process."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.normalize_rules = NormalizeRules.from_rules(settings.rules_dir)
        self.segmenter = Segmenter.from_rules(settings.rules_dir, settings.engine)
        self.extractor = Extractor.from_rules(settings.rules_dir)

    def segment(self, raw: RawDocument) -> tuple[Segmented, Tokens | None]:
        if raw.status == "failed":
            return Segmented(raw, None), None
        normalized = normalize_text(raw.visible or raw.text, self.normalize_rules, self.settings.conversion, raw.body_start)
        body = len(raw.text) - raw.body_start
        if body and normalized.noise_removed > body / 2:
            raw.warn(f"noise rules removed {normalized.noise_removed} of {body} characters "
                     f"({normalized.noise_removed / body:.0%}: {' '.join(f'{k}={v}' for k, v in normalized.noise_detail.items())}); "
                     "check the rules in rules/normalize/noise.yaml against this article")
        return Segmented(raw, normalized), self.segmenter.segment(normalized.text)

    def extract(self, seg: Segmented, tokens: Tokens | None = None, previous: Extraction | None = None,
                redo: frozenset[str] = STAGES) -> tuple[DocumentOutput, Extraction | None]:
        raw, norm = seg.raw, seg.normalized
        if norm is None:
            return DocumentOutput(raw.doc_id, document_row(raw, None, 0)), None
        if tokens is None:
            tokens = Tokens.unpack(norm.text, seg.tokens)
        anchor_text = raw.metadata.get("published") or self.settings.default_anchor
        anchor = dt.date.fromisoformat(anchor_text) if anchor_text else None
        extraction = self.extractor.extract(tokens, anchor, previous, redo)
        sentence_starts = [start for start, _end in tokens.sentences()]
        row = document_row(raw, norm, len(sentence_starts), missing_published_warning(raw, self.settings.default_anchor))
        return DocumentOutput(raw.doc_id, row, build_rows(raw, norm, sentence_starts, extraction)), extraction


def missing_published_warning(raw: RawDocument, default_anchor: str) -> str:
    """The ``warning`` of an article without a publication date: its relative dates (今年2月,
    上个月) resolve against --anchor, or stay without a value."""
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


# Mentions carry three linking fields until entity linking replaces them with entity_id/canonical_name.
MENTION_ROW = ["doc_id", "mention_id", "sentence_id", "start", "end", "text", "text_simplified", "label", "rule_id",
               "canonical", "aliases", "node"]


def build_rows(raw: RawDocument, norm: Normalized, sentence_starts: list[int], ex: Extraction) -> dict[str, list[tuple]]:
    """Turn normalized-offset matches into table rows (tuples in table column order, compact for big
    batches) with original offsets and both scripts."""
    original, simplified = raw.text, norm.text
    doc_id = raw.doc_id

    def sentence_of(pos: int) -> int:
        return max(bisect.bisect_right(sentence_starts, pos) - 1, 0)

    def span(start: int, end: int) -> tuple[int, int, str, str]:
        a, b = norm.to_original(start, end)
        text, simple = original[a:b], simplified[start:end]
        # one object when both scripts agree (most text): pickled once on its way out of a worker
        return a, b, text, text if simple == text else simple

    mentions, mention_ids, link_forms = [], [], []
    for k, m in enumerate(ex.entities):
        a, b, text, simp = span(m.start, m.end)
        mention_id = f"{doc_id}-m{k:04d}"
        mention_ids.append(mention_id)
        aliases = tuple(m.aliases)
        mentions.append((doc_id, mention_id, sentence_of(m.start), a, b, text, simp, m.label, m.rule_id,
                         m.canonical, aliases))
        link_forms.append((text, simp, m.label, m.canonical, aliases))
    # the document's share of entity linking is done here, in the worker; only the joins across
    # documents are left for the (serial) assembly
    nodes, links = document_links(link_forms)
    mentions = [row + (node,) for row, node in zip(mentions, nodes)]
    dates, date_ids = [], []
    for k, d in enumerate(ex.dates):
        a, b, text, simp = span(d.start, d.end)
        date_id = f"{doc_id}-d{k:04d}"
        date_ids.append(date_id)
        dates.append((doc_id, date_id, sentence_of(d.start), a, b, text, simp, d.type, d.value, d.mod, d.anchor, d.rule_id,
                      *(day or "" for day in bounds(d.value)), d.note))  # "" for no days, like other text cells
    events, arguments, event_ids, event_sentences = [], [], [], []
    sentence_ends = sentence_starts[1:] + [len(simplified)]
    for k, e in enumerate(ex.events):
        event_id = f"{doc_id}-e{k:04d}"
        a, b, trigger, trigger_simp = span(e.trigger_start, e.trigger_end)
        sid = sentence_of(e.trigger_start)
        s_start, s_end = (sentence_starts[sid], sentence_ends[sid]) if sentence_starts else (0, len(simplified))
        _, _, sentence, sentence_simp = span(s_start, s_end)
        date_value = ex.dates[e.date_index].value if e.date_index is not None else ""
        event_ids.append(event_id)
        event_sentences.append(sentence.strip())
        events.append((doc_id, event_id, sid, e.type, trigger, a, b, date_value, event_sentences[-1], e.rule_id,
                       e.modality, trigger_simp, sentence_simp.strip(), e.date_source))
        for arg in e.arguments:
            aa, ab, text, simp = span(arg.start, arg.end)
            arguments.append((doc_id, event_id, arg.role,
                              mention_ids[arg.entity_index] if arg.entity_index is not None else "",
                              date_ids[arg.date_index] if arg.date_index is not None else "",
                              text, "", aa, ab, simp, e.rule_id))
    facts = fact_rows(doc_id, event_ids, ex, lambda s, e: span(s, e)[2], mention_ids,
                      event_sentences, simplified, raw.metadata.get("published") or "")
    return {"mentions": mentions, "links": links, "dates": dates, "events": events, "event_arguments": arguments,
            "facts": facts}


# --- cache ----------------------------------------------------------------------------------------

class StageCache:
    """SQLite file with, per document, the segmented form, the normalized text and the extracted rows
    under their keys; and the extraction rule files of the last run (to narrow a rule edit down to
    the documents it can change)."""

    SCHEMA = 5  # bump when the tables change form: an older file is emptied, not misread

    def __init__(self, path: Path | None):
        self.path = path
        self.db = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path)
            if self.db.execute("PRAGMA user_version").fetchone()[0] != self.SCHEMA:
                self.db.execute("DROP TABLE IF EXISTS docs")
                self.db.execute("DROP TABLE IF EXISTS rule_files")
                self.db.execute(f"PRAGMA user_version = {self.SCHEMA}")
            self.db.execute("CREATE TABLE IF NOT EXISTS docs (doc_id TEXT PRIMARY KEY, seg_key TEXT, seg BLOB,"
                            " ext_key TEXT, output BLOB, text TEXT, matches BLOB, probe TEXT)")
            self.db.execute("CREATE TABLE IF NOT EXISTS rule_files (path TEXT PRIMARY KEY, content BLOB)")

    def keys(self) -> dict[str, tuple[str, str]]:
        """doc_id -> (seg_key, ext_key) of every cached document (blobs are read only when needed)."""
        if self.db is None:
            return {}
        return {d: (s, e) for d, s, e in self.db.execute("SELECT doc_id, seg_key, ext_key FROM docs")}

    def column(self, doc_id: str, name: str):
        """One cached value of a document: its output, seg, text, probe (the squeezed text) or
        matches blob; None when absent."""
        if name not in ("output", "seg", "text", "probe", "matches"):
            raise ValueError(f"no cache column {name!r}")
        row = self.db.execute(f"SELECT {name} FROM docs WHERE doc_id=?", (doc_id,)).fetchone()
        return row[0] if row else None

    def put(self, doc_id: str, seg_key: str, seg: bytes | None, ext_key: str, output: bytes, text: str | None,
            matches: bytes | None, probe: str | None) -> None:
        if self.db is None:
            return
        if seg is None:
            self.db.execute("UPDATE docs SET ext_key=?, output=?, matches=? WHERE doc_id=?",
                            (ext_key, output, matches, doc_id))
        else:
            self.db.execute("INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            (doc_id, seg_key, seg, ext_key, output, text, matches, probe))

    def set_ext_key(self, doc_id: str, ext_key: str) -> None:
        self.db.execute("UPDATE docs SET ext_key=? WHERE doc_id=?", (ext_key, doc_id))

    def rule_files(self) -> dict[str, bytes]:
        if self.db is None:
            return {}
        return dict(self.db.execute("SELECT path, content FROM rule_files"))

    def set_rule_files(self, files: dict[str, bytes]) -> None:
        if self.db is None:
            return
        self.db.execute("DELETE FROM rule_files")
        self.db.executemany("INSERT INTO rule_files VALUES (?, ?)", sorted(files.items()))

    def keep_only(self, doc_ids: set[str]) -> None:
        if self.db is None:
            return
        stale = [d for (d,) in self.db.execute("SELECT doc_id FROM docs") if d not in doc_ids]
        self.db.executemany("DELETE FROM docs WHERE doc_id=?", [(d,) for d in stale])

    def commit(self) -> None:
        if self.db is not None:
            self.db.commit()

    def close(self) -> None:
        if self.db is not None:
            self.db.commit()
            self.db.close()


# --- batch ----------------------------------------------------------------------------------------

@dataclass
class RunSummary:
    documents: int = 0
    ok: int = 0
    partial: int = 0
    failed: int = 0
    skipped: int = 0
    reused: int = 0
    resegmented: int = 0
    reextracted: int = 0
    counts: dict[str, Counter] = field(default_factory=dict)
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    out_dir: Path | None = None
    rule_change: str = ""  # what the extraction-rule edit since the last run touched
    no_published: int = 0  # processed articles without a publication date (documents.warning says so)
    phases: dict[str, float] = field(default_factory=dict)  # seconds: setup, documents, tables, write


_WORKER: DocumentProcessor | None = None
_WORKER_KEY: tuple | None = None


def _init_worker(settings: Settings) -> None:
    """Compile the rules once per process; again only when the settings or any rule file changed."""
    global _WORKER, _WORKER_KEY
    key = (settings, all_rules_fingerprint(settings.rules_dir))
    if _WORKER is None or _WORKER_KEY != key:
        _WORKER = DocumentProcessor(settings)
        _WORKER_KEY = key


def _init_pool_worker(settings: Settings) -> None:
    # Ctrl-C reaches the whole process group: the main process alone handles it (and ends the
    # pool), so the workers print no traceback fragments.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_worker(settings)


def _work(task: tuple) -> tuple:
    """Run the stale stages of one document; whatever goes wrong becomes that document's failed row.

    Returns (doc_id, new segmented blob or None, output, output blob or None, normalized text or
    None, extraction blob or None, squeezed text or None). Blobs are the cache's JSON
    (cache_codec); in a worker process the output travels back pickled by multiprocessing."""
    kind, payload, doc_id, rel, caching = task
    try:
        return _stages(kind, payload, caching)
    except Exception as exc:  # noqa: BLE001 - the per-document firewall: the batch goes on
        raw = RawDocument(doc_id=doc_id, path=display_path(rel))
        raw.fail(f"could not be processed ({type(exc).__name__}: {str(exc)[:300]}); the other articles are not "
                 "affected: check the file, and report it with the file if it looks like an ordinary article")
        return doc_id, None, DocumentOutput(doc_id, document_row(raw, None, 0)), None, None, None, None


def _stages(kind: str, payload: tuple, caching: bool) -> tuple:
    text, probe, previous, redo = None, None, None, STAGES
    seg = None
    if kind == "extract":
        cached_seg, matches_blob, redo, full = payload
        try:
            seg = deserialise("segmented", cached_seg)
            previous = deserialise("extraction", matches_blob) if matches_blob is not None else None
        except CacheCorrupt:
            seg, previous, redo, payload = None, None, STAGES, full
    seg_blob, tokens = None, None
    if seg is None:
        read, meta, max_bytes = payload  # read(meta, max_bytes) -> RawDocument, from a disk or a store
        raw = read(meta, max_bytes)
        seg, tokens = _WORKER.segment(raw)
        if caching:
            seg.tokens = tokens.pack() if tokens is not None else None
            seg_blob = serialise("segmented", seg)
            text = seg.normalized.text if seg.normalized is not None else ""
            probe = rule_changes.squeeze(text)
    output, extraction = _WORKER.extract(seg, tokens, previous, redo)
    blob = serialise("output", output) if caching else None
    matches = serialise("extraction", extraction) if caching and extraction else None
    return output.doc_id, seg_blob, output, blob, text, matches, probe


def run_corpus(corpus: Path, out_dir: Path, settings: Settings = Settings(), jobs: int = 1,
               progress: bool | None = None, use_cache: bool = True, write: bool = True,
               table_format: str = "csv") -> tuple[RunSummary, dict[str, pd.DataFrame]]:
    """Process every article under ``corpus`` and write the seven tables to ``out_dir``, all of
    them or none (see outdir), holding ``out_dir``'s lock (``table_format``: see ``tables.write_output``)."""
    started = time.perf_counter()
    try:
        _init_worker(settings)  # compiles every rule file first: a bad rule stops the run before any work
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise unexpected_rule_value(settings.rules_dir, exc) from None
    lock = RunLock(out_dir).acquire() if write or use_cache else None  # and OUT is writable
    try:
        return _run_corpus(corpus, out_dir, settings, jobs, progress, use_cache, write, started, table_format)
    finally:
        if lock is not None:
            lock.release()


def add_refused(outputs: dict, rel: str, status: str, why: str) -> None:
    """The ``documents`` row of an input that was not read: every input gets one all the same."""
    raw = RawDocument(doc_id=make_doc_id(rel), path=display_path(rel), status=status, error=why)
    outputs[raw.doc_id] = DocumentOutput(raw.doc_id, document_row(raw, None, 0))


def _run_corpus(corpus: Path, out_dir: Path, settings: Settings, jobs: int, progress: bool | None,
                use_cache: bool, write: bool, started: float, table_format: str) -> tuple[RunSummary, dict[str, pd.DataFrame]]:
    summary = RunSummary(out_dir=out_dir)
    found = scan(corpus, settings.outside_links)
    files = found.files
    other_formats = sorted(found.other_formats)
    if not files and len(other_formats) == len(found.refused):
        seen = f" (found only files of other formats, such as {other_formats[0]})" if other_formats else ""
        raise sources.CorpusError(f"no articles in {corpus}{seen}: zhnews reads {sources.FORMATS_HELP}; "
                                  "check the path, or put the articles in that folder")
    manifest, summary.problems = read_manifests(corpus)
    summary.problems += found.problems
    cache = StageCache(out_dir / ".cache" / "zhnews.sqlite" if use_cache else None)
    state = rule_state(settings, cache.rule_files(), summary)
    cached_keys = cache.keys()

    outputs: dict[str, DocumentOutput] = {}
    for rel, status, why in found.refused:  # inputs not read (a hidden file, a folder that cannot be listed)
        add_refused(outputs, rel, status, why)
    tasks, keys = [], {}
    base = str(corpus if corpus.is_dir() else corpus.parent).rstrip(os.sep) + os.sep
    columns = sources.ColumnMap.parse(settings.columns)
    for path in files:
        rel = str(path)[len(base):].replace(os.sep, "/")
        if sources.is_record_file(path):  # one document per record, read here
            for raw in sources.read_records(path, rel, columns, settings.max_bytes):
                plan_document(rel, (raw.content_hash or raw.error).encode(), raw.metadata,
                              functools.partial(_given, raw), settings, state, cache, cached_keys, tasks, outputs,
                              keys, summary, use_cache, doc_id=raw.doc_id)
            continue
        meta = manifest.get(rel, {})
        content, read = local_document(path, corpus, settings.max_bytes, use_cache)
        plan_document(rel, content, meta, read, settings, state, cache, cached_keys, tasks, outputs, keys, summary,
                      use_cache)

    summary.phases["setup"] = time.perf_counter() - started
    # Objects that live through the run (rules, dictionaries, then each finished document's rows) are
    # frozen out of the garbage collector: otherwise every full collection walks all of them again
    # (~0.9 s of a 25 MB run), and with --jobs a worker's collections would touch, and so copy, every
    # page it shares with this process.
    gc.freeze()
    try:
        frames = _documents_and_tables(tasks, outputs, cache, keys, state.rule_files, settings, jobs, progress,
                                       use_cache, write, out_dir, summary, started, table_format)
    finally:
        gc.unfreeze()
    summary.seconds = time.perf_counter() - started
    return summary, frames


def _documents_and_tables(tasks: list, outputs: dict, cache: "StageCache", keys: dict, rule_files: dict,
                          settings: Settings, jobs: int, progress: bool | None, use_cache: bool, write: bool,
                          out_dir: Path, summary: RunSummary, started: float,
                          table_format: str = "csv") -> dict[str, pd.DataFrame]:
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(total=len(tasks), desc="zhnews", unit="doc", disable=not show or not tasks, file=sys.stderr)
    in_pool = jobs > 1 and len(tasks) > 1
    if in_pool:
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        with ctx.Pool(jobs, initializer=_init_pool_worker, initargs=(settings,)) as pool:
            # the table libraries load while the workers run (after the fork: workers never need them)
            loader = threading.Thread(target=_import_table_libraries, daemon=True)
            loader.start()
            results = pool.imap_unordered(_work, tasks, chunksize=max(1, min(16, len(tasks) // (jobs * 8) or 1)))
            _collect(results, outputs, cache, keys, bar)
            loader.join()
    else:
        _collect(map(_work, tasks), outputs, cache, keys, bar)
    bar.close()
    cache.keep_only(set(keys))
    cache.set_rule_files(rule_files)
    cache.close()
    mark = time.perf_counter()
    summary.phases["documents"] = mark - started - summary.phases["setup"]

    if in_pool and write and table_format == "csv" and "fork" in mp.get_all_start_methods():
        frames = _tables_in_two(list(outputs.values()), out_dir, summary, mark)
        outputs.clear()
    else:
        frames = tables_from_outputs(outputs, summary, mark, out_dir if write else None, table_format)
    _summarize(summary, frames)
    return frames


def tables_from_outputs(outputs: dict[str, DocumentOutput], summary: RunSummary, mark: float,
                        out_dir: Path | None, table_format: str = "csv") -> dict[str, pd.DataFrame]:
    """The six tables from every document's output (``outputs`` is emptied), written to ``out_dir``
    as one set unless it is None; the table-building path of one-process and cluster runs."""
    frames = assemble(list(outputs.values()))
    outputs.clear()
    summary.phases["tables"] = time.perf_counter() - mark
    if out_dir is not None:
        from .tables import write_output

        mark = time.perf_counter()
        with _staged(out_dir) as folder:
            write_output(frames, folder, table_format)
        if table_format == "parquet-dataset":
            outdir.drop_unlisted(out_dir, "part-*.parquet")  # a smaller table than last time has fewer parts
        summary.phases["write"] = time.perf_counter() - mark
    return frames


@dataclass
class RuleState:
    """The rule fingerprints that key the cache, and the extraction-rule edit since the last run."""

    seg_fp: str
    ext_fp: str
    rule_files: dict[str, bytes]
    change: rule_changes.RuleChange | None = None
    old_ext_fp: str | None = None


def rule_state(settings: Settings, previous_rules: dict[str, bytes], summary: RunSummary) -> RuleState:
    seg_fp = hashlib.sha256(f"{code_fingerprint()}|{settings.key()}|{segment_fingerprint(settings.rules_dir)}".encode()).hexdigest()[:16]
    rule_files = rule_changes.snapshot(settings.rules_dir)
    state = RuleState(seg_fp, extract_fingerprint(rule_files), rule_files)
    # An edit of the extraction rules since the last run: only the documents it can change are
    # extracted again; the others keep their cached rows (see rule_changes).
    if previous_rules:
        state.old_ext_fp = extract_fingerprint(previous_rules)
        if state.old_ext_fp != state.ext_fp:
            state.change = rule_changes.compare(previous_rules, rule_files)
            summary.rule_change = state.change.describe() or "no rule changed meaning (comments, order)"
    return state


def local_document(path: Path, corpus: Path, max_bytes: int, use_cache: bool) -> tuple[bytes, functools.partial]:
    """An article on this machine's disk: its bytes for the cache key (b"" without a cache: nothing to
    compare them with) and its reader."""
    content = b""
    if use_cache:
        try:
            content = read_bounded(path, max_bytes)
        except InputRefused as exc:  # read_document reports it; the key changes with the reason
            content = str(exc).encode()
    return content, functools.partial(sources.read_file, path, corpus)


def _given(raw: RawDocument, meta: dict, max_bytes: int) -> RawDocument:
    """The reader of a record: run_corpus has read it already (see sources.read_records)."""
    return raw


def plan_document(rel: str, content: bytes, meta: dict, read, settings: Settings, state: RuleState,
                  cache: "StageCache", cached_keys: dict, tasks: list, outputs: dict, keys: dict,
                  summary: RunSummary, caching: bool, doc_id: str | None = None) -> None:
    """Decide what one document needs: its cached output (put in ``outputs``), a re-extraction from its
    cached segmentation, or every stage (a task for ``_work`` appended to ``tasks``). ``content``
    is the file's bytes; ``read(meta, max_bytes)`` reads the document; ``doc_id`` is given for a
    record (one of several documents of a file)."""
    doc_id = doc_id or make_doc_id(rel)
    seg_key = hashlib.sha256(content + json.dumps(meta, sort_keys=True).encode() + state.seg_fp.encode()).hexdigest()[:24]
    ext_key = f"{seg_key}:{state.ext_fp}"
    cached_seg_key, cached_ext_key = cached_keys.get(doc_id, ("", ""))
    keys[doc_id] = (seg_key, ext_key)
    change = state.change
    reuse = cached_ext_key == ext_key
    narrowed = change is not None and cached_ext_key == f"{seg_key}:{state.old_ext_fp}"
    if not reuse and narrowed:
        if change.affects(lambda: cache.column(doc_id, "text"), lambda: cache.column(doc_id, "probe")) is False:
            reuse = True
            cache.set_ext_key(doc_id, ext_key)
    full = (read, meta, settings.max_bytes)
    if reuse and (cached := _cached_output(cache, doc_id)) is not None:
        outputs[doc_id] = cached
        summary.reused += 1
    elif cached_seg_key == seg_key and (seg_blob := cache.column(doc_id, "seg")) is not None:
        # the extractors whose rules did not change keep their matches (events always rerun)
        previous = cache.column(doc_id, "matches") if narrowed else None
        tasks.append(("extract", (seg_blob, previous, frozenset(change.stages) if narrowed else STAGES, full),
                      doc_id, rel, caching))
        summary.reextracted += 1
    else:
        tasks.append(("full", full, doc_id, rel, caching))
        summary.resegmented += 1


def _cached_output(cache: StageCache, doc_id: str) -> DocumentOutput | None:
    """A document's cached rows; None (process it again) when absent or not a valid entry."""
    blob = cache.column(doc_id, "output")
    try:
        return deserialise("output", blob) if blob is not None else None
    except CacheCorrupt:
        return None


def _import_table_libraries() -> None:
    import pandas  # noqa: F401
    import pyarrow.csv  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    from . import tables  # noqa: F401


def _collect(results, outputs: dict, cache: StageCache, keys: dict, bar=None) -> None:
    for n, (doc_id, seg_blob, output, output_blob, text, matches, probe) in enumerate(results, start=1):
        outputs[doc_id] = output
        seg_key, ext_key = keys[doc_id]
        if output_blob is not None:
            cache.put(doc_id, seg_key, seg_blob, ext_key, output_blob, text, matches, probe)
        if n % 500 == 0:
            cache.commit()
            gc.freeze()  # the rows collected so far live to the end of the run (see run_corpus)
        if bar is not None:
            bar.update(1)


PLAIN_TABLES = ("documents", "dates", "events")  # built from the rows alone, no entity linking


def assemble(outputs: list[DocumentOutput]) -> dict[str, pd.DataFrame]:
    """Per-document rows -> the seven tables, in a stable order (documents by path, rows by offset).

    Consumes ``outputs`` (the list is emptied) so rows and tables are not both held in memory."""
    from .tables import TABLE_NAMES

    rows = gather(outputs)
    frames = plain_frames(rows)
    frames.update(linked_frames(rows))
    return {name: frames[name] for name in TABLE_NAMES}


def gather(outputs: list[DocumentOutput]) -> dict[str, list]:
    """The rows of every document, table by table, documents in path order (empties ``outputs``)."""
    outputs.sort(key=lambda o: (o.document["path"], o.document.get("record") or 0))
    per_document = ("mentions", "links", "dates", "events", "event_arguments", "facts")
    rows: dict[str, list] = {name: [] for name in per_document}
    for output in outputs:
        for name in per_document:
            rows[name].extend(output.rows.get(name, ()))
    rows["documents"] = [o.document for o in outputs]
    outputs.clear()
    return rows


def plain_frames(rows: dict[str, list]) -> dict[str, pd.DataFrame]:
    """documents, dates and events: tables that need no entity linking."""
    # pandas is imported here, not at the top: with --jobs it is loaded on a thread while the
    # forked workers run (see run_corpus), so the import does not delay the end of the run.
    from . import tables

    return {name: tables.frame(name, rows[name]) for name in PLAIN_TABLES}


def linked_frames(rows: dict[str, list]) -> dict[str, pd.DataFrame]:
    """mentions, entities, event_arguments and facts: entity linking across the whole batch (consumes the
    mention, link and argument rows)."""
    from . import tables

    mentions, entities, arguments, facts = link_rows(rows)
    frames = {"mentions": tables.frame("mentions", mentions)}  # frame() keeps the contract's columns
    del mentions
    frames["entities"] = tables.frame("entities", entities)
    frames["event_arguments"] = tables.frame("event_arguments", arguments)
    frames["facts"] = tables.frame("facts", facts)
    return frames


def link_rows(rows: dict[str, list]) -> tuple[dict[str, list], pd.DataFrame, list[tuple], list[tuple]]:
    """Entity linking across the batch: (mention columns with entity_id and canonical_name, the
    entities table, argument rows and fact rows naming their mentions' entities). Consumes the
    mention, link, argument and fact rows."""
    from .tables import COLUMNS

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
    return columns, entities, arguments, facts


def _write_plain_tables(rows: dict[str, list], out_dir: Path) -> None:
    """Target of the forked process that builds and writes the plain tables (see _tables_in_two)."""
    from .tables import write_tables

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C (and then ends this one)
    try:
        write_tables(plain_frames(rows), out_dir)
    except BaseException as exc:  # the main process writes them instead: say why, no traceback
        sys.stderr.write(f"zhnews: the table-writing process failed ({type(exc).__name__}: {exc}); "
                         "writing documents, dates and events in the main process instead\n")
        raise SystemExit(1) from None


def _tables_in_two(outputs: list[DocumentOutput], out_dir: Path, summary: RunSummary,
                   mark: float) -> dict[str, pd.DataFrame]:
    """With --jobs, the tables are built and written by two processes: a forked child takes the
    plain tables (it reads the rows from memory it shares with this process, nothing is copied or
    pickled) while this process links the entities. The child's tables are then read back from
    their Parquet files; should the child fail, this process builds them itself."""
    from .tables import TABLE_NAMES, read_table, write_tables

    rows = gather(outputs)
    plain_rows = {name: rows.pop(name) for name in PLAIN_TABLES}
    with _staged(out_dir) as folder:
        child = mp.get_context("fork").Process(target=_write_plain_tables, args=(plain_rows, folder),
                                               name="zhnews-tables")
        child.start()
        frames = linked_frames(rows)
        summary.phases["tables"] = time.perf_counter() - mark
        mark = time.perf_counter()
        write_tables(frames, folder)
        child.join()
        if child.exitcode == 0:
            frames.update({name: read_table(folder, name) for name in PLAIN_TABLES})
        else:
            plain = plain_frames(plain_rows)
            write_tables(plain, folder)
            frames.update(plain)
    summary.phases["write"] = time.perf_counter() - mark
    return {name: frames[name] for name in TABLE_NAMES}


@contextlib.contextmanager
def _staged(out_dir: Path):
    """A staging folder for the tables, committed as one set when the block ends without error;
    on an error the previous tables stay and the staging folder goes."""
    try:
        yield outdir.staging(out_dir)
        outdir.commit(out_dir)
    except OSError as exc:
        outdir.abandon(out_dir)
        raise outdir.OutputFolderError(f"could not write the tables to {out_dir} ({exc.strerror or exc}); the tables "
                                       "of the previous run are unchanged: free space or choose another --out") from None
    except BaseException:
        outdir.abandon(out_dir)
        raise


def _counts(column: pd.Series) -> Counter:
    return Counter({str(k): int(v) for k, v in column.value_counts().items()})


def _summarize(summary: RunSummary, frames: dict[str, pd.DataFrame]) -> None:
    docs = frames["documents"]
    summary.documents = len(docs)
    status = _counts(docs["status"])
    summary.ok, summary.partial, summary.failed = status["ok"], status["partial"], status["failed"]
    summary.skipped = status["skipped"]
    summary.no_published = int(((docs["published"].fillna("") == "") & docs["status"].isin(["ok", "partial"])).sum())
    summary.counts = {
        "mentions": _counts(frames["mentions"]["label"]),
        "dates": _counts(frames["dates"]["type"]),
        "events": _counts(frames["events"]["type"]),
    }


# --- single stages, for inspection ---------------------------------------------------------------

def run_stage(stage: str, corpus: Path, out_dir: Path, settings: Settings = Settings()) -> tuple[Path, int]:
    """Run the pipeline up to ``stage`` and write that stage's output under ``OUT/stages/``.

    Returns (path written, number of failed documents)."""
    import pandas as pd
    from spacy.tokens import DocBin

    from . import tables

    processor = DocumentProcessor(settings)
    stage_dir = out_dir / "stages"
    stage_dir.mkdir(parents=True, exist_ok=True)
    manifest, _problems = read_manifests(corpus)
    base = corpus if corpus.is_dir() else corpus.parent
    rows, failed = [], 0
    docbin = DocBin(attrs=DOCBIN_ATTRS, store_user_data=True)
    columns = sources.ColumnMap.parse(settings.columns)
    for path in discover(corpus, settings.outside_links):
        rel = path.relative_to(base).as_posix()
        documents = (sources.read_records(path, rel, columns, settings.max_bytes) if sources.is_record_file(path)
                     else [sources.read_file(path, corpus, manifest.get(rel, {}), settings.max_bytes)])
        for raw in documents:
            rows.append(_stage_row(stage, raw, rel, processor, stage_dir, docbin))
            failed += rows[-1]["status"] == "failed"
    table_path = stage_dir / f"{stage}.csv"
    frame = pd.DataFrame(rows)
    tables._atomic_write(table_path, lambda tmp: tables.write_csv(frame.astype("string"), tmp))
    if stage == "segment":
        spacy_path = stage_dir / "segmented.spacy"
        tables._atomic_write(spacy_path, lambda tmp: Path(tmp).write_bytes(docbin.to_bytes()))
        return spacy_path, failed
    return (stage_dir / "normalized" if stage == "normalize" else table_path), failed


def _stage_row(stage: str, raw: RawDocument, rel: str, processor: DocumentProcessor, stage_dir: Path, docbin) -> dict:
    """One document's row of a single-stage table (and its normalized text or Doc)."""
    row = {"doc_id": raw.doc_id, "path": raw.path, "status": raw.status, "error": raw.error, "record": raw.record,
           "encoding": raw.encoding, "chars": len(raw.text), **{f"meta_{k}": v for k, v in sorted(raw.metadata.items())}}
    if stage == "ingest" or raw.status == "failed":
        return row
    try:
        seg, tokens = processor.segment(raw)
    except Exception as exc:  # noqa: BLE001 - one article never stops the others
        row.update(status="failed", error=f"could not be processed ({type(exc).__name__}: {str(exc)[:300]})")
        return row
    norm = seg.normalized
    row.update({"script": norm.script, "conversion": norm.conversion, "noise_removed": norm.noise_removed,
                "noise_detail": " ".join(f"{k}={v}" for k, v in norm.noise_detail.items()),
                "replacement_chars": norm.replacement_chars, **{f"byline_{k}": v for k, v in sorted(norm.fields.items())}})
    if stage == "normalize":
        target = stage_dir / "normalized" / (rel + (f".{raw.record}" if raw.record else "") + ".txt")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(norm.text, encoding="utf-8")
    else:
        doc = tokens.to_doc(processor.segmenter.vocab)
        doc.user_data["doc_id"], doc.user_data["path"] = raw.doc_id, raw.path
        row.update({"tokens": len(doc), "sentences": sum(1 for _ in doc.sents)})
        docbin.add(doc)
    return row


class _CallableModule(type(sys)):
    """``zhnews.run`` is this module and, called, the API's ``zhnews.run(corpus, out, ...)``: the
    package's public function and its batch module share one name."""

    def __call__(self, *args, **kwargs):
        from .api import run

        return run(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
