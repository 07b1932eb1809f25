"""Routes: the search page, document and entity pages, the original file, and the JSON API."""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import unicodedata
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, send_file

from archive.errors import ArchiveError, DocumentError, QueryError
from archive.formats.attachments import AttachedFile, attached_file
from archive.models import Hit, SearchRequest, SearchResult
from archive.names import ascii_lower
from archive.query import check_request
from archive.registry import DATE_FILTERS, facet_names, facet_of_page, facets
from archive.search import Archive
from archive.sources import read_source, source_path

from .markup import chart_views, segments, timeline_bars
from .params import (
    FACET_VALUES,
    active_filters,
    doc_url,
    facet_page_args,
    integer_param,
    narrowing_state,
    param_names,
    request_from_args,
    results_url,
    state,
    state_keys,
    url_with,
    without_dropped,
)

pages = Blueprint("pages", __name__)
api = Blueprint("api", __name__)
EXPORT_ROWS = 10_000
MAX_RANK = 10_000  # the deepest result a page reaches (pages stop there too)
FORMULA_SIGNS = "=+-@|"  # a cell starting with one of these is a formula (| a DDE link) in some spreadsheet
_opening = threading.Lock()
FILE_TYPES = {  # a source file's type by extension, as /file/ serves it; any other kind is plain text (UTF-8)
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".eml": "message/rfc822",
    ".mbox": "application/mbox",
}
SHOWN_TYPES = ("text/plain", "application/pdf", "image/png", "image/jpeg")  # an attachment shown, not saved
CHARSET_NAME = re.compile(r"[a-z0-9][a-z0-9_.:-]{0,39}")  # a declared charset put in a Content-Type header
SHOWN_FILES = (".txt", ".text", ".md", ".markdown", ".json", ".jsonl", ".pdf", ".png", ".jpg", ".jpeg")  # else saved


def archive() -> Archive:
    """Return the open archive of this app's index: opened on first use, kept with the app, refreshed
    as the index changes."""
    with _opening:
        opened = current_app.extensions.get("archive")
        if opened is None:
            index_path, _ = current_app.extensions["archive_paths"]
            opened = current_app.extensions["archive"] = Archive(index_path)
        return opened


def run_search(search: SearchRequest) -> SearchResult:
    """Return the result of a search on this app's archive."""
    return archive().search(search)


def render(template: str, **context: Any) -> str:
    """Render a page template with the URL helpers every page uses."""
    return render_template(
        template,
        args=request.args,
        url_with=url_with,
        doc_url=doc_url,
        kept_keys=[k for k in state_keys() if k not in ("q", "page")],
        facets=facets(),
        date_filters=DATE_FILTERS,
        **context,
    )


@pages.app_errorhandler(ArchiveError)
def archive_error(exc: ArchiveError) -> Any:
    status = 400 if isinstance(exc, QueryError) else 503  # the request is wrong, or the archive cannot answer yet
    message = exc.named(param_names()) if isinstance(exc, QueryError) else str(exc)
    if request.blueprint == "api" or request.path.startswith("/api/"):
        return jsonify({"error": message, "status": status}), status
    return render("error.html", message=message), status


@pages.app_errorhandler(404)
def not_found(exc: Any) -> Any:
    if request.path.startswith("/api/"):
        return jsonify({"error": "not found", "status": 404}), 404
    return render("error.html", message="There is no such page or document."), 404


@pages.route("/")
def search_page() -> Any:
    if (target := without_dropped(request.args)) is not None:  # a chip's remove button
        return redirect(target)
    if any(not value for key, value in request.args.items(multi=True) if key in state_keys()):
        kept = state(request.args)  # an empty field of a form (from=&to=) stays out of the URL
        return redirect("/" + ("?" + urlencode(kept) if kept else ""))
    search = request_from_args(request.args)
    result = run_search(search)
    return render(
        "search.html",
        result=result,
        search=search,
        charts=chart_views(result.charts, search),
        chips=active_filters(search),
        narrowing=narrowing_state(request.args),
        selected=archive().selected_values(search),
        facet_values=FACET_VALUES,
    )


@pages.route("/favicon.ico")
def favicon() -> Any:
    """Serve our icon where browsers and feed readers look for it unasked (pages name it in a link tag)."""
    return current_app.send_static_file("favicon.svg")


