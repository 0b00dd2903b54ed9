"""The per-document work of a batch, in this process or in a pool / cluster worker.

``run.plan_document`` decides what each document needs and makes it a task; ``work`` runs the
stale stages of one task with this process's ``DocumentProcessor``; ``collect`` stores the results
in the stage cache. Whatever goes wrong with one document becomes its failed row.
"""
from __future__ import annotations

import gc
import signal

from . import rule_changes
from .cache import StageCache
from .cache_codec import CacheCorrupt, deserialise, serialise
from .extractor import STAGES
from .ingest import RawDocument, display_path
from .processor import DocumentProcessor, Settings, processor_for
from .rows import failed_output

_processor: DocumentProcessor | None = None  # this process's, set by init_worker


def init_worker(settings: Settings) -> bool:
    """Compile the rules once per process; again only when the settings or any rule file changed.
    True when they were compiled anew."""
    global _processor
    compiled = processor_for(settings)
    fresh = compiled is not _processor
    _processor = compiled
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


def work(task: tuple) -> tuple:
    """Run the stale stages of one document; whatever goes wrong becomes that document's failed row.

    Returns (doc_id, new segmented blob or None, output, output blob or None, extraction blob or
    None, squeezed text or None). Blobs are the cache's JSON
    (cache_codec); in a worker process the output travels back pickled by multiprocessing."""
    kind, payload, doc_id, rel, caching = task
    try:
        return _stages(kind, payload, caching)
    except Exception as exc:  # noqa: BLE001 - the per-document firewall: the batch goes on
        raw = RawDocument(doc_id=doc_id, path=display_path(rel))
        raw.fail(f"could not be processed ({type(exc).__name__}: {str(exc)[:300]}); the other articles are not "
                 "affected: check the file, and report it with the file if it looks like an ordinary article")
        return doc_id, None, failed_output(raw), None, None, None


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
