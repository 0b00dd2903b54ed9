"""zhnews report and export: the site in headless Chromium, hostile articles, SQLite through datasette.

The browser tests read positions from the rendered DOM (a Range from the article's start to each
highlight), not from the HTML source, and compare them with the tables' offsets.
"""
from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import CORPUS
from zhnews.cli import main
from zhnews.ingest import decode
from zhnews.report import Span, pieces
from zhnews.run import run_corpus
from zhnews.tables import read_table

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

# Every highlight of the rendered article: its kind and id, and its character range in the
# article's text as the browser laid it out.
HIGHLIGHT_RANGES = """
const article = document.getElementById("article");
return [...article.querySelectorAll(".hl")].map((node) => {
  const range = document.createRange();
  range.setStart(article, 0);
  range.setEndBefore(node);
  const start = range.toString().length;
  return [node.dataset.id, node.classList.contains("k-mention") ? "mention" : "other", start,
          start + node.textContent.length, node.textContent];
});
"""


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("headless Chromium is not installed here (Debian: apt-get install chromium chromium-driver; "
                    ".ci/run installs them); the browser tests are skipped")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1200,900"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # the page script's errors, for _script_errors
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report-run")
    run_corpus(CORPUS, out, progress=False)
    result = CliRunner().invoke(main, ["report", str(out), "--corpus", str(CORPUS)])
    assert result.exit_code == 0, result.output
    return out


