"""Fast paths taken for speed give the answers of the slow paths they skip (real rules, real engines)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from zhnews import rules as rules_module
from zhnews.rules import _may_nest, nested_repetition

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"


@pytest.mark.parametrize("pattern", [
    r"(?P<name>(a+)+)$", r"(a*)*b", r"(\s*\S+)*x", r"(?:(?:a|b)+c?){2,}", r"(?x)(a+) +", r"(?x)(?:\s*\S+)  # c" "\n*",
])
def test_nested_repetition_prefilter_keeps_every_risky_pattern(pattern):
    assert nested_repetition(pattern)
    assert _may_nest(pattern, re.compile(pattern).flags)


def test_nested_repetition_prefilter_skips_only_safe_rule_patterns(monkeypatch):
    """Every pattern the default rules compile: the ones the prefilter lets through unparsed have no
    nested repetition, and some are let through (else the prefilter would save nothing)."""
    from zhnews.processor import DocumentProcessor, Settings, forget_processor

    seen: list[tuple[str, bool]] = []
    original = rules_module._may_nest

    def record(pattern: str, flags: int) -> bool:
        answer = original(pattern, flags)
        seen.append((pattern, answer))
        return answer

    monkeypatch.setattr(rules_module, "_may_nest", record)
    monkeypatch.setenv("ZHNEWS_RULE_STORE", "off")  # every date pattern compiled here, none read back
    forget_processor()
    re.purge()
    DocumentProcessor(Settings(rules_dir=RULES))
    forget_processor()
    skipped = [p for p, answer in seen if not answer]
    assert len(seen) > 50 and skipped
    assert not [p for p in skipped if nested_repetition(p)]


def test_docview_of_tokens_matches_a_word_by_word_reading(seg):
    """The view of the segmenter's Tokens (ends from the next start, first/last characters from one
    offset array, lists shared between calls) equals what reading every word gives."""
    from zhnews.docview import DocView, char_class

    text = "新华社北京3月5日电（记者张伟）Timothée Chalamet与O'Brien周二在上海宣布，\n华为公司将于2025年发布新品。"
    tokens = seg.segment(text)
    view = DocView.of(tokens)
    starts, words = tokens.starts, tokens.words
    assert "".join(words) == text and view.starts == starts
    assert view.ends == [a + len(w) for a, w in zip(starts, words)]
    table = char_class("张华上新伟海")
    firsts = [i for i, w in enumerate(words) if w[0] in "张华上新伟海"]
    lasts = [i for i, w in enumerate(words) if w[-1] in "张华上新伟海"]
    assert firsts and lasts
    assert view.first_in(table) == firsts and view.last_in(table) == lasts
    assert view.first_in(table) is view.first_in(table)  # computed once per document
    other = char_class("司")
    assert view.last_in(other) == [i for i, w in enumerate(words) if w.endswith("司")]
    # offsets with gaps (a Doc with spaces): ends are start + length, not the next start
    gapped = DocView(text, words[:2], tokens.tags[:2], tokens.sent_starts[:2], [0, len(words[0]) + 1])
    assert gapped.ends == [len(words[0]), len(words[0]) + 1 + len(words[1])]
    assert gapped.last_in(char_class(text[gapped.ends[1] - 1])) == [1]


def test_docview_tagged_lists_the_words_of_a_tag(seg):
    """``DocView.tagged`` (list.index over the tags) gives every word of the tag, in order, and none
    for a tag no word has."""
    from zhnews.docview import DocView

    text = "本报记者闫大为、王小明称，Timothée在澜舟科技发布会上说：“好！”\n李咏以前来过。"
    tokens = seg.segment(text)
    view = DocView.of(tokens)
    for tag in set(tokens.tags):
        assert view.tagged(tag) == [i for i, t in enumerate(tokens.tags) if t == tag]
    assert view.tagged("x") and view.tagged("x") is view.tagged("x")
    assert view.tagged("no-such-tag") == []


def test_compile_regex_tree_equals_re_compile_for_every_date_rule(monkeypatch):
    """The date rules are compiled from the parse tree the prefilter reads (one parse): each compiled
    pattern equals ``re.compile``'s (same code, flags and groups), and the tree gives the same
    starting characters as a fresh parse."""
    import re._parser

    from zhnews.dates.loader import load_date_lexicon, load_date_rules
    from zhnews.dates.prefilter import combine_follow, number_follow, prefixes
    from zhnews.rules import RuleError, compile_regex_tree

    lex = load_date_lexicon(RULES / "dates" / "lexicon.yaml")
    monkeypatch.setenv("ZHNEWS_RULE_STORE", "off")
    loaded = load_date_rules(RULES / "dates" / "patterns.yaml", lex)
    assert len(loaded) > 50
    re.purge()
    for entry in loaded:
        plain = re.compile(entry.pattern)
        assert entry.regex == plain and entry.regex.pattern == plain.pattern and entry.regex.groupindex == plain.groupindex
        assert entry.prefixes == frozenset(prefixes(re._parser.parse(entry.pattern)))
    assert combine_follow([e.follow for e in loaded]) == number_follow([e.pattern for e in loaded]) is not None
    compiled, _tree, _parts = compile_regex_tree(r"(?P<y>\d{4})年(?=[^年])", Path("x.yaml"), 3)
    assert compiled.match("2024年5").group("y") == "2024" and compiled.flags == re.compile(r"\d").flags
    with pytest.raises(RuleError) as exc:
        compile_regex_tree("(?<=a+)b", Path("x.yaml"), 3)  # refused by the compiler step, not the parser
    assert exc.value.code == "R007"


def test_date_pattern_store_gives_what_compiling_gives(tmp_path, monkeypatch):
    """The on-disk store of compiled date patterns: a first load writes it, a second reads every
    pattern back equal to re.compile's with the same prefixes and number-follow answers, the
    extractor built on it finds the same dates, and a damaged store is compiled around."""
    import json

    from zhnews.dates import DateExtractor
    from zhnews.dates.loader import load_date_lexicon, load_date_rules

    monkeypatch.setenv("ZHNEWS_CACHE_DIR", str(tmp_path))
    lex = load_date_lexicon(RULES / "dates" / "lexicon.yaml")
    fresh = load_date_rules(RULES / "dates" / "patterns.yaml", lex)
    stored = list(tmp_path.glob("date-patterns-*.json"))
    assert len(stored) == 1 and len(json.loads(stored[0].read_text(encoding="utf-8"))["patterns"]) == len(
        {e.pattern for e in fresh})
    again = load_date_rules(RULES / "dates" / "patterns.yaml", lex)
    for a, b in zip(fresh, again, strict=True):
        assert a.regex == b.regex == re.compile(a.pattern) and a.prefixes == b.prefixes and a.follow == b.follow
    text = "2024年3月5日，公司于上周二宣布，明年第一季度起每月15日结算，3000名员工两小时前到场。"
    import datetime as dt

    anchor = dt.date(2025, 6, 15)
    expected = DateExtractor.from_rules(RULES).extract(text, anchor)
    assert expected
    data = json.loads(stored[0].read_text(encoding="utf-8"))
    first = next(iter(data["patterns"]))
    data["patterns"][first]["regex"]["code"] = [999999, 1, 2]  # code the engine refuses
    second = list(data["patterns"])[1]
    data["patterns"][second]["prefixes"] = "garbage"
    stored[0].write_text(json.dumps(data), encoding="utf-8")
    repaired = load_date_rules(RULES / "dates" / "patterns.yaml", lex)
    assert [(e.regex, e.prefixes, e.follow) for e in repaired] == [(e.regex, e.prefixes, e.follow) for e in fresh]
    stored[0].write_text("{not json", encoding="utf-8")
    assert DateExtractor.from_rules(RULES).extract(text, anchor) == expected


def test_cjk_count_equals_the_regex_count():
    """detect_script counts CJK characters on the code-point array; the count is the regex's."""
    from zhnews.ingest import decode
    from zhnews.normalize import _CJK_CHAR, _code_points, _count_cjk

    edges = "".join(chr(c) for a, b in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)) for c in (a - 1, a, b, b + 1))
    texts = [edges, "", "abc\U00020000", *(decode(p.read_bytes())[0] for p in sorted((ROOT / "corpus").rglob("*.txt")))]
    counts = [_count_cjk(_code_points(t)) for t in texts]
    assert counts == [len(_CJK_CHAR.findall(t)) for t in texts]
    assert counts[0] == 6 and max(counts) > 100


