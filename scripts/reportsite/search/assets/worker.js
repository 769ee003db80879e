/*
 * N-gram search worker for Material for MkDocs.
 *
 * Drop-in replacement for Material's lunr worker: same messages (SETUP=0, READY=1,
 * QUERY=2, RESULT=3) and the same result shape ({items: SearchItem[][]}, each inner list a
 * page followed by its sections), so Material's own search box and result list stay.
 *
 * Served as one script: this file, fold.js (normalisation), rank.js (order and result titles),
 * render.js and the manifest call (reportsite/search/plugin.py worker_source). READY goes out when the manifest has run, without
 * waiting for SETUP.
 *
 * Index files (scripts/reportsite/search/index.py) are scripts calling a global
 * (__ngram_docs(…)): over http(s) fetched in parallel and evaluated; from file:// (no fetch)
 * loaded with importScripts, which inside iframe-worker (Material's file:// helper) resolves
 * URLs against the *page*: so URLs are always absolute, built from this script's location.
 *
 * Per query: the shards of the query's bigrams (or its one character) and the page-table
 * chunks of the hits give the result list; one text block for each of the first
 * SNIPPET_PAGES results gives it again with snippets. requestBudget() caps the whole.
 */
"use strict";

var SNIPPET_PAGES = 10;
var PREFETCH_CHUNKS = 4;     // page-table files loaded whole with the first query
// The query is cut to its first MAX_QUERY characters (before and after folding): a pasted
// sentence is still found by its first 200 characters, and a pasted page costs no more.
var MAX_QUERY = 200;
// Distinct keys (characters or bigrams) one query looks up. The exact cover of a query at
// the cap takes at most 100; the rest is for the words of a multi-word query.
var MAX_KEYS = 128;
var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

var BASE = (function () {
  if (typeof document !== "undefined") {
    var scripts = document.querySelectorAll("script[src]");
    for (var i = 0; i < scripts.length; i++)
      if (/\/worker\.js(\?|$)/.test(scripts[i].src))
        return scripts[i].src.replace(/worker\.js(\?.*)?$/, "");
  }
  return String(self.location.href).replace(/worker\.js(\?.*)?$/, "");
})();

var DECODE = {};
for (var d = 0; d < ALPHABET.length; d++) DECODE[ALPHABET[d]] = d;

var manifest = null;
var sectionStart = [];        // first global section id of each page (prefix sums)
var chunkStart = [];          // first page of each p/ chunk (prefix sums)
var titleLength = [];         // folded length of each page title (code points)
var pageKind = [];            // per page: OTHER, OVERVIEW or TEXT (rank.js)
var pageParent = [];          // per page: the page its result title names next, or -1
var docShards = {};           // shard number -> {key: encoded (doc delta, count)*}
var posShards = {};           // shard number -> {bigram: encoded positions}
var pages = {};               // page number -> [url, title, year or 0]
var texts = {};               // "section-block" -> [anchor, heading, block text]
var loading = {};             // url -> promise of the file having run: one request per file

/* ------------------------------------------------------------------ loading */

/* The build appends the manifest call to this file (reportsite/search/plugin.py worker_source). */
self.__ngram_manifest = function (m) {
  manifest = m;
  setFold(m.fold);
  sectionStart = prefixSums(decodeInts(manifest.sections));
  chunkStart = prefixSums(decodeInts(manifest.chunks));
  titleLength = decodeInts(manifest.titles);
  pageKind = unruns(decodeInts(manifest.kinds));
  pageParent = unruns(decodeInts(manifest.parents)).map(function (p) { return p - 1; });
  // READY at once: Material sends queries only after READY, and this worker needs nothing
  // from SETUP (its search_index.json holds no documents), so the reader's first query
  // waits neither for that file nor for the page to post SETUP.
  reply({ type: READY });  // the call runs last in worker.js: every var is set by now
};
self.__ngram_docs = function (i, data) { docShards[i] = data; };
self.__ngram_positions = function (i, data) { posShards[i] = data; };
/* Rows are front-coded [chars shared with the previous url, rest of url, title(, year)]. A title is
 * a string, the number of an earlier row of the chunk with the same title, or an edit of an
 * earlier row's title: [row, shared prefix, middle, shared suffix]. */
