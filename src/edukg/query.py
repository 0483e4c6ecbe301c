"""SPARQL over a built graph: the query catalog, two engines, and the standard results formats.

`edukg query` runs one SPARQL query (a string, a .rq file or the name of a catalog query) on a
graph file with Oxigraph (default: fast, strict) or rdflib (the project's graph model). Both
engines' answers are converted to rdflib terms, so the formatting below does not depend on the
engine, and the tests can check that both engines give the same rows.

Results are written as
- a rich table for people: IRIs shortened with the graph's prefixes, with their labels;
- CSV / TSV (https://www.w3.org/TR/sparql11-results-csv-tsv/) and
  JSON (https://www.w3.org/TR/sparql11-results-json/) for programs;
- Turtle or N-Triples for CONSTRUCT and DESCRIBE.

The catalog lives in `data/queries/*.rq`: plain SPARQL with a `# title:` and a
`# description:` comment, runnable unchanged in any SPARQL 1.1 store. A one-variable
`VALUES ?name { … }` block in a query is a parameter: `--param name=text` replaces its values
with that string (`UNDEF` as the default means "no restriction").
"""
from __future__ import annotations

import csv
import difflib
import io
import json
import re
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

from rdflib import RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .rdf import PREFIXES

ENGINES = ("oxigraph", "rdflib")
SELECT_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("table", "ttl", "nt")
FORMATS = ("table", "csv", "tsv", "json", "ttl", "nt")

_HEADER = re.compile(r"^#\s*(title|description):\s*(.*?)\s*$")
_VALUES = re.compile(r"VALUES\s+\?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\{(?P<body>[^{}]*)\}",
                     re.IGNORECASE)
_RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld",
                 ".nq": "nquads", ".trig": "trig", ".rdf": "xml", ".owl": "xml", ".xml": "xml",
                 ".n3": "n3"}


class QueryError(Exception):
    """A query that cannot be run: unknown name, bad syntax, bad parameter (one line)."""


class GraphError(Exception):
    """A graph file that is missing or cannot be parsed (one line)."""


# --------------------------------------------------------------------------- catalog

@dataclass(frozen=True)
class CatalogQuery:
    name: str
    title: str
    description: str
    text: str

    @property
    def params(self) -> dict[str, str]:
        """Parameter name → its default values as written (e.g. '"县管校聘"' or 'UNDEF')."""
        return {m["name"]: " ".join(m["body"].split()) for m in _VALUES.finditer(mask_comments(self.text))}


def catalog() -> dict[str, CatalogQuery]:
    """The shipped queries by name (file stem), sorted."""
    folder = resources.files("edukg") / "data" / "queries"
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        meta = {"title": "", "description": ""}
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            if m := _HEADER.match(line):
                meta[m[1]] = m[2]
        name = entry.name[:-3]
        out[name] = CatalogQuery(name, meta["title"], meta["description"], text)
    return out


