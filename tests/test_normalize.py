"""Normalize: each noise kind, script detection, OpenCC conversion and the offset map."""
from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from zhnews.normalize import NormalizeRules, normalize_text
from zhnews.rules import RuleError

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"


def back(n, original, start, end):
    a, b = n.to_original(start, end)
    return original[a:b]


@pytest.mark.parametrize("noisy,clean,rule", [
    ("團(tuán)隊發(fā)布新品", "团队发布新品", "pinyin.annotation"),
    ("公司內(nèi)幕曝光", "公司内幕曝光", "pinyin.annotation"),
    ("<p class=\"lead\">微软发布新模型</p>", "微软发布新模型", "html.tag"),
    ("微软发布新模型?/p>随后", "微软发布新模型随后", "html.tag.broken"),
    ("第一段<br/>第二段", "第一段\n第二段", "html.break"),
    ("微软&nbsp;发布", "微软 发布", "html.entity.space"),
    ("A&amp;B公司", "A&B公司", "html.entity.other"),
    ("发布会现场（图片来源：视觉中国）气氛热烈", "发布会现场气氛热烈", "photo.credit.inline"),
    ("正文一句。\n图片\n正文二句。", "正文一句。\n正文二句。", "image.placeholder"),
    ("正文一句。\n圖片\n正文二句。", "正文一句。\n正文二句。", "image.placeholder"),
    ("正文一句。\n圖／記者陳冠廷攝\n正文二句。", "正文一句。\n正文二句。", "photo.credit.line"),
    ("正文一句。\n参考链接：\nhttps://example.com/a\n[1] 某报道", "正文一句。\n", "tail.references"),
    ("正文一句。\n今日好文推荐\n一篇别的文章标题", "正文一句。\n", "tail.promotion"),
    ("正文一句。\n声明：本文仅代表作者观点。\n正文二句。", "正文一句。\n正文二句。", "line.disclaimer"),
])
def test_each_noise_kind_is_removed_and_counted(noisy, clean, rule):
    n = normalize_text(noisy)
    assert n.text == clean
    assert n.noise_detail.get(rule, 0) >= 1
    assert n.noise_removed > 0


@pytest.mark.parametrize("line,field,value", [
    ("编辑|王芳", "editor", "王芳"),
    ("来源：澎湃新闻", "source", "澎湃新闻"),
    ("來源：經濟日報", "source", "經濟日報"),
    ("作者：张三", "author", "张三"),
    ("整理|李四", "editor", "李四"),
    ("記者 林怡君／台北報導", "author", "林怡君"),
    ("本报记者胡金华上海报道", "author", "胡金华"),  # the city glued before 报道 is no part of the name
    ("本報記者龍躍北京報道", "author", "龍躍"),
    ("本报记者王磊综合报道", "author", "王磊"),
])
def test_bylines_go_to_fields(line, field, value):
    n = normalize_text(f"{line}\n微软宣布组织调整。")
    assert n.fields[field] == value
    assert n.text == "微软宣布组织调整。"


@pytest.mark.parametrize("line", ["记者见到了王大娘，她说很好。", "记者采访了他。", "記者發現，工地已經停工。"])
def test_sentence_opening_with_reporter_is_no_byline(line):
    """A paragraph that starts with 记者 is article text, not a byline: it stays, and no author is taken."""
    n = normalize_text(f"{line}\n微软宣布组织调整。")
    assert n.text.startswith(line.replace("記者發現", "记者发现").replace("工地已經停工", "工地已经停工"))
    assert "author" not in n.fields


def test_text_that_looks_like_noise_is_kept():
    text = "研究员表示(AI)方向不变，图片识别业务增长，来源于客户需求。\n他说：“编辑部已经搬走。”"
    assert normalize_text(text).text == text


def test_lost_characters_are_counted_not_removed():
    n = normalize_text("公?宣布，新产品\ufffd上线。你好?")
    assert n.replacement_chars == 2
    assert "公?宣布" in n.text


def test_offset_map_through_cleaning_and_conversion():
    original = "<p>來源說，微軟的團(tuán)隊&nbsp;昨天發(fā)布了新軟體。</p>"
    n = normalize_text(original)
    for word in ("微软", "团队", "发布", "软体", "昨天"):
        i = n.text.index(word)
        got = back(n, original, i, i + len(word))
        assert opencc.OpenCC("t2s").convert(got).replace("(tuán)", "").replace("(fā)", "") == word
    i = n.text.index("团队")
    assert back(n, original, i, i + 2) == "團(tuán)隊"


def test_offset_map_when_conversion_changes_length():
    original = "我在台灣的軟體公司做很多工作。\n第二行微軟。"
    n = normalize_text(original, conversion="tw2sp")
    assert "软件" in n.text  # vocabulary converted
    for i in range(len(n.text)):
        a, b = n.to_original(i, i + 1)
        assert 0 <= a <= b <= len(original)
    i = n.text.index("微软")
    assert back(n, original, i, i + 2) == "微軟"
    i = n.text.index("软件")
    assert back(n, original, i, i + 2) == "軟體"


