"""A SPARQL 1.1 Protocol endpoint over a pyoxigraph Store, and incremental loading into it.

`edukg load --store DIR FILES…` adds graphs to a persistent Oxigraph store; `edukg serve`
answers SPARQL queries over HTTP from such a store (or from a fresh in-memory one), using only
the standard library's HTTP server in front of pyoxigraph:

- GET  /sparql?query=…                       (also at /)
- POST /sparql, Content-Type application/x-www-form-urlencoded (query=…)
- POST /sparql, Content-Type application/sparql-query (the query is the body)
- default-graph-uri / named-graph-uri parameters select the dataset, as the protocol says;
- the Accept header picks the results format: SPARQL results JSON (default), XML, CSV or TSV
  for SELECT and ASK; Turtle (default), N-Triples, RDF/XML or JSON-LD for CONSTRUCT/DESCRIBE;
- a bad query is a 400 with the parser's message; updates are refused (read-only endpoint).

Loading is idempotent: a store is a set of triples, and blank nodes are renamed after the
file's content, so loading the same file twice adds nothing.
"""
from __future__ import annotations

import hashlib
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from .query import syntax_message
from .rdf import PREFIXES

MAX_BODY = 1 << 20              # bytes of a POSTed query or form
ENDPOINT_PATHS = ("/sparql", "/query", "/")

_RESULTS = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
            "application/sparql-results+xml": ox.QueryResultsFormat.XML,
            "text/csv": ox.QueryResultsFormat.CSV,
            "text/tab-separated-values": ox.QueryResultsFormat.TSV,
            "application/json": ox.QueryResultsFormat.JSON,
            "application/xml": ox.QueryResultsFormat.XML}
_GRAPHS = {"text/turtle": ox.RdfFormat.TURTLE,
           "application/n-triples": ox.RdfFormat.N_TRIPLES,
           "application/rdf+xml": ox.RdfFormat.RDF_XML,
           "application/ld+json": ox.RdfFormat.JSON_LD,
           "text/plain": ox.RdfFormat.N_TRIPLES}
_TEXT_TYPES = ("text/", "application/sparql-results+json", "application/json", "application/n-triples",
               "application/ld+json")
_SUFFIX_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
                   ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG,
                   ".jsonld": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML,
                   ".owl": ox.RdfFormat.RDF_XML, ".n3": ox.RdfFormat.N3}


class StoreError(Exception):
    """A store that cannot be opened or a file that cannot be loaded (one line)."""


def _one_line(exc: BaseException) -> str:
    message = " ".join(str(exc).split()) or type(exc).__name__
    return message if len(message) <= 400 else message[:400] + " …"


# --------------------------------------------------------------------------- store

def open_store(path: Path | None) -> ox.Store:
    """The persistent store in DIR (created if missing), or an in-memory one for None."""
    if path is None:
        return ox.Store()
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: not a directory")
    try:
        return ox.Store(str(path))
    except OSError as exc:
        hint = " (is another edukg process using this store?)" if "lock" in str(exc).lower() else ""
        raise StoreError(f"{path}: cannot open the store: {_one_line(exc)}{hint}") from None


def rdf_format_of(path: Path) -> ox.RdfFormat:
    try:
        return _SUFFIX_FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(_SUFFIX_FORMATS))
        raise StoreError(f"{path}: unknown RDF format (use one of {known})") from None


def read_quads(path: Path) -> list[ox.Quad]:
    """All quads of one file, blank nodes named after the file's content (so re-loads merge)."""
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    fmt = rdf_format_of(path)
    try:
        data = path.read_bytes()
        quads = list(ox.parse(data, format=fmt))
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(f"{path}: cannot parse: {_one_line(exc)}") from None
    salt = hashlib.sha1(data).hexdigest()[:16]
    names: dict[str, ox.BlankNode] = {}

    def fix(term):
        if isinstance(term, ox.BlankNode):
            if term.value not in names:
                names[term.value] = ox.BlankNode(f"f{salt}n{len(names)}")
            return names[term.value]
        return term

    if not any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object, q.graph_name)):
        return quads
    return [ox.Quad(fix(q.subject), q.predicate, fix(q.object), fix(q.graph_name)) for q in quads]


def load_files(store: ox.Store, paths: Iterable[Path],
               on_loaded: Callable[[Path, int, int], None] | None = None) -> int:
    """Add each file to the store (one transaction per file); returns the triples added.

    on_loaded(path, added, total) is called after each file.
    """
    added_total = 0
    for path in paths:
        quads = read_quads(path)
        before = len(store)
        try:
            store.extend(quads)
            store.flush()
        except OSError as exc:
            raise StoreError(f"{path}: cannot write to the store: {_one_line(exc)}") from None
        after = len(store)
        added_total += after - before
        if on_loaded:
            on_loaded(path, after - before, after)
    return added_total


# --------------------------------------------------------------------------- HTTP

