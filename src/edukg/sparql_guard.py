"""What `edukg serve` checks in a query before the engine sees it.

Oxigraph's server runs whatever a client sends, SERVICE included: a federated query makes the
endpoint fetch any URL the client names (server-side request forgery). These checks are
lexical, not a parse: a query is cut into comments, strings, IRIs and the rest the way the
SPARQL grammar cuts it, and the keyword is looked for in the rest only. A false alarm can only
refuse a query; it never lets a SERVICE through. Parsing every request instead would cost more
than most catalog queries take to run.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["mask", "uses_service", "add_prefixes", "host_allowed", "query_form", "LOOPBACK_NAMES"]

# strings (long ones first; a short one ends at its line's end when unterminated), IRIs, comments
_TOKEN = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*(?:""")?'
                    r"|'''(?:[^'\\]|\\.|'(?!''))*(?:''')?"
                    r'|"(?:[^"\\\n]|\\.)*"?'
                    r"|'(?:[^'\\\n]|\\.)*'?"
                    r'|<[^\s<>"{}|^`\\]*>'
                    r"|#[^\n]*", re.S)
_NOT_NEWLINE = re.compile(r"[^\n]")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# The keyword, not a variable (?service), a prefix (service:x) or a local name (ex:service).
_SERVICE = re.compile(r"(?<![A-Za-z_?$:])SERVICE(?![\w:.\-])", re.IGNORECASE)
_DECLARED = re.compile(r"(?<![A-Za-z_?$:])PREFIX\s+([A-Za-z][\w.\-]*)?\s*:", re.IGNORECASE)
_FORM = re.compile(r"(?<![A-Za-z_?$:])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:.\-])", re.IGNORECASE)
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def mask(text: str, *, strings: bool = True, iris: bool = True) -> str:
    """text with every comment (and, when asked, every string and <IRI>) blanked out.

    The result has the same length, so offsets still match. A # inside a string or an IRI is
    not a comment, whether or not those are blanked. (One regular expression scans the
    text: this runs on every request the endpoint gets.)"""
    def blank(m: re.Match) -> str:
        token = m[0]
        if token[0] == "#":
            return " " * len(token)
        if (token[0] == "<" and not iris) or (token[0] != "<" and not strings):
            return token
        quote = 3 if token[:3] in ('"""', "\'\'\'") else 1
        end = quote if token.endswith(token[:quote]) and len(token) >= 2 * quote else 0
        inner = token[quote:len(token) - end]
        return token[:quote] + _NOT_NEWLINE.sub(" ", inner) + token[len(token) - end:]

    return _TOKEN.sub(blank, text)


def _unescape(text: str) -> str:
    """SPARQL's \\uXXXX escapes resolved everywhere (the grammar allows them before parsing)."""
    def char(m: re.Match) -> str:
        code = int(m[1] or m[2], 16)
        return chr(code) if code < 0x110000 else m[0]
    return _ESCAPE.sub(char, text)


def uses_service(query: str) -> bool:
    """True when the query has a SERVICE clause (federated query)."""
    return bool(_SERVICE.search(mask(_unescape(query))))


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's first keyword of those (None if none)."""
    m = _FORM.search(mask(query))
    return m[1].upper() if m else None


def add_prefixes(query: str, prefixes: Mapping[str, str]) -> str:
    """The query with PREFIX lines for the usual prefixes it uses without declaring them.

    They go on the query's first line, so the line numbers of syntax errors still match
    what the client sent."""
    declared = {m[1] or "" for m in _DECLARED.finditer(mask(query))}
    missing = [f"PREFIX {name}: <{iri}>" for name, iri in prefixes.items() if name not in declared]
    return " ".join(missing) + " " + query if missing else query


def host_allowed(host_header: str | None, bound: str) -> bool:
    """The DNS-rebinding check: on a loopback address, only loopback names may be in Host.

    A page on evil.example whose name is made to resolve to 127.0.0.1 sends Host:
    evil.example; refusing it keeps the page from reading the graph. When bound elsewhere
    the user chose to expose the endpoint and any name is accepted."""
    if bound not in LOOPBACK_NAMES:
        return True
    if not host_header:
        return False
    host = host_header.strip().lower()
    if host.startswith("["):
        name = host[1:host.find("]")] if "]" in host else host
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return name in LOOPBACK_NAMES
