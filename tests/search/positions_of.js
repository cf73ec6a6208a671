// node positions_of.js DIR < ["term", ...]  ->  {term: [[ref, field, [position, ...]], ...]}
// The word positions the browser reads for phrases (search-index.js), with refs from the
// document blocks, for the test that holds them to the positions the index was made from.
"use strict";
const fs = require("fs");
const path = require("path");
const root = path.join(__dirname, "..", "..");
const vendor = path.join(root, "theme", "static", "vendor");
const lunr = require(path.join(vendor, "lunr", "lunr.min.js"));
require(path.join(vendor, "lunr-languages", "lunr.stemmer.support.min.js"))(lunr);
require(path.join(vendor, "lunr-languages", "lunr.nl.min.js"))(lunr);
require(path.join(root, "theme", "static", "js", "search-nl.js"))(lunr);
const ShardedIndex = require(path.join(root, "theme", "static", "js", "search-index.js"))(lunr);

const dir = process.argv[2];
const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
const index = new ShardedIndex(manifest, (name) =>
  Promise.resolve(JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"))),
);

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (c) => (input += c));
process.stdin.on("end", async () => {
  const terms = JSON.parse(input);
  await Promise.all(terms.map((t) => index.expand({ term: t })));
  const postings = await index.postings(terms);
  const positions = await index.postings(terms, "positions");
  const out = {};
  for (const term of terms) {
    const rows = [];
    const p = postings.get(term);
    for (const [field, lists] of positions.get(term) || []) {
      const docs = p.fields.find((f) => f[0] === field)[1];
      const stored = await index.documents(docs);
      docs.forEach((doc, i) => {
        const at = [];
        let pos = 0;
        lists[i].forEach((d, k) => { pos = k ? pos + d : d; at.push(pos); });
        const s = stored.get(doc);
        rows.push(["brief/" + s.letter[0] + "/" + s.pair[1] + "/", field, at]);
      });
    }
    out[term] = rows;
  }
  process.stdout.write(JSON.stringify(out));
});
