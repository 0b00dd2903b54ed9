"""``EventExtractor``: trigger candidates of a document -> events (see the package docstring)."""
from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..docview import DocView
from ..records import DateMatch, EntityMatch, EventArgument, EventMatch
from ..segment import Tokens
from .arguments import (Arg, add_brand_org, add_context_org, add_np, add_previous_person, generic_participant,
                        is_org_like, titles_as_fallback)
from .clauses import (Left, Right, clause_initial_np, fallback_subject, only_adverbials, parse_left, parse_right,
                      word_before)
from .context import DocContext
from .loader import PARTICIPANTS, Guard, Lexicon, TriggerRule, TypeRule, load_event_rules
from .merge import Found, merge
from .modality import modality
from .phrases import Span, generic_person
from .. import memo
from .requirements import Check
from .sentence import Sentence, TokenClassifier
from .vocabulary import Vocabulary

if TYPE_CHECKING:  # spaCy is only needed when a Doc is passed in (the batch passes Tokens)
    from spacy.tokens import Doc

_ORTH_CACHE: dict[int, str] = {}  # string hash -> word (hashes are stable across vocabularies)


# A "sentence" this long whose characters are mostly no Chinese characters and no letters (figures,
# separators, check boxes) is a table (a quarterly report pasted as text): its 出售/投资 are no deals.
TABLE_MIN_CHARS = 500
TABLE_FIGURE_SHARE = 0.35
_WORD_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def _table_like(text: str, s0: int, e0: int) -> bool:
    words = len(_WORD_CHARS.findall(text, s0, e0))
    return 1 - words / (e0 - s0) >= TABLE_FIGURE_SHARE


