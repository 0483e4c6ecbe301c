"""A fast SHACL checker for the shapes edukg uses, linear in the size of the graph.

pyshacl (used by `edukg validate`, the reference) spends about 80 µs per triple on SHACL
Core through rdflib and runs each SPARQL-based constraint once per focus node; a 4,000
document graph (1.3 M triples) would take many minutes. This module reads the same
``shapes.ttl`` and checks the same graph in a few microseconds per triple:

* SHACL Core constraints are evaluated in Python over a subject index of the triples
  (the ontology's triples are added, as pyshacl does with ``ont_graph``, so targets and
  ``sh:class`` follow ``rdfs:subClassOf``). Supported: targetClass / targetSubjectsOf /
  targetObjectsOf / targetNode; paths that are an IRI or ``sh:inversePath`` of one; class,
  datatype, languageIn, minLength, maxLength, pattern (+flags), in, hasValue, minCount,
  maxCount, or, and, not, node, nodeKind.
* SPARQL-based constraints (``sh:sparql`` / ``sh:select``) run once over the whole graph,
  with ``$this`` left free and the rows kept for the shape's focus nodes. A top-level
  ``FILTER NOT EXISTS { triple patterns }`` that shares variables with the rest is run as
  the equivalent ``MINUS`` (Oxigraph evaluates NOT EXISTS row by row). On a small graph
  the query runs in Oxigraph. On a large one, loading a store costs several times more
  than the query, so a query made of basic graph patterns, MINUS and ``IN`` filters is
  answered in Python over the subject index (:mod:`edukg.sparql_bgp`: 4,000 documents,
  2.7 s instead of 6.7 s), and any other one gets a store holding only the triples whose
  predicate it can match (:mod:`edukg.sparql_scope`).

A shape using anything else raises :class:`Unsupported`; callers then fall back to pyshacl.
tests/test_scale.py checks that both engines find the same violations on broken graphs.
Violations report the focus node, the path and the shape's sh:message (pyshacl's generated
text when a shape has none differs; the focus and path are the same).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from .rdf import coded_triples
from .sparql_bgp import TripleIndex, plan
from .sparql_scope import Scope, predicates_used

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_TYPE = ox.NamedNode(RDF + "type")
_SUBCLASS = ox.NamedNode(RDFS + "subClassOf")
_LANGSTRING = RDF + "langString"


class Unsupported(Exception):
    """The shapes use a SHACL feature this checker does not implement."""


@dataclass(frozen=True)
class Result:
    focus: str
    path: str
    message: str
    value: str = ""          # the failing value node, when a constraint fails per value


def _n(local: str) -> ox.NamedNode:
    return ox.NamedNode(SH + local)


class _Shapes:
    """The shapes graph, read with Oxigraph: objects of (subject, predicate) and RDF lists."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.spo: dict = defaultdict(lambda: defaultdict(list))
        for t in triples:
            self.spo[t.subject][t.predicate].append(t.object)

        self._cache: dict = {}

    def objects(self, s, p: str) -> list:
        key = (s, p)
        out = self._cache.get(key)
        if out is None:
            pred = _n(p) if ":" not in p else ox.NamedNode(p)
            out = self._cache[key] = self.spo.get(s, {}).get(pred, [])
        return out

    def one(self, s, p: str):
        values = self.objects(s, p)
        return values[0] if values else None

    def items(self, head) -> list:
        out, nil = [], ox.NamedNode(RDF + "nil")
        while head is not None and head != nil:
            out.append(self.one(head, RDF + "first"))
            head = self.one(head, RDF + "rest")
        return out


_CORE = {"class", "datatype", "languageIn", "minLength", "maxLength", "pattern", "flags", "in",
         "hasValue", "minCount", "maxCount", "or", "and", "not", "node", "nodeKind", "property",
         "path", "message", "name", "description", "severity", "targetClass",
         "targetSubjectsOf", "targetObjectsOf", "targetNode", "sparql", "deactivated", "order",
         "group", "declare", "prefixes", "prefix", "namespace", "select", "inversePath"}


