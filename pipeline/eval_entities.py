"""Score the entity rules on externally annotated data (CLUENER2020, People's Daily 1998 NER).

Exact-span precision / recall / F1 per label (PERSON, ORG), for the text as distributed (simplified)
and converted to traditional with OpenCC ``s2tw``, next to the ``jieba.posseg`` baseline (``nr`` ->
PERSON, ``nt`` -> ORG) computed in the same run. The most frequent false positives and misses are
listed to guide rule work.

Label mapping:
- CLUENER: ``name`` -> PERSON; ``organization`` + ``company`` + ``government`` -> ORG.
- People's Daily BIO: ``PER`` -> PERSON; ``ORG`` -> ORG.

The data lives outside the repository (``../shared/eval``); nothing from it is copied here.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

LABELS = ("PERSON", "ORG")
CLUENER_MAP = {"name": "PERSON", "organization": "ORG", "company": "ORG", "government": "ORG"}
BIO_MAP = {"PER": "PERSON", "ORG": "ORG", "PERSON": "PERSON"}

Span = tuple[int, int, str]  # start, end (exclusive), label


@dataclass
class Example:
    text: str
    spans: frozenset[Span]


# --------------------------------------------------------------------------------------------
# Loaders


def load_cluener(path: Path, limit: int | None = None) -> list[Example]:
    """CLUENER JSON lines: ``{"text", "label": {type: {entity: [[start, end_inclusive], ...]}}}``."""
    examples: list[Example] = []
    with Path(path).open(encoding="utf-8") as handle:
        for raw in handle:
            if not raw.strip():
                continue
            obj = json.loads(raw)
            text = obj["text"]
            spans: set[Span] = set()
            for kind, entities in (obj.get("label") or {}).items():
                label = CLUENER_MAP.get(kind)
                if label is None:
                    continue
                for _entity, positions in entities.items():
                    for start, end in positions:
                        spans.add((start, end + 1, label))
            examples.append(Example(text, frozenset(spans)))
            if limit and len(examples) >= limit:
                break
    return examples


def load_bio(path: Path, limit: int | None = None) -> list[Example]:
    """BIO files: one ``CHAR TAG`` per line, blank line between sentences."""
    examples: list[Example] = []
    chars: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if chars:
            examples.append(Example("".join(chars), frozenset(bio_spans(tags))))
        chars.clear()
        tags.clear()

    with Path(path).open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if not line.strip():
                flush()
                if limit and len(examples) >= limit:
                    return examples
                continue
            if line.startswith(" ") or line.startswith("\t"):  # the character itself is a space
                char, tag = " ", line.split()[-1]
            else:
                parts = line.split()
                char, tag = parts[0], parts[-1] if len(parts) > 1 else "O"
            chars.append(char[:1])
            tags.append(tag)
    flush()
    return examples[:limit] if limit else examples


def bio_spans(tags: list[str]) -> Iterator[Span]:
    """Spans of a BIO / BIOES tag sequence, restricted to the types in ``BIO_MAP``."""
    start: int | None = None
    kind: str | None = None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, typ = tag.partition("-")
        continues = prefix in ("I", "M", "E") and typ == kind and start is not None
        if not continues:
            if start is not None and kind in BIO_MAP:
                yield (start, i, BIO_MAP[kind])
            start, kind = (i, typ) if prefix in ("B", "S", "I", "M", "E") else (None, None)
        if prefix in ("E", "S") and start is not None:
            if kind in BIO_MAP:
                yield (start, i + 1, BIO_MAP[kind])
            start, kind = None, None


def to_traditional(examples: list[Example], config: str = "s2tw") -> list[Example]:
    """The same examples converted with OpenCC (``s2tw`` keeps lengths, so gold spans still apply)."""
    import opencc

    converter = opencc.OpenCC(config)
    out = []
    for ex in examples:
        converted = converter.convert(ex.text)
        if len(converted) != len(ex.text):  # rare; keep alignment by converting char by char
            converted = "".join(converter.convert(ch) if len(converter.convert(ch)) == 1 else ch for ch in ex.text)
        out.append(Example(converted, ex.spans))
    return out


def split_half(examples: list[Example], half: str) -> list[Example]:
    """The examples whose text hashes into ``half`` ("tune" or "held"): a split stable across runs
    and machines, so the rules can be tuned on one half and reported on the other."""
    import hashlib

    want = 0 if half == "tune" else 1
    return [ex for ex in examples if hashlib.md5(ex.text.encode("utf-8")).digest()[0] % 2 == want]


# --------------------------------------------------------------------------------------------
# Scoring


@dataclass
class Score:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    false_positives: dict[str, Counter] = field(default_factory=dict)
    misses: dict[str, Counter] = field(default_factory=dict)

    def prf(self, label: str) -> tuple[float, float, float]:
        tp, fp, fn = self.tp[label], self.fp[label], self.fn[label]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def f1(self, label: str) -> float:
        return self.prf(label)[2]

    def merge(self, other: "Score") -> "Score":
        """Add another chunk's counts (scores of disjoint example sets add up)."""
        self.tp.update(other.tp)
        self.fp.update(other.fp)
        self.fn.update(other.fn)
        for label, counts in other.false_positives.items():
            self.false_positives.setdefault(label, Counter()).update(counts)
        for label, counts in other.misses.items():
            self.misses.setdefault(label, Counter()).update(counts)
        return self


