"""What stands left and right of a trigger in its clause: subject, 被/由/preposition phrases and
possessor on the left; object, relative head and trigger + preposition phrases on the right.
A clause without a subject borrows the clause-initial phrase or the subject of an earlier clause."""
from __future__ import annotations

from dataclasses import dataclass, field

from .phrases import (Span, is_amount_or_time, is_name, is_non_participant, np_left, np_right, relative_object,
                      through_modifiers, verbal_np)
from .sentence import NOMINAL, A, C, F, L, M, O, P, Q, R, S, Sentence, T, V
from .vocabulary import Vocabulary


@dataclass
class Left:
    subject: Span | None = None
    subject_source: str = ""  # direct | clause | topic
    pps: list[tuple[str, Span]] = field(default_factory=list)
    passive: bool = False
    passive_agent: Span | None = None
    by: Span | None = None
    possessor: Span | None = None
    generic: bool = False  # the phrase before the trigger names a kind ("导致大量员工 | 离职")


@dataclass
class Right:
    object: Span | None = None
    relative: Span | None = None
    after: dict[str, Span] = field(default_factory=dict)
    modifier: bool = False


def parse_left(v: Vocabulary, sent: Sentence, ti: int) -> Left:
    """Subject, passive marker, 由/被/preposition phrases or possessor before token ti."""
    kinds, words = sent.kinds, sent.words
    lo = sent.clause_start(ti)
    res = Left()
    k = ti - 1
    while k >= lo and kinds[k] == S:
        k -= 1
    if k >= lo and kinds[k] == L:
        np = np_left(v, sent, k - 1, lo, allow_de=True)
        if np is not None:
            res.possessor = np
            return res
        k -= 1  # adverbial 的 ("如愿以偿的加盟")
    while k >= lo:
        kd = kinds[k]
        w = words[k]
        if kd in (A, T, S):
            k -= 1
            continue
        if kd in (R, C) and w in v.passive_markers:
            res.passive = True
            k -= 1
            continue
        if kd == R and kinds[k + 1] == T and all(kinds[j] in (A, T, S) for j in range(k + 2, ti)):
            k -= 1  # "已于 | 今年2月 | 正式离职": a preposition of the time phrase skipped
            continue
        if kd == F and w in v.temporal_post:
            # "在得知中奖后 | 辞职": skip the temporal phrase back to its 在/于/当, else give up
            p = k - 1
            while p >= lo and not (kinds[p] == R and words[p] in v.temporal_openers):
                if kinds[p] == P:
                    break
                p -= 1
            if p >= lo and kinds[p] == R:
                k = p - 1
                continue
            break
        if kd in NOMINAL or kd == Q or kd == O:
            nxt = _left_phrase(v, sent, k, lo, res)
            if nxt is not None:
                k = nxt
                continue
        break
    return res


def _left_phrase(v: Vocabulary, sent: Sentence, k: int, lo: int, res: Left) -> int | None:
    """The phrase ending at k: a prepositional or passive phrase, an amount to skip (the token to go
    on from), or the subject (None: the scan ends)."""
    kinds, words = sent.kinds, sent.words
    np = np_left(v, sent, k, lo, allow_de=True)
    if np is None or verbal_np(sent, np):
        return None
    np = _without_amount(v, sent, np)
    p = np[0] - 1
    while p >= lo and kinds[p] == S:
        p -= 1
    if p >= lo and kinds[p] in (R, C) and words[p] in v.preps and not (
            words[p] in v.clause_opening_preps and is_name(v, sent, np)):
        # (a person after 在 opens a clause: "就在[王飚宣布离职]6天后")
        pw = words[p]
        if pw in v.passive_markers:
            res.passive = True
            res.passive_agent = np
        elif pw in v.agent_markers:
            res.by = np
        else:
            res.pps.append((pw, np))
        return p - 1
    if p >= lo and kinds[p] == L and not is_name(v, sent, np):
        q = _opening_prep(v, sent, p - 1, lo)
        if q is not None:  # "以自由球员的身份 | 加盟", "以租借的形式 | 加盟": a prepositional phrase
            res.pps.append((words[q], (q + 1, np[1])))
            return q - 1
    if is_amount_or_time(v, sent, np) or all(words[j] in v.nominal_words or words[j] in v.glued_before for j in range(*np)):
        return np[0] - 1  # "以10亿美元", "5亿元B轮", "最新 | 发布", "…的时候 全资 | 收购": not the subject
    if is_non_participant(v, sent, np):
        return None
    if p >= lo and kinds[p] == V and not is_name(v, sent, np):
        # the object of another verb ("因高管受贿丑闻 | 辞职"): use the clause subject; a generic one
        # is who acted all the same ("导致大量员工 | 离职": many, no one named)
        text = sent.span_text(np)
        res.generic = text.startswith(v.generic_determiners) or text in v.generic_heads
        return None
    res.subject = np
    res.subject_source = "direct"
    return None


