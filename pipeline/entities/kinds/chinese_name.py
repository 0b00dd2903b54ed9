"""Kind ``chinese_name``: surname + given name, scored on the words and the context around them."""
from __future__ import annotations

import re
from typing import NamedTuple

from ...registry import Option, entity_kinds
from ..common import CJK, FUNCTION_TAGS, NAME_TAGS, NOT_GIVEN_TAGS, Candidate, trie_regex
from ._byline import byline_names

# tags of three-character dictionary words that are names often enough to be read as one with a title
# before or a cue after (周恩来/t 总理, 周铁农/nz): base score
WORD_NAME_TAGS = frozenset({"nz", "t", "i", "n", "ns", "m"})
WORD_NAME_BASE = 0.5
# tags of two-character dictionary words that are a name right after a title (国务委员罗干/ns)
_TWO_CHAR_WORD_NAME_TAGS = frozenset({"ns"})  # not nz: 母亲管教/nz 太严
# a name with a function character glued in front into an unknown word (以常昊, 当丁聪): base score
GLUED_FRONT_BASE = 1.5
_LEN_2_4 = frozenset({2, 3, 4})
_NUMERAL_CHARS = frozenset("0123456789０１２３４５６７８９．")
# a piece after a two-character name that may be its cut-off last character
_FRAGMENT_TAGS = frozenset({"nr", "nrt", "zg", "j", "q", "ng", "vg", "ag", "tg", "x"})
_BOUND_TAGS = frozenset({"j", "ng", "zg", "tg", "ag", "vg", "x"})
_FRAGMENT_BEFORE_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "x", "nz"})
# tags a two-character given name cut off from its surname may have (闫/nr 大为/d 称): after a surname
# tagged as a function word (曾/d, 于/p) only the noun-like ones
_SPLIT_GIVEN_TAGS = frozenset({"x", "nr", "nrt", "nrfg", "nz", "n", "ns", "i", "a", "ng", "j"})
_SPLIT_GIVEN_TAGS_LOOSE = _SPLIT_GIVEN_TAGS | {"d", "v", "vn", "an", "b", "l"}
# what may follow a bare two-character name (verb, preposition, conjunction, 的 / 了)
_RUN_ON_OK_TAGS = frozenset({"v", "vn", "p", "c", "uj", "t"})
# an aspect particle or a locality word right after an unknown word reads it as a verb or a place
# (挣足/x 了, 抵港/x 后), not a name
_VERB_TAIL_TAGS = frozenset({"ul", "uz", "ug", "f"})
# proper-noun tags of a word that swallowed a surname and a given character (柯文/nz 哲)
_PROPER_SWALLOWERS = frozenset({"nz"})
# tags of a transliterated piece right after a name of transliteration characters that makes the
# name the head of a longer foreign name (霍森/海姆/nrt, 贝娅/特丽克丝/x)
_TRANSLIT_NEXT_TAGS = frozenset({"nrt", "x", "nr"})
# a word before a surname read as a measure word that makes it one (一/段, 这/段)
_COUNTING_TAGS = frozenset({"m", "mq", "r", "q"})
# a word after which a surname that is also a preposition (于) reads as the preposition
_VERB_BEFORE_TAGS = frozenset({"v", "vn", "vd", "a"})
_GLUE_HEAD_TAGS = frozenset({"x", "nr", "nrfg", "ns", "n", "nz"})
_BYLINE_SLASHES = ("/", "／", "：", ":", "|", "｜")
# a time word, a number or a locality word is not the misread head of a name (周二/晚, 任期/中)
_NOT_SWALLOWING = FUNCTION_TAGS | frozenset({"t", "m", "q", "f", "mq"})
# base score of a surname and its given name in one word, by jieba tag (an unknown word `x`, a name `nr`)
_BASE_TWO_GIVEN = {"x": 2.0, "nr": 2.0, "nrfg": 2.0, "nrt": 1.0}
_BASE_ONE_GIVEN = {"x": 2.0, "nr": 1.0, "nrfg": 2.0, "nrt": 1.0}
# names whose character-only verdict (``_StaticScore``) is kept per process; the cache starts over when full
_STATIC_CACHE_MAX = 50_000


