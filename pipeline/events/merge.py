"""Merging the mentions of one event in a document into one record."""
from __future__ import annotations

from ..records import EventArgument, EventMatch
from .loader import PARTICIPANTS, TypeRule

Found = tuple[EventMatch, int, "str | None"]  # event, start of its sentence, merge key


def merge(types: dict[str, TypeRule], found: list[Found]) -> list[EventMatch]:
    """Merge mentions of one event: same type and the same key argument (the type's ``merge``
    role), or a mention without a key next to one (same sentence, or within 120 characters)."""
    groups = _group(types, found)
    events: list[EventMatch] = []
    for members in groups:
        if len(members) == 1:
            events.append(found[members[0]][0])
            continue
        ranked = sorted(members, key=lambda m: (found[m][0].modality != "asserted", found[m][2] is None,
                                                found[m][0].trigger_start))
        first = found[ranked[0]][0]
        roles = {a.role for a in first.arguments}
        extra: list[EventArgument] = []
        date_index, date_source = first.date_index, first.date_source
        spans = {(a.start, a.end) for a in first.arguments if a.role in PARTICIPANTS}
        for m in ranked[1:]:
            other = found[m][0]
            for a in other.arguments:
                if a.role not in roles and not (a.role in PARTICIPANTS and (a.start, a.end) in spans):
                    extra.append(a)  # one span fills one participant role ("开除公职、开除党籍": the person)
            roles |= {a.role for a in other.arguments}
            if date_index is None:
                date_index, date_source = other.date_index, other.date_source
        events.append(EventMatch(first.type, first.trigger_start, first.trigger_end, first.rule_id,
                                 first.arguments + tuple(extra), first.modality, date_index, date_source))
    events.sort(key=lambda ev: (ev.trigger_start, ev.type))
    return events


def _group(types: dict[str, TypeRule], found: list[Found]) -> list[list[int]]:
    """Indices of ``found`` grouped by event: keyed mentions by (type, key), then each keyless one
    with the nearest group of its type (of its modality, unless in its sentence)."""
    groups: list[list[int]] = []
    by_key: dict[tuple[str, str], int] = {}
    keyless: list[int] = []
    for n, (event, _sstart, key) in enumerate(found):
        if not types[event.type].merge:
            groups.append([n])
        elif key is None:
            keyless.append(n)
        elif (event.type, key) in by_key:
            groups[by_key[(event.type, key)]].append(n)
        else:
            by_key[(event.type, key)] = len(groups)
            groups.append([n])
    for n in keyless:
        event, sstart, _key = found[n]
        best = None
        for g, members in enumerate(groups):
            for m in members:
                other, ostart, _ = found[m]
                if other.type != event.type or not types[other.type].merge:
                    continue
                if other.modality != event.modality and ostart != sstart:
                    continue  # "…也已离职。此次调整不会造成任何高管离职": a denial elsewhere is its own record
                dist = abs(other.trigger_start - event.trigger_start)
                if ostart == sstart or dist <= 120:
                    if best is None or dist < best[0]:
                        best = (dist, g)
        if best is None:
            groups.append([n])
        else:
            groups[best[1]].append(n)
    return groups
