"""Argument slots filled from the entities found (issue 16): full rank titles, an organisation's
name before its bracketed alias, a person who buys. Invented names; each also through s2tw."""
from __future__ import annotations

import opencc
import pytest

import zhnews

S2TW = opencc.OpenCC("s2tw")
T2S = opencc.OpenCC("t2s")


def facts(text: str, traditional: bool = False) -> list:
    if traditional:
        text = S2TW.convert(text)
    return zhnews.extract(text, published="2024-05-01").facts


@pytest.mark.parametrize("traditional", [False, True])
@pytest.mark.parametrize("text,role", [
    ("李四担任县政府办公室常务副主任。", "常务副主任"),  # jieba: 常务副|主任; the rank word stays
    ("赵六出任星河集团执行副总裁。", "执行副总裁"),
])
def test_role_keeps_its_rank_word(text, role, traditional):
    rows = facts(text, traditional)
    assert [T2S.convert(r.role) for r in rows] == [role]


@pytest.mark.parametrize("traditional", [False, True])
def test_org_is_the_name_before_its_bracketed_alias(traditional):
    rows = facts("星河科技集团股份有限公司（xhk）创立于1993年4月。", traditional)
    assert [T2S.convert(r.to_org) for r in rows] == ["星河科技集团股份有限公司"]
    assert rows[0].to_org_entity_id and rows[0].rule_id.startswith("org.found")


@pytest.mark.parametrize("traditional", [False, True])
def test_alias_alone_stays_the_org(traditional):
    rows = facts("青禾资本收购了星河科技股份有限公司(XHK)。", traditional)
    assert [T2S.convert(r.to_org) for r in rows] == ["星河科技股份有限公司"]
    assert [T2S.convert(r.org) for r in rows] == ["青禾资本"]


@pytest.mark.parametrize("traditional", [False, True])
def test_a_person_who_buys_is_the_person(traditional):
    rows = facts("王建国收购了宏达鞋厂。", traditional)
    assert [(T2S.convert(r.person), r.org, T2S.convert(r.to_org)) for r in rows] == [("王建国", "", "宏达鞋厂")]
    assert rows[0].person_entity_id.startswith("PER-")


def test_an_owner_inside_the_buyer_phrase_is_no_buyer():
    rows = facts("赵六的星河公司收购了宏达鞋厂。")
    assert all(r.person == "" for r in rows)


LEAD = "青禾智能有限公司今天召开发布会，青禾智能有限公司的总裁张伟明介绍了新产品。\n"
FILLER = "这一天的天气很好，大家一起去公园散步，看了很多花。\n"


@pytest.mark.parametrize("traditional", [False, True])
def test_subject_org_inferred_near_the_lead(traditional):
    rows = facts(LEAD + "会后，李明远宣布辞职。", traditional)
    assert [(T2S.convert(r.person), T2S.convert(r.org), r.org_source) for r in rows] == [("李明远", "青禾智能有限公司", "inferred")]


@pytest.mark.parametrize("traditional", [False, True])
def test_no_subject_org_for_a_far_item_of_a_digest(traditional):
    rows = facts(LEAD + FILLER * 100 + "会后，李明远宣布辞职。", traditional)  # about 2,500 characters on
    assert [(T2S.convert(r.person), r.org, r.org_source) for r in rows] == [("李明远", "", "")]


@pytest.mark.parametrize("traditional", [False, True])
def test_a_demonstrative_reference_takes_the_organisation_it_ends_like(traditional):
    rows = facts("北京星河医院去年成立了新的分院。今年3月，该院宣布裁员100人。", traditional)
    layoff = [r for r in rows if r.type == "org.layoff"]
    assert [(T2S.convert(r.org), r.org_source) for r in layoff] == [("北京星河医院", "explicit")]


def test_a_demonstrative_of_another_kind_stays_empty():
    rows = facts("北京星河医院去年成立了新的分院。今年3月，该校宣布裁员100人。")  # 校: not the hospital
    assert [r.org for r in rows if r.type == "org.layoff"] == [""]
