"""Segment: both engines, the lexicon, sentences, and the cached form of a Doc."""
from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

from zhnews.ingest import decode, discover
from zhnews.normalize import normalize_text
from zhnews.rules import RuleError
from zhnews.segment import Segmenter, Tokens, load_lexicon, sentence_starts

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
RULES = Path(__file__).resolve().parent.parent / "rules"
# The one known way the engines differ: inside runs of Latin letters, digits and . - (URLs, phone
# numbers, model names like GPT-4), jieba-rs keeps the run whole where Python jieba splits at the
# punctuation or at a digit/letter change. Chinese text is cut identically.
ALNUM_RUN = re.compile(r"^[A-Za-z0-9.\-+#&%_]+$")


@pytest.fixture(scope="module")
def engines():
    lexicon = load_lexicon(RULES)
    return Segmenter("jieba", lexicon), Segmenter("rjieba", lexicon)


def explained_differences(jieba_words, rjieba_words):
    """Differences between the two cuts that are not alphanumeric-run splits (should be none)."""
    unexplained = []
    matcher = difflib.SequenceMatcher(None, jieba_words, rjieba_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        left, right = "".join(jieba_words[i1:i2]), "".join(rjieba_words[j1:j2])
        if not (left == right and ALNUM_RUN.match(left)):
            unexplained.append((jieba_words[i1:i2], rjieba_words[j1:j2]))
    return unexplained


def test_engines_agree_on_sample_corpus(engines):
    jieba_seg, rjieba_seg = engines
    texts = [normalize_text(decode(p.read_bytes())[0]).text for p in discover(CORPUS)]
    assert len(texts) >= 12
    for text in texts:
        assert explained_differences(jieba_seg.cut(text), rjieba_seg.cut(text)) == []


def test_engines_agree_on_benchmark_slice(engines, shared_dir):
    jieba_seg, rjieba_seg = engines
    differing = 0
    with (shared_dir / "bench" / "inews.jsonl").open(encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if n == 300:
                break
            text = normalize_text(json.loads(line)["content"]).text
            a, b = jieba_seg.cut(text), rjieba_seg.cut(text)
            differing += a != b
            assert explained_differences(a, b) == [], f"article {n}"
    assert differing < 300  # most articles are cut identically


def test_engines_split_alnum_runs_differently_as_documented(engines):
    jieba_seg, rjieba_seg = engines
    assert jieba_seg.cut("发布GPT-4模型") == ["发布", "GPT", "-", "4", "模型"]
    assert rjieba_seg.cut("发布GPT-4模型") == ["发布", "GPT-4", "模型"]


def test_lexicon_words_are_kept_whole(tmp_path):
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "names.txt").write_text("澜舟智算 5000 nt\n", encoding="utf-8")
    text = "李明远创立澜舟智算公司"
    for engine in ("jieba", "rjieba"):
        plain = Segmenter(engine).cut(text)
        assert "澜舟智算" not in plain
        seg = Segmenter.from_rules(tmp_path, engine)
        assert "澜舟智算" in seg.cut(text)
        doc = seg.make_doc(text)
        assert [t.tag_ for t in doc if t.text == "澜舟智算"] == ["nt"]


@pytest.mark.parametrize("line,words", [
    ("澜舟智算 nt\n", "expected 'word freq tag'"),
    ("澜舟智算\n", "expected 'word freq tag'"),
    ("澜舟智算 many nt\n", "not a whole number"),
])
def test_bad_lexicon_lines_fail_with_line(tmp_path, line, words):
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "x.txt").write_text("# comment\n" + line, encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_lexicon(tmp_path)
    assert err.value.line == 2 and words in err.value.message


def test_sentences_split_on_terminators_quotes_and_newlines():
    seg = Segmenter()
    doc = seg.make_doc("「我们走了。」他说！张三表示：好……\n\n第二段没有标点\n李四加盟了百度？是的；对")
    assert [s.text for s in doc.sents] == [
        "「我们走了。」", "他说！", "张三表示：好……\n\n", "第二段没有标点\n", "李四加盟了百度？", "是的；", "对"]


def test_sentence_starts_edge_cases():
    assert sentence_starts([]) == []
    assert sentence_starts(["\n", "你好"]) == [True, False]
    assert sentence_starts(["好", "。", "”", "他"]) == [True, False, False, True]


def test_doc_text_is_the_normalized_text_and_tags_are_set():
    seg = Segmenter()
    text = "微软 CEO 萨提亚·纳德拉表示，Azure 收入增长。\n"
    doc = seg.make_doc(text)
    assert doc.text == text
    tags = {t.text: t.tag_ for t in doc}
    assert tags["表示"] == "v" and tags["Azure"] == "eng"


def test_tokens_pack_roundtrip():
    seg = Segmenter()
    text = "微软发布新模型。\n第二句 有空格。"
    tokens = seg.segment(text)
    again = Tokens.unpack(text, tokens.pack())
    assert again == tokens
    assert again.to_doc(seg.vocab).to_json() == tokens.to_doc(seg.vocab).to_json()
    # a token longer than 255 characters (a long URL) and more than 256 kinds of tags take wider fields
    long_text = text + "http://x.cn/" + "a" * 300
    wide = seg.segment(long_text)
    assert max(map(len, wide.words)) > 255
    assert Tokens.unpack(long_text, wide.pack()) == wide
    many = Tokens("".join(chr(0x4E00 + k) for k in range(300)), [chr(0x4E00 + k) for k in range(300)],
                  [f"t{k}" for k in range(300)], [k % 7 == 0 for k in range(300)])
    assert Tokens.unpack(many.text, many.pack()) == many
    # a packed form that does not fit the text is refused (the cache then processes the document again)
    with pytest.raises(ValueError):
        Tokens.unpack(text + "多", tokens.pack())


def test_segmenter_is_a_spacy_tokenizer():
    import spacy

    nlp = spacy.blank("zh")
    nlp.tokenizer = Segmenter()
    assert [t.text for t in nlp("微软发布新模型")] == ["微软", "发布", "新", "模型"]
