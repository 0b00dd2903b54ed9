"""The stage cache's data format: JSON, never pickle.

The cache lives in the output folder, which other people may be able to write; a pickle from
there could run any code on load. JSON can only ever give back data, and every object is rebuilt
here field by field from that data, so a crafted or corrupt entry raises ``CacheCorrupt`` (the
document is then processed again) instead of being trusted. ``serialise`` / ``deserialise`` are
the only entry points: one pair for each cached kind.
"""
from __future__ import annotations

import base64
import json
from dataclasses import fields
from typing import Any

import numpy as np

from .ingest import RawDocument
from .normalize import Normalized, _decode_map, _encode_map
from .records import DateMatch, EntityMatch, EventArgument, EventMatch, Extraction

FORMAT = "zhnews-cache-json-2"


class CacheCorrupt(Exception):
    """A cache entry that is not what this version writes: recompute the document."""


def serialise(kind: str, obj: Any) -> bytes:
    """``kind`` is one of 'segmented', 'output', 'extraction'."""
    return json.dumps([FORMAT, kind, _ENCODERS[kind](obj)], ensure_ascii=False, separators=(",", ":")).encode()


def deserialise(kind: str, blob: bytes) -> Any:
    try:
        form, stored_kind, data = json.loads(blob)
        if form != FORMAT or stored_kind != kind:
            raise CacheCorrupt(f"cache entry is {form}/{stored_kind}, expected {FORMAT}/{kind}")
        return _DECODERS[kind](data)
    except CacheCorrupt:
        raise
    except Exception as exc:  # any malformed entry: the document is processed again
        raise CacheCorrupt(f"unreadable {kind} cache entry ({type(exc).__name__}: {exc})") from None


# --- segmented (raw document, normalized text, packed tokens) ------------------------------------

def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _encode_segmented(seg) -> dict:
    norm = seg.normalized
    encoded_norm = None
    if norm is not None:
        (breaks, run_starts, run_ends), n = _encode_map(norm.starts, norm.ends)
        # most documents keep their text as it is (simplified, no noise): stored once, in raw
        same = norm.text == (seg.raw.visible or seg.raw.text)
        encoded_norm = {"text": None if same else norm.text, "map": [breaks.tolist(), run_starts.tolist(), run_ends.tolist(), n],
                        "script": norm.script, "conversion": norm.conversion,
                        "replacement_chars": norm.replacement_chars, "noise_removed": norm.noise_removed,
                        "noise_detail": norm.noise_detail, "fields": norm.fields}
    tokens = None if seg.tokens is None else [_b64(seg.tokens[0]), seg.tokens[1], _b64(seg.tokens[2])]
    return {"raw": {f.name: getattr(seg.raw, f.name) for f in fields(RawDocument)}, "norm": encoded_norm,
            "tokens": tokens}


def _decode_segmented(data: dict):
    from .processor import Segmented

    raw = RawDocument(**{f.name: _typed(data["raw"][f.name], _RAW_KINDS.get(f.name) or type(getattr(_RAW_DEFAULTS, f.name)))
                         for f in fields(RawDocument)})
    norm = None
    if data["norm"] is not None:
        d = data["norm"]
        breaks, run_starts, run_ends, n = d["map"]
        starts, ends = _decode_map((np.asarray(breaks, np.int32), np.asarray(run_starts, np.int32),
                                    np.asarray(run_ends, np.int32)), int(n))
        text = raw.visible or raw.text if d["text"] is None else _typed(d["text"], str)
        if len(starts) != len(text):
            raise ValueError("offset map and text differ in length")
        norm = Normalized(text, starts, ends, str(d["script"]), str(d["conversion"]),
                          int(d["replacement_chars"]), int(d["noise_removed"]), _str_dict(d["noise_detail"], int),
                          _str_dict(d["fields"], str))
    tokens = None
    if data["tokens"] is not None:
        lengths, tags, starts = data["tokens"]
        tokens = (_unb64(lengths), _typed(tags, str), _unb64(starts))
    return Segmented(raw, norm, tokens)


