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

from .rules import DEFAULT_RULES_DIR, RuleError
from .segment import ENGINES

EXIT_DOCUMENTS_FAILED = 1
EXIT_USAGE = 2


def _anchor(ctx, param, value):
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14") from None


def common_options(func):
    """Options every processing verb shares, spelled the same everywhere."""
    options = [
        click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"),
                     show_default=True, help="Folder for the tables (CSV) and outputs/parquet/."),
        click.option("--rules", "rules_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
                     default=DEFAULT_RULES_DIR, show_default="bundled rules/", help="Folder of rule files."),
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
        except (click.ClickException, click.exceptions.Exit, SystemExit):
            raise
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


def _settings(rules_dir, engine, conversion, anchor, max_bytes):
    from .run import Settings

    return Settings(rules_dir=rules_dir, engine=engine, conversion=conversion, default_anchor=anchor, max_bytes=max_bytes)


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


@main.command()
@click.argument("corpus", type=click.Path(exists=True, path_type=Path), default=Path("corpus"))
@common_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option("--no-cache", is_flag=True, help="Ignore and do not update the stage cache (OUT/.cache).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: only on a terminal).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@friendly_errors
def run(corpus, out_dir, rules_dir, engine, conversion, anchor, max_bytes, jobs, no_cache, progress, as_json):
    """Run every stage over CORPUS (a folder of .txt/.md articles, or one file) into OUT.

    Only new or changed articles are processed again; the tables always cover the whole corpus.
    Exit code 1 when any document failed (see documents.csv: status, error).

    \b
    Examples:
      zhnews run corpus/
      zhnews run ~/news/2025-06 --out out/ --jobs 2 --anchor 2025-06-30
    """
    from .run import run_corpus

    summary, _ = run_corpus(corpus, out_dir, _settings(rules_dir, engine, conversion, anchor, max_bytes),
                            jobs=jobs, progress=progress, use_cache=not no_cache)
    _print_summary(summary, as_json)
    sys.exit(EXIT_DOCUMENTS_FAILED if summary.failed else 0)


@main.command()
@click.argument("corpus", type=click.Path(exists=True, path_type=Path), default=Path("corpus"))
@common_options
@friendly_errors
def ingest(corpus, out_dir, rules_dir, engine, conversion, anchor, max_bytes):
    """Decode every article and read its metadata; write OUT/stages/ingest.csv.

    Shows encoding, front matter / manifest metadata and why a file cannot be used.
    """
    from .run import run_stage

    path, failed = run_stage("ingest", corpus, out_dir, _settings(rules_dir, engine, conversion, anchor, max_bytes))
    click.echo(f"wrote {path}")
    sys.exit(EXIT_DOCUMENTS_FAILED if failed else 0)


@main.command()
@click.argument("corpus", type=click.Path(exists=True, path_type=Path), default=Path("corpus"))
@common_options
@friendly_errors
def normalize(corpus, out_dir, rules_dir, engine, conversion, anchor, max_bytes):
    """Clean noise and convert to simplified; write OUT/stages/normalized/*.txt and normalize.csv.

    Each .txt is the text the extractors see; normalize.csv lists script, conversion and the noise
    removed per rule, so you can check what the cleaning rules in rules/normalize/ did.
    """
    from .run import run_stage

    path, failed = run_stage("normalize", corpus, out_dir, _settings(rules_dir, engine, conversion, anchor, max_bytes))
    click.echo(f"wrote {path}")
    sys.exit(EXIT_DOCUMENTS_FAILED if failed else 0)


@main.command()
@click.argument("corpus", type=click.Path(exists=True, path_type=Path), default=Path("corpus"))
@common_options
@friendly_errors
def segment(corpus, out_dir, rules_dir, engine, conversion, anchor, max_bytes):
    """Segment into words and sentences; write OUT/stages/segmented.spacy (a spaCy DocBin).

    Load it with spacy.tokens.DocBin().from_disk(path).get_docs(spacy.blank("zh").vocab);
    each Doc's user_data has doc_id and path.
    """
    from .run import run_stage

    path, failed = run_stage("segment", corpus, out_dir, _settings(rules_dir, engine, conversion, anchor, max_bytes))
    click.echo(f"wrote {path}")
    sys.exit(EXIT_DOCUMENTS_FAILED if failed else 0)


@main.command()
@click.argument("corpus", type=click.Path(exists=True, path_type=Path), default=Path("corpus"))
@common_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@friendly_errors
def extract(corpus, out_dir, rules_dir, engine, conversion, anchor, max_bytes, jobs, as_json):
    """Extract entities, dates and events and write the tables, reusing cached segmentation.

    The same as `run` when nothing is cached; after a change to extraction rules only, it
    re-extracts without re-segmenting.
    """
    from .run import run_corpus

    summary, _ = run_corpus(corpus, out_dir, _settings(rules_dir, engine, conversion, anchor, max_bytes), jobs=jobs)
    _print_summary(summary, as_json)
    sys.exit(EXIT_DOCUMENTS_FAILED if summary.failed else 0)


@main.group()
def rules():
    """Work with rule files (rules/)."""


@rules.command("check")
@click.option("--rules", "rules_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=DEFAULT_RULES_DIR, show_default="bundled rules/", help="Folder of rule files.")
@friendly_errors
def rules_check(rules_dir):
    """Load and compile every rule file; report the first problem with file:line and a hint."""
    from .run import DocumentProcessor, Settings

    DocumentProcessor(Settings(rules_dir=rules_dir))
    files = sorted(p for p in rules_dir.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml", ".tsv", ".jsonl", ".txt"))
    click.echo(f"ok: {len(files)} rule files in {rules_dir} load and compile")


def _print_summary(summary, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({
            "documents": summary.documents, "ok": summary.ok, "partial": summary.partial, "failed": summary.failed,
            "reused": summary.reused, "reextracted": summary.reextracted, "processed": summary.resegmented,
            "counts": {k: dict(sorted(v.items())) for k, v in summary.counts.items()},
            "seconds": round(summary.seconds, 3), "out": str(summary.out_dir), "problems": summary.problems,
        }, ensure_ascii=False, indent=2))
        return
    line = f"documents: {summary.documents}  ok {summary.ok}  partial {summary.partial}  failed {summary.failed}"
    click.echo(click.style(line, fg="red" if summary.failed else None))
    click.echo(f"work:      {summary.resegmented} processed, {summary.reextracted} re-extracted, {summary.reused} unchanged")
    for table, counts in summary.counts.items():
        detail = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"
        click.echo(f"{table + ':':<10} {sum(counts.values())} ({detail})")
    for problem in summary.problems:
        click.secho(f"warning:   {problem}", fg="yellow")
    click.echo(f"time:      {summary.seconds:.1f} s -> {summary.out_dir}/")
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
