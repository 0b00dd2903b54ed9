"""Batch runner: ingest -> normalize -> segment -> extract -> tables over a corpus folder.

Per document, each stage's result is cached in ``OUT/.cache/zhnews.sqlite`` under a key made of
the file's content hash, its metadata and the fingerprint of the rule files that stage reads. A rerun
therefore redoes only what is stale: new or edited articles go through every stage; after an edit to
extraction rules, cached segmentations are reused; after a lexicon edit, documents are re-segmented.
Documents are independent until entity linking, which runs over the whole corpus at the end.

This module is the orchestration: what each document needs (``plan_document``, documents planned
in the tables' order), running the tasks (``worker``, alone or in a pool), each finished document's
rows handed to the spill (``spill.Spill``: on disk at once, the entity linking fed as they come),
and the tables built from the spill once every document is done (``spill.write_tables``, written
by ``tables.TableStream``): memory does not grow with the corpus. One document's stages are
``processor.DocumentProcessor``; the cache file is ``cache.StageCache``.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

if TYPE_CHECKING:
    import pandas as pd

    from .spill import Spill

from . import outdir, rule_changes, sources
from .cache import StageCache
from .cache_codec import CacheCorrupt, deserialise
from .extractor import STAGES, extract_fingerprint, segment_fingerprint
from .ingest import InputRefused, RawDocument, discover, display_path, make_doc_id, read_bounded, read_manifests, scan
from .outdir import RunLock
from .processor import DocumentProcessor, Segmented, Settings, all_rules_fingerprint  # noqa: F401 - zhnews.run API
from .rows import DocumentOutput, failed_output
from .rules import unexpected_rule_value
from .schema import TABLE_NAMES
from .segment import DOCBIN_ATTRS
from .worker import collect, import_table_libraries, init_pool_worker, init_worker, work

CACHE_VERSION = "8"  # bump when the cached blobs change form (or segmentation changes)


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of zhnews' own source: a cache written by another version of the code (an upgrade, a
    local edit) is never reused, even where the cached rows would have the same form."""
    digest = hashlib.sha256(CACHE_VERSION.encode())
    package = Path(__file__).parent
    # every module, those of the stage packages too, in one order whatever the file system lists first
    for rel in sorted(path.relative_to(package).as_posix() for path in package.rglob("*.py")):
        digest.update(rel.encode() + b"\0" + (package / rel).read_bytes())
    return digest.hexdigest()[:16]


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

    def as_json(self) -> dict:
        """The summary ``zhnews run --json`` prints."""
        return {
            "documents": self.documents, "ok": self.ok, "partial": self.partial, "failed": self.failed,
            "skipped": self.skipped,
            "reused": self.reused, "reextracted": self.reextracted, "processed": self.resegmented,
            "counts": {k: dict(sorted(v.items())) for k, v in self.counts.items()},
            "seconds": round(self.seconds, 3), "phases": {k: round(v, 3) for k, v in self.phases.items()},
            "out": str(self.out_dir), "problems": self.problems,
            "rule_change": self.rule_change, "no_published": self.no_published,
        }


def run_corpus(corpus: Path, out_dir: Path, settings: Settings = Settings(), jobs: int = 1,
               progress: bool | None = None, use_cache: bool = True, write: bool = True,
               table_format: str = "csv") -> tuple[RunSummary, Mapping[str, pd.DataFrame]]:
    """Process every article under ``corpus`` and write the seven tables to ``out_dir``, all of
    them or none (see outdir), holding ``out_dir``'s lock (``table_format``: see ``tables.write_output``)."""
    started = time.perf_counter()
    try:
        init_worker(settings)  # compiles every rule file first: a bad rule stops the run before any work
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise unexpected_rule_value(settings.rules_dir, exc) from None
    lock = RunLock(out_dir).acquire() if write or use_cache else None  # and OUT is writable
    try:
        return _run_corpus(corpus, out_dir, settings, jobs, progress, use_cache, write, started, table_format)
    finally:
        if lock is not None:
            lock.release()


def add_refused(outputs: "Spill", rel: str, status: str, why: str) -> None:
    """The ``documents`` row of an input that was not read: every input gets one all the same."""
    raw = RawDocument(doc_id=make_doc_id(rel), path=display_path(rel), status=status, error=why)
    outputs.plan(raw.doc_id)
    outputs[raw.doc_id] = failed_output(raw)