class ChineseNameLists:
    """What the chinese_name rules read besides the shared lexicon."""

    def __init__(self, lex, lists):
        def chars(name: str) -> frozenset[str]:
            return frozenset("".join(lists[name]))

        self.kin = frozenset(lists["kin_words"])
        self.doctrine = frozenset(lists["doctrine_words"])
        self.place_finals = chars("place_final_chars")
        self.glued_verbs, self.speech_verbs = chars("glued_verb_chars"), chars("speech_verb_chars")
        # function characters that are common first given characters too (陈其迈, 刘而君)
        self.given_function = frozenset("".join(lists.get("given_function_chars", ())))
        self.phrase_chars = chars("phrase_chars")
        # words listing names (、 和 与): they close a name as a clause end does (市长陈其/迈/与…)
        self.coordinators = frozenset(lists.get("coordinators", ()))
        # administrative levels (市, 县): one glued after a name-like word ends a place (贝伦市)
        self.levels = frozenset(w for w in lists.get("org_level_prefixes", ()) if len(w) == 1)
        # one-character words rarely ending a name: glued after one inside an unknown word (郑明是)
        self.glued_tails = chars("glued_tail_chars") - lex.given_chars if "glued_tail_chars" in lists else frozenset()
        # what may follow a two-character given name cut off from its surname for the split rule to apply
        self.split_next = lex.person_cues | lex.person_titles | lex.cue_adverbs | {"：", ":"} | lex.title_prefixes
        # optional lists of the byline names (记者王明报道, 文/李华)
        self.byline_roles = frozenset(lists.get("byline_roles", ()))
        self.static_cache: dict[tuple[str, int], _StaticScore] = {}  # name, surname length -> verdict
        self.byline_after = frozenset(lists.get("byline_after", ()))
        # one-character roles (文, 图) only with a slash or a colon written after them: alone they are in
        # every other word
        self.byline_re = re.compile(trie_regex(
            [w for w in self.byline_roles if len(w) > 1]
            + [w + sep for w in self.byline_roles if len(w) == 1 for sep in _BYLINE_SLASHES])) if self.byline_roles else None


def setup(lex, lists, rules) -> ChineseNameLists:
    return ChineseNameLists(lex, lists)


@entity_kinds.register("chinese_name", phase="match", setup=setup, options=[
    Option("threshold", float, "score a name needs", 2.0),
    Option("subject_bonus", float, "added for a name alone at a clause start, before a word of `after_subject`", 0.0)],
    lists=["surnames", "given_name_chars", "not_given_chars", "noun_final_chars", "translit_chars", "person_deny",
           "places", "person_titles", "person_cues_after", "cue_adverbs", "title_prefixes", "function_chars",
           "kin_words", "doctrine_words", "place_final_chars", "glued_verb_chars", "speech_verb_chars",
           "phrase_chars", "familiar_prefixes", "after_subject", "clause_openers"],
    optional_lists=["byline_roles", "byline_after", "generic_titles", "japanese_given_chars", "coordinators",
                    "glued_tail_chars", "org_level_prefixes", "given_function_chars"])
