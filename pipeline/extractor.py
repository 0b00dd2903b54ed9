"""Extract stage: entities, dates and events from one segmented document.

The three extractors are configured from data under ``rules/`` (entities/, dates/, events/) and
compiled once; ``Extractor`` only runs them in order, because events take the entity and date
matches as their arguments.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from .dates import DateExtractor
from .entities import EntityExtractor
from .events import EventExtractor
from .docview import DocView
from .records import Extraction
from .rule_changes import snapshot
from .rules import fingerprint, rule_files
from .segment import Tokens

STAGES = frozenset({"entities", "dates", "events"})  # the extractors, named as their rules/ folders


class Extractor:
    def __init__(self, entities: EntityExtractor, dates: DateExtractor, events: EventExtractor):
        self.entities = entities
        self.dates = dates
        self.events = events

    @classmethod
    def from_rules(cls, rules_dir: Path) -> "Extractor":
        return cls(EntityExtractor.from_rules(rules_dir), DateExtractor.from_rules(rules_dir),
                   EventExtractor.from_rules(rules_dir))

    def extract(self, doc: "Doc | Tokens", anchor: dt.date | None, previous: Extraction | None = None,
                redo: frozenset[str] = STAGES, lost: list | None = None) -> Extraction:
        """``doc`` is a spaCy Doc or the pipeline's plain ``Tokens`` (cheaper: no Doc to read back).

        With ``previous`` (this document's extraction under the last rules), only the extractors
        named in ``redo`` run again; events always do, as they read the entities and dates. A
        ``lost`` list receives ``(candidate, winner)`` for every entity candidate that lost an
        overlap (``zhnews explain``)."""
        text = doc.text
        reuse = previous is not None
        if reuse and "entities" not in redo:
            entities = previous.entities
        else:  # one view of the words and sentences serves entities and events
            doc = DocView.of(doc)
            if lost is not None:
                entities, losers = self.entities.extract(doc, explain=True)
                lost.extend(losers)
            else:
                entities = self.entities.extract(doc)
        dates = previous.dates if reuse and "dates" not in redo else self.dates.extract(text, anchor)
        events = self.events.extract(doc, entities, dates, text=text)
        return Extraction(entities=entities, dates=dates, events=events)


def extract_fingerprint(rule_files: "Path | dict[str, bytes]") -> str:
    """Hash of every rule file the extract stage reads (not the lexicon: that is segmentation's),
    given as a rules folder or as its ``rule_changes.snapshot``."""
    if not isinstance(rule_files, dict):
        rule_files = snapshot(Path(rule_files))
    digest = hashlib.sha256()
    for rel, content in sorted(rule_files.items()):
        digest.update(rel.encode() + b"\0" + content + b"\0")
    return digest.hexdigest()[:16]


def segment_fingerprint(rules_dir: Path) -> str:
    return fingerprint(rule_files(rules_dir, "lexicon", ("*.txt",)) + rule_files(rules_dir, "normalize"))