def score(examples: Iterable[Example], predict: Callable[[str], Iterable[Span]],
          labels: tuple[str, ...] = LABELS) -> Score:
    """Exact-span scoring: a prediction counts only if start, end and label all match."""
    result = Score(false_positives={l: Counter() for l in labels}, misses={l: Counter() for l in labels})
    for ex in examples:
        gold = {s for s in ex.spans if s[2] in labels}
        pred = {s for s in predict(ex.text) if s[2] in labels}
        for s in pred & gold:
            result.tp[s[2]] += 1
        for s in pred - gold:
            result.fp[s[2]] += 1
            result.false_positives[s[2]][ex.text[s[0]:s[1]]] += 1
        for s in gold - pred:
            result.fn[s[2]] += 1
            result.misses[s[2]][ex.text[s[0]:s[1]]] += 1
    return result


# --------------------------------------------------------------------------------------------
# Predictors


def jieba_posseg_predictor() -> Callable[[str], list[Span]]:
    """The baseline: ``jieba.posseg`` words tagged ``nr*`` -> PERSON, ``nt`` -> ORG."""
    import jieba.posseg as pseg

    def predict(text: str) -> list[Span]:
        spans = []
        pos = 0
        for pair in pseg.lcut(text):
            word, flag = pair.word, pair.flag
            end = pos + len(word)
            if flag in ("nr", "nrfg", "nrt"):
                spans.append((pos, end, "PERSON"))
            elif flag == "nt":
                spans.append((pos, end, "ORG"))
            pos = end
        return spans

    return predict


def _normalizer() -> Callable[[str], tuple[str, Callable[[int, int], tuple[int, int]]]]:
    """The pipeline's normalizer when it is there, else plain OpenCC t2s (keeps lengths)."""
    try:
        from .normalize import normalize_text  # type: ignore[attr-defined]
    except ImportError:
        normalize_text = None
    if normalize_text is not None:
        def run(text: str):
            norm = normalize_text(text)
            return norm.text, norm.to_original
        return run
    import opencc

    converter = opencc.OpenCC("t2s")

    def run_opencc(text: str):
        converted = converter.convert(text)
        if len(converted) != len(text):
            converted = "".join(c if len(c) == 1 else ch for ch, c in ((ch, converter.convert(ch)) for ch in text))
        return converted, lambda s, e: (s, e)

    return run_opencc