def _run_corpus(corpus: Path, out_dir: Path, settings: Settings, jobs: int, progress: bool | None,
                use_cache: bool, write: bool, started: float, table_format: str) -> tuple[RunSummary, Mapping[str, pd.DataFrame]]:
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

    from .spill import Spill  # pyarrow: loaded when a batch runs, not by every command importing this module

    spill = Spill(spill_folder(out_dir, write or use_cache))
    tasks, keys = [], {}
    folder = str(corpus if corpus.is_dir() else corpus.parent)
    # the found paths are joined onto the corpus as written: "." adds no prefix (run . or run x.jsonl)
    base = "" if folder == "." else folder.rstrip(os.sep) + os.sep
    columns = sources.ColumnMap.parse(settings.columns)
    try:
        # in the tables' order (by path, then record), so that each document's rank is known as it is planned
        inputs = [(display_path(rel), rel, ("refused", status, why)) for rel, status, why in found.refused]
        inputs += [(display_path(rel), rel, ("file", path, None)) for path in files
                   for rel in [str(path)[len(base):].replace(os.sep, "/")]]
        for _key, rel, (kind, path, why) in sorted(inputs, key=lambda item: item[0]):
            if kind == "refused":  # inputs not read (a hidden file, a folder that cannot be listed)
                add_refused(spill, rel, path, why)
            elif sources.is_record_file(path):  # one document per record, read here
                for raw in sources.read_records(path, rel, columns, settings.max_bytes):
                    spill.plan(raw.doc_id)
                    plan_document(rel, (raw.content_hash or raw.error).encode(), raw.metadata,
                                  functools.partial(_given, raw), settings, state, cache, cached_keys, tasks, spill,
                                  keys, summary, use_cache, doc_id=raw.doc_id)
            else:
                meta = manifest.get(rel, {})
                content, read = local_document(path, corpus, settings.max_bytes, use_cache)
                spill.plan(make_doc_id(rel))
                plan_document(rel, content, meta, read, settings, state, cache, cached_keys, tasks, spill, keys,
                              summary, use_cache)
        spill.planned()
        del inputs, files, found, manifest, cached_keys  # the documents are tasks now: a run holds nothing per file beside them
    except BaseException:
        spill.remove()
        raise

    summary.phases["setup"] = time.perf_counter() - started
    # Objects that live through the run (rules, dictionaries, then each finished document's rows) are
    # frozen out of the garbage collector: otherwise every full collection walks all of them again
    # (~0.9 s of a 25 MB run), and with --jobs a worker's collections would touch, and so copy, every
    # page it shares with this process.
    gc.freeze()
    # A document's objects die with it, but every 700 allocations start a young collection: ~350 per
    # 5 MB (0.15 s). Every 50,000: one; pool workers forked below inherit it.
    threshold = gc.get_threshold()
    gc.set_threshold(50_000, *threshold[1:])
    try:
        frames = _documents_and_tables(tasks, spill, cache, keys, state.rule_files, settings, jobs, progress,
                                       use_cache, write, out_dir, summary, started, table_format)
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
        spill.remove()
    summary.seconds = time.perf_counter() - started
    return summary, frames


