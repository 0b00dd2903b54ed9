"""ORG rule kinds added for issue #14 (ORG side), on sentences written by the team."""
from __future__ import annotations

import pytest

from zhnews.entities import EntityExtractor
from zhnews.rules import DEFAULT_RULES_DIR


@pytest.fixture(scope="module")
def ext():
    return EntityExtractor.from_rules(DEFAULT_RULES_DIR)


def found(seg, ext, text):
    """{surface: (label, rule_id, canonical)} for a simplified text."""
    return {text[m.start:m.end]: (m.label, m.rule_id, m.canonical) for m in ext.extract(seg.make_doc(text))}


@pytest.mark.parametrize("text,org", [
    ("她在华东师范大学历史系任教多年。", "华东师范大学历史系"),
    ("据北京市粮食局工业处的一位干部介绍，新粮已入库。", "北京市粮食局工业处"),
    ("欧盟外长理事会今天在布鲁塞尔开会。", "欧盟外长理事会"),
    ("客户可以到交行杭州分行办理手续。", "交行杭州分行"),
])
def test_a_unit_written_after_an_organisation_joins_its_name(seg, ext, text, org):
    got = found(seg, ext, text)
    assert got.get(org, (None,))[0] == "ORG"
    # org.head reads a gazetteer name before a place and a head as one name too (交行/杭州/分行)
    assert got[org][1] in ("org.unit", "org.head")


def test_a_unit_is_no_alias_of_its_parent(seg, ext):
    got = found(seg, ext, "客户可以到交行杭州分行办理手续。")
    assert got["交行杭州分行"][2] is None  # the branch is not the bank's canonical name


@pytest.mark.parametrize("text,word", [
    ("这家企业与阿里巴巴公司关系密切。", "关系"),
    ("据新华社莫斯科5月3日电，会谈顺利。", "莫斯科"),
    ("外交部举行记者会，回答了提问。", "举行"),
    ("欢迎走进新浪嘉宾聊天室。", "聊天室"),
])
def test_common_words_after_an_organisation_are_no_unit(seg, ext, text, word):
    assert not any(word in k for k, v in found(seg, ext, text).items() if v[0] == "ORG")


@pytest.mark.parametrize("text,org,absent", [
    ("他决定将邮电局告上法庭。", "邮电局", "告上"),
    ("客户办卡时，协议上均附有银行的说明。", None, "银行"),
    ("主流强队多受博彩公司青睐。", None, "公司"),
    ("球队也不用看别队眼色。", None, "队"),
])
def test_clause_characters_glued_by_jieba_are_no_part_of_a_name(seg, ext, text, org, absent):
    orgs = [k for k, v in found(seg, ext, text).items() if v[0] == "ORG"]
    assert not any(absent in k for k in orgs if k != org)
    if org:
        assert org in orgs


def test_an_unknown_word_after_a_place_stays_in_the_name(seg, ext):
    # 互润: two clause characters, but after a place they are a brand
    got = found(seg, ext, "来自中山市互润食品公司的代表发言。")
    assert got.get("中山市互润食品公司", (None,))[0] == "ORG"


@pytest.mark.parametrize("text,org", [
    ("中国残联昨天发布了新的助残计划。", "中国残联"),
    ("团中央号召广大青年积极参与。", "团中央"),
    ("中国女篮在决赛中战胜对手。", "中国女篮"),
])
def test_dictionary_organisations_with_an_organisation_ending(seg, ext, text, org):
    assert found(seg, ext, text).get(org, (None, None))[:2] == ("ORG", "org.dict_final")


def test_dictionary_organisation_words_without_such_an_ending_stay_out(seg, ext):
    got = found(seg, ext, "代表们在人民大会堂开会，讨论中美关系和社会科学。")
    assert not any(v[0] == "ORG" for v in got.values())


@pytest.mark.parametrize("text,team", [
    ("本轮意甲，莱切主场2比1取胜。", "莱切"),
    ("赛后，加拉塔萨雷vs梅塔利斯特的赔率出炉。", "加拉塔萨雷"),
    ("赛后，加拉塔萨雷vs梅塔利斯特的赔率出炉。", "梅塔利斯特"),
])
def test_a_name_beside_a_team_only_word_in_a_sports_sentence_is_a_team(seg, ext, text, team):
    assert found(seg, ext, text).get(team, (None, None))[:2] == ("ORG", "org.team_cue")


