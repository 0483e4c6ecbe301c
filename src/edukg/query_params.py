"""Catalog parameters given as people write names: either script, short forms, other names.

A catalog query declares each parameter in its header, `# param: NAME KIND`:

- region, program, institution, entity: the value names one or more nodes of that class
  (entity: any labelled node). It matches an rdfs:label or a skos:altLabel exactly, in
  Simplified or Traditional script (縣管校聘 is 县管校聘), or as a short form, the name
  without its administrative suffix (淄川 is 淄川区, 威海 is 威海市). The query then gets the
  nodes' labels as they are in the graph, so `STR(?label) = ?NAME` and `?x rdfs:label ?NAME`
  both match;
- search: text that a program's name or other name contains, in either script;
- kind: the local name of a class (School, Pilot …), any case;
- unit: a unit code (school, CNY …) or a measure word as written (所, 套 …).

A value that matches nothing is an error naming the closest names ("no region named 淄州
(did you mean 淄川区, 淄博市?)"), not an empty answer.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping

from .query import CatalogQuery, Engine, QueryError

__all__ = ["KINDS", "bind_params", "declared", "resolve_params"]

KINDS = ("region", "program", "institution", "entity", "search", "kind", "unit")
_DECLARATION = re.compile(r"^#\s*param:\s*([A-Za-z_][A-Za-z0-9_]*)\s+([a-z]+)\s*$", re.MULTILINE)
_CLASSES = {"region": "edu:Region", "program": "edu:Program", "institution": "edu:Institution",
            "search": "edu:Program"}
# what a short form leaves out: 淄川区 → 淄川, 昆仑镇 → 昆仑, 张村街道 → 张村
_ADMIN_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "街道", "苏木", "新区",
                   "省", "市", "区", "县", "镇", "乡", "旗", "盟", "州")
_PREFIXES = ("PREFIX edu: <https://w3id.org/edukg/ontology#> "
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ")


def declared(item: CatalogQuery) -> dict[str, str]:
    """NAME → KIND of the `# param:` lines of a catalog query."""
    out = {}
    for name, kind in _DECLARATION.findall(item.text):
        if kind not in KINDS:
            raise QueryError(f"{item.name}: unknown parameter kind {kind!r} (use one of {', '.join(KINDS)})")
        out[name] = kind
    return out


def _fold(text: str) -> str:
    """A name as compared: NFKC, Simplified script, no spaces, lower case."""
    from .normalize import to_simplified

    return to_simplified(unicodedata.normalize("NFKC", text)).replace(" ", "").lower()


def _short(name: str) -> str | None:
    for suffix in _ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[:-len(suffix)]
    return None


def _term(value: str, language: str | None) -> tuple[str, str | None]:
    return value, language


def _names(engine: Engine, kind: str) -> list[tuple[str, str, str | None, bool]]:
    """(node, name, language, is the rdfs:label) of every label and altLabel of the class."""
    cls = _CLASSES.get(kind)
    where = f"?node a {cls} . " if cls else ""
    result = engine.query(_PREFIXES + "SELECT ?node ?name ?main WHERE { " + where +
                          "{ ?node rdfs:label ?name BIND (true AS ?main) } UNION "
                          "{ ?node skos:altLabel ?name BIND (false AS ?main) } }")
    return [(str(node), str(name), getattr(name, "language", None), str(main) == "true")
            for node, name, main in result.rows if node is not None and name is not None]


def _labels_of(names, nodes: set[str]) -> list[tuple[str, str | None]]:
    """The rdfs:labels of NODES, one per distinct spelling."""
    out: dict[tuple[str, str | None], None] = {}
    for node, name, language, main in names:
        if main and node in nodes:
            out.setdefault(_term(name, language), None)
    return list(out)


def _no_match(kind: str, value: str, candidates: list[str]) -> QueryError:
    folded = {_fold(c): c for c in candidates}
    near = [c for c in sorted(set(candidates), key=len) if _fold(value) in _fold(c)][:5]
    near += [folded[k] for k in difflib.get_close_matches(_fold(value), list(folded), n=5, cutoff=0.34)
             if folded[k] not in near]
    hint = f" (did you mean {', '.join(near[:5])}?)" if near else ""
    what = "entity" if kind == "entity" else kind
    return QueryError(f"no {what} named {value}{hint}")


def _entity_values(engine: Engine, kind: str, value: str) -> list[tuple[str, str | None]]:
    names = _names(engine, kind)
    wanted = _fold(value)
    exact = {node for node, name, _, _ in names if _fold(name) == wanted}
    if not exact:
        exact = {node for node, name, _, _ in names if (s := _short(_fold(name))) and s == wanted}
    if not exact:
        raise _no_match(kind, value, [name for _, name, _, main in names if main])
    return _labels_of(names, exact)


def _search_values(engine: Engine, value: str) -> list[tuple[str, str | None]]:
    names = _names(engine, "search")
    wanted = _fold(value)
    if not any(wanted in _fold(name) for _, name, _, _ in names):
        raise _no_match("program", value, [name for _, name, _, main in names if main])
    from .normalize import to_simplified

    return [_term(to_simplified(value), None)]


def _kind_values(engine: Engine, value: str) -> list[tuple[str, str | None]]:
    result = engine.query(_PREFIXES + "SELECT DISTINCT ?type WHERE { ?x a ?type "
                          "FILTER (STRSTARTS(STR(?type), STR(edu:))) }")
    kinds = sorted(str(t).rsplit("#", 1)[-1] for (t,) in result.rows)
    matches = [k for k in kinds if k.lower() == value.strip().lower()]
    if not matches:
        raise _no_match("kind", value, kinds)
    return [_term(matches[0], None)]


def _unit_values(engine: Engine, value: str) -> list[tuple[str, str | None]]:
    result = engine.query(_PREFIXES + "SELECT DISTINCT ?unit ?word WHERE { ?m edu:unit ?unit "
                          "OPTIONAL { ?m edu:unitLabel ?word } }")
    wanted = _fold(value)
    codes: dict[str, None] = {}
    everything = set()
    for unit, word in result.rows:
        everything.add(str(unit))
        if word is not None:
            everything.add(str(word))
        if _fold(str(unit)) == wanted or (word is not None and _fold(str(word)) == wanted):
            codes.setdefault(str(unit), None)
    if not codes:
        raise _no_match("unit", value, sorted(everything))
    return [_term(code, None) for code in codes]


def resolve_params(engine: Engine, item: CatalogQuery | None,
                   params: Mapping[str, str]) -> dict[str, list[tuple[str, str | None]]]:
    """NAME → the (text, language tag) of the values to put in the query's `VALUES ?NAME { … }`
    block (see query.apply_values).

    Parameters the query does not declare (and every parameter of a query outside the
    catalog) are taken literally, as one string."""
    kinds = declared(item) if item is not None else {}
    out: dict[str, list[str]] = {}
    for name, value in params.items():
        kind = kinds.get(name)
        if kind in ("region", "program", "institution", "entity"):
            out[name] = _entity_values(engine, kind, value)
        elif kind == "search":
            out[name] = _search_values(engine, value)
        elif kind == "kind":
            out[name] = _kind_values(engine, value)
        elif kind == "unit":
            out[name] = _unit_values(engine, value)
        else:
            out[name] = [_term(value, None)]
    return out


def bind_params(query_text: str, params: Mapping[str, str],
                engine: Callable[[], Engine]) -> tuple[CatalogQuery | None, str]:
    """(the catalog entry or None, SPARQL) of a query (text, .rq file or catalog name) with its
    parameters set: the catalog's declared ones resolved against the graph's names (淄川 →
    淄川区), the others taken literally. `engine` is called only when a declared parameter
    needs the graph, so `edukg query --show` prints other queries without reading one. The
    command line and the Python API both go through here."""
    from . import query as q

    label, text = q.resolve(query_text)
    item = q.catalog().get(label)
    kinds = declared(item) if item is not None else {}
    text = q.apply_params(text, {k: v for k, v in params.items() if k not in kinds})
    named = {k: v for k, v in params.items() if k in kinds}
    if named:
        text = q.apply_values(text, resolve_params(engine(), item, named))
    return item, text
