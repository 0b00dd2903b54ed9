"""Conditions on the arguments found: which roles are filled, and by what kind of phrase."""
from __future__ import annotations

from ...registry import event_requirements
from ..arguments import Arg, span_org_like
from ..phrases import ends_with_listed, np_right, product_head
from ..sentence import L, M, S, V, Sentence
from ..vocabulary import MODEL_RE, PROPER_TAGS, PROPER_TEXT_RE, PUNCT_BREAK_RE, Vocabulary
from . import Check, read_flag, read_role, read_roles


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
    (``business_assets``: 股权, 业务, 品牌 ...)."""
    assets = check.v.lex.context("business_assets")
    return any(a.role == value and (span_org_like(check.ctx, *a.whole) or assets.search(check.text, *a.whole))
               for a in check.args)


@event_requirements.register("deal_object", value=read_role, lists=["business_assets", "generic_determiners"])
def deal_object(check: Check, value: str) -> bool:
    """``deal_object: ROLE``: what is bought, when named, is no bare common noun ("收购蔬菜", "收购这些项链":
    goods, no acquisition); an organisation, a business asset (``business_assets``), a name or a
    compound ("收购汇源果汁") is, and so is a deal without an object."""
    found = [a.whole for a in check.args if a.role == value]
    obj = check.right.object
    if not found and obj is not None:  # a generic object was dropped, it still says what was bought
        found = [(check.sent.starts[obj[0]], check.sent.ends[obj[1] - 1])]
    if not found:
        return True
    assets = check.v.lex.context("business_assets")
    return any(span_org_like(check.ctx, s, e) or assets.search(check.text, s, e)
               or not _bare_noun(check, *_bought(check, s, e)) for s, e in found)


def _bought(check: Check, s: int, e: int) -> tuple[int, int]:
    """What the verb takes in the object phrase [s, e): before a 的 the phrase is a relative clause
    around someone ("收购手机的老相识": 手机); a lone pronoun opens one around the thing ("收购他盗窃的手机":
    手机)."""
    sent = check.sent
    k0, k1 = sent.by_start.get(s), sent.by_end.get(e)
    if k0 is None or k1 is None:
        return s, e
    de = next((j for j in range(k0 + 1, k1 + 1) if sent.kinds[j] == L), None)
    if de is not None:
        return s, sent.ends[de - 1]
    hi = sent.clause_end(k1)
    if k0 == k1 and sent.words[k0] in check.v.non_participants and k1 + 1 < hi and sent.kinds[k1 + 1] == V:
        de = next((j for j in range(k1 + 2, hi) if sent.kinds[j] == L), None)
        np = np_right(check.v, sent, de + 1, hi) if de is not None else None
        if np is not None:
            return sent.starts[np[0]], sent.ends[np[1] - 1]
    return s, e


def _bare_noun(check: Check, s: int, e: int) -> bool:
    """[s, e) is one common noun of the dictionary, with a determiner, a count or an adjective ("这些项链",
    "蔬菜三百吨", "1000公斤新稻谷")."""
    sent = check.sent
    k0, k1 = sent.by_start.get(s), sent.by_end.get(e)
    if k0 is None or k1 is None:
        return False
    words = [j for j in range(k0, k1 + 1) if sent.words[j] not in check.v.generic_determiners
             and sent.kinds[j] not in (M, S) and sent.tags[j] not in ("q", "a")]
    return len(words) == 1 and sent.tags[words[0]] in ("n", "vn") and check.ctx.inner_entity(s, e, None) is None