self.__ngram_pages = function (first, rows) {
  var prev = "", titles = [];
  for (var i = 0; i < rows.length; i++) {
    var row = rows[i], title = row[2];
    if (typeof title === "number") title = titles[title];
    else if (typeof title !== "string") {
      var base = titles[title[0]];
      title = base.slice(0, title[1]) + title[2] + base.slice(base.length - title[3]);
    }
    titles.push(title);
    prev = prev.slice(0, row[0]) + row[1];
    pages[first + i] = [prev, title, row[3] || 0];
  }
};
self.__ngram_text = function (i, b, anchor, heading, text) {
  texts[i + "-" + b] = [anchor, heading, text];
};

/* Over http(s) fetch in parallel and evaluate; from file:// (where fetch is blocked) fall back
 * to importScripts, synchronous in a real worker, promise-returning under iframe-worker. */
var CAN_FETCH = /^https?:/.test(BASE) && typeof fetch === "function";
var indirectEval = eval;

/* The most index files one query may request: one postings and one positions file per key
 * (at most MAX_KEYS keys, and no more files than there are), every page-table file, one
 * text block per snippet. load() refuses to go over it. */
function requestBudget() {
  return Math.min(MAX_KEYS, manifest.shards) + Math.min(MAX_KEYS, manifest.pshards) +
    chunkStart.length + SNIPPET_PAGES;
}

/* Loads each distinct file once (many keys share a shard file); `budget.left` counts down
 * the requests the current query may still make. */
function load(paths, budget) {
  var urls = [], waits = [], seen = new Set();
  for (var i = 0; i < paths.length; i++) {
    var url = BASE + paths[i];
    if (seen.has(url)) continue;
    seen.add(url);
    if (loading[url]) waits.push(loading[url]); else urls.push(url);
  }
  if (!urls.length) return Promise.all(waits);
  if (urls.length > budget.left)
    return Promise.reject(new Error("n-gram search: over the request budget"));
  budget.left -= urls.length;
  var done;
  if (CAN_FETCH) {
    done = urls.map(function (url) {
      return fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.text();
      }).then(function (source) { indirectEval(source); });
    });
  } else {
    var all;
    try {
      all = Promise.resolve(importScripts.apply(self, urls));
    } catch (err) {
      all = Promise.reject(err);
    }
    done = urls.map(function () { return all; });
  }
  urls.forEach(function (url, k) {
    // A failed file may be asked for again by the next query.
    loading[url] = done[k].catch(function (err) { delete loading[url]; throw err; });
    waits.push(loading[url]);
  });
  return Promise.all(waits);
}

function decodeInts(text) {
  var out = [], acc = 0;
  for (var i = 0; i < text.length; i++) {
    var v = DECODE[text[i]];
    acc = acc * 32 + (v & 31);
    if (v >= 32) { out.push(acc); acc = 0; }
  }
  return out;
}

