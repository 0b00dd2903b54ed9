"""Bad input never stops a batch: one test per kind of bad input, a mixed batch, bad rule files,
the output folder (lock, writability, full disk), the cache (no pickle), and kills mid-run.

Every kind is run through the real pipeline (run_corpus or the CLI) next to a good article; the
test checks the good article is processed, the bad one has its own documents row with a status
and an error a user can act on, and that nothing raised."""
from __future__ import annotations

import os
import pickle
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from zhnews import outdir
from zhnews.cli import main
from zhnews.dates import OUT_OF_RANGE_NOTE, DateExtractor
from zhnews.entities import EntityExtractor
from zhnews.normalize import NormalizeRules
from zhnews.rules import RuleError, nested_repetition
from zhnews.run import Settings, run_corpus

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
RULES = ROOT / "rules"
GOOD = "2025-03-baidu-researcher-founds-lanzhou-zhisuan.txt"
ARTICLE = "前百度研究员李明远今年2月离职，明天将在北京创办兰舟智算公司，下周发布首款产品。\n"


def _run(corpus: Path, out: Path, **settings) -> tuple:
    summary, frames = run_corpus(corpus, out, Settings(**settings), progress=False, use_cache=False)
    return summary, frames["documents"].set_index("path"), frames


def _corpus_with(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / GOOD, corpus / GOOD)
    return corpus


def _front(published: str, body: str = ARTICLE, newline: str = "\n") -> bytes:
    return newline.join(["---", "title: 标题", f"published: {published}", "---", body]).encode()


def _check_row(docs, rel: str, status: str, says: str) -> None:
    row = docs.loc[rel]
    assert row["status"] == status, (rel, row["status"], row["error"])
    assert says in row["error"], (rel, row["error"])
    assert docs.loc[GOOD, "status"] == "ok"


# --- one kind at a time ----------------------------------------------------------------------------

@pytest.mark.parametrize("published", ["2025-02-30", "0000-01-01"])
def test_front_matter_date_that_is_no_date_is_partial(tmp_path, published):
    corpus = _corpus_with(tmp_path)
    (corpus / "bad.txt").write_bytes(_front(published))
    summary, docs, _ = _run(corpus, tmp_path / "out")
    _check_row(docs, "bad.txt", "partial", "is not a date")
    assert summary.documents == 2


@pytest.mark.parametrize("anchor, text", [("9999-12-31", "明天发布，下周上市。"), ("0001-01-01", "昨天发布。")])
def test_relative_dates_at_the_ends_of_the_calendar_stay_empty(tmp_path, anchor, text):
    corpus = _corpus_with(tmp_path)
    (corpus / "edge.txt").write_bytes(_front(anchor, text))
    summary, docs, frames = _run(corpus, tmp_path / "out")
    assert docs.loc["edge.txt", "status"] == "ok"
    edge = frames["dates"][frames["dates"]["doc_id"] == docs.loc["edge.txt", "doc_id"]]
    assert len(edge) >= 1 and set(edge["value"].fillna("")) == {""}
    assert all(note.startswith(OUT_OF_RANGE_NOTE) for note in edge["note"]), list(edge["note"])
    # --anchor gives the same, for a file without a date
    (corpus / "edge.txt").write_text(text, encoding="utf-8")
    summary, docs, frames = _run(corpus, tmp_path / "out2", default_anchor=anchor)
    assert summary.failed == 0


@pytest.mark.parametrize("anchor, text, beyond", [("9999-12-31", "下个月和明年", ["10000-01", "10000"]),
                                                  ("0001-01-01", "上个月和去年", ["0000-12", "0000"])])
def test_a_value_outside_the_calendar_is_empty_with_a_note_naming_it(anchor, text, beyond):
    import datetime as dt

    found = DateExtractor.from_rules(RULES).extract(text, dt.date.fromisoformat(anchor))
    assert [(d.value, d.note) for d in found] == [("", f"{OUT_OF_RANGE_NOTE}: {value}") for value in beyond]
    inside = DateExtractor.from_rules(RULES).extract(text, dt.date(2025, 6, 30))
    assert [d.note for d in inside] == ["", ""] and all(d.value for d in inside)