def chinese_name(ctx, rule, out, cn: ChineseNameLists) -> None:
    """Surname + one or two given-name characters (never right after a digit: 300万字; never surname + a word
    of `kin_words`: 刘家 is a family; surname, a character and a kin word without a title or a cue is a brand or
    a home: 吉野家, 王涛家), scored: jieba tag (unknown word `x` 2.0, dictionary name `nr` 1.5–2.0),
    all given-name characters common (+0.5), title before (+1.5), speech verb after (+1.5), rare surname
    (−1), reads as a transliteration / place (`place_final_chars`) / common noun (−1 each); accepted at
    `threshold` (2.0); a rare surname (云, 高, 白) needs a title before it. Also surname and given name cut
    into two words (not when the surname character is tagged as a function word: 向/p 杜风 → 杜风), a
    three-character name cut after two (张明/渝 when the last piece is a bound single character: j, ng, x …),
    glued function characters (李咏以 → 李咏), a person inside a doctrine (邓小平理论 → 邓小平:
    `doctrine_words`), an unknown word right after a title (作家笛安), a function character inside an unknown
    three-character word right after a title (记者姚均芳), or without a title when it is a character of
    `given_function_chars`, the surname common and the last character a common given-name character (陈其迈, 刘而君); after a title, a two-character name plus one more
    character before a speech verb (also after an adverb or a time word: 黄信/敬/昨日表示) or a clause end (副局长郑明/均/透露, 副主席韩立/真/、, 市长陈其/迈/与: rule_id `<id>.title3`);
    a rare surname in one unknown three-character word without a title (−1, so it needs a cue after, unless its given-name characters are common and it stands alone as a subject or a listed name: ，洪秀柱昨天…;
    宣可馨表示); `subject_bonus` for a name alone at a clause start before 的 / 和 / 也 / an adverb. A title cut
    apart by a place name counts (高雄市/长/陈其明; 台中市/长卢秀莲 → 卢秀莲). A name whose surname and first
    given character jieba read as a dictionary word, with the last given character cut off (韩国/栋, 苏志/明:
    a common surname, a character from `given_name_chars` or a bound piece, not a time, number or locality
    word), scores like a dictionary word (0.5), so it needs a title before or a cue after (rule_id
    `<id>.swallowed`), unless jieba tags the cut-off character as a name (与/韩国/瑜/nr 昨天), or the swallowing word
    is a proper noun (柯文/nz 哲) and the character a common given-name character, and the three characters
    stand alone as a subject or a listed name. A two-character place word (`ns`) with a common surname right after a title scores like a dictionary word (国务委员罗干/ns). A surname read as a measure word (段/q, not after a numeral
    or a pronoun) before an unknown word of two common given-name characters scores like a name (段/宜康). A two-character name right after a place word (jieba `ns`) without a title before it
    loses 1 (浙江柯桥 is an address; 福建龙岩沈梅说 is a name); a name made of transliteration characters right
    before a transliterated piece (`nrt`, or an unknown or name word of two characters or more) is the head of a longer foreign name (霍森/海姆, 贝娅/特丽克丝). Bylines (rule_id
    `<id>.byline`): a role from `byline_roles` (记者, 通讯员, 作者; one-character roles 文 / 图 / 摄 only with a
    slash or colon after them), then two or three characters starting with a surname (or one word jieba
    reads as a name), closed by a word of `byline_after` (报道, 发自, 摄, ）), a place and 报道, a space or the
    end of the text: 本报记者高秀芬北京报道, 文/于春生; names listed with 、 or spaces continue the byline.
    Titles from `person_titles` written right after the name count as cues too (陈明教授, also after a word
    of `title_prefixes`: 卡萨迪副总统), except `generic_titles` (记者, 网友, 父亲 …); a cue may follow one word
    of `cue_adverbs` (则表示, 昨日称), and a colon after a name opening a sentence or line is a cue too
    (interview speaker: 王明：…). Also: a three-character dictionary word under another tag (周恩来/t: base
    0.5, so it needs a title or a cue); a common surname cut off from a two-character given name, even when
    jieba reads the surname as a function word (曾/d 志民/n 认为), with a speech verb after (rule_id
    `<id>.split`); the last character of a name glued to the speech verb or adverb after it (吴国/强说:
    `glued_verb_chars`, rule_id `<id>.glued`; with a rare surname only after a title: 政委白海/平说), or to
    a function character after it (杨立/昆于 → 杨立昆, rule_id `<id>.glued`); an unknown word ending with a
    one-character verb of `glued_tail_chars` (崔恺出, 王建嘉看) is the name before it. An unknown
    two-character word whose second character is no common given-name character and that runs on into a
    noun or an adverb (钱来/将) needs a title or a cue; an unknown word after a title followed by 了 / 着 /
    a locality word (挣足/了, 抵港/后) is a verb, no name. A compound surname written as its own word takes
    the given name in the next word (司徒/建强, scored 1.5; not when its first character ends a title: 副署/长孙/寿山); a function character glued in front of a
    surname whose given name is the next unknown word is left out (由林/超贤 → 林超贤). Without a title, a single
    character cut off a two-character name with a common surname completes it when the name stands between a
    clause start or a list word and a clause end, a list word, a cue or a word following a subject
    (陈建华、吴道/深/、, ，周其/迈/的: rule_id `<id>.third`); a function character ending an unknown three-character word stays in the name when it
    has nothing to govern after it: a list comma, an adverb and a cue (钱晓均/也认为, 孙桂其/、: rule_id
    `<id>.whole`; a clause end is not enough: 除了陈宏外，); an unknown word ending with an administrative level of `org_level_prefixes`
    (贝伦市) is a place, no name; a surname that is also a preposition (于), glued after a verb into a
    two-character word without a title, is the preposition (始建/于汉, 服务/于农; 朗诵任卫新 is a name)."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    n = len(words)
    threshold = float(rule.params.get("threshold", 2.0))
    surnames, compound = lex.surnames, lex.compound_surnames
    todo = _seeds(ctx, cn)
    if cn.byline_re is not None:
        byline_names(ctx, rule, out, cn)
    swallowed_names(ctx, rule, out, threshold, cn)
    lengths = ctx.lengths
    unknown = [i for i in ctx.view.tagged("x") if lengths[i] in _LEN_2_4]
    if unknown:
        todo = sorted(set(todo).union(unknown))
    for i in todo:
        w = words[i]
        c0 = w[0]
        if c0 not in surnames and w[:2] not in compound:
            _no_surname_first(ctx, rule, out, cn, i, threshold)
            continue
        if c0 in lex.not_given and len(w) > 1 and w[1] in surnames:
            _glued_front(ctx, rule, out, cn, i, threshold)  # 当丁聪: 当 is a surname too
        if len(w) == 2 and w in compound and i + 1 < n:
            _compound_surname_apart(ctx, rule, out, cn, i, threshold)  # 司徒/n 建强/x
            continue
        sl = 2 if w[:2] in compound and len(w) >= 3 else 1
        if sl == 1 and c0 not in surnames:
            continue
        rest = len(w) - sl
        if rest in (1, 2):
            _given_in_word(ctx, rule, out, cn, i, sl, threshold)
        if rest == 1 and i + 1 < n and len(words[i + 1]) == 2:
            _glued_to_verb(ctx, rule, out, cn, i)
            _glued_to_function(ctx, rule, out, cn, i, threshold)
        if rest == 0:
            _given_in_next_words(ctx, rule, out, cn, i, threshold)
        elif rest >= 2:
            _glued_after(ctx, rule, out, cn, i, sl, threshold)


def _seeds(ctx, cn: ChineseNameLists) -> list[int]:
    """Words starting with a surname: a two or three character one only when jieba calls it a name or
    an unknown word (a dictionary word under another tag is that word: 董事长/n); plus unknown words of
    2-4 characters (a name after a title, a function character glued in front of a name)."""
    lex = ctx.lex
    words, tags, lengths = ctx.words, ctx.tags, ctx.lengths
    n = len(words)
    split_next, glued_verbs, cues, doctrine = cn.split_next, cn.glued_verbs, lex.person_cues, cn.doctrine
    title_before, compound = lex.title_before, lex.compound_surnames
    return [i for i in ctx.first_in(lex.surname_first_chars)
            if (tags[i] in NAME_TAGS or words[i] in compound or lengths[i] == 3 and tags[i] in WORD_NAME_TAGS
                and (i + 1 < n and words[i + 1] in split_next or title_before(ctx, i))
                or lengths[i] == 2 and tags[i] in _TWO_CHAR_WORD_NAME_TAGS and title_before(ctx, i)
                or lengths[i] == 2 and i + 1 < n and lengths[i + 1] == 2 and tags[i + 1] == "x"
                and (words[i + 1][1] in glued_verbs or i + 2 < n and words[i + 1][1] + words[i + 2] in cues)
                if 2 <= lengths[i] <= 3 else tags[i] not in FUNCTION_TAGS
                or i + 2 < n and lengths[i + 1] == 2 and words[i + 2] in split_next
                if lengths[i] == 1 else tags[i] == "x" or words[i][-2:] in doctrine)]


def _no_surname_first(ctx, rule, out, cn, i: int, threshold: float) -> None:
    """A word not starting with a surname: an unknown word after a title (作家笛安), or a name with a
    title's last character or a function character glued in front (台中市/长卢秀莲, 由王小明)."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    w = words[i]
    c0 = w[0]
    if (tags[i] == "x" and len(w) in (2, 3) and w not in lex.person_deny and lex.title_before(ctx, i)
            and lex.not_given.isdisjoint(w) and CJK.match(w)
            and not (i + 1 < len(words) and tags[i + 1] in _VERB_TAIL_TAGS)):
        # an unknown word right after a title: 作家笛安, 作者班宇 (rare surnames, pen names)
        out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id, rule.priority))
    if (len(w) in (3, 4) and tags[i] == "x" and w[1] in lex.surnames and i > 0
            and not ctx.sent_start[i] and lex.is_title(words[i - 1][-3:] + c0)):
        # 台中市/长卢秀莲/x: the title's last character glued to the name after it
        score_name(ctx, rule, out, cn, ctx.starts[i] + 1, ctx.ends[i], w[1:], 2.0, i, i + 1, threshold)
    _glued_front(ctx, rule, out, cn, i, threshold)


