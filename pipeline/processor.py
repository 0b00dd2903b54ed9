"""One document through every stage: normalize -> segment -> extract -> its table rows.

``DocumentProcessor`` holds the compiled rules and engines. ``processor_for(settings)`` gives this
process's one instance, compiled once and again only when the settings or a rule file change:
the batch (``run``, its workers, ``cluster``), ``zhnews.extract`` and ``zhnews explain`` all go
through it, so they give the same rows for the same text.
"""
from __future__ import annotations

import datetime as dt
import gc
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from .extractor import STAGES, Extractor
from .facts import FactRules
from .ingest import DEFAULT_MAX_BYTES, RawDocument
from .normalize import Normalized, NormalizeRules, normalize_text
from .records import EntityMatch, Extraction
from .rows import DocumentOutput, build_rows, document_row, failed_output, missing_published_warning
from .rules import DEFAULT_RULES_DIR, all_problems, fingerprint, source_location
from .segment import DEFAULT_ENGINE, Segmenter, Tokens


@dataclass(frozen=True)
class Settings:
    rules_dir: Path = DEFAULT_RULES_DIR
    engine: str = DEFAULT_ENGINE
    conversion: str = "auto"
    default_anchor: str = ""  # ISO date for documents without a published date
    max_bytes: int = DEFAULT_MAX_BYTES
    outside_links: bool = False  # follow symbolic links that lead out of the corpus
    columns: str = ""  # column names of record files, as --columns: text=body,published=date
    doc_timeout: float = 60.0  # seconds one document may take (0: no limit), see worker.time_budget

    def key(self) -> str:
        """The settings that change a document's rows (the stage cache's key): not the time budget."""
        return json.dumps({k: str(v) for k, v in asdict(self).items() if k not in ("rules_dir", "doc_timeout")},
                          sort_keys=True)


@dataclass
class Segmented:
    """What the normalize and segment stages leave for extraction (the cached unit)."""

    raw: RawDocument
    normalized: Normalized | None
    tokens: tuple | None = None  # Tokens.pack()


@dataclass
class Processed:
    """Everything one document went through (``DocumentProcessor.process``)."""

    segmented: Segmented
    tokens: Tokens | None
    output: DocumentOutput
    extraction: Extraction | None
    # with explain: (candidate, winner or None) for every entity candidate that lost an overlap
    lost: list[tuple[EntityMatch, EntityMatch | None]] = field(default_factory=list)


# The rule sets a processor compiles, each loadable on its own (``zhnews rules check`` reports the
# problems of each, so that one broken file does not hide the problems of another).
RULE_SETS = ("normalize", "lexicon", "entities", "dates", "events", "facts")


def rule_set_loaders() -> dict[str, Callable[[Path], object]]:
    from .dates import DateExtractor
    from .entities import EntityExtractor
    from .events import EventExtractor
    from .segment import load_lexicon

    loaders = {"normalize": NormalizeRules.from_rules, "lexicon": load_lexicon, "entities": EntityExtractor.from_rules,
               "dates": DateExtractor.from_rules, "events": EventExtractor.from_rules, "facts": FactRules.from_rules}
    return {name: loaders[name] for name in RULE_SETS}


def rule_problems(rules_dir: Path) -> list[dict]:
    """Every problem of every rule set under ``rules_dir``: rules (the set), file and line (of the
    user's own file when an overlay merged it), code, message, hint."""
    problems = []
    for name, load in rule_set_loaders().items():
        for exc in all_problems(load, rules_dir):
            file, line = source_location(exc.path, exc.line)
            problems.append({"rules": name, "file": file, "line": line, "code": exc.code, "message": exc.message,
                             "hint": exc.hint})
    return problems


def all_rules_fingerprint(rules_dir: Path) -> str:
    return fingerprint([p for p in rules_dir.rglob("*") if p.is_file()]) if rules_dir.is_dir() else ""


class DocumentProcessor:
    """Holds the compiled rules and engines; one per process (see ``processor_for``)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.normalize_rules = NormalizeRules.from_rules(settings.rules_dir)
        self.segmenter = Segmenter.from_rules(settings.rules_dir, settings.engine)
        self.extractor = Extractor.from_rules(settings.rules_dir)
        self.fact_rules = FactRules.from_rules(settings.rules_dir)

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
                redo: frozenset[str] = STAGES, lost: list | None = None) -> tuple[DocumentOutput, Extraction | None]:
        """The document's rows and extraction; ``previous``/``redo`` as in ``Extractor.extract``; a
        ``lost`` list receives the entity candidates that lost an overlap."""
        raw, norm = seg.raw, seg.normalized
        if norm is None:
            return failed_output(raw), None
        if tokens is None:
            tokens = Tokens.unpack(norm.text, seg.tokens)
        anchor_text = raw.metadata.get("published") or self.settings.default_anchor
        anchor = dt.date.fromisoformat(anchor_text) if anchor_text else None
        extraction = self.extractor.extract(tokens, anchor, previous, redo, lost=lost, script=norm.script)
        sentence_starts = [start for start, _end in tokens.sentences()]
        row = document_row(raw, norm, len(sentence_starts), missing_published_warning(raw, self.settings.default_anchor))
        rows = build_rows(raw, norm, sentence_starts, extraction, self.fact_rules)
        return DocumentOutput(raw.doc_id, row, rows), extraction

    def process(self, raw: RawDocument, explain: bool = False) -> Processed:
        """Every stage for one document read by the caller (``zhnews.extract``, ``zhnews explain``);
        with ``explain``, the overlap losers too."""
        seg, tokens = self.segment(raw)
        lost: list = []
        output, extraction = self.extract(seg, tokens, lost=lost if explain else None)
        return Processed(seg, tokens, output, extraction, lost)


_PROCESSOR: DocumentProcessor | None = None
_PROCESSOR_KEY: tuple | None = None


def processor_for(settings: Settings) -> DocumentProcessor:
    """This process's processor for ``settings``: the rules are compiled once per process, again
    only when the settings or any rule file changed."""
    global _PROCESSOR, _PROCESSOR_KEY
    key = (settings, all_rules_fingerprint(settings.rules_dir))
    if _PROCESSOR is None or _PROCESSOR_KEY != key:
        # Compiling allocates objects that live as long as the process (rules, word tables): the
        # ~140 collections it would trigger (0.04 s) find nothing to free.
        collecting = gc.isenabled()
        gc.disable()
        try:
            _PROCESSOR = DocumentProcessor(settings)
        finally:
            if collecting:
                gc.enable()
        _PROCESSOR_KEY = key
    return _PROCESSOR


def forget_processor() -> None:
    """Drop the compiled processor: the next ``processor_for`` compiles the rules afresh (benchmarks)."""
    global _PROCESSOR, _PROCESSOR_KEY
    _PROCESSOR = _PROCESSOR_KEY = None