def test_title_before_remembers_the_answers_is_title_gives(seg):
    """``Lexicon.title_before`` remembers ``is_title`` per word and per joined piece (高雄市/长 ->
    市长): asked twice, before and after the cache holds the words, it answers as ``is_title`` does."""
    from zhnews.entities.context import DocContext
    from zhnews.processor import Settings, processor_for

    lex = processor_for(Settings()).extractor.entities.lex
    words = ["市长", "副总裁", "前首席执行官", "记者", "苹果", "高雄市", "长", "和", "国务委员", "董事长"]
    lex.title_cache.clear()
    assert [lex.cached_title(w) for w in words] == [lex.is_title(w) for w in words]
    assert [lex.cached_title(w) for w in words] == [lex.is_title(w) for w in words]  # from the cache
    assert lex.cached_title("市长") and not lex.cached_title("苹果")
    text = "高雄市长陈其明昨天表示，苹果王小明来了。"
    ctx = DocContext(seg.segment(text), lex)
    lex.title_cache.clear()
    cold = [lex.title_before(ctx, i) for i in range(len(ctx.words))]
    warm = [lex.title_before(ctx, i) for i in range(len(ctx.words))]
    assert cold == warm and any(cold)
    name = ctx.start_index.get(text.index("陈其明"))
    assert name is not None and cold[name]  # after 市长 (or 高雄市/长) the name has a title
    assert not cold[ctx.start_index.get(text.index("王小明"))]  # 苹果 is no title


def test_runs_and_rule_compiling_leave_the_garbage_collector_as_they_found_it(tmp_path):
    """run_corpus raises the young-generation threshold for its documents phase and processor_for
    turns collection off while the rules compile: both restore what the caller had, also after a
    rule compile that fails."""
    import gc

    from zhnews.processor import Settings, forget_processor, processor_for
    from zhnews.run import run_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("华为公司今天宣布，王小明出任总裁。\n", encoding="utf-8")
    before = gc.get_threshold()
    gc.set_threshold(900, 11, 12)
    try:
        forget_processor()
        processor_for(Settings())
        assert gc.isenabled() and gc.get_threshold() == (900, 11, 12)
        run_corpus(corpus, tmp_path / "out", progress=False, use_cache=False)
        assert gc.isenabled() and gc.get_threshold() == (900, 11, 12)
        bad = tmp_path / "bad-rules"
        bad.mkdir()
        with pytest.raises(Exception):
            processor_for(Settings(rules_dir=bad))
        assert gc.isenabled()
    finally:
        gc.set_threshold(*before)
        forget_processor()
