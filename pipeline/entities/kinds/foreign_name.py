"""Kind ``foreign_name``: transliterated names without a dot."""
from __future__ import annotations

from itertools import compress, repeat
from operator import le

from ...registry import Option, entity_kinds
from ..common import Candidate

# seeds: name-tagged words and words jieba tags as places, of two characters or more, and proper nouns
# of three (布热津斯基/nz 表示, scored like an unknown word, so it needs a cue; two-character nz words are
# as often common words: 保安/nz 也称, 英文/nz 编辑)
_SEED_MIN_LEN = {"nrt": 2, "nr": 2, "x": 2, "nrfg": 2, "ns": 2, "nz": 3}
# what may follow a last syllable read as a verb (斯蒂格/勒/v 从/p)
_TAIL_NEXT_TAGS = frozenset({"p", "c", "uj", "ul"})
# seeds whose first syllable may stand apart before them (盖/v 哈尔/nrt); tags that are no syllable of a
# name even when the character is one (里/f, 多/m, 个/q)
_SYLLABLE_SEED_TAGS = frozenset({"nrt", "nr", "x", "nrfg"})
_NOT_SYLLABLE_TAGS = frozenset({"f", "m", "q", "p", "c", "u", "uj", "ul", "x", "eng"})
_WORD_LISTS = (("follow_words", "_follow"), ("not_after_words", "_not_after"), ("follow_tags", "_follow_tags"),
               ("not_follow_words", "_not_follow"), ("place_titles_after", "_place_titles"))


def prepare(params: dict, lists, path, line) -> dict:
    for key, internal in _WORD_LISTS:
        params[internal] = frozenset(str(v) for v in params.get(key, []))
    return params


@entity_kinds.register("foreign_name", phase="match", prepare=prepare, options=[
    Option("threshold", float, "score a name needs", 2.0),
    Option("follow_words", list, "words after the name that add 1.0"),
    Option("not_after_words", list, "words before the name that cancel `follow_words` and `follow_tags`"),
    Option("follow_tags", list, "jieba tags of the word after the name that add 1.0 (v, t)"),
    Option("not_follow_words", list, "words with a `follow_tags` tag that add nothing (a team's results)"),
    Option("place_titles_after", list, "titles of a head of state: one right after a word jieba tags as a place "
           "(3+ characters, no country) makes it a name like a title before it (库马拉通加/ns 总统)")],
    lists=["translit_chars", "places", "countries", "person_deny", "person_titles", "person_cues_after",
           "cue_adverbs", "clause_openers", "after_subject"], optional_lists=["translit_final_chars"])
