"""Scoring for ``chinese_name``: what a candidate's characters and the words around it say about it,
and the names a dictionary word swallowed (韩国/瑜)."""
from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..common import CJK, FUNCTION_TAGS, NAME_TAGS, Candidate
from ...segment import dictionary_tags
from ... import memo
from ._heads import clause_char

if TYPE_CHECKING:
    from .chinese_name import ChineseNameLists

# a number before a name-like word makes it a unit (1400万字, 三万铢)
_NUMERAL_CHARS = frozenset("0123456789０１２３４５６７８９．")
# tags of a word before a transliterated given name that make it the tail of a longer foreign name
_FRAGMENT_BEFORE_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "x", "nz"})
# proper-noun tags of a word that swallowed a surname and a given character (柯文/nz 哲)
_PROPER_SWALLOWERS = frozenset({"nz"})
# tags of a transliterated piece right after a name of transliteration characters that makes the
# name the head of a longer foreign name (霍森/海姆/nrt, 贝娅/特丽克丝/x)
_TRANSLIT_NEXT_TAGS = frozenset({"nrt", "x", "nr"})
# a word after which a surname that is also a preposition (于) reads as the preposition
_VERB_BEFORE_TAGS = frozenset({"v", "vn", "vd", "a"})
# a time word, a number or a locality word is not the misread head of a name (周二/晚, 任期/中)
_NOT_SWALLOWING = FUNCTION_TAGS | frozenset({"t", "m", "q", "f", "mq"})
# tags of a bound piece (a morpheme jieba could not place) that may be a cut-off given character
_BOUND_TAGS = frozenset({"j", "ng", "zg", "tg", "ag", "vg", "x"})
# base score of a three-character dictionary word read as a name (周恩来/t 总理); it needs context
WORD_NAME_BASE = 0.5


class _StaticScore(NamedTuple):
    """What the characters of a name alone say about it, the same wherever it stands (cached per name)."""
    no_name: bool  # never a name: not Chinese, a denied name, a place, a cue or title as given name, a kin
    # word as given name (刘家), a phrase character opening a two-character given name (王之怒)
    not_given_inside: bool  # a function character inside the given name (姚均芳)
    delta: float  # common given-name characters (+0.5) or a transliteration (−1), place or noun ending (−1 each)
    translit_name: bool  # every character a transliteration character
    translit_given: bool
    kin_last: bool  # a two-character given name ending with a kin character (王涛家)
    rare: bool  # a one-character surname that is mostly a common character (云, 高)


def _static_score(lex, cn, name: str, sl: int) -> _StaticScore:
    given_part = name[sl:]
    if len(given_part) == 2 and given_part[-1] in cn.org_finals:
        return _NO_NAME  # 仲裁委, 文明办: an office
    translit = lex.translit
    translit_name = translit.issuperset(name)
    delta = 0.0
    if lex.given_chars.issuperset(given_part):
        delta += 0.5
    elif translit_name:
        delta -= 1.0  # 雷吉纳, 莫里斯: reads as a transliterated foreign name
    if len(name) - sl == 2 and name[-1] in cn.place_finals:
        delta -= 1.0  # 张家口, 马驹桥: a place name
    if name[-1] in lex.noun_finals and name[-1] not in lex.given_chars:
        delta -= 1.0  # 雷阵雨, 许可证: a common noun
    no_name = (not CJK.match(given_part) or name in lex.person_deny or name in lex.places
               or given_part in lex.person_cues or given_part in lex.person_titles or given_part in cn.kin
               or given_part in cn.surname_titles  # 胡老: the surname is the mention (surname_title)
               or len(given_part) == 2 and given_part[0] in cn.phrase_chars)
    return _StaticScore(no_name, not lex.not_given.isdisjoint(given_part), delta, translit_name,
                        translit.issuperset(given_part), len(given_part) == 2 and given_part[-1] in cn.kin,
                        sl == 1 and lex.surnames.get(name[0], 1.0) == 0.0)


_NO_NAME = _StaticScore(True, False, 0.0, False, False, False, False)


def _static(ctx, cn, name: str, sl: int) -> _StaticScore:
    cache = cn.static_cache
    found = cache.get((name, sl))
    if found is None:
        if len(cache) >= memo.NAME_STATIC:
            cache.clear()
        found = cache[name, sl] = _static_score(ctx.lex, cn, name, sl)
    return found


