"""Event records (issue 5): types, argument patterns, guards, rule errors, evaluation helpers.

Every sentence here was written for these tests. Entity and date matches are built by hand where the
entity/date extractors are not the point, so the tests exercise the event rules alone.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import opencc
import pytest

from zhnews.events import EventExtractor, doc_text
from zhnews.records import DateMatch, EntityMatch, EventMatch
from zhnews.rules import DEFAULT_RULES_DIR, RuleError
from zhnews.segment import Segmenter

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def ex() -> EventExtractor:
    return EventExtractor.from_rules(DEFAULT_RULES_DIR)


def _spans(text: str, words, label: str) -> list[EntityMatch]:
    out = []
    for w in words:
        start = text.index(w)
        out.append(EntityMatch(start, start + len(w), label, "test"))
    return out


def run(ex, seg, text, persons=(), orgs=(), dates=()):
    doc = seg.make_doc(text)
    entities = _spans(text, persons, "PERSON") + _spans(text, orgs, "ORG")
    date_matches = []
    for d in dates:
        start = text.index(d)
        date_matches.append(DateMatch(start, start + len(d), "DATE", "", "", "", "test"))
    events = ex.extract(doc, entities, date_matches)
    return events, entities, date_matches


def args(ev: EventMatch, text: str) -> set[tuple[str, str]]:
    return {(a.role, text[a.start:a.end]) for a in ev.arguments}


def one(events, etype: str) -> EventMatch:
    found = [e for e in events if e.type == etype]
    assert len(found) == 1, f"expected one {etype}, got {events}"
    return found[0]


def trig(ev: EventMatch, text: str) -> str:
    return text[ev.trigger_start:ev.trigger_end]


# --- one sentence per event type --------------------------------------------------------------

@pytest.mark.parametrize("text,persons,orgs,etype,trigger,expected", [
    ("张伟昨日辞去星河科技首席执行官一职。", ["张伟"], ["星河科技"], "personnel.depart", "辞去",
     {("person", "张伟"), ("org", "星河科技"), ("role", "首席执行官")}),
    ("刘洋正式加盟华星电子。", ["刘洋"], ["华星电子"], "personnel.join", "加盟",
     {("person", "刘洋"), ("to_org", "华星电子")}),
    ("马东出任云帆科技董事长。", ["马东"], ["云帆科技"], "personnel.appoint", "出任",
     {("person", "马东"), ("org", "云帆科技"), ("role", "董事长")}),
    ("星光传媒解雇了郑凯。", ["郑凯"], ["星光传媒"], "personnel.fire", "解雇",
     {("org", "星光传媒"), ("person", "郑凯")}),
    ("王磊创办了青禾教育。", ["王磊"], ["青禾教育"], "org.found", "创办",
     {("person", "王磊"), ("to_org", "青禾教育")}),
    ("华东电力与华北电力宣布合并。", [], ["华东电力", "华北电力"], "org.restructure", "合并",
     {("org", "华东电力"), ("org", "华北电力")}),
    ("蓝鲸科技宣布裁员300人。", [], ["蓝鲸科技"], "org.layoff", "裁员", {("org", "蓝鲸科技")}),
    ("天启乐队正式解散。", [], ["天启乐队"], "org.dissolve", "解散", {("org", "天启乐队")}),
    ("华为在上海发布了Mate 60手机。", [], ["华为"], "product.release", "发布",
     {("org", "华为"), ("product", "Mate 60手机")}),
    ("任天堂宣布Switch 2延期。", [], ["任天堂"], "product.delay", "延期", {("product", "Switch 2")}),
    ("红杉资本投资了深海科技。", [], ["红杉资本", "深海科技"], "business.invest", "投资",
     {("org", "红杉资本"), ("to_org", "深海科技")}),
    ("深海科技完成5亿元B轮融资。", [], ["深海科技"], "business.funding", "融资", {("org", "深海科技")}),
    ("腾讯收购了搜狗。", [], ["腾讯", "搜狗"], "business.acquire", "收购", {("org", "腾讯"), ("to_org", "搜狗")}),
    ("星河科技在纳斯达克上市。", [], ["星河科技"], "business.ipo", "上市", {("org", "星河科技")}),
])
def test_each_type(ex, seg, text, persons, orgs, etype, trigger, expected):
    events, _, _ = run(ex, seg, text, persons, orgs)
    ev = one(events, etype)
    assert trig(ev, text) == trigger
    assert ev.modality == "asserted"
    assert args(ev, text) == expected
    assert ev.rule_id == f"{etype}:{trigger}"


def test_traditional_text_matches_through_normalization(ex, seg):
    simplified = opencc.OpenCC("t2s").convert("張偉昨日辭去星河科技首席執行官一職。")
    events, _, _ = run(ex, seg, simplified, ["张伟"], ["星河科技"])
    ev = one(events, "personnel.depart")
    assert args(ev, simplified) == {("person", "张伟"), ("org", "星河科技"), ("role", "首席执行官")}


# --- argument patterns --------------------------------------------------------------------------

def test_coordinated_founders_are_two_persons(ex, seg):
    text = "张三和李四共同创立了深鉴科技。"
    ev = one(run(ex, seg, text, ["张三", "李四"], ["深鉴科技"])[0], "org.found")
    assert trig(ev, text) == "共同创立"
    assert args(ev, text) == {("person", "张三"), ("person", "李四"), ("to_org", "深鉴科技")}


def test_coordinated_persons_leave(ex, seg):
    text = "张伟和李娜同时辞职。"
    ev = one(run(ex, seg, text, ["张伟", "李娜"])[0], "personnel.depart")
    assert args(ev, text) == {("person", "张伟"), ("person", "李娜")}


def test_titles_listed_before_one_name_stay_one_person(ex, seg):
    text = "云帆科技副总经理、技术总监陈晓辞职。"
    ev = one(run(ex, seg, text, ["陈晓"], ["云帆科技"])[0], "personnel.depart")
    persons = [a for a in ev.arguments if a.role == "person"]
    assert len(persons) == 1
    assert ("org", "云帆科技") in args(ev, text)
    assert {("role", "副总经理"), ("role", "技术总监")} <= args(ev, text)


def test_apposition_former_employer(ex, seg):
    text = "前百度研究员李明宣布离职。"
    events, entities, _ = run(ex, seg, text, ["李明"], ["百度"])
    ev = one(events, "personnel.depart")
    got = args(ev, text)
    assert ("org", "百度") in got and ("role", "研究员") in got
    person = [a for a in ev.arguments if a.role == "person"][0]
    # the person argument is the name mention (issue 16); the title is the role, the employer the org
    assert text[person.start:person.end] == "李明"
    assert entities[person.entity_index].label == "PERSON"
    assert (entities[person.entity_index].start, entities[person.entity_index].end) == (person.start, person.end)


def test_person_argument_is_the_name_mention_with_the_title_in_role(ex, seg):
    text = "青石电气副总经理赵明远宣布辞职。"
    events, entities, _ = run(ex, seg, text, ["赵明远"], ["青石电气"])
    ev = one(events, "personnel.depart")
    assert args(ev, text) >= {("person", "赵明远"), ("role", "副总经理"), ("org", "青石电气")}
    person = [a for a in ev.arguments if a.role == "person"][0]
    ent = entities[person.entity_index]
    assert (ent.label, ent.start, ent.end) == ("PERSON", person.start, person.end)


def test_person_argument_is_the_mention_inside_a_longer_phrase(ex, seg):
    text = "董事会决定免去周海峰的青石电气总经理职务。"
    events, entities, _ = run(ex, seg, text, ["周海峰"], ["青石电气"])
    persons = [a for ev in events for a in ev.arguments if a.role == "person"]
    assert persons and all(text[a.start:a.end] == "周海峰" for a in persons)
    assert all(entities[a.entity_index].label == "PERSON" for a in persons)
    # the employer before the title is the ORG mention, not "周海峰的青石电气"
    orgs = {text[a.start:a.end] for ev in events for a in ev.arguments if a.role == "org"}
    assert "青石电气" in orgs and not any("周海峰" in o for o in orgs)


def test_org_argument_is_the_org_mention_inside_its_phrase(ex, seg):
    text = "国内软件巨头青石电气收购了蓝湾数据。"
    events, entities, _ = run(ex, seg, text, [], ["青石电气", "蓝湾数据"])
    ev = one(events, "business.acquire")
    assert args(ev, text) >= {("org", "青石电气"), ("to_org", "蓝湾数据")}
    for a in ev.arguments:
        if a.role in ("org", "to_org"):
            assert (entities[a.entity_index].start, entities[a.entity_index].end) == (a.start, a.end)


def test_person_argument_without_a_mention_drops_the_title(ex, seg):
    text = "青石电气董事长兼总经理王建国宣布辞职。"
    ev = one(run(ex, seg, text, [], ["青石电气"])[0], "personnel.depart")
    got = args(ev, text)
    assert ("person", "王建国") in got
    assert not any(role == "person" and "董事长" in span for role, span in got)


def test_apposition_former_employer_on_join(ex, seg):
    text = "前百度研究员李明加盟星河科技。"
    ev = one(run(ex, seg, text, ["李明"], ["百度", "星河科技"])[0], "personnel.join")
    got = args(ev, text)
    assert ("org", "百度") in got and ("to_org", "星河科技") in got


def test_field_before_a_title_is_part_of_the_role_not_an_employer(ex, seg):
    text = "据悉，硬件副总裁王立新已于上月离职。"
    ev = one(run(ex, seg, text, ["王立新"], [])[0], "personnel.depart")
    got = args(ev, text)
    assert ("role", "硬件副总裁") in got
    assert not any(role == "org" for role, _ in got)


def test_company_name_before_a_title_stays_the_employer(ex, seg):
    # no ORG mention given: the company is read from the apposition, and no field word list names it
    text = "两面针总裁王立新宣布辞职。"
    got = args(one(run(ex, seg, text, ["王立新"], [])[0], "personnel.depart"), text)
    assert ("org", "两面针") in got and ("role", "总裁") in got


def test_field_between_two_titles_makes_one_title(ex, seg):
    text = "李海峰将出任青石电气首席视觉科学家。"
    got = args(one(run(ex, seg, text, ["李海峰"], ["青石电气"])[0], "personnel.appoint"), text)
    assert ("role", "首席视觉科学家") in got and ("role", "首席") not in got


def test_appointment_role_is_the_position_taken_not_the_persons_title(ex, seg):
    text = "该公司创始人王立新随后加盟青石电气，出任欧洲业务负责人。"
    events = run(ex, seg, text, ["王立新"], ["青石电气"])[0]
    got = args(one(events, "personnel.appoint"), text)
    assert ("role", "创始人") not in got and any(r == "role" and "负责人" in t for r, t in got)
    # without a position of its own, the title in the person's phrase is still the role
    text2 = "青石电气总经理王立新上任。"
    got2 = args(one(run(ex, seg, text2, ["王立新"], ["青石电气"])[0], "personnel.appoint"), text2)
    assert ("role", "总经理") in got2


def test_former_marker_glued_to_the_employer(ex, seg):
    text = "前联影医疗研发副总裁冯晓东已加盟星河科技。"
    got = args(one(run(ex, seg, text, ["冯晓东"], ["联影医疗", "星河科技"])[0], "personnel.join"), text)
    assert ("org", "联影医疗") in got and ("to_org", "星河科技") in got


def test_person_slot_without_a_name_or_person_word_stays_empty(ex, seg):
    # "签下巨额欠条": a debt note is no one; with nobody named, no hire is recorded
    text = "唐某逼迫同学签下巨额欠条。"
    assert not [a for e in run(ex, seg, text)[0] for a in e.arguments if a.role == "person"]
    # a title or a word for a person still describes someone (DuEE keeps such descriptors)
    text2 = "塞尔维亚主帅宣布辞职。"
    got = args(one(run(ex, seg, text2)[0], "personnel.depart"), text2)
    assert any(r == "person" and t.endswith("主帅") for r, t in got)
    # a name jieba does not know is kept
    text3 = "毕滢引咎辞职。"
    got3 = args(one(run(ex, seg, text3)[0], "personnel.depart"), text3)
    assert ("person", "毕滢") in got3


def test_org_slot_holding_a_function_word_stays_empty(ex, seg):
    text = "那么，星河科技将会发布新款手机X9。"
    got = args(one(run(ex, seg, text, [], ["星河科技"])[0], "product.release"), text)
    assert not any(r == "org" and t in ("那么", "将会") for r, t in got)
    # a brand jieba knows as a common noun is still an organisation
    text2 = "苹果今天发布了新款手机X9。"
    got2 = args(one(run(ex, seg, text2)[0], "product.release"), text2)
    assert ("org", "苹果") in got2


def test_illicit_purchase_is_no_acquisition(ex, seg):
    text = "彭某非法收购星河科技的珍贵野生动物制品。"
    assert not [e for e in run(ex, seg, text, [], ["星河科技"])[0] if e.type == "business.acquire"]
    text2 = "蓝海集团收购星河科技。"
    assert one(run(ex, seg, text2, [], ["蓝海集团", "星河科技"])[0], "business.acquire")


def test_one_span_fills_one_participant_role(ex, seg):
    text = "2018年10月，胡小明受到开除公职、开除党籍处分。"
    ev = one(run(ex, seg, text, ["胡小明"], [])[0], "personnel.fire")
    spans = [(a.start, a.end) for a in ev.arguments if a.role in ("person", "org", "to_org", "product")]
    assert len(spans) == len(set(spans))


def test_trigger_after_a_copula_closing_its_clause_is_no_event(ex, seg):
    text = "面对降薪，王立新的最后一种选择是辞职。"
    assert not [e for e in run(ex, seg, text, ["王立新"])[0] if e.type == "personnel.depart"]
    text2 = "王立新上个月辞职。"
    assert one(run(ex, seg, text2, ["王立新"])[0], "personnel.depart")


def test_title_ending_a_token_and_former_marker_after_the_employer(ex, seg):
    text = "星河科技原党组书记、主任王立新被开除党籍。"
    got = args(one(run(ex, seg, text, ["王立新"], [])[0], "personnel.fire"), text)
    assert ("role", "党组书记") in got and ("role", "主任") in got
    assert not any(r == "org" and ("书记" in t or t.endswith("原")) for r, t in got)


def test_nearly_fired_is_negated(ex, seg):
    ev = one(run(ex, seg, "王立新差点被开除。", ["王立新"])[0], "personnel.fire")
    assert ev.modality == "negated"


def test_funding_org_is_the_clause_opener_when_the_phrase_before_is_an_amount(ex, seg):
    text = "8月17日星河科技宣布获得蓝海资本领投的数千万元融资。"
    got = args(one(run(ex, seg, text, [], ["星河科技", "蓝海资本"])[0], "business.funding"), text)
    assert ("org", "星河科技") in got


def test_passive_acquisition(ex, seg):
    text = "搜狗被腾讯收购。"
    ev = one(run(ex, seg, text, [], ["腾讯", "搜狗"])[0], "business.acquire")
    assert args(ev, text) == {("org", "腾讯"), ("to_org", "搜狗")}


def test_passive_dismissal(ex, seg):
    text = "郑凯被星光传媒解雇。"
    ev = one(run(ex, seg, text, ["郑凯"], ["星光传媒"])[0], "personnel.fire")
    assert args(ev, text) == {("person", "郑凯"), ("org", "星光传媒")}


def test_you_x_fuze(ex, seg):
    text = "新业务由吴强负责。"
    ev = one(run(ex, seg, text, ["吴强"])[0], "personnel.appoint")
    assert args(ev, text) == {("person", "吴强")}


def test_fuze_without_you_is_no_event(ex, seg):
    text = "吴强负责公司的日常运营。"
    assert run(ex, seg, text, ["吴强"])[0] == []


def test_trigger_in_noun_phrase(ex, seg):
    text = "赵磊的离职让团队措手不及。"
    ev = one(run(ex, seg, text, ["赵磊"])[0], "personnel.depart")
    assert args(ev, text) == {("person", "赵磊")}


def test_release_possessor_and_relative_clause(ex, seg):
    text = "随着Galaxy S24的发布，三星股价上涨。"
    ev = one(run(ex, seg, text, [], ["三星"])[0], "product.release")
    assert args(ev, text) == {("product", "Galaxy S24")}
    text = "苹果刚刚发布的iPhone 15销量火爆。"
    ev = one(run(ex, seg, text, [], ["苹果"])[0], "product.release")
    assert args(ev, text) == {("org", "苹果"), ("product", "iPhone 15")}


def test_product_as_subject_of_intransitive_trigger(ex, seg):
    text = "小米14正式上市。"
    ev = one(run(ex, seg, text)[0], "product.release")
    assert args(ev, text) == {("product", "小米14")}


def test_from_and_to_organisations(ex, seg):
    text = "孙浩从阿里巴巴跳槽至字节跳动。"
    ev = one(run(ex, seg, text, ["孙浩"], ["阿里巴巴", "字节跳动"])[0], "personnel.join")
    assert trig(ev, text) == "跳槽至"
    assert args(ev, text) == {("person", "孙浩"), ("org", "阿里巴巴"), ("to_org", "字节跳动")}
    text = "王芳从蓝海集团辞职。"
    ev = one(run(ex, seg, text, ["王芳"], ["蓝海集团"])[0], "personnel.depart")
    assert args(ev, text) == {("person", "王芳"), ("org", "蓝海集团")}


def test_appoint_with_wei(ex, seg):
    text = "董事会任命周丽为首席财务官。"
    ev = one(run(ex, seg, text, ["周丽"])[0], "personnel.appoint")
    got = args(ev, text)
    assert ("person", "周丽") in got and ("role", "首席财务官") in got


def test_topic_chain_gives_the_subject(ex, seg):
    text = "昨日晚间，一加在伦敦召开新品发布会，正式发布了一加12手机。"
    ev = one(run(ex, seg, text, [], ["一加"])[0], "product.release")
    assert ("org", "一加") in args(ev, text)
    assert ("product", "一加12手机") in args(ev, text)


def test_org_reference_resolved_to_named_company(ex, seg):
    text = "星河科技（600123）公告称，公司董事长王强因个人原因辞职。"
    ev = one(run(ex, seg, text, ["王强"], ["星河科技"])[0], "personnel.depart")
    got = args(ev, text)
    assert ("org", "星河科技") in got
    assert ("role", "董事长") in got


def test_two_triggers_in_one_sentence(ex, seg):
    text = "陈杰离开了腾讯公司，转投阿里巴巴。"
    events = run(ex, seg, text, ["陈杰"], ["腾讯公司", "阿里巴巴"])[0]
    assert args(one(events, "personnel.depart"), text) == {("person", "陈杰"), ("org", "腾讯公司")}
    assert args(one(events, "personnel.join"), text) == {("person", "陈杰"), ("to_org", "阿里巴巴")}


def test_overlapping_trigger_candidates(ex, seg):
    # "申请辞去": the regex first sees 请辞, which is no word here; 辞去 is found right after
    text = "因工作需要，陶明申请辞去公司董事长职务。"
    ev = one(run(ex, seg, text, ["陶明"])[0], "personnel.depart")
    assert trig(ev, text) == "辞去"
    assert ("person", "陶明") in args(ev, text) and ("role", "董事长") in args(ev, text)


def test_person_after_zai_opens_a_clause(ex, seg):
    text = "就在蓝海集团副总裁王飞宣布离职6天后，公司股价大跌。"
    ev = one(run(ex, seg, text, ["王飞"], ["蓝海集团"])[0], "personnel.depart")
    got = args(ev, text)
    assert ("person", "王飞") in got and ("org", "蓝海集团") in got


def test_name_glued_to_preposition_is_cut(ex, seg):
    # jieba's HMM makes one word of an unknown name and the 因 after it
    text = "徐明惠因年龄原因辞去太保寿险董事长职务。"
    events, _, _ = run(ex, seg, text, ["徐明惠"], ["太保寿险"])
    ev = one(events, "personnel.depart")
    assert ("person", "徐明惠") in args(ev, text)
    assert ("org", "太保寿险") in args(ev, text)


# --- dates --------------------------------------------------------------------------------------

def test_date_in_same_clause_wins(ex, seg):
    text = "去年星河科技上市，今年3月5日张伟辞职。"
    events, _, dates = run(ex, seg, text, ["张伟"], ["星河科技"], ["去年", "今年3月5日"])
    ev = one(events, "personnel.depart")
    assert ev.date_index is not None and text[dates[ev.date_index].start:dates[ev.date_index].end] == "今年3月5日"
    assert ("date", "今年3月5日") in args(ev, text)
    date_arg = [a for a in ev.arguments if a.role == "date"][0]
    assert date_arg.date_index == ev.date_index


def test_date_of_sentence_before_the_trigger(ex, seg):
    text = "6月27日，金星饭店财务负责人胡文辞职。"
    events, _, dates = run(ex, seg, text, ["胡文"], ["金星饭店"], ["6月27日"])
    ev = one(events, "personnel.depart")
    assert text[dates[ev.date_index].start:dates[ev.date_index].end] == "6月27日"


def test_date_after_the_clause_is_not_attached(ex, seg):
    text = "宁远科技董事长庄明辞职 2018年公司净利润下滑。"
    events, _, _ = run(ex, seg, text, ["庄明"], ["宁远科技"], ["2018年"])
    ev = one(events, "personnel.depart")
    assert ev.date_index is None


def test_date_source_names_clause_or_sentence(ex, seg):
    text = "6月27日，金星饭店财务负责人胡文辞职，周五李强加盟金星饭店。"
    events, _, _ = run(ex, seg, text, ["胡文", "李强"], ["金星饭店"], ["6月27日", "周五"])
    assert one(events, "personnel.depart").date_source == "sentence"
    assert one(events, "personnel.join").date_source == "clause"


@pytest.mark.parametrize("text,dateline", [
    ("新华社北京11月8日电 星河科技今天宣布张伟辞职。", "11月8日"),
    ("北京时间11月8日早间消息，星河科技宣布张伟辞职。", "11月8日早间"),
    ("中新网11月16日电据外媒报道，星河科技宣布张伟辞职。", "11月16日"),  # a dateline_followers word glued after 电
])
def test_dateline_is_never_the_event_date(ex, seg, text, dateline):
    events, _, _ = run(ex, seg, text, ["张伟"], ["星河科技"], [dateline])
    ev = one(events, "personnel.depart")
    assert ev.date_index is None and ev.date_source == ""


def test_date_opening_a_sentence_is_no_dateline(ex, seg):
    text = "11月8日，星河科技宣布张伟辞职。"
    events, _, _ = run(ex, seg, text, ["张伟"], ["星河科技"], ["11月8日"])
    assert one(events, "personnel.depart").date_index is not None
    # 电 glued to a word that is no dateline follower is no marker (电视台)
    text = "11月8日电视台播出专访，星河科技宣布张伟辞职。"
    events, _, _ = run(ex, seg, text, ["张伟"], ["星河科技"], ["11月8日"])
    assert one(events, "personnel.depart").date_index is not None


def test_trigger_glued_to_an_adverb_or_object_is_the_trigger_word(ex, seg):
    text = "上任不足半年的董事长袁明引咎辞职。"
    ev = one(run(ex, seg, text, ["袁明"])[0], "personnel.depart")
    assert trig(ev, text) == "辞职" and ("person", "袁明") in args(ev, text)
    text = "县纪委决定给予王强开除党籍处分。"
    assert trig(one(run(ex, seg, text, ["王强"])[0], "personnel.fire"), text) == "开除"


@pytest.mark.parametrize("text", [
    "时隔三年，这支球队重返英超。",  # a team back in a league: no hire
    "这是足坛近年最重磅的一次转会。",  # the transfer as a noun, nobody named
])
def test_return_and_transfer_need_a_person(ex, seg, text):
    assert [e for e in run(ex, seg, text)[0] if e.type == "personnel.join"] == []


@pytest.mark.parametrize("text,etype", [
    ("有的已经退休，有的仍在任上。", "personnel.depart"),  # retirement as a status, nobody named
    ("上市公司跨界并购不再受到鼓励。", "business.acquire"),  # a practice, not a deal
])
def test_status_and_practice_need_a_named_participant(ex, seg, text, etype):
    assert [e for e in run(ex, seg, text)[0] if e.type == etype] == []


def test_named_head_of_a_relative_clause_is_the_one_who_left(ex, seg):
    text = "周明接任的是已于去年12月辞职的联合创始人吴昊。"
    ev = one(run(ex, seg, text, ["周明", "吴昊"])[0], "personnel.depart")
    assert ("person", "吴昊") in args(ev, text) and ("person", "周明") not in args(ev, text)
    text = "张三辞职的消息传出后股价下跌。"  # an unnamed head is no person
    assert args(one(run(ex, seg, text, ["张三"])[0], "personnel.depart"), text) == {("person", "张三")}


def test_named_retirement_is_a_departure(ex, seg):
    text = "2015年9月，李向东退休。"
    assert one(run(ex, seg, text, ["李向东"])[0], "personnel.depart")


def test_delayed_release_is_a_delay(ex, seg):
    text = "云帆科技宣布推迟发布旗舰模型Orion 2。"
    events = run(ex, seg, text, [], ["云帆科技"])[0]
    assert [e.type for e in events if e.type.startswith("product")] == ["product.delay"]


@pytest.mark.parametrize("text", [
    "星河科技拟二次股票发行，发行6000万股。",  # shares are no product
    "星河科技将发行5亿元公司债。",
    "这些公司IPO后将获得更多资金。",  # a generic subject: no one in particular
    "多家车企推出此类技术。",
    "该党推出人选参加市长选举。",  # nominating a candidate
    "本报今起推出“走进新农村”系列报道。",  # a series of news reports, no product
    "合作社创新推出“公司+农户”经营模式。",  # a way of working
])
def test_generic_statements_and_instruments_are_no_events(ex, seg, text):
    assert [e.type for e in run(ex, seg, text, [], ["星河科技"] if "星河科技" in text else [])[0]] == []


# --- guards -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,persons,orgs,etype,modality", [
    ("王五没有离开腾讯公司。", ["王五"], ["腾讯公司"], "personnel.depart", "negated"),
    ("李雷并未辞职。", ["李雷"], [], "personnel.depart", "negated"),
    ("资产公司申请收购青禾银行的，应当符合以下条件。", [], ["青禾银行"], "business.acquire", "hypothetical"),  # a rule
    ("蓝鲸科技不会裁员。", [], ["蓝鲸科技"], "org.layoff", "negated"),
    ("李雷尚未正式辞职。", ["李雷"], [], "personnel.depart", "negated"),
    ("张三是否会离开腾讯公司？", ["张三"], ["腾讯公司"], "personnel.depart", "hypothetical"),
    ("阿里巴巴会收购网易吗？", [], ["阿里巴巴", "网易"], "business.acquire", "hypothetical"),
    ("如果华为发布新手机，股价将上涨。", [], ["华为"], "product.release", "hypothetical"),
    ("能否收购网易仍是未知数。", [], ["网易"], "business.acquire", "hypothetical"),
    ("小米打算推出新款手机。", [], ["小米"], "product.release", "planned"),
    ("腾讯计划收购搜狗。", [], ["腾讯", "搜狗"], "business.acquire", "planned"),
    ("刘洋希望加盟华星电子。", ["刘洋"], ["华星电子"], "personnel.join", "planned"),
    ("腾讯否认将收购搜狗。", [], ["腾讯", "搜狗"], "business.acquire", "reported_denial"),
    ("关于张三离职的传闻不实。", ["张三"], [], "personnel.depart", "reported_denial"),
    ("李华不得不辞职。", ["李华"], [], "personnel.depart", "asserted"),
    ("此次重组不会造成任何高管离职。", [], [], "personnel.depart", "negated"),
    ("星河科技拟与蓝海集团签订协议，以3亿元收购其子公司。", [], ["星河科技", "蓝海集团"], "business.acquire", "planned"),
    ("星光传媒不仅推出了新款耳机，还发布了Note 5手机。", [], ["星光传媒"], "product.release", "asserted"),
    ("小米将推出新款手机。", [], ["小米"], "product.release", "scheduled"),
    ("华为将于下月在上海发布新款手机。", [], ["华为"], "product.release", "scheduled"),  # 将|于: two tokens
    ("腾讯已放弃收购星河科技公司。", [], ["腾讯", "星河科技公司"], "business.acquire", "negated"),
])
def test_guards(ex, seg, text, persons, orgs, etype, modality):
    events = run(ex, seg, text, persons, orgs)[0]
    found = [e for e in events if e.type == etype]
    assert found, events
    assert all(e.modality == modality for e in found), [(trig(e, text), e.modality) for e in found]


def test_negated_events_keep_their_arguments(ex, seg):
    text = "王五没有离开腾讯公司。"
    ev = one(run(ex, seg, text, ["王五"], ["腾讯公司"])[0], "personnel.depart")
    assert args(ev, text) == {("person", "王五"), ("org", "腾讯公司")}


# --- false triggers -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "上市公司发布公告称业绩增长。",  # 上市公司 is one word; 发布公告 is no product
    "新品发布会将在下周举行。",  # 发布会
    "投资者对此反应平淡。",  # 投资者
    "该说法发布了一份声明。",  # a statement is no product
    "退休人员的待遇将提高。",  # 退休 as a modifier
    "他把文件加入收藏夹。",  # 加入 without an organisation
    "警方发布了红色预警。",
])
def test_no_event(ex, seg, text):
    assert run(ex, seg, text)[0] == []


def test_ipo_versus_product_launch(ex, seg):
    text = "星河科技今日在港交所挂牌上市，发行价为10港元。"
    events = run(ex, seg, text, [], ["星河科技"])[0]
    assert [e.type for e in events] == ["business.ipo"]
    text = "新款领航SUV将于10月上市，售价15万元起。"
    events = run(ex, seg, text)[0]
    assert [e.type for e in events] == ["product.release"]


def test_mentions_of_one_event_are_merged(ex, seg):
    text = "董事会收到张伟的辞职信。张伟辞职后将不再担任公司任何职务。张伟辞职的原因是身体不适。"
    events = run(ex, seg, text, ["张伟"])[0]
    departs = [e for e in events if e.type == "personnel.depart"]
    assert len(departs) == 1
    assert ("person", "张伟") in args(departs[0], text)


def test_generic_mention_merges_with_named_one(ex, seg):
    text = "优信又一高管离职：CMO王鑫官宣辞职。"
    events = run(ex, seg, text, ["王鑫"], ["优信"])[0]
    departs = [e for e in events if e.type == "personnel.depart"]
    assert len(departs) == 1 and ("person", "王鑫") in args(departs[0], text)


# --- robustness ---------------------------------------------------------------------------------

def test_empty_inputs(ex, seg):
    assert ex.extract(seg.make_doc(""), [], []) == []
    assert ex.extract(seg.make_doc("今天天气很好。"), [], []) == []
    text = "腾讯收购了搜狗。"
    events = ex.extract(seg.make_doc(text), [], [])  # no entities, no dates: phrases still found
    assert args(one(events, "business.acquire"), text) == {("org", "腾讯"), ("to_org", "搜狗")}


def test_arguments_point_at_entities(ex, seg):
    text = "腾讯收购了搜狗。"
    events, entities, _ = run(ex, seg, text, [], ["腾讯", "搜狗"])
    ev = one(events, "business.acquire")
    for a in ev.arguments:
        assert a.entity_index is not None
        ent = entities[a.entity_index]
        assert (ent.start, ent.end) == (a.start, a.end)


def test_doc_text_equals_doc_text(seg):
    for text in ["华为在上海发布了Mate 60手机。\n第二段 有空格", "", "a b  c"]:
        doc = seg.make_doc(text)
        assert doc_text(doc) == doc.text


def test_text_argument_gives_same_result(ex, seg):
    text = "华为在上海发布了Mate 60手机。"
    doc = seg.make_doc(text)
    assert ex.extract(doc, [], [], text=text) == ex.extract(doc, [], [])


def test_long_document_merges_repeated_release(ex, seg):
    # Speed is measured by benchmarks/eval_events.py --speed-only, not here.
    text = ("今天天气很好，市场平稳运行。" * 300 + "华为在上海发布了Mate 60手机。") * 3
    doc = seg.make_doc(text)
    events = ex.extract(doc, [], [])
    assert len([e for e in events if e.type == "product.release"]) == 1  # merged: same product


def test_both_segmentation_engines(ex):
    text = "张三和李四共同创立了深鉴科技。"
    for engine in ("jieba", "rjieba"):
        doc = Segmenter.from_rules(DEFAULT_RULES_DIR, engine).make_doc(text)
        ents = _spans(text, ["张三", "李四"], "PERSON")
        ev = one(ex.extract(doc, ents, []), "org.found")
        assert {("person", "张三"), ("person", "李四")} <= args(ev, text)


# --- rule files ---------------------------------------------------------------------------------

@pytest.fixture()
def rules_copy(tmp_path: Path) -> Path:
    shutil.copytree(DEFAULT_RULES_DIR / "events", tmp_path / "events")
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_rules_load_and_ids_unique(ex):
    ids = [t.id for t in ex.triggers]
    assert len(ids) == len(set(ids))
    assert {t.type for t in ex.triggers} >= {
        "personnel.depart", "personnel.join", "personnel.appoint", "personnel.fire", "org.found",
        "org.restructure", "org.layoff", "org.dissolve", "product.release", "product.delay",
        "business.invest", "business.funding", "business.acquire", "business.ipo"}


def test_unknown_field_names_file_and_line(rules_copy):
    path = rules_copy / "events" / "types.yaml"
    _edit(path, "  merge: person\n", "  merg: person\n")
    with pytest.raises(RuleError) as info:
        EventExtractor.from_rules(rules_copy)
    err = info.value
    assert err.path.endswith("types.yaml") and err.line is not None
    assert "merg" in err.message and "merge" in err.hint


def test_unknown_role_and_position(rules_copy):
    path = rules_copy / "events" / "types.yaml"
    _edit(path, "frame: {subject: person, possessor: person", "frame: {subject: persn, possessor: person")
    with pytest.raises(RuleError) as info:
        EventExtractor.from_rules(rules_copy)
    assert "persn" in info.value.message and "person" in info.value.hint


def test_unknown_word_list(rules_copy):
    path = rules_copy / "events" / "types.yaml"
    _edit(path, "object_not: [release_blocked_objects", "object_not: [release_blocked")
    with pytest.raises(RuleError) as info:
        EventExtractor.from_rules(rules_copy)
    assert info.value.code == "R309" and info.value.line is not None


def test_bad_yaml_and_bad_guard(rules_copy):
    guards = rules_copy / "events" / "guards.yaml"
    _edit(guards, "modality: negated", "modality: denied")
    with pytest.raises(RuleError) as info:
        EventExtractor.from_rules(rules_copy)
    assert "denied" in info.value.message and info.value.path.endswith("guards.yaml")
    lexicon = rules_copy / "events" / "lexicon.yaml"
    lexicon.write_text("titles: [董事长\n", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        EventExtractor.from_rules(rules_copy)
    assert info.value.code == "R004"


def test_missing_word_list(rules_copy):
    lexicon = rules_copy / "events" / "lexicon.yaml"
    text = lexicon.read_text(encoding="utf-8")
    lexicon.write_text(text.replace("titles:", "titels:", 1), encoding="utf-8")
    with pytest.raises(RuleError) as info:
        EventExtractor.from_rules(rules_copy)
    assert "titles" in info.value.message


def test_doc_tokens_and_their_view_give_the_same_events(ex, seg):
    from zhnews.docview import DocView

    text = "6月27日，宁波富达董事长庄立峰辞职。华为将在德国慕尼黑正式发布Mate 30手机，售价999欧元。"
    entities = _spans(text, ["庄立峰"], "PERSON") + _spans(text, ["宁波富达", "华为"], "ORG")
    dates = [DateMatch(0, 5, "DATE", "", "", "", "test")]
    tokens = seg.segment(text)
    found = ex.extract(tokens, entities, dates)
    assert {e.type for e in found} == {"personnel.depart", "product.release"}
    assert ex.extract(DocView.of(tokens), entities, dates) == found
    assert ex.extract(seg.make_doc(text), entities, dates) == found


def test_readme_lists_every_requirement():
    """The requires table of rules/events/README.md is generated from the registry: it cannot drift."""
    from zhnews.registry import event_requirements, sync_readme

    readme = DEFAULT_RULES_DIR / "events" / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert text == sync_readme(text, event_requirements), (
        "rules/events/README.md is out of date: write zhnews.registry.sync_readme(text, event_requirements) to it")


def test_every_requires_key_in_the_rules_is_registered(ex):
    from zhnews.registry import event_requirements

    used = {key for t in ex.triggers for key in t.requires}
    assert used and used <= set(event_requirements.names())
    assert len(event_requirements.names()) == 20
    for trig in ex.triggers:  # every key runs after the arguments; the string tests also before
        assert len(trig.checks) == len(trig.requires)


def test_unknown_requirement_names_file_line_and_suggestion(rules_copy):
    path = rules_copy / "events" / "types.yaml"
    _edit(path, "requires: {named: [person]}", "requires: {nmed: [person]}")
    with pytest.raises(RuleError) as info:
        EventExtractor.from_rules(rules_copy)
    err = info.value
    assert err.code == "R308" and err.line is not None and "nmed" in err.message and "named" in err.hint


def test_a_new_requirement_is_one_registered_function(rules_copy, seg):
    """The worked example of the README: a condition registered in one place is usable in types.yaml."""
    from zhnews.events.requirements import Check, read_roles
    from zhnews.registry import event_requirements

    @event_requirements.register("quoted", value=read_roles, lists=["open_brackets"])
    def quoted(check: Check, value) -> bool:
        """``quoted: [ROLE, ...]``: one of these roles opens with a bracket or quote."""
        return any(a.role in value and check.text[a.start:a.start + 1] in check.v.open for a in check.args)

    try:
        path = rules_copy / "events" / "types.yaml"
        _edit(path, "    - 离职\n", "    - {word: 离职, requires: {quoted: [person]}}\n")
        quoting = EventExtractor.from_rules(rules_copy)
        text = "宁波富达董事长庄立峰离职。"
        doc = seg.make_doc(text)
        entities = _spans(text, ["庄立峰"], "PERSON")
        assert [e.type for e in EventExtractor.from_rules(DEFAULT_RULES_DIR).extract(doc, entities, [])] \
            == ["personnel.depart"]
        assert quoting.extract(doc, entities, []) == []
    finally:
        event_requirements.unregister("quoted")


# --- evaluation helpers (own sample in DuEE format) --------------------------------------------------

def test_eval_on_own_sample(tmp_path):
    from zhnews.eval_events import Pipeline, evaluate, load_duee, load_schema

    records = load_duee(DATA / "events_duee_sample.json")
    assert records[0].events[0].trigger == "辞职"  # surrounding white space stripped
    schema = load_schema(DATA / "events_duee_schema.json")
    pipeline = Pipeline(DEFAULT_RULES_DIR, use_entities=False, use_dates=False)
    report = evaluate(records, pipeline, schema)
    assert report.records == len(records)
    assert report.trigger.tp >= 4 and report.trigger.f >= 0.75
    assert report.argument.tp >= 4
    # roles outside the mapping (领投方) are not scored, so they cannot be false positives
    assert ("business.funding", "role") not in report.per_role
    twin = evaluate(records, pipeline, schema, name="s2tw", convert=__import__("zhnews.eval_events", fromlist=["x"]).s2tw_roundtrip())
    assert abs(twin.trigger.f - report.trigger.f) < 0.01


def test_duee_adapter_scores_a_titled_gold_person_as_its_name(tmp_path):
    from zhnews.eval_events import GOLD_TITLES, load_duee

    assert GOLD_TITLES.name_part("离职者", "副总经理张鹏宇") == ("张鹏宇", 4)
    assert GOLD_TITLES.name_part("离职者", "董事长兼总经理王明") == ("王明", 7)
    assert GOLD_TITLES.name_part("离职者", "张鹏宇") == ("张鹏宇", 0)  # a name without title: unchanged
    assert GOLD_TITLES.name_part("离职者", "副总经理") == ("副总经理", 0)  # a title alone: unchanged
    # the employer before the titles is the org argument: the name after the titles is the person
    assert GOLD_TITLES.name_part("离职者", "青石电气董事长李海峰") == ("李海峰", 7)
    assert GOLD_TITLES.name_part("离职者", "青石电气董事长") == ("青石电气董事长", 0)  # no name: unchanged
    assert GOLD_TITLES.name_part("发布方", "副总经理张鹏宇") == ("副总经理张鹏宇", 0)  # not a person role
    text = "青石电气副总经理张鹏宇近日辞职，张鹏宇此前负责销售。"
    record = {"id": "own-1", "text": text, "event_list": [{
        "event_type": "组织关系-辞/离职", "trigger": "辞职", "trigger_start_index": text.index("辞职"),
        "arguments": [{"role": "离职者", "argument": "副总经理张鹏宇", "argument_start_index": text.index("副总经理")},
                      {"role": "原所属组织", "argument": "青石电气", "argument_start_index": 0}]}]}
    path = tmp_path / "own.json"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    gold = load_duee(path)[0].events[0].arguments
    assert ("离职者", "张鹏宇", text.index("张鹏宇")) in gold
    assert ("原所属组织", "青石电气", 0) in gold


def test_duee_adapter_scores_a_quoted_gold_product_as_its_name():
    from zhnews.eval_events import GOLD_QUOTES

    assert GOLD_QUOTES.name_part("发布产品", "新一代推理引擎“启衡Flow 2.0”") == ("启衡Flow 2.0", 8)
    assert GOLD_QUOTES.name_part("发布产品", "“启衡Flow”") == ("启衡Flow", 1)
    assert GOLD_QUOTES.name_part("发布产品", "新专辑《晨光》") == ("晨光", 4)
    assert GOLD_QUOTES.name_part("发布产品", "启衡Flow 2.0") == ("启衡Flow 2.0", 0)  # no quotes: unchanged
    assert GOLD_QUOTES.name_part("发布产品", "“”") == ("“”", 0)  # nothing quoted: unchanged
    assert GOLD_QUOTES.name_part("发布方", "“启衡”") == ("“启衡”", 0)  # not a product role


def test_product_argument_is_the_quoted_name(ex, seg):
    text = "青石电气今天发布了新一代推理引擎“启衡Flow 2.0”。"
    got = args(one(run(ex, seg, text, [], ["青石电气"])[0], "product.release"), text)
    assert ("product", "启衡Flow 2.0") in got
    text2 = "青石电气今天发布了新款手机星河X3。"
    got2 = args(one(run(ex, seg, text2, [], ["青石电气"])[0], "product.release"), text2)
    assert any(r == "product" and t.endswith("星河X3") for r, t in got2)  # unquoted: the phrase as before


def test_duee_dev_figures_if_available():
    data = Path(__file__).resolve().parents[2] / "shared" / "eval" / "duee" / "dev_a.json"
    if not data.exists():
        pytest.skip("../shared evaluation data not available")
    from zhnews.eval_events import Pipeline, evaluate, load_duee, load_schema

    report = evaluate(load_duee(data), Pipeline(DEFAULT_RULES_DIR), load_schema(data.with_name("event_schema.json")))
    assert report.trigger.f >= 0.75
    assert report.argument.f >= 0.50


# --- the facts table ------------------------------------------------------------------------------

FACTS_ARTICLE = """---
title: 腾讯调整架构
published: 2025-06-12
---
腾讯首席技术官张伟已于近日离职，腾讯董事会对他的贡献表示感谢。

