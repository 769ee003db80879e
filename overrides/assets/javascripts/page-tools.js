/*
 * Reading tools (overrides/partials/page-tools.html) and the script switch's memory of place.
 *
 *  - 字号 大/中/小: data-rs-font="l|s" on <html> (none = medium), remembered in localStorage;
 *    where storage is refused (file:// or privacy settings in some browsers) in window.name,
 *    which lasts as long as the tab.  main.html applies it before the first paint.
 *  - 打印: window.print().
 *  - 复制链接: the page's public address (data-rs-url; the current address when the site has
 *    none) plus the fragment being read.  The Clipboard API where the browser allows it, else
 *    a selected textarea and execCommand("copy") (http and some file:// pages), else the
 *    address shown in a selected field to copy by hand.  The outcome is said in a status line.
 *  - Tables: each cell labelled with its column's name, for the card layout on a phone.
 *  - The switch (繁體/简体, partials/alternate.html) carries the fragment (#fig-c) to the other
 *    script's page, or where there is none the place being read: the index of the first block
 *    at the top of the window and how far into it, as ?rs-at=<index>.<per mille>; the page
 *    opened scrolls there and drops the parameter from its address.
 *
 * No network, no dependencies; every failure leaves the page as it was.
 */
(function () {
  "use strict";

  var KEY = "rs-font-size";
  var PLACE = "rs-at";
  var root = document.documentElement;

  /* ---------------------------------------------------------------- text size */

  function saveSize(size) {
    try {
      window.localStorage.setItem(KEY, size);
      if (window.localStorage.getItem(KEY) === size) return;
    } catch (e) {
      /* refused: fall through */
    }
    var rest = (window.name || "").split(";").filter(function (part) {
      return part && part.indexOf(KEY + "=") !== 0;
    });
    rest.push(KEY + "=" + size);
    window.name = rest.join(";");
  }

  function showSize(size) {
    if (size === "s" || size === "l") root.setAttribute("data-rs-font", size);
    else root.removeAttribute("data-rs-font");
    var current = root.getAttribute("data-rs-font") || "m";
    var buttons = document.querySelectorAll("[data-rs-font-size]");
    for (var i = 0; i < buttons.length; i++) {
      var pressed = buttons[i].getAttribute("data-rs-font-size") === current;
      buttons[i].setAttribute("aria-pressed", pressed ? "true" : "false");
    }
  }

  /* ---------------------------------------------------------------- copy link */

  var tools = document.querySelector("[data-rs-tools]");
  var statusTimer = null;

  function say(text) {
    var status = tools && tools.querySelector("[data-rs-status]");
    if (!status) return;
    status.textContent = text;
    if (statusTimer) window.clearTimeout(statusTimer);
    statusTimer = window.setTimeout(function () {
      status.textContent = "";
    }, 6000);
  }

  function pageAddress() {
    var url = tools && tools.getAttribute("data-rs-url");
    if (!url) return location.href;
    return url + (location.hash || "");
  }

  function copyWithSelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (e) {
      done = false;
    }
    document.body.removeChild(area);
    return done;
  }

  function copied() {
    var manual = tools.querySelector("[data-rs-manual]");
    if (manual) manual.hidden = true;
    say(tools.getAttribute("data-rs-copy-done"));
  }

  function copyByHand(text) {
    var manual = tools.querySelector("[data-rs-manual]");
    say(tools.getAttribute("data-rs-copy-manual"));
    if (!manual) return;
    manual.value = text;
    manual.hidden = false;
    manual.focus();
    manual.select();
  }

  function copyLink() {
    var text = pageAddress();
    var fallback = function () {
      if (copyWithSelection(text)) copied();
      else copyByHand(text);
    };
    var clipboard = navigator.clipboard;
    if (clipboard && typeof clipboard.writeText === "function" && window.isSecureContext) {
      clipboard.writeText(text).then(copied, fallback);
    } else {
      fallback();
    }
  }

  /* ---------------------------------------------------------------- switch: keep the place */

  // Blocks of the article in document order: the same list on both scripts' copies of a page.
  var BLOCKS = "article h1, article h2, article h3, article h4, article h5, article h6, " +
    "article p, article li, article tr, article dt, article dd, article blockquote";

  function headerBottom() {
    var header = document.querySelector(".md-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  function currentPlace() {
    if (window.scrollY <= 0) return null;
    var top = headerBottom();
    var blocks = document.querySelectorAll(BLOCKS);
    for (var i = 0; i < blocks.length; i++) {
      var box = blocks[i].getBoundingClientRect();
      if (box.height > 0 && box.bottom > top) {
        var into = Math.max(0, Math.min(999, Math.round(((top - box.top) / box.height) * 1000)));
        return i + "." + into;
      }
    }
    return null;
  }

  function switchTarget(link) {
    var base = link.getAttribute("data-rs-base");
    if (base === null) {
      base = link.getAttribute("href");
      link.setAttribute("data-rs-base", base);
    }
    var query = location.search.replace(/^\?/, "").split("&").filter(function (part) {
      return part && part.indexOf(PLACE + "=") !== 0;
    });
    if (!location.hash) {
      var place = currentPlace();
      if (place) query.push(PLACE + "=" + place);
    }
    return base + (query.length ? "?" + query.join("&") : "") + (location.hash || "");
  }

  function restorePlace() {
    var match = new RegExp("[?&]" + PLACE + "=(\\d+)\\.(\\d+)").exec(location.search);
    if (!match) return;
    var rest = location.search.replace(/^\?/, "").split("&").filter(function (part) {
      return part && part.indexOf(PLACE + "=") !== 0;
    });
    try {
      history.replaceState(history.state, "",
        location.pathname + (rest.length ? "?" + rest.join("&") : "") + location.hash);
    } catch (e) {
      /* some browsers refuse it on file://: the parameter stays, harmless */
    }
    if (location.hash) return;
    var scroll = function () {
      var block = document.querySelectorAll(BLOCKS)[parseInt(match[1], 10)];
      if (!block) return;
      var box = block.getBoundingClientRect();
      var y = window.scrollY + box.top + (box.height * parseInt(match[2], 10)) / 1000 -
        headerBottom();
      window.scrollTo(0, Math.max(0, Math.round(y)));
    };
    scroll();
    // Again once everything is laid out (Material wraps tables after this script runs).
    if (document.readyState !== "complete") window.addEventListener("load", scroll);
    else window.requestAnimationFrame(scroll);
  }

  /* ---------------------------------------------------------------- tables on a phone */

  // page-tools.css lays a table out as a card per row on a narrow screen (each value under its
  // column's name) so that it reflows at any text size instead of scrolling sideways.  Here:
  // each cell gets its column's name, and the parts get table roles, which a table laid out
  // with display: block loses in some browsers' accessibility trees.
  function stackTables() {
    var tables = document.querySelectorAll("article table");
    for (var t = 0; t < tables.length; t++) {
      var table = tables[t];
      if (!table.tHead || table.tHead.rows.length !== 1 || !table.tBodies.length) continue;
      var heads = table.tHead.rows[0].cells;
      var labels = [];
      for (var h = 0; h < heads.length; h++) {
        labels.push(heads[h].textContent.trim());
        heads[h].setAttribute("role", "columnheader");
      }
      table.setAttribute("role", "table");
      table.setAttribute("data-rs-stacked", "");
      var groups = [table.tHead].concat(Array.prototype.slice.call(table.tBodies));
      for (var g = 0; g < groups.length; g++) {
        groups[g].setAttribute("role", "rowgroup");
        for (var r = 0; r < groups[g].rows.length; r++) {
          var row = groups[g].rows[r];
          row.setAttribute("role", "row");
          if (groups[g] === table.tHead) continue;
          for (var c = 0; c < row.cells.length; c++) {
            row.cells[c].setAttribute("role", "cell");
            if (labels[c]) row.cells[c].setAttribute("data-rs-label", labels[c]);
          }
        }
      }
    }
  }

  /* ---------------------------------------------------------------- wiring */

  stackTables();

  if (tools) {
    var hidden = tools.querySelectorAll("[data-rs-js]");
    for (var i = 0; i < hidden.length; i++) hidden[i].hidden = false;
    showSize(root.getAttribute("data-rs-font") || "m");
    tools.addEventListener("click", function (event) {
      var target = event.target instanceof Element ? event.target : null;
      var button = target && target.closest("button");
      if (!button || !tools.contains(button)) return;
      if (button.hasAttribute("data-rs-font-size")) {
        var size = button.getAttribute("data-rs-font-size");
        showSize(size);
        saveSize(size);
      } else if (button.hasAttribute("data-rs-print")) {
        window.print();
      } else if (button.hasAttribute("data-rs-copy")) {
        copyLink();
      }
    });
  }

  // Escape closes the QR code's panel and gives the focus back to its button.
  var qr = document.querySelector("[data-rs-qr]");
  if (qr) {
    qr.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && qr.open) {
        qr.open = false;
        var summary = qr.querySelector("summary");
        if (summary) summary.focus();
      }
    });
  }

  var link = document.querySelector("a[data-rs-switch]");
  if (link) {
    var follow = function () {
      link.setAttribute("href", switchTarget(link));
    };
    link.addEventListener("click", follow);
    link.addEventListener("auxclick", follow);
    link.addEventListener("contextmenu", follow);
    window.addEventListener("hashchange", follow);
    follow();
  }

  restorePlace();
})();
