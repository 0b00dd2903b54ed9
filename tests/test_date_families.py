"""Date families of the issue 15 leftovers (sentences written by the team): a yearless month after a
year in the same sentence, 元月, a yearless leap day, lunar years by name (龙年, 甲辰年); and the
conventions of other suites the benchmark counts apart (zhnews.eval_dates.convention)."""
from __future__ import annotations

import datetime as dt

import opencc
import pytest

from zhnews import eval_dates
from zhnews.dates import DateExtractor
from zhnews.rules import DEFAULT_RULES_DIR
from zhnews.timex import bounds

MAY_2024 = dt.date(2024, 5, 15)  # lunar year of the dragon (2024-02-10 to 2025-01-28)
MAY_2025 = dt.date(2025, 5, 20)  # no leap day this year; lunar year of the snake

# (anchor, sentence, expression, value, start_date, end_date)
FORMS = [
    # a yearless month takes the year written before it in the sentence
    (MAY_2024, "2019年他到了上海，5月开了公司。", "5月", "2019-05", "2019-05-01", "2019-05-31"),
    (MAY_2024, "今年3月发布，12月上市。", "12月", "2024-12", "2024-12-01", "2024-12-31"),
    (MAY_2024, "2019年10月入职，3月离职。", "3月", "2019-03", "2019-03-01", "2019-03-31"),  # 次年3月 if later
    (MAY_2024, "他1998年入伍，8月15日抵达边防。", "8月15日", "1998-08-15", "1998-08-15", "1998-08-15"),
    # a festival after a year in the sentence is that year's; after a month, the one not half a year before it
    (MAY_2024, "2019年，国庆期间游客很多。", "国庆", "2019-10-01", "2019-10-01", "2019-10-01"),
    (MAY_2024, "2019年11月，元旦前夕开始备货。", "元旦", "2020-01-01", "2020-01-01", "2020-01-01"),
    # a part of a month after a month, a part of a year after a year, in the same sentence
    (MAY_2024, "3月初开工，月底完工。", "月底", "2024-03", "2024-03-01", "2024-03-31"),
    (MAY_2024, "2019年开工，年底完工。", "年底", "2019", "2019-01-01", "2019-12-31"),
    (MAY_2024, "2019年营收增长，第三季度利润下滑。", "第三季度", "2019-Q3", "2019-07-01", "2019-09-30"),
    (MAY_2024, "2019年开工。年底完工。", "年底", "2024", "2024-01-01", "2024-12-31"),
    (MAY_2024, "3月初开工，下旬完工。", "下旬", "2024-03", "2024-03-01", "2024-03-31"),
    (MAY_2024, "下旬，新馆开放。", "下旬", "2024-05", "2024-05-01", "2024-05-31"),
    # a year that is the base of a comparison gives no year to what follows (table comparison_before/after)
    (MAY_2024, "销量与去年同期持平，预计Q3回升。", "Q3", "2024-Q3", "2024-07-01", "2024-09-30"),
    (MAY_2024, "营收较2019年增长两成，12月份发货。", "12月份", "2023-12", "2023-12-01", "2023-12-31"),
    # after a range of years a month keeps the anchor's rule (which year of the range?)
    (MAY_2024, "2014年-2017年连续盈利，3月份发布年报。", "3月份", "2024-03", "2024-03-01", "2024-03-31"),
    # ... but not across a sentence end: then the anchor's rule (December in May: last year's)
    (MAY_2024, "2019年他到了上海。12月开了公司。", "12月", "2023-12", "2023-12-01", "2023-12-31"),
    # 元月 is January
    (MAY_2024, "元月5日，新规实施。", "元月5日", "2024-01-05", "2024-01-05", "2024-01-05"),
    (MAY_2024, "工程于2019年元月开工。", "2019年元月", "2019-01", "2019-01-01", "2019-01-31"),
    # a yearless 2月29日 in a year without one is the nearest leap day
    (MAY_2025, "2月29日，他过了生日。", "2月29日", "2024-02-29", "2024-02-29", "2024-02-29"),
    (MAY_2024, "2月29日，他过了生日。", "2月29日", "2024-02-29", "2024-02-29", "2024-02-29"),
    # lunar years by animal or stem and branch, nearest the anchor's lunar year
    (MAY_2024, "龙年，公司扩张。", "龙年", "2024-02-10/2025-01-28", "2024-02-10", "2025-01-28"),
    (MAY_2025, "龙年，公司扩张。", "龙年", "2024-02-10/2025-01-28", "2024-02-10", "2025-01-28"),
    (MAY_2024, "龙年春节，游客激增。", "龙年春节", "2024-02-10", "2024-02-10", "2024-02-10"),
    (MAY_2024, "蛇年除夕，家家团圆。", "蛇年除夕", "2026-02-16", "2026-02-16", "2026-02-16"),
    (MAY_2025, "马年春节，车票紧张。", "马年春节", "2026-02-17", "2026-02-17", "2026-02-17"),
    (MAY_2024, "甲辰年正月初一，庙会开张。", "甲辰年正月初一", "2024-02-10", "2024-02-10", "2024-02-10"),
    (MAY_2025, "乙巳年，他退休了。", "乙巳年", "2025-01-29/2026-02-16", "2025-01-29", "2026-02-16"),
    # a holiday period after a festival joins its row; 年三十 is 除夕
    (MAY_2025, "五一假期，景区爆满。", "五一假期", "2025-05-01", "2025-05-01", "2025-05-01"),
    (MAY_2025, "今年国庆黄金周，出行人数创新高。", "今年国庆黄金周", "2025-10-01", "2025-10-01", "2025-10-01"),
    (MAY_2025, "年三十晚上，全家守岁。", "年三十晚上", "2025-01-28TEV", "2025-01-28", "2025-01-28"),
    # a month written again before its part; the start of the year or month to publication
    (MAY_2025, "本月月底，合同到期。", "本月月底", "2025-05", "2025-05-01", "2025-05-31"),
    (MAY_2025, "上个月月初，工厂停产。", "上个月月初", "2025-04", "2025-04-01", "2025-04-30"),
    (MAY_2025, "年初至今，股价上涨三成。", "年初至今", "2025/2025-05-20", "2025-01-01", "2025-05-20"),
    (MAY_2025, "月初以来，气温回升。", "月初以来", "2025-05/2025-05-20", "2025-05-01", "2025-05-20"),
    # 多 after a clock time on the hour: a little after it
    (MAY_2025, "凌晨1点多，雨停了。", "凌晨1点多", "2025-05-20T01:00", "2025-05-20", "2025-05-20"),
    (MAY_2025, "6月1日晚上9点多钟，他回到家。", "6月1日晚上9点多钟", "2025-06-01T21:00", "2025-06-01", "2025-06-01"),
    # a clock alone before 前, 以后, 起 (these say it is a clock); 下旬 alone
    (MAY_2025, "志愿者八点前到场。", "八点", "2025-05-20T08:00", "2025-05-20", "2025-05-20"),
    (MAY_2025, "庭审开到12点以后。", "12点", "2025-05-20T12:00", "2025-05-20", "2025-05-20"),
    # a bare weekday right after a day, naming that day's weekday, is that day
    (MAY_2025, "2022年11月23日，星期三，天气晴。", "星期三", "2022-11-23", "2022-11-23", "2022-11-23"),
    # ... not when it names another weekday: then the anchor's week, as alone
    (MAY_2025, "2022年11月23日，星期四，天气晴。", "星期四", "2025-05-22", "2025-05-22", "2025-05-22"),
    # a weekday after a week word and 的 is in that week
    (MAY_2025, "下周的周三，新馆开放。", "下周的周三", "2025-05-28", "2025-05-28", "2025-05-28"),
    # a recurring day with 的 after 每年 / 每月
    (MAY_2025, "每年的3月15日，商场打折。", "每年的3月15日", "XXXX-03-15", None, None),
    # quarter hours as a duration
    (MAY_2025, "步行一刻钟就到。", "一刻钟", "PT15M", None, None),
    (MAY_2025, "等了三刻钟。", "三刻钟", "PT45M", None, None),
    # a year read as a number
    (MAY_2025, "两千零八年八月，奥运会开幕。", "两千零八年八月", "2008-08", "2008-08-01", "2008-08-31"),
]