前百度研究员李明远上个月加盟腾讯，出任首席科学家。

另据了解，负责云业务的副总裁刘洋今年5月也已离职。

此次调整不会造成任何高管离职。
"""


def _facts(tmp_path: Path, name: str, text: str):
    from zhnews.run import run_corpus
    from zhnews.tables import read_table

    corpus = tmp_path / name
    corpus.mkdir()
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    run_corpus(corpus, tmp_path / f"{name}-out", progress=False, use_cache=False)
    return {table: read_table(tmp_path / f"{name}-out", table) for table in ("facts", "mentions", "entities")}


def test_facts_one_row_per_event_with_mentions_and_dates(tmp_path):
    out = _facts(tmp_path, "s", FACTS_ARTICLE)
    facts, mentions = out["facts"], out["mentions"]
    rows = {(r.type, r.person): r for r in facts.itertuples()}
    first = rows[("personnel.depart", "张伟")]
    # 近日 has no value: an asserted event of the lead is dated by the publication day
    assert (first.org, first.org_source, first.role) == ("腾讯", "explicit", "首席技术官")
    assert (first.date_value, first.start_date, first.date_source) == ("2025-06-12", "2025-06-12", "published")
    join = rows[("personnel.join", "李明远")]  # the person is the name, not "前百度研究员李…"
    assert (join.org, join.to_org, join.date_value, join.date_source) == ("百度", "腾讯", "2025-05", "clause")
    assert (join.start_date, join.end_date) == ("2025-05-01", "2025-05-31")
    # every person/org in facts is a mention, with the entity id of that mention
    ids = dict(zip(mentions.text, mentions.entity_id))
    for r in facts.itertuples():
        for value, entity_ids in ((r.person, r.person_entity_id), (r.org, r.org_entity_id), (r.to_org, r.to_org_entity_id)):
            values = [v for v in str(value or "").split("、") if v]
            assert [ids[v] for v in values] == [i for i in str(entity_ids or "").split(";") if i]
    # no organisation in its sentence: the lead's organisation, flagged
    later = rows[("personnel.depart", "刘洋")]
    assert (later.org, later.org_source, later.date_value) == ("腾讯", "inferred", "2025-05")
    # the negated generic statement is recorded as negated, with no person
    negated = facts[facts.modality == "negated"]
    assert len(negated) == 1 and not negated.iloc[0].person


def test_facts_are_the_same_for_traditional_text(tmp_path):
    converted = opencc.OpenCC("s2tw").convert(FACTS_ARTICLE)
    simplified, traditional = _facts(tmp_path, "s", FACTS_ARTICLE)["facts"], _facts(tmp_path, "t", converted)["facts"]
    same = ["type", "modality", "person_entity_id", "org_entity_id", "to_org_entity_id", "org_source", "date_value",
            "start_date", "end_date", "date_source", "rule_id"]
    assert len(simplified) >= 4
    assert simplified[same].equals(traditional[same])
    assert traditional.person.str.contains("劉洋").any()  # original script kept


def test_facts_rows_and_date_sources_survive_the_cache(tmp_path):
    from zhnews.cache_codec import deserialise, serialise
    from zhnews.ingest import read_document
    from zhnews.run import DocumentProcessor, Settings

    (tmp_path / "a.txt").write_text(FACTS_ARTICLE, encoding="utf-8")
    processor = DocumentProcessor(Settings())
    raw = read_document(tmp_path / "a.txt", tmp_path)
    seg, tokens = processor.segment(raw)
    output, extraction = processor.extract(seg, tokens)
    assert output.rows["facts"] and any(e.date_source for e in extraction.events)
    assert deserialise("output", serialise("output", output)).rows == output.rows
    assert deserialise("extraction", serialise("extraction", extraction)) == extraction


# --- round two: trigger sense from the object's head, named participants ----------------------

@pytest.mark.parametrize("text", [
    "市气象台今天上午发布天气预报。",            # 天气预报: one jieba token headed by 预报
    "警方在全市范围内发布协查通报。",            # 协查通报: headed by 通报
    "统计局发布最新的统计数据显示物价平稳。",     # 统计数据: headed by 数据
])
def test_release_of_information_compound_is_no_product(ex, seg, text):
    events, _, _ = run(ex, seg, text)
    assert [e for e in events if e.type == "product.release"] == []


def test_release_of_a_product_compound_still_counts(ex, seg):
    text = "远航公司昨天发布新款智能手机Nova 9。"
    events, _, _ = run(ex, seg, text, orgs=["远航公司"])
    ev = one(events, "product.release")
    assert ("product", "新款智能手机Nova 9") in args(ev, text)


@pytest.mark.parametrize("text,persons,orgs,trigger", [
    ("县公安局迅速成立专案组，开展侦查。", [], [], "成立"),      # a working group, nobody founded
    ("小区还要成立一个业主委员会。", [], [], "成立"),
    ("第四节课十一点下课，同学们去吃饭。", [], [], "下课"),     # the class ends
    ("两名少女结伴出走，警方接力寻回。", [], [], "出走"),
    ("补助金由用人单位负责支付。", [], [], "负责"),
])
def test_generic_participants_make_no_event(ex, seg, text, persons, orgs, trigger):
    events, _, _ = run(ex, seg, text, persons, orgs)
    assert [e for e in events if trig(e, text) == trigger] == []


def test_founding_of_a_named_organisation_counts(ex, seg):
    text = "青禾集团于5月8日成立了青禾农业公司。"
    events, _, _ = run(ex, seg, text, orgs=["青禾集团", "青禾农业公司"])
    ev = one(events, "org.found")
    assert ("to_org", "青禾农业公司") in args(ev, text)


def test_facts_product_is_no_bare_quantity():
    from zhnews.facts import FactRules
    from zhnews.rules import DEFAULT_RULES_DIR

    _QUANTITY = FactRules.from_rules(DEFAULT_RULES_DIR).quantity
    assert all(_QUANTITY.match(q) for q in ("一系列", "一款", "3款", "多个"))
    assert not any(_QUANTITY.match(p) for p in ("一系列衬衫", "Mate 30", "3系"))


@pytest.mark.parametrize("text", [
    "街道办向高校发布了首批研究课题。",        # a call for research topics
    "这次合作成果发布之外，还举行了仪式。",     # 成果发布: an abstract, no product
    "用户可以看到论文发布流程。",
])
def test_release_needs_a_product_in_its_clause(ex, seg, text):
    events, _, _ = run(ex, seg, text)
    assert [e for e in events if e.type == "product.release"] == []


@pytest.mark.parametrize("text,trigger", [
    ("几天前，远航公司发布了最新的 Nova 11 系列。", "发布"),   # a space does not end the clause
    ("麒麟990发布后，订单大增。", "发布"),                    # a name and a number: a model
    ("远航公司推出首个家长管理系统。", "推出"),               # 管理系统 is headed by a product word
])
def test_release_with_a_product_in_its_clause_counts(ex, seg, text, trigger):
    events, _, _ = run(ex, seg, text)
    assert [trig(e, text) for e in events if e.type == "product.release"] == [trigger]


@pytest.mark.parametrize("text,trigger", [
    ("后来由于经营不善，酒吧倒闭。", "倒闭"),              # an unnamed bar
])
def test_unnamed_closures_are_no_events(ex, seg, text, trigger):
    events, _, _ = run(ex, seg, text)
    assert [e for e in events if trig(e, text) == trigger] == []


def test_named_closure_still_counts(ex, seg):
    text = "青禾书店因经营不善倒闭。"
    events, _, _ = run(ex, seg, text, orgs=["青禾书店"])
    assert ("org", "青禾书店") in args(one(events, "org.dissolve"), text)


def test_a_count_of_several_is_no_particular_founding(ex, seg):
    text = "全省将组建10个产业联盟。"
    events, _, _ = run(ex, seg, text)
    assert [e for e in events if e.type == "org.found"] == []


@pytest.mark.parametrize("text,product", [
    ("远航公司发布了一款带有彩虹主题的免费壁纸。", "一款带有彩虹主题的免费壁纸"),
    ("远航公司推出了300美元的自制Nova 10 PC。", "300美元的自制Nova 10 PC"),
    ("远航公司在大会上发布了首批自主品牌5G终端产品。", "首批自主品牌5G终端产品"),
])
def test_a_counted_object_runs_on_to_its_product(ex, seg, text, product):
    events, _, _ = run(ex, seg, text, orgs=["远航公司"])
    assert ("product", product) in args(one(events, "product.release"), text)


@pytest.mark.parametrize("text", ["一个月内，两位高管相继离职。", "特朗普宣布时任国防部长马蒂斯将离职。"])
def test_a_count_or_tenure_before_a_title_is_no_organisation(ex, seg, text):
    events, _, _ = run(ex, seg, text, persons=["马蒂斯"] if "马蒂斯" in text else [])
    assert not [a for a in one(events, "personnel.depart").arguments if a.role == "org"]


@pytest.mark.parametrize("text,org", [("微软发布了一款新手机。", "微软"), ("联想推出了全新的超极本。", "联想")])
def test_a_mention_is_a_subject_whatever_jieba_tagged_it(ex, seg, text, org):
    events, _, _ = run(ex, seg, text, orgs=[org])   # jieba tags 微软 a, 联想 v
    assert ("org", org) in args(one(events, "product.release"), text)


def test_a_calendar_date_before_a_latin_name_dates_the_event(ex, seg):
    text = "2007年hpv疫苗上市，反响很好。"
    events, _, dates = run(ex, seg, text, dates=["2007年"])
    ev = one(events, "product.release")
    assert (ev.date_index, ev.date_source) == (0, "clause")


# --- issue 16: organisation from the sentence, question scope, product phrases, DuEE halves ------

def test_headline_topic_is_the_organisation_left(ex, seg):
    text = "星河建设(601999.SH)：董事长王立新卸任"
    ev = one(run(ex, seg, text, ["王立新"])[0], "personnel.depart")
    org = [a for a in ev.arguments if a.role == "org"]
    assert [(text[a.start:a.end], a.source) for a in org] == [("星河建设(601999.SH)", "sentence")]


def test_company_announcing_is_the_organisation_left(ex, seg):
    text = "青禾股份（836999）发公告称，董事会收到财务负责人陈晓梅的辞职报告，陈晓梅已于当日辞职。"
    ev = one(run(ex, seg, text, ["陈晓梅"], ["青禾股份"])[0], "personnel.depart")
    assert ("org", "青禾股份（836999）") in args(ev, text)
    assert [a.source for a in ev.arguments if a.role == "org"] == ["sentence"]


def test_explicit_organisation_is_not_replaced_by_the_sentence(ex, seg):
    text = "华星电子表示，前百度研究员李明远已离职。"
    ev = one(run(ex, seg, text, ["李明远"], ["华星电子", "百度"])[0], "personnel.depart")
    assert [(text[a.start:a.end], a.source) for a in ev.arguments if a.role == "org"] == [("百度", "")]


def test_no_person_no_organisation_from_the_sentence(ex, seg):
    text = "华星电子证实离职潮仍在继续。"
    for ev in run(ex, seg, text, [], ["华星电子"])[0]:
        assert all(a.source != "sentence" for a in ev.arguments)


def test_question_mark_governs_only_its_own_clause(ex, seg):
    text = "云帆X20正式发布，买了旧款的人后悔吗？"
    ev = one(run(ex, seg, text)[0], "product.release")
    assert ev.modality == "asserted"
    asked = "云帆X20会在下周发布吗？"
    assert one(run(ex, seg, asked)[0], "product.release").modality == "hypothetical"


def test_a_name_ending_in_a_question_particle_asks_nothing(ex, seg):
    # 么 ends the brand 饿了么 (jieba: 饿/了/么): without a question mark the sentence states a fact
    stated = "星河集团收购了饿了么。"
    assert one(run(ex, seg, stated, [], ["星河集团"])[0], "business.acquire").modality == "asserted"
    asked = "星河集团会收购饿了么？"
    assert one(run(ex, seg, asked, [], ["星河集团"])[0], "business.acquire").modality == "hypothetical"


def test_product_runs_through_modifiers_to_its_head(ex, seg):
    text = "云帆科技今天发布了新一代的采用7nm工艺的麒麟810处理器。"
    ev = one(run(ex, seg, text, [], ["云帆科技"])[0], "product.release")
    assert ("product", "新一代的采用7nm工艺的麒麟810处理器") in args(ev, text)


def test_model_number_after_a_space_is_part_of_the_product(ex, seg):
    text = "星河汽车发布了全新的星河 02。"
    ev = one(run(ex, seg, text, [], ["星河汽车"])[0], "product.release")
    assert ("product", "全新的星河 02") in args(ev, text)


def test_facts_org_source_names_the_sentence(tmp_path):
    article = "---\ntitle: 人事\npublished: 2025-06-12\n---\n青禾股份（836999）发公告称，财务负责人陈晓梅已于6月10日辞职。\n"
    facts = _facts(tmp_path, "o", article)["facts"]
    row = facts[facts.type == "personnel.depart"].iloc[0]
    if row.org:  # the entity stage found 青禾股份 as an ORG mention
        assert row.org_source == "sentence"


def test_duee_halves_split_the_records_and_cover_them():
    from zhnews.eval_events import Record, split_half
    from zhnews.evaluate import in_half

    records = [Record(str(i), f"第{i}条新闻", []) for i in range(200)]
    tune, held = split_half(records, "tune"), split_half(records, "held")
    assert len(tune) + len(held) == 200 and {r.id for r in tune}.isdisjoint(r.id for r in held)
    assert 60 < len(tune) < 140
    assert all(in_half(r.text, "tune") for r in tune) and all(in_half(r.text, "held") for r in held)
    assert split_half(records, None) == records


def test_a_title_cut_into_verbs_still_reaches_its_organisation(ex, seg):
    text = "瑞丰矿业独立非执行董事张晓荟辞任"
    ev = one(run(ex, seg, text, ["张晓荟"])[0], "personnel.depart")
    assert {("org", "瑞丰矿业"), ("role", "独立非执行董事")} <= args(ev, text)


def test_a_document_with_a_quoted_title_is_no_product(ex, seg):
    text = "两部门今年3月发布《关于网络游戏管理问题的批复》，要求各地执行。"
    assert not [e for e in run(ex, seg, text)[0] if e.type == "product.release"]


def test_a_prepositional_modifier_is_not_the_subject(ex, seg):
    text = "西班牙前锋索里亚诺以自由球员的身份加盟华星队。"
    ev = one(run(ex, seg, text, ["索里亚诺"], ["华星队"])[0], "personnel.join")
    persons = {t for r, t in args(ev, text) if r == "person"}
    assert persons and all("身份" not in t for t in persons)


def test_a_quoted_name_is_no_blocked_object(ex, seg):
    # "消息" (a blocked object: 发布消息) inside a quoted feature name is not what is released
    text = "蓝鲸云今天上线“消息快车”功能"
    events, _, _ = run(ex, seg, text, orgs=["蓝鲸云"])
    ev = one(events, "product.release")
    assert ("product", "“消息快车”功能") in args(ev, text)
    # the head of a quoted title still counts: a report is no product
    text = "蓝鲸云发布《年度报告》"
    events, _, _ = run(ex, seg, text, orgs=["蓝鲸云"])
    assert not [e for e in events if e.type == "product.release"]


def test_a_maker_named_in_the_product_is_its_organisation(ex, seg):
    text = "青橙手机X7 Pro正式发布"
    events, _, _ = run(ex, seg, text, orgs=["青橙"])
    ev = one(events, "product.release")
    assert ("org", "青橙") in args(ev, text)
    # an organisation found elsewhere is kept
    text = "蓝鲸云发布青橙手机X7"
    events, _, _ = run(ex, seg, text, orgs=["蓝鲸云", "青橙"])
    ev = one(events, "product.release")
    assert {a for a in args(ev, text) if a[0] == "org"} == {("org", "蓝鲸云")}


def test_buying_goods_is_no_acquisition(ex, seg):
    text = "合作社今年收购蔬菜三百吨"
    assert not [e for e in run(ex, seg, text)[0] if e.type == "business.acquire"]
    text = "蓝鲸云全资收购青橙科技"
    ev = one(run(ex, seg, text, orgs=["蓝鲸云", "青橙科技"])[0], "business.acquire")
    assert text[ev.trigger_start:ev.trigger_end] == "收购"  # 全资 is an adverbial of the deal
    assert {("org", "蓝鲸云"), ("to_org", "青橙科技")} <= args(ev, text)


def test_an_amount_glued_to_the_subject_is_no_part_of_it(ex, seg):
    text = "蓝鲸云20亿美元收购青橙科技"
    ev = one(run(ex, seg, text, orgs=["蓝鲸云", "青橙科技"])[0], "business.acquire")
    assert ("org", "蓝鲸云") in args(ev, text)


def test_serial_verbs_of_one_move_give_one_record_on_the_last(ex, seg):
    text = "前锋马卡多转会加盟到了华星队"
    events = run(ex, seg, text, ["马卡多"], ["华星队"])[0]
    ev = one(events, "personnel.join")
    assert text[ev.trigger_start:ev.trigger_end] == "加盟"
    assert ("to_org", "华星队") in args(ev, text) and any(r == "person" and t.endswith("马卡多") for r, t in args(ev, text))


def test_a_national_team_is_an_organisation_to_join(ex, seg):
    text = "主攻手林小溪加入江南女排"
    ev = one(run(ex, seg, text, ["林小溪"])[0], "personnel.join")
    assert ("to_org", "江南女排") in args(ev, text)


def test_pushing_a_software_version_is_a_release(ex, seg):
    text = "青橙今天推送了QOS 3.1系统"
    ev = one(run(ex, seg, text, orgs=["青橙"])[0], "product.release")
    assert any(r == "product" and "QOS 3.1" in t for r, t in args(ev, text))
    text = "青橙今天向用户推送消息"
    assert not [e for e in run(ex, seg, text, orgs=["青橙"])[0] if e.type == "product.release"]


@pytest.mark.parametrize("text", ["戴总今天发布全员信称公司将收缩业务", "区市场监管局网站发布了一份行政处罚书",
                                  "2020年考试公告已于3月2日发布"])
def test_letters_rulings_and_notices_are_no_products(ex, seg, text):
    assert not [e for e in run(ex, seg, text)[0] if e.type == "product.release"]


def test_a_duration_is_no_product(ex, seg):
    text = "一段短视频上线几小时就有了十万点赞"
    assert not [e for e in run(ex, seg, text)[0] if e.type == "product.release"]


@pytest.mark.parametrize("text, trigger", [("执行干部到龄免职制度不严格", "personnel.fire"),
                                           ("被告人利用担任银行行长职务上的便利收受财物", "personnel.appoint"),
                                           ("市里已成立“3·15”事故调查组", "org.found"),
                                           ("小贩收购这些项链后转手卖出", "business.acquire")])
def test_rules_formulas_and_goods_are_no_events(ex, seg, text, trigger):
    assert not [e for e in run(ex, seg, text)[0] if e.type == trigger]


@pytest.mark.parametrize("text", ["这伙人以每张五十元的价格收购别人闲置的银行卡",
                                  "小贩收购旅客遗失的身份证后转卖", "他在网上出售自己的银行卡"])
def test_buying_cards_or_papers_is_no_acquisition(ex, seg, text):
    # 银行卡 holds 银行 (a business asset) but is one word: a card is bought, no bank
    assert not [e for e in run(ex, seg, text)[0] if e.type == "business.acquire"]


def test_an_org_cut_short_by_the_chunker_is_still_bought(ex, seg):
    text = "蓝鲸云以现金收购北京青橙投资有限公司持有的星河科技公司60%股权"
    ev = one(run(ex, seg, text, orgs=["蓝鲸云", "北京青橙投资有限公司", "星河科技公司"])[0], "business.acquire")
    assert text[ev.trigger_start:ev.trigger_end] == "收购"


def test_a_compound_name_bought_is_an_acquisition(ex, seg):
    text = "饮料巨头179亿收购青溪果汁"
    ev = one(run(ex, seg, text)[0], "business.acquire")
    assert ("to_org", "青溪果汁") in args(ev, text)


def test_a_statement_is_no_release(ex, seg):
    text = "12日，蓝鲸水务集团官网对外发布称，副坝出现渗漏。"
    assert not [e for e in run(ex, seg, text, orgs=["蓝鲸水务集团"])[0] if e.type == "product.release"]


def test_a_plan_with_a_date_is_planned(ex, seg):
    text = "今年，蓝鲸网终将盈利，并拟于2019年赴美上市。"
    ev = one(run(ex, seg, text, orgs=["蓝鲸网"], dates=["2019年"])[0], "business.ipo")
    assert ev.modality == "planned"


def test_a_trigger_in_a_time_phrase_takes_no_later_date(ex, seg):
    text = "经过上市后的两年，到12月24日，蓝鲸公司股价创上市以来新低。"
    events = run(ex, seg, text, orgs=["蓝鲸公司"], dates=["12月24日"])[0]
    assert events and all(e.date_index is None for e in events if e.type == "business.ipo")


def test_a_headline_topic_before_a_title_is_the_employer(ex, seg):
    text = "【青峰机械：董事长吴立明辞职】"
    ev = one(run(ex, seg, text, ["吴立明"])[0], "personnel.depart")
    assert ("org", "青峰机械") in args(ev, text)


def test_time_words_before_a_stock_code_name_are_no_part_of_it(ex, seg):
    text = "近日青峰机械（300999）董事会收到副总裁吴立明的辞职报告，吴立明辞职后不再任职。"
    ev = one(run(ex, seg, text, ["吴立明"])[0], "personnel.depart")
    assert any(r == "org" and t.startswith("青峰机械") for r, t in args(ev, text))


def test_a_named_head_after_an_object_is_who_joined(ex, seg):
    text = "刚刚加盟华星队的马卡多接受了采访"
    ev = one(run(ex, seg, text, ["马卡多"], ["华星队"])[0], "personnel.join")
    assert {("person", "马卡多"), ("to_org", "华星队")} <= args(ev, text)


def test_an_activity_before_a_title_is_no_employer(ex, seg):
    text = "内部调查负责人吴立明辞职"
    ev = one(run(ex, seg, text, ["吴立明"])[0], "personnel.depart")
    assert ("org", "调查") not in args(ev, text)


def test_a_round_is_reported_by_its_funding_word_not_by_an_investor_name(ex, seg):
    text = "蓝鲸云获青山投资基金数千万元A轮融资"
    events = run(ex, seg, text, orgs=["蓝鲸云"])[0]
    ev = one(events, "business.funding")
    assert text[ev.trigger_start:ev.trigger_end] == "融资"


def test_a_headline_bar_separates_clauses(ex, seg):
    text = "早知道丨蓝鲸云完成2亿元融资"
    ev = one(run(ex, seg, text)[0], "business.funding")
    assert ("org", "蓝鲸云") in args(ev, text)


def test_a_team_waiving_a_player_is_a_dismissal_and_global_is_no_part_of_the_employer(ex, seg):
    text = "华星队已经裁掉了后卫马卡多"  # one named player: a dismissal (see test_cutting_a_named_player_...)
    ev = one(run(ex, seg, text, ["马卡多"], ["华星队"])[0], "personnel.fire")
    assert ("org", "华星队") in args(ev, text)
    text = "化工巨头青峰集团全球裁员6000人"
    ev = one(run(ex, seg, text, orgs=["青峰集团"])[0], "org.layoff")
    assert not any(t.endswith("全球") for r, t in args(ev, text) if r == "org")


def test_a_preposition_glued_to_a_name_before_a_date_is_cut(ex, seg):
    text = "被告人杨周武自2001年10月开始担任同乐派出所所长。"
    ev = one(run(ex, seg, text, dates=["2001年10月"])[0], "personnel.appoint")
    persons = [t for r, t in args(ev, text) if r == "person"]
    assert persons and not any(t.endswith("自") for t in persons)


@pytest.mark.parametrize("text, etype", [("一批民营企业的纷纷加盟，成为主力军", "personnel.join"),
                                         ("公司为村民提供种苗，并负责收购", "business.acquire"),
                                         ("中国文明网发布2019年1月“中国好人榜”", "product.release"),
                                         ("他通过发布炒作贴文进行牟利", "product.release")])
def test_no_participant_or_a_post_gives_no_event(ex, seg, text, etype):
    assert not [e for e in run(ex, seg, text)[0] if e.type == etype]


def test_a_place_is_no_founder(ex, seg):
    text = "去年11月，番禺区率先成立“南粤护老”志愿服务队。"
    ev = one(run(ex, seg, text)[0], "org.found")
    assert not [t for r, t in args(ev, text) if r == "person"]


def test_not_being_the_one_who_quit_is_negated(ex, seg):
    text = "毕竟不是小伙主动提出离职，而是被解雇"
    ev = one(run(ex, seg, text)[0], "personnel.depart")
    assert ev.modality == "negated"


def test_results_of_an_incident_involving_a_model_are_no_release(ex, seg):
    text = "6月27日，青橙汽车公布了几起青橙X7自燃事件的调查结果。"
    assert not [e for e in run(ex, seg, text, orgs=["青橙汽车"])[0] if e.type == "product.release"]
    text = "青橙汽车发布新款X7轿车支持快充"
    assert [e for e in run(ex, seg, text, orgs=["青橙汽车"])[0] if e.type == "product.release"]


def test_a_space_before_a_latin_name_after_the_trigger_keeps_the_object(ex, seg):
    text = "日前，蓝鲸公司发布 BlueWhale Reader 15"
    ev = one(run(ex, seg, text, orgs=["蓝鲸公司"])[0], "product.release")
    assert any(r == "product" and t.startswith("BlueWhale") for r, t in args(ev, text))
    text = "荣耀20系列正式发布 DXO获高分"  # a headline: the Latin word opens the next part
    evs = [e for e in run(ex, seg, text)[0] if e.type == "product.release"]
    assert all(("product", "DXO") not in args(e, text) for e in evs)


def test_a_function_word_glued_to_an_organisation_is_cut(ex, seg):
    text = "而华星队则签下了后卫马卡多。"
    ev = one(run(ex, seg, text, ["马卡多"])[0], "personnel.join")
    assert ("to_org", "华星队") in args(ev, text)


@pytest.mark.parametrize("text", [
    "周岚在担任青峰科技副总裁期间，主导了支付项目。",
    "吴涛担任远航集团董事长六年多来，营收翻了一番。",
    "2012年吴涛担任远航集团董事长的任期内，营收翻了一番。",
])
def test_a_tenure_is_no_appointment(ex, seg, text):
    persons = [text[:2]]
    assert not [e for e in run(ex, seg, text, persons)[0] if e.type == "personnel.appoint"]
    text = "吴涛于3月担任远航集团董事长。"  # the same verb closing on its role is an appointment
    assert [e for e in run(ex, seg, text, ["吴涛"])[0] if e.type == "personnel.appoint"]


def test_cutting_a_named_player_is_a_dismissal_not_a_layoff(ex, seg):
    text = "猛狮俱乐部裁掉了后卫周启明。"
    events = run(ex, seg, text, ["周启明"], ["猛狮俱乐部"])[0]
    ev = one(events, "personnel.fire")
    assert {("org", "猛狮俱乐部"), ("person", "周启明")} <= args(ev, text)
    assert not [e for e in events if e.type == "org.layoff"]
    text = "星河公司裁掉三成员工。"  # a share of the staff: a layoff
    events = run(ex, seg, text, orgs=["星河公司"])[0]
    assert one(events, "org.layoff") and not [e for e in events if e.type == "personnel.fire"]


def test_two_companies_signing_is_no_hire(ex, seg):
    text = "蓝海集团与星河科技公司签约，合作十年。"
    events = run(ex, seg, text, orgs=["蓝海集团", "星河科技公司"])[0]
    assert not [e for e in events if e.type == "personnel.join"]
    text = "星河科技公司与工程师周启明签约。"  # a named person signing: a hire
    events = run(ex, seg, text, ["周启明"], ["星河科技公司"])[0]
    assert [e for e in events if e.type == "personnel.join"]


@pytest.mark.parametrize("text", [
    "第二届开源智能大会在京举行。",  # an event name
    "权重已同步上传到国内的开源模型社区。",  # a community, no product
    "基金会将资助100个开源项目。",  # a modifier
])
def test_open_source_as_a_modifier_is_no_release(ex, seg, text):
    assert not [e for e in run(ex, seg, text)[0] if e.type == "product.release" and e.modality == "asserted"]


def test_open_sourcing_a_model_is_a_release_and_a_former_schedule_is_a_plan(ex, seg):
    text = "蓝鲸科技开源了“鲸语-7B”模型。"
    ev = one(run(ex, seg, text, orgs=["蓝鲸科技"])[0], "product.release")
    assert ev.modality == "asserted"
    text = "原定于本月开源的“鲸语-7B”模型将延后。"
    assert all(e.modality != "asserted" for e in run(ex, seg, text)[0] if e.type == "product.release")


def test_a_page_of_one_long_line_has_a_short_lead():
    """A digest printed as one line has no lead of thousands of characters: its subject organisation
    and the publication-day dating stop at the end of the sentence holding the 300th character."""
    from zhnews.facts import lead_span

    filler = "本市今天天气晴朗，气温适宜，市民纷纷外出游玩。" * 20
    text = "标题\n" + filler + "星河公司董事王刚离职。"
    start, end = lead_span(text)
    assert start == 3 and text[start:end].endswith("。")
    assert 300 <= end - start < 330 and end < text.index("星河公司")
    short = "标题\n星河公司董事王刚今天离职，公司称业务不受影响。\n第二段。"
    assert lead_span(short) == (3, short.index("\n第二段"))


def test_a_part_in_a_work_is_no_appointment(ex, seg):
    text = "著名音乐人门德巴雅尔担任作曲、配器和指导。"
    assert not [e for e in run(ex, seg, text, ["门德巴雅尔"])[0] if e.type == "personnel.appoint"]
    text = "王芳担任护士长。"
    assert ("role", "护士长") in args(one(run(ex, seg, text, ["王芳"])[0], "personnel.appoint"), text)


def test_a_role_slot_holds_a_position_not_a_clause(ex, seg):
    """A phrase in the role slot with no listed title is a role only when it ends like a position
    (title_suffixes): the event stays, the slot stays empty."""
    text = "副总裁张凡辞去其在南玻集团担任职务的辞职报告。"
    ev = one(run(ex, seg, text, ["张凡"], ["南玻集团"])[0], "personnel.depart")
    roles = {t for r, t in args(ev, text) if r == "role"}
    assert roles == {"副总裁"}
    text = "张凡辞去教职。"
    assert ("role", "教职") in args(one(run(ex, seg, text, ["张凡"])[0], "personnel.depart"), text)


def test_a_failed_farce_and_a_delisting_are_no_events(ex, seg):
    text = "这场政治闹剧最终以对方拒绝签字而破产。"
    assert not [e for e in run(ex, seg, text)[0] if e.type == "org.dissolve"]
    text = "星河公司申请破产。"
    assert one(run(ex, seg, text, orgs=["星河公司"])[0], "org.dissolve")
    text = "交易所举行针对星河科技股票强制终止上市的听证会。"
    assert not [e for e in run(ex, seg, text, orgs=["星河科技"])[0] if e.type == "business.ipo"]
    text = "星河科技股票在深交所上市。"
    assert one(run(ex, seg, text, orgs=["星河科技"])[0], "business.ipo")


def test_a_place_is_no_product(ex, seg):
    text = "记者在“内丘发布”的微信公众号上看到了消息。"
    assert not [e for e in run(ex, seg, text)[0] if e.type == "product.release"]
    text = "华为在上海发布了Mate 60手机。"
    assert ("product", "Mate 60手机") in args(one(run(ex, seg, text, orgs=["华为"])[0], "product.release"), text)


def test_a_date_in_another_events_clause_is_not_taken(ex, seg):
    text = "李明已于今年2月正式离职，并与陈红共同创立了星河智算。"
    events, _, _ = run(ex, seg, text, ["李明", "陈红"], ["星河智算"], ["今年2月"])
    assert one(events, "personnel.depart").date_source == "clause"
    found = one(events, "org.found")
    assert found.date_index is None and found.date_source == ""
    # one move of one person (leave, join) shares its date
    text = "王刚已于上个月离职，加盟星河科技。"
    events, _, _ = run(ex, seg, text, ["王刚"], ["星河科技"], ["上个月"])
    assert one(events, "personnel.join").date_source == "sentence"
    # a date opening the sentence on its own is the sentence's
    text = "6月27日，星河科技宣布王刚辞职。"
    events, _, _ = run(ex, seg, text, ["王刚"], ["星河科技"], ["6月27日"])
    assert one(events, "personnel.depart").date_source == "sentence"


@pytest.mark.parametrize("text,role", [("星河科技執行長王剛今天辭職。", "執行長"), ("星河科技行政總裁王剛今天辭職。", "行政總裁")])
def test_taiwan_and_hong_kong_titles_are_roles(ex, seg, text, role):
    """Regional titles (執行長, 行政總裁) split an apposition into organisation and role like 首席执行官."""
    simplified = opencc.OpenCC("t2s").convert(text)
    ev = one(run(ex, seg, simplified, ["王刚"], ["星河科技"])[0], "personnel.depart")
    found = args(ev, simplified)
    assert ("role", opencc.OpenCC("t2s").convert(role)) in found and ("org", "星河科技") in found


def test_a_former_title_is_no_role_of_a_hire(ex, seg):
    text = "前百度研究员李明加盟星河科技。"
    ev = one(run(ex, seg, text, ["李明"], ["百度", "星河科技"])[0], "personnel.join")
    assert not [a for a in ev.arguments if a.role == "role"] and ("org", "百度") in args(ev, text)
    text = "原首席运营官李明辞职。"
    assert ("role", "首席运营官") in args(one(run(ex, seg, text, ["李明"])[0], "personnel.depart"), text)


def test_a_table_read_as_one_sentence_has_no_events(ex, seg):
    """A quarterly report's table pasted as text: one 'sentence' of figures; its 出售 is no deal."""
    rows = "".join(f"项目{i}：{1000 + i}，{2000 + i}.{i:02d}，{i}.5%□适用√不适用" for i in range(40))
    text = "星河科技出售资产情况" + rows + "。"
    assert not run(ex, seg, text, orgs=["星河科技"])[0]
    text = "星河科技出售了旗下的物流业务。"
    assert one(run(ex, seg, text, orgs=["星河科技"])[0], "business.acquire")


