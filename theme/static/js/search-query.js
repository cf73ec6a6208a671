/*
 * Kamervragen Archief: what a reader types, made into a lunr query. Pure functions, no lunr;
 * loaded by the search worker and by the node tests.
 *
 * - normalizeNumbers: parliamentary numbers as printed become the words the index holds for
 *   them (plugins/kamervragen_search/numbers.py makes the same words at index time):
 *   "Kamerstuk 35 925" and "35 925" -> "35925"; "kst-35925-12", "35925-12" and "35 925,
 *   nr. 12" -> "kst35925n12"; "nr. 2726" -> "2726".
 * - extractPhrases: "vrije nomaden" in quotes -> the words as required terms, and the phrase
 *   kept aside so that the worker can check the words stand in this order.
 * - rewriteFields: the Dutch field names (vraag:, antwoord:, ...) -> the index's own.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.KamervragenQuery = factory();
  }
})(this, function () {
  "use strict";

  var DOSSIER = "(?<![\\d.,])(\\d{2}) ?(\\d{3})(?![\\d.,]\\d)";
  var KAMERSTUK = new RegExp(
    "(?:\\bkst-)?" + DOSSIER + "(?:-(\\d{2})|[ -]([IVXLC]{1,6}|[A-Z])\\b)?" +
    "(?:,? ?(?:nr\\.?|nummer) ?|-)(\\d{1,4})\\b", "gi");
  var GROUPED = /(?<![\d.,])(\d{1,3}) (\d{3})(?![\d.,]*\d)/g;
  // "Kamerstuk", "Kamerstukken II 2023/24," and "kst" before a number say only what it is.
  var KAMERSTUK_WORDS = /\b(?:kamerstuk(?:ken)?|kst)\b(?:\s+(?:I{1,2}|EK|TK)\b)?(?:\s+\d{4}\s*[/–-]\s*\d{2,4})?,?\s*(?=\d|kst\d)/gi;
  var NUMBER_WORD = /\b(?:nr|nummer|no)\.?\s*(?=\d)/gi;

  function kamerstukWord(dossier, part, number) {
    return "kst" + dossier + (part || "").toLowerCase() + "n" + parseInt(number, 10);
  }

  function normalizeNumbers(q) {
    var out = q.replace(KAMERSTUK, function (m, d1, d2, sub, roman, nr) {
      return kamerstukWord(d1 + d2, sub || roman, nr);
    });
    out = out.replace(GROUPED, "$1$2");
    out = out.replace(KAMERSTUK_WORDS, "");
    out = out.replace(NUMBER_WORD, "");
    return out;
  }

  /*
   * -> {query: q with each phrase's words as required terms, phrases: [[word, ...], ...]}.
   * searchable(word): false for words the index leaves out (stop words): they keep their
   * place in the phrase but are not required (lunr finds nothing for a required stop word).
   */
  function extractPhrases(q, searchable) {
    var phrases = [];
    var rest = q.replace(/["“”„]([^"“”„]*)["“”„]?/g, function (m, inner) {
      var words = inner.split(/[\s\-]+/).map(function (w) {
        return w.replace(/[+*~^:]/g, "");
      }).filter(Boolean);
      if (!words.length) { return " "; }
      if (words.length > 1) { phrases.push(words); }
      var required = words.filter(function (w) { return !searchable || searchable(w); });
      return " " + required.map(function (w) { return "+" + w; }).join(" ") + " ";
    });
    return { query: rest, phrases: phrases };
  }

  var FIELD_PREFIX = /(^|[\s+\-])([^\s:+\-~^*]+):/g;

  function rewriteFields(q, aliases) {
    return q.replace(FIELD_PREFIX, function (match, before, name) {
      var field = aliases[name.toLowerCase()];
      return field ? before + field + ":" : match;
    });
  }

  return {
    normalizeNumbers: normalizeNumbers,
    extractPhrases: extractPhrases,
    rewriteFields: rewriteFields,
    kamerstukWord: kamerstukWord,
  };
});
