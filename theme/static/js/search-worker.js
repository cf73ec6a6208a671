/*
 * Kamervragen Archief search worker: loads the prebuilt lunr index once, answers queries.
 *
 * Messages in:  {type: "load", manifest: URL}
 *               {type: "search", seq, q, filters: {jaar, ministerie, partij}, limit}
 * Messages out: {type: "ready", pairs, facets, ms}
 *               {type: "results", seq, total, results: [...], error, note, ms, lunrMs}
 *               {type: "failed", message}
 * Files: see plugins/kamervragen_search/writer.py (manifest.json, index.json, docs.json).
 */
/* global lunr, importScripts */
"use strict";

importScripts(
  "../vendor/lunr/lunr.min.js",
  "../vendor/lunr-languages/lunr.stemmer.support.min.js",
  "../vendor/lunr-languages/lunr.nl.min.js",
  "search-nl.js"
);

var MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
  "september", "oktober", "november", "december"];
var SNIPPET_WORDS = 32;

var shards = [];   // [{index: lunr.Index, docs: store}]
var aliases = {};  // lower-case query field name -> index field name
var stems = new Map();  // word -> index term, the hot path of snippet building
var wordChars = "0-9" + lunr.nl.wordCharacters;
var splitWord = new RegExp("^([^" + wordChars + "]*)(.*?)([^" + wordChars + "]*)$");
var fieldPrefix = /(^|[\s+\-])([^\s:+\-~^*]+):/g;

function now() { return (self.performance || Date).now(); }

function fetchJson(url) {
  return fetch(url).then(function (response) {
    if (!response.ok) { throw new Error(url + ": HTTP " + response.status); }
    return response.json();
  });
}

function load(manifestUrl) {
  var started = now();
  fetchJson(manifestUrl).then(function (manifest) {
    manifest.fields.forEach(function (f) { aliases[f.toLowerCase()] = f; });
    Object.keys(manifest.aliases).forEach(function (a) {
      aliases[a.toLowerCase()] = manifest.aliases[a];
    });
    return Promise.all(manifest.shards.map(function (shard) {
      return Promise.all([
        fetchJson(new URL(shard.index, manifestUrl).href),
        fetchJson(new URL(shard.docs, manifestUrl).href),
      ]).then(function (both) {
        return { index: lunr.Index.load(both[0]), docs: prepareStore(both[1]) };
      });
    })).then(function (loaded) {
      shards = loaded;
      self.postMessage({
        type: "ready", pairs: manifest.pairs, facets: manifest.facets, ms: now() - started,
      });
    });
  }).catch(function (error) {
    self.postMessage({ type: "failed", message: String(error && error.message || error) });
  });
}

/* The store as loaded, plus a ref -> pair row lookup and filter values per letter. */
function prepareStore(store) {
  var byRef = new Map();
  store.pairs.forEach(function (row, i) {
    var letter = store.letters[row[0]];
    byRef.set("brief/" + letter[0] + "/" + row[1] + "/", i);
  });
  store.byRef = byRef;
  store.letterMinistries = store.letters.map(function (l) {
    return l[4].map(function (i) { return store.ministries[i]; });
  });
  store.letterParties = store.letters.map(function (l) {
    return l[5].map(function (i) { return store.parties[i]; });
  });
  return store;
}

function passes(store, letterRow, filters) {
  var letter = store.letters[letterRow];
  if (filters.jaar && letter[3] !== filters.jaar) { return false; }
  if (filters.ministerie && store.letterMinistries[letterRow].indexOf(filters.ministerie) < 0) {
    return false;
  }
  if (filters.partij && store.letterParties[letterRow].indexOf(filters.partij) < 0) {
    return false;
  }
  return true;
}

/* "Minister:Kaag", "vraag:x", "responders:y" -> the index's own field names. */
function rewriteFields(q) {
  return q.replace(fieldPrefix, function (match, before, name) {
    var field = aliases[name.toLowerCase()];
    return field ? before + field + ":" : match;
  });
}

function term(word) {
  var cached = stems.get(word);
  if (cached === undefined) {
    var token = lunr.nlDigits.trimmer(new lunr.Token(word.toLowerCase(), {}));
    cached = token ? lunr.nl.stemmer(token).toString() : "";
    if (stems.size > 200000) { stems.clear(); }
    stems.set(word, cached);
  }
  return cached;
}

/*
 * Split text into lunr's tokens (runs of anything but whitespace and hyphens, as
 * lunr.tokenizer does) and mark the ones whose index term matched; return
 * [[text, marked], ...] around the best window, or the whole text when whole is true.
 */
