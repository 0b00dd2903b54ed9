"""Taiwan / Hong Kong news and tech news full of Latin names: articles written by the team in
tests/data/regional/, run through the whole pipeline (bylines, names jieba cuts apart, parties and
their short forms, Latin-script people and companies, every middle dot)."""
from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from zhnews.entities import EntityExtractor
from zhnews.normalize import normalize_text
from zhnews.rules import DEFAULT_RULES_DIR
from zhnews.run import run_corpus
from zhnews.segment import Segmenter

REGIONAL = Path(__file__).parent / "data" / "regional"


@pytest.fixture(scope="module")
def regional_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("regional-run")
    _summary, frames = run_corpus(REGIONAL, out, progress=False)
    return frames


def _doc(frames, name):
    docs = frames["documents"]
    return docs[docs.path.str.endswith(name)].iloc[0]


def _mentions(frames, name):
    doc = _doc(frames, name)
    m = frames["mentions"]
    return m[m.doc_id == doc.doc_id]


@pytest.mark.parametrize("name,author,field,value", [
    ("tw_politics.txt", "林佳穎", None, None),
    ("tw_cna.txt", "陳柏安", "editor", "張家瑜"),
    ("hk_news.txt", "", "source", "明報"),
])
def test_taiwan_and_hong_kong_bylines_fill_the_document_and_leave_the_text(regional_run, name, author, field, value):
    doc = _doc(regional_run, name)
    assert (doc.author or "") == author
    if field:
        assert doc[field] == value
    texts = set(_mentions(regional_run, name).text)
    assert not {author, value} & texts  # the reporter / editor is no PERSON mention
    assert not any("報導" in t or "日電" in t or "專訊" in t for t in texts)


def test_names_whose_surname_a_word_swallowed_are_found(regional_run):
    people = _mentions(regional_run, "tw_politics.txt").query("label == 'PERSON'")
    counts = people.text.value_counts()
    assert counts.get("韓國棟") == 2  # 韩国/栋: the country swallowed the surname
    assert counts.get("柯文彬") == 1 and counts.get("吳志宏") == 2
    cna = _mentions(regional_run, "tw_cna.txt").query("label == 'PERSON'")
    assert {"蘇志明", "段宜平", "王美華", "曾文豪"} <= set(cna.text)


def test_parties_and_regional_short_forms_link_to_the_full_name(regional_run):
    orgs = _mentions(regional_run, "tw_politics.txt").query("label == 'ORG'")
    by_text = dict(zip(orgs.text, orgs.canonical_name))
    assert by_text["時力"] == by_text["時代力量"] == "时代力量"
    assert {"北農", "親民黨", "台聯", "民進黨", "國民黨", "農委會"} <= set(orgs.text)
    # the verb before an organisation is not part of it
    assert not any(t.startswith(("痛批", "監督")) for t in orgs.text)
    assert "國民黨立委" not in set(orgs.text)  # a legislator is not an organisation


def test_latin_people_and_companies_in_tech_news(regional_run):
    m = _mentions(regional_run, "tech_news.txt")
    labels = dict(zip(m.text, m.label))
    for person in ("Lena Okafor", "Pieter Janssen", "Rohan Mehta", "Anaïs Lefèvre-Dubois"):
        assert labels.get(person) == "PERSON", person
    for company in ("Axios", "Robinhood", "Dropbox", "Wedbush Securities"):
        assert labels.get(company) == "ORG", company


def test_traditional_and_simplified_articles_give_the_same_facts(tmp_path):
    to_simple = opencc.OpenCC("t2s")
    seg, ext = Segmenter.from_rules(DEFAULT_RULES_DIR), EntityExtractor.from_rules(DEFAULT_RULES_DIR)
    for path in sorted(REGIONAL.glob("*.txt")):
        original = path.read_text(encoding="utf-8")
        facts = []
        for text in (original, to_simple.convert(original)):
            norm = normalize_text(text)
            found = ext.extract(seg.make_doc(norm.text))
            facts.append(sorted((norm.text[m.start:m.end], m.label, m.canonical) for m in found))
        assert facts[0] == facts[1], path.name