def test_a_trigger_inside_an_organisation_name_is_no_event(ex, seg):
    """发布 inside a media company's name is no release; the release the company makes stays."""
    text = "东岭发布传媒公司昨天发布了新款耳机青鸟X1。"
    events, _, _ = run(ex, seg, text, orgs=["东岭发布传媒公司"])
    assert [(e.type, e.trigger_start) for e in events] == [("product.release", text.index("发布", 3))]
    events, _, _ = run(ex, seg, text)  # without the ORG mention the name's 发布 is read as a trigger
    assert ("product.release", text.index("发布")) in {(e.type, e.trigger_start) for e in events}


def test_an_org_mention_that_swallowed_the_verb_keeps_the_trigger(ex, seg):
    """An entity-stage error (已辞任公司 as one ORG) must not hide the departure."""
    text = "毛建新已辞任公司非执行董事。"
    events, _, _ = run(ex, seg, text, persons=["毛建新"], orgs=["已辞任公司"])
    assert "personnel.depart" in {e.type for e in events}


def test_leaving_a_room_is_no_departure(ex, seg):
    """离开 + a room or place (rules/events/lexicon.yaml `places`) is walking out, not leaving an organisation."""
    text = "我捂着胳膊离开阳台，回到客厅。"
    assert not [e for e in run(ex, seg, text)[0] if e.type == "personnel.depart"]
    text = "王明离开了老东家星河科技。"  # 东家 is an employer, no place
    assert one(run(ex, seg, text, ["王明"], ["星河科技"])[0], "personnel.depart")
    text = "王明离开了星河电视台。"
    ev = one(run(ex, seg, text, ["王明"], ["星河电视台"])[0], "personnel.depart")
    assert ("org", "星河电视台") in args(ev, text)


