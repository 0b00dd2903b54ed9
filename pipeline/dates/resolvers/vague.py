"""The vague resolver: time words with no value of their own."""
from __future__ import annotations

import datetime as dt

from ...registry import date_resolvers
from ..lexicon import DateLexicon
from ..model import Candidate, Ref, Resolution


@date_resolvers.register("vague")
def vague(lex: DateLexicon, c: Candidate, anchor: dt.date | None, last: Ref | None,
          anchor_iso: str) -> Resolution | None:
    """Time expressions no calendar value can be given (近日, 近年来, 前不久, 日前): rows with an empty value."""
    return Resolution()
