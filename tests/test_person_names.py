"""PERSON names across jieba's word boundaries (issue #14): real jieba, real rule files."""
from __future__ import annotations

import pytest

from zhnews.rules import DEFAULT_RULES_DIR


def people(seg, ext, text: str) -> dict[str, str]:
    """{surface: rule_id} of the PERSON mentions in a simplified text."""
    return {text[m.start:m.end]: m.rule_id for m in ext.extract(seg.make_doc(text)) if m.label == "PERSON"}


@pytest.mark.parametrize("text, name, cut", [
    ("研究员周立昆于周三表示，项目进展顺利。", "周立昆", "周立"),   # 周立/x 昆于/x: 于 glued to the last character
    ("他的叔叔李成龙向校长介绍情况。", "李成龙", "李成"),          # 李成/nrfg 龙向/x
])
def test_last_character_glued_to_a_function_character(seg, ext, text, name, cut):
    got = people(seg, ext, text)
    assert got.get(name) == "person.cn.glued"
    assert cut not in got


def test_a_time_word_between_a_name_and_its_speech_verb_still_counts(seg, ext):
    # 昆于/x alone is no name: the cue after the time word must not make it a transliteration
    got = people(seg, ext, "研究员周立昆于周三表示，项目进展顺利。")
    assert "昆于" not in got


@pytest.mark.parametrize("text, fragment", [
    ("他们挤出钱来将房子修好。", "钱来"),        # 钱来/x 将/d: no given-name character, runs on into an adverb
    ("他家汤浴疗养院开业。", "汤浴"),            # 汤浴/x 疗养院/n: runs on into a noun
    ("丈夫挣足了钱就回家。", "挣足"),            # an unknown word after a kin word, then 了: a verb
])
def test_fragments_are_no_two_character_names(seg, ext, text, fragment):
    assert fragment not in people(seg, ext, text)


def test_a_two_character_name_with_a_title_or_a_cue_still_counts(seg, ext):
    assert "汤浴" in people(seg, ext, "副局长汤浴疗养回来后上班。")   # a title before
    assert "汤浴" in people(seg, ext, "汤浴表示，计划不变。")          # a speech verb after


@pytest.mark.parametrize("text, name, glued", [
    ("最后总设计师崔恺出了这个方案。", "崔恺", "崔恺出"),       # 崔恺出/x: 出 glued on
    ("山东济南的王建嘉看不过这种做法。", "王建嘉", "王建嘉看"),  # 王建嘉看/x
])
def test_a_one_character_verb_glued_after_a_name_stays_out(seg, ext, text, name, glued):
    got = people(seg, ext, text)
    assert name in got and glued not in got


def test_glued_tail_characters_are_no_given_name_characters(ext):
    # the generated list must leave common given-name characters alone (周清来, 梁连起 end with one)
    from zhnews.entities.loader import load_lists
    lists = load_lists(DEFAULT_RULES_DIR)
    tails = set("".join(lists["glued_tail_chars"]))
    assert tails and tails.isdisjoint(ext.lex.given_chars)
    assert "来" not in tails and "起" not in tails


@pytest.mark.parametrize("text, name, word", [
    ("电影由林超贤导演，明年上映。", "林超贤", "由林"),         # 由林/x 超贤/x: 由 glued to the surname
    ("记者同缪双大的一段对话。", "缪双大", "同缪"),            # 同缪/x 双大/x: 同 is a surname as well
])
def test_a_function_character_glued_in_front_of_a_name_stays_out(seg, ext, text, name, word):
    got = people(seg, ext, text)
    assert name in got and word not in got


def test_a_title_lets_a_dotted_name_of_plain_words_through(seg, ext):
    assert "川·立派" in people(seg, ext, "泰国总理川·立派今天主持会议。")   # a title before
    assert "冯·叙多" in people(seg, ext, "瑞典外交大臣冯·叙多表示，")        # 大臣 is a title
    assert "关怀·香港" not in people(seg, ext, "关怀·香港活动今天开幕。")      # no title: two plain words


def test_a_dotted_name_keeps_the_front_piece_jieba_cut_off(seg, ext):
    got = people(seg, ext, "来自波兰的瓦西利克·科瓦尔今天抵达。")   # 瓦西/nrt 利克/x ·科瓦尔
    assert "瓦西利克·科瓦尔" in got and "利克·科瓦尔" not in got