@pytest.fixture(scope="module")
def seg_ext():
    return Segmenter.from_rules(DEFAULT_RULES_DIR), EntityExtractor.from_rules(DEFAULT_RULES_DIR)


@pytest.mark.parametrize("text,name", [
    ("首席科学家艾哈迈德・阿尔达勒表示，项目进展顺利。", "艾哈迈德・阿尔达勒"),
    ("副总裁马诺哈尔・帕卢里也参加了会议。", "马诺哈尔・帕卢里"),
    ("分析师约翰⋅史密斯认为，市场仍有空间。", "约翰⋅史密斯"),
])
def test_dotted_names_keep_their_last_and_first_syllables(seg_ext, text, name):
    seg, ext = seg_ext
    got = {text[m.start:m.end]: m.label for m in ext.extract(seg.make_doc(text))}
    assert got.get(name) == "PERSON"


@pytest.mark.parametrize("dot", list("·・‧•･⋅"))
def test_a_gazetteer_alias_matches_every_middle_dot(seg_ext, dot):
    seg, ext = seg_ext
    text = f"马克{dot}扎克伯格周三表示，公司将继续投入。"
    got = {text[m.start:m.end]: m for m in ext.extract(seg.make_doc(text))}
    match = got[f"马克{dot}扎克伯格"]
    assert match.rule_id.startswith("gazetteer:") and match.canonical == "马克·扎克伯格"


def test_latin_words_with_accents_and_hyphens_stay_whole(seg_ext):
    seg, _ext = seg_ext
    words = seg.segment("研究员Timothée Lacroix和Ahmad Al-Dahle离职。").words
    assert "Timothée" in words and "Al-Dahle" in words


def test_a_company_that_speaks_is_no_person(seg_ext):
    seg, ext = seg_ext
    text = "Coinbase表示，Square也在测试这项功能。支付公司Square随后回应。"
    got = {(text[m.start:m.end], m.label) for m in ext.extract(seg.make_doc(text))}
    assert not {label for name, label in got if name in ("Coinbase", "Square")} & {"PERSON"}
    assert ("Square", "ORG") in got


@pytest.mark.parametrize("lead,author", [
    ("（中央社記者王小明華盛頓2日專電）", "王小明"),
    ("中央社記者李安台北3日電 ", "李安"),
    ("〔記者張家豪、林怡君／台中報導〕", "張家豪、林怡君"),
])
def test_datelines_glued_to_the_first_sentence_are_removed_and_name_the_reporter(lead, author):
    norm = normalize_text(lead + "美國國務院今天宣布新的簽證規定。")
    assert norm.fields.get("author") == author
    assert norm.text.lstrip().startswith("美国国务院")


def test_short_forms_defined_in_the_text_join_their_organisation(seg_ext):
    seg, ext = seg_ext
    text = '阿里巴巴旗下的阿里影业（以下简称"阿里影业"）发布财报。阿里影业表示收入增长。双方签署的合作协议（以下简称"协议"）生效。'
    got = [(text[m.start:m.end], m.label) for m in ext.extract(seg.make_doc(text))]
    assert got.count(("阿里影业", "ORG")) == 3  # not cut back to the parent's 阿里
    assert not any(name == "协议" for name, _label in got)  # a common noun defined short is no organisation
    text = "某某建设有限公司（以下简称“招标人”）拟招标。华夏成长证券投资基金(以下简称本基金)成立。"
    assert not {text[m.start:m.end] for m in ext.extract(seg.make_doc(text))} & {"招标人", "本基金"}  # roles


def test_a_nickname_joins_the_person_and_the_canonical_name_is_a_name(regional_run):
    m = _mentions(regional_run, "tech_news.txt")
    nick = m[m.text == "小扎"]
    assert len(nick) == 1 and nick.iloc[0].canonical_name == "马克·扎克伯格"


