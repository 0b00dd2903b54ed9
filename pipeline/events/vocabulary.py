"""The lexicon compiled for matching: word sets, longest-first tuples and regular expressions.

Every word the stage reads comes from ``rules/events/lexicon.yaml``; the patterns below only give
the shape ("a numeral, then a time unit") and take their words from the lists.
"""
from __future__ import annotations

import re
from typing import Iterable

from .loader import Lexicon, TriggerRule

CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
NOMINAL_TAGS = frozenset(("eng", "j", "b", "a", "an", "vn", "r", "s", "z", "zg"))
# A product model: letters and digits together ("Mate 30", "K20", "iOS13", "Z1Pro") or a 《title》.
MODEL_RE = re.compile(r"[A-Za-z][A-Za-z\- ]{0,12}\d|\d+[A-Za-z]|《")
PROPER_TAGS = frozenset(("nr", "nrfg", "nrt", "ns", "nt", "nz", "eng", "x", "j"))
NON_NAME_TAGS = frozenset(("a", "ad", "an", "d", "v", "vn", "vd"))  # jieba's guesses for names it does not know
PUNCT_BREAK_RE = re.compile(r"[，,。；;：:！!？?、]+")
TITLE_RE = re.compile(r"《([^《》]{2,60})》")  # a quoted title (book, film, product, document)
PROPER_TEXT_RE = re.compile(r"[A-Za-z“”\"《》「」]")
NAME_TAIL_RE = re.compile(r"[\u4e00-\u9fff·•]{1,5}")
CLAUSE_BREAK_RE = re.compile(r"[，,。；;：:！!？?\s]")
NEVER = re.compile(r"(?!x)x")


