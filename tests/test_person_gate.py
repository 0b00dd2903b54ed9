"""Kind person_gate (issue #14 precision): dictionary words and brands are no PERSON without evidence.
Real jieba, real rule files; the example sentences are our own."""
from __future__ import annotations

import pytest


def people(seg, ext, text: str) -> dict[str, str]:
    """{surface: rule_id} of the PERSON mentions in a simplified text."""
    return {text[m.start:m.end]: m.rule_id for m in ext.extract(seg.make_doc(text)) if m.label == "PERSON"}


@pytest.mark.parametrize("text, word", [
    ("矿区出产黄铁矿和白云岩，储量较大。", "白云岩"),   # nr in jieba's dictionary, ends with a thing's character
    ("矿区出产黄铁矿和白云岩，储量较大。", "黄铁矿"),   # no longer vouched for by its neighbour in the list
    ("登上龙首山，远眺全城。", "龙首山"),               # a mountain
    ("兰亭集势公司发布财报。", "兰亭集"),               # cut from a company name
    ("关键词：创新驱动", "关键词"),                     # a common noun (n) before a colon
])
def test_a_dictionary_word_without_evidence_is_no_person(seg, ext, text, word):
    assert word not in people(seg, ext, text)


def test_a_name_before_a_product_word_is_no_person_anywhere_in_the_document(seg, ext):
    # 施耐德电气 makes it a brand; the earlier 施耐德小型断路器 is not repeated as a person either
    got = people(seg, ext, "工厂采购了施耐德小型断路器和施耐德电气的设备。")
    assert "施耐德" not in got


def test_evidence_keeps_the_person(seg, ext):
    assert "施耐德" in people(seg, ext, "总经理施耐德表示，工厂将扩产。")   # a title before, a cue after
    assert "王军" in people(seg, ext, "王军表示，项目将在年底完工。")
    got = people(seg, ext, "李明和王军一起出席了会议。")
    assert {"李明", "王军"} <= set(got)