def resolve(query: str) -> tuple[str, str]:
    """(label, SPARQL text) for QUERY: an existing file, a catalog name, or SPARQL itself."""
    stripped = query.strip()
    if not stripped:
        raise QueryError("empty query")
    if "\n" not in stripped and len(stripped) < 4096:
        path = Path(stripped)
        try:
            is_file = path.is_file()
        except OSError:
            is_file = False
        if is_file:
            try:
                return str(path), path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise QueryError(f"{path}: cannot read: {exc}") from None
        queries = catalog()
        if stripped in queries:
            return stripped, queries[stripped].text
        if not re.search(r"[\s{}]", stripped):  # one word: a name or a path, not SPARQL
            if stripped.endswith(".rq") or "/" in stripped:
                raise QueryError(f"{stripped}: no such file")
            close = difflib.get_close_matches(stripped, list(queries), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise QueryError(f"unknown catalog query {stripped!r}{hint}; "
                             "`edukg query --list` shows the catalog")
    return "query", query


def apply_params(text: str, params: dict[str, str]) -> str:
    """Replace the values of each one-variable `VALUES ?name { … }` block named in params.

    The new value is a string literal; it keeps the language tag of the value it replaces
    (`{ "荣成市"@zh-hans }` → `{ "威海市"@zh-hans }`), so that it matches labels exactly.
    """
    def literal(name: str, old: str) -> list[str]:
        tag = re.search(r"[\"']@([A-Za-z]+(?:-[A-Za-z0-9]+)*)", old)
        return [f'"{_escape_string(params[name])}"' + (f"@{tag[1]}" if tag else "")]

    return _set_values(text, {name: partial(literal, name) for name in params})


def apply_values(text: str, values: dict[str, list[tuple[str, str | None]]]) -> str:
    """Set each `VALUES ?name { … }` block named in values to those (text, language) literals
    (see edukg.query_params, which finds them). Tags are kept where the block's default has
    one (the query joins on the label itself), else dropped (it compares STR(label))."""
    def literals(terms, old: str) -> list[str]:
        tagged = re.search(r"[\"']@[A-Za-z]", old) is not None
        out = dict.fromkeys(f'"{_escape_string(value)}"' + (f"@{lang}" if tagged and lang else "")
                            for value, lang in terms)
        return list(out)

    return _set_values(text, {name: partial(literals, terms) for name, terms in values.items()})


def _set_values(text: str, makers) -> str:
    for name, make in makers.items():
        pattern = re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{([^{}]*)\}", re.IGNORECASE)
        matches = list(pattern.finditer(mask_comments(text)))
        if not matches:
            raise QueryError(f"the query has no `VALUES ?{name} {{ … }}` block to set with --param")
        for m in reversed(matches):
            terms = " ".join(make(m[1]))
            text = text[:m.start()] + f"VALUES ?{name} {{ {terms} }}" + text[m.end():]
    return text


def parse_params(items: Sequence[str]) -> dict[str, str]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"--param {item!r}: expected NAME=VALUE")
        out[name] = value
    return out


def mask_comments(text: str) -> str:
    """text with every # comment blanked out (same length, so offsets still match).

    A # inside a string or an <IRI> is not a comment.
    """
    from .sparql_guard import mask

    return mask(text, strings=False, iris=False)


def _escape_string(value: str) -> str:
    return (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))


# --------------------------------------------------------------------------- results

@dataclass
class Result:
    """An engine-independent answer: SELECT rows, an ASK boolean, or CONSTRUCT triples."""
    kind: str                                  # "SELECT", "ASK" or "GRAPH"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)


# --------------------------------------------------------------------------- engines

class Engine:
    name = ""
    prefixes: dict[str, str]

    def query(self, text: str) -> Result:
        raise NotImplementedError

    def labels(self, iris: Iterable[URIRef]) -> dict[URIRef, str]:
        """rdfs:label of each IRI that has one (zh-hans preferred, then the smallest)."""
        iris = sorted(set(iris))
        out: dict[URIRef, str] = {}
        for start in range(0, len(iris), 500):
            values = " ".join(f"<{iri}>" for iri in iris[start:start + 500])
            result = self.query(f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} ?s <{RDFS.label}> ?l }}")
            best: dict[URIRef, tuple[int, str]] = {}
            for subject, label in result.rows:
                rank = (0 if getattr(label, "language", None) == "zh-hans" else 1, str(label))
                if subject not in best or rank < best[subject]:
                    best[subject] = rank
            out.update({s: r[1] for s, r in best.items()})
        return out


class RdflibEngine(Engine):
    name = "rdflib"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.prefixes = {**PREFIXES, **{p: str(ns) for p, ns in graph.namespaces() if p}}

    def query(self, text: str) -> Result:
        try:
            res = self.graph.query(text, initNs=dict(PREFIXES))
            if res.type == "ASK":
                return Result("ASK", boolean=bool(res.askAnswer))
            if res.type in ("CONSTRUCT", "DESCRIBE"):
                return Result("GRAPH", triples=list(res.graph))
            names = [str(v) for v in res.vars]
            rows = [tuple(row.get(v) for v in res.vars) for row in res.bindings]
            return Result("SELECT", names, rows)
        except QueryError:
            raise
        except Exception as exc:  # pyparsing and rdflib raise many types for bad queries
            if hasattr(exc, "lineno") and hasattr(exc, "col") and hasattr(exc, "msg"):  # pyparsing
                found = f", found {exc.found}" if getattr(exc, "found", None) else ""
                raise QueryError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: "
                                 f"{_one_line(exc.msg)}{found}") from None
            raise QueryError(_one_line(exc)) from None


