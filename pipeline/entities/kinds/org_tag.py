"""Kind ``org_tag``: words jieba's dictionary tags as organisations."""
from __future__ import annotations


from ...registry import Option, entity_kinds
from ..common import Candidate
from ..loader import word_list
from ...docview import char_class


def prepare(params: dict, lists, path, line) -> dict:
    name = params.get("finals")
    if name is not None:
        words = word_list(lists, name, path, line, "finals")
        params["finals_words"] = frozenset(words)
        params["finals_lengths"] = sorted({len(w) for w in words}, reverse=True)
        params["finals_class"] = char_class(w[-1] for w in words)
    return params


def setup(lex, lists, rules) -> tuple[frozenset[str], object, tuple[str, ...]]:
    chars = "".join(lists["org_abbrev_final_chars"])
    return frozenset(chars), char_class(chars), tuple(lists.get("org_event_ends") or ())


@entity_kinds.register("org_tag", phase="match", prepare=prepare, setup=setup,
                       lists=["org_deny", "org_abbrev_final_chars"], optional_lists=["org_event_ends"], options=[
    Option("after_place", bool, "only abbreviations right after a place word, the place included "
           "(陕西省妇联, 中国乒协)", False),
    Option("finals", str, "a list of words: only `nt` words ending with one of them (中国残联, 团中央, 中国女篮)")])
def org_tag(ctx, rule, out, state: tuple) -> None:
    """Words jieba's dictionary tags `nt` (organisation), or `j` (abbreviation) ending with a character of
    `org_abbrev_final_chars` (rule_id `<id>.abbrev`). Off by default: precision 0.24 on CLUENER. With
    `after_place`, only such an abbreviation right after a place word (jieba `ns` or `places`), which
    starts the name: 天津市/妇联, 吉林省/美协. With `finals`, only `nt` words ending with a word of that list
    (`org.dict_final` with `org_tag_finals`: the endings of federations, central committees, national teams
    and observatories: 中国残联, 团中央, 中国女篮, 中央气象台), where a bare `nt` word is as often a building
    (人民大会堂), a relation (中美关系) or a field (社会科学)."""
    abbrev_finals, abbrev_class, event_ends = state
    if rule.params.get("after_place"):
        _after_place(ctx, rule, out, abbrev_finals, abbrev_class, event_ends)
        return
    if rule.params.get("finals"):
        _with_final(ctx, rule, out)
        return
    words, tags = ctx.words, ctx.tags
    deny = ctx.lex.org_deny
    for i, w in enumerate(words):
        tag = tags[i]
        if tag == "nt" and w not in deny and len(w) >= 2:
            out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id, rule.priority))
        elif tag == "j" and len(w) >= 2 and w[-1] in abbrev_finals and w not in deny:
            out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id + ".abbrev", rule.priority))


def _with_final(ctx, rule, out) -> None:
    words, tags = ctx.words, ctx.tags
    deny = ctx.lex.org_deny
    finals, lengths = rule.params["finals_words"], rule.params["finals_lengths"]
    for i in ctx.last_in(rule.params["finals_class"]):  # words ending like a final: few, found at C speed
        w = words[i]
        if tags[i] != "nt" or w in deny or len(w) < 3:
            continue
        if any(n <= len(w) and w[-n:] in finals for n in lengths):
            out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id, rule.priority))


def _after_place(ctx, rule, out, abbrev_finals, abbrev_class, event_ends: tuple[str, ...]) -> None:
    words, tags = ctx.words, ctx.tags
    deny, places, titles = ctx.lex.org_deny, ctx.lex.places, ctx.lex.person_titles
    for i in ctx.last_in(abbrev_class):  # words ending like an abbreviation: no per-word loop
        w = words[i]
        if tags[i] != "j" or len(w) < 2 or w[-1] not in abbrev_finals or w in deny or i == 0 or ctx.sent_start[i]:
            continue
        if w in titles or w[-2:] in titles or w.endswith(event_ends):
            continue  # 辽宁/省委常委: a member's title; 曼谷/亚运会: games, not an organisation
        if tags[i - 1] == "ns" or words[i - 1] in places:
            out.append(Candidate(ctx.starts[i - 1], ctx.ends[i], rule.label, rule.id, rule.priority))
