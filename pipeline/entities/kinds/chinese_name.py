"""Kind ``chinese_name``: surname + given name, scored on the words and the context around them."""
from __future__ import annotations

import re
from ...registry import Option, entity_kinds
from ...segment import dictionary_tags
from ..common import CJK, FUNCTION_TAGS, NAME_TAGS, NOT_GIVEN_TAGS, Candidate, trie_regex
from ._byline import byline_names
from ._name_score import _BOUND_TAGS, _NOT_SWALLOWING, WORD_NAME_BASE, _standalone, _static, score_name, swallowed_names

# tags of three-character dictionary words that are names often enough to be read as one with a title
# before or a cue after (周恩来/t 总理, 周铁农/nz; base score WORD_NAME_BASE)
WORD_NAME_TAGS = frozenset({"nz", "t", "i", "n", "ns", "m"})
# tags of two-character dictionary words that are a name right after a title (国务委员罗干/ns)
_TWO_CHAR_WORD_NAME_TAGS = frozenset({"ns"})  # not nz: 母亲管教/nz 太严
# a name with a function character glued in front into an unknown word (以常昊, 当丁聪): base score
GLUED_FRONT_BASE = 1.5
_LEN_2_4 = frozenset({2, 3, 4})
# a piece after a two-character name that may be its cut-off last character
_FRAGMENT_TAGS = frozenset({"nr", "nrt", "zg", "j", "q", "ng", "vg", "ag", "tg", "x"})
# tags a two-character given name cut off from its surname may have (闫/nr 大为/d 称): after a surname
# tagged as a function word (曾/d, 于/p) only the noun-like ones
_SPLIT_GIVEN_TAGS = frozenset({"x", "nr", "nrt", "nrfg", "nz", "n", "ns", "i", "a", "ng", "j"})
_SPLIT_GIVEN_TAGS_LOOSE = _SPLIT_GIVEN_TAGS | {"d", "v", "vn", "an", "b", "l"}
# tags of a single character after an unknown two-character name that leave it no word of its own: the
# character is the name's third (王绍/x 藩/ns, 裘少/x 戎/nr; in the tune halves never a two-character name)
_ORPHAN_TAGS = frozenset({"n", "nr", "ns", "zg", "ng", "j", "l"})
# ... of them, those that read as a name's third character even when no common given-name character
_ORPHAN_NAME_TAGS = frozenset({"nr", "ns"})
# what may follow a bare two-character name (verb, preposition, conjunction, 的 / 了)
_RUN_ON_OK_TAGS = frozenset({"v", "vn", "p", "c", "uj", "t"})
# an aspect particle or a locality word right after an unknown word reads it as a verb or a place
# (挣足/x 了, 抵港/x 后), not a name
_VERB_TAIL_TAGS = frozenset({"ul", "uz", "ug", "f"})
# a word before a surname read as a measure word that makes it one (一/段, 这/段)
_COUNTING_TAGS = frozenset({"m", "mq", "r", "q"})
_GLUE_HEAD_TAGS = frozenset({"x", "nr", "nrfg", "ns", "n", "nz"})
_BYLINE_SLASHES = ("/", "／", "：", ":", "|", "｜")
# base score of a surname and its given name in one word, by jieba tag (an unknown word `x`, a name `nr`)
_BASE_TWO_GIVEN = {"x": 2.0, "nr": 2.0, "nrfg": 2.0, "nrt": 1.0}
_BASE_ONE_GIVEN = {"x": 2.0, "nr": 1.0, "nrfg": 2.0, "nrt": 1.0}
# a two-character name before a list word (和) that joins nothing: the tags of the name, and of the
# word after the list word that leaves it nothing to join (a verb, an adverb, 的)
_COORDINATED_TAGS = frozenset({"x"})
_AFTER_COORDINATED_TAGS = frozenset({"d", "uj"})


