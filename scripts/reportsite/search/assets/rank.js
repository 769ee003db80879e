/*
 * Ranking and result titles for the n-gram search worker.
 *
 * Part of the worker: the search plugin (reportsite/search/plugin.py worker_source) serves
 * worker.js, fold.js, this file, render.js and the manifest as one script, so these
 * functions share the worker's globals (pages, pageKind, pageParent, highlight).
 *
 * What a page is comes from the manifest (reportsite/search/pages.py): its kind (a report's
 * overview, one of its section pages, or anything else: key figures, comparisons, themes,
 * the catalogue) and its parent (the index page above it: a report's overview, 主题,
 * 总结与计划对照). Derived pages quote the reports' sentences, often several times over,
 * so frequency alone put them before the text they quote.
 */

var OTHER = 0, OVERVIEW = 1, TEXT = 2;
var MAX_DEPTH = 4;            // parents followed for a title (the deepest site has 3)

/* [value, run length, …] → one value per page. */
function unruns(ints) {
  var out = [];
  for (var i = 0; i + 1 < ints.length; i += 2)
    for (var j = 0; j < ints[i + 1]; j++) out.push(ints[i]);
  return out;
}

/* The page, its parent, its parent's parent … (at most MAX_DEPTH: a bad manifest must not
 * loop). */
function lineage(page) {
  var out = [];
  for (var p = page; p >= 0 && out.length < MAX_DEPTH; p = pageParent[p]) out.push(p);
  return out;
}

/* The overview of the report a page belongs to, or -1. */
function reportOf(page) {
  var up = lineage(page);
  for (var i = 0; i < up.length; i++) if (pageKind[up[i]] === OVERVIEW) return up[i];
  return -1;
}

/* Exact matches, then pages holding every word (`partial`); within each:
 *   0. the overview of a report whose title holds the query (its title is the report's),
 *   1. then that report's other pages, report by report, its text before its derived pages;
 *   2. then the rest: title hits first, then a report's own text (overview, sections)
 *      before derived pages, then frequency, then reading order.
 * `score` keeps Material's meaning (exact > 2, title hit +1); the order is the sort's. */
function rankPages(exact, partial) {
  var titled = new Map();  // overview → its place among tier 0
  function key(e) {
    var kind = pageKind[e.page], report = reportOf(e.page);
    e.tier = titled.has(e.page) ? 0 : titled.has(report) ? 1 : 2;
    e.group = e.tier === 1 ? titled.get(report) : 0;
    e.derived = kind === OTHER ? 1 : 0;
    return e;
  }
  function order(a, b) {
    return a.tier - b.tier || a.group - b.group || (a.tier === 1 && a.derived - b.derived) ||
      b.inTitle - a.inTitle || a.derived - b.derived || b.count - a.count || a.page - b.page;
  }
  function ranked(entries, base) {
    return Array.from(entries.values()).map(function (e) {
      e.score = base + (e.inTitle ? 1 : 0) + e.count / (e.count + 1);
      return key(e);
    }).sort(order);
  }
  var heads = [];
  exact.forEach(function (e, page) {
    if (e.inTitle && pageKind[page] === OVERVIEW) heads.push(e);
  });
  heads.map(key).sort(order).forEach(function (e, i) { titled.set(e.page, i); });
  var out = ranked(exact, 2);
  titled.clear();  // pages holding every word: no report title holds the whole query
  return out.concat(ranked(partial, 0));
}

/* The page-table files (p/) the titles of these pages need: their own and their parents'. */
function titleFiles(ranked) {
  var need = {};
  ranked.forEach(function (e) {
    lineage(e.page).forEach(function (p) {
      if (pages[p] === undefined) need["p/" + lastAtMost(chunkStart, p) + ".js"] = 1;
    });
  });
  return Object.keys(need);
}

function withYear(html, page) {
  return html + (pages[page][2] ? "（" + pages[page][2] + "）" : "");
}

/* A result's title: its own (`own`, HTML), then each parent's, with a year where there is
 * one: 关键数据 · 2024年深圳妇女儿童发展十件大事（2025）. `cache` keeps each parent's
 * highlighted title for one list (thousands of results share a few hundred parents). */
function resultTitle(page, own, needles, cache) {
  var html = withYear(own, page), up = lineage(page);
  for (var i = 1; i < up.length; i++) {
    var p = up[i];
    if (pages[p] === undefined) break;
    if (!cache.has(p)) cache.set(p, withYear(highlight(pages[p][1], needles, false), p));
    html += " · " + cache.get(p);
  }
  return html;
}
