"""zhnews as a library: zhnews.extract / zhnews.run, the spaCy component, rules laid over the
defaults, and the README's Python examples (executed as written)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import zhnews
from conftest import ROOT
from zhnews.cli import main

TEXT = "前百度研究员李明远今年2月离职，创办澜舟智算。"
TEXT_TW = "前百度研究員李明遠今年2月離職，創辦瀾舟智算。"


def test_extract_gives_the_rows_the_cli_writes(tmp_path):
    result = zhnews.extract(TEXT, published="2025-03-14")
    assert [(m.text, m.label) for m in result.mentions][:2] == [("百度", "ORG"), ("李明远", "PERSON")]
    assert [(d.text, d.value) for d in result.dates] == [("今年2月", "2025-02")]
    assert [e.type for e in result.events] and result.events[0].date_value == "2025-02"
    assert isinstance(result.mentions[0].start, int) and result.document.status == "ok"
    assert list(pd.DataFrame(result.mentions).columns) == list(result.frames()["mentions"].columns)

    (tmp_path / "a.txt").write_text(f"---\npublished: 2025-03-14\n---\n{TEXT}", encoding="utf-8")
    _summary, frames = zhnews.run.run_corpus(tmp_path / "a.txt", tmp_path / "out", progress=False)
    offset = len("---\npublished: 2025-03-14\n---\n")
    columns = ["text", "text_simplified", "label", "canonical_name", "rule_id"]
    cli_rows = frames["mentions"][columns].astype(str).values.tolist()
    assert [[getattr(m, c) for c in columns] for m in result.mentions] == cli_rows
    assert [m.start + offset for m in result.mentions] == list(frames["mentions"]["start"])

    traditional = zhnews.extract(TEXT_TW, published="2025-03-14")
    assert [(m.start, m.end, m.text_simplified) for m in traditional.mentions] == \
           [(m.start, m.end, m.text_simplified) for m in result.mentions]
    assert all(TEXT_TW[m.start:m.end] == m.text for m in traditional.mentions)


def test_extract_without_published_warns_and_rejects_a_bad_date():
    result = zhnews.extract(TEXT)
    assert result.dates[0].value == "" and result.document.warning.startswith("no published date")
    with pytest.raises(ValueError, match="not a date"):
        zhnews.extract(TEXT, published="March")


def test_run_is_the_batch_and_counts_articles_without_published(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "b.txt").write_text(f"---\npublished: 2025-03-14\n---\n{TEXT}", encoding="utf-8")
    result = zhnews.run(corpus, tmp_path / "out", use_cache=False)
    assert result.summary.documents == 2 and result.summary.no_published == 1
    docs = result.tables["documents"].set_index("path")
    assert docs.loc["a.txt", "warning"].startswith("no published date") and docs.loc["b.txt", "warning"] == ""
    assert docs.loc["a.txt", "status"] == "ok"
    cli = CliRunner().invoke(main, ["run", str(corpus), "--out", str(tmp_path / "out2")])
    assert cli.exit_code == 0 and "1 article(s) without a published date" in cli.output


def test_empty_corpus_and_unknown_eval_format_exit_2(tmp_path):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["run", str(tmp_path / "empty"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "no articles in" in result.output and ".jsonl" in result.output
    (tmp_path / "notes.txt").write_text("hello world\nthis is not gold data\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "notes.txt")])
    assert result.exit_code == 2 and "notes.txt" in result.output and "CLUENER" in result.output
    (tmp_path / "other.jsonl").write_text('{"sentence": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "other.jsonl")])
    assert result.exit_code == 2 and "other.jsonl" in result.output and "DuEE" in result.output


SPACY_SCRIPT = """
import json, spacy
nlp = spacy.blank("zh")
nlp.add_pipe("zhnews", config={"published": "2025-03-14"})
doc = nlp(%r)
html = spacy.displacy.render(doc, style="ent")
print(json.dumps({"ents": [[e.text, e.label_, e.start_char] for e in doc.ents],
                  "triggers": [s.text for s in doc.spans["zhnews_triggers"]], "shown": "李明遠" in html}))
