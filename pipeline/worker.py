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
import select
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
# how much longer than the budget a BudgetChild may stay silent before it is killed
_CHILD_GRACE_SECONDS = 30.0


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
    if (seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread()
            or signal.getitimer(signal.ITIMER_REAL)[0]):  # a program calling zhnews.run has its own alarm set
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
    return _failed(doc_id, rel, why)


def _failed(doc_id: str, rel, why: str) -> tuple:
    """``work``'s result for a document that failed: its failed row, nothing for the cache."""
    raw = RawDocument(doc_id=doc_id, path=display_path(rel))
    raw.fail(why)
    return doc_id, None, failed_output(raw), None, None, None


def run_tasks(tasks: list):
    """``work`` over ``tasks``, in this thread, or, where ``time_budget`` cannot stop a document (not
    the main thread: a Dask worker runs tasks in threads), in this thread's ``BudgetChild``."""
    if _budget <= 0 or not hasattr(os, "fork") or threading.current_thread() is threading.main_thread():
        yield from map(work, tasks)
        return
    for task in tasks:  # the child of each task: a silent one is killed and the next task forks anew
        yield BudgetChild.of_this_thread().work(task)


class BudgetChild:
    """A forked child process that runs ``work`` in its one thread, which is its main thread, so
    that ``time_budget`` can stop a document there. One per thread of this process (a Dask worker's
    task threads), kept while the rules stay the same: its caches stay warm from partition to
    partition (a cold start costs up to ~20% of a 256-document partition). It shares this process's
    compiled rules copy-on-write, takes one task at a time over a pipe and answers with the result,
    pickled. It cannot be a multiprocessing child: a Dask worker is a daemon process, which
    multiprocessing forbids to have children. It ends when this process closes its pipe (or dies)."""

    _lock = threading.Lock()
    _children: dict[int, "BudgetChild"] = {}  # thread ident -> its child

    @classmethod
    def of_this_thread(cls) -> "BudgetChild":
        ident = threading.get_ident()
        with cls._lock:
            child = cls._children.get(ident)
            if child is None or child.processor is not _processor or child.budget != _budget:
                if child is not None:
                    child.close()
                child = cls._children[ident] = cls()
            return child

    def __init__(self) -> None:
        self.processor, self.budget = _processor, _budget
        tasks_read, tasks_write = os.pipe()
        results_read, results_write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - the child (coverage does not follow it)
            os.close(tasks_write)
            os.close(results_read)
            for other in self._children.values():  # or another child would hold their pipes open
                other.inbox.close()
                other.outbox.close()
            self._serve(tasks_read, results_write)
        os.close(tasks_read)
        os.close(results_write)
        self.inbox, self.outbox = os.fdopen(tasks_write, "wb"), os.fdopen(results_read, "rb")

    @staticmethod
    def _serve(tasks_read: int, results_write: int) -> None:  # pragma: no cover - runs in the child
        code = 1
        try:
            with os.fdopen(tasks_read, "rb") as inbox, os.fdopen(results_write, "wb") as outbox:
                while True:
                    try:
                        task = pickle.load(inbox)
                    except EOFError:
                        break
                    pickle.dump(work(task), outbox, protocol=pickle.HIGHEST_PROTOCOL)
                    outbox.flush()
            code = 0
        finally:
            os._exit(code)  # not the parent's exit handlers (a Dask worker's)

    def work(self, task: tuple) -> tuple:
        try:
            pickle.dump(task, self.inbox, protocol=pickle.HIGHEST_PROTOCOL)
            self.inbox.flush()
            # the child's own alarm stops a document; this watch covers what no signal interrupts (a
            # native call that never returns, a lock inherited held across the fork): kill the child,
            # fail that one document, and the next task forks a fresh child
            if not select.select([self.outbox], [], [], self.budget + _CHILD_GRACE_SECONDS)[0]:
                os.kill(self.pid, signal.SIGKILL)
                self._forget()
                doc_id, rel = task[2], task[3]
                return _failed(doc_id, rel, f"timed out: the process running it did not answer within "
                               f"{self.budget + _CHILD_GRACE_SECONDS:g} s (--doc-timeout {self.budget:g} s) and was "
                               "stopped; the other articles are not affected: report it with the file")
            return pickle.load(self.outbox)
        except (OSError, EOFError, pickle.UnpicklingError):
            self._forget()
            raise ChildProcessError(f"the process that runs documents for this worker ended (wait status "
                                    f"{self.status}): killed, or out of memory?") from None

    def _forget(self) -> None:
        """Drop this child: no later task of this thread goes to it, and its process is reaped."""
        with self._lock:
            if self._children.get(threading.get_ident()) is self:
                del self._children[threading.get_ident()]
        self.close()

    def close(self) -> None:
        for pipe in (self.inbox, self.outbox):
            try:
                pipe.close()
            except OSError:
                pass
        self.status = os.waitpid(self.pid, 0)[1]


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