def _glued_front(ctx, rule, out, cn, i: int, threshold: float) -> None:
    """A function character glued in front of a name into one unknown word (由王小明 -> 王小明, 当丁聪 ->
    丁聪, also when that character is a surname too), or in front of the surname alone, the given name
    being the next unknown word (以朴/x 普熙/x -> 朴普熙)."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    w = words[i]
    if tags[i] != "x" or w[0] not in lex.not_given or w[1] not in lex.surnames:
        return
    if len(w) in (3, 4):
        score_name(ctx, rule, out, cn, ctx.starts[i] + 1, ctx.ends[i], w[1:], GLUED_FRONT_BASE, i, i + 1, threshold)
    elif (len(w) == 2 and i + 1 < len(words) and tags[i + 1] == "x" and len(words[i + 1]) == 2
          and not ctx.sent_start[i + 1] and CJK.match(words[i + 1]) and lex.surnames.get(w[1]) == 1.0):
        score_name(ctx, rule, out, cn, ctx.starts[i] + 1, ctx.ends[i + 1], w[1] + words[i + 1], GLUED_FRONT_BASE,
                   i, i + 2, threshold)


def _given_in_word(ctx, rule, out, cn, i: int, sl: int, threshold: float) -> None:
    """Surname and one or two given characters in one word, or cut after the second character."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    n = len(words)
    w, tag = words[i], tags[i]
    rest = len(w) - sl
    not_given, deny = lex.not_given, lex.person_deny
    # A word jieba's dictionary knows under another tag (董事长/n, 解读/v) is that word, not a name: only
    # unknown words (x) and name-tagged words qualify.
    base = (_BASE_TWO_GIVEN if rest == 2 else _BASE_ONE_GIVEN).get(tag, 0.0)
    if (not base and rest == 2 and sl == 1 and tag in WORD_NAME_TAGS and not lex.is_title(w)
            and w[-1] not in lex.noun_finals):
        # 周恩来/t 总理, 周铁农/nz ，: a three-character dictionary word under another tag is a name only
        # with a title before or a cue after
        base = WORD_NAME_BASE
    if (not base and rest == 1 and sl == 1 and tag in _TWO_CHAR_WORD_NAME_TAGS and lex.surnames.get(w[0]) == 1.0
            and lex.title_before(ctx, i)):
        base = WORD_NAME_BASE  # 国务委员罗干/ns: a two-character place or proper noun right after a title
    if (tag in ("x", "nr", "nrfg") and rest == 1 and i + 1 < n and len(words[i + 1]) == 1
            and words[i + 1] not in not_given and not ctx.sent_start[i + 1] and CJK.match(words[i + 1])
            and tags[i + 1] != "m"):
        # HMM cut a three-character name after its second character (徐起/超, 王以/卓); never a numeral
        # (卡/蒲乡/一/年间)
        ext = 2.0 if words[i + 1] in lex.given_chars else 1.5 if tags[i + 1] in _FRAGMENT_TAGS else 0.0
        if ext == 1.5 and tag == "x" and tags[i + 1] in _BOUND_TAGS and words[i + 1] not in lex.noun_finals:
            ext = 2.0
        if ext:
            score_name(ctx, rule, out, cn, ctx.starts[i], ctx.ends[i + 1], w + words[i + 1], ext, i, i + 2,
                       threshold, sl)
    if (tag in ("x", "nr", "nrfg") and rest == 1 and i + 2 <= n and i + 1 < n and len(words[i + 1]) == 1
            and words[i + 1] not in lex.function_chars and CJK.match(words[i + 1])
            and not ctx.sent_start[i + 1]
            and (lex.closes_name(ctx, i + 2) or words[i + 2] in cn.coordinators or lex.cue_soon(ctx, i + 2))
            and lex.title_before(ctx, i)):
        # 副局长李超/均/透露, 主席王改/真/、: after a title, a single character between a two-character
        # name and a speech verb or a clause end completes the name
        name = w + words[i + 1]
        if name not in deny and name not in lex.places:
            out.append(Candidate(ctx.starts[i], ctx.ends[i + 1], rule.label, rule.id + ".title3", rule.priority))
    elif tag in ("x", "nr", "nrfg") and rest == 1 and sl == 1:
        _third_apart(ctx, rule, out, cn, i)
    if base and tag == "x" and rest == 1 and _weak_two_char(ctx, cn, i, w[-1]):
        base -= 1.0
    if base and tag == "x" and rest == 2 and w[-1] in cn.glued_tails:
        base = 0.0  # 郑咏是/x: the name and a glued word (_glued_after reads the name)
    if base and w not in deny:
        score_name(ctx, rule, out, cn, ctx.starts[i], ctx.ends[i], w, base, i, i + 1, threshold, sl)


