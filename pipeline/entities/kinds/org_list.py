"""Kind ``org_list``: names listed with an organisation are organisations too."""
from __future__ import annotations

from ...registry import Option, entity_kinds
from ..common import CJK, Candidate, from_sources, is_latin, source_rules

# jieba tags of a word that may be an organisation's name when it is listed with one: unknown, Latin,
# proper noun, abbreviation, organisation, transliteration
_ITEM_TAGS = frozenset({"x", "eng", "nz", "j", "nt", "nrt"})


def setup(lex, lists, rules) -> dict:
    return {"coordinators": frozenset(lists["coordinators"]) | frozenset(lists.get("versus_words") or ()),
            "countries": frozenset(lists["countries"])}


def _item(ctx, k: int, state: dict) -> bool:
    """Token k can be an organisation's name on its own: an unknown, Latin or proper-noun word of two
    characters or more, not a place, a country or a known person."""
    lex = ctx.lex
    w, tag = ctx.words[k], ctx.tags[k]
    if (len(w) < 2 or len(w) > 8 or w in lex.places or w in state["countries"] or w in lex.person_deny
            or w in lex.org_deny or len(w) > 3 and w[-2:] in lex.person_titles):
        return False  # 中央政治局常委: a person's title
    if tag == "eng" or is_latin(w):
        return w[:1].isalpha() and w.upper() not in lex.acronym_deny
    if not CJK.match(w):
        return False
    if tag in _ITEM_TAGS:
        return tag != "nrt" or len(w) >= 2
    # 康佳/nr, 海尔/nrt: a name-tagged word made of transliteration characters
    return tag == "nr" and lex.translit.issuperset(w)

def prepare(params: dict, lists, path, line) -> dict:
    params["_sources"] = source_rules(params, path, line, "org_list", "PERSON candidates it may make organisations",
                                      "person.translit, person.latin")
    return params


@entity_kinds.register("org_list", phase="revise", setup=setup, prepare=prepare, options=[
    Option("from_rules", list, "the ids of the rules whose PERSON candidates an organisation in the list "
           "makes organisations (required)")],
    lists=["coordinators", "countries", "places", "person_deny", "translit_chars", "acronym_deny", "org_deny"],
    optional_lists=["versus_words"])
def org_list(ctx, rule, out, state: dict) -> None:
    """Revises candidates before overlaps are resolved: a name listed with an organisation by a word of
    `coordinators` (、 和 与 及) or facing one across a word of `versus_words` (国米vs莱切) is an organisation too: a PERSON candidate of one of `from_rules`
    (海尔 after 康佳、长虹、; 易胜博、bwin) gets this rule's label, and a word nothing proposed that can be a
    name on its own (unknown, Latin, proper noun, abbreviation: 孩之宝和美泰, MYM和EG) becomes a candidate;
    the list is followed in both directions. Chinese names (`person.cn`) are not in `from_rules`: a
    person listed with a company stays a person, and so does a name right after a person's title
    (财政部长扎多尔诺夫和央行行长…)."""
    coordinators = state["coordinators"]
    sources = rule.params["_sources"]
    words, n = ctx.words, len(ctx.words)
    start_index, end_index = ctx.start_index, ctx.end_index

    def listed(c: Candidate) -> bool:
        i, j = start_index.get(c.start), end_index.get(c.end)
        return (i is not None and i >= 2 and words[i - 1] in coordinators
                or j is not None and j + 2 < n and words[j + 1] in coordinators)

    queue = [c for c in out if c.label == "ORG" and listed(c)]
    if not queue:
        return
    by_start: dict[int, list[Candidate]] = {}
    by_end: dict[int, list[Candidate]] = {}
    for c in out:
        by_start.setdefault(c.start, []).append(c)
        by_end.setdefault(c.end, []).append(c)
    seen = {(c.start, c.end) for c in out if c.label == "ORG"}
    while queue:
        cand = queue.pop()
        i, j = ctx.start_index.get(cand.start), ctx.end_index.get(cand.end)
        sides = []
        if i is not None and i >= 2 and words[i - 1] in coordinators:
            sides.append((i - 2, by_end.get(ctx.ends[i - 2], ())))
        if j is not None and j + 2 < n and words[j + 1] in coordinators:
            sides.append((j + 2, by_start.get(ctx.starts[j + 2], ())))
        for k, others in sides:
            if any(o.label == "ORG" for o in others):
                continue
            persons = [o for o in others if o.label == "PERSON"]
            if persons:
                for o in persons:
                    if _titled(ctx, o.start) or _chinese_name(ctx.lex, ctx.text[o.start:o.end], False):
                        continue  # 财政部长扎多尔诺夫和央行: a title before the name, a person; 民进党与洪秀柱:
                        # a surname and a given name (a later mention `repeat` found), a person
                    if from_sources(o.rule_id, sources):
                        o.label, o.rule_id, o.priority = rule.label, rule.id, rule.priority
                        if (o.start, o.end) not in seen:
                            seen.add((o.start, o.end))
                            queue.append(o)
                continue
            if others or not _item(ctx, k, state) or _titled(ctx, ctx.starts[k]) \
                    or _chinese_name(ctx.lex, words[k], True):
                continue
            s, e = ctx.starts[k], ctx.ends[k]
            if (s, e) in seen or any(c.start < e and s < c.end for c in out if c.label != "ORG"):
                continue
            new = Candidate(s, e, rule.label, rule.id, rule.priority)
            out.append(new)
            by_start.setdefault(s, []).append(new)
            by_end.setdefault(e, []).append(new)
            seen.add((s, e))
            queue.append(new)


def _titled(ctx, start: int) -> bool:
    """A person's title stands right before the name starting at ``start`` (财政部长/扎多尔诺夫)."""
    i = ctx.start_index.get(start)
    return i is not None and ctx.lex.title_before(ctx, i)


def _chinese_name(lex, name: str, strict: bool) -> bool:
    """``name`` reads as a Chinese personal name, the evidence the person kinds score: a surname of
    `surnames.tsv` (compound ones too) and a given name of one or two characters, none of
    `not_given_chars`, not all of them transliteration characters (康佳, 海尔 may be brands); with a
    rare surname (洪) or ``strict`` (an unknown word nothing proposed), a given name of three characters
    in all made of `given_name_chars` (洪秀柱)."""
    if not 2 <= len(name) <= 4 or not CJK.match(name) or lex.translit.issuperset(name):
        return False
    sl = 2 if len(name) >= 3 and name[:2] in lex.surnames else 1
    given, common = name[sl:], lex.surnames.get(name[:sl])
    if common is None or not 1 <= len(given) <= 2 or not lex.not_given.isdisjoint(given):
        return False
    return common == 1.0 and not strict or len(name) == 3 and lex.given_chars.issuperset(given)