def negotiate(accept: str | None, offers: list[str]) -> str | None:
    """The offer the Accept header ranks highest (ties: the earlier offer); None if none fits."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = []
    for part in accept.split(","):
        media, *params = part.strip().split(";")
        q = 1.0
        for param in params:
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media.strip().lower(), q))
    best, best_q = None, 0.0
    for offer in offers:
        q, specificity = None, -1
        for media, mq in ranges:
            if media == offer:
                level = 2
            elif media.endswith("/*") and media != "*/*" and offer.startswith(media[:-1]):
                level = 1
            elif media == "*/*":
                level = 0
            else:
                continue
            if level > specificity:
                specificity, q = level, mq
        if q is not None and q > best_q:
            best, best_q = offer, q
    return best


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, store: ox.Store, quiet: bool = False) -> None:
        super().__init__(address, SparqlHandler)
        self.store = store
        self.quiet = quiet

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}/sparql"


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "edukg-sparql/0.1"
    timeout = 30                       # seconds a client may take to send its request

    # ---- HTTP verbs

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path not in ENDPOINT_PATHS:
            return self.send_text(HTTPStatus.NOT_FOUND, f"not found: {url.path} (the endpoint is /sparql)")
        params = parse_qs(url.query, keep_blank_values=True)
        if "query" not in params:
            if url.path == "/":
                return self.send_text(HTTPStatus.OK, self.describe())
            return self.send_text(HTTPStatus.BAD_REQUEST, "missing query parameter")
        self.answer(params)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path not in ENDPOINT_PATHS:
            return self.send_text(HTTPStatus.NOT_FOUND, f"not found: {url.path} (the endpoint is /sparql)")
        params = parse_qs(url.query, keep_blank_values=True)
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            return self.send_text(HTTPStatus.LENGTH_REQUIRED, "Content-Length required")
        if int(length) > MAX_BODY:
            return self.send_text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes")
        body = self.rfile.read(int(length))
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self.send_text(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8")
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            if "update" in form:
                return self.send_text(HTTPStatus.BAD_REQUEST, "this endpoint is read-only: updates are not accepted")
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif ctype == "application/sparql-query":
            if "query" in params:
                return self.send_text(HTTPStatus.BAD_REQUEST, "query both in the URL and in the body")
            params["query"] = [text]
        elif ctype == "application/sparql-update":
            return self.send_text(HTTPStatus.BAD_REQUEST, "this endpoint is read-only: updates are not accepted")
        else:
            return self.send_text(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                                  "use Content-Type application/sparql-query or application/x-www-form-urlencoded")
        if "query" not in params:
            return self.send_text(HTTPStatus.BAD_REQUEST, "missing query parameter")
        self.answer(params)

    def do_OPTIONS(self) -> None:      # CORS preflight, so browser-based SPARQL clients work
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()

    # ---- the query

    def answer(self, params: dict[str, list[str]]) -> None:
        queries = params["query"]
        if len(queries) != 1:
            return self.send_text(HTTPStatus.BAD_REQUEST, "exactly one query parameter is allowed")
        try:
            default = [ox.NamedNode(iri) for iri in params.get("default-graph-uri", [])]
            named = [ox.NamedNode(iri) for iri in params.get("named-graph-uri", [])]
        except ValueError as exc:
            return self.send_text(HTTPStatus.BAD_REQUEST, f"bad graph IRI: {_one_line(exc)}")
        try:
            result = self.server.store.query(queries[0], prefixes=dict(PREFIXES),
                                             default_graph=default or None, named_graphs=named or None)
        except SyntaxError as exc:
            return self.send_text(HTTPStatus.BAD_REQUEST, syntax_message(exc))
        except (ValueError, TypeError, RuntimeError) as exc:
            return self.send_text(HTTPStatus.BAD_REQUEST, f"bad query: {_one_line(exc)}")
        except OSError as exc:
            return self.send_text(HTTPStatus.INTERNAL_SERVER_ERROR, f"store error: {_one_line(exc)}")

        accept = self.headers.get("Accept")
        try:
            if isinstance(result, ox.QueryTriples):
                media = negotiate(accept, list(_GRAPHS))
                if media is None:
                    return self.not_acceptable(list(_GRAPHS))
                data = ox.serialize(list(result), format=_GRAPHS[media], prefixes=dict(PREFIXES))
            else:
                media = negotiate(accept, list(_RESULTS))
                if media is None:
                    return self.not_acceptable(list(_RESULTS))
                data = result.serialize(format=_RESULTS[media])
        except (SyntaxError, ValueError, TypeError, RuntimeError) as exc:   # raised while evaluating
            return self.send_text(HTTPStatus.BAD_REQUEST, f"query failed: {_one_line(exc)}")
        except OSError as exc:
            return self.send_text(HTTPStatus.INTERNAL_SERVER_ERROR, f"store error: {_one_line(exc)}")
        charset = "; charset=utf-8" if media.startswith(_TEXT_TYPES) else ""
        self.send_bytes(HTTPStatus.OK, data, media + charset)

    def not_acceptable(self, offers: list[str]) -> None:
        self.send_text(HTTPStatus.NOT_ACCEPTABLE, "no acceptable format; this query can return: " + ", ".join(offers))

    def describe(self) -> str:
        return (f"edukg SPARQL 1.1 endpoint: {len(self.server.store)} triples.\n"
                "Send queries with GET /sparql?query=… or POST /sparql "
                "(application/sparql-query or application/x-www-form-urlencoded).\n"
                "Results: " + ", ".join(_RESULTS) + "; graphs: " + ", ".join(_GRAPHS) + ".\n")

    # ---- responses

    def send_text(self, status: HTTPStatus, message: str) -> None:
        self.send_bytes(status, (message.rstrip("\n") + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def send_bytes(self, status: HTTPStatus, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        if status == HTTPStatus.OK:
            self.send_header("Vary", "Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:   # noqa: A002 (the stdlib's name)
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")


def make_server(store: ox.Store, host: str = "127.0.0.1", port: int = 7878,
                quiet: bool = False) -> SparqlServer:
    """A bound, not yet serving, endpoint (port 0 picks a free port: see server.url)."""
    try:
        return SparqlServer((host, port), store, quiet=quiet)
    except OSError as exc:
        raise StoreError(f"cannot listen on {host}:{port}: {_one_line(exc)}") from None


def serve_in_thread(server: SparqlServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="edukg-sparql", daemon=True)
    thread.start()
    return thread