@pytest.mark.parametrize("text, fragment", [
    ("新规划即陈庄居住片区的改造。", "陈庄"),   # 庄 ends places (place_final_chars)
    ("有人付费代做论文，", "代做"),             # 做 is a one-character verb (glued_tail_chars)
])
def test_two_character_places_and_verb_phrases_need_context(seg, ext, text, fragment):
    assert fragment not in people(seg, ext, text)


def test_a_whole_name_before_a_dotted_name_stays_apart(seg, ext):
    got = people(seg, ext, "此前，特朗普罗杰·斯通在佛罗里达州被捕。")
    assert "罗杰·斯通" in got and "特朗普罗杰·斯通" not in got


def test_the_glued_tail_list_is_what_its_generator_writes(tmp_path):
    # rules/entities/lists/glued_tail_chars.txt is generated from jieba's bundled dictionary: no drift
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "glued_tail_chars.txt"
    subprocess.run([sys.executable, str(root / "benchmarks" / "make_glued_tail_chars.py"), "--out", str(out)],
                   check=True, capture_output=True)
    assert out.read_text(encoding="utf-8") == (root / "rules" / "entities" / "lists" / "glued_tail_chars.txt").read_text(encoding="utf-8")


def test_a_compound_surname_written_as_its_own_word_takes_the_given_name(seg, ext):
    assert "司徒建强" in people(seg, ext, "副会长司徒建强先生指出，")   # 司徒/n 建强/x


def test_a_name_after_a_title_at_the_end_of_the_text_keeps_its_last_character(seg, ext):
    assert "周荫如" in people(seg, ext, "协会副会长兼秘书长周荫如")      # 周荫/x 如/v, then the end


def test_in_his_speech_is_a_cue_after_a_name(seg, ext):
    assert "于建勇" in people(seg, ext, "仪式结束后，于建勇在讲话中提到，")   # 于/p 建勇/x 在讲话中


@pytest.mark.parametrize("text, name, cut", [
    ("评委是陈建华、吴道深、刘明。", "吴道深", "吴道"),        # 吴道/x 深/a 、: between two list words
    ("队员有张伟、周策纵、李强。", "周策纵", "周策"),          # 周策/x 纵/n 、
])
def test_a_character_cut_off_a_listed_name_completes_it(seg, ext, text, name, cut):
    got = people(seg, ext, text)
    assert got.get(name) == "person.cn.third"
    assert cut not in got


def test_a_cut_off_character_before_a_speech_verb_is_no_part_of_the_name(seg, ext):
    got = people(seg, ext, "会后，王建说，计划不变。")
    assert "王建说" not in got


@pytest.mark.parametrize("text, name", [
    ("市场部经理钱晓均也认为，价格会上涨。", "钱晓均"),   # 均 with an adverb and a cue after it
    ("报案的是邻居孙桂其、王强二人。", "孙桂其"),  # 其 before a list comma
])
def test_a_function_character_with_nothing_to_govern_ends_the_name(seg, ext, text, name):
    assert people(seg, ext, text).get(name) == "person.cn.whole"


def test_a_function_character_before_a_verb_is_still_cut(seg, ext):
    got = people(seg, ext, "经理钱晓均表示同意。")   # 均 (all) before a speech verb: the glued reading stays
    assert "钱晓均" not in got


def test_a_name_like_word_with_a_level_after_it_is_a_place(seg, ext):
    assert "贝伦" not in people(seg, ext, "他们来到了贝伦市。")


@pytest.mark.parametrize("text, name, piece", [
    ("公司总裁迈克尔加拉赫周一宣布了新计划。", "迈克尔加拉赫", "迈克尔"),   # 迈克尔/nrt 加/v 拉赫/nrt
    ("他们中了扎卡耶夫的圈套。", "扎卡耶夫", "卡耶夫"),                   # 了 扎/v 卡耶夫/nr
])
def test_a_transliterated_syllable_read_as_a_verb_stays_in_the_name(seg, ext, text, name, piece):
    got = people(seg, ext, text)
    assert got.get(name) == "person.translit"
    assert piece not in got