def test_date_values_keep_years_within_1_to_9999(tmp_path):
    corpus = _corpus_with(tmp_path)
    (corpus / "far.txt").write_bytes(_front("2025-03-01", "公元10000年3月和0000年，还有前1年的记录；2025年3月也提到。"))
    _, docs, frames = _run(corpus, tmp_path / "out")
    years = [re.match(r"-?\d+", v).group() for v in frames["dates"]["value"].dropna() if re.match(r"-?\d", v)]
    assert "2025" in years and all(len(y) == 4 and 1 <= int(y) <= 9999 for y in years), years
    # what was read but left empty says why; a resolved value carries no note
    far = frames["dates"][frames["dates"]["doc_id"] == docs.loc["far.txt", "doc_id"]].fillna("")
    noted = far[far["note"] != ""]
    assert set(noted["value"]) <= {""} and all(note.startswith(OUT_OF_RANGE_NOTE) for note in noted["note"])
    assert set(far[far["value"] != ""]["note"]) <= {""}


def test_manifest_row_with_an_absolute_path_is_ignored_with_a_warning(tmp_path):
    corpus = _corpus_with(tmp_path)
    (corpus / "plain.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "manifest.csv").write_text("path,title\n/etc/passwd,x\n../../x.txt,y\nplain.txt,好标题\n", encoding="utf-8")
    summary, docs, _ = _run(corpus, tmp_path / "out")
    assert docs.loc["plain.txt", "title"] == "好标题" and len(docs) == 2
    assert any("manifest.csv:3" in p for p in summary.problems)
    assert any("manifest.csv:2" in p and "not inside the corpus" in p for p in summary.problems)


def test_file_name_that_is_not_utf8_gets_a_row(tmp_path):
    corpus = _corpus_with(tmp_path)
    with open(os.path.join(os.fsencode(corpus), b"caf\xe9.txt"), "wb") as handle:
        handle.write(ARTICLE.encode())
    summary, docs, frames = _run(corpus, tmp_path / "out")
    _check_row(docs, "caf\ufffd.txt", "partial", "not valid UTF-8")
    assert summary.documents == 2 and len(frames["mentions"]) > 0


@pytest.mark.parametrize("front, says", [
    ("a: " + "[" * 3000 + "]" * 3000, "nested more than"),
    ("a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
                                                   for p, c in zip("abcdefgh", "bcdefghi")), "alias"),
    ("title: " + "长" * 70_000, "longer than"),
    ("- a list\n- not a mapping", "key: value"),
    ("title: [unclosed", "not valid YAML"),
])
def test_hostile_front_matter_fails_only_its_document(tmp_path, front, says):
    corpus = _corpus_with(tmp_path)
    (corpus / "bad.md").write_text(f"---\n{front}\n---\n{ARTICLE}", encoding="utf-8")
    summary, docs, _ = _run(corpus, tmp_path / "out")
    _check_row(docs, "bad.md", "failed", says)
    assert summary.failed == 1


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_front_matter_with_crlf_or_cr_line_ends(tmp_path, newline):
    corpus = _corpus_with(tmp_path)
    (corpus / "dos.txt").write_bytes(_front("2025-03-14", ARTICLE.replace("\n", newline), newline))
    _, docs, frames = _run(corpus, tmp_path / "out")
    row = docs.loc["dos.txt"]
    assert (row["status"], row["title"], row["published"]) == ("ok", "标题", "2025-03-14")
    dates = frames["dates"][frames["dates"]["doc_id"] == row["doc_id"]]
    assert "2025-02" in set(dates["value"])


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path, codec):
    corpus = _corpus_with(tmp_path)
    (corpus / "u16.txt").write_bytes((CORPUS / GOOD).read_text(encoding="utf-8").encode(codec))
    _, docs, frames = _run(corpus, tmp_path / "out")
    assert (docs.loc["u16.txt", "status"], docs.loc["u16.txt", "encoding"]) == ("ok", codec)
    mentions = frames["mentions"].groupby("doc_id")["text"].apply(list)
    assert mentions[docs.loc["u16.txt", "doc_id"]] == mentions[docs.loc[GOOD, "doc_id"]]