def longest_first(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def alternation(words: Iterable[str]) -> str:
    """A regex group body matching any of ``words`` (longest first, as a hand-written one would)."""
    return "|".join(map(re.escape, longest_first(words)))


class Vocabulary:
    """The word lists of one rule set, in the forms the matching code reads them."""

    def __init__(self, lex: Lexicon, triggers: list[TriggerRule]):
        self.lex = lex
        self.by_word: dict[str, list[TriggerRule]] = {}
        for trig in triggers:
            self.by_word.setdefault(trig.word, []).append(trig)
        self._phrase_lists(lex)
        self._grammar_lists(lex)
        self._patterns(lex)

    def glued_to_trigger(self, pre: str, post: str) -> bool:
        """One word holds the trigger with only an adverb before it and an aspect particle or a glued
        object after it ("引咎辞职", "开除党籍"), so the trigger may stand for the word."""
        return (pre == "" or pre in self.glued_before) and (post == "" or post in self.glued_after)

    def _phrase_lists(self, lx: Lexicon) -> None:
        self.punct = lx["clause_punct"]
        self.open = lx["open_brackets"]
        self.close = lx["close_brackets"]
        self.symbols = lx["name_symbols"]
        self.coord = lx["coordinators"]
        self.linkers = lx["linkers"]
        self.preps = lx["prepositions"]
        self.aspect = lx["aspect"]
        self.glued_after = lx["aspect"] | lx.lists.get("glued_objects", frozenset())
        self.leading_particles = lx.lists.get("leading_particles", frozenset())
        self.adverbials = lx["adverbials"]
        self.glued_before = self.adverbials | lx.lists.get("glued_before", frozenset())
        self.preposition_chars = frozenset(w for w in lx["prepositions"] if len(w) == 1)
        self.time_words = lx["time_words"]
        self.titles = lx["titles"]
        self.former = lx["former_markers"]
        self.former_longest = longest_first(self.former)
        self.org_refs = lx["org_references"]
        self.org_suffixes = longest_first(lx["org_suffixes"])
        self.product_cues = lx["product_cues"]
        self.modifier_heads = lx["modifier_heads"]
        self.amount_units = lx["amount_units"]
        self.non_participants = lx["non_participants"]
        self.nominal_words = lx["nominal_words"]
        self.verb_words = lx["verb_words"]
        self.temporal_post = lx["temporal_postpositions"]
        self.attribute_nouns = lx.lists.get("attribute_nouns", frozenset())
        self.date_prefixes = longest_first(lx.lists.get("date_prefixes", ()))
        self.generic_determiners = longest_first(lx.lists.get("generic_determiners", ()))
        self.generic_heads = lx.lists.get("generic_heads", frozenset())
        self.person_pronouns = lx.lists.get("person_pronouns", frozenset())
        self.adjunct_preps = lx.lists.get("adjunct_preps", frozenset())
        self.title_suffixes = tuple(sorted(lx.lists.get("title_suffixes", ())))  # for str.endswith
        self.title_fields = frozenset(lx.lists.get("title_fields", ()))
        self.copulas = frozenset(lx.lists.get("copulas", ()))
        self.person_heads = tuple(sorted(lx.lists.get("person_heads", ())))  # for str.endswith
        self.name_quotes = {q[1]: q[0] for q in lx.lists.get("name_quotes", ()) if len(q) == 2}  # close -> open
        # fixed expressions holding a trigger word that is no trigger there ("线上线下", "上线人数")
        fixed = longest_first(lx.lists.get("not_trigger_expressions", ()))
        self.not_trigger_re = re.compile("|".join(map(re.escape, fixed))) if fixed else None

    def _grammar_lists(self, lx: Lexicon) -> None:
        self.passive_markers = lx["passive_markers"]
        self.agent_markers = lx["agent_markers"]
        self.temporal_openers = lx["temporal_openers"]
        self.clause_opening_preps = lx["clause_opening_prepositions"]
        self.comitative_coordinators = lx["comitative_coordinators"]
        self.comitative_preps = lx["comitative_prepositions"]
        self.list_enders = lx["list_enders"]
        self.title_joiners = lx["title_joiners"]
        self.modifier_particles = lx["modifier_particles"]
        self.owner_markers = longest_first(lx["owner_markers"])
        self.glue_chars = "".join(sorted(set("".join(lx["phrase_glue"])))) + " "
        self.calendar_units = lx["calendar_units"]
        self.round_suffixes = longest_first(lx["round_suffixes"])
        self.amount_suffixes = longest_first(lx["amount_suffixes"])
        self.numerals = lx["numerals"]
        self.function_chars = lx["function_chars"]

    def _patterns(self, lx: Lexicon) -> None:
        def alt(name: str) -> str:
            return "(?:" + alternation(lx[name]) + ")"

        self.product_cue_re = lx.context("product_cues")
        self.time_re = re.compile(
            r"(?:\d+|(?:[0-9０-９]|" + alternation(lx["time_numerals"]) + r")+)\s*" + alt("time_units")
            + "|" + alt("relative_time_prefixes") + "(?:个)?" + alt("relative_time_units"))
        # "组建10个产业联盟", "设立六支基金": a count of several, no particular one
        self.plural_count_re = re.compile(r"(?:\d|" + alternation(lx["plural_numerals"]) + r")(?:\d|"
                                          + alternation(lx["plural_multipliers"]) + ")* ?" + alt("plural_classifiers"))
        # an object that is only a count, an amount or a bare "new" ("一款", "首批", "其全新", "300美元")
        self.count_only_re = re.compile(alt("count_determiners") + r"?(?:[\d.]|" + alternation(lx["count_numerals"])
                                        + ")*" + alt("count_classifiers") + "?" + alt("count_currencies") + "?"
                                        + alt("newness_words") + "?")
        self.count_or_tenure_re = re.compile(alt("count_repeaters") + r"?(?:\d|" + alternation(lx["count_numerals"])
                                             + ")+" + alt("person_classifiers") + "|" + alt("tenure_words"))
        self.ordinal_re = re.compile(alt("ordinal_prefixes") + r"(?:\d|" + alternation(lx["ordinal_numerals"]) + ")+"
                                     + alt("term_units") + "$")
        self.quant_re = re.compile(r"^(?:\d|" + alternation(lx["quantity_chars"]) + ")*" + alt("person_classifiers")
                                   + "?")
        self.number_re = re.compile(r"[0-9０-９]|" + alternation(lx["numerals"]))
        # "第三十一条": an article of a law or regulation (a document of several states rules, no events)
        units = lx.lists.get("legal_article_units")
        # an article header opens a line or a sentence ("。第三条"); a citation stands inside one ("依照刑法第三条")
        self.legal_article_re = re.compile(r"(?:^|(?<=[。\n；;：:\s）)]))" + alt("ordinal_prefixes") + r"(?:\d|"
                                           + alternation(lx["ordinal_numerals"]) + ")+" + "(?:" + alternation(units)
                                           + ")", re.M) if units else None
        self.round_re = re.compile(r"^(?:Pre-?)?[A-Fa-f]\+?$|^" + alt("round_names") + "$")
        self.clause_punct_re = re.compile(alternation(self.punct))
        # after a dateline's date: an optional part of the day, then 电 / 讯 / 消息 (dateline_markers)
        markers = lx.lists.get("dateline_markers", ())
        followers = lx.lists.get("dateline_followers", ())
        glued = "|(?=" + alternation(followers) + ")" if followers else ""
        self.dateline_re = re.compile(r"\s*" + alt("parts_of_day") + r"?\s*(?:" + alternation(markers)
                                      + r")(?:(?![\u4e00-\u9fff])" + glued + ")") if markers else NEVER
        long_titles = [t for t in self.titles if len(t) >= 2]
        self.title_end_re = re.compile("(?:" + alternation(long_titles) + ")$") if long_titles else None
        self.org_then_name_re = re.compile(
            "(?:" + alternation(x for x in self.org_suffixes if len(x) >= 2 and CJK_RE.match(x))
            + r")\s*[A-Za-z][A-Za-z0-9 .&'\-]*$")
        self.stock_code_suffix_re = re.compile(r"\s*[（(]\s*(?:[A-Za-z]{0,4}\s*)?\d{4,6}(?:[.,，]?\s*[A-Za-z]{2,3})?\s*[）)]")
        self.topic_colons = frozenset(("：", ":"))
        self.stock_code_re = re.compile(r"([\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]{1,15}?)\s*[（(]\s*"
                                        r"(?:[A-Za-z]{0,4}\s*)?\d{4,6}(?:\.?HK)?\s*[）)]")