class OxigraphEngine(Engine):
    name = "oxigraph"

    def __init__(self, store, prefixes: dict[str, str] | None = None) -> None:
        self.store = store
        self.prefixes = {**PREFIXES, **(prefixes or {})}

    def query(self, text: str) -> Result:
        import pyoxigraph as ox

        try:
            res = self.store.query(text, prefixes=dict(PREFIXES))
            if isinstance(res, ox.QueryBoolean):
                return Result("ASK", boolean=bool(res))
            if isinstance(res, ox.QueryTriples):
                return Result("GRAPH", triples=[(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))
                                                for t in res])
            names = [v.value for v in res.variables]
            cache: dict = {}                   # the same IRIs and literals recur row after row

            def term(value):
                if value is None:
                    return None
                converted = cache.get(value)
                if converted is None:
                    converted = cache[value] = from_ox(value)
                return converted

            rows = [tuple(term(value) for value in solution) for solution in res]
            return Result("SELECT", names, rows)
        except SyntaxError as exc:
            raise QueryError(syntax_message(exc)) from None
        except (OSError, ValueError, TypeError, RuntimeError) as exc:
            raise QueryError(_one_line(exc)) from None


    def results_text(self, text: str, fmt: str) -> bytes | None:
        """SELECT/ASK results as SPARQL CSV or TSV from Oxigraph's own writers (the same bytes
        as to_csv/to_tsv, without making rdflib terms); None for CONSTRUCT/DESCRIBE."""
        import pyoxigraph as ox

        try:
            res = self.store.query(text, prefixes=dict(PREFIXES))
            if isinstance(res, ox.QueryTriples):
                return None
            return res.serialize(format=ox.QueryResultsFormat.CSV if fmt == "csv" else ox.QueryResultsFormat.TSV)
        except SyntaxError as exc:
            raise QueryError(syntax_message(exc)) from None
        except (OSError, ValueError, TypeError, RuntimeError) as exc:
            raise QueryError(_one_line(exc)) from None


def syntax_message(exc: SyntaxError) -> str:
    """Oxigraph's "error at L:C: …" as one line naming the line and column."""
    message = _one_line(exc)
    if m := re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL):
        detail = m[3]
        if "Prefix not found" in detail:
            detail = ("undeclared prefix: declare it with PREFIX name: <IRI> "
                      f"(these need no declaration: {', '.join(PREFIXES)})")
        elif len(detail) > 200:
            detail = detail[:200] + " …"
        return f"SPARQL syntax error at line {m[1]}, column {m[2]}: {detail}"
    return f"SPARQL syntax error: {message}"


def from_ox(term) -> Node | None:
    """A pyoxigraph term as the equal rdflib term (lexical forms kept as they are)."""
    from .rdf import to_rdflib_term

    if term is None:
        return None
    try:
        return to_rdflib_term(term, normalize=False)
    except TypeError:
        raise QueryError(f"unsupported term in results: {term!r}") from None


def to_ox(term: Node):
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype and term.datatype != XSD.string:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"unsupported term: {term!r}")


def _one_line(exc: BaseException) -> str:
    message = " ".join(str(exc).split()) or type(exc).__name__
    return message if len(message) <= 400 else message[:400] + " …"


def rdf_format(path: Path) -> str:
    """rdflib's name for the serialisation of path, from its suffix (Turtle by default)."""
    return _RDF_SUFFIXES.get(path.suffix.lower(), "turtle")


def open_graph(path: Path, engine: str = "oxigraph") -> Engine:
    """Load a graph file into a fresh in-memory engine."""
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}: use {' or '.join(ENGINES)}")
    if not path.is_file():
        raise GraphError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    fmt = rdf_format(path)
    if engine == "rdflib":
        try:
            return RdflibEngine(Graph().parse(path, format=fmt))
        except Exception as exc:  # rdflib raises many exception types for bad input
            raise GraphError(f"{path}: cannot parse as {fmt}: {_one_line(exc)}") from None
    import pyoxigraph as ox

    store = ox.Store()
    try:
        parser = ox.parse(path=str(path), format=ox_format(path))
        store.extend(parser)
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphError(f"{path}: cannot parse as {fmt}: {_one_line(exc)}") from None
    return OxigraphEngine(store, dict(parser.prefixes))


