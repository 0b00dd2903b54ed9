"""Per-document lookups of the event stage: sentences (built lazily on the shared ``DocView``),
entities around a phrase and the dates a trigger may take."""
from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Iterable

from ..docview import DocView
from ..records import DateMatch, EntityMatch
from ..segment import SENTENCE_END, dictionary_tags
from .sentence import Sentence, TokenClassifier, build_sentence
from .vocabulary import CLAUSE_BREAK_RE, Vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..segment import Tokens

# How far back an ORG mention holding a trigger may start: longer names are rare, and the look-back
# over the start-sorted mentions stops there.
ORG_NAME_REACH = 40
QUOTED_NAME_REACH = 10  # characters a quoted name may hold before a trigger that ends it
_OPENING_BREAKS = ("\n", *sorted(SENTENCE_END))  # a dateline opens a paragraph or a sentence


# a judgment quotes a few articles at its end ("。第三百九十条 对犯行贿罪的…"); a regulation is made of them
LEGAL_ARTICLES_MIN = 10


class DocContext:
    """One document: its view (read on first use), sentences, entity and date indexes."""

    def __init__(self, v: Vocabulary, classifier: TokenClassifier, doc: "Doc | Tokens | DocView", text: str,
                 entities: list[EntityMatch], dates: list[DateMatch]):
        self.v = v
        self.classifier = classifier
        self.doc = doc
        self.text = text
        self.entities = entities
        self.dates = dates
        self._view: DocView | None = None
        self._sents: dict[int, Sentence] = {}
        self.datelines: list[tuple[int, int]] = []
        self.tables: dict[int, bool] = {}  # sentence start -> the sentence is a table (extractor.TABLE_MIN_CHARS)
        order = sorted(range(len(entities)), key=lambda i: (entities[i].start, -entities[i].end))
        self.ent_order = order
        self.ent_starts = [entities[i].start for i in order]
        dorder = sorted((i for i, d in enumerate(dates)
                         if d.type in ("DATE", "TIME") and d.end > d.start and not self._in_model_name(d.start, d.end)
                         and not self._is_dateline(d.start, d.end)),
                        key=lambda i: dates[i].start)
        self.date_order = dorder
        self.date_starts = [dates[i].start for i in dorder]
        self.dict_tags = dictionary_tags()
        self._regulation: bool | None = None

    @property
    def regulation(self) -> bool:
        """The document is a law or a regulation (LEGAL_ARTICLES_MIN article headers "第N条" or more opening a
        sentence or a line): it states rules."""
        if self._regulation is None:
            found = 0
            if self.v.legal_article_re is not None:
                for _ in self.v.legal_article_re.finditer(self.text):
                    found += 1
                    if found >= LEGAL_ARTICLES_MIN:
                        break
            self._regulation = found >= LEGAL_ARTICLES_MIN
        return self._regulation

    @property
    def view(self) -> DocView:
        """Words, tags and sentences of the document (read once, when a trigger candidate needs them)."""
        if self._view is None:
            self._view = DocView.of(self.doc)
        return self._view

    def _is_dateline(self, s: int, e: int) -> bool:
        """A date opening a paragraph or a sentence as the report's dateline ("新华社北京11月8日电",
        "北京时间11月8日早间消息"): when the report was filed, not when the event happened. Its span
        (from the paragraph or sentence start to the marker's end) is kept in ``datelines``: an
        organisation named there is the news agency, no participant."""
        text = self.text
        line_start = max(text.rfind(c, 0, s) for c in _OPENING_BREAKS) + 1
        if s - line_start > 20 or self.v.clause_punct_re.search(text, line_start, s):
            return False
        m = self.v.dateline_re.match(text, e)
        if m is None:
            return False
        self.datelines.append((line_start, m.end()))
        return True

    def in_dateline(self, s: int, e: int) -> bool:
        """[s, e) lies in a dateline ("中新网11月16日电": the agency filed the report)."""
        return any(a <= s and e <= b for a, b in self.datelines)

    def _in_model_name(self, s: int, e: int) -> bool:
        """A 'date' glued to Latin letters or digits is part of a name ("RS Q3", "Q2 2019" is kept)."""
        text = self.text
        if text[e - 1:e] in self.v.calendar_units:
            return False  # "2007年hpv疫苗上市": a calendar date ends in its own unit, Latin may follow
        before = text[s - 1] if s > 0 else ""
        if before == " " and s > 1:
            before = text[s - 2] if text[s - 2].isascii() and text[s - 2].isalpha() else ""
        after = text[e] if e < len(text) else ""
        return (before.isascii() and before.isalnum()) or (after.isascii() and after.isalpha())

    # sentences ------------------------------------------------------------------------------------
    def may_align(self, start: int, end: int) -> bool:
        """Cheap test on the raw tokens before a sentence is analysed: the trigger starts and ends
        at word boundaries, or sits in one word the sentence analysis may still split or accept."""
        idx = self.view.starts
        if not idx:
            return False
        t = bisect.bisect_right(idx, start) - 1
        u = bisect.bisect_left(idx, end)
        end_ok = u == len(idx) and end == len(self.text) or (u < len(idx) and idx[u] == end)
        if idx[t] == start and end_ok:
            return True
        if t + 1 < len(idx) and idx[t + 1] < end:
            return False  # crosses a word boundary inside the trigger
        b = idx[t + 1] if t + 1 < len(idx) else len(self.text)
        word = self.text[idx[t]:b]
        pre = word[: start - idx[t]]
        post = word[end - idx[t]:]
        if self.v.glued_to_trigger(pre, post):
            return True
        return post == "" and len(word) >= 3  # possibly a name glued to the trigger ("冯洁仪辞任")

    def sentence_span(self, char: int) -> tuple[int, int]:
        """Character span of the sentence holding ``char`` (a trigger that passed ``may_align``)."""
        view = self.view
        first, last = view.sentence_words(char)
        return view.starts[first], (view.starts[last] if last < len(view.starts) else len(self.text))

    def sentence_at(self, char: int) -> Sentence | None:
        view = self.view
        if not view.starts or view.token_at(char) < 0:
            return None
        first, last = view.sentence_words(char)
        sent = self._sents.get(first)
        if sent is None:
            sent = self._sents[first] = build_sentence(self, self.classifier, first, last)
        return sent

    def time_spans(self, text: str, s0: int, e0: int) -> list[tuple[int, int]]:
        """Time expressions of the sentence ``text`` at ``s0``: the time regex and the date matches."""
        spans = [(m.start() + s0, m.end() + s0) for m in self.v.time_re.finditer(text)]
        if self.date_starts:
            lo = bisect.bisect_left(self.date_starts, s0)
            for i in self.date_order[lo:]:
                d = self.dates[i]
                if d.start >= e0:
                    break
                spans.append((d.start, d.end))
            spans.sort()
        return spans

    # entities --------------------------------------------------------------------------------------
    def entities_in(self, s: int, e: int) -> Iterable[int]:
        lo = bisect.bisect_left(self.ent_starts, s)
        for pos in range(lo, len(self.ent_order)):
            i = self.ent_order[pos]
            ent = self.entities[i]
            if ent.start >= e:
                break
            if ent.end <= e:
                yield i

    def inside_org_name(self, s: int, e: int) -> bool:
        """[s, e) lies inside an ORG mention, with at least two characters of the name before it and
        some after it: a trigger word inside a name (投资 in 特华投资控股有限公司) is no event. A
        mention that opens or ends with the trigger, or has one character before it (已辞任公司), is
        more likely an entity-stage error that swallowed the verb: the trigger is kept."""
        hi = bisect.bisect_right(self.ent_starts, s)
        for pos in range(hi - 1, -1, -1):
            ent = self.entities[self.ent_order[pos]]
            if ent.start < s - ORG_NAME_REACH:
                break
            if ent.label == "ORG" and ent.start <= s - 2 and ent.end > e:
                return True
        return False

    def quoted_name_start(self, s: int, e: int) -> int:
        """Offset of the opening mark of a short quoted name the trigger [s, e) ends (a closing mark of
        ``name_quotes`` right after it, its opening mark at most QUOTED_NAME_REACH characters before it,
        no clause punctuation between), else -1."""
        text, quotes = self.text, self.v.name_quotes
        opening = quotes.get(text[e:e + 1])
        if opening is None:
            return -1
        o = text.rfind(opening, max(0, s - QUOTED_NAME_REACH), s)
        if o < 0 or o + 1 >= s or text.find(text[e], o + 1, s) >= 0:
            return -1
        return o if self.v.clause_punct_re.search(text, o + 1, s) is None else -1

    def entities_starting_at(self, s: int) -> Iterable[int]:
        lo = bisect.bisect_left(self.ent_starts, s)
        for pos in range(lo, len(self.ent_order)):
            i = self.ent_order[pos]
            if self.entities[i].start > s:
                break
            yield i

    def head_entity(self, s: int, e: int) -> int | None:
        """The entity that ends the phrase [s, e) (its head), or that covers it."""
        best = None
        for i in self.entities_in(s, e):
            ent = self.entities[i]
            if ent.end == e or (ent.end >= e - 1 and self.text[ent.end:e] in ("）", ")")):
                if best is None or ent.start < self.entities[best].start:
                    best = i
        return best

    def trim_glued(self, s: int, e: int) -> int:
        """End of [s, e) without a function character glued to a name ending it ("徐敬惠因" -> "徐敬惠")."""
        if e - s < 3:
            return e
        if e < len(self.text) and self.text[e].isdigit() and self.text[e - 1] in self.v.preposition_chars:
            return e - 1  # "朱某于|2009年", "杨周武自|2001年": a preposition glued to a name before a date
        if self.text[e - 1] not in self.v.function_chars:
            return e
        for i in self.entities_in(s, e):
            ent = self.entities[i]
            if ent.end == e - 1 and ent.label == "PERSON":
                return e - 1
        if self.text[s:e - 1].endswith(self.v.org_suffixes):
            return e - 1  # "郑州大运队则 | 签下", "拉萨净土队会": a function word glued to an organisation
        return e

    def end_of_cut_entity(self, s: int, e: int, label: str) -> int:
        """End of a ``label`` mention that starts inside [s, e) and runs past e (a few characters at
        most, no punctuation), else e."""
        lo = bisect.bisect_left(self.ent_starts, s)
        for pos in range(lo, len(self.ent_order)):
            ent = self.entities[self.ent_order[pos]]
            if ent.start >= e:
                break
            if ent.label == label and e < ent.end <= e + 4 and not CLAUSE_BREAK_RE.search(self.text, e, ent.end):
                return ent.end
        return e

    def inner_entity(self, s: int, e: int, label: str | None) -> int | None:
        best = None
        for i in self.entities_in(s, e):
            ent = self.entities[i]
            if label is not None and ent.label != label:
                continue
            if best is None or ent.end > self.entities[best].end or \
                    (ent.end == self.entities[best].end and ent.start < self.entities[best].start):
                best = i
        return best

    def antecedent_org(self, pos: int) -> tuple[int, int, int | None] | None:
        """The organisation a '公司 / 该公司' at pos refers to: the nearest ORG entity before it,
        else an organisation introduced with a stock code ("金开利（831052）")."""
        lo = bisect.bisect_left(self.ent_starts, pos)
        for p in range(lo - 1, -1, -1):
            i = self.ent_order[p]
            ent = self.entities[i]
            if ent.label == "ORG" and ent.end <= pos:
                return ent.start, ent.end, i
        best = None
        for m in self.v.stock_code_re.finditer(self.text, 0, pos):
            best = m
        if best is not None:
            start = best.start()
            for tw in sorted(self.v.time_words, key=len, reverse=True):  # "近日金开利（831052）"
                if self.text.startswith(tw, start) and start + len(tw) < best.end():
                    start += len(tw)
                    break
            return start, best.end(), None
        return None

    # dates -----------------------------------------------------------------------------------------
    def nearest_date(self, sent: Sentence, ti: int, te: int, etype: str = "") -> tuple[int | None, str]:
        """The date of the trigger's clause, else the nearest one before it in its sentence, with
        where it was found ("clause" / "sentence"), not one of another event's clause (an event of
        type ``etype``'s family, personnel.*, carries its date over: "于上月离职，加盟X" is one move);
        datelines are never taken."""
        if not self.date_order:
            return None, ""
        c = sent.clause[ti]
        clo, chi = sent.clause_bounds[c]
        cs = sent.starts[clo] if clo < len(sent.starts) else sent.start
        ce = sent.ends[chi - 1] if chi > clo else sent.end
        t0, t1 = sent.starts[ti], sent.ends[te - 1]
        best_clause = best_sent = None
        lo = bisect.bisect_left(self.date_starts, sent.start)
        for pos in range(lo, len(self.date_order)):
            i = self.date_order[pos]
            d = self.dates[i]
            if d.start >= sent.end:
                break
            if d.end > sent.end:
                continue
            if d.start < t1 and d.end > t0:
                continue  # overlaps the trigger
            dist = t0 - d.end if d.end <= t0 else d.start - t1
            if cs <= d.start and d.end <= ce:
                if best_clause is None or dist < best_clause[0]:
                    best_clause = (dist, i)
            elif d.end <= t0 and (best_sent is None or dist < best_sent[0]) \
                    and not _dates_another_event(sent, d.start, ti, self.v.by_word, etype):
                # outside the clause only a date before the trigger ("6月27日，张三辞职"); one after
                # it belongs to what the sentence says next, one in a clause with a trigger word of its
                # own to that event ("李明已于今年2月离职，并与陈红创立了X": the founding has no date)
                best_sent = (dist, i)
        if best_clause is not None:
            return best_clause[1], "clause"
        if best_sent is not None:
            return best_sent[1], "sentence"
        return None, ""


def _dates_another_event(sent: Sentence, char: int, ti: int, triggers: dict, etype: str) -> bool:
    """The clause holding the date at ``char`` holds a trigger word (other than token ``ti``) of no
    type of ``etype``'s family: the date is that other event's."""
    k = bisect.bisect_right(sent.starts, char) - 1
    if k < 0:
        return False
    family = etype.split(".")[0] + "."
    lo, hi = sent.clause_bounds[sent.clause[k]]
    return any(j != ti and sent.words[j] in triggers
               and not any(r.type.startswith(family) for r in triggers[sent.words[j]]) for j in range(lo, hi))
