/*
 * Run search/worker.js under Node against an index directory, without a browser.
 *
 *   node search/node_run.js INDEX_DIR < queries.json   (a JSON array of strings)
 *
 * Prints a JSON array: for each query, Material's RESULT data ({items: [[doc, ...], ...]}),
 * plus "normalised" (the worker's folded query) so tests can compare the JavaScript
 * normalisation with Python's, and "loaded" (the index files the query read). importScripts
 * reads files from INDEX_DIR, which holds the worker as served (INDEX_DIR/worker.js, written
 * by reportsite/search/plugin.py write_index); nothing is fetched.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const dir = path.resolve(process.argv[2]);
const queries = JSON.parse(fs.readFileSync(0, "utf-8"));
const listeners = [];
let loaded = [];
const replies = [];

const context = {
  console,
  location: { href: "file://" + dir + "/worker.js" },
  addEventListener: (type, fn) => { if (type === "message") listeners.push(fn); },
  postMessage: message => replies.push(message),
  importScripts: (...urls) => {
    for (const url of urls) {
      const file = decodeURIComponent(url.replace(/^file:\/\//, ""));
      loaded.push(path.relative(dir, file));
      vm.runInContext(fs.readFileSync(file, "utf-8"), context, { filename: file });
    }
  },
};
context.self = context;
vm.createContext(context);
// The worker as the site serves it (reportsite/search/plugin.py write_index: manifest appended).
const workerFile = path.join(dir, "worker.js");
vm.runInContext(fs.readFileSync(workerFile, "utf-8"), context, { filename: workerFile });

function send(message) {
  return new Promise(resolve => {
    const before = replies.length;
    for (const fn of listeners) fn({ data: message });
    const poll = () => (replies.length > before ? resolve(replies[replies.length - 1]) :
      setTimeout(poll, 1));
    poll();
  });
}

(async () => {
  // The worker announces READY by itself, before any SETUP.
  if (!replies.some(r => r.type === 1)) throw new Error("no READY from the worker");
  for (const fn of listeners) fn({ data: { type: 0, data: { config: {}, docs: [] } } });  // ignored
  const out = [];
  for (const q of queries) {
    loaded = [];
    await send({ type: 2, data: q });
    await context.snippets;  // a second RESULT with snippet text, if any had to be loaded
    const reply = replies[replies.length - 1];
    out.push({ query: q, normalised: context.normalise(q)[0].join(""), result: reply.data,
               loaded });
  }
  process.stdout.write(JSON.stringify(out));
})();