function highlight(text, matched, whole) {
  var parts = text.split(/([\s\-]+)/);
  var hits = [];
  var isHit = new Set();
  for (var i = 0; i < parts.length; i += 2) {
    if (parts[i] && matched.has(term(parts[i]))) { hits.push(i); isHit.add(i); }
  }
  var start = 0, end = parts.length;
  if (!whole) {
    var span = SNIPPET_WORDS * 2;
    if (hits.length) {
      // The window of SNIPPET_WORDS words holding the most hits, from 8 words before them.
      var best = 0, bestCount = 0;
      for (var h = 0; h < hits.length; h++) {
        var count = 0;
        while (h + count < hits.length && hits[h + count] < hits[h] + span) { count++; }
        if (count > bestCount) { best = hits[h]; bestCount = count; }
      }
      start = Math.max(0, best - 16);  // parts alternate word, separator
    }
    end = Math.min(parts.length, start + span);
  }
  var out = [];
  if (start > 0) { out.push(["… ", false]); }
  var plain = "";
  for (var j = start; j < end; j++) {
    var part = parts[j];
    if (isHit.has(j)) {
      var m = splitWord.exec(part);
      plain += m[1];
      if (plain) { out.push([plain, false]); }
      out.push([m[2], true]);
      plain = m[3];
    } else {
      plain += j % 2 === 1 ? part.replace(/\s+/g, " ") : part;
    }
  }
  if (end < parts.length) { plain += " …"; }
  if (plain) { out.push([plain, false]); }
  return out;
}

function formatDate(iso) {
  if (!iso) { return ""; }
  var p = iso.split("-");
  return parseInt(p[2], 10) + " " + MONTHS[parseInt(p[1], 10) - 1] + " " + p[0];
}

function firstLine(text) {
  var line = (text || "").split("\n")[0];
  return line.length > 220 ? line.slice(0, 220).replace(/\s+\S*$/, "") + " …" : line;
}

function describe(store, row, match) {
  var pair = store.pairs[row];
  var letter = store.letters[pair[0]];
  var texts = { question: pair[3], answer: pair[4], footnotes: pair[5] };
  var matched = new Set();
  var fields = new Set();
  if (match) {
    Object.keys(match.matchData.metadata).forEach(function (t) {
      matched.add(t);
      Object.keys(match.matchData.metadata[t]).forEach(function (f) { fields.add(f); });
    });
  }
  // The snippet comes from the text that matched: the answer first, as readers look for it.
  var source = ["answer", "question", "footnotes"].filter(function (f) {
    return fields.has(f) && texts[f];
  })[0] || (pair[4] ? "answer" : "question");
  var question = highlight(firstLine(pair[3]), matched, true);
  var snippet = highlight(texts[source] || "", matched, false);
  if (source === "question" && question.some(function (s) { return s[1]; })) {
    snippet = [];  // the question's first line already shows the match
  }
  return {
    ref: "brief/" + letter[0] + "/" + pair[1] + "/",
    id: letter[0],
    subject: letter[1],
    date: formatDate(letter[2]),
    ministry: store.letterMinistries[pair[0]].join(", "),
    label: pair[2],
    question: question,
    snippetField: source,
    snippet: snippet,
  };
}

function search(msg) {
  var started = now();
  var q = (msg.q || "").trim();
  var filters = msg.filters || {};
  var hits = [];
  var error = null;
  var lunrMs = 0;
  if (q) {
    var rewritten = rewriteFields(q);
    try {
      shards.forEach(function (shard) {
        shard.index.search(rewritten).forEach(function (r) {
          var row = shard.docs.byRef.get(r.ref);
          if (row !== undefined && passes(shard.docs, shard.docs.pairs[row][0], filters)) {
            hits.push({ store: shard.docs, row: row, match: r, score: r.score });
          }
        });
      });
    } catch (e) {
      if (!(e instanceof lunr.QueryParseError)) { throw e; }
      error = e.message;
    }
    lunrMs = now() - started;
    hits.sort(function (a, b) { return b.score - a.score; });
  } else if (filters.jaar || filters.ministerie || filters.partij) {
    // Filters without words: every pair that passes, newest first (the store's order).
    shards.forEach(function (shard) {
      shard.docs.pairs.forEach(function (pair, row) {
        if (passes(shard.docs, pair[0], filters)) {
          hits.push({ store: shard.docs, row: row, match: null, score: 0 });
        }
      });
    });
  }
  var note = null;
  var words = q.replace(/[+\-*~^:]/g, " ");
  if (q && !error && hits.length === 0 && lunr.nlDigits.tokens(words).length === 0) {
    note = "stopwords";  // only words like "de" and "het", which the index leaves out
  }
  var limit = msg.limit || 50;
  var results = hits.slice(0, limit).map(function (h) { return describe(h.store, h.row, h.match); });
  self.postMessage({
    type: "results", seq: msg.seq, total: hits.length, results: results, error: error, note: note,
    ms: now() - started, lunrMs: lunrMs,
  });
}

self.onmessage = function (event) {
  var msg = event.data;
  if (msg.type === "load") { load(msg.manifest); }
  else if (msg.type === "search") { search(msg); }
};
