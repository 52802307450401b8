// Search box suggestions: as the user types in #search-q, ask /search/suggest (debounced) and fill the
// <datalist id="search-suggestions">. Without JavaScript the box is a plain GET form to /search.
(function () {
  "use strict";
  var DELAY_MS = 200;
  var MIN_CHARS = 2;

  function setup() {
    var input = document.getElementById("search-q");
    var list = document.getElementById("search-suggestions");
    if (!input || !list || !window.fetch) { return; }
    var form = input.form;
    var langField = form ? form.querySelector("input[name=lang]") : null;
    var timer = null;
    var controller = null;
    var lastQuery = "";
    var hrefs = {};

    function fill(hits) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      hrefs = {};
      hits.forEach(function (hit) {
        var option = document.createElement("option");
        option.value = hit.identifier || hit.label;  // what goes in the box: searching it finds the entity first
        if (hrefs.hasOwnProperty(option.value)) { return; }  // the same text twice: picking it opens the first
        option.label = hit.label + (hit.typeLabel ? " — " + hit.typeLabel : "");
        option.textContent = option.label;
        hrefs[option.value] = hit.href;
        list.appendChild(option);
      });
    }

    function ask() {
      var q = input.value.trim();
      if (q === lastQuery) { return; }
      lastQuery = q;
      if (q.length < MIN_CHARS) { fill([]); return; }
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      var params = new URLSearchParams({ q: q, lang: langField ? langField.value : "vi" });
      fetch("/search/suggest?" + params.toString(), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined
      }).then(function (response) {
        return response.ok ? response.json() : [];
      }).then(function (hits) {
        if (input.value.trim() === q) { fill(Array.isArray(hits) ? hits : []); }
      }).catch(function () { /* aborted or offline: keep the list as it is */ });
    }

    input.addEventListener("input", function (event) {
      // A suggestion picked from the list (no typed character): go straight to its page.
      if (!event.inputType || event.inputType === "insertReplacementText") {
        var href = hrefs[input.value];
        if (href) { window.location.assign(href); return; }
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY_MS);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
