"""The Python API: build a graph from reports, open a built one, query it, save it.

What the command line does, for notebooks and programs: `edukg.build` runs the same
pipeline as `edukg build`, `Graph.query` the same catalog and SPARQL engine as
`edukg query`, `Graph.save` writes the same files, byte for byte.

>>> import edukg
>>> graph = edukg.build(["seeds"])
>>> graph
<edukg.Graph: ... triples from 4 documents>
>>> rows = graph.query("region-hierarchy")
>>> [(r["regionName"], r["ancestorName"]) for r in rows if r["regionName"] == "淄川区"]
[('淄川区', '山东省'), ('淄川区', '淄博市')]

Answers are plain Python values: IRIs and strings as str, numbers as int or Decimal,
dates as datetime.date; an unbound variable is None.
"""
from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from .export.products import GRAPH_FILES
from .query import CatalogQuery, GraphError, QueryError, catalog
from .read import ReadError

if TYPE_CHECKING:
    import pandas
    import pyoxigraph
    from rdflib import Graph as RdflibGraph

    from .query import Engine, Result

__all__ = ["Graph", "Rows", "build", "load", "catalog", "CatalogQuery", "GraphError", "QueryError",
           "ReadError"]

PathLike = Union[str, Path]
_SHOWN_SKIPS = 10       # skipped inputs warned about one by one; the rest in one line