def score_name(ctx, rule, out, cn, start, end, name, base, first_tok, end_tok, threshold, sl=1,
               glued_after=False) -> None:
    """Score ``name`` (tokens first_tok..end_tok-1) from ``base`` and its context; keep it at ``threshold``."""
    lex = ctx.lex
    static = _static(ctx, cn, name, sl)
    if static.no_name:
        return
    if start > 0 and ctx.text[start - 1] in _NUMERAL_CHARS:
        return  # 1400万字, 75万升, 三万铢: a number and its unit, not a name
    if static.not_given_inside:
        # 记者姚均芳: a function character inside a given name is fine right after a title, when the name
        # is one unknown word that does not end with one (李咏以 is a glued character)
        # (or anywhere when jieba's dictionary knows the whole word as a name: 钱其琛/nr)
        if not (base >= 2.0 and len(name) - sl == 2 and end_tok == first_tok + 1 and not glued_after
                and name[-1] not in lex.not_given
                and (ctx.tags[first_tok] in ("nr", "nrfg") or lex.title_before(ctx, first_tok)
                     or _function_first_given(ctx, cn, name, sl, first_tok))):
            return
    if (sl == 1 and name[0] in lex.not_given and first_tok > 0 and not ctx.sent_start[first_tok]
            and len(name) == 2 and ctx.tags[first_tok - 1] in _VERB_BEFORE_TAGS
            and not lex.title_before(ctx, first_tok) and not lex.is_title(ctx.words[first_tok - 1])):
        return  # 始建/于汉, 服务/于农: a surname that is also a preposition, glued after a verb, is one
    if (sl == 1 and first_tok > 0 and not ctx.sent_start[first_tok] and len(ctx.words[first_tok - 1]) == 1
            and ctx.starts[first_tok] == start
            and not dictionary_tags().get(ctx.words[first_tok - 1] + name[0], "n").startswith("n")):
        # 由/于拜仁/nr, 不/周密之: the surname ends a dictionary word that is no noun with the character
        # before it (由于/c, 不周/a; 同/江泽民: 同江/ns is a place, and the name stands)
        return
    score = _name_score(ctx, cn, static, start, name, base, first_tok, end_tok, sl, glued_after)
    if score is None:
        return
    if not static.rare and score < threshold and lex.title_before(ctx, first_tok):
        score += 1.5  # (a rare surname had its title counted already)
    if score < threshold and not glued_after and (lex.cue_soon(ctx, end_tok)
                                                  or lex.speaker_colon(ctx, first_tok, end_tok)):
        score += 1.5
    subject_bonus = rule.params.get("subject_bonus", 0.0)
    if score < threshold and not glued_after and subject_bonus and lex.subject_slot(ctx, first_tok, end_tok):
        score += subject_bonus  # ，陈冲的…: a name standing alone as the subject of a clause
    if score >= threshold:
        out.append(Candidate(start, end, rule.label, rule.id, rule.priority))


def _function_first_given(ctx, cn, name: str, sl: int, first_tok: int) -> bool:
    """陈其迈/x, 刘而君/x: one unknown three-character word, a common surname, a function character of
    `given_function_chars` as the first given character and a common given-name character as the last:
    the function character governs nothing inside the word, so the word is a name."""
    lex = ctx.lex
    return (sl == 1 and ctx.tags[first_tok] == "x" and lex.surnames.get(name[0]) == 1.0
            and name[1] in cn.given_function and name[-1] in lex.given_chars)


def _name_score(ctx, cn, static, start, name, base, first_tok, end_tok, sl, glued_after) -> float | None:
    """The score of a name from its characters (``static``) and the words around it, before the cues
    after it; None when it is no name at all."""
    lex = ctx.lex
    translit = lex.translit
    score = base + static.delta
    if (static.translit_given and len(name) - sl == 2 and first_tok > 0 and start > 0
            and not ctx.sent_start[first_tok] and ctx.text[start - 1] in translit
            and ctx.tags[first_tok - 1] in _FRAGMENT_BEFORE_TAGS):
        return None  # 威/ns 廉希尔: the tail of a longer transliteration (威廉希尔), not a Chinese name
    words, tags = ctx.words, ctx.tags
    if (static.translit_name and end_tok < len(words) and tags[end_tok] in _TRANSLIT_NEXT_TAGS
            and len(words[end_tok]) >= 2 and not glued_after and translit.issuperset(words[end_tok])):
        return None  # 霍森/海姆: the head of a longer transliteration, not a Chinese name
    if (len(name) == 2 and first_tok > 0 and tags[first_tok - 1] == "ns" and not ctx.sent_start[first_tok]
            and not lex.title_before(ctx, first_tok)):
        score -= 1.0  # 浙江柯桥, 上海金轩大公馆: right after a place name, a part of the address
    if (static.kin_last and not glued_after and not lex.title_before(ctx, first_tok)
            and not lex.cue_soon(ctx, end_tok)):
        return None  # 吉野家, 来到王涛家: a brand or someone's home (校长杨福家说 is a name)
    # the context bonuses only add: look at them only while the score is still short
    if static.rare:
        if lex.title_before(ctx, first_tok):
            score += 0.5  # title +1.5, rare surname -1
        elif (base >= 2.0 and end_tok == first_tok + 1
              and (len(name) - sl == 2 or len(name) - sl == 1 and name[-1] in lex.given_chars
                   and not clause_char(name[-1]))):
            # 高敏/x 说: a two-character unknown word too, when its character is a given name's and no
            # clause word (信中/x 说, 华胜/x: a locality word, a verb); it needs a cue after (，白涛正在…)
            if len(name) - sl == 1 and not (lex.cue_soon(ctx, end_tok)
                                            or lex.speaker_colon(ctx, first_tok, end_tok)):
                return None  # no subject bonus either: 富少的朋友, 平石、北源 (a village list)
            if not (len(name) - sl == 2 and lex.given_chars.issuperset(name[sl:])
                    and _standalone(ctx, cn, first_tok, end_tok)):
                score -= 1.0  # 宣家鑫说: one unknown three-character word; a cue after will do
            # (，洪秀柱昨天…: common given-name characters standing alone as a subject or a listed name)
        else:
            return None  # 云涌表示: with a surname that is also a common character, only a title will do
    return score


