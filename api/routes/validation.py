"""/validate: SHACL report of uploaded RDF against the served shapes, as JSON, Turtle or an HTML page."""

from __future__ import annotations

import re
from xml.sax import SAXParseException

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from rdflib import Dataset, Graph, Literal
from rdflib.plugins.parsers.notation3 import BadSyntax
from starlette.concurrency import run_in_threadpool

from api.errors import HttpProblem
from api.i18n import pick_lang, translator
from api.negotiation import HTML, Offer, accept_of, choose
from api.openapi_problems import answers
from api.protocol import FORM, media_type, read_body, utf8_text
from graph.errors import LoadError
from graph.query import select
from graph.rdf_guard import parse_untrusted
from graph.report import grouped
from graph.report_rdf import report_graph
from graph.store import Store
from graph.validate import ValidationReport, ValidationResult, validate

router = APIRouter()
INPUT_FORMATS = {"text/turtle": "turtle", "application/x-turtle": "turtle", "application/ld+json": "json-ld",
                 "application/trig": "trig", "application/n-triples": "nt", "application/n-quads": "nquads",
                 "application/rdf+xml": "xml", "text/n3": "n3"}
FORM_FORMATS = (("text/turtle", "Turtle"), ("application/ld+json", "JSON-LD"), ("application/trig", "TriG"),
                ("application/n-triples", "N-Triples"), ("application/n-quads", "N-Quads"),
                ("application/rdf+xml", "RDF/XML"), ("text/n3", "N3"))  # the form's choices, media type first
REPORT_FORMATS = (Offer("json", "application/json"), Offer("turtle", "text/turtle"),
                  Offer("jsonld", "application/ld+json"), HTML)
ONTOLOGY, SHAPES = "https://w3id.org/vnqi/graph/ontology/", "https://w3id.org/vnqi/graph/shapes/"


def term_graph(store: Store, prefix: str) -> Graph:
    """The served ontology or shapes, as one graph."""
    graph = Graph()
    for row in select(store, "term-graphs", prefix=Literal(prefix)).rows:
        graph.add(row[:3])  # type: ignore[arg-type]
    return graph


def input_format(name: str) -> str:
    """The rdflib parser for a form's `format` (a media type or a parser name): only the formats offered, never
    another of rdflib's parsers (TriX's is quadratic on long texts and skips the RDF/XML entity check)."""
    if name in INPUT_FORMATS:
        return INPUT_FORMATS[name]
    if name in INPUT_FORMATS.values():
        return name
    raise HttpProblem(400, f"unknown RDF format {name!r}", accepted=sorted(INPUT_FORMATS))


def parse_upload(text: str, fmt: str, base: str) -> Graph:
    """Parse the uploaded RDF (relative IRIs against `base`) into one graph: the union of its graphs, so that the
    named graphs of TriG, N-Quads or JSON-LD are validated too; a syntax error is a 400 naming the line."""
    dataset = Dataset()
    try:
        parse_untrusted(text, fmt, dataset, base)  # no remote JSON-LD context is fetched
    except LoadError:
        raise
    except Exception as exc:  # rdflib parsers raise many types
        raise LoadError(f"the uploaded {fmt} could not be parsed: {syntax_message(exc)}") from exc
    graph = Graph()  # parse_untrusted checked the characters of every graph's terms
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


XML_POSITION = re.compile(r"^(?:None|<unknown>):(\d+):(\d+): ")  # rdflib's RDF/XML errors begin so


def _media_type(fmt: str) -> str:
    """The form's choice for an rdflib parser name."""
    return next((media for media, _ in FORM_FORMATS if INPUT_FORMATS[media] == fmt), "text/turtle")


def syntax_message(exc: Exception) -> str:
    """A parser's complaint on one line, with its line: rdflib's Turtle/TriG error without its excerpt of byte
    reprs ("…b'ex:d ex:e'^b'…'"), the XML parser's with its column."""
    if isinstance(exc, BadSyntax):
        return f"line {exc.lines + 1}: {getattr(exc, '_why', None) or 'bad syntax'}"
    if isinstance(exc, SAXParseException):  # expat counts columns from 0
        return f"line {exc.getLineNumber()}, column {exc.getColumnNumber() + 1}: {exc.getMessage()}"
    if isinstance(exc, IndexError):  # rdflib's Turtle parser, at the end of data missing its final '.'
        return "the data ends in the middle of a statement"
    text = " ".join(str(exc).split())[:300]
    return XML_POSITION.sub(lambda m: f"line {m[1]}, column {int(m[2]) + 1}: ", text)  # rdflib's RDF/XML errors