class ChineseNameLists:
    """What the chinese_name rules read besides the shared lexicon."""

    def __init__(self, lex, lists):
        def chars(name: str) -> frozenset[str]:
            return frozenset("".join(lists[name]))

        self.kin = frozenset(lists["kin_words"])
        # words after a bare surname that make the surname the mention (胡老, 汤局长: `surname_title`)
        self.surname_titles = frozenset(lists.get("surname_titles", ()))
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
        # characters a name may end with: common given-name, transliteration and surname characters
        # (一职, 之初, 大吼 after a title end with none of them: words of the clause, no name)
        self.name_finals = lex.given_chars | lex.translit | frozenset(s for s in lex.surnames if len(s) == 1)
        # one-character organisation heads (委, 办, 局) that are no given-name or transliteration character:
        # a three-character word ending with one is an office (仲裁委, 文明办), no name
        self.org_finals = frozenset(h for h in lex.org_heads if len(h) == 1) - lex.given_chars - lex.translit
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
                    "glued_tail_chars", "org_level_prefixes", "given_function_chars", "surname_titles"])
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
    `doctrine_words`), an unknown word right after a title that ends like a name (a given-name, transliteration or
    surname character: 作家笛安; 教练一职 is none), a function character inside an unknown
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
    `<id>.whole`; a clause end is not enough: 除了陈宏外，); so does a list word that is a common given-name
    character (和) after an unknown two-character name when an adverb, 的, a speech verb or a clause end follows it
    (臧健/和/也是, 童立/和/说; not before a noun, a name, a title or a verb: 张明和妻子, 杜绝和消除); three characters ending with a one-character organisation head of `org_heads` that is no given-name or
    transliteration character are an office (仲裁委, 文明办), no name; an unknown word ending with an administrative level of `org_level_prefixes`
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
        if rest == 1 and sl == 1 and i + 1 < n and len(words[i + 1]) == 1:
            _coordinator_last(ctx, rule, out, cn, i)  # 臧健/和/也是: the 和 coordinates nothing
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
            and lex.not_given.isdisjoint(w) and w[-1] in cn.name_finals and CJK.match(w)
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
        if not ext and tag == "x" and tags[i + 1] in _ORPHAN_NAME_TAGS and words[i + 1] not in lex.noun_finals:
            ext = 2.0  # 王绍/x 藩/ns, 裘少/x 戎/nr: a character jieba could only read as a name or a place
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
    if (base and tag == "x" and rest == 1 and i + 1 < n and len(words[i + 1]) == 1
            and tags[i + 1] in _ORPHAN_TAGS and not ctx.sent_start[i + 1] and CJK.match(words[i + 1])):
        base = 0.0  # 王绍/x 藩/ns, 赵孟/x 𫖯/x: a noun-like character left alone after it was the name's third
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


def _coordinator_last(ctx, rule, out, cn, i: int) -> None:
    """臧健/和/也是, 童立/和/说, 陈金/和/。: a list word that is a common given-name character (和) after a
    two-character name jieba does not know, followed by an adverb, 的, a speech verb or a clause end, has
    nothing to join: it is the name's last character (rule_id ``<id>.whole``). Not before a noun, a name, a
    title, a kin word or another verb (张明和妻子, 李华和王涛, 杜绝和消除: lists), nor after an anonymised
    name (李某和往常一样: 和 is "like")."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    w, c, j = words[i], words[i + 1], i + 2
    if (c not in cn.coordinators or c not in lex.given_chars or tags[i] not in _COORDINATED_TAGS
            or lex.surnames.get(w[0]) != 1.0 or w[0] == w[1] or w[1] in lex.not_given or ctx.sent_start[i + 1]):
        return
    if j < len(words) and (ctx.sent_start[j] or words[j] in lex.person_titles or words[j] in cn.kin
                           or not (tags[j] in _AFTER_COORDINATED_TAGS or lex.closes_name(ctx, j))):
        return
    name = w + c
    if not _static(ctx, cn, name, 1).no_name:
        out.append(Candidate(ctx.starts[i], ctx.ends[i + 1], rule.label, rule.id + ".whole", rule.priority))


def _weak_two_char(ctx, cn, i: int, given: str) -> bool:
    """An unknown two-character word (surname + one character) whose character is no common given-name
    character, running on into a noun, an adverb or another word that is not a verb, a preposition, a
    conjunction or 的 (冷雨/x 浇醒, 武联/x 竞赛, 钱来/x 将), or whose character ends places (陈庄:
    `place_final_chars`), is a one-character verb (代做: `glued_tail_chars`) or a locality word of jieba's
    dictionary (石中, 韩中: 中/f): mostly a fragment of a
    phrase or a place, so it needs a title before or a cue after like a dictionary word."""
    lex = ctx.lex
    if given in cn.place_finals or given in cn.glued_tails or dictionary_tags().get(given) == "f":
        return True  # 石中/x 的, 韩中/x 关系: a locality word (中/f) ends a phrase ("in X") far more often
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