def test_binary_with_nul_bytes_still_fails(tmp_path):
    corpus = _corpus_with(tmp_path)
    (corpus / "blob.txt").write_bytes(bytes(range(256)) * 20)
    _, docs, _ = _run(corpus, tmp_path / "out")
    _check_row(docs, "blob.txt", "failed", "binary file")


def test_special_files_are_refused_not_read(tmp_path):
    corpus = _corpus_with(tmp_path)
    os.mkfifo(corpus / "pipe.txt")  # reading it would wait for a writer for ever
    os.symlink("/dev/zero", corpus / "zero.txt")  # reading it would fill memory
    os.symlink(corpus / "missing.txt", corpus / "dangling.txt")
    summary, docs, _ = _run(corpus, tmp_path / "out")
    _check_row(docs, "pipe.txt", "failed", "named pipe")
    _check_row(docs, "zero.txt", "skipped", "outside the corpus")
    _check_row(docs, "dangling.txt", "failed", "cannot read")
    assert summary.failed == 2
    summary, docs, _ = _run(corpus, tmp_path / "out", outside_links=True)  # followed, then refused by its type
    _check_row(docs, "zero.txt", "failed", "character device")


def test_file_over_the_size_bound(tmp_path):
    corpus = _corpus_with(tmp_path)
    (corpus / "big.txt").write_text(ARTICLE * 200, encoding="utf-8")
    _, docs, _ = _run(corpus, tmp_path / "out", max_bytes=10_000)
    _check_row(docs, "big.txt", "failed", "raise --max-bytes")


def _make_deep(root: Path, depth: int) -> str:
    folder = str(root)
    for _ in range(depth):  # os.makedirs would itself recurse too deep
        folder = os.path.join(folder, "d")
        os.mkdir(folder)
    return folder


@pytest.fixture()
def deep_cleanup():
    """Removes the deep folders bottom-up after the test (shutil.rmtree, used by pytest's clean-up
    of old tmp folders, recurses too deep on them)."""
    made: list[str] = []
    yield made
    for folder in made:
        while os.path.basename(folder) == "d":
            for name in os.listdir(folder):
                if not os.path.isdir(os.path.join(folder, name)):
                    os.unlink(os.path.join(folder, name))
            os.rmdir(folder)
            folder = os.path.dirname(folder)


def test_deep_folders_are_walked_without_recursion(tmp_path, deep_cleanup):
    corpus = _corpus_with(tmp_path)
    deep = _make_deep(corpus, 1100)  # deeper than Python's recursion limit
    deep_cleanup.append(deep)
    Path(deep, "deep.txt").write_text(ARTICLE, encoding="utf-8")
    summary, docs, _ = _run(corpus, tmp_path / "out")
    assert summary.documents == 2
    deep_rows = [p for p in docs.index if p.endswith("deep.txt")]
    assert len(deep_rows) == 1 and deep_rows[0].count("/") == 1100


