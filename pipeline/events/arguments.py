"""Arguments from noun phrases: the role a phrase fills (by its entity label), conjuncts as separate
arguments, organisation references resolved, and a person phrase decomposed into organisation +
title + name ("前百度研究员 张三": org 百度 left, role 研究员)."""
from __future__ import annotations

import bisect
from functools import lru_cache
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .loader import PARTICIPANTS, TypeRule
from .phrases import (Span, conjuncts, ends_with_title, is_amount_or_time, looks_like_product, name_after_last_title,
                      name_after_titles, to_product_head)
from .sentence import Sentence
from .vocabulary import Vocabulary

if TYPE_CHECKING:
    from .context import DocContext


@dataclass
class Arg:
    role: str
    start: int
    end: int
    entity_index: int | None = None
    date_index: int | None = None
    source: str = ""
    phrase: tuple[int, int] | None = None  # a participant cut to its mention: its whole phrase

    @property
    def whole(self) -> tuple[int, int]:
        """The phrase the argument was read from (the merge key and the requirements read it)."""
        return self.phrase or (self.start, self.end)


# --- labels -------------------------------------------------------------------------------------------

def np_label(ctx: "DocContext", sent: Sentence, np: Span, strict: bool = False) -> str | None:
    """PERSON / ORG / EVENT for a phrase headed by such an entity (strict: that covers most of
    it), ORG for an organisation-like phrase, else None."""
    s, e = sent.starts[np[0]], sent.ends[np[1] - 1]
    idx = ctx.head_entity(s, e)
    if idx is not None:
        ent = ctx.entities[idx]
        if not strict or (min(ent.end, e) - max(ent.start, s)) * 5 >= (e - s) * 3:
            return ent.label
    if np[1] - np[0] == 1 and sent.tags[np[0]] in ("nr", "nrfg", "nrt"):
        return "PERSON"
    if span_org_like(ctx, s, e, use_entities=False):
        return "ORG"
    return None


def is_org_like(ctx: "DocContext", sent: Sentence, np: Span) -> bool:
    return span_org_like(ctx, sent.starts[np[0]], sent.ends[np[1] - 1])


def span_org_like(ctx: "DocContext", s: int, e: int, use_entities: bool = True) -> bool:
    """The text [s, e) names an organisation: an ORG entity heads it, a stock code follows the name,
    it is an organisation reference or ends in an organisation suffix."""
    v = ctx.v
    if use_entities:
        idx = ctx.head_entity(s, e)
        if idx is not None:
            return ctx.entities[idx].label == "ORG"
    text = ctx.text[s:e].rstrip("）)")
    if not text:
        return False
    if v.stock_code_re.fullmatch(ctx.text[s:e]):
        return True
    if text in v.org_refs:
        return True
    if text.endswith(v.org_suffixes) and len(text) > 1:
        return True
    # "网红电商Revolve", "美国电商企业The RealReal": an organisation word, then its name
    return v.org_then_name_re.search(text) is not None


def person_or_label(ctx: "DocContext", sent: Sentence, np: Span) -> str | None:
    """The phrase's label; PERSON also for a title followed by a name ("主帅斯塔姆")."""
    label = np_label(ctx, sent, np)
    if label is None:
        title_re = ctx.v.lex.title_re
        if title_re is not None and title_re.search(sent.span_text(np)) and name_after_titles(ctx.v, sent, np):
            label = "PERSON"
    return label


def choose_role(ctx: "DocContext", sent: Sentence, trule: TypeRule, alts: list[str], np: Span) -> str:
    """Role for a position that takes one of several ("subject: person|to_org"): the first whose
    labels accept the phrase's label; a phrase of unknown label takes the first."""
    label = person_or_label(ctx, sent, np)
    if label is None:
        return alts[0]
    for alt in alts:
        labs = trule.labels.get(alt, ("ANY",))
        if label in labs:
            return alt
    return alts[0]


