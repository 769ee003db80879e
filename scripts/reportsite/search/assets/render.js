/*
 * Result rendering for the n-gram search worker: Material's SearchItem groups
 * ({location, title, text, score, terms}, HTML in title and text) with <mark> highlights.
 *
 * Part of the worker: the search plugin (reportsite/search/plugin.py) serves worker.js, this file and the manifest as one
 * script (worker_source), so these functions share the worker's globals (pages, texts,
 * sectionStart, normalise, matchRanges, SNIPPET_PAGES, resultTitle).
 */

/* ------------------------------------------------------------------ rendering */

function escapeHTML(s) {
  return s.replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

function highlight(text, needles, window) {
  var ranges = matchRanges(text, needles);
  var start = 0, end = text.length;
  if (window) {
    var first = ranges.length ? ranges[0][0] : 0;
    start = Math.max(0, first - 24);
    end = Math.min(text.length, start + 120);
  }
  var html = start > 0 ? "…" : "", at = start;
  ranges.forEach(function (r) {
    if (r[1] <= start || r[0] >= end) return;
    var a = Math.max(r[0], start), b = Math.min(r[1], end);
    html += escapeHTML(text.slice(at, a)) + "<mark>" + escapeHTML(text.slice(a, b)) + "</mark>";
    at = b;
  });
  html += escapeHTML(text.slice(at, end)) + (end < text.length ? "…" : "");
  return html.replace(/\n/g, " ");
}

/* Text blocks still missing for the snippets of the first SNIPPET_PAGES results. */
function snippetFiles(ranked) {
  var need = [];
  ranked.slice(0, SNIPPET_PAGES).forEach(function (e) {
    if (texts[textKey(e)] === undefined) need.push("t/" + textKey(e) + ".js");
  });
  return need;
}

function textKey(entry) {
  return entry.sections[0] + "-" + (entry.blocks[entry.sections[0]] || 0);
}

/* Material's items for the ranked pages; with `before` (the same list rendered without
 * snippets), only the first SNIPPET_PAGES are redone. `marked`: the pages of the whole list
 * whose title holds the whole query (their titles are marked also as a result's parent). */
function render(ranked, query, before, marked) {
  if (!marked) {
    marked = new Set();
    ranked.forEach(function (e) { if (e.inTitle && e.score >= 2) marked.add(e.page); });
  }
  if (before) {
    var head = render(ranked.slice(0, SNIPPET_PAGES), query, null, marked).items;
    return { items: head.concat(before.items.slice(SNIPPET_PAGES)) };
  }
  var titles = new Map();   // page → title HTML, for a result and as other results' parent
  var items = ranked.map(function (e, i) {
    var isExact = e.score >= 2;
    var meta = pageMeta(e.page), url = meta[0] + highlightParam(query, isExact);
    var needles = isExact ? [query.whole] : query.terms.map(function (t) { return t.cps; });
    var terms = {};
    if (isExact) terms[query.raw] = true;
    else {
      terms[query.raw] = false;
      query.terms.forEach(function (t) { terms[t.raw] = true; });
    }
    // An exact match is in the title only if the postings say so: the other titles (most,
    // thousands for a common word) need no folding to be highlighted.
    var own = !isExact ? highlight(meta[1], needles, false)
      : e.inTitle ? titleHTML(e.page, needles, marked, titles) : escapeHTML(meta[1]);
    var title = resultTitle(e.page, own, needles, marked, titles);
    var pageDoc = { location: url, title: title, text: "", score: e.score, terms: terms };
    var group = [pageDoc];
    var sec = e.sections[0], text = i < SNIPPET_PAGES ? texts[textKey(e)] : undefined;
    if (text) {
      var local = sec - sectionStart[e.page], body = text[2];
      // Blocks cover "heading \n body"; the heading is shown as the title, not the teaser.
      if (e.blocks[sec] === 0 && body.indexOf(text[1] + "\n") === 0)
        body = body.slice(text[1].length + 1);
      var snippet = "<p>" + (e.blocks[sec] > 0 ? "…" : "") + highlight(body, needles, true) + "</p>";
      if (local === 0 || !text[0]) pageDoc.text = snippet;
      else group.push({ location: url + "#" + text[0], title: highlight(text[1], needles, false),
                        text: snippet, score: e.score, terms: terms });
    }
    return group;
  });
  return { items: items };
}
