"""The front of `edukg serve`: an HTTP/1.1 guard before Oxigraph's own SPARQL server.

The engine (edukg.oxserver) answers; this front decides what reaches it and how long it may
take. It speaks the SPARQL 1.1 Protocol at /sparql (also /query and /):

- GET ?query=…, POST application/x-www-form-urlencoded (query=…) or application/sparql-query;
  default-graph-uri / named-graph-uri pass through; the Accept header picks the format;
- the usual prefixes (edu:, rdfs:, dcterms: …) need no PREFIX line;
- updates are refused (the store is served read-only), and so is SERVICE unless
  --allow-service (a federated query makes the server fetch any URL a client names);
- on a loopback address a Host header that is not a loopback name is refused (a web page
  whose name was made to resolve to 127.0.0.1 cannot read the graph), and no CORS header is
  sent unless --cors;
- every query has a deadline (--timeout): past it the client gets a 503 (or, when the answer
  is already streaming, the connection is cut) and the server process that ran it is
  replaced, since the engine does not stop every kind of query on its own;
- answers are streamed through as the engine writes them, connections are kept alive
  (HTTP/1.1) and the listen queue is deep, so many clients are served at once.
"""
from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from http import HTTPStatus
from urllib.parse import parse_qs, urlencode

from .oxserver import Backends, ServerError
from .sparql_guard import add_prefixes, host_allowed, query_form, uses_service

__all__ = ["FrontOptions", "Front"]

MAX_HEAD = 1 << 16              # bytes of a request line and headers
MAX_BODY = 1 << 20              # bytes of a POSTed query or form
IDLE_TIMEOUT = 60.0             # seconds a kept-alive connection may wait for its next request
READ_TIMEOUT = 30.0             # seconds a client may take to send its request
ENDPOINT_PATHS = ("/sparql", "/query", "/")
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade"}
_CORS_HEADERS = ("access-control-",)


@dataclass(frozen=True)
class FrontOptions:
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    cors: bool = False
    allow_service: bool = False
    quiet: bool = False
    prefixes: Mapping[str, str] = field(default_factory=dict)
    triples: int = 0                    # shown on the endpoint's description page
    memory_limit: int | None = None     # bytes the engine may hold before it is replaced


class _ClientGone(Exception):
    pass


class _Refusal(Exception):
    """A request answered by the front itself (status, message, and whether to hang up)."""

    def __init__(self, status: HTTPStatus, message: str, close: bool = False) -> None:
        super().__init__(message)
        self.status, self.message, self.close = status, message, close


@dataclass
class _Request:
    method: str
    target: str
    version: str
    headers: dict[str, str]
    body: bytes = b""

    @property
    def keep_alive(self) -> bool:
        connection = self.headers.get("connection", "").lower()
        if self.version == "HTTP/1.1":
            return "close" not in connection
        return "keep-alive" in connection


class _ChunkEnd:
    """Follows a chunked body as it passes through, to know where the message ends."""

    def __init__(self) -> None:
        self.remaining = 0          # bytes of chunk data (and its CRLF) still to pass
        self.line = b""
        self.trailers = False
        self.done = False

    def feed(self, data: bytes) -> None:
        i, n = 0, len(data)
        while i < n and not self.done:
            if self.remaining:
                take = min(self.remaining, n - i)
                i += take
                self.remaining -= take
                continue
            end = data.find(b"\n", i)
            if end < 0:
                self.line += data[i:]
                return
            line, self.line, i = (self.line + data[i:end]).rstrip(b"\r"), b"", end + 1
            if self.trailers:
                self.done = not line
            elif line:                       # a size line (its CRLF after the data follows)
                size = int(line.split(b";")[0].strip(), 16)
                if size == 0:
                    self.trailers = True
                else:
                    self.remaining = size + 2