class Checker:
    """Compiled once from a shapes file (and the ontology), then run on any number of graphs."""

    def __init__(self, shapes_ttl: Path, ontology_ttl: Path | None = None,
                 scope_above: int = 100_000) -> None:
        """`scope_above`: from this many triples on, a SPARQL constraint is answered in
        Python when it can be, else by a store holding only the predicates it can match
        (planning either costs ~0.2 s, parsing the query with rdflib: not worth it below)."""
        self.scope_above = scope_above
        shapes = list(ox.parse(path=str(shapes_ttl), format=ox.RdfFormat.TURTLE))
        self.ontology = ([(t.subject, t.predicate, t.object) for t in
                          ox.parse(path=str(ontology_ttl), format=ox.RdfFormat.TURTLE)]
                         if ontology_ttl else [])
        self.g = _Shapes(shapes)
        node_shapes = {t.subject for t in shapes if t.predicate == _TYPE
                       and t.object == _n("NodeShape")}
        for t in shapes:                     # shapes with targets are shapes too
            if t.predicate.value.startswith(SH + "target"):
                node_shapes.add(t.subject)
        for shape in {t.subject for t in shapes if t.predicate.value.startswith(SH)}:
            for p in self.g.spo[shape]:
                if p.value.startswith(SH) and p.value[len(SH):] not in _CORE:
                    raise Unsupported(f"{p.value} is not supported")
        self.shapes = sorted(node_shapes, key=str)
        self._specs: dict = {}

    # ------------------------------------------------------------------------- running

    def run(self, triples: Iterable[tuple], ntriples: bytes | None = None) -> list[Result]:
        """Violations of the (s, p, o) tuples of pyoxigraph terms (a set: no duplicates).
        `ntriples` may give the same triples as N-Triples, for the SPARQL store to load."""
        data = _Data(triples, ntriples, self.ontology)
        out: list[Result] = []
        for shape in self.shapes:
            if self._deactivated(shape) or not self._is_violation(shape):
                continue
            focus = self._targets(shape, data)
            if not focus:
                continue
            out += self._check_node_shape(shape, focus, data)
        return sorted(set(out), key=lambda r: (r.focus, r.path, r.message, r.value))

    def _deactivated(self, shape) -> bool:
        value = self.g.one(shape, "deactivated")
        return value is not None and value.value == "true"

    def _is_violation(self, shape) -> bool:
        severity = self.g.one(shape, "severity")
        return severity is None or severity == _n("Violation")

    def _targets(self, shape, data: _Data) -> list:
        focus: dict = {}
        for cls in self.g.objects(shape, "targetClass"):
            focus.update(dict.fromkeys(data.instances(cls)))
        for p in self.g.objects(shape, "targetSubjectsOf"):
            focus.update(dict.fromkeys(data.subjects_of(p)))
        for p in self.g.objects(shape, "targetObjectsOf"):
            focus.update(dict.fromkeys(data.objects_of(p)))
        for node in self.g.objects(shape, "targetNode"):
            focus[data.node(node)] = None
        return list(focus)

    def _message(self, shape, default: str) -> str:
        message = self.g.one(shape, "message")
        return message.value if message is not None else default

    def _check_node_shape(self, shape, focus: list, data: _Data) -> list[Result]:
        out = []
        spec = self._spec(shape)
        if spec.checks:
            for f in focus:
                for what, value in self._spec_failures(spec, [f], data):
                    out.append(Result(data.text(f), "", self._message(shape, what), value))
        spo = data.spo
        for prop in self.g.objects(shape, "property"):
            if self._deactivated(prop) or not self._is_violation(prop):
                continue
            path = self.g.one(prop, "path")
            inverse = self.g.one(path, "inversePath") if isinstance(path, ox.BlankNode) else None
            if isinstance(path, ox.BlankNode) and inverse is None:
                raise Unsupported("only IRI paths and sh:inversePath are supported")
            path_str = path.value if inverse is None else f"^{inverse.value}"
            path_code = data.code(path) if inverse is None else None
            spec = self._spec(prop)
            if not spec.checks:
                continue
            failures = self._spec_failures
            # A focus node whose values are too few to check one by one and whose count is
            # within bounds cannot fail: skip the call (most pairs, e.g. an evidence record's
            # optional edu:sinceYear). Two or more values may repeat, so they are counted.
            low = spec.min or 0
            high = spec.max if spec.max is not None else float("inf")
            no_value_checks = not spec.per_value
            one_value_checks = spec.value_checks if low <= 1 <= high and not spec.logical else None
            for f in focus:             # the hot loop: millions of (focus, property) pairs
                if inverse is not None:
                    values = data.inverse(f, inverse)
                else:
                    by_p = spo.get(f)
                    values = by_p.get(path_code, ()) if by_p is not None else ()
                n = len(values)
                if n < 2 and low <= n <= high and (n == 0 or no_value_checks):
                    continue
                if n == 1 and one_value_checks is not None:    # the usual case: one value
                    value = values[0]
                    for check in one_value_checks:
                        if check(value, data) is not None:
                            break
                    else:
                        continue
                for what, value in failures(spec, values, data):
                    out.append(Result(data.text(f), path_str, self._message(prop, what), value))
        for sparql in self.g.objects(shape, "sparql"):
            out += self._sparql(shape, sparql, set(focus), data)
        return out

    def _spec(self, shape) -> "_Spec":
        spec = self._specs.get(shape)
        if spec is None:
            spec = self._specs[shape] = _Spec(self.g, shape)
        return spec

    def _failures(self, shape, focus, values: list, data: _Data) -> list[tuple[str, str]]:
        """(message, value) per failed constraint component (and per failing value node)."""
        return self._spec_failures(self._spec(shape), values, data)

    def _spec_failures(self, spec: "_Spec", values, data: _Data) -> list[tuple[str, str]]:
        """_failures with the shape's constraints already read. A list, not a generator:
        nearly always empty, and made once per focus node and property."""
        out = []
        if spec.min is not None or spec.max is not None:
            count = len(values) if len(values) < 2 else len(set(values))
            if spec.min is not None and count < spec.min:
                out.append((f"Less than {spec.min} values", ""))
            if spec.max is not None and count > spec.max:
                out.append((f"More than {spec.max} values", ""))
        if spec.per_value:
            checks, logical = spec.value_checks, spec.logical
            for v in values:
                for check in checks:
                    what = check(v, data)
                    if what is not None:
                        out.append((what, data.text(v)))
                if logical:
                    out.extend((what, data.text(v))
                               for what in self._logical_failures(spec, v, data))
        return out

    def _logical_failures(self, spec: "_Spec", v, data: _Data) -> Iterator[str]:
        for alternatives in spec.ors:
            if not any(self._conforms(s, v, data) for s in alternatives):
                yield "Value does not conform to any shape of sh:or"
        for parts in spec.ands:
            if not all(self._conforms(s, v, data) for s in parts):
                yield "Value does not conform to every shape of sh:and"
        for other in spec.nots:
            if self._conforms(other, v, data):
                yield "Value conforms to a shape of sh:not"
        for other in spec.nodes:
            if not self._conforms(other, v, data):
                yield "Value does not conform to sh:node"

    def _conforms(self, shape, focus, data: _Data) -> bool:
        if self.g.objects(shape, "sparql"):
            raise Unsupported("sh:sparql inside a logical constraint")
        if self._failures(shape, focus, [focus], data):
            return False
        for prop in self.g.objects(shape, "property"):
            path = self.g.one(prop, "path")
            if not isinstance(path, ox.NamedNode):
                raise Unsupported("complex path inside a logical constraint")
            if self._failures(prop, focus, data.values(focus, path), data):
                return False
        return True

    def _sparql(self, shape, constraint, focus: set, data: _Data) -> list[Result]:
        select = self.g.one(constraint, "select")
        if select is None:
            raise Unsupported("SPARQL constraints need sh:select")
        prefixes = []
        for source in self.g.objects(constraint, "prefixes"):
            for decl in self.g.objects(source, "declare"):
                prefixes.append(f"PREFIX {self.g.one(decl, 'prefix').value}: "
                                f"<{self.g.one(decl, 'namespace').value}>")
        query = "\n".join(prefixes) + "\n" + _not_exists_as_minus(select.value)
        query = query.replace("$this", "?this")
        message = self.g.one(constraint, "message") or self.g.one(shape, "message")
        large = len(data.triples) >= self.scope_above
        answer = plan(query) if large else None
        if answer is not None:          # answered over the subject index: no store to load
            rows: Iterable = answer.rows(data.index)
        else:
            solutions = data.store(predicates_used(query) if large else None).query(query)
            names = [v.value for v in solutions.variables]
            rows = ({name: row[name] for name in names if row[name] is not None}
                    for row in solutions)
        out = []
        for row in rows:                # the violations: nearly always none
            this = row.get("this")
            if this is None or data.code(this) not in focus:
                continue
            text = message.value if message is not None else "SPARQL constraint violated"
            text = re.sub(r"\{[?$](\w+)\}", lambda m: _term_str(row.get(m.group(1))), text)
            path = row.get("path") if "?path" in query else None
            out.append(Result(_term_str(this), path.value if path is not None else "", text))
        return out