def generic_participant(v: Vocabulary, text: str, arg: Arg) -> bool:
    """A participant phrase that names no one: a plural or generic determiner, or only a word for a
    kind of participant ("企业选择上市", "员工离职": ``generic_heads``), and no entity."""
    return (arg.role in PARTICIPANTS and arg.entity_index is None
            and (text.startswith(v.generic_determiners, arg.start) or _after_determiner(v, text, arg.start)
                 or text[arg.start:arg.end] in v.generic_heads
                 or v.plural_count_re.match(text, arg.start, arg.end) is not None))


def _after_determiner(v: Vocabulary, text: str, s: int) -> bool:
    """A generic determiner jieba reads as an adverb ends at or runs into the phrase at ``s`` ("不少|员工",
    "越来越|多的大学生"): the chunker left it out of the phrase."""
    return any(len(d) >= k and text.startswith(d, s - k)
               for k in range(1, min(s, 4) + 1) for d in v.generic_determiners)


# --- building arguments -------------------------------------------------------------------------------

def add_np(ctx: "DocContext", sent: Sentence, trule: TypeRule, args: list[Arg], role: str, np: Span,
           unresolved: set[str] | None = None) -> None:
    """The arguments of phrase ``np`` in ``role`` (``a|b``: the phrase's label chooses)."""
    v = ctx.v
    if "|" in role:
        alts = role.split("|")
        parts = conjuncts(v, sent, np, person="person" in alts)
        if len(parts) > 1:  # "大范甘迪与特纳体育签约": each conjunct takes its own role
            for part in parts:
                add_np(ctx, sent, trule, args, choose_role(ctx, sent, trule, alts, part), part, unresolved)
            return
        role = choose_role(ctx, sent, trule, alts, np)
    if role == "product":
        if is_amount_or_time(v, sent, np):
            return  # "上线几小时": a duration, not what went online
        np = to_product_head(v, sent, np, sent.clause_end(np[1] - 1))
    allowed = trule.labels.get(role, ("ANY",))
    is_person_role = role == "person"
    for part in conjuncts(v, sent, np, person=is_person_role or role == "role"):
        s, e = sent.starts[part[0]], sent.ends[part[1] - 1]
        if role == "role":
            add_titles(ctx, sent, trule, args, part, object_role=True)
            continue
        label = np_label(ctx, sent, part)
        if "ANY" not in allowed and label is not None and label not in allowed:
            continue
        e = ctx.trim_glued(s, e)
        text = ctx.text[s:e]
        if is_person_role and text in v.person_pronouns:
            _add_antecedent(ctx, args, role, s, e)  # "黄其森三十岁了，他希望…，于是离开建设银行": 黄其森
            continue
        if role in ("org", "to_org") and text not in v.org_refs:
            ante = _demonstrative_antecedent(ctx, s, text)
            if ante is not None:  # "星河医院…该院宣布裁员": the hospital
                args.append(Arg(role, ante[0], ante[1], ante[2]))
                continue
        if text in v.non_participants:
            continue
        if (is_person_role or role == "product") and label is None and all(sent.tags[j] == "ns" for j in range(*part)):
            continue  # "番禺区成立…": a place is no person; "“内丘发布”公众号": nor a product
        if role == "product" and ends_with_title(v, text):
            continue  # "来源 | 深圳发布编辑": a job, no product
        if role in ("org", "to_org") and ends_with_title(v, text):
            continue  # "加盟转型教练": a position, not an organisation
        if role == "product":
            s, e, text = _product_span(ctx, trule, args, s, e, text)
            described = (s, e)  # the requirements read the descriptor too ("大语言模型“极光-13B”")
            s, e, text = quoted_name(v, s, e, text)
            k = ctx.inner_entity(s, e, "ORG")
            if k is not None and (ctx.entities[k].start, ctx.entities[k].end) == (s, e) \
                    and span_org_like(ctx, s, e, use_entities=False):
                continue  # "现正发售的a公司": a company named with its suffix is no product
        if role in ("org", "to_org") and text in v.org_refs:
            ante = ctx.antecedent_org(s)
            if ante is None:
                if unresolved is not None:
                    unresolved.add(role)  # "公司上市": an organisation, just not a named one
                continue
            args.append(Arg(role, ante[0], ante[1], ante[2]))
            continue
        if role in ("person", "product") and text in v.org_refs:
            continue
        wanted = "PERSON" if is_person_role else ("ORG" if role in ("org", "to_org") else None)
        if wanted is not None:  # "前百度研究员李|明远": the phrase ends inside a name; the name wins
            e = ctx.trim_glued(s, ctx.end_of_cut_entity(s, e, wanted))
        ent = ctx.inner_entity(s, e, wanted)
        if wanted == "ORG" and ent is not None:
            ent = _name_before_alias(ctx, ent, s)
        phrase = described if role == "product" else (s, e)
        if is_person_role:
            s, e, ent = _name_part(ctx, s, e, ent)
            if ent is None and (s, e) == phrase and not plausible_person(v, sent, part, e):
                continue  # "巨额欠条", "证券事务", "JDG没去成S9": no name, no person word, no one
        elif wanted == "ORG" and ent is not None:
            s, e = max(s, ctx.entities[ent].start), min(e, ctx.entities[ent].end)
            if e - s > 2 and ctx.text[s] in v.leading_particles:
                s += 1  # "创立过晶式珠宝公司": the mention swallowed the aspect particle after the trigger
        elif wanted == "ORG" and not plausible_org(sent, part, e):
            continue  # "那么", "顺丰同城于", "其中", "公司大量": a function word or a determiner, no organisation
        args.append(Arg(role, s, e, ent, phrase=phrase if (s, e) != phrase else None))
        if is_person_role:
            add_titles(ctx, sent, trule, args, part, object_role=False)


