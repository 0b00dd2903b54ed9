"""ORG forms found on the CLUENER / People's Daily tune halves, tested on sentences written by the team."""
from __future__ import annotations

import pytest


def orgs(seg, ext, text):
    return {text[m.start:m.end] for m in ext.extract(seg.make_doc(text)) if m.label == "ORG"}


@pytest.mark.parametrize("text,name", [
    ("昨天，星光集团董事长表示将扩大投资。", "星光集团"),     # 星光/n: a brand jieba reads as a common noun
    ("记者了解到，绿城集团总经理已经辞职。", "绿城集团"),
])
def test_common_noun_brand_before_a_strong_head_and_a_title(seg, ext, text, name):
    assert name in orgs(seg, ext, text)


def test_a_kind_of_business_before_a_head_stays_generic(seg, ext):
    assert "保险公司" not in orgs(seg, ext, "该保险公司董事长表示，今年业绩平稳。")


@pytest.mark.parametrize("text,name", [
    ("青禾集团北京分公司总经理表示将扩大招聘。", "青禾集团北京分公司"),
    ("邮政储蓄银行江西省分行一位人士承认此事。", "邮政储蓄银行江西省分行"),
])
def test_a_branch_after_its_organisation_and_a_place_keeps_the_organisation(seg, ext, text, name):
    assert name in orgs(seg, ext, text)


@pytest.mark.parametrize("text,name,longer", [
    ("活动的承办方青禾集团董事长致辞。", "青禾集团", "承办方青禾集团"),   # a role noun of the clause
    ("据宏联公司负责人介绍，项目已经完工。", "宏联公司", "据宏联公司"),      # 据宏联/x: 据 glued by the segmenter
])
def test_clause_words_before_a_brand_stay_out_of_the_name(seg, ext, text, name, longer):
    found = orgs(seg, ext, text)
    assert name in found and longer not in found


def test_a_club_in_a_sentence_about_its_results_is_no_person(seg, ext):
    text = "萨洛维卡在联盟杯上两连败，出线形势不妙。"
    got = {text[m.start:m.end]: m.label for m in ext.extract(seg.make_doc(text))}
    assert got.get("萨洛维卡") != "PERSON"


@pytest.mark.parametrize("text,name", [
    ("而今，可口可乐公司以三倍的价格收购了这家工厂。", "可口可乐公司"),   # 可口可乐公司/l: one word
    ("这里是欧盟总部的所在地。", "欧盟总部"),
    ("从央行上海总部公布的数据来看，贷款增加了。", "央行上海总部"),
])
def test_a_known_organisation_keeps_its_company_word_and_headquarters(seg, ext, text, name):
    assert name in orgs(seg, ext, text)


@pytest.mark.parametrize("text,name", [
    ("主队在第二节以二十分战胜海牛队。", "海牛队"),            # 战胜/n: tagged a noun
    ("这些议员无端指责劳拉公司泄露了资料。", "劳拉公司"),      # 无端指责/l
    ("上半场中国队落后十分。", "中国队"),                      # 上半场/ns
])
def test_words_of_the_clause_before_a_team_or_company_stay_out(seg, ext, text, name):
    found = orgs(seg, ext, text)
    assert name in found and not any(o.endswith(name) and o != name for o in found)


def test_an_organisation_filling_a_title_is_a_work(seg, ext):
    text = "新作《蓝港集团》将在明年上映，《江城日报》报道了此事。"
    found = orgs(seg, ext, text)
    assert "蓝港集团" not in found  # a film named like a company
    assert "江城日报" in found      # a newspaper in title marks stays an organisation


@pytest.mark.parametrize("text,word", [
    ("辽宁省委常委出席了会议。", "辽宁省委常委"),   # a member's title
    ("曼谷亚运会今天开幕。", "曼谷亚运会"),         # games
])
def test_a_place_before_a_title_or_games_is_no_organisation(seg, ext, text, word):
    assert word not in orgs(seg, ext, text)


@pytest.mark.parametrize("text,name", [
    ("此案经海口市中级人民法院判决。", "海口市中级人民法院"),   # 经/n: a preposition, not part of it
    ("北京市高级人民检察院提起公诉。", "北京市高级人民检察院"),  # 高级/b: the court's grade
])
def test_a_court_keeps_its_grade_and_place(seg, ext, text, name):
    assert name in orgs(seg, ext, text)


@pytest.mark.parametrize("text,name", [
    ("施耐德电气宣布收购这家软件公司。", "施耐德电气"),        # brand + business word + a company's action
    ("他曾担任施耐德电气中国区总裁。", "施耐德电气"),          # ... + a unit and a title
])
def test_brand_and_business_word_before_a_company_cue(seg, ext, text, name):
    assert name in orgs(seg, ext, text)


def test_a_business_word_after_a_name_with_no_cue_is_no_company(seg, ext):
    assert "施耐德电气" not in orgs(seg, ext, "施耐德电气化了这条铁路。")


def test_a_person_described_by_a_kind_of_organisation_makes_no_organisation(seg, ext):
    assert "大厂研究院" not in orgs(seg, ext, "一位大厂研究院负责人表示，项目周期很长。")


def test_a_body_named_by_its_bare_title(seg, ext):
    found = orgs(seg, ext, "市委决定召开全会，内阁随后通过了预算。")
    assert {"市委", "内阁"} <= found
    # the listing committee of an exchange, not a city's party committee
    assert "市委" not in orgs(seg, ext, "公司去年获上市委审议通过。")


def test_a_round_of_internal_and_external_changes_is_no_organisation(seg, ext):
    assert not orgs(seg, ext, "新一轮内外部调整开始。")  # 内外部/nt in jieba's dictionary


def test_a_registered_company_name_of_common_words_and_its_short_form(seg, ext):
    text = "星河动力航天科技有限公司（以下简称“星河动力”）完成融资。星河动力表示将扩产。"
    found = [text[m.start:m.end] for m in ext.extract(seg.make_doc(text)) if m.label == "ORG"]
    assert "星河动力航天科技有限公司" in found and found.count("星河动力") == 2
    assert "科技有限公司" not in orgs(seg, ext, "一家科技有限公司表示将扩产。")