def open_store(path: Path) -> OxigraphEngine:
    """A persistent Oxigraph store (`edukg load`), opened read-only: no parsing, no writing,
    and it may be served by `edukg serve` at the same time."""
    import pyoxigraph as ox

    if not path.is_dir():
        raise GraphError(f"{path}: no such store (a folder made by `edukg load`)")
    try:
        store = ox.Store.read_only(str(path))
    except OSError as exc:
        raise GraphError(f"{path}: cannot open the store: {_one_line(exc)}") from None
    return OxigraphEngine(store)


def ox_format(path: Path):
    import pyoxigraph as ox

    return {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "json-ld": ox.RdfFormat.JSON_LD,
            "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "xml": ox.RdfFormat.RDF_XML,
            "n3": ox.RdfFormat.N3}[rdf_format(path)]


# --------------------------------------------------------------------------- output

def to_csv(result: Result) -> str:
    """SPARQL 1.1 CSV: header of variable names, CRLF line ends, plain values."""
    if result.kind == "ASK":
        return "true" if result.boolean else "false"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
    return buffer.getvalue()


_NUMERIC_TSV = {str(XSD.integer): re.compile(r"[+-]?[0-9]+"),
                str(XSD.decimal): re.compile(r"[+-]?[0-9]*\.[0-9]+"),
                str(XSD.double): re.compile(r"[+-]?([0-9]+\.[0-9]*|\.?[0-9]+)[eE][+-]?[0-9]+"),
                str(XSD.boolean): re.compile(r"true|false")}


def tsv_term(term: Node | None) -> str:
    """One RDF term in the TSV results syntax (Turtle/SPARQL term syntax)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    lexical = str(term)
    datatype = str(term.datatype) if term.datatype else ""
    if datatype in _NUMERIC_TSV and _NUMERIC_TSV[datatype].fullmatch(lexical):
        return lexical
    quoted = '"' + _escape_string(lexical) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    if datatype and datatype != str(XSD.string):
        return f"{quoted}^^<{datatype}>"
    return quoted


def to_tsv(result: Result) -> str:
    """SPARQL 1.1 TSV: ?-prefixed header, terms in SPARQL syntax, LF line ends."""
    if result.kind == "ASK":
        return "true" if result.boolean else "false"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(tsv_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def to_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.kind == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    bindings = [{v: json_term(t) for v, t in zip(result.variables, row) if t is not None}
                for row in result.rows]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False)


def to_rdf(result: Result, fmt: str, prefixes: dict[str, str]) -> bytes:
    """CONSTRUCT/DESCRIBE triples as sorted Turtle (with the graph's prefixes) or N-Triples."""
    import pyoxigraph as ox

    triples = sorted((ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in result.triples), key=str)
    if fmt == "nt":
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def shorten(iri: str, prefixes: dict[str, str]) -> str:
    """prefix:local for the longest matching namespace, else <iri>."""
    best = ""
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and len(ns) > len(prefixes.get(best, "")) and len(iri) > len(ns):
            best = prefix
    return f"{best}:{iri[len(prefixes[best]):]}" if best else f"<{iri}>"


def render_table(result: Result, engine: Engine, title: str | None = None):
    """A rich Table: labelled, shortened IRIs; literals as their text."""
    from rich.table import Table
    from rich.text import Text

    labels = engine.labels(t for row in result.rows for t in row if isinstance(t, URIRef))
    table = Table(title=title, show_lines=False, header_style="bold",
                  caption=f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}")
    for variable in result.variables:
        table.add_column(variable, overflow="fold")
    for row in result.rows:
        cells = []
        for term in row:
            if term is None:
                cells.append(Text(""))
            elif isinstance(term, URIRef):
                short = shorten(str(term), engine.prefixes)
                cell = Text()
                if term in labels:
                    cell.append(labels[term] + " ")
                    cell.append(short, style="dim")
                else:
                    cell.append(short)
                cells.append(cell)
            elif isinstance(term, BNode):
                cells.append(Text(f"_:{term}", style="dim"))
            else:
                cells.append(Text(str(term)))
        table.add_row(*cells)
    return table