class _Spec:
    """The constraint components of one shape, read once."""

    def __init__(self, g: _Shapes, shape) -> None:
        def number(name):
            value = g.one(shape, name)
            return int(value.value) if value is not None else None

        self.min, self.max = number("minCount"), number("maxCount")
        self.min_length, self.max_length = number("minLength"), number("maxLength")
        self.classes = g.objects(shape, "class")
        datatype = g.one(shape, "datatype")
        self.datatype = datatype.value if datatype is not None else None
        langs = g.one(shape, "languageIn")
        self.langs = [r.value.lower() for r in g.items(langs)] if langs is not None else None
        pattern, flags = g.one(shape, "pattern"), g.one(shape, "flags")
        self.regex = (_regex(pattern.value, flags.value if flags is not None else "")
                      if pattern is not None else None)
        allowed = g.one(shape, "in")
        self.allowed = set(g.items(allowed)) if allowed is not None else None
        kind = g.one(shape, "nodeKind")
        self.kind = kind.value[len(SH):] if kind is not None else None
        self.ors = [g.items(x) for x in g.objects(shape, "or")]
        self.ands = [g.items(x) for x in g.objects(shape, "and")]
        self.nots = g.objects(shape, "not")
        self.nodes = g.objects(shape, "node")
        self.value_checks = _value_checks(self)
        self.logical = bool(self.ors or self.ands or self.nots or self.nodes)
        self.per_value = bool(self.value_checks) or self.logical
        self.checks = self.per_value or self.min is not None or self.max is not None


