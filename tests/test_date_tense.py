"""Tense cues (rules/dates/lexicon.yaml tense_before / tense_after, pipeline/dates/tense.py): the verb
phrase around an underspecified date picks its direction from the anchor. Sentences written by the
team; each is also checked in traditional script (OpenCC s2tw), raw and converted back."""
from __future__ import annotations

import datetime as dt

import opencc
import pytest

from zhnews.dates import DateExtractor
from zhnews.rules import DEFAULT_RULES_DIR

TUE = dt.date(2024, 3, 5)  # a Tuesday
S2TW = opencc.OpenCC("s2tw")
TW2S = opencc.OpenCC("tw2s")

# (sentence, expression, value with the cue, value without it: the sentence with the cue taken out)
CASES = [
    ("新馆将于周一开放。", "周一", "2024-03-11", "新馆周一开放。", "2024-03-04"),
    ("双方拟于周一签约。", "周一", "2024-03-11", "双方周一签约。", "2024-03-04"),
    ("双方周一拟签约。", "周一", "2024-03-11", "双方周一签约。", "2024-03-04"),
    ("中秋将至，月饼热卖。", "中秋", "2024-09-17", "中秋，月饼热卖。", "2023-09-29"),
    ("“周一”即将到来。", "周一", "2024-03-11", "“周一”到来。", "2024-03-04"),
    ("他已于周五离港。", "周五", "2024-03-01", "他周五离港。", "2024-03-08"),
    ("乐队周五演出了新歌。", "周五", "2024-03-01", "乐队周五演出新歌。", "2024-03-08"),
    ("展会将于1月举办。", "1月", "2025-01", "展会1月举办。", "2024-01"),
    ("工程已于5月10日完工。", "5月10日", "2023-05-10", "工程5月10日完工。", "2024-05-10"),
    ("年会定于1月20日举行。", "1月20日", "2025-01-20", "年会1月20日举行。", "2024-01-20"),
    ("比赛将于1日开打。", "1日", "2024-04-01", "比赛1日开打。", "2024-03-01"),
    ("灯会预计中秋开幕。", "中秋", "2024-09-17", "灯会中秋开幕。", "2023-09-29")  # nearest: last year's,
]


@pytest.fixture(scope="module")
def ex() -> DateExtractor:
    return DateExtractor.from_rules(DEFAULT_RULES_DIR)


def _value(ex: DateExtractor, text: str, expr: str, anchor: dt.date = TUE) -> str:
    rows = [m for m in ex.extract(text, anchor) if text[m.start:m.end] == expr]
    assert len(rows) == 1, (text, [(text[m.start:m.end], m.value) for m in ex.extract(text, anchor)])
    return rows[0].value


@pytest.mark.parametrize("text, expr, cued, bare, plain", CASES)
def test_cue_picks_direction_and_no_cue_is_unchanged(ex, text, expr, cued, bare, plain):
    assert _value(ex, text, expr) == cued
    assert _value(ex, bare, expr) == plain


@pytest.mark.parametrize("text, expr, cued, bare, plain", CASES)
def test_traditional_script_same_values(ex, text, expr, cued, bare, plain):
    tw, tw_expr = S2TW.convert(text), S2TW.convert(expr)
    assert _value(ex, TW2S.convert(tw), TW2S.convert(tw_expr)) == cued  # as the pipeline converts
    assert _value(ex, tw, tw_expr) == cued  # raw traditional text (zhnews explain)


def test_cue_on_the_side_already_taken_changes_nothing(ex):
    assert _value(ex, "他已于周一离港。", "周一") == "2024-03-04"  # Monday already past
    assert _value(ex, "新馆将于周五开放。", "周五") == "2024-03-08"  # Friday still to come


def test_words_holding_a_cue_character_are_no_cue(ex):
    assert _value(ex, "记者周五了解到此事。", "周五") == "2024-03-08"  # 了解: no past
    assert _value(ex, "他周五通过考试。", "周五") == "2024-03-08"  # 通过: no past


def test_a_cue_of_the_verb_or_an_object_marker_is_no_cue(ex):
    assert _value(ex, "公司此前承诺周五发货。", "周五") == "2024-03-08"  # 此前 is the promise's
    assert _value(ex, "警方于周一将嫌犯抓获。", "周一") == "2024-03-04"  # 将: the object marker


def test_cue_outside_the_clause_is_not_read(ex):
    assert _value(ex, "公司将扩产，周一开工。", "周一") == "2024-03-04"
    assert _value(ex, "周一开工，随后完成了验收。", "周一") == "2024-03-04"


def test_a_few_days_late_keeps_the_year(ex):
    # 3月1日 four days before a 3月5日 story with 将于: a late story, not next year's March
    assert _value(ex, "新规将于3月1日起施行。", "3月1日") == "2024-03-01"
    assert _value(ex, "展会将于2月举办。", "2月") == "2024-02"


def test_explicit_and_relative_dates_ignore_cues(ex):
    assert _value(ex, "新馆将于本周一开放。", "本周一") == "2024-03-04"
    assert _value(ex, "工程将于2024年1月完工。", "2024年1月") == "2024-01"
    assert _value(ex, "他已于下周五离港。", "下周五") == "2024-03-15"
