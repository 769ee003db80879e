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

var OTHER = 0, OVERVIEW = 1, TEXT = 2;  // page kinds (pages.py); TEXT is "not the others"
var MAX_DEPTH = 4;            // parents followed for a title (the deepest site has 3)

/* [value, run length, …] → one value per page. */
function unruns(ints) {
  var out = [];
  for (var i = 0; i + 1 < ints.length; i += 2)
    for (var j = 0; j < ints[i + 1]; j++) out.push(ints[i]);
  return out;
}

/* The overview of the report a page belongs to, or -1. Parents are followed at most
 * MAX_DEPTH times, here and below: a bad manifest must not loop. (No arrays: this runs for
 * each of thousands of hits.) */
function reportOf(page) {
  for (var p = page, k = 0; p >= 0 && k < MAX_DEPTH; p = pageParent[p], k++)
    if (pageKind[p] === OVERVIEW) return p;
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
  // One number orders all but frequency and reading order (a sort of thousands of hits
  // compares it ~30,000 times): tier, report, then title hit and derived, in that order
  // except within a titled report (its text first).
  function key(e) {
    var report = reportOf(e.page), derived = pageKind[e.page] === OTHER ? 1 : 0;
    var notTitle = e.inTitle ? 0 : 1;
    if (titled.has(e.page)) e.key = notTitle * 2 + derived;
    else if (titled.has(report))
      e.key = (1 << 22) + titled.get(report) * 4 + derived * 2 + notTitle;
    else e.key = (2 << 22) + notTitle * 2 + derived;
    return e;
  }
  function order(a, b) { return a.key - b.key || b.count - a.count || a.page - b.page; }
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
    for (var p = e.page, k = 0; p >= 0 && k < MAX_DEPTH; p = pageParent[p], k++)
      if (pages[p] === undefined) need["p/" + lastAtMost(chunkStart, p) + ".js"] = 1;
  });
  return Object.keys(need);
}

function withYear(html, page) {
  return html + (pages[page][2] ? "（" + pages[page][2] + "）" : "");
}

/* A page's title as HTML, marked where it holds the query: only the pages of `marked`
 * (exact title hits) can, so only those are folded. `cache` keeps it for one list: a
 * report's title is its overview's and every one of its pages' parent. */
function titleHTML(page, needles, marked, cache) {
  var html = cache.get(page);
  if (html === undefined) {
    var title = pages[page][1];
    html = marked.has(page) ? highlight(title, needles, false) : escapeHTML(title);
    cache.set(page, html);
  }
  return html;
}

/* A result's title: its own (`own`, HTML), then each parent's, with a year where there is
 * one: 关键数据 · 2024年深圳妇女儿童发展十件大事（2025）. */
function resultTitle(page, own, needles, marked, cache) {
  var html = withYear(own, page);
  for (var p = pageParent[page], k = 1; p >= 0 && k < MAX_DEPTH && pages[p]; p = pageParent[p], k++)
    html += " · " + withYear(titleHTML(p, needles, marked, cache), p);
  return html;
}