def test_symlink_loop_gives_each_article_once(tmp_path):
    corpus = _corpus_with(tmp_path)
    (corpus / "sub").mkdir()
    (corpus / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink(".", corpus / "up")
    os.symlink("..", corpus / "sub" / "back")
    summary, docs, _ = _run(corpus, tmp_path / "out")
    assert sorted(docs.index) == sorted([GOOD, "sub/b.txt"])
    assert any("already read" in p for p in summary.problems)


def test_links_out_of_the_corpus_are_skipped_unless_allowed(tmp_path):
    corpus = _corpus_with(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink(outside, corpus / "linked")
    os.symlink(outside / "secret.txt", corpus / "one.txt")
    summary, docs, _ = _run(corpus, tmp_path / "out")
    _check_row(docs, "linked", "skipped", "outside the corpus")
    _check_row(docs, "one.txt", "skipped", "--outside-links")
    assert summary.failed == 0 and summary.skipped == 2
    _, docs, _ = _run(corpus, tmp_path / "out2", outside_links=True)
    assert {"linked/secret.txt", "one.txt"} <= set(docs.index) and set(docs["status"]) == {"ok"}


def test_hidden_article_gets_a_skipped_row(tmp_path):
    corpus = _corpus_with(tmp_path)
    (corpus / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / ".git").mkdir()
    (corpus / ".git" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    summary, docs, _ = _run(corpus, tmp_path / "out")
    _check_row(docs, ".hidden.txt", "skipped", "hidden file")
    assert summary.documents == 2


def test_file_of_another_format_gets_a_skipped_row(tmp_path):
    corpus = _corpus_with(tmp_path)
    (corpus / "scan.pdf").write_bytes(b"%PDF-1.7\n" + ARTICLE.encode("utf-8"))
    (corpus / "sub").mkdir()
    (corpus / "sub" / "NOTES").write_text(ARTICLE, encoding="utf-8")
    (corpus / "README.txt").write_text("about this corpus", encoding="utf-8")
    summary, docs, _ = _run(corpus, tmp_path / "out")
    _check_row(docs, "scan.pdf", "skipped", "not an article format (.pdf)")
    _check_row(docs, "sub/NOTES", "skipped", "(no extension)")
    assert "README.txt" not in docs.index and summary.skipped == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root can list any folder")
def test_folder_that_cannot_be_listed_gets_a_failed_row(tmp_path):
    corpus = _corpus_with(tmp_path)
    (corpus / "locked").mkdir()
    (corpus / "locked" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.chmod(corpus / "locked", 0)
    try:
        summary, docs, _ = _run(corpus, tmp_path / "out")
    finally:
        os.chmod(corpus / "locked", 0o755)
    _check_row(docs, "locked", "failed", "cannot list")
    assert summary.failed == 1


def test_article_mostly_removed_as_noise_is_partial(tmp_path):
    corpus = _corpus_with(tmp_path)
    tail = "".join(f"相关阅读：第{k}篇报道的标题在这里，点击查看更多内容\n" for k in range(30))
    (corpus / "noisy.txt").write_text("李明远离职。\n" + tail, encoding="utf-8")
    _, docs, _ = _run(corpus, tmp_path / "out")
    _check_row(docs, "noisy.txt", "partial", "noise rules removed")
    assert "tail.references" in docs.loc["noisy.txt", "error"]


def test_an_exception_inside_one_document_becomes_its_failed_row(tmp_path, monkeypatch):
    """The firewall itself: a fault in a stage (here the segmenter, for one text) of any type."""
    import zhnews.segment as segment

    corpus = _corpus_with(tmp_path)
    (corpus / "trips.txt").write_text("触发故障的文章。" + ARTICLE, encoding="utf-8")
    original = segment.Segmenter.segment

    def faulty(self, text):
        if "触发故障" in text:
            raise KeyError("simulated fault")
        return original(self, text)

    monkeypatch.setattr(segment.Segmenter, "segment", faulty)
    summary, docs, frames = _run(corpus, tmp_path / "out")
    _check_row(docs, "trips.txt", "failed", "KeyError")
    assert summary.failed == 1 and len(frames["mentions"]) > 0


# --- every kind at once, through the CLI -----------------------------------------------------------

def _mixed_batch(corpus: Path, deep_cleanup: list) -> int:
    """Good articles plus every bad kind above; returns the number of inputs that must get a row."""
    shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns("README*"))
    bad = {
        "fm-date.txt": _front("2025-02-30"), "fm-zero.txt": _front("0000-01-01"),
        "far-future.txt": _front("9999-12-31", "明天和下周。"), "far-past.txt": _front("0001-01-01", "昨天。"),
        "fm-deep.md": ("---\na: " + "[" * 3000 + "]" * 3000 + "\n---\n正文。").encode(),
        "fm-bomb.md": ("---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")) + "---\n正文。").encode(),
        "crlf.txt": _front("2025-03-14", ARTICLE, "\r\n"), "cr.txt": _front("2025-03-14", ARTICLE, "\r"),
        "u16.txt": ARTICLE.encode("utf-16-le"), "empty.txt": b"", "pdf.txt": b"%PDF-1.4 binary",
        "nul.txt": bytes(range(256)) * 4, "gbk.txt": ARTICLE.encode("gb18030"), "latin1.txt": "caf\xe9 " .encode("latin-1") * 50,
        "big.txt": ARTICLE.encode() * 20_000, ".hidden.txt": ARTICLE.encode(),
        "noisy.txt": ("正文。\n" + "推荐阅读：很长的推广标题在这里反复出现\n" * 30).encode(),
        "far-years.txt": _front("2025-03-01", "公元10000年3月和0000年。"),
    }
    for name, data in bad.items():
        (corpus / name).write_bytes(data)
    with open(os.path.join(os.fsencode(corpus), b"\xff\xfename.txt"), "wb") as handle:
        handle.write(ARTICLE.encode())
    os.mkfifo(corpus / "fifo.txt")
    os.symlink("/dev/zero", corpus / "zero.txt")
    os.symlink(".", corpus / "loop")
    os.symlink("/etc", corpus / "etc-link")
    (corpus / "manifest.csv").write_text("path,title\n/etc/passwd,x\n", encoding="utf-8")
    (corpus / "deep").mkdir()
    deep = _make_deep(corpus / "deep", 1100)
    deep_cleanup.append(deep)
    Path(deep, "bottom.txt").write_text(ARTICLE, encoding="utf-8")
    articles = 15  # the bundled corpus
    return articles + len(bad) + 1 + 2 + 1 + 1  # + odd name, fifo and zero, etc-link row, bottom.txt


def test_mixed_batch_gives_every_input_a_row_and_exit_1(tmp_path, deep_cleanup):
    corpus = tmp_path / "corpus"
    inputs = _mixed_batch(corpus, deep_cleanup)
    out = tmp_path / "out"
    # a child process with a 2 GB address-space bound: a blow-up fails the run instead of the machine
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30));"
    proc = subprocess.run([sys.executable, "-c", limit + "from zhnews.cli import main; main()", "run", str(corpus),
                           "--out", str(out), "--jobs", "2", "--max-bytes", "1000000"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    docs = pd.read_csv(out / "documents.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(docs) == inputs and docs["doc_id"].is_unique
    assert set(docs["status"]) == {"ok", "partial", "failed", "skipped"}
    assert (docs["error"] != "").sum() == (docs["status"] != "ok").sum()
    assert outdir.check_set(out) == []


# --- rule files ------------------------------------------------------------------------------------

@pytest.fixture()
def rules_copy(tmp_path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize("pattern, risky", [
    (r"(?P<name>(a+)+)$", True), (r"(a*)*b", True), (r"(\s*\S+)*x", True), (r"(?:(?:a|b)+c?){2,}", True),
    (r"(\d+[,，])+", False), (r"(?:ab|a)+", False), (r"(a++)+", False), (r"((?>a+))+", False),
])
def test_nested_repetition_detector(pattern, risky):
    assert bool(nested_repetition(pattern)) is risky


def test_catastrophic_regex_is_rejected_in_entity_noise_and_date_rules(rules_copy):
    _append(rules_copy / "entities" / "patterns.yaml",
            "  - {id: user.bad, kind: regex, label: ORG, pattern: '(?P<name>(a+)+)$'}\n")
    with pytest.raises(RuleError) as caught:
        EntityExtractor.from_rules(rules_copy)
    assert caught.value.code == "R011" and caught.value.line
    _append(rules_copy / "normalize" / "noise.yaml", "- id: user.bad\n  kind: inline\n  pattern: '(x+)+y'\n")
    with pytest.raises(RuleError, match="backtrack"):
        NormalizeRules.from_rules(rules_copy)
    patterns = rules_copy / "dates" / "patterns.yaml"
    text = patterns.read_text(encoding="utf-8")
    first = text.index("    pattern: '") + len("    pattern: '")
    patterns.write_text(text[:first] + "(?:(?:年)+ ?)+" + text[first:], encoding="utf-8")
    with pytest.raises(RuleError, match="backtrack"):
        DateExtractor.from_rules(rules_copy)


def _check_cli(rules_dir: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["rules", "check", "--rules", str(rules_dir)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("name, content, says", [
    ("bomb.yaml", "label: ORG\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                  "entries: [*b]\n", "alias"),
    ("deep.yaml", "label: ORG\nentries: " + "[" * 3000 + "]" * 3000 + "\n", "nested more than"),
])
def test_hostile_gazetteer_yaml_is_refused_with_file_and_line(rules_copy, name, content, says):
    (rules_copy / "entities" / "gazetteer" / name).write_text(content, encoding="utf-8")
    code, output = _check_cli(rules_copy)
    assert code == 2 and f"{name}:" in output and says in output


def test_folder_with_a_rule_file_name(rules_copy):
    (rules_copy / "entities" / "gazetteer" / "x.yaml").mkdir()
    code, output = _check_cli(rules_copy)
    assert code == 2 and "x.yaml" in output and "not a regular file" in output


def test_threshold_must_be_a_number(rules_copy):
    path = rules_copy / "entities" / "patterns.yaml"
    text = path.read_text(encoding="utf-8")
    assert "threshold: " in text
    start = text.index("threshold: ") + len("threshold: ")
    end = text.index("\n", start)
    path.write_text(text[:start] + "abc" + text[end:], encoding="utf-8")
    code, output = _check_cli(rules_copy)
    line = text[:start].count("\n") + 1
    assert code == 2 and "'threshold' must be a number" in output and "patterns.yaml:" in output
    assert any(f"patterns.yaml:{n}:" in output for n in range(line - 8, line + 1))


# --- output folder --------------------------------------------------------------------------------

def test_output_folder_that_cannot_be_created_is_reported_before_any_work(tmp_path):
    corpus = _corpus_with(tmp_path)
    (tmp_path / "file").write_text("x")
    result = CliRunner().invoke(main, ["run", str(corpus), "--out", str(tmp_path / "file" / "out")])
    assert result.exit_code == 2 and "Output folder problem" in result.output and "--out" in result.output


def test_second_run_on_the_same_out_is_refused_clearly(tmp_path):
    corpus = _corpus_with(tmp_path)
    out = tmp_path / "out"
    lock = outdir.RunLock(out).acquire()
    try:
        result = CliRunner().invoke(main, ["run", str(corpus), "--out", str(out), "--no-cache"])
    finally:
        lock.release()
    assert result.exit_code == 2 and "another zhnews run" in result.output
    assert not (out / "documents.csv").exists()


def test_full_disk_keeps_the_previous_tables_and_csv_agrees_with_parquet(tmp_path):
    corpus = _corpus_with(tmp_path)
    out = tmp_path / "out"
    _run(corpus, out)
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file() and ".cache" not in p.parts}
    shutil.copy(CORPUS / "2026-02-hengtong-medical-series-b.txt", corpus / "second.txt")

    def small_disk():  # writes past 3 kB fail as on a full disk (EFBIG instead of ENOSPC)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (3_000, 3_000))

    proc = subprocess.run([sys.executable, "-m", "zhnews", "run", str(corpus), "--out", str(out), "--no-cache"],
                          capture_output=True, text=True, preexec_fn=small_disk, timeout=300)
    assert proc.returncode == 2 and "previous run are unchanged" in proc.stderr, proc.stderr
    after = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file() and ".cache" not in p.parts}
    assert after == before and outdir.check_set(out) == []


def test_output_files_are_readable_by_others(tmp_path):
    corpus = _corpus_with(tmp_path)
    old = os.umask(0o022)
    try:
        _run(corpus, tmp_path / "out")
    finally:
        os.umask(old)
    assert (tmp_path / "out" / "documents.csv").stat().st_mode & 0o777 == 0o644


# --- cache ----------------------------------------------------------------------------------------

class _Payload:
    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def test_crafted_pickle_in_the_cache_is_never_loaded(tmp_path):
    corpus = _corpus_with(tmp_path)
    out = tmp_path / "out"
    run_corpus(corpus, out, progress=False)
    first = (out / "mentions.csv").read_bytes()
    marker = tmp_path / "owned"
    db = sqlite3.connect(out / ".cache" / "zhnews.sqlite")
    crafted = pickle.dumps(_Payload(str(marker)))
    db.execute("UPDATE docs SET output=?, seg=?, matches=?", (crafted, crafted, crafted))
    db.commit()
    db.close()
    summary, _ = run_corpus(corpus, out, progress=False)
    assert not marker.exists()
    assert summary.reused == 0  # the bad entries are recomputed
    assert (out / "mentions.csv").read_bytes() == first
    summary, _ = run_corpus(corpus, out, progress=False)
    assert summary.reused == 1  # and replaced by a good one


def test_corrupt_segmentation_entry_is_recomputed_on_a_rule_edit(tmp_path, rules_copy):
    corpus = _corpus_with(tmp_path)
    out = tmp_path / "out"
    run_corpus(corpus, out, Settings(rules_dir=rules_copy), progress=False)
    first = (out / "dates.csv").read_bytes()
    db = sqlite3.connect(out / ".cache" / "zhnews.sqlite")
    db.execute("UPDATE docs SET seg=?", (b'["zhnews-cache-json-1","segmented",{"raw":{}}]',))
    db.commit()
    db.close()
    _append(rules_copy / "events" / "README.md", "\n")  # an edit that forces re-extraction from the cache
    _append(rules_copy / "dates" / "patterns.yaml", "# a comment\n")
    summary, _ = run_corpus(corpus, out, Settings(rules_dir=rules_copy), progress=False)
    assert summary.failed == 0 and (out / "dates.csv").read_bytes() == first


# --- kill -9 at several points of a --jobs 2 run -----------------------------------------------------

def _start(corpus: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "zhnews", "run", str(corpus), "--out", str(out), "--jobs", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _kill_when(proc: subprocess.Popen, ready, timeout: float = 120) -> bool:
    """kill -9 the main process as soon as ``ready()``; False when the run ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if _ready(ready):
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            try:  # workers and the table-writing child of the killed run
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            return True
        time.sleep(0.002)
    proc.wait()
    return False


def _ready(ready) -> bool:
    """``ready()``, False when the folder it globs vanished under it (the run renames or removes
    its staging folder while the test polls: rglob raises FileNotFoundError then)."""
    try:
        return ready()
    except FileNotFoundError:
        return False


def _after(seconds: float):
    first: list[float] = []

    def ready() -> bool:
        first.append(time.monotonic())
        return first[-1] - first[0] > seconds

    return ready


def _tables(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def test_kill_at_any_point_leaves_one_complete_table_set(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    articles = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".md") and p.name != "README.md")
    for k in range(4):  # enough documents that table writing takes a while (~60 articles)
        for path in articles:
            shutil.copy(path, corpus / f"{k}-{path.name}")
    reference = tmp_path / "reference"
    run_corpus(corpus, reference, jobs=1, progress=False, use_cache=False)

    out = tmp_path / "out"
    staging = out / outdir.STAGING
    # 1. fresh folder, killed while the tables are written: no table at all
    assert _kill_when(_start(corpus, out), lambda: any(staging.glob("*.csv")))
    assert not list(out.glob("*.csv")) and not (out / "parquet").exists()
    # 2. rerun completes and equals a run from scratch
    assert _start(corpus, out).wait() == 0
    assert _tables(out) == _tables(reference) and outdir.check_set(out) == []
    old = _tables(out)
    # 3. one more article: kills during documents, at the start of table writing, and with part of
    #    the tables written, each leave exactly the previous set
    shutil.copy(CORPUS / GOOD, corpus / "new.txt")
    points = [_after(1.0), lambda: staging.exists(),
              lambda: any(staging.rglob("*.parquet"))]
    for ready in points:
        killed = _kill_when(_start(corpus, out), ready)
        assert killed
        assert _tables(out) == old and outdir.check_set(out) == []
    # 4. the rerun after the kills is byte-identical to a run from scratch
    _start(corpus, out).wait()
    run_corpus(corpus, reference, jobs=1, progress=False, use_cache=False)
    assert _tables(out) == _tables(reference) and outdir.check_set(out) == []


def test_wrong_type_without_a_line_check_is_still_a_message(rules_copy, tmp_path):
    """A value no loader checks by line (a date setting) still gives a message, at check and at run."""
    path = rules_copy / "dates" / "lexicon.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("yearless_past_after_months: 6",
                                                             "yearless_past_after_months: abc"), encoding="utf-8")
    code, output = _check_cli(rules_copy)
    assert code == 2 and "R013" in output and "abc" in output
    result = CliRunner().invoke(main, ["run", str(_corpus_with(tmp_path)), "--rules", str(rules_copy),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "Rule error" in result.output and "Traceback" not in result.output


# --- a stop between the steps of a commit: readers see one set whatever the step ------------------

def _add_second(corpus: Path) -> Path:
    shutil.copy(CORPUS / "2026-02-hengtong-medical-series-b.txt", corpus / "second.txt")
    return corpus


@pytest.mark.parametrize("step, done, shows", [("_set_current", False, "old"), ("_set_current", True, "new"),
                                               ("_link_tables", False, "new"), ("_link_tables", True, "new")])
def test_a_stop_at_any_step_of_the_commit_shows_one_whole_set(tmp_path, monkeypatch, step, done, shows):
    out, reference = tmp_path / "out", tmp_path / "reference"
    corpus = _corpus_with(tmp_path)
    _run(corpus, out)
    old = _tables(out)
    _run(_add_second(corpus), reference)

    real_step = getattr(outdir, step)

    def stop(*args):  # as a kill would, right before or right after the step
        if done:
            real_step(*args)
        raise KeyboardInterrupt

    monkeypatch.setattr(outdir, step, stop)
    with pytest.raises(KeyboardInterrupt):
        run_corpus(corpus, out, progress=False, use_cache=False)
    expected = old if shows == "old" else _tables(reference)
    assert _tables(out) == expected and outdir.check_set(out) == []
    monkeypatch.undo()
    _run(corpus, out)  # the next run tidies up: one set folder, the new tables
    assert _tables(out) == _tables(reference) and len(list((out / outdir.VERSIONS).iterdir())) == 2


def test_tables_of_the_plain_file_layout_are_taken_over_without_a_mix(tmp_path, monkeypatch):
    """An output folder written by a zhnews before the versioned layout (plain files) becomes the
    current set before the first switch: a stop right at the switch still shows the old tables."""
    out, reference = tmp_path / "out", tmp_path / "reference"
    corpus = _corpus_with(tmp_path)
    _run(corpus, reference)
    shutil.copytree(reference, out, ignore=shutil.ignore_patterns(".tables", ".cache"))  # links copied as files
    assert not (out / "documents.csv").is_symlink()
    old = _tables(out)
    calls = []
    real_set_current = outdir._set_current

    def set_current_once(out_dir, name):
        calls.append(name)
        if len(calls) > 1:
            raise KeyboardInterrupt
        real_set_current(out_dir, name)

    monkeypatch.setattr(outdir, "_set_current", set_current_once)
    with pytest.raises(KeyboardInterrupt):
        run_corpus(_add_second(corpus), out, progress=False, use_cache=False)
    assert calls[0] == "legacy" and (out / "documents.csv").is_symlink()
    assert _tables(out) == old and outdir.check_set(out) == []
