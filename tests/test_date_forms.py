"""Date forms of issue 15 family by family: each sentence (written by the team) checked for the
expression's exact span, its TIMEX3 value and the first and last day it covers (start_date, end_date)."""
from __future__ import annotations

import datetime as dt

import pytest

from zhnews.dates import DateExtractor
from zhnews.rules import DEFAULT_RULES_DIR
from zhnews.timex import bounds

WED = dt.date(2024, 5, 15)  # a Wednesday

# (sentence, expression, value, start_date, end_date); None for a value with no calendar days.
FORMS = {
    "clock": [
        ("系统在14:30:15自动重启。", "14:30:15", "2024-05-15T14:30:15", "2024-05-15", "2024-05-15"),
        ("会议10:30-11:30举行。", "10:30-11:30", "2024-05-15T10:30/2024-05-15T11:30", "2024-05-15", "2024-05-15"),
        ("航班2:00pm起飞。", "2:00pm", "2024-05-15T14:00", "2024-05-15", "2024-05-15"),
        ("门店8:00 a.m.开门。", "8:00 a.m.", "2024-05-15T08:00", "2024-05-15", "2024-05-15"),
        ("他们约好八点半见面。", "八点半", "2024-05-15T08:30", "2024-05-15", "2024-05-15"),
        ("我哋晏昼三点半开会。", "晏昼三点半", "2024-05-15T15:30", "2024-05-15", "2024-05-15"),
        ("5月20日下午3:00-5:00停电。", "5月20日下午3:00-5:00", "2024-05-20T15:00/2024-05-20T17:00",
         "2024-05-20", "2024-05-20"),
    ],
    "two-digit year": [
        ("他九七年来到深圳。", "九七年", "1997", "1997-01-01", "1997-12-31"),
        ("八五年7月，工厂投产。", "八五年7月", "1985-07", "1985-07-01", "1985-07-31"),
    ],
}

# Not dates: (sentence, the words no match may touch).
NOT_DATES = [
    ("他一点半点都不让。", "一点半点"),
    ("比赛以3:1获胜。", "3:1"),
]
CASES = [(family, *case) for family, cases in FORMS.items() for case in cases]


@pytest.fixture(scope="module")
def ex() -> DateExtractor:
    return DateExtractor.from_rules(DEFAULT_RULES_DIR)


@pytest.mark.parametrize("family,sentence,expr,value,first,last", CASES,
                         ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_form(ex: DateExtractor, family, sentence, expr, value, first, last):
    start = sentence.index(expr)
    matches = ex.extract(sentence, WED)
    hit = [m for m in matches if (m.start, m.end) == (start, start + len(expr))]
    assert hit, f"no match spanning {expr!r}: {[(sentence[m.start:m.end], m.value) for m in matches]}"
    assert hit[0].value == value
    assert bounds(hit[0].value) == (first, last)
    assert hit[0].rule_id


@pytest.mark.parametrize("sentence,words", NOT_DATES)
def test_not_a_date(ex: DateExtractor, sentence, words):
    start = sentence.index(words)
    touching = [sentence[m.start:m.end] for m in ex.extract(sentence, WED)
                if m.start < start + len(words) and m.end > start]
    assert not touching
