"""Runs on a Dask cluster: ``zhnews run CORPUS --out OUT --scheduler local:N | tcp://HOST:PORT``.

The documents are split into partitions by their doc_id (a hash of the path), so a document stays in
its partition from run to run. Each partition is one Dask task: it reads its articles from the
corpus (any fsspec URL), runs their stale stages with the same ``plan_document`` and ``worker.work`` as a
one-process run, keeps its own stage cache next to the outputs
(``OUT/.cache/partitions/part-K-of-N.sqlite``, a ``StageCache``) and returns the documents' outputs.
The client then links entities across documents and builds the tables with the one-process code,
so the files are byte-identical. The scheduler reruns the partition of a worker that dies; a
partition's cache file is replaced whole, so a rerun starts from the same state.

Imported only when ``--scheduler`` is given: a plain run never loads Dask.
"""
from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import os
import shutil
import tempfile
import time
import uuid
import warnings
from pathlib import Path

import fsspec
from distributed import Client, LocalCluster, as_completed

from .ingest import (ARTICLE_SUFFIXES, MANIFEST_NAME, RawDocument, display_path, make_doc_id, other_format_reason,
                     parse_document, read_manifests, scan, too_large)
from . import sources
from .outdir import VERSIONS, RunLock
from .cache import StageCache
from .run import (RunSummary, Settings, _given, add_refused, local_document, plan_document, rule_state,
                  spill_folder, tables_from_spill)
from .spill import Spill
from .worker import collect, init_worker, run_tasks

MIN_PARTITIONS = 16
DOCS_PER_PARTITION = 256
CACHE_FOLDER = ".cache/partitions"
RULES_INDEX = "rules.sqlite"  # the extraction rules of the last complete run (a StageCache's rule_files)


class ClusterError(Exception):
    """A problem with the cluster or a location that the user can fix (the message says how)."""


# --- locations ------------------------------------------------------------------------------------

def is_url(location: str | os.PathLike) -> bool:
    return "://" in str(location)


def _fs(location: str) -> tuple[fsspec.AbstractFileSystem, str]:
    try:
        return fsspec.core.url_to_fs(str(location))
    except (ImportError, ValueError) as exc:
        raise ClusterError(f"cannot open {location}: {exc}; install the fsspec back-end for this URL "
                           "(s3fs for s3://, gcsfs for gs://) on the client and on every worker") from None


def list_corpus(corpus: str, outside_links: bool = False) -> tuple[list[tuple[str, dict]], list[tuple[str, str, str]],
                                                                   list[str], bool]:
    """(relative path, manifest metadata) of every article, the inputs refused unread (relative path,
    status, why), the problems for the summary, and whether the corpus is one file. On a local
    folder, the same as a one-process run (``ingest.scan``)."""
    fs, root = _fs(corpus)
    if not fs.exists(root):
        raise ClusterError(f"corpus {corpus} does not exist; give a folder of .txt/.md articles or one file")
    if fs.isfile(root):
        return [(root.rstrip("/").rpartition("/")[2], {})], [], [], True
    if _is_local(fs):
        base = Path(root)
        found = scan(base, outside_links)
        manifest, problems = read_manifests(base)
        rels = [path.relative_to(base).as_posix() for path in found.files]
        return [(rel, manifest.get(rel, {})) for rel in rels], found.refused, problems + found.problems, False
    rels, manifests, refused = [], [], []
    for path in sorted(fs.find(root)):
        rel = path[len(root.rstrip("/")) + 1:]
        parts = rel.split("/")
        if any(part.startswith(".") for part in parts):
            continue
        name = parts[-1].lower()
        if parts[-1] == MANIFEST_NAME:
            manifests.append(rel)
        elif os.path.splitext(name)[1] in ARTICLE_SUFFIXES and not name.startswith("readme"):
            rels.append(rel)
        elif not name.startswith("readme"):
            refused.append((rel, "skipped", other_format_reason(name)))
    # manifests are read by the local reader from a copy, so both kinds of corpus parse them alike
    with tempfile.TemporaryDirectory(prefix="zhnews-manifests-") as tmp:
        for rel in manifests:
            (Path(tmp) / rel).parent.mkdir(parents=True, exist_ok=True)
            fs.get_file(f"{root.rstrip('/')}/{rel}", str(Path(tmp) / rel))
        manifest, problems = read_manifests(Path(tmp))
        problems = [problem.replace(tmp, corpus.rstrip("/")) for problem in problems]
    return [(rel, manifest.get(rel, {})) for rel in rels], refused, problems, False


