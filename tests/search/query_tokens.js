// Reads JSON [text, ...] on stdin, prints JSON [[term, ...], ...]: each text as a reader's
// query becomes terms in the browser: numbers as printed rewritten (search-query.js), then
// lunr.js's tokenizer and the site's Dutch pipeline.
"use strict";
const path = require("path");
const { lunr, js, onStdinJson } = require("./site_lunr.js");
const query = require(path.join(js, "search-query.js"));

onStdinJson((texts) => {
  const out = texts.map((t) => lunr.nlDigits.tokens(query.normalizeNumbers(t)));
  process.stdout.write(JSON.stringify(out));
});
