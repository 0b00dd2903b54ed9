"""The per-document work of a batch, in this process or in a pool / cluster worker.

``run.plan_document`` decides what each document needs and makes it a task; ``work`` runs the
stale stages of one task with this process's ``DocumentProcessor``; ``collect`` stores the results
in the stage cache. Whatever goes wrong with one document becomes its failed row, and so does a
document that takes longer than the time budget (``Settings.doc_timeout``, ``time_budget``).
"""
from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import threading

from . import rule_changes
from .cache import StageCache
from .cache_codec import CacheCorrupt, deserialise, serialise
from .extractor import STAGES
from .ingest import RawDocument, display_path
from .processor import DocumentProcessor, Settings, processor_for
from .rows import failed_output

_processor: DocumentProcessor | None = None  # this process's, set by init_worker
_budget = 0.0  # seconds per document (0: none), set by init_worker


def init_worker(settings: Settings) -> bool:
    """Compile the rules once per process; again only when the settings or any rule file changed.
    True when they were compiled anew."""
    global _processor, _budget
    compiled = processor_for(settings)
    fresh = compiled is not _processor
    _processor, _budget = compiled, settings.doc_timeout
    return fresh


def init_pool_worker(settings: Settings) -> None:
    # Ctrl-C reaches the whole process group: the main process alone handles it (and ends the
    # pool), so the workers print no traceback fragments.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    init_worker(settings)


def import_table_libraries() -> None:
    import pandas  # noqa: F401
    import pyarrow.csv  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    from . import tables  # noqa: F401


class DocumentTimeout(BaseException):
    """A document's time budget ran out. A BaseException: a stage's own ``except Exception`` (one
    failed extractor makes a partial document) must not take it for that stage's failure and go on."""


@contextlib.contextmanager
def time_budget(seconds: float):
    """Raise ``DocumentTimeout`` inside the block once ``seconds`` of wall time have passed.

    By SIGALRM (``signal.setitimer``): Python's regex engine checks for signals between steps, so a
    pattern that backtracks for minutes on one line (an advert took 107 s) is stopped too. Signals
    reach the main thread only: elsewhere, and for 0 seconds, the block runs unbounded (a Dask
    worker's thread runs its documents in a forked child instead, see ``run_tasks``)."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise DocumentTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def work(task: tuple) -> tuple:
    """Run the stale stages of one document; whatever goes wrong becomes that document's failed row,
    as does running out of the time budget (the batch goes on with the next document).

    Returns (doc_id, new segmented blob or None, output, output blob or None, extraction blob or
    None, squeezed text or None). Blobs are the cache's JSON
    (cache_codec); in a worker process the output travels back pickled by multiprocessing."""
    kind, payload, doc_id, rel, caching = task
    try:
        with time_budget(_budget):
            return _stages(kind, payload, caching)
    except DocumentTimeout:  # not cached: the next run tries again (with a larger --doc-timeout, say)
        why = (f"timed out: processing took longer than the {_budget:g} s allowed per document (--doc-timeout); "
               "the other articles are not affected: report it with the file if it looks like an ordinary article")
    except Exception as exc:  # noqa: BLE001 - the per-document firewall: the batch goes on
        why = (f"could not be processed ({type(exc).__name__}: {str(exc)[:300]}); the other articles are not "
               "affected: check the file, and report it with the file if it looks like an ordinary article")
    raw = RawDocument(doc_id=doc_id, path=display_path(rel))
    raw.fail(why)
    return doc_id, None, failed_output(raw), None, None, None


def run_tasks(tasks: list):
    """``work`` over ``tasks``, in this thread, or, where ``time_budget`` cannot stop a document (not
    the main thread: a Dask worker runs tasks in threads), in a forked child, whose one thread is
    its main thread. The child shares this process's compiled rules (copy-on-write) and sends the
    results back pickled as each document finishes; it cannot be a multiprocessing child, as a
    Dask worker is a daemon process, which multiprocessing forbids to have children."""
    if _budget <= 0 or not hasattr(os, "fork") or threading.current_thread() is threading.main_thread():
        yield from map(work, tasks)
        return
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child (coverage does not follow it)
        os.close(read_end)
        code = 1
        try:
            with os.fdopen(write_end, "wb") as sink:
                for task in tasks:
                    pickle.dump(work(task), sink, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)  # not the parent's exit handlers (a Dask worker's)
    os.close(write_end)
    given = 0
    try:
        with os.fdopen(read_end, "rb") as source:
            while given < len(tasks):
                yield pickle.load(source)
                given += 1
    except (EOFError, pickle.UnpicklingError):
        pass
    finally:
        _, status = os.waitpid(pid, 0)
    if given < len(tasks) or status:
        raise ChildProcessError(f"the process running {len(tasks)} documents ended after {given} "
                                f"(wait status {status}): killed, or out of memory?")


def _stages(kind: str, payload: tuple, caching: bool) -> tuple:
    probe, previous, redo = None, None, STAGES
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
        seg, tokens = _processor.segment(raw)
        if caching:
            seg.tokens = tokens.pack() if tokens is not None else None
            seg_blob = serialise("segmented", seg)
            probe = rule_changes.squeeze(seg.normalized.text if seg.normalized is not None else "")
    output, extraction = _processor.extract(seg, tokens, previous, redo)
    blob = serialise("output", output) if caching else None
    matches = serialise("extraction", extraction) if caching and extraction else None
    return output.doc_id, seg_blob, output, blob, matches, probe


def collect(results, outputs: dict, cache: StageCache, keys: dict, bar=None) -> None:
    """Keep each result's output and put its blobs in the cache."""
    for n, (doc_id, seg_blob, output, output_blob, matches, probe) in enumerate(results, start=1):
        outputs[doc_id] = output
        seg_key, ext_key = keys.pop(doc_id)  # each document comes once: its keys are not needed again
        if output_blob is not None:
            cache.put(doc_id, seg_key, seg_blob, ext_key, output_blob, matches, probe)
        if n % 500 == 0:
            cache.commit()
            gc.freeze()  # the rows collected so far live to the end of the run (see run_corpus)
        if bar is not None:
            bar.update(1)
