"""``zhnews report``: a static HTML site over an output folder, to look at what the rules found.

Pages: one per article (the original text with every mention, date and event trigger highlighted
at its offsets), an entity index and a page per entity, an event timeline, and a rules page (rows
and examples per rule_id). Everything is rendered by Jinja2 with autoescaping on, so article text
can never become markup; the CSS and JS are copied beside the pages, so the site works offline.

Offsets are never re-derived: the highlights use the tables' ``start``/``end`` on the text decoded
from the corpus file, and only after checking that the file is the one the run read
(``documents.content_hash``) and that ``original[start:end] == text`` for the row.
"""
from __future__ import annotations

import hashlib
import re
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from .ingest import split_front_matter
from .outputs import OutputError, read_original, read_outputs, records

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = ("report.css", "report.js")
MARKER = ".zhnews-report"  # marks a folder the report may empty and rewrite
PAGE_SIZE = 500  # rows per page of the article and entity indexes
EXAMPLES_PER_RULE = 5
# Drawing order when two highlights cover the same characters: the longer outside; on a tie this order.
KIND_ORDER = {"front": -1, "mention": 0, "event": 1, "date": 2}


@dataclass
class Span:
    """One highlight: a row of mentions, dates or events at its offsets in the original text."""
    kind: str  # mention | date | event (rows), or front (the front matter, drawn dimmed)
    id: str
    start: int
    end: int
    label: str  # PERSON / ORG / EVENT, the date type, or the event type
    info: dict = field(default_factory=dict)  # what the hover card shows


@dataclass
class ReportSummary:
    site: Path
    articles: int = 0
    highlighted: int = 0  # rows drawn at their offsets
    not_shown: list[str] = field(default_factory=list)  # why some article's rows could not be drawn
    pages: int = 0