def _is_local(fs) -> bool:
    return isinstance(fs, fsspec.implementations.local.LocalFileSystem)


def _fetch(fs, root: str, path: str, rel: str, max_bytes: int, caching: bool) -> tuple[bytes, functools.partial]:
    """The article's bytes (for the cache key) and a reader that makes its RawDocument. On a local
    disk, as a one-process run reads it; from a store, one fetch serves both."""
    if _is_local(fs):
        return local_document(Path(path), Path(root), max_bytes, caching)
    doc = RawDocument(doc_id=make_doc_id(rel), path=display_path(rel))
    try:
        size = fs.size(path)
        if size > max_bytes:
            return str(size).encode(), functools.partial(_failed, doc, too_large(size, max_bytes))
        data = fs.cat_file(path)
    except OSError as exc:
        return b"", functools.partial(_failed, doc, f"cannot read file: {exc.strerror or exc}")
    return data, functools.partial(_parsed, doc, data)


def _failed(doc: RawDocument, message: str, meta: dict, max_bytes: int) -> RawDocument:
    return doc.fail(message)


def _parsed(doc: RawDocument, data: bytes, meta: dict, max_bytes: int) -> RawDocument:
    return parse_document(doc, data, meta)


# --- on a worker ----------------------------------------------------------------------------------

def _worker_settings(settings: Settings, rules: dict[str, bytes], rules_id: str) -> Settings:
    """The client's rule files, written once per worker machine (workers need not share a disk with
    the client); ``worker.init_worker`` then compiles them once per worker process."""
    target = Path(tempfile.gettempdir()) / f"zhnews-rules-{rules_id}"
    if not target.is_dir():
        tmp = Path(tempfile.mkdtemp(prefix=f".zhnews-rules-{rules_id}.", dir=target.parent))
        for rel, content in rules.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp / rel).write_bytes(content)
        try:
            tmp.rename(target)
        except OSError:  # another worker on this machine got there first, with the same files
            shutil.rmtree(tmp, ignore_errors=True)
    return dataclasses.replace(settings, rules_dir=target)


def run_partition(items: list[tuple[str, dict]], corpus: str, single_file: bool, cache_url: str | None,
                  settings: Settings, shared: dict, cache_from: str | None = None) -> tuple[list, tuple[int, int, int]]:
    """One partition's documents: (their outputs, (reused, re-extracted, processed) counts). Its cache
    is read from ``cache_from`` (a coarser partition's file, after the partitions were split) or
    ``cache_url``, and written to ``cache_url``."""
    settings = _worker_settings(settings, shared["rules"], shared["rules_id"])
    if init_worker(settings):
        # the newly compiled rules and dictionaries live on: collections skip them (see run_corpus)
        gc.collect()
        gc.freeze()
    state = shared["state"]
    fs, root = _fs(corpus)
    counts = RunSummary()
    with tempfile.TemporaryDirectory(prefix="zhnews-part-") as tmp:
        local = Path(tmp) / "cache.sqlite"
        cache_fs, cache_path = _fs(cache_url) if cache_url else (None, "")
        source = _fs(cache_from)[1] if cache_from else cache_path
        if cache_fs is not None and cache_fs.exists(source):
            cache_fs.get_file(source, str(local))
        cache = StageCache(local if cache_fs is not None else None)
        cached_keys = cache.keys()
        outputs, tasks, keys = {}, [], {}
        for rel, meta, *record in items:
            if record:  # a record of a .jsonl/.csv/.parquet file, read by the client (see records_of)
                raw = record[0]
                plan_document(rel, (raw.content_hash or raw.error).encode(), raw.metadata, functools.partial(_given, raw),
                              settings, state, cache, cached_keys, tasks, outputs, keys, counts, cache_fs is not None,
                              doc_id=raw.doc_id)
                continue
            path = root if single_file else f"{root.rstrip('/')}/{rel}"
            content, read = _fetch(fs, root, path, rel, settings.max_bytes, cache_fs is not None)
            plan_document(rel, content if cache_fs else b"", meta, read, settings, state, cache, cached_keys, tasks,
                          outputs, keys, counts, cache_fs is not None)
        keep = set(keys)
        collect(run_tasks(tasks), outputs, cache, keys)  # each document within its time budget
        cache.keep_only(keep)
        cache.close()
        if cache_fs is not None:
            _replace(cache_fs, str(local), cache_path)
    return list(outputs.values()), (counts.reused, counts.reextracted, counts.resegmented)


