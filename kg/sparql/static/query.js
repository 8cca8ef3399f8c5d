// The query page: fill the editor from the catalogue, run the query, show a table.
"use strict";
const $ = (id) => document.getElementById(id);
let catalogue = [];

function show(text, isError) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

async function post(accept) {
  const body = new URLSearchParams({ query: $("query").value });
  return fetch("/sparql", { method: "POST", body, headers: { Accept: accept } });
}

function cell(term) {
  const td = document.createElement("td");
  if (term) td.textContent = term.value + (term["xml:lang"] ? " @" + term["xml:lang"] : "");
  return td;
}

function render(data) {
  const out = $("result");
  out.replaceChildren();
  if ("boolean" in data) { out.textContent = String(data.boolean); return; }
  const table = document.createElement("table");
  const head = table.insertRow();
  for (const v of data.head.vars) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
  for (const b of data.results.bindings) {
    const row = table.insertRow();
    for (const v of data.head.vars) row.appendChild(cell(b[v]));
  }
  out.appendChild(table);
  show(data.results.bindings.length + " row(s)");
}

async function run() {
  show("running…");
  const started = performance.now();
  const response = await post("application/sparql-results+json, text/turtle;q=0.9");
  const type = response.headers.get("Content-Type") || "";
  const text = await response.text();
  if (!response.ok) { $("result").replaceChildren(); show(text, true); return; }
  if (type.startsWith("application/sparql-results+json")) render(JSON.parse(text));
  else { const pre = document.createElement("pre"); pre.textContent = text; $("result").replaceChildren(pre); show("graph"); }
  $("status").textContent += " in " + Math.round(performance.now() - started) + " ms";
}

async function download() {
  const accept = $("format").value;
  const response = await post(accept + ", text/turtle;q=0.5");
  if (!response.ok) { show(await response.text(), true); return; }
  const blob = await response.blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = "result";
  link.click();
}

async function loadCatalogue() {
  catalogue = await (await fetch("/catalogue.json")).json();
  for (const q of catalogue) {
    const option = document.createElement("option");
    option.value = q.name;
    option.textContent = q.name;
    $("catalogue").appendChild(option);
  }
}

$("catalogue").addEventListener("change", () => {
  const q = catalogue.find((x) => x.name === $("catalogue").value);
  $("question").textContent = q ? q.question : "";
  if (q) $("query").value = q.text;
});
$("run").addEventListener("click", run);
$("download").addEventListener("click", download);
loadCatalogue();
