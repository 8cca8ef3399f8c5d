/* kg review: the page over one draft curation file.
 *
 * The server owns the truth: every decision is a POST that the server checks with the
 * build's own checks and writes at once; the page only ever shows the state the server
 * returned last. Document text and every name reach the page as data and are inserted
 * as text nodes, never as markup. Offsets are Unicode code points (Array.from), as the
 * server counts them.
 */
(() => {
  "use strict";

  const TOKEN = document.querySelector('meta[name="review-token"]').content;
  const CONFLICT = "This draft changed in another tab or editor; your decision was not written. Check it and decide again.";
  const STATUSES = ["Proposed", "Planned", "Signed", "UnderConstruction", "TrialOperation", "Operating", "Completed"];
  const UNITS = ["USD", "CNY", "EUR", "Count", "Percent", "SquareMetre", "SquareKilometre", "PerTenThousandPeople"];
  const VERBS = { accept: "Accepted", correct: "Corrected", reject: "Rejected", alias: "Alias added" };
  const STATE_NAMES = {
    open: "open", accepted: "accepted", corrected: "corrected", rejected: "rejected", created: "created", aliased: "alias added",
  };

  /** Everything the page knows; the server's state is replaced whole on every answer. */
  const S = {
    state: null,
    chars: [],
    current: null, // id of the current item
    form: null, // {item, mode: "accept" | "correct", ...fields} while a form is open
    problems: new Map(), // item id -> {message, problems}
    labels: new Map(), // entity id -> label, from the items and from searches
    busy: false,
    showDecided: true,
    searchSeq: 0,
  };

  const $ = (id) => document.getElementById(id);

  /** An element with attributes (`on*` keys become listeners) and text or element children. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "className") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  // ---------------------------------------------------------------- server

  /** One call to the server: GET without a body, POST (JSON, token) with one. */
  async function api(path, body) {
    const init = { cache: "no-store", credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      init.method = "POST";
      init.headers["Content-Type"] = "application/json";
      init.headers["X-Review-Token"] = TOKEN;
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    let data = null;
    try {
      data = await response.json();
    } catch (_error) {
      data = null;
    }
    return { status: response.status, data };
  }

  async function loadState() {
    const { status, data } = await api("api/state");
    if (status !== 200 || !data) {
      const problems = data && Array.isArray(data.problems) ? data.problems.map((p) => `${p.file}:${p.line} ${p.field}: ${p.message}`).join("; ") : "";
      throw new Error(data && data.message ? `${data.message}${problems ? ": " + problems : ""}` : `the server answered ${status} for the state`);
    }
    setState(data);
  }

  /** Start a request unless one is under way (a second key press must not decide twice). */
  async function guarded(work) {
    if (S.busy) {
      announce("Still writing the last decision…");
      return;
    }
    S.busy = true;
    document.body.dataset.busy = "1";
    try {
      await work();
    } catch (error) {
      notice(`The server could not be reached: ${error.message}. Nothing was written.`);
    } finally {
      S.busy = false;
      delete document.body.dataset.busy;
    }
  }

  // ---------------------------------------------------------------- state

  function items() {
    return S.state ? S.state.items : [];
  }

  function itemById(id) {
    return items().find((item) => item.id === id) || null;
  }

  function currentItem() {
    return itemById(S.current);
  }

  function visibleItems() {
    return items().filter((item) => S.showDecided || item.state === "open" || item.id === S.current);
  }

  /** Replace the state with the server's; keep the current item if it still exists. */
  function setState(state) {
    S.state = state;
    S.chars = Array.from(state.text || "");
    for (const item of state.items) {
      if (item.type === "statement") {
        for (const end of [item.subject, item.object]) if (end && end.id) S.labels.set(end.id, end.label || end.id);
      }
    }
    if (!itemById(S.current)) S.current = (state.items.find((item) => item.state === "open") || state.items[0] || {}).id || null;
    if (S.form && (!itemById(S.form.item.id) || itemById(S.form.item.id).state !== "open")) S.form = null;
    if (S.form) S.form.item = itemById(S.form.item.id);
    render();
  }

  /** After a decision: the next open item below the decided one, else the first open one above. */
  function advanceFrom(id) {
    const all = items();
    const at = all.findIndex((item) => item.id === id);
    const next = all.slice(at + 1).find((item) => item.state === "open") || all.find((item) => item.state === "open");
    if (next) S.current = next.id;
  }

  // ---------------------------------------------------------------- rendering

  function render() {
    renderHeader();
    renderText();
    renderItems();
  }

  function renderHeader() {
    const { reviewed, remaining, total } = S.state.progress;
    $("progress").textContent = `${reviewed} reviewed / ${remaining} remaining`;
    $("progress-fill").style.width = total ? `${(100 * reviewed) / total}%` : "0";
    $("doc-status").textContent = S.state.status;
    $("doc-status").className = `doc-status status-${S.state.status}`;
  }

  /** The spans of the text an item stands on (a candidate: every occurrence). */
  function spans(item) {
    if (item.type === "candidate" && Array.isArray(item.spans) && item.spans.length) return item.spans;
    return Number.isInteger(item.start) && Number.isInteger(item.end) && item.end > item.start ? [[item.start, item.end]] : [];
  }

  /** The text as text nodes, open quotes lightly marked and the current one strongly. */
  function renderText() {
    const box = $("text");
    const n = S.chars.length;
    const marks = [];
    for (const item of items()) {
      const current = item.id === S.current;
      if (item.state !== "open" && !current) continue;
      for (const [start, end] of spans(item)) {
        const s = Math.max(0, Math.min(n, start));
        const e = Math.max(s, Math.min(n, end));
        if (e > s) marks.push({ s, e, current, candidate: item.type === "candidate" });
      }
    }
    const cuts = [...new Set([0, n, ...marks.flatMap((m) => [m.s, m.e])])].sort((a, b) => a - b);
    const at = new Map(cuts.map((cut, i) => [cut, i]));
    const light = new Array(cuts.length).fill(0);
    const strong = new Array(cuts.length).fill(0);
    const cand = new Array(cuts.length).fill(0);
    for (const m of marks) {
      const layer = m.current ? strong : m.candidate ? cand : light;
      layer[at.get(m.s)] += 1;
      layer[at.get(m.e)] -= 1;
    }
    const fragment = document.createDocumentFragment();
    let l = 0;
    let c = 0;
    let k = 0;
    for (let i = 0; i + 1 < cuts.length; i += 1) {
      l += light[i];
      c += cand[i];
      k += strong[i];
      const text = S.chars.slice(cuts[i], cuts[i + 1]).join("");
      if (!l && !c && !k) {
        fragment.append(document.createTextNode(text));
        continue;
      }
      const mark = el("mark", { className: k ? "hl cur" : c && !l ? "hl cand" : "hl", "data-at": cuts[i] });
      mark.append(document.createTextNode(text));
      fragment.append(mark);
    }
    box.replaceChildren(fragment);
    const first = box.querySelector("mark.cur");
    if (first) first.scrollIntoView({ block: "center" });
  }

  function entityText(end) {
    if (!end) return "?";
    return end.label && end.label !== end.id ? `${end.label} (${end.id})` : end.id;
  }

  function summary(item) {
    if (item.type === "candidate") return item.name;
    const arrow = item.kind === "link" ? `—${item.label || item.name}—` : `—${item.label || item.name}→`;
    return `${(item.subject && item.subject.label) || item.subject.id} ${arrow} ${(item.object && item.object.label) || item.object.id}`;
  }

  function describe(item) {
    return item.type === "candidate" ? `candidate ${item.name}` : summary(item);
  }

  function renderItems() {
    const list = $("items");
    const active = document.activeElement;
    const keep = S.form && active && list.contains(active) ? active.id : null;
    const shown = visibleItems();
    list.replaceChildren(...shown.map(renderItem));
    if (!shown.length) list.append(el("li", { className: "empty" }, "Nothing to review."));
    const node = list.querySelector("li.current");
    if (node) node.scrollIntoView({ block: "nearest" });
    if (S.form) focusForm();
    if (keep && document.activeElement === document.body && $(keep)) $(keep).focus();
  }

  function renderItem(item) {
    const current = item.id === S.current;
    const kind = item.type === "candidate" ? "candidate" : item.kind === "link" ? "link" : "fact";
    const head = el(
      "button",
      {
        type: "button",
        className: "item-head",
        id: `head-${item.rank}`,
        "aria-expanded": current ? "true" : "false",
        "aria-controls": `card-${item.rank}`,
        onclick: () => select(item.id, false),
      },
      el("span", { className: "rank" }, String(item.rank)),
      el("span", { className: `badge kind-${kind}` }, kind),
      el("span", { className: "summary", lang: item.type === "candidate" ? item.script : null }, summary(item)),
      el("span", { className: `badge state state-${item.state}` }, STATE_NAMES[item.state] || item.state),
    );
    const node = el("li", {
      className: `item type-${item.type} kind-${kind} state-${item.state}${current ? " current" : ""}`,
      id: `item-${item.rank}`,
      "data-id": item.id,
      "aria-current": current ? "true" : null,
    });
    node.append(head);
    if (current) node.append(renderCard(item));
    return node;
  }

  function renderCard(item) {
    const card = el("div", { className: "card", id: `card-${item.rank}`, role: "region", "aria-label": `Suggestion ${item.rank}` });
    card.append(item.type === "candidate" ? candidateDetails(item) : statementDetails(item));
    const problem = S.problems.get(item.id);
    if (problem) card.append(renderProblems(problem));
    if (S.form && S.form.item.id === item.id) card.append(S.form.mode === "candidate" ? candidateForm(item) : statementForm(item));
    else if (item.state === "open") card.append(actions(item));
    else card.append(el("p", { className: "decided" }, `Decided: ${STATE_NAMES[item.state] || item.state}.`));
    return card;
  }

  function endpoint(role, end) {
    return el(
      "div",
      { className: "end" },
      el("span", { className: "role" }, role),
      el("span", { className: "name" }, (end && end.label) || (end && end.id) || "?"),
      el("code", {}, (end && end.id) || ""),
      end && end.class ? el("span", { className: "class" }, end.class) : null,
      end && end.candidate ? el("span", { className: "badge kind-candidate" }, "candidate") : null,
    );
  }

  function statementDetails(item) {
    const box = el("div", { className: "details" });
    box.append(
      el(
        "div",
        { className: "triple" },
        endpoint(item.kind === "link" ? "participant" : "subject", item.subject),
        el("div", { className: "relation" }, `${item.kind === "link" ? "link" : "relation"}: `, el("strong", {}, item.label || item.name), " ", el("code", {}, item.name)),
        endpoint(item.kind === "link" ? "participant" : "object", item.object),
      ),
    );
    const facts = el("dl", { className: "facts" });
    const row = (term, value) => facts.append(el("dt", {}, term), el("dd", {}, value));
    row("modality", item.modality || "—");
    if (typeof item.score === "number") row("score", item.score.toFixed(2));
    const source = item.source === "topic" ? "sentence (the text's topic, not named in it)" : item.source || "?";
    row("from", `${source}, line ${item.line ?? "?"}`);
    box.append(facts);
    box.append(quoteBlock(item.quote));
    if (item.needs && item.needs.length) {
      const names = item.needs.map((stub) => {
        const candidate = items().find((other) => other.type === "candidate" && other.proposed_id === stub);
        return candidate ? `${candidate.name} (${stub})` : stub;
      });
      box.append(el("p", { className: "needs" }, `Create first: ${names.join(", ")}, a candidate it names; then accept this.`));
    }
    if (item.alternatives && item.alternatives.length && item.state === "open") {
      const alts = el("div", { className: "alternatives", role: "group", "aria-label": "Alternatives" }, el("span", { className: "role" }, "or:"));
      item.alternatives.forEach((alt, i) => {
        alts.append(
          el(
            "button",
            { type: "button", className: "alt", onclick: () => chooseAlternative(item, alt), "aria-label": `Choose instead: ${optionText(alt)}` },
            `${i + 1}. ${optionText(alt)}`,
          ),
        );
      });
      box.append(alts);
    }
    return box;
  }

  function quoteBlock(quote) {
    return el("blockquote", { className: "quote", lang: S.state.languages && S.state.languages[0] }, quote || "");
  }

  function candidateDetails(item) {
    const box = el("div", { className: "details" });
    const facts = el("dl", { className: "facts" });
    const row = (term, value, lang) => facts.append(el("dt", {}, term), el("dd", { lang }, value));
    row("name", item.name, item.script);
    row("proposed id", el("code", {}, item.proposed_id || ""));
    row("class", item.class || "—");
    row("English label", item.label_en || "— (write one)");
    row("occurrences", `${item.count ?? (item.spans || []).length}, first on line ${item.line ?? "?"}`);
    box.append(facts);
    if (item.alias_of) {
      box.append(
        el("p", { className: "alias-note" }, "Possibly another name of ", el("strong", {}, entityText(item.alias_of)), item.alias_of.how ? ` (${item.alias_of.how})` : ""),
      );
    }
    return box;
  }

  function actions(item) {
    const candidate = item.type === "candidate";
    const accept = candidate ? (item.alias_of ? `Add as alias of ${item.alias_of.label || item.alias_of.id}` : "Create entity") : "Accept";
    return el(
      "div",
      { className: "actions", role: "group", "aria-label": "Decision" },
      el("button", { type: "button", className: "accept", onclick: () => accept_(item), "aria-keyshortcuts": "a" }, accept, el("kbd", {}, "a")),
      el("button", { type: "button", className: "reject", onclick: () => reject(item), "aria-keyshortcuts": "r" }, candidate ? "Not an entity" : "Reject", el("kbd", {}, "r")),
      el("button", { type: "button", className: "correct", onclick: () => openForm(item, "correct"), "aria-keyshortcuts": "e" }, candidate ? "Edit…" : "Correct…", el("kbd", {}, "e")),
    );
  }

  function renderProblems(problem) {
    const box = el("div", { className: "problems" }, el("p", { className: "problem-message" }, problem.message));
    if (problem.problems && problem.problems.length) {
      const list = el("ul");
      for (const p of problem.problems) {
        const where = [p.file && `${p.file}${p.line ? `:${p.line}` : ""}`, p.field].filter(Boolean).join(" ");
        list.append(el("li", {}, where ? el("code", {}, `${where}:`) : null, ` ${p.message || ""}`, p.hint ? el("span", { className: "hint" }, ` — ${p.hint}`) : null));
      }
      box.append(list);
    }
    return box;
  }

  /** One option of a relation or kind as a reader says it. */
  function optionText(option) {
    const subject = S.labels.get(option.subject) || option.subject;
    const object = S.labels.get(option.object) || option.object;
    return option.kind === "link" ? `${option.label || option.name} (link): ${subject} — ${object}` : `${subject} —${option.label || option.name}→ ${object}`;
  }

  // ---------------------------------------------------------------- messages

  let lastAnnouncement = "";

  /** Say it in the polite live region (a repeated message is changed a little so it is said again). */
  function announce(message) {
    const text = message === lastAnnouncement ? `${message}\u00a0` : message;
    lastAnnouncement = text;
    $("live").textContent = text;
  }

  /** An error that concerns no single item (or the whole page): shown and announced. */
  function notice(message) {
    const toast = $("toast");
    toast.textContent = message;
    toast.hidden = false;
    announce(message);
  }

  function clearNotice() {
    $("toast").hidden = true;
  }

  function progressText() {
    const { reviewed, remaining } = S.state.progress;
    return `${reviewed} reviewed, ${remaining} remaining.`;
  }

  // ---------------------------------------------------------------- decisions

  /** Send one decision; 200 replaces the state, 409 reloads it, 422 shows the build's problems. */
  function decide(item, action, extra, said) {
    return guarded(async () => {
      const body = { version: S.state.version, item: item.id, action, ...(extra || {}) };
      const { status, data } = await api("api/decide", body);
      if (status === 200 && data) {
        S.problems.delete(item.id);
        S.form = null;
        clearNotice();
        setState(data);
        advanceFrom(item.id);
        render();
        const aliasing = action === "alias" || (item.type === "candidate" && action === "accept" && item.alias_of);
        const verb = aliasing ? VERBS.alias : item.type === "candidate" && action !== "reject" ? "Created" : VERBS[action] || action;
        if (data.note) notice(data.note); // the server changed something the reviewer should know (a quote made unique)
        announce(`${verb}: ${said || describe(item)}. ${progressText()}${data.note ? " " + data.note : ""}`);
        focusCurrent();
      } else if (status === 409) {
        S.form = null;
        S.problems.set(item.id, { message: CONFLICT, problems: [] });
        if (data && data.state) setState(data.state);
        else await loadState();
        notice(CONFLICT);
      } else if (status === 422 && data) {
        S.problems.set(item.id, { message: data.message || "The build's checks refused this decision; nothing was written.", problems: data.problems || [] });
        if (!S.form) S.form = newForm(item, action === "reject" ? "correct" : action === "accept" ? "accept" : "correct");
        render();
        announce(`Not written: ${problemsText(S.problems.get(item.id))}`);
      } else {
        const message = (data && data.message) || `The server answered ${status}; nothing was written.`;
        S.problems.set(item.id, { message, problems: [] });
        render();
        announce(message);
      }
    });
  }

  function problemsText(problem) {
    const first = problem.problems && problem.problems[0];
    return first ? `${problem.message} ${first.field || ""}: ${first.message || ""}` : problem.message;
  }

  /** Accept as suggested; a statement whose quote needs a gloss first asks for it. */
  function accept_(item) {
    if (item.state !== "open") return announce(`Already decided: ${describe(item)}.`);
    if (item.type === "statement" && item.gloss_needed) return openForm(item, "accept");
    return decide(item, "accept");
  }

  function reject(item) {
    if (item.state !== "open") return announce(`Already decided: ${describe(item)}.`);
    return decide(item, "reject");
  }

  function chooseAlternative(item, alt) {
    if (item.gloss_needed) {
      openForm(item, "correct", { kind: alt.kind, name: alt.name, subject: alt.subject, object: alt.object });
      return;
    }
    decide(item, "correct", { statement: { kind: alt.kind, name: alt.name, subject: alt.subject, object: alt.object, modality: item.modality } }, optionText(alt));
  }

  // ---------------------------------------------------------------- forms

  function newForm(item, mode, preset) {
    if (item.type === "candidate") {
      return {
        item,
        mode: "candidate",
        id: item.proposed_id || "",
        cls: item.class || "",
        labelEn: item.label_en || "",
        label: item.name || "",
        alias: item.alias_of ? { id: item.alias_of.id, label: item.alias_of.label } : null,
        useAlias: false,
        focus: item.label_en ? "f-id" : "f-label-en", // a name with no English label yet needs one
      };
    }
    return {
      item,
      mode,
      kind: item.kind,
      name: item.name,
      subject: item.subject.id,
      object: item.object.id,
      modality: item.modality || (S.state.modalities || [])[0] || "reported",
      quote: item.quote || "",
      gloss: "",
      date: "",
      status: "",
      amount: "",
      unit: "",
      options: null,
      focus: mode === "accept" ? "f-gloss" : "f-relation",
      ...(preset || {}),
    };
  }

  function openForm(item, mode, preset) {
    if (item.state !== "open") return announce(`Already decided: ${describe(item)}.`);
    S.current = item.id;
    S.form = newForm(item, mode, preset);
    if (preset) S.form.focus = item.gloss_needed ? "f-gloss" : "f-save";
    render();
    if (S.form.mode === "correct") loadOptions();
    announce(item.type === "candidate" ? `Editing candidate ${item.name}.` : mode === "accept" ? "Write the English gloss, then Enter to accept." : "Correcting; Enter saves, Escape cancels.");
  }

  function closeForm(message) {
    if (!S.form) return;
    S.form = null;
    render();
    focusCurrent();
    announce(message || "Cancelled.");
  }

  function focusForm() {
    const form = S.form;
    if (!form || !form.focus) return;
    const target = $(form.focus);
    form.focus = null;
    if (target) target.focus({ preventScroll: false });
  }

  function focusCurrent() {
    const current = currentItem();
    const head = current && $(`head-${current.rank}`);
    if (head) head.focus({ preventScroll: true });
  }

  /** Every relation and link kind allowed between the two ends, most likely first. */
  async function loadOptions() {
    const form = S.form;
    if (!form || form.mode !== "correct") return;
    const query = new URLSearchParams({ subject: form.subject, object: form.object });
    const { status, data } = await api(`api/options?${query}`);
    if (S.form !== form) return;
    if (status !== 200 || !data) {
      announce("The relations could not be loaded.");
      return;
    }
    form.options = data.options || [];
    const select = $("f-relation");
    if (select) fillRelations(select, form);
  }

  function sameStatement(option, form) {
    return option.kind === form.kind && option.name === form.name && option.subject === form.subject && option.object === form.object;
  }

  /** The relation select: the loaded options (or the suggestion and its alternatives until they come). */
  function fillRelations(select, form) {
    const item = form.item;
    let options = form.options;
    if (!options) {
      options = [{ kind: item.kind, name: item.name, label: item.label, subject: item.subject.id, object: item.object.id }, ...(item.alternatives || [])];
    }
    if (!options.some((o) => sameStatement(o, form))) {
      const known = options.find((o) => o.kind === form.kind && o.name === form.name) || {};
      options = [{ kind: form.kind, name: form.name, label: known.label || form.name, subject: form.subject, object: form.object }, ...options];
    }
    form.shown = options;
    select.replaceChildren(...options.map((o, i) => el("option", { value: String(i), selected: sameStatement(o, form) }, optionText(o))));
  }

  function field(id, labelText, control, hint) {
    return el("div", { className: "field" }, el("label", { for: id }, labelText), control, hint ? el("span", { className: "hint", id: `${id}-hint` }, hint) : null);
  }

  function statementForm(item) {
    const form = S.form;
    const accepting = form.mode === "accept";
    const box = el("form", {
      className: "edit",
      "aria-label": accepting ? "Accept with a gloss" : "Correct the statement",
      onsubmit: (event) => {
        event.preventDefault();
        saveForm();
      },
    });
    if (!accepting) {
      const relation = el("select", {
        id: "f-relation",
        onchange: (event) => {
          const option = form.shown[Number(event.target.value)];
          Object.assign(form, { kind: option.kind, name: option.name, subject: option.subject, object: option.object });
          $("f-subject").value = entityLabel(form.subject);
          $("f-object").value = entityLabel(form.object);
        },
      });
      fillRelations(relation, form);
      box.append(field("f-relation", "Relation or link kind", relation));
      box.append(
        el(
          "div",
          { className: "ends" },
          entityPicker("f-subject", item.kind === "link" ? "First participant" : "Subject", form.subject, (entity) => {
            form.subject = entity.id;
            loadOptions();
          }),
          el("button", { type: "button", className: "swap", id: "f-swap", onclick: swap, "aria-label": "Swap subject and object" }, "⇅ swap"),
          entityPicker("f-object", item.kind === "link" ? "Second participant" : "Object", form.object, (entity) => {
            form.object = entity.id;
            loadOptions();
          }),
        ),
      );
    }
    const modality = el(
      "select",
      { id: "f-modality", onchange: (event) => (form.modality = event.target.value) },
      (S.state.modalities || []).map((m) => el("option", { value: m, selected: m === form.modality }, m)),
    );
    box.append(field("f-modality", "Modality", modality));
    if (!accepting) {
      const link = form.kind === "link";
      const row = el("div", { className: "row" });
      row.append(field("f-date", "Date", el("input", { id: "f-date", type: "text", value: form.date, placeholder: "YYYY[-MM[-DD]]", inputmode: "numeric", oninput: (e) => (form.date = e.target.value) })));
      if (link) {
        row.append(
          field(
            "f-status",
            "Status",
            el("select", { id: "f-status", onchange: (e) => (form.status = e.target.value) }, el("option", { value: "" }, "—"), STATUSES.map((s) => el("option", { value: s, selected: s === form.status }, s))),
          ),
          field("f-amount", "Amount", el("input", { id: "f-amount", type: "text", inputmode: "decimal", value: form.amount, placeholder: "4.72e9", oninput: (e) => (form.amount = e.target.value) })),
          field("f-unit", "Unit", el("input", { id: "f-unit", type: "text", list: "units", value: form.unit, oninput: (e) => (form.unit = e.target.value) })),
        );
      }
      box.append(row, el("datalist", { id: "units" }, UNITS.map((u) => el("option", { value: u }))));
      const quote = el("input", { id: "f-quote", type: "text", value: form.quote, lang: S.state.languages && S.state.languages[0], "aria-describedby": "f-quote-hint", oninput: (e) => { form.quote = e.target.value; form.quoteRange = null; } });
      box.append(field("f-quote", "Quote", quote, "Select words in the text to narrow it."));
      box.append(el("button", { type: "button", className: "link", onclick: resetQuote }, "Whole suggested quote"));
    }
    if (item.gloss_needed) {
      const gloss = el("textarea", { id: "f-gloss", rows: "3", "aria-describedby": "f-gloss-hint", oninput: (e) => (form.gloss = e.target.value) });
      gloss.value = form.gloss;
      box.append(field("f-gloss", "English gloss", gloss, "A faithful English translation of the quote."));
    }
    box.append(formButtons(accepting ? "Accept" : "Save correction"));
    return box;
  }

  function formButtons(saveText) {
    return el(
      "div",
      { className: "actions" },
      el("button", { type: "submit", className: "accept", id: "f-save" }, saveText, el("kbd", {}, "Enter")),
      el("button", { type: "button", id: "f-cancel", onclick: () => closeForm() }, "Cancel", el("kbd", {}, "Esc")),
    );
  }

  function candidateForm(item) {
    const form = S.form;
    const box = el("form", {
      className: "edit",
      "aria-label": "Create the entity or add an alias",
      onsubmit: (event) => {
        event.preventDefault();
        saveForm();
      },
    });
    const classes = S.state.classes || [];
    box.append(
      field("f-id", "Id", el("input", { id: "f-id", type: "text", value: form.id, spellcheck: "false", pattern: "[a-z0-9][a-z0-9\\-]*", oninput: (e) => (form.id = e.target.value) }), "lower-case letters, digits and hyphens"),
      field(
        "f-class",
        "Class",
        el("select", { id: "f-class", onchange: (e) => (form.cls = e.target.value) }, classes.map((c) => el("option", { value: c, selected: c === form.cls }, c))),
      ),
      field("f-label-en", "English label", el("input", { id: "f-label-en", type: "text", value: form.labelEn, lang: "en", oninput: (e) => (form.labelEn = e.target.value) })),
    );
    if (item.script && item.script !== "en") {
      box.append(field("f-label", `Label (${item.script})`, el("input", { id: "f-label", type: "text", value: form.label, lang: item.script, oninput: (e) => (form.label = e.target.value) })));
    }
    const alias = el(
      "fieldset",
      { className: "alias" },
      el("legend", {}, "Or: it is another name of a registered entity"),
      el(
        "label",
        { className: "check" },
        el("input", { type: "checkbox", id: "f-use-alias", checked: form.useAlias, onchange: (e) => (form.useAlias = e.target.checked) }),
        " add the name as an alias instead",
      ),
      entityPicker("f-alias", "Entity", form.alias ? form.alias.id : "", (entity) => {
        form.alias = entity;
        form.useAlias = true;
        $("f-use-alias").checked = true;
      }),
    );
    box.append(alias, formButtons("Save"));
    return box;
  }

  function entityLabel(id) {
    if (!id) return "";
    const label = S.labels.get(id);
    return label && label !== id ? `${label} (${id})` : id;
  }

  /** A search box over the registered entities: a combobox with a keyboard-navigable list. */
  function entityPicker(id, labelText, value, onPick) {
    const listId = `${id}-list`;
    let results = [];
    let active = -1;
    const input = el("input", {
      id,
      type: "text",
      role: "combobox",
      autocomplete: "off",
      spellcheck: "false",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": listId,
      value: entityLabel(value),
      placeholder: "type to search (any script)",
    });
    const list = el("ul", { id: listId, role: "listbox", className: "results", hidden: true, "aria-label": `${labelText}: matches` });
    let timer = null;

    function show() {
      list.replaceChildren(
        ...results.map((entity, i) =>
          el(
            "li",
            {
              id: `${id}-opt-${i}`,
              role: "option",
              "aria-selected": i === active ? "true" : "false",
              className: i === active ? "active" : "",
              onmousedown: (event) => {
                event.preventDefault();
                pick(i);
              },
            },
            el("span", { className: "name" }, entity.label || entity.id),
            " ",
            el("code", {}, entity.id),
            entity.class ? el("span", { className: "class" }, entity.class) : null,
            entity.names && entity.names.length ? el("span", { className: "names" }, entity.names.slice(0, 3).join(" · ")) : null,
          ),
        ),
      );
      if (!results.length) list.append(el("li", { className: "none", role: "option", "aria-disabled": "true" }, "no match"));
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      if (active >= 0) input.setAttribute("aria-activedescendant", `${id}-opt-${active}`);
      else input.removeAttribute("aria-activedescendant");
    }

    function hide() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function pick(i) {
      const entity = results[i];
      if (!entity) return;
      S.labels.set(entity.id, entity.label || entity.id);
      input.value = entityLabel(entity.id);
      hide();
      onPick(entity);
      announce(`Chosen: ${entity.label || entity.id}.`);
    }

    async function search() {
      const q = input.value.trim();
      if (!q) return hide();
      const seq = (S.searchSeq += 1);
      const { status, data } = await api(`api/entities?${new URLSearchParams({ q })}`);
      if (seq !== S.searchSeq || status !== 200 || !data) return;
      results = data.entities || [];
      active = results.length ? 0 : -1;
      show();
      announce(`${results.length} match${results.length === 1 ? "" : "es"}.`);
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
    input.addEventListener("blur", () => setTimeout(hide, 100));
    input.addEventListener("keydown", (event) => {
      const open = !list.hidden && results.length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        event.stopPropagation();
        if (!open) return void search();
        active = (active + (event.key === "ArrowDown" ? 1 : -1) + results.length) % results.length;
        show();
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        event.stopPropagation();
        pick(active);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        event.stopPropagation();
        hide();
      }
    });
    return el("div", { className: "field picker" }, el("label", { for: id }, labelText), input, list);
  }

  function swap() {
    const form = S.form;
    [form.subject, form.object] = [form.object, form.subject];
    $("f-subject").value = entityLabel(form.subject);
    $("f-object").value = entityLabel(form.object);
    fillRelations($("f-relation"), form);
    announce(`Swapped: ${entityLabel(form.subject)} is now first.`);
  }

  function resetQuote() {
    S.form.quote = S.form.item.quote || "";
    S.form.quoteRange = null;
    $("f-quote").value = S.form.quote;
    announce("The quote is the suggested one again.");
  }

  /** The statement a correction sends: only the fields that say something. */
  function statementPayload(form) {
    const statement = { kind: form.kind, name: form.name, subject: form.subject, object: form.object, modality: form.modality, quote: form.quote };
    if (form.quoteRange) statement.quote_at = form.quoteRange; // where it was selected: the server keeps that occurrence
    if (form.gloss.trim()) statement.gloss = form.gloss.trim();
    if (form.date.trim()) statement.date = form.date.trim();
    if (form.kind === "link") {
      if (form.status) statement.status = form.status;
      if (form.amount.trim()) statement.amount = form.amount.trim(); // as written ("4.72e9"): the build reads the number
      if (form.unit.trim()) statement.unit = form.unit.trim();
    }
    return statement;
  }

  function saveForm() {
    const form = S.form;
    if (!form) return;
    const item = form.item;
    if (form.mode === "candidate") {
      if (form.useAlias) {
        if (!form.alias) return announce("Choose the entity this is another name of, or untick the alias box.");
        decide(item, "alias", { entity: form.alias.id }, `${item.name} is another name of ${entityLabel(form.alias.id)}`);
      } else {
        const entity = { id: form.id.trim(), class: form.cls, label_en: form.labelEn.trim(), label: form.label.trim() };
        decide(item, "correct", { entity }, `entity ${entity.id} (${entity.class}) for ${item.name}`);
      }
      return;
    }
    if (form.mode === "accept") {
      const extra = { modality: form.modality };
      if (form.gloss.trim()) extra.gloss = form.gloss.trim();
      decide(item, "accept", extra);
      return;
    }
    const statement = statementPayload(form);
    const option = (form.shown || []).find((o) => sameStatement(o, form)) || statement;
    decide(item, "correct", { statement }, optionText(option));
  }

  // ---------------------------------------------------------------- quote narrowing

  /** Code-point offset of a DOM position inside the text pane. */
  function offsetIn(box, container, offset) {
    const range = document.createRange();
    range.setStart(box, 0);
    range.setEnd(container, offset);
    return Array.from(range.toString()).length;
  }

  /** The text pane's selection as code-point offsets, or null when nothing is selected there. */
  function textSelection() {
    const selection = window.getSelection();
    const box = $("text");
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return null;
    const start = offsetIn(box, range.startContainer, range.startOffset);
    const end = offsetIn(box, range.endContainer, range.endOffset);
    return end > start ? { start, end, text: S.chars.slice(start, end).join("") } : null;
  }

  function onSelection() {
    const form = S.form;
    if (!form || form.mode !== "correct") return;
    const chosen = textSelection();
    if (!chosen || !chosen.text.trim()) return;
    form.quote = chosen.text;
    form.quoteRange = [chosen.start, chosen.end];
    const input = $("f-quote");
    if (input) input.value = chosen.text;
    const hint = $("f-quote-hint");
    if (hint) hint.textContent = `Characters ${chosen.start}–${chosen.end} of the text.`;
  }

  // ---------------------------------------------------------------- navigation and keys

  function select(id, focus) {
    if (S.form && S.form.item.id !== id) S.form = null;
    S.current = id;
    render();
    if (focus) focusCurrent();
    const item = currentItem();
    if (item) announce(`${item.rank}. ${describe(item)}, ${STATE_NAMES[item.state] || item.state}.`);
  }

  function move(step) {
    const shown = visibleItems();
    if (!shown.length) return;
    const at = shown.findIndex((item) => item.id === S.current);
    const next = shown[Math.max(0, Math.min(shown.length - 1, at + step))];
    if (next.id !== S.current) select(next.id, true);
  }

  function typing(target) {
    return target instanceof Element && Boolean(target.closest("input, textarea, select, [contenteditable='true'], [contenteditable='']"));
  }

  function onKey(event) {
    if (event.defaultPrevented || event.altKey || event.metaKey || event.isComposing) return;
    if ($("help").open) return; // the dialog closes itself on Escape
    if (S.form) {
      if (event.key === "Escape") {
        event.preventDefault();
        closeForm();
      } else if (event.key === "Enter" && !event.shiftKey && !(event.target instanceof HTMLButtonElement)) {
        event.preventDefault();
        saveForm();
      }
      return; // no single-letter key decides while a form is open
    }
    if (event.ctrlKey || typing(event.target)) return;
    const item = currentItem();
    switch (event.key) {
      case "j":
      case "ArrowDown":
        event.preventDefault();
        move(1);
        break;
      case "k":
      case "ArrowUp":
        event.preventDefault();
        move(-1);
        break;
      case "a":
        event.preventDefault(); // the key must not also type itself into the form it may open
        if (item) accept_(item);
        break;
      case "r":
        event.preventDefault();
        if (item) reject(item);
        break;
      case "e":
        event.preventDefault();
        if (item) openForm(item, "correct");
        break;
      case "?":
        event.preventDefault();
        $("help").showModal();
        break;
      default:
    }
  }

  /** A click on a highlighted quote makes its item the current one. */
  function onTextClick(event) {
    if (!window.getSelection().isCollapsed) return;
    const mark = event.target instanceof Element ? event.target.closest("mark") : null;
    if (!mark) return;
    const at = Number(mark.dataset.at);
    const hit = items().find((item) => item.state === "open" && spans(item).some(([s, e]) => s <= at && at < e));
    if (hit && hit.id !== S.current && !S.form) select(hit.id, false);
  }

  // ---------------------------------------------------------------- finish

  function finish(event) {
    event.preventDefault();
    const status = $("finish-status").value;
    guarded(async () => {
      const { status: code, data } = await api("api/finish", { version: S.state.version, status });
      const box = $("finish-result");
      box.hidden = false;
      box.className = "finish-result";
      if (code === 200 && data) {
        setState(data.state);
        const warnings = data.warnings || [];
        box.classList.add("ok");
        box.replaceChildren(
          el("p", {}, `Finished: the document is ${data.state.status}${data.validated ? " and the build's checks pass" : ""}.`),
          warnings.length ? el("ul", {}, warnings.map((w) => el("li", {}, typeof w === "string" ? w : `${w.field || ""}: ${w.message || JSON.stringify(w)}`))) : null,
        );
        announce(`Finished as ${data.state.status}. ${warnings.length} warning${warnings.length === 1 ? "" : "s"}.`);
      } else if (code === 409) {
        if (data && data.state) setState(data.state);
        else await loadState();
        box.classList.add("bad");
        box.replaceChildren(el("p", {}, CONFLICT));
        announce(CONFLICT);
      } else {
        const problem = { message: (data && data.message) || `The server answered ${code}.`, problems: (data && data.problems) || [] };
        box.classList.add("bad");
        box.replaceChildren(el("p", {}, "Not finished (the status is left as it was):"), renderProblems(problem));
        announce(`Not finished: ${problemsText(problem)}`);
      }
    });
  }

  // ---------------------------------------------------------------- start

  function start() {
    document.addEventListener("keydown", onKey);
    document.addEventListener("selectionchange", onSelection);
    $("text").addEventListener("click", onTextClick);
    $("finish").addEventListener("submit", finish);
    $("help-button").addEventListener("click", () => $("help").showModal());
    $("show-decided").addEventListener("change", (event) => {
      S.showDecided = event.target.checked;
      renderItems();
    });
    $("toast").addEventListener("click", clearNotice);
    loadState()
      .then(() => {
        document.body.dataset.ready = "1";
        const { reviewed, remaining } = S.state.progress;
        announce(`${S.state.items.length} suggestions; ${reviewed} reviewed, ${remaining} remaining. Press ? for the keys.`);
      })
      .catch((error) => notice(`The review could not start: ${error.message}`));
  }

  window.kgReview = { S, select, decide, textSelection, reload: loadState };
  start();
})();
