"""What every part of the entity stage shares: the candidate record, jieba tag sets and script tests.

Nothing here reads rules: word lists are in ``rules/entities/lists/`` (see ``loader``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from ..records import EntityMatch
from ..rules import RuleError

LABELS = ("PERSON", "ORG", "EVENT")
LABEL_PREFIX = {"PERSON": "PER", "ORG": "ORG", "EVENT": "EVT"}
GAZETTEER_PRIORITY = 10

# jieba POS tags (see segment.py): proper-noun-like tags that make a span a name.
PROPER_TAGS = frozenset({"ns", "nt", "nz", "nr", "nrt", "nrfg", "x", "eng", "j"})
MODIFIER_TAGS = PROPER_TAGS | frozenset({"n", "vn", "b", "an", "l", "ng", "nrfg"})
NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "x"})
# Tags a given name never has as a separate word.
NOT_GIVEN_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "y", "r", "m", "q", "mq",
                            "d", "f", "e", "o", "zg", "eng"})
# tags of a one-character word that is a function word there, not a surname (向/p, 和/c, 都/d)
FUNCTION_TAGS = frozenset({"p", "c", "d", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r"})
# pieces a transliterated name may be cut into by jieba, as one-character words
SINGLE_FRAGMENT_TAGS = frozenset({"x", "nr", "nrt", "nrfg", "ns", "nz", "n", "m", "q", "zg", "ng", "vg", "j", "tg",
                                  "ag", "k", "b"})
WHOLE_ORG_MODIFIERS = frozenset({"ns", "nt", "j", "nz"})

CJK = re.compile(r"^[\u3400-\u9fff]+$")
HAS_CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_CHARS = "A-Za-zÀ-ÖØ-öø-ÿ"
LATIN_WORD_CHAR = re.compile(f"[{LATIN_CHARS}0-9]")
DOT_CHARS = "·・•‧･⋅.．"
DOT_RE = re.compile(f"\\s*[{re.escape(DOT_CHARS)}]\\s*")
# the middle dots of transliterated names (not the full stop): one character for gazetteer matching
NAME_DOT_MAP = str.maketrans({d: "·" for d in "·・•‧･⋅"})
PAREN = re.compile(r"[ \t]*[（(][ \t]*([^()（）\n]{1,60}?)[ \t]*[)）]")
LATINISH = re.compile(f"^[{LATIN_CHARS}][{LATIN_CHARS}0-9 .'’&\\-]*$")
LATIN_RUN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9][A-Za-zÀ-ÖØ-öø-ÿ0-9 \t.,'’&/!+\-]*")


@dataclass(slots=True)
class Candidate:
    """A span one rule proposes; the overlap policy decides which candidates become mentions."""

    start: int
    end: int
    label: str
    rule_id: str
    priority: int
    canonical: str | None = None
    aliases: tuple[str, ...] = ()

    def to_match(self) -> EntityMatch:
        return EntityMatch(self.start, self.end, self.label, self.rule_id, self.canonical, self.aliases)


_t2s = None


def to_simplified(text: str) -> str:
    global _t2s
    if _t2s is None:
        import opencc

        _t2s = opencc.OpenCC("t2s")
    return _t2s.convert(text)


def text_upper(text: str) -> bool:
    return text.isupper() and " " not in text


def is_latin(text: str) -> bool:
    return bool(text) and not HAS_CJK.search(text)


def form_key(text: str) -> str:
    """The key two surface forms share when they name the same thing (after t2s)."""
    text = DOT_RE.sub("·", text.strip())
    if is_latin(text):
        return " ".join(text.casefold().replace("’", "'").split())
    return text.replace(" ", "")


def trie_regex(words: Iterable[str]) -> str:
    """One regular expression matching any of ``words``, longest first, built as a character trie."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        optional = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if optional:
            return f"(?:{body})?" if len(branches) == 1 and len(body) > 1 else body + "?"
        return body

    return build(trie)


def alternation(words: Iterable[str]) -> str:
    """``(?:a|b|c)`` of ``words`` in the order given (a regex tries them in that order)."""
    return "(?:" + "|".join(map(re.escape, words)) + ")"


def from_sources(rule_id: str, sources: set[str]) -> bool:
    """True when a candidate's rule is one of ``sources``, named whole, by its kind prefix
    (``gazetteer``) or by its family (``org.head`` for ``org.head.place``)."""
    return rule_id in sources or rule_id.split(":", 1)[0] in sources or rule_id.rsplit(".", 1)[0] in sources


def source_rules(params: dict, path, line, kind: str, what: str, example: str) -> frozenset[str]:
    """The checked ``from_rules`` option of a kind that revises other rules' candidates: the rule ids
    ``from_sources`` matches against. A missing or empty list fails at the rule's line (E030)."""
    rules = params.get("from_rules")
    if not isinstance(rules, list) or not rules:
        raise RuleError(path, line, f"a {kind} rule needs 'from_rules': the ids of the rules whose {what}",
                        f"write e.g. from_rules: [{example}]", code="E030")
    return frozenset(str(r) for r in rules)


def orgs_from(out: "Iterable[Candidate]", sources: set[str]) -> "Iterable[Candidate]":
    """The ORG candidates of ``out`` that one of ``sources`` produced (see ``from_sources``)."""
    return (cand for cand in out if cand.label == "ORG" and from_sources(cand.rule_id, sources))
