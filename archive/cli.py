"""The `archive` command: translate options into library calls and print the results."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from . import __version__
from .config import Settings, load_settings
from .errors import ArchiveError, QueryError
from .models import SORTS, SearchRequest, SearchResult, Snippet
from .registry import DATE_FILTERS, facets

# C0 and C1 control characters but newline and tab: ESC and OSC sequences never reach the terminal raw
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

pass_settings = click.make_pass_decorator(Settings)


# What a QueryError's field is called on the command line.
OPTION_NAMES = {
    **{d.field: d.flag for d in DATE_FILTERS},
    **{name: f"--{name}" for name in ("sort", "limit", "page")},
    "query": "QUERY",
}


class ArchiveGroup(click.Group):
    """A click group that shows every ArchiveError as a one-line message with exit code 1.

    Settings come from one place (archive/config.py): click reads no environment variable itself.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QueryError as exc:
            raise click.ClickException(exc.named(OPTION_NAMES)) from exc
        except ArchiveError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=ArchiveGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="archive")
@click.option("--documents", type=click.Path(path_type=Path), help="Documents folder [default: documents].")
@click.option("--index", "index_path", type=click.Path(path_type=Path), help="Index folder [default: index].")
@click.pass_context
def main(ctx: click.Context, documents: Path | None, index_path: Path | None) -> None:
    """A searchable archive of news articles: people, places and dates as facets."""
    ctx.obj = load_settings(documents=documents, index=index_path)


@main.command()
@click.option("--full", is_flag=True, help="Rebuild the whole index instead of updating it.")
@click.option("--workers", type=click.IntRange(min=0), help="Extraction processes [default: one per core].")
@click.option(
    "--cluster", metavar="ADDRESS", help="Extract on the workers of this Dask scheduler (tcp://HOST:8786) instead."
)
@pass_settings
def reindex(settings: Settings, full: bool, workers: int | None, cluster: str | None) -> None:
    """Bring the index in step with the documents folder.

    New and changed files (by content hash) are extracted and indexed, deleted files removed.

    \b
    Example:
        archive --documents ~/news reindex --workers 2
        archive --documents ~/news reindex --cluster tcp://10.0.0.5:8786
    """
    from .index import reindex as run

    if workers is not None:
        settings = replace(settings, workers=workers)
    if cluster is not None:
        settings = replace(settings, cluster=cluster)
    with ProgressBar() as bar:
        report = run(settings, full=full, progress=bar.update, early=True)  # the model loads during the scan
    for name, reason in report.warnings:
        click.echo(f"warning: {name}: {reason}", err=True)
    for name, reason in report.failed:
        click.echo(f"failed: {name}: {reason}", err=True)
    click.echo(
        f"indexed {report.indexed} files ({report.documents} documents), unchanged {report.unchanged}, "
        f"removed {report.removed}, failed {len(report.failed)} in {report.seconds:.1f} s"
    )


class ProgressBar:
    """A progress bar on stderr (count, rate, time left), silent when stderr is not a terminal."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __enter__(self) -> ProgressBar:
        return self

    def update(self, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if self.bar is None:
            self.bar = click.progressbar(
                length=total,
                label="extracting",
                file=sys.stderr,
                show_pos=True,
                show_eta=True,
                item_show_func=lambda _: self._rate(),
            )
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def _rate(self) -> str:
        elapsed = max(1e-6, (dt.datetime.now().timestamp() - self.bar.start))
        return f"{self.bar.pos / elapsed:.0f} files/s"

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add a repeatable filter and exclude option for every declared facet, and the date filters."""
    for date in reversed(DATE_FILTERS):
        command = click.option(date.flag, date.field, help=date.help)(command)
    for facet in reversed(facets()):
        if facet.excludable:
            command = click.option(
                facet.exclude_flag, f"exclude_{facet.name}", multiple=True,
                help=f"Leave out documents naming this {facet.noun} (repeatable).",
            )(command)  # fmt: skip
        command = click.option(
            facet.flag, f"filter_{facet.name}", multiple=True,
            help=f"Only documents naming this {facet.noun} (repeatable, AND).",
        )(command)  # fmt: skip
    return command


