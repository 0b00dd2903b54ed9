"""The ``zhnews`` command line: one verb per stage, thin wrappers over ``pipeline.run``."""
from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
import traceback
from pathlib import Path

import click

from .outdir import OutputFolderError, recover_if_idle
from .rules import RuleError
from .segment import ENGINES
from .sources import CorpusError

EXIT_DOCUMENTS_FAILED = 1
EXIT_USAGE = 2


def _anchor(ctx, param, value):
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14") from None


rules_option = click.option(
    "--rules", "rules_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
    help="Folder of your own rule files, laid over the shipped rules: a file replaces the shipped file of the same "
         "path; a word list or gazetteer with an 'extends: default' line adds to it.")

doc_timeout_option = click.option(
    "--doc-timeout", type=click.FloatRange(min=0), default=60.0, show_default=True, metavar="SECONDS",
    help="Time one document may take; one that takes longer gets a failed documents row (error: timed out) and "
         "the run goes on. 0: no limit.")


def rule_folder(rules_dir: Path | None) -> Path:
    """The folder the stages read: the shipped rules, or yours laid over them."""
    from .rule_overlay import overlay
    from .rules import DEFAULT_RULES_DIR

    return overlay(rules_dir).folder if rules_dir is not None else DEFAULT_RULES_DIR


def _columns(ctx, param, value):
    from .sources import ColumnMap

    try:
        ColumnMap.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


def corpus_path(corpus: Path) -> Path:
    """CORPUS as given; ``-`` is standard input, kept in a temporary file (JSON Lines when it starts
    with '{', one article otherwise) that the run reads like any corpus file."""
    if str(corpus) != "-":
        return corpus
    import atexit
    import shutil
    import tempfile

    data = sys.stdin.buffer.read()
    folder = Path(tempfile.mkdtemp(prefix="zhnews-stdin-"))
    atexit.register(shutil.rmtree, folder, True)
    target = folder / ("stdin.jsonl" if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "stdin.txt")
    target.write_bytes(data)
    return target