@lru_cache(maxsize=8)
def _demonstratives(org_refs: tuple[str, ...]) -> frozenset[str]:
    """The determiners of the organisation references: a reference that is another one with a
    character in front ("该公司" = 该 + 公司, "本集团" = 本 + 集团)."""
    refs = set(org_refs)
    return frozenset(r[0] for r in refs if len(r) > 2 and r[1:] in refs)


def _demonstrative_antecedent(ctx: "DocContext", s: int, text: str) -> tuple[int, int, int | None] | None:
    """"该院", "本校": a determiner and one character refer to the nearest ORG mention before ``s`` that
    ends with that character (星河医院…该院), when the nearest ORG mention is that one."""
    if len(text) != 2 or text[0] not in _demonstratives(tuple(ctx.v.org_refs)):
        return None
    ante = ctx.antecedent_org(s)
    if ante is None or ante[2] is None or not ctx.text[ante[0]:ante[1]].endswith(text[1]):
        return None
    return ante


def _name_before_alias(ctx: "DocContext", k: int, s: int) -> int:
    """The ORG mention named before a bracketed alias of it ("星河科技股份有限公司（XHK）": the full
    name, not XHK); k itself when no ORG mention of the phrase ends right before its bracket."""
    start = ctx.entities[k].start
    if start - 1 < s or ctx.text[start - 1] not in "（(":
        return k
    for i in ctx.entities_in(s, start - 1):
        if ctx.entities[i].label == "ORG" and ctx.entities[i].end == start - 1:
            return i
    return k


def _add_antecedent(ctx: "DocContext", args: list[Arg], role: str, s: int, e: int) -> None:
    """The person a pronoun phrase [s, e) refers to, as the argument (none when unknown)."""
    k = _pronoun_antecedent(ctx, s)
    if k is not None:
        ent = ctx.entities[k]
        args.append(Arg(role, ent.start, ent.end, k, None, "previous", phrase=(s, e)))


