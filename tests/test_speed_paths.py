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
