/*
 * Kamervragen Archief search worker: loads the sharded index piece by piece and answers
 * queries with lunr.js (search-index.js builds a lunr.Index of each query's terms).
 *
 * Messages in:  {type: "load", manifest: URL}
 *               {type: "search", seq, q, filters: {jaar, ministerie, partij}, limit}
 * Messages out: {type: "ready", pairs, facets, ms}
 *               {type: "results", seq, total, results: [...], error, note, also, ms, lunrMs,
 *                bytes, files}
 *               {type: "failed", message}
 *
 * On top of lunr's results, in this order: phrases in quotes must stand in that order
 * (positions), the filters (year, ministry, party) apply before the cap, and pairs holding
 * every word of the query come first. A word with no or very few hits is also searched as
 * the words one letter away from it that have many ("Ook gezocht op").
 * Files: see plugins/kamervragen_search/sharded.py.
 */
/* global lunr, importScripts, KamervragenIndex, KamervragenQuery */
"use strict";

importScripts(
  "../vendor/lunr/lunr.min.js",
  "../vendor/lunr-languages/lunr.stemmer.support.min.js",
  "../vendor/lunr-languages/lunr.nl.min.js",
  "search-nl.js",
  "search-query.js",
  "search-index.js"
);

var MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
  "september", "oktober", "november", "december"];
var SNIPPET_WORDS = 32;
// A word is "rare" below this many hits; its neighbours one letter away are searched too
// when they have at least ALTERNATIVE_FACTOR times as many.
var RARE = 3;
var ALTERNATIVE_FACTOR = 10;
var ALTERNATIVES = 3;

var index = null;  // KamervragenIndex
var manifest = null;
var aliases = {};  // lower-case query field name -> index field name
var stems = new Map();  // word -> index term, the hot path of snippet building
var wordChars = "0-9" + lunr.nl.wordCharacters;
var splitWord = new RegExp("^([^" + wordChars + "]*)(.*?)([^" + wordChars + "]*)$");
var resourcesSeen = 0;
var queue = Promise.resolve();

function now() { return (self.performance || Date).now(); }

function fetchJson(base) {
  return function (name) {
    var url = new URL(name, base).href;
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error(url + ": HTTP " + response.status); }
      return response.json();
    });
  };
}

/*
 * Bytes [start, end) of a file, by an HTTP range request. A server that ignores ranges sends
 * the whole file: it is kept, and sliced here.
 */
var wholeFiles = new Map();
function fetchBytes(base) {
  return function (name, start, end) {
    var url = new URL(name, base).href;
    var whole = wholeFiles.get(url);
    if (whole) {
      return whole.then(function (all) { return all.subarray(start, end); });
    }
    return fetch(url, { headers: { Range: "bytes=" + start + "-" + (end - 1) } })
      .then(function (response) {
        if (!response.ok) { throw new Error(url + ": HTTP " + response.status); }
        var body = response.arrayBuffer().then(function (b) { return new Uint8Array(b); });
        if (response.status === 206) { return body; }
        wholeFiles.set(url, body);
        return body.then(function (all) { return all.subarray(start, end); });
      });
  };
}

/* Bytes and files fetched since the last call (what the network carried, gzip included). */
function fetchedSince() {
  var entries = self.performance && self.performance.getEntriesByType
    ? self.performance.getEntriesByType("resource") : [];
  var bytes = 0, files = 0, byKind = {};
  for (var i = resourcesSeen; i < entries.length; i++) {
    var size = entries[i].transferSize || entries[i].encodedBodySize || 0;
    var kind = (/\/([a-z])\/[0-9a-f]+\.(?:json|bin)/.exec(entries[i].name) || [0, "other"])[1];
    bytes += size;
    byKind[kind] = (byKind[kind] || 0) + size;
    files += 1;
  }
  resourcesSeen = entries.length;
  return { bytes: bytes, files: files, byKind: byKind };
}