def _script_errors(driver) -> list[str]:
    """Errors the browser logged since the last call (a failing page script, a missing asset)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _fragments(driver, page: Path) -> dict[str, list[tuple[int, int, str]]]:
    driver.get(page.as_uri())
    by_id: dict[str, list[tuple[int, int, str]]] = {}
    for span_id, _kind, start, end, text in driver.execute_script(HIGHLIGHT_RANGES):
        by_id.setdefault(span_id, []).append((start, end, text))
    return by_id


def _joined(fragments: list[tuple[int, int, str]]) -> tuple[int, int, str]:
    """One highlight drawn in pieces (it crosses another) must be contiguous pieces."""
    fragments = sorted(fragments)
    for (_, end, _), (start, _, _) in zip(fragments, fragments[1:]):
        assert end == start, f"highlight pieces leave a gap: {fragments}"
    return fragments[0][0], fragments[-1][1], "".join(text for _, _, text in fragments)


def test_every_mention_date_and_trigger_is_highlighted_at_its_offsets_in_the_browser(browser, corpus_report):
    mentions = read_table(corpus_report, "mentions")
    dates = read_table(corpus_report, "dates")
    events = read_table(corpus_report, "events")
    checked = 0
    for doc_id in read_table(corpus_report, "documents")["doc_id"]:
        drawn = _fragments(browser, corpus_report / "report" / "articles" / f"{doc_id}.html")
        expected = [(r.mention_id, r.start, r.end, r.text) for r in mentions[mentions.doc_id == doc_id].itertuples()]
        expected += [(r.date_id, r.start, r.end, r.text) for r in dates[dates.doc_id == doc_id].itertuples()]
        expected += [(r.event_id, r.trigger_start, r.trigger_end, r.trigger)
                     for r in events[events.doc_id == doc_id].itertuples()]
        assert set(drawn) == {row_id for row_id, *_ in expected}, doc_id
        for row_id, start, end, text in expected:
            assert _joined(drawn[row_id]) == (start, end, text), row_id
            checked += 1
        assert _script_errors(browser) == [], doc_id
    assert checked == len(mentions) + len(dates) + len(events) > 100


def test_hovering_a_mention_shows_its_rule_and_entity(browser, corpus_report):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    mentions = read_table(corpus_report, "mentions")
    row = mentions[(mentions.label == "PERSON") & (mentions.entity_id != "")].iloc[0]
    browser.get((corpus_report / "report" / "articles" / f"{row.doc_id}.html").as_uri())
    ActionChains(browser).move_to_element(browser.find_element(By.ID, row.mention_id)).perform()
    card = browser.find_element(By.ID, "card")
    assert card.is_displayed()
    assert row.rule_id in card.text and row.canonical_name in card.text
    link = card.find_element(By.TAG_NAME, "a")
    assert link.text == row.canonical_name
    browser.get(link.get_attribute("href"))
    assert row.canonical_name in browser.find_element(By.TAG_NAME, "h1").text


def test_a_rule_example_opens_its_article_with_the_row_marked(browser, corpus_report):
    from selenium.webdriver.common.by import By

    mentions = read_table(corpus_report, "mentions")
    rule = mentions.rule_id.value_counts().index[0]
    browser.get((corpus_report / "report" / "rules.html").as_uri())
    row = browser.find_element(By.ID, f"mentions:{rule}")
    assert int(row.find_elements(By.TAG_NAME, "td")[2].text) == (mentions.rule_id == rule).sum()
    example = row.find_element(By.CSS_SELECTOR, "a.example")
    mention_id = example.get_attribute("href").rsplit("#", 1)[1]
    assert mentions.set_index("mention_id").rule_id[mention_id] == rule
    example.click()
    marked = browser.find_elements(By.CSS_SELECTOR, "#article .hl.focus")
    assert marked and {m.get_attribute("data-id") for m in marked} == {mention_id}
    assert "".join(m.text for m in marked) == mentions.set_index("mention_id").text[mention_id]


def test_timeline_filters_by_type_and_entity(browser, corpus_report):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    events = read_table(corpus_report, "events")
    browser.get((corpus_report / "report" / "timeline.html").as_uri())
    rows = browser.find_elements(By.CSS_SELECTOR, "#timeline tbody tr")
    assert len(rows) == len(events)
    dates = [r.find_element(By.TAG_NAME, "td").text for r in rows]
    dated = [d for d in dates if d[:4].isdigit()]
    assert dates[:len(dated)] == dated  # undated last
    assert [d[:4] for d in dated] == sorted(d[:4] for d in dated)  # by date value
    days = [d for d in dated if len(d) == 10]
    assert days == sorted(days) and len(days) > 10
    assert browser.find_elements(By.CSS_SELECTOR, "#chart svg rect")
    Select(browser.find_element(By.ID, "f-type")).select_by_visible_text("personnel.depart")
    rows = browser.find_elements(By.CSS_SELECTOR, "#timeline tbody tr")
    assert len(rows) == (events.type == "personnel.depart").sum()
    arguments = read_table(corpus_report, "event_arguments")
    person = arguments[(arguments.role == "person") & (arguments.entity_id != "")
                       & arguments.event_id.isin(events[events.type == "personnel.depart"].event_id)].iloc[0]
    browser.find_element(By.ID, "f-entity").send_keys(person.entity_id)
    rows = browser.find_elements(By.CSS_SELECTOR, "#timeline tbody tr")
    expected = arguments[(arguments.entity_id == person.entity_id)
                         & arguments.event_id.isin(events[events.type == "personnel.depart"].event_id)].event_id.nunique()
    assert len(rows) == expected >= 1
    assert _script_errors(browser) == []


HOSTILE = """---
title: "<script>window.pwned = 'title'</script>标题"
published: 2025-03-14
---
<script>window.pwned = 'body'; alert(1)</script>
<img src="x" onerror="window.pwned = 'img'">
微软CEO萨提亚·纳德拉周二表示，公司将在明年推出新芯片。\r
& &amp; &lt;b&gt; 李明远今年2月离职。
"""


def test_a_hostile_article_renders_as_text(browser, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_bytes(HOSTILE.encode("utf-8"))
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    run_corpus(corpus, out, progress=False, use_cache=False)
    result = CliRunner().invoke(main, ["report", str(out), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    documents = read_table(out, "documents").set_index("path")
    failed = (out / "report" / "articles" / f"{documents.doc_id['empty.txt']}.html").read_text(encoding="utf-8")
    assert documents.error["empty.txt"] in failed  # a failed document has its page, saying why
    doc_id = documents.doc_id["hostile.txt"]
    page = out / "report" / "articles" / f"{doc_id}.html"
    browser.get(page.as_uri())
    assert browser.execute_script("return window.pwned") is None
    assert browser.execute_script("return document.querySelectorAll('#article img, #article script').length") == 0
    assert browser.execute_script("return document.getElementById('article').textContent") == HOSTILE
    assert "<script>" in browser.title
    mentions = read_table(out, "mentions")
    assert len(mentions) >= 2  # the names after the markup are still found and drawn in place
    drawn = _fragments(browser, page)
    for row in mentions.itertuples():
        assert _joined(drawn[row.mention_id]) == (row.start, row.end, row.text)
    for index in ("index.html", "entities.html", "timeline.html", "rules.html"):
        browser.get((out / "report" / index).as_uri())
        assert browser.execute_script("return window.pwned") is None, index
        assert _script_errors(browser) == [], index


def test_crossing_highlights_are_cut_into_nested_pieces():
    text = "abcdefgh"
    a = Span("mention", "a", 1, 5, "ORG")
    b = Span("date", "b", 3, 7, "DATE")
    cut = pieces(text, [b, a])
    assert [(chars, [(s.id, first) for s, first in cover]) for chars, cover in cut] == [
        ("a", []), ("bc", [("a", True)]), ("de", [("a", False), ("b", True)]), ("fg", [("b", False)]), ("h", [])]


def test_report_on_a_missing_or_partial_output_says_what_to_do(tmp_path, corpus_report):
    runner = CliRunner()
    result = runner.invoke(main, ["report", str(tmp_path / "nowhere"), "--corpus", str(CORPUS)])
    assert result.exit_code == 2 and "does not exist" in result.output and "zhnews run" in result.output
    partial = tmp_path / "partial"
    shutil.copytree(corpus_report, partial, ignore=shutil.ignore_patterns("report", ".cache"))
    (partial / "events.csv").unlink()
    (partial / "parquet" / "events.parquet").unlink()
    result = runner.invoke(main, ["report", str(partial), "--corpus", str(CORPUS)])
    assert result.exit_code == 2 and "events.csv missing" in result.output and "Traceback" not in result.output
    (partial / "mentions.csv").write_text("doc_id,start\n1,2\n", encoding="utf-8")
    (partial / "parquet" / "mentions.parquet").unlink()
    result = runner.invoke(main, ["export", str(partial), "--sqlite", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "events.csv missing" in result.output
    assert not (tmp_path / "x.db").exists()


def test_report_rewrites_its_own_folder_and_refuses_a_foreign_one(tmp_path, corpus_report):
    site = tmp_path / "site"
    runner = CliRunner()
    assert runner.invoke(main, ["report", str(corpus_report), "--corpus", str(CORPUS), "--out", str(site)]).exit_code == 0
    stale = site / "articles" / "removed-article.html"
    stale.write_text("an article no longer in the run", encoding="utf-8")
    assert runner.invoke(main, ["report", str(corpus_report), "--corpus", str(CORPUS), "--out", str(site)]).exit_code == 0
    assert not stale.exists() and (site / "index.html").exists()
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("keep me", encoding="utf-8")
    result = runner.invoke(main, ["report", str(corpus_report), "--corpus", str(CORPUS), "--out", str(foreign)])
    assert result.exit_code == 2 and "not empty" in result.output
    assert [p.name for p in foreign.iterdir()] == ["thesis.txt"]


def test_report_without_the_corpus_lists_the_rows_and_says_why(tmp_path, corpus_report):
    result = CliRunner().invoke(main, ["report", str(corpus_report), "--corpus", str(tmp_path),
                                       "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert "not found: pass the corpus the run read with --corpus" in result.output
    doc = read_table(corpus_report, "mentions").iloc[0]
    html = (tmp_path / "site" / "articles" / f"{doc.doc_id}.html").read_text(encoding="utf-8")
    assert 'id="article"' not in html and doc.rule_id in html


def test_export_sqlite_opens_in_datasette_with_search_facets_and_links(tmp_path, corpus_report):
    from datasette.app import Datasette

    db_path = tmp_path / "zhnews.db"
    result = CliRunner().invoke(main, ["export", str(corpus_report), "--sqlite", str(db_path), "--corpus", str(CORPUS)])
    assert result.exit_code == 0 and "warning" not in result.output, result.output
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        fks = {(row[2], row[3]) for row in conn.execute("PRAGMA foreign_key_list(event_arguments)")}
        assert {("events", "event_id"), ("mentions", "mention_id"), ("entities", "entity_id")} <= fks
    events = read_table(corpus_report, "events")
    mentions = read_table(corpus_report, "mentions")

    async def browse():
        ds = Datasette([str(db_path)])
        db = db_path.stem
        found = (await ds.client.get(f"/{db}/events.json?_search=收购&_shape=array&_size=max")).json()
        facets = (await ds.client.get(f"/{db}/mentions.json?_facet=label&_facet=rule_id")).json()
        linked = (await ds.client.get(f"/{db}/event_arguments.json?_labels=on&_shape=array&_size=5")).json()
        person = mentions[mentions.label == "PERSON"].text_simplified.iloc[0]
        by_name = (await ds.client.get(f"/{db}/mentions.json?_search={person}&_shape=array")).json()
        in_texts = (await ds.client.get(f"/{db}/texts.json?_search=收购&_shape=array&_size=max")).json()
        return found, facets, linked, by_name, person, in_texts

    found, facets, linked, by_name, person, in_texts = asyncio.run(browse())
    documents = read_table(corpus_report, "documents")
    with_word = {d.doc_id for d in documents.itertuples() if "收购" in decode((CORPUS / d.path).read_bytes())[0]}
    assert {r["doc_id"] for r in in_texts} == with_word and len(with_word) >= 2
    with_trigger = events[events.sentence_simplified.str.contains("收购")]
    assert {r["event_id"] for r in found} == set(with_trigger.event_id) and len(found) > 0
    labels = {f["value"]: f["count"] for f in facets["facet_results"]["label"]["results"]}
    assert labels == mentions.label.value_counts().to_dict()
    assert set(linked[0]["event_id"]) == {"value", "label"}  # the foreign key is a link to the events row
    assert by_name and all(person in (r["text_simplified"] or "") for r in by_name)


def test_the_csv_tables_alone_give_the_same_site(tmp_path, corpus_report):
    csv_only = tmp_path / "csv-only"
    shutil.copytree(corpus_report, csv_only, ignore=shutil.ignore_patterns("report", ".cache", "parquet"))
    runner = CliRunner()
    for out in (corpus_report, csv_only):
        result = runner.invoke(main, ["report", str(out), "--corpus", str(CORPUS), "--out", str(tmp_path / "sites" / out.name)])
        assert result.exit_code == 0 and "warning" not in result.output, result.output
    from_parquet, from_csv = tmp_path / "sites" / corpus_report.name, tmp_path / "sites" / "csv-only"
    pages = sorted(p.relative_to(from_parquet) for p in from_parquet.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        assert (from_csv / page).read_bytes() == (from_parquet / page).read_bytes(), page


def test_timeline_takes_the_dates_of_a_facts_table_when_the_output_has_one(tmp_path, corpus_report):
    import datetime as dt

    import pandas as pd

    from zhnews.report import Site

    out = tmp_path / "out"
    shutil.copytree(corpus_report, out, ignore=shutil.ignore_patterns("report", ".cache"))
    before = Site(out, CORPUS, tmp_path / "site").timeline_rows()
    undated = next(row["event_id"] for row in before if not row["sort_date"])
    assert before[0]["sort_date"] > "1990"
    # The run wrote a real facts table: give the undated event a date there, in both formats.
    facts = pd.read_parquet(out / "parquet" / "facts.parquet")
    assert undated in set(facts.event_id)
    facts.loc[facts.event_id == undated, ["start_date", "end_date"]] = [dt.date(1990, 5, 1), dt.date(1990, 5, 31)]
    facts.to_parquet(out / "parquet" / "facts.parquet", index=False)
    facts.to_csv(out / "facts.csv", index=False)
    after = Site(out, CORPUS, tmp_path / "site").timeline_rows()
    assert (after[0]["event_id"], after[0]["sort_date"], after[0]["bucket"]) == (undated, "1990-05-01/1990-05-31", "1990-05")
    assert [r["event_id"] for r in after[1:]] == [r["event_id"] for r in before if r["event_id"] != undated]


def test_report_on_records_draws_each_article_from_its_record(tmp_path):
    """Offsets of a JSONL record point into its text, not into the file: the report reads the record."""
    import json

    from zhnews.report import build_report

    articles = sorted(CORPUS.glob("*.txt"))[:3]
    lines = [json.dumps({"id": path.stem, "text": decode(path.read_bytes())[0]}, ensure_ascii=False) for path in articles]
    news = tmp_path / "news.jsonl"
    news.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run_corpus(news, out, progress=False)
    rows = sum(len(read_table(out, name)) for name in ("mentions", "dates", "events"))
    summary = build_report(out, news, tmp_path / "site")
    assert summary.not_shown == [] and summary.articles == 3
    assert summary.highlighted == rows > 0

    lines[1] = json.dumps({"id": "edited", "text": "改写后的文章。"}, ensure_ascii=False)
    news.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = build_report(out, news, tmp_path / "site")
    assert len(summary.not_shown) == 1 and "record 2 changed since the run" in summary.not_shown[0]