"""


def test_spacy_component_found_through_the_entry_point_sets_ents_on_the_original_text(tmp_path):
    # a new interpreter, zhnews never imported: spaCy finds the factory by its entry point
    out = subprocess.run([sys.executable, "-c", SPACY_SCRIPT % TEXT_TW], cwd=tmp_path, capture_output=True,
                         text=True, check=True)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert ["李明遠", "PERSON", 6] in found["ents"] and ["今年2月", "DATE", 9] in found["ents"]
    assert found["triggers"] == ["離職"] or "離職" in found["triggers"]
    assert found["shown"]


def test_your_rules_lay_over_the_defaults(tmp_path):
    mine = tmp_path / "my-rules"
    (mine / "entities" / "gazetteer").mkdir(parents=True)
    empty = tmp_path / "empty-rules"
    empty.mkdir()
    assert zhnews.extract(TEXT, rules=empty).mentions == zhnews.extract(TEXT).mentions  # nothing to copy
    assert "澜舟智算" not in {m.text for m in zhnews.extract(TEXT).mentions}
    (mine / "entities" / "gazetteer" / "tech_companies.yaml").write_text(
        "extends: default\nlabel: ORG\nentries:\n  - {id: lanzhou-zs, canonical: 澜舟智算}\n", encoding="utf-8")
    result = zhnews.extract(TEXT, rules=mine)
    assert {"澜舟智算", "百度"} <= {m.text for m in result.mentions}  # the default gazetteer still applies
    # a word list that extends its default: one more generic title
    (mine / "entities" / "lists").mkdir()
    (mine / "entities" / "lists" / "person_deny.txt").write_text("# extends: default\n李明远\n", encoding="utf-8")
    assert "李明远" not in {m.text for m in zhnews.extract(TEXT, rules=mine).mentions}
    check = CliRunner().invoke(main, ["rules", "check", "--rules", str(mine)])
    assert check.exit_code == 0, check.output
    assert re.search(r"yours \+ default\s+entities/gazetteer/tech_companies.yaml", check.output)
    assert re.search(r"yours \+ default\s+entities/lists/person_deny.txt", check.output)
    assert re.search(r"default\s+dates/patterns.yaml", check.output)
    # a problem in your part of an extended file is reported at your file and line
    (mine / "entities" / "lists" / "person_deny.txt").write_text("# extends: default\n李明远\n\ufeffx\r\n",
                                                               encoding="utf-8")
    check = CliRunner().invoke(main, ["rules", "check", "--rules", str(mine), "--json"])
    problems = json.loads(check.output)["problems"]
    assert check.exit_code == 2 and problems[0]["file"] == str(mine / "entities" / "lists" / "person_deny.txt")
    assert problems[0]["line"] == 3
    origins = {o["file"]: o["origin"] for o in json.loads(check.output)["origins"]}
    assert origins["entities/gazetteer/tech_companies.yaml"] == "yours + default"


def test_extends_in_a_yaml_file_that_is_not_a_gazetteer_is_refused(tmp_path):
    (tmp_path / "dates").mkdir()
    (tmp_path / "dates" / "patterns.yaml").write_text("# mine\nextends: default\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "check", "--rules", str(tmp_path)])
    assert result.exit_code == 2 and f"{tmp_path / 'dates' / 'patterns.yaml'}:2" in result.output
    assert "gazetteer files and word lists only" in result.output


def _readme_python_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, re.S)


def test_readme_python_examples_run_as_written(tmp_path):
    examples = _readme_python_examples()
    assert len(examples) >= 3
    (tmp_path / "corpus").symlink_to(ROOT / "corpus")
    # `make run` first (the examples that read outputs/ follow the README's "make run")
    script = "import zhnews\nzhnews.run('corpus', 'outputs')\n" + "\n".join(examples)
    # one interpreter for all examples, in a folder that is not the checkout (outputs/ is made there)
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