def _pronoun_antecedent(ctx: "DocContext", pos: int, window: int = 80) -> int | None:
    """The PERSON mention a third-person pronoun at ``pos`` refers to: the nearest one before it
    within ``window`` characters, when it is the only person named there and no ORG mention stands
    between ("A与B的经纪人签约时，他…": two persons, no antecedent; else None)."""
    before = list(ctx.entities_in(pos - window, pos))  # the mentions within the window, in text order
    if not before or ctx.entities[before[-1]].label != "PERSON":
        return None
    names = {ctx.text[ctx.entities[k].start:ctx.entities[k].end] for k in before if ctx.entities[k].label == "PERSON"}
    return before[-1] if len(names) == 1 else None


def plausible_person(v: Vocabulary, sent: Sentence, part: Span, end: int) -> bool:
    """A person phrase without a PERSON mention names or describes someone unless its last word is a
    common word for no person (a dictionary noun, adjective, numeral…: "巨额欠条", "证券事务", "原本") or
    it holds a verb outside a relative clause ("JDG没去成S9"; "负责…的特斯拉副总裁" is a person).
    A title, a word for a person (``title_suffixes``, ``person_heads``: 主帅, 女秘书, 浓眉哥) or a word
    jieba does not know (a name: 毕滢) ends a person."""
    toks = [j for j in range(*part) if sent.starts[j] < end]
    if not toks:
        return False
    word, tag = sent.words[toks[-1]], sent.tags[toks[-1]]
    person_word = word.endswith(v.title_suffixes) or word.endswith(v.person_heads) or ends_with_title(v, word)
    if not person_word and len(word) > 1 and tag in COMMON_WORD_TAGS:
        return False
    de = max((j for j in toks if sent.kinds[j] == "L"), default=-1)
    return not any(sent.tags[j] in VERB_TAGS and j > de for j in toks)


def plausible_org(sent: Sentence, part: Span, end: int) -> bool:
    """An organisation phrase without an ORG mention can name one unless it ends with a function word
    (adverb, preposition, conjunction, pronoun, numeral, postposition, adjective, verb: "那么", "顺丰同城于",
    "公司大量", "范围内", "OPPO最新", "这一", "其中"). Brands jieba knows as common nouns (苹果, 吉利),
    unknown words and "其子公司" pass."""
    toks = [j for j in range(*part) if sent.starts[j] < end]
    if not toks:
        return False
    return sent.tags[toks[-1]] not in NOT_A_NAME_END


NOT_A_NAME_END = frozenset(("d", "p", "c", "r", "rr", "rz", "m", "mq", "q", "f", "a", "ad", "v", "vd", "y", "u",
                            "uj", "ul", "uz", "ug", "ud", "uv", "z", "zg", "dg", "e", "o"))


COMMON_WORD_TAGS = frozenset(("n", "vn", "an", "a", "b", "i", "l", "ns", "t", "s", "f", "m", "r", "d", "p", "c", "v"))
VERB_TAGS = frozenset(("v", "vd", "vi", "p", "d", "y"))


def _name_part(ctx: "DocContext", s: int, e: int, ent: int | None) -> tuple[int, int, int | None]:
    """Span of a person argument as a name: the PERSON mention inside the phrase ("副总经理张鹏宇" ->
    张鹏宇, the title goes to ``role``; "李海的总经理职务" -> 李海), else what follows the last title
    when it reads as a name."""
    if ent is not None:
        mention = ctx.entities[ent]
        return max(s, mention.start), min(e, mention.end), ent
    title_re = ctx.v.lex.title_re
    name = name_after_last_title(title_re, ctx.text, s, e) if title_re is not None else None
    return (s, e, ent) if name is None else (name, e, ent)


