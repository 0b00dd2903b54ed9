// zhnews report: hover cards on article pages, filters and chart on the timeline.
// Article text and table values are only ever set with textContent, never parsed as HTML.
"use strict";

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function readJson(id) {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : null;
}

// ---- article pages ----------------------------------------------------------------------
function articlePage(cards) {
  const card = document.getElementById("card");
  let hideTimer = null;
  const line = (box, name, value) => {
    if (!value) return;
    const row = el("div");
    row.append(el("b", {}, name), document.createTextNode(value));
    box.append(row);
  };
  function show(target) {
    card.replaceChildren();
    // the hovered highlight and every highlight around it, innermost first
    for (let node = target.closest(".hl"); node; node = node.parentElement.closest(".hl")) {
      const c = cards[node.dataset.id];
      if (!c) continue;
      const box = el("div");
      const head = el("div");
      head.append(el("b", {}, c.label), document.createTextNode(c.text));
      box.append(head);
      if (c.entity) {
        const row = el("div");
        row.append(el("b", {}, "entity"), el("a", {href: c.entity}, c.canonical || c.text));
        box.append(row);
      } else line(box, "canonical", c.canonical);
      line(box, c.kind === "event" ? "date" : "value", c.value);
      line(box, "days", c.days);
      line(box, "mod", c.mod);
      line(box, "modality", c.modality && c.modality !== "asserted" ? c.modality : "");
      for (const a of c.arguments || []) line(box, "arg", a);
      line(box, "rule_id", c.rule_id);
      card.append(box);
    }
    const rect = target.getBoundingClientRect();
    card.style.left = `${rect.left + window.scrollX}px`;
    card.style.top = `${rect.bottom + window.scrollY + 4}px`;
    card.hidden = false;
  }
  const article = document.getElementById("article");
  if (!article) return;
  article.addEventListener("mouseover", (event) => {
    if (!event.target.closest(".hl")) return;
    clearTimeout(hideTimer);
    show(event.target);
  });
  const hideSoon = () => { hideTimer = setTimeout(() => { card.hidden = true; }, 400); };
  article.addEventListener("mouseout", hideSoon);
  card.addEventListener("mouseover", () => clearTimeout(hideTimer));
  card.addEventListener("mouseout", hideSoon);
  article.addEventListener("click", (event) => {
    const node = event.target.closest(".k-mention");
    const c = node && cards[node.dataset.id];
    if (c && c.entity) window.location.href = c.entity;
  });
  const focus = decodeURIComponent(window.location.hash.slice(1));
  if (focus) document.querySelectorAll(`.hl[data-id="${CSS.escape(focus)}"]`).forEach((n) => n.classList.add("focus"));
}

// ---- timeline ---------------------------------------------------------------------------
const PALETTE = ["#1e88e5", "#e53935", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#6d4c41", "#3949ab",
                 "#c0ca33", "#d81b60", "#546e7a", "#fdd835"];