def _without_amount(v: Vocabulary, sent: Sentence, np: Span) -> Span:
    """The phrase without an amount or a trigger modifier glued to its end ("阿里 20亿美元 | 收购",
    "阿里 全资 | 收购"): they qualify the verb, not who acts."""
    if np[1] - np[0] > 1 and sent.words[np[1] - 1] in v.glued_before:
        np = (np[0], np[1] - 1)  # "阿里 全资 | 收购"
    j = np[1]
    numeral = unit = False
    while j > np[0] and (sent.kinds[j - 1] == M or sent.words[j - 1] in v.amount_units):
        numeral |= sent.kinds[j - 1] == M
        unit |= sent.words[j - 1] in v.amount_units
        j -= 1
    return (np[0], j) if numeral and unit and np[0] < j < np[1] else np


def _opening_prep(v: Vocabulary, sent: Sentence, k: int, lo: int) -> int | None:
    """The preposition opening the modifier that ends at token k ("以 | 租借的形式"), within a few
    tokens and no punctuation; not a passive or agent marker."""
    for q in range(k, max(lo, k - 6) - 1, -1):
        kd, w = sent.kinds[q], sent.words[q]
        if kd == P:
            return None
        if kd == R and w in v.preps:
            return q if w not in v.passive_markers and w not in v.agent_markers else None
    return None


def fallback_subject(v: Vocabulary, sent: Sentence, ti: int, left: Left) -> None:
    """No subject next to the trigger: use the clause-initial noun phrase, else the subject of
    the nearest earlier clause in the sentence (a topic chain: "一加召开发布会，正式发布了一加7")."""
    c = sent.clause[ti]
    lo = sent.clause_bounds[c][0]
    depth = 0
    for k in range(ti - 1, lo - 1, -1):  # inside 《…》 or “…”, the phrase starts at the bracket
        if sent.kinds[k] == Q:
            depth += 1
        elif sent.kinds[k] == O:
            if depth == 0:
                lo = k + 1
                c = -1
                break
            depth -= 1
    np = clause_initial_np(v, sent, lo, ti)
    if np is not None:
        left.subject = np
        left.subject_source = "clause"
        return
    # only when nothing but adverbials stood between the clause start and the trigger
    k = ti - 1
    while k >= lo and (sent.kinds[k] in (A, T, S, R) or sent.words[k] in v.glued_before
                       or (sent.kinds[k] == L and k > lo and sent.kinds[k - 1] == T)):
        k -= 1  # ("2015年 的 时候 全资 | 收购": a time phrase and a modifier of the verb)
    if k >= lo and not only_adverbials(v, sent, lo, ti):
        return
    for cc in range(c - 1, -1, -1) if c >= 0 else ():
        clo, chi = sent.clause_bounds[cc]
        np = clause_initial_np(v, sent, clo, chi, need_predicate=True)
        if np is not None:
            left.subject = np
            left.subject_source = "topic"
            return


def only_adverbials(v: Vocabulary, sent: Sentence, lo: int, ti: int) -> bool:
    """Nothing but adverbials and place, time or means phrases (``adjunct_preps``) from ``lo`` to the
    trigger: the clause has no subject of its own ("李华嗅到了商机，在深圳 | 成立了X": 在深圳 is where,
    李华 founded X). A 从 phrase is an argument ("从魔术师辞职"), not skipped."""
    kinds, words = sent.kinds, sent.words
    k = lo
    while k < ti:
        kd = kinds[k]
        if kd == R and words[k] in v.adjunct_preps and k + 1 < ti and kinds[k + 1] != V:
            np = np_right(v, sent, k + 1, ti)
            if np is None:
                return False
            k = np[1] + (np[1] < ti and kinds[np[1]] == F)  # "在 会上 | 宣布": the postposition too
        elif kd in (A, T, S, R) or words[k] in v.glued_before or (kd == L and k > lo and kinds[k - 1] == T):
            k += 1
        else:
            return False
    return True