def _third_apart(ctx, rule, out, cn, i: int) -> None:
    """吴待秋、吴子/深/、, ，陈其/迈/的: without a title, a single character cut off a two-character name
    completes it when the name stands alone between a clause start or a list word (、 和) and a clause end,
    a list word, a speech verb or a word following a subject (的, an adverb, a time word), the character is
    no function word, verb, unit or noun ending, and the surname is a common one (rule_id ``<id>.third``);
    never after a reduplicated word (谢谢/亲)."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    w, c = words[i], words[i + 1] if i + 1 < len(words) else ""
    if (len(c) != 1 or ctx.sent_start[i + 1] or not CJK.match(c) or lex.surnames.get(w[0]) != 1.0 or w[0] == w[1]
            or tags[i + 1] in _NOT_SWALLOWING or c in lex.not_given or c in lex.function_chars
            or c in cn.glued_tails or c in cn.speech_verbs or c in cn.kin or c in cn.place_finals
            or c in lex.noun_finals and c not in lex.given_chars):
        return
    # 黄对/袁: a preposition between two surnames; 许某/仍/zg: a bound adverb after an anonymised name
    loose = not (w[1] in lex.not_given and c in lex.surnames) and tags[i + 1] != "zg"
    if not (loose and _standalone(ctx, cn, i, i + 2) or lex.cue_soon(ctx, i + 2)
            and (i == 0 or ctx.sent_start[i] or words[i - 1] in lex.clause_open or words[i - 1] in cn.coordinators)):
        return
    name = w + c
    if name not in lex.person_deny and name not in lex.places:
        out.append(Candidate(ctx.starts[i], ctx.ends[i + 1], rule.label, rule.id + ".third", rule.priority))


def _weak_two_char(ctx, cn, i: int, given: str) -> bool:
    """An unknown two-character word (surname + one character) whose character is no common given-name
    character, running on into a noun, an adverb or another word that is not a verb, a preposition, a
    conjunction or 的 (冷雨/x 浇醒, 武联/x 竞赛, 钱来/x 将), or whose character ends places (陈庄:
    `place_final_chars`) or is a one-character verb (代做: `glued_tail_chars`): mostly a fragment of a
    phrase or a place, so it needs a title before or a cue after like a dictionary word."""
    lex = ctx.lex
    if given in cn.place_finals or given in cn.glued_tails:
        return True
    j = i + 1
    if given in lex.given_chars or j >= len(ctx.words) or not CJK.match(ctx.words[j]):
        return False
    return ctx.tags[j] not in _RUN_ON_OK_TAGS


def _glued_to_verb(ctx, rule, out, cn, i: int) -> None:
    """吴国/平说/x, 林旭/东则/x 表示, 苏建/宏回/x 呛: jieba glued the last character of a three-character name
    to the speech verb or adverb after it, or to the first character of a two-character one."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    n = len(words)
    w, nxt = words[i], words[i + 1]
    if ((tags[i + 1] == "x" or nxt[1] in cn.speech_verbs and lex.title_before(ctx, i))
            and tags[i] in _GLUE_HEAD_TAGS
            and (lex.surnames.get(w[0]) == 1.0 or lex.title_before(ctx, i))
            and nxt[0] not in lex.not_given and CJK.match(nxt)
            and (nxt[1] in cn.glued_verbs and (nxt[1] in cn.speech_verbs or lex.cue_after(ctx, i + 2))
                 or i + 2 < n and nxt[1] + words[i + 2] in lex.person_cues)
            and not ctx.sent_start[i + 1]):
        name = w + nxt[0]
        if name not in lex.person_deny and name not in lex.places:
            out.append(Candidate(ctx.starts[i], ctx.starts[i + 1] + 1, rule.label, rule.id + ".glued", rule.priority))