def foreign_name(ctx, rule, out, state) -> None:
    """Transliterated names without a dot (温格, 安切洛蒂), pieces jieba cut apart merged; seeds are name,
    unknown and place words and proper nouns of three characters or more (布热津斯基/nz 表示: scored like an
    unknown word; 保安/nz is a common word). A word jieba tags as a place
    (ns, 3+ characters, not in `places`) starts at 0 and needs a title before (or a head of state's title of
    `place_titles_after` right after it: 库马拉通加/ns 总统) and more; one of two characters needs a title
    before and a cue or a word of `follow_words` / `follow_tags` after (秘书长安南/ns 今天说, 秘书长安南/ns 的).
    A name needs a title before, a cue after (also after a day of the month: 哈利勒 17日 表示), a Latin
    original in brackets, or (+1.0) the subject slot of a clause: at a clause start, or right after a
    conjunction opening one, and followed by 的 / 和 / 也 / 对 / an adverb … (，莫耶斯对…, ，但谢里夫也…) (a bare
    transliteration is as often a club or a city); +1.0 when followed by one of `follow_words` (琼斯等人,
    卡里姆的, 瓦杰帕伊政府) or by a word with one of `follow_tags` (a verb or a time word: 穆萨敦促, 穆萨今天…)
    other than `not_follow_words` (a team's results: 取胜, 告负), unless right after one of `not_after_words`
    (vs, 位于, 《, 首都), a country or a word jieba tags as a place (瑞士/ns 达沃斯 举行: a place). A first
    syllable read as a function word at a clause start joins the name (，莫/d 尔塔萨), and so does one
    transliteration character under a content tag after a title or 了 / 的 (中了扎/卡耶夫, 教练普/ad 罗哈斯卡,
    了古/a 莱德) or glued to a function character before it (向特/x 里希特 → 特里希特); a last syllable jieba
    cut off as a verb / adverb / locality word (卡萨诺/特, 托尔/西) continues the name when listed in
    `translit_final_chars`; one transliterated syllable read as a verb between two pieces joins them
    (迈克尔/加/拉赫); a last syllable glued to a function character (科斯特/洛在) or read as a verb before a
    preposition, a conjunction, 的 or a clause end (斯蒂格/勒/从), or as an adverb before a verb, ends the name."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    n = len(words)
    threshold = float(rule.params.get("threshold", 2.0))
    seeds = list(compress(range(n), map(le, map(_SEED_MIN_LEN.get, tags, repeat(99)), ctx.lengths)))
    skip_to = 0
    for i in seeds:
        if i < skip_to:
            continue
        w = words[i]
        tag = tags[i]
        if tag == "ns" and not _place_word_ok(ctx, rule, i):
            continue
        if not lex.translit_word(w):
            continue
        first, begin, syllable = _first_piece(ctx, i)
        last = i
        while last + 1 < n and not ctx.sent_start[last + 1] and ctx.ends[last + 1] - begin <= 8:
            if lex.fragment(ctx, last + 1):
                last += 1
            elif _bridge(ctx, last + 1) and ctx.ends[last + 2] - begin <= 8:
                last += 2  # 迈克尔/nrt 加/v 拉赫/nrt: one syllable read as a verb between two pieces
            else:
                break
        name = ctx.text[begin:ctx.ends[last]]
        if name in lex.person_deny or name in lex.places or len(name) > 8:
            skip_to = last + 1
            continue
        if tag == "ns" and (w in lex.places or len(w) < 2):
            skip_to = i + 1
            continue
        if _score(ctx, rule, i, first, last, name, syllable) >= threshold:
            end = ctx.ends[last] + _tail(ctx, last + 1)
            out.append(Candidate(begin, end, rule.label, rule.id, rule.priority))
        skip_to = last + 1


def _place_word_ok(ctx, rule, i: int) -> bool:
    """A word jieba tags as a place (token i, not in `places`) may be a name: three characters or more with a
    title before it or a head of state's title after it; two characters with a title before it and a cue
    or a word following a subject after it (秘书长安南/ns 今天说, 秘书长拉宾/ns 的)."""
    lex = ctx.lex
    w = ctx.words[i]
    if w in lex.places or len(w) < 2:
        return False
    if len(w) == 2:
        return lex.title_before(ctx, i) and (lex.cue_soon(ctx, i + 1) or _follows_subject(ctx, rule, i + 1))
    return lex.title_before(ctx, i) or _state_title_after(ctx, rule, i)


def _follows_subject(ctx, rule, j: int) -> bool:
    """Token j is a word of `follow_words` or one with a tag of `follow_tags` (秘书长安南/ns 最近, … 与)."""
    if j >= len(ctx.words) or ctx.sent_start[j]:
        return False
    params = rule.params
    return ctx.words[j] in params["_follow"] or (ctx.tags[j] in params["_follow_tags"]
                                                 and ctx.words[j] not in params["_not_follow"])


def _place_before(ctx, i: int) -> bool:
    """Token i-1 is a country or a word jieba tags as a place (瑞士/ns 达沃斯 举行, 城市/ns 阿达纳, 英国/ns
    约克 的): a word that follows a subject is no evidence there; a title or a speech verb still is."""
    return ctx.tags[i - 1] == "ns" or ctx.words[i - 1] in ctx.lex.countries


def _cue_after_date(ctx, j: int) -> bool:
    """A day of the month written in digits starts at token j and a cue follows it (哈利勒 17/m 日/m 表示,
    伯杰 ２/m ４/m 日/m 说): news reports who said what on which day."""
    words, tags = ctx.words, ctx.tags
    for k in range(j, min(j + 4, len(words))):
        if tags[k] != "m" or ctx.sent_start[k]:
            return False
        if words[k].endswith("日") and k > j or len(words[k]) > 1 and words[k][-1] == "日":
            return ctx.lex.cue_soon(ctx, k + 1)
    return False


def _subject_after_conj(ctx, i: int, j: int) -> bool:
    """Tokens i..j-1 stand right after a conjunction that opens a clause and before a word that follows a
    subject (，但/c 琼斯 并不…, 。而/c 基恩 也…): the subject slot one word further in."""
    return i >= 1 and ctx.tags[i - 1] == "c" and not ctx.sent_start[i] and ctx.lex.subject_slot(ctx, i - 1, j)


def _state_title_after(ctx, rule, i: int) -> bool:
    """Token i (a word jieba tags as a place) is followed by the title of a head of state (总统, 国王): a
    country or a city before such a title is in `countries` / `places` (法国总统), an unknown one is a person."""
    return i + 1 < len(ctx.words) and ctx.words[i + 1] in rule.params["_place_titles"]


def _tail(ctx, k: int) -> int:
    """1 when token k starts with the last syllable of the name before it: a transliterated character
    glued to a function character (科斯特/洛在/x 宣布), or one read as a verb or an adverb before a
    preposition, a conjunction, 的 or a clause end (斯蒂格/勒/v 从); else 0."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    if k >= len(words) or ctx.sent_start[k]:
        return 0
    w = words[k]
    if not lex.translit_word(w[0]) or w[0] in lex.not_given or w[0] in lex.function_chars:
        return 0
    if len(w) == 2 and tags[k] == "x" and w[1] in lex.not_given:
        return 1
    if (len(w) == 1 and tags[k] in ("v", "d")
            and (k + 1 >= len(words) or tags[k + 1] in _TAIL_NEXT_TAGS or lex.closes_name(ctx, k + 1))):
        return 1
    if len(w) == 1 and tags[k] in ("d", "r") and k + 1 < len(words) and tags[k + 1] == "v":
        return 1  # 亚罗/nrt 约/d 当选/v: an adverb before the verb would be a function word, not a syllable
    return 0


