// Reads JSON [text, ...] on stdin, prints JSON [[term, ...], ...]: each text as a reader's
// query becomes terms in the browser: numbers as printed rewritten (search-query.js), then
// lunr.js's tokenizer and the site's Dutch pipeline.
"use strict";
const path = require("path");
const root = path.join(__dirname, "..", "..");
const vendor = path.join(root, "theme", "static", "vendor");
const lunr = require(path.join(vendor, "lunr", "lunr.min.js"));
require(path.join(vendor, "lunr-languages", "lunr.stemmer.support.min.js"))(lunr);
require(path.join(vendor, "lunr-languages", "lunr.nl.min.js"))(lunr);
require(path.join(root, "theme", "static", "js", "search-nl.js"))(lunr);
const query = require(path.join(root, "theme", "static", "js", "search-query.js"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const texts = JSON.parse(input);
  const out = texts.map((t) => lunr.nlDigits.tokens(query.normalizeNumbers(t)));
  process.stdout.write(JSON.stringify(out));
});