_Check = Callable[[object, "_Data"], "str | None"]


def _value_checks(spec: _Spec) -> list[_Check]:
    """One function per value constraint the shape has, each returning its failure message
    or None: a value (a code, see _Data) is checked by only the constraints present, with
    nothing re-read. (Each function gets its constants as default arguments: closures would
    all see the last value of a shared local.)"""
    checks: list[_Check] = []
    for cls in spec.classes:
        checks.append(lambda v, data, cls=cls.value, m=f"Value does not have class {cls.value}":
                      None if data.is_a(v, cls) else m)
    if spec.datatype is not None:
        checks.append(lambda v, data, node=ox.NamedNode(spec.datatype), datatype=spec.datatype,
                      m=f"Value is not Literal with datatype {spec.datatype}":
                      None if isinstance(t := data.terms[v], ox.Literal) and t.datatype == node
                      and _well_formed(t.value, datatype) else m)
    if spec.langs is not None:
        checks.append(lambda v, data, langs=tuple(spec.langs):
                      None if _language_in(data.terms[v], langs)
                      else "Language not in the allowed list")
    if spec.min_length is not None:
        checks.append(lambda v, data, low=spec.min_length, m=f"minLength {spec.min_length} not met":
                      m if isinstance(t := data.terms[v], ox.BlankNode) or len(t.value) < low
                      else None)
    if spec.max_length is not None:
        checks.append(lambda v, data, high=spec.max_length, m=f"maxLength {spec.max_length} not met":
                      m if isinstance(t := data.terms[v], ox.BlankNode) or len(t.value) > high
                      else None)
    if spec.regex is not None:
        checks.append(lambda v, data, search=spec.regex.search,
                      m=f"Value does not match pattern {spec.regex.pattern!r}":
                      m if isinstance(t := data.terms[v], ox.BlankNode) or not search(t.value)
                      else None)
    if spec.allowed is not None:
        checks.append(lambda v, data, allowed=spec.allowed:
                      None if data.terms[v] in allowed else "Value is not in the allowed list")
    if spec.kind is not None:
        checks.append(lambda v, data, kind=spec.kind, m=f"Value is not of node kind {spec.kind}":
                      None if _node_kind(data.terms[v], kind) else m)
    return checks