def test_advice_is_no_asserted_event(ex, seg):
    """应 / 鼓励 / 尽早 before a trigger (guard.advice): a recommendation, no asserted founding."""
    text = "专家认为，政府应鼓励医生王刚创办星河诊所。"
    ev = one(run(ex, seg, text, ["王刚"], ["星河诊所"])[0], "org.found")
    assert ev.modality == "hypothetical"
    text = "医生王刚去年创办了星河诊所。"
    assert one(run(ex, seg, text, ["王刚"], ["星河诊所"])[0], "org.found").modality == "asserted"


@pytest.mark.parametrize("text", ["星河银行发布了新的存款利率。", "星河集团推出了一个微信公众号。"])
def test_rates_and_accounts_are_no_products(ex, seg, text):
    assert not [e for e in run(ex, seg, text, orgs=[text[:4]])[0] if e.type == "product.release"]


@pytest.mark.parametrize("text", ["点击上方\"江宁发布\"关注我们！", "点击上方“江宁发布”关注我们！"])
def test_a_trigger_ending_a_quoted_place_name_is_no_event(ex, seg, text):
    """An account named in quotes (a place + 发布) is no release; a quoted headline naming someone is a
    reported event, and a quoted product after the trigger is still released."""
    assert not [e for e in run(ex, seg, text)[0] if e.type == "product.release"]
    text = "华为今天发布了“鸿蒙”系统。"
    assert one(run(ex, seg, text, orgs=["华为"])[0], "product.release")
    text = "热搜“王刚离职”登上榜首。"
    assert one(run(ex, seg, text, ["王刚"])[0], "personnel.depart")