def swallowed_names(ctx, rule, out, threshold: float, cn: ChineseNameLists) -> None:
    """Three-character names jieba read as a dictionary word plus one character: the surname and the
    first given character form a place or a common word (韩国/栋, 苏志/明, 柯文/彬). The dictionary word is
    the weak reading only when a title stands before it or a cue follows the character, so the name gets
    the low base of a dictionary word and needs that context; none when jieba reads the cut-off character
    as a name (瑜/nr) and the three characters stand alone (与/韩国/瑜/昨天)."""
    lex = ctx.lex
    words, tags, lengths = ctx.words, ctx.tags, ctx.lengths
    n = len(words)
    common, familiar, not_given = lex.common_surnames, lex.familiar, lex.not_given
    for i in ctx.first_in(lex.common_first_chars):
        if lengths[i] != 2 or i + 1 >= n or lengths[i + 1] != 1 or tags[i] in NAME_TAGS:
            continue
        w, nxt = words[i], words[i + 1]
        if (w[0] not in common or w[0] in familiar or tags[i] in _NOT_SWALLOWING or ctx.sent_start[i + 1]
                or tags[i + 1] in _NOT_SWALLOWING or w[-1] in lex.ja_given and nxt in lex.ja_given
                or nxt in not_given or nxt in lex.function_chars or not CJK.match(nxt)
                or w[1] in not_given or not (nxt in lex.given_chars or tags[i + 1] in _BOUND_TAGS)
                or lex.is_title(w) or w in lex.person_cues):
            continue  # 党员/亮: a role word is no surname + given character
        name = w + nxt
        if name in lex.person_deny or name in lex.places:
            continue
        if ((tags[i + 1] in ("nr", "nrfg") or tags[i] in _PROPER_SWALLOWERS and nxt in lex.given_chars)
                and _standalone(ctx, cn, i, i + 2)):
            # 与/韩国/瑜/nr 昨天: the cut-off character is a name of its own in jieba's dictionary and the
            # three characters stand alone as a subject or a listed name
            out.append(Candidate(ctx.starts[i], ctx.ends[i + 1], rule.label, rule.id + ".swallowed", rule.priority))
            continue
        if not (lex.title_before(ctx, i) or lex.speech_soon(ctx, i + 2)):
            continue  # a title after is too weak here: 5200万欧元/创/门将转会费纪录
        before = len(out)
        score_name(ctx, rule, out, cn, ctx.starts[i], ctx.ends[i + 1], name, WORD_NAME_BASE, i, i + 2, threshold)
        if len(out) > before:
            out[-1].rule_id = rule.id + ".swallowed"


def _standalone(ctx, cn, i: int, j: int) -> bool:
    """Tokens i..j-1 stand alone: after a clause start or a list word, before a word that follows a
    subject (的, 也, an adverb, a time word), a list word or a clause end."""
    lex = ctx.lex
    words = ctx.words
    if not (i == 0 or ctx.sent_start[i] or words[i - 1] in lex.clause_open or words[i - 1] in cn.coordinators):
        return False
    return (j >= len(words) or words[j] in lex.after_subject or ctx.tags[j] in ("d", "t")
            or words[j] in cn.coordinators or lex.closes_name(ctx, j))
