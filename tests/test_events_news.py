"""Event records on real-news patterns (issue 16): the families found judging bench articles by hand.

Every sentence here was written for these tests; entities are built by hand, the segmenter and the
event rules are the shipped ones.
"""
from __future__ import annotations

import pytest

from zhnews.events import EventExtractor
from zhnews.rules import DEFAULT_RULES_DIR

from test_events import args, run


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