@pytest.mark.parametrize("text,script,conversion", [
    ("微软公司今天发布了新的人工智能模型，研究人员表示这是重要进展。", "simplified", "t2s"),
    ("微軟公司今天發布了新的軟體，研究人員說這是重要進展，網路上討論熱烈。", "traditional-tw", "tw2s"),
    ("微軟公司今日發佈新軟件，研究人員説這是重要進展，網絡上討論熱烈。", "traditional-hk", "hk2s"),
    ("微軟公司今天發布了新的模型，研究人員表示這是重要進展。", "traditional", "tw2s"),
    ("Microsoft released a model.", "none", "t2s"),
])
def test_script_detection_picks_conversion(text, script, conversion):
    n = normalize_text(text)
    assert (n.script, n.conversion) == (script, conversion)


def test_mixed_script():
    text = "微软公司今天发布了新的人工智能模型，研究人员表示这是重要进展。" + "微軟公司今天發布了新的軟體，研究人員說這是重要進展。"
    assert normalize_text(text).script == "mixed"


def test_traditional_and_simplified_normalize_identically():
    simplified = "萨提亚·纳德拉表示，微软将在明年推出新的人工智能芯片，团队规模扩大到3000人。"
    for config in ("s2tw", "s2hk", "s2t"):
        assert normalize_text(opencc.OpenCC(config).convert(simplified)).text == simplified


def test_front_matter_is_dropped_but_offsets_stay_in_file(tmp_path):
    original = "---\ntitle: 标题\n---\n微软发布新模型。"
    n = normalize_text(original, body_start=original.index("微软"))
    assert n.text == "微软发布新模型。"
    assert back(n, original, 0, 2) == "微软"
    assert n.noise_removed == 0