@pytest.mark.parametrize("text, place", [
    ("游客在奥兰多的乐园里排队。", "奥兰多"),
    ("游轮穿梭于卢克索和阿斯旺之间。", "卢克索"),
])
def test_a_transliteration_after_a_locative_word_is_a_place(seg, ext, text, place):
    assert place not in people(seg, ext, text)


def test_a_transliteration_after_a_locative_word_with_a_title_is_still_a_person(seg, ext):
    assert "卡尔德隆" in people(seg, ext, "在教练卡尔德隆的带领下，球队赢了。")


@pytest.mark.parametrize("text, form", [
    ("那天李小姐去银行办了一张卡。", "李小姐"),
    ("唐师傅的车停在桥下。", "唐师傅"),
    ("张大妈身体一直不好。", "张大妈"),
])
def test_a_surname_and_a_form_of_address_is_no_full_name(seg, ext, text, form):
    assert form not in people(seg, ext, text)


@pytest.mark.parametrize("text, fragment", [
    ("这座城始建于汉，兴盛于唐。", "于汉"),          # 始建/v 于汉/x
    ("公司本着服务于农、富裕农民的宗旨。", "于农"),  # 服务/vn 于农/x
    ("小组由县长任组长。", "任组长"),                # a title is no given name
])
def test_a_surname_that_is_also_a_preposition_after_a_verb_is_the_preposition(seg, ext, text, fragment):
    assert fragment not in people(seg, ext, text)


def test_a_name_with_such_a_surname_after_a_title_stays(seg, ext):
    assert "于友先" in people(seg, ext, "新闻出版署署长于友先会见时在座。")


def test_a_name_whose_surname_a_place_swallowed_standing_alone_is_found(seg, ext):
    # 韩国/ns 琦/nr: the cut-off character is a name in jieba's dictionary; listed after 与, before a time word
    assert people(seg, ext, "工会与韩国琦昨天见面。").get("韩国琦") == "person.cn.swallowed"


def test_a_character_cut_off_a_name_before_de_completes_it(seg, ext):
    got = people(seg, ext, "周其迈的支持者很多。")   # 周其/x 迈/v 的
    assert got.get("周其迈") == "person.cn.third"


def test_a_preposition_between_two_surnames_is_no_name(seg, ext):
    assert not any(len(name) == 3 for name in people(seg, ext, "黄对袁的请求不予考虑。"))


def test_a_surname_read_as_a_measure_word_before_an_unknown_given_name(seg, ext):
    # 段/q 宜平/x: both given-name characters common, no numeral or pronoun before 段
    assert "段宜平" in people(seg, ext, "工会批评段宜平推动的政策。")


def test_a_proper_noun_that_swallowed_a_surname_standing_alone(seg, ext):
    # 柯文/nz 哲/n 的: a given-name character cut off a proper noun, at a clause start before 的
    assert people(seg, ext, "柯文哲的支持者很多。").get("柯文哲") == "person.cn.swallowed"


def test_a_reduplicated_word_is_no_surname_and_given_name(seg, ext):
    assert "谢谢亲" not in people(seg, ext, "请耐心等待，谢谢亲的光临。")


@pytest.mark.parametrize("text, name, cut", [
    ("财政部长科斯特洛在发布会上说明了计划。", "科斯特洛", "科斯特"),   # 洛在/x: glued to a preposition
    ("经济学家斯蒂格勒从成本的角度分析。", "斯蒂格勒", "斯蒂格"),       # 勒/v before a preposition
])
def test_the_last_syllable_of_a_transliteration_cut_off_stays(seg, ext, text, name, cut):
    got = people(seg, ext, text)
    assert got.get(name) == "person.translit"
    assert cut not in got


def test_a_chinese_looking_head_of_a_transliteration_before_a_longer_piece(seg, ext):
    # 贝娅/x 特丽克丝/x: both transliterations; the four-character piece continues the name
    got = people(seg, ext, "王国的女王贝娅特丽克丝出席了仪式。")
    assert got.get("贝娅特丽克丝") == "person.translit" and "贝娅" not in got


@pytest.mark.parametrize("text, form", [
    ("吉野家推出新品。", "吉野家"),                 # a brand
    ("记者如约来到王涛家，看到了这些作品。", "王涛家"),  # someone's home
])
def test_a_name_like_word_ending_with_a_kin_word_is_no_person(seg, ext, text, form):
    assert form not in people(seg, ext, text)


