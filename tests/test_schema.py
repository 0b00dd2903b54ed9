"""The tables' one definition (pipeline/schema.py) and the rows built from it."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from zhnews import api, schema
from zhnews.explain import explain_text
from zhnews.ingest import RawDocument, make_doc_id
from zhnews.processor import Settings, processor_for
from zhnews.rows import MENTION_ROW, ROW_BUILDERS

ROOT = Path(__file__).resolve().parent.parent
TEXT = ("---\npublished: 2025-03-14\n---\n华为技术有限公司周二宣布，前百度研究员李明远加盟华为，出任首席科学家。"
        "李明远表示，华为将在明年推出新芯片。")


def test_readme_table_reference_is_generated_from_the_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == schema.sync_doc(readme), "run `.venv/bin/python -m zhnews.schema` to update README.md"


def test_every_table_has_a_builder_and_a_record_class():
    # documents come from document_row, entities from linking; every other table from its row builder
    assert set(ROW_BUILDERS) | {"documents", "entities"} == set(schema.TABLE_NAMES)
    fields = {f.name for f in dataclasses.fields(api.Extraction)}
    assert fields == {"document"} | set(schema.TABLE_NAMES) - {"documents"}
    assert set(api.RECORD_CLASSES) == set(schema.TABLE_NAMES)


def test_columns_are_typed_and_described():
    for table in schema.TABLES.values():
        assert len(set(table.names)) == len(table.names), table.name
        for column in table.columns:
            assert column.type in schema.TYPES and column.doc, (table.name, column.name)
            assert not column.references or column.references in schema.TABLES
        assert not table.key or table.key in table.names
        assert set(table.diff_fields) <= set(table.names) | {"arguments"}  # events: its arguments, summarised


def test_rows_of_one_document_have_their_table_width():
    raw = RawDocument(doc_id=make_doc_id("a.txt"), path="a.txt", text=TEXT, encoding="utf-8",
                      metadata={"published": "2025-03-14"})
    done = processor_for(Settings()).process(raw)
    assert list(done.output.document) == schema.COLUMNS["documents"]
    rows = done.output.rows
    assert rows["mentions"] and rows["events"] and rows["facts"]
    for name, table_rows in rows.items():
        if name == "links":
            continue
        width = len(MENTION_ROW) if name == "mentions" else len(schema.COLUMNS[name])
        assert {len(row) for row in table_rows} == {width}, name


def test_explain_shows_the_rows_a_run_writes():
    """explain runs through the processor the batch uses: its mentions, dates and events are the
    rows `zhnews extract` (and a run) gives for the same text."""
    report = explain_text(TEXT, Settings())
    found = api.extract(TEXT.split("---\n", 2)[2], published="2025-03-14")
    offset = TEXT.index("华为技术")  # extract was given the text without its front matter
    assert [(m["start"] - offset, m["text"], m["label"], m["rule_id"]) for m in report["mentions"]] == \
        [(m.start, m.text, m.label, m.rule_id) for m in found.mentions]
    assert [(d["text"], d["value"], d["rule_id"]) for d in report["dates"]] == \
        [(d.text, d.value, d.rule_id) for d in found.dates]
    assert [(e["type"], e["text"], e["rule_id"], e["modality"]) for e in report["events"]] == \
        [(e.type, e.trigger, e.rule_id, e.modality) for e in found.events]


def test_facts_word_lists_are_rules_data(tmp_path):
    import shutil

    import pytest

    from zhnews import rule_changes
    from zhnews.facts import RULES_FILE, FactRules
    from zhnews.rules import DEFAULT_RULES_DIR, RuleError

    rules = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, rules)
    before = rule_changes.snapshot(rules)
    facts = rules / RULES_FILE
    facts.write_text(facts.read_text(encoding="utf-8").replace("role_tails: [", "role_tails: [任上, "), encoding="utf-8")
    assert FactRules.from_rules(rules).role_tail.sub("", "总经理任上") == "总经理"
    # an edit reaches every document on the next run: the facts of each event are rebuilt
    assert rule_changes.compare(before, rule_changes.snapshot(rules)).everything
    facts.write_text("role_tails: [时]\n", encoding="utf-8")
    with pytest.raises(RuleError) as error:
        FactRules.from_rules(rules)
    assert error.value.code == "R402" and "quantity_numerals" in error.value.message
    facts.unlink()
    with pytest.raises(RuleError) as error:
        FactRules.from_rules(rules)
    assert error.value.code == "R401" and error.value.path == str(facts)