def _documents_and_tables(tasks: list, spill: "Spill", cache: "StageCache", keys: dict, rule_files: dict,
                          settings: Settings, jobs: int, progress: bool | None, use_cache: bool, write: bool,
                          out_dir: Path, summary: RunSummary, started: float,
                          table_format: str = "csv") -> "Mapping[str, pd.DataFrame]":
    show = sys.stderr.isatty() if progress is None else progress
    count = len(tasks)
    bar = tqdm(total=count, desc="zhnews", unit="doc", disable=not show or not tasks, file=sys.stderr)
    keep = set(keys)
    if jobs > 1 and count > 1:
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        chunk = max(1, min(16, count // (jobs * 8) or 1))
        window = Window(jobs * chunk * 4)
        with ctx.Pool(jobs, initializer=init_pool_worker, initargs=(settings,)) as pool:
            # the table libraries load while the workers run (after the fork: workers never need them)
            loader = threading.Thread(target=import_table_libraries, daemon=True)
            loader.start()
            try:
                results = pool.imap_unordered(work, window.gate(handed_out(tasks)), chunksize=chunk)
                collect(window.taken(results), spill, cache, keys, bar)
            finally:
                window.close()
            loader.join()
    else:
        collect(map(work, handed_out(tasks)), spill, cache, keys, bar)
    bar.close()
    cache.keep_only(keep)
    cache.set_rule_files(rule_files)
    cache.close()
    mark = time.perf_counter()
    summary.phases["documents"] = mark - started - summary.phases["setup"]
    return tables_from_spill(spill, summary, mark, out_dir if write else None, table_format)


class Window:
    """At most ``size`` tasks handed to the pool and not yet collected. Without it, workers faster
    than this process (linking, spilling) leave their results queued here, unpickled: memory that
    grew with the corpus. ``gate`` wraps the tasks (the pool's feeder thread waits in it),
    ``taken`` the results; ``close`` lets a waiting feeder go when the run stops early."""

    def __init__(self, size: int):
        self.free = threading.Semaphore(size)
        self.closed = False

    def gate(self, tasks):
        for task in tasks:
            while not self.free.acquire(timeout=0.2):
                if self.closed:
                    return
            yield task

    def taken(self, results):
        for result in results:
            self.free.release()
            yield result

    def close(self) -> None:
        self.closed = True


def handed_out(tasks: list):
    """The tasks in order, each dropped from ``tasks`` as it is handed out: the run does not hold
    every document's task (its reader, metadata and paths) to the end."""
    tasks.reverse()
    while tasks:
        yield tasks.pop()


def spill_folder(out_dir: Path, locked: bool) -> Path:
    """Where a run spills its rows: run state beside the stage cache when the run holds OUT's lock,
    else a new temporary folder."""
    if locked:
        return out_dir / outdir.SPILL
    import tempfile

    return Path(tempfile.mkdtemp(prefix="zhnews-spill-"))


def tables_from_spill(spill: "Spill", summary: RunSummary, mark: float, out_dir: Path | None,
                      table_format: str = "csv") -> "Mapping[str, pd.DataFrame]":
    """The seven tables from the spilled rows, written to ``out_dir`` as one set (see outdir), or,
    when ``out_dir`` is None, built in a temporary folder and read back whole; the table-building path
    of one-process and cluster runs. Returns the tables (read from the files when asked for)."""
    from . import spill as spilling

    spill.close()  # rows were framed as they came: the entity linking across the batch is left, then writing
    summary.phases["tables"] = time.perf_counter() - mark
    mark = time.perf_counter()
    if out_dir is None:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="zhnews-tables-") as tmp:
            _summarize(summary, spilling.write_tables(spill, Path(tmp), table_format))
            frames = dict(WrittenTables(Path(tmp)).items())
    else:
        with _staged(out_dir) as folder:
            _summarize(summary, spilling.write_tables(spill, folder, table_format))
        if table_format == "parquet-dataset":
            outdir.drop_unlisted(out_dir, "part-*.parquet")  # a smaller table than last time has fewer parts
        frames = WrittenTables(out_dir)
    summary.phases["write"] = time.perf_counter() - mark
    return frames


class WrittenTables(Mapping):
    """The tables of an output folder, each read (``tables.read_table``) when first asked for: a run
    returns its tables without holding them."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self._read: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> "pd.DataFrame":
        if name not in TABLE_NAMES:
            raise KeyError(name)
        if name not in self._read:
            from .tables import read_table

            self._read[name] = read_table(self.out_dir, name)
        return self._read[name]

    def __iter__(self):
        return iter(TABLE_NAMES)

    def __len__(self) -> int:
        return len(TABLE_NAMES)


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
    cached segmentation, or every stage (a task for ``worker.work`` appended to ``tasks``). ``content``
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


def _summarize(summary: RunSummary, counts: dict) -> None:
    """The summary's figures from the tallies ``spill.write_tables`` made as it wrote the tables."""
    status = counts["status"]
    summary.documents = sum(status.values())
    summary.ok, summary.partial, summary.failed = status["ok"], status["partial"], status["failed"]
    summary.skipped = status["skipped"]
    summary.no_published = counts["no_published"]
    summary.counts = {name: counts[name] for name in ("mentions", "dates", "events")}


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
