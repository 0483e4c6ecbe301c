"""SHACL validation of a built graph against ontology/shapes.ttl.

The shapes encode the promises users rely on (a zh-hans label on every entity, a value and
unit on every Measure, evidence behind every relation); checking them on every build keeps a
regression in an extractor from silently shipping a graph that breaks users' queries.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Namespace

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str

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


def validate(graph: Graph, ontology: Path | None = None) -> list[Violation]:
    """SHACL violations of graph (empty when it conforms)."""
    from pyshacl import validate as shacl_validate  # slow import: only when validating

    folder = ontology or ontology_dir()
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
                             str(results.value(result, SH.resultMessage) or "")))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))
