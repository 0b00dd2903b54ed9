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
        ("他干了三四年。", "三四年", "PXY", None, None),  # three or four years: a count, no year
    ],
    "ranges between any two expressions": [
        ("门店周一至周五营业。", "周一至周五", "2024-05-13/2024-05-17", "2024-05-13", "2024-05-17"),
        ("展览下周一至周五开放。", "下周一至周五", "2024-05-20/2024-05-24", "2024-05-20", "2024-05-24"),
        ("施工晚上8点到第二天早上6点进行。", "晚上8点到第二天早上6点", "2024-05-15T20:00/2024-05-16T06:00",
         "2024-05-15", "2024-05-16"),
        ("系统2:00-明天4:00维护。", "2:00-明天4:00", "2024-05-15T02:00/2024-05-16T04:00", "2024-05-15", "2024-05-16"),
        ("我从四月的最后一个星期一到十月一日不在。", "从四月的最后一个星期一到十月一日", "2024-04-29/2024-10-01",
         "2024-04-29", "2024-10-01"),
        ("2月13日08时至14日08时，沿江有大雨。", "2月13日08时至14日08时", "2024-02-13T08:00/2024-02-14T08:00",
         "2024-02-13", "2024-02-14"),
        ("春节至元宵节，客流大增。", "春节至元宵节", "2024-02-10/2024-02-24", "2024-02-10", "2024-02-24"),
        ("国庆节至10月7日，景区限流。", "国庆节至10月7日", "2024-10-01/2024-10-07", "2024-10-01", "2024-10-07"),
    ],
    "relative counts": [
        ("他一个多月前辞职。", "一个多月前", "2024-04", "2024-04-01", "2024-04-30"),
        ("上一年，公司扭亏为盈。", "上一年", "2023", "2023-01-01", "2023-12-31"),
    ],
    "festivals and solar terms": [
        ("立春那天，气温回升。", "立春", "2024-02-04", "2024-02-04", "2024-02-04"),
        ("2025年立秋，暑热未退。", "2025年立秋", "2025-08-07", "2025-08-07", "2025-08-07"),
        ("小年这天，家家扫尘。", "小年", "2024-02-02", "2024-02-02", "2024-02-02"),
        ("五一假期，景区人满为患。", "五一", "2024-05-01", "2024-05-01", "2024-05-01"),
        ("十一黄金周，铁路客流创新高。", "十一", "2024-10-01", "2024-10-01", "2024-10-01"),
        ("今年五一，他们去了海边。", "今年五一", "2024-05-01", "2024-05-01", "2024-05-01"),
        ("明年元宵，灯会将重开。", "明年元宵", "2025-02-12", "2025-02-12", "2025-02-12"),
    ],
    "years and quarters written otherwise": [
        ("秦于公元前221年统一六国。", "公元前221年", "BC0221", None, None),
        ("公元79年，维苏威火山喷发。", "公元79年", "0079", "0079-01-01", "0079-12-31"),
        ("公司2024Q1营收增长。", "2024Q1", "2024-Q1", "2024-01-01", "2024-03-31"),
    ],
    "clock and parts of the day": [
        ("列车10点整发车。", "10点整", "2024-05-15T10:00", "2024-05-15", "2024-05-15"),
        ("他们12点一刻吃饭。", "12点一刻", "2024-05-15T12:15", "2024-05-15", "2024-05-15"),
        ("新规今日零时起施行。", "今日零时", "2024-05-15T00:00", "2024-05-15", "2024-05-15"),
        ("3月5日，双方签约。下午，举行记者会。", "下午", "2024-03-05TAF", "2024-03-05", "2024-03-05"),
    ],
}

# Not dates: (sentence, the words no match may touch).
NOT_DATES = [
    ("他一点半点都不让。", "一点半点"),
    ("比赛以3:1获胜。", "3:1"),
    ("第十一届运动会开幕。", "十一"),
    ("十一个人参加了比赛。", "十一"),
    ("一股大寒潮南下。", "大寒"),
    ("这群小年轻很有想法。", "小年"),
    ("他最爱吃元宵。", "元宵"),
    ("环保部门开展零点行动。", "零点"),
    ("收银员准备找零时，他走了。", "零时"),
    ("增长了零点五个百分点。", "零点"),
    ("他笑着说晚上好。", "晚上"),
    ("今年十一个城市参与。", "十一"),
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