def _rules_dir(tmp_path, noise_yaml):
    (tmp_path / "normalize").mkdir(parents=True)
    (tmp_path / "normalize" / "noise.yaml").write_text(noise_yaml, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("yaml_text,line,words", [
    ("- id: a\n  kind: inline\n  pattern: '(unclosed'\n", 1, "does not compile"),
    ("- id: a\n  kind: inline\n  pattern: 'x'\n- id: a\n  kind: line\n  pattern: 'y'\n", 4, "duplicate rule id"),
    ("- id: a\n  kind: sometimes\n  pattern: 'x'\n", 1, "unknown kind"),
    ("- id: a\n  kind: inline\n  patern: 'x'\n", 1, "missing required field 'pattern'"),
    ("- id: a\n  kind: field\n  field: author\n  pattern: '作者：.*'\n", 1, "(?P<value>"),
    ("- id: a\n  kind: inline\n  pattern: [x\n", 4, "flow sequence on line 3"),
])
def test_bad_noise_rules_fail_with_file_and_line(tmp_path, yaml_text, line, words):
    rules_dir = _rules_dir(tmp_path, yaml_text)
    with pytest.raises(RuleError) as err:
        NormalizeRules.from_rules(rules_dir)
    assert err.value.line == line
    assert words in err.value.message
    assert err.value.path.endswith("noise.yaml")


def test_crlf_and_bom_rule_files_are_refused(tmp_path):
    rules_dir = _rules_dir(tmp_path, "")
    (rules_dir / "normalize" / "noise.yaml").write_bytes(b"- id: a\r\n  kind: inline\r\n  pattern: x\r\n")
    with pytest.raises(RuleError, match="CRLF"):
        NormalizeRules.from_rules(rules_dir)
    (rules_dir / "normalize" / "noise.yaml").write_bytes(b"\xef\xbb\xbf- id: a\n  kind: inline\n  pattern: x\n")
    with pytest.raises(RuleError, match="BOM"):
        NormalizeRules.from_rules(rules_dir)


def test_each_error_code_names_one_problem(tmp_path):
    """A code is what users search the README for: the noise loader's duplicate id must not share R011
    (nested repetition) with the pattern checker, as it once did."""
    def code_of(yaml_text):
        with pytest.raises(RuleError) as err:
            NormalizeRules.from_rules(_rules_dir(tmp_path / str(len(yaml_text)), yaml_text))
        return err.value.code
    nested = code_of("- id: a\n  kind: inline\n  pattern: '(a+)+'\n")
    duplicate = code_of("- id: a\n  kind: inline\n  pattern: 'x'\n- id: a\n  kind: line\n  pattern: 'y'\n")
    assert nested == "R011"
    assert duplicate not in {nested, "R010", "R012", "R013"}


def test_requires_skips_texts_without_the_word_and_is_checked(tmp_path):
    rule = "- id: a\n  kind: inline\n  pattern: '（[^）]*）'\n  requires: [记者]\n"
    rules = NormalizeRules.from_rules(_rules_dir(tmp_path / "ok", rule))
    assert normalize_text("他说（记者张三）好。", rules).text == "他说好。"
    assert normalize_text("他说（附图）好。", rules).text == "他说（附图）好。"  # no 记者 in the text: not tried
    with pytest.raises(RuleError) as err:
        NormalizeRules.from_rules(_rules_dir(tmp_path / "bad", rule.replace("[记者]", "记者")))
    assert err.value.code == "R056" and err.value.line == 1



def test_an_escaped_line_break_is_a_line_break_and_a_path_stays():
    original = "法院审理了此案。\\n如皋市人民法院认为，文件在C:\\new里。"
    n = normalize_text(original)
    assert n.text == "法院审理了此案。\n如皋市人民法院认为，文件在C:\\new里。"
    assert n.noise_detail.get("escaped.newline") == 1
    cut = n.text.index("如皋")
    start, end = n.to_original(cut, cut + 2)
    assert original[start:end] == "如皋"


def test_lines_split_by_escaped_breaks_are_read_like_real_lines():
    """A byline on a line of its own is the author whether the scraper kept the line break or left it
    escaped as backslash-n (line_break rule)."""
    lines = ["市场监管部门近日通报了检查结果。", "□记者 宋小明", "来源：新华社", "近日，检查组走访了三家企业。"]
    real, escaped = normalize_text("\n".join(lines)), normalize_text("\\n".join(lines))
    assert escaped.fields == real.fields == {"author": "宋小明", "source": "新华社"}
    assert escaped.text == real.text == "市场监管部门近日通报了检查结果。\n近日，检查组走访了三家企业。"
    original = "\\n".join(lines)
    cut = escaped.text.index("检查组")
    start, end = escaped.to_original(cut, cut + 3)
    assert original[start:end] == "检查组"


def test_line_break_only_on_inline_rules(tmp_path):
    rule = "- id: a\n  kind: line\n  pattern: 'x'\n  line_break: true\n"
    with pytest.raises(RuleError) as err:
        NormalizeRules.from_rules(_rules_dir(tmp_path, rule))
    assert err.value.code == "R057" and err.value.line == 1


def test_requires_pattern_skips_texts_without_it_and_is_checked(tmp_path):
    rule = "- id: a\n  kind: inline\n  pattern: '[^，]{0,4}（[^）]*）'\n  requires_pattern: '（记'\n"
    rules = NormalizeRules.from_rules(_rules_dir(tmp_path / "ok", rule))
    assert normalize_text("他说，本报讯（记者张三）好。", rules).text == "他说，好。"
    assert normalize_text("他说，本报讯（附图）好。", rules).text == "他说，本报讯（附图）好。"  # not tried
    for n, bad in enumerate(["requires_pattern: ''", "requires_pattern: '(a+)+'", "kind: line\n  requires_pattern: 'x'"]):
        text = rule.replace("requires_pattern: '（记'", bad) if "kind" not in bad else \
            "- id: a\n  pattern: 'x'\n  " + bad + "\n"
        with pytest.raises(RuleError) as err:
            NormalizeRules.from_rules(_rules_dir(tmp_path / f"bad{n}", text))
        assert err.value.code in ("R058", "R011") and err.value.line == 1


def test_every_match_of_a_default_rule_holds_its_requires_pattern():
    """The speed hint must not change what a rule finds: on the bundled corpus and the examples the
    rules are written for, each match of such a rule holds a match of its requires_pattern."""
    from zhnews.ingest import decode

    rules = NormalizeRules.from_rules(RULES)
    hinted = [r for r in rules.inline if r.requires_pattern is not None]
    assert hinted
    texts = [decode(p.read_bytes())[0] for p in sorted((ROOT / "corpus").rglob("*")) if p.suffix in (".txt", ".md")]
    texts += ["新华社北京3月5日电（记者张伟、李强）今天", "本报讯（记者张伟 通讯员李强）昨日", "某某网5月3日讯(通讯员 李强)消息",
              "会议结束。（ 本报记者 王小明）\n", "本报宜春讯（记者 刘明）本月"]
    found = 0
    for rule in hinted:
        for text in texts:
            for m in rule.pattern.finditer(text):
                found += 1
                assert rule.requires_pattern.search(m.group()), (rule.id, m.group())
    assert found >= 5


def test_every_match_of_a_default_rule_holds_one_of_its_required_words():
    """``requires`` is a speed hint as well: a rule is skipped on a text without one of its words, so
    each match of a bundled rule that has the hint holds one of them (here on the bundled corpus and
    the kinds of lines the rules are written for)."""
    from zhnews.ingest import decode

    rules = NormalizeRules.from_rules(RULES)
    hinted = [r for r in rules.inline if r.requires]
    assert len(hinted) >= 8
    texts = [decode(p.read_bytes())[0] for p in sorted((ROOT / "corpus").rglob("*")) if p.suffix in (".txt", ".md")]
    texts += ["【记者林雅婷／台北报导】行政院今天", "记者王小明／台北报导 行政院今天\n", "会议（图：李强）结束",
              "（中央社台北3日电）行政院", "结束。（编辑：林某某）1140403\n", "团队?/p>成立", "團(tuán)隊",
              "新华社北京3月5日电（记者张伟、李强）今天", "会议结束。（ 本报记者 王小明）\n"]
    found = set()
    for rule in hinted:
        for text in texts:
            for m in rule.pattern.finditer(text):
                found.add(rule.id)
                assert any(word in m.group() for word in rule.requires), (rule.id, m.group())
    assert len(found) >= 5
