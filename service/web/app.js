/* scrutiny's web page: plain DOM, no framework, no build step.
   Views are chosen by the URL hash: #ask, #compare, #redline, #documents,
   #read/<document id>[/<start>-<end>] (the reader, with the cited span highlighted). */
"use strict";

(function () {
  const $ = (sel) => document.querySelector(sel);
  const state = {
    documents: [],
    byId: new Map(),
    texts: new Map(), // id -> Promise of {detail, text}
    topicsLoaded: false,
    redlineDefaults: { a: "cabinet-2012-draft", b: "cabinet-2012" },
  };

  // ---- small helpers ---------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    for (const child of children) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function status(text) {
    $("#status").textContent = text || "";
  }

  function showError(err) {
    const box = $("#error");
    box.replaceChildren(
      el("p", {}, el("strong", { text: "Something went wrong: " }), err.message || String(err)),
      err.fix ? el("p", { class: "fix", text: "What to do: " + err.fix }) : null,
    );
    box.hidden = false;
    status("");
  }

  function clearError() {
    const box = $("#error");
    box.hidden = true;
    box.replaceChildren();
  }

  async function api(method, path, body) {
    const init = { method, headers: { Accept: "application/json" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      throw Object.assign(new Error("the server could not be reached"), {
        fix: "check that `scrutiny serve` is running, then try again",
      });
    }
    let data = null;
    try {
      data = await response.json();
    } catch (e) {
      data = null;
    }
    if (!response.ok) {
      const error = (data && data.error) || {};
      const detail = error.detail || {};
      throw Object.assign(new Error(error.message || "HTTP " + response.status), {
        fix: typeof detail === "object" && !Array.isArray(detail) ? detail.fix : undefined,
        code: error.code,
        status: response.status,
      });
    }
    return data;
  }

  async function busy(button, label, work) {
    clearError();
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    status(label);
    try {
      await work();
      status("");
    } catch (err) {
      showError(err);
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  }

  function readHref(documentId, start, end) {
    const base = "#read/" + encodeURIComponent(documentId);
    return start === undefined || start === null ? base : base + "/" + start + "-" + end;
  }

  function where(item) {
    const bits = [];
    if (item.section) bits.push(item.section);
    if (item.paragraph) bits.push("¶" + item.paragraph);
    if (item.page) bits.push("p. " + item.page);
    return bits.join(" · ");
  }

  function docTitle(id) {
    const doc = state.byId.get(id);
    return doc ? doc.title : id;
  }

  // ---- views ------------------------------------------------------------------------------
  const VIEWS = ["ask", "compare", "redline", "documents", "read"];

  function route() {
    const hash = decodeURI(location.hash.replace(/^#/, "")) || "ask";
    const [view, ...rest] = hash.split("/");
    if (!VIEWS.includes(view)) {
      // an in-page target (the skip link) is not a view: stay where we are
      if (document.querySelector(".view:not([hidden])")) return;
    }
    const name = VIEWS.includes(view) ? view : "ask";
    for (const v of VIEWS) $("#view-" + v).hidden = v !== name;
    for (const link of document.querySelectorAll("nav [data-view]")) {
      const current = link.dataset.view === name || (name === "read" && link.dataset.view === "documents");
      if (current) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    if (name === "compare") loadTopics();
    if (name === "read" && rest.length) {
      const id = decodeURIComponent(rest[0]);
      const span = rest[1] && /^(\d+)-(\d+)$/.exec(rest[1]);
      openReader(id, span ? { start: +span[1], end: +span[2] } : null);
    }
  }

  // ---- documents and filters --------------------------------------------------------------
  async function loadDocuments() {
    const data = await api("GET", "/documents");
    state.documents = data.documents;
    state.byId = new Map(data.documents.map((d) => [d.id, d]));
    const years = [...new Set(data.documents.map((d) => d.year))].sort();
    $("#years").replaceChildren(
      ...years.map((y) =>
        el("label", { class: "check" }, el("input", { type: "checkbox", name: "year", value: y }), " " + y),
      ),
    );
    const options = (selected) =>
      data.documents.map((d) =>
        el("option", { value: d.id, selected: d.id === selected }, `${d.title} (${d.year}${d.status === "draft" ? ", draft" : ""})`),
      );
    $("#ask-document").replaceChildren(el("option", { value: "" }, "All documents"), ...options(""));
    const a = state.byId.has(state.redlineDefaults.a) ? state.redlineDefaults.a : data.documents[0]?.id;
    const b = state.byId.has(state.redlineDefaults.b) ? state.redlineDefaults.b : data.documents[1]?.id;
    $("#diff-a").replaceChildren(...options(a));
    $("#diff-b").replaceChildren(...options(b));
    renderDocumentList();
  }

  function renderDocumentList() {
    const rows = state.documents.map((d) =>
      el(
        "tr",
        {},
        el("td", {}, el("a", { href: readHref(d.id) }, d.title)),
        el("td", { text: d.year }),
        el("td", { text: d.kind.replace(/_/g, " ") }),
        el("td", { text: d.status }),
        el("td", { class: "num", text: d.paragraphs }),
      ),
    );
    $("#document-list").replaceChildren(
      el(
        "table",
        {},
        el("caption", { text: `${state.documents.length} documents in the index` }),
        el(
          "thead",
          {},
          el("tr", {}, ...["Title", "Year", "Kind", "Status", "Numbered paragraphs"].map((h, i) => el("th", { scope: "col", class: i === 4 ? "num" : null, text: h }))),
        ),
        el("tbody", {}, rows),
      ),
    );
  }

  // ---- ask --------------------------------------------------------------------------------
  async function onAsk(event) {
    event.preventDefault();
    const question = $("#question").value.trim();
    if (!question) {
      $("#question").focus();
      return;
    }
    const years = [...document.querySelectorAll("#years input:checked")].map((i) => +i.value);
    const doc = $("#ask-document").value;
    const body = { question, k: +$("#ask-k").value };
    if (years.length) body.years = years;
    if (doc) body.documents = [doc];
    await busy($("#ask-button"), "Searching the reports…", async () => {
      const result = await api("POST", "/ask", body);
      renderAnswer(result);
    });
  }

  function citeLinks(line, citations) {
    // "... [1] [2]" -> text with each [n] a link to the cited passage
    const parts = [];
    let last = 0;
    for (const m of line.matchAll(/\[(\d+)\]/g)) {
      const cite = citations[+m[1] - 1];
      if (!cite) continue;
      parts.push(line.slice(last, m.index));
      parts.push(
        el(
          "a",
          {
            class: "cite",
            href: readHref(cite.document_id, cite.start, cite.end),
            "aria-label": `citation ${m[1]}: ${cite.title} (${cite.year}) ${where(cite)}`,
          },
          `[${m[1]}]`,
        ),
      );
      last = m.index + m[0].length;
    }
    parts.push(line.slice(last));
    return parts;
  }

  function renderPassage(p) {
    return el(
      "li",
      { class: "passage" },
      el("p", { class: "source" }, el("strong", { text: `${p.title} (${p.year})` }), " ", where(p)),
      el("blockquote", {}, p.text.length > 600 ? p.text.slice(0, 600) + "…" : p.text),
      el("p", {}, el("a", { href: readHref(p.document_id, p.start, p.end) }, "Read in the document")),
    );
  }

  function renderAnswer(result) {
    const out = $("#answer");
    const nodes = [el("h2", { text: "Answer" })];
    if (result.abstained) {
      nodes.push(el("p", { class: "abstain" }, el("strong", { text: result.notes[0] || "The reports do not answer this question." })));
      for (const note of result.notes.slice(1)) nodes.push(el("p", { class: "note", text: note }));
      if (result.passages.length) {
        nodes.push(el("h3", { text: "Nearest passages" }));
        nodes.push(el("ol", { class: "passages" }, result.passages.map(renderPassage)));
      }
      out.replaceChildren(...nodes);
      return;
    }
    const lines = (result.answer || "").split("\n");
    nodes.push(el("div", { class: "answer-text" }, lines.map((line) => el("p", {}, citeLinks(line, result.citations)))));
    nodes.push(el("p", { class: "meta", text: `Confidence ${result.confidence.toFixed(2)}` }));
    nodes.push(el("h3", { text: "Citations" }));
    nodes.push(
      el(
        "ol",
        { class: "citations" },
        result.citations.map((c, i) =>
          el(
            "li",
            { id: "cite-" + (i + 1) },
            el("p", { class: "source" }, el("strong", { text: `${c.title} (${c.year})` }), " ", where(c)),
            el("blockquote", {}, "“" + c.quote + "”"),
            el("p", {}, el("a", { href: readHref(c.document_id, c.start, c.end), class: "open" }, `Open citation ${i + 1} in the document`)),
          ),
        ),
      ),
    );
    for (const note of result.notes) nodes.push(el("p", { class: "note", text: note }));
    if (result.passages.length) {
      nodes.push(
        el(
          "details",
          { class: "evidence" },
          el("summary", { text: `Evidence: the ${result.passages.length} passages searched` }),
          el("ol", { class: "passages" }, result.passages.map(renderPassage)),
        ),
      );
    }
    out.replaceChildren(...nodes);
    out.querySelector("h2").setAttribute("tabindex", "-1");
    out.querySelector("h2").focus();
  }

  // ---- reader -----------------------------------------------------------------------------
  function loadText(id) {
    if (!state.texts.has(id)) {
      const p = Promise.all([
        api("GET", "/documents/" + encodeURIComponent(id)),
        api("GET", "/documents/" + encodeURIComponent(id) + "/text"),
      ]).then(([detail, text]) => ({ detail, text: text.text }));
      p.catch(() => state.texts.delete(id));
      state.texts.set(id, p);
    }
    return state.texts.get(id);
  }

  function outlineLabel(e) {
    if (e.kind === "heading") return (e.number && !e.text.startsWith(e.number) ? e.number + " " : "") + e.text;
    if (e.kind === "table") return "Table: " + (e.caption || e.text.slice(0, 50));
    if (e.kind === "form_field") return "Field: " + (e.label || e.text.slice(0, 50));
    let text = e.text;
    let lead = "";
    if (e.paragraph) {
      lead = "¶" + e.paragraph + " ";
      // the text usually starts with its printed number ("12. The council…"): show it once
      if (text.startsWith(e.paragraph)) text = text.slice(e.paragraph.length).replace(/^[.)]?\s*/, "");
    }
    return lead + text.slice(0, 60) + (text.length > 60 ? "…" : "");
  }

  function renderText(container, text, outline, span) {
    const cuts = new Set([0, text.length]);
    const headings = outline.filter((e) => e.kind === "heading").sort((a, b) => a.start - b.start);
    for (const e of outline) cuts.add(e.start);
    for (const h of headings) cuts.add(h.end);
    if (span) {
      cuts.add(span.start);
      cuts.add(span.end);
    }
    const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
    const anchors = new Set(outline.map((e) => e.start));
    const frag = document.createDocumentFragment();
    let mark = null;
    let h = 0;
    for (let i = 0; i < points.length - 1; i++) {
      const a = points[i];
      const b = points[i + 1];
      while (h < headings.length && headings[h].end <= a) h++;
      const inHeading = h < headings.length && headings[h].start <= a && a < headings[h].end;
      let parent = frag;
      if (span && a >= span.start && a < span.end) {
        if (!mark) {
          mark = el("mark", { id: "hit", tabindex: "-1" });
          frag.append(mark);
        }
        parent = mark;
      }
      if (anchors.has(a)) parent.append(el("span", { id: "at-" + a, class: "anchor" }));
      const piece = text.slice(a, b);
      parent.append(inHeading ? el("strong", { class: "heading" }, piece) : document.createTextNode(piece));
    }
    container.replaceChildren(frag);
    return mark;
  }

  async function openReader(id, span) {
    clearError();
    status("Opening the document…");
    try {
      const { detail, text } = await loadText(id);
      $("#reader-title").textContent = detail.title;
      $("#reader-meta").textContent = [
        detail.year,
        detail.kind.replace(/_/g, " "),
        detail.status,
        detail.body,
        detail.date,
      ].filter(Boolean).join(" · ");
      const container = $("#reader-text");
      const mark = renderText(container, text, detail.outline, span);
      const items = detail.outline
        .filter((e) => e.kind === "heading" || e.kind === "table" || e.paragraph)
        .map((e) =>
          el(
            "li",
            { class: "lvl-" + Math.min(e.level || (e.kind === "heading" ? 1 : 3), 4) },
            el("a", { href: "#at-" + e.start, "data-at": e.start }, outlineLabel(e)),
          ),
        );
      $("#outline").replaceChildren(el("h2", { text: "Outline" }), el("ul", {}, items));
      status(span ? "Showing the cited passage, highlighted." : "");
      if (mark) {
        mark.scrollIntoView({ block: "center" });
        mark.focus({ preventScroll: true });
      } else {
        window.scrollTo(0, 0);
        $("#reader-title").setAttribute("tabindex", "-1");
        $("#reader-title").focus();
      }
    } catch (err) {
      showError(err);
    }
  }

  function onOutlineClick(event) {
    const link = event.target.closest("a[data-at]");
    if (!link) return;
    event.preventDefault(); // keep the reader's hash; just move to the place
    const target = document.getElementById("at-" + link.dataset.at);
    if (target) {
      target.setAttribute("tabindex", "-1");
      target.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
    }
  }

  // ---- compare ----------------------------------------------------------------------------
  async function loadTopics() {
    if (state.topicsLoaded) return;
    state.topicsLoaded = true;
    const pick = $("#topic-pick");
    try {
      const data = await api("GET", "/alignment");
      pick.replaceChildren(
        el("option", { value: "" }, `Choose one of ${data.topics.length} topics…`),
        ...data.topics.map((t) =>
          el("option", { value: t.label }, t.label + (t.absent_years.length ? ` (not in ${t.absent_years.join(", ")})` : "")),
        ),
      );
    } catch (err) {
      state.topicsLoaded = false;
      pick.replaceChildren(el("option", { value: "" }, "Topics unavailable: type one below"));
      if (err.status !== 501) showError(err);
    }
  }

  async function onCompare(event) {
    event.preventDefault();
    const topic = $("#topic").value.trim();
    if (!topic) {
      $("#topic").focus();
      return;
    }
    await busy($("#compare-button"), "Comparing the years…", async () => {
      const report = await api("POST", "/compare", { topic });
      renderComparison(report);
    });
  }

  function formatValue(v, unit) {
    const n = Number(v);
    const num = Number.isInteger(n) ? n.toLocaleString("en-GB") : n.toLocaleString("en-GB", { maximumFractionDigits: 2 });
    if (unit === "percent") return num + "%";
    if (unit === "gbp") return "£" + num;
    if (unit === "gbp_per_week") return "£" + num + "/week";
    if (unit === "days") return num + " days";
    return num;
  }

  function chart(series, years) {
    const W = 320, H = 170, L = 48, R = 12, T = 12, B = 28;
    const values = series.values.slice().sort((a, b) => a.year - b.year);
    // report years are few and uneven (2008, 2011, 2012, 2023): evenly spaced, in order
    const xs = [...new Set([...years, ...values.map((v) => v.year)])].sort((a, b) => a - b);
    const nums = values.map((v) => v.value);
    let y0 = Math.min(0, ...nums);
    let y1 = Math.max(...nums);
    if (y1 === y0) y1 = y0 + 1;
    const step = xs.length > 1 ? (W - L - R - 24) / (xs.length - 1) : 0;
    const sx = (year) => (xs.length > 1 ? L + 12 + xs.indexOf(year) * step : (L + W - R) / 2);
    const sy = (v) => T + (1 - (v - y0) / (y1 - y0)) * (H - T - B);
    const id = "chart-" + Math.random().toString(36).slice(2);
    const desc = values.map((v) => `${v.year}: ${v.text}`).join("; ");
    const root = svg("svg", {
      viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
      "aria-labelledby": id + "-t " + id + "-d", class: "chart",
    });
    root.append(svg("title", { id: id + "-t" }, `${series.measure} (${series.unit})`));
    root.append(svg("desc", { id: id + "-d" }, desc));
    root.append(svg("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, class: "axis" }));
    root.append(svg("line", { x1: L, y1: T, x2: L, y2: H - B, class: "axis" }));
    for (const year of xs) {
      root.append(svg("text", { x: sx(year), y: H - 8, "text-anchor": "middle", class: "tick" }, String(year)));
    }
    root.append(svg("text", { x: L - 6, y: sy(y1) + 4, "text-anchor": "end", class: "tick" }, formatValue(y1, series.unit)));
    root.append(svg("text", { x: L - 6, y: sy(y0) + 4, "text-anchor": "end", class: "tick" }, formatValue(y0, series.unit)));
    if (values.length > 1) {
      root.append(svg("polyline", { points: values.map((v) => `${sx(v.year)},${sy(v.value)}`).join(" "), class: "line" }));
    }
    for (const v of values) {
      root.append(svg("circle", { cx: sx(v.year), cy: sy(v.value), r: 4, class: "dot" }, svg("title", {}, `${v.year}: ${v.text}`)));
    }
    return root;
  }

  function renderSeries(series, years) {
    return el(
      "figure",
      { class: "series" },
      chart(series, years),
      el("figcaption", {}, el("strong", { text: series.measure }), series.note ? " — " + series.note : ""),
      el(
        "ul",
        { class: "values" },
        series.values.map((v) =>
          el("li", {}, `${v.year}${v.period ? " (" + v.period + ")" : ""}: ${v.text} `, el("a", { href: readHref(v.document_id, v.start, v.end) }, "source")),
        ),
      ),
    );
  }

  function renderCited(c) {
    return el(
      "li",
      {},
      el("p", { class: "source" }, el("strong", { text: docTitle(c.document_id) }), " ", where(c)),
      el("blockquote", {}, c.quote.length > 500 ? c.quote.slice(0, 500) + "…" : c.quote),
      el("p", {}, el("a", { href: readHref(c.document_id, c.start, c.end) }, "Read in the document")),
    );
  }

  function renderComparison(report) {
    const nodes = [el("h2", { text: `“${report.topic}” across the years`, tabindex: "-1" })];
    const years = report.years.slice().sort();
    if (report.series.length) {
      nodes.push(el("h3", { text: "Figures over time" }));
      nodes.push(el("div", { class: "charts" }, report.series.slice(0, 6).map((s) => renderSeries(s, years))));
    }
    nodes.push(
      el(
        "div",
        { class: "year-columns" },
        years.map((y) => {
          const passages = report.passages[String(y)] || [];
          return el(
            "section",
            { class: "year-col", "aria-label": `Year ${y}` },
            el("h3", { text: String(y) }),
            passages.length
              ? el("ul", { class: "passages" }, passages.map(renderCited))
              : el("p", { class: "note", text: `The ${y} reports do not discuss this topic.` }),
          );
        }),
      ),
    );
    if (report.changes.length) {
      nodes.push(el("h3", { text: "What changed" }));
      nodes.push(
        el(
          "ul",
          { class: "changes" },
          report.changes.map((c) => {
            const cited = c.after || c.before;
            return el(
              "li",
              {},
              el("span", { class: "kind", text: c.kind }),
              " ",
              c.text,
              cited ? [" ", el("a", { href: readHref(cited.document_id, cited.start, cited.end) }, "source")] : null,
            );
          }),
        ),
      );
    }
    $("#comparison").replaceChildren(...nodes);
    $("#comparison h2").focus();
  }

  // ---- redline ----------------------------------------------------------------------------
  async function onRedline(event) {
    event.preventDefault();
    const a = $("#diff-a").value;
    const b = $("#diff-b").value;
    await busy($("#redline-button"), "Comparing the versions…", async () => {
      const result = await api("POST", "/diff", { a, b });
      renderRedline(result);
    });
  }

  function ins(text) {
    return el("ins", {}, el("span", { class: "mark", "aria-hidden": "true" }, "+"), text);
  }

  function del(text) {
    return el("del", {}, el("span", { class: "mark", "aria-hidden": "true" }, "−"), text);
  }

  function paraLabel(p) {
    return p ? "¶" + p : "";
  }

  function renderChange(change) {
    const head = {
      added: `Added ${paraLabel(change.b_paragraph)}`,
      removed: `Removed ${paraLabel(change.a_paragraph)}`,
      changed: `Changed ${paraLabel(change.a_paragraph)}${change.b_paragraph && change.b_paragraph !== change.a_paragraph ? " → " + paraLabel(change.b_paragraph) : ""}`,
      moved: `Moved ${paraLabel(change.a_paragraph)} → ${paraLabel(change.b_paragraph)}`,
    }[change.kind] || change.kind;
    let body;
    if (change.words && change.words.length) {
      body = el("p", { class: "words" }, change.words.map((w) => (w.op === "insert" ? ins(w.text) : w.op === "delete" ? del(w.text) : w.text)));
    } else if (change.kind === "added" && change.b) {
      body = el("p", { class: "words" }, ins(change.b.quote));
    } else if (change.kind === "removed" && change.a) {
      body = el("p", { class: "words" }, del(change.a.quote));
    } else {
      body = el("p", { class: "words" }, (change.b || change.a || { quote: "" }).quote);
    }
    const links = [];
    if (change.a) links.push(el("a", { href: readHref(change.a.document_id, change.a.start, change.a.end) }, "in the earlier version"));
    if (change.b) links.push(el("a", { href: readHref(change.b.document_id, change.b.start, change.b.end) }, "in the later version"));
    const section = (change.b || change.a || {}).section;
    return el(
      "article",
      { class: "change change-" + change.kind },
      el("h3", {}, head.trim(), section ? el("span", { class: "section", text: " — " + section }) : null),
      body,
      links.length ? el("p", { class: "links" }, "Read ", links.flatMap((l, i) => (i ? [" or ", l] : [l]))) : null,
    );
  }

  function renderRedline(result) {
    const counts = {};
    for (const c of result.changes) counts[c.kind] = (counts[c.kind] || 0) + 1;
    const summary = Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ") || "no changes";
    const nodes = [
      el("h2", { text: `${docTitle(result.a)} → ${docTitle(result.b)}`, tabindex: "-1" }),
      el("p", { class: "meta", text: `${summary}; ${result.formatting.length} formatting-only; ${result.unchanged} paragraphs unchanged.` }),
      ...result.changes.map(renderChange),
    ];
    if (result.formatting.length) {
      nodes.push(
        el(
          "details",
          {},
          el("summary", { text: `${result.formatting.length} changes of formatting only (spaces, quotes, glyphs)` }),
          result.formatting.map(renderChange),
        ),
      );
    }
    $("#redline").replaceChildren(...nodes);
    $("#redline h2").focus();
  }

  // ---- start ------------------------------------------------------------------------------
  function start() {
    $("#ask-form").addEventListener("submit", onAsk);
    $("#compare-form").addEventListener("submit", onCompare);
    $("#redline-form").addEventListener("submit", onRedline);
    $("#outline").addEventListener("click", onOutlineClick);
    $("#topic-pick").addEventListener("change", (e) => {
      if (e.target.value) $("#topic").value = e.target.value;
    });
    $("#question").addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        $("#ask-form").requestSubmit();
      }
    });
    window.addEventListener("hashchange", route);
    loadDocuments()
      .catch(retryWhileLoading)
      .finally(route);
  }

  let retries = 0;
  function retryWhileLoading(err) {
    // 503: the server is still loading (or swapping) its index; try again shortly
    showError(err);
    if (err.status === 503 && retries++ < 40) {
      status("The server is loading the index; retrying…");
      setTimeout(() => loadDocuments().then(() => { clearError(); status(""); }, retryWhileLoading), 3000);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