@pytest.mark.parametrize("text,place", [
    ("中国男队将迎战欧洲劲旅瑞典队。", "欧洲"),
    ("联汇丰女队在北京主场以3比0获胜。", "北京"),
])
def test_a_place_in_the_clause_of_a_sports_sentence_is_no_team(seg, ext, text, place):
    assert place not in found(seg, ext, text)


def test_our_army_is_no_organisation_name(seg, ext):
    got = found(seg, ext, "这支部队继承了我军的优良传统，美军也派员观摩。")
    assert "我军" not in got
    assert got.get("美军", (None,))[0] == "ORG"


def test_full_width_letters_and_digits_match_a_gazetteer_alias_with_exact_offsets(seg, ext):
    text = "上周ＡＣ米兰主场迎战沙尔克０４。"
    got = {text[m.start:m.end]: m.label for m in ext.extract(seg.make_doc(text))}
    assert got.get("ＡＣ米兰") == "ORG" and got.get("沙尔克０４") == "ORG"


@pytest.mark.parametrize("text,word", [
    ("这家钢铁集团今年亏损。", "钢铁集团"),
    ("一家外国公司根据规定提出申请。", "外国公司"),
    ("他随团出访了日本。", "随团"),
])
def test_generic_organisation_phrases_are_no_names(seg, ext, text, word):
    assert word not in found(seg, ext, text)


def test_a_numbered_factory_stays_a_name(seg, ext):
    assert found(seg, ext, "她在武汉国棉二厂工作了十年。").get("武汉国棉二厂", (None,))[0] == "ORG"


def test_a_ministry_alias_inside_a_generic_department_word_is_no_mention(seg, ext):
    assert not found(seg, ext, "各地住建部门要加强监管。")
    assert found(seg, ext, "住建部要求各地加强监管。").get("住建部", (None,))[0] == "ORG"


@pytest.mark.parametrize("text,word", [
    ("他曾担任技术领导者，时为公司副总裁。", "公司"),
    ("受此影响，中国科技企业纷纷跟进。", "科技"),
])
def test_clause_words_and_generic_modifiers_make_no_organisation(seg, ext, text, word):
    assert not any(word in k for k, v in found(seg, ext, text).items() if v[0] == "ORG")


@pytest.mark.parametrize("text,org", [
    ("村里帮助解决中弘公司征地面临的问题。", "中弘公司"),
    ("会上，金顺矿山工程有限公司董事长发言。", "金顺矿山工程有限公司"),
])
def test_a_brand_made_of_given_name_characters_stays_a_name(seg, ext, text, org):
    assert found(seg, ext, text).get(org, (None,))[0] == "ORG"


def test_a_place_name_cut_off_from_its_level_starts_the_organisation(seg, ext):
    assert found(seg, ext, "他先后任观堂镇党委副书记、镇长。").get("观堂镇党委", (None,))[0] == "ORG"


@pytest.mark.parametrize("text,org", [
    ("在恒大文化的六大业务板块中，与地产业务关联最大。", "恒大文化"),
    ("中信地产高级策划经理出席。", "中信地产"),
])
def test_a_business_word_after_a_known_brand_names_its_subsidiary(seg, ext, text, org):
    got = found(seg, ext, text)
    assert got.get(org, (None,))[0] == "ORG" and got[org][2] is None  # its own entity, not the parent's


def test_a_business_word_after_a_head_noun_name_is_no_subsidiary(seg, ext):
    got = found(seg, ext, "村里的机械厂投资四十多万元建了新车间。")
    assert not any("投资" in k for k in got)


@pytest.mark.parametrize("text,org,kind", [
    ("周一，杭州机器视觉企业青岚视觉宣布完成新一轮融资。", "青岚视觉", "杭州机器视觉企业"),
    ("北京初创公司星河语言科技昨天发布了新模型。", "星河语言科技", "北京初创公司"),
    ("本轮由领投方松岩资本出资两亿元。", "松岩资本", None),
    ("他随后创立了智能体公司“回响矩阵”。", "回响矩阵", "智能体公司"),
])
def test_the_name_after_a_kind_of_company_is_the_organisation(seg, ext, text, org, kind):
    got = found(seg, ext, text)
    assert got.get(org, (None,))[:2] == ("ORG", "org.apposition")
    assert kind is None or kind not in got  # the description before the name is no organisation