def test_an_org_mention_that_swallowed_an_aspect_particle_loses_it(ex, seg):
    """创立过 + a mention opening with 过 (an entity-stage error): the argument is the name without it."""
    text = "张伟曾创立过晶式珠宝公司。"
    ev = one(run(ex, seg, text, ["张伟"], ["过晶式珠宝公司"])[0], "org.found")
    assert ("to_org", "晶式珠宝公司") in args(ev, text)


def test_a_founding_of_nothing_by_no_one_is_no_event(ex, seg):
    """org.found needs a founder or an organisation ("创立了属于自己的人生品牌": a figure of speech)."""
    text = "他创立了属于自己的人生品牌。"
    assert not [e for e in run(ex, seg, text)[0] if e.type == "org.found"]
    text = "王刚创立了星河科技。"
    assert one(run(ex, seg, text, ["王刚"], ["星河科技"])[0], "org.found")


def test_a_release_system_and_a_new_policy_are_no_releases(ex, seg):
    """发布 before 系统 (modifier_heads) is a noun modifier; 新政 (release_blocked_objects) is a policy."""
    text = "省空气质量信息发布系统今天上线了新功能。"
    assert not [e for e in run(ex, seg, text)[0] if trig(e, text) == "发布"]
    text = "市政府推出了一系列惠民新政。"
    assert not [e for e in run(ex, seg, text, orgs=["市政府"])[0] if e.type == "product.release"]


