"""Fast paths taken for speed give the answers of the slow paths they skip (real rules, real engines)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from zhnews import rules as rules_module
from zhnews.rules import _may_nest, nested_repetition

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"


@pytest.mark.parametrize("pattern", [
    r"(?P<name>(a+)+)$", r"(a*)*b", r"(\s*\S+)*x", r"(?:(?:a|b)+c?){2,}", r"(?x)(a+) +", r"(?x)(?:\s*\S+)  # c" "\n*",
])
def test_nested_repetition_prefilter_keeps_every_risky_pattern(pattern):
    assert nested_repetition(pattern)
    assert _may_nest(pattern, re.compile(pattern).flags)


def test_nested_repetition_prefilter_skips_only_safe_rule_patterns(monkeypatch):
    """Every pattern the default rules compile: the ones the prefilter lets through unparsed have no
    nested repetition, and some are let through (else the prefilter would save nothing)."""
    from zhnews.processor import DocumentProcessor, Settings, forget_processor

    seen: list[tuple[str, bool]] = []
    original = rules_module._may_nest

    def record(pattern: str, flags: int) -> bool:
        answer = original(pattern, flags)
        seen.append((pattern, answer))
        return answer

    monkeypatch.setattr(rules_module, "_may_nest", record)
    forget_processor()
    re.purge()
    DocumentProcessor(Settings(rules_dir=RULES))
    forget_processor()
    skipped = [p for p, answer in seen if not answer]
    assert len(seen) > 50 and skipped
    assert not [p for p in skipped if nested_repetition(p)]


def test_docview_of_tokens_matches_a_word_by_word_reading(seg):
    """The view of the segmenter's Tokens (ends from the next start, first/last characters from one
    offset array, lists shared between calls) equals what reading every word gives."""
    from zhnews.docview import DocView, char_class

    text = "新华社北京3月5日电（记者张伟）Timothée Chalamet与O'Brien周二在上海宣布，\n华为公司将于2025年发布新品。"
    tokens = seg.segment(text)
    view = DocView.of(tokens)
    starts, words = tokens.starts, tokens.words
    assert "".join(words) == text and view.starts == starts
    assert view.ends == [a + len(w) for a, w in zip(starts, words)]
    table = char_class("张华上新伟海")
    firsts = [i for i, w in enumerate(words) if w[0] in "张华上新伟海"]
    lasts = [i for i, w in enumerate(words) if w[-1] in "张华上新伟海"]
    assert firsts and lasts
    assert view.first_in(table) == firsts and view.last_in(table) == lasts
    assert view.first_in(table) is view.first_in(table)  # computed once per document
    other = char_class("司")
    assert view.last_in(other) == [i for i, w in enumerate(words) if w.endswith("司")]
    # offsets with gaps (a Doc with spaces): ends are start + length, not the next start
    gapped = DocView(text, words[:2], tokens.tags[:2], tokens.sent_starts[:2], [0, len(words[0]) + 1])
    assert gapped.ends == [len(words[0]), len(words[0]) + 1 + len(words[1])]
    assert gapped.last_in(char_class(text[gapped.ends[1] - 1])) == [1]


def test_cjk_count_equals_the_regex_count():
    """detect_script counts CJK characters on the code-point array; the count is the regex's."""
    from zhnews.ingest import decode
    from zhnews.normalize import _CJK_CHAR, _code_points, _count_cjk

    edges = "".join(chr(c) for a, b in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)) for c in (a - 1, a, b, b + 1))
    texts = [edges, "", "abc\U00020000", *(decode(p.read_bytes())[0] for p in sorted((ROOT / "corpus").rglob("*.txt")))]
    counts = [_count_cjk(_code_points(t)) for t in texts]
    assert counts == [len(_CJK_CHAR.findall(t)) for t in texts]
    assert counts[0] == 6 and max(counts) > 100
