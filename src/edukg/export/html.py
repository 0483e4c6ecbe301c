"""The interactive HTML view of the knowledge graph (``output/graph.html``).

The page is one self-contained file: vis-network (read from the installed pyvis package),
our own script, style and the graph data are all inlined, so it works from ``file://`` on a
machine without network. A Content-Security-Policy with script hashes forbids any network
load and any script we did not put there.

Pipeline: ``graph_to_networkx`` reads the entities and relations (with their evidence) out of
the rdflib graph; ``render_html`` turns that into vis-network node/edge options with a pyvis
``Network`` and renders ``data/view.html.j2``. The canvas draws entities (regions,
programmes, institutions) and their relations; measures and recognitions are tables in the
side panel (drawn as nodes only on request, for a small selection). Every node and relation
is in the page, with what the facets need per node (viewindex.py); the script decides what
to draw: every matching entity when there are at most ``max_nodes``, else the overview.

Escaping: every string from the documents reaches the page only (1) as JSON inside a
``<script type="application/json">`` block with ``<``, ``>``, ``&``, U+2028 and U+2029 written
as ``\\uXXXX`` escapes, so ``</script>`` cannot end the block, then (2) through ``textContent``
/ ``innerText`` in the browser (vis-network renders a string tooltip with ``innerText``), or
(3) through Jinja2 autoescaping (the page title). Nothing is ever assigned to ``innerHTML``.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import re
import time
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .chromium import chromium_command, dump_dom, find_chromium, screenshot

__all__ = [
    "EDU",
    "CLASS_STYLES",
    "RELATIONS",
    "graph_to_networkx",
    "render_html",
    "write_html",
    "find_chromium",
    "chromium_command",
    "dump_dom",
    "screenshot",
]

EDU = rdflib.Namespace("https://w3id.org/edukg/ontology#")

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
TEMPLATE_NAME = "view.html.j2"
ASSET_JS = "view.js"
ASSET_CSS = "view.css"

# ----------------------------------------------------------------------------- ontology

# The core classes of the view, in the order of the legend. Each node gets exactly one kind.
# "Other" is for the endpoint of a relation whose type is unknown.
CLASS_STYLES: dict[str, dict[str, Any]] = {
    "Region": {"zh": "行政区域", "color": "#4e79a7", "shape": "hexagon"},
    "Program": {"zh": "项目政策", "color": "#f28e2b", "shape": "diamond"},
    "Institution": {"zh": "机构", "color": "#59a14f", "shape": "square"},
    "Measure": {"zh": "量化指标", "color": "#e15759", "shape": "triangle"},
    "Recognition": {"zh": "荣誉认定", "color": "#d4a017", "shape": "star"},
    "Outcome": {"zh": "成效", "color": "#b07aa1", "shape": "triangleDown"},
    "Document": {"zh": "来源文档", "color": "#8c8c8c", "shape": "box", "hidden": True},
    "Other": {"zh": "其他", "color": "#bab0ac", "shape": "dot"},
}
KINDS = tuple(CLASS_STYLES)

# Every class the ontology declares, with its direct superclass (None for a core class) and
# its labels. Subclasses declared in the input graph (rdfs:subClassOf) are followed as well.
_CLASSES: dict[str, tuple[str | None, str, str]] = {
    "Region": (None, "行政区域", "Region"),
    "Country": ("Region", "国家", "Country"),
    "Province": ("Region", "省级行政区", "Province"),
    "City": ("Region", "地级行政区", "Prefecture-level city"),
    "County": ("Region", "县级行政区", "County-level division"),
    "Town": ("Region", "乡级行政区", "Town"),
    "Program": (None, "项目政策", "Program"),
    "PolicyDocument": ("Program", "政策文件", "Policy document"),
    "Project": ("Program", "工程项目", "Project"),
    "Reform": ("Program", "改革", "Reform"),
    "Pilot": ("Program", "试点", "Pilot"),
    "Platform": ("Program", "平台", "Platform"),
    "Campaign": ("Program", "行动", "Campaign"),
    "Institution": (None, "机构", "Institution"),
    "School": ("Institution", "学校", "School"),
    "University": ("Institution", "高等院校", "University"),
    "GovernmentBody": ("Institution", "政府机关", "Government body"),
    "Centre": ("Institution", "中心", "Centre"),
    "EducationGroup": ("Institution", "教育集团", "Education group"),
    "Newspaper": ("Institution", "报刊", "Newspaper"),
    "Outcome": (None, "成效", "Outcome"),
    "Measure": ("Outcome", "量化指标", "Measure"),
    "Recognition": ("Outcome", "荣誉认定", "Recognition"),
    "Document": (None, "来源文档", "Document"),
}

# When a node has types of several kinds, the first in this order wins.
_KIND_PRIORITY = ("Measure", "Recognition", "Outcome", "Region", "Institution", "Program", "Document")

RELATIONS: dict[str, dict[str, str]] = {
    "partOf": {"zh": "隶属于", "en": "part of", "color": "#4e79a7"},
    "locatedIn": {"zh": "位于", "en": "located in", "color": "#59a14f"},
    "implements": {"zh": "实施", "en": "implements", "color": "#f28e2b"},
    "hasOutcome": {"zh": "取得成效", "en": "has outcome", "color": "#e15759"},
    "conferredBy": {"zh": "授予机构", "en": "conferred by", "color": "#d4a017"},
    "memberOf": {"zh": "成员单位", "en": "member of", "color": "#76b7b2"},
    "leads": {"zh": "牵头学校", "en": "leads", "color": "#b07aa1"},
    "mentionedIn": {"zh": "提及于", "en": "mentioned in", "color": "#c8c8c8"},
}

_FIELD_LABELS = {
    "adminCode": "行政区划代码",
    "level": "行政级别",
    "indicator": "指标",
    "value": "数值",
    "unit": "单位",
    "unitLabel": "单位原文",
    "approximate": "约数",
    "year": "年份",
    "identifier": "文档编号",
    "title": "标题",
    "publisher": "发布者",
    "issued": "发布日期",
    "url": "原文链接",
    "recognitionKind": "荣誉类型",
}

LABEL_COLOR = "#1f2933"
SHORT_LABEL = 18          # characters of a name drawn on the canvas (full name in the panel)
EXPAND_LIMIT = 150        # neighbours drawn at once when a node is expanded
OUTCOME_LIMIT = 120       # outcomes drawn as nodes at once (the "outcomes as nodes" switch)
DIRECT_LIMIT = 500        # above this many matching entities the canvas shows the overview


def _local(iri: Any) -> str:
    s = str(iri)
    for sep in ("#", "/"):
        if sep in s:
            tail = s.rsplit(sep, 1)[1]
            if tail:
                return tail
    return s


def _node_id(term: Any) -> str:
    return term.n3() if isinstance(term, BNode) else str(term)


def _class_kinds(graph: rdflib.Graph) -> dict[Any, tuple[str, str]]:
    """Map every class term we can classify to (kind, class key)."""
    parents: dict[Any, set[Any]] = defaultdict(set)
    for name, (parent, _zh, _en) in _CLASSES.items():
        if parent:
            parents[EDU[name]].add(EDU[parent])
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sup, (URIRef, BNode)):
            parents[sub].add(sup)
    core = {EDU[k]: k for k in ("Region", "Program", "Institution", "Measure", "Recognition",
                                "Outcome", "Document")}

    @lru_cache(maxsize=None)
    def kinds_of(cls: Any) -> frozenset[str]:
        seen, stack, found = set(), [cls], set()
        while stack:
            c = stack.pop()
            if c in seen:
                continue
            seen.add(c)
            if c in core:
                found.add(core[c])
            stack.extend(parents.get(c, ()))
        return frozenset(found)

    out: dict[Any, tuple[str, str]] = {}
    candidates = set(parents) | set(core) | {EDU[n] for n in _CLASSES}
    candidates |= set(graph.objects(None, RDF.type))
    for cls in candidates:
        ks = kinds_of(cls)
        if not ks:
            continue
        if "Measure" in ks or "Recognition" in ks:
            ks = ks - {"Outcome"}
        kind = next(k for k in _KIND_PRIORITY if k in ks)
        out[cls] = (kind, _local(cls))
    return out


def _pick_label(graph: rdflib.Graph, node: Any) -> tuple[str | None, list[tuple[str, str]]]:
    """The display name (rdfs:label @zh-hans first) and the other names with their language."""
    labels = [o for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)]
    pref = [o for o in graph.objects(node, SKOS.prefLabel) if isinstance(o, Literal)]

    def rank(lit: Literal) -> tuple[int, str, str]:
        lang = (lit.language or "").lower()
        order = {"zh-hans": 0, "zh-cn": 1, "zh": 2, "": 3}.get(lang, 4 if lang.startswith("zh") else 5)
        return (order, str(lit), lang)      # a total order: the graph's own order may vary

    chosen = min(labels, key=rank) if labels else (min(pref, key=rank) if pref else None)
    others: list[tuple[str, str]] = []
    seen = {str(chosen)} if chosen is not None else set()
    alts = [o for o in graph.objects(node, SKOS.altLabel) if isinstance(o, Literal)]
    for lit in sorted(labels + pref, key=rank) + sorted(alts, key=rank):
        text = str(lit)
        if text in seen:
            continue
        seen.add(text)
        others.append((text, lit.language or ""))
    return (str(chosen) if chosen is not None else None), others


def _literal(graph: rdflib.Graph, node: Any, prop: Any) -> str | None:
    for o in graph.objects(node, prop):
        if isinstance(o, Literal):
            return str(o)
    return None


def _int_literal(graph: rdflib.Graph, node: Any, prop: Any) -> int | None:
    v = _literal(graph, node, prop)
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None


def graph_to_networkx(graph: rdflib.Graph) -> nx.MultiDiGraph:
    """Read the entities, relations and evidence of an edukg graph into a MultiDiGraph.

    Nodes are keyed by IRI (``_:id`` for blank nodes) and carry ``kind`` (one of
    ``CLASS_STYLES``), ``type`` (the most specific class, e.g. ``City``), ``type_zh``,
    ``label``, ``alt_labels`` ([(text, lang)]), ``fields`` ({name: text}: adminCode, level,
    indicator, value, unit, approximate, year, identifier, title, publisher, issued) and
    ``evidence`` (evidence ids, for outcomes). Edges are keyed by relation name
    (``partOf``, ``locatedIn``, ``implements``, ``hasOutcome``, ``conferredBy``,
    ``mentionedIn``) and carry ``relation`` and ``evidence``. ``G.graph["evidence"]`` maps an
    evidence id to {sentence, document (node id or None), start, end}.
    """
    G = nx.MultiDiGraph()
    classes = _class_kinds(graph)

    # -- entities, by rdf:type through the ontology classes (and declared subclasses)
    typed: dict[Any, list[tuple[str, str, Any]]] = defaultdict(list)
    for s, cls in graph.subject_objects(RDF.type):
        hit = classes.get(cls)
        if hit is not None and isinstance(s, (URIRef, BNode)):
            typed[s].append((hit[0], hit[1], cls))

    class_labels: dict[Any, str] = {}
    for cls in {c for v in typed.values() for *_x, c in v}:
        zh = None
        for o in graph.objects(cls, RDFS.label):
            if isinstance(o, Literal) and (o.language or "").lower().startswith("zh"):
                zh = str(o)
                break
        class_labels[cls] = zh or _CLASSES.get(_local(cls), (None, _local(cls), ""))[1]

    def most_specific(entries: list[tuple[str, str, Any]], kind: str) -> tuple[str, Any]:
        same = [e for e in entries if e[0] == kind]
        # prefer a class that is not the core class itself; then by name for determinism
        same.sort(key=lambda e: (e[1] == kind, e[1]))
        return same[0][1], same[0][2]

    for s, entries in typed.items():
        kinds = {e[0] for e in entries}
        kind = next(k for k in _KIND_PRIORITY if k in kinds)
        type_key, cls = most_specific(entries, kind)
        _add_entity(G, graph, s, kind, type_key, class_labels.get(cls, type_key))

    # -- evidence records
    evidence: dict[str, dict[str, Any]] = {}
    ev_terms: set[Any] = set(graph.subjects(RDF.type, EDU.Evidence))
    ev_terms |= set(graph.subjects(EDU.sentence, None))
    ev_terms |= set(graph.objects(None, EDU.evidence))
    by_statement: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for ev in ev_terms:
        if isinstance(ev, Literal):
            continue
        eid = _node_id(ev)
        doc = next(iter(graph.objects(ev, EDU.document)), None)
        doc_id = _node_id(doc) if doc is not None and not isinstance(doc, Literal) else None
        if doc_id is not None and doc_id not in G:
            _add_entity(G, graph, doc, "Document", "Document", "来源文档")
        evidence[eid] = {
            "sentence": _literal(graph, ev, EDU.sentence) or "",
            "document": doc_id,
            "start": _int_literal(graph, ev, EDU.startOffset),
            "end": _int_literal(graph, ev, EDU.endOffset),
        }
        s = next(iter(graph.objects(ev, RDF.subject)), None)
        p = next(iter(graph.objects(ev, RDF.predicate)), None)
        o = next(iter(graph.objects(ev, RDF.object)), None)
        if s is not None and p is not None and o is not None and str(p).startswith(str(EDU)):
            by_statement[(_node_id(s), _local(p), _node_id(o))].append(eid)
    G.graph["evidence"] = evidence

    for outcome, ev in graph.subject_objects(EDU.evidence):
        oid = _node_id(outcome)
        if oid in G and _node_id(ev) in evidence:
            G.nodes[oid]["evidence"].append(_node_id(ev))

    # -- relations
    for rel in RELATIONS:
        for s, o in graph.subject_objects(EDU[rel]):
            if isinstance(s, Literal) or isinstance(o, Literal):
                continue
            sid, oid = _node_id(s), _node_id(o)
            for term, tid in ((s, sid), (o, oid)):
                if tid not in G:
                    kind = "Document" if rel == "mentionedIn" and term is o else "Other"
                    _add_entity(G, graph, term, kind, kind, CLASS_STYLES[kind]["zh"])
            G.add_edge(sid, oid, key=rel, relation=rel,
                       evidence=sorted(by_statement.get((sid, rel, oid), [])))

    for attrs in G.nodes.values():
        attrs["evidence"] = sorted(set(attrs["evidence"]))
    return G


def _add_entity(G: nx.MultiDiGraph, graph: rdflib.Graph, term: Any, kind: str, type_key: str,
                type_zh: str) -> None:
    label, alts = _pick_label(graph, term)
    fields: dict[str, str] = {}
    for name in ("adminCode", "level", "indicator", "value", "unit", "unitLabel", "approximate", "year"):
        v = _literal(graph, term, EDU[name])
        if v is not None:
            fields[name] = v
    if kind == "Recognition":
        rk = _recognition_kind(graph, term)
        if rk:
            fields["recognitionKind"] = rk
    if kind == "Document":
        for name, prop in (("identifier", DCTERMS.identifier), ("title", DCTERMS.title),
                           ("publisher", DCTERMS.publisher), ("issued", DCTERMS.issued)):
            v = _literal(graph, term, prop)
            if v is not None:
                fields[name] = v
        page = next((str(o) for o in graph.objects(term, DCTERMS.source) if isinstance(o, URIRef)), None)
        if page and page.startswith(("http://", "https://")):
            fields["url"] = page               # the view links it
    if not label:
        if kind == "Document":
            label = fields.get("title") or fields.get("identifier")
        elif kind == "Measure":
            parts = [fields.get("indicator", ""), fields.get("value", ""),
                     fields.get("unitLabel") or fields.get("unit", "")]
            label = " ".join(p for p in parts if p) or None
    if not label:
        label = _local(term)
    G.add_node(_node_id(term), iri=_node_id(term), kind=kind, type=type_key, type_zh=type_zh,
               label=label, alt_labels=alts, fields=fields, evidence=[])


def _recognition_kind(graph: rdflib.Graph, term: Any) -> str | None:
    """``edu:recognitionKind`` as text: a literal as it is, a concept by its label (or the
    end of its IRI). Graphs without it are fine: the page then has no kind facet."""
    for o in graph.objects(term, EDU.recognitionKind):
        if isinstance(o, Literal):
            return str(o)
        label, _alts = _pick_label(graph, o)
        return label or _local(o)
    return None


# ------------------------------------------------------------------------------- render

def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _script_json(obj: Any) -> str:
    """JSON that is safe inside a <script> element: no <, >, & or line separators appear raw."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    s = (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
          .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    # lone surrogates cannot be written as UTF-8
    return s.encode("utf-8", "replace").decode("utf-8")