@pytest.mark.parametrize("text", [
    "这家企业员工表示不满。",
    "许多企业转型升级后效益明显提高。",
    "公司高管王建华表示，业绩符合预期。",
    "北京保利拍卖公司中国当代书画专场今天举行。",
])
def test_common_words_and_people_after_a_company_word_are_no_organisation(seg, ext, text):
    assert not any(rule == "org.apposition" for _, rule, _ in found(seg, ext, text).values())


@pytest.mark.parametrize("text,org,absent", [
    ("记者从青岚科技获悉，新品将推迟发售。", "青岚科技", "从青岚科技"),
    ("她此前在微软亚洲研究院工作了十年。", "微软亚洲研究院", "亚洲研究院"),
    ("董事会任命刘建国为公司总裁。", None, "任命刘建国为公司"),
    ("两项改革必须同步进行。", None, "同步进行"),
])
def test_glued_function_characters_and_verbs_stay_out_of_an_organisation(seg, ext, text, org, absent):
    got = found(seg, ext, text)
    assert absent not in got
    assert org is None or got.get(org, (None,))[0] == "ORG"


def test_a_brand_without_its_ending_is_the_company_later_in_the_article(seg, ext):
    text = "杭州云计算企业星河云科技昨天宣布裁员。星河云此前披露，公司上半年亏损。新品“星河云X1”推迟发售。"
    doc = seg.make_doc(text)
    got = [(text[m.start:m.end], m.rule_id, m.aliases) for m in ext.extract(doc) if m.label == "ORG"]
    assert ("星河云科技", "org.apposition", ()) in got
    assert ("星河云", "org.stem", ("星河云科技",)) in got
    assert sum(1 for t, _, _ in got if t == "星河云") == 1  # not the product 星河云X1 in quotes


def test_a_brand_glued_to_a_clause_word_and_a_full_name_read_short_are_found(seg, ext):
    text = "杭州云计算企业星河云科技昨天宣布裁员。内部信由星河云科技创始人签发。交易完成后星河将保留品牌。"
    got = [(text[m.start:m.end], m.rule_id) for m in ext.extract(seg.make_doc(text)) if m.label == "ORG"]
    assert got.count(("星河云科技", "org.apposition")) == 1
    assert sum(1 for t, _ in got if t == "星河云科技") == 2  # 由/星河 glued: the full name all the same
    assert not any(t in ("云科技", "河云科技") for t, _ in got)


@pytest.mark.parametrize("text,person", [
    ("Meta研究科学家Jean-Rémi King团队去年发布了这项研究。", "Jean-Rémi King"),
])
def test_a_latin_person_before_a_team_word_stays_a_person(seg, ext, text, person):
    assert found(seg, ext, text)[person][0] == "PERSON"


def test_a_generic_acronym_before_a_company_word_is_no_organisation(seg, ext):
    got = found(seg, ext, "这也让国内AI公司争相开出高薪，IT企业也不例外。")
    assert "AI" not in got and "AI公司" not in got


def test_a_transliterated_name_after_a_title_listed_with_an_organisation_stays_a_person(seg, ext):
    got = found(seg, ext, "俄罗斯财政部长扎多尔诺夫和央行行长杜比宁出席了会议。")
    assert got["扎多尔诺夫"][0] == "PERSON"


@pytest.mark.parametrize("text,org", [
    ("分析师称，The Information援引知情人士的话说，该公司将裁员。", "The Information"),
    ("加拿大券商Canaccord Genuity上调了该股评级。", "Canaccord Genuity"),
])
def test_latin_outlets_and_brokers_are_organisations(seg, ext, text, org):
    assert found(seg, ext, text)[org][0] == "ORG"


def test_a_latin_name_after_a_title_before_a_broker_verb_is_a_person(seg, ext):
    assert found(seg, ext, "分析师Wes Ivory上调了目标价。")["Wes Ivory"][0] == "PERSON"


