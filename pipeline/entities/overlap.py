"""Overlap policies: which of the candidates that overlap become mentions.

A policy is ``policy(candidates, taken, explain) -> (winners, lost)``, registered in
``zhnews.registry.overlap_policies`` and chosen in ``rules/entities/patterns.yaml`` with a top-level
``overlap: <name>`` (default ``longest_first``). It orders the candidates; they are then taken in that
order, each one dropped when it overlaps one taken before (``taken`` marks the document's taken
characters; ``lost`` pairs each dropped candidate with the winner that beat it, when ``explain``).
"""
from __future__ import annotations

from ..registry import overlap_policies
from .common import Candidate

Lost = list[tuple[Candidate, "Candidate | None"]]


def take_in_order(candidates: list[Candidate], taken: bytearray, explain: bool) -> tuple[list[Candidate], Lost]:
    """Take ``candidates`` in their order, each one unless it overlaps one taken before."""
    owner: dict[int, Candidate] = {}
    winners: list[Candidate] = []
    lost: Lost = []
    seen: set[tuple[int, int, str]] = set()
    for cand in candidates:
        if cand.end <= cand.start:
            continue
        if 1 in taken[cand.start:cand.end]:
            if explain and (cand.start, cand.end, cand.label) not in seen:
                winner = next((owner[i] for i in range(cand.start, cand.end) if i in owner), None)
                lost.append((cand, winner))
            continue
        taken[cand.start:cand.end] = b"\x01" * (cand.end - cand.start)
        if explain:
            for i in range(cand.start, cand.end):
                owner[i] = cand
            seen.add((cand.start, cand.end, cand.label))
        winners.append(cand)
    return winners, lost


@overlap_policies.register("longest_first")
def longest_first(candidates: list[Candidate], taken: bytearray, explain: bool) -> tuple[list[Candidate], Lost]:
    """The longest candidate wins; between two of the same length the lower `priority` (gazetteer 10, then
    the patterns), then the earlier start."""
    candidates.sort(key=lambda c: (-(c.end - c.start), c.priority, c.start, c.rule_id))
    return take_in_order(candidates, taken, explain)


@overlap_policies.register("priority_first")
def priority_first(candidates: list[Candidate], taken: bytearray, explain: bool) -> tuple[list[Candidate], Lost]:
    """The lower `priority` wins whatever the lengths (a gazetteer name beats a longer pattern match); between
    two of the same priority the longer, then the earlier start. For rule sets whose priorities say how
    much each rule is trusted."""
    candidates.sort(key=lambda c: (c.priority, -(c.end - c.start), c.start, c.rule_id))
    return take_in_order(candidates, taken, explain)
