/* vnqi SPARQL editor: YASGUI over the plain form, the example library, a share link, labels next to vnqi IRIs. */
(() => {
  "use strict";

  const MAX_LABELS = 500; // IRIs whose labels one results table asks for
  const RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label";
  const SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"; // code-list concepts: when no rdfs:label
  const configEl = document.getElementById("editor-config");
  const root = document.getElementById("yasgui");
  const Yasgui = window.Yasgui;
  if (!configEl || !root || typeof Yasgui !== "function") return; // the plain form stays

  const cfg = JSON.parse(configEl.textContent);
  const endpoint = new URL(cfg.endpoint, window.location.href).href;
  const labels = new Map(); // IRI -> label ("" when it has none)
  const labelled = new WeakSet(); // results objects whose labels were already asked for

  /** Text made safe to put in HTML. */
  const escapeHtml = (text) =>
    String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

  /** True for an IRI of the project (under the base IRI) that can be written as <…> in a query. */
  const isLocal = (iri) => iri.startsWith(cfg.base) && !/[\s<>"{}|^`\\]/.test(iri);

  /** The local page of a project IRI: its path after the base IRI. */
  const localPath = (iri) => "/" + iri.slice(cfg.base.length);

  /** True for a project IRI that has a page: an entity (/id/…); ontology terms and graph names have none. */
  const hasPage = (iri) => iri.startsWith(cfg.base + "id/") && iri.length > (cfg.base + "id/").length;

  /** The address that opens the editor on `query` (kept language if the page was asked with ?lang=). */
  const shareUrl = (query) => {
    const url = new URL("/sparql", window.location.href);
    url.searchParams.set("query", query);
    const lang = new URL(window.location.href).searchParams.get("lang");
    if (lang) url.searchParams.set("lang", lang);
    return url.href;
  };

  /** The best label among SPARQL JSON bindings {l}: the UI language, then the other, then any. */
  const pickLabel = (found) => {
    const order = [cfg.lang, cfg.lang === "vi" ? "en" : "vi", ""];
    for (const lang of order) {
      const hit = found.find((b) => (b["xml:lang"] || "") === lang);
      if (hit) return hit.value;
    }
    return found.length ? found[0].value : "";
  };

  /** Ask the endpoint once for the rdfs:label (else skos:prefLabel) of `iris`; fill the cache (misses as ""). */
  const fetchLabels = async (iris) => {
    const values = iris.map((iri) => `<${iri}>`).join(" ");
    const query = `SELECT ?s ?p ?l WHERE { VALUES ?s { ${values} } VALUES ?p { <${RDFS_LABEL}> <${SKOS_LABEL}> } ?s ?p ?l }`;
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { Accept: "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ query }),
    });
    if (!response.ok) throw new Error(`labels: HTTP ${response.status}`);
    const byIri = new Map(); // IRI -> {rdfs: [...], skos: [...]}
    for (const row of (await response.json()).results.bindings) {
      if (!byIri.has(row.s.value)) byIri.set(row.s.value, { rdfs: [], skos: [] });
      byIri.get(row.s.value)[row.p.value === RDFS_LABEL ? "rdfs" : "skos"].push(row.l);
    }
    for (const iri of iris) {
      const found = byIri.get(iri) || { rdfs: [], skos: [] };
      labels.set(iri, pickLabel(found.rdfs.length ? found.rdfs : found.skos));
    }
  };

  /** Project IRIs in the results without a cached label, in order, at most MAX_LABELS. */
  const unlabelled = (results) => {
    const iris = new Set();
    for (const row of results.getBindings() || []) {
      for (const term of Object.values(row)) {
        if (term && term.type === "uri" && isLocal(term.value) && !labels.has(term.value)) iris.add(term.value);
        if (iris.size >= MAX_LABELS) return [...iris];
      }
    }
    return [...iris];
  };

  /** Table cells: a vnqi IRI shows its label next to it and links to its local page when it has one (an entity);
   *  labels are fetched after a draw. */
  const patchTable = () => {
    const Table = Yasgui.Yasr.plugins.table;
    const link = Table.prototype.getUriLinkFromBinding;
    Table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
      if (!isLocal(binding.value)) return link.call(this, binding, prefixes);
      let shown = binding.value;
      for (const [p, ns] of Object.entries(prefixes || {})) {
        if (ns && shown.startsWith(ns)) { shown = `${p}:${shown.slice(ns.length)}`; break; }
      }
      const label = labels.get(binding.value);
      const anchor = hasPage(binding.value)
        ? `<a class="iri" target="_blank" rel="noopener" href="${escapeHtml(localPath(binding.value))}"` +
          ` title="${escapeHtml(binding.value)}">${escapeHtml(shown)}</a>`
        : `<span class="iri" title="${escapeHtml(binding.value)}">${escapeHtml(shown)}</span>`;
      return label ? `${anchor}<span class="vnqi-label">${escapeHtml(label)}</span>` : anchor;
    };
    const draw = Table.prototype.draw;
    Table.prototype.draw = function (...args) {
      const drawn = draw.apply(this, args);
      addLabels(this.yasr);
      return drawn;
    };
  };

  /** Fetch the missing labels once for the drawn results, then redraw the table with them. */
  const addLabels = async (yasr) => {
    const results = yasr.results;
    if (!results || labelled.has(results)) return;
    labelled.add(results);
    const iris = unlabelled(results);
    if (!iris.length) return;
    try {
      await fetchLabels(iris);
    } catch (error) {
      console.warn("vnqi editor: no labels", error);
      return;
    }
    if (yasr.results === results && yasr.drawnPlugin === "table" && iris.some((iri) => labels.get(iri))) yasr.refresh();
  };

  /** Load `query` into the current tab and run it. */
  const runInTab = (yasgui, query) => {
    const tab = yasgui.getTab();
    tab.setQuery(query);
    tab.getYasqe().collapsePrefixes(true);
    tab.query().catch(() => {});
  };

  /** Start YASGUI, hide the plain form and wire the examples and the share link. */
  const start = () => {
    const offline = ["variables", "prefixes"]; // the property and class completers ask an outside service
    Yasgui.Yasqe.defaults.autocompleters = offline;
    Yasgui.defaults.yasqe.autocompleters = offline;
    Yasgui.Tab.prototype.getShareableLink = function () { return shareUrl(this.getQuery()); };
    patchTable();
    const yasgui = new Yasgui(root, {
      requestConfig: {
        endpoint,
        method: "POST",
        acceptHeaderSelect: "application/sparql-results+json",
        acceptHeaderGraph: "text/turtle",
      },
      copyEndpointOnNewTab: false,
      persistenceId: null, // nothing kept in localStorage: the page shows what its address says
      populateFromUrl: false,
      autofocus: false,
      endpointCatalogueOptions: { getData: () => [{ endpoint }] },
      yasqe: { value: cfg.query, editorHeight: "22rem" },
      yasr: { prefixes: cfg.prefixes },
    });
    const tab = yasgui.getTab();
    if (!cfg.run) tab.getYasqe().collapsePrefixes(true); // our prologue folded; a shared query shown as written

    document.getElementById("query-form").hidden = true;
    for (const id of ["editor-tools", "examples-hint"]) {
      const el = document.getElementById(id);
      if (el) el.hidden = false;
    }
    document.getElementById("share-link")?.addEventListener("click", () => {
      window.location.href = shareUrl(yasgui.getTab().getQuery());
    });
    for (const a of document.querySelectorAll("#examples a")) {
      a.addEventListener("click", (event) => {
        const query = new URL(a.href).searchParams.get("query");
        if (!query || event.ctrlKey || event.metaKey || event.shiftKey) return; // new window: the link as is
        event.preventDefault();
        runInTab(yasgui, query); // the page declared the project prefixes in it
      });
    }
    if (cfg.run) tab.query().catch(() => {});
  };

  try {
    start();
  } catch (error) {
    console.error("vnqi editor: YASGUI did not start, the plain form stays", error);
  }
})();