@main.command()
@click.argument("query", required=False, default="")
@filter_options
@click.option(
    "--sort", type=click.Choice(SORTS), default="relevance", show_default=True, help="date: newest first."
)
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--all-copies", is_flag=True, help="List every copy of a story instead of its first copy.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_settings
def search(settings: Settings, query: str, as_json: bool, **options: Any) -> None:
    """Search the archive with Whoosh query syntax and print hits and facet counts.

    \b
    Example:
        archive search 'Putin AND "Primorsky Krai"' --country Ukraine --from 2022-05
    """
    from .search import Archive

    request = SearchRequest(
        query=query,
        filters={f.name: options[f"filter_{f.name}"] for f in facets()},
        excludes={f.name: options.get(f"exclude_{f.name}", ()) for f in facets()},
        **{d.field: options[d.field] for d in DATE_FILTERS},
        sort=options["sort"],
        limit=options["limit"],
        page=options["page"],
        facet_limit=10 if not as_json else 50,
        all_copies=options["all_copies"],
    )
    result = Archive(settings.index).search(request)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_result(result)


def terminal_text(text: str) -> str:
    """Return document text safe for a terminal: control characters (escape sequences) shown as spaces."""
    return CONTROL.sub(" ", text)


def terminal_snippet(snippet: Snippet) -> str:
    """Return a snippet for the terminal: the query's words in bold, on one line."""
    line = snippet.render(terminal_text, lambda part: click.style(terminal_text(part), bold=True))
    return " ".join(line.split())


def print_result(result: SearchResult) -> None:
    """Print hits, then facet counts, for a person at a terminal."""
    req = result.request
    stories = f", {result.stories} distinct stories" if result.stories != result.total else ""
    click.echo(f"{result.total} documents{stories} ({result.seconds * 1000:.0f} ms), page {req.page}")
    for number, hit in enumerate(result.hits, (req.page - 1) * req.limit + 1):
        title = click.style(terminal_text(hit.title), bold=True)
        click.echo(f"\n{number}. {title}  [{hit.published or 'undated'}]  score {hit.score:.2f}  id {hit.id}")
        click.echo(f"   {terminal_snippet(hit.snippet)}")
        if hit.copies:
            click.echo(f"   + {len(hit.copies)} similar: " + ", ".join(c.id for c in hit.copies))
    for name in (*(f.name for f in facets()), "years", "months"):
        counts = result.facets.get(name) or ()
        if counts:
            shown = ", ".join(f"{terminal_text(c.value)} ({c.count})" for c in counts[:10])
            click.echo(f"\n{name}: {shown}")


@main.command()
@click.argument("source", required=False, default="-")
@click.option("--published", help="Publication date (YYYY, YYYY-MM or YYYY-MM-DD) that dates resolve against.")
@click.option("--html", "is_html", is_flag=True, help="Treat the input as HTML (default: by file extension).")
@click.option("--jsonl", is_flag=True, help="Answer one JSON request per input line: {id, text|html, published}.")
@pass_settings
def extract(settings: Settings, source: str, published: str | None, is_html: bool, jsonl: bool) -> None:
    """Clean one document and print its people, places and dates as JSON.

    \b
    Example:
        archive extract story.html --published 2022-06-01
        echo '{"id": 1, "text": "Putin spoke in Moscow on Friday."}' | archive extract --jsonl
    """
    from .extraction import extract_document, extract_request

    path = None if source == "-" else Path(source)
    if path is not None and not path.is_file():
        raise click.BadParameter(f"no file {source}", param_hint="SOURCE")
    try:
        if jsonl:
            with open(path, "rb") if path else contextlib.nullcontext(sys.stdin.buffer) as lines:
                for raw in lines:
                    line = raw.decode("utf-8", errors="replace")  # a bad byte spoils its request, not the stream
                    if line.strip():
                        click.echo(json.dumps(extract_request(line, settings.model), ensure_ascii=False))
                        sys.stdout.flush()
            return
        data = path.read_bytes() if path else sys.stdin.buffer.read()
    except OSError as exc:
        raise click.FileError(source, exc.strerror) from exc
    suffix = path.suffix.lower() if path else ""
    kind = (
        "html" if is_html or suffix in (".html", ".htm") else ("markdown" if suffix in (".md", ".markdown") else "text")
    )
    click.echo(json.dumps(extract_document(data, kind, published, settings.model), ensure_ascii=False, indent=2))