class EventExtractor:
    """Compiled event rules; ``extract`` is pure and thread-safe."""

    def __init__(self, types: list[TypeRule], triggers: list[TriggerRule], guards: list[Guard], lexicon: Lexicon):
        self.types = {t.type: t for t in types}
        self.triggers = triggers
        self.guards = guards
        self.lex = lexicon
        self.v = Vocabulary(lexicon, triggers)
        self.by_word = self.v.by_word
        words = sorted(self.by_word, key=len, reverse=True)
        self.trigger_re = re.compile("|".join(map(re.escape, words))) if words else None
        self._by_first: dict[str, list[str]] = {}
        for w in words:  # longest first
            self._by_first.setdefault(w[0], []).append(w)
        self.classifier = TokenClassifier(self.v)

    @classmethod
    def from_rules(cls, rules_dir: Path) -> "EventExtractor":
        types, triggers, guards, lexicon = load_event_rules(Path(rules_dir))
        return cls(types, triggers, guards, lexicon)

    def classify(self, words: list[str], tags: list[str], starts: list[int],
                 time_spans: list[tuple[int, int]]) -> list[str]:
        """Token kinds of one sentence (see ``sentence.TokenClassifier``)."""
        return self.classifier.classify(words, tags, starts, time_spans)

    # ----------------------------------------------------------------------------------------------

    def extract(self, doc: "Doc | Tokens | DocView", entities: list[EntityMatch] | None = None,
                dates: list[DateMatch] | None = None, text: str | None = None) -> list[EventMatch]:
        """Events of one document (a spaCy Doc, the pipeline's Tokens, or their ``DocView``, which a
        caller may share with the entity stage). ``text`` may be given when the caller has
        ``doc.text`` already (reading it from a Doc is a good part of this stage's time)."""
        if text is None:
            text = doc.text if isinstance(doc, (Tokens, DocView)) else doc_text(doc)
        if self.trigger_re is None or not text:
            return []
        first = self.trigger_re.search(text)
        if first is None:
            return []
        ctx = DocContext(self.v, self.classifier, doc, text, entities or [], dates or [])
        found: list[Found] = []
        fixed = [m.span() for m in self.v.not_trigger_re.finditer(text, first.start() - 8)] \
            if self.v.not_trigger_re is not None else []
        hit = first
        while hit is not None:
            start = hit.start()
            if fixed and any(a <= start < b for a, b in fixed):
                hit = self.trigger_re.search(text, start + 1)
                continue
            # longest trigger word at this position that coincides with the words ("申请辞去": 请辞
            # is no word there, the search goes on from the next character and finds 辞去)
            word = None
            for cand in self._by_first.get(text[start], ()):
                if text.startswith(cand, start) and ctx.may_align(start, start + len(cand)):
                    word = cand
                    break
            if word is None:
                hit = self.trigger_re.search(text, start + 1)
                continue
            end = start + len(word)
            hit = self.trigger_re.search(text, end)
            if ctx.inside_org_name(start, end):
                continue
            result = self._candidate(ctx, word, start, end)
            if result is not None:
                found.append(result)
        return merge(self.types, found)

    def _candidate(self, ctx: DocContext, word: str, start: int, end: int) -> Found | None:
        """The event of the trigger ``word`` at [start, end): the first of its rules that holds."""
        text = ctx.text
        s0, e0 = ctx.sentence_span(start)
        if e0 - s0 >= TABLE_MIN_CHARS:
            table = ctx.tables.get(s0)
            if table is None:
                table = ctx.tables[s0] = _table_like(text, s0, e0)
            if table:
                return None  # a financial report's table read as one "sentence": figures, no events
        rules = [r for r in self.by_word[word]
                 if not r.prefilters or all(test(self.v, value, text, s0, e0, start, end) for test, value in r.prefilters)]
        if not rules:
            return None
        sent = ctx.sentence_at(start)
        if sent is None:
            return None
        span = self._align(sent, start, end)
        if span is None or _account_name(ctx, sent, span, start, end):
            return None
        parsed: list = []
        for rule in rules:
            result = self._apply(ctx, sent, span, rule, parsed)
            if result is not None:
                return result
        return None

    # --- trigger alignment ---------------------------------------------------------------------

    def _align(self, sent: Sentence, start: int, end: int) -> Span | None:
        """Token range of a trigger found at [start, end), or None when it is part of another word."""
        i = sent.by_start.get(start)
        j = sent.by_end.get(end)
        if i is not None and j is not None:
            return i, j + 1
        # One token holding the trigger plus an adverb before it / an aspect particle or a glued
        # object after it ("引咎辞职", "开除党籍").
        k = bisect.bisect_right(sent.starts, start) - 1
        if k < 0 or sent.ends[k] < end:
            return None
        word = sent.words[k]
        pre = word[: start - sent.starts[k]]
        post = word[end - sent.starts[k]:]
        if self.v.glued_to_trigger(pre, post):
            return k, k + 1
        return None

    # --- one trigger candidate ------------------------------------------------------------------

    def _apply(self, ctx: DocContext, sent: Sentence, span: Span, rule: TriggerRule, parsed: list) -> Found | None:
        ti, te = span
        if not parsed:  # the left/right analysis does not depend on the rule: once per trigger
            right = parse_right(self.v, sent, te)
            left = parse_left(self.v, sent, ti) if not right.modifier else Left()
            if not right.modifier and left.subject is None and not left.possessor and not left.by:
                fallback_subject(self.v, sent, ti, left)
                np = left.subject
                if np is not None and ctx.in_dateline(sent.starts[np[0]], sent.ends[np[1] - 1]):
                    left.subject = None  # "新浪美股10月8日讯，…在星河银行裁员": the agency filed the report
            parsed += [left, right]
        left, right = parsed
        if right.modifier and not rule.modifier_ok:
            return None
        if te < len(sent.words) and any(r.type == rule.type for r in self.by_word.get(sent.words[te], ())):
            return None  # "转会加盟巴萨": serial verbs of one event, the last one carries it
        if ti > sent.clause_start(ti) and sent.words[ti - 1] in self.v.copulas \
                and (te >= len(sent.words) or sent.kinds[te] == "P"):
            return None  # "最后一种选择是辞职。": the trigger is a noun after a copula, no event
        trule = self.types[rule.type]
        unresolved: set[str] = set()
        args = self._arguments(ctx, sent, rule, trule, left, right, unresolved, span)
        if args is None:
            return None
        if rule.checks:
            check = Check(self.v, ctx, sent, span, left, right, args, unresolved)
            if not all(test(check, value) for test, value in rule.checks):
                return None
        return self._event(ctx, sent, span, rule, trule, args)

    def _arguments(self, ctx: DocContext, sent: Sentence, rule: TriggerRule, trule: TypeRule, left: Left,
                   right: Right, unresolved: set[str], span: Span) -> list[Arg] | None:
        """The arguments the frame of ``rule`` gives the phrases around the trigger (None: a generic
        statement, no event)."""
        frame = rule.frame
        args: list[Arg] = []
        subject_role = frame.get("subject", "")
        if left.passive and "passive_subject" in frame:
            subject_role = frame["passive_subject"]
        no_object = right.object is None and right.relative is None and not _unread_object(self.v, sent, span[1])
        if no_object and "subject_if_no_object" in frame and not left.passive:
            if left.subject is None or not is_org_like(ctx, sent, left.subject) \
                    or frame["subject_if_no_object"] in ("to_org", "org"):
                subject_role = frame["subject_if_no_object"]
        relative_role = frame.get("relative")
        if relative_role == "person" and right.relative is None and right.object is not None \
                and frame.get("object") not in (None, "", "person"):
            right = _object_then_named_head(ctx, sent, right)
        if relative_role == "person" and right.relative is not None:
            # "已辞职的联合创始人孙立": a named head is the one who acted, the subject before is the topic;
            # an unnamed head ("辞职的消息") is no person at all
            rs, re_ = sent.starts[right.relative[0]], sent.ends[right.relative[1] - 1]
            if ctx.inner_entity(rs, re_, "PERSON") is None:
                relative_role = None
            elif subject_role == "person":
                subject_role = ""
        if left.subject is not None and subject_role:
            add_np(ctx, sent, trule, args, subject_role, left.subject, unresolved)
            if not args and subject_role == "org" and left.subject_source == "direct":
                # "哈米科技宣布获得真格基金领投的数千万元融资": the phrase next to the trigger names no
                # organisation (an amount); the clause opens with the one that acts
                opener = clause_initial_np(self.v, sent, sent.clause_start(left.subject[0]), left.subject[0])
                if opener is not None:
                    add_np(ctx, sent, trule, args, subject_role, opener, unresolved)
        for position, np in (("possessor", left.possessor), ("passive_agent", left.passive_agent), ("by", left.by)):
            if np is not None and frame.get(position):
                add_np(ctx, sent, trule, args, frame[position], np)
        for prep, np in left.pps:
            role = frame.get("prep:" + prep)
            if role:
                add_np(ctx, sent, trule, args, role, np)
        if right.object is not None and frame.get("object"):
            add_np(ctx, sent, trule, args, frame["object"], right.object)
        if right.relative is not None and relative_role:
            add_np(ctx, sent, trule, args, relative_role, right.relative)
        for prep, np in right.after.items():
            role = frame.get("after:" + prep)
            if role:
                add_np(ctx, sent, trule, args, role, np)
        if trule.apposition.get("title_fallback"):
            args = titles_as_fallback(args)
        if left.subject is None and not left.passive and "person" in subject_role.split("|") \
                and sent.clause[span[0]] == 0 and only_adverbials(self.v, sent, 0, span[0]):
            add_previous_person(ctx, sent, args)  # "周立：副总经理。男，硕士。2011年7月加入星河基金"
        if left.generic and not any(a.role in PARTICIPANTS for a in args) \
                and modality(self.v, self.guards, sent, *span, rule.type) == "asserted":
            return None  # "导致大量员工离职": a kind, no one named ("不会造成任何高管离职" stays, negated)
        if self.v.generic_determiners:
            specific = [a for a in args if not generic_participant(self.v, ctx.text, a)]
            if len(specific) < len(args) and not any(a.role in PARTICIPANTS for a in specific):
                return None  # "这些公司IPO", "推出此类技术": a generic statement, no event
            args = specific
        return args

    def _event(self, ctx: DocContext, sent: Sentence, span: Span, rule: TriggerRule, trule: TypeRule,
               args: list[Arg]) -> Found:
        """The event record of a trigger whose conditions hold: its date, modality, type and merge key."""
        ti, te = span
        words = sent.words
        trig_start, trig_end = sent.starts[ti], sent.ends[te - 1]
        if te - ti == 1 and words[ti] != rule.word and rule.word in words[ti]:  # "引咎辞职": the trigger is 辞职
            trig_start += words[ti].index(rule.word)
            trig_end = trig_start + len(rule.word)
        date_index, date_source = ctx.nearest_date(sent, ti, te, rule.type)
        if date_index is not None and te < len(words) and words[te] in self.v.temporal_post \
                and (date_source != "clause" or ctx.dates[date_index].start > trig_start):
            date_index, date_source = None, ""  # "到12月24日，股价创上市以来新低": the date is the main clause's
        if date_index is not None:
            d = ctx.dates[date_index]
            ds = d.start
            for prefix in self.v.date_prefixes:  # "北京时间|5月28日": the zone belongs to the time
                if ctx.text.startswith(prefix, ds - len(prefix)):
                    ds -= len(prefix)
                    break
            args.append(Arg("date", ds, d.end, None, date_index))
        add_context_org(ctx, sent, trule, args, trig_start)
        add_brand_org(ctx, trule, args)
        mod = modality(self.v, self.guards, sent, ti, te, rule.type)
        if mod == "asserted" and ctx.regulation:
            mod = "hypothetical"  # a regulation's "收购…由银监会审查并决定": a rule, no event
        uniq: list[Arg] = []
        seen: set[tuple[str, int, int]] = set()
        for a in args:
            key = (a.role, a.start, a.end)
            # one span fills one participant role ("胡小明受到开除处分": the person, not also the org)
            part_key = ("participant", a.start, a.end) if a.role in PARTICIPANTS else key
            if key in seen or part_key in seen or a.end <= a.start:
                continue
            seen.update((key, part_key))
            uniq.append(a)
        etype = rule.type
        if trule.becomes and word_before(sent, ti, self.lex[trule.becomes[1]]):
            etype = trule.becomes[0]
        event = EventMatch(etype, trig_start, trig_end, rule.id,
                           tuple(EventArgument(a.role, a.start, a.end, a.entity_index, a.date_index, a.source) for a in uniq),
                           mod, date_index, date_source)
        return event, sent.start, self._merge_key(ctx, trule, uniq)

    def _merge_key(self, ctx: DocContext, trule: TypeRule, args: list[Arg]) -> str | None:
        """Text of the type's ``merge`` role (None: no such argument, or a person without a name); a
        person cut to its name keys by its whole phrase, titles included, as before the cut."""
        if not trule.merge:
            return None
        for a in args:
            if a.role == trule.merge:
                key = ctx.text[slice(*a.whole)]
                if a.role == "person" and generic_person(self.v, key):
                    return None
                return key
        return None


