"""Which predicates a SPARQL query can ever match, so a store can be loaded with only those.

The SHACL checker runs its SPARQL constraints in an Oxigraph store. Loading every triple of
a large graph costs far more than the query: the sentence literals of the evidence records
alone are half the graph, and no constraint looks at them. A triple whose predicate no
pattern of the query can match never changes the answer, so it need not be loaded.

The query is read with rdflib's SPARQL parser (its algebra, not text matching). A pattern
with an IRI (or a property path of IRIs) as predicate contributes those IRIs. A variable
predicate is allowed only under a FILTER directly over its group that pins it with
``?p IN (iri, …)``: rows with any other predicate would be filtered out anyway. Anything
else (an unrestricted variable predicate, a negated path, GRAPH or SERVICE) makes the answer
None: the query may need every triple.
"""
from __future__ import annotations

from collections.abc import Iterable

__all__ = ["predicates_used"]


class _Unbounded(Exception):
    """The query can match triples of any predicate."""


def predicates_used(query: str) -> frozenset[str] | None:
    """The predicate IRIs the query's patterns can match, or None when it can be any."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        algebra = prepareQuery(query).algebra
    except Exception:  # noqa: BLE001 - unparseable here: let the store report it, unscoped
        return None
    found: set[str] = set()
    try:
        _visit(algebra, found, frozenset())
    except _Unbounded:
        return None
    return frozenset(found)


def _visit(node, found: set[str], pinned: frozenset) -> None:
    """Walk the algebra; `pinned` are the variables a FILTER right above restricts to IRIs."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name in ("Graph", "ServiceGraphPattern", "GraphGraphPattern"):
            raise _Unbounded
        if node.name == "Filter":
            restricted = _pins(node.get("expr"))
            found.update(iri for iris in restricted.values() for iri in iris)
            _visit(node.get("expr"), found, frozenset())
            _visit(node.get("p"), found, pinned | frozenset(restricted) if _direct(node.get("p"))
                   else frozenset())
            return
        if node.name in ("BGP", "TriplesBlock"):
            for predicate in _predicates(node.get("triples") or ()):
                _predicate(predicate, found, pinned, first=True)
            return
        inner = pinned if node.name == "Join" else frozenset()
        for key, value in node.items():
            if not key.startswith("_"):
                _visit(value, found, inner)
    elif isinstance(node, (list, tuple)):
        for item in node:
            _visit(item, found, pinned)


def _direct(node) -> bool:
    """A plain basic graph pattern, or a join of them: every row it yields passes the filter."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if not isinstance(node, CompValue):
        return False
    if node.name == "BGP":
        return True
    return node.name == "Join" and _direct(node.get("p1")) and _direct(node.get("p2"))


def _predicates(triples: Iterable) -> Iterable:
    """Predicates of a BGP's (s, p, o) tuples or of a TriplesBlock's flat [s, p, o, s, p, o …]."""
    for item in triples:
        if isinstance(item, (list, tuple)) and len(item) % 3 == 0:
            yield from item[1::3]


def _predicate(term, found: set[str], pinned: frozenset, first: bool) -> None:
    """`first`: the path step starts at the pattern's subject. A zero-length step there
    (p*, p?) matches every node of the graph when the subject is free, so it needs them all;
    later in a sequence it starts from nodes the earlier steps found."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
    from rdflib.term import URIRef, Variable

    if isinstance(term, URIRef):
        found.add(str(term))
    elif isinstance(term, Variable):
        if term not in pinned:
            raise _Unbounded
    elif isinstance(term, SequencePath):
        for index, part in enumerate(term.args):
            _predicate(part, found, pinned, first and index == 0)
    elif isinstance(term, AlternativePath):
        for part in term.args:
            _predicate(part, found, pinned, first)
    elif isinstance(term, InvPath):
        _predicate(term.arg, found, pinned, first)
    elif isinstance(term, MulPath):
        if first and term.mod != "+":
            raise _Unbounded
        _predicate(term.path, found, pinned, False)
    elif isinstance(term, NegatedPath):
        raise _Unbounded
    else:
        raise _Unbounded


def _pins(expr) -> dict:
    """{variable: IRIs} for each ``?v IN (iri, …)`` that must hold for the filter to pass."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef, Variable

    if not isinstance(expr, CompValue):
        return {}
    if expr.name == "ConditionalAndExpression":
        out: dict = {}
        for part in [expr.get("expr")] + list(expr.get("other") or ()):
            out.update(_pins(part))
        return out
    if expr.name == "RelationalExpression" and expr.get("op") == "IN":
        variable, values = expr.get("expr"), list(expr.get("other") or ())
        if isinstance(variable, Variable) and values and all(isinstance(v, URIRef) for v in values):
            return {variable: [str(v) for v in values]}
    return {}
