"""Event records on real-news patterns (issue 16): the families found judging bench articles by hand.

Every sentence here was written for these tests; entities are built by hand, the segmenter and the
event rules are the shipped ones.
"""
from __future__ import annotations

import pytest

from zhnews.events import EventExtractor
from zhnews.rules import DEFAULT_RULES_DIR

from test_events import args, one, run


@pytest.fixture(scope="module")
def ex() -> EventExtractor:
    return EventExtractor.from_rules(DEFAULT_RULES_DIR)


def test_time_phrase_and_verb_modifier_leave_the_topic_as_buyer(ex, seg):
    # "2015年的时候全资" is no subject: the buyer is the topic of the sentence's first clause
    text = "近几年，蓝鲸云在云计算领域频频出手，进行多笔收购，2016年的时候全资收购了青橙科技公司"
    events, *_ = run(ex, seg, text, orgs=["蓝鲸云", "青橙科技公司"], dates=["2016年"])
    acquisitions = [e for e in events if e.type == "business.acquire" and e.modality == "asserted"]
    assert acquisitions and ("org", "蓝鲸云") in args(acquisitions[-1], text)


def test_buying_all_of_some_goods_is_no_acquisition(ex, seg):
    events, *_ = run(ex, seg, "王女士当场付了八百元，买下了全部文具。", persons=["王女士"])
    assert not [e for e in events if e.type == "business.acquire"]


def test_dateline_opening_a_sentence_gives_neither_date_nor_organisation(ex, seg):
    # mid-paragraph (after 。) a dateline is still the report's: 11月16日 is no departure date and the
    # agency named before it is no organisation the person left
    text = "他说了很多。星河社11月16日电 据报道，时任首相韩立请辞，支持者为其惋惜。"
    events, *_ = run(ex, seg, text, persons=["韩立"], orgs=["星河社"], dates=["11月16日"])
    ev = [e for e in events if e.type == "personnel.depart"][0]
    assert ev.date_index is None
    assert ("org", "星河社") not in args(ev, text) and ("person", "韩立") in args(ev, text)


def test_time_phrase_opened_by_a_preposition_leaves_the_subject_in_reach(ex, seg):
    # "已于今年3月正式离职": 于 opens the time phrase, the person before it is who left
    text = "记者获悉，星河研究院主任研究员韩立已于今年3月正式离职。"
    events, *_ = run(ex, seg, text, persons=["韩立"], orgs=["星河研究院"], dates=["今年3月"])
    ev = [e for e in events if e.type == "personnel.depart"][0]
    assert any(role == "person" and "韩立" in span for role, span in args(ev, text))


def test_preposition_before_a_price_is_no_time_phrase(ex, seg):
    text = "消息人士透露，韩立将以4年1.6亿元的合同加盟星河队"
    events, *_ = run(ex, seg, text, persons=["韩立"], orgs=["星河队"])
    ev = [e for e in events if e.type == "personnel.join"][0]
    assert ("person", "韩立") in args(ev, text) and not any("亿" in span for _, span in args(ev, text))


def test_facts_do_not_infer_the_subject_organisation_for_an_unnamed_one():
    import zhnews

    text = ("腾讯首席技术官张伟已于近日离职，腾讯董事会对他的贡献表示感谢。\n\n"
            "另据了解，腾讯研究员刘洋上个月也已离职，加盟一家自动驾驶初创公司。\n\n"
            "副总裁王芳今年5月也已离职。")
    facts = zhnews.extract(text, published="2025-06-12").facts
    joins = [f for f in facts if f.type == "personnel.join" and f.person == "刘洋"]
    assert joins and not joins[0].to_org  # the startup is unnamed: it is not 腾讯
    later = [f for f in facts if f.type == "personnel.depart" and f.person == "王芳"]
    assert later and (later[0].org, later[0].org_source) == ("腾讯", "inferred")


