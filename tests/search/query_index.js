// node query_index.js INDEX.json < ["query", ...]  ->  [[ref, ...], ...]
// Loads a Python-built index with the vendored lunr.js + lunr.nl, as the search worker does.
"use strict";
const { lunr, readJson, onStdinJson } = require("./site_lunr.js");

const index = lunr.Index.load(readJson(process.argv[2]));
onStdinJson((queries) => {
  process.stdout.write(JSON.stringify(queries.map((q) => index.search(q).map((r) => r.ref))));
});
