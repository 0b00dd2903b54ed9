"""Modality guards: the first guard of ``guards.yaml`` that applies to a trigger sets its modality
(negated, hypothetical, planned, reported_denial); none does: asserted."""
from __future__ import annotations

from .loader import Guard
from .sentence import C, L, M, N, O, P, Q, R, Sentence
from .vocabulary import Vocabulary

_SENTENCE_END = ("。", "！", "!", "…")


def modality(v: Vocabulary, guards: list[Guard], sent: Sentence, ti: int, te: int, etype: str) -> str:
    """Modality of the trigger at tokens ``[ti, te)`` of an event of type ``etype``."""
    words = sent.words
    lo = sent.clause_start(ti)
    for guard in guards:
        if guard.types is not None and etype not in guard.types:
            continue
        gw = guard.words
        if guard.scope == "near_before":
            if _near_before(sent, ti, lo, guard):
                return guard.modality
        elif guard.scope == "clause_before":
            # two tokens make a guard word too: the segmenter splits 将于 into 将|于 ("华为将于下月发布")
            if any(words[j] in gw or (j + 1 < ti and words[j] + words[j + 1] in gw) for j in range(lo, ti)):
                return guard.modality
        elif guard.scope == "sentence_before":
            if any(words[j] in gw for j in range(0, ti)):
                return guard.modality
        elif guard.scope == "sentence":
            if any(w in sent.text for w in gw):
                return guard.modality
        elif guard.scope == "sentence_end":
            if _sentence_end(v, sent, ti, te, gw):
                return guard.modality
    return "asserted"


def _near_before(sent: Sentence, ti: int, lo: int, guard: Guard) -> bool:
    """A guard word within ``window`` tokens before the trigger, only adverbials in between."""
    words, kinds = sent.words, sent.kinds
    j = ti - 1
    steps = 0
    while j >= lo and steps < guard.window:
        if words[j] in guard.words:
            return True
        if kinds[j] in (P, N, M, L, C, O, Q):
            break
        j -= 1
        steps += 1
    return False


def _sentence_end(v: Vocabulary, sent: Sentence, ti: int, te: int, gw: frozenset[str]) -> bool:
    """A guard word (a question particle) ending the sentence, when the trigger is in the clause it
    ends ("他会离开吗？"); "红米K20发布，入手K3的人后悔不？" asks about its own clause only."""
    words = sent.words
    j = len(words) - 1
    while j > te and (words[j].isspace() or words[j] in v.close or words[j] in _SENTENCE_END):
        j -= 1
    if j < te or not (words[j] in gw or words[j][-1] in gw):
        return False
    while j - 1 >= te and (words[j - 1] in gw or (sent.kinds[j - 1] == P and words[j - 1] not in v.punct)):
        j -= 1  # "吗？", "呢？": a sentence particle (a clause break of its own to jieba) before the mark
    return sent.clause[ti] == sent.clause[j]  # a question mark belongs to the clause it closes