def test_a_called_off_or_failed_deal_is_no_asserted_event(ex, seg):
    """终止/放弃 before a trigger (guard.called_off) negates it; 收购失败 (modifier_heads) is no deal."""
    text = "星河电气决定终止收购蓝海科技。"
    assert one(run(ex, seg, text, orgs=["星河电气", "蓝海科技"])[0], "business.acquire").modality == "negated"
    text = "王刚放弃加盟星河队。"
    assert one(run(ex, seg, text, ["王刚"], ["星河队"])[0], "personnel.join").modality == "negated"
    text = "星河电气收购了蓝海科技。"
    assert one(run(ex, seg, text, orgs=["星河电气", "蓝海科技"])[0], "business.acquire").modality == "asserted"
    text = "因价格未谈拢导致收购失败的案例占一半。"
    assert not [e for e in run(ex, seg, text)[0] if e.type == "business.acquire"]


def test_a_code_of_conduct_is_no_product(ex, seg):
    """A titled code (《…戒律》, 准则, 守则: release_blocked_objects) is a document; a titled book is a product."""
    text = "星河省委办公厅发布《党员干部行为十条戒律》。"
    assert not [e for e in run(ex, seg, text, orgs=["星河省委办公厅"])[0] if e.type == "product.release"]
    text = "星河出版社发布了新书《远方的河》。"
    ev = one(run(ex, seg, text, orgs=["星河出版社"])[0], "product.release")
    assert ("product", "远方的河") in args(ev, text)


@pytest.mark.parametrize("text", ["不少员工选择离职。", "越来越多的大学生创办公司。"])
def test_a_determiner_read_as_an_adverb_still_makes_a_generic_subject(ex, seg, text):
    """不少 / 越来越多 (generic_determiners) that jieba leaves outside the phrase: nobody named, no event."""
    assert not run(ex, seg, text)[0]
    text = "其中，王刚已经离职。"
    assert one(run(ex, seg, text, ["王刚"])[0], "personnel.depart")
