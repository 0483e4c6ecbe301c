"""What the HTML view's facets, overview and drill-down read about each node.

The page filters by document, year, recognition kind and region subtree, and names each
search hit by its holder. Working these out in the browser would mean shipping every
``mentionedIn`` edge and walking the graph on each click; they are computed here once, as
small lists of node numbers per node, from the MultiDiGraph of ``html.graph_to_networkx``:

- ``dc``: the documents a node comes from (``mentionedIn``, its own evidence, the evidence of
  its relations);
- ``y``: its years (an outcome's own ``edu:year``, else the issue year of its documents; an
  entity's are those of its outcomes and of its documents);
- ``rk``: recognition kinds (``edu:recognitionKind``; an entity has those of its recognitions);
- ``rg``: the regions it sits in (a region itself, an institution's ``locatedIn``/``partOf``
  regions, or those of the institution or group it is part or a member of, a programme's implementers' regions, an outcome's holders' regions);
- ``up``: a region's parent regions (``partOf``), so the page can take a subtree;
- ``h``: who holds it, for the search list (a region's parent, an institution's region, a
  programme's implementers, an outcome's holders), best connected first;
- ``ov``: whether it is on the overview (regions down to prefecture level, and top regions).
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import networkx as nx

OVERVIEW_LEVELS = frozenset({"country", "province", "city"})
OVERVIEW_TYPES = frozenset({"Country", "Province", "City"})
HOLDERS_SHOWN = 3
ENTITY_KINDS = frozenset({"Region", "Program", "Institution", "Other"})
OUTCOME_KINDS = frozenset({"Measure", "Recognition", "Outcome"})


def _year(text: str | None) -> int | None:
    m = re.match(r"\s*(\d{4})", text or "")
    return int(m.group(1)) if m else None


def node_index(G: nx.MultiDiGraph, index: dict[str, int], degree: dict[str, int]
               ) -> dict[str, dict[str, Any]]:
    """Per node id: the lists above (only the non-empty ones), with nodes as their numbers
    in ``index``."""
    kind = {n: G.nodes[n]["kind"] for n in G}
    evidence = G.graph.get("evidence", {})
    docs: dict[str, set[str]] = defaultdict(set)
    out_edges: dict[str, list[tuple[str, str]]] = defaultdict(list)
    in_edges: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for u, v, rel, data in G.edges(keys=True, data=True):
        if rel == "mentionedIn":
            docs[u].add(v)
            continue
        out_edges[u].append((rel, v))
        in_edges[v].append((rel, u))
        for eid in data.get("evidence", ()):
            doc = evidence.get(eid, {}).get("document")
            if doc:
                docs[u].add(doc)
                docs[v].add(doc)
    for n in G:
        for eid in G.nodes[n]["evidence"]:
            doc = evidence.get(eid, {}).get("document")
            if doc:
                docs[n].add(doc)

    def issued(doc: str) -> int | None:
        return _year(G.nodes[doc]["fields"].get("issued")) if doc in G else None

    years: dict[str, set[int]] = defaultdict(set)
    kinds: dict[str, set[str]] = defaultdict(set)
    for n in G:
        if kind[n] not in OUTCOME_KINDS:
            continue
        own = _year(G.nodes[n]["fields"].get("year"))
        years[n] = {own} if own else {y for d in docs[n] if (y := issued(d))}
        rk = G.nodes[n]["fields"].get("recognitionKind")
        if rk:
            kinds[n].add(rk)
    for n in G:
        if kind[n] not in ENTITY_KINDS:
            continue
        years[n] |= {y for d in docs[n] if (y := issued(d))}
        for rel, o in out_edges[n]:
            if rel == "hasOutcome":
                years[n] |= years[o]
                kinds[n] |= kinds[o]

    def regions_of(n: str, rels: tuple[str, ...]) -> set[str]:
        return {o for rel, o in out_edges[n] if rel in rels and kind[o] == "Region"}

    up = {n: regions_of(n, ("partOf",)) for n in G if kind[n] == "Region"}
    anchors: dict[str, set[str]] = {n: {n} for n in up}
    for n in G:
        if kind[n] == "Institution":
            anchors[n] = regions_of(n, ("locatedIn", "partOf"))
    for n in G:
        if kind[n] == "Institution" and not anchors[n]:    # a school of a group of a region
            for rel, o in out_edges[n]:
                if rel in ("locatedIn", "partOf", "memberOf") and kind[o] == "Institution":
                    anchors[n] |= anchors.get(o, set())
    for n in G:
        if kind[n] == "Program":
            anchors[n] = set().union(*(anchors.get(s, set()) for rel, s in in_edges[n]
                                       if rel == "implements"))
    for n in G:
        if kind[n] in OUTCOME_KINDS:
            anchors[n] = set().union(*(anchors.get(s, set()) for rel, s in in_edges[n]
                                       if rel == "hasOutcome"))

    def holders(n: str) -> list[str]:
        k = kind[n]
        if k == "Region":
            found = up[n]
        elif k == "Institution":
            found = {o for rel, o in out_edges[n] if rel in ("locatedIn", "partOf")}
        elif k == "Program":
            found = {s for rel, s in in_edges[n] if rel == "implements"}
        elif k in OUTCOME_KINDS:
            found = {s for rel, s in in_edges[n] if rel == "hasOutcome"}
        else:
            found = set()
        return sorted(found, key=lambda x: (-degree.get(x, 0), index[x]))

    def nums(nodes: set[str] | list[str]) -> list[int]:
        return sorted(index[x] for x in nodes if x in index)

    out: dict[str, dict[str, Any]] = {}
    for n in G:
        if kind[n] == "Document":
            continue
        entry: dict[str, Any] = {}
        if docs[n]:
            entry["dc"] = nums(docs[n])
        if years[n]:
            entry["y"] = sorted(years[n])
        if kinds[n]:
            entry["rk"] = sorted(kinds[n])
        if anchors.get(n):
            entry["rg"] = nums(anchors[n])
        if up.get(n):
            entry["up"] = nums(up[n])
        hold = holders(n)
        if hold:
            entry["h"] = [index[x] for x in hold[:HOLDERS_SHOWN]]
            if len(hold) > HOLDERS_SHOWN:
                entry["hn"] = len(hold)
        if kind[n] == "Region" and (G.nodes[n]["fields"].get("level") in OVERVIEW_LEVELS
                                    or G.nodes[n]["type"] in OVERVIEW_TYPES or not up[n]):
            entry["ov"] = 1
        out[n] = entry
    return out
