// Reads JSON [text, ...] on stdin, prints JSON [[term, ...], ...]: each text through lunr.js's
// tokenizer and the pipeline the browser uses, loaded from the vendored files the site serves.
"use strict";
const path = require("path");
const vendor = path.join(__dirname, "..", "..", "theme", "static", "vendor");
const lunr = require(path.join(vendor, "lunr", "lunr.min.js"));
require(path.join(vendor, "lunr-languages", "lunr.stemmer.support.min.js"))(lunr);
require(path.join(vendor, "lunr-languages", "lunr.nl.min.js"))(lunr);
require(path.join(__dirname, "..", "..", "theme", "static", "js", "search-nl.js"))(lunr);

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const texts = JSON.parse(input);
  process.stdout.write(JSON.stringify(texts.map((t) => lunr.nlDigits.tokens(t))));
});
