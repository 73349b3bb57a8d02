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