def _product_span(ctx: "DocContext", trule: TypeRule, args: list[Arg], s: int, e: int,
                  text: str) -> tuple[int, int, str]:
    """A product phrase without a trailing attribute noun ("兰博基尼Sián 官图") and without its owner
    ("开瑞新能源旗下的全新车型海豚EV": the owner becomes the org argument)."""
    v = ctx.v
    for attr in v.attribute_nouns:
        if text.endswith(attr) and len(text) > len(attr) and looks_like_product(v, text[:-len(attr)]):
            e -= len(attr)
            text = text[:-len(attr)]
            break
    marker = next((m for m in v.owner_markers if m in text), None)
    if marker is not None:
        cut = text.index(marker)
        owner = text[:cut].rstrip(v.glue_chars)
        rest = text[cut + len(marker):]
        after = cut + len(marker) + (len(rest) - len(rest.lstrip(v.glue_chars)))
        if owner and "org" in trule.labels:
            args.append(Arg("org", s, s + len(owner), ctx.inner_entity(s, s + len(owner), "ORG")))
        if after < len(text):
            s = s + after
            text = ctx.text[s:e]
    return s, e, text


def quoted_name(v: Vocabulary, s: int, e: int, text: str) -> tuple[int, int, str]:
    """A phrase ending in a quoted name is the name, without its descriptor or the marks
    ("新一代推理引擎“启衡Flow 2.0”", "“极光-13B”" -> the name; marks of ``name_quotes``)."""
    opening = v.name_quotes.get(text[-1:]) if len(text) > 2 else None
    if opening is None:
        return s, e, text
    i = text.rfind(opening, 0, len(text) - 1)
    if i < 0 or i + 1 >= len(text) - 1:
        return s, e, text
    return s + i + 1, e - 1, text[i + 1:-1]


def add_titles(ctx: "DocContext", sent: Sentence, trule: TypeRule, args: list[Arg], np: Span,
               object_role: bool) -> None:
    """Apposition: '[org] [title]+ [name]' -> role arguments and the organisation in front."""
    v = ctx.v
    s, e = sent.starts[np[0]], sent.ends[np[1] - 1]
    text = ctx.text[s:e]
    title_re = v.lex.title_re
    matches: list[tuple[int, int]] = []  # offsets in text
    if title_re is not None:
        for m in title_re.finditer(text):
            # a title must start at a token boundary, or end the token it is in ("党组书记": the whole token)
            if (s + m.start()) in sent.by_start:
                matches.append((m.start(), m.end()))
            elif (s + m.end()) in sent.by_end:
                k = _title_start_token(sent, s + m.start(), sent.by_end[s + m.end()], s)
                if sent.starts[k] >= s and (not matches or sent.starts[k] - s >= matches[-1][1]):
                    matches.append((sent.starts[k] - s, m.end()))
    if not matches:
        if object_role and (not v.title_suffixes or text.endswith(v.title_suffixes)):
            args.append(Arg("role", s, e))  # "担任护士长"; not "担任作曲", "担任职务"
        return
    prefix = text[:matches[0][0]]
    former = False
    lead = 0
    for fm in v.former_longest:
        # "前|联影医疗研发副总裁": jieba may glue the marker to the name ("前联"); an ORG mention after it counts
        if prefix.startswith(fm) and ((s + len(fm)) in sent.by_start or _org_starts_at(ctx, s + len(fm))):
            former = True
            lead = len(fm)
            break
    org_text = v.ordinal_re.sub("", prefix[lead:].rstrip(v.glue_chars))  # "公司第四届监事会…": 公司
    trailing = next((fm for fm in v.former_longest if org_text.endswith(fm) and len(org_text) > len(fm)), None)
    if not former and trailing is not None:  # "联发科前处长", "委员会原党组书记": the employer left
        former, org_text = True, org_text[:-len(trailing)]
    qualified = bool(org_text) and title_qualifier(ctx, sent, s + lead, s + lead + len(org_text), fields=True)
    # a title after 前/原 is the one held before: a role of a departure, none of a hire ("前百度研究员
    # 李明加盟": 研究员 is no position of the joining; apposition former_title: "")
    if not former or trule.apposition.get("former_title", "role"):
        spans = merged_titles(ctx, sent, s, text, matches)
        if qualified:  # "硬件副总裁": the field belongs to the title, no employer
            spans[0] = (s + lead, spans[0][1])
        args.extend(Arg("role", a, b) for a, b in spans)
    if qualified:
        return
    role = trule.apposition.get("former" if former else "org", "")
    if not role or not org_text or v.count_or_tenure_re.fullmatch(org_text):
        return  # "两位高管", "第三位高管", "时任国防部长": a count or a tenure, no organisation
    _add_title_org(ctx, sent, args, role, s + lead, s + lead + len(org_text), org_text)