def _language_in(v, langs: tuple[str, ...]) -> bool:
    lang = (v.language or "").lower() if isinstance(v, ox.Literal) else ""
    return bool(lang) and any(lang == r or lang.startswith(r + "-") for r in langs)


class _Data:
    """The data graph (and the ontology's triples) as codes, see edukg.rdf.coded_triples:
    indexed by subject, with lazily built inverse and type indexes. Nodes are codes
    throughout (a dict keyed by ints is built and read several times faster than one keyed
    by pyoxigraph terms); a constant of the shapes (a path, a class) is looked up with
    code(), a node's term is terms[node]."""

    def __init__(self, triples: Iterable[tuple], ntriples: bytes | None = None,
                 extra: list[tuple] = ()) -> None:
        self.terms, self.triples, _ = coded_triples(triples, extra)
        self._ntriples, self._extra = ntriples, extra    # the store's source, if given
        spo: dict = {}
        for s, p, o in self.triples:
            by_p = spo.get(s)
            if by_p is None:
                by_p = spo[s] = {}
            objects = by_p.get(p)
            if objects is None:
                by_p[p] = [o]
            else:                        # the triples are a set: no duplicate to check for
                objects.append(o)
        self.spo = spo
        self.index = TripleIndex(self.triples, spo, self.terms)
        self._inverse: dict = {}
        self._supers: dict = {}
        self._stores: dict[frozenset | None, ox.Store] = {}
        self._instances: dict | None = None
        self._classes: dict[str, int | None] = {}
        self.rdf_type = self.code(_TYPE)

    def code(self, term) -> int | None:
        """term's code, or None when the graph does not hold it."""
        return self.index.code(term)

    def node(self, term) -> int:
        """term's code, given one if the graph does not hold it (a target node may be
        absent from the graph, and is then a focus node with no value)."""
        code = self.index.code(term)
        if code is None:
            code = self.index.add(term)
            self.terms = self.index.terms
        return code

    def text(self, node: int) -> str:
        return _term_str(self.terms[node])

    def values(self, s: int, p) -> list[int]:
        return self.spo.get(s, {}).get(self.code(p), [])

    def inverse(self, o: int, p) -> list[int]:
        index = self._inverse.get(p)
        if index is None:
            index = self._inverse[p] = defaultdict(list)
            wanted = self.code(p)
            for subject, predicate, obj in self.triples:
                if predicate == wanted and subject not in index[obj]:
                    index[obj].append(subject)
        return index.get(o, [])

    def subjects_of(self, p) -> Iterator[int]:
        wanted = self.code(p)
        return (s for s, by_p in self.spo.items() if wanted in by_p)

    def objects_of(self, p) -> Iterator[int]:
        wanted = self.code(p)
        return (o for by_p in self.spo.values() for o in by_p.get(wanted, ()))

    def supers(self, cls: int) -> frozenset[int]:
        out = self._supers.get(cls)
        if out is None:
            seen, stack, sub_class_of = set(), [cls], self.code(_SUBCLASS)
            while stack:
                c = stack.pop()
                if c not in seen:
                    seen.add(c)
                    stack.extend(self.spo.get(c, {}).get(sub_class_of, ()))
            out = self._supers[cls] = frozenset(seen)
        return out

    def is_a(self, node: int, cls: str) -> bool:
        """Whether node is an instance of the class IRI cls (or of a subclass of it)."""
        wanted = self._classes.get(cls, False)
        if wanted is False:         # looked up by IRI text once: its hash is kept with it
            wanted = self._classes[cls] = self.code(ox.NamedNode(cls))
        if wanted is None:
            return False
        by_p = self.spo.get(node)
        types = by_p.get(self.rdf_type, ()) if by_p is not None else ()
        return any(wanted in self.supers(t) for t in types)

    def instances(self, cls) -> list[int]:
        if self._instances is None:
            self._instances = defaultdict(list)
            for s, by_p in self.spo.items():
                classes = set()
                for t in by_p.get(self.rdf_type, ()):
                    classes |= self.supers(t)
                for c in classes:
                    self._instances[c].append(s)
        return self._instances.get(self.code(cls), [])

    def store(self, scope: Scope | None = None) -> ox.Store:
        """The triples in Oxigraph: all of them, or those `scope` says a query can match."""
        key = None if scope is None else frozenset(scope.items())
        store = self._stores.get(key)
        if store is None:
            store = self._stores[key] = ox.Store()
            terms = self.terms
            if scope is not None:
                code = self.code
                wanted = {code(ox.NamedNode(p)): None if objects is None else
                          {code(ox.NamedNode(o)) for o in objects}
                          for p, objects in scope.items()}
                get, absent = wanted.get, False
                store.bulk_extend(ox.Quad(terms[s], terms[p], terms[o])
                                  for s, p, o in self.triples
                                  if (objects := get(p, absent)) is not absent
                                  and (objects is None or o in objects))
            elif self._ntriples is None:
                store.bulk_extend(ox.Quad(terms[s], terms[p], terms[o])
                                  for s, p, o in self.triples)
            else:   # parsed in Rust: no Quad object per triple (about twice as fast)
                store.bulk_load(self._ntriples, format=ox.RdfFormat.N_TRIPLES)
                store.bulk_extend(ox.Quad(s, p, o) for s, p, o in self._extra)
        return store


