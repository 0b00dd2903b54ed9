"""Conditions on the arguments found: which roles are filled, and by what kind of phrase."""
from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from ...registry import event_requirements
from ..arguments import Arg, span_org_like
from ..phrases import ends_with_listed, product_head
from ..sentence import Sentence
from ..vocabulary import MODEL_RE, PROPER_TAGS, PROPER_TEXT_RE, PUNCT_BREAK_RE, Vocabulary
from . import Check, read_flag, read_role, read_roles

if TYPE_CHECKING:
    from ..context import DocContext


@event_requirements.register("has", value=read_roles)
def has(check: Check, value: tuple[str, ...]) -> bool:
    """``has: [ROLE, ...]``: at least one of these roles was found."""
    found = {a.role for a in check.args}
    return any(r in found for r in value)


@event_requirements.register("named", value=read_roles)
def named(check: Check, value: tuple[str, ...]) -> bool:
    """``named: [ROLE, ...]``: at least one of these roles is a PERSON/ORG mention ("退休老人",
    "有的已经退休": nobody named, no record)."""
    return any(a.role in value and a.entity_index is not None for a in check.args)


@event_requirements.register("single", value=read_role)
def single(check: Check, role: str) -> bool:
    """``single: ROLE``: at most one organisation mention fills ROLE, unless a person is named:
    "蓝海与星河公司签约" (two companies sign with each other: a deal, no hire)."""
    if any(a.role == "person" for a in check.args):
        return True
    ents = check.ctx.entities
    orgs = {a.entity_index for a in check.args
            if a.role == role and a.entity_index is not None and ents[a.entity_index].label == "ORG"}
    return len(orgs) < 2


@event_requirements.register("proper", value=read_roles, lists=["product_cues"])
def proper(check: Check, value: tuple[str, ...]) -> bool:
    """``proper: [ROLE, ...]``: at least one of these roles is a mention or holds a proper name (a
    place/person/other name token, Latin letters, quotes, 《》): "成立专案组", "开除员工" name no one.
    For ``product``, a product word, model, Latin letters or a quoted title anywhere in the trigger's
    clause also counts (the chunker may cut "最新的 iPhone 11" short): "发布课题", "成果发布" have none."""
    sent = check.sent
    return any(a.role in value and _proper(sent, a) for a in check.args) \
        or ("product" in value and _product_in_clause(check.v, sent, check.span[0]))


def _proper(sent: Sentence, arg: Arg) -> bool:
    """The argument is an entity, or holds a proper name: a place, person or other name token,
    Latin letters, a quoted or 《》 title ("碧桂园农业控股", "成立"微笑联盟"")."""
    if arg.entity_index is not None:
        return True
    place_ok = arg.role != "product"  # a place names no product ("北京…上市", "内丘发布")
    for j, (s, e) in enumerate(zip(sent.starts, sent.ends)):
        if s >= arg.start and e <= arg.end and ((sent.tags[j] in PROPER_TAGS and (place_ok or sent.tags[j] != "ns"))
                                                or PROPER_TEXT_RE.search(sent.words[j])):
            return True
    return False


def _product_in_clause(v: Vocabulary, sent: Sentence, ti: int) -> bool:
    """The trigger's clause names a product somewhere: a product word, a model, Latin letters or a
    quoted title. The phrase chunker often cuts a product short ("最新的 iPhone 11"), so the clause
    is the evidence, not the argument alone ("成果发布", "发布课题" have none)."""
    lo = sent.clause_start(ti)
    hi = ti
    while hi < len(sent.words) and hi < ti + 12 and not PUNCT_BREAK_RE.fullmatch(sent.words[hi]):
        hi += 1  # a space is no clause break here: "发布 iPhone 11"
    for j in range(lo, hi):
        w = sent.words[j]
        if product_head(v, sent, j) or ends_with_listed(w, v.product_cues) or PROPER_TEXT_RE.search(w):
            return True
        if w.isdigit() and len(w) > 1 and j > lo and sent.ends[j - 1] == sent.starts[j] \
                and sent.tags[j - 1] in ("n", "nz", "nr", "x"):
            return True  # "麒麟990", "小米9": a name and a number make a model
    return False


@event_requirements.register("product_like", value=read_flag, lists=["product_cues"])
def product_like(check: Check, value: bool) -> bool:
    """``product_like: true``: the product phrase has a product word (``product_cues``) or a model
    name (letters+digits, 《》); without a product or to_org argument, the phrases around the
    trigger are tried."""
    sent, text = check.sent, check.text
    phrases = [text[slice(*a.whole)] for a in check.args if a.role in ("product", "to_org")]
    if not phrases:
        for np in (check.right.object, check.right.relative, check.left.subject, check.left.possessor):
            if np is not None:
                phrases.append(text[sent.starts[np[0]]:sent.ends[np[1] - 1]])
    return any(check.v.product_cue_re.search(p) or MODEL_RE.search(p) for p in phrases)