def _unread_object(v: Vocabulary, sent: Sentence, te: int) -> bool:
    """The trigger is followed by a quotation the object analysis could not read as a phrase
    ("推出“光宽带，爽一夏”活动": the comma inside the quotes): the subject stays the subject, it is
    not what was released."""
    k = te
    while k < len(sent.words) and (sent.kinds[k] == "S" or sent.words[k] in v.aspect):
        k += 1
    return k < len(sent.words) and sent.kinds[k] == "O" and sent.clause[k] == sent.clause[te - 1]


def _object_then_named_head(ctx: DocContext, sent: Sentence, right: Right) -> Right:
    """"加盟鹈鹕队的雷迪克": an object followed by 的 and a PERSON is a relative clause; the object is
    the verb's, the named head is who acted (a new ``Right``; the shared analysis is left as is)."""
    lo, hi = right.object
    j = next((k for k in range(hi - 1, lo, -1) if sent.kinds[k] == "L"), None)
    if j is None or j + 1 >= hi:
        return right
    head = ctx.inner_entity(sent.starts[j + 1], sent.ends[hi - 1], "PERSON")
    if head is None or ctx.entities[head].end != sent.ends[hi - 1]:
        return right
    return Right(object=(lo, j), relative=(j + 1, hi), after=right.after, modifier=right.modifier)


def _account_name(ctx: DocContext, sent: Sentence, span: Span, start: int, end: int) -> bool:
    """The trigger ends a quoted place name ("沭阳发布" in quotes: a news account, no release); a quoted
    headline naming someone ("林志玲结婚", "王刚离职") is a reported event and stays."""
    o = ctx.quoted_name_start(start, end)
    if o < 0:
        return False
    inside = [j for j in range(span[0]) if sent.starts[j] > o]
    return bool(inside) and all(sent.tags[j].startswith("ns") for j in inside)


def doc_text(doc: "Doc") -> str:
    """``doc.text`` without creating a Token object per word (``Doc.text`` does, and costs more than
    the event stage itself on a long article)."""
    if len(doc) == 0:
        return ""
    arr = doc.to_array(["ORTH", "SPACY"])
    if arr[:, 1].any():
        return doc.text
    hashes = arr[:, 0].tolist()
    cache = _ORTH_CACHE
    try:
        return "".join([cache[h] for h in hashes])
    except KeyError:
        if len(cache) >= memo.ORTH:
            cache.clear()
        strings = doc.vocab.strings
        for h in hashes:
            if h not in cache:
                cache[h] = strings[h]
        return "".join([cache[h] for h in hashes])
