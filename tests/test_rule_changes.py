"""A rule edit re-extracts only the documents it can change, and the tables are the same as a run
from scratch with the edited rules."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from zhnews import rule_changes, tables
from zhnews.extractor import extract_fingerprint
from zhnews.rules import DEFAULT_RULES_DIR
from zhnews.run import Settings, run_corpus

ROOT = Path(__file__).resolve().parent.parent


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _add_gazetteer(rules: Path) -> None:
    (rules / "entities" / "gazetteer" / "zz_user.yaml").write_text(
        "label: ORG\nentries:\n  - {id: lanzhou-zhisuan, canonical: 澜舟智算科技, aliases: [澜舟智算, 瀾舟智算]}\n",
        encoding="utf-8")


def _drop_title(rules: Path) -> None:
    # 教授 (not 记者: the clause word before an unknown brand, 记者/从栖光/科技, no longer needs the title)
    _replace(rules / "entities" / "lists" / "person_titles.txt", "教授 副教授", "副教授")


def _rare_surname(rules: Path) -> None:
    _replace(rules / "entities" / "lists" / "surnames.tsv", "王\tcommon", "王\trare")


def _edit_regex(rules: Path) -> None:
    _replace(rules / "entities" / "patterns.yaml", "|周报|周刊|", "|周报|")


def _drop_date_word(rules: Path) -> None:
    _replace(rules / "dates" / "lexicon.yaml", '"去年": -1, ', "")


def _edit_date_rule(rules: Path) -> None:
    _replace(rules / "dates" / "patterns.yaml", "(?P<ww>{@week_word})(?P<W>[一二三四五六日天1-7])(?:(?=",
             "(?P<ww>{@week_word})(?P<W>[一三四五六日天1-7])(?:(?=")


def _drop_event_title(rules: Path) -> None:
    _replace(rules / "events" / "lexicon.yaml", '"首席技术官",', '')


def _drop_trigger(rules: Path) -> None:
    _replace(rules / "events" / "types.yaml", "    - 离职\n    - 辞职\n", "    - 离职\n")


def _guard_word(rules: Path) -> None:
    _replace(rules / "events" / "guards.yaml", "words: [希望, 打算, 计划, 拟, ", "words: [希望, 打算, 拟, ")


def _threshold(rules: Path) -> None:
    _replace(rules / "entities" / "patterns.yaml", "threshold: 2.0", "threshold: 3.5")


def _comment_only(rules: Path) -> None:
    path = rules / "entities" / "patterns.yaml"
    path.write_text("# tuned on 2026-11-23\n" + path.read_text(encoding="utf-8").replace("\n  - id:", "\n\n  - id:"),
                    encoding="utf-8")


# (edit, how many of the 15 articles it may reach: "some" = at least one but not all)
EDITS = {
    "gazetteer entry": (_add_gazetteer, "some"),
    "word list entry": (_drop_title, "some"),
    "tsv list value": (_rare_surname, "some"),
    "regex rule": (_edit_regex, "some"),
    "date lexicon word": (_drop_date_word, "some"),
    "date pattern": (_edit_date_rule, "some"),
    "event lexicon word": (_drop_event_title, "some"),
    "event trigger": (_drop_trigger, "some"),
    "modality guard": (_guard_word, "some"),
    "matcher setting": (_threshold, "all"),
    "comment and layout": (_comment_only, "none"),
}


def _tables(out: Path) -> dict[str, bytes]:
    return {name: (out / f"{name}.csv").read_bytes() for name in tables.TABLE_NAMES}


@pytest.mark.parametrize("name", list(EDITS))
def test_rule_edit_reextracts_only_what_it_can_change(name, corpus_copy, tmp_path):
    edit, reach = EDITS[name]
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    out = tmp_path / "out"
    run_corpus(corpus_copy, out, Settings(rules_dir=rules), progress=False)
    before = _tables(out)
    edit(rules)
    summary, _ = run_corpus(corpus_copy, out, Settings(rules_dir=rules), progress=False)
    fresh = tmp_path / "fresh"
    run_corpus(corpus_copy, fresh, Settings(rules_dir=rules), progress=False, use_cache=False)
    assert _tables(out) == _tables(fresh), "the narrowed rerun must equal a run from scratch"
    assert summary.resegmented == 0 and summary.reused + summary.reextracted == 15
    if reach == "none":
        assert summary.reextracted == 0 and _tables(out) == before
    elif reach == "all":
        assert summary.reextracted == 15
    else:
        assert 0 < summary.reextracted < 15, summary.rule_change
        assert _tables(out) != before, "the edit should change the output on the bundled corpus"
    assert summary.rule_change


def test_gazetteer_edit_gives_the_forms_of_the_changed_entry_as_needles():
    old = {"entities/gazetteer/orgs.yaml": "label: ORG\nentries:\n  - {id: ms, canonical: 微软, aliases: [Microsoft]}\n"
           "  - {id: gg, canonical: 谷歌, aliases: [Google]}\n".encode()}
    new = {"entities/gazetteer/orgs.yaml": "label: ORG\nentries:\n  - {id: ms, canonical: 微软, aliases: [Microsoft, 微軟]}\n"
           "  - {id: gg, canonical: 谷歌, aliases: [Google]}\n".encode()}
    change = rule_changes.compare(old, new)
    assert not change.everything
    assert {"微软", "microsoft", "微軟"} <= change.needles and "谷歌" not in change.needles
    assert change.affects("据 MICROSOFT 官方消息") and not change.affects("谷歌今天发布了新模型")
    # a label moved to the whole file changes every entry of that file
    relabelled = {"entities/gazetteer/orgs.yaml": new["entities/gazetteer/orgs.yaml"].replace(b"ORG", b"EVENT")}
    assert "谷歌" in rule_changes.compare(new, relabelled).needles


def test_needles_ignore_case_spaces_and_name_dots():
    old = {"entities/gazetteer/p.yaml": b"label: PERSON\nentries: []\n"}
    new = {"entities/gazetteer/p.yaml": "label: PERSON\nentries:\n  - {canonical: 萨提亚·纳德拉, aliases: [Satya Nadella]}\n".encode()}
    change = rule_changes.compare(old, new)
    assert change.affects("萨提亚・纳德拉表示") and change.affects("satya  nadella said")
    assert not change.affects("纳德拉表示")  # a short form only ever joins a full form found in the same text


def test_edits_that_cannot_be_narrowed_reach_every_document():
    lex = b"settings:\n  default_century: 19\nrelative_year: {\"\xe4\xbb\x8a\xe5\xb9\xb4\": 0}\n"
    change = rule_changes.compare({"dates/lexicon.yaml": lex}, {"dates/lexicon.yaml": lex.replace(b"19", b"20")})
    assert change.everything and change.affects("无关的文字")
    change = rule_changes.compare({"dates/patterns.yaml": b"rules: []\n"}, {"dates/patterns.yaml": b"rules: []\n# x\n"})
    assert change.everything and "dates/patterns.yaml" in change.describe()


def test_a_word_that_normalises_to_nothing_reaches_every_document():
    old = {"events/lexicon.yaml": b"name_symbols: [\"-\"]\n"}
    new = {"events/lexicon.yaml": b"name_symbols: [\"-\", \".\"]\n"}
    change = rule_changes.compare(old, new)
    assert not change.everything and change.affects("任何文字")


def test_snapshot_skips_documentation(tmp_path):
    (tmp_path / "entities").mkdir()
    (tmp_path / "entities" / "README.md").write_text("notes", encoding="utf-8")
    (tmp_path / "entities" / "patterns.yaml").write_text("rules: []\n", encoding="utf-8")
    assert list(rule_changes.snapshot(tmp_path)) == ["entities/patterns.yaml"]
    assert re.fullmatch(r"[0-9a-f]{16}", extract_fingerprint(tmp_path))


def test_reordered_date_rules_reach_every_document():
    rules = (ROOT / "rules" / "dates" / "patterns.yaml").read_text(encoding="utf-8")
    lexicon = (ROOT / "rules" / "dates" / "lexicon.yaml").read_bytes()
    blocks = rules.split("\n  - id: ")
    swapped = "\n  - id: ".join(blocks[:1] + [blocks[2], blocks[1]] + blocks[3:])
    not_dates = (ROOT / "rules" / "dates" / "not_dates.txt").read_bytes()
    old = {"dates/patterns.yaml": rules.encode(), "dates/lexicon.yaml": lexicon, "dates/not_dates.txt": not_dates}
    change = rule_changes.compare(old, {**old, "dates/patterns.yaml": swapped.encode()})
    assert change.everything and "reordered" in change.describe()
    moved_comment = {**old, "dates/patterns.yaml": ("# note\n" + rules).encode()}
    assert rule_changes.compare(old, moved_comment).empty


def test_entity_settings_and_ordered_lists_are_compared_as_the_loader_reads_them(tmp_path):
    files = rule_changes.snapshot(DEFAULT_RULES_DIR)
    patterns = files["entities/patterns.yaml"]
    swapped = dict(files, **{"entities/patterns.yaml": patterns.replace(b"overlap: longest_first", b"overlap: priority_first")})
    change = rule_changes.compare(files, swapped)
    assert change.everything and "overlap" in change.describe()
    # the rename cues are tried in the order written: moving one reaches the documents holding them
    cues = files["entities/lists/rename_cues.txt"]
    last = cues.rstrip(b"\n").rsplit(b"\n", 1)[1]
    reordered = dict(files, **{"entities/lists/rename_cues.txt": cues.replace(last, b" ".join(reversed(last.split())))})
    change = rule_changes.compare(files, reordered)
    assert not change.everything and "原名" in change.needles
    assert change.affects("某公司（原名某某）") and not change.affects("无关的文字")
    # a character list: every character is an entry
    chars = files["entities/lists/kin_words.txt"]
    change = rule_changes.compare(files, dict(files, **{"entities/lists/kin_words.txt": chars + "宅\n".encode()}))
    assert change.needles == {"宅"}


def _event_snapshot() -> dict[str, bytes]:
    return {f"events/{p.name}": p.read_bytes() for p in (ROOT / "rules" / "events").glob("*.yaml")}


def test_event_types_are_compared_as_the_loader_reads_them():
    old = _event_snapshot()
    types = old["events/types.yaml"].decode("utf-8")
    # the same rules written differently: a comment, and a trigger as a mapping instead of a word
    same = types.replace("    - 离职\n", "    - {word: 离职}  # the plain word\n", 1)
    assert rule_changes.compare(old, {**old, "events/types.yaml": same.encode()}).empty
    # a changed condition reaches the documents holding a trigger word of that type only
    stricter = types.replace("    - {word: 离队, requires: {has: [person]}}", "    - {word: 离队, requires: {named: [person]}}", 1)
    change = rule_changes.compare(old, {**old, "events/types.yaml": stricter.encode()})
    assert not change.everything and "personnel.depart" in change.describe()
    assert change.affects("他已离队") and not change.affects("华为发布了新手机")
    broken = types.replace("{word: 离队, requires: {has: [person]}}", "{word: 离队, requires: {hass: [person]}}", 1)
    assert broken != types
    assert rule_changes.compare(old, {**old, "events/types.yaml": broken.encode()}).everything