def test_the_canonical_name_is_never_a_description():
    import pandas as pd
    from zhnews.entities import link_mentions

    df = pd.DataFrame({"doc_id": ["d"] * 2, "text": ["专注于元宇宙和可穿戴设备的部门", "Reality Labs"],
                       "text_simplified": ["专注于元宇宙和可穿戴设备的部门", "Reality Labs"], "label": ["ORG"] * 2,
                       "canonical": [None, None], "aliases": [("Reality Labs",), ("专注于元宇宙和可穿戴设备的部门",)]})
    out, _entities = link_mentions(df)
    assert set(out.canonical_name) == {"Reality Labs"}


@pytest.mark.parametrize("text,name", [
    ("國民黨主席朱志倫今（3）日受訪時表示，黨內會團結。", "朱志倫"),  # 今 of the date glued to the name
    ("台中市長盧秀蓮表示，會持續爭取中央補助。", "盧秀蓮"),  # 台中市/長盧秀蓮: the title cut apart
    ("高雄市長陳其明說，城市建設是重點。", "陳其明"),  # 高雄市/長/陳其/明說
    ("段宜平質詢時指出，經費不足。", "段宜平"),  # a politician's verb as the cue
    ("賴清文總統接見外賓。", "賴清文"),  # a frequent Taiwanese surname
    ("蕭美秀副總統出席典禮。", "蕭美秀"),
])
def test_taiwanese_political_sentences_find_the_politician(seg_ext, text, name):
    seg, ext = seg_ext
    norm = normalize_text(text)
    got = {text[a:b]: m.label for m in ext.extract(seg.make_doc(norm.text)) for a, b in [norm.to_original(m.start, m.end)]}
    assert got.get(name) == "PERSON"


@pytest.mark.parametrize("text,name", [
    ("民眾黨發言人蘇建宏回嗆，執政黨才是亂源。", "蘇建宏"),  # 蘇建/宏回/嗆: the name's last character glued to the cue
    ("柯文彬回嗆，這是抹黑。", "柯文彬"),  # 柯文/彬 回/嗆: a two-character cue cut in two
])
def test_a_name_before_a_cue_jieba_cut_in_two(seg_ext, text, name):
    seg, ext = seg_ext
    norm = normalize_text(text)
    got = {text[a:b]: m.label for m in ext.extract(seg.make_doc(norm.text)) for a, b in [norm.to_original(m.start, m.end)]}
    assert got.get(name) == "PERSON"


def test_an_outlet_credited_in_brackets_is_the_source_and_a_reporter_credit_stays():
    norm = normalize_text("（星島日報報道）特區政府昨日宣布新措施。")
    assert norm.fields.get("source") == "星島日報" and norm.text.startswith("特区政府")
    assert "陈大文" in normalize_text("政府昨日宣布（記者陳大文報道）新措施。").text  # a person, not an outlet


def _found_traditional(seg_ext, text):
    """{surface (simplified): label} for a traditional-script text, normalised as the pipeline does."""
    seg, ext = seg_ext
    norm = normalize_text(text)
    return {norm.text[m.start:m.end]: m.label for m in ext.extract(seg.make_doc(norm.text))}


def test_a_verb_before_a_party_and_its_government_stays_out(seg_ext):
    got = _found_traditional(seg_ext, "國民黨立委痛批民進黨政府只會開空頭支票。")
    assert got.get("民进党政府") == "ORG" and not any(k.startswith("痛批") for k in got)


def test_a_mayor_whose_name_jieba_cut_before_a_coordinator(seg_ext):
    got = _found_traditional(seg_ext, "高雄市長陳其邁與前行政院長蘇貞昌一同視察水庫。")
    assert got.get("陈其迈") == "PERSON" and got.get("苏贞昌") == "PERSON"


def test_an_outlet_after_a_glued_report_opener_is_an_organisation(seg_ext):
    got = _found_traditional(seg_ext, "而據Axios報導，Meta將再度裁員。")
    assert got.get("Axios") == "ORG"


def test_building_a_plant_is_no_organisation(seg_ext):
    got = _found_traditional(seg_ext, "台積電將在高雄設廠，鴻海也表示將擴大投資。")
    assert "高雄设厂" not in got and got.get("台积电") == "ORG"


