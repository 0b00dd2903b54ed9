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
