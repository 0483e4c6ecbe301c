"""Which predicates a SPARQL query can ever match, so a store can be loaded with only those.

The SHACL checker runs its SPARQL constraints in an Oxigraph store. Loading every triple of
a large graph costs far more than the query: the sentence literals of the evidence records
alone are half the graph, and no constraint looks at them. A triple whose predicate no
pattern of the query can match never changes the answer, so it need not be loaded.

The query is read with rdflib's SPARQL parser (its algebra, not text matching). A pattern
with an IRI (or a property path of IRIs) as predicate contributes those IRIs; when every
pattern with that predicate has an IRI as object (``?ev a edu:Evidence``), only triples
with one of those objects are needed (rdf:type triples are a fifth of the graph). A variable
predicate is allowed only under a FILTER directly over its group that pins it with
``?p IN (iri, …)`` (rows with any other predicate would be filtered out anyway); under a
MINUS only its left side is pinned. Anything
else (an unrestricted variable predicate, a negated path, GRAPH or SERVICE) makes the answer
None: the query may need every triple.
"""
from __future__ import annotations

from collections.abc import Iterable

__all__ = ["predicates_used", "Scope"]

Scope = dict[str, "frozenset[str] | None"]     # predicate IRI → the object IRIs it needs (None: any)


class _Unbounded(Exception):
    """The query can match triples of any predicate."""


def predicates_used(query: str) -> Scope | None:
    """The predicate IRIs the query's patterns can match, each with the object IRIs it is
    matched with (None: any object); None when the query can match any predicate."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        algebra = prepareQuery(query).algebra
    except Exception:  # noqa: BLE001 - unparseable here: let the store report it, unscoped
        return None
    found: dict[str, set[str] | None] = {}
    try:
        _visit(algebra, found, frozenset())
    except _Unbounded:
        return None
    return {p: None if objects is None else frozenset(objects) for p, objects in found.items()}


def _need(found: dict, predicate: str, obj=None) -> None:
    """Record that triples with `predicate` are needed: with the IRI `obj`, or any object."""
    from rdflib.term import URIRef

    if isinstance(obj, URIRef) and found.get(predicate, set()) is not None:
        found.setdefault(predicate, set()).add(str(obj))
    else:
        found[predicate] = None


def _visit(node, found: dict, pinned: frozenset) -> None:
    """Walk the algebra; `pinned` are the variables a FILTER right above restricts to IRIs."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name in ("Graph", "ServiceGraphPattern", "GraphGraphPattern"):
            raise _Unbounded
        if node.name == "Filter":
            restricted = _pins(node.get("expr"))
            for iri in (iri for iris in restricted.values() for iri in iris):
                _need(found, iri)
            _visit(node.get("expr"), found, frozenset())
            _visit(node.get("p"), found, pinned | frozenset(restricted) if _direct(node.get("p"))
                   else frozenset())
            return
        if node.name in ("BGP", "TriplesBlock"):
            for predicate, obj in _patterns(node.get("triples") or ()):
                _predicate(predicate, obj, found, pinned, first=True)
            return
        if node.name == "Minus":        # rows come from p1; p2 only takes some away
            _visit(node.get("p1"), found, pinned)
            _visit(node.get("p2"), found, frozenset())
            return
        inner = pinned if node.name == "Join" else frozenset()
        for key, value in node.items():
            if not key.startswith("_"):
                _visit(value, found, inner)
    elif isinstance(node, (list, tuple)):
        for item in node:
            _visit(item, found, pinned)


def _direct(node) -> bool:
    """A plain basic graph pattern, a join of them, or one minus anything: every row it
    yields passes the filter."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if not isinstance(node, CompValue):
        return False
    if node.name == "BGP":
        return True
    if node.name == "Minus":
        return _direct(node.get("p1"))
    return node.name == "Join" and _direct(node.get("p1")) and _direct(node.get("p2"))


def _patterns(triples: Iterable) -> Iterable[tuple]:
    """(predicate, object) of a BGP's (s, p, o) tuples or of a TriplesBlock's flat
    [s, p, o, s, p, o …]."""
    for item in triples:
        if isinstance(item, (list, tuple)) and len(item) % 3 == 0:
            yield from zip(item[1::3], item[2::3])


def _predicate(term, obj, found: dict, pinned: frozenset, first: bool) -> None:
    """`first`: the path step starts at the pattern's subject. A zero-length step there
    (p*, p?) matches every node of the graph when the subject is free, so it needs them all;
    later in a sequence it starts from nodes the earlier steps found."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
    from rdflib.term import URIRef, Variable

    if isinstance(term, URIRef):
        _need(found, str(term), obj)
    elif isinstance(term, Variable):
        if term not in pinned:
            raise _Unbounded
    elif isinstance(term, SequencePath):
        for index, part in enumerate(term.args):
            _predicate(part, None, found, pinned, first and index == 0)
    elif isinstance(term, AlternativePath):
        for part in term.args:
            _predicate(part, None, found, pinned, first)
    elif isinstance(term, InvPath):
        _predicate(term.arg, None, found, pinned, first)
    elif isinstance(term, MulPath):
        if first and term.mod != "+":
            raise _Unbounded
        _predicate(term.path, None, found, pinned, False)
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
