/*
 * Marks the searched words on a page opened from a search result.
 *
 * The worker puts the query into every result link as `?h=` (worker.js highlightParam), as
 * Material does; Material's own highlighter is off (search plugin) because it matches the
 * typed characters verbatim, so a Simplified query would mark nothing on a Traditional page
 * and vice versa. Here page text and query are both folded (fold.js: NFKC, lower case,
 * Traditional→Simplified), exactly as the index folds them, so 妇女 marks 婦女 and 婦女
 * marks 妇女, and a word split by inline markup (<strong>) is still marked.
 *
 * The search plugin serves this as search/ngram/highlight.js: fold.js, this file and the
 * site's fold map, wrapped in one function so nothing leaks into the page's globals. Marks
 * are built as text nodes inside <mark>: the query never becomes markup.
 */

var MARK_MAX_QUERY = 200;   // as the worker's MAX_QUERY: a longer `h` is cut, not refused
var MARK_MAX_WORDS = 32;    // words marked at most (each is one pass over the page text)
var BLOCK = /^(P|LI|H[1-6]|TD|TH|DT|DD|PRE|BLOCKQUOTE|FIGCAPTION|CAPTION|DIV|ARTICLE|SECTION|TABLE|TR|UL|OL|DL)$/;
var SKIP = /^(SCRIPT|STYLE|TEXTAREA|MARK|SVG|BUTTON)$/;

/* Folded words of the `h` parameter, without repeats. */
function markWords(h) {
  var seen = new Set(), words = [];
  capQuery(h, MARK_MAX_QUERY).split(/\s+/).forEach(function (word) {
    var cps = normalise(word.replace(/^"+|"+$/g, ""))[0];
    var key = cps.join("");
    if (cps.length && !seen.has(key) && words.length < MARK_MAX_WORDS) {
      seen.add(key);
      words.push(cps);
    }
  });
  return words;
}

function blockOf(node, root) {
  for (var el = node.parentNode; el && el !== root; el = el.parentNode)
    if (BLOCK.test(el.nodeName.toUpperCase())) return el;
  return root;
}

function skipped(node, root) {
  for (var el = node.parentNode; el && el !== root; el = el.parentNode) {
    if (SKIP.test(el.nodeName.toUpperCase())) return true;
    if (el.classList && el.classList.contains("headerlink")) return true;
  }
  return false;
}

/* Text nodes of `root` in reading order, in runs that share a block element: a match may
 * span the inline elements of one paragraph, never two paragraphs. */
function textRuns(root) {
  var runs = [], run = null;
  var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (var node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.nodeValue || skipped(node, root)) continue;
    var block = blockOf(node, root);
    if (!run || run.block !== block) {
      run = { block: block, nodes: [], starts: [], text: "" };
      runs.push(run);
    }
    run.nodes.push(node);
    run.starts.push(run.text.length);
    run.text += node.nodeValue;
  }
  return runs;
}

/* Wraps [a, b) of one text node in <mark>; the node keeps the text before `a`. */
function wrap(node, a, b) {
  var middle = node.splitText(a);
  middle.splitText(b - a);
  var mark = document.createElement("mark");
  mark.setAttribute("data-md-highlight", "");  // Material's style for its own marks
  middle.parentNode.replaceChild(mark, middle);
  mark.appendChild(middle);
}

/* Marks every range of the run, last first, so earlier offsets stay valid. */
function markRun(run, ranges) {
  for (var r = ranges.length - 1; r >= 0; r--) {
    for (var n = run.nodes.length - 1; n >= 0; n--) {
      var start = run.starts[n], end = start + run.nodes[n].nodeValue.length;
      var a = Math.max(ranges[r][0], start), b = Math.min(ranges[r][1], end);
      if (a < b) wrap(run.nodes[n], a - start, b - start);
    }
  }
}

function markPage() {
  var h = new URLSearchParams(location.search).get("h");
  var root = document.querySelector("article.md-content__inner") ||
    document.querySelector("[data-md-component=content]");
  if (!h || !root) return;
  var words = markWords(h);
  if (!words.length) return;
  textRuns(root).forEach(function (run) {
    // A line break inside a paragraph is a space to the reader (and to the index).
    var ranges = matchRanges(run.text.replace(/\n/g, " "), words);
    if (ranges.length) markRun(run, ranges);
  });
}

function whenReady(fn) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
  else fn();
}