function timelinePage(events) {
  const typeSelect = document.getElementById("f-type");
  const entityInput = document.getElementById("f-entity");
  const body = document.querySelector("#timeline tbody");
  const more = document.getElementById("more");
  const types = [...new Set(events.map((e) => e.type))].sort();
  const colour = (t) => PALETTE[types.indexOf(t) % PALETTE.length];
  const names = new Map();
  for (const e of events) for (const a of e.arguments) if (a.entity_id) names.set(a.entity_id, a.name);
  const datalist = document.getElementById("f-entities");
  for (const [id, name] of [...names].sort((x, y) => x[1].localeCompare(y[1]))) datalist.append(el("option", {value: id}, name));
  let shown = 500;

  const hash = new URLSearchParams(window.location.hash.slice(1));
  if (hash.get("entity")) entityInput.value = hash.get("entity");
  if (hash.get("type")) typeSelect.value = hash.get("type");

  function matches(e) {
    if (typeSelect.value && e.type !== typeSelect.value) return false;
    const q = entityInput.value.trim();
    if (!q) return true;
    return e.arguments.some((a) => a.entity_id === q || a.name.includes(q) || a.text.includes(q));
  }

  function row(e) {
    const tr = el("tr");
    tr.append(el("td", {title: e.sort_date.replace("/", " – ")}, e.date));
    const type = el("td");
    type.append(el("span", {class: "tag", style: `background:${colour(e.type)}`}, e.type));
    if (e.modality && e.modality !== "asserted") type.append(document.createTextNode(` (${e.modality})`));
    tr.append(type);
    const who = el("td");
    e.arguments.forEach((a, i) => {
      if (i) who.append(document.createTextNode("; "));
      who.append(document.createTextNode(`${a.role}: `));
      who.append(a.entity_id ? el("a", {href: `entities/${a.entity_file}.html`}, a.name) : document.createTextNode(a.text));
    });
    tr.append(who);
    const trigger = el("td");
    trigger.append(el("a", {href: `articles/${e.doc_id}.html#${e.event_id}`, title: e.sentence}, e.trigger));
    tr.append(trigger, el("td", {}, e.title), el("td", {class: "rule"}, e.rule_id));
    return tr;
  }

  function chart(selected) {
    const box = document.getElementById("chart");
    box.replaceChildren();
    const months = new Map();
    // a few events far from the rest (founded in 1699) would squeeze every bar: the axis covers the
    // years from the 5th to the 99th percentile; the others are counted in an "earlier" and a "later" bar
    const dated = selected.filter((e) => e.sort_date).map((e) => +e.sort_date.slice(0, 4)).sort((a, b) => a - b);
    const low = dated[Math.floor(dated.length * 0.05)], high = dated[Math.ceil(dated.length * 0.99) - 1];
    for (const e of selected) {
      if (!e.sort_date) continue;
      const year = +e.sort_date.slice(0, 4);
      const month = year < low ? `< ${low}` : year > high ? `> ${high}` : e.bucket;
      if (!months.has(month)) months.set(month, new Map());
      const m = months.get(month);
      m.set(e.type, (m.get(e.type) || 0) + 1);
    }
    if (!months.size) return;
    // a continuous axis: every month (or every year, over long spans) between the first and the last
    const outside = (k) => k[0] === "<" || k[0] === ">";
    const years = [...months.keys()].filter((k) => !outside(k)).map((k) => +k.slice(0, 4));
    const first = Math.min(...years), last = Math.max(...years), byYear = last - first > 3;
    if (byYear) {
      for (const [k, m] of [...months]) {
        if (k.length === 4 || outside(k)) continue;
        months.delete(k);
        const year = months.get(k.slice(0, 4)) || new Map();
        for (const [t, n] of m) year.set(t, (year.get(t) || 0) + n);
        months.set(k.slice(0, 4), year);
      }
    }
    const span = [...months.keys()].filter((k) => k.length > 4 && !outside(k)).sort();
    for (let y = first; y <= last; y++) {
      if (byYear) { if (!months.has(String(y))) months.set(String(y), new Map()); continue; }
      for (let m = 1; m <= 12; m++) {
        const k = `${y}-${String(m).padStart(2, "0")}`;
        if (span.length && k > span[0] && k < span[span.length - 1] && !months.has(k)) months.set(k, new Map());
      }
    }
    const rank = (k) => (k[0] === "<" ? 0 : k[0] === ">" ? 2 : 1);
    const keys = [...months.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    const ns = "http://www.w3.org/2000/svg";
    const max = Math.max(1, ...keys.map((k) => [...months.get(k).values()].reduce((a, b) => a + b, 0)));
    const barW = Math.max(8, Math.min(40, 1000 / keys.length)), h = 160, left = 30, legendW = 170;
    const width = left + keys.length * barW + legendW, height = h + 60;
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const add = (tag, attrs, text) => {
      const n = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
      if (text !== undefined) n.textContent = text;
      svg.append(n);
      return n;
    };
    add("text", {x: 0, y: 12, class: "axis"}, String(max));
    add("line", {x1: left - 2, y1: 10, x2: left - 2, y2: h + 10, stroke: "#999"});
    keys.forEach((k, i) => {
      let y = h + 10;
      for (const t of types) {
        const n = months.get(k).get(t) || 0;
        if (!n) continue;
        const bh = (n / max) * h;
        y -= bh;
        const r = add("rect", {x: left + i * barW, y, width: barW - 2, height: bh, fill: colour(t)});
        r.append(Object.assign(document.createElementNS(ns, "title"), {textContent: `${k} ${t}: ${n}`}));
      }
      if (keys.length <= 40 || i % Math.ceil(keys.length / 40) === 0) {
        add("text", {x: left + i * barW, y: h + 22, class: "axis", transform: `rotate(45 ${left + i * barW} ${h + 22})`}, k);
      }
    });
    const present = types.filter((t) => keys.some((k) => months.get(k).get(t)));
    present.forEach((t, i) => {
      const x = left + keys.length * barW + 14;
      add("rect", {x, y: 10 + i * 14, width: 10, height: 10, fill: colour(t)});
      add("text", {x: x + 14, y: 19 + i * 14}, t);
    });
    box.append(svg);
  }

  function draw() {
    const selected = events.filter(matches);
    body.replaceChildren(...selected.slice(0, shown).map(row));
    more.hidden = selected.length <= shown;
    document.getElementById("f-count").textContent = `${selected.length} of ${events.length} events`;
    chart(selected);
  }
  typeSelect.addEventListener("change", () => { shown = 500; draw(); });
  entityInput.addEventListener("input", () => { shown = 500; draw(); });
  more.addEventListener("click", () => { shown += 500; draw(); });
  document.getElementById("filters").addEventListener("submit", (e) => e.preventDefault());
  draw();
}

const cards = readJson("cards");
if (cards) articlePage(cards);
const timeline = readJson("events");
if (timeline) timelinePage(timeline);
