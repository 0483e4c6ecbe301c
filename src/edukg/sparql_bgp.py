"""The small part of SPARQL that SHACL constraints are written in, answered in Python.

A SPARQL-based constraint is one SELECT over the data graph. Oxigraph answers it quickly,
but only once it holds the triples, and loading them is what costs: at 4,000 documents
the relation-evidence constraint needs 1.4 M triples, about 5 s of indexing for a 1 s
query. The SHACL checker already holds every triple indexed by subject, so a query made
only of

* basic graph patterns (IRIs, literals and variables; blank nodes act as variables),
* joins of them and ``MINUS``,
* ``FILTER`` with ``?v IN (iri, …)`` (or ``&&`` of such), and
* ``SELECT [DISTINCT] ?v …`` over that,

is answered here over those indexes, by index nested-loop joins whose order is fixed when the
query is planned. :func:`plan` returns None for any other query; the checker then answers it
in a scoped Oxigraph store (sparql_scope.py). tests/test_sparql_bgp.py compares the rows with Oxigraph's.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Union

import pyoxigraph as ox

__all__ = ["plan", "Plan", "TripleIndex"]

Row = tuple          # the values of a node's slots, in order


class _Outside(Exception):
    """The query uses something this module does not answer."""


class TripleIndex:
    """Triples by subject (shared with the caller) and, for the predicates a plan asks for,
    by predicate and by (predicate, object), built in one pass when first needed.

    The triples are (s, p, o) tuples of pyoxigraph terms, or, given `terms`, of their codes
    (indices into terms, see edukg.rdf.coded_triples): a plan's constants are then coded
    before it runs and its rows decoded after."""

    def __init__(self, triples: Sequence[tuple], spo: dict, terms: list | None = None) -> None:
        self._triples = triples
        self.spo = spo
        self.terms = terms
        self._codes: dict | None = None
        self._pairs: dict[Any, list[tuple]] = {}
        self._by_object: dict[Any, dict[Any, list]] = {}

    def code(self, term):
        """How the triples hold term: its code (None when they do not hold it), or term."""
        if self.terms is None:
            return term
        if self._codes is None:
            self._codes = {t: code for code, t in enumerate(self.terms)}
        return self._codes.get(term)

    def add(self, term) -> int:
        """Code a term the triples do not hold (terms becomes a new list ending with it:
        the caller's list stays as it was)."""
        self.code(term)
        self.terms = self.terms + [term]
        code = self._codes[term] = len(self.terms) - 1
        return code

    def prepare(self, predicates: Iterable) -> None:
        missing = {p: [] for p in predicates if p not in self._pairs}
        if not missing:
            return
        get = missing.get
        for s, p, o in self._triples:
            pairs = get(p)
            if pairs is not None:
                pairs.append((s, o))
        self._pairs.update(missing)

    def pairs(self, p) -> list[tuple]:
        self.prepare((p,))
        return self._pairs[p]

    def subjects(self, p, o) -> list:
        index = self._by_object.get(p)
        if index is None:
            index = self._by_object[p] = {}
            for s, obj in self.pairs(p):
                subjects = index.get(obj)
                if subjects is None:
                    index[obj] = [s]
                else:
                    subjects.append(s)
        return index.get(o, ())


# --------------------------------------------------------------------------- the plan
# A position of a triple pattern is ("c", term): a constant; ("b", i): a variable bound
# earlier, the row's i-th value; ("n", name): a variable this pattern binds.

@dataclass(frozen=True)
class _Step:
    s: tuple
    p: tuple
    o: tuple
    allowed: dict          # variable → the values a FILTER allows it (only this step's new ones)


@dataclass(frozen=True)
class _BGP:
    slots: tuple[str, ...]
    steps: tuple[_Step, ...]


@dataclass(frozen=True)
class _Join:
    slots: tuple[str, ...]
    left: "_Node"
    right: "_Node"


@dataclass(frozen=True)
class _Minus:
    slots: tuple[str, ...]
    left: "_Node"
    right: "_Node"


@dataclass(frozen=True)
class _Filter:
    slots: tuple[str, ...]
    pins: dict
    inner: "_Node"


_Node = Union[_BGP, _Join, _Minus, _Filter]


@dataclass(frozen=True)
class Plan:
    variables: tuple[str, ...]
    root: _Node
    distinct: bool

    def rows(self, index: TripleIndex) -> list[dict[str, Any]]:
        """The query's solutions: one dict per row, a variable to its term (a projected
        variable the row leaves unbound is absent)."""
        root = self.root if index.terms is None else _coded(self.root, index.code)
        predicates: set = set()
        _collect_predicates(root, predicates)
        index.prepare(predicates)
        rows = _evaluate(root, index)
        where = [(name, root.slots.index(name)) for name in self.variables
                 if name in root.slots]
        if index.terms is None:
            out = [{name: row[i] for name, i in where} for row in rows]
        else:
            terms = index.terms
            out = [{name: terms[row[i]] for name, i in where} for row in rows]
        if self.distinct:
            seen: set = set()
            out = [r for r in out if not (key := tuple(r.items())) in seen and not seen.add(key)]
        return out


@lru_cache(maxsize=64)
def plan(query: str) -> Plan | None:
    """The plan for query, or None when it is outside what this module answers."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        algebra = prepareQuery(query).algebra
    except Exception:  # noqa: BLE001 - the store will report the syntax error
        return None
    try:
        if algebra.name != "SelectQuery" or algebra.get("datasetClause"):
            raise _Outside
        top, distinct = algebra.get("p"), False
        if top.name == "Distinct":
            top, distinct = top.get("p"), True
        if top.name != "Project":
            raise _Outside
        variables = tuple(str(v) for v in top.get("PV"))
        return Plan(variables, _compile(top.get("p"), {}), distinct)
    except _Outside:
        return None


def _compile(node, pins: dict) -> _Node:
    from rdflib.plugins.sparql.parserutils import CompValue

    if not isinstance(node, CompValue):
        raise _Outside
    if node.name == "BGP":
        return _bgp(node.get("triples") or (), pins)
    if node.name == "Filter":
        own = _pins(node.get("expr"))
        merged = {**pins}
        for name, values in own.items():
            merged[name] = merged[name] & values if name in merged else values
        inner = _compile(node.get("p"), merged)
        return _Filter(inner.slots, own, inner)
    if node.name == "Join":
        left = _compile(node.get("p1"), pins)
        right = _compile(node.get("p2"), pins)
        return _Join(left.slots + tuple(v for v in right.slots if v not in left.slots),
                     left, right)
    if node.name == "Minus":
        left = _compile(node.get("p1"), pins)
        right_vars = _variables(node.get("p2"))
        right = _compile(node.get("p2"), {v: pins[v] for v in pins
                                          if v in left.slots and v in right_vars})
        return _Minus(left.slots, left, right)
    raise _Outside


def _variables(node) -> set[str]:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "BGP":
            return {_term(t)[1] for triple in node.get("triples") or () for t in triple
                    if _term(t)[0] == "n"}
        return set().union(*(_variables(v) for k, v in node.items() if not k.startswith("_")))
    return set()


def _bgp(triples: Iterable[tuple], pins: dict) -> _BGP:
    """Orders the patterns: each next one the cheapest to match given what is bound."""
    todo = [tuple(_term(t) for t in triple) for triple in triples]
    slots: list[str] = []
    steps = []
    while todo:
        pattern = min(todo, key=lambda t: _cost(t, slots, pins))
        if _cost(pattern, slots, pins) >= _UNBOUNDED:
            raise _Outside
        todo.remove(pattern)
        positions, new = [], []
        for kind, value in pattern:
            if kind == "n" and value in slots:
                positions.append(("b", slots.index(value)))
            elif kind == "n":
                if value in new:
                    raise _Outside              # ?x :p ?x: not needed by our shapes
                new.append(value)
                positions.append(("n", value))
            else:
                positions.append((kind, value))
        slots += new
        steps.append(_Step(*positions, allowed={v: pins[v] for v in new if v in pins}))
    return _BGP(tuple(slots), tuple(steps))


_UNBOUNDED = 9


def _cost(pattern: tuple, bound: list[str], pins: dict) -> int:
    (sk, s), (pk, p), (ok, o) = pattern
    known = lambda kind, value: kind == "c" or value in bound   # noqa: E731
    if known(sk, s):
        return 0
    if pk == "c":
        return 1 if known(ok, o) else 3
    if p in bound or p in pins:         # one predicate, or the few a filter allows
        return 2 if known(ok, o) else 4
    return _UNBOUNDED


def _term(t) -> tuple[str, Any]:
    from rdflib.term import BNode, Literal, URIRef, Variable

    if isinstance(t, Variable):
        return ("n", str(t))
    if isinstance(t, BNode):
        return ("n", "_:" + str(t))
    if isinstance(t, URIRef):
        return ("c", ox.NamedNode(str(t)))
    if isinstance(t, Literal):
        if t.language:
            return ("c", ox.Literal(str(t), language=t.language))
        if t.datatype is not None:
            return ("c", ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype))))
        return ("c", ox.Literal(str(t)))
    raise _Outside


def _pins(expr) -> dict[str, frozenset]:
    """{variable: allowed IRIs} of ``?v IN (iri, …)`` and ``&&`` of such; anything else
    is outside."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef, Variable

    if not isinstance(expr, CompValue):
        raise _Outside
    if expr.name == "ConditionalAndExpression":
        out: dict = {}
        for part in [expr.get("expr")] + list(expr.get("other") or ()):
            for name, values in _pins(part).items():
                out[name] = out[name] & values if name in out else values
        return out
    if expr.name == "RelationalExpression" and expr.get("op") == "IN":
        variable, values = expr.get("expr"), list(expr.get("other") or ())
        if isinstance(variable, Variable) and all(isinstance(v, URIRef) for v in values):
            return {str(variable): frozenset(ox.NamedNode(str(v)) for v in values)}
    raise _Outside


def _collect_predicates(node: _Node, out: set) -> None:
    if isinstance(node, _BGP):
        for step in node.steps:
            if step.p[0] == "c":
                out.add(step.p[1])
            elif step.p[0] == "n" and step.p[1] in step.allowed:
                out.update(step.allowed[step.p[1]])
    elif isinstance(node, _Filter):
        _collect_predicates(node.inner, out)
    else:
        _collect_predicates(node.left, out)
        _collect_predicates(node.right, out)


_NOWHERE = -1          # the code of a constant the triples do not hold: matches nothing


def _coded(node: _Node, code) -> _Node:
    """node with its constants (and the values filters allow) as the triples' codes."""
    def position(pos: tuple) -> tuple:
        if pos[0] != "c":
            return pos
        value = code(pos[1])
        return ("c", _NOWHERE if value is None else value)

    def values(allowed: frozenset) -> frozenset:
        return frozenset(c for c in map(code, allowed) if c is not None)

    if isinstance(node, _BGP):
        return _BGP(node.slots, tuple(
            _Step(position(step.s), position(step.p), position(step.o),
                  {name: values(allowed) for name, allowed in step.allowed.items()})
            for step in node.steps))
    if isinstance(node, _Filter):
        return _Filter(node.slots, {name: values(allowed) for name, allowed in node.pins.items()},
                       _coded(node.inner, code))
    return type(node)(node.slots, _coded(node.left, code), _coded(node.right, code))


# ------------------------------------------------------------------------- evaluation

def _evaluate(node: _Node, index: TripleIndex) -> list[Row]:
    if isinstance(node, _BGP):
        rows: list[Row] = [()]
        for step in node.steps:
            rows = _extend(rows, step, index)
            if not rows:
                break
        return rows
    if isinstance(node, _Filter):
        if any(name not in node.slots for name in node.pins):
            return []                   # an unbound variable fails the filter
        checks = [(node.slots.index(name), values) for name, values in node.pins.items()]
        return [row for row in _evaluate(node.inner, index)
                if all(row[i] in values for i, values in checks)]
    left = _evaluate(node.left, index)
    shared = [v for v in node.right.slots if v in node.left.slots]
    if isinstance(node, _Minus):
        if not shared or not left:      # MINUS removes only rows sharing a variable
            return left
        right_at = [node.right.slots.index(v) for v in shared]
        left_at = [node.left.slots.index(v) for v in shared]
        taken = {tuple(row[i] for i in right_at) for row in _evaluate(node.right, index)}
        return [row for row in left if tuple(row[i] for i in left_at) not in taken]
    right = _evaluate(node.right, index)
    right_at = [node.right.slots.index(v) for v in shared]
    extra = [i for i, v in enumerate(node.right.slots) if v not in node.left.slots]
    groups: dict[tuple, list[Row]] = {}
    for row in right:
        groups.setdefault(tuple(row[i] for i in right_at), []).append(
            tuple(row[i] for i in extra))
    left_at = [node.left.slots.index(v) for v in shared]
    return [row + more for row in left
            for more in groups.get(tuple(row[i] for i in left_at), ())]


def _extend(rows: list[Row], step: _Step, index: TripleIndex) -> list[Row]:
    """Each row joined with the triples matching the step's pattern."""
    out: list[Row] = []
    append = out.append
    (sk, sv), (pk, pv), (ok, ov) = step.s, step.p, step.o
    allowed = step.allowed
    s_ok, p_ok, o_ok = (allowed.get(v) if k == "n" else None
                        for k, v in (step.s, step.p, step.o))
    for row in rows:
        s = sv if sk == "c" else row[sv] if sk == "b" else None
        p = pv if pk == "c" else row[pv] if pk == "b" else None
        o = ov if ok == "c" else row[ov] if ok == "b" else None
        for ts, tp, to in _matches(s, p, o, p_ok, index):
            new = []
            if s is None:
                if s_ok is not None and ts not in s_ok:
                    continue
                new.append(ts)
            if p is None:
                if p_ok is not None and tp not in p_ok:
                    continue
                new.append(tp)
            if o is None:
                if o_ok is not None and to not in o_ok:
                    continue
                new.append(to)
            append(row + tuple(new))
    return out


def _matches(s, p, o, p_allowed, index: TripleIndex) -> Iterable[tuple]:
    """The triples matching (s, p, o), None being free (a free predicate is one of
    p_allowed: the plan never leaves both free)."""
    if s is not None:
        by_p = index.spo.get(s)
        if not by_p:
            return ()
        if p is not None:
            objects = by_p.get(p, ())
            if o is not None:
                return [(s, p, o)] if o in objects else ()
            return [(s, p, obj) for obj in objects]
        return [(s, pred, obj) for pred, objects in by_p.items() for obj in objects
                if o is None or obj == o]
    predicates = (p,) if p is not None else sorted(p_allowed, key=str)
    if o is not None:
        return [(subject, pred, o) for pred in predicates for subject in index.subjects(pred, o)]
    return [(subject, pred, obj) for pred in predicates for subject, obj in index.pairs(pred)]