@lru_cache(maxsize=None)
def _vis_js() -> str:
    """vis-network's standalone build, as shipped inside the pyvis package."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib"
    candidates = sorted(lib.glob("vis-*/vis-network.min.js"),
                        key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.parent.name)))
    if not candidates:
        raise FileNotFoundError(f"vis-network.min.js not found under {lib}")
    js = candidates[-1].read_text(encoding="utf-8")
    return _inline_safe(js, candidates[-1].name)


def _inline_safe(js: str, name: str) -> str:
    if re.search(r"</script", js, re.IGNORECASE) or "<!--" in js:
        raise ValueError(f"{name} cannot be inlined in a <script> element")
    return js


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return _inline_safe(text, name) if name.endswith(".js") else text


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _degree(G: nx.MultiDiGraph, skip: tuple[str, ...] = ("mentionedIn",)) -> dict[str, int]:
    deg: dict[str, int] = defaultdict(int)
    for u, v, k in G.edges(keys=True):
        if k in skip:
            continue
        deg[u] += 1
        deg[v] += 1
    return deg


def _search_keys(label: str, alts: list[tuple[str, str]], fields: dict[str, str]) -> str:
    """Everything a search may match, lower-cased, one per line: names in both scripts, the
    admin code, a document's identifier."""
    keys = [label] + [t for t, _lang in alts]
    conv = _opencc()
    if conv is not None:
        for text in list(keys):
            keys.extend(c.convert(text) for c in conv)
    keys += [fields[f] for f in ("adminCode", "identifier") if f in fields]
    seen: dict[str, None] = {}
    for k in keys:
        k = " ".join(k.split()).lower()
        if k:
            seen.setdefault(k, None)
    return "\n".join(seen)


