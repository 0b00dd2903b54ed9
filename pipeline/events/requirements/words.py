"""Conditions on the words around a trigger: its sentence, the tokens before it, what follows it."""
from __future__ import annotations

from ...registry import event_requirements
from ..clauses import word_before
from ..phrases import ends_with_listed
from ..sentence import A, L, N, O, P, Q, V, Sentence
from ..vocabulary import MODEL_RE, TITLE_RE, Vocabulary
from . import Check, read_word_list, read_word_lists


def _context_in_sentence(v: Vocabulary, name: str, text: str, s0: int, e0: int, start: int, end: int) -> bool:
    return v.lex.context(name).search(text, s0, e0) is not None


def _no_context_in_sentence(v: Vocabulary, name: str, text: str, s0: int, e0: int, start: int, end: int) -> bool:
    return v.lex.context(name).search(text, s0, e0) is None


@event_requirements.register("context", value=read_word_list, prefilter=_context_in_sentence)
def context(check: Check, name: str) -> bool:
    """``context: LIST``: a word of the list is in the trigger's sentence (上市: IPO vs product launch)."""
    return check.v.lex.context(name).search(check.sent.text) is not None


@event_requirements.register("context_not", value=read_word_list, prefilter=_no_context_in_sentence)
def context_not(check: Check, name: str) -> bool:
    """``context_not: LIST``: no word of the list is in the trigger's sentence."""
    return check.v.lex.context(name).search(check.sent.text) is None


@event_requirements.register("not_after", value=read_word_lists)
def not_after(check: Check, names: tuple[str, ...]) -> bool:
    """``not_after: LIST`` (or ``[LIST, LIST]``): none of the words in the three tokens before the
    trigger, in its clause ("共推出3款车型")."""
    lex = check.v.lex
    return not any(word_before(check.sent, check.span[0], lex[name]) for name in names)


@event_requirements.register("subject_head_not", value=read_word_lists)
def subject_head_not(check: Check, names: tuple[str, ...]) -> bool:
    """``subject_head_not: LIST`` (or ``[LIST, LIST]``): the subject phrase before the trigger does not end
    with a word of the list ("本期债券将于下周在深交所上市": a bond is listed, no company goes public)."""
    subject = check.left.subject
    if subject is None:
        return True
    text = check.sent.span_text(subject)
    lex = check.v.lex
    return not any(text in lex[name] or ends_with_listed(text, lex[name]) for name in names)


@event_requirements.register("object_not", value=read_word_lists)
def object_not(check: Check, names: tuple[str, ...]) -> bool:
    """``object_not: LIST`` (or ``[LIST, LIST]``): no word of the list heads what follows the trigger
    ("发布公告", "发布了一封信"), nor the product argument (the product may stand before the trigger:
    "最新情况通报已发布"); a compound ending in a listed word counts (协查通报, 天气预报, 统计数据)."""
    lex = check.v.lex
    if any(_object_blocked(check.v, check.sent, check.span[1], lex[name]) for name in names):
        return False
    heads = [check.text[a.start:a.end] for a in check.args if a.role == "product"]
    heads += [t for t in map(_quoted_title, heads) if t]
    heads += _words_between_product_and_trigger(check)
    return not any(h in lex[name] or ends_with_listed(h, lex[name]) for h in heads for name in names)


def _words_between_product_and_trigger(check: Check) -> list[str]:
    """The adverbials between a product standing before the trigger and the trigger ("2018考试|公告|已于…发布":
    the chunker skipped the head as an adverbial, yet it is what was published)."""
    sent, t0 = check.sent, check.sent.starts[check.span[0]]
    ends = [a.end for a in check.args if a.role == "product" and a.end <= t0]
    if not ends:
        return []
    k = sent.by_start.get(max(ends))
    out = []
    while k is not None and k < check.span[0] and sent.kinds[k] not in (P, O, Q):
        if sent.kinds[k] == A:
            out.append(sent.words[k])
        k += 1
    return out


def _quoted_title(text: str) -> str:
    """The first title quoted in a phrase ("发布《关于…问题的批复》（下称《批复》）" -> "关于…问题的批复"):
    a document's title ends with what the document is."""
    m = TITLE_RE.search(text)
    return m.group(1) if m else ""


def _object_blocked(v: Vocabulary, sent: Sentence, te: int, blocked: frozenset[str]) -> bool:
    """A word of the list heads what follows the trigger ("发布了致用户的一封信", "发布Q2业绩")."""
    if te >= len(sent.words):
        return False
    hi = sent.clause_end(te - 1)
    seen_product = False
    depth = 0
    for j in range(te, min(hi, te + 15)):
        w = sent.words[j]
        kd = sent.kinds[j]
        inner = depth > 0 and j + 1 < hi and sent.kinds[j + 1] != Q
        if not inner and (w in blocked or ends_with_listed(w, blocked)):
            return True  # inside quotes only the quoted title's head counts ("上线“消息直通车”功能")
        if kd == O:
            depth += 1
        elif kd == Q:
            depth = max(0, depth - 1)
        elif kd == N and (w in v.product_cues or MODEL_RE.search(w)):
            seen_product = True
        elif kd == V and seen_product and depth == 0 and not any(sent.kinds[m] == L for m in range(j + 1, hi)):
            break  # "发布新手机支持快充": what follows is another verb's ("公布ES8自燃事件的调查结果" is one phrase)
    return False


@event_requirements.register("clause_end_not", value=read_word_list)
def clause_end_not(check: Check, name: str) -> bool:
    """``clause_end_not: LIST``: the trigger's clause does not close, after the trigger, on a word of
    the list ("在担任CEO期间", "担任董事长六年多来", "加入腾讯以来": a tenure or background, no event)."""
    sent, listed = check.sent, check.v.lex[name]
    te = check.span[1]
    if te >= len(sent.words):
        return True
    for j in range(sent.clause_end(te - 1) - 1, te - 1, -1):
        if sent.kinds[j] != P and not sent.words[j].isspace():
            pair = sent.words[j - 1] + sent.words[j] if j > te else ""  # 任期|内
            return sent.words[j] not in listed and pair not in listed
    return True