NOT_DATES = [
    ("这事要等到猴年马月。", "猴年马月"),
    ("馆里有恐龙年代的化石。", "龙年"),
    ("他办了一张5元月卡。", "元月"),
    ("第三单元月考成绩公布。", "元月"),
    ("以下三点前提必须满足。", "三点"),
    ("这两点后果很严重。", "两点"),
    ("成年三十多人到场。", "年三十"),
]


@pytest.fixture(scope="module")
def ex() -> DateExtractor:
    return DateExtractor.from_rules(DEFAULT_RULES_DIR)


def _row(ex: DateExtractor, sentence: str, expr: str, anchor: dt.date):
    start = sentence.index(expr)
    return [m for m in ex.extract(sentence, anchor) if (m.start, m.end) == (start, start + len(expr))]


@pytest.mark.parametrize("anchor,sentence,expr,value,first,last", FORMS, ids=[f[2] + f[0].isoformat() for f in FORMS])
def test_form(ex: DateExtractor, anchor, sentence, expr, value, first, last):
    hit = _row(ex, sentence, expr, anchor)
    assert hit, [(sentence[m.start:m.end], m.value) for m in ex.extract(sentence, anchor)]
    assert hit[0].value == value
    assert bounds(hit[0].value) == (first, last)
    assert hit[0].rule_id


@pytest.mark.parametrize("anchor,sentence,expr,value,first,last", FORMS, ids=[f[2] + f[0].isoformat() for f in FORMS])
def test_form_in_traditional_script(ex: DateExtractor, anchor, sentence, expr, value, first, last):
    """Written in Taiwan's script and read back as the pipeline does (t2s): the same row."""
    there, back = opencc.OpenCC("s2tw"), opencc.OpenCC("t2s")
    hit = _row(ex, back.convert(there.convert(sentence)), back.convert(there.convert(expr)), anchor)
    assert hit and hit[0].value == value