def test_giving_something_up_is_no_delay(ex, seg):
    events, *_ = run(ex, seg, "旅客可以自动放弃电子烟产品，不属违法。")
    assert not [e for e in events if e.type == "product.delay"]


def test_running_away_from_home_is_no_departure(ex, seg):
    text = "13岁少年韩立因被家长责骂离家出走。"
    events, *_ = run(ex, seg, text, persons=["韩立"])
    assert not [e for e in events if e.type == "personnel.depart"]
    text = "韩立出走星河公司。"
    events, *_ = run(ex, seg, text, persons=["韩立"], orgs=["星河公司"])
    assert [e for e in events if e.type == "personnel.depart"]


def test_appointment_needs_a_named_person_and_takes_the_you_agent(ex, seg):
    events, *_ = run(ex, seg, "抽查显示，12人被调离岗位或免职，该战友2004年担任工会负责人。")
    assert not [e for e in events if e.type == "personnel.appoint"]
    text = "原首席运营官已于上月辞职，其职责由副总裁韩立接任。"
    events, *_ = run(ex, seg, text, persons=["韩立"])
    ev = [e for e in events if e.type == "personnel.appoint"][0]
    assert any(role == "person" and "韩立" in span for role, span in args(ev, text))


def test_a_founding_as_background_time_is_no_founding(ex, seg):
    events, *_ = run(ex, seg, "星河品牌在创立之初就坚信质量是生命。", orgs=["星河品牌"])
    assert not [e for e in events if e.type == "org.found"]
    events, *_ = run(ex, seg, "星河公司于2015年创立。", orgs=["星河公司"], dates=["2015年"])
    assert [e for e in events if e.type == "org.found"]


def test_a_company_name_is_no_product(ex, seg):
    text = "现正发售的星河公司精选私募证券投资基金暂停销售。"
    events, *_ = run(ex, seg, text, orgs=["星河公司"])
    assert not [e for e in events if e.type == "product.release"]


def test_fixed_expressions_hold_no_trigger(ex, seg):
    text = "推行党员教育线上线下模式，文理科一本上线人数高达735人。新版星河App于5月上线。"
    events, *_ = run(ex, seg, text)
    assert [text[e.trigger_start - 2:e.trigger_end] for e in events] == ["5月上线"]


def test_goods_counted_by_weight_are_no_acquisition(ex, seg):
    events, *_ = run(ex, seg, "她从农村收购了1000 公斤新稻谷。")
    assert not [e for e in events if e.type == "business.acquire"]


def test_founded_until_now_is_background(ex, seg):
    events, *_ = run(ex, seg, "我们星河公司创办至今，先后获得多项称号。", orgs=["星河公司"])
    assert not [e for e in events if e.type == "org.found"]


def test_a_place_names_no_product(ex, seg):
    events, *_ = run(ex, seg, "北京发文支持企业上市，加强上市资金补贴支持。")
    assert not [e for e in events if e.type == "product.release"]
    text = "星河汽车在北京发布了新款SUV。"
    events, *_ = run(ex, seg, text, orgs=["星河汽车"])
    assert [e for e in events if e.type == "product.release"]


def test_expulsion_penalty_names_the_person_not_the_penalty(ex, seg):
    text = "经纪委常委会会议研究，决定给予韩立开除党籍处分；"
    events, *_ = run(ex, seg, text, persons=["韩立"])
    ev = [e for e in events if e.type == "personnel.fire"][0]
    found = args(ev, text)
    assert ("person", "韩立") in found and not any("处分" in span for _, span in found)


def test_drug_slang_upline_is_no_release(ex, seg):
    events, *_ = run(ex, seg, "民警在天门市抓获湖北上线供毒人员廖某军。")
    assert not [e for e in events if e.type == "product.release"]


def test_trigger_modifying_project_or_stage_is_no_event(ex, seg):
    text = "时任星河副总裁韩立在参与公司某收购项目中有私下往来；车手集结首发站合浦。"
    events, *_ = run(ex, seg, text, persons=["韩立"], orgs=["星河"])
    assert not [e for e in events if e.type in ("business.acquire", "product.release")]


