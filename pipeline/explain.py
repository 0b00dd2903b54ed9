"""Why does a row exist? Run one text through every stage and keep what each stage decided.

``explain_text`` returns plain data (JSON-able): the normalized text, tokens, every mention, date
and event with the rule that produced it, and the entity candidates that lost an overlap and to
which rule.
"""
from __future__ import annotations

from pathlib import Path

from .ingest import RawDocument, make_doc_id, split_front_matter
from .processor import Settings, processor_for


def explain_text(original: str, settings: Settings = Settings(), published: str = "", path: str = "<text>") -> dict:
    """Run ``original`` through the processor ``zhnews run`` uses (so every mention, date and event
    is the row the run would write) and keep what each stage decided."""
    meta, body_start, _error = split_front_matter(original)
    raw = RawDocument(doc_id=make_doc_id(path), path=path, text=original, encoding="utf-8", body_start=body_start)
    published = published or str(meta.get("published", "") or "")[:10] or settings.default_anchor
    if published:
        raw.metadata["published"] = published
    done = processor_for(settings).process(raw, explain=True)
    norm, tokens, extraction = done.segmented.normalized, done.tokens, done.extraction
    entities, dates, events, lost = extraction.entities, extraction.dates, extraction.events, done.lost

    def span(start: int, end: int) -> dict:
        a, b = norm.to_original(start, end)
        return {"start": a, "end": b, "text": original[a:b], "text_simplified": norm.text[start:end]}

    return {
        "script": norm.script, "conversion": norm.conversion, "anchor": published,
        "noise_removed": dict(norm.noise_detail), "bylines": dict(norm.fields),
        "normalized": norm.text,
        "tokens": [f"{w}/{t}" for w, t in zip(tokens.words, tokens.tags) if not w.isspace()],
        "sentences": [norm.text[a:b].strip() for a, b in tokens.sentences()],
        "mentions": [{**span(m.start, m.end), "label": m.label, "canonical": m.canonical or "", "rule_id": m.rule_id}
                     for m in entities],
        "lost": [{**span(loser.start, loser.end), "label": loser.label, "rule_id": loser.rule_id,
                  "winner": ({**span(w.start, w.end), "label": w.label, "rule_id": w.rule_id} if w else None)}
                 for loser, w in lost],
        "dates": [{**span(d.start, d.end), "type": d.type, "value": d.value, "mod": d.mod, "anchor": d.anchor,
                   "rule_id": d.rule_id} for d in dates],
        "events": [{**span(e.trigger_start, e.trigger_end), "type": e.type, "modality": e.modality, "rule_id": e.rule_id,
                    "date_value": dates[e.date_index].value if e.date_index is not None else "",
                    "arguments": [{"role": a.role, **span(a.start, a.end),
                                   "source": ("mention" if a.entity_index is not None else
                                              "date" if a.date_index is not None else "span")}
                                  for a in e.arguments]}
                   for e in events],
    }


def render(report: dict) -> str:
    """The terminal view of ``explain_text``."""
    out: list[str] = []
    add = out.append
    add(f"script: {report['script']} (OpenCC {report['conversion']})   anchor: {report['anchor'] or '(none: relative dates stay unresolved)'}")
    if report["noise_removed"]:
        add("noise removed: " + ", ".join(f"{k}={v}" for k, v in report["noise_removed"].items()))
    if report["bylines"]:
        add("bylines: " + ", ".join(f"{k}={v}" for k, v in report["bylines"].items()))
    add("")
    add("normalized text:")
    add("  " + report["normalized"].strip().replace("\n", "\n  "))
    add("")
    add("tokens: " + " ".join(report["tokens"]))
    add("")
    add(f"mentions ({len(report['mentions'])}):")
    for m in report["mentions"]:
        canonical = f" -> {m['canonical']}" if m["canonical"] and m["canonical"] != m["text_simplified"] else ""
        add(f"  {m['start']:>5}-{m['end']:<5} {m['label']:<7} {m['text']}{canonical}   [{m['rule_id']}]")
    if report["lost"]:
        add(f"lost an overlap ({len(report['lost'])}):")
        for m in report["lost"]:
            w = m["winner"]
            to = f"to {w['text']} {w['label']} [{w['rule_id']}]" if w else "(dropped)"
            add(f"  {m['start']:>5}-{m['end']:<5} {m['label']:<7} {m['text']}   [{m['rule_id']}]  lost {to}")
    add(f"dates ({len(report['dates'])}):")
    for d in report["dates"]:
        mod = f" mod={d['mod']}" if d["mod"] else ""
        add(f"  {d['start']:>5}-{d['end']:<5} {d['type']:<8} {d['text']} = {d['value'] or '(unresolved)'}{mod}   [{d['rule_id']}]")
    add(f"events ({len(report['events'])}):")
    for e in report["events"]:
        when = f" @ {e['date_value']}" if e["date_value"] else ""
        modality = "" if e["modality"] == "asserted" else f" ({e['modality']})"
        add(f"  {e['type']}{modality}: {e['text']}{when}   [{e['rule_id']}]")
        for a in e["arguments"]:
            add(f"      {a['role']:<8} {a['text']}   ({a['source']})")
    return "\n".join(out)


def read_document_text(doc_id: str, out_dir: Path, corpus: Path) -> tuple[str, str, str]:
    """(text, path, published) of a document listed in OUT/documents from an earlier run."""
    import pandas as pd

    from .ingest import decode
    from .sources import read_records
    from .tables import read_table

    docs = read_table(out_dir, "documents")
    row = docs[docs["doc_id"] == doc_id]
    if row.empty:
        raise LookupError(f"no document {doc_id!r} in {out_dir}/documents.csv; copy a doc_id from that table")
    rel = str(row.iloc[0]["path"])
    published = row.iloc[0]["published"]
    published = "" if published is None or str(published) in ("nan", "<NA>") else str(published)
    path = corpus / rel if corpus.is_dir() else corpus
    record = row.iloc[0].get("record")
    if record is not None and not pd.isna(record):  # one record of a .jsonl/.csv/.parquet file
        for raw in read_records(path, rel):
            if raw.record == int(record):
                return raw.text, f"{rel}#{raw.record}", published
        raise LookupError(f"record {record} of {path} is gone; run again and take a doc_id from the new tables")
    text, _encoding, _warning = decode(path.read_bytes())
    return text, rel, published
