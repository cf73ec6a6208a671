/*
 * Kamervragen Archief: the sharded search index (plugins/kamervragen_search/sharded.py),
 * loaded piece by piece and queried by lunr.js itself.
 *
 * For a query it fetches the dictionary shards its terms can be in, expands the terms there
 * (exact, wildcard and fuzzy terms, with lunr's own TokenSet), fetches the postings of the
 * terms found, and builds a lunr.Index of just those terms: their postings, and for every
 * document they occur in a field vector of just those terms, weighted with lunr.Builder's
 * own BM25 arithmetic from the stored term frequencies and field lengths. lunr's score is a
 * sum over the query's terms, so this small index gives the results, order and scores of the
 * whole index (a node test holds it to that: tests/search/test_sharded_equivalence.py).
 *
 * Documents are refs "d<position>" in here (the document's place in date order, oldest
 * first); documents(positions) gives their stored text. The posting files hold another
 * number per document, its day and its place in the day (numbering.py), which a letter
 * added on another day does not change: decodeField turns those into positions.
 * Works in a Web Worker and in node (tests): give it a fetchJson(name) returning a promise.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory;
  } else {
    root.KamervragenIndex = factory(root.lunr);
  }
})(this, function (lunr) {
  "use strict";

  /*
   * fetchJson(name) -> promise of the parsed file; fetchBytes(name, start, end) -> promise of
   * a Uint8Array of those bytes (end exclusive), for the text packs.
   */
  function ShardedIndex(manifest, fetchJson, fetchBytes) {
    this.manifest = manifest;
    this.fetchJson = fetchJson;
    this.fetchBytes = fetchBytes;
    this.fields = manifest.fields.map(function (f) { return f[0]; });
    this.boosts = manifest.fields.map(function (f) { return f[1]; });
    this.pipeline = lunr.Pipeline.load(manifest.pipeline);
    this.count = manifest.documents;
    this.average = manifest.fieldLength.map(function (total) {
      return total / manifest.documents;
    });
    this.dictionary = manifest.dictionary;  // [[first term, last term, name], ...]
    // A document's number is day * perDay + its place in the day; its position is the
    // day's first position + that place. days: the first day, then per day its documents
    // (-k: k days without any).
    this.perDay = manifest.numbers.perDay;
    this.dayStart = new Map();
    var days = manifest.numbers.days;
    var day = days[0], at = 0;
    for (var i = 1; i < days.length; i++) {
      if (days[i] < 0) { day -= days[i]; continue; }
      this.dayStart.set(day, at);
      at += days[i];
      day += 1;
    }
    this.cache = new Map();  // name -> promise of parsed file
    this.maxTerms = 5000;  // a wildcard that expands further is refused
  }

  ShardedIndex.prototype.load = function (name) {
    var cached = this.cache.get(name);
    if (!cached) {
      cached = this.fetchJson(name);
      this.cache.set(name, cached);
      var cache = this.cache;
      cached.catch(function () { cache.delete(name); });
    }
    return cached;
  };

  /* lunr's clauses for a query string, as lunr will parse it (throws lunr.QueryParseError). */
  ShardedIndex.prototype.parse = function (queryString) {
    var query = new lunr.Query(this.fields);
    new lunr.QueryParser(queryString, query).parse();
    return query;
  };

  /* The terms one clause asks for: [{term, editDistance, wildcard}], after the pipeline. */
  ShardedIndex.prototype.clauseTerms = function (clause) {
    var terms = clause.usePipeline
      ? this.pipeline.runString(clause.term, { fields: clause.fields })
      : [clause.term];
    return terms.map(function (term) {
      var copy = { term: term };
      if ("editDistance" in clause) { copy.editDistance = clause.editDistance; }
      return copy;
    });
  };

  function commonPrefix(a, b) {
    var i = 0;
    while (i < a.length && i < b.length && a.charAt(i) === b.charAt(i)) { i++; }
    return a.slice(0, i);
  }

  /*
   * Smallest optimal-string-alignment distance between p and any prefix of q: a term that
   * starts with p and lies within d edits of q has this <= d for p or for p less its last
   * letter (a transposition may straddle the end of p).
   */
  function prefixDistance(p, q) {
    var rows = [];
    var prev = [];
    for (var j = 0; j <= q.length; j++) { prev.push(j); }
    rows.push(prev);
    var best = Math.min.apply(null, prev);
    for (var i = 1; i <= p.length; i++) {
      var row = [i];
      for (var k = 1; k <= q.length; k++) {
        var cost = p.charAt(i - 1) === q.charAt(k - 1) ? 0 : 1;
        var v = Math.min(prev[k] + 1, row[k - 1] + 1, prev[k - 1] + cost);
        if (i > 1 && k > 1 && p.charAt(i - 1) === q.charAt(k - 2) &&
            p.charAt(i - 2) === q.charAt(k - 1)) {
          v = Math.min(v, rows[i - 2][k - 2] + 1);
        }
        row.push(v);
      }
      rows.push(row);
      prev = row;
      best = Math.min.apply(null, row);
    }
    return best;
  }

  /* Indexes of the dictionary shards that can hold a term matching t. */
  ShardedIndex.prototype.shardsFor = function (t) {
    var table = this.dictionary;
    var term = t.term;
    var star = term.indexOf("*");
    var found = [];
    var i;
    if (t.editDistance) {
      var plain = term.replace(/\*/g, "");
      for (i = 0; i < table.length; i++) {
        var p = commonPrefix(table[i][0], table[i][1]);
        if (star >= 0 || prefixDistance(p, plain) <= t.editDistance ||
            prefixDistance(p.slice(0, -1), plain) <= t.editDistance) {
          found.push(i);
        }
      }
      return found;
    }
    if (star < 0) {
      // One term: the one shard whose range holds it.
      var lo = 0, hi = table.length - 1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (term < table[mid][0]) { hi = mid - 1; }
        else if (term > table[mid][1]) { lo = mid + 1; }
        else { return [mid]; }
      }
      return [];
    }
    var prefix = term.slice(0, star);
    var end = prefix + "\uffff";
    for (i = 0; i < table.length; i++) {
      if (table[i][1] >= prefix && table[i][0] <= end) { found.push(i); }
    }
    return found;
  };

  /* A dictionary shard, parsed: terms, df, and where each term's postings are. */
  ShardedIndex.prototype.dictionaryShard = function (i) {
    return this.load(this.dictionary[i][2]).then(function (shard) {
      if (!shard.byTerm) {
        shard.byTerm = new Map();
        var at = 0;
        for (var k = 0; k < shard.terms.length; k++) {
          at += shard.at[k];
          // A split term (its pieces in posting files of their own, maybe just one piece)
          // keeps its positions beside each piece.
          var split = Object.prototype.hasOwnProperty.call(shard.split, k);
          var parts = split ? shard.split[k] : 1;
          var own = shard.shards.slice(at, at + parts);
          shard.byTerm.set(shard.terms[k], {
            df: shard.df[k],
            postings: own.map(function (pair) { return pair[0]; }),
            // Positions: a split term's pieces have their own files; the other terms
            // share the dictionary shard's.
            positions: split
              ? own.map(function (pair) { return pair[1]; }) : [shard.positions],
          });
        }
        shard.tokenSet = null;
        shard.index = i;
      }
      return shard;
    });
  };

  function tokenSetOf(shard) {
    if (!shard.tokenSet) {
      shard.tokenSet = lunr.TokenSet.fromArray(shard.terms.slice().sort());
    }
    return shard.tokenSet;
  }

  /*
   * Expand a clause term on the dictionary shards that can hold its matches: [term, ...]
   * in any order (lunr expands again, on the index built from them).
   */
  ShardedIndex.prototype.expand = function (t) {
    var self = this;
    return Promise.all(this.shardsFor(t).map(function (i) {
      return self.dictionaryShard(i);
    })).then(function (shards) {
      if (t.term.indexOf("*") < 0 && !t.editDistance) {
        return shards.filter(function (s) { return s.byTerm.has(t.term); })
          .map(function () { return t.term; });
      }
      var pattern = lunr.TokenSet.fromClause(t);
      var out = [];
      shards.forEach(function (shard) {
        out.push.apply(out, tokenSetOf(shard).intersect(pattern).toArray());
      });
      return out;
    }).then(function (terms) {
      return { terms: terms, shards: null };
    });
  };

  /* Dictionary entry ({df, shards}) of a term, from its (already loaded) dictionary shard. */
  ShardedIndex.prototype.entry = function (term) {
    var found = this.shardsFor({ term: term });
    if (!found.length) { return Promise.resolve(null); }
    return this.dictionaryShard(found[0]).then(function (shard) {
      return shard.byTerm.get(term) || null;
    });
  };

  /* Postings of the given terms: Map term -> {first, fields: [[field, docs, tfs, lengths]]}. */
  ShardedIndex.prototype.postings = function (terms, kind) {
    var self = this;
    var column = kind === "positions" ? "positions" : "postings";
    return Promise.all(terms.map(function (term) { return self.entry(term); }))
      .then(function (entries) {
        var names = [];
        var seen = new Set();
        entries.forEach(function (e) {
          if (!e) { return; }
          e[column].forEach(function (name) {
            if (!seen.has(name)) { seen.add(name); names.push(name); }
          });
        });
        var decode = function (f) { return decodeField(f, self.perDay, self.dayStart); };
        return Promise.all(names.map(function (name) { return self.load(name); }))
          .then(function (files) {
            var wanted = new Set(terms);
            var out = new Map();
            files.forEach(function (fragments) {
              fragments.forEach(function (fragment) {
                var term = fragment[0];
                if (!wanted.has(term)) { return; }
                var have = out.get(term);
                if (kind === "positions") {
                  if (!have) { out.set(term, fragment[1].map(copyField)); }
                  else { appendFields(have, fragment[1], 1); }
                } else {
                  if (!have) {
                    out.set(term, { first: fragment[1], fields: fragment[2].map(decode) });
                  } else {
                    appendFields(have.fields, fragment[2].map(decode), 3);
                  }
                }
              });
            });
            return out;
          });
      });
  };

  function copyField(f) { return [f[0], f[1].slice()]; }

  /*
   * [field, number differences, tfs, lengths] -> [field, positions, tfs, lengths]. Numbers
   * come highest first, so a day's first position is looked up once per day.
   */
  function decodeField(f, perDay, dayStart) {
    var docs = new Array(f[1].length);
    var number = 0, day = -1, start = 0;
    for (var i = 0; i < f[1].length; i++) {
      number = i === 0 ? f[1][0] : number - f[1][i];
      var d = Math.floor(number / perDay);
      if (d !== day) { day = d; start = dayStart.get(d); }
      docs[i] = start + (number - d * perDay);
    }
    var tfs = f[2].length ? f[2] : null;
    return [f[0], docs, tfs, f[3]];
  }

  /* Parts of a term split over several shards arrive in order: append field by field. */
  function appendFields(have, more, columns) {
    more.forEach(function (f) {
      var target = null;
      for (var i = 0; i < have.length; i++) { if (have[i][0] === f[0]) { target = have[i]; } }
      if (!target) {
        have.push(f);
        have.sort(function (a, b) { return a[0] - b[0]; });
        return;
      }
      if (columns === 3 && (target[2] || f[2])) {
        // Term frequencies: null stands for all ones.
        var ones = function (docs) { return docs.map(function () { return 1; }); };
        target[2] = (target[2] || ones(target[1])).concat(f[2] || ones(f[1]));
      }
      target[1] = target[1].concat(f[1]);
      if (columns === 3) { target[3] = target[3].concat(f[3]); }
    });
  }

  /*
   * A lunr.Index over these terms' postings: the whole index's postings and weights for
   * them, and field vectors holding just them. extraDocs: documents (numbers, in lunr's
   * order) that get empty field vectors too, for queries of prohibited terms only.
   */
  ShardedIndex.prototype.buildIndex = function (postings, extraDocs) {
    var fields = this.fields;
    var n = this.count;
    var k1 = this.manifest.k1, b = this.manifest.b;
    var terms = Array.from(postings.keys());
    // lunr numbers terms in the order its builder first met them: that order, by the stored
    // first occurrence (newest document first, then field, then place in the field).
    terms.sort(function (x, y) {
      var a = postings.get(x).first, c = postings.get(y).first;
      return (c[0] - a[0]) || (a[1] - c[1]) || (a[2] - c[2]);
    });
    var invertedIndex = Object.create(null);
    var vectors = new Map();  // "field/ref" -> [[index, weight], ...]
    for (var t = 0; t < terms.length; t++) {
      var term = terms[t];
      var p = postings.get(term);
      var posting = { _index: t };
      var df = 0;
      for (var f = 0; f < fields.length; f++) { posting[fields[f]] = {}; }
      p.fields.forEach(function (field) { df += field[1].length; });
      var x = (n - df + 0.5) / (df + 0.5);
      var idf = Math.log(1 + Math.abs(x));
      for (var g = 0; g < p.fields.length; g++) {
        var field = p.fields[g];
        var name = fields[field[0]];
        var boost = this.boosts[field[0]] || 1;
        var average = this.average[field[0]];
        var target = posting[name];
        var docs = field[1], tfs = field[2], lengths = field[3];
        for (var i = 0; i < docs.length; i++) {
          var ref = "d" + docs[i];
          target[ref] = {};
          var tf = tfs ? tfs[i] : 1;
          // lunr.Builder.prototype.createFieldVectors, operation for operation.
          var score = idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (lengths[i] / average)) + tf);
          score *= boost;
          score *= 1;
          var weight = Math.round(score * 1000) / 1000;
          var key = name + "/" + ref;
          var vector = vectors.get(key);
          if (!vector) { vector = []; vectors.set(key, vector); }
          vector.push(t, weight);
        }
      }
      invertedIndex[term] = posting;
    }
    // Terms were added in index order, so each vector is sorted already. The documents of
    // extraDocs come first, each with all its fields, as lunr's builder lists them.
    var fieldVectors = Object.create(null);
    (extraDocs || []).forEach(function (doc) {
      fields.forEach(function (name) {
        var key = name + "/d" + doc;
        fieldVectors[key] = new lunr.Vector(vectors.get(key) || []);
      });
    });
    vectors.forEach(function (elements, key) {
      if (!(key in fieldVectors)) { fieldVectors[key] = new lunr.Vector(elements); }
    });
    return new lunr.Index({
      invertedIndex: invertedIndex,
      fieldVectors: fieldVectors,
      tokenSet: lunr.TokenSet.fromArray(terms.slice().sort()),
      fields: fields,
      pipeline: this.pipeline,
    });
  };

  /*
   * Everything a query needs, loaded: {clauses: [{clause, terms: [expanded]}], postings}.
   * extraTerms: more terms to load (typo alternatives).
   */
  ShardedIndex.prototype.prepare = function (query) {
    var self = this;
    var plans = [];
    query.clauses.forEach(function (clause) {
      self.clauseTerms(clause).forEach(function (t) {
        plans.push({ clause: clause, term: t });
      });
    });
    return Promise.all(plans.map(function (plan) { return self.expand(plan.term); }))
      .then(function (expansions) {
        var all = new Set();
        plans.forEach(function (plan, i) {
          plan.expanded = expansions[i].terms;
          plan.expanded.forEach(function (term) { all.add(term); });
        });
        if (all.size > self.maxTerms) {
          var error = new Error("te veel woorden (" + all.size + ")");
          error.tooMany = true;
          throw error;
        }
        return { plans: plans, terms: Array.from(all) };
      });
  };

  /* Term -> dictionary entry for terms (already loaded dictionary shards). */
  ShardedIndex.prototype.entries = function (terms) {
    var self = this;
    return Promise.all(terms.map(function (t) { return self.entry(t); }));
  };

  /*
   * Run a lunr query string: resolves to {results (lunr's), index, plans, query}.
   * options.universe(limit): for a query of prohibited terms only, a promise of document
   * numbers in lunr's order (newest first) to consider; lunr's results for such a query are
   * all documents but the prohibited, with score 0.
   * options.extend(query, plans): may add clauses (after loading, before searching).
   */
  ShardedIndex.prototype.search = function (queryString, options) {
    options = options || {};
    var self = this;
    var query = this.parse(queryString);
    return this.prepare(query).then(function (prepared) {
      var more = options.extend ? options.extend(query, prepared.plans) : null;
      return Promise.resolve(more).then(function (extraTerms) {
        var terms = prepared.terms.concat((extraTerms || []).filter(function (t) {
          return prepared.terms.indexOf(t) < 0;
        }));
        return self.postings(terms).then(function (postings) {
          var negated = query.isNegated();
          var universe = negated && options.universe
            ? options.universe(postings, prepared.plans)
            : Promise.resolve(negated ? self.allDocuments() : null);
          return universe.then(function (docs) {
            var index = self.buildIndex(postings, docs);
            var results = index.query(function (q) {
              q.clauses = query.clauses.map(function (c) {
                var copy = {};
                Object.keys(c).forEach(function (k) { copy[k] = c[k]; });
                return copy;
              });
            });
            return { results: results, index: index, plans: prepared.plans, query: query,
              postings: postings };
          });
        });
      });
    });
  };

  /* Every document, newest first (only for small indexes: tests, and negated queries). */
  ShardedIndex.prototype.allDocuments = function () {
    var docs = [];
    for (var d = this.count - 1; d >= 0; d--) { docs.push(d); }
    return docs;
  };

  /*
   * Texts of these document numbers (they must have been through documents()): Map number
   * -> [question, answer, footnotes]. Neighbours in a pack are fetched in one range.
   */
  ShardedIndex.prototype.texts = function (numbers, stored) {
    var self = this;
    var byPack = new Map();
    var known = this.textCache || (this.textCache = new Map());
    var out = new Map();
    numbers.forEach(function (d) {
      if (known.has(d)) { out.set(d, known.get(d)); return; }
      var s = stored.get(d);
      var list = byPack.get(s.text) || [];
      list.push([d, s.pair[3], s.pair[4]]);
      byPack.set(s.text, list);
    });
    var jobs = [];
    if (known.size > 5000) { known.clear(); }
    byPack.forEach(function (list, pack) {
      list.sort(function (a, b) { return a[1] - b[1]; });
      // Runs of records lying next to each other (a letter's pairs) become one range.
      var runs = [];
      list.forEach(function (item) {
        var last = runs[runs.length - 1];
        if (last && item[1] <= last.end + 2048) {
          last.items.push(item);
          last.end = Math.max(last.end, item[1] + item[2]);
        } else {
          runs.push({ start: item[1], end: item[1] + item[2], items: [item] });
        }
      });
      runs.forEach(function (run) {
        jobs.push(self.fetchBytes(pack, run.start, run.end).then(function (bytes) {
          return Promise.all(run.items.map(function (item) {
            var slice = bytes.subarray(item[1] - run.start, item[1] - run.start + item[2]);
            return inflate(slice).then(function (text) {
              var value = JSON.parse(text);
              known.set(item[0], value);
              out.set(item[0], value);
            });
          }));
        }));
      });
    });
    return Promise.all(jobs).then(function () { return out; });
  };

  function inflate(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).text();
  }

  /* Index of the last of these ascending starts at or before d. */
  function lastAtOrBefore(starts, d) {
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= d) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }

  /* First position of each of these counts' groups, counting from first. */
  function startsOf(counts, first) {
    var out = [], at = first;
    counts.forEach(function (n) { out.push(at); at += n; });
    return out;
  }

  /*
   * Stored pairs of these document numbers: Map number -> {letter: [...], pair: [...]}.
   * The manifest lists the tables with their document counts, a table its blocks with theirs
   * (and their pack): a document's block is found by counting, not named by position.
   */
  ShardedIndex.prototype.documents = function (numbers) {
    var self = this;
    var tables = this.manifest.docs.tables;  // [[documents, name], ...]
    if (!this.tableStart) {
      this.tableStart = startsOf(tables.map(function (t) { return t[0]; }), 0);
    }
    var tableOf = function (d) { return lastAtOrBefore(self.tableStart, d); };
    var wanted = new Set(numbers.map(tableOf));
    var byTable = {};
    return Promise.all(Array.from(wanted).map(function (t) {
      return self.load(tables[t][1]).then(function (table) {
        if (!table.start) {
          table.start = startsOf(table.blocks.map(function (b) { return b[0]; }),
            self.tableStart[t]);
        }
        byTable[t] = table;
      });
    })).then(function () {
      var where = new Map();
      var names = new Set();
      numbers.forEach(function (d) {
        var table = byTable[tableOf(d)];
        var b = lastAtOrBefore(table.start, d);
        where.set(d, [table, b]);
        names.add(table.blocks[b][1]);
      });
      var byName = {};
      return Promise.all(Array.from(names).map(function (name) {
        return self.load(name).then(function (data) { byName[name] = data; });
      })).then(function () {
        var out = new Map();
        numbers.forEach(function (d) {
          var table = where.get(d)[0], b = where.get(d)[1], entry = table.blocks[b];
          var data = byName[entry[1]];
          var pair = data.pairs[d - table.start[b]];
          out.set(d, { letter: data.letters[pair[0]], pair: pair, text: table.packs[entry[2]] });
        });
        return out;
      });
    });
  };

  /* Documents of one filter value (a ministry or a party): a Set of numbers. */
  ShardedIndex.prototype.filterSet = function (kind, value) {
    var entry = (this.manifest.filters[kind] || []).filter(function (v) { return v[0] === value; })[0];
    if (!entry) { return Promise.resolve(new Set()); }
    return this.load(entry[2]).then(function (deltas) {
      if (!deltas.set) {
        var set = new Set();
        var doc = 0;
        for (var i = 0; i < deltas.length; i++) { doc += deltas[i]; set.add(doc); }
        deltas.set = set;
      }
      return deltas.set;
    });
  };

  ShardedIndex.prefixDistance = prefixDistance;
  return ShardedIndex;
});
