"""Bylines for ``chinese_name``: the reporter's or author's name after a role (记者王明报道, 文/李华)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..common import CJK, Candidate

if TYPE_CHECKING:
    from .chinese_name import ChineseNameLists

# what may stand between a byline role and the name (文/李华, 作者：王明)
_BYLINE_SEPARATORS = frozenset({"/", "／", "：", ":", " ", "　", "|", "｜"})


def byline_names(ctx, rule, out, cn: "ChineseNameLists") -> None:
    """A reporter's or author's byline: a role (记者, 通讯员, 作者, 文/) then two or three characters starting
    with a surname (or one word jieba reads as a name), closed by a byline word (报道, 发自, 摄, ）), a place
    and 报道, a space or the end of the text (（记者马晓）, 本报记者高秀芬北京报道, 文/于春生); names listed
    with 、 or spaces continue the byline (记者印明远、章国栋报道): rule_id ``<id>.byline``. Any jieba reading
    of the name will do (于/p 春生/vn): the frame is the evidence."""
    words, lengths = ctx.words, ctx.lengths
    n = len(words)
    roles = cn.byline_roles
    start_index = ctx.start_index
    for found_role in cn.byline_re.finditer(ctx.text):
        i = start_index.get(found_role.start())
        if i is None or words[i] not in roles:
            continue  # inside a longer word
        k = i + 1
        while k < n and words[k] in _BYLINE_SEPARATORS:
            k += 1
        if lengths[i] == 1 and k == i + 1:
            continue  # 文 and 图 only with a slash or a colon after them (文/李华)
        while k < n:
            found = _byline_name(ctx, k, cn)
            if found is None:
                break
            out.append(Candidate(ctx.starts[k], ctx.ends[found], rule.label, rule.id + ".byline", rule.priority))
            k = found + 2
            if k >= n or not (words[k - 1] == "、" or words[k - 1].isspace()):
                break
            while k < n and words[k].isspace():
                k += 1


def _byline_name(ctx, k: int, cn: "ChineseNameLists") -> int | None:
    """The last token of a byline name starting at token k, or None."""
    lex = ctx.lex
    words, tags, lengths = ctx.words, ctx.tags, ctx.lengths
    n = len(words)
    roles, after = cn.byline_roles, cn.byline_after
    if words[k][0] not in lex.surnames and not (lengths[k] in (2, 3) and tags[k] in ("nr", "nrfg", "x")):
        return None
    size = 0
    for m in range(k, min(k + 3, n)):
        w = words[m]
        if w in after or w in roles or not CJK.match(w):
            return None
        size += lengths[m]
        if size > 3:
            return None
        if size < 2:
            continue
        j = m + 1
        if not (j >= n or words[j] in after or words[j].isspace()
                or tags[j] == "ns" and j + 1 < n and words[j + 1] in after):
            continue
        name = ctx.text[ctx.starts[k]:ctx.ends[m]]
        if name not in lex.person_deny and name not in lex.places and lex.function_chars.isdisjoint(name[1:]):
            return m
        return None
    return None
