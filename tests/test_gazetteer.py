"""The gazetteer matcher and the TSV gazetteer format (pipeline/gazetteer.py)."""
from __future__ import annotations

import random
import re
import shutil
import sys
from pathlib import Path

import opencc
import pytest

from zhnews.entities import EntityExtractor, load_gazetteer, load_lists, load_patterns, trie_regex
from zhnews import gazetteer
from zhnews.gazetteer import LongestMatcher, whole_words
from zhnews.rules import DEFAULT_RULES_DIR, RuleError
from zhnews.segment import Segmenter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_gazetteer import generate, write_tsv  # noqa: E402  (the benchmark's generated gazetteer)

_LATIN = "A-Za-zÀ-ÖØ-öø-ÿ"
_WORD_CHAR = re.compile(f"[{_LATIN}0-9]")


def _random_words(rng: random.Random, alphabet: str, n: int, lengths: tuple[int, int]) -> list[str]:
    return sorted({"".join(rng.choice(alphabet) for _ in range(rng.randint(*lengths))) for _ in range(n)})


@pytest.mark.parametrize("pair_index", [True, False])
@pytest.mark.parametrize("seed", range(5))
def test_matcher_finds_what_the_trie_regex_found(seed, pair_index, monkeypatch):
    # a small alphabet makes prefixes, overlaps and near-misses frequent; with and without the
    # index of first character pairs (small gazetteers / large ones)
    if not pair_index:
        monkeypatch.setattr(gazetteer, "PAIR_INDEX_LIMIT", 0)
    rng = random.Random(seed)
    words = _random_words(rng, "甲乙丙丁戊", 60, (2, 5))
    text = "".join(rng.choice("甲乙丙丁戊，") for _ in range(3000))
    expected = [(m.start(), m.end(), m.group()) for m in re.finditer(trie_regex(words), text)]
    matcher = LongestMatcher(dict.fromkeys(words))
    assert (matcher._pairs is not None) == pair_index
    assert list(matcher.finditer(text)) == expected
    assert len(expected) > 100
    # inside a window, as the text were cut there
    window = [(m.start() + 100, m.end() + 100, m.group()) for m in re.finditer(trie_regex(words), text[100:2001])]
    assert list(matcher.finditer(text, 100, 2001)) == window


@pytest.mark.parametrize("seed", range(5))
def test_latin_matcher_finds_what_the_case_blind_bounded_regex_found(seed):
    rng = random.Random(seed)
    words = _random_words(rng, "abé", 40, (2, 5))
    text = "".join(rng.choice("abéABÉ 1中") for _ in range(3000))
    regex = re.compile(f"(?<![{_LATIN}0-9])(?:{trie_regex(words)})(?![{_LATIN}0-9])", re.IGNORECASE)
    for a, b in ((0, len(text)), (100, 2000)):  # a stretch reads as if the text stopped at its end
        expected = [(m.start(), m.end()) for m in regex.finditer(text, a, b)]
        found = [(s, e) for s, e, _k in LongestMatcher(dict.fromkeys(words), str.lower)
                 .finditer(text, a, b, whole_words(text, b, _WORD_CHAR))]
        assert found == expected and len(expected) > 20


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, target)
    return target


def test_a_100k_entry_tsv_gazetteer_loads_and_matches(rules_copy):
    entries = generate(100_000)
    write_tsv(entries, rules_copy / "entities" / "gazetteer" / "generated.tsv")
    loaded = {e.id: e for e in load_gazetteer(rules_copy)}
    assert sum(1 for e in loaded.values() if e.source.endswith("generated.tsv")) == 100_000
    sample = loaded["bench12345"]
    assert (sample.label, sample.canonical, sample.aliases) == (entries[12345][1], entries[12345][2],
                                                                 (entries[12345][2], *entries[12345][3]))
    assert sample.line == 12345 + 2 and sample.source.endswith("generated.tsv")

    lists = load_lists(rules_copy)
    extractor = EntityExtractor(lists, list(loaded.values()), load_patterns(rules_copy, lists))
    picked = random.Random(3).sample(entries, 40)
    forms = [(entry, form) for entry in picked for form in (entry[2], entry[3][-1])]
    text = "，".join(form for _entry, form in forms) + "。"
    found = [(text[m.start:m.end], m.rule_id, m.label, m.canonical)
             for m in extractor.extract(Segmenter.from_rules(rules_copy).make_doc(text))]
    assert found == [(form, f"gazetteer:{entry[0]}", entry[1], entry[2]) for entry, form in forms]


def test_tsv_and_yaml_entries_share_the_id_space(rules_copy):
    (rules_copy / "entities" / "gazetteer" / "zz_more.tsv").write_text(
        "canonical\tid\taliases\tlabel\n测试实体甲\tmicrosoft\t\tORG\n", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_gazetteer(rules_copy)
    assert caught.value.code == "E014" and caught.value.line == 2 and caught.value.path.endswith("zz_more.tsv")


@pytest.mark.parametrize("content, line, code", [
    ("canonical\tnickname\n甲乙丙\tx\n", 1, "E016"),  # unknown column
    ("label\taliases\nORG\t甲乙丙\n", 1, "E016"),  # no canonical column
    ("# c\n\ncanonical\tlabel\n甲乙丙\tORG\n丁戊己\tORG\textra\n", 5, "R005"),
    ("canonical\tlabel\n甲乙丙\tORG\n\tORG\n", 3, "E011"),
    ("canonical\tlabel\n甲乙丙\tPLACE\n", 2, "E012"),
])
def test_a_bad_tsv_gazetteer_names_file_and_line(rules_copy, content, line, code):
    (rules_copy / "entities" / "gazetteer" / "bad.tsv").write_text(content, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_gazetteer(rules_copy)
    assert (caught.value.code, caught.value.line, Path(caught.value.path).name) == (code, line, "bad.tsv")


def test_converting_forms_together_gives_what_converting_each_gives():
    from zhnews.entities import to_simplified
    from zhnews.gazetteer import convert_all

    to_hk = opencc.OpenCC("s2hk").convert
    forms = [form for entry in load_gazetteer(DEFAULT_RULES_DIR) for form in entry.aliases]
    forms += [to_hk(form) for form in forms] + ["頭髮和皇后", "乾隆", "A\nB", ""]
    assert convert_all(forms, to_simplified, chunk=97) == [to_simplified(form) for form in forms]


def test_a_tsv_gazetteer_edit_reaches_only_articles_with_the_changed_forms():
    from zhnews.rule_changes import compare

    rel = "entities/gazetteer/big.tsv"
    before = "id\tlabel\tcanonical\taliases\na\tORG\t青禾机器人\t青禾\nb\tORG\t知行视觉\t\n".encode()
    after = "id\tlabel\tcanonical\taliases\na\tORG\t青禾机器人\t青禾\nb\tORG\t知行视觉\t知行|知行科技\n".encode()
    change = compare({rel: before}, {rel: after})
    assert not change.everything and {"知行视觉", "知行科技"} <= change.needles and "青禾机器人" not in change.needles
    relabelled = compare({rel: before}, {rel: before.replace(b"\tORG\t\xe9\x9d\x92", b"\tPERSON\t\xe9\x9d\x92")})
    assert not relabelled.everything and "青禾机器人" in relabelled.needles
    new_header = compare({rel: before}, {rel: before.replace(b"aliases", b"link_only")})
    assert new_header.everything
