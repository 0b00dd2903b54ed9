"""One sense per document: a name the document also writes as a town or district in a list is that
place everywhere in it, unless a title or a speech verb marks a person. Real jieba and the shipped rules."""
from __future__ import annotations

import pytest


def labels(seg, ext, text: str, name: str) -> list[str]:
    """The labels of every mention of ``name`` in ``text``."""
    return [m.label for m in ext.extract(seg.make_doc(text)) if text[m.start:m.end] == name]


def test_a_town_written_in_a_list_is_no_person_anywhere_in_the_document(seg, ext):
    text = ("东莞多个镇街上榜：东城街道、南城街道、麻涌镇、茶山镇均入选。其中，麻涌成绩亮眼。"
            "此外麻涌还获得十二项荣誉，让更多人认识麻涌。")
    assert "PERSON" not in labels(seg, ext, text, "麻涌")
    # the same sentences without the list: the name reads as a person, so the list is what decides
    assert "PERSON" in labels(seg, ext, text.split("。", 1)[1], "麻涌")


@pytest.mark.parametrize("text,name", [
    # a title after the town character: 镇长 goes on, so 王建国 is a person
    ("王建国镇长表示，今年将新建两所学校。王建国还走访了各村。", "王建国"),
    # a speech verb 道 with a colon is no road
    ("刘晓明道：“我们明天出发。”刘晓明随后离开了会场。", "刘晓明"),
    # a memorial named after a person does not make the person a place
    ("徐悲鸿纪念馆今天开馆。徐悲鸿生前的画作首次展出。", "徐悲鸿"),
])
def test_a_person_next_to_a_place_character_stays_a_person(seg, ext, text, name):
    assert "PERSON" in labels(seg, ext, text, name)
