// Sortable key-figure tables (div.rs-sortable, written by scripts/reportsite/render_derived.py).
// Each header cell gets a real <button>, so sorting works from the keyboard, and aria-sort
// tells screen readers the order. Numbers sort as numbers ("1,480" > "92"), a cell that
// carries a value (data-rs-value: 数量, "14期" by 14) by it, text in Chinese collation; equal
// cells keep reading order. Our own ~70 lines instead of tablesort: no CDN, and tablesort's
// click-on-<th> is not reachable by keyboard.
// Each row's link to its paragraph (#fig-a) also gets the row's sentence as a text fragment
// (#fig-a:~:text=…), so the page opens with that sentence highlighted, where the browser
// supports it; elsewhere the link is left as it is and the paragraph is highlighted.
(function () {
  "use strict";
  var NUMBER = /^-?\d+(\.\d+)?$/;

  function key(cell) {
    var valued = cell.querySelector("[data-rs-value]");
    if (valued) return parseFloat(valued.getAttribute("data-rs-value"));
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

  // The characters a text fragment's syntax gives a meaning to, as percent escapes.
  function fragmentText(text) {
    return encodeURIComponent(text).replace(/-/g, "%2D");
  }

  function highlightSentence(row) {
    if (!("fragmentDirective" in document) || row.cells.length < 2) return;
    var link = row.cells[row.cells.length - 1].querySelector('a[href*="#fig-"]');
    var sentence = row.cells[row.cells.length - 2].textContent.trim();
    if (!link || !sentence || link.getAttribute("href").indexOf(":~:") >= 0) return;
    link.setAttribute("href", link.getAttribute("href") + ":~:text=" + fragmentText(sentence));
  }

  function setup(table) {
    if (table.hasAttribute("data-rs-sortable") || !table.tHead || !table.tBodies.length) return;
    table.setAttribute("data-rs-sortable", "");
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row, i) {
      row.setAttribute("data-rs-order", String(i));
      highlightSentence(row);
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
