"""Decade and century resolvers (90年代, 本世纪初, 二十世纪八十年代): TIMEX3 values of 3 and 2 digits."""
from __future__ import annotations

import datetime as dt

from ...registry import date_resolvers
from ..lexicon import DateLexicon
from ..model import Candidate, Ref, Resolution


@date_resolvers.register("decade", lists=["decade_part", "century_prefix"])
def decade(lex: DateLexicon, c: Candidate, anchor: dt.date | None, last: Ref | None,
           anchor_iso: str) -> Resolution | None:
    """Decades (2020年代, 90年代, 上世纪80年代, 二十世纪八十年代末); a decade without a century is the latest one begun by the anchor (setting default_century without an anchor)."""
    g = c.g
    mod = lex["decade_part"][g["decsub"]] if "decsub" in g else ""
    used = ""
    if "Y" in g:  # 2020年代
        y = lex.integer(g["Y"])
        if y is None or y % 10:
            return None
        return Resolution(value=f"{y // 10:03d}", mod=mod)
    dec = lex.integer(g["dec"])
    if dec is None or dec % 10 or not 0 < dec < 100:
        return None
    if "C" in g:
        cent = lex.integer(g["C"])
        if not cent:
            return None
        base = cent - 1
    elif "crel" in g:
        if anchor is None:
            return Resolution(mod=mod)
        base, used = (anchor.year - 1) // 100 + 1 - 1 + lex["century_prefix"][g["crel"]], anchor_iso
    elif anchor is not None:
        # The latest such decade that has started by the anchor (90年代 -> 1990s, 20年代 -> 2020s).
        base, used = anchor.year // 100, anchor_iso
        if base * 100 + dec > anchor.year:
            base -= 1
    else:
        base = lex.settings["default_century"]
    value = f"{base * 10 + dec // 10:03d}"
    if "dec0" in g:  # 八九十年代: from the first decade
        dec0 = lex.integer(g["dec0"])
        dec0 = dec0 * 10 if dec0 is not None and dec0 < 10 else dec0
        if dec0 is None or dec0 % 10 or dec0 >= dec:
            return None
        value = f"{base * 10 + dec0 // 10:03d}/{value}"
    return Resolution(value=value, mod=mod, anchor=used)


@date_resolvers.register("century", lists=["decade_part", "century_prefix"])
def century(lex: DateLexicon, c: Candidate, anchor: dt.date | None, last: Ref | None,
            anchor_iso: str) -> Resolution | None:
    """Centuries written out (二十世纪) or relative to the anchor (本世纪, 上世纪末)."""
    g = c.g
    mod = lex["decade_part"][g["decsub"]] if "decsub" in g else ""
    if "C" in g:
        cent = lex.integer(g["C"])
        if not cent or cent > 30:
            return None
        return Resolution(value=f"{cent - 1:02d}", mod=mod)
    if anchor is None:
        return Resolution(mod=mod)
    cent = (anchor.year - 1) // 100 + 1 + lex["century_prefix"][g["crel"]]
    return Resolution(value=f"{cent - 1:02d}", mod=mod, anchor=anchor_iso)