# --- session 11 (issue 16): families judged on bench lines 2400-2599 ---------------------------------

def test_prepositional_phrase_alone_leaves_the_clause_to_the_topic(ex, seg):
    # "在深圳" says where; the clause has no subject of its own, the earlier clause's topic founded it
    text = "1998年，韩立看准了商机，在深圳成立了星河实业有限公司。"
    events, *_ = run(ex, seg, text, persons=["韩立"], orgs=["星河实业有限公司"])
    assert ("person", "韩立") in args(one(events, "org.found"), text)


def test_trigger_before_a_fund_or_department_is_part_of_a_compound_noun(ex, seg):
    text = "目前管理星河领先企业混合型证券投资基金、星河盛世成长混合型证券投资基金。"
    events, *_ = run(ex, seg, text, orgs=["星河领先企业混合型证券投资基金"])
    assert not [e for e in events if e.type == "business.invest"]


def test_unread_quoted_object_keeps_the_subject_out_of_the_product(ex, seg):
    # the comma inside the quotes cuts the object phrase; the company is who launched, not what
    text = "此次，星河移动将宽带价格一降再降，推出“清凉一夏，畅享宽带”活动，让利给用户。"
    events, *_ = run(ex, seg, text)  # the company unrecognised: no entity label keeps it out either
    assert not any(("product", "星河移动") in args(e, text) for e in events)


def test_a_kind_of_organisation_is_no_participant(ex, seg):
    text = "蓝鲸云发布了新产品。企业选择上市，总有深层次的考虑。"
    events, *_ = run(ex, seg, text, orgs=["蓝鲸云"])
    assert not [e for e in events if e.type == "business.ipo"]
    text = "蓝鲸云发布了新产品。该企业今年在香港上市。"
    events, *_ = run(ex, seg, text, orgs=["蓝鲸云"])
    assert ("org", "蓝鲸云") in args(one(events, "business.ipo"), text)


def test_setting_up_a_department_or_facility_is_no_founding(ex, seg):
    text = "星河银行去年设立小微企业金融部，制定三年规划。"
    events, *_ = run(ex, seg, text, orgs=["星河银行"])
    assert not [e for e in events if e.type == "org.found"]
    text = "星河银行去年设立了蓝海数据服务有限公司。"
    events, *_ = run(ex, seg, text, orgs=["星河银行", "蓝海数据服务有限公司"])
    assert ("to_org", "蓝海数据服务有限公司") in args(one(events, "org.found"), text)


def test_buying_stolen_goods_is_no_acquisition(ex, seg):
    events, *_ = run(ex, seg, "胡某明知来路不明，还多次收购他盗窃的手机。", persons=["胡某"])
    assert not [e for e in events if e.type == "business.acquire"]
    events, *_ = run(ex, seg, "警方连收购手机的老相识也一起带走了。")
    assert not [e for e in events if e.type == "business.acquire"]


def test_generic_object_of_another_verb_is_no_participant(ex, seg):
    text = "星河地产长期拖欠工资，导致大量员工离职。"
    events, *_ = run(ex, seg, text, orgs=["星河地产"])
    assert not [e for e in events if e.type == "personnel.depart"]


def test_profile_sentence_without_subject_takes_the_person_it_is_about(ex, seg):
    text = "周立：副总经理。男，经济学硕士。2011年7月加入星河基金管理有限公司，曾任研究员。"
    events, *_ = run(ex, seg, text, persons=["周立"], orgs=["星河基金管理有限公司"], dates=["2011年7月"])
    assert ("person", "周立") in args(one(events, "personnel.join"), text)
    # another mention between the person and the sentence: no carry-over
    text = "周立：副总经理。曾在蓝海证券任职。2011年7月加入星河基金管理有限公司。"
    events, *_ = run(ex, seg, text, persons=["周立"], orgs=["蓝海证券", "星河基金管理有限公司"])
    assert not any(role == "person" for role, _ in args(one(events, "personnel.join"), text))


