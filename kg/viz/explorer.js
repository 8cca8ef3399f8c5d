/* Explorer for the Belt and Road Science Cooperation graph.
 * Every piece of text from the data is written with textContent or as vis-network's
 * plain-text titles: nothing from the documents is ever parsed as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  var state = {
    color: data.options.color,
    size: data.options.size,
    classes: new Set(data.legend.classes.map(function (c) { return c.name; })),
    kinds: new Set(data.legend.kinds.map(function (k) { return k.name; })),
    docs: new Set(Object.keys(data.documents)),
    // How the text puts each statement (reported, announced, directed, recommended, target): all shown at first.
    modalities: new Set((data.legend.modalities || []).map(function (m) { return m.name; })),
    cluster: "all",
    view: data.options.view || "all",
    selected: data.options.selected || null,
    hideIsolated: true,
    drafts: true
  };
  var DRAFT = "#d9822b";
  if (data.options.docs) state.docs = new Set(data.options.docs);

  // ---- sizes and colours ------------------------------------------------------
  var sizeRange = {};
  data.measures.forEach(function (m) {
    var vals = data.nodes.map(function (n) { return n.measures[m] || 0; });
    sizeRange[m] = [Math.min.apply(null, vals), Math.max.apply(null, vals)];
  });
  function nodeSize(n) {
    if (state.size === "none") return 12;
    var r = sizeRange[state.size], v = n.measures[state.size] || 0;
    if (!r || r[1] === r[0]) return 12;
    return 8 + 32 * Math.sqrt((v - r[0]) / (r[1] - r[0]));
  }
  function nodeColor(n) {
    if (state.color === "cluster") return data.clusterColors[String(n.cluster)] || "#b8bec9";
    return data.classColors[n.class] || "#b8bec9";
  }
  function visNode(n) {
    var c = nodeColor(n);
    return {
      id: n.id, label: n.label, title: (n.draft ? "UNREVIEWED DRAFT\n" : "") + n.tooltip, shape: "dot", size: nodeSize(n),
      color: { background: c, border: n.draft ? DRAFT : "#3b4252", highlight: { background: c, border: "#111" } },
      borderWidth: n.draft ? 3 : 1, shapeProperties: { borderDashes: n.draft ? [4, 3] : false },
      font: { size: 13, face: "Noto Sans, Noto Sans CJK SC, Noto Sans Thai, sans-serif", strokeWidth: 3, strokeColor: "#fbfbf8" }
    };
  }
  function visEdge(e) {
    var style = data.kindStyles[e.kind] || { color: "#9aa3b2", dashes: false };
    // What the text does not report (a plan, a directive, a recommendation) is drawn fainter.
    var reported = !e.modality || e.modality === "Reported";
    return {
      id: e.id, from: e.from, to: e.to, title: (e.draft ? "UNREVIEWED DRAFT: " : "") + e.tooltip,
      color: { color: e.draft ? DRAFT : style.color, highlight: "#111", opacity: reported ? 0.85 : 0.4 },
      dashes: e.draft ? [8, 5] : style.dashes, width: 1 + Math.min(e.evidence.length, 6) * 0.6,
      arrows: e.directed ? { to: { enabled: true, scaleFactor: 0.5 } } : undefined
    };
  }

  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));

  // ---- filtering -------------------------------------------------------------------
  var egoSet = null;
  var topSet = null;
  function modalityShown(e) { return !e.modality || state.modalities.has(e.modality); }
  function edgeVisible(e) {
    if (e.draft && !state.drafts) return false;
    if (!state.kinds.has(e.kind)) return false;
    if (!modalityShown(e)) return false;
    if (!e.documents.some(function (d) { return state.docs.has(d); })) return false;
    return nodeVisible(byId[e.from]) && nodeVisible(byId[e.to]);
  }
  var connected = null;
  function computeConnected() {
    connected = new Set();
    data.edges.forEach(function (e) {
      if (e.draft && !state.drafts) return;
      if (!state.kinds.has(e.kind)) return;
      if (!modalityShown(e)) return;
      if (!e.documents.some(function (d) { return state.docs.has(d); })) return;
      connected.add(e.from); connected.add(e.to);
    });
  }
  function nodeVisible(n) {
    if (!n || !state.classes.has(n.class)) return false;
    if (n.draft && !state.drafts) return false;
    if (state.hideIsolated && connected && !connected.has(n.id) && n.id !== state.selected) return false;
    if (state.cluster !== "all" && String(n.cluster) !== state.cluster) return false;
    if (egoSet && !egoSet.has(n.id)) return false;
    if (topSet && !topSet.has(n.id)) return false;
    return true;
  }
  var nodeView = new vis.DataView(nodes, { filter: function (item) { return nodeVisible(byId[item.id]); } });
  var edgeView = new vis.DataView(edges, { filter: function (item) { return edgeVisible(edgeById[item.id]); } });

  function computeView() {
    egoSet = null; topSet = null;
    if (state.view === "ego" && state.selected && byId[state.selected]) {
      egoSet = new Set([state.selected]);
      data.edges.forEach(function (e) {
        if (!state.kinds.has(e.kind) || !modalityShown(e)) return;
        if (e.from === state.selected) egoSet.add(e.to);
        if (e.to === state.selected) egoSet.add(e.from);
      });
    } else if (state.view.indexOf("top") === 0) {
      var k = parseInt(state.view.slice(3), 10);
      var ranked = data.nodes.slice().sort(function (a, b) { return (b.measures.pagerank || 0) - (a.measures.pagerank || 0); });
      topSet = new Set(ranked.slice(0, k).map(function (n) { return n.id; }));
    }
  }
  function refresh() {
    computeConnected();
    computeView();
    nodes.update(data.nodes.map(visNode));
    nodeView.refresh();
    edgeView.refresh();
    document.getElementById("status").textContent = nodeView.length + " of " + data.nodes.length + " nodes, " + edgeView.length + " of " + data.edges.length + " edges shown";
    renderLegend();
  }

  // ---- network ---------------------------------------------------------------------
  var container = document.getElementById("canvas");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.visOptions);
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    document.body.setAttribute("data-ready", "1");
  });
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });
  window.kgExplorer = { network: network, showNode: showNode, showEdge: showEdge, data: data, state: state, refresh: refresh };

  // ---- controls ----------------------------------------------------------------------
  function checkList(containerId, items, set, swatch) {
    var box = document.getElementById(containerId);
    clear(box);
    items.forEach(function (item) {
      var label = el("label");
      var input = el("input");
      input.type = "checkbox"; input.checked = set.has(item.name); input.value = item.name;
      input.addEventListener("change", function () {
        if (input.checked) set.add(item.name); else set.delete(item.name);
        refresh();
      });
      label.appendChild(input);
      if (swatch) label.appendChild(swatch(item));
      label.appendChild(el("span", item.label + " (" + item.count + ")"));
      box.appendChild(label);
    });
  }
  function dot(color) { var s = el("span", null, "swatch"); s.style.background = color; return s; }
  function line(style) { var s = el("span", null, "line"); s.style.borderTopColor = style.color; if (style.dashes) s.style.borderTopStyle = "dashed"; return s; }
  checkList("f-classes", data.legend.classes, state.classes, function (c) { return dot(data.classColors[c.name]); });
  checkList("f-kinds", data.legend.kinds, state.kinds, function (k) { return line(data.kindStyles[k.name] || {}); });
  checkList("f-docs", data.legend.documents, state.docs);
  checkList("f-modalities", data.legend.modalities || [], state.modalities);

  var clusterSelect = document.getElementById("f-cluster");
  data.clusters.forEach(function (c) {
    var o = el("option", "Cluster " + c.name + " (" + c.size + ")");
    o.value = String(c.rank);
    clusterSelect.appendChild(o);
  });
  clusterSelect.addEventListener("change", function () { state.cluster = clusterSelect.value; refresh(); });
  var colorSelect = document.getElementById("o-color");
  colorSelect.value = state.color;
  colorSelect.addEventListener("change", function () { state.color = colorSelect.value; refresh(); });
  var sizeSelect = document.getElementById("o-size");
  data.measures.forEach(function (m) { var o = el("option", data.measureLabels[m]); o.value = m; sizeSelect.appendChild(o); });
  sizeSelect.value = state.size;
  sizeSelect.addEventListener("change", function () { state.size = sizeSelect.value; refresh(); });
  var viewSelect = document.getElementById("o-view");
  viewSelect.value = state.view;
  viewSelect.addEventListener("change", function () { state.view = viewSelect.value; refresh(); network.fit(); });
  // Drafts (kg build --include-drafts) are shown apart: dashed orange, a note in the
  // details, and one switch to hide everything known only from unreviewed curation.
  var drafts = data.drafts || { documents: [], nodes: 0, edges: 0 };
  if (drafts.documents.length) {
    document.getElementById("drafts").hidden = false;
    var plural = function (n, one, many) { return n + " " + (n === 1 ? one : many); };
    document.getElementById("drafts-text").textContent = plural(drafts.edges, "link or fact", "links and facts") + " and " +
      plural(drafts.nodes, "entity", "entities") + " come only from unreviewed draft curation (document" + (drafts.documents.length > 1 ? "s " : " ") +
      drafts.documents.join(", ") + "). They are drawn dashed in orange; check them before relying on them.";
    var draftBox = document.getElementById("o-drafts");
    draftBox.checked = state.drafts;
    draftBox.addEventListener("change", function () { state.drafts = draftBox.checked; refresh(); });
  }
  function draftNote(docs) {
    var mine = docs.filter(function (d) { return drafts.documents.indexOf(d) !== -1; });
    return el("div", "Unreviewed draft: known only from document" + (mine.length > 1 ? "s " : " ") + mine.join(", ") +
      ", whose curation kg ingest drafted and nobody has reviewed yet.", "draft-note");
  }
  var isolated = document.getElementById("o-isolated");
  isolated.checked = state.hideIsolated;
  isolated.addEventListener("change", function () { state.hideIsolated = isolated.checked; refresh(); });
  document.getElementById("b-fit").addEventListener("click", function () { network.fit(); });
  document.getElementById("b-reset").addEventListener("click", function () {
    state.view = "all"; viewSelect.value = "all"; state.cluster = "all"; clusterSelect.value = "all";
    refresh(); network.fit();
  });

  function renderLegend() {
    var box = document.getElementById("legend");
    clear(box);
    var items = state.color === "cluster"
      ? data.clusters.filter(function (c) { return c.size > 1; }).slice(0, 14).map(function (c) { return [data.clusterColors[String(c.rank)], "Cluster " + c.name]; })
      : data.legend.classes.map(function (c) { return [data.classColors[c.name], c.label, c.name]; });
    items.forEach(function (it) {
      var d = el("div"); d.appendChild(dot(it[0]));
      // a class links to its entry on the ontology page (kg docs writes ontology.html beside graph.html)
      var name = it[2] ? el("a", it[1]) : el("span", it[1]);
      if (it[2]) { name.href = "ontology.html#" + encodeURIComponent(it[2]); name.title = "What this class means"; }
      d.appendChild(name); box.appendChild(d);
    });
  }

  // ---- search ------------------------------------------------------------------------
  var search = document.getElementById("search");
  var matches = document.getElementById("matches");
  search.addEventListener("input", function () {
    clear(matches);
    var q = search.value.trim().toLowerCase();
    if (q.length < 1) return;
    var found = data.nodes.filter(function (n) { return n.search.indexOf(q) !== -1; }).slice(0, 12);
    if (!found.length) { matches.appendChild(el("div", "No match", "empty")); return; }
    found.forEach(function (n) {
      var b = el("button", n.label);
      b.addEventListener("click", function () { focusNode(n.id); });
      matches.appendChild(b);
    });
  });
  function focusNode(id) {
    if (!nodeVisible(byId[id])) { state.view = "all"; viewSelect.value = "all"; state.cluster = "all"; clusterSelect.value = "all"; state.classes.add(byId[id].class); refresh(); }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    showNode(id);
  }

  // ---- details -----------------------------------------------------------------------
  var panel = document.getElementById("detail-body");
  function dl(pairs) {
    var d = el("dl");
    pairs.forEach(function (p) { if (p[1] === undefined || p[1] === null || p[1] === "") return; d.appendChild(el("dt", p[0])); d.appendChild(el("dd", p[1])); });
    return d;
  }
  function quote(evId) {
    var ev = data.evidence[evId];
    var box = el("div", null, "quote");
    if (!ev) { box.appendChild(el("div", evId)); return box; }
    var exact = el("div", "“" + ev.quote + "”", "exact");
    exact.lang = ev.lang;
    box.appendChild(exact);
    if (ev.gloss) box.appendChild(el("div", ev.gloss, "gloss"));
    var doc = data.documents[ev.doc] || { title: ev.doc };
    box.appendChild(el("div", "Document " + ev.doc + ": " + doc.title + " — characters " + ev.start + "–" + ev.end, "src"));
    return box;
  }
  function showNode(id) {
    var n = byId[id];
    if (!n) return;
    state.selected = id;
    clear(panel);
    panel.appendChild(el("h1", n.label));
    if (n.draft) panel.appendChild(draftNote(n.documents));
    Object.keys(n.labels).forEach(function (lang) { if (lang !== "en") { var p = el("div", n.labels[lang], "sub"); p.lang = lang; panel.appendChild(p); } });
    var pairs = [["Class", n.classLabel], ["Cluster", n.cluster ? "Cluster " + (data.clusterNames[String(n.cluster)] || n.cluster) : ""], ["Documents", n.documents.join(", ")], ["IRI", n.iri]];
    data.measures.forEach(function (m) { if (n.measures[m] !== undefined) pairs.push([data.measureLabels[m], String(n.measures[m])]); });
    panel.appendChild(dl(pairs));
    if (n.alt.length) { panel.appendChild(el("h2", "Also called")); panel.appendChild(el("div", n.alt.join(" · "), "sub")); }
    var mine = data.edges.filter(function (e) { return e.from === id || e.to === id; });
    panel.appendChild(el("h2", "Links and facts (" + mine.length + ")"));
    mine.slice(0, 80).forEach(function (e) {
      var other = byId[e.from === id ? e.to : e.from];
      var otherLabel = other ? other.label : "?";
      var from = byId[e.from], to = byId[e.to];
      var text = !e.directed ? e.kindLabel + " with " + otherLabel
        : (from ? from.label : e.from) + " — " + e.kindLabel.toLowerCase() + " → " + (to ? to.label : e.to);
      var b = el("button", text);
      b.style.display = "block"; b.style.width = "100%"; b.style.textAlign = "left"; b.style.margin = "2px 0";
      b.addEventListener("click", function () { network.selectEdges([e.id]); showEdge(e.id); });
      panel.appendChild(b);
    });
  }
  function showEdge(id) {
    var e = edgeById[id];
    if (!e) return;
    clear(panel);
    var a = byId[e.from], b = byId[e.to];
    panel.appendChild(el("h1", e.kindLabel));
    if (e.draft) panel.appendChild(draftNote(e.documents));
    panel.appendChild(el("div", (a ? a.label : e.from) + (e.directed ? " → " : " — ") + (b ? b.label : e.to), "sub"));
    panel.appendChild(dl([["Type", e.typeLabel], ["Modality", e.modalityLabel], ["Status", e.status], ["Date", e.date], ["Participants", e.participants.join("; ")], ["Documents", e.documents.join(", ")], ["Statement", e.statement]]));
    if (e.modality && e.modality !== "Reported") {
      panel.appendChild(el("div", "Not reported: the text " + ({ Announced: "announces it (an actor says it will)", Directed: "directs it (a policy orders or encourages it)",
        Recommended: "recommends it (the author advises it)", Target: "sets it as a target" }[e.modality] || "does not report it") +
        ". The status, if any, is that of the thing, not of this claim.", "modality-note"));
    }
    panel.appendChild(el("h2", "Evidence (" + e.evidence.length + ")"));
    e.evidence.forEach(function (ev) { panel.appendChild(quote(ev)); });
  }

  refresh();
  if (state.selected && byId[state.selected]) showNode(state.selected);
})();