def file_name(identifier: str) -> str:
    """A safe file name for an id (entity ids come from rule files and may hold any character)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", identifier)
    if safe != identifier or not safe.strip("."):
        safe = f"{safe[:40]}-{hashlib.sha1(identifier.encode()).hexdigest()[:8]}"
    return safe


def pieces(text: str, spans: list[Span]) -> list[tuple[str, list[tuple[Span, bool]]]]:
    """Cut ``text`` at every highlight boundary: [(characters, [(span covering them, first piece of that span)])].

    Highlights may overlap or cross, so a highlight can be drawn as several adjacent pieces; the
    covering spans of a piece are listed outermost first, so the HTML nests properly."""
    spans = sorted(spans, key=lambda s: (s.start, -s.end, KIND_ORDER[s.kind], s.id))
    bounds = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    out, active, seen, i = [], [], set(), 0
    for a, b in zip(bounds, bounds[1:]):
        active = [s for s in active if s.end > a]
        while i < len(spans) and spans[i].start == a:
            active.append(spans[i])
            i += 1
        cover = sorted(active, key=lambda s: (-(s.end - s.start), KIND_ORDER[s.kind], s.id))
        out.append((text[a:b], [(s, s.id not in seen) for s in cover]))
        seen.update(s.id for s in cover)
    return out


def text_html(characters: str) -> Markup:
    """Escaped text whose carriage returns survive HTML parsing (the parser folds CR LF into LF,
    which would shift every later offset in the rendered page)."""
    return Markup(str(escape(characters)).replace("\r", "&#13;"))


class Site:
    """The report for one output folder; ``write`` renders every page into ``site_dir``."""

    def __init__(self, out_dir: Path, corpus: Path, site_dir: Path):
        self.out_dir, self.corpus, self.site_dir = out_dir, corpus, site_dir
        self.tables = read_outputs(out_dir)
        self.env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                               trim_blocks=True, lstrip_blocks=True)
        self.env.filters["text"] = text_html
        self.env.globals.update(file_name=file_name)
        rows = {name: records(df) for name, df in self.tables.items()}
        self.documents = rows["documents"]
        self.entities = {e["entity_id"]: e for e in rows["entities"]}
        self.mentions = rows["mentions"]
        self.dates = rows["dates"]
        self.events = rows["events"]
        self.arguments = rows["event_arguments"]
        self.facts = {f["event_id"]: f for f in rows.get("facts", []) if f.get("event_id")}
        self.by_doc = {name: _group(rows[name], "doc_id") for name in ("mentions", "dates", "events")}
        self.args_by_event = _group(self.arguments, "event_id")
        self.titles = {d["doc_id"]: d["title"] or d["path"] for d in self.documents}
        self.summary = ReportSummary(site=site_dir)

    # -- pages -------------------------------------------------------------------------------

    def write(self) -> ReportSummary:
        _clear_site(self.site_dir)
        (self.site_dir / "assets").mkdir(exist_ok=True)
        for asset in ASSETS:
            shutil.copyfile(TEMPLATES / asset, self.site_dir / "assets" / asset)
        timeline = self.timeline_rows()
        self.write_articles()
        self.write_entities(timeline)
        self.render("timeline.html", "timeline.html", root="", events=timeline,
                    types=sorted({e["type"] for e in timeline}), undated=sum(not e["sort_date"] for e in timeline))
        self.render("rules.html", "rules.html", root="", rules=self.rule_rows(), examples_per_rule=EXAMPLES_PER_RULE)
        return self.summary

    def render(self, template: str, target: str, **context) -> None:
        path = self.site_dir / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.env.get_template(template).render(**context), encoding="utf-8")
        self.summary.pages += 1

    def write_articles(self) -> None:
        counts = {name: Counter(r["doc_id"] for r in rows) for name, rows in
                  (("mentions", self.mentions), ("dates", self.dates), ("events", self.events))}
        index = [dict(doc, **{name: counts[name][doc["doc_id"]] for name in counts}) for doc in self.documents]
        for number, page in enumerate(_paginate(index), 1):
            self.render("articles.html", _index_name("index", number), root="", documents=page, page=number,
                        pages=_page_count(index), page_name=lambda n: _index_name("index", n))
        for doc in self.documents:
            self.write_article(doc)
            self.summary.articles += 1

    def write_article(self, doc: dict) -> None:
        doc_id = doc["doc_id"]
        mentions, dates, events = (self.by_doc[name].get(doc_id, []) for name in ("mentions", "dates", "events"))
        text, problem = (None, "") if doc["status"] == "failed" else read_original(self.corpus, doc)
        spans = self.article_spans(mentions, dates, events)
        shown = [s for s in spans if text is not None and 0 <= s.start < s.end <= len(text)
                 and text[s.start:s.end] == s.info["text"]]
        if text is not None and len(shown) < len(spans):
            problem = (f"{len(spans) - len(shown)} row(s) do not match the file at their offsets and are only listed "
                       "below; run `zhnews run` again")
        if problem:
            self.summary.not_shown.append(f"{doc['path']}: {problem}")
        self.summary.highlighted += len(shown)
        body_start = split_front_matter(text)[1] if text is not None else 0
        if body_start:
            shown.append(Span("front", "front-matter", 0, body_start, ""))
        self.render("article.html", f"articles/{doc_id}.html", root="../", doc=doc, problem=problem,
                    pieces=pieces(text, shown) if text is not None else [],
                    cards={s.id: s.info for s in spans}, mentions=mentions, dates=dates, events=events)

    def article_spans(self, mentions: list[dict], dates: list[dict], events: list[dict]) -> list[Span]:
        spans = []
        for m in mentions:
            entity = self.entities.get(m["entity_id"], {})
            spans.append(Span("mention", m["mention_id"], m["start"], m["end"], m["label"], {
                "kind": "mention", "label": m["label"], "text": m["text"], "rule_id": m["rule_id"],
                "canonical": m["canonical_name"] or entity.get("canonical_name", ""),
                "entity": f"../entities/{file_name(m['entity_id'])}.html" if m["entity_id"] else ""}))
        for d in dates:
            spans.append(Span("date", d["date_id"], d["start"], d["end"], d["type"], {
                "kind": "date", "label": d["type"], "text": d["text"], "rule_id": d["rule_id"],
                "value": d["value"], "mod": d["mod"], "days": _days(d)}))
        for e in events:
            args = [f"{a['role']}: {a['text']}" for a in self.args_by_event.get(e["event_id"], [])]
            spans.append(Span("event", e["event_id"], e["trigger_start"], e["trigger_end"], e["type"], {
                "kind": "event", "label": e["type"], "text": e["trigger"], "rule_id": e["rule_id"],
                "value": e["date_value"], "modality": e.get("modality", ""), "arguments": args}))
        return [s for s in spans if s.start != "" and s.end != ""]

    def write_entities(self, timeline: list[dict]) -> None:
        written, simplified, docs = defaultdict(Counter), defaultdict(set), defaultdict(Counter)
        for m in self.mentions:
            if m["entity_id"]:
                written[m["entity_id"]][m["text"]] += 1
                simplified[m["entity_id"]].add(m["text_simplified"])
                docs[m["entity_id"]][m["doc_id"]] += 1
        roles = defaultdict(list)
        for event in timeline:
            for arg in event["arguments"]:
                if arg["entity_id"]:
                    roles[arg["entity_id"]].append(dict(event, role=arg["role"]))
        entities = sorted((dict(e, events=len(roles[e["entity_id"]])) for e in self.entities.values()),
                          key=lambda e: (-_int(e["mention_count"]), e["entity_id"]))
        for number, page in enumerate(_paginate(entities), 1):
            self.render("entities.html", _index_name("entities", number), root="", entities=page, page=number,
                        pages=_page_count(entities), page_name=lambda n: _index_name("entities", n))
        for entity in entities:
            entity_id = entity["entity_id"]
            aliases = set(filter(None, str(entity["aliases"]).split("|"))) | set(written[entity_id]) | simplified[entity_id]
            self.render("entity.html", f"entities/{file_name(entity_id)}.html", root="../", entity=entity,
                        aliases=sorted(aliases), written=written[entity_id],
                        documents=[(d, self.titles.get(d, d), n) for d, n in sorted(docs[entity_id].items())],
                        events=roles[entity_id])

    # -- data for the timeline and the rules page --------------------------------------------

    def timeline_rows(self) -> list[dict]:
        """One row per event with its arguments, ordered by the days its ``facts`` row gives."""
        rows = []
        for e in self.events:
            fact = self.facts.get(e["event_id"], {})
            when = fact.get("date_value") or e["date_value"]
            sort_date, bucket = _when(fact.get("start_date", ""), fact.get("end_date", ""))
            arguments = [{"role": a["role"], "text": a["text"], "entity_id": a["entity_id"],
                          "entity_file": file_name(a["entity_id"]) if a["entity_id"] else "",
                          "name": self.entities.get(a["entity_id"], {}).get("canonical_name", "") or a["text"]}
                         for a in self.args_by_event.get(e["event_id"], [])]
            rows.append({"event_id": e["event_id"], "doc_id": e["doc_id"], "type": e["type"],
                         "modality": e.get("modality", ""), "trigger": e["trigger"], "date": when,
                         "sort_date": sort_date, "bucket": bucket,
                         "sentence": e["sentence"], "rule_id": e["rule_id"], "title": self.titles.get(e["doc_id"], ""),
                         "arguments": arguments})
        rows.sort(key=lambda r: (not r["sort_date"], r["sort_date"], r["doc_id"], r["event_id"]))
        return rows

    def rule_rows(self) -> list[dict]:
        """Per rule_id and table: rows, documents, and the first examples in document order."""
        rules = {}
        for table, rows, id_key, text_key, value in (
                ("mentions", self.mentions, "mention_id", "text", lambda r: r["canonical_name"]),
                ("dates", self.dates, "date_id", "text", lambda r: r["value"]),
                ("events", self.events, "event_id", "trigger", lambda r: r["date_value"]),
                ("event_arguments", self.arguments, "event_id", "text", lambda r: r["role"])):
            for row in rows:
                rule = rules.setdefault((row.get("rule_id", ""), table), {
                    "rule_id": row.get("rule_id", ""), "table": table, "rows": 0, "docs": set(), "examples": []})
                rule["rows"] += 1
                rule["docs"].add(row["doc_id"])
                shown = {(x["text"], x["value"]) for x in rule["examples"]}  # different examples say more
                if len(rule["examples"]) < EXAMPLES_PER_RULE and (row[text_key], value(row)) not in shown:
                    rule["examples"].append({"doc_id": row["doc_id"], "anchor": row[id_key], "text": row[text_key],
                                             "value": value(row), "title": self.titles.get(row["doc_id"], "")})
        return sorted(({**r, "docs": len(r["docs"])} for r in rules.values()), key=lambda r: (r["rule_id"], r["table"]))


def build_report(out_dir: Path, corpus: Path, site_dir: Path | None = None) -> ReportSummary:
    """Render the site for ``out_dir`` (articles read from ``corpus``) into ``site_dir`` (default OUT/report)."""
    if not corpus.exists():
        raise OutputError(f"corpus {corpus} does not exist: pass the folder the run read with --corpus")
    return Site(out_dir, corpus, site_dir or out_dir / "report").write()


def _clear_site(site_dir: Path) -> None:
    """Empty the folder of an earlier report (pages of removed articles must not linger), but never
    a folder zhnews did not write: that is an error the user fixes by choosing another --out."""
    marker = site_dir / MARKER
    if site_dir.exists():
        if not site_dir.is_dir():
            raise OutputError(f"{site_dir} is a file; give a folder for the report with --out")
        if any(site_dir.iterdir()) and not marker.exists():
            raise OutputError(f"{site_dir} is not empty and holds no zhnews report; give an empty or new folder with --out")
        shutil.rmtree(site_dir)
    site_dir.mkdir(parents=True)
    marker.write_text("written by zhnews report; the folder is emptied on the next report\n", encoding="utf-8")


def _days(date: dict) -> str:
    """The days a date row denotes (its start_date / end_date columns)."""
    start, end = date["start_date"] or "", date["end_date"] or ""
    if not start:
        return ""
    return start if start == end else f"{start} – {end}"


def _group(rows: list[dict], key: str) -> dict[str, list[dict]]:
    groups = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


def _paginate(rows: list) -> list[list]:
    return [rows[i:i + PAGE_SIZE] for i in range(0, len(rows), PAGE_SIZE)] or [[]]


def _page_count(rows: list) -> int:
    return max(1, -(-len(rows) // PAGE_SIZE))


def _index_name(stem: str, number: int) -> str:
    return f"{stem}.html" if number == 1 else f"{stem}-{number}.html"


def _when(start: str, end: str) -> tuple[str, str]:
    """(sort key, chart bucket) of an event's days: its first day (then last day), and the month it
    falls in, or its year when it spans more than a month (2025, 2025-Q3); ("", "") when undated."""
    if not start:
        return "", ""
    bucket = start[:7] if start[:7] == end[:7] else start[:4]
    return f"{start}/{end}", bucket


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
