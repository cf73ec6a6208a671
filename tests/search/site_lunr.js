// What every node script of these tests loads: the vendored lunr.js with lunr.nl and the
// site's Dutch pipeline, as the browser loads them, so each script tests the files the site
// serves and none of them carries its own copy of the loading order.
"use strict";
const fs = require("fs");
const path = require("path");
const js = path.join(__dirname, "..", "..", "theme", "static", "js");
const vendor = path.join(__dirname, "..", "..", "theme", "static", "vendor");
const lunr = require(path.join(vendor, "lunr", "lunr.min.js"));
require(path.join(vendor, "lunr-languages", "lunr.stemmer.support.min.js"))(lunr);
require(path.join(vendor, "lunr-languages", "lunr.nl.min.js"))(lunr);
require(path.join(js, "search-nl.js"))(lunr);

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

// The sharded index in DIR as search-index.js reads it; onFetch (optional) sees each file.
function openSharded(dir, onFetch) {
  const ShardedIndex = require(path.join(js, "search-index.js"))(lunr);
  const manifest = readJson(path.join(dir, "manifest.json"));
  const index = new ShardedIndex(manifest, (name) => {
    if (onFetch) onFetch(name);
    return Promise.resolve(readJson(path.join(dir, name)));
  });
  return { manifest, index };
}

// Calls handle with the JSON read from stdin once it is all there.
function onStdinJson(handle) {
  let input = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (input += chunk));
  process.stdin.on("end", () => handle(JSON.parse(input)));
}

module.exports = { lunr, js, readJson, openSharded, onStdinJson };
