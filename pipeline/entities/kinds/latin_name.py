"""Kind ``latin_name``: people's names written in Latin script."""
from __future__ import annotations

import re
from itertools import compress

from ...registry import Option, entity_kinds
from ..common import Candidate, alternation

_ROMAN = re.compile(r"(?i)m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")  # 工程师 iii: a part number, not a name


def prepare(params: dict, lists, path, line) -> dict:
    params["_follow"] = frozenset(str(v) for v in params.get("follow_words", []))
    return params


def setup(lex, lists, rules) -> re.Pattern:
    return re.compile(r"\s*" + alternation(lists["list_separators"]) + r"\s*")


@entity_kinds.register("latin_name", phase="match", prepare=prepare, setup=setup, options=[
    Option("follow_words", list, "words after a single capitalised word that make it a person's handle "
           "in a sports or game sentence", [])],
    lists=["latin_given_names", "latin_particles", "person_titles", "person_cues_after", "acronym_deny",
           "org_latin_suffixes", "list_separators"])
def latin_name(ctx, rule, out, list_gap: re.Pattern) -> None:
    """Capitalised Latin sequences with accents, hyphens and particles that are people: a known first
    name (`latin_given_names`), or a title before, or (two words or more) a speech verb after; also
    CamelCase (LewisCarroll); names of two to four capitalised words listed with a person by a word of
    `list_separators` (Lena Okafor、Pieter Janssen; rule_id `<id>.list`); a single Latin word, not all
    capitals, right after a title, or lower-case or a known first name right before a speech verb
    (选手Toxic, 设计师marco说; rule_id `<id>.word`), or capitalised and followed by one of `follow_words` in a
    sports or game sentence (Kazuo也…). A single word before a speech verb is not enough (Coinbase表示:
    companies speak too). A name of one or two words with a corporate word around it is an organisation,
    never a person (see `latin_org`)."""
    for start, end, label in ctx.latin_sequences():
        if label == "PERSON":
            out.append(Candidate(start, end, rule.label, rule.id, rule.priority))
    for start, end in _listed_names(ctx, list_gap):
        out.append(Candidate(start, end, rule.label, rule.id + ".list", rule.priority))
    if not ctx.latin_runs():
        return
    lex = ctx.lex
    words = ctx.words
    follow = rule.params.get("_follow", frozenset())
    _lower_case_pairs(ctx, rule, out)
    for i in compress(range(len(words)), map("eng".__eq__, ctx.tags)):
        w = words[i]
        # one Latin word (a handle or a lower-case name: filip, elaine, Infi) right after a title or
        # right before a speech verb: 选手Infi, 学生elaine说
        if (len(w) < 3 or not w.isalpha() or not w.isascii() or w.isupper() or _ROMAN.fullmatch(w)
                or w in lex.person_titles or w.upper() in lex.acronym_deny or w in lex.org_latin_suffixes
                or lex.latin_org_context(ctx, ctx.starts[i], ctx.ends[i])):
            continue
        if _noun_title_before(ctx, i) or (lex.cue_after(ctx, i + 1) and (w[0].islower() or w in lex.latin_given)
                                          and _verb_after(ctx, i + 1)):
            out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id + ".word", rule.priority))
        elif (follow and w[0].isupper() and not w[1:].isupper() and len(w) <= 12 and i + 1 < len(words)
              and words[i + 1] in follow and (i == 0 or words[i - 1] not in ("《", "“"))
              and (w in lex.latin_given or ctx.is_sports(ctx.starts[i]))):
            # Grubby也…, Moon曾…: a capitalised handle followed by an adverb that follows a subject,
            # in a sentence about a game or a match (elsewhere it is as often a company: Square也…)
            out.append(Candidate(ctx.starts[i], ctx.ends[i], rule.label, rule.id + ".word", rule.priority))


def _lower_case_pairs(ctx, rule, out) -> None:
    """A lower-cased first name of `latin_given_names` and one more word after one space, with a title
    before or a speech verb after (分析师peter brandt表示, 公关经理jennifer dang说), or any two words with
    both (研究员willy woo认为): the whole name
    (scraped text is often lower-cased, so no capitals mark it; rule_id `<id>.word`)."""
    lex, words, tags = ctx.lex, ctx.words, ctx.tags
    n = len(words)
    for i in compress(range(n), map("eng".__eq__, tags)):
        w = words[i]
        if i + 2 >= n or words[i + 1] != " " or tags[i + 2] != "eng" or not w.islower() or not w.isalpha():
            continue
        last = words[i + 2]
        if len(last) < 2 or not last.isalpha() or not last.isascii() or last.upper() in lex.acronym_deny \
                or last in lex.org_latin_suffixes:
            continue
        titled, cued = _noun_title_before(ctx, i), lex.cue_soon(ctx, i + 3)
        if (titled or cued) and w.capitalize() in lex.latin_given or titled and cued:  # willy woo: both
            out.append(Candidate(ctx.starts[i], ctx.ends[i + 2], rule.label, rule.id + ".word", rule.priority))


def _noun_title_before(ctx, i: int) -> bool:
    """A title before token i, read from a noun: 上手 (a verb) ends like 歌手 but titles nobody
    (上手volte分析); a word listed as a title counts whatever its tag."""
    if not ctx.lex.title_before(ctx, i):
        return False
    k = i - 2 if i > 1 and ctx.words[i - 1].isspace() else i - 1
    return ctx.tags[k] != "v" or ctx.words[k] in ctx.lex.person_titles


def _verb_after(ctx, j: int) -> bool:
    """The cue after the word is read as a verb, not a noun: volte分析/vn is an analysis of volte,
    marco分析/v说 a person analysing."""
    if j < len(ctx.words) and ctx.words[j].isspace():
        j += 1
    return j >= len(ctx.words) or ctx.tags[j] != "vn"


def _listed_names(ctx, list_gap: re.Pattern) -> list[tuple[int, int]]:
    """Unclassified Latin names of two to four capitalised words listed with a person
    (Lena Okafor、Pieter Janssen、Rohan Mehta; A, B and C): a list holds one kind of thing."""
    seqs = ctx.latin_sequences()
    if len(seqs) < 2:
        return []
    text = ctx.text
    labels = [label for _s, _e, label in seqs]
    nameish = [label is None and 2 <= len(parts) <= 4 and all(p[0].isupper() and not p.isupper() for p in parts)
               for label, parts in zip(labels, (text[s:e].split() for s, e, _l in seqs))]
    joined = [list_gap.fullmatch(text[seqs[k][1]:seqs[k + 1][0]]) is not None for k in range(len(seqs) - 1)]
    changed = True
    while changed:
        changed = False
        for k in range(len(seqs)):
            if labels[k] is None and nameish[k] and (
                    k > 0 and joined[k - 1] and labels[k - 1] == "PERSON"
                    or k + 1 < len(seqs) and joined[k] and labels[k + 1] == "PERSON"):
                labels[k] = "PERSON"
                changed = True
    return [(s, e) for (s, e, before), after in zip(seqs, labels) if before is None and after == "PERSON"]
