"""Latin-script companies in (often lower-cased) tech news: never PERSON; people stay people.
Sentences written by the team."""
from __future__ import annotations

import pytest


def labels(seg, ext, text):
    doc = seg.make_doc(text)
    return {text[m.start:m.end]: (m.label, m.rule_id) for m in ext.extract(doc)}


@pytest.mark.parametrize("text,name", [
    ("区块链公司zentra签订了合作协议。", "zentra"),          # a kind of company before it
    ("鞋履品牌koroma代言人周琳出席了活动。", "koroma"),      # a brand has a spokesperson
    ("koroma品牌创始人在会上致辞。", "koroma"),
    ("zentra团队宣布，将从本周起开放测试。", "zentra"),
])
def test_lower_case_company_word_is_an_org(seg, ext, text, name):
    assert labels(seg, ext, text).get(name, (None,))[0] == "ORG"


def test_title_then_a_person_makes_the_latin_word_the_employer(seg, ext):
    got = labels(seg, ext, "消息称，zentra主席约瑟夫表示将继续投资。")
    assert got.get("zentra", (None,))[0] != "PERSON"
    assert got.get("约瑟夫", (None,))[0] == "PERSON"


def test_one_article_one_sense_for_a_latin_word(seg, ext):
    # the first mention alone reads like a person speaking; the second is plainly a company
    text = "zentra表示将扩大规模。随后zentra团队宣布，自今日起开放注册。"
    got = [(text[m.start:m.end], m.label) for m in ext.extract(seg.make_doc(text))]
    assert ("zentra", "PERSON") not in got
    assert ("zentra", "ORG") in got


def test_mostly_generic_word_is_not_made_an_org_by_one_cue(seg, ext):
    # one corporate cue (融资) among many plain uses: the word is a concept, not a company
    text = ("主管qwx融资的部门。" + "qwx项目推进很慢。" * 9)
    assert all(m.label != "ORG" or text[m.start:m.end] != "qwx" for m in ext.extract(seg.make_doc(text)))


@pytest.mark.parametrize("text,name", [
    ("很多工程师都是短期上手volte分析的。", "volte"),   # 上手 is a verb, 分析 a noun: no title, no speech
    ("我的职业生涯之：网优工程师 iii", "iii"),           # a part number
])
def test_technology_words_are_not_people(seg, ext, text, name):
    assert labels(seg, ext, text).get(name, (None,))[0] != "PERSON"


@pytest.mark.parametrize("text,name", [
    ("设计师marco说这一季会更简约。", "marco"),
    ("技术分析师peter brandt表示，价格可能下降。", "peter brandt"),     # a known first name and a title
    ("公关经理jennifer dang说，机组反应很快。", "jennifer dang"),
    ("研究员willy woo认为下跌的可能性不大。", "willy woo"),           # a title and a speech verb
])
def test_lower_case_people_stay_people_and_whole(seg, ext, text, name):
    got = labels(seg, ext, text)
    assert got.get(name, (None,))[0] == "PERSON"
    assert all(lab != "ORG" for span, (lab, _r) in got.items() if span in name)


def test_two_lower_case_words_without_evidence_are_no_person(seg, ext):
    text = "用户可以在app store下载这款游戏。"
    assert all(lab != "PERSON" for span, (lab, _r) in labels(seg, ext, text).items() if "store" in span)


def test_a_titled_person_is_not_made_a_company_by_a_company_word_elsewhere(seg, ext):
    text = "特斯拉CEO Musk表示将继续投资。Musk旗下的公司很多。"
    got = [(text[m.start:m.end], m.label, m.start) for m in ext.extract(seg.make_doc(text))]
    assert ("Musk", "PERSON", text.index("Musk")) in got


@pytest.mark.parametrize("text", ["塔斯沃特(taswater)水务公司的用户将收到通知。", "塔斯沃特（TasWater）公司宣布涨价。"])
def test_a_transliteration_and_its_original_before_a_company_word_are_the_company(seg, ext, text):
    got = labels(seg, ext, text)
    assert got.get("塔斯沃特", (None,))[0] == "ORG"
    assert all(lab != "PERSON" for span, (lab, _r) in got.items() if span.lower() == "taswater")