def _bridge(ctx, k: int) -> bool:
    """Token k is one transliterated syllable under any tag (not a function character) between two
    pieces of a name, the next one a transliterated name-tagged or unknown word of two or three characters."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    return (k + 1 < len(words) and len(words[k]) == 1 and lex.translit_word(words[k])
            and words[k] not in lex.not_given and words[k] not in lex.function_chars and not ctx.sent_start[k + 1]
            and tags[k + 1] in ("nrt", "nr", "x", "nrfg") and 2 <= len(words[k + 1]) <= 3
            and lex.translit_word(words[k + 1]) and words[k + 1] not in lex.places)


def _first_piece(ctx, i: int) -> tuple[int, int, int]:
    """The first token of the name whose seed is token i: a piece jieba cut off before it joins, and a
    first syllable read as another word after a title or 的 / 了 (校长盖/v 哈尔, 了古/a 莱德); also the start
    offset and 1 when that syllable was taken (it is no piece of evidence: 而加/x 拉塔萨雷 is a club)."""
    first = _cut_piece(ctx, i)
    if (ctx.tags[first] in _SYLLABLE_SEED_TAGS or first < i) and first_syllable(ctx, first):
        first -= 1
        return first, ctx.ends[first] - 1, 1  # 向特/x: the syllable only
    return first, ctx.starts[first], 0


def first_syllable(ctx, i: int) -> int:
    """1 when the token before token i (the first piece of a transliterated name) is its first syllable,
    which jieba read as a word of its own: one transliteration character, no function character, under
    a content tag, right after a title or 的 / 了 (总统尤/d 勒斯, 教练普/ad 罗哈斯, 的什/r 科普); or glued to a
    function character before it (向特/x 里希特, 从费/x 耶诺德). Else 0."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    if i < 2 or ctx.sent_start[i] or ctx.sent_start[i - 1]:
        return 0
    w, tag = words[i - 1], tags[i - 1]
    if len(w) == 2 and tag == "x" and w[0] in lex.function_chars:
        return int(_syllable_char(lex, w[1]))  # 向特/x 里希特: the function character stays out
    if len(w) != 1 or tag in _NOT_SYLLABLE_TAGS or not _syllable_char(lex, w):
        return 0
    return int(tags[i - 2] in ("ul", "uj") or lex.title_before(ctx, i - 1))


