"""Conditions on the shape of the trigger's phrase: a 由 X agent, an amount after it, no object."""
from __future__ import annotations

from ...registry import event_requirements
from ..sentence import M, Sentence
from ..vocabulary import Vocabulary
from . import Check, read_flag


def _agent_marker_before(v: Vocabulary, value: bool, text: str, s0: int, e0: int, start: int, end: int) -> bool:
    return not value or any(m in text[s0:start] for m in v.agent_markers)


def _number_after(v: Vocabulary, value: bool, text: str, s0: int, e0: int, start: int, end: int) -> bool:
    return not value or v.number_re.search(text, end, min(e0, end + 8)) is not None


@event_requirements.register("by", value=read_flag, lists=["agent_markers"], prefilter=_agent_marker_before)
def by(check: Check, value: bool) -> bool:
    """``by: true``: a 由 X phrase stands before the trigger (由…负责, 由…领导; words: ``agent_markers``)."""
    return not value or check.left.by is not None


@event_requirements.register("amount", value=read_flag, lists=["amount_units", "amount_suffixes", "numerals"],
                             prefilter=_number_after)
def amount(check: Check, value: bool) -> bool:
    """``amount: true``: an amount follows the trigger ("投入5亿元")."""
    return not value or _amount_after(check.v, check.sent, check.span[1])


def _amount_after(v: Vocabulary, sent: Sentence, k: int) -> bool:
    hi = sent.clause_end(k - 1)
    for j in range(k, min(hi, k + 4)):
        w = sent.words[j]
        if sent.kinds[j] == M or w in v.amount_units or w.endswith(v.amount_suffixes):
            if any(ch.isdigit() for ch in w) or w[0] in v.numerals:
                return True
    return False


@event_requirements.register("count_object_not", value=read_flag,
                             lists=["count_numerals", "count_classifiers", "count_determiners"])
def count_object_not(check: Check, value: bool) -> bool:
    """``count_object_not: true``: what follows the trigger is not only a count ("家乐福关闭3家",
    "在某媒体发布1条次": shops closed, an advert placed). An ordinal or a determiner opens a name the
    chunker cut short ("推出第三代|拍照眼镜"): no count."""
    obj = check.right.object
    if not value or obj is None:
        return True
    s, e = check.sent.starts[obj[0]], check.sent.ends[obj[1] - 1]
    return check.text.startswith(tuple(check.v.lex["count_determiners"]), s) \
        or check.v.count_only_re.fullmatch(check.text, s, e) is None


@event_requirements.register("no_object", value=read_flag)
def no_object(check: Check, value: bool) -> bool:
    """``no_object: true``: nothing follows the trigger ("上市定制家居企业": a modifier, no IPO)."""
    return not value or (check.right.object is None and check.right.relative is None)
