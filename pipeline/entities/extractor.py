"""``EntityExtractor``: the rule kinds of ``rules/entities/patterns.yaml`` run over one document.

``extract`` builds the document context, runs the gazetteer and the match-phase kinds, then the
revise-phase kinds, drops candidates that name a place, a work or a nickname, resolves overlaps with
the configured policy, runs the link-phase kinds on the winners, and gives each mention its
gazetteer canonical name.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import memo
from ..gazetteer import GazetteerEntry, LongestMatcher, convert_all, whole_words
from ..records import EntityMatch
from ..registry import entity_kinds, overlap_policies
from ..rules import RuleError
from .common import (CJK, GAZETTEER_PRIORITY, LATIN_WORD_CHAR, NAME_DOT_MAP, Candidate, form_key, is_latin,
                     to_simplified)
from .context import DocContext, Lexicon
from .loader import PatternRule, load_gazetteer, load_lists, load_patterns, load_settings

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..docview import DocView
    from ..segment import Tokens

_TITLE = re.compile(r"《[^《》\n]{1,40}》")  # a title in book-title marks
_OUTLET_FINALS = frozenset("报刊志社台网闻")  # last characters of periodicals and outlets (日报, 周刊, 杂志, 新闻)
# CJK aliases are matched with the dots NAME_DOT_MAP rewrites made one, and full-width letters and digits
# (ＡＣ米兰, 沙尔克０４) made ASCII: one character each, so the offsets stay those of the text; a text
# holding none of them is matched as it is
_MATCH_FOLD = {**NAME_DOT_MAP, **{c: c - 0xFEE0 for r in ((0xFF10, 0xFF1A), (0xFF21, 0xFF3B), (0xFF41, 0xFF5B))
                                  for c in range(*r)}}
_OTHER_DOTS = re.compile("[" + re.escape("".join(chr(k) for k, v in NAME_DOT_MAP.items() if chr(k) != v))
                         + "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


class Gazetteer:
    """The gazetteer as the matcher uses it: simplified matching forms -> entry, Latin forms matched
    case-insensitively, every alias (also link_only) for the canonical-name lookup."""

    def __init__(self, entries: list[GazetteerEntry]):
        self.alias_index: dict[str, GazetteerEntry] = {}
        cjk_forms: dict[str, GazetteerEntry] = {}
        latin_forms: dict[str, GazetteerEntry] = {}
        simplified = iter(convert_all([form for entry in entries for form in entry.aliases], to_simplified))
        for entry in entries:
            n_match = entry.n_match
            for i, form in enumerate(entry.aliases):
                simple = next(simplified)
                key = form_key(simple)
                other = self.alias_index.get(key)
                if other is not None and other.id != entry.id and other.label == entry.label:
                    raise RuleError(entry.source, entry.line,
                                    f"alias {form!r} of {entry.id!r} is also an alias of {other.id!r} ({other.source}:{other.line})",
                                    "keep the alias in one entry, or move it to 'link_only' in one of them", code="E015")
                self.alias_index.setdefault(key, entry)
                if i >= n_match or len(simple) < 2:
                    continue
                if is_latin(simple):
                    latin_forms[simple.casefold()] = entry
                else:
                    cjk_forms[simple.translate(NAME_DOT_MAP)] = entry
        self.cjk_forms, self.latin_forms = cjk_forms, latin_forms
        # keys are written with one middle dot; the text is matched with its dots made that one too
        self.cjk_matcher = LongestMatcher(cjk_forms) if cjk_forms else None
        self.latin_matcher = LongestMatcher(latin_forms, str.lower) if latin_forms else None

    def candidates(self, ctx: DocContext, out: list[Candidate]) -> None:
        text = ctx.text
        if self.cjk_matcher is not None:
            org_heads, org_deny = ctx.lex.org_heads, ctx.lex.org_deny
            dotted = text.translate(_MATCH_FOLD) if _OTHER_DOTS.search(text) else text  # one character each
            for s, e, form in self.cjk_matcher.finditer(dotted):
                if s not in ctx.start_index and not _glued_edge(ctx, s, e, s):
                    continue
                if e not in ctx.end_index and not _glued_edge(ctx, s, e, e - 1):
                    # the alias ends inside a word: fine only when the word goes on with a head noun
                    i = ctx.token_at(e - 1)
                    if text[e:ctx.ends[i]] not in org_heads:
                        continue
                if text[e - 1:e + 1] in org_deny and ctx.tags[ctx.token_at(e)] == "x":
                    continue  # 住建部/门要/x: the alias's last character and the unknown word after it
                    # make a generic word (部门); 北大/学生 stays
                entry = self.cjk_forms[form]
                if entry.context == "sports" and not ctx.is_sports(s):
                    continue
                out.append(Candidate(s, e, entry.label, f"gazetteer:{entry.id}", GAZETTEER_PRIORITY, entry.canonical))
        if self.latin_matcher is not None:
            may_match = self.latin_matcher.may_match
            for a, b in ctx.latin_runs():  # every number is a run too: most hold no alias
                if not may_match(text, a, b):
                    continue
                for s, e, _key in self.latin_matcher.finditer(text, a, b, whole_words(text, b, LATIN_WORD_CHAR)):
                    self._latin_candidate(ctx, s, e, out)

    def _latin_candidate(self, ctx: DocContext, s: int, e: int, out: list[Candidate]) -> None:
        found = ctx.text[s:e]
        entry = self.latin_forms.get(found.casefold())
        if entry is None:
            return
        written = next(a for a in entry.aliases if to_simplified(a).casefold() == found.casefold())
        if found not in (written, written.lower(), written.upper(), written.title()):
            return
        if entry.context == "sports" and not ctx.is_sports(s):
            return
        out.append(Candidate(s, e, entry.label, f"gazetteer:{entry.id}", GAZETTEER_PRIORITY, entry.canonical))


def _glued_edge(ctx: DocContext, s: int, e: int, at: int) -> bool:
    """The alias s..e (three characters or more) cuts the word holding character ``at`` only to leave
    out one character that jieba glued to it into an unknown word (经民联则/x, 公民/党及/x, 与国/x 发会):
    the alias is read whole."""
    if e - s < 3:
        return False
    i = ctx.token_at(at)
    if ctx.tags[i] != "x":
        return False
    return (ctx.starts[i] == s - 1 and ctx.ends[i] <= e) if at == s else (ctx.ends[i] == e + 1 and ctx.starts[i] >= s)


# After a one-character place head, the marks that close a list item or a clause (麻涌镇、茶山镇): not a
# colon or a quote, which follow a verb of speech (王某道：“…”).
_LIST_END = frozenset("、，,。；;）)\n ")
# tags of the word after a one-character place head read as a verb that make it the verb of the name before
# it (站/v 在/p, 站/v 着/uz), not a station
_VERB_FOLLOWER_TAGS = frozenset({"p", "uz", "ul", "ug"})


def _list_end_at(text: str, i: int) -> bool:
    return i >= len(text) or text[i] in _LIST_END


class EntityExtractor:
    """Compiled entity rules; ``extract(doc)`` returns sorted, non-overlapping ``EntityMatch``es."""

    def __init__(self, lists: dict[str, Any], gazetteer: list[GazetteerEntry], patterns: list[PatternRule],
                 overlap: str = "longest_first"):
        self.gazetteer = gazetteer
        self.patterns = patterns
        self.lex = Lexicon(lists, patterns)
        self.gaz = Gazetteer(gazetteer)
        self._lookups: dict[tuple[str, str], GazetteerEntry | None] = {}
        self.overlap = overlap_policies.get(overlap).func
        # each kind in use builds its state once (tries, regexes, character classes) from the lists
        self.state: dict[str, Any] = {}
        phases: dict[str, list[tuple[Any, PatternRule]]] = {"match": [], "revise": [], "link": []}
        for rule in patterns:
            kind = entity_kinds.get(rule.kind)
            if kind.name not in self.state:
                setup = kind.info.get("setup")
                self.state[kind.name] = setup(self.lex, lists, [r for r in patterns if r.kind == kind.name]) \
                    if setup else None
            phases[kind.info.get("phase", "match")].append((kind.func, rule))
        self.match, self.revise, self.link = phases["match"], phases["revise"], phases["link"]
        self._quote_shy_ids = frozenset(r.id + suffix for r in patterns if r.kind == "chinese_name"
                                        for suffix in ("", ".title3"))
        self._dotted_ids = frozenset(r.id for r in patterns if r.kind == "dotted_name")
        self._place_shy_ids = frozenset(r.id + suffix for r in patterns
                                        if r.kind in ("chinese_name", "japanese_name", "foreign_name")
                                        for suffix in ("", ".title3", ".split", ".glued", ".swallowed"))

    @classmethod
    def from_rules(cls, rules_dir: Path) -> "EntityExtractor":
        rules_dir = Path(rules_dir)
        lists = load_lists(rules_dir)
        patterns = load_patterns(rules_dir, lists)
        return cls(lists, load_gazetteer(rules_dir), patterns, load_settings(rules_dir)["overlap"])

    # ------------------------------------------------------------------------------------------
    def extract(self, doc: "Doc | Tokens | DocView", explain: bool = False):
        """Entity mentions of ``doc`` (char offsets into ``doc.text``), sorted and non-overlapping.

        ``doc`` is a spaCy ``Doc`` from ``Segmenter.make_doc``, the plain ``segment.Tokens`` columns
        (cheaper: nothing to read back from spaCy) or their ``DocView``.

        With ``explain=True`` returns ``(matches, lost)`` where ``lost`` lists ``(candidate, winner)``
        pairs for every candidate that lost an overlap.
        """
        ctx = DocContext(doc, self.lex)
        candidates: list[Candidate] = []
        self.gaz.candidates(ctx, candidates)
        for cand in candidates:  # words inside a gazetteer name count as proper nouns for head-noun rules
            i = ctx.start_index.get(cand.start)
            while i is not None and i < len(ctx.starts) and ctx.starts[i] < cand.end:
                ctx.gaz_tokens.add(i)
                i += 1
        state = self.state
        for func, rule in self.match:
            func(ctx, rule, candidates, state[rule.kind])
        for func, rule in self.revise:
            func(ctx, rule, candidates, state[rule.kind])
        if self.lex.place_after and not self.lex.place_after.isdisjoint(ctx.words):
            self._drop_place_names(ctx, candidates)
        if self.lex.place_after:
            self._drop_names_of_places_elsewhere(ctx, candidates)
        self._drop_titles_and_nicknames(ctx, candidates)
        winners, lost = self.overlap(candidates, ctx.taken, explain)
        for func, rule in self.link:
            func(ctx, rule, winners, state[rule.kind])
        winners.sort(key=lambda c: (c.start, c.end))
        matches = [self._finish(ctx, c) for c in winners]
        if explain:
            return matches, [(loser.to_match(), winner.to_match() if winner else None) for loser, winner in lost]
        return matches

    def _drop_place_names(self, ctx: DocContext, candidates: list[Candidate]) -> None:
        """A name right before a place or facility word (lists/place_heads_after) names the place:
        张自忠/路, 林达海/渔/广场."""
        words, place_after, ids, start_index = ctx.words, self.lex.place_after, self._place_shy_ids, ctx.start_index
        n = len(words)
        drop = None
        for idx, c in enumerate(candidates):
            if c.rule_id not in ids:
                continue
            k = start_index.get(c.end)
            if k is None:
                continue
            w = words[k]
            if (len(w) == 1 and ctx.tags[k][0] == "v" and k + 1 < n
                    and ctx.tags[k + 1] in _VERB_FOLLOWER_TAGS):
                continue  # 王玉梅/站/v 在/p: a head read as a verb before a preposition is the name's verb (stands);
                # 石帆/站/v 往西 is the station
            if w in place_after or (len(w) == 1 and k + 1 < n and words[k + 1] in place_after and CJK.match(w)):
                if drop is None:
                    drop = set()
                drop.add(idx)
        if drop:
            candidates[:] = [c for idx, c in enumerate(candidates) if idx not in drop]

    def _drop_names_of_places_elsewhere(self, ctx: DocContext, candidates: list[Candidate]) -> None:
        """One sense per document: a name the document also writes as a place, with a one-character
        place head closing a list item or a clause (麻涌镇、茶山镇, 龙岗区。), is that place wherever it
        stands without a person's title before it or a speech verb after it (其中，麻涌成绩亮眼 is the
        town). Not 张三镇长 or 王某道："…" (a word or a quote goes on), and not facilities such as
        徐悲鸿纪念馆: they are often named after a person."""
        text, lex, ids = ctx.text, self.lex, self._place_shy_ids
        names = {text[c.start:c.end] for c in candidates if c.label == "PERSON" and c.rule_id in ids}
        places = set()
        for name in names:
            at = text.find(name)
            while at != -1 and name not in places:
                end = at + len(name)
                if text[end:end + 1] in lex.place_after and _list_end_at(text, end + 1):
                    places.add(name)
                at = text.find(name, at + 1)
        if not places:
            return
        start_index = ctx.start_index

        def person_evidence(c: Candidate) -> bool:
            i, j = start_index.get(c.start), start_index.get(c.end)
            return (i is not None and lex.title_before(ctx, i)) or (j is not None and lex.cue_after(ctx, j))

        candidates[:] = [c for c in candidates if not (c.label == "PERSON" and c.rule_id in ids
                                                       and text[c.start:c.end] in places and not person_evidence(c))]

    def _drop_titles_and_nicknames(self, ctx: DocContext, candidates: list[Candidate]) -> None:
        text = ctx.text
        if "《" in text:
            titles = [m.span() for m in _TITLE.finditer(text)]
            if titles:
                # a work named after a person (《哈利·波特》) is not a mention of the person; a name
                # inside a longer title (《邓小平文选》) is
                whole = {(s + 1, e - 1) for s, e in titles}
                # a name closing a longer title is its character, not a person in the news
                # (《理发师陶德》, 《哈利·波特与魔法石》): only gazetteer people stay there
                ends = {e - 1 for s, e in titles}
                starts = {s + 1 for s, e in titles}
                candidates[:] = [c for c in candidates if c.label != "PERSON" or (c.start, c.end) not in whole
                                 and (c.rule_id.startswith("gazetteer:") or c.end not in ends
                                      and not (c.start in starts and c.rule_id in self._dotted_ids))]
                # an organisation's name as a whole title is a work (《德军总部》, a game), unless the
                # title is a periodical or an outlet (《人民日报》, 《财经》杂志 keep theirs)
                candidates[:] = [c for c in candidates if c.label != "ORG" or (c.start, c.end) not in whole
                                 or text[c.end - 1] in _OUTLET_FINALS or c.rule_id.startswith("gazetteer:")]
        if "“" in text:
            # a Chinese-looking word alone in quotes is a nickname, a brand or a slogan far more often
            # than a person (“姚仙”, “金鳞”)
            candidates[:] = [c for c in candidates if not (
                c.label == "PERSON" and c.rule_id in self._quote_shy_ids and c.start > 0
                and text[c.start - 1] == "“" and text[c.end:c.end + 1] == "”")]

    def _finish(self, ctx: DocContext, cand: Candidate) -> EntityMatch:
        if cand.canonical is None:
            entry = self.lookup(ctx.text[cand.start:cand.end], cand.label)
            if entry is not None:
                cand.canonical = entry.canonical
        return cand.to_match()

    def lookup(self, text: str, label: str) -> GazetteerEntry | None:
        """The gazetteer entry a surface form (simplified) names, also with a generic suffix removed
        (remembered: the same names recur in document after document)."""
        known = self._lookups.get((text, label), self)
        if known is not self:
            return known
        if len(self._lookups) >= memo.LOOKUPS:  # bounded: a long-lived worker meets ever more names (memo.py)
            self._lookups.clear()
        entry = self._lookups[text, label] = self._lookup(text, label)
        return entry

    def _lookup(self, text: str, label: str) -> GazetteerEntry | None:
        alias_index = self.gaz.alias_index
        key = form_key(text)
        entry = alias_index.get(key)
        if entry is None and label == "ORG":
            for suffix in self.lex.org_generic_suffixes:
                if key.endswith(suffix.casefold() if is_latin(key) else suffix) and len(key) > len(suffix) + 1:
                    entry = alias_index.get(key[: -len(suffix)].strip())
                    break
        if entry is not None and entry.label == label:
            return entry
        return None
