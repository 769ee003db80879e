/*
 * Run search/worker.js under Node against an index directory, without a browser.
 *
 *   node search/node_run.js INDEX_DIR < queries.json   (a JSON array of strings)
 *
 * Prints a JSON array: for each query, Material's RESULT data ({items: [[doc, ...], ...]}),
 * plus "normalised" (the worker's folded query) so tests can compare the JavaScript
 * normalisation with Python's. importScripts reads files from INDEX_DIR; nothing is fetched.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const dir = path.resolve(process.argv[2]);
const queries = JSON.parse(fs.readFileSync(0, "utf-8"));
const listeners = [];
const replies = [];

const context = {
  console,
  location: { href: "file://" + dir + "/worker.js" },
  addEventListener: (type, fn) => { if (type === "message") listeners.push(fn); },
  postMessage: message => replies.push(message),
  importScripts: (...urls) => {
    for (const url of urls) {
      const file = decodeURIComponent(url.replace(/^file:\/\//, ""));
      vm.runInContext(fs.readFileSync(file, "utf-8"), context, { filename: file });
    }
  },
};
context.self = context;
vm.createContext(context);
const source = fs.readFileSync(path.join(__dirname, "worker.js"), "utf-8");
vm.runInContext(source, context, { filename: "worker.js" });

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
  await send({ type: 0, data: { config: {}, docs: [], options: {} } });
  const out = [];
  for (const q of queries) {
    const reply = await send({ type: 2, data: q });
    out.push({ query: q, normalised: context.normalise(q)[0].join(""), result: reply.data });
  }
  process.stdout.write(JSON.stringify(out));
})();