@lru_cache(maxsize=None)
def _opencc() -> tuple[Any, ...] | None:
    """Simplified↔Traditional converters, so a search in either script finds a name even when
    the graph holds no @zh-hant altLabel for it. Optional: without OpenCC only labels match."""
    try:
        import opencc
    except ImportError:
        return None
    try:
        return (opencc.OpenCC("s2t"), opencc.OpenCC("t2s"))
    except Exception:  # noqa: BLE001 - a broken OpenCC install must not break the view
        return None


def _vis_options(n_visible: int) -> dict[str, Any]:
    small = n_visible <= 300
    # enough to settle the first view; the overview is shallow trees, which settle quickly
    iterations = 300 if n_visible <= 100 else 200 if n_visible <= 300 else 120
    return {
        "autoResize": True,
        "nodes": {
            "borderWidth": 1.5,
            "font": {"size": 14, "color": LABEL_COLOR, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 6}},
        },
        "edges": {
            "width": 1,
            "selectionWidth": 2,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {"size": 10, "color": "#555555", "strokeWidth": 3, "strokeColor": "#ffffff",
                     "align": "middle"},
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3} if small
            else {"enabled": False},
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.008,
                                 "springLength": 110, "springConstant": 0.06, "damping": 0.55,
                                 "avoidOverlap": 0.3},
            "maxVelocity": 60,
            "minVelocity": 1.0,
            "timestep": 0.4,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25,
                              "fit": True},
        },
        "layout": {"randomSeed": 7, "improvedLayout": n_visible <= 150},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": not small,
                        "hideEdgesOnZoom": not small, "navigationButtons": False,
                        "keyboard": False, "multiselect": False},
    }