@pages.route("/doc/<doc_id>")
def document_page(doc_id: str) -> Any:
    """One document; reached from a search (its state in the URL, `n` its rank), the search's words are marked
    in the text and the previous and next results are a click away."""
    record = archive().document(doc_id)
    if record is None:
        abort(404)
    search = request_from_args(request.args)
    check_request(search)  # a bad limit or query is a 400 here too, before it is used to find the neighbours
    marks = archive().marked_words(record.body, search.query)
    given = integer_param(request.args, "n", 0)
    rank = given if 0 < given <= MAX_RANK else None
    return render(
        "document.html",
        doc=record,
        parts=segments(record.body, record.entities, marks, record.meta.get("pages") or ()),
        similar=archive().more_like(doc_id),
        message=archive().document(record.meta["parent"]) if record.meta.get("parent") else None,
        rank=rank,
        previous=neighbour(search, rank - 1) if rank else None,
        next=neighbour(search, rank + 1) if rank else None,
        back=results_url(request.args, rank, search.limit),
    )


def neighbour(search: SearchRequest, rank: int) -> Hit | None:
    """Return the hit at a rank of a search (None before the first or after the last)."""
    if rank < 1 or rank > MAX_RANK:
        return None
    hits = archive().hits(replace(search, limit=1, page=rank))
    return hits[0] if hits else None


@pages.route("/<page>/<path:name>")
def entity_page(page: str, name: str) -> Any:
    """The page of one facet value (a person, a place, a country): documents over time, what comes with it."""
    facet = facet_of_page(page)
    if facet is None:
        abort(404)
    result = run_search(SearchRequest(filters={facet.name: (name,)}, sort="date", limit=20))
    if result.total == 0:
        closest = archive().closest(facet.name, name)
        return render("unknown.html", facet=facet, name=name, closest=closest), 404
    bars = timeline_bars(result.facets.get("years", ()), result.facets.get("months", ()))
    spellings = archive().spellings(facet.name, name)
    namesakes = archive().namesakes(facet.name, name)
    return render(
        "entity.html", facet=facet, name=name, result=result, bars=bars, spellings=spellings, namesakes=namesakes
    )


@pages.route("/file/<doc_id>")
def original_file(doc_id: str) -> Any:
    """Serve the source file of an indexed document, never anything else under or outside the folder."""
    record = archive().document(doc_id)
    if record is None:
        abort(404)
    _, documents = current_app.extensions["archive_paths"]
    root = documents.resolve()
    path = source_path(root, record.path).resolve()
    if root not in path.parents or not path.is_file():
        abort(404)
    if record.meta.get("parent"):  # an e-mail's attachment: its own bytes, never the whole message file
        return attachment_file(path, str(record.meta.get("key") or ""))
    return send_file(  # an open file: werkzeug hashes a path as UTF-8, which a file name need not be
        open(path, "rb"),  # noqa: SIM115 - send_file closes it with the response
        last_modified=path.stat().st_mtime,
        mimetype=FILE_TYPES.get(path.suffix.lower(), "text/plain"),
        as_attachment=path.suffix.lower() not in SHOWN_FILES,  # a PDF inline, for #page=N; a page never runs here
        download_name=record.path.rsplit("/", 1)[-1],  # the stored name is valid text; the file's may not be
    )


def attachment_file(path: Path, key: str) -> Any:
    """Serve the attachment keyed `key` in an .eml or .mbox file, found again in the file as it is now."""
    try:
        data = read_source(path).data
    except DocumentError:
        data = b""
    found = attached_file("mbox" if path.suffix.lower() == ".mbox" else "email", data, key) if data else None
    if found is None:
        message = "This attachment is no longer in its message file. Run 'archive reindex' to bring the index in step."
        return render("error.html", message=message), 404
    suffix = PurePosixPath(found.name).suffix.lower()
    served = attachment_type(found, suffix)
    response = send_file(
        io.BytesIO(found.data),
        last_modified=path.stat().st_mtime,
        as_attachment=suffix not in SHOWN_FILES or served.split(";")[0] not in SHOWN_TYPES,
        download_name=found.name,
    )
    response.content_type = served  # as it is: send_file would add a second charset
    return response


