"""Kind event_slot: the event verb's subject or object slot as entity evidence (invented companies, people)."""
from __future__ import annotations

import opencc
import pytest

from zhnews.entities import EntityExtractor

S2TW = opencc.OpenCC("s2tw")
T2S = opencc.OpenCC("t2s")


def found(seg, ext, text):
    doc = seg.make_doc(text)
    return {text[m.start:m.end]: (m.label, m.rule_id) for m in ext.extract(doc)}


@pytest.mark.parametrize("text,name,label", [
    ("星河文化宣布收购云帆数据。", "星河文化", "ORG"),   # subject of 收购, no organisation head
    ("星河文化宣布收购云帆数据。", "云帆数据", "ORG"),   # object of 收购
    ("蓝鲸智联今日正式收购了一家工厂。", "蓝鲸智联", "ORG"),
    ("qubo完成新一轮融资。", "qubo", "ORG"),            # a Latin brand, the funding round skipped
    ("青松网发布财报。", "青松网", "ORG"),                # brand ending 网 before a weak verb
    ("她最终创办了青岚小馆这个品牌。", "青岚小馆", "ORG"),  # object of 创办 after 了
    ("黄朝阳辞去董事长职务。", "黄朝阳", "PERSON"),       # jieba cuts 黄/a 朝阳/ns
])
def test_slot_names_the_participant(seg, ext, text, name, label):
    assert found(seg, ext, text).get(name, (None,))[0] == label


@pytest.mark.parametrize("text,name", [
    ("星河文化宣布收购云帆数据。", "星河文化"),
    ("黄朝阳辞去董事长职务。", "黄朝阳"),
])
def test_rule_id_names_the_slot(seg, ext, text, name):
    assert found(seg, ext, text)[name][1] in ("org.event_slot", "person.event_slot")


@pytest.mark.parametrize("text,word", [
    ("该公司宣布收购一家工厂。", "该公司"),         # a generic subject
    ("美国推出新的关税政策。", "美国"),             # a country before a weak verb
    ("吉林媒体发布消息。", "吉林媒体"),             # a place and a noun before 发布
    ("王总辞职了。", "王总"),                      # a surname and a title, no given name
    ("17日官网发布的文件。", "日官网"),             # a date before the subject is no clause start
    ("这一案件已递交法院。", "这一案件"),
    ("董事长陈某发布声明。", "董事长陈某"),
    ("新款手机正式发布。", "新款手机"),            # a product's description
    ("云舟e3正式上市。", "云舟e3"),                # a model number: a product launch, not an IPO
    ("他们收购了qubo的开发商。", "qubo"),          # the object is the one after 的
])
def test_no_name_in_the_slot(seg, ext, text, word):
    assert word not in found(seg, ext, text)


def test_traditional_input_gives_the_same_names(seg, ext):
    text = "星河文化宣布收购云帆数据，黄朝阳辞去董事长职务。"
    simplified = found(seg, ext, text)
    back = T2S.convert(S2TW.convert(text))
    assert found(seg, ext, back) == simplified


def test_verbs_are_data(seg):
    from zhnews.rules import DEFAULT_RULES_DIR
    lists = DEFAULT_RULES_DIR / "entities" / "lists"
    assert "收购" in (lists / "slot_org_verbs.txt").read_text(encoding="utf-8")
    ext = EntityExtractor.from_rules(DEFAULT_RULES_DIR)
    assert any(r.id == "org.event_slot" for r in ext.patterns)