def records_of(items: list[tuple[str, dict]], corpus: str, single_file: bool, settings: Settings) -> list[tuple]:
    """The items with each record file replaced by its records, (rel, metadata, RawDocument) each:
    read here, on the client, as a one-process run reads them, so that every record is a document
    of its own with its place in the tables' order."""
    fs, root = _fs(corpus)
    columns = sources.ColumnMap.parse(settings.columns)
    expanded = []
    for rel, meta in items:
        if not sources.is_record_file(Path(rel)):
            expanded.append((rel, meta))
            continue
        path = root if single_file else f"{root.rstrip('/')}/{rel}"
        with tempfile.TemporaryDirectory(prefix="zhnews-records-") as tmp:
            local = Path(path) if _is_local(fs) else Path(tmp) / Path(rel).name
            if not _is_local(fs):
                fs.get_file(path, str(local))
            expanded += [(rel, meta, raw) for raw in sources.read_records(local, rel, columns, settings.max_bytes)]
    return expanded


def _replace(fs, local: str, target: str) -> None:
    """Upload under a temporary name, then rename: a worker killed mid-upload leaves the old file."""
    fs.makedirs(target.rpartition("/")[0], exist_ok=True)
    tmp = f"{target}.{uuid.uuid4().hex}.tmp"
    fs.put_file(local, tmp)
    fs.mv(tmp, target)


# --- on the client --------------------------------------------------------------------------------

def connect(scheduler: str) -> Client:
    """``local:N`` starts a LocalCluster of N worker processes; anything else is a scheduler address."""
    if scheduler.startswith("local:"):
        try:
            workers = int(scheduler.partition(":")[2])
        except ValueError:
            workers = 0
        if workers < 1:
            raise ClusterError(f"--scheduler {scheduler}: write local:N with N worker processes, e.g. local:2")
        with warnings.catch_warnings():  # its HTTP routes move to a free port when 8787 is taken: no news
            warnings.filterwarnings("ignore", message="Port 8787 is already in use")
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=40)
        client = Client(cluster)
        client.close = _closing_cluster(client.close, cluster)  # the cluster ends with its client
        return client
    try:
        return Client(scheduler, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); start one with "
                           "`dask scheduler` and workers with `dask worker tcp://HOST:8786`, or use "
                           "--scheduler local:N") from None


def _closing_cluster(close, cluster):
    def close_both(*args, **kwargs):
        close(*args, **kwargs)
        cluster.close()
    return close_both