def attachment_type(found: AttachedFile, suffix: str) -> str:
    """Return the type an attachment is served as: its declared one when /file/ serves that type (a PDF, an
    image), else its extension's, else plain text in its charset (an HTML part is never rendered on our origin)."""
    if found.content_type in FILE_TYPES.values():
        return found.content_type
    charset = found.charset if found.charset and CHARSET_NAME.fullmatch(found.charset) else "utf-8"
    return FILE_TYPES.get(suffix, f"text/plain; charset={charset}")


@api.route("/search")
def api_search() -> Any:
    return jsonify(run_search(request_from_args(request.args, limit=10)).to_dict(records=True))


@api.route("/facet/<name>")
def api_facet(name: str) -> Any:
    """Return a page of one facet's values under the search the other parameters describe: those matching
    `contains` (the page's filter box) when given, from `offset` (its "Show more"), at most `size`."""
    if name not in facet_names():
        known = ", ".join(facet_names())
        return jsonify({"error": f"There is no facet {name!r}; the facets are {known}.", "status": 404}), 404
    contains, offset, size = facet_page_args(request.args)
    return jsonify(archive().facet_values(request_from_args(request.args), name, contains, offset, size).to_dict())


@api.route("/doc/<doc_id>")
def api_document(doc_id: str) -> Any:
    record = archive().document(doc_id)
    if record is None:
        return jsonify({"error": f"no document {doc_id!r}", "status": 404}), 404
    return jsonify(record.to_dict())


@api.route("/export.<fmt>")
def export(fmt: str) -> Any:
    """Return the current result set (up to 10,000 rows) as CSV or JSON."""
    if fmt not in ("csv", "json"):
        raise QueryError("The export format is csv or json.")
    rows = [export_row(h) for h in archive().all_hits(request_from_args(request.args), EXPORT_ROWS)]
    if fmt == "json":
        body, mimetype = json.dumps(rows, ensure_ascii=False), "application/json"
    else:
        out = io.StringIO()
        out.write("\ufeff")  # a byte order mark: Excel then reads the file as UTF-8, accents intact
        writer = csv.DictWriter(out, fieldnames=export_fields())
        writer.writeheader()
        writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
        body, mimetype = out.getvalue(), "text/csv; charset=utf-8"
    disposition = f'attachment; filename="{export_name(request.args)}.{fmt}"'
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": disposition})


def export_name(args: Any) -> str:
    """Return an export's file name after its search: "archive-putin-country-ukraine" (ASCII, at most 80)."""
    words = [v if k == "q" else f"{k}-{v}" for k, v in narrowing_state(args) if k not in ("sort", "copies")]
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_lower(" ".join(words))).strip("-")
    return ("archive-" + slug)[:80].rstrip("-") if slug else "archive-all"


def export_fields() -> list[str]:
    """Return the exported columns: the document's fields, its address and snippet, each facet, the dates."""
    return ["id", "title", "published", "path", "url", "snippet", *facet_names(), "dates"]


def export_row(hit: Hit) -> dict[str, Any]:
    """Return one exported row; lists joined with '; ', the snippet as plain text."""
    row = {**hit.to_dict(), "snippet": " ".join(hit.snippet.text.split())}
    return {k: "; ".join(row[k]) if isinstance(row[k], list) else row[k] for k in export_fields()}


def spreadsheet_safe(value: Any) -> Any:
    """Return a cell value that a spreadsheet will not run as a formula: one that starts with a formula sign
    gets a leading single quote (OWASP's advice), the rest is kept as it is.

    Spreadsheets skip leading spaces and read full-width and small forms of the signs (＝, ＋, ﹦) as the
    signs themselves, so the first visible character is compared after NFKC; a cell that starts with a tab
    or a line break is quoted too. A title such as "-5 degrees" becomes "'-5 degrees": no exported column
    holds a number, so nothing a spreadsheet should compute is lost.
    """
    if not isinstance(value, str) or not value:
        return value
    visible = value.lstrip()
    if value[0] in "\t\r\n" or (visible and unicodedata.normalize("NFKC", visible[0])[:1] in FORMULA_SIGNS):
        return "'" + value
    return value
