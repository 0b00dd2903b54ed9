"""Kind ``person_gate``: a person candidate that is a dictionary noun or names a product needs evidence."""
from __future__ import annotations

from ...registry import Option, entity_kinds
from ...segment import dictionary_tags
from ..common import from_sources, source_rules
from ..loader import word_list

# jieba's dictionary tags of ordinary words: common nouns, other proper nouns, places, organisations,
# times, locatives (not nr / nrfg / nrt: names)
_WORD_TAGS = ("n", "nz", "ns", "nt", "t", "s", "nl", "ng", "f", "vn")
# dictionary tags of the first two characters of a three-character word tagged as a name that make it a
# phrase (公开/ad 信, 万里/m 行, 尚有/v 余): adjectives, adverbs, numerals, pronouns, verbs
_PHRASE_HEAD_TAGS = frozenset({"a", "ad", "d", "m", "r", "v", "vn"})


def prepare(params: dict, lists, path, line) -> dict:
    params["_sources"] = source_rules(params, path, line, "person_gate", "candidates it checks",
                                      "person.cn, person.translit")
    words = word_list(lists, params.get("product_after", "person_product_after"), path, line, "product_after")
    params["_product"] = frozenset(words)
    params["_product_lengths"] = sorted({len(w) for w in words}, reverse=True)
    params["_tags"] = frozenset(params.get("word_tags") or _WORD_TAGS)
    finals = params.get("name_word_finals", "person_word_finals")
    # the list's own characters, and the thing's and place's final characters that are no given-name character
    given = set("".join(lists.get("given_name_chars") or ()))
    common = set("".join(lists.get("noun_final_chars") or ()) + "".join(lists.get("place_final_chars") or ()))
    params["_finals"] = frozenset(set("".join(word_list(lists, finals, path, line, "name_word_finals"))) | common - given)
    params["_coordinators"] = frozenset(params.get("coordinators") or lists.get("coordinators") or ())
    return params


@entity_kinds.register("person_gate", phase="revise", prepare=prepare, options=[
    Option("from_rules", list, "the ids of the rules whose PERSON candidates it checks (required)"),
    Option("product_after", str, "a list of words: one right after a candidate makes it a brand, a company or a "
           "product, no person", "person_product_after"),
    Option("word_tags", list, "jieba tags of ordinary dictionary words (default: n nz ns nt t s nl ng f vn)"),
    Option("name_word_finals", str, "a list of characters: a dictionary word tagged as a name (nr) of three characters "
           "or more that ends with one of them, or with one of `noun_final_chars` / `place_final_chars` that is no "
           "`given_name_chars` character, is a thing or a place and needs evidence too (黄铁矿, 龙首山)", "person_word_finals"),
    Option("coordinators", list, "words joining two names (default: the `coordinators` list)")],
    lists=["person_product_after", "person_word_finals", "noun_final_chars", "place_final_chars", "given_name_chars",
           "person_titles",
           "person_cues_after"],
    optional_lists=["coordinators"])
def person_gate(ctx, rule, out, state) -> None:
    """Revises PERSON candidates of `from_rules` (also their `.title3`-style variants) before overlaps are
    resolved, so `repeat` never multiplies them: a candidate followed right away by a word of `product_after`
    (电气, 断路器, 汽车, 品牌 …) names a company or a product and is dropped; a candidate that is one
    dictionary word with an ordinary tag (`word_tags`: 关键词), or tagged as a name but of three characters or more
    ending with a thing's or a place's character (`name_word_finals`: 黄铁矿, 白云岩, 龙首山) or opening with a
    dictionary adjective, adverb, numeral, pronoun or verb (公开/ad 信, 万里/m 行), is dropped
    unless its own place gives person evidence: a title before it, a speech verb or a title after it (also
    after an adverb or a time word), or a coordinator joining it to another person candidate."""
    params = rule.params
    sources, text = params["_sources"], ctx.text
    product, lengths = params["_product"], params["_product_lengths"]
    persons = [c for c in out if c.label == "PERSON"]
    mine = [c for c in persons if from_sources(c.rule_id, sources)]
    # one sense per document: a name written once before a product word is that brand everywhere it has
    # no person evidence (施耐德小型断路器 … 施耐德电气)
    brands = {text[c.start:c.end] for c in mine if any(text[c.end:c.end + n] in product for n in lengths)}
    doubtful = [c for c in mine if text[c.start:c.end] in brands or _dictionary_word(ctx, params, c)]
    if not doubtful:
        return
    ids = {id(c) for c in doubtful}
    # a doubtful candidate does not vouch for another one (黄铁矿和白云岩)
    ends = {c.end for c in persons if id(c) not in ids}
    starts = {c.start for c in persons if id(c) not in ids}
    drop = {id(c) for c in doubtful if not _evidence(ctx, c, params["_coordinators"], ends, starts)}
    if drop:
        out[:] = [c for c in out if id(c) not in drop]


def _dictionary_word(ctx, params, cand) -> bool:
    """The candidate is one dictionary word with an ordinary tag, or tagged as a name but of three characters
    or more ending with a thing's or a place's character."""
    i = ctx.start_index.get(cand.start)
    if i is None or ctx.ends[i] != cand.end:
        return False
    tag = ctx.tags[i]
    if tag in params["_tags"]:
        return True
    if tag != "nr" or cand.end - cand.start < 3:
        return False
    # 公开信/nr, 万里行/nr, 严肃性/nr: the first two characters are a dictionary word that is no noun or
    # name (公开/ad, 万里/m): a phrase jieba's dictionary tags as a name
    return (ctx.text[cand.end - 1] in params["_finals"]
            or dictionary_tags().get(ctx.text[cand.start:cand.start + 2]) in _PHRASE_HEAD_TAGS)


def _evidence(ctx, cand, coordinators: frozenset, ends: set[int], starts: set[int]) -> bool:
    """The candidate has a title before it, a cue after it, or a coordinator joining it to another person
    candidate."""
    i, j = ctx.start_index.get(cand.start), ctx.end_index.get(cand.end)
    if i is None or j is None:
        return False
    lex, words = ctx.lex, ctx.words
    if lex.title_before(ctx, i) or lex.cue_soon(ctx, j + 1):
        return True
    if i > 0 and not ctx.sent_start[i] and words[i - 1] in coordinators and ctx.starts[i - 1] in ends:
        return True
    return j + 1 < len(words) and words[j + 1] in coordinators and ctx.ends[j + 1] in starts