class _IdList(list):
    """pyvis keeps node ids in a list and tests membership on every add_node/add_edge, which
    is quadratic; this list answers ``in`` from a set."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[Any] = set()

    def append(self, item: Any) -> None:  # type: ignore[override]
        super().append(item)
        self._members.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def _build(G: nx.MultiDiGraph, max_nodes: int) -> dict[str, Any]:
    """The data block of the page: vis options built with pyvis, plus what the panel, the
    facets and the overview read (see viewindex.py)."""
    from pyvis.network import Network

    from .viewindex import ENTITY_KINDS, node_index

    deg = _degree(G)
    drawn_deg = _degree(G, skip=("mentionedIn", "hasOutcome"))
    order = sorted(G.nodes, key=lambda n: (KINDS.index(G.nodes[n]["kind"]), G.nodes[n]["label"], n))
    index = {n: i for i, n in enumerate(order)}
    facets = node_index(G, index, deg)

    # evidence and documents, numbered
    evidence = G.graph.get("evidence", {})
    ev_used: dict[str, int] = {}
    ev_rows: list[list[Any]] = []

    def ev_index(eid: str) -> int:
        if eid not in ev_used:
            ev = evidence[eid]
            doc = ev["document"]
            ev_used[eid] = len(ev_rows)
            ev_rows.append([ev["sentence"], index.get(doc, -1) if doc else -1,
                            ev["start"], ev["end"]])
        return ev_used[eid]

    net = Network(directed=True, cdn_resources="in_line")
    net.node_ids = _IdList()
    meta: list[dict[str, Any]] = []
    for n in order:
        a = G.nodes[n]
        style = CLASS_STYLES[a["kind"]]
        d = drawn_deg.get(n, 0)
        size = round(10 + 6 * math.log2(1 + d), 1)
        own_ev = [ev_index(e) for e in a["evidence"] if e in evidence]
        # Tooltips are built in the page from the panel data (one copy of each string).
        opts: dict[str, Any] = {"size": min(size, 48)}
        if a["kind"] == "Document":
            opts["font"] = {"size": 12, "color": "#ffffff", "strokeWidth": 0}
        elif d >= 5:
            # hubs get bigger labels, so they stay readable when the whole graph is in view
            opts["font"] = {"size": min(40, round(14 + 4 * math.log2(1 + d)))}
        name = a["label"]
        indicator = a["fields"].get("indicator")
        if a["kind"] == "Measure" and indicator and indicator not in name:
            name = f"{indicator} {name}"     # "12个" alone says little: "新建学校 12个"
        net.add_node(index[n], label=_short(name, SHORT_LABEL), shape=style["shape"],
                     color=style["color"], **opts)
        m: dict[str, Any] = {"k": a["kind"], "t": a["type"], "tz": a["type_zh"], "l": name,
                             "iri": a["iri"], "d": deg.get(n, 0)}
        if a["kind"] in ENTITY_KINDS or a["kind"] == "Document":
            m["s"] = _search_keys(a["label"], a["alt_labels"], a["fields"])
        if a["alt_labels"]:
            m["a"] = [[t, lang] for t, lang in a["alt_labels"]]
        if a["fields"]:
            m["f"] = [[_FIELD_LABELS.get(k, k), v] for k, v in a["fields"].items()]
            if a["kind"] in ("Measure", "Recognition", "Outcome"):
                m["o"] = {k: a["fields"][k] for k in ("value", "unit", "indicator", "year",
                                                      "approximate", "recognitionKind")
                          if k in a["fields"]}
        if own_ev:
            m["e"] = own_ev
        m.update(facets.get(n, {}))
        meta.append(m)

    emeta: list[dict[str, Any]] = []
    drawn_edges = [e for e in G.edges(keys=True, data=True) if e[2] != "mentionedIn"]
    for i, (u, v, rel, data) in enumerate(sorted(drawn_edges,
                                                 key=lambda e: (index[e[0]], index[e[1]], e[2]))):
        r = RELATIONS[rel]
        ev_ids = [e for e in data.get("evidence", []) if e in evidence]
        net.add_edge(index[u], index[v], id=i, label=r["zh"], color=r["color"])
        em: dict[str, Any] = {"r": rel}
        if ev_ids:
            em["e"] = [ev_index(e) for e in ev_ids]
        emeta.append(em)

    entities = sum(1 for m in meta if m["k"] in ENTITY_KINDS)
    overview = entities > max_nodes
    first = sum(1 for m in meta if m.get("ov")) if overview else entities
    net.options = _vis_options(first)
    nodes, edges, _heading, _height, _width, options_json = net.get_network_data()

    counts: dict[str, int] = defaultdict(int)
    for m in meta:
        counts[m["k"]] += 1
    classes = [{"key": k, "zh": s["zh"], "color": s["color"], "shape": s["shape"],
                "count": counts.get(k, 0)}
               for k, s in CLASS_STYLES.items()
               if k != "Document" and (counts.get(k) or k in
                                       ("Region", "Program", "Institution", "Measure", "Recognition"))]
    return {
        "nodes": nodes,
        "edges": edges,
        "meta": meta,
        "emeta": emeta,
        "evidence": ev_rows,
        "options": json.loads(options_json),
        "classes": classes,
        "relations": {k: {"zh": v["zh"], "en": v["en"], "color": v["color"]}
                      for k, v in RELATIONS.items() if k != "mentionedIn"},
        "view": {"entities": entities, "directLimit": max_nodes, "overview": overview,
                 "first": first, "expandLimit": EXPAND_LIMIT, "outcomeLimit": OUTCOME_LIMIT},
        "labelColor": LABEL_COLOR,
    }


@lru_cache(maxsize=None)
def _template():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(DATA_DIR)),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True)
    return env.get_template(TEMPLATE_NAME)


def render_html(graph: rdflib.Graph | nx.MultiDiGraph, *, max_nodes: int = DIRECT_LIMIT,
                title: str = "edukg", csp: bool = True) -> str:
    """The self-contained interactive page for ``graph`` (an rdflib graph, or the output of
    ``graph_to_networkx``). Up to ``max_nodes`` entities (regions, programmes, institutions)
    matching the filters are drawn one by one; above that the canvas shows the overview
    (regions down to prefecture level, with counts), to drill down from.

    ``csp=False`` leaves out the Content-Security-Policy; only tests use it, to check that the
    escaping alone keeps hostile strings inert."""
    import jinja2

    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    G = graph if isinstance(graph, nx.MultiDiGraph) else graph_to_networkx(graph)
    data = _build(G, max_nodes)
    title = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", str(title)) or "edukg"
    data["title"] = title
    data_json = _script_json(data)
    vis_js = _vis_js()
    app_js = _asset(ASSET_JS)
    policy = ("default-src 'none'; "
              f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
              "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
              "connect-src 'none'; base-uri 'none'; form-action 'none'")
    page = _template().render(
        title=title,
        csp=policy if csp else None,
        css=jinja2.utils.markupsafe.Markup(_asset(ASSET_CSS)),
        vis_js=jinja2.utils.markupsafe.Markup(vis_js),
        app_js=jinja2.utils.markupsafe.Markup(app_js),
        data_json=jinja2.utils.markupsafe.Markup(data_json),
        n_nodes=len(data["meta"]),
        n_edges=len(data["emeta"]),
    )
    return page


def write_html(graph: rdflib.Graph | nx.MultiDiGraph, path: str | os.PathLike[str], *,
               max_nodes: int = DIRECT_LIMIT, title: str = "edukg") -> Path:
    """Render and write atomically (a temp file in the same directory, then os.replace)."""
    from ..atomic import write_atomic

    return write_atomic(Path(path), render_html(graph, max_nodes=max_nodes, title=title))


def main(argv: list[str] | None = None) -> int:
    """``python -m edukg.export.html GRAPH.ttl [OUT.html] [--png OUT.png] [--max-nodes N]``"""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m edukg.export.html", description=main.__doc__)
    ap.add_argument("graph", help="an RDF file (Turtle, N-Triples, …)")
    ap.add_argument("out", nargs="?", default="output/graph.html")
    ap.add_argument("--png", help="also save a screenshot (needs chromium)")
    ap.add_argument("--max-nodes", type=int, default=DIRECT_LIMIT)
    ap.add_argument("--title", default="edukg")
    args = ap.parse_args(argv)
    g = rdflib.Graph()
    g.parse(args.graph)
    t0 = time.perf_counter()
    out = write_html(g, args.out, max_nodes=args.max_nodes, title=args.title)
    print(f"wrote {out} ({out.stat().st_size:,} bytes) in {time.perf_counter() - t0:.2f}s")
    if args.png:
        print(f"wrote {screenshot(out, args.png)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
