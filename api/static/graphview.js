// Graph view (/graph?iri=…): draws the neighbourhood given in <script type="application/json" id="graph-data">
// with Cytoscape.js; a click on a node fetches /graph/neighbourhood to expand it, a double click opens its page.
// No inline script: data comes from the JSON block and data- attributes. Without JS the page lists the links.
(function () {
  "use strict";
  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
    "#7f7f7f", "#bcbd22", "#393b79", "#637939", "#843c39", "#7b4173", "#3182bd", "#e6550d"];
  var root = document.getElementById("graph-view");
  var dataBlock = document.getElementById("graph-data");
  var canvas = document.getElementById("graph-canvas");
  if (!root || !dataBlock || !canvas || typeof window.cytoscape !== "function") { return; }
  var data = JSON.parse(dataBlock.textContent);
  var lang = root.getAttribute("data-lang") || "vi";
  var endpoint = root.getAttribute("data-endpoint");
  var colours = {};  // class IRI → colour, in order of appearance
  var classNames = {};
  var expanded = {};

  function colourOf(cls) {
    var key = cls || "";
    if (!(key in colours)) { colours[key] = PALETTE[Object.keys(colours).length % PALETTE.length]; }
    return colours[key];
  }

  function message(key, values) {
    var text = root.getAttribute("data-msg-" + key) || "";
    Object.keys(values || {}).forEach(function (k) { text = text.replace("{" + k + "}", String(values[k])); });
    return text;
  }

  function toElements(payload) {
    var elements = [];
    payload.nodes.forEach(function (n) {
      classNames[n["class"] || ""] = n.classLabel || n["class"] || "?";
      elements.push({ group: "nodes", data: { id: n.id, label: n.label, cls: n["class"] || "",
        classLabel: n.classLabel || "", href: n.href || "", colour: colourOf(n["class"]) } });
    });
    payload.edges.forEach(function (e) {
      elements.push({ group: "edges", data: { id: e.source + " " + e.property + " " + e.target,
        source: e.source, target: e.target, label: e.label } });
    });
    return elements;
  }

  function addPayload(cy, payload) {
    var fresh = toElements(payload).filter(function (el) { return cy.getElementById(el.data.id).empty(); });
    cy.add(fresh);
    return fresh.length;
  }

  function renderLegend() {
    var list = document.getElementById("graph-legend");
    if (!list) { return; }
    list.textContent = "";
    Object.keys(colours).forEach(function (cls) {
      var item = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.backgroundColor = colours[cls];  // CSSOM, allowed by a CSP without inline styles
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(" " + (classNames[cls] || "?")));
      list.appendChild(item);
    });
  }

  function status(text) {
    var el = document.getElementById("graph-status");
    if (el) { el.textContent = text; }
  }

  function showSelected(node) {
    var box = document.getElementById("graph-selected");
    if (!box) { return; }
    box.textContent = "";
    var title = document.createElement("p");
    title.appendChild(document.createTextNode(message("selected") + ": "));
    var strong = document.createElement("strong");
    strong.textContent = node.data("label");
    title.appendChild(strong);
    if (node.data("classLabel")) { title.appendChild(document.createTextNode(" (" + node.data("classLabel") + ")")); }
    box.appendChild(title);
    if (node.data("href")) {
      var link = document.createElement("a");
      link.href = node.data("href") + "?lang=" + encodeURIComponent(lang);
      link.textContent = message("open");
      box.appendChild(link);
    }
  }

  function layout(cy, first) {
    if (first) {  // a star around the entity: concentric, the entity in the middle
      cy.layout({ name: "concentric", animate: false, minNodeSpacing: 18,
        concentric: function (n) { return n.id() === data.center ? 2 : 1; }, levelWidth: function () { return 1; } }).run();
    } else {
      cy.layout({ name: "cose", animate: false, nodeDimensionsIncludeLabels: true, randomize: false,
        idealEdgeLength: function () { return 90; }, nodeRepulsion: function () { return 9000; } }).run();
    }
    cy.fit(undefined, 20);
  }

  function expand(cy, node) {
    var iri = node.id();
    showSelected(node);
    if (expanded[iri]) { return; }
    expanded[iri] = true;
    status(message("loading"));
    var url = endpoint + "?iri=" + encodeURIComponent(iri) + "&lang=" + encodeURIComponent(lang);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (payload) {
        addPayload(cy, payload);
        renderLegend();
        layout(cy);
        status(payload.truncated ? message("truncated", { shown: payload.shown, total: payload.total }) : "");
      })
      .catch(function (err) { expanded[iri] = false; status(String(err)); });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".graph-js-only, #graph-canvas"), function (el) {
    el.hidden = false;
  });
  Array.prototype.forEach.call(document.querySelectorAll(".graph-no-js"), function (el) { el.hidden = true; });
  var cy = window.cytoscape({
    container: canvas,
    elements: [],
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { "background-color": "data(colour)", label: "data(label)", "font-size": 9,
        "text-wrap": "ellipsis", "text-max-width": 140, width: 18, height: 18, color: "#222" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#000" } },
      { selector: "edge", style: { label: "data(label)", "font-size": 7, color: "#555", width: 1.2,
        "line-color": "#bbb", "target-arrow-color": "#bbb", "target-arrow-shape": "triangle",
        "curve-style": "bezier", "text-rotation": "autorotate" } }
    ]
  });
  addPayload(cy, data);
  expanded[data.center] = true;
  renderLegend();
  cy.resize();
  layout(cy, true);
  cy.getElementById(data.center).select();
  cy.on("tap", "node", function (evt) { expand(cy, evt.target); });
  cy.on("dbltap", "node", function (evt) {
    var href = evt.target.data("href");
    if (href) { window.location.href = href + "?lang=" + encodeURIComponent(lang); }
  });
  var fit = document.getElementById("graph-fit");
  if (fit) { fit.addEventListener("click", function () { cy.fit(undefined, 20); }); }
}());