def test_many_after_a_clock_is_no_approximation(ex: DateExtractor):
    """早上8点多家银行: 多家 is "many banks", the clock stays 08:00 without 多."""
    rows = [("早上8点多家银行排起长队。"[m.start:m.end], m.mod) for m in ex.extract("早上8点多家银行排起长队。", MAY_2025)]
    assert rows == [("早上8点", "")]


def test_clock_more_has_its_mod(ex: DateExtractor):
    assert [m.mod for m in ex.extract("凌晨1点多，雨停了。", MAY_2025)] == ["APPROX"]


def test_age_after_this_year_is_no_new_years_eve(ex: DateExtractor):
    """他今年三十岁: 今年 is the row, 年三十 (除夕) is not read out of it."""
    assert [m.value for m in ex.extract("他今年三十岁。", MAY_2025)] == ["2025"]


def test_stem_and_branch_far_from_the_anchor_has_no_value(ex: DateExtractor):
    """甲午年 is 1894 or 2014: eleven years from 2025, too far to choose; the row stays, empty."""
    hit = _row(ex, "甲午年，战事又起。", "甲午年", MAY_2025)
    assert hit and hit[0].value == ""


@pytest.mark.parametrize("sentence,words", NOT_DATES)
def test_not_a_date(ex: DateExtractor, sentence, words):
    start = sentence.index(words)
    touching = [sentence[m.start:m.end] for m in ex.extract(sentence, MAY_2024)
                if m.start < start + len(words) and m.end > start]
    assert not touching


def _case(gold_first: dt.datetime, gold_end: dt.datetime, anchor: dt.date = dt.date(2013, 2, 12)) -> dict:
    return {"anchor": anchor, "gold": [(gold_first, gold_end, "day")]}


@pytest.mark.parametrize("value,first,end,kind", [
    ("2012-10-01", dt.datetime(2013, 10, 1), dt.datetime(2013, 10, 2), "next occurrence"),  # 国庆 in February
    ("2013-02-11", dt.datetime(2013, 2, 18), dt.datetime(2013, 2, 19), "next occurrence"),  # 星期一 on a Tuesday
    ("2012-08-19", dt.datetime(2013, 8, 8), dt.datetime(2013, 8, 9), "next occurrence"),  # an Islamic feast
    ("2012-10-01", dt.datetime(2013, 10, 7), dt.datetime(2013, 10, 8), "next occurrence"),  # 十月的第一个星期一
    ("2012-10-01", dt.datetime(2013, 10, 8), dt.datetime(2013, 10, 9), ""),  # a Tuesday: a plain miss
    ("2013-02-10", dt.datetime(2013, 2, 10), dt.datetime(2013, 2, 12), "offset as range"),  # 两天前
    ("2016", dt.datetime(2014, 1, 1), dt.datetime(2017, 1, 1), "offset as range"),  # 三年之后
    ("2012-10-01", dt.datetime(2013, 10, 10), dt.datetime(2013, 10, 11), ""),  # another day: a plain miss
    ("2013-02-20", dt.datetime(2013, 2, 13), dt.datetime(2013, 2, 14), ""),  # an earlier day
])
def test_convention_of_the_reference(value, first, end, kind):
    assert eval_dates.convention(value, _case(first, end)) == kind


def test_weekend_from_friday_evening_is_a_convention():
    case = {"anchor": dt.date(2013, 2, 12), "gold": [(dt.datetime(2013, 2, 15, 18), dt.datetime(2013, 2, 18), "time")]}
    assert eval_dates.convention("2013-W07-WE", case) == "weekend from Friday evening"


@pytest.mark.parametrize("value,first,end,kind", [
    ("2013-02-12T02:30", dt.datetime(2013, 2, 12, 2), dt.datetime(2013, 2, 12, 4), "offset as range"),  # 两小时前
    ("2013-02-12T04:33", dt.datetime(2013, 2, 12, 4, 31), dt.datetime(2013, 2, 12, 4, 34), "offset as range"),
    ("2013-02-12T07:30", dt.datetime(2013, 2, 12, 5), dt.datetime(2013, 2, 12, 8), "offset as range"),  # 三小时后
    ("2013-02-12T09:30", dt.datetime(2013, 2, 12, 5), dt.datetime(2013, 2, 12, 8), ""),  # outside: a plain miss
    ("2013-02-12T15:00", dt.datetime(2013, 2, 12, 14), dt.datetime(2013, 2, 12, 16), ""),  # far from 04:30
])
def test_clock_offset_read_as_range_is_a_convention(value, first, end, kind):
    now = dt.datetime(2013, 2, 12, 4, 30)
    case = {"anchor": now.date(), "now": now, "gold": [(first, end, "time")]}
    assert eval_dates.convention(value, case) == kind
