// Sortable key-figure tables (div.rs-sortable, written by scripts/reportsite/render_derived.py).
// Each header cell gets a real <button>, so sorting works from the keyboard, and aria-sort
// tells screen readers the order. Numbers sort as numbers ("1,480" > "92"), text in Chinese
// collation; equal cells keep reading order. Our own ~50 lines instead of tablesort: no CDN,
// and tablesort's click-on-<th> is not reachable by keyboard.
(function () {
  "use strict";
  var NUMBER = /^-?\d+(\.\d+)?$/;

  function key(cell) {
    var text = cell.textContent.trim();
    var bare = text.replace(/[,\s]/g, "");
    return NUMBER.test(bare) ? parseFloat(bare) : text;
  }

  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), "zh");
  }

  function sort(table, column, header) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(header.parentNode.cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (x, y) {
      var order = compare(key(x.cells[column]), key(y.cells[column]));
      if (order === 0) order = x.getAttribute("data-rs-order") - y.getAttribute("data-rs-order");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function setup(table) {
    if (table.hasAttribute("data-rs-sortable") || !table.tHead || !table.tBodies.length) return;
    table.setAttribute("data-rs-sortable", "");
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row, i) {
      row.setAttribute("data-rs-order", String(i));
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "rs-sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () { sort(table, column, header); });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".rs-sortable table"), setup);
  }

  if (typeof window.document$ !== "undefined") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