def common_options(func):
    """Options every processing verb shares, spelled the same everywhere."""
    options = [
        click.option("--out", "out_dir", type=Location(file_okay=False), default=Path("outputs"),
                     show_default=True, help="Folder for the tables (CSV) and outputs/parquet/."),
        rules_option,
        click.option("--engine", type=click.Choice(ENGINES), default="rjieba", show_default=True,
                     help="Segmentation engine: rjieba (jieba-rs, fast) or jieba (Python reference); same words."),
        click.option("--convert", "conversion", type=click.Choice(["auto", "t2s", "tw2s", "hk2s", "tw2sp"]),
                     default="auto", show_default=True,
                     help="OpenCC conversion to simplified. auto picks t2s/tw2s/hk2s from the detected script; "
                          "tw2sp also converts Taiwan vocabulary (may err on mainland text).") ,
        click.option("--anchor", callback=_anchor, default="", metavar="YYYY-MM-DD",
                     help="Publication date for articles without one (relative dates resolve against it)."),
        click.option("--max-bytes", type=click.IntRange(min=1), default=10_000_000, show_default=True,
                     help="Larger files are reported as failed instead of processed."),
        click.option("--outside-links", is_flag=True,
                     help="Follow symbolic links that lead out of the corpus folder (by default they get a "
                          "'skipped' row)."),
        click.option("--columns", default="", metavar="FIELD=COLUMN,...", callback=_columns,
                     help="Column names of .jsonl/.csv/.parquet records when they are not text, id, title, "
                          "published, source, url, author (without text, content/body/article is read); "
                          "e.g. --columns text=story,published=pub_date."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def friendly_errors(func):
    """Turn rule errors and unexpected failures into messages instead of tracebacks."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except RuleError as exc:
            click.secho("Rule error: the run was stopped before processing any article.", fg="red", err=True)
            click.echo(exc.format(), err=True)
            sys.exit(EXIT_USAGE)
        except OutputFolderError as exc:
            click.secho(f"Output folder problem: {exc}", fg="red", err=True)
            sys.exit(EXIT_USAGE)
        except (click.ClickException, click.exceptions.Exit, SystemExit):
            raise
        except CorpusError as exc:
            click.secho(f"zhnews: {exc}", fg="red", err=True)
            sys.exit(EXIT_USAGE)
        except BrokenPipeError:  # output piped into head/less that closed early
            sys.stdout = open(os.devnull, "w")
            sys.exit(0)
        except KeyboardInterrupt:
            click.echo("Interrupted; tables from the last complete run are unchanged.", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - last-resort message for the user
            click.secho(f"zhnews failed: {type(exc).__name__}: {exc}", fg="red", err=True)
            if "--debug" in sys.argv or _env_debug():
                traceback.print_exc()
            else:
                click.echo("Run again with ZHNEWS_DEBUG=1 for the full traceback, and report it with the input file.", err=True)
            sys.exit(3)

    return wrapper


def _env_debug() -> bool:
    return bool(os.environ.get("ZHNEWS_DEBUG"))


def _stage_verb(stage, corpus, out_dir, rules_dir, engine, conversion, anchor, max_bytes, outside_links, columns):
    """Shared body of the single-stage verbs: run up to ``stage``, say what was written."""
    from .run import run_stage

    _local_only(out_dir)
    path, failed = run_stage(stage, corpus_path(corpus), out_dir, _settings(rules_dir, engine, conversion, anchor, max_bytes, outside_links, columns))
    click.echo(f"wrote {path}")
    sys.exit(EXIT_DOCUMENTS_FAILED if failed else 0)


def _local_only(out_dir) -> None:
    if isinstance(out_dir, str):  # Location gives URLs as strings
        raise click.BadParameter(f"{out_dir} is a URL: only `zhnews run --scheduler ...` writes to URLs; "
                                 "give a local folder, or add --scheduler local:N (or tcp://HOST:PORT)")


def _settings(rules_dir, engine, conversion, anchor, max_bytes, outside_links, columns, doc_timeout=60.0):
    from .run import Settings

    return Settings(rules_dir=rule_folder(rules_dir), engine=engine, conversion=conversion, default_anchor=anchor, max_bytes=max_bytes,
                    outside_links=outside_links, columns=columns, doc_timeout=doc_timeout)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="zhnews")
def main():
    """zhnews: Chinese news (simplified or traditional) -> tables of people, organisations,
    events and dates.

    \b
    Quick start:
      zhnews run corpus/ --out outputs/      # everything, incremental
      zhnews rules check                     # validate rule files
      zhnews normalize corpus/ --out tmp/    # inspect cleaned, simplified text
    """


class Location(click.ParamType):
    """A local path (checked like click.Path) or, for cluster runs, an fsspec URL (s3://, gs://, file://)."""

    name = "path|url"

    def __init__(self, **path_options):
        self.path = click.Path(path_type=Path, **path_options)

    def convert(self, value, param, ctx):
        if isinstance(value, str) and "://" in value:
            return value
        return self.path.convert(value, param, ctx)


@main.command()
@click.argument("corpus", type=Location(exists=True, allow_dash=True), default=Path("corpus"))
@common_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option("--scheduler", metavar="local:N|tcp://HOST:PORT",
              help="Run on Dask: local:N starts N worker processes here, tcp://HOST:8786 uses a running "
                   "scheduler (--jobs is then unused). CORPUS and --out may be fsspec URLs (s3://, gs://, "
                   "file://). See README: Running on a cluster.")
@click.option("--format", "table_format", type=click.Choice(["csv", "parquet-dataset"]), default="csv",
              show_default=True, help="csv: OUT/*.csv and OUT/parquet/*.parquet; parquet-dataset: each table "
                                      "as a folder OUT/<table>/part-*.parquet, for large runs.")
@doc_timeout_option
@click.option("--no-cache", is_flag=True, help="Ignore and do not update the stage cache (OUT/.cache).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: only on a terminal).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@friendly_errors
def run(corpus, out_dir, rules_dir, engine, conversion, anchor, max_bytes, outside_links, columns, jobs, scheduler,
        table_format, doc_timeout, no_cache, progress, as_json):
    """Run every stage over CORPUS into OUT: a folder (searched recursively) or one file of .txt/.md
    articles, .html pages, or .jsonl/.csv/.parquet records (one article per record); - reads
    standard input (JSON Lines, or one article).

    Only new or changed articles are processed again; the tables always cover the whole corpus.
    Exit code 1 when any document failed (see documents.csv: status, error).

    \b
    Examples:
      zhnews run corpus/
      zhnews run ~/news/2025-06 --out out/ --jobs 2 --anchor 2025-06-30
      zhnews run scraped.csv --columns text=story,published=pub_date
      cat articles.jsonl | zhnews run - --out out/
      zhnews run s3://bucket/news --out s3://bucket/zhnews --scheduler tcp://10.0.0.5:8786
      zhnews run big/ --out out/ --scheduler local:2 --format parquet-dataset
    """
    settings = _settings(rules_dir, engine, conversion, anchor, max_bytes, outside_links, columns, doc_timeout)
    if scheduler:
        from .cluster import ClusterError, run_on_cluster  # Dask is loaded only here

        try:
            summary, _ = run_on_cluster(str(corpus), str(out_dir), settings, scheduler, progress=progress,
                                        use_cache=not no_cache, table_format=table_format)
        except ClusterError as exc:
            click.secho(f"zhnews: {exc}", fg="red", err=True)
            sys.exit(EXIT_USAGE)
    else:
        _local_only(out_dir)
        from .run import run_corpus

        summary, _ = run_corpus(corpus_path(corpus), out_dir, settings, jobs=jobs, progress=progress, use_cache=not no_cache,
                                table_format=table_format)
    _print_summary(summary, as_json)
    sys.exit(EXIT_DOCUMENTS_FAILED if summary.failed else 0)


@main.command()
@click.argument("corpus", type=click.Path(exists=True, allow_dash=True, path_type=Path), default=Path("corpus"))
@common_options
@friendly_errors
def ingest(corpus, out_dir, rules_dir, engine, conversion, anchor, max_bytes, outside_links, columns):
    """Decode every article and read its metadata; write OUT/stages/ingest.csv.

    Shows encoding, front matter / manifest metadata and why a file cannot be used.
    """
    _stage_verb("ingest", corpus, out_dir, rules_dir, engine, conversion, anchor, max_bytes, outside_links, columns)


@main.command()
@click.argument("corpus", type=click.Path(exists=True, allow_dash=True, path_type=Path), default=Path("corpus"))
@common_options
@friendly_errors
def normalize(corpus, out_dir, rules_dir, engine, conversion, anchor, max_bytes, outside_links, columns):
    """Clean noise and convert to simplified; write OUT/stages/normalized/*.txt and normalize.csv.

    Each .txt is the text the extractors see; normalize.csv lists script, conversion and the noise
    removed per rule, so you can check what the cleaning rules in rules/normalize/ did.
    """
    _stage_verb("normalize", corpus, out_dir, rules_dir, engine, conversion, anchor, max_bytes, outside_links, columns)


@main.command()
@click.argument("corpus", type=click.Path(exists=True, allow_dash=True, path_type=Path), default=Path("corpus"))
@common_options
@friendly_errors
def segment(corpus, out_dir, rules_dir, engine, conversion, anchor, max_bytes, outside_links, columns):
    """Segment into words and sentences; write OUT/stages/segmented.spacy (a spaCy DocBin).

    Load it with spacy.tokens.DocBin().from_disk(path).get_docs(spacy.blank("zh").vocab);
    each Doc's user_data has doc_id and path.
    """
    _stage_verb("segment", corpus, out_dir, rules_dir, engine, conversion, anchor, max_bytes, outside_links, columns)


@main.command()
@click.argument("corpus", type=click.Path(exists=True, allow_dash=True, path_type=Path), default=Path("corpus"))
@common_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@doc_timeout_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@friendly_errors
def extract(corpus, out_dir, rules_dir, engine, conversion, anchor, max_bytes, outside_links, columns, jobs, doc_timeout,
            as_json):
    """Extract entities, dates and events and write the tables, reusing cached segmentation.

    The same as `run` when nothing is cached; after a change to extraction rules only, it
    re-extracts without re-segmenting.
    """
    from .run import run_corpus

    _local_only(out_dir)
    settings = _settings(rules_dir, engine, conversion, anchor, max_bytes, outside_links, columns, doc_timeout)
    summary, _ = run_corpus(corpus_path(corpus), out_dir, settings, jobs=jobs)
    _print_summary(summary, as_json)
    sys.exit(EXIT_DOCUMENTS_FAILED if summary.failed else 0)


@main.group()
def rules():
    """Work with rule files (rules/)."""


@rules.command("check")
@rules_option
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@friendly_errors
def rules_check(rules_dir, as_json):
    """Load and compile every rule file; report problems with file:line and a fix hint.

    Each rule set (normalize, lexicon, entities, dates, events, facts) is checked on its own, so one
    broken file does not hide the problems of another; within a set, every broken line of a word
    list, a lexicon or a one-line gazetteer entry is reported, not only the first. Exit code 2 when anything is wrong.
    The same checks run at the start of every `zhnews run`. With --rules, each file is listed with
    where it came from: yours, yours + default (extends), or the shipped default.

    \b
    Examples:
      zhnews rules check
      zhnews rules check --rules my-rules/ --json
    """
    from .processor import RULE_SETS, rule_problems
    from .rule_overlay import overlay

    rule_set = overlay(rules_dir)
    problems = rule_problems(rule_set.folder)
    files = [f for f in rule_set.files if f.rel.endswith((".yaml", ".yml", ".tsv", ".jsonl", ".txt"))]
    origins = [{"file": f.rel, "origin": f.origin, "sources": [str(p) for p in f.sources]} for f in files]
    if as_json:
        click.echo(json.dumps({"files": len(files), "origins": origins, "problems": problems}, ensure_ascii=False, indent=2))
        sys.exit(EXIT_USAGE if problems else 0)
    if rule_set.user_dir is not None:
        click.echo(f"rule files: yours from {rule_set.user_dir}, the rest shipped with zhnews")
        for f in files:
            click.echo(f"  {f.origin:<24} {f.rel}")
    where = rule_set.user_dir or rule_set.folder
    if not problems:
        click.echo(f"ok: {len(files)} rule files ({where}{' over the defaults' if rule_set.user_dir else ''}) load and compile")
    else:
        for p in problems:
            where = f"{p['file']}:{p['line']}" if p["line"] else p["file"]
            click.secho(f"{where}: [{p['code']}] {p['message']}", fg="red", err=True)
            if p["hint"]:
                click.echo(f"  hint: {p['hint']}", err=True)
        broken = len({p["rules"] for p in problems})
        click.echo(f"{len(problems)} problem(s) in {broken} rule set(s), {len(RULE_SETS) - broken} ok", err=True)
    sys.exit(EXIT_USAGE if problems else 0)


@rules.command("doc")
@click.option("--rules", "rules_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Rules folder whose README files to read (and, with --write, rewrite).  [default: the shipped rules/]")
@click.option("--write", is_flag=True, help="Rewrite the generated sections of the README files that differ.")
@friendly_errors
def rules_doc(rules_dir, write):
    """Print the reference sections of rules/entities, rules/dates and rules/events README.md that
    are generated from the registry of rule kinds (each kind, its options and word lists); with
    --write, rewrite them in the README files. Exit code 1 when a registry cannot be documented.

    \b
    Examples:
      zhnews rules doc
      zhnews rules doc --write
    """
    from .rules import DEFAULT_RULES_DIR
    from .rules_doc import readme_docs, write_readmes

    docs = readme_docs(rules_dir or DEFAULT_RULES_DIR)
    written = write_readmes(docs) if write else []
    for doc in docs:
        if not write:
            click.echo(f"# {doc.path}" + (" (out of date: zhnews rules doc --write)" if doc.stale else ""))
            click.echo("\n".join(doc.sections) if doc.sections else "(no section could be generated: see the warnings)")
        for problem in doc.problems:
            click.secho(f"warning:   {problem}", fg="yellow", err=True)
    if write:
        click.echo("\n".join(f"wrote {path}" for path in written) or "the README files are up to date")
    sys.exit(1 if any(doc.problems for doc in docs) else 0)


def _print_summary(summary, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(summary.as_json(), ensure_ascii=False, indent=2))
        return
    line = f"documents: {summary.documents}  ok {summary.ok}  partial {summary.partial}  failed {summary.failed}"
    if summary.skipped:
        line += f"  skipped {summary.skipped}"
    click.echo(click.style(line, fg="red" if summary.failed else None))
    click.echo(f"work:      {summary.resegmented} processed, {summary.reextracted} re-extracted, {summary.reused} unchanged")
    if summary.rule_change:
        click.echo(f"rules:     {summary.rule_change}")
    if summary.no_published:
        click.secho(f"warning:   {summary.no_published} article(s) without a published date: relative dates have no "
                    "value unless --anchor is given (documents.csv: warning)", fg="yellow")
    for table, counts in summary.counts.items():
        detail = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"
        click.echo(f"{table + ':':<10} {sum(counts.values())} ({detail})")
    for problem in summary.problems:
        click.secho(f"warning:   {problem}", fg="yellow")
    phases = ", ".join(f"{name} {seconds:.1f}" for name, seconds in summary.phases.items())
    click.echo(f"time:      {summary.seconds:.1f} s ({phases}) -> {summary.out_dir}/")
    if summary.failed:
        click.echo("Failed documents are listed in documents.csv (status=failed, error says why).")


@main.command()
@click.argument("before", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("after", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--examples", type=click.IntRange(min=0), default=3, show_default=True, help="Examples shown per rule and change.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), help="Write every change to this CSV.")
@click.option("--json", "as_json", is_flag=True, help="Print all changes as JSON.")
@friendly_errors
def diff(before, after, examples, csv_path, as_json):
    """What appeared, disappeared or changed between two output folders, grouped by rule.

    Rows are matched by document and offsets. Counts come first, then examples.

    \b
    Examples:
      zhnews run corpus/ --out before/
      # ... edit a rule ...
      zhnews run corpus/ --out after/
      zhnews diff before/ after/
    """
    import pandas as pd

    from .diff import diff_outputs

    try:
        recover_if_idle(before)
        recover_if_idle(after)
        diffs = diff_outputs(before, after)
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from None
    if csv_path:
        frames = [d.changes.assign(table=d.table) for d in diffs if len(d.changes)]
        all_changes = pd.concat(frames) if frames else pd.DataFrame()
        all_changes.to_csv(csv_path, index=False, encoding="utf-8-sig")
    if as_json:
        click.echo(json.dumps({d.table: d.changes.astype(str).to_dict("records") for d in diffs}, ensure_ascii=False, indent=2))
        return
    total = sum(len(d.changes) for d in diffs)
    click.echo(f"{total} change(s) from {before} to {after}")
    for d in diffs:
        if d.changes.empty:
            click.echo(f"\n{d.table}: no changes")
            continue
        click.echo(f"\n{d.table}: {len(d.changes)} change(s)")
        counts = d.counts()
        for row in counts.itertuples():
            click.echo(f"  {row.rows:>5}  {row.change:<22} {row.rule_id}")
        if examples:
            click.echo("  examples:")
            for (rule_id, change), group in d.changes.groupby(["rule_id", "change"], sort=True):
                for row in group.head(examples).to_dict("records"):
                    detail = f"{row['before']} -> {row['after']}" if row["field"] else ""
                    click.echo(f"    [{rule_id}] {change}: {row['text']} ({row['path']}:{row.get('start', row.get('trigger_start'))}) {detail}".rstrip())


@main.command()
@click.argument("text", required=False)
@click.option("--file", "file_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Explain this article file.")
@click.option("--doc", "doc_id", help="Explain a document of an earlier run by its doc_id (see documents.csv).")
@click.option("--corpus", type=click.Path(path_type=Path), default=Path("corpus"), show_default=True,
              help="With --doc: the corpus the run read.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"), show_default=True,
              help="With --doc: the output folder of that run.")
@rules_option
@click.option("--published", callback=_anchor, default="", metavar="YYYY-MM-DD", help="Publication date (anchor) for TEXT.")
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
@friendly_errors
def explain(text, file_path, doc_id, corpus, out_dir, rules_dir, published, as_json):
    """Show every stage's decisions for one text: normalized text, tokens, each mention, date and
    event with its rule, and the candidates that lost an overlap (and to which rule).

    \b
    Examples:
      zhnews explain "微软CEO萨提亚·纳德拉周二表示，公司将在明年推出新芯片。" --published 2025-03-14
      zhnews explain --file corpus/2025-03-baidu-researcher-founds-lanzhou-zhisuan.txt
      zhnews explain --doc 772d4bf9868f --out outputs/
    """
    from .explain import explain_text, read_document_text, render
    from .ingest import decode
    from .run import Settings
    from .sources import HTML_SUFFIXES, html_visible_text

    given = [x is not None for x in (text, file_path, doc_id)].count(True)
    if given != 1:
        raise click.UsageError("give exactly one of TEXT, --file PATH or --doc DOC_ID")
    path = "<text>"
    if file_path is not None:
        text, _encoding, _warning = decode(file_path.read_bytes())
        if file_path.suffix.lower() in HTML_SUFFIXES:  # the visible text, at the page's offsets
            text = html_visible_text(text)[0]
        path = file_path.name
    elif doc_id is not None:
        try:
            recover_if_idle(out_dir)
            text, path, doc_published = read_document_text(doc_id, out_dir, corpus)
        except (LookupError, FileNotFoundError) as exc:
            raise click.UsageError(str(exc)) from None
        published = published or doc_published
    report = explain_text(text, Settings(rules_dir=rule_folder(rules_dir)), published, path)
    click.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json else render(report))


@main.command()
@click.argument("out_dir", metavar="OUT", type=click.Path(path_type=Path), default=Path("outputs"))
@click.option("--out", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the HTML site.  [default: OUT/report]")
@click.option("--corpus", type=click.Path(path_type=Path), default=Path("corpus"), show_default=True,
              help="The corpus the run read (the article pages show its files' original text).")
@friendly_errors
def report(out_dir, site_dir, corpus):
    """Write a static HTML site over the tables in OUT: every article with its mentions, dates and
    event triggers highlighted, an entity index, an event timeline and a page of rows per rule.

    The site needs no server and works offline: open OUT/report/index.html in a browser.

    \b
    Examples:
      zhnews report outputs
      zhnews report out/ --corpus ~/news/2025-06 --out site/
    """
    from .outputs import OutputError
    from .report import build_report

    try:
        summary = build_report(out_dir, corpus, site_dir)
    except OutputError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"{summary.articles} articles, {summary.highlighted} rows highlighted, {summary.pages} pages "
               f"-> {summary.site / 'index.html'}")
    _warn_some(summary.not_shown, "rows listed, not drawn")


@main.command()
@click.argument("out_dir", metavar="OUT", type=click.Path(path_type=Path), default=Path("outputs"))
@click.option("--sqlite", "db_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="SQLite file to write (replaced if it exists).")
@click.option("--corpus", type=click.Path(path_type=Path), default=Path("corpus"), show_default=True,
              help="The corpus the run read: its articles' text goes into a searchable table `texts` "
                   "(left out when the folder does not exist).")
@friendly_errors
def export(out_dir, db_path, corpus):
    """Write the tables in OUT to one SQLite file, with foreign keys between the tables and
    full-text search on names, triggers, sentences and the articles' text; browse it with datasette.

    \b
    Examples:
      zhnews export outputs --sqlite zhnews.db
      datasette zhnews.db
    """
    from .export import export_sqlite
    from .outputs import OutputError

    try:
        counts, missing = export_sqlite(out_dir, db_path, corpus if corpus.exists() else None)
    except OutputError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(", ".join(f"{name} {n}" for name, n in counts.items()) + f" -> {db_path}")
    if not corpus.exists():
        click.secho(f"warning:   no table texts: corpus {corpus} does not exist (pass --corpus)", fg="yellow")
    _warn_some(missing, "text not in the table texts")


def _warn_some(problems: list[str], what: str, shown: int = 10) -> None:
    """The first problems one per line, then how many more: a wrong --corpus must not print 10,000 lines."""
    for problem in problems[:shown]:
        click.secho(f"warning:   {what}: {problem}", fg="yellow")
    if len(problems) > shown:
        click.secho(f"warning:   ... and {len(problems) - shown} more articles", fg="yellow")


@main.command("eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@rules_option
@click.option("--script", type=click.Choice(["s2tw", "s2hk", "s2t", "s2twp"]), default=None,
              help="Also score the texts converted to traditional with this OpenCC config.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N records of each file.")
@click.option("--anchor", callback=_anchor, default="", metavar="YYYY-MM-DD", help="Publication date for records without one.")
@click.option("--half", type=click.Choice(["tune", "held"]), default=None,
              help="Score only the records whose text hashes into this half (tune rules on one, report the other).")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write false positives, misses, boundary and value errors (with context and rule_id) to this CSV.")
@click.option("--min-f1", "min_f1", multiple=True, metavar="LABEL=X",
              help="Fail (exit 1) when LABEL's exact F1 is below X: PERSON, ORG, EVENT, DATE, trigger, argument, "
                   "trigger:TYPE. Repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@friendly_errors
def eval_cmd(gold, rules_dir, script, limit, anchor, half, errors_path, min_f1, as_json):
    """Score the rules on gold data: zhnews gold JSONL, CLUENER JSON, DuEE JSON or BIO (detected).

    Exact and overlap P/R/F1 per label, date value accuracy, event trigger and argument F1.

    \b
    Examples:
      zhnews eval ../shared/eval/cluener/train.json --errors errors.csv
      zhnews eval ../shared/eval/duee/dev_a.json --script s2tw
      zhnews eval ../shared/eval/duee/train.json --half held --script s2tw
      zhnews eval tests/data/gold_sample.jsonl --min-f1 PERSON=0.8 --min-f1 DATE=0.9
    """
    from .evaluate import evaluate
    from .run import Settings

    gates = _min_f1_gates(min_f1)
    settings = Settings(rules_dir=rule_folder(rules_dir), default_anchor=anchor)
    reports = []
    for path in gold:
        try:
            reports.append(evaluate(path, settings, "", limit, anchor, half))
            if script:
                reports.append(evaluate(path, settings, script, limit, anchor, half))
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
    failed = _below_gates(reports, gates)
    if errors_path:
        import pandas as pd

        rows = [dict(source=r.source, **e) for r in reports for e in r.errors]
        pd.DataFrame(rows).to_csv(errors_path, index=False, encoding="utf-8-sig")
    if as_json:
        click.echo(json.dumps({"reports": [r.scores() for r in reports], "failed_gates": failed}, ensure_ascii=False, indent=2))
    else:
        _print_scores(reports)
        if errors_path:
            click.echo(f"errors written to {errors_path}")
    for line in failed:
        click.secho(f"below --min-f1: {line}", fg="red", err=True)
    sys.exit(1 if failed else 0)


def _min_f1_gates(min_f1: tuple[str, ...]) -> dict[str, float]:
    """--min-f1 LABEL=X options as {label: threshold}."""
    gates = {}
    for item in min_f1:
        label, _, value = item.partition("=")
        try:
            gates[label] = float(value)
        except ValueError:
            raise click.BadParameter(f"{item!r}: write LABEL=X, e.g. PERSON=0.7", param_hint="--min-f1") from None
    return gates


def _below_gates(reports: list, gates: dict[str, float]) -> list[str]:
    """One line per report and label whose exact F1 is below its --min-f1 gate."""
    from .evaluate import summary_labels

    failed = []
    for report in reports:
        values = summary_labels(report)
        for label, threshold in gates.items():
            if label in values and values[label] < threshold:
                failed.append(f"{report.source}: {label} F1 {values[label]:.3f} < {threshold}")
    return failed


def _print_scores(reports: list) -> None:
    """The terminal view of eval's reports: exact and overlap P/R/F1 per label, date value accuracy."""
    for report in reports:
        s = report.scores()
        click.echo(f"{report.source}: {report.documents} records" + (f", {report.skipped} skipped (length changed)" if report.skipped else ""))
        click.echo(f"  {'label':<28}{'exact P':>8}{'R':>7}{'F1':>7}   {'overlap P':>9}{'R':>7}{'F1':>7}")
        for label, ex in s["exact"].items():
            ov = s["overlap"].get(label)
            ov_text = f"{ov['precision']:>9.3f}{ov['recall']:>7.3f}{ov['f1']:>7.3f}" if ov else ""
            click.echo(f"  {label:<28}{ex['precision']:>8.3f}{ex['recall']:>7.3f}{ex['f1']:>7.3f}   {ov_text}")
        if "date_value_accuracy" in s:
            click.echo(f"  date value accuracy: {s['date_value_accuracy']:.3f} on {s['date_values_scored']} matched dates")
