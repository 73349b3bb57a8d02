/* Sortable tables: every `table.sortable` gets a button in each header cell with `data-sort` ("text" or
   "number"); pressing it sorts the rows by that column (numbers by the cell's data-sort-value, text by its
   words in the page's language), ascending, then descending on a second press, and says so in aria-sort.
   Without JavaScript the table keeps the server's order (largest grant first). Loaded as a file, never
   inline, so that the Content-Security-Policy can forbid inline scripts. */
(function () {
  "use strict";
  var collator = new Intl.Collator(document.documentElement.lang || "sv", { numeric: true, sensitivity: "base" });
  function key(row, index, kind) {
    var cell = row.cells[index];
    if (!cell) return kind === "number" ? -Infinity : "";
    var value = cell.getAttribute("data-sort-value");
    if (kind === "number") return value === null ? -Infinity : parseFloat(value);
    return (value === null ? cell.textContent : value).trim();
  }
  function sortBy(table, header, index, kind) {
    var body = table.tBodies[0];
    if (!body) return;
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, index, kind), y = key(b, index, kind);
      var order = kind === "number" ? x - y : collator.compare(x, y);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      var kind = header.getAttribute("data-sort");
      if (!kind) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, header, index, kind); });
    });
  });
})();