# Bylines at the start, inside the header and at the end of an article, in the three scripts: the
# reporter fills `author`, is no mention, and the article's own mentions and offsets are unchanged.
_BODY = {
    "cn": ["国务院总理周立新今天在北京会见了华为公司代表。", "双方讨论了合作计划，周立新表示欢迎。"],
    "tw": ["行政院長周立新今天在台北接見台積電代表。", "雙方討論合作計畫，周立新表示歡迎。"],
    "hk": ["特首周立新昨日在香港會見匯豐銀行代表。", "雙方討論合作計劃，周立新表示歡迎。"],
}
_BYLINES = [  # (script, where, byline, author): where = start / header / end
    ("cn", "start", "新华社北京3月5日电（记者张晓芸、李国栋）", "张晓芸、李国栋"),
    ("cn", "start", "本报讯（记者张晓芸 通讯员李国栋）", "张晓芸"),
    ("cn", "header", "本报记者 张晓芸 李国栋\n", "张晓芸 李国栋"),
    ("cn", "end", "（通讯员 张晓芸）", "张晓芸"),
    ("cn", "end", "记者张晓芸报道。", "张晓芸"),
    ("tw", "header", "採訪、撰文：張曉芸\n", "張曉芸"),
    ("tw", "end", "（記者張曉芸）", "張曉芸"),
    ("tw", "end", "記者張曉芸／台北報導", "張曉芸"),
    ("tw", "end", "\n文／張曉芸", "張曉芸"),
    ("hk", "start", "【記者張曉芸／香港報道】", "張曉芸"),
    ("hk", "end", "記者張曉芸報道。", "張曉芸"),
    ("hk", "end", "\n撰文：張曉芸", "張曉芸"),
]


def _article(script, where, byline):
    first, second = _BODY[script]
    if where == "start":
        return byline + first + second
    if where == "header":
        return "標題\n" + byline + first + second if script != "cn" else "标题\n" + byline + first + second
    return first + second + byline


@pytest.mark.parametrize("script,where,byline,author", _BYLINES)
def test_a_byline_anywhere_in_the_article_is_the_author_and_no_mention(script, where, byline, author):
    import zhnews
    text = _article(script, where, byline)
    got = zhnews.extract(text)
    assert got.document.author == author
    assert all(text[m.start:m.end] == m.text for m in got.mentions)  # offsets into the original
    names = {name.strip() for name in author.replace("、", " ").split()}
    assert not names & {m.text for m in got.mentions}
    plain = "".join(_BODY[script])
    without = {(m.text, m.label) for m in zhnews.extract(plain).mentions}
    assert {(m.text, m.label) for m in got.mentions} == without  # the article's own mentions stay
    assert ("周立新", "PERSON") in without


@pytest.mark.parametrize("text,field,value,kept", [
    ("政府今天召开会议。责编：王晓明", "editor", "王晓明", "政府今天召开会议。"),
    ("政府今天召開會議。（編輯：王曉明）", "editor", "王曉明", "政府今天召开会议。"),
    ("某某网5月3日讯(通讯员 王晓明 李国栋)政府今天召开会议。", "author", "王晓明 李国栋", "政府今天召开会议。"),
    ("政府今天召开会议。责任编辑：王晓明_ab12", "editor", "王晓明", "政府今天召开会议。"),
    ("气温零下20度某某晚报5月23日讯(记者王晓明)政府今天召开会议。", "author", "王晓明",
     "气温零下20度某某晚报政府今天召开会议。"),  # glued to the text before: the date goes whole
    ("法院将择期宣判。某某晚报记者王晓明 通讯员李国栋 陈东\n", "author", "王晓明", "法院将择期宣判。\n"),
    ("法院将择期宣判。\n＊記者 王曉明＊\n", "author", "王曉明", "法院将择期宣判。\n\n"),
])
def test_editors_and_correspondents_glued_to_a_sentence_are_taken_out(text, field, value, kept):
    norm = normalize_text(text)
    assert norm.fields.get(field) == value and norm.text == kept