@main.command()
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True, help="Print the document as JSON.")
@pass_settings
def show(settings: Settings, doc_id: str, as_json: bool) -> None:
    """Print one indexed document with its people, places and dates.

    \b
    Example:
        archive show 3f2a9c0d1e2b4a5c
    """
    from .search import Archive

    record = Archive(settings.index).document(doc_id)
    if record is None:
        raise ArchiveError(f"No document with id {doc_id!r}. Search first: ids are printed with each hit.")
    if as_json:
        click.echo(json.dumps(record.to_dict(), ensure_ascii=False, indent=2))
        return
    ents = record.entities
    click.echo(click.style(terminal_text(record.title), bold=True))
    click.echo(f"{record.published or 'undated'} · {terminal_text(record.path)}")
    click.echo(f"people: {terminal_text(', '.join(p.name for p in ents.people))}")
    places = [p.name + (f" ({p.country})" if p.country and p.country != p.name else "") for p in ents.places]
    click.echo(f"places: {terminal_text(', '.join(places))}")
    click.echo(f"dates: {', '.join(d.value for d in ents.dates)}")
    show_mail(record.meta)
    click.echo("\n" + terminal_text(record.body))


def show_mail(meta: Mapping[str, Any]) -> None:
    """Print an e-mail's addresses and attachments (with their ids), or an attachment's message id."""
    if meta.get("addresses"):
        click.echo(f"addresses: {terminal_text(', '.join(meta['addresses']))}")
    if meta.get("attachments"):
        listed = ", ".join(f"{name} ({ident or 'not indexed'})" for name, ident in meta["attachments"])
        click.echo(f"attachments: {terminal_text(listed)}")
    if meta.get("parent"):
        click.echo(f"attached to the message {meta['parent']}")


@main.group(invoke_without_command=True)
@click.option("--type", "noun", type=click.Choice([f.noun for f in facets()]), help="Only this type [default: all].")
@click.option("--top", type=click.IntRange(1, 100_000), default=20, show_default=True, help="Values per type.")
@click.option("--json", "as_json", is_flag=True, help="Print the values as JSON.")
@click.pass_context
def entities(ctx: click.Context, noun: str | None, top: int, as_json: bool) -> None:
    """List entity values with their document counts and merged spellings, to audit the archive.

    With a subcommand, correct a value once; corrections are kept in curation.json in the index
    folder and applied at every reindex and search.

    \b
    Example:
        archive entities --type person --top 50
        archive entities merge person "Baker" "James Baker"
    """
    if ctx.invoked_subcommand is not None:
        return
    from .curation import facet_by_noun
    from .search import Archive

    settings = ctx.ensure_object(Settings)
    chosen = [facet_by_noun(noun)] if noun else list(facets())
    found = Archive(settings.index).entities([f.name for f in chosen], top)
    if as_json:
        listing = {f.noun: [e.to_dict() for e in found[f.name]] for f in chosen}
        click.echo(json.dumps(listing, ensure_ascii=False, indent=2))
        return
    for facet in chosen:
        click.echo(click.style(facet.noun, bold=True))
        for entity in found[facet.name]:
            merged = f"  (also {', '.join(entity.merged)})" if entity.merged else ""
            click.echo(f"  {entity.count:>6}  {terminal_text(entity.value)}{terminal_text(merged)}")


