"""The `newsledger` command line: extract, ingest, ledger, serve, export, eval, bench.

Bad inputs are reported one line each on stderr (``path[:line]: reason``)
while the rest of the batch goes on; the exit status is 1 when anything
failed, so scripts notice.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsledger.config import get_settings
from newsledger.documents import Built
from newsledger.ingest.article import Article, IngestError
from newsledger.ingest.sources import iter_articles
from newsledger.records import DocumentRecord

app = typer.Typer(help="Turn conflict and political news into an evidence-linked ledger.",
                  no_args_is_help=True, add_completion=False)
err = Console(stderr=True)
out = Console()

PathsArg = Annotated[list[str], typer.Argument(
    help="Files (.txt, .html, .htm, .jsonl), folders (recursive) or - for stdin.")]
DbOption = Annotated[str | None, typer.Option(
    "--db", help="Database URL (default: NEWSLEDGER_DB or sqlite:///newsledger.db).")]


@app.callback()
def main(quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="No one-time setup notes (gazetteer builds) on stderr.")]
         = False) -> None:
    """newsledger: conflict and political news into an evidence-linked ledger."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("newsledger: %(message)s"))
    logger = logging.getLogger("newsledger")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.WARNING if quiet else logging.INFO)


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def printable(text: str) -> str:
    """``text`` with control and other invisible characters escaped (``\x1b``): a
    file name must not drive the terminal or break the one-line report."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def _report(error: IngestError | str) -> None:
    """One line on stderr per failed input, never wrapped, so it stays greppable."""
    err.print(f"[red]error[/red] {escape(printable(str(error)))}", highlight=False,
              soft_wrap=True)


def _records(items: Iterable[Article | IngestError]) -> Iterator[Built | IngestError]:
    """Records for the inputs; a missing language pipeline stops here, in one line."""
    from newsledger.documents import build
    from newsledger.nlp.pipeline import PipelineNotInstalled, load_pipeline

    try:
        nlp = load_pipeline()
    except PipelineNotInstalled as error:
        _report(error)
        raise typer.Exit(2) from error
    return build(items, nlp)


def _summary_table(records: list[DocumentRecord]) -> Table:
    """One row per document; names and dates never wrap or get cut, so it reads when piped."""
    table = Table(title="newsledger", box=box.SIMPLE_HEAD, caption="counts: entities / "
                  "statements / incidents / accusations / claims")
    table.add_column("document", no_wrap=True)
    table.add_column("published", no_wrap=True, min_width=10)
    table.add_column("counts", no_wrap=True, min_width=13)
    table.add_column("outlet", overflow="ellipsis", no_wrap=True)
    for r in records:
        counts = "/".join(str(len(items)) for items in (
            r.entities, r.statements, r.incidents, r.accusations, r.claims))
        table.add_row(printable(Path(r.source.path or r.id).name), r.published or "", counts,
                      printable(r.source.outlet or ""))
    return table


@app.command()
def extract(paths: PathsArg,
            format: Annotated[OutputFormat, typer.Option(
                "--format", "-f", help="jsonl: one record per line; json: a list; "
                "table: a summary")] = OutputFormat.jsonl) -> None:
    """Extract records from articles and print them (nothing is stored)."""
    failed = False
    records: list[DocumentRecord] = []
    for item in _records(iter_articles(paths)):
        if isinstance(item, IngestError):
            _report(item)
            failed = True
        elif format is OutputFormat.jsonl:
            sys.stdout.write(json.dumps(item.record.to_json_dict(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            records.append(item.record)
    if format is OutputFormat.json:
        json.dump([r.to_json_dict() for r in records], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif format is OutputFormat.table:
        out.print(_summary_table(records))
    raise typer.Exit(1 if failed else 0)


@app.command()
def ingest(paths: PathsArg, db: DbOption = None) -> None:
    """Extract records from articles, store them and merge them into the ledger.

    Each document is stored and merged in one transaction: its incidents join
    the ledger incidents they report or start new ones, and its actors join
    the actors of other articles. Documents already stored are skipped before
    extraction, so a resumed batch costs only what is left.
    """
    from newsledger.ledger.merge import ingest_record
    from newsledger.store.db import connect, describe, retry_busy
    from newsledger.store.repository import has_document

    engine = connect(db or get_settings().db_url)
    added = skipped = failed = 0
    started = time.perf_counter()
    columns = (SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn(),
               TextColumn("{task.completed} docs"), TextColumn("{task.fields[rate]}"),
               TimeElapsedColumn())
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task("ingest", total=None, rate="")

        def unseen() -> Iterator[Article | IngestError]:
            nonlocal skipped
            for item in iter_articles(paths):
                if isinstance(item, Article) and has_document(engine, item.doc_id):
                    skipped += 1
                    progress.update(task, advance=1)
                else:
                    yield item

        for item in _records(unseen()):
            if isinstance(item, IngestError):
                _report(item)
                failed += 1
                continue
            try:
                stored = retry_busy(lambda item=item: ingest_record(engine, item.record))
            except Exception as error:  # a storage failure loses only this document
                article = item.article
                _report(IngestError(article.path or article.doc_id,
                                    f"not stored: {describe(error)}", article.line))
                failed += 1
                continue
            added += stored
            skipped += not stored
            elapsed = time.perf_counter() - started
            progress.update(task, advance=1,
                            rate=f"{(added + skipped) / elapsed:.1f} docs/s" if elapsed else "")
    err.print(f"{added} added, {skipped} already in the ledger, {failed} failed "
              f"({time.perf_counter() - started:.1f} s)")
    raise typer.Exit(1 if failed else 0)


@app.command()
def serve(db: DbOption = None,
          host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port to listen on.")] = 8001,
          allow_host: Annotated[list[str] | None, typer.Option(
              help="Also answer requests for this Host name (a DNS name, behind a proxy); "
              "* answers any. By default only the bound address and localhost are.")]
          = None) -> None:
    """Serve the web app and the JSON API over the ledger database."""
    import uvicorn

    from newsledger.api.app import create_app

    settings = get_settings()
    err.print(f"newsledger serving {db or settings.db_url} on http://{host}:{port}/")
    uvicorn.run(create_app(db or settings.db_url, host=host, allowed_hosts=allow_host or [],
                           ingest_token=settings.ingest_token),
                host=host, port=port, log_level="warning")


class ExportFormat(StrEnum):
    jsonl = "jsonl"


class ExportWhat(StrEnum):
    documents = "documents"
    incidents = "incidents"
    actors = "actors"


@app.command()
def export(db: DbOption = None,
           what: Annotated[ExportWhat, typer.Option(
               "--what", "-w", help="documents: per-article records as `extract` prints "
               "them; incidents: ledger incidents across articles; actors: actors across "
               "articles")] = ExportWhat.documents,
           format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
           output: Annotated[Path | None, typer.Option(
               "--output", "-o", help="File to write (default: stdout).")] = None) -> None:
    """Export the stored ledger as JSON lines, one record per line.

    Ledger incidents and actors follow docs/schema/*.schema.json."""
    from newsledger.export.jsonl import write_jsonl
    from newsledger.store.db import connect
    from newsledger.store.ledger_queries import iter_actors, iter_incidents
    from newsledger.store.repository import iter_documents

    engine = connect(db or get_settings().db_url)
    records = {ExportWhat.documents: iter_documents, ExportWhat.incidents: iter_incidents,
               ExportWhat.actors: iter_actors}[what](engine)
    if output is None:
        count = write_jsonl(records, sys.stdout)
    else:
        with output.open("w", encoding="utf-8") as fh:
            count = write_jsonl(records, fh)
    err.print(f"exported {count} {what.value}")


ledger_app = typer.Typer(help="The ledger across articles: rebuild it, look inside, "
                         "correct it.", no_args_is_help=True)
app.add_typer(ledger_app, name="ledger")


def _ledger_engine(db: str | None):
    from newsledger.store.db import connect

    return connect(db or get_settings().db_url)


@contextmanager
def _progress(label: str, total: int | None = None) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr; yields the function that advances it by one."""
    with Progress(SpinnerColumn(), TextColumn(f"[bold]{label}"), BarColumn(),
                  TextColumn("{task.completed} docs"), TimeElapsedColumn(),
                  console=err) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)


@ledger_app.command("rebuild")
def ledger_rebuild(db: DbOption = None) -> None:
    """Recompute the ledger from the stored documents and people's decisions.

    Run it after a change of the merge rules; merge and split decisions are
    kept and applied again."""
    from newsledger.ledger.merge import rebuild

    engine = _ledger_engine(db)
    with _progress("rebuild") as advance:
        count = rebuild(engine, progress=advance)
    err.print(f"rebuilt the ledger from {count} documents")


@ledger_app.command("show")
def ledger_show(incident: Annotated[str, typer.Argument(help="Ledger incident id.")],
                db: DbOption = None) -> None:
    """Print one ledger incident as JSON: its reports, why each joined, its history."""
    from newsledger.store.ledger_queries import get_incident

    found = get_incident(_ledger_engine(db), incident)
    if found is None:
        _report(f"{incident}: no such ledger incident")
        raise typer.Exit(1)
    if found.id != incident:
        err.print(f"{incident} was merged into {found.id}")
    sys.stdout.write(json.dumps(found.model_dump(mode="json"), ensure_ascii=False,
                                indent=2) + "\n")


def _apply(kind: str, incidents: list[str], reports: list[str], note: str | None,
           db: str | None) -> None:
    from newsledger.ledger.merge import CorrectionError, correct

    try:
        result = correct(_ledger_engine(db), kind, incidents, reports, note)
    except CorrectionError as error:
        _report(str(error))
        raise typer.Exit(1) from error
    for incident in result.incidents:
        err.print(f"{incident.id}: {incident.n_sources} sources, "
                  f"{len(incident.sources)} reports")


@ledger_app.command("merge")
def ledger_merge(incidents: Annotated[list[str], typer.Argument(
                     help="Two or more ledger incident ids to make one.")],
                 note: Annotated[str | None, typer.Option(help="Why (kept with it).")] = None,
                 db: DbOption = None) -> None:
    """Merge ledger incidents the machine kept apart; remembered across rebuilds."""
    _apply("merge", incidents, [], note, db)


@ledger_app.command("split")
def ledger_split(incident: Annotated[str, typer.Argument(help="The ledger incident.")],
                 reports: Annotated[list[str], typer.Argument(
                     help="Reports (DOCUMENT_ID#INCIDENT_ID) to take out of it: each is "
                     "kept apart from every report that stays.")],
                 note: Annotated[str | None, typer.Option(help="Why (kept with it).")] = None,
                 db: DbOption = None) -> None:
    """Take reports out of a ledger incident; remembered across rebuilds."""
    _apply("split", [incident], reports, note, db)


@ledger_app.command("decisions")
def ledger_decisions(db: DbOption = None) -> None:
    """List people's merge and split decisions, oldest first."""
    from newsledger.store.ledger import list_decisions

    table = Table(box=box.SIMPLE_HEAD)
    for column in ("#", "kind", "report", "report", "made", "note"):
        table.add_column(column, no_wrap=column in ("#", "kind", "made"), overflow="fold")
    with _ledger_engine(db).connect() as conn:
        for d in list_decisions(conn):
            table.add_row(str(d.id), d.kind, f"{d.a_doc}#{d.a_incident}",
                          f"{d.b_doc}#{d.b_incident}", d.made_at.isoformat(timespec="seconds")
                          if d.made_at else "", escape(d.note or ""))
    out.print(table)


class Dataset(StrEnum):
    rand = "rand"
    polnear = "polnear"
    acled = "acled"
    muc4 = "muc4"
    case2021 = "case2021"
    geoparsing = "geoparsing"
    gva = "gva"
    merge = "merge"


@app.command("eval")
def evaluate(dataset: Annotated[Dataset, typer.Argument(help="Which gold dataset.")],
             path: Annotated[Path, typer.Argument(help="The dataset's folder or file.")],
             limit: Annotated[int | None, typer.Option(help="Only the first N rows.")] = None,
             db: Annotated[str | None, typer.Option(
                 "--db", help="merge: the ledger to ingest into (default: a new temporary "
                 "SQLite file); documents already in it are not extracted again.")] = None,
             rebuild: Annotated[bool, typer.Option(
                 help="merge: rebuild the --db ledger before scoring (after a change of "
                 "the merge rules).")] = False,
             ) -> None:
    """Measure extraction (or cross-article merging) against a gold dataset."""
    from newsledger.eval import acled, case2021, geoparsing, gva, merge, muc4, polnear, rand

    if not path.exists():
        _report(f"{path}: no such file or directory")
        raise typer.Exit(2)
    if dataset is Dataset.merge:
        try:
            report = merge.evaluate(path, limit=limit, db=db, fresh=rebuild)
        except merge.StaleLedger as error:
            _report(f"{db}: {error}")
            raise typer.Exit(2) from None
    else:
        report = {Dataset.rand: rand.evaluate,
                  Dataset.polnear: polnear.evaluate,
                  Dataset.acled: acled.evaluate,
                  Dataset.muc4: muc4.evaluate,
                  Dataset.case2021: case2021.evaluate,
                  Dataset.geoparsing: geoparsing.evaluate,
                  Dataset.gva: gva.evaluate}[dataset](path, limit=limit)
    out.print(report.table())


class BenchWhat(StrEnum):
    extract = "extract"
    merge = "merge"


@app.command()
def bench(what: Annotated[BenchWhat, typer.Option(
              help="extract: full extract vs bare spaCy; merge: the ledger merge's cost "
                   "per document as the ledger grows.")] = BenchWhat.extract,
          docs: Annotated[int, typer.Option(
              min=1, help="Documents in the generated corpus.")] = 200,
          corpus: Annotated[Path, typer.Option(
              help="Articles whose paragraphs make up the corpus.")] = Path("samples/corpus"),
          rounds: Annotated[int, typer.Option(
              min=1, help="Rounds per path; each path is timed by its best round.")] = 3,
          window: Annotated[int, typer.Option(
              min=1, help="merge: documents in the first and last window compared.")] = 1000,
          ) -> None:
    """Time the full extract path against bare spaCy on the same generated
    corpus, or the ledger merge on generated documents (--what merge)."""
    if what is BenchWhat.merge:
        from newsledger.bench.merge import run_merge_benchmark

        with _progress("merge", docs) as advance:
            merged = run_merge_benchmark(docs, window, progress=advance)
        heading, *figures = merged.summary()
        out.print(heading)
        out.print(merged.table())
        for line in figures:
            out.print(line)
        return
    from newsledger.bench.extract import run_benchmark

    if not corpus.exists():
        _report(f"{corpus}: no such file or directory")
        raise typer.Exit(2)
    result = run_benchmark(docs, corpus, rounds)
    out.print(result.table())
    out.print(result.spread())