def partition_count(cache_fs, cache_dir: str, documents: int) -> tuple[int, int | None]:
    """(partitions of this run, partitions of the cache files already there or None).

    A power of two, enough for about DOCS_PER_PARTITION documents each, at least MIN_PARTITIONS, and
    never fewer than the cache has. When the corpus outgrows the cache's partitions they are split:
    since both counts are powers of two, partition k of N holds a subset of partition k mod M of M,
    so each new partition starts from the older file that has its documents."""
    cached = None
    if cache_fs is not None and cache_fs.exists(cache_dir):
        counts = [int(name[:-len(".sqlite")].rpartition("-of-")[2])
                  for name in (path.rpartition("/")[2] for path in cache_fs.ls(cache_dir, detail=False))
                  if name.startswith("part-") and name.endswith(".sqlite")]
        cached = max(counts) if counts else None
    count = max(MIN_PARTITIONS, cached or 0)
    while count * DOCS_PER_PARTITION < documents:
        count *= 2
    return count, cached


def _partition_file(cache_dir: str, k: int, parts: int) -> str:
    return f"{cache_dir}/part-{k:05d}-of-{parts:05d}.sqlite"


def run_on_cluster(corpus: str, out: str, settings: Settings, scheduler: str, progress: bool | None = None,
                   use_cache: bool = True, write: bool = True, table_format: str = "csv",
                   on_submit=None) -> tuple[RunSummary, dict]:
    """Process every article under ``corpus`` on the cluster and write the tables to ``out`` (local
    folder or fsspec URL). ``on_submit(client, futures)`` is called once the partitions are
    submitted (the worker-kill test uses it)."""
    started = time.perf_counter()
    init_worker(settings)  # a bad rule stops the run before the cluster starts
    summary = RunSummary(out_dir=out)
    items, refused, summary.problems, single_file = list_corpus(str(corpus), settings.outside_links)
    items = records_of(items, str(corpus), single_file, settings)
    out_fs, out_root = _fs(str(out))
    lock = RunLock(Path(out_root)).acquire() if _is_local(out_fs) and (write or use_cache) else None
    try:
        return _run(corpus, out, settings, scheduler, progress, use_cache, write, table_format, on_submit,
                    started, summary, items, refused, single_file, out_fs, out_root)
    finally:
        if lock is not None:
            lock.release()


def _run(corpus, out, settings, scheduler, progress, use_cache, write, table_format, on_submit, started, summary,
         items, refused, single_file, out_fs, out_root) -> tuple[RunSummary, dict]:
    cache_dir = f"{out_root.rstrip('/')}/{CACHE_FOLDER}"
    cache_fs = out_fs if use_cache else None
    index = _RulesIndex(cache_fs, f"{cache_dir}/{RULES_INDEX}")
    state = rule_state(settings, index.load(), summary)
    parts, cached_parts = partition_count(cache_fs, cache_dir, len(items))
    split = use_cache and cached_parts is not None and cached_parts != parts
    partitions: dict[int, list] = {}
    for item in items:
        doc_id = item[2].doc_id if len(item) > 2 else make_doc_id(item[0])
        partitions.setdefault(int(doc_id, 16) % parts, []).append(item)
    rules = {p.relative_to(settings.rules_dir).as_posix(): p.read_bytes()
             for p in sorted(settings.rules_dir.rglob("*")) if p.is_file()}
    rules_id = hashlib.sha256(repr(sorted(rules.items())).encode()).hexdigest()[:16]
    summary.phases["setup"] = time.perf_counter() - started

    spill = Spill(spill_folder(Path(out_root), True) if _is_local(out_fs) and (write or use_cache)
                  else spill_folder(Path(out_root), False))
    try:
        _plan(spill, items, refused)
        client = connect(scheduler)
        try:
            [shared] = client.scatter([{"rules": rules, "rules_id": rules_id, "state": state}], broadcast=True)
            run_id = uuid.uuid4().hex[:8]
            futures = [client.submit(run_partition, docs, str(corpus), single_file,
                                     _partition_file(cache_dir, k, parts) if use_cache else None, settings, shared,
                                     _partition_file(cache_dir, k % cached_parts, cached_parts) if split else None,
                                     key=f"zhnews-partition-{k}-{run_id}")
                       for k, docs in sorted(partitions.items())]
            if on_submit is not None:
                on_submit(client, futures)
            _gather(futures, spill, summary, len(items), progress)
        finally:
            client.close()
        index.save(state.rule_files)
        if split:  # every document now has its place in the finer partitions
            for k in range(cached_parts):
                if out_fs.exists(_partition_file(cache_dir, k, cached_parts)):
                    out_fs.rm(_partition_file(cache_dir, k, cached_parts))
        mark = time.perf_counter()
        summary.phases["documents"] = mark - started - summary.phases["setup"]
        if not write:
            frames = tables_from_spill(spill, summary, mark, None)
        elif _is_local(out_fs):
            frames = tables_from_spill(spill, summary, mark, Path(out_root), table_format)
        else:  # written locally, then uploaded
            with tempfile.TemporaryDirectory(prefix="zhnews-out-") as tmp:
                frames = dict(tables_from_spill(spill, summary, mark, Path(tmp), table_format).items())
                _upload(Path(tmp), out_fs, out_root)
    finally:
        spill.remove()
    summary.seconds = time.perf_counter() - started
    return summary, frames


