"""Conditions on the subject of the trigger (the phrase before it in its clause)."""
from __future__ import annotations

from ...registry import event_requirements
from ..arguments import np_label, person_or_label
from . import Check, read_label


@event_requirements.register("subject_not", value=read_label)
def subject_not(check: Check, value: str) -> bool:
    """``subject_not: LABEL``: the subject is not (mostly) an entity of this label ("明星亮相")."""
    subject = check.left.subject
    return subject is None or np_label(check.ctx, check.sent, subject, strict=True) != value


@event_requirements.register("subject_is", value=read_label, lists=["titles"])
def subject_is(check: Check, value: str) -> bool:
    """``subject_is: LABEL``: the subject is an entity of this label (PERSON also: a title before a
    name, "主帅斯塔姆")."""
    subject = check.left.subject
    return subject is not None and person_or_label(check.ctx, check.sent, subject) == value
