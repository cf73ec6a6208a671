// node sharded_equivalence.js DIR DOCS.json < ["query", ...]
//   -> [{whole: [[ref, score], ...] | {error}, sharded: [[ref, score], ...] | {error}}, ...]
// DIR holds a sharded index (plugins/kamervragen_search/sharded.py); DOCS.json the same
// documents as lunr's builder takes them ([{ref, field: [term, ...]}], newest first). The
// whole index is built here by lunr.js's own Builder, the sharded one is queried through
// theme/static/js/search-index.js, both with the vendored lunr.js the site serves.
"use strict";
const { lunr, readJson, openSharded, onStdinJson } = require("./site_lunr.js");

let fetched = 0;
const { manifest, index: sharded } = openSharded(process.argv[2], () => (fetched += 1));
const docs = readJson(process.argv[3]);

const builder = new lunr.Builder();
builder.ref("ref");
manifest.fields.forEach(([name, boost]) => builder.field(name, { boost }));
builder.searchPipeline.add(...manifest.pipeline.map((n) => lunr.Pipeline.registeredFunctions[n]));
docs.forEach((d) => builder.add(d));
const whole = builder.build();

function outcome(fn) {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: String(e.name || e) };
  }
}

onStdinJson(async (queries) => {
  const out = [];
  for (const q of queries) {
    const w = outcome(() => whole.search(q).map((r) => [r.ref, r.score]));
    let s;
    try {
      const found = await sharded.search(q);
      const numbers = found.results.map((r) => +r.ref.slice(1));
      const stored = await sharded.documents(numbers);
      s = found.results.map((r) => {
        const d = stored.get(+r.ref.slice(1));
        return ["brief/" + d.letter[0] + "/" + d.pair[1] + "/", r.score];
      });
    } catch (e) {
      s = { error: String(e.name || e) };
    }
    out.push({ whole: w.error ? { error: w.error } : w.value, sharded: s });
  }
  process.stdout.write(JSON.stringify({ results: out, fetched }));
});