def test_a_given_name_ending_with_jia_after_a_title_stays(seg, ext):
    assert "杨福家" in people(seg, ext, "复旦大学校长杨福家说，教育要从小抓起。")


def test_a_locality_character_closing_a_phrase_is_no_part_of_the_name(seg, ext):
    got = people(seg, ext, "大货车上除了王健斌和陈宏外，还有两名乘客。")   # 除了 … 外
    assert "陈宏外" not in got and "陈宏" in got


def test_a_three_character_name_after_a_verb_keeps_a_preposition_like_surname(seg, ext):
    assert "任卫新" in people(seg, ext, "学生们朗诵任卫新诗歌《祖国》。")


def test_a_title_cut_before_its_last_character_is_no_compound_surname(seg, ext):
    # 副署/长孙/寿山: 长 closes the title 副署长, 孙 is the surname
    got = people(seg, ext, "新闻出版总署副署长孙寿山曾表示，产业发展很快。")
    assert "孙寿山" in got and "长孙寿山" not in got


def test_the_per_name_score_cache_changes_no_result(seg, monkeypatch):
    # the character-only verdict of a name is cached per process; a cache that starts over after every
    # second name (and a fresh extractor) must give the same mentions as the warm default one
    from zhnews.entities import EntityExtractor
    from zhnews import memo

    text = ("副局长李超均透露，王涛家住在浙江柯桥。记者姚均芳报道，宣家鑫说，刘家的孩子和张明渝、"
            "周立昆于周三表示，雷吉纳和莫里斯也来了。李超均再次表示同意。")
    warm = EntityExtractor.from_rules(DEFAULT_RULES_DIR)
    want = [(m.start, m.end, m.label, m.rule_id) for m in warm.extract(seg.make_doc(text))]
    again = [(m.start, m.end, m.label, m.rule_id) for m in warm.extract(seg.make_doc(text))]
    assert again == want and any(m[2] == "PERSON" for m in want)
    monkeypatch.setattr(memo, "NAME_STATIC", 2)
    cold = EntityExtractor.from_rules(DEFAULT_RULES_DIR)
    assert [(m.start, m.end, m.label, m.rule_id) for m in cold.extract(seg.make_doc(text))] == want
    assert len(cold.state["chinese_name"].static_cache) <= 2


@pytest.mark.parametrize("text, name", [
    ("国务委员罗干今天在北京会见了代表团。", "罗干"),      # 罗干/ns: a place word right after a title
])
def test_a_two_character_place_word_right_after_a_title_is_a_name(seg, ext, text, name):
    assert name in people(seg, ext, text)


def test_a_two_character_place_word_without_a_title_stays_no_name(seg, ext):
    assert "罗干" not in people(seg, ext, "他们来到罗干今天的集市。")


@pytest.mark.parametrize("text, name", [
    ("陈其明今天到港口视察工作。", "陈其明"),      # 其: a function character as the first given character
    ("据介绍，刘而君很看好这套邮票。", "刘而君"),
])
def test_a_function_character_as_first_given_character_of_one_unknown_word(seg, ext, text, name):
    assert name in people(seg, ext, text)


@pytest.mark.parametrize("text, fragment", [
    ("积小流方能成大河。", "方能成"),                # 能: a modal, not in given_function_chars
    ("把管和治更多体现在日常。", "管和治"),          # 和: a conjunction of two one-character words
])
def test_a_modal_or_a_conjunction_inside_an_unknown_word_makes_no_name(seg, ext, text, fragment):
    assert fragment not in people(seg, ext, text)


def test_a_third_character_after_a_title_before_a_time_word_and_a_cue(seg, ext):
    # 黄信/nr 敬/v 昨日/t 表示: the cue may follow a time word, as it may after a whole name
    got = people(seg, ext, "市住房保障办副主任黄信敬昨日表示，工作顺利。")
    assert got.get("黄信敬") == "person.cn.title3" and "黄信" not in got


