"""Kind ``dotted_name``: transliterated names joined by a middle dot."""
from __future__ import annotations

from itertools import compress

from ...registry import Option, entity_kinds
from ..common import CJK, DOT_CHARS, NAME_TAGS, Candidate
from .foreign_name import first_syllable

# tags of a word that may be one part of a dotted name: the dot is strong evidence
# tags of a two-character piece jieba cut off the front of a first part (瓦西/nrt 利克/x ·哈努); a
# longer word is a name of its own (特朗普/nrt 罗杰·斯通)
_PART_MAX = 8  # characters one part of a dotted name may have (斯拉夫科夫斯卡)
_PIECE_TAGS = frozenset({"x", "nrt", "nr"})
# what may follow a last syllable read as a verb besides a clause end or a cue (纳伊夫·哈瓦特/迈/v 和/c)
_TAIL_NEXT_TAGS = frozenset({"p", "c", "uj", "ul"})
_DOT_PART_TAGS = frozenset({"n", "nz", "ns", "nt", "ng", "j", "a", "b", "zg", "vg", "ag", "k", "i", "l"})


class DottedLists:
    def __init__(self, lists):
        self.estate_finals = frozenset("".join(lists["estate_final_chars"]))
        self.work_finals = frozenset("".join(lists["work_final_chars"]))


def setup(lex, lists, rules) -> DottedLists:
    return DottedLists(lists)


def _namey(lex, word: str, tag: str) -> bool:
    """A word that can be one part of a dotted name: the dot is strong evidence, so any content word
    qualifies (力克斯/nz), not function words or verbs."""
    return bool(CJK.match(word)) and (tag in NAME_TAGS or all(ch in lex.translit for ch in word)
                                      or tag in _DOT_PART_TAGS) and word not in lex.org_stop


@entity_kinds.register("dotted_name", phase="match", setup=setup, options=[
    Option("dots", str, "the middle dots, in all their forms", DOT_CHARS)],
    lists=["translit_chars", "not_given_chars", "function_chars", "estate_final_chars", "work_final_chars"])
def dotted_name(ctx, rule, out, state: DottedLists) -> None:
    """Transliterated names joined by a middle dot in any form `· ・ • ‧ ･ ⋅ .`: 萨提亚·纳德拉; a function
    character glued to the first or the last part is left out (上安迪·… → 安迪·…, 杜兰均 → 杜兰), a last
    part glued to 说 is kept (科斯/马斯说), and so are pieces of the first part jieba cut apart (马诺/哈尔・帕卢里)
    a first syllable read as a word of its own after a title (校长盖/v 哈尔·卡斯帕尔), and a last syllable read
    as a verb before a speech verb, a clause end, a preposition, a conjunction or 的 (阿尔达/勒/表示, 哈瓦特/迈/和); a
    transliterated character ending the last part stays (帕卢里, not 帕卢); a housing estate (世茂·宫园:
    `estate_final_chars`) or a book and its chapter (后汉书·张衡: `work_final_chars`) is no name."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    n = len(words)
    dots = lex.dots
    done_until = -1
    for i in compress(range(n), map(dots.__contains__, words)):
        if i < 1 or i >= n - 1:
            continue
        if i <= done_until or words[i] not in dots or not _namey(lex, words[i - 1], tags[i - 1]):
            continue
        if not _namey(lex, words[i + 1], tags[i + 1]):
            continue
        first, last, part_start = _parts(ctx, i)
        done_until = last
        if words[last][-1] in state.estate_finals or words[i - 1][-1] in state.work_finals:
            continue  # 世茂·宫园 (a housing estate), 后汉书·张衡 (a book and its chapter)
        begin, end = _trim(ctx, first, last, part_start)
        letters = [ch for ch in ctx.text[begin:end] if ch not in dots]
        if (sum(ch in lex.translit for ch in letters) * 2 < len(letters)
                and not (lex.title_before(ctx, first) and lex.not_given.isdisjoint(letters))):
            continue  # 关怀·香港: two plain words, not a transliterated name (泰国总理川·立派: a title says so)
        out.append(Candidate(begin, end, rule.label, rule.id, rule.priority))


def _parts(ctx, i: int) -> tuple[int, int, int]:
    """First and last token of the name around the dot at token i, and the first token of its last part."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    n = len(words)
    dots = lex.dots
    first = i - 1
    while (first > 0 and not ctx.sent_start[first] and words[first - 1] not in dots
           and lex.fragment(ctx, first - 1) and ctx.ends[i - 1] - ctx.starts[first - 1] <= 6
           and (len(words[first - 1]) == 1 or len(words[first]) == 1
                or lex.translit.issuperset(words[first - 1] + words[first])
                and (tags[first - 1] == "x" or tags[first - 1] in _PIECE_TAGS and len(words[first - 1]) == 2))):
        first -= 1  # 马诺/x 哈尔/nrt ・帕卢里: pieces of the first part that jieba cut apart
    if len(words[first - 1]) == 1 and first_syllable(ctx, first):
        first -= 1  # 校长盖/v 哈尔·卡斯帕尔: the first syllable read as a word of its own after a title
    last = i + 1
    part_start = last
    while True:
        # pieces of the same part that jieba cut apart (马/尔登, 门/戈尔德)
        while (last + 1 < n and words[last + 1] not in dots and lex.fragment(ctx, last + 1)
               and ctx.ends[last + 1] - ctx.starts[part_start] <= _PART_MAX):
            last += 1
        if last + 2 < n and words[last + 1] in dots and _namey(lex, words[last + 2], tags[last + 2]):
            last += 2
            part_start = last
            continue
        break
    return first, last, part_start


def _trim(ctx, first: int, last: int, part_start: int) -> tuple[int, int]:
    """Character span of the name: function characters glued to its ends left out, a last syllable cut
    off by jieba taken in."""
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    n = len(words)
    translit, not_given, function = lex.translit, lex.not_given, lex.function_chars
    end = ctx.ends[last]
    lw = words[last]
    if (tags[last] == "x" and len(lw) >= 3 and lw[-1] in not_given and translit.issuperset(lw[:-1])
            and not (lw[-1] in translit and lw[-1] not in function)):
        end -= 1  # 罗朗·雷斯及/x 法国…: a function character glued to the last part (not 帕卢里)
    elif (last + 2 < n and len(words[last + 1]) == 1 and words[last + 1] in translit
          and words[last + 1] not in function
          and (lex.closes_name(ctx, last + 2) or last + 2 < n and tags[last + 2] in _TAIL_NEXT_TAGS)
          and ctx.ends[last + 1] - ctx.starts[part_start] <= _PART_MAX):
        end = ctx.ends[last + 1]  # 阿尔达/勒/v 表示, 哈瓦特/迈/v 和: the last syllable read as a verb
    elif (last + 1 < n and tags[last + 1] == "x" and 2 <= len(words[last + 1]) <= 4
          and words[last + 1][-1] in not_given and translit.issuperset(words[last + 1][:-1])
          and ctx.ends[last + 1] - 1 - ctx.starts[part_start] <= 6):
        end = ctx.ends[last + 1] - 1  # 莉萨·科斯/马斯说: the rest of the last part glued to 说
    begin = ctx.starts[first]
    fw = words[first]
    if tags[first] == "x" and len(fw) >= 3 and fw[0] in not_given and translit.issuperset(fw[1:]):
        begin += 1  # 拍卖会上/安迪·沃霍尔 cut as 上安迪: a function character glued to the first part
    return begin, end
