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
