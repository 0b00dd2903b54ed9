"""The on-disk cache of compiled rule regexes (zhnews.regex_cache): a pattern read back from the cache
matches exactly as re.compile's; damaged entries and refused patterns never come from it."""
from __future__ import annotations

import re

import pytest

from zhnews import regex_cache
from zhnews.rules import RuleError, compile_regex

PATTERN = r"(?P<year>\d{4})年(?:(?P<month>1[0-2]|0?[1-9])月)?|第[一二三四五六七八九十]+季度|(?i:q[1-4])"
SAMPLES = ["2019年3月发布", "第三季度营收", "Q2 results", "q4", "无日期的句子", "12019年13月"]


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHNEWS_CACHE_DIR", str(tmp_path))
    return tmp_path / "regex"


def matches(pattern: re.Pattern) -> list:
    return [(m.span(), m.groupdict(), m.lastindex) for text in SAMPLES for m in pattern.finditer(text)]


def test_a_pattern_read_back_from_the_cache_matches_like_re_compile(cache):
    first, note = regex_cache.compile_cached(PATTERN)
    assert note == "" and len(list(cache.glob("*.re"))) == 1
    again, _ = regex_cache.compile_cached(PATTERN)
    assert again is not first  # built from the stored code, not re's own in-memory cache
    expected = re.compile(PATTERN)
    assert matches(again) == matches(expected) and matches(again)
    assert again.groupindex == expected.groupindex and again.groups == expected.groups
    assert again.flags == expected.flags and again.pattern == PATTERN


def test_a_damaged_entry_is_compiled_afresh_and_replaced(cache):
    regex_cache.compile_cached(PATTERN)
    (entry,) = cache.glob("*.re")
    entry.write_bytes(b"\x00not marshal data")
    compiled, _ = regex_cache.compile_cached(PATTERN)
    assert matches(compiled) == matches(re.compile(PATTERN))
    assert entry.read_bytes() != b"\x00not marshal data"


def test_refused_patterns_are_not_stored_and_stay_refused(cache):
    for _ in range(2):
        with pytest.raises(RuleError) as caught:
            compile_regex(r"(a+)+b", "rules/x.yaml", 3)
        assert caught.value.code == "R011"
    with pytest.raises(RuleError) as caught:
        compile_regex(r"(unclosed", "rules/x.yaml", 4)
    assert caught.value.code == "R007"
    assert not list(cache.glob("*.re"))
    assert compile_regex(r"\d+年", "rules/x.yaml", 5).search("2019年").group() == "2019年"
    assert len(list(cache.glob("*.re"))) == 1


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHNEWS_CACHE_DIR", "off")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    compiled, _ = regex_cache.compile_cached(PATTERN)
    assert matches(compiled) == matches(re.compile(PATTERN))
    assert not list(tmp_path.rglob("*.re"))
