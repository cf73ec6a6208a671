// Reads JSON [text, ...] on stdin, prints JSON [[term, ...], ...]: each text through lunr.js's
// tokenizer and the pipeline the browser uses, loaded from the vendored files the site serves.
"use strict";
const { lunr, onStdinJson } = require("./site_lunr.js");

onStdinJson((texts) => {
  process.stdout.write(JSON.stringify(texts.map((t) => lunr.nlDigits.tokens(t))));
});
