/*
 * Query and text normalisation shared by the search worker and the page highlighter.
 *
 * The search plugin concatenates this file into the worker (worker_source) and into
 * search/ngram/highlight.js (highlight_source), so both fold a string exactly alike, and
 * alike to Folder.fold in scripts/reportsite/search/fold.py: per character NFKC,
 * lower case, then the Traditional→Simplified map (FOLD, from the manifest).
 */

var BOUNDARY = "\n";
var FOLD = {};                // Traditional char -> Simplified, only chars the site can match

// Python's str.isspace() plus the zero-width characters (search/fold.py, _is_soft_space).
var SOFT_SPACE = /^[\s\x1c-\x1f\x85\u200b\u200c\u200d\u2060\ufeff]$/;

function setFold(map) { FOLD = map; charCache = new Map(); }

// Half of a surrogate pair matches nothing, and encodeURIComponent (the result links'
// `h`) throws on it.
var LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/* `text` trimmed, without lone surrogates, cut to its first `max` characters (code points).
 * Cut in UTF-16 units first (two per character at most), before any per-character work. */
function capQuery(text, max) {
  var s = String(text).trim().slice(0, 2 * max).replace(LONE_SURROGATE, "");
  return Array.from(s).slice(0, max).join("").trim();
}

function isAsciiAlnum(c) {
  var k = c.charCodeAt(0);
  return c.length === 1 && ((k >= 48 && k <= 57) || (k >= 97 && k <= 122) || (k >= 65 && k <= 90));
}

var charCache = new Map();

/* The fold of one character: soft spaces become " " (also inside what NFKC makes). */
function normChar(ch) {
  var hit = charCache.get(ch);
  if (hit !== undefined) return hit;
  var out = "";
  if (SOFT_SPACE.test(ch)) out = " ";
  else for (var c of ch.normalize("NFKC").toLowerCase())
    out += SOFT_SPACE.test(c) ? " " : FOLD[c] || c;
  charCache.set(ch, out);
  return out;
}

/* Returns [folded code points, index into text (UTF-16) of each]. Spaces, also those NFKC
 * makes (U+00A8 → " ̈"), are kept only between two ASCII letters/digits. Called on every
 * highlighted title and snippet, so the common case (one char folds to one) is kept short. */
function normalise(text) {
  var out = [], src = [], pending = -1, i = 0, last = "";
  for (var ch of text) {
    var at = i;
    i += ch.length;
    if (ch === BOUNDARY) {
      if (last && last !== BOUNDARY) { out.push(BOUNDARY); src.push(at); last = BOUNDARY; }
      pending = -1;
      continue;
    }
    var norm = normChar(ch);
    for (var c of norm) {
      if (c === " ") { if (pending < 0) pending = at; continue; }
      if (pending >= 0 && isAsciiAlnum(last) && isAsciiAlnum(c)) { out.push(" "); src.push(pending); }
      pending = -1;
      out.push(c); src.push(at); last = c;
    }
  }
  if (last === BOUNDARY) { out.pop(); src.pop(); }
  return [out, src];
}

/* Ranges [start, end) in `text` (UTF-16) of every occurrence of any needle (folded code
 * points), overlapping ones merged. */
function matchRanges(text, needles) {
  var norm = normalise(text), cps = norm[0], src = norm[1], ranges = [];
  needles.forEach(function (needle) {
    if (!needle.length) return;
    for (var k = 0; k + needle.length <= cps.length; k++) {
      var j = 0;
      while (j < needle.length && cps[k + j] === needle[j]) j++;
      if (j < needle.length) continue;
      var last = src[k + needle.length - 1];
      ranges.push([src[k], last + (text.codePointAt(last) > 0xffff ? 2 : 1)]);
    }
  });
  ranges.sort(function (a, b) { return a[0] - b[0]; });
  var merged = [];
  ranges.forEach(function (r) {
    var top = merged[merged.length - 1];
    if (top && r[0] <= top[1]) top[1] = Math.max(top[1], r[1]); else merged.push(r.slice());
  });
  return merged;
}