def _title_start_token(sent: Sentence, ms: int, k: int, s: int) -> int:
    """First token of a title matched from inside a token ("常务副|主任": 副主任 starts in 常务副): the
    nominal token holding the match start keeps its rank word (常务副主任, not 主任); else token k."""
    j = bisect.bisect_right(sent.starts, ms) - 1
    if 0 <= j < k and sent.starts[j] >= s and sent.starts[j] < ms and sent.kinds[j] == "N" \
            and sent.tags[j] in FIELD_TAGS and all(sent.ends[i] == sent.starts[i + 1] for i in range(j, k)):
        return j
    return k


def _org_starts_at(ctx: "DocContext", pos: int) -> bool:
    return any(ctx.entities[i].label == "ORG" for i in ctx.entities_starting_at(pos))


def merged_titles(ctx: "DocContext", sent: Sentence, s: int, text: str,
                  matches: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of the titles matched in a phrase, two titles with a short field word between them read as
    one ("首席|视觉|科学家" is one title; "董事长兼总经理", "副总裁、技术总监" stay two)."""
    spans: list[tuple[int, int]] = []
    for ms, me in matches:
        a, b = s + ms, s + me
        if spans and 0 < a - spans[-1][1] <= MAX_TITLE_FIELD and title_qualifier(ctx, sent, spans[-1][1], a):
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans


MAX_TITLE_FIELD = 4  # characters of a field word inside or before a title ("视觉", "国际业务")


def title_qualifier(ctx: "DocContext", sent: Sentence, a: int, b: int, fields: bool = False) -> bool:
    """The text [a, b) before a title is a field or a department word, part of the title ("硬件副总裁",
    "技术负责人", "国际业务副总经理"): a few nominal words, no mention, no place, no organisation, no
    count ("两位高管"); with ``fields``, each word an activity noun or a word of ``title_fields`` (a
    company's name is no field: "两面针总裁")."""
    v = ctx.v
    text = ctx.text[a:b]
    if not 0 < len(text) <= MAX_TITLE_FIELD or text in v.org_refs or v.count_or_tenure_re.fullmatch(text):
        return False
    k0, k1 = sent.by_start.get(a), sent.by_end.get(b)
    if k0 is None or k1 is None:
        return False
    if any(sent.kinds[j] != "N" or sent.tags[j] not in FIELD_TAGS for j in range(k0, k1 + 1)):
        return False
    if fields and not all(sent.tags[j] == "vn" or sent.words[j] in v.title_fields for j in range(k0, k1 + 1)):
        return False
    return next(iter(ctx.entities_in(a, b)), None) is None and not span_org_like(ctx, a, b, use_entities=False)


FIELD_TAGS = frozenset(("n", "vn", "nz", "j"))  # jieba tags of a field word: 硬件, 研发, 业务 (not places, names)


def _add_title_org(ctx: "DocContext", sent: Sentence, args: list[Arg], role: str, os_: int, oe: int,
                   org_text: str) -> None:
    """The organisation in front of a title, unless it is a place name alone ("德国国防部长")."""
    if org_text in ctx.v.org_refs:
        ante = ctx.antecedent_org(os_)
        if ante is not None:
            args.append(Arg(role, ante[0], ante[1], ante[2]))
        return
    ent = ctx.inner_entity(os_, oe, "ORG")
    if ent is not None and ctx.entities[ent].label != "ORG":
        return
    k0 = sent.by_start.get(os_)
    k1 = sent.by_end.get(oe)
    if ent is not None and (k0 is None or k1 is None) and ctx.entities[ent].start == os_:
        k0 = k1 = -1  # "前联|影医疗": jieba glued the former marker to the name; the mention decides
    if k0 is None or k1 is None:
        return
    if k0 >= 0 and all(sent.tags[j] == "ns" for j in range(k0, k1 + 1)):
        return
    if ent is None and k0 == k1 and sent.tags[k0] in ("a", "an", "ad", "v", "vn") and not span_org_like(ctx, os_, oe):
        return  # "内部调查负责人", "运营总裁": an adjective or activity before the title, no employer
    if ent is not None:  # "李海的中国航空器材集团公司总经理": the ORG mention, not the phrase before the title
        args.append(Arg(role, ctx.entities[ent].start, ctx.entities[ent].end, ent, phrase=(os_, oe)))
        return
    args.append(Arg(role, os_, oe, ent))


def add_brand_org(ctx: "DocContext", trule: TypeRule, args: list[Arg]) -> None:
    """"三星最强5G芯片Exynos980发布", "比亚迪秦Pro上市": a product named after its maker, with no
    organisation elsewhere, gives the ORG mention it opens with as the org (the product keeps it)."""
    if "org" not in trule.labels or "product" not in trule.labels or any(a.role == "org" for a in args):
        return
    for a in args:
        if a.role != "product":
            continue
        for i in ctx.entities_starting_at(a.start):
            ent = ctx.entities[i]
            if ent.label == "ORG" and ent.start == a.start and ent.end < a.end \
                    and looks_like_product(ctx.v, ctx.text[ent.end:a.end]):
                args.append(Arg("org", ent.start, ent.end, i))
                return


def titles_as_fallback(args: list[Arg]) -> list[Arg]:
    """Apposition ``title_fallback``: the titles inside the person's phrase are dropped when the frame
    names the position itself ("创始人马库斯加盟青禾，出任研发负责人": the role is 研发负责人, 创始人 is
    what he was)."""
    phrases = [a.whole for a in args if a.role == "person"]

    def in_person(a: Arg) -> bool:
        return any(s <= a.start and a.end <= e for s, e in phrases)

    if not any(a.role == "role" and not in_person(a) for a in args):
        return args
    return [a for a in args if a.role != "role" or not in_person(a)]


# --- the organisation of the sentence -----------------------------------------------------------------

def add_context_org(ctx: "DocContext", sent: Sentence, trule: TypeRule, args: list[Arg], trigger_start: int) -> None:
    """"中国建筑：董事长官庆辞职", "紫极科技（836678）发公告称…潘小梅辞职": a person's move whose own
    phrases name no organisation takes the sentence's: its topic before a colon, else the nearest
    organisation named before the trigger (an ORG mention, or a name with a stock code). Only for
    types with ``apposition: {context: ROLE}``, only when a person or a title was found, never an
    organisation that already fills another role. The argument is marked ``source="sentence"``."""
    role = trule.apposition.get("context")
    if not role or any(a.role == role for a in args) or not any(a.role in ("person", "role") for a in args):
        return
    taken = {(a.start, a.end) for a in args}
    inside = [(a.start, a.end) for a in args if a.role == "person"]
    found = _topic_org(ctx, sent, trigger_start) or _nearest_org(ctx, sent, trigger_start, inside)
    if found is None or (found[0], found[1]) in taken:
        return
    s, e, ent = found
    args.append(Arg(role, s, _with_stock_code(ctx, e), ent, None, "sentence"))


def add_previous_person(ctx: "DocContext", sent: Sentence, args: list[Arg], window: int = 60) -> None:
    """A sentence that opens with the trigger (after a time phrase) has no subject: in a profile the
    person is the topic of an earlier sentence ("周立：副总经理。男，硕士。2011年7月加入星河基金"). The
    last PERSON mention within ``window`` characters before the sentence is taken when it opens its own
    sentence and no ORG or other PERSON stands after it. Marked ``source="previous"``."""
    if any(a.role == "person" for a in args):
        return
    found = list(ctx.entities_in(sent.start - window, sent.start))
    if not found or ctx.entities[found[-1]].label != "PERSON":
        return
    k = found[-1]
    ent = ctx.entities[k]
    s0, _ = ctx.sentence_span(ent.start)
    if ctx.text[s0:ent.start].strip(ctx.v.glue_chars + "\n\t 　【[") or "\n" in ctx.text[ent.end:sent.start].strip():
        return
    args.append(Arg("person", ent.start, ent.end, k, None, "previous"))


def _topic_org(ctx: "DocContext", sent: Sentence, trigger_start: int) -> tuple[int, int, int | None] | None:
    """The organisation a sentence opens with before a colon, as a headline's topic ("中国建筑：")."""
    lo, hi = sent.clause_bounds[0]
    if hi >= len(sent.words) or sent.words[hi] not in ctx.v.topic_colons or sent.ends[hi] > trigger_start or hi == lo:
        return None
    while lo < hi and sent.kinds[lo] in ("O", "P", "S"):
        lo += 1  # "【石化机械：…】"
    if lo == hi:
        return None
    s, e = sent.starts[lo], sent.ends[hi - 1]
    bracket = max(ctx.text.rfind(b, s, e) for b in "（(")
    coded = bracket > s and ctx.v.stock_code_suffix_re.fullmatch(ctx.text, bracket, e) is not None
    if coded:
        e = bracket  # "中国建筑(601668.SH)": a listed company
    titled = e - s <= 8 and _title_after(ctx, sent, hi + 1)  # "石化机械：董事长袁建强辞职"
    if e - s > 16 or not (coded or titled or span_org_like(ctx, s, e)):
        return None
    if ctx.inner_entity(s, e, "PERSON") is not None:
        return None
    return s, e, ctx.inner_entity(s, e, "ORG")


def _title_after(ctx: "DocContext", sent: Sentence, k: int) -> bool:
    """Token k opens with a title ("董事长", "副总经理"): a headline's topic before it is the employer."""
    title_re = ctx.v.lex.title_re
    if title_re is None or k >= len(sent.words):
        return False
    m = title_re.match(ctx.text, sent.starts[k])
    return m is not None


def _nearest_org(ctx: "DocContext", sent: Sentence, trigger_start: int,
                 inside: list[tuple[int, int]]) -> tuple[int, int, int | None] | None:
    """The ORG mention (or stock-code name) ending nearest before the trigger in its sentence, outside
    the person's own phrase."""
    best = None
    for i in ctx.entities_in(sent.start, trigger_start):
        ent = ctx.entities[i]
        if ent.label == "ORG" and not any(a <= ent.start < b for a, b in inside) \
                and not ctx.in_dateline(ent.start, ent.end):
            if best is None or ent.end >= best[1]:
                best = (ent.start, ent.end, i)
    for m in ctx.v.stock_code_re.finditer(ctx.text, sent.start, trigger_start):
        if (best is None or m.end(1) > best[1]) and not any(a <= m.start(1) < b for a, b in inside):
            s = _after_time_words(ctx, sent, m.start(1), m.end(1))
            best = (s, m.end(1), ctx.inner_entity(s, m.end(1), "ORG"))
    return best


def _after_time_words(ctx: "DocContext", sent: Sentence, s: int, e: int) -> int:
    """Start of a name read before a stock code without the time words and adverbials in front of it
    ("近日|南京聚隆（300644）")."""
    k = sent.by_start.get(s)
    while k is not None and sent.ends[k] < e and (sent.kinds[k] in ("T", "A") or sent.words[k] in ctx.v.adverbials):
        s = sent.ends[k]
        k = sent.by_start.get(s)
    return s


def _with_stock_code(ctx: "DocContext", e: int) -> int:
    """End of an organisation name with the stock code that follows it ("创达科技控股(01322)")."""
    m = ctx.v.stock_code_suffix_re.match(ctx.text, e)
    return m.end() if m else e