def _syllable_char(lex, ch: str) -> bool:
    return (lex.translit_word(ch) and ch not in lex.function_chars and ch not in lex.not_given
            and ch not in lex.person_deny)


def _cut_piece(ctx, i: int) -> int:
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    if i > 0 and not ctx.sent_start[i] and len(words[i - 1]) <= 2 and lex.fragment(ctx, i - 1) \
            and tags[i - 1] not in ("nrt", "nr", "x", "nrfg") or (i > 0 and len(words[i - 1]) == 1
                                                                  and lex.fragment(ctx, i - 1)
                                                                  and not ctx.sent_start[i]):
        return i - 1
    if (i > 0 and not ctx.sent_start[i] and len(words[i - 1]) == 1 and tags[i - 1] in ("d", "v", "p")
            and lex.translit_word(words[i - 1]) and words[i - 1] not in lex.person_deny
            and (i == 1 or ctx.sent_start[i - 1] or words[i - 2] in lex.clause_open)):
        return i - 1  # ，莫/d 尔塔萨: the first syllable read as a function word at a clause start
    if (i > 1 and not ctx.sent_start[i] and not ctx.sent_start[i - 1] and len(words[i - 1]) == 1
            and tags[i - 1] in ("v", "n", "d") and lex.translit_word(words[i - 1])
            and words[i - 1] not in lex.not_given and words[i - 1] not in lex.person_deny
            and tags[i] in ("nrt", "nr") and (tags[i - 2] in ("ul", "uj") or lex.title_before(ctx, i - 1))):
        return i - 1  # 中了扎/v 卡耶夫/nr, 部长沙/ns … 提/v 摩尔: the first syllable read as a verb or a noun
    return i


def _score(ctx, rule, i: int, first: int, last: int, name: str, syllable: int = 0) -> float:
    # Without a title before or a speech verb after, a transliterated word is as often a club, a city
    # or a brand as a person (precision 0.25 on CLUENER): the base never passes alone. A word jieba
    # tags as a place (巴拉克/ns, 扎加洛/ns) starts at 0: it needs a title before and one more piece of
    # evidence.
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    params = rule.params
    tag = tags[i]
    score = {"nrt": 1.0, "nr": 0.5, "nrfg": 0.5, "x": 0.5, "ns": 0.0, "nz": 0.5}[tag]
    if len(name) >= 3 and tag != "nrt":
        score += 0.5
    if last > first + syllable:
        score += 0.5
    if lex.title_before(ctx, first):
        score += 1.5
    if (lex.cue_soon(ctx, last + 1) or lex.latin_paren_after(ctx, last + 1)
            or lex.speaker_colon(ctx, first, last + 1) or _cue_after_date(ctx, last + 1)):
        score += 1.5
    elif lex.subject_slot(ctx, first, last + 1) or _subject_after_conj(ctx, first, last + 1):
        score += 1.0  # 德罗巴和..., ，基恩也...: a bare transliteration as the subject of a clause
    elif (last + 1 < len(words) and (words[last + 1] in params["_follow"] or tags[last + 1] in params["_follow_tags"]
                                     and words[last + 1] not in params["_not_follow"])
          and not (first > 0 and (words[first - 1] in params["_not_after"] or _place_before(ctx, first)))):
        score += 1.0  # 琼斯等人, 罗纳多在…, 卡里姆、…: a word that follows a subject or a listed name
    return score