class Rows(list[dict[str, Any]]):
    """The answer to a query: one dict per row (variable → value), in the query's order.

    `columns` are the query's variables in order. For an ASK query `boolean` is the answer
    (and there are no rows); for CONSTRUCT and DESCRIBE the rows are the triples, with the
    columns subject, predicate, object.
    """

    def __init__(self, columns: Sequence[str], rows: Iterable[dict[str, Any]] = (),
                 boolean: bool | None = None) -> None:
        super().__init__(rows)
        self.columns: tuple[str, ...] = tuple(columns)
        self.boolean = boolean

    def to_pandas(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame, one column per variable (needs pandas:
        `pip install 'edukg[pandas]'`)."""
        try:
            import pandas
        except ImportError:
            raise ImportError("Rows.to_pandas needs pandas: pip install 'edukg[pandas]'") from None
        return pandas.DataFrame(list(self), columns=list(self.columns))


class Graph:
    """A built knowledge graph: triples to query, save, or hand to rdflib.

    Made by edukg.build (from reports) or edukg.load (from a built .ttl/.nt file).
    `skipped` lists the inputs a build passed over, as (path, reason) pairs.
    """

    def __init__(self, triples: Sequence[tuple], *, documents: int | None = None,
                 nodes: int | None = None, skipped: Iterable[tuple[str, str]] = (),
                 engine: Engine | None = None) -> None:
        self._triples = triples     # (s, p, o) tuples of pyoxigraph terms
        self._documents = documents
        self._nodes = nodes         # documents, entities and outcomes: what the view shows
        self.skipped: list[tuple[str, str]] = list(skipped)
        self._engine = engine

    def __len__(self) -> int:
        return len(self._triples)

    def __repr__(self) -> str:
        where = "" if self._documents is None else f" from {self._documents} documents"
        return f"<edukg.Graph: {len(self)} triples{where}>"

    @property
    def triples(self) -> Sequence[tuple]:
        """The (subject, predicate, object) tuples of pyoxigraph terms."""
        return self._triples

    def query(self, query: str, **params: object) -> Rows:
        """Run SPARQL text, a .rq file or a catalog query by name (`edukg query --list`).

        Each keyword sets the query's `VALUES ?name { … }` block to that string, as
        `edukg query --param name=value` does. Raises edukg.QueryError for an unknown name,
        a syntax error or a parameter the query does not take.

        >>> import edukg
        >>> graph = edukg.load("output")            # what `edukg build seeds` wrote
        >>> schools = graph.query("institutions-in-area", within="淄川区")
        >>> {row["areaName"] for row in schools}
        {'淄川区'}
        >>> len(graph.query("institutions-in-area", within="淄川")) == len(schools)   # short form
        True
        >>> "双泉小学" in {row["institutionName"] for row in schools}
        True
        >>> graph.query("ASK { ?s a edu:Region }").boolean
        True
        """
        from .query_params import bind_params

        _, text = bind_params(query, {name: str(value) for name, value in params.items()}, self._sparql)
        return _rows(self._sparql().query(text))

    def dataframe(self, query: str, **params: object) -> pandas.DataFrame:
        """`query(...)` as a pandas DataFrame (needs pandas)."""
        return self.query(query, **params).to_pandas()

    def save(self, folder: PathLike, formats: Iterable[str] = tuple(GRAPH_FILES), *,
             html: bool = True, jobs: int = 1) -> list[Path]:
        """Write graph.ttl, graph.nt, graph.jsonld (those named in formats) and graph.html
        into folder, as `edukg build --out folder` does; returns the files written. Files are
        replaced atomically: a failed save leaves the folder as it was. Like the build, it
        leaves out graph.html (with a warning) for a graph too large to view. Raises
        edukg.atomic.OutputError when the folder cannot be written.

        >>> import edukg, tempfile
        >>> graph = edukg.load("output")
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     [p.name for p in graph.save(folder, formats=["ttl"], html=False)]
        ['graph.ttl']
        """
        from .export.products import VIEW_LIMIT, write_products

        products = write_products(self._triples, Path(folder), list(formats), jobs=jobs,
                                  validate=False, html=html, nodes=self._nodes)
        if products.view_skipped:
            warnings.warn(f"edukg: graph.html not written: the graph has more than {VIEW_LIMIT} "
                          "nodes (`edukg view` writes it anyway)", stacklevel=2)
        return products.written

    def violations(self) -> list:
        """The SHACL violations of the graph against ontology/shapes.ttl (what `edukg build`
        reports); empty when it conforms.

        >>> import edukg
        >>> edukg.load("output").violations()
        []
        """
        from .validate import validate

        return validate(self._triples, engine="fast")

    def rdflib(self) -> RdflibGraph:
        """The triples as a new rdflib Graph (edukg's prefixes bound), for rdflib's API.

        >>> import edukg
        >>> graph = edukg.load("output")
        >>> len(graph.rdflib()) == len(graph)
        True
        """
        from .rdf import to_rdflib

        return to_rdflib(self._triples)

    def _sparql(self) -> Engine:
        if self._engine is None:
            import pyoxigraph as ox

            from .query import OxigraphEngine

            store = ox.Store()
            store.bulk_extend(ox.Quad(s, p, o) for s, p, o in self._triples)
            self._engine = OxigraphEngine(store)
        return self._engine


def build(paths: Iterable[PathLike], jobs: int = 1) -> Graph:
    """Build the graph of reports: files, folders (walked), glob patterns, as `edukg build`
    takes them; jobs > 1 extracts in that many worker processes.

    Inputs that cannot be used (binary, empty, unsupported type, a named pipe) are skipped
    with a warning and listed in Graph.skipped. Raises edukg.ReadError when a path names
    nothing or no document at all could be read.
    """
    from .pipeline import build_knowledge_base
    from .rdf import build_triples
    from .read import scan_inputs

    sources = [str(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
    inputs = scan_inputs(sources)
    knowledge = build_knowledge_base(inputs.files, jobs, skipped=inputs.skipped)
    skipped = knowledge.skipped
    for path, reason in skipped[:_SHOWN_SKIPS]:
        warnings.warn(f"edukg: skipped {path}: {reason}", stacklevel=2)
    if len(skipped) > _SHOWN_SKIPS:
        warnings.warn(f"edukg: … and {len(skipped) - _SHOWN_SKIPS} more skipped "
                      "(Graph.skipped lists them all)", stacklevel=2)
    if not knowledge.documents:
        raise ReadError(", ".join(sources), f"no document could be read ({len(skipped)} skipped)")
    nodes = len(knowledge.documents) + len(knowledge.entities) + len(knowledge.outcomes)
    return Graph(build_triples(knowledge), documents=len(knowledge.documents), nodes=nodes,
                 skipped=skipped)


def load(path: PathLike) -> Graph:
    """Open a built graph: a .ttl, .nt or .jsonld file, or a folder `edukg build` wrote
    (its graph.nt, else its graph.ttl). Raises edukg.GraphError for a missing or broken file.

    >>> import edukg
    >>> graph = edukg.load("output/graph.ttl")
    >>> graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?d a edu:Document }")
    [{'n': 4}]
    """
    from .query import open_graph

    path = Path(path)
    if path.is_dir():
        found = [path / GRAPH_FILES[f] for f in ("nt", "ttl") if (path / GRAPH_FILES[f]).is_file()]
        if not found:
            raise GraphError(f"{path}: no graph.nt or graph.ttl in this folder")
        path = found[0]
    engine = open_graph(path)
    store: pyoxigraph.Store = engine.store      # type: ignore[attr-defined]
    triples = [(quad.subject, quad.predicate, quad.object) for quad in store]
    return Graph(triples, engine=engine)


def _rows(result: Result) -> Rows:
    if result.kind == "ASK":
        return Rows((), boolean=bool(result.boolean))
    if result.kind == "GRAPH":
        columns = ("subject", "predicate", "object")
        return Rows(columns, (dict(zip(columns, map(_value, t))) for t in result.triples))
    return Rows(result.variables,
                (dict(zip(result.variables, map(_value, row))) for row in result.rows))


def _value(term: Any) -> Any:
    """An rdflib term as a plain Python value (a literal of a type Python has no value for,
    or with a language tag, as its text)."""
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(value) if isinstance(value, Literal) else value
    return str(term)