def normalized_text(blob: bytes) -> str | None:
    """The normalized text inside a 'segmented' blob (a narrowed rerun reads it to test a rule
    edit), without rebuilding the rest; None when the blob holds none or is not this version's."""
    try:
        form, kind, data = json.loads(blob)
        if form != FORMAT or kind != "segmented" or data["norm"] is None:
            return None
        text = data["norm"]["text"]
        if text is None:
            raw = data["raw"]
            text = raw["visible"] or raw["text"]
        return text if isinstance(text, str) else None
    except Exception:  # noqa: BLE001 - any malformed entry: the caller re-extracts
        return None


_RAW_DEFAULTS = RawDocument(doc_id="", path="")
_RAW_KINDS = {"record": (int, type(None))}  # fields whose default (None) does not give their type


def _typed(value, kind):
    if kind is dict:
        return _str_dict(value, str)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        raise ValueError(f"expected {getattr(kind, '__name__', kind)}, found {type(value).__name__}")
    return value


def _str_dict(value, kind) -> dict:
    if not isinstance(value, dict):
        raise ValueError("expected a mapping")
    return {str(k): _typed(v, kind) for k, v in value.items()}


# --- document output (table rows) ------------------------------------------------------------------



def _encode_output(output) -> dict:
    return {"doc_id": output.doc_id, "document": output.document, "rows": output.rows}


def _decode_output(data: dict):
    from .rows import TUPLE_CELLS, DocumentOutput

    rows = {}
    for name, table in data["rows"].items():
        if not isinstance(table, list) or not all(type(row) is list for row in table):
            raise ValueError(f"rows of {name!r} are not lists")
        # one set of cell types per table, not a call per cell: a rerun reads thousands of these
        kinds = {type(cell) for row in table for cell in row}
        nested = TUPLE_CELLS.get(name, ())
        if not kinds <= (_CELL_TYPES | {list} if nested else _CELL_TYPES):
            raise ValueError(f"unexpected cell types in {name!r}")
        if nested:
            rows[str(name)] = [tuple(tuple(map(_cell, cell)) if type(cell) is list else cell for cell in row)
                               for row in table]
        else:
            rows[str(name)] = [tuple(row) for row in table]
    document = {str(k): _cell(v) for k, v in data["document"].items()}
    return DocumentOutput(_typed(data["doc_id"], str), document, rows)


_CELL_TYPES = {str, int, float, type(None)}


def _cell(value):
    if value is None or isinstance(value, (str, int, float)):
        return value
    raise ValueError(f"unexpected cell of type {type(value).__name__}")


# --- extraction (matches kept for a narrowed rerun) -----------------------------------------------

def _encode_extraction(ex: Extraction) -> dict:
    return {"entities": [[m.start, m.end, m.label, m.rule_id, m.canonical, list(m.aliases)] for m in ex.entities],
            "dates": [[d.start, d.end, d.type, d.value, d.mod, d.anchor, d.rule_id, d.note] for d in ex.dates],
            "events": [[e.type, e.trigger_start, e.trigger_end, e.rule_id,
                        [[a.role, a.start, a.end, a.entity_index, a.date_index, a.source] for a in e.arguments],
                        e.modality, e.date_index, e.date_source] for e in ex.events]}


def _decode_extraction(data: dict) -> Extraction:
    entities = [EntityMatch(int(s), int(e), str(label), str(rule), _cell(canonical), tuple(map(str, aliases)))
                for s, e, label, rule, canonical, aliases in data["entities"]]
    dates = [DateMatch(int(s), int(e), *map(str, rest)) for s, e, *rest in data["dates"]]
    events = [EventMatch(str(kind), int(ts), int(te), str(rule),
                         tuple(EventArgument(str(role), int(a), int(b), _cell(ei), _cell(di), str(src[0]) if src else "")
                               for role, a, b, ei, di, *src in arguments), str(modality), _cell(date_index),
                         str(date_source))
              for kind, ts, te, rule, arguments, modality, date_index, date_source in data["events"]]
    return Extraction(entities, dates, events)


_ENCODERS = {"segmented": _encode_segmented, "output": _encode_output, "extraction": _encode_extraction}
_DECODERS = {"segmented": _decode_segmented, "output": _decode_output, "extraction": _decode_extraction}
