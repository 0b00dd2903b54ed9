"""Kind ``japanese_name``: Japanese family name + given name."""
from __future__ import annotations

import re

from ...registry import Option, entity_kinds
from ..common import CJK, NOT_GIVEN_TAGS, Candidate, trie_regex


class JapaneseNames:
    def __init__(self, lists):
        self.surnames = frozenset(lists.get("japanese_surnames", ()))
        self.finder = re.compile(trie_regex(self.surnames)) if self.surnames else None


def setup(lex, lists, rules) -> JapaneseNames:
    return JapaneseNames(lists)


@entity_kinds.register("japanese_name", phase="match", setup=setup, options=[
    Option("threshold", float, "score a name needs", 2.0)],
    lists=["not_given_chars", "person_deny", "places", "person_titles", "person_cues_after"],
    optional_lists=["japanese_surnames", "japanese_given_chars"])
def japanese_name(ctx, rule, out, ja: JapaneseNames) -> None:
    """Japanese names: a family name from `japanese_surnames` and a given name of up to three characters, in
    one word or cut into pieces (高桥/正雄, 佐藤美子), or the family name alone; scored: 1.0 with a given name
    (0.5 without), +1.0 when the given name is made of `japanese_given_chars`, title before +1.5, speech
    verb / title after +1.5 (or +0.5 in the subject slot); accepted at `threshold` (2.0), so 中村的村民 or
    山口有 stay words."""
    if ja.finder is None:
        return
    lex = ctx.lex
    words, tags = ctx.words, ctx.tags
    n = len(words)
    threshold = float(rule.params.get("threshold", 2.0))
    start_index = ctx.start_index
    for m in ja.finder.finditer(ctx.text):  # a family name written at the start of a word
        i = start_index.get(m.start())
        if i is None:
            continue
        w = words[i]
        fam = w[:3] if w[:3] in ja.surnames else w[:2] if w[:2] in ja.surnames else None
        if fam is None or not CJK.match(w) or w in lex.person_deny or w in lex.places:
            continue
        j = i + 1
        name = w
        if len(w) == len(fam):
            # given name in the next word(s): short content words, three characters at most
            while (j < n and not ctx.sent_start[j] and 1 <= len(words[j]) <= 2 and CJK.match(words[j])
                   and tags[j] not in NOT_GIVEN_TAGS and words[j] not in lex.person_cues
                   and words[j] not in lex.person_titles
                   and (lex.not_given.isdisjoint(words[j]) or lex.ja_given.issuperset(words[j]))
                   and len(name) + len(words[j]) - len(fam) <= 3):
                name += words[j]
                j += 1
        given = name[len(fam):]
        if len(given) > 3 or not (lex.not_given.isdisjoint(given) or lex.ja_given.issuperset(given)):
            continue  # 太 and 一 are function words in Chinese, name characters in 龙太郎, 一郎
        score = 0.5 if not given else 1.0
        if given and lex.ja_given.issuperset(given):
            score += 1.0
        if lex.title_before(ctx, i):
            score += 1.5
        if lex.cue_soon(ctx, j) or lex.speaker_colon(ctx, i, j):
            score += 1.5
        elif given and lex.subject_slot(ctx, i, j):
            score += 0.5
        if score >= threshold:
            out.append(Candidate(ctx.starts[i], ctx.ends[j - 1], rule.label, rule.id, rule.priority))