def test_pronoun_is_the_one_person_named_just_before(ex, seg):
    text = "1996年，黄森三十岁了，他希望有所改变，于是毅然离开星河银行。"
    events, *_ = run(ex, seg, text, persons=["黄森"], orgs=["星河银行"])
    assert ("person", "黄森") in args(one(events, "personnel.depart"), text)
    # two persons named before the pronoun: which one is unknown, the slot stays empty
    text = "韩立与经纪人赵明见面时，他已经决定离开星河队。"
    events, *_ = run(ex, seg, text, persons=["韩立", "赵明"], orgs=["星河队"])
    assert not any(role == "person" for role, _ in args(one(events, "personnel.depart"), text))


def test_facts_product_is_the_name_without_descriptor_or_category():
    import zhnews

    facts = zhnews.extract("星河汽车今天发布了全新设计的蓝鲸X5，同时还推出了《孤独的星球》。").facts
    products = {f.product for f in facts if f.type == "product.release"}
    assert "蓝鲸X5" in products
    assert "孤独的星球" in products  # a quoted title keeps its 的
    facts = zhnews.extract("星河汽车的Q7、Q9等新车型今年上市。").facts
    assert [f.product for f in facts if f.type == "product.release"] == ["Q7、Q9"]


def test_a_regulation_states_rules_not_events(ex, seg):
    numerals = "一二三四五六七八九十"
    rules = [f"第{n}条 本办法适用于各类机构。" for n in numerals]
    rules[4] = "第五条 星河银行收购蓝海信托，由监管部门审查并决定。"
    text = "".join(rules)
    events, *_ = run(ex, seg, text, orgs=["星河银行", "蓝海信托"])
    assert [e.modality for e in events if e.type == "business.acquire"] == ["hypothetical"]
    # a judgment quoting a few articles at its end reports the facts of the case
    text = "2016年，星河银行收购了蓝海信托。第三条 本办法适用于各类机构。第五条 本办法自公布之日起施行。"
    events, *_ = run(ex, seg, text, orgs=["星河银行", "蓝海信托"])
    assert [e.modality for e in events if e.type == "business.acquire"] == ["asserted"]


def test_a_bond_listed_is_no_ipo(ex, seg):
    text = "星河集团公告，本期债券将于下周在深圳证券交易所上市。"
    events, *_ = run(ex, seg, text, orgs=["星河集团", "深圳证券交易所"])
    assert not [e for e in events if e.type == "business.ipo"]
    text = "星河集团今年3月在深圳证券交易所上市。"
    events, *_ = run(ex, seg, text, orgs=["星河集团", "深圳证券交易所"])
    assert ("org", "星河集团") in args(one(events, "business.ipo"), text)


def test_only_a_count_after_the_trigger_is_no_dissolution_nor_release(ex, seg):
    text = "上半年蓝海超市关闭3家，星河百货关闭7家。"
    events, *_ = run(ex, seg, text, orgs=["蓝海超市", "星河百货"])
    assert not [e for e in events if e.type == "org.dissolve"]
    text = "其中星河医院在某媒体发布1条次。"
    events, *_ = run(ex, seg, text, orgs=["星河医院"])
    assert not [e for e in events if e.type == "product.release"]
    text = "社交网络Spark推出第三代拍照眼镜"  # an ordinal opens a name the chunker cut short, no count
    events, *_ = run(ex, seg, text, orgs=["Spark"])
    assert [e for e in events if e.type == "product.release"]


def test_the_agency_of_a_dateline_is_no_topic(ex, seg):
    text = "星河财经10月8日讯，知情人士称，在蓝海银行裁员1.8万人的计划中，一半将在德国实施。"
    events, *_ = run(ex, seg, text, orgs=["星河财经", "蓝海银行"], dates=["10月8日"])
    assert not any("星河" in span for _, span in args(one(events, "org.layoff"), text))
