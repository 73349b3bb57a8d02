/* Progressive enhancement of the SPARQL query form: replaces the plain form with YASGUI (vendored,
   see static/vendor/yasgui/NOTICE) pointed at this server's own endpoint. Loads nothing from other
   hosts: autocompleters that call remote services stay off and the endpoint list has only this server.
   Without JavaScript, or if YASGUI fails to load, the plain form stays and works.

   The form is the first `form[data-sparql-editor]` (or, failing that, the first form with a
   `textarea[name=query]`); its action is the endpoint. Links with `data-example-query`, and forms
   whose query is a hidden field (the page's examples), load their query into the editor instead. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-sparql-editor]");
  if (!form) {
    var area = document.querySelector("form textarea[name=query]");
    form = area && area.form;
  }
  if (!form || typeof window.Yasgui !== "function") return;
  var textarea = form.querySelector("textarea[name=query]");
  var endpoint = new URL(form.getAttribute("action") || window.location.pathname, window.location.href).href;
  var host = document.createElement("div");
  host.className = "yasgui-host";
  host.id = "sparql-editor";
  form.parentNode.insertBefore(host, form);
  var yasgui;
  try {
    yasgui = new window.Yasgui(host, {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
      persistenceId: null,
      populateFromUrl: true,
      yasqe: { value: textarea ? textarea.value : "", autocompleters: [], prefixCcApi: null, resizeable: true,
               lineWrapping: true },
      yasr: { prefixes: {} }
    });
  } catch (error) {
    host.remove();
    return;  // the plain form stays
  }
  form.hidden = true;
  document.documentElement.classList.add("js-sparql-editor");
  window.fundgraphEditor = yasgui;

  // Results as values: the table's "simple view" (no <…> around IRIs, no ^^xsd:… after literals).
  function simpleResults() {
    var tab = yasgui.getTab();
    var yasr = tab && tab.getYasr();
    if (!yasr || !yasr.config.plugins.table) return;
    var table = yasr.config.plugins.table;
    table.dynamicConfig = Object.assign({}, table.dynamicConfig || {}, { compact: true });
  }
  simpleResults();
  yasgui.on("tabChange", simpleResults);

  // YASGUI has no translations: its own words that a reader sees (button names, plugin names, table
  // controls) are replaced in the page's language as they appear. English pages keep them as they are.
  // An accessible name keeps the visible word it labels (WCAG 2.5.3): "Tabell" is "Visa vyn Tabell".
  var WORDS = {
    sv: {
      "Run query": "Kör frågan", "Share query": "Dela frågan", "Download result": "Ladda ner svaret",
      "Download Results": "Ladda ner svaret", "Download not supported": "Kan inte laddas ner",
      "Filter query results": "Filtrera svaret", "Show all": "Visa alla", "Simple view": "Enkel vy",
      "Ellipse": "Korta av", "Table": "Tabell", "Response": "Svar", "Query": "Fråga", "Search": "Sök",
      "Previous": "Föregående", "Next": "Nästa", "Shows Table view": "Visa vyn Tabell",
      "Shows Response view": "Visa vyn Svar", "Add tab": "Ny flik", "Close tab": "Stäng fliken"
    }
  };
  var PATTERNS = {
    sv: [
      [/^(\d+) results? in ([\d.]+) seconds?$/, function (m) { return m[1] + " rader på " + m[2].replace(".", ",") + " s"; }],
      [/^Showing (\d+) to (\d+) of (\d+) entries$/, function (m) { return "Rad " + m[1] + "–" + m[2] + " av " + m[3]; }],
      [/^Page size:$/, function () { return "Rader per sida:"; }],
      [/^All$/, function () { return "Alla"; }]
    ]
  };
  var words = WORDS[document.documentElement.lang];
  var patterns = PATTERNS[document.documentElement.lang] || [];
  function translated(text) {
    if (words[text]) return words[text];
    for (var i = 0; i < patterns.length; i++) {
      var found = patterns[i][0].exec(text);
      if (found) return patterns[i][1](found);
    }
    return null;
  }
  function translate(root) {
    if (!words) return;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      var node = walker.currentNode, text = node.nodeValue.trim(), other = text && translated(text);
      if (other) node.nodeValue = node.nodeValue.replace(text, other);
    }
    Array.prototype.forEach.call(root.querySelectorAll("[title], [aria-label], [placeholder]"), function (el) {
      ["title", "aria-label", "placeholder"].forEach(function (name) {
        var value = el.getAttribute(name);
        if (value && words[value.trim()]) el.setAttribute(name, words[value.trim()]);
      });
    });
  }
  translate(host);
  if (words && window.MutationObserver) {
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; translate(host); });
    }).observe(host, { childList: true, subtree: true });
  }

  function currentYasqe() {
    var tab = yasgui.getTab();
    return tab && tab.getYasqe();
  }
  // CodeMirror's input field gets the accessible name of the form's own query field.
  var label = textarea && textarea.labels && textarea.labels.length ? textarea.labels[0].textContent.trim() : "SPARQL";
  function labelInput() {
    var yasqe = currentYasqe();
    if (yasqe) yasqe.getInputField().setAttribute("aria-label", label);
  }
  labelInput();
  yasgui.on("tabChange", labelInput);
  function load(query, run) {
    var yasqe = currentYasqe();
    if (!yasqe) return false;
    yasqe.setValue(query);
    host.scrollIntoView({ block: "start" });
    if (run) yasqe.query(); else yasqe.focus();
    return true;
  }
  // Example links (data-example-query) and example forms (a hidden query field) fill the editor.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-example-query]");
    if (link && load(link.getAttribute("data-example-query"), false)) event.preventDefault();
  });
  document.addEventListener("submit", function (event) {
    var hidden = event.target.querySelector("input[type=hidden][name=query]");
    if (hidden && load(hidden.value, true)) event.preventDefault();
  });
})();