@pytest.mark.parametrize("text, name", [
    ("日本前首相竹下登今天抵达北京。", "竹下登"),
    ("小泽一郎说，会谈很有成果。", "小泽一郎"),
])
def test_japanese_names_with_less_frequent_family_names(seg, ext, text, name):
    assert name in people(seg, ext, text)


def test_an_ocean_is_no_japanese_name(seg, ext):
    assert not people(seg, ext, "欧元影响大西洋两岸关系。")


def test_a_place_word_before_a_head_of_state_title_is_a_person(seg, ext):
    # 班达拉奈克/ns 总理: jieba reads the name as a place; a head of state's title right after makes it a name
    assert people(seg, ext, "代表团转达了班达拉奈克总理的问候。").get("班达拉奈克") == "person.translit"


@pytest.mark.parametrize("text", ["会议在巴塞罗那总统府举行。", "他向法国总统转达了问候。"])
def test_a_place_before_a_word_merely_starting_like_a_title_or_a_country_stays_no_person(seg, ext, text):
    assert not people(seg, ext, text)


@pytest.mark.parametrize("text, place", [("这座罗马城非常大。", "罗马城"), ("它是最大的卫星城。", "卫星城")])
def test_a_city_is_no_three_character_name(seg, ext, text, place):
    assert place not in people(seg, ext, text)


@pytest.mark.parametrize("text, word", [
    ("白皮书指出，经济稳定增长。", "白皮书"),     # person_deny: a report named by its colour
    ("发行纪念卡一套。", "纪念卡"),               # 卡: a noun ending (noun_final_chars)
    ("举办龙舟节期间游客很多。", "龙舟节"),       # 节
    ("主席王明（左一）在现场。", "左一"),         # a photo caption's position
])
def test_reports_cards_festivals_and_photo_positions_are_no_names(seg, ext, text, word):
    assert word not in people(seg, ext, text)


def test_a_given_name_ending_with_a_book_character_stays_a_name(seg, ext):
    assert "钱钟书" in people(seg, ext, "钱钟书在文章中说，友谊很重要。")


def test_a_prefecture_city_is_no_person(seg, ext):
    assert "岳阳" not in people(seg, ext, "今年，岳阳建成、开放了两个新公园。")


@pytest.mark.parametrize("text, name", [
    ("对此，洪秀柱昨天没有回应。", "洪秀柱"),        # 洪 (rare surname): alone as the subject, common given characters
])
def test_a_rare_surname_with_common_given_characters_standing_alone(seg, ext, text, name):
    assert name in people(seg, ext, text)


def test_a_rare_surname_word_inside_a_phrase_still_needs_context(seg, ext):
    assert "高水平" not in people(seg, ext, "房价处于较高水平的情况。")


def test_a_two_character_place_word_between_a_title_and_a_cue_is_a_foreign_name(seg, ext):
    assert people(seg, ext, "联合国秘书长安南今天说，会谈有进展。").get("安南") == "person.translit"
    assert "安南" not in people(seg, ext, "他们从安南出发。")


def test_a_name_with_a_glued_verb_is_trimmed_when_the_document_names_it_alone(seg, ext):
    text = "在郭菲身上赚到250元，郭菲算得上最吝啬的一位。"
    got = {(text[m.start:m.end], m.start) for m in ext.extract(seg.make_doc(text)) if m.label == "PERSON"}
    assert got == {("郭菲", 1), ("郭菲", 12)}


def test_a_three_character_name_is_kept_when_its_last_character_is_a_given_name_character(seg, ext):
    text = "王建说，王建国表示同意。"
    assert "王建国" in people(seg, ext, text)


def test_a_proper_noun_tagged_verb_after_a_kin_word_is_no_name(seg, ext):
    assert "管教" not in people(seg, ext, "男孩因不满母亲管教太严而离家。")


def test_a_three_character_name_written_twice_is_not_trimmed(seg, ext):
    # 马汉/选: the two characters alone once, the three characters twice: the three are the name
    text = "张康林约马汉选吃饭，马汉选说这是好事，马汉也同意。"
    got = people(seg, ext, text)
    assert "马汉选" in got


@pytest.mark.parametrize("text, word", [
    ("国家队教练一职只有几小时就定了。", "一职"),         # 一职/x after 教练: 职 ends no name
    ("报告团成员中有一些年轻人。", "中有"),               # 中有/x after 成员
])
def test_an_unknown_word_after_a_title_must_end_like_a_name(seg, ext, text, word):
    assert word not in people(seg, ext, text)


