// node query_index.js INDEX.json < ["query", ...]  ->  [[ref, ...], ...]
// Loads a Python-built index with the vendored lunr.js + lunr.nl, as the search worker does.
"use strict";
const fs = require("fs");
const path = require("path");
const vendor = path.join(__dirname, "..", "..", "theme", "static", "vendor");
const lunr = require(path.join(vendor, "lunr", "lunr.min.js"));
require(path.join(vendor, "lunr-languages", "lunr.stemmer.support.min.js"))(lunr);
require(path.join(vendor, "lunr-languages", "lunr.nl.min.js"))(lunr);
require(path.join(__dirname, "..", "..", "theme", "static", "js", "search-nl.js"))(lunr);

const index = lunr.Index.load(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const queries = JSON.parse(input);
  process.stdout.write(JSON.stringify(queries.map((q) => index.search(q).map((r) => r.ref))));
});
