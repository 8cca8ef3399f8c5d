/* Explorer for the Belt and Road Science Cooperation graph.
 *
 * Every piece of text from the data is written with textContent, drawn on the canvas with
 * fillText, or given to vis-network as a plain-text title: nothing from the documents is
 * ever parsed as HTML.
 *
 * Node positions come with the page (computed when it was built) and physics is off, so
 * a filter, a view or a reset only hides and shows nodes where they stand.  The state a
 * reader sets up (view, filters, selection, zoom) lives in the address's hash.
 */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const visOptions = data.visOptions;
  const relaxPhysics = visOptions.relax;
  delete visOptions.relax;
  const byId = {};
  const edgeById = {};
  const edgesOf = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; edgesOf[n.id] = []; });
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
    if (edgesOf[e.from]) edgesOf[e.from].push(e);
    if (e.to !== e.from && edgesOf[e.to]) edgesOf[e.to].push(e);
  });
  const ranked = data.nodes.slice().sort(function (a, b) { return a.rank - b.rank; });
  const DRAFT = "#d9822b";
  const FONT = "Noto Sans, Noto Sans CJK SC, Noto Sans Thai, TlwgTypo, sans-serif";
  const PAGE = 25;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function button(text, onClick, cls, aria) {
    const b = el("button", text, cls);
    b.type = "button";
    if (aria) b.setAttribute("aria-label", aria);
    b.addEventListener("click", onClick);
    return b;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function $(id) { return document.getElementById(id); }
  function plural(n, one, many) { return n.toLocaleString("en") + " " + (n === 1 ? one : many); }

  // ---- state --------------------------------------------------------------------------
  const ALL = {
    classes: data.legend.classes.map(function (c) { return c.name; }),
    kinds: data.legend.kinds.map(function (k) { return k.name; }),
    docs: Object.keys(data.documents),
    modalities: (data.legend.modalities || []).map(function (m) { return m.name; }),
    statuses: (data.legend.statuses || []).map(function (s) { return s.name; })
  };
  function initialState() {
    return {
      color: data.options.color || "class",
      size: data.options.size || "pagerank",
      labels: data.options.labels || "en",
      view: data.options.view || "all",
      selected: data.options.selected || null,
      classes: new Set(ALL.classes),
      kinds: new Set(ALL.kinds),
      docs: new Set(data.options.docs || ALL.docs),
      modalities: new Set(ALL.modalities),
      statuses: new Set(ALL.statuses),
      cluster: "all",
      hideIsolated: true,
      drafts: true,
      years: data.years.length ? data.years.slice() : null,
      undated: true,
      ego: null,
      pinned: new Set(),
      pinnedEdges: new Set(),
      path: { from: null, to: null },
      list: false
    };
  }
  const state = initialState();
  if (state.view === "ego" && state.selected && byId[state.selected]) state.ego = neighbourhood(new Set([state.selected]), state.selected);

  // ---- styles -----------------------------------------------------------------------
  const sizeRange = {};
  data.measures.forEach(function (m) {
    let lo = Infinity, hi = -Infinity;
    data.nodes.forEach(function (n) { const v = n.measures[m] || 0; if (v < lo) lo = v; if (v > hi) hi = v; });
    sizeRange[m] = [lo, hi];
  });
  function nodeSize(n) {
    if (state.size === "none") return 12;
    const r = sizeRange[state.size], v = n.measures[state.size] || 0;
    if (!r || r[1] === r[0]) return 12;
    return 8 + 32 * Math.sqrt((v - r[0]) / (r[1] - r[0]));
  }
  function nodeColor(n) {
    if (state.color === "cluster") return data.clusterColors[String(n.cluster)] || "#c9ced8";
    return (data.classStyles[n.class] || {}).colour || "#999999";
  }
  function visNode(n) {
    const c = nodeColor(n);
    const style = data.classStyles[n.class] || {};
    const thick = style.outline === "thick";
    const pinned = state.pinned.has(n.id);
    return {
      id: n.id, x: n.x, y: n.y, title: (n.draft ? "UNREVIEWED DRAFT\n" : "") + n.tooltip,
      shape: state.color === "cluster" ? "dot" : (style.shape || "dot"), size: nodeSize(n),
      color: { background: c, border: n.draft ? DRAFT : (pinned ? "#7a5cc7" : "#2b3140"), highlight: { background: c, border: "#111" }, hover: { background: c, border: "#111" } },
      borderWidth: n.draft || thick || pinned ? 3 : 1,
      shapeProperties: { borderDashes: n.draft || pinned ? [4, 3] : false }
    };
  }
  // Parallel edges (several statements between one pair) are bent apart so each can be clicked.
  const parallel = {};
  data.edges.forEach(function (e) {
    const key = e.from < e.to ? e.from + "\u0000" + e.to : e.to + "\u0000" + e.from;
    const k = parallel[key] = (parallel[key] === undefined ? 0 : parallel[key] + 1);
    e._bend = k === 0 ? false : { enabled: true, type: k % 2 ? "curvedCW" : "curvedCCW", roundness: 0.18 * Math.ceil(k / 2) };
  });
  function visEdge(e) {
    const style = data.kindStyles[e.kind] || { color: "#9aa3b2", dashes: false };
    // What the text does not report (a plan, a directive, a recommendation) is drawn fainter.
    const reported = !e.modality || e.modality === "Reported";
    return {
      id: e.id, from: e.from, to: e.to, title: (e.draft ? "UNREVIEWED DRAFT: " : "") + e.tooltip,
      color: { color: e.draft ? DRAFT : style.color, highlight: "#111", hover: "#111", opacity: reported ? 0.85 : 0.4 },
      dashes: e.draft ? [8, 5] : style.dashes, width: (style.width || 1) + Math.min(e.evidence.length, 6) * 0.5,
      smooth: e._bend, arrows: e.directed ? { to: { enabled: true, scaleFactor: 0.5 } } : undefined
    };
  }

  const nodes = new vis.DataSet(data.nodes.map(visNode));
  const edges = new vis.DataSet(data.edges.map(visEdge));

  // ---- filtering ----------------------------------------------------------------------
  let connected = new Set();
  let topSet = null;
  function edgePasses(e) {
    if (e.draft && !state.drafts) return false;
    if (!state.kinds.has(e.kind) || !state.modalities.has(e.modality) || !state.statuses.has(e.status)) return false;
    if (state.years) {
      if (e.year === null || e.year === undefined) { if (!state.undated) return false; }
      else if (e.year < state.years[0] || e.year > state.years[1]) return false;
    }
    for (let i = 0; i < e.documents.length; i++) if (state.docs.has(e.documents[i])) return true;
    return false;
  }
  function nodePasses(n) {
    if (!state.classes.has(n.class)) return false;
    if (n.draft && !state.drafts) return false;
    if (state.cluster !== "all" && String(n.cluster) !== state.cluster) return false;
    if (state.view === "ego" && state.ego && !state.ego.has(n.id)) return false;
    if (topSet && !topSet.has(n.id)) return false;
    return true;
  }
  function nodeVisible(n) {
    if (!n) return false;
    if (state.pinned.has(n.id)) return true;
    if (!nodePasses(n)) return false;
    return !state.hideIsolated || connected.has(n.id) || n.id === state.selected;
  }
  function edgeVisible(e) {
    if (!e) return false;
    if (state.pinnedEdges.has(e.id)) return true;
    return edgePasses(e) && nodeVisible(byId[e.from]) && nodeVisible(byId[e.to]);
  }
  function neighbourhood(set, id) {
    (edgesOf[id] || []).forEach(function (e) {
      if (!edgePasses(e)) return;
      set.add(e.from); set.add(e.to);
    });
    return set;
  }
  function computeSets() {
    connected = new Set();
    data.edges.forEach(function (e) { if (edgePasses(e)) { connected.add(e.from); connected.add(e.to); } });
    topSet = null;
    const top = /^top(\d+)$/.exec(state.view);
    if (top) topSet = new Set(ranked.slice(0, parseInt(top[1], 10)).map(function (n) { return n.id; }));
  }
  const nodeView = new vis.DataView(nodes, { filter: function (item) { return nodeVisible(byId[item.id]); } });
  const edgeView = new vis.DataView(edges, { filter: function (item) { return edgeVisible(edgeById[item.id]); } });
  let visibleRanked = [];
  let styleKey = null;

  function refresh(options) {
    const t0 = performance.now();
    computeSets();
    // Restyling every node costs more than filtering: only when a style input changed.
    const key = [state.color, state.size, Array.from(state.pinned).sort().join(",")].join("|");
    if (key !== styleKey) { nodes.update(data.nodes.map(visNode)); styleKey = key; }
    nodeView.refresh();
    edgeView.refresh();
    keepDrawingOrder();
    const shown = new Set(nodeView.getIds());
    visibleRanked = ranked.filter(function (n) { return shown.has(n.id); });
    let text = shown.size.toLocaleString("en") + " of " + data.nodes.length.toLocaleString("en") + " nodes, " +
      edgeView.length.toLocaleString("en") + " of " + data.edges.length.toLocaleString("en") + " edges shown";
    if (state.pinned.size) text += " (" + plural(state.pinned.size, "entity", "entities") + " shown although the filters hide " + (state.pinned.size === 1 ? "it" : "them") + ")";
    $("status").textContent = text;
    const limited = /^top(\d+)$/.exec(state.view);
    $("show-all").hidden = !(limited && parseInt(limited[1], 10) === data.firstViewLimit);
    $("show-all-text").textContent = "Showing the " + data.firstViewLimit.toLocaleString("en") + " most central of " + data.nodes.length.toLocaleString("en") + " entities.";
    renderLegend();
    if (state.list) renderList();
    if (!(options && options.keepUrl)) saveUrl();
    network.redraw();
    timings.lastRefresh = performance.now() - t0;
  }
  const timings = { lastRefresh: 0 };
  // vis-network draws in the order its items were added, and a filter that hides and
  // shows a node adds it again, on top.  Putting the items back in the page's order
  // after each refresh keeps which node covers which, so a round trip gives back the
  // same picture, pixel for pixel.  (vis-network 9.1.2's body.nodes and body.edges are
  // plain objects read through body on every use; the file is vendored and pinned.)
  const nodeOrder = data.nodes.map(function (n) { return n.id; });
  const edgeOrder = data.edges.map(function (e) { return e.id; });
  function ordered(items, order) {
    const out = {};
    order.forEach(function (id) { if (Object.prototype.hasOwnProperty.call(items, id)) out[id] = items[id]; });
    Object.keys(items).forEach(function (id) { if (!Object.prototype.hasOwnProperty.call(out, id)) out[id] = items[id]; });
    return out;
  }
  function keepDrawingOrder() {
    const body = network.body;
    body.nodes = ordered(body.nodes, nodeOrder);
    body.edges = ordered(body.edges, edgeOrder);
    body.emitter.emit("_dataChanged");
  }

  // ---- network and labels -----------------------------------------------------------
  const container = $("canvas");
  const network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, visOptions);
  let placed = [];
  const widths = {};
  // Long names are cut on the map (the tooltip, the panel and search keep them whole).
  function labelText(n) {
    if (state.labels === "none") return "";
    const text = state.labels !== "en" && n.labels[state.labels] ? n.labels[state.labels] : n.label;
    const max = state.labels === "zh" ? 14 : 30;
    return Array.from(text).length > max ? Array.from(text).slice(0, max - 1).join("") + "…" : text;
  }
  // Labels are drawn here, not by vis-network: a fixed size on screen, the most central
  // first, and a label only where it overlaps no label already drawn.  Zooming in spreads
  // the nodes apart and so labels more of them; at any zoom no two labels overlap.
  function drawLabels(ctx) {
    placed = [];
    if (state.labels === "none") return;
    const view = network.body.view;
    const scale = view.scale, tx = view.translation.x, ty = view.translation.y;
    const W = container.clientWidth, H = container.clientHeight;
    const ratio = network.canvas.pixelRatio || 1;
    const cell = 40, grid = new Map();
    const bodyNodes = network.body.nodes;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = "12px " + FONT;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    function fits(box) {
      for (let gx = Math.floor(box[0] / cell); gx <= Math.floor((box[0] + box[2]) / cell); gx++) {
        for (let gy = Math.floor(box[1] / cell); gy <= Math.floor((box[1] + box[3]) / cell); gy++) {
          const list = grid.get(gx + "," + gy);
          if (!list) continue;
          for (let i = 0; i < list.length; i++) {
            const o = list[i];
            if (box[0] < o[0] + o[2] && o[0] < box[0] + box[2] && box[1] < o[1] + o[3] && o[1] < box[1] + box[3]) return false;
          }
        }
      }
      return true;
    }
    function put(box) {
      for (let gx = Math.floor(box[0] / cell); gx <= Math.floor((box[0] + box[2]) / cell); gx++) {
        for (let gy = Math.floor(box[1] / cell); gy <= Math.floor((box[1] + box[3]) / cell); gy++) {
          const k = gx + "," + gy;
          if (!grid.has(k)) grid.set(k, []);
          grid.get(k).push(box);
        }
      }
    }
    const first = [];
    if (state.selected && byId[state.selected]) first.push(byId[state.selected]);
    pathNodes.forEach(function (id) { if (byId[id]) first.push(byId[id]); });
    const order = first.concat(visibleRanked);
    const seen = new Set();
    for (let i = 0; i < order.length && placed.length < 600; i++) {
      const n = order[i];
      if (seen.has(n.id)) continue;
      seen.add(n.id);
      const b = bodyNodes[n.id];
      if (!b) continue;
      const dx = b.x * scale + tx, dy = b.y * scale + ty;
      if (dx < -150 || dx > W + 150 || dy < -40 || dy > H + 40) continue;
      const text = labelText(n);
      if (!text) continue;
      const wkey = state.labels + "\u0000" + text;
      let w = widths[wkey];
      if (w === undefined) w = widths[wkey] = ctx.measureText(text).width;
      const r = (b.options.size || 10) * scale;
      // below the node, else above, right or left of it
      const spots = [[dx - w / 2 - 2, dy + r + 2], [dx - w / 2 - 2, dy - r - 18], [dx + r + 3, dy - 8], [dx - r - w - 7, dy - 8]];
      let box = null;
      for (let k = 0; k < spots.length && !box; k++) {
        const candidate = [spots[k][0], spots[k][1], w + 4, 16];
        if (fits(candidate)) box = candidate;
      }
      if (!box) continue;
      put(box);
      placed.push({ id: n.id, text: text, x: box[0], y: box[1], w: box[2], h: box[3] });
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(251,251,248,0.92)";
      ctx.strokeText(text, box[0] + box[2] / 2, box[1] + 1);
      ctx.fillStyle = "#1d2330";
      ctx.fillText(text, box[0] + box[2] / 2, box[1] + 1);
    }
    ctx.restore();
  }
  network.on("afterDrawing", drawLabels);
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });
  let urlTimer = null;
  function saveUrlSoon() { clearTimeout(urlTimer); urlTimer = setTimeout(saveUrl, 250); }
  network.on("zoom", saveUrlSoon);
  network.on("dragEnd", saveUrlSoon);

  // Keyboard on the map: arrows pan, + and - zoom, 0 fits.
  container.addEventListener("keydown", function (ev) {
    const step = 80, pos = network.getViewPosition(), scale = network.getScale();
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[ev.key]) {
      network.moveTo({ position: { x: pos.x + moves[ev.key][0] / scale, y: pos.y + moves[ev.key][1] / scale }, animation: false });
    } else if (ev.key === "+" || ev.key === "=") {
      network.moveTo({ scale: scale * 1.25, animation: false });
    } else if (ev.key === "-") {
      network.moveTo({ scale: scale / 1.25, animation: false });
    } else if (ev.key === "0") {
      network.fit({ animation: false });
    } else return;
    ev.preventDefault();
    saveUrlSoon();
  });

  // ---- controls -----------------------------------------------------------------------
  const SHAPE_SYMBOL = { dot: "●", square: "■", triangle: "▲", diamond: "◆", star: "★", triangleDown: "▼", hexagon: "⬢" };
  function shapeIcon(style) {
    const s = el("span", SHAPE_SYMBOL[style.shape] || "●", "shape" + (style.outline === "thick" ? " thick" : ""));
    s.style.color = style.colour;
    s.setAttribute("aria-hidden", "true");
    return s;
  }
  function dot(color) { const s = el("span", null, "swatch"); s.style.background = color; s.setAttribute("aria-hidden", "true"); return s; }
  // A line sample in the kind's colour and dash pattern (CSS only: the page creates no SVG or images).
  function lineIcon(style) {
    const s = el("span", null, "line");
    const colour = style.color || "#888";
    const dashes = style.dashes === true ? [6, 4] : style.dashes;
    if (dashes && dashes.length) {
      const stops = [];
      let at = 0;
      for (let i = 0; i < dashes.length; i++) {
        const next = at + dashes[i];
        stops.push((i % 2 ? "transparent " : colour + " ") + at + "px " + next + "px");
        at = next;
      }
      if (dashes.length % 2) stops.push("transparent " + at + "px " + (at + dashes[dashes.length - 1]) + "px");
      s.style.background = "repeating-linear-gradient(to right, " + stops.join(", ") + ")";
    } else s.style.background = colour;
    s.style.height = String(1.5 + (style.width || 1)) + "px";
    s.setAttribute("aria-hidden", "true");
    return s;
  }
  const boxes = {};
  function checkList(containerId, items, key, icon, groups) {
    const box = $(containerId);
    clear(box);
    boxes[key] = [];
    function add(item, parent) {
      const label = el("label");
      const input = el("input");
      input.type = "checkbox"; input.value = item.name;
      input.addEventListener("change", function () {
        if (input.checked) state[key].add(item.name); else state[key].delete(item.name);
        refresh();
      });
      boxes[key].push(input);
      label.appendChild(input);
      if (icon) label.appendChild(icon(item));
      label.appendChild(el("span", (item.label || item.name) + " (" + item.count + ")"));
      parent.appendChild(label);
    }
    if (groups) {
      groups.forEach(function (g) {
        const head = el("div", null, "group-head");
        head.appendChild(dot(g.colour));
        head.appendChild(el("span", g.label));
        box.appendChild(head);
        g.classes.forEach(function (c) {
          const item = data.legend.classes.find(function (x) { return x.name === c.name; });
          add({ name: c.name, label: item ? item.label : c.name, count: c.count, style: c }, box);
        });
      });
    } else items.forEach(function (item) { add(item, box); });
  }
  checkList("f-classes", null, "classes", function (c) { return shapeIcon(c.style); }, data.legend.groups);
  checkList("f-kinds", data.legend.kinds, "kinds", function (k) { return lineIcon(data.kindStyles[k.name] || {}); });
  checkList("f-docs", data.legend.documents, "docs");
  checkList("f-modalities", data.legend.modalities || [], "modalities");
  checkList("f-statuses", data.legend.statuses || [], "statuses");

  const clusterSelect = $("f-cluster");
  data.clusters.forEach(function (c) {
    const o = el("option", "Cluster " + c.name + " (" + c.size + ")");
    o.value = String(c.rank);
    clusterSelect.appendChild(o);
  });
  clusterSelect.addEventListener("change", function () { state.cluster = clusterSelect.value; refresh(); fitVisible(); });
  const colorSelect = $("o-color");
  colorSelect.addEventListener("change", function () { state.color = colorSelect.value; refresh(); });
  const sizeSelect = $("o-size");
  data.measures.forEach(function (m) { const o = el("option", data.measureLabels[m]); o.value = m; sizeSelect.appendChild(o); });
  sizeSelect.addEventListener("change", function () { state.size = sizeSelect.value; refresh(); });
  const labelSelect = $("o-labels");
  labelSelect.addEventListener("change", function () { state.labels = labelSelect.value; refresh(); });
  const viewSelect = $("o-view");
  function ensureViewOption(view) {
    if (Array.prototype.some.call(viewSelect.options, function (o) { return o.value === view; })) return;
    const top = /^top(\d+)$/.exec(view);
    if (!top) return;
    const o = el("option", "Top " + parseInt(top[1], 10).toLocaleString("en") + " by PageRank");
    o.value = view;
    viewSelect.insertBefore(o, viewSelect.options[1]);
  }
  ensureViewOption(state.view);
  viewSelect.addEventListener("change", function () { setView(viewSelect.value); });
  function setView(view) {
    if (view === "ego") {
      if (!state.selected || !byId[state.selected]) {
        viewSelect.value = state.view;
        $("status").textContent = "Open a node first: the neighbourhood view starts from the selected node.";
        return;
      }
      state.ego = neighbourhood(new Set([state.selected]), state.selected);
    } else state.ego = null;
    ensureViewOption(view);
    state.view = view;
    viewSelect.value = view;
    refresh();
    fitVisible();
  }
  const isolated = $("o-isolated");
  isolated.addEventListener("change", function () { state.hideIsolated = isolated.checked; refresh(); });
  const drafts = data.drafts || { documents: [], nodes: 0, edges: 0 };
  const draftBox = $("o-drafts");
  if (drafts.documents.length) {
    $("drafts").hidden = false;
    $("drafts-text").textContent = plural(drafts.edges, "link or fact", "links and facts") + " and " +
      plural(drafts.nodes, "entity", "entities") + " come only from unreviewed draft curation (document" + (drafts.documents.length > 1 ? "s " : " ") +
      drafts.documents.join(", ") + "). They are drawn dashed in orange; check them before relying on them.";
    draftBox.addEventListener("change", function () { state.drafts = draftBox.checked; refresh(); });
  }
  function draftNote(docs) {
    const mine = docs.filter(function (d) { return drafts.documents.indexOf(d) !== -1; });
    return el("div", "Unreviewed draft: known only from document" + (mine.length > 1 ? "s " : " ") + mine.join(", ") +
      ", whose curation kg ingest drafted and nobody has reviewed yet.", "draft-note");
  }

  // Timeline: a range of years over the dated links and facts; the undated ones apart.
  const timeline = $("timeline");
  const yearInputs = [];
  const undatedBox = el("input");
  if (data.years.length) {
    const label = el("div", "", "sub");
    label.id = "year-label";
    timeline.appendChild(label);
    ["From", "To"].forEach(function (name, i) {
      const row = el("label", null, "year-row");
      row.appendChild(el("span", name));
      const input = el("input");
      input.type = "range"; input.min = String(data.years[0]); input.max = String(data.years[1]); input.step = "1";
      input.setAttribute("aria-label", name + " year");
      input.addEventListener("input", function () {
        const v = parseInt(input.value, 10);
        state.years[i] = v;
        if (state.years[0] > state.years[1]) { state.years[1 - i] = v; }
        syncControls();
        refresh();
      });
      yearInputs.push(input);
      row.appendChild(input);
      timeline.appendChild(row);
    });
    const row = el("label", null, "sub");
    undatedBox.type = "checkbox";
    undatedBox.addEventListener("change", function () { state.undated = undatedBox.checked; refresh(); });
    row.appendChild(undatedBox);
    row.appendChild(el("span", " Include undated links and facts (" + data.legend.undated + ")"));
    timeline.appendChild(row);
  } else {
    timeline.appendChild(el("p", "No link or fact carries a date.", "sub"));
  }

  function syncControls() {
    Object.keys(boxes).forEach(function (key) { boxes[key].forEach(function (input) { input.checked = state[key].has(input.value); }); });
    colorSelect.value = state.color;
    sizeSelect.value = state.size;
    labelSelect.value = state.labels;
    ensureViewOption(state.view);
    viewSelect.value = state.view;
    clusterSelect.value = state.cluster;
    isolated.checked = state.hideIsolated;
    draftBox.checked = state.drafts;
    if (state.years) {
      yearInputs.forEach(function (input, i) { input.value = String(state.years[i]); });
      undatedBox.checked = state.undated;
      const label = $("year-label");
      if (label) label.textContent = state.years[0] + "–" + state.years[1] + (state.undated ? ", and undated" : ", dated only");
    }
    $("b-list").setAttribute("aria-pressed", state.list ? "true" : "false");
    $("b-list").textContent = state.list ? "Map view" : "List view";
    $("list").hidden = !state.list;
    container.classList.toggle("behind", state.list);
  }

  function fitVisible() {
    const ids = nodeView.getIds();
    if (ids.length) network.fit({ nodes: ids, animation: false });
    saveUrlSoon();
  }
  function restorePositions() {
    nodes.update(data.nodes.map(function (n) { return { id: n.id, x: n.x, y: n.y }; }));
  }
  $("b-fit").addEventListener("click", function () { network.fit({ animation: false }); saveUrlSoon(); });
  $("b-reset").addEventListener("click", reset);
  function reset() {
    stopRelax();
    const fresh = initialState();
    Object.keys(fresh).forEach(function (k) { state[k] = fresh[k]; });
    state.selected = null;
    state.docs = new Set(ALL.docs);
    pathNodes = [];
    restorePositions();
    syncControls();
    refresh();
    network.unselectAll();
    network.fit({ animation: false });
    renderPath();
    saveUrl();
  }
  let relaxTimer = null;
  function stopRelax() {
    if (relaxTimer === null) return;
    clearTimeout(relaxTimer);
    relaxTimer = null;
    network.setOptions({ physics: { enabled: false } });
    $("b-relax").textContent = "Relax layout";
  }
  $("b-relax").addEventListener("click", function () {
    if (relaxTimer !== null) { stopRelax(); return; }
    network.setOptions({ physics: relaxPhysics });
    $("b-relax").textContent = "Stop relaxing";
    relaxTimer = setTimeout(stopRelax, 4000);
  });
  $("b-list").addEventListener("click", function () { state.list = !state.list; syncControls(); if (state.list) { renderList(); $("list").focus(); } saveUrl(); });
  $("b-show-all").addEventListener("click", function () { setView("all"); });

  function renderLegend() {
    const box = $("legend");
    clear(box);
    if (state.color === "cluster") {
      data.legend.clusters.coloured.forEach(function (c) {
        const d = el("div"); d.appendChild(dot(data.clusterColors[String(c.rank)])); d.appendChild(el("span", "Cluster " + c.name + " (" + c.size + ")")); box.appendChild(d);
      });
      const other = data.legend.clusters.other;
      if (other.clusters) {
        const d = el("div"); d.appendChild(dot("#c9ced8"));
        d.appendChild(el("span", "Other clusters (" + plural(other.clusters, "cluster", "clusters") + ", " + plural(other.members, "member", "members") + ")"));
        box.appendChild(d);
      }
      return;
    }
    data.legend.groups.forEach(function (g) {
      const head = el("div", null, "group-head"); head.appendChild(dot(g.colour)); head.appendChild(el("span", g.label + " (" + g.count + ")")); box.appendChild(head);
      g.classes.forEach(function (c) {
        const d = el("div", null, "legend-class");
        d.appendChild(shapeIcon(c));
        // a class links to its entry on the ontology page (kg docs writes ontology.html beside graph.html)
        const item = data.legend.classes.find(function (x) { return x.name === c.name; });
        const name = el("a", item ? item.label : c.name);
        name.href = "ontology.html#" + encodeURIComponent(c.name); name.title = "What this class means";
        d.appendChild(name);
        box.appendChild(d);
      });
    });
  }

  // ---- list view (the nodes in view, as an alternative to the canvas) ------------------
  let listLimit = 200;
  function renderList() {
    const box = $("list");
    clear(box);
    box.appendChild(el("h2", plural(visibleRanked.length, "node in view", "nodes in view") + ", most central first"));
    const table = el("table");
    const head = el("tr");
    ["#", "Name", "Class", "Cluster", "PageRank"].forEach(function (h) { const th = el("th", h); th.scope = "col"; head.appendChild(th); });
    const thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    const body = el("tbody");
    visibleRanked.slice(0, listLimit).forEach(function (n, i) {
      const tr = el("tr");
      tr.appendChild(el("td", String(i + 1)));
      const cell = el("td"); cell.appendChild(button(n.label, function () { openNode(n.id); }, "link")); tr.appendChild(cell);
      tr.appendChild(el("td", n.classLabel));
      tr.appendChild(el("td", n.cluster ? (data.clusterNames[String(n.cluster)] || String(n.cluster)) : ""));
      tr.appendChild(el("td", n.measures.pagerank !== undefined ? String(n.measures.pagerank) : ""));
      body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(table);
    if (visibleRanked.length > listLimit) box.appendChild(button("Show " + Math.min(200, visibleRanked.length - listLimit) + " more", function () { listLimit += 200; renderList(); }));
  }

  // ---- search ---------------------------------------------------------------------------
  function searchKey(text) { return text.normalize("NFKC").toLowerCase().replace(/\s+/g, ""); }
  // Exact name first, then names that start with the query, then names that contain it;
  // ties by centrality, so the main actor of a place comes before its many namesakes.
  function searchNodes(query) {
    const q = searchKey(query);
    if (!q) return [];
    const found = [];
    data.nodes.forEach(function (n) {
      let best = 3;
      for (let i = 0; i < n.names.length && best > 0; i++) {
        const name = n.names[i];
        if (name === q) best = 0;
        else if (best > 1 && name.lastIndexOf(q, 0) === 0) best = 1;
        else if (best > 2 && name.indexOf(q) !== -1) best = 2;
      }
      if (best < 3) found.push([best, n.rank, n]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return found.map(function (f) { return f[2]; });
  }
  const search = $("search");
  const matches = $("matches");
  let results = [];
  let shownResults = 0;
  function renderMatches(more) {
    if (!more) { clear(matches); shownResults = 0; }
    const old = matches.querySelector(".more");
    if (old) old.remove();
    const slice = results.slice(shownResults, shownResults + PAGE);
    slice.forEach(function (n, i) {
      const b = el("button", null, "match");
      b.type = "button";
      b.id = "match-" + (shownResults + i);
      b.setAttribute("role", "option");
      b.appendChild(el("span", n.label));
      const extra = n.labels.zh || n.labels.th || "";
      b.appendChild(el("span", " " + n.classLabel + (extra && extra !== n.label ? " · " + extra : "") + (nodeVisible(n) ? "" : " · hidden by the filters, opens anyway"), "sub"));
      b.addEventListener("click", function () { openNode(n.id); });
      matches.appendChild(b);
    });
    shownResults += slice.length;
    if (shownResults < results.length) {
      matches.appendChild(button("Show " + Math.min(PAGE, results.length - shownResults) + " more of " + results.length.toLocaleString("en"), function () {
        const next = shownResults;
        renderMatches(true);
        const b = $("match-" + next); if (b) b.focus();
      }, "more"));
    }
  }
  function runSearch() {
    results = searchNodes(search.value);
    const count = $("match-count");
    if (!searchKey(search.value)) { clear(matches); count.textContent = ""; search.setAttribute("aria-expanded", "false"); return; }
    count.textContent = results.length ? plural(results.length, "match", "matches") + (results.length > 1 ? ", best first" : "") + ". Enter opens the first." : "No match";
    search.setAttribute("aria-expanded", results.length ? "true" : "false");
    renderMatches(false);
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); if (results.length) openNode(results[0].id); }
    else if (ev.key === "ArrowDown") { ev.preventDefault(); const b = matches.querySelector("button"); if (b) b.focus(); }
    else if (ev.key === "Escape") { search.value = ""; runSearch(); }
  });
  matches.addEventListener("keydown", function (ev) {
    if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return;
    const all = Array.prototype.slice.call(matches.querySelectorAll("button"));
    const i = all.indexOf(document.activeElement);
    ev.preventDefault();
    if (ev.key === "ArrowDown" && i < all.length - 1) all[i + 1].focus();
    else if (ev.key === "ArrowUp") (i > 0 ? all[i - 1] : search).focus();
  });

  // Opening an entity the filters hide shows it anyway (pinned, outlined) instead of failing.
  function openNode(id) {
    const n = byId[id];
    if (!n) return;
    if (!nodeVisible(n)) { state.pinned.add(id); refresh(); }
    showNode(id);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    saveUrlSoon();
  }
  function selectOnMap(nodeIds, edgeIds) {
    const shownNodes = new Set(nodeView.getIds()), shownEdges = new Set(edgeView.getIds());
    network.setSelection({
      nodes: nodeIds.filter(function (id) { return shownNodes.has(id); }),
      edges: edgeIds.filter(function (id) { return shownEdges.has(id); })
    }, { unselectAll: true, highlightEdges: false });
  }

  // ---- details panels, with back --------------------------------------------------------
  const panel = $("detail-body");
  const panelHistory = [];
  let current = null;
  const back = $("b-back");
  back.addEventListener("click", function () {
    const previous = panelHistory.pop();
    current = null;
    if (previous) previous.render(true);
    back.disabled = panelHistory.length === 0;
  });
  function openPanel(entry, fromBack) {
    if (!fromBack && current && !(current.kind === entry.kind && current.id === entry.id)) panelHistory.push(current);
    current = entry;
    back.disabled = panelHistory.length === 0;
    clear(panel);
  }
  function dl(pairs) {
    const d = el("dl");
    pairs.forEach(function (p) {
      if (p[1] === undefined || p[1] === null || p[1] === "") return;
      d.appendChild(el("dt", p[0]));
      const dd = el("dd");
      if (p[1] instanceof Node) dd.appendChild(p[1]); else dd.textContent = p[1];
      d.appendChild(dd);
    });
    return d;
  }
  function nodeLink(id) {
    const n = byId[id];
    return button(n ? n.label : id, function () { openNode(id); }, "link", n ? "Open " + n.label : undefined);
  }
  function edgeText(e, id) {
    const other = byId[e.from === id ? e.to : e.from];
    const from = byId[e.from], to = byId[e.to];
    if (!e.directed) return e.kindLabel + " with " + (other ? other.label : "?");
    return (from ? from.label : e.from) + " — " + e.kindLabel.toLowerCase() + " → " + (to ? to.label : e.to);
  }
  function showNode(id, fromBack) {
    const n = byId[id];
    if (!n) return;
    state.selected = id;
    openPanel({ kind: "node", id: id, render: function (b) { showNode(id, b); } }, fromBack);
    const h = el("h1", n.label); panel.appendChild(h);
    if (n.draft) panel.appendChild(draftNote(n.documents));
    Object.keys(n.labels).forEach(function (lang) { if (lang !== "en") { const p = el("div", n.labels[lang], "sub"); p.lang = lang; panel.appendChild(p); } });
    if (state.pinned.has(id) && !nodePasses(n)) panel.appendChild(el("div", "Shown because you opened it: the current filters hide it. Reset view clears this.", "modality-note"));
    const group = (data.legend.groups.find(function (g) { return g.key === n.group; }) || {}).label || "";
    const pairs = [["Class", n.classLabel + (group ? " (" + group.toLowerCase() + ")" : "")], ["Cluster", n.cluster ? "Cluster " + (data.clusterNames[String(n.cluster)] || n.cluster) : ""], ["Documents", n.documents.join(", ")], ["IRI", n.iri]];
    data.measures.forEach(function (m) { if (n.measures[m] !== undefined) pairs.push([data.measureLabels[m], String(n.measures[m])]); });
    panel.appendChild(dl(pairs));
    if (n.alt.length) { panel.appendChild(el("h2", "Also called")); panel.appendChild(el("div", n.alt.join(" · "), "sub")); }
    const actions = el("div", null, "row wrap");
    actions.appendChild(button("Expand neighbours", function () { expand(id); }, null, "Show the neighbours of " + n.label));
    actions.appendChild(button("Path from here", function () { setPath("from", id); }));
    actions.appendChild(button("Path to here", function () { setPath("to", id); }));
    panel.appendChild(actions);
    const mine = edgesOf[id] || [];
    const hidden = mine.filter(function (e) { return !edgeVisible(e); }).length;
    panel.appendChild(el("h2", "Links and facts (" + mine.length + (hidden ? ", " + hidden + " hidden by the filters" : "") + ")"));
    const list = el("ul", null, "links");
    mine.forEach(function (e) {
      const li = el("li");
      const b = button(edgeText(e, id), function () { showEdge(e.id); }, "link");
      li.appendChild(b);
      if (!edgeVisible(e)) li.appendChild(el("span", " hidden", "tag"));
      list.appendChild(li);
    });
    panel.appendChild(list);
    selectOnMap([id], []);
    saveUrlSoon();
  }
  function showEdge(id, fromBack) {
    const e = edgeById[id];
    if (!e) return;
    openPanel({ kind: "edge", id: id, render: function (b) { showEdge(id, b); } }, fromBack);
    panel.appendChild(el("h1", e.kindLabel));
    if (e.draft) panel.appendChild(draftNote(e.documents));
    const ends = el("div", null, "sub ends");
    ends.appendChild(nodeLink(e.from));
    ends.appendChild(el("span", e.directed ? " → " : " — "));
    ends.appendChild(nodeLink(e.to));
    panel.appendChild(ends);
    const participants = el("span");
    participants.appendChild(nodeLink(e.from)); participants.appendChild(el("span", "; ")); participants.appendChild(nodeLink(e.to));
    panel.appendChild(dl([["Type", e.typeLabel], ["Modality", e.modalityLabel], ["Status", e.statusLabel], ["Date", e.date], ["Participants", participants], ["Documents", e.documents.join(", ")], ["Statement", e.statement]]));
    if (e.modality && e.modality !== "Reported") {
      panel.appendChild(el("div", "Not reported: the text " + ({ Announced: "announces it (an actor says it will)", Directed: "directs it (a policy orders or encourages it)",
        Recommended: "recommends it (the author advises it)", Target: "sets it as a target" }[e.modality] || "does not report it") +
        ". The status, if any, is that of the thing, not of this claim.", "modality-note"));
    }
    if (!edgeVisible(e)) {
      const note = el("div", "Hidden by the current filters. ", "modality-note");
      note.appendChild(button("Show it on the map", function () {
        state.pinnedEdges.add(e.id); state.pinned.add(e.from); state.pinned.add(e.to);
        refresh(); showEdge(e.id, true); selectOnMap([], [e.id]);
      }));
      panel.appendChild(note);
    }
    panel.appendChild(el("h2", "Evidence (" + e.evidence.length + ")"));
    e.evidence.forEach(function (ev) { panel.appendChild(quote(ev)); });
    selectOnMap([], [id]);
  }
  function quote(evId) {
    const ev = data.evidence[evId];
    const box = el("div", null, "quote");
    if (!ev) { box.appendChild(el("div", evId)); return box; }
    const exact = el("div", "“" + ev.quote + "”", "exact");
    exact.lang = ev.lang;
    box.appendChild(exact);
    if (ev.gloss) box.appendChild(el("div", ev.gloss, "gloss"));
    const doc = data.documents[ev.doc] || { title: ev.doc };
    box.appendChild(el("div", "Document " + ev.doc + ": " + doc.title + " — characters " + ev.start + "–" + ev.end, "src"));
    box.appendChild(button("Read in the document", function () { showDocument(evId); }, "link", "Read this quote in document " + ev.doc));
    return box;
  }
  // The document reader: the source text with the quote highlighted in place.
  function showDocument(evId, fromBack) {
    const ev = data.evidence[evId];
    if (!ev) return;
    const doc = data.documents[ev.doc] || { title: ev.doc, text: "" };
    openPanel({ kind: "doc", id: evId, render: function (b) { showDocument(evId, b); } }, fromBack);
    panel.appendChild(el("h1", "Document " + ev.doc));
    panel.appendChild(el("div", doc.title, "sub"));
    if (ev.gloss) panel.appendChild(el("div", "Gloss: " + ev.gloss, "gloss-box"));
    const text = doc.text || "";
    const reader = el("div", null, "reader");
    reader.lang = doc.lang || ev.lang;
    reader.tabIndex = 0;
    reader.setAttribute("aria-label", "Text of document " + ev.doc);
    let before, after;
    if (text && text.slice(ev.start, ev.end) === ev.quote) {
      before = text.slice(0, ev.start); after = text.slice(ev.end);
    } else {
      before = (ev.prefix ? "… " + ev.prefix : ""); after = (ev.suffix ? ev.suffix + " …" : "");
      panel.appendChild(el("div", "The full text is not in this page: the quote is shown with the words around it.", "sub"));
    }
    reader.appendChild(document.createTextNode(before));
    const mark = el("mark", ev.quote);
    mark.id = "reader-mark";
    reader.appendChild(mark);
    reader.appendChild(document.createTextNode(after));
    panel.appendChild(reader);
    reader.scrollTop = Math.max(0, mark.offsetTop - reader.offsetTop - 80);
  }

  // ---- neighbourhood, step by step ----------------------------------------------------
  function expand(id) {
    state.selected = id;
    if (state.view !== "ego" || !state.ego) state.ego = new Set([id]);
    neighbourhood(state.ego, id);
    state.view = "ego";
    syncControls();
    refresh();
    fitVisible();
  }

  // ---- shortest path, by evidence weight -------------------------------------------------
  let pathNodes = [];
  let pathEdges = [];
  function setPath(end, id) {
    state.path[end] = id;
    computePath();
    renderPath();
    saveUrl();
  }
  // Dijkstra over the links and facts the filters keep; a step costs 1 / its quotes,
  // so well-attested ties make short paths.
  function computePath() {
    pathNodes = []; pathEdges = [];
    const a = state.path.from, b = state.path.to;
    if (!a || !b || !byId[a] || !byId[b]) return;
    const dist = new Map([[a, 0]]), prev = new Map(), done = new Set();
    const heap = [[0, a]];
    function push(item) { heap.push(item); let i = heap.length - 1; while (i > 0) { const p = (i - 1) >> 1; if (heap[p][0] <= heap[i][0]) break; const t = heap[p]; heap[p] = heap[i]; heap[i] = t; i = p; } }
    function pop() {
      const top = heap[0], last = heap.pop();
      if (heap.length) { heap[0] = last; let i = 0; for (;;) { const l = 2 * i + 1, r = l + 1; let m = i; if (l < heap.length && heap[l][0] < heap[m][0]) m = l; if (r < heap.length && heap[r][0] < heap[m][0]) m = r; if (m === i) break; const t = heap[m]; heap[m] = heap[i]; heap[i] = t; i = m; } }
      return top;
    }
    while (heap.length) {
      const item = pop(), d = item[0], u = item[1];
      if (done.has(u)) continue;
      done.add(u);
      if (u === b) break;
      (edgesOf[u] || []).forEach(function (e) {
        if (!edgePasses(e)) return;
        const v = e.from === u ? e.to : e.from;
        const nd = d + 1 / Math.max(1, e.evidence.length);
        if (!dist.has(v) || nd < dist.get(v) - 1e-12) { dist.set(v, nd); prev.set(v, e); push([nd, v]); }
      });
    }
    if (!done.has(b)) return;
    let at = b;
    pathNodes = [b];
    while (at !== a) { const e = prev.get(at); pathEdges.unshift(e.id); at = e.from === at ? e.to : e.from; pathNodes.unshift(at); }
    pathNodes.forEach(function (id) { if (!nodeVisible(byId[id])) state.pinned.add(id); });
    pathEdges.forEach(function (id) { if (!edgeVisible(edgeById[id])) state.pinnedEdges.add(id); });
    refresh({ keepUrl: true });
  }
  function renderPath() {
    const box = $("path-box");
    clear(box);
    const a = state.path.from, b = state.path.to;
    if (!a && !b) { box.textContent = "No path chosen."; return; }
    const ends = el("div");
    ends.appendChild(el("span", "From "));
    ends.appendChild(a ? nodeLink(a) : el("span", "(not chosen)"));
    ends.appendChild(el("span", " to "));
    ends.appendChild(b ? nodeLink(b) : el("span", "(not chosen)"));
    box.appendChild(ends);
    if (a && b) {
      if (!pathEdges.length) box.appendChild(el("div", a === b ? "The two ends are the same entity." : "No path through the links and facts the filters keep.", "empty"));
      else {
        box.appendChild(el("div", plural(pathEdges.length, "step", "steps") + ":"));
        const list = el("ol", null, "links");
        pathEdges.forEach(function (id, i) {
          const e = edgeById[id];
          const li = el("li");
          li.appendChild(button(edgeText(e, pathNodes[i]) + " (" + plural(e.evidence.length, "quote", "quotes") + ")", function () { showEdge(id); }, "link"));
          list.appendChild(li);
        });
        box.appendChild(list);
        selectOnMap(pathNodes, pathEdges);
      }
    }
    box.appendChild(button("Clear path", function () { state.path = { from: null, to: null }; pathNodes = []; pathEdges = []; renderPath(); saveUrl(); network.redraw(); }));
  }

  // ---- export ---------------------------------------------------------------------------------
  function csvCell(value) {
    let s = value === undefined || value === null ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;  // a spreadsheet must not run it as a formula
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function csv(kind) {
    const rows = [];
    if (kind === "nodes") {
      rows.push(["id", "label", "label_zh", "label_th", "class", "group", "cluster", "documents"].concat(data.measures));
      visibleRanked.forEach(function (n) {
        rows.push([n.id, n.label, n.labels.zh || "", n.labels.th || "", n.class, n.group, n.cluster, n.documents.join(" ")].concat(data.measures.map(function (m) { return n.measures[m]; })));
      });
    } else {
      rows.push(["id", "from", "to", "from_label", "to_label", "kind", "type", "directed", "modality", "status", "date", "documents", "quotes"]);
      edgeView.getIds().sort(function (x, y) { return parseInt(x.slice(1), 10) - parseInt(y.slice(1), 10); }).forEach(function (id) {
        const e = edgeById[id];
        const quotes = e.evidence.map(function (ev) { const q = data.evidence[ev]; return q ? q.doc + ": " + q.quote : ev; }).join(" | ");
        rows.push([e.id, e.from, e.to, byId[e.from] ? byId[e.from].label : "", byId[e.to] ? byId[e.to].label : "", e.kind, e.type, e.directed, e.modality, e.status, e.date, e.documents.join(" "), quotes]);
      });
    }
    return rows.map(function (r) { return r.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }
  function download(name, href) {
    const a = el("a");
    a.href = href; a.download = name; a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  function png() {
    const source = container.querySelector("canvas");
    const out = document.createElement("canvas");
    out.width = source.width; out.height = source.height;
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(source, 0, 0);
    return out.toDataURL("image/png");
  }
  $("b-csv-nodes").addEventListener("click", function () { download("nodes.csv", "data:text/csv;charset=utf-8," + encodeURIComponent("\ufeff" + csv("nodes"))); });
  $("b-csv-edges").addEventListener("click", function () { download("edges.csv", "data:text/csv;charset=utf-8," + encodeURIComponent("\ufeff" + csv("edges"))); });
  $("b-png").addEventListener("click", function () { download("graph.png", png()); });

  // ---- the address keeps the state --------------------------------------------------------
  function hiddenOf(key) { return ALL[key].filter(function (v) { return !state[key].has(v); }); }
  function encodeList(list) { return list.map(encodeURIComponent).join(","); }
  function decodeList(text) { return text ? text.split(",").map(decodeURIComponent) : []; }
  function stateHash() {
    const p = [];
    const defaults = initialState();
    if (state.view !== defaults.view) p.push("view=" + encodeURIComponent(state.view));
    if (state.view === "ego" && state.ego) p.push("ego=" + encodeList(Array.from(state.ego).sort()));
    ["color", "size", "labels"].forEach(function (k) { if (state[k] !== defaults[k]) p.push(k + "=" + encodeURIComponent(state[k])); });
    if (state.selected) p.push("sel=" + encodeURIComponent(state.selected));
    if (state.cluster !== "all") p.push("cluster=" + encodeURIComponent(state.cluster));
    if (!state.hideIsolated) p.push("isolated=1");
    if (!state.drafts) p.push("drafts=0");
    ["classes", "kinds", "modalities", "statuses", "docs"].forEach(function (k) {
      const hidden = hiddenOf(k);
      if (hidden.length) p.push("no-" + k + "=" + encodeList(hidden.map(function (v) { return v === "" ? "-" : v; })));
    });
    if (state.years && (state.years[0] !== data.years[0] || state.years[1] !== data.years[1])) p.push("years=" + state.years[0] + "-" + state.years[1]);
    if (state.years && !state.undated) p.push("undated=0");
    if (state.pinned.size) p.push("pin=" + encodeList(Array.from(state.pinned).sort()));
    if (state.pinnedEdges.size) p.push("pin-edges=" + encodeList(Array.from(state.pinnedEdges).sort()));
    if (state.path.from) p.push("from=" + encodeURIComponent(state.path.from));
    if (state.path.to) p.push("to=" + encodeURIComponent(state.path.to));
    if (state.list) p.push("list=1");
    const pos = network.getViewPosition();
    p.push("zoom=" + network.getScale().toFixed(4) + "," + Math.round(pos.x) + "," + Math.round(pos.y));
    return p.join("&");
  }
  let restoring = false;
  function saveUrl() {
    if (restoring) return;
    const hash = stateHash();
    if (location.hash.slice(1) !== hash) window.history.replaceState(null, "", "#" + hash);
  }
  function applyHash(hash) {
    const fresh = initialState();
    Object.keys(fresh).forEach(function (k) { state[k] = fresh[k]; });
    let zoom = null;
    hash.replace(/^#/, "").split("&").forEach(function (part) {
      if (!part) return;
      const eq = part.indexOf("=");
      const key = eq < 0 ? part : part.slice(0, eq), value = eq < 0 ? "" : part.slice(eq + 1);
      const text = decodeURIComponent(value);
      if (key === "view" && (/^top\d+$/.test(text) || text === "all" || text === "ego")) state.view = text;
      else if (key === "ego") state.ego = new Set(decodeList(value).filter(function (id) { return byId[id]; }));
      else if (key === "color" && (text === "class" || text === "cluster")) state.color = text;
      else if (key === "size" && (text === "none" || data.measures.indexOf(text) !== -1)) state.size = text;
      else if (key === "labels" && ["en", "zh", "th", "none"].indexOf(text) !== -1) state.labels = text;
      else if (key === "sel" && byId[text]) state.selected = text;
      else if (key === "cluster") state.cluster = text;
      else if (key === "isolated") state.hideIsolated = text !== "1";
      else if (key === "drafts") state.drafts = text !== "0";
      else if (key.indexOf("no-") === 0 && ALL[key.slice(3)]) {
        const k = key.slice(3);
        decodeList(value).forEach(function (v) { state[k].delete(v === "-" && k === "statuses" ? "" : v); });
      } else if (key === "years" && state.years) {
        const m = /^(\d{4})-(\d{4})$/.exec(text);
        if (m) state.years = [Math.max(data.years[0], +m[1]), Math.min(data.years[1], +m[2])];
      } else if (key === "undated") state.undated = text !== "0";
      else if (key === "pin") decodeList(value).forEach(function (id) { if (byId[id]) state.pinned.add(id); });
      else if (key === "pin-edges") decodeList(value).forEach(function (id) { if (edgeById[id]) state.pinnedEdges.add(id); });
      else if (key === "from" && byId[text]) state.path.from = text;
      else if (key === "to" && byId[text]) state.path.to = text;
      else if (key === "list") state.list = text === "1";
      else if (key === "zoom") {
        const z = text.split(",").map(Number);
        if (z.length === 3 && z.every(isFinite) && z[0] > 0) zoom = z;
      }
    });
    if (state.view === "ego" && (!state.ego || !state.ego.size)) state.view = "all";
    return zoom;
  }
  function restore(hash) {
    restoring = true;
    const zoom = applyHash(hash);
    syncControls();
    refresh({ keepUrl: true });
    computePath();
    renderPath();
    if (zoom) network.moveTo({ scale: zoom[0], position: { x: zoom[1], y: zoom[2] }, animation: false });
    else network.fit({ animation: false });
    if (state.selected) showNode(state.selected);
    else { clear(panel); panel.appendChild(el("p", "Click a node or an edge: its labels in every language, its measures, and every quote that supports it, with its document.", "empty")); }
    restoring = false;
  }
  window.addEventListener("hashchange", function () { if (location.hash.slice(1) !== stateHash()) restore(location.hash); });

  window.kgExplorer = {
    network: network, data: data, state: state, refresh: refresh, showNode: showNode, showEdge: showEdge, openNode: openNode,
    showDocument: showDocument, search: searchNodes, expand: expand, setPath: setPath, setView: setView, reset: reset,
    csv: csv, png: png, stateHash: stateHash, timings: timings, syncControls: syncControls,
    labels: function () { return placed.slice(); },
    path: function () { return { nodes: pathNodes.slice(), edges: pathEdges.slice() }; },
    positions: function () { return network.getPositions(); }
  };

  restore(location.hash);
  network.once("afterDrawing", function () {
    document.body.setAttribute("data-ready", "1");
    timings.ready = performance.now();
  });
  network.redraw();
})();