def record_correction(settings: Settings, item: dict[str, str]) -> None:
    """Add one correction to the index folder's curation file and rebuild the facet tables with it."""
    from . import curation
    from .search import Archive

    fix = curation.parse(item)
    corrections = [*curation.load(settings.index), fix]
    archive = Archive(settings.index)  # the index must exist before it can be corrected
    curation.save(settings.index, corrections)
    click.echo(f"{item['op']}: {json.dumps(item, ensure_ascii=False)} (kept in {settings.index / curation.FILE})")
    if not archive.holds(fix.facet, fix.value):
        click.echo(f"warning: no {item['type']} {fix.value!r} in the archive yet; kept for when there is", err=True)


# The corrections `archive entities` takes: the name of the value each one's target is, and its help.
CORRECTIONS = {
    "merge": ("INTO", "Count VALUE under INTO from now on (both of type TYPE)."),
    "rename": ("NAME", "Show VALUE as NAME."),
    "reject": (None, "Drop VALUE from its facet: it is not a TYPE."),
    "retype": ("NEW_TYPE", "Move VALUE from the TYPE facet to the NEW_TYPE facet."),
}


def correction_command(op: str, target: str | None, summary: str) -> click.Command:
    """Return the `archive entities OP TYPE VALUE [TARGET]` command, which records one correction."""

    @pass_settings
    def command(settings: Settings, noun: str, value: str, target: str | None = None) -> None:
        from .curation import OPERATIONS

        item = {"op": op, "type": noun, "value": value}
        key = OPERATIONS[op]
        if key and target is not None:
            item[key] = target
        record_correction(settings, item)

    params: list[click.Parameter] = [click.Argument(["noun"], metavar="TYPE"), click.Argument(["value"])]
    if target:
        params.append(click.Argument(["target"], metavar=target))
    return click.Command(op, callback=command, params=params, help=summary)


for _op, (_target, _summary) in CORRECTIONS.items():
    entities.add_command(correction_command(_op, _target, _summary))


@main.command()
@pass_settings
def stats(settings: Settings) -> None:
    """Print the number of documents, index size, distinct facet values and last reindex.

    \b
    Example:
        archive --index /data/news-index stats
    """
    from .index import index_stats

    info = index_stats(settings.index)
    when = dt.datetime.fromtimestamp(info.last_reindex).isoformat(" ", "seconds") if info.last_reindex else "never"
    click.echo(f"documents: {info.documents}")
    click.echo(f"index size: {info.size_bytes / 1e6:.1f} MB")
    for name, count in info.distinct.items():
        click.echo(f"distinct {name}: {count}")
    click.echo(f"last reindex: {when}")


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind; 0.0.0.0 exposes the archive to the network.",
)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", type=click.IntRange(min=1), help="Server processes [default: one per core].")
@click.option("--threads", type=click.IntRange(min=1), default=4, show_default=True, help="Threads per process.")
@click.option("--access-log", is_flag=True, help="Print one line per request on stderr.")
@click.option("--debug", is_flag=True, help="Flask's development server in debug mode (never on a shared network).")
@pass_settings
def serve(
    settings: Settings, host: str, port: int, workers: int | None, threads: int, access_log: bool, debug: bool
) -> None:
    """Serve the faceted search page over the index: gunicorn, with worker processes x threads.

    \b
    Example:
        archive serve --port 8080 --workers 4 --threads 8
    """
    from webui import create_app
    from webui.server import ServerOptions
    from webui.server import serve as run

    config = {"ARCHIVE_INDEX": str(settings.index), "ARCHIVE_DOCUMENTS": str(settings.documents)}
    if not debug:
        run(config, ServerOptions(host, port, workers or 0, threads, access_log), announce=click.echo)
        return
    given = click.get_current_context().get_parameter_source
    if any(given(name) == ParameterSource.COMMANDLINE for name in ("workers", "threads", "access_log")):
        raise click.UsageError("--workers, --threads and --access-log are for gunicorn, not the development server.")
    create_app(config).run(host=host, port=port, debug=True)