def _glued_to_function(ctx, rule, out, cn, i: int, threshold: float) -> None:
    """杨立/x 昆于/x 周二表示, 李成/nrfg 龙向/x: the last character of a three-character name glued to the
    function character after it (于, 向, 在, 对 …: `not_given_chars`) into one unknown word. Scored like a
    name cut after its second character (2.0 with a common given-name character, else 1.5), so a rare
    character needs a title before or a cue after (rule_id ``<id>.glued``)."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    w, nxt = words[i], words[i + 1]
    if (tags[i + 1] != "x" or tags[i] not in ("x", "nr", "nrfg") or nxt[1] not in lex.not_given
            or nxt[0] in lex.not_given or not CJK.match(nxt) or ctx.sent_start[i + 1]):
        return
    before = len(out)
    base = 2.0 if nxt[0] in lex.given_chars else 1.5
    score_name(ctx, rule, out, cn, ctx.starts[i], ctx.starts[i + 1] + 1, w + nxt[0], base, i, i + 2, threshold)
    if len(out) > before:
        out[-1].rule_id = rule.id + ".glued"


def _compound_surname_apart(ctx, rule, out, cn, i: int, threshold: float) -> None:
    """A compound surname as a word of its own (司徒/n, 欧阳/nr) and the given name in the next word:
    scored like a surname cut off from its given name (1.5, so it needs a common given name, a title or a
    cue)."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    nxt = words[i + 1]
    if (len(nxt) not in (1, 2) or not CJK.match(nxt) or tags[i + 1] in NOT_GIVEN_TAGS or ctx.sent_start[i + 1]
            or nxt in lex.person_cues or nxt in lex.person_titles):
        return
    w = words[i]
    if i > 0 and not ctx.sent_start[i] and w[1] in lex.surnames and lex.is_title(words[i - 1][-3:] + w[0]):
        # 副署/长孙/寿山: the title's last character and a surname, not a compound surname
        score_name(ctx, rule, out, cn, ctx.starts[i] + 1, ctx.ends[i + 1], w[1] + nxt, 2.0, i, i + 2, threshold)
        return
    score_name(ctx, rule, out, cn, ctx.starts[i], ctx.ends[i + 1], w + nxt, 1.5, i, i + 2, threshold, 2)