def clause_initial_np(v: Vocabulary, sent: Sentence, lo: int, hi: int, need_predicate: bool = False) -> Span | None:
    """The noun phrase a clause opens with, when a predicate follows it."""
    kinds = sent.kinds
    k = lo
    while k < hi:
        kd = kinds[k]
        if kd in (A, T, S):
            k += 1
            continue
        if kd == R and sent.words[k] not in v.passive_markers:
            np = np_right(v, sent, k + 1, hi)
            if np is None:
                return None
            k = np[1]
            continue
        if kd in NOMINAL or kd == O:
            np = np_right(v, sent, k, hi)
            if np is None or np[1] > hi:
                return None
            if is_amount_or_time(v, sent, np) or is_non_participant(v, sent, np) \
                    or all(sent.words[j] in v.nominal_words for j in range(*np)):
                k = np[1]
                continue
            nxt = np[1]
            if nxt >= hi:
                return None if need_predicate else (np if not need_predicate else None)
            if kinds[nxt] in (A, R, V, T, S) or (kinds[nxt] == C and sent.words[nxt] in v.passive_markers):
                return np
            return None
        return None
    return None


def parse_right(v: Vocabulary, sent: Sentence, te: int) -> Right:
    """Object, relative head (trigger 的 X) or trigger + preposition phrase after token te - 1."""
    kinds, words = sent.kinds, sent.words
    res = Right()
    if te >= len(words):
        return res
    hi = sent.clause_end(te - 1)
    k = te
    if k < hi and kinds[k] == S and not (k + 1 < hi and words[k + 1][:1].isascii() and words[k + 1][:1].isalpha()
                                         and not (k + 2 < hi and kinds[k + 2] in (V, A))):
        return res  # "荣耀20系列正式发布 DXO获高分": a space after the trigger ends its phrase ("发布 ABBYY 15" not)
    if k < hi and words[k] in v.modifier_heads:
        res.modifier = True
        return res
    while k < hi and (kinds[k] == S or words[k] in v.aspect):
        k += 1
    if k >= hi:
        return res
    kd = kinds[k]
    if kd == L:
        np = np_right(v, sent, k + 1, hi)
        if np is not None:
            res.relative = np
        return res
    if kd in (R, C) and words[k] in v.preps:
        pw = words[k]
        k1 = k + 1
        while k1 < hi and words[k1] in v.aspect:
            k1 += 1  # "加盟到了巴萨"
        np = np_right(v, sent, k1, hi)
        if np is not None:
            res.after[pw] = np
            k2 = np[1]
            if k2 < hi and kinds[k2] == L:
                rel = np_right(v, sent, k2 + 1, hi)
                if rel is not None:
                    res.relative = rel
        return res
    if (kd in NOMINAL or kd == O) and kd != F:
        _object(v, sent, k, hi, res)
    elif kd == V:
        res.object = relative_object(v, sent, k, hi)
    return res


def _object(v: Vocabulary, sent: Sentence, k: int, hi: int, res: Right) -> None:
    kinds, words = sent.kinds, sent.words
    np = np_right(v, sent, k, hi)
    if np is not None and v.count_only_re.fullmatch(sent.text, sent.starts[np[0]] - sent.start,
                                                    sent.ends[np[1] - 1] - sent.start):
        np = through_modifiers(v, sent, np, hi)
    if np is not None and not verbal_np(sent, np):
        res.object = np
        k2 = np[1]
        if k2 < hi and kinds[k2] in (R, C) and words[k2] in v.preps:
            np2 = np_right(v, sent, k2 + 1, hi)
            if np2 is not None:
                res.after[words[k2]] = np2


def word_before(sent: Sentence, ti: int, words: frozenset[str]) -> bool:
    """A word of the list in the three tokens before the trigger, in its clause."""
    lo = sent.clause_start(ti)
    return any(sent.words[j] in words for j in range(max(lo, ti - 3), ti))
