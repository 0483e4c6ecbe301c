"""SHACL validation of a built graph against ontology/shapes.ttl.

The shapes encode the promises users rely on (a zh-hans label on every entity, a value and
unit on every Measure, evidence behind every relation); checking them on every build keeps a
regression in an extractor from silently shipping a graph that breaks users' queries.

Two engines check the same shapes: edukg.shaclcheck (linear in the graph's size, what
`edukg build` and `edukg validate` use; see that module) and pyshacl, the reference
(`edukg validate --reference`; an extra: pip install 'edukg[shacl]').
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Namespace

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    value: str = ""          # the failing value node (sh:value), when there is one

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"{self.focus}{where}: {self.message}"


def ontology_dir() -> Path:
    """ontology/ of a source checkout, else the copy shipped inside the package."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[2] / "ontology", here.parent / "data" / "ontology"):
        if (candidate / "shapes.ttl").is_file():
            return candidate
    raise FileNotFoundError("ontology/shapes.ttl not found")


PYSHACL_MISSING = "the reference SHACL engine needs pyshacl: pip install 'edukg[shacl]'"


class EngineMissing(ImportError):
    """The engine asked for is not installed; str() says which extra to install."""


def validate(graph, ontology: Path | None = None, engine: str = "fast",
             ntriples: bytes | None = None) -> list[Violation]:
    """SHACL violations of graph (empty when it conforms): an rdflib Graph, or the (s, p, o)
    tuples of pyoxigraph terms of edukg.rdf.build_triples.

    engine="fast" runs edukg.shaclcheck (linear time, what `edukg build` uses), falling
    back to pyshacl if the shapes use a feature it does not implement; engine="pyshacl" is
    the reference (EngineMissing when pyshacl is not installed). Both report the same focus nodes and paths. `ntriples`,
    the same graph as N-Triples (what to_ntriples returns), lets the fast engine load its
    SPARQL store with Oxigraph's parser instead of from millions of Python term objects."""
    folder = ontology or ontology_dir()
    if engine == "fast":
        from .shaclcheck import Unsupported

        try:
            checker = _checker(str(folder))
        except Unsupported:
            pass
        else:
            from .export.serialize import oxigraph_triples

            return [Violation(r.focus, r.path, r.message, r.value)
                    for r in checker.run(oxigraph_triples(graph), ntriples)]
    if not isinstance(graph, Graph):
        from .rdf import to_rdflib

        graph = to_rdflib(graph)
    try:
        from pyshacl import validate as shacl_validate  # slow import: only when validating
    except ImportError:
        raise EngineMissing(PYSHACL_MISSING) from None

    shapes = Graph().parse(folder / "shapes.ttl", format="turtle")
    schema = Graph().parse(folder / "edukg.ttl", format="turtle")
    conforms, results, _ = shacl_validate(graph, shacl_graph=shapes, ont_graph=schema,
                                          inference="none", allow_warnings=True)
    if conforms:
        return []
    if not isinstance(results, Graph):      # pyshacl could not run the shapes at all
        raise RuntimeError(f"SHACL validation failed to run: {str(results).splitlines()[0]}")
    out = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        out.append(Violation(str(results.value(result, SH.focusNode)),
                             str(results.value(result, SH.resultPath) or ""),
                             str(results.value(result, SH.resultMessage) or ""),
                             _value_str(results.value(result, SH.value))))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message, v.value))


@lru_cache(maxsize=4)
def _checker(folder: str):
    from .shaclcheck import Checker

    return Checker(Path(folder) / "shapes.ttl", Path(folder) / "edukg.ttl")


def _value_str(term) -> str:
    return "" if term is None else str(term)
