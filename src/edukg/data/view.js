/* edukg interactive view. Every string that comes from the documents is put into the page
   with textContent (or handed to vis-network as a plain string, which it shows with
   innerText); nothing here assigns innerHTML. */
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

  var N = D.meta.length;
  var meta = D.meta, emeta = D.emeta, visNodes = D.nodes, visEdges = D.edges;
  var CLASS = {};
  D.classes.forEach(function (c) { CLASS[c.key] = c; });
  var DIM_NODE = { background: "#e4e6e8", border: "#d0d3d6",
                   highlight: { background: "#e4e6e8", border: "#999" },
                   hover: { background: "#e4e6e8", border: "#999" } };
  var DIM_EDGE = { color: "#e6e7e8", highlight: "#e6e7e8", hover: "#e6e7e8", inherit: false };
  var DIM_FONT = { color: "rgba(60,60,60,0.18)", strokeWidth: 0 };
  function nodeFont(id, dim) {
    var font = { color: D.labelColor, strokeWidth: 3, strokeColor: "#ffffff" };
    var own = visNodes[id].font || {};
    Object.keys(own).forEach(function (k) { font[k] = own[k]; });
    if (dim) Object.keys(DIM_FONT).forEach(function (k) { font[k] = DIM_FONT[k]; });
    return font;
  }

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
  function fmtInt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  // ---------------------------------------------------------------------- adjacency
  var adj = new Array(N);
  for (var i = 0; i < N; i++) adj[i] = [];
  visEdges.forEach(function (e, k) { adj[e.from].push(k); adj[e.to].push(k); });

  // -------------------------------------------------------------------- data sets
  var classOn = {};
  D.classes.forEach(function (c) { classOn[c.key] = c.on; });
  var loaded = new Uint8Array(N);
  var edgeLoaded = new Uint8Array(visEdges.length);
  var nodesDS = new vis.DataSet();
  var edgesDS = new vis.DataSet();
  var nodesView = new vis.DataView(nodesDS, {
    filter: function (n) { return classOn[meta[n.id].k] !== false; }
  });
  var edgesView = new vis.DataView(edgesDS, {
    filter: function (e) {
      return classOn[meta[e.from].k] !== false && classOn[meta[e.to].k] !== false;
    }
  });

  function shorten(text, n) {
    text = String(text).replace(/\s+/g, " ");
    return text.length <= n ? text : text.slice(0, n - 1) + "\u2026";
  }
  function copy(src) {
    var item = {};
    Object.keys(src).forEach(function (k) { item[k] = src[k]; });
    return item;
  }
  /* Tooltips are plain strings: vis-network shows them with innerText, never as HTML. */
  function nodeTitle(id) {
    var m = meta[id], lines = [m.l, "类型: " + m.tz + " (" + m.t + ")"];
    (m.a || []).slice(0, 4).forEach(function (a) { lines.push("别名: " + a[0] + (a[1] ? " @" + a[1] : "")); });
    (m.f || []).forEach(function (f) { if (f[0] !== "标题") lines.push(f[0] + ": " + shorten(f[1], 60)); });
    var n = (m.e || []).length;
    adj[id].forEach(function (k) { n += (emeta[k].e || []).length; });
    if (n) lines.push("证据 " + n + " 条 — 点击查看 (click for the evidence)");
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
  function nodeItem(id) {
    var item = copy(visNodes[id]);
    item.title = nodeTitle(id);
    return item;
  }

  /* Put nodes on the canvas (with their edges to nodes already there). With an anchor the
     new nodes are placed on a ring around it, so nothing else has to move. */
  function load(ids, anchor) {
    var fresh = ids.filter(function (id) { return !loaded[id]; });
    if (!fresh.length) return 0;
    var center = null;
    if (anchor !== undefined && anchor !== null && loaded[anchor] && network) {
      var pos = network.getPositions([anchor])[anchor];
      if (pos) center = pos;
    } else if (network && stabilized) {
      center = network.getViewPosition();   // physics is off: put them where the user looks
    }
    var items = fresh.map(function (id, k) {
      loaded[id] = 1;
      var item = nodeItem(id);
      if (center) {
        var ring = 90 + 14 * Math.floor(k / 24);
        var angle = (2 * Math.PI * (k % 24)) / Math.min(24, fresh.length) + 0.35 * Math.floor(k / 24);
        item.x = center.x + ring * Math.cos(angle);
        item.y = center.y + ring * Math.sin(angle);
      }
      return item;
    });
    nodesDS.add(items);
    var newEdges = [];
    fresh.forEach(function (id) {
      adj[id].forEach(function (k) {
        var e = visEdges[k];
        if (!edgeLoaded[k] && loaded[e.from] && loaded[e.to]) {
          edgeLoaded[k] = 1;
          var item = copy(e);
          item.title = edgeTitle(k);
          newEdges.push(item);
        }
      });
    });
    edgesDS.add(newEdges);
    return fresh.length;
  }

  var initial = [];
  for (var j = 0; j < N; j++) if (meta[j].v) initial.push(j);
  var network = null;
  load(initial);

  // ----------------------------------------------------------------------- network
  var container = document.getElementById("graph");
  var options = D.options;
  var stabilized = false;
  try {
    network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, options);
  } catch (e) {
    fail("vis-network: " + e.message);
    return;
  }

  function counts() {
    var shown = network.body.nodeIndices.length;
    var shownEdges = network.body.edgeIndices.length;
    mark("nodes", shown);
    mark("edges", shownEdges);
    mark("loaded", nodesDS.length);
    if (window.performance && performance.getEntriesByType) {
      // anything fetched over a network or from disk besides the page itself
      mark("resources", performance.getEntriesByType("resource").length);
    }
    statusEl.textContent = "显示 " + fmtInt(shown) + " / " + fmtInt(N) + " 个节点 · " +
      fmtInt(shownEdges) + " 条关系 (showing " + fmtInt(shown) + " of " + fmtInt(N) +
      " nodes, " + fmtInt(shownEdges) + " relations)" + (stabilized ? "" : " · 正在布局…");
  }

  function freeze() {
    // the layout has settled: stop the simulation so nothing keeps moving
    network.setOptions({ physics: { enabled: false } });
    stabilized = true;
    mark("stabilized", "true");
    document.getElementById("progress").textContent = "";
    counts();
  }
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

  function relayout() {
    stabilized = false;
    mark("stabilized", "false");
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(Math.min(400, options.physics.stabilization.iterations || 300));
  }

  // ---------------------------------------------------------------------- highlight
  var highlighted = null;
  function highlight(id) {
    var keep = new Set([id]);
    network.getConnectedNodes(id).forEach(function (n) { keep.add(n); });
    var nu = [];
    nodesDS.forEach(function (n) {
      var dim = !keep.has(n.id);
      nu.push({ id: n.id, color: dim ? DIM_NODE : visNodes[n.id].color, font: nodeFont(n.id, dim) });
    });
    nodesDS.update(nu);
    var eu = [];
    edgesDS.forEach(function (e) {
      var near = e.from === id || e.to === id;
      eu.push({ id: e.id, color: near ? visEdges[e.id].color : DIM_EDGE,
                font: near ? { color: "#333333", strokeWidth: 3 } : { color: "rgba(0,0,0,0)", strokeWidth: 0 } });
    });
    edgesDS.update(eu);
    highlighted = id;
  }
  function unhighlight() {
    if (highlighted === null) return;
    var nu = [];
    nodesDS.forEach(function (n) {
      nu.push({ id: n.id, color: visNodes[n.id].color, font: nodeFont(n.id, false) });
    });
    nodesDS.update(nu);
    var eu = [];
    edgesDS.forEach(function (e) {
      eu.push({ id: e.id, color: visEdges[e.id].color, font: { color: "#555555", strokeWidth: 3 } });
    });
    edgesDS.update(eu);
    highlighted = null;
  }

  // ------------------------------------------------------------------------- panel
  var panel = document.getElementById("panel-body");
  var hintNodes = Array.prototype.slice.call(panel.childNodes);

  function nodeLink(id) {
    var b = el("button", { type: "button", className: "link", text: meta[id].l });
    b.addEventListener("click", function () { openNode(id, true); });
    return b;
  }
  function evidenceBlock(evIdx, prefix) {
    var ev = D.evidence[evIdx];
    var doc = ev[1] >= 0 ? meta[ev[1]] : null;
    var cite = "— " + (doc ? doc.l : "?");
    if (doc && doc.iri) {
      var ident = (doc.f || []).filter(function (f) { return f[0] === "文档编号"; })[0];
      if (ident && ident[1] !== doc.l) cite += " (" + ident[1] + ")";
    }
    if (ev[2] !== null && ev[2] !== undefined) cite += " [" + ev[2] + "–" + ev[3] + "]";
    var q = el("blockquote", null, [prefix ? el("span", { className: "rel", text: prefix + " " }) : null,
                                    ev[0], el("cite", { text: cite })]);
    return q;
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
    var rows = [];
    (m.a || []).forEach(function (a) { rows.push(["别名", a[0] + (a[1] ? "  @" + a[1] : "")]); });
    (m.f || []).forEach(function (f) { rows.push([f[0], f[1]]); });
    var table = el("table");
    rows.forEach(function (r) {
      var page = r[0] === "原文链接" && /^https?:\/\//.test(r[1]);   // the document's own page
      var cell = page ? el("td", null, [el("a", { href: r[1], text: r[1], target: "_blank", rel: "noopener noreferrer" })])
                      : el("td", { text: r[1] });
      table.appendChild(el("tr", null, [el("th", { text: r[0] }), cell]));
    });
    panel.appendChild(table);
    panel.appendChild(el("div", { className: "iri", text: m.iri }));

    var rels = adj[id];
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

  // -------------------------------------------------------------------- open / focus
  function setClass(key, on) {
    if (classOn[key] === on) return;
    classOn[key] = on;
    var box = document.getElementById("class-" + key);
    if (box) box.checked = on;
    nodesView.refresh();
    edgesView.refresh();
    counts();
  }

  /* Open a node: load its hidden neighbours (big graphs), highlight its neighbourhood and
     show its details. */
  function openNode(id, focus) {
    if (!classOn[meta[id].k]) setClass(meta[id].k, true);
    if (!loaded[id]) {
      var anchor = null;
      adj[id].forEach(function (k) {
        var e = visEdges[k], other = e.from === id ? e.to : e.from;
        if (anchor === null && loaded[other]) anchor = other;
      });
      load([id], anchor);
    }
    var hidden = [];
    adj[id].forEach(function (k) {
      var e = visEdges[k], other = e.from === id ? e.to : e.from;
      if (!loaded[other] && hidden.indexOf(other) < 0) hidden.push(other);
    });
    if (hidden.length) load(hidden.slice(0, D.openLimit), id);
    network.selectNodes([id]);
    highlight(id);
    showNode(id);
    if (hidden.length > D.openLimit) {
      panel.insertBefore(el("p", { className: "more",
        text: "已加载 " + D.openLimit + " / " + hidden.length + " 个隐藏的相邻节点；再次点击加载更多。" +
              " Loaded " + D.openLimit + " of " + hidden.length + " hidden neighbours; click again for more." }),
        panel.children[2] || null);
    }
    if (focus) network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: { duration: 350 } });
    counts();
    mark("selected", meta[id].iri);
  }

  network.on("click", function (p) {
    if (p.nodes.length) openNode(p.nodes[0], false);
    else if (p.edges.length) { unhighlight(); showEdge(p.edges[0]); }
    else { unhighlight(); resetPanel(); mark("selected", ""); }
  });

  // ------------------------------------------------------------------------- legend
  var legend = document.getElementById("legend");
  D.classes.forEach(function (c) {
    var box = el("input", { type: "checkbox", id: "class-" + c.key });
    box.checked = c.on;
    box.addEventListener("change", function () { setClass(c.key, box.checked); });
    legend.appendChild(el("label", { "for": "class-" + c.key, title: c.key },
      [box, swatch(c), c.zh + " " + c.key, el("span", { className: "count", text: "(" + fmtInt(c.count) + ")" })]));
  });

  // ------------------------------------------------------------------------- search
  var input = document.getElementById("search");
  var results = document.getElementById("search-results");
  var searchTimer = null, active = -1, hits = [];

  function search(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    var exact = [], prefix = [], other = [];
    for (var n = 0; n < N; n++) {
      var s = meta[n].s, at = s.indexOf(q);
      if (at < 0) continue;
      var lab = meta[n].l.toLowerCase();
      if (lab === q || s.split("\n").indexOf(q) >= 0) exact.push(n);
      else if (at === 0 || s.indexOf("\n" + q) >= 0) prefix.push(n);
      else other.push(n);
    }
    var byDegree = function (a, b) { return meta[b].d - meta[a].d; };
    return exact.sort(byDegree).concat(prefix.sort(byDegree), other.sort(byDegree));
  }
  function renderResults() {
    clear(results);
    if (!input.value.trim()) { results.hidden = true; return; }
    if (!hits.length) {
      results.appendChild(el("li", { className: "empty", text: "无结果 no match" }));
    }
    hits.slice(0, 20).forEach(function (n, k) {
      var li = el("li", { role: "option", className: k === active ? "active" : "" },
                  [swatch(CLASS[meta[n].k] || { color: "#bbb", shape: "dot" }),
                   el("span", { text: meta[n].l }), el("span", { className: "type", text: meta[n].tz })]);
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(n); });
      results.appendChild(li);
    });
    if (hits.length > 20) results.appendChild(el("li", { className: "empty", text: "… +" + (hits.length - 20) }));
    results.hidden = false;
  }
  function choose(n) {
    results.hidden = true;
    openNode(n, true);
  }
  input.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () { hits = search(input.value); active = -1; renderResults(); }, 120);
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

  // ------------------------------------------------------------------- banner, tools
  var P = D.prune;
  if (P.pruned) {
    var names = P.hiddenKinds.map(function (k) { return (CLASS[k] ? CLASS[k].zh : k) + " " + k; });
    var text = "大图模式：共 " + fmtInt(P.total) + " 个节点（不含文档），超过上限 " + fmtInt(P.maxNodes) +
      "，先显示 " + fmtInt(P.shown) + " 个。";
    if (names.length) text += "已隐藏：" + names.join("、") + "。";
    if (P.degreeCut) text += "只保留关系最多的节点。";
    text += "点击节点会展开它隐藏的相邻节点；搜索可找到任何节点。 Large graph: " + fmtInt(P.total) +
      " nodes (documents not counted), above the limit of " + fmtInt(P.maxNodes) + "; showing " + fmtInt(P.shown) +
      (P.hiddenKinds.length ? " (hidden: " + P.hiddenKinds.join(", ") + ")" : "") +
      (P.degreeCut ? ", the best connected first" : "") +
      ". Click a node to open its hidden neighbours; search finds every node.";
    document.getElementById("banner-text").textContent = text;
    var showAll = document.getElementById("btn-show-all");
    showAll.hidden = false;
    showAll.addEventListener("click", function () {
      showAll.disabled = true;
      var rest = [];
      for (var n = 0; n < N; n++) if (!loaded[n]) rest.push(n);
      load(rest);
      relayout();
    });
    document.getElementById("banner").hidden = false;
    mark("pruned", "true");
  } else {
    mark("pruned", "false");
  }
  document.getElementById("btn-fit").addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); });
  document.getElementById("btn-relayout").addEventListener("click", relayout);

  // ------------------------------------------- #node=<IRI or index>, #q=<text> in the URL
  function fromHash() {
    var h = location.hash.replace(/^#/, "");
    if (!h) return;
    h.split("&").forEach(function (part) {
      var eq = part.indexOf("="), key = part.slice(0, eq), val;
      try { val = decodeURIComponent(part.slice(eq + 1)); } catch (e) { return; }
      if (key === "node") {
        var id = -1;
        if (/^\d+$/.test(val) && +val < N) id = +val;
        else for (var n = 0; n < N; n++) if (meta[n].iri === val) { id = n; break; }
        if (id >= 0) openNode(id, true);
      } else if (key === "q") {
        input.value = val;
        hits = search(val);
        renderResults();
      }
    });
  }
  network.once("stabilizationIterationsDone", function () { setTimeout(fromHash, 0); });
  window.addEventListener("hashchange", fromHash);
  counts();
})();