@pytest.mark.parametrize("text", [
    "他说记者王晓明报道过这件事。",  # a reporter named inside a sentence is text
    "政府昨日宣布（記者陳大文報道）新措施。",
    "今天的话题是（记者手记）里的一段。",
    "我们今天见到了记者王晓明",  # a line ending in a reporter's name without an outlet before it
    "嫌疑人在指认现场。（通讯员供图）",  # a photo credit names nobody
])
def test_a_reporter_named_inside_a_sentence_is_no_byline(text):
    norm = normalize_text(text)
    assert not norm.fields and len(norm.text) == len(text)


def test_a_source_line_with_the_article_on_it_keeps_the_article():
    text = "来源：某某资讯　　作者/王晓明　　政府今天召开会议，讨论了明年的预算。会议持续了三个小时。"
    norm = normalize_text(text)
    assert norm.text == "政府今天召开会议，讨论了明年的预算。会议持续了三个小时。"
    assert norm.fields == {"source": "某某资讯", "author": "王晓明"}
    assert normalize_text("他是作者 王晓明 的朋友。").text == "他是作者 王晓明 的朋友。"


# people and parties of the team-written Taiwanese and Hong Kong articles, in order of appearance
_PEOPLE = {
    "tw_election.txt": ["朱立倫", "侯友宜", "蘇巧慧", "侯友宜", "黃國昌", "陳其邁", "朱立倫"],
    "tw_cna_legislature.txt": ["韓國瑜", "卓榮泰", "賴士葆", "林楚茵", "卓榮泰", "黃珊珊", "韓國瑜"],
    "tw_farm.txt": ["蔣萬安", "陳駿季", "王鴻薇", "簡舒培", "蔣萬安"],
    "tw_cna_diplomacy.txt": ["賴清德", "林佳龍", "吳釗燮", "沈有忠", "馬文君", "王定宇"],
    "hk_legco.txt": ["陳茂波", "陳勇", "林健鋒", "葉劉淑儀", "吳秋北", "李家超"],  # 葉/劉淑儀: married name
    "hk_court.txt": ["郭啟安", "黎蕙明"],
}
_PARTIES = {
    "tw_election.txt": ["國民黨", "國民黨", "民進黨", "台灣民眾黨", "民眾黨", "時代力量"],
    "tw_farm.txt": ["國民黨", "民進黨", "台聯", "親民黨"],
    "tw_cna_diplomacy.txt": ["國民黨", "民進黨", "陸委會", "國台辦"],
    "hk_legco.txt": ["民建聯", "經民聯", "新民黨", "新民黨", "工聯會", "工聯會"],
    "hk_court.txt": ["廉政公署", "屋宇署", "區域法院", "律政司", "消委會"],
}


@pytest.mark.parametrize("name", sorted(_PEOPLE))
def test_every_politician_of_the_regional_articles_is_found(regional_run, name):
    found = list(_mentions(regional_run, name).query("label == 'PERSON'").text)
    assert found == _PEOPLE[name]  # all of them, in order, and nothing else (藍白合作 is no person)


@pytest.mark.parametrize("name", sorted(_PARTIES))
def test_every_party_and_body_of_the_regional_articles_is_found(regional_run, name):
    found = list(_mentions(regional_run, name).query("label == 'ORG'").text)
    for org in set(_PARTIES[name]):
        assert found.count(org) == _PARTIES[name].count(org), org


@pytest.mark.parametrize("name,author", [
    ("tw_election.txt", "黃品瑄"), ("tw_cna_legislature.txt", "劉冠廷"), ("tw_farm.txt", "吳政峰"),
    ("tw_cna_diplomacy.txt", "葉素萍"), ("hk_legco.txt", ""), ("hk_court.txt", ""),
])
def test_reporters_of_the_regional_articles_go_to_author(regional_run, name, author):
    doc = _doc(regional_run, name)
    assert (doc.author if isinstance(doc.author, str) else "") == author
    if author:
        assert author not in set(_mentions(regional_run, name).text)