def test_a_gazetteer_name_does_not_carry_the_clause_before_it_into_an_organisation(seg, ext):
    got = found(seg, ext, "平安银行利用平安集团的资源拓展业务。")
    assert "平安银行利用平安集团" not in got


def test_a_kind_ending_with_a_bare_head_word_is_no_part_of_the_name_after_it(seg, ext):
    got = found(seg, ext, "集团旗下虚拟银行澄霆银行取得了牌照。")
    assert got.get("澄霆银行", (None,))[0] == "ORG"
    assert "银行澄霆银行" not in got


def test_a_branded_name_after_a_description_with_an_unknown_word_needs_an_end_word(seg, ext):
    assert found(seg, ext, "并与脑电分析企业澄语科技完成合并。").get("澄语科技", (None,))[0] == "ORG"


@pytest.mark.parametrize("text,word", [
    ("公司计划在深圳设立第二研发中心。", "研发中心"),
    ("随着更多大模型公司进入商业化阶段，竞争更激烈。", "模型公司"),
])
def test_an_ordinal_or_a_glued_determiner_makes_a_kind_of_organisation(seg, ext, text, word):
    assert not any(word in t for t, (label, _, _) in found(seg, ext, text).items() if label == "ORG")


def test_a_unit_named_by_two_fields_joined_by_a_conjunction_joins_its_university(seg, ext):
    got = found(seg, ext, "她此前是华东师范大学经济及工商管理学院的客座教授。")
    assert got.get("华东师范大学经济及工商管理学院", (None,))[0] == "ORG"


def test_two_organisations_joined_by_a_conjunction_stay_two(seg, ext):
    got = found(seg, ext, "新华社国内部和中国青年政治学院联合举办了研讨会。")
    assert not any("和" in t for t, (label, _, _) in got.items() if label == "ORG")


@pytest.mark.parametrize("text,person,org", [
    ("交通部公路司副司长周望军昨天介绍了新规。", "周望军", "周望军"),
    ("山东省烟台市纪委书记丁利军表示，监督要用好。", "丁利军", "丁利军"),
    ("获奖名单：刘大伟、陈后军、张小红。", "陈后军", "陈后军"),
])
def test_a_title_ends_an_organisation_and_a_name_after_it_is_no_organisation(seg, ext, text, person, org):
    got = found(seg, ext, text)
    orgs = [k for k, v in got.items() if v[0] == "ORG"]
    assert not any(org in k for k in orgs)  # no ORG takes in the name, nor the title before it
    assert not any("司长" in k for k in orgs)


@pytest.mark.parametrize("text,org", [
    ("香港高级公务员协会决定举办大型活动。", "香港高级公务员协会"),
    ("昨天，北京市公安交通警察支队发布了通告。", "北京市公安交通警察支队"),
])
def test_a_title_followed_by_more_than_a_name_stays_in_the_organisation(seg, ext, text, org):
    assert found(seg, ext, text).get(org, (None,))[0] == "ORG"


def test_an_organisation_before_a_title_is_still_found(seg, ext):
    got = found(seg, ext, "北京市粮食局副局长赵明今天表示，新粮已入库。")
    assert got.get("北京市粮食局", (None,))[0] == "ORG"
    assert not any("赵明" in k for k, v in got.items() if v[0] == "ORG")


@pytest.mark.parametrize("text,person", [
    ("白志明昨天出席了活动。据悉，民进党与白志明立场不同。", "白志明"),
    ("向志明昨天出席了活动。据悉，国民党与向志明立场不同。", "向志明"),
])
def test_a_personal_name_listed_with_a_party_is_no_organisation(seg, ext, text, person):
    got = found(seg, ext, text)
    assert got.get("民进党" if "民进党" in text else "国民党", (None,))[0] == "ORG"
    assert not any(v[0] == "ORG" and person in k for k, v in got.items())


def test_a_brand_listed_with_a_company_is_still_an_organisation(seg, ext):
    got = found(seg, ext, "这家超市与乐天玛特、家乐福和沃尔玛都有合作。")
    assert got.get("沃尔玛", (None,))[0] == "ORG"