def _term_str(term) -> str:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value if term is not None else ""


_XSD = "http://www.w3.org/2001/XMLSchema#"
_LEXICAL = {    # lexical forms of the XSD types the shapes use (pyshacl rejects ill-formed ones)
    _XSD + "decimal": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    _XSD + "integer": re.compile(r"[+-]?\d+"),
    _XSD + "boolean": re.compile(r"true|false|1|0"),
    _XSD + "date": re.compile(r"-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-]\d\d:\d\d)?"),
    _XSD + "gYear": re.compile(r"-?\d{4,}(Z|[+-]\d\d:\d\d)?"),
}


def _well_formed(lexical: str, datatype: str) -> bool:
    pattern = _LEXICAL.get(datatype)
    return pattern is None or pattern.fullmatch(lexical) is not None


@lru_cache(maxsize=256)
def _regex(pattern: str, flags: str) -> re.Pattern:
    f = (re.I if "i" in flags else 0) | (re.S if "s" in flags else 0) | \
        (re.M if "m" in flags else 0) | (re.X if "x" in flags else 0)
    return re.compile(pattern, f)


def _node_kind(v, kind: str) -> bool:
    iri, blank, lit = (isinstance(v, ox.NamedNode), isinstance(v, ox.BlankNode),
                       isinstance(v, ox.Literal))
    return {"IRI": iri, "BlankNode": blank, "Literal": lit, "BlankNodeOrIRI": blank or iri,
            "BlankNodeOrLiteral": blank or lit, "IRIOrLiteral": iri or lit}.get(kind, False)


_NOT_EXISTS = re.compile(r"FILTER\s+NOT\s+EXISTS\s*\{([^{}]*)\}", re.IGNORECASE)
_VAR = re.compile(r"[?$](\w+)")
_NOT_PLAIN = re.compile(r"\b(FILTER|OPTIONAL|BIND|VALUES|GRAPH|SERVICE|MINUS|UNION)\b", re.I)


def _not_exists_as_minus(query: str) -> str:
    """FILTER NOT EXISTS { P } → MINUS { P } when P is plain triple patterns sharing a
    variable with the rest of the query: then both remove exactly the same rows."""
    def swap(m: re.Match) -> str:
        body = m.group(1)
        rest = query[:m.start()] + query[m.end():]
        shared = set(_VAR.findall(body)) & set(_VAR.findall(rest))
        if _NOT_PLAIN.search(body) or not shared:
            return m.group(0)
        return "MINUS {" + body + "}"
    return _NOT_EXISTS.sub(swap, query)