function shardOf(key, count) {
  var h = 2166136261;
  for (var i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h % (count || manifest.shards);
}

/* ------------------------------------------------------------------ matching */

/* Keys whose postings prove an exact match: the lone char, or bigrams at offsets 0, 2, 4, …
 * plus the last one, which together cover every character of the query. */
function coverKeys(cps) {
  if (cps.length === 1) return [[cps[0], 0]];
  var keys = [];
  for (var k = 0; k + 2 <= cps.length; k += 2) keys.push([cps[k] + cps[k + 1], k]);
  if (cps.length % 2 === 1) keys.push([cps[cps.length - 2] + cps[cps.length - 1], cps.length - 2]);
  return keys;
}

/* Map section id -> {n: occurrences, title: in the page title?, block: snippet block of the
 * first occurrence}, or -> sorted positions when `withPositions`. */
function postings(key, withPositions) {
  var map = new Map();
  var raw = (docShards[shardOf(key)] || {})[key];
  if (raw === undefined) return map;
  var ints = decodeInts(raw), doc = 0;
  var pos = withPositions ? decodeInts(posShards[shardOf(key, manifest.pshards)][key]) : null;
  var at = 0;
  for (var i = 0; i < ints.length; i += 3) {
    doc += ints[i];
    var n = ints[i + 1] >> 1;
    if (!pos) {
      map.set(doc, { n: n, title: (ints[i + 1] & 1) === 1, block: ints[i + 2] });
      continue;
    }
    var list = new Array(n), p = 0;
    for (var j = 0; j < n; j++) { p += pos[at++]; list[j] = p; }
    map.set(doc, list);
  }
  return map;
}

/* Map section id -> {n: exact occurrences of the folded query, first: position or -1}.
 * One or two characters: the key's section list is the answer. Longer: bigrams of the
 * cover must sit at consecutive offsets, checked on their positions. */
function findExact(cps, budget) {
  var keys = coverKeys(cps), withPositions = cps.length > 2;
  var need = [];
  keys.forEach(function (k) {
    need.push("s/" + shardOf(k[0]) + ".js");
    if (withPositions) need.push("q/" + shardOf(k[0], manifest.pshards) + ".js");
  });
  return load(need, budget).then(function () {
    var hits = new Map();
    if (!withPositions) {
      return postings(keys[0][0], false);
    }
    var decoded = new Map();  // a bigram repeated in the query ("哈哈哈哈") is decoded once
    var lists = keys.map(function (k) {
      if (!decoded.has(k[0])) decoded.set(k[0], postings(k[0], true));
      return { off: k[1], map: decoded.get(k[0]) };
    });
    var base = lists[0];  // offset 0
    var others = lists.slice(1).sort(function (a, b) { return a.map.size - b.map.size; });
    base.map.forEach(function (starts, doc) {
      var sets = [];
      for (var l = 0; l < others.length; l++) {
        var at = others[l].map.get(doc);
        if (!at) return;
        sets.push({ off: others[l].off, set: new Set(at) });
      }
      var n = 0, first = -1;
      starts.forEach(function (p) {
        for (var o = 0; o < sets.length; o++)
          if (!sets[o].set.has(p + sets[o].off)) return;
        if (!n) first = p;
        n++;
      });
      if (!n) return;
      var page = pageOf(doc);
      hits.set(doc, { n: n, block: Math.floor(first / manifest.block),
                      title: doc === sectionStart[page] && first + cps.length <= titleLength[page] });
    });
    return hits;
  });
}

/* Index of the last entry of the sorted `starts` that is <= value. */
function lastAtMost(starts, value) {
  var lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    var mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= value) lo = mid; else hi = mid - 1;
  }
  return lo;
}

function pageOf(section) { return lastAtMost(sectionStart, section); }

/* Group section hits by page. */
function byPage(hits) {
  var pages = new Map();
  hits.forEach(function (hit, sec) {
    var p = pageOf(sec);
    var entry = pages.get(p) || { page: p, count: 0, sections: [], blocks: {}, inTitle: false };
    entry.count += hit.n;
    entry.sections.push(sec);
    entry.blocks[sec] = hit.block;
    if (hit.title) entry.inTitle = true;
    pages.set(p, entry);
  });
  pages.forEach(function (e) { e.sections.sort(function (a, b) { return a - b; }); });
  return pages;
}

function pageMeta(page) {
  return pages[page];
}

/* ------------------------------------------------------------------ search */

/* Distinct keys of the covers of these folded queries. */
function keyCount(list) {
  var seen = new Set();
  list.forEach(function (cps) { coverKeys(cps).forEach(function (k) { seen.add(k[0]); }); });
  return seen.size;
}

function parseQuery(raw) {
  var q = capQuery(raw, MAX_QUERY).replace(/^"+|"+$/g, "");
  var whole = normalise(q)[0].slice(0, MAX_QUERY);
  var seen = {}, terms = [];
  q.split(/\s+/).forEach(function (t) {
    var cps = normalise(t.replace(/^"+|"+$/g, ""))[0];
    var key = cps.join("");
    if (cps.length && !seen[key]) { seen[key] = true; terms.push({ raw: t, cps: cps }); }
  });
  return { raw: q, whole: whole, terms: terms };
}