def pipeline_predictor(rules_dir: Path | None = None, engine: str | None = None) -> Callable[[str], list[Span]]:
    """Normalize -> segment -> ``EntityExtractor``, offsets mapped back to the input text."""
    from .entities import EntityExtractor
    from .rules import DEFAULT_RULES_DIR
    from .segment import DEFAULT_ENGINE, Segmenter

    rules_dir = Path(rules_dir or DEFAULT_RULES_DIR)
    segmenter = Segmenter.from_rules(rules_dir, engine or DEFAULT_ENGINE)
    extractor = EntityExtractor.from_rules(rules_dir)
    normalize = _normalizer()

    def predict(text: str) -> list[Span]:
        normalized, to_original = normalize(text)
        doc = segmenter.make_doc(normalized)
        spans = []
        for m in extractor.extract(doc):
            start, end = to_original(m.start, m.end)
            spans.append((start, end, m.label))
        return spans

    return predict


# --------------------------------------------------------------------------------------------
# Report


def format_score(name: str, result: Score, labels: tuple[str, ...] = LABELS) -> str:
    parts = []
    for label in labels:
        p, r, f = result.prf(label)
        parts.append(f"{label} P={p:.3f} R={r:.3f} F1={f:.3f}")
    return f"{name:<34} " + "  ".join(parts)


def format_errors(result: Score, top: int = 25, labels: tuple[str, ...] = LABELS) -> str:
    lines = []
    for label in labels:
        fps = ", ".join(f"{t}×{n}" for t, n in result.false_positives[label].most_common(top))
        fns = ", ".join(f"{t}×{n}" for t, n in result.misses[label].most_common(top))
        lines.append(f"  {label} top false positives: {fps}")
        lines.append(f"  {label} top misses:          {fns}")
    return "\n".join(lines)


def _baseline_chunk(examples: list[Example]) -> Score:
    return score(examples, jieba_posseg_predictor())


def evaluate(datasets: dict[str, list[Example]], rules_dir: Path | None = None, traditional: bool = True,
             baseline: bool = True, errors: int = 25, workers: int | None = None,
             hong_kong: bool = False) -> tuple[dict[str, Score], str]:
    """Score pipeline (and baseline) on each dataset, simplified and s2tw. Returns scores and a report.

    The ``jieba.posseg`` baseline is slow (its HMM crawls on traditional text, which its dictionary
    mostly lacks), so it runs in ``workers`` background processes while the pipeline is scored.
    """
    import os
    from concurrent.futures import ProcessPoolExecutor

    predict = pipeline_predictor(rules_dir)
    variants: list[tuple[str, str, list[Example]]] = []
    for name, examples in datasets.items():
        variants.append((name, "simplified", examples))
        if traditional:
            variants.append((name, "s2tw", to_traditional(examples)))
        if hong_kong:
            variants.append((name, "s2hk", to_traditional(examples, "s2hk")))
    scores: dict[str, Score] = {}
    pending: dict[str, list] = {}
    pool = None
    if baseline:
        workers = workers or max(1, min(4, (os.cpu_count() or 2)))
        total = sum(len(data) for _n, _v, data in variants)
        if workers > 1 and total > 2000:
            import multiprocessing

            pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
            for name, variant, data in variants:
                size = max(500, len(data) // (workers * 2) + 1)
                pending[f"{name}/{variant}"] = [pool.submit(_baseline_chunk, data[i:i + size])
                                                for i in range(0, len(data), size)]
    try:
        for name, variant, data in variants:
            scores[f"{name}/{variant}"] = score(data, predict)
        lines: list[str] = []
        for name, variant, data in variants:
            key = f"{name}/{variant}"
            lines.append(format_score(f"zhnews   {key}", scores[key]))
            if baseline:
                if key in pending:
                    result = Score(false_positives={l: Counter() for l in LABELS}, misses={l: Counter() for l in LABELS})
                    for future in pending[key]:
                        result.merge(future.result())
                else:
                    result = _baseline_chunk(data)
                scores[f"baseline:{key}"] = result
                lines.append(format_score(f"baseline {key}", result))
        if errors:
            for name in datasets:
                lines.append(f"errors on {name}/simplified:")
                lines.append(format_errors(scores[f"{name}/simplified"], errors))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return scores, "\n".join(lines)