function load(manifestUrl) {
  var started = now();
  fetchJson(manifestUrl)("").then(function (data) {
    manifest = data;
    index = new KamervragenIndex(manifest, fetchJson(manifestUrl), fetchBytes(manifestUrl));
    index.fields.forEach(function (f) { aliases[f.toLowerCase()] = f; });
    Object.keys(manifest.aliases).forEach(function (a) {
      aliases[a.toLowerCase()] = manifest.aliases[a];
    });
    var facets = {};
    ["year", "ministry", "party"].forEach(function (kind) {
      facets[kind] = (manifest.filters[kind] || []).map(function (v) { return [v[0], v[1]]; });
    });
    fetchedSince();
    self.postMessage({
      type: "ready", pairs: manifest.documents, facets: facets, ms: now() - started,
    });
  }).catch(function (error) {
    self.postMessage({ type: "failed", message: String(error && error.message || error) });
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

/* ---- filters ---------------------------------------------------------------------- */

var FILTER_KINDS = { ministerie: "ministry", partij: "party" };

/* A promise of a test doc -> bool for the filters, or null when there are none. */
function filterTest(filters) {
  var tests = [];
  if (filters.jaar) {
    var year = (manifest.filters.year || []).filter(function (y) { return y[0] === filters.jaar; })[0];
    tests.push(Promise.resolve(year
      ? function (d) { return d >= year[2] && d <= year[3]; }
      : function () { return false; }));
  }
  Object.keys(FILTER_KINDS).forEach(function (key) {
    if (filters[key]) {
      tests.push(index.filterSet(FILTER_KINDS[key], filters[key]).then(function (set) {
        return function (d) { return set.has(d); };
      }));
    }
  });
  if (!tests.length) { return Promise.resolve(null); }
  return Promise.all(tests).then(function (all) {
    return function (d) {
      for (var i = 0; i < all.length; i++) { if (!all[i](d)) { return false; } }
      return true;
    };
  });
}

/* Documents passing the filters, newest first, at most limit (all when limit is 0). */
function filteredDocuments(filters, test, limit, skip) {
  var lo = 0, hi = manifest.documents - 1;
  if (filters.jaar) {
    var year = (manifest.filters.year || []).filter(function (y) { return y[0] === filters.jaar; })[0];
    if (!year) { return { docs: [], total: 0 }; }
    lo = year[2];
    hi = year[3];
  }
  // With skip (documents that may drop out), enough more are taken that limit remain.
  var docs = [];
  var kept = 0;
  var total = 0;
  for (var d = hi; d >= lo; d--) {
    if (test && !test(d)) { continue; }
    total += 1;
    if (!limit || kept < limit) {
      docs.push(d);
      if (!skip || !skip.has(d)) { kept += 1; }
    }
  }
  return { docs: docs, total: total };
}

/* ---- typo alternatives -------------------------------------------------------------- */

function homeShard(word) {
  var table = manifest.dictionary;
  var lo = 0, hi = table.length - 1, best = 0;
  while (lo <= hi) {
    var mid = (lo + hi) >> 1;
    if (table[mid][0] <= word) { best = mid; lo = mid + 1; } else { hi = mid - 1; }
  }
  return best;
}

/*
 * For plain optional words with no or few hits: the dictionary words one edit away with
 * many more, added to the query. Fills also: [[typed term, [alternative, ...]], ...].
 */
function alternatives(query, plans, also) {
  var candidates = plans.filter(function (plan) {
    var c = plan.clause;
    return c.presence === lunr.Query.presence.OPTIONAL && !("editDistance" in c) &&
      plan.term.term.indexOf("*") < 0 && plan.term.term.length >= 4;
  });
  return Promise.all(candidates.map(function (plan) {
    var word = plan.term.term;
    return index.dictionaryShard(homeShard(word)).then(function (shard) {
      var own = shard.byTerm.get(word);
      var df = own ? own.df : 0;
      if (df >= RARE) { return []; }
      var fuzzy = lunr.TokenSet.fromFuzzyString(word, 1);
      var tokens = shard.tokenSet || (shard.tokenSet = lunr.TokenSet.fromArray(shard.terms.slice().sort()));
      var found = tokens.intersect(fuzzy).toArray().filter(function (t) {
        var e = shard.byTerm.get(t);
        return t !== word && e && e.df >= Math.max(1, ALTERNATIVE_FACTOR * df);
      });
      found.sort(function (a, b) { return shard.byTerm.get(b).df - shard.byTerm.get(a).df || (a < b ? -1 : 1); });
      found = found.slice(0, ALTERNATIVES);
      if (found.length) {
        also.push([word, found]);
        plan.alternatives = found;
        found.forEach(function (t) {
          query.clause({ term: t, fields: plan.clause.fields, boost: plan.clause.boost,
            usePipeline: false, presence: lunr.Query.presence.OPTIONAL });
        });
      }
      return found;
    });
  })).then(function (lists) {
    return [].concat.apply([], lists);
  });
}

/* ---- phrases ------------------------------------------------------------------------ */

/* [[term, offset], ...] of a phrase's words (stop words keep their place but no term). */
function phraseTerms(words) {
  var out = [];
  var ordinal = 0;
  words.forEach(function (word) {
    lunr.tokenizer(word).forEach(function (token) {
      var t = lunr.nlDigits.tokens(token.toString());
      if (t.length) { out.push([t[0], ordinal]); }
      ordinal += 1;
    });
  });
  return out;
}

/* Promise of test(doc) -> bool: every phrase stands, word after word, in one field. */
function phraseTest(phrases) {
  var lists = phrases.map(phraseTerms).filter(function (l) { return l.length > 1; });
  if (!lists.length) { return Promise.resolve(null); }
  var terms = [];
  lists.forEach(function (l) { l.forEach(function (p) { if (terms.indexOf(p[0]) < 0) { terms.push(p[0]); } }); });
  return index.postings(terms).then(function (postings) {
    return index.postings(terms, "positions").then(function (positions) {
      // term -> field -> doc -> [positions]
      var where = {};
      terms.forEach(function (t) {
        var p = postings.get(t), q = positions.get(t);
        where[t] = {};
        if (!p || !q) { return; }
        q.forEach(function (field) {
          var docs = p.fields.filter(function (f) { return f[0] === field[0]; })[0][1];
          var map = new Map();
          var lists = field[1];
          for (var i = 0; i < docs.length; i++) {
            var at = [], pos = 0;
            for (var k = 0; k < lists[i].length; k++) { pos = k ? pos + lists[i][k] : lists[i][0]; at.push(pos); }
            map.set(docs[i], at);
          }
          where[t][field[0]] = map;
        });
      });
      return function (doc) {
        return lists.every(function (list) {
          var head = where[list[0][0]];
          return Object.keys(head).some(function (field) {
            var starts = head[field].get(doc);
            if (!starts) { return false; }
            return starts.some(function (p) {
              return list.every(function (item) {
                var map = where[item[0]][field];
                var at = map && map.get(doc);
                return at && at.indexOf(p + item[1] - list[0][1]) >= 0;
              });
            });
          });
        });
      };
    });
  });
}

/* ---- result lines ------------------------------------------------------------------- */

/*
 * Split text into lunr's tokens (runs of anything but whitespace and hyphens, as
 * lunr.tokenizer does) and mark the ones whose index term matched (or, for a compound
 * part that matched, the words that hold it); return [[text, marked], ...] around the best
 * window, or the whole text when whole is true.
 */
function highlight(text, matched, parts, whole) {
  var parts_ = text.split(/([\s\-]+)/);
  var hits = [];
  var isHit = new Set();
  for (var i = 0; i < parts_.length; i += 2) {
    var word = parts_[i];
    if (!word) { continue; }
    var t = term(word);
    var hit = matched.has(t);
    if (!hit && parts.length) {
      var lower = word.toLowerCase();
      hit = parts.some(function (p) { return lower.indexOf(p) >= 0; });
    }
    if (hit) { hits.push(i); isHit.add(i); }
  }
  var start = 0, end = parts_.length;
  if (!whole) {
    var span = SNIPPET_WORDS * 2;
    if (hits.length) {
      var best = 0, bestCount = 0;
      for (var h = 0; h < hits.length; h++) {
        var count = 0;
        while (h + count < hits.length && hits[h + count] < hits[h] + span) { count++; }
        if (count > bestCount) { best = hits[h]; bestCount = count; }
      }
      start = Math.max(0, best - 16);
    }
    end = Math.min(parts_.length, start + span);
  }
  var out = [];
  if (start > 0) { out.push(["… ", false]); }
  var plain = "";
  for (var j = start; j < end; j++) {
    var part = parts_[j];
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
  if (end < parts_.length) { plain += " …"; }
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

function describe(stored, match, text) {
  var pair = stored.pair;
  var letter = stored.letter;
  text = text || ["", "", ""];  // a browser that cannot inflate the texts: no snippets
  var texts = { question: text[0], answer: text[1], footnotes: text[2] };
  var matched = new Set();
  var fields = new Set();
  var parts = [];
  if (match) {
    Object.keys(match.matchData.metadata).forEach(function (t) {
      matched.add(t);
      Object.keys(match.matchData.metadata[t]).forEach(function (f) {
        fields.add(f);
        if (f === "parts" && t.length >= 4) { parts.push(t); }
      });
    });
  }
  // The snippet comes from the text that matched: the answer first, as readers look for it.
  var source = ["answer", "question", "footnotes"].filter(function (f) {
    return (fields.has(f) || fields.has("parts")) && texts[f];
  })[0] || (texts.answer ? "answer" : "question");
  var question = highlight(firstLine(text[0]), matched, parts, true);
  var snippet = highlight(texts[source] || "", matched, parts, false);
  if (source === "question" && question.some(function (s) { return s[1]; })) {
    snippet = [];  // the question's first line already shows the match
  }
  return {
    ref: "brief/" + letter[0] + "/" + pair[1] + "/",
    id: letter[0],
    subject: letter[1],
    date: formatDate(letter[2]),
    ministry: (letter[3] || []).join(", "),
    label: pair[2],
    question: question,
    snippetField: source,
    snippet: snippet,
  };
}

/* The alternatives as the texts shown spell them ("stikstof", not the stem), else the term. */
function spelled(also, texts) {
  var words = new Map();
  texts.forEach(function (t) {
    (t || []).slice(0, 2).forEach(function (text) {
      (text || "").split(/[\s\-]+/).forEach(function (w) {
        var t = term(w);
        if (t && !words.has(t)) { words.set(t, w.replace(/^[^0-9\p{L}]+|[^0-9\p{L}]+$/gu, "").toLowerCase()); }
      });
    });
  });
  var out = [];
  also.forEach(function (pair) {
    pair[1].forEach(function (t) { var w = words.get(t) || t; if (out.indexOf(w) < 0) { out.push(w); } });
  });
  return out;
}

/* ---- searching ---------------------------------------------------------------------- */

function run(msg) {
  var started = now();
  var q = (msg.q || "").trim();
  var filters = msg.filters || {};
  var limit = msg.limit || 10;
  var hasFilter = !!(filters.jaar || filters.ministerie || filters.partij);
  if (!q && !hasFilter) {
    return Promise.resolve({ total: 0, results: [], lunrMs: 0 });
  }
  return filterTest(filters).then(function (test) {
    if (!q) {
      // Filters without words: every pair that passes, newest first.
      var listed = filteredDocuments(filters, test, limit);
      return withTexts(listed.docs).then(function (got) {
        return {
          total: listed.total, lunrMs: 0,
          results: listed.docs.map(function (d) {
            return describe(got.stored.get(d), null, got.texts.get(d));
          }),
        };
      });
    }
    var parsed = KamervragenQuery.extractPhrases(KamervragenQuery.normalizeNumbers(q),
      function (word) { return lunr.nlDigits.tokens(word).length > 0; });
    var queryString = KamervragenQuery.rewriteFields(parsed.query, aliases);
    var also = [];
    var lunrStarted;
    return index.search(queryString, {
      extend: function (query, plans) { return alternatives(query, plans, also); },
      universe: function (postings) {
        var prohibited = new Set();
        postings.forEach(function (p) { p.fields.forEach(function (f) { f[1].forEach(function (d) { prohibited.add(d); }); }); });
        return Promise.resolve(filteredDocuments(filters, test, limit, prohibited).docs);
      },
    }).then(function (found) {
      lunrStarted = now();
      return phraseTest(parsed.phrases).then(function (phraseOk) {
        var hits = found.results.filter(function (r) {
          var d = +r.ref.slice(1);
          return (!test || test(d)) && (!phraseOk || phraseOk(d));
        });
        var total = hits.length;
        if (found.query.isNegated()) {
          total = negatedTotal(found, filters, test);
        }
        hits = allWordsFirst(hits, found.plans);
        var top = hits.slice(0, limit);
        var numbers = top.map(function (r) { return +r.ref.slice(1); });
        return withTexts(numbers).then(function (got) {
          var texts = numbers.map(function (d) { return got.texts.get(d); });
          return {
            total: total, lunrMs: now() - lunrStarted,
            results: top.map(function (r, i) {
              return describe(got.stored.get(numbers[i]), r, texts[i]);
            }),
            also: also.length ? spelled(also, texts) : [],
          };
        });
      });
    });
  });
}

/* Result lines and texts of these documents: {stored: Map, texts: Map}. */
function withTexts(numbers) {
  return index.documents(numbers).then(function (stored) {
    var texts = typeof DecompressionStream === "function"
      ? index.texts(numbers, stored).catch(function () { return new Map(); })
      : Promise.resolve(new Map());  // an old browser: result lines without snippets
    return texts.then(function (t) { return { stored: stored, texts: t }; });
  });
}

/* A query of prohibited words only: every document (passing the filters) but theirs. */
function negatedTotal(found, filters, test) {
  var prohibited = new Set();
  found.plans.forEach(function (plan) {
    plan.expanded.forEach(function (t) {
      var p = found.postings.get(t);
      if (!p) { return; }
      p.fields.forEach(function (f) {
        if (plan.clause.fields.indexOf(index.fields[f[0]]) < 0) { return; }
        f[1].forEach(function (d) { prohibited.add(d); });
      });
    });
  });
  var all = filteredDocuments(filters, test, 0);
  var out = all.total;
  prohibited.forEach(function (d) { if (!test || test(d)) { out -= 1; } });
  return out;
}

/* Pairs that hold every (not prohibited) word of the query first; lunr's order otherwise. */
function allWordsFirst(hits, plans) {
  var groups = [];
  plans.forEach(function (plan) {
    if (plan.clause.presence === lunr.Query.presence.PROHIBITED) { return; }
    var terms = new Set(plan.expanded.concat(plan.alternatives || []));
    groups.push(terms);
  });
  if (groups.length < 2) { return hits; }
  var keyed = hits.map(function (r, i) {
    var have = Object.keys(r.matchData.metadata);
    var count = 0;
    groups.forEach(function (g) {
      if (have.some(function (t) { return g.has(t); })) { count += 1; }
    });
    return { r: r, count: count, i: i };
  });
  keyed.sort(function (a, b) { return (b.count - a.count) || (a.i - b.i); });
  return keyed.map(function (k) { return k.r; });
}

var latest = 0;

function search(msg) {
  var started = now();
  latest = msg.seq;
  queue = queue.then(function () {
    if (msg.seq !== latest) { return null; }  // typed over before it started
    return run(msg).then(function (answer) {
      var got = fetchedSince();
      self.postMessage({
        type: "results", seq: msg.seq, total: answer.total, results: answer.results,
        error: null, note: answer.total === 0 && onlyStopWords(msg.q) ? "stopwords" : null,
        also: answer.also || [], ms: now() - started, lunrMs: answer.lunrMs,
        bytes: got.bytes, files: got.files, byKind: got.byKind,
      });
    }, function (e) {
      var message;
      if (e instanceof lunr.QueryParseError) { message = e.message; }
      else if (e && e.tooMany) { message = "het begin van een woord met * is te kort (" + e.message + ")"; }
      else { throw e; }
      fetchedSince();
      self.postMessage({
        type: "results", seq: msg.seq, total: 0, results: [], error: message, note: null,
        also: [], ms: now() - started, lunrMs: 0, bytes: 0, files: 0,
      });
    }).catch(function (e) {
      self.postMessage({ type: "failed", message: String(e && e.message || e) });
    });
  });
}

function onlyStopWords(q) {
  var words = (q || "").replace(/[+\-*~^:"“”„]/g, " ");
  return !!words.trim() && lunr.nlDigits.tokens(words).length === 0;
}

self.onmessage = function (event) {
  var msg = event.data;
  if (msg.type === "load") { load(msg.manifest); }
  else if (msg.type === "search") { search(msg); }
};