class Front:
    """The asyncio server in front of the Oxigraph processes."""

    def __init__(self, backends: Backends, options: FrontOptions) -> None:
        self.backends, self.options = backends, options
        self.server: asyncio.base_events.Server | None = None

    async def start(self) -> int:
        """Listen; returns the port (options.port 0 picks a free one)."""
        self.server = await asyncio.start_server(self.client, self.options.host, self.options.port,
                                                 limit=MAX_HEAD, backlog=1024, reuse_address=True)
        self._watch = asyncio.get_running_loop().create_task(self.backends.watch_memory())
        return self.server.sockets[0].getsockname()[1]

    # ------------------------------------------------------------------ connections

    async def client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = _peer(writer)
        try:
            while True:
                try:
                    request = await asyncio.wait_for(self.read_request(reader), IDLE_TIMEOUT)
                except _Refusal as refusal:
                    await self.send_text(writer, refusal.status, refusal.message, keep=False)
                    self.log(peer, "-", refusal.status, 0.0)
                    break
                if request is None:
                    break
                start = time.perf_counter()
                try:
                    status, keep = await self.respond(request, writer)
                except _Refusal as refusal:
                    keep = request.keep_alive and not refusal.close
                    await self.send_text(writer, refusal.status, refusal.message, keep=keep,
                                         head=request.method == "HEAD")
                    status = refusal.status
                self.log(peer, f"{request.method} {request.target[:80]}", status,
                         time.perf_counter() - start)
                if not keep:
                    break
        except (_ClientGone, ConnectionError, asyncio.TimeoutError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:      # the server is stopping: hang up quietly
            pass
        finally:
            writer.close()

    async def read_request(self, reader: asyncio.StreamReader) -> _Request | None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            return None                                  # the client hung up between requests
        except asyncio.LimitOverrunError:
            raise _Refusal(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                           f"request line and headers over {MAX_HEAD} bytes", close=True) from None
        lines = head.decode("latin-1").lstrip("\r\n").split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            raise _Refusal(HTTPStatus.BAD_REQUEST, "malformed request line", close=True)
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if not line:
                continue
            name, sep, value = line.partition(":")
            if not sep:
                raise _Refusal(HTTPStatus.BAD_REQUEST, "malformed header line", close=True)
            key = name.strip().lower()
            headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
        request = _Request(parts[0].upper(), parts[1], parts[2], headers)
        if "transfer-encoding" in headers:
            raise _Refusal(HTTPStatus.LENGTH_REQUIRED, "send the request body with a Content-Length",
                           close=True)
        length = headers.get("content-length", "0").strip() or "0"
        if not length.isdigit():
            raise _Refusal(HTTPStatus.BAD_REQUEST, "bad Content-Length", close=True)
        if int(length) > MAX_BODY:
            raise _Refusal(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes",
                           close=True)
        if int(length):
            request.body = await asyncio.wait_for(reader.readexactly(int(length)), READ_TIMEOUT)
        return request

    # ------------------------------------------------------------------ one request

    async def respond(self, request: _Request, writer: asyncio.StreamWriter) -> tuple[int, bool]:
        """Answer one request; returns (status, keep the connection)."""
        options = self.options
        if not host_allowed(request.headers.get("host"), options.host):
            raise _Refusal(HTTPStatus.FORBIDDEN, f"Host {request.headers.get('host', '')!r} is not a "
                           "loopback name: refused (DNS rebinding guard)")
        path, _, query_string = request.target.partition("?")
        if path == "/update":
            raise _Refusal(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are not accepted")
        if path not in ENDPOINT_PATHS:
            raise _Refusal(HTTPStatus.NOT_FOUND, f"not found: {path} (the endpoint is /sparql)")
        if request.method == "OPTIONS":
            if not options.cors:
                raise _Refusal(HTTPStatus.METHOD_NOT_ALLOWED,
                               "cross-origin requests are off (start the server with --cors)")
            return await self.forward(request, writer, "OPTIONS", "/query", b"", {})
        params = parse_qs(query_string, keep_blank_values=True)
        if request.method in ("GET", "HEAD"):
            if "query" not in params and path == "/":
                await self.send_text(writer, HTTPStatus.OK, self.describe(), keep=request.keep_alive,
                                     head=request.method == "HEAD")
                return HTTPStatus.OK, request.keep_alive
        elif request.method == "POST":
            self.read_post(request, params)
        else:
            raise _Refusal(HTTPStatus.METHOD_NOT_ALLOWED, f"{request.method} is not a SPARQL query method")
        if "update" in params:
            raise _Refusal(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are not accepted")
        queries = params.get("query", [])
        if len(queries) != 1:
            raise _Refusal(HTTPStatus.BAD_REQUEST, "missing query parameter" if not queries
                           else "exactly one query parameter is allowed")
        query = queries[0]
        service, form, prepared = _examine(query, tuple(options.prefixes.items()))
        if not options.allow_service and service:
            raise _Refusal(HTTPStatus.BAD_REQUEST, "SERVICE (federated query) is refused by this "
                           "endpoint: it would fetch URLs for the client (start the server with "
                           "--allow-service to permit it)")
        graphs = [(key, value) for key in ("default-graph-uri", "named-graph-uri")
                  for value in params.get(key, [])]
        target = "/query" + ("?" + urlencode(graphs) if graphs else "")
        body = prepared.encode("utf-8")
        headers = {"Content-Type": "application/sparql-query"}
        accept = request.headers.get("accept", "").strip()
        if accept in ("", "*/*"):              # the usual formats, not the engine's N-Quads
            graph = form in ("CONSTRUCT", "DESCRIBE")
            accept = "text/turtle" if graph else "application/sparql-results+json"
        headers["Accept"] = accept
        return await self.forward(request, writer, "POST", target, body, headers)

    def read_post(self, request: _Request, params: dict[str, list[str]]) -> None:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError:
            raise _Refusal(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8") from None
        if ctype == "application/x-www-form-urlencoded":
            for key, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif ctype == "application/sparql-query":
            if "query" in params:
                raise _Refusal(HTTPStatus.BAD_REQUEST, "query both in the URL and in the body")
            params["query"] = [text]
        elif ctype == "application/sparql-update":
            raise _Refusal(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are not accepted")
        else:
            raise _Refusal(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "use Content-Type application/sparql-query "
                           "or application/x-www-form-urlencoded")

    async def forward(self, request: _Request, writer: asyncio.StreamWriter, method: str,
                      target: str, body: bytes, headers: dict[str, str]) -> tuple[int, bool]:
        """Send the query to the engine and stream its answer back, within the deadline."""
        options = self.options
        if options.cors and "origin" in request.headers:
            headers["Origin"] = request.headers["origin"]
            for name in ("access-control-request-method", "access-control-request-headers"):
                if name in request.headers:
                    headers[name.title()] = request.headers[name]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + options.timeout
        try:
            backend, up_reader, up_writer = await self.backends.connect()
        except (OSError, ServerError) as exc:
            raise _Refusal(HTTPStatus.BAD_GATEWAY, f"the SPARQL engine is not reachable: {exc}") from None
        head = [f"{method} {target} HTTP/1.1", f"Host: 127.0.0.1:{backend.port}",
                f"Content-Length: {len(body)}", *(f"{k}: {v}" for k, v in headers.items())]
        state = {"sent_head": False, "client": True, "up_head": False}
        reusable = False

        async def send(data: bytes) -> None:
            if not state["client"]:
                return
            try:
                writer.write(data)
                await writer.drain()
            except ConnectionError:
                state["client"] = False
                if state["up_head"]:        # the engine stops a streamed answer nobody reads
                    raise _ClientGone from None

        keep = request.keep_alive
        status = 0
        try:
            async with asyncio.timeout_at(deadline):
                up_writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
                await up_writer.drain()
                raw = await up_reader.readuntil(b"\r\n\r\n")
                state["up_head"] = True
                status, up_headers, reply_head = self._reply_head(raw, request, keep)
                chunked = "chunked" in up_headers.get("transfer-encoding", "").lower()
                length = up_headers.get("content-length")
                close_delimited = not chunked and length is None and status not in (204, 304)
                if close_delimited:
                    keep = False
                    reply_head = self._reply_head(raw, request, keep)[2]
                await send(reply_head)
                state["sent_head"] = True
                if request.method == "HEAD" or status in (204, 304):
                    pass
                elif chunked:
                    tracker = _ChunkEnd()
                    while not tracker.done:
                        data = await up_reader.read(1 << 16)
                        if not data:
                            raise asyncio.IncompleteReadError(b"", None)
                        tracker.feed(data)
                        await send(data)
                elif length is not None:
                    remaining = int(length)
                    while remaining:
                        data = await up_reader.read(min(remaining, 1 << 16))
                        if not data:
                            raise asyncio.IncompleteReadError(b"", remaining)
                        remaining -= len(data)
                        await send(data)
                else:
                    while data := await up_reader.read(1 << 16):
                        await send(data)
                reusable = (not close_delimited and request.method != "HEAD"   # HEAD left a body unread
                            and "close" not in up_headers.get("connection", "").lower())
        except TimeoutError:
            asyncio.ensure_future(self.backends.retire(backend))
            if not state["client"]:
                return 499, False
            if state["sent_head"]:
                writer.transport.abort()            # a cut stream: the client sees it incomplete
                self.log(_peer(writer), f"{request.method} {request.target[:80]}", 503, options.timeout,
                         note="cut at the time limit")
                raise _ClientGone from None
            raise _Refusal(HTTPStatus.SERVICE_UNAVAILABLE, f"query stopped: it ran past the "
                           f"{options.timeout:g} s limit (--timeout)") from None
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ValueError):
            if state["sent_head"] or not state["client"]:
                writer.transport.abort()
                raise _ClientGone from None
            if backend.over_memory:
                raise _Refusal(HTTPStatus.SERVICE_UNAVAILABLE, "query stopped: the engine passed "
                               "its memory limit (--memory-limit)") from None
            raise _Refusal(HTTPStatus.BAD_GATEWAY, "the SPARQL engine broke off its answer") from None
        finally:
            self.backends.release(backend, (up_reader, up_writer), reusable)
        if not state["client"]:
            raise _ClientGone
        return status, keep

    def _reply_head(self, raw: bytes, request: _Request, keep: bool) -> tuple[int, dict, bytes]:
        """The engine's status and headers, and the head sent on to the client."""
        lines = raw.decode("latin-1").rstrip("\r\n").split("\r\n")
        version, _, rest = lines[0].partition(" ")
        status = int(rest.split(" ", 1)[0])
        reason = rest.split(" ", 1)[1] if " " in rest else HTTPStatus(status).phrase
        headers: dict[str, str] = {}
        out = [f"HTTP/1.1 {status} {reason}"]
        for line in lines[1:]:
            name, _, value = line.partition(":")
            key = name.strip().lower()
            headers[key] = value.strip()
            if key in _HOP_BY_HOP or key == "server":
                continue
            if key.startswith(_CORS_HEADERS) and not self.options.cors:
                continue
            out.append(f"{name.strip()}: {value.strip()}")
        out += ["Server: edukg (Oxigraph)", f"Connection: {'keep-alive' if keep else 'close'}"]
        return status, headers, ("\r\n".join(out) + "\r\n\r\n").encode("latin-1")

    # ------------------------------------------------------------------ answers of its own

    def describe(self) -> str:
        return (f"edukg SPARQL 1.1 endpoint (Oxigraph): {self.options.triples} triples, read-only.\n"
                "Query with GET /sparql?query=… or POST /sparql (application/sparql-query or "
                "application/x-www-form-urlencoded); the Accept header picks the format.\n"
                f"Queries stop after {self.options.timeout:g} s; SERVICE is "
                f"{'allowed' if self.options.allow_service else 'refused'}.\n")

    async def send_text(self, writer: asyncio.StreamWriter, status: int, message: str, keep: bool,
                        head: bool = False) -> None:
        data = (message.rstrip("\n") + "\n").encode("utf-8")
        reply = (f"HTTP/1.1 {int(status)} {HTTPStatus(status).phrase}\r\n"
                 "Content-Type: text/plain; charset=utf-8\r\n"
                 f"Content-Length: {len(data)}\r\nServer: edukg (Oxigraph)\r\n"
                 f"Connection: {'keep-alive' if keep else 'close'}\r\n\r\n").encode("latin-1")
        try:
            writer.write(reply if head else reply + data)
            await writer.drain()
        except ConnectionError:
            raise _ClientGone from None

    def log(self, peer: str, what: str, status: int, seconds: float, note: str = "") -> None:
        if not self.options.quiet:
            sys.stderr.write(f"{peer} \"{what}\" {int(status)} {seconds * 1000:.0f} ms"
                             f"{' (' + note + ')' if note else ''}\n")


@lru_cache(maxsize=1024)
def _examine(query: str, prefixes: tuple[tuple[str, str], ...]) -> tuple[bool, str | None, str]:
    """(has SERVICE, query form, the query with the usual prefixes declared); clients send the
    same queries again and again, so each text is examined once."""
    return uses_service(query), query_form(query), add_prefixes(query, dict(prefixes))


def _peer(writer: asyncio.StreamWriter) -> str:
    peer = writer.get_extra_info("peername")
    return peer[0] if isinstance(peer, tuple) else str(peer)