/* `?h=` of a result link: what search/highlight.js marks on the opened page, folding page
 * and query alike (Material's own highlighter, switched off by the search plugin, matches the
 * typed characters verbatim: 妇女 would never mark 婦女). */
function highlightParam(query, exact) {
  var words = exact ? query.raw : query.terms.map(function (t) { return t.raw; }).join(" ");
  return "?h=" + encodeURIComponent(words);
}

/* Resolves with [ranked pages, parsed query] once every listed page's url and title is in. */
function search(raw, budget) {
  var query = parseQuery(raw);
  if (!query.whole.length) return Promise.resolve([[], query]);
  // A small page table (up to PREFETCH_CHUNKS files: 2,400 pages at 100x) comes whole with
  // the first query, in parallel with the shards: results then need one round trip. A
  // bigger site loads the chunks each query needs, after its shards.
  var exact, partial = new Map(), shards = findExact(query.whole, budget);  // go out first
  if (chunkStart.length <= PREFETCH_CHUNKS) {
    load(chunkStart.map(function (_, i) { return "p/" + i + ".js"; }), budget)
      .catch(function () {});
  }
  return shards.then(function (hits) {
    exact = byPage(hits);
    // Several words that never occur together verbatim: pages holding every word come
    // after all exact matches, marked as missing the whole phrase.
    // A long paste of many words would need hundreds of keys: it gets exact matches only.
    var words = query.terms.map(function (t) { return t.cps; });
    if (words.length < 2 || keyCount(words.concat([query.whole])) > MAX_KEYS) return null;
    return Promise.all(words.map(function (cps) { return findExact(cps, budget); }))
      .then(function (perTerm) {
        var sets = perTerm.map(byPage);
        sets[0].forEach(function (entry, page) {
          if (exact.has(page)) return;
          var count = 0, sections = [], blocks = {};
          for (var s = sets.length - 1; s >= 0; s--) {  // the first word's blocks win
            var e = sets[s].get(page);
            if (!e) return;
            count += e.count;
            sections = sections.concat(e.sections);
            Object.assign(blocks, e.blocks);
          }
          sections.sort(function (a, b) { return a - b; });
          partial.set(page, { page: page, count: count, sections: sections, blocks: blocks,
                              inTitle: false });
        });
      });
  }).then(function () {
    // Exact matches first, then pages holding every word (rank.js says in what order).
    var ranked = rankPages(exact, partial);
    // Url and title of every listed page and of the pages its title names, in chunks of
    // consecutive pages (16 KB each).
    return load(titleFiles(ranked), budget).then(function () { return [ranked, query]; });
  });
}

/* ------------------------------------------------------------------ protocol */

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var latest = 0, queue = Promise.resolve();
var snippets = Promise.resolve();  // the last query's snippet loading (tests wait for it)

function reply(message) { self.postMessage(message); }

function prefixSums(counts) {
  var acc = 0;
  return counts.map(function (n) { var s = acc; acc += n; return s; });
}

addEventListener("message", function (ev) {
  var message = ev.data;
  if (message.type === QUERY) {  // SETUP needs no answer: READY went out with the manifest
    var id = ++latest;
    queue = queue.then(function () {
      // Material renders every RESULT it receives; answering only the newest query keeps
      // a slow answer to an old keystroke from overwriting the list.
      if (id !== latest) return;
      var budget = { left: requestBudget() };
      return search(message.data, budget).then(function (found) {
        if (id !== latest) return;
        // The list as soon as every page's url and title is known; if snippet text must
        // be loaded first, the same list again with it (Material redraws the list).
        var ranked = found[0], query = found[1], need = snippetFiles(ranked);
        var first = render(ranked, query);
        reply({ type: RESULT, data: first });
        if (!need.length) return;
        snippets = load(need, budget).then(function () {
          if (id === latest) reply({ type: RESULT, data: render(ranked, query, first) });
        }, function (err) { console.warn("n-gram search: snippets failed", err); });
      });
    }).catch(function (err) {
      console.warn("n-gram search failed", err);
      reply({ type: RESULT, data: { items: [] } });
    });
  }
});