def _plan(spill: Spill, items: list[tuple], refused: list[tuple[str, str, str]]) -> None:
    """Every document's rank in the tables' order (by path): the spill takes them as partitions finish."""
    order = [((item[2].path, item[2].record or 0) if len(item) > 2 else (display_path(item[0]), 0), item[0],
              item[2].doc_id if len(item) > 2 else make_doc_id(item[0]), None) for item in items]
    order += [((display_path(rel), 0), rel, None, (status, why)) for rel, status, why in refused]
    for _key, rel, doc_id, refusal in sorted(order, key=lambda entry: entry[0]):
        if refusal is None:
            spill.plan(doc_id)
        else:
            add_refused(spill, rel, *refusal)
    spill.planned()


def _gather(futures: list, spill: Spill, summary: RunSummary, documents: int, progress: bool | None) -> None:
    """Every partition's outputs into the spill, as they finish; the work counts added to ``summary``."""
    import sys

    from tqdm import tqdm

    show = sys.stderr.isatty() if progress is None else progress
    with tqdm(total=documents, desc="zhnews", unit="doc", disable=not show or not documents, file=sys.stderr) as bar:
        for future, (done, (reused, reextracted, processed)) in as_completed(futures, with_results=True):
            # the worker may drop its copy now: a worker held every partition it ran to the end of the
            # run (its memory grew with the corpus) and one that died was made to run them again
            future.release()
            spill.update((output.doc_id, output) for output in done)
            summary.reused += reused
            summary.reextracted += reextracted
            summary.resegmented += processed
            bar.update(len(done))


def _upload(local: Path, fs, root: str) -> None:
    for path in sorted(local.rglob("*")):
        if path.is_file() and VERSIONS not in path.relative_to(local).parts:  # the links' targets, not the set folders
            target = f"{root.rstrip('/')}/{path.relative_to(local).as_posix()}"
            fs.makedirs(target.rpartition("/")[0], exist_ok=True)
            fs.put_file(str(path), target)


class _RulesIndex:
    """The extraction rule files of the last complete run, in the output store: what a rule edit
    is compared with to narrow a rerun. A StageCache holding only its rule_files table."""

    def __init__(self, fs, path: str):
        self.fs, self.path = fs, path

    def load(self) -> dict[str, bytes]:
        if self.fs is None or not self.fs.exists(self.path):
            return {}
        with tempfile.TemporaryDirectory(prefix="zhnews-rules-index-") as tmp:
            local = Path(tmp) / RULES_INDEX
            self.fs.get_file(self.path, str(local))
            cache = StageCache(local)
            try:
                return cache.rule_files()
            finally:
                cache.close()

    def save(self, files: dict[str, bytes]) -> None:
        if self.fs is None:
            return
        with tempfile.TemporaryDirectory(prefix="zhnews-rules-index-") as tmp:
            local = Path(tmp) / RULES_INDEX
            cache = StageCache(local)
            cache.set_rule_files(files)
            cache.close()
            _replace(self.fs, str(local), self.path)