@pytest.mark.parametrize("text, name", [
    ("青年作家笛安描写了这座城市。", "笛安"),             # a pen name without a surname
    ("墨西哥总统塞迪略表示支持。", "塞迪略"),             # a transliteration the dictionary does not know
])
def test_an_unknown_name_after_a_title_still_counts(seg, ext, text, name):
    assert name in people(seg, ext, text)


@pytest.mark.parametrize("text, name, cut", [
    ("著名的水饺皇后臧健和也是一位母亲。", "臧健和", "臧健"),   # 臧健/x 和/c 也/d: 和 joins nothing
    ("童立和说：“我们会坚持下去。”", "童立和", "童立"),          # a speech verb after 和
])
def test_a_list_word_that_joins_nothing_ends_the_name(seg, ext, text, name, cut):
    got = people(seg, ext, text)
    assert got.get(name) == "person.cn.whole"
    assert cut not in got


@pytest.mark.parametrize("text, name", [
    ("张明和妻子一起出席了仪式。", "张明"),     # a kin word after 和: a list
    ("李华和王涛都来了。", "李华"),             # a name after 和
])
def test_a_list_word_before_a_noun_or_a_name_stays_out(seg, ext, text, name):
    got = people(seg, ext, text)
    assert name in got and name + "和" not in got


# --- session 11 (#14p): evidence from the characters and words around a candidate -----------------

def test_a_lone_character_jieba_reads_as_a_place_completes_the_name(seg, ext):
    # 王绍/x 藩/ns: an unknown two-character name before a lone name- or place-tagged character is no name
    # of its own; the three characters are
    got = people(seg, ext, "大弟子王绍藩，今年八十岁。")
    assert "王绍藩" in got and "王绍" not in got


def test_a_one_character_place_head_read_as_a_verb_names_no_place(seg, ext):
    # 站/v "stands": no station named after her (张自忠路 still names a road)
    assert "李秀梅" in people(seg, ext, "李秀梅站在门口等车。")
    assert "张自忠" not in people(seg, ext, "他住在张自忠路。")


@pytest.mark.parametrize("text, name, found", [
    ("高磊说，方案可行。", "高磊", True),              # a rare surname (高) in an unknown word, a speech verb after
    ("出事时，白涛正在休息。", "白涛", False),         # no cue: standing alone is not enough
    ("双方都认为韩中关系很重要。", "韩中", False),     # 中 is a locality word: "in Korea", no name
])
def test_two_character_unknown_words_with_a_rare_surname_or_a_locality_character(seg, ext, text, name, found):
    assert (name in people(seg, ext, text)) is found


def test_surname_and_lao_leaves_the_bare_surname(seg, ext):
    # 胡老: the surname is the mention (surname_title), not a two-character name 胡老
    got = people(seg, ext, "胡老喜欢养花。")
    assert got.get("胡") == "person.surname_title" and "胡老" not in got


@pytest.mark.parametrize("text, phrase", [
    ("质量万里行活动今天启动。", "万里行"),    # 万里/m 行: a three-character dictionary "name" made of a phrase
    ("不周密之处很多。", "周密之"),            # 不/周密: 不周 is a dictionary word, the surname belongs to it
    ("由于拜仁在主场获胜，他们出线了。", "于拜仁"),  # 由于/c
])
def test_phrases_are_no_names(seg, ext, text, phrase):
    assert phrase not in people(seg, ext, text)


def test_a_surname_after_a_place_word_with_it_is_still_a_name(seg, ext):
    # 同/江泽民: 同江 is a place (ns), so the surname is not taken into it
    assert "江泽民" in people(seg, ext, "总统同江泽民主席举行会谈。")


@pytest.mark.parametrize("text, word", [
    ("富少的朋友们都劝他。", "富少"),       # a rare surname (富) in a two-character word: standing as a subject is not enough
    ("市民从石帆站往西走。", "石帆"),       # 站/v before a direction, not a preposition: the station
])
def test_rare_two_character_words_and_stations_stay_no_names(seg, ext, text, word):
    assert word not in people(seg, ext, text)