async def read_upload(request: Request, limit: int) -> tuple[str, str, str | None]:
    """(text, rdflib format, requested report format) from a direct body, a form or a file upload."""
    kind = media_type(request)
    if kind in INPUT_FORMATS:
        return utf8_text(await read_body(request, limit), "RDF sent"), INPUT_FORMATS[kind], None
    if kind in (FORM, "multipart/form-data"):
        body = await read_body(request, limit)  # 413 past the limit, Content-Length or not (Starlette has none)

        async def replay() -> dict:
            return {"type": "http.request", "body": body, "more_body": False}

        try:
            form = await Request(request.scope, replay).form(max_part_size=limit)
        except Exception as exc:  # Starlette raises MultiPartException / HTTPException for bad forms
            raise HttpProblem(400, f"the form could not be read: {exc}") from exc
        upload, data = form.get("file"), form.get("data")
        try:
            uploaded = utf8_text(await upload.read(), "uploaded file") if hasattr(upload, "read") else ""
        finally:
            await form.close()  # the upload's temporary file, also when it is refused
        text = uploaded if uploaded.strip() else str(data or "")  # a browser sends an empty file part too
        if not text.strip():
            raise HttpProblem(400, "no RDF given: send it as the body, a 'data' field or a 'file' upload")
        fmt = input_format(str(form.get("format") or "text/turtle"))
        report_format = form.get("report")
        return text, fmt, str(report_format) if report_format else None
    raise HttpProblem(415, f"unsupported Content-Type {kind or '(none)'!r}", accepted=sorted(INPUT_FORMATS))


@router.post("/validate", summary="Validate RDF against the project's SHACL shapes",
             responses=answers(*(o.media_type for o in REPORT_FORMATS)))
async def validate_upload(request: Request) -> Response:
    """The SHACL report of the posted RDF, in the negotiated format and the requested language."""
    store = request.app.state.store
    if store is None:
        raise HttpProblem(503, "no graph is loaded, so the shapes are not available")
    text, fmt, report_format = await read_upload(request, request.app.state.settings.max_body_bytes)
    offer = choose(report_format or request.query_params.get("format"), accept_of(request),
                   REPORT_FORMATS, "the validation report")
    base = str(request.url.replace(query="", fragment=""))  # relative IRIs resolve against this request's URL
    try:
        data = await run_in_threadpool(parse_upload, text, fmt, base)  # parsing 1 MB takes seconds: off the loop
    except LoadError as exc:
        if offer.key != "html":
            raise
        return page(request, None, status_code=400, error=str(exc), text=text, chosen=_media_type(fmt))
    report = await run_in_threadpool(_validate, store, data)
    return render(request, report, offer)


def _validate(store: Store, data: Graph) -> ValidationReport:
    """Validate against the served shapes with the served ontology (blocking; run off the event loop)."""
    return validate(data, term_graph(store, SHAPES), term_graph(store, ONTOLOGY))


def render(request: Request, report: ValidationReport, offer: Offer) -> Response:
    """The report as JSON, Turtle, JSON-LD or HTML; messages in the UI language."""
    lang = pick_lang(request)
    if offer.key == "json":
        return JSONResponse(as_json(report, lang))
    if offer.key in ("turtle", "jsonld"):
        body = report_graph(report).serialize(format="turtle" if offer.key == "turtle" else "json-ld")
        return Response(body, media_type=offer.media_type)
    return page(request, report)


def page(request: Request, report: ValidationReport | None, status_code: int = 200, error: str | None = None,
         text: str = "", chosen: str = "text/turtle") -> Response:
    """The validation page: the form (holding `text` in the `chosen` format), then the report, or why the data
    could not be read."""
    lang = pick_lang(request)
    context = {"lang": lang, "t": translator(lang), "report": report, "groups": grouped(report) if report else [],
               "error": error, "text": text, "formats": FORM_FORMATS, "chosen": chosen}
    return request.app.state.templates.TemplateResponse(request, "validation.html", context, status_code=status_code)


def result_json(result: ValidationResult, lang: str) -> dict:
    """One result: path, value (a literal's lexical form, with `datatype` or `lang` when it has one), message."""
    found = {"path": result.path, "value": result.value, "message": result.message(lang)}
    if result.value_datatype:
        found["datatype"] = result.value_datatype
    if result.value_lang:
        found["lang"] = result.value_lang
    return found


def as_json(report: ValidationReport, lang: str) -> dict:
    """conforms, counts and results grouped by shape then focus node, messages in `lang`."""
    return {
        "conforms": report.conforms,
        "violations": len(report.violations),
        "warnings": len(report.warnings),
        "groups": [{"shape": shape, "severity": severity,
                    "focusNodes": [{"focus": focus, "results": [
                        result_json(r, lang) for r in results]}
                        for focus, results in focus_groups]}
                   for severity, shape, focus_groups in grouped(report)],
    }


@router.get("/validate", summary="Form to validate RDF", response_class=HTMLResponse)
async def validate_form(request: Request) -> Response:
    """The upload form (HTML)."""
    return page(request, None)
