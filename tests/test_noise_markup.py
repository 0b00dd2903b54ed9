"""Line rules read a line without the markup wrapped around it: bylines in HTML paragraphs,
Markdown captions, lines padded with &nbsp;, in both scripts. Real OpenCC and the shipped rules."""
from __future__ import annotations

from pathlib import Path

import pytest

from zhnews.normalize import normalize_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("line,rule,field,value", [
    ('<p class="article-meta">本報記者 區嘉欣</p>', "byline.reporter", "author", "區嘉欣"),
    ('<div class="meta"><span>本报记者 王小明</span></div>', "byline.reporter", "author", "王小明"),
    ("<p>责任编辑：陈静&nbsp;&nbsp;校对：刘洋</p>", "byline.editor", "editor", "陈静"),
    ("&nbsp;&nbsp;來源：某某日報&nbsp;", "byline.source", "source", "某某日報"),
    ("*图：大会主会场*", "photo.credit.line", None, None),
    ("_圖片來源：某某通訊社_", "photo.credit.line", None, None),
])
def test_wrapped_noise_line_is_removed(line, rule, field, value):
    text = f"第一段正文。\n{line}\n第二段正文。"
    n = normalize_text(text)
    assert n.text == "第一段正文。\n第二段正文。"
    assert n.noise_detail.get(rule) == 1
    if field:
        assert n.fields[field] == value


@pytest.mark.parametrize("line", [
    "<p>公司今天宣布，新任编辑部主任将于下月到任。</p>",   # 编辑 inside a sentence
    "**重要**：公司宣布裁员。",                            # emphasis inside a sentence
    "<b>作者的话</b>",                                      # no byline shape once unwrapped
    "<p></p>",                                              # markup only
])
def test_wrapped_text_that_is_no_noise_stays(line):
    n = normalize_text(f"{line}\n下一段。")
    assert not any(k.startswith(("byline", "photo")) for k in n.noise_detail)
    assert "下一段。" in n.text


def test_sample_article_byline_in_html_is_not_a_mention(tmp_path):
    """The Hong Kong sample article opens with its reporter in an HTML paragraph: the reporter is
    the author, and the offsets of the kept text still point into the original."""
    path = ROOT / "corpus" / "portal" / "2024-03-hkust-professor-founds-robotics-startup.txt"
    original = path.read_text(encoding="utf-8")
    n = normalize_text(original)
    assert n.fields.get("author") == "區嘉欣"
    assert "區嘉欣" not in n.text and "区嘉欣" not in n.text
    start = n.text.index("香港科技大学")  # kept text maps back to the original script
    a, b = n.to_original(start, start + 6)
    assert original[a:b] == "香港科技大學"


def test_no_pattern_of_the_package_repeats_a_repetition():
    """The check that guards users' rule files (rules.nested_repetition, R011) holds for our own
    module-level patterns too: `(?:…|[*_]+|…)+` in the line-markup patterns took 107 s on one
    scraped advert whose form blanks were runs of 30 underscores."""
    import importlib
    import pkgutil
    import re

    import zhnews
    from zhnews.rules import nested_repetition

    risky = []
    for info in pkgutil.walk_packages(zhnews.__path__, "zhnews."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and nested_repetition(value.pattern):
                risky.append(f"{info.name}.{name}")
    assert risky == []


def test_markup_tail_is_the_longest_run_of_markup_closing_the_line():
    """`_markup_tail` (linear, from the end) gives what a regex search for "(markup)+ at the end"
    gives, on random lines made of markup pieces, text and broken markup."""
    import random
    import re

    from zhnews.normalize import _markup_tail

    reference = re.compile(r"(?:</?[A-Za-z][^<>\n]*>|&nbsp;?|[*_ \t\u3000\xa0])+\Z")
    pieces = ["<p>", "</p>", "<a href=x>", "&nbsp;", "&nbsp", "*", "_", " ", "\u3000", "\xa0", "x", "字", "<", ">",
              "&", "nbsp", ";", "</", "<b"]
    rng = random.Random(15)
    for _ in range(20000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        start = rng.randint(0, len(line))
        found = reference.search(line, start)
        assert _markup_tail(line, start) == (found.start() if found else len(line)), (line, start)


def test_a_line_with_long_form_blanks_is_cleaned():
    """An advert's line of fill-in blanks (runs of underscores) ending in a tag: the tag goes, the
    text and its blanks stay (before the fix this line took minutes)."""
    from zhnews.normalize import _unwrap_line

    line = "<p>" + "地址:" + "_" * 40 + "电话:" + "_" * 30 + "联系人:" + "_" * 6 + "</p>"
    inner, cut = _unwrap_line(line)
    assert cut == 3 and inner == line[3:-4].rstrip("_")
