"""Plain data passed between stages.

Offsets in ``*Match`` records are character offsets into the *normalized* (cleaned, simplified)
text; the tables stage maps them back to the original text through ``OffsetMap``.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class EntityMatch:
    """One PERSON / ORG / EVENT mention found by a rule."""

    start: int
    end: int
    label: str  # PERSON | ORG | EVENT
    rule_id: str
    # Canonical name when a gazetteer (or a linking rule) knows it, else None.
    canonical: str | None = None
    # Other surface forms the rule saw for the same thing (e.g. the Latin name in parentheses).
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One time expression, normalised following TIMEX3 conventions."""

    start: int
    end: int
    type: str  # DATE | DURATION | SET | TIME
    value: str  # ISO 8601, '' when it cannot be resolved
    mod: str  # '' | APPROX | START | MID | END | MORE_THAN | LESS_THAN
    anchor: str  # ISO date the value was resolved against, '' when none
    rule_id: str
    note: str = ""  # why the value is empty although the expression was read (outside years 1-9999)


@dataclass(frozen=True, slots=True)
class EventArgument:
    role: str  # person | org | to_org | product | role | date
    start: int
    end: int
    # Index into the document's entity or date match list when the argument is one of them.
    entity_index: int | None = None
    date_index: int | None = None
    # "" for a phrase of the event's own clause; "sentence" for an organisation taken from elsewhere
    # in the sentence (a topic "X：", the nearest ORG before the trigger): facts.org_source says so.
    source: str = ""


@dataclass(frozen=True, slots=True)
class EventMatch:
    type: str  # e.g. personnel.depart
    trigger_start: int
    trigger_end: int
    rule_id: str
    arguments: tuple[EventArgument, ...] = ()
    modality: str = "asserted"  # asserted | scheduled | negated | hypothetical | planned | reported_denial
    date_index: int | None = None  # the date argument, when one was attached
    # where the date came from: clause | sentence (of the trigger), '' when none was found there
    date_source: str = ""


@dataclass(slots=True)
class Extraction:
    """Everything the extract stage found in one document."""

    entities: list[EntityMatch] = field(default_factory=list)
    dates: list[DateMatch] = field(default_factory=list)
    events: list[EventMatch] = field(default_factory=list)
