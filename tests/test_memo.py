"""The per-process word caches stay under their caps (memo.py) and forgetting changes no result."""
from __future__ import annotations

from itertools import islice, product

import pytest

from zhnews import memo
from zhnews.rules import DEFAULT_RULES_DIR

# made-up words: every three-character string of these characters (27,000 distinct words)
_CHARS = "东南西北春夏秋冬金木水火土山川河海天地云风雨雪石林江湖田禾竹"


def _words(n: int) -> list[str]:
    return ["".join(t) for t in islice(product(_CHARS, repeat=3), n)]


@pytest.fixture(scope="module")
def events():
    from zhnews.events import EventExtractor
    return EventExtractor.from_rules(DEFAULT_RULES_DIR)


def test_the_token_kind_cache_stays_at_its_cap_over_more_distinct_words(events):
    # a worker meets ever more distinct words; the real cap (not a patched one) must hold
    words = _words(memo.TOKEN_KINDS + 3000)
    tags = ["n", "v", "nr", "x"] * (len(words) // 4 + 1)
    cache = events.classifier.cache
    for k in range(0, len(words), 200):
        chunk = words[k:k + 200]
        events.classify(chunk, tags[k:k + 200], list(range(len(chunk))), [])
        assert len(cache) <= memo.TOKEN_KINDS
    assert len(cache) > 0


def test_a_cleared_token_kind_cache_gives_the_same_kinds(events, monkeypatch):
    words = _words(500)
    tags = ["n", "v", "m", "x", "d"] * 100
    want = events.classify(words, tags, list(range(500)), [])
    monkeypatch.setattr(memo, "TOKEN_KINDS", 7)
    events.classifier.cache.clear()
    got = events.classify(words, tags, list(range(500)), [])
    assert got == want and len(events.classifier.cache) <= 7


def _text(n: int) -> str:
    # one made-up person per clause, after a title, and a made-up organisation: names, titles,
    # org heads and gazetteer lookups all meet new words
    surnames, given = "王李张刘陈杨赵黄周吴", "伟芳敏静强磊军洋勇杰涛明超霞平刚华兰"
    names = ["".join(t) for t in islice(product(surnames, given, given), n)]
    places = ["".join(t) for t in islice(product(_CHARS, repeat=2), n)]
    return "".join(f"{places[k]}公司总经理{name}表示，{places[k]}市委书记{name}说。" for k, name in enumerate(names))


def test_entity_caches_stay_at_their_caps_and_change_no_mention(seg, monkeypatch):
    from zhnews.entities import EntityExtractor

    doc = seg.make_doc(_text(400))
    warm = EntityExtractor.from_rules(DEFAULT_RULES_DIR)
    want = [(m.start, m.end, m.label, m.rule_id) for m in warm.extract(doc)]
    assert sum(m[2] == "PERSON" for m in want) > 100 and any(m[2] == "ORG" for m in want)
    caps = {"TITLES": 5, "ORG_HEADS": 5, "TITLE_SPLITS": 5, "LOOKUPS": 5, "NAME_STATIC": 5}
    for name, cap in caps.items():
        monkeypatch.setattr(memo, name, cap)
    cold = EntityExtractor.from_rules(DEFAULT_RULES_DIR)
    assert [(m.start, m.end, m.label, m.rule_id) for m in cold.extract(doc)] == want
    sizes = {"TITLES": len(cold.lex.title_cache), "ORG_HEADS": len(cold.lex.org_head_cache),
             "TITLE_SPLITS": len(cold.state["org_head"]["split_cache"]), "LOOKUPS": len(cold._lookups),
             "NAME_STATIC": len(cold.state["chinese_name"].static_cache)}
    assert all(0 < sizes[name] <= cap for name, cap in caps.items()), sizes
    # the default caps were never reached here: the warm caches kept more
    assert len(warm.lex.title_cache) > 5 and len(warm.state["chinese_name"].static_cache) > 5


def test_the_tag_table_stays_at_its_cap_beyond_the_lexicon(seg, monkeypatch):
    from zhnews.segment import TagTable, dictionary_tags

    monkeypatch.setattr(memo, "TAGS", 50)
    table = TagTable(dictionary_tags())
    table.set_own({"星河财经": "nt"})
    for w in _words(400):
        table[w]
        assert len(table) <= 51
    assert table["星河财经"] == "nt"