@pytest.mark.parametrize("text,word", [
    ("学校上周举办了一场新年音乐会，家长们都来了。", "音乐会"),
    ("这次全国八运会上，东道主获得金牌最多。", "八运会"),
    ("会议传达了十二届六中全会的精神。", "全会"),
    ("各地要加强基层党组织建设。", "党组织"),
])
def test_meetings_games_and_generic_bodies_are_no_organisation(seg, ext, text, word):
    got = found(seg, ext, text)
    assert not any(word in surface and label == "ORG" for surface, (label, _r, _c) in got.items())


@pytest.mark.parametrize("text,org", [
    ("意大利议会昨天否决了这项预算案。", "意大利议会"),
    ("泰国内阁周二批准了新的经济计划。", "泰国内阁"),
])
def test_a_legislature_or_cabinet_after_its_country_is_an_organisation(seg, ext, text, org):
    assert found(seg, ext, text).get(org, (None,))[0] == "ORG"


def test_two_organisations_side_by_side_stay_two(seg, ext):
    # a party's legislator: the party and the legislature, not one organisation
    got = found(seg, ext, "照片中是工联会立法会议员陈大文。")
    assert got.get("工联会", (None,))[0] == "ORG" and got.get("立法会", (None,))[0] == "ORG"
    assert "工联会立法会" not in got


@pytest.mark.parametrize("text,org", [
    ("她先后向香港海关和消委会投诉，都没有结果。", "香港海关"),
    ("她先后向香港海关和消委会投诉，都没有结果。", "消委会"),
    ("据欧联网援引意大利欧联通讯社报道，新政府即将成立。", "意大利欧联通讯社"),
])
def test_hong_kong_bodies_and_a_quoted_agency(seg, ext, text, org):
    assert found(seg, ext, text).get(org, (None,))[0] == "ORG"


def test_a_new_government_is_no_organisation(seg, ext):
    got = found(seg, ext, "意大利新一届政府组建在即。")
    assert not any(label == "ORG" for label, _r, _c in got.values())


@pytest.mark.parametrize("text,org", [
    ("公民党及新民党表示反对，经民联则表示有保留。", "公民党"),
    ("公民党及新民党表示反对，经民联则表示有保留。", "经民联"),
    ("经济部与国发会已完成评估。", "国发会"),
])
def test_a_gazetteer_name_jieba_glued_to_a_function_character_is_found(seg, ext, text, org):
    got = found(seg, ext, text)
    assert got.get(org, (None,))[0] == "ORG"
    assert got[org][1].startswith("gazetteer:")


def test_a_place_before_a_national_body_names_another_entity(seg, ext):
    got = found(seg, ext, "辽宁省社科院研究员王明认为，消费将回暖。")
    label, _rule, canonical = got["辽宁省社科院"]
    assert label == "ORG" and canonical != "中国社会科学院"
    # the same place, or none, in the canonical name keeps the link
    assert found(seg, ext, "香港金管局表示，利率维持不变。")["香港金管局"][2] == "香港金融管理局"


@pytest.mark.parametrize("text,org", [
    ("国家发改委价格司日前发布通知。", "国家发改委价格司"),
    ("财政部税政司负责人说，新规下月实施。", "财政部税政司"),
])
def test_a_department_head_jieba_reads_as_a_surname_ends_the_unit(seg, ext, text, org):
    assert found(seg, ext, text).get(org, (None,))[0] == "ORG"


def test_a_surname_after_an_organisation_and_a_role_stays_a_name(seg, ext):
    got = found(seg, ext, "外交部发言人司马南说，会谈富有成果。")
    assert "外交部发言人司" not in got and got.get("外交部", (None,))[0] == "ORG"


def test_a_gazetteer_organisation_is_no_place_before_another(seg, ext):
    got = found(seg, ext, "苏富比佳士得两大拍卖行的秋拍成交额都下降了。")
    assert got.get("苏富比", (None,))[0] == "ORG" and got.get("佳士得", (None,))[0] == "ORG"
    assert "苏富比佳士得" not in got
    assert found(seg, ext, "伦敦佳士得昨晚成交了一幅名画。").get("伦敦佳士得", (None,))[0] == "ORG"