@event_requirements.register("org_like", value=read_role, lists=["org_suffixes", "org_references"])
def org_like(check: Check, value: str) -> bool:
    """``org_like: ROLE``: the phrase in ROLE is an organisation (ORG entity, ``org_suffixes``, a stock
    code, or an organisation reference such as 公司 even when it names none)."""
    if value in check.unresolved:
        return True
    # the whole phrase, not the mention it was cut to ("小米手机上市": 小米 alone is org-like)
    return any(a.role == value and span_org_like(check.ctx, *a.whole) for a in check.args)


@event_requirements.register("business_like", value=read_role, lists=["business_assets"])
def business_like(check: Check, value: str) -> bool:
    """``business_like: ROLE``: the phrase in ROLE is an organisation or a business asset
    (``business_assets``: 股权, 业务, 品牌 ...; a whole word: "出售银行卡" sells no 银行)."""
    return any(a.role == value and (span_org_like(check.ctx, *a.whole) or _asset_word(check, *a.whole))
               for a in check.args)


@event_requirements.register("deal_object", value=read_role, lists=["business_assets", "generic_determiners"])
def deal_object(check: Check, value: str) -> bool:
    """``deal_object: ROLE``: what is bought, when named, is an organisation or a stake: an organisation
    phrase, a business asset (``business_assets``, a whole word: "收购银行卡" buys no 银行) or a proper
    name ("收购汇源果汁"). Goods are no acquisition: "收购蔬菜", "收购他人遗失的身份证"; a deal without
    an object is kept ("双方完成收购")."""
    found = [a.whole for a in check.args if a.role == value]
    obj = check.right.object
    if obj is not None:  # the whole object too: the argument may be cut to a name ("收购X公司持有的Y公司100%股权")
        found.append((check.sent.starts[obj[0]], check.sent.ends[obj[1] - 1]))
    if not found:
        return True
    return any(span_org_like(check.ctx, s, e) or _asset_word(check, s, e) or _names(check, s, e)
               or _compound_name(check, s, e) for s, e in found)


def _asset_word(check: Check, s: int, e: int) -> bool:
    """A business asset word ends at a token end inside [s, e): "51%股权", "旗下子公司" are; "银行卡"
    (one token) holds 银行 but is a card, "土地" is land of a company's deal only as a whole word."""
    ends = check.sent.by_end
    return any(m.end() in ends for m in check.v.lex.context("business_assets").finditer(check.text, s, e))


def _names(check: Check, s: int, e: int) -> bool:
    """[s, e) holds an ORG mention or a name token that is no person's or place's ("买下Instagram",
    "收购《体育画报》"); "他人遗失的身份证" names no organisation."""
    if _org_starts_in(check.ctx, s, e):
        return True
    sent = check.sent
    return any(s <= st and en <= e and (sent.tags[j] in _NAME_TAGS or PROPER_TEXT_RE.search(sent.words[j]))
               for j, (st, en) in enumerate(zip(sent.starts, sent.ends)))


def _compound_name(check: Check, s: int, e: int) -> bool:
    """[s, e) is nouns only, two or more, the whole phrase: a brand and its trade read as a company name
    ("收购青溪果汁"); a 的 phrase, a count, a determiner or a single noun does not ("他人闲置的银行卡", "蔬菜三百吨", "全部文具")."""
    sent = check.sent
    k0, k1 = sent.by_start.get(s), sent.by_end.get(e)
    if k0 is None or k1 is None or k1 <= k0:
        return False
    generic = check.v.generic_determiners
    return all(sent.tags[j].startswith("n") and sent.words[j] not in generic for j in range(k0, k1 + 1))


def _org_starts_in(ctx: "DocContext", s: int, e: int) -> bool:
    """An ORG mention starts inside [s, e), though it may end after it: the chunker stops at a verb-like
    word inside a name ("收购北京丰胤祥|投资有限公司")."""
    lo = bisect.bisect_left(ctx.ent_starts, s)
    for pos in range(lo, len(ctx.ent_order)):
        ent = ctx.entities[ctx.ent_order[pos]]
        if ent.start >= e:
            return False
        if ent.label == "ORG":
            return True
    return False


_NAME_TAGS = frozenset(("nrt", "nt", "nz", "j", "eng"))  # a transliterated name ("收购蒂芙尼"); not nr: jieba tags 银行卡 nr