def _given_in_next_words(ctx, rule, out, cn, i: int, threshold: float) -> None:
    """A surname as its own word and the given name in the next word(s)."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    n = len(words)
    w, tag = words[i], tags[i]
    surnames, deny = lex.surnames, lex.person_deny
    if (i + 2 < n and surnames.get(w) == 1.0 and len(words[i + 1]) == 2
            and not ctx.sent_start[i + 1] and tags[i + 1] in (_SPLIT_GIVEN_TAGS if tag in FUNCTION_TAGS
                                                              else _SPLIT_GIVEN_TAGS_LOOSE)
            and CJK.match(words[i + 1]) and lex.not_given.isdisjoint(words[i + 1])
            and words[i + 1] not in lex.person_cues and words[i + 1] not in lex.person_titles
            and (lex.cue_soon(ctx, i + 2) or lex.speaker_colon(ctx, i, i + 2))):
        # 闫/nr 大为/d 称, 曾/d 世民/n 认为, 张/q 颐武/x ：: a surname cut off (even under a function-word
        # tag) from a two-character given name, with a speech verb right after
        name = w + words[i + 1]
        if name not in deny and name not in lex.places:
            out.append(Candidate(ctx.starts[i], ctx.ends[i + 1], rule.label, rule.id + ".split", rule.priority))
    if i + 1 < n and tag not in FUNCTION_TAGS:
        # surname as its own word, given name in the next word(s); not a surname character read as a
        # function word (向/p 杜风, 和/c 平时)
        nxt = words[i + 1]
        if (len(nxt) in (1, 2) and CJK.match(nxt) and tags[i + 1] not in NOT_GIVEN_TAGS
                and nxt not in lex.person_cues and nxt not in lex.person_titles):
            base = 1.5 if tag in ("nr", "nrfg") and surnames.get(w, 1.0) else 0.5
            if (base < 1.5 and tags[i + 1] == "x" and len(nxt) == 2 and surnames.get(w) == 1.0
                    and lex.given_chars.issuperset(nxt) and not (i > 0 and tags[i - 1] in _COUNTING_TAGS)):
                base = 1.5  # 段/q 宜康/x: a surname read as a measure word, the given name an unknown word
            end_tok = i + 2
            name = w + nxt
            given = lex.given_chars
            if (len(nxt) == 1 and i + 2 < n and len(words[i + 2]) == 1 and CJK.match(words[i + 2])
                    and tags[i + 2] not in NOT_GIVEN_TAGS and words[i + 2] in given and nxt in given):
                name += words[i + 2]
                end_tok = i + 3
            if name not in deny and len(name) - 1 <= 2:
                score_name(ctx, rule, out, cn, ctx.starts[i], ctx.ends[end_tok - 1], name, base, i, end_tok,
                           threshold, 1)


def _glued_after(ctx, rule, out, cn, i: int, sl: int, threshold: float) -> None:
    """A name with something glued after it: a whole unknown word after a title (李超均), a function
    character (李咏以 -> 李咏), a doctrine (邓小平理论 -> 邓小平)."""
    lex = ctx.lex
    w, tag = ctx.words[i], ctx.tags[i]
    rest = len(w) - sl
    not_given = lex.not_given
    if (rest == 2 and tag == "x" and w[-1] in not_given and w[-1] not in lex.function_chars
            and not_given.isdisjoint(w[sl:-1]) and w not in lex.person_deny and lex.closes_name(ctx, i + 1)
            and lex.title_before(ctx, i)):
        # 副局长李超均/x 透露: a title before and a cue or clause end after keep the whole word
        out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id + ".title3", rule.priority))
    if tag == "x" and w[-1] in cn.levels:
        return  # 贝伦市/x: a place and its level, no name with a glued character
    if tag == "x" and rest in (2, 3) and w[-1] in not_given and w[:-1] not in lex.person_deny:
        # HMM glued a following function character (李咏以, 樊富珉任 -> 李咏, 樊富珉)
        before = len(out)
        score_name(ctx, rule, out, cn, ctx.starts[i], ctx.ends[i] - 1, w[:-1], 1.5, i, i + 1, threshold, sl,
                   glued_after=True)
        if len(out) > before and rest == 2 and _nothing_governed(ctx, cn, i + 1, w[-1]):
            out[-1].end = ctx.ends[i]  # 黄晓均/x 也认为, 江桂其/x 。: the character has nothing to govern
            out[-1].rule_id = rule.id + ".whole"
    elif tag == "x" and rest in (2, 3) and w[-1] in cn.glued_tails and w[:-1] not in lex.person_deny:
        # a one-character verb glued on (郑咏是, 吴念鲁看 -> 郑咏, 吴念鲁): a name of its own; the glued
        # verb is the evidence a cue would be
        score_name(ctx, rule, out, cn, ctx.starts[i], ctx.ends[i] - 1, w[:-1], 2.0, i, i + 1, threshold, sl,
                   glued_after=True)
    if rest >= 3 and len(w) >= 4 and w[-2:] in cn.doctrine and len(w) - 2 - sl in (1, 2):
        # 邓小平理论, 毛泽东思想: the person inside a doctrine name
        score_name(ctx, rule, out, cn, ctx.starts[i], ctx.ends[i] - 2, w[:-2], 2.0, i, i + 1, threshold, sl,
                   glued_after=True)


def _nothing_governed(ctx, cn, j: int, last: str) -> bool:
    """The function character ending a name-like word cannot be one when what follows it (token j) is a
    list comma, or an adverb and a cue (均/也认为): it is the name's last character. Never a
    speech verb or an adverb glued to a name (李明说, 王强则), nor a unit (市, 村)."""
    lex = ctx.lex
    if (last in cn.glued_verbs or last in cn.speech_verbs or last in cn.place_finals or last in lex.noun_finals
            or last in cn.levels):
        return False  # 贝伦市: a unit ends a place
    if j >= len(ctx.words):
        return True
    nxt = ctx.words[j]
    return (nxt in cn.coordinators and nxt not in lex.function_chars
            or nxt in lex.cue_adverbs and lex.cue_after(ctx, j + 1))


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
               or len(given_part) == 2 and given_part[0] in cn.phrase_chars)
    return _StaticScore(no_name, not lex.not_given.isdisjoint(given_part), delta, translit_name,
                        translit.issuperset(given_part), len(given_part) == 2 and given_part[-1] in cn.kin,
                        sl == 1 and lex.surnames.get(name[0], 1.0) == 0.0)


def _static(ctx, cn, name: str, sl: int) -> _StaticScore:
    cache = cn.static_cache
    found = cache.get((name, sl))
    if found is None:
        if len(cache) >= _STATIC_CACHE_MAX:
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
        elif len(name) - sl == 2 and base >= 2.0 and end_tok == first_tok + 1:
            if not (lex.given_chars.issuperset(name[sl:]) and _standalone(ctx, cn, first_tok, end_tok)):
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
