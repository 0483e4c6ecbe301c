"""edukg: a knowledge-graph builder for Chinese regional education reports.

The Python API (docs/api.md): `edukg.build(paths)` and `edukg.load(path)` give an
`edukg.Graph` to query, save or hand to rdflib. Its names are imported on first use, so that
`import edukg` (and the command line) stays fast.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["CatalogQuery", "Graph", "GraphError", "QueryError", "ReadError", "Rows", "build",
           "catalog", "load", "__version__"]

if TYPE_CHECKING:
    from .api import (CatalogQuery, Graph, GraphError, QueryError, ReadError, Rows, build,
                      catalog, load)


def __getattr__(name: str) -> Any:
    if name in __all__:
        value = getattr(import_module(".api", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'edukg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
