/* edukg interactive view. Every string that comes from the documents is put into the page
   with textContent (or handed to vis-network as a plain string, which it shows with
   innerText); nothing here assigns innerHTML.

   The page keeps one state (selected node, search, filters, expanded / hidden / pinned
   nodes, the outcomes switch, the table) and writes it to the URL hash on every change;
   render() works out what the canvas should hold from that state and changes the vis
   data sets by the difference. */
(function () {
  "use strict";

  var statusEl = document.getElementById("edukg-status");
  function mark(key, value) { statusEl.setAttribute("data-" + key, String(value)); }
  function fail(message) {
    mark("error", message);
    statusEl.textContent = "错误 error: " + message;
  }

  var D;
  try {
    D = JSON.parse(document.getElementById("edukg-data").textContent);
  } catch (e) {
    fail("cannot read graph data: " + e.message);
    return;
  }
  if (typeof vis === "undefined" || !vis.Network) {
    fail("vis-network did not load");
    return;
  }

  mark("t-data", Math.round(performance.now()));
  var N = D.meta.length, V = D.view;
  var meta = D.meta, emeta = D.emeta, visNodes = D.nodes, visEdges = D.edges;
  var CLASS = {};
  D.classes.forEach(function (c) { CLASS[c.key] = c; });
  var ENTITY = { Region: 1, Program: 1, Institution: 1, Other: 1 };
  var OUTCOME = { Measure: 1, Recognition: 1, Outcome: 1 };
  var REL_KEYS = Object.keys(D.relations);
  var DIM_NODE = { background: "#e4e6e8", border: "#d0d3d6",
                   highlight: { background: "#e4e6e8", border: "#999" },
                   hover: { background: "#e4e6e8", border: "#999" } };
  var DIM_EDGE = { color: "#e6e7e8", highlight: "#e6e7e8", hover: "#e6e7e8", inherit: false };
  var NO_EDGE_LABEL = { color: "rgba(0,0,0,0)", strokeWidth: 0 };
  var EDGE_LABEL = { color: "#333333", strokeWidth: 3, strokeColor: "#ffffff" };

  // ------------------------------------------------------------------ helpers (DOM only)
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") node.textContent = attrs[k];
        else if (k === "className") node.className = attrs[k];
        else node.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function swatch(cls) {
    var s = el("span", { className: "swatch " + cls.shape });
    s.style.background = cls.color;
    return s;
  }
  function button(text, title, onClick, className) {
    var b = el("button", { type: "button", text: text, title: title || text, className: className || "" });
    b.addEventListener("click", onClick);
    return b;
  }
  function fmtInt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function shorten(text, n) {
    text = String(text).replace(/\s+/g, " ");
    return text.length <= n ? text : text.slice(0, n - 1) + "\u2026";
  }
  function copy(src) {
    var item = {};
    Object.keys(src).forEach(function (k) { item[k] = src[k]; });
    return item;
  }
  function isEntity(i) { return ENTITY[meta[i].k] === 1; }
  function isOutcome(i) { return OUTCOME[meta[i].k] === 1; }
  function docName(i) {
    var ident = (meta[i].f || []).filter(function (f) { return f[0] === "文档编号"; })[0];
    return ident && ident[1] !== meta[i].l ? meta[i].l + " (" + ident[1] + ")" : meta[i].l;
  }

  // ---------------------------------------------------------------------- indexes
  var adj = new Array(N), kids = new Array(N);
  var byIri = new Map(), DOCS = [], yearSet = {}, kindSet = {};
  for (var i = 0; i < N; i++) { adj[i] = []; kids[i] = []; }
  visEdges.forEach(function (e, k) { adj[e.from].push(k); adj[e.to].push(k); });
  meta.forEach(function (m, n) {
    byIri.set(m.iri, n);
    if (m.k === "Document") DOCS.push(n);
    (m.up || []).forEach(function (p) { kids[p].push(n); });
    if (ENTITY[m.k] || OUTCOME[m.k]) {
      (m.y || []).forEach(function (y) { yearSet[y] = 1; });
      (m.rk || []).forEach(function (k) { kindSet[k] = 1; });
    }
  });
  var YEARS = Object.keys(yearSet).map(Number).sort(function (a, b) { return b - a; });
  var KINDS = Object.keys(kindSet).sort();
  function neighbour(k, id) { var e = visEdges[k]; return e.from === id ? e.to : e.from; }
  function outcomesOf(id) {
    var out = [];
    adj[id].forEach(function (k) {
      if (emeta[k].r === "hasOutcome" && visEdges[k].from === id) out.push(visEdges[k].to);
    });
    return out;
  }
  // the overview regions above each region (itself included), for the counts on the overview
  var ovAbove = new Array(N);
  function overviewAbove(r, seen) {
    if (ovAbove[r]) return ovAbove[r];
    if (seen[r]) return [];
    seen[r] = 1;
    var found = meta[r].ov ? [r] : [];
    (meta[r].up || []).forEach(function (p) {
      overviewAbove(p, seen).forEach(function (x) { if (found.indexOf(x) < 0) found.push(x); });
    });
    ovAbove[r] = found;
    return found;
  }

  // ------------------------------------------------------------------------- state
  function freshState() {
    var s = { node: -1, q: "", cls: {}, rels: {}, docs: new Set(), years: new Set(),
              kinds: new Set(), within: -1, open: [], hide: new Set(), pin: new Set(),
              outcomes: false, table: "" };
    D.classes.forEach(function (c) { s.cls[c.key] = true; });
    REL_KEYS.forEach(function (r) { s.rels[r] = true; });
    return s;
  }
  var S = freshState();

  function enc(v) { return encodeURIComponent(String(v)); }
  function iris(list) { return list.map(function (n) { return enc(meta[n].iri); }).join(","); }
  function toHash() {
    var p = [];
    if (S.node >= 0) p.push("node=" + enc(meta[S.node].iri));
    if (S.q) p.push("q=" + enc(S.q));
    var cls = D.classes.filter(function (c) { return S.cls[c.key]; }).map(function (c) { return c.key; });
    if (cls.length !== D.classes.length) p.push("class=" + cls.join(","));
    var rels = REL_KEYS.filter(function (r) { return S.rels[r]; });
    if (rels.length !== REL_KEYS.length) p.push("rel=" + rels.join(","));
    if (S.docs.size) p.push("doc=" + iris(Array.from(S.docs)));
    if (S.years.size) p.push("year=" + Array.from(S.years).sort().join(","));
    if (S.kinds.size) p.push("kind=" + Array.from(S.kinds).map(enc).join(","));
    if (S.within >= 0) p.push("within=" + enc(meta[S.within].iri));
    if (S.open.length) p.push("open=" + iris(S.open));
    if (S.hide.size) p.push("hide=" + iris(Array.from(S.hide)));
    if (S.pin.size) p.push("pin=" + iris(Array.from(S.pin)));
    if (S.outcomes) p.push("outcomes=1");
    if (S.table) p.push("table=" + S.table);
    return p.join("&");
  }
  function lookup(val) {
    if (/^\d+$/.test(val) && +val < N) return +val;      // a node number also works
    return byIri.has(val) ? byIri.get(val) : -1;
  }
  function fromHash(hash) {
    var s = freshState();
    hash.replace(/^#/, "").split("&").forEach(function (part) {
      if (!part) return;
      var eq = part.indexOf("="), key = eq < 0 ? part : part.slice(0, eq);
      var raw = eq < 0 ? "" : part.slice(eq + 1), vals = [];
      try {
        vals = raw.split(",").map(function (v) { return decodeURIComponent(v); })
                  .filter(function (v) { return v !== ""; });
      } catch (e) { return; }
      var nodes = vals.map(lookup).filter(function (n) { return n >= 0; });
      if (key === "node") s.node = nodes.length ? nodes[0] : -1;
      else if (key === "q") { try { s.q = decodeURIComponent(raw); } catch (e) { s.q = ""; } }
      else if (key === "class") D.classes.forEach(function (c) { s.cls[c.key] = vals.indexOf(c.key) >= 0; });
      else if (key === "rel") REL_KEYS.forEach(function (r) { s.rels[r] = vals.indexOf(r) >= 0; });
      else if (key === "doc") nodes.forEach(function (n) { if (meta[n].k === "Document") s.docs.add(n); });
      else if (key === "year") vals.forEach(function (v) { if (/^\d{4}$/.test(v)) s.years.add(+v); });
      else if (key === "kind") vals.forEach(function (v) { s.kinds.add(v); });
      else if (key === "within") s.within = nodes.length && meta[nodes[0]].k === "Region" ? nodes[0] : -1;
      else if (key === "open") s.open = nodes;
      else if (key === "hide") nodes.forEach(function (n) { s.hide.add(n); });
      else if (key === "pin") nodes.forEach(function (n) { s.pin.add(n); });
      else if (key === "outcomes") s.outcomes = vals[0] === "1";
      else if (key === "table") s.table = vals[0] === "sel" || vals[0] === "screen" ? vals[0] : "";
    });
    return s;
  }
  var currentHash = "", pushes = 0;
  /* Write the state to the URL: a new history entry for a click (so back works), the same
     entry while typing a search. */
  function commit(push) {
    var h = toHash();
    if (h !== currentHash) {
      var url = h ? "#" + h : location.pathname + location.search;
      try {
        if (push) { history.pushState(null, "", url); pushes++; }
        else history.replaceState(null, "", url);
      } catch (e) { location.hash = h; }
      currentHash = h;
    }
    document.getElementById("btn-back").disabled = pushes === 0;
    mark("hash", h);
  }
  /* Every user action: change the state, redraw, write the URL. */
  function act(change, push) {
    change();
    update();
    commit(push !== false);
  }

  // ------------------------------------------------------------------------ filters
  var inWithin = new Uint8Array(N);
  function computeWithin() {
    inWithin.fill(0);
    if (S.within < 0) return;
    var stack = [S.within];
    while (stack.length) {
      var r = stack.pop();
      if (inWithin[r]) continue;
      inWithin[r] = 1;
      kids[r].forEach(function (c) { stack.push(c); });
    }
  }
  function anyIn(list, set) {
    if (!set.size) return true;
    if (!list) return false;
    for (var j = 0; j < list.length; j++) if (set.has(list[j])) return true;
    return false;
  }
  function okDoc(m) { return anyIn(m.dc, S.docs); }
  function okYear(m) { return anyIn(m.y, S.years); }
  function okKind(m) { return anyIn(m.rk, S.kinds); }
  function okWithin(m) {
    if (S.within < 0) return true;
    var rg = m.rg || [];
    for (var j = 0; j < rg.length; j++) if (inWithin[rg[j]]) return true;
    return false;
  }

  var match = new Uint8Array(N), matchedEntities = 0;
  var F = { cls: {}, docs: {}, years: {}, kinds: {}, rels: {}, ov: new Int32Array(N) };
  /* Which nodes pass every filter, and for each facet value how many entities would pass
     with that value (the other facets applied): the counts beside each choice. */
  function filter() {
    computeWithin();
    F = { cls: {}, docs: {}, years: {}, kinds: {}, rels: {}, ov: new Int32Array(N) };
    matchedEntities = 0;
    var stamp = new Int32Array(N).fill(-1);
    for (var n = 0; n < N; n++) {
      var m = meta[n];
      match[n] = 0;
      if (m.k === "Document") continue;
      var c = S.cls[m.k] !== false, d = okDoc(m), y = okYear(m), k = okKind(m), w = okWithin(m);
      if (d && y && k && w) F.cls[m.k] = (F.cls[m.k] || 0) + 1;
      if (!ENTITY[m.k]) { match[n] = c && d && y && k && w ? 1 : 0; continue; }
      if (c && y && k && w) (m.dc || []).forEach(function (x) { F.docs[x] = (F.docs[x] || 0) + 1; });
      if (c && d && k && w) (m.y || []).forEach(function (x) { F.years[x] = (F.years[x] || 0) + 1; });
      if (c && d && y && w) (m.rk || []).forEach(function (x) { F.kinds[x] = (F.kinds[x] || 0) + 1; });
      if (c && d && y && k && w) {
        match[n] = 1;
        matchedEntities++;
        (m.rg || []).forEach(function (r) {
          overviewAbove(r, {}).forEach(function (o) {
            if (stamp[o] !== n && o !== n) { stamp[o] = n; F.ov[o]++; }
          });
        });
      }
    }
    visEdges.forEach(function (e, k) {
      if (match[e.from] && match[e.to]) {
        F.rels[emeta[k].r] = (F.rels[emeta[k].r] || 0) + 1;
      }
    });
  }

  // ---------------------------------------------------------------- what to draw
  var mode = "direct", capped = [];
  function byDegree(a, b) { return meta[b].d - meta[a].d || a - b; }
  function wanted() {
    var want = new Uint8Array(N), list = [];
    function add(n) { if (!want[n] && !S.hide.has(n)) { want[n] = 1; list.push(n); } }
    mode = matchedEntities <= V.directLimit ? "direct" : "overview";
    for (var n = 0; n < N; n++) {
      if (!match[n] || !isEntity(n)) continue;
      if (mode === "direct" || (meta[n].ov && (F.ov[n] > 0 || meta[n].k === "Region"))) add(n);
    }
    capped = [];
    S.open.forEach(function (x) {
      add(x);
      var next = [];
      adj[x].forEach(function (k) {
        var o = neighbour(k, x);
        if (emeta[k].r !== "hasOutcome" && match[o] && !want[o] && next.indexOf(o) < 0) next.push(o);
      });
      next.sort(byDegree);
      if (next.length > V.expandLimit) capped.push([x, next.length]);
      next.slice(0, V.expandLimit).forEach(add);
    });
    if (S.outcomes) {
      var budget = V.outcomeLimit;
      [S.node].concat(S.open).forEach(function (x) {
        if (x < 0) return;
        outcomesOf(x).forEach(function (o) { if (budget > 0 && match[o] && !want[o]) { add(o); budget--; } });
      });
    }
    S.pin.forEach(add);
    if (S.node >= 0) add(S.node);
    return { want: want, list: list };
  }

  // ---------------------------------------------------------------------- network
  var nodesDS = new vis.DataSet(), edgesDS = new vis.DataSet();
  var container = document.getElementById("graph");
  var options = D.options;
  var network = null, stabilized = false, firstSettle = true, fixedForLayout = [], fitAfter = false;

  /* Tooltips are plain strings: vis-network shows them with innerText, never as HTML. */
  function nodeTitle(id) {
    var m = meta[id], lines = [m.l, "类型: " + m.tz + " (" + m.t + ")"];
    if (m.h) lines.push("属于: " + m.h.map(function (h) { return meta[h].l; }).join("、") + (m.hn ? " …" : ""));
    (m.a || []).slice(0, 4).forEach(function (a) { lines.push("别名: " + a[0] + (a[1] ? " @" + a[1] : "")); });
    (m.f || []).forEach(function (f) { if (f[0] !== "标题") lines.push(f[0] + ": " + shorten(f[1], 60)); });
    var outs = outcomesOf(id).length;
    if (outs) lines.push("成效 " + outs + " 项 — 点击查看 (click for the table)");
    if (meta[id].ov && mode === "overview") lines.push("区域内 " + F.ov[id] + " 个实体 — 双击展开 (double-click to expand)");
    return lines.join("\n");
  }
  function edgeTitle(k) {
    var e = visEdges[k], r = D.relations[emeta[k].r], evs = emeta[k].e || [];
    var lines = [shorten(meta[e.from].l, 40) + " —" + r.zh + " (" + r.en + ")→ " + shorten(meta[e.to].l, 40)];
    evs.slice(0, 2).forEach(function (x) {
      var ev = D.evidence[x];
      lines.push("“" + shorten(ev[0], 90) + "” — " + shorten(ev[1] >= 0 ? meta[ev[1]].l : "?", 40));
    });
    if (evs.length > 2) lines.push("… 共 " + evs.length + " 条证据 (" + evs.length + " sentences)");
    return lines.join("\n");
  }
  function nodeLabel(id) {
    var base = visNodes[id].label;
    return mode === "overview" && meta[id].ov && F.ov[id] ? base + " · " + fmtInt(F.ov[id]) : base;
  }
  function nodeFont(id, dim) {
    var font = { color: D.labelColor, strokeWidth: 3, strokeColor: "#ffffff" };
    var own = visNodes[id].font || {};
    Object.keys(own).forEach(function (k) { font[k] = own[k]; });
    if (dim) { font.color = "rgba(60,60,60,0.18)"; font.strokeWidth = 0; }
    return font;
  }
  function nodeLook(id) {
    var near = S.node < 0 || id === S.node || keep.has(id);
    var look = { id: id, label: nodeLabel(id), title: nodeTitle(id),
                 color: near ? visNodes[id].color : DIM_NODE, font: nodeFont(id, !near),
                 size: visNodes[id].size,
                 shadow: S.pin.has(id) ? { enabled: true, color: "rgba(0,0,0,0.6)", size: 10, x: 0, y: 0 } : false,
                 borderWidth: S.pin.has(id) ? 3 : 1.5 };
    if (mode === "overview" && meta[id].ov) {
      // on the overview a region is as big as what it holds
      var grow = Math.log2(1 + (F.ov[id] || 0));
      look.size = Math.min(60, 10 + 4 * grow);
      look.font.size = Math.min(48, Math.round(16 + 3 * grow));
    }
    return look;
  }
  function edgeLook(k) {
    var e = visEdges[k], near = S.node >= 0 && (e.from === S.node || e.to === S.node);
    return { id: k, color: S.node < 0 || near ? e.color : DIM_EDGE,
             font: near && emeta[k].r !== "hasOutcome" ? EDGE_LABEL : NO_EDGE_LABEL };
  }
  var keep = new Set();

  /* Bring the canvas to the state: remove what should go, add what is missing (placed next
     to a neighbour already drawn, then a short layout with the others held still). */
  function render() {
    var w = wanted(), want = w.want;
    keep = new Set();
    if (S.node >= 0) adj[S.node].forEach(function (k) { keep.add(neighbour(k, S.node)); });
    var gone = nodesDS.getIds().filter(function (id) { return !want[id]; });
    if (gone.length) nodesDS.remove(gone);
    var have = new Uint8Array(N);
    nodesDS.getIds().forEach(function (id) { have[id] = 1; });
    var fresh = w.list.filter(function (id) { return !have[id]; });
    var placed = stabilized ? network.getPositions() : {};
    var around = {};
    var items = fresh.map(function (id) {
      var item = copy(visNodes[id]);
      var look = nodeLook(id);
      Object.keys(look).forEach(function (k) { item[k] = look[k]; });
      if (S.pin.has(id)) item.fixed = true;
      if (stabilized) {
        var anchor = null;
        for (var j = 0; j < adj[id].length && anchor === null; j++) {
          var o = neighbour(adj[id][j], id);
          if (placed[o]) anchor = o;
        }
        var c = anchor !== null ? placed[anchor] : network.getViewPosition();
        var key = anchor === null ? -1 : anchor, k = around[key] = (around[key] || 0) + 1;
        var ring = 70 + 22 * Math.sqrt(k), angle = k * 2.4;          // a sunflower spiral
        item.x = c.x + ring * Math.cos(angle);
        item.y = c.y + ring * Math.sin(angle);
      }
      return item;
    });
    nodesDS.add(items);
    var old = w.list.filter(function (id) { return have[id]; });
    nodesDS.update(old.map(nodeLook));

    var wantEdge = {}, edgeItems = [];
    w.list.forEach(function (id) {
      adj[id].forEach(function (k) {
        var e = visEdges[k];
        if (want[e.from] && want[e.to] && S.rels[emeta[k].r]) wantEdge[k] = 1;
      });
    });
    var goneEdges = edgesDS.getIds().filter(function (k) { return !wantEdge[k]; });
    if (goneEdges.length) edgesDS.remove(goneEdges);
    var haveEdge = {};
    edgesDS.getIds().forEach(function (k) { haveEdge[k] = 1; });
    Object.keys(wantEdge).forEach(function (key) {
      var k = +key;
      if (haveEdge[k]) return;
      var item = copy(visEdges[k]);
      var look = edgeLook(k);
      item.color = look.color;
      item.font = look.font;
      item.title = edgeTitle(k);
      edgeItems.push(item);
    });
    edgesDS.add(edgeItems);
    edgesDS.update(Object.keys(haveEdge).filter(function (k) { return wantEdge[k]; })
                   .map(function (k) { return edgeLook(+k); }));
    if (network) {
      // a view that is mostly new (a filter, back to the overview) is fitted once laid out
      if (fresh.length > nodesDS.length / 2 && fresh.length > 10) fitAfter = true;
      if (stabilized && fresh.length) layoutFresh(fresh);
      if (S.node >= 0 && want[S.node]) network.selectNodes([S.node]);
      else network.unselectAll();
    }
    counts();
  }

  function layoutFresh(fresh) {
    var isFresh = new Uint8Array(N);
    fresh.forEach(function (id) { isFresh[id] = 1; });
    fixedForLayout = nodesDS.getIds().filter(function (id) { return !isFresh[id]; });
    nodesDS.update(fixedForLayout.map(function (id) { return { id: id, fixed: true }; }));
    stabilized = false;
    mark("stabilized", "false");
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(Math.min(250, 60 + 2 * fresh.length));
  }

  function counts() {
    var shown = nodesDS.length, shownEdges = edgesDS.length;
    mark("nodes", shown);
    mark("edges", shownEdges);
    mark("entities", V.entities);
    mark("matched", matchedEntities);
    mark("mode", mode);
    if (window.performance && performance.getEntriesByType) {
      // anything fetched over a network or from disk besides the page itself
      mark("resources", performance.getEntriesByType("resource").length);
    }
    var text = "显示 " + fmtInt(shown) + " 个节点 · " + fmtInt(shownEdges) + " 条关系 · 匹配 " +
      fmtInt(matchedEntities) + " / " + fmtInt(V.entities) + " 个实体" +
      (mode === "overview" ? " · 总览（省、市及其下实体数），双击展开" : "") +
      " (showing " + fmtInt(shown) + " nodes, " + fmtInt(shownEdges) + " relations; " +
      fmtInt(matchedEntities) + " of " + fmtInt(V.entities) + " entities match" +
      (mode === "overview" ? "; overview: provinces and cities with the entities within, double-click to expand" : "") + ")";
    if (S.hide.size) text += " · 已隐藏 " + S.hide.size + " (hidden)";
    if (!stabilized) text += " · 正在布局…";
    statusEl.textContent = text;
  }

  function freeze() {
    // the layout has settled: stop the simulation so nothing keeps moving
    network.setOptions({ physics: { enabled: false } });
    if (fixedForLayout.length) {
      nodesDS.update(fixedForLayout.filter(function (id) { return nodesDS.get(id); })
                     .map(function (id) { return { id: id, fixed: S.pin.has(id) }; }));
      fixedForLayout = [];
    }
    stabilized = true;
    if (fitAfter && !firstSettle) network.fit();
    fitAfter = false;
    mark("stabilized", "true");
    if (firstSettle) {
      firstSettle = false;
      mark("settle-ms", Math.round(performance.now()));
      if (S.node >= 0 && nodesDS.get(S.node)) network.focus(S.node, { scale: 1 });
    }
    document.getElementById("progress").textContent = "";
    counts();
  }
  function relayout() {
    stabilized = false;
    mark("stabilized", "false");
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(Math.min(400, options.physics.stabilization.iterations || 300));
  }

  // ------------------------------------------------------------------- sortable tables
  /* columns: [[title, key]]; rows: [{cells: [...], id: node}]. Click a heading to sort. */
  function sortableTable(columns, rows, onRow, className, compact) {
    var table = el("table", { className: "grid " + (className || "") });
    var state = { col: -1, dir: 1 };
    var tbody = el("tbody");
    function num(v) { return v !== "" && v !== null && !isNaN(+v) ? +v : null; }
    function draw() {
      clear(tbody);
      rows.slice(0, 500).forEach(function (r) {
        var tr = el("tr", null, r.cells.map(function (c) {
          var text = c === null || c === undefined ? "" : String(c);
          // in the narrow panel long cells are cut (the whole text is the tooltip and in the CSV)
          return compact && text.length > 28 ? el("td", { text: shorten(text, 28), title: text }) : el("td", { text: text });
        }));
        if (onRow && r.id !== undefined) {
          tr.className = "clickable";
          tr.addEventListener("click", function () { onRow(r.id); });
        }
        tbody.appendChild(tr);
      });
      if (rows.length > 500) tbody.appendChild(el("tr", null, [el("td", { className: "more", text: "… +" + (rows.length - 500) + "（CSV 含全部 all rows in the CSV）" })]));
    }
    var head = el("tr", null, columns.map(function (c, j) {
      var th = el("th", { text: c, title: "排序 sort", scope: "col" });
      th.addEventListener("click", function () {
        state.dir = state.col === j ? -state.dir : 1;
        state.col = j;
        rows.sort(function (a, b) {
          // numbers first (by value), then text, then empty cells; the direction flips all
          var x = a.cells[j], y = b.cells[j], nx = num(x), ny = num(y);
          var ex = x === null || x === undefined || x === "", ey = y === null || y === undefined || y === "";
          if (ex || ey) return ex === ey ? 0 : ex ? 1 : -1;
          if (nx !== null && ny !== null) return state.dir * (nx - ny);
          if (nx !== null || ny !== null) return nx !== null ? -1 : 1;
          return state.dir * String(x).localeCompare(String(y), "zh");
        });
        Array.prototype.forEach.call(head.children, function (h, q) {
          h.className = q === j ? (state.dir > 0 ? "asc" : "desc") : "";
        });
        draw();
      });
      return th;
    }));
    table.appendChild(el("thead", null, [head]));
    table.appendChild(tbody);
    draw();
    table.edukgRows = function () { return rows; };
    table.edukgColumns = columns;
    return table;
  }

  var OUTCOME_COLUMNS = ["名称 name", "数值 value", "单位 unit", "指标 indicator", "年份 year",
                         "授予 conferrer", "证据句 evidence", "文档 document"];
  function outcomeRows(id) {
    return outcomesOf(id).map(function (o) {
      var m = meta[o], v = m.o || {}, conferrers = [], ev = (m.e || [])[0];
      adj[o].forEach(function (k) {
        if (emeta[k].r === "conferredBy" && visEdges[k].from === o) conferrers.push(meta[visEdges[k].to].l);
      });
      var sentence = ev !== undefined ? D.evidence[ev][0] : "";
      var doc = ev !== undefined && D.evidence[ev][1] >= 0 ? docName(D.evidence[ev][1]) : "";
      return { id: o, cells: [m.l, v.value || "", v.unit || "", v.indicator || "", v.year || "",
                               conferrers.join("、"), sentence, doc] };
    });
  }
  var SCREEN_COLUMNS = ["名称 name", "类型 type", "属于 holder", "关系 relations", "成效 outcomes",
                        "文档 documents", "区域内实体 within"];
  function holderText(id) {
    var m = meta[id];
    if (!m.h) return "";
    return m.h.map(function (h) { return meta[h].l; }).join("、") + (m.hn ? " 等 " + m.hn : "");
  }
  function screenRows() {
    return nodesDS.getIds().sort(function (a, b) { return a - b; }).map(function (id) {
      var m = meta[id], rels = 0;
      adj[id].forEach(function (k) { if (emeta[k].r !== "hasOutcome") rels++; });
      return { id: id, cells: [m.l, m.tz, holderText(id), rels, outcomesOf(id).length,
                                (m.dc || []).length, mode === "overview" && m.ov ? F.ov[id] : ""] };
    });
  }

  // ------------------------------------------------------------------------- panel
  var panel = document.getElementById("panel-body");
  var hintNodes = Array.prototype.slice.call(panel.childNodes);

  function nodeLink(id) {
    var b = el("button", { type: "button", className: "link", text: meta[id].l });
    b.addEventListener("click", function () { select(id, true); });
    return b;
  }
  function evidenceBlock(evIdx, prefix) {
    var ev = D.evidence[evIdx];
    var cite = "— " + (ev[1] >= 0 ? docName(ev[1]) : "?");
    if (ev[2] !== null && ev[2] !== undefined) cite += " [" + ev[2] + "–" + ev[3] + "]";
    return el("blockquote", null, [prefix ? el("span", { className: "rel", text: prefix + " " }) : null,
                                   ev[0], el("cite", { text: cite })]);
  }
  function typeLine(m) {
    var cls = CLASS[m.k] || { color: "#bbb", shape: "dot", zh: m.k };
    return el("div", { className: "type" }, [swatch(cls), m.tz + " · " + m.t +
                                               (m.t !== m.k ? " (" + m.k + ")" : "")]);
  }

  function showNode(id) {
    var m = meta[id];
    clear(panel);
    panel.appendChild(el("h2", { text: m.l }));
    panel.appendChild(typeLine(m));
    if (m.h) {
      var hp = el("p", { className: "holder" }, ["属于 in: "]);
      m.h.forEach(function (h, j) { if (j) hp.appendChild(document.createTextNode("、")); hp.appendChild(nodeLink(h)); });
      if (m.hn) hp.appendChild(document.createTextNode(" 等 " + m.hn));
      panel.appendChild(hp);
    }
    var actions = el("div", { className: "actions" });
    var opened = S.open.indexOf(id) >= 0;
    actions.appendChild(button(opened ? "收起 collapse" : "展开 expand", "展开相邻实体 draw its neighbours",
                               function () { toggleOpen(id); }, "act-open"));
    actions.appendChild(button("隐藏 hide", "从画布上隐藏 hide from the canvas", function () {
      act(function () { S.hide.add(id); S.node = -1; S.open = S.open.filter(function (x) { return x !== id; }); });
    }, "act-hide"));
    actions.appendChild(button(S.pin.has(id) ? "取消固定 unpin" : "固定 pin", "固定位置 keep it where it is",
                               function () { act(function () { if (S.pin.has(id)) S.pin.delete(id); else S.pin.add(id); }); },
                               "act-pin"));
    if (m.k === "Region") {
      actions.appendChild(button("只看此区域 within", "只显示此区域内的实体 everything within this region",
                                 function () { act(function () { S.within = S.within === id ? -1 : id; }); }, "act-within"));
    }
    panel.appendChild(actions);
    capped.forEach(function (c) {
      if (c[0] === id) panel.appendChild(el("p", { className: "more", text: "展开显示 " + V.expandLimit + " / " + c[1] +
        " 个相邻实体（关系最多的）。 Expanded: the " + V.expandLimit + " best connected of " + c[1] + " neighbours." }));
    });

    var rows = [];
    (m.a || []).forEach(function (a) { rows.push(["别名", a[0] + (a[1] ? "  @" + a[1] : "")]); });
    (m.f || []).forEach(function (f) { rows.push([f[0], f[1]]); });
    if (m.ov && mode === "overview") rows.push(["区域内实体", fmtInt(F.ov[id])]);
    var table = el("table", { className: "fields" });
    rows.forEach(function (r) {
      var page = r[0] === "原文链接" && /^https?:\/\//.test(r[1]);   // the document's own page
      var cell = page ? el("td", null, [el("a", { href: r[1], text: r[1], target: "_blank", rel: "noopener noreferrer" })])
                      : el("td", { text: r[1] });
      table.appendChild(el("tr", null, [el("th", { text: r[0] }), cell]));
    });
    panel.appendChild(table);
    panel.appendChild(el("div", { className: "iri", text: m.iri }));

    var outs = outcomeRows(id);
    if (outs.length) {
      panel.appendChild(el("h3", { text: "量化指标与荣誉 measures and recognitions (" + outs.length + ")" }));
      panel.appendChild(el("div", { className: "scroll-x" },
        [sortableTable(OUTCOME_COLUMNS, outs, function (o) { select(o, false); }, "outcomes", true)]));
    }

    var rels = adj[id].filter(function (k) { return emeta[k].r !== "hasOutcome" || visEdges[k].to === id; });
    if (rels.length) {
      panel.appendChild(el("h3", { text: "关系 relations (" + rels.length + ")" }));
      var ul = el("ul");
      rels.slice(0, 300).forEach(function (k) {
        var e = visEdges[k], r = D.relations[emeta[k].r];
        var out = e.from === id, other = out ? e.to : e.from;
        ul.appendChild(el("li", null, [el("span", { className: "rel", text: out ? r.zh + " → " : "← " + r.zh + " " }),
                                       nodeLink(other),
                                       el("span", { className: "rel", text: " · " + meta[other].tz })]));
      });
      if (rels.length > 300) ul.appendChild(el("li", { className: "more", text: "… +" + (rels.length - 300) }));
      panel.appendChild(ul);
    }

    if (m.dc && m.dc.length) {
      panel.appendChild(el("h3", { text: "来源文档 documents (" + m.dc.length + ")" }));
      var dl = el("ul");
      m.dc.slice(0, 50).forEach(function (d) {
        var b = button(docName(d), "只看此文档 filter to this document", function () {
          act(function () { if (S.docs.has(d)) S.docs.delete(d); else S.docs.add(d); });
        }, "link");
        dl.appendChild(el("li", null, [b]));
      });
      if (m.dc.length > 50) dl.appendChild(el("li", { className: "more", text: "… +" + (m.dc.length - 50) }));
      panel.appendChild(dl);
    }

    var evs = [];
    (m.e || []).forEach(function (x) { evs.push([x, ""]); });
    rels.forEach(function (k) {
      var e = visEdges[k], r = D.relations[emeta[k].r];
      (emeta[k].e || []).forEach(function (x) {
        evs.push([x, meta[e.from].l + " —" + r.zh + "→ " + meta[e.to].l + ":"]);
      });
    });
    var seen = new Set();
    evs = evs.filter(function (x) { if (seen.has(x[0])) return false; seen.add(x[0]); return true; });
    if (evs.length) {
      panel.appendChild(el("h3", { text: "证据 evidence (" + evs.length + ")" }));
      evs.slice(0, 60).forEach(function (x) { panel.appendChild(evidenceBlock(x[0], x[1])); });
      if (evs.length > 60) panel.appendChild(el("p", { className: "more", text: "… +" + (evs.length - 60) }));
    }
  }

  function showEdge(k) {
    var e = visEdges[k], r = D.relations[emeta[k].r];
    clear(panel);
    panel.appendChild(el("h2", { text: r.zh + " · " + r.en }));
    panel.appendChild(el("p", null, [nodeLink(e.from), el("span", { className: "rel", text: " —" + r.zh + "→ " }), nodeLink(e.to)]));
    var evs = emeta[k].e || [];
    panel.appendChild(el("h3", { text: "证据 evidence (" + evs.length + ")" }));
    evs.forEach(function (x) { panel.appendChild(evidenceBlock(x, "")); });
  }
  function resetPanel() {
    clear(panel);
    hintNodes.forEach(function (n) { panel.appendChild(n); });
  }

  // --------------------------------------------------------------------- actions
  function select(id, focus) {
    act(function () {
      S.node = id;
      if (S.cls[meta[id].k] === false) S.cls[meta[id].k] = true;
      S.hide.delete(id);
    });
    if (focus && nodesDS.get(id)) {
      network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: { duration: 300 } });
    }
  }
  function toggleOpen(id) {
    act(function () {
      var at = S.open.indexOf(id);
      if (at >= 0) S.open.splice(at, 1);
      else { S.open.push(id); S.hide.delete(id); }
      S.node = id;
    });
  }

  // ------------------------------------------------------------------------- legend
  var legend = document.getElementById("legend");
  var legendCounts = {};
  D.classes.forEach(function (c) {
    var box = el("input", { type: "checkbox", id: "class-" + c.key });
    box.checked = true;
    box.addEventListener("change", function () { act(function () { S.cls[c.key] = box.checked; }); });
    legendCounts[c.key] = el("span", { className: "count", text: "(" + fmtInt(c.count) + ")" });
    legend.appendChild(el("label", { "for": "class-" + c.key, title: c.key },
      [box, swatch(c), c.zh + " " + c.key, legendCounts[c.key]]));
  });

  // ------------------------------------------------------------------------- facets
  var facetsEl = document.getElementById("facets");
  var docQuery = "", regionQuery = "";
  function facetBox(title, key, items, checked, onToggle) {
    /* items: [[value, label, count]] */
    var box = el("section", { className: "facet", "data-facet": key }, [el("h4", { text: title })]);
    items.forEach(function (it) {
      var input = el("input", { type: "checkbox", "data-value": String(it[0]) });
      input.checked = checked(it[0]);
      input.addEventListener("change", function () { act(function () { onToggle(it[0], input.checked); }); });
      var lab = el("label", { className: it[2] ? "" : "zero" },
                   [input, el("span", { className: "name", text: it[1] }),
                    el("span", { className: "count", text: fmtInt(it[2] || 0) })]);
      box.appendChild(lab);
    });
    return box;
  }
  function setFlag(set, v, on) { if (on) set.add(v); else set.delete(v); }
  function drawFacets() {
    var active = document.activeElement, refocus = active && active.id;
    var caret = active && active.selectionStart;
    clear(facetsEl);
    var filtersOn = S.docs.size || S.years.size || S.kinds.size || S.within >= 0 ||
      REL_KEYS.some(function (r) { return !S.rels[r]; }) ||
      D.classes.some(function (c) { return !S.cls[c.key]; });
    var head = el("div", { className: "facet-head" }, [el("strong", { text: "筛选 filters" })]);
    if (filtersOn) {
      head.appendChild(button("清除 clear", "清除全部筛选 clear every filter", function () {
        act(function () {
          var f = freshState();
          S.cls = f.cls; S.rels = f.rels; S.docs = f.docs; S.years = f.years; S.kinds = f.kinds; S.within = -1;
        });
      }, "clear-filters"));
    }
    facetsEl.appendChild(head);

    // region subtree
    var within = el("section", { className: "facet", "data-facet": "within" }, [el("h4", { text: "区域 within region" })]);
    if (S.within >= 0) {
      within.appendChild(el("div", { className: "chosen" }, [el("span", { text: meta[S.within].l + " 及其下 and below" }),
        button("✕", "取消 clear", function () { act(function () { S.within = -1; }); }, "unset")]));
    }
    var rq = el("input", { type: "search", id: "region-query", placeholder: "区域名称 region name", value: regionQuery });
    rq.addEventListener("input", function () { regionQuery = rq.value; drawFacets(); });
    within.appendChild(rq);
    if (regionQuery.trim()) {
      var q = regionQuery.trim().toLowerCase(), shown = 0;
      for (var n = 0; n < N && shown < 8; n++) {
        if (meta[n].k !== "Region" || meta[n].s.indexOf(q) < 0) continue;
        shown++;
        (function (r) {
          within.appendChild(button(meta[r].l + (meta[r].h ? " · " + meta[meta[r].h[0]].l : ""), "只看此区域 within this region",
            function () { regionQuery = ""; act(function () { S.within = r; }); }, "link region-hit"));
        })(n);
      }
    }
    facetsEl.appendChild(within);

    facetsEl.appendChild(facetBox("关系类型 relation", "rel", REL_KEYS.map(function (r) {
      return [r, D.relations[r].zh + " " + D.relations[r].en, F.rels[r] || 0];
    }), function (r) { return S.rels[r]; }, function (r, on) { S.rels[r] = on; }));

    if (YEARS.length) {
      facetsEl.appendChild(facetBox("年份 year", "year", YEARS.map(function (y) { return [y, String(y), F.years[y] || 0]; }),
        function (y) { return S.years.has(y); }, function (y, on) { setFlag(S.years, y, on); }));
    }
    if (KINDS.length) {
      facetsEl.appendChild(facetBox("荣誉类型 recognition kind", "kind", KINDS.map(function (k) { return [k, k, F.kinds[k] || 0]; }),
        function (k) { return S.kinds.has(k); }, function (k, on) { setFlag(S.kinds, k, on); }));
    }

    var dq = el("input", { type: "search", id: "doc-query", placeholder: "筛选文档 find a document", value: docQuery });
    dq.addEventListener("input", function () { docQuery = dq.value; drawFacets(); });
    var needle = docQuery.trim().toLowerCase();
    var docs = DOCS.filter(function (d) { return S.docs.has(d) || !needle || meta[d].s.indexOf(needle) >= 0; });
    docs.sort(function (a, b) {
      return (S.docs.has(b) - S.docs.has(a)) || ((F.docs[b] || 0) - (F.docs[a] || 0)) || a - b;
    });
    var docBox = facetBox("文档 document (" + DOCS.length + ")", "doc",
      docs.slice(0, 40).map(function (d) { return [d, docName(d), F.docs[d] || 0]; }),
      function (d) { return S.docs.has(d); }, function (d, on) { setFlag(S.docs, d, on); });
    docBox.insertBefore(dq, docBox.children[1] || null);
    if (docs.length > 40) docBox.appendChild(el("p", { className: "more", text: "… +" + (docs.length - 40) + "（输入以查找 type to find）" }));
    facetsEl.appendChild(docBox);

    if (refocus === "doc-query" || refocus === "region-query") {
      var again = document.getElementById(refocus);
      again.focus();
      try { again.setSelectionRange(caret, caret); } catch (e) { /* not a text field */ }
    }
    D.classes.forEach(function (c) {
      document.getElementById("class-" + c.key).checked = S.cls[c.key];
      legendCounts[c.key].textContent = "(" + fmtInt(F.cls[c.key] || 0) + ")";
    });
  }

  // ------------------------------------------------------------------------- search
  var input = document.getElementById("search");
  var results = document.getElementById("search-results");
  var searchTimer = null, active = -1, hits = [];

  /* One row per entity or document (measures and recognitions are in their holder's table);
     exact name first, then prefix, then anywhere, best connected first. */
  function search(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    var exact = [], prefix = [], other = [];
    for (var n = 0; n < N; n++) {
      var s = meta[n].s;
      if (s === undefined) continue;
      var at = s.indexOf(q);
      if (at < 0) continue;
      if (meta[n].l.toLowerCase() === q || s.split("\n").indexOf(q) >= 0) exact.push(n);
      else if (at === 0 || s.indexOf("\n" + q) >= 0) prefix.push(n);
      else other.push(n);
    }
    return exact.sort(byDegree).concat(prefix.sort(byDegree), other.sort(byDegree));
  }
  function hitRow(n, k) {
    var m = meta[n], where = m.k === "Document" ? "文档 · 点击筛选 filter" : holderText(n);
    var doc = m.dc && m.dc.length ? shorten(docName(m.dc[0]), 24) + (m.dc.length > 1 ? " +" + (m.dc.length - 1) : "") : "";
    var li = el("li", { role: "option", className: k === active ? "active" : "", "data-node": String(n) },
                [swatch(CLASS[m.k] || { color: "#8c8c8c", shape: "box" }),
                 el("span", { className: "hit" }, [el("span", { className: "name", text: m.l }),
                   el("span", { className: "where", text: [m.tz, where, doc].filter(Boolean).join(" · ") })])]);
    li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(n); });
    return li;
  }
  function renderResults() {
    clear(results);
    if (!input.value.trim()) { results.hidden = true; return; }
    if (!hits.length) results.appendChild(el("li", { className: "empty", text: "无结果 no match" }));
    hits.slice(0, 20).forEach(function (n, k) { results.appendChild(hitRow(n, k)); });
    if (hits.length > 20) results.appendChild(el("li", { className: "empty", text: "… +" + (hits.length - 20) }));
    results.hidden = false;
    mark("hits", hits.length);
  }
  function choose(n) {
    results.hidden = true;
    if (meta[n].k === "Document") act(function () { S.docs.add(n); });
    else select(n, true);
  }
  input.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () {
      hits = search(input.value);
      active = -1;
      renderResults();
      S.q = input.value.trim();
      commit(false);
    }, 120);
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!hits.length) return;
      ev.preventDefault();
      var lim = Math.min(hits.length, 20);
      active = (active + (ev.key === "ArrowDown" ? 1 : lim - 1)) % lim;
      renderResults();
    } else if (ev.key === "Enter") {
      hits = search(input.value);
      if (hits.length) choose(hits[Math.max(active, 0)]);
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });
  input.addEventListener("blur", function () { setTimeout(function () { results.hidden = true; }, 150); });
  input.addEventListener("focus", function () { if (input.value.trim()) renderResults(); });

  // -------------------------------------------------------------------- table view
  var tableView = document.getElementById("table-view");
  var tableBody = document.getElementById("table-body");
  var currentTable = null;
  function drawTable() {
    tableView.hidden = !S.table;
    document.getElementById("btn-table").className = S.table ? "on" : "";
    if (!S.table) { currentTable = null; mark("table-rows", 0); return; }
    document.getElementById("table-screen").className = "tab" + (S.table === "screen" ? " on" : "");
    document.getElementById("table-sel").className = "tab" + (S.table === "sel" ? " on" : "");
    clear(tableBody);
    var info = document.getElementById("table-info"), rows;
    if (S.table === "screen") {
      rows = screenRows();
      currentTable = sortableTable(SCREEN_COLUMNS, rows, function (id) { select(id, true); });
      info.textContent = fmtInt(rows.length) + " 个画布上的节点 nodes on screen";
    } else if (S.node >= 0) {
      rows = outcomeRows(S.node);
      currentTable = sortableTable(OUTCOME_COLUMNS, rows, function (id) { select(id, false); });
      info.textContent = meta[S.node].l + "：" + fmtInt(rows.length) + " 项成效 measures and recognitions";
    } else {
      rows = [];
      currentTable = null;
      info.textContent = "未选中节点 nothing selected: click a node";
    }
    if (currentTable) tableBody.appendChild(currentTable);
    mark("table-rows", rows.length);
  }
  function csvCell(v) {
    var s = v === null || v === undefined ? "" : String(v);
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function download(name, url) {
    var a = el("a", { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
  }
  /* The rows of the table as shown (in its current order), as UTF-8 CSV with a BOM so
     spreadsheet programs read the Chinese text right. */
  function tableCsv() {
    if (!currentTable) return "";
    var lines = [currentTable.edukgColumns.map(csvCell).join(",")];
    currentTable.edukgRows().forEach(function (r) { lines.push(r.cells.map(csvCell).join(",")); });
    return lines.join("\r\n") + "\r\n";
  }
  document.getElementById("btn-csv").addEventListener("click", function () {
    var csv = tableCsv();
    if (!csv) return;
    var url = URL.createObjectURL(new Blob(["\ufeff" + csv], { type: "text/csv;charset=utf-8" }));
    download("edukg-" + (S.table === "sel" ? "selection" : "screen") + ".csv", url);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    mark("csv-rows", csv.split("\r\n").length - 2);
  });
  document.getElementById("btn-table").addEventListener("click", function () {
    act(function () { S.table = S.table ? "" : (S.node >= 0 ? "sel" : "screen"); });
  });
  document.getElementById("table-screen").addEventListener("click", function () { act(function () { S.table = "screen"; }); });
  document.getElementById("table-sel").addEventListener("click", function () { act(function () { S.table = "sel"; }); });
  document.getElementById("table-close").addEventListener("click", function () { act(function () { S.table = ""; }); });
  document.getElementById("btn-png").addEventListener("click", function () {
    var canvas = container.querySelector("canvas");
    if (!canvas) return;
    var out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    download("edukg-graph.png", out.toDataURL("image/png"));
    mark("png", "saved");
  });

  // ------------------------------------------------------------------- tools
  document.getElementById("btn-back").addEventListener("click", function () {
    if (pushes > 0) { pushes--; history.back(); }
  });
  document.getElementById("btn-overview").addEventListener("click", function () {
    act(function () { S.open = []; S.hide = new Set(); S.pin = new Set(); S.node = -1; });
    setTimeout(function () { network.fit(); }, 0);
  });
  document.getElementById("btn-fit").addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); });
  document.getElementById("btn-relayout").addEventListener("click", relayout);
  var outcomeSwitch = document.getElementById("switch-outcomes");
  outcomeSwitch.addEventListener("change", function () { act(function () { S.outcomes = outcomeSwitch.checked; }); });

  /* Redraw everything that depends on the state. */
  var lastPanel = null;
  function update() {
    filter();
    render();
    drawFacets();
    outcomeSwitch.checked = S.outcomes;
    if (input.value.trim() !== S.q) { input.value = S.q; hits = search(S.q); if (document.activeElement === input) renderResults(); }
    var panelKey = S.node + "|" + S.open.join(",") + "|" + Array.from(S.pin).join(",") + "|" + S.within + "|" + mode;
    if (S.node >= 0) { if (panelKey !== lastPanel) showNode(S.node); }
    else if (lastPanel !== null && lastPanel.indexOf("-1|") !== 0) resetPanel();
    lastPanel = panelKey;
    drawTable();
    mark("selected", S.node >= 0 ? meta[S.node].iri : "");
  }

  // ------------------------------------------------- the URL hash: read, and follow back
  function applyHash() {
    var h = location.hash.replace(/^#/, "");
    if (h === currentHash) return;
    S = fromHash(h);
    currentHash = toHash();
    update();
    if (S.q) { hits = search(S.q); renderResults(); }
    if (S.node >= 0 && nodesDS.get(S.node) && stabilized) {
      network.focus(S.node, { scale: Math.max(network.getScale(), 0.9), animation: { duration: 300 } });
    }
    mark("hash", currentHash);
  }
  /* For scripts that drive the page (the browser tests): where a node is drawn, in page
     coordinates, and which nodes are drawn. Read-only. */
  window.edukgView = Object.freeze({
    position: function (iri) {
      var id = byIri.get(iri);
      if (id === undefined || !network || !nodesDS.get(id)) return null;
      var p = network.canvasToDOM(network.getPositions([id])[id]), box = container.getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    },
    drawn: function () { return nodesDS.getIds().map(function (id) { return meta[id].iri; }); }
  });
  window.addEventListener("popstate", applyHash);
  window.addEventListener("hashchange", applyHash);

  S = fromHash(location.hash);
  currentHash = location.hash.replace(/^#/, "");
  mark("t-index", Math.round(performance.now()));
  update();
  mark("t-state", Math.round(performance.now()));
  // the network is made with the first view already in its data sets, so that its first
  // stabilization lays out exactly that
  try {
    network = new vis.Network(container, { nodes: nodesDS, edges: edgesDS }, options);
  } catch (e) {
    fail("vis-network: " + e.message);
    return;
  }
  if (S.node >= 0 && nodesDS.get(S.node)) network.selectNodes([S.node]);
  mark("t-network", Math.round(performance.now()));
  network.on("stabilizationProgress", function (p) {
    document.getElementById("progress").textContent =
      "布局 layout " + Math.round((100 * p.iterations) / p.total) + "%";
  });
  network.on("stabilizationIterationsDone", freeze);
  network.once("afterDrawing", function () {
    mark("rendered", "true");
    counts();
    if (!stabilized && nodesDS.length === 0) freeze();
  });
  // Belt and braces: should stabilization never report, stop physics anyway.
  setTimeout(function () { if (!stabilized) { network.stopSimulation(); freeze(); } }, 30000);

  network.on("click", function (p) {
    if (p.nodes.length) select(p.nodes[0], false);
    else if (p.edges.length) { act(function () { S.node = -1; }); showEdge(p.edges[0]); }
    else { act(function () { S.node = -1; }); resetPanel(); }
  });
  network.on("doubleClick", function (p) { if (p.nodes.length) toggleOpen(p.nodes[0]); });
  network.on("dragEnd", function (p) {
    // a node dragged by hand stays where it was put
    if (!p.nodes.length) return;
    act(function () { p.nodes.forEach(function (n) { S.pin.add(n); }); });
  });

  if (S.q) { input.value = S.q; hits = search(S.q); renderResults(); }
  mark("hash", currentHash);
})();
