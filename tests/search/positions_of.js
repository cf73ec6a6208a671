// node positions_of.js DIR < ["term", ...]  ->  {term: [[ref, field, [position, ...]], ...]}
// The word positions the browser reads for phrases (search-index.js), with refs from the
// document blocks, for the test that holds them to the positions the index was made from.
"use strict";
const { openSharded, onStdinJson } = require("./site_lunr.js");

const { index } = openSharded(process.argv[2]);

onStdinJson(async (terms) => {
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
